"""Target profiles: what each kind of switch really does with a flow table.

A profile is data, not code: which OXM fields the switch honours a mask on,
which priorities it handles correctly, how many tables it has, and whether it
has the NORMAL port. Lowering consults it so it never emits a match the switch
would read differently from the way aclc means it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AclcError

# Fields whose masks every OpenFlow 1.3 switch must honour (OF 1.3.5 spec, 7.2.3.7,
# table 12, column "Maskable": yes): addresses, metadata, and a few others.
_SPEC_MASKABLE = frozenset({
    "metadata", "eth_src", "eth_dst", "vlan_vid",
    "ipv4_src", "ipv4_dst", "ipv6_src", "ipv6_dst", "ipv6_flabel",
    "arp_spa", "arp_tpa", "arp_sha", "arp_tha",
    "pbb_isid", "tunnel_id", "ipv6_exthdr",
})
L4_PORTS = frozenset({"tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst"})

# OXM field-number order (OF 1.3.5 spec, 7.2.3.7, table 11): how a switch that lists a flow's
# match "as numbered" reports it in flow-stats replies.
OXM_NUMBER_ORDER = (
    "in_port", "metadata", "eth_dst", "eth_src", "eth_type", "vlan_vid",
    "ip_dscp", "ip_ecn", "ip_proto", "ipv4_src", "ipv4_dst",
    "tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst",
    "icmpv4_type", "icmpv4_code", "arp_op", "arp_spa", "arp_tpa",
    "ipv6_src", "ipv6_dst", "icmpv6_type", "icmpv6_code",
)
# The order Open vSwitch 3.1 reports match fields in (measured with the Ryu switch test tool,
# which compares its flow dump with what it sent, as text).
OVS_REPORT_ORDER = (
    "in_port", "eth_dst", "eth_src", "eth_type", "vlan_vid",
    "ipv4_src", "ipv4_dst", "ipv6_src", "ipv6_dst", "ip_dscp", "ip_ecn", "ip_proto",
    "tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst",
    "icmpv4_type", "icmpv4_code", "icmpv6_type", "icmpv6_code",
    "arp_op", "arp_spa", "arp_tpa", "metadata",
)


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    maskable: frozenset[str]  # OXM fields whose masks the switch really honours
    min_priority: int  # lowest priority that behaves like any other
    max_priority: int
    num_tables: int  # table ids 0 .. num_tables - 1
    has_normal: bool  # output:NORMAL exists (hybrid switch)
    default_permit: str  # what ``permit`` continues with unless told otherwise
    default_strategy: str | None  # None: exact when it fits, else multi
    # The order the switch lists match fields in flow-stats replies.
    reported_field_order: tuple[str, ...] = OXM_NUMBER_ORDER
    # A flow added over an existing one (same table, priority, match) keeps the old cookie
    # and counters instead of being replaced whole as OF 1.3 section 6.4 says.
    replace_keeps_cookie: bool = False
    # Lower-case prefixes of the OFPMP_DESC manufacturer or datapath description by which
    # the switch is recognised; empty: never chosen from a description.
    recognised_by: tuple[str, ...] = ()
    # Connection tracking: the Nicira ct action (recirculation, commit) and ct_state matches.
    has_conntrack: bool = False
    # A masked match on the TCP flags (Open vSwitch's tcp_flags extension).
    has_tcp_flags: bool = False
    # Why priorities below min_priority do not work (said when an option asks for one).
    min_priority_reason: str = ""

    def honours_mask(self, oxm_field: str) -> bool:
        return oxm_field in self.maskable


PROFILES = {
    # Open vSwitch 3.1: masked tcp/udp/sctp ports are an accepted and honoured extension
    # beyond the spec (docs/lagopus.md, "Open vSwitch, for comparison"); hybrid switch with
    # NORMAL; priorities 0..65535 (lowering still starts at priority_base >= 1).
    "ovs": Profile(
        name="ovs",
        description="Open vSwitch (masked L4 ports honoured, NORMAL available)",
        maskable=_SPEC_MASKABLE | L4_PORTS,
        min_priority=0,
        max_priority=65535,
        num_tables=255,
        has_normal=True,
        default_permit="NORMAL",
        default_strategy="single",
        reported_field_order=OVS_REPORT_ORDER,
        # OFPMP_DESC of Open vSwitch: manufacturer "Nicira, Inc.", hardware "Open vSwitch".
        recognised_by=("nicira", "open vswitch"),
        # ct(), ct_state and tcp_flags (masked) are Open vSwitch extensions, in the kernel
        # and in the userspace datapath.
        has_conntrack=True,
        has_tcp_flags=True,
    ),
    # Lagopus 0.2.x (docs/lagopus.md):
    # - fact 1: masked L4 ports are accepted and silently ignored; ICMP type/code, ip_proto,
    #   DSCP/ECN are exact-only; masks are honoured on metadata, eth_src/dst, vlan_vid,
    #   ipv4/ipv6 addresses, arp_spa/tpa/sha/tha, ipv6_flabel, pbb_isid, tunnel_id, ipv6_exthdr.
    # - fact 2: a priority-0 flow with an IPv4 address match never matches: min priority 1.
    # - fact 4: 255 tables, goto_table and masked metadata work (tested with traffic).
    # - "What its users ran into" #76/#97: no NORMAL port (needs a hybrid build).
    "lagopus": Profile(
        name="lagopus",
        description="Lagopus (exact-only L4 ports, ICMP and ip_proto; priority >= 1; no NORMAL)",
        maskable=_SPEC_MASKABLE,
        min_priority=1,
        max_priority=65535,
        num_tables=255,
        has_normal=False,
        default_permit="goto_table:100",
        default_strategy=None,
        # facts 7 and 8: the old cookie survives a replace; replies list fields in OXM order.
        reported_field_order=OXM_NUMBER_ORDER,
        replace_keeps_cookie=True,
        min_priority_reason="Lagopus never matches a priority-0 flow with an IPv4 address",
        # src/dataplane/mgr/desc.c: manufacturer "Lagopus project", "Lagopus dataplane ...".
        recognised_by=("lagopus",),
    ),
    # Strict OpenFlow 1.3 (OF 1.3.5 spec 7.2.3.7, table 12): tcp/udp/sctp ports, ip_proto
    # and ICMP type/code are not maskable; NORMAL is optional (7.2.1, "optional" ports), so
    # a portable pipeline must not rely on it.
    "of13": Profile(
        name="of13",
        description="Strict OpenFlow 1.3 (only spec-maskable fields masked, no NORMAL)",
        maskable=_SPEC_MASKABLE,
        min_priority=0,
        max_priority=65535,
        num_tables=255,
        has_normal=False,
        default_permit="goto_table:100",
        default_strategy=None,
    ),
}


# The target of aclc compile (and the others) when -t is not given.
DEFAULT_TARGET = "lagopus"


def target_help() -> str:
    """One line per known target for --help: its name and description."""
    return "; ".join(f"{p.name}: {p.description}" for p in PROFILES.values())


def targets_that(test) -> str:
    """``--target a`` (``--target a or --target b``...): the profiles for which ``test(profile)``
    holds, as an error message's way out; empty when none does."""
    return " or ".join(f"--target {p.name}" for p in PROFILES.values() if test(p))


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise AclcError(f"unknown target '{name}' (known targets: {known})") from None
