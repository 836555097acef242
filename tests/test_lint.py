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


def test_many_earlier_conflicts_are_named_up_to_three_then_counted():
    # Six earlier denies each overlap the permit: three are named with an example, the rest counted.
    text = "acl a {\n" + "".join(f"  deny tcp from 10.0.{k}.0/24 to any\n" for k in range(6)) + \
        "  permit tcp from 10.0.0.0/16 to any port 80\n}"
    policy = parse_policy_text(text, "t.acl")
    found = [f for f in lint_policy(policy) if f.rule == 6]
    assert [(f.kind, tuple(policy.origin_of(r).line for r in f.related)) for f in found] == [
        ("correlation", (2,)), ("correlation", (3,)), ("correlation", (4,)), ("overlaps", (5, 6, 7))]
    assert all(f.example is not None for f in found[:3]) and found[3].example is None
    assert found[3].count == 3
    assert found[3].message == ("this rule also overlaps 3 more earlier lines that decide differently "
                                "(line 5, line 6, line 7); the order decides the packets they share")
    assert found[3].as_dict(policy)["count"] == 3 and "count" not in found[0].as_dict(policy)


def test_one_more_conflict_is_named_rather_than_counted():
    text = "acl a {\n" + "".join(f"  deny tcp from 10.0.{k}.0/24 to any\n" for k in range(4)) + \
        "  permit tcp from 10.0.0.0/16 to any\n}"
    found = kinds(text)
    assert [f[1] for f in found] == ["generalization"] * 4


def _first_match_by_key(space, rules, default):
    """Decision key -> BDD of the packets it decides, by a plain first-match fold (no index)."""
    from aclc.semantics.policy import decision_key, rule_match

    out, covered = {}, space.false
    for rule in rules:
        m = rule_match(space, rule) & ~covered
        key = decision_key(rule)
        out[key] = out.get(key, space.false) | m
        covered = covered | m
    out[default] = out.get(default, space.false) | ~covered
    return {k: v for k, v in out.items() if v != space.false}


@settings(max_examples=60, deadline=None)
@given(policies(max_rules=8))
def test_verdicts_against_brute_force(policy):
    """Never-matching and removable rules, and the earlier rules named or counted as deciding
    differently, against plain BDD first-match semantics over every rule (no overlap index)."""
    from aclc.semantics.encoding import Space
    from aclc.semantics.lint import NAMED
    from aclc.semantics.policy import decision_key, default_key, rule_match

    space = Space()
    rules = policy.rules
    matches = [rule_match(space, r) for r in rules]
    reached, covered = [], space.false
    for m in matches:
        reached.append(m & ~covered)
        covered = covered | m
    keys = [decision_key(r) for r in rules]
    whole = _first_match_by_key(space, rules, default_key(policy))
    found = lint_policy(policy, space)
    for i, m in enumerate(matches):
        mine = [f for f in found if f.rule == i]
        never = [f for f in mine if "never matches" in f.message]
        assert bool(never) == (reached[i] == space.false), (i, mine)
        if never:
            assert len(mine) == 1
            union = space.false
            for j in never[0].related:
                union = union | matches[j]
            assert m & ~union == space.false  # the lines it names block it
            continue
        removable = _first_match_by_key(space, rules[:i] + rules[i + 1:], default_key(policy)) == whole
        assert any(f.kind == "redundant" for f in mine) == removable, (i, mine)
        # Earlier rules deciding differently: G overlap rule i, S of them decide some of its packets.
        g = [j for j in range(i) if keys[j] != keys[i] and reached[j] != space.false and m & matches[j] != space.false]
        s = [j for j in g if reached[j] & m != space.false]
        named = sorted(f.related[0] for f in mine if f.kind in ("generalization", "correlation"))
        assert named == s[:len(named)]  # the first ones that decide some of its packets
        for f in mine:
            if f.kind in ("generalization", "correlation"):
                j = f.related[0]
                assert (f.kind == "generalization") == (matches[j] & ~m == space.false)
                assert f.example is not None
                assert space.false != reached[j] & m & witness_bdd(space, f.example)
        counted = [f for f in mine if f.kind == "overlaps"]
        assert len(counted) <= 1
        rest = list(counted[0].related) if counted else []
        assert not counted or counted[0].count == len(rest)  # at most 7 earlier rules: all listed
        assert set(rest) <= set(g) and not set(rest) & set(named)
        assert set(s) <= set(named) | set(rest)  # none that decides some of its packets is left out
        if len(s) <= NAMED:
            assert named == s


def witness_bdd(space, packet):
    from aclc.semantics.witness import packet_bdd

    return packet_bdd(space, packet)


def test_an_overlap_whose_shared_packets_an_earlier_rule_decides_is_not_named():
    # Line 4 overlaps line 3 (deciding differently) only where line 2 decides first: nothing named.
    found = kinds("acl a {\n  deny tcp from 10.1.0.0/16 to any\n  permit tcp from 10.0.0.0/8 to any port 80\n"
                  "  deny ip from 10.1.0.0/16 to any\n}")
    assert not any(f[2] == 4 and f[1] in ("correlation", "generalization", "overlaps") for f in found), found
