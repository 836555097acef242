"""The switch tests ``aclc compile`` writes by default (target lagopus), run by os-ken's tester
against a REAL Lagopus 0.2.12 as the target switch.

Topology, all inside one network namespace: Lagopus (dpid 1, three raw-socket veth ports)
and a userspace Open vSwitch tester bridge (dpid 2) whose ports 1-3 are the other ends of
those veth pairs; both connect to the tester at tcp:127.0.0.1:6653 there. Every bundled
example and a 20-test sample of ClassBench acl1_1k must pass: Lagopus lists match fields in
OXM order in its flow-stats replies (the tester compares them as text) and keeps the first
cookie when a flow is added over an identical one, so both the field order and one flow per
(table, priority, match) are checked here on the switch itself. The run must also leave the
switch with the flows it had (an ACL pushed by aclc), so that the next push goes through.
About two minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CLASSBENCH = REPO.parent / "shared" / "classbench"

pytestmark = [pytest.mark.switch, pytest.mark.lagopus]


def _unavailable() -> str | None:
    from aclc.testing.lagopus import missing_requirements as lagopus_missing
    from aclc.testing.ovs import missing_requirements as ovs_missing

    return lagopus_missing() or ovs_missing()


@pytest.fixture
def lagopus_target():
    """(OvsLab with a tester bridge, LagopusLab in the same namespace) joined port by port."""
    why = _unavailable()
    if why:
        if os.environ.get("ACLC_REQUIRE_SWITCH") == "1":
            pytest.fail(f"switch tests required but the Lagopus + OVS lab cannot run: {why}")
        pytest.skip(f"Lagopus + OVS lab unavailable: {why}")
    from aclc.testing.lagopus import LagopusLab
    from aclc.testing.ovs import OvsLab

    with OvsLab() as ovs:
        ovs.add_bridge("tester", dpid=2, controller="tcp:127.0.0.1:6653")
        with LagopusLab(ports=3, netns=ovs.name) as lagopus:
            for port in (1, 2, 3):
                peer = lagopus.peer_ifname(port)  # LagopusLab already turned checksum offload off
                ovs.vsctl("add-port", "tester", peer, "--", "set", "interface", peer, f"ofport_request={port}")
            yield ovs, lagopus


def aclc(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "aclc", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=str(REPO))
    assert proc.returncode == 0, f"aclc {' '.join(args)}: {proc.stderr[-3000:]}"
    return proc


def count_tests(directory: Path) -> int:
    import json

    return sum(len(json.loads(p.read_text())) - 1 for p in directory.glob("*.json"))


def default_tests(tmp_path: Path) -> Path:
    """What ``aclc compile`` writes by default (lagopus, ryu-test) for every example and for
    ClassBench acl1_1k (imported, 20 tests)."""
    out = tmp_path / "tests"
    out.mkdir()
    for path in sorted(EXAMPLES.glob("*.acl")):
        defs = EXAMPLES / f"{path.stem}-defs.yaml"
        extra = ["-d", str(defs)] if defs.exists() else []
        aclc("compile", str(path), *extra, "-o", str(out / path.stem))
    source = CLASSBENCH / "acl1_1k"
    if not source.exists():
        pytest.fail(f"ClassBench set missing: {source}")
    imported = tmp_path / "acl1_1k.acl"
    aclc("import", "classbench", str(source), "-o", str(imported))
    aclc("compile", str(imported), "--max-tests", "20", "-o", str(out / "acl1_1k"))
    # The tester reads one directory: gather the files (their names are unique per ACL).
    run_dir = tmp_path / "all"
    run_dir.mkdir()
    for f in out.glob("*/*.json"):
        (run_dir / f.name).write_text(f.read_text())
    return run_dir


def in_lab(lab, *args: str, timeout: float = 480) -> subprocess.CompletedProcess:
    return lab.run(sys.executable, "-m", "aclc", *args, check=False, timeout=timeout, cwd=str(REPO),
                   env={"PYTHONPATH": str(REPO)})


def flows_as_listed(lagopus) -> list[str]:
    """The switch's flows as its datastore lists them, counters left out, in a fixed order."""
    import json

    volatile = ("packet_count", "byte_count", "duration_sec", "duration_nsec")
    return sorted(json.dumps({k: v for k, v in f.items() if k not in volatile}, sort_keys=True)
                  for f in lagopus.flows())


def test_default_switch_tests_pass_on_real_lagopus_and_leave_it_as_found(lagopus_target, tmp_path):
    """A firewall pushed by aclc is on the switch before the run; afterwards the same flows are
    back (cookies, tables, metadata and gotos included) and the next aclc push goes through."""
    ovs, lagopus = lagopus_target
    run_dir = default_tests(tmp_path)
    expected = count_tests(run_dir)
    assert expected >= 20 + 4
    office = str(EXAMPLES / "office.acl")
    pushed = in_lab(ovs, "push", office, "--listen", "127.0.0.1:6653", "--dpid", "0x1", "--permit", "output:2", "-q",
                    "--timeout", "90", timeout=150)
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    found = flows_as_listed(lagopus)
    assert len(found) > 10

    proc = in_lab(ovs, "ryu-test", "run", str(run_dir), "--target-dpid", "0x1", "--tester-dpid", "0x2",
                  "--listen", "127.0.0.1:6653", "--timeout", "400", "--connect-timeout", "90")
    output = proc.stdout + proc.stderr
    assert f"OK({expected}) / ERROR(0)" in output, output[-4000:]
    assert f"target switch: restored {len(found)} flows" in output, output[-4000:]
    assert proc.returncode == 0, output[-4000:]
    assert flows_as_listed(lagopus) == found

    again = in_lab(ovs, "push", office, "--listen", "127.0.0.1:6653", "--dpid", "0x1", "--permit", "output:2", "-q",
                   "--timeout", "90", timeout=150)
    assert again.returncode == 0, again.stdout + again.stderr
