"""aclc lint answered with boxes (semantics.cover) against the BDD-only findings (lint_exact).

Every finding, its related lines and its example must be the same whichever path decided the
rule: the box searches, the BDDs they hand over to past their step budget (budget 0 forces
that for every search), or BDDs alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.errors import SourcePos
from aclc.policy import ETH_IPV4, Action, Policy, PortRange, Prefix, Rule
from aclc.semantics import cover
from aclc.semantics.cover import GaveUp, box_of, lowest, minimal_cover
from aclc.semantics.lint import lint_exact, lint_policy

from strategies import PORT_EDGES, policies, prefixes


def _same(policy: Policy, **options) -> None:
    want = lint_exact(policy)
    got = lint_policy(policy, **options)
    assert got == want
    assert [f.example for f in got] == [f.example for f in want]


def _narrowed(draw, rule: Rule) -> dict:
    """Fields of a rule inside ``rule``'s: a longer prefix in one address, a narrower port range."""
    fields = {}
    side = draw(st.sampled_from(("src", "dst")))
    p = getattr(rule, side)
    if p is not None and p[0].length < 32:
        length = draw(st.integers(p[0].length + 1, min(32, p[0].length + 3)))
        low = draw(st.integers(0, (1 << (length - p[0].length)) - 1)) << (32 - length)
        fields[side] = (Prefix(p[0].value | low, length, 32),)
    if rule.dst_ports is not None:
        r = rule.dst_ports[0]
        lo = draw(st.integers(r.lo, r.hi))
        fields["dst_ports"] = (PortRange(lo, draw(st.integers(lo, r.hi))),)
    return fields


STATE_SETS = (("established", "related"), ("invalid",), ("new",), ("new", "established", "related"),
              ("new", "related"), ("established",), ("invalid", "new"))


@st.composite
def box_policies(draw, max_rules: int = 12) -> Policy:
    """IPv4 rules of one prefix and one port range per field (ClassBench-like), often inside or
    across earlier ones, some with connection states, with now and then a rule of every frame:
    rules never matching, or only through several earlier ones together, are common."""
    rules: list[Rule] = []
    for _ in range(draw(st.integers(1, max_rules))):
        index = len(rules)
        action = draw(st.sampled_from((Action.PERMIT, Action.DENY)))
        origin = SourcePos("<random>", index + 1, 1)
        choice = draw(st.integers(0, 9))
        if choice == 0:
            rule = Rule(index=index, action=action, origin=origin, eth_type=None)
        elif choice <= 3 and rules and rules[-1 - draw(st.integers(0, len(rules) - 1))].eth_type is not None:
            base = rules[-1 - draw(st.integers(0, len(rules) - 1))]
            if base.eth_type is None:
                base = next(r for r in rules if r.eth_type is not None)
            rule = dataclasses.replace(base, index=index, action=action, origin=origin, **_narrowed(draw, base))
        elif choice <= 5 and rules and rules[-1].src is not None and rules[-1].src[0].length > 1:
            # the other half of the last rule's source prefix, then the prefix holding both halves:
            # a rule that two earlier ones cover together
            p = rules[-1].src[0]
            sibling = dataclasses.replace(rules[-1], index=index, action=action, origin=origin,
                                          src=(Prefix(p.value ^ (1 << (32 - p.length)), p.length, 32),))
            rules.append(sibling)
            index += 1
            rule = dataclasses.replace(sibling, index=index, origin=SourcePos("<random>", index + 1, 1),
                                       action=draw(st.sampled_from((Action.PERMIT, Action.DENY))),
                                       src=(Prefix(p.value & ~(1 << (32 - p.length)), p.length - 1, 32),))
        else:
            proto = draw(st.sampled_from((None, 6, 6, 17)))
            fields = {}
            if proto is not None and draw(st.booleans()):
                lo = draw(st.sampled_from(PORT_EDGES))
                fields["dst_ports"] = (PortRange(lo, min(65535, lo + draw(st.sampled_from((0, 1, 100, 65535))))),)
            for side in ("src", "dst"):
                if draw(st.integers(0, 2)):
                    fields[side] = (draw(prefixes(32)),)
            if draw(st.integers(0, 4)) == 0:
                fields["in_ports"] = (draw(st.integers(1, 2)),)
            if draw(st.integers(0, 3)) == 0:  # one interval of the states' order, or (new, related) not
                fields["ct_state"] = draw(st.sampled_from(STATE_SETS))
            rule = Rule(index=index, action=action, origin=origin, eth_type=ETH_IPV4, ip_proto=proto, **fields)
        rules.append(rule)
    return Policy(name="boxes", rules=tuple(rules),
                  default_action=draw(st.sampled_from((Action.DENY, Action.PERMIT))))


@settings(max_examples=60, deadline=None)
@given(box_policies())
def test_box_findings_are_the_bdd_findings(policy):
    _same(policy)


@settings(max_examples=30, deadline=None)
@given(box_policies())
def test_searches_past_their_budget_hand_over_to_bdds(policy):
    _same(policy, budget=0)


def _gives_up(*args, **kwargs):
    raise GaveUp


@pytest.mark.parametrize("skipped", [
    ("_alike_by_differing_parts",),
    ("_alike_by_differing_parts", "_alike_by_later_shares"),
], ids=["later-shares", "pieces"])
@settings(max_examples=40, deadline=None)
@given(policy=box_policies())
def test_each_way_of_deciding_alike_later_gets_the_bdd_findings(skipped, policy):
    # "Removing this rule changes no decision" is asked of the differing parts first; when they
    # are too many, of each later rule's share, then of the pieces of the whole region.
    with contextlib.ExitStack() as stack:
        for name in skipped:
            stack.enter_context(mock.patch.object(cover, name, _gives_up))
        _same(policy)


@settings(max_examples=40, deadline=None)
@given(policies(max_rules=8))
def test_any_policy_gets_the_bdd_findings(policy):
    # Rules the boxes do not model (several prefixes or ranges, no ethertype, ARP, other frames)
    # mixed with boxes: each question goes to the path its rules allow.
    _same(policy)


@settings(max_examples=40, deadline=None)
@given(box_policies(), st.randoms(use_true_random=False))
def test_box_minimal_cover_is_the_bdd_one(policy, rng):
    from aclc.semantics.encoding import Space
    from aclc.semantics.lint import _minimal_cover
    from aclc.semantics.policy import rule_match

    space = Space()
    boxes = [box_of(r) for r in policy.rules]
    matches = [rule_match(space, r) for r in policy.rules]
    for i, box in enumerate(boxes):
        if box is None or box[0] != box[1]:  # states that are not one interval: no box
            continue
        candidates = sorted(rng.sample(range(i), rng.randrange(i + 1))) if i else []
        candidates = [j for j in candidates if boxes[j] is not None and (matches[j] & matches[i]) != space.false]
        cuts = [boxes[j] for j in candidates]
        if lowest(box, cuts, 10**6) is not None:
            try:
                minimal_cover(box, cuts, 10**6)
            except GaveUp:
                continue  # not a cover: refused
            raise AssertionError("a cover of a box the cuts do not cover")
        assert [candidates[k] for k in minimal_cover(box, cuts, 10**6)] == \
            _minimal_cover(space, matches[i], candidates, matches)


def _with_non_ip_rule(policy: Policy, action: Action, log: bool) -> Policy:
    """The policy with the rules a ``non-ip`` statement adds: the default restated for IPv4 and
    IPv6 (the default's origin), then a rule of every frame."""
    from aclc.policy import ETH_IPV6

    n = len(policy.rules)
    tail = (Rule(index=n, action=policy.default_action, origin=policy.default_origin, eth_type=ETH_IPV4,
                 log=policy.default_log),
            Rule(index=n + 1, action=policy.default_action, origin=policy.default_origin, eth_type=ETH_IPV6,
                 log=policy.default_log),
            Rule(index=n + 2, action=action, origin=SourcePos("<random>", n + 9, 1), log=log))
    return dataclasses.replace(policy, rules=policy.rules + tail)


@settings(max_examples=60, deadline=None)
@given(st.one_of(box_policies(), policies(max_rules=8)), st.sampled_from((Action.PERMIT, Action.DENY)),
       st.booleans())
def test_a_non_ip_statement_gets_the_bdd_findings(policy, action, log):
    # The default restated for IP, then the non-ip rule: no finding about the restated rules, and
    # the non-ip rule judged by the frames that are not IP (imports of iptables all end this way).
    _same(_with_non_ip_rule(policy, action, log))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_rule_is_the_union_of_its_boxes(data):
    # Several ranges, prefixes or ports in one field, or states that are not one interval: the
    # rule is the union of one box per combination; a packet is in the rule exactly when its
    # point is in one of them.
    from aclc.evaluate import rule_matches
    from aclc.policy import ETH_IPV6, connection_state
    from aclc.semantics.cover import STATES, _holds, boxes_of

    from strategies import boundary_packets, packets_for

    policy = data.draw(st.one_of(policies(max_rules=6), box_policies(max_rules=6)))
    packets = boundary_packets(policy) + [data.draw(packets_for(policy)) for _ in range(8)]
    packets = [dataclasses.replace(p, ct_state=data.draw(st.integers(0, 31))) if p.eth_type in (ETH_IPV4, ETH_IPV6)
               else p for p in packets]
    for rule in policy.rules:
        boxes = boxes_of(rule)
        if boxes is None:
            continue
        for p in packets:
            is_ip = p.eth_type in (ETH_IPV4, ETH_IPV6)
            point = (p.eth_type, p.ip_proto if is_ip else 0, p.in_port, p.dst_port, p.src_port, p.icmp_type,
                     p.icmp_code, STATES.index(connection_state(p.ct_state)) if is_ip else 0, p.src, p.dst)
            assert rule_matches(rule, p) == any(_holds(b, point) for b in boxes), (rule, p, boxes)
