"""Rules and flows as products of masked cubes: exact cover checked with integers.

Both a rule's match (:func:`.policy.rule_match`) and a flow's match
(:func:`.pipeline.flow_match`) are, in the BDD space, conjunctions of
constraints on separate fields, i.e. *products*: one value set per
coordinate (a BDD field, or a group of its bits). Here each set is a tuple of
pairwise disjoint masked cubes ``(value, mask)`` over the coordinate's bits;
a coordinate left out is unconstrained. This module computes those products
without building BDDs, and proves with counting that a rule's flows cover
exactly the rule:

    the flows' components (the set of rows) form the full grid F_1 x ... x F_n
    (their number is the product of the column sizes), and per coordinate the
    cubes of F_k are pairwise disjoint, each inside the rule's set R_k, and
    their sizes add up to |R_k|.

Then the union of the flows is F_1 x ... x F_n with each union of F_k equal to
R_k, i.e. the rule's product. Every step is sufficient, not necessary: any
other shape answers "not shown" and the caller uses BDDs. Products that meet
are found the same way (they meet iff every coordinate's sets meet).

Whatever is not modelled exactly here (masked eth_type or ip_proto, a flow
that matches nothing, a field the model lacks) gives no product, so the BDD
path decides, and reports, as before.
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter, itemgetter

from ..pipeline import FIELD_WIDTH, FlowEntry
from ..policy import ADDRESS_WIDTH, ETH_ARP, ETH_IPV4, ETH_IPV6, PROTO_ICMP, PROTO_ICMPV6, Rule
from ..ranges import range_to_prefixes
from .encoding import WIDTH

FULL = {name: (1 << width) - 1 for name, width in WIDTH.items()}
IP_TYPES = frozenset((ETH_IPV4, ETH_IPV6))
# Cubes per coordinate beyond which disjointness is not checked pair by pair.
PAIRWISE_LIMIT = 64

# OXM field -> (BDD field, eth_type values its guard allows or None, ip_proto values or None);
# mirrors the guards of :mod:`.pipeline`.
_GUARDS = {
    None: (None, None),
    "ip": (IP_TYPES, None),
    "ipv4": (frozenset((ETH_IPV4,)), None),
    "ipv6": (frozenset((ETH_IPV6,)), None),
    "arp": (frozenset((ETH_ARP,)), None),
    "icmp4": (frozenset((ETH_IPV4,)), frozenset((PROTO_ICMP,))),
    "icmp6": (frozenset((ETH_IPV6,)), frozenset((PROTO_ICMPV6,))),
}


def _field_model():
    from .pipeline import _FIELD_MODEL

    out = {}
    for oxm, (name, _, guard) in _FIELD_MODEL.items():
        eths, protos = _GUARDS[guard] if guard in _GUARDS else (IP_TYPES, frozenset((guard,)))
        out[oxm] = (name, eths, protos)
    return out


_MODEL = _field_model()


def coord_mask(key) -> int:
    """The bits of a coordinate: a field name, or (field, mask) for part of a field."""
    return FULL[key] if isinstance(key, str) else key[1]


def cube_size(cube: tuple[int, int], cmask: int) -> int:
    return 1 << (cmask.bit_count() - cube[1].bit_count())


# ------------------------------------------------------------------ rules


@lru_cache(maxsize=1 << 16)  # rules share address sets; the result is an immutable tuple
def _prefix_cubes(prefixes, width: int):
    cubes = []
    for p in prefixes:
        if not 0 <= p.length <= width:
            return None
        mask = ((1 << p.length) - 1) << (width - p.length)
        cubes.append((p.value & mask, mask))
    cubes.sort()
    span = (1 << width) - 1
    for (v1, m1), (v2, _) in zip(cubes, cubes[1:]):  # disjoint, so sizes add up
        if v1 | (span & ~m1) >= v2:
            return None
    return tuple(cubes)


@lru_cache(maxsize=1 << 16)  # rules share port sets; the result is an immutable tuple
def range_cubes(ranges, width: int = 16):
    """Disjoint prefix cubes of a canonical range set; None when not canonical or empty."""
    cubes = []
    last = -1
    for r in ranges:
        if not last < r.lo <= r.hi < (1 << width):
            return None
        last = r.hi
        for value, length in range_to_prefixes(r.lo, r.hi, width):
            cubes.append((value, ((1 << length) - 1) << (width - length)))
    return tuple(cubes) or None


def rule_box(rule: Rule, ports: bool = True) -> dict | None:
    """``rule_match(rule)`` as a product (coordinate -> cubes), or None when not modelled here.

    ``ports=False``: the rule with its port sets left out.
    """
    box = {}
    if rule.eth_type is not None:
        if not 0 <= rule.eth_type <= 0xFFFF:
            return None
        box["eth_type"] = ((rule.eth_type, 0xFFFF),)
    elif rule.ip_proto is not None:
        box["eth_type"] = ((ETH_IPV4, 0xFFFF), (ETH_IPV6, 0xFFFF))
    for name, value in (("ip_proto", rule.ip_proto), ("icmp_type", rule.icmp_type), ("icmp_code", rule.icmp_code)):
        if value is not None:
            if not 0 <= value <= FULL[name]:
                return None
            box[name] = ((value, FULL[name]),)
    if rule.in_ports is not None:
        in_ports = sorted(set(rule.in_ports))
        if not in_ports or not 0 <= in_ports[0] <= in_ports[-1] <= FULL["in_port"]:
            return None
        box["in_port"] = tuple((p, FULL["in_port"]) for p in in_ports)
    for name, ranges in (("src_port", rule.src_ports), ("dst_port", rule.dst_ports)):
        if ranges is not None and ports:
            if rule.ip_proto is None:
                return None
            cubes = range_cubes(ranges)
            if cubes is None:
                return None
            if cubes != ((0, 0),):
                box[name] = cubes
    for name, prefixes in (("src", rule.src), ("dst", rule.dst)):
        if prefixes is None:
            continue
        width = ADDRESS_WIDTH.get(rule.eth_type)
        if width is None or not prefixes:
            return None
        if len(prefixes) == 1:  # the usual case, read without the cache (most prefixes are distinct)
            p = prefixes[0]
            if not 0 <= p.length <= width:
                return None
            mask = ((1 << p.length) - 1) << (width - p.length)
            if mask:
                box[name] = ((p.value & mask, mask),)
            continue
        cubes = _prefix_cubes(prefixes, width)
        if cubes is None:
            return None
        if cubes != ((0, 0),):
            box[name] = cubes
    return box


# OXM address field -> (BDD field, its bits)
_ADDRESS_OXM = {oxm: (name, (1 << FIELD_WIDTH[oxm]) - 1)
                for oxm, (name, _, _) in _MODEL.items() if name in ("src", "dst")}
_FIELDS = attrgetter("field")
_VALUES = attrgetter("value")
_MASKS = attrgetter("mask")
# the field names of a match -> (the coordinates its address matches name, sorted; their
# (position, bits) in that order; a function picking the other positions of a tuple)
_SPLITS: dict = {}
_SIDES = {(True, False): ("src",), (False, True): ("dst",), (True, True): ("dst", "src")}


def _split(names: tuple):
    found = _SPLITS.get(names)
    if found is None:
        addresses = sorted((_ADDRESS_OXM[oxm][0], pos, _ADDRESS_OXM[oxm][1])
                           for pos, oxm in enumerate(names) if oxm in _ADDRESS_OXM)
        rest = [pos for pos, oxm in enumerate(names) if oxm not in _ADDRESS_OXM]
        pick = itemgetter(*rest) if len(rest) > 1 else (lambda t, p=rest[0]: (t[p],)) if rest else (lambda t: ())
        found = _SPLITS[names] = (tuple(a[0] for a in addresses), tuple(a[1:] for a in addresses), pick)
    return found


def _address_cube(prefixes, width) -> tuple | None:
    """The one cube of a rule side's prefixes, or None when it is not one non-empty cube."""
    if len(prefixes) != 1 or width is None:
        return None
    p = prefixes[0]
    if not 0 < p.length <= width:
        return None
    mask = ((1 << p.length) - 1) << (width - p.length)
    return (p.value & mask, mask)


def cover_key(rule: Rule, matches) -> tuple | None:
    """A key for "the flow ``matches`` cover ``rule`` exactly" that leaves the addresses out.

    A rule side with one non-empty address prefix is one cube S on that coordinate. When
    every flow matches that side once, with exactly S, the flows are S x G x R_f (G: the
    guard of the OXM field named, R_f: the flow's other fields) and the rule S x R, so
    they cover it exactly iff G & (union of R_f) == R, whatever S is. The key holds all a
    rule's product depends on but such addresses (its other fields), and per flow the
    field names and every other match by value: rules with equal keys are covered or not
    alike (for any product of the rule read as :func:`rule_box` reads addresses). None
    where the addresses do not split off so (then no key): a rule side with several
    prefixes, or a flow that does not match exactly the rule's addresses, and nothing else.
    """
    src, dst = rule.src, rule.dst
    if src is None and dst is None:
        return None
    width = ADDRESS_WIDTH.get(rule.eth_type)
    want = []
    if dst is not None:
        cube = _address_cube(dst, width)
        if cube is None:
            return None
        want.append(cube)
    if src is not None:
        cube = _address_cube(src, width)
        if cube is None:
            return None
        want.append(cube)
    sides = _SIDES[(src is not None, dst is not None)]
    parts = [rule.eth_type, rule.ip_proto, rule.src_ports, rule.dst_ports, rule.icmp_type,
             rule.icmp_code, rule.in_ports, rule.ct_state, rule.tcp_flags, sides]
    for match in matches:
        names = tuple(map(_FIELDS, match))
        named, addresses, pick = _SPLITS.get(names) or _split(names)
        if named != sides:  # each side once, no address field the rule leaves free
            return None
        values = tuple(map(_VALUES, match))
        masks = tuple(map(_MASKS, match))
        for (pos, full), cube in zip(addresses, want):
            mask = masks[pos]
            if (values[pos], full if mask is None else mask & full) != cube:
                return None
        parts.append((names, pick(values), pick(masks)))
    return tuple(parts)


# ------------------------------------------------------------------ flows


class FlowBoxes:
    """Flow matches as products, with the per-field work cached across flows."""

    def __init__(self, metadata_split: tuple[int, ...] = ()) -> None:
        # metadata_split: disjoint masks covering the metadata bits flows may be read by,
        # each a coordinate of its own (the class ids of a multi-table pipeline).
        self.metadata_split = metadata_split
        # id(FieldMatch) -> its contribution. Tables share FieldMatch objects widely, and an
        # id costs less than hashing the match; ``_alive`` keeps every keyed object alive,
        # so no id is reused while this reader exists.
        self._by_id: dict = {}
        self._alive: list = []
        self._fields: dict = {}  # (field, value, mask) -> contribution
        self._shapes: dict = {}  # (field, mask) -> (BDD field, mask, eth_types, ip_protos), or () when not plain

    def _field(self, fm):
        """What one OXM match contributes: (BDD field or None, its cubes, eth_type values, ip_proto values).

        A masked value of one BDD field (addresses, ports: mostly distinct per flow) is built
        from its (field, mask) shape, kept once; the rest (eth_type, ip_proto, matches on no
        bits or on fields the model lacks) is cached by value and by object.
        """
        shape_key = (fm.field, fm.mask)
        shape = self._shapes.get(shape_key)
        if shape is None:
            shape = self._shapes[shape_key] = _shape(shape_key)
        if shape:
            name, m, eths, protos = shape
            value = fm.value
            if value & ~m:
                return False  # matches nothing: left to the BDD model
            return (name, ((value, m),), eths, protos)
        self._alive.append(fm)
        key = (fm.field, fm.value, fm.mask)
        found = self._fields.get(key)
        if found is None:
            found = self._fields[key] = _contribution(key)
        self._by_id[id(fm)] = found
        return found

    def box(self, flow: FlowEntry) -> dict | None:
        """``flow_match(flow)`` as a product, or None when not modelled here (or empty)."""
        return self.match_box(flow.match)

    def match_box(self, match) -> dict | None:
        """The product of one flow match (a tuple of FieldMatch), or None."""
        box = {}
        eths = protos = None
        by_id = self._by_id
        for fm in match:
            found = by_id.get(id(fm))
            if found is None:
                found = self._field(fm)
            if found is False:
                return None
            name, cubes, e, p = found
            if e is not None and e is not eths:
                eths = e if eths is None else eths & e
            if p is not None and p is not protos:
                protos = p if protos is None else protos & p
            if name is not None:
                old = box.get(name)
                if old is not None:
                    (v1, m1), = old
                    (v2, m2), = cubes
                    if (v1 ^ v2) & m1 & m2:
                        return None
                    cubes = ((v1 | v2, m1 | m2),)
                box[name] = cubes
        return self._finish(box, eths, protos)

    def _finish(self, box: dict, eths, protos) -> dict | None:
        if eths is not None:
            if not eths:
                return None
            box["eth_type"] = _value_cubes(eths, 0xFFFF)
        if protos is not None:
            if not protos:
                return None
            box["ip_proto"] = _value_cubes(protos, 0xFF)
        if self.metadata_split and "metadata" in box:
            cubes = box.pop("metadata")
            split = self.metadata_split
            if len(cubes) == 1:
                (value, mask), = cubes
                if mask & ~_union(split):
                    return None
                for part in split:
                    if mask & part:
                        box[("metadata", part)] = ((value & part, mask & part),)
                return box
            # Several cubes (a union of flows): each is the product of its parts, so the
            # union is a product when the parts form a grid, as in grid_box.
            rows = set()
            for value, mask in cubes:
                if mask & ~_union(split):
                    return None
                rows.add(tuple((value & part, mask & part) for part in split))
            columns = [dict.fromkeys(column) for column in zip(*rows)]
            grid = 1
            for column in columns:
                grid *= len(column)
            if grid != len(rows):
                return None
            for part, column in zip(split, columns):
                if len(column) > 1 or next(iter(column))[1]:
                    box[("metadata", part)] = tuple(column)
        return box

    def grid_box(self, matches) -> dict | None:
        """The union of several flow matches as one product, when they form a grid; else None.

        Position by position (the k-th FieldMatch of every match), the matches must name
        one OXM field, and the rows must be every combination of the positions' distinct
        FieldMatches (their number is the product of the column sizes). A FieldMatch is
        a set S(fm) of packets, so by distributivity the union of the rows, the union over
        C_1 x ... x C_n of S(c_1) & ... & S(c_n), is (U S(C_1)) & ... & (U S(C_n)). Each
        U S(C_k) is a product when its FieldMatches' products differ in one coordinate at
        most (:func:`_column_union`; one OXM field has one guard, so only its own value
        varies), and products intersect coordinate by coordinate. Columns and rows are
        told apart by object identity: equal matches that are distinct objects only make
        the counts disagree (then None, never a wrong product).
        """
        if len(matches) == 1:
            return self.match_box(matches[0])
        width = len(matches[0])
        for m in matches:
            if len(m) != width:
                return None
        columns = list(zip(*matches))
        ids = [list(map(id, column)) for column in columns]
        rows = len(set(zip(*ids)))
        distinct = [dict(zip(i, column)) for i, column in zip(ids, columns)]
        grid = 1
        for column in distinct:
            grid *= len(column)
        if grid != rows:
            return None
        by_id = self._by_id
        box = {}
        eths = protos = None
        for column in distinct:
            parts = []
            for key, fm in column.items():
                found = by_id.get(key)
                if found is None:
                    found = self._field(fm)
                if found is False:
                    return None
                parts.append(found)
            if len(parts) == 1:
                name, cubes, e, p = parts[0]
            else:
                name, cubes, e, p = _column_union(parts)
                if name is False:
                    return None
            if e is not None and e is not eths:
                eths = e if eths is None else eths & e
            if p is not None and p is not protos:
                protos = p if protos is None else protos & p
            if name is not None:
                if name in box:  # two fields on one coordinate: left to the per-flow reading
                    return None
                box[name] = cubes
        return self._finish(box, eths, protos)


def _column_union(parts):
    """The union of one column's contributions as one contribution; name False when it is no product.

    A contribution is a product over eth_type, ip_proto and its own coordinate. Products
    that differ in one coordinate at most unite into the product with that coordinate's
    sets joined; any other column is refused.
    """
    names = {part[0] for part in parts}
    if len(names) != 1:
        return False, None, None, None
    cube_sets = {part[1] for part in parts}
    eth_sets = {part[2] for part in parts}
    proto_sets = {part[3] for part in parts}
    varying = (len(cube_sets) > 1) + (len(eth_sets) > 1) + (len(proto_sets) > 1)
    if varying == 0:
        return parts[0]
    if varying > 1:
        return False, None, None, None
    name, cubes, e, p = parts[0]
    if len(cube_sets) > 1:
        return name, tuple(dict.fromkeys(c for part in parts for c in part[1])), e, p
    if len(eth_sets) > 1:
        if None in eth_sets:
            return False, None, None, None
        return name, cubes, frozenset().union(*eth_sets), p
    if None in proto_sets:
        return False, None, None, None
    return name, cubes, e, frozenset().union(*proto_sets)


def _shape(key):
    """(BDD field, bits, eth_type values, ip_proto values) of an OXM (field, mask) that matches
    some bits of one BDD field other than eth_type and ip_proto; () for any other match."""
    oxm, mask = key
    model = _MODEL.get(oxm)
    if model is None:
        return ()
    name, eths, protos = model
    if name == "eth_type" or name == "ip_proto":
        return ()
    full = (1 << FIELD_WIDTH[oxm]) - 1
    m = full if mask is None else mask & full
    if not m:
        return ()
    return (name, m, eths, protos)


def _contribution(key):
    """What one OXM match (field, value, mask) contributes: (BDD field or None, its cubes,
    eth_type values or None, ip_proto values or None), or False when not modelled here."""
    oxm, value, mask = key
    model = _MODEL.get(oxm)
    if model is None:
        return False
    name, eths, protos = model
    full = (1 << FIELD_WIDTH[oxm]) - 1
    m = full if mask is None else mask & full
    if value & ~m:
        return False  # matches nothing: left to the BDD model
    if name == "eth_type" or name == "ip_proto":
        if m != full:
            return False
        if name == "eth_type":
            eths = eths & {value} if eths is not None else frozenset((value,))
        else:
            protos = protos & {value} if protos is not None else frozenset((value,))
        return (None, None, eths, protos)
    if not m:
        return (None, None, eths, protos)
    return (name, ((value, m),), eths, protos)


_VALUE_CUBES: dict = {}


def _value_cubes(values: frozenset, mask: int) -> tuple:
    found = _VALUE_CUBES.get((values, mask))
    if found is None:
        found = _VALUE_CUBES[(values, mask)] = tuple(sorted((v, mask) for v in values))
    return found


def _union(masks) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


# ------------------------------------------------------------------ checks


def _inside(cube, cubes) -> bool:
    v, m = cube
    for rv, rm in cubes:
        if not rm & ~m and not (v ^ rv) & rm:
            return True
    return False


def _disjoint(cubes, cmask: int) -> bool:
    if len(cubes) <= PAIRWISE_LIMIT:
        for k, (v1, m1) in enumerate(cubes):
            for v2, m2 in cubes[k + 1:]:
                if not (v1 ^ v2) & m1 & m2:
                    return False
        return True
    # Many cubes: fine only when each is a prefix of the coordinate (then an interval).
    intervals = []
    for v, m in cubes:
        low = cmask & ~m
        if low & (low + 1) or m | low != cmask:
            return False
        intervals.append((v, v | low))
    intervals.sort()
    return all(a[1] < b[0] for a, b in zip(intervals, intervals[1:]))


def covers_exactly(rule: dict, flows: list[dict], universe: dict | None = None) -> bool:
    """True when the union of the ``flows`` products is exactly the ``rule`` product.

    ``universe`` (coordinate -> the values packets can have there, e.g. the class ids
    a classification table writes for the rule's protocol) relaxes the check to
    "inside the universe" on those coordinates: there the values each side covers are
    compared one by one. The universe is a product too, so the unions then agree on
    every packet in it that has the rule's eth_type and ip_proto (both required to be
    single values that every flow matches exactly).
    """
    if len(flows) == 1 and flows[0] == rule:
        return True
    keys = set(rule)
    for f in flows:
        keys.update(f)
    keys = tuple(keys)
    everything = ((0, 0),)
    rows = {tuple(f.get(k, everything) for k in keys) for f in flows}
    columns = [set() for _ in keys]
    for row in rows:
        for column, component in zip(columns, row):
            column.add(component)
    grid = 1
    for column in columns:
        grid *= len(column)
    if grid != len(rows):
        return False
    relaxed = []
    for key, column in zip(keys, columns):
        want = rule.get(key, everything)
        cubes = [c for component in column for c in component]
        if len(cubes) == 1 and (cubes[0],) == want:
            continue
        if not _same_union(cubes, want, coord_mask(key)):
            values = universe.get(key) if universe else None
            if values is None or _values_in(tuple(cubes), values) != _values_in(want, values):
                return False
            relaxed.append(key)
    # A universe holds for the packets of the rule's eth_type and ip_proto only: the
    # flows must not reach beyond them where the comparison was relaxed.
    return not relaxed or all(key in rule and len(columns[keys.index(key)]) == 1
                              and next(iter(columns[keys.index(key)])) == rule[key]
                              for key in ("eth_type", "ip_proto"))


def _same_union(cubes, want, cmask: int) -> bool:
    """Union of ``cubes`` == union of ``want`` (disjoint cubes), shown by inclusion and counting."""
    total = 0
    for c in cubes:
        if not _inside(c, want):
            return False
        total += cube_size(c, cmask)
    return total == sum(cube_size(c, cmask) for c in want) and _disjoint(cubes, cmask)


@lru_cache(maxsize=1 << 12)  # rules of one protocol share class-id sets, flows share class ids
def _values_in(cubes: tuple, values: frozenset) -> frozenset:
    return frozenset(u for u in values if any(not (u ^ v) & m for v, m in cubes))


def meet(a: dict, b: dict) -> bool:
    """Whether two products share a packet (exact)."""
    for key, cubes in a.items():
        other = b.get(key)
        if other is None:
            continue
        if not any(not (v1 ^ v2) & m1 & m2 for v1, m1 in cubes for v2, m2 in other):
            return False
    return True


def box_bdd(space, box: dict):
    """The BDD of a product (for tests and for the regions of failed checks)."""
    from .encoding import disjunction, var_name

    result = space.true
    for key, cubes in box.items():
        name = key if isinstance(key, str) else key[0]
        parts = []
        for value, mask in cubes:
            assignment = {var_name(name, b): bool((value >> b) & 1) for b in range(mask.bit_length()) if (mask >> b) & 1}
            parts.append(space.bdd.cube(assignment) if assignment else space.true)
        result = result & disjunction(space, parts)
    return result
