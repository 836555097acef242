"""Read OpenFlow 1.3 flows written in ovs-ofctl syntax back into FlowEntries.

Reads both aclc's own ``ofctl`` files and ``ovs-ofctl -O OpenFlow13
dump-flows`` output (``cookie=0x1, duration=2.1s, table=0, n_packets=0, ...,
priority=10,tcp,nw_src=10.0.0.0/8,tp_dst=0x50/0xfff0 actions=output:2``), so a
table on a switch can be compared with the Pipeline it should hold.

Values are canonicalized the way ovs-ofctl does when it loads a file: a
full mask means exact, a zero mask means the field is absent, and value bits
outside the mask are cleared. Only what aclc itself emits is understood; any
other action (``resubmit``, ``set_field`` ...) is an error naming
file:line:column, never silently skipped.
"""

from __future__ import annotations

import ipaddress
import re

from .errors import AclcError, SourcePos
from .pipeline import (
    FIELD_WIDTH, PORT_NAMES, ApplyActions, FieldMatch, FlowEntry, GotoTable, Output,
    WriteMetadata, cookie_rule, sort_match,
)
from .policy import ETH_ARP, ETH_IPV4, ETH_IPV6

SHORTHANDS = {
    "ip": (ETH_IPV4, None), "ipv4": (ETH_IPV4, None), "ipv6": (ETH_IPV6, None),
    "arp": (ETH_ARP, None),
    "tcp": (ETH_IPV4, 6), "tcp6": (ETH_IPV6, 6), "udp": (ETH_IPV4, 17), "udp6": (ETH_IPV6, 17),
    "sctp": (ETH_IPV4, 132), "sctp6": (ETH_IPV6, 132),
    "icmp": (ETH_IPV4, 1), "icmp6": (ETH_IPV6, 58),
}
# Flow properties that do not change what a flow matches or does.
IGNORED_KEYS = frozenset({
    "duration", "n_packets", "n_bytes", "idle_age", "hard_age", "idle_timeout",
    "hard_timeout", "importance", "reset_counts", "send_flow_rem", "check_overlap",
    "no_packet_counts", "no_byte_counts", "out_port", "out_group",
})
IGNORED_WORDS = frozenset({"reset_counts", "send_flow_rem", "check_overlap",
                           "no_packet_counts", "no_byte_counts"})
HEADER_PREFIXES = ("OFPST_FLOW reply", "NXST_FLOW reply", "OFPST_FLOW request")
PORT_FIELDS = {"tp_src": "src", "tp_dst": "dst"}
PORT_PROTOCOLS = {6: "tcp", 17: "udp", 132: "sctp"}
MAX_U64 = (1 << 64) - 1

_TOKEN = re.compile(r"[^,\s]+")
_DECIMAL = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0|[1-9][0-9]*")  # no leading zeros: octal to some readers
_ACTIONS = re.compile(r"(?:^|[,\s])actions=")


class _Line:
    """One flow line being read: the text and where it is, for error positions."""

    def __init__(self, filename: str, number: int, text: str):
        self.filename, self.number, self.text = filename, number, text

    def error(self, message: str, column: int) -> AclcError:
        caret = " " * column + "^"
        return AclcError(message, SourcePos(self.filename, self.number, column + 1),
                         detail=f"{self.text}\n{caret}")


def parse_ofctl(text: str, filename: str = "<flows>") -> list[FlowEntry]:
    """Every flow in ``text`` (ovs-ofctl flow syntax), in file order."""
    flows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith(HEADER_PREFIXES):
            continue
        flows.append(parse_flow_line(raw, filename, number))
    return flows


def parse_flow_line(raw: str, filename: str = "<flows>", number: int = 1) -> FlowEntry:
    line = _Line(filename, number, raw)
    found = _ACTIONS.search(raw)
    if found is None:
        raise line.error("flow has no actions=", len(raw) - len(raw.lstrip()))
    actions_column = found.end()
    props: dict[str, int] = {}
    tokens: list[tuple[str, str | None, int]] = []  # (key, value, column of the value)
    for token in _TOKEN.finditer(raw[:found.end() - len("actions=")]):
        word, column = token.group(), token.start()
        key, eq, value = word.partition("=")
        tokens.append((key, value if eq else None, column + len(key) + len(eq) if eq else column))
    eth_type, ip_proto = _protocol(line, tokens)
    match: dict[str, FieldMatch] = {}
    for key, value, column in tokens:
        if value is None:
            if key in SHORTHANDS or key in IGNORED_WORDS:
                continue
            raise line.error(f"unknown keyword '{key}'", column)
        if key in IGNORED_KEYS or key in ("dl_type", "eth_type", "nw_proto", "ip_proto"):
            continue
        if key in ("table", "priority", "cookie"):
            props[key] = _int(line, key, value, column, {"table": 254, "priority": 65535,
                                                          "cookie": MAX_U64}[key])
            continue
        name = _oxm_name(line, key, column, eth_type, ip_proto)
        if name in match:
            raise line.error(f"field {key} given twice", column - len(key) - 1)
        field = _field(line, name, value, column)
        if field is not None:
            match[name] = field
    if eth_type is not None:
        match["eth_type"] = FieldMatch("eth_type", eth_type)
    if ip_proto is not None:
        match["ip_proto"] = FieldMatch("ip_proto", ip_proto)
    instructions = _actions(line, raw[actions_column:], actions_column)
    cookie = props.get("cookie", 0)
    return FlowEntry(
        table_id=props.get("table", 0),
        priority=props.get("priority", 32768),  # ovs-ofctl's default priority
        match=sort_match(match.values()),
        instructions=instructions,
        cookie=cookie,
        role=_role(cookie, instructions),
    )


def _role(cookie: int, instructions) -> str:
    """A flow's role is not in the text; infer it the way aclc assigns cookies."""
    if cookie_rule(cookie) is not None:
        return "rule"
    if any(isinstance(ins, WriteMetadata) for ins in instructions):
        return "classify"
    return "default"


def _protocol(line: _Line, tokens) -> tuple[int | None, int | None]:
    eth_type = ip_proto = None
    for key, value, column in tokens:
        if value is None and key in SHORTHANDS:
            e, p = SHORTHANDS[key]
            eth_type = _same(line, "eth_type", eth_type, e, column)
            if p is not None:
                ip_proto = _same(line, "ip_proto", ip_proto, p, column)
        elif key in ("dl_type", "eth_type") and value is not None:
            eth_type = _same(line, "eth_type", eth_type, _int(line, key, value, column, 0xFFFF), column)
        elif key in ("nw_proto", "ip_proto") and value is not None:
            ip_proto = _same(line, "ip_proto", ip_proto, _int(line, key, value, column, 0xFF), column)
    if ip_proto is not None and eth_type not in (ETH_IPV4, ETH_IPV6):
        raise line.error("nw_proto needs ip or ipv6", 0)
    return eth_type, ip_proto


def _same(line: _Line, name: str, old, new, column: int):
    if old is not None and old != new:
        raise line.error(f"conflicting {name} values", column)
    return new


def _oxm_name(line: _Line, key: str, column: int, eth_type, ip_proto) -> str:
    start = column - len(key) - 1
    if key in ("nw_src", "nw_dst", "ip_src", "ip_dst", "ipv4_src", "ipv4_dst"):
        side = key[-3:]
        if eth_type == ETH_ARP:
            return "arp_spa" if side == "src" else "arp_tpa"
        if eth_type != ETH_IPV4:
            raise line.error(f"{key} needs ip (or arp)", start)
        return f"ipv4_{side}"
    if key in ("ipv6_src", "ipv6_dst"):
        if eth_type != ETH_IPV6:
            raise line.error(f"{key} needs ipv6", start)
        return key
    if key in ("arp_spa", "arp_tpa", "arp_op"):
        if eth_type != ETH_ARP:
            raise line.error(f"{key} needs arp", start)
        return key
    if key in PORT_FIELDS or re.fullmatch(r"(tcp|udp|sctp)_(src|dst)", key):
        proto_name = PORT_PROTOCOLS.get(ip_proto)
        if proto_name is None:
            raise line.error(f"{key} needs tcp, udp or sctp", start)
        side = PORT_FIELDS.get(key) or key.split("_")[1]
        if key not in PORT_FIELDS and not key.startswith(proto_name):
            raise line.error(f"{key} does not fit protocol {proto_name}", start)
        return f"{proto_name}_{side}"
    if key in ("icmp_type", "icmp_code", "icmpv4_type", "icmpv4_code", "icmpv6_type", "icmpv6_code"):
        part = key.rsplit("_", 1)[1]
        if eth_type == ETH_IPV4 and ip_proto == 1 and not key.startswith("icmpv6"):
            return f"icmpv4_{part}"
        if eth_type == ETH_IPV6 and ip_proto == 58 and not key.startswith("icmpv4"):
            return f"icmpv6_{part}"
        raise line.error(f"{key} needs icmp or icmp6", start)
    if key in ("in_port", "metadata", "ip_dscp"):
        return key
    if key in ("ip_ecn", "nw_ecn"):
        return "ip_ecn"
    raise line.error(f"unsupported match field '{key}'", start)


EXTRA_WIDTH = {"ip_dscp": 6, "ip_ecn": 2}


def _field(line: _Line, name: str, text: str, column: int) -> FieldMatch | None:
    width = FIELD_WIDTH.get(name) or EXTRA_WIDTH[name]
    full = (1 << width) - 1
    value_text, slash, mask_text = text.partition("/")
    if name in ("ipv4_src", "ipv4_dst", "arp_spa", "arp_tpa", "ipv6_src", "ipv6_dst"):
        value = _address(line, value_text, width, column)
        if not slash:
            mask = full
        elif _DECIMAL.fullmatch(mask_text):
            length = int(mask_text)
            if length > width:
                raise line.error(f"prefix length {length} is longer than {width}", column + len(value_text) + 1)
            mask = (full << (width - length)) & full
        else:
            mask = _address(line, mask_text, width, column + len(value_text) + 1)
    elif name == "in_port":
        if slash:
            raise line.error("in_port cannot be masked", column)
        value, mask = _port(line, value_text, column), full
    else:
        value = _int(line, name, value_text, column, full)
        mask = _int(line, name, mask_text, column + len(value_text) + 1, full) if slash else full
    if mask == 0:
        return None  # a zero mask matches everything: ovs-ofctl drops the field too
    return FieldMatch(name, value & mask, None if mask == full else mask)


def _address(line: _Line, text: str, width: int, column: int) -> int:
    try:
        address = ipaddress.IPv6Address(text) if width == 128 else ipaddress.IPv4Address(text)
    except ValueError:
        family = "IPv6" if width == 128 else "IPv4"
        raise line.error(f"'{text}' is not an {family} address", column) from None
    return int(address)


def _int(line: _Line, name: str, text: str, column: int, maximum: int) -> int:
    # ASCII digits only: int() also takes '+', '_' and other scripts' digits, which ovs-ofctl does not.
    if not _NUMBER.fullmatch(text):
        raise line.error(f"{name}: '{text}' is not a number", column)
    value = int(text, 0)
    if not 0 <= value <= maximum:
        raise line.error(f"{name}: {value} is out of range 0..{maximum}", column)
    return value


def _port(line: _Line, text: str, column: int) -> int:
    if text.upper() in PORT_NAMES:
        return PORT_NAMES[text.upper()]
    if not _DECIMAL.fullmatch(text):
        raise line.error(f"unknown port '{text}' (dump flows with --no-names to get port numbers)", column)
    return _int(line, "port", text, column, 0xFFFFFFFF)


def _actions(line: _Line, text: str, column: int) -> tuple:
    words = []
    for word in _TOKEN.finditer(text):
        words.append((word.group(), column + word.start()))
    outputs: list[Output] = []
    write = goto = None
    drop = False
    for word, at in words:
        lower = word.lower()
        if lower == "drop":
            drop = True
        elif lower.startswith("output:") or word in PORT_NAMES or lower.startswith("controller"):
            outputs.append(_output(line, word, at))
        elif lower.startswith("write_metadata:"):
            body = word.split(":", 1)[1]
            value_text, slash, mask_text = body.partition("/")
            value = _int(line, "write_metadata", value_text, at + 15, MAX_U64)
            mask = _int(line, "write_metadata", mask_text, at + 16 + len(value_text), MAX_U64) if slash else MAX_U64
            if write is not None:
                raise line.error("write_metadata given twice", at)
            write = WriteMetadata(value, mask)
        elif lower.startswith("goto_table:"):
            if goto is not None:
                raise line.error("goto_table given twice", at)
            goto = GotoTable(_int(line, "goto_table", word.split(":", 1)[1], at + 11, 254))
        else:
            raise line.error(f"unsupported action '{word}' (aclc reads output, CONTROLLER, NORMAL, "
                             "write_metadata, goto_table and drop)", at)
    if drop and (outputs or write or goto):
        raise line.error("drop cannot be combined with other actions", column)
    instructions: list = []
    if outputs:
        instructions.append(ApplyActions(tuple(outputs)))
    if write is not None:
        instructions.append(write)
    if goto is not None:
        instructions.append(goto)
    return tuple(instructions)


def _output(line: _Line, word: str, at: int) -> Output:
    lower = word.lower()
    if lower.startswith("output:"):
        target = word[len("output:"):]
        port = _port(line, target, at + 7)
        # ovs-ofctl sends the whole packet when no max_len is given
        return Output(port, 0xFFFF if port == PORT_NAMES["CONTROLLER"] else 0)
    if lower == "controller":
        return Output(PORT_NAMES["CONTROLLER"], 0xFFFF)  # ovs-ofctl's default max_len
    if lower.startswith("controller:"):
        return Output(PORT_NAMES["CONTROLLER"], _int(line, "max_len", word[11:], at + 11, 0xFFFF))
    if word in PORT_NAMES and word != "CONTROLLER":
        return Output(PORT_NAMES[word])
    raise line.error(f"unsupported action '{word}'", at)
