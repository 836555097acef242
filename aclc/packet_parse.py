"""Packets as operators write them on the command line.

    tcp 10.0.0.1:1234 -> 192.0.2.10:443 in_port 1
    udp [2001:db8::1]:53 -> [2001:db8::2]:53
    icmp 10.0.0.1 -> 10.0.0.2 type 8 code 0
    arp 10.0.0.1 -> 10.0.0.2
    gre 10.0.0.1 -> 10.0.0.2          (any protocol name, or "proto 47")
    ethertype 0x88cc in_port 2

The family follows the addresses (``icmp`` between IPv6 addresses means
ICMPv6). Ports are required for TCP, UDP and SCTP (so the packet is never
silently port 0) and refused for other protocols. Errors name the column.
"""

from __future__ import annotations

import ipaddress
import re

from .errors import AclcError, SourcePos
from .names import ICMP_TYPES, ICMPV6_TYPES, PROTOCOLS
from .packet import Packet
from .frontend.normalize import MAX_OPENFLOW_PORT
from .policy import ETH_ARP, ETH_IPV4, ETH_IPV6, ICMP_PROTOCOLS, PORT_PROTOCOLS, PROTO_ICMP, PROTO_ICMPV6

_TOKEN = re.compile(r"->|\[[^\]\s]*\](?::[^\s-]*)?|[^\s]+?(?=\s|->|$)")
# ASCII decimal or 0x hex only: int() also takes '1_0', '0o17' and other scripts' digits ('٨', '²').
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|[0-9]+")
_DECIMAL = re.compile(r"[0-9]+")


class _Tokens:
    def __init__(self, text: str, where: str):
        self.text = text
        self.where = where
        self.items = [(m.group(0), m.start() + 1) for m in _TOKEN.finditer(text)]
        self.i = 0

    def error(self, message: str, column: int | None = None) -> AclcError:
        if column is None:
            column = self.items[self.i][1] if self.i < len(self.items) else len(self.text) + 1
        caret = " " * (column - 1) + "^"
        return AclcError(message, pos=SourcePos(self.where, 1, column), detail=f"  {self.text}\n  {caret}")

    def peek(self) -> str | None:
        return self.items[self.i][0] if self.i < len(self.items) else None

    def take(self, what: str) -> tuple[str, int]:
        if self.i >= len(self.items):
            raise self.error(f"expected {what} at the end of the packet")
        item = self.items[self.i]
        self.i += 1
        return item


def _number(tokens: _Tokens, what: str, top: int) -> int:
    text, column = tokens.take(what)
    if not _NUMBER.fullmatch(text):
        raise tokens.error(f"expected {what} (decimal or 0x hex), got '{text}'", column)
    value = int(text, 16) if text[:2] in ("0x", "0X") else int(text)
    if not 0 <= value <= top:
        noun = what.removeprefix("an ").removeprefix("a ")
        raise tokens.error(f"{noun} {value} is out of range 0-{top}", column)
    return value


def _endpoint(tokens: _Tokens, side: str) -> tuple[int, int, int | None, int]:
    """(family ethertype, address, port or None, column)."""
    text, column = tokens.take(f"a {side} address")
    port_text = None
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            port_text = rest[1:]
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    else:
        host = text
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise tokens.error(f"'{host}' is not an IPv4 or IPv6 address", column) from None
    if isinstance(address, ipaddress.IPv6Address) and not text.startswith("[") and port_text is None and "." in host:
        pass
    port = None
    if port_text is not None:
        if not _DECIMAL.fullmatch(port_text) or int(port_text) > 0xFFFF:
            raise tokens.error(f"bad port '{port_text}' (expected 0-65535)", column + text.rindex(":") + 1)
        port = int(port_text)
    family = ETH_IPV4 if address.version == 4 else ETH_IPV6
    return family, int(address), port, column


def parse_packet(text: str, where: str = "<packet>") -> Packet:
    tokens = _Tokens(text, where)
    first, column = tokens.take("a protocol (tcp, udp, icmp, arp, ...)")
    word = first.lower()
    in_port = 1
    if word == "ethertype":
        eth_type = _number(tokens, "an ethertype", 0xFFFF)
        if eth_type in (ETH_IPV4, ETH_IPV6, ETH_ARP):
            raise tokens.error("use the protocol name (tcp, udp, arp, ...) for IP and ARP packets", column)
        in_port = _options(tokens, None, {})["in_port"]
        return Packet(in_port=in_port, eth_type=eth_type)
    if word == "proto":
        proto = _number(tokens, "an IP protocol number", 255)
    elif word == "arp":
        proto = None
    elif word in PROTOCOLS:
        proto = PROTOCOLS[word]
    else:
        raise tokens.error(f"unknown protocol '{first}'", column)
    family, src, sport, src_col = _endpoint(tokens, "source")
    arrow, arrow_col = tokens.take("'->'")
    if arrow != "->":
        raise tokens.error(f"expected '->', got '{arrow}'", arrow_col)
    dst_family, dst, dport, dst_col = _endpoint(tokens, "destination")
    if dst_family != family:
        raise tokens.error("source and destination addresses are of different families", dst_col)
    if word == "arp":
        if family != ETH_IPV4:
            raise tokens.error("ARP addresses are IPv4", src_col)
        if sport is not None or dport is not None:
            raise tokens.error("ARP has no ports", src_col)
        options = _options(tokens, None, {})
        return Packet(in_port=options["in_port"], eth_type=ETH_ARP, src=src, dst=dst)
    if proto in ICMP_PROTOCOLS:
        proto = PROTO_ICMPV6 if family == ETH_IPV6 else PROTO_ICMP
    if proto in PORT_PROTOCOLS:
        for port, col, side in ((sport, src_col, "source"), (dport, dst_col, "destination")):
            if port is None:
                raise tokens.error(f"a {first} packet needs a {side} port (ADDRESS:PORT)", col)
    else:
        for port, col in ((sport, src_col), (dport, dst_col)):
            if port is not None:
                raise tokens.error(f"{first} has no ports", col)
    names = (ICMPV6_TYPES if family == ETH_IPV6 else ICMP_TYPES) if proto in ICMP_PROTOCOLS else None
    options = _options(tokens, names, {})
    return Packet(
        in_port=options["in_port"], eth_type=family, src=src, dst=dst, ip_proto=proto,
        src_port=sport or 0, dst_port=dport or 0,
        icmp_type=options.get("type", 0), icmp_code=options.get("code", 0),
    )


def _options(tokens: _Tokens, icmp_names: dict | None, out: dict) -> dict:
    out.setdefault("in_port", 1)
    seen: set[str] = set()
    while tokens.peek() is not None:
        word, column = tokens.take("an option")
        key = word.lower().replace("-", "_")
        if key in seen and (key == "in_port" or icmp_names is not None and key in ("type", "code")):
            raise tokens.error(f"'{word}' is given twice", column)
        seen.add(key)
        if key == "in_port":
            text, number_column = tokens.items[tokens.i] if tokens.i < len(tokens.items) else ("", column)
            port = _number(tokens, "an in_port number", 0xFFFFFFFF)
            if not 1 <= port <= MAX_OPENFLOW_PORT:  # 0 and the reserved ports are no switch port
                raise tokens.error(f"in_port {text} is not a switch port number (1-{MAX_OPENFLOW_PORT})",
                                   number_column)
            out["in_port"] = port
        elif key in ("type", "code") and icmp_names is not None:
            if key == "type" and tokens.peek() is not None and tokens.peek().lower() in icmp_names:
                name, _ = tokens.take("an ICMP type")
                icmp_type, icmp_code = icmp_names[name.lower()]
                out["type"] = icmp_type
                if icmp_code is not None:
                    out["code"] = icmp_code
            else:
                out[key] = _number(tokens, f"an ICMP {key}", 255)
        else:
            allowed = "in_port, type, code" if icmp_names is not None else "in_port"
            raise tokens.error(f"unknown option '{word}' (expected {allowed})", column)
    return out
