"""Names to definitions: includes, YAML definitions files, networks and services.

:func:`resolve_file` reads a source file with everything it includes and
every definitions file it names, and checks that every name is defined
exactly once, means the right kind of thing, and that definitions do not
refer to themselves. The result lists definitions in dependency order, so
:mod:`aclc.frontend.normalize` can give each its value in one pass without recursion.

A file included (or a definitions file named) twice is read once: two ACL
files may both include ``common.acl``. Including a file from itself, directly
or not, is an error that names the cycle.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import ast
from .definitions import load_definitions
from ..errors import AclcError, SourcePos
from ..names import PORTS
from .parse import parse_text, read_source

Definition = ast.NetworkDef | ast.ServiceDef


@dataclass(frozen=True)
class Resolved:
    """A program whose every name is known: ACLs in order, definitions in dependency order."""

    acls: tuple[ast.Acl, ...]
    definitions: tuple[Definition, ...]  # every definition after the ones it uses
    files: tuple[str, ...]  # every file read, in order

    def definition(self, name: str) -> Definition | None:
        return self._by_name().get(name)

    def _by_name(self) -> dict[str, Definition]:
        cache = self.__dict__.get("_cache")
        if cache is None:
            cache = {d.name: d for d in self.definitions}
            object.__setattr__(self, "_cache", cache)
        return cache


def _kind(definition: Definition) -> str:
    return "network" if isinstance(definition, ast.NetworkDef) else "service"


# A chain of includes longer than this is refused: no real ACL needs it, and reading
# includes recurses.
MAX_INCLUDE_DEPTH = 64


class _Loader:
    """Collects statements from a file, its includes and its definitions files."""

    def __init__(self, max_bytes: int | None = None):
        self.max_bytes = max_bytes  # all files read together, checked before each is read
        self.bytes_read = 0
        self.acls: list[ast.Acl] = []
        self.acl_names: dict[str, ast.Acl] = {}
        self.definitions: dict[str, Definition] = {}
        self.files: list[str] = []
        self.seen: set[str] = set()
        self.stack: list[tuple[str, str]] = []  # (real path, shown name) of the files being read

    def add_definition(self, definition: Definition) -> None:
        earlier = self.definitions.get(definition.name)
        if earlier is not None:
            raise AclcError(f"{_kind(definition)} '{definition.name}' is already defined as a "
                            f"{_kind(earlier)} at {earlier.pos}", definition.pos)
        self.definitions[definition.name] = definition

    def add_file(self, parsed: ast.File, base: Path) -> None:
        for statement in parsed.statements:
            if isinstance(statement, ast.Include):
                self.include(base / statement.path, statement.pos, _shown(base, statement.path))
            elif isinstance(statement, ast.DefinitionsRef):
                self.definitions_file(base / statement.path, statement.pos, _shown(base, statement.path))
            elif isinstance(statement, ast.Acl):
                earlier = self.acl_names.get(statement.name)
                if earlier is not None:
                    raise AclcError(f"acl '{statement.name}' is already defined at {earlier.pos}", statement.pos)
                self.acl_names[statement.name] = statement
                self.acls.append(statement)
            else:
                self.add_definition(statement)

    def _enter(self, path: Path, pos: SourcePos | None, shown: str) -> str | None:
        """The real path to read, or None when the file was read already."""
        try:
            real = os.path.realpath(path)
            exists, is_file, is_dir = path.exists(), path.is_file(), path.is_dir()
        except (OSError, ValueError) as error:  # a NUL byte, a name too long...
            raise AclcError(f"{shown!r}: unusable file name ({error})", pos) from None
        for i, (open_path, _) in enumerate(self.stack):
            if open_path == real:
                cycle = " -> ".join(s for _, s in self.stack[i:]) + f" -> {shown}"
                raise AclcError(f"include cycle: {cycle}", pos)
        if real in self.seen:
            return None
        if not is_file:
            why = "is a directory" if is_dir else "is not a regular file" if exists else "file not found"
            raise AclcError(f"{shown}: {why}", pos)
        if self.max_bytes is not None:
            self.bytes_read += os.path.getsize(real)
            if self.bytes_read > self.max_bytes:
                raise AclcError(
                    f"{shown}: input of {self.bytes_read:,} bytes, more than the limit of {self.max_bytes:,} "
                    f"(--max-bytes or ACLC_MAX_BYTES; 0 lifts it)", pos)
        self.seen.add(real)
        self.files.append(shown)
        return real

    def include(self, path: Path, pos: SourcePos | None, shown: str) -> None:
        if len(self.stack) > MAX_INCLUDE_DEPTH:
            raise AclcError(f"includes nested deeper than {MAX_INCLUDE_DEPTH} files", pos)
        real = self._enter(path, pos, shown)
        if real is None:
            return
        self.stack.append((real, shown))
        try:
            self.add_file(parse_file_as(path, shown), path.parent)
        finally:
            self.stack.pop()

    def definitions_file(self, path: Path, pos: SourcePos | None, shown: str) -> None:
        real = self._enter(path, pos, shown)
        if real is None:
            return
        for definition in load_definitions(path, shown):
            self.add_definition(definition)


def parse_file_as(path: Path, shown: str) -> ast.File:
    return parse_text(read_source(path, shown), shown)


def _shown(base: Path, relative: str) -> str:
    """How to name an included file in messages: as the user would reach it from here."""
    return os.path.normpath(str(base / relative))


# ---------------------------------------------------------------- name checks


def _addr_refs(items, out: list[ast.NameRef]) -> None:
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, ast.NameRef):
            out.append(item)
        elif isinstance(item, ast.Negated):
            stack.append(item.item)
        elif isinstance(item, ast.Group):
            stack.extend(item.items)


def _port_refs(ports, defined: dict[str, Definition], out: list) -> None:
    for port in ports or ():
        if isinstance(port, ast.PortName):
            definition = defined.get(port.name)
            if definition is None:
                if port.name not in PORTS:
                    raise AclcError(f"unknown port name or service '{port.name}'", port.pos)
            elif not isinstance(definition, ast.ServiceDef):
                raise AclcError(f"'{port.name}' is a network (defined at {definition.pos}), "
                                "not a port or service", port.pos)
            else:
                out.append(port)


def _uses(definition: Definition, defined: dict[str, Definition]) -> list:
    """The names a definition refers to (each with its position)."""
    refs: list = []
    if isinstance(definition, ast.NetworkDef):
        _addr_refs(definition.items, refs)
    else:
        for item in definition.items:
            if isinstance(item, ast.ServiceRef):
                refs.append(item)
            else:
                _port_refs(item.ports, defined, refs)
    return refs


def _check_ref(ref, want: str, defined: dict[str, Definition]) -> Definition:
    definition = defined.get(ref.name)
    if definition is None:
        raise AclcError(f"unknown {want} '{ref.name}'", ref.pos)
    if _kind(definition) != want:
        raise AclcError(f"'{ref.name}' is a {_kind(definition)} (defined at {definition.pos}), not a {want}",
                        ref.pos)
    return definition


def _dependency_order(defined: dict[str, Definition]) -> tuple[Definition, ...]:
    """Definitions with every definition after those it uses; a cycle is an error naming it."""
    uses: dict[str, list] = {}
    for name, definition in defined.items():
        refs = _uses(definition, defined)
        for ref in refs:
            want = "network" if isinstance(ref, ast.NameRef) else "service"
            _check_ref(ref, want, defined)
        uses[name] = refs
    order: list[Definition] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done
    for root in defined:
        if state.get(root):
            continue
        # Iterative depth-first search: name chains may be thousands long.
        path: list[str] = [root]
        iterators = [iter(uses[root])]
        state[root] = 1
        while path:
            ref = next(iterators[-1], None)
            if ref is None:
                done = path.pop()
                iterators.pop()
                state[done] = 2
                order.append(defined[done])
                continue
            target = ref.name
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                raise AclcError(f"definitions refer to each other in a cycle: {' -> '.join(cycle)}", ref.pos)
            if not state.get(target):
                state[target] = 1
                path.append(target)
                iterators.append(iter(uses[target]))
    return tuple(order)


_NAMELESS = frozenset({ast.AddrLiteral, ast.AnyAddr})


_WITH_SIDES = frozenset({ast.IpMatch, ast.ServiceMatch, ast.ArpMatch})


def _check_acl_names(acl: ast.Acl, defined: dict[str, Definition]) -> None:
    refs: list = []
    rule_stmt, port_item, nameless, with_sides = ast.RuleStmt, ast.PortItem, _NAMELESS, _WITH_SIDES
    for item in acl.items:
        if item.__class__ is not rule_stmt or "_plain" in item.__dict__:  # read whole: no name in it
            continue
        match = item.match
        if match.__class__ not in with_sides:
            continue
        if match.__class__ is ast.ServiceMatch:
            for ref in match.names:
                _check_ref(ref, "service", defined)
        for side in (match.src, match.dst):
            if side is None:
                continue
            addresses = side.addresses
            if len(addresses) != 1 or addresses[0].__class__ not in nameless:  # a literal or any: no name
                refs.clear()
                _addr_refs(addresses, refs)
                for ref in refs:
                    _check_ref(ref, "network", defined)
            ports = side.ports
            if ports is not None and (len(ports) != 1 or ports[0].__class__ is not port_item):  # one number: no name
                _port_refs(ports, defined, [])


def _finish(loader: _Loader) -> Resolved:
    order = _dependency_order(loader.definitions)
    for acl in loader.acls:
        _check_acl_names(acl, loader.definitions)
    return Resolved(tuple(loader.acls), order, tuple(loader.files))


def resolve_file(path: str | Path, definitions=(), max_bytes: int | None = None) -> Resolved:
    """Read ``path`` with its includes and definitions files, plus extra YAML ``definitions``;
    refuse, before reading the file that crosses it, more than ``max_bytes`` in all."""
    loader = _Loader(max_bytes)
    for extra in definitions:
        loader.definitions_file(Path(extra), None, str(extra))
    path = Path(path)
    loader.include(path, None, str(path))
    return _finish(loader)


def resolve_text(text: str, filename: str = "<string>", definitions=()) -> Resolved:
    """Like :func:`resolve_file` for source text; includes are relative to ``filename``'s directory."""
    loader = _Loader()
    for extra in definitions:
        loader.definitions_file(Path(extra), None, str(extra))
    base = Path(filename).parent if not filename.startswith("<") else Path(".")
    loader.add_file(parse_text(text, filename), base)
    return _finish(loader)

