"""Read ClassBench filter sets (Taylor & Turner, INFOCOM 2005) as Policies.

Line format (TAB separated, line order is priority, first match wins)::

    @SA/len  DA/len  SPlo : SPhi  DPlo : DPhi  0xPP/0xMM  0xFFFF/0xMMMM

The sets carry no actions, so the caller picks a deterministic assignment
(``alternate``: rule i permits when i is even). The last column, a 16-bit
"flags" value/mask that ClassBench never defined, has no OpenFlow 1.3 match:
it is ignored, and the reader says so in its notes.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import AclcError, SourcePos
from ..fastinit import constructor
from ..policy import ETH_IPV4, PORT_PROTOCOLS, Action, Policy, PortRange, Prefix, Rule

ACTION_MODES = ("alternate", "permit", "deny")
FLAGS_NOTE = "the flags column (last field) is ignored: OpenFlow 1.3 has no match for it"
_FULL_PORTS = (0, 0xFFFF)


def read_classbench(path: str | Path, actions: str = "alternate", notes: list[str] | None = None) -> Policy:
    """A ClassBench file as a Policy with default deny.

    ``notes`` (if given) receives what the reader left out, such as the flags column.
    Bad lines raise :class:`AclcError` naming file:line.
    """
    if actions not in ACTION_MODES:
        raise AclcError(f"unknown ClassBench action mode '{actions}' (use one of: {', '.join(ACTION_MODES)})")
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii")
    except OSError as error:
        raise AclcError(f"cannot read ClassBench file: {error.strerror or error}", SourcePos(str(path), 0)) from None
    except UnicodeDecodeError as error:
        raise AclcError(f"not a ClassBench file: byte {error.start} is not ASCII", SourcePos(str(path), 0)) from None
    policy, flags_used = parse_classbench(text, str(path), actions)
    if notes is not None and flags_used:
        notes.append(FLAGS_NOTE)
    return policy


# A line in the form the published sets use, read in one match; any other line (spaces around
# numbers, a missing 0x, a bad value) goes through the field-by-field reading below, which gives
# the same rule or the error naming its column. The fields' values are looked up by their text:
# a set repeats the same prefixes, port ranges and protocols over and over.
_PLAIN_LINE = re.compile(r"@([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}/[0-9]{1,2})\t"
                         r"([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}/[0-9]{1,2})\t"
                         r"([0-9]{1,5} : [0-9]{1,5})\t([0-9]{1,5} : [0-9]{1,5})\t"
                         r"(0x[0-9a-fA-F]{1,2}/0x[0-9a-fA-F]{1,2})(\t[^\t]*)?").fullmatch
# The same line in a whole text, every line at once (re.MULTILINE): the flags field stops at
# anything str.splitlines takes for a line break, blanks at the end of a line are left out as the
# per-line reading strips them, and a carriage return only ends a line just before its '\n'.
_PLAIN_LINES = re.compile(r"^@([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}/[0-9]{1,2})\t"
                          r"([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}/[0-9]{1,2})\t"
                          r"([0-9]{1,5} : [0-9]{1,5})\t([0-9]{1,5} : [0-9]{1,5})\t"
                          r"(0x[0-9a-fA-F]{1,2}/0x[0-9a-fA-F]{1,2})(\t[^\t\n\r\x0b\x0c\x1c\x1d\x1e]*)?[\t ]*\r?$",
                          re.MULTILINE).findall
_rule = constructor(Rule)
_source_pos = constructor(SourcePos)
_BAD = object()  # a field text the plain reading refuses (the field-by-field reading words why)


def _plain_prefix(text: str, shared: dict):
    """The prefixes of an ``a.b.c.d/len`` text (None for /0), the same tuple for the same
    prefix; _BAD when out of range."""
    address, _, length = text.partition("/")
    a, b, c, d = map(int, address.split("."))
    length = int(length)
    if length > 32 or a > 255 or b > 255 or c > 255 or d > 255:
        return _BAD
    if length == 0:
        return None
    value = ((a << 24) | (b << 16) | (c << 8) | d) & (((1 << length) - 1) << (32 - length))
    key = (value, length)
    found = shared.get(key)
    if found is None:
        found = shared[key] = (Prefix(value, length, 32),)
    return found


def _plain_ports(text: str):
    """The port ranges of an ``lo : hi`` text (None for all ports); _BAD when out of range."""
    lo, _, hi = text.partition(" : ")
    lo, hi = int(lo), int(hi)
    if not lo <= hi <= 0xFFFF:
        return _BAD
    return None if (lo, hi) == _FULL_PORTS else (PortRange(lo, hi),)


def _plain_protocol(text: str):
    """The protocol of a ``0xPP/0xMM`` text (None for any); _BAD for a partial mask."""
    value, _, mask = text.partition("/")
    mask = int(mask, 16)
    if mask == 0:
        return None
    return int(value, 16) if mask == 0xFF else _BAD


def _plain_fields(fields: tuple, cache: dict, shared: dict):
    """(proto, src, dst, src_ports, dst_ports) of a line _PLAIN_LINE matched, or None when a
    value is refused (the field-by-field reading then words the error)."""
    src_text, dst_text, sports_text, dports_text, proto_text, _ = fields
    src = cache.get(src_text, _BAD)
    if src is _BAD:
        src = cache[src_text] = _plain_prefix(src_text, shared)
    dst = cache.get(dst_text, _BAD)
    if dst is _BAD:
        dst = cache[dst_text] = _plain_prefix(dst_text, shared)
    src_ports = cache.get(sports_text, _BAD)
    if src_ports is _BAD:
        src_ports = cache[sports_text] = _plain_ports(sports_text)
    dst_ports = cache.get(dports_text, _BAD)
    if dst_ports is _BAD:
        dst_ports = cache[dports_text] = _plain_ports(dports_text)
    proto = cache.get(proto_text, _BAD)
    if proto is _BAD:
        proto = cache[proto_text] = _plain_protocol(proto_text)
    if src is _BAD or dst is _BAD or src_ports is _BAD or dst_ports is _BAD or proto is _BAD:
        return None
    if (src_ports or dst_ports) and proto not in PORT_PROTOCOLS:
        return None
    return proto, src, dst, src_ports, dst_ports


def _every_line_plain(text: str, filename: str, actions: str):
    """(rules, flags_used) when every line of ``text`` is a plain line with valid values (the
    published sets): read with one pattern over the whole text. None otherwise (a blank line, any
    other form, a refused value), for parse_classbench's line-by-line reading."""
    found = _PLAIN_LINES(text)
    if not found or len(found) != text.count("\n") + (not text.endswith("\n")):
        return None
    rules: list[Rule] = []
    append = rules.append
    flags_used = False
    cache: dict = {}
    shared: dict = {}
    fixed_action = None if actions == "alternate" else Action(actions)
    permit, deny = Action.PERMIT, Action.DENY
    rule, source_pos, ipv4, get, bad = _rule, _source_pos, ETH_IPV4, cache.get, _BAD
    port_protocols = PORT_PROTOCOLS
    for index, (src_text, dst_text, sports_text, dports_text, proto_text, flags) in enumerate(found):
        # _plain_fields, inline: this runs once per line.
        src = get(src_text, bad)
        if src is bad:
            src = cache[src_text] = _plain_prefix(src_text, shared)
        dst = get(dst_text, bad)
        if dst is bad:
            dst = cache[dst_text] = _plain_prefix(dst_text, shared)
        src_ports = get(sports_text, bad)
        if src_ports is bad:
            src_ports = cache[sports_text] = _plain_ports(sports_text)
        dst_ports = get(dports_text, bad)
        if dst_ports is bad:
            dst_ports = cache[dports_text] = _plain_ports(dports_text)
        proto = get(proto_text, bad)
        if proto is bad:
            proto = cache[proto_text] = _plain_protocol(proto_text)
        if (src is bad or dst is bad or src_ports is bad or dst_ports is bad or proto is bad
                or ((src_ports or dst_ports) and proto not in port_protocols)):
            return None
        append(rule(index, fixed_action or (deny if index & 1 else permit), source_pos(filename, index + 1, 1),
                    ipv4, proto, src, dst, src_ports, dst_ports))
        if flags and not flags_used and flags.strip("\t\r "):
            flags_used = True  # a flags field, not only blanks the per-line reading strips
    return rules, flags_used


def parse_classbench(text: str, filename: str = "<string>", actions: str = "alternate") -> tuple[Policy, bool]:
    """Parse ClassBench text; returns the Policy and whether any line carried a flags column."""
    whole = _every_line_plain(text, filename, actions) if actions in ACTION_MODES else None
    if whole is not None:
        rules, flags_used = whole
        return Policy(name=Path(filename).name, rules=tuple(rules), default_action=Action.DENY,
                      default_origin=SourcePos(filename, 0)), flags_used
    rules: list[Rule] = []
    flags_used = False
    cache: dict = {}  # field text: its value, or _BAD
    shared: dict = {}  # (value, length): the prefix tuple
    fixed_action = None if actions == "alternate" else Action(actions)
    permit, deny = Action.PERMIT, Action.DENY
    for line_no, line in enumerate(text.splitlines(), 1):
        stripped = line.rstrip("\t\r\n ")
        found = _PLAIN_LINE(stripped)
        if found is not None:
            fields = found.groups()
            values = _plain_fields(fields, cache, shared)
            if values is not None:
                index = len(rules)
                action = fixed_action or (deny if index & 1 else permit)
                proto, src, dst, src_ports, dst_ports = values
                rules.append(_rule(index, action, _source_pos(filename, line_no, 1), ETH_IPV4, proto,
                                   src, dst, src_ports, dst_ports))
                if fields[5] is not None:
                    flags_used = True
                continue
        if not line.strip():
            continue
        fields = stripped.split("\t")
        if not fields[0].startswith("@"):
            raise AclcError("a ClassBench line starts with '@'", SourcePos(filename, line_no, 1))
        if len(fields) not in (5, 6):
            raise AclcError(
                f"expected 5 or 6 TAB-separated fields, found {len(fields)}", SourcePos(filename, line_no, 1)
            )
        flags_used |= len(fields) == 6
        index = len(rules)
        pos = SourcePos(filename, line_no, 1)
        src = _prefix(fields[0][1:], filename, line_no, 2)
        dst = _prefix(fields[1], filename, line_no, _column(line, 1))
        src_ports = _ports(fields[2], filename, line_no, _column(line, 2))
        dst_ports = _ports(fields[3], filename, line_no, _column(line, 3))
        proto = _protocol(fields[4], filename, line_no, _column(line, 4))
        if (src_ports or dst_ports) and proto not in PORT_PROTOCOLS:
            raise AclcError(
                "port ranges need protocol TCP (0x06), UDP (0x11) or SCTP (0x84); "
                f"this line has {fields[4]}",
                SourcePos(filename, line_no, _column(line, 2)),
            )
        if actions == "alternate":
            action = Action.PERMIT if index % 2 == 0 else Action.DENY
        else:
            action = Action(actions)
        rules.append(Rule(
            index=index, action=action, origin=pos, eth_type=ETH_IPV4, ip_proto=proto,
            src=src, dst=dst, src_ports=src_ports, dst_ports=dst_ports,
        ))
    if not rules:
        # A Policy needs a rule (an ACL without one is refused by the language too): say so here,
        # rather than writing an ACL that compile rejects.
        raise AclcError("no ClassBench lines: the file is empty or blank (a filter set has at least one "
                        "'@...' line)", SourcePos(filename, 1))
    name = Path(filename).name
    return Policy(name=name, rules=tuple(rules), default_action=Action.DENY,
                  default_origin=SourcePos(filename, 0)), flags_used


def _column(line: str, field_index: int) -> int:
    """1-based column where TAB-separated field ``field_index`` starts."""
    col = 0
    for _ in range(field_index):
        col = line.index("\t", col) + 1
    return col + 1


def _decimal(text: str) -> int:
    """ASCII decimal digits only: int() would also take '1_0', '+1' or other scripts' digits."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    return int(text)


def _hex(text: str) -> int:
    text = text.strip()
    digits = text[2:] if text[:2] in ("0x", "0X") else text
    if not digits or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise ValueError(text)
    return int(digits, 16)


def _prefix(text: str, filename: str, line_no: int, col: int) -> tuple[Prefix, ...] | None:
    address, slash, length_text = text.partition("/")
    parts = address.split(".")
    try:
        if not slash or len(parts) != 4:
            raise ValueError
        octets = [_decimal(p) for p in parts]
        length = _decimal(length_text)
        if not all(0 <= o <= 255 for o in octets) or not 0 <= length <= 32:
            raise ValueError
    except ValueError:
        raise AclcError(f"bad IPv4 prefix '{text}'", SourcePos(filename, line_no, col)) from None
    if length == 0:
        return None
    value = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]
    # Classifier semantics: bits beyond the prefix length are not looked at.
    value &= ((1 << length) - 1) << (32 - length)
    return (Prefix(value, length, 32),)


def _ports(text: str, filename: str, line_no: int, col: int) -> tuple[PortRange, ...] | None:
    lo_text, colon, hi_text = text.partition(":")
    try:
        if not colon:
            raise ValueError
        lo, hi = _decimal(lo_text), _decimal(hi_text)
        if not 0 <= lo <= hi <= 0xFFFF:
            raise ValueError
    except ValueError:
        raise AclcError(f"bad port range '{text}' (expected 'LO : HI', 0..65535)",
                        SourcePos(filename, line_no, col)) from None
    if (lo, hi) == _FULL_PORTS:
        return None
    return (PortRange(lo, hi),)


def _protocol(text: str, filename: str, line_no: int, col: int) -> int | None:
    value_text, slash, mask_text = text.partition("/")
    try:
        if not slash:
            raise ValueError
        value, mask = _hex(value_text), _hex(mask_text)
        if not (0 <= value <= 0xFF and 0 <= mask <= 0xFF):
            raise ValueError
    except ValueError:
        raise AclcError(f"bad protocol '{text}' (expected 0xPP/0xMM)", SourcePos(filename, line_no, col)) from None
    if mask == 0:
        return None
    if mask == 0xFF:
        return value
    raise AclcError(f"protocol mask {mask_text} is neither 0x00 (any) nor 0xFF (exact)",
                    SourcePos(filename, line_no, col))
