"""``aclc push``: install a compiled ACL on a switch, all or nothing.

See docs/push.md for the table layout (table 0 dispatch, banks 10-49 and
50-89), the transaction and the incremental-update argument.
"""

from __future__ import annotations

import asyncio
import math
import re
import sys

import click

from ..errors import AclcError, CheckFailed

SWITCH_OPTIONS = [
    click.option("--connect", metavar="tcp:HOST:PORT",
                 help="Connect to a switch that listens (Open vSwitch ptcp:); ssl:HOST:PORT for TLS."),
    click.option("--listen", metavar="HOST:PORT",
                 help="Listen and wait for the switch to connect (Lagopus), e.g. 127.0.0.1:6653."),
    click.option("--dpid", metavar="DPID", help="The datapath id the switch must have (0x1, 1)."),
    click.option("--allow-remote", is_flag=True, help="Allow --listen on a non-loopback address."),
    click.option("--cert", type=click.Path(dir_okay=False), help="TLS: our certificate (PEM)."),
    click.option("--key", type=click.Path(dir_okay=False), help="TLS: our private key (PEM)."),
    click.option("--ca", type=click.Path(dir_okay=False), help="TLS: CA certificate the switch's is signed by."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                 callback=lambda ctx, param, value: _a_number(value),
                 help="Seconds to wait for the switch (connection, replies)."),
]

def _a_number(seconds: float) -> float:
    if math.isnan(seconds):  # FloatRange lets NaN through: every comparison with it is false
        raise click.BadParameter("'nan' is not a number of seconds", param_hint="'--timeout'")
    return seconds


COMPILE_OPTIONS = [
    click.argument("acl_file", type=click.Path(dir_okay=False)),
    click.option("--acl", "acl_name", metavar="NAME", help="Which ACL of the file (when it has several)."),
    click.option("-d", "--definitions", multiple=True, type=click.Path(dir_okay=False),
                 help="YAML naming definitions (repeatable)."),
    click.option("-t", "--target", type=click.Choice(["ovs", "lagopus", "of13"]), default=None,
                 help="Target profile: ovs, lagopus or of13. Default: ovs (unlike compile), lagopus with "
                      "--lagopus-ds; give -t lagopus for a Lagopus switch, which ignores masked ports."),
    click.option("-s", "--strategy", type=click.Choice(["single", "exact", "multi"]), default=None,
                 help="Range encoding (default: the profile's)."),
    click.option("--permit", metavar="CONTINUATION",
                 help="What permit does: NORMAL, output:PORT, CONTROLLER or goto_table:N (N >= 90)."),
    click.option("--priority-base", type=int, default=None, help="Lowest priority used (>= 1)."),
    click.option("--priority-max", type=int, default=None, help="Highest priority used."),
    click.option("--max-flows", type=int, default=None, help="Refuse a pipeline with more flows."),
]


def apply(options):
    def decorate(f):
        for option in reversed(options):
            f = option(f)
        return f
    return decorate


def parse_dpid(text: str | None) -> int | None:
    if text is None:
        return None
    # ASCII only: int() would also take '1_0' and other scripts' digits.
    if re.fullmatch(r"[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2})+", text):
        value = int("".join(f"{int(part, 16):02x}" for part in text.split(":")), 16)
    elif re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
        value = int(text, 16)
    elif re.fullmatch(r"[0-9]+", text):
        value = int(text)
    else:
        raise AclcError(f"--dpid: {text!r} is not a datapath id (0x1, 1 or 00:00:00:00:00:00:00:01)")
    if not 0 <= value < 1 << 64:
        raise AclcError(f"--dpid: {text!r} is out of range")
    return value


def compile_request(target, strategy, permit, priority_base, priority_max, max_flows):
    from ..push.source import CompileRequest

    return CompileRequest(target, strategy, permit, priority_base, priority_max, max_flows)


@click.command("push")
@apply(COMPILE_OPTIONS)
@apply(SWITCH_OPTIONS)
@click.option("--lagopus-ds", metavar="HOST:PORT",
              help="Push through the Lagopus datastore DSL (e.g. 127.0.0.1:12345) instead of OpenFlow.")
@click.option("--bridge", default="bridge01", show_default=True, help="Lagopus bridge name (--lagopus-ds).")
@click.option("--full", is_flag=True, help="Always swap banks (never an incremental update).")
@click.option("--dry-run", is_flag=True, help="Read the switch and show the plan; change nothing.")
@click.option("--verify", "verify_after", is_flag=True,
              help="Read the installed flows back and prove them equivalent to the ACL.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def command(acl_file, acl_name, definitions, target, strategy, permit, priority_base, priority_max,
            max_flows, connect, listen, dpid, allow_remote, cert, key, ca, timeout, lagopus_ds, bridge,
            full, dry_run, verify_after, quiet):
    """Install ACL_FILE on a switch, all or nothing.

    The new firewall goes into the bank of tables that is not live, is read back
    and compared, and only then does one flow mod in table 0 switch to it.
    """
    from ..push.progress import progress_for_terminal
    from ..push.source import load

    request = compile_request(target or ("lagopus" if lagopus_ds else "ovs"), strategy, permit, priority_base,
                              priority_max, max_flows)
    dpid_value = parse_dpid(dpid)
    policy, compile_for_base = load(acl_file, acl_name, definitions, request)
    # Compile (for bank 0) before touching any switch: bad input fails here, with nothing sent.
    from ..push import layout

    layout.check_fits(compile_for_base(layout.bank_start(0)), 0)
    progress = progress_for_terminal(quiet)
    if lagopus_ds:
        if connect or listen:
            raise AclcError("--lagopus-ds pushes without OpenFlow: do not combine it with --connect/--listen")
        from ..push.lagopus_ds import push_ds

        report = push_ds(lagopus_ds, bridge, compile_for_base, full=True, dry_run=dry_run,
                         timeout=timeout, allow_remote=allow_remote)
        click.echo(report.summary())
        return
    report, installed = asyncio.run(_push(connect, listen, dpid_value, allow_remote, cert, key, ca, timeout,
                                          compile_for_base, full, dry_run, verify_after, progress))
    click.echo(report.summary())
    if verify_after and not dry_run:
        from ..push.check import verify_installed

        result = verify_installed(policy, installed)
        if not result.ok:
            raise CheckFailed("the flows on the switch do not decide like the ACL", detail=result.detail)
        click.echo(f"verified: the switch decides every packet like {acl_file} ({result.method})")


async def _push(connect, listen, dpid, allow_remote, cert, key, ca, timeout, compile_for_base, full, dry_run,
                verify_after, progress):
    from ..push.channel import open_switch
    from ..push.install import push, read_installed

    def waiting():
        click.echo(f"waiting for the switch to connect to {listen} ...", err=True)

    chan = await open_switch(connect, listen, dpid, allow_remote=allow_remote, cert=cert, key=key, ca=ca,
                             timeout=timeout, on_wait=waiting)
    try:
        report = await push(chan, compile_for_base, full=full, dry_run=dry_run, progress=progress,
                            timeout=max(timeout, 120))
        installed = None
        if verify_after and not dry_run:
            installed = await read_installed(chan, compile_for_base, timeout=max(timeout, 120))
        return report, installed
    finally:
        await chan.close()
