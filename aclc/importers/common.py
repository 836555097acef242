"""Pieces shared by the importers: tokens with columns, problem collection."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import AclcError, SourcePos
from .model import Skipped

_TOKEN = re.compile(r"\S+")


class Token(NamedTuple):  # a tuple: made once per word of every line, so cheap to build
    text: str
    column: int  # 1-based


def tokens(line: str) -> list[Token]:
    return [Token(m.group(), m.start() + 1) for m in _TOKEN.finditer(line)]


class LineError(Exception):
    """A line cannot be read; ``column`` points at the offending word."""

    def __init__(self, reason: str, column: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.column = column


class Unsupported(LineError):
    """A line is well formed but OpenFlow 1.3 (or aclc) cannot decide like it."""


@dataclass
class Problems:
    """Every bad or untranslatable line of one file, reported together."""

    filename: str
    errors: list[tuple[SourcePos, str]] = field(default_factory=list)
    unsupported: list[tuple[SourcePos, str, str]] = field(default_factory=list)  # pos, reason, text

    def error(self, line: int, column: int, reason: str) -> None:
        self.errors.append((SourcePos(self.filename, line, column), reason))

    def unsupported_line(self, line: int, column: int, reason: str, text: str) -> Skipped:
        self.unsupported.append((SourcePos(self.filename, line, column), reason, text))
        return Skipped(line, text, reason)

    def raise_if_any(self, skip_unsupported: bool) -> None:
        """Fail with every problem listed, the first one as the headline."""
        lines = [f"{pos}: error: {reason}" for pos, reason in self.errors]
        if not skip_unsupported:
            lines += [f"{pos}: error: cannot translate faithfully: {reason}"
                      for pos, reason, _ in self.unsupported]
        if not lines:
            return
        first_pos, first_reason = (self.errors[0] if self.errors else
                                   (self.unsupported[0][0],
                                    f"cannot translate faithfully: {self.unsupported[0][1]}"))
        count = len(lines)
        hint = ""
        if self.unsupported and not skip_unsupported:
            hint = ("\n(--skip-unsupported leaves the untranslatable lines out and marks each "
                    "one in the output)")
        summary = f"{first_reason}" + (f" (and {count - 1} more problems, listed below)" if count > 1 else "")
        raise AclcError(summary, first_pos, detail="\n".join(lines[1:]) + hint if count > 1 or hint else None)


def is_decimal(text: str) -> bool:
    """ASCII digits only: str.isdigit() is also true for '²' and other scripts' digits."""
    return text.isascii() and text.isdigit()


def port_number(text: str, column: int, names: dict[str, int]) -> int:
    if is_decimal(text):
        value = int(text)
        if value > 0xFFFF:
            raise LineError(f"port {value} is out of range 0-65535", column)
        return value
    value = names.get(text.lower())
    if value is None:
        raise LineError(f"unknown port name '{text}'", column)
    return value
