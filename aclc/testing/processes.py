"""Stopping the long-running commands a switch lab started."""

from __future__ import annotations

import subprocess


def stop_processes(children: list[subprocess.Popen], timeout: float = 5) -> None:
    """SIGTERM each child still running, SIGKILL it after ``timeout`` seconds."""
    for child in children:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
