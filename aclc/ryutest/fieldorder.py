"""Which switch a test file is for, and the order that switch lists match fields in.

The switch tester compares the flows it reads back with what it sent, as text,
so a test file's match fields must be in the order its target switch reports
them (``Profile.reported_field_order``: Open vSwitch its own order, Lagopus
OXM field-number order). Every file aclc writes names its target in its
description, as ``[target/strategy]``, so a check without the compile options
knows which order applies.
"""

from __future__ import annotations

import re

from ..profiles import PROFILES, get_profile

_SCOPE = re.compile(r"\[(?P<target>[A-Za-z0-9_-]+)/(?P<strategy>[A-Za-z0-9_-]+)\]")


def field_order(target: str) -> tuple[str, ...]:
    """The order switch ``target`` lists match fields in its flow-stats replies."""
    return get_profile(target).reported_field_order


def field_rank(target: str) -> dict[str, int]:
    return {name: i for i, name in enumerate(field_order(target))}


def scope(target: str, strategy: str) -> str:
    """How a file description names its target and strategy."""
    return f"[{target}/{strategy}]"


def target_of(description: str) -> str | None:
    """The known target a file description names, or None."""
    for found in _SCOPE.finditer(description):
        if found["target"] in PROFILES:
            return found["target"]
    return None
