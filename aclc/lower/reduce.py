"""Flow reduction for one-table masked-port pipelines (strategy ``single``).

A rule's port range becomes its minimal prefix cover, but the cover may use
packets the rule does not match where other flows decide them anyway:

- *don't care*: a region that a rule earlier in the ACL with a strictly higher
  priority matches (its flows, or flows above them, decide those packets), or
  that a rule with the same priority and the same decision matches (both
  flows decide alike there), may be added to the rule's flows;
- *alike below*: a rule that decides like the ACL's default may take packets
  that no rule deciding otherwise at or below its priority matches (a flow
  above decides them, or else a rule like it or the default does);
- *unreachable*: a part of the rule that an earlier, strictly higher-priority
  rule matches may be left out (no packet reaches it).

For each port field of a rule, the rules that match a superset of it on every
other field give port ranges that may be added (the first kind) or removed (the
last kind); the overlap index (:mod:`aclc.semantics.boxes`) gives the ports the
second kind may add. :func:`cover_with_dont_care` picks the fewest prefixes
covering what must be covered and staying within what may be. ``dport
1024-65535`` (6 prefixes) below an earlier, overlapping ``dport 0-2047`` rule of
the same addresses becomes one flow without a port match. Only rules with a port
field of several prefixes are looked at (the others have nothing to gain).

So, for every rule j with flows F_j, match M_j, C_j the matches of earlier
rules above it, S_j those of rules at its priority with its decision, and N_j
(only when j decides like the default) the packets no rule deciding otherwise
at or below j matches::

    M_j \\ C_j  ⊆  F_j  ⊆  M_j ∪ C_j ∪ S_j ∪ N_j

which is what the proof (:mod:`aclc.semantics.translation`) checks for a rule
whose flows do not cover it exactly; a rule left with no flows never decides a
packet. Only ports change, so a flow still names exactly one rule; rules a flow
already stands for together (``FlowEntry.also``) are left alone, and a rule whose
new flows would repeat another flow's priority and match keeps its own.

Pure: a Pipeline in, a Pipeline out; only ``single`` pipelines of one table are
touched, and only port fields whose masks the profile honours.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from itertools import product

from ..pipeline import FieldMatch, FlowEntry, Pipeline, Table
from ..policy import PortRange, Prefix, Rule
from ..ranges import complement_ranges, intersect_ranges, normalize_ranges
from .expand import PORT_FIELDS, rule_dimensions
from .unique import may_share_flows

FULL = (PortRange(0, 0xFFFF),)


def reduce_pipeline(pipeline: Pipeline) -> Pipeline:
    """``pipeline`` with fewer flows where the rules around a rule allow it (see module doc)."""
    if pipeline.strategy != "single" or len(pipeline.tables) != 1:
        return pipeline
    policy, profile = pipeline.policy, pipeline.profile
    rules = policy.rules
    table = pipeline.tables[0]
    priorities = _rule_priorities(table, len(rules))
    if priorities is None:
        return pipeline
    shared = may_share_flows(rules, priorities)
    tied = {r for f in table.flows if f.also for r in (f.rule_index, *f.also)}  # kept once for several
    index = _CoverIndex(rules)
    overlap = None  # built when a rule may take packets the default decides alike
    default_effect = (policy.default_action, policy.default_log)
    flowless: set[int] = set()
    new_dims: dict[int, list] = {}
    for rule in rules:
        j = rule.index
        if j in tied or not _candidate(rule):
            continue
        src_field, dst_field = PORT_FIELDS[rule.ip_proto]
        if not (profile.honours_mask(src_field) and profile.honours_mask(dst_field)):
            continue
        ports = {src_field: rule.src_ports or FULL, dst_field: rule.dst_ports or FULL}
        before = {f: _prefix_count(ports[f]) for f in ports}
        if before[src_field] == 1 and before[dst_field] == 1:
            continue  # one flow per address pair already
        mine, effect = priorities[j], (rule.action, rule.log)
        # Rules matching a superset of j's addresses (and protocol, in_port), above j or beside it.
        covers = [i for i in index.covering(rule)
                  if i != j and i not in flowless
                  and ((i < j and priorities[i] > mine)
                       or (priorities[i] == mine and (rules[i].action, rules[i].log) == effect))]
        chosen: dict[str, list[tuple[int, int]]] = {}
        empty = False
        for f, other in ((dst_field, src_field), (src_field, dst_field)):
            if before[f] == 1:
                continue  # a single prefix (or every port): nothing to gain on f
            drop, extend = [], []
            for i in covers:
                a = rules[i]
                a_other, a_here = _ports_of(a, other), _ports_of(a, f)
                if not _ranges_within(ports[other], a_other):
                    continue
                if i < j and priorities[i] > priorities[j]:
                    drop.extend(a_here)
                elif priorities[i] == priorities[j] and a.action == rule.action and a.log == rule.log:
                    extend.extend(a_here)
            free: tuple[PortRange, ...] = ()
            if (rule.action, rule.log) == default_effect and _prefix_count(ports[f]) > 1:
                if overlap is None:
                    overlap = _Blockers(policy, priorities)
                free = _free_ports(rule, f, other, ports, overlap, rules)
            if not drop and not extend and not free:
                continue
            must = ports[f]
            if drop:
                must = intersect_ranges(must, complement_ranges(normalize_ranges(drop)))
            if not must:
                empty = True
                break
            may = normalize_ranges([*ports[f], *drop, *extend, *free])
            cover = cover_with_dont_care(must, may)
            if len(cover) < before[f]:
                chosen[f] = cover
                ports[f] = normalize_ranges((v, v + (1 << (16 - n)) - 1) for v, n in cover)
        if empty:
            flowless.add(j)
            new_dims[j] = None
        elif chosen:
            new_dims[j] = _dimensions(rule, profile, chosen)
    _keep_unique(table, new_dims, shared)
    if not new_dims:
        return pipeline
    flows: list[FlowEntry] = []
    done: set[int] = set()
    for flow in table.flows:
        j = flow.rule_index
        if j is None or j not in new_dims:
            flows.append(flow)
            continue
        if j in done:
            continue
        done.add(j)
        dims = new_dims[j]
        if dims is None:
            continue
        for match in product(*dims):
            flows.append(FlowEntry(flow.table_id, flow.priority, match, flow.instructions, flow.cookie))
    if len(flows) >= len(table.flows):
        return pipeline
    return replace(pipeline, tables=(Table(table.table_id, table.name, tuple(flows)),))


class _Blockers:
    """The overlap index, and per rule the bitset of rules that decide unlike it at or below
    its priority."""

    def __init__(self, policy, priorities) -> None:
        from ..semantics.boxes import OverlapIndex, bitset

        self.index = OverlapIndex(policy)
        levels = sorted(set(priorities))
        members: dict[int, list[int]] = {}
        for i, p in enumerate(priorities):
            members.setdefault(p, []).append(i)
        self.at_or_below: dict[int, int] = {}
        running = 0
        for p in levels:
            running |= bitset(members[p])
            self.at_or_below[p] = running
        effects: dict = {}
        for r in policy.rules:
            effects.setdefault((r.action, r.log), []).append(r.index)
        self.by_effect = {e: bitset(v) for e, v in effects.items()}
        self.priorities = priorities

    def unlike_below(self, rule: Rule) -> int:
        return self.at_or_below[self.priorities[rule.index]] & ~self.by_effect[(rule.action, rule.log)]


def _free_ports(rule: Rule, f: str, other: str, ports: dict, blockers: _Blockers, rules):
    """Ports on ``f`` where, with the rule's other fields, no rule that decides unlike the
    rule sits at or below its priority (the rule decides like the default): packets there
    are decided by a flow above the rule, or else alike, by a rule like it or the default.
    Rules are found with the overlap index (a superset: only fewer free ports)."""
    from ..semantics.boxes import iter_bits

    fields = PORT_FIELDS[rule.ip_proto]
    hull = replace(rule, **{_ATTR[fields.index(f)]: None, _ATTR[fields.index(other)]: ports[other]})
    within = blockers.unlike_below(rule)
    blocked: list[PortRange] = []
    for k in iter_bits(blockers.index.meeting(hull, within)):
        blocked.extend(_ports_of(rules[k], f))
        if len(blocked) > 64:
            blocked = list(normalize_ranges(blocked))
            if blocked == list(FULL):
                return ()
    return complement_ranges(normalize_ranges(blocked))


_ATTR = ("src_ports", "dst_ports")


def _keep_unique(table: Table, new_dims: dict, shared: list[bool]) -> None:
    """Drop from ``new_dims`` the rules whose new flows would repeat another flow's priority and
    match (only rules that may share a flow at all can: :func:`.unique.may_share_flows`); such a
    rule keeps its flows."""
    if not any(shared[j] for j in new_dims):
        return
    taken: dict = {}  # (priority, match) -> rule, for every flow of a rule that may share one
    own: dict[int, list] = {}
    priority: dict[int, int] = {}
    for flow in table.flows:
        j = flow.rule_index
        if j is not None and shared[j]:
            key = (flow.priority, flow.match)
            taken[key] = j
            own.setdefault(j, []).append(key)
            priority[j] = flow.priority
    for j in sorted(new_dims):
        if not shared[j]:
            continue
        dims = new_dims[j]
        keys = [] if dims is None else [(priority[j], m) for m in product(*dims)]
        if any(taken.get(k, j) != j for k in keys):
            del new_dims[j]
            continue
        for k in own.get(j, ()):
            if taken.get(k) == j:
                del taken[k]
        for k in keys:
            taken[k] = j


def cover_with_dont_care(must: tuple[PortRange, ...], may: tuple[PortRange, ...],
                         width: int = 16) -> list[tuple[int, int]]:
    """The fewest prefixes (value, length) whose union contains ``must`` and lies within
    ``may`` (``must`` within ``may``; both sorted disjoint ranges).

    A block that meets ``must`` and lies within ``may`` is one prefix, which no split
    beats; any other block meeting ``must`` must be split, and its halves are independent.
    """
    must_lo = [r.lo for r in must]
    may_lo = [r.lo for r in may]
    out: list[tuple[int, int]] = []

    def walk(lo: int, length: int) -> None:
        hi = lo + (1 << (width - length)) - 1
        k = bisect_right(must_lo, hi) - 1  # the last must range starting at or below hi
        if k < 0 or must[k].hi < lo:
            return
        k = bisect_right(may_lo, lo) - 1
        if k >= 0 and may[k].hi >= hi:
            out.append((lo, length))
            return
        half = 1 << (width - length - 1)
        walk(lo, length + 1)
        walk(lo + half, length + 1)

    walk(0, 0)
    return out


def _rule_priorities(table: Table, n: int) -> tuple[int, ...] | None:
    found: list = [None] * n
    for flow in table.flows:
        j = flow.rule_index
        if j is None:
            continue
        if j >= n:
            return None
        found[j] = flow.priority
        for a in flow.also:
            found[a] = flow.priority
    if None in found:
        return None
    return tuple(found)


def _candidate(rule: Rule) -> bool:
    return (rule.ip_proto in PORT_FIELDS and rule.ct_state is None and rule.tcp_flags is None
            and _single(rule.src) and _single(rule.dst))


def _single(prefixes) -> bool:
    return prefixes is None or len(prefixes) == 1


def _ports_of(rule: Rule, field: str) -> tuple[PortRange, ...]:
    fields = PORT_FIELDS.get(rule.ip_proto)
    if fields is None:
        return FULL  # no protocol (or one without ports): every port
    ports = rule.src_ports if field == fields[0] else rule.dst_ports
    return ports or FULL


def _ranges_within(inner: tuple[PortRange, ...], outer: tuple[PortRange, ...]) -> bool:
    if outer is FULL or outer == FULL:
        return True
    return intersect_ranges(inner, outer) == inner


@lru_cache(maxsize=1 << 14)
def _prefix_count(ports: tuple[PortRange, ...]) -> int:
    from ..ranges import range_to_prefixes

    if ports == FULL:
        return 1
    return sum(len(range_to_prefixes(r.lo, r.hi, 16)) for r in ports)


def _dimensions(rule: Rule, profile, chosen: dict[str, list[tuple[int, int]]]) -> list:
    dims = []
    replaced = set()
    for dim in rule_dimensions(rule, profile, "mask"):
        f = dim[0].field
        if f in chosen:
            replaced.add(f)
            alt = _port_alternatives(f, tuple(chosen[f]))
            if alt is not None:
                dims.append(alt)
        else:
            dims.append(dim)
    for f in chosen:
        if f not in replaced:  # the field matched every port: widening it changes nothing
            alt = _port_alternatives(f, tuple(chosen[f]))
            if alt is not None:
                raise AssertionError(f"{f} widened from every port")
    return dims


def _port_alternatives(field: str, cover: tuple[tuple[int, int], ...]):
    if cover == ((0, 0),):
        return None  # every port: no match on the field
    out = []
    for value, length in cover:
        mask = (0xFFFF << (16 - length)) & 0xFFFF
        out.append(FieldMatch(field, value, None if mask == 0xFFFF else mask))
    return tuple(out)


class _CoverIndex:
    """Rules by (ethertype, source prefix, destination prefix), each a single prefix or
    any; :meth:`covering` lists the rules whose non-port fields contain a rule's."""

    def __init__(self, rules) -> None:
        self.rules = rules
        table: dict = {}
        lengths: set[int] = set()
        for rule in rules:
            if rule.ct_state is not None or rule.tcp_flags is not None or rule.icmp_type is not None:
                continue
            if not (_single(rule.src) and _single(rule.dst)):
                continue
            key = (rule.eth_type, _key(rule.src))
            table.setdefault(key, {}).setdefault(_key(rule.dst), []).append(rule.index)
            for p in (rule.src, rule.dst):
                if p is not None:
                    lengths.add(p[0].length)
        self.table = table
        self.lengths = tuple(sorted(lengths))

    def covering(self, rule: Rule) -> list[int]:
        out: list[int] = []
        table = self.table
        for s in _ancestors(_key(rule.src), self.lengths):
            inner = table.get((rule.eth_type, s))
            if inner is None:
                continue
            for d in _ancestors(_key(rule.dst), self.lengths):
                found = inner.get(d)
                if found is None:
                    continue
                for i in found:
                    a = self.rules[i]
                    if a.ip_proto is not None and a.ip_proto != rule.ip_proto:
                        continue
                    if a.in_ports is not None and (rule.in_ports is None
                                                   or not set(rule.in_ports) <= set(a.in_ports)):
                        continue
                    out.append(i)
        return out


def _key(prefixes) -> Prefix | None:
    if prefixes is None or prefixes[0].length == 0:
        return None
    return prefixes[0]


@lru_cache(maxsize=1 << 16)
def _ancestors(p: Prefix | None, lengths: tuple[int, ...]) -> tuple:
    """``p`` and the prefixes containing it, of the lengths some rule uses (None: any)."""
    if p is None:
        return (None,)
    out = [None]
    for length in lengths:
        if length == 0:
            continue
        if length > p.length:
            break
        mask = ((1 << length) - 1) << (p.width - length)
        out.append(Prefix(p.value & mask, length, p.width))
    return tuple(out)
