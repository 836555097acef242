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
effect and a priority <= j's. Bitsets keep the rules earlier, disagreeing and not
above j, a box index (:mod:`.boxes`) narrows them to those that may meet j, and
each remaining pair is ruled out or confirmed; no union of many rules is built.

Most of the work needs no BDD: rules and flows are products of masked cubes
(:mod:`.products`), so (a) is shown by counting (the flows form a grid of disjoint
cubes whose sizes add up to the rule's; a grid of FieldMatches, the usual shape, is
first read as one product, :meth:`.products.FlowBoxes.grid_box`) and a pair in (b) is
ruled out when the products are disjoint, both exact. Only what counting does not settle (another
flow shape, a pair whose products meet) is decided with BDDs. Most rules of a large ACL differ
from an earlier one only in their addresses, and so do their flows: such a rule takes the earlier
rule's counting verdict once its flows are seen to match exactly its own addresses
(:func:`.products.cover_key`, exact: the verdict does not depend on the address cube).

The conditions are sufficient, not necessary: a correct table may fail them
(e.g. a rule that can never match got no flows). Then :func:`validate` returns
False and the caller falls back to the full model, which is exact both ways.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..evaluate import decision_effect
from ..pipeline import COOKIE_RULE_MASK, Continuation, Effect, Pipeline, Table
from ..policy import Policy, Rule
from .boxes import OverlapIndex, bitset, iter_bits
from .encoding import Space, disjunction
from .pipeline import flow_match, split_instructions
from .policy import rule_match
from .products import FlowBoxes, cover_key, covers_exactly, meet, rule_box

# A failed condition is noted and checking goes on, up to this many places: the first
# failure need not be where the table decides differently (a counterexample is sought in each).
SUSPECT_LIMIT = 8
# Rules per block of the masks that keep the rules before j in condition (b).
CAP_BITS = 10
# Rules with at most this many flows are keyed by products.cover_key; a larger grid of
# flows is read as one product faster than it is keyed flow by flow.
ALIKE_FLOWS = 8


def validate(space: Space, policy: Policy, pipeline: Pipeline,
             progress: Callable[[int], None] | None = None, suspects: list | None = None) -> bool:
    """True when (a), (b) and (c) hold; False when they do not or do not apply.

    On failure, ``suspects`` (if given) receives (region, rule index): where the failed
    condition bites, and the rule whose earlier rules may still decide those packets.
    """
    if len(pipeline.tables) != 1 or pipeline.tables[0].table_id != pipeline.entry_table:
        return False
    return validate_table(space, policy, pipeline.tables[0], pipeline.continuation,
                          lambda rule: rule_match(space, rule), None, progress, suspects,
                          box_of=rule_box, flow_boxes=FlowBoxes())


def validate_table(space: Space, policy: Policy, table: Table, continuation: Continuation,
                   match_of: Callable[[Rule], object], reach, progress: Callable[[int], None] | None = None,
                   suspects: list | None = None, box_of: Callable[[Rule], dict | None] | None = None,
                   flow_boxes: FlowBoxes | None = None,
                   universe_of: Callable[[dict], dict | None] | None = None) -> bool:
    """(a), (b) and (c) for one table, over the packets in ``reach`` only.

    ``match_of`` gives each rule's match in the space the table's flows see (the
    plain header space for a one-table pipeline; headers plus class ids for the
    ACL table of a multi-table one, see :mod:`.multitable`); packets outside
    ``reach`` never arrive at the table, so flows may do anything there. ``reach``
    is a BDD, None for every packet, or a function that builds the BDD (called
    only if some check needs it).

    ``box_of`` (optional) gives the same match as a product (:mod:`.products`), or
    None; ``flow_boxes`` reads flows the same way. Where both exist, (a) is shown by
    counting and (b)'s pairs are ruled out by product disjointness, without BDDs;
    a product that covers or meets is exact everywhere, so also inside ``reach``.
    Whatever those checks do not show is decided with BDDs, as without them.
    ``universe_of`` (optional) gives, for a rule's product, a universe (see
    :func:`.products.covers_exactly`) containing the packets of ``reach`` that the
    product's eth_type and ip_proto allow; used only where the flows' eth_type and
    ip_proto are exactly the rule's, so the flows stay inside those packets too.
    """
    suspects = suspects if suspects is not None else []
    found_before = len(suspects)
    n = len(policy.rules)
    per_rule: list = [None] * n  # rule index -> its flows
    heads: list = [None] * n  # rule index -> (priority, effect) of its first flow, or None once they differ
    default = None
    decoded: dict = {}  # id(instructions) -> (instructions, refused, effect); flows share tuples
    canonical: dict = {}  # one object per distinct Effect, so effects compare by identity
    for flow in table.flows:
        instructions = flow.instructions
        found = decoded.get(id(instructions))
        if found is None:
            outputs, write, goto = split_instructions(flow)
            refused = goto == table.table_id or (write is not None and goto is not None)
            effect = canonical.setdefault(Effect(outputs, goto), Effect(outputs, goto))
            found = decoded[id(instructions)] = (instructions, refused, effect)
        if found[1]:
            return False
        effect = found[2]
        rule = (flow.cookie & COOKIE_RULE_MASK) - 1  # cookie_rule, inlined: -1 for no rule
        if rule < 0:
            if default is not None or flow.match:
                return False
            default = (flow.priority, effect)
        elif rule < n:
            # A flow kept once for several rules (FlowEntry.also) belongs to each of them.
            for rule in (rule, *flow.also) if flow.also else (rule,):
                if rule >= n:
                    return False
                group = per_rule[rule]
                if group is None:
                    per_rule[rule] = [flow]
                    heads[rule] = (flow.priority, effect)
                else:
                    group.append(flow)
                    head = heads[rule]
                    if head is not None and (flow.priority != head[0] or effect is not head[1]):
                        heads[rule] = None
        else:
            return False
    if default is None:
        return False
    default_effect = decision_effect(policy.default_action, policy.default_log, continuation)
    default_effect = canonical.setdefault(default_effect, default_effect)  # compared by identity
    if default[1] != default_effect:
        return False

    matches: dict = {}
    built: list = []

    def in_reach(u):
        if reach is None:
            return u
        if not callable(reach):
            return u & reach
        if not built:
            built.append(reach())
        return u & built[0]

    def match_for(index: int):
        found = matches.get(index)
        if found is None:
            found = matches[index] = in_reach(match_of(policy.rules[index]))
        return found

    index = OverlapIndex(policy)
    ranks: dict = {}  # rule index -> (priority, effect) of its uniform flows

    def settled(j: int, match, covered, priority, effect) -> bool:
        """(a) relaxed (flow reduction, :mod:`aclc.lower.reduce`): what rule j's flows leave out
        of its match lies in earlier rules above j, and what they add lies there or in rules
        at j's priority with j's effect. The proof sketch still holds: a packet's first rule
        i keeps it (it is in no earlier rule), and a flow that takes a packet outside its
        rule's match sits below a rule the packet matches, or beside one that decides alike.
        A rule with no flows (priority None) then decides no packet."""
        if not ranks:
            for k, (flows_k, head) in enumerate(zip(per_rule, heads)):
                if flows_k and head is not None:
                    ranks[k] = head
        missing = match & ~covered
        extra = covered & ~match
        region = missing | extra
        # Candidates: rules that may meet the rule's match with its port fields left out
        # (reduction only changes ports); anything else is simply not used.
        hull = replace(policy.rules[j], src_ports=None, dst_ports=None)
        if extra != space.false:
            # ``below`` must hold every rule that meets ``extra``: only so inside the hull.
            hull_match = match_of(hull)
            if hull_match is None or extra & ~in_reach(hull_match) != space.false:
                return False
        above = space.false
        beside = space.false
        below = space.false  # rules deciding unlike j, at or below it (or without flows)
        alike_default = effect == default_effect
        mine = (policy.rules[j].action, policy.rules[j].log)
        for k in iter_bits(index.meeting(hull)):
            rank = ranks.get(k)
            if k == j:
                continue
            other = policy.rules[k]
            if alike_default and (rank is None or priority is None or rank[0] <= priority) \
                    and (other.action, other.log) != mine:
                m = match_for(k)
                if m & extra != space.false:
                    below |= m
            if rank is None:
                continue
            if k < j and (priority is None or rank[0] > priority):
                m = match_for(k)
                if m & region != space.false:
                    above |= m
            elif priority is not None and rank[0] == priority and rank[1] is effect:
                m = match_for(k)
                if m & extra != space.false:
                    beside |= m
        if missing & ~above != space.false:
            return False
        if alike_default:  # j decides like the default: it may add packets no rule below it decides otherwise
            return extra & below & ~(above | beside) == space.false
        return extra & ~(above | beside) == space.false

    # (a) exact cover, one priority and the right effect per rule.
    effects: dict = {}
    boxes: dict = {}  # rule index -> its product (None: not one), read once
    covered_alike: dict = {}  # cover_key -> whether (a) was shown by counting for such rules
    checked: list[tuple[int, Effect, int]] = []  # (index, effect, priority)
    for rule in policy.rules:
        flows = per_rule[rule.index] or ()
        key = (rule.action, rule.log)
        effect = effects.get(key)
        if effect is None:
            effect = decision_effect(rule.action, rule.log, continuation)
            effect = effects[key] = canonical.setdefault(effect, effect)
        head = heads[rule.index]
        # uniform: every flow of the rule at one priority, with the rule's effect
        uniform = head is not None and head[1] is effect
        priority = flows[0].priority if flows else None
        if progress:
            progress(1)
        alike = shown = None
        if box_of is not None and uniform and 0 < len(flows) <= ALIKE_FLOWS:
            # Rules whose flows differ from another's in the addresses only are covered alike.
            alike = cover_key(rule, [f.match for f in flows])
            if alike is not None:
                shown = covered_alike.get(alike)
        box = box_of(rule) if box_of is not None and uniform and not shown else None
        if box is not None:
            if len(flows) == 1:
                products = [flow_boxes.match_box(flows[0].match)]
            else:
                # The union of a grid of flows as one product; other shapes flow by flow.
                grid = flow_boxes.grid_box([f.match for f in flows])
                products = [grid] if grid is not None else [flow_boxes.box(f) for f in flows]
            if None in products or not covers_exactly(box, products, universe_of(box) if universe_of else None):
                box = None
        if alike is not None and shown is None:
            covered_alike[alike] = box is not None
        if box is not None:
            boxes[rule.index] = box
        elif not shown:
            match = match_of(rule)
            if match is None:  # the rule cannot be read in this table's space
                return False
            match = matches[rule.index] = in_reach(match)
            if not flows:
                if match != space.false and not settled(rule.index, match, space.false, None, effect):
                    suspects.append((match, rule.index))
                    if len(suspects) - found_before >= SUSPECT_LIMIT:
                        return False
                continue
            covered = in_reach(disjunction(space, [flow_match(space, f) for f in flows]))
            if not uniform:
                suspects.append((covered | match, rule.index))
                if len(suspects) - found_before >= SUSPECT_LIMIT:
                    return False
                continue
            if covered != match and not settled(rule.index, match, covered, priority, effect):
                suspects.append(((covered & ~match) | (match & ~covered), rule.index))
                if len(suspects) - found_before >= SUSPECT_LIMIT:
                    return False
                continue
        # (c) the default is below every rule that decides differently.
        if effect is not default_effect and priority <= default[0]:
            suspects.append((match_for(rule.index), rule.index))
            if len(suspects) - found_before >= SUSPECT_LIMIT:
                return False
            continue
        checked.append((rule.index, effect, priority))

    # (b) ordering of overlapping rules that disagree: candidates from the box index
    # among the earlier, disagreeing rules not above j; products or BDDs confirm them.
    levels = sorted({p for _, _, p in checked})
    rank = {p: i for i, p in enumerate(levels)}
    members: list[list[int]] = [[] for _ in levels]
    by_effect_members: dict[Effect, list[int]] = {}
    for i, effect, priority in checked:
        members[rank[priority]].append(i)
        by_effect_members.setdefault(effect, []).append(i)
    at_or_below = []  # bitset of checked rules with priority <= level
    running = 0
    for group in members:
        running |= bitset(group)
        at_or_below.append(running)
    by_effect = {effect: bitset(group) for effect, group in by_effect_members.items()}
    others: dict = {}  # (level, effect) -> checked rules at or below the level deciding otherwise

    def box_at(index: int):
        """The rule's product (exact, whether or not (a) used it), or None."""
        if box_of is None:
            return None
        if index in boxes:
            return boxes[index]
        found = boxes[index] = box_of(policy.rules[index])
        return found

    # The rules before j: ``within`` is cut at the end of j's block of rules by a mask kept
    # per block (building a mask of exactly j bits costs several times the AND), and the
    # few candidates at or after j are dropped afterwards.
    caps: dict = {}
    for j, effect, priority in checked:
        key = (priority, effect)
        within = others.get(key)
        if within is None:
            within = others[key] = at_or_below[rank[priority]] & ~by_effect[effect]
        if within.bit_length() > j:
            block = (j >> CAP_BITS) + 1
            cap = caps.get(block)
            if cap is None:
                cap = caps[block] = (1 << (block << CAP_BITS)) - 1
            within &= cap
        candidates = index.meeting(policy.rules[j], within) if within else 0
        if candidates.bit_length() > j:
            candidates &= (1 << j) - 1
        box_j = box_at(j) if candidates else None
        for i in iter_bits(candidates):
            box_i = box_at(i)
            if box_i is not None and box_j is not None and not meet(box_i, box_j):
                continue
            overlap = match_for(i) & match_for(j)
            if overlap != space.false:
                suspects.append((overlap, i))
                if len(suspects) - found_before >= SUSPECT_LIMIT:
                    return False
                break
        if progress:
            progress(1)
    return len(suspects) == found_before
