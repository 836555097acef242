"""Flow reduction (aclc.lower.reduce): fewer flows, the same decisions, proved."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.errors import SourcePos
from aclc.lower import CompileOptions, compile_policy
from aclc.lower.reduce import cover_with_dont_care, reduce_pipeline
from aclc.policy import ETH_IPV4, PROTO_TCP, PROTO_UDP, Action, Policy, PortRange, Prefix, Rule
from aclc.ranges import range_to_prefixes
from aclc.semantics.verify import verify
from strategies import boundary_packets, decision_mismatches, policies, same_priority_conflicts

SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

HOST_A = Prefix(0x0A000001, 32, 32)
HOST_B = Prefix(0x0A000002, 32, 32)
NET = Prefix(0x0A000000, 24, 32)


def rule(i, action, src=HOST_A, dst=HOST_B, sports=None, dports=None, proto=PROTO_TCP):
    return Rule(i, Action(action), SourcePos("t.acl", i + 1), ip_proto=proto, src=(src,), dst=(dst,),
                src_ports=sports, dst_ports=dports)


def policy_of(*rules, default="deny"):
    return Policy("t", tuple(rules), Action(default))


def ovs(policy, reduce=True):  # reduction is off by default (see aclc.options)
    return compile_policy(policy, CompileOptions(target="ovs", reduce=reduce))


def rule_flows(pipeline, index):
    return [f for f in pipeline.flows() if f.rule_index == index]


def test_cover_with_dont_care_takes_the_fewest_prefixes():
    high = (PortRange(1024, 65535),)
    assert cover_with_dont_care(high, high) == range_to_prefixes(1024, 65535, 16)
    assert cover_with_dont_care(high, (PortRange(0, 65535),)) == [(0, 0)]
    # 1300-1349 alone is 5 prefixes; with 1280-1299 free it is 1280/10 + 1344/14 + 1348/15
    assert len(range_to_prefixes(1300, 1349, 16)) == 5
    assert cover_with_dont_care((PortRange(1300, 1349),), (PortRange(1280, 1349),)) == [
        (1280, 10), (1344, 14), (1348, 15)]
    for lo, hi, free_lo, free_hi in [(3, 17, 0, 2), (1000, 3000, 3001, 4095), (5, 5, 0, 65535)]:
        must = (PortRange(lo, hi),)
        may = (PortRange(min(lo, free_lo), max(hi, free_hi)),)
        cover = cover_with_dont_care(must, may)
        covered = {v for value, n in cover for v in range(value, value + (1 << (16 - n)))}
        assert set(range(lo, hi + 1)) <= covered <= set(range(may[0].lo, may[0].hi + 1))
        assert len(cover) <= len(range_to_prefixes(lo, hi, 16))


def test_a_range_widens_into_an_earlier_rule_above_it():
    # deny dport 0-2047 (above the permit: they overlap), then permit dport 1024-65535 of the
    # same hosts: one permit flow, any port.
    policy = policy_of(rule(0, "deny", dports=(PortRange(0, 2047),)),
                       rule(1, "permit", dports=(PortRange(1024, 65535),)))
    naive, reduced = ovs(policy, reduce=False), ovs(policy)
    assert len(rule_flows(naive, 1)) == 6
    [flow] = rule_flows(reduced, 1)
    assert flow.field("tcp_dst") is None
    assert rule_flows(reduced, 0)[0].priority > flow.priority
    result = verify(policy, reduced)
    assert result.ok and result.stats["method"] == "translation validation"


def test_a_rule_an_earlier_one_shadows_keeps_no_flow():
    policy = policy_of(rule(0, "deny", src=NET, dports=(PortRange(0, 1023),)),
                       rule(1, "permit", dports=(PortRange(21, 23),)),
                       rule(2, "permit", dports=(PortRange(8081, 8083),), src=NET))
    reduced = ovs(policy)
    assert rule_flows(reduced, 1) == []
    assert len(rule_flows(reduced, 2)) == 2  # 8081/16 and 8082/15: nothing above or beside it
    result = verify(policy, reduced)
    assert result.ok and result.stats["method"] == "translation validation"


def test_a_rule_that_decides_like_the_default_takes_ports_nothing_else_decides():
    # Nothing at or below the deny decides otherwise for these hosts: its ports need no match.
    policy = policy_of(rule(0, "permit", src=HOST_B, dst=HOST_A, dports=(PortRange(80, 80),)),
                       rule(1, "deny", dports=(PortRange(1024, 65535),)),
                       rule(2, "permit", src=HOST_B, dst=HOST_A, dports=(PortRange(1, 2),)))
    reduced = ovs(policy)
    [flow] = rule_flows(reduced, 1)
    assert flow.field("tcp_dst") is None
    assert verify(policy, reduced).ok
    # A permit of the same hosts at the deny's priority blocks exactly its ports.
    blocked = policy_of(rule(0, "deny", dports=(PortRange(1300, 1349),)),
                        rule(1, "permit", src=NET, dports=(PortRange(1000, 1023),)))
    naive, reduced = ovs(blocked, reduce=False), ovs(blocked)
    assert len(rule_flows(naive, 0)) == 5
    [flow] = rule_flows(reduced, 0)
    assert (flow.field("tcp_dst").value, flow.field("tcp_dst").mask) == (1024, 0xFC00)
    assert not decision_mismatches(blocked, reduced, boundary_packets(blocked))
    assert verify(blocked, reduced).ok


def test_a_widening_that_would_repeat_a_flow_is_not_made():
    # Rule 1 may take every port (rule 0 decides alike beside it), but its one flow would then
    # be rule 0's flow again: the switch would replace one by the other. It keeps its own.
    policy = policy_of(rule(0, "permit"), rule(1, "permit", dports=(PortRange(1300, 1349),)))
    reduced = ovs(policy)
    assert len(rule_flows(reduced, 1)) == 5
    keys = [(f.priority, f.match) for f in reduced.flows()]
    assert len(keys) == len(set(keys))
    assert verify(policy, reduced).ok


def test_a_wrong_widening_is_caught_by_the_proof():
    # Widen the permit to every port although nothing covers 0-1022: the proof must refuse it.
    policy = policy_of(rule(0, "deny", dports=(PortRange(1023, 1023),)),
                       rule(1, "permit", dports=(PortRange(1024, 65535),)))
    reduced = ovs(policy)
    assert len(rule_flows(reduced, 1)) == 6  # nothing to reduce
    naive = ovs(policy, reduce=False)
    from dataclasses import replace

    from aclc.pipeline import Table
    table = naive.tables[0]
    first = rule_flows(naive, 1)[0]
    flows = [f for f in table.flows if f.rule_index != 1]
    flows.insert(1, replace(first, match=tuple(m for m in first.match if m.field != "tcp_dst")))
    bad = replace(naive, tables=(Table(table.table_id, table.name, tuple(flows)),))
    assert not verify(policy, bad).ok


def test_only_masked_port_pipelines_are_reduced():
    policy = policy_of(rule(0, "deny", dports=(PortRange(0, 3),)),
                       rule(1, "permit", dports=(PortRange(4, 7),)))
    for target, strategy in (("lagopus", "exact"), ("ovs", "exact"), ("of13", "exact")):
        pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
        assert reduce_pipeline(pipeline) is pipeline
        for flow in pipeline.flows():
            for m in flow.match:
                assert not (m.field.endswith(("_src", "_dst")) and m.field.startswith("tcp") and m.mask)


ports = st.sampled_from([None, (PortRange(0, 1023),), (PortRange(1024, 65535),), (PortRange(22, 22),),
                         (PortRange(80, 80),), (PortRange(1300, 1349),), (PortRange(0, 79),),
                         (PortRange(81, 65535),), (PortRange(0, 65535),)])
hosts = st.sampled_from([HOST_A, HOST_B, NET, Prefix(0, 0, 32)])


@st.composite
def overlapping_policies(draw):
    """Small ACLs over nested addresses and port ranges that border each other: the shapes
    reduction works on."""
    n = draw(st.integers(1, 7))
    rules = []
    for i in range(n):
        sp, dp = draw(ports), draw(ports)
        rules.append(Rule(i, draw(st.sampled_from((Action.PERMIT, Action.DENY))), SourcePos("t.acl", i + 1),
                          eth_type=ETH_IPV4, ip_proto=draw(st.sampled_from((PROTO_TCP, PROTO_TCP, PROTO_UDP))),
                          src=_addr(draw(hosts)), dst=_addr(draw(hosts)),
                          src_ports=None if sp == (PortRange(0, 65535),) else sp, dst_ports=dp))
    return Policy("t", tuple(rules), draw(st.sampled_from((Action.DENY, Action.PERMIT))))


def _addr(prefix):
    return None if prefix.length == 0 else (prefix,)


def _check(policy):
    reduced = ovs(policy)
    naive = ovs(policy, reduce=False)
    assert reduced.flow_count <= naive.flow_count
    bad = decision_mismatches(policy, reduced, boundary_packets(policy))
    assert not bad, bad[0]
    assert not same_priority_conflicts(reduced)
    result = verify(policy, reduced)
    assert result.ok, result.describe()
    assert verify(policy, reduced, method="full").ok


@SETTINGS
@given(overlapping_policies())
def test_reduced_tables_decide_like_the_acl(policy):
    _check(policy)


@SETTINGS
@given(policies(max_rules=6))
def test_reduced_tables_decide_like_the_acl_on_random_policies(policy):
    _check(policy)


def test_compile_reduce_flag(tmp_path, capsys):
    from aclc.cli import main

    acl = tmp_path / "t.acl"
    acl.write_text("acl t {\n    default deny\n"
                   "    deny tcp from host 10.0.0.1 to host 10.0.0.2 port 0-2047\n"
                   "    permit tcp from host 10.0.0.1 to host 10.0.0.2 port 1024-65535\n}\n")
    counts = {}
    for extra in ((), ("--reduce",)):
        assert main(["compile", str(acl), "-t", "ovs", "-f", "ofctl", "--stats", *extra]) == 0
        out, err = capsys.readouterr()
        assert "equivalent" in err
        counts[extra] = len([line for line in out.splitlines() if "priority=" in line])
    assert counts[("--reduce",)] == counts[()] - 5  # the permit's 6 prefix flows become one


def test_compile_reduce_says_when_multi_was_chosen_instead(tmp_path, capsys):
    from aclc.cli import main

    # Two wide ranges on both ports in many rules: ovs picks the multi-table strategy.
    lines = [f"    permit tcp from host 10.0.{i}.1 port 1024-65535 to host 10.1.{i}.2 port 1024-65535"
             for i in range(40)]
    acl = tmp_path / "wide.acl"
    acl.write_text("acl wide {\n    default deny\n" + "\n".join(lines) + "\n}\n")
    assert main(["compile", str(acl), "-t", "ovs", "-f", "ofctl", "--reduce"]) == 0
    _, err = capsys.readouterr()
    assert "--reduce left the flows as they are" in err and "multi" in err and "-s single" in err
    assert main(["compile", str(acl), "-t", "ovs", "-f", "ofctl", "--reduce", "-s", "single"]) == 0
    assert "--reduce left" not in capsys.readouterr().err


def test_a_flow_widened_past_its_rules_addresses_is_not_proved():
    # Rule 0's flow made to match every source: it now takes C -> B packets that rule 1
    # permits. Only ports may be widened by reduction; the proof must not accept this.
    host_c = Prefix(0x0B000001, 32, 32)
    policy = policy_of(rule(0, "deny", dports=(PortRange(1, 2),)), rule(1, "permit", src=host_c))
    naive = ovs(policy, reduce=False)
    from dataclasses import replace

    from aclc.pipeline import Table
    table = naive.tables[0]
    flows = [replace(f, match=tuple(m for m in f.match if m.field != "ipv4_src")) if f.rule_index == 0 else f
             for f in table.flows]
    bad = replace(naive, tables=(Table(table.table_id, table.name, tuple(flows)),))
    assert not verify(policy, bad).ok
