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
        self.by_interval: dict[tuple[int, int], list[int]] = {}
        self.lengths: set[int] = set()  # prefix lengths in use
        self.any: list[int] = []  # rules that do not restrict this field

    def add(self, rule: int, intervals: Intervals | None) -> None:
        if intervals is None:
            self.any.append(rule)
            return
        for lo, hi in intervals:
            k = bisect_right(self.los, lo)
            self.los.insert(k, lo)
            self.rules.insert(k, rule)
            self.by_interval.setdefault((lo, hi), []).append(rule)
            self.lengths.add(self.width - (hi - lo + 1).bit_length() + 1)

    def lookup(self, intervals: Intervals | None) -> list[list[int]]:
        """Lists of rules whose prefixes meet ``intervals`` (together a superset, with repeats)."""
        if intervals is None:
            return [self.any, self.rules]
        parts = [self.any]
        top = (1 << self.width) - 1
        get = self.by_interval.get
        for lo, hi in intervals:
            parts.append(self.rules[bisect_left(self.los, lo):bisect_right(self.los, hi)])
            # The prefixes strictly around [lo, hi]: one probe per prefix length in use.
            own = self.width - (hi - lo + 1).bit_length() + 1
            for length in self.lengths:
                if length < own:
                    host = top >> length
                    found = get((lo & ~host, (lo & ~host) | host))
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


_INTERSECT_ABOVE = 32
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
