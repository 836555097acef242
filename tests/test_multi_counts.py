"""Counting and building the multi-table ACL without repeating work: the shared counts of
single and multi equal the separate ones, the ACL table built with per-port-set matches
made once equals one built rule by rule, and the quick rule-shape check refuses exactly
what the full one refuses."""

from __future__ import annotations

import dataclasses
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strategies as shared
from aclc.errors import AclcError
from aclc.lower import CompileOptions, compile_policy, count_flows, parse_continuation
from aclc.lower.expand import _check_rule_shape, check_rule_shape, rule_dimensions
from aclc.lower.multi import (
    _metadata_matches, count_multi_flows, count_single_and_multi, lower_multi, plan_multi,
)
from aclc.lower.priorities import assign_priorities
from aclc.pipeline import FIELD_RANK, make_cookie
from aclc.policy import PortRange
from aclc.profiles import get_profile
from test_multi import WEB, _example_policies

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _options(target: str, table_base: int = 0):
    profile = get_profile(target)
    options = CompileOptions(target=target, table_base=table_base).resolved(profile)
    return profile, dataclasses.replace(options, permit=parse_continuation(profile.default_permit))


def _assert_counts_agree(policy, table_base: int = 0) -> None:
    profile, options = _options("ovs", table_base)
    plan = plan_multi(policy, table_base)
    single, multi = count_single_and_multi(policy, profile, options, plan)
    assert single == count_flows(policy, profile, "single")
    assert multi == count_multi_flows(policy, profile, options, plan) == count_multi_flows(policy, profile, options)


def _reference_acl(policy, profile, options, priorities, plan):
    """The ACL table's (priority, match, instructions, cookie) built rule by rule, each
    rule's metadata matches made anew and every match sorted into OXM order."""
    out = []
    from aclc.lower.single import decision_instructions

    for rule in policy.rules:
        dims = rule_dimensions(rule, profile, "classified")
        metadata = _metadata_matches(rule, plan)
        if metadata is not None:
            dims.append(metadata)
        dims.sort(key=lambda dim: FIELD_RANK[dim[0].field])
        instructions = decision_instructions(rule.action, rule.log, options.permit)
        for match in product(*dims):
            out.append((priorities[rule.index], match, instructions, make_cookie(rule.index)))
    return out


def _assert_acl_as_built_rule_by_rule(policy, target: str) -> None:
    profile, options = _options(target)
    options = dataclasses.replace(options, strategy="multi")
    priorities = assign_priorities(policy, options.priority_base, options.priority_max)
    plan = plan_multi(policy)
    try:
        reference = _reference_acl(policy, profile, options, priorities, plan)
    except AclcError as error:
        with pytest.raises(AclcError) as raised:
            lower_multi(policy, profile, options, priorities, plan)
        assert str(raised.value) == str(error)
        return
    built = lower_multi(policy, profile, options, priorities, plan).tables[-1].flows
    assert built[-1].role == "default"
    # Lowering keeps one flow per (priority, match) and instructions, the first one (.unique).
    first: dict = {}
    expected = []
    for flow in reference:
        kept = first.setdefault(flow[:2], flow)
        if kept is flow or kept[2] != flow[2]:
            expected.append(flow)
    assert [(f.priority, f.match, f.instructions, f.cookie) for f in built[:-1]] == expected


def test_shared_counts_equal_the_separate_counts_on_hand_built_and_example_policies():
    _assert_counts_agree(WEB)
    _assert_counts_agree(WEB, table_base=3)
    seen = 0
    for _label, policy in _example_policies():
        _assert_counts_agree(policy)
        seen += 1
    assert seen >= 4


@pytest.mark.parametrize("name", ["acl1_1k", "fw1_1k", "ipc1_1k"])
def test_shared_counts_and_built_acl_on_classbench(classbench_dir, name):
    from aclc.importers.classbench_format import read_classbench

    policy = read_classbench(classbench_dir / name)
    _assert_counts_agree(policy)
    for target in ("ovs", "lagopus"):
        _assert_acl_as_built_rule_by_rule(policy, target)
    # The chosen strategy's reason names both counts, as counted separately.
    profile, options = _options("ovs")
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    single = count_flows(policy, profile, "single")[0]
    multi = count_multi_flows(policy, profile, options)[0]
    assert f"{single:,}" in pipeline.strategy_reason and f"{multi:,}" in pipeline.strategy_reason


@SETTINGS
@given(shared.policies(max_rules=10), st.integers(0, 3))
def test_shared_counts_equal_the_separate_counts_on_random_policies(policy, table_base):
    _assert_counts_agree(policy, table_base)


@SETTINGS
@given(shared.policies(max_rules=10), st.sampled_from(["ovs", "lagopus"]))
def test_acl_table_equals_the_one_built_rule_by_rule(policy, target):
    _assert_acl_as_built_rule_by_rule(policy, target)


def test_rules_of_one_port_set_share_one_plan_entry():
    rules = [dataclasses.replace(WEB.rules[1], index=0), dataclasses.replace(WEB.rules[1], index=1, log=False),
             dataclasses.replace(WEB.rules[0], index=2)]
    policy = dataclasses.replace(WEB, rules=tuple(rules))
    plan = plan_multi(policy)
    assert plan.rule_ids[0] is plan.rule_ids[1] and plan.rule_ids[0]
    assert plan.rule_ids[2] != plan.rule_ids[0]
    profile, options = _options("lagopus")
    flows = lower_multi(policy, profile, options, (9, 8, 7), plan).tables[-1].flows
    # Same metadata matches for the two rules, each under its own cookie and instructions.
    first = [f for f in flows if f.cookie == make_cookie(0)]
    second = [f for f in flows if f.cookie == make_cookie(1)]
    assert [f.match for f in first] == [f.match for f in second] and first[0].instructions != second[0].instructions


def _odd_shapes(rule):
    """The rule, and variants breaking one OpenFlow 1.3 prerequisite each."""
    yield rule
    for change in (dict(src=()), dict(dst=()), dict(src_ports=()), dict(dst_ports=()), dict(in_ports=()),
                   dict(icmp_code=0), dict(icmp_type=8), dict(ip_proto=1, dst_ports=(PortRange(1, 2),)),
                   dict(ip_proto=47, src_ports=(PortRange(0, 0xFFFF),)), dict(eth_type=None),
                   dict(eth_type=0x0806, ip_proto=6), dict(eth_type=0x88B5)):
        yield dataclasses.replace(rule, **change)


def _refusal(check, rule):
    try:
        check(rule)
    except AclcError as error:
        return str(error)
    return None


@SETTINGS
@given(shared.rules())
def test_quick_shape_check_refuses_exactly_what_the_full_check_refuses(rule):
    for variant in _odd_shapes(rule):
        assert _refusal(check_rule_shape, variant) == _refusal(_check_rule_shape, variant)


def _classes_from_every_rule(policy):
    """Classes made from every rule's port set, repeats included (the plain form)."""
    from aclc.lower.classify import classify_ports, port_groups

    groups = port_groups(policy)
    return {key: classify_ports(key[0], key[1], groups[key]) for key in groups}


@SETTINGS
@given(shared.policies(max_rules=12))
def test_classes_from_distinct_port_sets_equal_those_from_every_rule(policy):
    from aclc.lower.classify import classify_policy

    # Repeat some rules, so that port sets repeat within a group.
    policy = dataclasses.replace(policy, rules=tuple(
        dataclasses.replace(rule, index=i) for i, rule in enumerate(policy.rules + policy.rules[::2])))
    classes = classify_policy(policy)
    assert classes == _classes_from_every_rule(policy)


@pytest.mark.parametrize("name", ["acl1_1k", "fw1_1k", "ipc1_1k"])
def test_classes_from_distinct_port_sets_on_classbench(classbench_dir, name):
    from aclc.importers.classbench_format import read_classbench
    from aclc.lower.classify import classify_policy, distinct_port_groups, port_groups

    policy = read_classbench(classbench_dir / name)
    distinct, every = distinct_port_groups(policy), port_groups(policy)
    assert distinct.keys() == every.keys()
    assert any(len(distinct[key]) < len(every[key]) for key in every)
    assert classify_policy(policy) == _classes_from_every_rule(policy)
