"""The end of a `snakemake` run: stale outputs removed, and a short summary on the console.

The jobs' logs (`dist/logs/`) hold every warning and error (`warning: …`, `error: paiban: FILE: …`), but
nobody reads forty logs after a run; the Snakefile's onsuccess/onerror handlers call `finish`, which
prints what a person must know — how many documents were built, each document's warnings (title not
found, suspected source defects, characters no font has, unknown sidecar keys), each failure with its
one-line reason, each refused page.

A document's publications exist only beside its Markdown: when its clean fails (Snakemake deletes the
`.md` of a failed job) or its page left `source/`, the old `.pdf/.docx/.epub` would stay in `dist/` and
on the download page, looking current. `finish` removes them and rewrites the download page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from paiban.files import write_text_atomic
from paiban.workflow.sources import Refusal

FORMATS = (".md", ".pdf", ".docx", ".epub")
SHOWN_PER_DOCUMENT = 3


def stale_outputs(dist: Path, docs: Iterable[str]) -> list[Path]:
    """Publications in `dist` whose document is gone from `source/` or has no Markdown (its clean failed)."""
    current = set(docs)
    stale: list[Path] = []
    for path in sorted(dist.glob("*")) if dist.is_dir() else []:
        if path.name.startswith(".") or path.suffix not in FORMATS or not path.is_file():
            continue
        if path.stem not in current or not (dist / f"{path.stem}.md").is_file():
            stale.append(path)
    return stale


def _log_lines(path: Path, kind: str) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line[len(kind) + 2:].strip() for line in text.splitlines() if line.startswith(f"{kind}: ")]


def summary(dist: Path, docs: Iterable[str], refused: Iterable[Refusal] = ()) -> str:
    """The run's summary, one line per finding, from the jobs' logs in `dist/logs/`."""
    docs = list(docs)
    logs = dist / "logs"
    built = [d for d in docs if all((dist / f"{d}{suffix}").is_file() for suffix in FORMATS)]
    lines: list[str] = []
    warned = 0
    for doc in docs:
        warnings = [w for stage in ("clean", "pdf") for w in _log_lines(logs / f"{doc}.{stage}.log", "warning")]
        warned += len(warnings)
        for w in warnings[:SHOWN_PER_DOCUMENT]:
            lines.append(f"paiban: warning: {doc}: {w}")
        if len(warnings) > SHOWN_PER_DOCUMENT:
            lines.append(f"paiban: warning: {doc}: … {len(warnings) - SHOWN_PER_DOCUMENT} more in "
                         f"{logs / (doc + '.clean.log')}")
    failed: dict[str, str] = {}
    for doc in docs:
        for stage in ("clean", "pdf", "docx", "epub", "booklet"):
            errors = _log_lines(logs / f"{doc}.{stage}.log", "error")
            if errors and doc not in failed:
                failed[doc] = errors[-1].removeprefix("paiban: ")
    for name in ("index", "pack", "pack-booklet"):
        errors = _log_lines(logs / f"{name}.log", "error")
        if errors:
            failed[name] = errors[-1].removeprefix("paiban: ")
    lines += [f"paiban: failed: {doc}: {reason}" for doc, reason in failed.items()]
    refusals = list(refused)
    lines += [f"paiban: {r.format()}" for r in refusals]
    head = (f"paiban: {len(built)} of {len(docs)} documents built; {warned} warning{'s' if warned != 1 else ''}"
            f"; {len(failed)} failed; {len(refusals)} refused")
    return "\n".join([head, *lines])


def finish(dist: Path, docs: Mapping[str, str] | Iterable[str], refused: Iterable[Refusal] = (),
           failed: bool = False, theme: Path | None = None) -> str:
    """Remove stale publications, then summarize the run. The download page is rewritten when any went,
    and after a `failed` run (whose index job never ran: it waits for every document) when there is
    something to list, so that it shows exactly the documents that built, in the look of `theme` (the
    run's theme file; default: the default theme)."""
    names = list(docs)
    removed = stale_outputs(dist, names)
    for path in removed:
        path.unlink(missing_ok=True)
    listable = any(p.suffix in FORMATS for p in dist.glob("*")) if dist.is_dir() else False
    if (removed and (dist / "index.html").exists()) or (failed and listable):
        from paiban.cli import default_theme
        from paiban.publish.index_page import build_index
        from paiban.theme import load_theme

        look = load_theme(theme or default_theme()).download_page
        write_text_atomic(dist / "index.html", build_index(dist, look))
    text = summary(dist, names, refused)
    if removed:
        text += "\n" + "\n".join(f"paiban: removed stale {path}" for path in removed)
    return text
