"""Hand-built Pipelines that every emitter test uses, and checks that they are well formed.

They cover what lowering can produce: IPv4/IPv6/ARP matches, prefix and
non-prefix masks, masked and exact L4 ports, ICMP type/code, in_port, logging
(output to CONTROLLER), a multi-table layout with write_metadata, goto_table and
metadata masks, and the default flow.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from aclc.errors import SourcePos
from aclc.pipeline import (
    CONTROLLER_MAX_LEN, PORT_NAMES, ApplyActions, Continuation, FieldMatch, FlowEntry, GotoTable,
    Output, Pipeline, Table, WriteMetadata, make_cookie, sort_match,
)
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy, Rule

CONTROLLER = Output(PORT_NAMES["CONTROLLER"], CONTROLLER_MAX_LEN)
NORMAL = Output(PORT_NAMES["NORMAL"])


def v4(text: str) -> int:
    return int(ipaddress.IPv4Address(text))


def v6(text: str) -> int:
    return int(ipaddress.IPv6Address(text))


def m(*fields) -> tuple[FieldMatch, ...]:
    return sort_match(FieldMatch(*f) for f in fields)


def _policy(name: str, count: int, file: str) -> Policy:
    rules = tuple(
        Rule(index=i, action=Action.PERMIT if i % 2 == 0 else Action.DENY,
             origin=SourcePos(file, 10 + i, 3), name=f"r{i}" if i % 3 == 0 else None,
             remark=f"line {i}" if i % 3 == 1 else None)
        for i in range(count)
    )
    return Policy(name=name, rules=rules, default_origin=SourcePos(file, 40, 1))


def single_pipeline() -> Pipeline:
    """One table for Open vSwitch: masked ports allowed, NORMAL continuation."""
    permit = Continuation((ApplyActions((NORMAL,)),), "NORMAL")
    p = lambda i: 100 - i  # noqa: E731
    flows = (
        FlowEntry(0, p(0), m(("eth_type", ETH_IPV4), ("ip_proto", 6),
                             ("ipv4_src", v4("10.0.0.0"), 0xFF000000), ("tcp_dst", 0x50, 0xFFF0)),
                  (ApplyActions((NORMAL, CONTROLLER)),), make_cookie(0)),
        FlowEntry(0, p(1), m(("eth_type", ETH_IPV4), ("ip_proto", 17),
                             ("ipv4_dst", v4("192.0.0.1"), v4("255.0.0.255")), ("udp_src", 53)),
                  (), make_cookie(1)),
        FlowEntry(0, p(2), m(("eth_type", ETH_IPV6), ("ip_proto", 6),
                             ("ipv6_src", v6("2001:db8::"), v6("ffff:ffff::")), ("tcp_src", 1024, 0xFC00),
                             ("ipv6_dst", v6("2001:db8:1::80"))),
                  (ApplyActions((NORMAL,)),), make_cookie(2)),
        FlowEntry(0, p(3), m(("eth_type", ETH_IPV4), ("ip_proto", 1), ("icmpv4_type", 8), ("icmpv4_code", 0),
                             ("in_port", 3)),
                  (), make_cookie(3)),
        FlowEntry(0, p(4), m(("eth_type", ETH_IPV6), ("ip_proto", 58), ("icmpv6_type", 128)),
                  (ApplyActions((NORMAL,)),), make_cookie(4)),
        FlowEntry(0, p(5), m(("eth_type", ETH_ARP), ("arp_spa", v4("10.1.0.0"), 0xFFFF0000),
                             ("arp_tpa", v4("10.1.2.3"))),
                  (), make_cookie(5)),
        FlowEntry(0, p(6), m(("eth_type", ETH_IPV4), ("ip_proto", 132), ("sctp_dst", 3868),
                             ("ipv4_src", v4("198.51.100.7"))),
                  (ApplyActions((NORMAL,)),), make_cookie(6)),
        FlowEntry(0, p(7), m(("eth_type", ETH_IPV4), ("ip_proto", 47)),
                  (ApplyActions((CONTROLLER,)),), make_cookie(7)),
        FlowEntry(0, p(8), m(("eth_type", 0x88CC)), (ApplyActions((NORMAL,)),), make_cookie(8)),
        FlowEntry(0, 1, (), (), make_cookie(None), "default"),
    )
    return Pipeline((Table(0, "acl", flows),), 0, "ovs", "single", permit, _policy("edge", 9, "edge.acl"))


def multi_pipeline(table_base: int = 0) -> Pipeline:
    """Lagopus-style classification: port classes into metadata, ACL matches metadata masks."""
    t0, t1, t2 = table_base, table_base + 1, table_base + 2
    permit = Continuation((GotoTable(100),), "goto_table:100")
    src = (
        FlowEntry(t0, 10, m(("eth_type", ETH_IPV4), ("ip_proto", 6), ("tcp_src", 22)),
                  (WriteMetadata(0x1, 0x3), GotoTable(t1)), make_cookie(None), "classify"),
        FlowEntry(t0, 5, m(("eth_type", ETH_IPV4), ("ip_proto", 6)),
                  (WriteMetadata(0x2, 0x3), GotoTable(t1)), make_cookie(None), "classify"),
        FlowEntry(t0, 1, (), (GotoTable(t1),), make_cookie(None), "classify"),
    )
    dst = (
        FlowEntry(t1, 10, m(("eth_type", ETH_IPV4), ("ip_proto", 6), ("tcp_dst", 443)),
                  (WriteMetadata(0x4, 0xC), GotoTable(t2)), make_cookie(None), "classify"),
        FlowEntry(t1, 10, m(("eth_type", ETH_IPV4), ("ip_proto", 6), ("tcp_dst", 80)),
                  (WriteMetadata(0x8, 0xC), GotoTable(t2)), make_cookie(None), "classify"),
        FlowEntry(t1, 1, (), (GotoTable(t2),), make_cookie(None), "classify"),
    )
    acl = (
        FlowEntry(t2, 30, m(("metadata", 0x4, 0xC), ("eth_type", ETH_IPV4), ("ip_proto", 6),
                            ("ipv4_dst", v4("203.0.113.0"), 0xFFFFFF00)),
                  (GotoTable(100),), make_cookie(0)),
        FlowEntry(t2, 20, m(("metadata", 0x1, 0x3), ("eth_type", ETH_IPV4), ("ip_proto", 6)),
                  (ApplyActions((CONTROLLER,)),), make_cookie(1)),
        FlowEntry(t2, 10, m(("metadata", 0x8, 0xC), ("eth_type", ETH_IPV4), ("ip_proto", 6),
                            ("ipv4_src", v4("10.0.0.0"), 0xFF000000)),
                  (ApplyActions((CONTROLLER,)), GotoTable(100)), make_cookie(2)),
        FlowEntry(t2, 1, (), (), make_cookie(None), "default"),
    )
    tables = (Table(t0, "src-ports", src), Table(t1, "dst-ports", dst), Table(t2, "acl", acl))
    return Pipeline(tables, t0, "lagopus", "multi", permit, _policy("dc", 3, "dc.acl"))


SAMPLES = {"single": single_pipeline, "multi": multi_pipeline}


def test_samples_have_canonical_matches():
    for build in SAMPLES.values():
        for flow in build().flows():
            assert flow.match == sort_match(flow.match)
            for f in flow.match:
                if f.mask is not None:
                    assert f.value & ~f.mask == 0, flow


def test_sample_cookies_name_rules_of_their_policy():
    for build in SAMPLES.values():
        pipeline = build()
        for flow in pipeline.flows():
            if flow.rule_index is not None:
                assert flow.rule_index < len(pipeline.policy.rules)


# ------------------------------------------------------------------ golden files

GOLDEN = Path(__file__).resolve().parent / "golden" / "emit"


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/emit/NAME; ACLC_REGEN_GOLDEN=1 rewrites it on purpose."""
    path = GOLDEN / name
    if os.environ.get("ACLC_REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return
    assert path.exists(), f"golden file {path} is missing: run with ACLC_REGEN_GOLDEN=1 once"
    assert text == path.read_text(), f"{name} differs from its golden file (ACLC_REGEN_GOLDEN=1 to accept)"


# ------------------------------------------------------------------ reading os-ken messages back

def flow_from_os_ken(msg) -> FlowEntry:
    """An os-ken OFPFlowMod as a FlowEntry, to compare what os-ken would send with what we meant."""
    from os_ken.ofproto import ofproto_v1_3 as ofp
    from os_ken.ofproto import ofproto_v1_3_parser as parser

    from aclc.pipeline import FIELD_WIDTH

    fields = []
    for name, value in msg.match.items():
        mask = None
        if isinstance(value, tuple):
            value, mask = value
        if isinstance(value, str):
            value = int(ipaddress.ip_address(value))
            mask = None if mask is None else int(ipaddress.ip_address(mask))
        if mask == (1 << FIELD_WIDTH[name]) - 1:
            mask = None
        fields.append(FieldMatch(name, value, mask))
    order = {parser.OFPInstructionActions: 0, parser.OFPInstructionWriteMetadata: 1,
             parser.OFPInstructionGotoTable: 2}
    instructions = []
    for ins in sorted(msg.instructions, key=lambda i: order[type(i)]):
        if isinstance(ins, parser.OFPInstructionActions):
            assert ins.type == ofp.OFPIT_APPLY_ACTIONS
            instructions.append(ApplyActions(tuple(Output(a.port, a.max_len) for a in ins.actions)))
        elif isinstance(ins, parser.OFPInstructionWriteMetadata):
            instructions.append(WriteMetadata(ins.metadata, ins.metadata_mask))
        else:
            instructions.append(GotoTable(ins.table_id))
    assert msg.command == ofp.OFPFC_ADD
    return FlowEntry(msg.table_id, msg.priority, sort_match(fields), tuple(instructions), msg.cookie)


def comparable(flow: FlowEntry) -> FlowEntry:
    """A flow as os-ken carries it: no role, and max_len only where it means something."""
    from dataclasses import replace

    def out(a):
        return a if a.port == PORT_NAMES["CONTROLLER"] else Output(a.port, 0)

    ins = tuple(ApplyActions(tuple(out(a) for a in i.actions)) if isinstance(i, ApplyActions) else i
                for i in flow.instructions)
    return replace(flow, role="rule", instructions=ins)
