"""Whole rules read in one match (parse._rule_reader) give what the token-by-token parse gives.

The reader takes rules in the shape imports write (a family, a protocol, from and to with one
IPv4 address or any and one port item each); plain lark stays the reference, for the tree, the
positions and every error. Texts here mix the shapes it takes with near misses it must leave to
the parse driver: a clause continued on the next line, lists, names, options, odd spacing.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import aclc.frontend.parse as parse
from aclc.policy import PortRange
from tests.test_parse_fast import assert_same, outcome

ADDRESSES = ["any", "any4", "any6", "host 1.2.3.4", "1.2.3.4", "10.0.0.0/8", "0.0.0.0/0", "10.0.0.1/8",
             "1.2.3.4/33", "256.1.1.1", "01.2.3.4", "host 10.0.0.0/8", "host\t1.2.3.4", "1.2.3.4/32",
             "::1", "CORP", "1.2.3.4, 5.6.7.8", "!1.2.3.4", "{1.2.3.4}", "1.2.3.4x", "1.2.3.4.5"]
PORTS = ["80", "0x50", "1-2", "1 - 65535", "90-80", ">= 1024", ">1024", "<=1023", "< 1", "!= 22", "!=22", "== 7",
         "99999", "http", "80, 443", "!80", "{80}", "80x", "0x", "0-65535"]
GAPS = [" ", "  ", "\t", "\n    ", " # c\n  "]
AFTER = ["\n    ", " ", "", " ; ", "\n    # c\n    ", "\n  port 80\n    ", " log\n    ", ",1.2.3.4\n    ",
         " name web\n    "]


@st.composite
def shaped_rule(draw) -> str:
    parts = [draw(st.sampled_from(["permit", "deny"]))]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["ip", "ipv4", "ipv6", "ipv4x"])))
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["tcp", "udp", "icmp", "icmpv6", "gre", "proto 47", "proto 0x11",
                                           "6", "tcpx", "proto"])))
    for side in ("from", "to"):
        if draw(st.integers(0, 3)):
            parts.append(side)
            parts.append(draw(st.sampled_from(ADDRESSES)))
            if draw(st.booleans()):
                parts.append("port")
                parts.append(draw(st.sampled_from(PORTS)))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(GAPS if draw(st.integers(0, 5)) == 0 else [" "])) + part
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(shaped_rule(), st.sampled_from(AFTER)), min_size=1, max_size=8))
@example([("permit ipv4 tcp from any to any", "\n  port 80\n    ")])
@example([("deny ip from host 1.2.3.4/32 to any", "\n")])
@example([("permit ipv4 udp from 10.0.0.1/8 to any port 53", "\n")])
@example([("permit ipv4 tcp from any to any port 80", "permit ip")])
@example([("permit ipv4 tcp from 1.2.3.4 port != 22 to host 5.6.7.8 port 0x50", " ; ")])
def test_rules_read_whole_agree_with_lark(rules):
    body = "".join(rule + after for rule, after in rules)
    assert_same(f"acl r {{\n    {body}\n}}\n")


def test_the_reader_takes_the_rules_imports_write(monkeypatch):
    taken = []
    real = parse._rule_reader

    def counting(filename):
        read = real(filename)

        def wrapper(text, begin, line, line_start, many=False):
            got = read(text, begin, line, line_start, many)
            if got is None:
                taken.append(False)
            else:  # with ``many``, the rules that follow too: one True for each rule taken
                taken.extend([True] * (len(got[0]) if many else 1))
            return got
        return wrapper

    monkeypatch.setattr(parse, "_rule_reader", counting)
    rules = ["permit ipv4 tcp from host 133.160.173.244 to host 1.66.212.52 port 1704",
             "deny ipv4 from 10.0.0.0/8 to any",
             "permit ipv4 udp from any port 53 to 192.168.0.0/16 port >= 1024",
             "deny ipv4 tcp from 1.2.3.0/24 port 1-1023 to host 5.6.7.8 port != 22",
             "permit ipv4 proto 47 from host 1.2.3.4 to any",
             "permit ip",
             "deny tcp to any6 port 0x50",
             "permit ipv4 icmp from 1.2.3.4 to any log",  # an option: left to the driver
             "deny ipv4 tcp from any to any"]
    text = "acl a {\n    default deny\n" + "".join(f"    # line {i}\n    {r}\n" for i, r in enumerate(rules)) + "}\n"
    fast = outcome(text, "start", "fast")
    assert fast == outcome(text, "start", "lark")
    assert taken == [True] * 7 + [False, True]
    rule = fast[1].statements[0].items[1]
    assert (rule.pos.line, rule.pos.column) == (4, 5)
    assert (rule.match.dst.ports[0].pos.line, rule.match.dst.ports[0].pos.column) == (4, 72)


def test_errors_in_rules_the_reader_leaves_are_lark_s():
    for text in ["acl a {\n  permit ip from host 1.2.3.4/32 to any\n}",
                 "acl a {\n  permit ip from 10.0.0.1/8 to any\n}",
                 "acl a {\n  permit ip from 1.2.3.4/40 to any\n}",
                 "acl a {\n  permit ipv4 tcp from any to any port 80\n  port 90\n}"]:
        reference = outcome(text, "start", "lark")
        assert reference[0] == "error"
        assert outcome(text, "start", "auto") == reference


def test_a_plain_rule_builds_its_match_when_asked():
    """A rule normalize takes as it is keeps its values and builds its match on first use: the
    same nodes and positions the driver gives, whether the match is asked for before or after."""
    text = ("acl a {\n    permit ipv4 udp from 10.0.0.0/8 port 53 to host 1.2.3.4 port >= 1024\n"
            "    deny ipv6 tcp from any to any\n    permit tcp from any4 port 0x50 to 10.1.0.0/16 port 1-2\n}\n")
    reference = outcome(text, "start", "lark")[1].statements[0].items
    read = outcome(text, "start", "fast")[1].statements[0].items
    plain = [rule.__dict__.get("_plain") for rule in read]
    assert plain[0] == (0x0800, 17, (parse._parse_prefix("10.0.0.0/8", 4),), (parse._parse_prefix("1.2.3.4", 4),),
                        (PortRange(53, 53),), (PortRange(1024, 65535),), None, None)
    assert plain[1] is None  # IPv6: its nodes are built as the driver reads it
    assert plain[2] == (0x0800, 6, None, (parse._parse_prefix("10.1.0.0/16", 4),), (PortRange(0x50, 0x50),),
                        (PortRange(1, 2),), None, None)
    assert "match" not in read[0].__dict__ and "match" in read[1].__dict__
    assert read[0].match == reference[0].match and read[0].match is read[0].match
    assert (read[0].match.dst.ports[0].pos.line, read[0].match.dst.ports[0].pos.column) == (2, 66)
    assert read == reference and hash(read[2]) == hash(reference[2])  # equality builds the rest
    assert "_unbuilt" not in read[2].__dict__
    try:
        read[0].no_such_field
    except AttributeError as error:
        assert "no_such_field" in str(error)
    else:
        raise AssertionError("a missing attribute was found")


def test_runs_of_rules_read_at_once_agree_with_lark():
    """After its first rules, the driver has the reader take every rule of a run in one call (the
    rules go straight into the ACL's list): lines, columns, rules sharing a line, blank lines,
    CRLF ends and comments between them, and a rule it leaves in the middle, all as lark reads them."""
    plain = ["permit ipv4 udp from 10.0.0.0/8 port 53 to host 1.2.3.4 port >= 1024",
             "deny ipv4 tcp from 1.2.3.0/24 to any port 1-1023"]
    body = ""
    for i in range(40):
        rule = plain[i % 2].replace("1.2.3.4", f"1.2.3.{i}")
        body += {0: f"    {rule}\n", 1: f"    # line {i}\n    {rule}\n", 2: f"    {rule} ; ",
                 3: f"\r\n\r\n  {rule}\r\n", 4: f"    {rule}  # after\n"}[i % 5]
        if i == 23:
            body += "    permit ipv4 icmp from 1.2.3.4 to any log\n"
    text = f"acl a {{\n    default deny\n{body}}}\nacl b {{ {plain[0]} {plain[1]} {plain[0]} }}\n"
    fast = outcome(text, "start", "fast")
    assert fast[0] != "error" and fast == outcome(text, "start", "lark")
    assert parse._get_parser().fast.list_states  # the runs were read at once
    items = fast[1].statements[0].items
    assert len(items) == 42 and [rule.pos.line for rule in items[1:4]] == [3, 5, 6]
