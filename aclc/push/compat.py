"""Which switch answers, which profile describes it, and whether it would run the compiled
flows as compiled.

A pipeline compiled for one target can rely on encodings another switch accepts over
OpenFlow without complaint and then gets wrong (docs/lagopus.md): masked TCP/UDP/SCTP ports
on Lagopus (the mask is ignored, so a narrow permit lets every port through), output to
NORMAL on a switch without it, a priority below the lowest one the switch handles like any
other. A push asks the switch what it is (OFPMP_DESC), picks the profile whose
``recognised_by`` prefixes match (aclc/profiles.py), and refuses, before it sends anything,
flows that profile says the switch would run differently.

Lagopus fills the reply in src/dataplane/mgr/desc.c: manufacturer "Lagopus project", datapath
description "Lagopus dataplane <version> (...)"; its hardware and software descriptions are
dmidecode and uname output, which name the machine rather than the switch, so only the
manufacturer and the datapath description are used to recognise a switch.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AclcError
from ..pipeline import PORT_NAMES, ApplyActions, FlowEntry, Pipeline, cookie_rule
from ..profiles import L4_PORTS, PROFILES, Profile

_NO_TEXT = ("", "none", "n/a")


def _text(raw) -> str:
    if isinstance(raw, bytes):
        raw = raw.split(b"\0", 1)[0].decode("ascii", "replace")
    return " ".join(str(raw).split())  # one line, whatever the switch put there


@dataclass(frozen=True)
class SwitchDescription:
    """The OFPMP_DESC reply: manufacturer, hardware, software, serial number, datapath."""

    manufacturer: str
    hardware: str
    software: str
    serial: str
    datapath: str

    @classmethod
    def from_reply(cls, body) -> "SwitchDescription":
        return cls(*(_text(getattr(body, name)) for name in
                     ("mfr_desc", "hw_desc", "sw_desc", "serial_num", "dp_desc")))

    @property
    def profile(self) -> Profile | None:
        """The profile whose ``recognised_by`` prefixes the manufacturer or the datapath
        description starts with (the first such profile), or None."""
        return recognise(self)

    def __str__(self) -> str:
        # The datapath description names the switch where it says something (Lagopus); else the
        # hardware description does (Open vSwitch: "Open vSwitch", datapath "None").
        datapath = self.datapath if self.datapath.lower() not in _NO_TEXT else self.hardware
        parts = [self.manufacturer, datapath, self.software]
        return " / ".join(p for p in parts if p and p.lower() not in _NO_TEXT) or "(no description)"


def recognise(description: SwitchDescription | None) -> Profile | None:
    if description is None:
        return None
    said = (description.manufacturer.lower(), description.datapath.lower())
    for profile in PROFILES.values():
        if any(text.startswith(prefix) for prefix in profile.recognised_by for text in said):
            return profile
    return None


def display_name(profile: Profile) -> str:
    """``Lagopus``, ``Open vSwitch``: the profile description up to its parenthesis."""
    return profile.description.split(" (", 1)[0].strip() or profile.name


@dataclass(frozen=True)
class TargetChoice:
    """The profile a push compiles for, and the line saying why (printed on stderr)."""

    target: str
    reason: str


def choose_target(requested: str | None, description: SwitchDescription | None, fallback: str) -> TargetChoice:
    """``-t`` when given; else the profile that recognises the switch; else ``fallback``."""
    found = recognise(description)
    said = "no description" if description is None else f"'{description}'"
    if requested is not None:
        note = ""
        if found is not None and found.name != requested:
            note = f"; the switch says {said}, which profile {found.name} recognises"
        return TargetChoice(requested, f"target {requested}: given with -t{note}")
    if found is not None:
        return TargetChoice(found.name, f"target {found.name}: the switch says {said}, which profile "
                                        f"{found.name} recognises (give -t to choose another)")
    return TargetChoice(fallback, f"target {fallback}: the switch ({said}) matches no profile, so the "
                                  f"default of aclc compile is used (give -t to choose another)")


def unfaithful(pipeline: Pipeline, profile: Profile) -> tuple[FlowEntry, str] | None:
    """The first flow a switch described by ``profile`` would run differently from the way it
    was compiled, and why; read from the profile's data (masks honoured, priority range,
    NORMAL port)."""
    name = display_name(profile)
    for flow in pipeline.flows():
        for m in flow.match:
            if m.mask is not None and not profile.honours_mask(m.field):
                if m.field in L4_PORTS:
                    return flow, (f"a masked {m.field} ({m.value:#x}/{m.mask:#x}), which {name} accepts and then "
                                  "ignores, so the flow would match every port")
                return flow, f"a mask on {m.field}, which {name} does not honour"
        if flow.priority < profile.min_priority:
            ipv4 = any(m.field in ("ipv4_src", "ipv4_dst") for m in flow.match)
            return flow, (f"priority {flow.priority}{' with an IPv4 address match' if ipv4 else ''}, below "
                          f"{profile.min_priority}, the lowest priority {name} handles like any other")
        if flow.priority > profile.max_priority:
            return flow, f"priority {flow.priority}, above {profile.max_priority}, the highest {name} has"
        if not profile.has_normal:
            for ins in flow.instructions:
                if isinstance(ins, ApplyActions) and any(a.port == PORT_NAMES["NORMAL"] for a in ins.actions):
                    return flow, f"output to NORMAL, and {name} has no NORMAL port (permit NORMAL needs a hybrid switch)"
    return None


def refuse_if_unfaithful(pipeline: Pipeline, profile: Profile, why: str) -> None:
    """Raise (exit 2, the ACL line named) when ``pipeline`` is not what a switch described by
    ``profile`` would run; ``why`` says how the switch was recognised."""
    found = unfaithful(pipeline, profile)
    if found is None:
        return
    flow, reason = found
    policy = pipeline.policy
    rule = cookie_rule(flow.cookie)
    pos = policy.origin_of(rule) if policy is not None and rule is not None and rule < len(policy.rules) else None
    whose = "the default flow" if rule is None else f"rule {rule + 1}"
    raise AclcError(
        f"{why}, and the flows compiled for -t {pipeline.target} use {reason} ({whose}); "
        f"compile for this switch with -t {profile.name}. Nothing was changed", pos)
