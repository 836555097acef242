"""Which switch answers, and whether it would run the compiled flows as compiled.

A pipeline compiled for ``-t ovs`` relies on encodings Lagopus accepts over
OpenFlow without complaint and then gets wrong (docs/lagopus.md): masked
TCP/UDP/SCTP ports (the mask is ignored, so a narrow permit lets every port
through), output to NORMAL (no such port), a priority-0 flow with an IPv4
address match (never matches). A push must refuse such a pipeline before it
sends anything, so it asks the switch what it is (OFPMP_DESC).

Lagopus fills the reply in src/dataplane/mgr/desc.c: manufacturer "Lagopus
project", datapath description "Lagopus dataplane <version> (...)"; its
hardware and software descriptions are dmidecode and uname output, which name
the machine rather than the switch, so they are not used to recognise it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AclcError
from ..pipeline import PORT_NAMES, ApplyActions, FlowEntry, Pipeline, cookie_rule
from ..profiles import get_profile

_L4_PORTS = frozenset({"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"})
_IPV4_ADDRESSES = frozenset({"ipv4_src", "ipv4_dst"})


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
    def is_lagopus(self) -> bool:
        return (self.manufacturer.lower().startswith("lagopus")
                or self.datapath.lower().startswith("lagopus"))

    def __str__(self) -> str:
        parts = [self.manufacturer, self.datapath if self.is_lagopus else self.hardware, self.software]
        return " / ".join(p for p in parts if p) or "(no description)"


def lagopus_problem(pipeline: Pipeline) -> tuple[FlowEntry, str] | None:
    """The first flow Lagopus would run differently from the way it was compiled, and why."""
    profile = get_profile("lagopus")
    for flow in pipeline.flows():
        for m in flow.match:
            if m.mask is not None and not profile.honours_mask(m.field):
                if m.field in _L4_PORTS:
                    return flow, (f"a masked {m.field} ({m.value:#x}/{m.mask:#x}), which Lagopus accepts and then "
                                  "ignores, so the flow would match every port")
                return flow, f"a mask on {m.field}, which Lagopus does not honour"
        if flow.priority < profile.min_priority and any(m.field in _IPV4_ADDRESSES for m in flow.match):
            return flow, f"priority {flow.priority} with an IPv4 address match, which never matches on Lagopus"
        for ins in flow.instructions:
            if isinstance(ins, ApplyActions) and any(a.port == PORT_NAMES["NORMAL"] for a in ins.actions):
                return flow, "output to NORMAL, and Lagopus has no NORMAL port (permit NORMAL is for Open vSwitch)"
    return None


def refuse_if_unfaithful_on_lagopus(pipeline: Pipeline, why_lagopus: str) -> None:
    """Raise (exit 2, the ACL line named) when ``pipeline`` is not what Lagopus would run."""
    found = lagopus_problem(pipeline)
    if found is None:
        return
    flow, reason = found
    policy = pipeline.policy
    rule = cookie_rule(flow.cookie)
    pos = policy.origin_of(rule) if policy is not None and rule is not None and rule < len(policy.rules) else None
    whose = "the default flow" if rule is None else f"rule {rule + 1}"
    raise AclcError(
        f"{why_lagopus}, and the flows compiled for -t {pipeline.target} use {reason} ({whose}); "
        "compile for this switch with -t lagopus. Nothing was changed", pos)
