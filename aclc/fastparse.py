"""A fast driver for lark's own LALR tables: the same parse, without lark's per-token overhead.

lark's contextual lexer runs two regex matches per token (whitespace and
comments are tokens it then drops) and its parser loop does a lot of
bookkeeping per token. This driver reads the very tables lark built from
``grammars/acl.lark`` and produces exactly the tokens the contextual lexer
would (same types, values, lines and columns) with one regex match per token:
each parser state gets one compiled pattern that skips blanks and comments and
then tries the terminals that state accepts, in lark's own order, with lark's
keyword-versus-name resolution. Reductions call lark's own rule callbacks, so
the transformer sees the same children in the same order.

It only knows the happy path. On anything unexpected (a character no terminal
matches, a token the state does not accept, an error raised by a callback)
the caller re-parses the text with plain lark, so error messages and
positions are exactly lark's.
"""

from __future__ import annotations

from bisect import bisect_right
import re

from lark import Token
from lark.lexer import PatternStr, UnlessCallback
from lark.parsers.lalr_analysis import Shift

# Blanks and comments between tokens. Possessive, so that a failing match never
# backtracks through a long run of blanks.
_SKIP = r"(?:[ \t\f\r\n]++|#[^\n]*+)*+"
_SKIP_RE = re.compile(_SKIP)

_new_str = str.__new__


# What :meth:`FastParser.parse` returns when the text needs plain lark.
NEEDS_LARK = object()


class Unsupported(Exception):
    """The grammar uses a lark feature this driver does not reproduce."""


class _Reduce:
    __slots__ = ("size", "origin", "callback")

    def __init__(self, size: int, origin: str, callback):
        self.size = size
        self.origin = origin
        self.callback = callback


class FastParser:
    """Parses with a Lark object's LALR tables (parser="lalr", lexer="contextual")."""

    def __init__(self, lark_object):
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
        self.callbacks = parser.callbacks
        if any(isinstance(key, str) for key in self.callbacks):
            raise Unsupported("terminal callbacks")
        table = parser.parse_table
        self.start_states = dict(table.start_states)
        self.end_states = dict(table.end_states)
        reduces: dict = {}
        self.actions: dict[int, dict[str, object]] = {}
        for state, row in table.states.items():
            actions = {}
            for symbol, (action, arg) in row.items():
                if action is Shift:
                    actions[symbol] = arg
                else:
                    reduce = reduces.get(arg)
                    if reduce is None:
                        reduce = reduces[arg] = _Reduce(len(arg.expansion), arg.origin.name, self.callbacks[arg])
                    actions[symbol] = reduce
            self.actions[state] = actions
        self.lexers = lexer.lexers
        # Per lark lexer (shared between states that accept the same terminals): (pattern, keywords).
        self._scanners: dict[int, tuple] = {}
        self.scanners: dict[int, tuple] = {}
        for state in self.lexers:  # check every state's lexer now: fail at build time, not mid-parse
            self.scanners[state] = self._scanner(state)

    def _scanner(self, state: int) -> tuple:
        lexer = self.lexers[state]
        built = self._scanners.get(id(lexer))
        if built is not None:
            return built
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
        built = (re.compile(pattern), keywords)
        self._scanners[id(lexer)] = built
        return built

    def parse(self, text: str, start: str):
        """The value lark's parser would return, or NEEDS_LARK."""
        actions = self.actions
        scanners = self.scanners
        end_state = self.end_states[start]
        line_starts = [0]
        line_starts.extend(m.end() for m in re.finditer("\n", text))
        states = [self.start_states[start]]
        values: list = []
        pos = 0
        length = len(text)
        while True:
            state = states[-1]
            pattern, keywords = scanners[state]
            match = pattern.match(text, pos)
            if match is None:
                if _SKIP_RE.match(text, pos).end() != length:
                    return NEEDS_LARK  # a character no acceptable terminal matches
                break
            kind = match.lastgroup
            begin = match.start(kind)
            pos = match.end()
            value = text[begin:pos]
            if keywords:
                words = keywords.get(kind)
                if words is not None:
                    kind = words.get(value, kind)
            line = bisect_right(line_starts, begin)
            column = begin - line_starts[line - 1] + 1
            token = _new_str(Token, value)
            token.type = kind
            token.value = value
            token.start_pos = begin
            token.line = token.end_line = line
            token.column = column
            token.end_column = column + len(value)
            token.end_pos = pos
            while True:
                action = actions[state].get(kind)
                if action is None:
                    return NEEDS_LARK
                if action.__class__ is int:
                    states.append(action)
                    values.append(token)
                    break
                size = action.size
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(action.callback(children))
                goto = actions[states[-1]][action.origin]
                states.append(goto)
                state = goto
        # End of input: reduce until the start symbol is complete.
        while True:
            state = states[-1]
            action = actions[state].get("$END")
            if action is None or action.__class__ is int:
                return NEEDS_LARK
            size = action.size
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            values.append(action.callback(children))
            goto = actions[states[-1]][action.origin]
            states.append(goto)
            if goto == end_state:
                return values[-1]
