"""iptables-save importer: chain inlining with exact RETURN semantics, refusals, bad input."""

from __future__ import annotations

import ipaddress

import pytest

from aclc.cli import main
from aclc.errors import AclcError
from aclc.frontend import parse_policies_text
from aclc.importers import iptables
from aclc.importers.check import policy_action, sample_packets
from aclc.importers.render import render
from aclc.packet import Packet
from aclc.policy import ETH_ARP, ETH_IPV4

IFACES = {"eth0": 1, "eth1": 2, "wg0": 3}


def ip(text):
    return int(ipaddress.ip_address(text))


def save(*rules, policy="DROP", chains=("A", "B")):
    head = ["*filter", ":INPUT ACCEPT [0:0]", f":FORWARD {policy} [0:0]", ":OUTPUT ACCEPT [0:0]"]
    head += [f":{c} - [0:0]" for c in chains]
    return "\n".join(head + list(rules) + ["COMMIT", ""])


def agree(text, chain="FORWARD", n=1500):
    """Import, parse back, and compare with the chain evaluator on sampled packets."""
    ruleset, result = iptables.import_iptables(text, "fw.rules", chain, IFACES)
    policy = parse_policies_text(render(result))[result.acls[0].name]
    packets = sample_packets(ruleset.family, list(result.acls[0].rules), n, 1, IFACES.values())
    for p in packets:
        assert policy_action(policy, p) == iptables.evaluate(ruleset, chain, p), p
    return ruleset, result, policy


def tcp(src="192.0.2.1", dst="198.51.100.1", dport=80, sport=40000, in_port=1):
    return Packet(in_port=in_port, eth_type=ETH_IPV4, src=ip(src), dst=ip(dst), ip_proto=6,
                  src_port=sport, dst_port=dport)


def test_return_continues_after_the_jump_exactly():
    text = save(
        "-A FORWARD -p tcp -j A",
        "-A FORWARD -d 198.51.100.0/24 -j ACCEPT",
        "-A A -s 192.0.2.0/24 -j RETURN",
        "-A A -p tcp --dport 22 -j ACCEPT",
        "-A A -j DROP",
    )
    ruleset, _, policy = agree(text)
    # Returned from A, then accepted by the rule after the jump.
    assert iptables.evaluate(ruleset, "FORWARD", tcp()) == "permit"
    assert policy_action(policy, tcp()) == "permit"
    # Not returned: A drops it even though the later FORWARD rule would accept.
    other = tcp(src="203.0.113.1")
    assert iptables.evaluate(ruleset, "FORWARD", other) == "deny"
    assert policy_action(policy, other) == "deny"


def test_goto_returns_to_the_callers_caller():
    text = save(
        "-A FORWARD -j A",
        "-A FORWARD -j ACCEPT",
        "-A A -p tcp -g B",
        "-A A -j DROP",
        "-A B -p tcp --dport 25 -j DROP",
    )
    ruleset, _, _ = agree(text)
    assert iptables.evaluate(ruleset, "FORWARD", tcp(dport=80)) == "permit"  # B returned past A's DROP
    assert iptables.evaluate(ruleset, "FORWARD", tcp(dport=25)) == "deny"


def test_negations_and_interfaces():
    text = save(
        "-A FORWARD ! -i eth0 -p udp -j DROP",
        "-A FORWARD -i eth+ ! -p tcp -j ACCEPT",
        "-A FORWARD ! -s 10.0.0.0/8 -p tcp ! --dport 1024:65535 -j ACCEPT",
        "-A FORWARD -p icmp ! --icmp-type echo-request -j ACCEPT",
    )
    agree(text)


def test_nested_chains_with_returns_and_policy_accept():
    text = save(
        "-A FORWARD -s 10.0.0.0/8 -j A",
        "-A FORWARD -p udp -j DROP",
        "-A A -d 10.1.0.0/16 -j B",
        "-A A -p tcp --sport 1:1023 -j RETURN",
        "-A A -j REJECT",
        "-A B -p tcp -m multiport --dports 22,80,443 -j RETURN",
        "-A B -s 10.9.0.0/16 -j ACCEPT",
        policy="ACCEPT",
    )
    agree(text)


def test_undefined_chain_is_an_error_with_its_column():
    with pytest.raises(AclcError) as info:
        iptables.import_iptables(save("-A FORWARD -j NOWHERE"), "fw.rules")
    assert str(info.value).startswith("fw.rules:7:")
    assert "chain 'NOWHERE' is not defined" in str(info.value)


def test_jump_cycle_is_an_error():
    text = save("-A FORWARD -j A", "-A A -j B", "-A B -j A")
    with pytest.raises(AclcError, match="jumps back into itself"):
        iptables.import_iptables(text, "fw.rules")


def test_unmapped_interface_is_an_error(tmp_path, capsys):
    src = tmp_path / "fw.rules"
    src.write_text(save("-A FORWARD -i eth9 -j ACCEPT"))
    status = main(["import", "iptables", str(src), "-o", str(tmp_path / "o.acl")])
    err = capsys.readouterr().err
    assert status == 2 and "interface 'eth9' is not in the interface map" in err
    assert "fw.rules:7:15:" in err
    assert not (tmp_path / "o.acl").exists()


def test_untranslatable_rules_refused_unless_skipped(tmp_path, capsys):
    src = tmp_path / "fw.rules"
    src.write_text(save("-A FORWARD -m connmark --mark 1 -j ACCEPT",
                        "-A FORWARD -p tcp --tcp-option 2 -j DROP",
                        "-A FORWARD -m limit --limit 1/s -j LOG",
                        "-A FORWARD -p tcp --dport 22 -j ACCEPT"))
    out = tmp_path / "o.acl"
    status = main(["import", "iptables", str(src), "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and not out.exists()
    assert "fw.rules:7:" in err and "connmark" in err
    assert "fw.rules:8:" in err and "TCP options" in err
    assert "fw.rules:9:" not in err  # a LOG rule decides nothing, whatever it matches
    status = main(["import", "iptables", str(src), "-o", str(out), "--skip-unsupported", "--check"])
    err = capsys.readouterr().err
    # Both skipped lines change decisions: --check reports it (exit 1); the output is written.
    assert status == 1, err
    assert "fw.rules:7: warning: skipped:" in err and "fw.rules:8: warning: skipped:" in err
    text = out.read_text()
    assert "skipped line 7" in text and "skipped line 8" in text
    assert "permit ipv4 tcp from any to any port 22" in text


def test_reject_becomes_deny_and_says_so():
    _, result = iptables.import_iptables(save("-A FORWARD -p tcp -j REJECT --reject-with tcp-reset"),
                                         "fw.rules")
    assert "REJECT becomes deny" in render(result)


def test_only_lines_the_chain_reaches_must_be_translatable():
    text = save("-A INPUT -m connmark --mark 1 -j ACCEPT", "-A FORWARD -j ACCEPT")
    _, result = iptables.import_iptables(text, "fw.rules", "FORWARD")
    assert result.acls[0].name == "iptables-forward"


def test_non_ip_frames_pass_and_chain_policy_is_the_last_rule():
    ruleset, _, policy = agree(save("-A FORWARD -p tcp -j ACCEPT", policy="DROP"))
    arp = Packet(eth_type=ETH_ARP, src=1, dst=2)
    assert iptables.evaluate(ruleset, "FORWARD", arp) == policy_action(policy, arp) == "permit"


def test_bad_lines_are_all_reported(tmp_path, capsys):
    src = tmp_path / "fw.rules"
    src.write_text(save("-A FORWARD -p tcp --dport 99999 -j ACCEPT",
                        "-A FORWARD --bogus -j ACCEPT",
                        "-A FORWARD -s 300.1.1.1 -j ACCEPT",
                        "-A FORWARD --dport 80 -j ACCEPT"))
    status = main(["import", "iptables", str(src)])
    err = capsys.readouterr().err
    assert status == 2
    for line, words in ((7, "out of range"), (8, "unknown option '--bogus'"),
                        (9, "not an IPv4 address"), (10, "need '-p tcp'")):
        assert f"fw.rules:{line}:" in err and words in err
    assert "Traceback" not in err


def test_interface_map_errors_name_the_file(tmp_path):
    bad = tmp_path / "ifaces.yaml"
    bad.write_text("eth0: one\n")
    with pytest.raises(AclcError) as info:
        iptables.read_interface_map(bad)
    assert "ifaces.yaml:1" in str(info.value)


def test_unmapped_interfaces_matter_only_in_chains_the_import_reaches():
    text = save("-A INPUT -i eth7 -j ACCEPT", "-A FORWARD -p tcp -j ACCEPT")
    _, result = iptables.import_iptables(text, "fw.rules", "FORWARD", {})
    assert result.acls[0].rules[0].match.proto == 6
    with pytest.raises(AclcError, match="interface 'eth7'"):
        iptables.import_iptables(text, "fw.rules", "INPUT", {})


def test_lines_after_a_rule_taking_every_packet_are_said_to_never_match(tmp_path, capsys):
    # The import stops at a rule that decides every packet of the chain; the lines after it
    # have no rule, so lint could not report them: the import names them instead.
    src = tmp_path / "fw.rules"
    src.write_text(save("-A FORWARD -p tcp --dport 22 -j ACCEPT",
                        "-A FORWARD -j DROP",
                        "-A FORWARD -p tcp --dport 23 -j ACCEPT",
                        "-A FORWARD -m limit --limit 1/s -j LOG",
                        "-A FORWARD -s 10.0.0.0/8 -j A",
                        "-A A -j ACCEPT"))
    out = tmp_path / "o.acl"
    assert main(["import", "iptables", str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    text = out.read_text()
    for line in (9, 11):
        assert f"fw.rules:{line}: warning: never matches, so it has no rule: line 8 decides every packet first" in err
        assert f"# line {line} never matches and has no rule:" in text
    assert "fw.rules:10: warning: never" not in err  # LOG decides nothing anyway
    body = text.split("acl iptables-forward {")[1]
    assert "port 23" not in body and "10.0.0.0/8" not in body
    agree(src.read_text())


def test_a_jump_taking_every_packet_may_return_so_later_lines_still_count():
    text = save("-A FORWARD -j A",
                "-A FORWARD -p tcp --dport 23 -j ACCEPT",
                "-A A -s 10.0.0.0/8 -j RETURN",
                "-A A -j DROP")
    ruleset, result, policy = agree(text)
    assert result.acls[0].never == ()
    assert policy_action(policy, tcp(src="10.1.1.1", dport=23)) == "permit"


def test_dash_output_is_stdout(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "fw.rules"
    src.write_text(save("-A FORWARD -p tcp --dport 22 -j ACCEPT"))
    assert main(["import", "iptables", str(src), "-o", "-"]) == 0
    assert "permit ipv4 tcp from any to any port 22" in capsys.readouterr().out
    assert not (tmp_path / "-").exists()
