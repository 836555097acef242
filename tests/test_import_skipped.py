"""Importers never overstate: skipped lines are modelled by their effect in --check, warned about
line by line with the way the import errs, and the other small refusals of ``aclc import``."""

from __future__ import annotations

import ipaddress

import pytest

from aclc.cli import main
from aclc.frontend import parse_policies_text
from aclc.importers import cisco, exact, iptables
from aclc.importers.check import policy_action
from aclc.importers.render import render
from aclc.packet import Packet
from aclc.policy import ETH_IPV4

needs_bdd = pytest.mark.skipif(not exact.available(), reason="dd.cudd is not installed")

ESTABLISHED = "ip access-list extended T\n deny tcp any any fragments\n permit tcp any any\n"


def ip(text):
    return int(ipaddress.ip_address(text))


def tcp(dport=80, src="192.0.2.1", dst="198.51.100.1", in_port=1):
    return Packet(in_port=in_port, eth_type=ETH_IPV4, src=ip(src), dst=ip(dst), ip_proto=6, src_port=40000,
                  dst_port=dport)


def save(*rules, policy="ACCEPT", chains=("A",)):
    head = ["*filter", ":INPUT ACCEPT [0:0]", f":FORWARD {policy} [0:0]", ":OUTPUT ACCEPT [0:0]"]
    head += [f":{c} - [0:0]" for c in chains]
    return "\n".join(head + list(rules) + ["COMMIT", ""])


def run(tmp_path, capsys, kind, text, *args, name="src"):
    src = tmp_path / name
    src.write_text(text)
    out = tmp_path / "out.acl"
    status = main(["import", kind, str(src), "-o", str(out), *args])
    captured = capsys.readouterr()
    return status, captured.err, out


# ---------------------------------------------------------------- skipped lines in --check


@needs_bdd
def test_skipped_cisco_deny_is_never_called_proved(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys, "cisco", ESTABLISHED, "--skip-unsupported", "--check")
    assert status == 1, err
    assert "proved" not in err
    # The warning names the line, the reason, the direction and the packets it concerns.
    assert "src:2: warning: skipped: fragment" in err
    assert "the import may permit more for packets of: ipv4 tcp from any to any" in err
    # The check says what it did prove, and the effect of the skipped line with an example.
    assert "equal to the source (BDD) except for its 1 skipped line" in err
    assert "src:2: the import permits more (e.g. tcp " in err
    assert "not equivalent to the source" in err and "1 makes it permit more" in err
    # The output is written, says the same, and permits every TCP packet (the source denies some).
    text = out.read_text()
    assert "# skipped line 2: deny tcp any any fragments" in text and "may permit more" in text
    policy = parse_policies_text(text)["T"]
    assert policy_action(policy, tcp(22)) == "permit"


@needs_bdd
def test_skipped_iptables_state_drop_is_never_called_proved(tmp_path, capsys):
    text = save("-A FORWARD -m recent --rcheck -j DROP", "-A FORWARD -p tcp -j ACCEPT", policy="DROP")
    status, err, out = run(tmp_path, capsys, "iptables", text, "--skip-unsupported", "--check")
    assert status == 1, err
    assert "proved" not in err
    assert "src:6: warning: skipped: -m recent" in err and "may permit more for packets of: ipv4 from any to any" in err
    assert "src:6: the import permits more (e.g. tcp " in err
    assert "skipped line 6: -A FORWARD -m recent --rcheck -j DROP" in out.read_text()


def test_source_evaluators_model_a_skipped_line_by_its_effect():
    config, _ = cisco.import_cisco(ESTABLISHED, "t.cfg", skip_unsupported=True)
    # As the import assumes (the untested condition never holds) and the other way.
    assert cisco.evaluate(config, "T", tcp()) == "permit"
    assert cisco.evaluate(config, "T", tcp(), frozenset({2})) == "deny"
    ruleset, _ = iptables.import_iptables(save("-A FORWARD -m recent --rcheck -j DROP"), "f.rules",
                                          skip_unsupported=True)
    assert iptables.evaluate(ruleset, "FORWARD", tcp()) == "permit"
    assert iptables.evaluate(ruleset, "FORWARD", tcp(), frozenset({6})) == "deny"


@needs_bdd
def test_skipped_line_that_changes_nothing_is_proved_harmless_without_the_word_proved(tmp_path, capsys):
    # Every packet the skipped permit could decide is permitted by the next line anyway.
    text = "ip access-list extended T\n permit tcp any any fragments\n permit tcp any any\n"
    status, err, _ = run(tmp_path, capsys, "cisco", text, "--skip-unsupported", "--check")
    assert status == 0, err
    assert "proved" not in err
    assert "src:2: changes no decision" in err
    assert "the 1 skipped line change no decision" in err


@needs_bdd
def test_exact_proof_reports_each_direction():
    text = save("-A FORWARD -p udp -m connmark --mark 1 -j ACCEPT",
                "-A FORWARD -p tcp -m recent --rcheck -j DROP",
                "-A FORWARD -p tcp --dport 22 -j ACCEPT", policy="DROP")
    ruleset, result = iptables.import_iptables(text, "f.rules", skip_unsupported=True)
    acl = result.acls[0]
    policy = parse_policies_text(render(result))[acl.name]
    proof = iptables.exact_iptables(ruleset, "FORWARD", policy, acl.skipped)
    assert proof.mismatch is None
    effects = {e.line: e for e in proof.effects}
    assert effects[6].denies_more is not None and effects[6].permits_more is None
    assert effects[6].denies_more.ip_proto == 17
    assert effects[7].permits_more is not None and effects[7].denies_more is None
    assert effects[7].permits_more.ip_proto == 6 and effects[7].permits_more.dst_port == 22
    assert [s.errs for s in acl.skipped] == ["deny more", "permit more"]


def test_skipped_jump_errs_either_way():
    text = save("-A FORWARD -m connmark --mark 1 -j A", "-A A -j DROP")
    _, result = iptables.import_iptables(text, "f.rules", skip_unsupported=True)
    (skipped,) = result.acls[0].skipped
    assert skipped.action is None and skipped.errs == "permit more or deny more"


# ---------------------------------------------------------------- warnings


def test_iptables_warns_per_skipped_line_with_a_count(tmp_path, capsys):
    text = save("-A FORWARD -p tcp --dport 22 -m connmark --mark 1 -j ACCEPT",
                "-A FORWARD -p udp -m limit --limit 1/s -j DROP")
    status, err, _ = run(tmp_path, capsys, "iptables", text, "--skip-unsupported")
    assert status == 0, err
    assert ("src:6: warning: skipped: -m connmark: connection marks keep state; the import may deny more for "
            "packets of: ipv4 tcp from any to any port 22") in err
    assert "src:7: warning: skipped: -m limit" in err and "may permit more for packets of: ipv4 udp" in err
    assert "warning: 2 lines not imported exactly" in err


def test_huge_dumps_cap_the_per_line_warnings(tmp_path, capsys):
    rules = [f"-A FORWARD -p tcp --dport {1000 + i} -m connmark --mark 1 -j ACCEPT" for i in range(45)]
    status, err, out = run(tmp_path, capsys, "iptables", save(*rules), "--skip-unsupported")
    assert status == 0, err
    lines = err.splitlines()
    assert sum(": warning: skipped:" in line for line in lines) == 20
    assert "warning: 25 more skipped lines not shown" in err
    assert "warning: 45 lines not imported exactly: 45 may make the import deny more" in err
    assert out.read_text().count("# skipped line") == 45


def test_cisco_line_outside_any_ip_acl_is_warned(tmp_path, capsys):
    text = "access-list 250 permit 0000.0000.0001\nip access-list extended T\n permit ip any any\n"
    status, err, _ = run(tmp_path, capsys, "cisco", text, "--skip-unsupported")
    assert status == 0, err
    assert "src:1: warning: skipped: access-list 250 is not an IP access list" in err
    assert "nothing of it is imported" in err


# ---------------------------------------------------------------- -o naming an input


@pytest.mark.parametrize("kind,text", [
    ("cisco", ESTABLISHED),
    ("iptables", save("-A FORWARD -j DROP")),
    ("classbench", "@1.2.3.4/32\t5.6.7.8/32\t0 : 65535\t80 : 80\t0x06/0xFF\t\n"),
])
def test_output_naming_the_input_is_refused(tmp_path, capsys, monkeypatch, kind, text):
    src = tmp_path / "src"
    src.write_text(text)
    monkeypatch.chdir(tmp_path)
    status = main(["import", kind, "src", "-o", str(tmp_path / "." / "src"), "--skip-unsupported"][
        : 5 if kind == "classbench" else 6])
    err = capsys.readouterr().err
    assert status == 2
    assert f"error: -o {tmp_path / '.' / 'src'} is an input (src); refusing to overwrite it" in err
    assert src.read_text() == text


def test_output_naming_the_interface_map_is_refused(tmp_path, capsys):
    src = tmp_path / "fw.rules"
    src.write_text(save("-A FORWARD -i eth0 -j DROP"))
    ifaces = tmp_path / "ports.yaml"
    ifaces.write_text("eth0: 1\n")
    status = main(["import", "iptables", str(src), "--interfaces", str(ifaces), "-o", str(ifaces)])
    assert status == 2 and "refusing to overwrite it" in capsys.readouterr().err
    assert ifaces.read_text() == "eth0: 1\n"


# ---------------------------------------------------------------- empty port ranges


@needs_bdd
def test_empty_port_range_never_matches_and_is_imported_exactly(tmp_path, capsys):
    text = save("-A FORWARD -p tcp --dport 60000:29 -j DROP",
                "-A FORWARD -p tcp -s 10.0.0.0/8 ! --sport 60000:29 -j DROP",
                "-A FORWARD -p tcp --dport 22 -j DROP")
    status, err, out = run(tmp_path, capsys, "iptables", text, "--check")
    assert status == 0, err
    assert "proved: every packet is decided alike (BDD)" in err
    assert ("src:6: warning: never matches, so it has no rule: --dport 60000:29 is an empty port range "
            "(its first port is above its last): the kernel accepts it, and no packet matches it") in err
    written = out.read_text()
    assert "# line 6 never matches and has no rule: -A FORWARD -p tcp --dport 60000:29 -j DROP" in written
    policy = parse_policies_text(written)["iptables-forward"]
    assert policy_action(policy, tcp(100)) == "permit"
    assert policy_action(policy, tcp(100, src="10.1.2.3")) == "deny"  # '! --sport <empty>': every TCP packet
    assert policy_action(policy, tcp(22)) == "deny"


def test_empty_multiport_range_is_still_an_error():
    with pytest.raises(Exception) as info:
        iptables.import_iptables(save("-A FORWARD -p tcp -m multiport --dports 60000:29 -j DROP"), "f.rules")
    assert "empty port range" in str(info.value)


# ---------------------------------------------------------------- small refusals


def test_two_targets_are_refused(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys, "iptables", save("-A FORWARD -j DROP -j ACCEPT"))
    assert status == 2 and not out.exists()
    assert "src:6:20: error: a second target (-j)" in err


def test_empty_classbench_file_is_refused(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys, "classbench", "\n \n")
    assert status == 2 and not out.exists()
    assert "no ClassBench lines: the file is empty or blank" in err


def test_rule_limit_message_names_the_plain_chain(monkeypatch):
    monkeypatch.setattr(iptables, "MAX_RULES", 3)
    rules = [f"-A FORWARD -p tcp --dport {p} -j DROP" for p in range(1, 6)]
    with pytest.raises(Exception) as info:
        iptables.import_iptables(save(*rules), "f.rules")
    assert "chain FORWARD has more than 3 deciding rules" in str(info.value)
    assert "user chains" not in str(info.value)
    with pytest.raises(Exception) as info:
        iptables.import_iptables(save("-A FORWARD -p tcp -j A", *[f"-A A -p tcp --dport {p} -j DROP"
                                                                  for p in range(1, 6)]), "f.rules")
    assert "inlining the user chains of FORWARD (A)" in str(info.value)


# ---------------------------------------------------------------- unmapped interfaces


@needs_bdd
@pytest.mark.parametrize("mode,errs,status", [("skip", "permit more", 1), ("any", "deny more", 1)])
def test_unmapped_interface_modes(tmp_path, capsys, mode, errs, status):
    text = save("-A FORWARD -i eth9 -p tcp -j DROP", "-A FORWARD -i eth0 -p udp -j DROP")
    ifaces = tmp_path / "ports.yaml"
    ifaces.write_text("eth0: 1\n")
    code, err, out = run(tmp_path, capsys, "iptables", text, "--interfaces", str(ifaces),
                         "--unmapped-interface", mode, "--check")
    assert code == status, err
    assert "-i eth9: the interface is not in the interface map" in err
    assert f"the import may {errs} for packets of: ipv4 tcp from any to any" in err
    assert "proved" not in err
    policy = parse_policies_text(out.read_text())["iptables-forward"]
    assert policy_action(policy, tcp(in_port=1)) == ("deny" if mode == "any" else "permit")


def test_unmapped_interface_is_an_error_by_default(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys, "iptables", save("-A FORWARD -i eth9 -j DROP"))
    assert status == 2 and not out.exists()
    assert "interface 'eth9' is not in the interface map" in err


@needs_bdd
def test_one_build_effects_equal_a_rebuild_per_line():
    """The effect of a plain skipped permit or deny, read from the one source build, is the same set
    of packets a whole new build with that line's condition holding gives."""
    text = ("ip access-list extended T\n deny tcp 10.0.0.0 0.255.255.255 any fragments\n"
            " permit tcp any any eq 22\n permit udp any any dscp ef\n deny udp 10.1.0.0 0.0.255.255 any\n"
            " permit ip any any\n deny tcp any any eq 80 fragments\n")
    config, result = cisco.import_cisco(text, "t.cfg", skip_unsupported=True)
    acl = result.acls[0]
    policy = parse_policies_text(render(result))[acl.name]
    fast = cisco.exact_cisco(config, "T", policy, acl.skipped)
    slow = exact.prove(4, lambda space, assume, taken: cisco.cisco_permit(space, config, "T", assume), policy,
                       acl.skipped)
    assert fast == slow and len(fast.effects) == 3
    effects = {e.line: e for e in fast.effects}
    assert effects[2].permits_more is not None and effects[2].denies_more is None
    assert effects[4].denies_more is not None and effects[4].denies_more.src >> 16 == ip("10.1.0.0") >> 16
    assert effects[7].changes_nothing  # shadowed by 'permit ip any any'
    text = save("-A FORWARD -m recent --rcheck -j DROP", "-A FORWARD -p udp -m connmark --mark 1 -j ACCEPT",
                "-A FORWARD -p udp -j A", "-A A -p udp --dport 53 -m connmark --mark 1 -j ACCEPT", "-A A -j DROP")
    ruleset, result = iptables.import_iptables(text, "f.rules", skip_unsupported=True)
    acl = result.acls[0]
    policy = parse_policies_text(render(result))[acl.name]
    fast = iptables.exact_iptables(ruleset, "FORWARD", policy, acl.skipped)
    slow = exact.prove(4, lambda space, assume, taken: iptables.iptables_permit(space, ruleset, "FORWARD", assume),
                       policy, acl.skipped)
    assert fast == slow and all(e.analysed for e in fast.effects) and len(fast.effects) == 3
