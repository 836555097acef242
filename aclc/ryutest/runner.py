"""Run os-ken's switch tester on a directory of test files and read its report.

The tester is started as its own process (``python3 -m aclc.ryutest.app``) with
the eventlet hub. It waits for both switches forever and always ends by sending
itself SIGTERM, so this runner watches its output: both switches must join
within ``connect_timeout`` and the whole run must end within ``timeout``, or
the process is stopped (by its pid) and a clear error says which switch never
came or where it stopped.
"""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import AclcError, EnvironmentFailure

# Lines aclc.ryutest.keeper prints (the tester app; it loads os-ken, so it imports these).
RESTORED = "target switch: restored"
NOT_RESTORED = "target switch: NOT restored"
FOUND = "target switch: found"
_RESULT = re.compile(r"^    (?P<desc>.*?)\s+(?P<result>OK|ERROR)$")
_TOTAL = re.compile(r"^OK\((?P<ok>\d+)\) / ERROR\((?P<error>\d+)\)$")


@dataclass(frozen=True)
class TestResult:
    file: str  # the file's description
    test: str  # the test's description
    ok: bool
    reason: str = ""


@dataclass
class TesterReport:
    results: list[TestResult] = field(default_factory=list)
    ok: int = 0
    error: int = 0
    complete: bool = False  # the final "OK(n) / ERROR(m)" line was seen
    output: str = ""
    warnings: list[str] = field(default_factory=list)
    # The target switch afterwards: True its flows were put back as found, False they were not
    # (target_note says why), None the tester never read them (no test ran).
    restored: bool | None = None
    target_note: str = ""

    @property
    def failures(self) -> list[TestResult]:
        return [r for r in self.results if not r.ok]

    def summary(self) -> str:
        lines = [f"OK({self.ok}) / ERROR({self.error})"]
        for r in self.failures:
            lines.append(f"ERROR {r.file} :: {r.test}")
            if r.reason:
                lines.append(f"    {r.reason}")
        lines.extend(f"warning: {w}" for w in self.warnings)
        if self.target_note:
            lines.append(self.target_note)
        return "\n".join(lines)


def parse_report(text: str) -> TesterReport:
    """Read the tester's log: one line per test, its reason, and the final counts."""
    report = TesterReport(output=text)
    current_file = ""
    in_tests = False
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("--- Test start ---"):
            in_tests = True
        elif line.startswith("---  Test end  ---") or line.startswith("--- Test report ---"):
            in_tests = False
        elif "Test file format error" in line or "is not found" in line or "No such file" in line:
            report.warnings.append(line.strip())
        total = _TOTAL.match(line.strip())
        if line.startswith(RESTORED) or line.startswith(NOT_RESTORED):
            report.restored = line.startswith(RESTORED)
            report.target_note = line.strip()
        elif line.startswith(FOUND):
            pass
        elif total:
            report.ok, report.error = int(total["ok"]), int(total["error"])
            report.complete = True
        elif in_tests:
            m = _RESULT.match(line)
            if m:
                reason = ""
                if m["result"] == "ERROR" and i + 1 < len(lines) and lines[i + 1].startswith("        "):
                    reason = lines[i + 1].strip()
                    i += 1
                report.results.append(TestResult(current_file, m["desc"].strip(), m["result"] == "OK", reason))
            elif line and not line.startswith(" ") and not _is_log_noise(line):
                current_file = line.strip()
        i += 1
    return report


def _is_log_noise(line: str) -> bool:
    return line.startswith(("dpid=", "waiting for", "loading app", "instantiating app", "creating context",
                            "target_dpid", "tester_dpid", "target ofp", "tester ofp", "Test files",
                            "BRICK", "CONSUMES", "PROVIDES", "connected socket", "hello ev", "move onto",
                            "switch features", "add dpid", "EVENT"))


def tester_command(test_dir: str | Path, target_dpid: int, tester_dpid: int, host: str = "127.0.0.1",
                   port: int = 6653, python: str = sys.executable) -> list[str]:
    return [
        python, "-m", "aclc.ryutest.app",
        "--ofp-listen-host", host, "--ofp-tcp-listen-port", str(port),
        "--test-switch-target", f"{target_dpid:016x}", "--test-switch-tester", f"{tester_dpid:016x}",
        "--test-switch-dir", str(Path(test_dir).resolve()),
    ]


def tester_env() -> dict[str, str]:
    env = dict(os.environ, OSKEN_HUB_TYPE="eventlet", PYTHONUNBUFFERED="1")
    # eventlet's deprecation notice (a plain Warning) would otherwise be the tail of every failure's log.
    env["PYTHONWARNINGS"] = "ignore::Warning"
    # The app module must be importable from wherever aclc is.
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_tester(command: list[str], *, target_dpid: int, tester_dpid: int, timeout: float = 600,
               connect_timeout: float = 30, start: Callable[..., subprocess.Popen] | None = None,
               on_line: Callable[[str], None] | None = None) -> TesterReport:
    """Run the tester process and return its report.

    ``start`` starts the process (default :class:`subprocess.Popen`; a test lab passes
    its namespace-aware ``popen``). Raises :class:`EnvironmentFailure` when a switch
    never connects or the run does not finish in time.
    """
    start = start or subprocess.Popen
    proc = start(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=tester_env(),
                 stdin=subprocess.DEVNULL)
    lines: list[str] = []
    joined = {"target": False, "tester": False}
    began = time.monotonic()
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    buffer = b""
    failure: str | None = None
    try:
        while True:
            now = time.monotonic()
            if not all(joined.values()) and now - began > connect_timeout:
                missing = [f"{k} switch (dpid {target_dpid if k == 'target' else tester_dpid:#x})"
                           for k, v in joined.items() if not v]
                failure = (f"{' and '.join(missing)} did not connect to the controller at "
                           f"{_listen_of(command)} within {connect_timeout:.0f} s")
                break
            if now - began > timeout:
                failure = f"the switch test did not finish within {timeout:.0f} s"
                break
            events = selector.select(timeout=0.5)
            if not events:
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                raw, buffer = buffer.split(b"\n", 1)
                line = raw.decode("utf-8", "replace")
                lines.append(line)
                if "Join target SW." in line:
                    joined["target"] = True
                elif "Join tester SW." in line:
                    joined["tester"] = True
                if on_line:
                    on_line(line)
    finally:
        selector.close()
        if buffer:
            lines.append(buffer.decode("utf-8", "replace"))
        _stop(proc)
    report = parse_report("\n".join(lines))
    if failure:
        raise EnvironmentFailure(failure, detail=_tail(lines))
    if not report.complete:
        if not lines or any("Test file (*.json) is not found" in line for line in lines):
            raise AclcError("no test files (*.json) in the test directory")
        raise EnvironmentFailure("the switch tester stopped without a report", detail=_tail(lines))
    return report


def _listen_of(command: list[str]) -> str:
    try:
        host = command[command.index("--ofp-listen-host") + 1]
        port = command[command.index("--ofp-tcp-listen-port") + 1]
        return f"{host}:{port}"
    except (ValueError, IndexError):
        return "the controller address"


def _tail(lines: list[str], n: int = 15) -> str:
    return "\n".join(lines[-n:])


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout:
        proc.stdout.close()
