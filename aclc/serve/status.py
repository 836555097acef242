"""The state file of a running ``aclc serve`` (RUN_DIR/status.json) and how it is shown.

serve rewrites the file (atomically, by rename) within 0.2 s of any change of a switch's
state; ``aclc serve-status`` reads it and checks with the run directory's lock whether the
process that wrote it still runs.
"""

from __future__ import annotations

import json
import time

import click
from pathlib import Path

from ..errors import AclcError, EnvironmentFailure
from .locks import held_by


def read_status(run_dir: str | Path) -> tuple[dict, bool]:
    """The last status written in ``run_dir``, and whether its serve process still runs."""
    path = Path(run_dir) / "status.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EnvironmentFailure(f"no aclc serve status in {run_dir} (is serve running with this run "
                                 "directory? see --run-dir)") from None
    except (OSError, ValueError) as e:
        raise EnvironmentFailure(f"cannot read {path}: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("switches"), list):
        raise AclcError(f"{path}: not an aclc serve status file")
    running = held_by(run_dir, "serve.pid") is not None
    return data, running


def _age(stamp) -> str:
    if not stamp:
        return "-"
    seconds = max(0, time.time() - float(stamp))
    if seconds < 120:
        return f"{seconds:.0f}s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f}m ago"
    return f"{seconds / 3600:.1f}h ago"


def render(data: dict, running: bool) -> str:
    state = "running" if running else "NOT RUNNING (last state written by it below)"
    lines = [f"aclc serve pid {data.get('pid')} {state}; config {data.get('config')}; "
             f"revision {data.get('revision')}; reloads ok {data.get('reloads', {}).get('ok', 0)}, "
             f"failed {data.get('reloads', {}).get('failed', 0)}"]
    if data.get("last_reload_error"):
        lines.append(f"last reload failed: {data['last_reload_error']}")
    if data.get("listen") or data.get("metrics"):
        lines.append(f"listen {data.get('listen') or '-'}; metrics {data.get('metrics') or '-'}")
    rows = [("switch", "connected", "state", "generation", "revision", "target", "address", "last error")]
    for s in data["switches"]:
        connected = "yes" if s.get("connected") and running else "no"
        error = s.get("last_error") or "-"
        if s.get("last_error_at") and error != "-":
            error = f"{error} ({_age(s['last_error_at'])})"
        rows.append((s.get("name", "?"), connected, s.get("state", "?"),
                     "-" if s.get("generation") is None else str(s["generation"]),
                     "-" if s.get("revision") is None else str(s["revision"]),
                     s.get("target") or "-", s.get("address", "-"), error))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])
    return "\n".join(lines)


@click.command("serve-status")
@click.option("--run-dir", metavar="DIR", type=click.Path(file_okay=False),
              help="The run directory of the serve process (default: $ACLC_RUN_DIR, /run/aclc for root).")
@click.option("--json", "as_json", is_flag=True, help="Print the status file as it is (JSON).")
def command(run_dir, as_json):
    """Show each switch of a running aclc serve: connected or not, generation, last error.

    Exit status 0 when serve runs, 1 when it does not (the last state it wrote is shown).
    """
    import json

    from .locks import default_run_dir

    data, running = read_status(run_dir or default_run_dir())
    if as_json:
        click.echo(json.dumps({**data, "running": running}, indent=1))
    else:
        click.echo(render(data, running))
    if not running:
        from ..errors import CheckFailed

        raise CheckFailed(f"aclc serve (pid {data.get('pid')}) is not running; above is the last state it wrote")
