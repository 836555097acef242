"""Pushes to a real userspace Open vSwitch: read-back, traces, refusals, cuts through a proxy."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.switch

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENV = {"PYTHONPATH": f"{REPO}{os.pathsep}{HERE}"}
SWITCH = "tcp:127.0.0.1:6634"


def bridge(lab, name="fw", **kw):
    lab.add_bridge(name, dpid=1, listen="ptcp:6634:127.0.0.1", ports=(1, 2), **kw)
    return name


def drive(lab, endpoint, ports, *extra, check=True):
    return lab.run(sys.executable, str(HERE / "push_driver.py"), endpoint, ",".join(map(str, ports)), *extra,
                   env=ENV, check=check, timeout=60)


def decision(lab, br, port) -> str:
    """What the bridge does with a TCP packet to ``port`` arriving on port 1."""
    out = lab.trace(br, f"in_port=1,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst={port}")
    actions = re.search(r"Datapath actions: (.*)", out).group(1).strip()
    if actions == "drop":
        return "drop"
    assert "output:2" in out, out  # OpenFlow port 2 (the datapath numbers its ports its own way)
    return "2"


def expect(lab, br, ports):
    """Even rules permit (output port 2), odd rules and the default deny."""
    want = {p: ("2" if i % 2 == 0 else "drop") for i, p in enumerate(ports)}
    for probe in sorted(set(want) | {1, 79, 65535}):
        assert decision(lab, br, probe) == want.get(probe, "drop"), probe


def aclc_flows(lab, br):
    return [l for l in lab.dump_flows(br).splitlines() if "cookie=0xac1c" in l]


def test_push_reads_back_traces_and_swaps_banks(ovs_lab):
    br = bridge(ovs_lab)
    out = drive(ovs_lab, SWITCH, (80, 81, 82)).stdout
    assert "full push (bundled): generation 1 live in bank 0" in out
    expect(ovs_lab, br, (80, 81, 82))
    flows = aclc_flows(ovs_lab, br)
    assert len(flows) == 5 and sum("table=10" in l for l in flows) == 4
    assert any("table=0" in l and "goto_table:10" in l for l in flows)
    out = drive(ovs_lab, SWITCH, (90, 91, 92, 93)).stdout  # everything changes: bank swap
    assert "full push (bundled): generation 2 live in bank 1" in out
    expect(ovs_lab, br, (90, 91, 92, 93))
    assert not any("table=10," in l for l in aclc_flows(ovs_lab, br))
    out = drive(ovs_lab, SWITCH, (90, 91, 92, 95, 96, 97, 98, 99, 100)).stdout
    out = drive(ovs_lab, SWITCH, (90, 91, 92, 95, 96, 97, 98, 99, 101)).stdout
    assert "incremental push: generation 4 live in bank 0" in out and "1 flows added, 1 removed" in out
    expect(ovs_lab, br, (90, 91, 92, 95, 96, 97, 98, 99, 101))


def test_listen_mode_waits_for_the_switch(ovs_lab):
    ovs_lab.add_bridge("fw", dpid=1, controller="tcp:127.0.0.1:6653", ports=(1, 2))
    out = drive(ovs_lab, "127.0.0.1:6653", (80, 81), "--listen", "--dpid", "1").stdout
    assert "generation 1" in out
    expect(ovs_lab, "fw", (80, 81))


def test_switch_refusal_names_the_acl_line_and_keeps_the_old_firewall(ovs_lab):
    br = bridge(ovs_lab)
    drive(ovs_lab, SWITCH, (80, 81, 82))
    before = aclc_flows(ovs_lab, br)
    # OFPP_ANY is not a valid output port: OVS refuses the permit flows with an OpenFlow error.
    proc = drive(ovs_lab, SWITCH, (90, 91), "--permit-port", str(0xFFFFFFFF), check=False)
    assert proc.returncode == 1
    assert re.search(r"fw\.acl:10:1: error: the switch refused the flow for rule 1 \(OFPET_BAD_", proc.stderr), proc.stderr
    assert "generation 1 still runs unchanged" in proc.stderr
    assert [re.sub(r"duration=[^,]*,|n_packets=\d+,|n_bytes=\d+,", "", l) for l in aclc_flows(ovs_lab, br)] == [
        re.sub(r"duration=[^,]*,|n_packets=\d+,|n_bytes=\d+,", "", l) for l in before]
    expect(ovs_lab, br, (80, 81, 82))


def test_cut_connections_never_leave_a_mix_and_the_next_push_converges(ovs_lab):
    br = bridge(ovs_lab)
    old, new = (80, 81, 82), (90, 91, 92, 93)
    drive(ovs_lab, SWITCH, old)
    for n, cut in enumerate(range(2, 16)):
        proxy = ovs_lab.popen(sys.executable, str(HERE / "cut_proxy.py"), str(7000 + n), "6634", str(cut),
                              stdout=__import__("subprocess").PIPE, text=True)
        assert proxy.stdout.readline().strip() == "ready"
        proc = drive(ovs_lab, f"tcp:127.0.0.1:{7000 + n}", new, "--full", check=False)
        proxy.wait(timeout=30)
        if proc.returncode == 0:
            expect(ovs_lab, br, new)
        else:
            assert proc.returncode == 1 and "connection" in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr, proc.stderr
            # Whatever the cut, the switch runs one firewall in full: the old or the new one.
            try:
                expect(ovs_lab, br, old)
            except AssertionError:
                expect(ovs_lab, br, new)
        drive(ovs_lab, SWITCH, old, "--full")  # converge back, removing any leftovers
        expect(ovs_lab, br, old)
        tables = {int(m) for m in re.findall(r"table=(\d+)", "\n".join(aclc_flows(ovs_lab, br)))}
        assert len(tables) == 2, tables  # table 0 and one bank: nothing left over


def test_push_over_tls_to_open_vswitch(ovs_lab, tmp_path):
    import shutil as _shutil

    if _shutil.which("openssl") is None:
        pytest.skip("openssl command not found")
    from push_support import make_pki

    pki = make_pki(tmp_path)
    ovs_lab.vsctl("set-ssl", pki["switch.key"], pki["switch.pem"], pki["ca.pem"])
    ovs_lab.add_bridge("fw", dpid=1, listen="pssl:6634:127.0.0.1", ports=(1, 2))
    proc = ovs_lab.run(sys.executable, "-m", "aclc", "push", str(REPO / "examples" / "office.acl"),
                       "--connect", "ssl:127.0.0.1:6634", "--cert", pki["controller.pem"],
                       "--key", pki["controller.key"], "--ca", pki["ca.pem"], "--dpid", "1",
                       cwd=str(REPO), check=False)
    assert proc.returncode == 0, proc.stderr
    assert "full push (bundled): generation 1" in proc.stdout
    assert "cookie=0xac1c" in ovs_lab.dump_flows("fw")
    # A controller certificate the switch's CA did not sign is turned away.
    proc = ovs_lab.run(sys.executable, "-m", "aclc", "push", str(REPO / "examples" / "office.acl"),
                       "--connect", "ssl:127.0.0.1:6634", "--cert", pki["impostor.pem"],
                       "--key", pki["impostor.key"], "--ca", pki["ca.pem"], "--timeout", "5",
                       cwd=str(REPO), check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error: "), proc.stderr
