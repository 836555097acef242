"""``aclc compile``: an ACL source file to OpenFlow 1.3 flows in one output format.

The compiled pipeline is proved equivalent to the ACL (BDDs, aclc.semantics)
before anything is written; output goes to stdout, or atomically to ``-o``, spelled
flow by flow as it is written.
See docs/cli-compile.md.
"""

from __future__ import annotations

import importlib.util
import os
import re
import time
from collections import Counter
from contextlib import nullcontext

import click

from ..emit import FORMATS, MULTI_FILE_FORMATS, emit, emit_chunks
from ..errors import AclcError, CheckFailed
from ..gcpause import gc_paused
from .common import (
    COMPILE_OPTIONS, POLICY_OPTIONS, apply_options, compile_options, load_policy_and_sources, write_output,
)

FORMAT_NAMES = list(FORMATS)

# Switch tests of a large ACL cost time to write (every file is planned, evaluated and loaded
# through os-ken: about 20 ms a test) and far more to run (the tester installs each flow with a
# barrier and a dump). 400 tests cover every rule of ACLs up to about 2,000 rules and keep a
# 10,000-rule ACL to seconds; larger ACLs are sampled evenly, and a note on stderr says so.
DEFAULT_MAX_TESTS = 400


@click.command("compile")
@apply_options(POLICY_OPTIONS)
@apply_options(COMPILE_OPTIONS)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default=FORMAT_NAMES[0], show_default=True,
              help="Output format: " + ", ".join(f"{name} ({f.writes})" for name, f in FORMATS.items()) + ".")
@click.option("-o", "--output", metavar="OUT", default=None,
              help="Write to this file (or directory, for ryu-test) atomically instead of stdout.")
@click.option("--bridge", metavar="NAME", default=None,
              help="Bridge name in lagopus-dsl output (default bridge01).")
@click.option("--dpid", metavar="DPID", default=None,
              help="Datapath id in ryu-rest request bodies (default 1).")
@click.option("--stats", is_flag=True, help="Print rules, flows, priorities and flows per table to stderr.")
@click.option("--no-verify", is_flag=True,
              help="Skip the proof that the flows decide every packet like the ACL.")
@click.option("--max-tests", type=click.IntRange(min=0), default=None,
              help=f"ryu-test: at most this many switch tests (rules are then sampled evenly, with a note "
                   f"on stderr); 0 writes a test for every rule. Default: {DEFAULT_MAX_TESTS}.")
@click.option("--optimize", is_flag=True,
              help="Drop rules that change no decision and merge rules that union cleanly, before "
                   "compiling (proved equivalent with the BDD model; --stats shows flows before and after).")
@click.option("--reduce", is_flag=True,
              help="Strategy single: fewer flows where the rules around a rule allow it (port ranges widened into "
                   "packets decided above or alike, unreachable parts left out); still proved equivalent.")
def command(rules, acl_name, definitions, target, strategy, permit, priority_base, priority_max,
            max_flows, table_base, fmt, output, bridge, dpid, stats, no_verify, max_tests=None, optimize=False,
            reduce=False):
    """Compile an ACL in RULES.acl to OpenFlow 1.3 flows for one switch.

    The flows are proved to decide every packet exactly like the ACL before
    anything is written (unless --no-verify); a failed proof prints a packet
    the two decide differently and exits with status 1. Output is written only
    when everything succeeded.
    """
    from ..lower import compile_policy

    format_options = _format_options(fmt, bridge, dpid, max_tests)
    notes: list[str] = []
    if FORMATS[fmt].notes:
        format_options["notes"] = notes
    if fmt in MULTI_FILE_FORMATS and output in (None, "-"):
        one_file = ", ".join(f for f in FORMAT_NAMES if f not in MULTI_FILE_FORMATS)
        raise AclcError(f"format {fmt}{' (the default)' if fmt == FORMAT_NAMES[0] else ''} writes several files: "
                        f"give an output directory with -o DIR, or a one-file format with -f ({one_file})")
    started = time.perf_counter()
    policy, sources = load_policy_and_sources(rules, acl_name, definitions)
    _refuse_overwriting_an_input(output, sources)
    options = compile_options(target, strategy, permit, priority_base, priority_max, max_flows, table_base)
    if reduce:
        from dataclasses import replace

        options = replace(options, reduce=True)
    optimize_note = None
    if optimize:
        from ..semantics.optimize import optimize_policy

        optimized, report = optimize_policy(policy)  # refuses to return a policy that decides differently
        if stats:
            before = compile_policy(policy, options).flow_count
            optimize_note = f"optimize: rules {report.rules_before} -> {report.rules_after}, flows {before} -> "
        policy = optimized
    pipeline = compile_policy(policy, options)
    if reduce and pipeline.strategy != "single":  # the pass works on one masked-port table only
        click.echo(f"note: --reduce left the flows as they are: it applies to strategy single, and this "
                   f"compile uses {pipeline.strategy}"
                   + (f" ({pipeline.strategy_reason}); give -s single to reduce one table instead"
                      if pipeline.strategy_reason else ""), err=True)
    if optimize_note is not None:
        optimize_note += str(pipeline.flow_count)
    compiled = time.perf_counter()
    verify_seconds = None
    if not no_verify:
        verify_seconds = _verify(policy, pipeline)
    # One-file formats are written as they are spelled (never the whole text in memory); the
    # file appears (or stdout gets it) only once every flow was spelled.
    # Spelling flows as lines makes many small objects and no cycles: a collection would only walk
    # the policy and the pipeline again (a sixth of the writing's time for 10k rules).
    with nullcontext() if fmt in MULTI_FILE_FORMATS else gc_paused():
        result = emit(pipeline, fmt, **format_options) if fmt in MULTI_FILE_FORMATS else \
            emit_chunks(pipeline, fmt, **format_options)
        writing = time.perf_counter()
        write_output(result, output, fmt)
    if stats:
        click.echo(stats_text(pipeline, compiled - started, verify_seconds, time.perf_counter() - writing), err=True)
        if optimize_note is not None:
            click.echo(optimize_note, err=True)
    for note in notes:
        if max_tests is None:
            note = note.removesuffix(")") + ", the default)"
        click.echo(f"note: {note}; --max-tests 0 writes a test for every rule", err=True)
    if output is not None and output != "-":
        what = (f"{len(result)} file(s)" if isinstance(result, dict)
                else f"{pipeline.flow_count} flow(s)")
        click.echo(f"wrote {what} to {output}", err=True)


def _refuse_overwriting_an_input(output: str | None, sources) -> None:
    """``-o`` naming the ACL itself (a slip of the shell history) would replace the source with flows."""
    if output in (None, "-"):
        return
    target = os.path.realpath(output)
    for source in sources:
        if os.path.realpath(source) == target:
            raise AclcError(f"-o {output} is an input ({source}); refusing to overwrite it")


def _format_options(fmt: str, bridge: str | None, dpid: str | None, max_tests: int | None = None) -> dict:
    """The emit() options of ``fmt`` from the command line; one a format does not declare
    (aclc.emit.FORMATS) is refused, naming the formats that take it."""
    given = {"bridge": bridge, "dpid": dpid, "max_tests": max_tests}
    for name, value in given.items():
        if value is not None and name not in FORMATS[fmt].options:
            takers = " or ".join(f"--format {f}" for f, spec in FORMATS.items() if name in spec.options)
            raise AclcError(f"--{name.replace('_', '-')} applies only to {takers}")
    options = {}
    if "max_tests" in FORMATS[fmt].options:
        cap = DEFAULT_MAX_TESTS if max_tests is None else max_tests
        options["max_tests"] = cap or None  # 0: every rule
    if bridge is not None:
        options["bridge"] = bridge
    if dpid is not None:
        if not re.fullmatch(r"0[xX][0-9a-fA-F]+|[0-9]+", dpid):  # int() would take '1_0' and other scripts' digits
            raise AclcError(f"--dpid: '{dpid}' is not a number")
        value = int(dpid, 16) if dpid[:2] in ("0x", "0X") else int(dpid)
        if not 0 <= value < 1 << 64:
            raise AclcError(f"--dpid: {dpid} is not a 64-bit datapath id")
        options["dpid"] = value
    return options


def _verify(policy, pipeline) -> float | None:
    """Prove the pipeline; None when this installation has no verifier."""
    if importlib.util.find_spec("aclc.semantics.verify") is None:
        return None
    from ..semantics.verify import verify

    started = time.perf_counter()
    result = verify(policy, pipeline)
    if not result.ok:
        raise CheckFailed("the compiled flows do not decide like the ACL; nothing was written",
                          detail=result.describe())
    return time.perf_counter() - started


def stats_text(pipeline, compile_seconds: float, verify_seconds: float | None,
               write_seconds: float | None = None) -> str:
    policy = pipeline.policy
    per_rule = Counter(f.rule_index for f in pipeline.flows() if f.rule_index is not None)
    counts = [per_rule.get(i, 0) for i in range(len(policy.rules))]
    priorities = {f.priority for f in pipeline.flows()}
    lines = [
        f"acl {policy.name}: target {pipeline.target}, strategy {pipeline.strategy}, "
        f"permit {pipeline.continuation.text}",
    ]
    if pipeline.strategy_reason:
        lines.append(f"strategy chosen: {pipeline.strategy}, {pipeline.strategy_reason}")
    lines += [
        f"rules: {len(policy.rules)}",
        f"flows: {pipeline.flow_count}",
    ]
    if counts:
        lines.append(f"flows per rule: mean {sum(counts) / len(counts):.2f}, max {max(counts)}, "
                     f"min {min(counts)}")
    lines.append(f"priority levels used: {len(priorities)}"
                 + (f" ({min(priorities)}..{max(priorities)})" if priorities else ""))
    for table in pipeline.tables:
        lines.append(f"table {table.table_id} ({table.name}): {len(table.flows)} flows")
    lines.append(f"compile: {compile_seconds:.3f} s")
    lines.append("verify: skipped" if verify_seconds is None else f"verify: {verify_seconds:.3f} s, equivalent")
    if write_seconds is not None:
        lines.append(f"write: {write_seconds:.3f} s")  # spelling the flows and writing them
    return "\n".join(lines)
