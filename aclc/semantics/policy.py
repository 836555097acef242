"""The meaning of a Policy: for each decision, the BDD of the packets that get it.

A rule matches exactly as :func:`aclc.evaluate.evaluate_policy` says: every
field the rule restricts must be present in the packet (ports only on TCP, UDP
and SCTP, ICMP type/code only on ICMP of the rule's family, addresses only on
the rule's ethertype), and the first matching rule decides.
"""

from __future__ import annotations

from typing import Callable, Hashable

from ..errors import AclcError
from ..evaluate import decision_effect  # one definition of what permit/deny/log do
from ..pipeline import Continuation
from ..policy import ADDRESS_WIDTH, Action, Policy, Rule
from .encoding import Space, disjunction
from .firstmatch import Decided, close, first_match, leaf


def rule_match(space: Space, rule: Rule):
    """The packets a rule matches (ignoring the rules before it)."""
    parts = []
    if rule.eth_type is not None:
        parts.append(space.eq("eth_type", rule.eth_type))
    if rule.ip_proto is not None:
        parts.append(space.eq("ip_proto", rule.ip_proto))
        if rule.eth_type is None:
            parts.append(space.is_ip)
    if rule.in_ports is not None:
        parts.append(disjunction(space, [space.eq("in_port", p) for p in rule.in_ports]))
    for name, ranges in (("src_port", rule.src_ports), ("dst_port", rule.dst_ports)):
        if ranges is not None:
            if rule.ip_proto is None:
                raise AclcError("a rule with ports has no protocol", pos=rule.origin)
            parts.append(disjunction(space, [space.range(name, r.lo, r.hi) for r in ranges]))
    if rule.icmp_type is not None:
        parts.append(space.eq("icmp_type", rule.icmp_type))
    if rule.icmp_code is not None:
        parts.append(space.eq("icmp_code", rule.icmp_code))
    for name, prefixes in (("src", rule.src), ("dst", rule.dst)):
        if prefixes is None:
            continue
        width = ADDRESS_WIDTH.get(rule.eth_type)
        if width is None:
            raise AclcError("a rule with addresses has no address family", pos=rule.origin)
        parts.append(disjunction(space, [space.prefix(name, p.value, p.length, width) for p in prefixes]))
    # Fields with few distinct values first: the conjunction stays small.
    result = space.true
    for part in parts:
        result = result & part
    return result


def rule_leaves(space: Space, policy: Policy, effect_of: Callable[[Rule], Hashable],
                progress: Callable[[int], None] | None = None) -> list[Decided]:
    leaves = []
    for rule in policy.rules:
        leaves.append(leaf(space, rule_match(space, rule), effect_of(rule)))
        if progress:
            progress(1)
    return leaves


def policy_meaning(space: Space, policy: Policy, continuation: Continuation | None = None,
                   effect_of: Callable[[Rule], Hashable] | None = None,
                   default_effect: Hashable | None = None,
                   progress: Callable[[int], None] | None = None) -> Decided:
    """The Policy as a partition of all packets by effect.

    With a ``continuation``, effects are :class:`aclc.pipeline.Effect` (what the
    switch does); without one, ``effect_of`` (default: (action, log)) names them.
    """
    if effect_of is None:
        if continuation is not None:
            effect_of = lambda r: decision_effect(r.action, r.log, continuation)  # noqa: E731
            default_effect = decision_effect(policy.default_action, policy.default_log, continuation)
        else:
            effect_of = decision_key
            default_effect = (policy.default_action, policy.default_log)
    leaves = rule_leaves(space, policy, effect_of, progress)
    return close(space, first_match(space, leaves, progress), default_effect)


def decision_key(rule: Rule) -> tuple[Action, bool]:
    """A decision independent of any target: the action and whether it logs."""
    return (rule.action, rule.log)


def default_key(policy: Policy) -> tuple[Action, bool]:
    return (policy.default_action, policy.default_log)
