"""Text to syntax tree: the lark grammar plus a Transformer to :mod:`aclc.frontend.ast`.

The LALR parser is built once and runs the Transformer while it parses (no
intermediate lark tree), which keeps a 50k-rule file fast and never recurses.
Text is read by :mod:`aclc.frontend.fastparse`, a faster driver of the same lark tables;
anything it cannot read (a syntax error above all) is parsed again by plain
lark, so errors and their positions are lark's. The driver's tables are cached
(:func:`fastparse.save_tables`), so reading a valid file does not import lark at all. A rule in the plain shape imports
write (one line, one address and one port item a side) is read in one match and
its nodes built directly (``_rule_reader``); the driver places it by its tables. Syntax errors become one
:class:`AclcError` that says, in words, what was expected, with the offending
line and a caret as ``detail``.
"""

from __future__ import annotations

import importlib
import ipaddress
import re
import sys
import threading
from functools import lru_cache, partial
from pathlib import Path


def _without_regex_module() -> bool:
    """Have lark's import skip the third-party ``regex`` module (lark loads it whenever it is
    installed, for ``Lark(regex=True)`` only, which this parser does not use; loading it is a good
    part of a command's start-up). True when the caller must undo it."""
    if "lark" in sys.modules or "regex" in sys.modules:
        return False
    sys.modules["regex"] = None  # "import regex" raises ImportError, which lark expects
    return True


from . import ast, fastparse

# lark itself is imported only when a parse needs it (see _import_lark): a valid file is read by
# the fast driver from cached tables.
lark = None
# The classes of tokens the transformer receives: the fast driver's, and lark's once it is loaded.
_TOKENS: tuple[type, ...] = (fastparse.FastToken,)
Token = fastparse.FastToken  # for annotations: a token has lark's type, value, line and column


def _import_lark():
    """lark, imported (once) without the ``regex`` module; its Token joins _TOKENS."""
    global lark, _TOKENS
    if lark is None:
        regex_blocked = _without_regex_module()
        try:
            lark_module = importlib.import_module("lark")
            importlib.import_module("lark.exceptions")  # the syntax errors below
            importlib.import_module("lark.lexer")  # the terminals' patterns in messages
        finally:
            if regex_blocked:
                del sys.modules["regex"]
        _TOKENS = (fastparse.FastToken, lark_module.Token)
        lark = lark_module
    return lark
from ..errors import AclcError, SourcePos
from ..fastinit import constructor
from ..gcpause import gc_paused
from ..names import PROTOCOLS
from ..policy import PortRange, Prefix

_source_pos = constructor(SourcePos)  # one per token: the plain constructor is a hot spot

# Deeper nesting of { } groups and ! negations than this is refused: no real
# ACL needs it, and it keeps every later pass safely recursive.
MAX_NESTING = 64

# Words the contextual lexer would accept as names where no keyword fits; a
# definition may not take them, so that a name never reads like a keyword.
RESERVED_WORDS = frozenset("""
    include definitions network service acl default non-ip remark ethertype from to port host code
    name proto permit deny log arp all any any4 any6 ip ipv4 ipv6 type icmp-type in-port in_port
    established fragments flags tcp-flags state time-range reflect evaluate tos dscp precedence ttl
""".split()) | frozenset(PROTOCOLS)

_GRAMMAR_CANDIDATES = (
    Path(__file__).resolve().parents[2] / "grammars" / "acl.lark",
    Path(__file__).resolve().parents[1] / "grammars" / "acl.lark",
)

# How an operator reads each kind of token in "expected ..." messages.
_TERMINAL_WORDS = {
    "ACTION": "'permit', 'deny'",
    "NONIP": "'non-ip'",
    "ANY": "'any'",
    "PROTO_NAME": "a protocol (tcp, udp, icmp ...)",
    "TYPE": "'type'",
    "IN_PORT": "'in-port'",
    "UNSUPPORTED": None,  # never worth suggesting
    "STATE": "'state'",
    "FLAGS": "'flags'",
    "ESTABLISHED": "'established'",
    "CMP": "a comparison (>=, >, <=, <, !=)",
    "IPV4": "an IPv4 address",
    "IPV6": "an IPv6 address",
    "NUMBER": "a number",
    "NAME": "a name",
    "STRING": 'a quoted string',
    "$END": "end of file",
}


def _grammar_text() -> str:
    for candidate in _GRAMMAR_CANDIDATES:
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError("grammars/acl.lark not found next to the aclc package")


def _unquote(token: Token) -> str:
    body = str(token)[1:-1]
    if "\\" not in body:
        return body
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _number(token: Token) -> int:
    text = token.value  # NUMBER: 0x and hex digits, or ASCII digits
    return int(text, 16) if "x" in text else int(text)


# A dotted quad as ipaddress accepts it: four decimal octets 0-255, ASCII digits, no leading zero.
_PLAIN_IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
                         r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])")


def _ipv4_value_by_pattern(address: str) -> int | None:
    """A dotted-quad address as an integer, for the plain form only; None for anything else,
    which ipaddress then judges (and words the error)."""
    if _PLAIN_IPV4.fullmatch(address) is None:
        return None
    a, b, c, d = address.split(".")  # four octets 0-255 without a leading zero: the match saw to it
    return (int(a) << 24) | (int(b) << 16) | (int(c) << 8) | int(d)


def _ipv4_value_by_socket(address: str) -> int | None:
    """:func:`_ipv4_value_by_pattern` by the C library's inet_pton (five times faster), which takes
    exactly the same texts (checked by :func:`_socket_agrees` before it is used)."""
    try:
        return _from_bytes(_inet_pton(_AF_INET, address), "big")
    except (OSError, ValueError):  # not a plain dotted quad (ValueError: a NUL, an unencodable text)
        return None


# Texts on which inet_pton and the pattern must agree (value, or refusal) for inet_pton to be used.
_AGREEMENT_SAMPLES = ("0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.99", "1.2.3.4", "01.2.3.4",
                      "1.2.3.04", "00.0.0.0", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "1..2.3",
                      "0x1.1.1.1", " 1.2.3.4", "1.2.3.4 ", "+1.2.3.4", "1.2.3.-4", "1.2.3.4/8", "", "1.2.3.\u0664",
                      "1.2.3.1000", "999.1.1.1", "1.2.3.4\x00", "\ud800")


def _socket_agrees() -> bool:
    try:
        return all(_ipv4_value_by_socket(text) == _ipv4_value_by_pattern(text) for text in _AGREEMENT_SAMPLES)
    except Exception:  # a platform without inet_pton: the pattern it is
        return False


try:  # the C module itself: the socket module would load selectors and more (start-up time)
    from _socket import AF_INET as _AF_INET, inet_pton as _inet_pton
except ImportError:  # pragma: no cover - a Python without it
    _inet_pton = None
_from_bytes = int.from_bytes
_ipv4_value = _ipv4_value_by_socket if _inet_pton is not None and _socket_agrees() else _ipv4_value_by_pattern
_new_prefix = partial(tuple.__new__, Prefix)  # Prefix(value, length, width) without its Python-level __new__


@lru_cache(maxsize=65536)
def _parse_prefix(text: str, family: int) -> Prefix | str:
    """A prefix from its text, or a message saying why it is not one."""
    address, slash, length_text = text.partition("/")
    width = 32 if family == 4 else 128
    value = _ipv4_value(address) if family == 4 else None
    if value is None:
        try:
            value = int(ipaddress.IPv4Address(address) if family == 4 else ipaddress.IPv6Address(address))
        except ValueError:
            return f"invalid IPv{family} address '{address}'"
    length = width
    if slash:
        length = int(length_text)
        if length > width:
            return f"prefix length /{length} is longer than {width} bits in '{text}'"
    host_bits = value & ((1 << (width - length)) - 1)
    if host_bits:
        network = value & ~((1 << (width - length)) - 1)
        shown = ipaddress.IPv4Address(network) if family == 4 else ipaddress.IPv6Address(network)
        return (f"'{text}' has host bits set (did you mean {shown}/{length}?); "
                "write the network address or a host without a prefix length")
    return _new_prefix((value, length, width))


def _whole_file_pos(filename: str):
    """``pos`` for a whole file: one call per token, building the SourcePos in place (it is
    the constructor's work, without a second call)."""
    new, cls = object.__new__, SourcePos

    def pos(token: Token) -> SourcePos:
        o = new(cls)
        d = o.__dict__
        d["file"] = filename
        d["line"] = token.line or 1
        d["column"] = token.column or 1
        return o
    return pos


# ---------------------------------------------------------------- whole rules at once

# A rule in the shape imports write (one line: permit|deny, a family, a protocol, from and to
# with one IPv4 address or any and at most one port item each), read in one match. Every token
# ends where the next character is a blank, '#', ';' or '}', so that the tokens are the ones lark's
# lexer makes; and the rule must be followed (after blanks and comments) by '}', ';' or the next
# permit/deny, so that nothing can continue it. Anything else is left to the parse driver.
# Every optional part and every run of blanks or digits is possessive (``?+``, ``++``: no way back
# into it once taken, which makes the match faster): each ends where what follows cannot start
# (a token end, a dot), so that giving some back could never let the rest match.
_END = r"(?=[ \t\r\n#;}])"
_NUMBER = r"(0x[0-9A-Fa-f]+|[0-9]+)"
_PORT = rf"(?:[ \t]++(port)[ \t]++(?:(>=|<=|!=|==|>|<)[ \t]*+{_NUMBER}|{_NUMBER}(?:[ \t]*+-[ \t]*+{_NUMBER})?+){_END})?+"
_QUAD = r"[0-9]{1,3}+\.[0-9]{1,3}+\.[0-9]{1,3}+\.[0-9]{1,3}+"


def _side_pattern(keyword: str) -> str:
    """A from or to clause: groups keyword, any, host, address, then _PORT's five."""
    return (rf"(?:[ \t]++({keyword})[ \t]++(?:(any4|any6|any)|(?:(host)[ \t]++)?+"
            rf"({_QUAD}(?:/[0-9]+)?+)){_END}{_PORT})?+")


_RULE_LINE = re.compile(
    rf"(permit|deny)[ \t]++(?:(ipv4|ipv6|ip){_END})?+"
    rf"(?:[ \t]*+(?:(tcp|udp|sctp|icmpv6|icmp|gre|esp|ah|ospf|vrrp|igmp|pim)|(proto)[ \t]++{_NUMBER}){_END})?+"
    + _side_pattern("from") + _side_pattern("to") +
    r"(?=(?:[ \t\r\n]++|#[^\n]*+)*+(?:[};]|(permit|deny)(?![A-Za-z0-9_.-])))").match
_FOLLOWING = _RULE_LINE.__self__.groups  # the last group: the permit or deny that follows a rule


def _rule_reader(filename: str):
    """``read_rule`` for :meth:`fastparse.FastParser.parse` on a whole file: the RuleStmt the
    transformer would build for a rule that _RULE_LINE takes, with the same positions (with
    ``many``, those of the rules that follow it too, as long as _RULE_LINE takes them).

    A rule normalize takes as it is (see :func:`_plain_part`) keeps only its action, its position
    and the Rule fields it gets; its match is built from the text when something asks for it."""
    new, cls, stmt_cls = object.__new__, SourcePos, ast.RuleStmt
    match = _RULE_LINE
    addresses: dict = {}  # address text: its one-prefix set (None for /0), or _REFUSED
    ports: dict = {}  # the four port groups of a side: its port set, or _REFUSED

    def read(text: str, begin: int, line: int, line_start: int, many: bool = False):
        rules = []
        append = rules.append
        last = None  # the match of the last rule taken
        while True:
            found = match(text, begin)
            if found is None:
                break
            groups = found.groups()
            plain = _plain_part(groups, addresses, ports)
            if plain is None:
                stmt = _rule_from_match(found, filename, line, line_start)
                if stmt is None:
                    break
            else:
                where = new(cls)
                d = where.__dict__
                d["file"] = filename
                d["line"] = line
                d["column"] = begin - line_start + 1
                stmt = new(stmt_cls)
                d = stmt.__dict__
                d["action"] = groups[0]
                d["pos"] = where
                d["_plain"] = plain
                d["_unbuilt"] = (_match_of_rule, text, begin, filename, line, line_start)
            append(stmt)
            last = found
            following = groups[-1]  # the permit or deny after the rule, if that is what follows
            if not many or following is None:
                break
            following = found.start(_FOLLOWING)
            line += text.count("\n", begin, following)  # on to the rule that follows
            line_start = text.rfind("\n", 0, following) + 1
            begin = following
        if last is None:
            return None
        return (rules if many else rules[0]), last.end(), last.start(_FOLLOWING)
    return read


def _match_of_rule(text: str, begin: int, filename: str, line: int, line_start: int):
    """The match of a rule :func:`_rule_reader` read without building it."""
    return _rule_from_match(_RULE_LINE(text, begin), filename, line, line_start).match


_PORT_PROTOCOL_NUMBERS = frozenset({6, 17, 132})  # tcp, udp, sctp: the protocols with ports
_PROTO_ICMPV6 = 58
_ETH_IPV4 = 0x0800
_REFUSED = object()  # a value _plain_part leaves to the general path (which words any error)
_NEW_TUPLE = tuple.__new__


def _plain_part(groups: tuple, addresses: dict, ports: dict):
    """The Rule fields from eth_type to icmp_code (normalize's part) of a rule _RULE_LINE took, when
    normalize takes the rule as it is (its ``plain_rule_part``): an IPv4 rule whose sides are one IPv4
    address or any4/any, with at most one valid port number, range or comparison a side, that can
    be neither an error nor a rule of both families. None for any other rule.

    The fields are those normalize's general path gives such a rule: an address side is the
    one-prefix tuple, None for any (or /0); a port side the one-range tuple, None for every port.
    ``addresses`` and ``ports`` keep the sides already read (from their text)."""
    (action, family, proto_name, proto_kw, proto_number,
     src_kw, src_any, src_host, src_addr, src_port_kw, src_cmp, src_number, src_lo, src_hi,
     dst_kw, dst_any, dst_host, dst_addr, dst_port_kw, dst_cmp, dst_number, dst_lo, dst_hi, _) = groups
    if src_kw is None or dst_kw is None or family == "ipv6":
        return None
    if proto_name is not None:
        protocol = PROTOCOLS[proto_name]
    elif proto_kw is not None:
        protocol = int(proto_number, 16) if "x" in proto_number else int(proto_number)
        if protocol > 255:
            return None
    elif family is None:
        return None
    else:
        protocol = None
    if protocol == _PROTO_ICMPV6:
        return None
    if src_any is not None:
        if src_any == "any6":
            return None
        src = None
    else:
        if src_host is not None and "/" in src_addr:
            return None
        src = addresses.get(src_addr, _REFUSED)
        if src is _REFUSED:
            src = _plain_address(src_addr, addresses)
            if src is _REFUSED:
                return None
    if dst_any is not None:
        if dst_any == "any6" or (src_any is not None and family != "ipv4"):
            return None  # any6; or any to any without ipv4, which is a rule of both families
        dst = None
    else:
        if dst_host is not None and "/" in dst_addr:
            return None
        dst = addresses.get(dst_addr, _REFUSED)
        if dst is _REFUSED:
            dst = _plain_address(dst_addr, addresses)
            if dst is _REFUSED:
                return None
    src_ports = dst_ports = None
    if src_port_kw is not None or dst_port_kw is not None:
        if protocol not in _PORT_PROTOCOL_NUMBERS:
            return None
        if src_port_kw is not None:
            key = (src_cmp, src_number, src_lo, src_hi)
            src_ports = ports.get(key, _REFUSED)
            if src_ports is _REFUSED:
                src_ports = ports[key] = _plain_port_set(src_cmp, src_number, src_lo, src_hi)
                if src_ports is _REFUSED:
                    return None
        if dst_port_kw is not None:
            key = (dst_cmp, dst_number, dst_lo, dst_hi)
            dst_ports = ports.get(key, _REFUSED)
            if dst_ports is _REFUSED:
                dst_ports = ports[key] = _plain_port_set(dst_cmp, dst_number, dst_lo, dst_hi)
                if dst_ports is _REFUSED:
                    return None
    return (_ETH_IPV4, protocol, src, dst, src_ports, dst_ports, None, None)


def _plain_address(text: str, addresses: dict):
    """The address set of one IPv4 address or prefix (kept in ``addresses``): its one-prefix tuple,
    None for /0 (any address), _REFUSED when it is no prefix. A valid prefix is read here, as
    _parse_prefix reads it (without its cache, which a file of many addresses would only churn)."""
    address, slash, length_text = text.partition("/")
    value = _ipv4_value(address)
    if value is not None:
        length = int(length_text) if slash else 32
        if length <= 32 and not value & ((1 << (32 - length)) - 1):
            found = addresses[text] = (_new_prefix((value, length, 32)),) if length else None
            return found
    prefix = _parse_prefix(text, 4)  # anything else, as it says
    found = addresses[text] = _REFUSED if prefix.__class__ is str else ((prefix,) if prefix[1] else None)
    return found


def _plain_port_set(comparison, number, low, high):
    """The port set of one port item: its one-range tuple, None for every port; _REFUSED for a
    negation or anything normalize would refuse."""
    if comparison is not None:
        if comparison == "!=":
            return _REFUSED
        value = int(number, 16) if "x" in number else int(number)
        if value > 0xFFFF:
            return _REFUSED
        if comparison == "==":
            lo = hi = value
        elif comparison == ">=":
            lo, hi = value, 0xFFFF
        elif comparison == ">":
            lo, hi = value + 1, 0xFFFF
        elif comparison == "<=":
            lo, hi = 0, value
        else:  # "<"
            lo, hi = 0, value - 1
        if lo > hi:
            return _REFUSED  # no port at all: normalize words it
    else:
        lo = int(low, 16) if "x" in low else int(low)
        hi = lo if high is None else (int(high, 16) if "x" in high else int(high))
        if not lo <= hi <= 0xFFFF:
            return _REFUSED
    if lo == 0 and hi == 0xFFFF:
        return None
    return (_NEW_TUPLE(PortRange, (lo, hi)),)


def _rule_from_match(found, filename: str, line: int, line_start: int):
    """The RuleStmt, every node built, of a rule _RULE_LINE took; None when the parse driver must
    read it (an address it refuses)."""
    new, cls = object.__new__, SourcePos
    (action, family, proto_name, proto_kw, proto_number,
     src_kw, src_any, src_host, src_addr, src_port_kw, src_cmp, src_number, src_lo, src_hi,
     dst_kw, dst_any, dst_host, dst_addr, dst_port_kw, dst_cmp, dst_number, dst_lo, dst_hi, _) = found.groups()

    def pos(offset: int) -> SourcePos:
        o = new(cls)
        d = o.__dict__
        d["file"] = filename
        d["line"] = line
        d["column"] = offset - line_start + 1
        return o

    if proto_name is not None:
        protocol = _protocol(proto_name, PROTOCOLS[proto_name], pos(found.start(3)))
    elif proto_kw is not None:
        protocol = _protocol(None, int(proto_number, 16) if "x" in proto_number else int(proto_number),
                             pos(found.start(4)))
    elif family is None:
        return None  # neither a family nor a protocol: not an ip_match
    else:
        protocol = None
    src = dst = None
    if src_kw is not None:
        src = _read_side(found, 6, pos)
        if src is None:
            return None
    if dst_kw is not None:
        dst = _read_side(found, 15, pos)
        if dst is None:
            return None
    match_pos = pos(found.start(2)) if family is not None else protocol.pos
    return _rule_stmt(action, _ip_match(family, protocol, src, dst, match_pos), pos(found.start(1)))


def _read_side(found, first: int, pos):
    """The Side of a from/to clause _RULE_LINE took (groups from ``first``); None when an address
    is refused (the parse driver then reads the rule, and the error is raised as usual)."""
    any_word, host, address = found.group(first + 1, first + 2, first + 3)
    if any_word is not None:
        item = _any_addr(_ANY_FAMILY[any_word], pos(found.start(first + 1)))
    else:
        if host is not None and "/" in address:
            return None
        prefix = _parse_prefix(address, 4)
        if prefix.__class__ is str:
            return None
        item = _addr_literal(prefix, pos(found.start(first + 2 if host is not None else first + 3)))
    if found.group(first + 4) is None:
        return _side_node((item,), None, pos(found.start(first)), None)
    comparison, number, low, high = found.group(first + 5, first + 6, first + 7, first + 8)
    if comparison is not None:
        where = pos(found.start(first + 5))
        port = (_port_item("==", _number_text(number), None, True, where) if comparison == "!="
                else _port_item(comparison, _number_text(number), None, False, where))
    else:
        port = _port_item("==", _number_text(low), None if high is None else _number_text(high), False,
                          pos(found.start(first + 7)))
    return _side_node((item,), (port,), pos(found.start(first)), pos(found.start(first + 4)))


def _number_text(text: str) -> int:
    return int(text, 16) if "x" in text else int(text)


def _depth(item) -> int:
    return getattr(item, "depth", 0)


class _ToAst:
    """Builds :mod:`aclc.frontend.ast` nodes while the parser reduces: lark (and the fast driver)
    call the method named after each rule with the rule's children."""

    def __init__(self):
        self.filename = "<string>"
        # Line and column added to every position (YAML items are parsed on their own).
        self.line_offset = 0
        self.column_offset = 0
        # When set, every position is this one (a YAML item whose text is not a slice of the file).
        self.fixed_pos: SourcePos | None = None

    def place(self, filename: str, line_offset: int, column_offset: int, fixed_pos: SourcePos | None) -> None:
        """Where the text to parse is; a whole file gets a lighter ``pos`` (one call per token)."""
        self.filename = filename
        self.line_offset = line_offset
        self.column_offset = column_offset
        self.fixed_pos = fixed_pos
        if fixed_pos is None and line_offset == 0 and column_offset == 0:
            self.pos = _whole_file_pos(filename)
        else:
            self.__dict__.pop("pos", None)

    def pos(self, token: Token) -> SourcePos:
        if self.fixed_pos is not None:
            return self.fixed_pos
        line = token.line or 1
        column = token.column or 1
        if line == 1:
            column += self.column_offset
        return _source_pos(self.filename, line + self.line_offset, column)

    def __default__(self, data, children, meta):
        """A rule without a method: a Tree, as lark's Transformer makes it."""
        return _import_lark().Tree(data, children, meta)

    def check_definable(self, name: Token, kind: str) -> None:
        if str(name) in RESERVED_WORDS:
            raise AclcError(f"'{name}' is a keyword of the language and cannot name a {kind}", self.pos(name))

    # ------------------------------------------------------------ top level

    def start(self, children):
        return ast.File(self.filename, tuple(c for c in children if not isinstance(c, _TOKENS)))

    def addr_entry(self, children):
        return children[0]

    def svc_entry(self, children):
        return children[0]

    def include(self, children):
        keyword, path = children
        return ast.Include(_unquote(path), self.pos(path))

    def definitions(self, children):
        keyword, path = children
        return ast.DefinitionsRef(_unquote(path), self.pos(path))

    def network_def(self, children):
        keyword, name, items = children
        self.check_definable(name, "network")
        return ast.NetworkDef(str(name), items, self.pos(name))

    def service_def(self, children):
        keyword, name, items = children
        self.check_definable(name, "service")
        return ast.ServiceDef(str(name), items, self.pos(name))

    def acl(self, children):
        keyword, name, *items = children
        return ast.Acl(str(name), tuple(i for i in items if not isinstance(i, _TOKENS)), self.pos(name))

    def default_stmt(self, children):
        keyword, action, *rest = children
        return ast.DefaultStmt(str(action), bool(rest), self.pos(keyword))

    def nonip_stmt(self, children):
        keyword, action, *rest = children
        kinds = {t.type for t in rest}
        return ast.NonIpStmt(str(action), "ARP" in kinds, "LOG" in kinds, self.pos(keyword))

    def remark_stmt(self, children):
        keyword, text = children
        return ast.RemarkStmt(self.one_line(text, "a remark"), self.pos(keyword))

    def one_line(self, token: Token, what: str) -> str:
        """A quoted string that outputs show on one line (a table row, a test description)."""
        text = _unquote(token)
        bad = next((c for c in text if not c.isprintable() and c != "\t"), None)
        if bad is not None:
            raise AclcError(f"{what} must be one line of text; it holds {bad!r}", self.pos(token))
        return text

    # ------------------------------------------------------------ rules

    def rule(self, children):
        if len(children) == 2:  # no options: the common case, fast
            action, match = children
            return _rule_stmt(action.value, match, self.pos(action))
        action, match, *options = children
        fields: dict = {}
        unsupported: list[ast.Unsupported] = []
        repeated: list[ast.Unsupported] = []

        def put(key, value, word, pos):
            if key in fields:
                repeated.append(ast.Unsupported(word, pos))
            else:
                fields[key] = value

        for option in options:
            if isinstance(option, _TOKENS):  # LOG or ESTABLISHED
                if option.type == "ESTABLISHED":
                    put("established", ast.EstablishedOption(self.pos(option)), "established", self.pos(option))
                else:
                    put("log", True, "log", self.pos(option))
            elif isinstance(option, ast.StateOption):
                put("state", option, "state", option.pos)
            elif isinstance(option, ast.FlagsOption):
                put("flags", option, "flags", option.pos)
            elif isinstance(option, ast.IcmpType):
                put("icmp_type", option, "type", option.pos)
            elif isinstance(option, ast.IcmpCode):
                put("icmp_code", option, "code", option.pos)
            elif isinstance(option, ast.Unsupported):
                unsupported.append(option)
            elif option[0] == "in_ports":
                put("in_ports", option[1], "in-port", option[2])
            elif option[0] == "name":
                put("name", option[1], "name", option[2])
        return ast.RuleStmt(str(action), match, self.pos(action), unsupported=tuple(unsupported),
                            repeated=tuple(repeated), **fields)

    def ip_match(self, children):
        family = protocol = src = dst = None
        for child in children:
            kind = child.__class__
            if kind is tuple:
                if child[0] == "from":
                    src = child[1]
                else:
                    dst = child[1]
            elif kind is _Protocol:
                protocol = child
            else:  # the family keyword
                family = child
        pos = self.pos(family) if family is not None else protocol.pos
        return _ip_match(family.value if family is not None else None, protocol, src, dst, pos)

    def family(self, children):
        return children[0]

    def proto_name(self, children):
        name = children[0].value
        return _protocol(name, PROTOCOLS[name], self.pos(children[0]))

    def proto_number(self, children):
        token = children[-1]
        return _protocol(None, _number(token), self.pos(children[0]))

    def service_match(self, children):
        keyword, *rest = children
        names = tuple(ast.ServiceRef(str(t), self.pos(t)) for t in rest if isinstance(t, _TOKENS))
        sides = dict(c for c in rest if isinstance(c, tuple))
        return ast.ServiceMatch(names, sides.get("from"), sides.get("to"), self.pos(keyword))

    def arp_match(self, children):
        keyword, *rest = children
        sides = dict(rest)
        return ast.ArpMatch(sides.get("from"), sides.get("to"), self.pos(keyword))

    def ethertype_match(self, children):
        keyword, value = children
        return ast.EthertypeMatch(_number(value), self.pos(keyword))

    def all_match(self, children):
        return ast.AllMatch(self.pos(children[0]))

    def _side(self, children) -> ast.Side:
        """``FROM item ("," item)* [PORT ports]``: the address items and the port clause come
        inline. Addresses and ports are nodes; the first token after the keyword is PORT."""
        pos = self.pos
        count = len(children)
        if count == 2:  # one address, no ports: the common cases first
            return _side_node((children[1],), None, pos(children[0]), None)
        if count == 4 and isinstance(children[2], _TOKENS):  # one address, PORT, one port
            return _side_node((children[1],), (children[3],), pos(children[0]), pos(children[2]))
        port_at = next((i for i in range(1, count) if isinstance(children[i], _TOKENS)), count)
        addresses = tuple(children[1:port_at])
        if port_at == count:
            return _side_node(addresses, None, pos(children[0]), None)
        ports = tuple(children[port_at + 1:])  # the braces of "port { ... }" are filtered out already
        return _side_node(addresses, ports, pos(children[0]), pos(children[port_at]))

    def from_clause(self, children):
        return ("from", self._side(children))

    def to_clause(self, children):
        return ("to", self._side(children))

    def type_option(self, children):
        keyword, value = children
        shown = _number(value) if value.type == "NUMBER" else str(value)
        return ast.IcmpType(shown, self.pos(value))

    def code_option(self, children):
        keyword, value = children
        return ast.IcmpCode(_number(value), self.pos(value))

    def in_port_option(self, children):
        keyword, *rest = children
        ports = tuple((_number(t), self.pos(t)) for t in rest if t.type == "NUMBER")
        return ("in_ports", ports, self.pos(keyword))

    def name_option(self, children):
        keyword, value = children
        text = self.one_line(value, "a rule name") if value.type == "STRING" else str(value)
        return ("name", text, self.pos(keyword))

    def state_option(self, children):
        keyword = children[0]
        return ast.StateOption(tuple(c for c in children[1:] if not isinstance(c, _TOKENS)), self.pos(keyword))

    def flags_option(self, children):
        keyword = children[0]
        return ast.FlagsOption(tuple(c for c in children[1:] if not isinstance(c, _TOKENS)), self.pos(keyword))

    def state_item(self, children):
        if len(children) == 2:
            bang, name = children
            return ast.StateItem(str(name), True, self.pos(bang))
        return ast.StateItem(str(children[0]), False, self.pos(children[0]))

    def unsupported_option(self, children):
        keyword = children[0]
        return ast.Unsupported(" ".join(str(t) for t in children), self.pos(keyword))

    # ------------------------------------------------------------ addresses

    def addr_list(self, children):
        return tuple(children)

    def negated(self, children):
        bang, item = children
        depth = _depth(item) + 1
        if depth > MAX_NESTING:
            raise AclcError(f"address nesting deeper than {MAX_NESTING} levels", self.pos(bang))
        return ast.Negated(item, self.pos(bang), depth)

    def group(self, children):
        brace, *items = children
        items = tuple(i for i in items if not isinstance(i, _TOKENS))
        depth = max(_depth(i) for i in items) + 1
        if depth > MAX_NESTING:
            raise AclcError(f"address nesting deeper than {MAX_NESTING} levels", self.pos(brace))
        return ast.Group(items, self.pos(brace), depth)

    def any_addr(self, children):
        token = children[0]
        return _any_addr(_ANY_FAMILY[token.value], self.pos(token))

    def _literal_of(family: int):
        def literal(self, children):
            token = children[-1]
            text = token.value
            if len(children) == 2 and "/" in text:
                raise AclcError(f"'host' takes a single address, not the prefix '{text}'", self.pos(token))
            prefix = _parse_prefix(text, family)
            if prefix.__class__ is str:
                raise AclcError(prefix, self.pos(token))
            return _addr_literal(prefix, self.pos(children[0]))
        return literal

    ipv4 = _literal_of(4)
    ipv6 = _literal_of(6)

    def name_ref(self, children):
        token = children[0]
        return ast.NameRef(str(token), self.pos(token))

    # ------------------------------------------------------------ ports

    def port_single(self, children):
        return _port_item("==", _number(children[0]), None, False, self.pos(children[0]))

    def port_range(self, children):
        lo, hi = children
        return _port_item("==", _number(lo), _number(hi), False, self.pos(lo))

    def port_compare(self, children):
        op, value = children
        if op == "!=":
            return _port_item("==", _number(value), None, True, self.pos(op))
        return _port_item(str(op), _number(value), None, False, self.pos(op))

    def port_not(self, children):
        bang, value = children
        return _port_item("==", _number(value), None, True, self.pos(bang))

    def port_not_range(self, children):
        bang, lo, hi = children
        return _port_item("==", _number(lo), _number(hi), True, self.pos(bang))

    def port_name(self, children):
        return ast.PortName(str(children[0]), False, self.pos(children[0]))

    def port_not_name(self, children):
        bang, name = children
        return ast.PortName(str(name), True, self.pos(bang))

    # ------------------------------------------------------------ services

    def svc_list(self, children):
        items: list = []
        for child in children:
            if isinstance(child, _TOKENS):
                continue
            if isinstance(child, tuple) and child and child[0] == "more":
                port = child[1]
                last = items[-1] if items else None
                if not isinstance(last, ast.ServiceProto) or last.icmp_type is not None:
                    raise AclcError(
                        "a bare port in a service list continues the protocol before it, "
                        "and there is none here (write e.g. 'tcp 80, 443')", port.pos)
                if last.protocol.number not in (6, 17, 132):
                    raise AclcError(f"protocol '{_proto_text(last.protocol)}' has no ports", port.pos)
                items[-1] = ast.ServiceProto(last.protocol, (last.ports or ()) + (port,), None, None, last.pos)
            else:
                items.append(child)
        return tuple(items)

    def svc_proto(self, children):
        protocol, *rest = children
        ports = [r for r in rest if isinstance(r, (ast.PortItem, ast.PortName))]
        icmp_type = next((r for r in rest if isinstance(r, ast.IcmpType)), None)
        icmp_code = next((r for r in rest if isinstance(r, ast.IcmpCode)), None)
        return ast.ServiceProto(protocol, tuple(ports) if ports else None, icmp_type, icmp_code, protocol.pos)

    def svc_more(self, children):
        return ("more", children[0])

    def svc_ref(self, children):
        return ast.ServiceRef(str(children[0]), self.pos(children[0]))


_Protocol = ast.Protocol
# Builders of the nodes every rule has (fastinit.constructor: the same node, one call fewer).
_rule_stmt, _ip_match, _protocol, _side_node = (constructor(ast.RuleStmt), constructor(ast.IpMatch),
                                           constructor(ast.Protocol), constructor(ast.Side))
_any_addr, _addr_literal, _port_item = constructor(ast.AnyAddr), constructor(ast.AddrLiteral), constructor(ast.PortItem)
_ANY_FAMILY = {"any": None, "any4": 4, "any6": 6}


def _proto_text(protocol: ast.Protocol) -> str:
    return protocol.name or f"proto {protocol.number}"


# ---------------------------------------------------------------- the parser


class _Parser:
    def __init__(self):
        self.transformer = _ToAst()
        self.lock = threading.Lock()
        self._lark = None
        self._words = None
        self.fast = None
        grammar = _grammar_text()
        # The fast driver's tables, saved by an earlier run with this grammar and lark: no lark now.
        key = fastparse.tables_key(grammar)
        tables = fastparse.load_tables(key)
        if tables is not None:
            try:
                self.fast = fastparse.FastParser.from_tables(tables, self.transformer)
            except Exception:  # tables of another layout or damaged: built again below
                self.fast = None
        if self.fast is None:
            try:
                self.fast = fastparse.FastParser(self.lark)
            except fastparse.Unsupported:  # a lark whose internals changed: plain lark is still right
                self.fast = None
            else:
                if self.fast.savable:
                    fastparse.save_tables(key, self.fast.tables)

    @property
    def lark(self):
        """The plain lark parser (the reference, and the reader of anything the fast driver cannot)."""
        if self._lark is None:
            self._lark = _import_lark().Lark(
                _grammar_text(), parser="lalr", lexer="contextual", start=["start", "addr_entry", "svc_entry"],
                transformer=self.transformer, maybe_placeholders=False,
                cache=True)  # the grammar analysis is cached in the temp dir: 7x faster start
        return self._lark

    @property
    def words(self) -> dict[str, str]:
        """How messages name each terminal."""
        if self._words is None:
            words = {}
            for terminal in self.lark.terminals:
                if isinstance(terminal.pattern, lark.lexer.PatternStr):
                    words[terminal.name] = f"'{terminal.pattern.value}'"
                else:
                    words[terminal.name] = _TERMINAL_WORDS.get(terminal.name, terminal.name.lower())
            words["$END"] = _TERMINAL_WORDS["$END"]
            self._words = words
        return self._words

    def parse(self, text: str, filename: str, start: str, line_offset: int = 0, column_offset: int = 0,
              fixed_pos: SourcePos | None = None, engine: str = "auto"):
        """``engine``: "auto" (the fast driver, plain lark for anything it cannot do), "lark" (plain
        lark only: the reference) or "fast" (the fast driver only; fastparse.NEEDS_LARK when it
        cannot, an exception as it comes). The last two are for tests."""
        with self.lock, gc_paused():
            self.transformer.place(filename, line_offset, column_offset, fixed_pos)
            # Whole rules at once where a rule's positions are the file's own (not a YAML item's).
            read_rule = (_rule_reader(filename) if start == "start" and fixed_pos is None
                         and line_offset == 0 and column_offset == 0 else None)
            try:
                if engine == "fast":
                    return self.fast.parse(text, start, read_rule) if self.fast else fastparse.NEEDS_LARK
                if self.fast is not None and engine == "auto":
                    try:
                        result = self.fast.parse(text, start, read_rule)
                    except Exception:  # any error: plain lark below raises it, in its own words
                        result = fastparse.NEEDS_LARK
                    if result is not fastparse.NEEDS_LARK:
                        return result
                return self.lark.parse(text, start=start)
            except Exception as error:
                if lark is None or not isinstance(error, lark.exceptions.UnexpectedInput):
                    raise
                found = self.syntax_error(error, text, filename, line_offset, column_offset)
                if fixed_pos is not None:
                    found.pos = fixed_pos
                raise found from None
            finally:
                self.transformer.fixed_pos = None

    @staticmethod
    def acceptable(error) -> set[str]:
        """The tokens that can really come next; LALR's own list merges states and says too much."""
        try:
            accepted = error.interactive_parser.accepts()
        except Exception:  # a failed probe only loses precision in the message
            accepted = None
        return set(accepted) if accepted else set(error.expected)

    def expected_text(self, names) -> str:
        words = sorted({w for w in (self.words.get(n, n) for n in names) if w})
        if not words:
            return ""
        if len(words) == 1:
            return f"expected {words[0]}"
        return "expected " + ", ".join(words[:-1]) + " or " + words[-1]

    def syntax_error(self, error, text: str, filename: str, line_offset: int, column_offset: int) -> AclcError:
        line, column = getattr(error, "line", None), getattr(error, "column", None)
        if isinstance(error, lark.exceptions.UnexpectedToken):
            token = error.token
            if token.type == "$END":
                what = "unexpected end of file"
                line, column = _end_position(text)
            else:
                what = f"unexpected '{token}'"
            expected = self.expected_text(self.acceptable(error))
        elif isinstance(error, lark.exceptions.UnexpectedCharacters):
            char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
            what = f"unexpected character {char!r}"
            expected = self.expected_text(error.allowed or ())
        else:  # UnexpectedEOF
            what = "unexpected end of file"
            line, column = _end_position(text)
            expected = self.expected_text(getattr(error, "expected", ()) or ())
        if not isinstance(line, int) or line < 1:
            line, column = _end_position(text)
        column = column if isinstance(column, int) and column > 0 else 1
        message = f"syntax error: {what}" + (f"; {expected}" if expected else "")
        detail = _caret(text, line, column)
        shown_column = column + (column_offset if line == 1 else 0)
        return AclcError(message, SourcePos(filename, line + line_offset, shown_column), detail=detail)


def _end_position(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _caret(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1].rstrip("\r").expandtabs(1)
    caret = max(column - 1, 0)
    if len(source) > _CARET_WIDTH:  # show the neighbourhood of a very long line, not all of it
        start = max(0, min(caret - _CARET_WIDTH // 2, len(source) - _CARET_WIDTH))
        shown = source[start:start + _CARET_WIDTH]
        left = "..." if start > 0 else ""
        right = "..." if start + _CARET_WIDTH < len(source) else ""
        source, caret = left + shown + right, caret - start + len(left)
    return f"    {source}\n    {' ' * caret}^"


_CARET_WIDTH = 120


_parser: _Parser | None = None
_parser_lock = threading.Lock()


def _get_parser() -> _Parser:
    global _parser
    if _parser is None:
        with _parser_lock:
            if _parser is None:
                _parser = _Parser()
    return _parser


# ---------------------------------------------------------------- public API


def parse_text(text: str, filename: str = "<string>") -> ast.File:
    """Parse a whole aclc source text."""
    return _get_parser().parse(text, filename, "start")


def parse_addr_items(text: str, filename: str, line: int, column: int,
                     exact: bool = True) -> tuple[ast.AddrItem, ...]:
    """Parse an address list written at ``line``/``column`` of ``filename`` (YAML items).
    ``exact=False``: the text is not the file's (YAML folded or unescaped it), so every
    position is the item's start."""
    fixed = None if exact else SourcePos(filename, line, column)
    return _get_parser().parse(text, filename, "addr_entry", line - 1, column - 1, fixed)


def parse_service_items(text: str, filename: str, line: int, column: int,
                        exact: bool = True) -> tuple[ast.ServiceItem, ...]:
    """Parse a service list written at ``line``/``column`` of ``filename`` (YAML items)."""
    fixed = None if exact else SourcePos(filename, line, column)
    return _get_parser().parse(text, filename, "svc_entry", line - 1, column - 1, fixed)


def read_source(path: Path, shown: str | None = None) -> str:
    """A source file's text; a missing, unreadable or non-UTF-8 file is an AclcError."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AclcError(f"file not found: {shown}") from None
    except IsADirectoryError:
        raise AclcError(f"{shown} is a directory, not a file") from None
    except OSError as error:
        raise AclcError(f"cannot read {shown}: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise AclcError(f"not valid UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})",
                        SourcePos(shown, line, column)) from None
    return text.removeprefix("\ufeff")  # editors on Windows may start the file with a byte order mark


def parse_file(path: str | Path) -> ast.File:
    path = Path(path)
    return parse_text(read_source(path), str(path))
