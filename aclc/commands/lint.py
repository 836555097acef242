"""``aclc lint``: rules that never match, redundant rules and conflicting overlaps.

Exit status 1 when an error (a rule that never matches) is found, 0 otherwise.
"""

from __future__ import annotations

import json

import click

from ..errors import CheckFailed
from .common import POLICY_OPTIONS, apply_options, load_policy


@click.command("lint")
@apply_options(POLICY_OPTIONS)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text (one finding per line, file:line first) or json (a list of findings).")
def command(rules, acl_name, definitions, fmt):
    """Find rules in RULES.acl that never match (error), that change nothing
    (warning), and overlapping rules that decide differently (warning)."""
    from ..semantics.lint import lint_policy

    policy = load_policy(rules, acl_name, definitions)
    findings = lint_policy(policy)
    click.echo(render(policy, findings, fmt))
    errors = len({policy.origin_of(f.rule) for f in findings if f.severity == "error"})
    if errors:
        raise CheckFailed(f"{errors} line{'s' if errors != 1 else ''} never match{'es' if errors == 1 else ''}")


def render(policy, findings, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([f.as_dict(policy) for f in findings], indent=2)
    if not findings:
        return f"{policy.name}: no findings"
    lines = []
    for f in findings:
        pos = policy.origin_of(f.rule)
        lines.append(f"{pos}: {f.severity}: [{f.kind}] {f.message}")
        if f.example is not None:
            lines.append(f"    example: {f.example}")
    return "\n".join(lines)
