"""Errors and source positions shared by every stage.

Every error that a user can cause is an :class:`AclcError`. It carries the
position it concerns, so the CLI prints exactly one line such as
``edge.acl:12:5: error: unknown network 'WEB'`` and exits with status 2.
Failures of a switch or of the environment are :class:`EnvironmentFailure`
(exit status 1).
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILURE = 1  # the switch, the network or the machine failed; or a check found a problem
EXIT_BAD_INPUT = 2  # the user's input is wrong


@dataclass(frozen=True, order=True)
class SourcePos:
    """A place in a source file: 1-based line and column."""

    file: str
    line: int
    column: int = 0

    def __str__(self) -> str:
        if self.column:
            return f"{self.file}:{self.line}:{self.column}"
        return f"{self.file}:{self.line}"


class AclcError(Exception):
    """Bad input: a message, and where it is when it has a place."""

    exit_status = EXIT_BAD_INPUT

    def __init__(self, message: str, pos: SourcePos | None = None, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.pos = pos
        # Optional extra lines (the offending source line with a caret, a counterexample...).
        self.detail = detail

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        return f"{where}error: {self.message}"


class EnvironmentFailure(AclcError):
    """The switch, the network or the machine failed (not the user's input)."""

    exit_status = EXIT_FAILURE


class CheckFailed(AclcError):
    """A check ran and found a problem (verify counterexample, lint errors, diff not empty)."""

    exit_status = EXIT_FAILURE
