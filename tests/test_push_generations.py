"""Generations and the live bank on a switch that keeps the OLD cookie of a flow added over an
existing one (Lagopus, docs/lagopus.md fact 7), against in-memory switches: the OpenFlow fake
(tests/push_support.py, keeps_cookie=True) and the datastore fake (tests/test_push_lagopus_ds.py).
Also: which target a push chooses from the switch's description, and what it says while it
waits for a switch to connect."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest

from aclc.pipeline import cookie_generation
from aclc.push import layout
from aclc.push.codec import FlowStat
from aclc.push.lagopus_ds import push_ds
from aclc.push.plan import make_plan, read_state

from push_support import FakeSwitch, push_to, run, tiny_pipeline, tiny_policy
from test_push_lagopus_ds import FakeDatastore

A, B = (80, 81, 82, 83), (90, 91, 92, 93, 94)


def compiler(ports):
    policy = tiny_policy(len(ports))
    return lambda base: tiny_pipeline(base, policy, ports)


def dispatch_flows(switch):
    return switch.table(0)


@pytest.mark.parametrize("keeps_cookie", [True, False], ids=["lagopus-like", "replaces-cookie"])
def test_alternating_pushes_count_generations_by_one_and_the_same_acl_is_nothing(keeps_cookie):
    async def main():
        switch = await FakeSwitch(desc=FakeSwitch.LAGOPUS_DESC, keeps_cookie=keeps_cookie).start()
        seen = []
        for ports in (A, B, A, B):
            report = await push_to(switch, compiler(ports))
            seen.append((report.kind, report.generation, report.bank))
            (dispatch,) = dispatch_flows(switch)
            assert cookie_generation(dispatch.cookie) == report.generation  # never a stale cookie
            assert dispatch.instructions[0].table_id == layout.bank_start(report.bank)
        assert seen == [("full", 1, 0), ("full", 2, 1), ("full", 3, 0), ("full", 4, 1)]
        before = dict(switch.flows)
        mods = switch.flow_mods
        again = await push_to(switch, compiler(B))
        assert again.kind == "nothing" and again.generation == 4 and "generation 4 already" in again.summary()
        assert switch.flows == before and switch.flow_mods == mods
        dry = await push_to(switch, compiler(A), dry_run=True)
        assert "switch: generation 4 live in bank 1" in dry.description
        assert "plan: full install of generation 5 into bank 0" in dry.description
        assert "interrupted" not in dry.description
        await switch.stop()
    run(main())


def test_incremental_updates_count_by_one_and_converge_on_a_switch_that_keeps_cookies():
    async def main():
        switch = await FakeSwitch(desc=FakeSwitch.LAGOPUS_DESC, keeps_cookie=True).start()
        big = tuple(range(80, 92))
        changed = big[:-1] + (99,)
        for n, ports in enumerate((big, changed, big, changed)):
            report = await push_to(switch, compiler(ports))
            assert report.generation == n + 1
            assert report.kind == ("full" if n == 0 else "incremental"), report.summary()
        assert (await push_to(switch, compiler(changed))).kind == "nothing"
        await switch.stop()
    run(main())


def test_a_rule_that_moves_to_another_line_in_place_swaps_banks_on_a_switch_that_keeps_cookies():
    """Same flows, other rule indexes (cookies): Lagopus would keep the old cookies, and stats
    would credit the old lines; Open vSwitch replaces them, so there it stays incremental."""
    ports = tuple(range(80, 92))
    flows = [layout.stamp(f, 1) for f in tiny_pipeline(10, tiny_policy(len(ports)), ports).flows()]
    state = read_state([FlowStat(f, 0, 0, 0) for f in [layout.dispatch_flow(0, 1), *flows]])

    def relabelled(base):  # the flow for port 80 now belongs to rule 2
        p = tiny_pipeline(base, tiny_policy(len(ports)), ports)
        first, second = p.tables[0].flows[:2]
        from dataclasses import replace
        table = replace(p.tables[0], flows=(replace(first, cookie=second.cookie),) + p.tables[0].flows[1:])
        return replace(p, tables=(table,))

    kept = make_plan(state, relabelled, replace_keeps_cookie=True)
    assert kept.kind == "full" and "keeps a replaced flow's old cookie" in kept.reason
    assert make_plan(state, relabelled, replace_keeps_cookie=False).kind == "incremental"


@pytest.mark.parametrize("cut", [0, 1])
def test_a_cut_between_adding_the_new_dispatch_flow_and_deleting_the_old_one(cut):
    """Both dispatch flows left in table 0: the higher priority decides, and the next push
    removes the other one strictly (never by cookie, which would take the live one too)."""
    async def main():
        switch = await FakeSwitch(keeps_cookie=True).start()
        await push_to(switch, compiler(A))
        await push_to(switch, compiler(B))  # generation 2 in bank 1, dispatch at priority 2
        # A third push cut just after its new dispatch flow (priority 1, going to bank 0) is in:
        # 5 bank flows, then the dispatch add; the delete of the old one never arrives.
        switch.cut_after = switch.flow_mods + len(A) + 1 + 1 + cut
        with pytest.raises(Exception):
            await push_to(switch, compiler(A))
        table0 = dispatch_flows(switch)
        if cut == 0:
            assert [f.priority for f in table0] == [2, 1]  # the old (priority 2) still decides
        switch.cut_after = None
        report = await push_to(switch, compiler(A))
        (dispatch,) = dispatch_flows(switch)
        assert cookie_generation(dispatch.cookie) == report.generation
        assert dispatch.instructions[0].table_id == layout.bank_start(report.bank)
        assert {layout.bank_of(s.flow.table_id) for s in switch.flows.values()} - {None} == {report.bank}
        await switch.stop()
    run(main())


# ------------------------------------------------------------------ datastore

@pytest.fixture
def ds():
    fake = FakeDatastore()
    yield fake
    fake.stop()


def test_datastore_pushes_alternate_banks_by_the_dispatch_flow_not_its_cookie(ds):
    address = f"127.0.0.1:{ds.port}"
    seen = []
    for ports in (A, B, A, B):
        report = push_ds(address, "bridge01", compiler(ports))
        seen.append((report.kind, report.generation, report.bank))
        assert ds.live()[:2] == (report.generation, report.bank)
        assert len([k for k in ds.flows if k[0] == 0]) == 1
    assert seen == [("full", 1, 0), ("full", 2, 1), ("full", 3, 0), ("full", 4, 1)]
    before = {k: dict(v) for k, v in ds.flows.items()}
    lines = len(ds.lines)
    again = push_ds(address, "bridge01", compiler(B))
    assert again.kind == "nothing" and again.generation == 4
    assert ds.flows == before and not any(" add " in l or " del " in l for l in ds.lines[lines:])


def test_datastore_incremental_update_and_its_read_back(ds):
    address = f"127.0.0.1:{ds.port}"
    big = tuple(range(80, 92))
    push_ds(address, "bridge01", compiler(big))
    report = push_ds(address, "bridge01", compiler(big[:-1] + (99,)))
    assert (report.kind, report.generation, report.added, report.removed) == ("incremental", 2, 1, 1)
    assert any(l.startswith("flow bridge01 del -strict table=10 ") and "tcp_dst=91" in l for l in ds.lines)
    assert push_ds(address, "bridge01", compiler(big[:-1] + (99,))).kind == "nothing"


def _cli(*args):
    from aclc.cli import main
    return main(list(args))


def test_datastore_cli_verify_and_stats(ds, tmp_path, capsys):
    acl = tmp_path / "fw.acl"
    acl.write_text("acl fw {\n    default deny\n    permit tcp from any to any port 80\n"
                   "    deny tcp from any to any port 81\n}\n")
    address = f"127.0.0.1:{ds.port}"
    status = _cli("push", str(acl), "--lagopus-ds", address, "--permit", "output:2", "--verify", "-q")
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "verified: the switch decides every packet like" in out
    assert "target lagopus: the switch behind a Lagopus datastore is Lagopus" in err
    # The switch counted 7 packets on the IPv4 port-80 flow and 2 on the default.
    for key, flow in ds.flows.items():
        if ("tcp_dst", "80") in key[2] and ("dl_type", "0x0800") in key[2]:
            flow["packets"], flow["bytes"] = 7, 700
        elif layout.bank_of(key[0]) is not None and key[1] == 1 and not key[2]:
            flow["packets"], flow["bytes"] = 2, 120
    status = _cli("stats", str(acl), "--lagopus-ds", address, "--permit", "output:2")
    out, err = capsys.readouterr()
    assert status == 0, err
    rows = {int(m.group(1)): (int(m.group(2)), int(m.group(3)))
            for m in re.finditer(rf"{re.escape(str(acl))}:(\d+):\d+\s+(\d+)\s+(\d+)", out)}
    assert rows[3] == (7, 700) and rows[4] == (0, 0) and rows[2] == (2, 120), out
    # A flow changed behind aclc's back: the push repairs it; --verify proves the result.
    for key, flow in ds.flows.items():
        if ("tcp_dst", "80") in key[2]:
            flow["args"].pop("apply_actions")
    status = _cli("push", str(acl), "--lagopus-ds", address, "--permit", "output:2", "--verify", "-q")
    out, err = capsys.readouterr()
    assert status == 0 and "incremental push: generation 2" in out and "verified" in out, out + err


# ------------------------------------------------------------------ target choice and waiting

class ThreadedSwitch:
    """A FakeSwitch on its own loop; ``connect_after`` seconds after start it connects out
    (like Lagopus) to ``listen_port`` instead of listening."""

    def __init__(self, listen_port=None, connect_after=0.0, **kw):
        self.loop = asyncio.new_event_loop()
        self.switch = FakeSwitch(**kw)
        ready = threading.Event()

        async def start():
            await self.switch.start()
            if listen_port is not None:
                async def later():
                    await asyncio.sleep(connect_after)
                    while True:
                        try:
                            await self.switch.connect_to(listen_port)
                            return
                        except OSError:
                            await asyncio.sleep(0.2)
                self.loop.create_task(later())

        def serve():
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(start())
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        ready.wait(10)

    def stop(self):
        asyncio.run_coroutine_threadsafe(self.switch.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


ACL = "acl fw {\n    default deny\n    permit tcp from any to any port 80\n}\n"
RANGE_ACL = "acl fw {\n    default deny\n    permit tcp from any to 10.0.0.0/8 port 8000-8003\n}\n"


@pytest.mark.parametrize("desc, target, words", [
    (FakeSwitch.LAGOPUS_DESC, "lagopus", "the switch says 'Lagopus project / Lagopus dataplane 0.2.12"),
    (FakeSwitch.NEUTRAL_DESC, "lagopus", "matches no profile, so the default of aclc compile is used"),
    (None, "lagopus", "the switch (no description) matches no profile"),
], ids=["lagopus", "unknown", "no-description"])
def test_push_chooses_the_target_from_the_switch_description(tmp_path, capsys, desc, target, words):
    acl = tmp_path / "fw.acl"
    acl.write_text(RANGE_ACL)
    switch = ThreadedSwitch(desc=desc)
    try:
        status = _cli("push", str(acl), "--connect", f"tcp:127.0.0.1:{switch.switch.port}", "-q",
                      "--permit", "output:2", "--timeout", "10")
        out, err = capsys.readouterr()
        assert status == 0, err
        assert f"target {target}: " in err and words in err, err
        # Compiled for lagopus: the range as four exact ports, no mask.
        ports = sorted(f.field("tcp_dst").value for f in (s.flow for s in switch.switch.flows.values())
                       if f.table_id == 10 and f.field("tcp_dst") is not None and f.field("tcp_dst").mask is None)
        assert ports == [8000, 8001, 8002, 8003], ports
        status = _cli("stats", str(acl), "--connect", f"tcp:127.0.0.1:{switch.switch.port}",
                      "--permit", "output:2", "--timeout", "10")
        out, err = capsys.readouterr()
        assert status == 0 and f"target {target}: " in err and "warning" not in out, out + err
    finally:
        switch.stop()


def test_a_switch_recognised_as_open_vswitch_gets_the_ovs_compile(tmp_path, capsys):
    """ovs keeps the range as one masked tcp_dst. This fake takes no bundles, so it is not really
    Open vSwitch, and the masked ports are refused: which shows the ovs profile compiled them."""
    acl = tmp_path / "fw.acl"
    acl.write_text(RANGE_ACL)
    switch = ThreadedSwitch(desc=("Nicira, Inc.", "Open vSwitch", "3.1.0", "None", "None"))
    try:
        status = _cli("push", str(acl), "--connect", f"tcp:127.0.0.1:{switch.switch.port}", "-q",
                      "--permit", "output:2", "--timeout", "10")
    finally:
        switch.stop()
    out, err = capsys.readouterr()
    assert status == 2 and "the flows compiled for -t ovs mask L4 ports" in err, err
    assert not switch.switch.flows


def test_given_target_is_kept_and_the_recognised_profile_is_named(tmp_path, capsys):
    acl = tmp_path / "fw.acl"
    acl.write_text(ACL)
    switch = ThreadedSwitch(desc=FakeSwitch.LAGOPUS_DESC)
    try:
        status = _cli("push", str(acl), "--connect", f"tcp:127.0.0.1:{switch.switch.port}", "-q", "-t", "of13",
                      "--permit", "output:2", "--timeout", "10")
    finally:
        switch.stop()
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "target of13: given with -t; the switch says 'Lagopus project" in err
    assert "which profile lagopus recognises" in err


def test_listen_says_what_it_waits_for_while_it_waits(tmp_path, capsys, monkeypatch):
    import socket

    from aclc.push import channel

    acl = tmp_path / "fw.acl"
    acl.write_text(ACL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Report every 0.5 s instead of every 10 s, so a 1.5 s wait shows the progress lines.
    original = channel.Channel.listen.__func__

    async def quick(cls, *a, **kw):
        kw["wait_report_every"] = 0.5
        return await original(cls, *a, **kw)

    monkeypatch.setattr(channel.Channel, "listen", classmethod(quick))
    switch = ThreadedSwitch(listen_port=port, connect_after=1.5, desc=FakeSwitch.LAGOPUS_DESC)
    try:
        status = _cli("push", str(acl), "--listen", f"127.0.0.1:{port}", "--dpid", "0x1", "-q",
                      "--permit", "output:2")
    finally:
        switch.stop()
    out, err = capsys.readouterr()
    assert status == 0, err
    lines = err.splitlines()
    assert lines[0].startswith(f"waiting for the switch with dpid 0x1 to connect to 127.0.0.1:{port}; "
                               "Lagopus retries 2, 4, 8, 16, 32 s after a connection closes, then every 60 s")
    assert any(re.fullmatch(rf"still waiting for the switch with dpid 0x1 at 127.0.0.1:{port}: \d+ s so far", l)
               for l in lines), err
    assert "generation 1" in out


def test_options_the_chosen_target_cannot_do_are_refused_before_anything_is_sent(tmp_path, capsys):
    """--permit NORMAL is fine before the target is known (Open vSwitch has NORMAL); once the
    switch says it is Lagopus, the compile for lagopus refuses it and nothing is sent."""
    acl = tmp_path / "fw.acl"
    acl.write_text(ACL)
    switch = ThreadedSwitch(desc=FakeSwitch.LAGOPUS_DESC)
    try:
        status = _cli("push", str(acl), "--connect", f"tcp:127.0.0.1:{switch.switch.port}", "-q",
                      "--permit", "NORMAL", "--timeout", "10")
    finally:
        switch.stop()
    out, err = capsys.readouterr()
    assert status == 2 and "target lagopus has no NORMAL port" in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert switch.switch.flow_mods == 0 and not switch.switch.flows


def test_a_refused_new_dispatch_flow_keeps_the_old_firewall_and_removes_the_new_bank():
    from aclc.errors import EnvironmentFailure

    async def main():
        switch = await FakeSwitch(keeps_cookie=True).start()
        await push_to(switch, compiler(A))
        before = dict(switch.flows)
        switch.refuse = lambda f: (5, 0) if f.table_id == 0 and f.priority == 2 else None
        with pytest.raises(EnvironmentFailure, match="generation 1 still runs unchanged"):
            await push_to(switch, compiler(B))
        assert switch.flows == before  # the old dispatch flow and bank 0, nothing of bank 1
        switch.refuse = lambda f: None
        report = await push_to(switch, compiler(B))
        assert (report.kind, report.generation, report.bank) == ("full", 2, 1)
        await switch.stop()
    run(main())
