"""A progress bar on stderr, only when stderr is a terminal (never in pipes or logs)."""

from __future__ import annotations

import contextlib
import sys


@contextlib.contextmanager
def progress_bar(description: str, total: int):
    """Yields a callback ``advance(n)``; a no-op unless stderr is a TTY and the input is big."""
    if not sys.stderr.isatty() or total < 2000:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)
