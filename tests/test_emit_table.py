"""The human-readable table: every flow with its match, actions and source line."""

from __future__ import annotations

import pytest

from aclc.emit import emit

from test_emit_samples import SAMPLES, assert_golden, multi_pipeline, single_pipeline


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_golden(sample):
    assert_golden(f"{sample}.table", emit(SAMPLES[sample](), "table"))


def test_one_row_per_flow_with_source_lines():
    pipeline = single_pipeline()
    rows = emit(pipeline, "table").splitlines()[2:]
    assert len(rows) == pipeline.flow_count
    for row, flow in zip(rows, pipeline.flows()):
        cells = row.split()
        assert cells[:2] == [str(flow.table_id), str(flow.priority)]
        origin = pipeline.policy.origin_of(flow.rule_index)
        assert f"{origin.file}:{origin.line}" in row


def test_rule_names_summaries_and_infrastructure():
    text = emit(multi_pipeline(), "table")
    assert "dc.acl:10  r0" in text  # a named rule shows its name
    assert "deny ipv4 any -> any  # line 1" in text  # an unnamed one: summary and remark
    assert "dc.acl:40  default deny" in text
    assert text.count("(port classification)") == 6
    assert text.splitlines()[0].startswith("# acl dc, target lagopus, strategy multi")
