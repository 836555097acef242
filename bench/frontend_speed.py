"""How fast the front end reads a large ACL: parse + resolve + normalize.

Turns a ClassBench filter set into aclc source text (even lines permit, odd
lines deny; the flags column is ignored), then times loading it.

    python3 -m bench.frontend_speed [../shared/classbench/fw1_10k ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from aclc.frontend import parse_policies_text

DEFAULT_SETS = [Path(__file__).resolve().parent.parent.parent / "shared" / "classbench" / name
                for name in ("acl1_10k", "fw1_10k", "ipc1_50k")]


def _ports(column: str) -> str:
    lo, hi = (int(x) for x in column.replace(" ", "").split(":"))
    if (lo, hi) == (0, 65535):
        return ""
    return f" port {lo}" if lo == hi else f" port {lo}-{hi}"


def classbench_source(path: Path) -> str:
    lines = ["acl bench {"]
    for index, line in enumerate(path.read_text().splitlines()):
        fields = line.lstrip("@").split("\t")
        src, dst = fields[0], fields[1]
        value, mask = (int(x, 16) for x in fields[4].split("/"))
        action = "permit" if index % 2 == 0 else "deny"
        if mask and value in (6, 17):
            proto = "tcp" if value == 6 else "udp"
            lines.append(f"  {action} {proto} from {src}{_ports(fields[2])} to {dst}{_ports(fields[3])}")
        elif mask:
            lines.append(f"  {action} proto {value} from {src} to {dst}")
        else:
            lines.append(f"  {action} ipv4 from {src} to {dst}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [p for p in DEFAULT_SETS if p.is_file()]
    parse_policies_text("acl warm { permit ip }")  # build the parser outside the timing
    print(f"{'set':<12} {'lines':>7} {'rules':>7} {'seconds':>8} {'rules/s':>9}")
    for path in paths:
        text = classbench_source(path)
        start = time.perf_counter()
        (policy,) = parse_policies_text(text, path.name).values()
        seconds = time.perf_counter() - start
        lines = text.count("\n") - 2
        print(f"{path.name:<12} {lines:>7} {len(policy.rules):>7} {seconds:>8.2f} {lines / seconds:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
