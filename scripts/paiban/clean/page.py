"""The clean stage: scraped page bytes → Article + a log of every decision.

    decode → lines (text dump, or HTML laid out by extract_html) → character normalization
    → chrome removal by vocabulary (strong anywhere; weak only outside the document) and extractor hints
    → the document's start (first body-like line) and end (closing, then trailing chrome by shape)
    → the head: title lines (evidence: repetition of the page title, <title>/meta, h1, position),
      subtitle, speaker, doc-number, date line, letterhead → front matter
    → body: re-join hard wraps, drop inline junk, punctuation → full width, warnings, blocks
    → metadata by evidence rank, then the sidecar's overrides.

Every removed line or fragment is logged with its reason; suspected source defects are warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from paiban import markdown
from paiban.clean import chrome as bp
from paiban.clean.blocks import (
    Line,
    build_blocks,
    is_caption,
    is_part_heading,
    is_salutation,
    join_wrapped,
    signed_name,
)
from paiban.clean.decode import decode, encoding_entry
from paiban.clean.fidelity import check_kept
from paiban.clean.html import extract
from paiban.clean.metadata import (
    adoption_date,
    byline_orgs,
    credit_org,
    detect_lang,
    doc_number,
    find_dates,
    is_bare_department,
    is_date_line,
    is_doc_number_line,
    is_org,
    issuer_from_title,
    org_from_title,
    org_in_text,
    parse_date,
    parse_roc_short,
    reporter_from_title,
    speaker_of,
    subtitle_of,
    today_date,
)
from paiban.clean.punctuation import count_invisible, fix_punctuation, normalize_chars, warnings
from paiban.clean.sites import Site, fill_defaults
from paiban.clean.title import SITE_NAME, TITLE_END, TITLE_SEP, best_title_run, nav_shape
from paiban.errors import PaibanError
from paiban.markers import ARTICLE, outline_kind
from paiban.model import Article, Block, LogEntry, Meta

_INDENT = re.compile(r"^(?:[ \t\u00a0]{2,}|\u3000|\t)")
_URL = re.compile(r"https?://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
_URL_LINE = re.compile(r"^(?:(?:URL|url|Url|网址|網址|链接|鏈接|地址|來源網址|来源网址)\s*[:：]\s*)?https?://\S+$")
_LINK_LABEL = re.compile(r"^(原文链接|本文链接|原文地址|文章链接|本页链接|本頁連結|原文網址|原始連結|网址|網址)[:：]")
_SUBTITLE_END = re.compile(r"(上|讲话|講話|发言|發言|致辞|致辭|报告|報告|演讲|演講|会议|會議|[）)])$")


@dataclass
class _Evidence:
    """Metadata candidates gathered while cleaning, by kind of evidence."""

    category: str = ""
    publish_date: str = ""
    copyright_owner: str = ""
    source: str = ""
    source_org: str = ""  # 来源：… on the publish line (an organization, not a newspaper)
    breadcrumb: str = ""
    table: dict[str, str] = field(default_factory=dict)  # metadata-table field → value
    page: dict[str, str] = field(default_factory=dict)  # HTML <title>/<meta>


def _text_lines(text: str) -> list[Line]:
    out: list[Line] = []
    for no, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        out.append(Line(raw, no, indent=bool(_INDENT.match(raw))))
    return out


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


def _sentence_like(text: str) -> bool:
    k = text.strip()
    if len(k) <= 150 and TITLE_END.search(k) and not re.search(r"[。！？!?；;]", k):
        return False  # a long title (…若干政策措施（2024—2026年）》的通知) names its kind; a sentence does not end so
    if k.endswith(("：", ":")) and len(k) > 25:
        return True  # a lead-in: 以下是…的發言：
    # (A long line without a single mark is a run of menu items or page data, not a sentence.)
    return "。" in k or (len(k) > 60 and bool(re.search(r"[，、；：！？,.;:!?]", k))) or (
        bool(re.search(r"[，,；;！？!?]", k)) and len(k) > 25)


def _bodyish(line: Line) -> bool:
    if line.rows:
        return False
    t = line.text.strip()
    if not t:
        return False
    if is_salutation(t) and len(t) <= 40:
        return True
    if ARTICLE.match(t) or (outline_kind(t) and not is_date_line(t)):
        return True
    return _sentence_like(t) and not subtitle_of(t)


def _text_follows(lines: list[Line], kept: list[int], p: int) -> bool:
    """The document starts where text runs on: a body-like line followed by more body (a sentence, an
    outline heading, a part heading with text under it), not a lone slogan above the title."""
    t = lines[kept[p]].text
    if is_salutation(t) or p + 1 >= len(kept):
        return True
    nxt = lines[kept[p + 1]]
    if nxt.rows or _bodyish(nxt) or outline_kind(nxt.text):
        return True
    if (nxt.caption or is_caption(nxt.text)) and p + 2 < len(kept) and _bodyish(lines[kept[p + 2]]):
        return True  # a photo and its caption between two paragraphs
    if (is_part_heading(nxt.text) and p + 2 < len(kept) and t.endswith(("。", "：", ":"))
            and not re.search(r"关于|關於", nxt.text)):
        after = lines[kept[p + 2]]
        return _bodyish(after) or bool(outline_kind(after.text))
    return bool(is_date_line(nxt.text) or is_org(nxt.text))


def clean_source(data: bytes, name: str, overrides: dict[str, Any] | None = None,
                 site: Site | None = None) -> tuple[Article, list[LogEntry]]:
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
        try:
            article = markdown.load(text)
        except ValueError as e:
            raise PaibanError(name, f"malformed front matter: {e}") from None
        log.append(LogEntry("info", "already-normalized Markdown: taken as is"))
        _apply_overrides(article.meta, overrides, log, name)
        if not article.blocks:
            raise PaibanError(name, "no document text")
        return article, log

    ev = _Evidence()
    is_html = _looks_html(text, name)
    if is_html:
        lines, ev.page, hlog = extract(text, name)
        log += hlog
        log.append(LogEntry("info", "read as HTML" + (" (a saved page named .txt)" if name.lower().endswith(".txt")
                                                      else "")))
    else:
        lines = _text_lines(text)
    invisible = sum(count_invisible(ln.text) for ln in lines)
    if invisible:
        log.append(LogEntry("removed", f"{invisible} invisible character(s) (zero-width, bidi or control)"))
    for ln in lines:
        ln.text = normalize_chars(ln.text)
        ln.rows = [[normalize_chars(c) for c in r] for r in ln.rows]
        # Inline junk (pinyin glosses, watermarks) goes before any decision, so that a title carrying
        # 務(wù) still matches its clean repetition, and no gloss ever reaches the front matter.
        if ln.text:
            ln.text, junk = bp.strip_inline(vocab, ln.text, sidecar=False)
            for reason, frag in junk:
                log.append(LogEntry("removed", f"inline junk ({reason})", frag, ln.no))

    removed = [False] * len(lines)

    page_numbers: dict[int, bool] = {}

    def drop(i: int, reason: str) -> None:
        removed[i] = True
        page_numbers[i] = reason == "page-number"
        ln = lines[i]
        shown = ln.text or " | ".join(" ".join(r) for r in ln.rows)
        log.append(LogEntry("removed", reason, shown, ln.no))

    _strong_pass(lines, vocab, ev, drop)
    _drop_running_heads(lines, removed, drop)
    kept = [i for i in range(len(lines)) if not removed[i] and (lines[i].text or lines[i].rows)]
    start_pos = next((p for p, i in enumerate(kept) if _bodyish(lines[i]) and _text_follows(lines, kept, p)), None)
    if start_pos is None:
        start_pos = next((p for p, i in enumerate(kept) if _bodyish(lines[i])), None)
    if start_pos is None:
        # No sentence anywhere: the first line is the title, the rest is the document.
        start_pos = 1 if len(kept) > 1 else 0
    if not kept:
        raise PaibanError(name, "no document text left after cleaning")
    head = kept[:start_pos]
    body_idx = _cut_at_tail_opener(lines, kept[start_pos:], vocab, drop)
    body_idx = _trim_tail(lines, body_idx, vocab, ev, drop, removed)
    body_idx = _after_signature(lines, body_idx, vocab, drop)
    body_idx = _after_the_text(lines, body_idx, vocab, drop)

    meta = Meta()
    title_lines, keep = _head(lines, head, vocab, ev, meta, drop, log)
    body_idx = keep + body_idx

    body_lines: list[Line] = []
    prev = None
    for i in body_idx:
        gap = range(prev + 1, i) if prev is not None else range(0)
        blank = any(not lines[j].text and not lines[j].rows for j in gap)
        if (gap and not blank and any(page_numbers.get(j) for j in gap) and body_lines and _unfinished(body_lines[-1])
                and len(body_lines[-1].text) >= 15 and not is_date_line(body_lines[-1].text)
                and not outline_kind(lines[i].text) and not is_part_heading(lines[i].text)):
            # A paragraph broken by a page break of a PDF dump (page number, running header): one paragraph.
            last = body_lines[-1]
            body_lines[-1] = replace(last, text=last.text + lines[i].text)
            log.append(LogEntry("changed", "re-joined a paragraph broken by a page break", "", lines[i].no))
            prev = i
            continue
        # A blank line separates paragraphs; removed furniture does not. HTML blocks are separate, however
        # even their widths (only lines a <br> broke can be a hard wrap).
        if not lines[i].rows and ((is_html and (gap or not lines[i].after_br)) or (gap and blank)):
            body_lines.append(Line("", lines[i].no))
        body_lines.append(lines[i])
        prev = i
    logical, joins = join_wrapped(body_lines)
    if joins:
        log.append(LogEntry("changed", f"re-joined {joins} hard-wrapped line(s) into their paragraphs"))
    final: list[Line] = []
    for ln in logical:
        if ln.rows:
            ln.rows = [[_punct(c, ln.no, log, vocab) for c in r] for r in ln.rows]
            final.append(ln)
            continue
        t = _punct(ln.text, ln.no, log, vocab)
        if t:
            final.append(replace(ln, text=t))
    if not final:
        raise PaibanError(name, "no document text left after cleaning")
    blocks = build_blocks(final)
    _metadata(meta, title_lines, blocks, ev, log, vocab)
    if not meta.title:
        meta.title = normalize_chars(Path(name).stem)
        log.append(LogEntry("warning", "no title found in the page: using the file name", meta.title))
    fill_defaults(meta, site, log)
    _apply_overrides(meta, overrides, log, name)
    if not any(b.text or b.lines or b.rows for b in blocks):
        raise PaibanError(name, "no document text left after cleaning")
    check_kept(text, Article(meta, blocks), name, is_html)
    return Article(meta, blocks), log


def _unfinished(line: Line) -> bool:
    t = line.text.rstrip()
    return bool(t) and not line.rows and not re.search(r"[。！？!?：:；;”」…）)]$|(?<=[\u4e00-\u9fff])\.$", t)


def _drop_running_heads(lines: list[Line], removed: list[bool], drop: Any) -> None:
    """A short line that comes back three times or more between the text's lines is a page's running
    header or footer (PDF dumps), not text."""
    counts: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        k = bp.key(ln.text)
        if not removed[i] and 4 <= len(k) <= 40 and not k.endswith((":", "：")) and not _sentence_like(ln.text):
            counts.setdefault(k, []).append(i)
    for k, idx in counts.items():
        if len(idx) >= 3:
            # The first copy of a long running head may be the title itself; a short repeated line that
            # does not name a document (葡文版本, 回复, 使用道具 举报) is furniture everywhere.
            first_text = lines[idx[0]].text.strip()
            if signed_name(first_text) or is_org(k) or is_date_line(k):
                continue  # a signature repeats on a page of several instruments: it is their text
            first = 1 if len(k) > 8 or TITLE_END.search(k) else 0
            for i in idx[first:]:
                drop(i, "running header/footer (repeated on every page)")


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


def _strong_pass(lines: list[Line], vocab: bp.Vocab, ev: _Evidence, drop: Any) -> None:
    """Drop chrome that is chrome anywhere; collect the metadata it carries."""
    pending_label = ""
    prev_meta = False  # the previous text line was a metadata row
    after_main = 0  # lines seen after the page's main text container
    running_on = True  # still in sentences that follow the container directly (its text's continuation)
    for i, ln in enumerate(lines):
        if ln.zone == 1 and ln.text:
            after_main += 1
            running_on = running_on and _sentence_like(ln.text)
        # A signature set in its own box right after the text's container is still the document's.
        signature = after_main <= 3 and (is_date_line(ln.text) or is_org(ln.text))
        if ln.zone == 1 and not _own_tail(vocab, ln.text) and not signature and not running_on:
            why = (bp.chrome_reason(vocab, ln.text, outside=True) if ln.text else None) or (
                "table" if ln.rows else "site chrome")
            _collect(vocab, ln.text, why, ev)
            drop(i, f"{why} (after the page's main text container)")
            continue
        if ln.rows:
            pairs = _table_pairs(vocab, ln.rows)
            if len(pairs) >= 2:
                for fld, _label, value in pairs:
                    if value and fld not in ev.table:
                        ev.table[fld] = value
                drop(i, "metadata table")
            elif ln.hint:
                drop(i, f"site chrome ({ln.hint})")
            continue
        t = ln.text
        if not t:
            pending_label = ""
            continue
        if pending_label:
            ev.table.setdefault(pending_label, t)
            pending_label = ""
            drop(i, "metadata table (value)")
            continue
        if t.count("|") >= 2:
            # A metadata table flattened into a text dump: `文件名称 | 某某 | 索引号 | …`.
            cells = [c.strip() for c in t.split("|")]
            pairs = _table_pairs(vocab, [[c for c in cells if c]])
            if pairs and bp.key(cells[0]).rstrip(":：") in vocab.labels:
                for fld, _label, value in pairs:
                    if value and fld not in ev.table:
                        ev.table[fld] = value
                drop(i, "metadata table (flattened with |)")
                prev_meta = True
                continue
        reason = bp.chrome_reason(vocab, t, outside=False)
        if reason is None and not re.search(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]", t):
            reason = "no text (decoration or separator line)"
        bare = bp.is_bare_label(vocab, t) if reason is None else None
        if bare:
            pending_label = bare  # `成文日期：` alone: its value is the next line
            reason = "metadata table"
        elif reason is None and re.fullmatch(r"(附件|附表)[:：]", bp.key(t)):
            # A template's `附件：` with nothing attached: the site's furniture follows it straight away.
            nxt = next((ln.text for ln in lines[i + 1 :] if ln.text), "")
            if not nxt or bp.chrome_reason(vocab, nxt, outside=True):
                reason = "empty attachment label (site template)"
        if reason is None and bp.is_metadata_row(vocab, t, in_table=prev_meta or _next_is_metadata(lines, i, vocab)):
            reason = "metadata table"
        prev_meta = reason == "metadata table"
        if reason is None and _LINK_LABEL.match(bp.key(t)):
            reason = "link line"
        if reason is None and _URL_LINE.match(t):
            reason = "page address"
            url = _URL.search(t)
            # A document's address has a path; a bare domain in a footer is the site's.
            if url and not ev.source and re.match(r"https?://[^/]+/.+", url.group(0)):
                ev.source = url.group(0)
        if reason is None and ln.hint and ln.tag != "h1" and not _sentence_like(t):
            reason = f"site chrome ({ln.hint})"
        if reason is None:
            continue
        # Chrome found by its container still carries metadata (a footer's 主办单位, a crumb trail).
        _collect(vocab, t, bp.chrome_reason(vocab, t, outside=True) or reason, ev)
        drop(i, reason)


def _next_is_metadata(lines: list[Line], i: int, vocab: bp.Vocab) -> bool:
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text and not ln.rows), "")
    return bool(nxt) and bp.is_metadata_row(vocab, nxt)


def _table_pairs(vocab: bp.Vocab, rows: list[list[str]]) -> list[tuple[str, str, str]]:
    pairs: list[tuple[str, str, str]] = []
    for row in rows:
        cells = list(row)
        j = 0
        while j < len(cells):
            c = bp.key(cells[j]).rstrip(":：")
            if c in vocab.labels:
                value = cells[j + 1] if j + 1 < len(cells) else ""
                if bp.key(value).rstrip(":：") in vocab.labels:
                    value = ""  # `公开责任部门 | 公开形式：| 主动公开`: an empty cell, then the next label
                pairs.append((vocab.labels[c], c, value.strip()))
                j += 2 if value else 1
                continue
            pairs += bp.metadata_pairs(vocab, cells[j])
            j += 1
    return pairs


def _collect(vocab: bp.Vocab, t: str, reason: str, ev: _Evidence) -> None:
    if reason == "breadcrumb" and not ev.breadcrumb:
        ev.breadcrumb = t
    if reason in ("publish-info",) and not ev.publish_date:
        m = re.search(r"(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2})", bp.key(t))
        roc = re.search(r"(?<!\d)(\d{2,3}[-/.]\d{1,2}[-/.]\d{1,2})(?!\d)", bp.key(t))
        if m:
            ev.publish_date = parse_date(m.group(1)) or parse_date(m.group(1) + "日")
        elif roc:  # Taiwan sites stamp 發布日期：113-04-18 (民國 years)
            ev.publish_date = parse_roc_short(roc.group(1))
    if reason in ("footer",) and not ev.copyright_owner:
        ev.copyright_owner = bp.copyright_owner(t)
    if reason == "publish-info" and not ev.source_org:
        m = re.search(r"(?:来源|來源|信息来源|發布單位|发布单位)(?:于|於|自)?[:：]\s*([\u4e00-\u9fff]{3,30})", t)
        if m and is_org(m.group(1)):
            ev.source_org = m.group(1)
    if reason == "metadata table" or bp.is_metadata_row(vocab, t):
        for fld, _label, value in bp.metadata_pairs(vocab, t):
            if value:
                ev.table.setdefault(fld, value)
    if reason == "link line" and not ev.source:
        m = _URL.search(t)
        if m and re.match(r"^(原文|本文|文章|本页|本頁|原始)", bp.key(t)):
            ev.source = m.group(0)


def _trim_tail(lines: list[Line], body: list[int], vocab: bp.Vocab, ev: _Evidence, drop: Any,
               removed: list[bool]) -> list[int]:
    """Drop chrome after the document's end: weak vocabulary, and short shapeless lines between it and
    chrome already found (related-article lists). The first line of the body always stays."""
    end = len(body)
    in_chrome = False
    while end > 1:
        ln = lines[body[end - 1]]
        t = ln.text
        if ln.rows:
            drop(body[end - 1], "table after the end of the document")
            end -= 1
            continue
        if _own_tail(vocab, t):
            break
        reason = (bp.chrome_reason(vocab, t, outside=True) or (nav_shape(t) and "navigation bar (shape)")
                  or (ln.link and "link list (all link text)"))
        if reason:
            _collect(vocab, t, str(reason), ev)
            drop(body[end - 1], f"{reason} (after the end of the document)")
            end -= 1
            in_chrome = True
            continue
        if is_date_line(t) or is_org(t) or _sentence_like(t):
            break
        if signed_name(t):
            break  # a signature: position and name
        if re.search(r"[。！？!?；;”…]$|(?<=[\u4e00-\u9fff])\.$", t) or outline_kind(t) or is_salutation(t):
            break
        i = body[end - 1]
        after = any(removed[i + 1 :])
        touching = any(removed[j] for j in range(max(0, i - 2), min(len(removed), i + 3)) if j != i)
        if len(t) <= 60 and not re.search(r"[。！？!?]", t) and (in_chrome or after or touching):
            drop(body[end - 1], "short line among the chrome after the end of the document")
            end -= 1
            continue
        break
    return body[:end]


def _own_tail(vocab: bp.Vocab, text: str) -> bool:
    """A line that belongs to the document although it follows its text: 附件, 抄送, 印发, a note, a letter's
    close, a credit line `（某县统计局）`."""
    return bp.keep_after_end(vocab, text) or bool(credit_org(text))


def _cut_at_tail_opener(lines: list[Line], body: list[int], vocab: bp.Vocab, drop: Any) -> list[int]:
    """Everything after a `相关新闻` / `上一篇：` line that follows the document's first line is the site's
    tail (related lists, footers), whatever it looks like; the document's own tail lines stay."""
    if not body:
        return body
    after = range(body[0] + 1, len(lines))
    opener = next((i for i in after if lines[i].text and bp.opens_tail(vocab, lines[i].text)), None)
    if opener is None:
        return body
    keep = []
    for i in body:
        if i < opener or _own_tail(vocab, lines[i].text):
            keep.append(i)
        else:
            drop(i, f"after `{lines[opener].text.strip()[:20]}` (the site's tail)")
    return keep


def _after_signature(lines: list[Line], body: list[int], vocab: bp.Vocab, drop: Any) -> list[int]:
    """A 公文 ends with its signature and date: what follows them is a forum's replies and buttons, a
    site's leftovers — unless it is the document's own tail (附件, 抄送, a credit line) or more text of
    weight (a plan forwarded under the notice, with its headings and paragraphs)."""
    texts = [lines[i].text.strip() for i in body]
    end = next((p for p in range(len(texts) - 1, 0, -1)
                if is_date_line(texts[p]) and is_org(texts[p - 1])), None)
    if end is None or end + 1 >= len(texts):
        return body
    rest = range(end + 1, len(texts))
    weight = sum(len(texts[p]) for p in rest if _sentence_like(texts[p]) and not lines[body[p]].rows)
    if weight >= 150 or any(outline_kind(texts[p]) or ARTICLE.match(texts[p]) or lines[body[p]].rows for p in rest):
        return body
    keep = body[: end + 1]
    for p in rest:
        if _own_tail(vocab, texts[p]):
            keep.append(body[p])
        else:
            drop(body[p], "after the signature and date that end the document")
    return keep


def _line_weight(line: Line) -> int:
    """How much a line speaks for being running text: its length when it reads as a sentence, a cost
    when it is a short item without figures (a menu entry, a link), nothing for headings, data cells and
    tables (a statistics table set one cell a line is text, however short its lines)."""
    t = line.text.strip()
    if line.rows or not t:
        return 0
    if (_sentence_like(t) and len(t) >= 10) or re.search(r"[。！？；!?;…]$|(?<=[\u4e00-\u9fff])\.$", t):
        return len(t)  # a finished sentence is text however short: 特此通知。
    if outline_kind(t) or ARTICLE.match(t) or re.search(r"\d", t):
        return 0
    return -8


def _after_the_text(lines: list[Line], body: list[int], vocab: bp.Vocab, drop: Any) -> list[int]:
    """Where the running text ends: the end of the run of lines with the highest total weight (a
    maximum-sum segment, as text-density extractors find the main block). A site's tail of menus and link
    lists after it is dropped, however it is worded; the document's own tail (signature and date right
    after the text, 附件, credit lines) stays."""
    best = cur = 0
    end = len(body) - 1
    for p, i in enumerate(body):
        cur = max(cur, 0) + _line_weight(lines[i])
        if cur > best:
            best, end = cur, p
    if best == 0:
        return body
    # What stands between the text and its date line (主办单位、联系电话 of a notice, the signature) is
    # the document's.
    dated = [q for q in range(end + 1, min(len(body), end + 9)) if is_date_line(lines[body[q]].text)]
    end = dated[-1] if dated else end
    keep = body[: end + 1]
    for p in range(end + 1, len(body)):
        t = lines[body[p]].text.strip()
        signature = p - end <= 5 and (is_date_line(t) or is_org(t) or signed_name(t))
        cut_off = p == end + 1 == len(body) - 1  # the last line of an excerpt that stops mid-sentence
        if signature or cut_off or _line_weight(lines[body[p]]) >= 0 or _own_tail(vocab, t):
            keep.append(body[p])
        else:
            drop(body[p], "after the end of the running text (short lines without figures: menus, links)")
    return keep


def _page_titles(ev: _Evidence) -> tuple[set[str], set[str]]:
    """Titles the page states outside its text: (strong: ArticleTitle/og:title/metadata table,
    weak: the browser <title> and its first and longest parts)."""
    strong = {bp.key(x) for x in (ev.table.get("title", ""), ev.page.get("article-title", "")) if bp.key(x)}
    weak: set[str] = {bp.key(ev.page.get("original-title", ""))}
    pt = ev.page.get("page-title", "")
    if pt:
        weak.add(bp.key(pt))
        parts = [p for p in TITLE_SEP.split(pt) if p]
        if len(parts) > 1:
            weak.add(bp.key(max(parts, key=len)))
            weak.add(bp.key(parts[0]))
    return strong, weak - {""}


def _head(lines: list[Line], head: list[int], vocab: bp.Vocab, ev: _Evidence, meta: Meta, drop: Any,
          log: list[LogEntry]) -> tuple[list[str], list[int]]:
    """Read the lines before the document text: title lines, subtitle, speaker, date, doc-number.
    Returns the title lines and the head lines that are document text after all (kept in the body)."""
    cands: list[int] = []
    for i in head:
        ln = lines[i]
        t = ln.text
        if ln.rows:
            drop(i, "table before the start of the document")
            continue
        reason = bp.chrome_reason(vocab, t, outside=True)
        if reason:
            _collect(vocab, t, reason, ev)
            drop(i, f"{reason} (before the start of the document)")
            continue
        if nav_shape(t):
            drop(i, "navigation bar (shape: a row of short items, before the start of the document)")
            continue
        if m := re.match(r"^(?:原标题|原標題|原题|原題)[:：]\s*(.+)$", t.strip()):
            # A repost's note of the original headline: evidence for the title, never the title line.
            ev.page.setdefault("original-title", re.split(r"[:：]", m.group(1))[-1])
            drop(i, "original headline of a repost (原标题)")
            continue
        cands.append(i)

    def info(i: int, what: str) -> None:
        log.append(LogEntry("info", f"{what} → front matter", lines[i].text, lines[i].no))

    rest: list[int] = []
    stamps: list[int] = []
    for p, i in enumerate(cands):
        t = lines[i].text
        unfinished = not subtitle_of(t) or not _SUBTITLE_END.search(t.strip())
        if p + 1 < len(cands) and not meta.subtitle and unfinished and lines[cands[p + 1]].text:
            joined = t.strip() + lines[cands[p + 1]].text.strip()
            if subtitle_of(joined) and _SUBTITLE_END.search(joined) and find_dates(re.sub(r"\s+", "", joined)):
                # `2025年3月21日在某区第十九届` / `人民代表大会第四次会议上`: one subtitle, broken.
                meta.subtitle = joined
                info(i, "subtitle (first line)")
                info(cands[p + 1], "subtitle (second line)")
                lines[cands[p + 1]].text = ""
                continue
        if not t:
            continue
        k = bp.key(t)
        if is_doc_number_line(t):
            if not meta.doc_number:
                meta.doc_number = doc_number(t)
            info(i, "document number")
        elif m := re.fullmatch(r"(.{2,30}?)(文件|文件)", k):
            if not meta.author and is_org(m.group(1)):
                meta.author = m.group(1)
            info(i, "letterhead")
        elif subtitle_of(t) and not meta.subtitle and rest:
            meta.subtitle = t.strip()
            info(i, "subtitle")
        elif is_date_line(t) and rest:
            stamps.append(i)  # the document's date line if it comes after the title, else a page's stamp
        else:
            rest.append(i)

    def date_line(i: int) -> None:
        t = lines[i].text
        if not meta.date:
            meta.date = parse_date(re.sub(r"\s+", "", t)) or parse_roc_short(t.strip("（()）"))
        info(i, _keep_date_line(meta, t))

    if not rest:
        for i in stamps:
            date_line(i)
        return [], []

    # Speaker after the title: a name (with a position) right after the subtitle or title.
    meta_titles, page_titles = _page_titles(ev)
    keys = [bp.key(lines[i].text) for i in rest]
    # Repetition: a line equal to the concatenation of the lines after it is the page title repeated;
    # so is a browser title `标题_站名` whose first part is another line.
    rep_titles: set[str] = set()
    dup_lines: set[str] = set()
    for p in range(len(rest)):
        parts = [bp.key(x) for x in TITLE_SEP.split(lines[rest[p]].text) if bp.key(x)]
        # A portal headline `简称(代码)：标题` or `原标题：简称：标题` repeats the title after its last colon.
        tail = re.split(r"[:：]", keys[p])[-1]
        if tail != keys[p] and len(tail) >= 6:
            parts = [tail, *parts]
        if len(parts) > 1 and any(parts[0] == "".join(keys[q : q + n]) for q in range(len(rest))
                                  for n in (1, 2, 3) if q != p):
            rep_titles.add(parts[0])
        for n in (2, 3):
            if p + 1 + n <= len(rest) and "".join(keys[p + 1 : p + 1 + n]) == keys[p]:
                rep_titles.add(keys[p])
        if keys.count(keys[p]) > 1:
            dup_lines.add(keys[p])
    texts = [lines[i].text for i in rest]
    tags = [lines[i].tag or ("link" if lines[i].link else "") for i in rest]
    a, b, score = best_title_run(rest, keys, texts, tags, (meta_titles, page_titles, rep_titles, dup_lines),
                                  bp.key(meta.author))
    # The page's metadata names a title that no head line repeats, and no line reads as one either
    # (a speaker line, a stray label): the title is the metadata's, and the lines stay what they are.
    run = (0, 0) if meta_titles and score < 4 and not set(keys) & meta_titles else (a, b)
    titles = meta_titles | page_titles | rep_titles | dup_lines
    for p in range(run[0]):
        reason = "page title repeated" if keys[p] in titles else "before the title (site chrome)"
        drop(rest[p], reason)
    title_lines = [lines[rest[p]].text for p in range(run[0], run[1])]
    title_first = rest[run[0]] if run[1] > run[0] else -1
    for i in stamps:
        if i > title_first:
            date_line(i)
        else:
            drop(i, "date before the title (a value of the page's metadata, not the document's date line)")
    keep: list[int] = []
    for p in range(run[0], run[1]):
        info(rest[p], "title line")
    for p in range(run[1], len(rest)):
        i = rest[p]
        t = lines[i].text
        if subtitle_of(t) and not meta.subtitle:
            meta.subtitle = t.strip()
            info(i, "subtitle")
        elif speaker_of(t) and not meta.speaker and sum(bp.key(ln.text) == keys[p] for ln in lines) == 1:
            # (A short line that comes back later, `导 言`, is a contents entry, not a speaker.)
            meta.speaker = speaker_of(t)
            info(i, "speaker")
        elif (lines[i].tag in ("h2", "h3", "h4") and not meta.subtitle and p == run[1] and run[1] > run[0]
              and not outline_kind(t) and not _sentence_like(t)):
            meta.subtitle = t.strip()  # a news page's 副题 in the heading under its headline
            info(i, "subtitle (heading under the title)")
        elif keys[p] in titles or keys[p] == "".join(keys[run[0] : run[1]]):
            drop(i, "page title repeated")
        elif is_date_line(t):
            if not meta.date:
                meta.date = parse_date(re.sub(r"\s+", "", t))
            info(i, _keep_date_line(meta, t))
        elif lines[i].link:
            drop(i, "link list (all link text, between the title and the text)")
        elif SITE_NAME.search(keys[p]) and len(keys[p]) <= 20:
            drop(i, "site name (before the start of the document)")
        elif byline_orgs(t) and not meta.author:
            meta.author = byline_orgs(t)
            info(i, "byline (the organizations that issue the text)")
        else:
            keep.append(i)
    return title_lines, keep


def _keep_date_line(meta: Meta, text: str) -> str:
    """A date written out in words under the title (`（2024年2月19日）` under a speech) is the document's
    own line, not a site's stamp: it must still print, and the subtitle is where renderers set it.
    Returns what the log says of the line."""
    if "年" in text and not meta.subtitle:
        meta.subtitle = text.strip()
        return "date line (kept as the subtitle)"
    return "date line"


def _metadata(meta: Meta, title_lines: list[str], blocks: list[Block], ev: _Evidence, log: list[LogEntry],
              vocab: bp.Vocab) -> None:
    def norm(s: str) -> str:
        return fix_punctuation(normalize_chars(s))[0]

    if title_lines:
        meta.title_lines = [norm(x) for x in title_lines]
        meta.title = "".join(meta.title_lines)
    else:
        crumb = bp.breadcrumb_last(ev.breadcrumb) if ev.breadcrumb else ""
        cand = ev.table.get("title") or ev.page.get("article-title") or ""
        if not cand and bp.breadcrumb_title(crumb):
            cand = crumb
        if not cand and ev.page.get("page-title"):
            cand = max(TITLE_SEP.split(ev.page["page-title"]), key=len)
        meta.title = norm(cand)
        if meta.title:
            log.append(LogEntry("info", "title from the page metadata (not in the text)", meta.title))
    if len(meta.title_lines) <= 1:
        meta.title_lines = []
    if meta.subtitle:
        meta.subtitle = norm(meta.subtitle)
        m = re.match(r"^(?:——|--)?\s*", meta.subtitle)
        if m and not meta.subtitle.startswith("——") and meta.subtitle.startswith(("-", "—")):
            meta.subtitle = "——" + meta.subtitle.lstrip("-—")

    closing = next((b for b in blocks if b.kind == "closing"), None)
    closing_date = ""
    closing_org = ""
    signer = ""  # the position of a signature `行政長官 某某` when the title names it (…行政長官批示)
    if closing:
        for x in closing.lines:
            if is_date_line(x) and not closing_date:
                closing_date = parse_date(re.sub(r"\s+", "", x)) or parse_roc_short(x.strip("（()）"))
            elif is_org(x) and not closing_org:
                closing_org = re.sub(r"\s+", "", x)
            elif (m := re.match(r"^(\S{2,12})\s+\S{2,4}$", x.strip())) and speaker_of(x) and m.group(1) in meta.title:
                signer = m.group(1)
    meeting = ""
    titled_meeting = meta.title if re.search(r"会|會|讲话|講話|致辞|致辭|发言|發言|纪要|紀要", meta.title) else ""
    for src in (meta.subtitle, titled_meeting):
        found = find_dates(re.sub(r"\s+", "", src))
        if found:
            meeting = found[0][0]
            break
    table_date = parse_date(ev.table.get("date", "")) if ev.table.get("date") else ""
    page_date = _page_date(ev.page.get("date", ""))
    table_pub = parse_date(ev.table.get("publish-date", "")) if ev.table.get("publish-date") else ""
    # A date line standing alone in the text signs one of its parts (a gazette page of several 批示).
    signed = next((parse_date(re.sub(r"\s+", "", b.text)) for b in blocks
                   if b.kind == "paragraph" and is_date_line(b.text)), "")
    year = re.search(r"((?:19|20)\d{2})年", meta.title) or re.search(r"^(\d{4})", ev.publish_date or table_pub)
    lead = " ".join(b.text for b in blocks[:3] if b.text)
    today = today_date(lead, int(year.group(1)) if year else None)
    if not meta.doc_number:
        meta.doc_number = next((doc_number(x) for x in meta.title_lines if doc_number(x)), "")
    issued = re.search(r"〔(\d{4})〕", meta.doc_number)
    for value, why, stamp in (
        (closing_date, "signature date", False),
        (meta.date, "date line under the title", False),  # the text's own, before the site's table
        (table_date, "成文日期", False),
        (meeting, "date in the subtitle/title", False),
        (signed, "date line in the text", False),
        (adoption_date([*meta.title_lines, *(b.text for b in blocks[:6])]), "adoption note", False),
        (today, "press release's 今日（…）", False),
        (ev.publish_date, "publish time of the page", True),
        (table_pub, "publish date of the page", True),
        (page_date, "page <meta> date", True),
    ):
        if value and not (stamp and issued and _reposted(value, int(issued.group(1)), log)):
            meta.date = value
            log.append(LogEntry("info", f"date from the {why}", value))
            break

    texts = [b.text for b in blocks if b.kind in ("paragraph", "list_item") and b.text]
    text_org, text_why = org_in_text(texts)

    def site_field(key: str) -> str:
        """A 责任部门/发布机构 value, when it names an organization whose it is (not `经济发展局点击：5`)."""
        value = ev.table.get(key, "")
        return value if is_org(value) and not is_bare_department(value) else ""
    # The document's own words first (signature, letterhead or byline, its table, its title, its text),
    # then the site's: a 来源 line, the copyright owner. A 工作报告's reporter (a standing committee
    # reporting for its whole body) is the weakest evidence of all.
    for value, why in (
        (closing_org, "signature"),
        (meta.author, "letterhead or byline"),
        (ev.table.get("author", ""), "metadata table (发文机关)"),
        (issuer_from_title(meta.title), "title"),
        (org_from_title(meta.title), "title"),
        (text_org, text_why),
        (signer, "signature's position, named in the title"),
        (site_field("responsible"), "metadata table (责任部门)"),
        (site_field("publisher"), "metadata table (发布机构: who put the page up)"),
        (_source_org(ev), "source (来源) line"),
        (ev.copyright_owner, "site copyright owner"),
        (reporter_from_title(meta.title), "title of the report"),
    ):
        value = re.sub(r"\s+", "", value)
        if value and len(value) <= 40:
            meta.author = value
            log.append(LogEntry("info", f"author from the {why}", value))
            break
    else:
        meta.author = ""

    if not meta.doc_number and doc_number(meta.title):
        meta.doc_number = doc_number(meta.title)  # 关于…的通知（国发〔2024〕1号）
    if not meta.doc_number and re.search(r"\d", ev.table.get("doc-number", "")):  # not `文号：无`
        meta.doc_number = doc_number(ev.table["doc-number"]) or ev.table["doc-number"].strip()
    if ev.breadcrumb:
        ev.category = bp.breadcrumb_category(vocab, ev.breadcrumb, meta.title)
    meta.category = ev.category or ev.page.get("category", "") or _table_category(ev.table.get("category", ""))
    meta.source = ev.page.get("source", "") or ev.source
    if meta.source and not meta.source.startswith(("http://", "https://")):
        meta.source = ""
    sample = meta.title + "".join(b.text or "".join(b.lines) for b in blocks)
    meta.lang = detect_lang(sample)
    if meta.speaker:
        meta.speaker = normalize_chars(meta.speaker)
    else:
        # 王建国同志在全市经济工作会议上的讲话 / 在…上的讲话（王建国）: the speaker is named in the title.
        speech = r"(?:讲话|講話|致辞|致辭|发言|發言)"
        before = rf"^(?:——)?(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:同志)?在.{{2,60}}{speech}"
        after = rf"{speech}[（(](?P<name>[\u4e00-\u9fff]{{2,4}})[)）]$"
        for src in (meta.title, meta.subtitle):
            hit = re.match(before, src) or re.search(after, src)
            name = hit.group("name") if hit else ""
            if name and not is_org(name) and not re.search(r"[文有全摘节節录錄译譯稿版]", name):
                meta.speaker = name
                log.append(LogEntry("info", "speaker named in the title", meta.speaker))
                break


def _source_org(ev: _Evidence) -> str:
    """The 来源 line's organization, unless the site's owner names the same body more fully: 来源：市委办公室
    on the site of 中共某某市委办公室, or a bare 经济发展局 on the city government's site."""
    src, owner = ev.source_org, ev.copyright_owner
    if src and owner and (owner.endswith(src) or is_bare_department(src)):
        return owner
    return src


def _reposted(stamp: str, issued: int, log: list[LogEntry]) -> bool:
    """A page stamped well after the year its document number names (〔2016〕 posted in May 2017) is a
    repost: its stamp dates the copy, not the document."""
    late = stamp > f"{issued + 1}-03-31"
    if late:
        log.append(LogEntry("info", f"page date {stamp} ignored: a repost of a document numbered {issued}"))
    return late


def _table_category(value: str) -> str:
    parts = [p for p in re.split(r"[\\/>＞、;；]", value) if p.strip()]
    return parts[-1].strip() if parts else ""


def _page_date(value: str) -> str:
    m = re.search(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", value)
    return parse_date(m.group(0)) if m else parse_date(value)


_OVERRIDE_FIELDS = {
    "title": "title", "subtitle": "subtitle", "author": "author", "speaker": "speaker", "date": "date",
    "doc-number": "doc_number", "category": "category", "source": "source", "lang": "lang",
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
