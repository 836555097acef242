"""Network and service definitions kept in YAML, next to or apart from the ACLs.

::

    networks:
      CORP: [10.0.0.0/8, "2001:db8::/32", "!10.99.0.0/16"]
      DNS_SERVERS: 192.0.2.53
    services:
      WEB: ["tcp 80, 443"]
      DNS: [udp 53, tcp 53]

Every item is a string written exactly as in a ``network`` or ``service``
statement, parsed by the same grammar; errors point at the YAML line and
column of the item. The result is the same AST an .acl file gives.
"""

from __future__ import annotations

from pathlib import Path

from . import ast
from ..errors import AclcError, SourcePos
from .parse import RESERVED_WORDS, parse_addr_items, parse_service_items, read_source


class _YamlOnFirstUse:
    """Stands for the yaml module until a definitions file is read (most ACLs have none, and
    importing yaml is a good part of a short command's start-up)."""

    def __getattr__(self, name: str):
        import yaml as module
        globals()["yaml"] = module
        return getattr(module, name)


yaml = _YamlOnFirstUse()

# The yaml Loader; None: libyaml's when present (same nodes and marks, several times faster).
_LOADER = None
_NAME_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def _pos(shown: str, node: yaml.Node) -> SourcePos:
    mark = node.start_mark
    return SourcePos(shown, mark.line + 1, mark.column + 1)


# The tags plain YAML gives without a '!' in the text; any other tag was written ('!!python/...', '!x').
_PLAIN_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "timestamp",
                                                         "seq", "map")}
_TAGS_MESSAGE = "YAML tags ('!...') are not allowed in definitions; write the item as plain text"


def _refuse_tags(shown: str, node: yaml.Node) -> None:
    """A tag on any node (a section, a name, a list, an item) is refused, never dropped silently."""
    if node.tag not in _PLAIN_TAGS:
        raise AclcError(_TAGS_MESSAGE, _pos(shown, node))


def _item_text(shown: str, node: yaml.Node, text: str) -> tuple[str, int, int]:
    """The item's text and where its first character is in the file."""
    if not isinstance(node, yaml.ScalarNode):
        raise AclcError("a definition item must be a string (one address or service, or a list of them)",
                        _pos(shown, node))
    if text[node.start_mark.index:node.start_mark.index + 1] == "!":
        # A tag would be dropped silently (compose keeps only the text) and shift every column.
        raise AclcError(_TAGS_MESSAGE, _pos(shown, node))
    quote = 1 if node.style in ("'", '"') else 0
    return str(node.value), node.start_mark.line + 1, node.start_mark.column + 1 + quote


def _is_verbatim(node: yaml.ScalarNode, text: str) -> bool:
    """Whether the item's value is written as is on one line of the file (so columns map one to one);
    block, folded, multi-line and escaped scalars are not."""
    if node.style not in (None, "", "'", '"') or node.start_mark.line != node.end_mark.line:
        return False
    start = node.start_mark.index + (1 if node.style in ("'", '"') else 0)
    return text[start:start + len(node.value)] == node.value


def _check_name(shown: str, node: yaml.Node, kind: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not node.value:
        raise AclcError(f"a {kind} name must be a plain word", _pos(shown, node))
    name = str(node.value)
    if not (name[0].isalpha() or name[0] == "_") or not set(name) <= _NAME_CHARS:
        raise AclcError(f"'{name}' is not a valid {kind} name (letters, digits, '_', '.', '-'; "
                        "starting with a letter or '_')", _pos(shown, node))
    if name in RESERVED_WORDS:
        raise AclcError(f"'{name}' is a keyword of the language and cannot name a {kind}", _pos(shown, node))
    return name


def _mapping_pairs(shown: str, node: yaml.Node, what: str):
    """Key/value node pairs of a mapping, refusing duplicate keys (pyyaml keeps the last silently)."""
    _refuse_tags(shown, node)
    if not isinstance(node, yaml.MappingNode):
        raise AclcError(f"{what} must be a mapping", _pos(shown, node))
    seen: dict[str, yaml.Node] = {}
    for key, value in node.value:
        _refuse_tags(shown, key)
        _refuse_tags(shown, value)
        text = str(key.value) if isinstance(key, yaml.ScalarNode) else None
        if text is not None and text in seen:
            raise AclcError(f"'{text}' appears twice in {what} (first at {_pos(shown, seen[text])})",
                            _pos(shown, key))
        if text is not None:
            seen[text] = key
        yield key, value


def parse_definitions_text(text: str, filename: str) -> tuple[ast.NetworkDef | ast.ServiceDef, ...]:
    """Definitions from the text of a YAML file."""
    try:
        root = yaml.compose(text, Loader=_LOADER or getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except RecursionError:  # pure-Python pyyaml composes recursively
        raise AclcError("invalid YAML: nested too deeply", SourcePos(filename, 1)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = SourcePos(filename, mark.line + 1, mark.column + 1) if mark else SourcePos(filename, 1)
        raise AclcError(f"invalid YAML: {error.problem or error.context}", pos) from None
    except yaml.YAMLError as error:
        raise AclcError(f"invalid YAML: {error}", SourcePos(filename, 1)) from None
    if root is None:
        return ()
    out: list = []
    for key, value in _mapping_pairs(filename, root, "a definitions file"):
        section = key.value if isinstance(key, yaml.ScalarNode) else None
        if section not in ("networks", "services"):
            raise AclcError(f"unknown section '{section}' (a definitions file has 'networks' and 'services')",
                            _pos(filename, key))
        if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
            continue  # an empty section
        kind = "network" if section == "networks" else "service"
        for name_node, items_node in _mapping_pairs(filename, value, f"'{section}'"):
            name = _check_name(filename, name_node, kind)
            elements = items_node.value if isinstance(items_node, yaml.SequenceNode) else [items_node]
            if not elements:
                raise AclcError(f"{kind} '{name}' has no items", _pos(filename, items_node))
            items: list = []
            for element in elements:
                _refuse_tags(filename, element)
                item_text, line, column = _item_text(filename, element, text)
                exact = _is_verbatim(element, text)
                if not exact:  # errors then point at the item's first character
                    line, column = element.start_mark.line + 1, element.start_mark.column + 1
                if kind == "network":
                    items.extend(parse_addr_items(item_text, filename, line, column, exact))
                else:
                    items.extend(parse_service_items(item_text, filename, line, column, exact))
            pos = _pos(filename, name_node)
            node = ast.NetworkDef(name, tuple(items), pos) if kind == "network" else ast.ServiceDef(name, tuple(items), pos)
            out.append(node)
    return tuple(out)


def load_definitions(path: str | Path, shown: str | None = None) -> tuple[ast.NetworkDef | ast.ServiceDef, ...]:
    path = Path(path)
    shown = shown or str(path)
    return parse_definitions_text(read_source(path, shown), shown)
