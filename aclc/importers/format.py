"""The record each import format gives :mod:`aclc.importers.registry`.

``aclc import NAME FILE [options]`` is generated from it: the subcommand's
help, its own options (next to the common ``-o``, ``--check``, ``--samples``,
``--seed``), how the file is read and translated, the source's own meaning
for the sampled ``--check``, and its BDD encoding for the exact proof.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import AclcError, SourcePos


@dataclass(frozen=True)
class Option:
    """One command-line option of a format; its value reaches the format's functions as
    ``options[dest]`` (click's name for it: the last of ``decls`` without dashes, or the
    option's long name)."""

    decls: tuple[str, ...]
    help: str
    default: Any = None
    choices: tuple[str, ...] | None = None
    flag: bool = False
    path: bool = False  # names an input file: -o may not name it
    show_default: bool = False


def read_utf8(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise AclcError(f"cannot read: {error.strerror or error}", SourcePos(path, 0)) from None
    except UnicodeDecodeError as error:
        raise AclcError(f"not a text file: byte {error.start} is not UTF-8", SourcePos(path, 0)) from None


@dataclass(frozen=True)
class ImportFormat:
    """An import format.

    ``translate(text, filename, options)`` parses the text into the source's own terms and
    translates it: it returns ``(source, ImportResult)`` or raises :class:`AclcError`.
    ``evaluate(source, options)`` gives ``decide(acl, packet, assume) -> "permit" | "deny"``, the
    source's own meaning (``assume``: the lines whose untested condition is taken to hold);
    it is called only for ``--check``. ``prove(source, options)`` gives ``prove(acl, policy) ->
    exact.Proof`` (the format's BDD encoding through :func:`aclc.importers.exact.prove`), or is
    None when the format has no exact proof.
    """

    name: str
    help: str
    translate: Callable[[str, str, dict], tuple[Any, Any]]
    evaluate: Callable[[Any, dict], Callable]
    options: tuple[Option, ...] = ()
    prove: Callable[[Any, dict], Callable] | None = None
    read: Callable[[str], str] = read_utf8
    in_ports: Callable[[Any, dict], Iterable[int]] = lambda source, options: ()
    parse_check: bool = True  # parse the generated source back even without --check
