"""Compile options: the one shape every command (compile, verify, check, push, stats) and
``aclc serve`` hands to the compiler, built by one factory, :func:`compile_options`.

    options = compile_options(target="ovs", permit="goto_table:100")
    compile_policy(policy, options)

Whatever is left out (None) is the target profile's choice (:mod:`aclc.profiles`): its
strategy, its permit continuation and its priority range. ``target`` itself may be None
while it is not known yet (a push chooses it once the switch says what it is); compiling
needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .errors import AclcError
from .pipeline import CONTROLLER_MAX_LEN, PORT_NAMES, ApplyActions, Continuation, GotoTable, Output
from .profiles import DEFAULT_TARGET, PROFILES, Profile
STRATEGIES = ("single", "exact", "multi")
MAX_PORT = 0xFFFFFF00  # OFPP_MAX: the last physical port number
# The default flow's priority is never 0 unless told: a priority-0 flow is the table-miss
# flow in OpenFlow, and some switches (Lagopus) handle it unlike any other (profiles.py).
_LOWEST_DEFAULT_BASE = 1


@dataclass(frozen=True)
class CompileOptions:
    target: str | None = DEFAULT_TARGET  # a profile name; None: not known yet (push, serve auto)
    strategy: str | None = None  # None: the profile's choice (ovs single; else exact if it fits, else multi)
    permit: Continuation | None = None  # None: the profile's default (ovs NORMAL, else goto_table:100)
    priority_base: int | None = None  # the default flow's priority; rules sit above it. None: the profile's
    priority_max: int | None = None  # the highest priority used. None: the profile's highest
    max_flows: int | None = None  # None: 100000 for exact, no limit for single
    table_base: int = 0  # the ACL's first (entry) table
    # Flow reduction (aclc.lower.reduce) for strategy single. Off by default: on the ClassBench
    # 10k sets it saves 0.5-5% of the flows for about 1.7x the compile time.
    reduce: bool = False

    def for_target(self, target: str) -> "CompileOptions":
        return replace(self, target=target)

    def priority_range(self, profile: Profile) -> tuple[int, int]:
        """(base, max) with what was left out taken from ``profile``."""
        base = self.priority_base
        if base is None:
            base = max(_LOWEST_DEFAULT_BASE, profile.min_priority)
        top = profile.max_priority if self.priority_max is None else self.priority_max
        return base, top

    def resolved(self, profile: Profile) -> "CompileOptions":
        """These options with the priority range filled in from ``profile``."""
        base, top = self.priority_range(profile)
        return replace(self, priority_base=base, priority_max=top)


def compile_options(target: str | None = DEFAULT_TARGET, strategy: str | None = None, permit: str | None = None,
                    priority_base: int | None = None, priority_max: int | None = None,
                    max_flows: int | None = None, table_base: int | None = 0,
                    reduce: bool = False) -> CompileOptions:
    """Compile options from the values a user gave (command line or YAML), checked for what can
    be checked without a policy: a known target and strategy, a permit continuation that
    parses, a positive flow limit. An AclcError names the option."""
    if target is not None and target not in PROFILES:
        raise AclcError(f"unknown target '{target}' (known targets: {', '.join(PROFILES)})")
    if strategy is not None and strategy not in STRATEGIES:
        raise AclcError(f"unknown strategy '{strategy}' (use one of: {', '.join(STRATEGIES)})")
    if max_flows is not None and max_flows < 1:
        raise AclcError(f"max flows must be positive, not {max_flows}")
    return CompileOptions(
        target=target, strategy=strategy,
        permit=parse_continuation(permit) if permit is not None else None,
        priority_base=priority_base, priority_max=priority_max, max_flows=max_flows,
        table_base=0 if table_base is None else table_base, reduce=reduce,
    )


def priority_bounds() -> tuple[int, int]:
    """The widest priority range any known target handles: what can be checked before the
    target is known."""
    return (min(p.min_priority for p in PROFILES.values()), max(p.max_priority for p in PROFILES.values()))


def parse_continuation(text: str) -> Continuation:
    """``goto_table:N``, ``output:PORT`` (a number or a reserved port name), ``NORMAL``
    or ``CONTROLLER``."""
    spec = text.strip()
    upper = spec.upper()
    if upper in ("NORMAL", "CONTROLLER"):
        return Continuation((ApplyActions((_output(upper),)),), upper)
    m = re.fullmatch(r"(goto_table|output):\s*(\S+)", spec, re.IGNORECASE)
    if not m:
        raise AclcError(
            f"bad permit continuation '{text}' (expected goto_table:N, output:PORT, NORMAL or CONTROLLER)"
        )
    kind, arg = m.group(1).lower(), m.group(2)
    if kind == "goto_table":
        if not _is_number(arg) or not 0 <= int(arg) <= 254:
            raise AclcError(f"bad table in '{text}': a table id is 0..254")
        table = int(arg)
        return Continuation((GotoTable(table),), f"goto_table:{table}")
    if arg.upper() in PORT_NAMES:
        return Continuation((ApplyActions((_output(arg.upper()),)),), f"output:{arg.upper()}")
    if not _is_number(arg) or not 1 <= int(arg) <= MAX_PORT:
        raise AclcError(f"bad port in '{text}': a port is 1..{MAX_PORT} or one of {', '.join(PORT_NAMES)}")
    return Continuation((ApplyActions((Output(int(arg)),)),), f"output:{int(arg)}")


def _is_number(text: str) -> bool:
    # str.isdigit() is also true for '²' and '٥', which int() reads differently or not at all.
    return text.isascii() and text.isdigit()


def _output(name: str) -> Output:
    port = PORT_NAMES[name]
    return Output(port, CONTROLLER_MAX_LEN if name == "CONTROLLER" else 0)
