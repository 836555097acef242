"""One flow per (table, priority, match): the earliest rule keeps it.

Two rules give flows with the same table, priority and match when one repeats
the other or is shadowed by it where they share that match. Priorities never
put two rules that decide differently at one priority where they overlap
(:mod:`.priorities`), so such flows differ at most in their cookie. Sending
both is not harmless: the second add replaces the first, and switches disagree
about what survives (Lagopus keeps the first cookie, Open vSwitch the last:
``Profile.replace_keeps_cookie``), so per-line counters and the Ryu switch test
tool's flow check would depend on the switch.

Every packet the shared match takes matches all the rules that produced it, so
first match gives it to the earliest of them: that rule's flow (cookie and
instructions) is the one kept. Lowering emits flows in rule order, so that is
the first of them. The kept flow names the later rules in ``FlowEntry.also``, so
the proof still finds, for every rule, flows that cover it exactly.

Hashing every match costs several per cent of a large compile (about 40 ms of
0.55 s for ClassBench acl1_10k on Open vSwitch), so lowering first picks the
rules that can share a flow at all (:func:`may_share_flows`: the same priority
and ethertype, and a source and a destination prefix in common) and keys only
their flows (a quarter of acl1_10k's rules, a fiftieth of fw1_10k's).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ..pipeline import FlowEntry
from ..policy import Rule
from ..ranges import is_full

_ANY = (None,)


def keep_first(seen: dict, flows: list[FlowEntry], flow: FlowEntry, rule_index: int) -> None:
    """Append ``flow`` to ``flows`` unless an earlier flow has its priority, match and
    instructions; then that flow also stands for ``rule_index`` (``FlowEntry.also``), so
    the proof and the per-line counters still see the rule. ``seen`` ((priority, match)
    -> position in ``flows``) is updated. A repeat with other instructions is still
    emitted: priorities from :mod:`.priorities` never give one, and hiding it would
    hide that conflict from the checks that look for it."""
    key = (flow.priority, flow.match)
    at = seen.get(key)
    if at is not None:
        kept = flows[at]
        if kept.instructions == flow.instructions:
            if rule_index not in kept.also:
                flows[at] = replace(kept, also=kept.also + (rule_index,))
            return
    else:
        seen[key] = len(flows)
    flows.append(flow)


def first_per_match(flows: list[FlowEntry]) -> list[FlowEntry]:
    """``flows`` of one table without any flow whose (priority, match) an earlier one
    already has; order kept. Returns ``flows`` itself when nothing repeats. (The plain
    form of what lowering does, for checks.)"""
    first: dict = {}
    setdefault = first.setdefault
    for flow in flows:
        setdefault((flow.priority, flow.match), flow)
    if len(first) == len(flows):
        return flows
    return list(first.values())


def may_share_flows(rules: Iterable[Rule], priorities: tuple[int, ...]) -> list[bool]:
    """Per rule: whether another rule may give a flow with the same priority and match
    (``priorities[i]`` is rule i's).

    A necessary condition, checked per rule rather than per flow: equal matches
    have equal eth_type fields (present exactly when the rule names an ethertype)
    and equal address fields, and each address field of a flow is one prefix of
    the rule's set, absent when the set is everything (:func:`..ranges.is_full`,
    as :mod:`.expand` reads it). Fields left out of the key only make it weaker.
    """
    owner: dict = {}
    setdefault = owner.setdefault
    shared = [False] * len(priorities)
    for index, rule in enumerate(rules):
        head = (priorities[index], rule.eth_type)
        src, dst = rule.src, rule.dst
        if src is None or len(src) == 1:
            if dst is None or len(dst) == 1:  # the common case: one key
                s = None if src is None or src[0].length == 0 else src[0]
                d = None if dst is None or dst[0].length == 0 else dst[0]
                other = setdefault((head, s, d), index)
                if other != index:
                    shared[other] = shared[index] = True
                continue
        for s in (_ANY if is_full(src) else src):
            for d in (_ANY if is_full(dst) else dst):
                other = setdefault((head, s, d), index)
                if other != index:
                    shared[other] = shared[index] = True
    return shared
