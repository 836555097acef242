"""Progress for long pushes: a rich bar on stderr when stderr is a terminal, else nothing."""

from __future__ import annotations

import sys

from .install import Progress


class TerminalProgress(Progress):
    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True)
        self._task = None

    def start(self, label: str, total: int) -> None:
        if total < 1000:
            return
        self._bar.start()
        self._task = self._bar.add_task(f"{label} flows", total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)

    def stop(self) -> None:
        if self._task is not None:
            self._bar.stop()
            self._task = None


def progress_for_terminal(quiet: bool = False) -> Progress:
    if quiet or not sys.stderr.isatty():
        return Progress()
    return TerminalProgress()
