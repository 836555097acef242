"""One rule as a product of OpenFlow field matches.

A rule is the product of its fields: in_port x source prefixes x destination
prefixes x protocol x port encodings x ICMP. Each field becomes a tuple of
alternative :class:`FieldMatch` values (a *dimension*); a field that matches
everything becomes no dimension at all. Alternatives within a dimension are
disjoint (canonical prefix sets, prefix covers of disjoint ranges, distinct
values), so the flows of one rule never overlap each other.

Port encodings:

- ``mask``: each range as its minimal prefix cover (value/mask); only where the
  profile honours masks on that port field. A range on a profile that does not
  is refused here, never silently turned into masks the switch ignores.
- ``exact``: every port value of a range as its own flow.
- ``classified``: no port match at all; the multi-table strategy matches the
  ports' class ids in metadata instead (:mod:`aclc.lower.multi`).

Flow counts are computed from sizes alone (:func:`rule_flow_count`), so a
trillion-flow expansion is refused before anything is built.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from ..errors import AclcError
from ..pipeline import FIELD_RANK, FieldMatch
from ..policy import (
    ETH_ARP, ETH_IPV4, ETH_IPV6, PORT_PROTOCOLS, PROTO_ICMP, PROTO_ICMPV6, PROTO_SCTP, PROTO_TCP,
    PROTO_UDP, PortRange, Prefix, Rule,
)
from ..profiles import Profile, targets_that
from ..ranges import is_full, range_to_prefixes

PORT_ENCODINGS = ("mask", "exact")

ADDRESS_FIELDS = {
    ETH_IPV4: ("ipv4_src", "ipv4_dst"),
    ETH_IPV6: ("ipv6_src", "ipv6_dst"),
    ETH_ARP: ("arp_spa", "arp_tpa"),
}
PORT_FIELDS = {
    PROTO_TCP: ("tcp_src", "tcp_dst"),
    PROTO_UDP: ("udp_src", "udp_dst"),
    PROTO_SCTP: ("sctp_src", "sctp_dst"),
}
ICMP_FIELDS = {
    (ETH_IPV4, PROTO_ICMP): ("icmpv4_type", "icmpv4_code"),
    (ETH_IPV6, PROTO_ICMPV6): ("icmpv6_type", "icmpv6_code"),
}


def full_ports(ports: tuple[PortRange, ...] | None) -> bool:
    return ports is None or (len(ports) == 1 and ports[0].lo == 0 and ports[0].hi == 0xFFFF)


def check_rule_shape(rule: Rule) -> None:
    """Refuse rules whose fields break OpenFlow 1.3 prerequisites (normalize never makes them)."""
    # The common shape, accepted in a few comparisons: an IP rule without ICMP fields or
    # in_ports whose sets are not empty, and ports only with TCP, UDP or SCTP.
    eth_type, src, dst, src_ports, dst_ports = rule.eth_type, rule.src, rule.dst, rule.src_ports, rule.dst_ports
    if ((eth_type == ETH_IPV4 or eth_type == ETH_IPV6) and rule.icmp_type is None and rule.icmp_code is None
            and rule.in_ports is None and (src is None or src) and (dst is None or dst)
            and (src_ports is None or src_ports) and (dst_ports is None or dst_ports)
            and (rule.ip_proto in PORT_PROTOCOLS or (full_ports(src_ports) and full_ports(dst_ports)))):
        return
    _check_rule_shape(rule)


def _check_rule_shape(rule: Rule) -> None:
    def bad(what: str):
        raise AclcError(f"rule cannot be expressed in OpenFlow 1.3: {what}", rule.origin)

    if rule.eth_type is None and (rule.ip_proto is not None or rule.src is not None or rule.dst is not None):
        bad("an L3 match without an ethertype")
    if (rule.src is not None or rule.dst is not None) and rule.eth_type not in ADDRESS_FIELDS:
        bad(f"addresses with ethertype 0x{rule.eth_type:04x}")
    if rule.ip_proto is not None and rule.eth_type not in (ETH_IPV4, ETH_IPV6):
        bad("an IP protocol on a non-IP ethertype")
    has_ports = not (full_ports(rule.src_ports) and full_ports(rule.dst_ports))
    if has_ports and rule.ip_proto not in PORT_PROTOCOLS:
        bad("port ranges without TCP, UDP or SCTP")
    if rule.icmp_type is not None and (rule.eth_type, rule.ip_proto) not in ICMP_FIELDS:
        bad("an ICMP type without ICMP (IPv4) or ICMPv6 (IPv6)")
    if rule.icmp_code is not None and rule.icmp_type is None:
        bad("an ICMP code without an ICMP type")
    for prefixes in (rule.src, rule.dst):
        if prefixes is not None and not prefixes:
            bad("an empty address set")
    for ports in (rule.src_ports, rule.dst_ports):
        if ports is not None and not ports:
            bad("an empty port set")
    if rule.in_ports is not None and not rule.in_ports:
        bad("an empty in_port set")


def _address_dimension(field: str, prefixes: tuple[Prefix, ...], profile: Profile, rule: Rule):
    """The alternatives of an address set that is not everything (see is_full)."""
    masks_honoured = field in profile.maskable
    if len(prefixes) == 1:  # most sets: one network
        value, length, width = prefixes[0]
        if length == width:
            return (FieldMatch(field, value),)
        if masks_honoured:
            return (FieldMatch(field, value, ((1 << length) - 1) << (width - length)),)
    found = _address_alternatives(field, prefixes, masks_honoured)
    if isinstance(found, Prefix):
        raise AclcError(f"target {profile.name} does not honour masks on {field}, needed for {found}", rule.origin)
    return found


@lru_cache(maxsize=1 << 16)
def _address_alternatives(field: str, prefixes: tuple[Prefix, ...], masks_honoured: bool):
    """The prefixes as FieldMatch alternatives, or the first prefix that needs a mask the
    switch does not honour. Cached: ACLs repeat the same networks on many lines."""
    out = []
    for p in prefixes:
        if p.length == p.width:
            out.append(FieldMatch(field, p.value))
        elif masks_honoured:
            out.append(FieldMatch(field, p.value, p.mask()))
        else:
            return p
    return tuple(out)


def _port_count(ports: tuple[PortRange, ...] | None, field: str, encoding: str, profile: Profile, rule: Rule) -> int:
    if encoding == "classified" or full_ports(ports):
        return 1
    if encoding == "exact":
        return sum(r.hi - r.lo + 1 for r in ports)
    if profile.honours_mask(field):
        return sum(len(range_to_prefixes(r.lo, r.hi, 16)) for r in ports)
    _refuse_port_mask(field, ports, profile, rule)
    return len(ports)


def _refuse_port_mask(field: str, ports, profile: Profile, rule: Rule) -> None:
    """Single port values are exact matches; a real range would need a mask the switch ignores."""
    wide = next((r for r in ports if r.lo != r.hi), None)
    if wide is not None:
        raise AclcError(
            f"port range {wide} needs a masked {field} match, which target {profile.name} does not "
            f"honour (a switch that ignores the mask would match every port); "
            f"use --strategy exact or --strategy multi"
            + (f", or {way}" if (way := targets_that(lambda p: p.honours_mask(field))) else ""),
            rule.origin,
        )


def _port_dimension(field: str, ports, encoding: str, profile: Profile, rule: Rule):
    if encoding == "classified" or full_ports(ports):
        return None
    if encoding == "exact":
        return tuple(FieldMatch(field, v) for r in ports for v in range(r.lo, r.hi + 1))
    if not profile.honours_mask(field):
        _refuse_port_mask(field, ports, profile, rule)
        return tuple(FieldMatch(field, r.lo) for r in ports)
    return _masked_port_alternatives(field, ports)


@lru_cache(maxsize=1 << 16)
def _masked_port_alternatives(field: str, ports: tuple[PortRange, ...]) -> tuple[FieldMatch, ...]:
    out = []
    for r in ports:
        for value, length in range_to_prefixes(r.lo, r.hi, 16):
            mask = (0xFFFF << (16 - length)) & 0xFFFF
            out.append(FieldMatch(field, value, None if mask == 0xFFFF else mask))
    return tuple(out)


def rule_flow_count(rule: Rule, profile: Profile, encoding: str) -> int:
    """How many flows :func:`rule_dimensions` would give, computed from sizes alone."""
    n = 1
    if rule.in_ports is not None:
        n *= len(rule.in_ports)
    if not is_full(rule.src):
        n *= len(rule.src)
    if not is_full(rule.dst):
        n *= len(rule.dst)
    if rule.ip_proto in PORT_FIELDS:
        src_field, dst_field = PORT_FIELDS[rule.ip_proto]
        n *= _port_count(rule.src_ports, src_field, encoding, profile, rule)
        n *= _port_count(rule.dst_ports, dst_field, encoding, profile, rule)
    if rule.ct_state is not None or rule.tcp_flags is not None:
        from .stateful import connection_flow_factor

        n *= connection_flow_factor(rule)
    return n


def rule_dimensions(rule: Rule, profile: Profile, encoding: str,
                    metadata: tuple[FieldMatch, ...] | None = None) -> list[tuple[FieldMatch, ...]]:
    """The rule's dimensions in OXM order: a flow takes one alternative from each.

    ``metadata``: alternatives of a metadata match to add (the multi-table strategy's
    port class ids), in its OXM place right after in_port."""
    check_rule_shape(rule)
    dims: list[tuple[FieldMatch, ...]] = []
    if rule.in_ports is not None:
        dims.append(tuple(FieldMatch("in_port", p) for p in sorted(rule.in_ports)))
    if metadata is not None:
        dims.append(metadata)
    eth_type, ip_proto = rule.eth_type, rule.ip_proto
    if eth_type is not None:
        dims.append(_exact_dimension("eth_type", eth_type))
    if ip_proto is not None:
        dims.append(_exact_dimension("ip_proto", ip_proto))
    if eth_type in ADDRESS_FIELDS:
        src_field, dst_field = ADDRESS_FIELDS[eth_type]
        src, dst = rule.src, rule.dst
        if not (src is None or (len(src) == 1 and src[0].length == 0)):  # is_full, inline
            dims.append(_address_dimension(src_field, src, profile, rule))
        if not (dst is None or (len(dst) == 1 and dst[0].length == 0)):
            dims.append(_address_dimension(dst_field, dst, profile, rule))
    if encoding != "classified" and ip_proto in PORT_FIELDS:
        src_field, dst_field = PORT_FIELDS[ip_proto]
        for dim in (_port_dimension(src_field, rule.src_ports, encoding, profile, rule),
                    _port_dimension(dst_field, rule.dst_ports, encoding, profile, rule)):
            if dim is not None:
                dims.append(dim)
    if rule.icmp_type is not None:
        type_field, code_field = ICMP_FIELDS[(eth_type, ip_proto)]
        dims.append((FieldMatch(type_field, rule.icmp_type),))
        if rule.icmp_code is not None:
            dims.append((FieldMatch(code_field, rule.icmp_code),))
    if rule.ct_state is not None or rule.tcp_flags is not None:  # Open vSwitch extensions, last in OXM order
        from .stateful import connection_dimensions

        dims.extend(connection_dimensions(rule))
    # Each dimension is one field, so ordering dimensions orders every product tuple.
    # They were appended in OXM order except IPv6 addresses, which come after the ports.
    if eth_type == ETH_IPV6 and encoding != "classified":
        dims.sort(key=lambda dim: FIELD_RANK[dim[0].field])
    return dims


@lru_cache(maxsize=1024)
def _exact_dimension(field: str, value: int) -> tuple[FieldMatch]:
    return (FieldMatch(field, value),)


def rule_matches(rule: Rule, profile: Profile, encoding: str):
    """Every flow match of the rule, as tuples of FieldMatch in OXM order."""
    return product(*rule_dimensions(rule, profile, encoding))
