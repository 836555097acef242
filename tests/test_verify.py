"""verify: proofs on compiled examples and random policies, and mutants it must catch.

Every mutant is a compiled pipeline broken the way real tables break (a lost
flow, swapped priorities, a widened mask, a masked port the switch ignores, a
wrong action, a wrong class id in metadata). A verdict "not proven" must come
with a counterexample that the plain evaluators confirm; a verdict "proven"
must survive every boundary packet.
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
from aclc.lower import CompileOptions, compile_policy, parse_continuation
from aclc.pipeline import (
    ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, PORT_NAMES, Pipeline, Table, WriteMetadata, make_cookie,
)
from aclc.policy import Action, Policy, PortRange, Prefix, Rule
from aclc.semantics.verify import verify

from analysis_support import assert_confirmed
from strategies import boundary_packets, decision_mismatches, policies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TARGETS = [("ovs", None), ("lagopus", "exact"), ("lagopus", "multi"), ("of13", None)]


def example_policies():
    out = []
    for path in sorted(EXAMPLES.glob("*.acl")):
        for name, policy in load_policies(path).items():
            out.append((f"{path.name}:{name}", policy))
    return out




def check_verdict(policy, pipeline, method="auto"):
    result = verify(policy, pipeline, method=method)
    if result.ok:
        assert decision_mismatches(policy, pipeline, boundary_packets(policy)) == []
    else:
        assert_confirmed(policy, pipeline, result)
    return result


# ------------------------------------------------------------------ hand-built

V4 = 0x0800
NORMAL = parse_continuation("NORMAL")


def _policy():
    ten = (Prefix(0x0A000000, 8, 32),)
    return Policy("t", (
        Rule(0, Action.DENY, SourcePos("t.acl", 3), ip_proto=6, dst=ten, dst_ports=(PortRange(80, 89),)),
        Rule(1, Action.PERMIT, SourcePos("t.acl", 4), ip_proto=6, dst_ports=(PortRange(0, 1023),)),
    ))


def _flows(tcp80_mask=0xFFF8):
    def fm(*items):
        return tuple(FieldMatch(*i) for i in items)
    permit = NORMAL.instructions
    return [
        FlowEntry(0, 3, fm(("eth_type", V4), ("ip_proto", 6), ("ipv4_dst", 0x0A000000, 0xFF000000), ("tcp_dst", 80, tcp80_mask)), (), make_cookie(0)),
        FlowEntry(0, 3, fm(("eth_type", V4), ("ip_proto", 6), ("ipv4_dst", 0x0A000000, 0xFF000000), ("tcp_dst", 88, 0xFFFE)), (), make_cookie(0)),
        FlowEntry(0, 2, fm(("eth_type", V4), ("ip_proto", 6), ("tcp_dst", 0, 0xFC00)), permit, make_cookie(1)),
        FlowEntry(0, 1, (), (), make_cookie(None), "default"),
    ]


def _pipeline(flows, policy):
    return Pipeline((Table(0, "acl", tuple(flows)),), 0, "ovs", "single", NORMAL, policy)


@pytest.mark.parametrize("method", ["auto", "full"])
def test_hand_built_table_is_proven(method):
    policy = _policy()
    assert verify(policy, _pipeline(_flows(), policy), method=method).ok


@pytest.mark.parametrize("method", ["auto", "full"])
def test_widened_port_mask_gives_the_exact_counterexample(method):
    policy = _policy()
    pipeline = _pipeline(_flows(tcp80_mask=0xFFF0), policy)  # 80-95 instead of 80-87
    result = check_verdict(policy, pipeline, method)
    assert 90 <= result.counterexample.dst_port <= 95
    assert result.rule == 1 and result.flow.rule_index == 0
    assert "t.acl:4" in result.describe()


def test_multi_table_metadata_is_modelled():
    """Table 0 classifies tcp_dst into metadata; table 1 matches the class with a mask."""
    policy = Policy("m", (Rule(0, Action.PERMIT, SourcePos("m.acl", 1), ip_proto=6, dst_ports=(PortRange(22, 22),)),))
    permit = parse_continuation("goto_table:100")

    def fm(*items):
        return tuple(FieldMatch(*i) for i in items)

    def build(class_value):
        classify = Table(0, "classify", (
            FlowEntry(0, 10, fm(("eth_type", V4), ("ip_proto", 6), ("tcp_dst", 22)),
                      (WriteMetadata(class_value, 0x3), GotoTable(1)), make_cookie(None), "classify"),
            FlowEntry(0, 1, (), (GotoTable(1),), make_cookie(None), "classify"),
        ))
        acl = Table(1, "acl", (
            FlowEntry(1, 5, fm(("metadata", 0x1, 0x3), ("eth_type", V4), ("ip_proto", 6)), permit.instructions, make_cookie(0)),
            FlowEntry(1, 1, (), (), make_cookie(None), "default"),
        ))
        return Pipeline((classify, acl), 0, "lagopus", "multi", permit, policy)

    assert verify(policy, build(0x1)).ok
    result = check_verdict(policy, build(0x2))  # wrong class id
    assert result.counterexample.dst_port == 22


def test_same_priority_disagreement_is_ambiguous():
    policy = _policy()
    flows = _flows()
    flows[2] = dataclasses.replace(flows[2], priority=3)  # permit flow now ties with the deny flows
    result = check_verdict(policy, _pipeline(flows, policy))
    assert result.ambiguous and "pick either" in result.describe()


# ------------------------------------------------------------------ examples


@pytest.mark.parametrize("target,strategy", TARGETS)
@pytest.mark.parametrize("label,policy", example_policies(), ids=lambda v: v if isinstance(v, str) else "")
def test_examples_are_proven(label, policy, target, strategy):
    pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
    assert verify(policy, pipeline).ok
    assert verify(policy, pipeline, method="full").ok


def _replace_flow(pipeline, table_index, flow_index, new_flow):
    tables = list(pipeline.tables)
    flows = list(tables[table_index].flows)
    if new_flow is None:
        del flows[flow_index]
    else:
        flows[flow_index] = new_flow
    tables[table_index] = dataclasses.replace(tables[table_index], flows=tuple(flows))
    return dataclasses.replace(pipeline, tables=tuple(tables))


def _widen(flow):
    for k, f in enumerate(flow.match):
        if f.field.startswith(("ipv4", "ipv6", "tcp", "udp", "sctp")) and f.field != "eth_type":
            width = 128 if f.field.startswith("ipv6") else (32 if f.field.startswith("ipv4") else 16)
            mask = (1 << width) - 1 if f.mask is None else f.mask
            mask = (mask << 1) & ((1 << width) - 1)
            new = FieldMatch(f.field, f.value & mask, mask if mask != (1 << width) - 1 else None) if mask else None
            match = list(flow.match)
            if new is None:
                del match[k]
            else:
                match[k] = new
            return dataclasses.replace(flow, match=tuple(match))
    return None


def _drop_masked_ports(flow):
    """What Lagopus does with a masked L4 port: ignores it."""
    kept = tuple(f for f in flow.match if not (f.field.endswith(("_src", "_dst")) and f.field[:3] in ("tcp", "udp", "sct") and f.mask is not None))
    return dataclasses.replace(flow, match=kept) if kept != flow.match else None


def _flip_action(flow, pipeline):
    permit = pipeline.continuation.instructions
    return dataclasses.replace(flow, instructions=() if flow.instructions else permit)


def mutants(pipeline, rng):
    """(kind, mutant) pairs: a few of each kind, at random flows."""
    spots = [(t, k) for t, table in enumerate(pipeline.tables) for k in range(len(table.flows))]
    rng.shuffle(spots)
    for t, k in spots[:6]:
        flow = pipeline.tables[t].flows[k]
        yield "drop", _replace_flow(pipeline, t, k, None)
        yield "action", _replace_flow(pipeline, t, k, _flip_action(flow, pipeline))
        widened = _widen(flow)
        if widened is not None:
            yield "widen", _replace_flow(pipeline, t, k, widened)
        lagopus = _drop_masked_ports(flow)
        if lagopus is not None:
            yield "masked-port", _replace_flow(pipeline, t, k, lagopus)
        for ins in flow.instructions:
            if isinstance(ins, WriteMetadata):
                wrong = tuple(WriteMetadata(i.value ^ (i.mask & -i.mask), i.mask) if isinstance(i, WriteMetadata) else i
                              for i in flow.instructions)
                yield "class-id", _replace_flow(pipeline, t, k, dataclasses.replace(flow, instructions=wrong))
    # Masked ports are few among all flows: pick some on purpose, not only by chance.
    masked = [(t, k) for t, k in spots if _drop_masked_ports(pipeline.tables[t].flows[k]) is not None]
    for t, k in masked[:3]:
        yield "masked-port", _replace_flow(pipeline, t, k, _drop_masked_ports(pipeline.tables[t].flows[k]))
    for t, table in enumerate(pipeline.tables):
        rule_flows = [k for k, f in enumerate(table.flows) if f.role == "rule"]
        for _ in range(3):
            if len(rule_flows) < 2:
                break
            a, b = rng.sample(rule_flows, 2)
            fa, fb = table.flows[a], table.flows[b]
            if fa.priority == fb.priority:
                continue
            swapped = _replace_flow(pipeline, t, a, dataclasses.replace(fa, priority=fb.priority))
            yield "swap", _replace_flow(swapped, t, b, dataclasses.replace(fb, priority=fa.priority))


@pytest.mark.parametrize("target,strategy", TARGETS)
def test_mutants_of_examples_are_caught(target, strategy):
    rng = random.Random(7)
    caught: dict[str, int] = {}
    for _, policy in example_policies():
        pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
        for kind, mutant in mutants(pipeline, rng):
            result = check_verdict(policy, mutant)
            full = verify(policy, mutant, method="full")
            assert full.ok == result.ok, kind
            if not result.ok:
                caught[kind] = caught.get(kind, 0) + 1
    # Every kind of breakage that occurs was caught at least once (many mutants change decisions).
    for kind in ("drop", "action", "widen", "swap"):
        assert caught.get(kind, 0) > 0, (kind, caught)
    if strategy == "multi":
        assert caught.get("class-id", 0) > 0, caught
    if target == "ovs":
        assert caught.get("masked-port", 0) > 0, caught


# ------------------------------------------------------------------ random policies


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(max_rules=8, max_port_span=8), st.sampled_from(TARGETS), st.integers(0, 2**32))
def test_random_policies_verify_agrees_with_the_evaluator(policy, target, seed):
    target, strategy = target
    pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
    assert verify(policy, pipeline).ok
    assert verify(policy, pipeline, method="full").ok
    rng = random.Random(seed)
    for kind, mutant in list(mutants(pipeline, rng))[:6]:
        result = check_verdict(policy, mutant)
        assert verify(policy, mutant, method="full").ok == result.ok, kind


def test_a_goto_back_to_the_same_or_an_earlier_table_is_refused():
    """Every table is checked, also when many flows share the offending instructions; the
    message names the first such flow."""
    from aclc.errors import AclcError

    policy = Policy("t", (Rule(0, Action.PERMIT, SourcePos("t.acl", 1, 1), ip_proto=6,
                               dst_ports=(PortRange(0, 3), PortRange(8, 9))),))
    pipeline = compile_policy(policy, CompileOptions(target="lagopus", strategy="multi"))
    assert verify(policy, pipeline).ok
    for t, table in enumerate(pipeline.tables):
        back = (GotoTable(table.table_id),)
        k = len(table.flows) // 2
        flows = table.flows[:k] + tuple(dataclasses.replace(f, instructions=back) for f in table.flows[k:])
        mutant = dataclasses.replace(pipeline, tables=pipeline.tables[:t] + (dataclasses.replace(table, flows=flows),)
                                     + pipeline.tables[t + 1:])
        with pytest.raises(AclcError, match=rf"flow in table {table.table_id} \(priority {flows[k].priority}\) "
                                            rf"goes back to table {table.table_id}"):
            verify(policy, mutant)
