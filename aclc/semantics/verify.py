"""Exact equivalence of a Policy and a compiled Pipeline.

Both are given a meaning in one BDD space (effect -> packets). They are
equivalent when every effect has the same packets on both sides and no packet
reaches two disagreeing flows of the same priority. Otherwise one concrete
packet is picked and replayed through the plain evaluators
(:mod:`aclc.evaluate`); a counterexample is reported only when they confirm it,
and a disagreement between the two models raises :class:`ModelDisagreement`.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Callable

from ..gcpause import gc_paused
from ..packet import Packet
from ..pipeline import Effect, FlowEntry, Pipeline
from ..policy import Policy
from .bystate import validate_by_state
from .encoding import Space
from .multitable import validate_multi
from .pipeline import check_forward_gotos, pipeline_meaning, uses_conntrack_or_flags
from .policy import policy_meaning, stateful_policy_meaning
from .translation import validate
from .witness import pick_packet


class ModelDisagreement(RuntimeError):
    """The BDD model and the plain evaluator disagree: a bug in aclc, never bad input."""


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    counterexample: Packet | None = None
    rule: int | None = None  # deciding rule index; None = the ACL default
    rule_effect: Effect | None = None
    flow: FlowEntry | None = None  # last deciding flow on the switch
    flow_effect: Effect | None = None
    ambiguous: bool = False  # the packet hits same-priority flows that disagree
    detail: str = ""
    policy: Policy | None = field(default=None, compare=False, repr=False)
    stats: dict = field(default_factory=dict, compare=False)

    def describe(self) -> str:
        """Human-readable report (several lines)."""
        if self.ok:
            return "proven: the flows decide every packet exactly like the ACL"
        from .render import effect_text, flow_text, rule_location

        lines = []
        if self.ambiguous:
            lines.append("NOT proven: same-priority flows that overlap disagree (the switch may pick either)")
        else:
            lines.append("NOT proven: the flows decide a packet differently from the ACL")
        lines.append(f"  packet: {self.counterexample}")
        if self.policy is not None:
            lines.append(f"  ACL:    {rule_location(self.policy, self.rule)} -> {effect_text(self.rule_effect)}")
        if self.ambiguous:
            lines.append(f"  flows:  {self.detail}")
            return "\n".join(lines)
        if self.flow is not None:
            lines.append(f"  flow:   {flow_text(self.flow)} -> {effect_text(self.flow_effect)}")
        else:
            lines.append(f"  flow:   no flow matches (table miss) -> {effect_text(self.flow_effect)}")
        if self.detail:
            lines.append(f"  {self.detail}")
        return "\n".join(lines)


def verify(policy: Policy, pipeline: Pipeline, progress: Callable[[int], None] | None = None,
           space: Space | None = None, method: str = "auto") -> VerifyResult:
    """Prove ``pipeline`` decides every packet like ``policy`` (with the pipeline's continuation).

    ``method``: "auto" tries translation validation first (fast on single-table
    pipelines) and falls back to the full model, which is exact both ways;
    "full" builds both meanings outright.
    """
    if method not in ("auto", "full"):
        raise ValueError(f"unknown verification method {method!r}")
    with gc_paused():  # each collection would rescan the whole policy and pipeline
        return _verify(policy, pipeline, progress, space, method)


def _verify(policy: Policy, pipeline: Pipeline, progress, space: Space | None, method: str) -> VerifyResult:
    started = time.perf_counter()
    check_forward_gotos(pipeline)
    space = space or Space()
    suspects: list = []
    stateful = policy.tracks_connections or policy.matches_tcp_flags or uses_conntrack_or_flags(pipeline)
    if stateful:  # conntrack and TCP flags: one connection state at a time, else the full model
        if method == "auto" and validate_by_state(space, policy, pipeline):
            stats = {"method": "translation validation by connection state (conntrack)",
                     "seconds": time.perf_counter() - started, "nodes": space.node_count()}
            return VerifyResult(ok=True, policy=policy, stats=stats)
        method = "full"
    if method == "auto" and len(pipeline.tables) > 1:
        regions: list = []
        if validate_multi(space, policy, pipeline, progress, regions):
            stats = {"method": "translation validation (multi-table)",
                     "seconds": time.perf_counter() - started, "nodes": space.node_count()}
            return VerifyResult(ok=True, policy=policy, stats=stats)
        # Failed checks name small header regions (ports pinned); compared exactly there,
        # they usually hold a counterexample, which the evaluators confirm.
        cache: dict = {}
        for region in regions[:12]:
            found = _local(space, policy, pipeline, region, cache)
            if found is not None:
                stats = {"method": "translation validation (multi-table counterexample)",
                         "seconds": time.perf_counter() - started, "nodes": space.node_count()}
                return dataclasses.replace(found, stats=stats)
    elif method == "auto":
        if validate(space, policy, pipeline, progress, suspects):
            stats = {"method": "translation validation", "seconds": time.perf_counter() - started,
                     "nodes": space.node_count()}
            return VerifyResult(ok=True, policy=policy, stats=stats)
        # The failed condition usually points straight at a counterexample; the
        # evaluators confirm it, so no full model is needed for big broken tables.
        found = None
        index: list = []  # the overlap index, built once for all suspects
        for region, rule in suspects:
            found = _local(space, policy, pipeline, _reaching(space, policy, region, rule, index))
            if found is not None:
                break
        if found is not None:
            stats = {"method": "translation validation (counterexample)",
                     "seconds": time.perf_counter() - started, "nodes": space.node_count()}
            return dataclasses.replace(found, stats=stats)
    if policy.tracks_connections:
        acl = stateful_policy_meaning(space, policy, pipeline.continuation, progress=progress)
    else:
        acl = policy_meaning(space, policy, pipeline.continuation, progress=progress)
    acl_seconds = time.perf_counter() - started
    flows = pipeline_meaning(space, pipeline, progress=progress)
    stats = {
        "method": "full model" + (" (conntrack and TCP flags)" if stateful else ""),
        "acl_seconds": acl_seconds,
        "seconds": time.perf_counter() - started,
        "nodes": space.node_count(),
    }
    if flows.ambiguous != space.false:
        packet = pick_packet(space, flows.ambiguous)
        return _ambiguous(policy, pipeline, packet, stats)
    for effect in set(acl.by_effect) | set(flows.by_effect):
        ours = acl.by_effect.get(effect, space.false)
        theirs = flows.by_effect.get(effect, space.false)
        if ours != theirs:
            packet = pick_packet(space, ours & ~theirs) or pick_packet(space, theirs & ~ours)
            return _confirmed(policy, pipeline, packet, stats)
    return VerifyResult(ok=True, policy=policy, stats=stats)


def _reaching(space: Space, policy: Policy, region, rule_index: int, index: list):
    """``region`` without the packets rules before ``rule_index`` decide (those that overlap it);
    ``index`` holds the policy's overlap index once built."""
    from .boxes import OverlapIndex, iter_bits
    from .policy import rule_match

    if not index:
        index.append(OverlapIndex(policy))
    earlier = index[0].meeting(policy.rules[rule_index]) & ((1 << rule_index) - 1)
    for k in iter_bits(earlier):
        region = region & ~rule_match(space, policy.rules[k])
        if region == space.false:
            break
    return region


def _local(space: Space, policy: Policy, pipeline: Pipeline, region, cache: dict | None = None) -> VerifyResult | None:
    """Compare ACL and pipeline exactly, but only inside ``region`` (a set of headers).

    Only the rules and flows that meet the region can decide its packets (a flow
    whose header match misses the region never matches them, whatever metadata
    they carry), so both meanings are built from those few; the answer is exact
    for the region.
    """
    from ..pipeline import Table
    from .firstmatch import close, first_match, leaf
    from .pipeline import flow_match
    from .policy import decision_effect, rule_match

    if region == space.false:
        return None
    cache = {} if cache is None else cache  # matches, reused when several regions are tried

    def cached(key, build):
        found = cache.get(key)
        if found is None:
            found = cache[key] = build()
        return found

    continuation = pipeline.continuation
    leaves = []
    for rule in policy.rules:
        m = cached(("rule", rule.index), lambda: rule_match(space, rule)) & region
        if m != space.false:
            leaves.append(leaf(space, m, decision_effect(rule.action, rule.log, continuation)))
    acl = close(space, first_match(space, leaves),
                decision_effect(policy.default_action, policy.default_log, continuation))
    tables = _near_flows(space, pipeline, region, lambda f: cached(("flow", id(f)), lambda: flow_match(space, f)))
    flows = pipeline_meaning(space, dataclasses.replace(pipeline, tables=tables))
    if (flows.ambiguous & region) != space.false:
        return _ambiguous(policy, pipeline, pick_packet(space, flows.ambiguous & region), {})
    for effect in set(acl.by_effect) | set(flows.by_effect):
        ours = acl.by_effect.get(effect, space.false) & region
        theirs = flows.by_effect.get(effect, space.false) & region
        if ours != theirs:
            packet = pick_packet(space, ours & ~theirs) or pick_packet(space, theirs & ~ours)
            return _confirmed(policy, pipeline, packet, {})
    return None


def _near_flows(space: Space, pipeline: Pipeline, region, match_of) -> tuple:
    """Each table with only the flows that packets of ``region`` can meet there.

    What can arrive at a table (headers with the metadata they carry) is followed
    from the entry (metadata 0) through every flow that meets it, ignoring which of
    them wins: an over-approximation, so no flow a packet of ``region`` can hit is dropped.
    """
    from ..pipeline import Table
    from .encoding import disjunction
    from .pipeline import split_instructions

    arriving = {pipeline.entry_table: region & space.masked("metadata", 0, (1 << 64) - 1)}
    out = []
    for table in sorted(pipeline.tables, key=lambda t: t.table_id):
        here = arriving.get(table.table_id, space.false)
        near = []
        # instructions -> (matches that ignore metadata, arrivals of flows that match it)
        onward: dict = {}
        for flow in table.flows:
            if here == space.false:
                break
            match = match_of(flow)
            # Arrivals lie inside ``region`` (headers never change): test the small BDD first.
            if (match & region) == space.false:
                continue
            met = match & here
            if met == space.false:
                continue
            near.append(flow)
            plain, exact = onward.setdefault(flow.instructions, ([], []))
            if flow.field("metadata") is None:
                plain.append(match)
            else:
                exact.append(met)
        # A flow that matches no metadata meets ``here`` with the written bits forgotten
        # as (here without them) & match: one quantification per write mask, not per flow.
        forgotten: dict = {}
        for instructions, (plain, exact) in onward.items():
            fake = FlowEntry(table_id=table.table_id, priority=0, match=(), instructions=instructions, cookie=0)
            _, write, goto = split_instructions(fake)
            if goto is None:
                continue
            mask = write.mask if write is not None else 0
            written = [v for b, v in enumerate(space.metadata_vars) if (mask >> b) & 1]
            if mask not in forgotten:
                forgotten[mask] = space.bdd.exist(written, here) if written else here
            met = forgotten[mask] & disjunction(space, plain) if plain else space.false
            for m in exact:
                met = met | (space.bdd.exist(written, m) if written else m)
            if written:
                met = met & space.masked("metadata", write.value & mask, mask)
            arriving[goto] = arriving[goto] | met if goto in arriving else met
        out.append(Table(table.table_id, table.name, tuple(near)))
    return tuple(out)


def _confirmed(policy: Policy, pipeline: Pipeline, packet: Packet, stats: dict) -> VerifyResult:
    from ..evaluate import evaluate_pipeline, evaluate_policy

    rule, rule_effect = evaluate_policy(policy, packet, pipeline.continuation)
    flow, flow_effect = evaluate_pipeline(pipeline, packet)
    if rule_effect == flow_effect:
        raise ModelDisagreement(
            f"the BDD model says the ACL and the flows disagree on {packet}, "
            f"but the evaluators both give {rule_effect}"
        )
    return VerifyResult(False, packet, rule, rule_effect, flow, flow_effect, policy=policy, stats=stats)


def _ambiguous(policy: Policy, pipeline: Pipeline, packet: Packet, stats: dict) -> VerifyResult:
    from ..evaluate import evaluate_pipeline, evaluate_policy

    rule, rule_effect = evaluate_policy(policy, packet, pipeline.continuation)
    try:
        flow, flow_effect = evaluate_pipeline(pipeline, packet)
    except Exception as error:  # the evaluator refuses ambiguous tables, as it should
        return VerifyResult(False, packet, rule, rule_effect, None, None, ambiguous=True,
                            detail=str(error), policy=policy, stats=stats)
    raise ModelDisagreement(
        f"the BDD model finds same-priority flows that disagree on {packet}, "
        f"but the evaluator decides it without complaint ({flow_effect})"
    )
