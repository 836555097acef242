"""Switch counters per ACL line, from the cookies of the live firewall (``aclc stats``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import EnvironmentFailure, SourcePos
from ..pipeline import Pipeline, cookie_rule
from ..policy import Policy
from . import layout
from .codec import CodecError, FlowStat, counts_key, flow_counts, flow_key
from .plan import read_state


@dataclass(frozen=True)
class LineCounters:
    origin: SourcePos
    text: str
    rules: tuple[int | None, ...]  # rule indexes (None: the default)
    flows: int
    packets: int
    bytes: int
    # Every line this row counts for, ``origin`` first: more than one when a flow stands for
    # several lines (FlowEntry.also), whose packets the switch counts once, on that flow.
    origins: tuple[SourcePos, ...] = ()


@dataclass(frozen=True)
class Counters:
    generation: int
    bank: int
    lines: tuple[LineCounters, ...]
    warning: str | None


def counters_by_line(policy: Policy, stats: list[FlowStat], compiled_for_base) -> Counters:
    state = read_state(stats)
    if state.live_bank is None:
        raise EnvironmentFailure("the switch runs no aclc firewall (no dispatch flow in table 0)")
    compiled: Pipeline = compiled_for_base(layout.bank_start(state.live_bank))
    roles = {flow_key(f): f.role for f in compiled.flows()}
    live = [s for s in stats if layout.bank_of(s.flow.table_id) == state.live_bank]
    totals: dict[int | None, list[int]] = {}
    unknown = 0
    for s in live:
        role = roles.get(flow_key(s.flow))
        if role is None:
            unknown += 1
        rule = cookie_rule(s.flow.cookie)
        if rule is None and role != "default":
            continue  # classification and dispatch flows count packets that a decision counts again
        if rule is not None and rule >= len(policy.rules):
            unknown += 1
            continue
        entry = totals.setdefault(rule, [0, 0, 0])
        entry[0] += 1
        entry[1] += s.packet_count
        entry[2] += s.byte_count
    return _counters(policy, state, totals, unknown, len(live), len(roles), _shared_lines(policy, compiled))


def counters_from_replies(policy: Policy, bodies: list[bytes], compiled_for_base) -> Counters:
    """:func:`counters_by_line` from the raw OFPMP_FLOW reply bodies (``Channel.flow_stats(consume=
    bodies.append)``), the same verdict without decoding every flow: table 0 is decoded to find
    the live bank, and each entry of that bank is paired with its compiled flow by its bytes
    (:func:`codec.flow_counts`); only entries that do not pair are decoded."""
    table0 = [s for body in bodies for s in flow_counts(body, {}, (layout.ENTRY_TABLE,))[1]]
    state = read_state(table0)
    if state.live_bank is None:
        raise EnvironmentFailure("the switch runs no aclc firewall (no dispatch flow in table 0)")
    compiled: Pipeline = compiled_for_base(layout.bank_start(state.live_bank))
    keys, distinct = _keys(compiled)
    bank = frozenset(layout.bank_tables(state.live_bank))
    totals: dict[int | None, list[int]] = {}
    unknown = live = 0
    roles = None
    rules = len(policy.rules)
    for body in bodies:
        paired, others = flow_counts(body, keys, bank)
        live += len(paired) + len(others)
        if others:
            if roles is None:
                roles = {flow_key(f): f for f in compiled.flows()}
            paired += [(roles.get(flow_key(s.flow)), s.flow.cookie, s.packet_count, s.byte_count)
                       for s in others]
        for compiled_flow, cookie, packets, octets in paired:
            role = None if compiled_flow is None else compiled_flow.role
            if role is None:
                unknown += 1
            rule = cookie_rule(cookie)
            if rule is None and role != "default":
                continue  # classification and dispatch flows count packets that a decision counts again
            if rule is not None and rule >= rules:
                unknown += 1
                continue
            entry = totals.get(rule)
            if entry is None:
                entry = totals[rule] = [0, 0, 0]
            entry[0] += 1
            entry[1] += packets
            entry[2] += octets
    return _counters(policy, state, totals, unknown, live, distinct, _shared_lines(policy, compiled))


_keys_cache: dict[int, tuple[Pipeline, dict, int]] = {}


def _keys(compiled: Pipeline) -> tuple[dict, int]:
    """counts_key -> each compiled flow, and the number of distinct flows (OpenFlow's
    strict match); kept per pipeline, which a poll every 30 s asks for again."""
    cached = _keys_cache.get(id(compiled))
    if cached is not None and cached[0] is compiled:
        return cached[1], cached[2]
    keys = {}
    for f in compiled.flows():
        try:
            keys[counts_key(f)] = f
        except CodecError:  # not encodable (extensions): its entries are decoded instead
            pass
    distinct = len({flow_key(f) for f in compiled.flows()})
    if len(_keys_cache) >= 8:
        _keys_cache.clear()
    _keys_cache[id(compiled)] = (compiled, keys, distinct)
    return keys, distinct


def _counters(policy: Policy, state, totals: dict, unknown: int, installed: int, compiled: int,
              together: dict) -> Counters:
    lines: dict[SourcePos, list] = {}
    for index in [*range(len(policy.rules)), None]:
        origin = together.get(policy.origin_of(index), policy.origin_of(index))
        flows, packets, octets = totals.get(index, (0, 0, 0))
        row = lines.setdefault(origin, [[], 0, 0, 0, []])
        row[0].append(index)
        row[1] += flows
        row[2] += packets
        row[3] += octets
        if policy.origin_of(index) not in row[4]:
            row[4].append(policy.origin_of(index))
    rows = tuple(
        LineCounters(origin, " | ".join(_line_text(policy, o, next(i for i in idx if policy.origin_of(i) == o))
                                        for o in here),
                     tuple(idx), f, p, b, tuple(here))
        for origin, (idx, f, p, b, here) in lines.items())
    warning = None
    if unknown or installed != compiled:
        warning = (f"the switch runs generation {state.live_generation}, which differs from this ACL as "
                   f"compiled now ({installed} flows installed, {compiled} compiled, {unknown} unknown): "
                   "counters may belong to other lines; push it again to be sure")
    return Counters(state.live_generation, state.live_bank, rows, warning)


def _shared_lines(policy: Policy, compiled: Pipeline) -> dict[SourcePos, SourcePos]:
    """Lines whose rules share a flow (FlowEntry.also), each mapped to the first line of its
    group (lines not in a group are left out): the switch counts such packets once, so the
    lines get one row."""
    parent: dict[SourcePos, SourcePos] = {}

    def find(x: SourcePos) -> SourcePos:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    order = {policy.origin_of(i): i for i in range(len(policy.rules) - 1, -1, -1)}
    for flow in compiled.flows():
        if not flow.also or flow.rule_index is None:
            continue
        for other in flow.also:
            a, b = find(policy.origin_of(flow.rule_index)), find(policy.origin_of(other))
            if a != b:
                first, second = (a, b) if order[a] <= order[b] else (b, a)
                parent[second] = first
                parent.setdefault(first, first)
    return {x: find(x) for x in parent}


_source_cache: dict[str, list[str] | None] = {}


def _line_text(policy: Policy, origin: SourcePos, rule_index: int | None) -> str:
    """The source line itself when the file is readable, else a short description."""
    if origin.file not in _source_cache:
        try:
            _source_cache[origin.file] = Path(origin.file).read_text().splitlines()
        except (OSError, UnicodeDecodeError):
            _source_cache[origin.file] = None
    lines = _source_cache[origin.file]
    if lines and 0 < origin.line <= len(lines):
        return lines[origin.line - 1].strip()
    if rule_index is None:
        return f"default {policy.default_action.value}"
    rule = policy.rules[rule_index]
    return rule.name or rule.remark or f"{rule.action.value} (rule {rule_index + 1})"


def render(counters: Counters, acl_name: str) -> str:
    out = [f"ACL {acl_name} (generation {counters.generation}, bank {counters.bank})"]
    width = max((len(_where(r)) for r in counters.lines), default=4)
    out.append(f"  {'line':<{width}}  {'packets':>12}  {'bytes':>14}  rule")
    for r in counters.lines:
        out.append(f"  {_where(r):<{width}}  {r.packets:>12}  {r.bytes:>14}  {r.text}")
    if counters.warning:
        out.append(f"warning: {counters.warning}")
    return "\n".join(out)


def _where(row: LineCounters) -> str:
    """``file:line:col``, then ``+line`` for each further line the row counts for (``+file:line``
    when it is in another file)."""
    text = str(row.origin)
    for o in row.origins[1:]:
        text += f"+{o.line}" if o.file == row.origin.file else f"+{o.file}:{o.line}"
    return text
