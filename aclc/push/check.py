"""``aclc push --verify``: do the flows read back from the switch decide like the ACL?

Uses the exact BDD check (:func:`aclc.semantics.verify.verify`); if that
module cannot be imported, falls back to the packet evaluator on boundary and
random packets (a strong test, not a proof, and the report says which ran).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..pipeline import Pipeline
from ..policy import Policy


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    method: str
    detail: str = ""


def verify_installed(policy: Policy, installed: Pipeline) -> CheckResult:
    try:
        from ..semantics.verify import verify
    except ImportError:
        return _sample(policy, installed)
    result = verify(policy, installed)
    return CheckResult(result.ok, "exact BDD equivalence", "" if result.ok else result.describe())


def _sample(policy: Policy, installed: Pipeline, count: int = 20000, seed: int = 1) -> CheckResult:
    from ..evaluate import evaluate_pipeline, evaluate_policy

    for packet in sample_packets(policy, count, seed):
        rule, want = evaluate_policy(policy, packet, installed.continuation)
        flow, got = evaluate_pipeline(installed, packet)
        if want != got:
            where = "the default" if rule is None else f"rule {rule + 1} ({policy.origin_of(rule)})"
            return CheckResult(False, f"{count} sampled packets",
                               f"{packet}: the ACL ({where}) gives {want}, the switch gives {got}")
    return CheckResult(True, f"{count} sampled packets (boundaries of every rule and random)")


def sample_packets(policy: Policy, count: int, seed: int):
    """Packets at the edges of every rule's ranges and prefixes, then random ones."""
    from ..packet import Packet
    from ..policy import ETH_IPV4

    rng = random.Random(seed)
    produced = 0
    for rule in policy.rules:
        width = rule.family_width or 32
        for _ in range(4):
            def pick_addr(prefixes):
                if not prefixes:
                    return rng.getrandbits(width)
                p = rng.choice(prefixes)
                return rng.choice([p.value, p.last(), p.value | rng.getrandbits(width - p.length)
                                   if p.length < width else p.value])

            def pick_port(ranges):
                if not ranges:
                    return rng.getrandbits(16)
                r = rng.choice(ranges)
                return rng.choice([r.lo, r.hi, max(r.lo - 1, 0), min(r.hi + 1, 65535)])

            yield Packet(
                in_port=rng.choice(rule.in_ports) if rule.in_ports else 1,
                eth_type=rule.eth_type if rule.eth_type is not None else ETH_IPV4,
                src=pick_addr(rule.src), dst=pick_addr(rule.dst),
                ip_proto=rule.ip_proto if rule.ip_proto is not None else rng.choice([1, 6, 17]),
                src_port=pick_port(rule.src_ports), dst_port=pick_port(rule.dst_ports),
                icmp_type=rule.icmp_type if rule.icmp_type is not None else rng.getrandbits(8),
                icmp_code=rule.icmp_code if rule.icmp_code is not None else rng.getrandbits(8))
            produced += 1
    while produced < count:
        produced += 1
        yield Packet(in_port=rng.randint(1, 4), eth_type=ETH_IPV4, src=rng.getrandbits(32),
                     dst=rng.getrandbits(32), ip_proto=rng.choice([1, 6, 17, 47]),
                     src_port=rng.getrandbits(16), dst_port=rng.getrandbits(16),
                     icmp_type=rng.getrandbits(8), icmp_code=rng.getrandbits(8))
