"""Check switch-test files without a switch, with os-ken's own tester code.

Every file must be a JSON list with exactly one description string first, and
every test must load through the tester's own ``Test`` parser (each
prerequisite via ``ofproto_parser.ofp_msg_from_jsondict`` with a datapath
stub, serialized; every packet evaluated in the tester's namespace). On top of
what the tester checks when it loads a file, this checks what it would only
find out on the switch: each match, parsed back from its wire bytes, prints
exactly as sent (field order, canonical masks, no full masks), and an egress
or PACKET_IN packet is the ingress packet itself (the ACL forwards unchanged).
Field order is the target switch's (:mod:`.fieldorder`): the one given, else
the one the file's description names.
"""

from __future__ import annotations

import contextlib
import copy
import io
import ipaddress
import json

from .fieldorder import field_rank, target_of
from .oskentester import match_as_switch_reports, tester_module

PORT_NAMES = {
    "target_recv_port": 1, "target_send_port_1": 2, "target_send_port_2": 3,
    "tester_send_port": 1, "tester_recv_port_1": 2, "tester_recv_port_2": 3,
}
OUTCOMES = ("egress", "PACKET_IN", "table-miss")


def _ports_replaced(value):
    """The test JSON with port names replaced, as the tester does before parsing."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _ports_replaced(v)
            if k == "OFPActionOutput" and isinstance(v.get("port"), str):
                v = dict(v, port=PORT_NAMES.get(v["port"], v["port"]))
            if k == "OXMTlv" and v.get("field") == "in_port" and isinstance(v.get("value"), str):
                v = dict(v, value=PORT_NAMES.get(v["value"], v["value"]))
            out[k] = v
        return out
    if isinstance(value, list):
        return [_ports_replaced(v) for v in value]
    return value


def _as_int(value) -> int:
    if isinstance(value, int):
        return value
    return int(ipaddress.ip_address(value))


def _full(field_value) -> int:
    if isinstance(field_value, str):
        return (1 << ipaddress.ip_address(field_value).max_prefixlen) - 1
    return -1


def check_oxm(tlv: dict) -> str | None:
    mask = tlv.get("mask")
    if mask is None:
        return None
    value, mask_int = _as_int(tlv["value"]), _as_int(mask)
    if value & ~mask_int:
        return f"{tlv['field']}: value {tlv['value']} has bits outside mask {mask} (the switch refuses it)"
    full = _full(tlv["value"])
    if full >= 0 and mask_int == full:
        return f"{tlv['field']}: a full mask must be left out (the switch reports none)"
    return None


def validate_test(test_json: dict, order: dict[str, int]) -> list[str]:
    """Problems with one test; ``order`` ranks match fields as the target switch reports them
    (:func:`.fieldorder.field_rank`)."""
    problems = []
    tester = tester_module()
    if tester.OfTester.target_ver is None:
        from os_ken.ofproto import ofproto_v1_3

        tester.OfTester.target_ver = tester.OfTester.tester_ver = ofproto_v1_3.OFP_VERSION
    desc = test_json.get("description", "?")
    try:
        # os-ken prints CLS/ARG/KWARG debugging lines to stdout when a message does not load.
        with contextlib.redirect_stdout(io.StringIO()):
            parsed = tester.Test(_ports_replaced(copy.deepcopy(test_json)))
    except Exception as error:  # the tester rejects the file with exactly this
        return [f"test '{desc}': the tester cannot load it: {type(error).__name__}: {error}"]
    try:
        return problems + _check_loaded(test_json, parsed, desc, order)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
        # The tester took it, but it is not laid out as aclc writes tests (a hand-made file).
        return [f"test '{desc}': not in the layout aclc writes ({type(error).__name__}: {error})"]


def _check_loaded(test_json: dict, parsed, desc: str, order: dict[str, int]) -> list[str]:
    problems = []
    # The tester's own parsed messages: what it would send, without parsing every flow twice.
    for message, msg in zip(test_json["prerequisite"], parsed.prerequisite, strict=True):
        sent = str(msg.match.to_jsondict())
        reported = match_as_switch_reports(msg)
        if sent != reported:
            problems.append(f"test '{desc}': match {sent} comes back from the wire as {reported}")
        fields = [f["OXMTlv"] for f in message["OFPFlowMod"]["match"]["OFPMatch"]["oxm_fields"]]
        ranks = [order.get(f["field"], -1) for f in fields]
        if ranks != sorted(ranks) or -1 in ranks:
            problems.append(f"test '{desc}': match fields not in the order the switch reports them: "
                            f"{[f['field'] for f in fields]}")
        for tlv in fields:
            why = check_oxm(tlv)
            if why:
                problems.append(f"test '{desc}': {why}")
    for raw, pkt in zip(test_json["tests"], parsed.tests):
        keys = set(raw)
        if len(keys) != 2 or "ingress" not in keys or not keys & set(OUTCOMES):
            problems.append(f"test '{desc}': a packet entry needs 'ingress' and one of {OUTCOMES}")
            continue
        if "egress" in raw and pkt["egress"] != pkt["ingress"]:
            problems.append(f"test '{desc}': egress differs from ingress")
        if "PACKET_IN" in raw and pkt["PACKET_IN"] != pkt["ingress"]:
            problems.append(f"test '{desc}': PACKET_IN differs from ingress")
        if "table-miss" in raw and not (
            isinstance(raw["table-miss"], list) and raw["table-miss"]
            and all(isinstance(t, int) and 0 <= t < 255 for t in raw["table-miss"])
        ):
            problems.append(f"test '{desc}': table-miss needs a list of table ids")
    return problems


def validate_files(files: dict[str, str], target: str | None = None) -> list[str]:
    """Problems with a set of test files (empty when the tester will accept them all).

    ``target`` (a profile name) says which switch's field order the matches must be in;
    without it each file's description must name it (``[lagopus/multi]``)."""
    ranks: dict[str, dict[str, int]] = {}
    problems: list[str] = []
    seen: dict[str, str] = {}
    # The tester parses each prerequisite on its own (same datapath, no context), so a flow mod
    # that several tests install is checked once: large ACLs repeat broad flows in many tests.
    checked_flows: set[tuple[str, str]] = set()
    for name, text in sorted(files.items()):
        if not name.endswith(".json"):
            continue
        try:
            data = json.loads(text)
        except ValueError as error:
            problems.append(f"{name}: not JSON: {error}")
            continue
        if not isinstance(data, list) or not data:
            problems.append(f"{name}: not a JSON list")
            continue
        strings = [x for x in data if isinstance(x, str)]
        if len(strings) != 1 or not isinstance(data[0], str):
            problems.append(f"{name}: needs exactly one description string, first")
            continue
        if strings[0] in seen:
            problems.append(f"{name}: description also used by {seen[strings[0]]} (the tester keys files by it)")
        seen[strings[0]] = name
        switch = target or target_of(strings[0])
        if switch is None:
            problems.append(f"{name}: the description names no target switch ([target/strategy]), so the "
                            f"order its match fields must be in is unknown (aclc ryu-test check --target NAME)")
            continue
        if switch not in ranks:
            ranks[switch] = field_rank(switch)
        order = ranks[switch]
        for test in data[1:]:
            if not isinstance(test, dict) or "prerequisite" not in test or "tests" not in test:
                problems.append(f"{name}: a test needs 'prerequisite' and 'tests'")
                continue
            if isinstance(test["prerequisite"], list):
                fresh = []
                for message in test["prerequisite"]:
                    key = (switch, json.dumps(message, sort_keys=True))
                    if key not in checked_flows:
                        checked_flows.add(key)
                        fresh.append(message)
                test = dict(test, prerequisite=fresh)
            problems.extend(f"{name}: {p}" for p in validate_test(test, order))
    return problems
