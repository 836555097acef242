"""Lowering: a Policy becomes a Pipeline of OpenFlow 1.3 tables for one target.

    compile_policy(policy, CompileOptions(target="lagopus"))

1. The target profile (:mod:`aclc.profiles`) says what a match may contain.
2. A strategy encodes port ranges: ``single`` (masked prefix covers, one table;
   only where port masks are honoured), ``exact`` (every port value, one table)
   or ``multi`` (ports classified into metadata in earlier tables:
   :mod:`aclc.lower.multi`). Flow counts are computed before anything is built;
   where port masks are honoured and no strategy is asked for, ``multi`` is used
   only when it needs fewer flows than ``single`` (:func:`strategy_choice`).
3. Priorities come from the rule dependency graph (:mod:`.priorities`).
4. The strategy builds the tables; permitted packets continue with the
   ``permit`` continuation, which must point past the ACL's own tables.
"""

from __future__ import annotations

import importlib.util
from dataclasses import replace

from ..errors import AclcError
from ..gcpause import gc_paused
from ..options import (  # noqa: F401  (CompileOptions and parse_continuation are used from here too)
    MAX_PORT, STRATEGIES, CompileOptions, compile_options, parse_continuation,
)
from ..pipeline import PORT_NAMES, ApplyActions, Continuation, GotoTable, Pipeline
from ..policy import Policy
from ..profiles import L4_PORTS, Profile, get_profile, targets_that
from .expand import rule_flow_count
from .priorities import assign_priorities
from .single import STRATEGY_PORT_ENCODING, lower_single
from .stateful import uses_connection_fields

DEFAULT_MAX_FLOWS = 100_000  # for the exact strategy, when max_flows is not given


def multi_available() -> bool:
    return importlib.util.find_spec("aclc.lower.multi") is not None


def compile_policy(policy: Policy, options: CompileOptions = CompileOptions()) -> Pipeline:
    """Lower ``policy`` for ``options.target``; refuses (AclcError) what the target cannot do faithfully."""
    with gc_paused():
        return _compile(policy, options)


def _compile(policy: Policy, options: CompileOptions) -> Pipeline:
    if options.target is None:
        raise AclcError("no target to compile for (give -t/--target)")
    profile = get_profile(options.target)
    options = options.resolved(profile)  # the priority range the options leave out: the profile's
    _check_options(options, profile)
    permit = options.permit or parse_continuation(profile.default_permit)
    _check_continuation_outputs(permit, profile)
    if uses_connection_fields(policy):  # connection state or TCP flags: aclc.lower.stateful
        from .stateful import lower_stateful

        pipeline = lower_stateful(policy, profile, options, permit)
        _check_tables(pipeline, permit, profile)
        return pipeline
    strategy, reason, plan = _strategy_choice(policy, profile, replace(options, permit=permit))
    resolved = replace(options, strategy=strategy, permit=permit)
    priorities = assign_priorities(policy, options.priority_base, options.priority_max)
    if strategy == "multi":
        from .multi import lower_multi

        pipeline = lower_multi(policy, profile, resolved, priorities, plan)
    else:
        pipeline = lower_single(policy, profile, resolved, priorities)
        if options.reduce:
            from .reduce import reduce_pipeline

            pipeline = reduce_pipeline(pipeline)
    _check_tables(pipeline, permit, profile)
    return replace(pipeline, strategy_reason=reason) if reason else pipeline


def _check_options(options: CompileOptions, profile: Profile) -> None:
    if options.strategy is not None and options.strategy not in STRATEGIES:
        raise AclcError(f"unknown strategy '{options.strategy}' (use one of: {', '.join(STRATEGIES)})")
    if options.priority_base < profile.min_priority:
        raise AclcError(
            f"priority base {options.priority_base} is below {profile.min_priority}, the lowest priority "
            f"target {profile.name} handles correctly"
            + (f" ({profile.min_priority_reason})" if profile.min_priority_reason else "")
        )
    if options.priority_max > profile.max_priority or options.priority_base >= options.priority_max:
        raise AclcError(
            f"priority range {options.priority_base}..{options.priority_max} must be increasing and "
            f"within {profile.min_priority}..{profile.max_priority}"
        )
    if not 0 <= options.table_base < profile.num_tables:
        raise AclcError(f"table base {options.table_base} is not a table of target {profile.name} "
                        f"(0..{profile.num_tables - 1})")
    if options.max_flows is not None and options.max_flows < 1:
        raise AclcError(f"max flows must be positive, not {options.max_flows}")


def _check_continuation_outputs(permit: Continuation, profile: Profile) -> None:
    for ins in permit.instructions:
        if isinstance(ins, ApplyActions):
            for out in ins.actions:
                if out.port == PORT_NAMES["NORMAL"] and not profile.has_normal:
                    raise AclcError(
                        f"target {profile.name} has no NORMAL port (it is not a hybrid switch), so "
                        f"permit '{permit.text}' cannot work; use --permit goto_table:N or output:PORT"
                    )
        elif isinstance(ins, GotoTable) and ins.table_id >= profile.num_tables:
            raise AclcError(f"permit '{permit.text}': target {profile.name} has tables 0..{profile.num_tables - 1}")


def _check_tables(pipeline: Pipeline, permit: Continuation, profile: Profile) -> None:
    owned = pipeline.owned_table_ids()
    if max(owned) >= profile.num_tables:
        raise AclcError(f"the ACL needs tables {min(owned)}..{max(owned)}, but target {profile.name} "
                        f"has tables 0..{profile.num_tables - 1}")
    for ins in permit.instructions:
        if isinstance(ins, GotoTable) and ins.table_id <= max(owned):
            raise AclcError(
                f"permit '{permit.text}' must go to a table after the ACL's own tables "
                f"{min(owned)}..{max(owned)} (OpenFlow only goes forward)"
            )


def choose_strategy(policy: Policy, profile: Profile, options: CompileOptions) -> str:
    """The strategy to use, after checking the flow count of a one-table strategy."""
    return strategy_choice(policy, profile, options)[0]


def strategy_choice(policy: Policy, profile: Profile, options: CompileOptions) -> tuple[str, str]:
    """The strategy to use and, when it was chosen by flow counts, why ("" otherwise).

    Where the profile honours port masks and no strategy is asked for, ``multi`` is
    chosen only when it needs fewer flows than ``single`` (both counted without building
    anything); ties and small ACLs stay ``single``."""
    return _strategy_choice(policy, profile, options)[:2]


def _strategy_choice(policy: Policy, profile: Profile, options: CompileOptions):
    """:func:`strategy_choice`, plus the multi-table plan (port classification) when
    counting made one, so that building ``multi`` does not classify the ports again."""
    if (options.strategy is None and profile.default_strategy == "single"
            and all(profile.honours_mask(f) for f in L4_PORTS) and multi_available()
            and not uses_connection_fields(policy)):
        from .multi import count_single_and_multi, plan_multi

        plan = plan_multi(policy, options.table_base)
        (single, largest), multi = count_single_and_multi(policy, profile, options, plan)
        if multi is not None and multi[0] < single:
            return "multi", (f"multi needs {multi[0]:,} flows ({' + '.join(map(str, multi[1]))}), "
                             f"fewer than single's {single:,}"), plan
        reason = (f"single needs {single:,} flows, multi "
                  + ("cannot be used" if multi is None else f"{multi[0]:,}"))
        if options.max_flows is not None and single > options.max_flows:
            _refuse_count(policy, profile, "single", single, largest, options.max_flows)
        return "single", reason, None
    return _chosen_strategy(policy, profile, options), "", None


def _chosen_strategy(policy: Policy, profile: Profile, options: CompileOptions) -> str:
    strategy = options.strategy or profile.default_strategy
    if strategy == "multi":
        if not multi_available():
            raise AclcError("the multi-table strategy is not available in this build")
        return strategy
    if strategy is not None:
        limit = options.max_flows if options.max_flows is not None else (
            DEFAULT_MAX_FLOWS if strategy == "exact" else None)
        if limit is not None:  # without a limit, building the table refuses what cannot be built
            total, largest = count_flows(policy, profile, strategy)
            if total > limit:
                _refuse_count(policy, profile, strategy, total, largest, limit)
        return strategy
    # Exact-only ports (Lagopus, strict OF 1.3): one exact table when it fits, else classify.
    limit = options.max_flows if options.max_flows is not None else DEFAULT_MAX_FLOWS
    total, largest = count_flows(policy, profile, "exact")
    if total <= limit:
        return "exact"
    if multi_available():
        return "multi"
    _refuse_count(policy, profile, "exact", total, largest, limit)
    raise AssertionError("unreachable")


def count_flows(policy: Policy, profile: Profile, strategy: str) -> tuple[int, tuple[int, int] | None]:
    """Flows a one-table strategy needs (rules plus the default), and the largest rule as
    (flows, rule index); counted from field sizes, nothing is built."""
    encoding = STRATEGY_PORT_ENCODING[strategy]
    total = 1
    largest: tuple[int, int] | None = None
    for rule in policy.rules:
        n = rule_flow_count(rule, profile, encoding)
        total += n
        if largest is None or n > largest[0]:
            largest = (n, rule.index)
    return total, largest


def _refuse_count(policy, profile, strategy, total, largest, limit) -> None:
    n, index = largest
    rule = policy.rules[index]
    masks = targets_that(lambda p: all(p.honours_mask(f) for f in L4_PORTS))
    way_out = ("use --strategy multi" + (f" or {masks}" if masks else "")) if strategy == "exact" \
        else "raise --max-flows"
    raise AclcError(
        f"strategy {strategy} for target {profile.name} needs {total:,} flows, more than the limit of "
        f"{limit:,} (--max-flows); this rule alone needs {n:,}; {way_out}",
        pos=rule.origin,
    )
