"""The fast parse driver agrees with plain lark: the same syntax tree, or the same error.

Plain lark (``engine="lark"``) is the reference: the grammar, its contextual
lexer and its LALR parser. The generated texts lean on what a lexer can get
wrong: keywords as prefixes of names, keywords where only a name fits,
comments and odd blanks, strings with escapes, IPv6, ranges, negations, and
a position anywhere in the text (line, column, YAML offsets).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import aclc.frontend.fastparse as fastparse
from aclc.errors import AclcError
from aclc.frontend.parse import (_get_parser, _ipv4_value, _ipv4_value_by_pattern, _ipv4_value_by_socket,
                                 _parse_prefix)

ROOT = Path(__file__).resolve().parent.parent

KEYWORDS = """include definitions network service acl default non-ip remark ethertype from to port host
    code name proto permit deny log arp all any any4 any6 ip ipv4 ipv6 type icmp-type in-port in_port
    established fragments flags tcp-flags state time-range reflect evaluate tos dscp precedence ttl
    tcp udp sctp icmp icmpv6 gre esp ah ospf vrrp igmp pim""".split()
# Names that start like keywords, and keywords with a tail that makes them names.
NAMES = ["web", "permitted", "denyall", "logs", "any5", "anyx", "any4.x", "tcpx", "tcp-x", "from_", "to-x",
         "ipv", "ip6", "ipv4x", "hostname", "non-ipx", "type2", "in_portal", "in-port2", "est", "A.b-c", "_x",
         "portal", "protocol", "names", "icmp-types", "udp.x", "arpx", "allow", "stateful", "http", "ssh", "domain",
         "echo-request", "WEB", "CORP"]
ADDRESSES = ["10.0.0.0/8", "1.2.3.4", "0.0.0.0/0", "255.255.255.255", "01.2.3.4", "1.2.3.04", "256.1.1.1",
             "1.2.3.4/33", "10.0.0.1/8", "1.2.3.4/32", "999.1.1.1", "1.2.3", "1.2.3.4.5", "2001:db8::/32",
             "::1", "::", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "fe80::1/10", "2001:db8::1/129", "1::2::3",
             "2001:DB8::/48", "host 1.2.3.4", "host 10.0.0.0/8", "host ::1", "any", "any4", "any6", "!10.0.0.0/8",
             "!any6", "{1.2.3.4, !5.6.7.8}", "{ any4, }", "!{10.0.0.0/8, ::/0}", "CORP", "!CORP", "permit"]
PORTS = ["80", "80-90", "90-80", ">= 1024", ">1024", "<=1023", "< 1", "!=22", "!80", "!1000-2000", "http", "!ssh",
         "{80, 443,}", "{ 53 }", "0x50", "99999", "WEB", "65535", "0-65535"]
STRINGS = ['"web"', '"a \\"quoted\\" word"', '"tab\\there"', '""', '"back\\\\slash"', '"x\\ny"', '"#not a comment"']
BLANKS = [" ", "  ", "\t", "\n", "\r\n", "\f", " # a comment\n", "\n#permit ip\n", "\n\n    ", ";", " ; "]
OTHER = ["=", ",", "{", "}", "!", "-", ">=", "==", "0x0806", "0x", "6", "17", "300", "@", "é", '"open', "\\", "::"]


def blank(draw) -> str:
    return draw(st.sampled_from(BLANKS[:-2] if draw(st.booleans()) else BLANKS))


@st.composite
def words(draw, choices) -> str:
    return draw(st.sampled_from(choices))


@st.composite
def rule_text(draw) -> str:
    parts = [draw(st.sampled_from(["permit", "deny"]))]
    shape = draw(st.sampled_from(["ip", "service", "arp", "ethertype", "all"]))
    if shape == "ip":
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["ip", "ipv4", "ipv6"])))
        if draw(st.booleans()) or len(parts) == 1:
            parts.append(draw(st.sampled_from(["tcp", "udp", "icmp", "icmpv6", "sctp", "proto 47", "6", "gre"])))
    elif shape == "service":
        parts.append("service " + ", ".join(draw(st.lists(words(NAMES), min_size=1, max_size=3))))
    elif shape == "arp":
        parts.append("arp")
    elif shape == "ethertype":
        parts.append("ethertype " + draw(st.sampled_from(["0x0806", "2054", "0x88cc", "12"])))
    else:
        parts.append("all")
    if shape in ("ip", "service", "arp"):
        for side in ("from", "to"):
            if draw(st.booleans()):
                parts.append(side + " " + ", ".join(draw(st.lists(words(ADDRESSES), min_size=1, max_size=3))))
                if draw(st.booleans()):
                    parts.append("port " + ", ".join(draw(st.lists(words(PORTS), min_size=1, max_size=3))))
    for _ in range(draw(st.integers(0, 2))):
        parts.append(draw(st.sampled_from([
            "log", "type echo-request", "type 8", "icmp-type 3", "code 1", "in-port 1, 2", "in_port { 3, 4, }",
            'name "web"', "name web", "established", "tcp-flags syn ack", "tos 4", "name log"])))
    return " ".join(parts)


@st.composite
def statement(draw) -> str:
    kind = draw(st.sampled_from(["acl", "acl", "network", "service", "include", "definitions", "blank"]))
    if kind == "acl":
        items = []
        for _ in range(draw(st.integers(0, 4))):
            item = draw(st.sampled_from(["rule", "rule", "default", "nonip", "remark"]))
            if item == "rule":
                items.append(draw(rule_text()))
            elif item == "default":
                items.append("default " + draw(st.sampled_from(["permit", "deny", "deny log", "allow"])))
            elif item == "nonip":
                items.append("non-ip " + draw(st.sampled_from(["permit", "deny", "permit arp", "deny arp log"])))
            else:
                items.append("remark " + draw(st.sampled_from(STRINGS)))
        name = draw(st.sampled_from(NAMES + ["edge-in", "permit", "acl"]))
        return f"acl {name} {{" + "".join(blank(draw) + item for item in items) + blank(draw) + "}"
    if kind == "network":
        name = draw(st.sampled_from(NAMES + KEYWORDS[:6]))
        return f"network {name} = " + ", ".join(draw(st.lists(words(ADDRESSES), min_size=1, max_size=3)))
    if kind == "service":
        name = draw(st.sampled_from(NAMES + ["log", "tcp"]))
        elements = draw(st.lists(st.sampled_from(["tcp 80", "443", "udp 53", "tcp {80, 443}", "icmp type 8 code 0",
                                                  "WEB", "sctp", "proto 47", "icmpv6 type echo-request", "80-90"]),
                                 min_size=1, max_size=3))
        return f"service {name} = " + ", ".join(elements)
    if kind == "include":
        return "include " + draw(st.sampled_from(STRINGS))
    if kind == "definitions":
        return "definitions " + draw(st.sampled_from(STRINGS))
    return blank(draw)


@st.composite
def source_text(draw) -> str:
    text = "".join(draw(statement()) + blank(draw) for _ in range(draw(st.integers(0, 4))))
    # Now and then break it: a token dropped in, one taken out, or the text cut short.
    for _ in range(draw(st.integers(0, 2))):
        what = draw(st.sampled_from(["insert", "delete", "cut"]))
        at = draw(st.integers(0, len(text)))
        if what == "insert":
            token = draw(st.sampled_from(KEYWORDS + NAMES + ADDRESSES + PORTS + STRINGS + OTHER))
            text = text[:at] + draw(st.sampled_from(["", " "])) + token + " " + text[at:]
        elif what == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 6)):]
        else:
            text = text[:at]
    return text


def outcome(text: str, start: str, engine: str, line: int = 1, column: int = 1, fixed=None):
    parser = _get_parser()
    try:
        return "ok", parser.parse(text, "gen.acl", start, line - 1, column - 1, fixed, engine=engine)
    except AclcError as error:
        return "error", error.message, error.pos, error.detail


def assert_same(text: str, start: str = "start", line: int = 1, column: int = 1) -> None:
    reference = outcome(text, start, "lark", line, column)
    assert outcome(text, start, "auto", line, column) == reference
    if reference[0] == "ok":  # the fast driver alone reads it: valid text never needs plain lark
        assert outcome(text, start, "fast", line, column) == reference


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(source_text())
@example("acl a { permit ip from any to any }")
@example("acl permit { deny tcp from host 1.2.3.4 port 80 to any log name log }")
@example("network from = 10.0.0.0/8")
@example("acl x { permit ip from 10.0.0.0/8 #comment\n to any }\n# trailing comment")
@example("acl x {\r\n\tpermit tcp from !{10.0.0.0/8, any6} port !1000-2000, >= 1024 to ::ffff:1.2.3.4\r\n}")
@example("acl x { permit udp to any port 53 established log }")
@example("acl x { remark \"a\\\"b\" permit all in-port {1, 2,} }")
@example("acl x { permit ip from 01.2.3.4 }")
@example("acl x { permit ip from 1.2.3.4 ")
@example("acl x { permit ip from 1.2.3.4 } é")
def test_fast_driver_agrees_with_lark(text):
    assert_same(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rule_text(), min_size=1, max_size=12), st.lists(st.integers(0, 11), min_size=10, max_size=80),
       st.sampled_from(["\n  ", "\n\t", " ; ", "\n  # a comment\n  ", "\r\n"]))
def test_long_acls_of_mixed_rules_agree(rules, order, separator):
    """Many rules, shapes repeating in any order: the long item list and every shape after every other."""
    body = separator.join(rules[i % len(rules)] for i in order)
    assert_same(f"acl mixed {{{separator}{body}{separator}}}\n")


@SETTINGS
@given(st.lists(words(ADDRESSES), min_size=1, max_size=4), st.sampled_from(["", " ", "\n  ", " # c\n"]),
       st.integers(1, 40), st.integers(1, 20))
def test_yaml_address_items_agree(items, gap, line, column):
    assert_same(("," + gap).join(items), "addr_entry", line, column)


@SETTINGS
@given(st.lists(st.sampled_from(["tcp 80", "443", "udp 53-60", "tcp {80, 443,}", "icmp type 8 code 0", "WEB", "!80",
                                 "sctp", "proto 47", "icmpv6 type echo-request", "{ tcp 22 }", "log"]),
                min_size=1, max_size=4),
       st.integers(1, 40), st.integers(1, 20))
def test_yaml_service_items_agree(items, line, column):
    assert_same(", ".join(items), "svc_entry", line, column)


def test_every_example_and_test_file_takes_the_fast_path():
    files = sorted(ROOT.glob("examples/**/*.acl")) + sorted(ROOT.glob("tests/data/**/*.acl"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        if outcome(text, "start", "lark")[0] == "ok":
            fast = outcome(text, "start", "fast")
            assert fast[1] is not fastparse.NEEDS_LARK, path
            assert fast == outcome(text, "start", "lark"), path


def test_a_large_acl_agrees_and_keeps_every_position():
    lines = ["acl big {"]
    for i in range(3000):
        lines.append(f"  {'permit' if i % 2 else 'deny'} ipv4 tcp from 10.{i % 256}.{i // 256}.0/24 port {i} "
                     f"to host 192.168.{i % 256}.{(i * 7) % 256} port 1-{i + 1} # rule {i}")
    lines.append("}")
    text = "\n".join(lines)
    fast = outcome(text, "start", "fast")
    assert fast == outcome(text, "start", "lark")
    rules = fast[1].statements[0].items
    assert len(rules) == 3000
    assert (rules[-1].pos.line, rules[-1].pos.column) == (3001, 3)


# ---------------------------------------------------------------- IPv4 without ipaddress


def _reference_prefix(text: str):
    """What _parse_prefix said when every address went through ipaddress."""
    address, slash, length_text = text.partition("/")
    try:
        value = int(ipaddress.IPv4Address(address))
    except ValueError:
        return f"invalid IPv4 address '{address}'"
    length = int(length_text) if slash else 32
    if length > 32:
        return f"prefix length /{length} is longer than 32 bits in '{text}'"
    if value & ((1 << (32 - length)) - 1):
        return "host bits"
    return value, length


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=1, max_size=4), min_size=1, max_size=5),
       st.one_of(st.none(), st.integers(0, 40)))
@example(["1", "2", "3", "4"], None)
@example(["01", "2", "3", "4"], 8)
@example(["0", "0", "0", "0"], 0)
@example(["255", "255", "255", "256"], None)
@example(["٣", "2", "3", "4"], None)  # a non-ASCII digit: ipaddress refuses it
def test_ipv4_fast_path_matches_ipaddress(octets, length):
    address = ".".join(octets)
    text = address if length is None else f"{address}/{length}"
    fast = _ipv4_value(address)
    if fast is not None:
        assert fast == int(ipaddress.IPv4Address(address))
    _parse_prefix.cache_clear()
    result = _parse_prefix(text, 4)
    expected = _reference_prefix(text)
    if isinstance(expected, tuple):
        assert (result.value, result.length) == expected
    elif expected == "host bits":
        assert isinstance(result, str) and "host bits set" in result
    else:
        assert result == expected


# ---------------------------------------------------------------- faster frozen dataclasses


def test_fast_constructors_build_the_same_objects():
    import dataclasses

    import aclc.frontend.ast as ast
    from aclc.errors import SourcePos
    from aclc.fastinit import constructor, fast_init
    from aclc.policy import Action, Rule

    make_pos = constructor(SourcePos)
    assert make_pos is not SourcePos
    pos = make_pos("a.acl", 3, 7)
    assert pos == SourcePos("a.acl", 3, 7) and hash(pos) == hash(SourcePos("a.acl", 3, 7))
    assert make_pos("a.acl", 3) == SourcePos("a.acl", 3) and pos > SourcePos("a.acl", 3, 6)
    make_rule = constructor(Rule)
    assert make_rule(0, Action.DENY, pos) == Rule(0, Action.DENY, pos)
    assert make_rule(1, Action.PERMIT, pos, None, 6, log=True) == Rule(1, Action.PERMIT, pos, None, 6, log=True)

    # The syntax nodes keep every dataclass behaviour: keywords, defaults, frozen, replace.
    stmt = ast.RuleStmt("permit", ast.AllMatch(pos), pos, log=True)
    assert stmt.unsupported == () and stmt.log and stmt.name is None
    try:
        stmt.log = False
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a syntax node can be changed")
    assert dataclasses.replace(stmt, log=False) == ast.RuleStmt("permit", ast.AllMatch(pos), pos)

    # What the plain __init__ does more than storing fields stays as it is.
    @fast_init
    @dataclasses.dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self):
            if self.value < 0:
                raise ValueError("negative")

    @fast_init
    @dataclasses.dataclass(frozen=True)
    class WithFactory:
        items: list = dataclasses.field(default_factory=list)

    @fast_init
    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        value: int

    try:
        Checked(-1)
    except ValueError:
        pass
    else:
        raise AssertionError("__post_init__ skipped")
    assert WithFactory().items == [] and WithFactory().items is not WithFactory().items
    assert Slotted(2).value == 2
    assert constructor(Checked) is Checked and constructor(WithFactory) is WithFactory


# ---------------------------------------------------------------- the fast driver really engages


def test_the_fast_driver_reads_typical_sources_without_plain_lark(monkeypatch):
    """aclc.frontend.fastparse drives lark's private LALR modules, and the parser quietly falls back to plain
    lark when the driver cannot be built or gives up: right, but several times slower. This fails
    when a new lark (or a grammar change) stops the driver from engaging on ordinary text."""
    from aclc.frontend import load_policy
    from aclc.frontend.parse import parse_addr_items, parse_file, parse_service_items

    parser = _get_parser()
    assert parser.fast is not None, "fastparse.FastParser refused this lark's tables: every parse uses plain lark"
    calls = []
    plain_parse = parser.lark.parse

    def counted(*args, **kwargs):
        calls.append(str(args[0])[:60])
        return plain_parse(*args, **kwargs)

    monkeypatch.setattr(parser.lark, "parse", counted)
    tree = parse_file(ROOT / "examples" / "office.acl")
    assert [type(s).__name__ for s in tree.statements].count("Acl") == 1
    assert parse_addr_items("10.0.0.0/8, !host 10.1.2.3", "defs.yaml", 3, 9)
    assert parse_service_items("tcp {80, 443}, udp 53", "defs.yaml", 4, 9)
    policy = load_policy(ROOT / "examples" / "datacenter.acl",
                         definitions=[ROOT / "examples" / "datacenter-defs.yaml"])
    assert policy.rules
    assert calls == [], f"plain lark parsed {len(calls)} text(s) the fast driver should have read"

    # The counter itself works: a syntax error goes to plain lark for lark's own message.
    try:
        parse_service_items("tcp {80,", "defs.yaml", 1, 1)
    except AclcError:
        pass
    assert len(calls) == 1


def test_lark_is_pinned_below_its_next_minor_version():
    """The driver reads lark internals that may change in any minor release: pyproject.toml allows
    one minor version only, and it is the one installed (the one the driver was tried against)."""
    import importlib.metadata
    import re

    pins = re.findall(r'"lark>=(\d+)\.(\d+)(?:\.(\d+))?,<(\d+)\.(\d+)"', (ROOT / "pyproject.toml").read_text())
    assert len(pins) == 1, "pyproject.toml: lark needs a pin like lark>=1.3.1,<1.4"
    major, minor, patch, below_major, below_minor = (int(x or 0) for x in pins[0])
    assert (below_major, below_minor) == (major, minor + 1)
    installed = tuple(int(x) for x in re.findall(r"\d+", importlib.metadata.version("lark"))[:3])
    assert (major, minor, patch) <= installed < (below_major, below_minor)


def test_syntax_nodes_behave_as_frozen_dataclasses():
    """fastinit.frozen_record makes every syntax node without dataclass's generated methods: each
    still does what ``@dataclass(frozen=True)`` would make it do, field by field."""
    import dataclasses

    import aclc.frontend.ast as ast
    import aclc.frontend.normalize as normalize
    from aclc.errors import SourcePos

    classes = [value for value in vars(ast).values()
               if isinstance(value, type) and value.__module__ == ast.__name__ and dataclasses.is_dataclass(value)]
    classes += [normalize.AddressSet, normalize.ServiceEntry]
    assert len(classes) >= 33
    pos = SourcePos("n.acl", 2, 3)
    for cls in classes:
        fields = dataclasses.fields(cls)
        reference = dataclasses.make_dataclass(
            cls.__name__, [(f.name, f.type) if f.default is dataclasses.MISSING else (f.name, f.type, f.default)
                           for f in fields], frozen=True)
        values = [pos if f.name == "pos" else (f"v{i}",) for i, f in enumerate(fields)]
        other = list(values)
        other[-1] = ("changed",)
        made, same, changed = cls(*values), cls(*values), cls(*other)
        ref, ref_changed = reference(*values), reference(*other)
        assert repr(made) == repr(ref) and str(made) == str(ref)
        assert made == same and hash(made) == hash(same) and hash(made) == hash(ref)
        assert (made == changed) == (ref == ref_changed) and (made != changed) == (ref != ref_changed)
        assert made != ref and made.__eq__(ref) is NotImplemented  # another class: never equal
        assert cls.__match_args__ == reference.__match_args__
        assert [(f.name, f.default) for f in fields] == [(f.name, f.default) for f in dataclasses.fields(reference)]
        assert cls(**{f.name: v for f, v in zip(fields, values)}) == made
        assert dataclasses.replace(made, **{fields[-1].name: ("changed",)}) == changed
        for name in (fields[0].name, "other"):
            for change in (lambda: setattr(made, name, 1), lambda: delattr(made, name)):
                try:
                    change()
                except dataclasses.FrozenInstanceError as error:
                    assert name in str(error)
                else:
                    raise AssertionError(f"{cls.__name__}.{name} can be changed")
        defaults = [f for f in fields if f.default is not dataclasses.MISSING]
        if defaults:
            required = [v for f, v in zip(fields, values) if f.default is dataclasses.MISSING]
            assert cls(*required) == cls(*required, *[f.default for f in defaults])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.x/ +-\t\x00\u0663abf", max_size=18))
@example("1.2.3.4")
@example("01.2.3.4")
@example("1.2.3.04")
@example("0.0.0.0")
@example("1.2.3")
@example("1.2.3.4.5")
@example("255.255.255.255")
@example("256.0.0.0")
@example(" 1.2.3.4")
@example("1.2.3.4\x00")
@example("1.2.3.\u0663")
@example("0x7f.0.0.1")
def test_inet_pton_takes_the_texts_the_pattern_takes(text):
    """The C library's reading of a dotted quad (used when it agrees on known samples) gives the
    pattern's value for every text: the same ones refused, the same values for the others."""
    assert _ipv4_value_by_socket(text) == _ipv4_value_by_pattern(text)
