"""Bundled examples are what users copy: none may contain a line that can never match."""

import pytest
from click.testing import CliRunner

from aclc.cli import cli
from conftest import EXAMPLES


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.acl")), ids=lambda p: p.name)
def test_example_has_no_lint_errors(path):
    result = CliRunner().invoke(cli, ["lint", str(path)])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.output
