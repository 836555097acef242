"""Push speed: ``aclc push`` beside ``ovs-ofctl -O OpenFlow13 --bundle add-flows``.

Both load the same flows onto the same userspace Open vSwitch bridge in the same
run (each on an empty bridge, over the bridge's management socket). aclc's figure
includes reading the switch state, the barrier, the exact read-back of every flow
and the switch-over; ovs-ofctl's includes parsing its file and the bundle commit.
Prints the CPU seconds of each run too, the tool's and ovs-vswitchd's (wall time on a shared
machine moves with the load; CPU much less). Also prints what os-ken's message classes would
cost per flow (encode and decode), the reason aclc packs flow mods and parses flow stats itself.

    python3 -m bench.push                          # 100k generated flows
    python3 -m bench.push --flows 20000
    python3 -m bench.push --classbench ../shared/classbench/ipc1_50k

Needs root and openvswitch-switch (see aclc.testing.ovs).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

from aclc.pipeline import (
    ApplyActions, Continuation, FieldMatch, FlowEntry, Output, Pipeline, PORT_NAMES, Table, make_cookie,
)
from aclc.policy import Action, Policy, Rule
from aclc.errors import SourcePos

NORMAL = Continuation((ApplyActions((Output(PORT_NAMES["NORMAL"]),)),), "NORMAL")


def generated_pipeline(n: int, base: int = 10, seed: int = 1) -> Pipeline:
    """``n`` distinct flows shaped like a compiled ACL: masked sources, exact destinations,
    protocol and port, alternating permit/deny, per-rule priorities, and a default."""
    rng = random.Random(seed)
    rules, flows, seen = [], [], set()
    while len(flows) < n - 1:
        i = len(flows)
        src_len = rng.choice([8, 16, 24, 32])
        src = rng.getrandbits(32) & (((1 << src_len) - 1) << (32 - src_len))
        dst = rng.getrandbits(32)
        proto = rng.choice([6, 17])
        port = rng.randrange(65536)
        key = (src, src_len, dst, proto, port)
        if key in seen:
            continue
        seen.add(key)
        action = Action.PERMIT if i % 2 == 0 else Action.DENY
        rules.append(Rule(i, action, SourcePos("generated", i + 1)))
        match = [FieldMatch("eth_type", 0x800), FieldMatch("ip_proto", proto),
                 FieldMatch("ipv4_src", src, None if src_len == 32 else ((1 << src_len) - 1) << (32 - src_len)),
                 FieldMatch("ipv4_dst", dst), FieldMatch("tcp_dst" if proto == 6 else "udp_dst", port)]
        flows.append(FlowEntry(base, 2 + (n - i) % 60000, tuple(match),
                               NORMAL.instructions if action is Action.PERMIT else (), make_cookie(i)))
    flows.append(FlowEntry(base, 1, (), (), make_cookie(None), role="default"))
    policy = Policy("generated", tuple(rules))
    return Pipeline((Table(base, "acl", tuple(flows)),), base, "ovs", "single", NORMAL, policy)


def classbench_pipeline(path: str, base: int = 10) -> Pipeline:
    from aclc.importers.classbench_format import read_classbench
    from aclc.lower import CompileOptions, compile_policy

    return compile_policy(read_classbench(path), CompileOptions(target="ovs", table_base=base))


def ofctl_text(pipeline: Pipeline) -> str:
    from aclc.emit import emit

    return emit(pipeline, "ofctl")


def oskens_cost(flows, sample: int = 2000) -> tuple[float, float, float, float]:
    """Microseconds per flow: os-ken encode, our encode, os-ken decode, our decode."""
    from os_ken.ofproto import ofproto_parser, ofproto_v1_3 as ofp, ofproto_v1_3_parser as parser
    from aclc.push import codec
    from aclc.push.channel import DATAPATH

    flows = flows[:sample]
    t = time.perf_counter()
    for i, f in enumerate(flows):
        kwargs = {}
        for m in f.match:
            value = codec.ip_text(m.field, m.value) if m.field.startswith("ipv4") else m.value
            mask = (codec.ip_text(m.field, m.mask) if m.field.startswith("ipv4") else m.mask) if m.mask else None
            kwargs[m.field] = (value, mask) if mask is not None else value
        ins = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [parser.OFPActionOutput(a.port) for a in i2.actions])
               for i2 in f.instructions]
        msg = parser.OFPFlowMod(DATAPATH, cookie=f.cookie, table_id=f.table_id, priority=f.priority,
                                match=parser.OFPMatch(**kwargs), instructions=ins)
        msg.set_xid(i + 1)
        msg.serialize()
    osken_encode = (time.perf_counter() - t) / len(flows) * 1e6
    t = time.perf_counter()
    for i, f in enumerate(flows):
        codec.encode_flow_mod(f, i + 1)
    ours_encode = (time.perf_counter() - t) / len(flows) * 1e6
    stats = [codec.FlowStat(f, 0, 0, 0) for f in flows[:400]]
    from tests.push_support import encode_stat  # the same bytes a switch sends
    body = struct.pack("!HH4x", ofp.OFPMP_FLOW, 0) + b"".join(map(encode_stat, stats))
    buf = struct.pack("!BBHI", 4, ofp.OFPT_MULTIPART_REPLY, 8 + len(body), 1) + body
    t = time.perf_counter()
    ofproto_parser.msg(DATAPATH, 4, ofp.OFPT_MULTIPART_REPLY, len(buf), 1, buf)
    osken_decode = (time.perf_counter() - t) / len(stats) * 1e6
    t = time.perf_counter()
    codec.decode_flow_stats(buf[16:])
    ours_decode = (time.perf_counter() - t) / len(stats) * 1e6
    return osken_encode, ours_encode, osken_decode, ours_decode


async def aclc_push(mgmt: str, pipeline: Pipeline):
    from aclc.push.channel import Channel, parse_endpoint
    from aclc.push.install import push

    chan = await Channel.connect(parse_endpoint(f"unix:{mgmt}"))
    await chan.handshake(timeout=120)
    try:
        return await push(chan, lambda base: pipeline, timeout=600)
    finally:
        await chan.close()


def _empty(lab, name: str) -> None:
    """Delete every flow of the bridge and let the switch finish (it answers an aggregate
    request only after), so the next measurement starts on an idle switch."""
    lab.ofctl("del-flows", name)
    while "flow_count=0" not in lab.ofctl("dump-aggregate", name):
        time.sleep(0.2)
    time.sleep(2)


def _add_bridge(lab, name: str, dpid: int, tries: int = 3) -> None:
    """A new bridge; a switch still busy with the last 100k flows may let ovs-vsctl time out."""
    from aclc.testing.ovs import LabError

    for attempt in range(tries):
        try:
            lab.add_bridge(name, dpid=dpid)
            return
        except LabError:
            if attempt == tries - 1:
                raise
            time.sleep(5)
            if name in lab.vsctl("list-br").split():  # the timed-out transaction went through
                return


def _switch_cpu(lab) -> float:
    """CPU seconds ovs-vswitchd has used so far (user + system)."""
    pid = int((lab.dir / "ovs-vswitchd.pid").read_text().strip())
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_text(runs) -> str:
    """``tool+switch`` CPU seconds of each run."""
    return ", ".join(f"{tool:.2f}+{switch:.2f}" for tool, switch in runs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flows", type=int, default=100_000, help="generated flows (default 100000)")
    ap.add_argument("--classbench", metavar="PATH", help="compile this ClassBench set for ovs instead")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of both tools; medians compared")
    args = ap.parse_args(argv)

    from aclc.testing.ovs import OvsLab, missing_requirements

    why = missing_requirements()
    if why:
        print(f"cannot run: {why}", file=sys.stderr)
        return 1
    import aclc.push.channel  # noqa: F401  (os-ken's import time is not push time)

    pipeline = classbench_pipeline(args.classbench) if args.classbench else generated_pipeline(args.flows)
    flows = list(pipeline.flows())
    source = args.classbench or "generated"
    print(f"flows: {len(flows)} ({source})")
    enc_osken, enc_ours, dec_osken, dec_ours = oskens_cost(flows)
    print(f"per flow: os-ken encode {enc_osken:.1f} us, aclc encode {enc_ours:.1f} us; "
          f"os-ken decode {dec_osken:.1f} us, aclc decode {dec_ours:.1f} us")
    ofctl_runs, aclc_runs = [], []
    ofctl_cpu, aclc_cpu = [], []  # (the tool's CPU seconds, ovs-vswitchd's) per run
    phases = []  # aclc's report.timings per run
    with tempfile.TemporaryDirectory() as tmp, OvsLab() as lab:
        path = Path(tmp) / "flows.txt"
        path.write_text(ofctl_text(pipeline))
        # Alternating rounds on a fresh bridge each, medians compared: one run of either
        # tool on a shared machine moves by a third.
        for round_ in range(args.rounds):
            name = f"fw{round_}"
            _add_bridge(lab, name, round_ + 1)
            t, tool, switch = time.perf_counter(), _children_cpu(), _switch_cpu(lab)
            lab.ofctl("--bundle", "add-flows", name, str(path))
            ofctl_runs.append(time.perf_counter() - t)
            ofctl_cpu.append((_children_cpu() - tool, _switch_cpu(lab) - switch))
            installed = lab.ofctl("dump-aggregate", name)
            _empty(lab, name)
            t, tool, switch = time.perf_counter(), time.process_time(), _switch_cpu(lab)
            report = asyncio.run(aclc_push(str(lab.dir / f"{name}.mgmt"), pipeline))
            aclc_runs.append(time.perf_counter() - t)
            aclc_cpu.append((time.process_time() - tool, _switch_cpu(lab) - switch))
            phases.append("/".join(f"{v:.2f}" for v in report.timings.values()))
            _empty(lab, name)
        ofctl_seconds, aclc_seconds = statistics.median(ofctl_runs), statistics.median(aclc_runs)
        rounds = f"median of {args.rounds}" if args.rounds > 1 else "one run"
        print(f"ovs-ofctl --bundle add-flows: {ofctl_seconds:.2f} s ({installed.split('flow_count=')[-1].strip()} "
              f"flows; {rounds}: {', '.join(f'{x:.2f}' for x in ofctl_runs)})")
        timings = f"{'/'.join(report.timings)} s: {', '.join(phases)}"
        print(f"aclc push (state read, send, barrier, exact read-back, switch-over): {aclc_seconds:.2f} s "
              f"({report.added} flows; {rounds}: {', '.join(f'{x:.2f}' for x in aclc_runs)}; {timings})")
        print(f"CPU s, tool+ovs-vswitchd per run: ovs-ofctl {_cpu_text(ofctl_cpu)}; aclc {_cpu_text(aclc_cpu)}")
        print(f"ratio aclc / ovs-ofctl: {aclc_seconds / ofctl_seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
