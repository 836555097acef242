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
from ..pipeline import Continuation, Effect
from ..policy import (
    ADDRESS_WIDTH, CT_EST, CT_INV, CT_NEW, CT_REL, PROTO_TCP, TCP_FLAGS_WIDTH, Action, Policy, Rule,
)
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
    if rule.ct_state is not None or rule.tcp_flags is not None:
        parts.extend(connection_parts(space, rule))
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


def state_bdd(space: Space, state: str):
    """The tracked packets conntrack gives ``state``, read from the bits exactly as
    :func:`aclc.policy.connection_state` reads them."""
    def bit(mask: int):
        return space.masked("ct_state", mask, mask, CT_WIDTH)

    new, est, rel, inv = bit(CT_NEW), bit(CT_EST), bit(CT_REL), bit(CT_INV)
    if state == "invalid":
        return inv | (~rel & ~est & ~new)
    if state == "related":
        return ~inv & rel
    if state == "established":
        return ~inv & ~rel & est
    if state == "new":
        return ~inv & ~rel & ~est & new
    raise AclcError(f"unknown connection state {state!r}")


def connection_parts(space: Space, rule: Rule) -> list:
    parts = []
    if rule.ct_state is not None:
        parts.append(space.is_ip & disjunction(space, [state_bdd(space, s) for s in rule.ct_state]))
    if rule.tcp_flags is not None:
        parts.append(space.has_ports(PROTO_TCP) & disjunction(
            space, [space.masked("tcp_flags", v, m, TCP_FLAGS_WIDTH) for v, m in rule.tcp_flags]))
    return parts


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


CT_WIDTH = 5  # the ct_state bits the model holds (encoding.FIELDS)


def stateful_policy_meaning(space: Space, policy: Policy, continuation: Continuation,
                            progress: Callable[[int], None] | None = None) -> Decided:
    """:func:`policy_meaning` for a policy that tracks connections: a permitted IP packet
    that conntrack marks new is also committed (``Effect.commit``), as
    :func:`aclc.evaluate.evaluate_policy` says."""
    keyed = policy_meaning(space, policy, effect_of=decision_key, default_effect=default_key(policy),
                           progress=progress)
    committing = space.is_ip & space.masked("ct_state", CT_NEW, CT_NEW, CT_WIDTH)
    by_effect: dict = {}

    def add(effect, region):
        if region != space.false:
            by_effect[effect] = by_effect[effect] | region if effect in by_effect else region

    for (action, log), region in keyed.by_effect.items():
        effect = decision_effect(action, log, continuation)
        if action == Action.PERMIT:
            add(Effect(effect.outputs, effect.goto, commit=True), region & committing)
            add(effect, region & ~committing)
        else:
            add(effect, region)
    return Decided(keyed.covered, by_effect, keyed.ambiguous)


def decision_key(rule: Rule) -> tuple[Action, bool]:
    """A decision independent of any target: the action and whether it logs."""
    return (rule.action, rule.log)


def default_key(policy: Policy) -> tuple[Action, bool]:
    return (policy.default_action, policy.default_log)
