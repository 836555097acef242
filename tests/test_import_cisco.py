"""Cisco IOS importer: what it reads, what it refuses, and how it reports bad input."""

from __future__ import annotations

import pytest

from aclc.cli import main
from aclc.errors import AclcError
from aclc.frontend import parse_policies_text
from aclc.importers import cisco
from aclc.importers.render import render
from aclc.packet import Packet
from aclc.policy import ETH_ARP, ETH_IPV4, ETH_IPV6, Prefix


def ip(text: str) -> int:
    import ipaddress

    return int(ipaddress.ip_address(text))


def run(tmp_path, capsys, text, *args):
    src = tmp_path / "r.cfg"
    src.write_text(text)
    out = tmp_path / "out.acl"
    status = main(["import", "cisco", str(src), "-o", str(out), *args])
    return status, capsys.readouterr().err, out


def test_contiguous_wildcard_is_one_prefix():
    w = cisco.Wildcard(ip("10.1.0.0"), ip("0.0.255.255"), 32)
    assert cisco.wildcard_prefixes(w) == (Prefix(ip("10.1.0.0"), 16, 32),)


def test_noncontiguous_wildcard_expands_to_exactly_the_matching_prefixes():
    w = cisco.Wildcard(ip("10.1.0.0"), ip("0.0.6.255"), 32)
    prefixes = cisco.wildcard_prefixes(w)
    assert [str(p) for p in prefixes] == ["10.1.0.0/24", "10.1.2.0/24", "10.1.4.0/24", "10.1.6.0/24"]
    # Every address of the /21 is in the expansion exactly when the wildcard matches it.
    for address in range(ip("10.1.0.0"), ip("10.1.8.0"), 97):
        assert any(p.contains(address) for p in prefixes) == w.matches(address)


def test_huge_noncontiguous_wildcard_is_refused_with_its_line(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys,
                           "access-list 101 permit ip any 0.0.0.0 255.255.255.0\n")
    assert status == 2
    assert "r.cfg:1:" in err and "255.255.255.0 is not contiguous" in err and "16777216 prefixes" in err
    assert not out.exists()


def test_subnet_mask_written_as_wildcard_is_read_as_ios_does(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys, "access-list 10 permit 10.0.0.0 255.0.0.0\n")
    assert status == 0, err
    text = out.read_text()
    assert "looks like a subnet mask, but IOS reads it as a wildcard" in text
    policy = parse_policies_text(text)["acl-10"]
    assert len(policy.rules[0].src) == 256  # x.0.0.0/32 for every first octet x


def test_unsupported_lines_fail_by_default_listing_every_line(tmp_path, capsys):
    text = ("ip access-list extended X\n"
            " permit tcp any any fragments\n"
            " permit ip any any dscp ef\n"
            " deny ip any any\n")
    status, err, out = run(tmp_path, capsys, text)
    assert status == 2
    assert "r.cfg:2:" in err and "fragment" in err
    assert "r.cfg:3:" in err and "dscp" in err
    assert "--skip-unsupported" in err
    assert not out.exists()


def test_skip_unsupported_marks_each_skipped_line(tmp_path, capsys):
    text = ("ip access-list extended X\n"
            " permit tcp any any fragments\n"
            " deny ip any any\n")
    status, err, out = run(tmp_path, capsys, text, "--skip-unsupported")
    assert status == 0, err
    assert "r.cfg:2: warning: skipped" in err
    assert "# skipped line 2: permit tcp any any fragments" in out.read_text()


def test_unknown_object_group_is_an_error_at_its_column(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys,
                           "ip access-list extended X\n permit ip object-group NOPE any\n")
    assert status == 2
    assert "r.cfg:2:25: error: unknown object-group 'NOPE'" in err
    assert not out.exists()


def test_every_bad_line_is_reported(tmp_path, capsys):
    text = ("access-list 101 permit tcp any any eq nosuchport\n"
            "access-list 101 permit foo any any\n"
            "access-list 101 permit ip 10.0.0.300 0.0.0.255 any\n")
    status, err, _ = run(tmp_path, capsys, text)
    assert status == 2
    assert "r.cfg:1:" in err and "unknown port name 'nosuchport'" in err
    assert "r.cfg:2:" in err and "unknown protocol 'foo'" in err
    assert "r.cfg:3:" in err and "not an IPv4 address" in err
    assert "Traceback" not in err


def test_acl_option_picks_one_and_names_the_others_when_wrong(tmp_path, capsys):
    text = "access-list 10 permit any\naccess-list 20 deny any\n"
    status, err, out = run(tmp_path, capsys, text, "--acl", "20")
    assert status == 0, err
    assert list(parse_policies_text(out.read_text())) == ["acl-20"]
    status, err, _ = run(tmp_path, capsys, text, "--acl", "30")
    assert status == 2 and "10, 20" in err


def test_sequence_numbers_order_the_entries():
    text = ("ip access-list extended X\n"
            " 20 permit ip any any\n"
            " 10 deny ip host 10.0.0.1 any\n")
    config, result = cisco.import_cisco(text, "r.cfg")
    packet = Packet(eth_type=ETH_IPV4, src=ip("10.0.0.1"), dst=1, ip_proto=6)
    assert cisco.evaluate(config, "X", packet) == "deny"
    assert result.acls[0].rules[0].action == "deny"


def test_evaluator_semantics():
    text = ("object-group network G\n host 10.0.0.5\n range 10.0.1.1 10.0.1.3\n"
            "object-group service S\n tcp-udp eq domain\n"
            "ip access-list extended X\n"
            " permit object-group S any object-group G\n"
            " permit tcp any 10.2.0.0 0.0.255.0 neq 22 23\n"
            "ipv6 access-list V6\n"
            " deny ipv6 2001:db8::/32 any\n")
    config, _ = cisco.import_cisco(text, "r.cfg")
    udp53 = Packet(eth_type=ETH_IPV4, src=7, dst=ip("10.0.1.3"), ip_proto=17, dst_port=53)
    assert cisco.evaluate(config, "X", udp53) == "permit"
    assert cisco.evaluate(config, "X", Packet(**{**udp53.__dict__, "dst": ip("10.0.1.4")})) == "deny"
    tcp = Packet(eth_type=ETH_IPV4, dst=ip("10.2.77.0"), ip_proto=6, src_port=80, dst_port=23)
    assert cisco.evaluate(config, "X", tcp) == "deny"  # neq 22 23: after the destination, so its ports
    assert cisco.evaluate(config, "X", Packet(**{**tcp.__dict__, "dst_port": 24})) == "permit"
    assert cisco.evaluate(config, "X", Packet(**{**tcp.__dict__, "dst": ip("10.2.77.1")})) == "deny"
    assert cisco.evaluate(config, "X", Packet(eth_type=ETH_ARP)) == "permit"
    nd = Packet(eth_type=ETH_IPV6, src=ip("2001:db8::1"), ip_proto=58, icmp_type=135)
    assert cisco.evaluate(config, "V6", nd) == "deny"  # the explicit deny comes before the implicit ND permits
    nd_other = Packet(**{**nd.__dict__, "src": ip("2001:db9::1")})
    assert cisco.evaluate(config, "V6", nd_other) == "permit"


def test_ipv6_acl_keeps_the_implicit_neighbour_discovery_permits():
    config, result = cisco.import_cisco("ipv6 access-list V6\n permit tcp any any eq 22\n", "r.cfg")
    text = render(result)
    assert "permit ipv6 icmpv6 from any to any type 136" in text
    assert "permit ipv6 icmpv6 from any to any type 135" in text


def test_object_group_cycle_is_an_error():
    text = ("object-group network A\n group-object B\n"
            "object-group network B\n group-object A\n"
            "access-list 101 permit ip object-group A any\n")
    with pytest.raises(AclcError, match="includes itself"):
        cisco.import_cisco(text, "r.cfg")


def test_remarks_and_source_lines_are_kept():
    text = "access-list 101 remark web\naccess-list 101 permit tcp any host 10.0.0.1 eq www\n"
    _, result = cisco.import_cisco(text, "r.cfg")
    out = render(result)
    assert '# line 2: access-list 101 permit tcp any host 10.0.0.1 eq www' in out
    assert 'remark "web"' in out
    assert "non-ip permit" in out and "default deny" in out


def test_acl_left_without_entries_still_imports_as_deny(tmp_path, capsys):
    text = "access-list 101 remark nothing yet\naccess-list 101 permit tcp any any fragments\n"
    status, err, out = run(tmp_path, capsys, text, "--skip-unsupported", "--check")
    # The skipped permit makes the import deny more: --check says so and exits 1, the output is written.
    assert status == 1, err
    assert "the import denies more" in err and "proved" not in err
    policy = parse_policies_text(out.read_text())["acl-101"]
    assert policy.rules[0].action.value == "deny" and policy.rules[0].src is None


def test_acl_with_only_remarks_is_refused(tmp_path, capsys):
    status, err, out = run(tmp_path, capsys, "access-list 101 remark placeholder\n")
    assert status == 2 and "r.cfg:1:1:" in err and "no entries" in err
    assert not out.exists()


@pytest.mark.parametrize("text", ["0.0.0.0", "255.255.255.255", "10.1.2.3", "199.250.9.99", "01.2.3.4",
                                  "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.-4", "1.2.3.4 ", "١.2.3.4", "a.b.c.d"])
def test_address_reading_agrees_with_ipaddress(text):
    import ipaddress

    try:
        want = int(ipaddress.IPv4Address(text))
    except ValueError:
        with pytest.raises(cisco.LineError, match="is not an IPv4 address"):
            cisco._parse_ip(text, 4, 1)
    else:
        assert cisco._parse_ip(text, 4, 1) == want
        assert cisco._parse_ip(text, 4, 1) == want  # again, from the cache


@pytest.mark.parametrize("wildcard", [0, 1, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF])
def test_contiguous_wildcards_give_the_prefix_of_the_general_expansion(wildcard):
    value = 0x0A0B0C0D
    w = cisco.Wildcard(value, wildcard, 32)
    length = 32 - wildcard.bit_length()
    assert cisco.wildcard_prefixes(w) == (Prefix(value & ~wildcard & 0xFFFFFFFF, length, 32),)
