"""Which pages in `source/` are documents: the workflow's discovery, with `source/` as the trust boundary.

Every page (`.txt`, `.html`, `.htm`, or a corrected `.md`, which wins) is a document named by its file name,
in `source/` or one folder down (`source/SITE/page.txt`: a folder of one site's pages, which its site file
`source/sites/SITE.yaml` applies to; see `paiban.clean.sites`). Outputs stay `dist/{doc}.*`, so a name
must be unique across the folders. These are refused, each with one line naming it, while every other
document builds:

- a page (or a folder of pages) that resolves outside `source/` (a symlink to `/etc/passwd`, say): paiban
  would clean, render, list and serve whatever it points at. `allow_outside=True` (`--config allow_outside_source=true`)
  builds such links for a user who keeps pages elsewhere on purpose;
- a name Snakemake cannot take as a wildcard value: `{` or `}` would be read as a wildcard of the
  workflow's own patterns (`WildcardError`, and nothing at all builds);
- a page whose name another folder's page already has (which one would `dist/{doc}.pdf` be?);
- a page in `source/sites/`, which holds site vocabularies.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from paiban.clean.sites import SITES_FOLDER, Sites
from paiban.errors import PaibanError
from paiban.files import read_bytes, read_text
from paiban.sidecar import check_overrides, load_mapping

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
    docs: dict[str, str] = {}
    refused: list[Refusal] = []
    folders = []
    for folder in sorted(d for d in source.glob("*") if d.is_dir() and not d.name.startswith(".")):
        target = folder.resolve()
        if allow_outside or target.is_relative_to(root):
            folders.append(folder)
        elif any(p.suffix.lower() in SUFFIX_RANK for p in folder.glob("*")):
            # One line for the folder, not one per page: a link to / would list the whole disk.
            refused.append(
                Refusal(
                    f"{folder}/",
                    f"it resolves to {target}, outside source/; run with "
                    "--config allow_outside_source=true to build its pages",
                )
            )
    pages = sorted(
        chain(source.glob("*"), *(d.glob("*") for d in folders)),
        key=lambda p: (p.stem, SUFFIX_RANK.get(p.suffix.lower(), 9), len(p.parts), str(p)),
    )
    for page in pages:
        if page.suffix.lower() not in SUFFIX_RANK or page.name.startswith("."):
            continue
        if page.is_symlink() and not page.exists():
            refused.append(Refusal(str(page), f"a link to {page.readlink()}, which does not exist"))
            continue
        if not page.is_file():
            continue
        if page.parent.name == SITES_FOLDER and page.parent != source:
            refused.append(
                Refusal(
                    str(page),
                    f"{page.parent}/ holds site vocabularies (YAML), not pages; "
                    "move the page to source/ or a folder of its site",
                )
            )
            continue
        if page.stem in docs:
            taken = Path(docs[page.stem])
            if (taken.suffix.lower() == ".md" and page.suffix.lower() != ".md") or taken.parent == page.parent:
                continue  # a corrected .md (or the .html) already stands for this document
            refused.append(
                Refusal(
                    str(page),
                    f"the document name '{page.stem}' is already {taken}'s (outputs "
                    "are dist/NAME.*, whatever the folder); rename one of them",
                )
            )
            continue
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
        return (
            f"it resolves to {target}, outside source/; copy the page into source/, or run with "
            "--config allow_outside_source=true to build links that point elsewhere"
        )
    return ""


def site_inputs(sites: Sites, page: str) -> list[str]:
    """The site file that applies to `page`, as the clean rule's input: editing it rebuilds exactly that
    site's pages, and a new one rebuilds the pages it now matches (their input set changes). The page's
    sidecar may name its address (`url:`); a sidecar or page that cannot be read has no site here, and
    its clean job reports the problem."""
    path = Path(page)
    url = ""
    sidecar = path.with_suffix(".yaml")
    try:
        if sites.by_host and sidecar.is_file() and sidecar != path:
            data = load_mapping(read_text(sidecar), sidecar, "front-matter keys") or {}
            url = check_overrides(data, sidecar).get("url", "")
        matched = sites.match(path, read_bytes(path) if sites.by_host else b"", url)
    except (PaibanError, OSError):
        return []
    return [matched.site.path] if matched else []
