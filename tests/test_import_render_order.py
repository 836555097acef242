"""render_acl writes skipped and never-matching lines where they were in the source, in one pass."""

from __future__ import annotations

import random

from aclc.importers.model import AddrSet, ImportedAcl, ImportedRule, Match, Skipped
from aclc.importers.render import comment, never_text, render_acl, rule_text, skipped_text


def rule(line, action="permit"):
    return ImportedRule(action, Match(4, 6, AddrSet(()), AddrSet(())), line=line, source=f"rule {line}")


def skip(line):
    return Skipped(line, f"skipped {line}", "fragment")


def reference_body(acl, indent="    "):
    """The rule and skipped-line comments in the order the source had them (the simple definition)."""
    skipped = {s.line: skipped_text(s) for s in acl.skipped}
    skipped.update((n[0], never_text(*n)) for n in acl.never)
    out, last_line = [], None
    for r in acl.rules:
        for line in sorted(n for n in skipped if n < r.line):
            out.append(indent + comment(skipped.pop(line)))
        if r.line != last_line:
            out.append(indent + comment(f"line {r.line}: {r.source.strip()}"))
            last_line = r.line
        out.append(indent + rule_text(r))
    out.extend(indent + comment(skipped[line]) for line in sorted(skipped))
    return out


def body(acl):
    lines = render_acl(acl)
    return lines[lines.index("    non-ip permit") + 1:-1]


def test_skipped_lines_between_rules_in_source_order():
    acl = ImportedAcl("T", (rule(2), rule(5), rule(9)), skipped=(skip(7), skip(1), skip(12), skip(3)),
                      never=((4, "never 4", "empty"),))
    got = [line.strip() for line in body(acl) if line.strip().startswith("#")]
    assert [text.split(":")[0] for text in got] == [
        "# skipped line 1", "# line 2", "# skipped line 3", "# line 4 never matches and has no rule",
        "# line 5", "# skipped line 7", "# line 9", "# skipped line 12"]


def test_never_line_replaces_a_skipped_line_of_the_same_number():
    acl = ImportedAcl("T", (rule(5),), skipped=(skip(3),), never=((3, "never 3", "empty"),))
    assert body(acl) == reference_body(acl)
    assert sum("line 3" in line for line in body(acl)) == 1


def test_many_skipped_lines_match_the_simple_definition():
    rng = random.Random(7)
    lines = rng.sample(range(1, 4000), 3000)
    rule_lines = sorted(lines[:1000])
    rule_lines[10:20] = reversed(rule_lines[10:20])  # rule lines need not rise (order kept from the source)
    acl = ImportedAcl("T", tuple(rule(n) for n in rule_lines) + (rule(rule_lines[-1]),),
                      skipped=tuple(skip(n) for n in lines[1000:2500]),
                      never=tuple((n, f"never {n}", "empty") for n in lines[2500:]))
    assert body(acl) == reference_body(acl)


def test_skipped_in_header_leaves_the_body_without_them():
    acl = ImportedAcl("T", (rule(2),), skipped=(skip(1), skip(3)), skipped_in_header=True)
    lines = render_acl(acl)
    assert lines[0].startswith("# skipped line 1") and lines[1].startswith("# skipped line 3")
    assert body(acl) == ["    # line 2: rule 2", "    " + rule_text(rule(2))]
