"""The switch-test planner's shortcuts decide exactly like the plain definitions: the rule index
(first match without scanning every rule) against a scan of the rules, and a test's slice of the
pipeline against filtering every table. Speed is measured by bench/, not here."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from aclc.evaluate import rule_matches
from aclc.frontend import load_policy, parse_policy_text
from aclc.lower import CompileOptions, compile_policy
from aclc.pipeline import Table
from aclc.ryutest.testbuild import sliced
from aclc.ryutest.witness import RuleIndex, candidates, edge_packets

REPO = Path(__file__).resolve().parent.parent
CLASSBENCH = Path("/work/shared/classbench/acl1_1k")


def scan(policy, packet, stop=None):
    for rule in policy.rules[:stop]:
        if rule_matches(rule, packet):
            return rule.index
    return None


def probe_packets(policy, rng, per_rule=4):
    out = []
    for rule in policy.rules:
        cands = list(candidates(rule))[:per_rule]
        out += cands
        if cands:
            out += edge_packets(rule, cands[0], 4)
            out.append(replace(cands[0], src=rng.getrandbits(32 if cands[0].eth_type == 0x800 else 128)
                               if cands[0].eth_type in (0x800, 0x86DD) else cands[0].src))
    return out


def assert_index_is_a_scan(policy, seed=0):
    rng = random.Random(seed)
    index = RuleIndex(policy)
    n = len(policy.rules)
    for packet in probe_packets(policy, rng):
        for stop in (None, rng.randint(0, n), 0):
            assert index.first_match(packet, stop) == scan(policy, packet, stop), (packet, stop)


@pytest.mark.parametrize("name", ["office.acl", "datacenter.acl", "dmz.acl", "everything.acl"])
def test_rule_index_on_the_examples(name):
    assert_index_is_a_scan(load_policy(REPO / "examples" / name))


@pytest.mark.skipif(not CLASSBENCH.exists(), reason="ClassBench sets not on this machine")
def test_rule_index_on_a_classbench_set(tmp_path):
    from aclc.cli import main

    acl = tmp_path / "acl1_1k.acl"
    assert main(["import", "classbench", str(CLASSBENCH), "-o", str(acl)]) == 0
    assert_index_is_a_scan(load_policy(acl))


# Many rules sharing destination prefixes, so groups are split again by source prefix.
PREFIXES = ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3", "192.0.2.0/24", "any", "0.0.0.0/1"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["permit", "deny"]), st.sampled_from(["tcp", "udp", "ip"]),
                          st.sampled_from(PREFIXES), st.sampled_from(PREFIXES)), min_size=1, max_size=120),
       st.integers(0, 1000))
def test_rule_index_on_generated_policies(rules, seed):
    body = "\n".join(f"    {a} {p} from {s} to {d}" for a, p, s, d in rules)
    assert_index_is_a_scan(parse_policy_text(f"acl g {{\n{body}\n}}\n", "g.acl"), seed)


@pytest.mark.parametrize("name,strategy", [("office.acl", "multi"), ("datacenter.acl", None), ("dmz.acl", "multi")])
def test_a_slice_keeps_exactly_the_given_flows_in_order(name, strategy):
    pipeline = compile_policy(load_policy(REPO / "examples" / name),
                              CompileOptions(target="lagopus", strategy=strategy))
    flows = list(pipeline.flows())
    rng = random.Random(7)
    for _ in range(100):
        some = rng.sample(flows, rng.randint(0, len(flows)))
        keep = set(some)
        want = tuple(Table(t.table_id, t.name, tuple(f for f in t.flows if f in keep)) for t in pipeline.tables)
        assert sliced(pipeline, some).tables == want


@pytest.mark.parametrize("order", ["ascending", "shuffled"])
def test_bdd_witness_region_is_the_rule_minus_every_earlier_rule(order):
    from aclc.ryutest.witness import BddWitness, TARGET_RECV_PORT
    from aclc.semantics.policy import rule_match

    policy = load_policy(REPO / "examples" / "everything.acl")
    bdd = BddWitness(policy)
    space = bdd.space
    indexes = list(range(len(policy.rules))) + [None]
    if order == "shuffled":
        random.Random(3).shuffle(indexes)
    for index in indexes:
        want = space.true if index is None else rule_match(space, policy.rules[index])
        want &= space.eq("in_port", TARGET_RECV_PORT)
        for earlier in policy.rules[:index]:
            want &= ~rule_match(space, earlier)
        assert bdd.decided_region(index) == want, index
