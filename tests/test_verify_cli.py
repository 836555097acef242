"""aclc verify on the command line: exit 0 proven, 1 counterexample, 2 bad input."""

from __future__ import annotations

from analysis_support import run_cli

ACL = "tests/golden/analysis/lint.acl"


def test_compile_and_prove(capsys, monkeypatch):
    for target in ("ovs", "lagopus", "of13"):
        status, out, err = run_cli(capsys, monkeypatch, "verify", ACL, "--target", target)
        assert status == 0, err
        assert "proven equivalent" in out


def test_flow_file_proven_then_broken(capsys, monkeypatch, tmp_path):
    status, flows, _ = run_cli(capsys, monkeypatch, "compile", ACL, "--target", "ovs", "-f", "ofctl")
    assert status == 0
    good = tmp_path / "good.flows"
    good.write_text(flows)
    status, out, _ = run_cli(capsys, monkeypatch, "verify", ACL, "--flows", str(good), "--permit", "NORMAL")
    assert status == 0 and "proven" in out
    # What Lagopus does to a masked port: drops it. tp_dst=0x14/0xfffc is one of the 20-30 range's masks.
    broken_text = "\n".join(line.replace(",tp_dst=0x14/0xfffc", "") for line in flows.splitlines())
    assert broken_text != flows.rstrip("\n")
    broken = tmp_path / "broken.flows"
    broken.write_text(broken_text)
    status, _, err = run_cli(capsys, monkeypatch, "verify", ACL, "--flows", str(broken), "--permit", "NORMAL")
    assert status == 1
    assert "NOT proven" in err and "packet:" in err and "ACL:" in err and "flow:" in err


def test_wrong_permit_meaning_is_a_counterexample(capsys, monkeypatch, tmp_path):
    status, flows, _ = run_cli(capsys, monkeypatch, "compile", ACL, "--target", "ovs", "-f", "ofctl")
    path = tmp_path / "f.flows"
    path.write_text(flows)
    status, _, err = run_cli(capsys, monkeypatch, "verify", ACL, "--flows", str(path), "--permit", "goto_table:5")
    assert status == 1 and "goto_table:5" in err


def test_bad_inputs_exit_2(capsys, monkeypatch, tmp_path):
    status, _, err = run_cli(capsys, monkeypatch, "verify", "no-such.acl", "--target", "ovs")
    assert status == 2 and "no such file" in err
    bad = tmp_path / "bad.flows"
    bad.write_text("table=0,priority=1,tcp,tp_dst=99999999,actions=drop\n")
    status, _, err = run_cli(capsys, monkeypatch, "verify", ACL, "--flows", str(bad))
    assert status == 2 and "bad.flows:1:" in err
    empty = tmp_path / "empty.flows"
    empty.write_text("# nothing\n")
    status, _, err = run_cli(capsys, monkeypatch, "verify", ACL, "--flows", str(empty))
    assert status == 2 and "no flows" in err
    odd = tmp_path / "odd.flows"
    odd.write_text("table=0,priority=5,dl_vlan=3,actions=drop\ntable=0,priority=1,actions=drop\n")
    status, _, err = run_cli(capsys, monkeypatch, "verify", ACL, "--flows", str(odd))
    assert status == 2 and "error" in err
