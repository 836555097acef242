"""``aclc import``: translate Cisco IOS ACLs, iptables-save output or ClassBench sets to aclc.

Every subcommand writes aclc source (to ``-o FILE`` atomically, or to stdout)
only when the whole import succeeded and the generated source parses. With
``--check`` it also compares the imported ACLs with the source's own meaning
on sampled and boundary packets (exit 1 and the packet on a mismatch).
"""

from __future__ import annotations

import os

import click

from ..errors import AclcError, CheckFailed
from ..gcpause import gc_paused
from ..importers.format import ImportFormat, Option
from ..importers.render import render_with_rule_lines


def write_atomically(path: str, text: str) -> None:
    """All or nothing, the same way every aclc command writes its output."""
    from .common import write_text_atomically

    write_text_atomically(path, text)


def _parse_generated(text: str, label: str):
    """The generated source through the real front end: it must parse, or nothing is written."""
    from ..frontend import parse_policies_text

    try:
        return parse_policies_text(text, label)
    except AclcError as error:  # a translation bug, never the user's input
        raise CheckFailed(f"the generated aclc source does not parse: {error}") from None


def _read_back(text: str, result, rule_lines, label: str) -> None:
    """Without --check: the generated source must be valid and its rules say what the import means
    (plain rule lines read back and compared, the rest through the real front end)."""
    from ..importers.readback import verify_rendered

    verify_rendered(text, result, rule_lines, label)


MAX_WARNINGS = 20  # skipped lines warned one by one; the rest are counted (all are marked in the output)
MAX_EFFECTS_SHOWN = 20  # per ACL, in the --check report


def _refuse_overwriting_an_input(output: str | None, sources) -> None:
    """``-o`` naming the file being imported (a slip of the shell history) would replace the source."""
    if output in (None, "-"):
        return
    target = os.path.realpath(output)
    for source in sources:
        if source and os.path.realpath(source) == target:
            raise AclcError(f"-o {output} is an input ({source}); refusing to overwrite it")


def _warn_skipped(result) -> None:
    """One warning per skipped line (file:line, why, which way the import errs), capped, then a count."""
    source = result.source_file
    lines = [(s, acl) for acl in result.acls for s in acl.skipped]
    for n, (s, _) in enumerate(lines):
        if n >= MAX_WARNINGS:
            break
        what = "kept without a test it cannot translate" if s.kept else "skipped"
        click.echo(f"{source}:{s.line}: warning: {what}: {s.reason}; {s.effect()}", err=True)
    for n, s in enumerate(result.skipped):
        if n + len(lines) >= MAX_WARNINGS:
            break
        click.echo(f"{source}:{s.line}: warning: skipped: {s.reason} (nothing of it is imported)", err=True)
    total = len(lines) + len(result.skipped)
    if total > MAX_WARNINGS:
        click.echo(f"warning: {total - MAX_WARNINGS} more skipped lines not shown (each is marked with a "
                   "'# skipped line' comment in the output)", err=True)
    if lines:
        ways = {}
        for s, _ in lines:
            ways[s.errs] = ways.get(s.errs, 0) + 1
        split = ", ".join(f"{count} may make the import {way}" for way, count in sorted(ways.items()))
        click.echo(f"warning: {len(lines)} line{'s' if len(lines) != 1 else ''} not imported exactly: {split}, "
                   "among the packets named above", err=True)
    never = [n for acl in result.acls for n in acl.never]
    for line, _, reason in never[:MAX_WARNINGS]:
        click.echo(f"{source}:{line}: warning: never matches, so it has no rule: {reason}", err=True)
    if len(never) > MAX_WARNINGS:
        click.echo(f"warning: {len(never) - MAX_WARNINGS} more lines that never match not shown (each is named "
                   "in a comment at the top of its ACL in the output)", err=True)


def _effect_lines(acl, proof, source: str) -> tuple[list[str], int, int, int]:
    """Report lines for each skipped line's effect, and how many make the import permit more,
    deny more, or could not be worked out."""
    by_line = {s.line: s for s in acl.skipped}
    out, more_permit, more_deny, unknown = [], 0, 0, 0
    for effect in proof.effects:
        s = by_line[effect.line]
        where = f"{source}:{s.line}"
        if not effect.analysed:
            unknown += 1
            text = f"{where}: not worked out; it may make the import {s.errs}"
        elif effect.changes_nothing:
            text = (f"{where}: changes no decision (the rest of the source decides every packet it could "
                    f"the same way)")
        else:
            parts = []
            if effect.permits_more is not None:
                more_permit += 1
                parts.append(f"the import permits more (e.g. {effect.permits_more}, which the source denies "
                             "when the line's untested condition " + ("fails" if s.kept else "holds") + ")")
            if effect.denies_more is not None:
                more_deny += 1
                parts.append(f"the import denies more (e.g. {effect.denies_more}, which the source permits "
                             "when the line's untested condition " + ("fails" if s.kept else "holds") + ")")
            text = f"{where}: " + "; ".join(parts) + (f", among packets of: {s.scope}" if s.scope else "")
        out.append(text)
    return out, more_permit, more_deny, unknown


def _exact(acl, policy, prove, source: str) -> str | None:
    """The BDD proof; returns why the import is not equivalent to the source (None when it is)."""
    from ..importers import exact

    skipped = len(acl.skipped)
    if prove is None:
        return None
    if not exact.available():
        click.echo(f"check: {acl.name}: the exact proof needs dd.cudd; only sampled packets were checked", err=True)
        if skipped:
            return f"{acl.name}: {skipped} skipped line(s) whose effect was not worked out (needs dd.cudd)"
        return None
    proof = prove(acl, policy)
    if proof.mismatch is not None:
        from ..importers.check import policy_action

        assumed = " (the skipped lines' untested conditions taken as the import takes them)" if skipped else ""
        raise CheckFailed(f"{acl.name}: the imported ACL decides {policy_action(policy, proof.mismatch)} for "
                          f"{proof.mismatch}, but the source decides otherwise{assumed}")
    if not skipped:
        click.echo(f"check: {acl.name}: proved: every packet is decided alike (BDD)", err=True)
        return None
    lines, more_permit, more_deny, unknown = _effect_lines(acl, proof, source)
    plural = "s" if skipped != 1 else ""
    click.echo(f"check: {acl.name}: equal to the source (BDD) except for its {skipped} skipped line{plural}, "
               "each taken one at a time:", err=True)
    for text in lines[:MAX_EFFECTS_SHOWN]:
        click.echo(f"check: {acl.name}:   {text}", err=True)
    if len(lines) > MAX_EFFECTS_SHOWN:
        click.echo(f"check: {acl.name}:   ... and {len(lines) - MAX_EFFECTS_SHOWN} more skipped lines", err=True)
    exact_claim = all(e.changes_nothing for e in proof.effects) and all(s.action for s in acl.skipped)
    if exact_claim:
        click.echo(f"check: {acl.name}: the {skipped} skipped line{plural} change no decision: the import decides "
                   "every packet like the source, whatever their untested conditions (BDD)", err=True)
        return None
    parts = [f"{n} make{'s' if n == 1 else ''} it {way}" for n, way in
             ((more_permit, "permit more"), (more_deny, "deny more")) if n]
    if unknown:
        ways = sorted({by.errs for by in acl.skipped if any(e.line == by.line and not e.analysed
                                                             for e in proof.effects)})
        parts.append(f"{unknown} not worked out (they may make it {' or '.join(ways)})")
    return f"{acl.name}: equal except for {skipped} skipped line{plural}: " + ", ".join(parts or ["see above"])


def _finish(result, output: str | None, check: bool, samples: int, seed: int, decide, in_ports=(),
            parse_check: bool = True, prove=None):
    """Render, prove it parses, optionally check it, then write; ``decide(acl, packet, assume)`` is the
    source's meaning, the untested conditions of the lines in ``assume`` taken to hold."""
    from ..importers.check import compare, sample_packets

    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    _warn_skipped(result)
    text, rule_lines = render_with_rule_lines(result)
    if output == "-":  # stdout, as for every aclc command
        output = None
    label = output or "<stdout>"
    if check:
        policies = _parse_generated(text, label)
    else:
        policies = None
        if parse_check:
            _read_back(text, result, rule_lines, label)
    not_equal = []
    if check:
        for acl in result.acls:
            family = acl.rules[0].match.family if acl.rules else 4
            packets = sample_packets(family, list(acl.rules), samples, seed, in_ports)
            assumed = frozenset(s.line for s in acl.skipped if s.kept)
            label_source = f"the {result.source_format} source"
            if acl.skipped:
                label_source += f" (its {len(acl.skipped)} skipped line(s) taken as the import takes them)"
            report = compare(acl.name, packets, lambda p, a=acl: decide(a, p, assumed), policies[acl.name],
                             label_source)
            click.echo(f"check: {report}" + (f" (with the {len(acl.skipped)} skipped line(s) taken as the import "
                                             "takes them)" if acl.skipped else ""), err=True)
            why = _exact(acl, policies[acl.name], prove, result.source_file)
            if why is None and prove is None and acl.skipped:
                why = f"{acl.name}: {len(acl.skipped)} skipped line(s) whose effect was not worked out"
            if why:
                not_equal.append(why)
    if output:
        write_atomically(output, text)
        click.echo(f"wrote {len(result.acls)} acl(s) to {output}", err=True)
    else:
        click.echo(text, nl=False)
    if not_equal:
        raise CheckFailed("the import is not equivalent to the source: " + "; ".join(not_equal)
                          + " (the output was written: the skipped lines are marked in it)")


_common = [
    click.option("-o", "--output", type=click.Path(dir_okay=False),
                 help="Write here (atomically) instead of stdout ('-': stdout)."),
    click.option("--check", is_flag=True, help="Compare the imported ACL with the source on sampled and boundary packets."),
    click.option("--samples", type=click.IntRange(1, 10_000_000), default=3000, show_default=True,
                 help="Packets per ACL for --check."),
    click.option("--seed", type=int, default=0, show_default=True, help="Random seed for --check."),
]


def common(f):
    for option in reversed(_common):
        f = option(f)
    return f


def _click_option(option: Option):
    kwargs = {"help": option.help, "show_default": option.show_default}
    if option.flag:
        kwargs["is_flag"] = True
    else:
        kwargs["default"] = option.default
        if option.choices is not None:
            kwargs["type"] = click.Choice(list(option.choices))
        elif option.path:
            kwargs["type"] = click.Path(dir_okay=False)
    return click.option(*option.decls, **kwargs)


def format_command(fmt: ImportFormat) -> click.Command:
    """The ``aclc import NAME`` subcommand of one registered format."""
    path_options = [click.Option(o.decls).name for o in fmt.options if o.path]

    def run(file, output, check, samples, seed, **options):
        _refuse_overwriting_an_input(output, [file] + [options[name] for name in path_options])
        with gc_paused():  # hundreds of thousands of small objects and no cycles, read to written
            source, result = fmt.translate(fmt.read(file), file, options)
            _finish(result, output, check, samples, seed,
                    fmt.evaluate(source, options) if check else None,
                    fmt.in_ports(source, options) if check else (),
                    parse_check=fmt.parse_check,
                    prove=fmt.prove(source, options) if fmt.prove is not None else None)

    run.__doc__ = fmt.help
    run = common(run)
    for option in reversed(fmt.options):
        run = _click_option(option)(run)
    run = click.argument("file", type=click.Path(dir_okay=False))(run)
    return click.command(fmt.name)(run)


class FormatGroup(click.Group):
    """One subcommand per registered format, read from the registry when the group runs."""

    def list_commands(self, ctx):
        from ..importers import registry

        return sorted(registry.FORMATS)

    def get_command(self, ctx, name):
        from ..importers import registry

        fmt = registry.FORMATS.get(name)
        return format_command(fmt) if fmt is not None else None


@click.group("import", cls=FormatGroup)
def command():
    """Translate firewall rules of another format to aclc source: one subcommand per format."""
