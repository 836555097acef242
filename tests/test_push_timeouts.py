"""--timeout governs every wait of a push, the bundle opening included: a switch that stops
answering once asked for a bundle fails the push within the timeout, with nothing installed."""

from __future__ import annotations

import time

import pytest
from os_ken.ofproto import ofproto_v1_3 as ofp

from aclc.errors import EnvironmentFailure

from push_support import FakeSwitch, run, tiny_pipeline, tiny_policy
from push_support import push_to


class SilentAfterBundleOpen(FakeSwitch):
    """Answers nothing at all (not even barriers) once it has been asked to open a bundle."""

    silent = False

    def _handle(self, writer, mtype, xid, buf):
        if mtype == ofp.OFPT_EXPERIMENTER:
            self.silent = True
        if not self.silent:
            super()._handle(writer, mtype, xid, buf)


@pytest.mark.parametrize("timeout", [0.5, 2.0])
def test_a_switch_silent_after_the_bundle_open_fails_the_push_within_the_timeout(timeout):
    policy = tiny_policy(3)

    async def main():
        switch = await SilentAfterBundleOpen().start()
        started = time.monotonic()
        with pytest.raises(EnvironmentFailure) as failed:
            await push_to(switch, lambda base: tiny_pipeline(base, policy), timeout=timeout)
        waited = time.monotonic() - started
        await switch.stop()
        return waited, str(failed.value), switch

    waited, message, switch = run(main())
    # Before the bundle open only quick answers are waited for; the silence lasts the timeout.
    assert timeout <= waited < timeout + 3, (waited, message)
    assert f"within {timeout:g} s" in message, message
    assert switch.flow_mods == 0 and not switch.flows  # nothing installed


def test_messages_name_the_targets_the_profiles_say_can_take_the_flows(monkeypatch):
    """The ways out a refusal offers come from the profiles, not from names written in the push."""
    from dataclasses import replace

    from aclc import profiles
    from aclc.push import codec, install, lagopus_ds

    assert "--target ovs" in codec._no_extensions() and "lagopus" not in codec._no_extensions()
    assert install._exact_port_targets() == "--target lagopus or --target of13"
    assert lagopus_ds._lagopus_targets() == "--target lagopus"
    extra = dict(profiles.PROFILES)
    extra["ovs2"] = replace(profiles.PROFILES["ovs"], name="ovs2")
    extra["strict2"] = replace(profiles.PROFILES["of13"], name="strict2")
    monkeypatch.setattr(profiles, "PROFILES", extra)
    assert "--target ovs or --target ovs2 -f ofctl" in codec._no_extensions()
    assert install._exact_port_targets() == "--target lagopus or --target of13 or --target strict2"
    extra["lagopus2"] = replace(profiles.PROFILES["lagopus"], name="lagopus2")
    assert lagopus_ds._lagopus_targets() == "--target lagopus or --target lagopus2"
