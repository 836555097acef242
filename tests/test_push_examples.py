"""``aclc push`` on the bundled examples, on a real userspace Open vSwitch: the installed flows
are the compiled ones, and traced packets are decided like the ACL says (packet evaluator)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from aclc.evaluate import evaluate_policy
from aclc.pipeline import ApplyActions, Effect, GotoTable
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, PORT_PROTOCOLS
from aclc.push.check import sample_packets

pytestmark = pytest.mark.switch

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.acl"))


def trace_text(packet) -> str:
    """ofproto/trace's spelling of an aclc Packet."""
    if packet.eth_type == ETH_ARP:
        return f"in_port={packet.in_port},arp,arp_spa={packet.address_text(packet.src)},arp_tpa={packet.address_text(packet.dst)}"
    if packet.eth_type not in (ETH_IPV4, ETH_IPV6):
        return f"in_port={packet.in_port},dl_type=0x{packet.eth_type:04x}"
    v6 = packet.eth_type == ETH_IPV6
    src, dst = packet.address_text(packet.src), packet.address_text(packet.dst)
    addrs = f"ipv6_src={src},ipv6_dst={dst}" if v6 else f"nw_src={src},nw_dst={dst}"
    names = {6: "tcp", 17: "udp", 132: "sctp", 1: "icmp", 58: "icmp"}
    proto = names.get(packet.ip_proto)
    if proto is None:
        return f"in_port={packet.in_port},{'ipv6' if v6 else 'ip'},{addrs},nw_proto={packet.ip_proto}"
    text = f"in_port={packet.in_port},{proto}{'6' if v6 else ''},{addrs}"
    if packet.ip_proto in PORT_PROTOCOLS:
        text += f",{proto}_src={packet.src_port},{proto}_dst={packet.dst_port}"
    else:
        text += (f",icmpv6_type={packet.icmp_type},icmpv6_code={packet.icmp_code}" if v6
                 else f",icmp_type={packet.icmp_type},icmp_code={packet.icmp_code}")
    return text


def switch_effect(lab, pipeline_by_key, packet, base) -> Effect:
    """The effect of the last aclc flow the bridge's trace shows (a miss drops)."""
    out = lab.trace("fw", trace_text(packet))
    hits = re.findall(r"^\s*(\d+)\. .*priority (\d+), cookie (0x[0-9a-f]+)", out, re.M)
    hits = [(int(t), int(p), int(c, 16)) for t, p, c in hits if int(t) >= base]
    if not hits:
        return Effect()
    table, priority, cookie = hits[-1]
    candidates = {f.instructions for f in pipeline_by_key.get((table, priority, cookie & 0xFFFFFFFF), ())}
    assert len(candidates) == 1, (table, priority, hex(cookie), out)
    instructions = candidates.pop()
    outputs = frozenset(a for i in instructions if isinstance(i, ApplyActions) for a in i.actions)
    gotos = [i.table_id for i in instructions if isinstance(i, GotoTable) and i.table_id >= 90]
    if any(isinstance(i, GotoTable) and i.table_id < 90 for i in instructions):
        return Effect()  # a goto into the bank whose table then missed
    return Effect(outputs, gotos[0] if gotos else None)


def check_decisions(lab, acl, target, strategy=None, count=60):
    from aclc.frontend import load_policy
    from aclc.lower import CompileOptions, compile_policy
    from aclc.push import layout

    policy = load_policy(acl)
    options = CompileOptions(target=target, strategy=strategy, table_base=10)
    pipeline = compile_policy(policy, options)
    by_key = {}
    for f in pipeline.flows():
        by_key.setdefault((f.table_id, f.priority, f.cookie & 0xFFFFFFFF), []).append(f)
    checked = 0
    for packet in sample_packets(policy, count, seed=7):
        _, want = evaluate_policy(policy, packet, pipeline.continuation)
        assert switch_effect(lab, by_key, packet, 10) == want, f"{acl.name}: {packet}"
        checked += 1
        if checked >= count:
            break
    # The switch holds the compiled flows (one per table, priority and match), counted per table.
    from aclc.push.codec import flow_key
    dump = lab.dump_flows("fw")
    for table in pipeline.tables:
        distinct = len({flow_key(f) for f in table.flows})
        assert len(re.findall(rf"cookie=0xac1c[0-9a-f]*, .*table={table.table_id},", dump)) == distinct


def test_examples_push_and_decide_like_the_acl(ovs_lab):
    ovs_lab.add_bridge("fw", dpid=1, listen="ptcp:6634:127.0.0.1", ports=(1, 2))
    assert EXAMPLES, "examples/*.acl missing"
    for acl in EXAMPLES:
        # Each example replaces the previous one; --full so each starts in bank 0 after a swap back.
        ovs_lab.run("true")
        proc = ovs_lab.run(sys.executable, "-m", "aclc", "push", str(acl), "--connect", "tcp:127.0.0.1:6634",
                           "--verify", "-q", cwd=str(REPO), check=False)
        assert proc.returncode == 0, proc.stderr
        assert "verified: the switch decides every packet like" in proc.stdout
        bank = int(re.search(r"live in bank (\d)", proc.stdout).group(1))
        if bank != 0:  # bring it to bank 0 so the trace check below can use one compile
            proc = ovs_lab.run(sys.executable, "-m", "aclc", "push", str(acl), "--connect", "tcp:127.0.0.1:6634",
                               "--full", "-q", cwd=str(REPO))
        check_decisions(ovs_lab, acl, "ovs")


def test_multi_table_lagopus_pipeline_runs_on_ovs(ovs_lab):
    """OVS stands in for Lagopus: exact ports, classification into metadata, several tables."""
    ovs_lab.add_bridge("fw", dpid=1, listen="ptcp:6634:127.0.0.1", ports=(1, 2))
    acl = REPO / "examples" / "dmz.acl"
    proc = ovs_lab.run(sys.executable, "-m", "aclc", "push", str(acl), "-t", "lagopus", "--strategy", "multi",
                       "--connect", "tcp:127.0.0.1:6634", "--verify", "-q", cwd=str(REPO), check=False)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"tables 10,11", proc.stdout), proc.stdout
    check_decisions(ovs_lab, acl, "lagopus", "multi", count=80)


def test_dry_run_and_stats_through_the_cli(ovs_lab):
    ovs_lab.add_bridge("fw", dpid=1, listen="ptcp:6634:127.0.0.1", ports=(1, 2))
    acl = REPO / "examples" / "office.acl"
    dry = ovs_lab.run(sys.executable, "-m", "aclc", "push", str(acl), "--connect", "tcp:127.0.0.1:6634",
                      "--dry-run", cwd=str(REPO))
    assert "plan: full install of generation 1 into bank 0" in dry.stdout
    assert "cookie=0xac1c" not in ovs_lab.dump_flows("fw")
    ovs_lab.run(sys.executable, "-m", "aclc", "push", str(acl), "--connect", "tcp:127.0.0.1:6634", cwd=str(REPO))
    # Send one packet through: staff web traffic (office.acl permits it).
    ovs_lab.ofctl("packet-out", "fw", "in_port=1 packet=" + _tcp_frame() + " actions=table")
    stats = ovs_lab.run(sys.executable, "-m", "aclc", "stats", str(acl), "--connect", "tcp:127.0.0.1:6634",
                        cwd=str(REPO)).stdout
    row = next(l for l in stats.splitlines() if "permit service DNS, WEB, MAIL from STAFF" in l)
    assert re.search(r"\s1\s+\d+\s", row), stats
    assert "default deny" in stats


def _tcp_frame() -> str:
    """Ethernet/IPv4/TCP from 192.168.10.7 to 93.184.216.34:443, as hex."""
    import struct
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 1, 0, 64, 6, 0, bytes([192, 168, 10, 7]), bytes([93, 184, 216, 34]))
    tcp = struct.pack("!HHIIBBHHH", 40000, 443, 0, 0, 0x50, 0x02, 1024, 0, 0)
    eth = bytes.fromhex("020000000002" "020000000001" "0800")
    return (eth + ip + tcp).hex()
