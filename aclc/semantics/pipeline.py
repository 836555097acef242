"""The meaning of a compiled Pipeline, as OpenFlow 1.3 defines it.

Per table, flows are tried from the highest priority down; the first match
applies its apply-actions (outputs accumulate along the way), may write
metadata (``new = (old & ~mask) | (value & mask)``) and may go to a later
table. A table miss drops the packet (no table-miss flow = drop in OF 1.3);
a goto to a table outside the pipeline ends it there, with the packet
continuing in that table. Metadata is 0 when the packet enters the pipeline.

The meaning of a table is built over header bits *and* the metadata bits the
packet carries into it; a flow that writes metadata and goes on sees the next
table's meaning with the written bits fixed. The entry table's meaning with
metadata 0 is the pipeline's.

Open vSwitch's conntrack (stateful policies): until a packet is tracked its
ct_state is 0; ``ct(table=N)`` tracks it (ct_state becomes trk plus the
conntrack verdict, the ``ct_state`` bits of the packet model) and recirculates
it into table N, which may be the current table. Each table therefore has two
meanings, for untracked and for tracked packets, built separately, so that a
recirculation into the same table is no loop (the untracked meaning uses the
tracked one). ``ct(commit)`` commits the connection (``Effect.commit``).

Flows that share a priority, overlap and do different things are *ambiguous*:
Lagopus picks one by its internal classifier tree, not by any rule. The model
collects those packets separately so verify can reject them.
"""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from typing import Callable

from ..errors import AclcError
from ..pipeline import (
    ApplyActions, Conntrack, Effect, FieldMatch, FlowEntry, GotoTable, Output, Pipeline, WriteMetadata,
)
from ..policy import CT_TRK, CT_VERDICT_BITS, ETH_ARP, ETH_IPV4, ETH_IPV6, PROTO_SCTP, PROTO_TCP, PROTO_UDP
from .encoding import Space, disjunction
from .firstmatch import Decided, first_match, then

# OXM field -> (BDD field, address width or None, guard name)
_FIELD_MODEL = {
    "in_port": ("in_port", None, None),
    "metadata": ("metadata", None, None),
    "eth_type": ("eth_type", None, None),
    "ip_proto": ("ip_proto", None, "ip"),
    "ipv4_src": ("src", 32, "ipv4"),
    "ipv4_dst": ("dst", 32, "ipv4"),
    "ipv6_src": ("src", 128, "ipv6"),
    "ipv6_dst": ("dst", 128, "ipv6"),
    "arp_spa": ("src", 32, "arp"),
    "arp_tpa": ("dst", 32, "arp"),
    "tcp_src": ("src_port", None, PROTO_TCP),
    "tcp_dst": ("dst_port", None, PROTO_TCP),
    "udp_src": ("src_port", None, PROTO_UDP),
    "udp_dst": ("dst_port", None, PROTO_UDP),
    "sctp_src": ("src_port", None, PROTO_SCTP),
    "sctp_dst": ("dst_port", None, PROTO_SCTP),
    "icmpv4_type": ("icmp_type", None, "icmp4"),
    "icmpv4_code": ("icmp_code", None, "icmp4"),
    "icmpv6_type": ("icmp_type", None, "icmp6"),
    "icmpv6_code": ("icmp_code", None, "icmp6"),
    "tcp_flags": ("tcp_flags", None, PROTO_TCP),
    "ct_state": ("ct_state", None, None),  # read by _ct_state_match
}
MODELLED_FIELDS = frozenset(_FIELD_MODEL)
_INSTRUCTIONS = attrgetter("instructions")
_MATCH = attrgetter("match")
_FIELD = attrgetter("field")
_TABLE_ID = attrgetter("table_id")


def _guard(space: Space, guard):
    if guard is None:
        return space.true
    if guard == "ip":
        return space.is_ip
    if guard == "ipv4":
        return space.is_ipv4
    if guard == "ipv6":
        return space.is_ipv6
    if guard == "arp":
        return space.is_arp
    if guard == "icmp4":
        return space.has_icmp(ETH_IPV4)
    if guard == "icmp6":
        return space.has_icmp(ETH_IPV6)
    return space.has_ports(guard)


def field_match(space: Space, fm: FieldMatch, flow: FlowEntry | None = None, tracked: bool = False):
    """Packets (with the metadata they carry) that one OXM match accepts; ``tracked``: whether
    they have been through conntrack yet.

    A packet that lacks the field (tcp_dst of a UDP packet) does not match, as on a switch.
    """
    if fm.field == "ct_state":
        return _ct_state_match(space, fm, tracked)
    model = _FIELD_MODEL.get(fm.field)
    if model is None:
        where = f" (table {flow.table_id}, priority {flow.priority})" if flow else ""
        raise AclcError(f"cannot verify flows that match {fm.field}{where}: the packet model has no such field")
    name, address_width, guard = model
    from ..pipeline import FIELD_WIDTH

    width = FIELD_WIDTH[fm.field]
    full = (1 << width) - 1
    mask = full if fm.mask is None else fm.mask & full
    if fm.value & ~mask:  # a value bit no header can have: matches nothing, as in the evaluator
        return space.false
    return _guard(space, guard) & space.masked(name, fm.value & mask, mask, address_width or width)


def _ct_state_match(space: Space, fm: FieldMatch, tracked: bool):
    """ct_state=value/mask: 0 before conntrack; after it, trk and the verdict bits (never
    snat, dnat or the other bits: aclc does no NAT)."""
    mask = 0xFFFFFFFF if fm.mask is None else fm.mask
    value = fm.value & mask
    if value != fm.value:
        return space.false
    if not tracked:
        return space.true if value == 0 else space.false
    others = mask & ~(CT_TRK | CT_VERDICT_BITS)
    if value & others or (mask & CT_TRK and not value & CT_TRK):
        return space.false
    return space.masked("ct_state", value & CT_VERDICT_BITS, mask & CT_VERDICT_BITS, 5)


def flow_match(space: Space, flow: FlowEntry, tracked: bool = False):
    result = space.true
    for fm in flow.match:
        result = result & field_match(space, fm, flow, tracked)
    return result


def split_instructions(flow: FlowEntry) -> tuple[frozenset, WriteMetadata | None, int | None]:
    """Outputs, metadata write and goto of a flow (ct actions: :func:`conntrack_actions`)."""
    outputs = set()
    write = None
    goto = None
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            outputs.update(a for a in ins.actions if a.__class__ is Output)
        elif isinstance(ins, WriteMetadata):
            write = ins
        elif isinstance(ins, GotoTable):
            goto = ins.table_id
    return frozenset(outputs), write, goto


def conntrack_actions(instructions: tuple) -> list[Conntrack]:
    return [a for ins in instructions if isinstance(ins, ApplyActions) for a in ins.actions
            if a.__class__ is Conntrack]


class PipelineModel:
    """Builds (and caches) the meaning of each table of one Pipeline."""

    def __init__(self, space: Space, pipeline: Pipeline, progress: Callable[[int], None] | None = None):
        self.space = space
        self.pipeline = pipeline
        self.progress = progress
        self.tables = {t.table_id: t for t in pipeline.tables}
        self._memo: dict[tuple[int, bool], Decided] = {}
        self._next_memo: dict = {}
        self._in_progress: set[tuple[int, bool]] = set()

    def meaning(self) -> Decided:
        """Effect -> packets, for packets entering the pipeline with metadata 0."""
        space = self.space
        if self.pipeline.entry_table not in self.tables:
            raise AclcError(f"the pipeline has no entry table {self.pipeline.entry_table}")
        entry = self.table_meaning(self.pipeline.entry_table)
        zero = {v: False for v in space.metadata_vars}
        by_effect = {}
        for effect, region in entry.by_effect.items():
            region = space.bdd.let(zero, region)
            if region != space.false:
                by_effect[effect] = region
        return Decided(space.true, by_effect, space.bdd.let(zero, entry.ambiguous))

    def table_meaning(self, table_id: int, tracked: bool = False) -> Decided:
        key = (table_id, tracked)
        found = self._memo.get(key)
        if found is not None:
            return found
        if key in self._in_progress:
            if tracked:
                raise AclcError(f"table {table_id} sends tracked packets through conntrack into itself again")
            raise AclcError(f"goto_table loops back to table {table_id}: OpenFlow 1.3 only allows forward gotos")
        self._in_progress.add(key)
        space = self.space
        flows = sorted(self.tables[table_id].flows, key=lambda f: -f.priority)
        groups: list[list[FlowEntry]] = []
        for flow in flows:
            if groups and groups[-1][0].priority == flow.priority:
                groups[-1].append(flow)
            else:
                groups.append([flow])
        decided = first_match(space, [self._group(g, tracked) for g in groups])
        # Table miss: OpenFlow 1.3 drops what no flow matches.
        miss = Decided(space.true, {Effect(): space.true}, space.false)
        decided = then(space, decided, miss)
        self._in_progress.discard(key)
        self._memo[key] = decided
        return decided

    def _group(self, flows: list[FlowEntry], tracked: bool = False) -> Decided:
        """Flows of one priority: disjoint or agreeing, else ambiguous where they overlap."""
        space = self.space
        by_instructions: dict[tuple, list] = {}
        for flow in flows:
            by_instructions.setdefault(flow.instructions, []).append(flow_match(space, flow, tracked))
            if self.progress:
                self.progress(1)
        classes = []
        for instructions, matches in by_instructions.items():
            match = disjunction(space, matches)
            if match != space.false or not tracked:  # flows no tracked packet meets play no part
                classes.append((instructions, match))
        ambiguous = space.false
        for i in range(len(classes)):
            for j in range(i + 1, len(classes)):
                overlap = classes[i][1] & classes[j][1]
                if overlap != space.false:
                    ambiguous = ambiguous | overlap
        parts = [self._continue(instructions, match, tracked) for instructions, match in classes]
        decided = first_match(space, parts)
        decided.ambiguous = decided.ambiguous | ambiguous
        return decided

    def _continue(self, instructions: tuple, match, tracked: bool = False) -> Decided:
        """What packets in ``match`` get when a flow with ``instructions`` takes them."""
        space = self.space
        key = (instructions, tracked)
        after = self._next_memo.get(key)
        if after is None:
            after = self._after(instructions, tracked)
            self._next_memo[key] = after
        by_effect = {}
        for effect, region in after.by_effect.items():
            region = region & match
            if region != space.false:
                by_effect[effect] = region
        ambiguous = after.ambiguous & match if after.ambiguous != space.false else space.false
        return Decided(match, by_effect, ambiguous)

    def _after(self, instructions: tuple, tracked: bool = False) -> Decided:
        """The outcome of ``instructions`` as a function of the packet and its metadata."""
        space = self.space
        fake = FlowEntry(table_id=-1, priority=0, match=(), instructions=instructions, cookie=0)
        outputs, write, goto = split_instructions(fake)
        commit = False
        for ct in conntrack_actions(instructions):
            commit = commit or ct.commit
            if ct.table is not None:  # track and recirculate: nothing else may be in the flow
                if tracked:
                    raise AclcError(f"ct(table={ct.table}) on packets already tracked is not modelled")
                if outputs or write is not None or goto is not None or len(conntrack_actions(instructions)) > 1:
                    raise AclcError(f"actions beside ct(table={ct.table}) are not modelled")
                tracked, goto = True, ct.table
        if goto is None or goto not in self.tables:
            return Decided(space.true, {Effect(outputs, goto, commit): space.true}, space.false)
        nxt = self.table_meaning(goto, tracked)
        by_effect: dict = {}
        for effect, region in nxt.by_effect.items():
            if write is not None:
                region = space.set_metadata(region, write.value, write.mask)
            combined = Effect(outputs | effect.outputs, effect.goto, commit or effect.commit)
            by_effect[combined] = by_effect[combined] | region if combined in by_effect else region
        ambiguous = nxt.ambiguous
        if write is not None and ambiguous != space.false:
            ambiguous = space.set_metadata(ambiguous, write.value, write.mask)
        return Decided(space.true, by_effect, ambiguous)


def pipeline_meaning(space: Space, pipeline: Pipeline, progress: Callable[[int], None] | None = None) -> Decided:
    return PipelineModel(space, pipeline, progress).meaning()


def uses_conntrack_or_flags(pipeline: Pipeline) -> bool:
    """Whether some flow matches ct_state or tcp_flags or runs a ct action."""
    for table in pipeline.tables:
        # The field names and the distinct instruction tuples (by identity) of the table,
        # gathered without a Python step per flow.
        fields = set(map(_FIELD, chain.from_iterable(map(_MATCH, table.flows))))
        if "ct_state" in fields or "tcp_flags" in fields:
            return True
        instructions = list(map(_INSTRUCTIONS, table.flows))
        for distinct in dict(zip(map(id, instructions), instructions)).values():
            if conntrack_actions(distinct):
                return True
    return False


def check_forward_gotos(pipeline: Pipeline) -> None:
    """OpenFlow 1.3 forbids a goto to the same or an earlier table."""
    for table in pipeline.tables:
        # Flows share instruction tuples: each distinct one (by identity, kept alive by
        # ``instructions``) is read once, without a Python step per flow.
        instructions = list(map(_INSTRUCTIONS, table.flows))
        keys = zip(map(id, instructions), map(_TABLE_ID, table.flows))
        for (_, table_id), distinct in dict(zip(keys, instructions)).items():
            goto = None
            for ins in distinct:
                if isinstance(ins, GotoTable):
                    goto = ins.table_id
            if goto is not None and goto <= table_id:
                flow = next(f for f in table.flows if f.instructions is distinct and f.table_id == table_id)
                raise AclcError(
                    f"flow in table {flow.table_id} (priority {flow.priority}) goes back to table {goto}: "
                    "OpenFlow 1.3 only allows goto_table to a later table"
                )
