"""os-ken's switch tester, loaded as a library: its packet namespace and its parser.

Validation without a switch goes through exactly the code the tester runs on
a file: ``ofproto_parser.ofp_msg_from_jsondict`` with a datapath stub for every
prerequisite, and ``eval`` in the tester's own module namespace for packets.
"""

from __future__ import annotations

import importlib
from functools import lru_cache


@lru_cache(maxsize=1)
def tester_module():
    return importlib.import_module("os_ken.tests.switch.tester")


@lru_cache(maxsize=1)
def datapath_stub():
    from os_ken.ofproto import ofproto_protocol, ofproto_v1_3

    return ofproto_protocol.ProtocolDesc(ofproto_v1_3.OFP_VERSION)


def match_as_switch_reports(msg) -> str:
    """The match of a serialized FlowMod parsed back from its wire bytes, as the tester
    prints it when it compares a flow dump with what it sent."""
    dp = datapath_stub()
    parser = dp.ofproto_parser
    offset = dp.ofproto.OFP_FLOW_MOD_SIZE - dp.ofproto.OFP_MATCH_SIZE
    match = parser.OFPMatch.parser(bytes(msg.buf), offset)
    return str(match.to_jsondict())
