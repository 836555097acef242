"""The normalized Policy: the IR every back end and every analysis starts from.

A Policy is an ordered list of first-match Rules over plain value sets. Names,
includes, negations, services and lists have all been resolved by
:mod:`aclc.frontend.normalize`; a Rule says only *which packets* it matches and *what
it decides*. One source line may give several Rules (one per address family,
one per protocol of a service list); they share the same ``origin``.

Conventions (relied on by lowering, the evaluators and the BDD model):

- ``eth_type`` is 0x0800 (IPv4), 0x86DD (IPv6), 0x0806 (ARP), another
  ethertype, or ``None`` for every frame (only for rules that match no L3 field).
- ``src`` / ``dst`` are canonical prefix sets (see :mod:`aclc.ranges`) of the
  rule's family, ``None`` for "any". For ARP they mean ``arp_spa`` / ``arp_tpa``.
  An empty tuple matches nothing (normalize refuses such rules).
- ``ip_proto`` is ``None`` for "any IP protocol".
- ports only with ip_proto 6, 17 or 132; ICMP type/code only with ip_proto 1
  (IPv4) or 58 (IPv6). ``icmp_code`` implies ``icmp_type``.
- port sets are canonical: sorted, disjoint, non-adjacent inclusive ranges.
- ``ct_state`` (connection states, names of :data:`CT_STATES` in that order) only on IPv4 or
  IPv6 rules; ``None`` for "any state". A packet's state is read from the conntrack bits by
  :func:`connection_state`.
- ``tcp_flags`` only with ip_proto 6: disjoint (value, mask) alternatives over the 12-bit TCP
  flags field (a packet matches when its flags equal ``value`` on ``mask`` for one of them);
  ``None`` for "any flags".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from .errors import SourcePos

ETH_IPV4 = 0x0800
ETH_IPV6 = 0x86DD
ETH_ARP = 0x0806

PROTO_ICMP = 1
PROTO_TCP = 6
PROTO_UDP = 17
PROTO_SCTP = 132
PROTO_ICMPV6 = 58
PORT_PROTOCOLS = frozenset({PROTO_TCP, PROTO_UDP, PROTO_SCTP})
ICMP_PROTOCOLS = frozenset({PROTO_ICMP, PROTO_ICMPV6})

ADDRESS_WIDTH = {ETH_IPV4: 32, ETH_IPV6: 128, ETH_ARP: 32}

# Conntrack state bits as Open vSwitch reports them in ct_state.
CT_NEW, CT_EST, CT_REL, CT_RPL, CT_INV, CT_TRK = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
# The bits conntrack decides for a tracked packet (trk only says it was tracked).
CT_VERDICT_BITS = CT_NEW | CT_EST | CT_REL | CT_RPL | CT_INV
CT_STATES = ("new", "established", "related", "invalid")


def connection_state(bits: int) -> str:
    """The connection state of a tracked packet from its conntrack bits.

    Invalid wins, then related (an ICMP error or an expected connection, whose first packet
    Open vSwitch marks new and related at once), then established, then new; a packet
    conntrack marked with none of them is invalid.
    """
    if bits & CT_INV:
        return "invalid"
    if bits & CT_REL:
        return "related"
    if bits & CT_EST:
        return "established"
    if bits & CT_NEW:
        return "new"
    return "invalid"


# TCP flag bits as they sit in the TCP header (and in Open vSwitch's 12-bit tcp_flags).
TCP_FLAG_BITS = {"fin": 0x001, "syn": 0x002, "rst": 0x004, "psh": 0x008, "ack": 0x010,
                 "urg": 0x020, "ece": 0x040, "cwr": 0x080, "ns": 0x100}
TCP_FLAGS_WIDTH = 12


class Action(str, Enum):
    PERMIT = "permit"
    DENY = "deny"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


class Prefix(NamedTuple):
    """An address prefix as integers: ``value`` has no bits below ``length``."""

    value: int
    length: int
    width: int  # 32 for IPv4, 128 for IPv6

    def mask(self) -> int:
        return ((1 << self.length) - 1) << (self.width - self.length)

    def contains(self, address: int) -> bool:
        return (address ^ self.value) >> (self.width - self.length) == 0

    def last(self) -> int:
        return self.value | ((1 << (self.width - self.length)) - 1)

    def __str__(self) -> str:
        import ipaddress

        if self.width == 32:
            return f"{ipaddress.IPv4Address(self.value)}/{self.length}"
        return f"{ipaddress.IPv6Address(self.value)}/{self.length}"


class PortRange(NamedTuple):
    """An inclusive range of 16-bit port numbers."""

    lo: int
    hi: int

    def __str__(self) -> str:
        return str(self.lo) if self.lo == self.hi else f"{self.lo}-{self.hi}"


@dataclass(frozen=True)
class Rule:
    index: int  # position in Policy.rules, 0-based
    action: Action
    origin: SourcePos
    eth_type: int | None = ETH_IPV4
    ip_proto: int | None = None
    src: tuple[Prefix, ...] | None = None
    dst: tuple[Prefix, ...] | None = None
    src_ports: tuple[PortRange, ...] | None = None
    dst_ports: tuple[PortRange, ...] | None = None
    icmp_type: int | None = None
    icmp_code: int | None = None
    in_ports: tuple[int, ...] | None = None
    log: bool = False
    name: str | None = None
    remark: str | None = None
    ct_state: tuple[str, ...] | None = None
    tcp_flags: tuple[tuple[int, int], ...] | None = None

    @property
    def family_width(self) -> int | None:
        return ADDRESS_WIDTH.get(self.eth_type) if self.eth_type is not None else None


@dataclass(frozen=True)
class Policy:
    """One ACL: ordered first-match rules, then the default for every other frame."""

    name: str
    rules: tuple[Rule, ...]
    default_action: Action = Action.DENY
    default_log: bool = False
    default_origin: SourcePos = field(default_factory=lambda: SourcePos("<default>", 0))

    @property
    def tracks_connections(self) -> bool:
        """Whether some rule matches a connection state (the policy needs conntrack)."""
        return any(rule.ct_state is not None for rule in self.rules)

    @property
    def matches_tcp_flags(self) -> bool:
        return any(rule.tcp_flags is not None for rule in self.rules)

    def origin_of(self, rule_index: int | None) -> SourcePos:
        """Where a rule (or, for ``None``, the default) comes from."""
        if rule_index is None:
            return self.default_origin
        return self.rules[rule_index].origin
