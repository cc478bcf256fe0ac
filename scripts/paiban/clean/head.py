"""The head: the lines before the document's text → title lines, subtitle, speaker, date, doc-number.

In order: the site's leftovers go (chrome, menus, a repost's 原标题); the lines that are front matter by
their shape are read (doc-number, letterhead, subtitle, date lines); the title is the best-weighed run
of the rest (`title.best_title_run`), what stands above it is the site's; under it come the subtitle,
speaker, date line and byline, and whatever is none of these is document text after all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paiban.clean import chrome as bp
from paiban.clean.blocks import PageLine
from paiban.clean.evidence import Evidence, collect, page_titles
from paiban.clean.ledger import Ledger
from paiban.clean.metadata import (
    byline_orgs,
    doc_number,
    find_dates,
    is_date_line,
    is_doc_number_line,
    is_org,
    parse_date,
    parse_roc_short,
    speaker_of,
    subtitle_of,
)
from paiban.clean.sentence import reads_as_sentence
from paiban.clean.title import SITE_NAME, TITLE_SEP, best_title_run, nav_shape
from paiban.markers import outline_kind
from paiban.model import Meta

_SUBTITLE_END = re.compile(r"(上|讲话|講話|发言|發言|致辞|致辭|报告|報告|演讲|演講|会议|會議|[）)])$")
_ORIGINAL_TITLE = re.compile(r"^(?:原标题|原標題|原题|原題)[:：]\s*(.+)$")
_LETTERHEAD = re.compile(r"(.{2,30}?)文件")  # 某某市人民政府文件
_SUBTITLE_TAGS = ("h2", "h3", "h4")  # a news page's 副题 in the heading under its headline

# When the page's metadata names a title that no head line repeats, a run weighed below this is not the
# title: the metadata's is (`frontmatter.pick_title`), and the lines stay what they are.
METADATA_TITLE_OVERRULES = 4
# A site's name above the text (某某网, 某某门户) is this long at most.
SITE_NAME_LENGTH = 20


@dataclass(frozen=True)
class _TitleRun:
    """The title's lines, as positions [start, end) among the head's remaining lines."""

    start: int
    end: int
    names: frozenset[str]  # every key the page names its title by (metadata, repetitions)


def read_head(
    lines: list[PageLine], head: list[int], vocab: bp.Vocab, ev: Evidence, meta: Meta, ledger: Ledger
) -> tuple[list[str], list[int]]:
    """Read the lines before the document text into `meta`. Returns the title lines and the head lines
    that are document text after all (kept in the body)."""
    cands = [i for i in head if not _drop_chrome(lines, i, vocab, ev, ledger)]
    rest, stamps = _shaped_fields(lines, cands, meta, ledger)
    if not rest:
        for i in stamps:
            _date_line(lines, i, meta, ledger)
        return [], []
    keys = [bp.key(lines[i].text) for i in rest]
    run = _title_run(lines, rest, keys, ev, meta)
    for p in range(run.start):
        ledger.drop(rest[p], "page title repeated" if keys[p] in run.names else "before the title (site chrome)")
    title_lines = [lines[rest[p]].text for p in range(run.start, run.end)]
    title_first = rest[run.start] if run.end > run.start else -1
    for i in stamps:
        if i > title_first:
            _date_line(lines, i, meta, ledger)
        else:
            ledger.drop(i, "date before the title (a value of the page's metadata, not the document's date line)")
    for p in range(run.start, run.end):
        ledger.note(rest[p], "title line")
    keep = [rest[p] for p in range(run.end, len(rest)) if _under_title(lines, rest, keys, p, run, meta, ledger)]
    return title_lines, keep


def _drop_chrome(lines: list[PageLine], i: int, vocab: bp.Vocab, ev: Evidence, ledger: Ledger) -> bool:
    """Drop head line `i` when it is the site's: a table, weak chrome, a menu, a repost's 原标题."""
    ln = lines[i]
    reason = ""
    if ln.rows:
        reason = "table before the start of the document"
    elif chrome := bp.chrome_reason(vocab, ln.text, outside=True):
        collect(vocab, ln.text, chrome, ev)
        reason = f"{chrome} (before the start of the document)"
    elif nav_shape(ln.text):
        reason = "navigation bar (shape: a row of short items, before the start of the document)"
    elif m := _ORIGINAL_TITLE.match(ln.text.strip()):
        # A repost's note of the original headline: evidence for the title, never the title line.
        ev.page.setdefault("original-title", re.split(r"[:：]", m.group(1))[-1])
        reason = "original headline of a repost (原标题)"
    if reason:
        ledger.drop(i, reason)
    return bool(reason)


def _shaped_fields(lines: list[PageLine], cands: list[int], meta: Meta, ledger: Ledger) -> tuple[list[int], list[int]]:
    """Read the head lines that are front matter by their shape (a subtitle broken over two lines,
    doc-number, letterhead, subtitle). Returns the other lines and the date lines among them (the
    document's date line when it comes after the title, else a page's stamp)."""
    rest: list[int] = []
    stamps: list[int] = []
    for p, i in enumerate(cands):
        t = lines[i].text
        nxt = cands[p + 1] if p + 1 < len(cands) else None
        if nxt is not None and (joined := _broken_subtitle(t, lines[nxt].text, meta)):
            meta.subtitle = joined
            ledger.note(i, "subtitle (first line)")
            ledger.note(nxt, "subtitle (second line)")
            lines[nxt].text = ""
        elif not t:
            continue
        elif what := _shaped_field(t, meta, bool(rest)):
            ledger.note(i, what)
        elif is_date_line(t) and rest:
            stamps.append(i)
        else:
            rest.append(i)
    return rest, stamps


def _broken_subtitle(t: str, nxt: str, meta: Meta) -> str:
    """`2025年3月21日在某区第十九届` / `人民代表大会第四次会议上`: one subtitle, broken; "" when not."""
    finished = subtitle_of(t) and _SUBTITLE_END.search(t.strip())
    if meta.subtitle or finished or not nxt:
        return ""
    joined = t.strip() + nxt.strip()
    if subtitle_of(joined) and _SUBTITLE_END.search(joined) and find_dates(re.sub(r"\s+", "", joined)):
        return joined
    return ""


def _shaped_field(t: str, meta: Meta, after_first: bool) -> str:
    """Take a doc-number, letterhead or (after the first line) subtitle line into `meta`; returns what
    the line was, or ""."""
    if is_doc_number_line(t):
        if not meta.doc_number:
            meta.doc_number = doc_number(t)
        return "document number"
    if m := _LETTERHEAD.fullmatch(bp.key(t)):
        if not meta.author and is_org(m.group(1)):
            meta.author = m.group(1)
        return "letterhead"
    if subtitle_of(t) and not meta.subtitle and after_first:
        meta.subtitle = t.strip()
        return "subtitle"
    return ""


def _date_line(lines: list[PageLine], i: int, meta: Meta, ledger: Ledger) -> None:
    t = lines[i].text
    if not meta.date:
        meta.date = parse_date(re.sub(r"\s+", "", t)) or parse_roc_short(t.strip("（()）"))
    ledger.note(i, _keep_date_line(meta, t))


def _title_run(lines: list[PageLine], rest: list[int], keys: list[str], ev: Evidence, meta: Meta) -> _TitleRun:
    """The run of head lines the evidence weighs highest as the title."""
    meta_titles, weak_titles = page_titles(ev)
    repeated, duplicated = _repetitions(lines, rest, keys)
    texts = [lines[i].text for i in rest]
    tags = [lines[i].tag or ("link" if lines[i].link else "") for i in rest]
    a, b, score = best_title_run(
        rest, keys, texts, tags, (meta_titles, weak_titles, repeated, duplicated), bp.key(meta.author)
    )
    # The page's metadata names a title that no head line repeats, and no line reads as one either
    # (a speaker line, a stray label): the title is the metadata's, and the lines stay what they are.
    overruled = meta_titles and score < METADATA_TITLE_OVERRULES and not set(keys) & meta_titles
    start, end = (0, 0) if overruled else (a, b)
    return _TitleRun(start, end, frozenset(meta_titles | weak_titles | repeated | duplicated))


def _repetitions(lines: list[PageLine], rest: list[int], keys: list[str]) -> tuple[set[str], set[str]]:
    """(titles the head repeats, lines that occur twice). A line equal to the concatenation of the lines
    after it is the page title repeated; so is a browser title `标题_站名` whose first part is another
    line."""
    repeated: set[str] = set()
    for p in range(len(rest)):
        parts = _headline_parts(lines[rest[p]].text, keys[p])
        if len(parts) > 1 and any(
            parts[0] == "".join(keys[q : q + n]) for q in range(len(rest)) for n in (1, 2, 3) if q != p
        ):
            repeated.add(parts[0])
        if any("".join(keys[p + 1 : p + 1 + n]) == keys[p] for n in (2, 3) if p + 1 + n <= len(rest)):
            repeated.add(keys[p])
    return repeated, {k for k in keys if keys.count(k) > 1}


def _headline_parts(text: str, key: str) -> list[str]:
    """A headline's parts: `标题_站名` split at its separators; a portal headline `简称(代码)：标题` or
    `原标题：简称：标题` repeats the title after its last colon, which comes first."""
    parts = [bp.key(x) for x in TITLE_SEP.split(text) if bp.key(x)]
    tail = re.split(r"[:：]", key)[-1]
    if tail != key and len(tail) >= 6:
        parts = [tail, *parts]
    return parts


def _under_title(
    lines: list[PageLine], rest: list[int], keys: list[str], p: int, run: _TitleRun, meta: Meta, ledger: Ledger
) -> bool:
    """Read head line `rest[p]` under the title into `meta` or drop it; True when it is document text."""
    i = rest[p]
    t = lines[i].text
    if what := _under_title_field(lines, rest, keys, p, run, meta):
        ledger.note(i, what)
    elif keys[p] in run.names or keys[p] == "".join(keys[run.start : run.end]):
        ledger.drop(i, "page title repeated")
    elif is_date_line(t):
        if not meta.date:
            meta.date = parse_date(re.sub(r"\s+", "", t))
        ledger.note(i, _keep_date_line(meta, t))
    elif lines[i].link:
        ledger.drop(i, "link list (all link text, between the title and the text)")
    elif SITE_NAME.search(keys[p]) and len(keys[p]) <= SITE_NAME_LENGTH:
        ledger.drop(i, "site name (before the start of the document)")
    elif byline_orgs(t) and not meta.author:
        meta.author = byline_orgs(t)
        ledger.note(i, "byline (the organizations that issue the text)")
    else:
        return True
    return False


def _under_title_field(
    lines: list[PageLine], rest: list[int], keys: list[str], p: int, run: _TitleRun, meta: Meta
) -> str:
    """Take a subtitle or speaker line under the title into `meta`; returns what it was, or ""."""
    ln = lines[rest[p]]
    t = ln.text
    if subtitle_of(t) and not meta.subtitle:
        meta.subtitle = t.strip()
        return "subtitle"
    # (A short line that comes back later, `导 言`, is a contents entry, not a speaker.)
    if speaker_of(t) and not meta.speaker and sum(bp.key(x.text) == keys[p] for x in lines) == 1:
        meta.speaker = speaker_of(t)
        return "speaker"
    if (
        ln.tag in _SUBTITLE_TAGS
        and not meta.subtitle
        and p == run.end > run.start
        and not outline_kind(t)
        and not reads_as_sentence(t)
    ):
        meta.subtitle = t.strip()
        return "subtitle (heading under the title)"
    return ""


def _keep_date_line(meta: Meta, text: str) -> str:
    """A date written out in words under the title (`（2024年2月19日）` under a speech) is the document's
    own line, not a site's stamp: it must still print, and the subtitle is where renderers set it.
    Returns what the log says of the line."""
    if "年" in text and not meta.subtitle:
        meta.subtitle = text.strip()
        return "date line (kept as the subtitle)"
    return "date line"
