"""Lowering on hand-written policies: profiles, strategies, refusals, actions, cookies."""

from __future__ import annotations

import pytest

import aclc.lower as lower
from aclc.errors import AclcError, SourcePos
from aclc.evaluate import LOG_OUTPUT
from aclc.lower import CompileOptions, compile_policy, count_flows, parse_continuation
from aclc.pipeline import (
    PORT_NAMES, ApplyActions, Continuation, FieldMatch, GotoTable, Output, cookie_rule, make_cookie,
)
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy, PortRange, Prefix, Rule
from aclc.profiles import PROFILES, get_profile
from aclc.ranges import difference_prefixes
from strategies import boundary_packets, decision_mismatches, same_priority_conflicts


def rule(index, action=Action.PERMIT, **fields):
    return Rule(index, action, SourcePos("fw.acl", 10 + index, 3), **fields)


def policy(*rules, default=Action.DENY, default_log=False):
    return Policy("fw", tuple(rules), default, default_log, SourcePos("fw.acl", 99, 1))


WEB = policy(
    rule(0, Action.DENY, ip_proto=6, src=(Prefix(0x0A000000, 8, 32),), dst_ports=(PortRange(1000, 1999),)),
    rule(1, ip_proto=6, dst_ports=(PortRange(80, 80), PortRange(443, 443))),
    rule(2, Action.DENY, log=True, eth_type=ETH_IPV6, ip_proto=58, icmp_type=128),
)


def fields(flow):
    return {f.field: f for f in flow.match}


# ------------------------------------------------------------------ profiles


def test_profiles_say_what_each_switch_honours():
    ovs, lagopus, of13 = get_profile("ovs"), get_profile("lagopus"), get_profile("of13")
    assert {"tcp_dst", "udp_src", "sctp_dst", "ipv4_src", "ipv6_dst", "metadata"} <= ovs.maskable
    for p in (lagopus, of13):
        assert not {"tcp_src", "tcp_dst", "udp_dst", "sctp_src", "ip_proto", "icmpv4_type"} & p.maskable
        assert {"ipv4_src", "ipv6_dst", "arp_spa", "arp_tpa", "metadata"} <= p.maskable
    assert {"eth_src", "eth_dst"} <= of13.maskable
    assert lagopus.min_priority == 1 and lagopus.num_tables == 255 and not lagopus.has_normal
    assert ovs.has_normal and not of13.has_normal
    assert sorted(PROFILES) == ["lagopus", "of13", "ovs"]
    with pytest.raises(AclcError, match="unknown target 'cisco'.*lagopus, of13, ovs"):
        get_profile("cisco")


# ------------------------------------------------------------------ strategies


def test_ovs_single_uses_masked_prefix_covers():
    p = compile_policy(WEB, CompileOptions(target="ovs"))
    assert p.strategy == "single" and p.entry_table == 0 and len(p.tables) == 1
    rule0 = [f for f in p.flows() if f.rule_index == 0]
    # 1000-1999 as a minimal prefix cover: 1000/8 1008/4 ... (7 masked flows)
    covered = set()
    for f in rule0:
        m = fields(f)["tcp_dst"]
        size = 1 if m.mask is None else (~m.mask & 0xFFFF) + 1
        covered.update(range(m.value, m.value + size))
        assert fields(f)["ipv4_src"] == FieldMatch("ipv4_src", 0x0A000000, 0xFF000000)
    assert covered == set(range(1000, 2000)) and len(rule0) == 7
    assert not decision_mismatches(WEB, p, boundary_packets(WEB))


def test_lagopus_single_refuses_a_port_range():
    with pytest.raises(AclcError) as info:
        compile_policy(WEB, CompileOptions(target="lagopus", strategy="single"))
    error = info.value
    assert error.pos == SourcePos("fw.acl", 10, 3)
    assert "tcp_dst" in error.message and "does not honour" in error.message and "--strategy exact" in error.message


def test_single_values_are_fine_without_port_masks():
    single_ports = policy(rule(0, ip_proto=17, dst_ports=(PortRange(53, 53), PortRange(123, 123))))
    p = compile_policy(single_ports, CompileOptions(target="lagopus", strategy="single"))
    assert sorted(fields(f)["udp_dst"] for f in p.flows() if f.role == "rule") == [
        FieldMatch("udp_dst", 53), FieldMatch("udp_dst", 123)]


def test_exact_matches_every_port_and_never_masks_ports():
    p = compile_policy(WEB, CompileOptions(target="lagopus", strategy="exact"))
    ports = sorted(fields(f)["tcp_dst"].value for f in p.flows() if f.rule_index == 0)
    assert ports == list(range(1000, 2000))
    profile = get_profile("lagopus")
    for f in p.flows():
        for m in f.match:
            assert m.mask is None or profile.honours_mask(m.field)
    assert p.flow_count == count_flows(WEB, profile, "exact")[0] == 1000 + 2 + 1 + 1
    assert not decision_mismatches(WEB, p, boundary_packets(WEB))


def test_default_strategy_for_lagopus_is_exact_when_it_fits():
    assert compile_policy(WEB, CompileOptions(target="lagopus")).strategy == "exact"
    assert compile_policy(WEB, CompileOptions(target="of13")).strategy == "exact"


def test_too_many_exact_flows_are_refused_with_the_rule_and_the_way_out(monkeypatch):
    wide = policy(rule(0), rule(1, ip_proto=6, src_ports=(PortRange(1024, 65535),),
                                 dst_ports=(PortRange(1024, 65535),)))
    monkeypatch.setattr(lower, "multi_available", lambda: False)
    with pytest.raises(AclcError) as info:
        compile_policy(wide, CompileOptions(target="lagopus"))
    error = info.value
    assert error.pos == SourcePos("fw.acl", 11, 3)
    assert "needs 4,161,798,146 flows" in error.message and "alone needs 4,161,798,144" in error.message and "--strategy multi or --target ovs" in error.message
    with pytest.raises(AclcError, match="more than the limit of 100"):
        compile_policy(WEB, CompileOptions(target="ovs", strategy="exact", max_flows=100))


def test_too_many_exact_flows_go_multi_when_it_exists():
    if not lower.multi_available():
        pytest.skip("multi-table strategy not present")
    wide = policy(rule(0, ip_proto=6, dst_ports=(PortRange(1024, 65535),)))
    assert compile_policy(wide, CompileOptions(target="lagopus", max_flows=2000)).strategy == "multi"


def test_unknown_strategy_and_bad_options():
    with pytest.raises(AclcError, match="unknown strategy 'fast'"):
        compile_policy(WEB, CompileOptions(target="ovs", strategy="fast"))
    with pytest.raises(AclcError, match="priority-0"):
        compile_policy(WEB, CompileOptions(target="lagopus", priority_base=0))
    with pytest.raises(AclcError, match="priority range"):
        compile_policy(WEB, CompileOptions(target="ovs", priority_base=5, priority_max=5))
    with pytest.raises(AclcError, match="table base 255"):
        compile_policy(WEB, CompileOptions(target="ovs", table_base=255))


# ------------------------------------------------------------------ OpenFlow shape


def test_prerequisites_on_every_flow():
    arp = rule(3, eth_type=ETH_ARP, dst=(Prefix(0x0A000001, 32, 32),))
    other = rule(4, Action.DENY, eth_type=0x88CC)
    everything_from_port_4 = rule(5, eth_type=None, in_ports=(4,))
    p = compile_policy(policy(*WEB.rules, arp, other, everything_from_port_4), CompileOptions(target="ovs"))
    for f in p.flows():
        names = [m.field for m in f.match]
        assert names == sorted(names, key=lambda n: __import__("aclc.pipeline").pipeline.FIELD_RANK[n])
        l3 = {"ip_proto", "ipv4_src", "ipv4_dst", "ipv6_src", "ipv6_dst", "arp_tpa", "icmpv6_type"}
        if l3 & set(names) or any(n.startswith(("tcp", "udp")) for n in names):
            assert "eth_type" in names
        if any(n.startswith(("tcp_", "udp_", "sctp_", "icmp")) for n in names):
            assert "ip_proto" in names
    by_rule = {f.rule_index: fields(f) for f in p.flows()}
    assert by_rule[2]["icmpv6_type"] == FieldMatch("icmpv6_type", 128)
    assert by_rule[2]["eth_type"].value == ETH_IPV6 and by_rule[2]["ip_proto"].value == 58
    assert by_rule[3] == {"eth_type": FieldMatch("eth_type", ETH_ARP), "arp_tpa": FieldMatch("arp_tpa", 0x0A000001)}
    assert by_rule[5] == {"in_port": FieldMatch("in_port", 4)}


def test_product_of_fields_and_negated_prefixes():
    # 10.0.0.0/8 except 10.1.0.0/16: a prefix set of 8 prefixes; two in_ports; two port values.
    src = difference_prefixes([Prefix(0x0A000000, 8, 32)], [Prefix(0x0A010000, 16, 32)], 32)
    r = rule(0, ip_proto=17, src=src, in_ports=(1, 2), dst_ports=(PortRange(53, 53), PortRange(67, 68)))
    pol = policy(r)
    for target, strategy, per_port in (("ovs", "single", 3), ("lagopus", "exact", 3)):
        p = compile_policy(pol, CompileOptions(target=target, strategy=strategy))
        assert p.flow_count == len(src) * 2 * per_port + 1
        assert not same_priority_conflicts(p)
        assert not decision_mismatches(pol, p, boundary_packets(pol))


def test_mask_free_full_width_and_no_field_for_any():
    r = rule(0, src=(Prefix(0x0A000001, 32, 32),), dst=(Prefix(0, 0, 32),), ip_proto=6,
             src_ports=(PortRange(0, 65535),))
    (f,) = [f for f in compile_policy(policy(r), CompileOptions(target="ovs")).flows() if f.role == "rule"]
    assert f.match == (FieldMatch("eth_type", ETH_IPV4), FieldMatch("ip_proto", 6), FieldMatch("ipv4_src", 0x0A000001))


def test_malformed_rules_are_refused_with_their_position():
    bad = rule(0, eth_type=ETH_IPV4, ip_proto=1, dst_ports=(PortRange(1, 2),))
    with pytest.raises(AclcError, match="port ranges without TCP") as info:
        compile_policy(policy(bad), CompileOptions(target="ovs"))
    assert info.value.pos == SourcePos("fw.acl", 10, 3)


# ------------------------------------------------------------------ actions


def test_actions_log_cookies_and_default():
    pol = policy(
        rule(0, Action.PERMIT, log=True, ip_proto=6),
        rule(1, Action.DENY, ip_proto=17),
        default=Action.PERMIT, default_log=True,
    )
    p = compile_policy(pol, CompileOptions(target="lagopus", priority_base=10))
    flows = {f.rule_index: f for f in p.flows()}
    assert flows[0].instructions == (ApplyActions((LOG_OUTPUT,)), GotoTable(100))
    assert LOG_OUTPUT == Output(PORT_NAMES["CONTROLLER"], 0xFFFF)
    assert flows[1].instructions == ()
    default = flows[None]
    assert default.role == "default" and default.match == () and default.priority == 10
    assert default.cookie == make_cookie(None) and cookie_rule(flows[0].cookie) == 0
    assert default.instructions == (ApplyActions((LOG_OUTPUT,)), GotoTable(100))
    assert min(f.priority for f in p.flows() if f.role == "rule") > 10

    ovs = compile_policy(pol, CompileOptions(target="ovs"))
    normal_log = {f.rule_index: f for f in ovs.flows()}[0]
    assert normal_log.instructions == (ApplyActions((Output(PORT_NAMES["NORMAL"]), LOG_OUTPUT)),)


# ------------------------------------------------------------------ continuations


@pytest.mark.parametrize("text,instructions,canonical", [
    ("goto_table:100", (GotoTable(100),), "goto_table:100"),
    ("NORMAL", (ApplyActions((Output(PORT_NAMES["NORMAL"]),)),), "NORMAL"),
    ("controller", (ApplyActions((Output(PORT_NAMES["CONTROLLER"], 0xFFFF),)),), "CONTROLLER"),
    ("output:2", (ApplyActions((Output(2),)),), "output:2"),
    ("output:LOCAL", (ApplyActions((Output(PORT_NAMES["LOCAL"]),)),), "output:LOCAL"),
])
def test_parse_continuation(text, instructions, canonical):
    assert parse_continuation(text) == Continuation(instructions, canonical)


@pytest.mark.parametrize("text", ["goto_table:x", "goto_table:255", "output:0", "output:4294967295", "flood", "",
                                  "goto_table:\u0665", "output:\u00b2", "output:\u0664"])
def test_bad_continuations(text):
    with pytest.raises(AclcError, match="continuation|table|port"):
        parse_continuation(text)


def test_continuations_are_checked_against_the_target():
    with pytest.raises(AclcError, match="no NORMAL port"):
        compile_policy(WEB, CompileOptions(target="lagopus", permit=parse_continuation("NORMAL")))
    with pytest.raises(AclcError, match="after the ACL's own tables 5..5"):
        compile_policy(WEB, CompileOptions(target="ovs", permit=parse_continuation("goto_table:5"), table_base=5))
    p = compile_policy(WEB, CompileOptions(target="ovs", permit=parse_continuation("goto_table:6"), table_base=5))
    assert p.entry_table == 5 and {f.table_id for f in p.flows()} == {5}
    assert compile_policy(WEB, CompileOptions(target="ovs")).continuation.text == "NORMAL"
    assert compile_policy(WEB, CompileOptions(target="lagopus")).continuation.text == "goto_table:100"
