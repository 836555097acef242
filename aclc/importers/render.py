"""Spell an :class:`~aclc.importers.model.ImportResult` as aclc source text.

The output is meant to be read and kept: every rule is preceded by the
source line it came from, names from the source are kept where the language
allows them, and port sets are written the way people write them
(``port >= 1024`` rather than ``port 1024-65535``).
"""

from __future__ import annotations

import ipaddress
import re

from ..policy import CT_STATES, TCP_FLAG_BITS, Prefix
from .model import AddrSet, ImportedAcl, ImportedRule, ImportResult, Match

# Protocol words the language knows (grammars/acl.lark, PROTO_NAME).
PROTO_WORDS = {1: "icmp", 6: "tcp", 17: "udp", 132: "sctp", 47: "gre", 50: "esp", 51: "ah",
               89: "ospf", 112: "vrrp", 2: "igmp", 103: "pim"}
# Words that are keywords of the language and so cannot be names.
KEYWORDS = {
    "include", "definitions", "network", "service", "acl", "default", "non-ip", "remark",
    "ethertype", "from", "to", "port", "host", "code", "name", "proto", "permit", "deny",
    "log", "arp", "all", "any", "any4", "any6", "ip", "ipv4", "ipv6", "tcp", "udp", "sctp",
    "icmpv6", "icmp", "gre", "esp", "ah", "ospf", "vrrp", "igmp", "pim", "icmp-type", "type",
    "in-port", "in_port", "established", "fragments", "flags", "tcp-flags", "state",
    "time-range", "reflect", "evaluate", "tos", "dscp", "precedence", "ttl",
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def aclc_name(source_name: str, prefix: str) -> str:
    """A valid aclc name for a source name: kept when possible, else made valid."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", source_name)
    if not _NAME.match(name) or name.lower() in KEYWORDS:
        name = f"{prefix}-{name}"
    return name


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def comment(text: str) -> str:
    return "# " + text.replace("\n", " ")


def prefix_text(p: Prefix) -> str:
    if p.width == 32:
        v = p.value  # the dotted quad str(ipaddress.IPv4Address(v)) spells, without building one
        address = f"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}"
    else:
        address = ipaddress.IPv6Address(p.value).compressed
    return f"host {address}" if p.length == p.width else f"{address}/{p.length}"


def addresses_text(addrs: AddrSet | None) -> str:
    if addrs is None or (len(addrs.prefixes) == 1 and addrs.prefixes[0].length == 0):
        return "any"
    if addrs.name:
        return addrs.name
    if addrs.display:
        return addrs.display
    items = [prefix_text(p) for p in addrs.prefixes]
    if len(items) == 1:
        return items[0]
    if len(items) <= PER_LINE:
        return "{" + ", ".join(items) + "}"
    return "{\n" + wrapped(items, " " * 12) + "\n        }"


PER_LINE = 6


def wrapped(items: list[str], indent: str) -> str:
    """Long lists one block of PER_LINE items per line, so diffs stay readable."""
    rows = [", ".join(items[i:i + PER_LINE]) for i in range(0, len(items), PER_LINE)]
    return ",\n".join(indent + row for row in rows)


def ports_text(ports) -> str:
    """A canonical port range set in its most natural spelling."""
    if len(ports) == 1:
        r = ports[0]
        if r.lo == r.hi:
            return str(r.lo)
        if r.lo == 0:
            return f"<= {r.hi}"
        if r.hi == 0xFFFF:
            return f">= {r.lo}"
        return f"{r.lo}-{r.hi}"
    if len(ports) == 2 and ports[0].lo == 0 and ports[1].hi == 0xFFFF and ports[0].hi + 2 == ports[1].lo:
        return f"!= {ports[0].hi + 1}"
    return "{" + ", ".join(str(r) for r in ports) + "}"


def match_text(m: Match) -> str:
    words = ["ipv4" if m.family == 4 else "ipv6"]
    if m.proto is not None:
        if m.family == 6 and m.proto == 58:
            words.append("icmpv6")
        elif m.proto in PROTO_WORDS and not (m.family == 6 and m.proto == 1):
            words.append(PROTO_WORDS[m.proto])
        else:
            words.append(f"proto {m.proto}")
    words += ["from", addresses_text(m.src)]
    if m.src_ports is not None:
        words += ["port", ports_text(m.src_ports)]
    words += ["to", addresses_text(m.dst)]
    if m.dst_ports is not None:
        words += ["port", ports_text(m.dst_ports)]
    if m.icmp_type is not None:
        words += ["type", str(m.icmp_type)]
        if m.icmp_code is not None:
            words += ["code", str(m.icmp_code)]
    if m.in_ports is not None:
        words += ["in-port", ", ".join(str(p) for p in m.in_ports)]
    if m.ct_state is not None:
        words += ["state", ", ".join(s for s in CT_STATES if s in m.ct_state)]
    if m.tcp_flags is not None:
        words += flags_words(m.tcp_flags)
    return " ".join(words)


def flags_words(alternatives) -> list[str]:
    """TCP flag alternatives in aclc words: one cube as ``flags``, Cisco's pair as ``established``."""
    from ..frontend.normalize import ESTABLISHED_FLAGS

    if tuple(sorted(alternatives)) == tuple(sorted(ESTABLISHED_FLAGS)):
        return ["established"]
    if len(alternatives) != 1:
        raise ValueError(f"TCP flag alternatives {alternatives!r} have no aclc spelling")
    value, mask = alternatives[0]
    names = [("" if value & bit else "!") + name for name, bit in TCP_FLAG_BITS.items() if mask & bit]
    return ["flags", ", ".join(names)]


def rule_text(rule: ImportedRule) -> str:
    return f"{rule.action} {match_text(rule.match)}" + (" log" if rule.log else "")


def skipped_text(s) -> str:
    """The comment for a line the import cannot decide like the source: what, why, and which way it errs."""
    what = "kept without a test" if s.kept else "skipped"
    return f"{what} line {s.line}: {s.source.strip()} ({s.reason}; {s.effect()})"


def never_text(line: int, source: str, reason: str) -> str:
    return f"line {line} never matches and has no rule: {source.strip()} ({reason})"


def render_acl(acl: ImportedAcl, indent: str = "    ", rule_at: list | None = None) -> list[str]:
    """The ACL's lines; ``rule_at`` (when given) gets ``(index in the list, rule)`` for every rule line."""
    out = []
    for line in acl.header:
        out.append(comment(line))
    if acl.skipped_in_header:
        notes = [(s.line, skipped_text(s)) for s in acl.skipped] + [(n[0], never_text(*n)) for n in acl.never]
        out.extend(comment(text) for _, text in sorted(notes))
    out.append(f"acl {acl.name} {{")
    if acl.default_note:
        out.append(indent + comment(acl.default_note))
    out.append(f"{indent}default {acl.default_action}")
    if acl.nonip_note:
        out.append(indent + comment(acl.nonip_note))
    out.append(f"{indent}non-ip {acl.nonip}")
    skipped = {} if acl.skipped_in_header else {s.line: skipped_text(s) for s in acl.skipped}
    if not acl.skipped_in_header:
        skipped.update((n[0], never_text(*n)) for n in acl.never)
    # Skipped lines appear where they were, in source order: the ones not yet written are always
    # the tail of this sorted list, so one cursor walks it once.
    pending = sorted(skipped)
    next_skipped = 0
    last_line = None
    for rule in acl.rules:
        while next_skipped < len(pending) and pending[next_skipped] < rule.line:
            out.append(indent + comment(skipped[pending[next_skipped]]))
            next_skipped += 1
        if rule.line != last_line or rule.note:
            if rule.line:
                out.append(indent + comment(f"line {rule.line}: {rule.source.strip()}"))
            if rule.note:
                out.append(indent + comment(rule.note))
            last_line = rule.line
        if rule.remark is not None:
            out.append(f"{indent}remark {quote(rule.remark)}")
        if rule_at is not None:
            rule_at.append((len(out), rule))
        out.append(indent + rule_text(rule))
    for line in pending[next_skipped:]:
        out.append(indent + comment(skipped[line]))
    out.append("}")
    return out


def render(result: ImportResult) -> str:
    return render_with_rule_lines(result)[0]


def render_with_rule_lines(result: ImportResult) -> tuple[str, list[list[tuple[int, ImportedRule]]]]:
    """The source text, and for each ACL of ``result`` the 1-based line number of each of its rules
    in that text, with the rule, in the order written (a rule spanning several lines: its first)."""
    out = [comment(f"Imported from {result.source_file} ({result.source_format}) by aclc import.")]
    for note in result.notes:
        out.append(comment(note))
    used = _used_networks(result)
    if used:
        out.append("")
        for name, (addrs, why) in result.networks.items():
            if name not in used:
                continue
            if why:
                out.append(comment(why))
            items = [prefix_text(p) for p in addrs.prefixes]
            if len(items) <= PER_LINE:
                out.append(f"network {name} = " + ", ".join(items))
            else:
                out.append(f"network {name} =\n" + wrapped(items, "    "))
    rule_at: list[list[tuple[int, ImportedRule]]] = []
    for acl in result.acls:
        out.append("")
        start = len(out)
        marks: list[tuple[int, ImportedRule]] = []
        out.extend(render_acl(acl, rule_at=marks))
        rule_at.append([(start + index, rule) for index, rule in marks])
    text = "\n".join(out) + "\n"
    return text, _line_numbers(out, rule_at)


def _line_numbers(out: list[str], rule_at: list[list[tuple[int, ImportedRule]]]
                  ) -> list[list[tuple[int, ImportedRule]]]:
    """Indexes into ``out`` to line numbers: entry i starts on line i + 1, plus the line breaks
    inside the entries before it (wrapped lists, few of them)."""
    breaks = [(i, entry.count("\n")) for i, entry in enumerate(out) if "\n" in entry]
    breaks.append((len(out), 0))
    numbered = []
    extra = 0
    k = 0
    for marks in rule_at:
        numbered.append([])
        for index, rule in marks:
            while breaks[k][0] < index:
                extra += breaks[k][1]
                k += 1
            numbered[-1].append((index + 1 + extra, rule))
    return numbered


def _used_networks(result: ImportResult) -> set[str]:
    used = set()
    for acl in result.acls:
        for rule in acl.rules:
            for side in (rule.match.src, rule.match.dst):
                if side is not None and side.name:
                    used.add(side.name)
    return used
