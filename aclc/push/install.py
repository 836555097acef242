"""Carrying a push plan out over an OpenFlow channel, all or nothing.

Full install (the default whenever an incremental update is not safe):

1. read every flow; refuse flows aclc did not install in its tables;
2. empty the tables of the non-live bank that hold leftovers of an
   interrupted push (found by cookie: aclc magic, outside the live bank),
   and delete stale dispatch flows in table 0 (strictly, one by one);
3. send the new flows into the non-live bank, a barrier, and check that no
   OFPT_ERROR came back (an error names the ACL line of its flow by xid);
4. read the bank back and compare it with what was sent, exactly;
5. add the new dispatch flow at the other dispatch priority, then delete the
   old one: the switch-over is one of these two flow mods (layout.py);
6. empty the old bank.

A failure in 1-5 leaves the running firewall exactly as it was (its bank and
dispatch flow are untouched); the partial bank is removed now when the
connection still works, or as leftovers by the next push.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Callable

from ..errors import AclcError, EnvironmentFailure
from ..gcpause import gc_paused
from ..pipeline import FlowEntry, Pipeline, Policy, cookie_rule
from . import codec, layout
from .channel import Channel, ChannelClosed, SwitchError
from .plan import Plan, SwitchState, make_plan, multiset_difference, read_state
from . import compat

SEND_WINDOW = 2000  # messages between drains / error checks


class Progress:
    """Silent progress; the CLI passes a rich one on a terminal."""

    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass
class PushReport:
    kind: str
    generation: int
    bank: int
    added: int = 0
    removed: int = 0
    leftovers_removed: int = 0
    tables: tuple[int, ...] = ()
    seconds: float = 0.0
    description: str = ""
    dry_run: bool = False
    bundle: bool = False  # the bank was filled through an OpenFlow bundle
    timings: dict = field(default_factory=dict)

    def summary(self) -> str:
        if self.dry_run:
            return self.description
        if self.kind == "nothing":
            return f"nothing to do: generation {self.generation} already installed ({self.seconds:.2f} s)"
        tables = ",".join(map(str, self.tables))
        text = (f"{self.kind} push{' (bundled)' if self.bundle else ''}: generation {self.generation} "
                f"live in bank {self.bank} "
                f"(tables {tables}): {self.added} flows added, {self.removed} removed")
        if self.leftovers_removed:
            text += f", {self.leftovers_removed} leftover flows of an interrupted push removed"
        return text + f" in {self.seconds:.3f} s"


async def push(channel: Channel, compile_for_base: Callable[[int], Pipeline] | None, *, full: bool = False,
               dry_run: bool = False, progress: Progress | None = None,
               timeout: float = 120, choose=None) -> PushReport:
    """Push ``compile_for_base``'s pipeline; or, with ``choose``, the one ``choose(description)``
    returns once the switch has said what it is (None when it would not say)."""
    progress = progress or Progress()
    # Pushes allocate millions of small tuples that live until the end; the cyclic collector
    # would rescan them over and over (measured: a third of a 100k-flow push). Nothing here
    # makes reference cycles that need it.
    with gc_paused():
        return await _push(channel, compile_for_base, full, dry_run, progress, timeout, choose)


def replace_keeps_cookie(recognised) -> bool:
    """Whether to assume the switch keeps a replaced flow's old cookie: the recognised profile's
    data, and True (the safe assumption) for a switch no profile recognises."""
    return True if recognised is None else recognised.replace_keeps_cookie


async def _push(channel, compile_for_base, full, dry_run, progress, timeout, choose) -> PushReport:
    started = time.monotonic()
    timings = {}
    switch = await channel.description(min(timeout, 30))
    recognised = compat.recognise(switch)
    if choose is not None:
        # Compiling can take seconds: on a thread, so the channel keeps answering echo requests.
        compile_for_base = await asyncio.get_running_loop().run_in_executor(None, choose, switch)
    stats = await channel.flow_stats(timeout=timeout)
    state = read_state(stats)
    plan = make_plan(state, compile_for_base, full=full, replace_keeps_cookie=replace_keeps_cookie(recognised),
                     encode=not dry_run)
    timings["read"] = time.monotonic() - started
    # Every refusal that does not need flows sent is made here, so --dry-run reports it too.
    await _refuse_what_the_switch_would_get_wrong(channel, plan, switch, recognised, timeout)
    report = PushReport(plan.kind, plan.generation, plan.bank, description=plan.describe(state),
                        dry_run=dry_run, tables=tuple(t.table_id for t in plan.pipeline.tables),
                        timings=timings)
    if dry_run or plan.kind == "nothing":
        report.seconds = time.monotonic() - started
        return report
    if plan.kind == "full":
        await _full(channel, plan, state, report, progress, timeout)
    else:
        await _incremental(channel, plan, state, report, progress, timeout)
    report.seconds = time.monotonic() - started
    return report


# ------------------------------------------------------------------ full swap

async def _full(channel, plan: Plan, state: SwitchState, report: PushReport, progress, timeout) -> None:
    policy = plan.pipeline.policy
    t0 = time.monotonic()
    for table in plan.cleanup_tables:
        channel.send_raw(codec.encode_delete(channel.next_xid(), table, layout.MAGIC_COOKIE, layout.MAGIC_MASK))
    for flow in plan.stale_entry:  # never by cookie in table 0: that would take the live dispatch flow
        channel.send_raw(codec.encode_flow_mod(flow, channel.next_xid(), codec.OFPFC_DELETE_STRICT))
    if plan.cleanup_tables or plan.stale_entry:
        await channel.barrier(timeout)
        report.leftovers_removed = (sum(1 for f in state.leftovers if f.table_id in plan.cleanup_tables)
                                    + len(plan.stale_entry))
    switched = False
    try:
        bank_tables = {t for t in range(256) if layout.bank_of(t) == plan.bank}
        # A bundle (where the switch has them) only makes the bank fill faster: the bank is not
        # live either way, and the switch-over below stays one flow mod.
        bundle = plan.generation if await channel.bundle_open(plan.generation, timeout) else None
        report.bundle = bundle is not None
        if bundle is None:
            _refuse_masked_ports(plan)
        if plan.encoded is not None:
            read_back = codec.ReadBack(plan.encoded.keys, bank_tables)
            sent = await _send_encoded(channel, plan.expected, plan.encoded.bodies, progress, "installing",
                                       timeout, bundle)
        else:
            read_back = codec.ReadBack(tables=bank_tables)
            sent = await _send_flows(channel, plan.expected, progress, "installing", timeout, read_back, bundle)
        if bundle is not None:
            if channel.errors:
                await _quietly(channel.bundle_discard(bundle))
            else:
                await channel.bundle_commit(bundle, timeout)
                await channel.barrier(timeout)
        report.timings["send"] = time.monotonic() - t0
        _raise_refusal(channel, sent, policy, state)
        t1 = time.monotonic()
        await channel.flow_stats(cookie=layout.generation_cookie(plan.generation),
                                 cookie_mask=layout.MAGIC_AND_GENERATION_MASK, timeout=timeout,
                                 consume=read_back.consume)
        _compare_wire(*read_back.differences(), state)
        report.timings["read_back"] = time.monotonic() - t1
        switched = None  # sent, not yet confirmed
        await _switch_over(channel, plan, state, timeout)
        switched = True
    except ChannelClosed as lost:
        if switched is None:
            fate = ("the switch-over to generation {g} was sent but not confirmed: the switch runs "
                    "either the old or the new firewall in full; push again to converge")
        else:
            fate = _what_still_runs(state, False) + "; the next push removes the partial bank"
        raise ChannelClosed(f"{lost.message}; {fate.format(g=plan.generation)}") from None
    except SwitchOverRefused:
        await _remove_partial(channel, plan, timeout)  # the old dispatch flow still decides
        raise
    except AclcError as failed:
        if switched is None:  # the new dispatch flow may be in, so the new bank may be live: keep it
            raise EnvironmentFailure(
                f"{failed.message}; the switch-over to generation {plan.generation} was sent but not "
                "confirmed: the switch runs either the old or the new firewall in full; push again to "
                "converge", failed.pos, failed.detail) from None
        await _remove_partial(channel, plan, timeout)
        raise
    report.added = len(plan.expected)
    # The new firewall is live. Removing the old bank cannot change any decision any more.
    try:
        for table in plan.remove_tables:
            channel.send_raw(codec.encode_delete(channel.next_xid(), table, layout.MAGIC_COOKIE,
                                                 layout.MAGIC_MASK))
        if plan.remove_tables:
            await channel.barrier(timeout)
    except ChannelClosed as lost:
        raise ChannelClosed(f"{lost.message}; generation {plan.generation} is live, the old bank's flows "
                            "are removed by the next push") from None
    report.removed = len(state.live_flows) + (1 if state.dispatch is not None else 0)
    report.added += 1  # the dispatch flow (replacing the old one)


_L4_PORTS = frozenset({"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"})


def _masked_port_flow(plan: Plan) -> FlowEntry | None:
    ports = _L4_PORTS
    for flow in plan.pipeline.flows():  # the expected flows' matches (unstamped: no copies made)
        for f in flow.match:
            if f.mask is not None and f.field in ports:
                return flow
    return None


def _refuse_masked_ports(plan: Plan) -> None:
    """Only Open vSwitch honours masked L4 ports, and Open vSwitch takes bundles: a switch that
    refuses them while the flows mask ports may be Lagopus, which accepts such a flow and then
    ignores the mask, so a narrow permit would let every port through."""
    flow = _masked_port_flow(plan)
    if flow is None:
        return
    policy = plan.pipeline.policy
    rule = cookie_rule(flow.cookie)
    pos = policy.origin_of(rule) if policy is not None and rule is not None else None
    raise AclcError(
        f"the switch does not take OpenFlow bundles, so it is not Open vSwitch, and the flows compiled "
        f"for -t {plan.pipeline.target} mask L4 ports (rule {'?' if rule is None else rule + 1}), which "
        f"Lagopus accepts and then ignores; compile for this switch with {_exact_port_targets()}. "
        "Nothing was changed", pos)


def _exact_port_targets() -> str:
    """The targets that never mask an L4 port (what a switch without bundles can take)."""
    from ..profiles import L4_PORTS, targets_that

    return targets_that(lambda p: not any(p.honours_mask(f) for f in L4_PORTS))


class SwitchOverRefused(EnvironmentFailure):
    """The switch refused the new dispatch flow: the old one still decides."""


async def _switch_over(channel: Channel, plan: Plan, state: SwitchState, timeout: float) -> None:
    """Add the new dispatch flow (at the dispatch priority the old one does not use), then delete
    the old one. Whichever of the two has the higher priority decides every packet, so the
    switch-over is the add (new priority higher) or the delete (lower): one flow mod either way.
    The new flow is never added over an existing one, so its cookie is the one sent even on a
    switch that keeps the old cookie on a replace (docs/lagopus.md, fact 7)."""
    channel.send_raw(codec.encode_flow_mod(plan.dispatch, channel.next_xid()))
    await channel.barrier(timeout)
    try:
        _raise_refusal(channel, {}, plan.pipeline.policy, state)
    except EnvironmentFailure as refused:  # the old dispatch flow still decides
        raise SwitchOverRefused(refused.message, refused.pos, refused.detail) from None
    if plan.old_dispatch is not None:
        channel.send_raw(codec.encode_flow_mod(plan.old_dispatch, channel.next_xid(), codec.OFPFC_DELETE_STRICT))
        await channel.barrier(timeout)
        if channel.errors:
            raise EnvironmentFailure(
                f"the switch refused to delete the old dispatch flow ({channel.errors[0]}); table 0 holds both, "
                f"and the one at priority {max(plan.dispatch.priority, plan.old_dispatch.priority)} decides; "
                "push again to converge")


async def _refuse_what_the_switch_would_get_wrong(channel: Channel, plan: Plan, switch, recognised,
                                                   timeout: float) -> None:
    """Refuse, before anything is sent, flows this switch would accept and then run differently:
    anything the profile that recognises the switch says it does not honour, and masked L4 ports
    on any switch that takes no bundles (so it is not Open vSwitch)."""
    if recognised is not None:
        compat.refuse_if_unfaithful(plan.pipeline, recognised,
                                    f"the switch is {compat.display_name(recognised)} (it says '{switch}')")
    if _masked_port_flow(plan) is not None:
        # A bundle opened and discarded at once: the test changes nothing on the switch.
        probe = (plan.generation + 0x8000) & 0xFFFFFFFF
        if not await channel.bundle_open(probe, timeout):
            _refuse_masked_ports(plan)
        await channel.bundle_discard(probe, timeout)


async def _remove_partial(channel: Channel, plan: Plan, timeout: float) -> None:
    """Best effort: empty the bank this push was filling (the next push would do it otherwise)."""
    if channel.closed:
        return
    try:
        for table in sorted({t.table_id for t in plan.pipeline.tables}):  # only the bank being filled
            channel.send_raw(codec.encode_delete(channel.next_xid(), table,
                                                 layout.generation_cookie(plan.generation),
                                                 layout.MAGIC_AND_GENERATION_MASK))
        await channel.barrier(min(timeout, 30))
    except AclcError:
        pass


# ------------------------------------------------------------------ incremental

async def _incremental(channel, plan: Plan, state: SwitchState, report: PushReport, progress, timeout) -> None:
    try:
        await _incremental_steps(channel, plan, state, report, progress, timeout)
    except ChannelClosed as lost:
        raise ChannelClosed(f"{lost.message}; {_what_still_runs(state, True)}") from None


async def _incremental_steps(channel, plan: Plan, state: SwitchState, report: PushReport, progress,
                             timeout) -> None:
    policy = plan.pipeline.policy
    # Changes to the live table must take effect in order: a barrier between priority levels
    # keeps a switch that reorders messages (OpenFlow allows it) from opening a hole.
    sent: dict[int, FlowEntry] = {}
    progress.start("updating", len(plan.steps))
    last = None
    for i, step in enumerate(plan.steps):
        level = (step.op, step.flow.priority)
        if last is not None and level != last:
            channel.send_raw(_barrier_bytes(channel.next_xid()))
        last = level
        xid = channel.next_xid()
        if step.op == "add":
            channel.send_raw(codec.encode_flow_mod(step.flow, xid))
        else:
            channel.send_raw(codec.encode_flow_mod(step.flow, xid, codec.OFPFC_DELETE_STRICT))
        sent[xid] = step.flow
        if i % SEND_WINDOW == SEND_WINDOW - 1:
            await channel.drain()
            progress.advance(SEND_WINDOW)
            _raise_refusal(channel, sent, policy, state, incremental=True)
    await channel.barrier(timeout)
    progress.stop()
    _raise_refusal(channel, sent, policy, state, incremental=True)
    installed = await channel.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK,
                                         timeout=timeout)
    live = [s.flow for s in installed if layout.bank_of(s.flow.table_id) == plan.bank]
    _compare(plan.expected, live, layout.WITHOUT_GENERATION, plan, state, incremental=True)
    await _switch_over(channel, plan, state, timeout)  # same bank: only the generation changes
    report.added = plan.adds
    report.removed = plan.deletes


def _barrier_bytes(xid: int) -> bytes:
    return codec._HEADER.pack(codec.OFP_VERSION, 20, 8, xid)


# ------------------------------------------------------------------ shared

async def _quietly(awaitable) -> None:
    try:
        await awaitable
    except AclcError:
        pass


class _Sent:
    """The flow each xid of a bulk send carried: windows of consecutive xids over one list
    of flows (a dict of a million xids would cost a hundred megabytes)."""

    def __init__(self, flows):
        self.flows = flows
        self.windows: list[tuple[int, int, int]] = []  # (first xid, first index, count)

    def get(self, xid: int):
        for first, start, count in self.windows:
            if 0 <= xid - first < count:
                return self.flows[start + xid - first]
        return None


async def _send_flows(channel: Channel, flows, progress, label, timeout,
                      read_back: codec.ReadBack | None = None, bundle: int | None = None) -> _Sent:
    """Send ADDs for ``flows`` (into ``bundle`` if given) and wait for a barrier; each one's
    key goes to ``read_back``. Messages are made a window at a time: never all at once."""
    sent = _Sent(flows)
    encode_keyed = codec.encode_add_keyed
    expect = read_back.expect if read_back is not None else None
    progress.start(label, len(flows))
    wrap = channel.bundle_adder(bundle) if bundle is not None else None
    for start in range(0, len(flows), SEND_WINDOW):
        window = flows[start:start + SEND_WINDOW]
        first = channel.next_xids(len(window))
        sent.windows.append((first, start, len(window)))
        batch = []
        append = batch.append
        for xid, flow in enumerate(window, first):
            msg, key, _sig = encode_keyed(flow, xid)
            append(msg if wrap is None else wrap(msg, xid))
            if expect is not None:
                expect(key)
        channel.send_many(batch)  # one write per window: per-message writes cost more than encoding
        await channel.drain()
        progress.advance(len(batch))
        if channel.errors:
            break  # stop early; the barrier below collects the rest
    await channel.barrier(timeout)
    progress.stop()
    return sent


async def _send_encoded(channel: Channel, flows, bodies, progress, label, timeout,
                        bundle: int | None = None) -> _Sent:
    """Send the encoded ADDs ``bodies`` (plan.Encoded) of ``flows`` (into ``bundle`` if given)
    and wait for a barrier. Each window of messages is one write, made while the switch works
    through the one before."""
    sent = _Sent(flows)
    progress.start(label, len(bodies))
    frame = channel.flow_mod_framer(bundle)
    for start in range(0, len(bodies), SEND_WINDOW):
        window = bodies[start:start + SEND_WINDOW]
        first = channel.next_xids(len(window))
        sent.windows.append((first, start, len(window)))
        channel.send_many(frame(window, first))
        await channel.drain()
        progress.advance(len(window))
        if channel.errors:
            break  # stop early; the barrier below collects the rest
    await channel.barrier(timeout)
    progress.stop()
    return sent


def _raise_refusal(channel: Channel, sent: "_Sent | dict[int, FlowEntry]", policy: Policy, state: SwitchState,
                   incremental: bool = False) -> None:
    if not channel.errors:
        return
    error: SwitchError = channel.errors[0]
    flow = sent.get(error.xid)
    kept = _what_still_runs(state, incremental)
    if flow is None:
        raise EnvironmentFailure(f"the switch refused a message: {error}; {kept}")
    rule = cookie_rule(flow.cookie)
    pos = policy.origin_of(rule) if policy is not None and (rule is None or rule < len(policy.rules)) else None
    whose = "the default" if rule is None else f"rule {rule + 1}"
    raise EnvironmentFailure(
        f"the switch refused the flow for {whose} ({error}): {codec.flow_text(flow)}; {kept}", pos=pos,
        detail=(f"{len(channel.errors) - 1} more refusals" if len(channel.errors) > 1 else None))


def _what_still_runs(state: SwitchState, incremental: bool) -> str:
    if incremental:
        return ("the update stopped part-way: every packet is decided as by the old or the new ACL; "
                "push again (with --full for a bank swap)")
    if state.dispatch is None:
        return "nothing was switched over (the switch still has no aclc firewall)"
    return f"nothing was switched over: generation {state.live_generation} still runs unchanged"


def _compare_wire(missing, extra, state: SwitchState) -> None:
    """The exact read-back's verdict (codec.ReadBack): the sent flows missing or changed and the
    unexpected ones, as wire signatures."""
    if not missing and not extra:
        return
    lines = [f"  missing: table={t},priority={p},cookie={c:#x}" for t, p, c, _m, _i in missing[:5]]
    lines += [f"  unexpected: table={t},priority={p},cookie={c:#x}" for t, p, c, _m, _i in extra[:5]]
    raise EnvironmentFailure(
        f"read-back differs from what was sent ({len(missing)} flows missing or changed, "
        f"{len(extra)} unexpected); {_what_still_runs(state, False)}", detail="\n".join(lines))


def _compare(expected, actual, cookie_mask, plan: Plan, state: SwitchState, incremental: bool = False) -> None:
    missing, extra = multiset_difference(expected, actual, cookie_mask)
    if not missing and not extra:
        return
    lines = []
    for sig in missing[:5]:
        lines.append(f"  missing: table={sig[0]},priority={sig[1]},{_match_text(sig[2])}")
    for sig in extra[:5]:
        lines.append(f"  unexpected: table={sig[0]},priority={sig[1]},{_match_text(sig[2])}")
    raise EnvironmentFailure(
        f"read-back differs from what was sent ({len(missing)} flows missing or changed, "
        f"{len(extra)} unexpected); {_what_still_runs(state, incremental)}", detail="\n".join(lines))


def _match_text(match) -> str:
    """A plain match (see codec.flow_signature) as ``field=value[/mask]``."""
    from ..pipeline import FieldMatch

    fields = tuple(FieldMatch(f, v, None if m == -1 else m) for f, v, m in match)
    if not fields:
        return "any"
    text = codec.flow_text(FlowEntry(0, 0, fields, (), 0))
    return text.split(",", 2)[2].split(" -> ")[0]


async def read_installed(channel: Channel, compile_for_base: Callable[[int], Pipeline],
                         timeout: float = 120) -> Pipeline:
    """The live firewall as the switch holds it: table 0's dispatch flow and the live bank,
    as a Pipeline that starts at table 0 (for verification)."""
    stats = await channel.flow_stats(cookie=layout.MAGIC_COOKIE, cookie_mask=layout.MAGIC_MASK, timeout=timeout)
    return installed_pipeline(read_state([s for s in stats if s.flow.table_id in layout.OWNED_TABLES]),
                              compile_for_base)


def installed_pipeline(state: SwitchState, compile_for_base: Callable[[int], Pipeline]) -> Pipeline:
    from ..pipeline import Table

    if state.live_bank is None:
        raise EnvironmentFailure("the switch runs no aclc firewall (no dispatch flow in table 0)")
    compiled = compile_for_base(layout.bank_start(state.live_bank))
    by_table: dict[int, list[FlowEntry]] = {}
    for f in state.live_flows:
        by_table.setdefault(f.table_id, []).append(f)
    tables = [Table(layout.ENTRY_TABLE, "dispatch", (state.dispatch,))]
    tables += [Table(t, f"bank{state.live_bank}-{t}", tuple(fs)) for t, fs in sorted(by_table.items())]
    return Pipeline(tuple(tables), layout.ENTRY_TABLE, compiled.target, compiled.strategy,
                    compiled.continuation, compiled.policy)
