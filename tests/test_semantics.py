"""The BDD model decides every packet like the plain evaluators (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.evaluate import AmbiguousMatch, evaluate_pipeline, evaluate_policy
from aclc.lower import CompileOptions, compile_policy, parse_continuation
from aclc.semantics.encoding import Space
from aclc.semantics.pipeline import pipeline_meaning
from aclc.semantics.policy import policy_meaning
from aclc.semantics.witness import packet_bdd, pick_packet

from strategies import boundary_packets, packets_for, policies

TARGETS = [("ovs", None), ("lagopus", "exact"), ("lagopus", "multi"), ("of13", None)]


def decided(space, meaning, packet):
    point = packet_bdd(space, packet)
    hits = [effect for effect, region in meaning.by_effect.items() if (region & point) != space.false]
    assert len(hits) == 1, hits  # a partition: exactly one effect per packet
    return hits[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_policy_meaning_matches_the_evaluator(data):
    policy = data.draw(policies(max_rules=8))
    permit = parse_continuation(data.draw(st.sampled_from(["NORMAL", "goto_table:100", "output:3"])))
    space = Space()
    meaning = policy_meaning(space, policy, permit)
    packets = boundary_packets(policy) + [data.draw(packets_for(policy)) for _ in range(20)]
    for packet in packets:
        assert decided(space, meaning, packet) == evaluate_policy(policy, packet, permit)[1], packet


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_pipeline_meaning_matches_the_evaluator(data):
    policy = data.draw(policies(max_rules=6, max_port_span=8))
    target, strategy = data.draw(st.sampled_from(TARGETS))
    pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
    space = Space()
    meaning = pipeline_meaning(space, pipeline)
    assert meaning.ambiguous == space.false
    for packet in boundary_packets(policy) + [data.draw(packets_for(policy)) for _ in range(20)]:
        assert decided(space, meaning, packet) == evaluate_pipeline(pipeline, packet)[1], packet


@settings(max_examples=40, deadline=None)
@given(policies(max_rules=6))
def test_witness_packets_lie_in_their_region(policy):
    space = Space()
    permit = parse_continuation("NORMAL")
    meaning = policy_meaning(space, policy, permit)
    for effect, region in meaning.by_effect.items():
        packet = pick_packet(space, region)
        assert evaluate_policy(policy, packet, permit)[1] == effect


def test_a_match_value_wider_than_its_field_matches_nothing_as_in_the_evaluator():
    from aclc.evaluate import evaluate_pipeline as _evaluate
    from aclc.lower import parse_continuation as _continuation
    from aclc.packet import Packet as _Packet
    from aclc.pipeline import FieldMatch as _FM, FlowEntry as _Flow, Pipeline as _Pipeline, Table as _Table
    from aclc.policy import Policy as _Policy
    from aclc.semantics.encoding import Space as _Space
    from aclc.semantics.pipeline import flow_match as _flow_match, pipeline_meaning as _meaning
    from aclc.semantics.witness import packet_bdd as _packet_bdd

    space = _Space()
    permit = _continuation("NORMAL")
    wide = _Flow(0, 10, (_FM("eth_type", 0x0800), _FM("ip_proto", 6), _FM("tcp_dst", 80 | 0x10000)),
                 permit.instructions, 0)
    assert _flow_match(space, wide) == space.false
    pipeline = _Pipeline((_Table(0, "t", (wide,)),), 0, "ovs", "single", permit, _Policy("p", ()))
    packet = _Packet(ip_proto=6, dst_port=80)
    _, effect = _evaluate(pipeline, packet)
    decided = _meaning(space, pipeline)
    assert (decided.by_effect[effect] & _packet_bdd(space, packet)) != space.false
