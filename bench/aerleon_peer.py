"""Aerleon, the best-known ACL generator, on the same ClassBench rules.

Each ClassBench rule becomes an Aerleon term whose addresses and ports are
naming definitions (as an operator would write them), in Aerleon's YAML
policy and definitions formats. Timed: parsing the definitions and the
policy text and generating a Cisco extended ACL, the same work aclc does
from its own source text.

Rule i is ``accept`` when i is even and ``deny`` when odd, then a default
deny, exactly like ``aclc.importers.classbench_format.read_classbench(actions="alternate")``.
"""

from __future__ import annotations

import time
from pathlib import Path

PROTOCOL_NAMES = {1: "icmp", 6: "tcp", 17: "udp", 47: "gre", 50: "esp", 51: "ah", 132: "sctp"}


def _read(path: Path, limit: int | None):
    rules = []
    with open(path) as handle:
        for line in handle:
            fields = line.lstrip("@").rstrip("\t\n").split("\t")
            if len(fields) < 5:
                continue
            sport = tuple(int(x) for x in fields[2].split(":"))
            dport = tuple(int(x) for x in fields[3].split(":"))
            value, mask = (int(x, 16) for x in fields[4].split("/"))
            rules.append((fields[0], fields[1], sport, dport, value if mask else None))
            if limit and len(rules) >= limit:
                break
    return rules


def aerleon_sources(path: Path, limit: int | None = None) -> tuple[str, str, int]:
    """(policy YAML, definitions YAML, rule count) for a ClassBench file."""
    import yaml

    networks, services, terms = {}, {}, []
    rules = _read(path, limit)
    for i, (src, dst, sport, dport, proto) in enumerate(rules):
        term = {"name": f"r{i}", "action": "accept" if i % 2 == 0 else "deny"}
        if src != "0.0.0.0/0":
            networks[f"S{i}"] = {"values": [{"address": src}]}
            term["source-address"] = f"S{i}"
        if dst != "0.0.0.0/0":
            networks[f"D{i}"] = {"values": [{"address": dst}]}
            term["destination-address"] = f"D{i}"
        if proto is not None:
            term["protocol"] = PROTOCOL_NAMES.get(proto, str(proto))
        for key, (lo, hi), tag in (("source-port", sport, "SP"), ("destination-port", dport, "DP")):
            if (lo, hi) != (0, 65535):
                port = str(lo) if lo == hi else f"{lo}-{hi}"
                services[f"{tag}{i}"] = [{"port": port, "protocol": PROTOCOL_NAMES[proto]}]
                term[key] = f"{tag}{i}"
        terms.append(term)
    terms.append({"name": "default-deny", "action": "deny"})
    policy = {"filters": [{"header": {"targets": {"cisco": "classbench extended"}}, "terms": terms}]}
    definitions = {"networks": networks, "services": services}
    return yaml.safe_dump(policy, sort_keys=False), yaml.safe_dump(definitions, sort_keys=False), len(rules)


def time_aerleon(policy_yaml: str, definitions_yaml: str) -> tuple[float, int]:
    """Seconds to parse and generate, and the number of ACL lines produced."""
    import logging

    import yaml
    from aerleon.lib import cisco, naming
    from aerleon.lib import yaml as aerleon_yaml

    logging.getLogger().setLevel(logging.ERROR)
    start = time.perf_counter()
    definitions = naming.Naming()
    definitions.ParseDefinitionsObject(yaml.safe_load(definitions_yaml), "definitions")
    policy = aerleon_yaml.ParsePolicy(policy_yaml, filename="classbench.yaml", definitions=definitions)
    output = str(cisco.Cisco(policy, 2))
    seconds = time.perf_counter() - start
    return seconds, sum(1 for line in output.splitlines() if line.startswith((" permit", " deny")))


def aerleon_available() -> bool:
    try:
        import aerleon  # noqa: F401
    except ImportError:
        return False
    return True
