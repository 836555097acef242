"""``aclc stats``: packet and byte counters per ACL line, read from the switch."""

from __future__ import annotations

import asyncio

import click

from .common import apply_options, compile_options
from .push import (
    COMPILE_OPTIONS, DS_TARGET, SWITCH_OPTIONS, parse_dpid, resolve_timeout, target_chooser, waiting_reporter,
)
from ..errors import AclcError


@click.command("stats")
@apply_options(COMPILE_OPTIONS)
@apply_options(SWITCH_OPTIONS)
@click.option("--lagopus-ds", metavar="HOST:PORT",
              help="Read the counters through the Lagopus datastore DSL (e.g. 127.0.0.1:12345) instead of OpenFlow.")
@click.option("--bridge", default="bridge01", show_default=True, help="Lagopus bridge name (--lagopus-ds).")
def command(acl_file, acl_name, definitions, target, strategy, permit, priority_base, priority_max,
            max_flows, connect, listen, dpid, allow_remote, cert, key, ca, timeout, lagopus_ds, bridge):
    """Show packets and bytes per line of ACL_FILE as the switch counts them
    (like ``show access-lists``), the default included.

    Use the compile options of the push, so flows map back to the same lines; without -t the
    target is chosen from the switch's description, as push chooses it.
    """
    from ..push.counters import counters_by_line, render
    from ..push.source import load

    timeout = resolve_timeout(timeout, listen)
    if lagopus_ds:
        if connect or listen:
            raise AclcError("--lagopus-ds reads without OpenFlow: do not combine it with --connect/--listen")
        target = target or DS_TARGET
    options = compile_options(target, strategy, permit, priority_base, priority_max, max_flows)
    dpid_value = parse_dpid(dpid)
    policy, compile_for_base = load(acl_file, acl_name, definitions, options)
    from ..push import layout

    # Compile as the push did, before connecting: options it would have refused fail here.
    if compile_for_base is not None:
        layout.check_fits(compile_for_base(layout.bank_start(0)), 0)
    if lagopus_ds:
        from ..push.lagopus_ds import read_stats_ds

        stats = read_stats_ds(lagopus_ds, bridge, timeout=timeout, allow_remote=allow_remote)
    else:
        said: list[str] = []
        choose = target_chooser(policy, options, compile_for_base, said)
        stats, compile_for_base = asyncio.run(_read(connect, listen, dpid_value, allow_remote, cert, key, ca,
                                                    timeout, choose))
        for line in said:
            click.echo(line, err=True)
    click.echo(render(counters_by_line(policy, stats, compile_for_base), policy.name))


async def _read(connect, listen, dpid, allow_remote, cert, key, ca, timeout, choose):
    from ..push import layout
    from ..push.channel import open_switch

    chan = await open_switch(connect, listen, dpid, allow_remote=allow_remote, cert=cert, key=key, ca=ca,
                             timeout=timeout, on_wait=waiting_reporter(listen, dpid) if listen else None)
    try:
        description = await chan.description(min(timeout, 30))
        # Compiling can take seconds: on a thread, so the channel keeps answering echo requests.
        compile_for_base = await asyncio.get_running_loop().run_in_executor(None, choose, description)
        stats = await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK,
                                      timeout=max(timeout, 120))
    finally:
        await chan.close()
    return stats, compile_for_base
