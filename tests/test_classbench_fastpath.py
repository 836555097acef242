"""The one-match reading of plain ClassBench lines gives exactly the field-by-field reading's rules
and errors."""

import itertools
from pathlib import Path

import pytest

import aclc.importers.classbench_format as cb
from aclc.errors import AclcError

BASE = "@1.2.3.4/32\t5.6.7.0/24\t0 : 65535\t80 : 80\t0x06/0xFF\t0x1000/0x1000\t"
VARIANTS = [
    BASE, BASE.replace("0x06/0xFF", "0x06/0x0F"), BASE.replace("0x06/0xFF", "0x01/0xFF"),
    BASE.replace("80 : 80", "90 : 80"), BASE.replace("80 : 80", "80 : 70000"),
    BASE.replace("1.2.3.4/32", "1.2.3.400/32"), BASE.replace("/24", "/33"), BASE.replace("/24", "/0"),
    BASE.replace("0x06/0xFF", "0x06/0x00"), BASE.replace("\t0x1000/0x1000\t", ""),
    BASE + "x\t", BASE.replace("0 : 65535", "0:65535"), BASE.replace("1.2.3.4", "01.2.3.4"),
    BASE.replace("0x06", "0X06"), BASE.replace("0x06", "06"), BASE.replace("0x06/0xFF", "0x84/0xff"),
    BASE.replace("@", ""), "", "   ", BASE.replace("\t0x06", "  \t0x06"), BASE.replace("5.6.7.0/24", "5.6.7.255/24"),
    BASE.replace("0x06/0xFF", "0x00/0x00").replace("80 : 80", "0 : 65535"), BASE.replace("0x06/0xFF", "0x00/0x00"),
]


def _read(text, actions, fast):
    saved = cb._PLAIN_LINE
    if not fast:
        cb._PLAIN_LINE = lambda line: None
    try:
        return cb.parse_classbench(text, "f", actions)
    except AclcError as error:
        return ("error", str(error), error.pos)
    finally:
        cb._PLAIN_LINE = saved


def test_plain_line_is_matched():
    assert cb._PLAIN_LINE(BASE.rstrip("\t")) is not None


@pytest.mark.parametrize("actions", ["alternate", "permit", "deny"])
def test_fast_reading_equals_field_by_field(actions):
    for n in (1, 2):
        for combo in itertools.product(VARIANTS, repeat=n):
            for sep in ("\n", "\r\n"):
                text = sep.join(combo)
                assert _read(text, actions, True) == _read(text, actions, False), text


def test_published_set_read_the_same_both_ways():
    path = Path(__file__).resolve().parent.parent.parent / "shared" / "classbench" / "fw1_1k"
    if not path.is_file():
        pytest.skip("shared/classbench not present")
    text = path.read_text()
    assert _read(text, "alternate", True) == _read(text, "alternate", False)
