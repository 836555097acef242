"""Fuzzing the front end: any text gives Policies or one AclcError, never another exception."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aclc.errors import AclcError
from aclc.frontend import parse_policies_text
from aclc.frontend.definitions import parse_definitions_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COMMON = (EXAMPLES / "include" / "common.acl").read_text()
DEFINITIONS = [EXAMPLES / "datacenter-defs.yaml"]  # given to every parse, as --definitions would
# Examples with their includes inlined and definitions statements removed: mutated text needs no file.
SOURCES = [re.sub(r'^definitions .*$', "", re.sub(r'^include .*$', lambda m: COMMON, p.read_text(), flags=re.M),
                  flags=re.M) for p in sorted(EXAMPLES.glob("*.acl"))]
TOKENS = sorted({t for text in SOURCES for t in re.findall(r"[A-Za-z0-9_.:/-]+|[^\sA-Za-z0-9_.:/-]", text)})
TOKENS += ["65536", "0x", "::", "/", "!!", "{", "}", "-1", "999999999999999999999", "\x00", "é", '"', "\\"]


def front_end(text: str) -> None:
    try:
        policies = parse_policies_text(text, "fuzz.acl", definitions=DEFINITIONS)
    except AclcError as error:
        assert error.message and str(error)
        # Messages speak the operator's language, never the grammar's internal names.
        assert "__ANON" not in error.message and "$END" not in error.message
        return
    for policy in policies.values():
        assert policy.rules


def test_unmutated_sources_load():
    assert all(parse_policies_text(text, "x.acl", definitions=DEFINITIONS) for text in SOURCES)


def mutate(data, text: str) -> str:
    words = re.split(r"(\s+)", text)
    for _ in range(data.draw(st.integers(1, 6))):
        kind = data.draw(st.sampled_from(["insert", "delete", "swap", "char", "duplicate"]))
        i = data.draw(st.integers(0, max(len(words) - 1, 0)))
        if kind == "insert":
            words.insert(i, " " + data.draw(st.sampled_from(TOKENS)) + " ")
        elif kind == "delete" and words:
            del words[i]
        elif kind == "swap" and len(words) > 1:
            j = data.draw(st.integers(0, len(words) - 1))
            words[i], words[j] = words[j], words[i]
        elif kind == "duplicate" and words:
            words.insert(i, words[i])
        elif words:
            word = words[i]
            k = data.draw(st.integers(0, len(word)))
            words[i] = word[:k] + data.draw(st.characters(max_codepoint=0x2FF)) + word[k + 1:]
    return "".join(words)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_examples(data):
    text = data.draw(st.sampled_from(SOURCES))
    front_end(mutate(data, text))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_token_soup(tokens):
    front_end("acl a { " + " ".join(tokens) + " }")
    front_end(" ".join(tokens))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_random_text(text):
    front_end(text)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["networks:\n  A: ", "services:\n  S: ", "networks:\n  A: [", ""]),
       st.lists(st.sampled_from(TOKENS + [":", "-", "[", "]", "\n  ", "'"]), max_size=12))
def test_yaml_definitions(head, tokens):
    try:
        parse_definitions_text(head + " ".join(tokens), "fuzz.yaml")
    except AclcError:
        pass


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["include", "definitions"]),
       st.text(alphabet=st.characters(blacklist_characters='"\\\n', max_codepoint=0x2FF), max_size=30))
def test_include_paths(keyword, path):
    front_end(f'{keyword} "{path}"\nacl a {{ permit ip }}')
