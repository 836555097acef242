"""The multi-table strategy: classify L4 ports into metadata, then match with masks.

Why: Lagopus ignores masks on TCP/UDP/SCTP ports (docs: lagopus.md, fact 1), so
in one table every port of a range needs its own flow, and a rule with two
ranges needs their product (millions of flows on real ACLs). Lagopus does honour
masks on metadata and IP addresses, and has goto_table and write_metadata. So:

    table_base + 0   src-port classes   (only if some rule restricts a source port)
    table_base + 1   dst-port classes   (only if some rule restricts a destination port)
    last             ACL                addresses, ip_proto, in_port, ICMP, metadata/mask

A classification table holds, per (eth_type, ip_proto) group, one exact flow per
port outside the group's largest class (write_metadata id, goto next; where the
target honours port masks, as Open vSwitch does, prefix covers of the runs of
ports sharing a class instead), one wildcard flow for the largest class (lower priority), and one lowest-priority
match-all flow that passes other packets on unchanged. Metadata bits: the source
class id in the low ``src_bits`` bits, the destination class id just above it;
the groups share these bits (a packet has one protocol). The ACL table is the
single-table ACL with port matches replaced by class-id prefixes, so it ends
exactly where a single-table ACL would (the permit continuation).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import product

from ..errors import AclcError
from ..options import parse_continuation
from ..pipeline import FieldMatch, FlowEntry, GotoTable, Pipeline, Table, WriteMetadata, make_cookie
from ..policy import PORT_PROTOCOLS, Policy, Rule
from ..ranges import range_to_prefixes
from .classify import PORT_FIELDS, GroupKey, PortClasses, classify_policy, exact_port_lower_bound
from .expand import rule_dimensions
from .single import decision_instructions, default_flow
from .unique import keep_first, may_share_flows

__all__ = [
    "lower_multi", "plan_multi", "count_multi_flows", "count_single_and_multi", "MultiPlan", "exact_port_lower_bound",
]

METADATA_BITS = 64


@dataclass(frozen=True)
class MultiPlan:
    """Where everything goes: class tables, metadata bit fields, the ACL table."""

    classes: dict[tuple[str, GroupKey], PortClasses]
    table_ids: dict[str, int]  # "src" / "dst" / "acl" -> table id
    offsets: dict[str, int]  # side -> lowest metadata bit of its class id
    widths: dict[str, int]  # side -> metadata bits of its class id
    # Per rule (by index): (side, class-id prefixes) of each side it restricts to fewer
    # than all of its group's classes (see PortClasses.id_prefixes), in PORT_FIELDS order.
    rule_ids: tuple[tuple[tuple[str, tuple[tuple[int, int], ...]], ...], ...] = ()

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
    return MultiPlan(classes, table_ids, offsets, widths, _rule_ids(policy, classes))


def _rule_ids(policy: Policy, classes) -> tuple:
    """Each rule's class-id prefixes per restricted side. Rules often share port sets:
    rules of one (eth_type, ip_proto, source ports, destination ports) share one entry
    (the same tuple object, which _acl_flows relies on to make its matches once)."""
    entries: dict = {}
    out = []
    append = out.append
    for rule in policy.rules:
        key = (rule.eth_type, rule.ip_proto, rule.src_ports, rule.dst_ports)
        entry = entries.get(key)
        if entry is None:
            sides = []
            for side, ports in (("src", rule.src_ports), ("dst", rule.dst_ports)):
                if ports is None:
                    continue
                group = classes.get((side, (rule.eth_type, rule.ip_proto)))
                found = None if group is None else group.id_prefixes(ports)
                if found is not None:
                    sides.append((side, tuple(found)))
            entry = entries[key] = tuple(sides)
        append(entry)
    return tuple(out)


def lower_multi(policy: Policy, profile, options, priorities: tuple[int, ...],
                plan: MultiPlan | None = None) -> Pipeline:
    """Lower ``policy`` to classification tables plus one ACL table (see module doc).

    ``plan``: ``plan_multi(policy, options.table_base)`` when the caller already made it
    (to count flows); made here otherwise."""
    if plan is None:
        plan = plan_multi(policy, options.table_base)
    _check_limits(plan, profile, options)
    base = options.priority_base
    tables = []
    for side in PORT_FIELDS:
        if side in plan.table_ids:
            flows = _classification_flows(plan, side, base, profile)
            tables.append(Table(plan.table_ids[side], f"{side}-port-classes", tuple(flows)))
    acl_flows = _acl_flows(policy, plan, profile, options, priorities)
    tables.append(Table(plan.table_ids["acl"], "acl", tuple(acl_flows)))
    # Multi-table flow counts are bounded (65536 per classified field and group, a few
    # metadata prefixes per rule), so building first and counting after is safe.
    total = sum(len(t.flows) for t in tables)
    limit = getattr(options, "max_flows", None)
    if limit is not None and total > limit:
        raise AclcError(
            f"strategy multi for target {profile.name} needs {total:,} flows "
            f"({' + '.join(str(len(t.flows)) for t in tables)} in tables "
            f"{tables[0].table_id}..{tables[-1].table_id}), more than the limit of {limit:,} (--max-flows)"
        )
    return Pipeline(
        tables=tuple(tables),
        entry_table=options.table_base,
        profile=profile,
        strategy="multi",
        continuation=options.permit,
        policy=policy,
    )


def count_multi_flows(policy: Policy, profile, options,
                      plan: MultiPlan | None = None) -> tuple[int, tuple[int, ...]] | None:
    """Flows :func:`lower_multi` builds, counted from class and prefix counts without
    building them, with the flows per table; None when the multi-table strategy cannot
    lower ``policy`` for ``profile`` with ``options`` (metadata bits, tables, priorities).

    Classification tables: per group, its port flows (exact or masked, as built) plus
    the group's wildcard, plus one pass-through. ACL table: per rule, the flows of its
    other fields times the product of its sides' class-id prefix counts, plus the
    default. Flows that two rules share are kept once when built, so the ACL count is
    an upper bound (exact when no two rules give the same flow). ``plan`` as for
    :func:`lower_multi`.
    """
    return _count(policy, profile, options, plan, single=False)[1]


def count_single_and_multi(policy: Policy, profile, options, plan: MultiPlan | None = None):
    """``(count_flows(policy, profile, "single"), count_multi_flows(policy, profile, options,
    plan))`` in one walk of the rules, which both counts share (the flows of a rule's other
    fields). Only for profiles that honour masks on every port field, as single needs."""
    return _count(policy, profile, options, plan, single=True)


def _count(policy: Policy, profile, options, plan: MultiPlan | None, single: bool):
    if plan is None:
        plan = plan_multi(policy, options.table_base)
    if options.permit is None:  # the target's default continuation, as compile_policy uses
        options = replace(options, permit=parse_continuation(profile.default_permit))
    acl, single_count = _acl_counts(policy, plan, single)
    try:
        _check_limits(plan, profile, options)
    except AclcError:
        return single_count, None
    per_table = []
    for side in PORT_FIELDS:
        if side in plan.table_ids:
            n = 1
            for (group_side, _), classes in plan.classes.items():
                if group_side == side:
                    n += 1 + (classes.masked_flow_count if profile.honours_mask(classes.oxm)
                              else classes.exact_flow_count)
            per_table.append(n)
    per_table.append(acl)
    return single_count, (sum(per_table), tuple(per_table))


def _acl_counts(policy: Policy, plan: MultiPlan, single: bool):
    """The ACL table's flows under multi (default included) and, when ``single``, the
    flows single needs with masked port prefixes and its largest rule as (flows, index)
    (what :func:`aclc.lower.count_flows` gives), else None.

    Per rule, the flows of its other fields (as :func:`.expand.rule_flow_count` counts
    them) times, for multi, its class-id prefix counts, for single, its port prefix counts."""
    multi = total = 1
    largest = None
    covers: dict = {}  # port set -> size of its prefix cover
    for rule, ids in zip(policy.rules, plan.rule_ids):
        n = 1 if rule.in_ports is None else len(rule.in_ports)
        src, dst = rule.src, rule.dst
        if not (src is None or (len(src) == 1 and src[0].length == 0)):  # is_full, inline
            n *= len(src)
        if not (dst is None or (len(dst) == 1 and dst[0].length == 0)):
            n *= len(dst)
        if rule.ct_state is not None or rule.tcp_flags is not None:
            from .stateful import connection_flow_factor

            n *= connection_flow_factor(rule)
        m = n
        for _, prefixes in ids:
            m *= len(prefixes)
        multi += m
        if single:
            if rule.ip_proto in PORT_PROTOCOLS:
                for ports in (rule.src_ports, rule.dst_ports):
                    if ports is not None:  # the whole range is one prefix
                        size = covers.get(ports)
                        if size is None:
                            size = covers[ports] = sum(len(range_to_prefixes(r.lo, r.hi, 16)) for r in ports)
                        n *= size
            total += n
            if largest is None or n > largest[0]:
                largest = (n, rule.index)
    return multi, ((total, largest) if single else None)


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


def _classification_flows(plan: MultiPlan, side: str, base: int, profile) -> list[FlowEntry]:
    """Port flows above each group's wildcard default, above a pass-through flow: one exact
    flow per port, or prefix covers of each class's port runs where the profile honours
    masks on the port field (Open vSwitch)."""
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
        if profile.honours_mask(oxm):
            for value, port_mask, class_id in classes.masked_ports():
                ins = write.get(class_id)
                if ins is None:
                    ins = write[class_id] = (WriteMetadata(class_id << offset, mask),) + nxt
                port_match = FieldMatch(oxm, value, None if port_mask == 0xFFFF else port_mask)
                flows.append(FlowEntry(table_id, base + 2, head + (port_match,), ins, cookie, "classify"))
        else:
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


def _acl_flows(policy: Policy, plan: MultiPlan, profile, options, priorities) -> list[FlowEntry]:
    """The single-table ACL, with port matches replaced by class-id metadata matches."""
    table_id = plan.table_ids["acl"]
    flows: list[FlowEntry] = []
    append = flows.append
    # One flow per (priority, match), the earliest rule's (see .unique).
    shared = may_share_flows(policy.rules, priorities)
    seen: dict = {}
    permit = options.permit
    decisions: dict = {}  # (action, log) -> instructions: a few, shared by every flow
    # Rules restricting the same port sets share one per-rule entry of plan.rule_ids
    # (see _rule_ids), so its metadata matches are made once per entry.
    metadata_of: dict[int, tuple[FieldMatch, ...]] = {}
    cookie_base = make_cookie(None)
    for rule, ids, priority, check in zip(policy.rules, plan.rule_ids, priorities, shared):
        decision = (rule.action, rule.log)
        instructions = decisions.get(decision)
        if instructions is None:
            instructions = decisions[decision] = decision_instructions(rule.action, rule.log, permit)
        cookie = cookie_base | (rule.index + 1)  # make_cookie(rule.index)
        metadata = None
        if ids:
            metadata = metadata_of.get(id(ids))
            if metadata is None:
                metadata = metadata_of[id(ids)] = _metadata_matches(rule, plan)
        dims = rule_dimensions(rule, profile, "classified", metadata)
        if check:
            for match in product(*dims):
                keep_first(seen, flows, FlowEntry(table_id, priority, match, instructions, cookie, "rule"),
                           rule.index)
        else:
            for match in product(*dims):
                append(FlowEntry(table_id, priority, match, instructions, cookie, "rule"))
    append(default_flow(policy, options, table_id))
    return flows


def _rule_matches(rule: Rule, plan: MultiPlan, profile):
    """Every match of one rule: the product of its fields' disjoint covers, ports as metadata."""
    return product(*rule_dimensions(rule, profile, "classified", _metadata_matches(rule, plan)))


def _metadata_matches(rule: Rule, plan: MultiPlan) -> tuple[FieldMatch, ...] | None:
    """The rule's class-id sets of both port sides as metadata value/mask matches;
    None when the rule restricts no classified port."""
    per_side = []
    for side, prefixes in plan.rule_ids[rule.index]:  # sides whose set misses some class
        classes = plan.classes[(side, (rule.eth_type, rule.ip_proto))]
        # A group may use fewer bits than the side's field: its ids have the top bits 0.
        width, offset = plan.widths[side], plan.offsets[side]
        pad = width - classes.bits
        per_side.append([
            (value << offset, (((1 << (length + pad)) - 1) << (width - length - pad)) << offset)
            for value, length in prefixes
        ])
    if not per_side:
        return None
    out = []
    for combo in product(*per_side):
        value = mask = 0
        for v, m in combo:
            value |= v
            mask |= m
        out.append(FieldMatch("metadata", value, mask))
    return tuple(out)
