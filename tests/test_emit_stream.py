"""Emitters as pieces (``chunks``) and ``aclc compile`` writing them as they are made.

The text must be the very text of ``emit`` (so the golden files hold), made lazily (a
large pipeline's text is never held whole), and a failure part-way must leave no file,
no temporary file and nothing on stdout.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import aclc.commands.common
import aclc.emit
from aclc.cli import main
from aclc.emit import FORMATS, MULTI_FILE_FORMATS, emit, emit_chunks, json_list
from aclc.emit import ofctl
from aclc.errors import AclcError
from aclc.pipeline import FieldMatch

from test_emit_samples import SAMPLES, multi_pipeline, single_pipeline

ONE_FILE = [name for name in FORMATS if name not in MULTI_FILE_FORMATS]


def _many_rules(tmp_path: Path, n: int, span: int = 0) -> Path:
    """``n`` rules; ``span`` > 0: port ranges of up to ``span`` + 1 ports, and some UDP and deny."""
    def rule(i):
        if not span:
            return f"    permit tcp from 10.{i >> 8}.{i & 255}.0/24 to any port {1000 + i}"
        action, proto = ("deny", "udp") if i % 3 == 0 else ("permit", "tcp")
        return f"    {action} {proto} from 10.{i >> 8}.{i & 255}.0/24 to 192.0.2.{i % 7} port {1000 + i}-{1000 + i + i % (span + 1)}"
    body = "\n".join(rule(i) for i in range(n))
    path = tmp_path / "many.acl"
    path.write_text(f"acl many {{\n{body}\n}}\n")
    return path


@pytest.mark.parametrize("fmt", ONE_FILE)
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_chunks_are_whole_lines_of_the_emitted_text(fmt, sample, monkeypatch):
    monkeypatch.setattr(aclc.emit, "BATCH", 2)  # many pieces even for a small pipeline
    pipeline = SAMPLES[sample]()
    try:
        pieces = list(emit_chunks(pipeline, fmt))
    except AclcError as error:  # a format that cannot say this sample refuses it the same way both ways
        with pytest.raises(AclcError) as refused:
            emit(pipeline, fmt)
        assert str(refused.value) == str(error) and error.pos is not None  # names the ACL line
        return
    assert len(pieces) > 2
    assert all(piece.endswith("\n") for piece in pieces)
    assert "".join(pieces) == emit(pipeline, fmt)


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_json_list_is_the_list_as_it_was_written(n):
    elements = [json.dumps({"flow": i}) for i in range(n)]
    old = "[]\n" if not elements else "[\n" + ",\n".join(elements) + "\n]\n"
    assert "".join(json_list(iter(elements))) == old
    assert json.loads(old) == [{"flow": i} for i in range(n)]


@pytest.mark.parametrize("fmt", ["ryu-json", "ryu-rest"])
def test_a_pipeline_without_flows_is_an_empty_json_list(fmt):
    pipeline = multi_pipeline()
    empty = replace(pipeline, tables=tuple(replace(t, flows=()) for t in pipeline.tables))
    assert "".join(emit_chunks(empty, fmt)) == "[]\n"


def _reference_line(flow) -> str:
    """The line as ofctl spelled it before the Speller: every part spelled for every flow."""
    parts = [f"table={flow.table_id}", f"priority={flow.priority}", f"cookie=0x{flow.cookie:x}"]
    return ",".join(parts + ofctl.match_parts(flow)) + ",actions=" + ofctl.actions_text(flow)


@pytest.mark.parametrize("cache_size", [1, 3, 1 << 16])
def test_speller_lines_equal_the_parts_spelled_one_by_one(cache_size, monkeypatch, tmp_path):
    from aclc.frontend import load_policy
    from aclc.lower import CompileOptions, compile_policy

    monkeypatch.setattr(ofctl, "CACHE_SIZE", cache_size)  # the caches start over, often
    pipelines = [single_pipeline(), multi_pipeline(), multi_pipeline(table_base=3)]
    policy = load_policy(_many_rules(tmp_path, 40, span=6))
    for target, strategy in (("ovs", None), ("ovs", "exact"), ("lagopus", "multi")):
        pipelines.append(compile_policy(policy, CompileOptions(target=target, strategy=strategy)))
    speller = ofctl.Speller()  # one speller across pipelines: objects and values recur
    count = unordered = 0
    for pipeline in pipelines:
        for flow in pipeline.flows():
            assert speller.flow_line(flow) == _reference_line(flow)
            # The same flow with its match in another order spells the same line.
            shuffled = replace(flow, match=flow.match[::-1])
            unordered += len({f.field for f in flow.match} - {"eth_type", "ip_proto"}) > 1
            assert speller.flow_line(shuffled) == _reference_line(shuffled) == _reference_line(flow)
            count += 1
    assert count > 200 and unordered > 100
    assert len(speller.known) <= cache_size and len(speller.actions) <= cache_size


def test_speller_refuses_a_flow_as_match_parts_does():
    flow = next(single_pipeline().flows())
    bad = [
        (FieldMatch("in_port", 1, 0xF0), FieldMatch("eth_dst", 5)),  # two faults: the first in OXM order
        (FieldMatch("eth_type", 0x0800), FieldMatch("eth_dst", 5)),
        (FieldMatch("ip_proto", 6),),
        (FieldMatch("eth_type", 0x0800, 0xFF00),),
    ]
    speller = ofctl.Speller()
    for match in bad:
        victim = replace(flow, match=match)
        with pytest.raises(AclcError) as old:
            ofctl.match_parts(victim)
        with pytest.raises(AclcError) as new:
            speller.flow_line(victim)
        assert new.value.message == old.value.message
        # Refused flows are not remembered: the next time refuses again.
        with pytest.raises(AclcError):
            speller.flow_line(victim)


def test_chunks_are_made_as_they_are_consumed(monkeypatch, tmp_path):
    from aclc.frontend import load_policy
    from aclc.lower import CompileOptions, compile_policy

    monkeypatch.setattr(aclc.emit, "BATCH", 10)
    pipeline = compile_policy(load_policy(_many_rules(tmp_path, 100)), CompileOptions(target="ovs"))
    assert pipeline.flow_count > 50
    spelled = []
    real = ofctl.Speller.flow_line
    monkeypatch.setattr(ofctl.Speller, "flow_line", lambda self, flow: spelled.append(flow) or real(self, flow))
    pieces = emit_chunks(pipeline, "ofctl")
    assert spelled == []
    next(pieces), next(pieces), next(pieces)  # two header pieces, then the first 10 flows
    assert len(spelled) == 10
    rest = list(pieces)
    assert len(spelled) == pipeline.flow_count and len(rest) == -(-(pipeline.flow_count - 10) // 10)


# ---------------------------------------------------------------- aclc compile


def _fail_at(monkeypatch, n: int, seen: list):
    """Make ofctl refuse its n-th flow, noting what the output directory held at that moment."""
    real = ofctl.Speller.flow_line
    calls = [0]

    def flow_line(self, flow):
        calls[0] += 1
        if calls[0] == n:
            seen.append(calls[0])
            raise AclcError(f"{aclc.emit.flow_label(flow)}: refused for the test")
        return real(self, flow)

    monkeypatch.setattr(ofctl.Speller, "flow_line", flow_line)


def test_a_failure_part_way_leaves_the_previous_file_and_no_temporary(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(aclc.emit, "BATCH", 8)
    acl = _many_rules(tmp_path, 120)
    target = tmp_path / "out.ofctl"
    target.write_text("previous\n")
    temporaries = []
    real_write = aclc.commands.common._write_pieces

    def watched(out, text):  # the size of the temporary file when the emitter failed
        try:
            real_write(out, text)
        except AclcError:
            out.flush()
            temporaries.extend((p.name, p.stat().st_size) for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
            raise

    monkeypatch.setattr(aclc.commands.common, "_write_pieces", watched)
    _fail_at(monkeypatch, 100, [])
    status = main(["compile", str(acl), "-t", "ovs", "-f", "ofctl", "-o", str(target)])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert "refused for the test" in err and "Traceback" not in err
    assert f"{acl}:" in err  # the flow's rule, by file and line
    # Flows were written to the temporary file before the failure, and it is gone now.
    assert len(temporaries) == 1 and temporaries[0][0].startswith(".out.ofctl.") and temporaries[0][1] > 1000
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.acl", "out.ofctl"]


@pytest.mark.parametrize("output", [None, "-"])
def test_a_failure_part_way_leaves_stdout_empty(capsys, tmp_path, monkeypatch, output):
    monkeypatch.setattr(aclc.emit, "BATCH", 8)
    monkeypatch.setattr(aclc.commands.common, "SPOOL_IN_MEMORY", 256)  # the spool goes to disk
    acl = _many_rules(tmp_path, 120)
    _fail_at(monkeypatch, 100, [])
    args = ["compile", str(acl), "-t", "ovs", "-f", "ofctl"] + ([] if output is None else ["-o", output])
    status = main(args)
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert "refused for the test" in err


@pytest.mark.parametrize("fmt", ["ofctl", "ryu-json", "table"])
def test_stdout_through_a_spool_on_disk_is_the_whole_text(capsys, tmp_path, monkeypatch, fmt):
    from aclc.frontend import load_policy
    from aclc.lower import CompileOptions, compile_policy

    monkeypatch.setattr(aclc.commands.common, "SPOOL_IN_MEMORY", 256)
    acl = _many_rules(tmp_path, 60)
    status = main(["compile", str(acl), "-t", "ovs", "-f", fmt, "-o", "-"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out == emit(compile_policy(load_policy(acl), CompileOptions(target="ovs")), fmt)
    assert len(out.encode()) > 256


def test_output_file_is_the_whole_text_and_keeps_its_mode(capsys, tmp_path, monkeypatch):
    from aclc.frontend import load_policy
    from aclc.lower import CompileOptions, compile_policy

    monkeypatch.setattr(aclc.emit, "BATCH", 8)
    acl = _many_rules(tmp_path, 60)
    target = tmp_path / "out.json"
    target.write_text("old\n")
    target.chmod(0o640)
    status = main(["compile", str(acl), "-t", "ovs", "-s", "exact", "-f", "ryu-json", "-o", str(target)])
    _, err = capsys.readouterr()
    assert status == 0, err
    pipeline = compile_policy(load_policy(acl), CompileOptions(target="ovs", strategy="exact"))
    assert target.read_text() == emit(pipeline, "ryu-json")
    assert len(json.loads(target.read_text())) == pipeline.flow_count
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.acl", "out.json"]


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    import subprocess
    import sys

    acl = _many_rules(tmp_path, 3000)  # about 300 kB of flows: more than a pipe holds
    proc = subprocess.Popen([sys.executable, "-m", "aclc", "compile", str(acl), "-t", "ovs", "-f", "ofctl",
                             "--no-verify"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout.read(10) == b"# aclc flo"
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""
