"""Helpers for the aclc serve tests: a controller run in the test's event loop, its events,
and fake switches that misbehave in the ways a real network can."""

from __future__ import annotations

import asyncio
import io
import json
import struct
import time
from pathlib import Path

from os_ken.ofproto import ofproto_v1_3 as ofp

from aclc.serve.config import parse_config
from aclc.serve.controller import Controller
from aclc.serve.log import EventLog
from push_support import FakeSwitch

ACL = """\
acl fw {
    default deny
    permit tcp from any to 10.0.0.0/8 port 80
    deny tcp from any to any port 22
    permit udp from any to any port 53
}
"""

ACL_CHANGED = """\
acl fw {
    default deny
    permit tcp from any to 10.0.0.0/8 port 80
    permit tcp from any to 10.0.0.0/8 port 443
    deny tcp from any to any port 22
    permit udp from any to any port 53
}
"""


class Events(io.TextIOBase):
    """An EventLog stream that keeps the records."""

    def __init__(self):
        self.records: list[dict] = []

    def write(self, text):
        for line in text.splitlines():
            if line.strip():
                self.records.append(json.loads(line))
        return len(text)

    def of(self, event, **match):
        return [r for r in self.records if r["event"] == event and all(r.get(k) == v for k, v in match.items())]


def header(run_dir, **settings) -> str:
    base = {"listen": "tcp:127.0.0.1:0", "metrics": "127.0.0.1:0", "run_dir": str(run_dir),
            "echo_interval": 1, "poll_interval": 1, "timeout": 5, "watch_interval": 0.1}
    base.update(settings)
    return "".join(f"{k}: {'null' if v is None else v}\n" for k, v in base.items())


class Served:
    """A Controller running in the current event loop, on a configuration written to ``directory``."""

    def __init__(self, directory: Path, config_text: str):
        self.dir = Path(directory)
        self.config_path = self.dir / "serve.yaml"
        self.config_path.write_text(config_text)
        self.events = Events()
        self.ctl: Controller | None = None
        self.task = None

    async def __aenter__(self) -> "Served":
        config = parse_config(self.config_path.read_text(), str(self.config_path), self.dir)
        self.ctl = Controller(config, EventLog(self.events))
        self.ctl.ready = asyncio.Event()
        self.task = asyncio.get_running_loop().create_task(self.ctl.run(install_signals=False))
        ready = asyncio.get_running_loop().create_task(self.ctl.ready.wait())
        done, _ = await asyncio.wait({self.task, ready}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if self.task in done:
            ready.cancel()
            self.task.result()  # raises what went wrong
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def stop(self) -> None:
        if self.task is not None:
            self.ctl.stop()
            await asyncio.wait_for(self.task, 30)
            self.task = None

    @property
    def port(self) -> int:
        return int(self.ctl.listen_address.rsplit(":", 1)[1])

    def switch(self, name):
        return self.ctl.sessions[name].status

    async def until(self, condition, timeout: float = 20, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; events: "
                             + json.dumps(self.events.records[-15:], indent=0))

    async def all_in_sync(self, names, revision=None, timeout=30):
        def ok():
            return all(self.switch(n).connected and self.switch(n).state == "in-sync"
                       and (revision is None or self.switch(n).revision == revision) for n in names)
        await self.until(ok, timeout, f"switches {list(names)[:5]}... in sync")


def dispatch_generation(switch: FakeSwitch) -> int | None:
    """The generation in the fake switch's dispatch flow (table 0), or None."""
    from aclc.push import layout
    from aclc.pipeline import cookie_generation

    flows = [s.flow for s in switch.flows.values() if s.flow.table_id == layout.ENTRY_TABLE]
    return cookie_generation(flows[0].cookie) if flows else None


class StallingSwitch(FakeSwitch):
    """Stops answering anything after ``stall_after`` flow mods (the connection stays open)."""

    def __init__(self, *a, stall_after=2, **kw):
        super().__init__(*a, **kw)
        self.stall_after = stall_after
        self.stalled = False

    def _handle(self, writer, mtype, xid, buf):
        if self.stalled:
            return
        if mtype == ofp.OFPT_FLOW_MOD and self.flow_mods >= self.stall_after:
            self.stalled = True
            return
        super()._handle(writer, mtype, xid, buf)


class GarbageAfterHandshake(FakeSwitch):
    """Answers the handshake, then answers the first multipart request with a malformed message."""

    def _handle(self, writer, mtype, xid, buf):
        if mtype == ofp.OFPT_MULTIPART_REQUEST:
            writer.write(struct.pack("!BBHI", 4, ofp.OFPT_MULTIPART_REPLY, 4, xid) + b"\xde\xad")
            return
        super()._handle(writer, mtype, xid, buf)


async def raw_peer(port: int, data: bytes, wait: float = 3.0) -> bytes:
    """Connect to serve, send ``data``, return what came back until it closed (or ``wait``)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    got = b""
    try:
        while True:
            chunk = await asyncio.wait_for(reader.read(4096), wait)
            if not chunk:
                break
            got += chunk
    except (asyncio.TimeoutError, ConnectionError):
        pass
    writer.close()
    return got


class ServeProcess:
    """``python -m aclc serve CONFIG`` started inside a lab's namespace (lab.popen), its
    JSON-lines log in a file and its status file in ``run_dir``."""

    def __init__(self, lab, config_path: Path, run_dir: Path):
        import sys

        self.run_dir = Path(run_dir)
        self.log_path = Path(config_path).with_suffix(f".{time.monotonic_ns()}.log")
        self._log = open(self.log_path, "w")
        self.proc = lab.popen(sys.executable, "-m", "aclc", "serve", str(config_path),
                              stdout=self._log, stderr=self._log, stdin=None)

    def events(self, event: str | None = None, **match) -> list[dict]:
        out = []
        for line in self.log_path.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if (event is None or record.get("event") == event) and all(record.get(k) == v for k, v in match.items()):
                out.append(record)
        return out

    def status(self) -> dict:
        try:
            data = json.loads((self.run_dir / "status.json").read_text())
        except (OSError, ValueError):
            return {"switches": []}
        # A status file left by an earlier serve is not this one's.
        return data if data.get("pid") == self.proc.pid else {"switches": []}

    def switch(self, name: str) -> dict:
        return next((s for s in self.status()["switches"] if s["name"] == name), {})

    def wait(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited with {self.proc.returncode}: {self.log_path.read_text()[-3000:]}")
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; log:\n"
                             + self.log_path.read_text()[-4000:])

    def stop(self, sig=None) -> int:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(sig or signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode
