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
BDDs instead. Rules these boxes do not model (TCP flags, a protocol or a connection state
without an ethertype, several prefixes or ranges in one field, connection states that are not
one interval of :data:`STATES`) have no box (:func:`box_of` is None).

Boxes are flat tuples (lo, hi, lo, hi, ...), one pair per field in the BDD variable order:
eth_type, ip_proto, in_port, dst_port, src_port, icmp_type, icmp_code, state, src, dst
(metadata and tcp_flags are never restricted by a box and are 0 in every pick). The state is
the connection state (:func:`aclc.policy.connection_state`) as an index of :data:`STATES`:
every question lint asks depends on the conntrack bits only through it, and the least bits of
each state come in that order, so the least point of a box is the BDD walk's least packet
(:func:`values_of`). Addresses of IPv4 and ARP use the low 32 bits
of their field (the high bits are never looked at, and 0 in every pick), so the address
intervals of a box with an ethertype are over that family's width.
"""

from __future__ import annotations

from dataclasses import replace
from heapq import heappop, heappush
from typing import Callable, Iterable

from ..errors import AclcError
from ..policy import ADDRESS_WIDTH, CT_EST, CT_NEW, CT_REL, ETH_IPV4, ETH_IPV6, Rule

DIMS = ("eth_type", "ip_proto", "in_port", "dst_port", "src_port", "icmp_type", "icmp_code", "state", "src", "dst")
_BITS = (16, 8, 32, 16, 16, 8, 8, 2, 128, 128)
# The connection states in the order of the least conntrack bits giving each (what a BDD walk
# takes first): invalid (no bit), new, established, related. A rule's states are one interval
# of this order or the rule is no box; a state is written back as those least bits.
STATES = ("invalid", "new", "established", "related")
_STATE_BITS = (0, CT_NEW, CT_EST, CT_REL)
_STATE_INDEX = {name: k for k, name in enumerate(STATES)}
_FULL = tuple(x for bits in _BITS for x in (0, (1 << bits) - 1))
_IN_PORT = DIMS.index("in_port")
_PAIRS = range(0, 2 * len(DIMS), 2)
Box = tuple  # tuple[int, ...]: lo, hi of each DIMS entry


class GaveUp(Exception):
    """The search needed more steps than its budget."""


def box_of(rule: Rule) -> Box | None:
    """The packets ``rule`` matches as a box, or None when they are not one the boxes model."""
    if rule.tcp_flags is not None:
        return None
    if rule.eth_type is None and (rule.ip_proto is not None or rule.ct_state is not None):
        return None  # the protocol or state is guarded by "is IP": two ethertypes
    if rule.ip_proto is None and (rule.src_ports is not None or rule.dst_ports is not None):
        raise AclcError("a rule with ports has no protocol", pos=rule.origin)
    width = ADDRESS_WIDTH.get(rule.eth_type) if rule.eth_type is not None else None
    if width is None and (rule.src is not None or rule.dst is not None):
        raise AclcError("a rule with addresses has no address family", pos=rule.origin)
    fields = list(_FULL)

    def one(d: int, lo, hi=None) -> None:
        if lo is not None:
            fields[2 * d], fields[2 * d + 1] = lo, lo if hi is None else hi

    one(0, rule.eth_type)
    one(1, rule.ip_proto)
    one(5, rule.icmp_type)
    one(6, rule.icmp_code)
    if rule.ct_state is not None:
        states = sorted(_STATE_INDEX[name] for name in set(rule.ct_state))
        if states[-1] - states[0] != len(states) - 1:
            return None  # not one interval of the states' order
        one(7, states[0], states[-1])
    for d, many in ((2, rule.in_ports), (3, rule.dst_ports), (4, rule.src_ports), (8, rule.src), (9, rule.dst)):
        if many is None:
            continue
        if len(many) != 1:
            return None
        item = many[0]
        if d == 2:
            one(d, item)
        elif d < 8:
            one(d, item.lo, item.hi)
        else:
            one(d, item.value, item.value | ((1 << (width - item.length)) - 1))
    if width is not None:  # addresses over the family's width
        top = (1 << width) - 1
        for d in (16, 18):
            if fields[d] == 0 and fields[d + 1] == _FULL[d + 1]:
                fields[d + 1] = top
    return tuple(fields)


def meets(a: Box, b: Box) -> bool:
    # Unrolled, the fields that tell boxes apart most often first.
    return (a[16] <= b[17] and b[16] <= a[17] and a[18] <= b[19] and b[18] <= a[19]
            and a[6] <= b[7] and b[6] <= a[7] and a[8] <= b[9] and b[8] <= a[9]
            and a[2] <= b[3] and b[2] <= a[3] and a[0] <= b[1] and b[0] <= a[1]
            and a[4] <= b[5] and b[4] <= a[5] and a[10] <= b[11] and b[10] <= a[11]
            and a[12] <= b[13] and b[12] <= a[13] and a[14] <= b[15] and b[14] <= a[15])


def contains(a: Box, b: Box) -> bool:
    """Whether box ``a`` holds box ``b``."""
    return (a[16] <= b[16] and b[17] <= a[17] and a[18] <= b[18] and b[19] <= a[19]
            and a[6] <= b[6] and b[7] <= a[7] and a[8] <= b[8] and b[9] <= a[9]
            and a[2] <= b[2] and b[3] <= a[3] and a[0] <= b[0] and b[1] <= a[1]
            and a[4] <= b[4] and b[5] <= a[5] and a[10] <= b[10] and b[11] <= a[11]
            and a[12] <= b[12] and b[13] <= a[13] and a[14] <= b[14] and b[15] <= a[15])


def lowest_held(box: Box, holder: Callable[[tuple], Box | None], budget: int) -> tuple[int, ...] | None:
    """:func:`lowest`, the cuts given by ``holder``: a cut holding a point, None when none does.

    No cut is kept per piece: a cut holding a piece's corner is not one the piece was cut out
    of, so every piece asks the same ``holder``."""
    return _lowest_held(box, holder, budget)[0]


def _lowest_held(box: Box, holder: Callable[[tuple], Box | None], budget: int) -> tuple[tuple[int, ...] | None, int]:
    """:func:`lowest_held`, and the steps it took."""
    heap = [(box[0::2], 0, box)]
    steps = made = 0
    while heap:
        corner, _, piece = heappop(heap)
        steps += 1
        cut = holder(corner)
        if cut is None:
            return corner, steps
        if not contains(cut, piece):
            for part in outside(piece, cut):
                made += 1
                heappush(heap, (part[0::2], made, part))
        if steps > budget:
            raise GaveUp
    return None, steps


def _holds(a: Box, p: tuple[int, ...]) -> bool:
    """Whether box ``a`` holds the point ``p`` (one value per field)."""
    return (a[16] <= p[8] <= a[17] and a[18] <= p[9] <= a[19] and a[6] <= p[3] <= a[7]
            and a[8] <= p[4] <= a[9] and a[2] <= p[1] <= a[3] and a[0] <= p[0] <= a[1]
            and a[4] <= p[2] <= a[5] and a[10] <= p[5] <= a[11] and a[12] <= p[6] <= a[13]
            and a[14] <= p[7] <= a[15])


def intersect(a: Box, b: Box) -> Box | None:
    out = []
    for d in _PAIRS:
        lo, hi = max(a[d], b[d]), min(a[d + 1], b[d + 1])
        if lo > hi:
            return None
        out += (lo, hi)
    return tuple(out)


def outside(piece: Box, cut: Box) -> list[Box]:
    """Disjoint boxes whose union is ``piece`` minus ``cut`` (which meets it)."""
    out = []
    current = list(piece)
    for d in _PAIRS:
        lo, hi, clo, chi = piece[d], piece[d + 1], cut[d], cut[d + 1]
        if lo < clo:
            part = current.copy()
            part[d + 1] = clo - 1
            out.append(tuple(part))
            current[d] = lo = clo
        if hi > chi:
            part = current.copy()
            part[d] = chi + 1
            out.append(tuple(part))
            current[d + 1] = chi
    return out


def lowest(box: Box, cuts: list[Box], budget: int) -> tuple[int, ...] | None:
    """The lexicographically least point of ``box`` minus the union of ``cuts`` (None if empty).

    Best first: the pieces are disjoint and each holds its corner of low values, so when no
    cut holds the least corner of all pieces, that corner is the answer. Otherwise the piece is
    split around the first cut holding its corner, each part keeping the cuts that meet it."""
    return _lowest(box, cuts, budget)[0]


def _lowest(box: Box, cuts: list[Box], budget: int) -> tuple[tuple[int, ...] | None, int]:
    """:func:`lowest`, and the steps it took."""
    cuts = [c for c in cuts if meets(c, box)]
    heap = [(box[0::2], 0, box, cuts)]
    steps = made = 0
    while heap:
        corner, _, piece, cuts = heappop(heap)
        steps += 1
        for cut in cuts:
            if _holds(cut, corner):
                break
        else:
            return corner, steps
        if not contains(cut, piece):
            for part in outside(piece, cut):
                kept = [c for c in cuts if c is not cut and meets(c, part)]
                made += 1
                steps += 1 + len(cuts) // 64
                heappush(heap, (part[0::2], made, part, kept))
        if steps > budget:
            raise GaveUp
    return None, steps


def pick(box: Box, cuts: list[Box], budget: int,
         holder: Callable[[tuple], Box | None] | None = None) -> dict[str, int] | None:
    """Field values of the packet :func:`.witness.pick_packet` picks from ``box`` minus the union
    of ``cuts``: IPv4, then IP, then any frame (a box has one ethertype or all of them), in_port 1
    when the region has a packet there, then the least values. None when the region is empty.
    ``holder`` (if given) names a cut holding a point, None when none does: then ``cuts`` is
    not read."""
    if holder is None:
        cuts = [c for c in cuts if meets(c, box)]
        return _least_packet([box], lambda b: lowest(b, cuts, budget))
    return _least_packet([box], lambda b: lowest_held(b, holder, budget))


def pick_pieces(pieces: list[Box], budget: int,
                holder: Callable[[tuple], Box | None] | None = None) -> dict[str, int] | None:
    """:func:`pick` from the union of ``pieces`` (a rule of several ranges or prefixes in one
    field) minus what ``holder`` holds."""
    if holder is None:
        return _least_packet(pieces, lambda b: lowest(b, [], budget))
    return _least_packet(pieces, lambda b: lowest_held(b, holder, budget))


def _least_packet(pieces: list[Box], search: Callable[[Box], tuple | None]) -> dict[str, int] | None:
    """The preferences of pick_packet, in its order: IPv4, then IPv6, then any frame; within
    one, in_port 1 when some piece has a packet there; then the least point ``search`` finds in
    any piece (the BDD walk takes the least packet of the union). None when there is none."""
    for eth in (ETH_IPV4, ETH_IPV6, None):
        narrowed = [n for n in (b if eth is None else intersect(b, _with(_FULL, 0, eth)) for b in pieces)
                    if n is not None]
        if not narrowed:
            continue
        ones = (intersect(n, _with(_FULL, _IN_PORT, 1)) for n in narrowed)
        points = [point for point in (search(one) for one in ones if one is not None) if point is not None]
        if not points:
            points = [point for point in map(search, narrowed) if point is not None]
        if points:
            return values_of(min(points))
        # An ethertype the pieces hold but the cuts cover: an IPv6 or any frame may still be left.
    return None


def boxes_of(rule: Rule, limit: int = 64) -> tuple[Box, ...] | None:
    """The packets ``rule`` matches as a union of boxes (one per combination of its ranges,
    prefixes, ports and intervals of states), or None when the boxes do not model them or more
    than ``limit`` would be needed."""
    box = box_of(rule)
    if box is not None:
        return (box,)
    if rule.tcp_flags is not None or (rule.eth_type is None and (rule.ip_proto is not None
                                                                 or rule.ct_state is not None)):
        return None
    options = {}
    for name in ("in_ports", "dst_ports", "src_ports", "src", "dst"):
        many = getattr(rule, name)
        if many is not None and len(many) > 1:
            options[name] = [(item,) for item in many]
    if rule.ct_state is not None:
        runs: list[list[int]] = []
        for k in sorted(_STATE_INDEX[name] for name in set(rule.ct_state)):
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        options["ct_state"] = [tuple(STATES[k] for k in run) for run in runs]
    count = 1
    for values in options.values():
        count *= len(values)
    if count > limit:
        return None
    pieces = [rule]
    for name, values in options.items():
        pieces = [replace(piece, **{name: value}) for piece in pieces for value in values]
    out = tuple(box_of(piece) for piece in pieces)
    return None if None in out else out


def values_of(point: tuple[int, ...]) -> dict[str, int]:
    """The packet field values of a point (what :func:`.witness.packet_from_values` reads): the
    state as its least conntrack bits, the fields no box restricts 0."""
    values = dict(zip(DIMS, point))
    values.update(metadata=0, ct_state=_STATE_BITS[values.pop("state")], tcp_flags=0)
    return values


def _with(box: Box, d: int, value: int) -> Box:
    out = list(box)
    out[2 * d] = out[2 * d + 1] = value
    return tuple(out)


def decided_alike(box: Box, earlier: Callable[[], list[Box]], later: Iterable[tuple[Box, bool]],
                  default_alike: bool, budget: int, holder: Callable[[tuple], Box | None] | None = None) -> bool:
    """Whether every packet of ``box`` that no earlier box holds is decided alike: the first
    ``later`` box holding it has True beside it, or none holds it and ``default_alike``.

    Most often few later boxes meet the box and many earlier ones do: the parts decided
    differently are found first (the later boxes are read only as far as needed), then looked
    for in the earlier boxes: ``earlier()`` lists them, ``holder(point)`` (if given) names one
    holding a point, None when none does."""
    later = _Lazy(later)
    got: list = []

    def earlier_list() -> list[Box]:
        if not got:
            got.append([c for c in earlier() if meets(c, box)])
        return got[0]

    # Two ways, each tried with an eighth of the budget, then with all of it: the differing
    # parts (quick when the answer is True), and each differing later box's share on its own
    # (a packet decided differently, the answer False, is most often in the first share).
    for steps in (budget // 8, budget):
        try:
            return _alike_by_differing_parts(box, earlier_list, later, default_alike, steps, holder)
        except GaveUp:
            pass
        try:
            return _alike_by_later_shares(box, earlier_list, later.all(), default_alike, steps, holder)
        except GaveUp:
            pass
    # The pieces of the region, depth first.
    cuts = [(c, None) for c in earlier_list()] + [c for c in later.all() if meets(c[0], box)]
    return _alike_by_pieces(box, cuts, default_alike, budget)


class _Lazy:
    """A list read from an iterator as far as it is indexed."""

    def __init__(self, items: Iterable) -> None:
        self.items: list = []
        self._rest = iter(items)

    def get(self, k: int):
        items = self.items
        while len(items) <= k:
            item = next(self._rest, None)
            if item is None:
                return None
            items.append(item)
        return items[k]

    def all(self) -> list:
        self.items.extend(self._rest)
        return self.items


def _alike_by_differing_parts(box: Box, earlier: Callable[[], list[Box]], later: _Lazy, default_alike: bool,
                              budget: int, holder: Callable[[tuple], Box | None] | None) -> bool:
    """The parts of the box that later boxes (or the default) decide differently, then whether
    earlier boxes cover them: a part whose least corner no earlier box holds answers at once
    (the usual answer), the others are searched one by one, all within one budget."""
    parts = []
    for part in _differing_parts(box, later, default_alike, budget):
        corner = part[0::2]
        if (holder(corner) if holder is not None else next((c for c in earlier() if _holds(c, corner)), None)) is None:
            return False
        parts.append(part)
    left = budget
    for part in parts:
        point, steps = _lowest_held(part, holder, left) if holder is not None else _lowest(part, earlier(), left)
        if point is not None:
            return False
        left -= steps
    return True


def _alike_by_later_shares(box: Box, earlier: Callable[[], list[Box]], later: list, default_alike: bool,
                           budget: int, holder: Callable[[tuple], Box | None] | None) -> bool:
    """The packets of ``box`` a later box decides first are its share: the box within it, minus
    the later boxes before it. The answer is False when a differing share (or, when the default
    decides differently, what no later box holds) has a point no earlier box holds, True when
    none has. Each share is searched on its own, in order: where the parts of
    :func:`_differing_parts` are too many, the first differing share most often has such a
    point at once."""
    before: list[Box] = []  # the later boxes meeting ``box`` so far
    left = budget
    for cut, alike in list(later) + ([] if default_alike else [(None, False)]):
        if cut is not None and not meets(cut, box):
            continue
        if not alike:
            share = box if cut is None else intersect(box, cut)
            prior = [c for c in before if meets(c, share)]
            if holder is None:
                point, steps = _lowest(share, prior + earlier(), left)
            else:
                def held(corner, prior=prior):
                    for c in prior:
                        if _holds(c, corner):
                            return c
                    return holder(corner)
                point, steps = _lowest_held(share, held, left)
            if point is not None:
                return False
            left -= steps + len(before) // 64
        if cut is not None:
            before.append(cut)
    return True


def _differing_parts(box: Box, later: _Lazy, default_alike: bool, budget: int):
    """Disjoint boxes holding the packets of ``box`` whose first later box (or the default)
    does not decide alike."""
    stack = [(box, 0)]
    steps = scanned = 0
    items = later.items  # read further by later.get only past its end
    while stack:
        piece, k = stack.pop()
        steps += 1
        start = k
        while True:
            item = items[k] if k < len(items) else later.get(k)
            if item is None or meets(item[0], piece):
                break
            k += 1
        scanned += k - start
        if item is None:
            if not default_alike:
                yield piece
            continue
        cut, alike = item
        if not alike:
            yield intersect(piece, cut)
        if not contains(cut, piece):
            for part in outside(piece, cut):
                stack.append((part, k + 1))
                steps += 1
        if steps + (scanned >> 4) > budget:
            raise GaveUp


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


def minimal_cover(box: Box, cuts: list[Box], budget: int) -> list[int]:
    """Positions in ``cuts`` of the greedy minimal cover of ``box`` (which the union of ``cuts``
    holds) that :func:`.lint._minimal_cover` finds: cuts are tried for removal last first from
    the first position where the ones before cover the box, and one is dropped when the ones
    before it with the ones kept still cover it.

    Whether the cuts before a position cover the box grows with the position, so each
    position kept is found by bisection: a few searches per cut kept, not one per cut."""

    def covered(upto: int, kept: list[int]) -> bool:
        return lowest(box, cuts[:upto] + [cuts[k] for k in kept], budget) is None

    return greedy_cover(len(cuts), covered)


def greedy_cover(count: int, covered: Callable[[int, list[int]], bool]) -> list[int]:
    """:func:`minimal_cover` of ``count`` cuts, ``covered(upto, kept)`` saying whether the cuts
    before position ``upto`` with the ones at positions ``kept`` cover the box."""
    cuts = range(count)
    if not covered(len(cuts), []):
        raise GaveUp  # not a cover: not the question this answers
    lo, hi = 0, len(cuts)  # not covered(lo), covered(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if covered(mid, []):
            hi = mid
        else:
            lo = mid
    kept: list[int] = []
    pos = hi - 1
    while pos >= 0:
        # The last position up to pos whose cut is kept: the ones before it with the kept ones
        # do not cover the box (they never do at 0: the walk stops when the kept ones cover it).
        lo, hi = 0, pos
        if not covered(pos, kept):
            lo = pos
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if covered(mid, kept):
                hi = mid
            else:
                lo = mid
        kept.append(lo)
        if covered(0, kept):
            break
        pos = lo - 1
    return kept[::-1]
