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
from paiban.formats import PUBLISHED, RENDERED
from paiban.workflow.sources import Refusal

SHOWN_PER_DOCUMENT = 3
PUBLISHED_SUFFIXES = {f.suffix for f in PUBLISHED}


def stale_outputs(folder: Path, docs: Iterable[str], markdown: Path | None = None) -> list[Path]:
    """Publications in `folder` whose document is gone from `source/` or has no Markdown (its clean failed)
    in `markdown` (default: `folder`; another theme's edition renders the Markdown of `dist/`)."""
    markdown = folder if markdown is None else markdown
    suffixes = PUBLISHED_SUFFIXES if markdown == folder else {f.suffix for f in RENDERED}
    current = set(docs)
    stale: list[Path] = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.name.startswith(".") or path.suffix not in suffixes or not path.is_file():
            continue
        if path.stem not in current or not (markdown / f"{path.stem}.md").is_file():
            stale.append(path)
    return stale


def _log_lines(path: Path, kind: str) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line[len(kind) + 2 :].strip() for line in text.splitlines() if line.startswith(f"{kind}: ")]


def summary(dist: Path, docs: Iterable[str], refused: Iterable[Refusal] = (), edition: Path | None = None) -> str:
    """The run's summary, one line per finding, from the jobs' logs: the cleaner's in `dist/logs/`, the
    renderers' and the download page's in `edition/logs/` (default: dist, the default theme's edition)."""
    docs = list(docs)
    out = dist if edition is None else edition
    logs, out_logs = dist / "logs", out / "logs"

    def stage_logs(doc: str) -> list[Path]:
        return [logs / f"{doc}.clean.log", *(out_logs / f"{doc}.{f.name}.log" for f in RENDERED)]

    built = [
        d for d in docs if (dist / f"{d}.md").is_file() and all((out / f"{d}{f.suffix}").is_file() for f in RENDERED)
    ]
    lines: list[str] = []
    warned = 0
    for doc in docs:
        warnings = [w for log in stage_logs(doc) for w in _log_lines(log, "warning")]
        warned += len(warnings)
        for w in warnings[:SHOWN_PER_DOCUMENT]:
            lines.append(f"paiban: warning: {doc}: {w}")
        if len(warnings) > SHOWN_PER_DOCUMENT:
            lines.append(
                f"paiban: warning: {doc}: … {len(warnings) - SHOWN_PER_DOCUMENT} more in {logs / (doc + '.clean.log')}"
            )
    failed: dict[str, str] = {}
    for doc in docs:
        for log in [*stage_logs(doc), logs / f"{doc}.booklet.log"]:
            errors = _log_lines(log, "error")
            if errors and doc not in failed:
                failed[doc] = errors[-1].removeprefix("paiban: ")
    for log in (out_logs / "index.log", logs / "pack.log", logs / "pack-booklet.log"):
        errors = _log_lines(log, "error")
        if errors:
            failed[log.name.removesuffix(".log")] = errors[-1].removeprefix("paiban: ")
    lines += [f"paiban: failed: {doc}: {reason}" for doc, reason in failed.items()]
    refusals = list(refused)
    lines += [f"paiban: {r.format()}" for r in refusals]
    head = (
        f"paiban: {len(built)} of {len(docs)} documents built; {warned} warning{'s' if warned != 1 else ''}"
        f"; {len(failed)} failed; {len(refusals)} refused"
    )
    return "\n".join([head, *lines])


def finish(
    dist: Path,
    docs: Mapping[str, str] | Iterable[str],
    refused: Iterable[Refusal] = (),
    failed: bool = False,
    theme: Path | None = None,
    edition: Path | None = None,
) -> str:
    """Remove stale publications, then summarize the run. `edition` is the folder the run rendered into
    with `theme` (default: dist, and the default theme); the default edition in dist/ is kept in step too,
    as its Markdown is the one every edition shares. A folder's download page is rewritten, in its theme's
    look, when any of its files went, and the run's own after a `failed` run (whose index job never ran:
    it waits for every document) when there is something to list, so that it shows exactly the documents
    that built."""
    names = list(docs)
    out = dist if edition is None else edition
    removed: list[Path] = []
    for folder in dict.fromkeys([dist, out]):
        gone = stale_outputs(folder, names, dist)
        for path in gone:
            path.unlink(missing_ok=True)
        removed += gone
        listable = folder.is_dir() and any(p.suffix in PUBLISHED_SUFFIXES for p in folder.glob("*"))
        if (gone and (folder / "index.html").exists()) or (failed and folder == out and listable):
            from paiban.publish.index_page import build_index
            from paiban.theme import DEFAULT_THEME, load_theme, theme_file

            look = load_theme(theme if theme and folder == out else theme_file(DEFAULT_THEME)).download_page
            write_text_atomic(folder / "index.html", build_index(folder, look, markdown=dist))
    text = summary(dist, names, refused, edition)
    if removed:
        text += "\n" + "\n".join(f"paiban: removed stale {path}" for path in removed)
    return text
