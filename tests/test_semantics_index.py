"""The overlap index (aclc.semantics.boxes): it may name pairs that do not overlap,
never miss one that does; ``within`` only narrows the answer."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.semantics.boxes import OverlapIndex, bitset, iter_bits
from aclc.semantics.encoding import Space
from aclc.semantics.policy import rule_match

from strategies import policies
from test_lint_boxes import box_policies


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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 255), st.sampled_from([0, 1, 2, 4, 6, 8])), min_size=1, max_size=16),
       st.lists(st.tuples(st.integers(0, 255), st.sampled_from([1, 3, 5, 7, 8, 32])), min_size=1, max_size=8))
def test_one_prefix_the_index_was_not_built_from(drawn, queries):
    """A single prefix (often one address, as lint asks about example packets) that no rule names:
    the rules at its ancestors (found from its deepest ancestor in the table) and inside it; the
    same answer when asked again (the ancestors' bitsets are kept)."""
    from aclc.errors import SourcePos
    from aclc.policy import Action, Policy, Prefix, Rule

    def prefix(value, length):
        return Prefix((value << 24) & (((1 << length) - 1) << (32 - length)) if length else 0, length, 32)

    rules = tuple(Rule(i, Action.PERMIT, SourcePos("t", 1, 1), dst=(prefix(v, n),)) for i, (v, n) in enumerate(drawn))
    index = OverlapIndex(Policy("t", rules))

    def meet(a, b):
        shorter = min(a.length, b.length)
        return shorter == 0 or (a.value ^ b.value) >> (32 - shorter) == 0

    for _ in range(2):
        for v, n in queries:
            query = Rule(0, Action.DENY, SourcePos("q", 1, 1), dst=(prefix(v, n),))
            expected = {other.index for other in rules if meet(query.dst[0], other.dst[0])}
            assert set(iter_bits(index.meeting(query))) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40000), max_size=300), st.integers(0, 12))
def test_iter_bits_of_wide_bitsets(indices, skip):
    """Wide bitsets are walked byte by byte after the first few indices: the same indices, in order,
    also when the walk is stopped early."""
    bits = bitset(indices)
    expected = sorted(set(indices))
    assert list(iter_bits(bits)) == expected
    walk = iter_bits(bits)
    assert [next(walk, None) for _ in range(skip)] == (expected + [None] * skip)[:skip]


def _point_rule(packet, template):
    """The rule matching exactly the fields ``packet`` carries."""
    import dataclasses

    from aclc.policy import ADDRESS_WIDTH, PortRange, Prefix

    width = ADDRESS_WIDTH.get(packet.eth_type)
    return dataclasses.replace(
        template, eth_type=packet.eth_type, ip_proto=packet.ip_proto if packet.is_ip else None,
        src=(Prefix(packet.src, width, width),) if width else None,
        dst=(Prefix(packet.dst, width, width),) if width else None,
        src_ports=(PortRange(packet.src_port, packet.src_port),) if packet.has_ports else None,
        dst_ports=(PortRange(packet.dst_port, packet.dst_port),) if packet.has_ports else None,
        icmp_type=packet.icmp_type if packet.has_icmp else None,
        icmp_code=packet.icmp_code if packet.has_icmp else None,
        in_ports=(packet.in_port,), ct_state=None, tcp_flags=None)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(min_value=0))
def test_rules_that_may_match_a_packet(data, within):
    """meeting_packet names every rule matching the packet (asked again: the same answer from
    its caches), and is what meeting says of the rule matching exactly the packet's fields:
    drawn packets and packets at every edge of every rule."""
    from aclc.errors import SourcePos
    from aclc.evaluate import rule_matches
    from aclc.policy import Action, Rule

    from strategies import boundary_packets, packets_for

    policy = data.draw(policies(max_rules=8))
    index = OverlapIndex(policy)
    for packet in [data.draw(packets_for(policy)) for _ in range(4)] + boundary_packets(policy):
        named = index.meeting_packet(packet)
        for rule in policy.rules:
            if rule_matches(rule, packet):
                assert named >> rule.index & 1, (rule, packet)
        assert named == index.meeting(_point_rule(packet, Rule(0, Action.DENY, SourcePos("q", 1, 1))))
        assert index.meeting_packet(packet, within) == named & within
        assert index.meeting_packet(packet) == named


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_connection_states_are_indexed_exactly(data):
    """Rules with connection states meet where their states share one and their headers meet;
    a tracked packet may match only the rules of its state or of none."""
    import dataclasses

    from aclc.evaluate import rule_matches
    from aclc.semantics.cover import box_of

    from strategies import packets_for

    policy = data.draw(box_policies())
    space = Space()
    index = OverlapIndex(policy)
    matches = [rule_match(space, r) for r in policy.rules]
    for rule in policy.rules:
        named = index.meeting(rule)
        for other in policy.rules:
            overlap = (matches[rule.index] & matches[other.index]) != space.false
            if overlap:
                assert named >> other.index & 1, (rule, other)
            elif box_of(rule) is not None and box_of(other) is not None:  # exact for boxes
                assert not named >> other.index & 1, (rule, other)
    for _ in range(6):
        packet = dataclasses.replace(data.draw(packets_for(policy)), ct_state=data.draw(st.integers(0, 31)))
        named = index.meeting_packet(packet)
        for rule in policy.rules:
            if rule_matches(rule, packet):
                assert named >> rule.index & 1, (rule, packet)
