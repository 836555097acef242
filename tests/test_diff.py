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
