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


def test_non_ip_statement_is_not_linted_against_the_default_it_restates():
    # 'non-ip permit' with default deny is three rules: the default restated for IPv4 and IPv6, then
    # every other frame. The restated default is no rule of the ACL: no finding about it, none
    # "line 3 generalizes line 3", and the imported golden ACLs are clean.
    assert kinds("acl a {\n  non-ip permit\n  permit tcp from any to any port 80\n}") == []
    assert kinds("acl a {\n  default permit\n  non-ip deny\n  deny tcp from any to any port 22\n}") == []
    from aclc.frontend import load_policies

    for name in ("branch-legacy.acl", "host-fw-input.acl", "gateway6-forward.acl"):
        for policy in load_policies(f"tests/golden/import/{name}").values():
            assert not any("non-ip" in f.message or policy.origin_of(f.rule) == policy.default_origin
                           for f in lint_policy(policy)), name


def test_non_ip_rule_still_generalizes_an_earlier_non_ip_exception():
    found = kinds("acl a {\n  deny arp\n  non-ip permit\n  permit tcp\n}")
    assert ("warning", "generalization", 3, (2,)) in found
    assert all(f[2] != 1 for f in found)  # nothing about the acl header (the default's origin)


def test_lint_of_an_imported_acl_exits_zero(capsys, monkeypatch, tmp_path):
    source = tmp_path / "t.acl"
    source.write_text("acl T {\n    default deny\n    non-ip permit\n    permit ipv4 tcp from any to any\n}\n")
    status, out, err = run_cli(capsys, monkeypatch, "lint", str(source))
    assert status == 0 and out.strip() == "T: no findings", out + err
