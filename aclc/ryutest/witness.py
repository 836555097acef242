"""Witness packets: for a rule, packets it decides (first match), and packets at the
edges of its port ranges and prefixes, just inside and just outside.

Candidates are built from the rule's own fields and checked with the ACL's
first-match order; only when none of them reaches the rule (earlier rules cover
the obvious values) the BDD model is asked for a packet of "this rule and none
before it". A rule that no packet reaches is reported as shadowed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from ..evaluate import rule_matches
from ..packet import Packet
from ..policy import (
    ADDRESS_WIDTH, ETH_ARP, ETH_IPV4, ETH_IPV6, ICMP_PROTOCOLS, PORT_PROTOCOLS, PROTO_ICMP, PROTO_ICMPV6,
    PROTO_TCP, PROTO_UDP, Policy, Prefix, Rule,
)
from .packets import can_build
from .testbuild import TARGET_RECV_PORT

# Addresses and ports used when a rule leaves a field open (documentation ranges).
FREE_SRC = {ETH_IPV4: 0xC0000201, ETH_IPV6: 0x20010DB8000000000000000000000101, ETH_ARP: 0xC0000201}
FREE_DST = {ETH_IPV4: 0xC6336402, ETH_IPV6: 0x20010DB8000000000000000000000202, ETH_ARP: 0xC6336402}
FREE_SRC_PORT = 40000
FREE_DST_PORT = 8081


@dataclass(frozen=True)
class Probe:
    """A packet to send, and why: the rule it witnesses (None: the default) and what kind."""

    packet: Packet
    rule: int | None  # the rule this probe was made for (None: the default action)
    kind: str  # "witness", "edge", "default"
    note: str = ""


class _PrefixSplit:
    """Rules (in index order) split by the prefixes of one address field: a packet need only
    look at the rules with no such prefix and at the group of each prefix length it falls in.
    A large group is split again by the next field (destination, then source)."""

    SPLIT_AT = 32  # a group this large is split by the next field

    def __init__(self, rules: list[Rule], fields: tuple[str, ...]):
        name, more = fields[0], fields[1:]
        by_prefix: dict[tuple[int, int], list[Rule]] = {}
        rest = []
        for rule in rules:
            prefixes = getattr(rule, name)
            if prefixes is None or rule.eth_type not in ADDRESS_WIDTH:
                rest.append(rule)
                continue
            for p in prefixes:
                by_prefix.setdefault((p.length, p.value >> (p.width - p.length)), []).append(rule)
        self.name = name
        self.lengths = sorted({length for length, _ in by_prefix})
        self.rest = rest
        self.groups = {key: (_PrefixSplit(group, more) if more and len(group) > self.SPLIT_AT else group)
                       for key, group in by_prefix.items()}

    def lists(self, packet: Packet, width: int | None):
        """The lists of rules (each in index order) that may match ``packet``."""
        yield self.rest
        if width is None:
            return
        address = getattr(packet, self.name)
        for length in self.lengths:
            group = self.groups.get((length, address >> (width - length)))
            if group is None:
                continue
            if isinstance(group, _PrefixSplit):
                yield from group.lists(packet, width)
            else:
                yield group


class RuleIndex:
    """First match over a Policy without scanning every rule: rules are bucketed by
    (eth_type, ip_proto), then by destination prefix and, where many share one, by source
    prefix; only candidates are checked, with :func:`aclc.evaluate.rule_matches`, lowest index
    first."""

    def __init__(self, policy: Policy):
        self.policy = policy
        grouped: dict[tuple, list[Rule]] = {}
        for rule in policy.rules:
            grouped.setdefault((rule.eth_type, rule.ip_proto), []).append(rule)
        self.buckets = {key: _PrefixSplit(rules, ("dst", "src")) for key, rules in grouped.items()}

    def first_match(self, packet: Packet, stop: int | None = None) -> int | None:
        proto = packet.ip_proto if packet.is_ip else None
        width = ADDRESS_WIDTH.get(packet.eth_type)
        best = stop
        for key in {(packet.eth_type, proto), (packet.eth_type, None), (None, None), (None, proto)}:
            split = self.buckets.get(key)
            if split is None:
                continue
            for group in split.lists(packet, width):
                for rule in group:
                    if best is not None and rule.index >= best:
                        break
                    if rule_matches(rule, packet):
                        best = rule.index
                        break
        return None if best == stop else best


_INDEXES: dict[int, RuleIndex] = {}


def rule_index(policy: Policy) -> RuleIndex:
    found = _INDEXES.get(id(policy))
    if found is None or found.policy is not policy:
        found = RuleIndex(policy)
        _INDEXES.clear()
        _INDEXES[id(policy)] = found
    return found


def first_match(policy: Policy, packet: Packet, stop: int | None = None) -> int | None:
    """Index of the first rule matching ``packet`` (looking at rules before ``stop`` only)."""
    return rule_index(policy).first_match(packet, stop)


def decides(policy: Policy, rule: Rule, packet: Packet) -> bool:
    return rule_matches(rule, packet) and first_match(policy, packet, rule.index) is None


def _points(prefixes: tuple[Prefix, ...] | None, free: int) -> list[int]:
    if prefixes is None or (len(prefixes) == 1 and prefixes[0].length == 0):
        return [free]
    out = []
    for p in (prefixes[0], prefixes[-1], prefixes[len(prefixes) // 2]):
        size = p.last() - p.value + 1
        out.extend([p.value + size // 2 + (1 if size > 2 else 0), p.value, p.last()])
    return list(dict.fromkeys(out))


def _port_points(ranges, free: int) -> list[int]:
    if ranges is None:
        return [free]
    out = []
    for r in (ranges[0], ranges[-1], ranges[len(ranges) // 2]):
        out.extend([(r.lo + r.hi) // 2, r.lo, r.hi])
    return list(dict.fromkeys(out))


def _base(rule: Rule) -> tuple[int, int] | None:
    """(eth_type, ip_proto) of the packets that can witness ``rule``."""
    eth = rule.eth_type
    if eth is None:
        eth = ETH_IPV4
    proto = rule.ip_proto
    if eth in (ETH_IPV4, ETH_IPV6):
        if proto is None:
            proto = PROTO_TCP
    else:
        proto = 0
    return eth, proto


def candidates(rule: Rule) -> Iterator[Packet]:
    """Packets that match ``rule`` (in order of preference), built from its fields."""
    eth, proto = _base(rule)
    srcs = _points(rule.src, FREE_SRC.get(eth, 0))
    dsts = _points(rule.dst, FREE_DST.get(eth, 0))
    has_ports = eth in (ETH_IPV4, ETH_IPV6) and proto in PORT_PROTOCOLS
    sports = _port_points(rule.src_ports, FREE_SRC_PORT) if has_ports else [0]
    dports = _port_points(rule.dst_ports, FREE_DST_PORT) if has_ports else [0]
    icmp = eth in (ETH_IPV4, ETH_IPV6) and proto in ICMP_PROTOCOLS
    if icmp:
        echo = 8 if proto == PROTO_ICMP else 128
        types = [rule.icmp_type] if rule.icmp_type is not None else [echo, 3 if proto == PROTO_ICMP else 1]
        codes = [rule.icmp_code] if rule.icmp_code is not None else [0]
    else:
        types = codes = [0]
    base = Packet(TARGET_RECV_PORT, eth, srcs[0], dsts[0], proto if eth in (ETH_IPV4, ETH_IPV6) else 0,
                  sports[0], dports[0], types[0], codes[0])
    yield base
    # Vary one field at a time, then all of them together.
    for name, values in (("src", srcs), ("dst", dsts), ("src_port", sports), ("dst_port", dports),
                         ("icmp_type", types)):
        for v in values[1:]:
            yield replace(base, **{name: v})
    for i in range(1, max(len(srcs), len(dsts), len(sports), len(dports))):
        yield replace(base, src=srcs[i % len(srcs)], dst=dsts[i % len(dsts)],
                      src_port=sports[i % len(sports)], dst_port=dports[i % len(dports)])
    if rule.eth_type is None and rule.ip_proto is None:
        # A rule over every frame: try the other kinds of traffic too.
        yield Packet(TARGET_RECV_PORT, ETH_IPV6, FREE_SRC[ETH_IPV6], FREE_DST[ETH_IPV6], PROTO_UDP, 5353, 5353)
        yield Packet(TARGET_RECV_PORT, ETH_ARP, FREE_SRC[ETH_ARP], FREE_DST[ETH_ARP])
        yield Packet(TARGET_RECV_PORT, 0x88B5)


def reachable_by_probe(rule: Rule) -> str | None:
    """Why the tester cannot send a packet this rule matches, or None when it can."""
    if rule.in_ports is not None and TARGET_RECV_PORT not in rule.in_ports:
        ports = ", ".join(map(str, rule.in_ports))
        return f"matches only in_port {ports}; the tester sends on port {TARGET_RECV_PORT}"
    if rule.eth_type is not None and not can_build(Packet(eth_type=rule.eth_type)):
        return f"ethertype 0x{rule.eth_type:04x} is a tag or tunnel the switch parses through"
    return None


class BddWitness:
    """Fallback: a packet of "rule i and no earlier rule", from the BDD model."""

    def __init__(self, policy: Policy):
        from ..semantics.encoding import Space
        from ..semantics.policy import rule_match

        self.policy = policy
        self.space = Space()
        self._rule_match = rule_match
        self._cache: dict[int, object] = {}
        self._union = self.space.false
        self._union_upto = 0

    def _match(self, index: int):
        u = self._cache.get(index)
        if u is None:
            u = self._rule_match(self.space, self.policy.rules[index])
            self._cache[index] = u
        return u

    def _earlier(self, stop: int):
        """The union of the matches of rules 0 .. stop-1, grown from the last one asked for: the
        planner asks in rule order, so the union is built once instead of once per rule."""
        if stop < self._union_upto:
            self._union, self._union_upto = self.space.false, 0
        for j in range(self._union_upto, stop):
            self._union |= self._match(j)
        self._union_upto = stop
        return self._union

    def decided_region(self, index: int | None):
        """Packets on the tester's port that rule ``index`` (None: the default) decides."""
        space = self.space
        region = space.true if index is None else self._match(index)
        region &= space.eq("in_port", TARGET_RECV_PORT)
        stop = len(self.policy.rules) if index is None else index
        return region & ~self._earlier(stop)

    def packet(self, index: int | None) -> Packet | None:
        from ..semantics.witness import pick_packet

        region = self.decided_region(index)
        space = self.space
        # Frames the tester can build: not a tag/tunnel ethertype, not an 802.3 length.
        for eth in sorted(packet_ethertypes_excluded()):
            region &= ~space.eq("eth_type", eth)
        region &= ~space.range("eth_type", 0, 0x05FF)
        packet = pick_packet(space, region)
        if packet is None:
            return None
        return replace(packet, in_port=TARGET_RECV_PORT)


def packet_ethertypes_excluded() -> frozenset[int]:
    from .packets import UNTESTABLE_ETHERTYPES

    return UNTESTABLE_ETHERTYPES


def rule_witness(policy: Policy, rule: Rule, bdd: BddWitness | None) -> Packet | None:
    for packet in candidates(rule):
        if can_build(packet) and decides(policy, rule, packet):
            return packet
    if bdd is not None:
        packet = bdd.packet(rule.index)
        if packet is not None and decides(policy, rule, packet):
            return packet
    return None


def edge_packets(rule: Rule, witness: Packet, limit: int) -> list[Packet]:
    """Packets just inside and just outside the rule's port ranges and prefixes.

    Each differs from the witness in one field; what decides them is left to the
    evaluators (an outside packet is decided by a later rule or the default).
    """
    out: list[Packet] = []
    if witness.has_ports:
        for name, ranges in (("dst_port", rule.dst_ports), ("src_port", rule.src_ports)):
            if ranges is None:
                continue
            for r in (ranges[0], ranges[-1]):
                for v in (r.lo - 1, r.lo, r.hi, r.hi + 1):
                    if 0 <= v <= 0xFFFF:
                        out.append(replace(witness, **{name: v}))
    width = ADDRESS_WIDTH.get(witness.eth_type)
    if width is not None:
        for name, prefixes in (("dst", rule.dst), ("src", rule.src)):
            if prefixes is None:
                continue
            for p in (prefixes[0], prefixes[-1]):
                if p.length == 0:
                    continue
                for v in (p.value - 1, p.value, p.last(), p.last() + 1):
                    if 0 <= v < (1 << width):
                        out.append(replace(witness, **{name: v}))
    if witness.has_icmp and rule.icmp_type is not None:
        out.append(replace(witness, icmp_type=(rule.icmp_type + 1) & 0xFF))
        if rule.icmp_code is not None:
            out.append(replace(witness, icmp_code=(rule.icmp_code + 1) & 0xFF))
    unique = [p for p in dict.fromkeys(out) if p != witness]
    return unique[:limit]


def default_candidates() -> list[Packet]:
    p = TARGET_RECV_PORT
    return [
        Packet(p, ETH_IPV4, 0xCB007101, 0xCB007102, PROTO_TCP, 40001, 9),
        Packet(p, ETH_IPV6, 0x20010DB8FFFF00000000000000000001, 0x20010DB8FFFF00000000000000000002, PROTO_UDP, 40001, 9),
        Packet(p, ETH_IPV4, 0xCB007103, 0xCB007104, PROTO_ICMP, icmp_type=13),
        Packet(p, ETH_IPV6, 0x20010DB8FFFF00000000000000000003, 0x20010DB8FFFF00000000000000000004, PROTO_ICMPV6,
               icmp_type=128),
        Packet(p, ETH_ARP, 0xCB007105, 0xCB007106),
        Packet(p, 0x88B5),
    ]


def default_probes(policy: Policy, bdd: BddWitness | None, limit: int = 4) -> list[Probe]:
    """Packets the default action decides: a few kinds of traffic no rule matches."""
    out = [Probe(pk, None, "default", "no rule matches") for pk in default_candidates()
           if first_match(policy, pk) is None]
    if not out and bdd is not None:
        packet = bdd.packet(None)
        if packet is not None and first_match(policy, packet) is None:
            out.append(Probe(packet, None, "default", "no rule matches"))
    return out[:limit]
