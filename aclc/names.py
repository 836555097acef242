"""Well-known names: IP protocols, TCP/UDP ports and ICMP types.

Shared by the language front end and the importers (Cisco IOS and iptables
use the same names), so every spelling is decided in one place.
"""

from __future__ import annotations

from .policy import ETH_IPV6

PROTOCOLS = {
    "icmp": 1, "igmp": 2, "ipinip": 4, "tcp": 6, "egp": 8, "igp": 9, "udp": 17,
    "gre": 47, "esp": 50, "ah": 51, "icmpv6": 58, "ipv6-icmp": 58, "eigrp": 88,
    "ospf": 89, "pim": 103, "vrrp": 112, "l2tp": 115, "sctp": 132,
}
PROTOCOL_NAMES = {1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6", 132: "sctp", 47: "gre",
                  50: "esp", 51: "ah", 89: "ospf", 112: "vrrp", 2: "igmp", 103: "pim"}


def protocol_name(number: int, eth_type: int | None = None) -> str:
    return PROTOCOL_NAMES.get(number, f"proto {number}")


# Port names as Cisco IOS spells them (and iptables via /etc/services), TCP and UDP.
PORTS = {
    "bgp": 179, "chargen": 19, "cmd": 514, "daytime": 13, "discard": 9, "domain": 53,
    "dns": 53, "echo": 7, "exec": 512, "finger": 79, "ftp": 21, "ftp-data": 20,
    "gopher": 70, "hostname": 101, "http": 80, "https": 443, "ident": 113, "imap": 143,
    "imap4": 143, "imaps": 993, "irc": 194, "klogin": 543, "kshell": 544, "ldap": 389,
    "ldaps": 636, "login": 513, "lpd": 515, "nntp": 119, "pop2": 109, "pop3": 110,
    "pop3s": 995, "smtp": 25, "submission": 587, "ssh": 22, "sunrpc": 111, "tacacs": 49,
    "talk": 517, "telnet": 23, "time": 37, "uucp": 540, "whois": 43, "www": 80,
    "biff": 512, "bootpc": 68, "bootps": 67, "isakmp": 500, "mobile-ip": 434,
    "nameserver": 42, "netbios-dgm": 138, "netbios-ns": 137, "netbios-ss": 139,
    "ntp": 123, "rip": 520, "snmp": 161, "snmptrap": 162, "syslog": 514, "tftp": 69,
    "xdmcp": 177, "rdp": 3389, "mysql": 3306, "postgresql": 5432, "kerberos": 88,
    "ms-sql": 1433, "nfs": 2049, "radius": 1812, "radius-acct": 1813, "sip": 5060,
    "microsoft-ds": 445, "dhcpv6-client": 546, "dhcpv6-server": 547, "openvpn": 1194,
    "http-alt": 8080, "ipsec-nat-t": 4500, "vnc": 5900, "redis": 6379,
}

# ICMP (IPv4) type names, with the codes a name implies (Cisco spellings).
ICMP_TYPES = {
    "echo-reply": (0, None), "unreachable": (3, None), "net-unreachable": (3, 0),
    "host-unreachable": (3, 1), "protocol-unreachable": (3, 2), "port-unreachable": (3, 3),
    "packet-too-big": (3, 4), "fragmentation-needed": (3, 4),
    "administratively-prohibited": (3, 13), "source-quench": (4, None), "redirect": (5, None),
    "alternate-address": (6, None), "echo": (8, None), "echo-request": (8, None),
    "router-advertisement": (9, None), "router-solicitation": (10, None),
    "time-exceeded": (11, None), "ttl-exceeded": (11, 0), "reassembly-timeout": (11, 1),
    "parameter-problem": (12, None), "timestamp-request": (13, None),
    "timestamp-reply": (14, None), "information-request": (15, None),
    "information-reply": (16, None), "mask-request": (17, None), "mask-reply": (18, None),
    "traceroute": (30, None),
}

# ICMPv6 type names.
ICMPV6_TYPES = {
    "destination-unreachable": (1, None), "unreachable": (1, None), "packet-too-big": (2, None),
    "time-exceeded": (3, None), "parameter-problem": (4, None), "echo-request": (128, None),
    "echo": (128, None), "echo-reply": (129, None), "mld-query": (130, None),
    "mld-report": (131, None), "mld-done": (132, None), "router-solicitation": (133, None),
    "router-advertisement": (134, None), "neighbor-solicitation": (135, None),
    "neighbor-advertisement": (136, None), "redirect": (137, None),
    "mldv2-report": (143, None),
}


def icmp_type_by_name(name: str, eth_type: int | None) -> tuple[int, int | None] | None:
    table = ICMPV6_TYPES if eth_type == ETH_IPV6 else ICMP_TYPES
    return table.get(name.lower())
