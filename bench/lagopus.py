"""The real Lagopus: time to install a multi-table pipeline, and packet latency through it.

For each ClassBench set: ``aclc import classbench``, then ``aclc push -t lagopus -s multi``
into a freshly started Lagopus (built by ../shared/lagopus/build.sh, raw-socket ports on veth
pairs in a network namespace of its own), timed as a process from start to exit; then the
one-way latency of permitted packets drawn from the rules (sent one at a time, port 1 to
port 2), beside the same switch holding a one-flow table that permits everything.

    python3 -m bench.lagopus                          # acl1_1k, fw1_1k, acl1_10k, fw1_10k
    python3 -m bench.lagopus --sets acl1_1k --probes 100
    python3 -m bench.lagopus --sets acl1_10k,ipc1_50k,acl1_100k --push-timeout 600   # where it stops
    python3 -m bench.lagopus --write bench/results.md # also replace its Lagopus section

Needs root, iproute2, ethtool and the Lagopus build (aclc.testing.lagopus).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aclc.frontend import load_policy
from aclc.lower import parse_continuation
from aclc.testing.lagopus import LagopusLab, missing_requirements

from bench.sections import markers, replace_section

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from lagopus_support import expected_port, frame_for, packets_from_rules  # noqa: E402

DEFAULT_SETS = ("acl1_1k", "fw1_1k", "acl1_10k", "fw1_10k")
PERMIT = "output:2"
BEGIN, END = markers("lagopus")
PERMIT_ALL = "acl all {\n    default deny\n    permit ip from any to any\n}\n"


class PushTimedOut(Exception):
    """The push ran past its time limit (the switch takes the flows too slowly to be usable)."""


def _push(lab: LagopusLab, acl: Path, strategy: str | None, timeout: float = 7200) -> tuple[float, str]:
    """Start the push, then the switch (so it connects at once, with no reconnect back-off):
    the process's seconds from start to exit, and what it printed."""
    args = [sys.executable, "-m", "aclc", "push", str(acl), "--listen", "127.0.0.1:6653", "-t", "lagopus",
            "--permit", PERMIT, "-q", "--timeout", "3600"]
    if strategy:
        args += ["-s", strategy]
    started = time.perf_counter()
    push = lab.popen(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lab.start()
    try:
        out, err = push.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        push.kill()
        push.communicate()
        raise PushTimedOut(time.perf_counter() - started) from None
    if push.returncode != 0:
        raise RuntimeError(f"aclc push failed ({push.returncode}): {err.strip()}")
    return time.perf_counter() - started, out + err


def _flow_count(report: str) -> int:
    found = re.search(r"(\d[\d,]*) flows added", report)
    return int(found.group(1).replace(",", "")) if found else 0


def _install_seconds(report: str) -> float | None:
    """The install time aclc reports (connected switch to switch-over, read-back included)."""
    found = re.search(r"removed in ([\d.]+) s", report)
    return float(found.group(1)) if found else None


def _latency_ms(lab: LagopusLab, frames: list[bytes]) -> tuple[float | None, float | None, int]:
    got = lab.latencies(frames)
    seen = [s * 1000 for s in got if s is not None]
    if not seen:
        return None, None, 0
    seen.sort()
    return statistics.median(seen), seen[int(len(seen) * 0.9) - 1 if len(seen) >= 10 else -1], len(seen)


def measure(name: str, classbench: Path, probes: int, work: Path, push_timeout: float = 7200) -> dict:
    acl = work / f"{name}.acl"
    subprocess.run([sys.executable, "-m", "aclc", "import", "classbench", str(classbench / name), "-o", str(acl)],
                   check=True, capture_output=True)
    policy = load_policy(acl)
    permit = parse_continuation(PERMIT)
    # Latency is measured on permitted packets (a dropped packet has no arrival time).
    packets = [p for p in packets_from_rules(policy, probes * 4, seed=11)
               if expected_port(policy, p, permit) == 2][:probes]
    frames = [frame_for(p) for p in packets]
    baseline = work / "all.acl"
    baseline.write_text(PERMIT_ALL)
    row = {"set": name, "rules": len(policy.rules), "probes": len(frames)}
    with LagopusLab(ports=2, autostart=False) as lab:
        _push(lab, baseline, None)
        row["base_median_ms"], row["base_p90_ms"], _ = _latency_ms(lab, frames)
    row.update(process_s=None, install_s=None, flows=0, median_ms=None, p90_ms=None, arrived=0, timed_out=None)
    with LagopusLab(ports=2, autostart=False) as lab:  # a fresh switch: the install starts from empty tables
        try:
            seconds, report = _push(lab, acl, "multi", push_timeout)
        except PushTimedOut as late:
            row["timed_out"] = late.args[0]
            return row
        row["process_s"] = seconds
        row["install_s"] = _install_seconds(report)
        row["flows"] = _flow_count(report)
        row["median_ms"], row["p90_ms"], row["arrived"] = _latency_ms(lab, frames)
    return row


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render(rows: list[dict]) -> str:
    lines = [
        BEGIN,
        "## Real Lagopus: install time and packet latency",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `python3 -m bench.lagopus` "
        "on Lagopus 0.2.12 (raw-socket datapath, veth ports in a network namespace). Install: "
        "`aclc push -t lagopus -s multi` into a fresh switch: the process from start to exit (compile, "
        "connection, install, read-back of every flow), and the install as aclc reports it. Latency: one permitted packet at a time, port 1 to port 2, beside the same switch "
        "holding one permit-everything flow.",
        "",
        "| set | rules | flows | push process s | install s | latency median ms | p90 ms | one-flow table median ms | p90 ms | probes arrived |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.get("timed_out") is not None:
            lines.append(f"| {r['set']} | {r['rules']:,} | — | > {r['timed_out']:.0f} (stopped) | — | — | — | "
                         f"{_ms(r['base_median_ms'])} | {_ms(r['base_p90_ms'])} | — |")
            continue
        install = "—" if r["install_s"] is None else f"{r['install_s']:.2f}"
        lines.append(f"| {r['set']} | {r['rules']:,} | {r['flows']:,} | {r['process_s']:.2f} | {install} | {_ms(r['median_ms'])} | "
                     f"{_ms(r['p90_ms'])} | {_ms(r['base_median_ms'])} | {_ms(r['base_p90_ms'])} | "
                     f"{r['arrived']}/{r['probes']} |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS))
    parser.add_argument("--classbench-dir", type=Path, default=REPO.parent / "shared" / "classbench")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--push-timeout", type=float, default=7200,
                        help="stop a push after this many seconds and report the set as too slow to install")
    parser.add_argument("--write", type=Path, help="replace the Lagopus section of this markdown file")
    args = parser.parse_args(argv)
    why = missing_requirements()
    if why:
        print(f"bench.lagopus: cannot run the real switch: {why}", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            rows.append(measure(name, args.classbench_dir, args.probes, Path(tmp), args.push_timeout))
            print(f"{name}: {rows[-1]}", file=sys.stderr, flush=True)
    section = render(rows)
    print(section)
    if args.write:
        replace_section(args.write, "lagopus", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
