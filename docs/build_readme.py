"""Build README.md from docs/readme-head.md and the reference pages in docs/.

The pages stay the single source; README.md is their concatenation, so the
two can never disagree (tests/test_readme.py checks it is up to date).

    python3 docs/build_readme.py          # rewrite README.md
    python3 docs/build_readme.py --check  # exit 1 if README.md is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent

# Reference pages, in reading order.
PAGES = [
    "language.md",
    "cli-compile.md",
    "strategies.md",
    "formats.md",
    "analysis.md",
    "push.md",
    "ryu-test.md",
    "import.md",
    "performance.md",
]


def _demote(text: str) -> str:
    """One heading level down (outside code blocks), and links made relative to the repo root."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        out.append(line)
    text = "\n".join(out) + "\n"
    text = text.replace("](../", "](")
    return re.sub(r"\]\((?!https?:|#|docs/|bench/)([\w.-]+\.md)\)", r"](docs/\1)", text)


def build() -> str:
    parts = [(DOCS / "readme-head.md").read_text().rstrip() + "\n"]
    titles = []
    for page in PAGES:
        first = (DOCS / page).read_text().splitlines()[0].lstrip("# ").strip()
        anchor = re.sub(r"[^\w\- ]", "", first.lower()).strip().replace(" ", "-")
        titles.append(f"- [{first}](#{anchor}) (also [docs/{page}](docs/{page}))")
    parts.append("## Reference\n\n" + "\n".join(titles) + "\n")
    for page in PAGES:
        parts.append(_demote((DOCS / page).read_text().rstrip()))
    parts.append(
        "## Project layout\n\n"
        "`grammars/acl.lark` the language; `aclc/` one module per stage: `parse`, `resolve`, "
        "`normalize` (front end), `lower/` (target profiles in `profiles.py`, strategies), "
        "`emit/` (one module per format), `semantics/` (the BDD model: verify, lint, diff, "
        "check, optimize), `evaluate.py` (the plain packet evaluator), `push/` (OpenFlow "
        "channel, transactions, Lagopus datastore), `importers/`, `commands/` (the CLI); "
        "`examples/` bundled ACLs; `tests/` (golden files under `tests/golden/`, regenerated "
        "only with `ACLC_REGEN_GOLDEN=1`); `bench/` benchmarks (`python3 -m bench`).\n"
    )
    return "\n\n".join(parts)


def main(argv: list[str]) -> int:
    text = build()
    readme = REPO / "README.md"
    if "--check" in argv:
        if not readme.exists() or readme.read_text() != text:
            print("README.md is stale: run python3 docs/build_readme.py", file=sys.stderr)
            return 1
        return 0
    readme.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
