"""The real Lagopus switch, with real packets: what aclc pushes is what the switch does.

Each test starts Lagopus (built by ../shared/lagopus/build.sh) in a network namespace of its
own with veth ports, pushes with the aclc command as a user would, and sends raw frames in at
port 1. A permitted packet must come out of port 2 (the permit continuation), a denied one
nowhere; the expectation comes from plain first-match evaluation of the ACL.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aclc.frontend import load_policy
from aclc.packet import Packet
from aclc.policy import ETH_IPV4, PROTO_ICMP, PROTO_TCP, PROTO_UDP
from lagopus_support import aclc, check_probes, packets_from_rules, parse_continuation, wait_for

pytestmark = [pytest.mark.switch, pytest.mark.lagopus]

CONTROLLER = "127.0.0.1:6653"
DATASTORE = "127.0.0.1:12345"
PERMIT = "output:2"

# Port ranges, a deny inside a later permit range, negated addresses, ICMP types and an exact
# port: the cases a switch that ignores masked ports gets wrong.
BOUNDARY_ACL = """\
network INSIDE = 10.0.0.0/8
network LAB    = 10.1.0.0/16

acl edge {
    default deny
    deny tcp from any to INSIDE port 1000-1009
    permit tcp from any to INSIDE port 1000-2000
    permit udp from 192.168.1.0/24 to !LAB port 5000-5100
    deny udp from any port 53 to any
    permit udp from any to any port 1-1023
    permit icmp from any to INSIDE type echo-request
    permit icmp from any to INSIDE type 3 code 4
    permit tcp from 172.16.0.0/12 to any port 22
    permit tcp from any port 40000-40010 to LAB port > 65500
}
"""


def _addr(text: str) -> int:
    import ipaddress

    return int(ipaddress.IPv4Address(text))


def boundary_packets() -> list[Packet]:
    """Every range bound of BOUNDARY_ACL, one inside and one outside each."""
    packets = []

    def tcp(src, dst, sport, dport):
        packets.append(Packet(eth_type=ETH_IPV4, ip_proto=PROTO_TCP, src=_addr(src), dst=_addr(dst),
                              src_port=sport, dst_port=dport))

    def udp(src, dst, sport, dport):
        packets.append(Packet(eth_type=ETH_IPV4, ip_proto=PROTO_UDP, src=_addr(src), dst=_addr(dst),
                              src_port=sport, dst_port=dport))

    for port in (999, 1000, 1009, 1010, 1500, 2000, 2001, 1008, 1024, 65535):
        tcp("192.0.2.1", "10.9.9.9", 33000, port)
        tcp("192.0.2.1", "11.0.0.1", 33000, port)  # outside INSIDE
    for port in (4999, 5000, 5100, 5101):
        udp("192.168.1.7", "10.2.0.1", 33000, port)  # not LAB: permitted in range
        udp("192.168.1.7", "10.1.0.1", 33000, port)  # LAB: negated away
        udp("192.168.2.7", "10.2.0.1", 33000, port)  # wrong source
    for sport in (52, 53, 54):
        udp("192.0.2.1", "192.0.2.2", sport, 80)
    for port in (0, 1, 1023, 1024):
        udp("192.0.2.1", "192.0.2.2", 33000, port)
    for icmp_type, code in ((8, 0), (0, 0), (3, 4), (3, 3), (11, 0)):
        packets.append(Packet(eth_type=ETH_IPV4, ip_proto=PROTO_ICMP, src=_addr("192.0.2.1"),
                              dst=_addr("10.0.0.1"), icmp_type=icmp_type, icmp_code=code))
    for src in ("172.15.255.255", "172.16.0.0", "172.31.255.255", "172.32.0.0"):
        for port in (21, 22, 23):
            tcp(src, "192.0.2.2", 33000, port)
    for sport in (39999, 40000, 40010, 40011):
        for dport in (65500, 65501, 65535):
            tcp("192.0.2.1", "10.1.2.3", sport, dport)
    return packets


@pytest.fixture
def boundary_acl(tmp_path) -> Path:
    path = tmp_path / "edge.acl"
    path.write_text(BOUNDARY_ACL)
    return path


def _assert_decided_by_first_match(lab, acl: Path, packets=None):
    policy = load_policy(acl)
    packets = packets if packets is not None else boundary_packets()
    wrong = check_probes(lab, policy, packets, parse_continuation(PERMIT))
    assert not wrong, f"{len(wrong)} of {len(packets)} probes decided wrongly:\n" + "\n".join(wrong[:20])


def test_boundary_probes_through_the_hand_expectations(lagopus_lab, boundary_acl):
    """A few decisions written out by hand, so the test does not lean on the evaluator alone."""
    aclc(lagopus_lab, "push", str(boundary_acl), "--listen", CONTROLLER, "-t", "lagopus", "--permit", PERMIT)
    from aclc.testing.frames import ipv4_frame

    frames = {
        ("tcp", 1005): (ipv4_frame(PROTO_TCP, "192.0.2.1", "10.9.9.9", 33000, 1005), None),  # earlier deny
        ("tcp", 1010): (ipv4_frame(PROTO_TCP, "192.0.2.1", "10.9.9.9", 33000, 1010), 2),
        ("tcp", 2001): (ipv4_frame(PROTO_TCP, "192.0.2.1", "10.9.9.9", 33000, 2001), None),
        ("udp-lab", 5050): (ipv4_frame(PROTO_UDP, "192.168.1.7", "10.1.0.1", 33000, 5050), None),
        ("udp", 5050): (ipv4_frame(PROTO_UDP, "192.168.1.7", "10.2.0.1", 33000, 5050), 2),
        ("dns-src", 53): (ipv4_frame(PROTO_UDP, "192.0.2.1", "192.0.2.2", 53, 80), None),
        ("echo", 8): (ipv4_frame(PROTO_ICMP, "192.0.2.1", "10.0.0.1", icmp_type=8), 2),
        ("echo-reply", 0): (ipv4_frame(PROTO_ICMP, "192.0.2.1", "10.0.0.1", icmp_type=0), None),
    }
    got = lagopus_lab.probe([frame for frame, _ in frames.values()])
    assert dict(zip(frames, got)) == {key: want for key, (_, want) in frames.items()}


@pytest.mark.parametrize("strategy", ["exact", "multi"])
def test_boundary_acl_over_openflow(lagopus_lab, boundary_acl, strategy):
    out = aclc(lagopus_lab, "push", str(boundary_acl), "--listen", CONTROLLER, "-t", "lagopus",
               "-s", strategy, "--permit", PERMIT, "--verify")
    assert "generation 1" in out.stdout + out.stderr
    _assert_decided_by_first_match(lagopus_lab, boundary_acl)


def test_boundary_acl_over_the_datastore(lagopus_lab, boundary_acl):
    aclc(lagopus_lab, "push", str(boundary_acl), "--lagopus-ds", DATASTORE, "--permit", PERMIT)
    _assert_decided_by_first_match(lagopus_lab, boundary_acl)


def test_the_default_compile_of_every_example_runs_on_lagopus(lagopus_lab, tmp_path):
    """The bundled examples, pushed as `aclc compile` would build them (lagopus defaults)."""
    repo = Path(__file__).resolve().parent.parent
    for example, extra in (("office.acl", ()), ("dmz.acl", ()), ("everything.acl", ()),
                           ("datacenter.acl", ("-d", str(repo / "examples" / "datacenter-defs.yaml")))):
        acl = repo / "examples" / example
        aclc(lagopus_lab, "push", str(acl), *extra, "--listen", CONTROLLER, "-t", "lagopus",
             "--permit", PERMIT, "--verify")
        policy = load_policy(acl, definitions=[Path(extra[1])] if extra else ())
        packets = packets_from_rules(policy, 300, seed=len(example))
        wrong = check_probes(lagopus_lab, policy, packets, parse_continuation(PERMIT))
        assert not wrong, f"{example}: {len(wrong)} probes decided wrongly:\n" + "\n".join(wrong[:20])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["acl1_1k", "fw1_1k"])
def test_classbench_multi_table_pushed_read_back_and_probed(lagopus_lab, classbench_dir, tmp_path, name):
    acl = tmp_path / f"{name}.acl"
    subprocess.run([sys.executable, "-m", "aclc", "import", "classbench", str(classbench_dir / name),
                    "-o", str(acl)], check=True, capture_output=True)
    # push reads every flow back and compares it with what it sent; --verify also proves the
    # flows read back equivalent to the ACL.
    out = aclc(lagopus_lab, "push", str(acl), "--listen", CONTROLLER, "-t", "lagopus", "-s", "multi",
               "--permit", PERMIT, "--verify")
    assert "generation 1" in out.stdout + out.stderr
    policy = load_policy(acl)
    packets = packets_from_rules(policy, 1500, seed=7)
    wrong = check_probes(lagopus_lab, policy, packets, parse_continuation(PERMIT))
    assert not wrong, f"{name}: {len(wrong)} of {len(packets)} probes wrong:\n" + "\n".join(wrong[:20])


def _table_size(lab, table_id: int) -> int:
    reply = lab.datastore(f"flow bridge01 -table-id {table_id}")
    if reply.get("ret") != "OK":  # NOT_FOUND: the table does not exist yet
        return 0
    return sum(len(t.get("flows", [])) for b in reply.get("data", []) for t in b.get("tables", []))


@pytest.mark.slow
def test_kill_9_mid_push_keeps_the_old_firewall_and_the_next_push_recovers(lagopus_lab, classbench_dir,
                                                                           boundary_acl, tmp_path):
    lab = lagopus_lab
    aclc(lab, "push", str(boundary_acl), "--listen", CONTROLLER, "-t", "lagopus", "--permit", PERMIT)
    before = len(lab.flows())
    big = tmp_path / "fw1_1k.acl"
    subprocess.run([sys.executable, "-m", "aclc", "import", "classbench", str(classbench_dir / "fw1_1k"),
                    "-o", str(big)], check=True, capture_output=True)
    push = lab.popen(sys.executable, "-m", "aclc", "push", str(big), "--listen", CONTROLLER, "-t", "lagopus",
                     "-s", "multi", "--permit", PERMIT, "-q", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Kill the controller while the new bank (tables 50...) is being filled.
    wait_for(lambda: _table_size(lab, 50) > 50, 120, "the new bank to start filling", interval=0.01)
    push.send_signal(signal.SIGKILL)
    push.wait(timeout=10)
    assert len(lab.flows()) > before, "the kill came after the push had finished"
    _assert_decided_by_first_match(lab, boundary_acl)  # the old firewall, whole
    out = aclc(lab, "push", str(big), "--listen", CONTROLLER, "-t", "lagopus", "-s", "multi",
               "--permit", PERMIT, "--verify")
    text = out.stdout + out.stderr
    assert "leftover" in text or "removed" in text, text
    policy = load_policy(big)
    wrong = check_probes(lab, policy, packets_from_rules(policy, 500, seed=3), parse_continuation(PERMIT))
    assert not wrong, "\n".join(wrong[:20])
