"""The overlap index (aclc.semantics.boxes): it may name pairs that do not overlap,
never miss one that does; ``within`` only narrows the answer."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.semantics.boxes import OverlapIndex, bitset, iter_bits
from aclc.semantics.encoding import Space
from aclc.semantics.policy import rule_match

from strategies import policies


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(max_rules=8), st.integers(min_value=0))
def test_index_names_every_overlapping_pair(policy, within):
    space = Space()
    index = OverlapIndex(policy)
    matches = [rule_match(space, r) for r in policy.rules]
    for rule in policy.rules:
        named = index.meeting(rule)
        assert named >> rule.index & 1
        for other in policy.rules:
            if (matches[rule.index] & matches[other.index]) != space.false:
                assert named >> other.index & 1, (rule, other)
        assert index.meeting(rule, within) == named & within


@given(st.lists(st.integers(min_value=0, max_value=3000), max_size=40))
def test_bitset_sets_exactly_the_given_bits(indices):
    bits = bitset(indices)
    assert sorted(set(indices)) == list(iter_bits(bits))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 4)), min_size=1, max_size=3),
                min_size=1, max_size=24))
def test_prefix_nesting_is_answered_exactly(drawn):
    """Rules that differ only in destination prefixes (deep nests, siblings, repeats): the
    index names exactly the rules whose prefixes meet, i.e. where one contains the other,
    ancestors of every depth and everything inside included."""
    from aclc.errors import SourcePos
    from aclc.policy import Action, Policy, Prefix, Rule

    def prefix(value, length):
        return Prefix((value << 28) & (((1 << length) - 1) << (32 - length)), length, 32)

    rules = tuple(Rule(i, Action.PERMIT, SourcePos("t", 1, 1), dst=tuple(sorted({prefix(v, n) for v, n in sets})))
                  for i, sets in enumerate(drawn))
    index = OverlapIndex(Policy("t", rules))

    def meet(a, b):
        shorter = min(a.length, b.length)
        return (a.value ^ b.value) >> (32 - shorter) == 0

    for rule in rules:
        expected = {other.index for other in rules if any(meet(a, b) for a in rule.dst for b in other.dst)}
        assert set(iter_bits(index.meeting(rule))) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 4)), min_size=1, max_size=16),
       st.lists(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 4)), min_size=1, max_size=3),
                min_size=1, max_size=6))
def test_a_rule_of_another_policy_meets_every_rule_it_overlaps(drawn, queries):
    """Prefixes the index was not built from (as diff asks with changed rules): rules at
    prefixes inside them are named too, not only those at their ancestors."""
    from aclc.errors import SourcePos
    from aclc.policy import Action, Policy, Prefix, Rule

    def prefix(value, length):
        return Prefix((value << 28) & (((1 << length) - 1) << (32 - length)), length, 32)

    rules = tuple(Rule(i, Action.PERMIT, SourcePos("t", 1, 1), dst=(prefix(v, n),)) for i, (v, n) in enumerate(drawn))
    index = OverlapIndex(Policy("t", rules))

    def meet(a, b):
        shorter = min(a.length, b.length)
        return (a.value ^ b.value) >> (32 - shorter) == 0

    for sets in queries:
        query = Rule(0, Action.DENY, SourcePos("q", 1, 1), dst=tuple(sorted({prefix(v, n) for v, n in sets})))
        expected = {other.index for other in rules if any(meet(a, b) for a in query.dst for b in other.dst)}
        assert set(iter_bits(index.meeting(query))) == expected
