"""What loading an ACL costs besides the parse itself.

Start-up stays light: yaml is needed only for a definitions file, and the third-party regex
module (which lark loads whenever it is installed) only for lark's regex=True, which the parser
does not use. And the objects of a load go to the collector's oldest generation, not to a
young-generation pass that would walk them all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, cache: Path | None = None) -> tuple[set[str], list[str]]:
    """The modules loaded by ``code`` in a new interpreter (the parse tables' cache under ``cache``,
    a fresh one when None), and the lines it printed."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache or Path(tempfile.mkdtemp(prefix="aclc-cache-"))))
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True, env=env).stdout
    lines = out.splitlines()
    return set(json.loads(lines[-1])), lines[:-1]


def _modules_after(code: str, cache: Path | None = None) -> set[str]:
    return _run(code, cache)[0]


def test_loading_an_acl_imports_neither_yaml_nor_regex(tmp_path):
    source = tmp_path / "a.acl"
    source.write_text("acl a {\n    permit ipv4 tcp from any to host 10.0.0.1 port 80\n}\n")
    loaded = _modules_after(f"from aclc.frontend import load_policy\nload_policy({str(source)!r})")
    assert "lark" in loaded  # a cold cache: the tables come from lark
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


# ---------------------------------------------------------------- the parse tables' cache

VALID = "acl a {\n    default deny\n    permit ipv4 tcp from any to host 10.0.0.1 port 80 # web\n" \
        "    deny ipv4 udp from 10.0.0.0/8 port 53 to any\n}\n"
LOAD = "from aclc.frontend import load_policy\nprint(repr(load_policy({path!r}).rules))"
ERROR = ("from aclc.errors import AclcError\nfrom aclc.frontend import load_policy\n"
         "try:\n    load_policy({path!r})\nexcept AclcError as e:\n    print(repr((str(e), e.pos, e.detail)))")


def _tables_files(cache: Path) -> list[Path]:
    return sorted((cache / "aclc").glob("parse-tables-*.marshal"))


def test_a_warm_cache_reads_a_valid_file_without_lark(tmp_path):
    source = tmp_path / "a.acl"
    source.write_text(VALID)
    cold, cold_out = _run(LOAD.format(path=str(source)), tmp_path / "cache")
    assert "lark" in cold and len(_tables_files(tmp_path / "cache")) == 1
    warm, warm_out = _run(LOAD.format(path=str(source)), tmp_path / "cache")
    assert "lark" not in warm
    assert warm_out == cold_out and "permit" in warm_out[0]


def test_compile_with_a_warm_cache_does_not_import_lark(tmp_path):
    source = tmp_path / "a.acl"
    source.write_text(VALID)
    code = ("from aclc.cli import main\ntry:\n    main(['compile', '-t', 'ovs', '-f', 'ofctl', '--no-verify', "
            f"{str(source)!r}, '-o', {str(tmp_path / 'out')!r}])\nexcept SystemExit as e:\n    assert not e.code, e")
    _run(code, tmp_path / "cache")
    loaded = _modules_after(code, tmp_path / "cache")
    assert "lark" not in loaded
    assert "tp_dst=80" in (tmp_path / "out").read_text()


def test_a_syntax_error_with_a_warm_cache_is_lark_s_own(tmp_path):
    source = tmp_path / "bad.acl"
    source.write_text("acl a {\n    permit ipv4 tcp from any to host 10.0.0.1 port\n}\n")
    cold, cold_out = _run(ERROR.format(path=str(source)), tmp_path / "cache")
    warm, warm_out = _run(ERROR.format(path=str(source)), tmp_path / "cache")
    assert "lark" in warm  # plain lark reads what the fast driver cannot, for its own message
    assert warm_out == cold_out and "syntax error" in warm_out[0] and "bad.acl" in warm_out[0]


def test_a_corrupt_or_stale_cache_is_ignored_and_replaced(tmp_path):
    import marshal

    source = tmp_path / "a.acl"
    source.write_text(VALID)
    cache = tmp_path / "cache"
    _, expected = _run(LOAD.format(path=str(source)), cache)
    (tables,) = _tables_files(cache)
    saved = marshal.loads(tables.read_bytes())
    damaged = [
        b"",  # empty
        b"\x00garbage" * 10,  # not marshal data
        tables.read_bytes()[:1000],  # cut short
        marshal.dumps({"key": "another grammar or lark", "tables": saved["tables"]}),  # stale
        marshal.dumps({"key": saved["key"], "tables": {"actions": [], "reduces": []}}),  # another layout
        marshal.dumps({"key": saved["key"], "tables": dict(saved["tables"], scanner_of_state=[])}),
        marshal.dumps(["not", "a", "dict"]),
    ]
    for data in damaged:
        tables.write_bytes(data)
        loaded, out = _run(LOAD.format(path=str(source)), cache)
        assert out == expected, data[:40]
        assert "lark" in loaded  # built from lark again ...
        assert marshal.loads(tables.read_bytes()) == saved  # ... and saved whole again
    assert "lark" not in _modules_after(LOAD.format(path=str(source)), cache)


def test_an_unwritable_cache_only_costs_lark(tmp_path):
    source = tmp_path / "a.acl"
    source.write_text(VALID)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    _, expected = _run(LOAD.format(path=str(source)), tmp_path / "cache")
    loaded, out = _run(LOAD.format(path=str(source)), blocker)
    assert out == expected and "lark" in loaded


# ---------------------------------------------------------------- the end of the process


def test_a_finished_command_exits_with_its_status_output_and_exit_handlers(tmp_path):
    """aclc.cli.exit_now ends the process without freeing its objects one by one: the status,
    everything written to stdout and stderr, and the atexit handlers are all still there."""
    marker = tmp_path / "atexit-ran"
    code = ("import atexit, sys\nfrom aclc.cli import exit_now\n"
            f"atexit.register(lambda: open({str(marker)!r}, 'w').write('yes'))\n"
            "print('out ' * 5000, end='')\nprint('err', file=sys.stderr, end='')\nexit_now(3)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 3
    assert done.stdout == "out " * 5000 and done.stderr == "err"
    assert marker.read_text() == "yes"


def test_with_another_thread_running_the_exit_is_the_ordinary_one(tmp_path):
    code = ("import threading, time\nfrom aclc.cli import exit_now\n"
            "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done', flush=True))).start()\n"
            "exit_now(0)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "thread done\n"


def test_aclc_as_a_process_writes_its_flows_and_status(tmp_path):
    source = tmp_path / "a.acl"
    source.write_text(VALID)
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "aclc", "compile", str(source), "-t", "ovs", "-f", "ofctl"],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stdout.startswith("# aclc flow file") and "tp_dst=80" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "aclc", "compile", str(tmp_path / "missing.acl"), "-t", "ovs",
                          "-f", "ofctl"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "missing.acl" in bad.stderr
