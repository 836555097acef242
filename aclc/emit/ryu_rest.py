"""``ryu-rest``: request bodies for Ryu/os-ken ofctl_rest ``POST /stats/flowentry/add``.

A JSON list with one body per flow, in the form ``os_ken.lib.ofctl_v1_3``
reads (``mod_flow_entry``: ``to_match`` and ``to_actions``)::

    {"dpid": 1, "table_id": 0, "priority": 10, "cookie": ..., "match": {"eth_type": 2048,
     "ipv4_src": "10.0.0.0/255.0.0.0"}, "actions": [{"type": "OUTPUT", "port": 2},
     {"type": "WRITE_METADATA", "metadata": 1, "metadata_mask": 3},
     {"type": "GOTO_TABLE", "table_id": 2}]}

ofctl_rest reads instructions from the ``actions`` key (apply-actions as plain
actions, the other instructions by type); an empty list is a drop. Its matches
take TCP/UDP/SCTP ports, ip_proto and ICMP fields as plain integers, so a masked
one cannot be sent this way and is refused rather than widened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import AclcError
from ..pipeline import (
    FIELD_RANK, PORT_NUMBERS, ApplyActions, Conntrack, FieldMatch, FlowEntry, GotoTable, Pipeline, WriteMetadata,
)
from . import ADDRESS_FIELDS, address_text, batched, flow_label, json_list

# Fields ofctl_v1_3.to_match reads as "value/mask" (ofctl_utils.to_match_masked_int).
MASKED_INT_FIELDS = frozenset({"metadata"})
# Open vSwitch extensions that ofctl_v1_3.to_match and to_actions have no keys for.
EXTENSION_FIELDS = frozenset({"ct_state", "tcp_flags"})
_NO_EXTENSIONS = ("ofctl_rest's flow entries have no connection tracking or TCP flags (Open vSwitch "
                  "extensions); use -f ofctl or -f ryu-json")


def emit(pipeline: Pipeline, dpid: int = 1, **options) -> str:
    return "".join(chunks(pipeline, dpid, **options))


def chunks(pipeline: Pipeline, dpid: int = 1, **options) -> Iterator[str]:
    """The JSON list in pieces, one body a line, made as they are consumed."""
    for rule in pipeline.policy.rules:
        if rule.ct_state is not None or rule.tcp_flags is not None:
            raise AclcError(f"this rule matches a connection state or TCP flags: {_NO_EXTENSIONS}", rule.origin)
    yield from batched(json_list(json.dumps(flow_body(flow, dpid)) for flow in pipeline.flows()))


def flow_body(flow: FlowEntry, dpid: int = 1) -> dict:
    return {
        "dpid": dpid,
        "table_id": flow.table_id,
        "priority": flow.priority,
        "cookie": flow.cookie,
        "match": match_dict(flow),
        "actions": actions_list(flow),
    }


def match_dict(flow: FlowEntry) -> dict:
    result = {}
    for match in sorted(flow.match, key=lambda f: FIELD_RANK.get(f.field, len(FIELD_RANK))):
        if match.field in EXTENSION_FIELDS:
            raise AclcError(f"{flow_label(flow)}: {match.field}: {_NO_EXTENSIONS}")
        if match.field not in FIELD_RANK:
            raise AclcError(f"{flow_label(flow)}: field {match.field} cannot be sent to ofctl_rest")
        result[match.field] = match_value(flow, match)
    return result


def match_value(flow: FlowEntry, match: FieldMatch):
    if match.field in ADDRESS_FIELDS:
        text = address_text(match.field, match.value)
        return text if match.mask is None else f"{text}/{address_text(match.field, match.mask)}"
    if match.mask is None:
        return match.value
    if match.field in MASKED_INT_FIELDS:
        return f"0x{match.value:x}/0x{match.mask:x}"
    raise AclcError(f"{flow_label(flow)}: ofctl_rest cannot send a masked {match.field} "
                    f"(0x{match.value:x}/0x{match.mask:x}); compile with --strategy exact "
                    "or multi to get exact values")


def actions_list(flow: FlowEntry) -> list[dict]:
    result = []
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            for action in ins.actions:
                if action.__class__ is Conntrack:
                    raise AclcError(f"{flow_label(flow)}: ct(): {_NO_EXTENSIONS}")
                result.append({"type": "OUTPUT", "port": PORT_NUMBERS.get(action.port, action.port),
                               "max_len": action.max_len})
        elif isinstance(ins, WriteMetadata):
            result.append({"type": "WRITE_METADATA", "metadata": ins.value, "metadata_mask": ins.mask})
        elif isinstance(ins, GotoTable):
            result.append({"type": "GOTO_TABLE", "table_id": ins.table_id})
        else:  # pragma: no cover - the IR has no other instruction
            raise AclcError(f"{flow_label(flow)}: instruction {ins!r} cannot be sent to ofctl_rest")
    return result
