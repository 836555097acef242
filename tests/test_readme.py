"""README.md is a landing page whose commands work as written.

Every command of its "A first look" runs here, as written, in a copy of the
repository (the files a fresh clone has); its exit status and a telling part of
its output are checked. The opening commands are the ones CI runs, the
defaults table says what the code does, and every command-line option is
documented somewhere in README.md or docs/.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from aclc.cli import COMMANDS
from aclc.profiles import PROFILES
from conftest import REPO

README = REPO / "README.md"
MAX_README_BYTES = 12 * 1024


def section(title: str) -> str:
    text = README.read_text()
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"README.md has no section '## {title}'"
    return match.group(1)


def shell_lines(text: str) -> list[str]:
    """The command lines of the ```sh blocks of ``text`` (comment-only and blank lines left out)."""
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.M | re.S):
        lines += [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return lines


def opening_commands() -> list[str]:
    head = README.read_text().split("\n## ", 1)[0]
    return shell_lines(head)


# What each first-look command must do: (start of the command, exit status, checks on the run).
# The checks see stdout + stderr as one text and the directory the command ran in.


def _json_tests(out, cwd):
    files = sorted((cwd / "office-tests").glob("*.json"))
    assert files, "no test file written"
    tests = json.loads(files[0].read_text())
    # The Ryu switch test tool's format: a title, then tests with prerequisite flows and packets.
    assert tests[0].startswith("aclc office-edge [lagopus/exact]")
    assert len(tests) > 1 and all({"description", "prerequisite", "tests"} <= set(t) for t in tests[1:])
    assert "wrote 1 file(s) to office-tests/" in out


def _table(out, cwd):
    assert "# acl office-edge, target ovs, strategy single, permit NORMAL" in out
    assert re.search(r"^0 +\d+ +tcp,nw_src=192\.168\.10\.0/24,tp_dst=22 +NORMAL", out, flags=re.M)


def _ofctl(out, cwd):
    flows = (cwd / "office.ofctl").read_text().splitlines()
    written = re.search(r"wrote (\d+) flow\(s\) to office\.ofctl", out)
    assert written and int(written.group(1)) == len([f for f in flows if "priority=" in f])
    assert any("actions=NORMAL" in f for f in flows)


def _dsl(out, cwd):
    lines = [line for line in out.splitlines() if line.startswith("flow ")]
    assert lines and all(line.startswith("flow bridge01 add table=0 ") for line in lines)
    assert not any("/0x" in line for line in lines), "a masked field in Lagopus lines"
    assert "acl office-edge: target lagopus, strategy exact, permit goto_table:100" in out
    assert f"flows: {len(lines)}" in out


def _verify(out, cwd):
    assert "examples/dmz.acl: proven equivalent to compiled for lagopus" in out


def _lint(out, cwd):
    assert "examples/everything.acl:" in out and "warning: [redundant]" in out
    assert "error:" not in out


def _check(out, cwd):
    assert "ACL line: examples/office.acl:28: permit service WEB from GUESTS to any" in out
    assert "decision: permit" in out and "switch:   output:NORMAL" in out


def _diff(out, cwd):
    assert "ipv4 tcp src 192.168.20.0/24 dst 192.168.10.50/32 dst_port 9100: deny log -> permit" in out
    assert "name guest-print" in out
    assert "decide some packets differently" in out


def _import(name, acl):
    def check(out, cwd):
        assert "proved: every packet is decided alike (BDD)" in out
        assert f"wrote 1 acl(s) to {name}" in out
        assert f"acl {acl} {{" in (cwd / name).read_text()
    return check


def _imported_table(out, cwd):
    assert "# acl iptables-forward, target ovs, strategy single" in out
    assert "tcp,nw_src=10.10.0.0/16,tp_dst=22" in out


EXPECTED = [
    ("aclc compile examples/office.acl -o office-tests/", 0, _json_tests),
    ("aclc compile examples/office.acl -t ovs -f table", 0, _table),
    ("aclc compile examples/office.acl -t ovs -f ofctl -o office.ofctl", 0, _ofctl),
    ("aclc compile examples/office.acl -f lagopus-dsl --stats", 0, _dsl),
    ("aclc verify examples/dmz.acl -t lagopus", 0, _verify),
    ("aclc lint examples/everything.acl", 0, _lint),
    ("aclc check examples/office.acl 'tcp 192.168.20.7:40000 -> 198.51.100.1:443 in_port 1' -t ovs", 0, _check),
    ("aclc diff examples/office.acl examples/revisions/office-next.acl", 1, _diff),
    ("aclc import cisco examples/import/branch-router.cfg --check -o branch.acl", 0,
     _import("branch.acl", "UPLINK-IN")),
    ("aclc import iptables examples/import/gateway.rules --check -o gateway.acl", 0,
     _import("gateway.acl", "iptables-forward")),
    ("aclc compile gateway.acl -t ovs -f table", 0, _imported_table),
]


def fresh_copy(dest: Path) -> Path:
    """The files a clone of the repository has (tracked ones, and new ones not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True) if shutil.which("git") else None
    if listed is None or listed.returncode != 0:
        shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info"))
        return dest
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def test_every_first_look_command_runs_as_written(tmp_path):
    commands = shell_lines(section("A first look"))
    assert [c.split("  #")[0].strip() for c in commands] == [c for c, _, _ in EXPECTED], \
        "README.md's first look and EXPECTED in this test must list the same commands"
    clone = fresh_copy(tmp_path / "aclc")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("ACLC_REGEN_GOLDEN", None)
    for line, (_, status, check) in zip(commands, EXPECTED):
        run = subprocess.run(["bash", "-c", line], cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        out = run.stdout + run.stderr
        assert run.returncode == status, f"{line}\nexit {run.returncode}, expected {status}\n{out[-3000:]}"
        assert "Traceback" not in out, f"{line}\n{out[-3000:]}"
        check(out, clone)


def test_the_opening_commands_are_the_first_look_and_the_ci_commands():
    install_and_run, install_and_test = opening_commands()
    install, _, first = install_and_run.partition(" && ")
    assert install == "python3 -m pip install -e ." and first == EXPECTED[0][0]
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.lstrip().startswith(("#", "set ", "cd ", "export "))]
    assert install_and_test.split(" && ") == ci, ".ci/run must run exactly the README's test command"


def test_the_everyday_subset_uses_registered_markers():
    subset = [line for line in shell_lines(section("Tests")) if "-m " in line]
    assert subset == ['python3 -m pytest -q -m "not switch and not slow"']
    registered = set(re.findall(r'^\s*"(\w+):', (REPO / "pyproject.toml").read_text(), flags=re.M))
    assert {"switch", "slow"} <= registered
    assert re.search(r"takes about \d+ minutes", section("Tests")), "the Tests section says how long the suite takes"


def test_the_defaults_table_says_what_the_code_does():
    from aclc.commands.compile import command as compile_command

    defaults = {p.name: p.default for p in compile_command.params}
    assert defaults["target"] == "lagopus" and defaults["fmt"] == "ryu-test"
    text = section("Defaults")
    assert "target `lagopus`" in text and "Ryu switch-test JSON" in text
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `(\w+)` \|.*$", text, flags=re.M)}
    assert set(rows) >= set(PROFILES)
    for name, profile in PROFILES.items():
        cells = [c.strip() for c in rows[name].strip("|").split("|")]
        strategy, permit = cells[2], cells[3]
        assert permit == f"`{profile.default_permit}`", name
        if profile.default_strategy is None:  # exact when it fits, else multi
            assert strategy.startswith("`exact` when") and strategy.endswith("else `multi`"), name
        else:
            assert strategy == f"`{profile.default_strategy}`", name


def test_push_chooses_its_target_as_the_readme_says():
    from aclc.profiles import DEFAULT_TARGET
    from aclc.push.compat import SwitchDescription, choose_target

    def described(manufacturer, hardware, datapath):
        return SwitchDescription(manufacturer, hardware, "1.0", "None", datapath)

    fallback = DEFAULT_TARGET
    assert fallback == "lagopus"
    lagopus = described("Lagopus project", "host", "Lagopus dataplane 0.2.12")
    ovs = described("Nicira, Inc.", "Open vSwitch", "None")
    other = described("Acme", "box", "switch")
    assert [choose_target(None, d, fallback).target for d in (lagopus, ovs, other, None)] == \
        ["lagopus", "ovs", "lagopus", "lagopus"]
    assert choose_target("ovs", lagopus, fallback).target == "ovs"  # -t wins
    text = " ".join(section("Defaults").split())
    assert ("without `-t` ask the switch what it is (its OFPMP_DESC reply) and take the target that "
            "recognises it (`lagopus` or `ovs`), else `lagopus`") in text


def test_the_readme_is_a_landing_page():
    data = README.read_bytes()
    assert len(data) <= MAX_README_BYTES, f"README.md is {len(data)} bytes; the reference belongs in docs/"
    text = data.decode()
    # Figures come from bench results (docs/performance.md, bench/results.md), never by hand.
    assert not re.search(r"\d\s?(s|ms|seconds|MB|GB)\b|\d(\.\d+)?x\b|\d+ rules/s", text), \
        "a hand-written figure in README.md"


def _commands():
    for name, (module, _) in COMMANDS.items():
        command = importlib.import_module(module).command
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                yield f"{name} {sub_name}", sub
        else:
            yield name, command


@pytest.mark.parametrize("name,command", list(_commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_option_of_every_command_is_documented(name, command):
    docs = README.read_text() + "".join(p.read_text() for p in sorted((REPO / "docs").glob("*.md")))
    assert f"aclc {name}" in docs
    for param in command.params:
        if isinstance(param, click.Option):
            longs = [o for o in param.opts if o.startswith("--")]
            assert any(o in docs for o in longs), f"aclc {name}: {longs} not in README.md or docs/"
