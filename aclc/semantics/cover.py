"""Rules as boxes: exact answers about unions of rules without BDDs, with a work cap.

Most rules restrict each field to one interval (a prefix is an interval of addresses, a port
range is one): the packets they match are a box, the product of one interval per field.
Over such rules the questions lint asks have exact answers by box subtraction:

- :func:`pick` the packet :func:`.witness.pick_packet` picks from a box minus a union of boxes
  (None when the union covers the box: the rule never matches). The BDD walk takes the lowest
  branch that is not false, fields in variable order, most significant bit first: that is the
  lexicographic minimum of the field values, which a best-first search over the pieces left
  of the box finds.
- :func:`decided_alike` whether every packet of a box minus earlier boxes is first matched, among
  later boxes, by one that decides alike (or by none, when the default decides alike).

A search that needs more than its budget of steps raises :class:`GaveUp`: the caller asks the
BDDs instead. Rules these boxes do not model (connection state, TCP flags, a protocol without
an ethertype, several prefixes or ranges in one field) have no box (:func:`box_of` is None).

Boxes are tuples of (lo, hi) per field in the BDD variable order: eth_type, ip_proto, in_port,
dst_port, src_port, icmp_type, icmp_code, src, dst (metadata, ct_state and tcp_flags are never
restricted by a box and are 0 in every pick). Addresses of IPv4 and ARP use the low 32 bits
of their field (the high bits are never looked at, and 0 in every pick), so the address
intervals of a box with an ethertype are over that family's width.
"""

from __future__ import annotations

from heapq import heappop, heappush

from ..errors import AclcError
from ..policy import ADDRESS_WIDTH, ETH_IPV4, ETH_IPV6, Rule

DIMS = ("eth_type", "ip_proto", "in_port", "dst_port", "src_port", "icmp_type", "icmp_code", "src", "dst")
_BITS = (16, 8, 32, 16, 16, 8, 8, 128, 128)
_FULL = tuple((0, (1 << bits) - 1) for bits in _BITS)
_IN_PORT = DIMS.index("in_port")
Box = tuple  # tuple[tuple[int, int], ...], one pair per DIMS entry


class GaveUp(Exception):
    """The search needed more steps than its budget."""


def box_of(rule: Rule) -> Box | None:
    """The packets ``rule`` matches as a box, or None when they are not one the boxes model."""
    if rule.ct_state is not None or rule.tcp_flags is not None:
        return None
    if rule.eth_type is None and rule.ip_proto is not None:
        return None  # the protocol is guarded by "is IP": two ethertypes
    if rule.ip_proto is None and (rule.src_ports is not None or rule.dst_ports is not None):
        raise AclcError("a rule with ports has no protocol", pos=rule.origin)
    width = ADDRESS_WIDTH.get(rule.eth_type) if rule.eth_type is not None else None
    if width is None and (rule.src is not None or rule.dst is not None):
        raise AclcError("a rule with addresses has no address family", pos=rule.origin)
    fields = list(_FULL)

    def one(d: int, value) -> None:
        if value is not None:
            fields[d] = (value, value)

    one(0, rule.eth_type)
    one(1, rule.ip_proto)
    one(5, rule.icmp_type)
    one(6, rule.icmp_code)
    for d, many in ((2, rule.in_ports), (3, rule.dst_ports), (4, rule.src_ports), (7, rule.src), (8, rule.dst)):
        if many is None:
            continue
        if len(many) != 1:
            return None
        item = many[0]
        if d == 2:
            fields[d] = (item, item)
        elif d < 7:
            fields[d] = (item.lo, item.hi)
        else:
            fields[d] = (item.value, item.value | ((1 << (width - item.length)) - 1))
    if width is not None:  # addresses over the family's width
        top = (1 << width) - 1
        for d in (7, 8):
            if fields[d] == _FULL[d]:
                fields[d] = (0, top)
    return tuple(fields)


def meets(a: Box, b: Box) -> bool:
    for (alo, ahi), (blo, bhi) in zip(a, b):
        if alo > bhi or blo > ahi:
            return False
    return True


def contains(a: Box, b: Box) -> bool:
    """Whether box ``a`` holds box ``b``."""
    for (alo, ahi), (blo, bhi) in zip(a, b):
        if blo < alo or bhi > ahi:
            return False
    return True


def intersect(a: Box, b: Box) -> Box | None:
    out = []
    for (alo, ahi), (blo, bhi) in zip(a, b):
        lo, hi = max(alo, blo), min(ahi, bhi)
        if lo > hi:
            return None
        out.append((lo, hi))
    return tuple(out)


def outside(piece: Box, cut: Box) -> list[Box]:
    """Disjoint boxes whose union is ``piece`` minus ``cut`` (which meets it)."""
    out = []
    current = list(piece)
    for d, ((lo, hi), (clo, chi)) in enumerate(zip(piece, cut)):
        if lo < clo:
            part = current.copy()
            part[d] = (lo, clo - 1)
            out.append(tuple(part))
            lo = clo
        if hi > chi:
            part = current.copy()
            part[d] = (chi + 1, hi)
            out.append(tuple(part))
            hi = chi
        current[d] = (lo, hi)
    return out


def lowest(box: Box, cuts: list[Box], budget: int) -> tuple[int, ...] | None:
    """The lexicographically least point of ``box`` minus the union of ``cuts`` (None if empty).

    Best first: the pieces are disjoint and each holds its corner of low values, so when no
    cut holds the least corner of all pieces, that corner is the answer. Otherwise the piece is
    split around the first cut holding its corner, each part keeping the cuts that meet it."""
    cuts = [c for c in cuts if meets(c, box)]
    heap = [(tuple(lo for lo, _ in box), 0, box, cuts)]
    steps = made = 0
    while heap:
        corner, _, piece, cuts = heappop(heap)
        steps += 1
        for cut in cuts:
            if _holds(cut, corner):
                break
        else:
            return corner
        if not contains(cut, piece):
            for part in outside(piece, cut):
                kept = [c for c in cuts if c is not cut and meets(c, part)]
                made += 1
                steps += 1 + len(cuts) // 64
                heappush(heap, (tuple(lo for lo, _ in part), made, part, kept))
        if steps > budget:
            raise GaveUp
    return None


def _holds(box: Box, point: tuple[int, ...]) -> bool:
    for (lo, hi), v in zip(box, point):
        if v < lo or v > hi:
            return False
    return True


def pick(box: Box, cuts: list[Box], budget: int) -> dict[str, int] | None:
    """Field values of the packet :func:`.witness.pick_packet` picks from ``box`` minus the union
    of ``cuts``: IPv4, then IP, then any frame (a box has one ethertype or all of them), in_port 1
    when the region has a packet there, then the least values. None when the region is empty."""
    cuts = [c for c in cuts if meets(c, box)]
    found = None
    for eth in (ETH_IPV4, ETH_IPV6, None):  # the preferences of pick_packet, in its order
        narrowed = box if eth is None else intersect(box, _with(_FULL, 0, eth))
        if narrowed is None:
            continue
        port_one = intersect(narrowed, _with(_FULL, _IN_PORT, 1))
        if port_one is not None:
            found = lowest(port_one, cuts, budget)
        if found is None:
            found = lowest(narrowed, cuts, budget)
        if found is not None or eth is None:
            break
        # An ethertype the box holds but the cuts cover: an IPv6 or any frame may still be left.
    if found is None:
        return None
    values = dict(zip(DIMS, found))
    values.update(metadata=0, ct_state=0, tcp_flags=0)
    return values


def _with(box: Box, d: int, value: int) -> Box:
    out = list(box)
    out[d] = (value, value)
    return tuple(out)


def decided_alike(box: Box, earlier: list[Box], later: list[tuple[Box, bool]], default_alike: bool,
                  budget: int) -> bool:
    """Whether every packet of ``box`` that no ``earlier`` box holds is decided alike: the first
    ``later`` box holding it has True beside it, or none holds it and ``default_alike``.

    Depth first over the pieces of the region: a piece meeting a later box that decides
    differently answers False at once."""
    cuts = [(c, None) for c in earlier if meets(c, box)]
    cuts += [(c, alike) for c, alike in later if meets(c, box)]
    if all(alike for _, alike in cuts) and default_alike:
        return True  # every packet of the box is decided alike, whichever rule takes it
    try:
        return _alike_by_pieces(box, cuts, default_alike, budget)
    except GaveUp:
        pass
    # Many earlier boxes break the region into too many pieces: first the parts of the box that
    # later boxes (or the default) decide differently, then whether earlier boxes cover them.
    differ = _differing_parts(box, [c for c in cuts if c[1] is not None], default_alike, budget)
    earlier = [c for c, alike in cuts if alike is None]
    return all(lowest(part, earlier, budget) is None for part in differ)


def _differing_parts(box: Box, later: list[tuple[Box, bool]], default_alike: bool, budget: int) -> list[Box]:
    """Disjoint boxes holding the packets of ``box`` whose first later box (or the default)
    does not decide alike."""
    out = []
    stack = [(box, later)]
    steps = 0
    while stack:
        piece, cuts = stack.pop()
        steps += 1
        if not cuts:
            if not default_alike:
                out.append(piece)
            continue
        (cut, alike), rest = cuts[0], cuts[1:]
        if not alike:
            out.append(intersect(piece, cut))
        if not contains(cut, piece):
            for part in outside(piece, cut):
                stack.append((part, [c for c in rest if meets(c[0], part)]))
                steps += 1
        if steps > budget:
            raise GaveUp
    return out


def _alike_by_pieces(box: Box, cuts: list, default_alike: bool, budget: int) -> bool:
    stack = [(box, cuts)]
    steps = 0
    while stack:
        piece, cuts = stack.pop()
        steps += 1
        if not cuts:
            if not default_alike:
                return False
            continue
        (cut, alike), rest = cuts[0], cuts[1:]
        if alike is False:
            return False
        if not contains(cut, piece):
            for part in outside(piece, cut):
                # only the cuts meeting the part are passed on: a small part scans a short list
                kept = [c for c in rest if meets(c[0], part)]
                steps += 1 + len(rest) // 64
                stack.append((part, kept))
        if steps > budget:
            raise GaveUp
    return True
