"""``lagopus-dsl``: ``flow BRIDGE add ...`` lines for the Lagopus datastore.

Syntax from Lagopus's docs/how-to-use-ds-flow-cmd.md and
src/datastore/flow_cmd_mod.c; what Lagopus does with it is in
docs/lagopus.md. The lines work in the startup DSL file and, one per request,
over the datastore's TCP port (``#`` lines are comments the interpreter skips).

Three Lagopus traps are handled here, whatever the profile the Pipeline was
compiled for:

- a mask is only written where Lagopus's datapath honours it (metadata and
  addresses); a masked TCP/UDP/SCTP port would be accepted and then silently
  ignored (fact 1), so it is refused, as is any other masked field;
- a priority-0 flow that matches an IPv4 address never matches on Lagopus
  (fact 2), so it is refused;
- IPv4 and IPv6 masks are written as addresses (``10.0.0.0/255.255.255.0``):
  the DSL reads ``/24`` as the mask 0.0.0.24.

Cookies are written in decimal (:func:`cookie_text`, also used by ``push
--lagopus-ds``): the form Lagopus documents (``cookie=<0-18446744073709551615>``
in its docs/how-to-use-ds-flow-cmd.md) and the one its flow dumps answer with.
Its parser (lagopus_str_parse_uint64) takes ``0x`` hex too, but one spelling
everywhere lets a file, a push and a dump be compared as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import AclcError
from ..pipeline import (
    CONTROLLER_MAX_LEN, FIELD_RANK, PORT_NAMES, PORT_NUMBERS, ApplyActions, FieldMatch, FlowEntry,
    GotoTable, Pipeline, WriteMetadata,
)
from . import ADDRESS_FIELDS, L4_PORT_FIELDS, address_text, batched, flow_label, header_facts

KEYWORDS = {
    "in_port": "in_port", "metadata": "metadata", "eth_type": "dl_type", "ip_proto": "nw_proto",
    "ipv4_src": "nw_src", "ipv4_dst": "nw_dst", "ipv6_src": "ipv6_src", "ipv6_dst": "ipv6_dst",
    "arp_spa": "arp_spa", "arp_tpa": "arp_tpa", "arp_op": "arp_op",
    "tcp_src": "tcp_src", "tcp_dst": "tcp_dst", "udp_src": "udp_src", "udp_dst": "udp_dst",
    "sctp_src": "sctp_src", "sctp_dst": "sctp_dst",
    "icmpv4_type": "icmp_type", "icmpv4_code": "icmp_code",
    "icmpv6_type": "icmpv6_type", "icmpv6_code": "icmpv6_code",
    "ip_dscp": "ip_dscp", "ip_ecn": "nw_ecn",
}
# Masks Lagopus's datapath really applies (docs/lagopus.md, fact 1), among the fields aclc emits.
MASKABLE = frozenset({"metadata"}) | ADDRESS_FIELDS
ALL_ONES_64 = (1 << 64) - 1
BRIDGE_NAME = re.compile(r"[A-Za-z0-9_.:-]+")


def cookie_text(cookie: int, mask: int | None = None) -> str:
    """The value of ``cookie=`` in a DSL line: decimal, with ``/MASK`` (decimal) when given."""
    if not 0 <= cookie < 1 << 64 or (mask is not None and not 0 <= mask < 1 << 64):
        raise AclcError(f"cookie {cookie:#x} (mask {mask}) does not fit 64 bits")
    return str(cookie) if mask is None else f"{cookie}/{mask}"


def emit(pipeline: Pipeline, bridge: str = "bridge01", **options) -> str:
    return "".join(chunks(pipeline, bridge, **options))


def chunks(pipeline: Pipeline, bridge: str = "bridge01", **options) -> Iterator[str]:
    """The file in pieces of whole lines, made as they are consumed."""
    if not BRIDGE_NAME.fullmatch(bridge or ""):
        raise AclcError(f"bridge name {bridge!r} is not a Lagopus name (letters, digits, _ . : -)")
    yield "# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)\n"
    yield "".join(f"# {key}: {_comment_safe(value)}\n" for key, value in header_facts(pipeline))
    yield from batched(f"{flow_line(flow, bridge)}\n" for flow in pipeline.flows())


def _comment_safe(text: str) -> str:
    # The DSL tokenizer honours quotes even in comments; keep header lines plain.
    return re.sub(r"[\"'\n\r]", "_", text)


def flow_line(flow: FlowEntry, bridge: str = "bridge01") -> str:
    if flow.priority == 0 and any(m.field in ("ipv4_src", "ipv4_dst") for m in flow.match):
        # docs/lagopus.md fact 2: such a flow never matches on Lagopus.
        raise AclcError(f"{flow_label(flow)}: Lagopus never matches a priority-0 flow with an IPv4 "
                        "address; use --priority-base 1 or more")
    words = ["flow", bridge, "add", f"table={flow.table_id}", f"priority={flow.priority}",
             f"cookie={cookie_text(flow.cookie)}"]
    for match in sorted(flow.match, key=lambda f: FIELD_RANK.get(f.field, len(FIELD_RANK))):
        words.append(match_word(flow, match))
    words += instruction_words(flow)
    return " ".join(words)


def match_word(flow: FlowEntry, match: FieldMatch) -> str:
    keyword = KEYWORDS.get(match.field)
    if keyword is None:
        raise AclcError(f"{flow_label(flow)}: field {match.field} cannot be written in the Lagopus DSL")
    if match.mask is not None and match.field not in MASKABLE:
        if match.field in L4_PORT_FIELDS:
            raise AclcError(
                f"{flow_label(flow)}: masked {match.field} 0x{match.value:x}/0x{match.mask:x} would be "
                "silently ignored by Lagopus (it only matches exact ports); compile with --target lagopus "
                "(or --strategy exact or multi)")
        raise AclcError(f"{flow_label(flow)}: Lagopus does not honour a mask on {match.field}")
    if match.field in ADDRESS_FIELDS:
        text = address_text(match.field, match.value)
        if match.mask is not None:
            text += "/" + address_text(match.field, match.mask)  # dotted: "/24" means 0.0.0.24
        return f"{keyword}={text}"
    if match.field == "metadata":
        mask = "" if match.mask is None else f"/0x{match.mask:x}"
        return f"{keyword}=0x{match.value:x}{mask}"
    if match.field == "eth_type":
        return f"{keyword}=0x{match.value:04x}"
    if match.field == "in_port" and match.value in PORT_NUMBERS:
        return f"{keyword}={PORT_NUMBERS[match.value].lower()}"
    return f"{keyword}={match.value}"


def instruction_words(flow: FlowEntry) -> list[str]:
    words = []
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            if ins.actions:
                words.append("apply_actions=" + ",".join(output_word(flow, a) for a in ins.actions))
        elif isinstance(ins, WriteMetadata):
            mask = "" if ins.mask == ALL_ONES_64 else f"/0x{ins.mask:x}"
            words.append(f"write_metadata=0x{ins.value:x}{mask}")
        elif isinstance(ins, GotoTable):
            words.append(f"goto_table={ins.table_id}")
        else:  # pragma: no cover - the IR has no other instruction
            raise AclcError(f"{flow_label(flow)}: instruction {ins!r} cannot be written in the Lagopus DSL")
    return words  # no instructions at all: Lagopus drops the packet


def output_word(flow: FlowEntry, action) -> str:
    if action.port == PORT_NAMES["CONTROLLER"] and action.max_len != CONTROLLER_MAX_LEN:
        # The DSL has no max_len; Lagopus always sends the whole packet.
        raise AclcError(f"{flow_label(flow)}: the Lagopus DSL cannot limit the bytes sent to the "
                        f"controller (max_len {action.max_len})")
    if action.port == PORT_NAMES["NORMAL"]:
        # Only a hybrid build of Lagopus has a NORMAL port (docs/lagopus.md, issues #76/#97).
        raise AclcError(f"{flow_label(flow)}: Lagopus has no NORMAL port (permit NORMAL is for Open vSwitch); "
                        "compile with --target lagopus, or give --permit goto_table:N or output:PORT")
    if action.port in PORT_NUMBERS:
        return f"output:{PORT_NUMBERS[action.port].lower()}"
    return f"output:{action.port}"
