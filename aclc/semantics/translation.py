"""Translation validation: prove a single-table pipeline right rule by rule.

Building the BDD of a whole 10k-rule first-match ACL can take minutes (the
partition by decision is large), but a compiled table has structure we can
check with small BDDs only. For a one-table pipeline whose flows name their
rule in the cookie, plus one match-all default flow, the table decides like the
ACL for every packet when:

(a) each rule's flows exactly cover the rule's match, all at one priority and
    with the rule's effect;
(b) whenever rules i < j overlap and decide differently, i's priority is
    strictly higher than j's;
(c) the default flow matches everything with the ACL default's effect, below
    every rule that decides differently from it.

Proof sketch: take a packet p decided by rule i (or the default). The flows
matching p belong to rules p matches (by (a)) or are the default. Any such
rule k with a priority >= i's and a different effect would contradict (b)
(k > i, since i is p's first rule) or (c); so every top-priority flow has i's
effect, and no two disagree at one priority (no ambiguity).

(b) asks, for every j, whether j's match meets an earlier rule with another
effect and a priority <= j's. A box index (:mod:`.boxes`) names the rules that
may meet j, bitsets keep those earlier, disagreeing and not above j, and a BDD
conjunction confirms each remaining pair; no union of many rules is built.

The conditions are sufficient, not necessary: a correct table may fail them
(e.g. a rule that can never match got no flows). Then :func:`validate` returns
False and the caller falls back to the full model, which is exact both ways.
"""

from __future__ import annotations

from typing import Callable

from ..evaluate import decision_effect
from ..pipeline import Continuation, Effect, Pipeline, Table
from ..policy import Policy, Rule
from .boxes import OverlapIndex, iter_bits
from .encoding import Space, disjunction
from .pipeline import flow_match, split_instructions
from .policy import rule_match

# A failed condition is noted and checking goes on, up to this many places: the first
# failure need not be where the table decides differently (a counterexample is sought in each).
SUSPECT_LIMIT = 8


def validate(space: Space, policy: Policy, pipeline: Pipeline,
             progress: Callable[[int], None] | None = None, suspects: list | None = None) -> bool:
    """True when (a), (b) and (c) hold; False when they do not or do not apply.

    On failure, ``suspects`` (if given) receives (region, rule index): where the failed
    condition bites, and the rule whose earlier rules may still decide those packets.
    """
    if len(pipeline.tables) != 1 or pipeline.tables[0].table_id != pipeline.entry_table:
        return False
    return validate_table(space, policy, pipeline.tables[0], pipeline.continuation,
                          lambda rule: rule_match(space, rule), space.true, progress, suspects)


def validate_table(space: Space, policy: Policy, table: Table, continuation: Continuation,
                   match_of: Callable[[Rule], object], reach, progress: Callable[[int], None] | None = None,
                   suspects: list | None = None) -> bool:
    """(a), (b) and (c) for one table, over the packets in ``reach`` only.

    ``match_of`` gives each rule's match in the space the table's flows see (the
    plain header space for a one-table pipeline; headers plus class ids for the
    ACL table of a multi-table one, see :mod:`.multitable`); packets outside
    ``reach`` never arrive at the table, so flows may do anything there.
    """
    suspects = suspects if suspects is not None else []
    found_before = len(suspects)
    n = len(policy.rules)
    per_rule: list[list] = [[] for _ in range(n)]
    default = None
    for flow in table.flows:
        outputs, write, goto = split_instructions(flow)
        if goto == table.table_id or (write is not None and goto is not None):
            return False
        effect = Effect(outputs, goto)
        rule = flow.rule_index
        if rule is None:
            if default is not None or flow.match:
                return False
            default = (flow.priority, effect)
        elif 0 <= rule < n:
            per_rule[rule].append((flow, effect))
        else:
            return False
    if default is None:
        return False
    default_effect = decision_effect(policy.default_action, policy.default_log, continuation)
    if default[1] != default_effect:
        return False

    # (a) exact cover, one priority and the right effect per rule.
    checked: list[tuple[int, object, Effect, int]] = []  # (index, match, effect, priority)
    for rule in policy.rules:
        match = match_of(rule)
        if match is None:  # the rule cannot be read in this table's space
            return False
        match = match & reach
        flows = per_rule[rule.index]
        effect = decision_effect(rule.action, rule.log, continuation)
        if progress:
            progress(1)
        if not flows:
            if match != space.false:
                suspects.append((match, rule.index))
                if len(suspects) - found_before >= SUSPECT_LIMIT:
                    return False
            continue
        priorities = {f.priority for f, _ in flows}
        covered = disjunction(space, [flow_match(space, f) for f, _ in flows]) & reach
        if len(priorities) != 1 or any(e != effect for _, e in flows):
            suspects.append((covered | match, rule.index))
            if len(suspects) - found_before >= SUSPECT_LIMIT:
                return False
            continue
        if covered != match:
            suspects.append(((covered & ~match) | (match & ~covered), rule.index))
            if len(suspects) - found_before >= SUSPECT_LIMIT:
                return False
            continue
        priority = priorities.pop()
        # (c) the default is below every rule that decides differently.
        if effect != default_effect and priority <= default[0]:
            suspects.append((match, rule.index))
            if len(suspects) - found_before >= SUSPECT_LIMIT:
                return False
            continue
        checked.append((rule.index, match, effect, priority))

    # (b) ordering of overlapping rules that disagree: candidates from the box index,
    # confirmed with BDDs.
    index = OverlapIndex(policy)
    levels = sorted({p for _, _, _, p in checked})
    rank = {p: i for i, p in enumerate(levels)}
    at_or_below = [0] * len(levels)  # bitset of checked rules with priority <= level
    by_effect: dict[Effect, int] = {}
    matches = {}
    for i, match, effect, priority in checked:
        at_or_below[rank[priority]] |= 1 << i
        by_effect[effect] = by_effect.get(effect, 0) | (1 << i)
        matches[i] = match
    for k in range(1, len(levels)):
        at_or_below[k] |= at_or_below[k - 1]
    for j, match, effect, priority in checked:
        candidates = index.meeting(policy.rules[j]) & ((1 << j) - 1) & at_or_below[rank[priority]]
        candidates &= ~by_effect[effect]
        for i in iter_bits(candidates):
            if (matches[i] & match) != space.false:
                suspects.append((matches[i] & match, i))
                if len(suspects) - found_before >= SUSPECT_LIMIT:
                    return False
                break
        if progress:
            progress(1)
    return len(suspects) == found_before
