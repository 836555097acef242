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
