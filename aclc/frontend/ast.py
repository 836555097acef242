"""The syntax tree of an aclc source file, as :mod:`aclc.frontend.parse` builds it.

Nodes are frozen dataclasses that keep what was written (names are still
names, negations are still negations) and where it was written: every node
has a ``pos``. :mod:`aclc.frontend.resolve` and :mod:`aclc.frontend.normalize` give them a
meaning.
"""

from __future__ import annotations

from ..errors import SourcePos
from ..fastinit import frozen_record
from ..policy import Prefix


def node(cls):
    """A syntax node: a frozen dataclass, with a faster ``__init__`` (a large ACL has many) and
    made without compiling five more functions per class (fastinit.frozen_record)."""
    return frozen_record(cls)


# ---------------------------------------------------------------- addresses


@node
class AnyAddr:
    family: int | None  # None: any address of either family; 4 or 6: any4 / any6
    pos: SourcePos


@node
class AddrLiteral:
    prefix: Prefix
    pos: SourcePos

    @property
    def family(self) -> int:
        return 4 if self.prefix.width == 32 else 6


@node
class NameRef:
    name: str
    pos: SourcePos


@node
class Negated:
    item: "AddrItem"
    pos: SourcePos
    depth: int = 1


@node
class Group:
    items: tuple["AddrItem", ...]
    pos: SourcePos
    depth: int = 1  # nesting depth of groups and negations, bounded by the parser


AddrItem = AnyAddr | AddrLiteral | NameRef | Negated | Group

# ---------------------------------------------------------------- ports


@node
class PortItem:
    """``80``, ``80-90``, ``>= 1024``, ``!= 80``, ``!80``, ``!1000-2000``.

    ``op`` is one of ``==`` (with ``hi`` for a range), ``>=``, ``>``, ``<=``,
    ``<``; ``negated`` is set for ``!=`` and ``!``. Bounds are checked by
    normalize, which knows the position.
    """

    op: str
    lo: int
    hi: int | None
    negated: bool
    pos: SourcePos


@node
class PortName:
    """A well-known port name (``http``) or a service whose protocol matches."""

    name: str
    negated: bool
    pos: SourcePos


PortSpec = PortItem | PortName

# ---------------------------------------------------------------- protocols and services


@node
class Protocol:
    name: str | None  # as written ("tcp"), or None for a number
    number: int
    pos: SourcePos


@node
class IcmpType:
    value: str | int  # a name ("echo-request") or a number
    pos: SourcePos


@node
class IcmpCode:
    value: int
    pos: SourcePos


@node
class ServiceProto:
    """One protocol of a service: ``tcp``, ``tcp 80``, ``tcp {80, 443}``, ``icmp type echo``."""

    protocol: Protocol
    ports: tuple[PortSpec, ...] | None
    icmp_type: IcmpType | None
    icmp_code: IcmpCode | None
    pos: SourcePos


@node
class ServiceRef:
    name: str
    pos: SourcePos


ServiceItem = ServiceProto | ServiceRef

# ---------------------------------------------------------------- rules


@node
class Side:
    """``from ADDRS [port PORTS]`` or ``to ADDRS [port PORTS]``."""

    addresses: tuple[AddrItem, ...]
    ports: tuple[PortSpec, ...] | None
    pos: SourcePos
    ports_pos: SourcePos | None = None


@node
class IpMatch:
    family: str | None  # "ip", "ipv4", "ipv6" or None
    protocol: Protocol | None
    src: Side | None
    dst: Side | None
    pos: SourcePos


@node
class ServiceMatch:
    names: tuple[ServiceRef, ...]
    src: Side | None
    dst: Side | None
    pos: SourcePos


@node
class ArpMatch:
    src: Side | None
    dst: Side | None
    pos: SourcePos


@node
class EthertypeMatch:
    value: int
    pos: SourcePos


@node
class AllMatch:
    pos: SourcePos


Match = IpMatch | ServiceMatch | ArpMatch | EthertypeMatch | AllMatch


@node
class Unsupported:
    word: str
    pos: SourcePos


@node
class StateItem:
    """One word of a ``state`` or ``flags`` option: ``established``, ``!ack``."""

    name: str
    negated: bool
    pos: SourcePos


@node
class StateOption:
    """``state new, established``: connection states (normalize checks the names)."""

    items: tuple[StateItem, ...]
    pos: SourcePos


@node
class FlagsOption:
    """``flags syn, !ack``: TCP flags that must be set, or clear when negated."""

    items: tuple[StateItem, ...]
    pos: SourcePos


@node
class EstablishedOption:
    """``established``: a TCP packet with ACK or RST set (Cisco IOS)."""

    pos: SourcePos


@node
class RuleStmt:
    action: str  # "permit" | "deny"
    match: Match
    pos: SourcePos
    icmp_type: IcmpType | None = None
    icmp_code: IcmpCode | None = None
    in_ports: tuple[tuple[int, SourcePos], ...] | None = None
    log: bool = False
    name: str | None = None
    unsupported: tuple[Unsupported, ...] = ()
    # Options written twice (``log log``, two ``name``s): refused by normalize.
    repeated: tuple[Unsupported, ...] = ()
    state: StateOption | None = None
    flags: FlagsOption | None = None
    established: EstablishedOption | None = None

    def __getattr__(self, name: str):
        """Only for a field not yet built: a rule the parser read whole keeps, instead of its
        ``match``, what builds it (``_unbuilt``) and the values normalize needs (``_plain``);
        the match is built on first use (aclc.frontend.parse._rule_reader)."""
        d = self.__dict__
        unbuilt = d.get("_unbuilt")
        if unbuilt is None or name != "match":
            raise AttributeError(f"'RuleStmt' object has no attribute '{name}'")
        match = d.setdefault("match", unbuilt[0](*unbuilt[1:]))
        d.pop("_unbuilt", None)
        return match


@node
class DefaultStmt:
    action: str
    log: bool
    pos: SourcePos


@node
class NonIpStmt:
    action: str
    arp_only: bool
    log: bool
    pos: SourcePos


@node
class RemarkStmt:
    text: str
    pos: SourcePos


AclItem = RuleStmt | DefaultStmt | NonIpStmt | RemarkStmt


@node
class Acl:
    name: str
    items: tuple[AclItem, ...]
    pos: SourcePos


# ---------------------------------------------------------------- top level


@node
class Include:
    path: str
    pos: SourcePos


@node
class DefinitionsRef:
    path: str
    pos: SourcePos


@node
class NetworkDef:
    name: str
    items: tuple[AddrItem, ...]
    pos: SourcePos


@node
class ServiceDef:
    name: str
    items: tuple[ServiceItem, ...]
    pos: SourcePos


Statement = Include | DefinitionsRef | NetworkDef | ServiceDef | Acl


@node
class File:
    filename: str
    statements: tuple[Statement, ...]
