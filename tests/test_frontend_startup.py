"""What loading an ACL costs besides the parse itself.

Start-up stays light: yaml is needed only for a definitions file, and the third-party regex
module (which lark loads whenever it is installed) only for lark's regex=True, which the parser
does not use. And the objects of a load go to the collector's oldest generation, not to a
young-generation pass that would walk them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_loading_an_acl_imports_neither_yaml_nor_regex(tmp_path):
    source = tmp_path / "a.acl"
    source.write_text("acl a {\n    permit ipv4 tcp from any to host 10.0.0.1 port 80\n}\n")
    loaded = _modules_after(f"from aclc.frontend import load_policy\nload_policy({str(source)!r})")
    assert "lark" in loaded
    assert "yaml" not in loaded
    assert "regex" not in loaded


def test_a_definitions_file_still_loads_yaml(tmp_path):
    (tmp_path / "defs.yaml").write_text("networks:\n  WEB: [10.0.0.0/8]\n")
    source = tmp_path / "a.acl"
    source.write_text('definitions "defs.yaml"\nacl a {\n    permit tcp from WEB to any\n}\n')
    loaded = _modules_after(f"from aclc.frontend import load_policy\n"
                            f"policy = load_policy({str(source)!r})\nassert policy.rules")
    assert "yaml" in loaded


def test_regex_still_imports_after_the_parser(tmp_path):
    loaded = _modules_after("import aclc.frontend.parse\nimport regex")
    assert "regex" in loaded


def test_a_loaded_acl_waits_in_the_oldest_generation(tmp_path):
    """The objects of a load are not left for a young-generation pass that would walk them all."""
    import gc

    from aclc.frontend import load_policy

    source = tmp_path / "big.acl"
    source.write_text("acl big {\n" + "".join(f"    permit ipv4 tcp from host 10.0.{i // 256}.{i % 256} to any port {i}\n"
                                              for i in range(1, 400)) + "}\n")
    gc.collect()
    policy = load_policy(source)
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(policy) in oldest
    assert all(id(rule) in oldest and id(rule.origin) in oldest for rule in policy.rules)
