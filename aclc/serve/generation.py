"""What ``aclc serve`` installs: each ACL parsed once, compiled per target, and proven.

A reload re-reads only the sources whose files changed (compared by content), and
nothing it produces is used unless every source parses, compiles and is proven
equivalent to its ACL: the same front end, compiler and verifier as ``aclc compile``
and ``aclc verify``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import AclcError, CheckFailed
from ..pipeline import Pipeline
from ..policy import Policy
from .config import AclSource


@dataclass(frozen=True)
class Loaded:
    source: AclSource
    policy: Policy
    files: tuple[str, ...]  # every file read for it (includes and definitions too)
    digests: tuple[tuple[str, str | None], ...]  # (file, sha256) as read

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha256(repr(self.source).encode())
        for path, digest in self.digests:
            h.update(f"{path}\0{digest}\0".encode())
        return h.hexdigest()[:16]


@dataclass(frozen=True)
class Compiled:
    loaded: Loaded
    target: str
    compile_for_base: Callable[[int], Pipeline]
    flows: int
    proof: str  # how the pipeline was proven equivalent to the ACL

    @property
    def policy(self) -> Policy:
        return self.loaded.policy

    @property
    def fingerprint(self) -> str:
        return f"{self.loaded.fingerprint}-{self.target}"


def file_digest(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(loaded: Loaded) -> bool:
    """Whether every file read for ``loaded`` still has the content it had."""
    return all(file_digest(path) == digest for path, digest in loaded.digests)


def load_source(source: AclSource, attempts: int = 3) -> Loaded:
    """Parse the ACL; a file that changes while it is read is read again."""
    from ..commands.common import load_policy_and_sources

    known = [source.acl_file, *source.definitions]
    for _ in range(attempts):
        before = {path: file_digest(path) for path in known}
        policy, files = load_policy_and_sources(source.acl_file, source.acl, source.definitions)
        files = tuple(dict.fromkeys([*map(str, files), *source.definitions]))
        digests = tuple((path, file_digest(path)) for path in files)
        if all(before[path] == digest for path, digest in digests if path in before):
            return Loaded(source, policy, files, digests)
        known = list(files)
    raise AclcError(f"{source.acl_file}: kept changing while it was read; try again")


def compile_and_prove(loaded: Loaded, target: str) -> Compiled:
    """Compile for both banks of ``target`` and prove the result decides like the ACL."""
    from ..push import layout
    from ..push.source import compiler_for
    from ..semantics.verify import verify

    s = loaded.source
    compile_for_base = compiler_for(loaded.policy, s.options(target))
    pipelines = []
    for bank in (0, 1):
        pipeline = compile_for_base(layout.bank_start(bank))
        layout.check_fits(pipeline, bank)
        pipelines.append(pipeline)
    # Bank 1 is the same compilation with its tables numbered from 50: proving bank 0 proves both.
    result = verify(loaded.policy, pipelines[0])
    if not result.ok:
        raise CheckFailed(f"{s.label}: the flows compiled for -t {target} do not decide like the ACL "
                          "(a compiler bug; nothing is installed)", detail=result.describe())
    return Compiled(loaded, target, compile_for_base, pipelines[0].flow_count,
                    str(result.stats.get("method", "proven")))
