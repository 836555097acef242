"""Normalize: each construct's meaning as Rules over canonical value sets."""

from __future__ import annotations

import pytest

from aclc.errors import AclcError
from aclc.frontend import parse_policy_text
from aclc.frontend.normalize import render_policy
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, Action, PortRange, Prefix


def policy(body: str, head: str = ""):
    return parse_policy_text(f"{head}\nacl a {{\n{body}\n}}\n", "t.acl")


def rules_of(body: str, head: str = ""):
    """The rules written in ``body``; checks the one trailing ARP rule the default non-ip adds."""
    p = policy(body, head)
    assert p.rules[-1].eth_type == ETH_ARP and p.rules[-1].origin.line == 2 + head.count("\n")
    return list(p.rules[:-1])


def v4(text: str) -> Prefix:
    import ipaddress

    net = ipaddress.ip_network(text)
    return Prefix(int(net.network_address), net.prefixlen, net.max_prefixlen)


def test_ip_any_gives_one_rule_per_family():
    r4, r6 = rules_of("permit ip from any to any")
    assert (r4.eth_type, r6.eth_type) == (ETH_IPV4, ETH_IPV6)
    assert r4.src is r4.dst is r4.ip_proto is None
    assert r4.origin == r6.origin and r4.index == 0 and r6.index == 1


def test_family_follows_the_addresses():
    (r,) = rules_of("permit tcp from 10.0.0.0/8 to any port 80")
    assert r.eth_type == ETH_IPV4 and r.src == (v4("10.0.0.0/8"),) and r.dst is None
    assert r.dst_ports == (PortRange(80, 80),) and r.ip_proto == 6
    (r,) = rules_of("permit ipv6 tcp from any to any port 22")
    assert r.eth_type == ETH_IPV6


def test_icmp_is_ipv4_and_icmpv6_is_ipv6():
    (r,) = rules_of("permit icmp type echo-request")
    assert (r.eth_type, r.ip_proto, r.icmp_type, r.icmp_code) == (ETH_IPV4, 1, 8, None)
    (r,) = rules_of("permit icmpv6 type echo-request")
    assert (r.eth_type, r.ip_proto, r.icmp_type) == (ETH_IPV6, 58, 128)
    (r,) = rules_of("permit icmp type port-unreachable")
    assert (r.icmp_type, r.icmp_code) == (3, 3)
    (r,) = rules_of("permit icmp type 3 code 13")
    assert (r.icmp_type, r.icmp_code) == (3, 13)
    (r,) = rules_of("permit proto 58 from any6")
    assert r.eth_type == ETH_IPV6


def test_address_list_is_union_minus_negations():
    (r,) = rules_of("permit ip from { 10.0.0.0/8, !10.0.0.0/9 }, 192.168.1.0/24, 192.168.0.0/24")
    assert r.src == (v4("10.128.0.0/9"), v4("192.168.0.0/23"))


def test_only_negations_mean_any_of_that_family_except():
    (r,) = rules_of("deny ip from !128.0.0.0/1")
    assert r.eth_type == ETH_IPV4 and r.src == (v4("0.0.0.0/1"),)
    (r,) = rules_of("deny ip from !8000::/1")
    assert r.eth_type == ETH_IPV6 and r.src == (v4("::/1"),)


def test_named_networks_nest_and_negate():
    head = "network A = 10.0.0.0/8, 2001:db8::/32\nnetwork B = { A, !10.0.0.0/9 }\nnetwork C = !B"
    r4, r6 = rules_of("permit ip from B to C", head)
    assert r4.src == (v4("10.128.0.0/9"),)
    assert r4.dst == (v4("0.0.0.0/5"), v4("8.0.0.0/7"), v4("10.0.0.0/9"), v4("11.0.0.0/8"),
                      v4("12.0.0.0/6"), v4("16.0.0.0/4"), v4("32.0.0.0/3"), v4("64.0.0.0/2"),
                      v4("128.0.0.0/1"))
    assert r6.src == (v4("2001:db8::/32"),) and r6.dst != r6.src


def test_any4_any6():
    (r,) = rules_of("permit tcp from any4 to any")
    assert r.eth_type == ETH_IPV4 and r.src is None
    (r,) = rules_of("permit tcp from any6 to any")
    assert r.eth_type == ETH_IPV6


@pytest.mark.parametrize("ports, expected", [
    ("80", [(80, 80)]),
    ("80-90", [(80, 90)]),
    (">= 1024", [(1024, 65535)]),
    ("> 1023", [(1024, 65535)]),
    ("<= 1023", [(0, 1023)]),
    ("< 1024", [(0, 1023)]),
    ("!= 80", [(0, 79), (81, 65535)]),
    ("!80", [(0, 79), (81, 65535)]),
    ("!1000-2000", [(0, 999), (2001, 65535)]),
    ("{ 1000-2000, !1500 }", [(1000, 1499), (1501, 2000)]),
    ("http, https, ssh", [(22, 22), (80, 80), (443, 443)]),
    ("80, 81, 82-90", [(80, 90)]),
    ("WEB", [(80, 80), (443, 443)]),
    ("WEB, !443", [(80, 80)]),
])
def test_port_forms(ports, expected):
    (r,) = rules_of(f"permit tcp from any4 to any port {ports}", "service WEB = tcp 80, 443, udp 53")
    assert r.dst_ports == tuple(PortRange(lo, hi) for lo, hi in expected)


def test_every_port_is_no_port_match():
    (r,) = rules_of("permit tcp from any4 port 0-65535 to any port >= 0")
    assert r.src_ports is None and r.dst_ports is None


def test_service_rule_merges_ports_per_protocol():
    head = "service WEB = tcp 80, 443, udp 443\nservice ALT = tcp 8080, WEB\nservice P = icmp type echo"
    rules = rules_of("permit service ALT, P from 10.0.0.0/8", head)
    assert [(r.ip_proto, r.dst_ports, r.icmp_type) for r in rules] == [
        (6, (PortRange(80, 80), PortRange(443, 443), PortRange(8080, 8080)), None),
        (17, (PortRange(443, 443),), None),
        (1, None, 8),
    ]
    assert all(r.origin == rules[0].origin for r in rules)


def test_service_with_any_port_absorbs():
    rules = rules_of("permit service A, B from any4", "service A = tcp 80\nservice B = tcp")
    assert [(r.ip_proto, r.dst_ports) for r in rules] == [(6, None)]


def test_service_rule_splits_per_family():
    rules = rules_of("permit service S", "service S = tcp 22, icmpv6 type echo-request")
    assert [(r.eth_type, r.ip_proto) for r in rules] == [(ETH_IPV4, 6), (ETH_IPV6, 6), (ETH_IPV6, 58)]


def test_arp_addresses_are_protocol_addresses():
    (r,) = rules_of("permit arp from 10.0.0.0/8 to host 10.0.0.1")
    assert r.eth_type == ETH_ARP and r.src == (v4("10.0.0.0/8"),) and r.dst == (v4("10.0.0.1/32"),)


def test_ethertype_and_all_in_port_log_name_remark():
    rules = rules_of('remark "one"\nremark "two"\npermit ethertype 0x88cc log name lldp\n'
                     "deny all in-port 2, 1, 2")
    assert (rules[0].eth_type, rules[0].log, rules[0].name, rules[0].remark) == (0x88CC, True, "lldp", "one two")
    assert (rules[1].eth_type, rules[1].in_ports, rules[1].remark) == (None, (1, 2), None)


def test_default_and_its_origin():
    p = policy("default permit log\npermit tcp")
    assert p.default_action == Action.PERMIT and p.default_log
    assert (p.default_origin.line, p.default_origin.column) == (3, 1)
    p = policy("deny tcp")
    assert p.default_action == Action.DENY and p.default_origin.line == 2  # the acl header


def test_nonip_default_permits_arp_only():
    p = policy("permit tcp")
    assert [(r.eth_type, r.action) for r in p.rules[2:]] == [(ETH_ARP, Action.PERMIT)]
    assert p.default_action == Action.DENY


def test_nonip_permit_with_default_deny():
    p = policy("non-ip permit\npermit tcp")
    assert [(r.eth_type, r.action) for r in p.rules[2:]] == [
        (ETH_IPV4, Action.DENY), (ETH_IPV6, Action.DENY), (None, Action.PERMIT)]
    # The IP rules restate the default (no default statement: the acl header, line 2); the last is line 3's.
    assert [r.origin for r in p.rules[2:4]] == [p.default_origin] * 2 and p.default_origin.line == 2
    assert p.rules[4].origin.line == 3


def test_nonip_deny_with_default_permit_keeps_ip_on_default():
    p = policy("default permit log\nnon-ip deny\ndeny tcp")
    assert [(r.eth_type, r.action, r.log) for r in p.rules[2:]] == [
        (ETH_IPV4, Action.PERMIT, True), (ETH_IPV6, Action.PERMIT, True), (None, Action.DENY, False)]


def test_nonip_that_matches_the_default_adds_nothing():
    assert len(policy("default permit\npermit tcp").rules) == 2
    assert len(policy("non-ip deny arp\npermit tcp").rules) == 2
    assert len(policy("non-ip deny\npermit tcp").rules) == 2


def test_render_is_one_line_per_rule():
    text = render_policy(policy('permit tcp from 10.0.0.0/8 port 1-2 to any port 80 in-port 1 log name "w"'))
    assert text.splitlines() == [
        "acl a",
        "  0 permit ipv4 proto=6 src=10.0.0.0/8 dst=any sport=1-2 dport=80 in_port=1 log name='w' @t.acl:3:1",
        "  1 permit arp src=any dst=any @t.acl:2:5",
        "default deny @t.acl:2:5",
    ]


# ---------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

BASE = 0x0A000000  # 10.0.0.0: prefixes inside 10.0.0.0/24 overlap often

prefix_items = st.tuples(st.booleans(), st.integers(24, 32), st.integers(0, 255)).map(
    lambda t: (t[0], t[1], (BASE + t[2]) & ~((1 << (32 - t[1])) - 1) & 0xFFFFFFFF))


def _ip(value: int) -> str:
    return ".".join(str((value >> s) & 255) for s in (24, 16, 8, 0))


@settings(max_examples=150, deadline=None)
@given(st.lists(prefix_items, min_size=1, max_size=6))
def test_address_list_means_union_minus_negations(items):
    text = ", ".join(("!" if neg else "") + f"{_ip(value)}/{length}" for neg, length, value in items)

    def contains(length, value, address):
        return (address ^ value) >> (32 - length) == 0

    def expected(address):
        positives = [(l, v) for n, l, v in items if not n]
        negatives = [(l, v) for n, l, v in items if n]
        inside = any(contains(l, v, address) for l, v in positives) if positives else True
        return inside and not any(contains(l, v, address) for l, v in negatives)

    probes = [BASE + i for i in range(256)] + [0, 0xFFFFFFFF, BASE - 1, BASE + 256]
    try:
        (rule,) = rules_of(f"permit ip from {{ {text} }}")
    except AclcError as error:
        assert "empty" in error.message
        assert not any(expected(a) for a in probes)
        return
    got = (lambda a: True) if rule.src is None else (lambda a: any(p.contains(a) for p in rule.src))
    assert all(got(a) == expected(a) for a in probes)
    assert list(rule.src or ()) == sorted(rule.src or ())  # canonical: sorted


port_items = st.one_of(
    st.tuples(st.just("single"), st.integers(0, 80), st.just(0)),
    st.tuples(st.just("range"), st.integers(0, 80), st.integers(0, 20)),
    st.tuples(st.sampled_from([">=", ">", "<=", "<", "!=", "!"]), st.integers(0, 80), st.just(0)),
    st.tuples(st.just("!range"), st.integers(0, 80), st.integers(0, 20)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(port_items, min_size=1, max_size=5))
def test_port_list_means_union_minus_negations(items):
    def spell(kind, a, b):
        return {"single": f"{a}", "range": f"{a}-{a + b}", "!range": f"!{a}-{a + b}",
                "!": f"!{a}"}.get(kind, f"{kind} {a}")

    def matches(kind, a, b, port):
        return {"single": port == a, "range": a <= port <= a + b, "!range": a <= port <= a + b,
                ">=": port >= a, ">": port > a, "<=": port <= a, "<": port < a,
                "!=": port == a, "!": port == a}[kind]

    negated = {"!=", "!", "!range"}
    positives = [i for i in items if i[0] not in negated]
    negatives = [i for i in items if i[0] in negated]

    def expected(port):
        inside = any(matches(*i, port) for i in positives) if positives else True
        return inside and not any(matches(*i, port) for i in negatives)

    text = ", ".join(spell(*i) for i in items)
    probes = list(range(0, 110)) + [65534, 65535]
    try:
        (rule,) = rules_of(f"permit tcp from any4 to any port {{ {text} }}")
    except AclcError as error:
        assert "matches no port" in error.message
        assert not any(expected(p) for p in range(0, 65536))
        return
    ranges = rule.dst_ports or (PortRange(0, 65535),)
    assert all(any(r.lo <= p <= r.hi for r in ranges) == expected(p) for p in probes)
    assert all(a.hi + 1 < b.lo for a, b in zip(ranges, ranges[1:]))  # canonical: disjoint, not adjacent


# ---------------------------------------------------------------- non-IP frames, by meaning

NONIP_TABLE = [
    # (statement, default, ARP, LLDP, IPv4 tcp, IPv6 udp) as documented in docs/language.md
    ("", "deny", "permit", "deny", "deny", "deny"),
    ("", "permit", "permit", "permit", "permit", "permit"),
    ("non-ip permit arp", "deny", "permit", "deny", "deny", "deny"),
    ("non-ip permit", "deny", "permit", "permit", "deny", "deny"),
    ("non-ip deny", "deny", "deny", "deny", "deny", "deny"),
    ("non-ip deny", "permit", "deny", "deny", "permit", "permit"),
    ("non-ip deny arp", "permit", "deny", "permit", "permit", "permit"),
    ("non-ip permit log", "deny", "permit log", "permit log", "deny", "deny"),
]


@pytest.mark.parametrize("statement, default, arp, lldp, ipv4, ipv6", NONIP_TABLE)
def test_nonip_meaning(statement, default, arp, lldp, ipv4, ipv6):
    from aclc.evaluate import decision_effect, evaluate_policy
    from aclc.lower import parse_continuation
    from aclc.packet import Packet

    continuation = parse_continuation("NORMAL")
    p = policy(f"default {default}\n{statement}\npermit tcp from any to any port 1")
    packets = {
        "arp": Packet(eth_type=ETH_ARP, src=0x0A000001, dst=0x0A000002),
        "lldp": Packet(eth_type=0x88CC),
        "ipv4": Packet(eth_type=ETH_IPV4, ip_proto=6, src=1, dst=2, dst_port=2),
        "ipv6": Packet(eth_type=ETH_IPV6, ip_proto=17, src=1, dst=2, dst_port=1),
    }
    for kind, want in zip(packets, (arp, lldp, ipv4, ipv6)):
        action, _, log = want.partition(" ")
        _, effect = evaluate_policy(p, packets[kind], continuation)
        assert effect == decision_effect(Action(action), bool(log), continuation), (kind, render_policy(p))
