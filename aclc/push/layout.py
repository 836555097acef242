"""The tables aclc owns on a switch, and how a push stamps its flows.

    table 0        entry: one dispatch flow, priority 1 or 2, goto_table:<start of the live bank>
    tables 10..49  bank 0
    tables 50..89  bank 1
    table 100+     the switch's own forwarding (default permit on lagopus/of13)

A push compiles the ACL into the bank that is not live, checks it there, and
then switches table 0 to it: it ADDS a new dispatch flow at the other
dispatch priority and then deletes the old one. The switch-over is one of
those two flow mods (the add when the new priority is higher, the delete
otherwise); before it every packet takes the old dispatch flow, after it the
new one. The dispatch flow is never replaced in place: Lagopus keeps the old
cookie of a flow added over an existing one (docs/lagopus.md, fact 7), so a
replaced dispatch flow would keep the old generation. Added fresh, its cookie
always carries the generation of the firewall that is live.
"""

from __future__ import annotations

from ..errors import AclcError
from ..pipeline import COOKIE_MAGIC, FlowEntry, GotoTable, Pipeline, make_cookie

ENTRY_TABLE = 0
DISPATCH_PRIORITIES = (1, 2)  # alternate; never 0 (Lagopus mishandles priority 0 with IPv4 matches)
BANKS = ((10, 49), (50, 89))  # inclusive table ranges
FIRST_FREE_TABLE = 90
OWNED_TABLES = frozenset([ENTRY_TABLE, *range(BANKS[0][0], BANKS[0][1] + 1),
                          *range(BANKS[1][0], BANKS[1][1] + 1)])

GENERATION_SHIFT = 32
GENERATION_MASK = 0xFFFF << GENERATION_SHIFT
MAGIC_COOKIE = COOKIE_MAGIC << 48
MAGIC_MASK = 0xFFFF << 48
MAGIC_AND_GENERATION_MASK = MAGIC_MASK | GENERATION_MASK
WITHOUT_GENERATION = 0xFFFFFFFFFFFFFFFF ^ GENERATION_MASK


def bank_of(table_id: int) -> int | None:
    for bank, (lo, hi) in enumerate(BANKS):
        if lo <= table_id <= hi:
            return bank
    return None


def bank_start(bank: int) -> int:
    return BANKS[bank][0]


def bank_tables(bank: int) -> range:
    lo, hi = BANKS[bank]
    return range(lo, hi + 1)


def next_generation(generation: int) -> int:
    """1..65535, wrapping; 0 is reserved for compiled (not installed) output."""
    return generation % 0xFFFF + 1


def generation_cookie(generation: int) -> int:
    return MAGIC_COOKIE | (generation << GENERATION_SHIFT)


def stamp(flow: FlowEntry, generation: int, _new=object.__new__) -> FlowEntry:
    """``flow`` with ``generation`` in its cookie, every other field kept (``also`` too)."""
    # A copy of the instance's fields, as aclc.fastinit builds frozen dataclasses: pushes stamp
    # a million flows, and dataclasses.replace or the constructor cost more.
    stamped = _new(FlowEntry)
    fields = stamped.__dict__
    fields.update(flow.__dict__)
    fields["cookie"] = (flow.cookie & 0xFFFFFFFF) | MAGIC_COOKIE | (generation << GENERATION_SHIFT)
    return stamped


def dispatch_flow(bank: int, generation: int, priority: int = DISPATCH_PRIORITIES[0]) -> FlowEntry:
    return FlowEntry(ENTRY_TABLE, priority, (), (GotoTable(bank_start(bank)),),
                     make_cookie(None, generation), role="dispatch")


def other_dispatch_priority(current: FlowEntry | None) -> int:
    """The dispatch priority the next dispatch flow is added at: the one ``current`` does not use."""
    if current is None:
        return DISPATCH_PRIORITIES[0]
    return DISPATCH_PRIORITIES[1] if current.priority == DISPATCH_PRIORITIES[0] else DISPATCH_PRIORITIES[0]


def check_fits(pipeline: Pipeline, bank: int) -> None:
    """The pipeline must live inside the bank and continue only past both banks."""
    lo, hi = BANKS[bank]
    for ins in pipeline.continuation.instructions:
        if isinstance(ins, GotoTable) and ins.table_id < FIRST_FREE_TABLE:
            raise AclcError(
                f"permit continues at goto_table:{ins.table_id}, inside the tables aclc owns on a switch "
                f"(0 and 10-89, docs/push.md); use a table from {FIRST_FREE_TABLE} up (--permit goto_table:100)")
    if pipeline.entry_table != lo:
        raise AclcError(f"the compiled pipeline starts at table {pipeline.entry_table}, "
                        f"not at bank {bank}'s first table {lo}")
    for table in pipeline.tables:
        if not lo <= table.table_id <= hi:
            raise AclcError(f"the compiled pipeline needs table {table.table_id}, outside bank "
                            f"{bank} (tables {lo}-{hi}): at most {hi - lo + 1} tables fit a bank")
        for flow in table.flows:
            for ins in flow.instructions:
                if isinstance(ins, GotoTable) and not (lo <= ins.table_id <= hi
                                                       or ins.table_id >= FIRST_FREE_TABLE):
                    raise AclcError(
                        f"permitted packets continue at goto_table:{ins.table_id}, inside the tables "
                        f"aclc owns for its banks (0, 10-89); use a table from {FIRST_FREE_TABLE} up "
                        "(--permit goto_table:100)")
