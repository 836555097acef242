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
        from aclc.importers.classbench_format import read_classbench
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


def measure(path: Path, prove: bool = False) -> dict:
    policy = read_policy(path)
    start = time.perf_counter()
    pipeline = compile_lagopus_multi(policy)
    seconds = time.perf_counter() - start
    rules = len(policy.rules)
    exact = sum(1 for f in pipeline.flows() if f.role == "classify" and any(m.field in PORT_OXMS for m in f.match))
    plan = plan_multi(policy)
    proof = ""
    if prove:
        from aclc.semantics.verify import verify

        start = time.perf_counter()
        result = verify(policy, pipeline)
        proof = f"{'proven' if result.ok else 'NOT PROVEN'} in {time.perf_counter() - start:.1f} s"
    return {
        "proof": proof,
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


# ------------------------------------------------------------------ numbering comparison


def numbering_totals(policy: Policy) -> dict[str, int]:
    """Total flows (classification + ACL table) under three class numberings:

    - ``intervals``: every elementary interval its own class, the widest one the wildcard;
    - ``aclc``: what aclc does (the largest signature class merged into the wildcard, the
      ports no rule names merged into one class, the rest elementary intervals in port order);
    - ``signatures``: every signature class merged (fewest ids, numbered by first port;
      rule ranges may then need several id runs).
    """
    from bisect import bisect_right
    from dataclasses import replace

    from aclc.lower.classify import port_groups, rule_ports
    from aclc.lower.expand import rule_flow_count
    from aclc.profiles import get_profile
    from aclc.ranges import range_to_prefixes

    profile = get_profile("lagopus")
    groups = port_groups(policy)
    totals = {}
    for mode in ("intervals", "aclc", "signatures"):
        classify_flows = len({side for side, _ in groups})  # the pass-through flows
        factor: dict[int, int] = {}
        for (side, group), port_sets in groups.items():
            exact, per_set = _numbering(port_sets, mode, bisect_right, range_to_prefixes)
            classify_flows += exact + 1
            members = [r for r in policy.rules if rule_ports(r, side) is not None and (r.eth_type, r.ip_proto) == group]
            for rule, n in zip(members, per_set):
                factor[rule.index] = factor.get(rule.index, 1) * n
        acl_flows = 1 + sum(
            rule_flow_count(replace(r, src_ports=None, dst_ports=None), profile, "exact") * factor.get(r.index, 1)
            for r in policy.rules
        )
        totals[mode] = classify_flows + acl_flows
    return totals


def _numbering(port_sets, mode, bisect_right, range_to_prefixes):
    """(exact classification flows, metadata prefixes per port set) for one group."""
    edges = {0}
    for ports in port_sets:
        for r in ports:
            edges.add(r.lo)
            if r.hi < 65535:
                edges.add(r.hi + 1)
    starts = sorted(edges)
    ends = starts[1:] + [65536]
    covering: list[set[int]] = [set() for _ in starts]
    spans = []
    for i, ports in enumerate(port_sets):
        span = [(bisect_right(starts, r.lo) - 1, bisect_right(starts, r.hi) - 1) for r in ports]
        spans.append(span)
        for a, b in span:
            for k in range(a, b + 1):
                covering[k].add(i)
    sizes: dict[frozenset, int] = {}
    for k, members in enumerate(covering):
        key = frozenset(members)
        sizes[key] = sizes.get(key, 0) + ends[k] - starts[k]
    if mode == "intervals":
        widest = max(range(len(starts)), key=lambda k: ends[k] - starts[k])
        default_size = ends[widest] - starts[widest]
        class_key = lambda k: "default" if k == widest else k  # noqa: E731
    else:
        largest = max(sizes, key=lambda key: sizes[key])
        default_size = sizes[largest]
        if mode == "aclc":
            class_key = lambda k: "default" if covering[k] == largest else ("none" if not covering[k] else k)  # noqa: E731
        else:
            class_key = lambda k: frozenset(covering[k])  # noqa: E731
    ids: dict = {}
    atom_id = [ids.setdefault(class_key(k), len(ids)) for k in range(len(starts))]
    bits = max(1, (len(ids) - 1).bit_length())
    top = (1 << bits) - 1
    per_set = []
    for span in spans:
        members = sorted({atom_id[k] for a, b in span for k in range(a, b + 1)})
        runs: list[list[int]] = []
        for x in members:
            if runs and x == runs[-1][1] + 1:
                runs[-1][1] = x
            else:
                runs.append([x, x])
        count = 0
        for lo, hi in runs:
            hi = top if hi == len(ids) - 1 else hi
            if (lo, hi) == (0, top):
                count = 1
                break
            count += len(range_to_prefixes(lo, hi, bits))
        per_set.append(count)
    return 65536 - default_size, per_set


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    parser.add_argument("--classbench-dir", type=Path, default=REPO.parent / "shared" / "classbench")
    parser.add_argument("--verify", action="store_true",
                        help="also prove each pipeline with the BDD verifier and print its time")
    parser.add_argument("--compare-numbering", action="store_true",
                        help="also print total flows under other class numberings")
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
        r = measure(path, args.verify)
        print(f"{r['set']:10} {r['rules']:6d} {r['tables']:>24} {r['flows']:7d} {r['per_rule']:10.2f} "
              f"{r['acl_per_rule']:8.2f} {r['exact']:10d} {r['bound']:11d} {r['bits']:7d} {r['seconds']:9.2f}"
              + (f"  {r['proof']}" if r["proof"] else ""), flush=True)
    if args.compare_numbering:
        print("\ntotal flows by class numbering (classification tables + ACL table)")
        print(f"{'set':10} {'intervals':>10} {'aclc':>10} {'signatures':>10}")
        for name in args.sets:
            totals = numbering_totals(read_policy(args.classbench_dir / name))
            print(f"{name:10} {totals['intervals']:10d} {totals['aclc']:10d} {totals['signatures']:10d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
