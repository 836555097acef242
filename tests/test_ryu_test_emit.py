"""The Ryu switch-test emitter, checked without a switch.

Every emitted file must load through os-ken's own tester parser, and every
expected outcome is checked here a second, independent way: the frame the
tester will build is decoded back into header fields and the ACL is asked
what it decides (permit -> egress, deny -> PACKET_IN or table-miss).
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from aclc.errors import AclcError, CheckFailed
from aclc.evaluate import evaluate_policy
from aclc.frontend import load_policies, parse_policy_text
from aclc.lower import CompileOptions, compile_policy
from aclc.packet import Packet
from aclc.pipeline import ApplyActions, Output
from aclc.policy import Action

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

GOLDEN = Path(__file__).parent / "golden" / "ryu_test"
TARGETS = [("lagopus", None), ("lagopus", "multi"), ("ovs", "single")]  # ovs picks multi for SMALL unasked

SMALL = """
acl small {
  default deny
  permit tcp from 10.0.0.0/8 to any port 1000-2000
  deny udp from any to 192.168.0.0/16 port 53
  permit icmp from any to any type echo-request
  permit ipv6 udp from 2001:db8::/32 port 1024-65535 to any port 5000-5100
  deny tcp from 10.1.0.0/16 to any port 1500 log
  permit ipv6 icmpv6 from any to 2001:db8::/64 type 135
  permit sctp from any to any port 9899
}
"""


def _emit(policy, target="lagopus", strategy=None, **options):
    from aclc.ryutest.emit import emit

    pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
    return pipeline, emit(pipeline, **options)


def example_policies():
    out = []
    for path in sorted(EXAMPLES.glob("*.acl")):
        for name in load_policies(path):
            out.append(pytest.param(path, name, id=f"{path.stem}-{name}"))
    return out


def decode(strings: list[str]) -> Packet:
    """The header fields of the frame the tester builds from ``strings``."""
    from os_ken.lib.packet import arp, ethernet, icmp, icmpv6, ipv4, ipv6, packet, sctp, tcp, udp

    from aclc.ryutest.packets import build

    pkt = packet.Packet(build(strings))
    eth = pkt.get_protocol(ethernet.ethernet)
    fields = {"in_port": 1, "eth_type": eth.ethertype}
    ip4, ip6, a = pkt.get_protocol(ipv4.ipv4), pkt.get_protocol(ipv6.ipv6), pkt.get_protocol(arp.arp)
    if ip4:
        fields.update(src=int(ipaddress.ip_address(ip4.src)), dst=int(ipaddress.ip_address(ip4.dst)), ip_proto=ip4.proto)
    elif ip6:
        fields.update(src=int(ipaddress.ip_address(ip6.src)), dst=int(ipaddress.ip_address(ip6.dst)), ip_proto=ip6.nxt)
    elif a:
        fields.update(src=int(ipaddress.ip_address(a.src_ip)), dst=int(ipaddress.ip_address(a.dst_ip)))
    for cls in (tcp.tcp, udp.udp, sctp.sctp):
        l4 = pkt.get_protocol(cls)
        if l4:
            fields.update(src_port=l4.src_port, dst_port=l4.dst_port)
    for cls in (icmp.icmp, icmpv6.icmpv6):
        l4 = pkt.get_protocol(cls)
        if l4:
            fields.update(icmp_type=getattr(l4, "type", getattr(l4, "type_", None)), icmp_code=l4.code)
    return Packet(**fields)


def check_against_acl(policy, files) -> dict[str, int]:
    """Every probe's expectation agrees with the ACL's decision for the decoded frame."""
    counts = {"egress": 0, "PACKET_IN": 0, "table-miss": 0}
    for name, text in files.items():
        if not name.endswith(".json"):
            continue
        data = json.loads(text)
        for test in data[1:]:
            for probe in test["tests"]:
                packet = decode(probe["ingress"])
                index, _ = evaluate_policy(policy, packet, parse_permit())
                rule = policy.rules[index] if index is not None else None
                action = rule.action if rule else policy.default_action
                log = rule.log if rule else policy.default_log
                (outcome,) = set(probe) - {"ingress"}
                counts[outcome] += 1
                if action == Action.PERMIT:
                    assert outcome == "egress", (packet, index)
                elif log:
                    assert outcome == "PACKET_IN", (packet, index)
                else:
                    assert outcome in ("PACKET_IN", "table-miss"), (packet, index)
                    if index is None:
                        assert outcome == "table-miss", packet
    return counts


def json_texts(files):
    return [text for name, text in files.items() if name.endswith(".json")]


def parse_permit():
    from aclc.lower import parse_continuation

    return parse_continuation("goto_table:100")


@pytest.mark.parametrize("target,strategy", TARGETS)
@pytest.mark.parametrize("path,acl", example_policies())
def test_examples_load_in_the_tester_and_agree_with_the_acl(path, acl, target, strategy):
    from aclc.ryutest.validate import validate_files

    policy = load_policies(path)[acl]
    pipeline, files = _emit(policy, target, strategy)
    assert validate_files(files) == []
    counts = check_against_acl(policy, files)
    assert counts["egress"] and sum(counts.values()) >= len(policy.rules)
    # Every rule has a witness, or the uncovered list says why it has none.
    covered = set()
    for name, text in files.items():
        if name.endswith(".json"):
            for test in json.loads(text)[1:]:
                for probe in test["tests"]:
                    index, _ = evaluate_policy(policy, decode(probe["ingress"]), pipeline.continuation)
                    covered.add(index)
    listed = "".join(v for k, v in files.items() if k.endswith("uncovered.txt"))
    for rule in policy.rules:
        if rule.index not in covered:
            assert f"rule {rule.index + 1} " in listed, rule


@pytest.mark.parametrize("target,strategy", TARGETS)
def test_small_acl_covers_every_outcome_and_edge(target, strategy):
    policy = parse_policy_text(SMALL, "small.acl")
    _, files = _emit(policy, target, strategy)
    counts = check_against_acl(policy, files)
    assert counts["egress"] and counts["PACKET_IN"] and counts["table-miss"]
    text = "".join(files.values())
    # Port range edges just inside and just outside 1000-2000 (IPv4 TCP).
    for port in (999, 1000, 2000, 2001):
        assert f"dst_port={port}," in text
    assert "icmpv6(type_=135" in text and "sctp(" in text and "ipv6(" in text


def test_descriptions_are_unique_and_name_the_acl_and_the_build():
    policy = parse_policy_text(SMALL, "small.acl")
    seen = set()
    for target, strategy in [("lagopus", "multi"), ("ovs", None), ("of13", "multi")]:
        _, files = _emit(policy, target, strategy)
        for name, text in files.items():
            if not name.endswith(".json"):
                assert "shadowed" in text  # rule 5 lies wholly inside rule 1
                continue
            description = json.loads(text)[0]
            assert description.startswith("aclc small [")
            assert "PACKET_IN" in description and "table-miss" in description
            assert description not in seen
            seen.add(description)


@pytest.mark.parametrize("target,strategy", [("lagopus", "multi"), ("ovs", "multi"), ("of13", "multi")])
def test_match_fields_in_switch_order_without_full_masks(target, strategy):
    """Each target's files list match fields in the order that switch reports them in
    (Lagopus: OXM field numbers; Open vSwitch: its own), from the target's profile."""
    from aclc.ryutest.emit import field_order
    from aclc.profiles import OVS_REPORT_ORDER, OXM_NUMBER_ORDER

    assert field_order(target) == (OVS_REPORT_ORDER if target == "ovs" else OXM_NUMBER_ORDER)
    policy = parse_policy_text(SMALL, "small.acl")
    _, files = _emit(policy, target, strategy)
    rank = {f: i for i, f in enumerate(field_order(target))}
    seen_metadata = False
    for text in json_texts(files):
        for test in json.loads(text)[1:]:
            for mod in test["prerequisite"]:
                fields = [f["OXMTlv"] for f in mod["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"]]
                names = [f["field"] for f in fields]
                assert names == sorted(names, key=rank.__getitem__)
                seen_metadata |= "metadata" in names
                for f in fields:
                    assert f.get("mask") not in ("255.255.255.255", 0xFFFF, 0xFFFFFFFFFFFFFFFF)
    assert seen_metadata  # the multi-table build really is tested through its metadata


def test_lagopus_and_ovs_orders_differ_where_it_matters():
    """metadata first (OXM) or last (Open vSwitch); ip_proto before or after the addresses:
    each target's files pass the check for their own switch and fail it for the other."""
    from aclc.ryutest.validate import validate_files

    policy = parse_policy_text(SMALL, "small.acl")
    _, lagopus = _emit(policy, "lagopus", "multi")
    _, ovs = _emit(policy, "ovs", "multi")
    first = lambda files: next(json.loads(t)[1]["prerequisite"] for t in json_texts(files)  # noqa: E731
                               if any(len(m["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"]) > 2
                                      for m in json.loads(t)[1]["prerequisite"]))
    names = lambda mods: [[f["OXMTlv"]["field"] for f in m["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"]]  # noqa: E731
                          for m in mods]
    assert names(first(lagopus)) != names(first(ovs))
    assert validate_files(lagopus) == [] and validate_files(ovs) == []
    assert any("order" in p for p in validate_files(lagopus, target="ovs"))
    assert any("order" in p for p in validate_files(ovs, target="lagopus"))


def test_a_file_that_names_no_target_is_not_guessed():
    from aclc.ryutest.validate import validate_files

    policy = parse_policy_text(SMALL, "small.acl")
    _, files = _emit(policy, "ovs", "single")
    name, data = _one_test(files)
    data[0] = data[0].replace("[ovs/single]", "")
    problems = validate_files({name: json.dumps(data)})
    assert len(problems) == 1 and "names no target" in problems[0] and "--target" in problems[0]
    assert validate_files({name: json.dumps(data)}, target="ovs") == []


def test_prerequisites_hold_only_the_flows_their_packets_match():
    policy = parse_policy_text(SMALL, "small.acl")
    pipeline, files = _emit(policy, "lagopus", "multi")
    sizes = [len(t["prerequisite"]) for text in json_texts(files) for t in json.loads(text)[1:]]
    assert max(sizes) < pipeline.flow_count / 10  # the classification tables hold thousands


def test_golden_files():
    """The exact text for one small ACL per target (ACLC_REGEN_GOLDEN=1 rewrites them)."""
    policy = parse_policy_text(SMALL, "small.acl")
    for target, strategy in TARGETS:
        _, files = _emit(policy, target, strategy)
        for name, text in files.items():
            path = GOLDEN / name
            if os.environ.get("ACLC_REGEN_GOLDEN") == "1":
                GOLDEN.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            assert path.read_text() == text, f"{name} differs from its golden file"


def test_wrong_pipeline_is_refused():
    """A compiled table that permits what the ACL denies gets no test file."""
    from aclc.ryutest.emit import emit

    policy = parse_policy_text(SMALL, "small.acl")
    pipeline = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))
    table = pipeline.tables[0]
    broken = []
    for flow in table.flows:
        if flow.rule_index == 1:  # deny udp ... port 53 -> permit
            flow = replace(flow, instructions=pipeline.continuation.instructions)
        broken.append(flow)
    bad = replace(pipeline, tables=(replace(table, flows=tuple(broken)),) + pipeline.tables[1:])
    with pytest.raises(CheckFailed, match="does not decide"):
        emit(bad)


def test_unobservable_action_is_refused():
    from aclc.ryutest.emit import emit

    policy = parse_policy_text(SMALL, "small.acl")
    pipeline = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))
    table = pipeline.tables[0]
    flows = list(table.flows)
    flows[0] = replace(flows[0], instructions=(ApplyActions((Output(7),)),))
    bad = replace(pipeline, tables=(replace(table, flows=tuple(flows)),))
    with pytest.raises(AclcError):
        emit(bad)


def test_max_tests_caps_and_samples(classbench_dir):
    from aclc.importers.classbench_format import read_classbench

    policy = read_classbench(classbench_dir / "acl1_1k")
    _, files = _emit(policy, "ovs", None, max_tests=5)
    tests = [t for text in json_texts(files) for t in json.loads(text)[1:]]
    assert len(tests) <= 5
    assert "sampled" in json.loads(json_texts(files)[0])[0]


@pytest.mark.parametrize("target,strategy", [("ovs", None), ("lagopus", "multi")])
def test_classbench_subset(classbench_dir, target, strategy):
    from aclc.importers.classbench_format import read_classbench
    from aclc.ryutest.validate import validate_files

    full = read_classbench(classbench_dir / "acl1_1k")
    policy = replace(full, rules=full.rules[:150])
    _, files = _emit(policy, target, strategy, validate=False)
    assert validate_files(files) == []
    counts = check_against_acl(policy, files)
    assert counts["egress"] and counts["PACKET_IN"] and counts["table-miss"]
    for text in json_texts(files):
        for test in json.loads(text)[1:]:
            assert len(test["prerequisite"]) <= 300


# ---------------------------------------------------------------- validation catches


def _one_test(files):
    name, text = next((k, v) for k, v in files.items() if k.endswith(".json"))
    return name, json.loads(text)


def test_validation_catches_what_the_switch_would_refuse():
    from aclc.ryutest.validate import validate_files

    policy = parse_policy_text(SMALL, "small.acl")
    _, files = _emit(policy, "ovs", "single")
    name, data = _one_test(files)
    mod = data[1]["prerequisite"][0]["OFPFlowMod"]
    fields = mod["match"]["OFPMatch"]["oxm_fields"]

    reordered = json.loads(json.dumps(data))
    reordered[1]["prerequisite"][0]["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"] = list(reversed(fields))
    assert any("order" in p for p in validate_files({name: json.dumps(reordered)}))

    masked = json.loads(json.dumps(data))
    masked_fields = masked[1]["prerequisite"][0]["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"]
    masked_fields.append({"OXMTlv": {"field": "metadata", "value": 3, "mask": 2}})
    assert any("outside mask" in p for p in validate_files({name: json.dumps(masked)}))

    three = json.loads(json.dumps(data))
    three[1]["tests"][0]["table-miss"] = [0]
    assert any("one of" in p for p in validate_files({name: json.dumps(three)}))

    bad_packet = json.loads(json.dumps(data))
    bad_packet[1]["tests"][0]["ingress"] = ["ethernet(nosuchfield=1)"]
    assert any("cannot load" in p for p in validate_files({name: json.dumps(bad_packet)}))

    assert any("description" in p for p in validate_files({name: json.dumps(data), "b.json": json.dumps(data)}))


def test_parse_report():
    from aclc.ryutest.runner import parse_report

    text = """--- Test start ---
waiting for switches connection...
dpid=0000000000000001 : Join target SW.
aclc small [ovs/single] part 01 of 01: rules 1-3
    0001 rule 1 (small.acl:3) permit; 3 flows; 2 egress                        OK
    0002 rule 2 (small.acl:4) deny; 1 flows; 1 PACKET_IN                       ERROR
        Receiving timeout: no packet-in.
---  Test end  ---

--- Test report ---
Receiving timeout(1)
    aclc small [ovs/single] part 01 of 01: rules 1-3 0002 rule 2 (small.acl:4) deny; 1 flows; 1 PACKET_IN

OK(1) / ERROR(1)
"""
    report = parse_report(text)
    assert report.complete and (report.ok, report.error) == (1, 1)
    assert [r.ok for r in report.results] == [True, False]
    assert report.failures[0].reason == "Receiving timeout: no packet-in."
    assert report.failures[0].file.startswith("aclc small")
    assert "ERROR aclc small" in report.summary()
    assert report.restored is None  # this tester never read the target's flows


def test_parse_report_reads_whether_the_target_was_restored():
    from aclc.ryutest.runner import parse_report

    head = """--- Test start ---
dpid=0000000000000001 : Join target SW.
target switch: found 3 flows, 0 groups, 0 meters (restored after the run)
aclc small [ovs/single] part 01 of 01: rules 1-3
    0001 rule 1 (small.acl:3) permit; 3 flows; 2 egress                        OK
---  Test end  ---
"""
    good = parse_report(head + "target switch: restored 3 flows, 0 groups, 0 meters as found\n\nOK(1) / ERROR(0)\n")
    assert good.restored is True and good.complete and good.ok == 1
    assert [r.file for r in good.results] == ["aclc small [ovs/single] part 01 of 01: rules 1-3"]
    bad = parse_report(head + "target switch: NOT restored: Receiving timeout\n\nOK(1) / ERROR(0)\n")
    assert bad.restored is False and "NOT restored: Receiving timeout" in bad.summary()


def test_indexed_first_match_agrees_with_the_evaluator(classbench_dir):
    """The witness search's rule index finds exactly evaluate_policy's deciding rule."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from aclc.importers.classbench_format import read_classbench
    from aclc.ryutest.witness import candidates, first_match

    full = read_classbench(classbench_dir / "acl1_1k")
    policy = replace(full, rules=full.rules[:300])
    near = [p for rule in policy.rules[::7] for p in list(candidates(rule))[:2]]

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(near), st.integers(0, 0xFFFF), st.integers(0, 0xFFFFFFFF), st.booleans())
    def agree(packet, port, address, flip):
        packet = replace(packet, dst_port=port) if flip else replace(packet, src=address)
        assert first_match(policy, packet) == evaluate_policy(policy, packet, parse_permit())[0]

    agree()


def test_validation_checks_each_distinct_flow_once_and_misses_none():
    from aclc.ryutest.validate import validate_files

    policy = parse_policy_text(SMALL, "small.acl")
    _, files = _emit(policy, "ovs", "single")
    name, data = _one_test(files)
    good = data[1]["prerequisite"][0]
    # The same good flow in every test: still no problem.
    shared = json.loads(json.dumps(data))
    for test in shared[1:]:
        test["prerequisite"].append(good)
    assert validate_files({name: json.dumps(shared)}) == []
    # A bad flow that only a later file's test installs is found, though its other flows were seen.
    bad = json.loads(json.dumps(good))
    bad["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"].append(
        {"OXMTlv": {"field": "metadata", "value": 3, "mask": 2}})
    later = json.loads(json.dumps(data))
    later[0] = later[0] + " (second file)"
    later[-1]["prerequisite"].append(bad)
    problems = validate_files({name: json.dumps(shared), "z.json": json.dumps(later)})
    assert any(p.startswith("z.json: ") and "outside mask" in p for p in problems)


@pytest.mark.parametrize("max_tests", [2, 4, 6, 9])
def test_a_cap_that_leaves_rules_out_always_says_so_with_the_true_count(max_tests):
    """Whether the rules were sampled up front or the cap was reached part-way, the plan is marked
    sampled and covered_rules counts exactly the rules that have a test."""
    from aclc.ryutest.plan import PlanOptions, plan_tests

    body = "\n".join(f"    permit tcp from 10.0.{i}.0/24 to any port {1000 + i}" for i in range(60))
    policy = parse_policy_text(f"acl many {{\n{body}\n}}\n", "many.acl")
    pipeline = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))
    full = plan_tests(pipeline, PlanOptions())
    assert not full.sampled and full.covered_rules == len(policy.rules) - len(full.uncovered)
    plan = plan_tests(pipeline, PlanOptions(max_tests=max_tests))
    with_tests = {r for t in plan.tests for r in t.rules if r is not None}
    assert len(plan.tests) <= max_tests
    assert plan.covered_rules == len(with_tests)
    assert plan.sampled == (len(with_tests) < full.covered_rules)
    from aclc.emit import emit

    notes = []
    emit(pipeline, "ryu-test", max_tests=max_tests, notes=notes)
    assert bool(notes) == plan.sampled
