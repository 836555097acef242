"""``table``: the compiled flows as a text table for people.

One row per flow: table, priority, match, actions (in ovs-ofctl spelling),
and where the flow comes from: the ``file:line`` of its ACL rule (found through
the cookie) and the rule's name, remark or a short summary of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from ..pipeline import FlowEntry, Pipeline
from ..policy import Action, Policy, Rule
from ..names import protocol_name
from . import batched, header_facts
from .ofctl import Speller

HEADINGS = ("TABLE", "PRIO", "MATCH", "ACTIONS", "SOURCE", "RULE")
ROLE_NOTES = {
    "classify": "(port classification)",
    "dispatch": "(jump into the ACL)",
}


def emit(pipeline: Pipeline, **options) -> str:
    return "".join(chunks(pipeline, **options))


def chunks(pipeline: Pipeline, **options) -> Iterator[str]:
    """The table in pieces of whole lines. The column widths come from every row, so the rows
    are made twice (once to measure, once to write) rather than all held at once."""
    widths = [len(h) for h in HEADINGS[:-1]]
    for r in rows(pipeline):
        widths = [max(w, len(cell)) for w, cell in zip(widths, r)]
    yield "# " + ", ".join(f"{key} {value}" for key, value in header_facts(pipeline)) + "\n"
    yield from batched(_line(r, widths) for r in chain([HEADINGS], rows(pipeline)))


def rows(pipeline: Pipeline) -> Iterator[tuple[str, ...]]:
    speller = Speller()
    sources: dict = {}  # (role, rule index) -> provenance: a rule's flows share it
    policy = pipeline.policy
    for flow in pipeline.flows():
        key = (flow.role, flow.rule_index)
        source = sources.get(key)
        if source is None:
            source = sources[key] = provenance(policy, flow)
        match, actions = speller.match_and_actions(flow)
        yield (str(flow.table_id), str(flow.priority), match[1:] or "*", actions) + source


def _line(r: tuple[str, ...], widths: list[int]) -> str:
    cells = [cell.ljust(width) for cell, width in zip(r, widths)] + [r[-1]]
    return "  ".join(cells).rstrip() + "\n"


def row(policy: Policy | None, flow: FlowEntry, speller: Speller | None = None) -> tuple[str, ...]:
    source, label = provenance(policy, flow)
    match, actions = (speller or Speller()).match_and_actions(flow)
    return (str(flow.table_id), str(flow.priority), match[1:] or "*", actions, source, label)


def provenance(policy: Policy | None, flow: FlowEntry) -> tuple[str, str]:
    index = flow.rule_index
    if flow.role in ROLE_NOTES and index is None:
        return "-", ROLE_NOTES[flow.role]
    if policy is None:
        return "-", "-" if index is None else f"rule {index + 1}"
    if index is None:
        origin = policy.default_origin
        log = " log" if policy.default_log else ""
        return _where(origin), f"default {policy.default_action.value}{log}"
    if index >= len(policy.rules):
        return "-", f"unknown rule {index + 1}"
    rule = policy.rules[index]
    return _where(rule.origin), rule_label(rule)


def _where(origin) -> str:
    return f"{origin.file}:{origin.line}" if origin.line else origin.file


def rule_label(rule: Rule) -> str:
    if rule.name:
        return rule.name
    text = rule_summary(rule)
    return f"{text}  # {rule.remark}" if rule.remark else text


def rule_summary(rule: Rule) -> str:
    """The rule as one short line: action, protocol, addresses, ports."""
    words = [rule.action.value]
    family = {0x0800: "ipv4", 0x86DD: "ipv6", 0x0806: "arp"}.get(rule.eth_type)
    if rule.ip_proto is not None:
        words.append(protocol_name(rule.ip_proto, rule.eth_type))
    elif family:
        words.append(family)
    elif rule.eth_type is not None:
        words.append(f"ethertype 0x{rule.eth_type:04x}")
    else:
        words.append("any")
    words.append(_prefixes(rule.src))
    if rule.src_ports:
        words.append("port " + _ports(rule.src_ports))
    words.append("->")
    words.append(_prefixes(rule.dst))
    if rule.dst_ports:
        words.append("port " + _ports(rule.dst_ports))
    if rule.icmp_type is not None:
        words.append(f"type {rule.icmp_type}")
        if rule.icmp_code is not None:
            words.append(f"code {rule.icmp_code}")
    if rule.in_ports:
        words.append("in_port " + ",".join(str(p) for p in rule.in_ports))
    if rule.log:
        words.append("log")
    return " ".join(words)


def _prefixes(prefixes) -> str:
    if prefixes is None:
        return "any"
    text = ",".join(str(p) for p in prefixes[:3])
    return text + (f",+{len(prefixes) - 3}" if len(prefixes) > 3 else "")


def _ports(ranges) -> str:
    text = ",".join(str(r) for r in ranges[:4])
    return text + (f",+{len(ranges) - 4}" if len(ranges) > 4 else "")
