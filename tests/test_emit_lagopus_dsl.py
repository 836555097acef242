"""lagopus-dsl: golden files, the documented DSL syntax read back, and Lagopus's traps refused."""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import pytest

from aclc.emit import emit
from aclc.errors import AclcError
from aclc.profiles import get_profile
from aclc.pipeline import (
    FIELD_WIDTH, PORT_NAMES, ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, Table,
    WriteMetadata, sort_match,
)

from test_emit_samples import SAMPLES, assert_golden, comparable, multi_pipeline, single_pipeline, v4

# The DSL keywords of docs/how-to-use-ds-flow-cmd.md (Lagopus) that aclc uses, read back
# independently of the emitter: keyword -> OXM field (icmp_type is ICMPv4 in the DSL).
DSL_FIELDS = {
    "in_port": "in_port", "metadata": "metadata", "dl_type": "eth_type", "nw_proto": "ip_proto",
    "nw_src": "ipv4_src", "nw_dst": "ipv4_dst", "ipv6_src": "ipv6_src", "ipv6_dst": "ipv6_dst",
    "arp_spa": "arp_spa", "arp_tpa": "arp_tpa", "tcp_src": "tcp_src", "tcp_dst": "tcp_dst",
    "udp_src": "udp_src", "udp_dst": "udp_dst", "sctp_src": "sctp_src", "sctp_dst": "sctp_dst",
    "icmp_type": "icmpv4_type", "icmp_code": "icmpv4_code", "icmpv6_type": "icmpv6_type",
    "icmpv6_code": "icmpv6_code",
}


def read_dsl_line(line: str) -> FlowEntry:
    words = line.split()
    assert words[:3] == ["flow", "bridge01", "add"]
    props, fields, instructions = {}, [], []
    for word in words[3:]:
        key, value = word.split("=", 1)
        if key in ("table", "priority", "cookie"):
            props[key] = int(value, 0)
        elif key == "apply_actions":
            outputs = []
            for action in value.split(","):
                kind, port = action.split(":")
                assert kind == "output"
                number = PORT_NAMES[port.upper()] if port.upper() in PORT_NAMES else int(port)
                outputs.append(Output(number, 0xFFFF if number == PORT_NAMES["CONTROLLER"] else 0))
            instructions.append(ApplyActions(tuple(outputs)))
        elif key == "write_metadata":
            v, _, m = value.partition("/")
            instructions.append(WriteMetadata(int(v, 0), int(m, 0) if m else (1 << 64) - 1))
        elif key == "goto_table":
            instructions.append(GotoTable(int(value)))
        else:
            name = DSL_FIELDS[key]
            v, _, m = value.partition("/")
            if name.startswith(("ipv4", "ipv6", "arp")):
                assert not m or not m.isdigit(), f"prefix-length mask in {word}: Lagopus misreads it"
                value_int = int(ipaddress.ip_address(v))
                mask_int = int(ipaddress.ip_address(m)) if m else None
            else:
                value_int, mask_int = int(v, 0), (int(m, 0) if m else None)
            if mask_int == (1 << FIELD_WIDTH[name]) - 1:
                mask_int = None
            fields.append(FieldMatch(name, value_int, mask_int))
    return FlowEntry(props["table"], props["priority"], sort_match(fields), tuple(instructions), props["cookie"])


def flow_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def without_masked_ports(pipeline):
    """The sample without what Lagopus cannot do: masked L4 ports, and NORMAL (output:2 instead)."""
    keep = tuple(_without_normal(f) for f in pipeline.flows()
                 if not any(m.mask is not None and m.field[:3] in ("tcp", "udp", "sct") for m in f.match))
    return replace(pipeline, tables=(replace(pipeline.tables[0], flows=keep),))


def _without_normal(flow):
    normal = PORT_NAMES["NORMAL"]
    instructions = tuple(
        ApplyActions(tuple(Output(2) if a.port == normal else a for a in i.actions))
        if isinstance(i, ApplyActions) else i for i in flow.instructions)
    return replace(flow, instructions=instructions)


def test_normal_is_refused_lagopus_has_no_normal_port():
    pipeline = single_pipeline()
    exact_ports = tuple(f for f in pipeline.flows()
                        if not any(m.mask is not None and m.field[:3] in ("tcp", "udp", "sct") for m in f.match))
    with pytest.raises(AclcError, match="Lagopus has no NORMAL port"):
        emit(replace(pipeline, tables=(replace(pipeline.tables[0], flows=exact_ports),)), "lagopus-dsl")


def test_golden_multi():
    assert_golden("multi.lagopus", emit(multi_pipeline(), "lagopus-dsl"))


def test_golden_single_without_masked_ports():
    assert_golden("single.lagopus", emit(without_masked_ports(single_pipeline()), "lagopus-dsl"))


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_reads_back_as_the_same_flows(sample):
    pipeline = SAMPLES[sample]()
    if sample == "single":
        pipeline = without_masked_ports(pipeline)
    read = [read_dsl_line(line) for line in flow_lines(emit(pipeline, "lagopus-dsl"))]
    assert read == [comparable(f) for f in pipeline.flows()]


def test_ipv4_masks_are_dotted_and_drop_has_no_actions():
    lines = flow_lines(emit(multi_pipeline(), "lagopus-dsl"))
    assert any("nw_dst=203.0.113.0/255.255.255.0" in line for line in lines)
    assert lines[-1] == "flow bridge01 add table=2 priority=1 cookie=12401787473871503360"


def test_bridge_option():
    text = emit(multi_pipeline(), "lagopus-dsl", bridge="br-fw")
    assert all(line.startswith("flow br-fw add ") for line in flow_lines(text))
    with pytest.raises(AclcError, match="not a Lagopus name"):
        emit(multi_pipeline(), "lagopus-dsl", bridge="br 0")


def test_refuses_masked_l4_port_whatever_the_target():
    pipeline = replace(single_pipeline(), profile=get_profile("lagopus"))
    with pytest.raises(AclcError, match="masked tcp_dst 0x50/0xfff0 would be silently ignored by Lagopus"):
        emit(pipeline, "lagopus-dsl")


def test_refuses_priority_zero_with_ipv4_address():
    flow = FlowEntry(0, 0, sort_match([FieldMatch("eth_type", 0x0800), FieldMatch("ipv4_dst", v4("10.0.0.1"))]),
                     (), 0)
    pipeline = replace(multi_pipeline(), tables=(Table(0, "acl", (flow,)),))
    with pytest.raises(AclcError, match="priority-0"):
        emit(pipeline, "lagopus-dsl")


def test_refuses_controller_max_len_it_cannot_say():
    flow = FlowEntry(0, 5, (), (ApplyActions((Output(PORT_NAMES["CONTROLLER"], 128),)),), 0)
    pipeline = replace(multi_pipeline(), tables=(Table(0, "acl", (flow,)),))
    with pytest.raises(AclcError, match="max_len 128"):
        emit(pipeline, "lagopus-dsl")


def test_file_and_push_spell_cookies_alike_in_the_documented_decimal_form():
    """Lagopus documents cookie=<0-18446744073709551615> (docs/how-to-use-ds-flow-cmd.md); the
    file and push --lagopus-ds write the same words, so a file, a push and a dump compare as text."""
    import re

    from aclc.emit.lagopus_dsl import flow_line as file_line
    from aclc.push import lagopus_ds

    flows = list(multi_pipeline().flows())
    for flow in flows:
        file_cookie = re.search(r" cookie=(\S+)", file_line(flow)).group(1)
        push_cookie = re.search(r" cookie=(\S+)", lagopus_ds.flow_line("bridge01", flow)).group(1)
        assert file_cookie == push_cookie == str(flow.cookie)
    assert lagopus_ds.delete_line("bridge01", 10, 0xAC1C << 48, 0xFFFF << 48) == \
        f"flow bridge01 del table=10 cookie={0xAC1C << 48}/{0xFFFF << 48}"
