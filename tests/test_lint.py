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


def _cover_by_unions(space, target, candidates, matches):
    """The greedy minimal cover spelled out: drop a candidate (last first) when the others
    still chosen cover the target."""
    kept = list(candidates)
    for j in reversed(candidates):
        others = [k for k in kept if k != j]
        union = space.false
        for k in others:
            union = union | matches[k]
        if others and (target & ~union) == space.false:
            kept = others
    return kept


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from strategies import boundary_packets, policies  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(policies(max_rules=7), st.randoms(use_true_random=False))
def test_minimal_cover_is_the_greedy_cover(policy, rng):
    from aclc.semantics.encoding import Space
    from aclc.semantics.lint import _minimal_cover
    from aclc.semantics.policy import rule_match

    space = Space()
    matches = [rule_match(space, r) for r in policy.rules]
    for i in range(len(matches)):
        candidates = sorted(rng.sample(range(i), rng.randrange(i + 1))) if i else []
        assert _minimal_cover(space, matches[i], candidates, matches) == \
            _cover_by_unions(space, matches[i], candidates, matches)


@settings(max_examples=40, deadline=None)
@given(policies(max_rules=7))
def test_later_decider_is_the_first_later_rule_matching(policy):
    from aclc.evaluate import restates_default, rule_matches
    from aclc.semantics.boxes import OverlapIndex
    from aclc.semantics.lint import _later_decider

    index = OverlapIndex(policy)
    for i, rule in enumerate(policy.rules):
        for packet in boundary_packets(policy):
            if not rule_matches(rule, packet):
                continue
            later = [r for r in policy.rules[i + 1:] if rule_matches(r, packet)]
            want = None if not later or restates_default(policy, later[0]) else later[0].index
            assert _later_decider(policy, i, packet, index.meeting(rule) >> (i + 1)) == want


@settings(max_examples=40, deadline=None)
@given(policies(max_rules=6))
def test_examples_are_the_packets_witness_picks(policy):
    from aclc.semantics import witness
    from aclc.semantics.encoding import Space
    from aclc.semantics.lint import pick_packet, pick_values
    from aclc.semantics.policy import rule_match

    space = Space()
    matches = [rule_match(space, r) for r in policy.rules]
    regions = [space.true, space.is_ipv6, ~space.is_ip]
    for k, m in enumerate(matches):
        regions += [m, ~m, m & ~matches[k - 1], m | matches[k - 1]]
    for region in regions:
        if region != space.false:
            assert pick_values(space, region) == witness.pick_values(space, region)
        assert pick_packet(space, region) == witness.pick_packet(space, region)
