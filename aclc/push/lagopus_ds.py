"""Pushing through the Lagopus datastore DSL (``aclc push --lagopus-ds HOST:PORT``).

The datastore takes one newline-terminated DSL line and answers one JSON
object: ``{"ret":"OK"}`` or ``{"ret":"INVALID_ARGS","data":"Bad mask."}``
(docs/lagopus.md). Every reply is checked. The transaction is the bank swap
of :mod:`aclc.push.install`: leftovers removed, the new bank filled, read
back, table 0's dispatch flow replaced, the old bank removed. The read-back
compares table, priority and cookie of every flow (``flow BRIDGE -table-id
N``); the dump's spelling of matches is not parsed.

DSL spelling traps handled here: IPv4 masks are written dotted (``/24`` would
be read as the mask 0.0.0.24), and masked L4 ports, which Lagopus ignores in
its datapath, are refused before anything is sent.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections import Counter
from typing import Callable

from ..emit.lagopus_dsl import cookie_text  # one spelling of cookies for files and pushes
from ..errors import AclcError, EnvironmentFailure
from ..pipeline import (
    ApplyActions, FlowEntry, GotoTable, PORT_NAMES, PORT_NUMBERS, Pipeline, WriteMetadata, cookie_generation, cookie_rule,
)
from . import layout
from .channel import parse_endpoint
from .install import PushReport
from .plan import switch_flows

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

    def dump(self, bridge: str, table: int | None = None) -> list[tuple[int, dict]]:
        """(table, flow object) for every flow of the bridge (or one table)."""
        data = self.ok(f"flow {bridge}" + (f" -table-id {table}" if table is not None else ""))
        out = []
        try:
            for br in data or []:
                for t in br.get("tables", []):
                    for flow in t.get("flows", []):
                        int(flow.get("cookie", 0)), int(flow.get("priority", 0))  # used later: check now
                        out.append((int(t["table"]), flow))
        except (AttributeError, KeyError, TypeError, ValueError) as e:
            raise EnvironmentFailure(f"the Lagopus datastore's flow dump of {bridge} is not in the expected "
                                     f"shape ({type(e).__name__}: {e})") from None
        return out


def push_ds(address: str, bridge: str, compile_for_base: Callable[[int], Pipeline], *, full: bool = True,
            dry_run: bool = False, timeout: float = 30, allow_remote: bool = False) -> PushReport:
    from ..emit.lagopus_dsl import BRIDGE_NAME

    if not BRIDGE_NAME.fullmatch(bridge or ""):  # a space or newline would inject DSL words
        raise AclcError(f"--bridge: {bridge!r} is not a Lagopus bridge name (letters, digits, _ . : -)")
    first = compile_for_base(layout.bank_start(0))
    for flow in first.flows():
        match_words(flow)  # a flow the DSL cannot express is refused before connecting
        for ins in flow.instructions:
            if isinstance(ins, ApplyActions) and any(a.port == PORT_NAMES["NORMAL"] for a in ins.actions):
                raise AclcError("Lagopus has no NORMAL port (permit NORMAL is for Open vSwitch): compile with "
                                "-t lagopus, or give --permit goto_table:N or output:PORT")
    # The rest of what Lagopus runs differently (a priority-0 flow with an IPv4 match), as an
    # OpenFlow push to a switch that says it is Lagopus refuses it.
    from .compat import refuse_if_unfaithful_on_lagopus

    refuse_if_unfaithful_on_lagopus(first, "the datastore belongs to a Lagopus switch")
    client = DatastoreClient(address, timeout, allow_remote)
    try:
        return _push(client, bridge, compile_for_base, dry_run)
    finally:
        client.close()


def _push(client: DatastoreClient, bridge: str, compile_for_base, dry_run: bool) -> PushReport:
    started = time.monotonic()
    flows = client.dump(bridge)
    aclc = [(t, f) for t, f in flows if int(f.get("cookie", 0)) >> 48 == layout.MAGIC_COOKIE >> 48]
    foreign = [t for t, f in flows if t in layout.OWNED_TABLES and (t, f) not in aclc]
    if foreign:
        raise AclcError(f"bridge {bridge} has {len(foreign)} flows that aclc did not install in tables it owns "
                        f"({', '.join(map(str, sorted(set(foreign))))}); aclc owns tables 0 and 10-89")
    dispatch = [f for t, f in aclc if t == layout.ENTRY_TABLE]
    live_gen = cookie_generation(int(dispatch[0]["cookie"])) if dispatch else 0
    live_bank = None
    if dispatch:
        banks = {layout.bank_of(t) for t, f in aclc
                 if layout.bank_of(t) is not None and cookie_generation(int(f["cookie"])) == live_gen}
        live_bank = banks.pop() if len(banks) == 1 else None
    bank = 0 if live_bank is None else 1 - live_bank
    generation = layout.next_generation(live_gen)
    pipeline = compile_for_base(layout.bank_start(bank))
    layout.check_fits(pipeline, bank)
    new_flows = switch_flows(pipeline, generation)
    lines = [flow_line(bridge, f) for f in new_flows]  # spelled (and refused) before anything is sent
    leftovers = sorted({t for t, f in aclc if layout.bank_of(t) == bank})
    old_tables = sorted({t for t, f in aclc if live_bank is not None and layout.bank_of(t) == live_bank})
    report = PushReport("full", generation, bank, tables=tuple(t.table_id for t in pipeline.tables))
    report.description = (
        f"plan: full install of generation {generation} into bank {bank} of {bridge} over the datastore DSL: "
        f"{len(lines)} flows, read back, then switch table 0 to it"
        + (f"; remove leftovers in tables {leftovers}" if leftovers else "")
        + (f"; remove bank {live_bank}" if old_tables else ""))
    if dry_run:
        report.dry_run = True
        return report
    for table in leftovers:
        client.ok(delete_line(bridge, table, layout.MAGIC_COOKIE, layout.MAGIC_MASK))
    kept = (f"generation {live_gen} still runs unchanged" if dispatch
            else "nothing was switched over (no aclc firewall was running)")
    try:
        for flow, line in zip(new_flows, lines):
            reply = client.call(line)
            if reply.get("ret") != "OK":
                rule = cookie_rule(flow.cookie)
                policy = pipeline.policy
                pos = policy.origin_of(rule) if policy is not None else None
                whose = "the default" if rule is None else f"rule {rule + 1}"
                detail = reply.get("data") if isinstance(reply.get("data"), str) else ""
                raise EnvironmentFailure(
                    f"Lagopus refused the flow for {whose}: {reply.get('ret')}"
                    + (f" ({detail})" if detail else "") + f": '{line}'; {kept}", pos=pos)
        _read_back(client, bridge, new_flows, kept)
        client.ok(flow_line(bridge, layout.dispatch_flow(bank, generation)))
    except AclcError:
        try:
            client.ok(delete_line(bridge, "all", layout.generation_cookie(generation),
                                  layout.MAGIC_AND_GENERATION_MASK))
        except AclcError:
            pass  # the next push removes them as leftovers
        raise
    for table in old_tables:
        client.ok(delete_line(bridge, table, layout.MAGIC_COOKIE, layout.MAGIC_MASK))
    report.added = len(new_flows) + 1
    report.removed = sum(1 for t, f in aclc if t in old_tables) + len(dispatch)
    report.seconds = time.monotonic() - started
    return report


def _read_back(client: DatastoreClient, bridge: str, flows: list[FlowEntry], kept: str) -> None:
    want = Counter((f.table_id, f.priority, f.cookie) for f in flows)
    have = Counter()
    for table in sorted({f.table_id for f in flows}):
        for t, f in client.dump(bridge, table):
            if int(f.get("cookie", 0)) & layout.MAGIC_AND_GENERATION_MASK == flows[0].cookie & layout.MAGIC_AND_GENERATION_MASK:
                have[(t, int(f.get("priority", -1)), int(f["cookie"]))] += 1
    if want != have:
        missing = sum((want - have).values())
        extra = sum((have - want).values())
        raise EnvironmentFailure(f"read-back from Lagopus differs ({missing} flows missing, {extra} unexpected); {kept}")
