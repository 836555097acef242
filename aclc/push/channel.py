"""An OpenFlow 1.3 controller channel on asyncio.

aclc is the controller: it either connects to a switch that listens (Open
vSwitch ``ptcp:``) or listens and waits for the switch (Lagopus only connects
out and retries about every 2 s). Messages are built and parsed with os-ken's
OpenFlow 1.3 classes, except the two bulk ones (flow mods out, flow stats in)
that :mod:`aclc.push.codec` packs itself for speed.

The channel runs one reader task. Replies are matched to requests by xid;
an OFPT_ERROR whose xid belongs to a waiting request fails that request, any
other error (for example the answer to a flow mod sent without waiting) is
kept in :attr:`Channel.errors` so the caller can name the flow that caused it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import ssl as ssl_module
import struct
from dataclasses import dataclass, field

from os_ken.ofproto import ofproto_v1_3 as ofp
from os_ken.ofproto import ofproto_v1_3_parser as parser

from ..errors import AclcError, EnvironmentFailure
from . import codec

OF13 = ofp.OFP_VERSION
VERSION_NAMES = {1: "1.0", 2: "1.1", 3: "1.2", 4: "1.3", 5: "1.4", 6: "1.5"}
_HEADER = struct.Struct("!BBHI")


class _DatapathStub:
    """What os-ken's message classes need from a datapath: the protocol modules."""

    ofproto = ofp
    ofproto_parser = parser
    id = None


DATAPATH = _DatapathStub()


# The reply each request must get (a broken switch may answer an xid with anything).
_REPLY_TYPES = {
    parser.OFPFeaturesRequest: parser.OFPSwitchFeatures,
    parser.OFPBarrierRequest: parser.OFPBarrierReply,
    parser.OFPEchoRequest: parser.OFPEchoReply,
}


# ------------------------------------------------------------------ errors

def _names(prefix: str) -> dict[int, str]:
    return {v: k for k, v in vars(ofp).items() if k.startswith(prefix) and isinstance(v, int)}


ERROR_TYPES = _names("OFPET_")
_CODE_PREFIX = {
    "OFPET_HELLO_FAILED": "OFPHFC_", "OFPET_BAD_REQUEST": "OFPBRC_", "OFPET_BAD_ACTION": "OFPBAC_",
    "OFPET_BAD_INSTRUCTION": "OFPBIC_", "OFPET_BAD_MATCH": "OFPBMC_",
    "OFPET_FLOW_MOD_FAILED": "OFPFMFC_", "OFPET_GROUP_MOD_FAILED": "OFPGMFC_",
    "OFPET_PORT_MOD_FAILED": "OFPPMFC_", "OFPET_TABLE_MOD_FAILED": "OFPTMFC_",
    "OFPET_QUEUE_OP_FAILED": "OFPQOFC_", "OFPET_SWITCH_CONFIG_FAILED": "OFPSCFC_",
    "OFPET_ROLE_REQUEST_FAILED": "OFPRRFC_", "OFPET_METER_MOD_FAILED": "OFPMMFC_",
    "OFPET_TABLE_FEATURES_FAILED": "OFPTFFC_",
}
ERROR_CODES = {t: _names(_CODE_PREFIX[name]) for t, name in ERROR_TYPES.items() if name in _CODE_PREFIX}


def error_text(err_type: int, code: int) -> str:
    """``OFPET_BAD_ACTION/OFPBAC_BAD_OUT_PORT``, or the numbers when os-ken has no name."""
    tname = ERROR_TYPES.get(err_type, f"type {err_type}")
    cname = ERROR_CODES.get(err_type, {}).get(code, f"code {code}")
    return f"{tname}/{cname}"


@dataclass(frozen=True)
class SwitchError:
    """An OFPT_ERROR from the switch; ``data`` starts with the message that caused it."""

    xid: int
    type: int
    code: int
    data: bytes = b""

    def __str__(self) -> str:
        return error_text(self.type, self.code)


class OpenFlowError(EnvironmentFailure):
    def __init__(self, error: SwitchError, what: str = "request"):
        super().__init__(f"the switch refused the {what}: {error}")
        self.error = error


class ChannelClosed(EnvironmentFailure):
    pass


# ------------------------------------------------------------------ endpoints

@dataclass(frozen=True)
class Endpoint:
    """``tcp:HOST:PORT``, ``ssl:HOST:PORT`` or ``unix:PATH`` (``HOST:PORT`` means tcp)."""

    kind: str
    host: str = ""
    port: int = 0
    path: str = ""

    def __str__(self) -> str:
        if self.kind == "unix":
            return f"unix:{self.path}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.kind}:{host}:{self.port}"

    @property
    def is_loopback(self) -> bool:
        if self.kind == "unix" or self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_endpoint(text: str, default_port: int = 6653, option: str = "--connect") -> Endpoint:
    kind, rest = "tcp", text.strip()
    for prefix in ("tcp:", "ssl:", "unix:"):
        if rest.startswith(prefix):
            kind, rest = prefix[:-1], rest[len(prefix):]
            break
    if kind == "unix":
        if not rest:
            raise AclcError(f"{option}: 'unix:' needs a socket path")
        return Endpoint("unix", path=rest)
    host, port = rest, str(default_port)
    if rest.startswith("["):
        end = rest.find("]")
        if end < 0:
            raise AclcError(f"{option}: unclosed '[' in {text!r}")
        host, tail = rest[1:end], rest[end + 1:]
        if tail:
            if not tail.startswith(":"):
                raise AclcError(f"{option}: expected ':PORT' after ']' in {text!r}")
            port = tail[1:]
    elif rest.count(":") == 1:
        host, port = rest.split(":")
    if not host:
        raise AclcError(f"{option}: no host in {text!r} (expected tcp:HOST:PORT)")
    if ":" in host:  # only an IPv6 address has colons; anything else is a mistyped HOST:PORT
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise AclcError(f"{option}: {host!r} in {text!r} is neither HOST:PORT nor an IPv6 address "
                            "(write [ADDRESS]:PORT)") from None
    if not re.fullmatch(r"[0-9]{1,5}", port) or not 0 < int(port) < 65536:  # ASCII digits only
        raise AclcError(f"{option}: bad port {port!r} in {text!r}")
    return Endpoint(kind, host, int(port))


def tls_context(server: bool, cert: str | None, key: str | None, ca: str | None) -> ssl_module.SSLContext:
    """Mutual TLS as OpenFlow switches use it: both ends present a certificate signed by ``ca``."""
    if not (cert and key and ca):
        raise AclcError("ssl: needs --cert, --key and --ca (the switch's CA certificate)")
    purpose = ssl_module.Purpose.CLIENT_AUTH if server else ssl_module.Purpose.SERVER_AUTH
    try:
        ctx = ssl_module.create_default_context(purpose, cafile=ca)
        ctx.load_cert_chain(cert, key)
    except (OSError, ssl_module.SSLError) as e:
        raise AclcError(f"cannot load TLS files: {e}") from None
    ctx.verify_mode = ssl_module.CERT_REQUIRED
    # Switch certificates (ovs-pki, Lagopus) name the switch, not an address.
    ctx.check_hostname = False
    return ctx


# ------------------------------------------------------------------ the channel

@dataclass
class Features:
    dpid: int
    n_tables: int
    peer: str


@dataclass
class _Multipart:
    future: asyncio.Future
    parts: list = field(default_factory=list)
    signatures_mask: int | None = None
    consume: object = None  # a callable fed each reply body instead of decoding it here


class Channel:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str):
        self.reader = reader
        self.writer = writer
        self.peer = peer
        self.errors: list[SwitchError] = []
        self.features: Features | None = None
        self._xid = 0x1000
        self._waiting: dict[int, asyncio.Future] = {}
        self._multipart: dict[int, _Multipart] = {}
        self._hello: asyncio.Future = asyncio.get_running_loop().create_future()
        self._closed: str | None = None
        self._reader_task = asyncio.get_running_loop().create_task(self._read_loop())
        self.messages_sent = 0

    # -------------------------------------------------------------- opening
    @classmethod
    async def connect(cls, endpoint: Endpoint, timeout: float = 10,
                      ssl: ssl_module.SSLContext | None = None) -> "Channel":
        try:
            if endpoint.kind == "unix":
                reader, writer = await asyncio.wait_for(
                    asyncio.open_unix_connection(endpoint.path), timeout)
            else:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(endpoint.host, endpoint.port, ssl=ssl), timeout)
        except asyncio.TimeoutError:
            raise EnvironmentFailure(f"no answer from the switch at {endpoint} within {timeout:g} s") from None
        except (OSError, ssl_module.SSLError) as e:
            raise EnvironmentFailure(f"cannot connect to the switch at {endpoint}: {e.strerror or e}") from None
        return cls(reader, writer, str(endpoint))

    @classmethod
    async def listen(cls, endpoint: Endpoint, dpid: int | None, timeout: float = 60,
                     ssl: ssl_module.SSLContext | None = None, on_wait=None,
                     wait_report_every: float = 10) -> "Channel":
        """Accept switches until one with ``dpid`` (any, when None) completes the handshake.

        ``on_wait(seconds_waited, others)`` is called when listening starts and then every
        ``wait_report_every`` seconds until a switch is accepted (``others``: the switches that
        connected but were not wanted)."""
        found: asyncio.Future = asyncio.get_running_loop().create_future()
        seen: list[str] = []

        async def accepted(reader, writer):
            peer = writer.get_extra_info("peername")
            chan = cls(reader, writer, f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer))
            try:
                feats = await chan.handshake(timeout=min(timeout, 10))
            except AclcError as e:  # (closed below)
                seen.append(f"{chan.peer}: {e.message}")
                await chan.close()
                if "OpenFlow 1.3" in e.message and not found.done():
                    found.set_exception(e)
                return
            if found.done() or (dpid is not None and feats.dpid != dpid):
                seen.append(f"{chan.peer}: dpid {feats.dpid:#x}")
                await chan.close()
                return
            found.set_result(chan)

        try:
            if endpoint.kind == "unix":
                server = await asyncio.start_unix_server(accepted, endpoint.path)
            else:
                server = await asyncio.start_server(accepted, endpoint.host, endpoint.port, ssl=ssl,
                                                    reuse_address=True)
        except OSError as e:
            raise EnvironmentFailure(f"cannot listen on {endpoint}: {e.strerror or e}") from None
        started = asyncio.get_running_loop().time()

        async def report():
            while True:
                on_wait(asyncio.get_running_loop().time() - started, tuple(seen))
                await asyncio.sleep(wait_report_every)

        reporter = asyncio.get_running_loop().create_task(report()) if on_wait else None
        try:
            return await asyncio.wait_for(asyncio.shield(found), timeout)
        except asyncio.TimeoutError:
            want = f"switch with dpid {dpid:#x}" if dpid is not None else "switch"
            others = f" (connected but not wanted: {'; '.join(seen)})" if seen else ""
            raise EnvironmentFailure(f"no {want} connected to {endpoint} within {timeout:g} s{others}") from None
        finally:
            if reporter is not None:
                reporter.cancel()
            server.close()

    # -------------------------------------------------------------- handshake
    async def handshake(self, expected_dpid: int | None = None, timeout: float = 10) -> Features:
        """HELLO (OpenFlow 1.3 only), then FEATURES; checks the dpid when one is expected."""
        self._write(self._hello_bytes())
        try:
            version, bitmap = await asyncio.wait_for(asyncio.shield(self._hello), timeout)
        except asyncio.TimeoutError:
            await self.close()
            raise EnvironmentFailure(f"{self.peer} sent no OpenFlow HELLO within {timeout:g} s "
                                     "(is it an OpenFlow switch?)") from None
        speaks_13 = version == OF13 or (bitmap is not None and bitmap & (1 << OF13)) or (
            bitmap is None and version > OF13)
        if not speaks_13:
            offered = sorted(v for v in range(1, 32) if bitmap and bitmap & (1 << v)) or [version]
            names = ", ".join(VERSION_NAMES.get(v, str(v)) for v in offered)
            self._write(_HEADER.pack(min(version, OF13), ofp.OFPT_ERROR, 12 + 32, 0)
                        + struct.pack("!HH", ofp.OFPET_HELLO_FAILED, ofp.OFPHFC_INCOMPATIBLE)
                        + b"aclc speaks OpenFlow 1.3 only".ljust(32, b"\0"))
            await self.close()
            raise EnvironmentFailure(f"{self.peer} does not speak OpenFlow 1.3 (it offers OpenFlow {names}); "
                                     "enable it on the switch (Open vSwitch: protocols=OpenFlow13)")
        reply = await self.request(parser.OFPFeaturesRequest(DATAPATH), timeout=timeout, what="features request")
        self.features = Features(reply.datapath_id, reply.n_tables, self.peer)
        if expected_dpid is not None and reply.datapath_id != expected_dpid:
            await self.close()
            raise EnvironmentFailure(f"the switch at {self.peer} has dpid {reply.datapath_id:#x}, "
                                     f"not {expected_dpid:#x} (--dpid)")
        return self.features

    @staticmethod
    def _hello_bytes() -> bytes:
        # One version-bitmap element offering exactly 1.3.
        element = struct.pack("!HHI", ofp.OFPHET_VERSIONBITMAP, 8, 1 << OF13)
        return _HEADER.pack(OF13, ofp.OFPT_HELLO, 8 + len(element), 0) + element

    # -------------------------------------------------------------- sending
    def next_xid(self) -> int:
        self._xid = (self._xid + 1) & 0xFFFFFFFF or 1
        return self._xid

    def next_xids(self, n: int) -> int:
        """The first of ``n`` consecutive xids (never wrapping past 0xFFFFFFFF inside them)."""
        first = self._xid + 1
        if first + n - 1 > 0xFFFFFFFF:
            first = 1
        self._xid = first + n - 1
        return first

    def _write(self, data: bytes) -> None:
        if self._closed:
            raise ChannelClosed(f"the connection to the switch at {self.peer} is closed ({self._closed})")
        self.writer.write(data)
        self.messages_sent += 1

    def send_raw(self, data: bytes) -> None:
        """Send one already-encoded message (its xid is the caller's business)."""
        self._write(data)

    def send_many(self, messages: list[bytes]) -> None:
        """Send already-encoded messages in one write."""
        if self._closed:
            raise ChannelClosed(f"the connection to the switch at {self.peer} is closed ({self._closed})")
        self.writer.write(b"".join(messages))
        self.messages_sent += len(messages)

    async def drain(self) -> None:
        try:
            await self.writer.drain()
        except (ConnectionError, OSError) as e:
            self._lost(f"{e}")
            raise ChannelClosed(f"the connection to the switch at {self.peer} broke: {e}") from None

    def send_msg(self, msg) -> int:
        """Serialize and send an os-ken message; returns its xid."""
        msg.set_xid(self.next_xid())
        msg.serialize()
        self._write(bytes(msg.buf))
        return msg.xid

    async def request(self, msg, timeout: float = 30, what: str = "request"):
        """Send and wait for the reply with the same xid (an OFPT_ERROR raises OpenFlowError)."""
        future = asyncio.get_running_loop().create_future()
        xid = self.send_msg(msg)
        self._waiting[xid] = future
        try:
            await self.drain()
            reply = await asyncio.wait_for(future, timeout)
            expected = _REPLY_TYPES.get(type(msg))
            if expected is not None and not isinstance(reply, expected):
                raise EnvironmentFailure(f"the switch answered the {what} with {type(reply).__name__}, "
                                         f"not {expected.__name__}")
            return reply
        except asyncio.TimeoutError:
            raise EnvironmentFailure(f"the switch at {self.peer} did not answer the {what} "
                                     f"within {timeout:g} s") from None
        finally:
            self._waiting.pop(xid, None)

    # -------------------------------------------------------------- bundles
    # Open vSwitch accepts OpenFlow 1.4 bundles in OpenFlow 1.3 as an ONF extension
    # (experimenter 0x4F4E4600, types 2300/2301). It applies a committed bundle in one
    # step, several times faster than the same flow mods one by one. Lagopus answers the
    # open request with an error, and aclc then sends plain flow mods.
    ONF = 0x4F4E4600
    BUNDLE_CONTROL, BUNDLE_ADD = 2300, 2301
    OPEN, COMMIT, DISCARD = 0, 4, 6
    ATOMIC = 1

    def _bundle_control(self, bundle_id: int, ctrl_type: int, xid: int) -> bytes:
        body = struct.pack("!IIIHH", self.ONF, self.BUNDLE_CONTROL, bundle_id, ctrl_type, self.ATOMIC)
        return _HEADER.pack(OF13, ofp.OFPT_EXPERIMENTER, 8 + len(body), xid) + body

    def bundle_add(self, bundle_id: int, message: bytes) -> bytes:
        """Wrap an encoded message (its xid is kept) for the bundle."""
        xid = struct.unpack_from("!I", message, 4)[0]
        body = struct.pack("!IIIHH", self.ONF, self.BUNDLE_ADD, bundle_id, 0, self.ATOMIC) + message
        return _HEADER.pack(OF13, ofp.OFPT_EXPERIMENTER, 8 + len(body), xid) + body

    def bundle_adder(self, bundle_id: int):
        """``bundle_add`` for many messages of one bundle: ``wrap(message, xid)``, the header
        parts prepared once."""
        head = struct.pack("!IIIHH", self.ONF, self.BUNDLE_ADD, bundle_id, 0, self.ATOMIC)
        extra, pack, experimenter = 8 + len(head), _HEADER.pack, ofp.OFPT_EXPERIMENTER

        def wrap(message: bytes, xid: int) -> bytes:
            return pack(OF13, experimenter, extra + len(message), xid) + head + message
        return wrap

    def flow_mod_framer(self, bundle_id: int | None = None):
        """``frame(bodies, first_xid)``: the messages carrying flow mods given without their
        8-byte header (codec.encode_add_parts), with xids from ``first_xid`` up; each wrapped
        for the bundle when ``bundle_id`` is given (the inner and outer xid the same)."""
        from itertools import count

        if bundle_id is None:
            pack = _HEADER.pack

            def frame(bodies, first_xid: int) -> list[bytes]:
                return [pack(OF13, codec.OFPT_FLOW_MOD, 8 + len(b), x) + b for x, b in zip(count(first_xid), bodies)]
            return frame
        pack = struct.Struct("!BBHIIIIHHBBHI").pack
        onf, add, atomic, experimenter = self.ONF, self.BUNDLE_ADD, self.ATOMIC, ofp.OFPT_EXPERIMENTER

        def frame(bodies, first_xid: int) -> list[bytes]:
            return [pack(OF13, experimenter, 32 + len(b), x, onf, add, bundle_id, 0, atomic,
                         OF13, codec.OFPT_FLOW_MOD, 8 + len(b), x) + b for x, b in zip(count(first_xid), bodies)]
        return frame

    async def _bundle_request(self, bundle_id: int, ctrl_type: int, timeout: float, what: str):
        future = asyncio.get_running_loop().create_future()
        xid = self.next_xid()
        self._waiting[xid] = future
        try:
            self._write(self._bundle_control(bundle_id, ctrl_type, xid))
            await self.drain()
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise EnvironmentFailure(f"the switch at {self.peer} did not answer the {what} "
                                     f"within {timeout:g} s") from None
        finally:
            self._waiting.pop(xid, None)

    async def bundle_open(self, bundle_id: int, timeout: float = 10) -> bool:
        """Open a bundle; False when the switch does not do bundles in OpenFlow 1.3 (it
        answers with an error, or not at all before the barrier that follows)."""
        xid = self.next_xid()
        self._write(self._bundle_control(bundle_id, self.OPEN, xid))
        return await self._reply_before_barrier(xid, timeout) is not None

    async def bundle_commit(self, bundle_id: int, timeout: float = 300) -> None:
        await self._bundle_request(bundle_id, self.COMMIT, timeout, "bundle commit")

    async def bundle_discard(self, bundle_id: int, timeout: float = 30) -> None:
        await self._bundle_request(bundle_id, self.DISCARD, timeout, "bundle discard")

    async def description(self, timeout: float = 30):
        """What the switch says it is (OFPMP_DESC), as a :class:`compat.SwitchDescription`; None
        when it answers with an error or not at all before the barrier that follows."""
        from .compat import SwitchDescription

        reply = await self._reply_before_barrier(self.send_msg(parser.OFPDescStatsRequest(DATAPATH, 0)), timeout)
        if not isinstance(reply, parser.OFPDescStatsReply):
            return None
        return SwitchDescription.from_reply(reply.body)

    async def _reply_before_barrier(self, xid: int, timeout: float):
        """The reply to the request just sent with ``xid``; None when the switch answers it
        with an error or not at all before a barrier (a switch answers in order)."""
        future = asyncio.get_running_loop().create_future()
        self._waiting[xid] = future  # nothing is read before the first await below
        try:
            await self.barrier(timeout)
            await asyncio.sleep(0)
            if not future.done() or future.exception() is not None:
                return None
            return future.result()
        finally:
            self._waiting.pop(xid, None)
            if not future.done():
                future.cancel()
            elif not future.cancelled():
                future.exception()  # seen: a lost connection is reported by the barrier

    async def barrier(self, timeout: float = 120) -> None:
        """Wait until the switch has processed everything sent before."""
        await self.request(parser.OFPBarrierRequest(DATAPATH), timeout=timeout, what="barrier")

    async def echo(self, data: bytes = b"aclc", timeout: float = 10) -> bytes:
        reply = await self.request(parser.OFPEchoRequest(DATAPATH, data=data), timeout=timeout, what="echo")
        return reply.data

    async def flow_stats(self, table_id: int = ofp.OFPTT_ALL, cookie: int = 0, cookie_mask: int = 0,
                         timeout: float = 120, signatures_mask: int | None = None, consume=None) -> list:
        """All flows of a table (or all tables) whose cookie matches, reassembling
        multipart replies flagged OFPMPF_REPLY_MORE. With ``signatures_mask``, returns
        :func:`codec.wire_signatures` (cookies masked by it) instead of FlowStats. With
        ``consume``, each reply body goes to ``consume(body)`` as it arrives (so reading it
        overlaps the switch writing the next) and the list returned is empty."""
        req = parser.OFPFlowStatsRequest(DATAPATH, 0, table_id, ofp.OFPP_ANY, ofp.OFPG_ANY,
                                         cookie, cookie_mask, parser.OFPMatch())
        future = asyncio.get_running_loop().create_future()
        xid = self.send_msg(req)
        self._multipart[xid] = _Multipart(future, signatures_mask=signatures_mask, consume=consume)
        try:
            await self.drain()
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise EnvironmentFailure(f"the switch at {self.peer} did not finish the flow stats reply "
                                     f"within {timeout:g} s") from None
        finally:
            self._multipart.pop(xid, None)

    # -------------------------------------------------------------- receiving
    async def _read_loop(self) -> None:
        try:
            while True:
                header = await self.reader.readexactly(8)
                version, msg_type, length, xid = _HEADER.unpack(header)
                if length < 8:
                    self._lost(f"malformed message of length {length}")
                    return
                first = not self._hello.done()
                if first and (msg_type not in (ofp.OFPT_HELLO, ofp.OFPT_ERROR) or version not in VERSION_NAMES):
                    # Checked before reading the body: garbage must not make us wait for 64 KiB.
                    self._lost(f"the first message was not an OpenFlow HELLO (bytes {header.hex()}); "
                               "is it an OpenFlow switch?")
                    return
                body = await self.reader.readexactly(length - 8) if length > 8 else b""
                if first and msg_type == ofp.OFPT_ERROR:  # e.g. it refuses our HELLO before sending its own
                    etype, code = struct.unpack_from("!HH", body) if len(body) >= 4 else (-1, -1)
                    self._lost(f"the switch answered with an error before its HELLO: {error_text(etype, code)}")
                    return
                self._dispatch(version, msg_type, length, xid, header + body)
        except (asyncio.IncompleteReadError, ConnectionError, OSError, ssl_module.SSLError) as e:
            self._lost("closed by the switch" if isinstance(e, asyncio.IncompleteReadError) else str(e))
        except asyncio.CancelledError:
            self._lost("closed")
            raise
        except (struct.error, IndexError, ValueError, AclcError) as e:
            # A message too short for its type: the switch is broken; fail every waiter now
            # instead of letting them time out.
            self._lost(f"malformed message from the switch ({e})")

    def _dispatch(self, version, msg_type, length, xid, buf) -> None:
        if msg_type == ofp.OFPT_HELLO:
            if not self._hello.done():
                self._hello.set_result((version, _hello_bitmap(buf)))
            return
        if version != OF13:  # only a HELLO may come in another version
            self._lost(f"the switch sent an OpenFlow {VERSION_NAMES.get(version, version)} message "
                       "after agreeing on OpenFlow 1.3")
            return
        if msg_type == ofp.OFPT_ECHO_REQUEST:
            self._write(_HEADER.pack(OF13, ofp.OFPT_ECHO_REPLY, length, xid) + buf[8:])
            return
        if msg_type == ofp.OFPT_ERROR:
            etype, code = struct.unpack_from("!HH", buf, 8)
            error = SwitchError(xid, etype, code, bytes(buf[12:]))
            waiter = self._waiting.get(xid) or (self._multipart[xid].future if xid in self._multipart else None)
            if waiter is not None and not waiter.done():
                waiter.set_exception(OpenFlowError(error))
            else:
                self.errors.append(error)
            return
        if msg_type == ofp.OFPT_MULTIPART_REPLY and xid in self._multipart:
            mp_type, flags = struct.unpack_from("!HH", buf, 8)
            pending = self._multipart[xid]
            if mp_type != ofp.OFPMP_FLOW or length < 16:
                # Never read as "no flows": the push would then believe the tables empty.
                if not pending.future.done():
                    pending.future.set_exception(EnvironmentFailure(
                        f"the switch answered the flow stats request with multipart type {mp_type} "
                        f"(length {length}), not flow stats"))
                return
            try:
                if pending.consume is not None:
                    pending.consume(buf[16:])
                elif pending.signatures_mask is not None:
                    pending.parts.extend(codec.wire_signatures(buf[16:], pending.signatures_mask))
                else:
                    pending.parts.extend(codec.decode_flow_stats(buf[16:]))
            except (codec.CodecError, struct.error, ValueError) as e:
                if not pending.future.done():
                    why = e.message if isinstance(e, AclcError) else e
                    pending.future.set_exception(EnvironmentFailure(f"malformed flow stats from the switch: {why}"))
                return
            if not flags & ofp.OFPMPF_REPLY_MORE and not pending.future.done():
                pending.future.set_result(pending.parts)
            return
        waiter = self._waiting.get(xid)
        if waiter is not None and not waiter.done():
            try:
                # os-ken's own parser for 1.3: ofproto_parser.msg() would log a traceback and return None.
                msg = parser.msg_parser(DATAPATH, version, msg_type, length, xid, buf)
            except Exception as e:  # a malformed reply must not kill the reader
                msg, why = None, f"{type(e).__name__}: {e}"
            else:
                why = f"message type {msg_type} that os-ken does not know"
            if msg is None:
                waiter.set_exception(EnvironmentFailure(f"malformed reply from the switch ({why})"))
                return
            waiter.set_result(msg)
        # Anything else (PORT_STATUS, PACKET_IN...) does not concern a push.

    def _lost(self, why: str) -> None:
        if self._closed:
            return
        self._closed = why
        failure = ChannelClosed(f"the connection to the switch at {self.peer} was lost ({why})")
        for future in [*self._waiting.values(), *(m.future for m in self._multipart.values()), self._hello]:
            if not future.done():
                future.set_exception(failure)
        # Nobody may be waiting on the hello any more: mark its failure as seen.
        self._hello.exception()

    @property
    def closed(self) -> str | None:
        return self._closed

    async def close(self) -> None:
        self._reader_task.cancel()
        try:
            await self._reader_task
        except (asyncio.CancelledError, Exception):
            pass
        try:
            self.writer.close()
            await asyncio.wait_for(self.writer.wait_closed(), 2)
        except (Exception, asyncio.TimeoutError):
            pass


def _hello_bitmap(buf: bytes) -> int | None:
    """The first word of the version bitmap element of a HELLO, if it has one."""
    pos = 8
    while pos + 4 <= len(buf):
        etype, elen = struct.unpack_from("!HH", buf, pos)
        if elen < 4:
            return None
        if etype == ofp.OFPHET_VERSIONBITMAP and elen >= 8:
            return struct.unpack_from("!I", buf, pos + 4)[0]
        pos += (elen + 7) // 8 * 8
    return None


async def open_switch(connect: str | None, listen: str | None, dpid: int | None, *,
                      allow_remote: bool = False, cert=None, key=None, ca=None,
                      timeout: float = 60, on_wait=None) -> Channel:
    """The channel a command asked for: ``--connect`` to a listening switch, or ``--listen``
    for one that connects out (loopback only unless ``allow_remote``)."""
    if bool(connect) == bool(listen):
        raise AclcError("give exactly one of --connect (the switch listens) and --listen "
                        "(the switch connects out, as Lagopus does)")
    endpoint = parse_endpoint(connect, default_port=6653, option="--connect") if connect else \
        parse_endpoint(listen, default_port=6653, option="--listen")
    if (cert or key or ca) and endpoint.kind != "ssl":
        # Silently talking plain TCP to someone who asked for certificates would be worse than refusing.
        hint = (f"write ssl:{str(endpoint).split(':', 1)[1]} instead of {endpoint}" if endpoint.kind == "tcp"
                else "TLS needs ssl:HOST:PORT")
        raise AclcError(f"--cert, --key and --ca are for TLS: {hint}")
    if connect:
        ctx = tls_context(False, cert, key, ca) if endpoint.kind == "ssl" else None
        chan = await Channel.connect(endpoint, timeout=min(timeout, 30), ssl=ctx)
        try:
            await chan.handshake(dpid, timeout=min(timeout, 30))
        except BaseException:
            await chan.close()  # a failed handshake must not leave the connection open
            raise
        return chan
    if not endpoint.is_loopback and not allow_remote:
        raise AclcError(f"--listen {listen}: not a loopback address; listening where other machines "
                        "can connect must be asked for with --allow-remote")
    ctx = tls_context(True, cert, key, ca) if endpoint.kind == "ssl" else None
    return await Channel.listen(endpoint, dpid, timeout=timeout, ssl=ctx, on_wait=on_wait)
