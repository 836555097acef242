"""iptables-save / ip6tables-save output to aclc: parser, chain inliner and an independent evaluator.

Only the ``*filter`` table is read. One built-in chain (FORWARD unless told
otherwise) becomes the ACL; the user chains it jumps to are inlined exactly:

- a rule ``-j CHAIN`` matching M: C's rules are flattened under M; a packet
  that comes back from C (``-j RETURN`` or the end of C) continues with the
  rules after the jump, so that continuation is written out again under the
  context in which C returned (first match makes each block decide every
  packet of its context, so no negation is needed);
- ``-g CHAIN`` returns to the caller's caller;
- a negated match that has no positive form in aclc (``! -p``, ``! -i``,
  ``! --icmp-type``) is written as a block "these packets skip this rule"
  followed by the rule itself.

:func:`evaluate` interprets the parsed chains directly (jumps, RETURN, chain
policy), sharing none of the inlining logic, for the round-trip check.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..errors import AclcError, SourcePos
from ..names import PORTS, PROTOCOLS
from ..packet import Packet
from ..policy import ETH_IPV4, ETH_IPV6, Policy, PortRange, Prefix, connection_state
from ..ranges import complement_ranges, intervals_to_prefixes, normalize_ranges
from . import exact
from .common import LineError, Problems, Unsupported, is_decimal, port_number
from .model import AddrSet, ImportedAcl, ImportedRule, ImportResult, Match, Skipped
from .render import addresses_text

FORMAT = "iptables-save"
BUILTIN = ("INPUT", "FORWARD", "OUTPUT")
MAX_DEPTH = 32  # nested jumps; the kernel itself refuses loops
MAX_RULES = 50_000  # inlining can duplicate continuations; past this, refuse
PRUNE_LIMIT = 2_000  # look for covering earlier rules only while the output is this small

ICMP_NAMES = {
    "any": None, "echo-reply": (0, None), "pong": (0, None), "destination-unreachable": (3, None),
    "network-unreachable": (3, 0), "host-unreachable": (3, 1), "protocol-unreachable": (3, 2),
    "port-unreachable": (3, 3), "fragmentation-needed": (3, 4), "source-route-failed": (3, 5),
    "network-unknown": (3, 6), "host-unknown": (3, 7), "network-prohibited": (3, 9),
    "host-prohibited": (3, 10), "tos-network-unreachable": (3, 11),
    "tos-host-unreachable": (3, 12), "communication-prohibited": (3, 13),
    "host-precedence-violation": (3, 14), "precedence-cutoff": (3, 15),
    "source-quench": (4, None), "redirect": (5, None), "network-redirect": (5, 0),
    "host-redirect": (5, 1), "tos-network-redirect": (5, 2), "tos-host-redirect": (5, 3),
    "echo-request": (8, None), "ping": (8, None), "router-advertisement": (9, None),
    "router-solicitation": (10, None), "time-exceeded": (11, None), "ttl-exceeded": (11, None),
    "ttl-zero-during-transit": (11, 0), "ttl-zero-during-reassembly": (11, 1),
    "parameter-problem": (12, None), "ip-header-bad": (12, 0), "required-option-missing": (12, 1),
    "timestamp-request": (13, None), "timestamp-reply": (14, None),
    "address-mask-request": (17, None), "address-mask-reply": (18, None),
}
ICMPV6_NAMES = {
    "any": None, "destination-unreachable": (1, None), "no-route": (1, 0),
    "communication-prohibited": (1, 1), "beyond-scope": (1, 2), "address-unreachable": (1, 3),
    "port-unreachable": (1, 4), "failed-policy": (1, 5), "reject-route": (1, 6),
    "packet-too-big": (2, None), "time-exceeded": (3, None), "ttl-exceeded": (3, None),
    "ttl-zero-during-transit": (3, 0), "ttl-zero-during-reassembly": (3, 1),
    "parameter-problem": (4, None), "bad-header": (4, 0), "unknown-header-type": (4, 1),
    "unknown-option": (4, 2), "echo-request": (128, None), "ping": (128, None),
    "echo-reply": (129, None), "pong": (129, None), "router-solicitation": (133, None),
    "router-advertisement": (134, None), "neighbour-solicitation": (135, None),
    "neighbor-solicitation": (135, None), "neighbour-advertisement": (136, None),
    "neighbor-advertisement": (136, None), "redirect": (137, None),
}

STATEFUL_MODULES = {
    "limit": "rate limits cannot be expressed as flow matches",
    "hashlimit": "rate limits cannot be expressed as flow matches",
    "recent": "'recent' keeps per-address state",
    "connlimit": "connection limits keep state",
    "connmark": "connection marks keep state",
}
NON_TERMINATING = {"LOG", "NFLOG", "ULOG", "AUDIT"}
# -m state --state / -m conntrack --ctstate words -> aclc connection states.
CT_STATE_WORDS = {"NEW": "new", "ESTABLISHED": "established", "RELATED": "related", "INVALID": "invalid"}
ALL_STATES = frozenset(CT_STATE_WORDS.values())
# --tcp-flags words -> TCP header bits.
TCP_FLAG_WORDS = {"FIN": 0x001, "SYN": 0x002, "RST": 0x004, "PSH": 0x008, "ACK": 0x010, "URG": 0x020,
                  "ECE": 0x040, "CWR": 0x080, "ALL": 0x03F, "NONE": 0}
SYN_ONLY = (0x002, 0x017)  # --syn: --tcp-flags SYN,RST,ACK,FIN SYN
# Extension targets that exist but change packets or hand them elsewhere.
EXTENSION_TARGETS = {
    "MARK", "CONNMARK", "CT", "TCPMSS", "NFQUEUE", "QUEUE", "CLASSIFY", "DSCP", "TOS", "TTL", "HL",
    "SET", "TRACE", "NOTRACK", "MASQUERADE", "SNAT", "DNAT", "REDIRECT", "CHECKSUM", "TEE", "SECMARK",
    "CONNSECMARK", "IDLETIMER", "LED", "SYNPROXY", "HMARK", "RATEEST", "NETMAP", "TPROXY", "CLUSTERIP",
}


# ---------------------------------------------------------------- parsed form


@dataclass(frozen=True)
class Cond:
    """One test of a rule: ``field`` is src, dst, proto, sport, dport, icmp or in."""

    field: str
    negated: bool
    value: object  # prefixes, protocol number, port ranges, (type, code), interface pattern


@dataclass(frozen=True)
class IptRule:
    line: int
    text: str
    chain: str
    conds: tuple[Cond, ...]
    target: str | None  # None: a rule that only counts
    goto: bool = False
    comment: str | None = None
    # Why the rule cannot be decided like the kernel does (a test aclc cannot express); ``conds``
    # are then its expressible part. ``assumed`` is what the import takes that untested condition
    # to be: False leaves the rule out (--skip-unsupported, --unmapped-interface skip), True keeps
    # it without the test (--unmapped-interface any).
    unsupported: str | None = None
    assumed: bool = False
    never: str | None = None  # why no packet can match it (an empty port range the kernel accepts)


@dataclass
class Chain:
    name: str
    policy: str | None  # ACCEPT / DROP for built-in chains, None for user chains
    line: int
    rules: list[IptRule] = field(default_factory=list)


@dataclass
class Ruleset:
    filename: str
    family: int
    chains: dict[str, Chain]
    interfaces: dict[str, int]  # interface name -> OpenFlow port
    notes: list[str] = field(default_factory=list)
    unmapped: str = "error"  # what a rule naming an unmapped interface does: error, skip or any
    scoped_errors: dict[int, str] = field(default_factory=dict)  # line -> chain of an unmapped interface


# ---------------------------------------------------------------- parsing


def read_interface_map(path: str | Path) -> dict[str, int]:
    """A YAML mapping (or ``name: number`` lines) from interface names to OpenFlow ports."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except OSError as error:
        raise AclcError(f"cannot read interface map: {error.strerror}", SourcePos(str(path), 0)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise AclcError(f"not a YAML mapping: {getattr(error, 'problem', error)}",
                        SourcePos(str(path), mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)) from None
    if not isinstance(data, dict):
        raise AclcError("expected lines 'interface: port-number'", SourcePos(str(path), 1))
    out = {}
    for name, port in data.items():
        if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 0xFFFFFF00:
            raise AclcError(f"interface {name}: port must be a number from 1 to 4294967040, not {port!r}",
                            SourcePos(str(path), _line_of(path, str(name))))
        out[str(name)] = port
    return out


def _line_of(path: Path, word: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.strip().startswith(word):
            return number
    return 0


UNMAPPED_MODES = ("error", "skip", "any")


def parse(text: str, filename: str, interfaces: dict[str, int] | None = None,
          family: int | None = None, unmapped: str = "error") -> tuple[Ruleset, Problems]:
    """Read the filter table; problems are returned, not raised, so the caller can scope them."""
    problems = Problems(filename)
    if family is None:
        family = 6 if "ip6tables" in text[:2000] or re.search(r"^-A .*-[sd] [0-9a-fA-F:]*:[0-9a-fA-F:]*", text, re.M) else 4
    chains: dict[str, Chain] = {}
    table = None
    tables_seen = []
    interfaces = interfaces or {}
    scoped: dict[int, str] = {}  # line -> chain, for errors that matter only if the chain is used
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("*"):
            table = line[1:].strip()
            tables_seen.append(table)
            continue
        if line == "COMMIT":
            table = None
            continue
        if table is None:
            problems.error(number, 1, "expected '*filter' (or another table) before rules")
            continue
        if table != "filter":
            continue
        if line.startswith(":"):
            parts = line[1:].split()
            if len(parts) < 2 or parts[1] not in ("ACCEPT", "DROP", "-"):
                problems.error(number, 1, "expected ':CHAIN POLICY [packets:bytes]'")
                continue
            name, policy = parts[0], parts[1]
            if name in chains:
                problems.error(number, 2, f"chain {name} is declared twice")
                continue
            if (name in BUILTIN) != (policy != "-"):
                problems.error(number, len(name) + 3,
                               f"chain {name}: built-in chains have a policy ACCEPT or DROP, user chains '-'")
                continue
            chains[name] = Chain(name, None if policy == "-" else policy, number)
            continue
        try:
            rule, bad = _parse_rule(line, number, chains, interfaces, family, unmapped)
            if rule.target is None or rule.target in NON_TERMINATING:
                # A LOG or counting rule decides nothing, whatever it matches.
                rule = replace(rule, unsupported=None, assumed=False)
            elif bad is not None:
                problems.unsupported.append((SourcePos(filename, number, bad.column), bad.reason, line))
        except _InterfaceError as bad:
            # Only a problem when the chosen chain can reach this rule (checked by the caller).
            problems.error(number, bad.column, bad.reason)
            scoped[number] = bad.chain
            continue
        except LineError as bad:
            problems.error(number, bad.column, bad.reason)
            continue
        chains[rule.chain].rules.append(rule)
    if "filter" not in tables_seen and not problems.errors:
        problems.error(1, 1, "no '*filter' table found (is this iptables-save output?)")
    ruleset = Ruleset(filename, family, chains, interfaces, unmapped=unmapped)
    ruleset.scoped_errors = scoped
    others = [t for t in tables_seen if t != "filter"]
    if others:
        ruleset.notes.append("tables " + ", ".join(others) + " are not access control and were not read")
    return ruleset, problems


def _columns(line: str, words: list[str]) -> list[int]:
    cols, at = [], 0
    for word in words:
        found = line.find(word.split()[0] if word.strip() else word, at)
        cols.append(found + 1 if found >= 0 else 0)
        if found >= 0:
            at = found + len(word)
    return cols


def _parse_rule(line, number, chains, interfaces, family, unmapped="error") -> tuple[IptRule, Unsupported | None]:
    """The rule, and the first test it has that aclc cannot express (None when it has none).

    That test is left out of ``conds`` (which keep the rule's expressible part) and named in the
    rule's ``unsupported``; so is an interface missing from the map unless ``unmapped`` is "error".
    """
    try:
        words = shlex.split(line)
    except ValueError as error:
        raise LineError(f"cannot split the line: {error}", 1) from None
    cols = _columns(line, words)
    if len(words) < 2 or words[0] != "-A":
        raise LineError("expected '-A CHAIN ...'", 1)
    chain = words[1]
    if chain not in chains:
        raise LineError(f"chain {chain} is not declared (':{chain} - [0:0]')", cols[1])
    conds: list[Cond] = []
    target = None
    goto = False
    comment = None
    proto = None
    negate = False
    i = 2
    unsupported: Unsupported | None = None
    unmapped_reason: str | None = None
    never: str | None = None

    def arg(what):
        nonlocal i
        i += 1
        if i >= len(words):
            raise LineError(f"{words[i - 1]} needs {what}", cols[i - 1])
        return words[i], cols[i]

    def refuse(reason, column):
        nonlocal unsupported
        if unsupported is None:
            unsupported = Unsupported(reason, column)

    while i < len(words):
        word, column = words[i], cols[i]
        if word == "!":
            negate = True
            i += 1
            continue
        neg, negate = negate, False
        if word in ("-s", "--source", "--src", "-d", "--destination", "--dst"):
            value, vcol = arg("an address")
            if value == "!":  # the old "-s ! ADDR" spelling
                neg = True
                value, vcol = arg("an address")
            conds.append(Cond("src" if word in ("-s", "--source", "--src") else "dst", neg,
                              _addresses(value, vcol, family)))
        elif word in ("-p", "--protocol"):
            value, vcol = arg("a protocol")
            number_ = _protocol(value, vcol, family)
            proto = number_
            if number_ is not None:
                conds.append(Cond("proto", neg, number_))
            elif neg:
                raise LineError("'! -p all' matches no packet", column)
        elif word in ("-i", "--in-interface"):
            value, vcol = arg("an interface")
            try:
                conds.append(Cond("in", neg, _interface(value, vcol, interfaces)))
            except LineError as bad:
                if unmapped == "error":
                    raise _InterfaceError(bad.reason, bad.column, chain) from None
                if unmapped_reason is None:
                    unmapped_reason = (f"{'! ' if neg else ''}-i {value}: the interface is not in the interface "
                                       "map, so aclc cannot test it")
        elif word in ("-o", "--out-interface"):
            arg("an interface")
            refuse("the output interface is not known when an OpenFlow table matches", column)
        elif word in ("-f", "--fragment"):
            refuse("fragment matching is not available in OpenFlow 1.3", column)
        elif word in ("-m", "--match"):
            module, mcol = arg("a match module")
            if module in STATEFUL_MODULES:
                refuse(f"-m {module}: {STATEFUL_MODULES[module]}", mcol)
            elif module not in ("tcp", "udp", "sctp", "icmp", "icmp6", "icmpv6", "multiport",
                                "comment", "iprange", "state", "conntrack"):
                refuse(f"match module '{module}' is not supported", mcol)
        elif word in ("--sport", "--source-port", "--dport", "--destination-port"):
            value, vcol = arg("a port or range")
            _need_ports(proto, column)
            ranges = _port_ranges(value, vcol, ":", empty_ok=True)
            if not ranges and not neg and never is None:
                never = (f"{word} {value} is an empty port range (its first port is above its last): the kernel "
                         "accepts it, and no packet matches it")
            conds.append(Cond("sport" if "s" == word.lstrip("-")[0] else "dport", neg, ranges))
        elif word in ("--sports", "--source-ports", "--dports", "--destination-ports"):
            value, vcol = arg("a port list")
            _need_ports(proto, column)
            conds.append(Cond("sport" if word.lstrip("-").startswith("s") else "dport", neg,
                              _port_ranges(value, vcol, ":", multi=True)))
        elif word == "--ports":
            arg("a port list")
            refuse("'--ports' matches source or destination; write two rules with --sports and --dports",
                   column)
        elif word in ("--icmp-type", "--icmpv6-type"):
            value, vcol = arg("an ICMP type")
            if proto != (58 if family == 6 else 1):
                raise LineError(f"{word} needs '-p {'icmpv6' if family == 6 else 'icmp'}' before it", column)
            icmp = _icmp(value, vcol, family)
            if icmp is not None:
                conds.append(Cond("icmp", neg, icmp))
        elif word in ("--src-range", "--dst-range"):
            value, vcol = arg("an address range")
            conds.append(Cond("src" if word == "--src-range" else "dst", neg, _range(value, vcol, family)))
        elif word == "--comment":
            comment, _ = arg("a comment")
        elif word in ("--state", "--ctstate"):
            value, vcol = arg("a list of states")
            states = _states(value, vcol)
            if states is None:
                refuse(f"{word} {value}: only NEW, ESTABLISHED, RELATED and INVALID can be matched", vcol)
            else:
                conds.append(Cond("state", neg, states))
        elif word.startswith("--ct") or word in ("--state", "--ctdir", "--ctexpire"):
            if i + 1 < len(words) and not words[i + 1].startswith("-"):
                i += 1
            refuse(f"conntrack test {word}: only --ctstate is translated", column)
        elif word in ("--syn", "--tcp-flags"):
            if proto != 6:
                raise LineError(f"{word} needs '-p tcp' before it", column)
            if word == "--syn":
                cube = SYN_ONLY
            else:
                mask_text, mcol = arg("a flag mask")
                set_text, scol = arg("flags")
                mask, value = _tcp_flags(mask_text, mcol), _tcp_flags(set_text, scol)
                cube = (value & mask, mask)
            conds.append(Cond("flags", neg, cube))
        elif word in ("--tcp-option", "--chunk-types"):
            if i + 1 < len(words) and not words[i + 1].startswith("-"):
                i += 1
            refuse("TCP options and SCTP chunk types cannot be matched in OpenFlow 1.3", column)
        elif word in ("-j", "--jump", "-g", "--goto"):
            if target is not None:
                raise LineError(f"a second target ({word}): a rule has one -j or -g, and iptables refuses more",
                                column)
            value, vcol = arg("a target")
            goto = word in ("-g", "--goto")
            target = value
            if value in ("ACCEPT", "DROP", "REJECT", "RETURN") or value in NON_TERMINATING:
                if goto and value not in chains:
                    raise LineError(f"-g needs a user chain, not {value}", vcol)
            elif value in chains:
                if chains[value].policy is not None:
                    raise LineError(f"cannot jump to built-in chain {value}", vcol)
            elif value in EXTENSION_TARGETS:
                refuse(f"target {value} is not supported (ACCEPT, DROP, REJECT, RETURN, LOG or a user chain)",
                       vcol)
            else:
                raise LineError(f"chain '{value}' is not defined", vcol)
            # Target options (--reject-with, --log-prefix ...) change no decision.
            while i + 1 < len(words) and words[i + 1].startswith("--"):
                i += 1
                if i + 1 < len(words) and not words[i + 1].startswith("-"):
                    i += 1
        elif word.startswith("--") and unsupported is not None:
            # An option of a refused module: skip its argument too.
            if i + 1 < len(words) and not words[i + 1].startswith("-"):
                i += 1
        elif word == "-c":
            arg("packets")
            arg("bytes")
        else:
            raise LineError(f"unknown option '{word}'", column)
        i += 1
    reasons = [bad.reason for bad in (unsupported,) if bad is not None] + [r for r in (unmapped_reason,) if r]
    rule = IptRule(number, line, chain, tuple(conds), target, goto, comment,
                   "; ".join(reasons) or None, unsupported is None and unmapped_reason is not None and unmapped == "any",
                   never)
    return rule, unsupported


class _InterfaceError(LineError):
    def __init__(self, reason: str, column: int, chain: str):
        super().__init__(reason, column)
        self.chain = chain


def _states(text: str, column: int) -> frozenset | None:
    """A --state list as aclc state names; None when it names a state aclc cannot match."""
    out = set()
    for word in text.split(","):
        if word in CT_STATE_WORDS:
            out.add(CT_STATE_WORDS[word])
        elif word in ("UNTRACKED", "SNAT", "DNAT"):
            return None
        else:
            raise LineError(f"unknown connection state '{word}'", column)
    return frozenset(out)


def _tcp_flags(text: str, column: int) -> int:
    bits = 0
    for word in text.split(","):
        if word not in TCP_FLAG_WORDS:
            raise LineError(f"unknown TCP flag '{word}'", column)
        bits |= TCP_FLAG_WORDS[word]
    return bits


def _need_ports(proto, column):
    if proto not in (6, 17, 132):
        raise LineError("port matches need '-p tcp', '-p udp' or '-p sctp' before them", column)


def _addresses(text: str, column: int, family: int) -> tuple[Prefix, ...]:
    width = 32 if family == 4 else 128
    spans = []
    for item in text.split(","):
        try:
            if "/" in item and family == 4 and "." in item.split("/", 1)[1]:
                address, mask = item.split("/", 1)
                mask_value = int(ipaddress.IPv4Address(mask))
                inverse = ~mask_value & 0xFFFFFFFF
                if inverse & (inverse + 1):
                    raise LineError(f"mask {mask} is not contiguous; aclc cannot read it faithfully", column)
                item = f"{address}/{32 - inverse.bit_length()}"
            net = ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise LineError(f"'{item}' is not an IPv{family} address or prefix", column) from None
        if net.version != family:
            raise LineError(f"'{item}' is not an IPv{family} address ({'ip6tables' if family == 6 else 'iptables'}"
                            " rules)", column)
        spans.append((int(net.network_address), int(net.broadcast_address)))
    return intervals_to_prefixes(spans, width)


def _range(text: str, column: int, family: int) -> tuple[Prefix, ...]:
    try:
        lo, hi = (ipaddress.ip_address(t) for t in text.split("-", 1))
    except ValueError:
        raise LineError(f"'{text}' is not an address range a-b", column) from None
    if lo.version != family or hi.version != family or lo > hi:
        raise LineError(f"'{text}' is not an IPv{family} address range a-b", column)
    return intervals_to_prefixes([(int(lo), int(hi))], 32 if family == 4 else 128)


def _protocol(text: str, column: int, family: int) -> int | None:
    word = text.lower()
    if word in ("all", "0"):
        return None
    if is_decimal(word) and 1 <= int(word) <= 255:
        return int(word)
    if word in ("icmpv6", "ipv6-icmp"):
        return 58
    if word == "icmp":
        return 1
    if word in PROTOCOLS:
        return PROTOCOLS[word]
    raise LineError(f"unknown protocol '{text}'", column)


def _interface(text: str, column: int, interfaces: dict[str, int]) -> tuple[str, tuple[int, ...]]:
    if text.endswith("+"):
        ports = tuple(sorted({p for n, p in interfaces.items() if n.startswith(text[:-1])}))
    else:
        ports = (interfaces[text],) if text in interfaces else ()
    if not ports:
        raise LineError(f"interface '{text}' is not in the interface map (give --interfaces FILE "
                        "with lines 'name: openflow-port')", column)
    return text, ports


def _port_ranges(text: str, column: int, sep: str, multi: bool = False,
                 empty_ok: bool = False) -> tuple[PortRange, ...]:
    """The ranges; ``empty_ok``: a reversed range is empty (the kernel's --sport/--dport take it)."""
    spans = []
    items = text.split(",") if multi else [text]
    for item in items:
        if sep in item:
            lo_text, hi_text = item.split(sep, 1)
            lo = port_number(lo_text, column, PORTS) if lo_text else 0
            hi = port_number(hi_text, column, PORTS) if hi_text else 0xFFFF
        else:
            lo = hi = port_number(item, column, PORTS)
        if lo > hi:
            if empty_ok:
                continue
            raise LineError(f"empty port range '{item}'", column)
        spans.append((lo, hi))
    return normalize_ranges(spans)


def _icmp(text: str, column: int, family: int):
    table = ICMPV6_NAMES if family == 6 else ICMP_NAMES
    word = text.lower()
    if word in table:
        return table[word]
    m = re.fullmatch(r"([0-9]+)(?:/([0-9]+))?", word)
    if not m or int(m.group(1)) > 255 or (m.group(2) and int(m.group(2)) > 255):
        raise LineError(f"unknown ICMP type '{text}'", column)
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


# ---------------------------------------------------------------- evaluation (the source's own meaning)


def _cond_matches(cond: Cond, p: Packet, ruleset: Ruleset) -> bool:
    f, v = cond.field, cond.value
    if f == "src":
        hit = any(prefix.contains(p.src) for prefix in v)
    elif f == "dst":
        hit = any(prefix.contains(p.dst) for prefix in v)
    elif f == "proto":
        hit = p.ip_proto == v
    elif f == "sport":
        hit = p.has_ports and any(r.lo <= p.src_port <= r.hi for r in v)
    elif f == "dport":
        hit = p.has_ports and any(r.lo <= p.dst_port <= r.hi for r in v)
    elif f == "icmp":
        hit = p.has_icmp and p.icmp_type == v[0] and (v[1] is None or p.icmp_code == v[1])
    elif f == "state":
        hit = p.is_ip and connection_state(p.ct_state) in v
    elif f == "flags":
        hit = p.is_ip and p.ip_proto == 6 and p.tcp_flags & v[1] == v[0]
    else:  # in: the packet arrived on an interface whose name the pattern matches
        pattern = v[0]
        names = [n for n, port in ruleset.interfaces.items() if port == p.in_port]
        hit = any(n.startswith(pattern[:-1]) if pattern.endswith("+") else n == pattern for n in names)
    return hit != cond.negated


def decides(rule: IptRule, assume: frozenset = frozenset()) -> bool:
    """Whether the rule takes part in the decision: it has a deciding target, and either aclc can
    test all of it or its line is in ``assume`` (its untested condition is taken to hold)."""
    if rule.target is None or rule.target in NON_TERMINATING:
        return False
    return rule.unsupported is None or rule.line in assume


def modelled(rule: IptRule, ruleset: Ruleset) -> bool:
    """Whether the evaluators can run the rule's target (not MARK, NFQUEUE and the like)."""
    return rule.target in ("ACCEPT", "DROP", "REJECT", "RETURN") or rule.target in ruleset.chains


def _run(ruleset: Ruleset, chain: str, p: Packet, depth: int, assume: frozenset = frozenset()) -> str:
    """ACCEPT, DROP, or RETURN (fell off the end or returned)."""
    if depth > MAX_DEPTH:
        raise AclcError(f"chain {chain}: jumps nested more than {MAX_DEPTH} deep")
    for rule in ruleset.chains[chain].rules:
        if not decides(rule, assume) or not modelled(rule, ruleset):
            continue
        if not all(_cond_matches(c, p, ruleset) for c in rule.conds):
            continue
        if rule.target == "ACCEPT":
            return "ACCEPT"
        if rule.target in ("DROP", "REJECT"):
            return "DROP"
        if rule.target == "RETURN":
            return "RETURN"
        result = _run(ruleset, rule.target, p, depth + 1, assume)
        if result != "RETURN":
            return result
        if rule.goto:
            return "RETURN"
    return "RETURN"


def evaluate(ruleset: Ruleset, chain: str, p: Packet, assume: frozenset = frozenset()) -> str:
    """What the kernel decides for a packet in a built-in chain: "permit" or "deny".

    A rule with a test aclc cannot express matches nothing, unless its line is in ``assume``:
    then that test is taken to pass, and the rule matches its expressible part.
    """
    if p.eth_type not in (ETH_IPV4, ETH_IPV6):
        return "permit"  # iptables never sees ARP or other non-IP frames
    if p.eth_type != (ETH_IPV6 if ruleset.family == 6 else ETH_IPV4):
        return "deny"  # the translation's documented choice for the other family
    result = _run(ruleset, chain, p, 0, assume)
    if result == "RETURN":
        result = ruleset.chains[chain].policy
    return "permit" if result == "ACCEPT" else "deny"


# ---------------------------------------------------------------- translation: inlining chains


class _Flattener:
    def __init__(self, ruleset: Ruleset, chain: str):
        self.ruleset = ruleset
        self.top = chain
        self.count = 0
        self.copies = 0  # > 0 while writing a continuation out again (after RETURN, skip blocks)
        self.unreached: list[tuple[int, str, str]] = []  # (line, text, why) of the chain's dead rules

    def _emit(self, out, rule: ImportedRule):
        # A rule that an earlier rule already covers is never reached (first match): leave it
        # out, so repeated continuation blocks do not fill the output with dead rules.
        # Only copies can be dead this way: the first emission of every rule is in source order.
        if self.copies and len(out) <= PRUNE_LIMIT and any(earlier.match.covers(rule.match) for earlier in out):
            return
        self.count += 1
        if self.count > MAX_RULES:
            raise AclcError(self._too_many())
        out.append(rule)

    def _too_many(self) -> str:
        """Say what made the output grow past MAX_RULES: the chain itself, its user chains, or its negations."""
        reach = reachable_chains(self.ruleset, self.top)
        own = sum(1 for r in self.ruleset.chains[self.top].rules if decides(r, frozenset((r.line,)) if r.assumed
                                                                         else frozenset()))
        negated = any(c.negated and c.field in ("proto", "icmp", "in")
                      for name in reach for r in self.ruleset.chains[name].rules for c in r.conds)
        if own >= MAX_RULES:
            return (f"chain {self.top} has more than {MAX_RULES} deciding rules; aclc imports at most {MAX_RULES} "
                    "rules from one chain")
        causes = []
        if len(reach) > 1:
            causes.append(f"inlining the user chains of {self.top} (" + ", ".join(sorted(reach - {self.top}))
                          + ")")
        if negated:
            causes.append("writing each negated test (! -p, ! -i, ! --icmp-type) as a block for the packets "
                          "that fail it")
        return (" and ".join(causes) or f"translating chain {self.top}") + \
            f" gives more than {MAX_RULES} rules; simplify those rules or import a smaller chain"


    def run(self) -> list[ImportedRule]:
        chain = self.ruleset.chains[self.top]
        action = "permit" if chain.policy == "ACCEPT" else "deny"

        def policy(ctx, out):
            self._emit(out, ImportedRule(action, ctx, line=chain.line, source=f":{chain.name} {chain.policy}",
                                         note=f"no rule of chain {chain.name} decides these packets: its policy"))
        out: list[ImportedRule] = []
        self.flatten(self.top, 0, Match(self.ruleset.family), policy, (), "", out)
        return out

    def flatten(self, name, start, ctx: Match, cont, stack, via, out):
        """Rules deciding every packet of ``ctx`` from rule ``start`` of chain ``name`` on."""
        if len(stack) > MAX_DEPTH:
            raise AclcError(f"jumps nested more than {MAX_DEPTH} deep: " + " -> ".join(stack))
        rules = self.ruleset.chains[name].rules
        for i in range(start, len(rules)):
            rule = rules[i]
            if not decides(rule, frozenset((rule.line,)) if rule.assumed else frozenset()):
                continue
            positive, negatives = _rule_match(rule, self.ruleset.family)
            if positive is None:
                continue  # it matches no packet
            m = ctx.intersect(positive)
            if m is None:
                continue
            rest = (lambda c, o, i=i: self.flatten(name, i + 1, c, cont, stack, via, o))
            for negative in negatives:
                skipped = m.intersect(negative)
                if skipped is not None:
                    self.copies += 1
                    rest(skipped, out)  # these packets fail the negated test and skip this rule
                    self.copies -= 1
            self._target(rule, m, rest, cont, stack, via, out)
            if m == ctx:  # every packet of the context was decided above
                if (not self.copies and not stack and rule.target in ("ACCEPT", "DROP", "REJECT")
                        and rule.unsupported is None):
                    # The chain itself, every packet, no way back (a jump's chain may return) and
                    # nothing assumed of an untested condition: the rest of the chain is dead.
                    self._unreached(rules[i + 1:], rule)
                return
        self._continue(name, cont, ctx, out)

    def _unreached(self, rules: list, decider: IptRule) -> None:
        """Note the deciding rules after ``decider``, which took every packet of the chain: they
        have no rule in the output, so they are said to never match (lint cannot see them)."""
        for rule in rules:
            if decides(rule) and rule.never is None:
                self.unreached.append((rule.line, rule.text, f"line {decider.line} decides every packet first"))

    def _continue(self, name, cont, ctx, out):
        """Leave chain ``name`` for the packets of ``ctx``: a user chain returns to its caller."""
        copy = name != self.top
        self.copies += copy
        cont(ctx, out)
        self.copies -= copy

    def _target(self, rule: IptRule, m: Match, rest, cont, stack, via, out):
        target = rule.target
        where = f"chain {rule.chain}" + (f", reached {via}" if via else "")
        note = where if via or rule.chain != self.top else None
        if target in ("ACCEPT", "DROP", "REJECT"):
            if target == "REJECT":
                note = (note + "; " if note else "") + "REJECT becomes deny (no ICMP or TCP reset is sent)"
            self._emit(out, ImportedRule("permit" if target == "ACCEPT" else "deny", m, line=rule.line,
                                         source=rule.text, remark=rule.comment, note=note))
        elif target == "RETURN":
            # Back to the rule after the jump; in a built-in chain, its policy.
            self._continue(rule.chain, cont, m, out)
        else:
            if target in stack or target == rule.chain:
                raise AclcError(f"chain {target} jumps back into itself: " + " -> ".join(stack + (rule.chain, target)),
                                SourcePos(self.ruleset.filename, rule.line))
            after = cont if rule.goto else rest
            self.flatten(target, 0, m, after, stack + (rule.chain,),
                         f"via line {rule.line} ({'-g' if rule.goto else '-j'} {target})", out)


def _rule_match(rule: IptRule, family: int) -> tuple[Match | None, list[Match]]:
    """The rule's tests as one positive Match plus the negated tests that need a skip block;
    the Match is None when no packet can pass them (an empty port range)."""
    width = 32 if family == 4 else 128
    fields = {}
    negatives = []
    for cond in rule.conds:
        f, v = cond.field, cond.value
        if f in ("src", "dst"):
            if cond.negated:
                spans = complement_ranges(normalize_ranges((p.value, p.last()) for p in v), (1 << width) - 1)
                display = "!" + addresses_text(AddrSet(v))
                fields[f] = AddrSet(intervals_to_prefixes(((r.lo, r.hi) for r in spans), width), display=display)
            else:
                fields[f] = AddrSet(v)
        elif f in ("sport", "dport"):
            key = "src_ports" if f == "sport" else "dst_ports"
            ports = complement_ranges(v) if cond.negated else v
            if not ports:
                return None, []
            if ports != (PortRange(0, 0xFFFF),):  # every port: no test (the protocol test stays)
                fields[key] = ports
        elif f == "proto":
            if cond.negated:
                negatives.append(Match(family, proto=v))
            else:
                fields["proto"] = v
        elif f == "state":
            states = ALL_STATES - v if cond.negated else v
            states = states & fields["ct_state"] if "ct_state" in fields else states
            if not states:
                return None, []
            if states != ALL_STATES:
                fields["ct_state"] = frozenset(states)
        elif f == "flags":
            if cond.negated:  # the packets with these flags skip the rule
                negatives.append(Match(family, proto=6, tcp_flags=(v,)))
            else:
                if "tcp_flags" in fields:
                    value, mask = fields["tcp_flags"][0]
                    if (value ^ v[0]) & mask & v[1]:
                        return None, []
                    v = (value | v[0], mask | v[1])
                fields["tcp_flags"] = (v,)
        elif f == "icmp":
            proto = 58 if family == 6 else 1
            part = Match(family, proto=proto, icmp_type=v[0], icmp_code=v[1])
            if cond.negated:
                negatives.append(part)
            else:
                fields["icmp_type"], fields["icmp_code"] = v
        else:  # in
            part = Match(family, in_ports=v[1])
            if cond.negated:
                negatives.append(part)
            else:
                fields["in_ports"] = v[1]
    return Match(family, **fields), negatives


def reachable_chains(ruleset: Ruleset, chain: str) -> set[str]:
    seen, todo = set(), [chain]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for rule in ruleset.chains[name].rules:
            if rule.target in ruleset.chains and rule.target not in BUILTIN:
                todo.append(rule.target)
    return seen


def _decision(rule: IptRule) -> str | None:
    return {"ACCEPT": "permit", "DROP": "deny", "REJECT": "deny"}.get(rule.target)


def scope_text(rule: IptRule, family: int) -> str:
    """The rule's expressible part in aclc words (what it can match at most)."""
    from .render import match_text

    positive, negatives = _rule_match(rule, family)
    if positive is None:
        return "no packet"
    text = match_text(positive)
    if negatives:
        text += " except " + " or ".join(match_text(n) for n in negatives)
    return text


def import_iptables(text: str, filename: str, chain: str = "FORWARD", interfaces: dict | None = None,
                    skip_unsupported: bool = False, family: int | None = None,
                    unmapped: str = "error") -> tuple[Ruleset, ImportResult]:
    if unmapped not in UNMAPPED_MODES:
        raise AclcError(f"unknown unmapped-interface mode '{unmapped}' (use one of: {', '.join(UNMAPPED_MODES)})")
    ruleset, problems = parse(text, filename, interfaces, family, unmapped)
    if chain in ruleset.chains:
        reach = reachable_chains(ruleset, chain)
        problems.errors = [(pos, reason) for pos, reason in problems.errors
                           if ruleset.scoped_errors.get(pos.line, chain) in reach]
    if not problems.errors and chain not in ruleset.chains:
        raise AclcError(f"no chain {chain} in the filter table of {filename}; it has: "
                        + ", ".join(ruleset.chains))
    if chain not in BUILTIN and not problems.errors:
        raise AclcError(f"--chain must be a built-in chain (INPUT, FORWARD or OUTPUT), not {chain}")
    if not problems.errors:
        # Only lines the chosen chain can reach have to be translatable.
        reach = reachable_chains(ruleset, chain)
        lines = {r.line for name in reach for r in ruleset.chains[name].rules}
        problems.unsupported = [u for u in problems.unsupported if u[0].line in lines]
    problems.raise_if_any(skip_unsupported)
    flattener = _Flattener(ruleset, chain)
    rules = flattener.run()
    reach = reachable_chains(ruleset, chain)
    header = [f"iptables filter table, chain {chain} (policy {ruleset.chains[chain].policy}, line "
              f"{ruleset.chains[chain].line}); user chains inlined: "
              + (", ".join(sorted(reach - {chain})) or "none") + ".",
              f"IPv{'4' if ruleset.family == 6 else '6'} packets get the default deny: "
              f"{'iptables' if ruleset.family == 6 else 'ip6tables'} rules decide them, not this file."]
    skipped, never = [], []
    for name in sorted(reach):
        for rule in ruleset.chains[name].rules:
            if rule.unsupported:
                skipped.append(Skipped(rule.line, rule.text, rule.unsupported, _decision(rule),
                                       scope_text(rule, ruleset.family), rule.assumed))
            elif rule.never and rule.target is not None and rule.target not in NON_TERMINATING:
                never.append((rule.line, rule.text, rule.never))
            elif rule.target in NON_TERMINATING:
                header.append(f"line {rule.line} ({rule.target}) changes no decision and has no flow: {rule.text}")
            elif rule.target is None:
                header.append(f"line {rule.line} has no target (a counter) and decides nothing: {rule.text}")
    out_name = f"iptables-{chain.lower()}" if ruleset.family == 4 else f"ip6tables-{chain.lower()}"
    acl = ImportedAcl(out_name, tuple(rules), "deny", "", "permit",
                      "iptables never sees ARP or other non-IP frames", tuple(header),
                      tuple(sorted(skipped, key=lambda s: s.line)), chain, skipped_in_header=True,
                      never=tuple(sorted(never + flattener.unreached)))
    return ruleset, ImportResult((acl,), {}, tuple(ruleset.notes), filename, FORMAT)


# ---------------------------------------------------------------- exact proof (BDD) of iptables


def _ipt_cond(space, ruleset: Ruleset, cond: Cond):
    width = exact.width_of(ruleset.family)
    f, v = cond.field, cond.value
    if f in ("src", "dst"):
        hit = exact.any_of(space, [space.prefix(f, p.value, p.length, width) for p in v])
    elif f == "proto":
        hit = space.eq("ip_proto", v)
    elif f in ("sport", "dport"):
        field = "src_port" if f == "sport" else "dst_port"
        hit = exact.any_of(space, [space.range(field, r.lo, r.hi) for r in v])
    elif f == "icmp":
        hit = space.eq("icmp_type", v[0]) & (space.eq("icmp_code", v[1]) if v[1] is not None else space.true)
    elif f == "state":
        from ..semantics.policy import state_bdd

        hit = space.is_ip & exact.any_of(space, [state_bdd(space, s) for s in v])
    elif f == "flags":
        hit = exact.tcp_flags_bdd(space, (v,))
    else:
        pattern = v[0]
        names = [n for n in ruleset.interfaces
                 if (n.startswith(pattern[:-1]) if pattern.endswith("+") else n == pattern)]
        hit = exact.any_of(space, [space.eq("in_port", ruleset.interfaces[n]) for n in names])
    return ~hit if cond.negated else hit


def _ipt_chain(space, ruleset: Ruleset, name: str, depth: int = 0, assume: frozenset = frozenset(),
               taken: dict | None = None):
    """(accepted, dropped, returned): a partition of every packet entering chain ``name``.

    ``taken`` (the built-in chain only, see prove): its skipped ACCEPT, DROP and REJECT rules."""
    if depth > MAX_DEPTH:
        raise RecursionError(name)
    accepted = dropped = returned = space.false
    remaining = space.true
    for rule in ruleset.chains[name].rules:
        if taken is not None and rule.unsupported is not None and rule.line not in assume \
                and rule.target in ("ACCEPT", "DROP", "REJECT"):
            reach = remaining & exact.all_of(space, [_ipt_cond(space, ruleset, c) for c in rule.conds])
            taken[rule.line] = (reach & exact.family_bdd(space, ruleset.family), rule.target == "ACCEPT")
        if not decides(rule, assume) or not modelled(rule, ruleset):
            continue
        m = remaining & exact.all_of(space, [_ipt_cond(space, ruleset, c) for c in rule.conds])
        if m == space.false:
            continue
        if rule.target == "ACCEPT":
            accepted |= m
        elif rule.target in ("DROP", "REJECT"):
            dropped |= m
        elif rule.target == "RETURN":
            returned |= m
        else:
            a, d, r = _ipt_chain(space, ruleset, rule.target, depth + 1, assume)
            accepted |= m & a
            dropped |= m & d
            if rule.goto:
                returned |= m & r
            else:
                remaining &= ~(m & (a | d))
                continue
        remaining &= ~m
    return accepted, dropped, returned | remaining


def iptables_permit(space, ruleset: Ruleset, chain: str, assume: frozenset = frozenset(),
                    taken: dict | None = None):
    accepted, _, returned = _ipt_chain(space, ruleset, chain, 0, assume, taken)
    if ruleset.chains[chain].policy == "ACCEPT":
        accepted |= returned
    return (accepted & exact.family_bdd(space, ruleset.family)) | ~space.is_ip


def exact_iptables(ruleset: Ruleset, chain: str, policy: Policy, skipped=()) -> exact.Proof:
    """The import against the kernel's meaning, skipped rules modelled by their effect."""
    rules = {r.line: r for c in ruleset.chains.values() for r in c.rules}
    return exact.prove(ruleset.family, lambda space, assume, taken: iptables_permit(space, ruleset, chain, assume, taken),
                 policy, skipped, lambda line: modelled(rules[line], ruleset))


# ---------------------------------------------------------------- the import format record


def _import_format():
    from .format import ImportFormat, Option

    def translate(text, filename, options):
        interfaces = read_interface_map(options["interfaces_file"]) if options["interfaces_file"] else {}
        family = options["family"]
        return import_iptables(text, filename, options["chain"], interfaces, options["skip_unsupported"],
                               int(family) if family else None, options["unmapped"])

    return ImportFormat(
        name="iptables",
        help="iptables-save or ip6tables-save output (the filter table).",
        options=(
            Option(("--chain",), "The built-in chain that becomes the ACL.", default="FORWARD", show_default=True),
            Option(("--interfaces", "interfaces_file"), "YAML 'interface: openflow-port' lines, for -i matches.",
                   path=True),
            Option(("--family",), "IPv4 (iptables-save) or IPv6 (ip6tables-save); guessed from the file when "
                   "absent.", choices=("4", "6")),
            Option(("--skip-unsupported",), "Leave out rules OpenFlow cannot decide like iptables (each is listed "
                   "in the output).", flag=True),
            Option(("--unmapped-interface", "unmapped"),
                   "A rule whose -i names an interface missing from --interfaces: refuse the import (error), "
                   "leave the rule out (skip), or keep it without the interface test (any); skip and any "
                   "are reported like skipped lines, with the way the import errs.",
                   default="error", choices=UNMAPPED_MODES, show_default=True),
        ),
        translate=translate,
        evaluate=lambda ruleset, options: (lambda acl, p, assume: evaluate(ruleset, options["chain"], p, assume)),
        prove=lambda ruleset, options: (lambda acl, policy: exact_iptables(ruleset, options["chain"], policy,
                                                                            acl.skipped)),
        in_ports=lambda ruleset, options: ruleset.interfaces.values(),
    )


IMPORT_FORMAT = _import_format()
