"""Fast encoding of FlowEntries into OFPT_FLOW_MOD and decoding of flow stats.

Every other OpenFlow message aclc exchanges goes through os-ken's message
classes (see :mod:`aclc.push.channel`). These two are the bulk of a push:
one flow mod per flow going out and one flow-stats entry per flow coming back
for the read-back. os-ken needs about 53 us to build and serialize one flow
mod and 30 us to parse one flow-stats entry (bench/push.py prints the figures),
which alone would make a 100k-flow push take 8 s against ovs-ofctl's 1 s, so
these two are packed and unpacked with :mod:`struct` here. The tests decode
our bytes with os-ken's parser and compare, and compare our decoder with
os-ken's on the same bytes, so both stay faithful to the wire format.
"""

from __future__ import annotations

import ipaddress
import struct
from dataclasses import dataclass

from ..errors import EnvironmentFailure
from ..pipeline import (
    ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, WriteMetadata,
)

OFP_VERSION = 4
OFPT_FLOW_MOD = 14
OFPFC_ADD, OFPFC_MODIFY, OFPFC_MODIFY_STRICT, OFPFC_DELETE, OFPFC_DELETE_STRICT = 0, 1, 2, 3, 4
OFPTT_ALL = 0xFF
OFPP_ANY = 0xFFFFFFFF
OFPG_ANY = 0xFFFFFFFF
OFP_NO_BUFFER = 0xFFFFFFFF
OFPIT_GOTO_TABLE, OFPIT_WRITE_METADATA, OFPIT_APPLY_ACTIONS = 1, 2, 4
OFPAT_OUTPUT = 0
OFPXMC_OPENFLOW_BASIC = 0x8000

# OXM field number and payload width in bytes (OpenFlow 1.3, section 7.2.3.7).
OXM_FIELDS: dict[str, tuple[int, int]] = {
    "in_port": (0, 4), "metadata": (2, 8), "eth_dst": (3, 6), "eth_src": (4, 6),
    "eth_type": (5, 2), "vlan_vid": (6, 2), "vlan_pcp": (7, 1), "ip_dscp": (8, 1),
    "ip_ecn": (9, 1), "ip_proto": (10, 1), "ipv4_src": (11, 4), "ipv4_dst": (12, 4),
    "tcp_src": (13, 2), "tcp_dst": (14, 2), "udp_src": (15, 2), "udp_dst": (16, 2),
    "sctp_src": (17, 2), "sctp_dst": (18, 2), "icmpv4_type": (19, 1), "icmpv4_code": (20, 1),
    "arp_op": (21, 2), "arp_spa": (22, 4), "arp_tpa": (23, 4), "arp_sha": (24, 6),
    "arp_tha": (25, 6), "ipv6_src": (26, 16), "ipv6_dst": (27, 16), "ipv6_flabel": (28, 4),
    "icmpv6_type": (29, 1), "icmpv6_code": (30, 1),
}
OXM_BY_NUMBER = {number: (name, width) for name, (number, width) in OXM_FIELDS.items()}

_HEADER = struct.Struct("!BBHI")
_FLOW_MOD = struct.Struct("!QQBBHHHIIIH2x")  # after the header
_MATCH_HEADER = struct.Struct("!HH")
_OXM_HEADER = struct.Struct("!HBB")
_GOTO = struct.Struct("!HHB3x")
_WRITE_METADATA = struct.Struct("!HH4xQQ")
_APPLY_HEADER = struct.Struct("!HH4x")
_OUTPUT = struct.Struct("!HHIH6x")
_FLOW_STATS = struct.Struct("!HBxIIHHHH4xQQQ")  # ofp_flow_stats up to the match


class CodecError(EnvironmentFailure):
    """A FlowEntry that cannot be put on the wire, or a malformed message from the switch."""


def _oxm(fm: FieldMatch) -> bytes:
    """The OXM TLV of one field, as :func:`_encode_oxm` writes it (headers prepared per field)."""
    spec = _OXM_SPECS.get(fm.field)
    if spec is None:
        return _encode_oxm(fm)  # an extension or unknown field: its error
    exact, masked, width, full = spec
    mask = fm.mask
    if mask is None or mask == full:  # a full mask is an exact match
        return exact + fm.value.to_bytes(width, "big")
    return masked + fm.value.to_bytes(width, "big") + mask.to_bytes(width, "big")


# Open vSwitch extensions (Nicira NXM ct_state, ONF tcp_flags, the NX ct action) are not put
# on the wire by this codec: a flow read back could not be compared field by field, and a
# push that cannot check what it installed is refused rather than trusted.
EXTENSION_FIELDS = frozenset({"ct_state", "tcp_flags"})


def _no_extensions() -> str:
    """Why a pipeline with extensions is not pushed, and the way out: the ofctl output of a
    target that has them (from the profiles)."""
    from ..profiles import targets_that

    targets = targets_that(lambda p: p.has_conntrack and p.has_tcp_flags) or "--target TARGET"
    return ("connection state and TCP flags compile to Open vSwitch extensions (ct(), ct_state, "
            "tcp_flags) that aclc push does not send; install the ofctl output instead: "
            f"aclc compile FILE {targets} -f ofctl -o acl.flows && "
            "ovs-ofctl -O OpenFlow13 --bundle add-flows BRIDGE acl.flows")


NO_EXTENSIONS = _no_extensions()


def refuse_extensions(pipeline) -> None:
    """Refuse, before anything is sent, a pipeline that needs Open vSwitch extensions."""
    from ..errors import AclcError

    for flow in pipeline.flows():
        if any(fm.field in EXTENSION_FIELDS for fm in flow.match) or any(
                isinstance(ins, ApplyActions) and any(not isinstance(a, Output) for a in ins.actions)
                for ins in flow.instructions):
            raise AclcError(NO_EXTENSIONS, pos=pipeline.policy.origin_of(flow.rule_index))


def _encode_oxm(fm: FieldMatch) -> bytes:
    if fm.field in EXTENSION_FIELDS:
        raise CodecError(NO_EXTENSIONS)
    try:
        number, width = OXM_FIELDS[fm.field]
    except KeyError:
        raise CodecError(f"no OpenFlow 1.3 match field named {fm.field!r}") from None
    value = fm.value.to_bytes(width, "big")
    if fm.mask is None or fm.mask == (1 << (8 * width)) - 1:  # a full mask is an exact match
        return _OXM_HEADER.pack(OFPXMC_OPENFLOW_BASIC, number << 1, width) + value
    return (_OXM_HEADER.pack(OFPXMC_OPENFLOW_BASIC, (number << 1) | 1, 2 * width)
            + value + fm.mask.to_bytes(width, "big"))


_OXM_SPECS = {name: (_OXM_HEADER.pack(OFPXMC_OPENFLOW_BASIC, number << 1, width),
                     _OXM_HEADER.pack(OFPXMC_OPENFLOW_BASIC, (number << 1) | 1, 2 * width),
                     width, (1 << (8 * width)) - 1)
              for name, (number, width) in OXM_FIELDS.items()}


def encode_match(match: tuple[FieldMatch, ...]) -> bytes:
    oxms = b"".join(_oxm(fm) for fm in match)
    length = 4 + len(oxms)
    return _MATCH_HEADER.pack(1, length) + oxms + b"\0" * ((-length) % 8)


def encode_instructions(instructions) -> bytes:
    out = []
    for ins in instructions:
        if isinstance(ins, GotoTable):
            out.append(_GOTO.pack(OFPIT_GOTO_TABLE, 8, ins.table_id))
        elif isinstance(ins, WriteMetadata):
            out.append(_WRITE_METADATA.pack(OFPIT_WRITE_METADATA, 24, ins.value, ins.mask))
        elif isinstance(ins, ApplyActions):
            if any(not isinstance(a, Output) for a in ins.actions):
                raise CodecError(NO_EXTENSIONS)
            actions = b"".join(_OUTPUT.pack(OFPAT_OUTPUT, 16, a.port, a.max_len) for a in ins.actions)
            out.append(_APPLY_HEADER.pack(OFPIT_APPLY_ACTIONS, 8 + len(actions)) + actions)
        else:
            raise CodecError(f"cannot encode instruction {ins!r}")
    return b"".join(out)


def encode_flow_mod(flow: FlowEntry, xid: int, command: int = OFPFC_ADD, *,
                    cookie: int | None = None, cookie_mask: int = 0,
                    out_port: int = OFPP_ANY, flags: int = 0) -> bytes:
    """One OFPT_FLOW_MOD for ``flow`` (its cookie unless ``cookie`` overrides it)."""
    body = (_FLOW_MOD.pack(flow.cookie if cookie is None else cookie, cookie_mask, flow.table_id,
                           command, 0, 0, flow.priority, OFP_NO_BUFFER, out_port, OFPG_ANY, flags)
            + encode_match(flow.match)
            + (encode_instructions(flow.instructions)
               if command in (OFPFC_ADD, OFPFC_MODIFY, OFPFC_MODIFY_STRICT) else b""))
    return _HEADER.pack(OFP_VERSION, OFPT_FLOW_MOD, 8 + len(body), xid) + body


def encode_add_signed(flow: FlowEntry, xid: int) -> tuple[bytes, tuple]:
    """An OFPFC_ADD for ``flow`` and its wire signature (see :func:`wire_signature`), built
    together so a push does not parse back what it just packed."""
    oxms = b"".join(_oxm(fm) for fm in canonical_match(flow.match))
    length = 4 + len(oxms)
    instructions = encode_instructions(canonical_instructions(flow.instructions))
    body = (_FLOW_MOD.pack(flow.cookie, 0, flow.table_id, OFPFC_ADD, 0, 0, flow.priority, OFP_NO_BUFFER,
                           OFPP_ANY, OFPG_ANY, 0)
            + _MATCH_HEADER.pack(1, length) + oxms + b"\0" * ((-length) % 8) + instructions)
    msg = _HEADER.pack(OFP_VERSION, OFPT_FLOW_MOD, 8 + len(body), xid) + body
    return msg, (flow.table_id, flow.priority, flow.cookie, oxms, instructions)


def encode_delete(xid: int, table_id: int, cookie: int = 0, cookie_mask: int = 0) -> bytes:
    """OFPFC_DELETE of every flow in ``table_id`` (or all tables) whose cookie matches."""
    body = (_FLOW_MOD.pack(cookie, cookie_mask, table_id, OFPFC_DELETE, 0, 0, 0, OFP_NO_BUFFER,
                           OFPP_ANY, OFPG_ANY, 0)
            + encode_match(()))
    return _HEADER.pack(OFP_VERSION, OFPT_FLOW_MOD, 8 + len(body), xid) + body


# ------------------------------------------------------------------ decoding

@dataclass(frozen=True)
class FlowStat:
    """One installed flow as the switch reports it, with its counters."""

    flow: FlowEntry
    packet_count: int
    byte_count: int
    duration_sec: int


def decode_match(buf: bytes, offset: int) -> tuple[tuple[FieldMatch, ...], int]:
    """The OXM match at ``offset``; returns the fields and the offset after the padded match."""
    mtype, length = _MATCH_HEADER.unpack_from(buf, offset)
    if mtype != 1 or length < 4:
        raise CodecError(f"unsupported match type {mtype} (length {length})")
    pos, end = offset + 4, offset + length
    if end > len(buf):
        raise CodecError(f"match of length {length} runs past the end of the message")
    fields = []
    while pos < end:
        oxm_class, field_hm, oxm_len = _OXM_HEADER.unpack_from(buf, pos)
        pos += 4
        if pos + oxm_len > end:
            raise CodecError(f"match field of length {oxm_len} runs past the end of its match")
        number, has_mask = field_hm >> 1, field_hm & 1
        payload = buf[pos:pos + oxm_len]
        pos += oxm_len
        if oxm_class != OFPXMC_OPENFLOW_BASIC or number not in OXM_BY_NUMBER:
            # Kept visible: a field aclc does not know still makes the flow differ.
            name, width = f"oxm_{oxm_class:04x}_{number}", oxm_len // (2 if has_mask else 1)
        else:
            name, width = OXM_BY_NUMBER[number]
        value = int.from_bytes(payload[:width], "big")
        mask = int.from_bytes(payload[width:2 * width], "big") if has_mask else None
        if mask is not None and mask == (1 << (8 * width)) - 1:
            mask = None
        fields.append(FieldMatch(name, value, mask))
    return tuple(fields), offset + length + ((-length) % 8)


def _check_entry(body: bytes, pos: int) -> None:
    """An ofp_flow_stats entry at ``pos`` whose header and length fit in ``body``."""
    if len(body) - pos < _FLOW_STATS.size:
        raise CodecError(f"truncated flow stats entry ({len(body) - pos} bytes left)")
    length = (body[pos] << 8) | body[pos + 1]
    if length < _FLOW_STATS.size + 8 or pos + length > len(body):
        raise CodecError(f"flow stats entry of length {length} ({len(body) - pos} bytes left)")


def decode_instructions(buf: bytes, pos: int, end: int) -> tuple:
    out = []
    if end > len(buf):
        raise CodecError("instructions run past the end of the message")
    while pos < end:
        itype, ilen = struct.unpack_from("!HH", buf, pos)
        if ilen < 8 or pos + ilen > end:
            raise CodecError(f"instruction of length {ilen}")
        if itype == OFPIT_GOTO_TABLE:
            out.append(GotoTable(buf[pos + 4]))
        elif itype == OFPIT_WRITE_METADATA:
            _, _, value, mask = _WRITE_METADATA.unpack_from(buf, pos)
            out.append(WriteMetadata(value, mask))
        elif itype == OFPIT_APPLY_ACTIONS:
            actions, apos = [], pos + 8
            while apos < pos + ilen:
                atype, alen = struct.unpack_from("!HH", buf, apos)
                if alen < 8 or apos + alen > pos + ilen:
                    raise CodecError(f"action of length {alen}")  # a zero length would loop forever
                if atype != OFPAT_OUTPUT:
                    raise CodecError(f"the switch reports an action of type {atype}, which aclc never installs")
                _, _, port, max_len = _OUTPUT.unpack_from(buf, apos)
                actions.append(Output(port, max_len))
                apos += alen
            out.append(ApplyActions(tuple(actions)))
        else:
            raise CodecError(f"the switch reports an instruction of type {itype}, which aclc never installs")
        pos += ilen
    return tuple(out)


def decode_flow_stats(body: bytes) -> list[FlowStat]:
    """The entries of one OFPMP_FLOW reply body (after the multipart header)."""
    try:
        return _decode_flow_stats(body)
    except (struct.error, IndexError) as e:  # a field that runs past the end of the message
        raise CodecError(f"malformed flow stats entry ({e})") from None


def _decode_flow_stats(body: bytes) -> list[FlowStat]:
    stats, pos = [], 0
    while pos < len(body):
        _check_entry(body, pos)
        (length, table_id, duration_sec, _nsec, priority, _idle, _hard, _flags, cookie,
         packets, octets) = _FLOW_STATS.unpack_from(body, pos)
        match, ipos = decode_match(body, pos + _FLOW_STATS.size)
        if ipos > pos + length:
            raise CodecError(f"flow stats entry of length {length} is shorter than its match")
        instructions = decode_instructions(body, ipos, pos + length)
        flow = FlowEntry(table_id, priority, canonical_match(match), instructions, cookie)
        stats.append(FlowStat(flow, packets, octets, duration_sec))
        pos += length
    return stats


# ------------------------------------------------------------------ wire signatures
# The read-back compares 100k flows; doing it on canonical bytes instead of objects keeps
# it close to the cost of receiving them.

_INSTRUCTION_ORDER = {OFPIT_APPLY_ACTIONS: 0, OFPIT_WRITE_METADATA: 1, OFPIT_GOTO_TABLE: 2}


def wire_signature(flow: FlowEntry, cookie_mask: int = 0xFFFFFFFFFFFFFFFF) -> tuple:
    """(table, priority, cookie, OXM bytes, instruction bytes) in canonical order."""
    return flow_mod_signature(encode_flow_mod(flow, 0), cookie_mask)


_ALL_ONES = {n: b"\xff" * n for n in range(1, 17)}


def _canonical_match_bytes(buf: bytes, mpos: int) -> tuple[bytes, int]:
    """The OXM TLVs of the match at ``mpos`` in field order with full masks dropped;
    returns them and the offset after the padded match."""
    if buf[mpos] or buf[mpos + 1] != 1:
        raise CodecError(f"unsupported match type {(buf[mpos] << 8) | buf[mpos + 1]} (not OXM)")
    mlen = (buf[mpos + 2] << 8) | buf[mpos + 3]
    mend = mpos + mlen
    if mlen < 4 or mend > len(buf):
        raise CodecError(f"match of length {mlen} does not fit in the message")
    after = mend + ((-mlen) % 8)
    # Fast path (nearly every flow): already in order and no full mask, so the bytes are canonical.
    tpos, last = mpos + 4, -1
    while tpos < mend:
        field_hm, tlen = buf[tpos + 2], buf[tpos + 3]
        if field_hm >> 1 <= last or (field_hm & 1 and buf[tpos + 4 + tlen // 2:tpos + 4 + tlen]
                                     == _ALL_ONES.get(tlen // 2)):
            break
        last = field_hm >> 1
        tpos += 4 + tlen
    else:
        if tpos != mend:
            raise CodecError(f"a match field runs past the end of its match (length {mlen})")
        return buf[mpos + 4:mend], after
    tlvs, tpos = [], mpos + 4
    while tpos < mend:
        field_hm, tlen = buf[tpos + 2], buf[tpos + 3]
        if tpos + 4 + tlen > mend:
            raise CodecError(f"a match field runs past the end of its match (length {mlen})")
        tlv = buf[tpos:tpos + 4 + tlen]
        if field_hm & 1:
            half = tlen // 2
            if tlv[4 + half:] == b"\xff" * half:  # a full mask is an exact match
                tlv = bytes((tlv[0], tlv[1], field_hm & 0xFE, half)) + tlv[4:4 + half]
        tlvs.append((field_hm >> 1, tlv))
        tpos += 4 + tlen
    tlvs.sort(key=lambda t: t[0])
    return b"".join(t for _, t in tlvs), after


def _canonical_instruction_bytes(buf: bytes, ipos: int, iend: int) -> bytes:
    if iend - ipos >= 4 and ((buf[ipos + 2] << 8) | buf[ipos + 3]) == iend - ipos:
        return buf[ipos:iend]  # a single instruction (or none): nothing to order
    instructions = []
    while ipos < iend:
        itype, ilen = struct.unpack_from("!HH", buf, ipos)
        if ilen < 8:
            raise CodecError(f"instruction of length {ilen}")
        instructions.append((_INSTRUCTION_ORDER.get(itype, 9), buf[ipos:ipos + ilen]))
        ipos += ilen
    if len(instructions) > 1:
        instructions.sort(key=lambda t: t[0])
    return b"".join(i for _, i in instructions)


def flow_mod_signature(msg: bytes, cookie_mask: int = 0xFFFFFFFFFFFFFFFF) -> tuple:
    """The wire signature of a flow mod we encoded (ADD), from its bytes."""
    cookie, _cm, table_id, _cmd, _i, _h, priority = struct.unpack_from("!QQBBHHH", msg, 8)
    match, ipos = _canonical_match_bytes(msg, 48)
    return (table_id, priority, cookie & cookie_mask, match, _canonical_instruction_bytes(msg, ipos, len(msg)))


def wire_signatures(body: bytes, cookie_mask: int = 0xFFFFFFFFFFFFFFFF) -> list[tuple]:
    """The same signatures, straight from an OFPMP_FLOW reply body (no objects built)."""
    try:
        return _wire_signatures(body, cookie_mask)
    except (struct.error, IndexError) as e:  # a field that runs past the end of the message
        raise CodecError(f"malformed flow stats entry ({e})") from None


def _wire_signatures(body: bytes, cookie_mask: int) -> list[tuple]:
    out, pos, end = [], 0, len(body)
    unpack_entry = _FLOW_STATS.unpack_from
    while pos < end:
        _check_entry(body, pos)
        length, table_id, _d, _n, priority, _i, _h, _f, cookie, _p, _b = unpack_entry(body, pos)
        match, ipos = _canonical_match_bytes(body, pos + _FLOW_STATS.size)
        out.append((table_id, priority, cookie & cookie_mask, match,
                    _canonical_instruction_bytes(body, ipos, pos + length)))
        pos += length
    return out


# The order Open vSwitch writes the OXMs of a match back in a flow stats reply (its own field
# order: addresses before ip_proto, metadata last), used to key what is sent so that the
# entries that come back pair with it by their bytes (see ReadBack). A switch that writes
# another order pairs through signatures instead: slower, the same verdict.
_SWITCH_ORDER = {name: rank for rank, name in enumerate((
    "in_port", "eth_dst", "eth_src", "eth_type", "vlan_vid", "vlan_pcp",
    "ipv4_src", "ipv4_dst", "ipv6_src", "ipv6_dst", "ipv6_flabel", "ip_dscp", "ip_ecn", "ip_proto",
    "tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst",
    "icmpv4_type", "icmpv4_code", "icmpv6_type", "icmpv6_code",
    "arp_op", "arp_spa", "arp_tpa", "arp_sha", "arp_tha", "metadata"))}
_KEY_HEAD = struct.Struct("!BHQH")  # table, priority, cookie, match length


_KEY_TPC = struct.Struct("!BHQ")  # table, priority, cookie: the head of a key


def encode_add_keyed(flow: FlowEntry, xid: int) -> tuple[bytes, bytes, tuple]:
    """An OFPFC_ADD for ``flow``, its read-back key and its wire signature (:func:`wire_signature`).

    The key is what the flow stats entry of this flow repeats verbatim when the switch writes
    the match in Open vSwitch's order: table, priority, cookie, match length, the OXMs, the
    instructions (see :class:`ReadBack`)."""
    table_id, priority, cookie = flow.table_id, flow.priority, flow.cookie
    body, match, instructions = encode_add_parts(flow, cookie)
    msg = _HEADER.pack(OFP_VERSION, OFPT_FLOW_MOD, 8 + len(body), xid) + body
    olen = ((match[0] << 8) | match[1]) - 4
    return msg, _KEY_TPC.pack(table_id, priority, cookie) + match + instructions, (
        table_id, priority, cookie, body[44:44 + olen], instructions)


def encode_add_parts(flow: FlowEntry, cookie: int) -> tuple[bytes, bytes, bytes]:
    """The parts of an OFPFC_ADD of ``flow`` carrying ``cookie``: the message after its 8-byte
    header (the xid is given when it is sent), the match as its read-back key holds it (length,
    then the OXMs in Open vSwitch's order, unpadded) and the instructions' bytes. The key of
    :func:`encode_add_keyed` is table, priority and cookie, then these two.

    Flows whose matches have the same fields, masked alike (a shape), are packed by a function
    generated for that shape (two :class:`struct.Struct` calls, no loop over the fields)."""
    match = flow.match
    encoder = _SHAPES.get(tuple([f.field if f.mask is None else _MASKED.get(f.field, "?") for f in match]), False)
    if encoder is False:
        encoder = _new_shape(match)
    if encoder is not None:
        parts = encoder(flow, cookie)
        if parts is not None:
            return parts
    return _encode_add_parts_fields(flow, cookie)  # no shape, or a full mask (an exact match)


_MASKED = {name: name + "/" for name in OXM_FIELDS}
_CODES = {1: "B", 2: "H", 4: "I", 8: "Q"}
# field names in the match's order, masked ones with "/" -> the shape's encoder (None: field by field)
_SHAPES: dict[tuple, object] = {}


def _new_shape(match):
    """The encoder of matches with these fields, so masked (see :func:`encode_add_parts`):
    generated source, so that each field is read and packed without a loop or an index."""
    names = tuple([f.field if f.mask is None else _MASKED.get(f.field, "?") for f in match])
    encoder = None
    if all(f.field in OXM_FIELDS for f in match):
        encoder = _generate_encoder(match)
    if len(_SHAPES) >= 4096:  # a compiled ACL has a few dozen shapes
        _SHAPES.clear()
    _SHAPES[names] = encoder
    return encoder


def _generate_encoder(match):
    n = len(match)
    lines = [f"def encode(flow, cookie):"]
    if n:
        lines.append(f"    {', '.join(f'f{i}' for i in range(n))}, = flow.match")
    tlvs = {}  # field index -> (struct codes, argument expressions) of its TLV
    olen = 0
    for i, fm in enumerate(match):
        number, width = OXM_FIELDS[fm.field]
        masked = fm.mask is not None
        code = _CODES.get(width, f"{width}s")
        header = (OFPXMC_OPENFLOW_BASIC << 16) | (((number << 1) | masked) << 8) | (2 * width if masked else width)
        value = f"f{i}.value" if width in _CODES else f"f{i}.value.to_bytes({width}, 'big')"
        lines.append(f"    v{i} = {value}")
        args = [str(header), f"v{i}"]
        if masked:
            full = (1 << (8 * width)) - 1
            lines.append(f"    m{i} = f{i}.mask")
            lines.append(f"    if m{i} == {full}: return None")  # a full mask is an exact match
            if width not in _CODES:
                lines.append(f"    m{i} = m{i}.to_bytes({width}, 'big')")
            args.append(f"m{i}")
        tlvs[i] = ("I" + code * (2 if masked else 1), args)
        olen += 4 + width * (2 if masked else 1)
    mlen = 4 + olen
    wire = sorted(range(n), key=lambda i: OXM_FIELDS[match[i].field][0])
    switch = sorted(range(n), key=lambda i: _SWITCH_ORDER.get(match[i].field, 1000))
    body = struct.Struct("!QQBBHHHIIIH2xHH" + "".join(tlvs[i][0] for i in wire) + f"{(-mlen) % 8}x")
    key = struct.Struct("!H" + "".join(tlvs[i][0] for i in switch))
    lines += [
        "    ins = instruction_bytes(flow.instructions)",
        f"    return (pack_body(cookie, 0, flow.table_id, {OFPFC_ADD}, 0, 0, flow.priority, {OFP_NO_BUFFER}, "
        f"{OFPP_ANY}, {OFPG_ANY}, 0, 1, {mlen}, {', '.join(a for i in wire for a in tlvs[i][1])}) + ins,",
        f"            pack_key({mlen}, {', '.join(a for i in switch for a in tlvs[i][1])}), ins)",
    ]
    scope = {"pack_body": body.pack, "pack_key": key.pack, "instruction_bytes": _instruction_bytes}
    exec("\n".join(lines), scope)  # the source is made of numbers and field indices only
    return scope["encode"]


def _instruction_bytes(given) -> bytes:
    cached = _INSTRUCTION_BYTES.get(id(given))
    if cached is not None and cached[0] is given:  # flows of one rule share their instructions
        return cached[1]
    instructions = encode_instructions(canonical_instructions(given))
    if type(given) is tuple:  # immutable: its bytes cannot change
        if len(_INSTRUCTION_BYTES) >= 4096:
            _INSTRUCTION_BYTES.clear()
        _INSTRUCTION_BYTES[id(given)] = (given, instructions)  # the object kept: its id stays its own
    return instructions


def _encode_add_parts_fields(flow: FlowEntry, cookie: int) -> tuple[bytes, bytes, bytes]:
    """:func:`encode_add_parts` field by field: for matches no shape covers, and the reference
    the shapes are tested against."""
    canonical = canonical_match(flow.match)
    oxm_list = [_oxm(fm) for fm in canonical]
    oxms = b"".join(oxm_list)
    names = tuple([fm.field for fm in canonical])
    order = _SWITCH_PERMUTATIONS.get(names, False)
    if order is False:
        order = tuple(sorted(range(len(names)), key=lambda i: _SWITCH_ORDER.get(names[i], 1000)))
        order = _SWITCH_PERMUTATIONS[names] = None if order == tuple(range(len(names))) else order
    ordered = oxms if order is None else b"".join([oxm_list[i] for i in order])
    length = 4 + len(oxms)
    instructions = _instruction_bytes(flow.instructions)
    body = (_FLOW_MOD.pack(cookie, 0, flow.table_id, OFPFC_ADD, 0, 0, flow.priority, OFP_NO_BUFFER, OFPP_ANY,
                           OFPG_ANY, 0)
            + _MATCH_HEADER.pack(1, length) + oxms + b"\0" * ((-length) % 8) + instructions)
    return body, length.to_bytes(2, "big") + ordered, instructions


def _encode_add_keyed_fields(flow: FlowEntry, xid: int) -> tuple[bytes, bytes, tuple]:
    """:func:`encode_add_keyed` from :func:`_encode_add_parts_fields` (the reference)."""
    table_id, priority, cookie = flow.table_id, flow.priority, flow.cookie
    body, match, instructions = _encode_add_parts_fields(flow, cookie)
    msg = _HEADER.pack(OFP_VERSION, OFPT_FLOW_MOD, 8 + len(body), xid) + body
    return msg, _KEY_TPC.pack(table_id, priority, cookie) + match + instructions, (
        table_id, priority, cookie, body[44:44 + len(match) - 2], instructions)


_INSTRUCTION_BYTES: dict[int, tuple] = {}  # id(instructions) -> (instructions, their bytes)
_SWITCH_PERMUTATIONS: dict[tuple, tuple | None] = {}  # field names in OXM order -> switch order (None: same)


def key_signature(key: bytes) -> tuple:
    """The wire signature (:func:`wire_signature`) of the flow :func:`encode_add_keyed` gave ``key``."""
    table_id, priority, cookie, mlen = _KEY_HEAD.unpack_from(key)
    match, _after = _canonical_match_bytes(b"\x00\x01" + key[11:9 + mlen], 0)
    return (table_id, priority, cookie, match, _canonical_instruction_bytes(key, 9 + mlen, len(key)))


class ReadBack:
    """The exact read-back of flows sent as ADDs, fed the OFPMP_FLOW reply bodies as they arrive.

    An entry whose bytes repeat a sent flow's key (:func:`encode_add_keyed`: every entry of a
    switch that writes matches in Open vSwitch's order) is paired with it by one dictionary look-up;
    every other entry is read into its wire signature, and the sent flows left unpaired are
    compared with those by signature. Bytes equal means signatures equal, so the pairing changes
    no verdict: the installed flows equal the sent ones as a multiset of wire signatures, exactly
    as comparing every signature would say, at a fraction of the cost.
    """

    def __init__(self, sent=(), tables=None):
        """``sent``: the key of each flow sent (:func:`encode_add_keyed`), or (key, anything)
        pairs; more are added with :meth:`expect`. ``tables``: the table ids whose entries count
        (None: all); the others are skipped. Only the keys are kept: the signature of a sent flow
        left unpaired is read back out of its key (:func:`key_signature`)."""
        self._want: dict[bytes, int] = {}
        want = self._want
        if type(sent) is list and sent and type(sent[0]) is bytes:
            want.update(dict.fromkeys(sent, 1))  # distinct keys (a plan's) counted in one C call
            if len(want) == len(sent):
                sent = ()
            else:
                want.clear()
        for item in sent:
            key = item[0] if type(item) is tuple else item
            want[key] = want.get(key, 0) + 1
        self._tables = None if tables is None else bytes(1 if t in tables else 0 for t in range(256))
        self.unpaired: list[tuple] = []  # signatures of entries whose bytes repeat no sent message
        self.entries = 0

    def expect(self, key: bytes) -> None:
        """One more flow sent, with this key."""
        self._want[key] = self._want.get(key, 0) + 1

    def consume(self, body: bytes) -> None:
        try:
            self._consume(body)
        except (struct.error, IndexError) as e:
            raise CodecError(f"malformed flow stats entry ({e})") from None

    def _consume(self, body: bytes) -> None:
        want, tables, unpaired = self._want, self._tables, self.unpaired
        pos, end = 0, len(body)
        count = 0
        while pos < end:
            length = (body[pos] << 8) | body[pos + 1] if end - pos >= 48 else 0
            if length < 56 or pos + length > end:  # _check_entry's test, its call saved per entry
                _check_entry(body, pos)
            count += 1
            if tables is not None and not tables[body[pos + 2]]:
                pos += length
                continue
            mend = pos + 48 + ((body[pos + 50] << 8) | body[pos + 51])
            key = (body[pos + 2:pos + 3] + body[pos + 12:pos + 14] + body[pos + 24:pos + 32]
                   + body[pos + 50:mend] + body[mend + ((pos - mend) % 8):pos + length])
            left = want.get(key) if body[pos + 49] == 1 and not body[pos + 48] else None  # an OXM match
            if left:
                if left == 1:
                    del want[key]
                else:
                    want[key] = left - 1
            else:
                unpaired.extend(_wire_signatures(body[pos:pos + length], 0xFFFFFFFFFFFFFFFF))
            pos += length
        self.entries += count

    def differences(self) -> tuple[list[tuple], list[tuple]]:
        """(sent flows missing or changed, unexpected installed flows), as wire signatures."""
        from collections import Counter

        left = Counter()
        for key, n in self._want.items():
            left[key_signature(key)] += n
        have = Counter(self.unpaired)
        return list((left - have).elements()), list((have - left).elements())


# ------------------------------------------------------------------ counters only
# Counter polls read every flow's packets and bytes; decoding each entry into a FlowEntry costs
# ~50 us, pairing its bytes with the compiled flow's ~1 us.

_COUNTS = struct.Struct("!HB9xH10xQQQ")  # length, table, priority, cookie, packets, bytes


def counts_key(flow: FlowEntry) -> bytes:
    """The bytes a flow stats entry of ``flow`` repeats, whatever its cookie, when the switch
    writes the match in Open vSwitch's order: table, priority, match length, OXMs, instructions
    (:func:`encode_add_keyed`'s key without the cookie)."""
    key = encode_add_keyed(flow, 0)[1]
    return key[:3] + key[11:]


def flow_counts(body: bytes, keys: dict, tables=None) -> tuple[list[tuple], list[FlowStat]]:
    """The counters of an OFPMP_FLOW reply body, without decoding the flows that can be paired.

    An entry whose bytes repeat a key of ``keys`` (:func:`counts_key`) gives
    ``(keys[key], cookie, packet_count, byte_count)``; any other entry is decoded in full into
    the second list. ``tables``: the table ids whose entries count (None: all)."""
    try:
        return _flow_counts(body, keys, tables)
    except (struct.error, IndexError) as e:
        raise CodecError(f"malformed flow stats entry ({e})") from None


def _flow_counts(body: bytes, keys: dict, tables) -> tuple[list[tuple], list[FlowStat]]:
    paired, others = [], []
    append, get, unpack = paired.append, keys.get, _COUNTS.unpack_from
    pos, end = 0, len(body)
    while pos < end:
        if end - pos < 48 or ((body[pos] << 8) | body[pos + 1]) < 56:
            _check_entry(body, pos)
        length, table_id, _priority, cookie, packets, octets = unpack(body, pos)
        if pos + length > end:
            _check_entry(body, pos)
        if tables is not None and table_id not in tables:
            pos += length
            continue
        mend = pos + 48 + ((body[pos + 50] << 8) | body[pos + 51])
        tag = get(body[pos + 2:pos + 3] + body[pos + 12:pos + 14] + body[pos + 50:mend]
                  + body[mend + ((pos - mend) % 8):pos + length]) if keys else None
        if tag is not None:
            append((tag, cookie, packets, octets))
        else:
            others.extend(_decode_flow_stats(body[pos:pos + length]))
        pos += length
    return paired, others


# ------------------------------------------------------------------ comparing

def canonical_instructions(instructions) -> tuple:
    """Instructions in execution order (OpenFlow runs them by type, not by list order)."""
    if len(instructions) < 2:
        return instructions if type(instructions) is tuple else tuple(instructions)
    return tuple(sorted(instructions, key=lambda i: _EXECUTION_ORDER[type(i)]))


_EXECUTION_ORDER = {ApplyActions: 0, WriteMetadata: 1, GotoTable: 2}


_RANK = {name: number for name, (number, _width) in OXM_FIELDS.items()}


def _rank(f: FieldMatch) -> int:
    return _RANK.get(f.field, 1000)


def canonical_match(match) -> tuple[FieldMatch, ...]:
    """Fields in OXM number order; fields aclc does not know sort last."""
    last = -1
    for f in match:
        rank = _RANK.get(f.field, 1000)
        if rank <= last:
            return tuple(sorted(match, key=lambda f: (_RANK.get(f.field, 1000), f.field)))
        last = rank
    return match if type(match) is tuple else tuple(match)  # the usual case: already in order


def _plain_match(match) -> tuple:
    # Plain tuples hash in C; frozen dataclasses hash through Python. Read-backs hash 100k of these.
    return tuple(sorted((f.field, f.value, f.mask if f.mask is not None else -1) for f in match))


def _plain_instructions(instructions) -> tuple:
    out = []
    for ins in instructions:
        if isinstance(ins, ApplyActions):
            out.append((0, tuple((a.port, a.max_len) for a in ins.actions)))
        elif isinstance(ins, WriteMetadata):
            out.append((1, ins.value, ins.mask))
        else:
            out.append((2, ins.table_id))
    out.sort()
    return tuple(out)


def flow_key(flow: FlowEntry) -> tuple:
    """What identifies a flow in a table: OpenFlow's strict match (table, priority, match).

    The match as plain (field, value, mask) tuples: they hash in C, a FieldMatch through Python,
    and a push keys 100k flows."""
    return (flow.table_id, flow.priority, tuple([(f.field, f.value, f.mask) for f in canonical_match(flow.match)]))


def flow_signature(flow: FlowEntry, cookie_mask: int = 0xFFFFFFFFFFFFFFFF) -> tuple:
    """Everything a read-back compares: key, instructions and (masked) cookie."""
    return (flow.table_id, flow.priority, _plain_match(flow.match), _plain_instructions(flow.instructions),
            flow.cookie & cookie_mask)


def ip_text(field: str, value: int) -> str:
    if field.startswith("ipv6"):
        return str(ipaddress.IPv6Address(value))
    return str(ipaddress.IPv4Address(value))


def flow_text(flow: FlowEntry) -> str:
    """A short ofctl-like spelling for messages: ``table=10,priority=5,tcp_dst=80 -> goto_table:100``."""
    parts = [f"table={flow.table_id}", f"priority={flow.priority}"]
    for f in flow.match:
        if f.field.startswith(("ipv4", "ipv6", "arp_spa", "arp_tpa")):
            value = ip_text(f.field, f.value)
            mask = "" if f.mask is None else "/" + ip_text(f.field, f.mask)
        else:
            value = f"{f.value:#x}" if f.field in ("eth_type", "metadata") else str(f.value)
            mask = "" if f.mask is None else f"/{f.mask:#x}"
        parts.append(f"{f.field}={value}{mask}")
    actions = []
    for ins in canonical_instructions(flow.instructions):
        if isinstance(ins, ApplyActions):
            actions += [f"output:{a.port_name}" for a in ins.actions]
        elif isinstance(ins, WriteMetadata):
            actions.append(f"write_metadata:{ins.value:#x}/{ins.mask:#x}")
        else:
            actions.append(f"goto_table:{ins.table_id}")
    return ",".join(parts) + " -> " + (",".join(actions) or "drop")
