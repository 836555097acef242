"""Policy optimizer: drop rules that change nothing, merge adjacent rules that union cleanly.

Both steps keep every decision (the result is checked equivalent with the same
BDD model in the tests, and :func:`optimize_policy` checks it again itself):

1. One backward pass removes each rule whose packets (those it really decides)
   would be decided the same way by the rules kept after it and the default.
   Going backwards is what makes the pass safe: the rules before ``i`` are
   untouched when ``i`` is judged, and the suffix is the one that remains.
2. Two rules with the same decision that differ in one field only become one
   rule whose field is the union (a canonical prefix or range set), when no
   rule between them overlaps the later one and decides differently (then the
   later one may move up, and adjacent rules with one decision are a single
   first-match step). One source line split per family merges per family.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..errors import SourcePos
from ..policy import Policy, Rule
from ..ranges import canonical_prefixes, normalize_ranges
from .encoding import Space
from .policy import decision_key, default_key, policy_meaning, rule_match

_SET_FIELDS = ("src", "dst", "src_ports", "dst_ports", "in_ports")
_OTHER_FIELDS = ("eth_type", "ip_proto", "icmp_type", "icmp_code", "action", "log", "ct_state", "tcp_flags")


@dataclass
class OptimizeReport:
    rules_before: int
    rules_after: int = 0
    removed: list[SourcePos] = field(default_factory=list)
    merged: list[tuple[SourcePos, SourcePos]] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"rules: {self.rules_before} -> {self.rules_after}"]
        lines += [f"removed {pos} (changes no decision)" for pos in self.removed]
        lines += [f"merged {b} into {a}" for a, b in self.merged]
        return "\n".join(lines)


def optimize_policy(policy: Policy) -> tuple[Policy, OptimizeReport]:
    report = OptimizeReport(len(policy.rules))
    space = Space()
    kept = _remove_redundant(space, policy, report)
    merged = _merge_adjacent(space, kept, report)
    result = dataclasses.replace(policy, rules=tuple(dataclasses.replace(r, index=k) for k, r in enumerate(merged)))
    report.rules_after = len(result.rules)
    before = policy_meaning(space, policy)
    after = policy_meaning(space, result)
    if before.by_effect != after.by_effect:  # pragma: no cover - a bug, never bad input
        raise RuntimeError("the optimized policy decides differently from the original")
    return result, report


def _remove_redundant(space: Space, policy: Policy, report: OptimizeReport) -> list[Rule]:
    rules = policy.rules
    matches = [rule_match(space, r) for r in rules]
    earlier = []
    covered = space.false
    for m in matches:
        earlier.append(covered)
        covered = covered | m
    suffix = {default_key(policy): space.true}
    keep = [True] * len(rules)
    for i in range(len(rules) - 1, -1, -1):
        key = decision_key(rules[i])
        reached = matches[i] & ~earlier[i]
        if (reached & ~suffix.get(key, space.false)) == space.false:
            keep[i] = False
            report.removed.append(rules[i].origin)
            continue
        m = matches[i]
        suffix = {k: v & ~m for k, v in suffix.items()}
        suffix[key] = suffix.get(key, space.false) | m
    report.removed.reverse()
    return [r for r, k in zip(rules, keep) if k]


def _union(name: str, a, b, rule: Rule):
    if name in ("src", "dst"):
        return canonical_prefixes(a + b, a[0].width)
    if name == "in_ports":
        return tuple(sorted(set(a) | set(b)))
    return normalize_ranges([(r.lo, r.hi) for r in a + b])


def _merge(a: Rule, b: Rule) -> Rule | None:
    if any(getattr(a, f) != getattr(b, f) for f in _OTHER_FIELDS):
        return None
    differing = [f for f in _SET_FIELDS if getattr(a, f) != getattr(b, f)]
    if len(differing) != 1:
        return None
    name = differing[0]
    va, vb = getattr(a, name), getattr(b, name)
    if va is None or vb is None:
        return dataclasses.replace(a, **{name: None})  # one side is "any": the union is "any"
    return dataclasses.replace(a, **{name: _union(name, va, vb, a)})


_LOOKBACK = 8  # how far back a rule may move to meet a partner (keeps the pass linear)


def _merge_adjacent(space: Space, rules: list[Rule], report: OptimizeReport) -> list[Rule]:
    """Merge each rule into a recent earlier one when the rules in between cannot tell.

    Moving rule b up to an earlier rule a is exact when no rule in between both
    overlaps b and decides differently; then a and b are adjacent and their union
    is one first-match step.
    """
    out: list[Rule] = []
    matches: list = []
    for rule in rules:
        m = rule_match(space, rule)
        merged_at = None
        for k in range(len(out) - 1, max(-1, len(out) - 1 - _LOOKBACK), -1):
            merged = _merge(out[k], rule)
            if merged is not None:
                merged_at = k
                break
            if decision_key(out[k]) != decision_key(rule) and (matches[k] & m) != space.false:
                break
        if merged_at is not None:
            report.merged.append((out[merged_at].origin, rule.origin))
            out[merged_at] = merged
            matches[merged_at] = matches[merged_at] | m
            continue
        out.append(rule)
        matches.append(m)
    return out
