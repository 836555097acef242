"""Bad input never escapes as anything but AclcError, whatever the importers are fed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError
from aclc.importers import cisco, classbench_import, iptables

CISCO_WORDS = ["access-list", "101", "10", "ip", "ipv6", "extended", "standard", "permit", "deny",
               "remark", "tcp", "udp", "icmp", "any", "host", "10.0.0.1", "0.0.0.255", "255.0.0.0",
               "eq", "neq", "lt", "gt", "range", "80", "www", "65536", "object-group", "network",
               "service", "G", "group-object", "log", "established", "2001:db8::/32", "sequence",
               "echo", "3", "tcp-udp", "source", "!", "", "x", "\u00b2", "\u0668\u0660", "\u0661\u0660\u0661"]
IPT_WORDS = ["-A", "FORWARD", "A", "-s", "-d", "!", "-p", "tcp", "udp", "icmp", "--dport", "--sport",
             "1:2", "80", "-j", "ACCEPT", "RETURN", "A", "-g", "-m", "multiport", "--dports", "1,2",
             "--icmp-type", "8/0", "-i", "eth0", "10.0.0.0/8", "::1", "conntrack", "--ctstate", '"a b',
             "LOG", "-c", "MARK", "*filter", ":A", "-", "[0:0]", "COMMIT", "--src-range", "1.1.1.1-1.1.1.0",
             "\u00b2", "8/\u0660", "1:\u0669\u0660"]


def lines(words, prefix=""):
    line = st.lists(st.sampled_from(words), max_size=9).map(lambda ws: prefix + " ".join(ws))
    return st.lists(line, max_size=8)


@settings(max_examples=300, deadline=None)
@given(lines(CISCO_WORDS), lines(CISCO_WORDS, " "), st.booleans())
def test_cisco_garbage_is_reported_not_raised(top, indented, skip):
    text = "\n".join(t + "\n" + i for t, i in zip(top, indented + [""] * len(top)))
    try:
        cisco.import_cisco(text, "g.cfg", skip_unsupported=skip)
    except AclcError:
        pass


@settings(max_examples=300, deadline=None)
@given(lines(IPT_WORDS), st.booleans())
def test_iptables_garbage_is_reported_not_raised(body, skip):
    text = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:A - [0:0]\n" + "\n".join(body) + "\nCOMMIT\n"
    try:
        iptables.import_iptables(text, "g.rules", "FORWARD", {"eth0": 1}, skip)
    except AclcError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["@1.2.3.4/8", "1.2.3.0/24", "0 : 65535", "5 : 1", "0x06/0xFF",
                                 "0x06/0x0F", "0x0000/0x0000", "@x", "", "80 : 80"]), max_size=7))
def test_classbench_garbage_is_reported_not_raised(fields):
    try:
        classbench_import.import_classbench("\t".join(fields) + "\t\n", "g.cb")
    except AclcError:
        pass


# Only ASCII digits are numbers: str.isdigit() is true for '²' and int() reads '٨٠' as 80.
CISCO_NON_ASCII = [
    ("access-list 101 permit tcp any any eq \u00b2", 39),
    ("access-list 101 permit tcp any any eq \u0668\u0660", 39),
    ("access-list 101 permit tcp any any range 1 \u00b2", 44),
    ("access-list 101 permit tcp any any eq 80 \u00b2", 42),
    ("access-list \u0661\u0660\u0661 permit tcp any any eq 80", 13),
    ("access-list 101 permit \u0666 any any", 24),
    ("access-list 101 permit icmp any any \u0668", 37),
]
IPT_NON_ASCII = [
    ("-A FORWARD -p tcp --dport \u00b2 -j ACCEPT", 27),
    ("-A FORWARD -p tcp --dport 80:\u0669\u0660 -j ACCEPT", 27),
    ("-A FORWARD -p \u0666 -j ACCEPT", 15),
    ("-A FORWARD -p icmp --icmp-type 8/\u0660 -j ACCEPT", 32),
    ("-A FORWARD -p tcp -m multiport --dports 80,\u0669\u0660 -j ACCEPT", 41),
]


@pytest.mark.parametrize("line,column", CISCO_NON_ASCII)
def test_cisco_non_ascii_digits_are_refused_at_their_column(line, column):
    with pytest.raises(AclcError) as info:
        cisco.import_cisco(line + "\n", "r.cfg", skip_unsupported=False)
    assert (info.value.pos.file, info.value.pos.line, info.value.pos.column) == ("r.cfg", 1, column)


@pytest.mark.parametrize("line,column", IPT_NON_ASCII)
def test_iptables_non_ascii_digits_are_refused_at_their_column(line, column):
    text = "*filter\n:FORWARD DROP [0:0]\n" + line + "\nCOMMIT\n"
    with pytest.raises(AclcError) as info:
        iptables.import_iptables(text, "r.rules", "FORWARD", {}, False)
    assert (info.value.pos.line, info.value.pos.column) == (3, column)


def test_classbench_text_with_non_ascii_digits_is_refused():
    text = "@0.0.0.0/0\t0.0.0.0/0\t0 : 65535\t\u0668\u0660 : 80\t0x06/0xFF\t0x0000/0x0000\n"
    with pytest.raises(AclcError) as info:
        classbench_import.import_classbench(text, "r.cb")
    assert (info.value.pos.line, info.value.pos.column) == (1, 32) and "ASCII" in info.value.message


@pytest.mark.parametrize("fmt,text", [
    ("cisco", "access-list 101 permit tcp any any eq \u00b2\n"),
    ("iptables", "*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp --dport \u00b2 -j ACCEPT\nCOMMIT\n"),
])
def test_import_cli_non_ascii_digit_is_bad_input(tmp_path, capsys, fmt, text):
    from aclc.cli import main

    source = tmp_path / "rules.txt"
    source.write_text(text, encoding="utf-8")
    status = main(["import", fmt, str(source)])
    err = capsys.readouterr().err
    assert status == 2 and f"{source}:" in err and "error:" in err and "internal error" not in err
