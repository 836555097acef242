"""The round-trip check: does the imported ACL decide like its source?

Packets are drawn from the values the source talks about (every address
prefix's first and last address and their neighbours, every port range edge,
every protocol and ICMP type named) plus uniformly random values, and from
packets built inside each rule with one field pushed just outside it. Each
packet is decided twice: by the importer's own evaluator of the source format
and by :func:`aclc.evaluate.evaluate_policy` on the Policy that the front
end builds from the generated source. Only permit/deny is compared; log
flags are checked by the golden files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Iterable

from ..errors import CheckFailed
from ..packet import Packet
from ..policy import ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy
from .model import ImportedRule, Match

DEFAULT_SAMPLES = 3000
PER_RULE = 6  # packets built around each rule (inside, and one field just outside)


@dataclass(frozen=True)
class CheckReport:
    acl: str
    packets: int

    def __str__(self) -> str:
        return f"{self.acl}: {self.packets} packets decided alike by the source and the imported ACL"


def policy_action(policy: Policy, packet: Packet) -> str:
    """The action of the first rule that matches (the default's when none does)."""
    from ..evaluate import rule_matches

    action = next((rule.action for rule in policy.rules if rule_matches(rule, packet)), policy.default_action)
    return "permit" if action == Action.PERMIT else "deny"


class _Pools:
    """Interesting values per field, collected from the rules' matches."""

    def __init__(self, family: int, rules: Iterable[ImportedRule], in_ports: Iterable[int]):
        self.family = family
        self.width = 32 if family == 4 else 128
        top = (1 << self.width) - 1
        self.addresses: set[int] = {0, top}
        self.ports: set[int] = {0, 1, 1023, 1024, 65535}
        self.protos: set[int] = {6, 17, 1 if family == 4 else 58, 47}
        self.icmp: set[tuple[int, int]] = {(0, 0), (8, 0), (3, 3), (128, 0), (135, 0), (136, 0)}
        self.in_ports: set[int] = set(in_ports) | {1, 2, 999}
        for rule in rules:
            m = rule.match
            for side in (m.src, m.dst):
                if side is not None:
                    for p in side.prefixes[:64]:
                        for v in (p.value - 1, p.value, p.last(), p.last() + 1):
                            if 0 <= v <= top:
                                self.addresses.add(v)
            for ports in (m.src_ports, m.dst_ports):
                for r in ports or ():
                    for v in (r.lo - 1, r.lo, r.hi, r.hi + 1):
                        if 0 <= v <= 0xFFFF:
                            self.ports.add(v)
            if m.proto is not None:
                self.protos.add(m.proto)
            if m.icmp_type is not None:
                for t in (m.icmp_type - 1, m.icmp_type, m.icmp_type + 1):
                    if 0 <= t <= 255:
                        self.icmp.add((t, m.icmp_code if m.icmp_code is not None else 0))
                        self.icmp.add((t, (m.icmp_code or 0) + 1))
        self.address_list = sorted(self.addresses)
        self.port_list = sorted(self.ports)
        self.proto_list = sorted(self.protos)
        self.icmp_list = sorted(self.icmp)
        self.in_port_list = sorted(self.in_ports)

    def address(self, rng: random.Random) -> int:
        if rng.random() < 0.8:
            return rng.choice(self.address_list)
        return rng.getrandbits(self.width)

    def port(self, rng: random.Random) -> int:
        return rng.choice(self.port_list) if rng.random() < 0.8 else rng.randrange(65536)

    def packet(self, rng: random.Random) -> Packet:
        proto = rng.choice(self.proto_list) if rng.random() < 0.9 else rng.randrange(1, 256)
        icmp_type, icmp_code = rng.choice(self.icmp_list) if rng.random() < 0.8 else \
            (rng.randrange(256), rng.randrange(256))
        return Packet(in_port=rng.choice(self.in_port_list),
                      eth_type=ETH_IPV6 if self.family == 6 else ETH_IPV4,
                      src=self.address(rng), dst=self.address(rng), ip_proto=proto,
                      src_port=self.port(rng), dst_port=self.port(rng),
                      icmp_type=icmp_type, icmp_code=icmp_code,
                      ct_state=rng.choice(_STATE_BITS) if rng.random() < 0.8 else rng.randrange(32),
                      tcp_flags=rng.choice(_FLAG_VALUES) if rng.random() < 0.6 else rng.randrange(1 << 9))


# Conntrack bits of each state (and one of each mixed reading), and common TCP flag sets.
_STATE_BITS = (0x01, 0x02, 0x04, 0x10, 0x00, 0x05, 0x0A)
_STATE_OF = {"new": 0x01, "established": 0x02, "related": 0x04, "invalid": 0x10}
_FLAG_VALUES = (0x002, 0x012, 0x010, 0x004, 0x014, 0x011, 0x018, 0x001, 0x000)


def _inside(m: Match, base: Packet, rng: random.Random) -> Packet:
    """A packet matching ``m`` (the base supplies the fields ``m`` leaves open)."""
    fields = {}
    for name, side in (("src", m.src), ("dst", m.dst)):
        if side is not None:
            p = rng.choice(side.prefixes)
            fields[name] = rng.choice((p.value, p.last(), p.value + rng.randrange(p.last() - p.value + 1)))
    for name, ports in (("src_port", m.src_ports), ("dst_port", m.dst_ports)):
        if ports:
            r = rng.choice(ports)
            fields[name] = rng.choice((r.lo, r.hi, rng.randint(r.lo, r.hi)))
    if m.proto is not None:
        fields["ip_proto"] = m.proto
    if m.icmp_type is not None:
        fields["icmp_type"] = m.icmp_type
        fields["icmp_code"] = m.icmp_code if m.icmp_code is not None else rng.randrange(256)
    if m.in_ports:
        fields["in_port"] = rng.choice(m.in_ports)
    if m.ct_state:
        fields["ct_state"] = _STATE_OF[rng.choice(sorted(m.ct_state))]
    if m.tcp_flags:
        value, mask = rng.choice(m.tcp_flags)
        fields["tcp_flags"] = (rng.randrange(1 << 9) & ~mask) | value
    return Packet(**{**base.__dict__, **fields})


def _just_outside(m: Match, p: Packet, rng: random.Random) -> Packet:
    """``p`` with one constrained field moved just past an edge of its set."""
    choices = []
    width = 32 if m.family == 4 else 128
    for name, side in (("src", m.src), ("dst", m.dst)):
        if side is not None:
            q = rng.choice(side.prefixes)
            for v in (q.value - 1, q.last() + 1):
                if 0 <= v < 1 << width:
                    choices.append((name, v))
    for name, ports in (("src_port", m.src_ports), ("dst_port", m.dst_ports)):
        for r in ports or ():
            for v in (r.lo - 1, r.hi + 1):
                if 0 <= v <= 0xFFFF:
                    choices.append((name, v))
    if m.proto is not None:
        choices.append(("ip_proto", rng.choice([x for x in (6, 17, 1, 58, 47) if x != m.proto])))
    if m.icmp_type is not None:
        choices.append(("icmp_type", (m.icmp_type + 1) % 256))
    if not choices:
        return p
    name, value = rng.choice(choices)
    return Packet(**{**p.__dict__, name: value})


def sample_packets(family: int, rules: list[ImportedRule], count: int, seed: int = 0,
                   in_ports: Iterable[int] = ()) -> list[Packet]:
    rng = random.Random(seed)
    pools = _Pools(family, rules, in_ports)
    packets = [Packet(eth_type=ETH_ARP, src=1, dst=2), Packet(eth_type=0x88CC),
               Packet(eth_type=ETH_IPV4 if family == 6 else ETH_IPV6, ip_proto=6, dst_port=80)]
    targeted = list(rules)
    budget_rules = max(1, count // (2 * PER_RULE))
    if len(targeted) > budget_rules:
        targeted = rng.sample(targeted, budget_rules)
    for rule in targeted:
        for _ in range(PER_RULE // 2):
            inside = _inside(rule.match, pools.packet(rng), rng)
            packets.append(inside)
            packets.append(_just_outside(rule.match, inside, rng))
    while len(packets) < count:
        packets.append(pools.packet(rng))
    return packets


def compare(acl_name: str, packets: Iterable[Packet], source: Callable[[Packet], str],
            policy: Policy, source_label: str) -> CheckReport:
    """Decide every packet both ways; the first disagreement is a CheckFailed."""
    n = 0
    for packet in packets:
        n += 1
        expected = source(packet)
        got = policy_action(policy, packet)
        if expected != got:
            from ..evaluate import deciding_rule

            index = deciding_rule(policy, packet)
            where = f"rule at {policy.rules[index].origin}" if index is not None else "the default"
            raise CheckFailed(
                f"{acl_name}: the imported ACL decides {got} ({where}) but {source_label} decides "
                f"{expected} for {packet}")
    return CheckReport(acl_name, n)
