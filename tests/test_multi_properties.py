"""Properties of the multi-table strategy on random policies with many overlapping ranges:
the pipeline decides every packet exactly like the ACL, is Lagopus-safe, and uses the
least exact-port flows."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.errors import SourcePos
from aclc.lower.classify import exact_port_lower_bound
from aclc.packet import Packet
from aclc.policy import ETH_IPV4, ETH_IPV6, Action, Policy, Prefix, Rule
from aclc.ranges import canonical_prefixes, normalize_ranges
import strategies as shared
from multi_support import ambiguous_pairs, boundary_packets, compile_multi, disagreements, goto, output

PORT_OXMS = {"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"}

# Range edges cluster near both ends of the port line, so ranges overlap often and the
# classification tables stay small enough to evaluate packet by packet.
low_port = st.integers(0, 300)
high_port = st.integers(65300, 65535)


@st.composite
def port_ranges(draw):
    lo = draw(st.one_of(low_port, high_port))
    hi = draw(st.one_of(st.integers(lo, max(lo, 300)), st.integers(max(lo, 65300), 65535), st.just(65535)))
    return (lo, max(lo, hi))


port_sets = st.one_of(
    st.none(),
    st.lists(port_ranges(), min_size=1, max_size=3).map(normalize_ranges),
)

V4 = [Prefix(0x0A000000, 8, 32), Prefix(0x0A010000, 16, 32), Prefix(0x0A010200, 24, 32),
      Prefix(0x0A010203, 32, 32), Prefix(0xC0000200, 24, 32), Prefix(0x0A800000, 9, 32)]
V6 = [Prefix(0x20010DB8 << 96, 32, 128), Prefix((0x20010DB8 << 96) | (1 << 80), 48, 128),
      Prefix((0x20010DB8 << 96) | 1, 128, 128)]


@st.composite
def rules(draw, index: int):
    family = draw(st.sampled_from([ETH_IPV4, ETH_IPV4, ETH_IPV4, ETH_IPV6]))
    pool = V4 if family == ETH_IPV4 else V6
    width = 32 if family == ETH_IPV4 else 128
    addresses = st.one_of(st.none(), st.lists(st.sampled_from(pool), min_size=1, max_size=2)
                          .map(lambda ps: canonical_prefixes(ps, width)))
    icmp = 1 if family == ETH_IPV4 else 58
    proto = draw(st.sampled_from([6, 6, 17, 17, 132, icmp, None, 47]))
    fields = dict(eth_type=family, ip_proto=proto, src=draw(addresses), dst=draw(addresses))
    if proto in (6, 17, 132):
        fields.update(src_ports=draw(port_sets), dst_ports=draw(port_sets))
    elif proto == icmp and draw(st.booleans()):
        fields.update(icmp_type=draw(st.sampled_from([0, 3, 8])))
        if draw(st.booleans()):
            fields.update(icmp_code=draw(st.sampled_from([0, 1])))
    if draw(st.integers(0, 4)) == 0:
        fields.update(in_ports=tuple(sorted(draw(st.sets(st.integers(1, 3), min_size=1)))))
    return Rule(index=index, action=draw(st.sampled_from(list(Action))), log=draw(st.integers(0, 5)) == 0,
                origin=SourcePos("random.acl", index + 1, 1), **fields)


@st.composite
def policies(draw):
    n = draw(st.integers(1, 10))
    return Policy("random", tuple(draw(rules(i)) for i in range(n)),
                  draw(st.sampled_from(list(Action))), draw(st.booleans()))


@st.composite
def packets(draw):
    family = draw(st.sampled_from([ETH_IPV4, ETH_IPV6]))
    pool = V4 if family == ETH_IPV4 else V6
    base = draw(st.sampled_from(pool))
    address = st.sampled_from([base.value, base.last(), base.value - 1, base.last() + 1, 0])
    port = st.one_of(low_port, high_port, st.integers(0, 65535))
    return Packet(in_port=draw(st.integers(1, 4)), eth_type=family,
                  src=max(0, draw(address)) % (1 << base.width), dst=max(0, draw(address)) % (1 << base.width),
                  ip_proto=draw(st.sampled_from([6, 17, 132, 1, 58, 47])),
                  src_port=draw(port), dst_port=draw(port),
                  icmp_type=draw(st.sampled_from([0, 3, 8])), icmp_code=draw(st.sampled_from([0, 1])))


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(policies(), st.lists(packets(), max_size=30), st.sampled_from(["goto", "output"]),
       st.integers(1, 50), st.integers(0, 20))
def test_multi_pipeline_decides_like_the_acl(policy, extra, permit_kind, priority_base, table_base):
    permit = goto(table_base + 60) if permit_kind == "goto" else output(2)
    pipeline = compile_multi(policy, permit=permit, priority_base=priority_base, table_base=table_base)
    assert pipeline.entry_table == table_base
    assert [t.table_id for t in pipeline.tables] == list(range(table_base, table_base + len(pipeline.tables)))
    assert disagreements(policy, pipeline, boundary_packets(policy) + extra) == []


@SETTINGS
@given(policies())
def test_multi_pipeline_is_lagopus_safe_and_minimal(policy):
    pipeline = compile_multi(policy)
    assert ambiguous_pairs(pipeline) == []
    exact = 0
    for flow in pipeline.flows():
        assert flow.priority >= 1
        for m in flow.match:
            assert m.mask is None or m.field in {"metadata", "ipv4_src", "ipv4_dst", "ipv6_src", "ipv6_dst"}
        if flow.role == "classify" and any(m.field in PORT_OXMS for m in flow.match):
            exact += 1
    assert exact == exact_port_lower_bound(policy)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.integers(0, 10))
def test_verifier_proves_random_multi_pipelines(policy, table_base):
    from aclc.semantics.verify import verify

    pipeline = compile_multi(policy, table_base=table_base, permit=goto(table_base + 50))
    result = verify(policy, pipeline)
    assert result.ok, result.describe()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.data())
def test_verifier_catches_a_random_wrong_class_id(policy, data):
    """Moving one port into another class is caught unless no decision depends on it."""
    import dataclasses

    from aclc.evaluate import evaluate_pipeline, evaluate_policy
    from aclc.pipeline import Table
    from aclc.semantics.verify import verify

    pipeline = compile_multi(policy)
    classify = [t for t in pipeline.tables if t.name.endswith("port-classes")]
    candidates = [t for t in classify if len({f.instructions for f in t.flows if f.priority > 1}) > 1]
    if not candidates:
        return
    table = data.draw(st.sampled_from(candidates))
    flows = list(table.flows)
    k = data.draw(st.sampled_from([i for i, f in enumerate(flows) if f.match and any(m.field in PORT_OXMS for m in f.match)]))
    others = sorted({f.instructions for f in flows if f.match and f.instructions != flows[k].instructions
                     and f.field("ip_proto") == flows[k].field("ip_proto")
                     and f.field("eth_type") == flows[k].field("eth_type")}, key=repr)
    if not others:
        return
    flows[k] = dataclasses.replace(flows[k], instructions=data.draw(st.sampled_from(others)))
    broken = dataclasses.replace(pipeline, tables=tuple(
        Table(t.table_id, t.name, tuple(flows)) if t.table_id == table.table_id else t for t in pipeline.tables))
    result = verify(policy, broken)
    if result.ok:
        # Then the move really changes no decision: check that on the moved port's packets.
        port = next(m.value for m in flows[k].match if m.field in PORT_OXMS)
        for p in boundary_packets(policy):
            for q in (dataclasses.replace(p, src_port=port), dataclasses.replace(p, dst_port=port)):
                assert evaluate_policy(policy, q, broken.continuation)[1] == evaluate_pipeline(broken, q)[1]
    else:
        packet = result.counterexample
        assert evaluate_policy(policy, packet, broken.continuation)[1] != evaluate_pipeline(broken, packet)[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shared.policies(), st.data())
def test_multi_on_the_shared_random_policies(policy, data):
    """The project-wide policy generator: wide and negated ranges, ARP, other ethertypes."""
    from aclc.semantics.verify import verify

    pipeline = compile_multi(policy)
    result = verify(policy, pipeline)
    assert result.ok, result.describe()
    packets = shared.boundary_packets(policy)[:60] + data.draw(st.lists(shared.packets_for(policy), max_size=10))
    assert shared.decision_mismatches(policy, pipeline, packets) == []
    assert ambiguous_pairs(pipeline) == []
