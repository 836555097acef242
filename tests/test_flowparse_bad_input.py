"""parse_ofctl on bad flow files: every problem is an AclcError naming file:line:column, never another
exception, and numbers are read the way ovs-ofctl writes them (ASCII, no octal-looking zeros)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from aclc.errors import AclcError
from aclc.flowparse import parse_ofctl

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "emit" / "examples"


@pytest.mark.parametrize("line, at, words", [  # at: where the error points
    ("priority=5,ip", "priority", "no actions="),
    ("priority=5,ip,nw_src=10.0.0.0/\u00b2 actions=drop", "\u00b2", "not an IPv4 address"),
    ("priority=\u0665,ip actions=drop", "\u0665", "is not a number"),
    ("priority=1_0,ip actions=drop", "1_0", "is not a number"),
    ("priority=010,ip actions=drop", "010", "is not a number"),
    ("priority=+5,ip actions=drop", "+5", "is not a number"),
    ("priority=70000,ip actions=drop", "70000", "out of range"),
    ("table=255,ip actions=drop", "255", "out of range"),
    ("priority=5,in_port=\u0661 actions=drop", "\u0661", "unknown port"),
    ("priority=5,in_port=1/1 actions=drop", "1/1", "cannot be masked"),
    ("priority=5,ip,nw_src=10.0.0.0/40 actions=drop", "40", "longer than 32"),
    ("priority=5,ip,nw_src=300.0.0.0 actions=drop", "300", "not an IPv4 address"),
    ("priority=5,tcp,tp_dst=99999 actions=drop", "99999", "out of range"),
    ("priority=5,ip actions=resubmit(,1)", "resubmit", "unsupported action"),
    ("priority=5,ip actions=goto_table:1,goto_table:2", "goto_table:2", "given twice"),
    ("priority=5,ip actions=drop,output:1", "drop", "drop cannot be combined"),
    ("priority=5,ip actions=output:\u0662", "\u0662", "unknown port"),
    ("priority=5,ip actions=CONTROLLER:99999", "99999", "out of range"),
    ("priority=5,ip,ip,nw_src=1.2.3.4,nw_src=1.2.3.4 actions=drop", "nw_src=1.2.3.4 ", "given twice"),
    ("priority=5,frobnicate actions=drop", "frobnicate", "unknown keyword"),
    ("priority=5,ip,vlan_tci=1 actions=drop", "vlan_tci", "unsupported match field"),
])
def test_bad_flow_lines_name_line_and_column(line, at, words):
    column = line.index(at) + 1
    with pytest.raises(AclcError) as caught:
        parse_ofctl("# header\n" + line + "\n", "flows.txt")
    assert str(caught.value.pos) == f"flows.txt:2:{column}", str(caught.value)
    assert words in caught.value.message


def test_random_edits_of_real_flow_files_only_raise_aclc_errors():
    lines = []
    for name in ("everything.ovs.ofctl", "everything.lagopus-multi.ofctl"):
        lines += [l for l in (GOLDEN / name).read_text().splitlines() if l and not l.startswith("#")]
    pieces = list("=,/:x0123456789abcdef ._-\t\u00b2\u0663") + [
        "actions=", "0x", "/0x", "goto_table:", "output:", "write_metadata:", "CONTROLLER:", "priority=",
        "table=", "cookie=", "tp_dst=", "nw_src=", "ipv6_src=", "metadata=", "in_port=", "drop", "NORMAL",
        "99999999999999999999999", "-1", "::", "1.2.3.4", "255.255.255.255/0.0.0.0"]
    rng = random.Random(11)
    for _ in range(5000):
        text = rng.choice(lines)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            end = rng.randint(at, min(len(text), at + 8))
            roll = rng.random()
            if roll < 0.4:
                text = text[:at] + rng.choice(pieces) + text[at:]
            elif roll < 0.7:
                text = text[:at] + text[end:]
            else:
                text = text[:at] + rng.choice(pieces) + text[end:]
        try:
            parse_ofctl(text, "f.ofctl")
        except AclcError as error:
            assert str(error).startswith("f.ofctl:1"), str(error)
