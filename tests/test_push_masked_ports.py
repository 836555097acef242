"""A push of flows with masked L4 ports (target ovs) to a switch without OpenFlow bundles (not Open
vSwitch: Lagopus accepts such flows and ignores the masks) is refused before any flow is sent, in a
full push and in an incremental one. The same switch takes the exact-port pipeline of -t lagopus."""

from __future__ import annotations


import pytest

from aclc.errors import AclcError
from aclc.frontend import parse_policy_text
from aclc.lower import CompileOptions, compile_policy

from push_support import FakeSwitch, connected, push_to, run

EXACT = "\n".join(f"    permit tcp from any to 10.0.0.{i} port {80 + i}" for i in range(1, 13))
WITH_RANGE = EXACT + "\n    permit tcp from any to 10.0.0.99 port 8000-8003"
# The last exact rule replaced by the range, in place: no rule changes its line, so the update is
# incremental even on a switch that keeps a replaced flow's old cookie (as an unrecognised switch
# is assumed to).
RANGE_IN_PLACE = EXACT.rsplit("\n", 1)[0] + "\n    permit tcp from any to 10.0.0.99 port 8000-8003"


def compiler(body: str, target: str):
    policy = parse_policy_text(f"acl edge {{\n{body}\n}}\n", "edge.acl")
    return lambda base: compile_policy(policy, CompileOptions(target=target, table_base=base))


def test_a_full_push_of_masked_ports_to_a_switch_without_bundles_is_refused():
    async def main():
        switch = await FakeSwitch().start()  # answers bundle requests with an error, like Lagopus
        with pytest.raises(AclcError, match="mask L4 ports") as refused:
            await push_to(switch, compiler(WITH_RANGE, "ovs"))
        assert str(refused.value).startswith("edge.acl:14:5: "), str(refused.value)
        assert refused.value.exit_status == 2
        assert not switch.flows  # nothing added
        report = await push_to(switch, compiler(WITH_RANGE, "lagopus"))
        assert report.kind == "full" and switch.flows
        await switch.stop()
    run(main())


def test_an_incremental_push_of_masked_ports_is_refused_too():
    async def main():
        switch = await FakeSwitch().start()
        first = await push_to(switch, compiler(EXACT, "ovs"))  # exact ports only: accepted
        assert first.kind == "full"
        before = dict(switch.flows)
        with pytest.raises(AclcError, match="mask L4 ports"):
            await push_to(switch, compiler(RANGE_IN_PLACE, "ovs"))
        assert switch.flows == before
        await switch.stop()
    run(main())


def test_the_incremental_path_is_the_one_taken():
    # Guards the test above: without the refusal, the second push would be incremental.
    from aclc.push.plan import make_plan, read_state

    async def main():
        switch = await FakeSwitch().start()
        await push_to(switch, compiler(EXACT, "ovs"))
        chan = await connected(switch)
        state = read_state(await chan.flow_stats())
        await chan.close()
        await switch.stop()
        return make_plan(state, compiler(RANGE_IN_PLACE, "ovs")).kind
    assert run(main()) == "incremental"


def test_a_dry_run_reports_the_masked_port_refusal_of_a_full_push():
    async def main():
        switch = await FakeSwitch().start()
        with pytest.raises(AclcError, match="mask L4 ports") as refused:
            await push_to(switch, compiler(WITH_RANGE, "ovs"), dry_run=True)
        assert str(refused.value).startswith("edge.acl:14:5: ") and refused.value.exit_status == 2
        assert switch.flow_mods == 0 and not switch.flows
        report = await push_to(switch, compiler(WITH_RANGE, "lagopus"), dry_run=True)  # the fix: accepted
        assert report.dry_run and "plan: full install" in report.description
        await switch.stop()
    run(main())


def test_a_dry_run_reports_the_masked_port_refusal_of_an_incremental_update():
    async def main():
        switch = await FakeSwitch().start()
        await push_to(switch, compiler(EXACT, "ovs"))
        mods = switch.flow_mods
        with pytest.raises(AclcError, match="mask L4 ports"):
            await push_to(switch, compiler(RANGE_IN_PLACE, "ovs"), dry_run=True)
        assert switch.flow_mods == mods
        await switch.stop()
    run(main())


def test_cli_dry_run_exits_2_like_the_push(tmp_path, capsys):
    from aclc.cli import main

    from test_push_lagopus_desc import ThreadedSwitch

    source = tmp_path / "edge.acl"
    source.write_text(f"acl edge {{\n{WITH_RANGE}\n}}\n")
    switch = ThreadedSwitch()
    try:
        status = main(["push", str(source), "--connect", f"tcp:127.0.0.1:{switch.switch.port}", "-t", "ovs",
                       "-q", "--timeout", "10", "--dry-run"])
    finally:
        switch.stop()
    err = capsys.readouterr().err
    assert status == 2 and f"{source}:14:5: error:" in err and "mask L4 ports" in err
    assert switch.switch.flow_mods == 0
