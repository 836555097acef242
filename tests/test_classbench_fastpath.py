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


def _read(text, actions, fast, whole=True):
    """``fast``: plain lines read in one match each; ``whole``: and a text of plain lines only in
    one pattern over all of it (_every_line_plain)."""
    saved, saved_whole = cb._PLAIN_LINE, cb._PLAIN_LINES
    if not fast:
        cb._PLAIN_LINE = lambda line: None
    if not (fast and whole):
        cb._PLAIN_LINES = lambda text: []
    try:
        return cb.parse_classbench(text, "f", actions)
    except AclcError as error:
        return ("error", str(error), error.pos)
    finally:
        cb._PLAIN_LINE, cb._PLAIN_LINES = saved, saved_whole


def test_plain_line_is_matched():
    assert cb._PLAIN_LINE(BASE.rstrip("\t")) is not None


@pytest.mark.parametrize("actions", ["alternate", "permit", "deny"])
def test_fast_reading_equals_field_by_field(actions):
    for n in (1, 2):
        for combo in itertools.product(VARIANTS, repeat=n):
            for sep in ("\n", "\r\n"):
                text = sep.join(combo)
                reference = _read(text, actions, False)
                assert _read(text, actions, True) == reference, text
                assert _read(text, actions, True, whole=False) == reference, text
                assert _read(text + sep, actions, True) == _read(text + sep, actions, False), text


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\t\n", " \t \r\n", "\t\t\n", "\n\n", "\r", "\x0c\n"])
def test_a_text_of_plain_lines_is_read_whole_as_line_by_line(ending):
    lines = [BASE, BASE.replace("\t0x1000/0x1000\t", ""), BASE.replace("0x06/0xFF", "0x11/0xFF"),
             BASE.replace("0x1000/0x1000", "0x1000/0x1000 \r")]
    for lines_of in ([lines[1]], lines[1:2] * 3, lines, lines[::-1]):
        text = "\n".join(line.rstrip("\t") + ending.rstrip("\n") for line in lines_of) + ending[-1:] * (ending[-1:] == "\n")
        assert _read(text, "alternate", True) == _read(text, "alternate", False), repr(text)
    plain = "\n".join([BASE, BASE]) + "\n"
    assert cb._every_line_plain(plain, "f", "alternate") is not None
    assert cb._every_line_plain(plain + "\n", "f", "alternate") is None  # a blank line: read line by line


def test_published_set_read_the_same_both_ways():
    path = Path(__file__).resolve().parent.parent.parent / "shared" / "classbench" / "fw1_1k"
    if not path.is_file():
        pytest.skip("shared/classbench not present")
    text = path.read_text()
    assert _read(text, "alternate", True) == _read(text, "alternate", False)
