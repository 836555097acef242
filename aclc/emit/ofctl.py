"""``ofctl``: a flow file for ``ovs-ofctl -O OpenFlow13 add-flows BRIDGE FILE``.

One line per flow, in the syntax ovs-ofctl itself prints (``tcp,nw_src=...,
tp_dst=0x50/0xfff0``), so an emitted file and ``ovs-ofctl dump-flows`` output
read alike and :func:`aclc.flowparse.parse_ofctl` reads both.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from operator import itemgetter

from ..errors import AclcError
from ..pipeline import (
    FIELD_RANK, FIELD_WIDTH, PORT_NAMES, ApplyActions, Conntrack, FieldMatch, FlowEntry, GotoTable,
    Pipeline, WriteMetadata,
)
from ..policy import ETH_ARP, ETH_IPV4, ETH_IPV6
from . import ADDRESS_FIELDS, address_text, batched, flow_label, header_facts, prefix_length

# (eth_type, ip_proto) -> the ovs-ofctl shorthand that sets both.
SHORTHANDS = {
    (ETH_IPV4, None): "ip", (ETH_IPV6, None): "ipv6", (ETH_ARP, None): "arp",
    (ETH_IPV4, 6): "tcp", (ETH_IPV6, 6): "tcp6",
    (ETH_IPV4, 17): "udp", (ETH_IPV6, 17): "udp6",
    (ETH_IPV4, 132): "sctp", (ETH_IPV6, 132): "sctp6",
    (ETH_IPV4, 1): "icmp", (ETH_IPV6, 58): "icmp6",
}

# OXM field -> ovs-ofctl keyword, as ovs-ofctl prints it.
KEYWORDS = {
    "in_port": "in_port", "metadata": "metadata",
    "ipv4_src": "nw_src", "ipv4_dst": "nw_dst", "ipv6_src": "ipv6_src", "ipv6_dst": "ipv6_dst",
    "arp_spa": "arp_spa", "arp_tpa": "arp_tpa", "arp_op": "arp_op",
    "tcp_src": "tp_src", "tcp_dst": "tp_dst", "udp_src": "tp_src", "udp_dst": "tp_dst",
    "sctp_src": "tp_src", "sctp_dst": "tp_dst",
    # ovs-ofctl spells ICMPv6 type/code like ICMPv4 ones; icmp6 before them says which.
    "icmpv4_type": "icmp_type", "icmpv4_code": "icmp_code",
    "icmpv6_type": "icmp_type", "icmpv6_code": "icmp_code",
    "ip_dscp": "ip_dscp", "ip_ecn": "ip_ecn",
    "ct_state": "ct_state", "tcp_flags": "tcp_flags",
}
# Flag names of the Open vSwitch extension fields, by bit, as ovs-ofctl prints them.
FLAG_NAMES = {
    "ct_state": ((0x01, "new"), (0x02, "est"), (0x04, "rel"), (0x08, "rpl"), (0x10, "inv"),
                 (0x20, "trk"), (0x40, "snat"), (0x80, "dnat")),
    "tcp_flags": ((0x001, "fin"), (0x002, "syn"), (0x004, "rst"), (0x008, "psh"), (0x010, "ack"),
                  (0x020, "urg"), (0x040, "ece"), (0x080, "cwr"), (0x100, "ns")),
}
ALL_ONES_64 = (1 << 64) - 1
# Open vSwitch numbers ports in 16 bits: 0xff00 and up are its reserved ports, and
# ovs-ofctl rejects (in_port) or remaps larger OpenFlow 1.3 port numbers.
OVS_MAX_PORT = 0xFEFF


def emit(pipeline: Pipeline, **options) -> str:
    return "".join(chunks(pipeline, **options))


def chunks(pipeline: Pipeline, **options) -> Iterator[str]:
    """The file in pieces of whole lines, spelled as they are written (never all held at once)."""
    yield "# aclc flow file: ovs-ofctl -O OpenFlow13 [--bundle] add-flows BRIDGE FILE\n"
    yield "".join(f"# {key}: {value}\n" for key, value in header_facts(pipeline))
    speller = Speller()
    yield from batched(f"{speller.flow_line(flow)}\n" for flow in pipeline.flows())


class Speller:
    """Spells flows as ovs-ofctl lines, keeping the text of the match fields and instruction
    lists it has spelled: the flows of one pipeline share most of them (a rule's flows
    differ in a port or two, and share the very objects of the rest), so each is spelled once.

    The memory is bounded (:data:`CACHE_SIZE` entries, then it starts over), so a pipeline
    of millions of flows costs no more than one of thousands."""

    def __init__(self):
        # id(FieldMatch) -> (that FieldMatch, rank, ",keyword=value"); rank -2: eth_type, -1: ip_proto.
        # The FieldMatch is kept so that its id cannot name another object while it is here.
        self.known: dict[int, tuple] = {}
        self.heads: dict[tuple, str] = {}  # (eth_type, ip_proto) -> ",tcp" / ",ip,nw_proto=47" / ""
        self.actions: dict[int, tuple] = {}  # id(instructions) -> (instructions, actions_text)
        self.spelled: dict[tuple, tuple] = {}  # (field, value, mask) -> (rank, ",keyword=value")

    def flow_line(self, flow: FlowEntry) -> str:
        if flow.cookie == ALL_ONES_64:
            raise AclcError(f"{flow_label(flow)}: cookie 0xffffffffffffffff is reserved in OpenFlow")
        match, actions = self.match_and_actions(flow)
        return f"table={flow.table_id},priority={flow.priority},cookie=0x{flow.cookie:x}{match},actions={actions}"

    def match_and_actions(self, flow: FlowEntry) -> tuple[str, str]:
        """``(",tcp,nw_src=...,tp_dst=80", "output:2")``: the match parts, each with a comma
        before it, and the actions (:func:`match_parts`, :func:`actions_text`)."""
        try:
            known = self.known
            eth_type = ip_proto = None
            parts = []
            last = -1
            in_order = True  # compiled matches come in OXM order: then there is nothing to sort
            for match in flow.match:
                entry = known.get(id(match))
                if entry is None or entry[0] is not match:
                    entry = self._entry(flow, match)
                rank = entry[1]
                if rank >= 0:
                    if rank < last:
                        in_order = False
                    last = rank
                    parts.append(entry)
                elif rank == -2:
                    eth_type = match.value
                else:
                    ip_proto = match.value
            head = self.heads.get((eth_type, ip_proto))
            if head is None:
                head = self.heads[eth_type, ip_proto] = "".join(
                    "," + word for word in head_parts(flow, eth_type, ip_proto))
            if not in_order:
                parts.sort(key=_RANK)  # stable, as match_parts sorts
            instructions = flow.instructions
            actions = self.actions.get(id(instructions))
            if actions is None or actions[0] is not instructions:
                actions = self._actions(flow)
        except AclcError:
            match_parts(flow)  # the error match_parts gives for this flow (the first in its order)
            raise
        return head + "".join([entry[2] for entry in parts]), actions[1]

    def _entry(self, flow: FlowEntry, match: FieldMatch) -> tuple:
        name = match.field
        plain = PLAIN_PREFIX.get(name)
        if plain is not None and match.mask is None:  # not kept: spelling it costs no more than finding it
            return (match, plain[0], plain[1] + str(match.value))
        if name in ("eth_type", "ip_proto", "in_port") and match.mask is not None:
            raise AclcError(f"{flow_label(flow)}: a masked {name} cannot be written for ovs-ofctl")
        if name == "eth_type":
            entry = (match, -2, "")
        elif name == "ip_proto":
            entry = (match, -1, "")
        else:
            # Equal fields of other flows are often other objects: their text is kept by value too.
            key = (name, match.value, match.mask)
            spelled = self.spelled.get(key)
            if spelled is None:
                if len(self.spelled) >= CACHE_SIZE:
                    self.spelled.clear()
                spelled = self.spelled[key] = (FIELD_RANK.get(name, len(FIELD_RANK)),
                                               "," + field_text(flow, match, _spell_value))
            entry = (match, spelled[0], spelled[1])
        if len(self.known) >= CACHE_SIZE:
            self.known.clear()
        self.known[id(match)] = entry
        return entry

    def _actions(self, flow: FlowEntry) -> tuple:
        if len(self.actions) >= CACHE_SIZE:
            self.actions.clear()
        entry = self.actions[id(flow.instructions)] = (flow.instructions, actions_text(flow))
        return entry


CACHE_SIZE = 1 << 16
# Fields whose exact value value_text spells in decimal: field -> (rank, ",keyword=").
PLAIN_PREFIX = {name: (FIELD_RANK[name], f",{KEYWORDS[name]}=") for name in KEYWORDS
                if name in FIELD_RANK and name not in ADDRESS_FIELDS and name not in FLAG_NAMES
                and name not in ("in_port", "metadata")}
_RANK = itemgetter(1)


def flow_line(flow: FlowEntry) -> str:
    return Speller().flow_line(flow)


def head_parts(flow: FlowEntry, eth_type: int | None, ip_proto: int | None) -> list[str]:
    """The ovs-ofctl words that say the eth_type and ip_proto (a shorthand where there is one)."""
    if (eth_type, ip_proto) in SHORTHANDS:
        return [SHORTHANDS[eth_type, ip_proto]]
    if eth_type in (ETH_IPV4, ETH_IPV6):
        return [SHORTHANDS[eth_type, None], f"nw_proto={ip_proto}"]
    if eth_type is not None:
        if ip_proto is not None:
            raise AclcError(f"{flow_label(flow)}: ip_proto without an IP eth_type")
        return [f"dl_type=0x{eth_type:04x}"]
    if ip_proto is not None:
        raise AclcError(f"{flow_label(flow)}: ip_proto without an IP eth_type")
    return []


def match_parts(flow: FlowEntry) -> list[str]:
    fields = {f.field: f for f in flow.match}
    for name in ("eth_type", "ip_proto", "in_port"):
        if name in fields and fields[name].mask is not None:
            raise AclcError(f"{flow_label(flow)}: a masked {name} cannot be written for ovs-ofctl")
    eth_type = fields["eth_type"].value if "eth_type" in fields else None
    ip_proto = fields["ip_proto"].value if "ip_proto" in fields else None
    parts = head_parts(flow, eth_type, ip_proto)
    for match in sorted(flow.match, key=lambda f: FIELD_RANK.get(f.field, len(FIELD_RANK))):
        if match.field in ("eth_type", "ip_proto"):
            continue
        parts.append(field_text(flow, match))
    return parts


def field_text(flow: FlowEntry, match: FieldMatch, spell=None) -> str:
    keyword = KEYWORDS.get(match.field)
    if keyword is None:
        raise AclcError(f"{flow_label(flow)}: field {match.field} cannot be written for ovs-ofctl")
    return f"{keyword}={(spell or value_text)(match)}"


def _spell_value(match: FieldMatch) -> str:
    """The text of a field's value (value_text without its cache: the Speller keeps its own)."""
    name, value, mask = match.field, match.value, match.mask
    if name in ("ipv4_src", "ipv4_dst", "arp_spa", "arp_tpa", "ipv6_src", "ipv6_dst"):
        text = address_text(name, value)
        if mask is None:
            return text
        length = prefix_length(mask, FIELD_WIDTH[name])
        if length is not None:
            return f"{text}/{length}"
        if FIELD_WIDTH[name] == 128:
            return f"{text}/{ipv6_mask_text(mask)}"
        return f"{text}/{address_text(name, mask)}"
    if name == "in_port":
        return port_text(value)
    if name in FLAG_NAMES:
        return flags_text(name, value, mask)
    if mask is not None:
        return f"0x{value:x}/0x{mask:x}"
    if name == "metadata":
        return f"0x{value:x}"
    return str(value)


# flows share most of their fields; a FieldMatch is immutable
value_text = lru_cache(maxsize=1 << 16)(_spell_value)

PORT_NAMES_BY_NUMBER = {number: name for name, number in PORT_NAMES.items()}


def flags_text(name: str, value: int, mask: int | None) -> str:
    """``+new+trk``, ``+syn-ack``: the flag syntax of ovs-ofctl, where every masked bit has a
    name; otherwise value/mask in hexadecimal."""
    full = (1 << FIELD_WIDTH[name]) - 1
    mask = full if mask is None else mask
    named = FLAG_NAMES[name]
    if mask & ~sum(bit for bit, _ in named):
        return f"0x{value:x}/0x{mask:x}"
    return "".join(("+" if value & bit else "-") + word for bit, word in named if mask & bit)


def ipv6_mask_text(mask: int) -> str:
    """An IPv6 mask as ovs-ofctl can read it.

    ovs-ofctl reads ``/`` followed by a decimal digit as a prefix length, so a
    non-prefix mask must start with ``::`` or a hex letter (measured: ``::/0:0:0:1::``
    and ``1::/1::`` are rejected, ``::/::1:0:0:0:0`` is read as meant).
    """
    groups = [(mask >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    leading = next((i for i, g in enumerate(groups) if g), 8)
    if leading:
        return "::" + ":".join(f"{g:x}" for g in groups[leading:])
    text = address_text("ipv6_src", mask)
    if text[0].isdigit():
        raise AclcError(f"ovs-ofctl cannot read the IPv6 mask {text} (it takes a mask starting with a "
                        "decimal digit for a prefix length)")
    return text


def actions_text(flow: FlowEntry) -> str:
    apply, rest = [], []
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            apply += [output_text(action) for action in ins.actions]
        elif isinstance(ins, WriteMetadata):
            mask = "" if ins.mask == ALL_ONES_64 else f"/0x{ins.mask:x}"
            rest.append((1, f"write_metadata:0x{ins.value:x}{mask}"))
        elif isinstance(ins, GotoTable):
            rest.append((2, f"goto_table:{ins.table_id}"))
        else:  # pragma: no cover - the IR has no other instruction
            raise AclcError(f"{flow_label(flow)}: instruction {ins!r} cannot be written for ovs-ofctl")
    # ovs-ofctl wants instructions in the order the switch executes them.
    words = apply + [text for _, text in sorted(rest)]
    return ",".join(words) if words else "drop"


def output_text(action) -> str:
    if isinstance(action, Conntrack):
        return conntrack_text(action)
    if action.port == PORT_NAMES["CONTROLLER"]:
        return f"CONTROLLER:{action.max_len}"
    if action.port in PORT_NAMES_BY_NUMBER:
        return PORT_NAMES_BY_NUMBER[action.port]
    return f"output:{port_text(action.port)}"


def conntrack_text(action: Conntrack) -> str:
    words = []
    if action.commit:
        words.append("commit")
    if action.zone:
        words.append(f"zone={action.zone}")
    if action.table is not None:
        words.append(f"table={action.table}")
    return f"ct({','.join(words)})"


def port_text(port: int) -> str:
    if port in PORT_NAMES_BY_NUMBER:
        return PORT_NAMES_BY_NUMBER[port]
    if port > OVS_MAX_PORT:
        raise AclcError(f"port {port} cannot be written for ovs-ofctl: Open vSwitch ports are 1..{OVS_MAX_PORT}")
    return str(port)
