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
    """Answers DSL lines as Lagopus 0.2.12 does for what aclc sends (docs/lagopus.md): refuses
    masked ports and prefix-length IPv4 masks, keeps the OLD cookie (and counters) of a flow
    added over an existing one, ignores the cookie in ``del -strict``, and dumps flows in its
    JSON shape (``dl_type`` by name, actions as a list of instructions)."""

    def __init__(self, fail_at=None):
        self.flows = {}  # (table, priority, match words) -> dict(cookie, args, packets, bytes)
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

    @staticmethod
    def _match(args):
        return tuple(sorted((k, v) for k, v in args.items()
                            if k not in ("apply_actions", "goto_table", "write_metadata", "table", "priority",
                                         "cookie")))

    def answer(self, line):
        self.lines.append(line)
        words = line.split()
        if words[0] != "flow" or len(words) < 2:
            return {"ret": "INVALID_ARGS", "data": "unknown command"}
        rest = words[2:]
        if not rest or rest[0].startswith("-"):
            table = int(rest[rest.index("-table-id") + 1]) if "-table-id" in rest else None
            return {"ret": "OK", "data": [{"name": f":{words[1]}",
                                           "tables": self.dump(table, "-with-stats" in rest)}]}
        op = rest[0]
        strict = len(rest) > 1 and rest[1] == "-strict"
        args = dict(w.split("=", 1) for w in rest[(2 if strict else 1):])
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
            key = (int(args.get("table", 0)), int(args.get("priority", 0)), self._match(args))
            old = self.flows.get(key)
            cookie = old["cookie"] if old else int(args.get("cookie", 0))  # Lagopus keeps the old cookie
            self.flows[key] = {"cookie": cookie, "args": args, "packets": old["packets"] if old else 0,
                               "bytes": old["bytes"] if old else 0}
            return {"ret": "OK"}
        if op == "del" and strict:
            self.flows.pop((int(args.get("table", 0)), int(args.get("priority", 0)), self._match(args)), None)
            return {"ret": "OK"}
        if op == "del":
            table = args.get("table", "all")
            cookie, mask = (int(x) for x in args["cookie"].split("/"))
            for key, flow in list(self.flows.items()):
                if table in ("all", str(key[0])) and flow["cookie"] & mask == cookie & mask:
                    del self.flows[key]
            return {"ret": "OK"}
        return {"ret": "INVALID_ARGS", "data": f"unknown op {op}"}

    @staticmethod
    def _value(key, value):
        if key == "dl_type":
            return {0x0800: "ip", 0x0806: "arp", 0x86DD: "ipv6"}.get(int(value, 0), int(value, 0))
        if "/" in value or ":" in value or "." in value:
            return value
        return int(value, 0)

    def dump(self, table, with_stats=False):
        tables = sorted({k[0] for k in self.flows} if table is None else {table})
        out = []
        for t in tables:
            flows = []
            for (tid, prio, match), f in self.flows.items():
                if tid != t:
                    continue
                obj = {"priority": prio, "idle_timeout": 0, "hard_timeout": 0, "cookie": f["cookie"]}
                obj.update({k: self._value(k, v) for k, v in match})
                actions = []
                if "apply_actions" in f["args"]:
                    ports = [p.split(":", 1)[1] for p in f["args"]["apply_actions"].split(",")]
                    actions.append({"apply_actions": [{"output": int(p) if p.isdigit() else p} for p in ports]})
                if "write_metadata" in f["args"]:
                    v, m = f["args"]["write_metadata"].split("/")
                    actions.append({"write_metadata": f"{v}/0x{int(m):016x}"})
                if "goto_table" in f["args"]:
                    actions.append({"goto_table": int(f["args"]["goto_table"])})
                obj["actions"] = actions
                if with_stats:
                    obj["stats"] = {"packet_count": f["packets"], "byte_count": f["bytes"]}
                flows.append(obj)
            out.append({"table": t, "flows": flows})
        return out

    def live(self):
        """(generation, bank, flows of the live bank) by the dispatch flow packets take."""
        dispatch = sorted(((k, f) for k, f in self.flows.items() if k[0] == 0), key=lambda kf: -kf[0][1])
        (key, flow) = dispatch[0]
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
    assert (report.kind, report.generation, report.bank, report.added) == ("full", 1, 0, 5)
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
