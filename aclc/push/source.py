"""From an ACL file and compile options (:class:`aclc.options.CompileOptions`, the target
possibly not known yet) to ``compile_for_base(first_table) -> Pipeline``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..errors import AclcError
from ..options import CompileOptions, priority_bounds
from ..pipeline import Pipeline
from ..policy import Policy


def load(acl_file: str | Path, acl: str | None, definitions, options: CompileOptions
         ) -> tuple[Policy, Callable[[int], Pipeline] | None]:
    """The policy, and its compiler when the options name a target (else None: see
    :func:`check_options` and :func:`compiler_for` once the target is known)."""
    from ..frontend import load_policy

    policy = load_policy(acl_file, acl, [Path(d) for d in definitions])
    if options.target is None:
        check_options(options)
        return policy, None
    return policy, compiler_for(policy, options)


def check_options(options: CompileOptions) -> None:
    """What can be checked in the compile options before the target is known (before any
    switch is asked what it is): the permit continuation, and the priority range against the
    widest range any known target handles."""
    from ..pipeline import GotoTable
    from . import layout

    if options.permit is not None:
        for ins in options.permit.instructions:
            if isinstance(ins, GotoTable) and ins.table_id < layout.FIRST_FREE_TABLE:
                raise AclcError(
                    f"permit continues at goto_table:{ins.table_id}, inside the tables aclc owns on a switch "
                    f"(0 and 10-89, docs/push.md); use a table from {layout.FIRST_FREE_TABLE} up "
                    "(--permit goto_table:100)")
    low, high = priority_bounds()
    base = max(1, low) if options.priority_base is None else options.priority_base
    top = high if options.priority_max is None else options.priority_max
    if not low <= base < top <= high:
        raise AclcError(f"priority range {base}..{top} must be increasing and within {low}..{high}")
    if options.max_flows is not None and options.max_flows < 1:
        raise AclcError(f"max flows must be positive, not {options.max_flows}")


def compiler_for(policy: Policy, options: CompileOptions) -> Callable[[int], Pipeline]:
    """``compile_for_base(first_table)``: ``options`` compiled with their tables from that one."""
    try:
        from ..lower import compile_policy
    except ImportError as e:  # the compiler is part of the package; this is an install problem
        raise AclcError(f"the compiler is not available in this installation ({e})") from None
    from ..profiles import get_profile

    get_profile(options.target)  # unknown targets fail here, before any switch is touched
    cache: dict[int, Pipeline] = {}

    def compile_for_base(base: int) -> Pipeline:
        if base not in cache:
            cache[base] = compile_policy(policy, replace(options, table_base=base))
        return cache[base]

    return compile_for_base
