"""ClassBench importer: spelling, the flags note, action modes, and agreement with the raw lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from aclc.cli import main
from aclc.frontend import parse_policies_text
from aclc.importers import classbench_import
from aclc.importers.check import policy_action, sample_packets
from aclc.importers.render import render

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "import" / "sample.classbench"
CLASSBENCH = REPO.parent / "shared" / "classbench"


def agree(text, actions, samples=2000):
    result = classbench_import.import_classbench(text, "set.cb", actions)
    policy = parse_policies_text(render(result))[result.acls[0].name]
    raw = classbench_import.raw_rules(text, actions)
    packets = sample_packets(4, list(result.acls[0].rules), samples, 3)
    for p in packets:
        assert policy_action(policy, p) == classbench_import.evaluate(raw, p), str(p)
    return result, policy


@pytest.mark.parametrize("actions", ["alternate", "permit", "deny"])
def test_sample_agrees_with_the_raw_lines(actions):
    _, policy = agree(SAMPLE.read_text(), actions)
    expected = {"alternate": ["permit", "deny"] * 3, "permit": ["permit"] * 6, "deny": ["deny"] * 6}[actions]
    assert [r.action.value for r in policy.rules[:6]] == expected


def test_flags_column_is_reported_as_ignored(tmp_path, capsys):
    out = tmp_path / "o.acl"
    assert main(["import", "classbench", str(SAMPLE), "-o", str(out)]) == 0
    assert "flags column" in capsys.readouterr().err
    assert "# the flags column (last field) is ignored" in out.read_text()


def test_bad_line_is_an_error_and_nothing_is_written(tmp_path, capsys):
    bad = tmp_path / "bad.cb"
    bad.write_text(SAMPLE.read_text() + "@10.0.0.0/33\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\t0x0000/0x0000\t\n")
    out = tmp_path / "o.acl"
    assert main(["import", "classbench", str(bad), "-o", str(out)]) == 2
    assert "bad.cb:7:" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.skipif(not (CLASSBENCH / "fw1_1k").exists(), reason="shared ClassBench sets not present")
def test_public_fw1_1k_round_trip():
    agree((CLASSBENCH / "fw1_1k").read_text(), "alternate", samples=1500)
