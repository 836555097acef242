"""End to end, as processes, the way a user types them: aclc against Aerleon's ``aclgen``.

    python3 -m bench.e2e [--sets acl1_10k,fw1_10k,ipc1_10k] [--repeat N] [--skip-aerleon] [--json PATH]

aclc: ``aclc import classbench SET -o x.acl`` then ``aclc compile x.acl -t ovs -f ofctl -o x.flows``
(with its default proof), two processes, each timed from spawn to exit (wall clock, and the CPU
seconds of the process and everything it waited for, from wait4). Interpreter start, imports, the
importer and writing the output are all in the figure.

Bytecode: aclc runs with its modules' bytecode at hand, as an installed package has it (pip
compiles it when it installs; Aerleon's is in site-packages). A checkout run with
PYTHONDONTWRITEBYTECODE=1 (or whose files changed since their bytecode was written) would compile
every module it imports from source in every process instead. So each set's two commands run once
untimed with PYTHONPYCACHEPREFIX pointing at a scratch directory and bytecode writing on; the timed
runs read it from there (writing nothing into the checkout). ``--source-bytecode`` leaves this out
and measures with the environment as it is.

Aerleon: the same rules as bench/aerleon_peer.py writes them (naming definitions for every address
and port, a Cisco extended ACL as the target), laid out the way ``aclgen`` reads them
(``BASE/pol/classbench.yaml``, ``defs/definitions.yaml``), then ``aclgen --base_directory BASE
--definitions_directory defs --output_directory out`` as a process. Writing its YAML is not timed
(it is the counterpart of the ClassBench file aclc starts from).

The stage breakdown comes from running the same two commands once more through
``python3 -m bench.e2e --probe ...``: aclc's own ``main`` in that process, with timers around the
functions each command calls (nothing in aclc is changed for it). Stages: ``interpreter`` (a bare
``python3 -c pass``), ``imports`` (aclc.cli and the command's module), then for the import command
``read+translate``, ``render``, ``parse-back`` (the check that the text reads back as meant; not for
ClassBench), ``write``; for the compile command
``parse`` (read, parse, resolve, normalize), ``compile``, ``proof``, ``emit``, ``write``; ``other``
is the rest of the process (click, lazy imports outside the stages, exit).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CLASSBENCH = REPO.parent / "shared" / "classbench"
E2E_SETS = ("acl1_10k", "fw1_10k", "ipc1_10k")
GOAL_FACTOR = 10.0
TIMEOUT = 1800  # seconds for one process


# Where aclc's processes keep their bytecode (see the module docstring); None: the environment's way.
BYTECODE_DIR: Path | None = None


def _env(write_bytecode: bool = False) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    if BYTECODE_DIR is not None:
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_DIR)
        if write_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def aclc_command() -> list[str]:
    """``aclc`` as the console script runs it (aclc.cli.entry), from this checkout."""
    return [sys.executable, "-m", "aclc"]


def run_process(cmd: list[str], cwd: Path, env: dict | None = None, timeout: float = TIMEOUT) -> dict:
    """Wall and CPU seconds (user + system, the process and its waited-for children) of one process."""
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or _env(), stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return {"error": f"{Path(cmd[2] if cmd[1] == '-m' else cmd[0]).name}: timed out after {timeout:.0f} s"}
            time.sleep(0.002)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    row = {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}
    if proc.returncode != 0:
        tail = (err_path.read_text(errors="replace").strip().splitlines() or ["no output"])[-1]
        row["error"] = f"{' '.join(cmd[-6:])}: exit {proc.returncode}: {tail}"
    return row


# ------------------------------------------------------------------ aclc


def aclc_commands(path: Path) -> tuple[list[str], list[str]]:
    return (["import", "classbench", str(path), "-o", "x.acl"],
            ["compile", "x.acl", "-t", "ovs", "-f", "ofctl", "-o", "x.flows"])


def write_bytecode(path: Path, scratch: Path) -> str | None:
    """Both commands once, untimed, writing the bytecode of every module they import to
    BYTECODE_DIR; an error message when one fails."""
    for argv in aclc_commands(path):
        row = run_process(aclc_command() + argv, scratch, env=_env(write_bytecode=True))
        if "error" in row:
            return row["error"]
    return None


def time_aclc(path: Path, scratch: Path) -> dict:
    """Both commands as processes; the total is what a user waits for."""
    imp, comp = aclc_commands(path)
    first = run_process(aclc_command() + imp, scratch)
    if "error" in first:
        return {"error": first["error"]}
    second = run_process(aclc_command() + comp, scratch)
    if "error" in second:
        return {"error": second["error"]}
    flows = sum(1 for line in (scratch / "x.flows").read_text().splitlines() if line and not line.startswith("#"))
    return {"import_s": first["wall_s"], "import_cpu_s": first["cpu_s"],
            "compile_s": second["wall_s"], "compile_cpu_s": second["cpu_s"],
            "total_s": first["wall_s"] + second["wall_s"], "total_cpu_s": first["cpu_s"] + second["cpu_s"],
            "rss_mb": max(first["rss_mb"], second["rss_mb"]), "flows": flows}


def stage_breakdown(path: Path, scratch: Path) -> dict:
    """Each command once more through the probe: seconds per stage (wall and CPU)."""
    interpreter = run_process([sys.executable, "-c", "pass"], scratch)
    out: dict = {"interpreter": {"wall_s": interpreter["wall_s"], "cpu_s": interpreter["cpu_s"]}}
    for name, argv in zip(("import", "compile"), aclc_commands(path)):
        report = scratch / f".stages-{name}.json"
        row = run_process([sys.executable, "-m", "bench.e2e", "--probe", str(report), *argv], scratch)
        if "error" in row:
            return {"error": row["error"]}
        stages = json.loads(report.read_text())
        stages["process"] = {"wall_s": row["wall_s"], "cpu_s": row["cpu_s"]}
        out[name] = stages
    return out


# ------------------------------------------------------------------ the probe (runs inside an aclc process)


def _probe(report: Path, argv: list[str]) -> int:
    """Run aclc's main on ``argv`` with timers around each stage; write the stages to ``report``."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    stages: dict[str, dict] = {}

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            w, c = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                entry = stages.setdefault(name, {"wall_s": 0.0, "cpu_s": 0.0})
                entry["wall_s"] += time.perf_counter() - w
                entry["cpu_s"] += time.process_time() - c
        return wrapper

    import importlib

    import aclc.cli

    module = importlib.import_module(aclc.cli.COMMANDS[argv[0]][0])
    stages["imports"] = {"wall_s": time.perf_counter() - wall0, "cpu_s": time.process_time() - cpu0}
    def wrap(owner, attribute: str, stage: str) -> None:
        """Time ``owner.attribute`` as ``stage``; a name the command no longer has is left out
        of the breakdown (its time shows as ``other``)."""
        if hasattr(owner, attribute):
            setattr(owner, attribute, timed(stage, getattr(owner, attribute)))

    if argv[0] == "compile":
        import aclc.lower

        wrap(module, "load_policy_and_sources", "parse")
        wrap(aclc.lower, "compile_policy", "compile")
        wrap(module, "_verify", "proof")
        wrap(module, "emit", "emit")
        wrap(module, "write_output", "write")
        import aclc.semantics.verify as verify_module

        real_verify = verify_module.verify

        def verify(*args, **kwargs):
            result = real_verify(*args, **kwargs)
            stages["proof_method"] = result.stats.get("method", "")
            return result

        verify_module.verify = verify
    elif argv[0] == "import":
        from aclc.importers import classbench_import

        wrap(classbench_import, "read_text", "read+translate")
        wrap(classbench_import, "import_classbench", "read+translate")
        wrap(module, "render", "render")
        wrap(module, "render_with_rule_lines", "render")
        wrap(module, "_read_back", "parse-back")
        wrap(module, "_parse_generated", "parse-back")
        wrap(module, "write_atomically", "write")
    status = aclc.cli.main(argv)
    stages["main"] = {"wall_s": time.perf_counter() - wall0, "cpu_s": time.process_time() - cpu0}
    report.write_text(json.dumps(stages))
    exit_now = getattr(aclc.cli, "exit_now", None)  # the process ends as the aclc command's does
    if exit_now is not None:
        exit_now(status)
    return status


# ------------------------------------------------------------------ Aerleon's aclgen


def write_aerleon_tree(path: Path, scratch: Path) -> tuple[Path, int]:
    from bench.aerleon_peer import aerleon_sources

    policy_yaml, definitions_yaml, rules = aerleon_sources(path)
    base = scratch / "aerleon"
    (base / "pol").mkdir(parents=True, exist_ok=True)
    (base / "defs").mkdir(exist_ok=True)
    (base / "out").mkdir(exist_ok=True)
    (base / "pol" / "classbench.yaml").write_text(policy_yaml)
    (base / "defs" / "definitions.yaml").write_text(definitions_yaml)
    return base, rules


def aclgen_command() -> list[str] | None:
    import shutil

    found = shutil.which("aclgen")
    if found:
        return [found]
    try:
        import aerleon.aclgen  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "aerleon.aclgen"]


def time_aclgen(path: Path, scratch: Path) -> dict:
    command = aclgen_command()
    if command is None:
        return {"skipped": "aerleon is not installed (pip install '.[bench]')"}
    base, rules = write_aerleon_tree(path, scratch)
    output = base / "out" / "classbench.acl"
    output.unlink(missing_ok=True)  # aclgen writes only files that changed
    row = run_process(command + ["--base_directory", ".", "--definitions_directory", "defs",
                                 "--output_directory", "out"], base, env=dict(os.environ))
    if "error" in row:
        return {"error": row["error"]}
    if not output.is_file():
        return {"error": "aclgen wrote no ACL"}
    lines = sum(1 for line in output.read_text().splitlines() if line.startswith((" permit", " deny")))
    return {"total_s": row["wall_s"], "total_cpu_s": row["cpu_s"], "rss_mb": row["rss_mb"],
            "rules": rules, "acl_lines": lines}


# ------------------------------------------------------------------ one set, the report


def _median_row(rows: list[dict]) -> dict:
    good = [r for r in rows if "error" not in r and "skipped" not in r]
    if not good:
        return rows[-1]
    out = dict(good[0])
    for key, value in good[0].items():
        if key.endswith("_s") and isinstance(value, float):
            out[key] = statistics.median(r[key] for r in good)
    out["runs"] = len(good)
    return out


def measure_set(path: Path, repeat: int = 1, aerleon: bool = True, breakdown: bool = True, log=None) -> dict:
    """aclc and aclgen on one ClassBench file, median of ``repeat`` runs each, and aclc's stages."""
    out: dict = {"set": path.name}
    with tempfile.TemporaryDirectory(prefix="aclc-e2e-") as scratch_name:
        scratch = Path(scratch_name)
        rows = []
        failed = write_bytecode(path, scratch) if BYTECODE_DIR is not None else None
        if failed:
            out["aclc"] = {"error": failed}
            return out
        for _ in range(repeat):
            rows.append(time_aclc(path, scratch))
            if log:
                log(f"  aclc: {_brief(rows[-1])}")
        out["aclc"] = _median_row(rows)
        if breakdown and "error" not in out["aclc"]:
            out["stages"] = stage_breakdown(path, scratch)
        if aerleon:
            rows = []
            for _ in range(repeat):
                rows.append(time_aclgen(path, scratch))
                if log:
                    log(f"  aclgen: {_brief(rows[-1])}")
                if "skipped" in rows[-1]:
                    break
            out["aclgen"] = _median_row(rows)
    ours, theirs = out["aclc"], out.get("aclgen", {})
    if "total_s" in ours and "total_s" in theirs:
        out["ratio"] = theirs["total_s"] / ours["total_s"]
        out["ratio_cpu"] = theirs["total_cpu_s"] / ours["total_cpu_s"]
    return out


def _brief(row: dict) -> str:
    return ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())


STAGE_ORDER = {"import": ("imports", "read+translate", "render", "parse-back", "write"),
               "compile": ("imports", "parse", "compile", "proof", "emit", "write")}


def stage_rows(stages: dict) -> list[tuple[str, str, float, float]]:
    """(command, stage, wall, cpu) rows, ``other`` being the process less its stages."""
    rows = [("both", "interpreter", stages["interpreter"]["wall_s"], stages["interpreter"]["cpu_s"])]
    for command, names in STAGE_ORDER.items():
        got = stages.get(command, {})
        if not got:
            continue
        named_wall = named_cpu = 0.0
        for name in names:
            if name in got:
                rows.append((command, name, got[name]["wall_s"], got[name]["cpu_s"]))
                named_wall += got[name]["wall_s"]
                named_cpu += got[name]["cpu_s"]
        process = got["process"]
        rows.append((command, "other", max(0.0, process["wall_s"] - named_wall - stages["interpreter"]["wall_s"]),
                     max(0.0, process["cpu_s"] - named_cpu - stages["interpreter"]["cpu_s"])))
    return rows


def markdown(results: dict) -> str:
    lines = ["| set | aclc import s | aclc compile s | aclc total s | aclgen s | ratio (wall) | ratio (CPU) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, entry in results.items():
        ours, theirs = entry.get("aclc", {}), entry.get("aclgen", {})
        if "error" in ours:
            lines.append(f"| {name} | {ours['error']} | | | | | |")
            continue
        theirs_text = (f"{theirs['total_s']:.2f} ({theirs['total_cpu_s']:.2f})" if "total_s" in theirs
                       else theirs.get("error") or theirs.get("skipped") or "—")
        lines.append(f"| {name} | {ours['import_s']:.2f} ({ours['import_cpu_s']:.2f}) | "
                     f"{ours['compile_s']:.2f} ({ours['compile_cpu_s']:.2f}) | "
                     f"{ours['total_s']:.2f} ({ours['total_cpu_s']:.2f}) | {theirs_text} | "
                     + (f"{entry['ratio']:.1f}x | {entry['ratio_cpu']:.1f}x |" if "ratio" in entry else "— | — |"))
    staged = {n: e["stages"] for n, e in results.items() if "error" not in e.get("stages", {"error": 1})}
    if staged:
        names = list(staged)
        lines += ["", "aclc's stages, seconds wall (CPU), from one more run of each command through the probe:", "",
                  "| command | stage | " + " | ".join(names) + " |", "|---|---|" + "---:|" * len(names)]
        table: dict = {}
        for name in names:
            for command, stage, wall, cpu in stage_rows(staged[name]):
                table.setdefault((command, stage), {})[name] = f"{wall:.2f} ({cpu:.2f})"
        for (command, stage), cells in table.items():
            lines.append(f"| {command} | {stage} | " + " | ".join(cells.get(n, "—") for n in names) + " |")
        methods = {n: s.get("compile", {}).get("proof_method") for n, s in staged.items()}
        lines += ["", "Proof method: " + ", ".join(f"{n} {m}" for n, m in methods.items() if m) + "."]
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--probe"]:
        return _probe(Path(argv[1]), argv[2:])
    import argparse

    parser = argparse.ArgumentParser(prog="python3 -m bench.e2e", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=lambda s: [x for x in s.split(",") if x], default=list(E2E_SETS))
    parser.add_argument("--classbench-dir", type=Path, default=DEFAULT_CLASSBENCH)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each tool per set; medians are reported")
    parser.add_argument("--skip-aerleon", action="store_true")
    parser.add_argument("--no-stages", action="store_true", help="leave out the stage breakdown")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    parser.add_argument("--source-bytecode", action="store_true",
                        help="no bytecode written beforehand: aclc runs with the environment as it is "
                             "(with PYTHONDONTWRITEBYTECODE=1, every process compiles what it imports)")
    args = parser.parse_args(argv)
    if args.source_bytecode:
        return _main(args)
    global BYTECODE_DIR
    with tempfile.TemporaryDirectory(prefix="aclc-e2e-bytecode-") as directory:
        BYTECODE_DIR = Path(directory)
        try:
            return _main(args)
        finally:
            BYTECODE_DIR = None


def _main(args) -> int:
    missing = [n for n in args.sets if not (args.classbench_dir / n).is_file()]
    if missing:
        print(f"bench.e2e: ClassBench set {', '.join(missing)} not found in {args.classbench_dir}", file=sys.stderr)
        return 2
    results = {}
    for name in args.sets:
        print(f"{name} ...", flush=True)
        results[name] = measure_set(args.classbench_dir / name, args.repeat, not args.skip_aerleon,
                                    not args.no_stages, log=lambda text: print(text, flush=True))
    print()
    print(markdown(results))
    print("\naclc's bytecode: " + ("written beforehand (as an installed package has it)" if BYTECODE_DIR is not None
                                  else "as the environment has it (--source-bytecode)"))
    for name, entry in results.items():
        if "ratio" in entry:
            verdict = "pass" if entry["ratio"] >= GOAL_FACTOR else "FAIL"
            print(f"goal {name}: aclc end to end >= {GOAL_FACTOR:g}x faster than aclgen: {entry['ratio']:.1f}x "
                  f"wall, {entry['ratio_cpu']:.1f}x CPU: {verdict}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
