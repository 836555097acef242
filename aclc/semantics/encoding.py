"""Header bits as BDD variables, and cached BDDs for field values, prefixes and ranges.

One :class:`Space` owns one ``dd.cudd`` manager. Every analysis (verify, lint,
diff, optimize) builds the meaning of a Policy and of a Pipeline in the same
Space so their BDDs can be compared directly.

Variable order is chosen on purpose: the fields that split a rule set into few
classes (ethertype, protocol, in_port, metadata, ports, ICMP) come before the
addresses, and every field is ordered most significant bit first so a prefix is
a single path. On ClassBench this order keeps the ACL BDDs small; ordering the
addresses first blows up on firewall-style sets.

Connection state: ``ct_state`` holds what conntrack says about an IP packet
once it is tracked (the packet model's ``ct_state``); whether the packet has been
tracked yet is not a header bit but a stage of the pipeline (see
:mod:`.pipeline`).

Addresses: ``src`` and ``dst`` are 128-bit fields. IPv6 uses all of them; IPv4
and ARP use the low 32 bits. The high 96 bits of an IPv4 or ARP frame are never
looked at by any match (every address match is guarded by its ethertype), so
sharing them is exact.
"""

from __future__ import annotations

from functools import cached_property, reduce
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # dd (and the networkx it loads) is imported with the first manager
    from dd import cudd

from ..policy import ETH_ARP, ETH_IPV4, ETH_IPV6, PROTO_ICMP, PROTO_ICMPV6
from ..ranges import range_to_prefixes

# (field, width) in BDD variable order, most significant bit first within a field.
FIELDS = (
    ("eth_type", 16),
    ("ip_proto", 8),
    ("in_port", 32),
    ("metadata", 64),
    ("dst_port", 16),
    ("src_port", 16),
    ("icmp_type", 8),
    ("icmp_code", 8),
    # Stateful policies only: the conntrack verdict bits of a tracked IP packet (new, est, rel,
    # rpl, inv at Open vSwitch's ct_state positions) and the 12-bit TCP flags.
    ("ct_state", 5),
    ("tcp_flags", 12),
    ("src", 128),
    ("dst", 128),
)
WIDTH = dict(FIELDS)


def var_name(field: str, bit: int) -> str:
    """Variable for bit ``bit`` of ``field``, where bit 0 is the least significant."""
    return f"{field}{bit}"


class Space:
    """A BDD manager over packet header bits, with per-field caches.

    The manager is made on first use: a proof that needs no BDD (see
    :mod:`.products`) does not pay for declaring the variables.
    """

    def __init__(self, order: tuple[str, ...] | None = None) -> None:
        self._fields = FIELDS if order is None else tuple((f, WIDTH[f]) for f in order)
        self._cube_cache: dict = {}
        self._range_cache: dict = {}
        self._eq_cache: dict = {}
        self.metadata_vars = tuple(var_name("metadata", b) for b in range(64))

    @cached_property
    def bdd(self) -> cudd.BDD:
        from dd import cudd

        bdd = cudd.BDD()
        # Dynamic reordering makes run times unpredictable; the static order above is enough.
        bdd.configure(reordering=False)
        bdd.declare(*[var_name(f, bit) for f, w in self._fields for bit in reversed(range(w))])
        return bdd

    @cached_property
    def true(self) -> cudd.Function:
        return self.bdd.true

    @cached_property
    def false(self) -> cudd.Function:
        return self.bdd.false

    @cached_property
    def is_ipv4(self) -> cudd.Function:
        return self.eq("eth_type", ETH_IPV4)

    @cached_property
    def is_ipv6(self) -> cudd.Function:
        return self.eq("eth_type", ETH_IPV6)

    @cached_property
    def is_arp(self) -> cudd.Function:
        return self.eq("eth_type", ETH_ARP)

    @cached_property
    def is_ip(self) -> cudd.Function:
        return self.is_ipv4 | self.is_ipv6

    # ------------------------------------------------------------ field values

    def masked(self, field: str, value: int, mask: int, width: int | None = None) -> cudd.Function:
        """Packets whose ``field`` (its low ``width`` bits) equals ``value`` on ``mask``."""
        width = WIDTH[field] if width is None else width
        key = (field, value, mask, width)
        found = self._cube_cache.get(key)
        if found is None:
            assignment = {
                var_name(field, bit): bool((value >> bit) & 1)
                for bit in range(width)
                if (mask >> bit) & 1
            }
            found = self.bdd.cube(assignment) if assignment else self.true
            self._cube_cache[key] = found
        return found

    def eq(self, field: str, value: int, width: int | None = None) -> cudd.Function:
        width = WIDTH[field] if width is None else width
        return self.masked(field, value, (1 << width) - 1, width)

    def prefix(self, field: str, value: int, length: int, width: int) -> cudd.Function:
        """An address prefix of a ``width``-bit family (32 for IPv4/ARP, 128 for IPv6)."""
        mask = ((1 << length) - 1) << (width - length)
        return self.masked(field, value & mask, mask, width)

    def range(self, field: str, lo: int, hi: int) -> cudd.Function:
        """``lo <= field <= hi`` (inclusive), as the union of its minimal prefix cover."""
        key = (field, lo, hi)
        found = self._range_cache.get(key)
        if found is None:
            width = WIDTH[field]
            if lo == 0 and hi == (1 << width) - 1:
                found = self.true
            else:
                found = disjunction(
                    self,
                    [self.prefix(field, v, length, width) for v, length in range_to_prefixes(lo, hi, width)],
                )
            self._range_cache[key] = found
        return found

    # ------------------------------------------------------------ presence guards

    def has_ports(self, proto: int) -> cudd.Function:
        return self.is_ip & self.eq("ip_proto", proto)

    def has_icmp(self, family: int) -> cudd.Function:
        if family == ETH_IPV6:
            return self.is_ipv6 & self.eq("ip_proto", PROTO_ICMPV6)
        return self.is_ipv4 & self.eq("ip_proto", PROTO_ICMP)

    # ------------------------------------------------------------ helpers

    def set_metadata(self, u: cudd.Function, value: int, mask: int) -> cudd.Function:
        """``u`` as seen before a write_metadata(value, mask): the written bits become constants."""
        if not mask:
            return u
        assignment = {var_name("metadata", b): bool((value >> b) & 1) for b in range(64) if (mask >> b) & 1}
        return self.bdd.let(assignment, u)

    def node_count(self) -> int:
        return len(self.bdd) if "bdd" in self.__dict__ else 0


def disjunction(space: Space, items) -> cudd.Function:
    """OR of many BDDs, combined as a balanced tree (much cheaper than a left fold)."""
    items = list(items)
    if not items:
        return space.false
    while len(items) > 1:
        paired = [items[i] | items[i + 1] for i in range(0, len(items) - 1, 2)]
        if len(items) % 2:
            paired.append(items[-1])
        items = paired
    return items[0]


def conjunction(space: Space, items) -> cudd.Function:
    return reduce(lambda a, b: a & b, items, space.true)
