"""Which packets two ACLs decide differently, as a few readable boxes.

The difference is exact (BDDs over the same Space); it is shown as disjoint
boxes (fixed ethertype and protocol, then prefixes, port and in_port ranges),
each grown around an example packet as far as it stays inside one
(old decision, new decision) region. With more than ``max_regions`` boxes the
report says how many packets' worth is left unshown.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..packet import Packet
from ..policy import ETH_IPV6, Policy
from .boxes import OverlapIndex, iter_bits
from .encoding import Space, disjunction, var_name
from .firstmatch import Decided, first_match, leaf
from .policy import decision_key, default_key, policy_meaning, rule_match
from .witness import packet_bdd, pick_packet


@dataclass(frozen=True)
class Region:
    old_decision: tuple
    new_decision: tuple
    box: tuple[tuple[str, str], ...]  # (field, text) for every field the box restricts
    example: Packet
    old_rule: int | None
    new_rule: int | None


@dataclass(frozen=True)
class DiffResult:
    regions: tuple[Region, ...]
    complete: bool  # False when more differing packets exist than the regions shown

    @property
    def equivalent(self) -> bool:
        return not self.regions


def diff_policies(old: Policy, new: Policy, max_regions: int = 10, space: Space | None = None) -> DiffResult:
    from ..evaluate import evaluate_policy
    from ..pipeline import Continuation

    space = space or Space()
    a, b = _meanings(space, old, new)
    pending = []
    for ka, ra in sorted(a.by_effect.items(), key=lambda kv: str(kv[0])):
        for kb, rb in sorted(b.by_effect.items(), key=lambda kv: str(kv[0])):
            if ka != kb and (ra & rb) != space.false:
                pending.append([ka, kb, ra & rb])
    regions: list[Region] = []
    probe = Continuation((), "permit")
    for entry in pending:
        ka, kb, rest = entry
        while rest != space.false and len(regions) < max_regions:
            packet = pick_packet(space, rest)
            box, fields = _grow(space, rest, packet)
            rest = rest & ~box
            old_rule, _ = evaluate_policy(old, packet, probe)
            new_rule, _ = evaluate_policy(new, packet, probe)
            regions.append(Region(ka, kb, fields, packet, old_rule, new_rule))
        entry[2] = rest
    complete = all(rest == space.false for _, _, rest in pending)
    return DiffResult(tuple(regions), complete)


def _match_key(rule) -> tuple:
    """A rule's match and decision, without its position (equal keys: the same rule)."""
    return (rule.action, rule.log, rule.eth_type, rule.ip_proto, rule.src, rule.dst, rule.src_ports,
            rule.dst_ports, rule.icmp_type, rule.icmp_code, rule.in_ports, rule.ct_state, rule.tcp_flags)


def changed_rules(old: Policy, new: Policy) -> tuple[range, range]:
    """The rules of each version between their longest common prefix and suffix (by match and
    decision): every other rule is in both, in the same order."""
    a = [_match_key(r) for r in old.rules]
    b = [_match_key(r) for r in new.rules]
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    return range(start, end_a), range(start, end_b)


def _meanings(space: Space, old: Policy, new: Policy):
    """Both versions' meanings, exact on every packet whose decision may differ.

    With the same default, a packet that no changed rule (:func:`changed_rules`) matches has
    the same first matching rule in both versions (the common rules keep their order), so
    every difference lies in ``touched``, the union of the changed rules. Inside it only the
    rules that may overlap a changed rule can match (the overlap index never misses one), so
    each meaning is built from those rules cut down to ``touched``; both meanings agree
    outside it. Any other change (the default) builds both meanings whole.
    """
    if default_key(old) != default_key(new):
        return policy_meaning(space, old), policy_meaning(space, new)
    gone, added = changed_rules(old, new)
    changed = [old.rules[i] for i in gone] + [new.rules[i] for i in added]
    if not changed:  # the same rules in the same order, and the same default
        return Decided(space.true, {}, space.false), Decided(space.true, {}, space.false)
    touched = disjunction(space, [rule_match(space, r) for r in changed])
    meanings = []
    for policy in (old, new):
        index = OverlapIndex(policy)
        near = 0
        for rule in changed:
            near |= index.meeting(rule)
        leaves = []
        for i in iter_bits(near):
            rule = policy.rules[i]
            match = rule_match(space, rule) & touched
            if match != space.false:
                leaves.append(leaf(space, match, decision_key(rule)))
        decided = first_match(space, leaves)
        by_effect = dict(decided.by_effect)
        rest = touched & ~decided.covered
        if rest != space.false:
            key = default_key(policy)
            by_effect[key] = by_effect[key] | rest if key in by_effect else rest
        meanings.append(Decided(touched, by_effect, decided.ambiguous))
    return meanings[0], meanings[1]


def _dims(packet: Packet):
    """(field, width, kind) to grow, for the fields this packet has."""
    dims = [("in_port", 32, "range")]
    if packet.eth_type in (0x0800, 0x0806, ETH_IPV6):
        width = 128 if packet.eth_type == ETH_IPV6 else 32
        dims += [("src", width, "prefix"), ("dst", width, "prefix")]
    if packet.has_ports:
        dims += [("src_port", 16, "range"), ("dst_port", 16, "range")]
    if packet.has_icmp:
        dims += [("icmp_type", 8, "range"), ("icmp_code", 8, "range")]
    if packet.is_ip:  # connection state and TCP flags: shown only when the region narrows them
        dims.append(("ct_state", 5, "range"))
        if packet.ip_proto == 6:
            dims.append(("tcp_flags", 12, "range"))
    return dims


def _value(packet: Packet, name: str) -> int:
    return {"in_port": packet.in_port, "src": packet.src, "dst": packet.dst, "src_port": packet.src_port,
            "dst_port": packet.dst_port, "icmp_type": packet.icmp_type, "icmp_code": packet.icmp_code,
            "ct_state": packet.ct_state, "tcp_flags": packet.tcp_flags}[name]


def _constraint(space: Space, name: str, width: int, kind: str, lo: int, hi: int):
    if kind == "prefix":  # (value, length)
        return space.prefix(name, lo, hi, width)
    return space.range(name, lo, hi)


def _grow(space: Space, region, packet: Packet):
    """The largest box (greedy, field by field) around ``packet`` inside ``region``."""
    dims = _dims(packet)
    # Start from the packet itself; fields it lacks stay free.
    bounds = {}
    for name, width, kind in dims:
        v = _value(packet, name)
        bounds[name] = (v, width) if kind == "prefix" else (v, v)
    fixed = packet_bdd(space, packet)
    base = fixed
    for name, width, kind in dims:  # drop the point constraints of grown fields from the base
        base = space.bdd.exist([var_name(name, b) for b in range(width)], base)

    def box(override=None):
        u = base
        for name, width, kind in dims:
            lo, hi = override[1] if override and override[0] == name else bounds[name]
            u = u & _constraint(space, name, width, kind, lo, hi)
        return u

    def fits(name, value):
        return (box((name, value)) & ~region) == space.false

    for name, width, kind in dims:
        v = _value(packet, name)
        if kind == "prefix":
            lo_len, hi_len = 0, width  # smallest length that fits
            while lo_len < hi_len:
                mid = (lo_len + hi_len) // 2
                mask = ((1 << mid) - 1) << (width - mid)
                if fits(name, (v & mask, mid)):
                    hi_len = mid
                else:
                    lo_len = mid + 1
            mask = ((1 << lo_len) - 1) << (width - lo_len)
            bounds[name] = (v & mask, lo_len)
        else:
            top = (1 << width) - 1
            lo, hi = v, top
            while lo < hi:  # largest upper end that fits
                mid = (lo + hi + 1) // 2
                if fits(name, (v, mid)):
                    lo = mid
                else:
                    hi = mid - 1
            upper = lo
            lo, hi = 0, v
            while lo < hi:  # smallest lower end that fits
                mid = (lo + hi) // 2
                if fits(name, (mid, upper)):
                    hi = mid
                else:
                    lo = mid + 1
            bounds[name] = (lo, upper)
    u = box()
    return u, _render_box(packet, dims, bounds)


def _render_box(packet: Packet, dims, bounds) -> tuple[tuple[str, str], ...]:
    from ..names import protocol_name

    out = []
    if packet.eth_type == 0x0806:
        out.append(("protocol", "arp"))
    elif packet.is_ip:
        family = "ipv6" if packet.eth_type == ETH_IPV6 else "ipv4"
        out.append(("protocol", f"{family} {protocol_name(packet.ip_proto)}"))
    else:
        out.append(("protocol", f"ethertype 0x{packet.eth_type:04x}"))
    for name, width, kind in dims:
        if kind == "prefix":
            value, length = bounds[name]
            if length == 0:
                continue
            cls = ipaddress.IPv6Address if width == 128 else ipaddress.IPv4Address
            out.append((name, f"{cls(value)}/{length}"))
        else:
            lo, hi = bounds[name]
            if lo == 0 and hi == (1 << width) - 1:
                continue
            out.append((name, str(lo) if lo == hi else f"{lo}-{hi}"))
    return tuple(out)
