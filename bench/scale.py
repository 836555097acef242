"""Scale: 1k to 100k-rule ClassBench sets and a pipeline of a million flows, every step a process.

Each step is an ``aclc`` process; its CPU seconds (user + system) and peak resident memory
come from the kernel (``os.wait4``: getrusage of that child alone), its wall seconds from the
clock. Steps per ClassBench set:

- ``import``: ``aclc import classbench SET -o SET.acl``
- ``ovs``: ``aclc compile -t ovs -f ofctl --stats`` (compile and proof, the output written)
- ``lagopus``: ``aclc compile -t lagopus -s multi -f lagopus-dsl --stats``
- ``lint``: ``aclc lint``; ``diff``: ``aclc diff`` against the same ACL with its tenth rule removed

Then: Cisco import of generated configurations (8k to 86k lines, to show it is linear), the
input limits (``--max-rules``, ``--max-bytes``: exit 2 early), and the million-flow run (a
generated ACL compiled with ``-t ovs -s exact`` and pushed to a userspace Open vSwitch).

    python3 -m bench.scale                                  # everything, 1k to 100k
    python3 -m bench.scale --sizes 1k 10k --skip-million    # quick
    python3 -m bench.scale --write bench/results.md         # also replace its scale section

A step that uses more than --step-timeout CPU seconds is killed and reported as such (its time is
a lower bound).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.sections import markers, replace_section

REPO = Path(__file__).resolve().parent.parent
CLASSBENCH = REPO.parent / "shared" / "classbench"
BEGIN, END = markers("scale")
FAMILIES = ("acl1", "fw1", "ipc1")
SIZES = ("1k", "10k", "100k")
GOAL_CPU, GOAL_MB = 20.0, 1024.0


@dataclass
class Run:
    cpu: float
    wall: float
    peak_mb: float
    status: int
    out: str = ""
    err: str = ""
    killed: bool = False
    extra: dict = field(default_factory=dict)

    def cell(self) -> str:
        if self.killed:
            return f"> {self.cpu:.1f} s (killed), {self.peak_mb:.0f} MB"
        return f"{self.cpu:.1f} s, {self.peak_mb:.0f} MB"


TICK = os.sysconf("SC_CLK_TCK")
# A tree to run aclc from (PYTHONPATH) instead of the installed one: --tree.
TREE: str | None = None


def _cpu_seconds(pid: int) -> float:
    """User + system seconds of a running process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def run(args: list[str], timeout: float, cwd: Path | None = None, env: dict | None = None) -> Run:
    """One process: CPU seconds (user + system), wall seconds and peak RSS of that child alone.

    ``timeout`` is in CPU seconds (a machine shared with other work stretches wall time, not
    CPU time); a process is also stopped after ten times that in wall seconds."""
    if TREE is not None:
        env = dict(env or os.environ)
        env["PYTHONPATH"] = TREE + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        # `python -m` puts the working directory first on sys.path: from a checkout it would
        # import that checkout's aclc instead of the tree's.
        cwd = cwd or Path(TREE)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env=env)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if _cpu_seconds(proc.pid) > timeout or time.perf_counter() > started + 10 * timeout:
                proc.kill()
                killed = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.1)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"), killed)


def aclc(*args: str, timeout: float) -> Run:
    return run([sys.executable, "-m", "aclc", *args], timeout)


def _stat(text: str, name: str) -> float | None:
    found = re.search(rf"^{name}: ([\d.]+) s", text, re.M)
    return float(found.group(1)) if found else None


def _flows(text: str) -> int | None:
    found = re.search(r"^flows: (\d+)", text, re.M)
    return int(found.group(1)) if found else None


def _rules(acl: Path) -> int:
    return sum(1 for line in acl.read_text().splitlines() if line.lstrip().startswith(("permit", "deny")))


def classbench_steps(name: str, work: Path, timeout: float, steps: tuple[str, ...],
                     analysis_timeout: float | None = None) -> dict:
    acl = work / f"{name}.acl"
    row: dict = {"set": name}
    r = aclc("import", "classbench", str(CLASSBENCH / name), "-o", str(acl), timeout=timeout)
    row["import"] = r
    if r.status != 0:
        print(f"{name}: import failed: {r.err.strip()}", file=sys.stderr)
        return row
    row["rules"] = _rules(acl)
    compiles = {"ovs": ("-t", "ovs", "-f", "ofctl"), "lagopus": ("-t", "lagopus", "-s", "multi", "-f", "lagopus-dsl")}
    for target, opts in compiles.items():
        if target not in steps:
            continue
        r = aclc("compile", str(acl), *opts, "--stats", "-o", str(work / f"{name}.{target}"), timeout=timeout)
        r.extra = {"compile": _stat(r.err, "compile"), "verify": _stat(r.err.replace(", equivalent", ""), "verify"),
                   "flows": _flows(r.err)}
        if r.status != 0 and not r.killed:
            print(f"{name} {target}: exit {r.status}: {r.err.strip()[-300:]}", file=sys.stderr)
        row[target] = r
        (work / f"{name}.{target}").unlink(missing_ok=True)
    if "lint" in steps:
        row["lint"] = aclc("lint", str(acl), timeout=analysis_timeout or timeout)
    if "diff" in steps:
        changed = work / f"{name}.changed.acl"
        lines = acl.read_text().splitlines(keepends=True)
        rule_lines = [i for i, line in enumerate(lines) if line.lstrip().startswith(("permit", "deny"))]
        del lines[rule_lines[min(9, len(rule_lines) - 1)]]
        changed.write_text("".join(lines))
        row["diff"] = aclc("diff", str(acl), str(changed), timeout=analysis_timeout or timeout)
        changed.unlink()
    print(_row_text(row), flush=True)
    return row


def _row_text(row: dict) -> str:
    parts = [f"{row['set']} ({row.get('rules', '?')} rules)"]
    for key in ("import", "ovs", "lagopus", "lint", "diff"):
        if key in row:
            r = row[key]
            extra = ""
            if r.extra.get("flows"):
                extra = f" [{r.extra['flows']} flows, compile {r.extra['compile']} s, proof {r.extra['verify']} s]"
            parts.append(f"{key} {r.cell()}{extra} rc={r.status}")
    return "; ".join(parts)


# ------------------------------------------------------------------ Cisco configurations

def cisco_config(lines: int, seed: int = 7) -> str:
    """A named extended ACL of ``lines`` entries (hosts, wildcards, port operators), deterministic."""
    rng = random.Random(seed)
    out = ["ip access-list extended BIG"]
    for i in range(lines - 2):
        action = "permit" if i % 3 else "deny"
        proto = rng.choice(["tcp", "udp", "ip", "icmp"])
        src = f"10.{rng.randrange(256)}.{rng.randrange(256)}.0 0.0.0.255"
        dst = f"host 192.168.{rng.randrange(256)}.{rng.randrange(256)}" if rng.random() < 0.5 else "any"
        port = ""
        if proto in ("tcp", "udp"):
            kind = rng.random()
            if kind < 0.5:
                port = f" eq {rng.randrange(1, 65536)}"
            elif kind < 0.8:
                lo = rng.randrange(1, 60000)
                port = f" range {lo} {lo + rng.randrange(1, 5000)}"
            else:
                port = f" gt {rng.randrange(1024, 65000)}"
        out.append(f" {action} {proto} {src} {dst}{port}")
    out.append(" deny ip any any")
    return "\n".join(out) + "\n"


def cisco_steps(work: Path, sizes: list[int], timeout: float) -> list[dict]:
    rows = []
    for n in sizes:
        path = work / f"cisco_{n}.cfg"
        path.write_text(cisco_config(n))
        r = aclc("import", "cisco", str(path), "-o", str(work / f"cisco_{n}.acl"), timeout=timeout)
        if r.status != 0 and not r.killed:
            print(f"cisco {n}: exit {r.status}: {r.err.strip()[-300:]}", file=sys.stderr)
        rows.append({"lines": n, "run": r})
        print(f"cisco import {n} lines: {r.cell()} rc={r.status}", flush=True)
        path.unlink()
        (work / f"cisco_{n}.acl").unlink(missing_ok=True)
    return rows


# ------------------------------------------------------------------ input limits

def limit_steps(work: Path) -> list[dict]:
    """Each limit refuses early: exit 2, one message, little time and memory."""
    acl = work / "acl1_100k.acl"
    if not acl.exists():
        aclc("import", "classbench", str(CLASSBENCH / "acl1_100k"), "-o", str(acl), timeout=300)
    big = work / "big.acl"  # about 100 MB: the 100k set six times over, as six ACLs
    text = acl.read_text()
    with big.open("w") as f:
        for k in range(6):
            f.write(text.replace("acl ", f"acl x{k}_", 1))
    cases = [
        ("compile --max-rules 50000 (100k set)", ["compile", str(acl), "-t", "ovs", "-f", "ofctl", "--max-rules",
                                                 "50000", "-o", str(work / "x.ofctl")]),
        ("compile of a 102 MB file (default --max-bytes)", ["compile", str(big), "--acl", "x0_acl1_100k", "-t", "ovs",
                                                           "-f", "ofctl", "-o", str(work / "x.ofctl")]),
        ("compile --max-flows 100000 (100k set, ovs)", ["compile", str(acl), "-t", "ovs", "-f", "ofctl",
                                                        "--max-flows", "100000", "-o", str(work / "x.ofctl")]),
    ]
    rows = []
    for what, args in cases:
        r = aclc(*args, timeout=600)
        message = (r.err.strip().splitlines() or [""])[-1]
        rows.append({"what": what, "run": r, "message": message})
        print(f"limit: {what}: exit {r.status}, {r.cell()}: {message}", flush=True)
    big.unlink()
    return rows


# ------------------------------------------------------------------ one million flows

def million_acl(rules: int, seed: int = 3) -> str:
    """An exact-heavy ACL: each rule names a /24 source, one destination host, a protocol and
    a range of ports of 8 to 14 values, so that ``-s exact`` spells every port as its own flow
    (about 11 flows a rule)."""
    rng = random.Random(seed)
    lines = ["acl million {", "    default deny"]
    for i in range(rules):
        action = "permit" if i % 2 == 0 else "deny"
        proto = "tcp" if rng.random() < 0.7 else "udp"
        lo = rng.randrange(1024, 60000)
        hi = lo + rng.randrange(7, 14)
        src = f"10.{i >> 8 & 255}.{i & 255}.0/24"
        dst = f"172.{16 + (i >> 16)}.{i >> 8 & 255}.{i & 255}"
        lines.append(f"    {action} {proto} from {src} to {dst} port {lo}-{hi}")
    lines.append("}")
    return "\n".join(lines) + "\n"


MILLION_SEED = 3


def million_how(rules: int, size: int) -> str:
    """How the million-flow set is made, in one line for the log and the report."""
    return (f"bench.scale.million_acl({rules}, seed={MILLION_SEED}): {rules:,} generated rules, {size / 1e6:.1f} MB "
            "(each a /24 source, one destination host, TCP (70%) or UDP and a port range of 8 to 14 values, "
            "permit and deny alternating), compiled with -t ovs -s exact so every port is its own flow")


def million_steps(work: Path, rules: int, timeout: float, push: bool) -> dict:
    acl = work / "million.acl"
    acl.write_text(million_acl(rules, MILLION_SEED))
    out = work / "million.ofctl"
    row: dict = {"rules": rules, "bytes": acl.stat().st_size}
    print(f"million: set: {million_how(rules, row['bytes'])}", flush=True)
    print(f"million: rules {rules}, bytes {row['bytes']}", flush=True)
    r = aclc("compile", str(acl), "-t", "ovs", "-s", "exact", "--max-flows", "2000000", "--max-rules", "1000000",
             "-f", "ofctl", "--stats", "-o", str(out), timeout=timeout)
    r.extra = {"compile": _stat(r.err, "compile"), "verify": _stat(r.err.replace(", equivalent", ""), "verify"),
               "write": _stat(r.err, "write"), "flows": _flows(r.err),
               "output_bytes": out.stat().st_size if out.exists() else None}
    row["compile"] = r
    print(f"million: step compile+proof+write (aclc compile -t ovs -s exact -f ofctl --stats -o FILE): "
          f"CPU {r.cpu:.1f} s, peak RSS {r.peak_mb:.0f} MB, wall {r.wall:.1f} s, exit {r.status}; "
          f"{r.extra['flows']} flows, {(r.extra['output_bytes'] or 0) / 1e6:.1f} MB written; wall inside: "
          f"compile {r.extra['compile']} s, proof {r.extra['verify']} s, write {r.extra['write']} s", flush=True)
    print(f"million: compile {r.cell()} wall {r.wall:.1f} s rc={r.status} {r.extra} {r.err.strip()[-200:] if r.status else ''}",
          flush=True)
    out.unlink(missing_ok=True)
    if push and r.status == 0:
        from aclc.testing.ovs import OvsLab, missing_requirements

        why = missing_requirements()
        if why:
            row["push_skipped"] = why
        else:
            with OvsLab() as lab:
                lab.add_bridge("big", dpid=1)
                p = run([sys.executable, "-m", "aclc", "push", str(acl), "--connect",
                         f"unix:{lab.dir / 'big.mgmt'}", "-t", "ovs", "-s", "exact", "--max-flows", "2000000",
                         "--max-rules", "1000000", "-q", "--timeout", "600"], timeout)
                row["push"] = p
                installed = lab.ofctl("dump-aggregate", "big", check=False)
                found = re.search(r"flow_count=(\d+)", installed)
                row["installed"] = int(found.group(1)) if found else None
                print(f"million: step push (aclc push -t ovs -s exact into a userspace Open vSwitch): "
                      f"CPU {p.cpu:.1f} s, peak RSS {p.peak_mb:.0f} MB, wall {p.wall:.1f} s, exit {p.status}; "
                      f"{row['installed']} flows on the bridge afterwards", flush=True)
                print(f"million: push {p.cell()} wall {p.wall:.1f} s rc={p.status} installed {row['installed']} "
                      f"{p.err.strip()[-300:]}", flush=True)
    acl.unlink()
    return row


# ------------------------------------------------------------------ report

def _ratio(rows: dict, family: str, key: str) -> str:
    small, big = rows.get(f"{family}_10k"), rows.get(f"{family}_100k")
    if not small or not big or key not in small or key not in big:
        return "-"
    a, b = small[key], big[key]
    if a.killed or b.killed:
        return "stopped at the CPU limit"
    n1, n2 = small.get("rules", 1), big.get("rules", 1)
    nlogn = (n2 * math.log(n2)) / (n1 * math.log(n1))
    return f"{b.cpu / max(a.cpu, 1e-3):.1f}x (n log n: {nlogn:.1f}x)"


def run_context(args, started_load: tuple[float, float, float]) -> dict:
    """What the report says about the run itself: the command, the code, the limits and the load."""
    tree = Path(args.tree) if args.tree else Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
    except OSError:
        commit = None
    return {"argv": sys.argv[1:], "commit": commit, "step_timeout": args.step_timeout,
            "analysis_timeout": args.analysis_timeout or args.step_timeout,
            "load_start": list(started_load), "load_end": list(os.getloadavg())}


def _context_text(context: dict | None) -> str:
    if not context:
        return ("A step is stopped when it passes its CPU-second limit; its figure is then a lower bound. "
                "Wall seconds depend on the machine's load (not recorded for this report), so compare CPU seconds.")
    load = "; at the end: ".join(" ".join(f"{x:.2f}" for x in context[k]) for k in ("load_start", "load_end"))
    code = f"code at commit {context['commit']}" if context.get("commit") else "code commit not recorded"
    return (f"This run: `python3 -m bench.scale {' '.join(context['argv'])}`, {code}. A step is stopped when it "
            f"passes its CPU-second limit ({context['step_timeout']:.0f} s, and {context['analysis_timeout']:.0f} s "
            "for lint and diff); its figure is then a lower bound. Wall seconds (in brackets: compile and proof "
            "as `--stats` reports them) depend on the machine's load, so compare CPU seconds: load average "
            f"(1, 5, 15 min) at the start {load}.")


def markdown(rows: dict, cisco: list[dict], limits: list[dict], million: dict | None, plot: str | None,
             context: dict | None = None) -> str:
    out = [BEGIN, "## Scale: 1k to 100k rules, and a million flows", "",
           "`python3 -m bench.scale --write bench/results.md` (every step an `aclc` process; CPU seconds "
           "user + system and peak RSS of that process from `wait4`). Goal per step at 100k: "
           f"under {GOAL_CPU:.0f} s CPU and {GOAL_MB:.0f} MB. ovs: `compile -t ovs -f ofctl`, lagopus: "
           "`compile -t lagopus -s multi -f lagopus-dsl`, both with the proof; diff: against the same ACL "
           "without its tenth rule. " + _context_text(context), "",
           "| set | rules | import | ovs (compile + proof) | ovs flows | lagopus multi | lagopus flows | lint | diff |",
           "|---|---:|---|---|---:|---|---:|---|---|"]
    for name, row in rows.items():
        cells = [name, str(row.get("rules", "-"))]
        for key in ("import", "ovs", "ovs_flows", "lagopus", "lagopus_flows", "lint", "diff"):
            if key.endswith("_flows"):
                r = row.get(key.removesuffix("_flows"))
                cells.append(f"{r.extra.get('flows') or '-':,}" if r and r.extra.get("flows") else "-")
                continue
            r = row.get(key)
            if r is None:
                cells.append("-")
                continue
            cell = r.cell()
            if key in ("ovs", "lagopus") and r.extra.get("compile") is not None:
                cell += f" ({r.extra['compile']:.1f} + {r.extra['verify'] or 0:.1f} wall)"
            if r.status not in (0, 1) and not r.killed:
                cell += f" exit {r.status}"
            cells.append(cell)
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "Growth from 10k to 100k rules (CPU seconds; n log n of the rule counts beside):", "",
            "| family | import | ovs | lagopus | lint | diff |", "|---|---|---|---|---|---|"]
    for family in FAMILIES:
        out.append("| " + " | ".join([family] + [_ratio(rows, family, k)
                                                   for k in ("import", "ovs", "lagopus", "lint", "diff")]) + " |")
    if cisco:
        out += ["", "Cisco import of generated named extended ACLs (`bench.scale.cisco_config`):", "",
                "| lines | CPU, peak | per 1k lines |", "|---:|---|---:|"]
        for c in cisco:
            r = c["run"]
            out.append(f"| {c['lines']:,} | {r.cell()}{' exit %d' % r.status if r.status else ''} | "
                       f"{r.cpu / c['lines'] * 1000:.3f} s |")
    if limits:
        out += ["", "Input limits (each must exit 2 early with one message):", "", "| case | exit | CPU, peak | message |",
                "|---|---:|---|---|"]
        for c in limits:
            out.append(f"| {c['what']} | {c['run'].status} | {c['run'].cell()} | {c['message'][:160]} |")
    if million:
        r = million.get("compile")
        out += ["", f"One million flows: {million_how(million['rules'], million['bytes'])}; proved, "
                "written as an ofctl file (streamed to a temporary file renamed into place); then `aclc push` of "
                "the same ACL into a userspace Open vSwitch (`OvsLab`, over its management socket; compile, proof, "
                "send, exact read-back). Each step is one process: CPU seconds (user + system), peak RSS and wall.", ""]
        if r:
            written = r.extra.get("output_bytes")
            out.append(f"- compile + proof + write: {r.cell()}{f', wall {r.wall:.1f} s' if r.wall else ''}, "
                       f"{r.extra.get('flows') or '?'} flows"
                       f"{f' ({written / 1e6:.0f} MB)' if written else ''}, exit {r.status} "
                       f"(wall inside: compile {r.extra.get('compile')} s, proof {r.extra.get('verify')} s"
                       + (f", write {r.extra['write']} s" if r.extra.get("write") is not None else "") + ")")
        p = million.get("push")
        if p:
            out.append(f"- push: {p.cell()}, wall {p.wall:.1f} s, exit {p.status}, "
                       f"{million.get('installed')} flows on the bridge afterwards")
        elif million.get("push_skipped"):
            out.append(f"- push not run: {million['push_skipped']}")
    if plot:
        out += ["", f"![time and peak memory against rules]({plot})"]
    out.append(END)
    return "\n".join(out) + "\n"


def write_plot(rows: dict, path: Path) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    for family in FAMILIES:
        for key, style in (("ovs", "-o"), ("lagopus", "--s"), ("import", ":^")):
            pts = [(row["rules"], row[key]) for name, row in rows.items()
                   if name.startswith(family + "_") and key in row and "rules" in row]
            if len(pts) < 2:
                continue
            pts.sort(key=lambda p: p[0])
            xs = [p[0] for p in pts]
            a.plot(xs, [p[1].cpu for p in pts], style, label=f"{family} {key}")
            b.plot(xs, [p[1].peak_mb for p in pts], style, label=f"{family} {key}")
    for ax, label in ((a, "CPU seconds"), (b, "peak RSS (MB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("rules")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    a.axhline(GOAL_CPU, color="grey", lw=0.8)
    b.axhline(GOAL_MB, color="grey", lw=0.8)
    a.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    return True


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", nargs="+", default=list(SIZES))
    ap.add_argument("--families", nargs="+", default=list(FAMILIES))
    ap.add_argument("--steps", nargs="+", default=["ovs", "lagopus", "lint", "diff"])
    ap.add_argument("--step-timeout", type=float, default=300)
    ap.add_argument("--analysis-timeout", type=float, default=None, help="for lint and diff (default: --step-timeout)")
    ap.add_argument("--merge", nargs="+", metavar="JSON", help="only rebuild the report from these --json files")
    ap.add_argument("--cisco", nargs="*", type=int, default=[8000, 16000, 32000, 86000])
    ap.add_argument("--skip-limits", action="store_true")
    ap.add_argument("--skip-million", action="store_true")
    ap.add_argument("--million-rules", type=int, default=100_000)
    ap.add_argument("--no-push", action="store_true", help="compile the million flows, do not push them")
    ap.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    ap.add_argument("--tree", metavar="DIR", help="run aclc from this source tree (PYTHONPATH), e.g. a `git archive` "
                                                  "of one commit, instead of the installed package")
    ap.add_argument("--write", metavar="RESULTS.md", help="replace this file's scale section")
    args = ap.parse_args(argv)
    global TREE
    TREE = args.tree
    rows: dict = {}
    cisco, limits, million = [], [], None
    if args.merge:
        rows, cisco, limits, million, context = merge(args.merge)
        return report(args, rows, cisco, limits, million, context)
    started_load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="aclc-scale-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            for family in args.families:
                name = f"{family}_{size}"
                if (CLASSBENCH / name).exists():
                    rows[name] = classbench_steps(name, work, args.step_timeout, tuple(args.steps),
                                                  args.analysis_timeout)
        if args.cisco:
            cisco = cisco_steps(work, args.cisco, args.step_timeout)
        if not args.skip_limits:
            limits = limit_steps(work)
        if not args.skip_million:
            million = million_steps(work, args.million_rules, 600, not args.no_push)
    context = run_context(args, started_load)
    if args.json:
        def plain(o):
            return o.__dict__ | {"out": "", "err": o.err[-2000:]} if isinstance(o, Run) else str(o)
        Path(args.json).write_text(json.dumps({"rows": rows, "cisco": cisco, "limits": limits, "million": million,
                                               "context": context}, default=plain, indent=1))
    return report(args, rows, cisco, limits, million, context)


def _runs(o):
    if isinstance(o, dict) and {"cpu", "wall", "peak_mb", "status"} <= o.keys():
        return Run(**o)
    if isinstance(o, dict):
        return {k: _runs(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_runs(v) for v in o]
    return o


_CELL = r"(>)? ?([\d.]+) s(?: \(killed\))?, ([\d.]+) MB"


def _run_from_text(text: str) -> Run:
    found = re.match(_CELL, text.strip())
    status = re.search(r"rc=(-?\d+)", text)
    run_ = Run(float(found.group(2)), 0.0, float(found.group(3)), int(status.group(1)) if status else 0,
               killed=bool(found.group(1)))
    flows = re.search(r"\[(\d+) flows, compile ([\d.]+|None) s, proof ([\d.]+|None) s\]", text)
    if flows:
        run_.extra = {"flows": int(flows.group(1)), "compile": _num(flows.group(2)), "verify": _num(flows.group(3))}
    return run_


def _num(text: str) -> float | None:
    return None if text == "None" else float(text)


def from_log(path: str):
    """The figures of a run's printed lines (for a run stopped before it wrote --json)."""
    rows, cisco, limits, million = {}, [], [], None
    for line in Path(path).read_text().splitlines():
        head = re.match(r"(\w+_\d+k) \((\d+) rules\); (.*)", line.strip())
        if head:
            row = {"set": head.group(1), "rules": int(head.group(2))}
            for part in head.group(3).split("; "):
                key, _, rest = part.partition(" ")
                row[key] = _run_from_text(rest)
            rows[row["set"]] = row
        elif line.startswith("million: compile "):
            import ast
            rest = line.removeprefix("million: compile ")
            million = million or {"rules": 100_000, "bytes": len(million_acl(100_000).encode())}
            million["compile"] = _run_from_text(rest)
            wall = re.search(r"wall ([\d.]+) s", rest)
            million["compile"].wall = float(wall.group(1)) if wall else 0.0
            extra = re.search(r"\{.*\}", rest)
            if extra:
                million["compile"].extra = ast.literal_eval(extra.group(0))
        elif line.startswith("million: push "):
            rest = line.removeprefix("million: push ")
            million = million or {"rules": 0, "bytes": 0}
            million["push"] = _run_from_text(rest)
            wall = re.search(r"wall ([\d.]+) s", rest)
            million["push"].wall = float(wall.group(1)) if wall else 0.0
            installed = re.search(r"installed (\d+)", rest)
            million["installed"] = int(installed.group(1)) if installed else None
        elif line.startswith("million: rules "):
            found = re.match(r"million: rules (\d+), bytes (\d+)", line)
            million = million or {}
            million.update(rules=int(found.group(1)), bytes=int(found.group(2)))
        elif line.startswith("cisco import"):
            found = re.match(r"cisco import (\d+) lines: (.*)", line)
            cisco.append({"lines": int(found.group(1)), "run": _run_from_text(found.group(2))})
    return rows, cisco, limits, million


def merge(paths: list[str]):
    rows, cisco, limits, million, context = {}, [], [], None, None
    for path in paths:
        if path.endswith(".log"):
            data = dict(zip(("rows", "cisco", "limits", "million"), from_log(path)))
        else:
            data = _runs(json.loads(Path(path).read_text()))
        rows.update(data["rows"])
        cisco += data["cisco"]
        limits += data["limits"]
        million = data["million"] or million
    if len(paths) == 1 and not paths[0].endswith(".log"):
        context = data.get("context")  # several runs merged have no one context
    rows = dict(sorted(rows.items(), key=lambda kv: (SIZES.index(kv[0].split("_")[1]) if kv[0].split("_")[1] in SIZES
                                                     else 1.5, kv[0])))
    return rows, cisco, limits, million, context


def report(args, rows, cisco, limits, million, context=None) -> int:
    plot = None
    if args.write:
        png = Path(args.write).with_name("scale.png")
        if write_plot(rows, png):
            plot = png.name
    section = markdown(rows, cisco, limits, million, plot, context)
    print(section)
    if args.write:
        replace_section(Path(args.write), "scale", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
