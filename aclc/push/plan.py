"""What a push will do, decided as data before anything is sent.

:func:`read_state` reads the flows a switch reports into the state of aclc's
tables; :func:`make_plan` compares it with the new pipeline and decides:

- ``nothing``: the live bank already holds exactly these flows;
- ``incremental``: add, replace and delete flows in the live bank, in an order
  in which every packet is decided, at every moment, either as the old or as
  the new firewall decides it (the argument is in docs/push.md);
- ``full``: fill the other bank, read it back, switch the dispatch flow to it,
  remove the old bank (all or nothing).
"""

from __future__ import annotations

import struct
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Callable

from ..errors import AclcError
from ..pipeline import FieldMatch, FlowEntry, GotoTable, Pipeline, cookie_generation, cookie_rule
from . import codec, layout
from .codec import FlowStat, canonical_instructions, flow_key, flow_signature


@dataclass(frozen=True)
class SwitchState:
    dispatch: FlowEntry | None  # the dispatch flow packets take (the highest-priority one)
    live_bank: int | None
    live_generation: int  # from the dispatch flow's cookie (always added fresh, never replaced)
    live_flows: tuple[FlowEntry, ...]  # aclc flows in the live bank
    leftovers: tuple[FlowEntry, ...]  # aclc flows outside the live firewall (an interrupted push)
    foreign: tuple[FlowEntry, ...]  # flows aclc did not install, in tables aclc owns
    interrupted_update: bool  # the live bank holds flows of a generation never switched to
    stale_entry: tuple[FlowEntry, ...] = ()  # aclc flows in table 0 besides the live dispatch flow

    @property
    def empty(self) -> bool:
        return self.dispatch is None and not self.live_flows


def is_aclc(flow: FlowEntry) -> bool:
    return flow.cookie & layout.MAGIC_MASK == layout.MAGIC_COOKIE


def _dispatch_bank(flow: FlowEntry) -> int | None:
    """The bank a dispatch candidate sends packets to (None: it is not one)."""
    if flow.table_id != layout.ENTRY_TABLE or flow.match or flow.priority not in layout.DISPATCH_PRIORITIES:
        return None
    gotos = [i.table_id for i in flow.instructions if isinstance(i, GotoTable)]
    if len(gotos) != 1 or len(flow.instructions) != 1:
        return None
    bank = layout.bank_of(gotos[0])
    return bank if bank is not None and gotos[0] == layout.bank_start(bank) else None


def read_state(stats: list[FlowStat]) -> SwitchState:
    """The state of aclc's tables. The live bank is where the dispatch flow packets take goes
    (the highest-priority one, as the switch decides); the live generation is that flow's
    cookie's, which is right because a dispatch flow is only ever added where none is
    (docs/push.md): a switch that keeps the old cookie on a replace (Lagopus) never gets to."""
    flows = [s.flow for s in stats]
    foreign = tuple(f for f in flows if f.table_id in layout.OWNED_TABLES and not is_aclc(f))
    candidates = [f for f in flows if is_aclc(f) and _dispatch_bank(f) is not None]
    dispatch = max(candidates, key=lambda f: f.priority, default=None)
    live_bank, generation = None, 0
    if dispatch is not None:
        live_bank = _dispatch_bank(dispatch)
        generation = cookie_generation(dispatch.cookie)
    live, leftovers, stale = [], [], []
    for f in flows:
        if not is_aclc(f) or f is dispatch:
            continue
        if live_bank is not None and layout.bank_of(f.table_id) == live_bank:
            live.append(f)
        elif f.table_id in layout.OWNED_TABLES:
            leftovers.append(f)
            if f.table_id == layout.ENTRY_TABLE:
                stale.append(f)
    interrupted = any(cookie_generation(f.cookie) == layout.next_generation(generation) for f in live)
    return SwitchState(dispatch, live_bank, generation, tuple(live), tuple(leftovers), foreign, interrupted,
                       tuple(stale))


@dataclass(frozen=True)
class Step:
    op: str  # "add" (new or replacing a flow with the same table, priority and match) or "delete"
    flow: FlowEntry


class AddSteps(Sequence):
    """The steps of a full install, an ADD of each expected flow, made when asked for: a
    million Step objects held at once would cost a couple of hundred megabytes."""

    __slots__ = ("flows",)

    def __init__(self, flows: tuple[FlowEntry, ...]):
        self.flows = flows

    def __len__(self) -> int:
        return len(self.flows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(Step("add", f) for f in self.flows[index])
        return Step("add", self.flows[index])

    def __iter__(self):
        return (Step("add", f) for f in self.flows)

    def __eq__(self, other) -> bool:
        if isinstance(other, AddSteps):
            return self.flows == other.flows
        return isinstance(other, (tuple, list)) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))


class StampedFlows(Sequence):
    """``flows`` stamped with ``generation`` (layout.stamp), each made when asked for: a full
    push sends its flows from their encoded bytes (:class:`Encoded`) and needs a stamped
    FlowEntry only to name one in a message."""

    __slots__ = ("flows", "generation")

    def __init__(self, flows: tuple[FlowEntry, ...], generation: int):
        self.flows = flows
        self.generation = generation

    def __len__(self) -> int:
        return len(self.flows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(layout.stamp(f, self.generation) for f in self.flows[index])
        return layout.stamp(self.flows[index], self.generation)

    def __iter__(self):
        generation, stamp = self.generation, layout.stamp
        return (stamp(f, generation) for f in self.flows)

    def __eq__(self, other) -> bool:
        if isinstance(other, StampedFlows):
            return self.flows == other.flows and self.generation == other.generation
        return isinstance(other, (tuple, list)) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))


@dataclass(frozen=True)
class Encoded:
    """A full plan's flows as they go on the wire: for the i-th expected flow, its OFPFC_ADD
    after the 8-byte header (codec.encode_add_parts; the xid is given when it is sent) and its
    read-back key (codec.encode_add_keyed)."""

    bodies: list[bytes]
    keys: list[bytes]


@dataclass(frozen=True)
class Plan:
    kind: str  # "nothing", "incremental" or "full"
    reason: str
    generation: int
    bank: int
    pipeline: Pipeline
    expected: tuple[FlowEntry, ...]  # the flows the bank must hold afterwards, stamped
    steps: Sequence[Step]  # in the order they must be sent (a full install: AddSteps)
    cleanup_tables: tuple[int, ...]  # tables holding leftovers, emptied first
    remove_tables: tuple[int, ...]  # the old bank's tables, emptied after the switch-over
    dispatch: FlowEntry | None  # the new dispatch flow (None: keep the current one)
    old_dispatch: FlowEntry | None = None  # deleted once the new one is in (the switch-over)
    stale_entry: tuple[FlowEntry, ...] = ()  # aclc flows in table 0 to delete (strictly) first
    encoded: Encoded | None = field(default=None, compare=False)  # a full plan's flows, packed

    @property
    def adds(self) -> int:
        return sum(1 for s in self.steps if s.op == "add")

    @property
    def deletes(self) -> int:
        return sum(1 for s in self.steps if s.op == "delete")

    def describe(self, state: SwitchState) -> str:
        lines = []
        if state.empty:
            lines.append("switch: no aclc firewall installed")
        else:
            lines.append(f"switch: generation {state.live_generation} live in bank {state.live_bank} "
                         f"(tables from {layout.bank_start(state.live_bank)}), {len(state.live_flows)} flows")
        if state.leftovers:
            lines.append(f"leftovers of an interrupted push: {len(state.leftovers)} flows in tables "
                         f"{_tables(f.table_id for f in state.leftovers)} (removed first)")
        tables = _tables(t.table_id for t in self.pipeline.tables)
        if self.kind == "nothing":
            lines.append(f"plan: nothing to do ({self.reason})")
        elif self.kind == "incremental":
            lines.append(f"plan: incremental update of bank {self.bank} to generation {self.generation}: "
                         f"{self.adds} flows added or replaced (highest priority first), "
                         f"{self.deletes} deleted (lowest priority first); {self.reason}")
        else:
            lines.append(f"plan: full install of generation {self.generation} into bank {self.bank} "
                         f"(tables {tables}): {len(self.expected)} flows, read back, then switch table "
                         f"{layout.ENTRY_TABLE} to it" + (f" and remove bank {1 - self.bank}"
                                                          if self.remove_tables else "")
                         + f"; {self.reason}")
            if state.empty:
                lines.append("note: until the switch-over the switch has no flow in table 0 and, in "
                             "fail-mode secure, drops every packet")
        return "\n".join(lines)


def _tables(ids) -> str:
    ids = sorted(set(ids))
    return ", ".join(map(str, ids)) if ids else "none"


def switch_flows(pipeline: Pipeline, generation: int) -> list[FlowEntry]:
    """The flows a switch will hold for ``pipeline``, stamped with ``generation``.

    A switch keeps one flow per (table, priority, match): a second ADD replaces the first.
    Identical duplicates are sent once, keeping the first (the earlier rule, which is the
    one first-match semantics credits in the counters); duplicates that act differently
    would leave the switch deciding by the later one, so they are refused.
    """
    # Keyed by the keys' hashes, the keys themselves only where two differ under one hash:
    # a million flow keys as tuples would take half a gigabyte.
    seen: dict[int, int] = {}  # hash(flow_key) -> index in out of the first flow with it
    collided: dict[tuple, int] = {}
    out = []
    stamp = layout.stamp
    for flow in pipeline.flows():
        key = flow_key(flow)
        h = hash(key)
        index = seen.get(h)
        if index is not None and flow_key(out[index]) != key:
            index = collided.get(key)
            if index is None:
                collided[key] = len(out)
        elif index is None:
            seen[h] = len(out)
        if index is None:
            out.append(stamp(flow, generation))
            continue
        first = out[index]  # stamped: only its cookie differs from the flow it came from
        if first.instructions != flow.instructions and (
                canonical_instructions(first.instructions) != canonical_instructions(flow.instructions)):
            _refuse_duplicate(pipeline, flow)
    return out


def switch_flows_encoded(pipeline: Pipeline, generation: int) -> tuple[StampedFlows, Encoded]:
    """:func:`switch_flows` and the flows' bytes (:class:`Encoded`), in one pass over the
    pipeline: flows are the same flow when their table, priority and match bytes are (the match
    as the switch holds it: fields in one order, a full mask an exact match), and they act alike
    when their instructions' bytes are. Raises codec.CodecError for a flow that cannot be
    encoded (see :func:`codec.refuse_extensions`)."""
    seen: dict[tuple, int] = {}  # (table, priority, match bytes) -> index of the first flow with them
    kept: list[FlowEntry] = []
    bodies: list[bytes] = []
    keys: list[bytes] = []
    parts = codec.encode_add_parts
    head = codec._KEY_TPC.pack
    stamp = layout.MAGIC_COOKIE | (generation << layout.GENERATION_SHIFT)
    for flow in pipeline.flows():
        cookie = (flow.cookie & 0xFFFFFFFF) | stamp  # as layout.stamp
        body, match, instructions = parts(flow, cookie)
        table_id, priority = flow.table_id, flow.priority
        same = (table_id, priority, match)
        index = seen.get(same)
        if index is None:
            seen[same] = len(kept)
            kept.append(flow)
            bodies.append(body)
            keys.append(head(table_id, priority, cookie) + match + instructions)
        elif codec.encode_add_parts(kept[index], 0)[2] != instructions:
            _refuse_duplicate(pipeline, flow)
    return StampedFlows(tuple(kept), generation), Encoded(bodies, keys)


def _refuse_duplicate(pipeline: Pipeline, flow: FlowEntry) -> None:
    policy = pipeline.policy
    rule = cookie_rule(flow.cookie)
    raise AclcError(
        f"the compiled pipeline has two flows with the same table {flow.table_id}, priority "
        f"{flow.priority} and match but different actions; a switch would keep only the second",
        pos=policy.origin_of(rule) if policy is not None else None)


def make_plan(state: SwitchState, compile_for_base: Callable[[int], Pipeline], full: bool = False,
              incremental_limit: float = 0.5, replace_keeps_cookie: bool = True,
              encode: bool = False) -> Plan:
    """Decide how to bring the switch to the pipeline ``compile_for_base(first_table)`` gives.

    ``replace_keeps_cookie``: the switch keeps the old cookie of a flow added over an existing
    one (a profile's data; True when the switch is not recognised). Then an incremental update
    must not replace a flow whose ACL line (cookie) changes: it swaps banks instead.

    ``encode``: a full plan carries its flows' bytes (:attr:`Plan.encoded`, for an OpenFlow
    push), made in the same pass that finds duplicates; its expected flows are then stamped
    when asked for. A pipeline the codec cannot encode is planned without them."""
    if state.foreign:
        tables = _tables(f.table_id for f in state.foreign)
        raise AclcError(f"the switch has {len(state.foreign)} flows that aclc did not install in tables "
                        f"it owns ({tables}); aclc owns tables 0 and 10-89 (docs/push.md): move them "
                        "to table 90 or above, or delete them")
    generation = layout.next_generation(state.live_generation)
    if state.live_bank is not None and not full and not state.interrupted_update:
        pipeline = compile_for_base(layout.bank_start(state.live_bank))
        layout.check_fits(pipeline, state.live_bank)
        plan = _incremental(state, pipeline, generation, incremental_limit, replace_keeps_cookie)
        if isinstance(plan, Plan):
            return plan
        reason = plan
    elif state.interrupted_update:
        reason = "an earlier incremental update was interrupted"
        # Its flows carry the next generation: skip it so nothing old shares the new cookie.
        generation = layout.next_generation(generation)
    elif full:
        reason = "--full"
    else:
        reason = "first install"
    bank = 0 if state.live_bank is None else 1 - state.live_bank
    pipeline = compile_for_base(layout.bank_start(bank))
    layout.check_fits(pipeline, bank)
    encoded = None
    if encode:
        try:
            expected, encoded = switch_flows_encoded(pipeline, generation)
        except (codec.CodecError, struct.error, OverflowError):  # sending it fails the same way
            encode = False
    if not encode:
        expected = tuple(switch_flows(pipeline, generation))
    cleanup = sorted({f.table_id for f in state.leftovers if layout.bank_of(f.table_id) == bank})
    remove = () if state.live_bank is None else tuple(sorted(
        {f.table_id for f in state.live_flows}
        | {f.table_id for f in state.leftovers if layout.bank_of(f.table_id) == state.live_bank}))
    return Plan("full", reason, generation, bank, pipeline, expected,
                AddSteps(expected), tuple(cleanup), remove,
                layout.dispatch_flow(bank, generation, layout.other_dispatch_priority(state.dispatch)),
                state.dispatch, state.stale_entry, encoded)


def _incremental(state: SwitchState, pipeline: Pipeline, generation: int, limit: float,
                 replace_keeps_cookie: bool = True) -> Plan | str:
    """An incremental plan, or the reason why a full swap is needed instead."""
    live_tables = {f.table_id for f in state.live_flows}
    new_tables = {t.table_id for t in pipeline.tables}
    if len(new_tables) != 1 or live_tables - new_tables:
        return "the table layout changed or spans several tables (multi-table updates swap banks)"
    if state.leftovers:
        return "leftovers of an interrupted push"
    old = {flow_key(f): f for f in state.live_flows}
    new_flows = switch_flows(pipeline, generation)
    new = {flow_key(f): f for f in new_flows}
    if len(old) != len(state.live_flows):
        return "the tables hold duplicate flows"
    cmp_mask = layout.WITHOUT_GENERATION
    adds = [f for k, f in new.items()
            if k not in old or flow_signature(old[k], cmp_mask) != flow_signature(f, cmp_mask)]
    deletes = [f for k, f in old.items() if k not in new]
    if not adds and not deletes:
        return Plan("nothing", f"generation {state.live_generation} already matches the ACL",
                    state.live_generation, state.live_bank, pipeline,
                    tuple(old[flow_key(f)] for f in new_flows), (), (), (), None)
    if len(adds) + len(deletes) > limit * max(len(new_flows), 1):
        return f"{len(adds) + len(deletes)} of {len(new_flows)} flows change (a bank swap is cheaper)"
    if replace_keeps_cookie:
        relabelled = sum(1 for f in adds if flow_key(f) in old
                         and old[flow_key(f)].cookie & cmp_mask != f.cookie & cmp_mask)
        if relabelled:
            return (f"{relabelled} flows would move to another ACL line in place, and this switch keeps a "
                    "replaced flow's old cookie (its counters would stay with the old line)")
    clash = _same_priority_clash(adds, deletes)
    if clash:
        return clash
    steps = ([Step("add", f) for f in sorted(adds, key=lambda f: -f.priority)]
             + [Step("delete", f) for f in sorted(deletes, key=lambda f: f.priority)])
    added = {flow_key(f) for f in adds}
    expected = tuple(new[k] if k in added else old[k] for k in new)
    return Plan("incremental", f"{len(adds) + len(deletes)} of {len(new_flows)} flows change",
                generation, state.live_bank, pipeline, expected, tuple(steps), (), (),
                layout.dispatch_flow(state.live_bank, generation, layout.other_dispatch_priority(state.dispatch)),
                state.dispatch)


def _same_priority_clash(adds, deletes) -> str | None:
    """While both are installed, an added and a deleted flow of the same priority that
    overlap with different instructions would decide by the switch's whim (docs/lagopus.md)."""
    by_priority: dict[tuple[int, int], list[FlowEntry]] = {}
    for f in deletes:
        by_priority.setdefault((f.table_id, f.priority), []).append(f)
    for a in adds:
        for d in by_priority.get((a.table_id, a.priority), ()):
            if (canonical_instructions(a.instructions) != canonical_instructions(d.instructions)
                    and matches_overlap(a.match, d.match)):
                return (f"an added and a removed flow overlap at priority {a.priority} with different "
                        "actions (no safe order)")
    return None


def matches_overlap(a: tuple[FieldMatch, ...], b: tuple[FieldMatch, ...]) -> bool:
    """Whether some packet matches both (fields absent from one side are wildcards)."""
    other = {f.field: f for f in b}
    for f in a:
        g = other.get(f.field)
        if g is None:
            continue
        full = (1 << 128) - 1
        common = (f.mask if f.mask is not None else full) & (g.mask if g.mask is not None else full)
        if (f.value ^ g.value) & common:
            return False
    return True


def multiset_difference(expected, actual, cookie_mask: int) -> tuple[list, list]:
    """Flows expected but missing, and flows present but not expected (compared exactly)."""
    want = Counter(flow_signature(f, cookie_mask) for f in expected)
    have = Counter(flow_signature(f, cookie_mask) for f in actual)
    return list((want - have).elements()), list((have - want).elements())
