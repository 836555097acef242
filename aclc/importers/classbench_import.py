"""ClassBench filter sets to aclc source, with an evaluator of the raw lines.

Reading goes through :mod:`aclc.importers.classbench_format` (one reader for the whole
project); this module only spells the rules and keeps a second, independent
reading of the five raw fields for the round-trip check.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from .classbench_format import ACTION_MODES, FLAGS_NOTE, parse_classbench
from ..errors import AclcError, SourcePos
from ..fastinit import constructor, frozen_record
from ..gcpause import gc_paused
from ..policy import ETH_IPV4, ETH_IPV6, Action
from .model import AddrSet, ImportedAcl, ImportedRule, ImportResult, Match
from .render import aclc_name, prefix_text

if TYPE_CHECKING:  # only --check evaluates packets
    from ..packet import Packet

FORMAT = "ClassBench"
_addr_set, _match, _imported_rule = constructor(AddrSet), constructor(Match), constructor(ImportedRule)


@frozen_record
class RawRule:
    """One ClassBench line as its numbers: value/length prefixes, port bounds, protocol value/mask."""

    src: tuple[int, int]
    dst: tuple[int, int]
    sports: tuple[int, int]
    dports: tuple[int, int]
    proto: tuple[int, int]
    action: str


def read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="ascii")
    except OSError as error:
        raise AclcError(f"cannot read ClassBench file: {error.strerror or error}", SourcePos(str(path), 0)) from None
    except UnicodeDecodeError as error:
        raise AclcError(f"not a ClassBench file: byte {error.start} is not ASCII", SourcePos(str(path), 0)) from None


def raw_rules(text: str, actions: str) -> list[RawRule]:
    """The lines as plain numbers (only called on text that parse_classbench accepted)."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        f = line.rstrip("\t\r\n ").split("\t")
        def prefix(t):
            address, length = t.split("/")
            value = 0
            for octet in address.split("."):
                value = value * 256 + int(octet)
            return value, int(length)
        def ports(t):
            lo, hi = t.split(":")
            return int(lo), int(hi)
        value, mask = (int(x, 16) for x in f[4].split("/"))
        index = len(out)
        action = ("permit" if index % 2 == 0 else "deny") if actions == "alternate" else actions
        out.append(RawRule(prefix(f[0][1:]), prefix(f[1]), ports(f[2]), ports(f[3]), (value, mask), action))
    return out


def _prefix_hit(address: int, value_length: tuple[int, int]) -> bool:
    value, length = value_length
    shift = 32 - length
    return length == 0 or (address >> shift) == (value >> shift)


def evaluate(rules: list[RawRule], p: Packet) -> str:
    """Classifier semantics: the first line whose five fields all hold; otherwise deny.

    Port fields exist only for TCP, UDP and SCTP; a line that narrows ports
    matches no other protocol. Non-IP frames get aclc's default for them
    (``non-ip permit arp``: ARP passes, the rest is denied); IPv6 is denied.
    """
    if p.eth_type != ETH_IPV4:
        return "permit" if p.eth_type == 0x0806 else "deny"
    for r in rules:
        if not (_prefix_hit(p.src, r.src) and _prefix_hit(p.dst, r.dst)):
            continue
        if (p.ip_proto & r.proto[1]) != (r.proto[0] & r.proto[1]):
            continue
        narrow = r.sports != (0, 0xFFFF) or r.dports != (0, 0xFFFF)
        if narrow and not p.has_ports:
            continue
        if narrow and not (r.sports[0] <= p.src_port <= r.sports[1] and r.dports[0] <= p.dst_port <= r.dports[1]):
            continue
        return r.action
    return "deny"


def _imported_rules(policy, lines: list[str]) -> list:
    rules = []
    # One AddrSet per prefix tuple, spelt once: its display is the text render would give its one
    # prefix. The reader gives equal prefixes the same tuple, so the tuple's identity is the key
    # (the tuples live as long as the policy; an equal tuple of another identity only costs an AddrSet).
    addr_sets: dict = {}
    words = {action: action.value for action in (Action.PERMIT, Action.DENY)}
    for rule in policy.rules:
        src, dst = rule.src, rule.dst
        if src is not None:
            found = addr_sets.get(id(src))
            if found is None:
                found = addr_sets[id(src)] = _addr_set(src, None, prefix_text(src[0]))
            src = found
        if dst is not None:
            found = addr_sets.get(id(dst))
            if found is None:
                found = addr_sets[id(dst)] = _addr_set(dst, None, prefix_text(dst[0]))
            dst = found
        match = _match(4, rule.ip_proto, src, dst, rule.src_ports, rule.dst_ports)
        line = rule.origin.line
        rules.append(_imported_rule(words[rule.action], match, False, line,
                                    lines[line - 1].replace("\t", " ").strip()))
    return rules


def import_classbench(text: str, filename: str, actions: str = "alternate") -> ImportResult:
    if actions not in ACTION_MODES:
        raise AclcError(f"unknown action mode '{actions}' (use one of: {', '.join(ACTION_MODES)})")
    if not text.isascii():
        # int() reads other scripts' digits ('٨0' as 80): a ClassBench file is ASCII, anything else is refused.
        offset = next(i for i, c in enumerate(text) if not c.isascii())
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise AclcError(f"not a ClassBench file: '{text[offset]}' is not ASCII", SourcePos(filename, line, column))
    with gc_paused():  # many small objects, no cycles: the collector would only slow a large set down
        policy, flags_used = parse_classbench(text, filename, actions)
        rules = _imported_rules(policy, text.splitlines())
        # To the oldest generation without a scan, rather than a young pass over all of them after.
        gc.freeze()
        gc.unfreeze()
    notes = []
    if flags_used:
        notes.append(FLAGS_NOTE)
    mode = {"alternate": "line i permits when i (0-based) is even, denies when odd",
            "permit": "every line permits", "deny": "every line denies"}[actions]
    header = (f"ClassBench filter set {Path(filename).name}: {len(rules)} lines; actions: {mode}.",)
    acl = ImportedAcl(aclc_name(Path(filename).name, "cb"), tuple(rules), "deny",
                      "ClassBench sets have no default; deny everything else", "permit arp",
                      "", header, (), Path(filename).name)
    return ImportResult((acl,), {}, tuple(notes), filename, FORMAT)


def _import_format():
    from .format import ImportFormat, Option

    def decider(text, options):
        raw = raw_rules(text, options["actions"])
        return lambda acl, p, assume: evaluate(raw, p)

    # The generated text is parsed back only with --check: the spelling is mechanical (and covered
    # by the tests), and parsing 50k rules back takes far longer than importing them.
    return ImportFormat(
        name="classbench",
        help="A ClassBench filter set (the flags column is ignored, and the output says so).",
        options=(Option(("--actions",), "ClassBench sets have no actions: alternate permits even lines (0-based).",
                        default="alternate", choices=ACTION_MODES, show_default=True),),
        read=read_text,
        translate=lambda text, filename, options: (text, import_classbench(text, filename, options["actions"])),
        evaluate=decider,
        parse_check=False,
    )


IMPORT_FORMAT = _import_format()
