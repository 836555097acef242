"""First-match combination of (covered, decided) pairs.

A prefix of an ordered rule list (or of one table's flows in priority order)
is summarised by ``covered`` (packets some entry matches), ``by_effect``
(packets each effect is decided for) and ``ambiguous`` (packets whose decision
the switch may take either way: overlapping same-priority flows that disagree).
Two summaries combine associatively::

    (C1, D1, A1) then (C2, D2, A2) = (C1 | C2, D1 | (D2 & ~C1), A1 | (A2 & ~C1))

so a long list is folded as a balanced tree: the BDDs built on the way stay
close to the size of the final one, unlike one ITE per rule from the last to
the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Hashable

from .encoding import Space


@dataclass
class Decided:
    covered: object
    by_effect: dict
    ambiguous: object


def leaf(space: Space, match, effect: Hashable) -> Decided:
    return Decided(match, {effect: match}, space.false)


def then(space: Space, first: Decided, second: Decided) -> Decided:
    """``first`` takes precedence over ``second``."""
    if first.covered == space.true:
        return first
    if first.covered == space.false:
        return second
    not_first = ~first.covered
    by_effect = dict(first.by_effect)
    for effect, region in second.by_effect.items():
        rest = region & not_first
        if rest == space.false:
            continue
        by_effect[effect] = by_effect[effect] | rest if effect in by_effect else rest
    ambiguous = first.ambiguous
    if second.ambiguous != space.false:
        ambiguous = ambiguous | (second.ambiguous & not_first)
    return Decided(first.covered | second.covered, by_effect, ambiguous)


def first_match(space: Space, items: list[Decided], progress: Callable[[int], None] | None = None) -> Decided:
    """Fold ``items`` (highest precedence first) as a balanced tree."""
    if not items:
        return Decided(space.false, {}, space.false)
    items = list(items)
    while len(items) > 1:
        paired = []
        for i in range(0, len(items) - 1, 2):
            paired.append(then(space, items[i], items[i + 1]))
            if progress:
                progress(1)
        if len(items) % 2:
            paired.append(items[-1])
        items = paired
    return items[0]


def close(space: Space, decided: Decided, default_effect: Hashable) -> Decided:
    """Everything not covered gets ``default_effect``; the result covers every packet."""
    rest = ~decided.covered
    by_effect = dict(decided.by_effect)
    if rest != space.false:
        by_effect[default_effect] = by_effect[default_effect] | rest if default_effect in by_effect else rest
    return Decided(space.true, by_effect, decided.ambiguous)
