"""aclc serve with the real Lagopus (it connects out to 127.0.0.1:6653 inside its namespace, so
serve runs there): a Lagopus restart wipes its flows, and serve puts the firewall back as soon as
it reconnects; probes are decided right within 5 s of the reconnection."""

from __future__ import annotations

import signal
import time

import pytest

from aclc.frontend import load_policy
from aclc.lower import parse_continuation
from aclc.packet import Packet
from aclc.policy import ETH_IPV4, PROTO_TCP, PROTO_UDP
from lagopus_support import check_probes
from serve_support import ServeProcess, header

pytestmark = [pytest.mark.switch, pytest.mark.lagopus, pytest.mark.slow]

ACL = """\
acl edge {
    default deny
    deny tcp from any to 10.0.0.0/8 port 1000-1009
    permit tcp from any to 10.0.0.0/8 port 1000-2000
    permit udp from any to any port 53
}
"""


def probes() -> list[Packet]:
    out = []
    for port in (999, 1000, 1009, 1010, 2000, 2001):
        out.append(Packet(eth_type=ETH_IPV4, ip_proto=PROTO_TCP, src=0xC0000201, dst=0x0A010203,
                          src_port=33000, dst_port=port))
    for port in (52, 53, 54):
        out.append(Packet(eth_type=ETH_IPV4, ip_proto=PROTO_UDP, src=0xC0000201, dst=0xC0000202,
                          src_port=33000, dst_port=port))
    return out


def probes_at(*ports) -> list[Packet]:
    return [Packet(eth_type=ETH_IPV4, ip_proto=PROTO_TCP, src=0xC0000201, dst=0x0A010203, src_port=33000,
                   dst_port=port) for port in ports]


def test_lagopus_restart_while_serve_runs(lagopus_lab, tmp_path):
    lab = lagopus_lab
    acl = tmp_path / "edge.acl"
    acl.write_text(ACL)
    policy = load_policy(acl)
    permit = parse_continuation("output:2")
    run_dir = tmp_path / "run"
    config = tmp_path / "serve.yaml"
    # target auto: Lagopus is recognised from its description.
    config.write_text(header(run_dir, listen="tcp:127.0.0.1:6653", echo_interval=2, poll_interval=2)
                      + "switches:\n  lg1: {dpid: 0x1, acl_file: edge.acl, permit: 'output:2'}\n")
    packets = probes()
    serve = ServeProcess(lab, config, run_dir)
    try:
        # Lagopus retries after 2, 4, 8... s: its first connection may take a while.
        serve.wait(lambda: serve.switch("lg1").get("state") == "in-sync", 90, "lg1 in sync")
        assert serve.switch("lg1")["target"] == "lagopus"
        assert check_probes(lab, policy, packets, permit) == []

        lab.restart()  # every flow is gone; fail-mode secure drops everything until reinstalled
        assert lab.probe([b"\xff" * 6 + b"\x02" * 6 + b"\x08\x00" + b"\x45" + b"\0" * 40]) == [None]
        connected = serve.wait(lambda: len(serve.events("switch_connected", switch="lg1")) >= 2
                               and time.monotonic(), 120, "Lagopus reconnected")
        deadline = connected + 5
        wrong = None
        while time.monotonic() < deadline:
            wrong = check_probes(lab, policy, packets, permit)
            if not wrong:
                break
        assert not wrong, f"probes still wrong 5 s after Lagopus reconnected: {wrong}"
        status = serve.switch("lg1")
        assert status["installs"] == 2 and status["connections"] == 2, status

        # A reload on Lagopus (which keeps the old cookie on a replaced flow): the new generation
        # is installed once and stays put; counter polls do not see a different one.
        acl.write_text(ACL.replace("port 1000-2000", "port 1000-3000"))
        serve.proc.send_signal(signal.SIGHUP)
        serve.wait(lambda: serve.switch("lg1").get("revision") == 2
                   and serve.switch("lg1").get("state") == "in-sync", 60, "reload to revision 2")
        time.sleep(5)  # two counter polls
        status = serve.switch("lg1")
        assert status["installs"] == 3 and status["state"] == "in-sync", status
        assert not serve.events("generation_changed") and not serve.events("firewall_missing")
        assert check_probes(lab, load_policy(acl), packets + probes_at(2500, 3001), permit) == []
    finally:
        assert serve.stop() == 0
