"""The proof of conntrack pipelines one connection state at a time (semantics.bystate).

It may only say "proven" where the full model does: on random stateful ACLs, compiled and
then broken in one of several ways, a True from :func:`validate_by_state` must come with a
proof by the full model, and every break must still be caught by ``verify``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError
from aclc.frontend import parse_policy_text
from aclc.lower import CompileOptions, compile_policy, parse_continuation
from aclc.pipeline import ApplyActions, Conntrack, FieldMatch, GotoTable, Table
from aclc.semantics.bystate import validate_by_state
from aclc.semantics.encoding import Space
from aclc.semantics.verify import verify

GATEWAY = """
acl gw {
    default deny
    permit ip from any to any state established, related
    deny ip from any to any state invalid
    permit tcp from 10.0.0.0/8 to any port 22
    deny tcp from 10.1.0.0/16 to any port 80 state new log
    permit tcp from any to any port 80, 443
    permit udp from any to 192.0.2.0/24 port 53 state !invalid
    permit icmp from any to any
    permit arp
}
"""


def compiled(text: str = GATEWAY, **options):
    policy = parse_policy_text(text, "gw.acl")
    return policy, compile_policy(policy, CompileOptions(target="ovs", **options))


@pytest.mark.parametrize("options", [{}, {"strategy": "exact"}, {"permit": "goto_table:5", "table_base": 2},
                                     {"permit": "output:2"}])
def test_the_compiled_gateway_is_proved_state_by_state(options):
    if "permit" in options:
        options = dict(options, permit=parse_continuation(options["permit"]))
    policy, pipeline = compiled(**options)
    assert validate_by_state(Space(), policy, pipeline)
    result = verify(policy, pipeline)
    assert result.ok and result.stats["method"] == "translation validation by connection state (conntrack)"
    assert verify(policy, pipeline, method="full").ok


def _mutated(pipeline, table_id, change):
    tables = []
    for table in pipeline.tables:
        if table.table_id == table_id:
            table = Table(table.table_id, table.name, tuple(f for f in map(change, table.flows) if f is not None))
        tables.append(table)
    return replace(pipeline, tables=tuple(tables))


def _rule_flow(policy, pipeline, action: str, with_state: bool):
    return next(f for f in pipeline.tables[0].flows if f.rule_index is not None
                and policy.rules[f.rule_index].action.value == action
                and (f.field("ct_state") is not None) == with_state)


def _breaks(policy, pipeline):
    """Ways to break the gateway's pipeline, each one the full model tells apart from the ACL."""
    permit_state = _rule_flow(policy, pipeline, "permit", True)
    deny_state = _rule_flow(policy, pipeline, "deny", True)
    permit_plain = _rule_flow(policy, pipeline, "permit", False)
    commit = next(f for f in pipeline.tables[1].flows if f.priority == 2)
    plain = pipeline.tables[1].flows[-1].instructions
    dispatch = next(f for f in pipeline.tables[0].flows if f.role == "dispatch")
    yield "a permit with states lost", _mutated(pipeline, 0, lambda f: None if f is permit_state else f)
    yield "a deny with states lost", _mutated(pipeline, 0, lambda f: None if f is deny_state else f)
    yield "another state", _mutated(pipeline, 0, lambda f: replace(
        f, match=tuple(FieldMatch("ct_state", 0x21, 0x37) if fm.field == "ct_state" else fm for fm in f.match))
        if f is permit_state else f)
    yield "state dropped from a deny", _mutated(pipeline, 0, lambda f: replace(
        f, match=tuple(fm for fm in f.match if fm.field != "ct_state")) if f is deny_state else f)
    yield "no commit", _mutated(pipeline, 1, lambda f: replace(f, instructions=plain) if f is commit else f)
    yield "commit of a denied packet", _mutated(pipeline, 0, lambda f: replace(
        f, instructions=(ApplyActions((Conntrack(commit=True),)),)) if f is deny_state else f)
    yield "permit straight out", _mutated(pipeline, 0, lambda f: replace(
        f, instructions=plain) if f is permit_plain else f)
    yield "no recirculation", _mutated(pipeline, 0, lambda f: None if f is dispatch else f)
    yield "recirculated past the ACL", _mutated(pipeline, 0, lambda f: replace(
        f, instructions=(ApplyActions((Conntrack(table=1),)),)) if f is dispatch else f)
    yield "a permit below the default", _mutated(pipeline, 0, lambda f: replace(
        f, priority=0) if f is permit_plain else f)
    yield "a permit to another table", _mutated(pipeline, 0, lambda f: replace(
        f, instructions=(GotoTable(7),)) if f is permit_plain else f)
    arp = next(f for f in pipeline.tables[0].flows if any(fm.field == "eth_type" and fm.value == 0x0806
                                                          for fm in f.match))
    yield "arp dropped", _mutated(pipeline, 0, lambda f: None if f is arp else f)


@pytest.mark.parametrize("name", [name for name, _ in _breaks(*compiled())])
def test_each_break_is_caught(name):
    policy, pipeline = compiled()
    broken = dict(_breaks(policy, pipeline))[name]
    assert not verify(policy, broken, method="full").ok  # a real break
    assert not validate_by_state(Space(), policy, broken)
    result = verify(policy, broken)
    assert not result.ok and result.counterexample is not None


STATES = ("new", "established", "related", "invalid", "!invalid", "!new")


@st.composite
def stateful_acls(draw) -> str:
    lines = ["acl r {", f"    default {draw(st.sampled_from(('deny', 'permit')))}"]
    for _ in range(draw(st.integers(1, 7))):
        action = draw(st.sampled_from(("permit", "deny")))
        proto = draw(st.sampled_from(("ip", "tcp", "udp", "icmp", "ipv6 tcp")))
        src = draw(st.sampled_from(("any", "10.0.0.0/8", "10.1.0.0/16")))
        if proto.startswith("ipv6"):
            src = "any"
        rule = f"    {action} {proto} from {src} to any"
        if proto.endswith(("tcp", "udp")) and draw(st.booleans()):
            rule += f" port {draw(st.sampled_from(('22', '80', '1000-2000')))}"
        if draw(st.integers(0, 2)):
            states = draw(st.lists(st.sampled_from(STATES), min_size=1, max_size=2, unique=True))
            if not ("!invalid" in states and "!new" in states):
                rule += " state " + ", ".join(states)
        if draw(st.integers(0, 5)) == 0:
            rule += " log"
        lines.append(rule)
    if draw(st.booleans()):
        lines.append(f"    {draw(st.sampled_from(('permit', 'deny')))} arp")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _random_break(draw, pipeline):
    table = draw(st.sampled_from(pipeline.tables))
    flow = draw(st.sampled_from(table.flows))
    kind = draw(st.sampled_from(("drop", "priority", "state", "unstate", "actions")))
    if kind == "drop":
        change = lambda f: None if f is flow else f  # noqa: E731
    elif kind == "priority":
        delta = draw(st.sampled_from((-1, 1)))
        change = lambda f: replace(f, priority=max(0, f.priority + delta)) if f is flow else f  # noqa: E731
    elif kind == "state":
        value = draw(st.integers(0, 0x3F))
        mask = draw(st.integers(0, 0x3F)) | value
        state = FieldMatch("ct_state", value, mask)
        change = lambda f: replace(f, match=tuple(  # noqa: E731
            fm for fm in f.match if fm.field != "ct_state") + (state,)) if f is flow else f
    elif kind == "unstate":
        change = lambda f: replace(f, match=tuple(  # noqa: E731
            fm for fm in f.match if fm.field != "ct_state")) if f is flow else f
    else:
        other = draw(st.sampled_from(sorted({f.instructions for t in pipeline.tables for f in t.flows}, key=repr)))
        change = lambda f: replace(f, instructions=other) if f is flow else f  # noqa: E731
    return _mutated(pipeline, table.table_id, change)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_proved_by_state_only_where_the_full_model_proves(data):
    text = data.draw(stateful_acls())
    try:
        policy = parse_policy_text(text, "r.acl")
    except AclcError:  # e.g. "state invalid, !invalid": no connection state
        assume(False)
    assume(policy.tracks_connections)
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    assert validate_by_state(Space(), policy, pipeline), text
    broken = _random_break(data.draw, pipeline)
    try:
        full = verify(policy, broken, method="full")
    except AclcError:  # a flow the model refuses (a goto backwards, conntrack twice): refused either way
        with pytest.raises(AclcError):
            verify(policy, broken)
        return
    if validate_by_state(Space(), policy, broken):
        assert full.ok, (text, full.describe())
    assert verify(policy, broken).ok == full.ok
