"""The Lagopus datastore DSL push against a fake datastore on 127.0.0.1 that validates lines
as Lagopus does (dotted IPv4 masks, no masked L4 ports) and can fail at line N."""

from __future__ import annotations

import ipaddress
import json
import socketserver
import threading
from dataclasses import replace

import pytest

from aclc.errors import AclcError, EnvironmentFailure
from aclc.pipeline import FieldMatch, Pipeline, Table, cookie_generation
from aclc.push import layout
from aclc.push.lagopus_ds import flow_line, push_ds

from push_support import tiny_pipeline, tiny_policy


class FakeDatastore:
    def __init__(self, fail_at=None):
        self.flows = {}  # (table, priority, match words) -> dict(cookie, words)
        self.adds = 0
        self.fail_at = fail_at
        self.lines = []
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                for raw in self.rfile:
                    reply = fake.answer(raw.decode().strip())
                    self.wfile.write(json.dumps(reply).encode())  # one object, no newline: like Lagopus

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, line):
        self.lines.append(line)
        words = line.split()
        if words[0] != "flow" or len(words) < 2:
            return {"ret": "INVALID_ARGS", "data": "unknown command"}
        rest = words[2:]
        if not rest or rest[0] == "-table-id":
            table = int(rest[1]) if rest else None
            return {"ret": "OK", "data": [{"name": f":{words[1]}", "tables": self.dump(table)}]}
        op, args = rest[0], dict(w.split("=", 1) for w in rest[1:])
        if op == "add":
            self.adds += 1
            if self.fail_at == self.adds:
                return {"ret": "INVALID_ARGS", "data": "injected failure"}
            for key, value in args.items():
                if "/" in value and key in ("tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"):
                    return {"ret": "INVALID_ARGS", "data": "Bad mask."}
                if "/" in value and key in ("nw_src", "nw_dst"):
                    addr, mask = value.split("/")
                    mask_value = int(ipaddress.IPv4Address(mask if "." in mask else int(mask)))
                    if int(ipaddress.IPv4Address(addr)) & ~mask_value & 0xFFFFFFFF:
                        return {"ret": "OFP_ERROR", "data": "flow add error [OFPET_BAD_MATCH, OFPBMC_BAD_WILDCARDS]."}
            table, prio = int(args.pop("table", 0)), int(args.pop("priority", 0))
            cookie = int(args.pop("cookie", 0))
            match = tuple(sorted((k, v) for k, v in args.items()
                                 if k not in ("apply_actions", "goto_table", "write_metadata")))
            self.flows[(table, prio, match)] = {"cookie": cookie, "args": args}
            return {"ret": "OK"}
        if op == "del":
            table = args.get("table", "all")
            cookie, mask = (int(x) for x in args["cookie"].split("/"))
            for key, flow in list(self.flows.items()):
                if table in ("all", str(key[0])) and flow["cookie"] & mask == cookie & mask:
                    del self.flows[key]
            return {"ret": "OK"}
        return {"ret": "INVALID_ARGS", "data": f"unknown op {op}"}

    def dump(self, table):
        tables = sorted({k[0] for k in self.flows} if table is None else {table})
        return [{"table": t, "flows": [dict({"priority": k[1], "idle_timeout": 0, "hard_timeout": 0,
                                             "cookie": f["cookie"], "actions": []}, **dict(k[2]))
                                       for k, f in self.flows.items() if k[0] == t]} for t in tables]

    def live(self):
        dispatch = [(k, f) for k, f in self.flows.items() if k[0] == 0]
        assert len(dispatch) == 1
        (key, flow), = dispatch
        start = int(flow["args"]["goto_table"])
        bank = layout.bank_of(start)
        return cookie_generation(flow["cookie"]), bank, sorted(
            (k[1], k[2]) for k in self.flows if layout.bank_of(k[0]) == bank)


def compiler(ports):
    policy = tiny_policy(len(ports))
    return lambda base: tiny_pipeline(base, policy, ports)


@pytest.fixture
def ds():
    fake = FakeDatastore()
    yield fake
    fake.stop()


def test_push_swaps_banks_and_checks_every_reply(ds):
    report = push_ds(f"127.0.0.1:{ds.port}", "bridge01", compiler((80, 81, 82)))
    assert (report.generation, report.bank, report.added) == (1, 0, 5)
    gen, bank, flows = ds.live()
    assert (gen, bank, len(flows)) == (1, 0, 4)
    assert ("tcp_dst", "80") in flows[-1][1] or any(("tcp_dst", "80") in m for _, m in flows)
    report = push_ds(f"127.0.0.1:{ds.port}", "bridge01", compiler((90, 91)))
    assert ds.live()[:2] == (2, 1) and len(ds.live()[2]) == 3
    assert not any(layout.bank_of(k[0]) == 0 for k in ds.flows)  # old bank removed


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_a_refused_line_names_the_acl_line_and_keeps_the_old_firewall(ds, fail_at):
    push_ds(f"127.0.0.1:{ds.port}", "bridge01", compiler((80, 81, 82)))
    before = ds.live()
    ds.fail_at, ds.adds = fail_at, 0
    with pytest.raises(EnvironmentFailure) as info:
        push_ds(f"127.0.0.1:{ds.port}", "bridge01", compiler((90, 91, 92)))
    assert f"fw.acl:{9 + fail_at}:1" == str(info.value.pos)
    assert "injected failure" in info.value.message and "generation 1 still runs unchanged" in info.value.message
    assert ds.live() == before
    assert not any(layout.bank_of(k[0]) == 1 for k in ds.flows)  # partial bank removed
    ds.fail_at = None
    push_ds(f"127.0.0.1:{ds.port}", "bridge01", compiler((90, 91, 92)))
    assert ds.live()[:2] == (2, 1)


def test_ipv4_masks_are_dotted_and_accepted(ds):
    def compile_for_base(base):
        p = tiny_pipeline(base)
        flows = list(p.tables[0].flows)
        flows[0] = replace(flows[0], match=flows[0].match + (FieldMatch("ipv4_src", 0x0A000000, 0xFFFFFF00),))
        return replace(p, tables=(Table(base, "acl", tuple(flows)),))
    push_ds(f"127.0.0.1:{ds.port}", "bridge01", compile_for_base)
    assert any("nw_src=10.0.0.0/255.255.255.0" in line for line in ds.lines)
    assert ds.live()[0] == 1


def test_masked_l4_ports_are_refused_before_anything_is_sent(ds):
    def compile_for_base(base):
        p = tiny_pipeline(base)
        flows = list(p.tables[0].flows)
        flows[0] = replace(flows[0], match=(FieldMatch("eth_type", 0x800), FieldMatch("ip_proto", 6),
                                            FieldMatch("tcp_dst", 80, 0xFFF0)))
        return replace(p, tables=(Table(base, "acl", tuple(flows)),))
    with pytest.raises(AclcError, match="Lagopus ignores masks on it"):
        push_ds(f"127.0.0.1:{ds.port}", "bridge01", compile_for_base)
    assert not any(" add " in line for line in ds.lines)


def test_the_fake_datastore_refuses_what_lagopus_refuses(ds):
    """The test double itself: a /24 mask in prefix form and a masked port are rejected."""
    assert ds.answer("flow b add nw_src=10.0.0.0/24")["ret"] == "OFP_ERROR"
    assert ds.answer("flow b add tcp_dst=80/0xfff0") == {"ret": "INVALID_ARGS", "data": "Bad mask."}


def test_remote_datastore_needs_allow_remote():
    with pytest.raises(AclcError, match="--allow-remote"):
        push_ds("192.0.2.1:12345", "bridge01", compiler((80,)))


def test_a_priority_0_ipv4_flow_is_refused_before_connecting():
    """Lagopus never matches it (docs/lagopus.md fact 2); nothing listens on the address, so a
    connection attempt would fail with another error."""
    from aclc.frontend import parse_policy_text
    from aclc.lower import CompileOptions, compile_policy, parse_continuation
    from aclc.push.lagopus_ds import push_ds

    policy = parse_policy_text("acl a {\n    permit tcp from 10.0.0.0/8 to any port 80\n}\n", "a.acl")

    def compile_for_base(base):
        pipeline = compile_policy(policy, CompileOptions(target="ovs", table_base=base,
                                                         permit=parse_continuation("output:2")))
        table = pipeline.tables[0]
        flows = tuple(replace(f, priority=0) if f.rule_index == 0 else f for f in table.flows)
        return replace(pipeline, tables=(Table(table.table_id, table.name, flows),) + pipeline.tables[1:])

    with pytest.raises(AclcError, match="priority 0 with an IPv4 address match") as refused:
        push_ds("127.0.0.1:9", "bridge01", compile_for_base)
    assert str(refused.value).startswith("a.acl:2:") and "-t lagopus" in str(refused.value)
