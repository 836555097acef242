#!/usr/bin/env bash
# Installs what the test suite needs: the package with its test extras, Open vSwitch
# (userspace only) and the real Lagopus switch, built from ../shared/lagopus when that is
# there (a few minutes the first time; reused after). The tests start and stop both switches
# themselves, in network namespaces of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v ovs-vswitchd >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1 \
        || ! command -v ethtool >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openvswitch-switch iproute2 ethtool >/dev/null
fi
# The packaged service is not used: tests run their own ovsdb-server and ovs-vswitchd.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet openvswitch-switch 2>/dev/null; then
    $SUDO systemctl stop openvswitch-switch || true
fi
python3 -m pip install -q -e '.[test,bench]'  # bench: Aerleon and matplotlib for tests/test_bench_smoke.py
# The real Lagopus: build.sh prints the binary's path on its last line (aclc.testing.lagopus
# looks in the same default prefix, or LAGOPUS_BINARY).
LAGOPUS_BUILD=../shared/lagopus/build.sh
if [ -x "$LAGOPUS_BUILD" ] || [ -f "$LAGOPUS_BUILD" ]; then
    echo "lagopus: $(bash "$LAGOPUS_BUILD" | tail -n 1)"
else
    echo "lagopus: $LAGOPUS_BUILD not found; the real-Lagopus tests will skip (or fail under CI)" >&2
fi
