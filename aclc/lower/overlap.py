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

from bisect import bisect_left, bisect_right, insort
from collections import Counter
from heapq import heapify, heappop, heappush
from typing import Callable, Iterable

from ..policy import Policy, Rule
from ..ranges import is_full

# Positions in a rule key.
ETH, PROTO, SRC, DST, SPORTS, DPORTS, ITYPE, ICODE, INPORTS, EFFECT = range(10)

Intervals = tuple[tuple[int, int], ...]


def rule_key(rule: Rule) -> tuple:
    """A rule as a tuple of plain values; ``None`` means "any" for every field."""
    src, dst = _address_key(rule.src), _address_key(rule.dst)
    sports, dports = _ports_key(rule.src_ports), _ports_key(rule.dst_ports)
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
    """Rules by one address field, for "which rules' prefixes meet this prefix".

    Every prefix the index will ever hold is given up front, so its layout is fixed:
    the distinct prefixes in tree order (by first address, a prefix before the
    prefixes inside it), each with the list of rules added under it so far, in the
    order added. Adding a rule only appends to one list. Prefixes are nested or
    disjoint, so the prefixes meeting a query prefix are the ones inside it (one
    slice of the order) and the ones around it: ancestors, in the prefix tree, of
    the prefix just before the query in that order.

    With ``rank`` (a function of a rule: minus its level), every list is kept
    highest level first (ties: in the order added), and a max-tree over the
    lists' top levels lets :meth:`search` visit a long slice best first.
    """

    def __init__(self, width: int, prefixes: Iterable[tuple[int, int]] = (),
                 rank: Callable[[int], int] | None = None) -> None:
        self.width = width
        self.rank = rank
        # Sorted by tree order: the sort keys are distinct integers (the prefixes are distinct),
        # from which each prefix is read back.
        self.order: list[int] = sorted({(lo << 8) | (255 - (hi - lo + 1).bit_length()) for lo, hi in set(prefixes)})
        distinct = [(o >> 8, (o >> 8) + (1 << (254 - (o & 255))) - 1) for o in self.order]
        self.his: list[int] = [hi for _, hi in distinct]  # last address of every prefix
        self.lists: list[list[int]] = [[] for _ in distinct]  # rules of every prefix, in order
        self.by_prefix: dict[tuple[int, int], list[int]] = dict(zip(distinct, self.lists))
        # The closest prefix around each prefix (-1 for none).
        self.parent: list[int] = []
        stack: list[int] = []
        for k, (lo, hi) in enumerate(distinct):
            while stack and self.his[stack[-1]] < lo:
                stack.pop()
            self.parent.append(stack[-1] if stack else -1)
            stack.append(k)
        self.any: list[int] = []  # rules that do not restrict this field
        self._last: tuple = (None, None)  # the last query of spans_counted and its answer
        if rank is not None:
            # top[size + k]: highest level in lists[k] (-1: empty); top[m] = max of its two children.
            self.size = 1 << max(0, len(distinct) - 1).bit_length()
            self.top = [-1] * (2 * self.size)
            self.position = {interval: k for k, interval in enumerate(distinct)}
            # ranks[k]: the ranks of lists[k], for bisecting without calling ``rank``.
            self.ranks: list[list[int]] = [[] for _ in distinct]

    def add(self, rule: int, intervals: Intervals | None, level: int = -1) -> None:
        if intervals is None:
            self.any.append(rule)
            return
        by_prefix = self.by_prefix
        if self.rank is None:
            for interval in intervals:
                by_prefix[interval].append(rule)
            return
        top, lists, ranks, position = self.top, self.lists, self.ranks, self.position
        rank = -level
        for interval in intervals:
            k = position[interval]
            keys = ranks[k]
            at = bisect_right(keys, rank)  # after the rules of the same level: ties in the order added
            keys.insert(at, rank)
            lists[k].insert(at, rule)
            node = self.size + k
            while node and top[node] < level:
                top[node] = level
                node >>= 1

    def spans(self, intervals: Intervals) -> tuple[list[tuple[int, int]], list[list[int]]]:
        """Where the rules meeting ``intervals`` are (leaving out :attr:`any`): slices
        ``(a, b)`` of :attr:`lists` (prefixes inside), and the lists of the prefixes around."""
        inside, around = self.spans_at(intervals)
        lists = self.lists
        return inside, [lists[k] for k in around]

    def spans_at(self, intervals: Intervals) -> tuple[list[tuple[int, int]], list[int]]:
        """:meth:`spans`, with the positions in :attr:`lists` of the prefixes around
        instead of their lists."""
        return self.spans_counted(intervals)[:2]

    def spans_counted(self, intervals: Intervals) -> tuple[list[tuple[int, int]], list[int], int]:
        """:meth:`spans_at` and the number of prefixes inside. The answer depends only on the
        prefixes given up front, so the last one is kept: consecutive rules often name the
        same address (the lists returned are shared: not to be changed)."""
        last = self._last
        if last[0] is intervals:
            return last[1]
        inside: list[tuple[int, int]] = []
        around: list[int] = []
        order, his, parent = self.order, self.his, self.parent
        for lo, hi in intervals:
            # _tree_order(lo, hi) and _tree_order(hi, hi), inlined
            a = bisect_left(order, (lo << 8) | (255 - (hi - lo + 1).bit_length()))
            inside.append((a, bisect_right(order, (hi << 8) | 254)))
            k = a - 1
            while k >= 0 and his[k] < hi:  # ends before the query: not around it
                k = parent[k]
            while k >= 0:
                around.append(k)
                k = parent[k]
        found = inside, around, (inside[0][1] - inside[0][0] if len(inside) == 1 else sum(b - a for a, b in inside))
        self._last = (intervals, found)
        return found

    def search(self, a: int, b: int, best: int, levels: list[int], meets: Callable[[int], bool]) -> tuple[int, int]:
        """The highest level above ``best`` of a rule in ``lists[a:b]`` that ``meets``, and
        that rule; ``(best, -1)`` when there is none. Lists are visited highest top level
        first and never below the best level found, so a slice of thousands of prefixes
        costs a few probes when an early list holds a high rule that meets."""
        top, size, lists = self.top, self.size, self.lists
        heap = []
        lo, hi = a + size, b + size
        while lo < hi:  # the O(log n) nodes that cover [a, b)
            if lo & 1:
                if top[lo] > best:
                    heap.append((-top[lo], lo))
                lo += 1
            if hi & 1:
                hi -= 1
                if top[hi] > best:
                    heap.append((-top[hi], hi))
            lo >>= 1
            hi >>= 1
        heapify(heap)
        found = -1
        while heap:
            neg, node = heappop(heap)
            if -neg <= best:
                break
            if node >= size:
                for j in lists[node - size]:
                    level = levels[j]
                    if level <= best:
                        break
                    if meets(j):
                        best, found = level, j
                        break
            else:
                for child in (2 * node, 2 * node + 1):
                    if top[child] > best:
                        heappush(heap, (-top[child], child))
        return best, found

    def parts(self, intervals: Intervals) -> list[list[int]]:
        """Lists of rules whose prefixes meet ``intervals`` (together a superset, with
        repeats), leaving out :attr:`any`."""
        inside, around = self.spans(intervals)
        lists = self.lists
        out = [rules for a, b in inside for rules in lists[a:b]]
        out += around
        return out

    def lookup(self, intervals: Intervals | None) -> list[list[int]]:
        """Lists of rules whose prefixes meet ``intervals`` (together a superset, with repeats)."""
        if intervals is None:
            return [self.any] + self.lists
        return [self.any] + self.parts(intervals)


def _tree_order(lo: int, hi: int) -> int:
    """Sort key of a prefix: by first address, then the longer (enclosing) prefix first."""
    return (lo << 8) | (255 - (hi - lo + 1).bit_length())


class _Group:
    """Later rules of one (ethertype, protocol, effect), indexed by source and destination."""

    def __init__(self, width: int, srcs: Iterable[tuple[int, int]] = (), dsts: Iterable[tuple[int, int]] = ()) -> None:
        self.src = AddressIndex(width, srcs)
        self.dst = AddressIndex(width, dsts)
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
    keys, flat = rule_keys(policy)
    prefixes = _group_prefixes(keys)
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
            srcs, dsts = prefixes[gkey]
            group = groups[gkey] = _Group(_WIDTH.get(eth, 32), srcs, dsts)
            by_eth.setdefault(eth, []).append((proto, effect, group))
        group.add(i, key)
    return successors


def conflict_levels(policy: Policy) -> tuple[list[int], list[int]]:
    """The longest dependency chain from every rule, without listing every edge.

    ``levels[i]`` is the longest path (in edges) from rule i in the graph of
    :func:`conflict_successors`; ``next_on_chain[i]`` is a successor of i on such a
    path (-1 at a sink). Only the highest-level conflicting rule matters for
    each i, so candidates are visited highest level first where the index keeps
    them in that order (:class:`ByLevel`), and a candidate no higher than the best
    found so far is never checked for overlap. On firewall-style sets (a million
    edges among 10k rules) this checks a small fraction of the edges.
    """
    keys, flat = rule_keys(policy)
    gkeys, shared = _protocol_groups(keys)
    prefixes = _group_prefixes(keys, gkeys)
    # Indexing rules by their other address pays off only on large ACLs.
    layouts = _group_layouts(keys, gkeys) if len(keys) >= _LAYOUT_ABOVE else {}
    n = len(keys)
    levels = [0] * n
    next_on_chain = [-1] * n
    groups: dict[tuple, _LevelGroup] = {}

    def rank(j: int) -> int:  # highest level first
        return -levels[j]

    by_eth: dict[object, list[tuple]] = {}
    totals = Counter(gkeys)  # rules per group, in the whole ACL
    to_query: dict[tuple, list[_LevelGroup]] = {}  # (eth, proto, effect) -> groups (until a group is added)
    for i in range(n - 1, -1, -1):
        key = keys[i]
        eth, proto, effect = key[ETH], key[PROTO], key[EFFECT]
        groups_to_query = to_query.get((eth, proto, effect))
        if groups_to_query is None:
            if eth is None:
                groups_to_query = [g for (e, p, eff), g in groups.items() if eff != effect]
            else:
                groups_to_query = [g for e in (eth, None) for p, eff, g in by_eth.get(e, ())
                                   if eff != effect and (proto is None or p is None or p == proto)]
            # Largest group first: its best level lets the smaller ones stop early.
            groups_to_query.sort(key=lambda g: -g.total)
            to_query[(eth, proto, effect)] = groups_to_query
        # Every queried group's ethertype is compatible with the rule's, so only the other fields
        # are compared (the protocol too: a group may hold several).
        best, best_rule = -1, -1
        _, _, slo, shi, dlo, dhi, splo, sphi, dplo, dphi, itype, icode, multi = flat[i]

        def meets(j: int) -> bool:
            f = flat[j]
            return (slo <= f[3] and f[2] <= shi and dlo <= f[5] and f[4] <= dhi
                    and splo <= f[7] and f[6] <= sphi and dplo <= f[9] and f[8] <= dphi
                    and (proto is None or f[1] is None or f[1] == proto)
                    and (itype < 0 or f[10] < 0 or itype == f[10])
                    and (icode < 0 or f[11] < 0 or icode == f[11])
                    and (not (multi or f[12]) or keys_overlap(key, keys[j])))

        for group in groups_to_query:
            if group.highest <= best:  # no rule of the group can raise the level
                continue
            rankeds, pools, searches = group.candidate_pools(key, meets, best)
            for pool in pools:  # each highest level first
                for j in pool:
                    if levels[j] <= best:
                        break
                    f = flat[j]  # meets(j), inlined: this is the hottest loop of compile
                    if (slo <= f[3] and f[2] <= shi and dlo <= f[5] and f[4] <= dhi
                            and splo <= f[7] and f[6] <= sphi and dplo <= f[9] and f[8] <= dphi
                            and (proto is None or f[1] is None or f[1] == proto)
                            and (itype < 0 or f[10] < 0 or itype == f[10])
                            and (icode < 0 or f[11] < 0 or icode == f[11])
                            and (not (multi or f[12]) or keys_overlap(key, keys[j]))):
                        best, best_rule = levels[j], j
                        break
            # Highest level first: the first rule met in each list is the best of that list.
            for ranked in rankeds:
                for level, bucket in ranked:
                    if level <= best:
                        break
                    for j in bucket:
                        f = flat[j]  # meets(j), inlined
                        if (slo <= f[3] and f[2] <= shi and dlo <= f[5] and f[4] <= dhi
                                and splo <= f[7] and f[6] <= sphi and dplo <= f[9] and f[8] <= dphi
                                and (proto is None or f[1] is None or f[1] == proto)
                                and (itype < 0 or f[10] < 0 or itype == f[10])
                                and (icode < 0 or f[11] < 0 or icode == f[11])
                                and (not (multi or f[12]) or keys_overlap(key, keys[j]))):
                            best, best_rule = level, j
                            break
                    else:
                        continue
                    break
            for index, a, b in searches:
                best, found = index.search(a, b, best, levels, meets)
                if found >= 0:
                    best_rule = found
        levels[i] = best + 1
        next_on_chain[i] = best_rule
        gkey = gkeys[i]
        group = groups.get(gkey)
        if group is None:
            srcs, dsts = prefixes[gkey]
            group = groups[gkey] = _LevelGroup(_WIDTH.get(eth, 32), srcs, dsts, rank, layouts.get(gkey),
                                               mixed=shared and gkey[1] is None)
            group.total = totals[gkey]
            by_eth.setdefault(eth, []).append((gkey[1], effect, group))
            to_query.clear()
        group.add(i, key, levels[i])
    return levels, next_on_chain


Ranked = list[tuple[int, list[int]]]  # (level, rules of that level), highest level first


class ByLevel:
    """Rules by level: one list per level (rules in the order added), and the levels
    in use, so that rules can be visited highest level first without ever inserting
    into the middle of a list."""

    def __init__(self) -> None:
        self.buckets: dict[int, list[int]] = {}
        self.levels: list[int] = []  # levels in use, ascending
        self.size = 0
        self._ranked: Ranked | None = []
        self._as_list: list[Ranked] = [self._ranked]

    def add(self, rule: int, level: int, proto: object = None) -> None:
        bucket = self.buckets.get(level)
        if bucket is None:
            bucket = self.buckets[level] = []
            insort(self.levels, level)
            self._ranked = None
        bucket.append(rule)
        self.size += 1

    def ranked(self) -> Ranked:
        """(level, rules) pairs, highest level first (the lists are the live buckets)."""
        if self._ranked is None:
            buckets = self.buckets
            self._ranked = [(level, buckets[level]) for level in reversed(self.levels)]
            self._as_list = [self._ranked]
        return self._ranked

    def ranked_lists(self, proto: object = None) -> list[Ranked]:
        """``[self.ranked()]``: the rules of one protocol, as :meth:`_ByProtocol.ranked_lists`."""
        if self._ranked is None:
            self.ranked()
        return self._as_list

    def __iter__(self):
        """Every rule, highest level first."""
        for _, bucket in self.ranked():
            yield from bucket


class _ByProtocol:
    """Rules by protocol, each protocol's :class:`ByLevel`: a query visits only the
    protocols compatible with its own (its own and "any"; every one for "any")."""

    def __init__(self) -> None:
        self.by_proto: dict[object, ByLevel] = {}
        self.size = 0  # rules of every protocol
        self._compatible: dict[object, list[ByLevel]] = {}  # protocol of a query -> its lists

    def add(self, rule: int, level: int, proto: object) -> None:
        found = self.by_proto.get(proto)
        if found is None:
            found = self.by_proto[proto] = ByLevel()
            self._compatible.clear()
        found.add(rule, level)
        self.size += 1

    def ranked_lists(self, proto: object) -> list[Ranked]:
        """The :meth:`ByLevel.ranked` lists of the protocols compatible with ``proto``."""
        found = self._compatible.get(proto)
        if found is None:
            by_proto = self.by_proto
            found = list(by_proto.values()) if proto is None else [by_proto[p] for p in (proto, None) if p in by_proto]
            self._compatible[proto] = found
        return [by_level.ranked() for by_level in found]


class _ByPort:
    """Rules by protocol, destination port set and block of the other address: a query
    naming destination ports visits only the port sets that meet its own (fw1-style sets
    name a few dozen services over and over, so most rules of a long list are for other
    ports), and a query naming the other address only the blocks (its first
    ``_BLOCK_BITS`` bits) that meet its own, with the rules that span several blocks.
    A query open on both visits every rule, as one list."""

    def __init__(self, mixed: bool, width: int = 0) -> None:
        self.all: ByLevel | _ByProtocol = _ByProtocol() if mixed else ByLevel()
        self.by_class: dict[tuple, ByLevel] = {}  # (protocol, destination ports, block) -> rules
        self.size = 0
        # Blocks of the other address (0: none kept); a rule spanning several is in block -1.
        self.shift = max(0, width - _BLOCK_BITS) if width else 0
        self.blocks = bool(width) and _BLOCK_BITS > 0
        self._compatible: dict[tuple, list[ByLevel] | None] = {}  # a query's class -> lists
        self._ranked: dict[tuple, list[Ranked]] = {}  # a query's class -> their ranked lists

    def add(self, rule: int, level: int, proto: object, dports: Intervals | None,
            other: Intervals | None = None) -> None:
        self.all.add(rule, level, proto)
        self.size += 1
        block = -1
        if other is not None and self.blocks:
            first, last = other[0][0] >> self.shift, other[-1][1] >> self.shift
            if first == last:
                block = first
        found = self.by_class.get((proto, dports, block))
        if found is None:
            found = self.by_class[(proto, dports, block)] = ByLevel()
            self._compatible.clear()
            self._ranked.clear()
        found.add(rule, level)
        if found._ranked is None:  # a new level: the ranked lists handed out are stale
            self._ranked.clear()

    def ranked_lists(self, proto: object, dports: Intervals | None, other: Intervals | None = None) -> list[Ranked]:
        """The rules of the classes compatible with the query's, as :meth:`ByLevel.ranked`
        lists (one list of every rule when there are too many classes)."""
        if other is None or not self.blocks:
            if dports is None:
                return self.all.ranked_lists(proto)
            first, last = -1, -1
        else:
            first, last = other[0][0] >> self.shift, other[-1][1] >> self.shift
        query = (proto, dports, first, last)
        ranked = self._ranked.get(query)
        if ranked is not None:
            return ranked
        found = self._compatible.get(query, False)
        if found is False:
            found = None
            if len(self.by_class) <= _PORT_CLASSES:
                found = [by_level for (p, d, block), by_level in self.by_class.items()
                         if (proto is None or p is None or p == proto) and intervals_meet(d, dports)
                         and (first < 0 or block < 0 or first <= block <= last)]
            self._compatible[query] = found
        if found is None:
            return self.all.ranked_lists(proto)
        ranked = self._ranked[query] = [by_level.ranked() for by_level in found]
        return ranked

class _Heavy:
    """The rules of one address index's prefix that holds many, by their other address
    (and those open on the other side, highest level first)."""

    def __init__(self, width: int, others: Iterable[tuple[int, int]], rank: Callable[[int], int]) -> None:
        self.index = AddressIndex(width, others, rank)
        self.open: list[int] = []
        self._open_ranks: list[int] = []  # minus the level of every rule of ``open``

    def add(self, rule: int, other: Intervals | None, level: int) -> None:
        if other is None:
            at = bisect_right(self._open_ranks, -level)
            self._open_ranks.insert(at, -level)
            self.open.insert(at, rule)
        else:
            self.index.add(rule, other, level)


class _LevelGroup:
    """A :class:`_Group` whose broad candidate lists come highest level first.

    Rules that leave one address open are also indexed by their other address
    (``_src_any_by_dst``, ``_dst_any_by_src``), and so are the rules of a prefix
    that many rules name (``_heavy``): a query whose chosen side meets such a list
    then looks up only the rules whose other address meets the key's, best first,
    instead of checking the whole list one by one.
    """

    def __init__(self, width: int, srcs: Iterable[tuple[int, int]], dsts: Iterable[tuple[int, int]],
                 rank: Callable[[int], int], layout: "_GroupLayout | None" = None, mixed: bool = False) -> None:
        self.src = AddressIndex(width, srcs, rank)
        self.dst = AddressIndex(width, dsts, rank)
        self._all = ByLevel()
        self.highest = -1  # the highest level of a rule in the group
        self.total = 0  # rules of the group in the whole ACL
        self._every = _ByPort(mixed, width)  # every rule, by port set and source block
        # Rules open on the source, on the destination, on both: per protocol, since these
        # lists are checked rule by rule and a group may hold several protocols.
        # (A group of one protocol needs no split: every query visiting it is compatible.)
        self._src_any = _ByPort(mixed, width)  # blocks of the destination
        self._dst_any = _ByPort(mixed, width)  # blocks of the source
        self._both_any = _ByPort(mixed)
        self._open = layout is not None
        layout = layout or _GroupLayout()
        # Rules open on the destination, by source; rules open on the source, by destination.
        self._dst_any_by_src = AddressIndex(width, layout.open_srcs, rank)
        self._src_any_by_dst = AddressIndex(width, layout.open_dsts, rank)
        # Per side: position of a heavy prefix in the side's index -> its rules by the other address.
        self._heavy = {
            side: {index.position[iv]: _Heavy(width, others, rank) for iv, others in heavy.items()}
            for side, index, heavy in (("src", self.src, layout.heavy_srcs), ("dst", self.dst, layout.heavy_dsts))
        }

    def add(self, rule: int, key: tuple, level: int) -> None:
        self._all.add(rule, level)
        if level > self.highest:
            self.highest = level
        src, dst, proto, dports = key[SRC], key[DST], key[PROTO], key[DPORTS]
        self._every.add(rule, level, proto, dports, src)
        if src is None:
            self._src_any.add(rule, level, proto, dports, dst)
            if dst is None:
                self._both_any.add(rule, level, proto, dports)
            elif self._open:
                self._src_any_by_dst.add(rule, dst, level)
        else:
            self._add_side(self.src, self._heavy["src"], rule, src, dst, level)
        if dst is None:
            self._dst_any.add(rule, level, proto, dports, src)
            if src is not None and self._open:
                self._dst_any_by_src.add(rule, src, level)
        else:
            self._add_side(self.dst, self._heavy["dst"], rule, dst, src, level)

    @staticmethod
    def _add_side(index, heavy: dict, rule: int, prefixes, other, level: int) -> None:
        """Index ``rule`` by the prefixes of one side, and by its ``other`` side under each of
        those prefixes that many rules name."""
        index.add(rule, prefixes, level)
        if heavy:
            position = index.position
            for interval in prefixes:
                found = heavy.get(position[interval])
                if found is not None:
                    found.add(rule, other, level)

    def candidate_pools(self, key: tuple, meets: Callable[[int], bool],
                        best: int) -> tuple[Ranked, list[list[int]], list[tuple[AddressIndex, int, int]]]:
        """Candidates that together hold every later rule above level ``best`` whose source
        and destination may meet the key's (a superset): (level, rules) lists highest level
        first, lists of rules (each highest level first), and long slices of one address
        index to search best first (:meth:`AddressIndex.search`)."""
        src, dst = key[SRC], key[DST]
        if src is None and dst is None:
            return [self._all.ranked()], [], []
        proto, dports = key[PROTO], key[DPORTS]
        if best >= 0 and self.total <= _SMALL_GROUP:
            # A small group after a larger one found a level: its rules of the matching port
            # sets and blocks, in level order, cost less than two address lookups.
            return self._every.ranked_lists(proto, dports, src), [], []
        sides = []
        for side, intervals, index, any_side in (("src", src, self.src, self._src_any),
                                                 ("dst", dst, self.dst, self._dst_any)):
            if intervals is not None:
                inside, around, n = index.spans_counted(intervals)
                lists = index.lists
                # Prefixes (not rules) inside: a cheap measure of the side's breadth.
                n += any_side.size
                for k in around:
                    n += len(lists[k])
                if n <= _INTERSECT_ABOVE:  # few enough to check one by one
                    pools = list(map(lists.__getitem__, around))
                    for a, b in inside:
                        pools += lists[a:b]
                    return any_side.ranked_lists(proto, dports, dst if side == "src" else src), pools, []
                sides.append((n, side, index, inside, around, any_side))
        if len(sides) == 2:
            # Both sides broad, so the key likely meets many rules: the first rule met in
            # level order has the highest level, and is usually among the first few.
            scanned = 0
            if _SCAN_FIRST > 0:
                for level, bucket in self._all.ranked():
                    if level <= best:
                        return [], [], []
                    for j in bucket:
                        if meets(j):
                            return [[(level, [j])]], [], []
                        scanned += 1
                        if scanned >= _SCAN_FIRST:
                            break
                    else:
                        continue
                    break
            if self._all.size <= _SCAN_FIRST:
                return [], [], []
            sides.sort(key=lambda side: side[0])
            if not _narrow(sides[0][3]):
                # Both sides too broad for their lists: every rule of the group in level
                # order, of the port sets and source blocks that meet the key's.
                return self._every.ranked_lists(proto, dports, src), [], []
        _, side, index, inside, around, any_side = sides[0]
        other, open_side = (dst, self._src_any_by_dst) if side == "src" else (src, self._dst_any_by_src)
        lists = index.lists
        pools: list[list[int]] = []
        searches: list[tuple[AddressIndex, int, int]] = []
        _add_slices(index, inside, pools, searches)
        heavy = self._heavy[side]
        for k in around:
            found = heavy.get(k) if other is not None else None
            if found is not None:
                sub_inside, sub_around = found.index.spans(other)
                if _narrow(sub_inside):  # only the rules of that prefix whose other address meets
                    pools.append(found.open)
                    pools += sub_around
                    sub_lists = found.index.lists
                    for a, b in sub_inside:
                        pools += sub_lists[a:b]
                    continue
            pools.append(lists[k])
        if other is None or not self._open or any_side.size <= _OPEN_SIDE_ABOVE:
            return any_side.ranked_lists(proto, dports, other), pools, searches
        # The rules open on the chosen side: those open on both, and those whose other
        # address meets the key's (when those are a few lists).
        sub_inside, sub_around = open_side.spans(other)
        if not _narrow(sub_inside):
            return any_side.ranked_lists(proto, dports, other), pools, searches
        pools += sub_around
        sub_lists = open_side.lists
        for a, b in sub_inside:
            pools += sub_lists[a:b]
        return self._both_any.ranked_lists(proto, dports), pools, searches


def _narrow(inside: list[tuple[int, int]]) -> bool:
    if len(inside) == 1:
        return inside[0][1] - inside[0][0] <= _SEARCH_ABOVE
    return sum(b - a for a, b in inside) <= _SEARCH_ABOVE


def _add_slices(index: AddressIndex, inside: list[tuple[int, int]], pools: list[list[int]],
                searches: list[tuple[AddressIndex, int, int]]) -> None:
    """Short slices of ``index`` as lists to check, long ones as searches."""
    lists = index.lists
    for a, b in inside:
        if b - a <= _SEARCH_ABOVE:
            pools += lists[a:b]
        else:
            searches.append((index, a, b))


class _GroupLayout:
    """What a :class:`_LevelGroup` indexes besides every source and destination prefix:
    the source prefixes of its rules open on the destination, the destination prefixes of
    its rules open on the source, and per heavy prefix of each side the other side's
    prefixes of its rules."""

    def __init__(self) -> None:
        self.open_srcs: list[tuple[int, int]] = []
        self.open_dsts: list[tuple[int, int]] = []
        self.heavy_srcs: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.heavy_dsts: dict[tuple[int, int], list[tuple[int, int]]] = {}


def _group_layouts(keys: list[tuple], gkeys: list[tuple]) -> dict[tuple, _GroupLayout]:
    """Group (``gkeys[i]`` for rule i) -> its :class:`_GroupLayout`."""
    out: dict[tuple, _GroupLayout] = {}
    # Per group: prefix -> the other side of each rule naming it, for sources and destinations.
    per_prefix: dict[tuple, tuple[dict, dict]] = {}
    for key, gkey in zip(keys, gkeys):
        src, dst = key[SRC], key[DST]
        if src is None and dst is None:
            continue
        layout = out.get(gkey)
        if layout is None:
            layout = out[gkey] = _GroupLayout()
            per_prefix[gkey] = ({}, {})
        by_src, by_dst = per_prefix[gkey]
        if src is None:
            layout.open_dsts.extend(dst)
        else:
            if dst is None:
                layout.open_srcs.extend(src)
            for interval in src:
                others = by_src.get(interval)
                if others is None:
                    by_src[interval] = [dst]
                else:
                    others.append(dst)
        if dst is not None:
            for interval in dst:
                others = by_dst.get(interval)
                if others is None:
                    by_dst[interval] = [src]
                else:
                    others.append(src)
    for gkey, (by_src, by_dst) in per_prefix.items():
        layout = out[gkey]
        for by_prefix, heavy in ((by_src, layout.heavy_srcs), (by_dst, layout.heavy_dsts)):
            for interval, others in by_prefix.items():
                if len(others) >= _HEAVY:
                    heavy[interval] = [iv for other in others if other is not None for iv in other]
    return out


_SCAN_FIRST = 16
_SMALL_GROUP = 3000  # a group of at most this many rules is scanned in level order (port sets and blocks apart)
_PORT_CLASSES = 1024  # up to this many classes, open-side lists are split by them (_ByPort)
_BLOCK_BITS = 2  # first bits of the other address by which open-side lists are split
_SEARCH_ABOVE = 32  # slices of more prefixes are searched best first
_OPEN_SIDE_ABOVE = 16  # more rules open on the chosen side are looked up by their other address
_HEAVY = 64  # the rules of a prefix named this often are also indexed by their other address
_LAYOUT_ABOVE = 20_000  # rules from which the two above are used (below, their set-up costs more)
# From this share of rules matching any protocol, all protocols share one group (0: always).
_SHARE_FROM = 1 / 16


def rule_keys(policy: Policy) -> tuple[list[tuple], list[tuple]]:
    """:func:`rule_key` and :func:`_flat` of every rule. ACLs repeat the same networks and
    port sets on many lines, so each distinct field value is converted once (with its hull)."""
    address: dict = {}
    ports: dict = {}
    keys = []
    flat = []
    for rule in policy.rules:
        src, dst, sports, dports = rule.src, rule.dst, rule.src_ports, rule.dst_ports
        s = address.get(src)
        if s is None:
            s = address[src] = _with_hull(_address_key(src), _TOP128)
        d = address.get(dst)
        if d is None:
            d = address[dst] = _with_hull(_address_key(dst), _TOP128)
        sp = ports.get(sports)
        if sp is None:
            sp = ports[sports] = _with_hull(_ports_key(sports), 0xFFFF)
        dp = ports.get(dports)
        if dp is None:
            dp = ports[dports] = _with_hull(_ports_key(dports), 0xFFFF)
        in_ports = None if rule.in_ports is None else frozenset(rule.in_ports)
        eth, proto, itype, icode = rule.eth_type, rule.ip_proto, rule.icmp_type, rule.icmp_code
        keys.append((eth, proto, s[0], d[0], sp[0], dp[0], itype, icode, in_ports, (rule.action, rule.log)))
        # _flat(key), from the hulls found above
        flat.append((eth, proto, s[1], s[2], d[1], d[2], sp[1], sp[2], dp[1], dp[2],
                     -1 if itype is None else itype, -1 if icode is None else icode,
                     in_ports is not None or s[3] or d[3] or sp[3] or dp[3]))
    return keys, flat


def _with_hull(intervals: Intervals | None, top: int) -> tuple:
    """(intervals, first value, last value, whether the hull is not exact), as :func:`_flat`."""
    if intervals is None:
        return None, 0, top, False
    return intervals, intervals[0][0], intervals[-1][1], len(intervals) > 1


def _address_key(prefixes) -> Intervals | None:
    return None if is_full(prefixes) else tuple((p.value, p.last()) for p in prefixes)


def _ports_key(ports) -> Intervals | None:
    return None if _full_ports(ports) else tuple((r.lo, r.hi) for r in ports)


def _group_prefixes(keys: list[tuple], gkeys: list[tuple] | None = None) -> dict[tuple, tuple[list, list]]:
    """Group (``gkeys[i]`` for rule i; by default (eth_type, ip_proto, effect)) -> every source
    and destination prefix its rules name."""
    out: dict[tuple, tuple[list, list]] = {}
    if gkeys is None:
        gkeys = [(key[ETH], key[PROTO], key[EFFECT]) for key in keys]
    for key, gkey in zip(keys, gkeys):
        found = out.get(gkey)
        if found is None:
            found = out[gkey] = ([], [])
        if key[SRC] is not None:
            found[0].extend(key[SRC])
        if key[DST] is not None:
            found[1].extend(key[DST])
    return out


def _protocol_groups(keys: list[tuple]) -> tuple[list[tuple], bool]:
    """The group of :func:`conflict_levels` of every rule, and whether a group holds several
    protocols.

    A query of protocol p visits the groups of p and of "any protocol" (a query of any
    protocol visits every group), and each visit costs two address lookups. When many rules
    match any protocol (ClassBench acl1 and ipc1 sets: 8% to 34%), every query meets a large
    "any protocol" group anyway, so all protocols share one group per (eth_type, effect):
    half the lookups, for a few candidates of other protocols (which the protocol
    comparison of every candidate rejects). When few do (fw1 sets: 1%), rules of different
    protocols often name the same addresses, and keeping them apart keeps their candidates
    out of each other's queries: groups are (eth_type, ip_proto, effect).
    """
    any_protocol = sum(1 for key in keys if key[PROTO] is None)
    if any_protocol < _SHARE_FROM * len(keys):
        return [(key[ETH], key[PROTO], key[EFFECT]) for key in keys], False
    shared = len({key[PROTO] for key in keys}) > 1
    return [(key[ETH], None, key[EFFECT]) for key in keys], shared


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
