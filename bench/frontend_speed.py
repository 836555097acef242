"""How fast the front end reads a large ACL: parse + resolve + normalize.

Turns a ClassBench filter set into aclc source text exactly as ``aclc import``
does (one comment line per rule), then times loading it, in CPU seconds
(``time.process_time``), best of a few runs, the address cache emptied before
each. ``--lark`` times plain lark too (the reference the fast parse driver
must agree with), and checks that both give the same syntax tree.

    python3 -m bench.frontend_speed [--runs N] [--lark] [fw1_10k | path/to/set ...]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from aclc.frontend import parse_policies_text
from aclc.importers.classbench_import import import_classbench, read_text
from aclc.importers.render import render
from aclc.frontend.parse import _get_parser, _parse_prefix

CLASSBENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "classbench"
DEFAULT_SETS = ["acl1_1k", "acl1_10k", "fw1_10k", "ipc1_10k", "ipc1_50k"]


def classbench_source(path: Path) -> str:
    return render(import_classbench(read_text(path), path.name))


def _best(runs: int, work) -> float:
    best = None
    for _ in range(runs):
        _parse_prefix.cache_clear()
        gc.collect()
        start = time.process_time()
        result = work()
        seconds = time.process_time() - start
        del result
        best = seconds if best is None else min(best, seconds)
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.frontend_speed")
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lark", action="store_true", help="time plain lark parsing too")
    args = parser.parse_args(argv)
    # A bare set name (fw1_10k) is looked up among the shared ClassBench sets.
    paths = [p if p.is_file() or p.parent != Path(".") else CLASSBENCH / p for p in args.sets] or \
        [CLASSBENCH / name for name in DEFAULT_SETS if (CLASSBENCH / name).is_file()]
    parse_policies_text("acl warm { permit ip }")  # build the parser outside the timing
    lark_header = f" {'lark parse':>10} {'fast parse':>10}" if args.lark else ""
    print(f"{'set':<12} {'lines':>7} {'rules':>7} {'cpu s':>8} {'rules/s':>9}{lark_header}")
    for path in paths:
        text = classbench_source(path)
        rules = sum(len(policy.rules) for policy in parse_policies_text(text, path.name).values())
        seconds = _best(args.runs, lambda: parse_policies_text(text, path.name))
        line = f"{path.name:<12} {text.count(chr(10)):>7} {rules:>7} {seconds:>8.3f} {rules / seconds:>9.0f}"
        if args.lark:
            engine = _get_parser()
            reference = engine.parse(text, path.name, "start", engine="lark")
            if engine.parse(text, path.name, "start", engine="fast") != reference:
                print(f"{path.name}: the fast parse driver and lark disagree", file=sys.stderr)
                return 1
            del reference
            lark_seconds = _best(args.runs, lambda: engine.parse(text, path.name, "start", engine="lark"))
            fast_seconds = _best(args.runs, lambda: engine.parse(text, path.name, "start", engine="fast"))
            line += f" {lark_seconds:>10.3f} {fast_seconds:>10.3f}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
