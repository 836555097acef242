"""Datapath ids as people write them, for --dpid and serve's configuration."""

from __future__ import annotations

import re


def dpid_value(text: str) -> int:
    """A datapath id written ``0x1``, ``1`` or ``00:00:00:00:00:00:00:01``; ValueError says why not."""
    # ASCII only: int() would also take '1_0' and other scripts' digits.
    if re.fullmatch(r"[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2})+", text):
        value = int("".join(f"{int(part, 16):02x}" for part in text.split(":")), 16)
    elif re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
        value = int(text, 16)
    elif re.fullmatch(r"[0-9]+", text):
        value = int(text)
    else:
        raise ValueError("is not a datapath id (0x1, 1 or 00:00:00:00:00:00:00:01)")
    if not 0 <= value < 1 << 64:
        raise ValueError("is out of range")
    return value
