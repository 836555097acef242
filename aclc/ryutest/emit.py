"""Ryu / os-ken switch-test JSON (format ``ryu-test``): test files that check a compiled ACL
on a real switch.

Unlike the other formats (:mod:`aclc.emit`), this one decides what to test: it plans
packets with the BDD semantics (:mod:`aclc.ryutest.plan`, :mod:`aclc.ryutest.witness`),
so it lives with the rest of the switch-test support.

Output: a directory of JSON files for os-ken's ``tests/switch/tester.py``
(see docs/ryu-test.md). Each file starts with a description that names the ACL,
the target and strategy and the rules it covers; the tester keys files by that
string, so every one is unique.

The flows installed are a *test build* of the compiled Pipeline (every match,
priority, table, cookie, metadata write and goto unchanged; only what a
decision does is changed so the tester can see it): permit outputs to
``target_send_port_1`` (egress), deny outputs to the controller (PACKET_IN), and
the default-deny flow is left out (a real table-miss). Each test installs only
the flows its packets can match. Nothing is returned unless every prerequisite
loads through os-ken's own parser and every expected outcome agrees with the
packet evaluators (see :mod:`aclc.ryutest.plan`).
"""

from __future__ import annotations

import json
import re

from ..errors import AclcError
from ..pipeline import ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, WriteMetadata
from .fieldorder import field_order, field_rank, scope
from .packets import ipv4_text, ipv6_text, packet_strings
from .plan import EGRESS, PACKET_IN, TABLE_MISS, PlannedTest, PlanOptions, TestPlan, plan_tests
from .testbuild import CONTROLLER, TARGET_SEND_PORT

__all__ = ["emit", "field_order", "flow_mod", "render"]

_IPV4_FIELDS = frozenset({"ipv4_src", "ipv4_dst", "arp_spa", "arp_tpa"})
_IPV6_FIELDS = frozenset({"ipv6_src", "ipv6_dst"})

TESTS_PER_FILE = 25
BUILD_NOTE = (
    "test build: permit -> output to target_send_port_1 (egress); deny -> output to the controller "
    "(PACKET_IN: checks the classification); default-deny flow left out (table-miss); "
    "log copies to the controller left out"
)


def emit(pipeline, max_tests: int | None = None, max_flows: int | None = None, validate: bool = True,
         notes: list[str] | None = None, **_ignored) -> dict[str, str]:
    """{file name: JSON text} for a directory of switch tests of ``pipeline``; when ``max_tests``
    left rules out, a sentence saying how many rules got tests is appended to ``notes``."""
    options = PlanOptions(max_tests=max_tests)
    if max_flows is not None:
        options = PlanOptions(max_tests=max_tests, max_flows=max_flows)
    if max_tests is not None and max_tests < 1:
        raise AclcError("--max-tests must be at least 1")
    refuse_stateful(pipeline.policy)
    plan = plan_tests(pipeline, options)
    if plan.sampled and notes is not None:
        notes.append(f"switch tests for {plan.covered_rules} of {len(pipeline.policy.rules)} rules of ACL "
                     f"{pipeline.policy.name} (sampled evenly to at most {max_tests} tests)")
    files = render(plan)
    if validate:
        from .validate import validate_files

        problems = validate_files(files, target=pipeline.target)
        if problems:
            raise AclcError("refusing to write switch tests the tester would reject: " + problems[0],
                            detail="\n".join(problems[1:20]) or None)
    return files


# ---------------------------------------------------------------- JSON forms


def refuse_stateful(policy) -> None:
    """The switch test tool sends single packets outside any connection, and its match and
    action forms have no conntrack or TCP flags: no tests for such rules."""
    for rule in policy.rules:
        if rule.ct_state is not None or rule.tcp_flags is not None:
            what = "a connection state" if rule.ct_state is not None else "TCP flags"
            raise AclcError(
                f"no Ryu switch tests for rules with {what}: the test tool sends single packets "
                "outside any connection and has no conntrack or tcp_flags forms; compile these "
                "rules with -f ofctl (docs/language.md, 'Connection state and TCP flags')", rule.origin)


def oxm(fm: FieldMatch) -> dict:
    if fm.field in _IPV4_FIELDS:
        tlv = {"field": fm.field, "value": ipv4_text(fm.value)}
        if fm.mask is not None:
            tlv["mask"] = ipv4_text(fm.mask)
    elif fm.field in _IPV6_FIELDS:
        tlv = {"field": fm.field, "value": ipv6_text(fm.value)}
        if fm.mask is not None:
            tlv["mask"] = ipv6_text(fm.mask)
    else:
        tlv = {"field": fm.field, "value": fm.value}
        if fm.mask is not None:
            tlv["mask"] = fm.mask
    return {"OXMTlv": tlv}


def _output(action: Output) -> dict:
    if action.port == TARGET_SEND_PORT:
        return {"OFPActionOutput": {"port": "target_send_port_1"}}
    if action.port == CONTROLLER:
        return {"OFPActionOutput": {"port": CONTROLLER, "max_len": action.max_len}}
    return {"OFPActionOutput": {"port": action.port}}


def instruction(ins) -> dict:
    if isinstance(ins, ApplyActions):
        return {"OFPInstructionActions": {"type": 4, "actions": [_output(a) for a in ins.actions]}}
    if isinstance(ins, WriteMetadata):
        return {"OFPInstructionWriteMetadata": {"metadata": ins.value, "metadata_mask": ins.mask}}
    if isinstance(ins, GotoTable):
        return {"OFPInstructionGotoTable": {"table_id": ins.table_id}}
    raise AclcError(f"no switch-test form for instruction {ins!r}")


def flow_mod(flow: FlowEntry, rank: dict[str, int]) -> dict:
    """The flow as the tester's OFPFlowMod JSON, match fields in ``rank`` order (the order
    the target switch reports them in: :func:`field_order`)."""
    for fm in flow.match:
        if fm.field not in rank:
            raise AclcError(f"table {flow.table_id}: no switch-test form for match field {fm.field}")
    fields = sorted(flow.match, key=lambda f: rank[f.field])
    return {"OFPFlowMod": {
        "table_id": flow.table_id,
        "priority": flow.priority,
        "cookie": flow.cookie,
        "match": {"OFPMatch": {"oxm_fields": [oxm(f) for f in fields]}},
        "instructions": [instruction(i) for i in flow.instructions],
    }}


# ---------------------------------------------------------------- descriptions


def _rule_label(plan: TestPlan, index: int | None) -> str:
    policy = plan.pipeline.policy
    if index is None:
        return f"default {policy.default_action.value}"
    rule = policy.rules[index]
    origin = rule.origin
    name = f" '{rule.name}'" if rule.name else ""
    return f"rule {index + 1}{name} ({origin.file.rsplit('/', 1)[-1]}:{origin.line}) {rule.action.value}"


def test_description(plan: TestPlan, test: PlannedTest, number: int) -> str:
    rules = [r for r in test.rules]
    counts = {k: sum(1 for e in test.expectations if e.outcome == k) for k in (EGRESS, PACKET_IN, TABLE_MISS)}
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    if rules == [None]:
        what = f"{_rule_label(plan, None)}: packets no rule matches"
    elif len(rules) == 1:
        what = _rule_label(plan, rules[0])
    else:
        what = f"{_rule_label(plan, rules[0])} .. {_rule_label(plan, rules[-1])} ({len(rules)} rules)"
    return f"{number:04d} {what}; {len(test.flows)} flows; {summary}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "acl"


def render(plan: TestPlan) -> dict[str, str]:
    pipeline = plan.pipeline
    acl = pipeline.policy.name
    chunks = [plan.tests[i:i + TESTS_PER_FILE] for i in range(0, len(plan.tests), TESTS_PER_FILE)]
    files: dict[str, str] = {}
    number = 0
    where = scope(pipeline.target, pipeline.strategy)
    rank = field_rank(pipeline.target)
    extras = []
    if plan.dispatch_added:
        extras.append(f"table 0 holds one goto_table:{pipeline.entry_table} flow to reach the ACL")
    if plan.sampled:
        extras.append(f"sampled: {plan.covered_rules} of {len(pipeline.policy.rules)} rules (--max-tests)")
    for k, chunk in enumerate(chunks, 1):
        tests = []
        for test in chunk:
            number += 1
            tests.append(_test_json(plan, test, number, rank))
        first = next((r for t in chunk for r in t.rules if r is not None), None)
        last = next((r for t in reversed(chunk) for r in reversed(t.rules) if r is not None), None)
        if first is None:
            part = "default action"
        else:
            part = f"rules {first + 1}-{last + 1}"
            if any(None in t.rules for t in chunk):
                part += " and the default action"
        description = f"aclc {acl} {where} part {k:02d} of {len(chunks):02d}: {part}; {BUILD_NOTE}"
        if extras:
            description += "; " + "; ".join(extras)
        name = f"{_slug(acl)}-{_slug(pipeline.target)}-{_slug(pipeline.strategy)}-{k:02d}.json"
        files[name] = _dump([description] + tests)
    if plan.uncovered:
        lines = [f"# Rules of ACL {acl} with no switch test, and why"]
        for index, why in plan.uncovered:
            lines.append(f"{_rule_label(plan, index)}: {why}")
        files[f"{_slug(acl)}-{_slug(pipeline.target)}-{_slug(pipeline.strategy)}-uncovered.txt"] = "\n".join(lines) + "\n"
    return files


def _test_json(plan: TestPlan, test: PlannedTest, number: int, rank: dict[str, int]) -> dict:
    # Flows in table order, then highest priority first, as a reader expects.
    flows = sorted(test.flows, key=lambda f: (f.table_id, -f.priority, f.cookie))
    packets = []
    for e in test.expectations:
        strings = packet_strings(e.probe.packet)
        if e.outcome == TABLE_MISS:
            packets.append({"ingress": strings, "table-miss": [e.miss_table]})
        else:
            packets.append({"ingress": strings, e.outcome: strings})
    return {
        "description": test_description(plan, test, number),
        "prerequisite": [flow_mod(f, rank) for f in flows],
        "tests": packets,
    }


def _dump(value: list) -> str:
    """One flow or packet entry per line: readable in a diff, still plain JSON."""
    line = lambda v: json.dumps(v, separators=(", ", ": "))  # noqa: E731
    parts = [line(value[0])]
    for test in value[1:]:
        body = ",\n".join(f"   {line(f)}" for f in test["prerequisite"])
        probes = ",\n".join(f"   {line(t)}" for t in test["tests"])
        parts.append(
            f' {{"description": {line(test["description"])},\n'
            f'  "prerequisite": [\n{body}\n  ],\n'
            f'  "tests": [\n{probes}\n  ]}}'
        )
    return "[\n " + ",\n".join(parts) + "\n]\n"
