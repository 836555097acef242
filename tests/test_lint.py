"""aclc lint: exact anomaly findings, golden output, exit status."""

from __future__ import annotations

import json

from aclc.errors import SourcePos
from aclc.frontend import parse_policy_text
from aclc.semantics.lint import lint_policy

from analysis_support import assert_golden, run_cli


def kinds(text):
    policy = parse_policy_text(text, "t.acl")
    return [(f.severity, f.kind, policy.origin_of(f.rule).line, tuple(policy.origin_of(r).line for r in f.related if r is not None))
            for f in lint_policy(policy)]


def test_rule_blocked_by_two_earlier_rules_together():
    found = kinds("""acl a {
  permit tcp from 10.0.0.0/9 to any port 80
  permit tcp from 10.128.0.0/9 to any port 80
  deny tcp from 10.0.0.0/8 to any port 80
}""")
    assert ("error", "shadowed", 4, (2, 3)) in found


def test_redundant_rule_covered_by_later_rule_with_same_decision():
    found = kinds("""acl a {
  default deny
  permit tcp from 10.1.0.0/16 to any port 80
  permit tcp from 10.0.0.0/8 to any port 80
}""")
    assert found[0][:3] == ("warning", "redundant", 3)
    assert not any(f[0] == "error" for f in found)


def test_redundancy_is_not_claimed_when_a_rule_in_between_decides_differently():
    found = kinds("""acl a {
  default deny
  permit tcp from 10.1.0.0/16 to any port 80
  deny tcp from 10.0.0.0/8 to any port 80
  permit tcp from any to any port 80
}""")
    assert not any(f[1] == "redundant" and f[2] == 3 for f in found)
    assert ("warning", "generalization", 4, (3,)) in found
    assert not any(f[0] == "error" for f in found)


def test_golden_text_and_exit_status(capsys, monkeypatch):
    status, out, err = run_cli(capsys, monkeypatch, "lint", "tests/golden/analysis/lint.acl")
    assert status == 1 and "3 lines never match" in err
    assert_golden("lint.txt", out)


def test_json_format(capsys, monkeypatch):
    status, out, _ = run_cli(capsys, monkeypatch, "lint", "tests/golden/analysis/lint.acl", "--format", "json")
    data = json.loads(out)
    assert status == 1
    assert {d["severity"] for d in data} == {"error", "warning"}
    assert data[0]["line"] == 4 and data[0]["related"][0]["line"] == 3
    assert_golden("lint.json", out)


def test_clean_acl_exits_zero(capsys, monkeypatch, tmp_path):
    path = tmp_path / "ok.acl"
    path.write_text("acl ok {\n  permit tcp from any to any port 22\n}\n")
    status, out, _ = run_cli(capsys, monkeypatch, "lint", str(path))
    assert status == 0 and "no findings" in out
