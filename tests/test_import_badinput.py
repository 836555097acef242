"""Bad input never escapes as anything but AclcError, whatever the importers are fed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError
from aclc.importers import cisco, classbench_import, iptables

CISCO_WORDS = ["access-list", "101", "10", "ip", "ipv6", "extended", "standard", "permit", "deny",
               "remark", "tcp", "udp", "icmp", "any", "host", "10.0.0.1", "0.0.0.255", "255.0.0.0",
               "eq", "neq", "lt", "gt", "range", "80", "www", "65536", "object-group", "network",
               "service", "G", "group-object", "log", "established", "2001:db8::/32", "sequence",
               "echo", "3", "tcp-udp", "source", "!", "", "x"]
IPT_WORDS = ["-A", "FORWARD", "A", "-s", "-d", "!", "-p", "tcp", "udp", "icmp", "--dport", "--sport",
             "1:2", "80", "-j", "ACCEPT", "RETURN", "A", "-g", "-m", "multiport", "--dports", "1,2",
             "--icmp-type", "8/0", "-i", "eth0", "10.0.0.0/8", "::1", "conntrack", "--ctstate", '"a b',
             "LOG", "-c", "MARK", "*filter", ":A", "-", "[0:0]", "COMMIT", "--src-range", "1.1.1.1-1.1.1.0"]


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
