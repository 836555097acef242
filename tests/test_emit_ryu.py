"""ryu-json and ryu-rest: os-ken itself reads every message back into the flow we meant."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from aclc.emit import emit
from aclc.errors import AclcError

from test_emit_samples import SAMPLES, assert_golden, comparable, flow_from_os_ken, single_pipeline

os_ken = pytest.importorskip("os_ken")


class Datapath:
    """Enough of an os-ken Datapath for parsing and for ofctl_v1_3.mod_flow_entry."""

    def __init__(self):
        from os_ken.ofproto import ofproto_v1_3, ofproto_v1_3_parser

        self.ofproto, self.ofproto_parser, self.id = ofproto_v1_3, ofproto_v1_3_parser, 1
        self.sent = []

    def set_xid(self, msg):
        msg.set_xid(len(self.sent) + 1)

    def send_msg(self, msg):
        msg.serialize()  # proves the message is well formed on the wire
        self.sent.append(msg)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
@pytest.mark.parametrize("fmt, ext", [("ryu-json", "ryu.json"), ("ryu-rest", "rest.json")])
def test_golden(sample, fmt, ext):
    pipeline = SAMPLES[sample]()
    if fmt == "ryu-rest" and sample == "single":
        pipeline = lagopus_safe(pipeline)
    assert_golden(f"{sample}.{ext}", emit(pipeline, fmt))


def lagopus_safe(pipeline):
    """The single sample without its masked ports (which ofctl_rest cannot send)."""
    flows = tuple(f for f in pipeline.flows() if all(m.mask is None or not m.field.endswith(("_src", "_dst"))
                                                      or m.field.startswith(("ipv", "arp")) for m in f.match))
    table = replace(pipeline.tables[0], flows=flows)
    return replace(pipeline, tables=(table,))


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_ryu_json_loads_back_with_os_ken(sample):
    from os_ken.ofproto.ofproto_parser import ofp_msg_from_jsondict

    pipeline = SAMPLES[sample]()
    dicts = json.loads(emit(pipeline, "ryu-json"))
    dp = Datapath()
    msgs = []
    for d in dicts:
        msg = ofp_msg_from_jsondict(dp, d)
        msg.set_xid(1)
        msg.serialize()
        assert len(msg.buf) == msg.msg_len > 0
        assert msg.to_jsondict()["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"] == \
            d["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"]
        msgs.append(msg)
    assert [flow_from_os_ken(m) for m in msgs] == [comparable(f) for f in pipeline.flows()]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_ryu_rest_bodies_go_through_ofctl_v1_3(sample):
    from os_ken.lib import ofctl_v1_3

    pipeline = SAMPLES[sample]()
    if sample == "single":
        pipeline = lagopus_safe(pipeline)
    bodies = json.loads(emit(pipeline, "ryu-rest", dpid=7))
    dp = Datapath()
    for body in bodies:
        assert body["dpid"] == 7
        ofctl_v1_3.mod_flow_entry(dp, body, dp.ofproto.OFPFC_ADD)
    assert [flow_from_os_ken(m) for m in dp.sent] == [comparable(f) for f in pipeline.flows()]


def test_ryu_rest_refuses_masked_ports():
    with pytest.raises(AclcError, match="ofctl_rest cannot send a masked tcp_dst"):
        emit(single_pipeline(), "ryu-rest")


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_fast_json_equals_os_ken_conversion(sample):
    from aclc.emit.ryu_json import DatapathStub, flow_mod

    pipeline = SAMPLES[sample]()
    dp = DatapathStub()
    slow = [json.loads(json.dumps(flow_mod(dp, f).to_jsondict())) for f in pipeline.flows()]
    assert json.loads(emit(pipeline, "ryu-json")) == slow
