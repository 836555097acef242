"""verify on multi-table pipelines: the fast proof (aclc.semantics.multitable) and its mutants.

Every correct multi pipeline of the examples and of random policies must be
proven by the fast path (not by falling back to the full model), with the full
model agreeing. Every broken copy (a wrong class id, a lost or demoted exact
classification flow, a widened metadata mask, a lost ACL flow, swapped ACL
priorities) must get the full model's verdict, and a "not proven" must come
with a counterexample the plain evaluators confirm.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.errors import SourcePos
from aclc.frontend import load_policies
from aclc.lower import CompileOptions, compile_policy
from aclc.pipeline import FieldMatch, WriteMetadata
from aclc.policy import Action, Policy, PortRange, Prefix, Rule
from aclc.semantics.encoding import Space
from aclc.semantics.multitable import validate_multi
from aclc.semantics.verify import verify

from analysis_support import assert_confirmed
from strategies import boundary_packets, decision_mismatches, policies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FAST = "translation validation (multi-table)"
FAST_COUNTEREXAMPLE = "translation validation (multi-table counterexample)"
MULTI = CompileOptions(target="lagopus", strategy="multi")


def example_policies():
    out = []
    for path in sorted(EXAMPLES.glob("*.acl")):
        for name, policy in load_policies(path).items():
            out.append((f"{path.name}:{name}", policy))
    return out


def _ported_policy() -> Policy:
    """Overlapping port ranges on both sides, both protocols, permit and deny interleaved."""
    pos = SourcePos("t.acl", 1, 1)
    net = (Prefix(0x0A000000, 8, 32),)
    specs = [
        (Action.DENY, 6, net, None, (PortRange(1000, 1999),)),
        (Action.PERMIT, 6, None, (PortRange(1024, 65535),), (PortRange(80, 80), PortRange(443, 443), PortRange(1500, 3000))),
        (Action.DENY, 17, None, (PortRange(53, 53),), (PortRange(0, 1023),)),
        (Action.PERMIT, 17, net, None, (PortRange(50, 60), PortRange(5000, 6000))),
        (Action.PERMIT, 6, None, (PortRange(7, 9),), None),
        (Action.DENY, 6, None, None, (PortRange(2000, 2500),)),
        (Action.PERMIT, 6, net, None, None),
    ]
    rules = tuple(Rule(i, action, pos, ip_proto=proto, src=src, src_ports=sp, dst_ports=dp)
                  for i, (action, proto, src, sp, dp) in enumerate(specs))
    return Policy("ports", rules)


def all_policies():
    return example_policies() + [("ported", _ported_policy())]




# ------------------------------------------------------------------ proofs


@pytest.mark.parametrize("label,policy", all_policies(), ids=lambda v: v if isinstance(v, str) else "")
def test_multi_pipelines_are_proven_by_the_fast_path(label, policy):
    pipeline = compile_policy(policy, MULTI)
    result = verify(policy, pipeline)
    assert result.ok and result.stats["method"] == FAST
    assert verify(policy, pipeline, method="full").ok


def test_ported_policy_really_uses_classification_tables():
    pipeline = compile_policy(_ported_policy(), MULTI)
    assert [t.name for t in pipeline.tables] == ["src-port-classes", "dst-port-classes", "acl"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(max_rules=8, max_port_span=8), st.sampled_from([0, 3]))
def test_random_multi_pipelines_are_proven_by_the_fast_path(policy, table_base):
    pipeline = compile_policy(policy, dataclasses.replace(MULTI, table_base=table_base))
    result = verify(policy, pipeline)
    # A policy without port ranges compiles to the ACL table alone: the one-table proof.
    expected = FAST if len(pipeline.tables) > 1 else "translation validation"
    assert result.ok and result.stats["method"] == expected, result.describe()
    assert verify(policy, pipeline, method="full").ok
    assert decision_mismatches(policy, pipeline, boundary_packets(policy)) == []


def test_other_shapes_are_not_claimed():
    policy = _ported_policy()
    single = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))
    assert not validate_multi(Space(), policy, single)


# ------------------------------------------------------------------ mutants


def _replace(pipeline, t, k, flow):
    tables = list(pipeline.tables)
    flows = list(tables[t].flows)
    if flow is None:
        del flows[k]
    else:
        flows[k] = flow
    tables[t] = dataclasses.replace(tables[t], flows=tuple(flows))
    return dataclasses.replace(pipeline, tables=tuple(tables))


def _is_exact_class_flow(flow):
    return flow.role == "classify" and len(flow.match) == 3


def mutants(pipeline, rng):
    """(kind, mutant) pairs, a few of each kind at random flows."""
    for t, table in enumerate(pipeline.tables[:-1]):
        exact = [k for k, f in enumerate(table.flows) if _is_exact_class_flow(f)]
        for k in rng.sample(exact, min(4, len(exact))):
            flow = table.flows[k]
            wrong = tuple(WriteMetadata(i.value ^ (i.mask & -i.mask), i.mask) if isinstance(i, WriteMetadata) else i
                          for i in flow.instructions)
            yield "class-id", _replace(pipeline, t, k, dataclasses.replace(flow, instructions=wrong))
            yield "missing-exact", _replace(pipeline, t, k, None)
            yield "class-priority", _replace(pipeline, t, k, dataclasses.replace(flow, priority=flow.priority - 1))
            yield "class-priority", _replace(pipeline, t, k, dataclasses.replace(flow, priority=flow.priority - 2))
    t = len(pipeline.tables) - 1
    acl = pipeline.tables[t]
    rule_flows = [k for k, f in enumerate(acl.flows) if f.role == "rule"]
    with_metadata = [k for k in rule_flows if acl.flows[k].field("metadata") is not None]
    for k in rng.sample(with_metadata, min(4, len(with_metadata))):
        flow = acl.flows[k]
        match = tuple(FieldMatch(f.field, f.value & (f.mask << 1), f.mask << 1 & ((1 << 64) - 1))
                      if f.field == "metadata" else f for f in flow.match)
        yield "widen-metadata", _replace(pipeline, t, k, dataclasses.replace(flow, match=match))
    for k in rng.sample(rule_flows, min(4, len(rule_flows))):
        yield "drop-acl", _replace(pipeline, t, k, None)
    for _ in range(4):
        if len(rule_flows) < 2:
            break
        a, b = rng.sample(rule_flows, 2)
        fa, fb = acl.flows[a], acl.flows[b]
        if fa.priority != fb.priority:
            swapped = _replace(pipeline, t, a, dataclasses.replace(fa, priority=fb.priority))
            yield "swap", _replace(swapped, t, b, dataclasses.replace(fb, priority=fa.priority))


def test_mutants_of_multi_pipelines_are_caught():
    rng = random.Random(11)
    caught: dict[str, int] = {}
    for _, policy in all_policies():
        pipeline = compile_policy(policy, MULTI)
        for kind, mutant in mutants(pipeline, rng):
            result = verify(policy, mutant)
            full = verify(policy, mutant, method="full")
            assert full.ok == result.ok, kind
            if result.ok:
                assert decision_mismatches(policy, mutant, boundary_packets(policy)) == [], kind
            else:
                assert_confirmed(policy, mutant, result)
                # Found from the failed check itself, not by building the full model.
                assert result.stats["method"] == FAST_COUNTEREXAMPLE, kind
                caught[kind] = caught.get(kind, 0) + 1
    for kind in ("class-id", "missing-exact", "class-priority", "widen-metadata", "drop-acl", "swap"):
        assert caught.get(kind, 0) > 0, (kind, caught)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(max_rules=6, max_port_span=6), st.integers(0, 2**32))
def test_mutants_of_random_multi_pipelines_get_the_full_models_verdict(policy, seed):
    pipeline = compile_policy(policy, MULTI)
    rng = random.Random(seed)
    for kind, mutant in list(mutants(pipeline, rng))[:8]:
        result = verify(policy, mutant)
        assert verify(policy, mutant, method="full").ok == result.ok, kind
        if not result.ok:
            assert_confirmed(policy, mutant, result)


def test_hand_edited_classification_table_outside_the_recognised_shape_falls_back():
    """An out-of-range port value or a masked port in a classification table is not the
    shape the fast path reads: the verdict comes from the full model, still exact."""
    policy = _ported_policy()
    pipeline = compile_policy(policy, MULTI)
    first = pipeline.tables[0]
    k = next(i for i, f in enumerate(first.flows) if _is_exact_class_flow(f))
    flow = first.flows[k]
    port = flow.match[-1]
    for odd in (FieldMatch(port.field, port.value | 0x10000), FieldMatch(port.field, port.value, 0xFF00 & ~0)):
        if odd.mask is not None:
            odd = FieldMatch(odd.field, odd.value & odd.mask, odd.mask)
        mutant = _replace(pipeline, 0, k, dataclasses.replace(flow, match=flow.match[:-1] + (odd,)))
        assert not validate_multi(Space(), policy, mutant)
        result = verify(policy, mutant)
        assert result.ok == verify(policy, mutant, method="full").ok
        if not result.ok:
            assert_confirmed(policy, mutant, result)
