"""The generated switch tests, run by os-ken's tester against a real (userspace) Open vSwitch.

Topology (inside the lab's own network namespace): target bridge dpid 1 and
tester bridge dpid 2, ports 1-3 joined by patch ports, both connecting to the
tester at tcp:127.0.0.1:6653. About 40 s in all: every bundled example for
ovs with the multi-table strategy and with its default, one ACL whose default deny is a real
table miss behind multi-table classification, and one deliberately wrong
expectation that must be reported as ERROR.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aclc.frontend import load_policies, parse_policy_text
from aclc.lower import CompileOptions, compile_policy

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
REPO = Path(__file__).resolve().parent.parent

SMALL = """
acl small {
  default deny
  permit tcp from 10.0.0.0/8 to any port 1000-2000
  deny udp from any to 192.168.0.0/16 port 53
  permit icmp from any to any type echo-request
  permit ipv6 udp from 2001:db8::/32 port 1024-65535 to any port 5000-5100
}
"""


def write_tests(directory: Path, policy, target: str, strategy: str | None = None) -> int:
    """Emit the switch tests of ``policy`` into ``directory``; the number of tests written."""
    from aclc.ryutest.emit import emit

    files = emit(compile_policy(policy, CompileOptions(target=target, strategy=strategy)))
    count = 0
    for name, text in files.items():
        (directory / name).write_text(text)
        if name.endswith(".json"):
            count += len(json.loads(text)) - 1
    return count


def start_lab(lab) -> None:
    lab.add_bridge("target", dpid=1, controller="tcp:127.0.0.1:6653")
    lab.add_bridge("tester", dpid=2, controller="tcp:127.0.0.1:6653")
    lab.link("target", "tester", ports=(1, 2, 3))


def run_in_lab(lab, directory: Path, timeout: float = 240):
    from aclc.ryutest.runner import run_tester, tester_command

    return run_tester(tester_command(directory, 1, 2), target_dpid=1, tester_dpid=2, timeout=timeout,
                      connect_timeout=30, start=lambda cmd, **kw: lab.popen(*cmd, **kw))


@pytest.mark.switch
def test_examples_pass_on_open_vswitch(ovs_lab, tmp_path):
    """Every bundled example, ovs multi-table and ovs default, through ``aclc ryu-test run``."""
    expected = 0
    for path in sorted(EXAMPLES.glob("*.acl")):
        for policy in load_policies(path).values():
            # Test files are per switch (the field order it reports matches in): the multi-table
            # build Lagopus gets is tested here as the ovs target's multi strategy.
            expected += write_tests(tmp_path, policy, "ovs", "multi")
            expected += write_tests(tmp_path, policy, "ovs")
    assert expected > 0
    start_lab(ovs_lab)
    proc = ovs_lab.run(sys.executable, "-m", "aclc", "ryu-test", "run", str(tmp_path), "--target-dpid", "0x1",
                       "--tester-dpid", "0x2", "--listen", "127.0.0.1:6653", "--timeout", "300",
                       check=False, timeout=360, cwd=str(REPO), env={"PYTHONPATH": str(REPO)})
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert f"OK({expected}) / ERROR(0)" in output, output[-4000:]


@pytest.mark.switch
def test_table_miss_and_a_wrong_expectation(ovs_lab, tmp_path):
    """A default deny seen as a real table miss after classification into metadata; and
    the tester must report a deliberately wrong expectation as ERROR."""
    policy = parse_policy_text(SMALL, "small.acl")
    total = write_tests(tmp_path, policy, "ovs", "multi")
    files = sorted(tmp_path.glob("*.json"))
    text = files[0].read_text()
    assert '"table-miss"' in text and '"metadata"' in text

    # One more file: the first egress test of that ACL, expecting PACKET_IN instead.
    data = json.loads(text)
    wrong = next(t for t in data[1:] if any("egress" in p for p in t["tests"]))
    probe = next(p for p in wrong["tests"] if "egress" in p)
    wrong = dict(wrong, description="deliberately wrong: a permitted packet expected at the controller",
                 tests=[{"ingress": probe["ingress"], "PACKET_IN": probe["ingress"]}])
    (tmp_path / "wrong.json").write_text(json.dumps(["zz deliberately wrong expectation", wrong]))

    start_lab(ovs_lab)
    # What the target held before the run is what it holds after (the tester wipes it per test).
    ovs_lab.ofctl("add-flow", "target", "table=3,priority=7,cookie=0x99,tcp,tp_dst=80,actions=output:2")
    ovs_lab.ofctl("add-flow", "target", "table=0,priority=9,cookie=0x98,ip,nw_src=10.0.0.0/8,"
                  "actions=write_metadata:0x5/0xff,goto_table:3")
    found = ovs_lab.ofctl("dump-flows", "--no-stats", "target")
    assert "cookie=0x99" in found and "cookie=0x98" in found
    report = run_in_lab(ovs_lab, tmp_path)
    assert report.complete, report.output[-3000:]
    assert (report.ok, report.error) == (total, 1), report.summary()
    assert report.restored is True, report.output[-3000:]
    assert report.target_note.startswith("target switch: restored 2 flows")
    assert ovs_lab.ofctl("dump-flows", "--no-stats", "target") == found
    (failure,) = report.failures
    assert failure.test.startswith("deliberately wrong")
    assert re.search(r"packet-in|Received incorrect", failure.reason), failure.reason


def test_switch_that_never_connects_is_a_clear_timeout(tmp_path):
    """``aclc ryu-test run`` with no switch: exit 1 and a message naming both switches, no hang."""
    policy = parse_policy_text(SMALL, "small.acl")
    write_tests(tmp_path, policy, "ovs")
    proc = subprocess.run(
        [sys.executable, "-m", "aclc", "ryu-test", "run", str(tmp_path), "--listen", "127.0.0.1:16999",
         "--connect-timeout", "3", "-q"],
        capture_output=True, text=True, timeout=60, cwd=str(REPO),
    )
    assert proc.returncode == 1
    assert "target switch (dpid 0x1) and tester switch (dpid 0x2) did not connect" in proc.stderr
    assert "127.0.0.1:16999 within 3 s" in proc.stderr


def test_run_refuses_bad_input(tmp_path):
    def aclc(*args):
        return subprocess.run([sys.executable, "-m", "aclc", "ryu-test", *args], capture_output=True,
                              text=True, timeout=60, cwd=str(REPO))

    assert aclc("run", str(tmp_path / "missing")).returncode == 2
    assert "no test files" in aclc("run", str(tmp_path)).stderr
    (tmp_path / "a.json").write_text("[]")
    bad = aclc("run", str(tmp_path), "--target-dpid", "zz")
    assert bad.returncode == 2 and "not a datapath id" in bad.stderr
    bad = aclc("run", str(tmp_path), "--listen", "localhost")
    assert bad.returncode == 2 and "HOST:PORT" in bad.stderr
    checked = aclc("check", str(tmp_path))
    assert checked.returncode == 1 and "a.json" in checked.stderr
