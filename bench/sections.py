"""Marked sections of bench/results.md that standalone benchmarks own.

``python3 -m bench.lagopus --write`` and ``python3 -m bench.scale --write`` each replace
only their own part (between ``<!-- bench.NAME begin -->`` and ``<!-- bench.NAME end -->``);
the suite's report (bench/report.py) rewrites the rest and carries these sections over.
"""

from __future__ import annotations

import re
from pathlib import Path

_SECTION = re.compile(r"<!-- bench\.(\w+) begin -->.*?<!-- bench\.\1 end -->\n?", re.S)


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench.{name} begin -->", f"<!-- bench.{name} end -->"


def replace_section(path: Path, name: str, section: str) -> None:
    """Put ``section`` (which starts and ends with ``name``'s markers) into ``path``."""
    begin, end = markers(name)
    text = path.read_text() if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section.rstrip("\n") + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def sections(text: str) -> list[str]:
    """Every marked section of ``text``, in order."""
    return [m.group(0).rstrip("\n") + "\n" for m in _SECTION.finditer(text)]


def carry_over(old_text: str, new_text: str) -> str:
    """``new_text`` with the marked sections of ``old_text`` that it lacks appended."""
    kept = [s for s in sections(old_text) if s.split(" -->", 1)[0] not in new_text]
    if not kept:
        return new_text
    return new_text.rstrip("\n") + "\n\n" + "\n".join(kept)
