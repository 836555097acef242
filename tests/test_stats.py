"""Counters per ACL line from the cookies of the live firewall."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from aclc.push import codec, layout
from aclc.push.channel import Channel, parse_endpoint
from aclc.push.counters import counters_by_line, render
from aclc.push.install import push

from push_support import FakeSwitch, tiny_pipeline, tiny_policy


def test_counters_are_summed_per_line_with_the_default(tmp_path):
    acl = tmp_path / "fw.acl"
    acl.write_text("\n" * 9 + "permit tcp any any eq 80\ndeny tcp any any eq 81\npermit tcp any any eq 82\n")
    policy = tiny_policy(3, file=str(acl))
    compile_for_base = lambda base: tiny_pipeline(base, policy)

    async def main():
        switch = await FakeSwitch().start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        await chan.handshake()
        await push(chan, compile_for_base)
        # The switch counted: rule 1 (tcp 80) 7 packets, the default 3.
        for key, stat in list(switch.flows.items()):
            tcp = stat.flow.field("tcp_dst")
            if tcp and tcp.value == 80:
                switch.flows[key] = replace(stat, packet_count=7, byte_count=700)
            elif stat.flow.table_id == 10 and not stat.flow.match:
                switch.flows[key] = replace(stat, packet_count=3, byte_count=180)
            elif stat.flow.table_id == 0:  # the dispatch flow sees everything: never counted
                switch.flows[key] = replace(stat, packet_count=10, byte_count=880)
        stats = await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK)
        await chan.close()
        await switch.stop()
        return stats

    counters = counters_by_line(policy, asyncio.run(main()), compile_for_base)
    rows = [(str(r.origin), r.text, r.packets, r.bytes) for r in counters.lines]
    assert rows == [
        (f"{acl}:10:1", "permit tcp any any eq 80", 7, 700),
        (f"{acl}:11:1", "deny tcp any any eq 81", 0, 0),
        (f"{acl}:12:1", "permit tcp any any eq 82", 0, 0),
        (f"{acl}:99:1", "default deny", 3, 180),
    ]
    assert counters.warning is None and counters.generation == 1
    assert "default deny" in render(counters, "fw")


def test_a_different_installed_version_is_flagged():
    policy = tiny_policy(3)

    async def main():
        switch = await FakeSwitch().start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        await chan.handshake()
        await push(chan, lambda base: tiny_pipeline(base, policy, (80, 81, 82)))
        stats = await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK)
        await chan.close()
        await switch.stop()
        return stats

    counters = counters_by_line(policy, asyncio.run(main()), lambda base: tiny_pipeline(base, policy, (80, 81, 83)))
    assert counters.warning and "differs from this ACL" in counters.warning
