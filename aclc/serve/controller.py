"""``aclc serve``: one asyncio process that holds every configured switch.

The controller is a loop around the push machinery (:mod:`aclc.push.channel`,
:mod:`aclc.push.install`): on every connection it asks the switch what it is,
reads its tables (``push(..., dry_run=True)``) and either adopts the firewall it
already runs or installs the current one with push's all-or-nothing bank swap
(``push(..., full=True)``). Each switch has its own task and every request a
timeout, so one switch that stalls or sends garbage is dropped (with the reason
logged) without holding up the others.

A reload (SIGHUP, or a watched file that changed) parses, compiles and proves
every ACL first, in a thread; only when all of them succeed does it become the
current configuration and wake the switches whose firewall changed.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import time
from dataclasses import dataclass

from ..errors import AclcError, EnvironmentFailure
from ..push.channel import Channel, ChannelClosed, parse_endpoint, tls_context
from .config import AclSource, ServeConfig, SwitchSpec, load_config
from .generation import Compiled, Loaded, compile_and_prove, load_source, unchanged
from .locks import SwitchLocks, default_run_dir
from .log import EventLog

TICK = 0.5  # how often a held switch's task looks at its connection between echoes


def detect_target(description, fallback: str) -> tuple[str, bool]:
    """The profile that recognises the switch from its description (push's own rule:
    :func:`aclc.push.compat.recognise`); ``(fallback, False)`` when none does."""
    from ..push.compat import recognise

    profile = recognise(description)
    return (profile.name, True) if profile is not None else (fallback, False)


@dataclass
class SwitchStatus:
    name: str
    address: str  # "dpid 0x1 (connects in)" or "tcp:127.0.0.1:6634"
    connected: bool = False
    peer: str | None = None
    dpid: int | None = None
    description: str | None = None
    target: str | None = None
    state: str = "waiting"  # waiting, installing, in-sync, error
    generation: int | None = None  # the generation the switch runs (its dispatch flow's cookie)
    revision: int | None = None  # the serve revision (reload) it runs
    fingerprint: str | None = None
    installs: int = 0
    adoptions: int = 0
    connections: int = 0
    last_error: str | None = None
    last_error_at: float | None = None
    last_sync_at: float | None = None
    last_sync: str | None = None

    def as_dict(self) -> dict:
        out = dict(vars(self))
        if self.dpid is not None:
            out["dpid"] = f"{self.dpid:#x}"
        return out


class SwitchSession:
    """One configured switch: its connection, if any, and what it runs."""

    def __init__(self, ctl: "Controller", spec: SwitchSpec):
        self.ctl = ctl
        self.spec = spec
        address = spec.connect or f"dpid {spec.dpid:#x} (connects in)"
        self.status = SwitchStatus(spec.name, address)
        self.wake = asyncio.Event()
        self.chan: Channel | None = None
        self.task: asyncio.Task | None = None  # holds the current connection
        self.connector: asyncio.Task | None = None  # connect mode: the connect loop
        self.compiled: Compiled | None = None
        self.counters = None  # aclc.push.counters.Counters of the last poll
        self.detected_target: str | None = None
        self._warned: str | None = None

    # ------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if self.spec.connect is not None:
            self.connector = asyncio.get_running_loop().create_task(self._connect_loop())

    async def stop(self) -> None:
        for task in (self.connector, self.task):
            if task is not None and not task.done():
                task.cancel()
                try:
                    await task
                except (asyncio.CancelledError, Exception):
                    pass
        if self.chan is not None:
            await self.chan.close()

    def log(self, event: str, level: str = "info", **fields) -> None:
        self.ctl.log(event, level, switch=self.spec.name, **fields)

    def error(self, event: str, error, level: str = "error", **fields) -> None:
        text = str(error) if not isinstance(error, AclcError) else _one_line(error)
        self.status.last_error = text
        self.status.last_error_at = time.time()
        self.log(event, level, error=text, **fields)
        self.ctl.status_changed()

    # ------------------------------------------------------------ connections
    async def attach(self, chan: Channel) -> None:
        """A switch with this session's dpid connected in (listen mode)."""
        old = self.task
        if old is not None and not old.done():
            self.log("switch_replaced", peer=chan.peer, old_peer=self.status.peer,
                     reason="a new connection from the same dpid (the switch restarted or reconnected)")
            old.cancel()
            try:
                await old
            except (asyncio.CancelledError, Exception):
                pass
        self.task = asyncio.get_running_loop().create_task(self.hold(chan))

    async def _connect_loop(self) -> None:
        cfg = self.ctl.config
        endpoint = parse_endpoint(self.spec.connect)
        ctx = None
        if endpoint.kind == "ssl":
            ctx = tls_context(False, cfg.tls.cert, cfg.tls.key, cfg.tls.ca)
        delay, last_reason, attempts = 0.25, None, 0
        while True:
            attempts += 1
            try:
                chan = await Channel.connect(endpoint, timeout=cfg.handshake_timeout, ssl=ctx)
                try:
                    await chan.handshake(self.spec.dpid, timeout=cfg.handshake_timeout)
                except BaseException:
                    await chan.close()
                    raise
            except AclcError as e:
                reason = _one_line(e)
                if reason != last_reason:  # one line per new reason, not one per attempt
                    self.error("connect_failed", e, level="warning", attempts=attempts,
                               retry_in=round(delay, 2))
                    last_reason = reason
                await asyncio.sleep(delay)
                delay = min(delay * 2, cfg.reconnect_max)
                continue
            delay, last_reason, attempts = 0.25, None, 0
            self.task = asyncio.get_running_loop().create_task(self.hold(chan))
            try:
                await asyncio.shield(self.task)
            except asyncio.CancelledError:
                self.task.cancel()
                raise
            except Exception:
                pass
            await asyncio.sleep(0.1)

    async def hold(self, chan: Channel) -> None:
        """Keep one connection: sync it, answer reloads, send echoes, poll counters."""
        cfg = self.ctl.config
        st = self.status
        self.chan = chan
        st.connected, st.peer, st.dpid = True, chan.peer, chan.features.dpid if chan.features else None
        st.connections += 1
        st.state = "installing"
        self.log("switch_connected", peer=chan.peer, dpid=f"{st.dpid:#x}" if st.dpid is not None else None)
        self.ctl.status_changed()
        try:
            self.wake.set()
            next_echo = next_poll = time.monotonic()
            next_echo += cfg.echo_interval
            # The first poll at a random point of the interval: polls of many switches spread out.
            next_poll += (random.uniform(min(cfg.poll_interval, 1.0), cfg.poll_interval) if cfg.poll_interval
                          else float("inf"))
            while True:
                if chan.closed:
                    raise ChannelClosed(f"the connection to the switch at {chan.peer} was lost ({chan.closed})")
                if self.wake.is_set():
                    await self._sync(chan)
                now = time.monotonic()
                if now >= next_echo:
                    await chan.echo(timeout=cfg.timeout)
                    next_echo = time.monotonic() + cfg.echo_interval
                if now >= next_poll and self.compiled is not None and st.state == "in-sync":
                    polled = time.monotonic()
                    await self._poll(chan)
                    next_poll = time.monotonic() + self.ctl.poll_delay(time.monotonic() - polled)
                wait = max(0.0, min(next_echo, next_poll) - time.monotonic())
                try:
                    await asyncio.wait_for(self.wake.wait(), min(wait, TICK))
                except asyncio.TimeoutError:
                    pass
        except asyncio.CancelledError:
            raise
        except AclcError as e:
            self.error("switch_dropped", e, peer=chan.peer)
        except Exception as e:  # a bug: say so, keep every other switch running
            self.error("switch_dropped", f"internal error: {type(e).__name__}: {e}", peer=chan.peer)
        finally:
            await chan.close()
            if self.chan is chan:
                self.chan = None
                st.connected = False
                if st.state == "installing":
                    st.state = "waiting"
                self.log("switch_disconnected", peer=chan.peer)
                self.ctl.status_changed()

    # ------------------------------------------------------------ install
    async def _sync(self, chan: Channel) -> None:
        from ..push.install import push

        cfg = self.ctl.config
        st = self.status
        self.wake.clear()
        revision = self.ctl.revision
        st.state = "installing"
        desc = await chan.description(min(cfg.timeout, 30))
        st.description = str(desc) if desc is not None else None
        target = self.spec.target
        if target == "auto":
            target, recognised = detect_target(desc, cfg.fallback_target)
            self.detected_target = target
            if not recognised:
                self.log("target_fallback", level="warning", target=target, description=st.description)
        st.target = target
        try:
            compiled = await self.ctl.compiled(self.spec.source, target)
        except AclcError as e:
            # The ACL cannot be built for this switch: it keeps what it runs; a reload retries.
            st.state = "error"
            self.error("install_refused", e, target=target)
            return
        try:
            # At most max_installs switches read and install at once: each install then runs at
            # full speed, and a reply timeout measures the switch, not the crowd.
            async with self.ctl.install_slots:
                started = time.monotonic()
                report = await asyncio.wait_for(
                    push(chan, compiled.compile_for_base, dry_run=True, timeout=cfg.timeout), cfg.timeout * 4)
                if report.kind == "nothing":
                    st.adoptions += 1
                    kind = "adopted"
                else:
                    report = await asyncio.wait_for(
                        push(chan, compiled.compile_for_base, full=True, timeout=cfg.timeout), cfg.timeout * 10)
                    st.installs += 1
                    kind = "installed"
        except asyncio.TimeoutError:
            raise EnvironmentFailure(f"the install on the switch at {chan.peer} did not finish in time") from None
        except EnvironmentFailure:
            st.state = "error"
            raise
        except AclcError as e:  # refused before anything was sent (foreign flows, unfaithful target)
            st.state = "error"
            self.error("install_refused", e, target=target)
            return
        self.compiled = compiled
        self.counters = None
        st.state = "in-sync"
        st.generation, st.revision, st.fingerprint = report.generation, revision, compiled.fingerprint
        st.last_sync_at = time.time()
        st.last_sync = kind
        st.last_error = None
        self.log(f"switch_{kind}", generation=report.generation, revision=revision, target=target,
                 flows=compiled.flows, bank=report.bank, seconds=round(time.monotonic() - started, 3),
                 acl=compiled.policy.name)
        self.ctl.status_changed()
        if self.ctl.revision != revision or (
                self.ctl.current_fingerprint(self.spec.source, target) not in (None, compiled.fingerprint)):
            self.wake.set()  # a reload landed meanwhile

    async def _poll(self, chan: Channel) -> None:
        from ..push.counters import counters_from_replies

        compiled = self.compiled
        from ..push import layout

        bodies: list[bytes] = []  # read without decoding every flow (counters_from_replies)
        await chan.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK,
                              timeout=self.ctl.config.timeout, consume=bodies.append)
        try:
            # In a thread: the loop must keep answering the other switches meanwhile.
            counters = await asyncio.to_thread(counters_from_replies, compiled.policy, bodies,
                                               compiled.compile_for_base)
        except AclcError as e:
            # The switch no longer runs an aclc firewall (emptied behind our back): install again.
            self.log("firewall_missing", level="warning", error=_one_line(e))
            self.wake.set()
            return
        if counters.generation != self.status.generation:
            self.log("generation_changed", level="warning", expected=self.status.generation,
                     found=counters.generation)
            self.wake.set()
            return
        if counters.warning and counters.warning != self._warned:
            self.log("counters_warning", level="warning", warning=counters.warning)
        self._warned = counters.warning
        self.counters = counters


class Controller:
    def __init__(self, config: ServeConfig, log: EventLog | None = None):
        self.config = config
        self.config_path = config.path
        self.log = log or EventLog()
        self.sessions: dict[str, SwitchSession] = {}
        self.revision = 0
        self.reloads = {"ok": 0, "failed": 0}
        self.last_reload_error: str | None = None
        self._loaded: dict[AclSource, Loaded] = {}
        self._compiled: dict[tuple[AclSource, str], asyncio.Future] = {}
        self._reload_lock: asyncio.Lock | None = None
        self._stop: asyncio.Event | None = None
        self._status_dirty: asyncio.Event | None = None
        self._tasks: list[asyncio.Task] = []
        self._server = None
        self.metrics_server = None
        self.metrics_address: str | None = None
        self.listen_address: str | None = None
        self.run_dir = config.run_dir or str(default_run_dir())
        self.locks = SwitchLocks(self.run_dir, {"pid": os.getpid(), "config": os.path.abspath(config.path)})
        self.started = time.time()
        self.ready: asyncio.Event | None = None
        self._hup_pending = False
        self._poll_stretched = False

    # ------------------------------------------------------------ compiled ACLs
    def _needed_targets(self, config: ServeConfig) -> dict[AclSource, set[str]]:
        needed: dict[AclSource, set[str]] = {}
        for spec in config.switches:
            targets = needed.setdefault(spec.source, set())
            if spec.target != "auto":
                targets.add(spec.target)
            else:
                session = self.sessions.get(spec.name)
                if session is not None and session.detected_target:
                    targets.add(session.detected_target)
        return needed

    def _prepare(self, config: ServeConfig, needed: dict[AclSource, set[str]], loaded_before: dict,
                 compiled_before: dict) -> tuple[dict, dict]:
        """Parse, compile and prove everything ``config`` needs (run in a thread). Raises on the
        first failure, so nothing of a bad reload is ever used."""
        loaded: dict[AclSource, Loaded] = {}
        compiled: dict[tuple[AclSource, str], Compiled] = {}
        for source, targets in needed.items():
            old = loaded_before.get(source)
            loaded[source] = old if old is not None and unchanged(old) else load_source(source)
            for target in sorted(targets):
                prior = compiled_before.get((source, target))
                if prior is not None and prior.loaded is loaded[source]:
                    compiled[(source, target)] = prior
                else:
                    compiled[(source, target)] = compile_and_prove(loaded[source], target)
        return loaded, compiled

    def _done_compiled(self) -> dict[tuple[AclSource, str], Compiled]:
        return {k: f.result() for k, f in self._compiled.items()
                if f.done() and not f.cancelled() and f.exception() is None}

    async def compiled(self, source: AclSource, target: str) -> Compiled:
        """The current compilation of ``source`` for ``target`` (compiled now if no reload did)."""
        key = (source, target)
        future = self._compiled.get(key)
        if future is None:
            loaded = self._loaded.get(source)
            if loaded is None:
                raise AclcError(f"{source.label}: not loaded")
            self.log("compiling", acl_file=source.acl_file, target=target)
            future = asyncio.ensure_future(asyncio.to_thread(compile_and_prove, loaded, target))
            self._compiled[key] = future
        return await asyncio.shield(future)

    def poll_delay(self, spent: float) -> float:
        """Seconds until a switch's next counter poll: ``poll_interval``, stretched so that the
        polls of every connected switch together take at most half of the process's time
        (decoding flow stats costs tens of microseconds a flow)."""
        connected = sum(1 for s in self.sessions.values() if s.status.connected)
        # At most ten times longer: one slow poll (a busy machine) must not silence the counters.
        delay = max(self.config.poll_interval, min(2 * spent * connected, 10 * self.config.poll_interval))
        if delay > self.config.poll_interval and not self._poll_stretched:
            self._poll_stretched = True
            self.log("poll_stretched", "warning", poll_interval=self.config.poll_interval,
                     seconds=round(delay, 1), note=f"a poll took {spent:.2f} s and {connected} switches are "
                     "connected: counters are read less often than poll_interval asks")
        return delay

    def current_fingerprint(self, source: AclSource, target: str) -> str | None:
        future = self._compiled.get((source, target))
        if future is None or not future.done() or future.cancelled() or future.exception() is not None:
            return None
        return future.result().fingerprint

    # ------------------------------------------------------------ reload
    async def prepare_initial(self) -> None:
        """Compile and prove everything before touching any switch; raises (exit 2) on bad input."""
        needed = self._needed_targets(self.config)
        loaded, compiled = await asyncio.to_thread(self._prepare, self.config, needed, {}, {})
        self._install_compiled(loaded, compiled)
        self.revision = 1

    def _install_compiled(self, loaded, compiled) -> None:
        self._loaded = loaded
        loop = asyncio.get_running_loop()
        self._compiled = {}
        for key, value in compiled.items():
            future = loop.create_future()
            future.set_result(value)
            self._compiled[key] = future

    async def reload(self, reason: str) -> bool:
        async with self._reload_lock:
            self.log("reload_started", reason=reason)
            started = time.monotonic()
            try:
                config = await asyncio.to_thread(load_config, self.config_path)
                needed = self._needed_targets(config)
                loaded, compiled = await asyncio.to_thread(
                    self._prepare, config, needed, dict(self._loaded), self._done_compiled())
            except AclcError as e:
                self.reloads["failed"] += 1
                self.last_reload_error = _one_line(e)
                self.log("reload_failed", "error", reason=reason, error=self.last_reload_error,
                         detail=e.detail, revision=self.revision,
                         note="nothing changed: every switch keeps the firewall it runs")
                self.status_changed()
                return False
            before = {k: c.fingerprint for k, c in self._done_compiled().items()}
            if config.restart_settings != self.config.restart_settings:
                self.log("reload_restart_needed", "warning",
                         note="listen, allow_remote, tls, metrics and run_dir change only on restart; kept")
                config = _keep_restart_settings(config, self.config)
            old_specs = {s.name: s for s in self.config.switches}
            self.config = config
            self._install_compiled(loaded, compiled)
            after = {k: c.fingerprint for k, c in compiled.items()}
            changed = before != after or old_specs != {s.name: s for s in config.switches}
            if changed:
                self.revision += 1
            await self._apply_switches(old_specs)
            woken = 0
            for session in self.sessions.values():
                target = session.status.target or (session.spec.target if session.spec.target != "auto" else None)
                wanted = self.current_fingerprint(session.spec.source, target) if target else None
                if session.chan is not None and (session.status.fingerprint != wanted or session.status.state == "error"):
                    session.wake.set()
                    woken += 1
            self.reloads["ok"] += 1
            self.last_reload_error = None
            self.log("reload_done", reason=reason, revision=self.revision, changed=changed, switches_woken=woken,
                     seconds=round(time.monotonic() - started, 3))
            self.status_changed()
            return True

    async def _apply_switches(self, old_specs: dict[str, SwitchSpec]) -> None:
        new_specs = {s.name: s for s in self.config.switches}
        for name, spec in old_specs.items():
            new = new_specs.get(name)
            if new is None or (new.dpid, new.connect) != (spec.dpid, spec.connect):
                session = self.sessions.pop(name, None)
                if session is not None:
                    await session.stop()
                for key in spec.lock_keys:
                    self.locks.release(key)
                self.log("switch_removed", switch=name, note="its flows stay on the switch")
        for name, spec in new_specs.items():
            session = self.sessions.get(name)
            if session is None:
                self._add_session(spec)
            else:
                if session.spec.target != spec.target:
                    session.detected_target = None
                session.spec = spec

    def _add_session(self, spec: SwitchSpec) -> None:
        try:
            for key in spec.lock_keys:
                self.locks.acquire(key, f"switch {spec.name}")
        except AclcError as e:
            self.log("switch_not_held", "error", switch=spec.name, error=_one_line(e))
            for key in spec.lock_keys:
                self.locks.release(key)
            return
        session = SwitchSession(self, spec)
        self.sessions[spec.name] = session
        self.log("switch_added", switch=spec.name, address=session.status.address)
        session.start()

    # ------------------------------------------------------------ listening
    async def _accepted(self, reader, writer) -> None:
        peer = writer.get_extra_info("peername")
        peer = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)
        chan = Channel(reader, writer, peer)
        try:
            features = await chan.handshake(timeout=self.config.handshake_timeout)
        except AclcError as e:
            await chan.close()
            self.log("peer_rejected", "warning", peer=peer, error=_one_line(e))
            return
        except Exception as e:
            await chan.close()
            self.log("peer_rejected", "warning", peer=peer, error=f"{type(e).__name__}: {e}")
            return
        session = next((s for s in self.sessions.values()
                        if s.spec.dpid == features.dpid and s.spec.connect is None), None)
        if session is None:
            await chan.close()
            self.log("peer_rejected", "warning", peer=peer, dpid=f"{features.dpid:#x}",
                     error="no switch with this dpid in the configuration")
            return
        await session.attach(chan)

    async def _listen(self) -> None:
        from .config import listen_endpoint

        cfg = self.config
        endpoint = listen_endpoint(cfg.listen)
        ctx = tls_context(True, cfg.tls.cert, cfg.tls.key, cfg.tls.ca) if endpoint.kind == "ssl" else None
        try:
            if endpoint.kind == "unix":
                self._server = await asyncio.start_unix_server(self._accepted, endpoint.path)
            else:
                self._server = await asyncio.start_server(self._accepted, endpoint.host, endpoint.port,
                                                          ssl=ctx, reuse_address=True)
        except OSError as e:
            raise EnvironmentFailure(f"cannot listen on {endpoint}: {e.strerror or e}") from None
        sock = self._server.sockets[0].getsockname() if self._server.sockets else None
        self.listen_address = (f"{endpoint.kind}:{sock[0]}:{sock[1]}" if isinstance(sock, tuple)
                               else str(endpoint))

    # ------------------------------------------------------------ watching
    def _watched_files(self) -> list[str]:
        files = {os.path.abspath(self.config_path)}
        for loaded in self._loaded.values():
            files.update(loaded.files)
        for spec in self.config.switches:
            files.add(spec.source.acl_file)
            files.update(spec.source.definitions)
        return sorted(files)

    @staticmethod
    def _stat(files) -> dict[str, tuple | None]:
        out = {}
        for path in files:
            try:
                st = os.stat(path)
                out[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError:
                out[path] = None
        return out

    async def _watch(self) -> None:
        snapshot = self._stat(self._watched_files())
        while True:
            await asyncio.sleep(self.config.watch_interval)
            now = self._stat(snapshot)
            if now == snapshot:
                continue
            await asyncio.sleep(min(0.3, self.config.watch_interval))  # let the editor finish writing
            changed = [p for p in snapshot if now.get(p) != snapshot[p]]
            snapshot = self._stat(snapshot)
            await self.reload("changed: " + ", ".join(changed))
            snapshot.update(self._stat([p for p in self._watched_files() if p not in snapshot]))
            snapshot = {p: snapshot[p] for p in self._watched_files() if p in snapshot}

    # ------------------------------------------------------------ status
    def status_changed(self) -> None:
        if self._status_dirty is not None:
            self._status_dirty.set()

    def status(self) -> dict:
        return {
            "pid": os.getpid(),
            "config": os.path.abspath(self.config_path),
            "started": self.started,
            "written": time.time(),
            "revision": self.revision,
            "reloads": dict(self.reloads),
            "last_reload_error": self.last_reload_error,
            "listen": self.listen_address,
            "metrics": self.metrics_address,
            "switches": [s.status.as_dict() for s in self.sessions.values()],
        }

    def status_path(self) -> str:
        return os.path.join(self.run_dir, "status.json")

    def write_status(self) -> None:
        path = self.status_path()
        temp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(temp, "w", encoding="utf-8") as out:
                json.dump(self.status(), out, indent=1)
            os.replace(temp, path)
        except OSError as e:
            self.log("status_not_written", "warning", error=str(e))

    async def _status_writer(self) -> None:
        while True:
            await self._status_dirty.wait()
            self._status_dirty.clear()
            self.write_status()
            await asyncio.sleep(0.2)

    # ------------------------------------------------------------ running
    async def run(self, install_signals: bool = True) -> None:
        self._reload_lock = asyncio.Lock()
        self.install_slots = asyncio.Semaphore(self.config.max_installs)
        self._stop = asyncio.Event()
        self._status_dirty = asyncio.Event()
        self.ready = self.ready or asyncio.Event()
        loop = asyncio.get_running_loop()
        if install_signals:
            loop.add_signal_handler(signal.SIGHUP, self._hup)  # early: SIGHUP's default would end us
            loop.add_signal_handler(signal.SIGTERM, self._stop.set)
            loop.add_signal_handler(signal.SIGINT, self._stop.set)
        try:
            self.locks.acquire("serve.pid", f"run directory {self.run_dir}")
            await self.prepare_initial()
            for spec in self.config.switches:
                for key in spec.lock_keys:
                    self.locks.acquire(key, f"switch {spec.name}")
            if self.config.metrics is not None:
                from .metrics import start_metrics

                self.metrics_server, self.metrics_address = start_metrics(self, self.config.metrics)
            if self.config.listen is not None:
                await self._listen()
            self.log("serve_started", config=os.path.abspath(self.config_path), revision=self.revision,
                     switches=len(self.config.switches), listen=self.listen_address, metrics=self.metrics_address,
                     run_dir=self.run_dir, pid=os.getpid())
            for spec in self.config.switches:
                session = SwitchSession(self, spec)
                self.sessions[spec.name] = session
                session.start()
            self._tasks.append(loop.create_task(self._status_writer()))
            if self.config.watch:
                self._tasks.append(loop.create_task(self._watch()))
            self.write_status()
            self.ready.set()
            if self._hup_pending:
                self._hup()
            await self._stop.wait()
            self.log("serve_stopping", note="the switches keep the firewall they run")
        finally:
            await self.shutdown(install_signals)

    def _hup(self) -> None:
        """SIGHUP: reload; one that comes while starting is carried out once started."""
        if self.ready is None or not self.ready.is_set():
            self._hup_pending = True
            return
        self._hup_pending = False
        self._tasks = [t for t in self._tasks if not t.done()]
        self._tasks.append(asyncio.get_running_loop().create_task(self.reload("SIGHUP")))

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    async def shutdown(self, signals: bool = True) -> None:
        loop = asyncio.get_running_loop()
        if signals:
            for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        self._tasks.clear()
        if self._server is not None:
            self._server.close()
        await asyncio.gather(*(s.stop() for s in self.sessions.values()), return_exceptions=True)
        if self.metrics_server is not None:
            self.metrics_server.shutdown()
            self.metrics_server.server_close()
        if self.locks.held:
            for s in self.sessions.values():
                s.status.connected = False
            self.write_status()
        self.locks.release_all()


def _keep_restart_settings(new: ServeConfig, old: ServeConfig) -> ServeConfig:
    from dataclasses import replace

    return replace(new, listen=old.listen, allow_remote=old.allow_remote, tls=old.tls, metrics=old.metrics,
                   run_dir=old.run_dir)


def _one_line(error) -> str:
    text = str(error)
    return " ".join(text.split("\n")[0].split()) if "\n" in text else text


async def serve(config_path: str, log: EventLog | None = None) -> None:
    config = load_config(config_path)
    await Controller(config, log).run()
