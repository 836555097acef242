"""Raw Ethernet frames for probing a switch: IPv4, IPv6 and ARP, with valid checksums.

Built with struct rather than a packet library so a probe costs microseconds and the
bytes on the wire are exactly what the test says::

    ipv4_frame(6, "10.0.0.1", "10.0.0.2", sport=40000, dport=80)
    ipv4_frame(1, "10.0.0.1", "10.0.0.2", icmp_type=8)
    ipv6_frame(17, "2001:db8::1", "2001:db8::2", sport=5000, dport=53)
"""

from __future__ import annotations

import ipaddress
import struct

SRC_MAC = bytes.fromhex("020000000001")
DST_MAC = bytes.fromhex("020000000002")
ETH_IPV4, ETH_IPV6, ETH_ARP = 0x0800, 0x86DD, 0x0806
TCP, UDP, ICMP, ICMPV6, SCTP = 6, 17, 1, 58, 132


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _ethernet(ethertype: int, payload: bytes, src_mac: bytes = SRC_MAC, dst_mac: bytes = DST_MAC) -> bytes:
    return dst_mac + src_mac + struct.pack("!H", ethertype) + payload


def _l4(proto: int, sport: int, dport: int, icmp_type: int, icmp_code: int, payload: bytes,
        pseudo: bytes) -> bytes:
    """The transport header and payload; ``pseudo`` is the pseudo-header prefix for checksums."""
    if proto == TCP:
        header = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x02, 65535, 0, 0)
        segment = header + payload
        csum = _checksum(pseudo + struct.pack("!H", len(segment)) + segment)
        return segment[:16] + struct.pack("!H", csum) + segment[18:]
    if proto == UDP:
        length = 8 + len(payload)
        datagram = struct.pack("!HHHH", sport, dport, length, 0) + payload
        csum = _checksum(pseudo + struct.pack("!H", length) + datagram) or 0xFFFF
        return datagram[:6] + struct.pack("!H", csum) + datagram[8:]
    if proto in (ICMP, ICMPV6):
        message = struct.pack("!BBHI", icmp_type, icmp_code, 0, 0) + payload
        data = message if proto == ICMP else pseudo + struct.pack("!H", len(message)) + message
        return message[:2] + struct.pack("!H", _checksum(data)) + message[4:]
    if proto == SCTP:  # common header only; switches match the ports, nobody checks the CRC here
        return struct.pack("!HHII", sport, dport, 0, 0) + payload
    return payload


def ipv4_frame(proto: int, src: str, dst: str, sport: int = 0, dport: int = 0, icmp_type: int = 0,
               icmp_code: int = 0, payload: bytes = b"", ttl: int = 64) -> bytes:
    s, d = ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed
    pseudo = s + d + struct.pack("!BB", 0, proto)
    body = _l4(proto, sport, dport, icmp_type, icmp_code, payload, pseudo)
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), 0, 0, ttl, proto, 0, s, d)
    header = header[:10] + struct.pack("!H", _checksum(header)) + header[12:]
    return _ethernet(ETH_IPV4, header + body)


def ipv6_frame(proto: int, src: str, dst: str, sport: int = 0, dport: int = 0, icmp_type: int = 0,
               icmp_code: int = 0, payload: bytes = b"", hop_limit: int = 64) -> bytes:
    s, d = ipaddress.IPv6Address(src).packed, ipaddress.IPv6Address(dst).packed
    # The IPv6 pseudo-header puts the length before the next header; _l4 appends the length
    # after ``pseudo``, so give it the addresses and fold the next-header word in after.
    body = _l4(proto, sport, dport, icmp_type, icmp_code, payload, b"")
    pseudo = s + d + struct.pack("!IxxxB", len(body), proto)
    if proto in (TCP, UDP, ICMPV6):
        offset = {TCP: 16, UDP: 6, ICMPV6: 2}[proto]
        zeroed = body[:offset] + b"\0\0" + body[offset + 2:]
        csum = _checksum(pseudo + zeroed)
        if proto == UDP and csum == 0:
            csum = 0xFFFF
        body = zeroed[:offset] + struct.pack("!H", csum) + zeroed[offset + 2:]
    header = struct.pack("!IHBB16s16s", 6 << 28, len(body), proto, hop_limit, s, d)
    return _ethernet(ETH_IPV6, header + body)


def arp_frame(sender: str, target: str, op: int = 1) -> bytes:
    spa, tpa = ipaddress.IPv4Address(sender).packed, ipaddress.IPv4Address(target).packed
    body = struct.pack("!HHBBH6s4s6s4s", 1, ETH_IPV4, 6, 4, op, SRC_MAC, spa, b"\0" * 6, tpa)
    return _ethernet(ETH_ARP, body, dst_mac=b"\xff" * 6)
