"""A real Lagopus switch inside a network namespace, with veth ports and a packet prober.

Used by the end-to-end tests and benchmarks: it needs root, ``ip`` and ``ethtool``, and
the Lagopus binary that ``../shared/lagopus/build.sh`` builds (found with
:func:`lagopus_binary`). It touches nothing outside its namespace and a temporary
directory::

    with LagopusLab(ports=2) as lab:
        lab.run("aclc", "push", "rules.acl", "--listen", "127.0.0.1:6653")
        lab.probe([ipv4_frame(6, "10.0.0.1", "10.0.0.2", dport=80)])   # -> [2] or [None]

Switch port N is one end of a veth pair (``lgsN``); the other end (``lghN``,
:meth:`LagopusLab.peer_ifname`) stays in the namespace as the host side, where the prober
sends and captures raw frames. The bridge runs fail-mode secure with dpid 1, connects out
to a controller on 127.0.0.1:6653 inside the namespace (Lagopus never listens), and its
datastore listens on 127.0.0.1:12345 there. Lagopus is stopped by pid with SIGKILL (its
SIGTERM takes about 20 s and there is nothing on disk to flush).
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

from .processes import stop_processes

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PREFIX = Path(os.environ.get("LAGOPUS_PREFIX", "/opt/lagopus-0.2.12"))
BUILD_SCRIPT = REPO.parent / "shared" / "lagopus" / "build.sh"
TAG_MAGIC = b"aclcPROBE"
PACE = 0.0005  # seconds between probe frames (see LagopusLab.probe)
_CLONE_NEWNET = 0x40000000
_ETH_P_ALL = 0x0003


class LabError(RuntimeError):
    pass


def lagopus_binary() -> Path | None:
    """The lagopus binary: $LAGOPUS_BINARY, else the build.sh prefix, else PATH."""
    for candidate in (os.environ.get("LAGOPUS_BINARY"), DEFAULT_PREFIX / "sbin" / "lagopus",
                      shutil.which("lagopus")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def missing_requirements() -> str | None:
    """Why a Lagopus lab cannot start on this machine, or None when it can."""
    if os.geteuid() != 0:
        return "needs root (network namespaces, raw sockets)"
    for tool in ("ip", "ethtool"):
        if shutil.which(tool) is None:
            return f"{tool} not found (apt-get install iproute2 ethtool)"
    if lagopus_binary() is None:
        return f"no Lagopus binary (build it with {BUILD_SCRIPT}, or set LAGOPUS_BINARY)"
    return None


def in_netns(netns: str, fn):
    """Run ``fn()`` on a thread that has entered ``netns``; sockets it makes stay there."""
    box: dict = {}

    def body():
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = os.open(f"/var/run/netns/{netns}", os.O_RDONLY)
            try:
                if libc.setns(fd, _CLONE_NEWNET) != 0:
                    err = ctypes.get_errno()
                    raise OSError(err, f"setns({netns}): {os.strerror(err)}")
            finally:
                os.close(fd)
            box["value"] = fn()
        except BaseException as exc:  # handed back to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=body, name=f"netns-{netns}")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


class LagopusLab:
    def __init__(self, ports: int = 2, netns: str | None = None, dpid: int = 1,
                 controller_port: int = 6653, datastore_port: int = 12345, autostart: bool = True):
        if not 1 <= ports <= 8:
            raise ValueError("ports must be 1..8")
        self.ports = ports
        self.own_netns = netns is None
        self.autostart = autostart  # False: setup() prepares the ports; start() runs the switch
        self.name = netns or f"aclc-lg-{uuid.uuid4().hex[:8]}"
        self.dpid = dpid
        self.controller_port = controller_port
        self.datastore_port = datastore_port
        self.dir = Path(tempfile.mkdtemp(prefix=f"{self.name}-lagopus-"))
        self.config = self.dir / "lagopus.dsl"
        self.logfile = self.dir / "lagopus.log"
        self.process: subprocess.Popen | None = None
        self._children: list[subprocess.Popen] = []
        self._netns_created = False
        self._links: list[str] = []
        self._serial = 0

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> "LagopusLab":
        try:
            self.setup()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def setup(self) -> None:
        why = missing_requirements()
        if why:
            raise LabError(why)
        if self.own_netns:
            _host("ip", "netns", "add", self.name)
            self._netns_created = True
            self._ns("ip", "link", "set", "lo", "up")
        for port in range(1, self.ports + 1):
            switch_end, peer = self.switch_ifname(port), self.peer_ifname(port)
            self._ns("ip", "link", "add", switch_end, "type", "veth", "peer", "name", peer)
            self._links.append(switch_end)
            for ifname in (switch_end, peer):
                # No IPv6 on test links: router solicitations and MLD reports would cross the switch.
                self._ns("sysctl", "-q", "-w", f"net.ipv6.conf.{ifname}.disable_ipv6=1", check=False)
                self._ns("ip", "link", "set", ifname, "up")
                # Raw-socket ports see frames before the checksum is filled in unless offload is off.
                self._ns("ethtool", "-K", ifname, "tx", "off", "rx", "off")
        self.config.write_text(self.config_text())
        if self.autostart:
            self.start()

    def config_text(self) -> str:
        lines = [
            f"datastore -addr 127.0.0.1 -port {self.datastore_port} -protocol tcp -tls false",
            f"channel channel01 create -dst-addr 127.0.0.1 -dst-port {self.controller_port} -protocol tcp",
            "controller controller01 create -channel channel01 -role equal -connection-type main",
        ]
        port_args = []
        for port in range(1, self.ports + 1):
            lines.append(f"interface interface{port:02d} create -type ethernet-rawsock "
                         f"-device {self.switch_ifname(port)}")
            lines.append(f"port port{port:02d} create -interface interface{port:02d}")
            port_args.append(f"-port port{port:02d} {port}")
        lines.append(f"bridge bridge01 create -controller controller01 {' '.join(port_args)} "
                     f"-dpid {self.dpid:#x} -fail-mode secure")
        lines.append("bridge bridge01 enable")
        return "\n".join(lines) + "\n"

    def start(self, timeout: float = 30) -> None:
        """Start Lagopus (again) and wait until its datastore answers."""
        if self.running:
            raise LabError("Lagopus is already running")
        binary = lagopus_binary()
        log = open(self.dir / "lagopus.out", "ab")
        try:
            self.process = subprocess.Popen(
                ["ip", "netns", "exec", self.name, str(binary), "-d", "-C", str(self.config),
                 "-l", str(self.logfile), "-p", str(self.dir / "lagopus.pid")],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.dir)
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LabError(f"lagopus exited with {self.process.returncode}: {self.output()[-2000:]}")
            try:
                self.datastore("bridge bridge01", timeout=2)
                return
            except (OSError, LabError):
                time.sleep(0.1)
        raise LabError(f"lagopus did not open its datastore within {timeout:.0f} s: {self.output()[-2000:]}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.running else None

    def kill(self, sig: int = signal.SIGKILL, timeout: float = 30) -> None:
        """Stop Lagopus by pid (``ip netns exec`` execs it, so the child's pid is the switch's)."""
        if not self.running:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        """A switch restart: every flow is gone, and it connects out again."""
        self.kill()
        self.start()

    def close(self) -> None:
        stop_processes(self._children)
        self.kill()
        if self._netns_created:
            subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
            self._netns_created = False
        else:
            for link in self._links:
                subprocess.run(["ip", "netns", "exec", self.name, "ip", "link", "del", link],
                               capture_output=True)
        self._links = []
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------ names and commands
    @staticmethod
    def switch_ifname(port: int) -> str:
        return f"lgs{port}"

    @staticmethod
    def peer_ifname(port: int) -> str:
        """The veth end facing switch port ``port`` (the host side)."""
        return f"lgh{port}"

    def netns_cmd(self, *cmd: str) -> list[str]:
        return ["ip", "netns", "exec", self.name, *cmd]

    def _ns(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        return _host(*self.netns_cmd(*cmd), check=check)

    def run(self, *cmd: str, check: bool = True, timeout: float = 180, env: dict | None = None,
            **kw) -> subprocess.CompletedProcess:
        """Run a command inside the namespace (127.0.0.1 there is the switch's loopback)."""
        proc = subprocess.run(self.netns_cmd(*cmd), env=dict(os.environ, **(env or {})),
                              capture_output=True, text=True, timeout=timeout, **kw)
        if check and proc.returncode != 0:
            raise LabError(f"{' '.join(cmd)} failed ({proc.returncode}): "
                           f"{proc.stderr.strip() or proc.stdout.strip()}")
        return proc

    def popen(self, *cmd: str, env: dict | None = None, **kw) -> subprocess.Popen:
        """Start a long-running command inside the namespace; stopped by :meth:`close`."""
        child = subprocess.Popen(self.netns_cmd(*cmd), env=dict(os.environ, **(env or {})), **kw)
        self._children.append(child)
        return child

    def output(self) -> str:
        text = ""
        for path in (self.dir / "lagopus.out", self.logfile):
            if path.exists():
                text += path.read_text(errors="replace")
        return text

    # ------------------------------------------------------------ datastore
    def datastore(self, line: str, timeout: float = 30) -> dict:
        """Send one datastore DSL line, return its JSON reply."""
        def talk() -> bytes:
            with socket.create_connection(("127.0.0.1", self.datastore_port), timeout=timeout) as s:
                s.sendall(line.rstrip("\n").encode() + b"\n")
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                    try:
                        json.loads(data)
                        break
                    except ValueError:
                        continue
                return data

        data = in_netns(self.name, talk)
        try:
            return json.loads(data)
        except ValueError:
            raise LabError(f"datastore reply to {line!r} is not JSON: {data[:200]!r}") from None

    def flows(self) -> list[dict]:
        """Every flow of bridge01 as the datastore lists it."""
        reply = self.datastore("flow bridge01")
        if reply.get("ret") != "OK":
            raise LabError(f"datastore: {reply}")
        return [flow for bridge in reply.get("data", []) for table in bridge.get("tables", [])
                for flow in table.get("flows", [])]

    # ------------------------------------------------------------ packets
    def _sockets(self, ifnames):
        def make():
            made = {}
            for ifname in ifnames:
                s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(_ETH_P_ALL))
                s.bind((ifname, 0))
                s.setblocking(False)
                made[ifname] = s
            return made
        return in_netns(self.name, make)

    def probe(self, frames: list[bytes], in_port: int = 1, settle: float = 0.3, timeout: float = 10,
              pace: float = PACE) -> list[int | None]:
        """Send each frame into switch port ``in_port``; the port each came out of, or None.

        Every frame gets a unique tag appended after its IP packet (trailing bytes the
        switch forwards untouched), so concurrent traffic cannot be mistaken for a probe.
        Frames are spaced ``pace`` seconds apart: the raw-socket datapath drops frames that
        arrive in a burst (measured: 447 of 1,000 back to back, none at 0.2 ms apart).
        A frame seen on more than one port reports the lowest; :meth:`probe_all` gives all.
        """
        return [min(ports) if ports else None for ports in self.probe_all(frames, in_port, settle, timeout, pace)]

    def probe_all(self, frames: list[bytes], in_port: int = 1, settle: float = 0.3, timeout: float = 10,
                  pace: float = PACE) -> list[frozenset[int]]:
        out_ports = [p for p in range(1, self.ports + 1) if p != in_port]
        socks = self._sockets([self.peer_ifname(p) for p in [in_port, *out_ports]])
        sender = socks.pop(self.peer_ifname(in_port))
        by_fd = {s.fileno(): (port, s) for port, s in zip(out_ports, socks.values())}
        self._serial += 1
        run_id = struct.pack("!I", (os.getpid() << 8 ^ self._serial) & 0xFFFFFFFF)
        seen: list[set[int]] = [set() for _ in frames]
        try:
            sender.setblocking(True)
            for index, frame in enumerate(frames):
                sender.send(frame + TAG_MAGIC + run_id + struct.pack("!I", index))
                if pace:
                    time.sleep(pace)
                if index % 64 == 63:
                    self._drain(by_fd, run_id, seen, 0)
            deadline = time.monotonic() + timeout
            quiet_until = time.monotonic() + settle
            while time.monotonic() < min(deadline, quiet_until):
                if self._drain(by_fd, run_id, seen, 0.05):
                    quiet_until = time.monotonic() + settle
        finally:
            sender.close()
            for _, s in by_fd.values():
                s.close()
        return [frozenset(ports) for ports in seen]

    def latencies(self, frames: list[bytes], in_port: int = 1, out_port: int = 2,
                  timeout: float = 1.0) -> list[float | None]:
        """One frame at a time: seconds from its send into ``in_port`` until it leaves
        ``out_port`` (None: it did not come out there within ``timeout``)."""
        socks = self._sockets([self.peer_ifname(in_port), self.peer_ifname(out_port)])
        sender, receiver = socks[self.peer_ifname(in_port)], socks[self.peer_ifname(out_port)]
        sender.setblocking(True)
        self._serial += 1
        run_id = struct.pack("!I", (os.getpid() << 8 ^ self._serial) & 0xFFFFFFFF)
        result: list[float | None] = []
        try:
            for index, frame in enumerate(frames):
                tag = TAG_MAGIC + run_id + struct.pack("!I", index)
                started = time.perf_counter()
                sender.send(frame + tag)
                arrived = None
                while arrived is None and time.perf_counter() - started < timeout:
                    ready, _, _ = select.select([receiver], [], [], timeout)
                    if not ready:
                        break
                    while True:
                        try:
                            data = receiver.recv(65536)
                        except BlockingIOError:
                            break
                        if tag in data:  # short frames come out padded to 60 bytes
                            arrived = time.perf_counter() - started
                result.append(arrived)
        finally:
            sender.close()
            receiver.close()
        return result

    @staticmethod
    def _drain(by_fd, run_id: bytes, seen, wait: float) -> bool:
        got = False
        ready, _, _ = select.select(list(by_fd), [], [], wait)
        for fd in ready:
            port, s = by_fd[fd]
            while True:
                try:
                    data = s.recv(65536)
                except BlockingIOError:
                    break
                at = data.rfind(TAG_MAGIC + run_id)
                if at >= 0 and len(data) >= at + len(TAG_MAGIC) + 8:
                    index = struct.unpack_from("!I", data, at + len(TAG_MAGIC) + 4)[0]
                    if index < len(seen):
                        seen[index].add(port)
                        got = True
        return got


def _host(*cmd: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise LabError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc
