"""The clean stage: scraped page bytes → Article + a log of every decision.

    decode → lines (text dump, or HTML laid out by `html`) → character normalization
    → chrome removal by vocabulary (strong anywhere; weak only outside the document) and extractor hints
      (`sweep`)
    → the document's start (first body-like line, `start`) and end (closing, then trailing chrome by
      shape, `tail`)
    → the head: title lines (evidence: repetition of the page title, <title>/meta, h1, position),
      subtitle, speaker, doc-number, date line, letterhead → front matter (`head`)
    → body: re-join hard wraps, drop inline junk, punctuation → full width, warnings, blocks
    → metadata by evidence rank (`frontmatter`), then the sidecar's overrides.

Every removed line is recorded in a `Ledger` with its reason; suspected source defects are warnings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from paiban import markdown
from paiban.clean import chrome as bp
from paiban.clean import frontmatter
from paiban.clean.blocks import PageLine, build_blocks, is_part_heading, join_wrapped
from paiban.clean.decode import decode, encoding_entry
from paiban.clean.evidence import Evidence
from paiban.clean.fidelity import check_kept
from paiban.clean.head import read_head
from paiban.clean.html import extract
from paiban.clean.ledger import Ledger
from paiban.clean.metadata import is_date_line
from paiban.clean.punctuation import count_invisible, fix_punctuation, normalize_chars, warnings
from paiban.clean.sentence import ends_paragraph
from paiban.clean.sites import Site, fill_defaults
from paiban.clean.start import find_start
from paiban.clean.sweep import drop_running_heads, sweep
from paiban.clean.tail import after_signature, after_the_text, cut_at_tail_opener, trim_tail
from paiban.errors import PaibanError
from paiban.markers import outline_kind
from paiban.model import Article, LogEntry, Meta

_INDENT = re.compile(r"^(?:[ \t\u00a0]{2,}|\u3000|\t)")
# A paragraph a page break cut is re-joined when its first part is at least this long.
PAGE_BREAK_JOIN = 15


def clean_source(
    data: bytes, name: str, overrides: dict[str, Any] | None = None, site: Site | None = None
) -> tuple[Article, list[LogEntry]]:
    """Clean one scraped page (bytes) into an Article and the log of every decision.

    `name` is the file name: its suffix (.txt/.html/.htm/.md) decides the reader. `overrides` is the
    parsed sidecar `source/{doc}.yaml`: any front-matter key overrides the detected value; `boilerplate`
    (a list of regexes) adds site-specific chrome patterns. `site` is the page's site vocabulary
    (`paiban.clean.sites`): its patterns rank below the sidecar's, its defaults below what the page says.
    Raises PaibanError for bad input.
    """
    overrides = dict(overrides or {})
    extra = overrides.pop("boilerplate", None) or []
    if isinstance(extra, str):
        extra = [extra]
    try:
        vocab = bp.load_vocab([str(x) for x in extra], site)
    except re.error as e:
        raise PaibanError(name, f"bad boilerplate pattern in sidecar: {e}") from None
    text, encoding = decode(data, name)
    log: list[LogEntry] = [encoding_entry(encoding)]

    if Path(name).suffix.lower() == ".md":
        return _markdown_page(text, name, overrides, log), log

    ev = Evidence()
    is_html = _looks_html(text, name)
    lines = _read_lines(text, name, is_html, ev, log)
    _normalize(lines, vocab, log)
    ledger = Ledger(lines, log)
    head, body_idx = _find_document(lines, vocab, ev, ledger, name)
    meta = Meta()
    title_lines, keep = read_head(lines, head, vocab, ev, meta, ledger)
    final = _body_text(_paragraph_lines(keep + body_idx, ledger, is_html), vocab, log)
    if not final:
        raise PaibanError(name, "no document text left after cleaning")
    blocks = build_blocks(final)
    frontmatter.fill(meta, title_lines, blocks, ev, vocab, log)
    if not meta.title:
        meta.title = normalize_chars(Path(name).stem)
        log.append(LogEntry("warning", "no title found in the page: using the file name", meta.title))
    fill_defaults(meta, site, log)
    _apply_overrides(meta, overrides, log, name)
    if not any(b.text or b.lines or b.rows for b in blocks):
        raise PaibanError(name, "no document text left after cleaning")
    check_kept(text, Article(meta, blocks), name, is_html)
    return Article(meta, blocks), log


def _markdown_page(text: str, name: str, overrides: dict[str, Any], log: list[LogEntry]) -> Article:
    """An already-normalized Markdown page is taken as is (only the sidecar applies)."""
    try:
        article = markdown.load(text)
    except ValueError as e:
        raise PaibanError(name, f"malformed front matter: {e}") from None
    log.append(LogEntry("info", "already-normalized Markdown: taken as is"))
    _apply_overrides(article.meta, overrides, log, name)
    if not article.blocks:
        raise PaibanError(name, "no document text")
    return article


def _looks_html(text: str, name: str) -> bool:
    """The suffix decides, with two exceptions: a `.html` without any markup is text, and a `.txt` that
    is a saved page (it opens with <!DOCTYPE html> or <html>) is HTML."""
    suffix = Path(name).suffix.lower()
    has_markup = bool(re.search(r"<(html|body|head|p|div|br|table|span|h[1-6]|meta|title)\b", text[:20000], re.I))
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return has_markup
    opens = bool(re.match(r"\s*(<!doctype html|<html[\s>])", text[:500], re.I))
    if suffix == ".txt":
        return opens
    return opens or bool(re.match(r"\s*(<head|<body|<meta)", text[:500], re.I))


def _read_lines(text: str, name: str, is_html: bool, ev: Evidence, log: list[LogEntry]) -> list[PageLine]:
    """The page's lines: an HTML page laid out by `html.extract` (its <title>/<meta> into `ev.page`),
    a text dump line by line."""
    if not is_html:
        return [
            PageLine(raw, no, indent=bool(_INDENT.match(raw)))
            for no, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1)
        ]
    lines, ev.page, hlog = extract(text, name)
    log += hlog
    saved = " (a saved page named .txt)" if name.lower().endswith(".txt") else ""
    log.append(LogEntry("info", "read as HTML" + saved))
    return lines


def _normalize(lines: list[PageLine], vocab: bp.Vocab, log: list[LogEntry]) -> None:
    """Characters normalized, invisible ones counted; inline junk (pinyin glosses, watermarks) goes
    before any decision, so that a title carrying 務(wù) still matches its clean repetition, and no
    gloss ever reaches the front matter."""
    invisible = sum(count_invisible(ln.text) for ln in lines)
    if invisible:
        log.append(LogEntry("removed", f"{invisible} invisible character(s) (zero-width, bidi or control)"))
    for ln in lines:
        ln.text = normalize_chars(ln.text)
        ln.rows = [[normalize_chars(c) for c in r] for r in ln.rows]
        if ln.text:
            ln.text, junk = bp.strip_inline(vocab, ln.text, sidecar=False)
            for reason, frag in junk:
                log.append(LogEntry("removed", f"inline junk ({reason})", frag, ln.no))


def _find_document(
    lines: list[PageLine], vocab: bp.Vocab, ev: Evidence, ledger: Ledger, name: str
) -> tuple[list[int], list[int]]:
    """Sweep the chrome, find where the text starts and ends. Returns the head lines (before the start)
    and the body lines."""
    sweep(lines, vocab, ev, ledger)
    drop_running_heads(lines, vocab, ledger)
    kept = ledger.kept()
    start = find_start(lines, kept)
    if not kept:
        raise PaibanError(name, "no document text left after cleaning")
    body = cut_at_tail_opener(lines, kept[start:], vocab, ledger)
    body = trim_tail(lines, body, vocab, ev, ledger)
    body = after_signature(lines, body, vocab, ledger)
    return kept[:start], after_the_text(lines, body, vocab, ledger)


def _paragraph_lines(body: list[int], ledger: Ledger, is_html: bool) -> list[PageLine]:
    """The body's lines with a blank line between paragraphs, and a paragraph a PDF dump's page break
    (a removed page number) cut into two joined again."""
    lines = ledger.lines
    out: list[PageLine] = []
    prev = None
    for i in body:
        gap = range(prev + 1, i) if prev is not None else range(0)
        prev = i
        blank = any(not lines[j].text and not lines[j].rows for j in gap)
        if gap and not blank and out and _broken_by_page(out[-1], lines[i], gap, ledger):
            out[-1] = replace(out[-1], text=out[-1].text + lines[i].text)
            ledger.log.append(LogEntry("changed", "re-joined a paragraph broken by a page break", "", lines[i].no))
            continue
        # A blank line separates paragraphs; removed furniture does not. HTML blocks are separate, however
        # even their widths (only lines a <br> broke can be a hard wrap).
        if not lines[i].rows and ((is_html and (gap or not lines[i].after_br)) or (gap and blank)):
            out.append(PageLine("", lines[i].no))
        out.append(lines[i])
    return out


def _broken_by_page(last: PageLine, line: PageLine, gap: range, ledger: Ledger) -> bool:
    """`last` stops mid-sentence, a page number stood between it and `line`, and `line` starts no
    heading: one paragraph across a page break."""
    return (
        any(ledger.page_number(j) for j in gap)
        and _unfinished(last)
        and len(last.text) >= PAGE_BREAK_JOIN
        and not is_date_line(last.text)
        and not outline_kind(line.text)
        and not is_part_heading(line.text)
    )


def _unfinished(line: PageLine) -> bool:
    t = line.text.rstrip()
    return bool(t) and not line.rows and not ends_paragraph(t)


def _body_text(body: list[PageLine], vocab: bp.Vocab, log: list[LogEntry]) -> list[PageLine]:
    """Hard wraps re-joined, then each paragraph's and cell's inline junk and punctuation fixed."""
    logical, joins = join_wrapped(body)
    if joins:
        log.append(LogEntry("changed", f"re-joined {joins} hard-wrapped line(s) into their paragraphs"))
    final: list[PageLine] = []
    for ln in logical:
        if ln.rows:
            ln.rows = [[_punct(c, ln.no, log, vocab) for c in r] for r in ln.rows]
            final.append(ln)
            continue
        t = _punct(ln.text, ln.no, log, vocab)
        if t:
            final.append(replace(ln, text=t))
    return final


def _punct(text: str, no: int, log: list[LogEntry], vocab: bp.Vocab) -> str:
    text, junk = bp.strip_inline(vocab, text)
    for reason, frag in junk:
        log.append(LogEntry("removed", f"inline junk ({reason})", frag, no))
    text = normalize_chars(text)
    fixed, changes = fix_punctuation(text)
    if changes:
        summary = ", ".join(f"{k} ×{v}" for k, v in sorted(changes.items()))
        log.append(LogEntry("changed", f"punctuation: {summary}", "", no))
    for w in warnings(fixed):
        log.append(LogEntry("warning", f"suspected source defect: {w}", "", no))
    return fixed


_OVERRIDE_FIELDS = {
    "title": "title",
    "subtitle": "subtitle",
    "author": "author",
    "speaker": "speaker",
    "date": "date",
    "doc-number": "doc_number",
    "category": "category",
    "source": "source",
    "lang": "lang",
}


def _apply_overrides(meta: Meta, overrides: dict[str, Any], log: list[LogEntry], name: str) -> None:
    for k, v in overrides.items():
        if k == "title-lines":
            lines = [v] if isinstance(v, str) else list(v or [])
            meta.title_lines = [str(x).strip() for x in lines if str(x).strip()]
            if "title" not in overrides and meta.title_lines:
                meta.title = "".join(meta.title_lines)
        elif k in _OVERRIDE_FIELDS:
            setattr(meta, _OVERRIDE_FIELDS[k], "" if v is None else str(v).strip())
            if k == "title" and "title-lines" not in overrides and "".join(meta.title_lines) != meta.title:
                meta.title_lines = []
        else:
            log.append(LogEntry("warning", f"unknown sidecar key ignored: {k}"))
            continue
        log.append(LogEntry("info", f"sidecar override: {k}", str(v)))
