"""Compile ClassBench sets and print flows, priority levels, time and peak memory.

    python3 -m bench.compile [--sets acl1_10k fw1_10k ...] [--classbench-dir ../shared/classbench]

Each set runs in its own subprocess so peak memory (ru_maxrss) is per set.
Beside aclc's flows per rule it prints the naive figure (per rule, the product
of the prefix covers of its port ranges, nothing shared) and the exact-port
flow count a one-table Lagopus encoding would need (counted, never built).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO.parent / "shared" / "classbench"
DEFAULT_SETS = ("acl1_10k", "fw1_10k", "ipc1_10k", "ipc1_50k")


def measure(path: str) -> dict:
    from aclc.importers.classbench_format import read_classbench
    from aclc.lower import CompileOptions, compile_policy, count_flows
    from aclc.profiles import get_profile

    from .flows import naive_flows

    policy = read_classbench(path)
    start = time.perf_counter()
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    seconds = time.perf_counter() - start
    naive = naive_flows(policy) - 1  # the rules' flows, without the default
    exact, _ = count_flows(policy, get_profile("lagopus"), "exact")
    rules = len(policy.rules)
    return {
        "rules": rules, "flows": pipeline.flow_count, "levels": len({f.priority for f in pipeline.flows()}),
        "seconds": seconds, "naive": naive / rules, "exact": exact,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    parser.add_argument("--classbench-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one file, print JSON
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    print(f"{'set':10} {'rules':>6} {'flows':>7} {'flows/rule':>10} {'naive':>6} {'levels':>6} "
          f"{'compile s':>9} {'peak MB':>8} {'lagopus exact flows':>20}")
    for name in args.sets:
        path = args.classbench_dir / name
        if not path.is_file():
            print(f"{name:10} missing: {path}")
            continue
        out = subprocess.run([sys.executable, "-m", "bench.compile", "--one", str(path)],
                             cwd=REPO, capture_output=True, text=True)
        if out.returncode:
            print(f"{name:10} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        m = json.loads(out.stdout)
        print(f"{name:10} {m['rules']:6} {m['flows']:7} {m['flows'] / m['rules']:10.3f} {m['naive']:6.3f} "
              f"{m['levels']:6} {m['seconds']:9.2f} {m['maxrss_mb']:8.0f} {m['exact']:20,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
