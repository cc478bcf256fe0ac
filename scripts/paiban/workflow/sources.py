"""Which pages in `source/` are documents: the workflow's discovery, with `source/` as the trust boundary.

Every page (`.txt`, `.html`, `.htm`, or a corrected `.md`, which wins) is a document named by its file name.
Two kinds are refused, each with one line naming it, while every other document builds:

- a page that resolves outside `source/` (a symlink to `/etc/passwd`, say): paiban would clean, render,
  list and serve whatever it points at. `allow_outside=True` (`--config allow_outside_source=true`)
  builds such links for a user who keeps pages elsewhere on purpose;
- a name Snakemake cannot take as a wildcard value: `{` or `}` would be read as a wildcard of the
  workflow's own patterns (`WildcardError`, and nothing at all builds).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SUFFIX_RANK = {".md": 0, ".html": 1, ".htm": 2, ".txt": 3}


@dataclass(frozen=True)
class Refusal:
    page: str  # the path in source/, as the user sees it
    reason: str

    def format(self) -> str:
        return f"{self.page}: refused: {self.reason}"


def discover(source: Path, allow_outside: bool = False) -> tuple[dict[str, str], list[Refusal]]:
    """(document name → page path, refused pages) for the pages in `source`, in name order."""
    root = source.resolve()
    pages = sorted(source.glob("*"), key=lambda p: (p.stem, SUFFIX_RANK.get(p.suffix.lower(), 9)))
    docs: dict[str, str] = {}
    refused: list[Refusal] = []
    for page in pages:
        if page.suffix.lower() not in SUFFIX_RANK or page.name.startswith("."):
            continue
        if page.is_symlink() and not page.exists():
            refused.append(Refusal(str(page), f"a link to {page.readlink()}, which does not exist"))
            continue
        if not page.is_file():
            continue
        if page.stem in docs:
            continue  # a corrected .md (or the .html) already stands for this document
        reason = _problem(page, root, allow_outside)
        if reason:
            refused.append(Refusal(str(page), reason))
            continue
        docs[page.stem] = str(page)
    return docs, refused


def _problem(page: Path, root: Path, allow_outside: bool) -> str:
    if "{" in page.name or "}" in page.name:
        return "a name with { or } cannot be a document name (Snakemake reads them as a wildcard); rename the file"
    target = page.resolve()
    if not allow_outside and not target.is_relative_to(root):
        return (f"it resolves to {target}, outside source/; copy the page into source/, or run with "
                "--config allow_outside_source=true to build links that point elsewhere")
    return ""
