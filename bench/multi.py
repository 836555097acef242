"""Benchmark: the multi-table strategy for Lagopus on ClassBench rule sets.

    python3 -m bench.multi [--sets acl1_10k fw1_10k ipc1_10k] [--classbench-dir DIR]

Prints, per set: rules, flows in each table, total flows per rule (classification
tables included; goal <= 12), the exact-port lower bound beside the exact-port
flows used, metadata bits, and the compile time (goal < 5 s per 10k set).
Rule i is permit when i is even, deny when odd; default deny.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aclc.errors import AclcError, SourcePos  # noqa: E402
from aclc.lower.classify import exact_port_lower_bound  # noqa: E402
from aclc.lower.multi import plan_multi  # noqa: E402
from aclc.pipeline import Continuation, GotoTable  # noqa: E402
from aclc.policy import PORT_PROTOCOLS, Action, Policy, PortRange, Prefix, Rule  # noqa: E402

DEFAULT_SETS = ("acl1_10k", "fw1_10k", "ipc1_10k")
PORT_OXMS = {"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"}


def read_policy(path: Path) -> Policy:
    try:
        from aclc.classbench import read_classbench
    except ImportError:
        return _read_classbench_locally(path)
    result = read_classbench(path)
    return result[0] if isinstance(result, tuple) else result


def _read_classbench_locally(path: Path) -> Policy:
    """Just enough of the ClassBench format (shared/classbench/README.md) for this benchmark."""
    rules = []
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        cols = line.lstrip("@").split("\t")
        src, dst = (_prefix(c) for c in cols[:2])
        sports, dports = (_ports(c) for c in cols[2:4])
        value, mask = (int(x, 16) for x in cols[4].split("/"))
        proto = value if mask == 0xFF else None
        if proto not in PORT_PROTOCOLS:
            if sports or dports:
                raise AclcError("port range on a protocol without ports", pos=SourcePos(str(path), lineno))
        i = len(rules)
        rules.append(Rule(
            index=i, action=Action.PERMIT if i % 2 == 0 else Action.DENY,
            origin=SourcePos(str(path), lineno, 1), ip_proto=proto,
            src=src, dst=dst, src_ports=sports, dst_ports=dports,
        ))
    return Policy(path.name, tuple(rules))


def _prefix(text: str):
    import ipaddress

    net = ipaddress.ip_network(text.strip(), strict=False)
    return None if net.prefixlen == 0 else (Prefix(int(net.network_address), net.prefixlen, 32),)


def _ports(text: str):
    lo, hi = (int(x) for x in text.split(":"))
    return None if (lo, hi) == (0, 65535) else (PortRange(lo, hi),)


def compile_lagopus_multi(policy: Policy):
    """Through the project's compiler when present; else the strategy with simple priorities."""
    try:
        from aclc.lower import CompileOptions, compile_policy
    except ImportError:
        compile_policy = None
    if compile_policy is not None:
        return compile_policy(policy, CompileOptions(target="lagopus", strategy="multi"))
    from dataclasses import dataclass

    from aclc.lower.multi import lower_multi
    from aclc.profiles import get_profile

    @dataclass(frozen=True)
    class Options:
        permit: Continuation = Continuation((GotoTable(100),), "goto_table:100")
        priority_base: int = 1
        priority_max: int = 65535
        table_base: int = 0

    n = len(policy.rules)
    return lower_multi(policy, get_profile("lagopus"), Options(), tuple(1 + n - i for i in range(n)))


def measure(path: Path) -> dict:
    policy = read_policy(path)
    start = time.perf_counter()
    pipeline = compile_lagopus_multi(policy)
    seconds = time.perf_counter() - start
    rules = len(policy.rules)
    exact = sum(1 for f in pipeline.flows() if f.role == "classify" and any(m.field in PORT_OXMS for m in f.match))
    plan = plan_multi(policy)
    return {
        "set": path.name,
        "rules": rules,
        "tables": "+".join(str(len(t.flows)) for t in pipeline.tables),
        "flows": pipeline.flow_count,
        "per_rule": pipeline.flow_count / rules,
        "acl_per_rule": len(pipeline.tables[-1].flows) / rules,
        "exact": exact,
        "bound": exact_port_lower_bound(policy),
        "bits": sum(plan.widths.values()),
        "seconds": seconds,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    parser.add_argument("--classbench-dir", type=Path, default=REPO.parent / "shared" / "classbench")
    args = parser.parse_args(argv)
    header = (f"{'set':10} {'rules':>6} {'flows per table':>24} {'flows':>7} {'flows/rule':>10} "
              f"{'acl/rule':>8} {'exact-port':>10} {'lower bound':>11} {'md bits':>7} {'compile s':>9}")
    print("target lagopus, strategy multi (goals: flows/rule <= 12, compile < 5 s per 10k rules)")
    print(header)
    for name in args.sets:
        path = args.classbench_dir / name
        if not path.is_file():
            print(f"{name}: not found in {args.classbench_dir}", file=sys.stderr)
            return 2
        r = measure(path)
        print(f"{r['set']:10} {r['rules']:6d} {r['tables']:>24} {r['flows']:7d} {r['per_rule']:10.2f} "
              f"{r['acl_per_rule']:8.2f} {r['exact']:10d} {r['bound']:11d} {r['bits']:7d} {r['seconds']:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
