#!/usr/bin/env bash
# Installs what the test suite needs: the package with its test extras, and
# Open vSwitch (userspace only; the tests start and stop it themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v ovs-vswitchd >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openvswitch-switch iproute2 >/dev/null
fi
# The packaged service is not used: tests run their own ovsdb-server and ovs-vswitchd.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet openvswitch-switch 2>/dev/null; then
    $SUDO systemctl stop openvswitch-switch || true
fi
python3 -m pip install -q -e '.[test,bench]'  # bench: Aerleon and matplotlib for tests/test_bench_smoke.py
