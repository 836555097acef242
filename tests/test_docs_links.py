"""Every relative link in README.md and docs/*.md points at a file that exists, and at a heading
of it when the link has an anchor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO

PAGES = [REPO / "README.md"] + sorted((REPO / "docs").glob("*.md"))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def outside_code_blocks(text: str) -> str:
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.M | re.S)
    return re.sub(r"^(?: {4}|\t).*$", "", text, flags=re.M)


def prose(text: str) -> str:
    """The text outside code blocks and inline code, where a [x](y) is a link."""
    return re.sub(r"`[^`\n]*`", "", outside_code_blocks(text))


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file (duplicates get -1, -2, ...)."""
    found: set[str] = set()
    for line in outside_code_blocks(path.read_text()).splitlines():
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).replace("`", "").lower()).replace(" ", "-")
        unique, n = slug, 0
        while unique in found:
            n += 1
            unique = f"{slug}-{n}"
        found.add(unique)
    return found


def relative_links(page: Path) -> list[str]:
    return [t for t in LINK.findall(prose(page.read_text())) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


def test_the_pages_have_links_to_check():
    assert len(PAGES) > 5
    assert len(relative_links(REPO / "README.md")) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_resolve(page):
    broken = []
    for target in relative_links(page):
        name, _, anchor = target.partition("#")
        path = (page.parent / name).resolve() if name else page
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif anchor and (path.suffix != ".md" or anchor not in anchors(path)):
            broken.append(f"{target}: no heading #{anchor} in {path.relative_to(REPO)}")
        elif not path.is_relative_to(REPO):
            broken.append(f"{target}: outside the repository")
    assert not broken, f"{page.relative_to(REPO)}: " + "; ".join(broken)


def test_anchor_slugs_follow_github(tmp_path):
    """The slug rule above, on headings of the kinds the pages use."""
    page = tmp_path / "page.md"
    page.write_text("# `aclc push` and `aclc stats`\n\n## 1. Masked TCP/UDP ports: ignored\n\n    # not a heading\n"
                    "## Notes\n\n## Notes\n")
    assert anchors(page) == {"aclc-push-and-aclc-stats", "1-masked-tcpudp-ports-ignored", "notes", "notes-1"}


# Timings on a page: "0.17 s", "2.4 GB", "12.99x", "17,510 rules/s".
TIMING = re.compile(r"\d\s?(?:s|ms|seconds|MB|GB)\b|\d(?:\.\d+)?x\b|\d[\d,]* rules/s")


def test_performance_figures_come_only_from_the_benchmark(tmp_path):
    """docs/performance.md: `python3 -m bench --doc docs/performance.md` rewrites what lies between
    its markers; everything outside them is prose without timings, so nothing there goes stale."""
    from bench.report import DOC_BEGIN, DOC_END, update_doc
    from test_bench_smoke import _result

    page = REPO / "docs" / "performance.md"
    text = page.read_text()
    head, rest = text.split(DOC_BEGIN, 1)
    tail = rest.split(DOC_END, 1)[1]
    for part in (head, tail):
        found = TIMING.findall(prose(part))
        assert not found, f"docs/performance.md: hand-written figures outside the markers: {found}"
    copy = tmp_path / "performance.md"
    copy.write_text(text)
    update_doc(copy, _result(130, 1100, 1.5), "../bench/results.png")
    updated = copy.read_text()
    assert updated.startswith(head + DOC_BEGIN) and updated.endswith(DOC_END + tail)
    assert "| acl1_10k | 100 |" in updated
