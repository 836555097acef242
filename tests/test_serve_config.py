"""The aclc serve configuration is read strictly: each mistake is one line naming
file:line:column and the field, exit status 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from aclc.cli import main
from aclc.serve.config import load_config

REPO = Path(__file__).resolve().parent.parent

GOOD = """\
listen: tcp:127.0.0.1:6653
metrics: 127.0.0.1:9640
switches:
  fw1:
    dpid: 0x1
    acl_file: fw.acl
    target: lagopus
  fw2:
    dpid: "00:00:00:00:00:00:00:02"
    acl_file: fw.acl
  br0:
    connect: tcp:127.0.0.1:6634
    acl_file: fw.acl
    definitions: [defs.yaml]
    permit: NORMAL
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "fw.acl").write_text("acl fw {\n    default deny\n    permit tcp from any to any port 80\n}\n")
    (tmp_path / "defs.yaml").write_text("networks: {}\n")
    return tmp_path


def write(directory, text):
    path = directory / "serve.yaml"
    path.write_text(text)
    return path


def test_a_good_configuration(files):
    cfg = load_config(write(files, GOOD))
    assert [s.name for s in cfg.switches] == ["fw1", "fw2", "br0"]
    fw1, fw2, br0 = cfg.switches
    assert fw1.dpid == 1 and fw1.target == "lagopus" and fw1.connect is None
    assert fw2.dpid == 2 and fw2.target == "auto"
    assert br0.connect == "tcp:127.0.0.1:6634" and br0.source.permit == "NORMAL"
    assert br0.source.definitions == (str(files / "defs.yaml"),)
    assert fw1.source.acl_file == str(files / "fw.acl")
    assert fw1.source == fw2.source  # compiled once for both


BAD = [
    # (replace this, with this, expected line:column, expected text)
    ("    target: lagopus\n", "    target: lagopus\n    colour: blue\n", "8:5", "switches.fw1.colour: unknown key"),
    ("    dpid: 0x1\n", "    dpid: 0xZZ\n", "5:11", "switches.fw1.dpid: '0xZZ' is not a datapath id"),
    ("    dpid: 0x1\n", "    dpid: 0x10000000000000000\n", "5:11", "switches.fw1.dpid:"),
    ("    dpid: 0x1\n", "    dpid: 0x2\n", "9:11", "switches.fw2.dpid: dpid 0x2 is also switch fw1's"),
    ("    acl_file: fw.acl\n    target", "    acl_file: missing.acl\n    target", "6:15",
     "switches.fw1.acl_file: missing.acl: no such file"),
    ("definitions: [defs.yaml]", "definitions: [defs.yaml, nope.yaml]", "14:30",
     "switches.br0.definitions[1]: nope.yaml: no such file"),
    ("    target: lagopus\n", "    target: cisco\n", "7:13", "switches.fw1.target: unknown target 'cisco'"),
    ("    permit: NORMAL\n", "    permit: somewhere\n", "15:13", "switches.br0.permit:"),
    ("connect: tcp:127.0.0.1:6634", "connect: tcp:127.0.0.1:99999", "12:14", "switches.br0.connect: bad port"),
    ("listen: tcp:127.0.0.1:6653", "listen: tcp:192.0.2.1:6653", "1:9", "listen: tcp:192.0.2.1:6653 is not a loopback"),
    ("metrics: 127.0.0.1:9640", "metrics: 0.0.0.0:9640", "2:10", "metrics: 0.0.0.0:9640 is not a loopback"),
    ("metrics: 127.0.0.1:9640", "metrics: 127.0.0.1:9640\necho_interval: soon", "3:16",
     "echo_interval: expected a number of seconds"),
    ("metrics: 127.0.0.1:9640", "metrics: 127.0.0.1:9640\ntimeout: -1", "3:10", "timeout: must be at least"),
    ("metrics: 127.0.0.1:9640", "metrics: 127.0.0.1:9640\nwatch: maybe", "3:8", "watch: expected true or false"),
    ("metrics: 127.0.0.1:9640", "metrics: 127.0.0.1:9640\ntls: {cert: a.pem}", "3:6", "tls.key: missing"),
    ("  fw2:\n    dpid", "  fw2:\n    acl: fw\n    dpid", None, None),  # fine: an ACL name
    ("  br0:\n    connect: tcp:127.0.0.1:6634\n", "  br0:\n", "12:5",
     "switches.br0: needs 'dpid' (a switch that connects in) or 'connect'"),
    ("    dpid: 0x1\n    acl_file: fw.acl\n", "    dpid: 0x1\n", "5:5", "switches.fw1.acl_file: missing"),
    ("  fw1:\n", "  fw 1:\n", "4:3", "switches.fw 1: a switch name is"),
    ("listen: tcp:127.0.0.1:6653\n", "listen: tcp:127.0.0.1:6653\nlisten: tcp:127.0.0.1:6654\n", "2:1",
     "listen: given twice"),
    ("    target: lagopus\n", "    target: [lagopus\n", "8:6", "not valid YAML"),
]


@pytest.mark.parametrize("old,new,where,text", BAD, ids=[b[3] or "ok" for b in BAD])
def test_each_mistake_is_one_line_naming_the_field(files, capsys, old, new, where, text):
    assert old in GOOD
    path = write(files, GOOD.replace(old, new, 1))
    status = main(["serve", str(path), "--check"])
    out, err = capsys.readouterr()
    if text is None:
        assert status == 0, err
        return
    assert status == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}:{where}: error: "), lines[0]
    assert text in lines[0], lines[0]


@pytest.mark.parametrize("text,expected", [
    ("", "empty configuration"),
    ("switches: {}\n", "switches: no switches given"),
    ("listen: null\nswitches:\n  a: {dpid: 1, acl_file: fw.acl}\n", "switches.a: has no 'connect' address"),
    ("- a\n- b\n", "expected a mapping"),
    ("listen: tcp:127.0.0.1:6653\n", "switches: missing"),
])
def test_whole_file_mistakes(files, capsys, text, expected):
    path = write(files, text)
    assert main(["serve", str(path), "--check"]) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1, err


def test_missing_configuration_file(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml: no such file (serve configuration)" in capsys.readouterr().err


def test_a_bad_acl_is_refused_at_start_with_its_position(files, capsys):
    (files / "fw.acl").write_text("acl fw {\n    default deny\n    permit tcp from any to nowhere port 80\n}\n")
    path = write(files, GOOD)
    assert main(["serve", str(path), "--check"]) == 2
    err = capsys.readouterr().err
    assert f"{files / 'fw.acl'}:3:" in err, err


def test_an_acl_the_file_does_not_have(files, capsys):
    path = write(files, GOOD.replace("  fw2:\n    dpid", "  fw2:\n    acl: x\n    dpid"))
    assert main(["serve", str(path), "--check"]) == 2
    err = capsys.readouterr().err
    assert "has no acl named 'x'" in err and len(err.strip().splitlines()) == 1, err


def test_the_shipped_example_is_valid(capsys):
    status = main(["serve", str(REPO / "examples" / "serve.yaml"), "--check"])
    assert status == 0, capsys.readouterr().err
