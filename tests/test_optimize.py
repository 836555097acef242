"""optimize_policy keeps every decision (same BDD model) and really shrinks policies."""

from __future__ import annotations

from hypothesis import given, settings

from aclc.frontend import parse_policy_text
from aclc.lower import CompileOptions, compile_policy
from aclc.semantics.encoding import Space
from aclc.semantics.optimize import optimize_policy
from aclc.semantics.policy import policy_meaning
from aclc.semantics.verify import verify

from strategies import policies


def equivalent(a, b):
    space = Space()
    return policy_meaning(space, a).by_effect == policy_meaning(space, b).by_effect


def test_removes_shadowed_and_redundant_and_merges_adjacent():
    policy = parse_policy_text("""acl a {
  default deny
  permit tcp from 10.0.0.0/8 to any port 80
  deny tcp from 10.1.0.0/16 to any port 80
  permit tcp from any to any port 8080
  permit tcp from any to any port 8081-8090
  deny tcp from 172.16.0.0/12 to any port 22
}""", "o.acl")
    optimized, report = optimize_policy(policy)
    assert equivalent(policy, optimized)
    assert {p.line for p in report.removed} == {4, 7}
    assert {(a.line, b.line) for a, b in report.merged} == {(5, 6)}  # once per address family
    ports = [r.dst_ports for r in optimized.rules if r.dst_ports and r.dst_ports[0].lo == 8080]
    assert ports and ports[0][0].hi == 8090
    ovs = CompileOptions(target="ovs")
    assert compile_policy(optimized, ovs).flow_count < compile_policy(policy, ovs).flow_count
    assert verify(optimized, compile_policy(optimized, ovs)).ok


@settings(max_examples=80, deadline=None)
@given(policies(max_rules=8))
def test_random_policies_stay_equivalent(policy):
    optimized, report = optimize_policy(policy)
    assert equivalent(policy, optimized)
    assert len(optimized.rules) <= len(policy.rules)
    assert [r.index for r in optimized.rules] == list(range(len(optimized.rules)))


def test_compile_optimize_flag_reports_flows_before_and_after(capsys, monkeypatch):
    from analysis_support import run_cli

    status, out, err = run_cli(capsys, monkeypatch, "compile", "tests/golden/analysis/lint.acl",
                               "--target", "ovs", "-f", "ofctl", "--optimize", "--stats")
    assert status == 0, err
    assert "optimize: rules 12 -> 6, flows 16 -> 11" in err
    assert out.count("\ntable=") + out.startswith("table=") == 11
