"""aclc serve against in-memory fake switches (tests/push_support.py), all in one event loop:
many switches, reloads good and bad, restarts of serve and of switches, hostile peers."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest

from push_support import FakeSwitch
from serve_support import (
    ACL, ACL_CHANGED, GarbageAfterHandshake, Served, StallingSwitch, dispatch_generation, header, raw_peer,
)


def run(coro, timeout=120):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def config(tmp_path, switches: dict, **settings) -> str:
    text = header(tmp_path / "run", **settings) + "switches:\n"
    for name, fields in switches.items():
        text += f"  {name}: {{{', '.join(f'{k}: {v}' for k, v in fields.items())}}}\n"
    return text


def test_fifty_switches_held_by_one_process(tmp_path):
    (tmp_path / "fw.acl").write_text(ACL)

    async def scenario():
        switches = [FakeSwitch(dpid=i + 1) for i in range(50)]
        text = config(tmp_path, {f"sw{i + 1}": {"dpid": i + 1, "acl_file": "fw.acl", "target": "of13"}
                                 for i in range(50)}, poll_interval=0.5)
        async with Served(tmp_path, text) as s:
            await asyncio.gather(*(sw.connect_to(s.port) for sw in switches))
            names = [f"sw{i + 1}" for i in range(50)]
            await s.all_in_sync(names, revision=1, timeout=60)
            assert all(dispatch_generation(sw) == 1 for sw in switches)
            assert all(s.switch(n).installs == 1 for n in names)
            # Echoes keep every connection alive, and counters are polled for every switch.
            await s.until(lambda: all(s.ctl.sessions[n].counters is not None for n in names), 20, "counters")
            body = urllib.request.urlopen(f"http://{s.ctl.metrics_address}/metrics", timeout=10).read().decode()
            assert body.count("aclc_switch_connected{") == 50
            assert 'aclc_switch_in_sync{switch="sw50"} 1.0' in body
            assert 'aclc_acl_line_packets_total{acl="fw",line=' in body
            assert 'aclc_serve_revision 1.0' in body
            # The status file names every switch.
            from aclc.serve.status import read_status

            def file_in_sync():
                data, running = read_status(tmp_path / "run")
                return running and len(data["switches"]) == 50 and {
                    sw["state"] for sw in data["switches"]} == {"in-sync"}

            await s.until(file_in_sync, 10, "status file: every switch in sync")
            assert not s.events.of("generation_changed") and not s.events.of("firewall_missing")
            assert all(s.switch(n).installs == 1 for n in names)  # the polls found nothing to redo

    run(scenario())


def test_bad_edit_changes_nothing_and_the_fix_reloads(tmp_path):
    acl = tmp_path / "fw.acl"
    acl.write_text(ACL)

    async def scenario():
        switches = [FakeSwitch(dpid=i + 1) for i in range(3)]
        text = config(tmp_path, {f"sw{i + 1}": {"dpid": i + 1, "acl_file": "fw.acl", "target": "of13",
                                                "max_flows": 40} for i in range(3)})
        async with Served(tmp_path, text) as s:
            for sw in switches:
                await sw.connect_to(s.port)
            names = ["sw1", "sw2", "sw3"]
            await s.all_in_sync(names, revision=1)
            before = [dict(sw.flows) for sw in switches]
            mods = [sw.flow_mods for sw in switches]

            # A syntax error: logged with file:line:column, nothing sent to any switch.
            acl.write_text(ACL.replace("port 22", "port 22 bogus"))
            await s.until(lambda: s.events.of("reload_failed"), 10, "reload_failed")
            error = s.events.of("reload_failed")[-1]["error"]
            assert f"{acl}:4:" in error, error
            # A compile failure (more flows than max_flows allows): same.
            many = "".join(f"    permit tcp from any to 10.0.{i}.0/24 port {1000 + i}\n" for i in range(60))
            acl.write_text(ACL.replace("    default deny\n", "    default deny\n" + many))
            await s.until(lambda: len(s.events.of("reload_failed")) >= 2, 20, "second reload_failed")
            assert "40" in s.events.of("reload_failed")[-1]["error"]
            await asyncio.sleep(1.5)  # echoes and polls go on; nothing is installed
            assert [sw.flow_mods for sw in switches] == mods
            assert [dict(sw.flows) for sw in switches] == before
            assert all(s.switch(n).revision == 1 and s.switch(n).generation == 1 for n in names)
            assert s.ctl.revision == 1 and s.ctl.last_reload_error

            # The fix: every switch moves to the new generation.
            acl.write_text(ACL_CHANGED)
            await s.all_in_sync(names, revision=2, timeout=30)
            assert all(dispatch_generation(sw) == 2 for sw in switches)
            assert all(s.switch(n).installs == 2 for n in names)
            assert s.ctl.last_reload_error is None
            # A reload that changes nothing leaves the switches alone.
            mods = [sw.flow_mods for sw in switches]
            assert await s.ctl.reload("SIGHUP")
            await asyncio.sleep(0.5)
            assert [sw.flow_mods for sw in switches] == mods and s.ctl.revision == 2

    run(scenario())


def test_restarted_serve_adopts_without_a_swap_and_a_restarted_switch_gets_the_firewall(tmp_path):
    (tmp_path / "fw.acl").write_text(ACL)

    async def scenario():
        switches = [FakeSwitch(dpid=1), FakeSwitch(dpid=2)]
        text = config(tmp_path, {"a": {"dpid": 1, "acl_file": "fw.acl", "target": "of13"},
                                 "b": {"dpid": 2, "acl_file": "fw.acl", "target": "of13"}})
        async with Served(tmp_path, text) as s:
            for sw in switches:
                await sw.connect_to(s.port)
            await s.all_in_sync(["a", "b"])
        # serve is gone: the switches keep the firewall.
        flows = [dict(sw.flows) for sw in switches]
        mods = [sw.flow_mods for sw in switches]
        assert all(dispatch_generation(sw) == 1 for sw in switches)
        async with Served(tmp_path, text) as s:
            for sw in switches:
                await sw.connect_to(s.port)
            await s.all_in_sync(["a", "b"])
            assert [sw.flow_mods for sw in switches] == mods  # adopted: not one flow mod
            assert [dict(sw.flows) for sw in switches] == flows
            assert s.switch("a").adoptions == 1 and s.switch("a").installs == 0
            assert s.events.of("switch_adopted", switch="a")
            # Switch b restarts empty and reconnects: it gets the current generation again.
            switches[1].flows.clear()
            await switches[1].connect_to(s.port)
            await s.until(lambda: s.switch("b").installs == 1 and s.switch("b").state == "in-sync", 20,
                          "b reinstalled")
            assert dispatch_generation(switches[1]) is not None
            assert s.events.of("switch_replaced", switch="b")
            # A switch emptied behind serve's back (same connection) is noticed by the counter poll.
            switches[0].flows.clear()
            await s.until(lambda: dispatch_generation(switches[0]) is not None and s.switch("a").installs == 1,
                          20, "a reinstalled after its tables were emptied")

    run(scenario())


def test_hostile_peers_are_dropped_with_a_reason_and_others_are_unaffected(tmp_path):
    (tmp_path / "fw.acl").write_text(ACL)

    async def scenario():
        good = [FakeSwitch(dpid=i) for i in (1, 2, 3)]
        staller = StallingSwitch(dpid=4, stall_after=2)
        garbler = GarbageAfterHandshake(dpid=5)
        names = {f"sw{i}": {"dpid": i, "acl_file": "fw.acl", "target": "of13"} for i in range(1, 6)}
        text = config(tmp_path, names, timeout=4, handshake_timeout=4)
        async with Served(tmp_path, text) as s:
            # Garbage instead of a HELLO, and a peer that says nothing at all.
            rejected_http = asyncio.create_task(raw_peer(s.port, b"GET / HTTP/1.1\r\n\r\n"))
            silent = asyncio.create_task(raw_peer(s.port, b"", wait=8))
            await staller.connect_to(s.port)
            await garbler.connect_to(s.port)
            for sw in good:
                await sw.connect_to(s.port)
            await s.all_in_sync(["sw1", "sw2", "sw3"], timeout=20)
            await s.until(lambda: s.events.of("switch_dropped", switch="sw4"), 20, "staller dropped")
            await s.until(lambda: s.events.of("switch_dropped", switch="sw5"), 20, "garbler dropped")
            await s.until(lambda: len(s.events.of("peer_rejected")) >= 2, 20, "peers rejected")
            await rejected_http
            await silent
            stall_reason = s.events.of("switch_dropped", switch="sw4")[0]["error"]
            assert "did not answer" in stall_reason or "did not finish" in stall_reason, stall_reason
            assert "malformed" in s.events.of("switch_dropped", switch="sw5")[0]["error"]
            reasons = " | ".join(r["error"] for r in s.events.of("peer_rejected"))
            assert "not an OpenFlow HELLO" in reasons and "sent no OpenFlow HELLO" in reasons, reasons
            # The good switches were installed while the staller still held its install open.
            first_drop = min(i for i, r in enumerate(s.events.records)
                             if r["event"] == "switch_dropped" and r["switch"] == "sw4")
            installed = [i for i, r in enumerate(s.events.records) if r["event"] == "switch_installed"]
            assert len([i for i in installed if i < first_drop]) >= 3
            assert s.switch("sw4").last_error and s.switch("sw5").last_error
            # The staller's running firewall was never switched: no dispatch flow was sent.
            assert dispatch_generation(staller) is None
            assert all(dispatch_generation(sw) == 1 for sw in good)

    run(scenario())


def test_push_refuses_a_switch_serve_holds(tmp_path, monkeypatch, capsys):
    from aclc.cli import main
    from aclc.serve.locks import SwitchLocks, address_key, dpid_key, held_by

    run_dir = tmp_path / "run"
    locks = SwitchLocks(run_dir, {"pid": 4242, "config": "/etc/aclc/serve.yaml"})
    locks.acquire(dpid_key(1), "switch fw1")
    locks.acquire(address_key("tcp:127.0.0.1:6634"), "switch br0")
    monkeypatch.setenv("ACLC_RUN_DIR", str(run_dir))
    (tmp_path / "fw.acl").write_text(ACL)
    try:
        for args in (["--connect", "127.0.0.1:6634"], ["--listen", "127.0.0.1:0", "--dpid", "0x1"]):
            status = main(["push", str(tmp_path / "fw.acl"), "-t", "of13", *args, "--timeout", "1"])
            err = capsys.readouterr().err
            assert status == 1, err
            assert "held by aclc serve (pid 4242, config /etc/aclc/serve.yaml)" in err, err
            assert "Nothing was changed" in err and "Traceback" not in err
        assert held_by(run_dir, dpid_key(2)) is None
    finally:
        locks.release_all()
    assert held_by(run_dir, dpid_key(1)) is None  # released with the process (or explicitly)


def test_a_second_serve_on_the_same_run_directory_is_refused(tmp_path):
    (tmp_path / "fw.acl").write_text(ACL)

    async def scenario():
        text = config(tmp_path, {"a": {"dpid": 1, "acl_file": "fw.acl", "target": "of13"}})
        async with Served(tmp_path, text):
            with pytest.raises(Exception) as caught:
                async with Served(tmp_path, text):
                    pass
            assert "already held by aclc serve" in str(caught.value)

    run(scenario())


def test_switch_added_and_removed_by_a_config_reload(tmp_path):
    (tmp_path / "fw.acl").write_text(ACL)

    async def scenario():
        a, b = FakeSwitch(dpid=1), FakeSwitch(dpid=2)
        one = {"a": {"dpid": 1, "acl_file": "fw.acl", "target": "of13"}}
        both = dict(one, b={"dpid": 2, "acl_file": "fw.acl", "target": "of13"})
        async with Served(tmp_path, config(tmp_path, one)) as s:
            await a.connect_to(s.port)
            await s.all_in_sync(["a"])
            await b.connect_to(s.port)
            await s.until(lambda: s.events.of("peer_rejected"), 10, "unknown dpid rejected")
            assert "no switch with this dpid" in s.events.of("peer_rejected")[-1]["error"]
            s.config_path.write_text(config(tmp_path, both))
            await s.until(lambda: "b" in s.ctl.sessions, 10, "b added")
            await b.connect_to(s.port)
            await s.all_in_sync(["a", "b"])
            s.config_path.write_text(config(tmp_path, {"b": both["b"]}))
            await s.until(lambda: "a" not in s.ctl.sessions, 10, "a removed")
            assert dispatch_generation(a) == 1  # its flows stay

    run(scenario())


def test_serve_status_shows_each_switch_and_whether_serve_runs(tmp_path, capsys):
    from aclc.cli import main

    (tmp_path / "fw.acl").write_text(ACL)

    async def scenario():
        sw = FakeSwitch(dpid=1)
        text = config(tmp_path, {"a": {"dpid": 1, "acl_file": "fw.acl", "target": "of13"},
                                 "b": {"dpid": 2, "acl_file": "fw.acl", "target": "of13"}})
        async with Served(tmp_path, text) as s:
            await sw.connect_to(s.port)
            await s.all_in_sync(["a"])
            await asyncio.sleep(0.5)  # the status file follows within 0.2 s
            assert main(["serve-status", "--run-dir", str(tmp_path / "run")]) == 0
            out = capsys.readouterr().out
            rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
            assert "running" in out.splitlines()[0]
            assert rows["a"][1:5] == ["yes", "in-sync", "1", "1"], out
            assert rows["b"][1:3] == ["no", "waiting"], out
        assert main(["serve-status", "--run-dir", str(tmp_path / "run")]) == 1
        out = capsys.readouterr().out
        assert "NOT RUNNING" in out and "a  " in out
        assert main(["serve-status", "--run-dir", str(tmp_path / "nowhere")]) == 1
        assert "no aclc serve status" in capsys.readouterr().err

    run(scenario())


@pytest.mark.skipif(__import__("shutil").which("openssl") is None, reason="openssl command not found")
def test_tls_both_ways_and_an_impostor_is_rejected(tmp_path):
    import ssl

    from push_support import make_pki

    pki = make_pki(tmp_path)
    (tmp_path / "fw.acl").write_text(ACL)

    def switch_context(server, cert="switch"):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH if server else ssl.Purpose.SERVER_AUTH,
                                         cafile=pki["ca.pem"])
        ctx.load_cert_chain(pki[f"{cert}.pem"], pki[f"{cert}.key"])
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.check_hostname = False
        return ctx

    async def scenario():
        listening = await FakeSwitch(dpid=2).start(ssl=switch_context(server=True))
        inbound, impostor = FakeSwitch(dpid=1), FakeSwitch(dpid=3)
        text = (header(tmp_path / "run", listen="ssl:127.0.0.1:0")
                + f"tls: {{cert: {pki['controller.pem']}, key: {pki['controller.key']}, ca: {pki['ca.pem']}}}\n"
                + "switches:\n  in: {dpid: 1, acl_file: fw.acl, target: of13}\n"
                + f"  out: {{connect: 'ssl:127.0.0.1:{listening.port}', acl_file: fw.acl, target: of13}}\n"
                + "  fake: {dpid: 3, acl_file: fw.acl, target: of13}\n")
        async with Served(tmp_path, text) as s:
            await inbound.connect_to(s.port, ssl=switch_context(server=False))
            await s.all_in_sync(["in", "out"])
            try:
                await impostor.connect_to(s.port, ssl=switch_context(server=False, cert="impostor"))
            except (ssl.SSLError, ConnectionError):
                pass
            await asyncio.sleep(1)
            assert not s.switch("fake").connected and dispatch_generation(impostor) is None
            assert dispatch_generation(inbound) == 1 and dispatch_generation(listening) == 1

    run(scenario())


def test_a_bad_configuration_edit_changes_nothing(tmp_path):
    (tmp_path / "fw.acl").write_text(ACL)

    async def scenario():
        sw = FakeSwitch(dpid=1)
        text = config(tmp_path, {"a": {"dpid": 1, "acl_file": "fw.acl", "target": "of13"}})
        async with Served(tmp_path, text) as s:
            await sw.connect_to(s.port)
            await s.all_in_sync(["a"])
            mods = sw.flow_mods
            s.config_path.write_text(text.replace("target: of13", "target: of13, colour: red"))
            await s.until(lambda: s.events.of("reload_failed"), 10, "reload_failed")
            error = s.events.of("reload_failed")[-1]["error"]
            assert f"{s.config_path}:" in error and "switches.a.colour: unknown key" in error, error
            await asyncio.sleep(0.5)
            assert sw.flow_mods == mods and s.switch("a").state == "in-sync" and s.ctl.revision == 1

    run(scenario())
