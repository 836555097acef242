"""The benchmark suite end to end on tiny inputs: it runs, writes its table and plot, and the
figures it reports are sane. Nothing here is timed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import DOC_BEGIN, DOC_END, goals, render_markdown, update_doc
from bench.run import naive_counts, parse_push_output, prefix_cover_size

REPO = Path(__file__).resolve().parent.parent
CLASSBENCH = REPO.parent / "shared" / "classbench"

# Three ClassBench lines: a host pair with one port, port ranges (covers of 1 and 4 prefixes), UDP any.
TINY = (
    "@10.0.0.1/32\t192.168.1.0/24\t0 : 65535\t80 : 80\t0x06/0xFF\t0x0000/0x0000\t\n"
    "@10.0.0.0/8\t0.0.0.0/0\t1024 : 2047\t1 : 6\t0x06/0xFF\t0x0000/0x0000\t\n"
    "@0.0.0.0/0\t172.16.0.0/12\t0 : 65535\t0 : 65535\t0x11/0xFF\t0x0000/0x0000\t\n"
)


def run_bench(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def brute_force_cover(lo: int, hi: int, width: int) -> int:
    """The fewest aligned blocks covering exactly [lo, hi], by dynamic programming over start points."""
    best = {hi + 1: 0}
    for start in range(hi, lo - 1, -1):
        options = []
        size = 1
        while size <= (1 << width) and start % size == 0 and start + size - 1 <= hi:
            options.append(1 + best[start + size])
            size *= 2
        best[start] = min(options)
    return best[lo]


def test_prefix_cover_size_is_minimal():
    width = 6
    for lo in range(1 << width):
        for hi in range(lo, 1 << width):
            assert prefix_cover_size(lo, hi, width) == brute_force_cover(lo, hi, width), (lo, hi)
    assert prefix_cover_size(0, 65535) == 1
    assert prefix_cover_size(1, 65534) == 30


def test_naive_counts_tiny(tmp_path):
    path = tmp_path / "tiny"
    path.write_text(TINY)
    counts = naive_counts(path)
    # masked: default + 1 + cover(1024..2047) = 1 times cover(1..6) = {1, 2-3, 4-5, 6} + 1 (any port)
    assert counts == {"rules": 3, "naive_masked": 1 + 1 + 1 * 4 + 1, "naive_exact": 1 + 1 + 1024 * 6 + 1}


def test_suite_on_a_tiny_set(tmp_path):
    (tmp_path / "tiny").write_text(TINY)
    out = tmp_path / "out"
    proc = run_bench("--sets", "tiny", "--classbench-dir", str(tmp_path), "--skip-push", "--skip-aerleon",
                     "--out", str(out), "--json", str(tmp_path / "r.json"))
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "r.json").read_text())
    rows = {r["kind"]: r for r in results["sets"]["tiny"]["rows"]}
    assert rows["ovs"]["flows"] == 7  # exactly the naive prefix-cover count: nothing to merge here
    assert rows["ovs"]["verified"] is True
    assert rows["lagopus-exact"]["built"] and rows["lagopus-exact"]["flows"] == 1 + 1 + 1024 * 6 + 1
    assert rows["lagopus-multi"]["verified"] is True
    assert rows["lagopus-multi"]["exact_port_flows"] >= rows["lagopus-multi"]["exact_port_bound"] > 0
    text = (out / "results.md").read_text()
    assert "| tiny | ovs | single | 3 | 7 | 2.33 | 2.33 |" in text
    assert (out / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = tmp_path / "again"
    proc = run_bench("--from-json", str(tmp_path / "r.json"), "--out", str(again))
    assert proc.returncode == 0, proc.stderr
    assert (again / "results.md").read_text().split("\n", 3)[3] == text.split("\n", 3)[3]  # all but the date line


@pytest.mark.skipif(not (CLASSBENCH / "fw1_1k").is_file(), reason="shared/classbench is not beside the repository")
def test_suite_on_the_start_of_fw1_1k(tmp_path):
    out = tmp_path / "out"
    proc = run_bench("--sets", "fw1_1k", "--limit", "60", "--skip-push", "--out", str(out),
                     "--json", str(tmp_path / "r.json"))
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "r.json").read_text())
    assert results["limit"] == 60
    for name in ("fw1_1k",):
        entry = results["sets"][name]
        assert entry["naive"]["rules"] == 60
        for row in entry["rows"]:
            assert "error" not in row, row
            assert row["rules"] == 60
            assert row["flows"] >= row["rules"] + 1  # at least one flow per rule, plus the default
            if row.get("built", True):
                assert row["verified"] is True
                assert 0 < row["compile_s"] < 60 and row["compile_rss_mb"] > 10
                assert 1 <= row["levels"] <= row["rules"] + 1
        ovs = next(r for r in entry["rows"] if r["kind"] == "ovs")
        assert ovs["flows"] <= entry["naive"]["naive_masked"]
        exact = next(r for r in entry["rows"] if r["kind"] == "lagopus-exact")
        assert exact["flows"] == entry["naive"]["naive_exact"]  # aclc's count agrees with the raw lines
        evaluator = entry["evaluator"]
        assert evaluator["ok"] is True and evaluator["flows"] == ovs["flows"] and evaluator["eval_100k_s"] > 0
        peer = entry["aerleon"]
        assert peer["aclc-e2e"]["verified"] is True and peer["aclc-e2e"]["rules"] == 60
        if "skipped" not in peer["aerleon"]:
            # One Cisco line per rule plus the default deny.
            assert peer["aerleon"]["rules"] == 60 and peer["aerleon"]["acl_lines"] == 61
    e2e = entry["e2e"]
    assert "error" not in e2e["aclc"], e2e
    assert e2e["aclc"]["flows"] >= 61 and e2e["aclc"]["total_s"] > 0 and e2e["aclc"]["total_cpu_s"] > 0
    stages = e2e["stages"]
    assert stages["compile"]["proof"]["cpu_s"] > 0 and stages["import"]["read+translate"]["wall_s"] > 0
    assert stages["compile"]["proof_method"]
    if "skipped" not in e2e["aclgen"]:
        assert e2e["aclgen"]["acl_lines"] == 61 and e2e["ratio"] > 0
    text = (out / "results.md").read_text()
    for heading in ("## Flows, priorities", "## Lagopus: multi-table", "## The proof beside the plain packet",
                    "## Compile speed beside Aerleon", "## End to end as processes", "## Goals"):
        assert heading in text
    assert "Load average" in text and "first 60 rules" in text
    assert (out / "results.png").stat().st_size > 10_000


def test_missing_set_is_a_clear_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    proc = run_bench("--sets", "nosuchset", "--classbench-dir", str(tmp_path), "--skip-push", "--out", str(out))
    assert proc.returncode == 2
    assert "nosuchset not found in" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def _result(ovs_flows, multi_flows, ovs_compile, push=None):
    rows = [
        {"kind": "ovs", "target": "ovs", "strategy": "single", "rules": 100, "flows": ovs_flows, "levels": 2,
         "compile_s": ovs_compile, "compile_cpu_s": ovs_compile, "compile_rss_mb": 100.0,
         "verify_s": 1.0, "verify_cpu_s": 1.0, "verified": True, "verify_rss_mb": 120.0},
        {"kind": "lagopus-exact", "target": "lagopus", "strategy": "exact", "rules": 100, "flows": 10**9,
         "built": False},
        {"kind": "lagopus-multi", "target": "lagopus", "strategy": "multi", "rules": 100, "flows": multi_flows,
         "levels": 2, "compile_s": 1.0, "compile_cpu_s": 1.0, "compile_rss_mb": 90.0, "tables": [1, multi_flows - 1],
         "exact_port_flows": 0, "exact_port_bound": 0, "verify_s": 1.0, "verified": True},
    ]
    return {"command": "python3 -m bench", "machine": {"cpu": "x", "cores": 2, "memory_gib": "23", "python": "3",
                                                        "system": "Linux"},
            "load_start": "1", "load_end": "1", "elapsed_s": 1.0, "limit": None,
            "sets": {"acl1_10k": {"naive": {"rules": 100, "naive_masked": 134, "naive_exact": 10**9}, "rows": rows}},
            "peers": {"push": push} if push else {}}


def test_goals_judge_the_figures():
    good = {g.goal: g.passed for g in goals(_result(130, 1100, 1.5, {"flows": 10, "aclc_s": 3.0, "ofctl_s": 2.0,
                                                                      "ratio": 1.5}))}
    assert good == {
        "acl1_10k: ovs flows/rule <= naive (1.34 counted, 1.34 published)": True,
        "acl1_10k: ovs compile < 2 s": True,
        "acl1_10k: ovs compile < 300 MB peak": True,
        "acl1_10k: verify (ovs) < 10 s": True,
        "acl1_10k: verify (lagopus multi) < 10 s": True,
        "acl1_10k: lagopus multi flows/rule <= 12": True,
        "acl1_10k: lagopus multi compile < 5 s": True,
        "push 10 flows within 1.5x of ovs-ofctl --bundle": True,
    }
    bad = {g.goal: g.passed for g in goals(_result(140, 1300, 2.5, {"flows": 10, "aclc_s": 5.0, "ofctl_s": 2.0,
                                                                     "ratio": 2.5}))}
    assert not any(bad[k] for k in ("acl1_10k: ovs flows/rule <= naive (1.34 counted, 1.34 published)",
                                    "acl1_10k: ovs compile < 2 s", "acl1_10k: lagopus multi flows/rule <= 12",
                                    "push 10 flows within 1.5x of ovs-ofctl --bundle"))
    loaded = _result(130, 1100, 2.5)
    loaded["sets"]["acl1_10k"]["rows"][0]["compile_cpu_s"] = 0.5  # a busy machine stretched the wall clock
    (compile_goal,) = [g for g in goals(loaded) if g.goal == "acl1_10k: ovs compile < 2 s"]
    assert (compile_goal.passed, compile_goal.passed_on_cpu) == (False, True)
    text = render_markdown(_result(140, 1300, 2.5))
    assert "**FAIL**" in text and "| acl1_10k | lagopus | exact (count only) | 100 | 1,000,000,000 |" in text


def test_end_to_end_goal_is_judged_on_the_process_ratio():
    def with_e2e(ratio, ratio_cpu):
        result = _result(130, 1100, 1.5)
        result["sets"]["acl1_10k"]["e2e"] = {
            "aclc": {"total_s": 1.0, "total_cpu_s": 1.0, "import_s": 0.3, "import_cpu_s": 0.3, "compile_s": 0.7,
                     "compile_cpu_s": 0.7},
            "aclgen": {"total_s": ratio, "total_cpu_s": ratio_cpu}, "ratio": ratio, "ratio_cpu": ratio_cpu}
        (goal,) = [g for g in goals(result) if "aclgen" in g.goal]
        return goal
    assert (with_e2e(12.0, 11.0).passed, with_e2e(12.0, 11.0).passed_on_cpu) == (True, True)
    assert (with_e2e(6.0, 11.0).passed, with_e2e(6.0, 11.0).passed_on_cpu) == (False, True)
    result = _result(130, 1100, 1.5)
    result["sets"]["acl1_10k"]["e2e"] = {"aclc": {"error": "exit 2: boom"}}
    (goal,) = [g for g in goals(result) if "aclgen" in g.goal]
    assert goal.passed is False and "boom" in goal.figure


def test_push_figures_are_read_from_bench_push_output():
    stdout = ("flows: 100000 (generated)\n"
              "ovs-ofctl --bundle add-flows: 4.20 s (100000 flows)\n"
              "aclc push (state read, send, barrier, exact read-back, switch-over): 6.30 s (100000 flows; send 3 s)\n")
    figures = parse_push_output(stdout, "", 0, 100000)
    assert figures["ofctl_s"] == 4.2 and figures["aclc_s"] == 6.3 and abs(figures["ratio"] - 1.5) < 1e-9
    assert "error" in parse_push_output("", "cannot run: needs root\n", 1, 100000)
    assert "error" in parse_push_output("something else\n", "", 0, 100000)


def test_unwritable_output_is_refused_before_measuring(tmp_path):
    (tmp_path / "tiny").write_text(TINY)
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = run_bench("--sets", "tiny", "--classbench-dir", str(tmp_path), "--skip-push", "--out", str(blocker / "x"))
    assert proc.returncode == 2 and "--out: cannot write in" in proc.stderr
    assert "tiny: ovs" not in proc.stdout  # nothing was measured


def test_doc_figures_are_replaced_between_markers_only(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nhand-written intro\n\n{DOC_BEGIN}\nold figures\n{DOC_END}\n\nanalysis\n")
    update_doc(doc, _result(130, 1100, 1.5), "../bench/results.png")
    text = doc.read_text()
    assert text.startswith("# Performance\n\nhand-written intro\n\n" + DOC_BEGIN)
    assert text.endswith(DOC_END + "\n\nanalysis\n")
    assert "old figures" not in text
    assert "| acl1_10k | 100 | 1.30 (1.34) | 1.50 (1.50) | 1.00 (1.00) | 11.00 | 1.00 (1.00) | 1.00 | 1,000,000,000 |" in text
    assert "![flows per rule, compile seconds and rules per second](../bench/results.png)" in text


def test_flows_against_naive_on_a_tiny_set(tmp_path):
    """bench.flows: the naive count is the product of the two prefix covers per rule plus the default."""
    from bench.flows import measure

    tiny = tmp_path / "tiny"
    tiny.write_text(TINY)
    row = measure(tiny)
    assert row["naive"] == 1 + 1 * 4 + 1 + 1  # one port; 1024-2047 (1 prefix) by 1-6 (4); UDP any; default
    assert row["proved"] and row["flows"] <= row["naive"]


@pytest.mark.skipif(not (CLASSBENCH / "fw1_1k").is_file(), reason="shared/classbench is not beside the repository")
def test_flows_against_naive_on_fw1_1k(tmp_path):
    """On fw1_1k the default ovs strategy needs fewer flows than naive, proved; the section replaces
    only its own part of the results file."""
    results = tmp_path / "results.md"
    results.write_text("# results\n\nkept\n")
    done = subprocess.run([sys.executable, "-m", "bench.flows", "--sets", "fw1_1k", "--classbench-dir", str(CLASSBENCH),
                           "--write", str(results)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = results.read_text()
    assert text.startswith("# results\n\nkept\n") and "<!-- bench.flows begin -->" in text
    line = next(l for l in text.splitlines() if l.startswith("| fw1_1k |"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    naive, flows = int(cells[2].replace(",", "")), int(cells[3].replace(",", ""))
    assert flows < naive and cells[5].endswith("%") and cells[7] == "yes"


def test_iptables_chain_bench_on_a_small_chain(tmp_path):
    """bench.iptables: a generated chain imports, compiles with its proof and lints as processes;
    the section replaces only its own part of the results file."""
    from bench.iptables import iptables_save

    text = iptables_save(50)
    assert text == iptables_save(50) and text.count("\n-A FORWARD ") == 52  # deterministic; 2 conntrack rules first
    results = tmp_path / "results.md"
    results.write_text("# results\n\nkept\n")
    done = subprocess.run([sys.executable, "-m", "bench.iptables", "--sizes", "200", "--write", str(results)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = results.read_text()
    assert text.startswith("# results\n\nkept\n") and "<!-- bench.iptables begin -->" in text
    line = next(l for l in text.splitlines() if l.startswith("| 200 |"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert int(cells[1]) >= 200 and cells[5] == "yes" and cells[7].endswith("x")
