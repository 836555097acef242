"""Bad options of ``aclc push``, ``aclc stats`` and ``aclc ryu-test``, and a Lagopus datastore that answers
nonsense: one error line, exit 2 for bad input and 1 for the switch or the machine, no traceback, and
no connection attempted when the input is wrong."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from aclc.cli import main

REPO = Path(__file__).resolve().parent.parent
OFFICE = str(REPO / "examples" / "office.acl")
EVERYTHING = str(REPO / "examples" / "everything.acl")


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_error_line(status, err, expected_status, words):
    assert "Traceback" not in err and "internal error" not in err, err
    assert status == expected_status, err
    lines = err.strip().splitlines()
    assert lines and lines[0].startswith("error: "), err
    assert words in lines[0], err


class Listener:
    """A socket on 127.0.0.1 that counts the connections made to it (and says nothing)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        # A connection made by the command is already queued when it returns: no need to wait.
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return count
            conn.close()
            count += 1


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.sock.close()


PUSH_CASES = [
    (["--connect", "tcp:127.0.0.1:{port}", "--listen", "127.0.0.1:{port}"], "give exactly one of"),
    ([], "give exactly one of"),
    (["--connect", "tcp:"], "no host"),
    (["--connect", "tcp:127.0.0.1:"], "bad port"),
    (["--connect", "tcp:127.0.0.1:0"], "bad port"),
    (["--connect", "tcp:127.0.0.1:99999"], "bad port"),
    (["--connect", "tcp:127.0.0.1:\u00b2"], "bad port"),
    (["--connect", "tcp:127.0.0.1:\u0666\u0666\u0665\u0663"], "bad port"),
    (["--connect", "tcp:127.0.0.1:5:6"], "neither HOST:PORT nor an IPv6 address"),
    (["--connect", "tcp:[::1"], "unclosed '['"),
    (["--connect", "tcp:[::1]x"], "expected ':PORT' after ']'"),
    (["--connect", "unix:"], "needs a socket path"),
    (["--connect", "ssl:127.0.0.1:{port}"], "needs --cert, --key and --ca"),
    (["--connect", "ssl:127.0.0.1:{port}", "--cert", "/nonexistent", "--key", "/nonexistent", "--ca", "/nonexistent"],
     "cannot load TLS files"),
    (["--connect", "tcp:127.0.0.1:{port}", "--ca", "ca.pem"], "write ssl:127.0.0.1:"),
    (["--listen", "127.0.0.1:{port}", "--cert", "c.pem", "--key", "k.pem", "--ca", "ca.pem"], "are for TLS"),
    (["--connect", "unix:/nonexistent.sock", "--ca", "ca.pem"], "TLS needs ssl:HOST:PORT"),
    (["--listen", "10.1.2.3:6653"], "not a loopback address"),
    (["--listen", "0.0.0.0:6653"], "not a loopback address"),
    (["--connect", "tcp:127.0.0.1:{port}", "--dpid", "zz"], "is not a datapath id"),
    (["--connect", "tcp:127.0.0.1:{port}", "--dpid", "-1"], "is not a datapath id"),
    (["--connect", "tcp:127.0.0.1:{port}", "--dpid", "1_0"], "is not a datapath id"),
    (["--connect", "tcp:127.0.0.1:{port}", "--dpid", "\u0663"], "is not a datapath id"),
    (["--connect", "tcp:127.0.0.1:{port}", "--dpid", "0x10000000000000000"], "out of range"),
    (["--connect", "tcp:127.0.0.1:{port}", "--timeout", "0"], "not in the range"),
    (["--connect", "tcp:127.0.0.1:{port}", "--timeout", "nan"], "'nan' is not a number of seconds"),
    (["--connect", "tcp:127.0.0.1:{port}", "--timeout", "soon"], "is not a valid float"),
    (["--connect", "tcp:127.0.0.1:{port}", "-t", "cisco"], "'cisco' is not one of"),
    (["--connect", "tcp:127.0.0.1:{port}", "--permit", "goto_table:50"], "inside the tables aclc owns"),
    (["--connect", "tcp:127.0.0.1:{port}", "--permit", "nowhere"], "bad permit continuation"),
    (["--connect", "tcp:127.0.0.1:{port}", "--max-flows", "0"], "must be positive"),
    (["--connect", "tcp:127.0.0.1:{port}", "--priority-base", "70000"], "within"),
]


@pytest.mark.parametrize("command", ["push", "stats"])
@pytest.mark.parametrize("args, words", PUSH_CASES, ids=[" ".join(a) for a, _ in PUSH_CASES])
def test_bad_switch_options_exit_2_before_any_connection(capsys, listener, command, args, words):
    args = [a.format(port=listener.port) for a in args]
    if "--timeout" not in args:
        args += ["--timeout", "1"]  # a case that wrongly connects fails fast
    status, out, err = run(capsys, command, OFFICE, *args)
    assert_one_error_line(status, err, 2, words)
    assert listener.connections() == 0


PUSH_ONLY_CASES = [
    (["--lagopus-ds", "127.0.0.1:{port}", "--connect", "tcp:127.0.0.1:{port}"], "do not combine it"),
    (["--lagopus-ds", "10.0.0.1:12345"], "has no authentication"),
    (["--lagopus-ds", "127.0.0.1:{port}", "--bridge", "br0 add table=0"], "not a Lagopus bridge name"),
    (["--lagopus-ds", "127.0.0.1:{port}", "--bridge", "br0\nflow br0 del"], "not a Lagopus bridge name"),
    (["--lagopus-ds", "127.0.0.1:{port}", "--bridge", ""], "not a Lagopus bridge name"),
]


@pytest.mark.parametrize("args, words", PUSH_ONLY_CASES, ids=[" ".join(a) for a, _ in PUSH_ONLY_CASES])
def test_bad_datastore_options_exit_2_before_any_connection(capsys, listener, args, words):
    args = [a.format(port=listener.port) for a in args]
    status, out, err = run(capsys, "push", OFFICE, "-q", *args)
    assert_one_error_line(status, err, 2, words)
    assert listener.connections() == 0


def test_a_masked_port_for_the_datastore_is_refused_before_connecting(capsys, listener):
    # The ovs target keeps port ranges as masked matches, which Lagopus would silently ignore.
    status, out, err = run(capsys, "push", EVERYTHING, "-q", "-t", "ovs", "--permit", "output:2",
                           "--lagopus-ds", f"127.0.0.1:{listener.port}")
    assert_one_error_line(status, err, 2, "Lagopus ignores masks on it")
    assert listener.connections() == 0


def test_normal_for_the_datastore_is_refused_before_connecting(capsys, listener):
    status, out, err = run(capsys, "push", OFFICE, "-q", "-t", "ovs", "--lagopus-ds", f"127.0.0.1:{listener.port}")
    assert_one_error_line(status, err, 2, "Lagopus has no NORMAL port")
    assert listener.connections() == 0


class OddDatastore:
    """Answers every line with the same bytes (a Lagopus datastore gone wrong)."""

    def __init__(self, reply: bytes, close_after=False):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.lines: list[str] = []

        def serve():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                buffer = b""
                try:
                    while True:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        buffer += chunk
                        while b"\n" in buffer:
                            line, buffer = buffer.split(b"\n", 1)
                            self.lines.append(line.decode())
                            conn.sendall(reply)
                            if close_after:
                                return
                except OSError:
                    return
        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()


def _dump(data) -> bytes:
    return json.dumps({"ret": "OK", "data": data}).encode()


@pytest.mark.parametrize("reply, words", [
    (_dump({"bridge01": 1}), "not in the expected shape"),
    (_dump("text"), "not in the expected shape"),
    (_dump([{"tables": [{"flows": [{"cookie": "abc"}], "table": 0}]}]), "not in the expected shape"),
    (_dump([{"tables": [{"flows": [{"cookie": 1}]}]}]), "not in the expected shape"),
    (_dump([{"tables": [{"flows": [None], "table": 0}]}]), "not in the expected shape"),
    (b"[1, 2]", "not a JSON object"),
    (b"HTTP/1.1 400 Bad Request\r\n\r\n", "not a JSON object"),
    (json.dumps({"ret": "INVALID_ARGS", "data": "no such bridge"}).encode(), "refused"),
])
def test_a_datastore_that_answers_nonsense_is_an_environment_failure(capsys, reply, words):
    datastore = OddDatastore(reply)
    status, out, err = run(capsys, "push", OFFICE, "-q", "-t", "lagopus", "--lagopus-ds", f"127.0.0.1:{datastore.port}",
                           "--timeout", "2")
    assert_one_error_line(status, err, 1, words)
    assert not any(" add " in line for line in datastore.lines)


def test_a_datastore_that_closes_is_an_environment_failure(capsys):
    datastore = OddDatastore(b"", close_after=True)
    status, out, err = run(capsys, "push", OFFICE, "-q", "-t", "lagopus", "--lagopus-ds", f"127.0.0.1:{datastore.port}",
                           "--timeout", "2")
    assert_one_error_line(status, err, 1, "closed the connection")


# ------------------------------------------------------------------ ryu-test

def _tests_dir(tmp_path) -> Path:
    directory = tmp_path / "tests"
    assert main(["compile", OFFICE, "-o", str(directory)]) == 0
    return directory


RYU_CASES = [
    (["--target-dpid", "zz"], 2, "is not a datapath id"),
    (["--target-dpid", "0"], 2, "out of range"),
    (["--target-dpid", "1", "--tester-dpid", "1"], 2, "must differ"),
    (["--listen", "127.0.0.1"], 2, "is not HOST:PORT"),
    (["--listen", "127.0.0.1:0"], 2, "out of range"),
    (["--listen", "host.example:6653"], 2, "is not an IP address and port"),
    (["--listen", "192.0.2.1:6653"], 2, "not an address of this machine"),
    (["--timeout", "nan"], 2, "must be positive"),
    (["--timeout", "-1"], 2, "must be positive"),
    (["--connect-timeout", "0"], 2, "must be positive"),
    (["--timeout", "abc"], 2, "is not a valid float"),
]


@pytest.mark.parametrize("args, expected, words", RYU_CASES, ids=[" ".join(a) for a, _, _ in RYU_CASES])
def test_ryu_test_run_refuses_bad_options_before_starting_the_tester(capsys, tmp_path, args, expected, words):
    directory = _tests_dir(tmp_path)
    capsys.readouterr()
    status, out, err = run(capsys, "ryu-test", "run", str(directory), *args)
    assert_one_error_line(status, err, expected, words)
    assert "waiting for" not in out


def test_ryu_test_run_names_a_port_in_use(capsys, tmp_path, listener):
    directory = _tests_dir(tmp_path)
    capsys.readouterr()
    status, out, err = run(capsys, "ryu-test", "run", str(directory), "--listen", f"127.0.0.1:{listener.port}")
    assert_one_error_line(status, err, 1, "Address already in use")


@pytest.mark.parametrize("content, expected, words", [
    (None, 2, "not a directory of switch tests"),
    ("", 2, "no test files"),
    (b"\xff\xfe", 2, "cannot read"),
    ("{bad json", 1, "1 problem(s)"),
    ("[]", 1, "1 problem(s)"),
])
def test_ryu_test_check_on_bad_directories(capsys, tmp_path, content, expected, words):
    directory = tmp_path / "tests"
    if content is not None:
        directory.mkdir()
        if content != "":
            target = directory / "a.json"
            target.write_bytes(content if isinstance(content, bytes) else content.encode())
    status, out, err = run(capsys, "ryu-test", "check", str(directory))
    assert_one_error_line(status, err, expected, words)


@pytest.mark.parametrize("test, words", [
    ({"description": "y", "prerequisite": [{"OFPFlowMod": {}}], "tests": []}, "not in the layout aclc writes"),
    ({"description": "y", "prerequisite": [{"OFPFlowMod": {"table_id": 0, "instructions": 1.5,
                                                            "match": {"OFPMatch": {"oxm_fields": []}}}}],
      "tests": []}, "the tester cannot load it"),
    ({"description": "y", "prerequisite": "zz", "tests": []}, "the tester cannot load it"),
])
def test_ryu_test_check_reports_hand_made_files_quietly(capsys, tmp_path, test, words):
    directory = tmp_path / "tests"
    directory.mkdir()
    (directory / "a.json").write_text(json.dumps(["x", test]))
    # The description "x" names no target switch, so the field order comes from --target.
    status, out, err = run(capsys, "ryu-test", "check", "--target", "ovs", str(directory))
    assert_one_error_line(status, err, 1, "1 problem(s)")
    assert words in err and out == "", (out, err)  # no os-ken debugging lines on stdout


def test_ryu_test_check_needs_the_target_a_hand_made_file_does_not_name(capsys, tmp_path):
    directory = tmp_path / "tests"
    directory.mkdir()
    (directory / "a.json").write_text(json.dumps(["x", {"description": "y", "prerequisite": [], "tests": []}]))
    status, out, err = run(capsys, "ryu-test", "check", str(directory))
    assert_one_error_line(status, err, 1, "1 problem(s)")
    assert "names no target switch" in err and "--target" in err and out == "", (out, err)
