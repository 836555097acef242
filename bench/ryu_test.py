"""Time the writing of Ryu switch tests (aclc compile's default output) for ClassBench sets.

    python3 -m bench.ryu_test [--sets acl1_10k ...] [--classbench-dir ../shared/classbench] [--max-tests N]

Prints, per set, the seconds spent planning the tests (witness packets, expected
outcomes), rendering the JSON and loading every file through os-ken's tester,
with the number of tests and of rules covered; --max-tests 0 (the default here)
writes a test for every rule, as `aclc compile --max-tests 0` does.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO.parent / "shared" / "classbench"


def measure(path: Path, max_tests: int | None) -> dict:
    from aclc.importers.classbench_format import read_classbench
    from aclc.ryutest.emit import render
    from aclc.lower import CompileOptions, compile_policy
    from aclc.ryutest.plan import PlanOptions, plan_tests
    from aclc.ryutest.validate import validate_files

    policy = read_classbench(path)
    pipeline = compile_policy(policy, CompileOptions(target="lagopus"))
    t0 = time.perf_counter()
    plan = plan_tests(pipeline, PlanOptions(max_tests=max_tests))
    t1 = time.perf_counter()
    files = render(plan)
    t2 = time.perf_counter()
    problems = validate_files(files)
    t3 = time.perf_counter()
    return {"rules": len(policy.rules), "covered": plan.covered_rules, "tests": len(plan.tests),
            "plan": t1 - t0, "render": t2 - t1, "validate": t3 - t2, "problems": len(problems)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["acl1_10k"])
    parser.add_argument("--classbench-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--max-tests", type=int, default=0, help="0: a test for every rule")
    args = parser.parse_args()
    print(f"{'set':10} {'rules':>6} {'covered':>7} {'tests':>6} {'plan s':>7} {'render s':>8} "
          f"{'validate s':>10} {'total s':>7}")
    for name in args.sets:
        r = measure(args.classbench_dir / name, args.max_tests or None)
        total = r["plan"] + r["render"] + r["validate"]
        print(f"{name:10} {r['rules']:6} {r['covered']:7} {r['tests']:6} {r['plan']:7.1f} {r['render']:8.1f} "
              f"{r['validate']:10.1f} {total:7.1f}" + (f"  ({r['problems']} problems)" if r["problems"] else ""))


if __name__ == "__main__":
    main()
