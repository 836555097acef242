"""The one-match reading of common extended entries gives what the word-by-word parser gives.

Every configuration below is parsed twice, with the fast path and without it; the parsed
configurations (or the errors) must be the same. Lines near the fast shape (odd spellings, values
out of range, unknown words) are drawn often, so that the fast path's refusals are tried too.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError
from aclc.importers import cisco

GOOD_ADDRESSES = ["any", "host 10.1.2.3", "10.1.0.0 0.0.255.255", "10.1.0.0 0.0.6.255", "0.0.0.0 255.255.255.255",
                  "10.1.2.3 0.0.0.0"]
ODD_ADDRESSES = ["host 10.01.2.3", "host 300.1.1.1", "10.1.0.0 255.255.0.0", "10.1.0.0", "ANY", "host 1.2.3.4.5",
                 "object-group G", "2001:db8::/32"]
GOOD_PORTS = ["", "eq 80", "neq 22", "lt 1024", "gt 1023", "range 10 20", "eq 65535", "eq 0", "gt 0", "lt 65535"]
ODD_PORTS = ["eq 80 443", "eq www", "lt 0", "gt 65535", "range 20 10", "range 1 65536", "eq 070", "EQ 80",
             "eq 99999"]
GOOD_TAILS = ["", "log", "log-input", "echo", "echo-reply", "8", "8 0", "3 3 log", "unreachable log"]
ODD_TAILS = ["log tag", "3 300", "300", "established", "fragments", "dscp ef", "log echo", "nonsense", "echo-x",
             "8 0 0", "log log"]
GOOD_PROTOCOLS = ["ip", "tcp", "udp", "icmp"]
ODD_PROTOCOLS = ["TCP", "gre", "6", "ipv6", "object-group S", "tcp-udp"]


def pick(good, odd):
    return st.sampled_from(good) | st.sampled_from(odd) if odd else st.sampled_from(good)


@st.composite
def entries(draw):
    odd = draw(st.integers(0, 2)) == 0  # one entry in three has odd words
    protocol = draw(pick(GOOD_PROTOCOLS, ODD_PROTOCOLS if odd else None))
    ports = GOOD_PORTS if protocol in ("tcp", "udp") else [""]
    words = [draw(pick(["permit", "deny"], ["Permit"] if odd else None)), protocol,
             draw(pick(GOOD_ADDRESSES, ODD_ADDRESSES if odd else None)),
             draw(pick(ports, ODD_PORTS if odd else None)),
             draw(pick(GOOD_ADDRESSES, ODD_ADDRESSES if odd else None)),
             draw(pick(ports, ODD_PORTS if odd else None)),
             draw(pick(GOOD_TAILS if protocol == "icmp" else ["", "log", "log-input"], ODD_TAILS if odd else None))]
    return " ".join(w for w in words if w)


HEADERS = ["ip access-list standard S", "ipv6 access-list V", "ip access-list extended F",
           "object-group network G", "interface Gi0/1"]


@st.composite
def configs(draw):
    lines = ["ip access-list extended E"] if draw(st.integers(0, 3)) else []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["block"] * 4 + ["numbered", "remark", "header"]))
        if kind == "header":
            lines.append(draw(st.sampled_from(HEADERS)))
        elif kind == "numbered":
            number = draw(st.sampled_from(["101", "102", "10", "2000", "0101", "3000"]))
            lines.append(f"access-list {number} {draw(entries())}")
        elif kind == "remark":
            lines.append(draw(st.sampled_from([" remark the next one", "access-list 101 remark numbered"])))
        else:
            sequence = draw(st.sampled_from(["", "", "10 ", "20 ", "10\t", "sequence 30 "]))
            indent = draw(st.sampled_from([" ", " ", "\t", "", "  "]))
            lines.append(f"{indent}{sequence}{draw(entries())}{draw(st.sampled_from(['', ' ', chr(13)]))}")
    return "\n".join(lines) + "\n"


def parsed(text, skip):
    try:
        config = cisco.parse(text, "f.cfg", skip_unsupported=skip)
    except AclcError as error:
        return ("error", str(error), error.detail)
    return ("config", list(config.acls), config.acls, config.groups, config.skipped)


def without_fast_path(monkeypatch, text, skip):
    with monkeypatch.context() as patch:
        patch.setattr(cisco, "_FAST_ENTRY", lambda line: None)
        patch.setattr(cisco, "_FAST_NUMBERED", lambda line: None)
        return parsed(text, skip)


@settings(max_examples=500, deadline=None)
@given(configs(), st.booleans())
def test_fast_path_parses_like_the_word_parser(text, skip):
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert parsed(text, skip) == without_fast_path(monkeypatch, text, skip), text


def test_common_entries_take_the_fast_path(monkeypatch):
    text = ("ip access-list extended E\n permit tcp 10.1.0.0 0.0.255.255 host 10.2.3.4 eq 443\n"
            " 20 deny udp any any range 5000 5100 log\n permit icmp any any echo\n"
            "access-list 101 permit ip any 10.0.0.0 0.255.255.255\n")
    taken = []
    real = cisco._fast_entry
    monkeypatch.setattr(cisco, "_fast_entry", lambda *args: taken.append(args[3]) or real(*args))
    config = cisco.parse(text, "f.cfg")
    assert taken == [2, 3, 4, 5]
    assert [a.sequence for a in config.acls["E"].entries] == [10, 20, 30]
    monkeypatch.undo()
    assert parsed(text, False) == without_fast_path(monkeypatch, text, False)


def test_a_sequence_number_used_twice_is_reported_at_its_column():
    with pytest.raises(AclcError, match=r"f.cfg:3:2: error: sequence number 10 is used twice"):
        cisco.parse("ip access-list extended E\n 10 permit ip any any\n 10 deny ip any any\n", "f.cfg")
