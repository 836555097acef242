"""parse_ofctl: our own ofctl files and real ``ovs-ofctl dump-flows`` output."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aclc.emit import emit
from aclc.errors import AclcError
from aclc.flowparse import parse_ofctl
from aclc.pipeline import (
    PORT_NAMES, ApplyActions, FieldMatch, GotoTable, Output, WriteMetadata,
)

from test_emit_samples import SAMPLES, multi_pipeline, single_pipeline

# Captured from Open vSwitch 3.1 (ovs-ofctl -O OpenFlow13 dump-flows --no-names) after
# add-flows of the single sample's ofctl file.
DUMP_SINGLE = """\
OFPST_FLOW reply (OF1.3) (xid=0x2):
 cookie=0xac1c000000000001, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=100,tcp,nw_src=10.0.0.0/8,tp_dst=0x50/0xfff0 actions=NORMAL,CONTROLLER:65535
 cookie=0xac1c000000000002, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=99,udp,nw_dst=192.0.0.1/255.0.0.255,tp_src=53 actions=drop
 cookie=0xac1c000000000003, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=98,tcp6,ipv6_src=2001:db8::/32,ipv6_dst=2001:db8:1::80,tp_src=0x400/0xfc00 actions=NORMAL
 cookie=0xac1c000000000004, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=97,icmp,in_port=3,icmp_type=8,icmp_code=0 actions=drop
 cookie=0xac1c000000000005, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=96,icmp6,icmp_type=128 actions=NORMAL
 cookie=0xac1c000000000006, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=95,arp,arp_spa=10.1.0.0/16,arp_tpa=10.1.2.3 actions=drop
 cookie=0xac1c000000000007, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=94,sctp,nw_src=198.51.100.7,tp_dst=3868 actions=NORMAL
 cookie=0xac1c000000000008, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=93,ip,nw_proto=47 actions=CONTROLLER:65535
 cookie=0xac1c000000000009, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=92,dl_type=0x88cc actions=NORMAL
 cookie=0xac1c000000000000, duration=0.005s, table=0, n_packets=0, n_bytes=0, priority=1 actions=drop
"""

DUMP_MULTI = """\
OFPST_FLOW reply (OF1.3) (xid=0x2):
 cookie=0xac1c000000000000, duration=0.006s, table=0, n_packets=0, n_bytes=0, priority=10,tcp,tp_src=22 actions=write_metadata:0x1/0x3,goto_table:1
 cookie=0xac1c000000000000, duration=0.006s, table=0, n_packets=0, n_bytes=0, priority=5,tcp actions=write_metadata:0x2/0x3,goto_table:1
 cookie=0xac1c000000000000, duration=0.006s, table=0, n_packets=0, n_bytes=0, priority=1 actions=goto_table:1
 cookie=0xac1c000000000000, duration=0.006s, table=1, n_packets=0, n_bytes=0, priority=10,tcp,tp_dst=443 actions=write_metadata:0x4/0xc,goto_table:2
 cookie=0xac1c000000000000, duration=0.006s, table=1, n_packets=0, n_bytes=0, priority=10,tcp,tp_dst=80 actions=write_metadata:0x8/0xc,goto_table:2
 cookie=0xac1c000000000000, duration=0.006s, table=1, n_packets=0, n_bytes=0, priority=1 actions=goto_table:2
 cookie=0xac1c000000000001, duration=0.006s, table=2, n_packets=0, n_bytes=0, priority=30,tcp,metadata=0x4/0xc,nw_dst=203.0.113.0/24 actions=goto_table:100
 cookie=0xac1c000000000002, duration=0.006s, table=2, n_packets=0, n_bytes=0, priority=20,tcp,metadata=0x1/0x3 actions=CONTROLLER:65535
 cookie=0xac1c000000000003, duration=0.006s, table=2, n_packets=0, n_bytes=0, priority=10,tcp,metadata=0x8/0xc,nw_src=10.0.0.0/8 actions=CONTROLLER:65535,goto_table:100
 cookie=0xac1c000000000000, duration=0.006s, table=2, n_packets=0, n_bytes=0, priority=1 actions=drop
"""

CAPTURED = {"single": DUMP_SINGLE, "multi": DUMP_MULTI}


def without_roles(flows):
    return [replace(f, role="rule") for f in flows]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_round_trip_of_our_own_files(sample):
    pipeline = SAMPLES[sample]()
    parsed = parse_ofctl(emit(pipeline, "ofctl"), f"{sample}.ofctl")
    assert without_roles(parsed) == without_roles(pipeline.flows())


def test_roles_inferred_from_cookies_and_instructions():
    pipeline = single_pipeline()
    assert parse_ofctl(emit(pipeline, "ofctl")) == list(pipeline.flows())
    roles = [f.role for f in parse_ofctl(emit(multi_pipeline(), "ofctl"))]
    assert roles[:2] == ["classify", "classify"] and roles[-1] == "default" and roles[6] == "rule"


@pytest.mark.parametrize("sample", sorted(CAPTURED))
def test_captured_dump_flows(sample):
    parsed = parse_ofctl(CAPTURED[sample], "dump.txt")
    assert without_roles(parsed) == without_roles(SAMPLES[sample]().flows())


def test_live_ovs_dump_flows(ovs_lab, tmp_path):
    ovs_lab.add_bridge("br0", dpid=1, ports=(1, 2, 3))
    for build in SAMPLES.values():
        pipeline = build()
        path = tmp_path / "flows.ofctl"
        path.write_text(emit(pipeline, "ofctl"))
        ovs_lab.ofctl("del-flows", "br0")
        ovs_lab.ofctl("add-flows", "br0", str(path))
        dumped = parse_ofctl(ovs_lab.ofctl("dump-flows", "--no-names", "br0"), "dump-flows")
        key = lambda f: (f.table_id, -f.priority, repr(f.match))  # noqa: E731
        assert sorted(without_roles(dumped), key=key) == sorted(without_roles(pipeline.flows()), key=key)


def test_shorthands_and_oxm_names():
    text = """
    table=3,priority=7,udp6,udp_dst=53,ipv6_dst=2001:db8::/ffff:ffff::,actions=output:4
    priority=2,arp,nw_src=10.0.0.0/8,actions=LOCAL,IN_PORT
    priority=3,ipv6,nw_proto=58,icmpv6_type=135,actions=controller
    priority=4,dl_type=0x0800,nw_proto=6,tcp_src=0x100/0xff00,in_port=LOCAL,actions=output:CONTROLLER
    """
    a, b, c, d = parse_ofctl(text, "x.ofctl")
    assert a.table_id == 3 and a.priority == 7
    assert FieldMatch("udp_dst", 53) in a.match
    assert FieldMatch("ipv6_dst", 0x20010DB8 << 96, ((1 << 32) - 1) << 96) in a.match
    assert a.instructions == (ApplyActions((Output(4),)),)
    assert FieldMatch("arp_spa", 10 << 24, 0xFF000000) in b.match
    assert b.instructions == (ApplyActions((Output(PORT_NAMES["LOCAL"]), Output(PORT_NAMES["IN_PORT"]))),)
    assert FieldMatch("icmpv6_type", 135) in c.match
    assert c.instructions == (ApplyActions((Output(PORT_NAMES["CONTROLLER"], 0xFFFF),)),)
    assert FieldMatch("tcp_src", 0x100, 0xFF00) in d.match
    assert FieldMatch("in_port", PORT_NAMES["LOCAL"]) in d.match
    assert d.priority == 4 and d.cookie == 0


def test_canonicalizes_like_ovs_ofctl():
    (flow,) = parse_ofctl("priority=5,tcp,nw_src=10.1.2.3/8,nw_dst=0.0.0.0/0,metadata=0xff/0xf0,"
                          "tp_src=0/0,actions=write_metadata:0x3,goto_table:4")
    assert flow.match == (FieldMatch("metadata", 0xF0, 0xF0), FieldMatch("eth_type", 0x0800),
                          FieldMatch("ip_proto", 6), FieldMatch("ipv4_src", 10 << 24, 0xFF000000))
    assert flow.instructions == (WriteMetadata(3, (1 << 64) - 1), GotoTable(4))


@pytest.mark.parametrize("line, message, column", [
    ("priority=1,tcp,tp_dst=80,actions=resubmit(,2)", "unsupported action 'resubmit", 34),
    ("priority=1,tcp,tp_dst=80,actions=resubmit:2", "unsupported action 'resubmit:2'", 34),
    ("priority=1,tp_dst=80,actions=drop", "tp_dst needs tcp, udp or sctp", 12),
    ("priority=1,ip,nw_src=10.0.0.300,actions=drop", "'10.0.0.300' is not an IPv4 address", 22),
    ("priority=70000,actions=drop", "out of range", 10),
    ("priority=1,tcp,bogus=3,actions=drop", "unsupported match field 'bogus'", 16),
    ("priority=1,ipv6,nw_src=10.0.0.1,actions=drop", "nw_src needs ip", 17),
    ("priority=1,tcp,udp,actions=drop", "conflicting ip_proto", 16),
    ("priority=1,tcp", "flow has no actions=", 1),
    ("priority=1,in_port=eth0,actions=drop", "--no-names", 20),
    ("priority=1,actions=drop,output:1", "drop cannot be combined", 20),
])
def test_errors_name_file_line_column(line, message, column):
    with pytest.raises(AclcError) as caught:
        parse_ofctl(f"# comment\n{line}\n", "flows.ofctl")
    error = caught.value
    assert message in error.message
    assert (error.pos.file, error.pos.line, error.pos.column) == ("flows.ofctl", 2, column)
    assert str(error).startswith(f"flows.ofctl:2:{column}: error: ")


# ------------------------------------------------------------------ property: emit then parse is the identity

from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.emit.ofctl import flow_line
from aclc.pipeline import FIELD_WIDTH, FlowEntry, sort_match

PROTOCOLS = [(0x0800, None), (0x0800, 6), (0x0800, 17), (0x0800, 132), (0x0800, 1), (0x0800, 47),
             (0x86DD, None), (0x86DD, 6), (0x86DD, 17), (0x86DD, 58), (0x0806, None), (0x88CC, None), (None, None)]


@st.composite
def masked(draw, name, maskable=True):
    width = FIELD_WIDTH[name]
    value = draw(st.integers(0, (1 << width) - 1))
    if not maskable or draw(st.booleans()):
        return FieldMatch(name, value)
    mask = draw(st.integers(1, (1 << width) - 2))
    return FieldMatch(name, value & mask, mask)


@st.composite
def flows(draw):
    eth_type, ip_proto = draw(st.sampled_from(PROTOCOLS))
    fields = []
    if eth_type is not None:
        fields.append(FieldMatch("eth_type", eth_type))
    if ip_proto is not None:
        fields.append(FieldMatch("ip_proto", ip_proto))
    optional = ["in_port", "metadata"]
    optional += {0x0800: ["ipv4_src", "ipv4_dst"], 0x86DD: ["ipv6_src", "ipv6_dst"],
                 0x0806: ["arp_spa", "arp_tpa"]}.get(eth_type, [])
    proto = {6: "tcp", 17: "udp", 132: "sctp"}.get(ip_proto)
    if proto:
        optional += [f"{proto}_src", f"{proto}_dst"]
    if ip_proto in (1, 58):
        kind = "icmpv4" if ip_proto == 1 else "icmpv6"
        optional += [f"{kind}_type", f"{kind}_code"]
    for name in draw(st.lists(st.sampled_from(optional), unique=True)):
        if name == "in_port":
            fields.append(FieldMatch("in_port", draw(st.integers(1, 0xFEFF))))
        else:
            fields.append(draw(masked(name, maskable=not name.startswith("icmp"))))
    outputs = draw(st.lists(st.sampled_from([Output(1), Output(7), Output(PORT_NAMES["NORMAL"]),
                                             Output(PORT_NAMES["CONTROLLER"], 0xFFFF),
                                             Output(PORT_NAMES["CONTROLLER"], 128)]), max_size=2, unique=True))
    instructions = []
    if outputs:
        instructions.append(ApplyActions(tuple(outputs)))
    if draw(st.booleans()):
        instructions.append(WriteMetadata(draw(st.integers(0, 255)), 0xFF))
    table_id = draw(st.integers(0, 253))
    if draw(st.booleans()):
        instructions.append(GotoTable(draw(st.integers(table_id + 1, 254))))  # gotos only go forward
    return FlowEntry(table_id, draw(st.integers(0, 65535)), sort_match(fields),
                     tuple(instructions), draw(st.integers(0, (1 << 64) - 2)))  # all ones is reserved


@settings(max_examples=300, deadline=None)
@given(flows())
def test_emit_then_parse_is_identity(flow):
    (parsed,) = parse_ofctl(flow_line(flow), "random.ofctl")
    assert replace(parsed, role=flow.role) == flow
