"""The parser: every construct becomes the right AST node at the right position."""

from __future__ import annotations

import pytest

import aclc.frontend.ast as ast
from aclc.errors import AclcError, SourcePos
from aclc.frontend.parse import MAX_NESTING, parse_file, parse_text
from aclc.policy import Prefix


def only_acl(text: str) -> ast.Acl:
    (acl,) = [s for s in parse_text(text, "t.acl").statements if isinstance(s, ast.Acl)]
    return acl


def only_rule(body: str) -> ast.RuleStmt:
    (rule,) = [i for i in only_acl("acl a {\n" + body + "\n}").items if isinstance(i, ast.RuleStmt)]
    return rule


def test_statements_and_positions():
    parsed = parse_text('include "x.acl"\ndefinitions "d.yaml"\nnetwork N = 10.0.0.0/8\n'
                        'service S = tcp 80\nacl a { permit ip }\n', "f.acl")
    kinds = [type(s) for s in parsed.statements]
    assert kinds == [ast.Include, ast.DefinitionsRef, ast.NetworkDef, ast.ServiceDef, ast.Acl]
    assert parsed.statements[0].path == "x.acl"
    assert parsed.statements[2].pos == SourcePos("f.acl", 3, 9)
    assert parsed.statements[4].pos == SourcePos("f.acl", 5, 5)


def test_semicolons_and_comments_are_optional_separators():
    acl = only_acl("acl a { # comment\n permit ip; deny ip ;; } ;")
    assert [i.action for i in acl.items] == ["permit", "deny"]


def test_rule_with_every_option():
    rule = only_rule('permit icmp from any to any type echo-request code 0 in-port 1, 2 log name "x"')
    assert rule.icmp_type.value == "echo-request" and rule.icmp_code.value == 0
    assert [p for p, _ in rule.in_ports] == [1, 2]
    assert rule.log and rule.name == "x"
    assert rule.pos == SourcePos("t.acl", 2, 1)


def test_in_port_braces_and_name_word():
    rule = only_rule("deny all in-port {3, 4,} name lldp")
    assert [p for p, _ in rule.in_ports] == [3, 4] and rule.name == "lldp"
    assert isinstance(rule.match, ast.AllMatch)


def test_family_and_protocol_forms():
    assert only_rule("permit ipv6 tcp").match.family == "ipv6"
    match = only_rule("permit proto 47 from any").match
    assert match.protocol.number == 47 and match.protocol.name is None
    assert only_rule("permit 50").match.protocol.number == 50
    assert only_rule("permit icmpv6").match.protocol.number == 58
    assert only_rule("permit ethertype 0x88cc").match.value == 0x88CC


def test_addresses():
    match = only_rule("permit ip from host 10.1.2.3, !{ 10.0.0.0/8, any6 }, N to 2001:db8::/32").match
    literal, negated, name = match.src.addresses
    assert literal.prefix == Prefix(0x0A010203, 32, 32)
    assert isinstance(negated, ast.Negated) and isinstance(negated.item, ast.Group)
    assert [type(i) for i in negated.item.items] == [ast.AddrLiteral, ast.AnyAddr]
    assert negated.item.items[1].family == 6
    assert name == ast.NameRef("N", SourcePos("t.acl", 2, 54))
    assert match.dst.addresses[0].prefix.width == 128


def test_ports():
    match = only_rule("permit tcp from any port 80, 80-90, >= 1024, != 8, !9, !10-20, http, !smtp to any").match
    items = match.src.ports
    assert [(i.op, i.lo, i.hi, i.negated) for i in items[:6]] == [
        ("==", 80, None, False), ("==", 80, 90, False), (">=", 1024, None, False),
        ("==", 8, None, True), ("==", 9, None, True), ("==", 10, 20, True)]
    assert items[6] == ast.PortName("http", False, items[6].pos)
    assert items[7].negated


def test_service_list_continuation_braces_and_refs():
    (svc,) = parse_text("service S = tcp 80, 443, udp {53}, icmp type 8 code 0, OTHER, proto 47").statements
    tcp, udp, icmp, ref, gre = svc.items
    assert [p.lo for p in tcp.ports] == [80, 443]
    assert [p.lo for p in udp.ports] == [53]
    assert icmp.icmp_type.value == 8 and icmp.icmp_code.value == 0
    assert ref == ast.ServiceRef("OTHER", ref.pos)
    assert gre.protocol.number == 47 and gre.ports is None


def test_bare_port_without_protocol_is_an_error():
    with pytest.raises(AclcError, match="continues the protocol") as error:
        parse_text("service S = OTHER, 443", "s.acl")
    assert error.value.pos == SourcePos("s.acl", 1, 20)


def test_acl_items():
    acl = only_acl('acl a { default permit log\n non-ip deny arp log\n remark "r"\n permit ip }')
    default, nonip, remark, rule = acl.items
    assert default == ast.DefaultStmt("permit", True, SourcePos("t.acl", 1, 9))
    assert nonip.action == "deny" and nonip.arp_only and nonip.log
    assert remark.text == "r"


def test_keywords_are_words_not_prefixes():
    rule = only_rule("permit tcp from typeset to logger")
    assert [a.name for a in rule.match.src.addresses] == ["typeset"]
    assert [a.name for a in rule.match.dst.addresses] == ["logger"]


def test_string_escapes():
    acl = only_acl(r'acl a { remark "say \"hi\"" permit ip }')
    assert acl.items[0].text == 'say "hi"'


@pytest.mark.parametrize("text, message, line, column", [
    ("acl a { permit tcp from }", "unexpected '}'; expected", 1, 25),
    ("acl a {", "unexpected end of file", 1, 8),
    ("acl a { permit @ }", "unexpected character '@'", 1, 16),
    ("acl a {\n  permit tcp to any port 80 80\n}", "unexpected '80'", 2, 29),
    ("network = 10.0.0.0/8", "expected a name", 1, 9),
])
def test_syntax_errors_say_where_and_what(text, message, line, column):
    with pytest.raises(AclcError) as error:
        parse_text(text, "bad.acl")
    assert message in error.value.message
    assert "__ANON" not in error.value.message and "$END" not in error.value.message
    assert error.value.pos == SourcePos("bad.acl", line, column)
    source_line = text.split("\n")[line - 1]
    assert error.value.detail.splitlines()[0].strip() == source_line.strip()
    assert error.value.detail.splitlines()[1].index("^") == 4 + column - 1


@pytest.mark.parametrize("text, message", [
    ("network N = 10.1.2.3/8", "host bits set (did you mean 10.0.0.0/8?)"),
    ("network N = 10.0.0.0/33", "longer than 32 bits"),
    ("network N = 10.0.0.300", "invalid IPv4 address"),
    ("network N = 2001:db8::1::2", "invalid IPv6 address"),
    ("network N = 2001:db8::/129", "longer than 128 bits"),
    ("network N = host 10.0.0.0/8", "'host' takes a single address"),
    ("network tcp = 10.0.0.0/8", "keyword of the language"),
])
def test_invalid_addresses(text, message):
    with pytest.raises(AclcError) as error:
        parse_text(text, "a.acl")
    assert message in error.value.message
    assert error.value.pos.line == 1 and error.value.pos.column >= 9


def test_deep_nesting_is_refused_not_a_crash():
    deep = "{ " * 5000 + "10.0.0.0/8" + " }" * 5000
    with pytest.raises(AclcError, match=f"deeper than {MAX_NESTING}"):
        parse_text(f"network N = {deep}")
    negations = "!" * 5000 + "10.0.0.0/8"
    with pytest.raises(AclcError, match="deeper than"):
        parse_text(f"network N = {negations}")


def test_nesting_up_to_the_limit_parses():
    nested = "{ " * (MAX_NESTING - 1) + "10.0.0.0/8" + " }" * (MAX_NESTING - 1)
    (network,) = parse_text(f"network N = {nested}").statements
    assert network.items[0].depth == MAX_NESTING - 1


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.acl"
    path.write_bytes(b"acl a {\n  remark \"caf\xe9\"\n  permit ip\n}\n")
    with pytest.raises(AclcError, match="not valid UTF-8") as error:
        parse_file(path)
    assert error.value.pos == SourcePos(str(path), 2, 14)
    assert "offset 21" in error.value.message


def test_missing_file(tmp_path):
    with pytest.raises(AclcError, match="file not found"):
        parse_file(tmp_path / "nope.acl")


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.acl"
    path.write_bytes("\ufeffacl a { permit ip }\n".encode())
    assert parse_file(path).statements[0].name == "a"
