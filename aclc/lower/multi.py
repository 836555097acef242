"""The multi-table strategy: classify L4 ports into metadata, then match with masks.

Why: Lagopus ignores masks on TCP/UDP/SCTP ports (docs: lagopus.md, fact 1), so
in one table every port of a range needs its own flow, and a rule with two
ranges needs their product (millions of flows on real ACLs). Lagopus does honour
masks on metadata and IP addresses, and has goto_table and write_metadata. So:

    table_base + 0   src-port classes   (only if some rule restricts a source port)
    table_base + 1   dst-port classes   (only if some rule restricts a destination port)
    last             ACL                addresses, ip_proto, in_port, ICMP, metadata/mask

A classification table holds, per (eth_type, ip_proto) group, one exact flow per
port outside the group's largest class (write_metadata id, goto next), one
wildcard flow for the largest class (lower priority), and one lowest-priority
match-all flow that passes other packets on unchanged. Metadata bits: the source
class id in the low ``src_bits`` bits, the destination class id just above it;
the groups share these bits (a packet has one protocol). The ACL table is the
single-table ACL with port matches replaced by class-id prefixes, so it ends
exactly where a single-table ACL would (the permit continuation).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from ..errors import AclcError
from ..pipeline import (
    CONTROLLER_MAX_LEN,
    PORT_NAMES,
    ApplyActions,
    Continuation,
    FieldMatch,
    FlowEntry,
    GotoTable,
    Output,
    Pipeline,
    Table,
    WriteMetadata,
    make_cookie,
    sort_match,
)
from ..policy import ADDRESS_WIDTH, ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy, Prefix, Rule
from .classify import PORT_FIELDS, GroupKey, PortClasses, classify_policy, exact_port_lower_bound

__all__ = ["lower_multi", "plan_multi", "MultiPlan", "exact_port_lower_bound"]

METADATA_BITS = 64

ADDRESS_OXM = {
    ETH_IPV4: ("ipv4_src", "ipv4_dst"),
    ETH_IPV6: ("ipv6_src", "ipv6_dst"),
    ETH_ARP: ("arp_spa", "arp_tpa"),
}
ICMP_OXM = {1: ("icmpv4_type", "icmpv4_code"), 58: ("icmpv6_type", "icmpv6_code")}


@dataclass(frozen=True)
class MultiPlan:
    """Where everything goes: class tables, metadata bit fields, the ACL table."""

    classes: dict[tuple[str, GroupKey], PortClasses]
    table_ids: dict[str, int]  # "src" / "dst" / "acl" -> table id
    offsets: dict[str, int]  # side -> lowest metadata bit of its class id
    widths: dict[str, int]  # side -> metadata bits of its class id

    def field_mask(self, side: str) -> int:
        return ((1 << self.widths[side]) - 1) << self.offsets[side]


def plan_multi(policy: Policy, table_base: int = 0) -> MultiPlan:
    """Classify ports and lay out tables and metadata bits (no limits checked here)."""
    classes = classify_policy(policy)
    sides = [side for side in PORT_FIELDS if any(key[0] == side for key in classes)]
    table_ids = {side: table_base + k for k, side in enumerate(sides)}
    table_ids["acl"] = table_base + len(sides)
    offsets: dict[str, int] = {}
    widths: dict[str, int] = {}
    bit = 0
    for side in sides:
        widths[side] = max(c.bits for key, c in classes.items() if key[0] == side)
        offsets[side] = bit
        bit += widths[side]
    return MultiPlan(classes, table_ids, offsets, widths)


def lower_multi(policy: Policy, profile, options, priorities: tuple[int, ...]) -> Pipeline:
    """Lower ``policy`` to classification tables plus one ACL table (see module doc)."""
    plan = plan_multi(policy, options.table_base)
    _check_limits(plan, profile, options)
    base = options.priority_base
    tables = []
    for side in PORT_FIELDS:
        if side in plan.table_ids:
            flows = _classification_flows(plan, side, base)
            tables.append(Table(plan.table_ids[side], f"{side}-port-classes", tuple(flows)))
    acl_flows = _acl_flows(policy, plan, profile, options.permit, priorities, base)
    tables.append(Table(plan.table_ids["acl"], "acl", tuple(acl_flows)))
    return Pipeline(
        tables=tuple(tables),
        entry_table=options.table_base,
        target=profile.name,
        strategy="multi",
        continuation=options.permit,
        policy=policy,
    )


# ------------------------------------------------------------------ limits


def _check_limits(plan: MultiPlan, profile, options) -> None:
    used_bits = sum(plan.widths.values())
    if used_bits > METADATA_BITS:
        raise AclcError(
            f"multi-table strategy: port class ids need {used_bits} metadata bits, "
            f"more than the {METADATA_BITS} available"
        )
    if plan.widths and "metadata" not in profile.maskable:
        raise AclcError(
            f"multi-table strategy needs masked metadata matches, which target "
            f"'{profile.name}' does not honour; use --strategy exact"
        )
    last = plan.table_ids["acl"]
    if last >= profile.num_tables:
        raise AclcError(
            f"multi-table strategy needs tables {options.table_base}..{last}, but target "
            f"'{profile.name}' has only {profile.num_tables} tables; lower --table-base"
        )
    for ins in options.permit.instructions:
        if isinstance(ins, GotoTable) and ins.table_id <= last:
            raise AclcError(
                f"permit continuation '{options.permit.text}' jumps into the ACL's own tables "
                f"{options.table_base}..{last}; the multi-table strategy needs a goto_table "
                f"target above {last}"
            )
    base = options.priority_base
    min_priority = getattr(profile, "min_priority", 0)
    if base < min_priority:
        raise AclcError(f"priority base {base} is below the lowest usable priority {min_priority} of target '{profile.name}'")
    if plan.widths and base + 2 > options.priority_max:
        raise AclcError(
            f"multi-table strategy needs priorities {base}..{base + 2} in its classification "
            f"tables, above the priority maximum {options.priority_max}"
        )


# ------------------------------------------------------------------ classification


def _classification_flows(plan: MultiPlan, side: str, base: int) -> list[FlowEntry]:
    """Exact port flows above each group's wildcard default, above a pass-through flow."""
    table_id = plan.table_ids[side]
    nxt = (GotoTable(table_id + 1),)
    offset, mask = plan.offsets[side], plan.field_mask(side)
    cookie = make_cookie(None)
    flows: list[FlowEntry] = []
    for (group_side, (eth_type, ip_proto)), classes in plan.classes.items():
        if group_side != side:
            continue
        head = (FieldMatch("eth_type", eth_type), FieldMatch("ip_proto", ip_proto))
        oxm = classes.oxm
        write = {}
        for port, class_id in classes.exact_ports():
            ins = write.get(class_id)
            if ins is None:
                ins = write[class_id] = (WriteMetadata(class_id << offset, mask),) + nxt
            flows.append(FlowEntry(table_id, base + 2, head + (FieldMatch(oxm, port),), ins, cookie, "classify"))
        default = (WriteMetadata(classes.default_id << offset, mask),) + nxt
        flows.append(FlowEntry(table_id, base + 1, head, default, cookie, "classify"))
    # Packets this table does not classify (other protocols, non-IP) go on unchanged.
    flows.append(FlowEntry(table_id, base, (), nxt, cookie, "classify"))
    return flows


# ------------------------------------------------------------------ ACL table


def decision_instructions(action: Action, log: bool, permit: Continuation) -> tuple:
    """What a rule's flows do: the continuation for permit, nothing (drop) for deny;
    ``log`` adds a copy to the controller."""
    instructions = list(permit.instructions) if action is Action.PERMIT else []
    if log:
        to_controller = Output(PORT_NAMES["CONTROLLER"], CONTROLLER_MAX_LEN)
        for k, ins in enumerate(instructions):
            if isinstance(ins, ApplyActions):
                instructions[k] = ApplyActions(ins.actions + (to_controller,))
                break
        else:
            instructions.insert(0, ApplyActions((to_controller,)))
    return tuple(instructions)


def _acl_flows(policy: Policy, plan: MultiPlan, profile, permit, priorities, base) -> list[FlowEntry]:
    table_id = plan.table_ids["acl"]
    flows: list[FlowEntry] = []
    for rule in policy.rules:
        instructions = decision_instructions(rule.action, rule.log, permit)
        cookie = make_cookie(rule.index)
        priority = priorities[rule.index]
        for match in _rule_matches(rule, plan, profile):
            flows.append(FlowEntry(table_id, priority, match, instructions, cookie, "rule"))
    default = decision_instructions(policy.default_action, policy.default_log, permit)
    flows.append(FlowEntry(table_id, base, (), default, make_cookie(None), "default"))
    return flows


def _rule_matches(rule: Rule, plan: MultiPlan, profile):
    """Every match of one rule: the product of its fields' disjoint covers."""
    fixed = []
    if rule.eth_type is not None:
        fixed.append(FieldMatch("eth_type", rule.eth_type))
    if rule.ip_proto is not None:
        fixed.append(FieldMatch("ip_proto", rule.ip_proto))
    if rule.icmp_type is not None:
        type_oxm, code_oxm = ICMP_OXM[rule.ip_proto]
        fixed.append(FieldMatch(type_oxm, rule.icmp_type))
        if rule.icmp_code is not None:
            fixed.append(FieldMatch(code_oxm, rule.icmp_code))

    choices = []
    if rule.in_ports is not None:
        choices.append([FieldMatch("in_port", p) for p in rule.in_ports])
    for side, prefixes in (("src", rule.src), ("dst", rule.dst)):
        if prefixes is not None:
            oxm = ADDRESS_OXM[rule.eth_type][0 if side == "src" else 1]
            choices.append([m for m in (_prefix_match(oxm, p, profile, rule) for p in prefixes)])
    choices.append(_metadata_matches(rule, plan))

    for combo in product(*choices):
        yield sort_match(fixed + [m for m in combo if m is not None])


def _prefix_match(oxm: str, prefix: Prefix, profile, rule: Rule) -> FieldMatch | None:
    if prefix.length == 0:
        return None
    if prefix.length == prefix.width:
        return FieldMatch(oxm, prefix.value)
    if oxm not in profile.maskable:
        raise AclcError(
            f"target '{profile.name}' does not honour masks on {oxm}, needed for {prefix}",
            pos=rule.origin,
        )
    return FieldMatch(oxm, prefix.value, prefix.mask())


def _metadata_matches(rule: Rule, plan: MultiPlan) -> list[FieldMatch | None]:
    """The rule's class-id sets of both port sides, as metadata value/mask matches."""
    per_side = []
    for side in PORT_FIELDS:
        ports = rule.src_ports if side == "src" else rule.dst_ports
        classes = plan.classes.get((side, (rule.eth_type, rule.ip_proto)))
        if classes is None or ports is None:
            continue
        prefixes = classes.id_prefixes(ports)
        if prefixes is None:  # the rule's set holds every class
            continue
        # A group may use fewer bits than the side's field: its ids have the top bits 0.
        width, offset = plan.widths[side], plan.offsets[side]
        pad = width - classes.bits
        per_side.append([
            (value << offset, (((1 << (length + pad)) - 1) << (width - length - pad)) << offset)
            for value, length in prefixes
        ])
    if not per_side:
        return [None]
    out = []
    for combo in product(*per_side):
        value = mask = 0
        for v, m in combo:
            value |= v
            mask |= m
        out.append(FieldMatch("metadata", value, mask) if mask else None)
    return out
