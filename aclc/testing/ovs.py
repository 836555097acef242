"""A private Open vSwitch, entirely in userspace, inside its own network namespace.

Used by the end-to-end tests and the push benchmark: it needs root, the
Debian package ``openvswitch-switch`` and ``ip`` (iproute2), and touches
nothing outside the namespace and a temporary directory::

    with OvsLab() as lab:
        lab.add_bridge("target", dpid=1, controller="tcp:127.0.0.1:6653")
        lab.ofctl("dump-flows", "target")

Every daemon gets its own run directory and pidfile and is stopped by pid;
the namespace is removed on exit, also when the test failed. Programs that
must talk to the switches over loopback run inside the namespace through
:meth:`OvsLab.run` / :meth:`OvsLab.popen` (127.0.0.1 there is the
namespace's own loopback).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from .processes import stop_processes

SCHEMA = Path("/usr/share/openvswitch/vswitch.ovsschema")


class LabError(RuntimeError):
    pass


def missing_requirements() -> str | None:
    """Why a lab cannot start on this machine, or None when it can."""
    if os.geteuid() != 0:
        return "needs root (network namespaces)"
    for tool in ("ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ovsdb-tool", "ip"):
        if shutil.which(tool) is None:
            return f"{tool} not found (apt-get install openvswitch-switch iproute2)"
    if not SCHEMA.exists():
        return f"{SCHEMA} not found"
    return None


class OvsLab:
    def __init__(self, name: str | None = None):
        self.name = name or f"aclc-{uuid.uuid4().hex[:8]}"
        self.dir = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        self.env = dict(os.environ)
        for var in ("OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR"):
            self.env[var] = str(self.dir)
        self.env["OVS_PKGDATADIR"] = str(SCHEMA.parent)
        self.db_sock = self.dir / "db.sock"
        self._pidfiles = [self.dir / "ovs-vswitchd.pid", self.dir / "ovsdb-server.pid"]
        self._children: list[subprocess.Popen] = []
        self._netns_created = False
        self.bridges: dict[str, int] = {}
        self.hosts: list[str] = []  # host namespaces made by add_host

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> "OvsLab":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        why = missing_requirements()
        if why:
            raise LabError(why)
        self._host("ip", "netns", "add", self.name)
        self._netns_created = True
        self.run("ip", "link", "set", "lo", "up")
        db = self.dir / "conf.db"
        self._host("ovsdb-tool", "create", str(db), str(SCHEMA))
        self.run(
            "ovsdb-server", str(db), f"--remote=punix:{self.db_sock}",
            f"--pidfile={self.dir / 'ovsdb-server.pid'}", "--detach",
            f"--log-file={self.dir / 'ovsdb-server.log'}", f"--unixctl={self.dir / 'ovsdb-server.ctl'}",
        )
        self.vsctl("--no-wait", "init")
        self.run(
            "ovs-vswitchd", f"unix:{self.db_sock}", "--disable-system",
            f"--pidfile={self.dir / 'ovs-vswitchd.pid'}", "--detach",
            f"--log-file={self.dir / 'ovs-vswitchd.log'}", f"--unixctl={self.dir / 'ovs-vswitchd.ctl'}",
        )

    def stop(self) -> None:
        stop_processes(self._children)
        for pidfile in self._pidfiles:
            _kill_pidfile(pidfile)
        for host in self.hosts:
            subprocess.run(["ip", "netns", "del", host], capture_output=True)
        self.hosts = []
        if self._netns_created:
            subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
            self._netns_created = False
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------ commands
    def _host(self, *cmd: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise LabError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
        return proc

    def netns_cmd(self, *cmd: str) -> list[str]:
        return ["ip", "netns", "exec", self.name, *cmd]

    def run(self, *cmd: str, check: bool = True, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
        """Run a command inside the namespace, with this lab's OVS environment."""
        env = dict(self.env, **kw.pop("env", {}))
        proc = subprocess.run(self.netns_cmd(*cmd), env=env, capture_output=True, text=True,
                              timeout=timeout, **kw)
        if check and proc.returncode != 0:
            raise LabError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
        return proc

    def popen(self, *cmd: str, **kw) -> subprocess.Popen:
        """Start a long-running command inside the namespace; stopped by :meth:`stop`."""
        env = dict(self.env, **kw.pop("env", {}))
        child = subprocess.Popen(self.netns_cmd(*cmd), env=env, **kw)
        self._children.append(child)
        return child

    def vsctl(self, *args: str) -> str:
        return self._host("ovs-vsctl", f"--db=unix:{self.db_sock}", "--timeout=30", *args).stdout

    def ofctl(self, *args: str, check: bool = True) -> str:
        return self._host("ovs-ofctl", "-O", "OpenFlow13", *args, check=check).stdout

    def appctl(self, *args: str) -> str:
        return self._host("ovs-appctl", f"--target={self.dir / 'ovs-vswitchd.ctl'}", *args).stdout

    # ------------------------------------------------------------ topology
    def add_bridge(self, name: str, dpid: int, controller: str | None = None,
                   listen: str | None = None, ports: tuple[int, ...] = ()) -> None:
        """A userspace OpenFlow 1.3 bridge in fail-mode secure.

        ``controller`` ("tcp:127.0.0.1:6653") makes the switch connect out (out-of-band,
        as a real deployment would); ``listen`` ("ptcp:6634:127.0.0.1") makes it accept
        controllers. ``ports`` adds internal ports with those OpenFlow port numbers.
        """
        args = [
            "add-br", name, "--", "set", "bridge", name, "datapath_type=netdev",
            "protocols=OpenFlow13", "fail-mode=secure", f"other-config:datapath-id={dpid:016x}",
        ]
        self.vsctl(*args)
        targets = [t for t in (controller, listen) if t]
        if targets:
            self.vsctl("set-controller", name, *targets)
        if controller:
            self.vsctl("set", "controller", name, "connection-mode=out-of-band")
        for port in ports:
            pname = f"{name[:8]}p{port}"
            self.vsctl("add-port", name, pname, "--", "set", "interface", pname, "type=internal",
                       f"ofport_request={port}")
        self.bridges[name] = dpid

    def link(self, bridge_a: str, bridge_b: str, ports: tuple[int, ...] = (1, 2, 3)) -> None:
        """Join port N of one bridge to port N of the other with patch ports."""
        for port in ports:
            a, b = f"{bridge_a[:6]}-{bridge_b[:6]}-{port}", f"{bridge_b[:6]}-{bridge_a[:6]}-{port}"
            self.vsctl(
                "add-port", bridge_a, a, "--", "set", "interface", a, "type=patch",
                f"options:peer={b}", f"ofport_request={port}", "--",
                "add-port", bridge_b, b, "--", "set", "interface", b, "type=patch",
                f"options:peer={a}", f"ofport_request={port}",
            )

    def add_host(self, bridge: str, port: int, address: str) -> str:
        """A host in a network namespace of its own, joined by a veth pair to OpenFlow port
        ``port`` of ``bridge``, with ``address`` (CIDR) on its end; returns the namespace.

        Checksum offload is off on the host's end: the userspace datapath reads frames from a
        socket as the kernel left them, and conntrack calls a TCP segment whose checksum is
        only partial invalid."""
        host = f"{self.name}-h{port}"
        outside, inside = f"v{port}o", f"v{port}h"
        self._host("ip", "netns", "add", host)
        self.hosts.append(host)
        self.run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        self.run("ip", "link", "set", inside, "netns", host)
        self.run("ip", "link", "set", outside, "up")
        in_host = ["ip", "netns", "exec", host]
        for cmd in (["ip", "link", "set", "lo", "up"], ["ip", "addr", "add", address, "dev", inside],
                    ["ip", "link", "set", inside, "up"], ["ethtool", "-K", inside, "tx", "off"]):
            self._host(*in_host, *cmd)
        self.run("ethtool", "-K", outside, "tx", "off", check=False)
        self.vsctl("add-port", bridge, outside, "--", "set", "interface", outside, f"ofport_request={port}")
        return host

    def in_host(self, host: str, *cmd: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        """A command inside a namespace made by add_host."""
        return self._host("ip", "netns", "exec", host, *cmd, check=check, timeout=timeout)

    def host_popen(self, host: str, *cmd: str, **kw) -> subprocess.Popen:
        """A long-running command inside a namespace made by add_host (stopped with the lab)."""
        child = subprocess.Popen(["ip", "netns", "exec", host, *cmd], env=self.env, **kw)
        self._children.append(child)
        return child

    def wait_connected(self, bridge: str, timeout: float = 30) -> None:
        """Wait until the bridge reports a connected controller."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.vsctl("--columns=is_connected", "list", "controller")
            if "true" in out:
                return
            time.sleep(0.2)
        raise LabError(f"bridge {bridge} did not connect to its controller within {timeout:.0f} s")

    def dump_flows(self, bridge: str) -> str:
        return self.ofctl("dump-flows", bridge)

    def trace(self, bridge: str, flow: str) -> str:
        """``ovs-appctl ofproto/trace``: what the bridge does with one packet."""
        return self.appctl("ofproto/trace", bridge, flow)

    def log(self, daemon: str = "ovs-vswitchd") -> str:
        path = self.dir / f"{daemon}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _kill_pidfile(pidfile: Path, timeout: float = 5) -> None:
    try:
        pid = int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
