"""Cisco IOS access lists to aclc: parser, translator and an independent evaluator.

Reads the ACL parts of an IOS configuration (``show running-config`` or a
hand-written file) and ignores every other command:

- numbered ACLs (``access-list 10 ...`` standard, ``access-list 101 ...`` extended),
- ``ip access-list standard|extended NAME`` blocks with sequence numbers and remarks,
- ``ipv6 access-list NAME`` blocks,
- ``object-group network`` and ``object-group service`` definitions.

The parsed form keeps what IOS keeps (addresses with wildcard masks, port
operators, service entries); :func:`evaluate` decides a packet from that form
directly, bit by bit, so the round-trip check compares the translation with
an evaluator that shares none of its arithmetic.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field, replace

from ..errors import AclcError
from ..gcpause import gc_paused
from ..names import ICMP_TYPES, ICMPV6_TYPES, PORTS, PROTOCOLS
from ..packet import Packet
from ..policy import ETH_IPV4, ETH_IPV6, Policy, PortRange, Prefix
from ..ranges import intervals_to_prefixes, normalize_ranges, range_to_prefixes
from . import exact
from .common import LineError, Problems, Token, Unsupported, is_decimal, port_number, tokens
from .model import AddrSet, ImportedAcl, ImportedRule, ImportResult, Match, Skipped
from .render import aclc_name

# IOS 'established': ACK or RST set (the same alternatives as aclc's own 'established').
ESTABLISHED_FLAGS = ((0x010, 0x010), (0x004, 0x014))

FORMAT = "Cisco IOS"
MAX_WILDCARD_PREFIXES = 256
MAX_GROUP_DEPTH = 16

CISCO_PROTOCOLS = dict(PROTOCOLS, ahp=51, nos=94, pcp=108, ipinip=4)

# IOS ICMP message names beyond the common ones in aclc.names.
CISCO_ICMP = dict(ICMP_TYPES, **{
    "net-redirect": (5, 0), "host-redirect": (5, 1), "net-tos-redirect": (5, 2),
    "host-tos-redirect": (5, 3), "source-route-failed": (3, 5), "net-unknown": (3, 6),
    "host-unknown": (3, 7), "host-isolated": (3, 8), "dod-net-prohibited": (3, 9),
    "dod-host-prohibited": (3, 10), "net-tos-unreachable": (3, 11),
    "host-tos-unreachable": (3, 12), "host-precedence-unreachable": (3, 14),
    "precedence-unreachable": (3, 15), "general-parameter-problem": (12, 0),
    "option-missing": (12, 1), "no-room-for-option": (12, 2), "conversion-error": (31, None),
    "mobile-redirect": (32, None), "information-request": (15, None),
})
CISCO_ICMPV6 = dict(ICMPV6_TYPES, **{
    "nd-ns": (135, None), "nd-na": (136, None), "no-route": (1, 0), "admin-prohibited": (1, 1),
    "beyond-scope": (1, 2), "address-unreachable": (1, 3), "port-unreachable": (1, 4),
    "hop-limit": (3, 0), "reassembly-timeout": (3, 1), "header": (4, 0),
    "next-header": (4, 1), "mld-reduction": (132, None),
})

# Words IOS accepts in an ACE that OpenFlow 1.3 cannot decide on.
UNSUPPORTED_WITH_ARG = {
    "time-range": "time-based rules need a clock; OpenFlow flows have none",
    "reflect": "reflexive ACLs keep connection state",
    "dscp": "DSCP is not matched by aclc",
    "tos": "TOS is not matched by aclc",
    "precedence": "IP precedence is not matched by aclc",
    "option": "IP options cannot be matched in OpenFlow 1.3",
    "ttl": "TTL cannot be matched in OpenFlow 1.3",
    "match-all": "TCP flags cannot be matched in OpenFlow 1.3",
    "match-any": "TCP flags cannot be matched in OpenFlow 1.3",
    "flow-label": "the IPv6 flow label is not matched by aclc",
}
UNSUPPORTED_WORDS = {
    "fragments": "fragment matching is not available in OpenFlow 1.3",
    "ack": "TCP flags cannot be matched in OpenFlow 1.3",
    "fin": "TCP flags cannot be matched in OpenFlow 1.3",
    "psh": "TCP flags cannot be matched in OpenFlow 1.3",
    "rst": "TCP flags cannot be matched in OpenFlow 1.3",
    "syn": "TCP flags cannot be matched in OpenFlow 1.3",
    "urg": "TCP flags cannot be matched in OpenFlow 1.3",
    "routing": "IPv6 extension headers cannot be matched in OpenFlow 1.3",
    "hbh": "IPv6 extension headers cannot be matched in OpenFlow 1.3",
    "undetermined-transport": "IPv6 extension headers cannot be matched in OpenFlow 1.3",
}

# ---------------------------------------------------------------- the parsed form


@dataclass(frozen=True)
class Wildcard:
    """An IOS address with a wildcard mask: bits set in ``wildcard`` are ignored."""

    value: int
    wildcard: int
    width: int

    def matches(self, address: int) -> bool:
        full = (1 << self.width) - 1
        return ((address ^ self.value) & ~self.wildcard & full) == 0


@dataclass(frozen=True)
class AddrRange:
    lo: int
    hi: int

    def matches(self, address: int) -> bool:
        return self.lo <= address <= self.hi


@dataclass(frozen=True)
class GroupRef:
    name: str
    line: int
    column: int


@dataclass(frozen=True)
class PortOp:
    op: str  # eq neq lt gt range
    values: tuple[int, ...]

    def matches(self, port: int) -> bool:
        if self.op == "eq":
            return port in self.values
        if self.op == "neq":
            return port not in self.values
        if self.op == "lt":
            return port < self.values[0]
        if self.op == "gt":
            return port > self.values[0]
        return self.values[0] <= port <= self.values[1]

    def ranges(self) -> tuple[PortRange, ...]:
        if self.op == "eq":
            spans = [(v, v) for v in self.values]
        elif self.op == "neq":
            spans, nxt = [], 0
            for v in sorted(set(self.values)):
                if v > nxt:
                    spans.append((nxt, v - 1))
                nxt = v + 1
            if nxt <= 0xFFFF:
                spans.append((nxt, 0xFFFF))
        elif self.op == "lt":
            spans = [(0, self.values[0] - 1)] if self.values[0] > 0 else []
        elif self.op == "gt":
            spans = [(self.values[0] + 1, 0xFFFF)] if self.values[0] < 0xFFFF else []
        else:
            spans = [(self.values[0], self.values[1])]
        return normalize_ranges(spans)


@dataclass(frozen=True)
class ServiceEntry:
    """One protocol with its ports or ICMP message; ``protocols`` is () for any IP."""

    protocols: tuple[int, ...]
    src_ports: PortOp | None = None
    dst_ports: PortOp | None = None
    icmp_type: int | None = None
    icmp_code: int | None = None
    tcp_flags: tuple[tuple[int, int], ...] | None = None  # 'established': ACK or RST set

    def matches(self, p: Packet) -> bool:
        if self.protocols and p.ip_proto not in self.protocols:
            return False
        if self.tcp_flags is not None and not (p.ip_proto == 6 and any(
                p.tcp_flags & m == v for v, m in self.tcp_flags)):
            return False
        if self.src_ports and not self.src_ports.matches(p.src_port):
            return False
        if self.dst_ports and not self.dst_ports.matches(p.dst_port):
            return False
        if self.icmp_type is not None and p.icmp_type != self.icmp_type:
            return False
        if self.icmp_code is not None and p.icmp_code != self.icmp_code:
            return False
        return True


@dataclass(frozen=True)
class Ace:
    line: int
    text: str
    action: str
    services: tuple  # of ServiceEntry or GroupRef (an object-group service)
    src: object  # Wildcard | GroupRef
    dst: object
    log: bool = False
    remark: str | None = None
    sequence: int = 0
    # Why the entry cannot be translated (it tests something aclc cannot express); the fields above
    # are then its expressible part. Such an entry is left out (--skip-unsupported) and the
    # evaluators leave it out too unless asked to assume that its untested condition holds.
    unsupported: str | None = None


@dataclass
class CiscoAcl:
    name: str
    kind: str  # standard, extended, ipv6
    line: int
    entries: list[Ace] = field(default_factory=list)
    # The sequence numbers of ``entries`` and the highest one, kept as entries are added
    # (a scan per entry made reading a list quadratic in its length).
    sequences: set[int] = field(default_factory=set, repr=False, compare=False)
    last_sequence: int = field(default=0, repr=False, compare=False)

    @property
    def family(self) -> int:
        return 6 if self.kind == "ipv6" else 4


@dataclass
class ObjectGroup:
    name: str
    kind: str  # network or service
    line: int
    items: list = field(default_factory=list)  # Wildcard | AddrRange | ServiceEntry | GroupRef


@dataclass
class CiscoConfig:
    filename: str
    acls: dict[str, CiscoAcl] = field(default_factory=dict)
    groups: dict[str, ObjectGroup] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # lines of no IP access list (not imported)


# ---------------------------------------------------------------- parsing

_ENTRY_WORDS = {"permit", "deny", "remark", "sequence", "evaluate", "dynamic", "host", "range",
                "group-object", "description", "tcp", "udp", "tcp-udp", "icmp"}


def parse(text: str, filename: str, skip_unsupported: bool = False) -> CiscoConfig:
    """Read every ACL and object group of an IOS configuration."""
    config = CiscoConfig(filename)
    problems = Problems(filename)
    block = None  # the ACL or object group that indented lines belong to
    pending_remark: dict[str, list[str]] = {}
    numbered_seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("access-list"):
            if _fast_numbered(config, number, line, pending_remark):
                block = None
                continue
        elif block.__class__ is CiscoAcl and block.kind == "extended":
            found = _FAST_ENTRY(line)
            if found is not None:
                try:
                    if _fast_entry(block, found, True, number, line, pending_remark):
                        continue
                except LineError as bad:  # its sequence number is taken
                    problems.error(number, bad.column, bad.reason)
                    continue
        words = tokens(line)
        if not words or words[0].text.startswith("!"):
            continue
        indented = line[:1].isspace()
        first = words[0].text.lower()
        if indented or (block is not None and (first in _ENTRY_WORDS or is_decimal(first))):
            if block is None:
                continue  # a sub-command of some other part of the configuration
            try:
                if isinstance(block, CiscoAcl):
                    _acl_entry(config, block, words, number, line, pending_remark, problems)
                else:
                    _group_entry(block, words, number)
            except Unsupported as bad:
                # An ACL entry is kept (marked) with its expressible part; see _acl_entry.
                skipped = problems.unsupported_line(number, bad.column, bad.reason, line)
                if not isinstance(block, CiscoAcl):
                    config.skipped.append(skipped)
            except LineError as bad:
                problems.error(number, bad.column, bad.reason)
            continue
        block = None
        try:
            if first == "access-list":
                _numbered(config, words, number, line, pending_remark, problems, numbered_seen)
            elif first in ("ip", "ipv6") and len(words) > 1 and words[1].text.lower() == "access-list":
                block = _named_header(config, words, number)
            elif first == "object-group":
                block = _group_header(config, words, number)
        except Unsupported as bad:
            config.skipped.append(problems.unsupported_line(number, bad.column, bad.reason, line))
        except LineError as bad:
            problems.error(number, bad.column, bad.reason)
    for acl in config.acls.values():
        acl.entries.sort(key=lambda e: e.sequence)
        for ace in acl.entries:
            for ref in _refs(ace):
                if ref.name not in config.groups:
                    problems.error(ref.line, ref.column, f"unknown object-group '{ref.name}'")
    for group in config.groups.values():
        for item in group.items:
            if isinstance(item, GroupRef):
                target = config.groups.get(item.name)
                if target is None:
                    problems.error(item.line, item.column, f"unknown object-group '{item.name}'")
                elif target.kind != group.kind:
                    problems.error(item.line, item.column,
                                   f"object-group '{item.name}' is a {target.kind} group, not a {group.kind} group")
    if not problems.errors:
        for group in config.groups.values():
            try:
                _check_cycles(config, group.name, ())
            except LineError as bad:
                problems.error(group.line, 1, bad.reason)
    problems.raise_if_any(skip_unsupported)
    return config


def _fast_numbered(config, number, line, pending_remark) -> bool:
    """Whether the line was a numbered extended entry in the common shape, added in one match."""
    found = _FAST_NUMBERED(line)
    if found is None:
        return False
    ident = found.group(1)
    value = int(ident)
    if not (100 <= value <= 199 or 2000 <= value <= 2699):
        return False
    acl = config.acls.get(ident)
    if acl is None:
        acl = CiscoAcl(ident, "extended", number)
        if not _fast_entry(acl, found, False, number, line, pending_remark):
            return False
        config.acls[ident] = acl
        return True
    return acl.kind == "extended" and _fast_entry(acl, found, False, number, line, pending_remark)


def _refs(ace: Ace) -> list:
    return [item for item in (ace.src, ace.dst, *ace.services) if item.__class__ is GroupRef]


def _check_cycles(config: CiscoConfig, name: str, path: tuple[str, ...]) -> None:
    if name in path:
        raise LineError("object-group includes itself: " + " -> ".join(path + (name,)))
    if len(path) > MAX_GROUP_DEPTH:
        raise LineError(f"object-groups nested more than {MAX_GROUP_DEPTH} deep")
    for item in config.groups[name].items:
        if isinstance(item, GroupRef):
            _check_cycles(config, item.name, path + (name,))


def _numbered(config, words, number, line, pending_remark, problems, numbered_seen):
    if len(words) < 3:
        raise LineError("incomplete access-list command", words[0].column)
    ident = words[1].text
    if not is_decimal(ident):
        raise LineError(f"'{ident}' is not an access-list number", words[1].column)
    value = int(ident)
    if 1 <= value <= 99 or 1300 <= value <= 1999:
        kind = "standard"
    elif 100 <= value <= 199 or 2000 <= value <= 2699:
        kind = "extended"
    else:
        raise Unsupported(f"access-list {value} is not an IP access list (IOS uses 1-199, 1300-2699 for IP)",
                          words[1].column)
    acl = config.acls.get(ident)
    if acl is None:
        acl = config.acls[ident] = CiscoAcl(ident, kind, number)
    try:
        _acl_entry(config, acl, words[2:], number, line, pending_remark, problems, numbered=True)
    except Unsupported as bad:
        problems.unsupported_line(number, bad.column, bad.reason, line)


def _named_header(config, words, number):
    family = words[0].text.lower()
    rest = words[2:]
    if family == "ip":
        if len(rest) != 2 or rest[0].text.lower() not in ("standard", "extended"):
            raise LineError("expected 'ip access-list standard|extended NAME'",
                            rest[0].column if rest else words[1].column)
        kind, name = rest[0].text.lower(), rest[1].text
    else:
        if len(rest) != 1:
            raise LineError("expected 'ipv6 access-list NAME'", rest[1].column if len(rest) > 1 else words[1].column)
        kind, name = "ipv6", rest[0].text
    if name in config.acls:
        existing = config.acls[name]
        if existing.kind != kind:
            raise LineError(f"access-list '{name}' was defined as {existing.kind} at line {existing.line}",
                            words[-1].column)
        return existing
    acl = config.acls[name] = CiscoAcl(name, kind, number)
    return acl


def _group_header(config, words, number):
    if len(words) != 3 or words[1].text.lower() not in ("network", "service"):
        raise LineError("expected 'object-group network|service NAME'",
                        words[1].column if len(words) > 1 else words[0].column)
    name = words[2].text
    if name in config.groups:
        raise LineError(f"object-group '{name}' is already defined at line {config.groups[name].line}",
                        words[2].column)
    group = config.groups[name] = ObjectGroup(name, words[1].text.lower(), number)
    return group


class _Cursor:
    """Walks the words of one line; errors name the word they are about."""

    def __init__(self, words: list[Token], end_column: int):
        self.words = words
        self.lowered = [w.text.lower() for w in words]
        self.i = 0
        self.end_column = end_column

    def peek(self) -> str | None:
        return self.lowered[self.i] if self.i < len(self.lowered) else None

    def peek_raw(self) -> Token | None:
        return self.words[self.i] if self.i < len(self.words) else None

    def column(self) -> int:
        return self.words[self.i].column if self.i < len(self.words) else self.end_column

    def take(self, what: str) -> Token:
        if self.i >= len(self.words):
            raise LineError(f"expected {what} at the end of the line", self.end_column)
        token = self.words[self.i]
        self.i += 1
        return token

    def done(self) -> bool:
        return self.i >= len(self.words)


def _acl_entry(config, acl, words, number, line, pending_remark, problems, numbered=False):
    cur = _Cursor(words, len(line) + 1)
    sequence = None
    if cur.peek() == "sequence":
        cur.take("sequence")
        token = cur.take("a sequence number")
        if not is_decimal(token.text):
            raise LineError(f"'{token.text}' is not a sequence number", token.column)
        sequence = int(token.text)
    elif cur.peek() and is_decimal(cur.peek()) and not numbered:
        sequence = int(cur.take("a sequence number").text)
    word = cur.peek()
    if word == "remark":
        text = line[cur.take("remark").column + len("remark"):].strip()
        pending_remark.setdefault(acl.name, []).append(text)
        return
    if word in ("evaluate", "dynamic"):
        # Such an entry may permit any packet of the family: that is its expressible part.
        bad = Unsupported(f"'{word}' entries (reflexive or lock-and-key ACLs) keep state", cur.column())
        width = 32 if acl.family == 4 else 128
        anywhere = Wildcard(0, (1 << width) - 1, width)
        _add_entry(acl, words[0].column, number, line, "permit", (ServiceEntry(()),), anywhere, anywhere, False,
                   sequence, pending_remark, bad.reason)
        raise bad
    if word not in ("permit", "deny"):
        raise LineError(f"expected permit, deny or remark, found '{cur.peek_raw().text if word else ''}'",
                        cur.column())
    action = cur.take("permit or deny").text.lower()
    if acl.kind == "standard":
        src = _address(cur, 4, standard=True)
        services = (ServiceEntry(()),)
        dst = Wildcard(0, 0xFFFFFFFF, 32)
    else:
        services, port_protocols, icmp_protocol = _protocol(cur, acl.family)
        src = _address(cur, acl.family)
        src_ports = _ports(cur, port_protocols)
        dst = _address(cur, acl.family)
        dst_ports = _ports(cur, port_protocols)
        icmp = _icmp_message(cur, acl.family) if icmp_protocol else None
        if src_ports or dst_ports or icmp:
            entry = services[0]
            entry = ServiceEntry(entry.protocols, src_ports, dst_ports, icmp[0] if icmp else None,
                                 icmp[1] if icmp else None, entry.tcp_flags)
            services = (entry,)
    log = False
    unsupported = None
    while not cur.done():
        token = cur.take("an option")
        word = token.text.lower()
        if word in ("log", "log-input"):
            log = True
            nxt = cur.peek()
            if nxt is not None and nxt not in ("log", "log-input") and nxt not in UNSUPPORTED_WORDS \
                    and nxt not in UNSUPPORTED_WITH_ARG:
                cur.take("a log tag")  # IOS lets a word tag the log messages; it changes no decision
        elif word == "established":
            if any(not isinstance(s, ServiceEntry) for s in services):
                unsupported = Unsupported("'established' on an object-group service is not translated",
                                          token.column)
                break
            if any(s.protocols != (6,) for s in services):
                raise LineError("'established' needs protocol tcp", token.column)
            services = tuple(replace(s, tcp_flags=ESTABLISHED_FLAGS) for s in services)
        elif word in UNSUPPORTED_WORDS:
            unsupported = Unsupported(UNSUPPORTED_WORDS[word], token.column)
            break
        elif word in UNSUPPORTED_WITH_ARG:
            unsupported = Unsupported(f"'{word}': {UNSUPPORTED_WITH_ARG[word]}", token.column)
            break
        else:
            raise LineError(f"unexpected '{token.text}'", token.column)
    _add_entry(acl, words[0].column, number, line, action, services, src, dst, log, sequence, pending_remark,
               unsupported.reason if unsupported else None)
    if unsupported is not None:
        raise unsupported


def _add_entry(acl, column, number, line, action, services, src, dst, log, sequence, pending_remark,
               unsupported) -> None:
    """Append one entry (``column``: its first word's); an entry with an untranslatable test is kept
    with ``unsupported`` set."""
    if sequence is None:
        sequence = (acl.last_sequence // 10 + 1) * 10
    elif sequence in acl.sequences:
        raise LineError(f"sequence number {sequence} is used twice in access-list {acl.name}", column)
    remark = pending_remark.pop(acl.name, None)
    # Object-group references learn their line here (the word parsers only see columns).
    if src.__class__ is GroupRef:
        src = replace(src, line=number)
    if dst.__class__ is GroupRef:
        dst = replace(dst, line=number)
    if len(services) != 1 or services[0].__class__ is not ServiceEntry:
        services = tuple(replace(x, line=number) if isinstance(x, GroupRef) else x for x in services)
    acl.entries.append(Ace(number, line, action, services, src, dst, log,
                           " ".join(remark) if remark else None, sequence, unsupported))
    acl.sequences.add(sequence)
    if sequence > acl.last_sequence:
        acl.last_sequence = sequence


# ---------------------------------------------------------------- the common entry in one match

# An extended IPv4 entry in the shape most configurations are made of: permit|deny, ip, tcp, udp
# or icmp, each address any, host A or A W, a port operator with numbers (tcp, udp), an ICMP
# message (icmp), log at the end. One match reads it into the same Ace the word-by-word parser
# builds; a line the match takes but that needs a check the parser makes (a port past 65535,
# 'lt 0', an ICMP name it does not know...) is left to the parser, which reports it.
_IP4 = r"([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})"
_FAST_ADDRESS = rf"[ \t]+(?:(any)|host[ \t]+{_IP4}|{_IP4}[ \t]+{_IP4})"
_FAST_PORTS = r"(?:[ \t]+(?:(eq|neq|lt|gt)[ \t]+([0-9]{1,5})|range[ \t]+([0-9]{1,5})[ \t]+([0-9]{1,5})))?"
_FAST_BODY = (rf"(permit|deny)[ \t]+(ip|tcp|udp|icmp){_FAST_ADDRESS}{_FAST_PORTS}{_FAST_ADDRESS}{_FAST_PORTS}"
              r"(?:[ \t]+(?!log(?:-input)?(?:[ \t]|\Z))([a-z][a-z-]*|[0-9]{1,3}(?:[ \t]+[0-9]{1,3})?))?"
              r"(?:[ \t]+(log|log-input))?[ \t]*")
# In an 'ip access-list extended' block (an optional sequence number first), and numbered.
_FAST_ENTRY = re.compile(rf"[ \t]*(?:([0-9]+)[ \t]+)?{_FAST_BODY}", re.ASCII).fullmatch
_FAST_NUMBERED = re.compile(rf"access-list[ \t]+([0-9]+)[ \t]+{_FAST_BODY}", re.ASCII).fullmatch
_FAST_PROTOCOLS = {"tcp": (6,), "udp": (17,), "icmp": (1,), "ip": ()}
_ANY4 = Wildcard(0, 0xFFFFFFFF, 32)


_OCTETS = {str(n): n for n in range(256)}  # the spellings _PLAIN_IPV4 takes


def _fast_ipv4(text: str) -> int | None:
    """The value _parse_ip gives a plain dotted quad; None for any other spelling."""
    found = _IPV4_CACHE.get(text)
    if found is None:
        a, b, c, d = text.split(".")
        a, b, c, d = _OCTETS.get(a), _OCTETS.get(b), _OCTETS.get(c), _OCTETS.get(d)
        if a is None or b is None or c is None or d is None:
            return None
        found = _IPV4_CACHE[text] = a << 24 | b << 16 | c << 8 | d
        if len(_IPV4_CACHE) > 1 << 16:
            _IPV4_CACHE.clear()
    return found


def _fast_address(any_word, host, address, wildcard):
    if any_word is not None:
        return _ANY4
    if host is not None:
        value = _fast_ipv4(host)
        return None if value is None else Wildcard(value, 0, 32)
    value, mask = _fast_ipv4(address), _fast_ipv4(wildcard)
    if value is None or mask is None:
        return None
    return Wildcard(value & ~mask & 0xFFFFFFFF, mask, 32)


def _fast_ports(op, value, lo, hi):
    """(PortOp or None, True) or (None, False) when the parser must read the line."""
    if op is not None:
        port = int(value)
        if port > 0xFFFF or (op == "lt" and port == 0) or (op == "gt" and port == 0xFFFF):
            return None, False
        return PortOp(op, (port,)), True
    if lo is not None:
        lo, hi = int(lo), int(hi)
        if hi > 0xFFFF or lo > hi:
            return None, False
        return PortOp("range", (lo, hi)), True
    return None, True


def _fast_entry(acl: CiscoAcl, found, block: bool, number: int, line: str, pending_remark) -> bool:
    """Add the entry ``found`` took (_FAST_ENTRY in a block, else _FAST_NUMBERED); False when the
    word-by-word parser must read the line (nothing was added then)."""
    (action, protocol, src_any, src_host, src_address, src_wildcard, src_op, src_value, src_lo, src_hi,
     dst_any, dst_host, dst_address, dst_wildcard, dst_op, dst_value, dst_lo, dst_hi,
     message, log) = found.groups()[1:]
    src = _fast_address(src_any, src_host, src_address, src_wildcard)
    dst = _fast_address(dst_any, dst_host, dst_address, dst_wildcard)
    if src is None or dst is None:
        return False
    src_ports, ok = _fast_ports(src_op, src_value, src_lo, src_hi)
    dst_ports, ok_dst = _fast_ports(dst_op, dst_value, dst_lo, dst_hi)
    if not (ok and ok_dst):
        return False
    protocols = _FAST_PROTOCOLS[protocol]
    if (src_ports is not None or dst_ports is not None) and protocol not in ("tcp", "udp"):
        return False
    icmp = None
    if message is not None:
        if protocol != "icmp":
            return False
        if message[0].isdigit():
            values = message.split()
            icmp = tuple(int(v) for v in values) + (None,) * (2 - len(values))
            if any(v is not None and v > 255 for v in icmp):
                return False
        else:
            icmp = CISCO_ICMP.get(message)
            if icmp is None:
                return False
    if src_ports is not None or dst_ports is not None or icmp is not None:
        service = ServiceEntry(protocols, src_ports, dst_ports, icmp[0] if icmp else None,
                               icmp[1] if icmp else None)
    else:
        service = ServiceEntry(protocols)
    sequence = found.group(1) if block else None
    column = found.start(1 if sequence is not None else 2) + 1  # the entry's first word
    _add_entry(acl, column, number, line, action, (service,), src, dst, log is not None,
               int(sequence) if sequence is not None else None, pending_remark, None)
    return True


def _protocol(cur: _Cursor, family: int):
    """The protocol word(s): (services, protocols that allow port operators, icmp?)."""
    token = cur.take("a protocol")
    word = token.text.lower()
    if word == "object-group":
        name = cur.take("an object-group name")
        return (GroupRef(name.text, 0, name.column),), (), False
    if (family == 4 and word == "ip") or (family == 6 and word == "ipv6"):
        return (ServiceEntry(()),), (), False
    if word == "icmp":
        proto = 58 if family == 6 else 1
        return (ServiceEntry((proto,)),), (), True
    if is_decimal(word):
        value = int(word)
        if not 1 <= value <= 255:
            raise LineError(f"protocol number {value} is out of range 1-255 (write 'ip' for any protocol)",
                            token.column)
        return (ServiceEntry((value,)),), (value,) if value in (6, 17, 132) else (), value in (1, 58)
    if word in CISCO_PROTOCOLS and word not in ("icmpv6", "ipv6-icmp"):
        value = CISCO_PROTOCOLS[word]
        return (ServiceEntry((value,)),), (value,) if value in (6, 17, 132) else (), False
    raise LineError(f"unknown protocol '{token.text}'", token.column)


# A dotted quad as ipaddress accepts it (decimal octets 0-255 without leading zeros).
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
_PLAIN_IPV4 = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}", re.ASCII)
_DOTTED = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_IPV4_CACHE: dict[str, int] = {}


def _parse_ip(text: str, family: int, column: int) -> int:
    if family == 4:
        found = _IPV4_CACHE.get(text)
        if found is not None:
            return found
        if _PLAIN_IPV4.fullmatch(text):
            a, b, c, d = text.split(".")
            found = _IPV4_CACHE[text] = int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)
            if len(_IPV4_CACHE) > 1 << 16:
                _IPV4_CACHE.clear()
            return found
    try:
        if family == 4:
            return int(ipaddress.IPv4Address(text))
        return int(ipaddress.IPv6Address(text))
    except ValueError:
        raise LineError(f"'{text}' is not an IPv{family} address", column) from None


def _address(cur: _Cursor, family: int, standard: bool = False):
    width = 32 if family == 4 else 128
    full = (1 << width) - 1
    token = cur.take("an address")
    word = token.text.lower()
    if word == "any":
        return Wildcard(0, full, width)
    if word == "host":
        host = cur.take("a host address")
        return Wildcard(_parse_ip(host.text, family, host.column), 0, width)
    if word == "object-group":
        name = cur.take("an object-group name")
        return GroupRef(name.text, 0, name.column)
    if family == 6:
        try:
            net = ipaddress.IPv6Network(token.text, strict=False)
        except ValueError:
            raise LineError(f"'{token.text}' is not an IPv6 prefix, 'host' or 'any'", token.column) from None
        if "/" not in token.text:
            raise LineError(f"'{token.text}' needs a prefix length (or 'host')", token.column)
        return Wildcard(int(net.network_address), full >> net.prefixlen, width)
    value = _parse_ip(token.text, 4, token.column)
    nxt = cur.peek_raw()
    if nxt is not None and _DOTTED.fullmatch(nxt.text):
        cur.take("a wildcard")
        wildcard = _parse_ip(nxt.text, 4, nxt.column)
        return Wildcard(value & ~wildcard & full, wildcard, width)
    if standard:
        return Wildcard(value, 0, width)  # "access-list 10 permit 10.1.1.1" is one host
    raise LineError(f"expected a wildcard mask after {token.text}", cur.column())


def _ports(cur: _Cursor, port_protocols) -> PortOp | None:
    op = cur.peek()
    if op not in ("eq", "neq", "lt", "gt", "range"):
        return None
    token = cur.take("a port operator")
    if not port_protocols:
        raise LineError(f"'{op}' needs protocol tcp, udp or sctp", token.column)
    def one():
        t = cur.take("a port")
        return port_number(t.text, t.column, PORTS)
    if op == "range":
        lo, hi = one(), one()
        if lo > hi:
            raise LineError(f"empty port range {lo} {hi}", token.column)
        return PortOp(op, (lo, hi))
    values = [one()]
    if op in ("eq", "neq"):
        while cur.peek() is not None and (is_decimal(cur.peek()) or cur.peek() in PORTS):
            values.append(one())
    if op == "lt" and values[0] == 0 or op == "gt" and values[0] == 0xFFFF:
        raise LineError(f"'{op} {values[0]}' matches no port", token.column)
    return PortOp(op, tuple(values))


def _icmp_message(cur: _Cursor, family: int):
    word = cur.peek()
    if word is None:
        return None
    table = CISCO_ICMPV6 if family == 6 else CISCO_ICMP
    if is_decimal(word):
        token = cur.take("an ICMP type")
        icmp_type = int(token.text)
        if icmp_type > 255:
            raise LineError(f"ICMP type {icmp_type} is out of range 0-255", token.column)
        code = None
        if cur.peek() is not None and is_decimal(cur.peek()):
            token = cur.take("an ICMP code")
            code = int(token.text)
            if code > 255:
                raise LineError(f"ICMP code {code} is out of range 0-255", token.column)
        return icmp_type, code
    if word in table:
        cur.take("an ICMP message")
        return table[word]
    return None


def _group_entry(group: ObjectGroup, words, number):
    cur = _Cursor(words, words[-1].column + len(words[-1].text))
    word = cur.peek()
    if word == "description":
        return
    if word == "group-object":
        cur.take("group-object")
        name = cur.take("an object-group name")
        group.items.append(GroupRef(name.text, number, name.column))
    elif group.kind == "network":
        group.items.append(_network_item(cur))
    else:
        group.items.append(_service_item(cur))
    if not cur.done():
        raise LineError(f"unexpected '{cur.peek_raw().text}'", cur.column())


def _network_item(cur: _Cursor):
    token = cur.take("an address")
    word = token.text.lower()
    if word == "any":
        return Wildcard(0, 0xFFFFFFFF, 32)
    if word == "host":
        host = cur.take("a host address")
        return Wildcard(_parse_ip(host.text, 4, host.column), 0, 32)
    if word == "range":
        lo_t, hi_t = cur.take("an address"), cur.take("an address")
        lo, hi = _parse_ip(lo_t.text, 4, lo_t.column), _parse_ip(hi_t.text, 4, hi_t.column)
        if lo > hi:
            raise LineError(f"empty address range {lo_t.text} {hi_t.text}", lo_t.column)
        return AddrRange(lo, hi)
    if "/" in token.text:
        try:
            net = ipaddress.IPv4Network(token.text, strict=False)
        except ValueError:
            raise LineError(f"'{token.text}' is not an IPv4 prefix", token.column) from None
        return Wildcard(int(net.network_address), 0xFFFFFFFF >> net.prefixlen, 32)
    value = _parse_ip(token.text, 4, token.column)
    mask_t = cur.take("a network mask")
    mask = _parse_ip(mask_t.text, 4, mask_t.column)
    # Object groups take subnet masks, not wildcards; only contiguous ones exist.
    inverse = ~mask & 0xFFFFFFFF
    if inverse & (inverse + 1):
        raise LineError(f"'{mask_t.text}' is not a network mask (object-group network entries "
                        "take a mask such as 255.255.255.0)", mask_t.column)
    return Wildcard(value & mask, inverse, 32)


def _service_item(cur: _Cursor) -> ServiceEntry:
    token = cur.take("a protocol")
    word = token.text.lower()
    if word in ("tcp", "udp", "tcp-udp"):
        protocols = {"tcp": (6,), "udp": (17,), "tcp-udp": (6, 17)}[word]
        src = None
        if cur.peek() == "source":
            cur.take("source")
            src = _ports(cur, protocols)
            if src is None:
                raise LineError("expected eq, neq, lt, gt or range after 'source'", cur.column())
        dst = _ports(cur, protocols)
        return ServiceEntry(protocols, src, dst)
    if word == "icmp":
        icmp = _icmp_message(cur, 4)
        return ServiceEntry((1,), icmp_type=icmp[0] if icmp else None, icmp_code=icmp[1] if icmp else None)
    if word == "ip":
        return ServiceEntry(())
    if is_decimal(word) and 1 <= int(word) <= 255:
        return ServiceEntry((int(word),))
    if word in CISCO_PROTOCOLS:
        return ServiceEntry((CISCO_PROTOCOLS[word],))
    raise LineError(f"unknown protocol '{token.text}' in object-group service", token.column)


# ---------------------------------------------------------------- evaluation (the source's own meaning)


def _addr_matches(config: CiscoConfig, item, address: int) -> bool:
    if isinstance(item, GroupRef):
        return any(_addr_matches(config, sub, address) for sub in config.groups[item.name].items)
    return item.matches(address)


def _services(config: CiscoConfig, items) -> list[ServiceEntry]:
    out = []
    for item in items:
        if isinstance(item, GroupRef):
            out.extend(_services(config, config.groups[item.name].items))
        else:
            out.append(item)
    return out


def ace_matches(config: CiscoConfig, acl: CiscoAcl, ace: Ace, p: Packet) -> bool:
    if p.eth_type != (ETH_IPV6 if acl.family == 6 else ETH_IPV4):
        return False
    if not _addr_matches(config, ace.src, p.src) or not _addr_matches(config, ace.dst, p.dst):
        return False
    return any(s.matches(p) for s in _services(config, ace.services))


def evaluate(config: CiscoConfig, acl_name: str, p: Packet, assume: frozenset = frozenset()) -> str:
    """What IOS does with a packet: "permit" or "deny" (first match, implicit deny).

    Non-IP frames are not filtered by IP ACLs. An IPv6 ACL ends with the
    implicit ``permit icmp any any nd-na``, ``permit icmp any any nd-ns`` and
    ``deny ipv6 any any``. An entry aclc cannot test fully (``unsupported``)
    matches nothing, unless its line is in ``assume``: then its untested
    condition is taken to hold, and it matches its expressible part.
    """
    acl = config.acls[acl_name]
    if p.eth_type not in (ETH_IPV4, ETH_IPV6):
        return "permit"
    for ace in acl.entries:
        if ace.unsupported is not None and ace.line not in assume:
            continue
        if ace_matches(config, acl, ace, p):
            return ace.action
    if acl.family == 6 and p.eth_type == ETH_IPV6 and p.ip_proto == 58 and p.icmp_type in (135, 136):
        return "permit"
    return "deny"


# ---------------------------------------------------------------- translation


def wildcard_prefixes(w: Wildcard) -> tuple[Prefix, ...]:
    """The exact prefix set of a wildcard address; refuses when it would be too big."""
    if not w.wildcard & (w.wildcard + 1):  # contiguous: one prefix
        full = (1 << w.width) - 1
        return (Prefix(w.value & ~w.wildcard & full, w.width - w.wildcard.bit_length(), w.width),)
    full = (1 << w.width) - 1
    trailing = 0
    while trailing < w.width and (w.wildcard >> trailing) & 1:
        trailing += 1
    upper = w.wildcard >> trailing << trailing
    free_bits = [b for b in range(trailing, w.width) if (upper >> b) & 1]
    if 1 << len(free_bits) > MAX_WILDCARD_PREFIXES:
        raise LineError(f"wildcard mask {_text(w.wildcard, w.width)} is not contiguous and would need "
                        f"{1 << len(free_bits)} prefixes (at most {MAX_WILDCARD_PREFIXES} are expanded)")
    base = w.value & ~w.wildcard & full
    values = []
    for combo in range(1 << len(free_bits)):
        value = base
        for i, bit in enumerate(free_bits):
            if (combo >> i) & 1:
                value |= 1 << bit
        values.append(value)
    length = w.width - trailing
    return tuple(Prefix(v, length, w.width) for v in sorted(values))


def _text(value: int, width: int) -> str:
    return str(ipaddress.IPv4Address(value)) if width == 32 else str(ipaddress.IPv6Address(value))


def group_prefixes(config: CiscoConfig, name: str) -> tuple[Prefix, ...]:
    spans = []
    for item in config.groups[name].items:
        if isinstance(item, GroupRef):
            spans.extend((p.value, p.last()) for p in group_prefixes(config, item.name))
        elif isinstance(item, AddrRange):
            spans.append((item.lo, item.hi))
        else:
            spans.extend((p.value, p.last()) for p in wildcard_prefixes(item))
    return intervals_to_prefixes(spans, 32)


def translate(config: CiscoConfig, acl_names=None) -> ImportResult:
    """Every ACL (or the named ones) as an ImportResult; raises AclcError on what cannot be expressed."""
    problems = Problems(config.filename)
    networks = {}
    group_names = {name: aclc_name(name, "og") for name in config.groups}
    for name, group in config.groups.items():
        if group.kind != "network":
            continue
        try:
            prefixes = group_prefixes(config, name)
        except LineError as bad:
            problems.error(group.line, bad.column, f"object-group {name}: {bad.reason}")
            continue
        if not prefixes:
            problems.error(group.line, 1, f"object-group network {name} is empty")
            continue
        networks[group_names[name]] = (AddrSet(prefixes, group_names[name]),
                                       f"object-group network {name} (line {group.line})")
    acls = []
    used_names = set(networks)
    for name, acl in config.acls.items():
        if acl_names is not None and name not in acl_names:
            continue
        out_name = aclc_name(f"acl-{name}" if is_decimal(name) else name, "acl")
        while out_name in used_names:
            out_name += "_"
        used_names.add(out_name)
        rules = []
        skipped = []
        for ace in acl.entries:
            if ace.unsupported is not None:
                skipped.append(_skipped(config, acl, ace, networks, group_names))
                continue
            try:
                rules.extend(_translate_ace(config, acl, ace, networks, group_names))
            except LineError as bad:
                problems.error(ace.line, bad.column, bad.reason)
        if not acl.entries:
            problems.error(acl.line, 1, f"access list {name} has no entries: IOS passes every packet through "
                                        "an empty access list, so there is nothing faithful to import")
            continue
        if not rules:
            # The language wants at least one rule; an IOS ACL without entries denies every IP packet.
            rules.append(ImportedRule("deny", Match(acl.family), line=acl.line, source=f"(no entries in {name})",
                                      note="an access list without entries denies every packet of its family"))
        default_note = "the implicit deny at the end of every IOS access list"
        if acl.family == 6:
            nd = Match(6, 58)
            note = "IOS ends every IPv6 access list with these implicit entries"
            rules.append(ImportedRule("permit", replace(nd, icmp_type=136), note=note,
                                      source="(implicit) permit icmp any any nd-na"))
            rules.append(ImportedRule("permit", replace(nd, icmp_type=135),
                                      source="(implicit) permit icmp any any nd-ns"))
        other = "IPv6" if acl.family == 4 else "IPv4"
        header = (f"{'access-list ' + name if is_decimal(name) else name} "
                  f"({'IPv6' if acl.family == 6 else acl.kind}, line {acl.line}).",
                  f"{other} packets get the default deny: IOS filters them only with "
                  f"{'IPv6' if acl.family == 4 else 'IPv4'} ACLs.")
        acls.append(ImportedAcl(
            out_name, tuple(rules), "deny", default_note, "permit",
            "IP access lists do not filter ARP or other non-IP frames", header,
            tuple(skipped), name))
    problems.raise_if_any(True)
    notes = tuple(config.notes)
    return ImportResult(tuple(acls), networks, notes, config.filename, FORMAT, tuple(config.skipped))


# AddrSets of contiguous wildcards and port ranges of port operators, by value: many entries of
# a long list share them, and each is made once (bounded, like _IPV4_CACHE).
_SIDE_CACHE: dict[tuple[int, int, int], AddrSet | None] = {}
_RANGES_CACHE: dict[tuple[str, tuple[int, ...]], tuple[PortRange, ...]] = {}


def _wildcard_side(item: Wildcard, ace: Ace) -> AddrSet | None:
    """The AddrSet of a wildcard address (None for any address)."""
    key = (item.value, item.wildcard, item.width)
    found = _SIDE_CACHE.get(key, False)
    if found is not False:
        return found
    try:
        prefixes = wildcard_prefixes(item)
    except LineError as bad:
        raise LineError(bad.reason, _column_of(ace.text, _text(item.wildcard, item.width))) from None
    found = None if len(prefixes) == 1 and prefixes[0].length == 0 else AddrSet(prefixes)
    if len(prefixes) == 1:
        if len(_SIDE_CACHE) > 1 << 16:
            _SIDE_CACHE.clear()
        _SIDE_CACHE[key] = found
    return found


def _port_ranges(op: PortOp | None) -> tuple[PortRange, ...] | None:
    if op is None:
        return None
    key = (op.op, op.values)
    found = _RANGES_CACHE.get(key)
    if found is None:
        found = op.ranges()
        if len(_RANGES_CACHE) > 1 << 16:
            _RANGES_CACHE.clear()
        _RANGES_CACHE[key] = found
    return found


def _translate_ace(config, acl, ace: Ace, networks, group_names) -> list[ImportedRule]:
    family = acl.family

    def side(item):
        if item.__class__ is not GroupRef:
            return _wildcard_side(item, ace)
        name = group_names[item.name]
        return networks[name][0] if name in networks else AddrSet(group_prefixes(config, item.name))
    src, dst = side(ace.src), side(ace.dst)
    note = None
    for item in (ace.src, ace.dst):
        if item.__class__ is Wildcard and item.wildcard & (item.wildcard + 1):
            count = len(wildcard_prefixes(item))
            note = (f"wildcard {_text(item.wildcard, item.width)} is not contiguous: "
                    f"written as the {count} prefixes it matches")
            inverse = ~item.wildcard & ((1 << item.width) - 1)
            if inverse & (inverse + 1) == 0:
                note += " (it looks like a subnet mask, but IOS reads it as a wildcard)"
    rules = []
    services = ace.services
    if len(services) != 1 or services[0].__class__ is not ServiceEntry:
        services = _services(config, services)
    for service in services:
        src_ports, dst_ports = _port_ranges(service.src_ports), _port_ranges(service.dst_ports)
        if src_ports == () or dst_ports == ():
            continue  # "neq" of every port: matches nothing, as on IOS
        for proto in service.protocols or (None,):
            match = Match(family, proto, src, dst, src_ports, dst_ports, service.icmp_type, service.icmp_code,
                          tcp_flags=service.tcp_flags)
            rules.append(ImportedRule(ace.action, match, ace.log, ace.line, ace.text,
                                      ace.remark if not rules else None, note))
    return rules


def _skipped(config, acl, ace: Ace, networks, group_names) -> Skipped:
    """An entry left out: its decision and the packets it could decide (its expressible part)."""
    from .render import match_text

    reason = ace.unsupported
    if ace.remark:
        reason += f'; its remark: "{ace.remark}"'
    try:
        parts = [match_text(r.match) for r in _translate_ace(config, acl, ace, networks, group_names)]
    except LineError:
        parts = []
    scope = " or ".join(parts[:3]) + (f" (and {len(parts) - 3} more)" if len(parts) > 3 else "")
    return Skipped(ace.line, ace.text, reason, ace.action, scope)


def _column_of(text: str, word: str) -> int:
    at = text.find(word)
    return at + 1 if at >= 0 else 0


def acl_names(config: CiscoConfig) -> list[str]:
    return list(config.acls)


def import_cisco(text: str, filename: str, acl: str | None = None,
                 skip_unsupported: bool = False) -> tuple[CiscoConfig, ImportResult]:
    with gc_paused():  # many small objects and no cycles: the collector would only rescan them
        return _import_cisco(text, filename, acl, skip_unsupported)


def _import_cisco(text: str, filename: str, acl: str | None,
                  skip_unsupported: bool) -> tuple[CiscoConfig, ImportResult]:
    config = parse(text, filename, skip_unsupported)
    if not config.acls:
        raise AclcError("no access lists found (expected access-list, ip access-list or ipv6 access-list)",
                        None)
    names = None
    if acl is not None:
        if acl not in config.acls:
            found = [n for n in config.acls if aclc_name(f"acl-{n}" if is_decimal(n) else n, "acl") == acl]
            if not found:
                raise AclcError(f"no access list '{acl}' in {filename}; it has: " + ", ".join(config.acls))
            acl = found[0]
        names = {acl}
    return config, translate(config, names)


# ---------------------------------------------------------------- exact proof (BDD) of Cisco IOS


def _cisco_address(space, config, item, field: str, family: int):
    width = exact.width_of(family)
    full = (1 << width) - 1
    if isinstance(item, GroupRef):
        return exact.any_of(space, [_cisco_address(space, config, sub, field, family)
                            for sub in config.groups[item.name].items])
    if isinstance(item, AddrRange):
        return exact.any_of(space, [space.prefix(field, v, n, width) for v, n in range_to_prefixes(item.lo, item.hi, width)])
    return space.masked(field, item.value, ~item.wildcard & full, width)


def _cisco_ports(space, op: PortOp | None, field: str):
    if op is None:
        return space.true
    if op.op in ("eq", "neq"):
        hit = exact.any_of(space, [space.eq(field, v) for v in op.values])
        return hit if op.op == "eq" else ~hit
    if op.op == "lt":
        return space.range(field, 0, op.values[0] - 1)
    if op.op == "gt":
        return space.range(field, op.values[0] + 1, 0xFFFF)
    return space.range(field, op.values[0], op.values[1])


def _cisco_service(space, entry: ServiceEntry):
    parts = []
    if entry.protocols:
        parts.append(exact.any_of(space, [space.eq("ip_proto", p) for p in entry.protocols]))
    parts.append(_cisco_ports(space, entry.src_ports, "src_port"))
    parts.append(_cisco_ports(space, entry.dst_ports, "dst_port"))
    if entry.icmp_type is not None:
        parts.append(space.eq("icmp_type", entry.icmp_type))
    if entry.icmp_code is not None:
        parts.append(space.eq("icmp_code", entry.icmp_code))
    if entry.tcp_flags is not None:
        parts.append(exact.tcp_flags_bdd(space, entry.tcp_flags))
    return exact.all_of(space, parts)




def cisco_permit(space, config: CiscoConfig, acl_name: str, assume: frozenset = frozenset(),
                 taken: dict | None = None):
    """The packets IOS permits with this ACL (first match, implicit entries, non-IP passes); an entry
    aclc cannot test fully matches nothing unless its line is in ``assume`` (``taken``: see prove)."""
    acl = config.acls[acl_name]
    family = acl.family
    decided = space.false
    permit = space.false
    for ace in acl.entries:
        skipped = ace.unsupported is not None and ace.line not in assume
        if skipped and taken is None:
            continue
        services = _services(config, ace.services)
        match = (exact.family_bdd(space, family)
                 & _cisco_address(space, config, ace.src, "src", family)
                 & _cisco_address(space, config, ace.dst, "dst", family)
                 & exact.any_of(space, [_cisco_service(space, s) for s in services]))
        if skipped:
            taken[ace.line] = (match & ~decided, ace.action == "permit")
            continue
        if ace.action == "permit":
            permit |= match & ~decided
        decided |= match
    if family == 6:
        nd = space.is_ipv6 & space.eq("ip_proto", 58) & (space.eq("icmp_type", 135) | space.eq("icmp_type", 136))
        permit |= nd & ~decided
    return permit | ~space.is_ip


def exact_cisco(config: CiscoConfig, acl_name: str, policy: Policy, skipped=()) -> exact.Proof:
    """The import against IOS's meaning, skipped entries modelled by their effect."""
    return exact.prove(config.acls[acl_name].family,
                 lambda space, assume, taken: cisco_permit(space, config, acl_name, assume, taken), policy,
                 skipped)


# ---------------------------------------------------------------- the import format record


def _import_format():
    from .format import ImportFormat, Option

    def translate(text, filename, options):
        return import_cisco(text, filename, options["acl_name"], options["skip_unsupported"])

    return ImportFormat(
        name="cisco",
        help="Cisco IOS numbered, named and IPv6 access lists, with object groups.",
        options=(
            Option(("--acl", "acl_name"), "Import only this ACL (its IOS name or number)."),
            Option(("--skip-unsupported",), "Leave out lines OpenFlow cannot decide like IOS (each is marked in "
                   "the output).", flag=True),
        ),
        translate=translate,
        evaluate=lambda config, options: (lambda acl, p, assume: evaluate(config, acl.source_name, p, assume)),
        prove=lambda config, options: (lambda acl, policy: exact_cisco(config, acl.source_name, policy,
                                                                        acl.skipped)),
    )


IMPORT_FORMAT = _import_format()
