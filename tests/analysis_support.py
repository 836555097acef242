"""Golden-file helpers for the analysis commands (lint, diff, check)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "analysis"


def run_cli(capsys, monkeypatch, *argv) -> tuple[int, str, str]:
    """Run aclc from the repository root (so paths in reports are short and stable)."""
    from aclc.cli import main

    monkeypatch.chdir(REPO)
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/analysis/NAME; ACLC_REGEN_GOLDEN=1 rewrites it on purpose."""
    path = GOLDEN / name
    if os.environ.get("ACLC_REGEN_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path} (generate with ACLC_REGEN_GOLDEN=1)"
    assert text == path.read_text(encoding="utf-8")


def assert_confirmed(policy, pipeline, result) -> None:
    """A reported counterexample really is one, by the plain evaluators."""
    import pytest

    from aclc.evaluate import AmbiguousMatch, evaluate_pipeline, evaluate_policy

    assert not result.ok
    packet = result.counterexample
    rule, expected = evaluate_policy(policy, packet, pipeline.continuation)
    assert rule == result.rule and expected == result.rule_effect
    if result.ambiguous:
        with pytest.raises(AmbiguousMatch):
            evaluate_pipeline(pipeline, packet)
    else:
        _, got = evaluate_pipeline(pipeline, packet)
        assert got == result.flow_effect and got != expected
