"""Emitters: spell a compiled Pipeline in one output format each.

No emitter in this package decides semantics; each only spells what the
Pipeline says, and refuses (:class:`~aclc.errors.AclcError`) a flow its format
cannot say faithfully. Formats are declared in :data:`FORMATS` (module, what it
writes, the options it takes) and imported only when used, so a missing or
broken format cannot break the others::

    from aclc.emit import emit
    text = emit(pipeline, "ofctl")
    files = emit(pipeline, "ryu-test")   # multi-file formats return {name: text}

Each format module defines ``emit(pipeline, **options) -> str | dict[str, str]``;
the one-file formats also ``chunks(pipeline, **options)``, the same text as pieces
of whole lines made as they are consumed, so a million flows are written without
their text ever being held at once (:func:`emit_chunks`; ``aclc compile`` writes
them so). The ``ryu-test`` format plans test packets with the BDD semantics, so it lives
with the switch-test support (:mod:`aclc.ryutest.emit`).
"""

from __future__ import annotations

import importlib
import importlib.util
import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from ..errors import AclcError
from ..pipeline import FIELD_WIDTH, FlowEntry, Pipeline, cookie_rule


@dataclass(frozen=True)
class Format:
    module: str  # defines ``emit(pipeline, **options)``
    writes: str  # what the output is, for --help
    multi_file: bool = False  # a directory of files ({name: text}), not one text
    options: tuple[str, ...] = ()  # the keyword options of its emit() a user may give
    notes: bool = False  # its emit() appends sentences for the user to ``notes=[...]``


# format name -> its declaration; the first is the default of aclc compile
FORMATS = {
    "ryu-test": Format("aclc.ryutest.emit", "a directory of Ryu switch tests, needs -o DIR", multi_file=True,
                       options=("max_tests",), notes=True),
    "ofctl": Format("aclc.emit.ofctl", "ovs-ofctl add-flows file"),
    "ryu-json": Format("aclc.emit.ryu_json", "os-ken OFPFlowMod JSON"),
    "ryu-rest": Format("aclc.emit.ryu_rest", "ofctl_rest request bodies", options=("dpid",)),
    "lagopus-dsl": Format("aclc.emit.lagopus_dsl", "Lagopus datastore lines", options=("bridge",)),
    "table": Format("aclc.emit.table", "for people"),
}

# Formats whose output is several files (a directory), not one text.
MULTI_FILE_FORMATS = frozenset(name for name, f in FORMATS.items() if f.multi_file)

ADDRESS_FIELDS = frozenset({"ipv4_src", "ipv4_dst", "arp_spa", "arp_tpa", "ipv6_src", "ipv6_dst"})
L4_PORT_FIELDS = frozenset({"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"})


def emit(pipeline: Pipeline, fmt: str, **options) -> str | dict[str, str]:
    """Spell ``pipeline`` in format ``fmt`` (one of :data:`FORMATS`)."""
    module = format_module(fmt)
    try:
        return module.emit(pipeline, **options)
    except AclcError as error:
        if error.pos is None:
            error.pos = _source_of_flow_error(pipeline, error.message)
        raise


def emit_chunks(pipeline: Pipeline, fmt: str, **options) -> Iterator[str]:
    """The text :func:`emit` gives for a one-file format ``fmt``, in pieces made as they are
    consumed; an error (with the ACL line of a refused flow) is raised by the iteration."""
    if FORMATS.get(fmt) is not None and FORMATS[fmt].multi_file:
        raise ValueError(f"format {fmt} writes several files; use emit()")
    module = format_module(fmt)
    try:
        yield from module.chunks(pipeline, **options)
    except AclcError as error:
        if error.pos is None:
            error.pos = _source_of_flow_error(pipeline, error.message)
        raise


BATCH = 4096  # lines (or JSON elements) a piece of chunks() holds


def batched(pieces: Iterable[str], size: int | None = None) -> Iterator[str]:
    """``pieces`` joined ``size`` (default :data:`BATCH`) at a time: fewer, larger writes."""
    pieces, size = iter(pieces), size or BATCH
    while True:
        text = "".join(islice(pieces, size))
        if not text:
            return
        yield text


def json_list(elements: Iterable[str]) -> Iterator[str]:
    """A JSON list with one element a line, ``[\n a,\n b\n]\n`` (``[]\n`` when empty), in pieces."""
    previous = None  # each piece a whole line: an element is written when the next one is known
    for text in elements:
        yield "[\n" if previous is None else previous + ",\n"
        previous = text
    yield "[]\n" if previous is None else previous + "\n]\n"


_LABEL_COOKIE = re.compile(r"^flow table=\d+ priority=\d+ cookie=0x([0-9a-f]+):")


def _source_of_flow_error(pipeline: Pipeline, message: str):
    """The ACL line behind a refused flow (named by :func:`flow_label`), so the user sees the rule."""
    found = _LABEL_COOKIE.match(message)
    if found is None or pipeline.policy is None:
        return None
    rule = cookie_rule(int(found.group(1), 16))
    if rule is None or not 0 <= rule < len(pipeline.policy.rules):
        return None
    return pipeline.policy.origin_of(rule)


def format_module(fmt: str):
    """The module that implements ``fmt``; an AclcError when unknown or not installed."""
    if fmt not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise AclcError(f"unknown output format '{fmt}' (known formats: {known})")
    name = FORMATS[fmt].module
    if importlib.util.find_spec(name) is None:
        raise AclcError(f"output format '{fmt}' is not available in this installation ({name} is missing)")
    return importlib.import_module(name)


def header_facts(pipeline: Pipeline) -> list[tuple[str, str]]:
    """What every emitted file says about itself: which ACL, for which switch, how."""
    policy = pipeline.policy
    facts = []
    if policy is not None:
        facts.append(("acl", policy.name))
    facts += [
        ("target", pipeline.target),
        ("strategy", pipeline.strategy),
        ("permit", pipeline.continuation.text),
        ("tables", ",".join(str(t) for t in pipeline.owned_table_ids()) or "-"),
        ("entry table", str(pipeline.entry_table)),
        ("flows", str(pipeline.flow_count)),
    ]
    return facts


def address_text(oxm_field: str, value: int) -> str:
    if FIELD_WIDTH[oxm_field] == 128:
        return str(ipaddress.IPv6Address(value))
    # The dotted quad str(ipaddress.IPv4Address(value)) spells, without building the object.
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def prefix_length(mask: int, width: int) -> int | None:
    """The prefix length a mask stands for, or None when it is not a prefix mask."""
    inverted = ~mask & ((1 << width) - 1)
    if inverted & (inverted + 1):
        return None
    return width - inverted.bit_length()


def flow_label(flow: FlowEntry) -> str:
    """How an error names a flow: its table, priority and cookie."""
    return f"flow table={flow.table_id} priority={flow.priority} cookie=0x{flow.cookie:x}"
