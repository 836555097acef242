"""Properties of lowering on random policies: the pipeline decides every packet exactly
like the ACL, for every profile and strategy, and never leaves the winner of a
packet to chance (two overlapping flows, one priority, different actions)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError
from aclc.lower import CompileOptions, compile_policy, count_flows, multi_available, parse_continuation
from aclc.lower.priorities import assign_priorities
from aclc.lower.single import lower_single
from aclc.pipeline import sort_match
from aclc.policy import Action, Policy
from aclc.profiles import get_profile
from strategies import (
    boundary_packets, decision_mismatches, packets_for, policies, same_priority_conflicts, witness_packet,
)

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

COMBINATIONS = [
    ("ovs", "single"), ("ovs", "exact"),
    ("lagopus", "exact"), ("lagopus", "single"),
    ("of13", "exact"), ("of13", "single"),
]


def _has_wide_port_range(policy: Policy) -> bool:
    return any(r.lo != r.hi for rule in policy.rules for ports in (rule.src_ports, rule.dst_ports)
               if ports and not (len(ports) == 1 and ports[0] == (0, 65535)) for r in ports)


def check_lowering(policy: Policy, pipeline, extra_packets=()) -> None:
    packets = boundary_packets(policy) + list(extra_packets)
    bad = decision_mismatches(policy, pipeline, packets)
    assert not bad, f"{len(bad)} packets decided differently, first: {bad[0]}"
    conflicts = same_priority_conflicts(pipeline)
    assert not conflicts, f"overlapping flows share a priority and act differently: {conflicts[0]}"
    for flow in pipeline.flows():  # emitters and switches expect OXM order
        assert flow.match == sort_match(flow.match), flow


@pytest.mark.parametrize("target,strategy", COMBINATIONS)
@SETTINGS
@given(data=st.data())
def test_pipeline_decides_like_the_acl(target, strategy, data):
    policy = data.draw(policies(max_rules=7, max_port_span=6))
    options = CompileOptions(target=target, strategy=strategy,
                             priority_base=data.draw(st.sampled_from((1, 7, 1000))))
    if strategy == "single" and not get_profile(target).honours_mask("tcp_dst") and _has_wide_port_range(policy):
        # The profile ignores port masks: a range must be refused, never emitted as masks.
        with pytest.raises(AclcError, match="does not honour"):
            compile_policy(policy, options)
        return
    # Negated prefixes times exact port values can reach thousands of flows per rule; the
    # property is the same on smaller ones and the packet evaluator scans every flow.
    assume(count_flows(policy, get_profile(target), strategy)[0] <= 1500)
    pipeline = compile_policy(policy, options)
    randoms = data.draw(st.lists(packets_for(policy), min_size=20, max_size=20))
    check_lowering(policy, pipeline, randoms)


@SETTINGS
@given(data=st.data())
def test_wide_ranges_on_ovs_single(data):
    """Wide and negated port ranges as masked prefix covers (Open vSwitch)."""
    policy = data.draw(policies(max_rules=8))
    # Negated prefixes times negated port ranges can reach a hundred thousand flows, and the
    # packet evaluator scans every flow for every packet: keep to tables it can scan.
    assume(count_flows(policy, get_profile("ovs"), "single")[0] <= 1500)
    pipeline = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))
    assert pipeline.strategy == "single"
    check_lowering(policy, pipeline, data.draw(st.lists(packets_for(policy), min_size=30, max_size=30)))


@pytest.mark.skipif(not multi_available(), reason="multi-table strategy not present")
@pytest.mark.parametrize("target", ["lagopus", "of13"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_multi_decides_like_the_acl(target, data):
    policy = data.draw(policies(max_rules=6))
    pipeline = compile_policy(policy, CompileOptions(target=target, strategy="multi"))
    check_lowering(policy, pipeline, data.draw(st.lists(packets_for(policy), min_size=20, max_size=20)))


@SETTINGS
@given(policy=policies(max_rules=8, max_port_span=6), data=st.data())
def test_continuations_and_table_base(policy, data):
    permit = data.draw(st.sampled_from(("goto_table:200", "output:3", "CONTROLLER")))
    assume(count_flows(policy, get_profile("lagopus"), "exact")[0] <= 1500)
    pipeline = compile_policy(policy, CompileOptions(
        target="lagopus", strategy="exact", permit=parse_continuation(permit), table_base=50))
    assert pipeline.entry_table == 50
    check_lowering(policy, pipeline)


# ------------------------------------------------- the checks can fail


def _needs_order() -> Policy:
    """Two overlapping rules that decide differently: order matters."""
    from aclc.errors import SourcePos
    from aclc.policy import PortRange, Prefix, Rule

    return Policy("needs-order", (
        Rule(0, Action.DENY, SourcePos("t", 1), ip_proto=6, dst_ports=(PortRange(22, 22),)),
        Rule(1, Action.PERMIT, SourcePos("t", 2), dst=(Prefix(0x0A000000, 8, 32),)),
    ))


def _broken(policy: Policy, priorities) -> object:
    profile = get_profile("ovs")
    options = CompileOptions(target="ovs", strategy="single", permit=parse_continuation("NORMAL")).resolved(profile)
    return lower_single(policy, profile, options, tuple(priorities))


def test_reversed_priorities_are_caught():
    policy = _needs_order()
    good = assign_priorities(policy, 1, 65535)
    assert good[0] > good[1]
    check_lowering(policy, _broken(policy, good))
    pipeline = _broken(policy, reversed(good))
    witness = witness_packet(*policy.rules)  # a TCP port-22 packet to 10/8: both rules match
    assert decision_mismatches(policy, pipeline, [witness])
    with pytest.raises(AssertionError):
        check_lowering(policy, pipeline, [witness])


def test_equal_priorities_are_caught():
    policy = _needs_order()
    pipeline = _broken(policy, (5, 5))
    assert same_priority_conflicts(pipeline)
    with pytest.raises(AssertionError):
        check_lowering(policy, pipeline)


@settings(max_examples=100, deadline=None)
@given(policy=policies(max_rules=6, max_port_span=6))
def test_broken_assignments_are_found_on_random_policies(policy):
    """Whenever the dependency graph has an edge, putting every rule at one priority leaves
    overlapping flows with different actions side by side, and the check says so.
    (Reversal is checked on a fixed policy above: on random ones a later rule with the
    same action can hide it.)"""
    from aclc.lower.overlap import conflict_successors
    successors = conflict_successors(policy)
    if not any(successors):
        return
    flat = _broken(policy, [2] * len(policy.rules))
    assert same_priority_conflicts(flat)
