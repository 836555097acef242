"""One-table lowering: every rule becomes the product of its field matches.

Strategy ``single`` encodes port ranges as masked prefix covers (only where the
profile honours port masks: Open vSwitch); strategy ``exact`` matches every
port value of a range exactly (safe everywhere, but a range of n ports costs n
flows, and two ranges in one rule cost their product).

All flows of a rule share the rule's priority; the default flow matches
everything at ``priority_base``, below every rule.
"""

from __future__ import annotations

from ..evaluate import LOG_OUTPUT
from ..pipeline import (
    ApplyActions, Continuation, FlowEntry, Instruction, Pipeline, Table, make_cookie,
)
from ..policy import Action, Policy
from ..profiles import Profile
from .expand import rule_matches
from .unique import keep_first, may_share_flows

STRATEGY_PORT_ENCODING = {"single": "mask", "exact": "exact"}


def decision_instructions(action: Action, log: bool, permit: Continuation) -> tuple[Instruction, ...]:
    """Permit continues with the continuation, deny has no instructions (drop); log adds a
    copy to the controller in apply-actions."""
    instructions = permit.instructions if action == Action.PERMIT else ()
    if not log:
        return instructions
    out: list[Instruction] = []
    logged = False
    for ins in instructions:
        if isinstance(ins, ApplyActions) and not logged:
            ins = ApplyActions(ins.actions + (LOG_OUTPUT,))
            logged = True
        out.append(ins)
    if not logged:
        out.insert(0, ApplyActions((LOG_OUTPUT,)))
    return tuple(out)


def default_flow(policy: Policy, options, table_id: int) -> FlowEntry:
    return FlowEntry(
        table_id=table_id,
        priority=options.priority_base,
        match=(),
        instructions=decision_instructions(policy.default_action, policy.default_log, options.permit),
        cookie=make_cookie(None),
        role="default",
    )


def lower_single(policy: Policy, profile: Profile, options, priorities: tuple[int, ...]) -> Pipeline:
    """One table at ``options.table_base``; ``options.strategy`` is "single" or "exact"."""
    strategy = options.strategy
    encoding = STRATEGY_PORT_ENCODING[strategy]
    table_id = options.table_base
    permit = options.permit
    flows: list[FlowEntry] = []
    append = flows.append
    # One flow per (priority, match), the earliest rule's (see .unique); only rules that
    # may share a flow with another one have their matches keyed.
    shared = may_share_flows(policy.rules, priorities)
    seen: dict = {}
    for rule, priority, check in zip(policy.rules, priorities, shared):
        instructions = decision_instructions(rule.action, rule.log, permit)
        cookie = make_cookie(rule.index)
        if check:
            for match in rule_matches(rule, profile, encoding):
                keep_first(seen, flows, FlowEntry(table_id, priority, match, instructions, cookie), rule.index)
        else:
            for match in rule_matches(rule, profile, encoding):
                append(FlowEntry(table_id, priority, match, instructions, cookie))
    flows.append(default_flow(policy, options, table_id))
    return Pipeline(
        tables=(Table(table_id, "acl", tuple(flows)),),
        entry_table=table_id,
        profile=profile,
        strategy=strategy,
        continuation=permit,
        policy=policy,
    )
