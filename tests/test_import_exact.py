"""The exact (BDD) round-trip proof: it accepts faithful imports and finds a packet otherwise."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aclc.frontend import parse_policies_text
from aclc.importers import cisco, exact, iptables
from aclc.importers.render import render
from aclc.policy import Action

pytestmark = pytest.mark.skipif(not exact.available(), reason="dd.cudd not installed")
DATA = Path(__file__).resolve().parent / "data" / "import"


def flipped(policy, index):
    rule = policy.rules[index]
    other = Action.DENY if rule.action == Action.PERMIT else Action.PERMIT
    return dataclasses.replace(policy, rules=policy.rules[:index] + (dataclasses.replace(rule, action=other),)
                               + policy.rules[index + 1:])


def test_cisco_router_is_proved_and_every_flipped_rule_is_caught():
    config, result = cisco.import_cisco((DATA / "edge-router.cfg").read_text(), "edge-router.cfg")
    policies = parse_policies_text(render(result))
    for acl in result.acls:
        policy = policies[acl.name]
        assert cisco.exact_cisco(config, acl.source_name, policy).mismatch is None
        caught = 0
        for index, rule in enumerate(policy.rules):
            if rule.eth_type is None or rule.origin.line == 0:
                continue
            packet = cisco.exact_cisco(config, acl.source_name, flipped(policy, index)).mismatch
            if packet is not None:  # a shadowed rule changes nothing when flipped
                caught += 1
                assert cisco.evaluate(config, acl.source_name, packet) != flipped_decision(
                    flipped(policy, index), packet)
        assert caught >= len([r for r in policy.rules if r.eth_type is not None]) // 2


def flipped_decision(policy, packet):
    from aclc.importers.check import policy_action

    return policy_action(policy, packet)


def test_iptables_missing_return_semantics_is_caught():
    text = "\n".join(["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
                      ":A - [0:0]", "-A FORWARD -j A", "-A FORWARD -p tcp -j ACCEPT",
                      "-A A -s 10.0.0.0/8 -j RETURN", "-A A -j DROP", "COMMIT", ""])
    ruleset, result = iptables.import_iptables(text, "fw.rules")
    policy = parse_policies_text(render(result))["iptables-forward"]
    assert iptables.exact_iptables(ruleset, "FORWARD", policy).mismatch is None
    # Drop the rules the RETURN produced: tcp from 10/8 would then be dropped, not accepted.
    broken = dataclasses.replace(policy, rules=tuple(r for r in policy.rules if r.ip_proto != 6))
    packet = iptables.exact_iptables(ruleset, "FORWARD", broken).mismatch
    assert packet is not None and packet.ip_proto == 6
    assert iptables.evaluate(ruleset, "FORWARD", packet) == "permit"
