"""Includes, YAML definitions files and names: found, checked, ordered."""

from __future__ import annotations

import textwrap

import pytest

import aclc.frontend.ast as ast
from aclc.frontend.definitions import parse_definitions_text
from aclc.errors import AclcError, SourcePos
from aclc.frontend import load_policies, load_policy
from aclc.policy import PortRange
from aclc.frontend.resolve import resolve_file, resolve_text


def write(directory, name, text):
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_include_is_relative_to_the_including_file(tmp_path):
    write(tmp_path, "lib/nets.acl", 'include "more.acl"\nnetwork A = 10.0.0.0/8\n')
    write(tmp_path, "lib/more.acl", "network B = 192.168.0.0/16\n")
    main = write(tmp_path, "main.acl", 'include "lib/nets.acl"\nacl x { permit ip from A to B }\n')
    resolved = resolve_file(main)
    assert {d.name for d in resolved.definitions} == {"A", "B"}
    assert len(resolved.files) == 3
    policy = load_policy(main)
    assert policy.rules[0].src[0].length == 8 and policy.rules[0].dst[0].length == 16


def test_a_file_included_twice_is_read_once(tmp_path):
    write(tmp_path, "common.acl", "network A = 10.0.0.0/8\n")
    write(tmp_path, "a.acl", 'include "common.acl"\n')
    main = write(tmp_path, "main.acl", 'include "common.acl"\ninclude "a.acl"\nacl x { permit ip from A }\n')
    assert len(load_policy(main).rules) == 2


def test_include_cycle_names_the_cycle(tmp_path):
    write(tmp_path, "a.acl", 'include "b.acl"\n')
    write(tmp_path, "b.acl", '\ninclude "a.acl"\n')
    main = write(tmp_path, "main.acl", 'include "a.acl"\nacl x { permit ip }\n')
    with pytest.raises(AclcError, match=r"include cycle: .*a\.acl -> .*b\.acl -> .*a\.acl") as error:
        load_policies(main)
    assert error.value.pos.line == 2 and error.value.pos.file.endswith("b.acl")


def test_self_include(tmp_path):
    main = write(tmp_path, "main.acl", 'include "main.acl"\n')
    with pytest.raises(AclcError, match="include cycle"):
        load_policies(main)


def test_missing_include(tmp_path):
    main = write(tmp_path, "main.acl", 'acl x { permit ip }\ninclude "nope.acl"\n')
    with pytest.raises(AclcError, match="nope.acl: file not found") as error:
        load_policies(main)
    assert error.value.pos == SourcePos(str(main), 2, 9)


def test_errors_in_included_files_name_that_file(tmp_path):
    write(tmp_path, "inc.acl", "\n\nnetwork A = 10.0.0.1/8\n")
    main = write(tmp_path, "main.acl", 'include "inc.acl"\n')
    with pytest.raises(AclcError, match="host bits") as error:
        load_policies(main)
    assert error.value.pos.file.endswith("inc.acl") and error.value.pos.line == 3


DEFS = """\
networks:
  CORP: [10.0.0.0/8, "2001:db8::/32"]
  SERVERS: ["CORP, !10.99.0.0/16"]
  DNS_HOST: 192.0.2.53
services:
  WEB: ["tcp 80, 443"]
  DNS: [udp 53, tcp 53]
"""


def test_definitions_statement_and_option(tmp_path):
    write(tmp_path, "defs.yaml", DEFS)
    main = write(tmp_path, "main.acl", 'definitions "defs.yaml"\n'
                 "acl x { permit service WEB from CORP to SERVERS\n permit service DNS to DNS_HOST }\n")
    policy = load_policy(main)
    web4 = policy.rules[0]
    assert web4.dst_ports == (PortRange(80, 80), PortRange(443, 443))
    assert len(web4.dst) > 1  # 10/8 minus 10.99/16
    other = write(tmp_path, "other.acl", "acl y { permit ip from CORP }\n")
    assert load_policy(other, definitions=[tmp_path / "defs.yaml"]).rules[0].src[0].length == 8
    with pytest.raises(AclcError, match="unknown network 'CORP'"):
        load_policy(other)


def test_yaml_positions_point_into_the_yaml_file():
    with pytest.raises(AclcError, match="host bits") as error:
        parse_definitions_text("networks:\n  A: [10.0.0.0/8, \"10.1.2.3/8\"]\n", "d.yaml")
    assert error.value.pos == SourcePos("d.yaml", 2, 20)
    with pytest.raises(AclcError, match="syntax error") as error:
        parse_definitions_text("services:\n  S:\n    - tcp 80\n    - tcp port 80\n", "d.yaml")
    assert error.value.pos == SourcePos("d.yaml", 4, 16)  # "port" reads as a port name, then "80"


@pytest.mark.parametrize("text, message, pos", [
    ("networks:\n  A: 10.0.0.0/8\n  A: 10.0.0.0/9\n", "'A' appears twice in 'networks' (first at d.yaml:2:3)", (3, 3)),
    ("hosts:\n  A: 10.0.0.0/8\n", "unknown section 'hosts'", (1, 1)),
    ("- 10.0.0.0/8\n", "must be a mapping", (1, 1)),
    ("networks:\n  A: [[10.0.0.0/8]]\n", "must be a string", (2, 7)),
    ("networks:\n  A: []\n", "has no items", (2, 6)),
    ("networks:\n  1A: 10.0.0.0/8\n", "not a valid network name", (2, 3)),
    ("networks:\n  tcp: 10.0.0.0/8\n", "keyword", (2, 3)),
    ("networks: {A: [10.0.0.0/8\n", "invalid YAML", (2, 1)),
    ("services:\n  S: tcp 99999\n", None, None),
])
def test_yaml_errors(text, message, pos):
    if message is None:  # valid syntax; the bad port is found when values are computed
        (definition,) = parse_definitions_text(text, "d.yaml")
        assert isinstance(definition, ast.ServiceDef)
        return
    with pytest.raises(AclcError) as error:
        parse_definitions_text(text, "d.yaml")
    assert message in error.value.message
    assert (error.value.pos.line, error.value.pos.column) == pos


def test_duplicate_across_yaml_and_source_gives_both_positions(tmp_path):
    write(tmp_path, "defs.yaml", DEFS)
    main = write(tmp_path, "main.acl", 'definitions "defs.yaml"\nnetwork CORP = 10.0.0.0/8\n')
    with pytest.raises(AclcError) as error:
        load_policies(main)
    assert "network 'CORP' is already defined as a network at" in error.value.message
    assert "defs.yaml:2:3" in error.value.message
    assert error.value.pos == SourcePos(str(main), 2, 9)


def test_duplicate_across_includes(tmp_path):
    write(tmp_path, "a.acl", "service S = tcp 1\n")
    main = write(tmp_path, "main.acl", 'service S = tcp 2\ninclude "a.acl"\n')
    with pytest.raises(AclcError, match=r"service 'S' is already defined as a service at .*main.acl:1:9"):
        load_policies(main)


def test_definitions_are_in_dependency_order():
    resolved = resolve_text("network C = B\nnetwork B = A\nnetwork A = 10.0.0.0/8\nacl x { permit ip from C }")
    assert [d.name for d in resolved.definitions] == ["A", "B", "C"]


def test_long_name_chains_do_not_recurse():
    n = 5000
    lines = ["network N0 = 10.0.0.0/8"] + [f"network N{i} = N{i - 1}" for i in range(1, n)]
    lines.append(f"acl x {{ permit ip from N{n - 1} }}")
    resolved = resolve_text("\n".join(lines))
    assert resolved.definitions[-1].name == f"N{n - 1}"
    cyclic = "\n".join([f"network N{i} = N{i + 1}" for i in range(n)] + [f"network N{n} = N0"])
    with pytest.raises(AclcError, match="cycle: N0 -> N1 -> N2"):
        resolve_text(cyclic)


def test_unknown_name_in_a_definition():
    with pytest.raises(AclcError, match="unknown network 'B'") as error:
        resolve_text("network A = { 10.0.0.0/8, !B }")
    assert error.value.pos.column == 28


@pytest.mark.parametrize("statement, message", [
    ('include "a\x00b"', "unusable file name"),
    ('include "."', "is a directory"),
    ('definitions "/dev/null"', "is not a regular file"),
])
def test_unusable_include_paths(statement, message):
    with pytest.raises(AclcError, match=message) as error:
        resolve_text(statement + "\nacl a { permit ip }", "t.acl")
    assert error.value.pos.line == 1
