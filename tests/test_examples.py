"""Every bundled example loads, and its normalized Policy matches the golden rendering.

Regenerate the golden files on purpose only: ``ACLC_REGEN_GOLDEN=1 python3 -m pytest tests/test_examples.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aclc.frontend import load_policies, load_policy
from aclc.frontend.normalize import render_policy
from aclc.policy import ETH_ARP, PORT_PROTOCOLS

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden" / "normalized"
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.acl"))


def test_the_promised_examples_exist():
    assert {"office.acl", "dmz.acl", "datacenter.acl", "everything.acl"} <= set(EXAMPLE_FILES)
    assert (EXAMPLES / "datacenter-defs.yaml").is_file()


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_matches_golden(name, monkeypatch):
    monkeypatch.chdir(EXAMPLES)  # positions in the rendering are relative to examples/
    policies = load_policies(name)
    assert len(policies) == 1, "one ACL per example file, so load_policy works on each"
    rendered = "".join(render_policy(p) for p in policies.values())
    golden = GOLDEN / (name.removesuffix(".acl") + ".txt")
    if os.environ.get("ACLC_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered)
    assert golden.is_file(), f"missing {golden}; run with ACLC_REGEN_GOLDEN=1"
    assert rendered == golden.read_text()


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_stays_small_for_exact_expansion(name):
    """Others compile every example for every target, including the exact-port single table."""
    policy = load_policy(EXAMPLES / name)
    for rule in policy.rules:
        if rule.ip_proto in PORT_PROTOCOLS:
            def size(ports):
                return 1 if ports is None else sum(r.hi - r.lo + 1 for r in ports)
            assert size(rule.src_ports) * size(rule.dst_ports) <= 64, rule
    assert len(policy.rules) <= 100


def test_everything_uses_every_construct():
    text = (EXAMPLES / "everything.acl").read_text()
    for construct in ["include ", "network ", "service ", "default ", "non-ip ", "remark ", "permit ", "deny ",
                      "ipv4 ", "ipv6 ", "tcp ", "udp ", "sctp ", "icmp ", "icmpv6 ", "proto ", "arp ",
                      "ethertype ", "all ", "any4", "any6", "host ", "!", "{", ">=", "> ", "<=", "< ", "!=",
                      "-", "type ", "icmp-type ", "code ", "in-port", "log", "name ", "service "]:
        assert construct in text, construct
    policy = load_policy(EXAMPLES / "everything.acl")
    assert policy.rules[-1].eth_type == ETH_ARP  # the non-ip statement's trailing rule


def test_language_reference_snippets_compile():
    """The complete snippets of docs/language.md mean what the text says."""
    import re

    from aclc.frontend import parse_policies_text
    from aclc.policy import PortRange

    text = (REPO / "docs" / "language.md").read_text()
    blocks = [body for lang, body in re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S) if not lang]
    (policy,) = parse_policies_text(blocks[0]).values()
    web = [(r.eth_type, r.dst_ports) for r in policy.rules[:2]]
    assert web == [(0x0800, (PortRange(80, 80), PortRange(443, 443))),
                   (0x86DD, (PortRange(80, 80), PortRange(443, 443)))]
    assert [r.dst_ports for r in policy.rules[2:4]] == [(PortRange(22, 22),)] * 2
    services = blocks[1] + "\nacl a { permit service ALT, MAIL, PING, GRE, ANY_TCP }"
    (policy,) = parse_policies_text(services).values()
    assert {(r.ip_proto, r.dst_ports, r.icmp_type) for r in policy.rules if r.eth_type == 0x0800} == {
        (6, None, None), (17, (PortRange(443, 443),), None), (1, None, 8), (47, None, None)}
