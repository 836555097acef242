"""Probing a real switch with packets drawn from an ACL, and what first match says of each.

The expected outcome of every probe comes from :func:`aclc.evaluate.evaluate_policy`, the
plain first-match reading of the ACL, never from the compiled flows being tested.
"""

from __future__ import annotations

import ipaddress
import random
import subprocess
import sys
import time

from aclc.evaluate import evaluate_policy
from aclc.packet import Packet
from aclc.lower import parse_continuation  # noqa: F401  (used by the tests through this module)
from aclc.pipeline import PORT_NAMES, Continuation
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, Policy, Rule
from aclc.testing.frames import arp_frame, ipv4_frame, ipv6_frame

PERMIT_PORT = 2  # probes enter at port 1; permit is output:2


def frame_for(packet: Packet) -> bytes:
    if packet.eth_type == ETH_ARP:
        return arp_frame(str(ipaddress.IPv4Address(packet.src)), str(ipaddress.IPv4Address(packet.dst)))
    build, address = ((ipv4_frame, ipaddress.IPv4Address) if packet.eth_type == ETH_IPV4
                      else (ipv6_frame, ipaddress.IPv6Address))
    return build(packet.ip_proto, str(address(packet.src)), str(address(packet.dst)),
                 sport=packet.src_port, dport=packet.dst_port,
                 icmp_type=packet.icmp_type, icmp_code=packet.icmp_code)


def expected_port(policy: Policy, packet: Packet, continuation: Continuation) -> int | None:
    """The switch port first match sends ``packet`` to (None: dropped or only to the controller)."""
    _, effect = evaluate_policy(policy, packet, continuation)
    ports = sorted(o.port for o in effect.outputs if o.port != PORT_NAMES["CONTROLLER"])
    return ports[0] if ports else None


def _pick_address(prefixes, width: int, rng: random.Random, edge: bool) -> int:
    if prefixes is None:
        return rng.getrandbits(width) if not edge else rng.choice((1, (1 << width) - 2))
    p = rng.choice(prefixes)
    if edge:
        return rng.choice((p.value, p.last()))
    return rng.randint(p.value, p.last())


def _pick_port(ranges, rng: random.Random, edge: bool) -> int:
    if ranges is None:
        return rng.choice((0, 1023, 1024, 65535)) if edge else rng.randint(0, 65535)
    r = rng.choice(ranges)
    if edge:
        return rng.choice((r.lo, r.hi, max(r.lo - 1, 0), min(r.hi + 1, 65535)))
    return rng.randint(r.lo, r.hi)


def packet_in_rule(rule: Rule, rng: random.Random, edge: bool = False) -> Packet | None:
    """A packet the rule matches (``edge``: at or just outside its bounds), or None for rules
    over frames the prober does not build."""
    eth = rule.eth_type if rule.eth_type is not None else ETH_IPV4
    if eth not in (ETH_IPV4, ETH_IPV6):
        return None
    width = 32 if eth == ETH_IPV4 else 128
    proto = rule.ip_proto if rule.ip_proto is not None else rng.choice((PROTO_TCP, 17))
    fields = dict(eth_type=eth, ip_proto=proto, in_port=1,
                  src=_pick_address(rule.src, width, rng, edge), dst=_pick_address(rule.dst, width, rng, edge))
    if proto in (6, 17, 132):
        fields.update(src_port=_pick_port(rule.src_ports, rng, edge), dst_port=_pick_port(rule.dst_ports, rng, edge))
    elif proto in (PROTO_ICMP, PROTO_ICMPV6):
        fields.update(icmp_type=rule.icmp_type if rule.icmp_type is not None else rng.choice((0, 3, 8, 11)),
                      icmp_code=rule.icmp_code if rule.icmp_code is not None else 0)
    return Packet(**fields)


def packets_from_rules(policy: Policy, count: int, seed: int = 0) -> list[Packet]:
    """``count`` packets: inside randomly chosen rules, and at their bounds."""
    rng = random.Random(seed)
    out: list[Packet] = []
    rules = [r for r in policy.rules if r.eth_type in (None, ETH_IPV4, ETH_IPV6)]
    while len(out) < count and rules:
        packet = packet_in_rule(rng.choice(rules), rng, edge=len(out) % 2 == 1)
        if packet is not None:
            out.append(packet)
    return out


def check_probes(lab, policy: Policy, packets: list[Packet], continuation: Continuation) -> list[str]:
    """Send every packet through the switch; the ones that came out where first match says not."""
    got = lab.probe([frame_for(p) for p in packets])
    wrong = []
    for packet, port in zip(packets, got):
        want = expected_port(policy, packet, continuation)
        if port != want:
            wrong.append(f"{packet}: switch sent it to {port}, first match says {want}")
    return wrong


def aclc(lab, *args, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the aclc command inside the lab's namespace, as a user would."""
    return lab.run(sys.executable, "-m", "aclc", *args, check=check, timeout=timeout)


def wait_for(predicate, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
