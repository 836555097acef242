"""Ryu/os-ken switch-test support: witness packets, the test build, and a runner.

The emitter (:mod:`aclc.ryutest.emit`, format ``ryu-test``) turns a compiled Pipeline into test
files for os-ken's OpenFlow switch tester (``os_ken/tests/switch/tester.py``);
:mod:`aclc.ryutest.runner` starts that tester against a target and a tester
switch and reads its report.
"""
