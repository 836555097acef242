"""The front end in one call: source file to Policies (parse, resolve, normalize).

Input limits (docs/cli-compile.md, "Input limits"): the bytes of all files read for an ACL
and its rules are bounded, so that an oversized input fails at once with a clear message
(exit 2) instead of exhausting memory. Defaults below; ``ACLC_MAX_BYTES`` / ``ACLC_MAX_RULES``
or the ``--max-bytes`` / ``--max-rules`` options change them, 0 lifts a limit.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import os
from dataclasses import dataclass
from pathlib import Path

from . import ast
from ..errors import AclcError
from ..gcpause import gc_paused
from .normalize import normalize as normalize_resolved
from ..policy import Policy
from .resolve import resolve_file, resolve_text


DEFAULT_MAX_BYTES = 32 * 1024 * 1024  # an imported 100k-rule ClassBench set is 17 MB
DEFAULT_MAX_RULES = 250_000


@dataclass(frozen=True)
class Limits:
    """Bounds on one load: None means no bound."""

    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_rules: int | None = DEFAULT_MAX_RULES


def _env_limit(name: str, default: int) -> int | None:
    text = os.environ.get(name)
    if text is None or text.strip() == "":
        return default
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        raise AclcError(f"{name}={text!r} is not a number (0 lifts the limit)") from None
    if value < 0:
        raise AclcError(f"{name}={text!r} must be 0 (no limit) or positive")
    return value or None


def limits_from_environment() -> Limits:
    return Limits(_env_limit("ACLC_MAX_BYTES", DEFAULT_MAX_BYTES), _env_limit("ACLC_MAX_RULES", DEFAULT_MAX_RULES))


_limits: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("aclc_limits", default=None)


def current_limits() -> Limits:
    """The limits set by :func:`limits` (the command line), else the environment's, else the defaults."""
    return _limits.get() or limits_from_environment()


@contextlib.contextmanager
def limits(max_bytes: int | None = None, max_rules: int | None = None):
    """Loads inside use these limits (None: keep the environment's or default one; 0: none)."""
    base = current_limits()
    chosen = Limits(base.max_bytes if max_bytes is None else (max_bytes or None),
                    base.max_rules if max_rules is None else (max_rules or None))
    token = _limits.set(chosen)
    try:
        yield chosen
    finally:
        _limits.reset(token)


def set_limits(max_bytes: int | None = None, max_rules: int | None = None):
    """Like :func:`limits` until the returned function is called (a command line's run)."""
    base = current_limits()
    token = _limits.set(Limits(base.max_bytes if max_bytes is None else (max_bytes or None),
                               base.max_rules if max_rules is None else (max_rules or None)))
    return lambda: _limits.reset(token)


def _rule_limit_message(where: str, count: int, limit: int, exact: bool) -> str:
    return (f"{where}: {'' if exact else 'at least '}{count:,} rules, more than the limit of {limit:,} "
            f"(--max-rules or ACLC_MAX_RULES; 0 lifts it)")


def _check_written_rules(resolved, limit: int | None) -> None:
    """Before normalizing: the rule statements as written (each becomes at least one rule)."""
    if limit is None:
        return
    for acl in resolved.acls:
        if len(acl.items) <= limit:  # each rule statement is an item: within the limit, no count needed
            continue
        written = sum(1 for item in acl.items if item.__class__ is ast.RuleStmt)
        if written > limit:
            raise AclcError(_rule_limit_message(f"acl {acl.name}", written, limit, False), acl.pos)


def _check_rules(policies: dict[str, Policy], resolved, limit: int | None) -> dict[str, Policy]:
    """After normalizing: the rules (a line naming several protocols is several rules); the
    rules the compiler adds itself (ARP, which carry the ACL's own position) are not counted."""
    if limit is not None:
        acl_pos = {acl.name: acl.pos for acl in resolved.acls}
        for policy in policies.values():
            if len(policy.rules) > limit:
                own = acl_pos.get(policy.name)
                written = [rule for rule in policy.rules if rule.origin != own]
                if len(written) > limit:
                    raise AclcError(_rule_limit_message(f"acl {policy.name}", len(written), limit, True),
                                    written[limit].origin)
    return policies


def _resolve_within_limits(path, definitions):
    bounds = current_limits()
    resolved = resolve_file(path, [Path(d) for d in definitions], max_bytes=bounds.max_bytes)
    _check_written_rules(resolved, bounds.max_rules)
    return resolved, bounds


def _to_oldest_generation() -> None:
    """Move every object the collector tracks to its oldest generation, without a scan.

    A load makes hundreds of thousands of objects with the collector paused; once it runs again,
    its first young-generation pass would walk all of them (a tenth of a second per 10k rules)
    to find no cycle. In the oldest generation they wait for a full collection like any
    long-lived object (gc.freeze moves them out of every generation, gc.unfreeze into the oldest)."""
    gc.freeze()
    gc.unfreeze()


def load_policies(path: str | Path, definitions=()) -> dict[str, Policy]:
    """Every ACL of a source file (with its includes and definitions), by name, in written order."""
    with gc_paused():
        resolved, bounds = _resolve_within_limits(path, definitions)
        policies = _check_rules(normalize_resolved(resolved), resolved, bounds.max_rules)
        _to_oldest_generation()
        return policies


def _pick(policies: dict[str, Policy], acl: str | None, where: str) -> Policy:
    if acl is not None:
        if acl not in policies:
            known = ", ".join(policies) or "none"
            raise AclcError(f"{where} has no acl named '{acl}' (it has: {known})")
        return policies[acl]
    if not policies:
        raise AclcError(f"{where} defines no acl")
    if len(policies) > 1:
        raise AclcError(f"{where} defines several acls ({', '.join(policies)}); name the one to use")
    return next(iter(policies.values()))


def load_policy(path: str | Path, acl: str | None = None, definitions=()) -> Policy:
    """The only ACL of a file, or the one named ``acl``."""
    return _pick(load_policies(path, definitions), acl, str(path))


def load_policy_and_sources(path: str | Path, acl: str | None = None, definitions=()
                            ) -> tuple[Policy, tuple[str, ...]]:
    """Like :func:`load_policy`, with every file read for it (includes and definitions too)."""
    with gc_paused():
        resolved, bounds = _resolve_within_limits(path, definitions)
        policy = _pick(_check_rules(normalize_resolved(resolved), resolved, bounds.max_rules), acl, str(path))
        _to_oldest_generation()
        return policy, resolved.files


def parse_policies_text(text: str, filename: str = "<string>", definitions=()) -> dict[str, Policy]:
    with gc_paused():
        return normalize_resolved(resolve_text(text, filename, [Path(d) for d in definitions]))


def parse_policy_text(text: str, filename: str = "<string>", acl: str | None = None) -> Policy:
    """A Policy from source text (tests, tools); includes are relative to ``filename``."""
    return _pick(parse_policies_text(text, filename), acl, filename)
