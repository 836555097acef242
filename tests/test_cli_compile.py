"""``aclc compile`` end to end on the bundled examples: every format, atomic output, errors."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from aclc.cli import main
from aclc.emit import emit
from aclc.flowparse import parse_ofctl
from aclc.frontend import load_policy
from aclc.lower import CompileOptions, compile_policy
from aclc.pipeline import GotoTable

from test_emit_samples import assert_golden

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "cli-compile.md"

EXAMPLES = {
    "office": ["examples/office.acl"],
    "dmz": ["examples/dmz.acl"],
    "everything": ["examples/everything.acl"],
    "datacenter": ["examples/datacenter.acl", "-d", "examples/datacenter-defs.yaml"],
}
# (format, target, extra options, golden extension)
CASES = [
    ("ofctl", "ovs", [], "ovs.ofctl"),
    ("ofctl", "lagopus", [], "lagopus.ofctl"),
    ("lagopus-dsl", "lagopus", [], "lagopus.dsl"),
    ("ryu-json", "lagopus", [], "lagopus.ryu.json"),
    ("ryu-rest", "lagopus", [], "lagopus.rest.json"),
    ("table", "lagopus", [], "lagopus.table"),
    ("ofctl", "lagopus", ["--strategy", "multi"], "lagopus-multi.ofctl"),
    ("lagopus-dsl", "lagopus", ["--strategy", "multi"], "lagopus-multi.dsl"),
]


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    # Source positions in outputs are the paths given on the command line.
    monkeypatch.chdir(REPO)


def run(capsys, *args):
    status = main(["compile", *args])
    out, err = capsys.readouterr()
    return status, out, err


# The JSON formats of the largest example are left out to keep the golden files small.
GOLDEN_CASES = [(example, *case) for example in sorted(EXAMPLES) for case in CASES
                if not (example == "everything" and case[0] in ("ryu-json", "ryu-rest"))]


@pytest.mark.parametrize("example, fmt, target, extra, ext", GOLDEN_CASES,
                         ids=[f"{c[0]}.{c[4]}" for c in GOLDEN_CASES])
def test_examples_golden(capsys, example, fmt, target, extra, ext):
    status, out, err = run(capsys, *EXAMPLES[example], "-t", target, "-f", fmt, *extra)
    assert status == 0, err
    assert out
    assert_golden(f"examples/{example}.{ext}", out)


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_stdout_is_the_emitter_output_of_the_compiled_policy(capsys, example):
    args = EXAMPLES[example]
    defs = [Path(a) for a in args[2:3]]
    pipeline = compile_policy(load_policy(args[0], definitions=defs), CompileOptions(target="ovs"))
    status, out, _ = run(capsys, *args, "-t", "ovs", "-f", "ofctl")
    assert status == 0
    assert out == emit(pipeline, "ofctl")
    assert parse_ofctl(out, "out.ofctl") == [replace(f, role=r.role) for f, r in
                                             zip(pipeline.flows(), parse_ofctl(out))]


def test_output_file_written_atomically(capsys, tmp_path):
    target = tmp_path / "office.ofctl"
    status, out, err = run(capsys, "examples/office.acl", "-f", "ofctl", "-o", str(target))
    assert status == 0 and out == ""
    assert "wrote" in err
    assert target.read_text().startswith("# aclc flow file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.ofctl"]


def test_bad_input_leaves_existing_output_untouched(capsys, tmp_path):
    bad = tmp_path / "bad.acl"
    bad.write_text("acl broken {\n    permit tcp from 10.0.0.0/33 to any\n}\n")
    target = tmp_path / "out.ofctl"
    target.write_text("previous\n")
    status, out, err = run(capsys, str(bad), "-f", "ofctl", "-o", str(target))
    assert status == 2
    assert re.match(rf"{re.escape(str(bad))}:2:\d+: error: ", err), err
    assert "Traceback" not in err
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.acl", "out.ofctl"]


def test_failed_verification_writes_nothing(capsys, tmp_path, monkeypatch):
    import aclc.lower

    real = aclc.lower.compile_policy

    def broken(policy, options):
        pipeline = real(policy, options)
        table = pipeline.tables[0]
        victim = next(f for f in table.flows if GotoTable(100) in f.instructions)
        flows = tuple(f for f in table.flows if f is not victim)
        return replace(pipeline, tables=(replace(table, flows=flows),) + pipeline.tables[1:])

    monkeypatch.setattr(aclc.lower, "compile_policy", broken)
    target = tmp_path / "out.dsl"
    status, out, err = run(capsys, "examples/office.acl", "-f", "lagopus-dsl", "-o", str(target))
    assert status == 1
    assert "do not decide like the ACL" in err and "packet" in err
    assert not target.exists() and list(tmp_path.iterdir()) == []
    # --no-verify is the user's explicit choice to skip the proof.
    status, _, _ = run(capsys, "examples/office.acl", "-f", "lagopus-dsl", "-o", str(target), "--no-verify")
    assert status == 0 and target.exists()


def test_stats_on_stderr(capsys):
    status, out, err = run(capsys, "examples/everything.acl", "-f", "table", "--stats", "--strategy", "multi")
    assert status == 0
    assert "rules: " in err and "flows: " in err and "flows per rule: " in err
    assert "priority levels used: " in err and re.search(r"table \d+ \(\w[\w-]*\): \d+ flows", err)
    assert "verify: " in err and "equivalent" in err
    assert "rules: " not in out


def test_directory_format_needs_output_dir(capsys, tmp_path):
    status, out, err = run(capsys, "examples/office.acl")
    assert status == 2 and "give an output directory with -o DIR" in err and out == ""
    outdir = tmp_path / "tests"
    status, _, err = run(capsys, "examples/office.acl", "-o", str(outdir))
    assert status == 0, err
    files = sorted(p.name for p in outdir.iterdir())
    assert ".aclc-output" in files and any(name.endswith(".json") for name in files)
    for name in files:
        if name.endswith(".json"):
            json.loads((outdir / name).read_text())
    # a second run replaces the directory it wrote ...
    status, _, _ = run(capsys, "examples/dmz.acl", "-o", str(outdir))
    assert status == 0 and any("dmz" in p.name for p in outdir.iterdir())
    assert not any("office" in p.name for p in outdir.iterdir())
    # ... but never a directory someone else's files are in.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    status, _, err = run(capsys, "examples/office.acl", "-o", str(mine))
    assert status == 2 and "did not write" in err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("args, message", [
    (["-f", "ofctl", "--bridge", "br0"], "--bridge applies only to --format lagopus-dsl"),
    (["-f", "ryu-rest", "--dpid", "zz"], "--dpid: 'zz' is not a number"),
    (["-f", "ofctl", "--permit", "goto_table:x"], "bad table"),
    (["-f", "ofctl", "--priority-base", "0"], "priority base 0 is below 1"),
    (["-f", "ofctl", "--acl", "nope"], "has no acl named 'nope'"),
])
def test_user_errors_exit_2_with_one_line(capsys, args, message):
    status, out, err = run(capsys, "examples/office.acl", *args)
    assert status == 2
    assert message in err and "Traceback" not in err and out == ""


def test_missing_file(capsys):
    status, _, err = run(capsys, "examples/missing.acl", "-f", "ofctl")
    assert status == 2 and "examples/missing.acl: no such file" in err


def test_bridge_and_dpid_reach_the_emitters(capsys):
    status, out, _ = run(capsys, "examples/office.acl", "-f", "lagopus-dsl", "--bridge", "fw0")
    assert status == 0 and "\nflow fw0 add table=0 " in out
    status, out, _ = run(capsys, "examples/office.acl", "-f", "ryu-rest", "--dpid", "0x2a")
    assert status == 0 and all(body["dpid"] == 42 for body in json.loads(out))


def test_help_and_docs_agree(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", out))
    assert {"--acl", "--definitions", "--target", "--strategy", "--format", "--output", "--permit",
            "--priority-base", "--priority-max", "--max-flows", "--table-base", "--bridge", "--stats",
            "--no-verify"} <= options
    docs = DOCS.read_text()
    for option in options:
        assert f"`{option}" in docs or f"{option} " in docs, f"{option} is not documented in {DOCS.name}"


def test_live_ovs_holds_the_compiled_flows(capsys, tmp_path, ovs_lab):
    ovs_lab.add_bridge("br0", dpid=1, ports=(1, 2, 3))
    for example, args in EXAMPLES.items():
        path = tmp_path / f"{example}.ofctl"
        status, _, err = run(capsys, *args, "-t", "ovs", "-f", "ofctl", "-o", str(path))
        assert status == 0, err
        ovs_lab.ofctl("del-flows", "br0")
        ovs_lab.ofctl("add-flows", "br0", str(path))
        dumped = parse_ofctl(ovs_lab.ofctl("dump-flows", "--no-names", "br0"), "dump-flows")
        # add-flows replaces a flow with the same table, priority and match (cookie and all).
        expected = {}
        for flow in parse_ofctl(path.read_text(), str(path)):
            expected[flow.table_id, flow.priority, flow.match] = flow
        key = lambda f: (f.table_id, -f.priority, repr(f.match))  # noqa: E731
        assert sorted(dumped, key=key) == sorted(expected.values(), key=key), example


def test_format_refusal_writes_nothing(capsys, tmp_path):
    # Open vSwitch flows use masked ports; Lagopus would silently ignore them.
    target = tmp_path / "everything.dsl"
    status, out, err = run(capsys, "examples/everything.acl", "-t", "ovs", "--permit", "output:2", "-f", "lagopus-dsl",
                           "-o", str(target))
    assert status == 2
    assert "would be silently ignored by Lagopus" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- ryu-test default cap

def _many_rules(tmp_path, n=60):
    body = "\n".join(f"    permit tcp from 10.0.{i}.0/24 to any port {1000 + i}" for i in range(n))
    path = tmp_path / "many.acl"
    path.write_text(f"acl many {{\n{body}\n}}\n")
    return path


def test_a_large_acl_gets_the_default_cap_and_one_note_saying_so(capsys, tmp_path, monkeypatch):
    import aclc.commands.compile as compile_command

    monkeypatch.setattr(compile_command, "DEFAULT_MAX_TESTS", 3)  # the cap, made small for a small ACL
    status, out, err = run(capsys, str(_many_rules(tmp_path)), "-o", str(tmp_path / "capped"))
    assert status == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1
    rules = len(load_policy(tmp_path / "many.acl").rules)
    found = re.fullmatch(r"note: switch tests for (\d+) of (\d+) rules of ACL many \(sampled evenly to at most 3 "
                         r"tests, the default\); --max-tests 0 writes a test for every rule", notes[0])
    assert found and int(found[2]) == rules and 0 < int(found[1]) < rules
    files = [json.loads(f.read_text()) for f in (tmp_path / "capped").glob("*.json")]
    assert sum(len(f) - 1 for f in files) == 3
    assert all(f"sampled: {found[1]} of {rules} rules" in f[0] for f in files)


def test_max_tests_0_writes_a_test_for_every_rule_without_a_note(capsys, tmp_path, monkeypatch):
    import aclc.commands.compile as compile_command

    monkeypatch.setattr(compile_command, "DEFAULT_MAX_TESTS", 3)
    status, _, err = run(capsys, str(_many_rules(tmp_path)), "-o", str(tmp_path / "all"), "--max-tests", "0")
    assert status == 0 and "note:" not in err
    files = [json.loads(f.read_text()) for f in (tmp_path / "all").glob("*.json")]
    assert not any("sampled" in f[0] for f in files)
    assert sum(len(f) - 1 for f in files) > 3


def test_an_acl_within_the_default_cap_gets_every_rule_and_no_note(capsys, tmp_path):
    status, _, err = run(capsys, str(_many_rules(tmp_path)), "-o", str(tmp_path / "t"))
    assert status == 0 and "note:" not in err


def test_an_explicit_cap_that_samples_says_so_too(capsys, tmp_path):
    status, _, err = run(capsys, str(_many_rules(tmp_path)), "-o", str(tmp_path / "t"), "--max-tests", "2")
    assert status == 0
    assert re.search(r"note: switch tests for \d+ of \d+ rules of ACL many \(sampled evenly to at most 2 tests\); "
                     r"--max-tests 0 writes a test for every rule", err)
