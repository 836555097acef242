"""Benchmark: exact verification of ClassBench sets compiled for Open vSwitch or Lagopus.

    python3 -m bench.verify [--sets acl1_10k fw1_10k ipc1_10k ipc1_50k] [--classbench-dir DIR]
                            [--target ovs|lagopus] [--method auto|full] [--eval-packets N]

``--target ovs`` verifies the one-table prefix compilation; ``--target lagopus`` the
multi-table one (port classification tables, then the ACL table).

Per set, in a fresh subprocess (so peak memory is that set's own): rules, flows,
compile seconds, verify seconds and method, peak RSS, and beside it the plain
packet evaluator (aclc.evaluate.evaluate_pipeline) on random packets on the same
table: measured on --eval-packets packets and scaled to 100k (the evaluator scans
the table per packet, so the scaling is linear). "broken s" is the time to a confirmed
counterexample on the same pipeline with one ACL-table flow dropped; on lagopus, "class s"
the same with one exact classification flow writing a neighbouring class id.
"verify s" is wall time, "cpu s" the process CPU time of verify alone. Goals
(CPU): each 10k set in 0.35 s on ovs and 0.5 s on lagopus, a 50k set in 1.5 s,
a 1k set in 0.03 s.
Rule i is permit when i is even, deny when odd; default deny.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SETS = ("acl1_10k", "fw1_10k", "ipc1_10k", "ipc1_50k", "acl1_1k")


def goal(name: str, target: str) -> float:
    """CPU seconds verify may take on a set (see the module doc)."""
    if name.endswith("_50k"):
        return 1.5
    if name.endswith("_1k"):
        return 0.03
    return 0.35 if target == "ovs" else 0.5


def measure(path: Path, method: str, eval_packets: int, target: str = "ovs") -> dict:
    sys.path.insert(0, str(REPO))
    from aclc.importers.classbench_format import read_classbench
    from aclc.evaluate import evaluate_pipeline
    from aclc.lower import CompileOptions, compile_policy
    from aclc.packet import Packet
    from aclc.semantics.verify import verify

    policy = read_classbench(path)
    started = time.perf_counter()
    strategy = "multi" if target == "lagopus" else "single"  # the ovs row of the suite is single
    pipeline = compile_policy(policy, CompileOptions(target=target, strategy=strategy))
    compiled = time.perf_counter()
    cpu = time.process_time()
    result = verify(policy, pipeline, method=method)
    verified = time.perf_counter()
    verify_cpu = time.process_time() - cpu
    # A broken copy: the first flow of the middle rule dropped. Time to a confirmed counterexample.
    import dataclasses

    table = pipeline.tables[-1]
    middle = len(policy.rules) // 2
    drop = next(k for k, f in enumerate(table.flows) if f.rule_index is not None and f.rule_index >= middle)
    broken = dataclasses.replace(pipeline, tables=pipeline.tables[:-1] + (dataclasses.replace(
        table, flows=table.flows[:drop] + table.flows[drop + 1:]),))
    t0 = time.perf_counter()
    broken_result = verify(policy, broken, method=method)
    broken_s = time.perf_counter() - t0
    class_s = class_found = class_method = None
    if len(pipeline.tables) > 1:
        from aclc.pipeline import WriteMetadata

        first = pipeline.tables[0]
        exact = [k for k, f in enumerate(first.flows) if len(f.match) == 3]
        k = exact[len(exact) // 2]
        flow = first.flows[k]
        wrong = tuple(WriteMetadata(i.value ^ (i.mask & -i.mask), i.mask) if isinstance(i, WriteMetadata) else i
                      for i in flow.instructions)
        mutant = dataclasses.replace(pipeline, tables=(dataclasses.replace(
            first, flows=first.flows[:k] + (dataclasses.replace(flow, instructions=wrong),) + first.flows[k + 1:]),)
            + pipeline.tables[1:])
        t0 = time.perf_counter()
        class_result = verify(policy, mutant, method=method)
        class_s = time.perf_counter() - t0
        class_found, class_method = not class_result.ok, class_result.stats.get("method")
    rng = random.Random(1)
    packets = [Packet(in_port=1, eth_type=0x0800, src=rng.getrandbits(32), dst=rng.getrandbits(32),
                      ip_proto=rng.choice((6, 17, 1, 47)), src_port=rng.getrandbits(16), dst_port=rng.getrandbits(16))
               for _ in range(eval_packets)]
    t0 = time.perf_counter()
    for p in packets:
        evaluate_pipeline(pipeline, p)
    evaluated = time.perf_counter() - t0
    return {
        "rules": len(policy.rules), "flows": pipeline.flow_count, "ok": result.ok,
        "compile_s": compiled - started, "verify_s": verified - compiled, "verify_cpu_s": verify_cpu,
        "method": result.stats.get("method"), "bdd_nodes": result.stats.get("nodes"),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "eval_100k_s": evaluated / max(eval_packets, 1) * 100_000,
        "broken_s": broken_s, "broken_found": not broken_result.ok,
        "broken_method": broken_result.stats.get("method"),
        "class_s": class_s, "class_found": class_found, "class_method": class_method,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    parser.add_argument("--classbench-dir", default=str(REPO.parent / "shared" / "classbench"))
    parser.add_argument("--method", choices=("auto", "full"), default="auto")
    parser.add_argument("--target", choices=("ovs", "lagopus"), default="ovs")
    parser.add_argument("--eval-packets", type=int, default=300)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one set in this process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(Path(args.one), args.method, args.eval_packets, args.target)))
        return 0
    header = (f"{'set':<10} {'rules':>6} {'flows':>7} {'compile s':>9} {'verify s':>9} {'cpu s':>6} {'goal s':>6} "
              f"{'peak MB':>8} {'evaluator 100k pkts s':>22} {'broken s':>9}  method")
    print(header)
    failed = 0
    for name in args.sets:
        path = Path(args.classbench_dir) / name
        if not path.is_file():
            print(f"{name:<10} missing: {path}")
            failed += 1
            continue
        out = subprocess.run([sys.executable, "-m", "bench.verify", "--one", str(path), "--method", args.method,
                              "--target", args.target, "--eval-packets", str(args.eval_packets)], cwd=REPO, capture_output=True, text=True)
        if out.returncode:
            print(f"{name:<10} failed: {out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode}")
            failed += 1
            continue
        r = json.loads(out.stdout)
        wanted = goal(name, args.target)
        flag = "" if r["ok"] and r["verify_cpu_s"] <= wanted else "  (MISSED)" if r["ok"] else "  (NOT PROVEN)"
        print(f"{name:<10} {r['rules']:>6} {r['flows']:>7} {r['compile_s']:>9.2f} {r['verify_s']:>9.2f} "
              f"{r['verify_cpu_s']:>6.2f} {wanted:>6.2f} "
              f"{r['peak_mb']:>8.0f} {r['eval_100k_s']:>13.0f} (scaled) {r['broken_s']:>9.2f}  {r['method']}{flag}")
        if r["class_s"] is not None:
            print(f"{name:<10} class s {r['class_s']:.2f} (found: {r['class_found']}, {r['class_method']}); "
                  f"broken: {r['broken_method']}")
        elif r.get("broken_method"):
            print(f"{name:<10} broken: {r['broken_method']}")
        if not r["broken_found"]:
            print(f"{name:<10} note: dropping one flow changed no decision (no counterexample to find)")
        failed += bool(flag)
    print(f"evaluator: {args.eval_packets} random packets per set, time scaled to 100k; "
          "broken: the same table with one flow dropped, time to a confirmed counterexample")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
