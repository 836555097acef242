"""The compiled Pipeline: OpenFlow 1.3 tables of flow entries.

Produced by :mod:`aclc.lower`, spelled by :mod:`aclc.emit`, installed by
:mod:`aclc.push`, and given a meaning by :mod:`aclc.evaluate` and
:mod:`aclc.semantics`. Field names are OpenFlow OXM names as os-ken spells
them (``ipv4_src``, ``tcp_dst``, ``metadata`` ...).

Cookies identify the source of every flow so switch counters map back to ACL
lines::

    bits 63..48  0xAC1C          marks a flow aclc installed
    bits 47..32  generation      set by ``aclc push`` (0 in compiled output)
    bits 31..0   rule index + 1  0 for flows that belong to no single rule
                                 (defaults, classification, dispatch)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .fastinit import fast_init, frozen_record
from .policy import Policy
from .profiles import OXM_NUMBER_ORDER, Profile, get_profile

COOKIE_MAGIC = 0xAC1C
COOKIE_RULE_MASK = 0xFFFFFFFF
COOKIE_MAGIC_MASK = 0xFFFF << 48


def make_cookie(rule_index: int | None, generation: int = 0) -> int:
    rule_bits = 0 if rule_index is None else rule_index + 1
    return (COOKIE_MAGIC << 48) | ((generation & 0xFFFF) << 32) | rule_bits


def cookie_rule(cookie: int) -> int | None:
    """The policy rule index a cookie names, or None for a default/infrastructure flow."""
    bits = cookie & COOKIE_RULE_MASK
    return None if bits == 0 else bits - 1


def cookie_generation(cookie: int) -> int:
    return (cookie >> 32) & 0xFFFF


# Canonical OXM order (the order of OXM field numbers in OpenFlow 1.3), then the Open vSwitch
# extensions (NXM fields) that only stateful policies on ovs use.
FIELD_ORDER = OXM_NUMBER_ORDER + ("ct_state", "tcp_flags")
FIELD_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}

FIELD_WIDTH = {
    "in_port": 32, "metadata": 64, "eth_type": 16, "ip_proto": 8,
    "ipv4_src": 32, "ipv4_dst": 32, "ipv6_src": 128, "ipv6_dst": 128,
    "arp_op": 16, "arp_spa": 32, "arp_tpa": 32,
    "tcp_src": 16, "tcp_dst": 16, "udp_src": 16, "udp_dst": 16,
    "sctp_src": 16, "sctp_dst": 16,
    "icmpv4_type": 8, "icmpv4_code": 8, "icmpv6_type": 8, "icmpv6_code": 8,
    "ct_state": 32, "tcp_flags": 12,
}


@fast_init  # a 10k-rule table builds tens of thousands of these
@dataclass(frozen=True, order=True)
class FieldMatch:
    """One OXM match: ``mask`` is None for an exact (full-width) match.

    A present mask is canonical: not all ones, and ``value`` has no bits outside it.
    """

    field: str
    value: int
    mask: int | None = None

    def matches(self, packet_value: int) -> bool:
        if self.mask is None:
            return packet_value == self.value
        return packet_value & self.mask == self.value


def sort_match(fields) -> tuple[FieldMatch, ...]:
    return tuple(sorted(fields, key=lambda f: FIELD_RANK[f.field]))


# Reserved OpenFlow ports that aclc may output to.
PORT_NAMES = {
    "IN_PORT": 0xFFFFFFF8, "NORMAL": 0xFFFFFFFA, "FLOOD": 0xFFFFFFFB,
    "ALL": 0xFFFFFFFC, "CONTROLLER": 0xFFFFFFFD, "LOCAL": 0xFFFFFFFE,
}
PORT_NUMBERS = {v: k for k, v in PORT_NAMES.items()}
CONTROLLER_MAX_LEN = 0xFFFF  # OFPCML_NO_BUFFER: send the whole packet


@dataclass(frozen=True, order=True)
class Output:
    port: int  # a switch port number or one of PORT_NAMES' values
    max_len: int = 0  # only meaningful for CONTROLLER

    @property
    def port_name(self) -> str:
        return PORT_NUMBERS.get(self.port, str(self.port))


@dataclass(frozen=True, order=True)
class Conntrack:
    """Open vSwitch's ``ct`` action (a Nicira extension): send the packet through connection
    tracking. ``table``: the packet is recirculated into that table with its ct_state set
    (any table, also the current one); None: processing goes on with the next action.
    ``commit``: the connection is recorded, so that later packets of it are established."""

    commit: bool = False
    table: int | None = None
    zone: int = 0


@frozen_record
class ApplyActions:
    actions: tuple[Output | Conntrack, ...]


@frozen_record
class WriteMetadata:
    value: int
    mask: int


@frozen_record
class GotoTable:
    table_id: int


Instruction = Union[ApplyActions, WriteMetadata, GotoTable]


@fast_init
@dataclass(frozen=True)
class FlowEntry:
    table_id: int
    priority: int
    match: tuple[FieldMatch, ...]
    instructions: tuple[Instruction, ...]  # empty = drop
    cookie: int
    # What this flow is for: "rule" (decides for a rule), "default" (the ACL's default),
    # "classify" (multi-table classification), "dispatch" (jump into the ACL).
    role: str = "rule"
    # Later rules this flow also stands for: each gave a flow with the same table, priority,
    # match and instructions, kept once under the earliest rule's cookie (lower.unique).
    # Not part of what the switch holds, so not compared.
    also: tuple[int, ...] = field(default=(), compare=False)

    @property
    def rule_index(self) -> int | None:
        return cookie_rule(self.cookie)

    def field(self, name: str) -> FieldMatch | None:
        for f in self.match:
            if f.field == name:
                return f
        return None


@frozen_record
class Table:
    table_id: int
    name: str
    flows: tuple[FlowEntry, ...]


@frozen_record
class Effect:
    """What a pipeline finally does to a packet: the ports it goes to, and the
    table outside the pipeline it continues in (if any). A drop is the empty Effect."""

    outputs: frozenset[Output] = frozenset()
    goto: int | None = None
    # The packet's connection was committed to conntrack on the way (only stateful pipelines).
    commit: bool = False

    @property
    def is_drop(self) -> bool:
        return not self.outputs and self.goto is None


@frozen_record
class Continuation:
    """What ``permit`` does: the instructions a permitted packet gets.

    Parsed from ``goto_table:N``, ``output:PORT``, ``NORMAL`` or ``CONTROLLER``.
    """

    instructions: tuple[Instruction, ...]
    text: str

    def effect(self, log: bool = False) -> Effect:
        outputs = set()
        goto = None
        for ins in self.instructions:
            if isinstance(ins, ApplyActions):
                outputs.update(ins.actions)
            elif isinstance(ins, GotoTable):
                goto = ins.table_id
        if log:
            outputs.add(Output(PORT_NAMES["CONTROLLER"], CONTROLLER_MAX_LEN))
        return Effect(frozenset(outputs), goto)


@dataclass(frozen=True)
class Pipeline:
    tables: tuple[Table, ...]
    entry_table: int
    profile: Profile  # the target switch's profile (a profile name is looked up in PROFILES)
    strategy: str  # "single", "exact" or "multi"
    continuation: Continuation
    policy: Policy = field(compare=False, repr=False)
    # Why compile_policy chose the strategy (flow counts compared), when it chose one.
    strategy_reason: str = field(default="", compare=False, repr=False)

    def __post_init__(self):
        if isinstance(self.profile, str):
            object.__setattr__(self, "profile", get_profile(self.profile))

    @property
    def target(self) -> str:
        """The target profile's name (what emitted files and messages call the switch)."""
        return self.profile.name

    def flows(self):
        for t in self.tables:
            yield from t.flows

    def table(self, table_id: int) -> Table:
        for t in self.tables:
            if t.table_id == table_id:
                return t
        raise KeyError(table_id)

    @property
    def flow_count(self) -> int:
        return sum(len(t.flows) for t in self.tables)

    def owned_table_ids(self) -> tuple[int, ...]:
        return tuple(t.table_id for t in self.tables)
