"""aclc serve: time from SIGHUP to every switch on the new generation, and the process's
memory and CPU, idle and during a reload.

``aclc serve`` runs as its own process (``python3 -m aclc serve CONFIG``); N in-memory fake
switches (tests/push_support.FakeSwitch, the tests' switch) run in this process and connect to
it, as Lagopus does (and, like Lagopus, take no OpenFlow bundles: -t ovs, whose masked ports
need Open vSwitch, is refused on them). The ACL is a ClassBench set imported with ``aclc import classbench``; the
reload changes the action of one rule, so every switch gets a new generation by a bank swap.

    python3 -m bench.serve                                 # 1, 10 and 50 switches, acl1_10k, -t lagopus
    python3 -m bench.serve --switches 1,10 --set ../shared/classbench/acl1_1k

Figures per N: first install (serve start to every switch installed, compile and proof
included), idle CPU (% of one core over --idle seconds, echoes and counter polls included) and
memory (RSS), and for the reload: SIGHUP to reload_done (parse, compile, prove), reload_done
to the last switch on the new generation, the total, the CPU used meanwhile and the peak RSS.
The fake switches share this machine's 2 cores with serve: their own work (decoding 10k+ flow
mods each) stretches the wall clock, which the CPU figure of serve alone does not include.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from push_support import FakeSwitch  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def memory(pid: int) -> dict:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024  # MiB
    return out


def stamp(record: dict) -> float:
    return datetime.fromisoformat(record["ts"].replace("Z", "+00:00")).timestamp()


class Log:
    def __init__(self, path: Path):
        self.path = path

    def events(self, event: str, **match) -> list[dict]:
        out = []
        for line in self.path.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("event") == event and all(record.get(k) == v for k, v in match.items()):
                out.append(record)
        return out

    async def wait(self, predicate, timeout: float, what: str, proc):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"serve exited ({proc.returncode}): {self.path.read_text()[-2000:]}")
            value = predicate()
            if value:
                return value
            refused = self.events("install_refused") + self.events("reload_failed")
            if refused:
                raise SystemExit(f"serve refused: {refused[0]['error']}")
            await asyncio.sleep(0.1)
        raise SystemExit(f"timed out waiting for {what}: {self.path.read_text()[-2000:]}")


async def keep_connected(switch: FakeSwitch, port: int, retry: float = 2.0) -> None:
    """Connect, and connect again 2 s after serve drops the connection, as Lagopus does (a fake
    switch sharing this process with 49 others can be too slow for a reply timeout)."""
    while True:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return  # serve is gone
        await switch._serve(reader, writer)
        await asyncio.sleep(retry)


async def one_size(n: int, acl: Path, changed: str, workdir: Path, target: str, idle: float) -> dict:
    original = acl.read_text()
    acl.write_text(original)
    run_dir = workdir / f"run{n}"
    config = workdir / f"serve{n}.yaml"
    config.write_text(
        f"listen: tcp:127.0.0.1:0\nmetrics: 127.0.0.1:0\nrun_dir: {run_dir}\nwatch: false\n"
        "echo_interval: 5\npoll_interval: 30\ntimeout: 120\nswitches:\n"
        + "".join(f"  sw{i}: {{dpid: {i}, acl_file: {acl}, target: {target}}}\n" for i in range(1, n + 1)))
    log_path = workdir / f"serve{n}.log"
    started = time.time()
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "aclc", "serve", str(config)], stdout=log_file,
                                stderr=log_file, stdin=subprocess.DEVNULL)
    log = Log(log_path)
    switches = []
    try:
        ready = await log.wait(lambda: log.events("serve_started"), 600, "serve_started", proc)
        port = int(ready[0]["listen"].rsplit(":", 1)[1])
        switches = [FakeSwitch(dpid=i, stats_chunk=500) for i in range(1, n + 1)]
        for sw in switches:
            asyncio.get_running_loop().create_task(keep_connected(sw, port))
        installed = await log.wait(lambda: (lambda e: e if len(e) >= n else None)(
            log.events("switch_installed", revision=1)), 3600, "first install", proc)
        first_install = max(stamp(r) for r in installed) - started
        flows = installed[0]["flows"]
        await asyncio.sleep(2)
        cpu0, t0 = cpu_seconds(proc.pid), time.monotonic()
        await asyncio.sleep(idle)
        idle_cpu = (cpu_seconds(proc.pid) - cpu0) / (time.monotonic() - t0) * 100
        idle_mem = memory(proc.pid)["VmRSS"]

        acl.write_text(changed)
        cpu0 = cpu_seconds(proc.pid)
        hup = time.time()
        proc.send_signal(signal.SIGHUP)
        done = await log.wait(lambda: (lambda e: e if len(e) >= n else None)(
            log.events("switch_installed", revision=2)), 3600, "reload installed everywhere", proc)
        last = max(stamp(r) for r in done)
        reload_cpu = cpu_seconds(proc.pid) - cpu0
        reload_done = stamp(log.events("reload_done")[0])
        failed = log.events("reload_failed")
        if failed:
            raise SystemExit(f"reload failed: {failed[0]['error']}")
        mem = memory(proc.pid)
        generations = {r["generation"] for r in done}
        return {
            "switches": n, "flows": flows, "first_install_s": first_install,
            "idle_cpu_pct": idle_cpu, "idle_rss_mib": idle_mem,
            "hup_to_reload_done_s": reload_done - hup, "reload_done_to_last_switch_s": last - reload_done,
            "hup_to_all_switches_s": last - hup, "reload_cpu_s": reload_cpu,
            "reload_cpu_pct": reload_cpu / (last - hup) * 100, "peak_rss_mib": mem["VmHWM"],
            "generations": sorted(generations),
        }
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for sw in switches:
            for w in sw.writers:
                w.close()
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()
        acl.write_text(original)


def changed_acl(text: str) -> str:
    """The same ACL with its first rule's action flipped."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        for old, new in (("permit ", "deny "), ("deny ", "permit ")):
            if stripped.startswith(old) and not stripped.startswith("permit arp"):
                lines[i] = line.replace(old, new, 1)
                return "".join(lines)
    raise SystemExit("no rule to change in the ACL")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--switches", default="1,10,50", help="comma-separated switch counts")
    parser.add_argument("--set", default=str(REPO.parent / "shared" / "classbench" / "acl1_10k"),
                        help="ClassBench filter set (imported with aclc import classbench)")
    parser.add_argument("--target", default="lagopus", choices=["ovs", "lagopus", "of13"])
    parser.add_argument("--idle", type=float, default=30.0,
                        help="seconds of idle measurement (one counter poll per switch: poll_interval 30)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aclc-bench-serve-") as tmp:
        workdir = Path(tmp)
        acl = workdir / (Path(args.set).name + ".acl")
        subprocess.run([sys.executable, "-m", "aclc", "import", "classbench", args.set, "-o", str(acl)],
                       check=True, capture_output=True)
        changed = changed_acl(acl.read_text())
        print(f"aclc serve, {Path(args.set).name} imported, -t {args.target}; "
              f"serve in its own process, fake switches in this one; {os.cpu_count()} cores")
        rows = []
        for n in (int(x) for x in args.switches.split(",")):
            row = asyncio.run(one_size(n, acl, changed, workdir, args.target, args.idle))
            rows.append(row)
            print(f"{n:>3} switches ({row['flows']} flows each): first install {row['first_install_s']:.1f} s; "
                  f"idle {row['idle_cpu_pct']:.1f}% CPU, RSS {row['idle_rss_mib']:.0f} MiB; "
                  f"reload: SIGHUP -> compiled and proven {row['hup_to_reload_done_s']:.1f} s, "
                  f"-> every switch on generation {row['generations']} {row['hup_to_all_switches_s']:.1f} s "
                  f"(install phase {row['reload_done_to_last_switch_s']:.1f} s); serve CPU "
                  f"{row['reload_cpu_s']:.1f} s ({row['reload_cpu_pct']:.0f}% of a core), "
                  f"peak RSS {row['peak_rss_mib']:.0f} MiB", flush=True)
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
