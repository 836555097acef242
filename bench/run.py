"""The whole benchmark suite, peers side by side, in one run.

    python3 -m bench [--sets acl1_1k,fw1_10k] [--classbench-dir DIR] [--quick]
                     [--limit N] [--skip-push] [--skip-aerleon] [--skip-verify] [--out bench/]

Every measurement runs in a fresh Python process (``python3 -m bench.run
--child KIND PATH``, one JSON line on stdout), so the peak memory reported is
that measurement's own (getrusage maxrss of the child, read right after the
stage it belongs to). Each child records wall-clock and CPU seconds: the
machine is shared, and CPU seconds show the work when the wall clock is
stretched by load.

Rows per ClassBench set: ovs (single table, masked ports), lagopus exact
(counted; built only when it fits under --max-flows) and lagopus multi; beside
them the naive expansion counted straight from the ClassBench lines. Peers:
Aerleon (rules per second, same rules, Cisco output; and end to end as
processes, ``aclc import`` + ``aclc compile`` beside ``aclgen``, on the 1k and 10k
sets: bench/e2e.py), ``ovs-ofctl --bundle add-flows`` (bench/push.py). bench/report.py writes results.md and results.png.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CLASSBENCH = REPO.parent / "shared" / "classbench"
ALL_SETS = ("acl1_1k", "acl1_10k", "fw1_1k", "fw1_10k", "ipc1_1k", "ipc1_10k", "ipc1_50k")
QUICK_SETS = ("acl1_1k", "fw1_1k", "ipc1_1k")
DEFAULT_MAX_FLOWS = 100_000  # aclc's own default limit for the exact strategy
CHILD_TIMEOUT = 3600  # seconds; a child past this is reported as timed out
PORT_OXMS = {"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"}


# ------------------------------------------------------------------ naive expansion (independent count)


def prefix_cover_size(lo: int, hi: int, width: int = 16) -> int:
    """Prefixes in the minimal prefix cover of [lo, hi]: the naive masked encoding.

    Written here from scratch (not aclc.ranges) so the peer figure is counted independently.
    """
    count = 0
    while lo <= hi:
        size = 1
        # Grow the block while it stays aligned at lo and inside [lo, hi].
        while size < (1 << width) and lo % (size * 2) == 0 and lo + size * 2 - 1 <= hi:
            size *= 2
        lo += size
        count += 1
    return count


def _exact_size(lo: int, hi: int) -> int:
    """Exact-port flows for one port field: any port needs no match at all."""
    return 1 if (lo, hi) == (0, 65535) else hi - lo + 1


def naive_counts(path: Path) -> dict:
    """Naive one-table expansions of a ClassBench file, counted line by line.

    masked: each port range as its minimal prefix cover, source x destination;
    exact: every port value its own flow (the only safe single-table form on Lagopus).
    Both include the one default flow.
    """
    masked = exact = 1
    rules = 0
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        fields = line.lstrip("@").split("\t")
        (slo, shi), (dlo, dhi) = ((int(x) for x in f.split(":")) for f in fields[2:4])
        rules += 1
        masked += prefix_cover_size(slo, shi) * prefix_cover_size(dlo, dhi)
        exact += _exact_size(slo, shi) * _exact_size(dlo, dhi)
    return {"rules": rules, "naive_masked": masked, "naive_exact": exact}


# ------------------------------------------------------------------ child measurements


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class _Clock:
    """Wall and CPU seconds of one stage."""

    def __enter__(self):
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def _priority_levels(pipeline) -> int:
    return len({f.priority for f in pipeline.flows() if f.role in ("rule", "default")})


# Two ClassBench rules every tool handles first in its process, untimed: one-time setup
# (lazily built parser states, caches) is not what a rules-per-second figure measures.
WARM_UP_LINES = ("@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t80 : 90\t0x06/0xFF\t\n"
                 "@0.0.0.0/0\t10.1.0.0/16\t1024 : 1030\t0 : 65535\t0x11/0xFF\t\n")


def _warm_up(target: str, strategy: str) -> None:
    """Compile a two-rule policy first, so lazy imports and caches are not counted as compile time."""
    from aclc.importers.classbench_format import parse_classbench
    from aclc.lower import CompileOptions, compile_policy

    policy, _ = parse_classbench(WARM_UP_LINES, "warm")
    compile_policy(policy, CompileOptions(target=target, strategy=strategy))


def _verify(policy, pipeline) -> dict:
    from aclc.semantics.verify import verify

    with _Clock() as clock:
        result = verify(policy, pipeline)
    return {"verified": result.ok, "verify_s": clock.wall, "verify_cpu_s": clock.cpu,
            "verify_method": result.stats.get("method", ""), "verify_rss_mb": _maxrss_mb()}


def child_ovs(path: Path, prove: bool) -> dict:
    """ovs, single table: compile a ClassBench Policy, then (optionally) prove it."""
    from aclc.importers.classbench_format import read_classbench
    from aclc.lower import CompileOptions, compile_policy

    policy = read_classbench(path)
    _warm_up("ovs", "single")
    with _Clock() as clock:
        pipeline = compile_policy(policy, CompileOptions(target="ovs", strategy="single"))
    out = {"target": "ovs", "strategy": "single", "rules": len(policy.rules), "flows": pipeline.flow_count,
           "levels": _priority_levels(pipeline), "compile_s": clock.wall, "compile_cpu_s": clock.cpu,
           "compile_rss_mb": _maxrss_mb()}
    if prove:
        out.update(_verify(policy, pipeline))
    return out


def child_lagopus_exact(path: Path, prove: bool, max_flows: int = DEFAULT_MAX_FLOWS) -> dict:
    """lagopus, one exact table: always counted; compiled only when it fits under max_flows."""
    from aclc.importers.classbench_format import read_classbench
    from aclc.lower import CompileOptions, compile_policy, count_flows
    from aclc.profiles import get_profile

    policy = read_classbench(path)
    with _Clock() as clock:
        total, _largest = count_flows(policy, get_profile("lagopus"), "exact")
    out = {"target": "lagopus", "strategy": "exact", "rules": len(policy.rules), "flows": total,
           "count_s": clock.wall, "built": False, "max_flows": max_flows}
    if total > max_flows:
        return out  # counted only: never materialize millions (or trillions) of flows
    _warm_up("lagopus", "exact")
    with _Clock() as clock:
        pipeline = compile_policy(policy, CompileOptions(target="lagopus", strategy="exact", max_flows=max_flows))
    out.update({"built": True, "flows": pipeline.flow_count, "levels": _priority_levels(pipeline),
                "compile_s": clock.wall, "compile_cpu_s": clock.cpu, "compile_rss_mb": _maxrss_mb()})
    if prove:
        out.update(_verify(policy, pipeline))
    return out


def child_lagopus_multi(path: Path, prove: bool) -> dict:
    """lagopus, multi-table (ports classified into metadata), through bench/multi.py's helpers."""
    from bench.multi import compile_lagopus_multi, read_policy
    from aclc.lower.classify import exact_port_lower_bound

    policy = read_policy(path)
    _warm_up("lagopus", "multi")
    with _Clock() as clock:
        pipeline = compile_lagopus_multi(policy)
    out = {"target": "lagopus", "strategy": "multi", "rules": len(policy.rules), "flows": pipeline.flow_count,
           "levels": _priority_levels(pipeline), "compile_s": clock.wall, "compile_cpu_s": clock.cpu,
           "compile_rss_mb": _maxrss_mb(), "tables": [len(t.flows) for t in pipeline.tables],
           "exact_port_flows": sum(1 for f in pipeline.flows()
                                   if f.role == "classify" and any(m.field in PORT_OXMS for m in f.match)),
           "exact_port_bound": exact_port_lower_bound(policy)}
    if prove:
        out.update(_verify(policy, pipeline))
    return out


def child_aclc_e2e(path: Path, prove: bool = True) -> dict:
    """What a user runs: the aclc source text ``aclc import`` makes from the ClassBench file, then
    parse + resolve + normalize, compile for ovs, and verify; each stage timed."""
    from aclc.frontend import parse_policies_text
    from aclc.importers.classbench_import import import_classbench, read_text
    from aclc.importers.render import render
    from aclc.lower import CompileOptions, compile_policy
    from aclc.semantics.verify import verify

    text = render(import_classbench(read_text(path), path.name))
    (warm,) = parse_policies_text(render(import_classbench(WARM_UP_LINES, "warm")), "warm").values()
    verify(warm, compile_policy(warm, CompileOptions(target="ovs")))
    stages = {}
    with _Clock() as clock:
        (policy,) = parse_policies_text(text, path.name).values()
    stages["parse"] = clock
    with _Clock() as clock:
        pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    stages["compile"] = clock
    ok = method = None
    if prove:
        with _Clock() as clock:
            result = verify(policy, pipeline)
        ok, method = result.ok, result.stats.get("method", "")
        stages["verify"] = clock
    out = {"tool": "aclc", "rules": naive_counts(path)["rules"], "source_lines": text.count("\n"),
           "verified": ok, "verify_method": method, "rss_mb": _maxrss_mb()}
    for name, clock in stages.items():
        out[f"{name}_s"], out[f"{name}_cpu_s"] = clock.wall, clock.cpu
    out["total_s"] = sum(c.wall for c in stages.values())
    out["total_cpu_s"] = sum(c.cpu for c in stages.values())
    return out


def child_aerleon(path: Path) -> dict:
    """Aerleon on the same rules: parse its definitions and policy, generate Cisco (bench/aerleon_peer.py)."""
    from bench.aerleon_peer import aerleon_available, aerleon_sources, time_aerleon

    if not aerleon_available():
        return {"tool": "aerleon", "skipped": "aerleon is not installed (pip install '.[bench]')"}
    import aerleon.lib.cisco  # noqa: F401  (imports are not generation time)
    import aerleon.lib.yaml  # noqa: F401

    with tempfile.TemporaryDirectory() as scratch:  # the same warm-up as aclc's, untimed
        warm = Path(scratch) / "warm"
        warm.write_text(WARM_UP_LINES)
        time_aerleon(*aerleon_sources(warm)[:2])
    policy_yaml, definitions_yaml, rules = aerleon_sources(path)
    cpu0 = time.process_time()
    seconds, acl_lines = time_aerleon(policy_yaml, definitions_yaml)
    return {"tool": "aerleon", "rules": rules, "total_s": seconds, "total_cpu_s": time.process_time() - cpu0,
            "acl_lines": acl_lines, "rss_mb": _maxrss_mb()}


EVAL_PACKETS = 300  # bench/verify.py's default sample; its time is scaled to 100k packets


def child_verify_vs_evaluator(path: Path) -> dict:
    """bench/verify.py: the ovs table proven for every packet, beside the plain evaluator on random packets."""
    from bench.verify import measure

    row = measure(path, "auto", EVAL_PACKETS)
    row["eval_packets"] = EVAL_PACKETS
    return row


CHILDREN = {
    "ovs": lambda path, prove: child_ovs(path, prove),
    "lagopus-exact": lambda path, prove: child_lagopus_exact(path, prove),
    "lagopus-multi": lambda path, prove: child_lagopus_multi(path, prove),
    "aclc-e2e": lambda path, prove: child_aclc_e2e(path, prove),
    "aerleon": lambda path, prove: child_aerleon(path),
    "verify-vs-evaluator": lambda path, prove: child_verify_vs_evaluator(path),
}


def run_child(kind: str, path: Path, prove: bool, timeout: float = CHILD_TIMEOUT) -> dict:
    """One measurement in a fresh interpreter; failures come back as {"error": ...}, never raised."""
    cmd = [sys.executable, "-m", "bench.run", "--child", kind, str(path)] + (["--verify"] if prove else [])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {proc.returncode}: {tail}"}
    return json.loads(lines[-1])


# ------------------------------------------------------------------ push peer


def run_push(flows: int, timeout: float = CHILD_TIMEOUT) -> dict:
    """bench/push.py in its own process: aclc push and ovs-ofctl --bundle add-flows, same flows, same run."""
    cmd = [sys.executable, "-m", "bench.push", "--flows", str(flows)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    return parse_push_output(proc.stdout, proc.stderr, proc.returncode, flows)


def parse_push_output(stdout: str, stderr: str, returncode: int, flows: int) -> dict:
    """The figures bench/push.py prints, as numbers."""
    if returncode != 0:
        tail = (stderr.strip().splitlines() or stdout.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {returncode}: {tail}"}
    ofctl = re.search(r"ovs-ofctl --bundle add-flows: ([\d.]+) s", stdout)
    aclc = re.search(r"aclc push [^:]*: ([\d.]+) s", stdout)
    if not (ofctl and aclc):
        return {"error": "bench/push.py printed no figures: " + " | ".join(stdout.strip().splitlines()[-3:])}
    out = {"flows": flows, "ofctl_s": float(ofctl.group(1)), "aclc_s": float(aclc.group(1))}
    out["ratio"] = out["aclc_s"] / out["ofctl_s"]
    return out


# ------------------------------------------------------------------ the machine


def machine_info() -> dict:
    def command(*args: str) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    model = next((line.split(":", 1)[1].strip() for line in command("lscpu").splitlines()
                  if line.startswith("Model name")), platform.processor() or "unknown")
    mem = next((line.split()[1] for line in command("free", "-g").splitlines() if line.startswith("Mem:")), "?")
    cores = command("nproc").strip() or str(os.cpu_count())
    return {"cpu": model, "cores": cores, "memory_gib": mem,
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}"}


def code_version() -> str:
    """The commit measured, and whether the code differed from it."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown (not a git checkout)"
    changed = git("status", "--porcelain", "--", "aclc", "bench", "grammars")
    return f"commit {commit}" + (", with uncommitted changes" if changed else "")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ------------------------------------------------------------------ the suite


def prepare_sets(names, classbench_dir: Path, limit: int | None, scratch: Path) -> dict[str, Path]:
    """Paths of the sets to measure; with a limit, the first N lines of each in a scratch copy
    (outside the repository)."""
    paths = {}
    for name in names:
        path = classbench_dir / name
        if not path.is_file():
            raise SystemExit(f"bench: ClassBench set {name} not found in {classbench_dir}")
        if limit:
            lines = path.read_text().splitlines(keepends=True)[:limit]
            path = scratch / name
            path.write_text("".join(lines))
        paths[name] = path
    return paths


E2E_SIZES = ("1k", "10k")  # end to end as processes (bench/e2e.py); aclgen on larger sets takes minutes


def _size_of(name: str) -> str:
    return name.rsplit("_", 1)[-1]


def run_suite(args, log=print) -> dict:
    started = time.time()
    results = {"command": " ".join(["python3 -m bench"] + args.argv), "machine": machine_info(),
               "code": code_version(),
               "load_start": load_average(), "limit": args.limit, "sets": {}, "peers": {}}
    prove = not args.skip_verify
    with tempfile.TemporaryDirectory(prefix="aclc-bench-") as scratch:
        paths = prepare_sets(args.sets, args.classbench_dir, args.limit, Path(scratch))
        for name, path in paths.items():
            entry = {"naive": naive_counts(path), "rows": []}
            results["sets"][name] = entry
            for kind in ("ovs", "lagopus-exact", "lagopus-multi"):
                log(f"{name}: {kind} ...", flush=True)
                row = run_child(kind, path, prove)
                row.setdefault("kind", kind)
                entry["rows"].append(row)
                log(f"  {_brief(row)}", flush=True)
            if prove:
                log(f"{name}: verify-vs-evaluator ...", flush=True)
                entry["evaluator"] = run_child("verify-vs-evaluator", path, prove)
                log(f"  {_brief(entry['evaluator'])}, eval_100k_s={entry['evaluator'].get('eval_100k_s', 0):.3g}",
                    flush=True)
            if not args.skip_aerleon:
                peer = {}
                for kind in ("aclc-e2e", "aerleon"):
                    log(f"{name}: {kind} ...", flush=True)
                    peer[kind] = run_child(kind, path, prove)
                    log(f"  {_brief(peer[kind])}", flush=True)
                entry["aerleon"] = peer
                if _size_of(name) in E2E_SIZES:
                    from bench.e2e import measure_set

                    log(f"{name}: end to end as processes (aclc import + compile, aclgen) ...", flush=True)
                    entry["e2e"] = measure_set(path, log=lambda text: log(text, flush=True))
                    log(f"  ratio={entry['e2e'].get('ratio', 0):.3g}, ratio_cpu={entry['e2e'].get('ratio_cpu', 0):.3g}",
                        flush=True)
        if not args.skip_push:
            log(f"push: {args.push_flows} flows, aclc push vs ovs-ofctl --bundle ...", flush=True)
            results["peers"]["push"] = run_push(args.push_flows)
            log(f"  {_brief(results['peers']['push'])}", flush=True)
    results["load_end"] = load_average()
    results["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results["elapsed_s"] = time.time() - started
    return results


def _brief(row: dict) -> str:
    keys = ("error", "skipped", "flows", "compile_s", "compile_rss_mb", "verify_s", "verified",
            "total_s", "ratio")
    return ", ".join(f"{k}={row[k]:.3g}" if isinstance(row[k], float) else f"{k}={row[k]}"
                     for k in keys if k in row)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python3 -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=lambda s: [x for x in s.split(",") if x],
                        help=f"comma-separated ClassBench sets (default: all of {','.join(ALL_SETS)})")
    parser.add_argument("--classbench-dir", type=Path, default=DEFAULT_CLASSBENCH,
                        help="where the ClassBench files are (default: ../shared/classbench from the repository)")
    parser.add_argument("--quick", action="store_true", help=f"only the 1k sets ({','.join(QUICK_SETS)}) "
                        "and a 20000-flow push")
    parser.add_argument("--limit", type=int, help="only the first N rules of each set")
    parser.add_argument("--skip-push", action="store_true", help="leave out the push peer (needs root and OVS)")
    parser.add_argument("--skip-aerleon", action="store_true", help="leave out the Aerleon peer")
    parser.add_argument("--skip-verify", action="store_true", help="leave out BDD verification")
    parser.add_argument("--push-flows", type=int, help="flows for the push peer (default 100000)")
    parser.add_argument("--out", type=Path, default=REPO / "bench", help="where results.md and results.png go")
    parser.add_argument("--doc", type=Path, metavar="PATH",
                        help="also put the figures into PATH between its markers (docs/performance.md)")
    parser.add_argument("--from-json", type=Path, metavar="PATH",
                        help="measure nothing: write the report from figures saved earlier with --json")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure as JSON to PATH")
    args = parser.parse_args(argv)
    args.argv = list(argv)
    if args.sets is None:
        args.sets = list(QUICK_SETS if args.quick else ALL_SETS)
    if args.push_flows is None:
        args.push_flows = 20_000 if args.quick else 100_000
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be positive")
    return args


def check_before_running(args) -> None:
    """Everything that can be wrong with the arguments, found before minutes of measuring."""
    from bench.report import DOC_BEGIN, DOC_END

    missing = [] if args.from_json else [n for n in args.sets if not (args.classbench_dir / n).is_file()]
    if missing:
        raise SystemExit(f"bench: ClassBench set {', '.join(missing)} not found in {args.classbench_dir}")
    for what, folder in (("--out", args.out), ("--doc", args.doc and args.doc.parent),
                         ("--json", args.json and args.json.parent)):
        if folder is None:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            raise SystemExit(f"bench: {what}: cannot write in {folder}: {error.strerror or error}") from None
    if args.doc and args.doc.exists():
        text = args.doc.read_text()
        if DOC_BEGIN not in text or DOC_END not in text:
            raise SystemExit(f"bench: {args.doc} has no figure markers ({DOC_BEGIN} ... {DOC_END})")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    args = parse_args(argv)
    from bench.report import write_report

    try:
        check_before_running(args)
    except SystemExit as error:
        print(error, file=sys.stderr)
        return 2  # a usage error, as in aclc itself
    if args.from_json:
        try:
            results = json.loads(args.from_json.read_text())
        except (OSError, ValueError) as error:
            print(f"bench: --from-json: cannot read {args.from_json}: {error}", file=sys.stderr)
            return 2
    else:
        results = run_suite(args)
    md, png = write_report(results, args.out)
    from bench.report import goal_summary, goals

    checked = goals(results)
    for goal in checked:
        if goal.passed is not True:
            print(f"goal {'not measured' if goal.passed is None else 'FAILED'}: {goal.goal}: {goal.figure}"
                  + (" (passes on CPU seconds)" if goal.passed_on_cpu else ""))
    print(goal_summary(checked).replace("**", ""))
    print(f"wrote {md} and {png}")
    if args.doc:
        from bench.report import update_doc

        plot_path = os.path.relpath(png.resolve(), args.doc.resolve().parent)
        update_doc(args.doc, results, plot_path)
        print(f"wrote {args.doc}")
    if args.json:
        from bench.report import atomic_write

        atomic_write(args.json, lambda p: p.write_text(json.dumps(results, indent=1) + "\n"))
        print(f"wrote {args.json}")
    return 0


def child_main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.run --child")
    parser.add_argument("kind", choices=sorted(CHILDREN))
    parser.add_argument("path", type=Path)
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    row = CHILDREN[args.kind](args.path, args.verify)
    row["kind"] = args.kind
    print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
