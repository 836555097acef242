"""Round trips: random ACLs printed in Cisco and iptables-save syntax, imported, compiled
by aclc.lower and run on the compiled tables, must decide like the importers' own
evaluators of the source formats on random and boundary packets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.evaluate import evaluate_pipeline
from aclc.frontend import parse_policies_text
from aclc.importers import cisco, exact, iptables
from aclc.importers.check import policy_action, sample_packets
from aclc.importers.render import render
from aclc.lower import CompileOptions, compile_policy

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pipeline_action(pipeline, packet) -> str:
    _, effect = evaluate_pipeline(pipeline, packet)
    permit = pipeline.continuation.effect(False)
    permitted = effect.goto == permit.goto and permit.outputs <= effect.outputs and not permit.is_drop
    return "permit" if permitted else "deny"


# Lagopus with the multi-table strategy: port ranges as metadata classes (exact ports would be
# tens of thousands of flows for "gt 1023", too slow to scan per packet in a property test).
TARGETS = (CompileOptions(target="ovs"), CompileOptions(target="lagopus", strategy="multi"))


def assert_round_trip(result, source_decide, family, seed, in_ports=(), targets=TARGETS, prove=None):
    text = render(result)
    policies = parse_policies_text(text, "imported.acl")
    for acl in result.acls:
        policy = policies[acl.name]
        packets = sample_packets(family, list(acl.rules), 250, seed, in_ports)
        if prove is not None:
            # Exact: the source's BDD against the imported Policy's, over every packet.
            assert prove(acl, policy).mismatch is None, text
        pipelines = [compile_policy(policy, options) for options in targets]
        for packet in packets:
            expected = source_decide(acl, packet)
            assert policy_action(policy, packet) == expected, (str(packet), text)
            for pipeline in pipelines:
                assert pipeline_action(pipeline, packet) == expected, (pipeline.target, str(packet), text)


# ---------------------------------------------------------------- Cisco IOS

V4_BASES = ["10.0.0.0", "10.0.0.4", "10.0.1.0", "192.0.2.0", "192.0.2.128", "10.0.2.0"]
V4_WILDCARDS = ["0.0.0.3", "0.0.0.255", "0.0.1.255", "0.0.2.3", "0.255.255.255", "0.0.4.0", "0.0.0.0"]
V6_PREFIXES = ["2001:db8::/32", "2001:db8:1::/48", "2001:db8::/64", "fc00::/7", "2001:db8::8/125"]
PORT_OPS = ["eq 80", "eq 22 80 443", "neq 53", "neq 0 65535", "lt 1024", "gt 1023", "range 20 23",
            "range 1000 2000", "eq www", "gt 65534"]
ICMP = ["", "echo", "echo-reply", "unreachable", "3 4", "11", "port-unreachable"]
ICMP6 = ["", "echo-request", "nd-na", "1 4", "packet-too-big"]


@st.composite
def cisco_address(draw, family):
    kind = draw(st.sampled_from(["any", "host", "net"]))
    if kind == "any":
        return "any"
    if family == 6:
        prefix = draw(st.sampled_from(V6_PREFIXES))
        return f"host {prefix.split('/')[0]}" if kind == "host" else prefix
    base = draw(st.sampled_from(V4_BASES))
    return f"host {base}" if kind == "host" else f"{base} {draw(st.sampled_from(V4_WILDCARDS))}"


@st.composite
def cisco_ace(draw, family):
    action = draw(st.sampled_from(["permit", "deny"]))
    proto = draw(st.sampled_from(["ipv6" if family == 6 else "ip", "tcp", "udp", "icmp", "gre", "50"]))
    parts = [action, proto, draw(cisco_address(family))]
    if proto in ("tcp", "udp") and draw(st.booleans()):
        parts.append(draw(st.sampled_from(PORT_OPS)))
    parts.append(draw(cisco_address(family)))
    if proto in ("tcp", "udp") and draw(st.booleans()):
        parts.append(draw(st.sampled_from(PORT_OPS)))
    if proto == "icmp":
        parts.append(draw(st.sampled_from(ICMP6 if family == 6 else ICMP)))
    if draw(st.integers(0, 4)) == 0:
        parts.append("log")
    return " ".join(p for p in parts if p)


@st.composite
def cisco_config(draw):
    family = draw(st.sampled_from([4, 4, 6]))
    aces = draw(st.lists(cisco_ace(family), min_size=1, max_size=7))
    if family == 6:
        return "ipv6 access-list T\n" + "".join(f" sequence {10 * (i + 1)} {a}\n" for i, a in enumerate(aces))
    if draw(st.booleans()):
        return "".join(f"access-list 150 {a}\n" for a in aces)
    return "ip access-list extended T\n" + "".join(f" {10 * (i + 1)} {a}\n" for i, a in enumerate(aces))


@SETTINGS
@given(cisco_config(), st.integers(0, 2**16))
def test_cisco_round_trip_through_compiled_tables(text, seed):
    config, result = cisco.import_cisco(text, "random.cfg")
    family = next(iter(config.acls.values())).family
    assert_round_trip(result, lambda acl, p: cisco.evaluate(config, acl.source_name, p), family, seed,
                      prove=lambda acl, policy: cisco.exact_cisco(config, acl.source_name, policy))


# ---------------------------------------------------------------- iptables

IFACES = {"eth0": 1, "eth1": 2, "wg0": 3}
NETS = {4: ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.3", "192.0.2.0/24", "192.0.2.128/25"],
        6: ["2001:db8::/32", "2001:db8:1::/48", "2001:db8::5", "fc00::/7", "2001:db8::/127"]}


@st.composite
def ipt_rule(draw, chain, targets, family=4):
    parts = [f"-A {chain}"]
    neg = lambda: "! " if draw(st.integers(0, 3)) == 0 else ""
    for flag in ("-s", "-d"):
        if draw(st.booleans()):
            parts.append(f"{neg()}{flag} {draw(st.sampled_from(NETS[family]))}")
    if draw(st.integers(0, 2)) == 0:
        parts.append(f"{neg()}-i {draw(st.sampled_from(['eth0', 'eth+', 'wg0']))}")
    icmp = "ipv6-icmp" if family == 6 else "icmp"
    proto = draw(st.sampled_from([None, "tcp", "udp", icmp]))
    if proto:
        parts.append(f"{neg()}-p {proto}")
    if proto in ("tcp", "udp") and "! -p" not in parts[-1]:
        if draw(st.booleans()):
            parts.append(f"{neg()}--dport {draw(st.sampled_from(['80', '1:1023', '1024:65535', '53', '22:25']))}")
        if draw(st.integers(0, 2)) == 0:
            parts.append(f"-m multiport {neg()}--sports {draw(st.sampled_from(['53,123', '0:99,1000']))}")
    if proto == icmp and "! -p" not in parts[-1] and draw(st.booleans()):
        if family == 6:
            parts.append(f"{neg()}--icmpv6-type {draw(st.sampled_from(['128', '1/4', 'echo-reply', '135']))}")
        else:
            parts.append(f"{neg()}--icmp-type {draw(st.sampled_from(['8', '3/4', 'echo-reply', '11']))}")
    target = draw(st.sampled_from(targets))
    parts.append(target)
    return " ".join(parts)


@st.composite
def ipt_save(draw):
    family = draw(st.sampled_from([4, 4, 6]))
    policy = draw(st.sampled_from(["ACCEPT", "DROP"]))
    terminal = ["-j ACCEPT", "-j DROP", "-j REJECT", "-j RETURN"]
    b = draw(st.lists(ipt_rule("B", terminal, family), max_size=3))
    a = draw(st.lists(ipt_rule("A", terminal + ["-j B", "-g B"], family), max_size=4))
    f = draw(st.lists(ipt_rule("FORWARD", terminal + ["-j A", "-j B", "-g A"], family), min_size=1, max_size=5))
    header = "# Generated by ip6tables-save" if family == 6 else "# Generated by iptables-save"
    return "\n".join([header, "*filter", ":INPUT ACCEPT [0:0]", f":FORWARD {policy} [0:0]", ":OUTPUT ACCEPT [0:0]",
                      ":A - [0:0]", ":B - [0:0]", *f, *a, *b, "COMMIT", ""])


@SETTINGS
@given(ipt_save(), st.integers(0, 2**16))
def test_iptables_round_trip_through_compiled_tables(text, seed):
    ruleset, result = iptables.import_iptables(text, "random.rules", "FORWARD", IFACES)
    assert_round_trip(result, lambda acl, p: iptables.evaluate(ruleset, "FORWARD", p), ruleset.family, seed,
                      IFACES.values(), prove=lambda acl, policy: iptables.exact_iptables(ruleset, "FORWARD", policy))
