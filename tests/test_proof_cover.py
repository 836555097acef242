"""The proof's shortcut for rules covered alike (products.cover_key) and mutants it must catch.

Rules that differ only in their addresses, with flows that differ only in those
addresses, share one cover verdict: the first is checked, the others only have
their addresses compared. The policy here has many such rules (ClassBench-like:
/32 pairs under a few port ranges), so most rules take that path; every mutant
of a late rule's flows (where the verdict would be reused) must still be caught
with a counterexample the plain evaluators confirm, and the full model must agree.
"""

from __future__ import annotations

import dataclasses

import pytest

from aclc.errors import SourcePos
from aclc.lower import CompileOptions, compile_policy
from aclc.pipeline import COOKIE_RULE_MASK, FieldMatch
from aclc.policy import Action, Policy, PortRange, Prefix, Rule
from aclc.semantics.products import cover_key
from aclc.semantics.verify import verify

from analysis_support import assert_confirmed

POS = SourcePos("t.acl", 1, 1)
FAST = "translation validation (multi-table)"
TARGETS = [CompileOptions(target="ovs"), CompileOptions(target="lagopus", strategy="multi"),
           CompileOptions(target="ovs", strategy="single")]


def _policy() -> Policy:
    rules = []
    dst_ports = [(PortRange(80, 80),), (PortRange(1000, 2000),), (PortRange(443, 443), PortRange(8080, 8081))]
    for i in range(36):
        action = Action.PERMIT if i % 3 else Action.DENY
        proto = 6 if i % 4 else 17
        src = (Prefix(0x0A000001 + (i << 8), 32, 32),)
        dst = (Prefix(0x0B000002 + ((i % 5) << 8), 32, 32),)
        rules.append(Rule(len(rules), action, POS, ip_proto=proto, src=src, dst=dst,
                          src_ports=(PortRange(1024, 65535),), dst_ports=dst_ports[i % 3]))
        if i % 6 == 5:  # a broader rule below: overlaps and priority levels
            rules.append(Rule(len(rules), Action.DENY if action is Action.PERMIT else Action.PERMIT, POS,
                              ip_proto=proto, src=(Prefix(0x0A000000, 16, 32),), dst=dst,
                              dst_ports=(PortRange(0, 4000),)))
    return Policy("alike", tuple(rules))


def _rule_flows(table, rule_index):
    return [k for k, f in enumerate(table.flows) if (f.cookie & COOKIE_RULE_MASK) - 1 == rule_index
            or rule_index in f.also]


def _replace(pipeline, k, flow):
    acl = pipeline.tables[-1]
    flows = list(acl.flows)
    if flow is None:
        del flows[k]
    else:
        flows[k] = flow
    tables = pipeline.tables[:-1] + (dataclasses.replace(acl, flows=tuple(flows)),)
    return dataclasses.replace(pipeline, tables=tables)


def _set_field(flow, name, change):
    return dataclasses.replace(flow, match=tuple(change(fm) if fm.field == name else fm for fm in flow.match))


def test_cover_key_leaves_only_the_addresses_out():
    policy = _policy()
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    acl = pipeline.tables[-1]
    keys = []
    for rule in policy.rules:
        keys.append(cover_key(rule, [acl.flows[k].match for k in _rule_flows(acl, rule.index)]))
    alike = [k for k in keys if k is not None]
    # Most rules share a key with an earlier one: the shortcut is really taken.
    assert len(alike) >= 30 and len(set(alike)) <= len(alike) // 3
    rule = policy.rules[-1]
    matches = [acl.flows[k].match for k in _rule_flows(acl, rule.index)]
    moved = [tuple(FieldMatch(fm.field, fm.value ^ 1) if fm.field == "ipv4_dst" else fm for fm in m) for m in matches]
    assert cover_key(rule, moved) is None  # the addresses are compared, not keyed
    masked = [tuple(FieldMatch(fm.field, fm.value & ~0xFF, 0xFFFFFF00) if fm.field == "ipv4_dst" else fm
                    for fm in m) for m in matches]
    assert cover_key(rule, masked) is None
    unaddressed = [tuple(fm for fm in m if fm.field != "ipv4_src") for m in matches]
    assert cover_key(rule, unaddressed) is None
    other_meta = [tuple(FieldMatch(fm.field, fm.value ^ (fm.mask & -fm.mask), fm.mask) if fm.field == "metadata"
                        else fm for fm in m) for m in matches]
    if any(fm.field == "metadata" for m in matches for fm in m):
        assert cover_key(rule, other_meta) not in (None, keys[-1])
    two = dataclasses.replace(rule, src=(Prefix(0x0A000000, 24, 32), Prefix(0x0C000000, 24, 32)))
    assert cover_key(two, matches) is None


@pytest.mark.parametrize("options", TARGETS, ids=lambda o: f"{o.target}-{o.strategy}")
def test_correct_tables_of_alike_rules_are_proven(options):
    policy = _policy()
    pipeline = compile_policy(policy, options)
    result = verify(policy, pipeline)
    assert result.ok and result.stats["method"].startswith("translation validation"), result.describe()
    if len(pipeline.tables) > 1:
        assert result.stats["method"] == FAST


def _mutants(policy, pipeline):
    acl = pipeline.tables[-1]
    late = [r.index for r in policy.rules[len(policy.rules) // 2:] if r.dst_ports != (PortRange(0, 4000),)]
    for index in late[-6:]:
        ks = _rule_flows(acl, index)
        flow = acl.flows[ks[-1]]
        if flow.field("metadata") is not None:
            yield "metadata", _replace(pipeline, ks[-1], _set_field(
                flow, "metadata", lambda fm: FieldMatch(fm.field, fm.value ^ (fm.mask & -fm.mask), fm.mask)))
        yield "address", _replace(pipeline, ks[-1], _set_field(
            flow, "ipv4_dst", lambda fm: FieldMatch(fm.field, fm.value ^ 0x100, fm.mask)))
        yield "drop", _replace(pipeline, ks[-1], None)
        yield "priority", _replace(pipeline, ks[-1], dataclasses.replace(flow, priority=flow.priority + 1))
        yield "priority", _replace(pipeline, ks[-1], dataclasses.replace(flow, priority=flow.priority - 1))
        others = [k for k in range(len(acl.flows)) if acl.flows[k].priority < flow.priority and
                  acl.flows[k].role == "rule"]
        if others:
            low = min(acl.flows[k].priority for k in others)
            yield "priority", _replace(pipeline, ks[-1], dataclasses.replace(flow, priority=low))


@pytest.mark.parametrize("options", TARGETS, ids=lambda o: f"{o.target}-{o.strategy}")
def test_mutants_of_alike_rules_are_caught(options):
    policy = _policy()
    pipeline = compile_policy(policy, options)
    caught: dict = {}
    for kind, mutant in _mutants(policy, pipeline):
        result = verify(policy, mutant)
        assert verify(policy, mutant, method="full").ok == result.ok, kind
        if not result.ok:
            assert_confirmed(policy, mutant, result)
            caught[kind] = caught.get(kind, 0) + 1
    for kind in ("address", "drop", "priority"):
        assert caught.get(kind, 0) > 0, (kind, caught)
    if len(pipeline.tables) > 1:
        assert caught.get("metadata", 0) > 0, caught
