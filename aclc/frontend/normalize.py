"""Resolved syntax to Policies: every rule over plain, canonical value sets.

Each source rule becomes one or more :class:`~aclc.policy.Rule` sharing its
``origin``: one per address family it can match, and one per protocol of a
service list. Address lists become canonical prefix sets (union of the
positive items minus the negated ones), port lists canonical ranges. The
ACL's ``non-ip`` statement becomes ordinary trailing rules, so a Policy is
only rules and a default.

Connection state and TCP flags become the Rule's ``ct_state`` and
``tcp_flags``; whether a target can match them is the target's business
(lowering refuses them where it cannot). Anything aclc cannot compile
(fragments, time ranges...) and anything that can never match is refused with
its position.
"""

from __future__ import annotations

from dataclasses import fields, replace

from . import ast
from ..errors import AclcError, SourcePos
from ..fastinit import constructor, frozen_record
from ..names import ICMP_TYPES, ICMPV6_TYPES, PORTS, protocol_name
from ..policy import (CT_STATES, ETH_ARP, ETH_IPV4, ETH_IPV6, PORT_PROTOCOLS, PROTO_ICMP, PROTO_ICMPV6,
                     PROTO_TCP, TCP_FLAG_BITS, Action, Policy, PortRange, Prefix, Rule)
from ..ranges import canonical_prefixes, complement_ranges, difference_prefixes, normalize_ranges
from .resolve import Resolved

_rule = constructor(Rule)  # one or more per source rule: the plain constructor is a hot spot


def _plain_rule_fast(index, action, origin, part, remark, _new=object.__new__, _cls=Rule):
    """``_rule(index, action, origin, *part, None, False, None, remark)`` (a rule the parser read
    whole: no in-port, log or name, no state or flags), its fields set as _rule sets them."""
    o = _new(_cls)
    d = o.__dict__
    d["index"] = index
    d["action"] = action
    d["origin"] = origin
    (d["eth_type"], d["ip_proto"], d["src"], d["dst"], d["src_ports"], d["dst_ports"], d["icmp_type"],
     d["icmp_code"]) = part
    d["in_ports"] = None
    d["log"] = False
    d["name"] = None
    d["remark"] = remark
    d["ct_state"] = None
    d["tcp_flags"] = None
    return o


def _plain_rule_general(index, action, origin, part, remark):
    return _rule(index, action, origin, *part, None, False, None, remark)


# The fast form only while Rule has exactly these fields and a constructor that only stores them.
_plain_rule = (_plain_rule_fast if _rule is not Rule and [f.name for f in fields(Rule)] == [
    "index", "action", "origin", "eth_type", "ip_proto", "src", "dst", "src_ports", "dst_ports", "icmp_type",
    "icmp_code", "in_ports", "log", "name", "remark", "ct_state", "tcp_flags"] else _plain_rule_general)
_ACTIONS = {action.value: action for action in Action}
_MISSING = object()

FULL = {4: (Prefix(0, 0, 32),), 6: (Prefix(0, 0, 128),)}
WIDTH = {4: 32, 6: 128}
ETH_OF_FAMILY = {4: ETH_IPV4, 6: ETH_IPV6}
FAMILY_WORD = {4: "IPv4", 6: "IPv6"}
MAX_OPENFLOW_PORT = 0xFFFFFF00  # OFPP_MAX

# Why each option aclc cannot compile is refused rather than dropped.
_UNSUPPORTED_REASONS = {
    "reflect": "needs connection tracking, which OpenFlow 1.3 cannot match",
    "evaluate": "needs connection tracking, which OpenFlow 1.3 cannot match",
    "fragments": "OpenFlow 1.3 cannot match IP fragments",
    "time-range": "a flow table has no clock; time ranges cannot be compiled",
    "ttl": "OpenFlow 1.3 cannot match the IP TTL / hop limit",
    "tos": "aclc does not compile ToS/DSCP matches (Lagopus matches them exactly only)",
    "dscp": "aclc does not compile ToS/DSCP matches (Lagopus matches them exactly only)",
    "precedence": "aclc does not compile ToS/DSCP matches (Lagopus matches them exactly only)",
}


@frozen_record
class AddressSet:
    """Addresses per family: a canonical prefix tuple, or None when the set has none of that family."""

    v4: tuple[Prefix, ...] | None
    v6: tuple[Prefix, ...] | None

    def of(self, family: int) -> tuple[Prefix, ...] | None:
        return self.v4 if family == 4 else self.v6

    @property
    def families(self) -> frozenset[int]:
        return _FAMILIES[self.v4 is not None, self.v6 is not None]


_FAMILIES = {(True, True): frozenset({4, 6}), (True, False): frozenset({4}),
             (False, True): frozenset({6}), (False, False): frozenset()}
_IN_ORDER = {families: tuple(sorted(families)) for families in _FAMILIES.values()}


ANY_SET = AddressSet(FULL[4], FULL[6])


@frozen_record
class ServiceEntry:
    """One protocol of a resolved service."""

    protocol: int
    ports: tuple[PortRange, ...] | None  # destination ports; None: any
    icmp_type: int | None
    icmp_code: int | None
    pos: SourcePos


# ---------------------------------------------------------------- values of names


class _Values:
    """The value of every definition, computed once in dependency order."""

    def __init__(self, resolved: Resolved):
        self.networks: dict[str, AddressSet] = {}
        self.services: dict[str, tuple[ServiceEntry, ...]] = {}
        self._literal_cache: dict[Prefix, AddressSet] = {}
        self._port_cache: dict[tuple[int, int | None], tuple[PortRange, ...] | None] = {}
        for definition in resolved.definitions:
            if isinstance(definition, ast.NetworkDef):
                self.networks[definition.name] = self.address_set(definition.items, definition.pos)
            else:
                self.services[definition.name] = self.service(definition)

    # ------------------------------------------------------------ addresses

    def address_set(self, items: tuple[ast.AddrItem, ...], pos: SourcePos) -> AddressSet:
        if len(items) == 1:  # one literal or one 'any': the common cases, fast
            item = items[0]
            if item.__class__ is ast.AddrLiteral:
                prefix = item.prefix
                found = self._literal_cache.get(prefix)
                if found is None:
                    found = AddressSet((prefix,), None) if prefix.width == 32 else AddressSet(None, (prefix,))
                    self._literal_cache[prefix] = found
                return found
            if item.__class__ is ast.AnyAddr:
                return self.address_item(item, pos)
        positive: dict[int, list[Prefix]] = {}
        negative: dict[int, list[Prefix]] = {}
        for item in items:
            if isinstance(item, ast.Negated):
                target, value = negative, self.address_item(item.item, item.pos)
            else:
                target, value = positive, self.address_item(item, pos)
            for family in (4, 6):
                prefixes = value.of(family)
                if prefixes is not None:
                    target.setdefault(family, []).extend(prefixes)
        if all(isinstance(item, ast.Negated) for item in items):
            # Only negations: "any address of those families except ...".
            positive = {family: list(FULL[family]) for family in negative}
        elif negative and not (negative.keys() & positive.keys()):
            # "!10.0.0.0/8, 2001:db8::/32" takes 10/8 out of an IPv4 set that is empty: the
            # writer almost surely meant "any IPv4 but 10/8" too. Refuse rather than guess.
            families = " and ".join(FAMILY_WORD[f] for f in sorted(negative))
            raise AclcError(f"the negated {families} addresses take away from nothing: this list has no "
                            f"positive {families} item (add e.g. any4 / any6, or split the list)",
                            next(i.pos for i in items if isinstance(i, ast.Negated)))
        result: dict[int, tuple[Prefix, ...] | None] = {4: None, 6: None}
        for family, prefixes in positive.items():
            if family in negative:
                kept = difference_prefixes(prefixes, negative[family], WIDTH[family])
                if not kept:
                    raise AclcError(f"the {FAMILY_WORD[family]} addresses of this list are empty once the "
                                    "negated ones are taken out", _first_pos(items, pos))
            else:
                kept = canonical_prefixes(prefixes, WIDTH[family]) if len(prefixes) > 1 else tuple(prefixes)
            result[family] = kept
        if result[4] is None and result[6] is None:
            raise AclcError("this address list is empty", _first_pos(items, pos))
        return AddressSet(result[4], result[6])

    def address_item(self, item: ast.AddrItem, pos: SourcePos) -> AddressSet:
        if isinstance(item, ast.AddrLiteral):
            prefix = item.prefix
            return AddressSet((prefix,), None) if prefix.width == 32 else AddressSet(None, (prefix,))
        if isinstance(item, ast.AnyAddr):
            if item.family is None:
                return ANY_SET
            return AddressSet(FULL[4], None) if item.family == 4 else AddressSet(None, FULL[6])
        if isinstance(item, ast.NameRef):
            return self.networks[item.name]
        if isinstance(item, ast.Group):
            return self.address_set(item.items, item.pos)
        # A negation inside a negation or alone in a group: a list of that one item.
        return self.address_set((item,), item.pos)

    # ------------------------------------------------------------ ports

    def port_set(self, specs: tuple[ast.PortSpec, ...], protocol: int, pos: SourcePos) -> tuple[PortRange, ...] | None:
        """A canonical port set, or None for every port."""
        if len(specs) == 1 and specs[0].__class__ is ast.PortItem and specs[0].op == "==" and not specs[0].negated:
            spec = specs[0]  # the common case, fast
            key = (spec.lo, spec.hi)
            found = self._port_cache.get(key, _MISSING)
            if found is _MISSING:
                lo, hi = _checked_range(spec)  # raises, with this item's position, when out of range
                found = self._port_cache[key] = None if (lo, hi) == (0, 0xFFFF) else (PortRange(lo, hi),)
            return found
        positive: list[tuple[int, int]] = []
        negative: list[tuple[int, int]] = []
        for spec in specs:
            ranges = self.port_spec(spec, protocol)
            (negative if spec.negated else positive).extend(ranges)
        if all(spec.negated for spec in specs):
            positive = [(0, 0xFFFF)]  # only negations: every port except them
        kept = normalize_ranges(positive)
        if negative:
            excluded = complement_ranges(normalize_ranges(negative))
            kept = normalize_ranges((max(a.lo, b.lo), min(a.hi, b.hi)) for a in kept for b in excluded
                                    if max(a.lo, b.lo) <= min(a.hi, b.hi))
        if not kept:
            raise AclcError("this port list matches no port", _first_pos(specs, pos))
        if kept == (PortRange(0, 0xFFFF),):
            return None
        return kept

    def port_spec(self, spec: ast.PortSpec, protocol: int) -> list[tuple[int, int]]:
        if isinstance(spec, ast.PortItem):
            lo, hi = _checked_range(spec)
            return [] if lo > hi else [(lo, hi)]
        entries = self.services.get(spec.name)
        if entries is None:
            number = PORTS[spec.name]
            return [(number, number)]
        matching = [e for e in entries if e.protocol == protocol]
        if not matching:
            raise AclcError(f"service '{spec.name}' has no {protocol_name(protocol)} ports", spec.pos)
        out: list[tuple[int, int]] = []
        for entry in matching:
            if entry.ports is None:
                return [(0, 0xFFFF)]
            out.extend((r.lo, r.hi) for r in entry.ports)
        return out

    # ------------------------------------------------------------ services

    def service(self, definition: ast.ServiceDef) -> tuple[ServiceEntry, ...]:
        out: list[ServiceEntry] = []
        for item in definition.items:
            if isinstance(item, ast.ServiceRef):
                out.extend(self.services[item.name])
                continue
            protocol = _protocol_number(item.protocol)
            ports = None
            if item.ports is not None:
                if protocol not in PORT_PROTOCOLS:
                    raise AclcError(f"ports need tcp, udp or sctp; {_proto_text(item.protocol)} has no ports",
                                    item.ports[0].pos)
                ports = self.port_set(item.ports, protocol, item.pos)
            icmp_type, icmp_code = _icmp(item.icmp_type, item.icmp_code, protocol, item.protocol)
            out.append(ServiceEntry(protocol, ports, icmp_type, icmp_code, item.pos))
        return tuple(out)


def _first_pos(items, default: SourcePos) -> SourcePos:
    return items[0].pos if items else default


def _checked_range(spec: ast.PortItem) -> tuple[int, int]:
    """The inclusive range a port item means; lo > hi when it matches nothing."""
    for value in (spec.lo, spec.hi):
        if value is not None and value > 0xFFFF:
            raise AclcError(f"port {value} is outside 0-65535", spec.pos)
    if spec.op == "==":
        hi = spec.lo if spec.hi is None else spec.hi
        if hi < spec.lo:
            raise AclcError(f"reversed port range {spec.lo}-{hi} (write {hi}-{spec.lo})", spec.pos)
        return spec.lo, hi
    if spec.op == ">=":
        return spec.lo, 0xFFFF
    if spec.op == ">":
        return spec.lo + 1, 0xFFFF
    if spec.op == "<=":
        return 0, spec.lo
    return 0, spec.lo - 1  # "<"


def _protocol_number(protocol: ast.Protocol) -> int:
    if not 0 <= protocol.number <= 255:
        raise AclcError(f"IP protocol {protocol.number} is outside 0-255", protocol.pos)
    return protocol.number


def _proto_text(protocol: ast.Protocol) -> str:
    return protocol.name or f"proto {protocol.number}"


_ONLY_V4, _ONLY_V6, _BOTH = frozenset({4}), frozenset({6}), frozenset({4, 6})
_PROTOCOL_FAMILIES = {PROTO_ICMP: _ONLY_V4, PROTO_ICMPV6: _ONLY_V6}


def _protocol_families(protocol: int | None) -> frozenset[int]:
    if protocol == PROTO_ICMP:
        return _ONLY_V4
    if protocol == PROTO_ICMPV6:
        return _ONLY_V6
    return _BOTH


def _icmp(type_node: ast.IcmpType | None, code_node: ast.IcmpCode | None, protocol: int | None,
          protocol_node: ast.Protocol | None) -> tuple[int | None, int | None]:
    """ICMP type and code; only for icmp (IPv4) and icmpv6."""
    if type_node is None and code_node is None:
        return None, None
    first = type_node or code_node
    if protocol not in (PROTO_ICMP, PROTO_ICMPV6):
        what = _proto_text(protocol_node) if protocol_node is not None else "this rule"
        raise AclcError(f"an ICMP type or code needs protocol icmp or icmpv6, not {what}", first.pos)
    if type_node is None:
        raise AclcError("an ICMP code needs an ICMP type (write 'type T code C')", code_node.pos)
    code = None
    if isinstance(type_node.value, int):
        icmp_type = type_node.value
    else:
        table = ICMPV6_TYPES if protocol == PROTO_ICMPV6 else ICMP_TYPES
        named = table.get(type_node.value.lower())
        if named is None:
            family = "ICMPv6" if protocol == PROTO_ICMPV6 else "ICMP"
            raise AclcError(f"unknown {family} type name '{type_node.value}'", type_node.pos)
        icmp_type, code = named
    if icmp_type > 255:
        raise AclcError(f"ICMP type {icmp_type} is outside 0-255", type_node.pos)
    if code_node is not None:
        if code_node.value > 255:
            raise AclcError(f"ICMP code {code_node.value} is outside 0-255", code_node.pos)
        if code is not None and code != code_node.value:
            raise AclcError(f"ICMP type '{type_node.value}' already means code {code}", code_node.pos)
        code = code_node.value
    return icmp_type, code


# ---------------------------------------------------------------- rules


def _Part(eth_type, ip_proto=None, src=None, dst=None, src_ports=None, dst_ports=None, icmp_type=None,
          icmp_code=None) -> tuple:
    """What one produced Rule matches, before it gets its index: the Rule's fields from eth_type to
    icmp_code, in order. A plain tuple: it lives only until the Rule is built."""
    return (eth_type, ip_proto, src, dst, src_ports, dst_ports, icmp_type, icmp_code)


def _or_any(prefixes: tuple[Prefix, ...] | None) -> tuple[Prefix, ...] | None:
    if prefixes is None or (len(prefixes) == 1 and prefixes[0].length == 0):
        return None
    return prefixes


def _plain_ipv4(item, literal_cache: dict):
    """What a one-item address list adds to an IPv4 part: its prefixes (the cached tuple), or None
    for any address; _MISSING when the item is anything else."""
    if item.__class__ is ast.AddrLiteral:
        prefix = item.prefix
        found = literal_cache.get(prefix)
        if found is None:
            if prefix.width != 32:
                return _MISSING
            found = literal_cache[prefix] = AddressSet((prefix,), None)  # as address_set caches it
        elif found.v4 is None:
            return _MISSING
        return _or_any(found.v4)
    if item.__class__ is ast.AnyAddr and item.family != 6:
        return None
    return _MISSING


# A comparison's inclusive range, as _checked_range gives it.
_COMPARED = {">=": lambda n: (n, 0xFFFF), ">": lambda n: (n + 1, 0xFFFF), "<=": lambda n: (0, n), "<": lambda n: (0, n - 1)}


def _plain_ports(specs, port_cache: dict, compare_cache: dict):
    """The set of a one-item port list that is a valid number, range or comparison; _MISSING
    otherwise (a bad one is for port_set to word)."""
    if len(specs) != 1:
        return _MISSING
    spec = specs[0]
    if spec.__class__ is not ast.PortItem or spec.negated:
        return _MISSING
    if spec.op != "==":
        key = (spec.op, spec.lo)
        found = compare_cache.get(key, _MISSING)
        if found is _MISSING:
            lo, hi = _COMPARED[spec.op](spec.lo)
            if not (spec.lo <= 0xFFFF and lo <= hi):
                return _MISSING
            found = compare_cache[key] = None if (lo, hi) == (0, 0xFFFF) else (PortRange(lo, hi),)
        return found
    key = (spec.lo, spec.hi)
    found = port_cache.get(key, _MISSING)
    if found is _MISSING:
        lo, hi = key
        if hi is None:
            hi = lo
        if not lo <= hi <= 0xFFFF:
            return _MISSING
        found = port_cache[key] = None if (lo, hi) == (0, 0xFFFF) else (PortRange(lo, hi),)  # as port_set
    return found


class _RuleNormalizer:
    def __init__(self, values: _Values):
        self.values = values
        self.literal_cache = values._literal_cache
        self.port_cache = values._port_cache
        self.compare_cache: dict[tuple[str, int], tuple[PortRange, ...] | None] = {}  # (">=", 1024): its set

    def side_addresses(self, side: ast.Side | None) -> AddressSet:
        if side is None:
            return ANY_SET
        return self.values.address_set(side.addresses, side.pos)

    def side_ports(self, side: ast.Side | None, protocol: int | None, what: str, pos: SourcePos):
        if side is None or side.ports is None:
            return None
        ports = side.ports
        if len(ports) == 1 and protocol in PORT_PROTOCOLS:  # one port or range: the common case, fast
            spec = ports[0]
            if spec.__class__ is ast.PortItem and spec.op == "==" and not spec.negated:
                found = self.values._port_cache.get((spec.lo, spec.hi), _MISSING)
                if found is not _MISSING:
                    return found
        if protocol not in PORT_PROTOCOLS:
            raise AclcError(f"ports need tcp, udp or sctp; {what} has no ports", side.ports_pos or side.pos)
        return self.values.port_set(side.ports, protocol, side.ports_pos or side.pos)

    def families(self, allowed: frozenset[int], src: AddressSet, dst: AddressSet, why: str,
                 pos: SourcePos) -> list[int]:
        families = allowed & src.families & dst.families
        if families:
            return sorted(families)
        parts = [why] if why else []
        parts.append(f"source: {_families_text(src.families)}")
        parts.append(f"destination: {_families_text(dst.families)}")
        raise AclcError("this rule can never match: no address family fits all its parts (" + "; ".join(parts) + ")",
                        pos)

    def plain_ipv4_part(self, match: ast.IpMatch, rule: ast.RuleStmt) -> tuple | None:
        """The one part of an IPv4 rule in its plainest form (each side one IPv4 address or 'any',
        at most one valid port number, range or comparison, no ICMP options), as
        :meth:`ip_parts` gives it; None for anything else, which ip_parts then handles (and
        words any error). Most rules of a large ACL take this path."""
        if rule.icmp_type is not None or rule.icmp_code is not None or match.family == "ipv6":
            return None
        src_side, dst_side = match.src, match.dst
        if src_side is None or dst_side is None:
            return None
        addresses = src_side.addresses
        if len(addresses) != 1:
            return None
        src = _plain_ipv4(addresses[0], self.literal_cache)
        if src is _MISSING:
            return None
        addresses = dst_side.addresses
        if len(addresses) != 1:
            return None
        dst = _plain_ipv4(addresses[0], self.literal_cache)
        if dst is _MISSING or (src is None and dst is None and match.family != "ipv4"):
            return None  # 'any' to 'any' without ipv4: both families
        protocol = None
        if match.protocol is not None:
            protocol = match.protocol.number
            if not 0 <= protocol <= 255 or protocol == PROTO_ICMPV6:
                return None
        src_ports = dst_ports = None
        if src_side.ports is not None or dst_side.ports is not None:
            if protocol not in PORT_PROTOCOLS:
                return None
            port_cache, compare_cache = self.port_cache, self.compare_cache
            if src_side.ports is not None:
                src_ports = _plain_ports(src_side.ports, port_cache, compare_cache)
                if src_ports is _MISSING:
                    return None
            if dst_side.ports is not None:
                dst_ports = _plain_ports(dst_side.ports, port_cache, compare_cache)
                if dst_ports is _MISSING:
                    return None
        return (ETH_IPV4, protocol, src, dst, src_ports, dst_ports, None, None)

    def plain_rule_part(self, plain: tuple) -> tuple:
        """The one part of a rule the parser read whole: the parser gives it ready
        (parse._plain_part), as :meth:`plain_ipv4_part` gives it for the rule's nodes."""
        return plain

    def ip_parts(self, match: ast.IpMatch, rule: ast.RuleStmt) -> list[_Part]:
        allowed = _BOTH
        why = ""
        if match.family == "ipv4":
            allowed, why = _ONLY_V4, "the rule is ipv4"
        elif match.family == "ipv6":
            allowed, why = _ONLY_V6, "the rule is ipv6"
        protocol = None
        if match.protocol is not None:
            protocol = match.protocol.number
            if not 0 <= protocol <= 255:
                _protocol_number(match.protocol)  # raises, with the position
            only = _PROTOCOL_FAMILIES.get(protocol, _BOTH)
            if only is not _BOTH:  # icmp or icmpv6 (tcp, udp... go with either family)
                if not (allowed & only):
                    hint = "use icmpv6 for IPv6" if protocol == PROTO_ICMP else "use icmp for IPv4"
                    raise AclcError(f"{_proto_text(match.protocol)} is a protocol of {FAMILY_WORD[min(only)]} "
                                    f"only, but the rule is {match.family} ({hint})", match.protocol.pos)
                if only != allowed and only < allowed:
                    allowed, why = allowed & only, f"{_proto_text(match.protocol)} is {FAMILY_WORD[min(only)]} only"
        src_side, dst_side = match.src, match.dst
        src_ports = dst_ports = None
        if ((src_side is not None and src_side.ports is not None)
                or (dst_side is not None and dst_side.ports is not None)):
            what = _proto_text(match.protocol) if match.protocol is not None else (match.family or "ip")
            src_ports = self.side_ports(src_side, protocol, what, match.pos)
            dst_ports = self.side_ports(dst_side, protocol, what, match.pos)
        address_set = self.values.address_set
        icmp_type = icmp_code = None
        if rule.icmp_type is not None or rule.icmp_code is not None:
            icmp_type, icmp_code = _icmp(rule.icmp_type, rule.icmp_code, protocol, match.protocol)
        src = ANY_SET if src_side is None else address_set(src_side.addresses, src_side.pos)
        dst = ANY_SET if dst_side is None else address_set(dst_side.addresses, dst_side.pos)
        # The families every part allows (AddressSet.families, inline: this runs once per rule).
        src4, src6, dst4, dst6 = src.v4, src.v6, dst.v4, dst.v6
        has4 = src4 is not None and dst4 is not None and 4 in allowed
        has6 = src6 is not None and dst6 is not None and 6 in allowed
        if has4 and not has6:  # the common case, fast
            return [(ETH_IPV4, protocol, _or_any(src4), _or_any(dst4), src_ports, dst_ports, icmp_type, icmp_code)]
        families = _FAMILIES[has4, has6]
        if not families:
            self.families(allowed, src, dst, why, rule.pos)  # says why the rule can never match
        parts = []
        for family in _IN_ORDER[families]:
            src_prefixes, dst_prefixes = (src4, dst4) if family == 4 else (src6, dst6)
            parts.append((ETH_OF_FAMILY[family], protocol, _or_any(src_prefixes), _or_any(dst_prefixes),
                          src_ports, dst_ports, icmp_type, icmp_code))
        return parts

    def service_parts(self, match: ast.ServiceMatch, rule: ast.RuleStmt) -> list[_Part]:
        if rule.icmp_type is not None or rule.icmp_code is not None:
            first = rule.icmp_type or rule.icmp_code
            raise AclcError("give ICMP types inside the service definition, not on a service rule", first.pos)
        for side in (match.src, match.dst):
            if side is not None and side.ports is not None:
                raise AclcError("a service rule takes its ports from the services; write the ports in the "
                                "service or use a protocol rule", side.ports_pos or side.pos)
        # Merge entries per protocol (ports of tcp 80 and tcp 443 make one rule); ICMP per type.
        merged: dict[tuple, list] = {}
        for ref in match.names:
            for entry in self.values.services[ref.name]:
                if entry.protocol in PORT_PROTOCOLS:
                    key = (entry.protocol,)
                    current = merged.get(key)
                    if current is None:
                        merged[key] = [entry.ports]
                    elif current[0] is not None:
                        combined = None if entry.ports is None else normalize_ranges(
                            [(r.lo, r.hi) for r in current[0] + entry.ports])
                        current[0] = None if combined == (PortRange(0, 0xFFFF),) else combined
                else:
                    key = (entry.protocol, entry.icmp_type, entry.icmp_code)
                    merged.setdefault(key, [None])
        # An "any type" ICMP entry makes every specific one of the same protocol redundant.
        keys = [k for k in merged if not (len(k) == 3 and k[1] is not None and (k[0], None, None) in merged)]
        src = self.side_addresses(match.src)
        dst = self.side_addresses(match.dst)
        parts: list[_Part] = []
        possible = False
        for key in keys:
            protocol = key[0]
            families = _protocol_families(protocol) & src.families & dst.families
            for family in sorted(families):
                possible = True
                if len(key) == 1:
                    parts.append(_Part(ETH_OF_FAMILY[family], protocol, _or_any(src.of(family)),
                                       _or_any(dst.of(family)), None, merged[key][0]))
                else:
                    parts.append(_Part(ETH_OF_FAMILY[family], protocol, _or_any(src.of(family)),
                                       _or_any(dst.of(family)), icmp_type=key[1], icmp_code=key[2]))
        if not possible:
            self.families(frozenset(), src, dst, "no protocol of the services fits these addresses", rule.pos)
        # Family-major order reads better and keeps each family's rules together.
        parts.sort(key=_eth_type_of)
        return parts

    def arp_parts(self, match: ast.ArpMatch, rule: ast.RuleStmt) -> list[_Part]:
        for side in (match.src, match.dst):
            if side is not None and side.ports is not None:
                raise AclcError("ports need tcp, udp or sctp; arp has no ports", side.ports_pos or side.pos)
        if rule.icmp_type is not None or rule.icmp_code is not None:
            first = rule.icmp_type or rule.icmp_code
            raise AclcError("an ICMP type or code needs protocol icmp or icmpv6, not arp", first.pos)
        src = self.side_addresses(match.src)
        dst = self.side_addresses(match.dst)
        self.families(frozenset({4}), src, dst, "arp addresses are IPv4", rule.pos)
        return [_Part(ETH_ARP, None, _or_any(src.of(4)), _or_any(dst.of(4)))]

    def parts(self, rule: ast.RuleStmt) -> list[_Part]:
        match = rule.match
        if match.__class__ is ast.IpMatch:
            return self.ip_parts(match, rule)
        if isinstance(match, ast.ServiceMatch):
            return self.service_parts(match, rule)
        if isinstance(match, ast.ArpMatch):
            return self.arp_parts(match, rule)
        if rule.icmp_type is not None or rule.icmp_code is not None:
            first = rule.icmp_type or rule.icmp_code
            raise AclcError("an ICMP type or code needs protocol icmp or icmpv6", first.pos)
        if isinstance(match, ast.EthertypeMatch):
            if not 0x0600 <= match.value <= 0xFFFF:
                raise AclcError(f"ethertype 0x{match.value:x} is not an ethertype (0x0600-0xffff)", match.pos)
            return [_Part(match.value)]
        return [_Part(None)]  # all


def _eth_type_of(part: tuple) -> int | None:
    return part[0]


def _families_text(families: frozenset[int]) -> str:
    if not families:
        return "none"
    return " and ".join(FAMILY_WORD[f] for f in sorted(families)) + " only" * (len(families) == 1)


def _check_options(rule: ast.RuleStmt) -> tuple[int, ...] | None:
    for option in rule.unsupported:
        word = option.word.split()[0]
        raise AclcError(f"'{word}' cannot be compiled: {_UNSUPPORTED_REASONS[word]}", option.pos)
    for option in rule.repeated:
        raise AclcError(f"'{option.word}' is given twice in this rule", option.pos)
    if rule.in_ports is None:
        return None
    for number, pos in rule.in_ports:
        if not 1 <= number <= MAX_OPENFLOW_PORT:
            raise AclcError(f"in-port {number} is not a switch port number (1-{MAX_OPENFLOW_PORT})", pos)
    return tuple(sorted({number for number, _ in rule.in_ports}))


# ---------------------------------------------------------------- connection state and TCP flags

# Cisco IOS "established": ACK or RST set, as two disjoint alternatives.
_ACK, _RST = TCP_FLAG_BITS["ack"], TCP_FLAG_BITS["rst"]
ESTABLISHED_FLAGS = ((_ACK, _ACK), (_RST, _ACK | _RST))


def _state_set(option: ast.StateOption) -> tuple[str, ...]:
    """``state`` words as canonical state names: the positive ones minus the negated ones;
    only negations mean every state but them."""
    positive, negative = set(), set()
    for item in option.items:
        if item.name not in CT_STATES:
            raise AclcError(f"unknown connection state '{item.name}' (known: {', '.join(CT_STATES)})", item.pos)
        (negative if item.negated else positive).add(item.name)
    chosen = (positive or set(CT_STATES)) - negative
    if not chosen:
        raise AclcError("this state list matches no connection state", option.pos)
    return tuple(s for s in CT_STATES if s in chosen)


def _flag_cube(option: ast.FlagsOption) -> tuple[int, int]:
    """``flags`` words as one (value, mask): named flags set, negated ones clear."""
    value = mask = 0
    for item in option.items:
        bit = TCP_FLAG_BITS.get(item.name)
        if bit is None:
            raise AclcError(f"unknown TCP flag '{item.name}' (known: {', '.join(TCP_FLAG_BITS)})", item.pos)
        if mask & bit and bool(value & bit) == item.negated:
            raise AclcError(f"TCP flag '{item.name}' is required both set and clear", item.pos)
        mask |= bit
        if not item.negated:
            value |= bit
    return value, mask


def _connection_options(rule: ast.RuleStmt):
    """(ct_state, tcp_flags, where the flags were written, where the state was written)."""
    ct_state = _state_set(rule.state) if rule.state is not None else None
    alternatives = None
    if rule.flags is not None:
        alternatives = (_flag_cube(rule.flags),)
    if rule.established is not None:
        if alternatives is None:
            alternatives = ESTABLISHED_FLAGS
        else:  # both: the packets that satisfy each
            value, mask = alternatives[0]
            alternatives = tuple((v | value, m | mask) for v, m in ESTABLISHED_FLAGS
                                 if (v ^ value) & m & mask == 0)
            if not alternatives:
                raise AclcError("'established' and these flags exclude each other (no packet matches)",
                                rule.established.pos)
    flags_pos = (rule.flags or rule.established).pos if alternatives is not None else None
    return ct_state, alternatives, flags_pos, rule.state.pos if rule.state is not None else None


def _connection_rules(rules: list[Rule], first: int, rule: ast.RuleStmt) -> None:
    """Give the rules made from ``rule`` (from ``first`` on) its state and flags, after
    checking each of them can carry them."""
    ct_state, tcp_flags, flags_pos, state_pos = _connection_options(rule)
    for k in range(first, len(rules)):
        made = rules[k]
        if tcp_flags is not None and made.ip_proto != PROTO_TCP:
            what = "this rule" if made.ip_proto is None else f"protocol {protocol_name(made.ip_proto, made.eth_type)}"
            raise AclcError(f"TCP flags need protocol tcp, and {what} is not TCP only", flags_pos)
        if ct_state is not None and made.eth_type not in (ETH_IPV4, ETH_IPV6):
            raise AclcError("a connection state needs an IPv4 or IPv6 rule (conntrack tracks IP only)",
                            state_pos)
        rules[k] = _with_connection(made, ct_state, tcp_flags)


def _with_connection(rule: Rule, ct_state, tcp_flags) -> Rule:
    return replace(rule, ct_state=ct_state, tcp_flags=tcp_flags)


# ---------------------------------------------------------------- ACLs


def _nonip_rules(stmt: ast.NonIpStmt | None, acl: ast.Acl, default: Action, default_log: bool) -> list[dict]:
    """The trailing rules that give non-IP frames their treatment."""
    action = Action(stmt.action) if stmt else Action.PERMIT
    arp_only = stmt.arp_only if stmt else True
    log = stmt.log if stmt else False
    origin = stmt.pos if stmt else acl.pos
    if action == default and log == default_log:
        return []  # the default already does it
    if arp_only:
        return [dict(eth_type=ETH_ARP, action=action, log=log, origin=origin)]
    # IP frames keep the default; every other frame gets the non-ip action. The two IP rules are
    # the default restated (a flow table cannot say "not IP"), so they carry the default's origin:
    # evaluators and lint report them as the default, never as a rule of the non-ip line.
    default_origin = next((item.pos for item in acl.items if isinstance(item, ast.DefaultStmt)), acl.pos)
    return [dict(eth_type=ETH_IPV4, action=default, log=default_log, origin=default_origin),
            dict(eth_type=ETH_IPV6, action=default, log=default_log, origin=default_origin),
            dict(eth_type=None, action=action, log=log, origin=origin)]


_IpMatch = ast.IpMatch
_OTHER_ITEMS = (ast.DefaultStmt, ast.NonIpStmt, ast.RemarkStmt)


def _add_rules(rules: list[Rule], item: ast.RuleStmt, normalizer: _RuleNormalizer, in_ports, remarks) -> None:
    """The general path of one rule (without the shortcut of plain IPv4 rules)."""
    remark = " ".join(remarks) if remarks else None
    action = _ACTIONS[item.action]
    for part in normalizer.parts(item):
        rules.append(_rule(len(rules), action, item.pos, *part, in_ports, item.log, item.name, remark))


def normalize_acl(acl: ast.Acl, values: _Values) -> Policy:
    normalizer = _RuleNormalizer(values)
    ip_parts = normalizer.ip_parts
    plain_ipv4_part = normalizer.plain_ipv4_part
    default_stmt: ast.DefaultStmt | None = None
    nonip_stmt: ast.NonIpStmt | None = None
    remarks: list[str] = []
    rules: list[Rule] = []
    plain_rule_part = normalizer.plain_rule_part
    rule_stmt, actions, build, append = ast.RuleStmt, _ACTIONS, _plain_rule, rules.append
    for item in acl.items:
        if item.__class__ is rule_stmt or not isinstance(item, _OTHER_ITEMS):  # rules first: most items are
            plain = item.__dict__.get("_plain")
            if plain is not None:  # read whole by the parser, with its values: no option, no error
                part = plain_rule_part(plain)
                if part is not None:
                    if remarks:
                        append(build(len(rules), actions[item.action], item.pos, part, " ".join(remarks)))
                        remarks = []
                    else:
                        append(build(len(rules), actions[item.action], item.pos, part, None))
                    continue
            in_ports = None
            if item.unsupported or item.repeated or item.in_ports is not None:
                in_ports = _check_options(item)
            if item.state is not None or item.flags is not None or item.established is not None:
                first = len(rules)
                _add_rules(rules, item, normalizer, in_ports, remarks)
                remarks = []
                _connection_rules(rules, first, item)
                continue
            remark = " ".join(remarks) if remarks else None
            remarks = []
            action = _ACTIONS[item.action]
            match = item.match
            if match.__class__ is _IpMatch:
                part = plain_ipv4_part(match, item)
                if part is not None:
                    rules.append(_rule(len(rules), action, item.pos, *part, in_ports, item.log, item.name, remark))
                    continue
                parts = ip_parts(match, item)
            else:
                parts = normalizer.parts(item)
            for part in parts:
                rules.append(_rule(len(rules), action, item.pos, *part, in_ports, item.log, item.name, remark))
        elif isinstance(item, ast.DefaultStmt):
            if default_stmt is not None:
                raise AclcError(f"acl '{acl.name}' already has a default at {default_stmt.pos}", item.pos)
            default_stmt = item
        elif isinstance(item, ast.NonIpStmt):
            if nonip_stmt is not None:
                raise AclcError(f"acl '{acl.name}' already has a non-ip statement at {nonip_stmt.pos}", item.pos)
            nonip_stmt = item
        else:
            remarks.append(item.text)
    if not rules:
        raise AclcError(f"acl '{acl.name}' has no rules", acl.pos)
    default = Action(default_stmt.action) if default_stmt else Action.DENY
    default_log = default_stmt.log if default_stmt else False
    for extra in _nonip_rules(nonip_stmt, acl, default, default_log):
        rules.append(Rule(len(rules), **extra))
    return Policy(acl.name, tuple(rules), default, default_log, default_stmt.pos if default_stmt else acl.pos)


def normalize(resolved: Resolved) -> dict[str, Policy]:
    """One Policy per ACL, in the order the ACLs were written."""
    values = _Values(resolved)
    return {acl.name: normalize_acl(acl, values) for acl in resolved.acls}


# ---------------------------------------------------------------- rendering


_ETH_WORDS = {ETH_IPV4: "ipv4", ETH_IPV6: "ipv6", ETH_ARP: "arp", None: "all"}


def _prefixes_text(prefixes) -> str:
    return "any" if prefixes is None else ",".join(str(p) for p in prefixes)


def _ports_text(ports) -> str:
    return ",".join(str(r) for r in ports)


def render_rule(rule: Rule) -> str:
    words = [f"{rule.index:>3}", rule.action.value]
    words.append(_ETH_WORDS.get(rule.eth_type, f"eth=0x{rule.eth_type:04x}" if rule.eth_type is not None else "all"))
    if rule.ip_proto is not None:
        words.append(f"proto={rule.ip_proto}")
    if rule.eth_type in (ETH_IPV4, ETH_IPV6, ETH_ARP):
        words.append(f"src={_prefixes_text(rule.src)}")
        words.append(f"dst={_prefixes_text(rule.dst)}")
    if rule.src_ports is not None:
        words.append(f"sport={_ports_text(rule.src_ports)}")
    if rule.dst_ports is not None:
        words.append(f"dport={_ports_text(rule.dst_ports)}")
    if rule.icmp_type is not None:
        words.append(f"icmp_type={rule.icmp_type}")
    if rule.icmp_code is not None:
        words.append(f"icmp_code={rule.icmp_code}")
    if rule.in_ports is not None:
        words.append("in_port=" + ",".join(str(p) for p in rule.in_ports))
    if rule.log:
        words.append("log")
    if rule.name is not None:
        words.append(f"name={rule.name!r}")
    if rule.remark is not None:
        words.append(f"remark={rule.remark!r}")
    if rule.ct_state is not None:
        words.append("state=" + ",".join(rule.ct_state))
    if rule.tcp_flags is not None:
        words.append("flags=" + "|".join(tcp_flags_text(v, m) for v, m in rule.tcp_flags))
    words.append(f"@{rule.origin}")
    return " ".join(words)


def tcp_flags_text(value: int, mask: int) -> str:
    """One flags alternative as Open vSwitch writes it: ``+syn-ack``."""
    return "".join(("+" if value & bit else "-") + name for name, bit in TCP_FLAG_BITS.items() if mask & bit)


def render_policy(policy: Policy) -> str:
    """A stable text rendering of a Policy, one line per Rule (for golden tests and debugging)."""
    lines = [f"acl {policy.name}"]
    lines.extend(render_rule(rule) for rule in policy.rules)
    log = " log" if policy.default_log else ""
    lines.append(f"default {policy.default_action.value}{log} @{policy.default_origin}")
    return "\n".join(lines) + "\n"
