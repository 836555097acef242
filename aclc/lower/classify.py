"""Port classification for the multi-table strategy.

Lagopus matches TCP/UDP/SCTP ports only exactly (docs: lagopus.md, fact 1), so a
port range cannot be matched with masks. Instead, one classification table per
port field maps every port value to a *class id*, and the ACL table matches
class ids in metadata, where masks work.

Classes are computed per group: one (eth_type, ip_proto) pair and one port field
("src" or "dst"), from the rules of that group that restrict that field. A
packet has one protocol, so the groups' ids can share the same metadata bits.

Numbering. The port line is cut into *atoms* (elementary intervals: every rule
range starts and ends on an atom edge). Ports whose atoms are covered by exactly
the same rules form one *signature class*; the largest signature class becomes
the wildcard default of the classification table, so that table needs exactly
``65536 - size(largest class)`` exact flows, the least any exact-port encoding
needs. The other atoms keep one id each, numbered in port order, and the merged
classes (the default, and the atoms no rule covers) take the id of their first
atom. Then every rule range still maps to one contiguous id run (see
:meth:`PortClasses.id_runs`), which prefix-expands over a few metadata bits.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..policy import PORT_PROTOCOLS, PortRange, Policy, Rule
from ..ranges import range_to_prefixes

PORT_SPACE = 1 << 16
PORT_FIELDS = ("src", "dst")

# OXM field of a port, per protocol and side.
PORT_OXM = {
    (6, "src"): "tcp_src", (6, "dst"): "tcp_dst",
    (17, "src"): "udp_src", (17, "dst"): "udp_dst",
    (132, "src"): "sctp_src", (132, "dst"): "sctp_dst",
}

GroupKey = tuple[int, int]  # (eth_type, ip_proto)


def rule_ports(rule: Rule, side: str) -> tuple[PortRange, ...] | None:
    """The port set a rule restricts on one side, or None when it does not restrict it."""
    ports = rule.src_ports if side == "src" else rule.dst_ports
    if ports is None or rule.ip_proto not in PORT_PROTOCOLS:
        return None
    if len(ports) == 1 and ports[0].lo == 0 and ports[0].hi == PORT_SPACE - 1:
        return None
    return ports


@dataclass(frozen=True)
class PortClasses:
    """The classes of one port field within one (eth_type, ip_proto) group."""

    side: str
    eth_type: int
    ip_proto: int
    starts: tuple[int, ...]  # first port of each atom; starts[0] == 0
    atom_ids: tuple[int, ...]  # class id of each atom
    ids_before: tuple[int, ...]  # ids assigned before atom k (len = atoms + 1)
    count: int  # number of class ids
    default_id: int
    default_size: int  # ports in the default (largest) class

    @property
    def oxm(self) -> str:
        return PORT_OXM[(self.ip_proto, self.side)]

    @property
    def bits(self) -> int:
        return max(1, (self.count - 1).bit_length())

    @property
    def exact_flow_count(self) -> int:
        return PORT_SPACE - self.default_size

    def exact_ports(self) -> Iterator[tuple[int, int]]:
        """(port, class id) for every port outside the default class, in port order."""
        ends = self.starts[1:] + (PORT_SPACE,)
        for lo, hi, class_id in zip(self.starts, ends, self.atom_ids):
            if class_id != self.default_id:
                for port in range(lo, hi):
                    yield port, class_id

    def masked_port_runs(self) -> list[tuple[int, int, int]]:
        """(first port, last port, class id) of the maximal runs of ports outside the
        default class that share one id, in port order."""
        ends = self.starts[1:] + (PORT_SPACE,)
        runs: list[list[int]] = []
        for lo, end, class_id in zip(self.starts, ends, self.atom_ids):
            if class_id == self.default_id:
                continue
            if runs and runs[-1][1] == lo - 1 and runs[-1][2] == class_id:
                runs[-1][1] = end - 1
            else:
                runs.append([lo, end - 1, class_id])
        return [(lo, hi, class_id) for lo, hi, class_id in runs]

    def masked_ports(self) -> Iterator[tuple[int, int, int]]:
        """(port value, 16-bit mask, class id): prefix covers of every port outside the
        default class (mask 0xFFFF is one exact port), for switches that honour port masks.
        The prefixes are disjoint, so their order does not matter; they are in port order."""
        for lo, hi, class_id in self.masked_port_runs():
            for value, length in range_to_prefixes(lo, hi, 16):
                yield value, (0xFFFF << (16 - length)) & 0xFFFF, class_id

    @property
    def masked_flow_count(self) -> int:
        return sum(len(range_to_prefixes(lo, hi, 16)) for lo, hi, _ in self.masked_port_runs())

    def class_of(self, port: int) -> int:
        return self.atom_ids[bisect_right(self.starts, port) - 1]

    def id_runs(self, ports: Iterable[PortRange]) -> list[tuple[int, int]]:
        """The class ids of a rule's port set, as sorted disjoint inclusive runs.

        A range covering atoms i..j gets exactly the ids first assigned within
        i..j: a merged class is covered by a rule either wholly (then the rule
        also covers its first atom, in one of its ranges) or not at all.
        """
        runs = []
        for r in ports:
            i = bisect_right(self.starts, r.lo) - 1
            j = bisect_right(self.starts, r.hi) - 1
            first, last = self.ids_before[i], self.ids_before[j + 1] - 1
            if first <= last:
                runs.append((first, last))
        runs.sort()
        merged: list[list[int]] = []
        for lo, hi in runs:
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        return [(lo, hi) for lo, hi in merged]

    def id_prefixes(self, ports: Iterable[PortRange]) -> list[tuple[int, int]] | None:
        """A rule's class ids as (value, prefix length) over ``bits``; None = every id.

        Ids from ``count`` up to the top of the bit field are never written, so a run
        that ends at the last id may be widened to the top (fewer prefixes).
        """
        top = (1 << self.bits) - 1
        out: list[tuple[int, int]] = []
        for lo, hi in self.id_runs(ports):
            if hi == self.count - 1:
                hi = top
            if lo == 0 and hi == top:
                return None
            out.extend(range_to_prefixes(lo, hi, self.bits))
        return out


def port_groups(policy: Policy) -> dict[tuple[str, GroupKey], list[tuple[PortRange, ...]]]:
    """The port sets that rules restrict, per (side, (eth_type, ip_proto)), in rule order."""
    groups: dict[tuple[str, GroupKey], list[tuple[PortRange, ...]]] = {}
    for rule in policy.rules:
        for side in PORT_FIELDS:
            ports = rule_ports(rule, side)
            if ports is not None:
                groups.setdefault((side, (rule.eth_type, rule.ip_proto)), []).append(ports)
    return groups


def classify_ports(side: str, group: GroupKey, port_sets: list[tuple[PortRange, ...]]) -> PortClasses:
    """Classes for one group's port field, from the port sets of the rules restricting it."""
    edges = {0}
    for ports in port_sets:
        for r in ports:
            edges.add(r.lo)
            if r.hi + 1 < PORT_SPACE:
                edges.add(r.hi + 1)
    starts = sorted(edges)
    index = {port: k for k, port in enumerate(starts)}
    n = len(starts)

    # Signature of an atom = the set of rules covering it, hashed: each rule toggles a
    # random 128-bit key at its range edges, and a prefix XOR gives every atom the XOR of
    # the keys of the rules covering it. Only the largest class is merged through the hash,
    # and it is then checked exactly (_is_pure), so a collision can never merge wrongly.
    keys = random.Random(0x5EED)
    toggle = [0] * (n + 1)
    depth_delta = [0] * (n + 1)
    for ports in port_sets:
        key = keys.getrandbits(128)
        for r in ports:
            i, j = index[r.lo], index.get(r.hi + 1, n)
            toggle[i] ^= key
            toggle[j] ^= key
            depth_delta[i] += 1
            depth_delta[j] -= 1
    sizes: dict[int, int] = {}
    first_atom: dict[int, int] = {}
    signature = [0] * n
    uncovered = [False] * n
    sig = depth = 0
    for k in range(n):
        sig ^= toggle[k]
        depth += depth_delta[k]
        signature[k] = sig
        uncovered[k] = depth == 0
        size = (starts[k + 1] if k + 1 < n else PORT_SPACE) - starts[k]
        sizes[sig] = sizes.get(sig, 0) + size
        first_atom.setdefault(sig, k)

    # Largest class; ties go to the class that starts lowest, so output is deterministic.
    default_sig = max(sizes, key=lambda s: (sizes[s], -first_atom[s]))
    default_atoms = [signature[k] == default_sig for k in range(n)]
    if not _is_pure(default_atoms, starts, index, port_sets):
        # Never seen in practice (a 128-bit hash collision): fall back to the largest atom.
        widths = [(starts[k + 1] if k + 1 < n else PORT_SPACE) - starts[k] for k in range(n)]
        big = max(range(n), key=lambda k: widths[k])
        default_atoms = [k == big for k in range(n)]
    default_size = sum(
        (starts[k + 1] if k + 1 < n else PORT_SPACE) - starts[k] for k in range(n) if default_atoms[k]
    )

    # Number atoms in port order; the default class and the uncovered atoms (never in any
    # rule, so their position breaks no run) each share one id, that of their first atom.
    atom_ids = [0] * n
    ids_before = [0] * (n + 1)
    next_id = 0
    default_id = uncovered_id = None
    for k in range(n):
        ids_before[k] = next_id
        if default_atoms[k]:
            if default_id is None:
                default_id, next_id = next_id, next_id + 1
            atom_ids[k] = default_id
        elif uncovered[k]:
            if uncovered_id is None:
                uncovered_id, next_id = next_id, next_id + 1
            atom_ids[k] = uncovered_id
        else:
            atom_ids[k], next_id = next_id, next_id + 1
    ids_before[n] = next_id
    return PortClasses(
        side=side, eth_type=group[0], ip_proto=group[1], starts=tuple(starts),
        atom_ids=tuple(atom_ids), ids_before=tuple(ids_before), count=next_id,
        default_id=default_id, default_size=default_size,
    )


def _is_pure(members: list[bool], starts, index, port_sets) -> bool:
    """Whether every rule covers either all atoms of ``members`` or none of them."""
    n = len(starts)
    before = [0] * (n + 1)
    for k in range(n):
        before[k + 1] = before[k] + members[k]
    total = before[n]
    for ports in port_sets:
        covered = sum(before[index.get(r.hi + 1, n)] - before[index[r.lo]] for r in ports)
        if covered not in (0, total):
            return False
    return True


def distinct_port_groups(policy: Policy) -> dict[tuple[str, GroupKey], list[tuple[PortRange, ...]]]:
    """:func:`port_groups` with each port set once, in order of first use. Rules repeat a
    few port sets (thousands of rules, tens of sets on ClassBench), and the classes only
    depend on which sets cover a port: ports covered by the same rules are covered by
    the same distinct sets, and the other way round."""
    groups: dict[tuple[str, GroupKey], dict] = {}
    full = (PortRange(0, PORT_SPACE - 1),)
    for rule in policy.rules:
        if rule.ip_proto not in PORT_PROTOCOLS:
            continue
        for side, ports in (("src", rule.src_ports), ("dst", rule.dst_ports)):
            if ports is not None and ports != full:  # as rule_ports
                group = groups.get((side, (rule.eth_type, rule.ip_proto)))
                if group is None:
                    group = groups[(side, (rule.eth_type, rule.ip_proto))] = {}
                group[ports] = None
    return {key: list(sets) for key, sets in groups.items()}


def classify_policy(policy: Policy) -> dict[tuple[str, GroupKey], PortClasses]:
    """Port classes for every (side, group) that some rule restricts, in a stable order."""
    groups = distinct_port_groups(policy)
    return {
        key: classify_ports(key[0], key[1], sets)
        for key, sets in sorted(groups.items(), key=lambda item: (item[0][0] != "src", item[0][1]))
    }


def exact_port_lower_bound(policy: Policy) -> int:
    """The least exact-port flows any Lagopus-safe encoding of ``policy`` needs.

    Per port field of every (eth_type, ip_proto) group: 65536 minus the size of its
    largest signature class (that class can be the wildcard default; every other port
    value needs a flow of its own, as masks on ports are ignored).
    """
    return sum(c.exact_flow_count for c in classify_policy(policy).values())
