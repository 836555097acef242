"""Prometheus counters of ``aclc serve`` (prometheus_client, plain HTTP on loopback by default).

Exported on ``/metrics``:

- ``aclc_acl_line_packets_total`` / ``aclc_acl_line_bytes_total`` {switch, acl, line, rule}:
  packets and bytes decided by each ACL line (its flows' counters added up), as of the last
  flow-stats poll of the switch; ``line`` is ``file:line:column``, ``rule`` the line's text;
- ``aclc_switch_connected`` {switch}: 1 while the switch is connected;
- ``aclc_switch_in_sync`` {switch}: 1 when it runs the current compilation of its ACL;
- ``aclc_switch_generation`` {switch}: the generation the switch runs (its dispatch cookie);
- ``aclc_switch_installs_total`` / ``aclc_switch_adoptions_total`` / ``aclc_switch_connections_total``;
- ``aclc_serve_revision``: the configuration revision (one more per reload that changed anything);
- ``aclc_serve_reloads_total`` {result="ok"|"failed"}.

The collector reads the controller's state when scraped (from the HTTP thread): every value
it reads is replaced whole by the event loop, never changed in place.
"""

from __future__ import annotations

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import CollectorRegistry

from ..errors import EnvironmentFailure


class ServeCollector:
    def __init__(self, controller):
        self.ctl = controller

    def _sessions(self):
        for _ in range(5):
            try:
                return list(self.ctl.sessions.values())
            except RuntimeError:  # changed size while copied: try again
                continue
        return []

    def collect(self):
        sessions = self._sessions()
        connected = GaugeMetricFamily("aclc_switch_connected", "1 while the switch is connected", labels=["switch"])
        in_sync = GaugeMetricFamily("aclc_switch_in_sync", "1 when the switch runs the current compilation",
                                    labels=["switch"])
        generation = GaugeMetricFamily("aclc_switch_generation", "generation the switch runs", labels=["switch"])
        installs = CounterMetricFamily("aclc_switch_installs", "bank swaps made on the switch", labels=["switch"])
        adoptions = CounterMetricFamily("aclc_switch_adoptions", "connections that found the current firewall "
                                        "already installed", labels=["switch"])
        connections = CounterMetricFamily("aclc_switch_connections", "connections to the switch", labels=["switch"])
        packets = CounterMetricFamily("aclc_acl_line_packets", "packets decided by the ACL line",
                                      labels=["switch", "acl", "line", "rule"])
        octets = CounterMetricFamily("aclc_acl_line_bytes", "bytes decided by the ACL line",
                                     labels=["switch", "acl", "line", "rule"])
        for s in sessions:
            st = s.status
            name = st.name
            connected.add_metric([name], 1 if st.connected else 0)
            in_sync.add_metric([name], 1 if st.connected and st.state == "in-sync" else 0)
            if st.generation is not None:
                generation.add_metric([name], st.generation)
            installs.add_metric([name], st.installs)
            adoptions.add_metric([name], st.adoptions)
            connections.add_metric([name], st.connections)
            counters, compiled = s.counters, s.compiled
            if counters is None or compiled is None:
                continue
            acl = compiled.policy.name
            for line in counters.lines:
                labels = [name, acl, str(line.origin), line.text[:200]]
                packets.add_metric(labels, line.packets)
                octets.add_metric(labels, line.bytes)
        revision = GaugeMetricFamily("aclc_serve_revision", "configuration revision in force")
        revision.add_metric([], self.ctl.revision)
        reloads = CounterMetricFamily("aclc_serve_reloads", "reloads by result", labels=["result"])
        for result, count in dict(self.ctl.reloads).items():
            reloads.add_metric([result], count)
        yield from (connected, in_sync, generation, installs, adoptions, connections, packets, octets,
                    revision, reloads)


def start_metrics(controller, address: str):
    """Serve /metrics on ``address`` (HOST:PORT, port 0 picks one); returns (server, "HOST:PORT")."""
    from prometheus_client import start_http_server

    host, port = address.rsplit(":", 1)
    host = host.strip("[]")
    registry = CollectorRegistry()
    registry.register(ServeCollector(controller))
    try:
        server, _thread = start_http_server(int(port), addr=host, registry=registry)
    except OSError as e:
        raise EnvironmentFailure(f"cannot serve metrics on {address}: {e.strerror or e}") from None
    shown = f"[{host}]" if ":" in host else host
    return server, f"{shown}:{server.server_port}"
