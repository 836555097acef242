"""``aclc check``: which ACL line (and, with --target, which flow) decides one packet.

    aclc check office.acl 'tcp 10.0.0.1:1234 -> 192.0.2.10:443 in_port 1' --target ovs
"""

from __future__ import annotations

import click

from ..errors import CheckFailed
from .common import COMPILE_OPTIONS, POLICY_OPTIONS, apply_options, compile_options, load_policy

# --target is optional here: without it only the ACL is asked.
_OPTIONS = list(COMPILE_OPTIONS)
_COMPILE_PARAMS = ("target", "strategy", "permit", "priority_base", "priority_max", "max_flows", "table_base")


@click.command("check")
@apply_options(POLICY_OPTIONS)
@click.argument("packet_text", metavar="PACKET")
@apply_options(_OPTIONS)
def command(rules, acl_name, definitions, packet_text, target, strategy, permit, priority_base, priority_max,
            max_flows, table_base):
    """Say which line of RULES.acl decides PACKET and, with --target, which flow decides it.

    Any compile option (--strategy, --permit, --priority-base, --table-base, ...) also
    asks for the flow, on the default target when --target is not given.

    PACKET is written like 'tcp 10.0.0.1:1234 -> 192.0.2.10:443 in_port 1',
    'udp [2001:db8::1]:53 -> [2001:db8::2]:53', 'icmp 10.0.0.1 -> 10.0.0.2 type 8 code 0'
    or 'arp 10.0.0.1 -> 10.0.0.2'.
    """
    from ..packet_parse import parse_packet

    packet = parse_packet(packet_text)
    policy = load_policy(rules, acl_name, definitions)
    # A compile option only means something for the flows: giving one asks for them (on the
    # default target if none is named), rather than being accepted and ignored.
    ctx = click.get_current_context()
    show_flow = any(ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT)
                    for name in _COMPILE_PARAMS)
    click.echo(check_text(policy, packet, compile_options(
        target, strategy, permit, priority_base, priority_max, max_flows, table_base) if show_flow else None))


def check_text(policy, packet, options=None) -> str:
    """The report: packet, deciding ACL line and decision, and the deciding flow if ``options``."""
    from ..evaluate import deciding_rule, evaluate_pipeline, evaluate_policy
    from ..lower import compile_policy
    from ..semantics.render import effect_text, flow_text, rule_location

    rule_index = deciding_rule(policy, packet)
    if rule_index is None:
        decision = f"{policy.default_action.value}{' log' if policy.default_log else ''}"
    else:
        rule = policy.rules[rule_index]
        decision = f"{rule.action.value}{' log' if rule.log else ''}"
    lines = [f"packet:   {packet}",
             f"ACL line: {rule_location(policy, rule_index)}",
             f"decision: {decision}" + ("" if rule_index is None else f" (rule {rule_index})")]
    if options is not None:
        pipeline = compile_policy(policy, options)
        _, expected = evaluate_policy(policy, packet, pipeline.continuation)
        flow, effect = evaluate_pipeline(pipeline, packet)
        where = flow_text(flow) if flow is not None else "no flow matches (table miss)"
        lines.append(f"flow:     {where} ({pipeline.target}, {pipeline.strategy})")
        lines.append(f"switch:   {effect_text(effect)}")
        if effect != expected:
            raise CheckFailed("the compiled flows decide this packet differently from the ACL",
                              detail="\n".join(lines + [f"expected: {effect_text(expected)}"]))
    return "\n".join(lines)
