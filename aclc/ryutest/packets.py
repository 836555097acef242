"""Packets in the os-ken packet library syntax the switch tester evaluates.

The tester joins a test's ``ingress`` strings with ``/`` and evaluates them with
every packet-library class in scope (``ethernet``, ``ipv4``, ``tcp`` ...; the
ICMPv6 echo class is spelled ``icmpv6echo`` there). Every packet is complete
enough for Open vSwitch to parse the fields a flow can match: ICMP carries at
least its 8-byte header, unknown IP protocols carry 8 payload bytes.
"""

from __future__ import annotations

import ipaddress

import netaddr

from ..packet import Packet
from ..policy import ETH_ARP, ETH_IPV4, ETH_IPV6, PROTO_ICMP, PROTO_ICMPV6, PROTO_SCTP, PROTO_TCP, PROTO_UDP

ETH_SRC = "02:ac:1c:00:00:01"
ETH_DST = "02:ac:1c:00:00:02"

# Ethertypes a switch parses as a tag or a tunnel: a frame with one of these is not
# classified by its own ethertype, so no witness is built for them.
UNTESTABLE_ETHERTYPES = frozenset({0x8100, 0x88A8, 0x9100, 0x8847, 0x8848, 0x88E7})


def ipv6_text(value: int) -> str:
    # os-ken prints IPv6 addresses with netaddr; use the same spelling.
    return str(netaddr.IPAddress(value, 6))


def ipv4_text(value: int) -> str:
    return str(ipaddress.IPv4Address(value))


def can_build(packet: Packet) -> bool:
    return packet.eth_type >= 0x0600 and packet.eth_type not in UNTESTABLE_ETHERTYPES


def packet_strings(packet: Packet) -> list[str]:
    """The tester's ``ingress`` list for ``packet``."""
    if not can_build(packet):
        raise ValueError(f"cannot build a frame with ethertype 0x{packet.eth_type:04x}")
    out = [f"ethernet(dst='{ETH_DST}', src='{ETH_SRC}', ethertype={packet.eth_type})"]
    if packet.eth_type == ETH_ARP:
        out.append(
            f"arp(opcode=1, src_mac='{ETH_SRC}', src_ip='{ipv4_text(packet.src)}', "
            f"dst_mac='00:00:00:00:00:00', dst_ip='{ipv4_text(packet.dst)}')"
        )
        return out
    if packet.eth_type == ETH_IPV4:
        out.append(
            f"ipv4(tos=0, proto={packet.ip_proto}, src='{ipv4_text(packet.src)}', "
            f"dst='{ipv4_text(packet.dst)}', ttl=64)"
        )
    elif packet.eth_type == ETH_IPV6:
        out.append(
            f"ipv6(nxt={packet.ip_proto}, src='{ipv6_text(packet.src)}', "
            f"dst='{ipv6_text(packet.dst)}', hop_limit=64)"
        )
    else:
        out.append("bytes(46)")
        return out
    out.append(_l4_string(packet))
    return out


def _l4_string(packet: Packet) -> str:
    proto = packet.ip_proto
    if proto == PROTO_TCP:
        return f"tcp(src_port={packet.src_port}, dst_port={packet.dst_port}, seq=1, bits=2, window_size=8192)"
    if proto == PROTO_UDP:
        return f"udp(src_port={packet.src_port}, dst_port={packet.dst_port})"
    if proto == PROTO_SCTP:
        return f"sctp(src_port={packet.src_port}, dst_port={packet.dst_port}, vtag=1)"
    if proto == PROTO_ICMP and packet.eth_type == ETH_IPV4:
        t, c = packet.icmp_type, packet.icmp_code
        if t in (0, 8):
            body = "echo(id_=1, seq=1, data=bytes(8))"
        elif t == 3:
            body = "dest_unreach(data=bytes(28))"
        elif t == 11:
            body = "TimeExceeded(data=bytes(28))"
        else:
            body = "bytes(4)"
        return f"icmp(type_={t}, code={c}, csum=0, data={body})"
    if proto == PROTO_ICMPV6 and packet.eth_type == ETH_IPV6:
        t, c = packet.icmp_type, packet.icmp_code
        if t in (128, 129):
            body = "icmpv6echo(id_=1, seq=1, data=bytes(8))"
        elif t in (135, 136):
            body = "nd_neighbor(dst='2001:db8::1')"
        elif t == 133:
            body = "nd_router_solicit()"
        elif t == 134:
            body = "nd_router_advert()"
        else:
            body = "bytes(4)"
        return f"icmpv6(type_={t}, code={c}, data={body})"
    return "bytes(8)"


def build(strings: list[str]) -> bytes:
    """The frame the tester builds from ``strings`` (evaluated as the tester does)."""
    namespace = tester_namespace()
    data = eval("/".join(strings), namespace)  # noqa: S307 - our own strings, the tester's syntax
    data.serialize()
    return bytes(data.data)


_NAMESPACE: dict | None = None


def tester_namespace() -> dict:
    """The names the switch tester evaluates packet strings with (its module globals)."""
    global _NAMESPACE
    if _NAMESPACE is None:
        from .oskentester import tester_module

        _NAMESPACE = dict(vars(tester_module()))
    return _NAMESPACE
