"""Hypothesis strategies for random Policies and the packets that tell them apart,
plus the checks every lowering must pass. Reusable by any test::

    from strategies import policies, packets_for, boundary_packets, decision_mismatches

Policies are built directly as normalized Rules (the conventions of
aclc/policy.py: canonical prefix sets, canonical port ranges, ports only with
TCP/UDP/SCTP, ICMP only with ICMP/ICMPv6), drawn from small address and port
universes so that rules overlap often: nested and partly overlapping prefixes,
negated prefixes (include minus exclude, as prefix sets), overlapping port
ranges, both IP families, ARP, other ethertypes, ICMP, in_port, log.

Packets come from each policy's own edges: first and last address of every
prefix and the addresses just outside, range ends and the ports just outside,
ICMP values and their neighbours, plus random values.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import strategies as st

from aclc.errors import SourcePos
from aclc.evaluate import AmbiguousMatch, evaluate_pipeline, evaluate_policy
from aclc.packet import Packet
from aclc.pipeline import FIELD_WIDTH, FlowEntry, Pipeline
from aclc.policy import (
    ETH_ARP, ETH_IPV4, ETH_IPV6, ICMP_PROTOCOLS, PORT_PROTOCOLS, PROTO_ICMP, PROTO_ICMPV6, Action,
    Policy, PortRange, Prefix, Rule,
)
from aclc.ranges import complement_ranges, difference_prefixes, iter_range_edges, normalize_ranges

ETH_OTHER = 0x88CC  # LLDP: an ethertype no address field applies to
WIDTH = {ETH_IPV4: 32, ETH_IPV6: 128, ETH_ARP: 32}

# Small address universes: a few bases, varied in their low bits, so prefixes nest and meet.
_V4_BASES = (0x0A000000, 0x0A000100, 0x0A010000, 0xC0A80000)  # 10.0.0.0 10.0.1.0 10.1.0.0 192.168.0.0
_V6_BASES = (0x20010DB8 << 96, (0x20010DB8 << 96) | (1 << 64), 0xFE80 << 112)
_V4_LENGTHS = (1, 8, 15, 16, 23, 24, 25, 28, 30, 31, 32)
_V6_LENGTHS = (1, 32, 48, 64, 112, 120, 124, 127, 128)
PORT_EDGES = (0, 1, 2, 20, 21, 22, 23, 53, 79, 80, 81, 443, 1023, 1024, 1025, 8080, 65533, 65534, 65535)


def _mask(length: int, width: int) -> int:
    return ((1 << length) - 1) << (width - length)


@st.composite
def prefixes(draw, width: int) -> Prefix:
    bases, lengths = (_V4_BASES, _V4_LENGTHS) if width == 32 else (_V6_BASES, _V6_LENGTHS)
    address = draw(st.sampled_from(bases)) | draw(st.integers(0, 255))
    length = draw(st.sampled_from(lengths))
    return Prefix(address & _mask(length, width), length, width)


@st.composite
def prefix_sets(draw, width: int) -> tuple[Prefix, ...]:
    """A canonical prefix set: one or two prefixes, sometimes minus one or two (negation)."""
    include = draw(st.lists(prefixes(width), min_size=1, max_size=2))
    exclude = draw(st.lists(prefixes(width), max_size=2)) if draw(st.booleans()) else []
    result = difference_prefixes(include, exclude, width)
    return result if result else difference_prefixes(include, [], width)


@st.composite
def port_sets(draw, max_span: int | None = None) -> tuple[PortRange, ...]:
    """Canonical port ranges. ``max_span`` bounds each range's width (keeps exact expansion
    small); without it ranges can be wide and are sometimes negated."""
    ranges = []
    for _ in range(draw(st.integers(1, 2))):
        lo = draw(st.one_of(st.sampled_from(PORT_EDGES), st.integers(0, 65535)))
        if max_span is None:
            span = draw(st.one_of(st.integers(0, 3), st.integers(0, 2000), st.integers(0, 65535)))
        else:
            span = draw(st.integers(0, max_span))
        ranges.append((lo, min(65535, lo + span)))
    ports = normalize_ranges(ranges)
    if max_span is None and draw(st.integers(0, 4)) == 0:
        negated = complement_ranges(ports)
        ports = negated or ports
    return ports


@st.composite
def rules(draw, index: int = 0, max_port_span: int | None = None, families=(ETH_IPV4, ETH_IPV6, ETH_ARP, None, ETH_OTHER)) -> Rule:
    eth = draw(st.sampled_from(families))
    fields: dict = {}
    if eth in (ETH_IPV4, ETH_IPV6):
        icmp = PROTO_ICMP if eth == ETH_IPV4 else PROTO_ICMPV6
        proto = draw(st.sampled_from((None, 6, 6, 17, 17, 132, icmp, 47)))
        fields["ip_proto"] = proto
        if proto in PORT_PROTOCOLS:
            for side in ("src_ports", "dst_ports"):
                if draw(st.booleans()):
                    fields[side] = draw(port_sets(max_port_span))
        elif proto in ICMP_PROTOCOLS and draw(st.booleans()):
            types = (0, 3, 8, 11) if eth == ETH_IPV4 else (1, 128, 129, 135)
            fields["icmp_type"] = draw(st.sampled_from(types))
            if draw(st.booleans()):
                fields["icmp_code"] = draw(st.sampled_from((0, 1, 3)))
    if eth in WIDTH:
        for side in ("src", "dst"):
            if draw(st.integers(0, 2)):
                fields[side] = draw(prefix_sets(WIDTH[eth]))
    if draw(st.integers(0, 3)) == 0:
        fields["in_ports"] = tuple(sorted(draw(st.sets(st.integers(1, 3), min_size=1, max_size=2))))
    return Rule(
        index=index,
        action=draw(st.sampled_from((Action.PERMIT, Action.DENY))),
        origin=SourcePos("<random>", index + 1, 1),
        eth_type=eth,
        log=draw(st.integers(0, 4)) == 0,
        **fields,
    )


@st.composite
def policies(draw, max_rules: int = 8, max_port_span: int | None = None, families=None) -> Policy:
    """A random Policy. Use ``max_port_span`` (e.g. 8) when the exact strategy must stay small."""
    families = families or (ETH_IPV4, ETH_IPV4, ETH_IPV6, ETH_ARP, None, ETH_OTHER)
    n = draw(st.integers(0, max_rules))
    rule_list = tuple(draw(rules(i, max_port_span, families)) for i in range(n))
    return Policy(
        name="random",
        rules=rule_list,
        default_action=draw(st.sampled_from((Action.DENY, Action.PERMIT))),
        default_log=draw(st.integers(0, 4)) == 0,
    )


# ------------------------------------------------------------------ packets


def _address_edges(policy: Policy, eth: int) -> list[int]:
    top = (1 << WIDTH[eth]) - 1
    out = {0, top}
    for rule in policy.rules:
        if rule.eth_type != eth:
            continue
        for prefixes_ in (rule.src, rule.dst):
            for p in prefixes_ or ():
                for a in (p.value - 1, p.value, p.last(), p.last() + 1):
                    if 0 <= a <= top:
                        out.add(a)
    return sorted(out)


def _port_edges(policy: Policy) -> list[int]:
    out = {0, 65535}
    for rule in policy.rules:
        for ports in (rule.src_ports, rule.dst_ports):
            if ports:
                out.update(iter_range_edges(ports))
    return sorted(out)


def _icmp_edges(policy: Policy, attr: str) -> list[int]:
    out = {0, 255}
    for rule in policy.rules:
        v = getattr(rule, attr)
        if v is not None:
            out.update(x for x in (v - 1, v, v + 1) if 0 <= x <= 255)
    return sorted(out)


def make_packet(in_port: int, eth: int, src: int, dst: int, proto: int, sport: int, dport: int,
                itype: int, icode: int) -> Packet:
    """A well-formed Packet: fields a frame of that kind lacks are zero."""
    is_ip = eth in (ETH_IPV4, ETH_IPV6)
    if eth not in WIDTH:
        src = dst = 0
    else:  # an address of another family (a variant that changed the ethertype) is cut to size
        top = (1 << WIDTH[eth]) - 1
        src, dst = src & top, dst & top
    has_ports = is_ip and proto in PORT_PROTOCOLS
    has_icmp = is_ip and proto in ICMP_PROTOCOLS
    return Packet(
        in_port=in_port, eth_type=eth, src=src, dst=dst, ip_proto=proto if is_ip else 0,
        src_port=sport if has_ports else 0, dst_port=dport if has_ports else 0,
        icmp_type=itype if has_icmp else 0, icmp_code=icode if has_icmp else 0,
    )


@st.composite
def packets_for(draw, policy: Policy) -> Packet:
    """A packet that lands on the policy's edges most of the time, anywhere otherwise."""
    eths = sorted({r.eth_type for r in policy.rules if r.eth_type is not None} | {ETH_IPV4})
    eth = draw(st.sampled_from(eths + [ETH_IPV6, ETH_ARP, ETH_OTHER]))
    width = WIDTH.get(eth, 32)

    def address():
        edges = _address_edges(policy, eth) if eth in WIDTH else [0]
        return draw(st.one_of(st.sampled_from(edges), st.integers(0, (1 << width) - 1)))

    protos = sorted({r.ip_proto for r in policy.rules if r.ip_proto is not None} | {6, 17, 1, 58, 132, 47})
    ports = _port_edges(policy)
    return make_packet(
        in_port=draw(st.integers(1, 4)),
        eth=eth,
        src=address(),
        dst=address(),
        proto=draw(st.one_of(st.sampled_from(protos), st.integers(0, 255))),
        sport=draw(st.one_of(st.sampled_from(ports), st.integers(0, 65535))),
        dport=draw(st.one_of(st.sampled_from(ports), st.integers(0, 65535))),
        itype=draw(st.sampled_from(_icmp_edges(policy, "icmp_type"))),
        icode=draw(st.sampled_from(_icmp_edges(policy, "icmp_code"))),
    )


def _inside(values, top: int) -> int:
    return values[0] if values else top


def boundary_packets(policy: Policy) -> list[Packet]:
    """Deterministic packets at every rule's edges: for each rule, a packet inside it, then
    that packet with one field moved to each of the field's edges (just inside, just outside)."""
    out: list[Packet] = []
    seen = set()

    def add(p: Packet) -> None:
        if p not in seen:
            seen.add(p)
            out.append(p)

    for rule in policy.rules:
        eth = rule.eth_type if rule.eth_type is not None else ETH_IPV4
        proto = rule.ip_proto if rule.ip_proto is not None else 6
        base = dict(
            in_port=rule.in_ports[0] if rule.in_ports else 1, eth=eth,
            src=rule.src[0].value if rule.src else 0, dst=rule.dst[0].value if rule.dst else 0,
            proto=proto, sport=rule.src_ports[0].lo if rule.src_ports else 1000,
            dport=rule.dst_ports[0].lo if rule.dst_ports else 80,
            itype=rule.icmp_type if rule.icmp_type is not None else 8,
            icode=rule.icmp_code if rule.icmp_code is not None else 0,
        )
        add(make_packet(**base))
        variants: list[tuple[str, int]] = []
        top = (1 << WIDTH.get(eth, 32)) - 1
        for name, prefixes_ in (("src", rule.src), ("dst", rule.dst)):
            for p in prefixes_ or ():
                variants += [(name, a) for a in (p.value - 1, p.value, p.last(), p.last() + 1) if 0 <= a <= top]
        for name, ports in (("sport", rule.src_ports), ("dport", rule.dst_ports)):
            if ports:
                variants += [(name, v) for v in iter_range_edges(ports)]
        for name, v in (("itype", rule.icmp_type), ("icode", rule.icmp_code)):
            if v is not None:
                variants += [(name, x) for x in (v - 1, v + 1) if 0 <= x <= 255]
        if rule.in_ports:
            variants += [("in_port", p) for p in (min(rule.in_ports) - 1, max(rule.in_ports) + 1) if p >= 1]
        variants += [("proto", p) for p in (6, 17, 1, 58) if p != proto]
        variants += [("eth", e) for e in (ETH_IPV4, ETH_IPV6, ETH_ARP, ETH_OTHER) if e != eth]
        for name, value in variants:
            add(make_packet(**{**base, name: value}))
    add(make_packet(1, ETH_IPV4, 0, 0, 6, 1, 1, 0, 0))
    return out


# ------------------------------------------------------------------ checks


def decision_mismatches(policy: Policy, pipeline: Pipeline, packets) -> list[tuple]:
    """Packets where the pipeline does not do what the ACL decides:
    (packet, ACL rule, ACL effect, deciding flow or the ambiguity, pipeline effect)."""
    bad = []
    for packet in packets:
        rule, expected = evaluate_policy(policy, packet, pipeline.continuation)
        try:
            flow, got = evaluate_pipeline(pipeline, packet)
        except AmbiguousMatch as error:
            bad.append((packet, rule, expected, error, None))
            continue
        if got != expected:
            bad.append((packet, rule, expected, flow, got))
    return bad


def flows_overlap(a: FlowEntry, b: FlowEntry) -> bool:
    """Whether some header (and metadata) can match both flows: on every field both name,
    the bits both masks cover agree. Fields named by one flow only do not separate them."""
    theirs = {f.field: f for f in b.match}
    for f in a.match:
        g = theirs.get(f.field)
        if g is None:
            continue
        full = (1 << FIELD_WIDTH.get(f.field, 64)) - 1
        fm = full if f.mask is None else f.mask
        gm = full if g.mask is None else g.mask
        if (f.value ^ g.value) & fm & gm:
            return False
    return True


def same_priority_conflicts(pipeline: Pipeline) -> list[tuple[FlowEntry, FlowEntry]]:
    """Pairs of overlapping flows in one table at one priority that act differently."""
    bad = []
    for table in pipeline.tables:
        by_priority: dict[int, list[FlowEntry]] = {}
        for flow in table.flows:
            by_priority.setdefault(flow.priority, []).append(flow)
        for flows in by_priority.values():
            for a, b in combinations(flows, 2):
                if a.instructions != b.instructions and flows_overlap(a, b):
                    bad.append((a, b))
    return bad


def _meet(a, b, lo_of, hi_of):
    """First value in both sorted interval sets (None = everything), or None if disjoint."""
    if a is None and b is None:
        return "any"
    for x in a if a is not None else [None]:
        for y in b if b is not None else [None]:
            lo = max(lo_of(x) if x is not None else 0, lo_of(y) if y is not None else 0)
            hi = min(hi_of(x) if x is not None else 1 << 200, hi_of(y) if y is not None else 1 << 200)
            if lo <= hi:
                return lo
    return None


def witness_packet(a: Rule, b: Rule) -> Packet | None:
    """A packet both rules match, or None when they do not overlap."""
    from aclc.evaluate import rule_matches

    eth = a.eth_type if a.eth_type is not None else (b.eth_type if b.eth_type is not None else ETH_IPV4)
    if eth in (ETH_IPV4, ETH_IPV6):
        proto = a.ip_proto if a.ip_proto is not None else (b.ip_proto if b.ip_proto is not None else 6)
    else:
        proto = 0
    values = {}
    for name, ra, rb, lo_of, hi_of, default in (
        ("src", a.src, b.src, lambda p: p.value, lambda p: p.last(), 0),
        ("dst", a.dst, b.dst, lambda p: p.value, lambda p: p.last(), 0),
        ("sport", a.src_ports, b.src_ports, lambda r: r.lo, lambda r: r.hi, 1000),
        ("dport", a.dst_ports, b.dst_ports, lambda r: r.lo, lambda r: r.hi, 80),
        ("in_port", a.in_ports, b.in_ports, lambda p: p, lambda p: p, 1),
    ):
        v = _meet(ra, rb, lo_of, hi_of)
        if v is None:
            return None
        values[name] = default if v == "any" else v
    itype = a.icmp_type if a.icmp_type is not None else (b.icmp_type if b.icmp_type is not None else 8)
    icode = a.icmp_code if a.icmp_code is not None else (b.icmp_code if b.icmp_code is not None else 0)
    packet = make_packet(values["in_port"], eth, values["src"], values["dst"], proto,
                         values["sport"], values["dport"], itype, icode)
    return packet if rule_matches(a, packet) and rule_matches(b, packet) else None
