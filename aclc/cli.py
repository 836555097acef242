"""The ``aclc`` command line.

Each subcommand lives in its own module under :mod:`aclc.commands` and is
imported only when it runs, so ``aclc --help`` stays fast. Every subcommand
reports bad input as one line (``file:line:column: error: ...``) and exits
with 2; a failing switch or environment exits with 1; a check that finds a
problem (verify, lint, diff) exits with 1; so does a failure to write standard output (disk
full, I/O error), reported as such; a closed pipe is a normal end (0). Any other exception is a bug in
aclc, never the user's input: it is one ``internal error:`` line and status 1
(``ACLC_DEBUG=1`` prints the traceback).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, EXIT_FAILURE, AclcError

# name -> (module, short help). The module defines a click command named ``command``.
COMMANDS = {
    "compile": ("aclc.commands.compile", "Compile an ACL to OpenFlow 1.3 flows."),
    "verify": ("aclc.commands.verify", "Prove a compiled table decides exactly like the ACL."),
    "lint": ("aclc.commands.lint", "Find shadowed, redundant and conflicting rules."),
    "diff": ("aclc.commands.diff", "Show the packets whose decision differs between two ACLs."),
    "check": ("aclc.commands.check", "Say which rule (and flow) decides one packet."),
    "push": ("aclc.commands.push", "Install a compiled ACL on a switch, all or nothing."),
    "stats": ("aclc.commands.stats", "Show packet and byte counters per ACL line from a switch."),
    "import": ("aclc.commands.import_", "Translate rules of another firewall format to aclc."),
    "ryu-test": ("aclc.commands.ryu_test", "Run generated Ryu switch tests against real switches."),
    "serve": ("aclc.commands.serve", "Hold switches to their ACLs: a long-running OpenFlow controller."),
    "serve-status": ("aclc.serve.status", "Show the switches a running aclc serve holds."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx, name):
        if name not in COMMANDS or not _available(name):
            return None
        module = importlib.import_module(COMMANDS[name][0])
        return module.command

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _available(name: str) -> bool:
    return importlib.util.find_spec(COMMANDS[name][0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aclc")
def cli():
    """aclc compiles firewall ACLs to priority-ordered OpenFlow 1.3 flow tables
    for Lagopus and Open vSwitch, and proves the result decides exactly like
    the ACL.

    Exit status: 0 success, 1 a check found a problem or the switch/environment
    failed, 2 bad input.
    """


def one_line(text: str) -> str:
    """``text`` with control characters escaped: a file name or option value holding a newline
    must not split the error line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def report(error: AclcError) -> None:
    """Print an error the way every subcommand does: one line, then any detail."""
    click.echo(one_line(str(error)), err=True)
    if error.detail:
        click.echo(error.detail.rstrip("\n"), err=True)


# click >= 8.2 reports a group run without a subcommand as this usage error.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def main(argv=None) -> int:
    try:
        cli.main(args=argv, prog_name="aclc", standalone_mode=False)
    except AclcError as error:
        report(error)
        return error.exit_status
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except _NO_ARGS_IS_HELP as error:  # bare "aclc" or "aclc ryu-test": the help is the answer
        click.echo(error.format_message(), err=True)
        return EXIT_BAD_INPUT
    except click.UsageError as error:
        # One line, like every other error; the usage text is one --help away.
        command = error.ctx.command_path if error.ctx is not None else "aclc"
        click.echo(one_line(f"error: {error.format_message()} (see '{command} --help')"), err=True)
        return EXIT_BAD_INPUT
    except click.ClickException as error:
        click.echo(one_line(f"error: {error.format_message()}"), err=True)
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except BrokenPipeError:
        return 0
    except MemoryError:
        click.echo("error: out of memory", err=True)
        return EXIT_FAILURE
    except OSError as error:
        if _writing_stdout(error):
            return _stdout_failed(error)
        return _internal_error(error)
    except Exception as error:  # a bug in aclc, never the user's input: say so, do not call it bad input
        return _internal_error(error)
    return 0


def _writing_stdout(error: OSError) -> bool:
    """Whether ``error`` came from writing standard output (every command writes it with click.echo)."""
    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "echo" and "click" in frame.f_code.co_filename and not frame.f_locals.get("err"):
            stream = frame.f_locals.get("file")
            try:
                return stream is not None and stream.fileno() == 1
            except (OSError, ValueError, AttributeError):
                return stream is sys.__stdout__ or stream is sys.stdout
        tb = tb.tb_next
    return False


def _stdout_failed(error: OSError) -> int:
    """Standard output cannot be written (disk full, I/O error): the machine's failure, not a bug."""
    click.echo(one_line(f"error: cannot write to standard output: {error.strerror or error}"), err=True)
    try:  # what is still buffered would fail again when Python flushes stdout on exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_FAILURE


def _internal_error(error: Exception) -> int:
    if os.environ.get("ACLC_DEBUG"):
        traceback.print_exception(error)
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        where = f" at {Path(last.filename).name}:{last.lineno}"
    click.echo(one_line(f"internal error: {type(error).__name__}: {error}{where}"), err=True)
    if not os.environ.get("ACLC_DEBUG"):
        click.echo("this is a bug in aclc, not in your input; run again with ACLC_DEBUG=1 for the traceback",
                   err=True)
    return EXIT_FAILURE


def entry() -> None:  # pragma: no cover - console script
    exit_now(main())


def exit_now(status: int) -> None:
    """End the process once a command is done, without tearing the interpreter down.

    A command on a large ACL leaves a million objects behind that a normal exit frees one by one,
    after a last collection walks them all (about 0.2 s of CPU after compiling 10k rules). The
    exit handlers still run (atexit: logging, coverage, temporary files) and the standard streams
    are flushed first; while another thread runs, or when the output cannot be flushed, the exit
    is the ordinary one (which reports a failed flush as Python does)."""
    threading = sys.modules.get("threading")
    if not isinstance(status, int) or (threading is not None and threading.active_count() > 1):
        sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        sys.exit(status)
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    entry()
