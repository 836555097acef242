"""The multi-table strategy on Open vSwitch: masked classification, strategy choice, a live switch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.cli import main
from aclc.flowparse import parse_ofctl
from aclc.frontend import load_policy
from aclc.lower import CompileOptions, compile_policy
from aclc.lower.classify import PORT_SPACE, classify_ports
from aclc.policy import PortRange
from aclc.ranges import normalize_ranges

REPO = Path(__file__).resolve().parent.parent

# Ranges on both ports: one table needs the product of two prefix covers per rule.
WIDE = """\
acl wide {
    default deny
    deny tcp from any port 2000-2999 to any port 5000-5999
    permit tcp from 10.0.0.0/8 port >= 1024 to any port >= 1024
    permit udp from any port 1000-1999 to any port 3000-3999
}
"""


def _wide(tmp_path) -> Path:
    path = tmp_path / "wide.acl"
    path.write_text(WIDE)
    return path


# ------------------------------------------------------------------ masked classification

port_range = st.tuples(st.integers(0, PORT_SPACE - 1), st.integers(0, PORT_SPACE - 1)).map(
    lambda t: PortRange(min(t), max(t)))
port_sets = st.lists(port_range, min_size=1, max_size=3).map(lambda rs: normalize_ranges((r.lo, r.hi) for r in rs))


def _table(classes, entries) -> list[int]:
    ids = [classes.default_id] * PORT_SPACE
    for lo, hi, class_id in entries:
        for port in range(lo, hi + 1):
            ids[port] = class_id
    return ids


@settings(max_examples=30, deadline=None)
@given(st.lists(port_sets, min_size=1, max_size=6))
def test_masked_classification_maps_every_port_to_its_exact_class(sets):
    classes = classify_ports("dst", (0x0800, 6), sets)
    exact = _table(classes, ((p, p, c) for p, c in classes.exact_ports()))
    masked = list(classes.masked_ports())
    blocks = []
    for value, mask, class_id in masked:
        size = PORT_SPACE - mask
        assert size & (size - 1) == 0 and value & ~mask & 0xFFFF == 0  # a prefix
        blocks.append((value, value + size - 1, class_id))
    blocks.sort()
    assert all(a[1] < b[0] for a, b in zip(blocks, blocks[1:]))  # disjoint: priority order is irrelevant
    assert _table(classes, blocks) == exact
    assert exact == [classes.class_of(p) for p in range(PORT_SPACE)]
    assert classes.masked_flow_count == len(masked) <= classes.exact_flow_count


def test_ovs_multi_classifies_with_masks_and_lagopus_stays_exact(tmp_path):
    policy = load_policy(str(_wide(tmp_path)))
    ovs = compile_policy(policy, CompileOptions(target="ovs", strategy="multi"))
    lagopus = compile_policy(policy, CompileOptions(target="lagopus", strategy="multi"))
    port_matches = lambda p: [m for t in p.tables[:-1] for f in t.flows for m in f.match  # noqa: E731
                              if m.field.startswith(("tcp_", "udp_"))]
    assert any(m.mask is not None for m in port_matches(ovs))
    assert all(m.mask is None for m in port_matches(lagopus))
    assert len(port_matches(ovs)) * 100 < len(port_matches(lagopus))
    # The same ACL table (only the permit continuation, each target's default, differs).
    assert [(f.priority, f.match) for f in ovs.tables[-1].flows] == \
        [(f.priority, f.match) for f in lagopus.tables[-1].flows]


# ------------------------------------------------------------------ strategy choice


def test_ovs_chooses_multi_only_when_it_needs_fewer_flows(tmp_path):
    wide = load_policy(str(_wide(tmp_path)))
    chosen = compile_policy(wide, CompileOptions(target="ovs"))
    single = compile_policy(wide, CompileOptions(target="ovs", strategy="single"))
    assert chosen.strategy == "multi" and chosen.flow_count < single.flow_count
    assert "fewer than single's" in chosen.strategy_reason
    for example in ("office", "dmz", "everything"):  # small ACLs stay in one table
        policy = load_policy(str(REPO / "examples" / f"{example}.acl"))
        pipeline = compile_policy(policy, CompileOptions(target="ovs"))
        assert pipeline.strategy == "single", example
        assert pipeline.flows() and pipeline.strategy_reason.startswith("single needs")
    # Asked for explicitly, single stays single; Lagopus never chooses by this rule.
    assert single.strategy == "single" and single.strategy_reason == ""
    assert compile_policy(wide, CompileOptions(target="lagopus")).strategy_reason == ""


def test_stats_says_which_strategy_and_why(capsys, tmp_path):
    status = main(["compile", str(_wide(tmp_path)), "-t", "ovs", "-f", "ofctl", "--stats",
                   "-o", str(tmp_path / "wide.ofctl")])
    err = capsys.readouterr().err
    assert status in (0, None), err
    found = re.search(r"strategy chosen: multi, multi needs ([\d,]+) flows .*fewer than single's ([\d,]+)", err)
    assert found, err
    multi, single = (int(n.replace(",", "")) for n in found.groups())
    assert multi < single
    assert "verify:" in err and "equivalent" in err


# ------------------------------------------------------------------ a live Open vSwitch


def _decision(lab, br, flow: str) -> str:
    out = lab.trace(br, f"in_port=1,{flow}")
    actions = re.search(r"Datapath actions: (.*)", out).group(1).strip()
    return "drop" if actions == "drop" else "permit"


@pytest.mark.switch
def test_live_ovs_runs_the_multi_table_acl(capsys, tmp_path, ovs_lab):
    out = tmp_path / "wide.ofctl"
    status = main(["compile", str(_wide(tmp_path)), "-t", "ovs", "--permit", "output:2", "-f", "ofctl",
                   "-o", str(out)])
    assert status in (0, None), capsys.readouterr().err
    flows = parse_ofctl(out.read_text(), str(out))
    assert {f.table_id for f in flows} == {0, 1, 2}  # multi was chosen
    ovs_lab.add_bridge("br0", dpid=1, ports=(1, 2))
    ovs_lab.ofctl("del-flows", "br0")
    ovs_lab.ofctl("add-flows", "br0", str(out))
    dumped = parse_ofctl(ovs_lab.ofctl("dump-flows", "--no-names", "br0"), "dump-flows")
    assert len(dumped) == len(flows)
    tcp = "tcp,nw_src=10.1.2.3,nw_dst=192.0.2.1,tcp_src={},tcp_dst={}"
    udp = "udp,nw_src=192.0.2.9,nw_dst=192.0.2.1,udp_src={},udp_dst={}"
    cases = {
        tcp.format(2500, 5500): "drop",  # rule 1 denies before rule 2 permits
        tcp.format(1999, 5500): "permit",
        tcp.format(2500, 6000): "permit",
        tcp.format(1024, 1024): "permit",
        tcp.format(65535, 65535): "permit",
        tcp.format(1023, 8080): "drop",
        tcp.format(8080, 1023): "drop",
        udp.format(1000, 3999): "permit",
        udp.format(1999, 3000): "permit",
        udp.format(2000, 3500): "drop",
        udp.format(1500, 4000): "drop",
        "tcp,nw_src=192.0.2.9,nw_dst=192.0.2.1,tp_src=4000,tp_dst=4000": "drop",  # not from 10/8
    }
    for flow, want in cases.items():
        assert _decision(ovs_lab, "br0", flow) == want, flow
