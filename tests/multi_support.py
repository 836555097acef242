"""Helpers for the multi-table tests: compile, evaluate, check flow-table invariants.

The tests run through the project's compiler (aclc.lower.compile_policy) and
evaluators (aclc.evaluate). The small reference versions below are used only
when those modules are not importable, so the strategy can be tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aclc.packet import Packet
from aclc.pipeline import (
    CONTROLLER_MAX_LEN, FIELD_WIDTH, PORT_NAMES, ApplyActions, Continuation, Effect, GotoTable,
    Output, WriteMetadata,
)
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy

LAGOPUS_MASKABLE = frozenset({"metadata", "ipv4_src", "ipv4_dst", "ipv6_src", "ipv6_dst", "arp_spa", "arp_tpa"})


@dataclass(frozen=True)
class ReferenceProfile:
    name: str = "lagopus"
    maskable: frozenset = LAGOPUS_MASKABLE
    min_priority: int = 1
    max_priority: int = 65535
    num_tables: int = 255
    has_normal: bool = False


@dataclass(frozen=True)
class ReferenceOptions:
    target: str = "lagopus"
    strategy: str | None = "multi"
    permit: Continuation = field(default_factory=lambda: Continuation((GotoTable(100),), "goto_table:100"))
    priority_base: int = 1
    priority_max: int = 65535
    max_flows: int = 100000
    table_base: int = 0


def goto(table: int) -> Continuation:
    return Continuation((GotoTable(table),), f"goto_table:{table}")


def output(port: int) -> Continuation:
    return Continuation((ApplyActions((Output(port),)),), f"output:{port}")


def get_profile(name: str = "lagopus"):
    try:
        from aclc.profiles import get_profile as real
    except ImportError:
        return ReferenceProfile(name=name)
    return real(name)


def compile_multi(policy: Policy, target: str = "lagopus", permit: Continuation | None = None,
                  priority_base: int = 1, table_base: int = 0, priority_max: int = 65535):
    permit = permit or goto(100)
    try:
        from aclc.lower import CompileOptions, compile_policy
    except ImportError:
        CompileOptions = compile_policy = None
    if compile_policy is not None:
        options = CompileOptions(target=target, strategy="multi", permit=permit,
                                 priority_base=priority_base, table_base=table_base,
                                 priority_max=priority_max)
        return compile_policy(policy, options)
    from aclc.lower.multi import lower_multi

    options = ReferenceOptions(target=target, permit=permit, priority_base=priority_base,
                               table_base=table_base, priority_max=priority_max)
    n = len(policy.rules)
    priorities = tuple(priority_base + n - i for i in range(n))
    return lower_multi(policy, get_profile(target), options, priorities)


# ------------------------------------------------------------------ evaluators


def evaluate_policy(policy: Policy, packet: Packet, continuation: Continuation):
    try:
        from aclc.evaluate import evaluate_policy as real
    except ImportError:
        return _reference_policy(policy, packet, continuation)
    return real(policy, packet, continuation)


def evaluate_pipeline(pipeline, packet: Packet):
    try:
        from aclc.evaluate import evaluate_pipeline as real
    except ImportError:
        return _reference_pipeline(pipeline, packet)
    return real(pipeline, packet)


def _decision(action, log, continuation) -> Effect:
    if action is Action.PERMIT:
        return continuation.effect(log)
    return Effect(frozenset({Output(PORT_NAMES["CONTROLLER"], CONTROLLER_MAX_LEN)}) if log else frozenset())


def _rule_matches(rule, p: Packet) -> bool:
    if rule.eth_type is not None and rule.eth_type != p.eth_type:
        return False
    if rule.in_ports is not None and p.in_port not in rule.in_ports:
        return False
    if rule.ip_proto is not None and (not p.is_ip or p.ip_proto != rule.ip_proto):
        return False
    for prefixes, value in ((rule.src, p.src), (rule.dst, p.dst)):
        if prefixes is not None and not any(x.contains(value) for x in prefixes):
            return False
    for ports, value in ((rule.src_ports, p.src_port), (rule.dst_ports, p.dst_port)):
        if ports is not None and not (p.has_ports and any(r.lo <= value <= r.hi for r in ports)):
            return False
    if rule.icmp_type is not None and not (p.has_icmp and p.icmp_type == rule.icmp_type):
        return False
    if rule.icmp_code is not None and p.icmp_code != rule.icmp_code:
        return False
    return True


def _reference_policy(policy, packet, continuation):
    for rule in policy.rules:
        if _rule_matches(rule, packet):
            return rule.index, _decision(rule.action, rule.log, continuation)
    return None, _decision(policy.default_action, policy.default_log, continuation)


def packet_fields(p: Packet) -> dict[str, int]:
    out = {"in_port": p.in_port, "eth_type": p.eth_type}
    if p.eth_type == ETH_ARP:
        out.update(arp_spa=p.src, arp_tpa=p.dst)
    if p.is_ip:
        family = "ipv4" if p.eth_type == ETH_IPV4 else "ipv6"
        out.update({"ip_proto": p.ip_proto, f"{family}_src": p.src, f"{family}_dst": p.dst})
    if p.has_ports:
        name = {6: "tcp", 17: "udp", 132: "sctp"}[p.ip_proto]
        out.update({f"{name}_src": p.src_port, f"{name}_dst": p.dst_port})
    if p.has_icmp:
        name = "icmpv4" if p.eth_type == ETH_IPV4 else "icmpv6"
        if (p.eth_type == ETH_IPV4) == (p.ip_proto == 1):
            out.update({f"{name}_type": p.icmp_type, f"{name}_code": p.icmp_code})
    return out


def _reference_pipeline(pipeline, packet):
    fields = packet_fields(packet)
    metadata = 0
    outputs: set = set()
    table_id = pipeline.entry_table
    owned = set(pipeline.owned_table_ids())
    last = None
    while True:
        candidates = [
            f for f in pipeline.table(table_id).flows
            if all(m.matches(metadata if m.field == "metadata" else fields.get(m.field, -1))
                   and (m.field == "metadata" or m.field in fields) for m in f.match)
        ]
        if not candidates:
            return last, Effect(frozenset(outputs), None)
        top = max(f.priority for f in candidates)
        winners = [f for f in candidates if f.priority == top]
        if len({f.instructions for f in winners}) > 1:
            raise AssertionError(f"ambiguous flows at priority {top} in table {table_id}: {winners}")
        flow = winners[0]
        last = flow
        nxt = None
        for ins in flow.instructions:
            if isinstance(ins, ApplyActions):
                outputs.update(ins.actions)
            elif isinstance(ins, WriteMetadata):
                metadata = (metadata & ~ins.mask) | (ins.value & ins.mask)
            elif isinstance(ins, GotoTable):
                nxt = ins.table_id
        if nxt is None:
            return last, Effect(frozenset(outputs), None)
        if nxt not in owned:
            return last, Effect(frozenset(outputs), nxt)
        table_id = nxt


# ------------------------------------------------------------------ flow-table invariants


def matches_overlap(a, b) -> bool:
    """Whether some header satisfies both matches (fields absent in one are wildcards)."""
    bm = {m.field: m for m in b}
    for m in a:
        other = bm.get(m.field)
        if other is None:
            continue
        full = (1 << FIELD_WIDTH[m.field]) - 1
        ma = full if m.mask is None else m.mask
        mb = full if other.mask is None else other.mask
        if (m.value & ma & mb) != (other.value & ma & mb):
            return False
    return True


BUCKET_FIELDS = ("eth_type", "ip_proto", "tcp_src", "tcp_dst", "udp_src", "udp_dst",
                 "sctp_src", "sctp_dst", "in_port")


def ambiguous_pairs(pipeline, limit: int = 5):
    """Overlapping flows with different instructions at the same priority in one table."""
    found: list = []
    for table in pipeline.tables:
        by_priority: dict[int, list] = {}
        for f in table.flows:
            by_priority.setdefault(f.priority, []).append(f)
        for flows in by_priority.values():
            _collect_ambiguous(flows, BUCKET_FIELDS, found, limit)
            if len(found) >= limit:
                return found
    return found


def _collect_ambiguous(flows, fields, found, limit):
    # Flows matching different exact values of one field cannot overlap, so bucket by
    # exact values first: big classification tables then need no quadratic scan.
    if len(flows) < 32 or not fields:
        for i, a in enumerate(flows):
            for b in flows[i + 1:]:
                if a.instructions != b.instructions and matches_overlap(a.match, b.match):
                    found.append((a, b))
                    if len(found) >= limit:
                        return
        return
    name = fields[0]
    buckets: dict[int, list] = {}
    wild = []
    for f in flows:
        m = f.field(name)
        if m is None or m.mask is not None:
            wild.append(f)
        else:
            buckets.setdefault(m.value, []).append(f)
    for bucket in buckets.values():
        _collect_ambiguous(bucket, fields[1:], found, limit)
    _collect_ambiguous(wild, fields[1:], found, limit)
    for a in wild:
        for bucket in buckets.values():
            for b in bucket:
                if len(found) >= limit:
                    return
                if a.instructions != b.instructions and matches_overlap(a.match, b.match):
                    found.append((a, b))


def boundary_packets(policy: Policy, extra_ports=(0, 1, 65535)):
    """Packets on and just beside every edge of every rule field, per rule shape."""
    from aclc.ranges import iter_range_edges

    packets = []
    for rule in policy.rules:
        family = rule.eth_type if rule.eth_type in (ETH_IPV4, ETH_IPV6) else ETH_IPV4
        width = 32 if family == ETH_IPV4 else 128
        srcs = [p.value for p in rule.src or ()] + [p.last() + 1 for p in rule.src or () if p.last() + 1 < (1 << width)]
        dsts = [p.value for p in rule.dst or ()] + [p.last() for p in rule.dst or ()]
        src = srcs[0] if srcs else 0
        dst = dsts[0] if dsts else 0
        protos = [rule.ip_proto] if rule.ip_proto is not None else [6]
        sports = list(iter_range_edges(rule.src_ports or ())) or [1234]
        dports = list(iter_range_edges(rule.dst_ports or ())) or [80]
        in_port = rule.in_ports[0] if rule.in_ports else 1
        for proto in protos:
            for sp in sports + list(extra_ports):
                for dp in dports + list(extra_ports):
                    packets.append(Packet(in_port=in_port, eth_type=family, src=src, dst=dst,
                                          ip_proto=proto, src_port=sp, dst_port=dp,
                                          icmp_type=rule.icmp_type or 0, icmp_code=rule.icmp_code or 0))
            for s in srcs:
                for d in dsts:
                    packets.append(Packet(in_port=in_port, eth_type=family, src=s, dst=d, ip_proto=proto,
                                          src_port=sports[0], dst_port=dports[0]))
        for other in (17, 132, 1, 47):
            packets.append(Packet(in_port=in_port, eth_type=family, src=src, dst=dst, ip_proto=other,
                                  src_port=sports[0], dst_port=dports[0]))
    packets.append(Packet(eth_type=ETH_ARP, src=1, dst=2))
    packets.append(Packet(eth_type=0x88CC))
    return packets


def disagreements(policy: Policy, pipeline, packets, limit: int = 3):
    out = []
    for p in packets:
        _, want = evaluate_policy(policy, p, pipeline.continuation)
        _, got = evaluate_pipeline(pipeline, p)
        if want != got:
            out.append((p, want, got))
            if len(out) >= limit:
                break
    return out
