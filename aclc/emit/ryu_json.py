"""``ryu-json``: a JSON list of os-ken ``OFPFlowMod.to_jsondict()`` messages.

Built with os-ken's own OpenFlow 1.3 classes, so every element is exactly what
``ofproto_parser.ofp_msg_from_jsondict(datapath, d)`` turns back into the
flow mod (a Ryu/os-ken application can send them unchanged). One message per
flow, OFPFC_ADD, no timeouts, in table order. Stateful pipelines (ovs) use
os-ken's Open vSwitch extensions: the ``ct_state`` (NXM) and ``tcp_flags`` (ONF)
match fields and the ``NXActionCT`` action.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import AclcError
from ..pipeline import (
    FIELD_RANK, ApplyActions, Conntrack, FieldMatch, FlowEntry, GotoTable, Pipeline, WriteMetadata,
)
from . import ADDRESS_FIELDS, address_text, batched, flow_label, json_list


class DatapathStub:
    """What os-ken's message classes need from a datapath to build or parse a message."""

    def __init__(self):
        from os_ken.ofproto import ofproto_v1_3, ofproto_v1_3_parser

        self.ofproto = ofproto_v1_3
        self.ofproto_parser = ofproto_v1_3_parser
        self.id = 1


def emit(pipeline: Pipeline, **options) -> str:
    return "".join(chunks(pipeline, **options))


def chunks(pipeline: Pipeline, **options) -> Iterator[str]:
    """The JSON list in pieces, one message a line, made as they are consumed."""
    build = JsonDictBuilder()
    yield from batched(json_list(json.dumps(build.flow_mod(flow), sort_keys=True) for flow in pipeline.flows()))


class JsonDictBuilder:
    """``flow_mod(dp, flow).to_jsondict()``, assembled from parts os-ken built once each.

    os-ken's to_jsondict walks every object by introspection (about 2000 flows a
    second); a message's parts only depend on their own values, so each distinct
    match field and instruction is converted by os-ken once and reused. The tests
    check the result equals os-ken's own conversion, message by message.
    """

    def __init__(self):
        self.dp = DatapathStub()
        empty = flow_mod(self.dp, FlowEntry(0, 0, (), (), 0)).to_jsondict()
        self.template = empty["OFPFlowMod"]
        self.match_template = self.template["match"]["OFPMatch"]
        self.fields: dict = {}
        self.instructions: dict = {}

    def flow_mod(self, flow: FlowEntry) -> dict:
        body = dict(self.template)
        body["cookie"], body["table_id"], body["priority"] = flow.cookie, flow.table_id, flow.priority
        ordered = sorted(flow.match, key=_oxm_rank)
        match = dict(self.match_template)
        match["oxm_fields"] = [self._field(f, flow) for f in ordered]
        body["match"] = {"OFPMatch": match}
        body["instructions"] = [self._instruction(i, flow) for i in flow.instructions]
        return {"OFPFlowMod": body}

    def _field(self, match: FieldMatch, flow: FlowEntry) -> dict:
        if match not in self.fields:
            single = FlowEntry(flow.table_id, flow.priority, (match,), (), 0)
            parser = self.dp.ofproto_parser
            oxm = parser.OFPMatch(**match_kwargs(single)).to_jsondict()
            (self.fields[match],) = oxm["OFPMatch"]["oxm_fields"]
        return self.fields[match]

    def _instruction(self, ins, flow: FlowEntry) -> dict:
        if ins not in self.instructions:
            single = FlowEntry(flow.table_id, flow.priority, (), (ins,), 0)
            (self.instructions[ins],) = [i.to_jsondict() for i in instructions(self.dp, single)]
        return self.instructions[ins]


def _oxm_rank(match: FieldMatch) -> int:
    """Where os-ken puts a field: it sorts by OXM header, so the NXM ct_state (class 0x0001)
    comes before every OpenFlow basic field and the ONF tcp_flags after them."""
    if match.field == "ct_state":
        return -1
    return FIELD_RANK.get(match.field, len(FIELD_RANK))


def flow_mod(dp, flow: FlowEntry):
    ofp, parser = dp.ofproto, dp.ofproto_parser
    return parser.OFPFlowMod(
        dp, cookie=flow.cookie, cookie_mask=0, table_id=flow.table_id, command=ofp.OFPFC_ADD,
        idle_timeout=0, hard_timeout=0, priority=flow.priority, buffer_id=ofp.OFP_NO_BUFFER,
        out_port=ofp.OFPP_ANY, out_group=ofp.OFPG_ANY, flags=0,
        match=parser.OFPMatch(**match_kwargs(flow)), instructions=instructions(dp, flow),
    )


def match_kwargs(flow: FlowEntry) -> dict:
    """OFPMatch keyword arguments in OXM order (prerequisites before the fields needing them)."""
    kwargs = {}
    for match in sorted(flow.match, key=lambda f: FIELD_RANK.get(f.field, len(FIELD_RANK))):
        if match.field not in FIELD_RANK:
            raise AclcError(f"{flow_label(flow)}: field {match.field} cannot be written as an os-ken match")
        kwargs[match.field] = oxm_value(match)
    return kwargs


def oxm_value(match: FieldMatch):
    if match.field in ADDRESS_FIELDS:
        value = address_text(match.field, match.value)
        return value if match.mask is None else (value, address_text(match.field, match.mask))
    return match.value if match.mask is None else (match.value, match.mask)


NX_CT_RECIRC_NONE = 0xFF  # NXActionCT: no recirculation
NX_CT_F_COMMIT = 1


def conntrack_action(parser, action: Conntrack):
    """Open vSwitch's ct action as os-ken's NXActionCT (zone as an immediate value)."""
    return parser.NXActionCT(
        flags=NX_CT_F_COMMIT if action.commit else 0, zone_src="", zone_ofs_nbits=action.zone,
        recirc_table=NX_CT_RECIRC_NONE if action.table is None else action.table, alg=0, actions=[])


def instructions(dp, flow: FlowEntry) -> list:
    ofp, parser = dp.ofproto, dp.ofproto_parser
    result = []
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            actions = [conntrack_action(parser, a) if a.__class__ is Conntrack
                       else parser.OFPActionOutput(a.port, a.max_len) for a in ins.actions]
            result.append(parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, actions))
        elif isinstance(ins, WriteMetadata):
            result.append(parser.OFPInstructionWriteMetadata(ins.value, ins.mask))
        elif isinstance(ins, GotoTable):
            result.append(parser.OFPInstructionGotoTable(ins.table_id))
        else:  # pragma: no cover - the IR has no other instruction
            raise AclcError(f"{flow_label(flow)}: instruction {ins!r} cannot be written for os-ken")
    return result
