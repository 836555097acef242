"""aclc diff: exact changed regions, examples confirmed by the evaluator, golden output."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.evaluate import evaluate_policy
from aclc.frontend import parse_policy_text
from aclc.pipeline import Continuation
from aclc.semantics.diff import diff_policies
from aclc.semantics.encoding import Space
from aclc.semantics.policy import policy_meaning

from analysis_support import assert_golden, run_cli
from strategies import boundary_packets, policies

PROBE = Continuation((), "permit")


def decision(policy, packet):
    rule, _ = evaluate_policy(policy, packet, PROBE)
    r = policy.rules[rule] if rule is not None else None
    return (r.action, r.log) if r else (policy.default_action, policy.default_log)


def test_golden_and_exit_status(capsys, monkeypatch):
    status, out, err = run_cli(capsys, monkeypatch, "diff", "tests/golden/analysis/old.acl", "tests/golden/analysis/new.acl")
    assert status == 1 and "differently" in err
    assert_golden("diff.txt", out)


def test_equivalent_files_exit_zero(capsys, monkeypatch):
    status, out, _ = run_cli(capsys, monkeypatch, "diff", "tests/golden/analysis/old.acl", "tests/golden/analysis/old.acl")
    assert status == 0 and "same way" in out


def test_region_is_the_exact_port_range():
    old = parse_policy_text("acl a {\n permit tcp from any to any port 80\n}", "old.acl")
    new = parse_policy_text("acl a {\n permit tcp from any to any port 80-90\n}", "new.acl")
    result = diff_policies(old, new)
    assert result.complete
    boxes = {dict(r.box)["protocol"]: dict(r.box) for r in result.regions}
    assert boxes["ipv4 tcp"]["dst_port"] == "81-90"
    assert boxes["ipv6 tcp"]["dst_port"] == "81-90"


@settings(max_examples=40, deadline=None)
@given(policies(max_rules=5), policies(max_rules=5))
def test_regions_cover_exactly_the_changed_packets(old, new):
    result = diff_policies(old, new, max_regions=1000)
    space = Space()
    a, b = policy_meaning(space, old), policy_meaning(space, new)
    assert result.equivalent == (a.by_effect == b.by_effect)
    for region in result.regions:
        assert decision(old, region.example) == region.old_decision
        assert decision(new, region.example) == region.new_decision
    if result.complete:
        for packet in boundary_packets(old) + boundary_packets(new):
            changed = decision(old, packet) != decision(new, packet)
            assert not changed or not result.equivalent


def _reindexed(policy, rules):
    import dataclasses

    return dataclasses.replace(policy, rules=tuple(dataclasses.replace(r, index=i) for i, r in enumerate(rules)))


@settings(max_examples=30, deadline=None)
@given(policies(max_rules=6), st.integers(0, 3), st.integers(0, 5), st.integers(0, 5))
def test_meanings_of_the_changed_rules_give_the_whole_diff(old, edit, i, j):
    """Diffing only where the changed rules (and the rules overlapping them) decide gives the same
    regions, examples and deciding lines as diffing the two whole meanings."""
    import dataclasses

    from aclc.policy import Action
    from aclc.semantics import diff

    rules = list(old.rules)
    if rules:
        i, j = i % len(rules), j % len(rules)
        if edit == 0:
            del rules[i]
        elif edit == 1:
            rules.insert(j, rules[i])
        elif edit == 2:
            rules[i], rules[j] = rules[j], rules[i]
        else:
            flipped = Action.PERMIT if rules[i].action == Action.DENY else Action.DENY
            rules[i] = dataclasses.replace(rules[i], action=flipped)
    new = _reindexed(old, rules)
    fast = diff_policies(old, new, max_regions=50)
    whole = diff._meanings
    try:
        diff._meanings = lambda space, a, b: (policy_meaning(space, a), policy_meaning(space, b))
        slow = diff_policies(old, new, max_regions=50)
    finally:
        diff._meanings = whole
    assert fast == slow


def test_changed_rules_are_the_middle_between_common_ends():
    from aclc.semantics.diff import changed_rules

    text = "acl a {{\n{}\n}}"
    rules = [f" permit tcp from any to any port {p}" for p in (1, 2, 3, 4, 5)]
    old = parse_policy_text(text.format("\n".join(rules)), "old.acl")
    new = parse_policy_text(text.format("\n".join(rules[:2] + [" deny udp from any to any"] + rules[3:])), "new.acl")
    assert changed_rules(old, new) == (range(4, 6), range(4, 6))  # IPv4 and IPv6 rule of the third line
    assert changed_rules(old, old) == (range(10, 10), range(10, 10))
