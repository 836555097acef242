"""Plain packet evaluators: what an ACL decides, and what a compiled Pipeline does.

This is the second opinion next to the BDD model in :mod:`aclc.semantics`: it
looks at one concrete packet at a time, in the most direct way, so that it is
obviously right. Both sides answer with an :class:`~aclc.pipeline.Effect`, and
two decisions agree exactly when their effects are equal.
"""

from __future__ import annotations

from .errors import CheckFailed
from .packet import Packet
from .pipeline import (
    CONTROLLER_MAX_LEN, PORT_NAMES, ApplyActions, Conntrack, Continuation, Effect, FlowEntry, GotoTable,
    Output, Pipeline, WriteMetadata,
)
from .policy import (
    CT_NEW, CT_TRK, CT_VERDICT_BITS, ETH_ARP, ETH_IPV4, ETH_IPV6, PROTO_ICMP, PROTO_ICMPV6, PROTO_SCTP,
    PROTO_TCP, PROTO_UDP, Action, Policy, Rule, connection_state,
)

LOG_OUTPUT = Output(PORT_NAMES["CONTROLLER"], CONTROLLER_MAX_LEN)
METADATA_BITS = (1 << 64) - 1


class AmbiguousMatch(CheckFailed):
    """Two flows of one table match a packet at the same top priority and act differently.

    OpenFlow leaves the winner undefined; Lagopus picks by its classifier tree
    (docs/lagopus.md, fact 3), so such a table is wrong whatever it was meant to do.
    """

    def __init__(self, message: str, flows: tuple[FlowEntry, FlowEntry]):
        super().__init__(message)
        self.flows = flows


# ---------------------------------------------------------------- the ACL side


def decision_effect(action: Action, log: bool, continuation: Continuation) -> Effect:
    """What a decision means on the switch: permit continues, deny drops, log also copies
    the packet to the controller."""
    if action == Action.PERMIT:
        return continuation.effect(log)
    return Effect(frozenset({LOG_OUTPUT})) if log else Effect()


def _in_prefixes(address: int, prefixes) -> bool:
    return any(p.contains(address) for p in prefixes)


def _in_ranges(value: int, ranges) -> bool:
    return any(r.lo <= value <= r.hi for r in ranges)


def rule_matches(rule: Rule, packet: Packet) -> bool:
    """Whether ``packet`` matches ``rule``, with the field meanings of :mod:`aclc.policy`."""
    if rule.in_ports is not None and packet.in_port not in rule.in_ports:
        return False
    if rule.eth_type is not None and packet.eth_type != rule.eth_type:
        return False
    if rule.src is not None and not _in_prefixes(packet.src, rule.src):
        return False
    if rule.dst is not None and not _in_prefixes(packet.dst, rule.dst):
        return False
    if rule.ip_proto is not None and not (packet.is_ip and packet.ip_proto == rule.ip_proto):
        return False
    if rule.src_ports is not None and not (packet.has_ports and _in_ranges(packet.src_port, rule.src_ports)):
        return False
    if rule.dst_ports is not None and not (packet.has_ports and _in_ranges(packet.dst_port, rule.dst_ports)):
        return False
    if rule.icmp_type is not None and not (packet.has_icmp and packet.icmp_type == rule.icmp_type):
        return False
    if rule.icmp_code is not None and not (packet.has_icmp and packet.icmp_code == rule.icmp_code):
        return False
    if rule.ct_state is not None and not (packet.is_ip and connection_state(packet.ct_state) in rule.ct_state):
        return False
    if rule.tcp_flags is not None and not (packet.is_ip and packet.ip_proto == PROTO_TCP and any(
            packet.tcp_flags & mask == value for value, mask in rule.tcp_flags)):
        return False
    return True


def restates_default(policy: Policy, rule: Rule) -> bool:
    """Whether ``rule`` is the default restated (the IP rules before a ``non-ip`` statement's rule carry
    the default's origin, which no rule written in the ACL has): it decides as the default does."""
    return rule.origin == policy.default_origin


def evaluate_policy(policy: Policy, packet: Packet, continuation: Continuation) -> tuple[int | None, Effect]:
    """First match: the index of the deciding rule (None for the default, also when a rule that restates
    the default matches) and its effect."""
    for rule in policy.rules:
        if rule_matches(rule, packet):
            # A rule that restates the default is reported as the default (it decides the same way).
            index = None if rule.origin == policy.default_origin else rule.index
            effect = decision_effect(rule.action, rule.log, continuation)
            if packet.ct_state & CT_NEW and rule.action == Action.PERMIT:
                return index, _committed(policy, packet, effect)
            return index, effect
    effect = decision_effect(policy.default_action, policy.default_log, continuation)
    if packet.ct_state & CT_NEW and policy.default_action == Action.PERMIT:
        return None, _committed(policy, packet, effect)
    return None, effect


def deciding_rule(policy: Policy, packet: Packet) -> int | None:
    """The index of the rule that decides ``packet`` (None: the default, as :func:`evaluate_policy`)."""
    return evaluate_policy(policy, packet, Continuation((), "permit"))[0]


def _committed(policy: Policy, packet: Packet, effect: Effect) -> Effect:
    """In a policy that tracks connections, a permitted IP packet that conntrack marks new is
    committed (its connection recorded, so that its replies are established)."""
    if packet.is_ip and policy.tracks_connections:
        return Effect(effect.outputs, effect.goto, commit=True)
    return effect


# ----------------------------------------------------------- the switch side


def packet_field(packet: Packet, oxm_field: str, metadata: int) -> int | None:
    """The value of an OXM field in ``packet``, or None when the packet has no such field."""
    eth = packet.eth_type
    if oxm_field == "in_port":
        return packet.in_port
    if oxm_field == "metadata":
        return metadata
    if oxm_field == "eth_type":
        return eth
    if oxm_field == "ip_proto":
        return packet.ip_proto if packet.is_ip else None
    if oxm_field in ("ipv4_src", "ipv4_dst"):
        return None if eth != ETH_IPV4 else (packet.src if oxm_field == "ipv4_src" else packet.dst)
    if oxm_field in ("ipv6_src", "ipv6_dst"):
        return None if eth != ETH_IPV6 else (packet.src if oxm_field == "ipv6_src" else packet.dst)
    if oxm_field in ("arp_spa", "arp_tpa"):
        return None if eth != ETH_ARP else (packet.src if oxm_field == "arp_spa" else packet.dst)
    proto, _, side = oxm_field.partition("_")
    if proto in _PORT_PROTO and side in ("src", "dst"):
        if not packet.is_ip or packet.ip_proto != _PORT_PROTO[proto]:
            return None
        return packet.src_port if side == "src" else packet.dst_port
    if oxm_field == "tcp_flags":
        return packet.tcp_flags if packet.is_ip and packet.ip_proto == PROTO_TCP else None
    if proto in _ICMP_FAMILY and side in ("type", "code"):
        family, number = _ICMP_FAMILY[proto]
        if eth != family or packet.ip_proto != number:
            return None
        return packet.icmp_type if side == "type" else packet.icmp_code
    raise CheckFailed(f"the packet evaluator does not model the match field '{oxm_field}'")


_PORT_PROTO = {"tcp": PROTO_TCP, "udp": PROTO_UDP, "sctp": PROTO_SCTP}
_ICMP_FAMILY = {"icmpv4": (ETH_IPV4, PROTO_ICMP), "icmpv6": (ETH_IPV6, PROTO_ICMPV6)}


def flow_matches(flow: FlowEntry, packet: Packet, metadata: int = 0, ct_state: int = 0) -> bool:
    """``ct_state``: the packet's ct_state as the switch sees it now (0 until it is tracked)."""
    for fm in flow.match:
        if fm.field == "ct_state":
            if not fm.matches(ct_state):
                return False
            continue
        value = packet_field(packet, fm.field, metadata)
        if value is None or not fm.matches(value):
            return False
    return True


def _winner(flows, table_id: int, packet: Packet, metadata: int, ct_state: int = 0) -> FlowEntry | None:
    """The highest-priority flow that matches; ``flows`` are sorted by falling priority."""
    best: FlowEntry | None = None
    for flow in flows:
        if best is not None and flow.priority < best.priority:
            break
        if not flow_matches(flow, packet, metadata, ct_state):
            continue
        if best is None:
            best = flow
        elif flow.instructions != best.instructions:
            raise AmbiguousMatch(
                f"table {table_id}: two flows at priority {flow.priority} match {packet} and act "
                f"differently (cookies {best.cookie:#x} and {flow.cookie:#x}); the switch may pick either",
                (best, flow),
            )
    return best


# The last pipeline's tables with flows by falling priority: callers evaluate many packets
# against one pipeline, and sorting once keeps each packet's scan short.
_sorted_tables: tuple[Pipeline | None, dict] = (None, {})


def _tables_by_priority(pipeline: Pipeline) -> dict[int, list[FlowEntry]]:
    global _sorted_tables
    cached, tables = _sorted_tables
    if cached is not pipeline:
        tables = {t.table_id: sorted(t.flows, key=lambda f: -f.priority) for t in pipeline.tables}
        _sorted_tables = (pipeline, tables)
    return tables


def apply_instructions(flow: FlowEntry, outputs: set, metadata: int) -> tuple[int, int | None]:
    """Run one flow's instructions: add its outputs to ``outputs``; return the new
    metadata and the table it goes to (None when it ends the pipeline)."""
    goto = None
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            outputs.update(ins.actions)
        elif isinstance(ins, WriteMetadata):
            metadata = (metadata & ~ins.mask & METADATA_BITS) | (ins.value & ins.mask)
        elif isinstance(ins, GotoTable):
            goto = ins.table_id
    return metadata, goto


def evaluate_pipeline(pipeline: Pipeline, packet: Packet) -> tuple[FlowEntry | None, Effect]:
    """Run ``packet`` through the pipeline as an OpenFlow 1.3 switch does.

    Returns the last flow that matched (None when the entry table misses) and the
    effect: outputs accumulated from apply-actions, and the table outside the
    pipeline the packet continues in (if any). A table miss drops the packet
    (OpenFlow 1.3 without a table-miss flow); outputs already applied stay.

    Open vSwitch's ct action: ``ct(table=N)`` tracks the packet (its ct_state becomes
    ``packet.ct_state`` plus trk) and recirculates it into table N, any table; ``ct(commit)``
    commits its connection. Until it is tracked, a packet's ct_state is 0.
    """
    tables = _tables_by_priority(pipeline)
    outputs: set[Output] = set()
    metadata = 0
    ct_state = 0
    commit = False
    table_id = pipeline.entry_table
    last: FlowEntry | None = None
    while True:
        flow = _winner(tables[table_id], table_id, packet, metadata, ct_state)
        if flow is None:
            return last, Effect(frozenset(outputs), None, commit)
        last = flow
        recirculate = None
        for ins in flow.instructions:
            if isinstance(ins, ApplyActions):
                for action in ins.actions:
                    if action.__class__ is Conntrack:
                        if ct_state & CT_TRK and action.table is not None:
                            raise CheckFailed(f"table {table_id}: ct(table={action.table}) on a packet "
                                              "already tracked (the evaluator models one pass)")
                        ct_state = CT_TRK | (packet.ct_state & CT_VERDICT_BITS)
                        commit = commit or action.commit
                        recirculate = action.table
                    else:
                        outputs.add(action)
        if recirculate is not None:
            if len(flow.instructions) != 1 or len(flow.instructions[0].actions) != 1:
                raise CheckFailed(f"table {table_id}: actions beside ct(table=...) are not modelled")
            table_id = recirculate
            if table_id not in tables:
                return last, Effect(frozenset(outputs), table_id, commit)
            continue
        metadata, goto = apply_instructions(flow, set(), metadata)
        if goto is None:
            return last, Effect(frozenset(outputs), None, commit)
        if goto <= table_id:
            # OpenFlow 1.3 forbids it (5.1); a pipeline that does it is broken, not ambiguous.
            raise CheckFailed(f"table {table_id}: goto_table:{goto} does not go forward")
        if goto not in tables:
            return last, Effect(frozenset(outputs), goto, commit)
        table_id = goto
