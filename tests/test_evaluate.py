"""The plain evaluators on hand-built policies and pipelines."""

from __future__ import annotations

import pytest

from aclc.errors import CheckFailed, SourcePos
from aclc.evaluate import LOG_OUTPUT, AmbiguousMatch, evaluate_pipeline, evaluate_policy, rule_matches
from aclc.lower import parse_continuation
from aclc.packet import Packet
from aclc.pipeline import (
    ApplyActions, Effect, FieldMatch, FlowEntry, GotoTable, Output, Pipeline, Table, WriteMetadata,
    make_cookie,
)
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy, PortRange, Prefix, Rule

NORMAL = parse_continuation("NORMAL")
GOTO = parse_continuation("goto_table:100")
POS = SourcePos("t.acl", 1, 1)


def tcp(src=0x0A000001, dst=0x0A000002, sport=1000, dport=80, in_port=1):
    return Packet(in_port=in_port, eth_type=ETH_IPV4, src=src, dst=dst, ip_proto=6, src_port=sport, dst_port=dport)


def rule(index=0, action=Action.PERMIT, **fields):
    return Rule(index, action, SourcePos("t.acl", index + 1, 1), **fields)


# ------------------------------------------------------------- policies


def test_first_match_wins_and_default_applies():
    policy = Policy("p", (
        rule(0, Action.DENY, ip_proto=6, dst_ports=(PortRange(22, 22),)),
        rule(1, Action.PERMIT, dst=(Prefix(0x0A000000, 8, 32),)),
    ))
    assert evaluate_policy(policy, tcp(dport=22), NORMAL) == (0, Effect())
    assert evaluate_policy(policy, tcp(dport=23), NORMAL) == (1, NORMAL.effect())
    assert evaluate_policy(policy, tcp(dst=0x0B000000), NORMAL) == (None, Effect())


def test_ports_need_the_protocol_and_a_packet_that_has_them():
    r = rule(ip_proto=6, dst_ports=(PortRange(80, 80),))
    assert rule_matches(r, tcp(dport=80))
    udp = Packet(eth_type=ETH_IPV4, ip_proto=17, dst_port=80)
    assert not rule_matches(r, udp)
    # A rule that restricts ports without naming the protocol still needs a packet with ports.
    loose = rule(dst_ports=(PortRange(80, 80),))
    assert not rule_matches(loose, Packet(eth_type=ETH_IPV4, ip_proto=1))


def test_families_arp_and_in_port():
    v6 = rule(eth_type=ETH_IPV6, src=(Prefix(0x20010DB8 << 96, 32, 128),))
    assert rule_matches(v6, Packet(eth_type=ETH_IPV6, src=(0x20010DB8 << 96) | 5))
    assert not rule_matches(v6, Packet(eth_type=ETH_IPV4, src=0x20010DB8))
    arp = rule(eth_type=ETH_ARP, dst=(Prefix(0x0A000000, 24, 32),))
    assert rule_matches(arp, Packet(eth_type=ETH_ARP, dst=0x0A0000FE))
    anything_on_2 = rule(eth_type=None, in_ports=(2,))
    assert rule_matches(anything_on_2, Packet(in_port=2, eth_type=0x88CC))
    assert not rule_matches(anything_on_2, Packet(in_port=1, eth_type=0x88CC))


def test_icmp_type_and_code():
    r = rule(ip_proto=1, icmp_type=3, icmp_code=4)
    assert rule_matches(r, Packet(eth_type=ETH_IPV4, ip_proto=1, icmp_type=3, icmp_code=4))
    assert not rule_matches(r, Packet(eth_type=ETH_IPV4, ip_proto=1, icmp_type=3, icmp_code=3))
    assert not rule_matches(r, Packet(eth_type=ETH_IPV4, ip_proto=6, icmp_type=3, icmp_code=4))


def test_log_adds_a_controller_copy():
    policy = Policy("p", (rule(0, Action.DENY, log=True), rule(1, log=True)), default_log=True)
    assert evaluate_policy(policy, tcp(), GOTO) == (0, Effect(frozenset({LOG_OUTPUT})))
    permit_log = Policy("p", (rule(0, Action.PERMIT, log=True),))
    assert evaluate_policy(permit_log, tcp(), GOTO) == (0, Effect(frozenset({LOG_OUTPUT}), 100))


# ------------------------------------------------------------- pipelines


def flow(table, priority, match, instructions, rule_index=None, role="rule"):
    return FlowEntry(table, priority, tuple(match), tuple(instructions), make_cookie(rule_index), role)


def pipeline(*tables, entry=0):
    return Pipeline(tuple(Table(t, f"t{t}", tuple(flows)) for t, flows in tables), entry, "of13", "multi",
                    GOTO, Policy("p", ()))


def test_highest_priority_wins_and_a_miss_drops():
    p = pipeline((0, [
        flow(0, 10, [FieldMatch("eth_type", ETH_IPV4), FieldMatch("ip_proto", 6), FieldMatch("tcp_dst", 80)], []),
        flow(0, 5, [FieldMatch("eth_type", ETH_IPV4)], [GotoTable(100)], 1),
    ]))
    decided, effect = evaluate_pipeline(p, tcp(dport=80))
    assert decided.priority == 10 and effect == Effect()
    decided, effect = evaluate_pipeline(p, tcp(dport=81))
    assert decided.priority == 5 and effect == Effect(goto=100)
    assert evaluate_pipeline(p, Packet(eth_type=ETH_IPV6)) == (None, Effect())


def test_missing_fields_do_not_match():
    p = pipeline((0, [flow(0, 10, [FieldMatch("tcp_dst", 80)], [GotoTable(100)])]))
    udp = Packet(eth_type=ETH_IPV4, ip_proto=17, dst_port=80)
    assert evaluate_pipeline(p, udp) == (None, Effect())
    v6 = pipeline((0, [flow(0, 10, [FieldMatch("ipv4_src", 0, 0)], [GotoTable(100)])]))
    assert evaluate_pipeline(v6, Packet(eth_type=ETH_IPV6))[0] is None


def test_masks_metadata_and_goto_chain():
    p = pipeline(
        (0, [flow(0, 9, [FieldMatch("ipv4_src", 0x0A000000, 0xFF000000)],
                  [ApplyActions((Output(7),)), WriteMetadata(0x5, 0xF), GotoTable(3)]),
             flow(0, 1, [], [WriteMetadata(0x1, 0xF), GotoTable(3)])]),
        (3, [flow(3, 5, [FieldMatch("metadata", 0x5, 0xF)], [GotoTable(100)], 0),
             flow(3, 4, [FieldMatch("metadata", 0x1, 0xF)], [])]),
    )
    decided, effect = evaluate_pipeline(p, tcp(src=0x0A0A0A0A))
    assert decided.table_id == 3 and effect == Effect(frozenset({Output(7)}), 100)
    decided, effect = evaluate_pipeline(p, tcp(src=0x0B000000))
    assert decided.priority == 4 and effect == Effect()


def test_outputs_applied_before_a_miss_stay():
    p = pipeline((0, [flow(0, 1, [], [ApplyActions((LOG_OUTPUT,)), GotoTable(1)])]), (1, []))
    assert evaluate_pipeline(p, tcp()) == (p.tables[0].flows[0], Effect(frozenset({LOG_OUTPUT})))


def test_same_priority_overlap_with_different_actions_is_ambiguous():
    p = pipeline((0, [
        flow(0, 3, [FieldMatch("ipv4_dst", 0x0A000002)], [GotoTable(100)], 0),
        flow(0, 3, [FieldMatch("eth_type", ETH_IPV4), FieldMatch("ip_proto", 6), FieldMatch("tcp_dst", 80)], [], 1),
    ]))
    with pytest.raises(AmbiguousMatch) as info:
        evaluate_pipeline(p, tcp(dport=80))
    assert {f.rule_index for f in info.value.flows} == {0, 1}
    # Same priority but only one matches: fine.
    assert evaluate_pipeline(p, tcp(dport=81))[1] == Effect(goto=100)


def test_same_priority_same_action_is_not_ambiguous():
    p = pipeline((0, [
        flow(0, 3, [FieldMatch("ipv4_dst", 0x0A000002)], [GotoTable(100)], 0),
        flow(0, 3, [FieldMatch("ipv4_src", 0x0A000001)], [GotoTable(100)], 1),
    ]))
    assert evaluate_pipeline(p, tcp())[1] == Effect(goto=100)


def test_backward_goto_is_refused():
    p = pipeline((0, [flow(0, 1, [], [GotoTable(2)])]), (2, [flow(2, 1, [], [GotoTable(1)])]))
    with pytest.raises(CheckFailed, match="forward"):
        evaluate_pipeline(p, tcp())
