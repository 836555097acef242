"""bench/results.md keeps the sections that standalone benchmarks own when the suite rewrites it."""

from __future__ import annotations

from bench.sections import carry_over, markers, replace_section


def _section(name: str, body: str) -> str:
    begin, end = markers(name)
    return f"{begin}\n{body}\n{end}\n"


def test_replace_section_changes_only_its_own_part(tmp_path):
    path = tmp_path / "results.md"
    path.write_text("# head\n\n" + _section("lagopus", "old") + "\ntail\n")
    replace_section(path, "lagopus", _section("lagopus", "new"))
    text = path.read_text()
    assert "new" in text and "old" not in text and text.startswith("# head") and text.endswith("tail\n")
    replace_section(path, "scale", _section("scale", "sizes"))
    assert path.read_text().rstrip().endswith(markers("scale")[1])


def test_the_report_carries_sections_over_and_never_duplicates_them():
    old = "# old report\n\n" + _section("lagopus", "install") + "\n" + _section("scale", "100k")
    new = "# new report\n"
    merged = carry_over(old, new)
    assert merged.startswith("# new report") and "install" in merged and "100k" in merged
    # A report that already has a section keeps its own version.
    fresh = "# new\n\n" + _section("scale", "fresh")
    merged = carry_over(old, fresh)
    assert "fresh" in merged and "100k" not in merged and merged.count(markers("scale")[0]) == 1
    assert carry_over("# nothing marked\n", new) == new
