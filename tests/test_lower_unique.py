"""One flow per (table, priority, match): repeated and shadowed rules give no second flow,
and the flow kept is the earliest rule's (the one first match makes decide)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.errors import SourcePos
from aclc.frontend import parse_policy_text
from aclc.lower import CompileOptions, compile_policy
from aclc.lower.expand import rule_matches
from aclc.lower.priorities import assign_priorities
from aclc.lower.single import STRATEGY_PORT_ENCODING, decision_instructions
from aclc.lower.unique import first_per_match, may_share_flows
from aclc.pipeline import FlowEntry, cookie_rule, make_cookie
from aclc.policy import Policy
from aclc.profiles import get_profile
from aclc.semantics.verify import verify
from strategies import boundary_packets, decision_mismatches, policies

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def repeated_keys(pipeline) -> list:
    counts = Counter((f.table_id, f.priority, f.match) for f in pipeline.flows())
    return [key for key, n in counts.items() if n > 1]


@st.composite
def policies_with_repeats(draw):
    """A random policy with some of its rules written again further down (same fields,
    sometimes the other action or log), so that rules share matches often."""
    base = draw(policies(max_rules=5, max_port_span=4))
    rules = list(base.rules)
    if rules:
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(rules) - 1))
            copy = rules[at]
            if draw(st.integers(0, 3)) == 0:
                copy = replace(copy, action=draw(st.sampled_from(type(copy.action))), log=draw(st.booleans()))
            rules.insert(draw(st.integers(at + 1, len(rules))), copy)
    numbered = tuple(replace(r, index=i, origin=SourcePos("<random>", i + 1, 1)) for i, r in enumerate(rules))
    return replace(base, rules=numbered)


@pytest.mark.parametrize("target,strategy", [("ovs", "single"), ("lagopus", "exact"), ("lagopus", "multi"),
                                             ("of13", "exact")])
@SETTINGS
@given(policy=policies_with_repeats())
def test_no_two_flows_share_table_priority_and_match(target, strategy, policy):
    pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
    assert repeated_keys(pipeline) == []
    assert not decision_mismatches(policy, pipeline, boundary_packets(policy))
    assert verify(policy, pipeline).ok


@pytest.mark.parametrize("target,strategy", [("ovs", "single"), ("lagopus", "exact")])
@SETTINGS
@given(policy=policies_with_repeats())
def test_one_table_flows_are_the_first_of_each_match(target, strategy, policy):
    """Lowering keeps exactly the first flow of each (priority, match) of the plain
    rule-by-rule expansion: the rule filter (may_share_flows) misses no repeat."""
    profile = get_profile(target)
    options = CompileOptions(target=target, strategy=strategy)
    pipeline = compile_policy(policy, options)
    priorities = assign_priorities(policy, *options.priority_range(profile))
    permit = pipeline.continuation
    plain = [FlowEntry(pipeline.entry_table, priorities[r.index], m,
                       decision_instructions(r.action, r.log, permit), make_cookie(r.index))
             for r in policy.rules for m in rule_matches(r, profile, STRATEGY_PORT_ENCODING[strategy])]
    (table,) = pipeline.tables
    assert list(table.flows[:-1]) == first_per_match(plain)
    kept = {(f.priority, f.match): f for f in table.flows}
    for flow in plain:  # the one kept is the earliest rule's, with that rule's instructions
        first = kept[flow.priority, flow.match]
        assert first.cookie <= flow.cookie and first.instructions == flow.instructions


ACL = """
acl edge {
    default deny
    permit tcp from { 10.0.0.0/8, 192.168.0.0/16 } to any port 80 name web
    permit tcp from { 10.0.0.0/8, 192.168.0.0/16 } to any port 80 name web-again
    permit tcp from 10.0.0.0/8 to any port 80 name web-ten
    deny tcp from 10.0.0.0/8 to any port 80 name no-web-ten
    permit udp from any to any port 53 name dns
}
"""


def test_the_rule_filter_flags_every_rule_that_may_share_a_flow():
    policy = parse_policy_text(ACL)
    shared = may_share_flows(policy.rules, assign_priorities(policy))
    assert shared[:3] == [True, True, True]
    assert shared[4] is False  # dns shares no prefixes with the others


@pytest.mark.parametrize("target", ["ovs", "lagopus", "of13"])
def test_a_repeated_rule_and_a_shadowed_rule_leave_their_flows_to_the_earlier_line(target):
    """web-again repeats web and web-ten is inside web with the same action: neither keeps a
    flow of its own, every one is credited to web. no-web-ten, also inside web but with the
    other action, sits at a lower priority and keeps its flow (which no packet reaches)."""
    policy = parse_policy_text(ACL)
    names = {r.name: r.index for r in policy.rules}
    pipeline = compile_policy(policy, CompileOptions(target=target))
    assert repeated_keys(pipeline) == []
    by_rule = Counter(cookie_rule(f.cookie) for f in pipeline.flows() if f.role != "classify")
    assert by_rule[names["web"]] == 2  # one flow per source network
    assert by_rule[names["web-again"]] == 0 and by_rule[names["web-ten"]] == 0
    assert by_rule[names["no-web-ten"]] == 1 and by_rule[names["dns"]] == 1
    web = [f for f in pipeline.flows() if cookie_rule(f.cookie) == names["web"]]
    assert all(f.instructions == pipeline.continuation.instructions for f in web)
    assert verify(policy, pipeline).ok


def test_a_line_written_three_times_keeps_the_first_lines_cookie_and_instructions():
    text = """
acl three {
    default permit
    deny tcp from 192.168.0.0/16 to any port 22 log name first
    deny tcp from 192.168.0.0/16 to any port 22 log name second
    deny tcp from 192.168.0.0/16 to any port 22 log name third
}
"""
    policy = parse_policy_text(text)
    for target in ("ovs", "lagopus", "of13"):
        pipeline = compile_policy(policy, CompileOptions(target=target))
        rule_flows = [f for f in pipeline.flows() if cookie_rule(f.cookie) is not None]
        assert len(rule_flows) == 1 and cookie_rule(rule_flows[0].cookie) == 0, target
        assert rule_flows[0].instructions == decision_instructions(
            policy.rules[0].action, True, pipeline.continuation)
        assert verify(policy, pipeline).ok


def test_real_classbench_sets_have_no_repeats():
    from pathlib import Path

    from aclc.importers.classbench_format import read_classbench

    path = Path(__file__).resolve().parents[2] / "shared" / "classbench" / "acl1_1k"
    if not path.exists():
        pytest.skip("ClassBench sets not present")
    policy = read_classbench(str(path))
    for target in ("ovs", "lagopus"):
        pipeline = compile_policy(policy, CompileOptions(target=target))
        assert repeated_keys(pipeline) == []
