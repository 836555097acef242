"""The push transaction against an in-memory switch on 127.0.0.1: bank swap, read-back,
refusals naming the ACL line, cuts at every point, incremental updates and their order."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from aclc.errors import AclcError, EnvironmentFailure
from aclc.pipeline import FieldMatch, FlowEntry, GotoTable, Pipeline, Table, cookie_generation, make_cookie
from aclc.push import layout
from aclc.push.channel import ChannelClosed
from aclc.push.install import read_installed
from aclc.push.plan import Plan, SwitchState, Step, _incremental, read_state

from push_support import PERMIT, FakeSwitch, run, tiny_pipeline, tiny_policy
from push_support import push_to as support_push_to


def compiler(ports):
    policy = tiny_policy(len(ports))
    return lambda base: tiny_pipeline(base, policy, ports)


async def push_to(switch, ports, **kw):
    return await support_push_to(switch, compiler(ports), **kw)


def live(switch):
    """(generation, bank, flows of the live bank without generation bits) as the switch holds it."""
    dispatch = switch.table(0)  # highest priority first: the one packets take
    bank = layout.bank_of(dispatch[0].instructions[0].table_id)
    flows = sorted((f.table_id, f.priority, f.match, f.instructions, f.cookie & layout.WITHOUT_GENERATION)
                   for f in (s.flow for s in switch.flows.values()) if layout.bank_of(f.table_id) == bank)
    return cookie_generation(dispatch[0].cookie), bank, flows


def expected(ports, bank):
    return sorted((f.table_id, f.priority, f.match, f.instructions, f.cookie)
                  for f in tiny_pipeline(layout.bank_start(bank), tiny_policy(len(ports)), ports).flows())


def test_first_push_fills_bank_0_and_dispatches_to_it():
    async def main():
        switch = await FakeSwitch().start()
        report = await push_to(switch, (80, 81, 82))
        assert (report.kind, report.generation, report.bank) == ("full", 1, 0)
        assert live(switch) == (1, 0, expected((80, 81, 82), 0))
        assert all(f.table_id in (0, 10) for f in (s.flow for s in switch.flows.values()))
        # Same ACL again: nothing to do.
        again = await push_to(switch, (80, 81, 82))
        assert again.kind == "nothing"
        # --full swaps banks and removes the old one.
        swapped = await push_to(switch, (80, 81, 82), full=True)
        assert (swapped.kind, swapped.generation, swapped.bank) == ("full", 2, 1)
        assert live(switch) == (2, 1, expected((80, 81, 82), 1))
        assert not switch.table(10)
        await switch.stop()
    run(main())


def test_dry_run_changes_nothing():
    async def main():
        switch = await FakeSwitch().start()
        await push_to(switch, (80, 81, 82))
        before = dict(switch.flows)
        report = await push_to(switch, (80, 81, 90, 91, 92, 93), dry_run=True)
        assert report.dry_run and "plan: full install of generation 2 into bank 1" in report.description
        assert switch.flows == before
        await switch.stop()
    run(main())


def test_small_change_is_incremental_and_converges():
    async def main():
        switch = await FakeSwitch().start()
        await push_to(switch, (80, 81, 82, 83, 84, 85))
        report = await push_to(switch, (80, 81, 82, 83, 84, 99))
        assert report.kind == "incremental" and (report.added, report.removed) == (1, 1)
        gen, bank, flows = live(switch)
        assert (gen, bank, flows) == (2, 0, expected((80, 81, 82, 83, 84, 99), 0))
        await switch.stop()
    run(main())


def test_refused_flow_names_its_acl_line_and_keeps_the_old_firewall():
    async def main():
        switch = await FakeSwitch(refuse=lambda f: (2, 4) if f.field("tcp_dst") and f.field("tcp_dst").value == 91
                                  else None).start()
        await push_to(switch, (80, 81, 82))
        before = live(switch)
        with pytest.raises(EnvironmentFailure) as info:
            await push_to(switch, (90, 91, 92, 93, 94), full=True)
        err = info.value
        assert str(err.pos) == "fw.acl:11:1"  # rule 2 of tiny_policy sits on line 11
        assert "refused the flow for rule 2 (OFPET_BAD_ACTION/OFPBAC_BAD_OUT_PORT)" in err.message
        assert "generation 1 still runs unchanged" in err.message
        assert live(switch) == before
        assert not switch.table(50)  # the partial bank was removed
        await switch.stop()
    run(main())


def test_read_back_mismatch_aborts_before_the_switch_over():
    def lose_mask(flow):  # a switch that stores something other than what it was sent
        return replace(flow, priority=flow.priority + 1) if flow.table_id == 50 and flow.priority == 100 else flow

    async def main():
        switch = await FakeSwitch(alter=lose_mask).start()
        await push_to(switch, (80, 81, 82))
        before = live(switch)
        with pytest.raises(EnvironmentFailure, match="read-back differs"):
            await push_to(switch, (80, 81, 82), full=True)
        assert live(switch) == before
        await switch.stop()
    run(main())


def test_flows_aclc_did_not_install_are_not_overwritten():
    async def main():
        switch = await FakeSwitch().start()
        foreign = FlowEntry(10, 5, (), (), 0x1234)
        switch.flows[("x",)] = __import__("aclc.push.codec", fromlist=["FlowStat"]).FlowStat(foreign, 0, 0, 0)
        with pytest.raises(AclcError, match="1 flows that aclc did not install in tables it owns"):
            await push_to(switch, (80,))
        await switch.stop()
    run(main())


@pytest.mark.parametrize("cut", range(0, 9))
def test_a_cut_at_any_point_keeps_the_old_firewall_and_the_next_push_converges(cut):
    async def main():
        switch = await FakeSwitch().start()
        await push_to(switch, (80, 81, 82))
        before = live(switch)
        switch.cut_after = switch.flow_mods + cut
        new = (90, 91, 92, 93, 94)
        try:
            await push_to(switch, new, full=True)
            completed = True
        except ChannelClosed:
            completed = False
        if not completed:
            gen, bank, flows = live(switch)
            # Before the switch-over: the old firewall, in full. After it: the new one, in full.
            assert (gen, bank, flows) in (before, (2, 1, expected(new, 1))), "a cut must never leave a mix"
        switch.cut_after = None
        report = await push_to(switch, new, full=True)
        assert live(switch)[2] == expected(new, live(switch)[1])
        # Nothing left over anywhere.
        banks = {layout.bank_of(s.flow.table_id) for s in switch.flows.values()} - {None}
        assert banks == {live(switch)[1]}
        await switch.stop()
    run(main())


# ------------------------------------------------------------------ incremental order is safe

PRIORITIES = (1, 5, 9, 20)
ACTIONS = ((), (GotoTable(100),))


@st.composite
def tables(draw):
    """A table over 4-bit tcp_dst in which overlapping same-priority flows agree (the compiler's
    invariant), plus a match-all default at priority 1."""
    flows = {}
    for _ in range(draw(st.integers(0, 6))):
        bits = draw(st.integers(0, 4))
        mask = ((1 << bits) - 1) << (4 - bits)
        value = draw(st.integers(0, 15)) & mask
        prio = draw(st.sampled_from(PRIORITIES[1:]))
        action = draw(st.sampled_from(ACTIONS))
        match = (FieldMatch("tcp_dst", value, None if bits == 4 else mask),) if bits else ()
        flows[(prio, match)] = FlowEntry(10, prio, match, action, make_cookie(len(flows)))
    flows[(1, ())] = FlowEntry(10, 1, (), (), make_cookie(None))
    entries = list(flows.values())
    from aclc.push.plan import matches_overlap
    for a in entries:
        for b in entries:
            if a.priority == b.priority and a.instructions != b.instructions and matches_overlap(a.match, b.match):
                from hypothesis import assume
                assume(False)
    return entries


def decide(flows, port):
    best = None
    for f in flows:
        m = f.field("tcp_dst")
        if m is None or m.matches(port):
            if best is None or f.priority > best.priority:
                best = f
    return best.instructions if best else ()


@settings(max_examples=300, deadline=None)
@given(tables(), tables())
def test_every_intermediate_state_of_an_incremental_update_decides_as_old_or_new(old, new):
    stamped_old = [layout.stamp(f, 1) for f in old]
    state = SwitchState(layout.dispatch_flow(0, 1), 0, 1, tuple(stamped_old), (), (), False)
    pipeline = Pipeline((Table(10, "acl", tuple(new)),), 10, "of13", "single", PERMIT, tiny_policy(1))
    plan = _incremental(state, pipeline, 2, limit=10.0)
    if not isinstance(plan, Plan) or plan.kind != "incremental":
        return
    current = {(f.priority, f.match): f for f in stamped_old}
    states = [list(current.values())]
    for step in plan.steps:
        key = (step.flow.priority, step.flow.match)
        if step.op == "add":
            current[key] = step.flow
        else:
            del current[key]
        states.append(list(current.values()))
    assert sorted(repr((f.priority, f.match, f.instructions)) for f in current.values()) == sorted(
        repr((f.priority, f.match, f.instructions)) for f in new)
    for port in range(16):
        allowed = {decide(old, port), decide(new, port)}
        for flows in states:
            assert decide(flows, port) in allowed


def test_identical_duplicate_flows_are_sent_once_and_conflicting_ones_refused():
    from aclc.push.plan import switch_flows

    base = tiny_pipeline(10)
    flows = list(base.tables[0].flows)
    twin = replace(flows[0], cookie=make_cookie(2))  # same key and actions, a later rule
    dup = replace(base, tables=(Table(10, "acl", tuple(flows + [twin])),))
    out = switch_flows(dup, 3)
    assert len(out) == len(flows) and out[0].cookie & 0xFFFFFFFF == flows[0].cookie & 0xFFFFFFFF
    assert all(cookie_generation(f.cookie) == 3 for f in out)
    clash = replace(base, tables=(Table(10, "acl", tuple(flows + [replace(flows[0], instructions=())])),))
    with pytest.raises(AclcError, match="same table 10, priority 100 and match but different actions"):
        switch_flows(clash, 3)


def test_an_interrupted_incremental_update_forces_a_bank_swap():
    live = [layout.stamp(f, 4) for f in tiny_pipeline(10).flows()]
    half_done = live + [layout.stamp(FlowEntry(10, 50, (FieldMatch("tcp_dst", 9),), (), make_cookie(7)), 5)]
    from aclc.push.codec import FlowStat
    from aclc.push.plan import make_plan

    state = read_state([FlowStat(f, 0, 0, 0) for f in [layout.dispatch_flow(0, 4), *half_done]])
    assert state.interrupted_update and state.live_bank == 0 and state.live_generation == 4
    plan = make_plan(state, lambda base: tiny_pipeline(base))
    assert (plan.kind, plan.bank, plan.generation) == ("full", 1, 6)
    assert plan.reason == "an earlier incremental update was interrupted"


@pytest.mark.parametrize("cut", range(0, 4))
def test_a_cut_incremental_update_decides_as_old_or_new_and_the_next_push_swaps_banks(cut):
    old, new = (80, 81, 82, 83, 84, 85, 86, 87), (80, 81, 82, 83, 84, 85, 99, 98)

    def decisions(switch):
        gen, bank, _ = live(switch)
        table = switch.table(layout.bank_start(bank))
        out = {}
        for port in set(old) | set(new) | {1}:
            best = max((f for f in table if f.field("tcp_dst") is None or f.field("tcp_dst").value == port),
                       key=lambda f: f.priority)
            out[port] = best.instructions
        return out

    def wanted(ports):
        return {p: (PERMIT.instructions if p in ports and ports.index(p) % 2 == 0 else ())
                for p in set(old) | set(new) | {1}}

    async def main():
        switch = await FakeSwitch().start()
        await push_to(switch, old)
        switch.cut_after = switch.flow_mods + cut
        try:
            report = await push_to(switch, new)
            assert report.kind == "incremental"
        except ChannelClosed as e:
            assert "every packet is decided as by the old or the new ACL" in e.message
        got, was, will = decisions(switch), wanted(old), wanted(new)
        assert all(got[p] in (was[p], will[p]) for p in got)
        switch.cut_after = None
        await push_to(switch, new)
        assert decisions(switch) == will
        await switch.stop()
    run(main())
