"""The multi-table strategy: port classification into metadata, then a masked ACL table."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aclc.errors import AclcError, SourcePos
from aclc.lower.classify import classify_policy, exact_port_lower_bound, rule_ports
from aclc.packet import Packet
from aclc.pipeline import (
    PORT_NAMES, ApplyActions, FlowEntry, GotoTable, Output, Table, WriteMetadata, cookie_rule,
)
from aclc.policy import (
    ETH_ARP, ETH_IPV4, ETH_IPV6, Action, Policy, PortRange, Prefix, Rule,
)
from multi_support import (
    ambiguous_pairs, boundary_packets, compile_multi, disagreements, evaluate_pipeline,
    evaluate_policy, goto, output,
)

PORT_FIELDS = {"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"}


def v4(text: str) -> Prefix:
    import ipaddress

    net = ipaddress.ip_network(text)
    width = 32 if net.version == 4 else 128
    return Prefix(int(net.network_address), net.prefixlen, width)


def ports(*items) -> tuple[PortRange, ...]:
    return tuple(PortRange(*(i if isinstance(i, tuple) else (i, i))) for i in items)


def make_policy(*specs, default=Action.DENY, default_log=False) -> Policy:
    rules = tuple(
        Rule(index=i, action=action, origin=SourcePos("test.acl", i + 1, 5), **fields)
        for i, (action, fields) in enumerate(specs)
    )
    return Policy("test", rules, default, default_log)


P, D = Action.PERMIT, Action.DENY

WEB = make_policy(
    (D, dict(ip_proto=6, src=(v4("10.0.0.0/8"),), dst_ports=ports(23))),
    (P, dict(ip_proto=6, dst_ports=ports(80, 443, (8000, 8099)), log=True)),
    (D, dict(ip_proto=6, src_ports=ports((0, 1023)), dst_ports=ports((1024, 65535)))),
    (P, dict(ip_proto=17, dst=(v4("192.0.2.0/24"),), dst_ports=ports(53, (5000, 5999)))),
    (D, dict(ip_proto=17, src_ports=ports((5500, 6500)))),
    (P, dict(ip_proto=1, icmp_type=8, icmp_code=0)),
    (P, dict(eth_type=ETH_IPV6, ip_proto=6, dst=(v4("2001:db8::/32"),), dst_ports=ports((1000, 2000)))),
    (P, dict(eth_type=ETH_IPV6, ip_proto=58, icmp_type=128)),
    (P, dict(ip_proto=132, src_ports=ports((100, 199), (300, 399)), in_ports=(1, 3))),
    (P, dict(eth_type=ETH_ARP, dst=(v4("10.1.0.0/16"),))),
    (D, dict(eth_type=None, in_ports=(7,))),
    (P, dict(ip_proto=47)),
)


def test_layout_tables_metadata_and_roles():
    pipeline = compile_multi(WEB)
    assert pipeline.strategy == "multi"
    assert [t.table_id for t in pipeline.tables] == [0, 1, 2]
    assert pipeline.entry_table == 0
    src_table, dst_table, acl = pipeline.tables
    for table in (src_table, dst_table):
        for flow in table.flows:
            assert flow.role == "classify" and cookie_rule(flow.cookie) is None
            assert flow.instructions[-1] == GotoTable(table.table_id + 1)
    rules = {cookie_rule(f.cookie) for f in acl.flows if f.role == "rule"}
    assert rules == set(range(len(WEB.rules)))
    assert [f.role for f in acl.flows].count("default") == 1
    # The ACL table ends where a single-table ACL would: in the continuation.
    permits = [f for f in acl.flows if f.role == "rule" and WEB.rules[f.rule_index].action is P]
    assert all(GotoTable(100) in f.instructions for f in permits)


def test_lagopus_safety_no_masked_ports_priorities_at_least_one():
    pipeline = compile_multi(WEB)
    for flow in pipeline.flows():
        assert flow.priority >= 1
        for m in flow.match:
            if m.field in PORT_FIELDS or m.field.startswith("icmp") or m.field == "ip_proto":
                assert m.mask is None, flow
            if m.mask is not None:
                assert m.field in {"metadata", "ipv4_src", "ipv4_dst", "ipv6_src", "ipv6_dst", "arp_tpa"}
                assert m.value & ~m.mask == 0
    # Port fields appear only in classification tables.
    acl = pipeline.tables[-1]
    assert not any(m.field in PORT_FIELDS for f in acl.flows for m in f.match)
    assert ambiguous_pairs(pipeline) == []


def test_equivalent_on_boundary_packets():
    pipeline = compile_multi(WEB)
    packets = boundary_packets(WEB)
    assert len(packets) > 300
    assert disagreements(WEB, pipeline, packets) == []


def test_decisions_on_chosen_packets():
    pipeline = compile_multi(WEB)
    controller = Output(PORT_NAMES["CONTROLLER"], 0xFFFF)
    cases = [
        (Packet(src=v4("10.2.3.4/32").value, ip_proto=6, src_port=4000, dst_port=23), 0),
        (Packet(src=v4("11.0.0.1/32").value, ip_proto=6, src_port=4000, dst_port=8050), 1),
        (Packet(ip_proto=6, src_port=1023, dst_port=1024), 2),
        (Packet(ip_proto=6, src_port=1024, dst_port=1024), None),
        (Packet(ip_proto=17, dst=v4("192.0.2.9/32").value, src_port=5600, dst_port=5999), 3),
        (Packet(ip_proto=17, src_port=6500, dst_port=6000), 4),
        (Packet(ip_proto=132, in_port=3, src_port=399, dst_port=1), 8),
        (Packet(ip_proto=132, in_port=3, src_port=200, dst_port=1), None),
    ]
    for packet, rule in cases:
        want_rule, want = evaluate_policy(WEB, packet, pipeline.continuation)
        assert want_rule == rule, packet
        flow, got = evaluate_pipeline(pipeline, packet)
        assert got == want, packet
        assert cookie_rule(flow.cookie) == rule
    _, logged = evaluate_pipeline(pipeline, cases[1][0])
    assert controller in logged.outputs and logged.goto == 100


def test_classification_uses_exactly_the_lower_bound_of_exact_port_flows():
    pipeline = compile_multi(WEB)
    exact = sum(1 for f in pipeline.flows() if f.role == "classify" and any(m.field in PORT_FIELDS for m in f.match))
    assert exact == exact_port_lower_bound(WEB)
    # Hand count: tcp src {0-1023 | rest} = 1024; tcp dst atoms 23,80,443,8000-8099 and
    # 1024-65535 minus the 100 of 8000-8099 = the largest class, so 65536 - (64512 - 100);
    # udp dst 53 + 5000-5999 vs the rest (1001); udp src 5500-6500 (1001);
    # ipv6 tcp dst 1000-2000 (1001); sctp src 100-199, 300-399 (200).
    assert exact == 1024 + (65536 - 64412) + 1001 + 1001 + 1001 + 200


def test_every_rule_range_is_one_contiguous_id_run():
    classes = classify_policy(WEB)
    for rule in WEB.rules:
        for side in ("src", "dst"):
            ps = rule_ports(rule, side)
            if ps is None:
                continue
            c = classes[(side, (rule.eth_type, rule.ip_proto))]
            for r in ps:
                assert len(c.id_runs([r])) == 1
            # The runs name exactly the classes of the rule's ports.
            ids = {i for lo, hi in c.id_runs(ps) for i in range(lo, hi + 1)}
            assert ids == {c.class_of(p) for r in ps for p in (r.lo, r.hi)} | ids
            for port in (0, 22, 23, 24, 80, 1023, 1024, 5500, 6500, 8099, 65535):
                inside = any(r.lo <= port <= r.hi for r in ps)
                assert (c.class_of(port) in ids) == inside, (rule.index, side, port)


def test_no_port_rules_means_no_classification_tables():
    policy = make_policy((P, dict(ip_proto=6, src=(v4("10.0.0.0/8"),))), (D, dict(ip_proto=17)))
    pipeline = compile_multi(policy, table_base=4)
    assert [t.table_id for t in pipeline.tables] == [4]
    assert pipeline.entry_table == 4
    assert not any(m.field == "metadata" for f in pipeline.flows() for m in f.match)
    assert disagreements(policy, pipeline, boundary_packets(policy)) == []


def test_only_restricted_fields_get_a_table_and_other_protocols_pass_through():
    policy = make_policy((P, dict(ip_proto=6, dst_ports=ports((22, 25)))), default=Action.PERMIT)
    pipeline = compile_multi(policy, permit=output(2))
    assert len(pipeline.tables) == 2
    classify = pipeline.tables[0]
    assert classify.name.startswith("dst")
    lowest = min(classify.flows, key=lambda f: f.priority)
    assert lowest.match == () and lowest.instructions == (GotoTable(1),)
    udp = Packet(ip_proto=17, src_port=5, dst_port=22)
    assert evaluate_pipeline(pipeline, udp)[1].outputs == frozenset({Output(2)})
    assert disagreements(policy, pipeline, boundary_packets(policy)) == []


@pytest.mark.parametrize("permit", [goto(100), output(3), goto(20)])
@pytest.mark.parametrize("priority_base,table_base", [(1, 0), (7, 3), (100, 10)])
def test_options_are_honoured(permit, priority_base, table_base):
    pipeline = compile_multi(WEB, permit=permit, priority_base=priority_base, table_base=table_base)
    assert pipeline.entry_table == table_base
    assert [t.table_id for t in pipeline.tables] == [table_base, table_base + 1, table_base + 2]
    assert min(f.priority for f in pipeline.flows()) == priority_base
    default = [f for f in pipeline.tables[-1].flows if f.role == "default"]
    assert default[0].priority == priority_base and default[0].match == ()
    from aclc.semantics.verify import verify

    assert verify(WEB, pipeline).ok
    assert disagreements(WEB, pipeline, boundary_packets(WEB)[::10]) == []


def test_default_permit_with_log():
    policy = make_policy((D, dict(ip_proto=6, dst_ports=ports((0, 1023)))), default=P, default_log=True)
    pipeline = compile_multi(policy, permit=output(2))
    flow, effect = evaluate_pipeline(pipeline, Packet(ip_proto=6, dst_port=1024))
    assert flow.role == "default"
    assert effect.outputs == frozenset({Output(2), Output(PORT_NAMES["CONTROLLER"], 0xFFFF)})
    assert evaluate_pipeline(pipeline, Packet(ip_proto=6, dst_port=1023))[1].is_drop


def test_refuses_continuation_into_its_own_tables():
    with pytest.raises(AclcError, match="goto_table"):
        compile_multi(WEB, permit=goto(2))


def test_refuses_when_tables_do_not_fit():
    with pytest.raises(AclcError, match="tables"):
        compile_multi(WEB, table_base=253, permit=goto(254))


def test_refuses_without_metadata_masks():
    from aclc.lower.multi import lower_multi
    from multi_support import ReferenceOptions, ReferenceProfile

    profile = ReferenceProfile(name="nometa", maskable=frozenset({"ipv4_src", "ipv4_dst"}))
    with pytest.raises(AclcError, match="metadata"):
        lower_multi(WEB, profile, ReferenceOptions(), tuple(range(20, 20 - len(WEB.rules), -1)))


def test_tie_free_even_when_rules_share_a_priority():
    # Disjoint rules may share a priority; their flows must still never be ambiguous.
    policy = make_policy(
        (P, dict(ip_proto=6, dst_ports=ports((10, 20)))),
        (D, dict(ip_proto=6, dst_ports=ports((21, 30)))),
        (P, dict(ip_proto=17, dst_ports=ports((10, 30)))),
    )
    from aclc.lower.multi import lower_multi
    from multi_support import ReferenceOptions, get_profile

    pipeline = lower_multi(policy, get_profile("lagopus"), ReferenceOptions(), (2, 2, 2))
    assert ambiguous_pairs(pipeline) == []
    assert disagreements(policy, pipeline, boundary_packets(policy)) == []


# ------------------------------------------------------------------ broken pipelines are caught


def _replace_table(pipeline, table_id, flows):
    tables = tuple(Table(t.table_id, t.name, tuple(flows)) if t.table_id == table_id else t for t in pipeline.tables)
    return dataclasses.replace(pipeline, tables=tables)


def test_checks_catch_a_wrong_class_id():
    pipeline = compile_multi(WEB)
    dst = pipeline.tables[1]
    flows = list(dst.flows)
    k = next(i for i, f in enumerate(flows) if f.field("tcp_dst") is not None and f.field("tcp_dst").value == 23)
    victim = flows[k]
    # Give port 23 the class of port 80 (a different class: rule 0 vs rule 1).
    port80 = next(f for f in flows if f.field("tcp_dst") is not None and f.field("tcp_dst").value == 80)
    assert port80.instructions != victim.instructions
    flows[k] = dataclasses.replace(victim, instructions=port80.instructions)
    broken = _replace_table(pipeline, dst.table_id, flows)
    assert disagreements(WEB, broken, boundary_packets(WEB))


def test_checks_catch_a_missing_exact_flow():
    pipeline = compile_multi(WEB)
    dst = pipeline.tables[1]
    flows = [f for f in dst.flows if not (f.field("tcp_dst") is not None and f.field("tcp_dst").value == 443)]
    assert len(flows) == len(dst.flows) - 1
    broken = _replace_table(pipeline, dst.table_id, flows)
    assert disagreements(WEB, broken, boundary_packets(WEB))


def test_checks_catch_a_same_priority_overlap():
    pipeline = compile_multi(WEB)
    acl = pipeline.tables[-1]
    flows = [dataclasses.replace(f, priority=5) if f.role == "rule" else f for f in acl.flows]
    assert ambiguous_pairs(_replace_table(pipeline, acl.table_id, flows))


# ------------------------------------------------------------------ the BDD verifier proves it

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _example_policies():
    from aclc.frontend import load_policies

    for path in sorted(EXAMPLES.glob("*.acl")):
        definitions = sorted(EXAMPLES.glob(f"{path.stem}-defs.yaml"))
        for name, policy in load_policies(path, definitions).items():
            yield f"{path.name}:{name}", policy


def test_verifier_proves_multi_pipelines_of_the_examples():
    from aclc.semantics.verify import verify

    seen = 0
    for label, policy in _example_policies():
        pipeline = compile_multi(policy)
        result = verify(policy, pipeline)
        assert result.ok, f"{label}\n{result.describe()}"
        seen += 1
    assert seen >= 4


def test_verifier_proves_the_hand_built_policy_with_options():
    from aclc.semantics.verify import verify

    for permit, base, table_base in ((goto(100), 1, 0), (output(4), 9, 5)):
        pipeline = compile_multi(WEB, permit=permit, priority_base=base, table_base=table_base)
        assert verify(WEB, pipeline).ok


@pytest.mark.parametrize("name", ["acl1_1k", "fw1_1k", "ipc1_1k"])
def test_verifier_proves_classbench_multi_pipelines(classbench_dir, name):
    from aclc.importers.classbench_format import read_classbench
    from aclc.semantics.verify import verify

    policy = read_classbench(classbench_dir / name)
    pipeline = compile_multi(policy)
    assert sum(1 for t in pipeline.tables if t.name.endswith("port-classes")) >= 1
    result = verify(policy, pipeline)
    assert result.ok, result.describe()


def _confirmed_counterexample(policy, broken):
    from aclc.semantics.verify import verify

    result = verify(policy, broken)
    assert not result.ok
    _, want = evaluate_policy(policy, result.counterexample, broken.continuation)
    _, got = evaluate_pipeline(broken, result.counterexample)
    assert want != got
    return result


def test_verifier_catches_a_wrong_class_id():
    pipeline = compile_multi(WEB)
    dst = pipeline.tables[1]
    flows = list(dst.flows)
    k = next(i for i, f in enumerate(flows) if f.field("tcp_dst") is not None and f.field("tcp_dst").value == 8050)
    port23 = next(f for f in flows if f.field("tcp_dst") is not None and f.field("tcp_dst").value == 23)
    flows[k] = dataclasses.replace(flows[k], instructions=port23.instructions)
    result = _confirmed_counterexample(WEB, _replace_table(pipeline, dst.table_id, flows))
    assert result.counterexample.dst_port == 8050


def test_verifier_catches_a_missing_exact_flow():
    pipeline = compile_multi(WEB)
    src = pipeline.tables[0]
    flows = [f for f in src.flows if not (f.field("sctp_src") is not None and f.field("sctp_src").value == 150)]
    result = _confirmed_counterexample(WEB, _replace_table(pipeline, src.table_id, flows))
    assert result.counterexample.src_port == 150 and result.counterexample.ip_proto == 132


def test_verifier_catches_a_missing_pass_through_flow():
    pipeline = compile_multi(WEB)
    src = pipeline.tables[0]
    flows = [f for f in src.flows if f.match != ()]
    _confirmed_counterexample(WEB, _replace_table(pipeline, src.table_id, flows))


# ------------------------------------------------------------------ through compile_policy


def test_lagopus_default_strategy_is_multi_when_exact_would_explode():
    from aclc.lower import CompileOptions, compile_policy

    # Two ranges on one rule: exact needs 60001 * 2000 flows, multi a few thousand.
    policy = make_policy((P, dict(ip_proto=6, src_ports=ports((1024, 61024)), dst_ports=ports((3000, 4999)))),
                         (D, dict(ip_proto=6, dst_ports=ports((4000, 4100)))))
    pipeline = compile_policy(policy, CompileOptions(target="lagopus"))
    assert pipeline.strategy == "multi"
    assert pipeline.flow_count < 12000
    assert disagreements(policy, pipeline, boundary_packets(policy)) == []


@pytest.mark.parametrize("target", ["lagopus", "of13", "ovs"])
def test_multi_on_every_target(target):
    from aclc.lower import CompileOptions, compile_policy
    from aclc.semantics.verify import verify

    pipeline = compile_policy(WEB, CompileOptions(target=target, strategy="multi"))
    assert pipeline.strategy == "multi" and pipeline.target == target
    masked = [m for f in pipeline.flows() for m in f.match if m.field in PORT_FIELDS and m.mask is not None]
    acl = pipeline.tables[-1]
    assert not any(m.field in PORT_FIELDS for f in acl.flows for m in f.match)
    if target == "ovs":  # port masks honoured: classification by prefix covers, far fewer flows
        assert masked
        exact = compile_policy(WEB, CompileOptions(target="lagopus", strategy="multi"))
        classifying = sum(len(t.flows) for t in pipeline.tables[:-1])
        assert classifying * 10 < sum(len(t.flows) for t in exact.tables[:-1])
    else:
        assert not masked
    assert verify(WEB, pipeline).ok


def test_multi_refuses_more_flows_than_max_flows():
    from aclc.lower import CompileOptions, compile_policy

    with pytest.raises(AclcError, match=r"needs 5,378 flows .*--max-flows"):
        compile_policy(WEB, CompileOptions(target="lagopus", strategy="multi", max_flows=1000))
    assert compile_policy(WEB, CompileOptions(target="lagopus", strategy="multi", max_flows=100000))


# ------------------------------------------------------------------ from the command line


def test_cli_multi_flow_file_round_trips_and_is_proven(tmp_path, capsys):
    from aclc.cli import main
    from aclc.flowparse import parse_ofctl
    from aclc.frontend import load_policy
    from aclc.lower import parse_continuation
    from aclc.pipeline import Pipeline
    from aclc.semantics.verify import verify

    source = EXAMPLES / "everything.acl"
    out = tmp_path / "everything.ofctl"
    status = main(["compile", str(source), "--target", "lagopus", "--strategy", "multi",
                   "--table-base", "3", "--permit", "goto_table:50", "-f", "ofctl", "-o", str(out)])
    assert status == 0, capsys.readouterr().err
    flows = parse_ofctl(out.read_text(), str(out))
    table_ids = sorted({f.table_id for f in flows})
    assert table_ids == [3, 4, 5]
    assert not any(m.field in PORT_FIELDS and m.mask is not None for f in flows for m in f.match)
    policy = load_policy(source)
    tables = tuple(Table(t, "", tuple(f for f in flows if f.table_id == t)) for t in table_ids)
    pipeline = Pipeline(tables, 3, "lagopus", "multi", parse_continuation("goto_table:50"), policy)
    result = verify(policy, pipeline)
    assert result.ok, result.describe()


def test_cli_refuses_a_continuation_inside_the_multi_tables(tmp_path, capsys):
    from aclc.cli import main

    out = tmp_path / "web.ofctl"
    status = main(["compile", str(EXAMPLES / "everything.acl"), "--target", "lagopus", "--strategy", "multi",
                   "--permit", "goto_table:1", "-f", "ofctl", "-o", str(out)])
    assert status == 2
    assert "goto_table:1" in capsys.readouterr().err
    assert not out.exists()
