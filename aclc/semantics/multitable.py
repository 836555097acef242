"""Translation validation for multi-table pipelines: port classes, then one ACL table.

The full BDD model of a classification table followed by a 10k-rule ACL table
takes minutes, because the ACL table's meaning is composed with every metadata
value the classifiers write. This module proves such a pipeline right with
small checks instead, and answers "not proven here" (the caller falls back to
the full model) whenever a check fails or the pipeline has another shape.

Shape recognised. Tables ``T_0 < ... < T_k`` with the entry first. Each
*classification table* ``T_i`` (i < k) holds only flows that match nothing,
exactly ``eth_type`` (IPv4 or IPv6) and ``ip_proto``, or those two plus one exact
or prefix-masked L4 port field of that protocol (a prefix acts as one exact flow
per port of its block), one port side per table; every flow has no
outputs, goes to ``T_{i+1}``, and writes metadata (if at all) under one
contiguous mask ``m_i``; the masks of different tables are disjoint. The last
table is the *ACL table*: flows that name their rule in the cookie and match
no L4 port field, plus one match-all default flow (as in :mod:`.translation`).

Step 1: each classification table is a function. For every (eth_type, ip_proto)
group the table names and every one of the 65536 port values, the winning flow
is computed (as maximal runs of ports with one value, in time linear in the
flows): exact flows of that port, the group's flows and the match-all flows
compete by priority, and two of them at the top priority with
different instructions make the check fail (the switch could pick either). A
packet outside every group of the table meets only the match-all flows, which
must exist (no table miss). So ``T_i`` maps a packet to ``f_i(group, port)``, the
bits it writes under ``m_i`` (0 when it writes nothing: metadata is 0 when a packet
enters the pipeline and no other table writes under ``m_i``). Flows match no
metadata, so the function does not depend on earlier tables. A packet of a group
always carries its port field (the group is an IP protocol with ports), so no
packet lacks the field an exact flow reads. Every packet therefore reaches the
ACL table with outputs unchanged and metadata ``M(p) = OR_i f_i(group(p), port_i(p))``;
other metadata bits stay 0.

Step 2: the classified policy. For a rule r and a side s whose ports r restricts,
and each group g r may match, the table that classifies side s for g (at most one;
none means its class does not depend on the port) maps the port set ``R`` onto
class values ``C = f(g, R)``. The check requires ``R = f(g, .)^-1(C)`` (no class
straddles R's edge; counted: the ports of C's classes number exactly ``|R|``).
Then ``port_s(p) in R  <=>  M(p) under m_s is in C`` for every packet p of g, so
``r(p) <=> r'(phi(p))`` where ``r'`` is r with each port condition replaced by its
class condition and ``phi(p)`` is p's header without ports plus ``M(p)``.

Step 3: the ACL table reads only ``phi(p)`` (it matches no port field), and the
set ``Reach`` of values ``phi`` takes is, per group, the product of the class-value
images of the tables (different tables read different port fields, which vary
independently), and one constant for packets outside every group. Translation
validation (:func:`.translation.validate_table`) over ``Reach`` with ``r'`` proves the
ACL table decides every ``q`` in ``Reach`` like the first-match of the ``r'``;
for ``q = phi(p)`` that is the first-match of the ``r``, i.e. the ACL's decision on p.
The ACL table's default flow matches everything, so its decision is the
pipeline's: exactly the ACL's, for every packet. The overlap index of the plain
policy may propose the pairs for condition (b): by step 2, ``r'_i`` and ``r'_j``
meet inside ``Reach`` exactly when ``r_i`` and ``r_j`` meet.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from typing import Callable

from ..pipeline import Pipeline, Table
from ..policy import ETH_IPV4, ETH_IPV6, PORT_PROTOCOLS, Policy, Rule
from ..ranges import range_to_prefixes
from .encoding import Space, disjunction
from .pipeline import split_instructions
from .policy import rule_match
from .products import FlowBoxes, rule_box
from .translation import validate_table

PORT_SPACE = 1 << 16
_FIELD = attrgetter("field")
_MATCH = attrgetter("match")
METADATA_FULL = (1 << 64) - 1
IP_TYPES = (ETH_IPV4, ETH_IPV6)
# port OXM field -> (ip_proto, side)
PORT_FIELD_OF = {
    "tcp_src": (6, "src"), "tcp_dst": (6, "dst"),
    "udp_src": (17, "src"), "udp_dst": (17, "dst"),
    "sctp_src": (132, "src"), "sctp_dst": (132, "dst"),
}


class NotApplicable(Exception):
    """The pipeline is not of the recognised shape, or a step's check fails.

    ``hints`` (group, {side: ports}) name header regions where the failure bites:
    the packets of that group with those port values.
    """

    def __init__(self, message: str, hints: tuple = ()) -> None:
        super().__init__(message)
        self.hints = hints


@dataclass
class Classifier:
    """One classification table read as a function (step 1)."""

    table: Table
    mask: int  # the metadata bits it writes (0 when it writes nothing)
    offset: int
    width: int
    side: str | None  # the port side its exact flows read
    other: int  # value written for packets outside its groups
    values: dict = field(default_factory=dict)  # group -> list of 65536 values
    runs: dict = field(default_factory=dict)  # group -> (starts, run values, ports per value)


def validate_multi(space: Space, policy: Policy, pipeline: Pipeline,
                   progress: Callable[[int], None] | None = None, suspects: list | None = None) -> bool:
    """True when steps 1-3 (module doc) prove the pipeline; False otherwise."""
    suspects = suspects if suspects is not None else []
    try:
        classifiers, acl = _recognise(pipeline)
        reach_built: list = []

        def reach():  # built only when a check needs BDDs
            if not reach_built:
                reach_built.append(_reach(space, classifiers))
            return reach_built[0]

        failures: list = []
        image_of = _images(classifiers)
        match_of = _classified_matches(space, classifiers, failures, image_of)
        box_of = _classified_boxes(classifiers, image_of)
    except NotApplicable as failure:
        suspects.extend(_hint_regions(space, failure.hints))
        return False
    classified: list = []
    if validate_table(space, policy, acl, pipeline.continuation, match_of, reach, progress, classified,
                      box_of=box_of, flow_boxes=FlowBoxes(metadata_split(classifiers)),
                      universe_of=_universes(classifiers)):
        return True
    for failure in failures:
        suspects.extend(_hint_regions(space, failure.hints))
    index: list = []  # the overlap index, built once for all failed checks
    for region, rule_index in classified:
        region = region & reach()
        reaching = _reaching(space, policy, match_of, region, rule_index, index)
        lifted = _lift(space, classifiers, reaching)
        if lifted is not None:
            suspects.append(lifted)
        if reaching != space.false:
            suspects.append(_header_region(space, classifiers, reaching))
        # A flow raised above its rule decides packets that earlier rules should.
        if region != reaching:
            suspects.append(_header_region(space, classifiers, region))
    return False


# ------------------------------------------------------------------ counterexample regions
# Where a check failed, a small header region (ports pinned) that the caller compares
# exactly, flows and rules restricted to it; the evaluators confirm what it finds.


def _hint_regions(space: Space, hints) -> list:
    regions = []
    for (eth, proto), ports in hints:
        region = space.eq("eth_type", eth) & space.eq("ip_proto", proto)
        if proto in PORT_PROTOCOLS:  # a side left free would bring in its whole table
            ports = {"src": (0,), "dst": (0,), **ports}
        for side, values in ports.items():
            region = region & disjunction(space, [space.eq(f"{side}_port", v) for v in values])
        regions.append(region)
    return regions


def _reaching(space: Space, policy: Policy, match_of, region, rule_index: int, index: list):
    """``region`` without the packets that rules before ``rule_index`` decide (in class space);
    ``index`` holds the policy's overlap index once built."""
    from .boxes import OverlapIndex, iter_bits

    if not index:
        index.append(OverlapIndex(policy))
    earlier = index[0].meeting(policy.rules[rule_index]) & ((1 << rule_index) - 1)
    for k in iter_bits(earlier):
        match = match_of(policy.rules[k])
        if match is not None:
            region = region & ~match
        if region == space.false:
            break
    return region


def _header_region(space: Space, classifiers: list[Classifier], region):
    """The headers whose classified form lies in a class-space ``region`` (exact)."""
    groups = sorted({g for c in classifiers for g in c.values})
    relation = space.false
    for group in groups:
        head = space.eq("eth_type", group[0]) & space.eq("ip_proto", group[1])
        if (head & region) == space.false:
            continue
        part = head
        for c in classifiers:
            if group not in c.runs:
                part = part & _value_set(space, c, (c.other,))
                continue
            starts, run_values, _ = c.runs[group]
            ends = starts[1:] + [PORT_SPACE]
            part = part & disjunction(space, [
                space.range(f"{c.side}_port", lo, hi - 1) & _value_set(space, c, (v,)) if c.side else
                _value_set(space, c, (v,)) for lo, hi, v in zip(starts, ends, run_values)])
        relation = relation | part
    return space.bdd.exist(list(space.metadata_vars), region & relation)


def _lift(space: Space, classifiers: list[Classifier], region):
    """One point of a class-space region as a header region: its fields, ports that classify to its ids."""
    from .witness import field_values

    if region == space.false:
        return None
    point = space.bdd.pick(region)
    values = field_values(space, point)
    group = (values["eth_type"], values["ip_proto"])
    pinned = {}
    for c in classifiers:
        if c.side is None or group not in c.values:
            continue
        wanted = values["metadata"] & c.mask
        starts, run_values, _ = c.runs[group]
        port = next((start for start, v in zip(starts, run_values) if v == wanted), None)
        if port is None:
            return None
        pinned[c.side] = port
    header = {name: bit for name, bit in point.items()
              if not name.startswith(("metadata", "src_port", "dst_port"))}
    region = space.bdd.cube(header) if header else space.true
    for side, port in pinned.items():
        region = region & space.eq(f"{side}_port", port)
    return region


# ------------------------------------------------------------------ step 1


def _recognise(pipeline: Pipeline) -> tuple[list[Classifier], Table]:
    tables = sorted(pipeline.tables, key=lambda t: t.table_id)
    if len(tables) < 2 or tables[0].table_id != pipeline.entry_table:
        raise NotApplicable("not a multi-table pipeline")
    classifiers = [_classifier(t, tables[k + 1].table_id) for k, t in enumerate(tables[:-1])]
    used = 0
    for c in classifiers:
        if used & c.mask:
            raise NotApplicable("classification tables write overlapping metadata bits")
        used |= c.mask
    sides: dict = {}
    for c in classifiers:
        for group in c.values:
            if (group, c.side) in sides:
                raise NotApplicable("two tables classify the same port field")
            sides[(group, c.side)] = c
    acl = tables[-1]
    # The field names the ACL table matches, gathered without a Python step per flow.
    if not PORT_FIELD_OF.keys().isdisjoint(map(_FIELD, chain.from_iterable(map(_MATCH, acl.flows)))):
        raise NotApplicable("the ACL table matches L4 ports")
    return classifiers, acl


def _classifier(table: Table, next_id: int) -> Classifier:
    mask = None
    side = None
    catch_all: list = []
    group_flows: dict = {}
    exact: dict = {}  # group -> {port: [(priority, instructions)]}
    # id(instructions) -> (instructions, the one equal tuple used in entries, write):
    # flows share instruction tuples, and entries then compare by identity (see _winner).
    decoded: dict = {}
    canonical: dict = {}
    for flow in table.flows:
        found = decoded.get(id(flow.instructions))
        if found is None:
            outputs, write, goto = split_instructions(flow)
            if outputs or goto != next_id:
                raise NotApplicable("a classification flow does not just go to the next table")
            same = canonical.setdefault(flow.instructions, flow.instructions)
            found = decoded[id(flow.instructions)] = (flow.instructions, same, write)
        _, instructions, write = found
        if write is not None:
            if mask is None:
                mask = write.mask
            elif write.mask != mask:
                raise NotApplicable("a classification table writes different metadata masks")
        entry = (flow.priority, instructions)
        match = flow.match
        if (len(match) == 3 and match[0].field == "eth_type" and match[1].field == "ip_proto"
                and match[2].field in PORT_FIELD_OF and match[0].mask is None and match[1].mask is None
                and match[2].mask is None):
            eth, proto, fm = match  # the usual exact flow, read without building a dict
            name = fm.field
            if eth.value not in IP_TYPES:
                raise NotApplicable("a classification flow matches no IP group")
            group = (eth.value, proto.value)
        else:
            fields = {fm.field: fm for fm in match}
            if len(fields) != len(match) or any(
                    fm.mask is not None and fm.field not in PORT_FIELD_OF for fm in match):
                raise NotApplicable("a classification flow has a masked or repeated match")
            if not fields:
                catch_all.append(entry)
                continue
            eth, proto = fields.pop("eth_type", None), fields.pop("ip_proto", None)
            if eth is None or proto is None or eth.value not in IP_TYPES:
                raise NotApplicable("a classification flow matches no IP group")
            group = (eth.value, proto.value)
            if not fields:
                group_flows.setdefault(group, []).append(entry)
                continue
            if len(fields) != 1:
                raise NotApplicable("a classification flow matches more than one port")
            (name, fm), = fields.items()
        if PORT_FIELD_OF.get(name, (None,))[0] != proto.value:
            raise NotApplicable(f"a classification flow matches {name}")
        if not 0 <= fm.value < PORT_SPACE:  # matches no packet: leave it to the full model
            raise NotApplicable(f"a classification flow matches {name}={fm.value}")
        flow_side = PORT_FIELD_OF[name][1]
        if side is None:
            side = flow_side
        elif side != flow_side:
            raise NotApplicable("a classification table reads both port sides")
        ports = exact.setdefault(group, {})
        if fm.mask is None:
            ports.setdefault(fm.value, []).append(entry)
        else:  # a prefix: the flow acts as one exact flow for each port of its block
            size = PORT_SPACE - fm.mask
            if not 0 < fm.mask < PORT_SPACE or size & (size - 1) or fm.value & ~fm.mask:
                raise NotApplicable(f"a classification flow matches {name}={fm.value}/{fm.mask:#x}, not a prefix")
            for port in range(fm.value, fm.value + size):
                ports.setdefault(port, []).append(entry)
    mask = mask or 0
    offset = (mask & -mask).bit_length() - 1 if mask else 0
    width = (mask >> offset).bit_length()
    if (mask >> offset) & ((mask >> offset) + 1):
        raise NotApplicable("a classification table writes a non-contiguous metadata mask")
    written = _writer(mask)
    if not catch_all:
        raise NotApplicable("a classification table misses packets of other protocols")
    top_all = _winner(catch_all)
    classifier = Classifier(table, mask, offset, width, side, written(top_all[1]))
    for group in set(group_flows) | set(exact):
        base = top_all
        any_port = {side: (0,)} if side else {}
        try:
            if group in group_flows:
                base = _beats(_winner(group_flows[group]), top_all)
        except NotApplicable as failure:
            raise NotApplicable(str(failure), ((group, any_port),)) from None
        default = written(base[1])
        values = [default] * PORT_SPACE
        changed = {}
        for port, entries in exact.get(group, {}).items():
            try:
                top = _beats(_winner(entries), base)
            except NotApplicable as failure:
                raise NotApplicable(str(failure), ((group, {side: (port,)}),)) from None
            if top is not base:
                values[port] = changed[port] = written(top[1])
        classifier.values[group] = values
        classifier.runs[group] = _runs(default, changed)
    return classifier


def _winner(entries: list) -> tuple[int, tuple]:
    """The highest-priority entry; several there that act differently are ambiguous."""
    if len(entries) == 1:
        return entries[0]
    top = max(p for p, _ in entries)
    chosen = None
    for p, ins in entries:
        if p == top:
            if chosen is None:
                chosen = ins
            elif ins is not chosen and ins != chosen:
                raise NotApplicable("same-priority classification flows disagree")
    return top, chosen


def _beats(a: tuple[int, tuple], b: tuple[int, tuple]) -> tuple[int, tuple]:
    """The winner of two overlapping entries (``b`` when equal)."""
    if a[0] == b[0]:
        if a[1] != b[1]:
            raise NotApplicable("same-priority classification flows disagree")
        return b
    return a if a[0] > b[0] else b


def _writer(mask: int):
    def written(instructions: tuple) -> int:
        for ins in instructions:
            if hasattr(ins, "mask"):
                return ins.value & mask
        return 0
    return written


def _runs(default: int, changed: dict[int, int]) -> tuple[list[int], list[int], dict[int, int]]:
    """Maximal runs of equal values over all ports: ``default`` except at ``changed`` ports."""
    starts: list[int] = []
    run_values: list[int] = []

    def extend(port: int, value: int) -> None:
        if not run_values or run_values[-1] != value:
            starts.append(port)
            run_values.append(value)

    previous = -1
    for port in sorted(changed):
        if port > previous + 1:
            extend(previous + 1, default)
        extend(port, changed[port])
        previous = port
    if previous < PORT_SPACE - 1:
        extend(previous + 1, default)
    sizes: dict[int, int] = {}
    ends = starts[1:] + [PORT_SPACE]
    for lo, hi, v in zip(starts, ends, run_values):
        sizes[v] = sizes.get(v, 0) + hi - lo
    return starts, run_values, sizes


# ------------------------------------------------------------------ step 2 and 3


def _value_set(space: Space, c: Classifier, values) -> object:
    """Packets whose metadata bits under ``c.mask`` hold one of ``values``."""
    if not c.mask:
        return space.true
    ids = sorted(v >> c.offset for v in values)
    parts = []
    k = 0
    while k < len(ids):
        lo = hi = ids[k]
        while k + 1 < len(ids) and ids[k + 1] == hi + 1:
            k += 1
            hi = ids[k]
        k += 1
        for value, length in range_to_prefixes(lo, hi, c.width):
            prefix_mask = ((1 << length) - 1) << (c.width - length)
            parts.append(space.masked("metadata", value << c.offset, prefix_mask << c.offset))
    return disjunction(space, parts)


def _reach(space: Space, classifiers: list[Classifier]):
    """The (eth_type, ip_proto, metadata) combinations the ACL table can see."""
    used = 0
    for c in classifiers:
        used |= c.mask
    clean = space.masked("metadata", 0, METADATA_FULL & ~used)
    groups = sorted({g for c in classifiers for g in c.values})
    parts = []
    in_groups = []
    for group in groups:
        head = space.eq("eth_type", group[0]) & space.eq("ip_proto", group[1])
        in_groups.append(head)
        region = head
        for c in classifiers:
            values = c.runs[group][2].keys() if group in c.runs else (c.other,)
            region = region & _value_set(space, c, values)
        parts.append(region)
    others = ~disjunction(space, in_groups)
    for c in classifiers:
        others = others & _value_set(space, c, (c.other,))
    parts.append(others)
    return disjunction(space, parts) & clean


def _images(classifiers: list[Classifier]) -> Callable:
    """``image_of(group, side, ports)``: the classifier of that side and the class values of
    the ports (module doc, step 2), or NotApplicable when no table classifies the side or a
    class straddles the edge of the range. Cached: many rules share a range."""
    by_side: dict = {}
    for c in classifiers:
        for group in c.values:
            by_side[(group, c.side)] = c
    cache: dict = {}

    def image_of(group, side, ports):
        key = (group, side, ports)
        found = cache.get(key)
        if isinstance(found, NotApplicable):  # fail each rule that shares the range at once
            raise found
        if found is None:
            c = by_side.get((group, side))
            if c is None:
                failure = cache[key] = NotApplicable("no table classifies a port range a rule restricts")
                raise failure
            starts, run_values, sizes = c.runs[group]
            image = set()
            for r in ports:
                k = bisect_right(starts, r.lo) - 1
                while k < len(starts) and starts[k] <= r.hi:
                    image.add(run_values[k])
                    k += 1
            if sum(sizes[v] for v in image) != sum(r.hi - r.lo + 1 for r in ports):
                failure = cache[key] = NotApplicable(
                    "a port class straddles the edge of a rule's port range",
                    ((group, {side: _straddle(c.values[group], ports, image)}),))
                raise failure
            found = cache[key] = (c, frozenset(image))
        return found

    return image_of


def _restricted_ports(rule: Rule):
    """(side, ports) a rule restricts; None when it restricts ports of a protocol without them."""
    restricted = []
    for side, ports in (("src", rule.src_ports), ("dst", rule.dst_ports)):
        if ports is None or (len(ports) == 1 and ports[0].lo == 0 and ports[0].hi == PORT_SPACE - 1):
            continue
        if rule.ip_proto not in PORT_PROTOCOLS:
            return None
        restricted.append((side, ports))
    return restricted


def metadata_split(classifiers: list[Classifier]) -> tuple[int, ...]:
    """The metadata coordinates of the ACL table's products: each table's class bits, the rest."""
    parts = tuple(c.mask for c in classifiers if c.mask)
    used = 0
    for mask in parts:
        used |= mask
    rest = METADATA_FULL & ~used
    return parts + ((rest,) if rest else ())


def _universes(classifiers: list[Classifier]) -> Callable[[dict], dict | None]:
    """For the product of a rule of one (eth_type, ip_proto) group: per metadata coordinate,
    every value a packet of that group can carry into the ACL table (what each table writes
    for the group; 0 on bits no table writes). With the group's header, a product that
    contains the group's part of ``_reach``. None for a rule of several groups."""
    split = metadata_split(classifiers)
    cache: dict = {}

    def universe_of(box: dict) -> dict | None:
        eth, proto = box.get("eth_type"), box.get("ip_proto")
        if eth is None or proto is None or len(eth) != 1 or len(proto) != 1:
            return None
        group = (eth[0][0], proto[0][0])
        found = cache.get(group)
        if found is None:
            found = {}
            for c in classifiers:
                if c.mask:
                    values = c.runs[group][2].keys() if group in c.runs else (c.other,)
                    found[("metadata", c.mask)] = frozenset(values)
            for part in split:
                found.setdefault(("metadata", part), frozenset((0,)))
            cache[group] = found
        return found

    return universe_of


def _classified_boxes(classifiers: list[Classifier], image_of) -> Callable[[Rule], dict | None]:
    """``r'`` of a rule as a product (:mod:`.products`) over the coordinates of
    :func:`metadata_split`; None where ``r'`` is not one product (a rule of both IP
    families with ports) or step 2 fails (the BDD path then reports it)."""
    cubes_of: dict = {}

    def class_cubes(c: Classifier, image: frozenset) -> tuple:
        key = (c.mask, image)
        found = cubes_of.get(key)
        if found is None:
            ids = sorted(v >> c.offset for v in image)
            runs = []
            for value in ids:
                if runs and runs[-1][1] == value - 1:
                    runs[-1][1] = value
                else:
                    runs.append([value, value])
            found = cubes_of[key] = tuple(
                (value << c.offset, (((1 << length) - 1) << (c.width - length)) << c.offset)
                for lo, hi in runs for value, length in range_to_prefixes(lo, hi, c.width))
        return found

    def box_of(rule: Rule):
        restricted = _restricted_ports(rule)
        if restricted is None:
            return None
        box = rule_box(rule, ports=False)
        if box is None or not restricted:
            return box
        if rule.eth_type is None:
            return None
        group = (rule.eth_type, rule.ip_proto)
        for side, ports in restricted:
            try:
                c, image = image_of(group, side, ports)
            except NotApplicable:
                return None
            if c.mask:
                cubes = class_cubes(c, image)
                if not cubes:
                    return None
                box[("metadata", c.mask)] = cubes
        return box

    return box_of


def _classified_matches(space: Space, classifiers: list[Classifier], failures: list,
                        image_of=None) -> Callable[[Rule], object]:
    """``r'`` of each rule (module doc, step 2); None where step 2 fails, the failure kept in ``failures``."""
    image_of = image_of or _images(classifiers)
    sets: dict = {}

    def classes_of(group, side, ports) -> object:
        c, image = image_of(group, side, ports)
        found = sets.get((c.mask, image))
        if found is None:
            found = sets[(c.mask, image)] = _value_set(space, c, image)
        return found

    def match_of(rule: Rule):
        restricted = _restricted_ports(rule)
        if restricted is None:
            return None
        plain = rule_match(space, replace(rule, src_ports=None, dst_ports=None))
        if not restricted:
            return plain
        families = (rule.eth_type,) if rule.eth_type is not None else IP_TYPES
        per_group = []
        try:
            for eth in families:
                group = (eth, rule.ip_proto)
                region = space.eq("eth_type", eth)
                for side, ports in restricted:
                    region = region & classes_of(group, side, ports)
                per_group.append(region)
        except NotApplicable as failure:
            # Pin the rule's other port side inside its range, so the region meets the rule.
            hints = []
            for group, pinned in failure.hints:
                pinned = dict(pinned)
                for side, ports in restricted:
                    pinned.setdefault(side, (ports[0].lo,))
                hints.append((group, pinned))
            failures.append(NotApplicable(str(failure), tuple(hints)))
            return None
        return plain & disjunction(space, per_group)

    return match_of


def _straddle(values: list[int], ports, image: set, limit: int = 4) -> tuple[int, ...]:
    """A few ports outside ``ports`` whose class lies in ``image``, and for each one inside
    ``ports`` of that class: packets that the ACL tells apart and the classes cannot."""
    inside = [False] * PORT_SPACE
    for r in ports:
        for port in range(r.lo, r.hi + 1):
            inside[port] = True
    first_inside: dict[int, int] = {}
    for port in range(PORT_SPACE):
        if inside[port]:
            first_inside.setdefault(values[port], port)
    out: list[int] = []
    for port in range(PORT_SPACE):
        if not inside[port] and values[port] in image:
            out += [port, first_inside[values[port]]]
            if len(out) >= 2 * limit:
                break
    return tuple(sorted(set(out)))
