"""Bad input on every path into ``aclc compile``: one clear line, the right exit status, no traceback,
nothing written. Also: the CLI's own handling of usage errors and of unexpected exceptions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from aclc.cli import main

REPO = Path(__file__).resolve().parent.parent
OFFICE = str(REPO / "examples" / "office.acl")
EXAMPLES = {
    "office": [str(REPO / "examples" / "office.acl")],
    "dmz": [str(REPO / "examples" / "dmz.acl")],
    "everything": [str(REPO / "examples" / "everything.acl")],
    "datacenter": [str(REPO / "examples" / "datacenter.acl"), "-d", str(REPO / "examples" / "datacenter-defs.yaml")],
}


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def assert_error(status, err, expected_status=2, starts=None, contains=None):
    """Exactly one error line first (detail lines may follow), no traceback, no internal error."""
    assert "Traceback" not in err and "internal error" not in err, err
    assert status == expected_status, err
    first = err.splitlines()[0] if err else ""
    assert "error: " in first, err
    if starts is not None:
        assert first.startswith(starts), err
    if contains is not None:
        assert contains in first, err


def nothing_written(directory: Path, before: set[str]) -> bool:
    return {p.name for p in directory.iterdir()} == before


# ------------------------------------------------------------------ ACL text

ACL_CASES = {
    # name: (text, where the error is, words of the message)
    "empty": ("", "error:", "defines no acl"),
    "only-comments": ("  \n# nothing\n", "error:", "defines no acl"),
    "syntax": ("acl x {\n  permit tcp frm any\n}\n", "{f}:2:14:", "syntax error: unexpected 'frm'"),
    "unclosed": ("acl x {\n  permit tcp from any\n", "{f}:3:1:", "unexpected end of file"),
    "unknown-network": ("acl x {\n  permit tcp from NOPE to any\n}\n", "{f}:2:19:", "unknown network 'NOPE'"),
    "unknown-service": ("acl x {\n permit service NOPE from any to any\n}\n", "{f}:2:17:", "unknown service"),
    "host-bits": ("acl x {\n  permit ip from 10.0.0.1/24 to any\n}\n", "{f}:2:18:", "host bits set"),
    "long-prefix": ("acl x {\n  permit ip from 10.0.0.0/33 to any\n}\n", "{f}:2:18:", "/33"),
    "huge-prefix": ("acl x {\n  permit ip from 10.0.0.0/" + "9" * 40 + " to any\n}\n", "{f}:2:18:", "longer than 32"),
    "bad-octet": ("acl x {\n  permit ip from 300.0.0.0/8 to any\n}\n", "{f}:2:18:", "invalid IPv4 address"),
    "bad-ipv6": ("acl x {\n  permit ip from 2001:db8:::1 to any\n}\n", "{f}:2:18:", "invalid IPv6 address"),
    "huge-port": ("acl x {\n  permit tcp from any to any port " + "9" * 40 + "\n}\n", "{f}:2:35:", "outside 0-65535"),
    "reversed-range": ("acl x {\n  permit tcp from any to any port 80-70\n}\n", "{f}:2:35:", "reversed port range"),
    "huge-proto": ("acl x {\n  permit proto 99999999999999999999 from any to any\n}\n", "{f}:2:10:", "outside 0-255"),
    "huge-icmp-type": ("acl x {\n  permit icmp from any to any type 99999999999\n}\n", "{f}:2:36:", "outside 0-255"),
    "huge-ethertype": ("acl x {\n  permit ethertype 0x1FFFFFFFFFFFFFFFF\n}\n", "{f}:2:10:", "not an ethertype"),
    "huge-in-port": ("acl x {\n  permit ip from any to any in-port 99999999999999999999\n}\n", "{f}:2:37:",
                     "not a switch port number"),
    # Unicode digits are digits to Python's int() and to \d, but not to an operator reading ports.
    "arabic-digits-port": ("acl x {\n  permit tcp from any to any port \u0668\u0660\n}\n", "{f}:2:35:",
                           "unexpected character"),
    "arabic-digits-prefix": ("acl x {\n  permit ip from 10.0.0.0/\u0662\u0664 to any\n}\n", "{f}:2:",
                             "syntax error"),
    "fullwidth-address": ("acl x {\n  permit ip from \uff11\uff10.0.0.0/8 to any\n}\n", "{f}:2:", "error"),
    "zero-width-space": ("acl x {\n  permit tcp from any to any port 8\u200b0\n}\n", "{f}:2:36:",
                         "unexpected character '\\u200b'"),
    "unicode-name": ("acl \u1e8b {\n  permit tcp from any to any\n}\n", "{f}:1:5:", "unexpected character"),
    "nul-byte": ("acl x {\x00}\n", "{f}:1:8:", "unexpected character '\\x00'"),
    "crlf": ("acl x {\r\n  permit ip from nope to any\r\n}\r\n", "{f}:2:18:", "unknown network 'nope'"),
    "duplicate-acl": ("acl x {\n}\nacl x {\n}\n", "{f}:3:5:", "already defined"),
    # Names and remarks are shown as one line (table rows, test descriptions).
    "newline-in-name": ('acl x {\n permit ip from any to any name "a\\nb"\n}\n', "{f}:2:33:", "one line of text"),
    "control-in-remark": ('acl x {\n remark "a\x07b"\n permit ip from any to any\n}\n', "{f}:2:9:", "one line"),
    "cycle": ("network A = B\nnetwork B = A\nacl x {\n permit ip from A to any\n}\n", "{f}:", "cycle"),
    "self-include": ("include \"{name}\"\nacl x {{\n}}\n", "{f}:1:9:", "include cycle"),
    "missing-include": ("include \"nope.acl\"\nacl x {\n}\n", "{f}:1:9:", "file not found"),
    "directory-include": ("include \"/\"\nacl x {\n}\n", "{f}:1:9:", "is a directory"),
    "device-include": ("include \"/dev/null\"\nacl x {\n}\n", "{f}:1:9:", "not a regular file"),
    "missing-definitions": ("definitions \"nope.yaml\"\nacl x {\n}\n", "{f}:1:13:", "file not found"),
    "icmp-with-ports": ("acl x {\n permit icmp from any to any port 80\n}\n", "{f}:2:30:", "no ports"),
    "families-mixed": ("acl x {\n permit ip from 10.0.0.0/8 to 2001:db8::/32\n}\n", "{f}:2:2:", "never match"),
    "deep-groups": ("acl x {\n permit ip from " + "{" * 10000 + "10.0.0.0/8" + "}" * 10000 + " to any\n}\n",
                    "{f}:2:", "nesting deeper than"),
    "deep-negation": ("acl x {\n permit ip from " + "!" * 10000 + "10.0.0.0/8 to any\n}\n", "{f}:2:",
                      "nesting deeper than"),
}


@pytest.mark.parametrize("name", sorted(ACL_CASES))
def test_bad_acl_text_is_one_error_line_and_writes_nothing(capsys, tmp_path, name):
    text, where, words = ACL_CASES[name]
    source = tmp_path / "bad.acl"
    if "{name}" in text:
        text = text.format(name=source.name)
    source.write_text(text, encoding="utf-8", newline="")
    before = {p.name for p in tmp_path.iterdir()}
    status, out, err = run(capsys, "compile", str(source), "-f", "ofctl", "-o", str(tmp_path / "out.ofctl"))
    assert_error(status, err, 2, starts=where.format(f=source), contains=words)
    assert nothing_written(tmp_path, before)


@pytest.mark.parametrize("data, words", [
    (b"\xff\xfe\x00junk", "not valid UTF-8"),
    (b"acl x {\n permit ip from 10.0.0.0/8 to any # caf\xe9\n}\n", "not valid UTF-8"),
])
def test_binary_and_non_utf8_files_name_the_byte(capsys, tmp_path, data, words):
    source = tmp_path / "bin.acl"
    source.write_bytes(data)
    status, out, err = run(capsys, "compile", str(source), "-f", "table")
    assert_error(status, err, 2, starts=f"{source}:", contains=words)


def test_long_lines_and_long_names_compile(capsys, tmp_path):
    prefixes = ", ".join(f"10.{i // 256}.{i % 256}.0/24" for i in range(5000))
    source = tmp_path / "long.acl"
    source.write_text(f"acl x {{\n permit ip from {prefixes} to any name \"{'n' * 100000}\"\n}}\n")
    status, out, err = run(capsys, "compile", str(source), "-f", "table", "--no-verify")
    assert status == 0, err


def test_an_include_chain_deeper_than_the_limit_is_refused_at_the_include(capsys, tmp_path):
    for i in range(200):
        (tmp_path / f"c{i}.acl").write_text(f'include "c{i + 1}.acl"\n')
    (tmp_path / "c200.acl").write_text("acl x {\n permit ip from any to any\n}\n")
    status, out, err = run(capsys, "compile", str(tmp_path / "c0.acl"), "-f", "table")
    assert_error(status, err, 2, contains="includes nested deeper than")
    assert err.startswith(str(tmp_path / "c64.acl") + ":1:9:"), err


def test_an_include_chain_within_the_limit_works(capsys, tmp_path):
    for i in range(30):
        (tmp_path / f"c{i}.acl").write_text(f'include "c{i + 1}.acl"\n')
    (tmp_path / "c30.acl").write_text("acl x {\n permit ip from any to any\n}\n")
    status, out, err = run(capsys, "compile", str(tmp_path / "c0.acl"), "-f", "table")
    assert status == 0, err


def test_a_directory_a_fifo_and_a_missing_file_as_the_acl(capsys, tmp_path):
    (tmp_path / "dir.acl").mkdir()
    status, out, err = run(capsys, "compile", str(tmp_path / "dir.acl"), "-f", "table")
    assert_error(status, err, 2, contains="is a directory")
    assert len(err.splitlines()) == 1
    os.mkfifo(tmp_path / "fifo.acl")
    status, out, err = run(capsys, "compile", str(tmp_path / "fifo.acl"), "-f", "table")
    assert_error(status, err, 2, contains="not a regular file")
    status, out, err = run(capsys, "compile", str(tmp_path / "missing.acl"), "-f", "table")
    assert_error(status, err, 2, contains="no such file")


def test_an_unreadable_file_is_named(capsys, tmp_path, monkeypatch):
    source = tmp_path / "secret.acl"
    source.write_text("acl x {\n permit ip from any to any\n}\n")
    if os.geteuid() != 0:
        source.chmod(0)
    else:  # root reads anything: make the read fail the way chmod 000 makes it fail
        real = Path.read_bytes

        def refuse(self):
            if self.name == "secret.acl":
                raise PermissionError(13, "Permission denied")
            return real(self)
        monkeypatch.setattr(Path, "read_bytes", refuse)
    status, out, err = run(capsys, "compile", str(source), "-f", "table")
    assert_error(status, err, 2, contains=f"cannot read {source}: Permission denied")


# ------------------------------------------------------------------ YAML definitions

USES_A = "acl x {\n permit ip from A to any\n}\n"

YAML_CASES = {
    "list-at-top": ("- a\n- b\n", "1:1", "must be a mapping"),
    "scalar-at-top": ('"just a string"\n', "1:1", "must be a mapping"),
    "list-section": ("networks: [1, 2]\n", "1:11", "'networks' must be a mapping"),
    "number-section": ("networks: 5\n", "1:11", "'networks' must be a mapping"),
    "unknown-section": ("hosts:\n  A: 10.0.0.0/8\n", "1:1", "unknown section"),
    "map-item": ("networks:\n  A: {x: 1}\n", "2:6", "must be a string"),
    "nested-list-item": ("networks:\n  A: [[10.0.0.0/8]]\n", "2:7", "must be a string"),
    "number-item": ("networks:\n  A: [1]\n", "2:7", "syntax error"),
    "empty-list": ("networks:\n  A: []\n", "2:6", "has no items"),
    "empty-string": ('networks:\n  A: [10.0.0.0/8, ""]\n', "2:20", "syntax error"),
    "duplicate-name": ("networks:\n  A: [10.0.0.0/8]\n  A: [11.0.0.0/8]\n", "3:3", "appears twice"),
    "duplicate-section": ("networks:\n  A: [10.0.0.0/8]\nnetworks:\n  B: [1.0.0.0/8]\n", "3:1", "appears twice"),
    "number-name": ("networks:\n  1: [10.0.0.0/8]\n", "2:3", "not a valid network name"),
    "list-name": ("networks:\n  [a]: [10.0.0.0/8]\n", "2:3", "must be a plain word"),
    "keyword-name": ("networks:\n  any: [10.0.0.0/8]\n", "2:3", "keyword"),
    "bad-prefix": ('networks:\n  A: "10.0.0.1/8"\n', "2:7", "host bits set"),
    "trailing-junk": ('networks:\n  A: "10.0.0.0/8 junk"\n', "2:18", "unexpected 'junk'"),
    "binary-tag": ("networks:\n  A: [10.0.0.0/8, !!binary aGVsbG8=]\n", "2:19", "YAML tags"),
    "python-tag": ("networks:\n  A: !!python/object:os.system x\n", "2:6", "YAML tags"),
    "tab-indent": ("\t\tbad: tab\n", "1:1", "invalid YAML"),
    "unclosed-list": ("networks:\n  A: [10.0.0.0/8\n", "3:1", "invalid YAML"),
    "two-documents": ("---\nnetworks: {}\n---\nservices: {}\n", "3:1", "invalid YAML"),
    "same-name-two-kinds": ("networks:\n  A: [10.0.0.0/8]\nservices:\n  A: [tcp 80]\n", "4:3", "already defined"),
    "service-port-range": ("networks:\n  A: [10.0.0.0/8]\nservices:\n  W: [tcp 99999]\n", "4:11", "outside 0-65535"),
    "self-reference": ("networks:\n  A: [A]\n", "2:7", "cycle"),
    # Text YAML folded, unescaped or spread over lines: the error points at the item's start.
    "literal-block": ("networks:\n  A: |\n    10.0.0.0/8,\n    10.0.0.1/8\n", "2:6", "host bits set"),
    "folded-block": ("networks:\n  A: >\n    10.0.0.0/8,\n    10.0.0.1/8\n", "2:6", "host bits set"),
    "multi-line-quoted": ('networks:\n  A: "10.0.0.0/8,\n    10.0.0.1/8"\n', "2:6", "host bits set"),
    "escaped": ('networks:\n  A: "\\x31\\x30.0.0.1/8"\n', "2:6", "host bits set"),
    "literal-block-unknown-name": ("networks:\n  A: |\n    10.0.0.0/8,\n    NOPE\n", "2:6", "unknown network 'NOPE'"),
    "deep-nesting": ("networks:\n  A: " + "[" * 5000 + "]" * 5000 + "\n", "2:", "error"),
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_bad_definitions_name_the_yaml_line_and_column(capsys, tmp_path, name):
    text, where, words = YAML_CASES[name]
    (tmp_path / "x.acl").write_text(USES_A)
    defs = tmp_path / "defs.yaml"
    defs.write_text(text)
    status, out, err = run(capsys, "compile", str(tmp_path / "x.acl"), "-d", str(defs), "-f", "table")
    assert_error(status, err, 2, starts=f"{defs}:{where}", contains=words)


def test_deep_yaml_with_the_pure_python_loader_is_an_error_not_a_crash(monkeypatch):
    import yaml

    import aclc.frontend.definitions as definitions
    from aclc.errors import AclcError

    monkeypatch.setattr(definitions, "_LOADER", yaml.SafeLoader)
    with pytest.raises(AclcError, match="nested too deeply"):
        definitions.parse_definitions_text("networks:\n  A: " + "[" * 5000 + "]" * 5000 + "\n", "d.yaml")


def test_yaml_anchors_and_unquoted_ipv6_work(capsys, tmp_path):
    (tmp_path / "x.acl").write_text("acl x {\n permit ip from A to B\n permit ip from C to any\n}\n")
    defs = tmp_path / "defs.yaml"
    defs.write_text("networks:\n  A: &x [10.0.0.0/8]\n  B: *x\n  C: 2001:db8::/32\n")
    status, out, err = run(capsys, "compile", str(tmp_path / "x.acl"), "-d", str(defs), "-f", "table")
    assert status == 0, err
    assert "nw_src=10.0.0.0/8,nw_dst=10.0.0.0/8" in out and "ipv6_src=2001:db8::/32" in out


# ------------------------------------------------------------------ options

OPTION_CASES = [
    (["--permit", "garbage"], "bad permit continuation"),
    (["--permit", ""], "bad permit continuation"),
    (["--permit", "output:"], "bad permit continuation"),
    (["--permit", "goto_table:-1"], "a table id is 0..254"),
    (["--permit", "goto_table:255"], "a table id is 0..254"),
    (["--permit", "goto_table:" + "9" * 30], "a table id is 0..254"),
    (["--permit", "goto_table:0"], "after the ACL's own tables"),
    (["--permit", "output:0"], "bad port"),
    (["--permit", "output:-5"], "bad port"),
    (["--permit", "output:4294967296"], "bad port"),
    (["--permit", "NORMAL"], "no NORMAL port"),
    (["--priority-base", "0"], "below 1"),
    (["--priority-base", "-1"], "below 1"),
    (["--priority-base", "70000"], "within 1..65535"),
    (["--priority-base", "9" * 30], "within 1..65535"),
    (["--priority-base", "abc"], "'abc' is not a valid integer"),
    (["--priority-max", "-1"], "within 1..65535"),
    (["--priority-max", "70000"], "within 1..65535"),
    (["--priority-max", "2"], "priority levels"),
    (["--priority-base", "100", "--priority-max", "50"], "must be increasing"),
    (["--table-base", "-1"], "not a table"),
    (["--table-base", "255"], "not a table"),
    (["--table-base", "9" * 30], "not a table"),
    (["--table-base", "100"], "after the ACL's own tables"),
    (["--max-flows", "0"], "must be positive"),
    (["--max-flows", "-1"], "must be positive"),
    (["--max-flows", "5"], "more than the limit of 5"),
    (["--max-flows", "x"], "not a valid integer"),
    (["-t", "cisco"], "'cisco' is not one of"),
    (["-s", "fast"], "'fast' is not one of"),
    (["-f", "pdf"], "'pdf' is not one of"),
    (["--bridge", "br0"], "--bridge applies only to --format lagopus-dsl"),
    (["--dpid", "1"], "--dpid applies only to --format ryu-rest"),
    (["-f", "ryu-rest", "--dpid", "zz"], "is not a number"),
    (["-f", "ryu-rest", "--dpid", "-1"], "is not a number"),
    (["-f", "ryu-rest", "--dpid", "1_0"], "is not a number"),
    (["-f", "ryu-rest", "--dpid", "\u0663"], "is not a number"),
    (["-f", "ryu-rest", "--dpid", str(1 << 64)], "not a 64-bit datapath id"),
    (["--max-tests", "3"], "--max-tests applies only to --format ryu-test"),
    (["-f", "ryu-test", "-o", "{tmp}/t", "--max-tests", "-4"], "is not in the range"),
    (["--no-such-option"], "No such option"),
]


@pytest.mark.parametrize("args, words", OPTION_CASES, ids=[" ".join(a) for a, _ in OPTION_CASES])
def test_bad_options_are_one_line_exit_2(capsys, tmp_path, args, words):
    args = [a.format(tmp=tmp_path) for a in args]
    if "-f" not in args:
        args += ["-f", "table"]
    status, out, err = run(capsys, "compile", OFFICE, *args)
    assert_error(status, err, 2, contains=words)
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "t").exists()


def test_usage_errors_are_one_line_naming_the_help():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "aclc", "compile", OFFICE, "--priority-base", "abc"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: Invalid value for '--priority-base': 'abc' is not a valid integer. (see 'aclc compile --help')"]


# ------------------------------------------------------------------ output targets

def test_output_into_a_missing_directory(capsys, tmp_path):
    status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", str(tmp_path / "no" / "x.ofctl"))
    assert_error(status, err, 2, contains="does not exist")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("fmt", ["ofctl", "ryu-test"])
def test_output_where_no_file_can_be_created(capsys, fmt):
    status, out, err = run(capsys, "compile", OFFICE, "-f", fmt, "-o", "/proc/aclc-out")
    assert_error(status, err, 2, contains="cannot write /proc/aclc-out")
    assert "nothing was written" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
@pytest.mark.parametrize("fmt", ["ofctl", "ryu-test"])
def test_output_into_a_read_only_directory(capsys, tmp_path, fmt):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        status, out, err = run(capsys, "compile", OFFICE, "-f", fmt, "-o", str(locked / "out"))
        assert_error(status, err, 2, contains="Permission denied")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_full_disk_is_an_environment_failure(capsys, tmp_path, monkeypatch):
    import errno

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)  # where a full disk shows up for a buffered write
    target = tmp_path / "x.ofctl"
    target.write_text("previous\n")
    status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", str(target))
    assert_error(status, err, 1, contains="No space left on device")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.ofctl"]


def test_directory_formats_refuse_an_existing_file_and_a_foreign_directory(capsys, tmp_path):
    existing = tmp_path / "existing.txt"
    existing.write_text("keep\n")
    status, out, err = run(capsys, "compile", OFFICE, "-o", str(existing))
    assert_error(status, err, 2, contains="is not a directory")
    assert existing.read_text() == "keep\n"
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "a").write_text("data\n")
    status, out, err = run(capsys, "compile", OFFICE, "-o", str(foreign))
    assert_error(status, err, 2, contains="did not write")
    assert [p.name for p in foreign.iterdir()] == ["a"]
    status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", str(foreign))
    assert_error(status, err, 2, contains="is a directory")


def test_a_device_is_written_in_place_not_replaced(capsys):
    status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", "/dev/null")
    assert status == 0, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null was replaced by a regular file"


def test_a_fifo_output_is_written_in_place(capsys, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", str(fifo))
    reader.join(10)
    assert status == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and "priority=" in received[0]


def test_output_files_get_the_usual_permissions_and_keep_existing_ones(capsys, tmp_path):
    old = os.umask(0o022)
    try:
        status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", str(tmp_path / "new.ofctl"))
        assert status == 0, err
        assert stat.S_IMODE(os.stat(tmp_path / "new.ofctl").st_mode) == 0o644
        kept = tmp_path / "kept.ofctl"
        kept.write_text("old\n")
        kept.chmod(0o640)
        status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", str(kept))
        assert status == 0, err
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640 and "priority=" in kept.read_text()
        status, out, err = run(capsys, "compile", OFFICE, "-o", str(tmp_path / "tests"))
        assert status == 0, err
        assert stat.S_IMODE(os.stat(tmp_path / "tests").st_mode) == 0o755
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in (tmp_path / "tests").iterdir())
    finally:
        os.umask(old)


def test_a_symlinked_output_replaces_the_file_it_names(capsys, tmp_path):
    real = tmp_path / "real.ofctl"
    real.write_text("old\n")
    link = tmp_path / "link.ofctl"
    link.symlink_to(real)
    status, out, err = run(capsys, "compile", OFFICE, "-f", "ofctl", "-o", str(link))
    assert status == 0, err
    assert link.is_symlink() and "priority=" in real.read_text()


# ------------------------------------------------------------------ defaults, and the generic handler

@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_compile_with_only_the_file_says_what_to_do(capsys, tmp_path, example):
    status, out, err = run(capsys, "compile", *EXAMPLES[example])
    assert_error(status, err, 2, contains="give an output directory with -o DIR")
    status, out, err = run(capsys, "compile", *EXAMPLES[example], "-o", str(tmp_path / "out"))
    assert status == 0, err
    assert any(p.suffix == ".json" for p in (tmp_path / "out").iterdir())


def test_an_unexpected_exception_is_an_internal_error_not_bad_input(capsys, monkeypatch):
    import aclc.commands.compile as compile_command

    def broken(*args, **kwargs):
        raise KeyError("boom")
    monkeypatch.setattr(compile_command, "load_policy_and_sources", broken)
    monkeypatch.delenv("ACLC_DEBUG", raising=False)
    status, out, err = run(capsys, "compile", OFFICE, "-f", "table")
    assert status == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("internal error: KeyError: 'boom'"), err
    assert "ACLC_DEBUG=1" in lines[1] and "Traceback" not in err
    monkeypatch.setenv("ACLC_DEBUG", "1")
    status, out, err = run(capsys, "compile", OFFICE, "-f", "table")
    assert status == 1 and "Traceback" in err


@pytest.mark.parametrize("args", [["--acl", "a\nb", "-f", "table"], ["-o", "a\nb/x", "-f", "ofctl"], ["-t", "a\nb"],
                                  ["-f", "lagopus-dsl", "--bridge", "a\nb"]])
def test_a_newline_in_a_value_does_not_split_the_error_line(capsys, args):
    status, out, err = run(capsys, "compile", OFFICE, *args)
    assert_error(status, err, 2)
    assert len(err.strip().splitlines()) == 1 and "a\\nb" in err, err


@pytest.mark.parametrize("target", ["datacenter.acl", "datacenter-defs.yaml", "include/../datacenter.acl"])
def test_output_onto_an_input_file_is_refused(capsys, tmp_path, monkeypatch, target):
    import shutil

    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path / "examples")
    before = {p.name: p.read_bytes() for p in Path(".").iterdir() if p.is_file()}
    status, out, err = run(capsys, "compile", "datacenter.acl", "-f", "ofctl", "-o", target)
    assert_error(status, err, 2, contains="refusing to overwrite it")
    assert {p.name: p.read_bytes() for p in Path(".").iterdir() if p.is_file()} == before


def test_output_onto_an_included_file_is_refused(capsys, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path / "examples")
    included = Path("include/common.acl").read_text()
    status, out, err = run(capsys, "compile", "everything.acl", "-f", "ofctl", "-o", "include/common.acl")
    assert_error(status, err, 2, contains="is an input (include/common.acl)")
    assert Path("include/common.acl").read_text() == included


def test_a_syntax_error_on_a_huge_line_shows_only_its_neighbourhood(capsys, tmp_path):
    prefixes = ", ".join(f"10.{i // 256}.{i % 256}.0/24" for i in range(5000))
    source = tmp_path / "long.acl"
    source.write_text(f"acl x {{\n permit ip from {prefixes} frm any\n}}\n")
    status, out, err = run(capsys, "compile", str(source), "-f", "table")
    assert_error(status, err, 2, starts=f"{source}:2:", contains="unexpected 'frm'")
    first, shown, caret = err.splitlines()
    assert len(shown) < 140 and shown.endswith(" frm any")
    assert shown[caret.index("^"):].startswith("frm")


@pytest.mark.parametrize("fmt", ["ryu-rest", "lagopus-dsl"])
def test_a_flow_a_format_cannot_spell_is_reported_at_its_acl_line(capsys, fmt):
    everything = str(REPO / "examples" / "everything.acl")
    status, out, err = run(capsys, "compile", everything, "-t", "ovs", "--permit", "output:2", "-f", fmt)
    assert_error(status, err, 2, starts=f"{everything}:38:5: error: flow table=0", contains="masked tcp_dst")


@pytest.mark.parametrize("output", [".", "..", "./"])
def test_the_current_directory_is_never_replaced(capsys, tmp_path, monkeypatch, output):
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    status, out, err = run(capsys, "compile", OFFICE, "-o", output)
    assert_error(status, err, 2, contains="is the current directory")
    assert Path.cwd().is_dir() and list(Path.cwd().iterdir()) == []
