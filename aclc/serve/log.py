"""Structured logs: one JSON object per line, one line per event.

Every line has ``ts`` (UTC, ISO 8601 with milliseconds), ``level`` and ``event``;
the other keys depend on the event (``switch``, ``error``, ``generation``...).
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from datetime import datetime, timezone


class EventLog:
    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def __call__(self, event: str, level: str = "info", **fields) -> None:
        now = datetime.fromtimestamp(time.time(), timezone.utc)
        record = {"ts": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                  "level": level, "event": event}
        record.update({k: v for k, v in fields.items() if v is not None})
        line = json.dumps(record, default=str, ensure_ascii=False)
        with self._lock:
            self.counts[event] = self.counts.get(event, 0) + 1
            try:
                self.stream.write(line + "\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass  # a closed log must not stop the controller


class _Handler(logging.Handler):
    def __init__(self, log: EventLog):
        super().__init__(logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.log("library_message", record.levelname.lower(), logger=record.name,
                 message=" ".join(record.getMessage().split("\n")[0].split()),
                 error=f"{type(error).__name__}: {error}" if error is not None else None)


def route_library_logs(log: EventLog, names=("asyncio", "os_ken")) -> None:
    """Warnings of the libraries serve runs on become events of the same log (one line each)."""
    for name in names:
        logger = logging.getLogger(name)
        logger.handlers[:] = [_Handler(log)]
        logger.propagate = False
