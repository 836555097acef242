"""``aclc serve CONFIG.yaml``: hold switches to their ACLs (``aclc serve-status``: aclc.serve.status).

See docs/serve.md (configuration reference, locks, status, metrics, logs).
"""

from __future__ import annotations

import asyncio

import click


@click.command("serve")
@click.argument("config", metavar="CONFIG.yaml", type=click.Path(dir_okay=False))
@click.option("--check", is_flag=True, help="Check the configuration, parse, compile and prove every ACL, "
                                            "then exit (0: ready to serve).")
def command(config, check):
    """Run a controller that holds the switches of CONFIG.yaml to their ACLs.

    It installs the compiled ACL with push's bank swap on every connection where
    it is missing or differs (adopting it when it is already there), reloads on
    SIGHUP and when a watched file changes (only after everything compiles and is
    proven), answers echoes, and exports counters per ACL line for Prometheus.
    Logs are JSON lines on standard error. Stop it with SIGTERM or Ctrl-C: the
    switches keep the firewall they run.
    """
    from ..serve.config import load_config
    from ..serve.controller import Controller

    cfg = load_config(config)
    if check:
        ctl = Controller(cfg)
        asyncio.run(ctl.prepare_initial())
        compiled = sorted(f"{source.label} for {target}" for source, target in ctl._compiled)
        auto = sorted(s.name for s in cfg.switches if s.target == "auto")
        click.echo(f"{config}: {len(cfg.switches)} switches, {len({s.source for s in cfg.switches})} ACLs parsed; "
                   f"compiled and proven: {'; '.join(compiled) or 'none'}"
                   + (f"; target auto (compiled when the switch says what it is): {', '.join(auto)}" if auto else ""))
        return
    from ..serve.log import EventLog, route_library_logs

    log = EventLog()
    route_library_logs(log)  # asyncio's own messages (a failed TLS handshake...) as JSON lines too
    asyncio.run(Controller(cfg, log).run())
