"""iptables chains with connection tracking: import, compile + proof and lint, every step a process.

    python3 -m bench.iptables [--sizes 2000 5000 10000] [--write bench/results.md]

Each chain is made by :func:`iptables_save` (deterministic): an iptables-save filter table whose
FORWARD chain (policy DROP) starts as most firewalls do (accept ESTABLISHED,RELATED, drop
INVALID), then random rules over prefixes of 8 to 32 bits, TCP, UDP and ICMP, single ports,
port ranges and ``-m multiport``, a fifth of them only for NEW connections, ending in ACCEPT,
DROP or REJECT; no rule matches every packet (the chain would end there). Steps:
``aclc import iptables``, ``aclc compile -t ovs -f ofctl --stats`` (the conntrack pipeline and
its proof) and ``aclc lint``; CPU seconds (user + system) and peak RSS of each process, and
lint's time over compile's. Writes its own section of bench/results.md with ``--write``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from .scale import _flows, _rules, _stat, aclc
from .sections import markers, replace_section

DEFAULT_SIZES = (2000, 5000, 10000)
TIMEOUT = 600.0


def iptables_save(rules: int, seed: int = 1) -> str:
    """An iptables-save filter table of ``rules`` random FORWARD rules after the two conntrack ones."""
    rng = random.Random(seed)
    out = ["# bench.iptables.iptables_save", "*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]",
           ":OUTPUT ACCEPT [0:0]",
           "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
           "-A FORWARD -m conntrack --ctstate INVALID -j DROP"]

    def net() -> str:
        length = rng.choice((8, 16, 16, 24, 24, 24, 32))
        address = rng.getrandbits(32) & (((1 << length) - 1) << (32 - length))
        return f"{address >> 24}.{address >> 16 & 255}.{address >> 8 & 255}.{address & 255}/{length}"

    for _ in range(rules):
        parts = ["-A FORWARD"]
        if rng.random() < 0.7:
            parts.append(f"-s {net()}")
        if rng.random() < 0.8 or len(parts) == 1:
            parts.append(f"-d {net()}")
        proto = rng.choice(("tcp", "tcp", "udp", "icmp", None))
        if proto in ("tcp", "udp"):
            parts.append(f"-p {proto} -m {proto}")
            kind = rng.random()
            if kind < 0.5:
                port = rng.choice((22, 25, 53, 80, 443, 8080, 3306, 5432, rng.randint(1, 65535)))
                parts.append(f"--dport {port}")
            elif kind < 0.7:
                low = rng.randint(1024, 60000)
                parts.append(f"--dport {low}:{low + rng.randint(1, 500)}")
            elif kind < 0.85:
                parts.append("-m multiport --dports 80,443,8443")
            if rng.random() < 0.2:
                parts.append("-m conntrack --ctstate NEW")
        elif proto == "icmp":
            parts.append("-p icmp -m icmp --icmp-type 8")
        parts.append("-j " + rng.choice(("ACCEPT", "ACCEPT", "DROP", "REJECT")))
        out.append(" ".join(parts))
    out.append("COMMIT")
    return "\n".join(out) + "\n"


def measure(rules: int, work: Path, timeout: float = TIMEOUT) -> dict:
    source = work / f"chain_{rules}.rules"
    source.write_text(iptables_save(rules))
    acl = work / f"chain_{rules}.acl"
    row: dict = {"rules": rules}
    row["import"] = aclc("import", "iptables", str(source), "-o", str(acl), timeout=timeout)
    if row["import"].status != 0:
        print(f"{rules}: import failed: {row['import'].err.strip()[-300:]}", file=sys.stderr)
        return row
    row["acl_rules"] = _rules(acl)
    flows = work / f"chain_{rules}.flows"
    compile_ = aclc("compile", str(acl), "-t", "ovs", "-f", "ofctl", "--stats", "-o", str(flows), timeout=timeout)
    compile_.extra = {"compile": _stat(compile_.err, "compile"), "flows": _flows(compile_.err),
                      "verify": _stat(compile_.err.replace(", equivalent", ""), "verify"),
                      "proved": "equivalent" in compile_.err}
    row["compile"] = compile_
    row["lint"] = aclc("lint", str(acl), timeout=timeout)
    for path in (source, acl, flows):
        path.unlink(missing_ok=True)
    return row


def _ratio(row: dict) -> str:
    lint, compile_ = row.get("lint"), row.get("compile")
    if not lint or not compile_ or compile_.cpu <= 0:
        return "-"
    return f"{'>' if lint.killed else ''}{lint.cpu / compile_.cpu:.1f}x"


def markdown(rows: list[dict], command: str) -> str:
    begin, end = markers("iptables")
    lines = [
        begin,
        "## iptables chains with connection tracking",
        "",
        f"`{command}` (bench/iptables.py): generated iptables-save chains (`bench.iptables.iptables_save`: "
        "ESTABLISHED,RELATED accepted and INVALID dropped first, then random rules over prefixes, "
        "ports, port ranges and multiport, a fifth for NEW connections only), each step a process: "
        "`aclc import iptables`, `aclc compile -t ovs -f ofctl --stats` (the conntrack pipeline, proved) "
        "and `aclc lint`. CPU seconds (user + system) and peak RSS per process.",
        "",
        "| chain rules | ACL rules | import | compile + proof | flows | proved | lint | lint / compile |",
        "|---:|---:|---|---|---:|---|---|---:|",
    ]
    for r in rows:
        compile_ = r.get("compile")
        extra = compile_.extra if compile_ else {}
        lines.append(
            f"| {r['rules']:,} | {r.get('acl_rules', 0):,} | {r['import'].cell()} | "
            f"{compile_.cell() if compile_ else '-'} | {format(extra['flows'], ',') if extra.get('flows') else '-'} | "
            f"{'yes' if extra.get('proved') else '**no**'} | {r['lint'].cell() if r.get('lint') else '-'} | "
            f"{_ratio(r)} |")
    lines.append(end)
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="per step, seconds")
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="put the section into this file")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="aclc-iptables-") as tmp:
        for size in args.sizes:
            row = measure(size, Path(tmp), args.timeout)
            rows.append(row)
            cells = "; ".join(f"{key} {row[key].cell()} rc={row[key].status}"
                              for key in ("import", "compile", "lint") if key in row)
            print(f"{size} rules: {cells}", flush=True)
    command = "python3 -m bench.iptables" + (f" --sizes {' '.join(map(str, args.sizes))}"
                                              if args.sizes != list(DEFAULT_SIZES) else "")
    text = markdown(rows, command + (f" --write {args.write}" if args.write else ""))
    if args.write:
        replace_section(args.write, "iptables", text)
        print(f"wrote {args.write}")
    else:
        print(text)
    ok = all(r.get("compile") is not None and r["compile"].extra.get("proved") and r["lint"].status in (0, 1)
             for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
