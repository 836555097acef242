"""``aclc diff OLD.acl NEW.acl``: the packets whose decision changes.

Exit status: 0 equivalent, 1 different, 2 bad input.
"""

from __future__ import annotations

import click

from ..errors import CheckFailed
from .common import LIMIT_OPTIONS, apply_options, load_policy


@click.command("diff")
@click.argument("old", metavar="OLD.acl", type=click.Path(dir_okay=False))
@click.argument("new", metavar="NEW.acl", type=click.Path(dir_okay=False))
@click.option("--acl", "acl_name", metavar="NAME", help="Which ACL of each file (when they define several).")
@click.option("--new-acl", "new_acl", metavar="NAME", help="A different ACL name in NEW.acl.")
@click.option("-d", "--definitions", multiple=True, metavar="FILE", type=click.Path(dir_okay=False),
              help="YAML definitions for both files (repeatable).")
@apply_options(LIMIT_OPTIONS)
@click.option("--max-regions", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show at most this many boxes of changed packets.")
def command(old, new, acl_name, new_acl, definitions, max_regions):
    """Show the packets that OLD.acl and NEW.acl decide differently, as boxes
    (protocol, prefixes, port ranges) with an example packet and the deciding
    line in each version."""
    from ..semantics.diff import diff_policies

    before = load_policy(old, acl_name, definitions)
    after = load_policy(new, new_acl or acl_name, definitions)
    result = diff_policies(before, after, max_regions)
    if result.equivalent:
        click.echo(f"{old} and {new} decide every packet the same way")
        return
    click.echo(render(before, after, result))
    raise CheckFailed(f"{old} and {new} decide some packets differently")


def render(before, after, result) -> str:
    from ..semantics.render import effect_text, rule_location

    lines = []
    for k, region in enumerate(result.regions, 1):
        box = " ".join(f"{name} {text}" if name != "protocol" else text for name, text in region.box)
        lines.append(f"{k}. {box}: {effect_text(region.old_decision)} -> {effect_text(region.new_decision)}")
        lines.append(f"   example: {region.example}")
        lines.append(f"   old: {rule_location(before, region.old_rule)}")
        lines.append(f"   new: {rule_location(after, region.new_rule)}")
    if not result.complete:
        lines.append(f"... more changed packets beyond these {len(result.regions)} regions (see --max-regions)")
    return "\n".join(lines)
