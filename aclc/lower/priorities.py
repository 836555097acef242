"""Priorities from the rule dependency graph.

Edge i -> j (i < j) when some packet matches both rules and they decide
differently (effect = action and log). First match says i wins there, so i's
flows must sit above j's. Rules that never compete need no order between them,
so the priorities needed are the longest dependency chain, not the rule count:
a 50k-rule ACL fits the 16-bit priority space when its chains are short.

Each rule gets ``base + 1 + longest path from it to a sink``; the default flow
gets ``base``, below every rule.

Why that is enough: take a packet and the rules it matches, M, with first match
i. Every rule in M that decides differently from i is a successor of i, so it
sits strictly lower. Any rule at the top of M therefore decides like i, and no
two rules of M that decide differently share a priority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import AclcError
from ..policy import Policy
from .overlap import conflict_levels, conflict_successors

if TYPE_CHECKING:  # networkx takes half a second to import: only dependency_graph() needs it
    import networkx as nx


def rule_levels(successors: list[list[int]]) -> list[int]:
    """Longest path (in edges) from each rule to a sink; successors are later rules."""
    levels = [0] * len(successors)
    for i in range(len(successors) - 1, -1, -1):
        succ = successors[i]
        if succ:
            levels[i] = 1 + max(levels[j] for j in succ)
    return levels


def dependency_graph(policy: Policy) -> "nx.DiGraph":
    """The rule dependency graph: nodes are rule indices, edge i -> j when i must beat j."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(policy.rules)))
    for i, succ in enumerate(conflict_successors(policy)):
        graph.add_edges_from((i, j) for j in succ)
    return graph


def assign_priorities(policy: Policy, base: int = 1, max: int = 65535) -> tuple[int, ...]:  # noqa: A002
    """One OpenFlow priority per rule; the default flow takes ``base``.

    The levels are the longest paths of :func:`dependency_graph`, computed straight
    from the overlap index (:func:`conflict_levels`) without building the graph: a
    firewall-style 10k-rule set has a million edges, and only the longest path
    from each rule matters.
    """
    if not 0 <= base < max <= 0xFFFF:
        raise AclcError(f"priority range {base}..{max} is not within 0..65535 with room for a rule")
    levels, next_on_chain = conflict_levels(policy)
    needed = (1 + max_level(levels)) if levels else 0
    if needed > max - base:
        chain = _longest_chain(next_on_chain, levels)
        where = ", ".join(str(policy.rules[i].origin) for i in chain[:3])
        raise AclcError(
            f"the ACL needs {needed} priority levels above the default (a chain of {needed} rules "
            f"that each overlap the next and decide differently, starting at {where}), but only "
            f"{max - base} fit between priority {base} and {max}",
            pos=policy.rules[chain[0]].origin,
        )
    top = base + 1
    return tuple(top + level for level in levels)


def max_level(levels: list[int]) -> int:
    return max(levels) if levels else -1


def _longest_chain(next_on_chain: list[int], levels: list[int]) -> list[int]:
    i = levels.index(max(levels))
    chain = [i]
    while next_on_chain[i] >= 0:
        i = next_on_chain[i]
        chain.append(i)
    return chain
