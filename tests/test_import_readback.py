"""The read-back that confirms generated source without parsing every rule with the front end.

Plain rule lines are read by one regular expression and compared with the rule the import meant;
the rest of the text goes through the real front end. These tests show that the reader accepts
only lines the front end reads the same way, that the renderer's plain lines read back as their
rules, and that a deliberately broken renderer is caught (nothing is written).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.cli import main
from aclc.errors import AclcError, CheckFailed
from aclc.frontend import parse_policy_text
from aclc.importers import cisco, render
from aclc.importers.model import AddrSet, ImportedRule, Match
from aclc.importers.readback import read_plain_rule, rule_meaning, verify_rendered
from aclc.policy import ETH_IPV4, PortRange, Prefix

# ---------------------------------------------------------------- the reader is a subset of the language

# Odd values (out of range, leading zeros, host bits set, a protocol without ports) come up often
# enough to be tried; most lines are drawn consistent so that the reader takes them.
ODD_NUMBERS = st.sampled_from(["256", "65536", "99999", "00", "08"])
ODD_ADDRESSES = st.sampled_from(["10.01.2.3", "256.1.1.1", "1.2.3", "1.2.3.4.5", "010.0.0.0"])
ODD_PROTOS = st.sampled_from([" icmpv6", " proto 58", " proto 300", " proto 06"])


def numbers(top, odd):
    return st.integers(0, top).map(str) | (ODD_NUMBERS if odd else st.nothing())


def dotted(value):
    return ".".join(str(value >> shift & 255) for shift in (24, 16, 8, 0))


@st.composite
def sides(draw, port_protocol, odd):
    kind = draw(st.sampled_from(["any", "host", "prefix"]))
    if kind == "any":
        text = "any"
    elif kind == "host":
        text = f"host {draw(st.integers(0, 0xFFFFFFFF).map(dotted) | (ODD_ADDRESSES if odd else st.nothing()))}"
    else:
        length = draw(st.integers(0, 33 if odd else 32))
        value = draw(st.integers(0, 0xFFFFFFFF))
        if not (odd and draw(st.booleans())):
            value = value >> (32 - length) << (32 - length) if 0 < length <= 32 else 0
        text = f"{dotted(value)}/{length}"
    port = draw(st.sampled_from(["", "single", "range", "cmp"])) if port_protocol or odd else ""
    n = numbers(0xFFFF, odd)
    if port == "single":
        text += f" port {draw(n)}"
    elif port == "range":
        lo, hi = draw(n), draw(n)
        if not odd and int(lo) > int(hi):
            lo, hi = hi, lo
        text += f" port {lo}-{hi}"
    elif port == "cmp":
        text += f" port {draw(st.sampled_from(['<=', '>=', '!=']))} {draw(n)}"
    return text


@st.composite
def rule_lines(draw):
    odd = draw(st.integers(0, 3)) == 0
    proto = draw(st.sampled_from(["", " tcp", " udp", " sctp", " icmp", " gre", " ospf", " pim", " proto 6",
                                  " proto 17", " proto 1", " proto 0", " proto 255"]) | (ODD_PROTOS if odd
                                                                                       else st.nothing()))
    ports = proto in (" tcp", " udp", " sctp")
    tail = ""
    if proto == " icmp" or odd:
        icmp = draw(st.sampled_from(["", "type", "code"]))
        if icmp:
            tail = f" type {draw(numbers(255, odd))}" + (f" code {draw(numbers(255, odd))}" if icmp == "code" else "")
    return (f"    {draw(st.sampled_from(['permit', 'deny']))} ipv4{proto} from {draw(sides(ports, odd))} "
            f"to {draw(sides(ports, odd))}{tail}{draw(st.sampled_from(['', ' log']))}")


def front_end_meaning(line: str) -> tuple:
    """The front end's reading of one rule line, in read_plain_rule's form."""
    policy = parse_policy_text(f"acl t {{\n    default deny\n{line}\n}}\n", "t.acl")
    (rule,) = [r for r in policy.rules if r.origin.line == 3]
    assert rule.eth_type == ETH_IPV4

    def addresses(prefixes):
        return None if prefixes is None or prefixes == (Prefix(0, 0, 32),) else tuple(prefixes)

    def ports(ranges):
        return None if ranges is None or tuple(ranges) == (PortRange(0, 0xFFFF),) else tuple(ranges)

    return (rule.action.value, 4, rule.ip_proto, addresses(rule.src), ports(rule.src_ports), addresses(rule.dst),
            ports(rule.dst_ports), rule.icmp_type, rule.icmp_code, rule.in_ports, rule.ct_state, rule.tcp_flags,
            rule.log)


def comparable(meaning: tuple) -> tuple:
    """A whole port range is no port constraint (for a protocol with ports, the same packets)."""
    full = ((0, 0xFFFF),)
    return tuple(None if i in (4, 6) and v == full else v for i, v in enumerate(meaning))


@settings(max_examples=400, deadline=None)
@given(rule_lines())
def test_a_line_the_reader_takes_means_the_same_to_the_front_end(line):
    read = read_plain_rule(line)
    if read is None:
        return
    try:
        expected = front_end_meaning(line)
    except AclcError as error:
        pytest.fail(f"the reader takes {line!r}, which the front end refuses: {error}")
    assert comparable(read) == comparable(expected), line


@pytest.mark.parametrize("line", [
    "    permit ipv4 tcp from 10.1.0.1/16 to any",          # host bits set
    "    permit ipv4 icmp from any port 80 to any",         # ports need tcp, udp or sctp
    "    permit ipv4 proto 58 from any to any",             # icmpv6 in an IPv4 rule
    "    permit ipv4 tcp from any to any type 3",           # a type needs icmp
    "    permit ipv4 tcp from any to any port 90-80",       # reversed range
    "    permit ipv4 tcp from host 10.1.2.03 to any",       # not the canonical spelling
    "    permit ipv4 tcp from any to any port 65536",
    "    permit ipv4 tcp from any to any established",      # not the plain shape
    "    permit ipv4 tcp from any to net1",
    "    permit ipv6 tcp from any to any",
    "  permit ipv4 tcp from any to any",                    # not the renderer's indent
])
def test_lines_outside_the_plain_shape_are_left_to_the_front_end(line):
    assert read_plain_rule(line) is None


# ---------------------------------------------------------------- the renderer's plain lines read back

PORT_SETS = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF)).map(lambda t: (PortRange(min(t), max(t)),)),
    st.integers(1, 0xFFFE).map(lambda v: (PortRange(0, v - 1), PortRange(v + 1, 0xFFFF))),
)


@st.composite
def addr_sets(draw):
    if draw(st.booleans()):
        return None
    length = draw(st.integers(0, 32))
    value = draw(st.integers(0, 0xFFFFFFFF)) >> (32 - length) << (32 - length) if length else 0
    return AddrSet((Prefix(value, length, 32),))


@st.composite
def imported_rules(draw):
    proto = draw(st.sampled_from([None, 6, 17, 132, 1, 47, 89]))
    ports = proto in (6, 17, 132)
    icmp_type = draw(st.none() | st.integers(0, 255)) if proto == 1 else None
    icmp_code = draw(st.none() | st.integers(0, 255)) if icmp_type is not None else None
    match = Match(4, proto, draw(addr_sets()), draw(addr_sets()),
                  draw(PORT_SETS) if ports else None, draw(PORT_SETS) if ports else None, icmp_type, icmp_code)
    return ImportedRule(draw(st.sampled_from(["permit", "deny"])), match, draw(st.booleans()), 1, "x")


@settings(max_examples=400, deadline=None)
@given(imported_rules())
def test_rendered_plain_rules_read_back_as_what_they_mean(rule):
    read = read_plain_rule("    " + render.rule_text(rule))
    assert read is not None, render.rule_text(rule)
    assert read == rule_meaning(rule)


# ---------------------------------------------------------------- a broken renderer is caught

CONFIG = """\
ip access-list extended EDGE
 remark the first rule
 permit tcp 10.1.0.0 0.0.255.255 host 192.168.1.10 eq 443
 permit udp any 10.2.0.0 0.0.0.255 range 5000 5100 log
 deny tcp host 10.9.9.9 any gt 1023
 permit icmp any any echo
 permit ip 10.3.0.0 0.0.6.255 any
 deny ip any any
"""


def import_config(tmp_path, capsys):
    src = tmp_path / "edge.cfg"
    src.write_text(CONFIG)
    out = tmp_path / "edge.acl"
    status = main(["import", "cisco", str(src), "-o", str(out)])
    return status, capsys.readouterr().err, out


def test_the_plain_rules_are_confirmed_by_reading_them_back(tmp_path):
    _, result = cisco.import_cisco(CONFIG, "edge.cfg")
    text, rule_lines = render.render_with_rule_lines(result)
    assert text == render.render(result)
    lines = text.split("\n")
    assert [lines[n - 1].strip() for n, _ in rule_lines[0]] == [render.rule_text(r) for r in result.acls[0].rules]
    # Five rules after the first are plain (the non-contiguous wildcard's prefix list is not).
    assert verify_rendered(text, result, rule_lines, "edge.acl") == 4


def test_unbroken_import_writes(tmp_path, capsys):
    status, err, out = import_config(tmp_path, capsys)
    assert status == 0, err
    assert out.exists()


def shifted_host(original):
    def prefix_text(p):
        if p.length == 32:
            p = Prefix(p.value + 1, 32, 32)  # a host one address off
        return original(p)
    return prefix_text


def off_by_one_ports(original):
    def ports_text(ports):
        text = original(ports)
        return f">= {int(text[3:]) + 1}" if text.startswith(">= ") else text
    return ports_text


def without_log(original):
    return lambda rule: original(replace(rule, log=False))


def misspelt(original):
    return lambda rule: original(rule).replace(" from ", " frm ", 1) if rule.match.proto == 17 else original(rule)


def misspelt_list(original):
    # A rule outside the plain shape (a prefix list): only the front end can catch it.
    return lambda rule: original(rule).replace(", ", " ; ", 1) if "{" in original(rule) else original(rule)


def reversed_rules(original):
    return lambda acl, indent="    ", rule_at=None: original(replace(acl, rules=acl.rules[::-1]), indent, rule_at)


def last_rule_after_the_block(original):
    def render_acl(acl, indent="    ", rule_at=None):
        out = original(acl, indent, rule_at)
        index, rule = rule_at.pop()
        line = out.pop(index)
        out.append(line)  # after the closing brace
        rule_at.append((len(out) - 1, rule))
        return out
    return render_acl


@pytest.mark.parametrize("name, breaks, expected", [
    ("prefix_text", shifted_host, "does not say what the import means"),
    ("ports_text", off_by_one_ports, "destination ports"),
    ("rule_text", without_log, "log False instead of True"),
    ("rule_text", misspelt, "does not parse"),
    ("rule_text", misspelt_list, "does not parse"),
    ("render_acl", reversed_rules, "not rendered once each in their order"),
    ("render_acl", last_rule_after_the_block, "outside its acl block"),
])
def test_a_broken_render_is_caught_and_nothing_is_written(tmp_path, capsys, monkeypatch, name, breaks, expected):
    monkeypatch.setattr(render, name, breaks(getattr(render, name)))
    status, err, out = import_config(tmp_path, capsys)
    assert status != 0
    assert expected in err, err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_wrong_plain_line_is_named_with_its_source_line():
    _, result = cisco.import_cisco(CONFIG, "edge.cfg")
    text, rule_lines = render.render_with_rule_lines(result)
    number, rule = rule_lines[0][2]  # the deny with gt 1023
    wrong = text.split("\n")
    wrong[number - 1] = wrong[number - 1].replace(">= 1024", ">= 1023")
    with pytest.raises(CheckFailed, match=rf"edge.acl:{number}: .* source line 5: deny tcp host 10.9.9.9 any gt 1023"):
        verify_rendered("\n".join(wrong), result, rule_lines, "edge.acl")


def test_rule_line_numbers_count_the_lines_of_wrapped_lists():
    hosts = "".join(f" host 10.9.0.{n}\n" for n in range(1, 9))
    text = (f"object-group network MANY\n{hosts}ip access-list extended W\n"
            " permit ip 10.3.0.0 0.0.14.255 any\n permit tcp object-group MANY any eq 22\n"
            " permit ip 10.3.0.0 0.0.14.255 host 10.1.1.1\n deny ip any any\n")
    _, result = cisco.import_cisco(text, "w.cfg")
    out, rule_lines = render.render_with_rule_lines(result)
    lines = out.split("\n")
    assert "network og-MANY =" in out or "network MANY =" in out
    assert sum("\n" in render.rule_text(r) for r in result.acls[0].rules) == 2  # two wrapped rules
    for number, rule in rule_lines[0]:
        assert lines[number - 1] == "    " + render.rule_text(rule).split("\n")[0]
    assert verify_rendered(out, result, rule_lines, "w.acl") == 1  # the last deny; the others are not plain
