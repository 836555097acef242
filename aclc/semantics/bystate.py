"""Proof of a conntrack pipeline one connection state at a time.

The full model of a stateful policy (:func:`.policy.stateful_policy_meaning` beside
:func:`.pipeline.pipeline_meaning`) builds the whole ACL as one BDD, conntrack bits
included: minutes for a few thousand iptables rules, where the same rules without
states are proved rule by rule in a fraction of a second (:mod:`.translation`). The
pipeline :mod:`aclc.lower.stateful` writes has a shape that splits the question:

- (dispatch) every IP packet that is not tracked yet first meets flows that send it
  through conntrack into one table ``T``, and nothing else;
- (not IP) frames that are not IP are never tracked: the flows that may match such a
  frame, beside the rules that may, are compared with the full model, which is small;
- (tracked) an IP packet back from conntrack carries verdict bits ``v``: a rule with
  states matches it or not whatever its headers, and so does a flow matching ct_state.
  For each class of ``v`` (values every rule and flow treats alike), the rules that
  match ``v`` without their states and the flows of ``T`` that match ``v`` without their
  ct_state are a stateless ACL and table, proved with :func:`.translation.validate_table`
  over IP packets. A permit there goes to the commit table: its meaning over the class's
  IP packets must be one outcome, which with the permit's own outputs is what the ACL's
  permit does, committed exactly when ``v`` has the new bit.

Each part is exact for the packets it covers, and together they cover every packet.
:func:`validate_by_state` says True only when every part holds; otherwise (another
shape, or a part that fails) the caller builds the full model, exact both ways, which
also finds the counterexample.
"""

from __future__ import annotations

from dataclasses import replace

from ..evaluate import decision_effect
from ..pipeline import Continuation, Effect, FlowEntry, GotoTable, Pipeline, Table, WriteMetadata
from ..policy import CT_NEW, ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy, Rule
from .encoding import Space, disjunction
from .pipeline import PipelineModel, _ct_state_match, conntrack_actions, flow_match, split_instructions
from .policy import CT_WIDTH, policy_meaning, rule_match, state_bdd
from .products import FlowBoxes, rule_box
from .translation import validate_table

_VERDICTS = range(1 << CT_WIDTH)  # every value of the verdict bits the model holds


def validate_by_state(space: Space, policy: Policy, pipeline: Pipeline) -> bool:
    """Whether ``pipeline`` decides every packet like ``policy``, shown part by part as the
    module says; False when the pipeline has another shape or a part does not hold."""
    if not policy.tracks_connections or policy.matches_tcp_flags:
        return False
    tables = {t.table_id: t for t in pipeline.tables}
    entry = tables.get(pipeline.entry_table)
    if entry is None or not _plain_fields(pipeline):
        return False
    target = _dispatch_target(space, entry)
    if target is None or target not in tables:
        return False
    if not _frames_not_ip_agree(space, policy, pipeline):
        return False
    return _tracked_agree(space, policy, pipeline, tables[target], tables)


def _plain_fields(pipeline: Pipeline) -> bool:
    """No TCP flags and no metadata anywhere: the parts below do not model them."""
    for table in pipeline.tables:
        for flow in table.flows:
            if any(fm.field in ("tcp_flags", "metadata") for fm in flow.match):
                return False
            if any(isinstance(ins, WriteMetadata) for ins in flow.instructions):
                return False
    return True


def _dispatch_target(space: Space, entry: Table) -> int | None:
    """The table every untracked IP packet is recirculated into, None unless the entry table's
    flows that send packets through conntrack come first for every such packet: they match
    only IP, they cover every IP packet, and no other flow at or above their lowest priority
    meets an IP packet before conntrack."""
    dispatch = []
    for flow in entry.flows:
        ct = conntrack_actions(flow.instructions)
        if any(a.table is not None for a in ct):
            if len(ct) != 1 or ct[0].commit or len(flow.instructions) != 1 or len(flow.instructions[0].actions) != 1:
                return None
            dispatch.append((flow, ct[0].table))
    if not dispatch or len({t for _, t in dispatch}) != 1:
        return None
    lowest = min(f.priority for f, _ in dispatch)
    matches = []
    for flow, _ in dispatch:
        m = flow_match(space, flow)
        if m & ~space.is_ip != space.false:
            return None  # a frame that is not IP would be tracked
        matches.append(m)
    if space.is_ip & ~disjunction(space, matches) != space.false:
        return None
    chosen = {id(f) for f, _ in dispatch}
    for flow in entry.flows:
        if flow.priority >= lowest and id(flow) not in chosen and flow_match(space, flow) & space.is_ip != space.false:
            return None
    return dispatch[0][1]


def _only_ip(flow: FlowEntry) -> bool:
    """Whether the flow matches an IP ethertype exactly (no other frame can match it)."""
    return any(fm.field == "eth_type" and fm.mask is None and fm.value in (ETH_IPV4, ETH_IPV6) for fm in flow.match)


def _frames_not_ip_agree(space: Space, policy: Policy, pipeline: Pipeline) -> bool:
    """The full model over frames that are not IP: the rules and the entry table's flows that
    may match one (conntrack never sees them, a rule with states never matches them)."""
    rules = tuple(r for r in policy.rules if r.eth_type not in (ETH_IPV4, ETH_IPV6) and r.ct_state is None
                  and not (r.eth_type is None and r.ip_proto is not None))
    rules = tuple(replace(r, index=k) for k, r in enumerate(rules))
    acl = policy_meaning(space, replace(policy, rules=rules), pipeline.continuation)
    tables = []
    for table in pipeline.tables:
        if table.table_id == pipeline.entry_table:
            flows = tuple(f for f in table.flows
                          if not _only_ip(f) and flow_match(space, f) & ~space.is_ip != space.false)
            table = Table(table.table_id, table.name, flows)
        tables.append(table)
    switch = PipelineModel(space, replace(pipeline, tables=tuple(tables))).meaning()
    not_ip = ~space.is_ip
    if switch.ambiguous & not_ip != space.false:
        return False
    for effect in set(acl.by_effect) | set(switch.by_effect):
        a = acl.by_effect.get(effect, space.false) & not_ip
        b = switch.by_effect.get(effect, space.false) & not_ip
        if a != b:
            return False
    return True


def _tracked_agree(space: Space, policy: Policy, pipeline: Pipeline, table: Table, tables: dict) -> bool:
    """Per class of verdict bits, the stateless ACL and table that tracked IP packets of the
    class meet (see the module)."""
    verdict = [space.masked("ct_state", v, (1 << CT_WIDTH) - 1, CT_WIDTH) for v in _VERDICTS]

    def holds(region) -> tuple[bool, ...]:
        return tuple(region & verdict[v] != space.false for v in _VERDICTS)

    rule_states = {r.ct_state: holds(disjunction(space, [state_bdd(space, s) for s in r.ct_state]))
                   for r in policy.rules if r.ct_state is not None}
    flow_states: dict = {}  # (value, mask) -> which verdicts a tracked packet matching it has
    for t in tables.values():
        for flow in t.flows:
            for fm in flow.match:
                if fm.field == "ct_state" and (fm.value, fm.mask) not in flow_states:
                    flow_states[(fm.value, fm.mask)] = holds(_ct_state_match(space, fm, True))
    classes: dict = {}
    for v in _VERDICTS:
        key = (bool(v & CT_NEW), tuple(h[v] for h in rule_states.values()), tuple(h[v] for h in flow_states.values()))
        classes.setdefault(key, []).append(v)
    commit_table = _commit_table(table, tables)
    if commit_table is None:
        return False
    model = PipelineModel(space, pipeline)
    boxes = FlowBoxes()
    for members in classes.values():
        v = members[0]
        reach = space.is_ip & disjunction(space, [verdict[u] for u in members])
        continuation = _permit_continuation(space, pipeline, model, commit_table, reach, bool(v & CT_NEW))
        if continuation is None:
            return False
        rules = tuple(_rule_for(r, rule_states, v) for r in policy.rules)
        flows = _flows_for(table, flow_states, v)
        if flows is None:
            return False
        if not validate_table(space, replace(policy, rules=rules), Table(table.table_id, table.name, flows),
                              continuation, lambda rule: rule_match(space, rule), space.is_ip,
                              box_of=rule_box, flow_boxes=boxes):
            return False
    return True


def _rule_for(rule: Rule, rule_states: dict, v: int) -> Rule:
    """The rule as tracked IP packets with verdict bits ``v`` see it: without its states when
    they hold, else a rule no IP packet matches (an ARP one, with no flows)."""
    if rule.ct_state is None:
        return rule
    if rule_states[rule.ct_state][v]:
        return replace(rule, ct_state=None)
    return replace(rule, eth_type=ETH_ARP, ip_proto=None, src=None, dst=None, src_ports=None, dst_ports=None,
                   icmp_type=None, icmp_code=None, ct_state=None, tcp_flags=None)


def _flows_for(table: Table, flow_states: dict, v: int) -> tuple[FlowEntry, ...] | None:
    """The table's flows a tracked packet with verdict bits ``v`` may meet, without their
    ct_state; None when one of them runs conntrack again (not this shape)."""
    out = []
    for flow in table.flows:
        states = [fm for fm in flow.match if fm.field == "ct_state"]
        if states:
            if not all(flow_states[(fm.value, fm.mask)][v] for fm in states):
                continue
            flow = replace(flow, match=tuple(fm for fm in flow.match if fm.field != "ct_state"))
        if conntrack_actions(flow.instructions):
            return None
        out.append(flow)
    return tuple(out)


def _commit_table(table: Table, tables: dict) -> int | None:
    """The one later table of the pipeline that the flows of ``table`` go to (where permitted
    packets are committed), None when there is not exactly one."""
    gotos = {split_instructions(flow)[2] for flow in table.flows} - {None}
    if len(gotos) != 1:
        return None
    (commit_table,) = gotos
    return commit_table if commit_table in tables and commit_table > table.table_id else None


def _permit_continuation(space: Space, pipeline: Pipeline, model: PipelineModel, commit_table: int, reach,
                         new: bool) -> Continuation | None:
    """What a permit flow does for the class's IP packets (``reach``): go to the commit table,
    whose meaning there is one outcome that, after the permit's own outputs, is the ACL's
    permit, committed when the packets are new. None when that does not hold."""
    after = model.table_meaning(commit_table, tracked=True)
    if after.ambiguous & reach != space.false:
        return None
    outcomes = [effect for effect, region in after.by_effect.items() if region & reach != space.false]
    if len(outcomes) != 1 or reach & ~after.by_effect[outcomes[0]] != space.false:
        return None
    outcome = outcomes[0]
    continuation = Continuation((GotoTable(commit_table),), f"goto_table:{commit_table}")
    for log in (False, True):
        own = continuation.effect(log)
        combined = Effect(own.outputs | outcome.outputs, outcome.goto, outcome.commit)
        wanted = decision_effect(Action.PERMIT, log, pipeline.continuation)
        if combined != Effect(wanted.outputs, wanted.goto, new):
            return None
    return continuation
