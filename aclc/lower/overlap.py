"""Which rules overlap: an index that finds, for every rule, the later rules that
some packet matches together with it, without comparing every pair.

Rules become plain tuples of integers (:func:`rule_key`). Rules are inserted
from the last to the first, so a query only ever sees later rules. Each
(ethertype, effect) group keeps one address index per side (source and
destination). An address index holds prefixes as intervals; prefixes are
nested or disjoint, so the prefixes overlapping a query prefix are the ones
inside it (one slice of the list sorted by first address) plus the ones around
it (one dictionary probe per prefix length in use). Each query uses the side
that yields fewer candidates, and the candidates are then checked on every
field. On ClassBench this visits a small multiple of the real overlaps.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable

from ..policy import Policy, Rule
from ..ranges import is_full

# Positions in a rule key.
ETH, PROTO, SRC, DST, SPORTS, DPORTS, ITYPE, ICODE, INPORTS, EFFECT = range(10)

Intervals = tuple[tuple[int, int], ...]


def rule_key(rule: Rule) -> tuple:
    """A rule as a tuple of plain values; ``None`` means "any" for every field."""
    src = None if is_full(rule.src) else tuple((p.value, p.last()) for p in rule.src)
    dst = None if is_full(rule.dst) else tuple((p.value, p.last()) for p in rule.dst)
    sports = None if _full_ports(rule.src_ports) else tuple((r.lo, r.hi) for r in rule.src_ports)
    dports = None if _full_ports(rule.dst_ports) else tuple((r.lo, r.hi) for r in rule.dst_ports)
    in_ports = None if rule.in_ports is None else frozenset(rule.in_ports)
    return (rule.eth_type, rule.ip_proto, src, dst, sports, dports, rule.icmp_type, rule.icmp_code,
            in_ports, (rule.action, rule.log))


def _full_ports(ports) -> bool:
    return ports is None or (len(ports) == 1 and ports[0].lo == 0 and ports[0].hi == 0xFFFF)


def intervals_meet(a: Intervals | None, b: Intervals | None) -> bool:
    """Whether two sorted, disjoint interval lists share a value (None = everything)."""
    if a is None or b is None:
        return True
    if len(a) == 1 and len(b) == 1:
        return a[0][0] <= b[0][1] and b[0][0] <= a[0][1]
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


def keys_overlap(a: tuple, b: tuple) -> bool:
    """Whether some packet matches both rules (keys from :func:`rule_key`)."""
    if a[ETH] is not None and b[ETH] is not None and a[ETH] != b[ETH]:
        return False
    if a[PROTO] is not None and b[PROTO] is not None and a[PROTO] != b[PROTO]:
        return False
    if a[ITYPE] is not None and b[ITYPE] is not None and a[ITYPE] != b[ITYPE]:
        return False
    if a[ICODE] is not None and b[ICODE] is not None and a[ICODE] != b[ICODE]:
        return False
    if a[INPORTS] is not None and b[INPORTS] is not None and a[INPORTS].isdisjoint(b[INPORTS]):
        return False
    return (intervals_meet(a[SRC], b[SRC]) and intervals_meet(a[DST], b[DST])
            and intervals_meet(a[SPORTS], b[SPORTS]) and intervals_meet(a[DPORTS], b[DPORTS]))


def rules_overlap(a: Rule, b: Rule) -> bool:
    return keys_overlap(rule_key(a), rule_key(b))


class AddressIndex:
    """Rules by one address field, for "which rules' prefixes meet this prefix"."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.los: list[int] = []  # first address of every entry, sorted
        self.rules: list[int] = []  # rule of every entry, parallel to ``los``
        # Rules by (host bits, first address) of their prefix: the host bit count
        # names the length, and one int pair is cheaper to probe than an interval.
        self.by_prefix: dict[tuple[int, int], list[int]] = {}
        self.host_bits: list[int] = []  # host bit counts in use, most first (shortest prefix first)
        self.any: list[int] = []  # rules that do not restrict this field

    def add(self, rule: int, intervals: Intervals | None) -> None:
        if intervals is None:
            self.any.append(rule)
            return
        for lo, hi in intervals:
            k = bisect_right(self.los, lo)
            self.los.insert(k, lo)
            self.rules.insert(k, rule)
            host = (hi - lo + 1).bit_length() - 1
            found = self.by_prefix.get((host, lo))
            if found is None:
                self.by_prefix[(host, lo)] = [rule]
                if host not in self.host_bits:
                    self.host_bits.append(host)
                    self.host_bits.sort(reverse=True)
            else:
                found.append(rule)

    def lookup(self, intervals: Intervals | None) -> list[list[int]]:
        """Lists of rules whose prefixes meet ``intervals`` (together a superset, with repeats)."""
        if intervals is None:
            return [self.any, self.rules]
        parts = [self.any]
        get = self.by_prefix.get
        for lo, hi in intervals:
            parts.append(self.rules[bisect_left(self.los, lo):bisect_right(self.los, hi)])
            # The prefixes strictly around [lo, hi]: one probe per longer host part in use.
            own = (hi - lo + 1).bit_length() - 1
            for host in self.host_bits:
                if host <= own:
                    break
                found = get((host, lo >> host << host))
                if found:
                    parts.append(found)
        return parts


class _Group:
    """Later rules of one (ethertype, protocol, effect), indexed by source and destination."""

    def __init__(self, width: int) -> None:
        self.src = AddressIndex(width)
        self.dst = AddressIndex(width)
        self.members: list[int] = []

    def add(self, rule: int, key: tuple) -> None:
        self.src.add(rule, key[SRC])
        self.dst.add(rule, key[DST])
        self.members.append(rule)

    def candidates(self, key: tuple) -> list[int] | set[int]:
        """Later rules whose source and destination may meet the key's (a superset)."""
        src, dst = key[SRC], key[DST]
        if src is None and dst is None:
            return self.members
        src_parts = self.src.lookup(src) if src is not None else None
        dst_parts = self.dst.lookup(dst) if dst is not None else None
        n_src = None if src_parts is None else sum(map(len, src_parts))
        n_dst = None if dst_parts is None else sum(map(len, dst_parts))
        if n_dst is None or (n_src is not None and n_src <= n_dst):
            small, small_n, other, other_n = src_parts, n_src, dst_parts, n_dst
        else:
            small, small_n, other, other_n = dst_parts, n_dst, src_parts, n_src
        found = small[0] + [j for part in small[1:] for j in part] if len(small) > 1 else small[0]
        # When both sides are broad, keep only the rules both sides name: two C-level set
        # builds are much cheaper than checking every candidate of one side.
        if other is not None and small_n > _INTERSECT_ABOVE:
            keep = set(found)
            return [j for part in other for j in part if j in keep]
        return found


_INTERSECT_ABOVE = 128
_WIDTH = {0x0800: 32, 0x0806: 32, 0x86DD: 128}


def conflict_successors(policy: Policy) -> list[list[int]]:
    """For every rule i, the later rules j that overlap it and decide differently.

    These are the edges i -> j of the dependency graph: i must be above j.
    """
    keys = [rule_key(r) for r in policy.rules]
    # Flat single-interval view for the fast check; multi-interval rules get the exact one.
    flat = [_flat(k) for k in keys]
    groups: dict[tuple, _Group] = {}  # (eth_type, ip_proto, effect) -> later rules
    by_eth: dict[object, list[tuple]] = {}  # eth_type -> [(ip_proto, effect, group)]
    successors: list[list[int]] = [[] for _ in keys]
    for i in range(len(keys) - 1, -1, -1):
        key = keys[i]
        eth, proto, effect = key[ETH], key[PROTO], key[EFFECT]
        if eth is None:
            # Matches every ethertype: every later rule is a candidate.
            pools = [g.members for (e, p, eff), g in groups.items() if eff != effect]
        else:
            pools = [
                g.candidates(key)
                for e in (eth, None)
                for p, eff, g in by_eth.get(e, ())
                if eff != effect and (proto is None or p is None or p == proto)
            ]
        out = successors[i]
        _, _, slo, shi, dlo, dhi, splo, sphi, dplo, dphi, itype, icode, multi = flat[i]
        for pool in pools:
            for j in pool:
                f = flat[j]
                if (slo <= f[3] and f[2] <= shi and dlo <= f[5] and f[4] <= dhi
                        and splo <= f[7] and f[6] <= sphi and dplo <= f[9] and f[8] <= dphi
                        and (itype < 0 or f[10] < 0 or itype == f[10])
                        and (icode < 0 or f[11] < 0 or icode == f[11])
                        and (not (multi or f[12]) or keys_overlap(key, keys[j]))):
                    out.append(j)
        # A rule indexed under several prefixes can be found more than once.
        out[:] = sorted(set(out))
        gkey = (eth, proto, effect)
        group = groups.get(gkey)
        if group is None:
            group = groups[gkey] = _Group(_WIDTH.get(eth, 32))
            by_eth.setdefault(eth, []).append((proto, effect, group))
        group.add(i, key)
    return successors


def conflict_levels(policy: Policy) -> tuple[list[int], list[int]]:
    """The longest dependency chain from every rule, without listing every edge.

    ``levels[i]`` is the longest path (in edges) from rule i in the graph of
    :func:`conflict_successors`; ``next_on_chain[i]`` is a successor of i on such a
    path (-1 at a sink). Only the highest-level conflicting rule matters for
    each i, so candidates are visited highest level first where the index keeps
    them in that order, and a candidate no higher than the best found so far is
    never checked for overlap. On firewall-style sets (a million edges among 10k
    rules) this checks a small fraction of the edges.
    """
    keys = [rule_key(r) for r in policy.rules]
    flat = [_flat(k) for k in keys]
    n = len(keys)
    levels = [0] * n
    next_on_chain = [-1] * n
    groups: dict[tuple, _LevelGroup] = {}
    by_eth: dict[object, list[tuple]] = {}
    for i in range(n - 1, -1, -1):
        key = keys[i]
        eth, proto, effect = key[ETH], key[PROTO], key[EFFECT]
        if eth is None:
            groups_to_query = [g for (e, p, eff), g in groups.items() if eff != effect]
        else:
            groups_to_query = [g for e in (eth, None) for p, eff, g in by_eth.get(e, ())
                               if eff != effect and (proto is None or p is None or p == proto)]
        # Every queried group's protocol is compatible with the rule's, so only the other fields
        # are compared.
        best, best_rule = -1, -1
        _, _, slo, shi, dlo, dhi, splo, sphi, dplo, dphi, itype, icode, multi = flat[i]

        def meets(j: int) -> bool:
            f = flat[j]
            return (slo <= f[3] and f[2] <= shi and dlo <= f[5] and f[4] <= dhi
                    and splo <= f[7] and f[6] <= sphi and dplo <= f[9] and f[8] <= dphi
                    and (itype < 0 or f[10] < 0 or itype == f[10])
                    and (icode < 0 or f[11] < 0 or icode == f[11])
                    and (not (multi or f[12]) or keys_overlap(key, keys[j])))

        for group in groups_to_query:
            for pool, highest_first in group.candidate_pools(key, meets, best):
                for j in pool:
                    level = levels[j]
                    if level <= best:
                        if highest_first:
                            break
                        continue
                    f = flat[j]  # meets(j), inlined: this is the hottest loop of compile
                    if (slo <= f[3] and f[2] <= shi and dlo <= f[5] and f[4] <= dhi
                            and splo <= f[7] and f[6] <= sphi and dplo <= f[9] and f[8] <= dphi
                            and (itype < 0 or f[10] < 0 or itype == f[10])
                            and (icode < 0 or f[11] < 0 or icode == f[11])
                            and (not (multi or f[12]) or keys_overlap(key, keys[j]))):
                        best, best_rule = level, j
                        if highest_first:
                            break
        levels[i] = best + 1
        next_on_chain[i] = best_rule
        gkey = (eth, proto, effect)
        group = groups.get(gkey)
        if group is None:
            group = groups[gkey] = _LevelGroup(_WIDTH.get(eth, 32))
            by_eth.setdefault(eth, []).append((proto, effect, group))
        group.add(i, key, levels[i])
    return levels, next_on_chain


class _ByLevel:
    """Rules kept highest level first (ties: any order)."""

    def __init__(self) -> None:
        self.rules: list[int] = []
        self.neg_levels: list[int] = []

    def add(self, rule: int, level: int) -> None:
        k = bisect_right(self.neg_levels, -level)
        self.neg_levels.insert(k, -level)
        self.rules.insert(k, rule)


class _LevelGroup:
    """A :class:`_Group` whose broad candidate lists come highest level first."""

    def __init__(self, width: int) -> None:
        self.src = AddressIndex(width)
        self.dst = AddressIndex(width)
        self._all = _ByLevel()
        self._src_any = _ByLevel()
        self._dst_any = _ByLevel()

    def add(self, rule: int, key: tuple, level: int) -> None:
        self._all.add(rule, level)
        for index, any_side, intervals in ((self.src, self._src_any, key[SRC]),
                                           (self.dst, self._dst_any, key[DST])):
            if intervals is None:
                any_side.add(rule, level)
            else:
                index.add(rule, intervals)

    def candidate_pools(self, key: tuple, meets: Callable[[int], bool], best: int) -> list[tuple[list[int], bool]]:
        """(rules, highest level first?) lists that together hold every later rule above
        level ``best`` whose source and destination may meet the key's (a superset)."""
        src, dst = key[SRC], key[DST]
        if src is None and dst is None:
            return [(self._all.rules, True)]
        sides = []
        for intervals, index, any_side in ((src, self.src, self._src_any), (dst, self.dst, self._dst_any)):
            if intervals is not None:
                parts = index.lookup(intervals)[1:]
                n = sum(map(len, parts)) + len(any_side.rules)
                if n <= _INTERSECT_ABOVE:  # few enough to check one by one
                    return [(any_side.rules, True)] + [(part, False) for part in parts]
                sides.append((n, parts, any_side))
        if len(sides) == 1:
            _, parts, any_side = sides[0]
            return [(any_side.rules, True)] + [(part, False) for part in parts]
        # Both sides broad, so the key likely meets many rules: the first rule met in
        # level order has the highest level, and is usually among the first few.
        for j, neg_level in zip(self._all.rules[:_SCAN_FIRST], self._all.neg_levels):
            if -neg_level <= best:
                return []
            if meets(j):
                return [([j], True)]
        if len(self._all.rules) <= _SCAN_FIRST:
            return []
        sides.sort(key=lambda side: side[0])
        (n_small, small, small_any), (_, other, other_any) = sides
        if n_small <= _INTERSECT_BOTH_ABOVE:  # checking each is cheaper than intersecting
            return [(small_any.rules, True)] + [(part, False) for part in small]
        # Many on both sides: keep only the rules both sides name.
        keep = set(small_any.rules)
        keep.update(j for part in small for j in part)
        both = [j for j in other_any.rules if j in keep]  # still highest level first
        rest = [j for part in other for j in part if j in keep]
        return [(both, True), (rest, False)]


_SCAN_FIRST = 16
_INTERSECT_BOTH_ABOVE = 2048


def _flat(key: tuple) -> tuple:
    """(eth, proto, src lo/hi, dst lo/hi, sport lo/hi, dport lo/hi, icmp type, code, multi).

    Each field as its hull; ``multi`` says the hull is not exact (several intervals, or
    an in_port set), so a hull hit must be confirmed by :func:`keys_overlap`.
    """
    multi = key[INPORTS] is not None
    parts = []
    for pos, top in ((SRC, _TOP128), (DST, _TOP128), (SPORTS, 0xFFFF), (DPORTS, 0xFFFF)):
        iv = key[pos]
        if iv is None:
            parts += (0, top)
        else:
            parts += (iv[0][0], iv[-1][1])
            multi = multi or len(iv) > 1
    itype = -1 if key[ITYPE] is None else key[ITYPE]
    icode = -1 if key[ICODE] is None else key[ICODE]
    return (key[ETH], key[PROTO], *parts, itype, icode, multi)


_TOP128 = (1 << 128) - 1
