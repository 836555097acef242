"""The ClassBench reader, and compiling real ClassBench sets."""

from __future__ import annotations

import random

import pytest

from aclc.importers.classbench_format import FLAGS_NOTE, parse_classbench, read_classbench
from aclc.errors import AclcError, SourcePos
from aclc.lower import CompileOptions, compile_policy
from aclc.policy import ETH_IPV4, Action, PortRange, Prefix
from strategies import boundary_packets, decision_mismatches, make_packet, same_priority_conflicts

LINES = (
    "@10.1.2.0/24\t0.0.0.0/0\t0 : 65535\t80 : 80\t0x06/0xFF\t0x0000/0x0200\t\n"
    "@0.0.0.0/0\t192.168.1.7/32\t1024 : 65535\t53 : 53\t0x11/0xFF\t0x0000/0x0000\t\n"
    "@10.0.0.0/8\t10.0.0.0/8\t0 : 65535\t0 : 65535\t0x00/0x00\t0x0000/0x0000\t\n"
)


def test_fields_actions_and_flags_note(tmp_path):
    path = tmp_path / "set"
    path.write_text(LINES)
    notes: list[str] = []
    policy = read_classbench(path, notes=notes)
    assert notes == [FLAGS_NOTE]
    r0, r1, r2 = policy.rules
    assert (r0.action, r1.action, r2.action) == (Action.PERMIT, Action.DENY, Action.PERMIT)
    assert policy.default_action == Action.DENY
    assert r0.eth_type == ETH_IPV4 and r0.ip_proto == 6 and r0.src == (Prefix(0x0A010200, 24, 32),)
    assert r0.dst is None and r0.src_ports is None and r0.dst_ports == (PortRange(80, 80),)
    assert r1.src is None and r1.src_ports == (PortRange(1024, 65535),) and r1.ip_proto == 17
    assert r2.ip_proto is None
    assert r1.origin == SourcePos(str(path), 2, 1)
    assert all(r.action == Action.DENY for r in read_classbench(path, actions="deny").rules)
    assert all(r.action == Action.PERMIT for r in read_classbench(path, actions="permit").rules)


def test_host_bits_beyond_the_length_are_ignored():
    policy, _ = parse_classbench("@10.1.2.3/24\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\n")
    assert policy.rules[0].src == (Prefix(0x0A010200, 24, 32),)


@pytest.mark.parametrize("line,column,message", [
    ("10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\t", 1, "starts with '@'"),
    ("@10.0.0.0/33\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\t", 2, "bad IPv4 prefix"),
    ("@10.0.0.0/8\t10.0.0/8\t0 : 65535\t0 : 65535\t0x06/0xFF\t", 13, "bad IPv4 prefix"),
    ("@10.0.0.0/8\t0.0.0.0/0\t9 : 1\t0 : 65535\t0x06/0xFF\t", 23, "bad port range"),
    ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 70000\t0x06/0xFF\t", 33, "bad port range"),
    ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xF0\t", 43, "neither 0x00"),
    ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\tTCP\t", 43, "bad protocol"),
    ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t80 : 80\t0x01/0xFF\t", 23, "port ranges need protocol"),
    ("@10.0.0.0/8\t0.0.0.0/0", 1, "expected 5 or 6"),
    ("@10.0.0.0/8\t0.0.0.0/0\t1_0 : 20\t0 : 65535\t0x06/0xFF\t", 23, "bad port range"),
    ("@10.0.0.0/8\t0.0.0.0/0\t+1 : 20\t0 : 65535\t0x06/0xFF\t", 23, "bad port range"),
    ("@10.0_0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\t", 2, "bad IPv4 prefix"),
    ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x0_6/0xFF\t", 43, "bad protocol"),
])
def test_bad_lines_name_file_line_and_column(line, column, message):
    with pytest.raises(AclcError, match=message) as info:
        parse_classbench(LINES + line + "\n", "bad.cb")
    assert info.value.pos == SourcePos("bad.cb", 4, column)


def test_unreadable_file_and_unknown_mode(tmp_path):
    with pytest.raises(AclcError, match="cannot read"):
        read_classbench(tmp_path / "missing")
    with pytest.raises(AclcError, match="action mode"):
        read_classbench(tmp_path / "missing", actions="random")


def test_real_set_reads_every_line(classbench_dir):
    policy = read_classbench(classbench_dir / "acl1_1k")
    lines = [line for line in (classbench_dir / "acl1_1k").read_text().splitlines() if line.strip()]
    assert len(policy.rules) == len(lines)
    assert policy.rules[-1].origin.line == len(lines)


def _random_packets(policy, n, seed):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        r = rnd.choice(policy.rules)
        src = (r.src[0].value | rnd.getrandbits(32 - r.src[0].length)) if r.src and rnd.random() < 0.8 else rnd.getrandbits(32)
        dst = (r.dst[0].value | rnd.getrandbits(32 - r.dst[0].length)) if r.dst and rnd.random() < 0.8 else rnd.getrandbits(32)
        proto = r.ip_proto if r.ip_proto is not None else rnd.choice((6, 17, 1))
        sport = rnd.randint(r.src_ports[0].lo, r.src_ports[0].hi) if r.src_ports else rnd.getrandbits(16)
        dport = rnd.randint(r.dst_ports[0].lo, r.dst_ports[0].hi) if r.dst_ports else rnd.getrandbits(16)
        out.append(make_packet(1, ETH_IPV4, src, dst, proto, sport, dport, 0, 0))
    return out


@pytest.mark.parametrize("name", ["acl1_1k", "fw1_1k", "ipc1_1k"])
def test_compiled_sets_decide_like_the_acl(classbench_dir, name):
    policy = read_classbench(classbench_dir / name)
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    sample = type(policy)(policy.name, policy.rules[::7])
    packets = boundary_packets(sample) + _random_packets(policy, 300, name)
    assert not decision_mismatches(policy, pipeline, packets)


def test_compiled_set_has_no_same_priority_conflicts(classbench_dir):
    policy = read_classbench(classbench_dir / "fw1_1k")
    assert not same_priority_conflicts(compile_policy(policy, CompileOptions(target="ovs")))
