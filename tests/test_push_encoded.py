"""A full OpenFlow push sends its flows from bytes packed once, while the plan finds duplicates
(plan.switch_flows_encoded), framed with xids when sent (Channel.flow_mod_framer), and reads them
back against the plan's keys (codec.ReadBack): the same flows, messages and keys as flow by flow,
and a read-back that differs from them in any compared byte fails."""

from __future__ import annotations

import random
import struct

import pytest

from aclc.errors import AclcError
from aclc.pipeline import (
    ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, Pipeline, Table, WriteMetadata, make_cookie,
)
from aclc.push import codec, layout, plan
from aclc.push.channel import Channel

from push_support import PERMIT, tiny_pipeline, tiny_policy

INSTRUCTIONS = [(), (GotoTable(100),), (ApplyActions((Output(3),)), GotoTable(100)),
                (GotoTable(101), WriteMetadata(5, 7))]


def _random_pipeline(seed: int, n: int = 400, base: int = 10) -> Pipeline:
    """Flows of many shapes (fields in any order, masked, full masks, wide fields), with
    identical duplicates spelled differently (field order, a full mask for none)."""
    rng = random.Random(seed)
    names = list(codec.OXM_FIELDS)
    flows = []
    for i in range(n):
        if flows and rng.random() < 0.15:  # the same flow again, spelled another way, later rule
            first = rng.choice(flows)
            match = list(first.match)
            rng.shuffle(match)
            match = [FieldMatch(m.field, m.value, (1 << codec.OXM_FIELDS[m.field][1] * 8) - 1)
                     if m.mask is None and rng.random() < 0.5 else m for m in match]
            flows.append(FlowEntry(first.table_id, first.priority, tuple(match), first.instructions,
                                   make_cookie(i)))
            continue
        match = []
        for name in rng.sample(names, rng.randrange(0, 6)):
            bits = codec.OXM_FIELDS[name][1] * 8
            mask = rng.choice([None, None, rng.getrandbits(bits), (1 << bits) - 1])
            match.append(FieldMatch(name, rng.getrandbits(bits), mask))
        flows.append(FlowEntry(base + rng.randrange(3), rng.randrange(1, 65536), tuple(match),
                               rng.choice(INSTRUCTIONS), make_cookie(i)))
    tables = tuple(Table(t, f"t{t}", tuple(f for f in flows if f.table_id == t)) for t in (base, base + 1, base + 2))
    return Pipeline(tables, base, "ovs", "multi", PERMIT, tiny_policy(n))


def _same_flow(flow: FlowEntry) -> tuple:
    """What the switch holds of a flow: its encoded match (field order and full masks aside)."""
    return codec.wire_signature(flow)[:2] + codec.wire_signature(flow)[3:4]


@pytest.mark.parametrize("seed", range(6))
def test_encoded_flows_are_the_flows_the_switch_holds_packed_as_flow_by_flow(seed):
    pipeline = _random_pipeline(seed)
    expected, encoded = plan.switch_flows_encoded(pipeline, 7)
    # One flow per switch flow (table, priority, match as encoded), the first of each, stamped.
    firsts = {}
    for flow in pipeline.flows():
        firsts.setdefault(_same_flow(flow), layout.stamp(flow, 7))
    assert list(expected) == list(firsts.values())
    assert len(expected) == len(encoded.bodies) == len(encoded.keys) < sum(1 for _ in pipeline.flows())
    for i, flow in enumerate(expected):
        msg, key, _sig = codec._encode_add_keyed_fields(flow, 0x1234 + i)
        assert msg == codec._HEADER.pack(4, codec.OFPT_FLOW_MOD, 8 + len(encoded.bodies[i]), 0x1234 + i) + encoded.bodies[i]
        assert key == encoded.keys[i]
    assert expected[3] == list(expected)[3] and expected[1:3] == tuple(list(expected)[1:3])


def test_without_duplicates_the_encoded_plan_keeps_what_switch_flows_keeps():
    pipeline = tiny_pipeline(10, tiny_policy(3))
    expected, encoded = plan.switch_flows_encoded(pipeline, 9)
    assert tuple(expected) == tuple(plan.switch_flows(pipeline, 9))
    full = plan.make_plan(plan.read_state([]), lambda base: tiny_pipeline(base, tiny_policy(3)), encode=True)
    assert full.encoded is not None and full.expected == tuple(plan.switch_flows(tiny_pipeline(10), 1))
    assert plan.make_plan(plan.read_state([]), lambda base: tiny_pipeline(base, tiny_policy(3))).encoded is None


def test_duplicates_that_act_differently_are_refused():
    flows = list(tiny_pipeline(10, tiny_policy(3)).tables[0].flows)
    # Rule 2's match again with a full mask on tcp_dst: the same flow on a switch, other actions.
    again = FlowEntry(10, flows[1].priority, flows[1].match[:2] + (FieldMatch("tcp_dst", 81, 0xFFFF),),
                      PERMIT.instructions, flows[2].cookie)
    pipeline = Pipeline((Table(10, "acl", tuple(flows[:3] + [again] + flows[3:])),), 10, "of13", "single",
                        PERMIT, tiny_policy(3))
    with pytest.raises(AclcError, match="same table 10, priority 99 and match but different actions"):
        plan.switch_flows_encoded(pipeline, 5)


def test_a_pipeline_the_codec_cannot_encode_is_planned_without_bytes():
    flows = (FlowEntry(10, 5, (FieldMatch("ct_state", 0x21, 0x21),), (), make_cookie(0)),)
    pipeline = Pipeline((Table(10, "acl", flows),), 10, "ovs", "single", PERMIT, tiny_policy(1))
    with pytest.raises(codec.CodecError):
        plan.switch_flows_encoded(pipeline, 1)
    full = plan.make_plan(plan.read_state([]), lambda base: pipeline, encode=True)
    assert full.encoded is None and len(full.expected) == 1
    too_wide = (FlowEntry(10, 5, (FieldMatch("tcp_dst", 1 << 16),), (), make_cookie(0)),)
    pipeline = Pipeline((Table(10, "acl", too_wide),), 10, "ovs", "single", PERMIT, tiny_policy(1))
    assert plan.make_plan(plan.read_state([]), lambda base: pipeline, encode=True).encoded is None


def test_framed_messages_are_the_flow_mods_and_bundle_adds_sent_one_by_one():
    chan = object.__new__(Channel)  # framing reads no connection state
    flows = list(plan.switch_flows(_random_pipeline(1, 60), 3))
    bodies = [codec.encode_add_parts(f, f.cookie)[0] for f in flows]
    msgs = [codec.encode_add_keyed(f, 500 + i)[0] for i, f in enumerate(flows)]
    assert chan.flow_mod_framer(None)(bodies, 500) == msgs
    assert chan.flow_mod_framer(77)(bodies, 500) == [chan.bundle_add(77, m) for m in msgs]


def _ovs_entry(key: bytes) -> bytes:
    """The flow stats entry Open vSwitch sends for the flow with read-back ``key``."""
    table, priority, cookie = codec._KEY_TPC.unpack_from(key)
    mlen = (key[11] << 8) | key[12]
    match = struct.pack("!HH", 1, mlen) + key[13:9 + mlen] + b"\0" * ((-mlen) % 8)
    instructions = key[9 + mlen:]
    return (struct.pack("!HBxIIHHHH4xQQQ", 48 + len(match) + len(instructions), table, 3, 0, priority, 0, 0, 0,
                        cookie, 11, 660) + match + instructions)


def _compared_positions(entry: bytes) -> list[int]:
    """Table, priority, cookie, match type and length, OXMs and instructions (not the counters,
    durations or padding)."""
    mlen = (entry[50] << 8) | entry[51]
    return [2, 12, 13, *range(24, 32), *range(48, 48 + mlen), *range(48 + mlen + (-mlen) % 8, len(entry))]


def test_a_read_back_differing_in_any_compared_byte_fails():
    pipeline = _random_pipeline(3, 40)
    expected, encoded = plan.switch_flows_encoded(pipeline, 2)
    entries = [_ovs_entry(k) for k in encoded.keys]
    tables = set(layout.bank_tables(0))
    read_back = codec.ReadBack(encoded.keys, tables)
    read_back.consume(b"".join(entries))
    assert read_back.differences() == ([], []) and read_back.unpaired == []  # they pair by bytes
    checked = 0
    for n, entry in enumerate(entries[:12]):
        for pos in _compared_positions(entry):
            for bit in (0x01, 0x80):
                changed = bytearray(entry)
                changed[pos] ^= bit
                read_back = codec.ReadBack(encoded.keys, tables)
                try:
                    read_back.consume(b"".join(entries[:n]) + bytes(changed) + b"".join(entries[n + 1:]))
                except codec.CodecError:
                    checked += 1
                    continue
                missing, unexpected = read_back.differences()
                assert missing, (n, pos, bit)  # the sent flow did not come back as sent
                checked += 1
    assert checked > 1000
    # Missing and extra entries fail too.
    for body in (b"".join(entries[1:]), b"".join(entries) + entries[0]):
        read_back = codec.ReadBack(encoded.keys, tables)
        read_back.consume(body)
        assert read_back.differences() != ([], [])


def test_keys_given_twice_are_counted():
    key = plan.switch_flows_encoded(tiny_pipeline(10), 1)[1].keys[0]
    read_back = codec.ReadBack([key, key])
    read_back.consume(_ovs_entry(key))
    assert len(read_back.differences()[0]) == 1
