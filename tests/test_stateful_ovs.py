"""Stateful rules on a real Open vSwitch (userspace datapath, conntrack), with real TCP, UDP
and ICMP between two hosts in their own network namespaces.

    h1 10.9.0.1 --port 1-- br0 (the compiled ACL, permit NORMAL) --port 2-- h2 10.9.0.2

The ACL permits h1's connections to h2:8080 and h1's UDP to h2:5353, and every packet of
an established or related connection; everything else IP is denied.
"""

from __future__ import annotations

import re
import textwrap
import time

import pytest

from aclc.emit import ofctl
from aclc.frontend import parse_policy_text
from aclc.lower import CompileOptions, compile_policy
from aclc.semantics.verify import verify

pytestmark = pytest.mark.switch

POLICY = """
acl fw {
    permit tcp from 10.9.0.1 to 10.9.0.2 port 8080
    permit udp from 10.9.0.1 to 10.9.0.2 port 5353
    permit ip from any to any state established, related
}
"""

TCP_SERVER = """
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1); s.settimeout(float(sys.argv[3]))
print("listening", flush=True)
try:
    c, peer = s.accept()
except socket.timeout:
    print("no connection", flush=True); sys.exit(0)
c.settimeout(5)
data = c.recv(100)
c.sendall(b"pong:" + data)
print("served", peer, flush=True)
c.close()
"""

TCP_CLIENT = """
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.settimeout(float(sys.argv[5]))
try:
    s.connect((sys.argv[3], int(sys.argv[4])))
    s.sendall(b"ping")
    print(s.recv(100).decode(), flush=True)
except socket.timeout:
    print("timeout", flush=True)
"""

UDP_PROBE = """
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
s.connect((sys.argv[1], int(sys.argv[2])))
s.send(b"hello")
try:
    s.recv(100)
    print("answer", flush=True)
except ConnectionRefusedError:
    print("refused", flush=True)   # the ICMP port unreachable came back
except socket.timeout:
    print("timeout", flush=True)
"""

UDP_LISTEN = """
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(float(sys.argv[3]))
print("listening", flush=True)
try:
    s.recv(100); print("received", flush=True)
except socket.timeout:
    print("nothing", flush=True)
"""


def _script(text: str) -> str:
    return textwrap.dedent(text).strip()


@pytest.fixture
def lab(ovs_lab, tmp_path):
    return _install(ovs_lab, tmp_path, POLICY)


def _install(ovs_lab, tmp_path, text: str):
    policy = parse_policy_text(text, "fw.acl")
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    assert verify(policy, pipeline).ok
    flows = tmp_path / "fw.flows"
    flows.write_text(ofctl.emit(pipeline))
    ovs_lab.add_bridge("br0", 1)
    h1 = ovs_lab.add_host("br0", 1, "10.9.0.1/24")
    h2 = ovs_lab.add_host("br0", 2, "10.9.0.2/24")
    ovs_lab.ofctl("add-flows", "br0", str(flows))
    ovs_lab.h1, ovs_lab.h2 = h1, h2
    return ovs_lab


def _server(lab, host: str, script: str, *args: str):
    import subprocess

    child = lab.host_popen(host, "python3", "-c", _script(script), *args, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "listening"
    return child


def _run(lab, host: str, script: str, *args: str) -> str:
    return lab.in_host(host, "python3", "-c", _script(script), *args, timeout=30).stdout.strip()


def _packets(lab, pattern: str) -> int:
    total = 0
    for line in lab.dump_flows("br0").splitlines():
        if re.search(pattern, line):
            total += int(re.search(r"n_packets=(\d+)", line).group(1))
    return total


def test_reply_of_a_permitted_connection_passes(lab):
    server = _server(lab, lab.h2, TCP_SERVER, "10.9.0.2", "8080", "10")
    answer = _run(lab, lab.h1, TCP_CLIENT, "10.9.0.1", "40000", "10.9.0.2", "8080", "5")
    assert answer == "pong:ping"
    assert "served" in server.communicate(timeout=15)[0]
    # The SYN was committed as a new connection; the replies passed as established.
    assert _packets(lab, r"ct_state=\+new\+trk.*actions=ct\(commit\)") >= 1
    assert _packets(lab, r"ct_state=\+est-rel-inv\+trk") >= 1


def test_reversed_five_tuple_without_a_connection_is_dropped(lab):
    # The reverse of the permitted h1:40000 -> h2:8080, with conntrack empty: a new connection
    # from h2, which no rule permits.
    lab.appctl("dpctl/flush-conntrack")
    server = _server(lab, lab.h1, TCP_SERVER, "10.9.0.1", "40000", "4")
    answer = _run(lab, lab.h2, TCP_CLIENT, "10.9.0.2", "8080", "10.9.0.1", "40000", "2")
    assert answer == "timeout"
    assert "no connection" in server.communicate(timeout=15)[0]
    # The same switch still lets the permitted direction through (the drop was the ACL's).
    server = _server(lab, lab.h2, TCP_SERVER, "10.9.0.2", "8080", "10")
    assert _run(lab, lab.h1, TCP_CLIENT, "10.9.0.1", "40001", "10.9.0.2", "8080", "5") == "pong:ping"
    server.communicate(timeout=15)


def test_icmp_error_related_to_a_permitted_flow_passes(lab):
    # Nothing listens on h2:5353: h2 answers h1's permitted datagram with ICMP port
    # unreachable, which only the 'related' state lets back to h1.
    assert _run(lab, lab.h1, UDP_PROBE, "10.9.0.2", "5353") == "refused"
    assert _packets(lab, r"ct_state=\+rel-inv\+trk") >= 1
    # Unrelated traffic from h2 (a new UDP flow to h1) is dropped.
    listener = _server(lab, lab.h1, UDP_LISTEN, "10.9.0.1", "5353", "3")
    lab.in_host(lab.h2, "python3", "-c",
                "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('10.9.0.1', 5353))")
    time.sleep(0.2)
    assert "nothing" in listener.communicate(timeout=15)[0]


def test_without_the_state_rule_replies_and_errors_are_dropped(ovs_lab, tmp_path):
    # The control: the same ACL without its 'state established, related' line is stateless,
    # and neither the SYN-ACK nor the ICMP error gets back to h1.
    lab = _install(ovs_lab, tmp_path, POLICY.replace("permit ip from any to any state established, related", ""))
    assert "ct(" not in lab.dump_flows("br0")
    server = _server(lab, lab.h2, TCP_SERVER, "10.9.0.2", "8080", "4")
    assert _run(lab, lab.h1, TCP_CLIENT, "10.9.0.1", "40002", "10.9.0.2", "8080", "2") == "timeout"
    server.communicate(timeout=15)
    assert _run(lab, lab.h1, UDP_PROBE, "10.9.0.2", "5353") == "timeout"
