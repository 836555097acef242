"""Text for reports: effects, flows, rule locations and source lines."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path

from ..pipeline import FIELD_WIDTH, Effect, FieldMatch, FlowEntry, PORT_NUMBERS
from ..policy import Action, Policy

_ADDRESS_FIELDS = {"ipv4_src": 4, "ipv4_dst": 4, "arp_spa": 4, "arp_tpa": 4, "ipv6_src": 6, "ipv6_dst": 6}


def effect_text(effect: Effect | tuple | None) -> str:
    if effect is None:
        return "?"
    if isinstance(effect, tuple):  # (Action, log) decision key
        action, log = effect
        return f"{Action(action).value}{' log' if log else ''}"
    parts = []
    for out in sorted(effect.outputs):
        name = PORT_NUMBERS.get(out.port)
        parts.append(f"output:{name}" if name else f"output:{out.port}")
    if effect.goto is not None:
        parts.append(f"goto_table:{effect.goto}")
    if effect.commit:
        parts.insert(0, "ct(commit)")
    return ", ".join(parts) if parts else "drop"


def field_text(fm: FieldMatch) -> str:
    family = _ADDRESS_FIELDS.get(fm.field)
    if family:
        cls = ipaddress.IPv4Address if family == 4 else ipaddress.IPv6Address
        width = FIELD_WIDTH[fm.field]
        if fm.mask is None:
            return f"{fm.field}={cls(fm.value)}"
        length = bin(fm.mask).count("1")
        if fm.mask == ((1 << length) - 1) << (width - length):
            return f"{fm.field}={cls(fm.value)}/{length}"
        return f"{fm.field}={cls(fm.value)}/{cls(fm.mask)}"
    if fm.field == "eth_type":
        return f"eth_type=0x{fm.value:04x}"
    if fm.mask is None:
        return f"{fm.field}={fm.value}"
    return f"{fm.field}=0x{fm.value:x}/0x{fm.mask:x}"


def flow_text(flow: FlowEntry) -> str:
    match = ",".join(field_text(f) for f in flow.match) or "any"
    rule = flow.rule_index
    owner = f" [rule {rule}]" if rule is not None else f" [{flow.role}]"
    return f"table={flow.table_id} priority={flow.priority} {match}{owner}"


@lru_cache(maxsize=64)
def _file_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def source_line(file: str, line: int) -> str | None:
    lines = _file_lines(file)
    if 1 <= line <= len(lines):
        return lines[line - 1].strip()
    return None


def rule_location(policy: Policy, rule_index: int | None) -> str:
    """``file:line: <source text>`` for a rule, or the default."""
    pos = policy.origin_of(rule_index)
    where = f"{pos.file}:{pos.line}" if pos.line else pos.file
    if rule_index is None:
        text = f"default {policy.default_action.value}{' log' if policy.default_log else ''}"
        src = source_line(pos.file, pos.line) if pos.line else None
        return f"{where}: {src or text} (no rule matches)"
    src = source_line(pos.file, pos.line)
    if src is None:
        rule = policy.rules[rule_index]
        src = f"{rule.action.value} (rule {rule_index})"
    return f"{where}: {src}"
