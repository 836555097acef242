"""Helpers shared by subcommands: loading the ACL a user names, compile options,
and writing output atomically (a file or a directory appears whole or not at all)."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from ..errors import AclcError, EnvironmentFailure
from ..profiles import DEFAULT_TARGET

# Written into every output directory so a later run may replace it (and nothing else).
DIRECTORY_MARKER = ".aclc-output"

def _set_limit(ctx, param, value):
    if value is not None:
        from ..frontend import set_limits

        ctx.call_on_close(set_limits(**{param.name: value}))
    return value


# Input limits (docs/cli-compile.md, "Input limits"): an oversized input fails early, exit 2.
LIMIT_OPTIONS = [
    click.option("--max-bytes", type=click.IntRange(min=0), metavar="N", default=None, expose_value=False,
                 callback=_set_limit, is_eager=True,
                 help="Refuse ACL source (with its includes) larger than N bytes; 0: no limit. "
                      "Default: ACLC_MAX_BYTES, else 33554432."),
    click.option("--max-rules", type=click.IntRange(min=0), metavar="N", default=None, expose_value=False,
                 callback=_set_limit, is_eager=True,
                 help="Refuse an ACL of more than N rules; 0: no limit. Default: ACLC_MAX_RULES, else 250000."),
]

POLICY_OPTIONS = [
    click.argument("rules", metavar="RULES.acl", type=click.Path(dir_okay=False)),
    click.option("--acl", "acl_name", metavar="NAME",
                 help="Which ACL of the file to use (required when it defines several)."),
    click.option("-d", "--definitions", multiple=True, metavar="FILE", type=click.Path(dir_okay=False),
                 help="YAML file of network and service definitions (repeatable)."),
    *LIMIT_OPTIONS,
]

class ProfileChoice(click.Choice):
    """The names of the target profiles (aclc.profiles.PROFILES), read when used: a profile
    added there is a choice of every command with -t."""

    def __init__(self, extra: tuple[str, ...] = ()):
        self.extra = extra
        super().__init__(())

    @property
    def choices(self):
        from ..profiles import PROFILES

        return (*PROFILES, *self.extra)

    @choices.setter
    def choices(self, value):  # click.Choice.__init__ assigns it; the profiles decide
        pass


class ProfileOption(click.Option):
    """-t/--target: its help lists the profiles with their descriptions when it is shown."""

    def __init__(self, *args, help_first: str = "", help_last: str = "", **kwargs):
        self.help_first, self.help_last = help_first, help_last
        super().__init__(*args, help=help_first, **kwargs)

    def get_help_record(self, ctx):
        from ..profiles import target_help

        self.help = f"{self.help_first} {target_help()}.{self.help_last}"
        return super().get_help_record(ctx)


def target_option(default: str | None, help_last: str = ""):
    return click.option("-t", "--target", cls=ProfileOption, type=ProfileChoice(), default=default,
                        show_default=default is not None, help_first="Switch profile:", help_last=help_last)


STRATEGY_CHOICES = ["single", "exact", "multi"]


def compile_option_list(target_default: str | None = DEFAULT_TARGET, target_help: str = "",
                        permit_help: str = "", table_base: bool = True) -> list:
    """The compile options (-t, -s, --permit, --priority-base/-max, --max-flows, --table-base)
    every command that compiles takes; what is left out is the target profile's choice."""
    options = [
        target_option(target_default, target_help),
        click.option("-s", "--strategy", type=click.Choice(STRATEGY_CHOICES), default=None,
                     help="How port ranges are encoded: single (masked port prefixes, one table), exact "
                          "(every port value, one table) or multi (ports classified into metadata in "
                          "earlier tables). Default: where port masks are honoured, multi if it needs fewer "
                          "flows than single, else single; elsewhere exact if it fits --max-flows, else "
                          "multi."),
        click.option("--permit", "permit", metavar="CONTINUATION", default=None,
                     help="What a permitted packet does: goto_table:N, output:PORT, NORMAL or CONTROLLER. "
                          "Default: NORMAL where the profile has it, else goto_table:100." + permit_help),
        click.option("--priority-base", type=int, metavar="N", default=None,
                     help="Priority of the ACL's default flow; rules sit above it. Default: the profile's "
                          "lowest working priority, at least 1."),
        click.option("--priority-max", type=int, metavar="N", default=None,
                     help="Highest priority the ACL may use. Default: the profile's highest."),
        click.option("--max-flows", type=int, metavar="N", default=None, envvar="ACLC_MAX_FLOWS",
                     help="Refuse to build more flows than this (default: ACLC_MAX_FLOWS, else 100000 for "
                          "exact, no limit otherwise)."),
    ]
    if table_base:
        options.append(click.option("--table-base", type=int, metavar="N", default=0, show_default=True,
                                    help="The ACL's first (entry) table; its other tables follow."))
    return options


COMPILE_OPTIONS = compile_option_list()


def apply_options(options):
    """Decorate a click command with a list of options, in order."""
    def decorate(f):
        for option in reversed(options):
            f = option(f)
        return f
    return decorate


def load_policy(rules: str, acl_name: str | None, definitions=()):
    return load_policy_and_sources(rules, acl_name, definitions)[0]


def load_policy_and_sources(rules: str, acl_name: str | None, definitions=()):
    """The Policy, and every file read for it."""
    from ..frontend import load_policy_and_sources as load

    path = Path(rules)
    if not path.is_file():
        raise AclcError(f"{rules}: {_not_a_file(path)}")
    for definition in definitions:
        if not Path(definition).is_file():
            raise AclcError(f"{definition}: {_not_a_file(Path(definition))} (definitions file)")
    return load(path, acl_name, [Path(d) for d in definitions])


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return "is a directory, not a file"
    if path.exists():
        return "is not a regular file"
    return "no such file"


def compile_options(target, strategy, permit, priority_base, priority_max, max_flows, table_base=0):
    """The CompileOptions of a command's compile options (aclc.options.compile_options)."""
    from ..options import compile_options as build

    return build(target, strategy, permit, priority_base, priority_max, max_flows, table_base)


# ------------------------------------------------------------------ atomic output

# Failures that mean the user named a place they cannot write (exit 2); any other
# OSError while writing (disk full, I/O error) is the machine's failure (exit 1).
_USER_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR, errno.EISDIR,
                errno.ENAMETOOLONG, errno.ELOOP, errno.EEXIST, errno.ENOTEMPTY}


def _write_failure(path, error: OSError) -> AclcError:
    reason = error.strerror or str(error)
    message = f"cannot write {path}: {reason}; nothing was written"
    if error.errno in _USER_ERRNOS:
        return AclcError(message)
    return EnvironmentFailure(message)


def _default_mode(kind: int) -> int:
    """The mode a plain open() or mkdir() would give (mkstemp/mkdtemp give 0600/0700)."""
    mask = os.umask(0)
    os.umask(mask)
    return kind & ~mask


def write_text_atomically(path: str | Path, text: str | Iterable[str]) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory and a rename.

    ``text`` may be pieces made as they are written (an emitter's chunks): an error while
    making them removes the temporary file and leaves ``path`` as it was.
    A symbolic link is followed (the file it names is replaced, the link stays), and a
    target that exists but is not a regular file (/dev/stdout, a FIFO) is written in
    place, once all of the text is made: renaming over it would replace a device node
    with a plain file.
    """
    path = Path(path)
    if path.is_dir():
        raise AclcError(f"{path} is a directory; this format writes one file")
    if path.exists() and not path.is_file():
        _write_in_place(path, text)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise AclcError(f"{path}: directory {directory} does not exist")
    mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else _default_mode(0o666)
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _write_failure(path, error) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            _write_pieces(out, text)
            out.flush()
            try:
                os.fchmod(out.fileno(), mode)
            except OSError:  # a file system without modes (vfat): the file is still right
                pass
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as error:
        _remove(temp)
        raise _write_failure(path, error) from None
    except BaseException:
        _remove(temp)
        raise


def _try_chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:  # a file system without modes (vfat): the output is still right
        pass


def _write_pieces(out, text: str | Iterable[str]) -> None:
    if isinstance(text, str):
        out.write(text)
    else:
        for piece in text:
            out.write(piece)


def spool(pieces: Iterable[str]):
    """All of ``pieces`` in a binary file (in memory while small, then on disk), rewound:
    for an output that cannot be replaced whole, so an error while making the pieces
    leaves nothing half-written there."""
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    try:
        for piece in pieces:
            spooled.write(piece.encode("utf-8"))
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled


SPOOL_IN_MEMORY = 8 << 20


def _write_in_place(path: Path, text: str | Iterable[str]) -> None:
    if not isinstance(text, str):
        with spool(text) as spooled:
            try:
                with open(path, "wb") as out:
                    shutil.copyfileobj(spooled, out)
            except OSError as error:
                raise _write_failure(path, error) from None
        return
    try:
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as error:
        raise _write_failure(path, error) from None


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def write_directory_atomically(path: str | Path, files: dict[str, str]) -> None:
    """Build the directory beside ``path`` and rename it into place.

    An existing directory is replaced only when it is empty or was written by aclc
    (it holds the marker file), so a mistyped ``-o`` never deletes someone's files.
    """
    shown, path = path, Path(os.path.abspath(path))
    for name in files:
        if not _SAFE_NAME.fullmatch(name) or name == DIRECTORY_MARKER:
            raise AclcError(f"refusing to write a file named {name!r}")
    cwd = Path.cwd()
    if path == cwd or path in cwd.parents:  # it is replaced whole: a shell would be left in a deleted directory
        raise AclcError(f"-o {shown} is the current directory (or contains it); give a new directory, "
                        "e.g. -o tests/")
    if path.exists() and not path.is_dir():
        raise AclcError(f"{shown} exists and is not a directory; this format writes a directory")
    if path.is_symlink():
        raise AclcError(f"{shown} is a symbolic link; give the directory itself")
    if path.is_dir() and any(path.iterdir()) and not (path / DIRECTORY_MARKER).exists():
        raise AclcError(f"{shown} is a directory aclc did not write; refusing to replace it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise AclcError(f"{shown}: directory {os.path.dirname(os.path.normpath(shown)) or '.'} does not exist")
    try:
        temp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp"))
    except OSError as error:
        raise _write_failure(shown, error) from None
    old = None
    try:
        _try_chmod(temp, _default_mode(0o777))  # mkdtemp made it 0700
        for name, text in files.items():
            (temp / name).write_text(text, encoding="utf-8")  # open() honours the umask already
        (temp / DIRECTORY_MARKER).write_text("written by aclc; may be replaced by the next run\n")
        if path.is_dir():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}.", suffix=".old"))
            os.replace(path, old / "previous")
        os.replace(temp, path)
    except BaseException as error:
        if old is not None and (old / "previous").exists() and not path.exists():
            os.replace(old / "previous", path)  # put the previous output back
        shutil.rmtree(temp, ignore_errors=True)
        if isinstance(error, OSError):
            raise _write_failure(shown, error) from None
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def write_output(result: str | dict[str, str] | Iterable[str], output: str | None, fmt: str) -> None:
    """Send an emitter's result to stdout or, atomically, to ``output`` (a file or a directory).

    A result in pieces (:func:`aclc.emit.emit_chunks`) is written as it is made: to a
    temporary file renamed into place at the end, or, for stdout, to a spool copied out
    once every piece was made (an error never leaves half a flow file on stdout)."""
    if isinstance(result, dict):
        if output is None:
            raise AclcError(f"format {fmt} writes several files: give an output directory with -o DIR")
        write_directory_atomically(output, result)
    elif output is None or output == "-":
        if isinstance(result, str):
            click.echo(result, nl=False)
        else:
            with spool(result) as spooled:
                click.get_text_stream("stdout").flush()
                binary = click.get_binary_stream("stdout")
                try:
                    shutil.copyfileobj(spooled, binary)
                    binary.flush()
                except BrokenPipeError:  # the reader stopped (| head), as aclc.cli treats it: not an error
                    _discard_stdout()
    else:
        write_text_atomically(output, result)


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush on exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _remove(path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
