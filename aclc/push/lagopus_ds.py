"""Pushing through the Lagopus datastore DSL (``aclc push --lagopus-ds HOST:PORT``).

The datastore takes one newline-terminated DSL line and answers one JSON
object: ``{"ret":"OK"}`` or ``{"ret":"INVALID_ARGS","data":"Bad mask."}``
(docs/lagopus.md). Every reply is checked. The plan is the one of the
OpenFlow path (:mod:`aclc.push.plan`, with the lagopus profile's data: a
replaced flow keeps its old cookie): nothing to do, an incremental update of
the live bank, or a bank swap (leftovers removed, the new bank filled, read
back, a new dispatch flow added at the other dispatch priority and the old one
deleted, the old bank removed). The bridge's flows are read with ``flow
BRIDGE [-table-id N] [-with-stats]`` and parsed back into flows (match,
instructions, cookie, counters), so the read-back compares every flow
exactly, ``aclc stats`` counts per line and ``--verify`` proves the
installed flows, as over OpenFlow.

DSL spelling traps handled here: IPv4 masks are written dotted (``/24`` would
be read as the mask 0.0.0.24), and masked L4 ports, which Lagopus ignores in
its datapath, are refused before anything is sent.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from typing import Callable

from ..emit.lagopus_dsl import cookie_text  # one spelling of cookies for files and pushes
from ..errors import AclcError, EnvironmentFailure
from ..pipeline import (
    CONTROLLER_MAX_LEN, ApplyActions, FieldMatch, FlowEntry, GotoTable, Output, PORT_NAMES, PORT_NUMBERS, Pipeline,
    WriteMetadata, cookie_rule,
)
from ..profiles import get_profile
from . import codec, layout
from .channel import parse_endpoint
from .codec import FlowStat
from .install import PushReport, installed_pipeline
from .plan import Plan, SwitchState, make_plan, multiset_difference, read_state

# The switch behind a datastore is Lagopus: its profile says what it honours and that a
# replaced flow keeps its old cookie (docs/lagopus.md, facts 1, 2 and 7).
SWITCH_PROFILE = "lagopus"

DSL_FIELDS = {
    "in_port": "in_port", "metadata": "metadata", "eth_dst": "dl_dst", "eth_src": "dl_src",
    "eth_type": "dl_type", "vlan_vid": "vlan_vid", "ip_dscp": "ip_dscp", "ip_ecn": "nw_ecn",
    "ip_proto": "nw_proto", "ipv4_src": "nw_src", "ipv4_dst": "nw_dst",
    "tcp_src": "tcp_src", "tcp_dst": "tcp_dst", "udp_src": "udp_src", "udp_dst": "udp_dst",
    "sctp_src": "sctp_src", "sctp_dst": "sctp_dst", "icmpv4_type": "icmp_type",
    "icmpv4_code": "icmp_code", "arp_op": "arp_op", "arp_spa": "arp_spa", "arp_tpa": "arp_tpa",
    "ipv6_src": "ipv6_src", "ipv6_dst": "ipv6_dst", "icmpv6_type": "icmpv6_type",
    "icmpv6_code": "icmpv6_code",
}
MASKABLE = {"metadata", "eth_dst", "eth_src", "vlan_vid", "ipv4_src", "ipv4_dst", "arp_spa", "arp_tpa",
            "ipv6_src", "ipv6_dst"}
IPV4 = {"ipv4_src", "ipv4_dst", "arp_spa", "arp_tpa"}


def _mac(value: int) -> str:
    return ":".join(f"{b:02x}" for b in value.to_bytes(6, "big"))


def _value(field: str, value: int) -> str:
    if field in IPV4:
        return str(ipaddress.IPv4Address(value))
    if field.startswith("ipv6"):
        return str(ipaddress.IPv6Address(value))
    if field in ("eth_src", "eth_dst"):
        return _mac(value)
    if field == "eth_type":
        return f"0x{value:04x}"
    return str(value)


def match_words(flow: FlowEntry) -> list[str]:
    words = []
    for f in flow.match:
        name = DSL_FIELDS.get(f.field)
        if name is None:
            raise AclcError(f"the Lagopus DSL has no match field for {f.field}")
        text = _value(f.field, f.value)
        if f.mask is not None:
            if f.field not in MASKABLE:
                raise AclcError(
                    f"{f.field} is masked in a flow, and Lagopus ignores masks on it (docs/lagopus.md): "
                    "compile with --target lagopus so ranges become exact values or a multi-table pipeline")
            text += "/" + _value(f.field, f.mask)  # dotted for IPv4: '/24' would mean 0.0.0.24
        words.append(f"{name}={text}")
    return words


def flow_line(bridge: str, flow: FlowEntry) -> str:
    """``flow BRIDGE add table=10 priority=5 cookie=... dl_type=0x0800 ... apply_actions=output:2``."""
    words = [f"table={flow.table_id}", f"priority={flow.priority}", f"cookie={cookie_text(flow.cookie)}",
             *match_words(flow)]
    for ins in flow.instructions:
        if isinstance(ins, ApplyActions):
            ports = [PORT_NUMBERS.get(a.port, str(a.port)).lower() for a in ins.actions]
            words.append("apply_actions=" + ",".join(f"output:{p}" for p in ports))
        elif isinstance(ins, WriteMetadata):
            words.append(f"write_metadata={ins.value}/{ins.mask}")
        elif isinstance(ins, GotoTable):
            words.append(f"goto_table={ins.table_id}")
    return f"flow {bridge} add " + " ".join(words)


def delete_line(bridge: str, table: int | str, cookie: int, mask: int) -> str:
    return f"flow {bridge} del table={table} cookie={cookie_text(cookie, mask)}"


def strict_delete_line(bridge: str, flow: FlowEntry) -> str:
    """Delete exactly one flow: table, priority and match (Lagopus ignores the cookie here)."""
    return " ".join([f"flow {bridge} del -strict table={flow.table_id} priority={flow.priority}",
                     *match_words(flow)])


# ------------------------------------------------------------------ reading the dump back

_DL_TYPES = {"ip": 0x0800, "arp": 0x0806, "ipv6": 0x86DD, "mpls": 0x8847, "mplsmc": 0x8848, "pbb": 0x88E7}
_FROM_DSL = {dsl: oxm for oxm, dsl in DSL_FIELDS.items()}
_NOT_MATCH = {"priority", "idle_timeout", "hard_timeout", "send_flow_rem", "check_overlap", "cookie",
              "actions", "stats"}


class DumpError(ValueError):
    pass


def _number(text) -> int:
    if isinstance(text, bool):
        raise DumpError(f"{text!r} is not a number")
    if isinstance(text, int):
        return text
    return int(str(text), 0)


def _parse_value(field: str, text) -> int:
    if field in IPV4:
        return int(ipaddress.IPv4Address(str(text)))
    if field.startswith("ipv6"):
        return int(ipaddress.IPv6Address(str(text)))
    if field in ("eth_src", "eth_dst"):
        parts = str(text).split(":")
        if len(parts) != 6:
            raise DumpError(f"{text!r} is not a MAC address")
        return int("".join(f"{int(p, 16):02x}" for p in parts), 16)
    if field == "eth_type" and isinstance(text, str) and text in _DL_TYPES:
        return _DL_TYPES[text]
    if field == "in_port" and isinstance(text, str) and text.upper() in PORT_NAMES:
        return PORT_NAMES[text.upper()]
    return _number(text)


def _parse_match(field: str, text) -> FieldMatch:
    width = codec.OXM_FIELDS[field][1] * 8
    if isinstance(text, str) and "/" in text:
        value_text, mask_text = text.split("/", 1)
        value = _parse_value(field, value_text)
        if field.startswith("ipv6") and mask_text.isdigit():
            mask = ((1 << width) - 1) ^ ((1 << (width - int(mask_text))) - 1)
        else:
            mask = _parse_value(field, mask_text)
        if mask != (1 << width) - 1:
            return FieldMatch(field, value, mask)
        return FieldMatch(field, value)
    return FieldMatch(field, _parse_value(field, text))


def _parse_output(action) -> Output:
    port = action["output"]
    if isinstance(port, str) and port.upper() in PORT_NAMES:
        name = port.upper()
        return Output(PORT_NAMES[name], CONTROLLER_MAX_LEN if name == "CONTROLLER" else 0)
    return Output(_number(port))


def _parse_instructions(items) -> tuple:
    out = []
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise DumpError(f"instruction {item!r}")
        (kind, value), = item.items()
        if kind in ("apply_actions", "write_actions"):
            if kind == "write_actions" or not all(isinstance(a, dict) and set(a) == {"output"} for a in value):
                raise DumpError(f"{kind} {value!r} (aclc installs only apply_actions with outputs)")
            out.append(ApplyActions(tuple(_parse_output(a) for a in value)))
        elif kind == "write_metadata":
            text = str(value)
            v, m = text.split("/", 1) if "/" in text else (text, str((1 << 64) - 1))
            out.append(WriteMetadata(_number(v), _number(m)))
        elif kind == "goto_table":
            out.append(GotoTable(_number(value)))
        else:
            raise DumpError(f"instruction {kind} (aclc installs none)")
    return codec.canonical_instructions(tuple(out))


def parse_flow(table: int, obj: dict) -> FlowStat:
    """One flow object of a ``flow BRIDGE`` dump as aclc's own flow, with its counters."""
    match = []
    for key, value in obj.items():
        if key in _NOT_MATCH:
            continue
        field = _FROM_DSL.get(key)
        if field is None:
            raise DumpError(f"match field {key} (aclc installs none)")
        match.append(_parse_match(field, value))
    flow = FlowEntry(table, _number(obj.get("priority", 0)), codec.canonical_match(tuple(match)),
                     _parse_instructions(obj.get("actions", [])), _number(obj.get("cookie", 0)))
    stats = obj.get("stats") or {}
    return FlowStat(flow, _number(stats.get("packet_count", 0)), _number(stats.get("byte_count", 0)), 0)


class DatastoreError(EnvironmentFailure):
    def __init__(self, line: str, reply: dict):
        self.reply = reply
        super().__init__(f"the Lagopus datastore refused '{line}': {reply.get('ret')}"
                         + (f" ({reply['data']})" if isinstance(reply.get("data"), str) else ""))


class DatastoreClient:
    """One TCP session with the Lagopus datastore: a line out, one JSON object back."""

    def __init__(self, address: str, timeout: float = 30, allow_remote: bool = False):
        endpoint = parse_endpoint(address, default_port=12345, option="--lagopus-ds")
        if endpoint.kind != "tcp":
            raise AclcError("--lagopus-ds: only tcp:HOST:PORT (the datastore's TLS is not supported)")
        if not endpoint.is_loopback and not allow_remote:
            raise AclcError(f"--lagopus-ds {address}: the datastore has no authentication; talking to it on a "
                            "non-loopback address must be asked for with --allow-remote")
        self.endpoint = endpoint
        try:
            self.sock = socket.create_connection((endpoint.host, endpoint.port), timeout=timeout)
        except OSError as e:
            raise EnvironmentFailure(f"cannot connect to the Lagopus datastore at {endpoint}: "
                                     f"{e.strerror or e}") from None
        self.buffer = b""
        self.decoder = json.JSONDecoder()
        self.lines_sent = 0

    def close(self) -> None:
        self.sock.close()

    def call(self, line: str) -> dict:
        try:
            self.sock.sendall(line.encode() + b"\n")
            self.lines_sent += 1
            return self._read_object()
        except socket.timeout:
            raise EnvironmentFailure(f"the Lagopus datastore did not answer '{line}'") from None
        except OSError as e:
            raise EnvironmentFailure(f"the connection to the Lagopus datastore broke: {e}") from None

    def ok(self, line: str):
        reply = self.call(line)
        if reply.get("ret") != "OK":
            raise DatastoreError(line, reply)
        return reply.get("data")

    def _read_object(self) -> dict:
        while True:
            text = self.buffer.lstrip()
            if text and not text.startswith(b"{"):  # every answer is an object: no need to wait for more
                raise EnvironmentFailure(f"the Lagopus datastore answered {text[:60]!r}, not a JSON object "
                                         "(is it the datastore port?)")
            if text:
                try:
                    obj, end = self.decoder.raw_decode(text.decode())
                except (json.JSONDecodeError, UnicodeDecodeError):
                    pass
                else:
                    self.buffer = text.decode()[end:].encode()
                    if not isinstance(obj, dict):
                        raise EnvironmentFailure(f"the Lagopus datastore answered {obj!r}, not an object")
                    return obj
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EnvironmentFailure("the Lagopus datastore closed the connection")
            self.buffer += chunk



def _lagopus_targets() -> str:
    """The targets whose profile describes the switch behind a Lagopus datastore."""
    from ..profiles import targets_that

    return (targets_that(lambda p: "lagopus" in p.recognised_by and not p.has_normal)
            or "a target for a switch without NORMAL")


def _check_request(bridge: str, compile_for_base: Callable[[int], Pipeline] | None) -> None:
    from ..emit.lagopus_dsl import BRIDGE_NAME

    if not BRIDGE_NAME.fullmatch(bridge or ""):  # a space or newline would inject DSL words
        raise AclcError(f"--bridge: {bridge!r} is not a Lagopus bridge name (letters, digits, _ . : -)")
    if compile_for_base is None:
        return
    first = compile_for_base(layout.bank_start(0))
    for flow in first.flows():
        match_words(flow)  # a flow the DSL cannot express is refused before connecting
        for ins in flow.instructions:
            if isinstance(ins, ApplyActions) and any(a.port == PORT_NAMES["NORMAL"] for a in ins.actions):
                raise AclcError("Lagopus has no NORMAL port (permit NORMAL is for Open vSwitch): compile with "
                                f"{_lagopus_targets()}, or give --permit goto_table:N or output:PORT")
    # The rest of what Lagopus runs differently (a priority below its lowest working one), as
    # an OpenFlow push to a switch that says it is Lagopus refuses it.
    from .compat import refuse_if_unfaithful

    refuse_if_unfaithful(first, get_profile(SWITCH_PROFILE), "the datastore belongs to a Lagopus switch")


def push_ds(address: str, bridge: str, compile_for_base: Callable[[int], Pipeline], *, full: bool = False,
            dry_run: bool = False, timeout: float = 30, allow_remote: bool = False,
            on_connected=None) -> PushReport:
    _check_request(bridge, compile_for_base)
    client = DatastoreClient(address, timeout, allow_remote)
    if on_connected is not None:
        on_connected()
    try:
        return _push(client, bridge, compile_for_base, full, dry_run)
    finally:
        client.close()


def read_flows(client: DatastoreClient, bridge: str, table: int | None = None, with_stats: bool = False,
               owned_only: bool = True) -> list[FlowStat]:
    """The bridge's flows (one table's, or all of them) as FlowStats. Flows aclc installed in its
    own tables are parsed in full; any other flow in those tables only by cookie (it is foreign,
    and named as such); flows in other tables are left out."""
    data = client.ok(f"flow {bridge}" + (f" -table-id {table}" if table is not None else "")
                     + (" -with-stats" if with_stats else ""))
    out = []
    try:
        for br in data or []:
            for t in br.get("tables", []):
                table_id = int(t["table"])
                for obj in t.get("flows", []):
                    cookie, priority = int(obj.get("cookie", 0)), int(obj.get("priority", 0))  # checked first
                    if owned_only and table_id not in layout.OWNED_TABLES:
                        continue
                    if cookie & layout.MAGIC_MASK != layout.MAGIC_COOKIE:
                        out.append(FlowStat(FlowEntry(table_id, priority, (), (), cookie), 0, 0, 0))
                        continue
                    out.append(parse_flow(table_id, obj))
    except (AttributeError, KeyError, TypeError, ValueError) as e:
        why = str(e) if isinstance(e, DumpError) else f"{type(e).__name__}: {e}"
        raise EnvironmentFailure(f"the Lagopus datastore's flow dump of {bridge} is not in the expected "
                                 f"shape ({why})") from None
    return out


def read_installed_ds(address: str, bridge: str, compile_for_base, *, timeout: float = 30,
                      allow_remote: bool = False) -> Pipeline:
    """The live firewall on the bridge as a Pipeline from table 0 (for ``--verify``)."""
    _check_request(bridge, None)
    client = DatastoreClient(address, timeout, allow_remote)
    try:
        stats = read_flows(client, bridge)
    finally:
        client.close()
    return installed_pipeline(read_state(stats), compile_for_base)


def read_stats_ds(address: str, bridge: str, *, timeout: float = 30, allow_remote: bool = False) -> list[FlowStat]:
    """aclc's flows on the bridge with their counters (for ``aclc stats --lagopus-ds``)."""
    _check_request(bridge, None)
    client = DatastoreClient(address, timeout, allow_remote)
    try:
        return [s for s in read_flows(client, bridge, with_stats=True)
                if s.flow.cookie & layout.MAGIC_MASK == layout.MAGIC_COOKIE]
    finally:
        client.close()


def _push(client: DatastoreClient, bridge: str, compile_for_base, full: bool, dry_run: bool) -> PushReport:
    started = time.monotonic()
    state = read_state(read_flows(client, bridge))
    plan = make_plan(state, compile_for_base, full=full,
                     replace_keeps_cookie=get_profile(SWITCH_PROFILE).replace_keeps_cookie)
    # Every line is spelled (and refused if it cannot be) before anything is sent.
    lines = [flow_line(bridge, s.flow) if s.op == "add" else strict_delete_line(bridge, s.flow) for s in plan.steps]
    report = PushReport(plan.kind, plan.generation, plan.bank, tables=tuple(t.table_id for t in plan.pipeline.tables),
                        description=plan.describe(state).replace("plan: ", f"plan (bridge {bridge}, datastore DSL): ", 1),
                        dry_run=dry_run)
    if dry_run or plan.kind == "nothing":
        report.seconds = time.monotonic() - started
        return report
    if plan.kind == "full":
        _full(client, bridge, plan, state, lines, report)
    else:
        _incremental(client, bridge, plan, state, lines, report)
    report.seconds = time.monotonic() - started
    return report


def _kept(state: SwitchState, incremental: bool) -> str:
    from .install import _what_still_runs

    return _what_still_runs(state, incremental)


def _send_steps(client: DatastoreClient, plan: Plan, lines: list[str], kept: str) -> None:
    for step, line in zip(plan.steps, lines):
        reply = client.call(line)
        if reply.get("ret") != "OK":
            rule = cookie_rule(step.flow.cookie)
            policy = plan.pipeline.policy
            pos = policy.origin_of(rule) if policy is not None and (rule is None or rule < len(policy.rules)) else None
            whose = "the default" if rule is None else f"rule {rule + 1}"
            detail = reply.get("data") if isinstance(reply.get("data"), str) else ""
            raise EnvironmentFailure(
                f"Lagopus refused the flow for {whose}: {reply.get('ret')}"
                + (f" ({detail})" if detail else "") + f": '{line}'; {kept}", pos=pos)


def _switch_over(client: DatastoreClient, bridge: str, plan: Plan) -> None:
    """Add the new dispatch flow at the other dispatch priority, then delete the old one
    (see aclc/push/layout.py): never a replace, so its cookie is the new generation's."""
    client.ok(flow_line(bridge, plan.dispatch))
    if plan.old_dispatch is not None:
        client.ok(strict_delete_line(bridge, plan.old_dispatch))


def _full(client: DatastoreClient, bridge: str, plan: Plan, state: SwitchState, lines: list[str],
          report: PushReport) -> None:
    for table in plan.cleanup_tables:
        client.ok(delete_line(bridge, table, layout.MAGIC_COOKIE, layout.MAGIC_MASK))
    for flow in plan.stale_entry:  # never by cookie in table 0: that would take the live dispatch flow
        client.ok(strict_delete_line(bridge, flow))
    report.leftovers_removed = (sum(1 for f in state.leftovers if f.table_id in plan.cleanup_tables)
                                + len(plan.stale_entry))
    kept = _kept(state, False)
    added = False
    try:
        _send_steps(client, plan, lines, kept)
        _read_back(client, bridge, plan, kept, 0xFFFFFFFFFFFFFFFF)
        try:
            client.ok(flow_line(bridge, plan.dispatch))
        except DatastoreError as refused:  # the old dispatch flow still decides
            raise EnvironmentFailure(f"{refused.message}; {kept}") from None
        added = True
        if plan.old_dispatch is not None:
            client.ok(strict_delete_line(bridge, plan.old_dispatch))
    except AclcError:
        if not added:
            _remove_partial(client, bridge, plan)
        raise
    # The new firewall is live. Removing the old bank cannot change any decision any more.
    for table in plan.remove_tables:
        client.ok(delete_line(bridge, table, layout.MAGIC_COOKIE, layout.MAGIC_MASK))
    report.added = len(plan.expected) + 1
    report.removed = len(state.live_flows) + (1 if state.dispatch is not None else 0)


def _remove_partial(client: DatastoreClient, bridge: str, plan: Plan) -> None:
    """Best effort: empty the (non-live) bank this push was filling; the next push would."""
    try:
        for table in sorted({f.table_id for f in plan.expected}):
            client.ok(delete_line(bridge, table, layout.MAGIC_COOKIE, layout.MAGIC_MASK))
    except AclcError:
        pass


def _incremental(client: DatastoreClient, bridge: str, plan: Plan, state: SwitchState, lines: list[str],
                 report: PushReport) -> None:
    # The datastore applies each line before it answers, in order: the order of the plan's
    # steps (adds highest priority first, then deletes lowest first) is the order they act in.
    kept = _kept(state, True)
    _send_steps(client, plan, lines, kept)
    _read_back(client, bridge, plan, kept, layout.WITHOUT_GENERATION)
    _switch_over(client, bridge, plan)  # same bank: only the generation changes
    report.added = plan.adds
    report.removed = plan.deletes


def _read_back(client: DatastoreClient, bridge: str, plan: Plan, kept: str, cookie_mask: int) -> None:
    """The bank as the switch holds it, parsed, against the flows it must hold, exactly (the
    cookie under ``cookie_mask``)."""
    have = []
    for table in layout.bank_tables(plan.bank):
        if table in {f.table_id for f in plan.expected} or table in {t.table_id for t in plan.pipeline.tables}:
            have += [s.flow for s in read_flows(client, bridge, table)
                     if s.flow.cookie & layout.MAGIC_MASK == layout.MAGIC_COOKIE]
    missing, extra = multiset_difference(plan.expected, have, cookie_mask)
    if missing or extra:
        lines = [f"  missing: table={t},priority={p},cookie={c:#x}" for t, p, _m, _i, c in missing[:5]]
        lines += [f"  unexpected: table={t},priority={p},cookie={c:#x}" for t, p, _m, _i, c in extra[:5]]
        raise EnvironmentFailure(f"read-back from Lagopus differs ({len(missing)} flows missing or changed, "
                                 f"{len(extra)} unexpected); {kept}", detail="\n".join(lines))
