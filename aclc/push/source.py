"""From an ACL file and compile options to ``compile_for_base(first_table) -> Pipeline``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import AclcError
from ..pipeline import Pipeline
from ..policy import Policy


@dataclass(frozen=True)
class CompileRequest:
    target: str | None = None  # None: chosen once the switch has said what it is
    strategy: str | None = None
    permit: str | None = None
    priority_base: int | None = None
    priority_max: int | None = None
    max_flows: int | None = None


def load(acl_file: str | Path, acl: str | None, definitions, request: CompileRequest
         ) -> tuple[Policy, Callable[[int], Pipeline] | None]:
    """The policy, and its compiler when the request names a target (else None: see
    :func:`check_options` and :func:`compiler_for` once the target is known)."""
    from ..frontend import load_policy

    policy = load_policy(acl_file, acl, [Path(d) for d in definitions])
    if request.target is None:
        check_options(request)
        return policy, None
    return policy, compiler_for(policy, request)


def check_options(request: CompileRequest) -> None:
    """What can be checked in the compile options before the target is known (before any
    switch is asked what it is): the permit continuation, the priority range, the flow limit."""
    from ..lower import parse_continuation
    from ..pipeline import GotoTable
    from . import layout

    if request.permit is not None:
        for ins in parse_continuation(request.permit).instructions:
            if isinstance(ins, GotoTable) and ins.table_id < layout.FIRST_FREE_TABLE:
                raise AclcError(
                    f"permit continues at goto_table:{ins.table_id}, inside the tables aclc owns on a switch "
                    f"(0 and 10-89, docs/push.md); use a table from {layout.FIRST_FREE_TABLE} up "
                    "(--permit goto_table:100)")
    base = 1 if request.priority_base is None else request.priority_base
    top = 65535 if request.priority_max is None else request.priority_max
    if not 0 <= base < top <= 65535:
        raise AclcError(f"priority range {base}..{top} must be increasing and within 0..65535")
    if request.max_flows is not None and request.max_flows < 1:
        raise AclcError(f"max flows must be positive, not {request.max_flows}")


def compiler_for(policy: Policy, request: CompileRequest) -> Callable[[int], Pipeline]:
    try:
        from ..lower import CompileOptions, compile_policy, parse_continuation
    except ImportError as e:  # the compiler is part of the package; this is an install problem
        raise AclcError(f"the compiler is not available in this installation ({e})") from None
    from ..profiles import get_profile

    get_profile(request.target)  # unknown targets fail here, before any switch is touched
    kwargs = {"target": request.target, "strategy": request.strategy}
    if request.permit is not None:
        kwargs["permit"] = parse_continuation(request.permit)
    for name in ("priority_base", "priority_max", "max_flows"):
        if getattr(request, name) is not None:
            kwargs[name] = getattr(request, name)
    cache: dict[int, Pipeline] = {}

    def compile_for_base(base: int) -> Pipeline:
        if base not in cache:
            cache[base] = compile_policy(policy, CompileOptions(**kwargs, table_base=base))
        return cache[base]

    return compile_for_base
