"""Exact round-trip proof with BDDs: the source's own meaning against the imported Policy.

This module holds what every format shares (the BDD space, the comparison, the
skipped lines' effects); each format module encodes its own source (for example
:func:`aclc.importers.cisco.cisco_permit`) and passes it to :func:`prove`.

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
from ..policy import Policy


def available() -> bool:
    try:
        import dd.cudd  # noqa: F401

        from ..semantics import encoding  # noqa: F401
    except ImportError:
        return False
    return True


def any_of(space, items):
    return reduce(lambda a, b: a | b, items, space.false)


def all_of(space, items):
    return reduce(lambda a, b: a & b, items, space.true)


def family_bdd(space, family: int):
    return space.is_ipv6 if family == 6 else space.is_ipv4


def width_of(family: int) -> int:
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
    return family_bdd(space, family) | ~space.is_ip


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


def tcp_flags_bdd(space, alternatives):
    """TCP packets whose flags fit one of the (value, mask) alternatives."""
    from ..policy import TCP_FLAGS_WIDTH

    return space.has_ports(6) & any_of(space, [space.masked("tcp_flags", v, m, TCP_FLAGS_WIDTH)
                                               for v, m in alternatives])
