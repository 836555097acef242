"""aclc check and the command-line packet syntax."""

from __future__ import annotations

import pytest

from aclc.errors import AclcError
from aclc.packet_parse import parse_packet
from aclc.policy import ETH_ARP, ETH_IPV6

from analysis_support import assert_golden, run_cli


def test_packet_syntax():
    p = parse_packet("tcp 10.0.0.1:1234 -> 192.0.2.10:443 in_port 7")
    assert (p.src, p.src_port, p.dst, p.dst_port, p.ip_proto, p.in_port) == (0x0A000001, 1234, 0xC000020A, 443, 6, 7)
    p = parse_packet("udp [2001:db8::1]:53 -> [2001:db8::2]:53")
    assert p.eth_type == ETH_IPV6 and p.dst_port == 53 and p.ip_proto == 17
    p = parse_packet("icmp 10.0.0.1 -> 10.0.0.2 type 8 code 0")
    assert (p.icmp_type, p.icmp_code) == (8, 0)
    assert parse_packet("icmp [::1] -> [::2] type echo-request").ip_proto == 58
    assert parse_packet("arp 10.0.0.1 -> 10.0.0.2").eth_type == ETH_ARP
    assert str(parse_packet("tcp 10.0.0.1:1->10.0.0.2:2")) == "tcp 10.0.0.1:1 -> 10.0.0.2:2 in_port 1"


@pytest.mark.parametrize("text,column,words", [
    ("tcp 10.0.0.1 -> 10.0.0.2:80", 5, "source port"),
    ("tcp 10.0.0.300:1 -> 10.0.0.2:80", 5, "not an IPv4"),
    ("udp 10.0.0.1:1 => 10.0.0.2:80", 16, "expected '->'"),
    ("bogus 10.0.0.1 -> 10.0.0.2", 1, "unknown protocol"),
    ("tcp 10.0.0.1:70000 -> 10.0.0.2:80", 14, "bad port"),
    ("icmp 10.0.0.1 -> 10.0.0.2 type 300", 32, "out of range"),
    ("tcp 10.0.0.1:1 -> [::1]:2", 19, "different families"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:2 colour red", 30, "unknown option"),
    ("icmp 10.0.0.1:5 -> 10.0.0.2", 6, "no ports"),
    ("tcp 10.0.0.1:1 ->", 18, "destination address"),
    # Only ASCII digits are numbers: int() would take other scripts' digits and '1_0'.
    ("tcp 10.0.0.1:1 -> 10.0.0.2:\u0668\u0660", 28, "bad port"),
    ("tcp 10.0.0.1:\u00b2 -> 10.0.0.2:80", 14, "bad port"),
    ("udp [::1]:\u00b2 -> [::2]:53", 11, "bad port"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port \u0668", 39, "in_port number"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port \u00b2", 39, "in_port number"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 1_0", 39, "in_port number"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 0o17", 39, "in_port number"),
    ("icmp 10.0.0.1 -> 10.0.0.2 type \u0668", 32, "ICMP type"),
    ("ethertype \uff18\uff18cc", 11, "ethertype"),
])
def test_packet_errors_name_the_column(text, column, words):
    with pytest.raises(AclcError) as info:
        parse_packet(text)
    assert info.value.pos.column == column and words in info.value.message


def test_golden_check_with_target(capsys, monkeypatch):
    status, out, _ = run_cli(capsys, monkeypatch, "check", "tests/golden/analysis/lint.acl",
                             "tcp 10.1.2.3:1234 -> 192.0.2.10:80", "--target", "ovs")
    assert status == 0
    assert "lint.acl:3" in out and "permit" in out
    assert_golden("check-ovs.txt", out)


def test_golden_check_default_rule_on_lagopus(capsys, monkeypatch):
    status, out, _ = run_cli(capsys, monkeypatch, "check", "tests/golden/analysis/lint.acl",
                             "udp 10.9.9.9:5 -> 192.0.2.10:53", "--target", "lagopus")
    assert status == 0 and "default deny" in out and "drop" in out
    assert_golden("check-lagopus.txt", out)


def test_numbers_are_ascii_decimal_or_hex():
    assert parse_packet("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 0x10").in_port == 16
    assert parse_packet("ethertype 0x88cc").eth_type == 0x88CC
    assert parse_packet("icmp 10.0.0.1 -> 10.0.0.2 type 08").icmp_type == 8


@pytest.mark.parametrize("packet", ["tcp 10.0.0.1:1 -> 10.0.0.2:\u0668\u0660", "tcp 10.0.0.1:1 -> 10.0.0.2:\u00b2",
                                    "tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port \u00b2"])
def test_non_ascii_digits_are_bad_input_not_a_crash(capsys, monkeypatch, packet):
    status, out, err = run_cli(capsys, monkeypatch, "check", "tests/golden/analysis/lint.acl", packet)
    assert status == 2 and "<packet>:1:" in err and "error:" in err
    assert "internal error" not in err and out == ""


def test_bad_packet_exits_2(capsys, monkeypatch):
    status, _, err = run_cli(capsys, monkeypatch, "check", "tests/golden/analysis/lint.acl", "tcp 1.2.3.4 -> 5.6.7.8:1")
    assert status == 2 and "<packet>:1:5: error:" in err


@pytest.mark.parametrize("options,words", [
    (["--table-base", "5"], ["flow:     table=5 ", "(lagopus, "]),
    (["--permit", "output:2"], ["switch:   output:2"]),
    (["--strategy", "multi"], ["(lagopus, multi)"]),
])
def test_compile_option_without_target_asks_for_the_flow(capsys, monkeypatch, options, words):
    """A compile option is never accepted and ignored: it shows the flow on the default target."""
    status, out, err = run_cli(capsys, monkeypatch, "check", "tests/golden/analysis/lint.acl",
                               "tcp 10.1.2.3:1234 -> 192.0.2.10:80", *options)
    assert status == 0, err
    for word in words:
        assert word in out


def test_without_compile_options_only_the_acl_is_asked(capsys, monkeypatch):
    status, out, _ = run_cli(capsys, monkeypatch, "check", "tests/golden/analysis/lint.acl",
                             "tcp 10.1.2.3:1234 -> 192.0.2.10:80")
    assert status == 0 and "decision:" in out and "flow:" not in out


def test_priority_options_without_target_take_effect(capsys, monkeypatch):
    status, _, err = run_cli(capsys, monkeypatch, "check", "tests/golden/analysis/lint.acl",
                             "tcp 10.1.2.3:1234 -> 192.0.2.10:80", "--priority-base", "7", "--priority-max", "9")
    assert status == 2 and "between priority 7 and 9" in err


@pytest.mark.parametrize("text,column,words", [
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 0", 39, "in_port 0 is not a switch port number"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 0x0", 39, "not a switch port number"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 4294967041", 39, "not a switch port number"),
    ("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 1 in_port 2", 41, "'in_port' is given twice"),
    ("icmp 10.0.0.1 -> 10.0.0.2 type 8 type 3", 34, "'type' is given twice"),
    ("icmp 10.0.0.1 -> 10.0.0.2 code 1 code 1", 34, "'code' is given twice"),
])
def test_packet_in_port_zero_and_repeated_options_are_refused(text, column, words):
    with pytest.raises(AclcError) as info:
        parse_packet(text)
    assert info.value.pos.column == column and words in info.value.message
    assert parse_packet("tcp 10.0.0.1:1 -> 10.0.0.2:80 in_port 4294967040").in_port == 0xFFFFFF00


@pytest.mark.parametrize("body", [
    "networks:\n  A: !!python/tuple [10.0.0.0/8]\n",
    "networks:\n  A: !!python/object/apply:os.system [echo]\n",
    "networks:\n  !!python/str A: 10.0.0.0/8\n",
    "networks:\n  A: &x !!python/str 10.0.0.0/8\n",
    "networks: !!python/object:x\n  A: 10.0.0.0/8\n",
    "services:\n  W: [!!python/name:os.system tcp 80]\n",
])
def test_yaml_tags_anywhere_in_definitions_get_the_tags_message(capsys, monkeypatch, tmp_path, body):
    definitions = tmp_path / "d.yaml"
    definitions.write_text(body)
    status, out, err = run_cli(capsys, monkeypatch, "check", "-d", str(definitions), "tests/golden/analysis/lint.acl",
                               "tcp 10.1.2.3:1234 -> 192.0.2.10:80")
    assert status == 2 and out == ""
    assert "YAML tags ('!...') are not allowed" in err and "syntax error" not in err, err


def test_stdout_write_error_is_reported_as_such_not_as_a_bug(tmp_path):
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "aclc", "check", "tests/golden/analysis/lint.acl",
                               "tcp 10.1.2.3:1234 -> 192.0.2.10:80"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "error: cannot write to standard output: No space left on device", done.stderr


def test_ipv6_packet_against_non_ip_permit_is_decided_by_the_default(capsys, monkeypatch, tmp_path):
    source = tmp_path / "t.acl"
    source.write_text("acl T {\n    default deny\n    non-ip permit\n    permit ipv4 tcp from any to any\n}\n")
    status, out, _ = run_cli(capsys, monkeypatch, "check", str(source), "tcp [2001:db8::1]:1 -> [2001:db8::2]:80")
    assert status == 0
    assert f"ACL line: {source}:2: default deny (no rule matches)" in out and "non-ip" not in out
    assert out.splitlines()[-1] == "decision: deny"
    status, out, _ = run_cli(capsys, monkeypatch, "check", str(source), "ethertype 0x88cc")
    assert f"ACL line: {source}:3: non-ip permit" in out and "decision: permit" in out
    status, out, _ = run_cli(capsys, monkeypatch, "check", str(source), "tcp 10.0.0.1:1 -> 10.0.0.2:80")
    assert f"ACL line: {source}:4:" in out and "decision: permit (rule 0)" in out
