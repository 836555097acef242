"""Plan a switch test set for a compiled Pipeline: probes, expectations, prerequisites.

Every probe's expected outcome is derived twice and must agree:

1. from the ACL: :func:`aclc.evaluate.evaluate_policy` gives the deciding rule
   and the effect; the compiled Pipeline must have exactly that effect for the
   packet (else the compilation is wrong and no file is written);
2. from the test build (:mod:`aclc.ryutest.testbuild`): the outcome the tester
   will see; it must map back to the ACL action (permit -> egress, deny ->
   PACKET_IN or table-miss), and :func:`aclc.evaluate.evaluate_pipeline` on the
   test's own prerequisite flows must give the same effect.

A test's prerequisite is the set of test-build flows that match its probes in
the tables they visit (all of them, not only the winners, so the switch must
get the priorities right), which decides exactly as the whole pipeline does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ..errors import AclcError, CheckFailed
from ..evaluate import decision_effect, evaluate_pipeline
from ..packet import Packet
from ..pipeline import FlowEntry, GotoTable, Pipeline, Table
from ..policy import Action, Policy
from .testbuild import DENY_EFFECT, MISS_EFFECT, PERMIT_EFFECT, Tracer, sliced, test_build
from .witness import BddWitness, first_match, Probe, default_probes, edge_packets, reachable_by_probe, rule_witness

EGRESS = "egress"
PACKET_IN = "PACKET_IN"
TABLE_MISS = "table-miss"


@dataclass(frozen=True)
class Expectation:
    probe: Probe
    outcome: str  # EGRESS, PACKET_IN or TABLE_MISS
    miss_table: int | None
    acl_rule: int | None  # the rule that decides the packet in the ACL (None: default)
    flows: tuple[FlowEntry, ...]  # test-build flows this packet can match


@dataclass
class PlannedTest:
    rules: list[int | None] = field(default_factory=list)  # rules it was made for (None: default)
    expectations: list[Expectation] = field(default_factory=list)
    flows: dict[FlowEntry, None] = field(default_factory=dict)  # ordered set


@dataclass
class TestPlan:
    pipeline: Pipeline
    build: Pipeline  # the test build, entered at table 0
    tests: list[PlannedTest]
    uncovered: list[tuple[int, str]]  # (rule index, why no probe)
    covered_rules: int
    sampled: bool
    dispatch_added: bool


@dataclass(frozen=True)
class PlanOptions:
    max_tests: int | None = None  # cap on the number of tests (rules are then sampled evenly)
    max_flows: int = 120  # flows per test prerequisite (install cost grows with the square)
    max_probes: int = 40  # packets per test
    edges_per_rule: int = 6  # edge packets per rule, besides its witness
    rules_per_test: int = 12
    # A table-miss check costs the tester a fixed 1 s wait, so edge probes that end in
    # the default deny are capped per rule (the witness and other edges are not).
    miss_edges_per_rule: int = 2


def _with_dispatch(build: Pipeline) -> tuple[Pipeline, bool]:
    """The tester's packets enter table 0; an ACL placed at a later table is reached the
    way a switch would reach it, by one goto flow in table 0."""
    if build.entry_table == 0:
        return build, False
    if any(t.table_id == 0 for t in build.tables):
        raise AclcError(f"the ACL's entry table is {build.entry_table} but it also owns table 0")
    dispatch = FlowEntry(0, 1, (), (GotoTable(build.entry_table),), 0, role="dispatch")
    tables = (Table(0, "dispatch", (dispatch,)),) + build.tables
    return replace(build, tables=tables, entry_table=0), True


def _expected_test_outcome(policy: Policy, acl_rule: int | None) -> set[str]:
    if acl_rule is None:
        action, log = policy.default_action, policy.default_log
    else:
        rule = policy.rules[acl_rule]
        action, log = rule.action, rule.log
    if action == Action.PERMIT:
        return {EGRESS}
    return {PACKET_IN} if log else {PACKET_IN, TABLE_MISS}


def _rule_order(n: int, options: PlanOptions) -> tuple[list[int], bool]:
    if options.max_tests is None:
        return list(range(n)), False
    budget = max(0, options.max_tests - 1) * options.rules_per_test  # one test for the default
    if budget >= n:
        return list(range(n)), False
    if budget == 0:
        return [], n > 0
    step = n / budget
    return sorted({min(n - 1, math.floor(i * step)) for i in range(budget)}), True


class Planner:
    def __init__(self, pipeline: Pipeline, options: PlanOptions):
        self.pipeline = pipeline
        self.policy = pipeline.policy
        self.options = options
        self.cont = pipeline.continuation
        build, self.dispatch_added = _with_dispatch(test_build(pipeline))
        self.build = build
        self.original = Tracer(pipeline)
        self.tracer = Tracer(build)
        self._bdd: BddWitness | None = None

    @property
    def bdd(self) -> BddWitness:
        if self._bdd is None:
            self._bdd = BddWitness(self.policy)
        return self._bdd

    def expect(self, probe: Probe) -> Expectation:
        packet = probe.packet
        acl_rule = first_match(self.policy, packet)
        acl_effect = decision_effect(*self._decision(acl_rule), self.cont)
        compiled = self.original.trace(packet)
        if compiled.effect != acl_effect:
            where = self.policy.origin_of(acl_rule)
            raise CheckFailed(
                f"the compiled pipeline does not decide {packet} like the ACL ({where}); "
                "refusing to write a switch test for a wrong table (run aclc verify)"
            )
        traced = self.tracer.trace(packet)
        if traced.effect == PERMIT_EFFECT:
            outcome = EGRESS
        elif traced.effect == DENY_EFFECT:
            outcome = PACKET_IN
        elif traced.effect == MISS_EFFECT and traced.miss_table is not None:
            outcome = TABLE_MISS
        else:
            raise CheckFailed(f"the test build does something the tester cannot observe with {packet}")
        if outcome not in _expected_test_outcome(self.policy, acl_rule):
            raise CheckFailed(
                f"the test build gives {outcome} for {packet}, which does not map back to the ACL's "
                f"decision at {self.policy.origin_of(acl_rule)}"
            )
        return Expectation(probe, outcome, traced.miss_table if outcome == TABLE_MISS else None,
                           acl_rule, traced.matched)

    def _decision(self, index: int | None):
        if index is None:
            return self.policy.default_action, self.policy.default_log
        rule = self.policy.rules[index]
        return rule.action, rule.log

    def rule_probes(self, index: int) -> tuple[list[Probe], str | None]:
        rule = self.policy.rules[index]
        why = reachable_by_probe(rule)
        if why:
            return [], why
        witness = rule_witness(self.policy, rule, None)
        if witness is None:
            witness = rule_witness(self.policy, rule, self.bdd)
        if witness is None:
            if self.bdd.decided_region(index) == self.bdd.space.false:
                return [], "shadowed: earlier rules match every packet it matches"
            return [], "no packet the tester can send (in on port 1, a plain frame) reaches it"
        probes = [Probe(witness, index, "witness")]
        probes += [Probe(p, index, "edge") for p in edge_packets(rule, witness, self.options.edges_per_rule)]
        return probes, None

    def plan(self) -> TestPlan:
        opts = self.options
        order, sampled = _rule_order(len(self.policy.rules), opts)
        tests: list[PlannedTest] = []
        uncovered: list[tuple[int, str]] = []
        seen: set[Packet] = set()
        current = PlannedTest()
        covered = 0
        rule_cap = None if opts.max_tests is None else max(0, opts.max_tests - 1)

        def close() -> None:
            nonlocal current
            if current.expectations:
                tests.append(current)
            current = PlannedTest()

        cut = False  # the test cap was reached with rules still to test: they are left out
        for index in order:
            if rule_cap is not None and len(tests) >= rule_cap:
                cut = True
                break
            probes, why = self.rule_probes(index)
            if why:
                uncovered.append((index, why))
                continue
            expectations = []
            misses = 0
            for probe in probes:
                if probe.packet in seen:
                    continue
                expectation = self.expect(probe)
                if expectation.outcome == TABLE_MISS and probe.kind == "edge":
                    misses += 1
                    if misses > opts.miss_edges_per_rule:
                        continue
                seen.add(probe.packet)
                expectations.append(expectation)
            if not expectations:
                continue
            covered += 1
            flows = {f: None for e in expectations for f in e.flows}
            merged = len(set(current.flows) | set(flows))
            if current.expectations and (
                merged > opts.max_flows
                or len(current.expectations) + len(expectations) > opts.max_probes
                or len(current.rules) >= opts.rules_per_test
            ):
                close()
            if rule_cap is not None and len(tests) >= rule_cap:
                cut = True
                covered -= 1  # counted above, but left out
                break
            current.rules.append(index)
            current.expectations.extend(expectations)
            current.flows.update(flows)
        close()
        if opts.max_tests is not None and len(tests) > rule_cap:
            cut = cut or any(r is not None for t in tests[rule_cap:] for r in t.rules)
            covered -= sum(1 for t in tests[rule_cap:] for r in t.rules if r is not None)
            tests = tests[:rule_cap]
        defaults = [self.expect(p) for p in default_probes(self.policy, self.bdd) if p.packet not in seen]
        if defaults and (opts.max_tests is None or opts.max_tests > 0):
            test = PlannedTest(rules=[None], expectations=defaults)
            for e in defaults:
                test.flows.update({f: None for f in e.flows})
            tests.append(test)
        for test in tests:
            self.check_slice(test)
        return TestPlan(self.pipeline, self.build, tests, uncovered, covered, sampled or cut, self.dispatch_added)

    def check_slice(self, test: PlannedTest) -> None:
        """The test's prerequisite alone decides every probe as the whole test build does."""
        small = sliced(self.build, test.flows)
        for e in test.expectations:
            _, effect = evaluate_pipeline(small, e.probe.packet)
            want = {EGRESS: PERMIT_EFFECT, PACKET_IN: DENY_EFFECT, TABLE_MISS: MISS_EFFECT}[e.outcome]
            if effect != want:
                raise CheckFailed(
                    f"internal: the prerequisite of a test decides {e.probe.packet} as {effect}, "
                    f"not {e.outcome}; no test written"
                )


def plan_tests(pipeline: Pipeline, options: PlanOptions = PlanOptions()) -> TestPlan:
    return Planner(pipeline, options).plan()
