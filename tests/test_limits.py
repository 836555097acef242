"""Input limits: --max-bytes, --max-rules (and ACLC_MAX_BYTES, ACLC_MAX_RULES, ACLC_MAX_FLOWS) refuse an
oversized input early with exit 2, one message naming the limit, and nothing written."""

from __future__ import annotations

import pytest

from aclc.cli import main
from aclc.errors import AclcError
from aclc.frontend import DEFAULT_MAX_BYTES, DEFAULT_MAX_RULES, current_limits, limits, load_policy


def acl_text(rules: int) -> str:
    body = "".join(f"    permit tcp from 10.0.{i // 250}.{i % 250 + 1} to any port {1000 + i}\n" for i in range(rules))
    return "acl big {\n    default deny\n" + body + "}\n"


@pytest.fixture
def acl(tmp_path):
    path = tmp_path / "big.acl"
    path.write_text(acl_text(300))
    return path


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one_error(err: str) -> str:
    assert "Traceback" not in err and "internal error" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "error: " in lines[0], err
    return lines[0]


def test_max_rules_refuses_with_exit_2_and_writes_nothing(acl, tmp_path, capsys):
    out = tmp_path / "flows.txt"
    status, _, err = run(capsys, "compile", str(acl), "-t", "ovs", "-f", "ofctl", "--max-rules", "299", "-o", str(out))
    assert status == 2
    line = one_error(err)
    assert "300 rules, more than the limit of 299" in line and "--max-rules" in line
    assert line.startswith(f"{acl}:")  # file:line:column of the ACL
    assert not out.exists()


def test_max_rules_at_the_count_is_accepted(acl, tmp_path, capsys):
    out = tmp_path / "flows.txt"
    status, _, err = run(capsys, "compile", str(acl), "-t", "ovs", "-f", "ofctl", "--max-rules", "300", "-o", str(out))
    assert status == 0, err
    assert out.exists()


def test_max_rules_counts_rules_after_expansion(tmp_path, capsys):
    # one written line, two rules (tcp and udp): the limit is on rules, checked after normalizing too
    path = tmp_path / "two.acl"
    path.write_text("service DNS = tcp 53, udp 53\nacl a {\n    default deny\n    permit service DNS from 10.0.0.0/8 to any\n}\n")
    status, _, err = run(capsys, "lint", str(path), "--max-rules", "1")
    assert status == 2
    assert "2 rules, more than the limit of 1" in one_error(err)


def test_max_bytes_counts_includes(tmp_path, capsys):
    (tmp_path / "part.acl").write_text("acl a {\n    default deny\n    permit tcp from any to any port 80\n}\n")
    main_file = tmp_path / "main.acl"
    main_file.write_text('include "part.acl"\n')
    size = main_file.stat().st_size + (tmp_path / "part.acl").stat().st_size
    status, _, err = run(capsys, "compile", str(main_file), "-t", "ovs", "-f", "ofctl", "--max-bytes", str(size - 1))
    assert status == 2
    line = one_error(err)
    assert f"input of {size:,} bytes, more than the limit of {size - 1:,}" in line and "part.acl" in line
    status, out, err = run(capsys, "compile", str(main_file), "-t", "ovs", "-f", "ofctl", "--max-bytes", str(size))
    assert status == 0, err
    assert "tp_dst=80" in out


def test_environment_variables_and_zero_lifts(acl, capsys, monkeypatch):
    monkeypatch.setenv("ACLC_MAX_BYTES", "100")
    status, _, err = run(capsys, "lint", str(acl))
    assert status == 2 and "ACLC_MAX_BYTES" in one_error(err)
    status, _, err = run(capsys, "lint", str(acl), "--max-bytes", "0")  # the option wins; 0: no limit
    assert status == 0, err
    monkeypatch.setenv("ACLC_MAX_BYTES", "0")
    monkeypatch.setenv("ACLC_MAX_RULES", "10")
    status, _, err = run(capsys, "diff", str(acl), str(acl))
    assert status == 2 and "more than the limit of 10" in one_error(err)
    monkeypatch.setenv("ACLC_MAX_RULES", "ten")
    status, _, err = run(capsys, "lint", str(acl))
    assert status == 2 and "ACLC_MAX_RULES='ten' is not a number" in one_error(err)


def test_max_flows_from_the_environment(acl, capsys, monkeypatch):
    monkeypatch.setenv("ACLC_MAX_FLOWS", "100")
    status, _, err = run(capsys, "compile", str(acl), "-t", "lagopus", "-s", "exact", "-f", "ofctl")
    assert status == 2
    assert "more than the limit of 100 (--max-flows)" in one_error(err)


def test_option_does_not_outlive_its_run(acl, capsys):
    status, _, _ = run(capsys, "lint", str(acl), "--max-rules", "5")
    assert status == 2
    status, _, err = run(capsys, "lint", str(acl))
    assert status == 0, err
    assert current_limits().max_rules == DEFAULT_MAX_RULES


def test_library_limits(acl):
    assert current_limits().max_bytes == DEFAULT_MAX_BYTES
    with limits(max_rules=10):
        with pytest.raises(AclcError, match="300 rules"):
            load_policy(acl)
    assert len(load_policy(acl).rules) == 301  # and the ARP rule the compiler adds


def test_negative_limit_is_a_usage_error(acl, capsys):
    status, _, err = run(capsys, "compile", str(acl), "--max-rules", "-1")
    assert status == 2 and "Traceback" not in err
