"""Cube products (aclc.semantics.products): the counting shortcut of verify.

The products must mean exactly what the BDD model means (rules and flows, on
random policies compiled for every target), a cover shown by counting must be
a real cover, and tables broken so that only the counting can notice (same
total volume, wrong packets; a metadata class id the group really reaches)
must still be refused with a confirmed counterexample.
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError, SourcePos
from aclc.lower import CompileOptions, compile_policy
from aclc.pipeline import FieldMatch, FlowEntry, Table, cookie_rule
from aclc.policy import Action, Policy, PortRange, Prefix, Rule
from aclc.semantics.encoding import Space, disjunction
from aclc.semantics.multitable import _recognise, metadata_split
from aclc.semantics.pipeline import flow_match
from aclc.semantics.policy import rule_match
from aclc.semantics.products import FlowBoxes, box_bdd, covers_exactly, meet, rule_box
from aclc.semantics.verify import verify

from analysis_support import assert_confirmed
from strategies import boundary_packets, decision_mismatches, policies

TARGETS = [CompileOptions(target="ovs"), CompileOptions(target="lagopus", strategy="exact"),
           CompileOptions(target="lagopus", strategy="multi"), CompileOptions(target="of13")]
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
POS = SourcePos("t.acl", 1, 1)


def _compiled(policy, options):
    """The pipeline, or nothing to test when the target refuses the policy (too many flows)."""
    try:
        return compile_policy(policy, options)
    except AclcError:
        assume(False)


@SLOW
@given(policies(max_rules=6))
def test_rule_products_mean_what_rule_match_means(policy):
    space = Space()
    boxes = [rule_box(rule) for rule in policy.rules]
    for rule, box in zip(policy.rules, boxes):
        if box is not None:
            assert box_bdd(space, box) == rule_match(space, rule), rule
    for a, ra in zip(boxes, policy.rules):
        for b, rb in zip(boxes, policy.rules):
            if a is not None and b is not None:
                overlap = (rule_match(space, ra) & rule_match(space, rb)) != space.false
                assert meet(a, b) == overlap


@SLOW
@given(policies(max_rules=5, max_port_span=3000), st.sampled_from(TARGETS))
def test_flow_products_mean_what_flow_match_means(policy, options):
    space = Space()
    pipeline = _compiled(policy, options)
    split = ()
    if options.strategy == "multi":
        try:
            split = metadata_split(_recognise(pipeline)[0])
        except Exception:
            split = ()
    reader = FlowBoxes(split)
    for flow in pipeline.flows():
        box = reader.box(flow)
        if box is not None:
            assert box_bdd(space, box) == flow_match(space, flow), flow


@SLOW
@given(policies(max_rules=5, max_port_span=3000), st.data())
def test_a_cover_shown_by_counting_is_a_cover(policy, data):
    """Flows of a rule, some dropped, duplicated or moved to another rule's flows:
    whenever counting says "exact cover", the BDDs agree."""
    space = Space()
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    reader = FlowBoxes()
    flows = [f for f in pipeline.flows() if cookie_rule(f.cookie) is not None]
    for rule in policy.rules:
        box = rule_box(rule)
        own = [f for f in flows if cookie_rule(f.cookie) == rule.index]
        if box is None or not own:
            continue
        picked = data.draw(st.lists(st.sampled_from(flows), max_size=3))
        keep = data.draw(st.lists(st.booleans(), min_size=len(own), max_size=len(own)))
        chosen = [f for f, k in zip(own, keep) if k] + picked
        products = [reader.box(f) for f in chosen]
        if not chosen or None in products:
            continue
        if covers_exactly(box, products):
            covered = disjunction(space, [flow_match(space, f) for f in chosen])
            assert covered == rule_match(space, rule)


def _ports_rule() -> Policy:
    return Policy("t", (
        Rule(0, Action.PERMIT, POS, ip_proto=6, dst=(Prefix(0x0A000000, 8, 32),), dst_ports=(PortRange(0, 3),)),
    ))


def test_equal_volume_with_a_hole_and_an_overlap_is_refused():
    """Ports 0-1, 1 and 3 add up to the four ports 0-3, each inside it, yet port 2 is missing."""
    policy = _ports_rule()
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    table = pipeline.tables[0]
    (flow,) = [f for f in table.flows if f.rule_index == 0]

    def ported(value, mask):
        match = tuple(FieldMatch("tcp_dst", value, mask) if fm.field == "tcp_dst" else fm for fm in flow.match)
        return dataclasses.replace(flow, match=match)

    assert flow.field("tcp_dst") == FieldMatch("tcp_dst", 0, 0xFFFC)
    broken = [ported(0, 0xFFFE), ported(1, None), ported(3, None)]
    flows = tuple(f for f in table.flows if f is not flow) + tuple(broken)
    mutant = dataclasses.replace(pipeline, tables=(dataclasses.replace(table, flows=flows),))
    assert not covers_exactly(rule_box(policy.rules[0]), [FlowBoxes().box(f) for f in broken])
    result = verify(policy, mutant)
    assert not result.ok
    assert result.counterexample.dst_port == 2
    assert_confirmed(policy, mutant, result)
    assert verify(policy, pipeline).ok


def _two_protocol_ports() -> Policy:
    rules = []
    for proto in (6, 17):
        for lo, hi in ((10, 19), (20, 29), (30, 39), (0, 100)):
            rules.append(Rule(len(rules), Action.PERMIT if len(rules) % 2 else Action.DENY, POS, ip_proto=proto,
                              dst_ports=(PortRange(lo, hi),)))
    return Policy("t", tuple(rules))


def test_a_widened_class_mask_that_reaches_a_real_class_is_refused():
    """In the ACL table of a multi pipeline, a metadata mask one bit wider lets the flow take a
    neighbouring class id. Where that id is one the group really carries, verify must refuse
    (with a confirmed counterexample); where it is not, proving it is right."""
    policy = _two_protocol_ports()
    pipeline = compile_policy(policy, CompileOptions(target="lagopus", strategy="multi"))
    assert verify(policy, pipeline).ok
    acl = pipeline.tables[-1]
    refused = 0
    for k, flow in enumerate(acl.flows):
        meta = flow.field("metadata")
        if meta is None or meta.mask is None:
            continue
        low = meta.mask & -meta.mask
        wide = FieldMatch("metadata", meta.value & ~low, meta.mask & ~low)
        match = tuple(wide if fm.field == "metadata" else fm for fm in flow.match)
        flows = acl.flows[:k] + (dataclasses.replace(flow, match=match),) + acl.flows[k + 1:]
        mutant = dataclasses.replace(pipeline, tables=pipeline.tables[:-1] + (dataclasses.replace(acl, flows=flows),))
        result = verify(policy, mutant)
        if result.ok:
            assert decision_mismatches(policy, mutant, boundary_packets(policy)) == []
        else:
            assert_confirmed(policy, mutant, result)
            refused += 1
    assert refused


def test_classbench_tables_are_proven_by_counting_alone(classbench_dir):
    """Compiled ClassBench tables (one table, and classification + ACL tables) need no BDD
    at all: every rule's cover is counted and no overlap needs a BDD to rule out."""
    from aclc.importers.classbench_format import read_classbench

    for name in ("acl1_1k", "fw1_1k", "ipc1_1k"):
        policy = read_classbench(classbench_dir / name)
        for options in (CompileOptions(target="ovs"), CompileOptions(target="lagopus", strategy="multi")):
            pipeline = compile_policy(policy, options)
            result = verify(policy, pipeline)
            assert result.ok and result.stats["nodes"] == 0, (name, options.target, result.stats)


def _mutate(pipeline, data):
    """One random break: a flow dropped, a match widened or narrowed by a bit, a priority
    copied from another flow, or a flow's match moved to another flow's rule."""
    tables = list(pipeline.tables)
    t = data.draw(st.integers(0, len(tables) - 1))
    flows = list(tables[t].flows)
    if not flows:
        return None
    k = data.draw(st.integers(0, len(flows) - 1))
    flow = flows[k]
    kind = data.draw(st.sampled_from(["drop", "widen", "narrow", "priority", "swap"]))
    if kind == "drop":
        del flows[k]
    elif kind in ("widen", "narrow"):
        if not flow.match:
            return None
        i = data.draw(st.integers(0, len(flow.match) - 1))
        fm = flow.match[i]
        from aclc.pipeline import FIELD_WIDTH

        full = (1 << FIELD_WIDTH[fm.field]) - 1
        mask = full if fm.mask is None else fm.mask
        bit = 1 << data.draw(st.integers(0, FIELD_WIDTH[fm.field] - 1))
        if kind == "widen":
            mask &= ~bit
        else:
            mask |= bit
        value = fm.value & mask
        changed = FieldMatch(fm.field, value, None if mask == full else mask)
        flows[k] = dataclasses.replace(flow, match=flow.match[:i] + (changed,) + flow.match[i + 1:])
    elif kind == "priority":
        other = flows[data.draw(st.integers(0, len(flows) - 1))]
        flows[k] = dataclasses.replace(flow, priority=other.priority)
    else:
        other = flows[data.draw(st.integers(0, len(flows) - 1))]
        flows[k] = dataclasses.replace(flow, match=other.match)
    tables[t] = dataclasses.replace(tables[t], flows=tuple(flows))
    return dataclasses.replace(pipeline, tables=tuple(tables))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(max_rules=5, max_port_span=40), st.sampled_from(TARGETS[:3]), st.data())
def test_the_fast_proof_never_accepts_what_the_full_model_refuses(policy, options, data):
    pipeline = _compiled(policy, options)
    mutant = _mutate(pipeline, data)
    if mutant is None:
        return
    fast = verify(policy, mutant)
    if fast.ok:
        assert verify(policy, mutant, method="full").ok
    else:
        assert_confirmed(policy, mutant, fast)


# ------------------------------------------------------------------ grids of flows


def _split_for(pipeline, options):
    if options.strategy != "multi":
        return ()
    try:
        return metadata_split(_recognise(pipeline)[0])
    except Exception:
        return ()


def _fresh(match):
    """The same match built from new (equal, not identical) FieldMatch objects."""
    return tuple(FieldMatch(fm.field, fm.value, fm.mask) for fm in match)


@SLOW
@given(policies(max_rules=5, max_port_span=3000), st.sampled_from(TARGETS), st.data())
def test_a_grid_product_is_the_union_of_its_flows(policy, options, data):
    """Each rule's flows, as compiled or with flows dropped, added from other rules,
    or rebuilt from equal copies: whenever grid_box gives a product, it is exactly the
    union of the matches (the BDD model's), metadata class ids included."""
    space = Space()
    pipeline = _compiled(policy, options)
    reader = FlowBoxes(_split_for(pipeline, options))
    table = pipeline.tables[-1]
    matches = [f.match for f in table.flows]
    for rule in policy.rules:
        own = [f.match for f in table.flows if cookie_rule(f.cookie) == rule.index]
        if not own:
            continue
        kind = data.draw(st.sampled_from(["as compiled", "drop", "add", "copy"]))
        if kind == "drop" and len(own) > 1:
            del own[data.draw(st.integers(0, len(own) - 1))]
        elif kind == "add":
            own.append(data.draw(st.sampled_from(matches)))
        elif kind == "copy":
            k = data.draw(st.integers(0, len(own) - 1))
            own[k] = _fresh(own[k])
        product = reader.grid_box(own)
        if product is None:
            continue
        union = disjunction(space, [flow_match(space, FlowEntry(table.table_id, 1, m, (), 0)) for m in own])
        assert box_bdd(space, product) == union, (kind, own)


def _grid_rule() -> Policy:
    """One rule, two source prefixes by two destination port ranges: a 2 x 2 grid of flows."""
    return Policy("t", (
        Rule(0, Action.PERMIT, POS, ip_proto=6, src=(Prefix(0x0A000000, 24, 32), Prefix(0x0A000200, 24, 32)),
             dst_ports=(PortRange(0, 3), PortRange(8, 9))),
    ))


def test_classbench_port_ranges_are_read_as_grids(classbench_dir):
    """fw1's port-range rules compile to grids of flows (up to 6 x 6): each rule's flows are
    read as one product, and it is the rule's."""
    from aclc.importers.classbench_format import read_classbench

    policy = read_classbench(classbench_dir / "fw1_1k")
    pipeline = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))  # one masked table
    reader = FlowBoxes()
    grids = 0
    for rule in policy.rules:
        own = [f.match for f in pipeline.tables[0].flows if cookie_rule(f.cookie) == rule.index]
        if len(own) > 1:
            product = reader.grid_box(own)
            assert product is not None and covers_exactly(rule_box(rule), [product]), rule
            grids += 1
    assert grids > 50


def test_a_grid_with_a_missing_or_foreign_row_is_refused():
    """A 2 x 2 grid with one flow dropped, or with one flow's port swapped for a value of the
    same size (the counts of rows and columns disagree): no product, and verify refuses the
    table with a confirmed counterexample."""
    policy = _grid_rule()
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    table = pipeline.tables[0]
    own = [f for f in table.flows if f.rule_index == 0]
    assert len(own) == 4
    reader = FlowBoxes()
    assert covers_exactly(rule_box(policy.rules[0]), [reader.grid_box([f.match for f in own])])
    victim = own[1]
    moved = dataclasses.replace(victim, match=tuple(
        FieldMatch("tcp_dst", 12, 0xFFFE) if fm.field == "tcp_dst" else fm for fm in victim.match))
    for flows in (tuple(f for f in table.flows if f is not victim),
                  tuple(moved if f is victim else f for f in table.flows)):
        rows = [f.match for f in flows if f.rule_index == 0]
        assert reader.grid_box(rows) is None or not covers_exactly(rule_box(policy.rules[0]), [reader.grid_box(rows)])
        mutant = dataclasses.replace(pipeline, tables=(dataclasses.replace(table, flows=flows),))
        result = verify(policy, mutant)
        assert not result.ok
        assert_confirmed(policy, mutant, result)
    assert verify(policy, pipeline).ok


def test_a_diagonal_is_not_a_grid():
    """Rows (a, c) and (b, d) have two values per column but are no grid: no product (their
    union would otherwise be read as all four combinations)."""
    a, b = FieldMatch("ipv4_src", 0x0A000000, 0xFFFFFF00), FieldMatch("ipv4_src", 0x0A000200, 0xFFFFFF00)
    c, d = FieldMatch("tcp_dst", 0, 0xFFFC), FieldMatch("tcp_dst", 8, 0xFFFE)
    eth, proto = FieldMatch("eth_type", 0x0800), FieldMatch("ip_proto", 6)
    reader = FlowBoxes()
    assert reader.grid_box([(eth, proto, a, c), (eth, proto, b, d)]) is None
    full = reader.grid_box([(eth, proto, a, c), (eth, proto, b, d), (eth, proto, a, d), (eth, proto, b, c)])
    assert full == {"src": ((0x0A000000, 0xFFFFFF00), (0x0A000200, 0xFFFFFF00)),
                    "dst_port": ((0, 0xFFFC), (8, 0xFFFE)), "eth_type": ((0x0800, 0xFFFF),),
                    "ip_proto": ((6, 0xFF),)}
    # Two fields on one column (tcp and udp ports) differ in their guard too: no product.
    e = FieldMatch("udp_dst", 4, 0xFFFC)
    assert reader.grid_box([(eth, proto, a, c), (eth, proto, a, e)]) is None


def test_class_ids_with_a_missing_combination_are_refused():
    """In a multi pipeline, rule 0's ACL-table flows match the four (source class, destination
    class) pairs of a 2 x 2 grid, each as one metadata value. With one pair dropped the flows
    still form a grid position by position (one metadata column), but the class ids do not:
    no product, and verify refuses with a confirmed counterexample."""
    rules = []
    for action, sp, dp in ((Action.DENY, (10, 19), (30, 39)), (Action.PERMIT, (15, 24), (35, 44)),
                           (Action.PERMIT, (0, 100), (0, 100))):
        rules.append(Rule(len(rules), action, POS, ip_proto=6, src_ports=(PortRange(*sp),), dst_ports=(PortRange(*dp),)))
    policy = Policy("t", tuple(rules))
    pipeline = compile_policy(policy, CompileOptions(target="lagopus", strategy="multi"))
    assert verify(policy, pipeline).ok
    reader = FlowBoxes(metadata_split(_recognise(pipeline)[0]))
    acl = pipeline.tables[-1]
    own = [f for f in acl.flows if f.rule_index == 0]
    assert len({f.field("metadata") for f in own}) == 4
    whole = reader.grid_box([f.match for f in own])
    assert whole is not None and sum(len(cubes) for key, cubes in whole.items() if key[0] == "metadata") == 4
    for victim in own:
        assert reader.grid_box([f.match for f in own if f is not victim]) is None
        flows = tuple(f for f in acl.flows if f is not victim)
        mutant = dataclasses.replace(pipeline, tables=pipeline.tables[:-1] + (dataclasses.replace(acl, flows=flows),))
        result = verify(policy, mutant)
        assert not result.ok
        assert_confirmed(policy, mutant, result)


def test_a_rule_product_without_ports_leaves_out_ports_also_with_input_ports():
    """``ports=False`` (the ACL table of a multi-table pipeline, where ports become class
    ids) drops the port coordinates whatever else the rule matches, input ports included."""
    rule = Rule(0, Action.PERMIT, POS, in_ports=(3, 1), eth_type=0x0800, ip_proto=6,
                src_ports=(PortRange(1024, 65535),), dst_ports=(PortRange(80, 80),),
                dst=(Prefix(0x0A000000, 8, 32),))
    space = Space()
    box = rule_box(rule, ports=False)
    assert set(box) == {"eth_type", "ip_proto", "in_port", "dst"}
    assert box_bdd(space, box) == rule_match(space, dataclasses.replace(rule, src_ports=None, dst_ports=None))
    assert box_bdd(space, rule_box(rule)) == rule_match(space, rule)


def test_flow_addresses_read_from_one_shape_keep_their_own_values():
    """Address matches of one (field, mask) are read from one kept shape: two flows sharing it
    keep their own values, and a flow narrowed to half its rule's block is refused with a packet
    of the other half (the proof's product reading, then the evaluators)."""
    net = 0x0A000000  # 10.0.0.0
    rules = (Rule(0, Action.PERMIT, POS, ip_proto=6, dst=(Prefix(net, 24, 32),)),
             Rule(1, Action.PERMIT, POS, ip_proto=6, dst=(Prefix(net | 0x100, 24, 32),)))
    policy = Policy("t", rules)
    pipeline = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))
    assert verify(policy, pipeline).ok
    table = pipeline.tables[0]
    reader = FlowBoxes()
    boxes = [reader.box(f) for f in table.flows if f.rule_index is not None]
    assert sorted(b["dst"] for b in boxes) == [((net, 0xFFFFFF00),), ((net | 0x100, 0xFFFFFF00),)]
    (flow,) = [f for f in table.flows if f.rule_index == 0]
    narrowed = dataclasses.replace(flow, match=tuple(
        FieldMatch("ipv4_dst", net, 0xFFFFFF80) if fm.field == "ipv4_dst" else fm for fm in flow.match))
    assert reader.box(narrowed)["dst"] == ((net, 0xFFFFFF80),)
    assert not covers_exactly(rule_box(rules[0]), [reader.box(narrowed)])
    flows = tuple(narrowed if f is flow else f for f in table.flows)
    mutant = dataclasses.replace(pipeline, tables=(dataclasses.replace(table, flows=flows),))
    result = verify(policy, mutant)
    assert not result.ok
    assert result.counterexample.dst >> 7 == (net >> 7) | 1  # 10.0.0.128/25, the half the flow lost
    assert_confirmed(policy, mutant, result)
