"""Concrete packets from BDDs: the examples every analysis reports."""

from __future__ import annotations

from ..packet import Packet
from ..policy import ETH_ARP, ETH_IPV4, ETH_IPV6, ICMP_PROTOCOLS, PORT_PROTOCOLS, PROTO_TCP
from .encoding import FIELDS, WIDTH, Space, var_name


_NAMES = tuple((field, tuple((var_name(field, bit), 1 << bit) for bit in range(width))) for field, width in FIELDS)
_FIELD_OF = {name: (field, weight) for field, names in _NAMES for name, weight in names}


def field_values(space: Space, assignment: dict) -> dict[str, int]:
    """Integers per field from a (partial) assignment; unassigned bits are 0."""
    values = dict.fromkeys(WIDTH, 0)
    for name, bit in assignment.items():  # a pick assigns few of the 400-odd variables
        if bit:
            found = _FIELD_OF.get(name)
            if found is not None:
                values[found[0]] |= found[1]
    return values


def pick_values(space: Space, region) -> dict[str, int]:
    """Integers per field of one packet of ``region`` (not false): the path that takes the
    low branch wherever it is not false, with the bits it does not test at 0.

    The same packet as ``field_values(space, space.bdd.pick(region))`` (CUDD's first cube),
    found by walking the BDD's nodes: ``pick`` lists every variable of the support and cost
    milliseconds a call, which made reporting thousands of findings slow.
    """
    false, true = space.false, space.true
    values = dict.fromkeys(WIDTH, 0)
    u = region
    while u != true:
        low, high = u.low, u.high
        if u.negated:  # a complemented edge: the children of the function are complemented
            low, high = ~low, ~high
        if low != false:
            u = low
        else:
            field, weight = _FIELD_OF[u.var]
            values[field] |= weight
            u = high
    return values


def packet_from_values(values: dict[str, int]) -> Packet:
    """A Packet that carries only the fields its ethertype and protocol give it.

    The other bits are never read by any match, so zeroing them keeps the
    packet inside every region it was picked from.
    """
    eth_type = values["eth_type"]
    is_ip = eth_type in (ETH_IPV4, ETH_IPV6)
    proto = values["ip_proto"] if is_ip else 0
    if eth_type == ETH_IPV6:
        src, dst = values["src"], values["dst"]
    elif eth_type in (ETH_IPV4, ETH_ARP):
        src, dst = values["src"] & 0xFFFFFFFF, values["dst"] & 0xFFFFFFFF
    else:
        src = dst = 0
    ports = is_ip and proto in PORT_PROTOCOLS
    icmp = is_ip and proto in ICMP_PROTOCOLS
    return Packet(
        in_port=values["in_port"],
        eth_type=eth_type,
        src=src,
        dst=dst,
        ip_proto=proto,
        src_port=values["src_port"] if ports else 0,
        dst_port=values["dst_port"] if ports else 0,
        icmp_type=values["icmp_type"] if icmp else 0,
        icmp_code=values["icmp_code"] if icmp else 0,
        ct_state=values["ct_state"] if is_ip else 0,
        tcp_flags=values["tcp_flags"] if is_ip and proto == PROTO_TCP else 0,
    )


def pick_packet(space: Space, region, pick_values=pick_values) -> Packet | None:
    """One packet of ``region`` (None if it is empty), preferring readable values.

    IP packets are preferred over other frames, and in_port 1 over port 0, when the
    region allows it, so examples look like traffic an operator knows. ``pick_values``
    walks the narrowed region to one value per field (lint passes a faster walk that
    picks the same values).
    """
    if region == space.false:
        return None
    for preference in (space.is_ipv4, space.is_ip, space.true):
        narrowed = region & preference
        if narrowed == space.false:
            continue
        port_one = narrowed & space.eq("in_port", 1)
        if port_one != space.false:
            narrowed = port_one
        return packet_from_values(pick_values(space, narrowed))
    return None  # pragma: no cover - region is not false


def packet_bdd(space: Space, packet: Packet):
    """The BDD of exactly this packet's header (unused fields left free)."""
    u = space.eq("in_port", packet.in_port) & space.eq("eth_type", packet.eth_type)
    if packet.is_ip:
        u &= space.eq("ip_proto", packet.ip_proto)
    if packet.eth_type == ETH_IPV6:
        u &= space.eq("src", packet.src) & space.eq("dst", packet.dst)
    elif packet.eth_type in (ETH_IPV4, ETH_ARP):
        u &= space.eq("src", packet.src, 32) & space.eq("dst", packet.dst, 32)
    if packet.has_ports:
        u &= space.eq("src_port", packet.src_port) & space.eq("dst_port", packet.dst_port)
    if packet.has_icmp:
        u &= space.eq("icmp_type", packet.icmp_type) & space.eq("icmp_code", packet.icmp_code)
    if packet.is_ip:
        u &= space.eq("ct_state", packet.ct_state)
        if packet.ip_proto == PROTO_TCP:
            u &= space.eq("tcp_flags", packet.tcp_flags)
    return u
