"""The neutral form every importer produces before rendering aclc source.

An :class:`ImportedAcl` is an ordered first-match list of :class:`ImportedRule`
values over plain value sets (the same conventions as :mod:`aclc.policy`),
plus the network definitions the source named and the notes a reader of the
output should see. :mod:`aclc.importers.render` spells it as aclc source text.

:class:`Match` is a conjunction of field constraints; ``intersect`` is what the
iptables importer needs to inline user chains.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..policy import ETH_IPV4, ETH_IPV6, PortRange, Prefix
from ..ranges import intersect_ranges, intervals_to_prefixes, normalize_ranges, prefix_intervals

WIDTH = {4: 32, 6: 128}
ETH_OF_FAMILY = {4: ETH_IPV4, 6: ETH_IPV6}


@dataclass(frozen=True)
class AddrSet:
    """A canonical prefix set, optionally with the source's name for it."""

    prefixes: tuple[Prefix, ...]
    name: str | None = None
    # How the source wrote it when that reads better than the prefix list ("!host 10.0.0.1").
    display: str | None = None


@dataclass(frozen=True)
class Match:
    """Packets of one IP family with every given field in its set (``None``: any)."""

    family: int  # 4 or 6
    proto: int | None = None
    src: AddrSet | None = None
    dst: AddrSet | None = None
    src_ports: tuple[PortRange, ...] | None = None
    dst_ports: tuple[PortRange, ...] | None = None
    icmp_type: int | None = None
    icmp_code: int | None = None
    in_ports: tuple[int, ...] | None = None
    # Connection states (aclc.policy.CT_STATES names) and TCP flag alternatives (disjoint
    # (value, mask) cubes, as aclc.policy.Rule.tcp_flags); None: any.
    ct_state: frozenset[str] | None = None
    tcp_flags: tuple[tuple[int, int], ...] | None = None

    def intersect(self, other: "Match") -> "Match | None":
        """The conjunction of two matches, or ``None`` when no packet satisfies both."""
        if self.family != other.family:
            return None
        proto = _meet_value(self.proto, other.proto)
        icmp_type = _meet_value(self.icmp_type, other.icmp_type)
        icmp_code = _meet_value(self.icmp_code, other.icmp_code)
        if proto is _EMPTY or icmp_type is _EMPTY or icmp_code is _EMPTY:
            return None
        width = WIDTH[self.family]
        src = _meet_addr(self.src, other.src, width)
        dst = _meet_addr(self.dst, other.dst, width)
        sports = _meet_ports(self.src_ports, other.src_ports)
        dports = _meet_ports(self.dst_ports, other.dst_ports)
        in_ports = _meet_ports_list(self.in_ports, other.in_ports)
        if _EMPTY in (src, dst, sports, dports, in_ports):
            return None
        states = self.ct_state if other.ct_state is None else (
            other.ct_state if self.ct_state is None else self.ct_state & other.ct_state)
        flags = _meet_flags(self.tcp_flags, other.tcp_flags)
        if states is not None and not states or flags == ():
            return None
        return Match(self.family, proto, src, dst, sports, dports, icmp_type, icmp_code, in_ports, states, flags)


    def covers(self, other: "Match") -> bool:
        """Whether every packet ``other`` matches is also matched here."""
        if self.family != other.family:
            return False
        for mine, theirs in ((self.proto, other.proto), (self.icmp_type, other.icmp_type),
                             (self.icmp_code, other.icmp_code)):
            if mine is not None and mine != theirs:
                return False
        for mine, theirs in ((self.src, other.src), (self.dst, other.dst)):
            if mine is not None and (theirs is None or not _ranges_cover(
                    _intervals(mine.prefixes), _intervals(theirs.prefixes))):
                return False
        for mine, theirs in ((self.src_ports, other.src_ports), (self.dst_ports, other.dst_ports)):
            if mine is not None and (theirs is None or not _ranges_cover(mine, theirs)):
                return False
        if self.in_ports is not None and (other.in_ports is None or not set(other.in_ports) <= set(self.in_ports)):
            return False
        if self.ct_state is not None and (other.ct_state is None or not other.ct_state <= self.ct_state):
            return False
        if self.tcp_flags is not None and (other.tcp_flags is None or not all(
                any(_cube_inside(c, mine) for mine in self.tcp_flags) for c in other.tcp_flags)):
            return False
        return True


@lru_cache(maxsize=4096)
def _intervals(prefixes):
    return normalize_ranges(prefix_intervals(prefixes))


def _ranges_cover(outer, inner) -> bool:
    """Canonical range sets: every range of ``inner`` lies inside one range of ``outer``."""
    return all(any(o.lo <= r.lo and r.hi <= o.hi for o in outer) for r in inner)


_EMPTY = object()


def _cube_inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[1] & ~inner[1] == 0 and inner[0] & outer[1] == outer[0]


def _meet_flags(a, b):
    """Both flag alternative sets at once (``()`` when they exclude each other)."""
    if a is None:
        return b
    if b is None:
        return a
    return tuple((va | vb, ma | mb) for va, ma in a for vb, mb in b if (va ^ vb) & ma & mb == 0)


def _meet_value(a, b):
    if a is None:
        return b
    if b is None or a == b:
        return a
    return _EMPTY


def _meet_addr(a: AddrSet | None, b: AddrSet | None, width: int):
    if a is None:
        return b
    if b is None:
        return a
    if a.prefixes == b.prefixes:
        return a
    common = intersect_ranges(normalize_ranges(prefix_intervals(a.prefixes)),
                              normalize_ranges(prefix_intervals(b.prefixes)))
    if not common:
        return _EMPTY
    return AddrSet(intervals_to_prefixes(((r.lo, r.hi) for r in common), width))


def _meet_ports(a, b):
    if a is None:
        return b
    if b is None:
        return a
    common = intersect_ranges(a, b)
    return common if common else _EMPTY


def _meet_ports_list(a, b):
    if a is None:
        return b
    if b is None:
        return a
    common = tuple(sorted(set(a) & set(b)))
    return common if common else _EMPTY


@dataclass(frozen=True)
class ImportedRule:
    action: str  # "permit" or "deny"
    match: Match
    log: bool = False
    # Source line number and text, kept as a comment above the rule.
    line: int = 0
    source: str = ""
    remark: str | None = None
    note: str | None = None  # a short explanation printed with the source comment


@dataclass(frozen=True)
class Skipped:
    """A source line the import cannot decide like the source: left out, or kept without a test.

    The line has a condition aclc cannot express (connection state, TCP flags, an
    interface with no OpenFlow port...). The import assumes an answer for that
    condition: "never holds" (the line is left out, ``kept`` False) or "always
    holds" (the line is written without the test, ``kept`` True). Where the
    source's answer differs, the import errs in one direction, and only on the
    packets of the line's expressible part (``scope``): a left-out deny makes
    the import permit more, a left-out permit makes it deny more.
    """

    line: int
    source: str
    reason: str
    # What the line decides when it matches: "permit", "deny", or None when it does not simply decide
    # (a jump to a user chain, RETURN, a target aclc does not model).
    action: str | None = None
    scope: str = ""  # the expressible part of its match, in aclc words ("" when not known)
    kept: bool = False

    @property
    def errs(self) -> str:
        """Which way the import may err: "permit more", "deny more" or "permit more or deny more"."""
        if self.action is None:
            return "permit more or deny more"
        more = {"permit": "permit more", "deny": "deny more"}
        if self.kept:  # the rule applies even where its untested condition would not hold
            return more[self.action]
        return more["deny" if self.action == "permit" else "permit"]

    def effect(self) -> str:
        """One clause for warnings and comments: the direction and the packets it concerns."""
        scope = f" for packets of: {self.scope}" if self.scope else ""
        if self.kept:
            return f"kept without that test: the import may {self.errs}{scope}"
        return f"the import may {self.errs}{scope}"


@dataclass(frozen=True)
class ImportedAcl:
    name: str
    rules: tuple[ImportedRule, ...]
    default_action: str = "deny"
    default_note: str = ""
    nonip: str = "permit"  # Cisco IP ACLs and iptables never see non-IP frames
    nonip_note: str = ""
    header: tuple[str, ...] = ()  # comment lines at the top of the ACL
    skipped: tuple[Skipped, ...] = ()
    source_name: str = ""  # the ACL's name in the source (may not be a valid aclc name)
    # Skipped lines are listed in the header (chains inlined out of source order) rather than in place.
    skipped_in_header: bool = False
    # Lines that can never match (e.g. an empty port range): exact to leave out; line -> why.
    never: tuple[tuple[int, str, str], ...] = ()  # (line, source text, reason)


@dataclass(frozen=True)
class ImportResult:
    """What an importer hands to the renderer and the round-trip check."""

    acls: tuple[ImportedAcl, ...]
    networks: dict = field(default_factory=dict)  # name -> (AddrSet, comment)
    notes: tuple[str, ...] = ()  # printed on stderr and as comments at the top
    source_file: str = ""
    source_format: str = ""
    skipped: tuple[Skipped, ...] = ()  # skipped lines that belong to no imported ACL

    def only(self, names: set[str]) -> "ImportResult":
        return replace(self, acls=tuple(a for a in self.acls if a.name in names))
