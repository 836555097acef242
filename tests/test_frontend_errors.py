"""Bad input: one AclcError with a clear reason and the exact file:line:column."""

from __future__ import annotations

import pytest

from aclc.errors import AclcError, SourcePos
from aclc.frontend import parse_policies_text, parse_policy_text

HEAD = "service WEB = tcp 80, 443\nservice PING = icmp type echo\nnetwork V6 = 2001:db8::/32\n"


def error_of(rule_line: str, head: str = HEAD) -> AclcError:
    text = f"{head}acl a {{\n    {rule_line}\n}}\n"
    with pytest.raises(AclcError) as caught:
        parse_policy_text(text, "bad.acl")
    return caught.value


def column_of(rule_line: str, needle: str) -> int:
    """The column of ``needle`` in the rule line; ``last:X`` means the last X."""
    if needle.startswith("last:"):
        return 5 + rule_line.rindex(needle[5:])
    return 5 + rule_line.index(needle)


# (rule line, words the message must contain, the text the position must point at)
CASES = [
    ("permit udp from any to any established", "TCP flags need protocol tcp", "established"),
    ("permit tcp from any to any flags S", "unknown TCP flag 'S'", "S"),
    ("permit ip from any to any fragments", "cannot match IP fragments", "fragments"),
    ("permit ip from any to any dscp 46", "ToS/DSCP", "dscp"),
    ("permit ip from any to any ttl 1", "TTL", "ttl"),
    ("permit tcp from any to any time-range work", "no clock", "time-range"),
    ("permit tcp from any to any port 70000", "port 70000 is outside 0-65535", "70000"),
    ("permit tcp from any port 0-65536 to any", "port 65536 is outside 0-65535", "0-65536"),
    ("permit udp from any to any port 90-80", "reversed port range 90-80", "90-80"),
    ("permit udp from any to any port > 65535", "matches no port", "> 65535"),
    ("permit udp from any to any port { 80, !80 }", "matches no port", "80, !80"),
    ("permit icmp from any to any code 3", "an ICMP code needs an ICMP type", "3"),
    ("permit icmp from any to any port 80", "ports need tcp, udp or sctp; icmp has no ports", "port 80"),
    ("permit ip from any to any port 80", "ports need tcp, udp or sctp; ip has no ports", "port 80"),
    ("permit proto 47 from any port 80", "proto 47 has no ports", "port 80"),
    ("permit tcp from any to any type echo", "ICMP type or code needs protocol icmp or icmpv6, not tcp", "echo"),
    ("permit arp from any to any port 80", "arp has no ports", "port 80"),
    ("permit icmp from any to any type bogus", "unknown ICMP type name 'bogus'", "bogus"),
    ("permit icmpv6 from any to any type echo-reply code 1 type 3", "'type' is given twice", "last:3"),
    ("permit icmp type port-unreachable code 1", "already means code 3", "1"),
    ("permit icmp type 300", "ICMP type 300 is outside 0-255", "300"),
    ("permit ip from 10.0.0.0/8 to 2001:db8::/32", "can never match: no address family fits all its parts (source: IPv4 only; destination: IPv6 only)", "permit"),
    ("permit ipv6 tcp from 10.0.0.0/8", "the rule is ipv6", "permit"),
    ("permit icmp from V6 to any", "icmp is IPv4 only", "permit"),
    ("permit ipv6 icmp", "icmp is a protocol of IPv4 only, but the rule is ipv6 (use icmpv6 for IPv6)", "icmp"),
    ("permit arp from V6", "arp addresses are IPv4", "permit"),
    ("permit ip from { 10.0.0.0/8, !10.0.0.0/7 }", "IPv4 addresses of this list are empty", "10.0.0.0/8,"),
    ("permit ip from !any", "empty", "!any"),
    ("permit ip from !10.0.0.0/8, 2001:db8::/32", "negated IPv4 addresses take away from nothing", "!10"),
    ("permit ip from 10.1.2.3/8", "host bits set", "10.1.2.3/8"),
    ("permit ip from 10.0.0.0/40", "longer than 32 bits", "10.0.0.0/40"),
    ("permit proto 256", "IP protocol 256 is outside 0-255", "proto"),
    ("permit ethertype 0x0100", "not an ethertype", "ethertype"),
    ("permit ip in-port 0", "not a switch port number", "0"),
    ("permit ip log log", "'log' is given twice", "last:log"),
    ("permit ip from NOPE", "unknown network 'NOPE'", "NOPE"),
    ("permit ip from WEB", "'WEB' is a service (defined at bad.acl:1:9), not a network", "WEB"),
    ("permit service V6", "'V6' is a network (defined at bad.acl:3:9), not a service", "V6"),
    ("permit service NOPE", "unknown service 'NOPE'", "NOPE"),
    ("permit tcp to any port nope", "unknown port name or service 'nope'", "nope"),
    ("permit tcp to any port V6", "'V6' is a network", "V6"),
    ("permit udp to any port WEB", "service 'WEB' has no udp ports", "WEB"),
    ("permit service WEB to any port 80", "takes its ports from the services", "port 80"),
    ("permit service PING type echo", "inside the service definition", "echo"),
]


@pytest.mark.parametrize("rule_line, message, at", CASES, ids=[c[0] for c in CASES])
def test_rule_errors(rule_line, message, at):
    error = error_of(rule_line)
    assert message in error.message
    assert error.pos == SourcePos("bad.acl", HEAD.count("\n") + 2, column_of(rule_line, at))


@pytest.mark.parametrize("text, message, pos", [
    ("acl a {\n}", "acl 'a' has no rules", (1, 5)),
    ("acl a { remark \"x\" }", "has no rules", (1, 5)),
    ("acl a { permit ip }\nacl a { permit ip }", "acl 'a' is already defined at bad.acl:1:5", (2, 5)),
    ("acl a { default deny\n default permit\n permit ip }", "already has a default at bad.acl:1:9", (2, 2)),
    ("acl a { non-ip deny\n non-ip permit\n permit ip }", "already has a non-ip statement", (2, 2)),
    ("network A = 10.0.0.0/8\nservice A = tcp", "service 'A' is already defined as a network at bad.acl:1:9",
     (2, 9)),
    ("network A = B\nnetwork B = { 10.0.0.0/8, A }\nacl a { permit ip from A }",
     "cycle: A -> B -> A", (2, 27)),
    ("service S = tcp 80, S\nacl a { permit service S }", "cycle: S -> S", (1, 21)),
    ("service S = icmp 80\nacl a { permit service S }", "icmp has no ports", (1, 18)),
    ("service S = udp 53, icmp type echo, 80", "continues the protocol", (1, 37)),
    ("service S = tcp { 70000 }\nacl a { permit service S }", "port 70000 is outside", (1, 19)),
    ("network N = 10.0.0.0/8, !10.0.0.0/8", "empty once the negated ones are taken out", (1, 13)),
])
def test_file_errors(text, message, pos):
    with pytest.raises(AclcError) as caught:
        parse_policies_text(text, "bad.acl")
    assert message in caught.value.message
    assert (caught.value.pos.line, caught.value.pos.column) == pos


def test_several_acls_need_a_name():
    text = "acl a { permit ip }\nacl b { deny ip }"
    with pytest.raises(AclcError, match=r"several acls \(a, b\)"):
        parse_policy_text(text)
    assert parse_policy_text(text, acl="b").name == "b"
    with pytest.raises(AclcError, match="no acl named 'c'"):
        parse_policy_text(text, acl="c")


def test_no_acl_at_all():
    with pytest.raises(AclcError, match="defines no acl"):
        parse_policy_text("network N = 10.0.0.0/8")


def test_error_prints_as_one_line():
    error = error_of("permit tcp from any to any port 70000")
    assert str(error) == "bad.acl:5:37: error: port 70000 is outside 0-65535"
