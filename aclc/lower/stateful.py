"""Connection state and TCP flags: the Open vSwitch conntrack pipeline.

A policy whose rules match TCP flags only needs one more match field per flow
(``tcp_flags``, masked: an Open vSwitch extension). A policy whose rules match
a connection state (``ct_state``) gets a conntrack pipeline around the ACL
table ``T`` (``options.table_base``):

    table T    priority max   ip,   ct_state=-trk  actions=ct(table=T)
                              ipv6, ct_state=-trk  actions=ct(table=T)
               rules          the ACL, each flow matching its states as
                              ct_state cubes (+trk...); permit goes to T+1
               priority base  the default (permit goes to T+1)
    table T+1  priority base+1  ip,   ct_state=+new+trk  ct(commit), permit
                                ipv6, ct_state=+new+trk  ct(commit), permit
               priority base    everything else          permit

An IP packet is first sent through conntrack and recirculated into ``T`` with
its state known; frames that are not IP are never tracked and meet the rules
untracked (no rule with a state can match them). Every permitted packet of a
new connection is committed, so that its replies are established; a denied one
never is. A stateless policy never comes here and compiles as before.

The states are read from the conntrack bits as :func:`aclc.policy.connection_state`
says; each state set becomes the disjoint ct_state cubes that cover exactly
its bit patterns (found by splitting on the bits in the order that function
reads them).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..errors import AclcError
from ..pipeline import (
    ApplyActions, Conntrack, Continuation, FieldMatch, FlowEntry, GotoTable, Pipeline, Table, make_cookie,
)
from ..policy import (
    CT_EST, CT_INV, CT_NEW, CT_REL, CT_TRK, ETH_IPV4, ETH_IPV6, Policy, Rule, connection_state,
)
from ..profiles import Profile, targets_that

# The bits connection_state reads, in the order it reads them.
_STATE_BITS = (CT_INV, CT_REL, CT_EST, CT_NEW)
STATEFUL_STRATEGIES = ("single", "exact")


def uses_connection_fields(policy: Policy) -> bool:
    """Whether the policy needs this module (a state or TCP flags in some rule)."""
    for rule in policy.rules:
        if rule.ct_state is not None or rule.tcp_flags is not None:
            return True
    return False


@lru_cache(maxsize=64)
def state_cubes(states: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Disjoint (value, mask) ct_state matches, each with +trk, that hold exactly for the
    tracked packets whose :func:`connection_state` is one of ``states``."""
    wanted = frozenset(states)
    out: list[tuple[int, int]] = []

    def split(value: int, mask: int, depth: int) -> None:
        free = _STATE_BITS[depth:]
        found = set()
        for pattern in range(1 << len(free)):
            bits = value
            for k, bit in enumerate(free):
                if pattern >> k & 1:
                    bits |= bit
            found.add(connection_state(bits) in wanted)
        if found == {True}:
            out.append((value | CT_TRK, mask | CT_TRK))
        elif found == {True, False}:
            bit = _STATE_BITS[depth]
            split(value | bit, mask | bit, depth + 1)
            split(value, mask | bit, depth + 1)

    split(0, 0, 0)
    return tuple(out)


def connection_dimensions(rule: Rule) -> list[tuple[FieldMatch, ...]]:
    """The rule's ct_state and tcp_flags dimensions (in OXM order: both come last)."""
    dims = []
    if rule.ct_state is not None:
        dims.append(_state_dimension(rule.ct_state))
    if rule.tcp_flags is not None:
        dims.append(_flags_dimension(rule.tcp_flags))
    return dims


def connection_flow_factor(rule: Rule) -> int:
    n = 1
    if rule.ct_state is not None:
        n *= len(state_cubes(rule.ct_state))
    if rule.tcp_flags is not None:
        n *= len(rule.tcp_flags)
    return n


@lru_cache(maxsize=64)
def _state_dimension(states: tuple[str, ...]) -> tuple[FieldMatch, ...]:
    return tuple(FieldMatch("ct_state", v, m) for v, m in state_cubes(states))


@lru_cache(maxsize=256)
def _flags_dimension(alternatives: tuple[tuple[int, int], ...]) -> tuple[FieldMatch, ...]:
    return tuple(FieldMatch("tcp_flags", v, None if m == 0xFFF else m) for v, m in alternatives)


def _way_out(test) -> str:
    way = targets_that(test)
    return f"; use {way}" if way else ""


def check_target(policy: Policy, profile: Profile, strategy: str | None) -> None:
    """Refuse, with the first rule that needs it, what the target or strategy cannot do."""
    for rule in policy.rules:
        if rule.ct_state is not None and not profile.has_conntrack:
            raise AclcError(
                f"target {profile.name} has no connection tracking, so the connection state of "
                f"this rule ({','.join(rule.ct_state)}) cannot be matched"
                + _way_out(lambda p: p.has_conntrack), rule.origin)
        if rule.tcp_flags is not None and not profile.has_tcp_flags:
            raise AclcError(
                f"target {profile.name} cannot match TCP flags (OpenFlow 1.3 has no such field; "
                f"Open vSwitch's tcp_flags is an extension)" + _way_out(lambda p: p.has_tcp_flags), rule.origin)
    if strategy is not None and strategy not in STATEFUL_STRATEGIES:
        first = next(r for r in policy.rules if r.ct_state is not None or r.tcp_flags is not None)
        raise AclcError(f"strategy {strategy} does not compile connection state or TCP flags "
                        f"(use --strategy single or exact)", first.origin)


def lower_stateful(policy: Policy, profile: Profile, options, permit: Continuation) -> Pipeline:
    """Lower a policy with connection states or TCP flags (``options.permit`` unresolved)."""
    from . import choose_strategy
    from .priorities import assign_priorities
    from .single import lower_single

    check_target(policy, profile, options.strategy or profile.default_strategy)
    strategy = choose_strategy(policy, profile, options)
    check_target(policy, profile, strategy)
    if not policy.tracks_connections:  # TCP flags only: one more match field, nothing else
        resolved = replace(options, strategy=strategy, permit=permit)
        priorities = assign_priorities(policy, options.priority_base, options.priority_max)
        return lower_single(policy, profile, resolved, priorities)
    table = options.table_base
    commit_table = table + 1
    if commit_table >= profile.num_tables:
        raise AclcError(f"a stateful ACL needs tables {table} and {commit_table}, but target "
                        f"{profile.name} has tables 0..{profile.num_tables - 1}")
    if options.priority_max - options.priority_base < 2:
        raise AclcError(f"priority range {options.priority_base}..{options.priority_max} leaves no room "
                        "for the conntrack flows of a stateful ACL")
    inner = Continuation((GotoTable(commit_table),), f"goto_table:{commit_table}")
    resolved = replace(options, strategy=strategy, permit=inner)
    # The conntrack flows sit at priority_max, above every rule.
    priorities = assign_priorities(policy, options.priority_base, options.priority_max - 1)
    acl = lower_single(policy, profile, resolved, priorities)
    track = tuple(
        FlowEntry(table, options.priority_max,
                  (FieldMatch("eth_type", eth), FieldMatch("ct_state", 0, CT_TRK)),
                  (ApplyActions((Conntrack(table=table),)),), make_cookie(None), role="dispatch")
        for eth in (ETH_IPV4, ETH_IPV6))
    acl_table = acl.tables[0]
    return Pipeline(
        tables=(Table(table, acl_table.name, track + acl_table.flows),
                Table(commit_table, "commit", commit_flows(commit_table, options.priority_base, permit))),
        entry_table=table,
        profile=profile,
        strategy=strategy,
        continuation=permit,
        policy=policy,
    )


def commit_flows(table_id: int, priority: int, permit: Continuation) -> tuple[FlowEntry, ...]:
    """The commit table: permitted packets of new connections are committed, then continue."""
    committed = with_commit(permit.instructions)
    new = FieldMatch("ct_state", CT_NEW | CT_TRK, CT_NEW | CT_TRK)
    flows = [FlowEntry(table_id, priority + 1, (FieldMatch("eth_type", eth), new), committed,
                       make_cookie(None), role="dispatch") for eth in (ETH_IPV4, ETH_IPV6)]
    flows.append(FlowEntry(table_id, priority, (), permit.instructions, make_cookie(None), role="dispatch"))
    return tuple(flows)


def with_commit(instructions: tuple) -> tuple:
    """``instructions`` with ct(commit) first in their apply-actions."""
    out = []
    done = False
    for ins in instructions:
        if isinstance(ins, ApplyActions) and not done:
            ins = ApplyActions((Conntrack(commit=True),) + ins.actions)
            done = True
        out.append(ins)
    if not done:
        out.insert(0, ApplyActions((Conntrack(commit=True),)))
    return tuple(out)
