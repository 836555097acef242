"""``aclc import``: translate Cisco IOS ACLs, iptables-save output or ClassBench sets to aclc.

Every subcommand writes aclc source (to ``-o FILE`` atomically, or to stdout)
only when the whole import succeeded and the generated source parses. With
``--check`` it also compares the imported ACLs with the source's own meaning
on sampled and boundary packets (exit 1 and the packet on a mismatch).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AclcError, CheckFailed, SourcePos
from ..importers.render import render


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise AclcError(f"cannot read: {error.strerror or error}", SourcePos(path, 0)) from None
    except UnicodeDecodeError as error:
        raise AclcError(f"not a text file: byte {error.start} is not UTF-8", SourcePos(path, 0)) from None


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


def _exact(acl, policy, prove, decide) -> None:
    """The BDD proof over every packet, when the BDD package is available."""
    from ..importers import exact
    from ..importers.check import policy_action

    if prove is None:
        return
    if not exact.available():
        click.echo(f"check: {acl.name}: the exact proof needs dd.cudd; only sampled packets were checked", err=True)
        return
    packet = prove(acl, policy)
    if packet is not None:
        raise CheckFailed(f"{acl.name}: the imported ACL decides {policy_action(policy, packet)} but the source "
                          f"decides {decide(acl, packet)} for {packet}")
    click.echo(f"check: {acl.name}: proved: every packet is decided alike (BDD)", err=True)


def _finish(result, output: str | None, check: bool, samples: int, seed: int, decide, in_ports=(),
            parse_check: bool = True, prove=None):
    """Render, prove it parses, optionally check it, then write; ``decide(acl, packet)`` is the source's meaning."""
    from ..importers.check import compare, sample_packets

    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for acl in result.acls:
        for skipped in acl.skipped:
            click.echo(f"{result.source_file}:{skipped.line}: warning: skipped: {skipped.reason}", err=True)
    text = render(result)
    label = output or "<stdout>"
    policies = _parse_generated(text, label) if parse_check or check else None
    if check:
        for acl in result.acls:
            family = acl.rules[0].match.family if acl.rules else 4
            packets = sample_packets(family, list(acl.rules), samples, seed, in_ports)
            report = compare(acl.name, packets, lambda p, a=acl: decide(a, p), policies[acl.name],
                             f"the {result.source_format} source")
            click.echo(f"check: {report}", err=True)
            _exact(acl, policies[acl.name], prove, decide)
    if output:
        write_atomically(output, text)
        click.echo(f"wrote {len(result.acls)} acl(s) to {output}", err=True)
    else:
        click.echo(text, nl=False)


_common = [
    click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically) instead of stdout."),
    click.option("--check", is_flag=True, help="Compare the imported ACL with the source on sampled and boundary packets."),
    click.option("--samples", type=click.IntRange(1, 10_000_000), default=3000, show_default=True,
                 help="Packets per ACL for --check."),
    click.option("--seed", type=int, default=0, show_default=True, help="Random seed for --check."),
]


def common(f):
    for option in reversed(_common):
        f = option(f)
    return f


@click.group("import")
def command():
    """Translate Cisco IOS ACLs, iptables-save output or ClassBench filter sets to aclc source."""


@command.command("cisco")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--acl", "acl_name", help="Import only this ACL (its IOS name or number).")
@click.option("--skip-unsupported", is_flag=True,
              help="Leave out lines OpenFlow cannot decide like IOS (each is marked in the output).")
@common
def cisco_command(file, acl_name, skip_unsupported, output, check, samples, seed):
    """Cisco IOS numbered, named and IPv6 access lists, with object groups."""
    from ..importers import cisco

    config, result = cisco.import_cisco(_read(file), file, acl_name, skip_unsupported)
    from ..importers import exact

    _finish(result, output, check, samples, seed,
            lambda acl, p: cisco.evaluate(config, acl.source_name, p),
            prove=lambda acl, policy: exact.exact_cisco(config, acl.source_name, policy))


@command.command("iptables")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--chain", default="FORWARD", show_default=True, help="The built-in chain that becomes the ACL.")
@click.option("--interfaces", "interfaces_file", type=click.Path(dir_okay=False),
              help="YAML 'interface: openflow-port' lines, for -i matches.")
@click.option("--family", type=click.Choice(["4", "6"]), help="IPv4 (iptables-save) or IPv6 (ip6tables-save); "
              "guessed from the file when absent.")
@click.option("--skip-unsupported", is_flag=True,
              help="Leave out rules OpenFlow cannot decide like iptables (each is listed in the output).")
@common
def iptables_command(file, chain, interfaces_file, family, skip_unsupported, output, check, samples, seed):
    """iptables-save or ip6tables-save output (the filter table)."""
    from ..importers import iptables

    interfaces = iptables.read_interface_map(interfaces_file) if interfaces_file else {}
    ruleset, result = iptables.import_iptables(_read(file), file, chain, interfaces, skip_unsupported,
                                               int(family) if family else None)
    from ..importers import exact

    _finish(result, output, check, samples, seed,
            lambda acl, p: iptables.evaluate(ruleset, chain, p), interfaces.values(),
            prove=lambda acl, policy: exact.exact_iptables(ruleset, chain, policy))


@command.command("classbench")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--actions", type=click.Choice(["alternate", "permit", "deny"]), default="alternate",
              show_default=True, help="ClassBench sets have no actions: alternate permits even lines (0-based).")
@common
def classbench_command(file, actions, output, check, samples, seed):
    """A ClassBench filter set (the flags column is ignored, and the output says so)."""
    from ..importers import classbench_import

    text = classbench_import.read_text(file)
    result = classbench_import.import_classbench(text, file, actions)
    raw = classbench_import.raw_rules(text, actions) if check else []
    # The generated text is parsed back only with --check: the spelling is mechanical (and covered
    # by the tests), and parsing 50k rules back takes far longer than importing them.
    _finish(result, output, check, samples, seed, lambda acl, p: classbench_import.evaluate(raw, p),
            parse_check=False)
