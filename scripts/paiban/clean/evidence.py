"""What the page says about its document outside the document's text: the metadata its chrome carries.

A breadcrumb names the category, a publish line the date and the issuing body, a footer the site's
owner, a metadata table (索引号/发文机关/成文日期…) everything. The cleaner removes these lines and keeps what
they say here; `frontmatter` weighs it against the document's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paiban.clean import chrome as bp
from paiban.clean.metadata import is_bare_department, is_org, parse_date, parse_roc_short
from paiban.clean.title import TITLE_SEP
from paiban.hanzi import CJK_TEXT, HAN

URL = re.compile(rf"https?://[^\s{CJK_TEXT}]+")
_PUBLISH_DATE = re.compile(r"(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2})")
_ROC_DATE = re.compile(r"(?<!\d)(\d{2,3}[-/.]\d{1,2}[-/.]\d{1,2})(?!\d)")  # 民國 years: 113-04-18
_SOURCE_ORG = re.compile(rf"(?:来源|來源|信息来源|發布單位|发布单位)(?:于|於|自)?[:：]\s*([{HAN}]{{3,30}})")
_OWN_LINK = re.compile(r"^(原文|本文|文章|本页|本頁|原始)")  # 原文链接：… names the document's address


@dataclass
class Evidence:
    """Metadata candidates gathered while cleaning, by kind of evidence."""

    category: str = ""
    publish_date: str = ""
    copyright_owner: str = ""
    source: str = ""
    source_org: str = ""  # 来源：… on the publish line (an organization, not a newspaper)
    breadcrumb: str = ""
    table: dict[str, str] = field(default_factory=dict)  # metadata-table field → value
    page: dict[str, str] = field(default_factory=dict)  # HTML <title>/<meta>


def collect(vocab: bp.Vocab, text: str, reason: str, ev: Evidence) -> None:
    """Keep what a chrome line removed for `reason` (a vocabulary group) says about the document."""
    if reason == "breadcrumb" and not ev.breadcrumb:
        ev.breadcrumb = text
    elif reason == "publish-info":
        _publish_info(text, ev)
    elif reason == "footer" and not ev.copyright_owner:
        ev.copyright_owner = bp.copyright_owner(text)
    elif reason == "link line" and not ev.source:
        ev.source = _own_link(text)
    if reason == "metadata table" or bp.is_metadata_row(vocab, text):
        add_table_fields(ev, bp.metadata_pairs(vocab, text))


def add_table_fields(ev: Evidence, pairs: list[tuple[str, str, str]]) -> None:
    """Metadata-table (field, label, value) pairs: the first value of each field counts."""
    for fld, _label, value in pairs:
        if value:
            ev.table.setdefault(fld, value)


def _publish_info(text: str, ev: Evidence) -> None:
    """`发布时间：2024-01-05 来源：某某局`: the page's publish date and the body it names."""
    k = bp.key(text)
    if not ev.publish_date:
        if m := _PUBLISH_DATE.search(k):
            ev.publish_date = parse_date(m.group(1)) or parse_date(m.group(1) + "日")
        elif roc := _ROC_DATE.search(k):  # Taiwan sites stamp 發布日期：113-04-18
            ev.publish_date = parse_roc_short(roc.group(1))
    if not ev.source_org and (m := _SOURCE_ORG.search(text)) and is_org(m.group(1)):
        ev.source_org = m.group(1)


def _own_link(text: str) -> str:
    """The address on a `原文链接：https://…` line (not a site's `网址：` in its footer), or ""."""
    m = URL.search(text)
    return m.group(0) if m and _OWN_LINK.match(bp.key(text)) else ""


def page_titles(ev: Evidence) -> tuple[set[str], set[str]]:
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


def source_org(ev: Evidence) -> str:
    """The 来源 line's organization, unless the site's owner names the same body more fully: 来源：市委办公室
    on the site of 中共某某市委办公室, or a bare 经济发展局 on the city government's site."""
    src, owner = ev.source_org, ev.copyright_owner
    if src and owner and (owner.endswith(src) or is_bare_department(src)):
        return owner
    return src
