"""Exact round-trip proof with BDDs: the source's own meaning against the imported Policy.

The source side is built straight from the parsed source, in its own terms:
an IOS wildcard address is one masked cube (no prefix expansion), port
operators are ranges or their complements, and iptables chains are run
symbolically with jumps, RETURN and ``-g`` (each chain gives the packets it
accepts, drops and returns). The Policy side is :func:`aclc.semantics.policy.
policy_meaning`. Both partitions live in one BDD space, so "equal" means equal
for every packet, and a difference yields a concrete packet.

The decision compared is permit/deny, over the same domain the sampled check
uses: frames of the source's family and non-IP frames (packets of the other
IP family get the documented ``default deny`` on both sides).

A skipped line (a test aclc cannot express, such as connection state) is part
of the source side, modelled by its effect: its untested condition is an
unknown, so the source is built twice. First with every such condition as the
import assumes it (a skipped line never matches; a line kept without its test
always passes it): that must equal the import exactly. Then once per skipped
line with its condition the other way: the packets where that source differs
from the import are those the line makes the import permit more, or deny
more. They lie inside the line's expressible part.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Callable, Iterable

from ..packet import Packet
from ..policy import ETH_IPV6, Policy
from ..ranges import range_to_prefixes
from . import cisco, iptables


def available() -> bool:
    try:
        import dd.cudd  # noqa: F401

        from ..semantics import encoding  # noqa: F401
    except ImportError:
        return False
    return True


def _any(space, items):
    return reduce(lambda a, b: a | b, items, space.false)


def _all(space, items):
    return reduce(lambda a, b: a & b, items, space.true)


def _family(space, family: int):
    return space.is_ipv6 if family == 6 else space.is_ipv4


def _width(family: int) -> int:
    return 128 if family == 6 else 32


def _compare(space, family: int, source_permit, policy: Policy) -> Packet | None:
    from ..semantics.witness import pick_packet

    imported_permit = _imported_permit(space, policy)
    differ = (source_permit & ~imported_permit) | (imported_permit & ~source_permit)
    return pick_packet(space, differ & _domain(space, family))


def _imported_permit(space, policy: Policy):
    from ..semantics.policy import policy_meaning

    meaning = policy_meaning(space, policy, effect_of=lambda r: r.action.value,
                             default_effect=policy.default_action.value)
    return meaning.by_effect.get("permit", space.false)


def _domain(space, family: int):
    return _family(space, family) | ~space.is_ip


# Skipped lines whose effect needs a whole new source build (a line inside a user chain, a jump,
# a line kept without its test); a plain permit or deny of the first-match list is worked out
# from the one build, however many there are.
MAX_REBUILDS = 50


@dataclass(frozen=True)
class LineEffect:
    """What one skipped line changes when its untested condition goes the other way than the import assumes."""

    line: int
    permits_more: Packet | None  # a packet the import permits that the source would then deny
    denies_more: Packet | None  # a packet the import denies that the source would then permit
    analysed: bool = True  # False: not worked out (a target the evaluators do not model, or past MAX_REBUILDS)

    @property
    def changes_nothing(self) -> bool:
        return self.analysed and self.permits_more is None and self.denies_more is None


@dataclass(frozen=True)
class Proof:
    mismatch: Packet | None  # decided differently with every untested condition as the import assumes
    effects: tuple[LineEffect, ...] = ()


def prove(family: int, source_permit: Callable, policy: Policy, skipped: Iterable,
          analysable: Callable[[int], bool] = lambda line: True) -> Proof:
    """Compare ``source_permit(space, assume, taken)`` (the packets the source permits when the
    untested conditions of the lines in ``assume`` hold) with the imported Policy, and work out each
    skipped line's effect (``skipped``: :class:`~aclc.importers.model.Skipped` records).

    ``taken`` (a dict, may be filled by ``source_permit``) maps a skipped line that simply decides
    to (the packets that reach it and fit its expressible part, whether it permits): with its
    condition holding, the source decides those packets that way and every other one as before."""
    from ..semantics.encoding import Space
    from ..semantics.witness import pick_packet

    space = Space()
    skipped = list(skipped)
    assumed = frozenset(s.line for s in skipped if s.kept)
    taken: dict = {}
    base = source_permit(space, assumed, taken)
    mismatch = _compare(space, family, base, policy)
    if mismatch is not None:
        return Proof(mismatch)
    domain = _domain(space, family)
    real_port = space.range("in_port", 1, 0xFFFFFF00)  # examples on a real switch port when there is one

    def example(packets):
        return pick_packet(space, packets & real_port) or pick_packet(space, packets)

    effects = []
    rebuilds = 0
    for s in skipped:
        if s.line in taken and s.line not in assumed:
            packets, permits = taken[s.line]
            other = (base & ~packets) | (packets if permits else space.false)
        elif rebuilds < MAX_REBUILDS and analysable(s.line):
            rebuilds += 1
            other = source_permit(space, assumed ^ {s.line}, None)
        else:
            effects.append(LineEffect(s.line, None, None, analysed=False))
            continue
        effects.append(LineEffect(s.line, example(base & ~other & domain), example(other & ~base & domain)))
    return Proof(None, tuple(effects))


# ---------------------------------------------------------------- Cisco IOS


def _cisco_address(space, config, item, field: str, family: int):
    width = _width(family)
    full = (1 << width) - 1
    if isinstance(item, cisco.GroupRef):
        return _any(space, [_cisco_address(space, config, sub, field, family)
                            for sub in config.groups[item.name].items])
    if isinstance(item, cisco.AddrRange):
        return _any(space, [space.prefix(field, v, n, width) for v, n in range_to_prefixes(item.lo, item.hi, width)])
    return space.masked(field, item.value, ~item.wildcard & full, width)


def _cisco_ports(space, op: cisco.PortOp | None, field: str):
    if op is None:
        return space.true
    if op.op in ("eq", "neq"):
        hit = _any(space, [space.eq(field, v) for v in op.values])
        return hit if op.op == "eq" else ~hit
    if op.op == "lt":
        return space.range(field, 0, op.values[0] - 1)
    if op.op == "gt":
        return space.range(field, op.values[0] + 1, 0xFFFF)
    return space.range(field, op.values[0], op.values[1])


def _cisco_service(space, entry: cisco.ServiceEntry):
    parts = []
    if entry.protocols:
        parts.append(_any(space, [space.eq("ip_proto", p) for p in entry.protocols]))
    parts.append(_cisco_ports(space, entry.src_ports, "src_port"))
    parts.append(_cisco_ports(space, entry.dst_ports, "dst_port"))
    if entry.icmp_type is not None:
        parts.append(space.eq("icmp_type", entry.icmp_type))
    if entry.icmp_code is not None:
        parts.append(space.eq("icmp_code", entry.icmp_code))
    if entry.tcp_flags is not None:
        parts.append(_flags(space, entry.tcp_flags))
    return _all(space, parts)


def _flags(space, alternatives):
    from ..policy import TCP_FLAGS_WIDTH

    return space.has_ports(6) & _any(space, [space.masked("tcp_flags", v, m, TCP_FLAGS_WIDTH)
                                              for v, m in alternatives])


def cisco_permit(space, config: cisco.CiscoConfig, acl_name: str, assume: frozenset = frozenset(),
                 taken: dict | None = None):
    """The packets IOS permits with this ACL (first match, implicit entries, non-IP passes); an entry
    aclc cannot test fully matches nothing unless its line is in ``assume`` (``taken``: see prove)."""
    acl = config.acls[acl_name]
    family = acl.family
    decided = space.false
    permit = space.false
    for ace in acl.entries:
        skipped = ace.unsupported is not None and ace.line not in assume
        if skipped and taken is None:
            continue
        services = cisco._services(config, ace.services)
        match = (_family(space, family)
                 & _cisco_address(space, config, ace.src, "src", family)
                 & _cisco_address(space, config, ace.dst, "dst", family)
                 & _any(space, [_cisco_service(space, s) for s in services]))
        if skipped:
            taken[ace.line] = (match & ~decided, ace.action == "permit")
            continue
        if ace.action == "permit":
            permit |= match & ~decided
        decided |= match
    if family == 6:
        nd = space.is_ipv6 & space.eq("ip_proto", 58) & (space.eq("icmp_type", 135) | space.eq("icmp_type", 136))
        permit |= nd & ~decided
    return permit | ~space.is_ip


def exact_cisco(config: cisco.CiscoConfig, acl_name: str, policy: Policy, skipped=()) -> Proof:
    """The import against IOS's meaning, skipped entries modelled by their effect."""
    return prove(config.acls[acl_name].family,
                 lambda space, assume, taken: cisco_permit(space, config, acl_name, assume, taken), policy,
                 skipped)


# ---------------------------------------------------------------- iptables


def _ipt_cond(space, ruleset: iptables.Ruleset, cond: iptables.Cond):
    width = _width(ruleset.family)
    f, v = cond.field, cond.value
    if f in ("src", "dst"):
        hit = _any(space, [space.prefix(f, p.value, p.length, width) for p in v])
    elif f == "proto":
        hit = space.eq("ip_proto", v)
    elif f in ("sport", "dport"):
        field = "src_port" if f == "sport" else "dst_port"
        hit = _any(space, [space.range(field, r.lo, r.hi) for r in v])
    elif f == "icmp":
        hit = space.eq("icmp_type", v[0]) & (space.eq("icmp_code", v[1]) if v[1] is not None else space.true)
    elif f == "state":
        from ..semantics.policy import state_bdd

        hit = space.is_ip & _any(space, [state_bdd(space, s) for s in v])
    elif f == "flags":
        hit = _flags(space, (v,))
    else:
        pattern = v[0]
        names = [n for n in ruleset.interfaces
                 if (n.startswith(pattern[:-1]) if pattern.endswith("+") else n == pattern)]
        hit = _any(space, [space.eq("in_port", ruleset.interfaces[n]) for n in names])
    return ~hit if cond.negated else hit


def _ipt_chain(space, ruleset: iptables.Ruleset, name: str, depth: int = 0, assume: frozenset = frozenset(),
               taken: dict | None = None):
    """(accepted, dropped, returned): a partition of every packet entering chain ``name``.

    ``taken`` (the built-in chain only, see prove): its skipped ACCEPT, DROP and REJECT rules."""
    if depth > iptables.MAX_DEPTH:
        raise RecursionError(name)
    accepted = dropped = returned = space.false
    remaining = space.true
    for rule in ruleset.chains[name].rules:
        if taken is not None and rule.unsupported is not None and rule.line not in assume \
                and rule.target in ("ACCEPT", "DROP", "REJECT"):
            reach = remaining & _all(space, [_ipt_cond(space, ruleset, c) for c in rule.conds])
            taken[rule.line] = (reach & _family(space, ruleset.family), rule.target == "ACCEPT")
        if not iptables.decides(rule, assume) or not iptables.modelled(rule, ruleset):
            continue
        m = remaining & _all(space, [_ipt_cond(space, ruleset, c) for c in rule.conds])
        if m == space.false:
            continue
        if rule.target == "ACCEPT":
            accepted |= m
        elif rule.target in ("DROP", "REJECT"):
            dropped |= m
        elif rule.target == "RETURN":
            returned |= m
        else:
            a, d, r = _ipt_chain(space, ruleset, rule.target, depth + 1, assume)
            accepted |= m & a
            dropped |= m & d
            if rule.goto:
                returned |= m & r
            else:
                remaining &= ~(m & (a | d))
                continue
        remaining &= ~m
    return accepted, dropped, returned | remaining


def iptables_permit(space, ruleset: iptables.Ruleset, chain: str, assume: frozenset = frozenset(),
                    taken: dict | None = None):
    accepted, _, returned = _ipt_chain(space, ruleset, chain, 0, assume, taken)
    if ruleset.chains[chain].policy == "ACCEPT":
        accepted |= returned
    return (accepted & _family(space, ruleset.family)) | ~space.is_ip


def exact_iptables(ruleset: iptables.Ruleset, chain: str, policy: Policy, skipped=()) -> Proof:
    """The import against the kernel's meaning, skipped rules modelled by their effect."""
    rules = {r.line: r for c in ruleset.chains.values() for r in c.rules}
    return prove(ruleset.family, lambda space, assume, taken: iptables_permit(space, ruleset, chain, assume, taken),
                 policy, skipped, lambda line: iptables.modelled(rules[line], ruleset))
