"""Rules the parser reads whole are built by normalize's own short form of the Rule constructor:
the same Rule, field for field and in the same order, as the general constructor builds."""

from __future__ import annotations

from aclc.errors import SourcePos
from aclc.frontend import normalize
from aclc.policy import Action, PortRange, Prefix


def test_the_short_form_builds_the_rule_the_constructor_builds():
    assert normalize._plain_rule is normalize._plain_rule_fast  # Rule's fields are the ones it sets
    origin = SourcePos("a.acl", 3, 5)
    for part in [(0x0800, 6, (Prefix(0x0A000000, 8, 32),), None, (PortRange(53, 53),), None, None, None),
                 (0x0800, None, None, (Prefix(0x01020304, 32, 32),), None, None, None, None)]:
        for remark in (None, "web servers"):
            fast = normalize._plain_rule_fast(7, Action.DENY, origin, part, remark)
            general = normalize._plain_rule_general(7, Action.DENY, origin, part, remark)
            assert fast == general and hash(fast) == hash(general) and repr(fast) == repr(general)
            assert list(vars(fast).items()) == list(vars(general).items())
