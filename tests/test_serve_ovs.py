"""aclc serve with a real Open vSwitch bridge (ptcp:) in a private namespace: a bridge deleted
and created again is re-installed, SIGHUP reloads, push is refused while serve holds the bridge,
and after kill -9 the bridge keeps its firewall and a new serve adopts it without a swap."""

from __future__ import annotations

import re
import signal
import sys

import pytest

from serve_support import ACL, ACL_CHANGED, ServeProcess, header

pytestmark = [pytest.mark.switch, pytest.mark.slow]


def flows(lab, bridge="br1") -> list[str]:
    """The bridge's flows without their counters and ages."""
    out = []
    for line in lab.dump_flows(bridge).splitlines():
        line = re.sub(r"(duration|n_packets|n_bytes|idle_age|hard_age)=[^,\s]+,?\s*", "", line).strip()
        if line and not line.startswith("OFPST_FLOW") and "reply" not in line:
            out.append(line)
    return sorted(out)


def decides(lab, port: int) -> str:
    trace = lab.trace("br1", f"in_port=1,tcp,nw_src=192.0.2.1,nw_dst=10.1.2.3,tp_src=33000,tp_dst={port}")
    last = trace.strip().splitlines()[-1]
    return "drop" if "drop" in last.lower() else last


def test_bridge_recreated_reload_push_refused_and_adoption_after_kill(ovs_lab, tmp_path):
    lab = ovs_lab
    lab.add_bridge("br1", dpid=1, listen="ptcp:6634:127.0.0.1", ports=(1, 2))
    (tmp_path / "fw.acl").write_text(ACL)
    run_dir = tmp_path / "run"
    config = tmp_path / "serve.yaml"
    config.write_text(header(run_dir, listen=None, reconnect_max=1, watch="false")
                      + "switches:\n  br1: {connect: 'tcp:127.0.0.1:6634', acl_file: fw.acl}\n")
    serve = ServeProcess(lab, config, run_dir)
    try:
        serve.wait(lambda: serve.switch("br1").get("state") == "in-sync", 60, "br1 in sync")
        first = serve.switch("br1")
        assert first["target"] == "ovs" and first["installs"] == 1 and first["generation"] == 1
        assert "permit NORMAL" and "drop" not in decides(lab, 80)
        assert decides(lab, 22) == "drop"

        # push would fight serve: refused, with the serve process named.
        pushed = lab.run(sys.executable, "-m", "aclc", "push", str(tmp_path / "fw.acl"), "--connect",
                         "tcp:127.0.0.1:6634", env={"ACLC_RUN_DIR": str(run_dir)}, check=False)
        assert pushed.returncode == 1 and f"pid {serve.proc.pid}" in pushed.stderr, pushed.stderr

        # The bridge is deleted and created again (empty): serve reconnects and installs.
        lab.vsctl("del-br", "br1")
        lab.add_bridge("br1", dpid=1, listen="ptcp:6634:127.0.0.1", ports=(1, 2))
        serve.wait(lambda: serve.switch("br1").get("installs") == 2
                   and serve.switch("br1").get("state") == "in-sync", 60, "br1 re-installed")
        assert serve.events("switch_dropped", switch="br1") or serve.events("switch_disconnected", switch="br1")
        assert decides(lab, 22) == "drop" and "drop" not in decides(lab, 80)

        # SIGHUP after an edit: the new ACL, as a new generation.
        (tmp_path / "fw.acl").write_text(ACL_CHANGED)
        assert decides(lab, 443) == "drop"
        serve.proc.send_signal(signal.SIGHUP)
        serve.wait(lambda: serve.switch("br1").get("revision") == 2
                   and serve.switch("br1").get("state") == "in-sync", 60, "reload to revision 2")
        assert "drop" not in decides(lab, 443)
        kept = flows(lab)
        generation = serve.switch("br1")["generation"]
    finally:
        status = serve.stop(signal.SIGKILL)
    assert status == -signal.SIGKILL
    assert flows(lab) == kept  # the bridge keeps the firewall without its controller
    assert "drop" not in decides(lab, 443) and decides(lab, 22) == "drop"

    again = ServeProcess(lab, config, run_dir)
    try:
        again.wait(lambda: again.switch("br1").get("state") == "in-sync", 60, "adopted")
        adopted = again.switch("br1")
        assert adopted["adoptions"] == 1 and adopted["installs"] == 0, (adopted, again.log_path.read_text())
        assert adopted["generation"] == generation
        assert flows(lab) == kept
        assert again.events("switch_adopted", switch="br1")
    finally:
        assert again.stop() == 0
