"""``aclc stats``: packet and byte counters per ACL line, read from the switch."""

from __future__ import annotations

import asyncio

import click

from .push import COMPILE_OPTIONS, SWITCH_OPTIONS, apply, compile_request, parse_dpid


@click.command("stats")
@apply(COMPILE_OPTIONS)
@apply(SWITCH_OPTIONS)
def command(acl_file, acl_name, definitions, target, strategy, permit, priority_base, priority_max,
            max_flows, connect, listen, dpid, allow_remote, cert, key, ca, timeout):
    """Show packets and bytes per line of ACL_FILE as the switch counts them
    (like ``show access-lists``), the default included.

    Use the compile options of the push, so flows map back to the same lines.
    """
    from ..push.counters import render
    from ..push.source import load

    request = compile_request(target or "ovs", strategy, permit, priority_base, priority_max, max_flows)
    policy, compile_for_base = load(acl_file, acl_name, definitions, request)
    from ..push import layout

    # Compile as the push did, before connecting: options it would have refused fail here.
    layout.check_fits(compile_for_base(layout.bank_start(0)), 0)
    counters = asyncio.run(_read(connect, listen, parse_dpid(dpid), allow_remote, cert, key, ca, timeout,
                                 policy, compile_for_base))
    click.echo(render(counters, policy.name))


async def _read(connect, listen, dpid, allow_remote, cert, key, ca, timeout, policy, compile_for_base):
    from ..push import layout
    from ..push.channel import open_switch
    from ..push.counters import counters_by_line

    chan = await open_switch(connect, listen, dpid, allow_remote=allow_remote, cert=cert, key=key, ca=ca,
                             timeout=timeout)
    try:
        stats = await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK,
                                      timeout=max(timeout, 120))
    finally:
        await chan.close()
    return counters_by_line(policy, stats, compile_for_base)
