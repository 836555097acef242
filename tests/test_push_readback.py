"""codec.ReadBack: the exact read-back pairs entries by their bytes and falls back to wire
signatures, so its verdict is the one comparing every signature gives."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.pipeline import ApplyActions, FieldMatch, FlowEntry, GotoTable, Output
from aclc.push import codec
from tests.push_support import encode_stat


def _flow(table=10, priority=100, port=80, cookie=0xAC1C000000000001, ins=(GotoTable(100),),
          match=None):
    match = match if match is not None else (FieldMatch("eth_type", 0x800), FieldMatch("ip_proto", 6),
                                             FieldMatch("tcp_dst", port))
    return FlowEntry(table, priority, match, ins, cookie)


def _sent(flows):
    out = []
    for i, flow in enumerate(flows):
        msg, key, sig = codec.encode_add_keyed(flow, i + 1)
        assert (msg, sig) == codec.encode_add_signed(flow, i + 1)
        out.append((key, sig))
    return out


def _body(flows, packets=0):
    return b"".join(encode_stat(codec.FlowStat(f, packets, packets * 60, 5)) for f in flows)


def _verdict(sent_flows, installed_flows, tables=None, chunks=1):
    read_back = codec.ReadBack(_sent(sent_flows), tables)
    stats = [encode_stat(codec.FlowStat(f, 3, 180, 7)) for f in installed_flows]
    for i in range(chunks):  # replies split anywhere between entries
        read_back.consume(b"".join(stats[i::chunks]) if chunks > 1 else b"".join(stats))
    return read_back.differences()


def _by_signatures(sent_flows, installed_flows):
    want = Counter(codec.wire_signature(f) for f in sent_flows)
    have = Counter(codec.wire_signature(f) for f in installed_flows)
    return sorted((want - have).elements()), sorted((have - want).elements())


def test_identical_flows_pair_by_bytes():
    flows = [_flow(port=p, priority=100 + p) for p in range(50)]
    read_back = codec.ReadBack(_sent(flows))
    read_back.consume(_body(flows, packets=9))  # counters and durations differ from nothing sent
    assert read_back.differences() == ([], []) and read_back.unpaired == [] and read_back.entries == 50


def test_open_vswitch_order_pairs_by_bytes():
    sent = _flow(match=(FieldMatch("eth_type", 0x800), FieldMatch("ip_proto", 6),
                        FieldMatch("ipv4_src", 0x0A000000, 0xFF000000), FieldMatch("ipv4_dst", 0x0B000001),
                        FieldMatch("tcp_dst", 80)))
    # Open vSwitch writes the addresses before ip_proto.
    back = FlowEntry(10, 100, (sent.match[0], sent.match[2], sent.match[3], sent.match[1], sent.match[4]),
                     sent.instructions, sent.cookie)
    read_back = codec.ReadBack(_sent([sent]))
    read_back.consume(_body([back]))
    assert read_back.unpaired == [] and read_back.differences() == ([], [])
    read_back = codec.ReadBack(_sent([sent]))
    read_back.consume(_body([sent]))  # OXM number order: through the signatures, same verdict
    assert len(read_back.unpaired) == 1 and read_back.differences() == ([], [])


def test_reordered_match_and_full_mask_fall_back_to_signatures_and_still_agree():
    sent = _flow()
    spelled = FlowEntry(10, 100, (FieldMatch("tcp_dst", 80, 0xFFFF), FieldMatch("eth_type", 0x800),
                                  FieldMatch("ip_proto", 6)), (GotoTable(100),), sent.cookie)
    read_back = codec.ReadBack(_sent([sent]))
    read_back.consume(_body([spelled]))
    assert len(read_back.unpaired) == 1  # not the same bytes ...
    assert read_back.differences() == ([], [])  # ... but the same flow


def test_changed_missing_and_extra_flows_are_named():
    sent = [_flow(port=80), _flow(port=81), _flow(port=82)]
    changed = _flow(port=81, priority=99)
    extra = _flow(port=90)
    missing, unexpected = _verdict(sent, [sent[0], changed, extra])
    assert sorted(missing) == sorted([codec.wire_signature(sent[1]), codec.wire_signature(sent[2])])
    assert sorted(unexpected) == sorted([codec.wire_signature(changed), codec.wire_signature(extra)])


def test_a_flow_sent_twice_must_come_back_twice():
    flow = _flow()
    assert _verdict([flow, flow], [flow]) == ([codec.wire_signature(flow)], [])
    assert _verdict([flow], [flow, flow]) == ([], [codec.wire_signature(flow)])


def test_entries_of_other_tables_are_skipped():
    ours, theirs = _flow(table=10), _flow(table=40)
    assert _verdict([ours], [ours, theirs], tables={10}) == ([], [])
    assert _verdict([ours], [ours, theirs])[1] == [codec.wire_signature(theirs)]


def test_truncated_entry_is_a_codec_error():
    import pytest

    read_back = codec.ReadBack(_sent([_flow()]))
    with pytest.raises(codec.CodecError):
        read_back.consume(_body([_flow()])[:-3])


_fields = st.sampled_from([
    (FieldMatch("eth_type", 0x800), FieldMatch("ip_proto", 6)),
    (FieldMatch("eth_type", 0x800), FieldMatch("ipv4_src", 0x0A000000, 0xFF000000)),
    (FieldMatch("ipv4_dst", 0x0A000001, 0xFFFFFFFF), FieldMatch("eth_type", 0x800)),
    (),
])
_flows = st.builds(lambda table, priority, cookie, match, permit: FlowEntry(
    table, priority, match, (ApplyActions((Output(3),)), GotoTable(100)) if permit else (), cookie),
    st.sampled_from([10, 11, 40]), st.integers(1, 3), st.sampled_from([1, 2, 0xAC1C000000000001]), _fields,
    st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(_flows, max_size=6), st.lists(_flows, max_size=6), st.integers(1, 3))
def test_verdict_equals_comparing_every_signature(sent, installed, chunks):
    missing, unexpected = _verdict(sent, installed, chunks=chunks)
    assert (sorted(missing), sorted(unexpected)) == _by_signatures(sent, installed)
