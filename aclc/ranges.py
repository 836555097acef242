"""Integer range and prefix arithmetic used by normalize and lower.

All functions are pure and work on plain integers, so they are cheap enough
for 50k-rule policies.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .policy import PortRange, Prefix


def range_to_prefixes(lo: int, hi: int, width: int) -> list[tuple[int, int]]:
    """The minimal prefix cover of ``[lo, hi]`` as (value, prefix_length) pairs.

    For 16 bits this is at most 30 pairs (2 * (16 - 1)).
    """
    if lo > hi:
        return []
    out: list[tuple[int, int]] = []
    while lo <= hi:
        # Largest aligned block starting at lo that does not pass hi.
        size = lo & -lo if lo else 1 << width
        while size > hi - lo + 1:
            size >>= 1
        out.append((lo, width - size.bit_length() + 1))
        lo += size
    return out


def port_range_masks(r: PortRange) -> list[tuple[int, int]]:
    """A port range as OpenFlow (value, mask) pairs; mask 0xFFFF means exact."""
    return [(v, (0xFFFF << (16 - length)) & 0xFFFF) for v, length in range_to_prefixes(r.lo, r.hi, 16)]


def normalize_ranges(ranges: Iterable[tuple[int, int]]) -> tuple[PortRange, ...]:
    """Sort, merge overlapping and adjacent ranges."""
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple(PortRange(lo, hi) for lo, hi in out)


def complement_ranges(ranges: tuple[PortRange, ...], top: int = 0xFFFF) -> tuple[PortRange, ...]:
    out = []
    nxt = 0
    for r in ranges:
        if r.lo > nxt:
            out.append(PortRange(nxt, r.lo - 1))
        nxt = r.hi + 1
    if nxt <= top:
        out.append(PortRange(nxt, top))
    return tuple(out)


def intersect_ranges(a: tuple[PortRange, ...], b: tuple[PortRange, ...]) -> tuple[PortRange, ...]:
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo = max(a[i].lo, b[j].lo)
        hi = min(a[i].hi, b[j].hi)
        if lo <= hi:
            out.append(PortRange(lo, hi))
        if a[i].hi < b[j].hi:
            i += 1
        else:
            j += 1
    return tuple(out)


def prefix_intervals(prefixes: Iterable[Prefix]) -> list[tuple[int, int]]:
    return [(p.value, p.last()) for p in prefixes]


def intervals_to_prefixes(intervals: Iterable[tuple[int, int]], width: int) -> tuple[Prefix, ...]:
    """Canonical prefix set of a union of address intervals: the minimal, sorted cover."""
    out: list[Prefix] = []
    for r in normalize_ranges(intervals):
        out.extend(Prefix(v, length, width) for v, length in range_to_prefixes(r.lo, r.hi, width))
    return tuple(out)


def canonical_prefixes(prefixes: Iterable[Prefix], width: int) -> tuple[Prefix, ...]:
    """Merge a prefix list into its canonical form (sorted, disjoint, minimal)."""
    return intervals_to_prefixes(prefix_intervals(prefixes), width)


def difference_prefixes(include: Iterable[Prefix], exclude: Iterable[Prefix], width: int) -> tuple[Prefix, ...]:
    """``include`` minus ``exclude``, as a canonical prefix set."""
    inc = normalize_ranges(prefix_intervals(include))
    exc = normalize_ranges(prefix_intervals(exclude))
    top = (1 << width) - 1
    keep = intersect_ranges(inc, complement_ranges(exc, top)) if exc else inc
    return intervals_to_prefixes(((r.lo, r.hi) for r in keep), width)


def is_full(prefixes: tuple[Prefix, ...] | None) -> bool:
    return prefixes is None or (len(prefixes) == 1 and prefixes[0].length == 0)


def iter_range_edges(ranges: tuple[PortRange, ...], top: int = 0xFFFF) -> Iterator[int]:
    """Values just inside and just outside each range: the interesting test points."""
    for r in ranges:
        for v in (r.lo - 1, r.lo, r.hi, r.hi + 1):
            if 0 <= v <= top:
                yield v
