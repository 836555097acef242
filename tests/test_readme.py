"""README.md is built from docs/ and documents every command-line option that exists."""

import importlib
import subprocess
import sys

import click
import click.testing
import pytest

from aclc.cli import COMMANDS, cli
from conftest import REPO


def test_readme_is_built_from_the_current_docs():
    result = subprocess.run([sys.executable, str(REPO / "docs" / "build_readme.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


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
    readme = (REPO / "README.md").read_text()
    assert f"aclc {name.split()[0]}" in readme
    for param in command.params:
        if isinstance(param, click.Option):
            longs = [o for o in param.opts if o.startswith("--")]
            assert any(o in readme for o in longs), f"aclc {name}: {longs} not in README.md"


def test_every_command_has_help_and_the_readme_quickstart_example_exists():
    runner = click.testing.CliRunner()
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output
    assert (REPO / "examples" / "office.acl").exists()
    assert "aclc compile examples/office.acl -o office-tests/" in (REPO / "README.md").read_text()
