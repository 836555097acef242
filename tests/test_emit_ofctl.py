"""The ofctl emitter: golden files, and real ovs-ofctl reads every line as meant."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from aclc.emit import emit
from aclc.errors import AclcError
from aclc.flowparse import parse_ofctl
from aclc.pipeline import FieldMatch, FlowEntry, Pipeline, Table

from test_emit_samples import SAMPLES, assert_golden, multi_pipeline, single_pipeline

needs_ovs_ofctl = pytest.mark.skipif(shutil.which("ovs-ofctl") is None, reason="ovs-ofctl not installed")


def without_roles(flows):
    return [replace(f, role="rule") for f in flows]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_golden(sample):
    assert_golden(f"{sample}.ofctl", emit(SAMPLES[sample](), "ofctl"))


def test_header_names_acl_target_strategy():
    text = emit(multi_pipeline(), "ofctl")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "# acl: dc" in header and "# target: lagopus" in header and "# strategy: multi" in header


def test_drop_and_instruction_spelling():
    lines = emit(multi_pipeline(), "ofctl").splitlines()
    assert "table=2,priority=1,cookie=0xac1c000000000000,actions=drop" in lines
    assert any(line.endswith("actions=write_metadata:0x4/0xc,goto_table:2") for line in lines)
    assert any(line.endswith("actions=CONTROLLER:65535,goto_table:100") for line in lines)


def _ovs_parse(path) -> list[FlowEntry]:
    """What ovs-ofctl itself understood, read back through our parser."""
    done = subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "parse-flows", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    lines = []
    for line in out.splitlines():
        found = re.match(r"OFPT_FLOW_MOD \(OF1\.3\) \(xid=\w+\): ADD (?:table:(\d+) )?(.*?)(?: cookie:(0x[0-9a-f]+))? (actions=.*)$", line)
        if found:
            table, match, cookie, actions = found.groups()
            lines.append(f"table={table or 0},{match},cookie={cookie or 0},{actions}")
    return parse_ofctl("\n".join(lines), "ovs-ofctl output")


@needs_ovs_ofctl
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_ovs_ofctl_reads_what_we_mean(sample, tmp_path):
    pipeline = SAMPLES[sample]()
    path = tmp_path / "flows.ofctl"
    path.write_text(emit(pipeline, "ofctl"))
    understood = _ovs_parse(path)
    assert without_roles(understood) == without_roles(pipeline.flows())


def test_refuses_ip_proto_without_eth_type():
    bad = FlowEntry(0, 5, (FieldMatch("ip_proto", 6),), (), 0)
    pipeline = single_pipeline()
    pipeline = replace(pipeline, tables=(Table(0, "acl", (bad,)),))
    with pytest.raises(AclcError, match="ip_proto without an IP eth_type"):
        emit(pipeline, "ofctl")


def test_refuses_ports_open_vswitch_cannot_number():
    bad = FlowEntry(0, 5, (FieldMatch("in_port", 70000),), (), 0)
    pipeline = replace(single_pipeline(), tables=(Table(0, "acl", (bad,)),))
    with pytest.raises(AclcError, match="Open vSwitch ports are 1..65279"):
        emit(pipeline, "ofctl")


def test_unknown_format_is_a_user_error():
    with pytest.raises(AclcError, match="unknown output format 'xml'"):
        emit(single_pipeline(), "xml")


# Random flows through real ovs-ofctl: every spelling the emitter can produce is read as meant.
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from test_flowparse import flows as random_flows


@needs_ovs_ofctl
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(random_flows(), min_size=1, max_size=40))
def test_random_flows_through_ovs_ofctl(tmp_path, flow_list):
    # Masks ovs-ofctl cannot read are refused by the emitter (tested below), not sent.
    assume(all(_ovs_can_read(f) for flow in flow_list for f in flow.match))
    pipeline = replace(single_pipeline(), tables=(Table(0, "acl", tuple(flow_list)),))
    path = tmp_path / "random.ofctl"
    path.write_text(emit(pipeline, "ofctl"))
    assert without_roles(_ovs_parse(path)) == without_roles(flow_list)


def _ovs_can_read(match: FieldMatch) -> bool:
    if match.field not in ("ipv6_src", "ipv6_dst") or match.mask is None:
        return True
    from aclc.emit import prefix_length

    first = match.mask >> 112
    return first == 0 or f"{first:x}"[0] in "abcdef" or prefix_length(match.mask, 128) is not None


@needs_ovs_ofctl
def test_ipv6_masks_spelled_for_ovs_ofctl(tmp_path):
    from aclc.emit.ofctl import ipv6_mask_text

    assert ipv6_mask_text(1 << 64) == "::1:0:0:0:0"  # not 0:0:0:1::, which ovs-ofctl misreads
    flow = FlowEntry(0, 5, (FieldMatch("eth_type", 0x86DD), FieldMatch("ipv6_src", 0, 1 << 64)), (), 0)
    pipeline = replace(single_pipeline(), tables=(Table(0, "acl", (flow,)),))
    path = tmp_path / "v6.ofctl"
    path.write_text(emit(pipeline, "ofctl"))
    assert without_roles(_ovs_parse(path)) == without_roles([flow])
    bad = FlowEntry(0, 5, (FieldMatch("eth_type", 0x86DD), FieldMatch("ipv6_src", 0, 1 << 112)), (), 0)
    with pytest.raises(AclcError, match="cannot read the IPv6 mask 1::"):
        emit(replace(pipeline, tables=(Table(0, "acl", (bad,)),)), "ofctl")
