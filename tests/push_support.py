"""Helpers for the push tests: a scripted fake OpenFlow 1.3 switch on 127.0.0.1, and pipelines."""

from __future__ import annotations

import asyncio
import struct

from os_ken.ofproto import ofproto_v1_3 as ofp

from aclc.pipeline import (
    ApplyActions, Continuation, FieldMatch, FlowEntry, GotoTable, Output, PORT_NAMES, Pipeline, Table,
    make_cookie,
)
from aclc.policy import Action, Policy, Rule
from aclc.errors import SourcePos
from aclc.push import codec

HDR = struct.Struct("!BBHI")


class FakeSwitch:
    """A minimal switch that keeps a flow table in memory (exact add/delete semantics of
    OpenFlow 1.3 for what aclc sends) and can be told to misbehave."""

    # What Lagopus answers to OFPMP_DESC (src/dataplane/mgr/desc.c: hardware is dmidecode's, software uname's).
    LAGOPUS_DESC = ("Lagopus project", "QEMU Standard PC", "Linux fw1 6.1.0 #1 SMP x86_64", "0",
                    "Lagopus dataplane 0.2.12 (raw socket) without flowcache")
    NEUTRAL_DESC = ("aclc tests", "in-memory switch", "1.0", "None", "None")

    def __init__(self, dpid=1, version=4, bitmap=True, refuse=None, stats_chunk=3, cut_after=None,
                 alter=None, desc=NEUTRAL_DESC, keeps_cookie=False):
        self.desc = desc  # OFPMP_DESC strings; None answers the request with an error
        # Like Lagopus (docs/lagopus.md fact 7): an ADD over an existing flow (same table, priority
        # and match) replaces match and instructions but keeps the old cookie and counters.
        self.keeps_cookie = keeps_cookie
        self.dpid = dpid
        self.version = version
        self.bitmap = bitmap
        self.refuse = refuse or (lambda flow: None)  # flow -> (type, code) | None
        self.stats_chunk = stats_chunk
        self.cut_after = cut_after  # close the connection after this many flow mods
        self.alter = alter or (lambda flow: flow)  # what the switch really stores
        self.flow_mods = 0
        self.flows: dict[tuple, codec.FlowStat] = {}
        self.echo_replies = 0
        self.server = None
        self.port = None
        self.writers = []

    async def start(self, ssl=None):
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=ssl)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self):
        for w in self.writers:
            w.close()
        self.server.close()

    async def connect_to(self, port, ssl=None):
        """Active mode (like Lagopus): connect to a listening controller."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ssl,
                                                       server_hostname="" if ssl else None)
        asyncio.get_running_loop().create_task(self._serve(reader, writer))

    def send(self, writer, mtype, xid, body=b""):
        writer.write(HDR.pack(self.version if mtype == 0 else 4, mtype, 8 + len(body), xid) + body)

    async def _serve(self, reader, writer):
        self.writers.append(writer)
        hello = struct.pack("!HHI", 1, 8, (1 << self.version) | 2) if self.bitmap else b""
        self.send(writer, ofp.OFPT_HELLO, 1, hello)
        # Switches ask too: the controller must answer echoes.
        self.send(writer, ofp.OFPT_ECHO_REQUEST, 77, b"ping")
        try:
            while True:
                head = await reader.readexactly(8)
                version, mtype, length, xid = HDR.unpack(head)
                body = await reader.readexactly(length - 8)
                self._handle(writer, mtype, xid, head + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return

    def _handle(self, writer, mtype, xid, buf):
        if mtype == ofp.OFPT_FEATURES_REQUEST:
            self.send(writer, ofp.OFPT_FEATURES_REPLY, xid, struct.pack("!QIBB2xII", self.dpid, 0, 254, 0, 0, 0))
        elif mtype == ofp.OFPT_ECHO_REQUEST:
            self.send(writer, ofp.OFPT_ECHO_REPLY, xid, buf[8:])
        elif mtype == ofp.OFPT_ECHO_REPLY:
            self.echo_replies += 1
        elif mtype == ofp.OFPT_BARRIER_REQUEST:
            self.send(writer, ofp.OFPT_BARRIER_REPLY, xid)
        elif mtype == ofp.OFPT_FLOW_MOD:
            if self.cut_after is not None and self.flow_mods >= self.cut_after:
                writer.close()
                raise ConnectionError("cut")
            self.flow_mods += 1
            self._flow_mod(writer, xid, buf)
        elif mtype == ofp.OFPT_MULTIPART_REQUEST and struct.unpack_from("!H", buf, 8)[0] == ofp.OFPMP_DESC:
            self._desc(writer, xid, buf)
        elif mtype == ofp.OFPT_MULTIPART_REQUEST:
            self._flow_stats(writer, xid, buf)
        elif mtype == ofp.OFPT_EXPERIMENTER:  # no bundles here, like Lagopus
            self.send(writer, ofp.OFPT_ERROR, xid, struct.pack("!HH", ofp.OFPET_BAD_REQUEST,
                                                               ofp.OFPBRC_BAD_EXPERIMENTER) + buf[:64])

    def _flow_mod(self, writer, xid, buf):
        cookie, cookie_mask, table, command, _i, _h, priority = struct.unpack_from("!QQBBHHH", buf, 8)
        match, ipos = codec.decode_match(buf, 48)
        instructions = codec.decode_instructions(buf, ipos, len(buf))
        flow = FlowEntry(table, priority, codec.canonical_match(match), instructions, cookie)
        if command == codec.OFPFC_ADD:
            refusal = self.refuse(flow)
            if refusal:
                self.send(writer, ofp.OFPT_ERROR, xid, struct.pack("!HH", *refusal) + buf[:64])
                return
            flow = self.alter(flow)
            key = codec.flow_key(flow)
            old = self.flows.get(key)
            if self.keeps_cookie and old is not None:
                self.flows[key] = codec.FlowStat(FlowEntry(flow.table_id, flow.priority, flow.match,
                                                           flow.instructions, old.flow.cookie),
                                                 old.packet_count, old.byte_count, old.duration_sec)
            else:
                self.flows[key] = codec.FlowStat(flow, 0, 0, 0)
        elif command == codec.OFPFC_DELETE:
            for key, stat in list(self.flows.items()):
                if (table in (codec.OFPTT_ALL, stat.flow.table_id)
                        and stat.flow.cookie & cookie_mask == cookie & cookie_mask):
                    del self.flows[key]
        elif command == codec.OFPFC_DELETE_STRICT:
            self.flows.pop(codec.flow_key(flow), None)

    def _desc(self, writer, xid, buf):
        if self.desc is None:
            self.send(writer, ofp.OFPT_ERROR, xid, struct.pack("!HH", ofp.OFPET_BAD_REQUEST,
                                                               ofp.OFPBRC_BAD_MULTIPART) + buf[:64])
            return
        mfr, hw, sw, serial, dp = (t.encode() for t in self.desc)
        body = struct.pack("!HH4x256s256s256s32s256s", ofp.OFPMP_DESC, 0, mfr, hw, sw, serial, dp)
        self.send(writer, ofp.OFPT_MULTIPART_REPLY, xid, body)

    def _flow_stats(self, writer, xid, buf):
        table, = struct.unpack_from("!B", buf, 16)
        cookie, cookie_mask = struct.unpack_from("!QQ", buf, 32)
        stats = [s for s in self.flows.values()
                 if table in (codec.OFPTT_ALL, s.flow.table_id)
                 and s.flow.cookie & cookie_mask == cookie & cookie_mask]
        chunks = [stats[i:i + self.stats_chunk] for i in range(0, len(stats), self.stats_chunk)] or [[]]
        for n, chunk in enumerate(chunks):
            more = ofp.OFPMPF_REPLY_MORE if n < len(chunks) - 1 else 0
            body = struct.pack("!HH4x", ofp.OFPMP_FLOW, more) + b"".join(map(encode_stat, chunk))
            self.send(writer, ofp.OFPT_MULTIPART_REPLY, xid, body)

    def table(self, table_id):
        return sorted((s.flow for s in self.flows.values() if s.flow.table_id == table_id),
                      key=lambda f: -f.priority)


def encode_stat(stat: codec.FlowStat) -> bytes:
    f = stat.flow
    match = codec.encode_match(f.match)
    ins = codec.encode_instructions(f.instructions)
    length = 48 + len(match) + len(ins)
    return (struct.pack("!HBxIIHHHH4xQQQ", length, f.table_id, stat.duration_sec, 0, f.priority, 0, 0, 0,
                        f.cookie, stat.packet_count, stat.byte_count) + match + ins)


# ------------------------------------------------------------------ pipelines

PERMIT = Continuation((GotoTable(100),), "goto_table:100")


def tiny_policy(n_rules=3, file="fw.acl"):
    rules = tuple(Rule(i, Action.PERMIT if i % 2 == 0 else Action.DENY, SourcePos(file, 10 + i, 1),
                       ip_proto=6, dst_ports=((80 + i, 80 + i),)) for i in range(n_rules))
    return Policy("fw", rules, default_origin=SourcePos(file, 99, 1))


def tiny_pipeline(base: int, policy=None, ports=(80, 81, 82), permit=PERMIT) -> Pipeline:
    """One table: tcp_dst=port per rule (permit even rules), default deny at priority 1."""
    policy = policy or tiny_policy(len(ports))
    flows = []
    for i, port in enumerate(ports):
        ins = permit.instructions if i % 2 == 0 else ()
        flows.append(FlowEntry(base, 100 - i, (FieldMatch("eth_type", 0x800), FieldMatch("ip_proto", 6),
                                               FieldMatch("tcp_dst", port)), ins, make_cookie(i)))
    flows.append(FlowEntry(base, 1, (), (), make_cookie(None), role="default"))
    return Pipeline((Table(base, "acl", tuple(flows)),), base, "of13", "single", permit, policy)


def make_pki(directory):
    """A CA and two certificates signed by it (controller, switch), plus one self-signed
    impostor, made with the openssl command. Returns a dict of paths."""
    import subprocess

    d = str(directory)

    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=d)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "2", "-subj", "/CN=aclc test CA")
    for name in ("controller", "switch"):
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", f"/CN={name}")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", f"{name}.pem", "-days", "2")
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "impostor.key", "-out", "impostor.pem",
        "-days", "2", "-subj", "/CN=impostor")
    return {n: f"{d}/{n}" for n in ("ca.pem", "controller.pem", "controller.key", "switch.pem", "switch.key",
                                     "impostor.pem", "impostor.key")}


async def connected(switch):
    """A channel to the fake switch, past the handshake."""
    from aclc.push.channel import Channel, parse_endpoint

    chan = await Channel.connect(parse_endpoint(f"127.0.0.1:{switch.port}"))
    await chan.handshake()
    return chan


async def push_to(switch, compile_for_base, **kw):
    """One push over a fresh channel, closed afterwards."""
    from aclc.push.install import push

    chan = await connected(switch)
    try:
        return await push(chan, compile_for_base, **kw)
    finally:
        await chan.close()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))
