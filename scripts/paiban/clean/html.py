"""Saved HTML page → lines (with layout hints) and the page's own metadata.

lxml parses the page (never regexes over markup). Scripts, styles, comments, form controls and hidden
elements never reach the text (hidden text is logged: it is how anti-copy watermarks are inserted). Block
elements become lines; data tables become table lines (rows of cells); layout tables are read through.
Lines inside `<nav>`, `<footer>`, breadcrumb/share/copyright containers carry a `hint` the cleaner uses
as chrome evidence. `<title>`, `<meta>` (ArticleTitle, PubDate, ColumnName, og:*, …) and the canonical
URL are returned as metadata candidates.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from lxml import html as lxml_html

from paiban.clean.blocks import PageLine
from paiban.clean.sentence import dense
from paiban.errors import PaibanError
from paiban.hanzi import break_space
from paiban.model import LogEntry

_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "object",
    "embed",
    "canvas",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "head",
    "map",
    "audio",
    "video",
    "datalist",
}
_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "center",
    "form",
    "figure",
    "figcaption",
    "address",
    "main",
    "hr",
    "body",
    "html",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "fieldset",
    "legend",
    "details",
    "summary",
    "menu",
    "td",
    "th",
}
_CHROME_TAGS = {"nav": "HTML <nav>", "footer": "HTML <footer>", "aside": "HTML <aside>"}
_CHROME_WORDS = (
    "nav|navbar|navigation|menu|footer|foot|breadcrumbs?|crumbs?|share|bdsharebuttonbox|copyright|sidebar|"
    "topbar|banner|toolbar|position|location|weizhi|dqwz|bottom|skip|related|pager|pagination|"
    "fontsize|font-size|qrcode|ewm|erweima|head-top|top-nav|friendlink|links"
)
# A class/id token that names chrome: `footer`, `site-footer`, `nav_bar`, `footer-wrap`, `crumb2` — not
# `position-relative` or `article-header-image`.
_CHROME_CLASS = re.compile(
    rf"^(?:[a-z]+[-_])?({_CHROME_WORDS})(?:[-_]?(?:bar|box|wrap|wrapper|list|con|cont|main|inner|area|nav|"
    rf"links?|menu|top|bottom|info|\d+))?$",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px)?\s*(?:;|$)", re.I)


def _attr(el: Any, name: str) -> str:
    v = el.get(name)
    return v if isinstance(v, str) else ""


def page_meta(root: Any) -> dict[str, str]:
    """Metadata candidates from <head>: title, article-title, date, category, source, site, author."""
    meta: dict[str, str] = {}
    t = root.find(".//title")
    if t is not None and t.text_content().strip():
        meta["page-title"] = re.sub(r"\s+", " ", t.text_content()).strip()
    names = {
        "articletitle": "article-title",
        "og:title": "article-title",
        "dc.title": "article-title",
        "pubdate": "date",
        "publishdate": "date",
        "article:published_time": "date",
        "dc.date": "date",
        "firstpublishedtime": "date",
        "dcterms.created": "date",
        "publish_date": "date",
        "columnname": "category",
        "article:section": "category",
        "og:url": "source",
        "url": "source",
        "sitename": "site",
        "og:site_name": "site",
        "contentsource": "author-source",
        "author": "author-meta",
        "dc.creator": "author-meta",
    }
    for m in root.iter("meta"):
        key = (_attr(m, "name") or _attr(m, "property") or _attr(m, "itemprop")).strip().lower()
        val = re.sub(r"\s+", " ", _attr(m, "content")).strip()
        if key in names and val and names[key] not in meta:
            meta[names[key]] = val
    for link in root.iter("link"):
        if "canonical" in _attr(link, "rel").lower() and _attr(link, "href").startswith("http"):
            meta["source"] = _attr(link, "href").strip()
    return meta


class _Walker:
    def __init__(self) -> None:
        self.lines: list[PageLine] = []
        self.log: list[LogEntry] = []
        self.buf: list[str] = []
        self.buf_no = 0
        self.buf_tag = ""
        self.buf_hint = ""
        self.buf_el: Any = None
        self.link_chars = 0
        self.text_chars = 0
        self.owners: list[Any] = []  # for each line, the element that holds its first text
        self.after_br = False  # the next line emitted follows a <br>, not a new block
        self.caption_next = False  # the next line emitted is the first text after an image
        self.caption_after = False  # … the one after it (an image inside a line's text)

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        raw_stripped = raw.strip(" \t\n\x00")
        indent = raw_stripped[:1] in ("\u00a0", "\u3000")
        text = _resolve_breaks(raw_stripped)
        if text.strip(" \u00a0\u3000"):
            link = self.text_chars > 0 and self.link_chars == self.text_chars
            self.lines.append(
                PageLine(
                    text,
                    self.buf_no,
                    self.buf_tag,
                    indent,
                    hint=self.buf_hint,
                    link=link,
                    caption=self.caption_next,
                    after_br=self.after_br,
                )
            )
            self.owners.append(self.buf_el)
            self.caption_next, self.caption_after = self.caption_after, False
        self.after_br = False
        self.buf_tag = ""
        self.link_chars = 0
        self.text_chars = 0

    def add_text(self, s: str | None, el: Any, tag: str, hint: str, pre: bool, link: bool = False) -> None:
        if not s:
            return
        visible = len(re.sub(r"[\s\u00a0\u3000|｜/·•>»]+", "", s))
        self.text_chars += visible
        if link:
            self.link_chars += visible
        if not self.buf or not "".join(self.buf).strip():
            self.buf_el = el
            self.buf_no = getattr(el, "sourceline", 0) or 0
            self.buf_tag = tag
            self.buf_hint = hint
        if pre:
            parts = s.split("\n")
            for i, p in enumerate(parts):
                if i:
                    self.flush()
                    self.buf_no, self.buf_tag, self.buf_hint = (getattr(el, "sourceline", 0) or 0), tag, hint
                self.buf.append(p)
        else:
            self.buf.append(re.sub(r"[ \t\r\n\f]+", lambda m: "\x00" if "\n" in m.group(0) else " ", s))

    def walk(self, el: Any, tag_ctx: str, hint: str, pre: bool, in_link: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:  # comment or processing instruction: never text
            self.add_text(el.tail, el.getparent(), tag_ctx, hint, pre, in_link)
            return
        tag = tag.lower()
        if tag in _DROP:
            self.add_text(el.tail, el.getparent(), tag_ctx, hint, pre, in_link)
            return
        hidden = (
            _HIDDEN_STYLE.search(_attr(el, "style"))
            or el.get("hidden") is not None
            or (_attr(el, "aria-hidden") == "true" and tag not in ("i", "span"))
        )
        if hidden or re.search(r"(?:^|\s)(hidden|hide|sr-only|visually-hidden|jammer)(?:$|\s)", _attr(el, "class")):
            text = re.sub(r"\s+", " ", el.text_content()).strip()
            if text:
                self.log.append(
                    LogEntry(
                        "removed",
                        "hidden HTML element (invisible on the page)",
                        text,
                        getattr(el, "sourceline", 0) or 0,
                    )
                )
            self.add_text(el.tail, el.getparent(), tag_ctx, hint, pre, in_link)
            return
        if tag == "br":
            self.flush()
            self.after_br = True
            self.add_text(el.tail, el.getparent(), tag_ctx, hint, pre, in_link)
            return
        if tag == "img":
            if "".join(self.buf).strip(" \t\n\x00\u00a0\u3000"):
                self.caption_after = True
            else:
                self.caption_next = True
            self.add_text(el.tail, el.getparent(), tag_ctx, hint, pre, in_link)
            return
        own_hint = hint
        if not own_hint:
            if tag in _CHROME_TAGS:
                own_hint = _CHROME_TAGS[tag]
            else:
                tokens = (_attr(el, "class") + " " + _attr(el, "id")).split()
                cm = next((m for t in tokens if (m := _CHROME_CLASS.match(t))), None)
                if cm and tag not in ("body", "html", "main", "article"):
                    own_hint = f"HTML container '{cm.group(0)}'"
        block = tag in _BLOCK
        new_tag = tag if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li", "title") else tag_ctx
        if tag in ("p", "div", "td", "th", "dd", "blockquote", "section", "article"):
            new_tag = "" if tag_ctx not in ("li",) else tag_ctx
        if tag == "table":
            self.flush()
            self.table(el, own_hint)
            self.add_text(el.tail, el.getparent(), tag_ctx, hint, pre, in_link)
            return
        if block:
            self.flush()
        link = in_link or tag == "a"
        self.add_text(el.text, el, new_tag, own_hint, pre or tag == "pre", link)
        for child in el:
            self.walk(child, new_tag, own_hint, pre or tag == "pre", link)
        if block:
            self.flush()
        self.add_text(el.tail, el.getparent(), tag_ctx, hint, pre, in_link)

    def table(self, el: Any, hint: str) -> None:
        rows = _table_rows(el)
        nested = el.find(".//table") is not None
        cells = [c for r in rows for c in r if c]
        if (
            not nested
            and rows
            and max(len(r) for r in rows) >= 2
            and len(rows) >= 1
            and cells
            and all(len(c) <= 120 for c in cells)
        ):
            line = PageLine("", getattr(el, "sourceline", 0) or 0, "table", rows=rows, hint=hint)
            self.lines.append(line)
            self.owners.append(el)
            return
        # A layout table: read its cells as blocks.
        for child in el:
            self.walk(child, "", hint, False)
        self.flush()


def _cell_text(cell: Any) -> str:
    """A table cell's visible text; block children and <br> are soft breaks (nothing between ideographs)."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag and tag not in _DROP and not _HIDDEN_STYLE.search(_attr(el, "style")):
            if tag in _BLOCK or tag == "br":
                parts.append("\n")
            parts.append(el.text or "")
            for child in el:
                walk(child)
            if tag in _BLOCK:
                parts.append("\n")
        parts.append(el.tail or "")

    parts.append(cell.text or "")
    for child in cell:
        walk(child)
    text = re.sub(r"[ \t\r\n\f]+", lambda m: "\x00" if "\n" in m.group(0) else " ", "".join(parts))
    return _resolve_breaks(text).strip(" \x00")


def _table_rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in table.iter("tr"):
        # Skip rows of nested tables (they belong to the inner table).
        if tr.getparent() is not None and _nearest_table(tr) is not table:
            continue
        cells = [_cell_text(c) for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        if any(cells):
            rows.append(cells)
    return rows


def _nearest_table(el: Any) -> Any:
    p = el.getparent()
    while p is not None and (not isinstance(p.tag, str) or p.tag.lower() != "table"):
        p = p.getparent()
    return p


def _resolve_breaks(text: str) -> str:
    """Source line breaks inside running text: nothing between ideographs, a space otherwise."""

    def repl(m: re.Match[str]) -> str:
        s = m.string
        before = s[m.start() - 1] if m.start() else ""
        after = s[m.end()] if m.end() < len(s) else ""
        if not before or not after:
            return ""
        return break_space(before, after)

    text = re.sub(r"\x00+", repl, text)
    return re.sub(r" {2,}", " ", text)


_END_BODY = re.compile(r"</\s*(?:body|html)\s*>", re.I)
# libxml2 stops at 256 nested elements and silently drops what is deeper; with `huge_tree` (XML_PARSE_HUGE)
# the limit is 2048, past which the page is refused rather than read in part.
MAX_DEPTH = 2048


def extract(text: str, name: str = "page") -> tuple[list[PageLine], dict[str, str], list[LogEntry]]:
    """Parse an HTML page; return (lines, metadata candidates, log of hidden text removed)."""
    # A browser ignores </body> and </html> (HTML's "after body" modes put what follows back into the
    # body); libxml2 stops there, and an early </html> left by a server-side include would hide the
    # whole article. Dropping the two end tags gives the page a browser shows.
    text = _END_BODY.sub("", text)
    parser = lxml_html.HTMLParser(huge_tree=True)
    root = lxml_html.document_fromstring(text, parser=parser)
    if any("Excessive depth" in str(e.message) for e in parser.error_log):
        raise PaibanError(name, f"HTML nested more than {MAX_DEPTH} elements deep; paiban reads pages up to that depth")
    meta = page_meta(root)
    body = root.find("body")
    w = _Walker()
    # The walk recurses once per level of nesting; leave it room for the deepest page the parser takes.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 2 * MAX_DEPTH + 200))
    try:
        w.walk(body if body is not None else root, "", "", False)
    finally:
        sys.setrecursionlimit(limit)
    w.flush()
    _mark_zones(w.lines, w.owners)
    return w.lines, meta, w.log


def _mark_zones(lines: list[PageLine], owners: list[Any]) -> None:
    """Find the page's main text container and mark every line before (-1), inside (0) or after (1) it.

    The container is the deepest element that holds nearly all of the page's running text (lines of
    sentences, not links: the text-density evidence of GNE and readability). Menus, related lists and
    footers after it are then known by position, whatever their wording. A page whose text is spread
    over several containers (no element holds 90 % of it) gets no zones."""
    weight: dict[Any, int] = {}
    chains: list[list[Any]] = []
    total = 0
    for ln, owner in zip(lines, owners, strict=True):
        chain = []
        el = owner
        while el is not None:
            chain.append(el)
            el = el.getparent()
        chains.append(chain)
        t = ln.text.strip()
        if ln.rows or ln.link or not dense(t):
            continue
        total += len(t)
        for el in chain:
            weight[el] = weight.get(el, 0) + len(t)
    if total < 100:
        return
    holders = [el for el, w in weight.items() if w >= 0.9 * total]
    main = max(holders, key=lambda el: len(list(el.iterancestors())), default=None)
    if main is None or main.tag in ("body", "html"):
        return
    inside = [i for i, chain in enumerate(chains) if main in chain]
    if not inside:
        return
    for i, ln in enumerate(lines):
        ln.zone = -1 if i < inside[0] else (1 if i > inside[-1] else 0)
