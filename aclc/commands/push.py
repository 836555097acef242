"""``aclc push``: install a compiled ACL on a switch, all or nothing.

See docs/push.md for the table layout (table 0 dispatch, banks 10-49 and
50-89), the transaction and the incremental-update argument.
"""

from __future__ import annotations

import asyncio
import math

import click

from ..errors import AclcError, CheckFailed
from ..profiles import DEFAULT_TARGET
from ..push.dpid import dpid_value
from .common import POLICY_OPTIONS, apply_options, compile_option_list, compile_options

DEFAULT_TIMEOUT = 60.0
# Lagopus retries a closed controller connection after 2, 4, 8, 16, 32 s, then every 60 s
# (docs/lagopus.md, fact 9): a listener must be able to wait one full 60 s period and then some.
LISTEN_TIMEOUT = 90.0
DS_TARGET = "lagopus"  # the profile of the switch behind a Lagopus datastore (the datastore is its API)
LAGOPUS_RETRIES = "2, 4, 8, 16, 32 s after a connection closes, then every 60 s"


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
    click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
                 callback=lambda ctx, param, value: _a_number(value),
                 help=f"Seconds to wait for the switch (connection, replies). Default: {LISTEN_TIMEOUT:g} with "
                      f"--listen (Lagopus retries a controller only every 60 s after a while), else "
                      f"{DEFAULT_TIMEOUT:g}."),
]

def resolve_timeout(timeout: float | None, listen: str | None) -> float:
    if timeout is not None:
        return timeout
    return LISTEN_TIMEOUT if listen else DEFAULT_TIMEOUT


def _a_number(seconds: float | None) -> float | None:
    if seconds is not None and math.isnan(seconds):  # FloatRange lets NaN through
        raise click.BadParameter("'nan' is not a number of seconds", param_hint="'--timeout'")
    return seconds


# The ACL and its compile options, as aclc compile takes them; the target is left to the switch's
# description when -t is not given, and push chooses the tables (no --table-base).
COMPILE_OPTIONS = [
    click.argument("acl_file", type=click.Path(dir_okay=False)),
    *POLICY_OPTIONS[1:],
    *compile_option_list(
        target_default=None, table_base=False,
        target_help=" Default: the profile that recognises the switch from its description (OFPMP_DESC), "
                    f"else {DEFAULT_TARGET} (as aclc compile); {DS_TARGET} with --lagopus-ds.",
        permit_help=" On a switch, goto_table:N needs N >= 90 (docs/push.md)."),
]


def parse_dpid(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return dpid_value(text)
    except ValueError as why:
        raise AclcError(f"--dpid: {text!r} {why}") from None


def target_chooser(policy, options, compile_for_base=None, said=None):
    """``choose(description) -> compile_for_base`` for install.push: -t when given, else the
    profile that recognises the switch, else the compile default. The line saying which and why
    is appended to ``said``; the command prints it on stderr once it has succeeded (an error
    stays the one line on stderr)."""
    from ..push import codec, layout
    from ..push.compat import choose_target
    from ..push.source import compiler_for

    def choose(description):
        choice = choose_target(options.target, description, DEFAULT_TARGET)
        if said is not None:
            said.append(choice.reason)
        compiled = compile_for_base or compiler_for(policy, options.for_target(choice.target))
        first = compiled(layout.bank_start(0))
        codec.refuse_extensions(first)  # conntrack and TCP flags: the ofctl output, not a push
        layout.check_fits(first, 0)
        return compiled

    return choose


def waiting_reporter(listen: str, dpid: int | None):
    """Lines on stderr while a push or stats listens for the switch: where, which dpid, how long
    so far, and why it can take a minute."""
    def waiting(seconds: float, others) -> None:
        which = f"the switch with dpid {dpid:#x}" if dpid is not None else "a switch (any dpid)"
        if seconds < 1:
            click.echo(f"waiting for {which} to connect to {listen}; Lagopus retries {LAGOPUS_RETRIES}, "
                       "so this can take up to a minute", err=True)
        else:
            extra = f" (connected but not wanted: {'; '.join(others)})" if others else ""
            click.echo(f"still waiting for {which} at {listen}: {seconds:.0f} s so far{extra}", err=True)
    return waiting


@click.command("push")
@apply_options(COMPILE_OPTIONS)
@apply_options(SWITCH_OPTIONS)
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

    timeout = resolve_timeout(timeout, listen)
    if lagopus_ds:
        if connect or listen:
            raise AclcError("--lagopus-ds pushes without OpenFlow: do not combine it with --connect/--listen")
        why = ("given with -t" + ("" if target == DS_TARGET else "; the switch behind the datastore is Lagopus")
               if target else "the switch behind a Lagopus datastore is Lagopus")
        target = target or DS_TARGET
    options = compile_options(target, strategy, permit, priority_base, priority_max, max_flows)
    dpid_value = parse_dpid(dpid)
    policy, compile_for_base = load(acl_file, acl_name, definitions, options)
    # Bad input fails here, before any switch is touched: compiled (for bank 0) when the target
    # is known, else the options that do not depend on it are checked.
    from ..push import layout

    if compile_for_base is not None:
        layout.check_fits(compile_for_base(layout.bank_start(0)), 0)
    progress = progress_for_terminal(quiet)
    if lagopus_ds:
        from ..push.lagopus_ds import push_ds, read_installed_ds

        report = push_ds(lagopus_ds, bridge, compile_for_base, full=full, dry_run=dry_run,
                         timeout=timeout, allow_remote=allow_remote)
        click.echo(f"target {target}: {why}", err=True)
        click.echo(report.summary())
        if verify_after and not dry_run:
            installed = read_installed_ds(lagopus_ds, bridge, compile_for_base, timeout=timeout,
                                          allow_remote=allow_remote)
            _verify(policy, installed, acl_file)
        return
    from ..serve.locks import refuse_if_served

    refuse_if_served(dpid=dpid_value, address=connect)  # a running aclc serve holds it: do not fight
    said: list[str] = []
    choose = target_chooser(policy, options, compile_for_base, said)
    report, installed = asyncio.run(_push(connect, listen, dpid_value, allow_remote, cert, key, ca, timeout,
                                          choose, full, dry_run, verify_after, progress))
    for line in said:
        click.echo(line, err=True)
    click.echo(report.summary())
    if verify_after and not dry_run:
        _verify(policy, installed, acl_file)


def _verify(policy, installed, acl_file) -> None:
    from ..push.check import verify_installed

    result = verify_installed(policy, installed)
    if not result.ok:
        raise CheckFailed("the flows on the switch do not decide like the ACL", detail=result.detail)
    click.echo(f"verified: the switch decides every packet like {acl_file} ({result.method})")


async def _push(connect, listen, dpid, allow_remote, cert, key, ca, timeout, choose, full, dry_run,
                verify_after, progress):
    from ..push.channel import open_switch
    from ..push.install import push, read_installed
    from ..serve.locks import refuse_if_served

    chan = await open_switch(connect, listen, dpid, allow_remote=allow_remote, cert=cert, key=key, ca=ca,
                             timeout=timeout, on_wait=waiting_reporter(listen, dpid) if listen else None)
    try:
        if chan.features is not None:  # --listen without --dpid: the dpid is known only now
            refuse_if_served(dpid=chan.features.dpid)
        chosen = []

        def choose_and_keep(description):
            chosen.append(choose(description))
            return chosen[-1]

        report = await push(chan, None, full=full, dry_run=dry_run, progress=progress,
                            timeout=max(timeout, 120), choose=choose_and_keep)
        installed = None
        if verify_after and not dry_run:
            installed = await read_installed(chan, chosen[-1], timeout=max(timeout, 120))
        return report, installed
    finally:
        await chan.close()
