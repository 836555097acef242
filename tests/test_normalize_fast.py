"""Normalize's shortcut for plain IPv4 rules gives what the general path gives: the same Policy,
or the same error at the same place.

The shortcut (``_RuleNormalizer.plain_ipv4_part``) handles a rule whose sides are one IPv4
address or 'any' with at most one valid port number or range, and hands anything else to
``ip_parts``. The generated ACLs mix such rules with the shapes just outside it (IPv6, both
families, ICMP, bad or reversed ports, lists, negations), and repeat rules so that the value
caches the shortcut shares with the general path are warm as well as cold.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import aclc.frontend.normalize as normalize_module
from aclc.errors import AclcError
from aclc.frontend import parse_policies_text

FAMILIES = ["", "ip ", "ipv4 ", "ipv6 "]
PROTOCOLS = ["", "tcp ", "udp ", "sctp ", "icmp ", "icmpv6 ", "gre ", "proto 6 ", "proto 300 ", "17 "]
ADDRESSES = ["1.2.3.4", "10.0.0.0/8", "0.0.0.0/0", "host 9.9.9.9", "any", "any4", "any6", "2001:db8::/32", "::/0",
             "1.2.3.4, 5.6.7.8", "{10.0.0.0/8}", "!10.0.0.0/8", "10.0.0.0/8, ::1", "0.0.0.0/1, 128.0.0.0/1"]
PORTS = ["80", "80-90", "90-80", "0-65535", "65535", "99999", "70000-80000", "1-70000", "0", ">= 1024", "!80",
         "!= 22", ">= 0", "> 65535", "> 65534", "< 0", "< 1", "<= 65535", "<= 0", ">= 70000", "< 70000", "> 1023", "http", "80, 443", "{ 53 }", "0x50"]
OPTIONS = ["", " log", " type 8", " type echo-request code 0", " code 1", " in-port 1", ' name "x"']


@st.composite
def ip_rule(draw) -> str:
    words = [draw(st.sampled_from(["permit", "deny"])), " ", draw(st.sampled_from(FAMILIES)),
             draw(st.sampled_from(PROTOCOLS))]
    if words[2:] == ["", ""]:
        words[3] = "tcp "
    for side in ("from", "to"):
        if draw(st.integers(0, 5)):  # mostly present: the shortcut needs both sides
            # The plain forms half the time, so that most rules are near the shortcut's edge.
            choices = ADDRESSES[:7] if draw(st.booleans()) else ADDRESSES
            words.append(f"{side} {draw(st.sampled_from(choices))} ")
            if draw(st.booleans()):
                words.append(f"port {draw(st.sampled_from(PORTS))} ")
    words.append(draw(st.sampled_from(OPTIONS)))
    return "".join(words)


def outcome(text: str):
    try:
        return parse_policies_text(text, "t.acl")
    except AclcError as error:
        return ("error", error.message, str(error.pos))


def general_only(monkeypatch, text: str):
    with monkeypatch.context() as patched:
        patched.setattr(normalize_module._RuleNormalizer, "plain_ipv4_part", lambda self, match, rule: None)
        patched.setattr(normalize_module._RuleNormalizer, "plain_rule_part", lambda self, plain: None)
        return outcome(text)


SETTINGS = settings(max_examples=500, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.lists(ip_rule(), min_size=1, max_size=8), st.lists(st.integers(0, 7), min_size=1, max_size=20))
@example(["permit udp from 1.2.3.4 port 80 to 5.6.7.8 port 90-80"], [0])
@example(["permit tcp from any to any port 80", "permit icmp from any to 1.2.3.4 port 80"], [0, 1])
@example(["permit udp from 1.2.3.4 port 99999 to any"], [0])
@example(["permit ip from any to any", "permit ipv4 from any to any"], [0, 1])
@example(["permit icmpv6 from any to 1.2.3.4"], [0])
@example(["permit ipv6 tcp from 1.2.3.4 to any"], [0])
@example(["permit tcp from any6 to 1.2.3.4"], [0])
@example(["permit tcp from any port > 65535 to any", "permit tcp from any port < 0 to 1.2.3.4"], [0, 1])
@example(["permit tcp from any port < 70000 to 1.2.3.4"], [0])
def test_the_plain_ipv4_shortcut_agrees_with_the_general_path(monkeypatch, rules, order):
    body = "\n".join("    " + rules[i % len(rules)] for i in order)
    text = f"acl a {{\n{body}\n}}\n"
    assert outcome(text) == general_only(monkeypatch, text)
    for rule in rules:  # alone too: in the whole ACL, the first bad rule hides the others
        text = f"acl a {{ {rule} }}"
        assert outcome(text) == general_only(monkeypatch, text)


def test_the_shortcut_takes_plain_rules_and_leaves_the_rest(monkeypatch):
    taken = []
    original = normalize_module._RuleNormalizer.plain_ipv4_part
    original_whole = normalize_module._RuleNormalizer.plain_rule_part

    def counting(self, match, rule):
        part = original(self, match, rule)
        taken.append(part is not None)
        return part

    def counting_whole(self, plain):  # a rule the parser read whole, with its values
        part = original_whole(self, plain)
        taken.append("whole")
        return part

    monkeypatch.setattr(normalize_module._RuleNormalizer, "plain_ipv4_part", counting)
    monkeypatch.setattr(normalize_module._RuleNormalizer, "plain_rule_part", counting_whole)
    policy = parse_policies_text("acl a {\n"
                                 "  permit ipv4 udp from 1.2.3.0/24 port 53 to any port 1024-65535\n"
                                 "  deny tcp from 1.2.3.4 to any4 port 0-65535\n"
                                 "  permit tcp from any to 2001:db8::/32 port 80\n"
                                 "  permit udp from any port >= 1024 to 1.2.3.0/24 port < 1024\n"
                                 "  permit ip from any to any\n"
                                 "}\n")["a"]
    assert taken == ["whole", "whole", False, "whole", False]
    first, second = policy.rules[0], policy.rules[1]
    assert (first.src_ports[0].lo, first.dst_ports[0].lo, first.dst_ports[0].hi) == (53, 1024, 65535)
    assert second.dst_ports is None and second.dst is None and str(second.src[0]) == "1.2.3.4/32"
    compared = policy.rules[3]
    assert (compared.src_ports[0].lo, compared.src_ports[0].hi, compared.dst_ports[0].hi) == (1024, 65535, 1023)
