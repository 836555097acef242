"""The OpenFlow 1.3 channel and codec, against a scripted switch on 127.0.0.1 and os-ken's parser."""

from __future__ import annotations

import asyncio
import struct

import pytest
from hypothesis import given, settings, strategies as st
from os_ken.ofproto import ofproto_parser
from os_ken.ofproto import ofproto_v1_3 as ofp

from aclc.errors import AclcError, EnvironmentFailure
from aclc.pipeline import ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, WriteMetadata
from aclc.push import codec
from aclc.push.channel import (
    DATAPATH, Channel, ChannelClosed, Endpoint, error_text, parse_endpoint,
)

from push_support import FakeSwitch, encode_stat


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 20))


# ------------------------------------------------------------------ codec vs os-ken

FIELD_VALUES = {
    "in_port": st.integers(1, 0xFFFFFF00), "eth_type": st.sampled_from([0x800, 0x86DD, 0x806]),
    "ip_proto": st.integers(0, 255), "ipv4_src": st.integers(0, 2**32 - 1),
    "ipv4_dst": st.integers(0, 2**32 - 1), "tcp_dst": st.integers(0, 65535),
    "udp_src": st.integers(0, 65535), "metadata": st.integers(0, 2**64 - 1),
    "ipv6_src": st.integers(0, 2**128 - 1), "icmpv4_type": st.integers(0, 255),
}
WIDTH = {"in_port": 32, "eth_type": 16, "ip_proto": 8, "ipv4_src": 32, "ipv4_dst": 32, "tcp_dst": 16,
         "udp_src": 16, "metadata": 64, "ipv6_src": 128, "icmpv4_type": 8}
MASKABLE = {"ipv4_src", "ipv4_dst", "tcp_dst", "udp_src", "metadata", "ipv6_src"}


@st.composite
def flows(draw):
    names = draw(st.lists(st.sampled_from(sorted(FIELD_VALUES)), unique=True, max_size=6))
    match = []
    for name in names:
        value = draw(FIELD_VALUES[name])
        mask = None
        if name in MASKABLE and draw(st.booleans()):
            bits = draw(st.integers(1, WIDTH[name] - 1))
            mask = ((1 << bits) - 1) << (WIDTH[name] - bits)
            value &= mask
        match.append(FieldMatch(name, value, mask))
    instructions = draw(st.sampled_from([
        (), (GotoTable(100),), (ApplyActions((Output(0xFFFFFFFA),)),),
        (ApplyActions((Output(2), Output(0xFFFFFFFD, 0xFFFF))),),
        (WriteMetadata(0x1200, 0xFF00), GotoTable(12)),
    ]))
    return FlowEntry(draw(st.integers(0, 254)), draw(st.integers(0, 65535)),
                     codec.canonical_match(match), instructions, draw(st.integers(0, 2**64 - 1)))




@settings(max_examples=200, deadline=None)
@given(flows())
def test_flow_mod_bytes_parse_back_with_oskens_parser(flow):
    buf = codec.encode_flow_mod(flow, xid=1234)
    msg = ofproto_parser.msg(DATAPATH, 4, ofp.OFPT_FLOW_MOD, len(buf), 1234, buf)
    assert msg is not None and msg.xid == 1234
    assert (msg.cookie, msg.table_id, msg.priority, msg.command) == (flow.cookie, flow.table_id, flow.priority, 0)
    assert msg.buffer_id == ofp.OFP_NO_BUFFER and msg.out_port == ofp.OFPP_ANY
    # os-ken's view of the match, re-encoded by os-ken, equals ours byte for byte.
    rebuilt = bytearray()
    msg.match.serialize(rebuilt, 0)
    assert bytes(rebuilt) == codec.encode_match(flow.match)
    assert len(msg.instructions) == len(flow.instructions)
    for ours, theirs in zip(flow.instructions, msg.instructions):
        if isinstance(ours, GotoTable):
            assert theirs.table_id == ours.table_id
        elif isinstance(ours, WriteMetadata):
            assert (theirs.metadata, theirs.metadata_mask) == (ours.value, ours.mask)
        else:
            assert [(a.port, a.max_len) for a in theirs.actions] == [(a.port, a.max_len) for a in ours.actions]


@settings(max_examples=100, deadline=None)
@given(st.lists(flows(), max_size=5))
def test_flow_stats_decoder_agrees_with_oskens(entries):
    stats = [codec.FlowStat(f, 7, 700, 3) for f in entries]
    body = struct.pack("!HH4x", ofp.OFPMP_FLOW, 0) + b"".join(map(encode_stat, stats))
    buf = struct.pack("!BBHI", 4, ofp.OFPT_MULTIPART_REPLY, 8 + len(body), 9) + body
    theirs = ofproto_parser.msg(DATAPATH, 4, ofp.OFPT_MULTIPART_REPLY, len(buf), 9, buf).body
    ours = codec.decode_flow_stats(buf[16:])
    assert [s.flow for s in ours] == entries
    for mine, other in zip(ours, theirs):
        assert (mine.flow.cookie, mine.flow.priority, mine.packet_count, mine.byte_count) == (
            other.cookie, other.priority, other.packet_count, other.byte_count)
        assert [k for k, _ in other.match._fields2] == [f.field for f in mine.flow.match]


def test_unknown_field_is_refused_before_sending():
    with pytest.raises(codec.CodecError, match="no OpenFlow 1.3 match field"):
        codec.encode_flow_mod(FlowEntry(0, 1, (FieldMatch("mpls_label", 2),), (), 0), 1)


def test_an_open_vswitch_extension_field_is_refused_with_the_way_to_install_it():
    with pytest.raises(codec.CodecError, match="Open vSwitch extensions.*ofctl"):
        codec.encode_flow_mod(FlowEntry(0, 1, (FieldMatch("tcp_flags", 2),), (), 0), 1)


# ------------------------------------------------------------------ endpoints

@pytest.mark.parametrize("text,expected", [
    ("tcp:127.0.0.1:6634", Endpoint("tcp", "127.0.0.1", 6634)),
    ("127.0.0.1", Endpoint("tcp", "127.0.0.1", 6653)),
    ("ssl:[::1]:6653", Endpoint("ssl", "::1", 6653)),
    ("unix:/run/br0.mgmt", Endpoint("unix", path="/run/br0.mgmt")),
])
def test_endpoints(text, expected):
    assert parse_endpoint(text) == expected


@pytest.mark.parametrize("text", ["tcp:127.0.0.1:0", "tcp::6653", "tcp:127.0.0.1:http", "[::1"])
def test_bad_endpoints(text):
    with pytest.raises(AclcError):
        parse_endpoint(text)


def test_loopback():
    assert parse_endpoint("127.0.0.1:1").is_loopback and parse_endpoint("[::1]:1").is_loopback
    assert not parse_endpoint("192.0.2.1:1").is_loopback


def test_error_names_come_from_oskens_constants():
    assert error_text(2, 4) == "OFPET_BAD_ACTION/OFPBAC_BAD_OUT_PORT"
    assert error_text(4, 5) == "OFPET_BAD_MATCH/OFPBMC_BAD_WILDCARDS"
    assert error_text(99, 1) == "type 99/code 1"


# ------------------------------------------------------------------ the channel

def test_connect_handshake_echo_barrier_and_multipart_reassembly():
    async def main():
        switch = await FakeSwitch(dpid=0x2A, stats_chunk=2).start()
        chan = await Channel.connect(parse_endpoint(f"tcp:127.0.0.1:{switch.port}"))
        feats = await chan.handshake(expected_dpid=0x2A)
        assert feats.dpid == 0x2A and feats.n_tables == 254
        assert await chan.echo(b"xyz") == b"xyz"
        await chan.barrier()
        assert switch.echo_replies == 1  # the switch's own echo request was answered
        flows = [FlowEntry(10, 100 - i, (FieldMatch("tcp_dst", i),), (), 0xAC1C000100000000 | i) for i in range(7)]
        for f in flows:
            chan.send_raw(codec.encode_flow_mod(f, chan.next_xid()))
        await chan.barrier()
        got = await chan.flow_stats()  # 7 entries in 4 replies flagged REPLY_MORE
        assert sorted(s.flow.priority for s in got) == sorted(f.priority for f in flows)
        got = await chan.flow_stats(cookie=3, cookie_mask=0xFF)
        assert [s.flow.priority for s in got] == [97]
        await chan.close()
        await switch.stop()
    run(main())


def test_wrong_dpid_is_an_environment_failure():
    async def main():
        switch = await FakeSwitch(dpid=5).start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        with pytest.raises(EnvironmentFailure, match="has dpid 0x5, not 0x1"):
            await chan.handshake(expected_dpid=1)
        await switch.stop()
    run(main())


def test_switch_without_openflow13_is_refused_clearly():
    async def main():
        switch = await FakeSwitch(version=1, bitmap=False).start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        with pytest.raises(EnvironmentFailure, match=r"does not speak OpenFlow 1.3 \(it offers OpenFlow 1.0\)"):
            await chan.handshake()
        await switch.stop()
    run(main())


def test_error_reply_is_decoded_and_kept_by_xid():
    async def main():
        switch = await FakeSwitch(refuse=lambda f: (2, 4) if f.priority == 7 else None).start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        await chan.handshake()
        xid = chan.next_xid()
        chan.send_raw(codec.encode_flow_mod(FlowEntry(10, 7, (), (ApplyActions((Output(99),)),), 0), xid))
        await chan.barrier()
        assert [(e.xid, str(e)) for e in chan.errors] == [(xid, "OFPET_BAD_ACTION/OFPBAC_BAD_OUT_PORT")]
        await chan.close()
        await switch.stop()
    run(main())


def test_listen_waits_for_the_switch_with_the_right_dpid():
    async def main():
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        wrong, right = FakeSwitch(dpid=9), FakeSwitch(dpid=1)

        async def switches_connect():
            await asyncio.sleep(0.2)
            await wrong.connect_to(port)
            await asyncio.sleep(0.2)
            await right.connect_to(port)
        asyncio.get_running_loop().create_task(switches_connect())
        chan = await Channel.listen(parse_endpoint(f"127.0.0.1:{port}"), dpid=1, timeout=10)
        assert chan.features.dpid == 1
        await chan.close()
    run(main())


def test_listen_times_out_naming_switches_that_came():
    async def main():
        with pytest.raises(EnvironmentFailure, match="no switch with dpid 0x7 connected"):
            await Channel.listen(Endpoint("tcp", "127.0.0.1", 0), dpid=7, timeout=0.5)
    run(main())


def test_a_dropped_connection_fails_waiting_requests():
    async def main():
        switch = await FakeSwitch().start()
        chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
        await chan.handshake()
        await switch.stop()
        with pytest.raises(ChannelClosed):
            for _ in range(50):
                await chan.barrier(timeout=5)
                await asyncio.sleep(0.05)
    run(main())


def test_connect_refused_is_an_environment_failure():
    async def main():
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with pytest.raises(EnvironmentFailure, match="cannot connect"):
            await Channel.connect(parse_endpoint(f"127.0.0.1:{port}"), timeout=3)
    run(main())


@settings(max_examples=200, deadline=None)
@given(flows())
def test_wire_signature_of_what_we_send_equals_that_of_what_the_switch_reports(flow):
    """The byte-level read-back: a flow sent and the same flow reported back (fields in
    another order, a /32 spelled as a full mask) have the same signature."""
    sent = codec.flow_mod_signature(codec.encode_flow_mod(flow, 5))
    assert sent == codec.wire_signature(flow)
    reordered = FlowEntry(flow.table_id, flow.priority, tuple(reversed(flow.match)),
                          tuple(reversed(flow.instructions)), flow.cookie)
    body = encode_stat(codec.FlowStat(reordered, 0, 0, 0))
    assert codec.wire_signatures(body) == [sent]
    if flow.match:
        first = flow.match[0]
        full = (1 << (8 * codec.OXM_FIELDS[first.field][1])) - 1
        spelled = FlowEntry(flow.table_id, flow.priority, (FieldMatch(first.field, first.value, full),)
                            + flow.match[1:], flow.instructions, flow.cookie)
        assert codec.wire_signatures(encode_stat(codec.FlowStat(spelled, 0, 0, 0))) == [
            codec.wire_signature(FlowEntry(flow.table_id, flow.priority, (FieldMatch(first.field, first.value),)
                                           + flow.match[1:], flow.instructions, flow.cookie))]
    other = FlowEntry(flow.table_id, flow.priority ^ 1, flow.match, flow.instructions, flow.cookie)
    assert codec.wire_signature(other) != sent


@settings(max_examples=200, deadline=None)
@given(flows())
def test_signed_add_is_the_same_message_and_signature(flow):
    msg, sig = codec.encode_add_signed(flow, 9)
    assert sig == codec.flow_mod_signature(msg) == codec.wire_signature(flow)
    parsed = ofproto_parser.msg(DATAPATH, 4, ofp.OFPT_FLOW_MOD, len(msg), 9, msg)
    assert (parsed.cookie, parsed.priority, parsed.table_id) == (flow.cookie, flow.priority, flow.table_id)
