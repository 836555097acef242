"""plan.switch_flows keys flows by their keys' hashes: colliding hashes change nothing, and
the fast encoder packs every shape of match exactly as the field-by-field one does."""

from __future__ import annotations

import random

import pytest

from aclc.errors import AclcError
from aclc.pipeline import ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, Pipeline, Table, WriteMetadata
from aclc.push import codec, plan

from push_support import PERMIT, tiny_pipeline, tiny_policy


def _with_duplicates(base=10, conflicting=False):
    pipeline = tiny_pipeline(base, tiny_policy(3), (80, 81, 82))
    flows = list(pipeline.tables[0].flows)
    again = flows[1] if not conflicting else FlowEntry(flows[1].table_id, flows[1].priority, flows[1].match,
                                                       PERMIT.instructions, flows[2].cookie)
    table = Table(base, "acl", tuple(flows[:3] + [again] + flows[3:]))
    return Pipeline((table,), base, pipeline.target, pipeline.strategy, pipeline.continuation, pipeline.policy)


@pytest.mark.parametrize("collide", [False, True], ids=["hashes", "every-hash-colliding"])
def test_duplicates_are_sent_once_and_conflicts_refused_whatever_the_hashes(collide, monkeypatch):
    if collide:
        monkeypatch.setattr(plan, "hash", lambda key: 7, raising=False)
    flows = plan.switch_flows(_with_duplicates(), 5)
    assert [codec.flow_key(f) for f in flows] == [codec.flow_key(f) for f in tiny_pipeline(10).flows()]
    assert all(f.cookie >> 32 & 0xFFFF == 5 for f in flows)
    with pytest.raises(AclcError, match="same table 10, priority 99 and match but different actions"):
        plan.switch_flows(_with_duplicates(conflicting=True), 5)


def test_the_shape_encoder_packs_like_the_field_by_field_encoder():
    rng = random.Random(7)
    names = list(codec.OXM_FIELDS)
    instructions = [(), (GotoTable(20),), (ApplyActions((Output(3),)), GotoTable(30)),
                    (GotoTable(31), WriteMetadata(5, 7))]
    for i in range(3000):
        match = []
        for name in rng.sample(names, rng.randrange(0, 6)):
            bits = codec.OXM_FIELDS[name][1] * 8
            mask = rng.choice([None, None, rng.getrandbits(bits), (1 << bits) - 1])  # full: exact
            match.append(FieldMatch(name, rng.getrandbits(bits), mask))
        flow = FlowEntry(rng.randrange(256), rng.randrange(65536), tuple(match), rng.choice(instructions),
                         rng.getrandbits(64))
        assert codec.encode_add_keyed(flow, i) == codec._encode_add_keyed_fields(flow, i), flow
        msg, key, sig = codec.encode_add_keyed(flow, i)
        assert codec.key_signature(key) == sig == codec.wire_signature(flow)


def test_stamping_changes_the_generation_only():
    from aclc.pipeline import cookie_generation, cookie_rule, make_cookie
    from aclc.push import layout

    flow = FlowEntry(10, 5, (FieldMatch("tcp_dst", 80),), (GotoTable(100),), make_cookie(3, 2), role="default",
                     also=(4, 5))
    stamped = layout.stamp(flow, 0xFFFF)
    assert (cookie_generation(stamped.cookie), cookie_rule(stamped.cookie)) == (0xFFFF, 3)
    assert stamped.cookie & layout.MAGIC_MASK == layout.MAGIC_COOKIE
    assert (stamped.table_id, stamped.priority, stamped.match, stamped.instructions, stamped.role, stamped.also) == (
        10, 5, flow.match, flow.instructions, "default", (4, 5))
    assert flow.cookie == make_cookie(3, 2)  # the original is untouched
    assert stamped == FlowEntry(10, 5, flow.match, flow.instructions, stamped.cookie, "default")
    assert hash(stamped) == hash(FlowEntry(10, 5, flow.match, flow.instructions, stamped.cookie, "default"))


def test_a_full_plan_adds_every_expected_flow_in_order():
    from aclc.push.plan import Step, make_plan, read_state

    full = make_plan(read_state([]), lambda base: tiny_pipeline(base, tiny_policy(3)))
    assert full.kind == "full" and len(full.steps) == len(full.expected) == 4
    assert list(full.steps) == [Step("add", f) for f in full.expected] == list(full.steps[:])
    assert full.steps[-1] == Step("add", full.expected[-1]) and full.adds == 4 and full.deletes == 0
    assert full.steps == tuple(Step("add", f) for f in full.expected)
