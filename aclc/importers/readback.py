"""Confirm that generated aclc source is valid and says what the import means, in linear time.

Every rule line in the plain shape importers mostly write (one IPv4 rule: permit|deny, ``ipv4``,
an optional protocol, ``from`` and ``to`` with ``any``, ``host A`` or ``A/N`` and at most one port
item each, an optional ICMP type and code, an optional ``log``) is read back here by one regular
expression and compared with the rule the import meant, field by field (the values, not the
spelling). Those lines are then blanked, and what is left (headers, comments, definitions,
remarks, every rule outside the plain shape and the first rule of each ACL) goes through the
real front end, which must accept it. The plain shape is a strict subset of the language with
the meaning given here (tests/test_import_readback.py reads generated lines both ways).

A renderer bug is caught either way: a wrong plain line reads back as a different rule, a line
the language does not accept fails the front end. Both are a :class:`~aclc.errors.CheckFailed`.
"""

from __future__ import annotations

import re

from ..errors import AclcError, CheckFailed
from ..names import PROTOCOLS
from ..ranges import normalize_ranges
from .model import ImportedRule, ImportResult

# Numbers and addresses are taken loosely here and checked for their one canonical spelling
# (decimal, no leading zeros, in range) below: the expression stays quick to match. A side and
# a port clause are each one group, read once per distinct text (long lists repeat them).
_SIDE = r"(any|host [0-9.]{7,15}|[0-9.]{7,15}/[0-9]{1,2})"
_PORT = r"(?: port ([0-9]{1,5}(?:-[0-9]{1,5})?|(?:<=|>=|!=) [0-9]{1,5}))?"
_PLAIN_RULE = re.compile(
    rf"    (permit|deny) ipv4(?: ([a-z]+)| proto ([0-9]{{1,5}}))?"
    rf" from {_SIDE}{_PORT} to {_SIDE}{_PORT}"
    r"(?: type ([0-9]{1,5})(?: code ([0-9]{1,5}))?)?( log)?", re.ASCII).fullmatch

# The protocol words the plain shape takes, with the language's numbers (aclc.names, as the
# front end reads them); ports go with tcp, udp and sctp only, a type and code with icmp only.
_WORDS = {word: PROTOCOLS[word] for word in ("tcp", "udp", "sctp", "icmp", "gre", "esp", "ah", "ospf",
                                             "vrrp", "igmp", "pim")}
_PORT_WORDS = {"tcp", "udp", "sctp"}
_ICMPV6 = 58  # an IPv4 rule cannot name it
_OCTETS = {str(n): n for n in range(256)}  # the canonical spellings
_CACHE_SIZE = 1 << 16


def _address_value(text: str) -> int | None:
    """A dotted quad's value; None unless it has four octets each written the canonical way."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    a, b, c, d = map(_OCTETS.get, parts)
    if a is None or b is None or c is None or d is None:
        return None
    return a << 24 | b << 16 | c << 8 | d


def _number(text: str) -> int | None:
    """A canonical decimal (no leading zero) or None."""
    return int(text) if text[0] != "0" or len(text) == 1 else None


def _read_side(text: str):
    """None for any address, else ((value, length, 32),) (a Prefix's fields); False when outside the
    plain shape (an address not spelt canonically, a length past 32, host bits set)."""
    if text == "any":
        return None
    if text.startswith("host "):
        value = _address_value(text[5:])
        return False if value is None else ((value, 32, 32),)
    address, length = text.split("/")
    value, n = _address_value(address), _number(length)
    if value is None or n is None or n > 32 or value & ((1 << (32 - n)) - 1):
        return False
    return ((value, n, 32),) if n else None  # 0.0.0.0/0: any IPv4 address


def _read_ports(text: str):
    """The ranges of a port clause; False when outside the plain shape."""
    if text[0] in "<>!":
        value = _number(text[3:])
        if value is None or value > 0xFFFF:
            return False
        if text[0] == "<":
            return ((0, value),)
        if text[0] == ">":
            return ((value, 0xFFFF),)
        return tuple(s for s in ((0, value - 1), (value + 1, 0xFFFF)) if s[0] <= s[1])
    lo, _, hi = text.partition("-")
    lo, hi = _number(lo), _number(hi) if hi else _number(lo)
    return ((lo, hi),) if lo is not None and hi is not None and lo <= hi <= 0xFFFF else False


def _cached(cache: dict, read, text):
    found = cache.get(text, cache)
    if found is cache:
        found = read(text)
        if len(cache) > _CACHE_SIZE:
            cache.clear()
        cache[text] = found
    return found


_SIDES: dict = {}
_PORTS: dict = {}


def read_plain_rule(line: str) -> tuple | None:
    """The meaning of one rule line in the plain shape, as :func:`rule_meaning` spells it; None when
    the line is not in that shape (the front end must then read it)."""
    found = _PLAIN_RULE(line)
    if found is None:
        return None
    action, word, number, src, src_ports, dst, dst_ports, icmp_type, icmp_code, log = found.groups()
    if word is not None:
        proto = _WORDS.get(word)
        if proto is None:
            return None
    elif number is not None:
        proto = _number(number)
        if proto is None or proto > 255 or proto == _ICMPV6:
            return None
    else:
        proto = None
    src, dst = _cached(_SIDES, _read_side, src), _cached(_SIDES, _read_side, dst)
    if src is False or dst is False:
        return None
    if src_ports is not None or dst_ports is not None:
        if word not in _PORT_WORDS:
            return None
        if src_ports is not None:
            src_ports = _cached(_PORTS, _read_ports, src_ports)
            if src_ports is False:
                return None
        if dst_ports is not None:
            dst_ports = _cached(_PORTS, _read_ports, dst_ports)
            if dst_ports is False:
                return None
    if icmp_type is not None:
        if word != "icmp":
            return None
        icmp_type = _number(icmp_type)
        if icmp_type is None or icmp_type > 255:
            return None
        if icmp_code is not None:
            icmp_code = _number(icmp_code)
            if icmp_code is None or icmp_code > 255:
                return None
    return (action, 4, proto, src, src_ports, dst, dst_ports, icmp_type, icmp_code,
            None, None, None, log is not None)


def _addresses(addrs):
    """None for any address, else the prefixes (Prefix is a tuple: value, length, width)."""
    if addrs is None:
        return None
    prefixes = tuple(addrs.prefixes)
    if len(prefixes) == 1 and prefixes[0].length == 0:
        return None
    return prefixes


def _port_spans(ports):
    """The ranges sorted and merged (PortRange is a tuple: lo, hi)."""
    if ports is None or len(ports) == 1:
        return ports if ports is None else tuple(ports)
    return normalize_ranges(ports)


def rule_meaning(rule: ImportedRule) -> tuple:
    """What an imported rule means, in the form :func:`read_plain_rule` gives (tuples compare equal
    to the Prefix and PortRange named tuples)."""
    m = rule.match
    return (rule.action, m.family, m.proto, _addresses(m.src), _port_spans(m.src_ports),
            _addresses(m.dst), _port_spans(m.dst_ports), m.icmp_type, m.icmp_code,
            m.in_ports, m.ct_state, m.tcp_flags, bool(rule.log))


_FIELDS = ("action", "family", "protocol", "source addresses", "source ports", "destination addresses",
           "destination ports", "ICMP type", "ICMP code", "in-port", "state", "TCP flags", "log")


def _difference(read: tuple, meant: tuple) -> str:
    return "; ".join(f"{name} {got!r} instead of {want!r}"
                     for name, got, want in zip(_FIELDS, read, meant) if got != want)


def verify_rendered(text: str, result: ImportResult, rule_lines: list[list[tuple[int, ImportedRule]]],
                    label: str) -> int:
    """Raise CheckFailed unless ``text`` is valid aclc source with the ACLs of ``result`` (names,
    defaults, rules in order) whose plain rule lines say what their rules mean. ``rule_lines`` is,
    per ACL, (line number, rule) of every rule as the renderer wrote them
    (:func:`~aclc.importers.render.render_with_rule_lines`). Returns how many rule lines were
    confirmed by reading them back (the others went through the front end)."""
    from ..frontend import parse_policies_text

    if len(rule_lines) != len(result.acls):
        raise CheckFailed(f"{label}: {len(rule_lines)} ACLs rendered for {len(result.acls)} imported")
    lines = text.split("\n")
    confirmed = 0
    for acl, marks in zip(result.acls, rule_lines):
        if len(marks) != len(acl.rules) or any(rule is not meant for (_, rule), meant in zip(marks, acl.rules)):
            raise CheckFailed(f"{label}: the rules of acl {acl.name} are not rendered once each in their order")
        # Every rule line lies inside the block of the ACL's first rule (which the front end reads
        # below, and which must be found in that ACL): from it to the block's closing brace.
        end = _block_end(lines, marks[0][0]) if marks else 0
        previous = 0
        for k, (number, rule) in enumerate(marks):
            if number <= previous or number >= end:
                raise CheckFailed(f"{label}:{number}: acl {acl.name}: a rule line out of order or outside its "
                                  "acl block")
            previous = number
            line = lines[number - 1]
            read = read_plain_rule(line)
            if read is None:
                continue  # the front end reads it below
            meant = rule_meaning(rule)
            if read != meant:
                raise CheckFailed(f"{label}:{number}: the generated rule '{line.strip()}' does not say what the "
                                  f"import means ({_difference(read, meant)}); source line {rule.line}: "
                                  f"{rule.source.strip()}")
            # The first rule stays for the front end (an ACL needs one), and so does a rule with a remark.
            if k and rule.remark is None:
                lines[number - 1] = ""
                confirmed += 1
    try:
        policies = parse_policies_text("\n".join(lines), label)
    except AclcError as error:  # a translation bug, never the user's input
        raise CheckFailed(f"the generated aclc source does not parse: {error}") from None
    names = [acl.name for acl in result.acls]
    if list(policies) != names:
        raise CheckFailed(f"{label}: the generated source defines acls {list(policies)}, not {names}")
    for acl, marks in zip(result.acls, rule_lines):
        policy = policies[acl.name]
        if policy.default_action.value != acl.default_action:
            raise CheckFailed(f"{label}: acl {acl.name} has default {policy.default_action.value}, "
                              f"not {acl.default_action}")
        if marks and not any(r.origin.line == marks[0][0] for r in policy.rules):
            raise CheckFailed(f"{label}:{marks[0][0]}: the first rule of acl {acl.name} is not in that acl")
    return confirmed


def _block_end(lines: list[str], start: int) -> int:
    """The line number of the first line after ``start`` that is only the closing brace (the
    renderer indents every other one); past the end when there is none."""
    for number in range(start, len(lines)):
        if lines[number] == "}":
            return number + 1
    return len(lines) + 1
