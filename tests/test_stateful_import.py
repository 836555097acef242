"""Importers translate connection state and TCP flags (iptables -m state / -m conntrack,
--syn, --tcp-flags; Cisco IOS 'established') instead of skipping the lines, and --check
proves the translation on small realistic dumps (tests/data/stateful/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aclc.cli import main
from aclc.frontend import load_policy
from aclc.importers import cisco, iptables
from aclc.importers.render import render
from aclc.lower import CompileOptions, compile_policy
from aclc.semantics.verify import verify

DATA = Path(__file__).parent / "data" / "stateful"


def imported(tmp_path, capsys, *args) -> tuple[int, str, str]:
    out = tmp_path / "out.acl"
    status = main(["import", *args, "--check", "-o", str(out)])
    return status, capsys.readouterr().err, out.read_text() if out.exists() else ""


def test_iptables_gateway_imports_every_line_and_is_proved(tmp_path, capsys):
    status, err, text = imported(tmp_path, capsys, "iptables", str(DATA / "gateway.iptables"), "--chain", "FORWARD")
    assert status == 0, err
    assert "proved: every packet is decided alike" in err and "skipped" not in err
    assert "permit ipv4 from any to any state established, related" in text
    assert "deny ipv4 from any to any state invalid" in text
    assert "permit ipv4 tcp from 10.1.0.0/16 to any port 22 state new" in text
    # --syn is SYN set with RST, ACK and FIN clear; '! --tcp-flags' becomes a skip block.
    assert "permit ipv4 tcp from any to any port 25 flags !fin, syn, !rst, !ack" in text
    assert "deny ipv4 tcp from any to any state new\n" in text
    policy = load_policy(tmp_path / "out.acl")
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    assert verify(policy, pipeline).ok


def test_cisco_established_is_translated_and_proved(tmp_path, capsys):
    status, err, text = imported(tmp_path, capsys, "cisco", str(DATA / "edge.ios"))
    assert status == 0, err
    assert "proved: every packet is decided alike" in err
    assert "permit ipv4 tcp from any to 198.51.100.0/24 established" in text
    policy = load_policy(tmp_path / "out.acl")
    assert verify(policy, compile_policy(policy, CompileOptions(target="ovs"))).ok


@pytest.mark.parametrize("line, words", [
    ("-A FORWARD -m state --state UNTRACKED -j ACCEPT", "only NEW, ESTABLISHED, RELATED and INVALID"),
    ("-A FORWARD -m conntrack --ctstatus ASSURED -j ACCEPT", "only --ctstate is translated"),
])
def test_iptables_states_aclc_cannot_match_stay_refused(line, words):
    text = f"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n{line}\nCOMMIT\n"
    _, result = iptables.import_iptables(text, "f.rules", "FORWARD", skip_unsupported=True)
    (skipped,) = result.acls[0].skipped
    assert words in skipped.reason


@pytest.mark.parametrize("line, words", [
    ("-A FORWARD -p udp --syn -j ACCEPT", "--syn needs '-p tcp'"),
    ("-A FORWARD -m state --state NEWISH -j ACCEPT", "unknown connection state 'NEWISH'"),
    ("-A FORWARD -p tcp --tcp-flags SYN,BOGUS SYN -j ACCEPT", "unknown TCP flag 'BOGUS'"),
])
def test_iptables_bad_state_or_flags_are_errors(line, words):
    text = f"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n{line}\nCOMMIT\n"
    with pytest.raises(Exception, match=words.replace("'", ".").replace("-", ".")):
        iptables.import_iptables(text, "f.rules", "FORWARD")


def test_cisco_established_needs_tcp():
    with pytest.raises(Exception, match="'established' needs protocol tcp"):
        cisco.import_cisco("ip access-list extended X\n permit udp any any established\n", "r.cfg")


def test_negated_state_is_the_other_states():
    text = ("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            "-A FORWARD -m conntrack ! --ctstate NEW,INVALID -j ACCEPT\nCOMMIT\n")
    _, result = iptables.import_iptables(text, "f.rules", "FORWARD")
    assert "permit ipv4 from any to any state established, related" in render(result)
