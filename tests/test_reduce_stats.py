"""``aclc stats`` shows the lines a shared flow stands for (FlowEntry.also) in one row."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from aclc.pipeline import Table
from aclc.push import layout
from aclc.push.channel import Channel, parse_endpoint
from aclc.push.counters import counters_by_line, render
from aclc.push.install import push

from push_support import FakeSwitch, tiny_pipeline, tiny_policy


def shared_pipeline(base, policy):
    """tiny_pipeline with rule 2 matching what rule 0 matches: one flow, kept under rule 0's
    cookie, stands for both lines (as lower.unique keeps it)."""
    pipeline = tiny_pipeline(base, policy, (80, 81, 80))
    table = pipeline.tables[0]
    flows = [f for f in table.flows if f.rule_index != 2]
    flows[0] = replace(flows[0], also=(2,))
    return replace(pipeline, tables=(Table(table.table_id, table.name, tuple(flows)),))


def test_lines_of_a_shared_flow_are_one_row(tmp_path):
    acl = tmp_path / "fw.acl"
    acl.write_text("\n" * 9 + "permit tcp any any eq 80\ndeny tcp any any eq 81\npermit tcp any any eq 80\n")
    policy = tiny_policy(3, file=str(acl))

    async def main():
        switch = await FakeSwitch().start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        await chan.handshake()
        await push(chan, lambda base: shared_pipeline(base, policy))
        for key, stat in list(switch.flows.items()):
            tcp = stat.flow.field("tcp_dst")
            if tcp and tcp.value == 80:
                switch.flows[key] = replace(stat, packet_count=7, byte_count=700)
        stats = await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK)
        await chan.close()
        await switch.stop()
        return stats

    counters = counters_by_line(policy, asyncio.run(main()), lambda base: shared_pipeline(base, policy))
    rows = [(str(r.origin), r.rules, r.text, r.packets) for r in counters.lines]
    assert rows == [
        (f"{acl}:10:1", (0, 2), "permit tcp any any eq 80 | permit tcp any any eq 80", 7),
        (f"{acl}:11:1", (1,), "deny tcp any any eq 81", 0),
        (f"{acl}:99:1", (None,), "default deny", 0),
    ]
    assert counters.warning is None
    text = render(counters, "fw")
    assert f"{acl}:10:1+12 " in text and text.count("eq 80") == 2
    # Without a shared flow every line keeps its own row.
    plain = counters_by_line(policy, asyncio.run(main()), lambda base: tiny_pipeline(base, policy, (80, 81, 80)))
    assert [r.rules for r in plain.lines] == [(0,), (1,), (2,), (None,)]
