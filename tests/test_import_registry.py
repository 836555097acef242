"""``aclc import`` is generated from the importer registry: one subcommand per registered format."""

from __future__ import annotations

import click
import pytest

from aclc.cli import main
from aclc.commands import import_
from aclc.importers import registry
from aclc.importers.format import ImportFormat, Option
from aclc.importers.model import ImportedAcl, ImportedRule, ImportResult, Match
from aclc.packet import Packet
from aclc.policy import ETH_IPV4


def _subcommands(capsys) -> list[str]:
    assert main(["import", "--help"]) == 0
    text = capsys.readouterr().out
    rows = text.split("Commands:\n", 1)[1].splitlines()
    return sorted(row.split()[0] for row in rows if row.strip())


def test_the_subcommands_are_the_registry_formats(capsys):
    assert sorted(registry.FORMATS) == ["cisco", "classbench", "iptables"]
    assert _subcommands(capsys) == sorted(registry.FORMATS)
    ctx = click.Context(import_.command)
    for name, fmt in registry.FORMATS.items():
        sub = import_.command.get_command(ctx, name)
        assert sub.name == name and sub.help == fmt.help
        names = {p.name for p in sub.params}
        assert {"file", "output", "check", "samples", "seed"} <= names
        assert {click.Option(o.decls).name for o in fmt.options} <= names


# A tiny format: each line is "permit PROTO" or "deny PROTO" (an IP protocol number).

def _translate(text, filename, options):
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        action, proto = line.split()
        lines.append((action, int(proto), number, line))
    default = options["default"]
    rules = tuple(ImportedRule(action, Match(4, proto), False, number, line) for action, proto, number, line in lines)
    acl = ImportedAcl("tiny", rules, default, "", "permit", "", (), (), "tiny")
    return lines, ImportResult((acl,), {}, (), filename, "tiny")


def _evaluate(lines, options):
    def decide(acl, p: Packet, assume):
        if p.eth_type != ETH_IPV4:
            return "permit"
        return next((action for action, proto, _, _ in lines if p.ip_proto == proto), options["default"])

    return decide


TINY = ImportFormat(name="tiny", help="Lines of 'permit|deny PROTO'.", translate=_translate, evaluate=_evaluate,
                    options=(Option(("--default",), "Decision for unmatched packets.", default="deny",
                                    choices=("permit", "deny"), show_default=True),))


def test_a_registered_format_becomes_a_subcommand_and_imports(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(registry, "FORMATS", {**registry.FORMATS, "tiny": TINY})
    assert _subcommands(capsys) == ["cisco", "classbench", "iptables", "tiny"]
    assert main(["import", "tiny", "--help"]) == 0
    assert "--default [permit|deny]" in capsys.readouterr().out
    source = tmp_path / "rules.tiny"
    source.write_text("permit 6\ndeny 17\n")
    out = tmp_path / "rules.acl"
    assert main(["import", "tiny", str(source), "--default", "permit", "--check", "--samples", "200",
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "check: tiny" in err and f"wrote 1 acl(s) to {out}" in err
    from aclc.frontend import parse_policies_text

    policy = parse_policies_text(out.read_text(), str(out))["tiny"]
    assert [r.action.value for r in policy.rules] == ["permit", "deny"]
    assert [r.ip_proto for r in policy.rules] == [6, 17]
    assert policy.default_action.value == "permit"
    # -o naming the input is refused like for the built-in formats
    assert main(["import", "tiny", str(source), "-o", str(source)]) == 2
    assert "refusing to overwrite it" in capsys.readouterr().err


def test_a_wrong_meaning_fails_the_check(tmp_path, capsys, monkeypatch):
    """The generated subcommand runs the format's evaluate: a translation that differs from it fails."""
    wrong = ImportFormat(name="tiny", help=TINY.help, translate=_translate, options=TINY.options,
                         evaluate=lambda lines, options: (lambda acl, p, assume: "deny"))
    monkeypatch.setattr(registry, "FORMATS", {"tiny": wrong})
    source = tmp_path / "rules.tiny"
    source.write_text("permit 6\n")
    assert main(["import", "tiny", str(source), "--check", "--samples", "200"]) == 1
    assert _subcommands(capsys) == ["tiny"]


def test_unknown_format_is_refused(capsys):
    assert main(["import", "nosuch", "x"]) == 2
    assert "No such command 'nosuch'" in capsys.readouterr().err
