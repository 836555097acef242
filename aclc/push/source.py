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
    target: str = "ovs"
    strategy: str | None = None
    permit: str | None = None
    priority_base: int | None = None
    priority_max: int | None = None
    max_flows: int | None = None


def load(acl_file: str | Path, acl: str | None, definitions, request: CompileRequest
         ) -> tuple[Policy, Callable[[int], Pipeline]]:
    from ..frontend import load_policy

    policy = load_policy(acl_file, acl, [Path(d) for d in definitions])
    return policy, compiler_for(policy, request)


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
