"""Connection state and TCP flags: language, lowering to the conntrack pipeline, proofs,
mutations the proof must catch, refusals, and the formats that spell or refuse them."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aclc.emit import ofctl, ryu_json
from aclc.errors import AclcError
from aclc.evaluate import evaluate_pipeline, evaluate_policy
from aclc.frontend import parse_policy_text
from aclc.lower import CompileOptions, compile_policy
from aclc.lower.stateful import state_cubes
from aclc.packet import Packet
from aclc.frontend.parse import _get_parser
from aclc.pipeline import ApplyActions, Conntrack, FieldMatch, Table
from aclc.policy import CT_EST, CT_INV, CT_NEW, CT_REL, CT_RPL, CT_STATES, ETH_IPV4, ETH_IPV6, connection_state
from aclc.semantics.verify import verify

FIREWALL = """
acl fw {
    default deny
    permit ip from any to any state established, related
    permit tcp from 10.0.0.0/8 to any port 22 flags syn, !ack
    deny tcp from any to 192.0.2.0/24 established
    permit icmp from any to any state !invalid
    permit tcp from any to any port 80
    deny udp from any to any state new log
    permit udp from any to any
}
"""


def policy_of(text: str = FIREWALL):
    return parse_policy_text(text, "fw.acl")


def compiled(text: str = FIREWALL, **options):
    policy = policy_of(text)
    return policy, compile_policy(policy, CompileOptions(target="ovs", **options))


def error_of(rule: str, target: str = "ovs") -> AclcError:
    text = f"acl a {{\n  {rule}\n}}\n"
    with pytest.raises(AclcError) as caught:
        compile_policy(parse_policy_text(text, "bad.acl"), CompileOptions(target=target))
    return caught.value


# ---------------------------------------------------------------- language


def test_rules_carry_states_and_flag_alternatives():
    rules = policy_of().rules
    assert rules[0].ct_state == ("established", "related") and rules[0].eth_type == ETH_IPV4
    assert rules[1].ct_state == ("established", "related") and rules[1].eth_type == ETH_IPV6
    assert rules[2].tcp_flags == ((0x002, 0x012),) and rules[2].ct_state is None
    assert rules[3].tcp_flags == ((0x010, 0x010), (0x004, 0x014))  # ACK, or RST without ACK
    assert rules[4].ct_state == ("new", "established", "related") and rules[4].ip_proto == 1


@pytest.mark.parametrize("rule, message, needle", [
    ("permit udp from any to any established", "TCP flags need protocol tcp", "established"),
    ("permit ip from any to any flags syn", "TCP flags need protocol tcp", "flags"),
    ("permit tcp state bogus", "unknown connection state 'bogus'", "bogus"),
    ("permit arp state new", "needs an IPv4 or IPv6 rule", "state"),
    ("permit all state new", "needs an IPv4 or IPv6 rule", "state"),
    ("permit tcp state {new, !new}", "matches no connection state", "state"),
    ("permit tcp flags syn, !syn", "required both set and clear", "!syn"),
    ("permit tcp flags fin state new flags ack", "'flags' is given twice", "flags ack"),
    ("permit tcp flags rst, !ack, !rst established", "required both set and clear", "!rst"),
    ("permit tcp flags ack established flags syn", "'flags' is given twice", "flags syn"),
    ("permit tcp flags S", "unknown TCP flag 'S'", "S"),
])
def test_errors_name_the_position(rule, message, needle):
    error = error_of(rule)
    assert message in str(error)
    assert (error.pos.file, error.pos.line, error.pos.column) == ("bad.acl", 2, 3 + rule.index(needle))


def test_established_and_flags_intersect():
    rule = policy_of("acl a { permit tcp flags !rst established }").rules[0]
    assert rule.tcp_flags == ((0x010, 0x014),)  # ACK set, RST clear
    with pytest.raises(AclcError, match="exclude each other"):
        policy_of("acl a { permit tcp flags !rst, !ack established }")


def test_state_words_stay_keywords_where_a_name_cannot_come():
    # 'established' after 'state' is a state name; after an address it is the option.
    rules = policy_of("acl a { permit tcp from any to any state established established }").rules
    assert rules[0].ct_state == ("established",) and rules[0].tcp_flags is not None
    with pytest.raises(AclcError, match="keyword"):
        policy_of("network state = 10.0.0.0/8\nacl a { permit ip }")


def test_fast_driver_reads_the_new_options_like_lark():
    parser = _get_parser()
    text = "acl a { permit tcp from any to any port 22 state { new, !invalid } flags syn,!ack established log }"
    fast = parser.parse(text, "f.acl", "start", engine="fast")
    slow = parser.parse(text, "f.acl", "start", engine="lark")
    assert fast == slow and fast.statements[0].items[0].state is not None


def test_connection_state_reading():
    assert connection_state(CT_NEW | CT_REL) == "related"  # first packet of an expected connection
    assert connection_state(CT_EST | CT_RPL) == "established"
    assert connection_state(CT_INV | CT_EST) == "invalid"
    assert connection_state(0) == "invalid"


@pytest.mark.parametrize("states", [("new",), ("established", "related"), ("invalid",), ("new", "invalid"),
                                    ("new", "established", "related")])
def test_state_cubes_cover_exactly_their_states(states):
    cubes = state_cubes(states)
    for bits in range(32):
        hits = [c for c in cubes if (bits | 0x20) & c[1] == c[0]]
        assert len(hits) == (connection_state(bits) in states)


# ---------------------------------------------------------------- lowering


def test_conntrack_pipeline_shape():
    policy, pipeline = compiled()
    text = ofctl.emit(pipeline)
    assert "table=0,priority=65535,cookie=0xac1c000000000000,ip,ct_state=-trk,actions=ct(table=0)" in text
    assert "ipv6,ct_state=-trk,actions=ct(table=0)" in text
    assert "ct_state=+rel-inv+trk,actions=goto_table:1" in text
    assert "tcp,nw_src=10.0.0.0/8,tp_dst=22,tcp_flags=+syn-ack,actions=goto_table:1" in text
    assert "table=1,priority=2,cookie=0xac1c000000000000,ip,ct_state=+new+trk,actions=ct(commit),NORMAL" in text
    assert "table=1,priority=1,cookie=0xac1c000000000000,actions=NORMAL" in text
    assert [t.table_id for t in pipeline.tables] == [0, 1]


def test_flags_only_policy_needs_no_conntrack():
    _, pipeline = compiled("acl a { deny tcp flags syn,!ack\n permit ip }")
    text = ofctl.emit(pipeline)
    assert "ct(" not in text and "ct_state" not in text and len(pipeline.tables) == 1
    assert "tcp,tcp_flags=+syn-ack,actions=drop" in text


def test_continuation_after_the_commit_table():
    policy, pipeline = compiled(permit=_continuation("goto_table:5"), table_base=2)
    text = ofctl.emit(pipeline)
    assert "table=2,priority=65535,cookie=0xac1c000000000000,ip,ct_state=-trk,actions=ct(table=2)" in text
    assert "table=3,priority=2,cookie=0xac1c000000000000,ip,ct_state=+new+trk,actions=ct(commit),goto_table:5" in text
    assert verify(policy, pipeline).ok
    with pytest.raises(AclcError, match="after the ACL's own tables"):
        compiled(permit=_continuation("goto_table:1"))


def _continuation(text):
    from aclc.lower import parse_continuation

    return parse_continuation(text)


@pytest.mark.parametrize("target, word", [("lagopus", "no connection tracking"), ("of13", "no connection tracking")])
def test_targets_without_conntrack_refuse_with_the_line(target, word):
    error = error_of("permit ip state established", target)
    assert word in str(error) and error.pos.line == 2
    error = error_of("deny tcp flags syn", target)
    assert "cannot match TCP flags" in str(error) and error.pos.line == 2


def test_multi_strategy_refuses():
    with pytest.raises(AclcError, match="strategy multi does not compile"):
        compiled(strategy="multi")


# ---------------------------------------------------------------- proofs and mutations


@pytest.mark.parametrize("strategy", ["single", "exact"])
def test_verify_proves_the_pipeline(strategy):
    policy, pipeline = compiled(strategy=strategy)
    result = verify(policy, pipeline)
    assert result.ok, result.describe()
    assert "conntrack" in result.stats["method"]


def _mutated(pipeline, table_id, change):
    tables = []
    for table in pipeline.tables:
        if table.table_id == table_id:
            table = Table(table.table_id, table.name, tuple(change(f) for f in table.flows))
        tables.append(table)
    return replace(pipeline, tables=tuple(tables))


def _swap_field(old: FieldMatch, new: FieldMatch):
    def change(flow):
        return replace(flow, match=tuple(new if fm == old else fm for fm in flow.match))
    return change


@pytest.mark.parametrize("old, new", [
    # established -> new, in the established/related permit
    (FieldMatch("ct_state", 0x22, 0x36), FieldMatch("ct_state", 0x21, 0x37)),
    # related without -inv: invalid packets with rel set would pass
    (FieldMatch("ct_state", 0x24, 0x34), FieldMatch("ct_state", 0x24, 0x24)),
    # syn,!ack -> syn only
    (FieldMatch("tcp_flags", 0x002, 0x012), FieldMatch("tcp_flags", 0x002, 0x002)),
    # Cisco established: RST alone -> RST with ACK
    (FieldMatch("tcp_flags", 0x004, 0x014), FieldMatch("tcp_flags", 0x014, 0x014)),
])
def test_wrong_ct_state_or_tcp_flags_match_is_caught(old, new):
    policy, pipeline = compiled()
    assert any(old in f.match for f in pipeline.flows())
    result = verify(policy, _mutated(pipeline, 0, _swap_field(old, new)))
    assert not result.ok
    # The counterexample is real: the evaluators disagree on it.
    packet = result.counterexample
    assert evaluate_policy(policy, packet, pipeline.continuation)[1] != evaluate_pipeline(
        _mutated(pipeline, 0, _swap_field(old, new)), packet)[1]


def test_missing_commit_is_caught():
    policy, pipeline = compiled()
    plain = pipeline.tables[1].flows[-1].instructions
    broken = _mutated(pipeline, 1, lambda f: replace(f, instructions=plain) if f.priority == 2 else f)
    result = verify(policy, broken)
    assert not result.ok and result.rule_effect.commit and not result.flow_effect.commit


def test_missing_recirculation_is_caught():
    policy, pipeline = compiled()
    broken = _mutated(pipeline, 0, lambda f: f if f.role != "dispatch" else replace(f, instructions=()))
    assert not verify(policy, broken).ok
    # Recirculating into the next table instead skips the ACL's tracked pass: also caught.
    skip = _mutated(pipeline, 0, lambda f: f if f.role != "dispatch" else replace(
        f, instructions=(ApplyActions((Conntrack(table=1),)),)))
    assert not verify(policy, skip).ok


def test_commit_of_a_denied_connection_is_caught():
    policy, pipeline = compiled()
    deny_flow = next(f for f in pipeline.flows() if f.table_id == 0 and f.rule_index is not None
                     and policy.rules[f.rule_index].action.value == "deny" and not f.instructions)
    broken = _mutated(pipeline, 0, lambda f: replace(f, instructions=(ApplyActions((Conntrack(commit=True),)),))
                      if f is deny_flow else f)
    assert not verify(policy, broken).ok


packets = st.builds(
    Packet,
    in_port=st.just(1),
    eth_type=st.sampled_from([ETH_IPV4, ETH_IPV6, 0x0806]),
    src=st.sampled_from([0x0A000001, 0xC0000201, 1]),
    dst=st.sampled_from([0xC0000205, 0x0A000002]),
    ip_proto=st.sampled_from([6, 17, 1]),
    src_port=st.sampled_from([22, 1234]),
    dst_port=st.sampled_from([22, 80, 53]),
    ct_state=st.integers(0, 31),
    tcp_flags=st.integers(0, 0xFFF),
)


@settings(max_examples=150, deadline=None)
@given(packets)
def test_evaluators_agree_on_random_packets(packet):
    policy, pipeline = _COMPILED
    assert evaluate_policy(policy, packet, pipeline.continuation)[1] == evaluate_pipeline(pipeline, packet)[1]


_COMPILED = compiled()


def test_stateless_policies_compile_as_before():
    # The same rules without state or flags: one table, no ct and no extension fields.
    _, pipeline = compiled("acl a { permit tcp from 10.0.0.0/8 to any port 22\n permit udp }")
    assert len(pipeline.tables) == 1
    assert all(fm.field not in ("ct_state", "tcp_flags") for f in pipeline.flows() for fm in f.match)


# ---------------------------------------------------------------- formats


def test_ryu_json_uses_os_ken_extensions_and_round_trips():
    from os_ken.ofproto import ofproto_parser

    _, pipeline = compiled()
    messages = json.loads(ryu_json.emit(pipeline))
    dp = ryu_json.DatapathStub()
    first = ofproto_parser.ofp_msg_from_jsondict(dp, messages[0])
    (action,) = first.instructions[0].actions
    assert type(action).__name__ == "NXActionCT" and action.recirc_table == 0
    assert dict(first.match.items())["ct_state"] == (0, 0x20)
    commit = [m for m in messages if m["OFPFlowMod"]["table_id"] == 1 and m["OFPFlowMod"]["priority"] == 2]
    assert commit[0]["OFPFlowMod"]["instructions"][0]["OFPInstructionActions"]["actions"][0]["NXActionCT"]["flags"] == 1
    assert all(ryu_json.flow_mod(dp, f).to_jsondict() == m for f, m in zip(pipeline.flows(), messages))


@pytest.mark.parametrize("fmt, words", [("ryu-rest", "ofctl_rest's flow entries have no connection tracking"),
                                        ("ryu-test", "no Ryu switch tests for rules with a connection state")])
def test_formats_without_conntrack_refuse(fmt, words, tmp_path, capsys):
    from aclc.cli import main

    source = tmp_path / "fw.acl"
    source.write_text(FIREWALL)
    code = main(["compile", str(source), "-t", "ovs", "-f", fmt, "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code != 0 and words in err and err.startswith(f"{source}:") and "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_push_refuses_before_sending():
    from aclc.push import codec

    _, pipeline = compiled()
    with pytest.raises(AclcError, match="use|install the ofctl output"):
        codec.refuse_extensions(pipeline)
    _, plain = compiled("acl a { permit tcp from any to any port 22 }")
    codec.refuse_extensions(plain)  # nothing to refuse
