"""Which switches a running ``aclc serve`` holds, so that ``aclc push`` does not fight it.

``aclc serve`` takes an exclusive ``flock`` on one file per switch it holds, in
``RUN_DIR/locks/``: ``dpid-<16 hex digits>`` for a switch known by its datapath id,
``addr-<address>`` for one it connects to. The lock lives exactly as long as the
process (the kernel drops it when serve exits, even by SIGKILL), so a stale file
never blocks anyone. ``aclc push`` tries the same locks before it sends anything
and refuses, naming the serve process, when one is held.

RUN_DIR is ``$ACLC_RUN_DIR`` when set, else ``/run/aclc`` for root, else
``$XDG_RUNTIME_DIR/aclc``, else ``/tmp/aclc-<uid>``. ``serve`` takes ``run_dir``
from its configuration, defaulting to the same; push and serve agree when both use
the default or the same ``ACLC_RUN_DIR``.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from pathlib import Path

from ..errors import AclcError, EnvironmentFailure


def default_run_dir() -> Path:
    if os.environ.get("ACLC_RUN_DIR"):
        return Path(os.environ["ACLC_RUN_DIR"])
    if os.geteuid() == 0:
        return Path("/run/aclc")
    if os.environ.get("XDG_RUNTIME_DIR"):
        return Path(os.environ["XDG_RUNTIME_DIR"]) / "aclc"
    return Path(f"/tmp/aclc-{os.getuid()}")


def dpid_key(dpid: int) -> str:
    return f"dpid-{dpid:016x}"


def address_key(address: str) -> str:
    from ..push.channel import parse_endpoint

    text = str(parse_endpoint(address))  # one spelling per address: 127.0.0.1:6634 == tcp:127.0.0.1:6634
    return "addr-" + re.sub(r"[^A-Za-z0-9.-]", "_", text)


class SwitchLocks:
    """The locks one serve process holds (and the pid file that says it runs)."""

    def __init__(self, run_dir: str | Path, owner: dict):
        self.run_dir = Path(run_dir)
        self.owner = owner
        self._held: dict[str, int] = {}

    def _open(self, name: str) -> int:
        directory = self.run_dir / "locks"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            return os.open(directory / name, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise EnvironmentFailure(f"cannot use the run directory {self.run_dir}: {e.strerror or e}") from None

    def acquire(self, key: str, what: str) -> None:
        if key in self._held:
            return
        fd = self._open(key)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise EnvironmentFailure(f"{what} is already held by {holder} (lock {self.run_dir / 'locks' / key})")
        os.ftruncate(fd, 0)
        os.write(fd, (json.dumps({**self.owner, "switch": what}) + "\n").encode())
        self._held[key] = fd

    def release(self, key: str) -> None:
        fd = self._held.pop(key, None)
        if fd is not None:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def release_all(self) -> None:
        for key in list(self._held):
            self.release(key)

    @property
    def held(self) -> tuple[str, ...]:
        return tuple(self._held)


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode() or "{}")
    except (OSError, ValueError):
        info = {}
    if info.get("pid"):
        return f"aclc serve (pid {info['pid']}, config {info.get('config', '?')})"
    return "another aclc serve"


def held_by(run_dir: str | Path, key: str) -> str | None:
    """Who holds the lock ``key`` (a description), or None when nobody does."""
    path = Path(run_dir) / "locks" / key
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def refuse_if_served(*, dpid: int | None = None, address: str | None = None,
                     run_dir: str | Path | None = None) -> None:
    """Raise when a running ``aclc serve`` holds this switch (``aclc push`` calls this)."""
    run_dir = Path(run_dir) if run_dir is not None else default_run_dir()
    checks = []
    if address is not None:
        try:
            checks.append((address_key(address), f"the switch at {address}"))
        except AclcError:
            pass
    if dpid is not None:
        checks.append((dpid_key(dpid), f"the switch with dpid {dpid:#x}"))
    for key, what in checks:
        holder = held_by(run_dir, key)
        if holder is not None:
            raise EnvironmentFailure(
                f"{what} is held by {holder}; a push would fight it. Change the ACL in that "
                "configuration (serve reloads on change and SIGHUP), or stop serve first. Nothing was changed")
