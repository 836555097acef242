"""The test build of a compiled Pipeline, and packet traces through it.

The switch tester can observe three outcomes: the packet leaves the target on
``target_send_port_1`` (``egress``), the target sends it to the controller
(``PACKET_IN``), or a table looked it up and matched nothing (``table-miss``).
It cannot observe a drop by a flow. So the test build keeps every match,
priority, table, cookie, metadata write and goto of the compiled Pipeline and
changes only what a decision does:

- permit (the continuation: goto_table:100, NORMAL, output:N) -> output to
  ``target_send_port_1``; a log copy to the controller is left out, because the
  tester takes exactly one packet per probe and checks which switch sent it;
- an explicit deny (a drop flow of a rule), and any deny with log ->
  output to the controller (whole packet), seen as PACKET_IN;
- the default-deny drop flows are left out, so the default is a real table miss.

Traces use an index per table (by ethertype, protocol and the most common
exactly matched field), so choosing the flows of a test stays fast on pipelines
with hundreds of thousands of flows. Matching itself is
:func:`aclc.evaluate.flow_matches`, the same as the packet evaluator's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ..errors import AclcError
from ..evaluate import apply_instructions, flow_matches
from ..packet import Packet
from ..pipeline import (
    CONTROLLER_MAX_LEN, FIELD_WIDTH, PORT_NAMES, ApplyActions, Effect, FlowEntry, GotoTable, Output, Pipeline, Table,
    WriteMetadata,
)

TARGET_SEND_PORT = 2  # the tester's default target_send_port_1
TARGET_RECV_PORT = 1  # the tester's default target_recv_port: every probe comes in here
CONTROLLER = PORT_NAMES["CONTROLLER"]
TEST_PERMIT = Output(TARGET_SEND_PORT)
TEST_DENY = Output(CONTROLLER, CONTROLLER_MAX_LEN)
PERMIT_EFFECT = Effect(frozenset({TEST_PERMIT}))
DENY_EFFECT = Effect(frozenset({TEST_DENY}))
MISS_EFFECT = Effect()


def _split(flow: FlowEntry) -> tuple[frozenset, int | None, bool]:
    """(outputs, goto table, writes metadata) of a flow's instructions."""
    outputs: set[Output] = set()
    goto = None
    writes = False
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            outputs.update(ins.actions)
        elif isinstance(ins, GotoTable):
            goto = ins.table_id
        elif isinstance(ins, WriteMetadata):
            writes = True
    return frozenset(outputs), goto, writes


def terminal_decision(pipeline: Pipeline, flow: FlowEntry) -> str | None:
    """"permit", "deny" or "deny-log" for a flow that ends the ACL; None for one that
    continues inside it (classification, dispatch)."""
    owned = set(pipeline.owned_table_ids())
    outputs, goto, _ = _split(flow)
    if goto is not None and goto in owned:
        if outputs:
            raise AclcError(
                f"table {flow.table_id}, cookie {flow.cookie:#x}: a flow that outputs and continues "
                "inside the ACL cannot be turned into a switch test"
            )
        return None
    effect = Effect(outputs, goto)
    cont = pipeline.continuation
    permits = {cont.effect(False), cont.effect(True)}
    denies = {Effect(): "deny", Effect(frozenset({TEST_DENY})): "deny-log"}
    if effect in permits and effect in denies:
        # The continuation itself is CONTROLLER: only the flow's source rule can tell.
        return _decision_by_cookie(pipeline, flow)
    if effect in permits:
        return "permit"
    if effect in denies:
        return denies[effect]
    raise AclcError(
        f"table {flow.table_id}, cookie {flow.cookie:#x}: the flow's actions are neither the permit "
        f"continuation ({cont.text}) nor a deny; cannot build a switch test for it"
    )


def _decision_by_cookie(pipeline: Pipeline, flow: FlowEntry) -> str:
    policy = pipeline.policy
    index = flow.rule_index
    if index is not None and index < len(policy.rules):
        rule = policy.rules[index]
        action, log = rule.action.value, rule.log
    elif flow.role == "default":
        action, log = policy.default_action.value, policy.default_log
    else:
        raise AclcError(f"table {flow.table_id}, cookie {flow.cookie:#x}: cannot tell permit from deny")
    if action == "permit":
        return "permit"
    return "deny-log" if log else "deny"


def test_flow(pipeline: Pipeline, flow: FlowEntry) -> FlowEntry | None:
    """The flow as the test build has it (None: left out)."""
    decision = terminal_decision(pipeline, flow)
    if decision is None:
        return flow
    if decision == "permit":
        actions = (TEST_PERMIT,)
    elif decision == "deny" and flow.role == "default":
        return None  # the default deny becomes a real table miss
    else:
        actions = (TEST_DENY,)
    return replace(flow, instructions=(ApplyActions(actions),))


def test_build(pipeline: Pipeline) -> Pipeline:
    """The Pipeline with only its terminal actions changed (see the module docstring)."""
    tables = []
    for table in pipeline.tables:
        flows = tuple(f for f in (test_flow(pipeline, flow) for flow in table.flows) if f is not None)
        tables.append(Table(table.table_id, table.name, flows))
    return replace(pipeline, tables=tuple(tables))


# ---------------------------------------------------------------- traces


@dataclass(frozen=True)
class Trace:
    """What one packet does in a pipeline."""

    matched: tuple[FlowEntry, ...]  # every flow that matches it in every table it visits
    deciding: tuple[FlowEntry, ...]  # the winning flow of each table, in order
    effect: Effect
    miss_table: int | None  # the table where it matched nothing, if it ended that way


class _TableIndex:
    """Flows of one table bucketed by (eth_type, ip_proto), then split on the one field
    (exact or masked) that cuts the bucket best: a lookup tries each mask of that field."""

    def __init__(self, flows: tuple[FlowEntry, ...]):
        buckets: dict[tuple, list[FlowEntry]] = defaultdict(list)
        for flow in flows:
            eth = flow.field("eth_type")
            proto = flow.field("ip_proto")
            buckets[(eth.value if eth else None, proto.value if proto else None)].append(flow)
        self.keyed = {key: _split_bucket(bucket) for key, bucket in buckets.items()}

    def candidates(self, packet: Packet, metadata: int):
        from ..evaluate import packet_field

        proto = packet.ip_proto if packet.is_ip else None
        for key in {(packet.eth_type, proto), (packet.eth_type, None), (None, None), (None, proto)}:
            entry = self.keyed.get(key)
            if entry is None:
                continue
            name, masks, groups, rest = entry
            if name is not None:
                value = packet_field(packet, name, metadata)
                if value is not None:
                    for mask in masks:
                        yield from groups.get((mask, value & mask), ())
            yield from rest


def _split_bucket(bucket: list[FlowEntry]):
    if len(bucket) < 64:
        return None, (), {}, bucket
    names = {fm.field for flow in bucket for fm in flow.match} - {"eth_type", "ip_proto"}
    best = None
    for name in sorted(names):
        width = FIELD_WIDTH.get(name, 64)
        groups: dict[tuple[int, int], list[FlowEntry]] = defaultdict(list)
        rest = []
        for flow in bucket:
            fm = flow.field(name)
            if fm is None:
                rest.append(flow)
            else:
                mask = (1 << width) - 1 if fm.mask is None else fm.mask
                groups[(mask, fm.value)].append(flow)
        score = len(rest) + max(len(g) for g in groups.values()) + len({m for m, _ in groups})
        if best is None or score < best[0]:
            best = (score, name, tuple(sorted({m for m, _ in groups})), dict(groups), rest)
    if best is None:
        return None, (), {}, bucket
    return best[1:]


class Tracer:
    """Traces packets through one pipeline."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.index = {t.table_id: _TableIndex(t.flows) for t in pipeline.tables}

    def trace(self, packet: Packet) -> Trace:
        outputs: set[Output] = set()
        metadata = 0
        table_id = self.pipeline.entry_table
        matched: list[FlowEntry] = []
        deciding: list[FlowEntry] = []
        while True:
            here = [f for f in self.index[table_id].candidates(packet, metadata) if flow_matches(f, packet, metadata)]
            matched.extend(here)
            if not here:
                return Trace(tuple(matched), tuple(deciding), Effect(frozenset(outputs)), table_id)
            top = max(f.priority for f in here)
            winners = [f for f in here if f.priority == top]
            if len({f.instructions for f in winners}) > 1:
                raise AclcError(
                    f"table {table_id}: flows at priority {top} match {packet} and act differently; "
                    "the switch may pick either, so no test can expect one outcome"
                )
            flow = winners[0]
            deciding.append(flow)
            metadata, goto = apply_instructions(flow, outputs, metadata)
            if goto is None or goto not in self.index:
                return Trace(tuple(matched), tuple(deciding), Effect(frozenset(outputs), goto), None)
            table_id = goto


_POSITIONS: dict[int, tuple[Pipeline, dict[FlowEntry, list[tuple[int, int]]]]] = {}


def _positions(pipeline: Pipeline) -> dict[FlowEntry, list[tuple[int, int]]]:
    """(table position, flow position) of every flow, built once per pipeline: hashing a
    FlowEntry walks its whole match, so a slice must not hash every flow of a large pipeline."""
    found = _POSITIONS.get(id(pipeline))
    if found is None or found[0] is not pipeline:
        positions = defaultdict(list)
        for t, table in enumerate(pipeline.tables):
            for i, flow in enumerate(table.flows):
                positions[flow].append((t, i))
        _POSITIONS.clear()
        _POSITIONS[id(pipeline)] = found = (pipeline, positions)
    return found[1]


def sliced(pipeline: Pipeline, flows) -> Pipeline:
    """``pipeline`` with only ``flows`` (kept in table and original order)."""
    positions = _positions(pipeline)
    kept: dict[int, list[tuple[int, FlowEntry]]] = defaultdict(list)
    for flow in set(flows):
        for t, i in positions.get(flow, ()):
            kept[t].append((i, flow))
    tables = tuple(Table(t.table_id, t.name, tuple(f for _, f in sorted(kept.get(k, ()), key=lambda e: e[0])))
                   for k, t in enumerate(pipeline.tables))
    return replace(pipeline, tables=tables)
