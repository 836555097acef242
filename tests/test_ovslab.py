"""The switch lab itself: a bridge comes up, takes a flow, traces a packet, and leaves nothing behind."""

import subprocess

import pytest

pytestmark = pytest.mark.switch


def test_lab_bridge_traces_and_cleans_up(ovs_lab):
    ovs_lab.add_bridge("br0", dpid=1)
    ovs_lab.add_bridge("br1", dpid=2)
    ovs_lab.link("br0", "br1", ports=(1, 2))
    ovs_lab.ofctl("add-flow", "br0", "table=0,priority=10,tcp,tp_dst=80,actions=output:2")
    trace = ovs_lab.trace("br0", "in_port=1,tcp,tp_dst=80")
    assert "output:2" in trace
    trace = ovs_lab.trace("br0", "in_port=1,tcp,tp_dst=81")
    assert "output:2" not in trace.split("bridge(\"br1\")")[0]


def test_lab_stops_by_pid():
    from aclc.testing.ovs import OvsLab, missing_requirements

    if missing_requirements():
        pytest.skip(missing_requirements())
    lab = OvsLab()
    with lab:
        pid = int((lab.dir / "ovs-vswitchd.pid").read_text())
        name = lab.name
    assert name not in subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert not lab.dir.exists()
    with pytest.raises(ProcessLookupError):
        import os

        os.kill(pid, 0)
