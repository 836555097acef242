"""``aclc ryu-test``: run (or check) generated switch tests against real switches.

    aclc compile edge.acl --format ryu-test -o tests/
    aclc ryu-test check tests/
    aclc ryu-test run tests/ --target-dpid 0x1 --tester-dpid 0x2 --listen 127.0.0.1:6653

``run`` starts os-ken's switch tester as the controller both switches connect
to, prints each test's result as it comes and a summary at the end. The
target switch is left as it was found: its flows, groups and meters are read
before the first test and put back after the last (:mod:`aclc.ryutest.keeper`).
Exit status: 0 every test OK and the target restored, 1 a test failed, a
switch never connected or the target could not be restored, 2 bad input.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from pathlib import Path

import click

from ..errors import AclcError, CheckFailed, EnvironmentFailure
from .common import ProfileChoice, ProfileOption


def _dpid(text: str) -> int:
    try:
        value = int(text, 0) if text.lower().startswith("0x") else int(text, 16)
    except ValueError:
        raise AclcError(f"--target-dpid/--tester-dpid: '{text}' is not a datapath id (hex, e.g. 0x1)") from None
    if not 0 < value < 1 << 64:
        raise AclcError(f"datapath id {text} is out of range")
    return value


def _listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep:
        raise AclcError(f"--listen: '{text}' is not HOST:PORT")
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host)
        number = int(port)
    except ValueError:
        raise AclcError(f"--listen: '{text}' is not an IP address and port (e.g. 127.0.0.1:6653)") from None
    if not 0 < number < 65536:
        raise AclcError(f"--listen: port {number} is out of range")
    _check_bindable(host, number)
    return host, number


def _check_bindable(host: str, port: int) -> None:
    """Bind (and release) the address now: the tester would otherwise die with a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            message = f"--listen {host}:{port}: cannot listen there ({e.strerror or e})"
            if e.errno == errno.EADDRNOTAVAIL:
                raise AclcError(message + "; it is not an address of this machine") from None
            raise EnvironmentFailure(message) from None


def _test_dir(path: str) -> Path:
    directory = Path(path)
    if not directory.is_dir():
        raise AclcError(f"{path}: not a directory of switch tests")
    if not any(directory.glob("*.json")):
        raise AclcError(f"{path}: no test files (*.json); generate them with aclc compile --format ryu-test -o {path}")
    return directory


@click.group(name="ryu-test")
def command():
    """Run generated Ryu/os-ken switch tests against real switches."""


@command.command()
@click.argument("directory", type=click.Path())
@click.option("-t", "--target", cls=ProfileOption, type=ProfileChoice(), default=None,
              help_first="The switch the tests are for (its field order); default: the one each file names.",
              help_last="")
def check(directory, target):
    """Check test files with os-ken's own parser, without a switch."""
    from ..ryutest.validate import validate_files

    d = _test_dir(directory)
    files = {}
    for path in sorted(d.glob("*.json")):
        try:
            files[path.name] = path.read_text()
        except (OSError, UnicodeDecodeError) as error:
            raise AclcError(f"{path}: cannot read: {error}") from None
    problems = validate_files(files, target=target)
    if problems:
        raise CheckFailed(f"{len(problems)} problem(s) in {directory}", detail="\n".join(problems[:50]))
    click.echo(f"{len(files)} file(s) load through the os-ken switch tester")


@command.command()
@click.argument("directory", type=click.Path())
@click.option("--target-dpid", default="0x1", show_default=True, help="Datapath id of the switch under test.")
@click.option("--tester-dpid", default="0x2", show_default=True, help="Datapath id of the tester switch.")
@click.option("--listen", default="127.0.0.1:6653", show_default=True,
              help="Address the tester listens on as the switches' controller.")
@click.option("--timeout", default=1800.0, show_default=True, type=float, help="Seconds for the whole run.")
@click.option("--connect-timeout", default=60.0, show_default=True, type=float,
              help="Seconds both switches have to connect.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def run(directory, target_dpid, tester_dpid, listen, timeout, connect_timeout, quiet):
    """Run the switch tests in DIRECTORY: both switches must connect to --listen."""
    from ..ryutest.runner import _RESULT, FOUND, run_tester, tester_command

    d = _test_dir(directory)
    target, tester = _dpid(target_dpid), _dpid(tester_dpid)
    if target == tester:
        raise AclcError("--target-dpid and --tester-dpid must differ")
    host, port = _listen(listen)
    if not (timeout > 0 and connect_timeout > 0):  # also refuses NaN
        raise AclcError("--timeout and --connect-timeout must be positive")

    def show(line: str) -> None:
        if not quiet and (_RESULT.match(line) or line.startswith("        ") or "Join" in line
                          or line.startswith(FOUND)):
            click.echo(line.rstrip())

    if not quiet:
        click.echo(f"waiting for target {target:#x} and tester {tester:#x} on {host}:{port} ...")
    report = run_tester(tester_command(d, target, tester, host, port), target_dpid=target, tester_dpid=tester,
                        timeout=timeout, connect_timeout=connect_timeout, on_line=show)
    click.echo(report.summary())
    if report.restored is False:
        raise CheckFailed(
            f"the target switch (dpid {target:#x}) was not left as it was found and may still hold the "
            f"last test's flows; delete them before the next aclc push (Open vSwitch: ovs-ofctl -O "
            f"OpenFlow13 del-flows BRIDGE; Lagopus: the datastore line 'flow BRIDGE del')",
            detail=report.target_note)
    if report.error or not report.ok:
        raise CheckFailed(f"{report.error} switch test(s) failed" if report.error else "no test ran")
