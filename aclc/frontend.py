"""The front end in one call: source file to Policies (parse, resolve, normalize)."""

from __future__ import annotations

from pathlib import Path

from .errors import AclcError
from .gcpause import gc_paused
from .normalize import normalize
from .policy import Policy
from .resolve import resolve_file, resolve_text


def load_policies(path: str | Path, definitions=()) -> dict[str, Policy]:
    """Every ACL of a source file (with its includes and definitions), by name, in written order."""
    with gc_paused():
        return normalize(resolve_file(path, [Path(d) for d in definitions]))


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
        resolved = resolve_file(path, [Path(d) for d in definitions])
        return _pick(normalize(resolved), acl, str(path)), resolved.files


def parse_policies_text(text: str, filename: str = "<string>", definitions=()) -> dict[str, Policy]:
    with gc_paused():
        return normalize(resolve_text(text, filename, [Path(d) for d in definitions]))


def parse_policy_text(text: str, filename: str = "<string>", acl: str | None = None) -> Policy:
    """A Policy from source text (tests, tools); includes are relative to ``filename``."""
    return _pick(parse_policies_text(text, filename), acl, filename)
