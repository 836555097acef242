"""A new switch is one entry in aclc.profiles.PROFILES: every command with -t offers it,
takes its priority range and permit default from it, and the emitters and push read it.

The switch here honours masks on TCP/UDP ports (like Open vSwitch), has no NORMAL port, and
has 8-bit priorities (0..255): a default of 65535 taken from anywhere but the profile would
make every compile for it fail.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from aclc import profiles
from aclc.cli import main
from aclc.profiles import L4_PORTS, OXM_NUMBER_ORDER, PROFILES, Profile

TINY = Profile(
    name="tiny",
    description="Tiny switch (masked L4 ports, priorities 0..255, no NORMAL)",
    maskable=PROFILES["of13"].maskable | L4_PORTS,
    min_priority=0,
    max_priority=255,
    num_tables=8,
    has_normal=False,
    default_permit="goto_table:7",
    default_strategy="single",
    reported_field_order=OXM_NUMBER_ORDER,
)

ACL = """acl edge {
    default deny
    permit tcp from 10.0.0.0/8 to any port 1024-2047
    deny udp from any to 192.0.2.0/24 port 53
    permit udp from any to any port 5000-5099
}
"""


@pytest.fixture
def tiny(monkeypatch, tmp_path):
    monkeypatch.setitem(PROFILES, "tiny", TINY)
    path = tmp_path / "edge.acl"
    path.write_text(ACL)
    return path


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _priorities(ofctl: str) -> list[int]:
    return [int(p) for p in re.findall(r"priority=(\d+)", ofctl)]


def test_compile_uses_the_profiles_priorities_masks_and_permit(tiny, capsys):
    status, out, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", "ofctl")
    assert status == 0, err
    assert "target: tiny" in out or "target tiny" in out
    priorities = _priorities(out)
    assert priorities and max(priorities) <= 255
    assert re.search(r"tp_dst=0x[0-9a-f]+/0x[0-9a-f]+", out)  # masked ports: the profile honours them
    assert "goto_table:7" in out  # the profile's permit default
    assert "NORMAL" not in out


def test_the_priority_range_is_checked_against_the_profile(tiny, capsys):
    status, _, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", "ofctl", "--priority-max", "256")
    assert status == 2
    assert "within 0..255" in err
    status, out, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", "ofctl", "--priority-base", "0",
                           "--priority-max", "200")
    assert status == 0, err
    assert min(_priorities(out)) == 0 and max(_priorities(out)) <= 200


def test_verify_check_and_every_format_take_the_new_target(tiny, capsys, tmp_path):
    status, out, err = run(capsys, "verify", tiny, "-t", "tiny")
    assert status == 0, err
    assert "proven equivalent to compiled for tiny (single)" in out
    status, out, err = run(capsys, "check", tiny, "tcp 10.1.2.3:40000 -> 192.0.2.10:1500", "-t", "tiny")
    assert status == 0, err
    assert "(tiny, single)" in out and "goto_table:7" in out
    for fmt in ("ofctl", "ryu-json", "table"):
        status, out, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", fmt)
        assert status == 0, (fmt, err)
    # ofctl_rest and the Lagopus datastore cannot spell a masked port: refused, and fine exact.
    for fmt in ("ryu-rest", "lagopus-dsl"):
        status, out, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", fmt)
        assert status == 2 and "--strategy exact" in err, (fmt, err)
        status, out, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", fmt, "-s", "exact")
        assert status == 0, (fmt, err)
    status, _, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", "ryu-test", "-o", tmp_path / "tests")
    assert status == 0, err
    written = sorted((tmp_path / "tests").glob("*.json"))
    assert written and all("-tiny-single-" in p.name for p in written)
    assert "[tiny/single]" in written[0].read_text()
    status, out, err = run(capsys, "ryu-test", "check", tmp_path / "tests", "-t", "tiny")
    assert status == 0, err


def test_help_and_choices_come_from_the_profiles(tiny, capsys):
    for command in (["compile"], ["verify"], ["check"], ["push"], ["stats"], ["ryu-test", "check"]):
        status, out, _ = run(capsys, *command, "--help")
        assert status == 0
        assert "tiny" in out and "Tiny switch" in " ".join(out.split()), command
    status, _, err = run(capsys, "compile", "x.acl", "-t", "nosuch")
    assert status == 2 and "tiny" in err


def test_serve_configuration_accepts_the_new_target(tiny, tmp_path):
    from aclc.serve.config import load_config

    config = tmp_path / "serve.yaml"
    config.write_text(f"switches:\n  s1:\n    dpid: 0x1\n    acl_file: {tiny}\n    target: tiny\n"
                      "    priority_max: 200\n")
    (spec,) = load_config(config).switches
    assert spec.target == "tiny"
    options = spec.source.options("tiny")
    assert options.target == "tiny" and options.priority_max == 200


def test_push_refuses_flows_above_the_profiles_priorities(tiny):
    from aclc.frontend import load_policy
    from aclc.lower import compile_policy
    from aclc.options import compile_options
    from aclc.push.compat import unfaithful

    policy = load_policy(tiny)
    for_ovs = compile_policy(policy, compile_options("ovs", priority_base=300, priority_max=400))
    flow, reason = unfaithful(for_ovs, TINY)
    assert flow.priority > 255 and "above 255" in reason
    for_tiny = compile_policy(policy, compile_options("tiny"))
    assert for_tiny.profile is TINY and unfaithful(for_tiny, TINY) is None


def test_no_default_of_another_target_leaks_into_a_profile(monkeypatch, tiny, capsys):
    # The same switch with priorities 10..40 only: defaults must still fit it.
    monkeypatch.setitem(PROFILES, "tiny", replace(TINY, min_priority=10, max_priority=40))
    status, out, err = run(capsys, "compile", tiny, "-t", "tiny", "-f", "ofctl")
    assert status == 0, err
    assert min(_priorities(out)) == 10 and max(_priorities(out)) <= 40
    assert profiles.get_profile("tiny").max_priority == 40
