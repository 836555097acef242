"""A concrete packet: the header fields a firewall decision can depend on."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from .policy import ETH_ARP, ETH_IPV4, ETH_IPV6, ICMP_PROTOCOLS, PORT_PROTOCOLS


@dataclass(frozen=True)
class Packet:
    in_port: int = 1
    eth_type: int = ETH_IPV4
    src: int = 0  # IPv4/IPv6 source address, or ARP sender protocol address
    dst: int = 0  # IPv4/IPv6 destination address, or ARP target protocol address
    ip_proto: int = 0  # 0 when not IP
    src_port: int = 0  # TCP/UDP/SCTP only
    dst_port: int = 0
    icmp_type: int = 0  # ICMP/ICMPv6 only
    icmp_code: int = 0
    # Stateful policies only: the conntrack bits of the packet once tracked (IP only; new,
    # est, rel, rpl, inv as in aclc.policy), and its TCP flags (TCP only).
    ct_state: int = 0
    tcp_flags: int = 0

    @property
    def is_ip(self) -> bool:
        return self.eth_type in (ETH_IPV4, ETH_IPV6)

    @property
    def has_ports(self) -> bool:
        return self.is_ip and self.ip_proto in PORT_PROTOCOLS

    @property
    def has_icmp(self) -> bool:
        return self.is_ip and self.ip_proto in ICMP_PROTOCOLS

    def address_text(self, value: int) -> str:
        if self.eth_type == ETH_IPV6:
            return str(ipaddress.IPv6Address(value))
        return str(ipaddress.IPv4Address(value))

    def __str__(self) -> str:
        from .names import protocol_name

        if self.eth_type == ETH_ARP:
            return f"arp {self.address_text(self.src)} -> {self.address_text(self.dst)} in_port {self.in_port}"
        if not self.is_ip:
            return f"ethertype 0x{self.eth_type:04x} in_port {self.in_port}"
        proto = protocol_name(self.ip_proto, self.eth_type)
        src, dst = self.address_text(self.src), self.address_text(self.dst)
        if self.eth_type == ETH_IPV6:
            src, dst = f"[{src}]", f"[{dst}]"
        if self.has_ports:
            extra = ""
            if self.ip_proto == 6 and self.tcp_flags:
                extra += f" flags 0x{self.tcp_flags:03x}"
            if self.ct_state:
                extra += f" ct_state 0x{self.ct_state:02x}"
            return f"{proto} {src}:{self.src_port} -> {dst}:{self.dst_port}{extra} in_port {self.in_port}"
        text = f"{proto} {src} -> {dst}"
        if self.has_icmp:
            text += f" type {self.icmp_type} code {self.icmp_code}"
        if self.ct_state:
            text += f" ct_state 0x{self.ct_state:02x}"
        return f"{text} in_port {self.in_port}"
