"""results.md (tables, goals with pass/fail) and results.png (plot) from one suite run.

Goals come from the issues; each is checked against the figure measured in
this run and printed beside it. Time goals are judged on wall-clock seconds;
the CPU seconds are shown next to them because the machine is shared.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.sections import carry_over

NAIVE_10K = {"acl1": 1.34, "fw1": 3.42, "ipc1": 1.26}  # shared/classbench/README.md, flows per rule
OVS_COMPILE_S = {"10k": 2.0, "50k": 10.0}
OVS_COMPILE_MB = 300.0
VERIFY_S = {"10k": 10.0, "50k": 60.0}
MULTI_FLOWS_PER_RULE = 12.0
MULTI_COMPILE_S = 5.0
PUSH_RATIO = 1.5
AERLEON_FACTOR = 10.0


@dataclass(frozen=True)
class Goal:
    goal: str
    figure: str
    passed: bool | None  # None: not measured in this run
    # The same time goal judged on CPU seconds, which load on a shared machine stretches less.
    passed_on_cpu: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "**FAIL**", None: "not measured"}[self.passed]

    @property
    def cpu_verdict(self) -> str:
        return {True: "pass", False: "**FAIL**", None: "—"}[self.passed_on_cpu]


def _date(results: dict) -> str:
    """When the run finished (figures saved before the date was recorded: now)."""
    return results.get("date") or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def _size(name: str) -> str:
    return name.rsplit("_", 1)[-1]


def _family(name: str) -> str:
    return name.rsplit("_", 1)[0]


def _row(entry: dict, kind: str) -> dict:
    return next((r for r in entry["rows"] if r.get("kind") == kind), {})


def _secs(row: dict, key: str) -> str:
    if key not in row:
        return "—"
    cpu = row.get(key.replace("_s", "_cpu_s"))
    return f"{row[key]:.2f}" + (f" ({cpu:.2f})" if cpu is not None else "")


def _timing_figure(row: dict, key: str) -> str:
    return f"{row[key]:.2f} s wall, {row.get(key.replace('_s', '_cpu_s'), float('nan')):.2f} s CPU"


def _rules_per_second(row: dict, key: str = "total_s") -> float | None:
    if key not in row or not row.get("rules") or row[key] <= 0:
        return None
    return row["rules"] / row[key]


def _time_goal(goal: str, row: dict, key: str, limit: float, extra_ok: bool = True, note: str = "") -> Goal:
    cpu = row.get(key.replace("_s", "_cpu_s"))
    return Goal(goal, _timing_figure(row, key) + note, row[key] < limit and extra_ok,
                None if cpu is None else cpu < limit and extra_ok)


def goals(results: dict) -> list[Goal]:
    """Every goal that applies to what this run measured (size goals only on full sets)."""
    out: list[Goal] = []
    full = not results.get("limit")
    for name, entry in results["sets"].items():
        size, family = _size(name), _family(name)
        ovs, multi = _row(entry, "ovs"), _row(entry, "lagopus-multi")
        naive = entry["naive"]
        if "flows" in ovs:
            naive_per_rule = naive["naive_masked"] / naive["rules"]
            per_rule = ovs["flows"] / ovs["rules"]
            bound = naive_per_rule
            label = f"{naive_per_rule:.2f} counted"
            if full and size == "10k" and family in NAIVE_10K:
                bound = max(naive_per_rule, NAIVE_10K[family])
                label += f", {NAIVE_10K[family]} published"
            out.append(Goal(f"{name}: ovs flows/rule <= naive ({label})", f"{per_rule:.2f}",
                            per_rule <= bound + 0.005))
        elif "error" in ovs:
            out.append(Goal(f"{name}: ovs compile", ovs["error"], False))
        if full and size in OVS_COMPILE_S and "compile_s" in ovs:
            limit = OVS_COMPILE_S[size]
            out.append(_time_goal(f"{name}: ovs compile < {limit:g} s", ovs, "compile_s", limit))
            if size == "10k":
                out.append(Goal(f"{name}: ovs compile < {OVS_COMPILE_MB:g} MB peak",
                                f"{ovs['compile_rss_mb']:.0f} MB", ovs["compile_rss_mb"] < OVS_COMPILE_MB))
        for label, row in (("ovs", ovs), ("lagopus multi", multi)):
            if full and size in VERIFY_S and "verify_s" in row:
                limit = VERIFY_S[size]
                out.append(_time_goal(f"{name}: verify ({label}) < {limit:g} s", row, "verify_s", limit,
                                      bool(row.get("verified")), "" if row.get("verified") else ", NOT proven"))
        if "flows" in multi and full and size in ("10k", "50k"):
            per_rule = multi["flows"] / multi["rules"]
            out.append(Goal(f"{name}: lagopus multi flows/rule <= {MULTI_FLOWS_PER_RULE:g}", f"{per_rule:.2f}",
                            per_rule <= MULTI_FLOWS_PER_RULE))
            if size == "10k":
                out.append(_time_goal(f"{name}: lagopus multi compile < {MULTI_COMPILE_S:g} s", multi, "compile_s",
                                      MULTI_COMPILE_S))
        elif "error" in multi:
            out.append(Goal(f"{name}: lagopus multi compile", multi["error"], False))
        for kind in ("ovs", "lagopus-exact", "lagopus-multi"):
            row = _row(entry, kind)
            if row.get("verified") is False:
                out.append(Goal(f"{name}: {kind} proven equivalent", "NOT proven", False))
        peer = entry.get("aerleon")
        if peer and full:
            ours, theirs = _rules_per_second(peer.get("aclc-e2e", {})), _rules_per_second(peer.get("aerleon", {}))
            if ours and theirs:
                ours_cpu = _rules_per_second(peer["aclc-e2e"], "total_cpu_s")
                theirs_cpu = _rules_per_second(peer["aerleon"], "total_cpu_s")
                cpu_ok = ours_cpu >= AERLEON_FACTOR * theirs_cpu if ours_cpu and theirs_cpu else None
                out.append(Goal(f"{name}: aclc rules/s >= {AERLEON_FACTOR:g}x Aerleon",
                                f"{ours:,.0f} vs {theirs:,.0f} rules/s = {ours / theirs:.2f}x"
                                + (f" (CPU: {ours_cpu / theirs_cpu:.2f}x)" if cpu_ok is not None else ""),
                                ours >= AERLEON_FACTOR * theirs, cpu_ok))
        e2e = entry.get("e2e")
        if e2e and full and size == "10k":
            if "ratio" in e2e:
                ours, theirs = e2e["aclc"], e2e["aclgen"]
                out.append(Goal(f"{name}: aclc import + compile (processes, with the proof) >= "
                                f"{AERLEON_FACTOR:g}x faster than aclgen",
                                f"{ours['total_s']:.2f} s vs {theirs['total_s']:.2f} s = {e2e['ratio']:.1f}x "
                                f"(CPU: {ours['total_cpu_s']:.2f} s vs {theirs['total_cpu_s']:.2f} s = "
                                f"{e2e['ratio_cpu']:.1f}x)",
                                e2e["ratio"] >= AERLEON_FACTOR, e2e["ratio_cpu"] >= AERLEON_FACTOR))
            else:
                why = e2e.get("aclc", {}).get("error") or e2e.get("aclgen", {}).get("error") or "no figure"
                out.append(Goal(f"{name}: aclc import + compile >= {AERLEON_FACTOR:g}x faster than aclgen", why,
                                None if "skipped" in e2e.get("aclgen", {}) else False))
    push = results.get("peers", {}).get("push")
    if push is not None:
        if "ratio" in push:
            out.append(Goal(f"push {push['flows']:,} flows within {PUSH_RATIO:g}x of ovs-ofctl --bundle",
                            f"aclc {push['aclc_s']:.2f} s, ovs-ofctl {push['ofctl_s']:.2f} s = {push['ratio']:.2f}x",
                            push["ratio"] <= PUSH_RATIO))
        else:
            out.append(Goal(f"push within {PUSH_RATIO:g}x of ovs-ofctl --bundle", push.get("error", "no figure"), None))
    return out


def _largest_stage(row: dict) -> str:
    stages = {k: row[f"{k}_s"] for k in ("parse", "compile", "verify") if f"{k}_s" in row}
    if not stages or row.get("total_s", 0) <= 0:
        return "—"
    name = max(stages, key=stages.get)
    return f"{name} ({stages[name] / row['total_s']:.0%})"


def goal_summary(checked: list[Goal]) -> str:
    failed = [g for g in checked if g.passed is False]
    text = f"{sum(g.passed is True for g in checked)} of {len(checked)} goals met"
    if not failed:
        return text + "."
    text += f"; **{len(failed)} failed** on wall-clock seconds"
    rescued = sum(g.passed_on_cpu is True for g in failed)
    if rescued:
        text += f", {rescued} of which pass on CPU seconds"
    return text + "."


def _fmt_int(value) -> str:
    return f"{value:,}" if isinstance(value, int) else "—"


def render_markdown(results: dict, plot_name: str = "results.png") -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{results['command']}` on {_date(results)}"
        f" in {results['elapsed_s'] / 60:.1f} minutes.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB memory, {m['system']}, "
        f"Python {m['python']}",
        f"- Code: {results.get('code', 'unknown')}",
        f"- Load average (1, 5, 15 min) at the start: {results['load_start']}; at the end: {results['load_end']}"
        " (the machine is shared; CPU seconds are given in parentheses beside wall seconds)",
    ]
    if results.get("limit"):
        lines.append(f"- Only the first {results['limit']} rules of each set (--limit): size goals do not apply")
    lines += [
        "- Rule i permits when i is even, denies when odd; default deny (the sets carry no actions).",
        "- Every measurement ran in a fresh process; peak memory is that process's maxrss after the stage.",
        "",
        f"![flows per rule and compile time]({plot_name})",
        "",
        "## Flows, priorities, compile and verify time per set and target",
        "",
        "Naive = one table, each port range as its minimal prefix cover (masked ports), counted from the "
        "ClassBench lines. Lagopus exact = one table with every port value its own flow: counted, and built "
        "only when it fits under aclc's 100,000-flow limit.",
        "",
        "| set | target | strategy | rules | flows | flows/rule | naive flows/rule | priority levels "
        "| compile s (CPU) | peak MB compile | verify s (CPU) | proven | peak MB verify |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name, entry in results["sets"].items():
        naive = entry["naive"]
        naive_per_rule = naive["naive_masked"] / naive["rules"]
        for row in entry["rows"]:
            target, strategy = row.get("target", row["kind"]), row.get("strategy", "")
            if "error" in row:
                lines.append(f"| {name} | {row['kind']} | | | error: {row['error']} | | | | | | | | |")
                continue
            flows = row["flows"]
            note = "" if row.get("built", True) else " (count only)"
            proven = {True: "yes", False: "**NO**", None: "—"}[row.get("verified")]
            lines.append(
                f"| {name} | {target} | {strategy}{note} | {row['rules']:,} | {flows:,} | "
                f"{flows / row['rules']:,.2f} | {naive_per_rule:.2f} | {row.get('levels', '—')} | "
                f"{_secs(row, 'compile_s')} | {row.get('compile_rss_mb', float('nan')):.0f} | "
                f"{_secs(row, 'verify_s')} | {proven} | {row.get('verify_rss_mb', float('nan')):.0f} |"
                .replace("| nan |", "| — |"))
    lines += [
        "",
        "## Lagopus: multi-table beside exact single-table expansion and the exact-port lower bound",
        "",
        "| set | rules | exact single table (count) | naive exact (counted from lines) | multi flows "
        "| flows per table | exact-port flows used | exact-port lower bound |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for name, entry in results["sets"].items():
        exact, multi = _row(entry, "lagopus-exact"), _row(entry, "lagopus-multi")
        lines.append(
            f"| {name} | {entry['naive']['rules']:,} | {_fmt_int(exact.get('flows'))} | "
            f"{entry['naive']['naive_exact']:,} | {_fmt_int(multi.get('flows'))} | "
            f"{'+'.join(map(str, multi.get('tables', []))) or '—'} | {_fmt_int(multi.get('exact_port_flows'))} | "
            f"{_fmt_int(multi.get('exact_port_bound'))} |")
    if any("evaluator" in e for e in results["sets"].values()):
        lines += [
            "",
            "## The proof beside the plain packet evaluator",
            "",
            "bench/verify.py on the ovs table: the BDD proof covers every packet; the plain evaluator "
            "(aclc.evaluate.evaluate_pipeline, a linear scan of the table) is timed on random packets and "
            "scaled to 100,000.",
            "",
            "| set | rules | flows | verify s | method | peak MB | evaluator: 100k packets s (scaled) |",
            "|---|---:|---:|---:|---|---:|---:|",
        ]
        for name, entry in results["sets"].items():
            ev = entry.get("evaluator")
            if ev is None:
                continue
            if "error" in ev:
                lines.append(f"| {name} | | | | error: {ev['error']} | | |")
                continue
            lines.append(f"| {name} | {ev['rules']:,} | {ev['flows']:,} | {ev['verify_s']:.2f}"
                         f"{'' if ev.get('ok') else ' (NOT proven)'} | {ev.get('method', '')} | "
                         f"{ev['peak_mb']:.0f} | {ev['eval_100k_s']:.1f} (from {ev.get('eval_packets', '?')}) |")
    if any("aerleon" in e for e in results["sets"].values()):
        lines += [
            "",
            "## Compile speed beside Aerleon",
            "",
            "aclc: the source text `aclc import` makes from the ClassBench file, then parse + resolve + "
            "normalize, compile for ovs, and verify (the proof of equivalence). Aerleon: the same rules as an "
            "Aerleon YAML policy with naming definitions, parsed and generated for its cisco target "
            "(bench/aerleon_peer.py). Each tool first handles the same two rules, untimed, in the same "
            "process (imports and one-time setup are not counted for either). "
            "Wall seconds, CPU seconds in parentheses.",
            "",
            "| set | rules | aclc parse | aclc compile | aclc verify | aclc total | aclc rules/s "
            "| Aerleon total | Aerleon rules/s | aclc / Aerleon | aclc's largest stage |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, entry in results["sets"].items():
            peer = entry.get("aerleon")
            if not peer:
                continue
            ours, theirs = peer.get("aclc-e2e", {}), peer.get("aerleon", {})
            if "error" in ours or "error" in theirs or "skipped" in theirs:
                why = ours.get("error") or theirs.get("error") or theirs.get("skipped")
                lines.append(f"| {name} | | | | | | | | | {why} | |")
                continue
            a, b = _rules_per_second(ours), _rules_per_second(theirs)
            lines.append(
                f"| {name} | {ours['rules']:,} | {_secs(ours, 'parse_s')} | {_secs(ours, 'compile_s')} | "
                f"{_secs(ours, 'verify_s')} | {_secs(ours, 'total_s')} | {a:,.0f} | {_secs(theirs, 'total_s')} | "
                f"{b:,.0f} | {a / b:.2f}x | {_largest_stage(ours)} |")
    e2e = {name: entry["e2e"] for name, entry in results["sets"].items() if entry.get("e2e")}
    if e2e:
        from bench.e2e import markdown as e2e_markdown

        lines += [
            "",
            "## End to end as processes, beside Aerleon's aclgen",
            "",
            "What a user types: `aclc import classbench SET -o x.acl` then `aclc compile x.acl -t ovs -f ofctl "
            "-o x.flows` (with its default proof), each a process timed from spawn to exit; beside it "
            "`aclgen` on the same rules as Aerleon YAML with naming definitions, Cisco output (bench/e2e.py). "
            "Interpreter start, imports, reading and writing files are in both. Wall seconds, CPU seconds "
            "(the process and its children) in parentheses; ratio = aclgen / aclc.",
            "",
            e2e_markdown(e2e),
        ]
    push = results.get("peers", {}).get("push")
    if push is not None:
        lines += ["", "## Push beside ovs-ofctl --bundle add-flows", ""]
        if "ratio" in push:
            lines += [
                "Both load the same generated flows onto an empty userspace Open vSwitch bridge in the same run "
                "(bench/push.py); aclc's time includes reading the switch state, the barrier, the exact read-back "
                "of every flow and the switch-over.",
                "",
                "| flows | aclc push s | ovs-ofctl --bundle s | ratio |",
                "|---:|---:|---:|---:|",
                f"| {push['flows']:,} | {push['aclc_s']:.2f} | {push['ofctl_s']:.2f} | {push['ratio']:.2f} |",
            ]
        else:
            lines.append(f"Not measured: {push.get('error')}")
    checked = goals(results)
    lines += ["", "## Goals", "", goal_summary(checked), "",
              "| goal | measured | verdict (wall s) | verdict on CPU s |", "|---|---|---|---|"]
    lines += [f"| {g.goal} | {g.figure} | {g.verdict} | {g.cpu_verdict} |" for g in checked]
    return "\n".join(lines) + "\n"


DOC_BEGIN = "<!-- begin: figures written by python3 -m bench --doc; edit outside these markers -->"
DOC_END = "<!-- end: figures written by python3 -m bench --doc -->"


def render_summary(results: dict, plot_path: str) -> str:
    """The short form for docs/performance.md: machine, command, one line per set, the goals."""
    m = results["machine"]
    lines = [
        f"Measured {_date(results)[:10]} with `{results['command']}` "
        f"({results['elapsed_s'] / 60:.0f} minutes) on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
        f"Python {m['python']}, code {results.get('code', 'unknown')}. Load average (1, 5, 15 min): {results['load_start']} at the start, "
        f"{results['load_end']} at the end: the machine was shared, so wall seconds are stretched; "
        "CPU seconds are in parentheses.",
        "",
        f"![flows per rule, compile seconds and rules per second]({plot_path})",
        "",
        "| set | rules | ovs flows/rule (naive) | ovs compile s | ovs verify s | lagopus multi flows/rule "
        "| multi compile s | multi verify s | lagopus exact one-table flows | aclc rules/s | Aerleon rules/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in results["sets"].items():
        naive = entry["naive"]
        ovs, multi, exact = (_row(entry, k) for k in ("ovs", "lagopus-multi", "lagopus-exact"))
        peer = entry.get("aerleon", {})
        ours, theirs = _rules_per_second(peer.get("aclc-e2e", {})), _rules_per_second(peer.get("aerleon", {}))
        per_rule = lambda row: f"{row['flows'] / row['rules']:.2f}" if "flows" in row else "—"  # noqa: E731
        lines.append(
            f"| {name} | {naive['rules']:,} | {per_rule(ovs)} ({naive['naive_masked'] / naive['rules']:.2f}) | "
            f"{_secs(ovs, 'compile_s')} | {_secs(ovs, 'verify_s')} | {per_rule(multi)} | "
            f"{_secs(multi, 'compile_s')} | {_secs(multi, 'verify_s')} | {_fmt_int(exact.get('flows'))} | "
            f"{f'{ours:,.0f}' if ours else '—'} | {f'{theirs:,.0f}' if theirs else '—'} |")
    for name, entry in results["sets"].items():
        e2e = entry.get("e2e") or {}
        if "ratio" in e2e:
            lines += ["", f"{name} end to end as processes (`aclc import` + `aclc compile` with the proof, beside "
                      f"`aclgen`): {e2e['aclc']['total_s']:.2f} s vs {e2e['aclgen']['total_s']:.2f} s, "
                      f"{e2e['ratio']:.1f}x ({e2e['ratio_cpu']:.1f}x on CPU seconds)."]
    push = results.get("peers", {}).get("push")
    if push and "ratio" in push:
        lines += ["", f"Push of {push['flows']:,} flows to userspace Open vSwitch: aclc {push['aclc_s']:.2f} s, "
                  f"`ovs-ofctl --bundle add-flows` {push['ofctl_s']:.2f} s ({push['ratio']:.2f}x)."]
    checked = goals(results)
    lines += ["", goal_summary(checked), ""]
    lines += ["| goal | measured | verdict (wall s) | verdict on CPU s |", "|---|---|---|---|"]
    lines += [f"| {g.goal} | {g.figure} | {g.verdict} | {g.cpu_verdict} |" for g in checked]
    return "\n".join(lines)


def update_doc(path: Path, results: dict, plot_path: str) -> None:
    """Replace the figures between the markers in ``path`` (or start the page), atomically."""
    block = f"{DOC_BEGIN}\n{render_summary(results, plot_path)}\n{DOC_END}"
    old = path.read_text() if path.exists() else f"# Performance\n\n{DOC_BEGIN}\n{DOC_END}\n"
    if DOC_BEGIN not in old or DOC_END not in old:
        raise SystemExit(f"bench: {path} has no figure markers; add a line {DOC_BEGIN!r} and {DOC_END!r}")
    head, rest = old.split(DOC_BEGIN, 1)
    tail = rest.split(DOC_END, 1)[1]
    atomic_write(path, lambda p: p.write_text(head + block + tail))


def plot(results: dict, path: Path) -> None:
    """Flows per rule (log) and compile seconds per set and target, naive beside; aclc vs Aerleon rules/s."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results["sets"])
    peers = [n for n in names if _rules_per_second(results["sets"][n].get("aerleon", {}).get("aerleon", {}))]
    fig, axes = plt.subplots(1, 3 if peers else 2, figsize=(17 if peers else 12, 5.2))
    x = range(len(names))

    def per_rule(name, kind):
        row = _row(results["sets"][name], kind)
        return row["flows"] / row["rules"] if "flows" in row else 0

    series = [
        ("naive (prefix cover)", lambda n: results["sets"][n]["naive"]["naive_masked"] / results["sets"][n]["naive"]["rules"], "#bbbbbb"),
        ("ovs single", lambda n: per_rule(n, "ovs"), "#1f77b4"),
        ("lagopus multi", lambda n: per_rule(n, "lagopus-multi"), "#2ca02c"),
        ("lagopus exact, one table (count)", lambda n: per_rule(n, "lagopus-exact"), "#d62728"),
    ]
    ax = axes[0]
    width = 0.2
    for i, (label, value, color) in enumerate(series):
        ax.bar([k + (i - 1.5) * width for k in x], [value(n) for n in names], width, label=label, color=color)
    ax.axhline(MULTI_FLOWS_PER_RULE, color="#2ca02c", linestyle=":", linewidth=1, label="goal: multi <= 12")
    ax.set_yscale("log")
    top = max([value(n) for _, value, _ in series for n in names] + [MULTI_FLOWS_PER_RULE])
    ax.set_ylim(0.5, top * 1000)  # room for the legend above the bars
    ax.set_title("flows per rule (log scale)")
    ax.set_xticks(list(x), names, rotation=30)
    ax.legend(fontsize=7, loc="upper left", ncol=2)

    ax = axes[1]
    for i, (label, kind, color) in enumerate([("ovs single", "ovs", "#1f77b4"),
                                              ("lagopus multi", "lagopus-multi", "#2ca02c")]):
        values = [_row(results["sets"][n], kind).get("compile_s", 0) for n in names]
        cpu = [_row(results["sets"][n], kind).get("compile_cpu_s", 0) for n in names]
        offsets = [k + (i - 0.5) * 0.35 for k in x]
        ax.bar(offsets, values, 0.35, label=f"{label} (wall)", color=color)
        ax.scatter(offsets, cpu, color="black", marker="_", s=120, zorder=3, label="CPU seconds" if i else None)
    ax.axhline(OVS_COMPILE_S["10k"], color="#1f77b4", linestyle=":", linewidth=1, label="goal: ovs 10k < 2 s")
    ax.axhline(MULTI_COMPILE_S, color="#2ca02c", linestyle=":", linewidth=1, label="goal: multi 10k < 5 s")
    tallest = max([_row(results["sets"][n], k).get("compile_s", 0) for n in names for k in ("ovs", "lagopus-multi")]
                  + [MULTI_COMPILE_S])
    ax.set_ylim(0, tallest * 1.6)
    ax.set_title("compile seconds")
    ax.set_xticks(list(x), names, rotation=30)
    ax.legend(fontsize=7, loc="upper left", ncol=2)

    if peers:
        ax = axes[2]
        xs = range(len(peers))
        ours = [_rules_per_second(results["sets"][n]["aerleon"]["aclc-e2e"]) or 0 for n in peers]
        theirs = [_rules_per_second(results["sets"][n]["aerleon"]["aerleon"]) or 0 for n in peers]
        ax.bar([k - 0.2 for k in xs], ours, 0.4, label="aclc: parse + compile + verify", color="#1f77b4")
        ax.bar([k + 0.2 for k in xs], theirs, 0.4, label="Aerleon: parse + generate cisco", color="#ff7f0e")
        ax.set_yscale("log")
        ax.set_ylim(min(ours + theirs) / 2, max(ours + theirs) * 20)
        ax.set_title("rules per second (wall, log scale)")
        ax.set_xticks(list(xs), peers, rotation=30)
        ax.legend(fontsize=7, loc="upper left")
    fig.suptitle(f"aclc on ClassBench ({results['machine']['cores']} cores, load {results['load_start']})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same directory, then rename: never a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(results: dict, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    md, png = out / "results.md", out / "results.png"
    atomic_write(png, lambda p: plot(results, p))
    text = render_markdown(results, png.name)
    # Sections that standalone benchmarks wrote (bench.lagopus, bench.scale) stay.
    text = carry_over(md.read_text() if md.exists() else "", text)
    atomic_write(md, lambda p: p.write_text(text))
    return md, png
