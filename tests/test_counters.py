"""Counters read without decoding every flow (codec.flow_counts, counters_from_replies) say what
decoding every flow says (counters_by_line): on an in-memory switch that writes matches in OXM
number order (entries then decoded) and on Open vSwitch, which writes them in its own order
(entries paired by their bytes)."""

from __future__ import annotations

import asyncio
import struct
from dataclasses import replace

import pytest

from aclc.pipeline import FieldMatch, FlowEntry, Pipeline, Table, make_cookie
from aclc.push import codec, layout
from aclc.push.channel import Channel, parse_endpoint
from aclc.push.counters import counters_by_line, counters_from_replies
from aclc.push.install import push

from push_support import PERMIT, FakeSwitch, tiny_pipeline, tiny_policy


def address_pipeline(base: int, policy, hosts=(1, 2, 3)) -> Pipeline:
    """Matches on addresses: Open vSwitch reports them before ip_proto, unlike OXM order."""
    flows = [FlowEntry(base, 100 - i, (FieldMatch("eth_type", 0x800), FieldMatch("ip_proto", 6),
                                       FieldMatch("ipv4_src", 0x0A000000, 0xFF000000),
                                       FieldMatch("ipv4_dst", 0x0A000000 | h), FieldMatch("tcp_dst", 80)),
                       PERMIT.instructions if i % 2 == 0 else (), make_cookie(i))
             for i, h in enumerate(hosts)]
    flows.append(FlowEntry(base, 1, (), (), make_cookie(None), role="default"))
    return Pipeline((Table(base, "acl", tuple(flows)),), base, "of13", "single", PERMIT, policy)


async def _read_both(chan):
    bodies = []
    assert await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK,
                                 consume=bodies.append) == []
    stats = await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK)
    return bodies, stats


@pytest.mark.parametrize("shape", ["ports", "addresses"])
@pytest.mark.parametrize("installed_hosts", [(1, 2, 3), (1, 2, 4), (1, 2)], ids=["same", "changed", "fewer"])
def test_counts_only_reading_agrees_with_decoding_every_flow(shape, installed_hosts):
    policy = tiny_policy(3)

    def compiled(hosts):
        if shape == "ports":
            return lambda base: tiny_pipeline(base, policy, tuple(79 + h for h in hosts))
        return lambda base: address_pipeline(base, policy, hosts)

    async def main():
        switch = await FakeSwitch(stats_chunk=2).start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        await chan.handshake()
        await push(chan, compiled(installed_hosts))
        for n, (key, stat) in enumerate(sorted(switch.flows.items(), key=lambda kv: str(kv[0]))):
            switch.flows[key] = replace(stat, packet_count=n + 1, byte_count=100 * (n + 1) + 7)
        both = await _read_both(chan)
        await chan.close()
        await switch.stop()
        return both

    bodies, stats = asyncio.run(main())
    want = counters_by_line(policy, stats, compiled((1, 2, 3)))
    got = counters_from_replies(policy, bodies, compiled((1, 2, 3)))
    assert got == want
    assert sum(r.packets for r in got.lines) > 0
    assert (got.warning is None) == (installed_hosts == (1, 2, 3)), got.warning


def test_flow_counts_pairs_by_bytes_and_decodes_the_rest():
    flows = list(tiny_pipeline(10, tiny_policy(3)).flows())
    stats = [codec.FlowStat(replace(f, cookie=f.cookie | layout.generation_cookie(7)), i * 3, i * 5, 9)
             for i, f in enumerate(flows)]
    from push_support import encode_stat

    body = b"".join(map(encode_stat, stats))
    keys = {codec.counts_key(f): f"flow{i}" for i, f in enumerate(flows[:2])}
    paired, others = codec.flow_counts(body, keys)
    assert paired == [(f"flow{i}", stats[i].flow.cookie, i * 3, i * 5) for i in range(2)]
    assert others == [replace(s, flow=replace(s.flow, role="rule")) for s in stats[2:]]  # roles are not on the wire
    assert codec.flow_counts(body, keys, tables=(11,)) == ([], [])
    with pytest.raises(codec.CodecError):
        codec.flow_counts(body[:-3], keys)


def _packet(src: int, dst: int, dport: int) -> str:
    """An Ethernet/IPv4/TCP frame, as hex for ovs-ofctl packet-out."""
    tcp = struct.pack("!HHIIBBHHH", 1234, dport, 0, 0, 5 << 4, 2, 1024, 0, 0)
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(tcp), 0, 0, 64, 6, 0, src, dst)
    eth = bytes.fromhex("020000000002" "020000000001" "0800")
    return (eth + ip + tcp).hex()


@pytest.mark.switch
def test_counts_only_reading_agrees_on_open_vswitch(ovs_lab):
    policy = tiny_policy(3)
    compile_for_base = lambda base: address_pipeline(base, policy)
    ovs_lab.add_bridge("fw", dpid=1)

    async def main():
        chan = await Channel.connect(parse_endpoint(f"unix:{ovs_lab.dir / 'fw.mgmt'}"))
        await chan.handshake()
        await push(chan, compile_for_base)
        for dst, times in ((0x0A000001, 3), (0x0A000002, 1), (0x0B000002, 2)):  # rule 1, rule 2, default
            for _ in range(times):
                ovs_lab.ofctl("-O", "OpenFlow13", "packet-out", "fw",
                              f"in_port=controller packet={_packet(0x0A000009, dst, 80)} actions=table")
        both = await _read_both(chan)
        await chan.close()
        return both

    bodies, stats = asyncio.run(main())
    from aclc.push.counters import _keys

    keys, _distinct = _keys(compile_for_base(10))
    paired, others = codec.flow_counts(b"".join(bodies), keys, layout.bank_tables(0))
    assert len(paired) == 4 and not others  # every entry paired by its bytes, none decoded
    want = counters_by_line(policy, stats, compile_for_base)
    got = counters_from_replies(policy, bodies, compile_for_base)
    assert got == want and got.warning is None
    assert [r.packets for r in got.lines] == [3, 1, 0, 2]
