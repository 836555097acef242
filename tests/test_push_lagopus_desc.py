"""A switch that says it is Lagopus (OFPMP_DESC) is never sent flows it would run differently from
the way they were compiled (masked L4 ports, output NORMAL, priority 0 with an IPv4 match): the push
is refused before anything is installed, with the reason and -t lagopus named, in a real push, a
dry run and through the CLI. The fake switch speaks OpenFlow 1.3 on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace

import pytest

from aclc.errors import AclcError
from aclc.frontend import parse_policy_text
from aclc.lower import CompileOptions, compile_policy, parse_continuation
from aclc.pipeline import FieldMatch, Table
from aclc.profiles import get_profile
from aclc.push.compat import SwitchDescription, unfaithful

from push_support import FakeSwitch, connected, push_to, run

EXACT = "\n".join(f"    permit tcp from any to 10.0.0.{i} port {80 + i}" for i in range(1, 5))
WITH_RANGE = EXACT + "\n    permit tcp from any to 10.0.0.99 port 8000-8003"


def compiler(body: str, target: str, permit: str | None = None):
    policy = parse_policy_text(f"acl edge {{\n{body}\n}}\n", "edge.acl")
    extra = {"permit": parse_continuation(permit)} if permit else {}
    return lambda base: compile_policy(policy, CompileOptions(target=target, table_base=base, **extra))


@pytest.mark.parametrize("desc,profile", [
    (FakeSwitch.LAGOPUS_DESC, "lagopus"),
    (("Nicira, Inc.", "Open vSwitch", "3.1.0", "None", "None"), "ovs"),
    # uname names the machine: a host called "lagopus" running Open vSwitch is not Lagopus.
    (("Nicira, Inc.", "Open vSwitch", "Linux lagopus 6.1.0", "None", "None"), "ovs"),
    (FakeSwitch.NEUTRAL_DESC, None),
])
def test_the_channel_reads_what_the_switch_says_it_is(desc, profile):
    async def main():
        switch = await FakeSwitch(desc=desc).start()
        chan = await connected(switch)
        try:
            described = await chan.description()
        finally:
            await chan.close()
            await switch.stop()
        return described
    described = run(main())
    assert described.manufacturer == desc[0]
    assert (described.profile.name if described.profile else None) == profile


def test_a_switch_that_refuses_the_desc_request_is_not_taken_for_lagopus():
    async def main():
        switch = await FakeSwitch(desc=None).start()
        chan = await connected(switch)
        try:
            return await chan.description(), await chan.echo()  # the channel still works
        finally:
            await chan.close()
            await switch.stop()
    assert run(main()) == (None, b"aclc")


@pytest.mark.parametrize("body,permit,words", [
    (WITH_RANGE, "output:2", "masked tcp_dst"),
    (EXACT, None, "NORMAL"),  # exact ports only: the bundle test alone would let this through
], ids=["masked-ports", "normal"])
@pytest.mark.parametrize("dry_run", [False, True], ids=["push", "dry-run"])
def test_ovs_flows_are_refused_by_a_lagopus_before_anything_is_installed(body, permit, words, dry_run):
    async def main():
        switch = await FakeSwitch(desc=FakeSwitch.LAGOPUS_DESC).start()
        with pytest.raises(AclcError) as refused:
            await push_to(switch, compiler(body, "ovs", permit), dry_run=dry_run)
        message = str(refused.value)
        assert "the switch is Lagopus (it says 'Lagopus project" in message and words in message
        assert "-t ovs" in message and "compile for this switch with -t lagopus" in message
        assert message.startswith("edge.acl:"), message  # the ACL line of the flow
        assert refused.value.exit_status == 2
        assert switch.flow_mods == 0 and not switch.flows
        report = await push_to(switch, compiler(body, "lagopus"), dry_run=dry_run)
        assert report.kind == "full" and (dry_run or switch.flows)
        await switch.stop()
    run(main())


def test_faithful_ovs_flows_are_pushed_to_a_lagopus():
    # Exact ports and an output port: nothing Lagopus would get wrong, whatever the target.
    async def main():
        switch = await FakeSwitch(desc=FakeSwitch.LAGOPUS_DESC).start()
        report = await push_to(switch, compiler(EXACT, "ovs", "output:2"))
        assert report.kind == "full" and switch.flows
        await switch.stop()
    run(main())


def test_a_priority_0_ipv4_flow_is_a_lagopus_problem():
    pipeline = compiler(EXACT, "ovs", "output:2")(10)
    assert unfaithful(pipeline, get_profile("lagopus")) is None
    table = pipeline.tables[0]
    low = replace(table.flows[0], priority=0,
                  match=table.flows[0].match + (FieldMatch("ipv4_src", 0x0A000000, 0xFF000000),))
    broken = replace(pipeline, tables=(Table(table.table_id, table.name, table.flows + (low,)),)
                     + pipeline.tables[1:])
    flow, reason = unfaithful(broken, get_profile("lagopus"))
    assert flow is low and "priority 0 with an IPv4 address match" in reason


def test_description_text_names_the_switch():
    desc = SwitchDescription(*FakeSwitch.LAGOPUS_DESC)
    assert str(desc).startswith("Lagopus project / Lagopus dataplane 0.2.12")


class ThreadedSwitch:
    """A FakeSwitch on its own event loop, for the CLI (which runs its own)."""

    def __init__(self, **kw):
        self.loop = asyncio.new_event_loop()
        self.switch = FakeSwitch(**kw)
        ready = threading.Event()

        def serve():
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self.switch.start())
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        ready.wait(10)

    def stop(self):
        asyncio.run_coroutine_threadsafe(self.switch.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]], ids=["push", "dry-run"])
def test_cli_push_of_ovs_flows_to_a_lagopus_exits_2_and_installs_nothing(tmp_path, capsys, dry_run):
    from aclc.cli import main

    source = tmp_path / "edge.acl"
    source.write_text(f"acl edge {{\n{WITH_RANGE}\n}}\n")
    switch = ThreadedSwitch(desc=FakeSwitch.LAGOPUS_DESC)
    try:
        status = main(["push", str(source), "--connect", f"tcp:127.0.0.1:{switch.switch.port}", "-t", "ovs",
                       "-q", "--timeout", "10", *dry_run])
    finally:
        switch.stop()
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"{source}:" in err and "the switch is Lagopus" in err and "-t lagopus" in err
    assert "Traceback" not in err and "internal error" not in err
    assert switch.switch.flow_mods == 0 and not switch.switch.flows
