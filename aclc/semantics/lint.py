"""Rule anomalies (after Al-Shaer and Hamed), found exactly with the BDD model.

- never matches (error; a warning when only one part of a source line, e.g.
  its IPv6 part, never matches): every packet the rule matches is decided earlier,
  possibly by several earlier rules together; the report names a minimal set
  of earlier lines that block it. "shadowed" when one of them decides
  differently, "redundant" when they all decide the same way.
- redundant (warning): removing the rule changes no decision (what it decides,
  later rules or the default decide the same way).
- generalization (warning): a later rule contains an earlier one and decides
  differently (often intended: an exception before a general rule).
- correlation (warning): two rules overlap, neither contains the other, and
  they decide differently: the order matters for the packets they share.
- overlaps (warning): one finding per rule that overlaps more earlier rules deciding
  differently than are named one by one above (at most :data:`NAMED` per rule, each with
  an example packet): how many more, the first few named. A rule set of thousands of
  rules can hold millions of such pairs; a line of the summary per rule is readable,
  and it is counted with bitsets of the overlap index, not a BDD and a packet per pair.

Decisions are (action, log); a rule that logs decides differently from one that
does not.

The rules that restate the default for IP frames ahead of a ``non-ip`` statement's
rule (they carry the default's origin) are the default, not rules of the ACL: no
finding is about them, and the rules after them are compared by what reaches them
(the ``non-ip`` rule by the non-IP frames it decides).

Two paths give the same findings and the same examples. :func:`lint_exact` builds every
rule's reached packets as a BDD. :func:`lint_policy` goes through the rules once, in order,
asking the overlap index for each rule's overlaps when it gets there (no bitset per rule is
kept), and answers each question about rules that are all boxes (one interval per field: a
ClassBench rule) by box subtraction (:mod:`.cover`), the overlap index naming the earlier rule
that holds a point; rules with guards the boxes do not model, and searches past their step
budget, go to BDDs of the rules involved, built when asked.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from ..evaluate import restates_default
from ..packet import Packet
from ..policy import Policy
from .boxes import OverlapIndex, bitset, iter_bits
from .cover import (
    GaveUp, _holds, boxes_of, contains, decided_alike, greedy_cover, intersect, lowest_held, pick_pieces,
    values_of,
)
from .encoding import WIDTH, Space, disjunction
from .policy import decision_key, default_key, rule_match
from . import witness
from .witness import _FIELD_OF, packet_from_values

# Per rule, the earlier rules deciding differently that are named one by one (generalization or
# correlation, with an example packet), and how many of them are tried for that (a tried one is
# named when the packets the two share are not all decided before it). The rest are counted.
NAMED = 3
TRIED = 12
# Earlier rules listed (without examples) in the summary of the rest.
LISTED = 5


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    kind: str  # shadowed | redundant | generalization | correlation
    rule: int
    message: str
    related: tuple[int | None, ...] = ()  # other rule indices (None = the default)
    example: Packet | None = field(default=None, compare=False)
    count: int | None = None  # overlaps: how many earlier rules (``related`` names the first few)

    def as_dict(self, policy: Policy) -> dict:
        pos = policy.origin_of(self.rule)
        return {
            "severity": self.severity, "kind": self.kind, "rule": self.rule,
            "file": pos.file, "line": pos.line, "column": pos.column, "message": self.message,
            "related": [{"rule": r, "file": policy.origin_of(r).file, "line": policy.origin_of(r).line}
                        for r in self.related],
            "example": str(self.example) if self.example is not None else None,
        } | ({"count": self.count} if self.count is not None else {})


def _lines(policy: Policy, rules) -> str:
    return ", ".join(f"line {policy.origin_of(r).line}" if r is not None else "the default" for r in rules)


def _verb(rules, singular: str, plural: str) -> str:
    return plural if len(rules) > 1 else singular


def _part(policy: Policy, i: int, per_origin: dict | None = None) -> str:
    """"the IPv6 tcp part of this line" when a source line gave several rules, else "this rule".

    ``per_origin`` (rules per source position, counted once by the caller) saves a scan of
    every rule per finding."""
    rule = policy.rules[i]
    if per_origin is None:
        per_origin = Counter(r.origin for r in policy.rules)
    if per_origin[rule.origin] == 1:
        return "this rule"
    from ..names import protocol_name

    family = {0x0800: "IPv4", 0x86DD: "IPv6", 0x0806: "ARP"}.get(rule.eth_type, "non-IP")
    proto = f" {protocol_name(rule.ip_proto)}" if rule.ip_proto is not None else ""
    return f"the {family}{proto} part of this rule"


# Steps a box search may take for one question before the BDDs are asked instead.
BUDGET = 4000


def lint_policy(policy: Policy, space: Space | None = None, budget: int = BUDGET) -> list[Finding]:
    """The findings of :func:`lint_exact`, most questions answered with boxes (:mod:`.cover`).

    One pass in rule order: a rule's overlaps are asked of the index when it is reached and
    dropped after (no bitset per rule is kept). A question about rules that are all boxes is
    answered by box subtraction within ``budget`` steps; the others, and the ones that need
    more steps, by BDDs of the rules involved, built when asked.

    The rules that restate the default ahead of a ``non-ip`` rule come last but one: they have no
    finding, and decide as the default wherever they are the first rule matching. The rules after
    them (the ``non-ip`` rule) are seen as :func:`lint_exact` sees them, cut by those rules, with
    BDDs cut to the few packets that are left (:func:`_tail_findings`).
    """
    space = space or Space()
    rules = policy.rules
    restated = bitset(i for i, r in enumerate(rules) if restates_default(policy, r))
    first_restated = (restated & -restated).bit_length() - 1 if restated else len(rules)
    keys = [decision_key(r) for r in rules]
    default = default_key(policy)
    index = OverlapIndex(policy)
    # Each rule as boxes: one (shapes), or several for a rule of several ranges, prefixes or
    # states in one field (pieces); unboxed: the rules the boxes do not model at all.
    pieces = [boxes_of(r) for r in rules]
    shapes = [p[0] if p is not None and len(p) == 1 else None for p in pieces]
    # A target of a search must have one ethertype: the address intervals are over its width.
    targets = [p is not None and all(b[0] == b[1] for b in p) for p in pieces]
    unboxed = bitset(i for i, p in enumerate(pieces) if p is None)
    irregular = bitset(i for i, r in enumerate(rules) if _index_may_overstate(r))
    by_key: dict = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key, []).append(i)
    by_key = {key: bitset(indices) for key, indices in by_key.items()}
    per_origin = Counter(r.origin for r in rules)
    matches: dict[int, object] = {}  # BDDs, built when a question goes to them
    reached: dict[int, object] = {}

    def match(j: int):
        found = matches.get(j)
        if found is None:
            found = matches[j] = rule_match(space, rules[j])
        return found

    dead = 0  # rules (before the one at hand) that never match

    def reached_bdd(j: int, before_j: int):
        found = reached.get(j)
        if found is None:
            found = match(j)
            if before_j:
                # Each earlier rule cut to rule j's packets first: the union of those pieces stays
                # small where the union of whole rules (thousands at 100k) takes minutes.
                found = found & ~disjunction(space, [match(k) & found for k in iter_bits(before_j)])
            reached[j] = found
        return found

    def region_pick(j: int, extra: int | None, cuts: int, before_j: int):
        """The example packet of the packets rule ``j`` reaches (``before_j``: the rules before it
        that take some), within rule ``extra``'s match if any; None when there is none. The boxes
        of ``cuts`` (the ones of ``before_j`` that may meet that region) are subtracted when
        every rule involved is boxes."""
        own = pieces[j]
        if own is not None and not cuts & unboxed and (extra is None or pieces[extra] is not None):
            parts = list(own) if extra is None else [
                x for x in (intersect(p, q) for p in own for q in pieces[extra]) if x is not None]
            if not parts:
                return None
            if len(parts) == 1 and parts[0][0] == parts[0][1]:  # one box, one ethertype
                box = parts[0]
                # The usual answer: the least corner (in_port 1 when the box has it), which no cut
                # holds; the index names the rules holding it without a step per cut.
                corner = list(box[0::2])
                if box[4] <= 1 <= box[5]:
                    corner[2] = 1
                packet = packet_from_values(values_of(corner))
                if not cuts or not index.meeting_packet(packet, cuts):
                    return packet
            if all(p[0] == p[1] for p in parts):  # the address intervals are over one width
                try:
                    values = pick_pieces(parts, budget, _holder(index, pieces, cuts))
                except GaveUp:
                    pass
                else:
                    return None if values is None else packet_from_values(values)
        region = reached_bdd(j, before_j)
        if extra is not None:
            region = region & match(extra)
        return pick_packet(space, region)

    findings: list[Finding] = []
    tail: dict[int, object] = {}  # rules after a restated default: their packets left by those rules
    for i, rule in enumerate(rules):
        if restated >> i & 1:
            continue  # the default restated, not a rule of the ACL
        meets_i = index.meeting(rule)
        if i > first_restated:
            found, reached_i = _tail_findings(space, policy, i, meets_i, dead, restated, tail, match, keys, by_key,
                                              per_origin, index)
            if reached_i == space.false:
                dead |= 1 << i
            findings.extend(found)
            continue
        earlier_i = meets_i & ((1 << i) - 1)
        before_i = earlier_i & ~dead
        example = region_pick(i, None, before_i, before_i)
        if example is None:  # never matches
            dead |= 1 << i
            findings.append(_never(policy, i, per_origin, _blockers(space, rules, pieces, match, i, earlier_i, budget, index, unboxed),
                                   keys, _pick_box(space, pieces[i], targets[i], match, i, budget)))
            continue
        later = meets_i >> (i + 1)
        # The rule deciding the example without rule i: when it decides differently, removing rule i
        # changes a decision, and no other packet need be looked at.
        decider = _first_holding(policy, index, example, later << (i + 1))
        if (keys[decider] if decider is not None else default) == keys[i] and _decided_alike_later(
                space, rules, pieces, targets, keys, default, match, reached_bdd, i, before_i, later, unboxed, budget,
                later & (by_key[keys[i]] >> (i + 1)), index):
            if decider is not None and restated >> decider & 1:
                decider = None  # the default, restated
            findings.append(_removable(policy, i, per_origin, decider, example))

        def seen(j: int) -> Packet | None:
            # The earlier rules that may take packets from rule j: overlapping ones that match
            # (asked within them: the bitsets ANDed are then only j bits long).
            before_j = index.meeting(rules[j], ((1 << j) - 1) & ~dead)
            # The packets both match that reach j: rule j's box within rule i's, minus the rules before j.
            return region_pick(j, i, before_j & meets_i, before_j)

        def general(j: int) -> bool:
            if shapes[i] is not None and shapes[j] is not None:
                return contains(shapes[i], shapes[j])
            return (match(j) & ~match(i)) == space.false

        # earlier rules that may overlap i and match, deciding differently
        named, others, count = _named_conflicts(policy, i, per_origin, before_i & ~by_key[keys[i]], seen, general)
        findings.extend(named)
        if others and (irregular >> i & 1 or others & irregular):
            # The index is exact for boxes; a rule with a guard it does not model is confirmed with BDDs.
            m = match(i)
            others = bitset(j for j in iter_bits(others) if (match(j) & m) != space.false)
        if others:
            findings.append(_overlaps(policy, i, per_origin, others, count))
    return _finish(rules, findings)


def _named_conflicts(policy: Policy, i: int, per_origin, others: int, seen, general) -> tuple[list[Finding], int, int]:
    """The earlier rules of ``others`` (a bitset, deciding unlike rule ``i``) named one by one as
    a generalization or correlation: tried in order, at most :data:`TRIED`, while fewer than
    :data:`NAMED` are named or when only one is left (never "1 more"). A tried rule ``j`` is named
    when ``seen(j)`` (a packet both match that reaches j) is not None; ``general(j)`` says whether
    rule ``i`` holds all of rule ``j``. The findings, the rules not tried, and how many were named."""
    found: list[Finding] = []
    named = tried = 0
    while others and tried < TRIED and (named < NAMED or not others & (others - 1)):
        low = others & -others
        others ^= low
        j = low.bit_length() - 1
        tried += 1
        example = seen(j)
        if example is None:
            continue
        named += 1
        found.append(_conflict(policy, i, per_origin, j, general(j), example))
    return found, others, named


def _tail_findings(space: Space, policy: Policy, i: int, meets_i: int, dead: int, restated: int, tail: dict,
                   match, keys, by_key, per_origin, index: OverlapIndex) -> tuple[list[Finding], object]:
    """The findings of rule ``i``, which comes after rules restating the default (``restated``),
    as :func:`lint_exact` gives them, and the packets it decides. Its packets are what those rules
    leave of its match (for a ``non-ip`` rule: the frames that are not IP), so every rule's BDD is
    cut to them before any union: only the few rules that can match such a packet stay.
    ``tail`` keeps, per rule after the restated ones, the match cut that way (filled in here)."""
    rules = policy.rules

    def seen_as(j: int):  # an earlier rule's match as lint_exact sees it: cut when it comes after restated rules
        found = tail.get(j)
        return match(j) if found is None else found

    taken = disjunction(space, [match(k) for k in iter_bits(restated & ((1 << i) - 1))])
    m = tail[i] = match(i) & ~taken
    earlier = meets_i & ((1 << i) - 1)
    before = earlier & ~dead
    reached = m & ~disjunction(space, [seen_as(j) & m for j in iter_bits(before)]) if before else m
    if reached == space.false:
        blockers = [j for j in iter_bits(earlier & ~restated) if (seen_as(j) & m) != space.false]
        blockers = _minimal_cover(space, m, blockers, {j: seen_as(j) for j in blockers})
        return [_never(policy, i, per_origin, blockers, keys, pick_packet(space, m))], reached
    found: list[Finding] = []
    later = meets_i >> (i + 1)
    left = reached
    alike = True
    for k in iter_bits(later):
        j = i + 1 + k
        later_match = match(j)
        if restated >> j & 1 == 0:
            later_match = later_match & ~disjunction(space, [match(r) for r in iter_bits(restated & ((1 << j) - 1))])
        if left & later_match == space.false:
            continue
        if keys[j] != keys[i]:
            alike = False
            break
        left = left & ~later_match
        if left == space.false:
            break
    if alike and (left == space.false or default_key(policy) == keys[i]):
        example = pick_packet(space, reached)
        found.append(_removable(policy, i, per_origin, _later_decider(policy, i, example, later), example))
    def seen(j: int) -> Packet | None:  # what reaches rule j of the packets both match
        mine = seen_as(j) & m
        if mine != space.false:
            before_j = index.meeting(rules[j], ((1 << j) - 1) & ~dead)
            mine = mine & ~disjunction(space, [seen_as(k) & mine for k in iter_bits(before_j)])
        return None if mine == space.false else pick_packet(space, mine)

    named, others, count = _named_conflicts(policy, i, per_origin, before & ~restated & ~by_key[keys[i]], seen,
                                            lambda j: (seen_as(j) & ~m) == space.false)
    found += named
    others = bitset(j for j in iter_bits(others) if (seen_as(j) & m) != space.false)
    if others:
        found.append(_overlaps(policy, i, per_origin, others, count))
    return found, reached


def _holder(index: OverlapIndex, pieces, cuts: int):
    """A box of a rule of ``cuts`` (a bitset of rules that are boxes) holding a point, None if
    none does: the index names the rules that may, the first box that does is taken."""
    def holder(corner):
        packet = packet_from_values(values_of(corner))
        for k in iter_bits(index.meeting_packet(packet, cuts)):
            for box in pieces[k]:
                if _holds(box, corner):
                    return box
        return None
    return holder


def _first_holding(policy: Policy, index: OverlapIndex, packet: Packet, among: int) -> int | None:
    """The first rule of ``among`` (a bitset) that matches ``packet``, None if none does: the
    index narrows them to the ones that may, each is then checked."""
    from ..evaluate import rule_matches

    for j in iter_bits(index.meeting_packet(packet, among)):
        if rule_matches(policy.rules[j], packet):
            return j
    return None


def _pick_box(space: Space, boxes, target: bool, match, i: int, budget: int) -> Packet | None:
    """The example of a rule's whole match (``boxes``: the rule as boxes, or None)."""
    if target:
        values = pick_pieces(boxes, budget)
        return None if values is None else packet_from_values(values)
    return pick_packet(space, match(i))


def _blockers(space: Space, rules, pieces, match, i: int, earlier: int, budget: int, index: OverlapIndex,
              unboxed: int) -> list[int]:
    """A minimal set of the earlier rules (``earlier``, dead ones included) that together match
    every packet rule ``i`` does: :func:`_minimal_cover` of the ones overlapping it, its usual
    shape (the first one that alone contains rule ``i``, when the ones before it do not cover
    it together) decided with boxes."""
    box = pieces[i][0] if pieces[i] is not None and len(pieces[i]) == 1 else None
    candidates = list(iter_bits(earlier))
    if box is not None and box[0] == box[1] and not earlier & unboxed:
        # The index is exact for boxes: every candidate meets the box. (One it named wrongly
        # would change nothing below: it holds no point of the box, so it is never kept.)
        chosen = earlier

        def first(upto: int) -> int:  # bitset(candidates[:upto]), cut from one bitset (candidates ascend)
            return chosen if upto >= len(candidates) else chosen & ((1 << candidates[upto]) - 1)

        for q, j in enumerate(candidates):
            if any(contains(piece, box) for piece in pieces[j]):
                if q == 0:
                    return [j]
                try:
                    if lowest_held(box, _holder(index, pieces, first(q)), budget) is not None:
                        return [j]
                except GaveUp:
                    pass
                break
        def covered(upto: int, kept: list[int]) -> bool:
            cuts = first(upto)
            for k in kept:
                cuts |= 1 << candidates[k]
            return lowest_held(box, _holder(index, pieces, cuts), budget) is None

        try:
            return [candidates[k] for k in greedy_cover(len(candidates), covered)]
        except GaveUp:
            pass
    else:
        m = match(i)
        candidates = [j for j in candidates if (match(j) & m) != space.false]
    return _minimal_cover(space, match(i), candidates, {j: match(j) for j in candidates})


def _decided_alike_later(space: Space, rules, pieces, targets, keys, default, match, reached_bdd, i: int,
                         before_i: int, later: int, unboxed: int, budget: int, alike_later: int,
                         index: OverlapIndex) -> bool:
    """Whether the rules after ``i`` (and the default) decide every packet rule ``i`` reaches as
    rule ``i`` does: the later rules that may overlap it, in order, each taking its share.
    ``alike_later``: the bits of ``later`` deciding as rule ``i`` does."""
    key = keys[i]
    if alike_later == later and default == key:
        return True  # whichever rule decides a packet of rule i without it, it decides alike
    if targets[i] and not before_i & unboxed and not later << (i + 1) & unboxed:
        # Every box of rule i (most often one), against the boxes of the rules before and after it.
        holder = _holder(index, pieces, before_i)
        try:
            return all(decided_alike(
                box, lambda: [b for k in iter_bits(before_i) for b in pieces[k]],
                ((b, keys[i + 1 + k] == key) for k in iter_bits(later) for b in pieces[i + 1 + k]),
                default == key, budget, holder) for box in pieces[i])
        except GaveUp:
            pass
    left = reached_bdd(i, before_i)
    for k in iter_bits(later):
        j = i + 1 + k
        taken = left & match(j)
        if taken == space.false:
            continue
        if keys[j] != key:
            return False
        left = left & ~match(j)
        if left == space.false:
            return True
    return left == space.false or default == key


def lint_exact(policy: Policy, space: Space | None = None) -> list[Finding]:
    """The findings with BDDs only (every rule's reached packets as a BDD): the reference
    :func:`lint_policy` is tested against, and the path for ACLs that restate the default."""
    space = space or Space()
    rules = policy.rules
    matches = [rule_match(space, r) for r in rules]
    restated = [restates_default(policy, r) for r in rules]
    # What each rule can be reached with past the rules that restate the default before it.
    plain = list(matches)
    taken = space.false
    for i, r in enumerate(rules):
        if restated[i]:
            taken = taken | matches[i]
        elif taken != space.false:
            matches[i] = matches[i] & ~taken
    keys = [decision_key(r) for r in rules]
    index = OverlapIndex(policy)
    meets = [index.meeting(r) for r in rules]  # each rule's possible overlaps, asked once

    def earlier(i: int) -> int:  # the rules before i that may overlap it (not kept: n^2 bits)
        return meets[i] & ((1 << i) - 1)

    # Packets each rule really decides: its match minus everything earlier. Only the earlier
    # rules that may overlap it (the index never misses one) can take packets from it, so
    # the union is over those, not over every earlier rule (a union of thousands of rules
    # is a large BDD, and building it rule by rule was quadratic).
    # A rule that never matches is left out of the union: its packets are inside the union of
    # the earlier rules that overlap it, and those overlap the later rule wherever it does.
    # Consecutive rules alike in the fields the index looks at meet the same earlier rules: their
    # union is built once. Only the last union is kept: keeping every distinct one (large BDDs on
    # firewall sets) holds gigabytes.
    reached = []
    dead = 0
    last_before, union = 0, space.false
    for i, m in enumerate(matches):
        before = earlier(i) & ~dead
        if before:
            if before != last_before:
                last_before, union = before, disjunction(space, [matches[j] for j in iter_bits(before)])
            reached.append(m & ~union)
        else:
            reached.append(m)
        if reached[-1] == space.false:
            dead |= 1 << i
    default = default_key(policy)

    def decided_alike_later(i: int) -> bool:
        """Whether the rules after ``i`` (and the default) decide every packet rule ``i`` reaches
        as rule ``i`` does: the later rules that may overlap it, in order, each taking its share."""
        left = reached[i]
        later = meets[i] >> (i + 1)
        for k in iter_bits(later):
            j = i + 1 + k
            taken = left & matches[j]
            if taken == space.false:
                continue
            if keys[j] != keys[i]:
                return False
            left = left & ~matches[j]
            if left == space.false:
                return True
        return left == space.false or default == keys[i]

    per_origin = Counter(r.origin for r in rules)
    # Bitsets for the counted overlaps: the rules of each decision, the rules that match some
    # packet (not a restated default), and the rules whose overlaps the index may overstate.
    by_key: dict = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key, []).append(i)
    by_key = {key: bitset(indices) for key, indices in by_key.items()}
    live = bitset(i for i in range(len(rules)) if not restated[i] and reached[i] != space.false)
    irregular = bitset(i for i, r in enumerate(rules) if _index_may_overstate(r) or matches[i] is not plain[i])
    findings: list[Finding] = []
    for i, rule in enumerate(rules):
        if restated[i]:
            continue  # the default, restated: not a rule of the ACL
        m = matches[i]
        if reached[i] == space.false:
            blockers = [j for j in iter_bits(earlier(i)) if (matches[j] & m) != space.false and not restated[j]]
            blockers = _minimal_cover(space, m, blockers, matches)
            findings.append(_never(policy, i, per_origin, blockers, keys, pick_packet(space, m)))
            continue
        if decided_alike_later(i):
            example = pick_packet(space, reached[i])
            decider = _later_decider(policy, i, example, meets[i] >> (i + 1))
            findings.append(_removable(policy, i, per_origin, decider, example))
        def seen(j: int, m=m) -> Packet | None:
            shared = reached[j] & m  # the shared packets that reach j (reached[j] is inside matches[j])
            return None if shared == space.false else pick_packet(space, shared)

        # earlier rules that may overlap i, deciding differently; m is never inside matches[j]
        # here (then reached[i] would be empty): correlation otherwise
        named, others, count = _named_conflicts(policy, i, per_origin, earlier(i) & live & ~by_key[keys[i]], seen,
                                                lambda j, m=m: (matches[j] & ~m) == space.false)
        findings.extend(named)
        if others and (irregular >> i & 1 or others & irregular):
            # The index is exact for boxes; a rule with a guard it does not model is confirmed with BDDs.
            others = bitset(j for j in iter_bits(others) if (matches[j] & m) != space.false)
        if others:
            findings.append(_overlaps(policy, i, per_origin, others, count))
    return _finish(rules, findings)


def _never(policy: Policy, i: int, per_origin, blockers: list[int], keys, example) -> Finding:
    differs = [j for j in blockers if keys[j] != keys[i]]
    kind = "shadowed" if differs else "redundant"
    why = "decides differently" if differs else "decides the same way"
    return Finding(
        "error", kind, i,
        f"{_part(policy, i, per_origin)} never matches: {_lines(policy, blockers)} "
        f"{_verb(blockers, 'matches', 'match')} every packet it would "
        f"({'at least one ' if len(blockers) > 1 and differs else ''}{why})",
        tuple(blockers), example)


def _removable(policy: Policy, i: int, per_origin, decider: int | None, example) -> Finding:
    return Finding(
        "warning", "redundant", i,
        f"removing {_part(policy, i, per_origin)} changes no decision: later rules or the default "
        f"decide the same for every packet it matches (e.g. {_lines(policy, [decider])})", (decider,), example)


def _conflict(policy: Policy, i: int, per_origin, j: int, general: bool, example) -> Finding:
    line = policy.rules[j].origin.line
    if general:
        return Finding(
            "warning", "generalization", i,
            f"{_part(policy, i, per_origin)} generalizes line {line}, which decides differently "
            "for the packets they share", (j,), example)
    return Finding(
        "warning", "correlation", i,
        f"{_part(policy, i, per_origin)} overlaps line {line}, which decides differently; "
        "the order decides the packets they share", (j,), example)


def _overlaps(policy: Policy, i: int, per_origin, others: int, named: int) -> Finding:
    count = others.bit_count()
    listed = []
    for j in iter_bits(others):
        listed.append(j)
        if len(listed) == LISTED:
            break
    more = "more " if named else ""
    return Finding(
        "warning", "overlaps", i,
        f"{_part(policy, i, per_origin)} {'also ' if named else ''}overlaps {count} {more}earlier "
        f"line{'s' if count != 1 else ''} that decide{'s' if count == 1 else ''} differently "
        f"({_lines(policy, listed)}{', ...' if count > len(listed) else ''}); "
        "the order decides the packets they share", tuple(listed), None, count)


def _finish(rules, findings: list[Finding]) -> list[Finding]:
    # A source line is an error only when none of its parts (one per family or protocol) can match;
    # a part that never matches while its siblings do is a warning.
    dead = {f.rule for f in findings if f.severity == "error"}
    parts: dict = {}
    for rule in rules:
        parts.setdefault(rule.origin, []).append(rule.index)
    findings = [
        dataclasses.replace(f, severity="warning")
        if f.severity == "error" and not all(k in dead for k in parts[rules[f.rule].origin]) else f
        for f in findings
    ]
    findings.sort(key=lambda f: (f.rule, f.severity != "error", f.kind))
    return findings


def _index_may_overstate(rule) -> bool:
    """Whether :class:`.boxes.OverlapIndex` may name a rule that does not overlap ``rule``: it
    does not model TCP flags, nor the IP guard of a protocol or a connection state without an
    ethertype (such a rule misses an ARP rule the index says it meets)."""
    return (rule.tcp_flags is not None
            or (rule.eth_type is None and (rule.ip_proto is not None or rule.ct_state is not None)))


def pick_packet(space: Space, region) -> Packet | None:
    """:func:`.witness.pick_packet`, with :func:`pick_values` for the walk."""
    return witness.pick_packet(space, region, pick_values)


def pick_values(space: Space, region) -> dict[str, int]:
    """:func:`.witness.pick_values` (the lowest path of ``region``, untested bits 0), walking
    each node's stored child and a complement flag instead of complementing both children
    at every step: a report of thousands of findings picks thousands of examples.

    ``node.low`` and ``node.high`` are the children of the node without its complement
    bit; the function at a step is ``node`` complemented ``flip`` times.
    """
    false, true = space.false, space.true
    values = dict.fromkeys(WIDTH, 0)
    u, flip = region, False
    while True:
        if u == (false if flip else true):
            return values
        complemented = u.negated != flip  # whether this function's children are complemented
        low = u.low
        if low != (true if complemented else false):
            u, flip = low, complemented
        else:
            field, weight = _FIELD_OF[u.var]
            values[field] |= weight
            u, flip = u.high, complemented


def _minimal_cover(space: Space, target, candidates: list[int], matches) -> list[int]:
    """A minimal subset of ``candidates`` whose union still contains ``target`` (greedy).

    Candidates are tried for removal last first; one is dropped when the others still chosen
    (every candidate before it, and the ones after it that were kept) cover ``target``.
    What the candidates before each position leave of ``target`` is computed once, going
    forward, so this is linear in the candidates; past the first position where nothing is
    left every candidate is dropped, so the walk back starts there.
    """
    if not candidates:
        return []
    # The usual shape: the first candidate that alone contains target is the answer when the ones
    # before it do not cover target together (the walk below would keep it, then find it covers).
    # Asked with one union of their parts inside target: walking thousands of candidates one by
    # one, left minus each, is slow when left is a large BDD.
    for q, j in enumerate(candidates):
        if (target & ~matches[j]) == space.false:
            if q == 0 or (target & ~disjunction(space, [matches[k] & target for k in candidates[:q]])) != space.false:
                return [j]
            break
    left = [target]  # left[pos]: target minus the candidates before pos
    for j in candidates:
        if left[-1] == space.false:
            break
        left.append(left[-1] & ~matches[j])
    if left[-1] != space.false:
        covered_at = len(candidates) + 1  # never covered: every position is tried
    else:
        covered_at = len(left) - 1  # candidates[covered_at:] are all dropped
        if covered_at == 0:  # nothing to cover: only the first one stays (it has no others)
            return candidates[:1]
    kept: list[int] = []
    kept_union = space.false
    for pos in range(min(covered_at, len(candidates)) - 1, -1, -1):
        j = candidates[pos]
        others = pos + len(kept)  # how many candidates would remain without j
        if others and (left[pos] & ~kept_union) == space.false:
            continue  # dropped
        kept.append(j)
        kept_union = kept_union | (matches[j] & target)  # only target is compared: the union stays small
        if (target & ~kept_union) == space.false:
            break  # the kept ones cover target: every candidate before them is dropped
    return kept[::-1]


def _later_decider(policy: Policy, i: int, packet: Packet, later: int) -> int | None:
    """The first rule after ``i`` that matches ``packet`` (a packet of rule ``i``), None for the
    default. Only the rules that may overlap rule ``i`` (``later``: their bits shifted past ``i``)
    can match it."""
    from ..evaluate import rule_matches

    for k in iter_bits(later):
        rule = policy.rules[i + 1 + k]
        if rule_matches(rule, packet):
            return None if restates_default(policy, rule) else rule.index
    return None
