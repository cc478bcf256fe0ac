"""The meeting pack: every document bound into one duplex-ready PDF for the print shop.

Layout (pages counted from 1, the cover; odd pages are right-hand pages):

    cover (meeting name, date)          page 1, its back left blank
    table of contents                   starts on page 3; padded to an even number of pages
    document 1                          starts on an odd page; padded to an even number of pages
    document 2 …                        likewise

Blank pages are created here, empty and unnumbered (GB/T 9704: a blank page carries no number). The
pack is numbered straight through: each document is set again with its first page numbered where it
lands, so the `— N —` a reader sees on a page, the number the contents cite, the page a PDF viewer shows
and the sheet the print shop counts are one number. (The alternative, contents citing each document's
own pages, would cite `1` for every document and leave a reader nothing to find a page by.) The cover,
the contents and blank versos carry no number but are counted. Each
entry also links to its page. Bookmarks: 目录, then one top-level bookmark per document holding that
document's own outline (its title bookmark folded into the top-level one).

The cover and the contents are set by WeasyPrint from the theme (page size and margins, the title,
byline and body roles; licensed fonts from styles/fonts/ when given), with every URL fetch refused but
those font files; the merge is pypdf. Same input, same bytes.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import BooleanObject, Fit, NameObject, TextStringObject

from paiban.errors import PaibanError
from paiban.model import Meta, chinese_date
from paiban.publish.index_page import document_names, meta_from_markdown
from paiban.render.css import role_declarations
from paiban.render.pdf.typeset import split_title
from paiban.sidecar import check_date, load_mapping
from paiban.theme import MM_PER_PT, Theme

PX_PER_PT = 4 / 3  # CSS px per pt: WeasyPrint's layout unit


@dataclass(frozen=True)
class PackLayout:
    """Where everything lands in the pack (1-based physical page numbers)."""

    cover_pages: int
    toc_start: int
    toc_pages: int
    starts: tuple[int, ...]  # first page of each document
    page_counts: tuple[int, ...]  # pages of each document (without padding)
    total: int


def _even(n: int) -> int:
    return n + (n % 2)


def plan(cover_pages: int, toc_pages: int, page_counts: list[int]) -> PackLayout:
    """Page arithmetic: every part starts on an odd page, blank versos fill the gaps."""
    toc_start = _even(cover_pages) + 1
    page = toc_start + _even(toc_pages)
    starts: list[int] = []
    for count in page_counts:
        starts.append(page)
        page += _even(count)
    return PackLayout(cover_pages, toc_start, toc_pages, tuple(starts), tuple(page_counts), page - 1)


# ------------------------------------------------------------------------------------ cover, TOC


class _FontOnlyFetch:
    """A WeasyPrint URL fetcher that fetches nothing but the theme's own font files (styles/fonts/)."""

    _fail_on_errors = False  # read by WeasyPrint ≥ 68 when a fetch fails

    def __init__(self, allowed: frozenset[Path] = frozenset()) -> None:
        self.allowed = allowed

    def fetch(self, url: str, headers: Any = None) -> Any:
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        if parts.scheme == "file" and not parts.netloc and not parts.query:
            path = Path(unquote(parts.path)).resolve()
            if path in self.allowed:
                from weasyprint.urls import URLFetcherResponse

                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "font/sfnt"})
        raise ValueError(f"paiban fetches nothing but its theme's fonts: refused {url[:80]!r}")

    def __call__(self, url: str) -> Any:  # the fetcher protocol of older WeasyPrint versions
        return self.fetch(url)


PACK_ROLES = ("title", "byline", "body")  # the roles the cover and the contents are set in


def _font_faces(theme: Theme, fonts_dir: Path | None) -> tuple[str, frozenset[Path]]:
    """@font-face rules for the user's fonts (styles/fonts/) the pack's roles resolve to."""
    if fonts_dir is None:
        return "", frozenset()
    from paiban.render.fonts import resolve_faces

    rules: list[str] = []
    allowed: set[Path] = set()
    for name in PACK_ROLES:
        role = theme.roles[name]
        for face in resolve_faces(theme.stack(name), fonts_dir, role.weight):
            rule = (
                f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.resolve().as_uri()}"); '
                f"font-weight: {role.weight}; font-style: normal; }}\n"
            )
            if face.user and rule not in rules:
                rules.append(rule)
                allowed.add(face.path.resolve())
    return "".join(rules), frozenset(allowed)


def _decl(theme: Theme, role: str, **override: str) -> str:
    decl = role_declarations(theme, role, "print")
    decl.update({k.replace("_", "-"): v for k, v in override.items()})
    return " ".join(f"{k}: {v};" for k, v in decl.items())


def _page_css(theme: Theme) -> str:
    return (
        f"@page {{ size: {theme.page_width_mm:g}mm {theme.page_height_mm:g}mm; "
        f"margin: {theme.margin_top_mm:g}mm {theme.margin_right_mm:g}mm "
        f"{theme.margin_bottom_mm:g}mm {theme.margin_left_mm:g}mm; }}\n"
        "html, body { margin: 0; padding: 0; }\n"
        "h1, h2, p { margin: 0; padding: 0; }\n"
    )


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def cover_html(meeting: str, date: str, theme: Theme, font_faces: str = "") -> str:
    lines = [x.strip() for x in meeting.splitlines() if x.strip()] or [""]
    pitch = theme.line_pitch_pt
    style = theme.pack
    css = (
        font_faces
        + _page_css(theme)
        + f"h1.meeting {{ {_decl(theme, 'title')} margin-top: {pitch * style.cover_title_lines:.3f}pt; }}\n"
        + "h1.meeting span { display: block; }\n"
        + f"p.date {{ {_decl(theme, 'byline')} margin-top: {pitch * style.cover_date_lines:.3f}pt; }}\n"
    )
    title = "".join(f"<span>{_esc(x)}</span>" for x in lines)
    shown = chinese_date(date) if date else ""
    return (
        f'<!DOCTYPE html><html lang="{_esc(theme.lang)}"><head><meta charset="utf-8">'
        f"<title>{_esc(' '.join(lines))}</title><style>{css}</style></head><body>"
        f'<h1 class="meeting">{title}</h1><p class="date">{_esc(shown)}</p></body></html>'
    )


TOC_HEADING = "目录"


def toc_lines(meta: Meta, capacity: int) -> list[str]:
    """A contents entry's title on lines of at most `capacity` characters, broken only between words:
    the document's own title lines when they fit, else the title split as the PDF splits an unbroken
    title. Letting the browser wrap it left single characters (孤字) on the entry's last line."""
    title = doc_title(meta)
    if len(title) <= capacity:
        return [title]
    own = meta.display_title_lines
    if len(own) > 1 and all(len(line) <= capacity for line in own):
        return own
    return split_title(title, capacity)


def toc_html(titles: list[list[str]], pages: list[int], theme: Theme, font_faces: str = "") -> str:
    """The contents: one entry per document, its title lines (see `toc_lines`), a leader and its page."""
    pitch = theme.line_pitch_pt
    style = theme.pack
    tracking = f"{style.contents_heading_tracking_em:g}em"
    hang = f"{style.contents_hang_chars:g}em"
    css = (
        font_faces
        + _page_css(theme)
        + f"h1.toc {{ {_decl(theme, 'title', text_align='center')} "
        + f"margin-bottom: {pitch * style.contents_heading_gap_lines:.3f}pt; "
        # The spacing trails the last character too: as much padding on the left keeps it centred.
        + f"letter-spacing: {tracking}; padding-left: {tracking}; }}\n"
        + f"p.entry {{ {_decl(theme, 'body', text_indent='0', text_align='left')} "
        + f"padding-left: {hang}; text-indent: -{hang}; }}\n"
        + f'p.entry::after {{ content: leader({style.contents_leader}) " " attr(data-page); }}\n'
    )
    entries = "".join(
        f'<p class="entry" id="toc-{i}" data-page="{page}">{"<br>".join(_esc(x) for x in lines)}</p>'
        for i, (lines, page) in enumerate(zip(titles, pages, strict=True))
    )
    return (
        f'<!DOCTYPE html><html lang="{_esc(theme.lang)}"><head><meta charset="utf-8">'
        f"<title>{TOC_HEADING}</title><style>{css}</style></head><body>"
        f'<h1 class="toc">{TOC_HEADING}</h1>{entries}</body></html>'
    )


@dataclass(frozen=True)
class _Rendered:
    pdf: bytes
    pages: int
    # id → (0-based page, top, bottom) in pt from the top of the page; bottom is None when the
    # WeasyPrint version gives only the box's top-left corner (before v62 or so).
    anchors: dict[str, tuple[int, float, float | None]]


def _render(markup: str, fetcher: _FontOnlyFetch) -> _Rendered:
    from paiban.render.pdf import engine

    document = engine.load().HTML(string=markup, url_fetcher=fetcher).render()
    anchors: dict[str, tuple[int, float, float | None]] = {}
    for index, page in enumerate(document.pages):
        for name, box in page.anchors.items():
            bottom = box[3] / PX_PER_PT if len(box) >= 4 else None
            anchors.setdefault(name, (index, box[1] / PX_PER_PT, bottom))
    return _Rendered(bytes(document.write_pdf()), len(document.pages), anchors)


def doc_title(meta: Meta) -> str:
    """The title as one line (the document's title lines run together)."""
    return "".join(meta.display_title_lines) or "（无标题）"


# --------------------------------------------------------------------------------------- outline


@dataclass
class _Mark:
    title: str
    page: int  # 0-based page inside its document
    left: float | None
    top: float | None
    children: list[_Mark]


def _outline(reader: PdfReader) -> list[_Mark]:
    def walk(items: list[Any]) -> list[_Mark]:
        marks: list[_Mark] = []
        for item in items:
            if isinstance(item, list):
                if marks:
                    marks[-1].children.extend(walk(item))
                else:  # children without a parent: keep them at this level
                    marks.extend(walk(item))
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:
                continue
            if page is None or page < 0:
                continue
            left = item.get("/Left")
            top = item.get("/Top")
            marks.append(
                _Mark(
                    str(item.title or ""),
                    page,
                    float(left) if isinstance(left, int | float) else None,
                    float(top) if isinstance(top, int | float) else None,
                    [],
                )
            )
        return marks

    try:
        return walk(list(reader.outline))
    except Exception:  # a damaged outline is no reason to fail the pack
        return []


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fold_title(marks: list[_Mark], title: str) -> list[_Mark]:
    """A document's outline usually has its title as the one root; the pack's bookmark replaces it."""
    if len(marks) == 1 and marks[0].page == 0 and _squash(marks[0].title) == _squash(title):
        return marks[0].children
    return marks


def _add_marks(writer: PdfWriter, marks: list[_Mark], offset: int, parent: Any) -> None:
    for mark in marks:
        fit = Fit.xyz(left=mark.left, top=mark.top) if mark.top is not None else Fit.fit()
        node = writer.add_outline_item(
            title=mark.title, page_number=offset + mark.page, parent=parent, fit=fit, is_open=False
        )
        _add_marks(writer, mark.children, offset, node)


# ------------------------------------------------------------------------------------------- pack


def meeting_pack(
    docs: list[tuple[Meta, bytes]],
    meeting: str,
    date: str,
    theme: Theme,
    fonts_dir: Path | None = None,
    numbered: Callable[[int, int], bytes] | None = None,
) -> bytes:
    """Bind `docs` (metadata, PDF bytes), in the order given, into one duplex-ready meeting volume.

    `fonts_dir` is the theme's folder of licensed fonts (styles/fonts/), as the PDF renderer takes it, so
    the cover and contents use the same faces as the documents. `numbered(i, first)` returns document
    i's PDF with its pages numbered from `first`, its page in the pack (None keeps the PDFs as given)."""
    if not docs:
        raise ValueError("a meeting pack needs at least one document")
    readers = [PdfReader(io.BytesIO(pdf)) for _meta, pdf in docs]
    counts = [len(r.pages) for r in readers]
    if any(c == 0 for c in counts):
        raise ValueError("a document has no pages")
    # Room on an entry's last line for the leader and the page number (the theme's pack style).
    titles = [doc_title(meta) for meta, _pdf in docs]
    room = max(1, theme.chars_per_line - theme.pack.contents_number_chars)
    entries = [toc_lines(meta, room) for meta, _pdf in docs]
    faces, allowed = _font_faces(theme, fonts_dir)
    fetcher = _FontOnlyFetch(allowed)
    cover = _render(cover_html(meeting, date, theme, faces), fetcher)

    # The contents' length moves every start page; settle it (numbers rarely change its length).
    toc_pages = 1
    for _ in range(5):
        layout = plan(cover.pages, toc_pages, counts)
        toc = _render(toc_html(entries, list(layout.starts), theme, faces), fetcher)
        if toc.pages == toc_pages:
            break
        toc_pages = toc.pages
    else:  # pragma: no cover - would need a contents whose length oscillates
        raise ValueError("the table of contents does not settle")

    if numbered is not None:
        readers = [PdfReader(io.BytesIO(numbered(i, start))) for i, start in enumerate(layout.starts)]
        changed = [titles[i] for i, r in enumerate(readers) if len(r.pages) != counts[i]]
        if changed:
            raise ValueError(f"the PDF of {changed[0]} is out of date with its Markdown (page count differs)")

    width = theme.page_width_mm / MM_PER_PT
    height = theme.page_height_mm / MM_PER_PT
    writer = PdfWriter()

    def pad_to(page_count: int) -> None:
        while len(writer.pages) < page_count:
            writer.add_blank_page(width, height)

    writer.append(PdfReader(io.BytesIO(cover.pdf)), import_outline=False)
    pad_to(layout.toc_start - 1)
    writer.append(PdfReader(io.BytesIO(toc.pdf)), import_outline=False)
    for start, reader in zip(layout.starts, readers, strict=True):
        pad_to(start - 1)
        writer.append(reader, import_outline=False)
    pad_to(layout.total)

    writer.add_outline_item(title=TOC_HEADING, page_number=layout.toc_start - 1)
    for title, start, reader in zip(titles, layout.starts, readers, strict=True):
        top = writer.add_outline_item(title=title, page_number=start - 1, is_open=False)
        _add_marks(writer, _fold_title(_outline(reader), title), start - 1, top)

    # Each contents entry links to its document (the rectangle spans the text column).
    line = theme.line_pitch_pt
    left = theme.margin_left_mm / MM_PER_PT
    right = width - theme.margin_right_mm / MM_PER_PT
    for i, start in enumerate(layout.starts):
        anchor = toc.anchors.get(f"toc-{i}")
        if anchor is None:
            continue
        page_index, y, box_bottom = anchor
        bottom = box_bottom if box_bottom is not None else y + line
        writer.add_annotation(
            layout.toc_start - 1 + page_index,
            Link(rect=(left, height - bottom, right, height - y), target_page_index=start - 1),
        )

    writer.add_metadata({"/Title": meeting.replace("\n", " "), "/Producer": "paiban"})
    writer.root_object[NameObject("/Lang")] = TextStringObject(theme.lang)
    writer.page_mode = "/UseOutlines"
    writer.page_layout = "/TwoPageRight"  # cover alone, then spreads, as the printed volume opens
    # Print hints a viewer passes to the printer: both sides, bound on the long edge, actual size.
    prefs = writer.create_viewer_preferences()
    prefs[NameObject("/Duplex")] = NameObject("/DuplexFlipLongEdge")
    prefs[NameObject("/PrintScaling")] = NameObject("/None")
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------ the config


@dataclass(frozen=True)
class PackConfig:
    meeting: str
    date: str = ""
    documents: tuple[str, ...] | None = None  # document names (dist/ stems) in binding order


def parse_pack_config(data: Any, path: str | Path = "pack config") -> PackConfig:
    """`meeting:` (required), `date:` (YYYY-MM-DD, optional), `documents:` (list of names, optional)."""
    if not isinstance(data, dict):
        raise PaibanError(path, "must be a mapping with at least `meeting:`")
    unknown = set(data) - {"meeting", "date", "documents"}
    if unknown:
        raise PaibanError(path, f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    meeting = data.get("meeting")
    if not isinstance(meeting, str) or not meeting.strip():
        raise PaibanError(path, "key 'meeting': must name the meeting")
    date = check_date(data.get("date"), path, "date")
    documents = data.get("documents")
    if documents is not None:
        if not isinstance(documents, list) or not all(isinstance(d, str) and d for d in documents):
            raise PaibanError(path, "key 'documents': must be a list of document names")
        documents = tuple(documents)
    return PackConfig(meeting.strip(), date, documents)


def load_pack_config(path: Path) -> PackConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PaibanError(path, f"cannot read the pack config ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise PaibanError(path, f"not UTF-8 text (byte {exc.start})") from exc
    return parse_pack_config(load_mapping(text, path, "meeting, date and documents"), path)


def pack_from_dist(
    dist: Path,
    theme: Theme,
    meeting: str,
    date: str = "",
    names: list[str] | None = None,
    fonts_dir: Path | None = None,
) -> bytes:
    """Adapter for `paiban pack`: read dist/{name}.md (metadata) and .pdf for each name (default: every
    document in dist/, in name order) and bind them, each set again from its Markdown with the pack's
    page numbers. An empty date takes the newest document's date."""
    chosen = document_names(dist) if names is None else list(names)
    if not chosen:
        raise PaibanError(dist, "no documents to pack")
    docs: list[tuple[Meta, bytes]] = []
    for name in chosen:
        md_path, pdf_path = dist / f"{name}.md", dist / f"{name}.pdf"
        try:
            meta = meta_from_markdown(name, md_path.read_bytes())
            pdf = pdf_path.read_bytes()
        except FileNotFoundError as exc:
            raise PaibanError(exc.filename or dist / name, "no such file (build the document first)") from exc
        except OSError as exc:
            raise PaibanError(exc.filename or dist / name, f"cannot read ({exc.strerror})") from exc
        except ValueError as exc:
            raise PaibanError(md_path, f"unreadable front matter: {exc}") from exc
        docs.append((meta, pdf))
    if not date:
        date = max((m.date for m, _ in docs), default="")

    def numbered(i: int, first_page: int) -> bytes:
        from paiban.markdown import load
        from paiban.render.pdf.document import render_pdf

        md_path = dist / f"{chosen[i]}.md"
        return render_pdf(load(md_path.read_text(encoding="utf-8")), theme, fonts_dir, first_page=first_page)

    try:
        return meeting_pack(docs, meeting, date, theme, fonts_dir, numbered)
    except PaibanError:
        raise
    except Exception as exc:
        raise PaibanError(dist, f"cannot bind the pack: {exc}") from exc
