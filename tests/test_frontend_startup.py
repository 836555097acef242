"""What a command that reads an ACL imports: the front end stays light at start-up.

yaml is needed only for a definitions file, and the third-party regex module (which lark
loads whenever it is installed) only for lark's regex=True, which the parser does not use.
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
