"""Shared fixtures. Switch tests start their own Open vSwitch (see aclc.testing.ovs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# ACLC_HYPOTHESIS_PROFILE=ci (set by .ci/run) draws the same examples on every run, so that a
# CI result can be reproduced; without it each run draws new ones. Loaded here, before the
# test modules build their own settings on top of it.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("ACLC_HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CLASSBENCH = Path(os.environ.get("ACLC_CLASSBENCH_DIR", REPO.parent / "shared" / "classbench"))


def _switch_unavailable() -> str | None:
    from aclc.testing.ovs import missing_requirements

    return missing_requirements()


@pytest.fixture
def ovs_lab():
    """A fresh userspace Open vSwitch in its own network namespace, torn down after the test.

    Skips when the machine cannot run one, unless ACLC_REQUIRE_SWITCH=1 (CI), where that fails.
    """
    why = _switch_unavailable()
    if why:
        if os.environ.get("ACLC_REQUIRE_SWITCH") == "1":
            pytest.fail(f"switch tests required but Open vSwitch cannot run: {why}")
        pytest.skip(f"Open vSwitch lab unavailable: {why}")
    from aclc.testing.ovs import OvsLab

    with OvsLab() as lab:
        yield lab


def _lagopus_unavailable() -> str | None:
    from aclc.testing.lagopus import missing_requirements

    return missing_requirements()


@pytest.fixture
def lagopus_lab():
    """A real Lagopus (built by ../shared/lagopus/build.sh) with two veth ports in its own
    namespace, started and connecting out to 127.0.0.1:6653 there; killed by pid after the test.

    Skips when the machine cannot run one, unless ACLC_REQUIRE_SWITCH=1 (CI), where that fails.
    """
    why = _lagopus_unavailable()
    if why:
        if os.environ.get("ACLC_REQUIRE_SWITCH") == "1":
            pytest.fail(f"switch tests required but Lagopus cannot run: {why}")
        pytest.skip(f"Lagopus lab unavailable: {why}")
    from aclc.testing.lagopus import LagopusLab

    with LagopusLab(ports=2) as lab:
        yield lab


def pytest_collection_modifyitems(items):
    """A test that asks for a switch lab is a switch test, marked or not, so that
    ``-m "not switch"`` (the everyday subset in README.md) leaves out every test that starts one."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "ovs_lab" in names or "lagopus_lab" in names:
            item.add_marker(pytest.mark.switch)
        if "lagopus_lab" in names:
            item.add_marker(pytest.mark.lagopus)


@pytest.fixture
def classbench_dir() -> Path:
    if not CLASSBENCH.is_dir():
        pytest.skip(f"ClassBench sets not found at {CLASSBENCH}")
    return CLASSBENCH
