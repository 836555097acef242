"""A fast over-approximate index of which rules may overlap which.

Each rule is a box: a product of value sets, one per field. Two boxes meet
exactly when every field's sets meet, so per field we compute the bitset
(a Python int, bit i = rule i) of rules whose set meets a given set, and AND
the fields. Missing protocol guards only make a box larger, so the index may
name pairs that do not overlap (callers confirm with BDDs) but never misses one.

Address fields use the nesting of prefixes (two prefixes meet iff one contains
the other): the rules at each ancestor, plus every rule below the prefix.
Connection states are a set per rule: two rules meet only if their sets share a
state (a rule without states has all of them).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import partial
from operator import attrgetter, eq, is_

from ..policy import (
    ADDRESS_WIDTH, ETH_IPV4, ETH_IPV6, ICMP_PROTOCOLS, PORT_PROTOCOLS, Policy, Rule, connection_state,
)

_SCALARS = ("eth_type", "ip_proto", "icmp_type", "icmp_code")
_INDEX = attrgetter("index")
_IN_PORTS = attrgetter("in_ports")
_CT_STATE = attrgetter("ct_state")
_FEW_VALUES = 16
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _equal_bits(values: list, value) -> int:
    """Bitset of the positions of ``values`` holding ``value`` (None: holding None).

    The flags become the binary digits of the result, last position first.
    """
    test = partial(is_, None) if value is None else partial(eq, value)
    digits = bytes(map(test, values)).translate(_DIGITS)[::-1]
    return int(digits, 2) if digits else 0


class OverlapIndex:
    def __init__(self, policy: Policy) -> None:
        rules = policy.rules
        self.all = (1 << len(rules)) - 1
        self._count = len(rules)
        self._scalar: dict[str, tuple[dict[int, int], int]] = {}
        in_order = all(map(eq, map(_INDEX, rules), range(len(rules))))
        for name in _SCALARS:
            values = list(map(attrgetter(name), rules))
            distinct = set(values)
            if in_order and len(distinct) <= _FEW_VALUES:
                # Few values (the usual case): one bitset per value, built without a Python step per rule.
                exact = {v: _equal_bits(values, v) for v in distinct if v is not None}
                self._scalar[name] = (exact, _equal_bits(values, None) if None in distinct else 0)
                continue
            lists: dict[int, list[int]] = {}
            wild = []
            for r in rules:
                v = getattr(r, name)
                if v is None:
                    wild.append(r.index)
                else:
                    lists.setdefault(v, []).append(r.index)
            self._scalar[name] = (_bitsets(lists), bitset(wild))
        exact, wild = {}, []
        in_ports = list(map(_IN_PORTS, rules))
        if in_order and in_ports.count(None) == len(rules):
            self._in_port = ({}, self.all)
        else:
            for r in rules:
                if r.in_ports is None:
                    wild.append(r.index)
                else:
                    for p in r.in_ports:
                        exact.setdefault(p, []).append(r.index)
            self._in_port = (_bitsets(exact), bitset(wild))
        # Connection states: per state, the rules naming it; the rules without states meet every one.
        self._states: tuple[dict[str, int], int] | None = None
        if not (in_order and list(map(_CT_STATE, rules)).count(None) == len(rules)):
            named: dict[str, list[int]] = {}
            wild = []
            for r in rules:
                if r.ct_state is None:
                    wild.append(r.index)
                else:
                    for name in set(r.ct_state):
                        named.setdefault(name, []).append(r.index)
            self._states = (_bitsets(named), bitset(wild))
        self._state_cache: dict = {}
        self._ranges = {name: self._range_table(rules, name) for name in ("src_ports", "dst_ports")}
        self._prefixes = {name: self._prefix_table(rules, name) for name in ("src", "dst")}
        self._port_cache: dict = {}
        self._port_point_cache: dict = {}  # (field, port) -> bitset
        self._prefix_cache: dict = {}
        self._leaf_cache: dict = {}  # (field, leaf prefix) -> bitset, only leaves of several rules
        self._chain_cache: dict = {}  # (field, prefix of several rules) -> rules at it and above it
        self._lengths: dict = {}  # (field, width) -> prefix lengths in the table, longest first
        self._scalar_cache: dict = {}

    # ---------------------------------------------------------------- building

    @staticmethod
    def _range_table(rules, name):
        by_range: dict[tuple[int, int], list[int]] = {}
        wild = []
        for r in rules:
            ranges = getattr(r, name)
            if ranges is None:
                wild.append(r.index)
            else:
                for rg in ranges:
                    by_range.setdefault((rg.lo, rg.hi), []).append(r.index)
        return sorted(_bitsets(by_range).items()), bitset(wild)

    @staticmethod
    def _prefix_table(rules, name):
        lists: dict[tuple[int, int, int], list[int]] = {}
        wild = []
        for r in rules:
            prefixes = getattr(r, name)
            if prefixes is None:
                wild.append(r.index)
            else:
                for p in prefixes:
                    key = (p.width, p.value, p.length)
                    found = lists.get(key)
                    if found is None:
                        lists[key] = [r.index]
                    else:
                        found.append(r.index)
        # Visited by (width, first address, length): a prefix's descendants follow it, and
        # the stack holds exactly the prefixes that contain the one being visited. Each
        # width is sorted as integers (first address, then length, in one int): much
        # cheaper than sorting the key tuples.
        # Most prefixes are leaves under a few short ones. Only a parent gets bitsets of
        # its own (its chain, shared by its children, and the rules at or inside it); a
        # leaf keeps its index list, made into a bitset when a query needs it. A bitset
        # per leaf would cost (rules) x (distinct prefixes) bits: gigabytes at 100k rules.
        by_width: dict[int, list[int]] = {}
        for width, value, length in lists:
            by_width.setdefault(width, []).append((value << 8) | length)
        wild_bits = bitset(wild)
        up: dict[tuple[int, int, int], int] = {}  # wild rules and rules at a prefix strictly containing it
        below: dict[tuple[int, int, int], int] = {}  # rules at or inside a prefix (parents only)
        ordered: list[tuple[int, int, int]] = []
        flat: list[int] = []  # rule indices in visiting order: a prefix's subtree is one slice
        for width in sorted(by_width):
            # stack entries: (key, last address, chain bits of the key or None, start in flat, parent)
            stack: list = []
            for code in sorted(by_width[width]):
                value = code >> 8
                while stack and stack[-1][1] < value:
                    done = stack.pop()
                    if done[4]:
                        below[done[0]] = bitset(flat[done[3]:])
                key = (width, value, code & 255)
                ordered.append(key)
                if stack:
                    top = stack[-1]
                    bits = top[2]
                    if bits is None:  # the top gets a child: it is a parent
                        bits = bitset(lists[top[0]]) | up[top[0]]
                        stack[-1] = (top[0], top[1], bits, top[3], True)
                    up[key] = bits
                else:
                    up[key] = wild_bits
                stack.append((key, value | ((1 << (width - (code & 255))) - 1), None, len(flat), False))
                flat.extend(lists[key])
            while stack:
                done = stack.pop()
                if done[4]:
                    below[done[0]] = bitset(flat[done[3]:])
        return lists, below, up, wild_bits, ordered

    # ---------------------------------------------------------------- queries

    def _ports_meeting(self, name: str, ranges) -> int:
        table, wild = self._ranges[name]
        if ranges is None:
            return self.all
        key = (name, ranges)
        found = self._port_cache.get(key)
        if found is None:
            found = wild
            for rg in ranges:
                for (lo, hi), bits in table:
                    if lo <= rg.hi and rg.lo <= hi:
                        found |= bits
            self._port_cache[key] = found
        return found

    def _prefixes_meeting(self, name: str, prefixes) -> int:
        if prefixes is None:
            return self.all
        lists, below, up, wild, ordered = self._prefixes[name]
        if len(prefixes) == 1:  # the usual case: not cached, each answer is a bitset over all rules
            p = prefixes[0]
            return self._prefix_bits(name, (p.width, p.value, p.length))
        key = (name, prefixes)
        found = self._prefix_cache.get(key)
        if found is None:
            found = wild
            for p in prefixes:
                at = (p.width, p.value, p.length)
                if at in up:
                    inside = below.get(at)
                    found |= up[at] | (inside if inside is not None else bitset(lists[at]))
                    continue
                for length in range(p.length + 1):
                    mask = ((1 << length) - 1) << (p.width - length)
                    ancestor = lists.get((p.width, p.value & mask, length))
                    if ancestor is not None:
                        found |= bitset(ancestor)
                found |= bitset(_inside(ordered, lists, at))
            self._prefix_cache[key] = found
        return found

    def _prefix_bits(self, name: str, at: tuple[int, int, int]) -> int:
        """The rules whose prefix in field ``name`` meets the prefix ``at`` (width, value, length)."""
        lists, below, up, wild, ordered = self._prefixes[name]
        chain = up.get(at)
        if chain is not None:  # a prefix of the policy: its chain is precomputed
            inside = below.get(at)
            if inside is None:  # a leaf: the rules at it, most often one
                at_leaf = lists[at]
                if len(at_leaf) == 1:
                    inside = 1 << at_leaf[0]
                else:  # a leaf many rules share is asked for again and again: its bitset is kept
                    inside = self._leaf_cache.get((name, at))
                    if inside is None:
                        inside = self._leaf_cache[(name, at)] = bitset(at_leaf)
            return chain | inside
        # A prefix no rule names (lint asks about single packets): the rules at its ancestors
        # are those at its deepest ancestor in the table and above it, kept per ancestor (not
        # per query: one bitset per packet asked about would pile up), plus the rules inside it.
        return self._ancestors_bits(name, at) | self._inside_bits(name, at)

    def _ancestors_bits(self, name: str, at: tuple[int, int, int]) -> int:
        """Rules at the prefixes strictly containing ``at`` (a prefix not in the table), and the
        rules that leave the field free."""
        lists, below, up, wild, ordered = self._prefixes[name]
        width, value, length = at
        lengths = self._lengths.get((name, width))
        if lengths is None:  # the lengths in use, longest first: the deepest ancestor is found first
            lengths = self._lengths[(name, width)] = sorted({k[2] for k in ordered if k[0] == width}, reverse=True)
        for used in lengths:
            if used >= length:
                continue
            ancestor = (width, value & (((1 << used) - 1) << (width - used)), used)
            if ancestor in up:
                at_ancestor = lists[ancestor]
                if len(at_ancestor) == 1:  # most often: not kept (a bitset per prefix adds up to gigabytes)
                    return up[ancestor] | 1 << at_ancestor[0]
                chain = self._chain_cache.get((name, ancestor))
                if chain is None:  # what a child of ``ancestor`` sees above it
                    chain = self._chain_cache[(name, ancestor)] = up[ancestor] | bitset(at_ancestor)
                return chain
        return wild

    def _inside_bits(self, name: str, at: tuple[int, int, int]) -> int:
        """Rules at prefixes strictly inside ``at`` (a prefix not in the table)."""
        width, value, length = at
        if length == width:  # a single address: nothing is inside it
            return 0
        found = self._prefix_cache.get((name, at))
        if found is None:
            lists, below, up, wild, ordered = self._prefixes[name]
            found = self._prefix_cache[(name, at)] = bitset(_inside(ordered, lists, at))
        return found

    def meeting(self, rule: Rule, within: int | None = None) -> int:
        """Bitset of rules that may overlap ``rule`` (a superset; includes ``rule`` itself),
        among ``within`` (a bitset; default all rules)."""
        # ``within`` is ANDed with the rules' bitsets below, which name no bit past the
        # last rule; only a rule that constrains none of the fields keeps it as given.
        bits = self.all if within is None else within
        # The address and port fields first (most often constrained), then the scalars;
        # a field the rule leaves free meets every rule: no AND over all rules for it.
        if rule.src is not None:
            bits &= self._prefixes_meeting("src", rule.src)
        if bits and rule.dst is not None:
            bits &= self._prefixes_meeting("dst", rule.dst)
        if bits and rule.dst_ports is not None:
            bits &= self._ports_meeting("dst_ports", rule.dst_ports)
        if bits and rule.src_ports is not None:
            bits &= self._ports_meeting("src_ports", rule.src_ports)
        if not bits:
            return 0
        for name in _SCALARS:
            v = getattr(rule, name)
            if v is not None:
                bits &= self._scalar_bits(name, v)
                if not bits:
                    return 0
        if rule.in_ports is not None:
            exact, wild = self._in_port
            found = wild
            for p in rule.in_ports:
                found |= exact.get(p, 0)
            bits &= found
        if rule.ct_state is not None and self._states is not None:
            bits &= self._state_bits(rule.ct_state)
        if bits < 0 or bits.bit_length() > self._count:
            bits &= self.all
        return bits

    def _state_bits(self, states) -> int:
        """The rules that match some of ``states`` (connection state names) or any state."""
        found = self._state_cache.get(states)
        if found is None:
            named, found = self._states
            for name in states:
                found |= named.get(name, 0)
            self._state_cache[states] = found
        return found

    def meeting_packet(self, packet, within: int | None = None) -> int:
        """:meth:`meeting` of the rule matching exactly the fields ``packet`` (a
        :class:`~aclc.packet.Packet`) carries: the rules that may match it, among ``within``.
        Lint asks this of hundreds of thousands of packets: no rule is built for them."""
        bits = self.all if within is None else within
        width = ADDRESS_WIDTH.get(packet.eth_type)
        if width:
            bits &= self._prefix_bits("src", (width, packet.src, width))
            if bits:
                bits &= self._prefix_bits("dst", (width, packet.dst, width))
        is_ip = packet.eth_type in (ETH_IPV4, ETH_IPV6)
        if bits and is_ip and packet.ip_proto in PORT_PROTOCOLS:
            bits &= self._port_bits("dst_ports", packet.dst_port)
            if bits:
                bits &= self._port_bits("src_ports", packet.src_port)
        if not bits:
            return 0
        bits &= self._scalar_bits("eth_type", packet.eth_type)
        if bits and is_ip:
            bits &= self._scalar_bits("ip_proto", packet.ip_proto)
            if bits and packet.ip_proto in ICMP_PROTOCOLS:
                bits &= self._scalar_bits("icmp_type", packet.icmp_type)
                if bits:
                    bits &= self._scalar_bits("icmp_code", packet.icmp_code)
        if not bits:
            return 0
        exact, wild = self._in_port
        bits &= exact.get(packet.in_port, 0) | wild
        if self._states is not None:  # a rule with states matches only IP packets in one of them
            bits &= self._state_bits((connection_state(packet.ct_state),)) if is_ip else self._states[1]
        if bits < 0 or bits.bit_length() > self._count:
            bits &= self.all
        return bits

    def _scalar_bits(self, name: str, value: int) -> int:
        """The rules whose field ``name`` is ``value`` or free: a few values per field, one bitset
        each, kept."""
        found = self._scalar_cache.get((name, value))
        if found is None:
            exact, wild = self._scalar[name]
            found = self._scalar_cache[(name, value)] = exact.get(value, 0) | wild
        return found

    def _port_bits(self, name: str, port: int) -> int:
        """The rules whose range in field ``name`` holds ``port`` or that leave it free."""
        key = (name, port)
        found = self._port_point_cache.get(key)
        if found is None:
            table, found = self._ranges[name]
            for (lo, hi), bits in table:
                if lo <= port <= hi:
                    found |= bits
            self._port_point_cache[key] = found
        return found


def _inside(ordered: list, lists: dict, at: tuple[int, int, int]) -> list[int]:
    """Indices of the rules at prefixes of ``ordered`` (sorted keys) inside the prefix ``at``."""
    width, value, length = at
    last = value | ((1 << (width - length)) - 1)
    out: list[int] = []
    for key in ordered[bisect_left(ordered, at):]:
        if key[0] != width or key[1] > last:
            break
        if key[2] >= length:
            out.extend(lists[key])
    return out


def bitset(indices) -> int:
    """The bitset (bit i = rule i) of a collection of indices, built in linear time."""
    indices = list(indices)
    if len(indices) <= 8:
        bits = 0
        for i in indices:
            bits |= 1 << i
        return bits
    buf = bytearray((max(indices) >> 3) + 1)
    for i in indices:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _bitsets(lists: dict) -> dict:
    return {key: bitset(indices) for key, indices in lists.items()}


def iter_bits(bits: int):
    """Indices of the set bits, lowest first.

    Each step of ``bits & -bits`` costs time in proportion to the whole int (a few microseconds
    at 100k rules), so a long walk over a wide bitset goes over its bytes instead, after the
    first few indices (most callers that stop early stop there)."""
    taken = 0
    while bits:
        if taken == _BYTEWISE_AFTER and bits.bit_length() > _BYTEWISE_WIDTH:
            yield from _iter_bits_bytewise(bits)
            return
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low
        taken += 1


_BYTEWISE_AFTER = 8
_BYTEWISE_WIDTH = 4096
_NONZERO = bytes([0] + [1] * 255)


def _iter_bits_bytewise(bits: int):
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    nonzero = data.translate(_NONZERO)  # 1 at every byte holding a set bit
    at = nonzero.find(1)
    while at >= 0:
        byte, base = data[at], at << 3
        while byte:
            low = byte & -byte
            yield base + low.bit_length() - 1
            byte ^= low
        at = nonzero.find(1, at + 1)
