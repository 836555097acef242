"""Flows on Open vSwitch against the naive encoding, with the default strategy, every set proved.

    python3 -m bench.flows [--sets fw1_1k fw1_10k ...] [--write bench/results.md]

Naive: one table, each rule's port ranges as their minimal prefix covers (the product of the
two covers per rule, nothing shared). aclc: ``compile_policy`` for ``ovs`` with no strategy given,
which is what ``aclc compile -t ovs`` does (``multi`` when it needs fewer flows than ``single``),
then the proof that the flows decide every packet like the ACL. The reduction is
1 - aclc / naive. Writes its own section of bench/results.md with ``--write``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .sections import markers, replace_section

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO.parent / "shared" / "classbench"
DEFAULT_SETS = ("acl1_1k", "fw1_1k", "ipc1_1k", "acl1_10k", "fw1_10k", "ipc1_10k",
                "acl1_100k", "fw1_100k", "ipc1_100k")


def naive_flows(policy) -> int:
    """The one-table prefix-cover count of every rule, plus the default flow."""
    from aclc.ranges import range_to_prefixes

    total = 1
    for rule in policy.rules:
        n = 1
        for ports in (rule.src_ports, rule.dst_ports):
            if ports:
                n *= sum(len(range_to_prefixes(r.lo, r.hi, 16)) for r in ports)
        total += n
    return total


def measure(path: Path) -> dict:
    from aclc.importers.classbench_format import read_classbench
    from aclc.lower import CompileOptions, compile_policy
    from aclc.semantics.verify import verify

    policy = read_classbench(str(path))
    started = time.process_time()
    pipeline = compile_policy(policy, CompileOptions(target="ovs"))
    compiled = time.process_time()
    proof = verify(policy, pipeline)
    naive = naive_flows(policy)
    return {
        "set": path.name, "rules": len(policy.rules), "naive": naive, "flows": pipeline.flow_count,
        "strategy": pipeline.strategy, "compile_cpu_s": compiled - started, "proved": proof.ok,
        "reduction": 1 - pipeline.flow_count / naive,
    }


def markdown(rows: list[dict], command: str) -> str:
    begin, end = markers("flows")
    lines = [
        begin,
        "## Flows on Open vSwitch against naive, default strategy",
        "",
        f"`{command}` (bench/flows.py): `compile_policy` for `ovs` with no strategy given (what "
        "`aclc compile -t ovs` does: `multi` when it needs fewer flows than `single`), the proof run "
        "on every set. Naive: one table, each rule's port ranges as their minimal prefix covers, "
        "plus the default flow. Reduction: 1 - aclc / naive. Compile: CPU seconds in one process.",
        "",
        "| set | rules | naive flows | aclc flows | strategy | reduction | compile CPU s | proved |",
        "|---|---:|---:|---:|---|---:|---:|---|",
    ]
    for r in rows:
        lines.append(f"| {r['set']} | {r['rules']:,} | {r['naive']:,} | {r['flows']:,} | {r['strategy']} | "
                     f"{r['reduction']:.1%} | {r['compile_cpu_s']:.2f} | {'yes' if r['proved'] else '**no**'} |")
    lines.append(end)
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    parser.add_argument("--classbench-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="put the section into this file")
    args = parser.parse_args(argv)
    rows = []
    for name in args.sets:
        row = measure(args.classbench_dir / name)
        print(f"{name}: {row['flows']:,} flows ({row['strategy']}) against naive {row['naive']:,}: "
              f"{row['reduction']:.1%} fewer, proved {row['proved']}", flush=True)
        rows.append(row)
    command = "python3 -m bench.flows" + (f" --sets {' '.join(args.sets)}" if args.sets != list(DEFAULT_SETS) else "")
    text = markdown(rows, command + (f" --write {args.write}" if args.write else ""))
    if args.write:
        replace_section(args.write, "flows", text)
        print(f"wrote {args.write}")
    else:
        print(text)
    return 0 if all(r["proved"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
