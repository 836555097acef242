"""``aclc push`` and ``aclc stats`` against peers that misbehave on the wire: each case ends in one
error line and exit status 1, quickly, with no traceback and no flow mod sent.

The peers are plain sockets on 127.0.0.1 run by a thread, each following a small script."""

from __future__ import annotations

import socket
import struct
import threading
import time
from pathlib import Path

import pytest

from aclc.cli import main
from aclc.push import codec

REPO = Path(__file__).resolve().parent.parent
OFFICE = str(REPO / "examples" / "office.acl")
HDR = struct.Struct("!BBHI")
OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_FEATURES_REQUEST, OFPT_FEATURES_REPLY = 0, 1, 2, 5, 6
OFPT_FLOW_MOD, OFPT_MULTIPART_REQUEST, OFPT_MULTIPART_REPLY, OFPT_BARRIER_REQUEST = 14, 18, 19, 20


def hello(version=4, bitmap=1 << 4) -> bytes:
    return HDR.pack(version, OFPT_HELLO, 16, 0) + struct.pack("!HHI", 1, 8, bitmap)


def features(xid, dpid=1) -> bytes:
    return HDR.pack(4, OFPT_FEATURES_REPLY, 32, xid) + struct.pack("!QIBB2xII", dpid, 0, 254, 0, 0, 0)


def read_message(conn):
    data = b""
    while len(data) < 8:
        chunk = conn.recv(8 - len(data))
        if not chunk:
            return None
        data += chunk
    version, mtype, length, xid = HDR.unpack(data)
    body = b""
    while len(body) < length - 8:
        chunk = conn.recv(length - 8 - len(body))
        if not chunk:
            return None
        body += chunk
    return mtype, xid, body


class Peer:
    """Accepts one connection and runs ``script(conn, peer)``; records the message types it got."""

    def __init__(self, script):
        self.script = script
        self.received: list[int] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        conn.settimeout(10)
        try:
            self.script(conn, self)
        except OSError:
            pass
        finally:
            conn.close()
            self.sock.close()

    def read(self, conn):
        message = read_message(conn)
        if message is not None:
            self.received.append(message[0])
        return message

    def serve(self, conn, answer):
        """Hello, then answer each message with ``answer(mtype, xid)``: bytes, None, or (bytes, STOP)
        to send and close."""
        conn.sendall(hello())
        while True:
            message = self.read(conn)
            if message is None:
                return
            mtype, xid, body = message
            if mtype == OFPT_HELLO:
                continue
            reply = answer(mtype, xid)
            if isinstance(reply, tuple):  # (bytes, STOP): send, then close
                conn.sendall(reply[0])
                return
            if reply:
                conn.sendall(reply)


STOP = object()


def linger(conn, seconds=3):
    """Keep the connection open (reading) without answering."""
    conn.settimeout(seconds)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass


def after_features(reply_to_stats):
    def answer(mtype, xid):
        if mtype == OFPT_FEATURES_REQUEST:
            return features(xid)
        if mtype == OFPT_MULTIPART_REQUEST:
            return reply_to_stats(xid)
        if mtype == OFPT_BARRIER_REQUEST:
            return HDR.pack(4, 21, 8, xid)
        return None
    return answer


def multipart(xid, mp_type, body, more=False, length=None):
    length = 16 + len(body) if length is None else length
    return HDR.pack(4, OFPT_MULTIPART_REPLY, length, xid) + struct.pack("!HH4x", mp_type, 1 if more else 0) + body


SCRIPTS = {
    "http-server": (lambda c, p: (c.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n"), linger(c)),
                    "the first message was not an OpenFlow HELLO"),
    "ssh-banner": (lambda c, p: (c.sendall(b"SSH-2.0-OpenSSH_9.6\r\n"), linger(c)),
                   "the first message was not an OpenFlow HELLO"),
    "truncated-header-then-close": (lambda c, p: c.sendall(b"\x04\x00\x00"), "was lost"),
    "truncated-header-then-silence": (lambda c, p: (c.sendall(b"\x04\x00\x00"), linger(c)), "sent no OpenFlow HELLO"),
    "silent": (lambda c, p: linger(c), "sent no OpenFlow HELLO"),
    "openflow-1.0-only": (lambda c, p: (c.sendall(hello(1, 1 << 1)), linger(c)),
                          "does not speak OpenFlow 1.3 (it offers OpenFlow 1.0)"),
    "hello-of-unknown-version": (lambda c, p: (c.sendall(HDR.pack(99, 0, 8, 0)), linger(c)),
                                 "the first message was not an OpenFlow HELLO"),
    "huge-length-then-close": (lambda c, p: c.sendall(HDR.pack(4, OFPT_HELLO, 65535, 0) + b"x" * 10),
                               "was lost"),
    "error-instead-of-hello": (lambda c, p: (c.sendall(HDR.pack(4, OFPT_ERROR, 12, 0) + struct.pack("!HH", 0, 0)),
                                             linger(c)), "error before its HELLO: OFPET_HELLO_FAILED/OFPHFC_INCOMPATIBLE"),
    "length-below-header": (lambda c, p: (c.sendall(HDR.pack(4, OFPT_HELLO, 4, 0)), linger(c)),
                            "malformed message of length 4"),
    "close-after-hello": (lambda c, p: (c.sendall(hello()), p.read(c), p.read(c)), "was lost"),
    "error-without-body": (lambda c, p: p.serve(c, lambda t, x: HDR.pack(4, OFPT_ERROR, 8, x)),
                           "malformed message from the switch"),
    "short-features-reply": (lambda c, p: p.serve(c, lambda t, x: HDR.pack(4, OFPT_FEATURES_REPLY, 12, x) + b"abcd"),
                             "malformed reply from the switch"),
    "echo-reply-for-features": (lambda c, p: p.serve(c, lambda t, x: HDR.pack(4, 3, 8, x)),
                                "answered the features request with OFPEchoReply"),
    "features-in-openflow-1.0": (lambda c, p: p.serve(c, lambda t, x: HDR.pack(1, OFPT_FEATURES_REPLY, 32, x) + bytes(24)),
                                 "sent an OpenFlow 1.0 message after agreeing on OpenFlow 1.3"),
    "wrong-multipart-type": (lambda c, p: p.serve(c, after_features(lambda x: multipart(x, 0, b""))),
                             "with multipart type 0"),
    "multipart-too-short": (lambda c, p: p.serve(c, after_features(
        lambda x: HDR.pack(4, OFPT_MULTIPART_REPLY, 10, x) + b"\x00\x01")), "malformed message from the switch"),
    "flow-stats-garbage": (lambda c, p: p.serve(c, after_features(lambda x: multipart(x, 1, b"\xff" * 24))),
                           "malformed flow stats from the switch: truncated flow stats entry"),
    "flow-stats-entry-past-the-end": (lambda c, p: p.serve(c, after_features(
        lambda x: multipart(x, 1, struct.pack("!H", 400) + bytes(62)))), "malformed flow stats"),
    "flow-stats-zero-length-action": (lambda c, p: p.serve(c, after_features(
        lambda x: multipart(x, 1, _entry_with_zero_length_action()))), "action of length 0"),
    "closes-mid-multipart": (lambda c, p: p.serve(c, after_features(
        lambda x: (multipart(x, 1, bytes(20), more=True, length=400), STOP))), "was lost"),
}


def _entry_with_zero_length_action() -> bytes:
    """A flow stats entry whose apply-actions holds an action of length 0 (a naive decoder loops forever)."""
    match = struct.pack("!HH4x", 1, 4)
    instruction = struct.pack("!HH4x", 4, 16) + struct.pack("!HH4x", 0, 0)
    length = 48 + len(match) + len(instruction)
    head = struct.pack("!HBxIIHHHH4xQQQ", length, 10, 0, 0, 5, 0, 0, 0, 0xAC1C000000000001, 0, 0)
    return head + match + instruction


@pytest.mark.parametrize("command", ["push", "stats"])
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_a_misbehaving_peer_is_one_error_line_and_exit_1(capsys, name, command):
    script, words = SCRIPTS[name]
    peer = Peer(script)
    started = time.monotonic()
    status = main([command, OFFICE, "--connect", f"tcp:127.0.0.1:{peer.port}", "--timeout", "1.5"]
                  + (["-q"] if command == "push" else []))
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    assert status == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert words in lines[0], err
    assert elapsed < 6, f"took {elapsed:.1f} s"
    assert OFPT_FLOW_MOD not in peer.received  # nothing was installed
    peer.thread.join(5)


def test_the_zero_length_action_entry_is_refused_by_both_decoders():
    body = _entry_with_zero_length_action()
    with pytest.raises(codec.CodecError, match="action of length 0"):
        codec.decode_flow_stats(body)
    # The read-back path compares bytes; a malformed entry can only make it differ, but never loop.
    codec.wire_signatures(body)


@pytest.mark.parametrize("body", [b"\xff" * 24, b"\x00" * 24, struct.pack("!H", 56) + bytes(54), b"\x00\x08" + bytes(6)])
def test_truncated_or_inconsistent_flow_stats_are_errors_not_empty_tables(body):
    for decode in (codec.decode_flow_stats, codec.wire_signatures, codec.ReadBack().consume,
                   lambda b: codec.flow_counts(b, {b"x": 1}), lambda b: codec.flow_counts(b, {})):
        with pytest.raises(codec.CodecError):
            decode(body)


def test_random_corruption_of_flow_stats_never_escapes_as_another_exception():
    import random

    from push_support import encode_stat

    from aclc.flowparse import parse_ofctl

    text = (REPO / "tests" / "golden" / "emit" / "examples" / "everything.ovs.ofctl").read_text()
    flows = parse_ofctl(text)
    bodies = [b"".join(encode_stat(codec.FlowStat(f, 1, 2, 3)) for f in flows[i:i + 3])
              for i in range(0, len(flows), 3)]
    rng = random.Random(7)
    for _ in range(3000):
        data = bytearray(rng.choice(bodies))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data) + 1)
            roll = rng.random()
            if roll < 0.5 and data:
                data[min(at, len(data) - 1)] = rng.randrange(256)
            elif roll < 0.75:
                del data[at:at + rng.randint(1, 8)]
            else:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        for decode in (codec.decode_flow_stats, codec.wire_signatures, codec.ReadBack().consume,
                       lambda b: codec.flow_counts(b, {b"x": 1})):
            try:
                decode(bytes(data))
            except codec.CodecError:
                pass
