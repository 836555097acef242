"""A fast driver for lark's own LALR tables: the same parse, without lark's per-token overhead.

lark's contextual lexer runs two regex matches per token (whitespace and
comments are tokens it then drops) and its parser loop does a lot of
bookkeeping per token. This driver reads the very tables lark built from
``grammars/acl.lark`` and produces exactly the tokens the contextual lexer
would (same types, values, lines and columns) with one regex match per token:
each parser state gets one compiled pattern that skips blanks and comments and
then tries the terminals that state accepts, in lark's own order, with lark's
keyword-versus-name resolution. A reduction hands the transformer method the
children lark's child filter would, in the same order; rules that only move
their children into the parent (``_rule``, ``rule*``) give a plain list, or
the child itself, instead of a Tree that lark would build and take apart.

The tables it needs (actions, gotos, one regex source per lexer state, and
what each reduction calls, by the transformer method's name) are plain data:
:func:`save_tables` keeps them in a cache file keyed by the grammar text,
lark's version and this driver, and :meth:`FastParser.from_tables` drives them
without importing lark at all.

It only knows the happy path. On anything unexpected (a character no terminal
matches, a token the state does not accept, an error raised by a callback)
the caller re-parses the text with plain lark, so error messages and
positions are exactly lark's.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import re
import sys
from functools import partial
from operator import itemgetter
from pathlib import Path

# Blanks and comments between tokens. Possessive, so that a failing match never
# backtracks through a long run of blanks.
_SKIP = r"(?:[ \t\f\r\n]++|#[^\n]*+)*+"
_SKIP_RE = re.compile(_SKIP)

_new_str = str.__new__


try:  # the sha256 of hashlib without loading OpenSSL's library for it (a good part of start-up)
    from _sha256 import sha256 as _sha256
except ImportError:  # pragma: no cover - Python 3.12 and later, or another build
    try:
        from _sha2 import sha256 as _sha256
    except ImportError:
        from hashlib import sha256 as _sha256

# What :meth:`FastParser.parse` returns when the text needs plain lark.
NEEDS_LARK = object()


class Unsupported(Exception):
    """The grammar uses a lark feature this driver does not reproduce."""


class FastToken(str):
    """A token as the driver makes it: the text, with lark's ``type``, ``value``, ``line`` and
    ``column``. Other fields of lark's Token are unset: reading one raises AttributeError."""


class _Inline(list):
    """The value of a rule whose children go into its parent's (``_rule``, ``rule*``): what lark
    makes a Tree of and then takes ``.children`` from, without the Tree."""

    __slots__ = ()

    @property
    def children(self) -> list:  # so lark's own child filters can expand it like a Tree
        return self


def _is_default(function) -> bool:
    """Whether a lark callback builds a Tree (the transformer has no method for the rule)."""
    return isinstance(function, partial) and getattr(function.func, "__name__", "") == "default_callback"


def _filtered(include, then):
    """A reduce callback doing what lark's ChildFilterLALR_NoPlaceholders does, then ``then``.
    ``include``: (index, expand) of the kept children; expanded ones are _Inline lists."""
    # An _Inline result is built in place: copying it would make long lists quadratic.
    new_list = "List" if then is _Inline else ""
    lines = ["def reduce(c):"]
    if not include:
        lines.append(f"    x = {new_list}()")
    for n, (index, expand) in enumerate(include):
        if expand:
            # lark reuses the first expanded child's list: left-recursive lists stay linear.
            lines.append(f"    x = c[{index}]" if n == 0 else f"    x += c[{index}]")
        else:
            lines.append(f"    x = {new_list}([c[{index}]])" if n == 0 else f"    x.append(c[{index}])")
    lines.append("    return x" if then is _Inline else "    return then(x)")
    namespace = {"then": then, "List": _Inline}
    exec("\n".join(lines), namespace)  # one small function per rule shape, built once
    reduce = namespace["reduce"]
    reduce.shape = (list(include), then)
    return reduce


def _shape(rule, callback):
    """(include, builder) of lark's callback for ``rule``: the kept children as (index, expand), or
    None for all of them, and what builds the value from them. None for any other kind of callback."""
    builder, include = callback, None
    if isinstance(builder, ChildFilterLALR_NoPlaceholders):
        include, builder = [tuple(pair) for pair in builder.to_include], builder.node_builder
    if isinstance(builder, (ExpandSingleChild, ChildFilterLALR_NoPlaceholders)):
        return None
    return include, builder


def _singletons(callbacks) -> set[str]:
    """Inlined rules (``_rule``) whose every alternative keeps exactly one child, not itself
    expanded: their value can be that child, put into the parent's children as is."""
    alternatives: dict[str, list] = {}
    for rule, callback in callbacks.items():
        alternatives.setdefault(rule.origin.name, []).append((rule, _shape(rule, callback)))
    found = set()
    for name, rules in alternatives.items():
        if not name.startswith("_"):
            continue
        if all(shape is not None and _is_default(shape[1]) and _one_plain_child(_kept(rule, shape[0]))
               for rule, shape in rules):
            found.add(name)
    return found


def _one_plain_child(kept) -> bool:
    return len(kept) == 1 and not kept[0][1]


def _expands(symbol) -> bool:
    return not symbol.is_term and symbol.name.startswith("_")


def _kept(rule, include):
    return include if include is not None else [(i, _expands(s)) for i, s in enumerate(rule.expansion)]


def _reduce_callback(rule, callback, singletons: set[str], transformer):
    """(callback, spec): a faster callback for ``rule`` giving the same value as lark's ``callback``
    (None when the value is the single child itself), and the plain data that rebuilds it with
    :func:`_from_spec` (LARK_SPEC when it needs lark's own callback)."""
    function = _reduce_function(rule, callback, singletons)
    return function, _spec(rule, function, transformer)


# The spec of a callback that only lark can give (tables holding one are not saved).
LARK_SPEC = ("lark",)


def _method_name(rule, builder, transformer):
    name = rule.alias or rule.options.template_source or rule.origin.name
    if transformer is not None and getattr(transformer, name, None) == builder:
        return name
    return None


def _spec(rule, function, transformer):
    if function is None:
        return None
    if isinstance(function, itemgetter):
        index = function(range(len(rule.expansion)))
        return ("item", index) if isinstance(index, int) else LARK_SPEC
    if function is _Inline:
        return ("inline",)
    shape = getattr(function, "shape", None)
    if shape is not None:
        include, builder = shape
        name = None if builder is _Inline else _method_name(rule, builder, transformer)
        if builder is not _Inline and name is None:
            return LARK_SPEC
        return ("filter", [list(pair) for pair in include], name)
    name = _method_name(rule, function, transformer)
    return ("call", name) if name is not None else LARK_SPEC


def _from_spec(spec, transformer):
    if spec is None:
        return None
    kind = spec[0]
    if kind == "item":
        return itemgetter(spec[1])
    if kind == "inline":
        return _Inline
    if kind == "call":
        return getattr(transformer, spec[1])
    if kind == "filter":
        builder = _Inline if spec[2] is None else getattr(transformer, spec[2])
        return _filtered([tuple(pair) for pair in spec[1]], builder)
    raise Unsupported(f"callback spec {spec!r}")


def _reduce_function(rule, callback, singletons: set[str]):
    # lark's own callback expands _Inline children as it would Trees, but not a singleton's child.
    lark_own = callback if not any(symbol.name in singletons for symbol in rule.expansion) else None
    if isinstance(callback, ExpandSingleChild):
        if len(rule.expansion) == 1 and not isinstance(callback.node_builder, ChildFilterLALR_NoPlaceholders):
            return None
        if lark_own is None:
            raise Unsupported(f"callback of {rule}")
        return lark_own
    shape = _shape(rule, callback)
    if shape is None:
        raise Unsupported(f"callback of {rule}")
    include, builder = shape
    if rule.origin.name in singletons:
        (index, _), = _kept(rule, include)
        return None if len(rule.expansion) == 1 else itemgetter(index)
    # A singleton child goes into the parent's children as is, not expanded.
    include = [(i, expand and rule.expansion[i].name not in singletons) for i, expand in _kept(rule, include)]
    if all(not expand for _, expand in include) and len(include) == len(rule.expansion):
        include = None  # every child, none expanded: the children list as it is
    if _is_default(builder):
        if not rule.origin.name.startswith("_"):
            if lark_own is None:
                raise Unsupported(f"callback of {rule}")
            return lark_own  # a Tree, as lark makes it
        builder = _Inline
    if include is None:
        return builder
    return _filtered(include, builder)


def _import_lark_names() -> None:
    """lark's classes the table builder inspects; imported only when tables are built from lark."""
    global PatternStr, UnlessCallback, ChildFilterLALR_NoPlaceholders, ExpandSingleChild, Shift
    from lark.lexer import PatternStr, UnlessCallback
    from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild
    from lark.parsers.lalr_analysis import Shift


def _scanner_source(lexer) -> tuple | None:
    """(regex source, keywords) of one lark lexer; None when this driver cannot reproduce it."""
    try:
        scanner = lexer.scanner
        if len(scanner._mres) != 1:
            raise Unsupported("a lexer split over several regexps")
        terminals = [t for t in scanner.terminals if t.name not in ("WS", "COMMENT")]
        pattern = _SKIP + "(?:" + "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals) + ")"
        keywords: dict[str, dict[str, str]] = {}
        for name, callback in lexer.callback.items():
            if not isinstance(callback, UnlessCallback):
                raise Unsupported(f"lexer callback on {name}")
            words = {}
            for literal in callback.scanner.terminals:
                if not isinstance(literal.pattern, PatternStr) or literal.pattern.flags:
                    raise Unsupported(f"keyword {literal.name}")
                words.setdefault(literal.pattern.value, literal.name)
            keywords[name] = words
    except Unsupported:
        return None
    return pattern, keywords


def _tables(lark_object) -> tuple[dict, list]:
    """The driver's tables as plain data, and the reduce callbacks (in the order of
    ``tables["reduces"]``) built from lark's own."""
    _import_lark_names()
    frontend = lark_object.parser
    parser = frontend.parser.parser
    lexer = frontend.lexer
    conf = lark_object.lexer_conf
    if set(conf.ignore) != {"WS", "COMMENT"} or conf.callbacks or conf.g_regex_flags or conf.use_bytes:
        raise Unsupported("lexer options")
    if lark_object.options.postlex is not None:
        raise Unsupported("postlexer")
    for name in conf.ignore:
        terminal = conf.terminals_by_name[name]
        if terminal.pattern.to_regexp() not in ("(?:[ \t\x0c\r\n])+", "#[^\n]*"):
            raise Unsupported(f"ignored terminal {name}")
    callbacks = parser.callbacks
    if any(isinstance(key, str) for key in callbacks):
        raise Unsupported("terminal callbacks")
    transformer = lark_object.options.transformer
    table = parser.parse_table
    if set(table.states) != set(range(len(table.states))):
        raise Unsupported("parser states not numbered 0..n-1")
    # Actions by state: a shift is the next state (an int >= 0); a reduce is -1 - its index in
    # ``reduces``: (size, goto, spec) with goto the next state by the state under the rule's
    # symbols, and spec what :func:`_from_spec` turns into the callback (None when the rule's
    # value is its only child's).
    gotos: dict[str, dict[int, int]] = {}
    for state, row in table.states.items():
        for symbol, (action, arg) in row.items():
            if action is Shift and not symbol.isupper() and symbol != "$END":
                gotos.setdefault(symbol, {})[state] = arg
    singletons = _singletons(callbacks)
    reduce_index: dict = {}
    reduces: list = []
    functions: list = []
    actions: list[dict[str, int]] = [{} for _ in table.states]
    for state, row in table.states.items():
        for symbol, (action, arg) in row.items():
            if action is Shift:
                actions[state][symbol] = arg
            else:
                index = reduce_index.get(arg)
                if index is None:
                    function, spec = _reduce_callback(arg, callbacks[arg], singletons, transformer)
                    index = reduce_index[arg] = len(reduces)
                    reduces.append((len(arg.expansion), gotos.get(arg.origin.name, {}), spec))
                    functions.append(function)
                actions[state][symbol] = -1 - index
    # States where an ACTION token starts a ``rule``: the state after the whole rule (its goto),
    # for a reader that takes a complete rule at once (see :meth:`FastParser.parse`).
    rule_gotos = {state: after for state, after in gotos.get("rule", {}).items()
                  if actions[state].get("ACTION", -1) >= 0}
    # One regex source per lark lexer (states accepting the same terminals share one).
    sources: list = []
    source_index: dict[int, int] = {}
    scanner_of_state = []
    for state in range(len(actions)):
        state_lexer = lexer.lexers[state]
        index = source_index.get(id(state_lexer))
        if index is None:
            index = source_index[id(state_lexer)] = len(sources)
            sources.append(_scanner_source(state_lexer))
        scanner_of_state.append(index)
    tables = {"start_states": dict(table.start_states), "end_states": dict(table.end_states),
              "actions": actions, "reduces": reduces, "rule_gotos": rule_gotos,
              "scanner_of_state": scanner_of_state, "scanners": sources}
    return tables, functions


class FastParser:
    """Parses with a Lark object's LALR tables (parser="lalr", lexer="contextual"), or with the same
    tables read back from a cache (:meth:`from_tables`)."""

    def __init__(self, lark_object):
        tables, functions = _tables(lark_object)
        self._install(tables, functions)

    @classmethod
    def from_tables(cls, tables: dict, transformer) -> "FastParser":
        """The driver of saved tables, calling ``transformer``'s methods; no lark needed."""
        if any(spec == LARK_SPEC for _, _, spec in tables["reduces"]):
            raise Unsupported("tables that need lark's own callbacks")
        self = cls.__new__(cls)
        self._install(tables, [_from_spec(spec, transformer) for _, _, spec in tables["reduces"]])
        return self

    @property
    def savable(self) -> bool:
        """Whether :meth:`from_tables` can rebuild this driver from ``self.tables``."""
        return all(spec != LARK_SPEC for _, _, spec in self.tables["reduces"])

    def _install(self, tables: dict, functions: list) -> None:
        self.tables = tables
        reduces = [(size, goto, function) for (size, goto, _), function in zip(tables["reduces"], functions)]
        if len(reduces) != len(tables["reduces"]):
            raise Unsupported("tables and callbacks differ")
        self.start_states = dict(tables["start_states"])
        self.end_states = dict(tables["end_states"])
        self.actions: list[dict[str, object]] = [
            {symbol: action if action >= 0 else reduces[-1 - action] for symbol, action in row.items()}
            for row in tables["actions"]]
        self.rule_gotos = dict(tables["rule_gotos"])
        self._scanner_of_state = tables["scanner_of_state"]
        self._sources = tables["scanners"]
        if len(self._scanner_of_state) != len(self.actions):
            raise Unsupported("tables of another shape")
        # Per regex source: (match, keywords), compiled on first use.
        self._scanners: dict[int, tuple] = {}
        # Built on a state's first visit: a text visits a fraction of the states, and compiling
        # them all would cost more than reading a 1k-rule file.
        self.scanners: list[tuple | None] = [None] * len(self.actions)
        # States after a rule where the scanner read the permit or deny read_rule saw next as the
        # ACTION token it is: there it is taken without the scanner.
        self.action_states: set[int] = set()
        # States where a rule the reader took, then the ACTION token after it, only append the
        # rule to the list (an _Inline) under it and come back to the same state.
        self.list_states: set[int] = set()

    def _scanner(self, state: int) -> tuple:
        index = self._scanner_of_state[state]
        built = self._scanners.get(index)
        if built is not None:
            return built
        source = self._sources[index]
        if source is None:
            raise Unsupported(f"the lexer of state {state}")
        pattern, keywords = source
        built = self._scanners[index] = (re.compile(pattern).match, keywords)
        return built

    def parse(self, text: str, start: str, read_rule=None):
        """The value lark's parser would return, or NEEDS_LARK.

        ``read_rule(text, begin, line, line_start)``, when given, is offered every ``rule`` where
        one starts (``begin``, the offset of its ACTION token, on 1-based ``line`` that starts at
        offset ``line_start``): it returns (the value lark's callbacks would give the rule, the
        offset just after its last token, the offset of the next token when it is seen to be the
        word permit or deny not followed by a name character, else -1), or None to leave the rule
        to this driver. It must only take a rule that the next token cannot continue. A next token
        it saw is taken as the ACTION it is without the state's scanner, in a state where the
        scanner was seen to read it so (``self.action_states``).

        Called with a fifth argument True (``many``), read_rule reads on while the next token is
        the permit or deny of a rule it takes, and gives the list of their values instead of one
        value: that is done in a state where a rule and the ACTION after it were seen to do no
        more than append the rule to the list under it (``self.list_states``), and the rules but
        the last are appended to that list at once."""
        actions = self.actions
        rule_gotos = self.rule_gotos if read_rule is not None else {}
        scanners = self.scanners
        end_state = self.end_states[start]
        counted = 0  # the offset up to which the line breaks are counted into ``line``
        line = 1
        line_start = next_line_start = 0
        state = self.start_states[start]
        states = [state]
        values: list = []
        pos = 0
        following = -1  # where read_rule saw the next ACTION token start
        action_states, list_states = self.action_states, self.list_states
        # A rule read in a state not yet in list_states: (that state, the stack's depth, the list
        # under the rule, the rule), to see what the next ACTION token's reductions make of them.
        watched = None
        while True:
            scanner = scanners[state]
            if scanner is None:
                scanner = scanners[state] = self._scanner(state) + (actions[state],)
            match, keywords, row = scanner
            if following >= 0 and state in action_states:  # the token the scanner was seen to read here
                begin = following
                value = "permit" if text[begin] == "p" else "deny"
                pos = begin + len(value)
                kind = "ACTION"
            else:
                found = match(text, pos)
                if found is None:
                    if _SKIP_RE.match(text, pos).end() != len(text):
                        return NEEDS_LARK  # a character no acceptable terminal matches
                    break
                kind = found.lastgroup
                begin, pos = found.span(kind)
                value = text[begin:pos]
                if keywords:
                    words = keywords.get(kind)
                    if words is not None:
                        kind = words.get(value, kind)
                if following >= 0 and kind == "ACTION" and begin == following:
                    action_states.add(state)
            following = -1
            if begin >= next_line_start:  # a new line: tokens on one line share the lookup
                line += text.count("\n", counted, begin)
                counted = begin
                line_start = text.rfind("\n", 0, begin) + 1
                next_line_start = text.find("\n", begin) + 1 or len(text) + 1
            action = row.get(kind)
            while action.__class__ is not int:
                if action is None:
                    return NEEDS_LARK
                size, goto, callback = action
                if size == 1:  # most rules: the value and the state are replaced in place
                    if callback is not None:
                        values[-1] = callback([values[-1]])
                    state = states[-1] = goto[states[-2]]
                else:
                    if size:
                        children = values[-size:]
                        del states[-size:]
                        del values[-size:]
                    else:
                        children = []
                    values.append(callback(children))
                    state = goto[states[-1]]
                    states.append(state)
                action = actions[state].get(kind)
            if watched is not None:
                if (kind == "ACTION" and state == watched[0] and len(states) == watched[1]
                        and values[-1] is watched[2] and watched[2] and watched[2][-1] is watched[3]):
                    list_states.add(state)  # the rule went into the list, and the state is the same
                watched = None
            if kind == "ACTION" and state in rule_gotos:
                many = state in list_states and values and values[-1].__class__ is _Inline
                got = read_rule(text, begin, line, line_start, many)
                if got is not None:  # the whole rule, reduced: on with the state after it
                    value, pos, following = got
                    if many:  # the rules but the last go into the list, as a rule and an ACTION would
                        if len(value) > 1:
                            values[-1].extend(value[:-1])
                        value = value[-1]
                    elif values and values[-1].__class__ is _Inline:
                        watched = (state, len(states), values[-1], value)
                    state = rule_gotos[state]
                    states.append(state)
                    values.append(value)
                    continue
            # The fields the rule callbacks read; start_pos and the end fields stay unset (reading
            # one raises, and the caller then parses with plain lark).
            token = _new_str(FastToken, value)
            token.type = kind
            token.value = value
            token.line = line
            token.column = begin - line_start + 1
            state = action
            states.append(state)
            values.append(token)
        # End of input: reduce until the start symbol is complete.
        while True:
            action = actions[state].get("$END")
            if action is None or action.__class__ is int:
                return NEEDS_LARK
            size, goto, callback = action
            if size == 1:
                if callback is not None:
                    values[-1] = callback([values[-1]])
                state = states[-1] = goto[states[-2]]
            else:
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                state = goto[states[-1]]
                states.append(state)
            if state == end_state:
                return values[-1]


# ---------------------------------------------------------------- the tables' cache

# Bumped when the layout of the tables changes (the driver's own source is part of the key too).
_TABLES_FORMAT = 1


def tables_key(grammar_text: str) -> str | None:
    """What saved tables must have been made from: the grammar, lark's version, this driver and
    Python's; None when lark cannot be found."""
    try:
        spec = importlib.util.find_spec("lark")
        if spec is None or spec.origin is None:
            return None
        # lark's __init__.py holds its version; this file, the driver that reads the tables.
        parts = (grammar_text.encode(), Path(spec.origin).read_bytes(), Path(__file__).read_bytes(),
                 f"{sys.version_info[:2]}/{_TABLES_FORMAT}".encode())
    except (OSError, ValueError, ImportError):  # an installation whose files cannot be read: no cache
        return None
    digest = _sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/aclc, or ~/.cache/aclc."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aclc"


def _cache_file(key: str) -> Path:
    return cache_dir() / f"parse-tables-{key[:32]}.marshal"


def load_tables(key: str | None) -> dict | None:
    """Tables saved under ``key``; None when there are none, or they are unreadable or another key's."""
    if key is None:
        return None
    try:
        data = marshal.loads(_cache_file(key).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("tables"), dict):
        return None
    return data["tables"]


def save_tables(key: str | None, tables: dict) -> None:
    """Keep ``tables`` under ``key``, written whole or not at all; a cache that cannot be written
    is no error (the next run builds the tables again)."""
    if key is None:
        return
    path = _cache_file(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps({"key": key, "tables": tables}))
        os.replace(temporary, path)
    except (OSError, ValueError):
        try:
            temporary.unlink()
        except (OSError, UnboundLocalError):
            pass
