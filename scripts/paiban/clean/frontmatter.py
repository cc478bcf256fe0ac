"""The front matter: each field picked from its candidates by a named rank of evidence.

The head gave title lines, subtitle, speaker, a date line, a doc-number; the blocks give the closing
(signature and date) and the text; the page's chrome gave `Evidence` (metadata table, publish line,
<meta>, breadcrumb, copyright owner). For the date and the author the document's own words come first
and the site's last (`DATE_RANK`, `AUTHOR_RANK`): a site stamps its copy, a document states itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paiban.clean import chrome as bp
from paiban.clean.evidence import Evidence, source_org
from paiban.clean.metadata import (
    adoption_date,
    detect_lang,
    doc_number,
    find_dates,
    is_bare_department,
    is_date_line,
    is_org,
    issuer_from_title,
    org_from_title,
    org_in_text,
    parse_date,
    parse_roc_short,
    reporter_from_title,
    speaker_of,
    today_date,
)
from paiban.clean.punctuation import fix_punctuation, normalize_chars
from paiban.clean.title import TITLE_SEP
from paiban.hanzi import HAN
from paiban.model import Block, LogEntry, Meta

# Where the document's date comes from, strongest first. The text's own dates come before the site's
# table; the last three are the site's stamps of its copy, which a repost's lateness rules out.
DATE_RANK = (
    "signature date",
    "date line under the title",
    "成文日期",
    "date in the subtitle/title",
    "date line in the text",  # a date line standing alone signs one of its parts (a gazette page of 批示)
    "adoption note",
    "press release's 今日（…）",
    "publish time of the page",
    "publish date of the page",
    "page <meta> date",
)
SITE_STAMPS = frozenset(DATE_RANK[-3:])
# A stamp later than this after the year the document number names (〔2016〕 posted in May 2017) dates
# a repost: month and day of the following year.
REPOST_AFTER = "03-31"

# Who issued the document, strongest first: its own words (signature, letterhead or byline, its table,
# its title, its text), then the site's: a 来源 line, the copyright owner. A 工作报告's reporter (a standing
# committee reporting for its whole body) is the weakest evidence of all.
AUTHOR_RANK = (
    "signature",
    "letterhead or byline",
    "发文机关",
    "issuer in the title",
    "organization in the title",
    "text",
    "signer",
    "责任部门",
    "发布机构",
    "source line",
    "copyright owner",
    "reporter",
)
AUTHOR_LENGTH = 40  # a longer "name" is a sentence that happened to match

_MEETING_TITLE = re.compile(r"会|會|讲话|講話|致辞|致辭|发言|發言|纪要|紀要")
_SIGNER = re.compile(r"^(\S{2,12})\s+\S{2,4}$")  # 行政長官 某某: a position and a name
_SPEECH = r"(?:讲话|講話|致辞|致辭|发言|發言)"
# 王建国同志在全市经济工作会议上的讲话 / 在…上的讲话（王建国）: the speaker is named in the title.
_SPEAKER_BEFORE = re.compile(rf"^(?:——)?(?P<name>[{HAN}]{{2,4}}?)(?:同志)?在.{{2,60}}{_SPEECH}")
_SPEAKER_AFTER = re.compile(rf"{_SPEECH}[（(](?P<name>[{HAN}]{{2,4}})[)）]$")
_NOT_A_NAME = re.compile(r"[文有全摘节節录錄译譯稿版]")  # 全文, 摘要, 节录, 译稿: the text's kind


@dataclass(frozen=True)
class _Closing:
    """What the document's closing block says: its date, its organization, a signer's position."""

    date: str = ""
    org: str = ""
    signer: str = ""  # the position of a signature `行政長官 某某` when the title names it (…行政長官批示)


def fill(
    meta: Meta, title_lines: list[str], blocks: list[Block], ev: Evidence, vocab: bp.Vocab, log: list[LogEntry]
) -> None:
    """Complete `meta` (the head's findings) from the blocks and the page's evidence."""
    pick_title(meta, title_lines, ev, log)
    _dash_subtitle(meta)
    closing = _closing(blocks, meta.title)
    if not meta.doc_number:
        meta.doc_number = next((doc_number(x) for x in meta.title_lines if doc_number(x)), "")
    pick_date(meta, blocks, ev, closing, log)
    pick_author(meta, blocks, ev, closing, log)
    _doc_number(meta, ev)
    if ev.breadcrumb:
        ev.category = bp.breadcrumb_category(vocab, ev.breadcrumb, meta.title)
    meta.category = ev.category or ev.page.get("category", "") or _table_category(ev.table.get("category", ""))
    meta.source = ev.page.get("source", "") or ev.source
    if meta.source and not meta.source.startswith(("http://", "https://")):
        meta.source = ""
    meta.lang = detect_lang(meta.title + "".join(b.text or "".join(b.lines) for b in blocks))
    pick_speaker(meta, log)


def _norm(s: str) -> str:
    return fix_punctuation(normalize_chars(s))[0]


def pick_title(meta: Meta, title_lines: list[str], ev: Evidence, log: list[LogEntry]) -> None:
    """The head's title lines; else the page's statement of its title. A one-line title has no lines."""
    if title_lines:
        meta.title_lines = [_norm(x) for x in title_lines]
        meta.title = "".join(meta.title_lines)
    else:
        meta.title = _norm(_page_title(ev))
        if meta.title:
            log.append(LogEntry("info", "title from the page metadata (not in the text)", meta.title))
    if len(meta.title_lines) <= 1:
        meta.title_lines = []


def _page_title(ev: Evidence) -> str:
    """The title the page states when no head line is one: its metadata table's or article metadata's,
    a breadcrumb's last item that reads as a title, the longest part of the browser title."""
    crumb = bp.breadcrumb_last(ev.breadcrumb) if ev.breadcrumb else ""
    title = ev.table.get("title") or ev.page.get("article-title") or ""
    if not title and bp.breadcrumb_title(crumb):
        title = crumb
    if not title and ev.page.get("page-title"):
        title = max(TITLE_SEP.split(ev.page["page-title"]), key=len)
    return title


def _dash_subtitle(meta: Meta) -> None:
    """A subtitle led by a dash is led by a full dash pair: -在…上的讲话 → ——在…上的讲话."""
    if meta.subtitle:
        meta.subtitle = _norm(meta.subtitle)
        if not meta.subtitle.startswith("——") and meta.subtitle.startswith(("-", "—")):
            meta.subtitle = "——" + meta.subtitle.lstrip("-—")


def _closing(blocks: list[Block], title: str) -> _Closing:
    closing = next((b for b in blocks if b.kind == "closing"), None)
    date = org = signer = ""
    for x in closing.lines if closing else []:
        if is_date_line(x) and not date:
            date = parse_date(re.sub(r"\s+", "", x)) or parse_roc_short(x.strip("（()）"))
        elif is_org(x) and not org:
            org = re.sub(r"\s+", "", x)
        elif (m := _SIGNER.match(x.strip())) and speaker_of(x) and m.group(1) in title:
            signer = m.group(1)
    return _Closing(date, org, signer)


def pick_date(meta: Meta, blocks: list[Block], ev: Evidence, closing: _Closing, log: list[LogEntry]) -> None:
    """The first date of `DATE_RANK` found; a site's stamp only when it does not date a repost."""
    found = _date_candidates(meta, blocks, ev, closing)
    issued = re.search(r"〔(\d{4})〕", meta.doc_number)
    for why in DATE_RANK:
        value = found[why]
        if value and not (why in SITE_STAMPS and issued and _reposted(value, int(issued.group(1)), log)):
            meta.date = value
            log.append(LogEntry("info", f"date from the {why}", value))
            return


def _date_candidates(meta: Meta, blocks: list[Block], ev: Evidence, closing: _Closing) -> dict[str, str]:
    table_pub = _table_date(ev, "publish-date")
    year = re.search(r"((?:19|20)\d{2})年", meta.title) or re.search(r"^(\d{4})", ev.publish_date or table_pub)
    lead = " ".join(b.text for b in blocks[:3] if b.text)
    return {
        "signature date": closing.date,
        "date line under the title": meta.date,
        "成文日期": _table_date(ev, "date"),
        "date in the subtitle/title": _meeting_date(meta),
        "date line in the text": next(
            (parse_date(re.sub(r"\s+", "", b.text)) for b in blocks if b.kind == "paragraph" and is_date_line(b.text)),
            "",
        ),
        "adoption note": adoption_date([*meta.title_lines, *(b.text for b in blocks[:6])]),
        "press release's 今日（…）": today_date(lead, int(year.group(1)) if year else None),
        "publish time of the page": ev.publish_date,
        "publish date of the page": table_pub,
        "page <meta> date": _page_date(ev.page.get("date", "")),
    }


def _table_date(ev: Evidence, fld: str) -> str:
    return parse_date(ev.table[fld]) if ev.table.get(fld) else ""


def _meeting_date(meta: Meta) -> str:
    """The date of the meeting a speech or minutes name in the subtitle, else in the title."""
    titled_meeting = meta.title if _MEETING_TITLE.search(meta.title) else ""
    for src in (meta.subtitle, titled_meeting):
        if found := find_dates(re.sub(r"\s+", "", src)):
            return found[0][0]
    return ""


def _reposted(stamp: str, issued: int, log: list[LogEntry]) -> bool:
    """A page stamped well after the year its document number names (〔2016〕 posted in May 2017) is a
    repost: its stamp dates the copy, not the document."""
    late = stamp > f"{issued + 1}-{REPOST_AFTER}"
    if late:
        log.append(LogEntry("info", f"page date {stamp} ignored: a repost of a document numbered {issued}"))
    return late


def pick_author(meta: Meta, blocks: list[Block], ev: Evidence, closing: _Closing, log: list[LogEntry]) -> None:
    """The first organization of `AUTHOR_RANK` found (of a name's length), else none."""
    found = _author_candidates(meta, blocks, ev, closing)
    for rank in AUTHOR_RANK:
        value, why = found[rank]
        value = re.sub(r"\s+", "", value)
        if value and len(value) <= AUTHOR_LENGTH:
            meta.author = value
            log.append(LogEntry("info", f"author from the {why}", value))
            return
    meta.author = ""


def _author_candidates(meta: Meta, blocks: list[Block], ev: Evidence, closing: _Closing) -> dict[str, tuple[str, str]]:
    """Each rank's candidate and what the log calls its evidence."""
    text_org, text_why = org_in_text([b.text for b in blocks if b.kind in ("paragraph", "list_item") and b.text])
    return {
        "signature": (closing.org, "signature"),
        "letterhead or byline": (meta.author, "letterhead or byline"),
        "发文机关": (ev.table.get("author", ""), "metadata table (发文机关)"),
        "issuer in the title": (issuer_from_title(meta.title), "title"),
        "organization in the title": (org_from_title(meta.title), "title"),
        "text": (text_org, text_why),
        "signer": (closing.signer, "signature's position, named in the title"),
        "责任部门": (_site_field(ev, "responsible"), "metadata table (责任部门)"),
        "发布机构": (_site_field(ev, "publisher"), "metadata table (发布机构: who put the page up)"),
        "source line": (source_org(ev), "source (来源) line"),
        "copyright owner": (ev.copyright_owner, "site copyright owner"),
        "reporter": (reporter_from_title(meta.title), "title of the report"),
    }


def _site_field(ev: Evidence, key: str) -> str:
    """A 责任部门/发布机构 value, when it names an organization whose it is (not `经济发展局点击：5`)."""
    value = ev.table.get(key, "")
    return value if is_org(value) and not is_bare_department(value) else ""


def _doc_number(meta: Meta, ev: Evidence) -> None:
    """A doc-number the head did not give: in the title (关于…的通知（国发〔2024〕1号）), else the table's
    (unless it says there is none: `文号：无`)."""
    if not meta.doc_number and doc_number(meta.title):
        meta.doc_number = doc_number(meta.title)
    if not meta.doc_number and re.search(r"\d", ev.table.get("doc-number", "")):
        meta.doc_number = doc_number(ev.table["doc-number"]) or ev.table["doc-number"].strip()


def pick_speaker(meta: Meta, log: list[LogEntry]) -> None:
    """The head's speaker line, else a speaker the title or subtitle names."""
    if meta.speaker:
        meta.speaker = normalize_chars(meta.speaker)
        return
    for src in (meta.title, meta.subtitle):
        hit = _SPEAKER_BEFORE.match(src) or _SPEAKER_AFTER.search(src)
        name = hit.group("name") if hit else ""
        if name and not is_org(name) and not _NOT_A_NAME.search(name):
            meta.speaker = name
            log.append(LogEntry("info", "speaker named in the title", meta.speaker))
            return


def _table_category(value: str) -> str:
    parts = [p for p in re.split(r"[\\/>＞、;；]", value) if p.strip()]
    return parts[-1].strip() if parts else ""


def _page_date(value: str) -> str:
    m = re.search(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", value)
    return parse_date(m.group(0)) if m else parse_date(value)
