"""Priorities from the dependency graph, and the overlap index that finds its edges."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError, SourcePos
from aclc.lower import CompileOptions, compile_policy
from aclc.lower.overlap import AddressIndex, ByLevel, conflict_levels, conflict_successors, rule_key, rules_overlap
from aclc.lower.priorities import assign_priorities, dependency_graph, rule_levels
from aclc.policy import ETH_IPV4, ETH_IPV6, Action, Policy, PortRange, Prefix, Rule
from strategies import boundary_packets, decision_mismatches, policies, witness_packet


def rule(index, action=Action.PERMIT, **fields):
    return Rule(index, action, SourcePos("p.acl", index + 1, 1), **fields)


def brute_force_edges(policy: Policy) -> set[tuple[int, int]]:
    keys = [rule_key(r) for r in policy.rules]
    return {
        (i, j)
        for i in range(len(keys)) for j in range(i + 1, len(keys))
        if keys[i][-1] != keys[j][-1] and rules_overlap(policy.rules[i], policy.rules[j])
    }


@settings(max_examples=400, deadline=None)
@given(policy=policies(max_rules=12))
def test_index_finds_exactly_the_overlapping_pairs(policy):
    found = {(i, j) for i, succ in enumerate(conflict_successors(policy)) for j in succ}
    assert found == brute_force_edges(policy)


@settings(max_examples=300, deadline=None)
@given(policy=policies(max_rules=10))
def test_overlap_means_a_common_packet(policy):
    """The overlap test agrees with the evaluator: overlapping rules share a witness packet."""
    for i, a in enumerate(policy.rules):
        for b in policy.rules[i + 1:]:
            assert rules_overlap(a, b) == (witness_packet(a, b) is not None)


@settings(max_examples=200, deadline=None)
@given(policy=policies(max_rules=10))
def test_levels_are_longest_paths_of_the_networkx_graph(policy):
    graph = dependency_graph(policy)
    assert nx.is_directed_acyclic_graph(graph)
    levels = rule_levels(conflict_successors(policy))
    for i in graph.nodes:
        longest = max((len(p) - 1 for t in graph.nodes if graph.out_degree(t) == 0
                       for p in nx.all_simple_paths(graph, i, t)), default=0) if graph.out_degree(i) else 0
        assert levels[i] == longest
    priorities = assign_priorities(policy, 5, 65535)
    for i, j in graph.edges:
        assert priorities[i] > priorities[j]
    assert all(p > 5 for p in priorities)


def test_only_competing_rules_are_ordered():
    p = Policy("p", (
        rule(0, Action.DENY, dst=(Prefix(0x0A000001, 32, 32),)),  # beats rule 2 only
        rule(1, Action.DENY, dst=(Prefix(0x0A000002, 32, 32),)),  # beats rule 2 only
        rule(2, Action.PERMIT, dst=(Prefix(0x0A000000, 24, 32),)),
        rule(3, Action.PERMIT, eth_type=ETH_IPV6),  # competes with nobody
        rule(4, Action.DENY, dst=(Prefix(0x0A000001, 32, 32),)),  # shadowed; must stay below rule 2
    ))
    assert set(dependency_graph(p).edges) == {(0, 2), (1, 2), (2, 4)}
    assert assign_priorities(p, 1, 65535) == (4, 4, 3, 2, 2)


@pytest.mark.slow
def test_more_rules_than_priorities_fit_when_chains_are_short():
    # 70,000 rules on distinct hosts: no two compete, so one level above the default is enough.
    rules = tuple(
        rule(i, Action.PERMIT if i % 2 else Action.DENY, dst=(Prefix(0x0A000000 + i, 32, 32),))
        for i in range(70_000)
    )
    p = Policy("many", rules)
    assert set(assign_priorities(p, 1, 65535)) == {2}
    pipeline = compile_policy(p, CompileOptions(target="ovs"))
    assert pipeline.flow_count == 70_001
    sample = Policy("many", rules[:5] + rules[-5:])
    assert not decision_mismatches(p, pipeline, boundary_packets(sample))


def test_a_chain_longer_than_the_priority_range_is_refused():
    # Nested prefixes with alternating actions: every rule must beat every later one.
    chain = tuple(
        rule(i, Action.PERMIT if i % 2 else Action.DENY, dst=(Prefix(0x0A000000, 32 - i, 32),))
        for i in range(20)
    )
    p = Policy("chain", chain)
    assert assign_priorities(p, 1, 21) == tuple(range(21, 1, -1))
    with pytest.raises(AclcError) as info:
        assign_priorities(p, 1, 20)
    assert "needs 20 priority levels" in info.value.message and "only 19 fit" in info.value.message
    assert info.value.pos == SourcePos("p.acl", 1, 1)
    with pytest.raises(AclcError, match="needs 20 priority levels"):
        compile_policy(p, CompileOptions(target="ovs", priority_base=100, priority_max=110))


def test_log_is_part_of_the_effect():
    p = Policy("p", (
        rule(0, Action.PERMIT, log=True, ip_proto=6),
        rule(1, Action.PERMIT, ip_proto=6, dst_ports=(PortRange(80, 80),)),
    ))
    assert dependency_graph(p).edges == {(0, 1)}


def test_ethertype_none_rules_meet_every_family():
    p = Policy("p", (
        rule(0, Action.DENY, eth_type=None, in_ports=(3,)),
        rule(1, Action.PERMIT, eth_type=ETH_IPV6, in_ports=(3, 4)),
        rule(2, Action.PERMIT, eth_type=ETH_IPV4, in_ports=(4,)),
    ))
    assert dependency_graph(p).edges == {(0, 1)}


def _levels_from_all_edges(policy: Policy) -> list[int]:
    return rule_levels(conflict_successors(policy))


@pytest.mark.parametrize("thresholds", [(128, 16, 32, 16, 64, 20_000, 1 / 16, 1024, 2, 3000),
                                        (128, 16, 32, 16, 64, 20_000, 1 / 16, 1024, 2, 0),
                                        (0, 1, 0, 0, 1, 0, 0, 1024, 30, 0), (0, 1, 10**9, 0, 1, 0, 2, 0, 0, 0),
                                        (0, 3, 1, 1, 2, 0, 0, 1024, 8, 0), (1, 0, 0, 0, 0, 0, 2, 2, 4, 0),
                                        (0, 0, 1, 10**9, 10**9, 0, 0, 1024, 1, 0),
                                        (128, 16, 32, 16, 64, 20_000, 0, 1024, 3, 0),
                                        (128, 16, 32, 16, 64, 20_000, 2, 0, 2, 5)])
@settings(max_examples=120, deadline=None)
@given(policy=policies(max_rules=14))
def test_levels_without_edges_match_the_levels_of_every_edge(policy, thresholds):
    """conflict_levels skips most overlap checks; it must still find each rule's longest
    chain and name a real successor on it. Small thresholds force every shortcut; _SHARE_FROM
    puts every protocol in one group (0) or each in its own (2); the last two split the lists
    of rules open on one address by destination ports (up to that many classes) and by that
    many first bits of the other address; a group of at most _SMALL_GROUP rules is scanned
    in level order once another group found a level (0: never)."""
    import aclc.lower.overlap as overlap

    names = ("_INTERSECT_ABOVE", "_SCAN_FIRST", "_SEARCH_ABOVE", "_OPEN_SIDE_ABOVE", "_HEAVY", "_LAYOUT_ABOVE",
             "_SHARE_FROM", "_PORT_CLASSES", "_BLOCK_BITS", "_SMALL_GROUP")
    saved = [getattr(overlap, name) for name in names]
    for name, value in zip(names, thresholds):
        setattr(overlap, name, value)
    try:
        levels, next_on_chain = conflict_levels(policy)
    finally:
        for name, value in zip(names, saved):
            setattr(overlap, name, value)
    assert levels == _levels_from_all_edges(policy)
    successors = conflict_successors(policy)
    for i, j in enumerate(next_on_chain):
        if levels[i] == 0:
            assert j == -1
        else:
            assert j in successors[i] and levels[j] == levels[i] - 1


def _nested_policy(seed: int, n: int, protocols: int = 1) -> Policy:
    """Rules over a few nested prefixes of 10.0.0.0/8 (many rules per prefix), often open on
    one address, with narrow port sets: every lookup of conflict_levels gets used."""
    import random

    rnd = random.Random(seed)
    nets = sorted({Prefix(((10 << 24) | (v << 20)) & (((1 << length) - 1) << (32 - length)), length, 32)
                   for v in range(4) for length in (8, 10, 12)})

    def address():
        return None if rnd.random() < 0.3 else (rnd.choice(nets),)

    def ports():
        lo = rnd.choice((0, 20, 80, 443))
        return None if rnd.random() < 0.5 else (PortRange(lo, lo + rnd.choice((0, 0, 100))),)

    rules = []
    for i in range(n):
        src, dst = address(), address()
        # Mostly TCP, with UDP and any-protocol rules: groups that hold several protocols.
        proto = 6 if protocols == 1 else rnd.choice((6, 6, 17, None))
        rules.append(rule(i, rnd.choice((Action.PERMIT, Action.DENY)), eth_type=ETH_IPV4, ip_proto=proto,
                          src=src, dst=dst, dst_ports=ports() if proto is not None else None))
    return Policy("p", tuple(rules))


@pytest.mark.parametrize("thresholds", [(0, 0, 1, 0, 1, 0, 0, 1024, 12, 0), (0, 1, 10**9, 0, 2, 0, 2, 0, 2, 0),
                                        (2, 0, 0, 3, 5, 0, 0, 3, 10, 0), (0, 0, 1, 0, 1, 0, 2, 1024, 0, 0),
                                        (0, 0, 1, 0, 1, 0, 2, 1024, 12, 30)])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("protocols", [1, 3])
def test_levels_without_edges_on_nested_prefixes_open_sides(seed, thresholds, protocols):
    """Heavy prefixes and rules open on one address are looked up by their other address."""
    import aclc.lower.overlap as overlap

    policy = _nested_policy(seed, 90, protocols)
    names = ("_INTERSECT_ABOVE", "_SCAN_FIRST", "_SEARCH_ABOVE", "_OPEN_SIDE_ABOVE", "_HEAVY", "_LAYOUT_ABOVE",
             "_SHARE_FROM", "_PORT_CLASSES", "_BLOCK_BITS", "_SMALL_GROUP")
    saved = [getattr(overlap, name) for name in names]
    for name, value in zip(names, thresholds):
        setattr(overlap, name, value)
    try:
        levels, next_on_chain = conflict_levels(policy)
    finally:
        for name, value in zip(names, saved):
            setattr(overlap, name, value)
    assert levels == _levels_from_all_edges(policy)
    assert max(levels) > 3


@pytest.mark.parametrize("name", ["acl1_1k", "fw1_1k", "ipc1_1k"])
def test_levels_without_edges_on_classbench(name, classbench_dir):
    from aclc.importers.classbench_format import read_classbench

    policy = read_classbench(classbench_dir / name, actions="alternate")
    levels, _ = conflict_levels(policy)
    assert levels == _levels_from_all_edges(policy)
    assert max(levels) > 5  # these sets have real chains


# The address index on its own, against brute force, on an 8-bit address space (dense overlaps).
prefixes8 = st.tuples(st.integers(0, 255), st.integers(0, 8)).map(
    lambda vl: (vl[0] >> (8 - vl[1]) << (8 - vl[1]), (vl[0] >> (8 - vl[1]) << (8 - vl[1])) | ((1 << (8 - vl[1])) - 1)))
rule_prefixes = st.lists(st.lists(prefixes8, min_size=1, max_size=3), min_size=0, max_size=25)


def _disjoint(intervals):
    """A rule's prefixes as rule_key gives them: sorted, without one inside another."""
    kept = [iv for iv in set(intervals)
            if not any(o != iv and o[0] <= iv[0] and iv[1] <= o[1] for o in intervals)]
    return tuple(sorted(kept))


@settings(max_examples=200, deadline=None)
@given(rules=rule_prefixes, query=st.lists(prefixes8, min_size=1, max_size=3))
def test_address_index_finds_the_rules_whose_prefixes_meet(rules, query):
    rules = [_disjoint(r) for r in rules]
    query = _disjoint(query)
    index = AddressIndex(8, [iv for r in rules for iv in r])
    for j, intervals in enumerate(rules):
        index.add(j, intervals)
    found = {j for part in index.parts(query) for j in part}
    inside, around = index.spans(query)
    assert found == {j for a, b in inside for part in index.lists[a:b] for j in part} | {j for part in around for j in part}
    assert found == {j for j, r in enumerate(rules)
                     if any(lo <= qhi and qlo <= hi for lo, hi in r for qlo, qhi in query)}


@settings(max_examples=200, deadline=None)
@given(rules=rule_prefixes, data=st.data())
def test_address_index_search_finds_the_highest_level_that_meets(rules, data):
    rules = [_disjoint(r) for r in rules]
    levels = [data.draw(st.integers(0, 6)) for _ in rules]
    meeting = data.draw(st.sets(st.integers(0, max(0, len(rules) - 1))))
    index = AddressIndex(8, [iv for r in rules for iv in r], rank=lambda j: -levels[j])
    for j in range(len(rules) - 1, -1, -1):  # the order conflict_levels adds rules in
        index.add(j, rules[j], levels[j])
    for part in index.lists:
        assert [levels[j] for j in part] == sorted((levels[j] for j in part), reverse=True)
    a = data.draw(st.integers(0, len(index.lists)))
    b = data.draw(st.integers(a, len(index.lists)))
    floor = data.draw(st.integers(-1, 6))
    in_slice = {j for part in index.lists[a:b] for j in part}
    expected = max((levels[j] for j in in_slice if j in meeting and levels[j] > floor), default=floor)
    best, rule = index.search(a, b, floor, levels, meeting.__contains__)
    assert best == expected
    assert rule == -1 if best == floor else (rule in in_slice and rule in meeting and levels[rule] == best)


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 9)), max_size=30))
def test_by_level_keeps_rules_highest_level_first_in_the_order_added(added):
    by_level = ByLevel()
    for rule, level in added:
        by_level.add(rule, level)
    expected = [rule for _, rule in sorted(((-level, k), rule) for k, (rule, level) in enumerate(added))]
    assert list(by_level) == expected
    assert by_level.size == len(added)
    ranked = by_level.ranked()
    assert [level for level, _ in ranked] == sorted({level for _, level in added}, reverse=True)


@settings(max_examples=100, deadline=None)
@given(policy=policies(max_rules=12))
def test_rule_keys_give_the_key_and_flat_form_of_every_rule(policy):
    from aclc.lower.overlap import _flat, rule_keys

    keys, flat = rule_keys(policy)
    assert keys == [rule_key(r) for r in policy.rules]
    assert flat == [_flat(key) for key in keys]
