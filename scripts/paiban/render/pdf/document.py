"""Article + theme → print-quality PDF through WeasyPrint, with paiban's own Chinese line breaking.

The HTML written here is print-only and already typeset: every paragraph's lines were chosen and
justified by `paiban.render.pdf.typeset` (see its docstring for the design), so WeasyPrint only places them. The
stylesheet is the theme's role CSS (`css.theme_css`, shared with the EPUB) plus the print layer compiled
here from the same theme: the page and its margins, the page-number margin boxes, the grid's line pitch,
first-line indents on the grid, no kerning/ligatures (so Pango's advances are the ones paiban measured),
`white-space: pre` (so Pango never re-breaks a line and keeps every space), orphans/widows and headings
kept with what follows them.

Punctuation compression (标点挤压) is the typesetter's too: `punctuation_ink` reads where each mark's
ink sits from the glyph outlines of the faces a role is set in, and `typeset` compresses adjacent
marks by that (see its docstring); the font features that would compress on their own (`halt`,
`chws`) stay off.

Security: all source text is escaped; WeasyPrint gets a URL fetcher that refuses everything (file, http,
data …) except the document's own fonts — the theme's faces, subset in memory (`_Fonts`).

Reproducibility: the creation date is `reproducible.document_time` (the document's date, else
SOURCE_DATE_EPOCH), as in the DOCX and EPUB; the PDF identifier is a hash of the HTML and
stylesheet, so the same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import html
import io
import json
import logging
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import fontTools
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from paiban.errors import PaibanError
from paiban.formats import RenderOptions
from paiban.model import Article, Block, Meta, dispatch
from paiban.render import font_cache
from paiban.render.css import LIST_MARKER, font_family, list_css, table_css, theme_css
from paiban.render.fonts import (
    FaceMetrics,
    StackMetrics,
    face_metrics,
    locl_map,
    metrics_of,
    opentype_language,
    resolve_face,
    resolve_faces,
    stack_metrics,
    subset_face,
    with_line_metrics,
)
from paiban.render.html import group_list_items, heading_tag, table_html
from paiban.render.pdf import engine, tags, typeset
from paiban.render.reproducible import document_time
from paiban.render.roles import heading_role
from paiban.theme import MM_PER_PT, Theme

# Roles whose multi-line paragraphs are justified (the others are centred or set right).
_JUSTIFIED_ALIGNS = ("justify", "left")

# What WeasyPrint's text layer would otherwise add on its own.
_NO_FEATURES = (
    "font-kerning: none; font-variant-ligatures: none; "
    'font-feature-settings: "kern" 0, "liga" 0, "clig" 0, "palt" 0, "pwid" 0, "chws" 0, "halt" 0;'
)


# Where each theme role is set in the print HTML (specific enough to win over `css.theme_css`).
_ROLE_SELECTORS: dict[str, str] = {
    "body": "body p.body, body li.body",
    "salutation": "body p.salutation",
    "closing": "body div.closing p",
    "part": "body .part",
    "section": "body .section",
    "subsection": "body .subsection",
    "item": "body .item",
    "subtitle": "body p.subtitle",
    "byline": "body p.byline",
    "doc_number": "body p.doc-number",
}


def _pt(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") + "pt"


# ----------------------------------------------------------------------------------- punctuation ink

_HALF_TOLERANCE = 0.01  # em: ink this far across the middle still counts as one half's


def _ink_side(font: TTFont, glyph: str) -> str:
    """Where a glyph's ink sits in its em: "left", "right", "centre", or "" when not full width."""
    upem = float(font["head"].unitsPerEm)
    if abs(font["hmtx"][glyph][0] / upem - 1.0) > 0.01:
        return ""  # a proportional mark (LXGW WenKai's quotes): nothing to compress
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[glyph].draw(pen)
    if pen.bounds is None:
        return ""
    x_min, _, x_max, _ = (v / upem for v in pen.bounds)
    if x_max <= 0.5 + _HALF_TOLERANCE:
        return "left"
    if x_min >= 0.5 - _HALF_TOLERANCE:
        return "right"
    return "centre"


def punctuation_ink(faces: Sequence[TTFont], lang: str) -> dict[str, str]:
    """For each full-width mark (`typeset.MARKS`), where its ink sits in the face that sets it.

    The face is the first of the fallback chain whose cmap has the mark (as `StackMetrics` measures),
    the glyph the one `locl` gives it in a Han run and in a run without letters (a mark alone in its
    text box); read from the glyph's outline bounds, not assumed. A mark whose two glyphs disagree
    counts as centred (never compressed).
    """
    out: dict[str, str] = {}
    cmaps = [face.getBestCmap() or {} for face in faces]
    for mark in sorted(typeset.MARKS):
        chain = zip(faces, cmaps, strict=True)
        found = next(((face, cmap[ord(mark)]) for face, cmap in chain if ord(mark) in cmap), None)
        if found is None:
            continue
        face, glyph = found
        sides = {
            _ink_side(face, locl_map(face, script, tag).get(glyph, glyph))
            for script, tag in (("han", opentype_language(lang)), ("common", "dflt"))
        }
        side = sides.pop() if len(sides) == 1 else ("centre" if "" not in sides else "")
        if side:
            out[mark] = side
    return out


@functools.lru_cache(maxsize=32)
def _installed_ink(stack: tuple[str, ...], fonts_dir: Path | None, weight: int, lang: str) -> dict[str, str]:
    """`punctuation_ink` of a stack's installed faces (when no document subsets are at hand)."""
    faces = [TTFont(str(f.path), fontNumber=f.index, lazy=True) for f in resolve_faces(stack, fonts_dir, weight)]
    return punctuation_ink(faces, lang)


@dataclass
class _Role:
    """A theme role as the typesetter sees it: measure + advances."""

    name: str
    size: float
    metrics: StackMetrics
    measure: typeset.Measure

    def advance(self, ch: str, script: str) -> float:
        return self.metrics.advance(ch, script) * self.size


def _side_of(table: dict[str, str], ch: str) -> str:
    return table.get(ch, "")


class _Layout:
    """Everything derived from the theme once per render."""

    def __init__(self, theme: Theme, fonts_dir: Path | None, fonts: _Fonts | None = None) -> None:
        self.theme = theme
        self.fonts_dir = fonts_dir
        self.fonts = fonts
        self.width = theme.text_width_pt
        body = theme.roles["body"]
        # Grid gap: `chars_per_line` body characters exactly fill the measure, last glyph flush.
        self.min_gap = typeset.grid_gap(self.width, body.size_pt, theme.chars_per_line)
        self.pitch = body.size_pt + self.min_gap  # column pitch of the body grid
        # 22 lines must fit the type area: round the pitch down, never up.
        self.line_pitch = math.floor(theme.line_pitch_pt * 1000) / 1000
        self._roles: dict[str, _Role] = {}

    def role(self, name: str) -> _Role:
        if name not in self._roles:
            r = self.theme.roles[name]
            if self.fonts is not None:
                metrics = self.fonts.metrics(self.theme, name)
                ink = self.fonts.ink(self.theme, name)
            else:
                metrics = stack_metrics(self.theme.stack(name), self.fonts_dir, r.weight, self.theme.lang)
                ink = _installed_ink(self.theme.stack(name), self.fonts_dir, r.weight, self.theme.lang)
            scale = r.size_pt / self.theme.roles["body"].size_pt
            measure = typeset.Measure(
                width=self.width - self.indent(r.right_indent_chars),
                size=r.size_pt,
                min_gap=self.min_gap * scale,
                indent=self.indent(r.indent_chars),
                justify=r.align in _JUSTIFIED_ALIGNS,
                ink=functools.partial(_side_of, ink),
            )
            self._roles[name] = _Role(name, r.size_pt, metrics, measure)
        return self._roles[name]

    def indent(self, chars: float) -> float:
        """Indents are counted in body characters on the grid."""
        return chars * self.pitch

    def list_measure(self) -> typeset.Measure:
        """A list item: body text whose first line also holds the bullet (`li::marker`, set inside the
        body's first-line indent, as the DOCX's bullet list does)."""
        body = self.role("body")
        marker = sum(body.advance(ch, "common") for ch in LIST_MARKER)
        return dataclasses.replace(body.measure, indent=body.measure.indent + marker)

    @property
    def title_line_height(self) -> float:
        title = self.theme.roles["title"]
        return title.line_height * title.size_pt if title.line_height else self.line_pitch

    def lines(self, text: str, role_name: str) -> list[typeset.SetLine]:
        role = self.role(role_name)
        return typeset.break_paragraph(text, role.measure, role.advance)

    def typeset(self, text: str, role_name: str) -> str:
        return typeset.paragraph_html(self.lines(text, role_name))

    def front_padding(self, title_lines: int, other_lines: int) -> float:
        """Space under the front matter so that it and the theme's blank lines fill whole grid lines."""
        height = title_lines * self.title_line_height + other_lines * self.line_pitch
        lines = math.ceil(height / self.line_pitch - 1e-6) + self.theme.after_title_lines
        return lines * self.line_pitch - height


# ---------------------------------------------------------------------------------------------- HTML


def _title_lines(article: Article, layout: _Layout) -> list[str]:
    meta = article.meta
    role = layout.role("title")
    capacity = int((layout.width + 1e-6) // role.size)
    if meta.title_lines:
        out: list[str] = []
        for line in meta.title_lines:
            out.extend(typeset.split_title(line, capacity))
        return out
    return typeset.split_title(meta.title, capacity)


class _PrintBlocks:
    """The print HTML of each kind of block (`model.dispatch`): typeset lines in the semantic vocabulary
    of `render.html` (the same heading tags, list and table markup as the EPUB), so the tagged PDF's
    structure tree reads as the EPUB does."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout

    def heading(self, block: Block) -> str:
        role = heading_role(block.text)
        tag = heading_tag(block.level)
        return f'<{tag} class="{role}">{self.layout.typeset(block.text, role)}</{tag}>'

    def paragraph(self, block: Block) -> str:
        return f'<p class="body">{self.layout.typeset(block.text, "body")}</p>'

    def salutation(self, block: Block) -> str:
        return f'<p class="salutation">{self.layout.typeset(block.text, "salutation")}</p>'

    def closing(self, block: Block) -> str:
        signature = "".join(f"<p>{self.layout.typeset(t, 'closing')}</p>" for t in block.lines)
        return f'<div class="closing">{signature}</div>'

    def list_item(self, block: Block) -> str:
        lines = typeset.break_paragraph(block.text, self.layout.list_measure(), self.layout.role("body").advance)
        return f'<li class="body">{typeset.paragraph_html(lines)}</li>'

    def table(self, block: Block) -> str:
        return table_html(block.rows)


def _body_html(blocks: Sequence[Block], layout: _Layout) -> str:
    writer = _PrintBlocks(layout)
    return "".join(group_list_items([(b, dispatch(b, writer)) for b in blocks]))


def build_html(article: Article, theme: Theme, fonts_dir: Path | None = None, layout: _Layout | None = None) -> str:
    """The print HTML of an article (typeset lines, escaped text, metadata in <head>)."""
    layout = layout or _Layout(theme, fonts_dir)
    meta = article.meta
    esc = html.escape
    head = [
        '<meta charset="utf-8">',
        f"<title>{esc(meta.title)}</title>",
    ]
    if meta.author or meta.speaker:
        head.append(f'<meta name="author" content="{esc(meta.author or meta.speaker)}">')
    if meta.category:
        head.append(f'<meta name="description" content="{esc(meta.category)}">')
    if meta.doc_number:
        head.append(f'<meta name="keywords" content="{esc(meta.doc_number)}">')
    created = _created(meta)
    if created:
        head.append(f'<meta name="dcterms.created" content="{created}">')
        head.append(f'<meta name="dcterms.modified" content="{created}">')
    head.append('<meta name="generator" content="paiban">')

    body: list[str] = []
    title_lines = _title_lines(article, layout)
    front: list[str] = []
    other_lines = 0
    if meta.doc_number:
        # 发文字号 above the title, then the theme's blank lines (GB/T 9704 sets it above the title too).
        lines = layout.lines(meta.doc_number, "doc_number")
        blank = theme.after_doc_number_lines
        other_lines += len(lines) + blank
        front.append(
            f'<p class="doc-number" style="padding-bottom: {_pt(blank * layout.line_pitch)}">'
            f"{typeset.paragraph_html(lines)}</p>"
        )
    if title_lines:
        spans = "".join(f'<span class="title-line">{esc(t)}</span>' for t in title_lines)
        front.append(f'<h1 class="title">{spans}</h1>')
    for role, text in meta.under_title():
        lines = layout.lines(text, role)
        other_lines += len(lines)
        front.append(f'<p class="{role}">{typeset.paragraph_html(lines)}</p>')
    if front:
        padding = _pt(layout.front_padding(len(title_lines), other_lines))
        body.append(f'<header class="front" style="padding-bottom: {padding}">{"".join(front)}</header>')

    body.append(_body_html(article.blocks, layout))
    lang = esc(meta.lang or theme.lang)
    return f'<!DOCTYPE html>\n<html lang="{lang}"><head>{"".join(head)}</head><body>{"".join(body)}</body></html>\n'


def _created(meta: Meta) -> str:
    """W3C date for the PDF's creation date: the same instant the DOCX and EPUB carry."""
    # A full UTC timestamp, so that the Info dictionary and the XMP of PDF/A state the same instant.
    return document_time(meta).strftime("%Y-%m-%dT%H:%M:%SZ")


# ----------------------------------------------------------------------------------------------- CSS


FONT_URL = "paiban-font:"


class _Fonts:
    """The document's fonts: each role's stack resolved to faces, each face cut to the document's text.

    WeasyPrint gets every face as an in-memory @font-face (`paiban-font:` URLs, served by the fetcher),
    already subset by HarfBuzz to the characters the document uses. This keeps Pango on exactly the
    files paiban measured, and it keeps the PDF small: WeasyPrint subsets with retained glyph ids, so
    a full CJK face leaves tens of thousands of empty glyph slots in every embedded font.
    """

    def __init__(self, theme: Theme, fonts_dir: Path | None, text: str, lang: str = "") -> None:
        codepoints = {ord(ch) for ch in text + theme.page_number_chars}
        self.lang = lang or theme.lang  # the document's language picks the `locl` Pango will apply
        self.files: dict[str, bytes] = {}
        self.rules: list[str] = []
        self.families: dict[tuple[str, int], list[str]] = {}
        self._metrics: dict[tuple[str, int], StackMetrics] = {}
        self._ink: dict[tuple[str, int], dict[str, str]] = {}
        done: dict[tuple[Path, int, int], str] = {}
        body = theme.roles["body"]
        body_faces = resolve_faces(theme.stack("body"), fonts_dir, body.weight)
        reference = face_metrics(body_faces[0], theme.lang) if body_faces else None
        for role in theme.roles.values():
            key = (role.font, role.weight)
            if key in self.families:
                continue
            names: list[str] = []
            for i, face in enumerate(resolve_faces(theme.fonts[role.font], fonts_dir, role.weight)):
                ident = (face.path, face.index, role.weight)
                if ident not in done:
                    data = subset_face(face, codepoints)
                    if i == 0 and reference is not None and role.size_pt == body.size_pt:
                        data = _on_body_baseline(data, face_metrics(face, theme.lang), reference)
                    # The face's own name, marked as this document's subset (the PDF's font names).
                    name = f"{face.family} pb{hashlib.sha256(data).hexdigest()[:8]}"
                    done[ident] = name
                    self.files[FONT_URL + quote(name)] = data
                    self.rules.append(
                        f'@font-face {{ font-family: "{name}"; src: url("{FONT_URL}{quote(name)}"); '
                        f"font-weight: {role.weight}; font-style: normal; }}\n"
                    )
                names.append(done[ident])
            self.families[key] = names

    def metrics(self, theme: Theme, role_name: str) -> StackMetrics:
        """A role's advances, read from the very subsets WeasyPrint will shape with."""
        role = theme.roles[role_name]
        key = (role.font, role.weight)
        if key not in self._metrics:
            names = self.families.get(key, [])
            self._metrics[key] = StackMetrics([metrics_of(self.files[FONT_URL + quote(n)], self.lang) for n in names])
        return self._metrics[key]

    def ink(self, theme: Theme, role_name: str) -> dict[str, str]:
        """Where each full-width mark's ink sits in the subsets a role is set in (`punctuation_ink`)."""
        role = theme.roles[role_name]
        key = (role.font, role.weight)
        if key not in self._ink:
            data = [self.files[FONT_URL + quote(n)] for n in self.families.get(key, [])]
            self._ink[key] = _subset_ink(data, self.lang)
        return self._ink[key]

    def family(self, theme: Theme, role_name: str) -> str:
        """CSS font-family for a role: the document's subsets first, then the theme's own stack."""
        role = theme.roles[role_name]
        names = self.families.get((role.font, role.weight), [])
        return ", ".join([f'"{n}"' for n in names] + [font_family(theme, role.font)])


def _subset_ink(subsets: Sequence[bytes], lang: str) -> dict[str, str]:
    """`punctuation_ink` of a chain of subsets, cached by their bytes (`font_cache`): reading the marks'
    outlines takes a tenth of a second, and a document rendered again has the same subsets."""
    entry = font_cache.key(
        *[hashlib.sha256(data).digest() for data in subsets],
        lang,
        fontTools.version,
        font_cache.code_key(__name__, typeset.__name__),
    )
    cached = font_cache.load("ink", entry)
    if cached is not None:
        with contextlib.suppress(ValueError):
            table = json.loads(cached)
            if isinstance(table, dict):
                return {str(k): str(v) for k, v in table.items()}
    ink = punctuation_ink([TTFont(io.BytesIO(data), lazy=True) for data in subsets], lang)
    font_cache.store("ink", entry, json.dumps(ink, ensure_ascii=False, sort_keys=True).encode())
    return ink


def _on_body_baseline(data: bytes, own: FaceMetrics, body: FaceMetrics) -> bytes:
    """A grid role's face with the body face's ascent - descent (see `fonts.with_line_metrics`)."""
    diff = body.hhea_ascent - body.hhea_descent
    if abs((own.hhea_ascent - own.hhea_descent) - diff) < 0.0005:
        return data
    total = own.hhea_ascent + own.hhea_descent
    return with_line_metrics(data, (total + diff) / 2, (total - diff) / 2)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_number_content(theme: Theme) -> str:
    """The margin box's `content`: the theme's page-number format around the page counter."""
    before, after = theme.page_number_affixes
    parts = [_css_string(before)] if before else []
    parts.append("counter(page)")
    if after:
        parts.append(_css_string(after))
    return " ".join(parts)


def _page_number_css(theme: Theme, layout: _Layout, fonts: _Fonts) -> str:
    role = theme.roles["page_number"]
    fonts_dir = layout.fonts_dir
    size = role.size_pt
    face = resolve_face(theme.stack("page_number"), fonts_dir, role.weight)
    # Put the line box's top where the number's em box must start: with line-height equal to the
    # font's ascent + descent there is no half-leading, and the em box (what a PDF reader reports as
    # a character's top) starts (ascent + descent - 1) em below the line's top.
    # Without any installed face (the number then prints in whatever the viewer substitutes) assume a
    # typical CJK face's metrics; not a design choice, only a fallback.
    ascent, descent = 0.88, 0.12
    if face is not None:
        fm = face_metrics(face, theme.lang)
        ascent, descent = fm.hhea_ascent, fm.hhea_descent
    line_height = (ascent + descent) * size
    offset = role.offset_mm / MM_PER_PT - (ascent + descent - 1.0) * size
    inset = layout.indent(role.inset_chars)
    common = (
        f"content: {_page_number_content(theme)}; font-family: {fonts.family(theme, 'page_number')}; "
        f"font-size: {_pt(size)}; font-weight: {role.weight}; line-height: {_pt(line_height)}; "
        f"vertical-align: top; padding-top: {_pt(offset)}; {_NO_FEATURES}"
    )
    return (
        f"@page :right {{ @bottom-right {{ {common} text-align: right; padding-right: {_pt(inset)}; }} }}\n"
        f"@page :left {{ @bottom-left {{ {common} text-align: left; padding-left: {_pt(inset)}; }} }}\n"
    )


def print_css(theme: Theme, fonts: _Fonts, fonts_dir: Path | None = None) -> str:
    """The full print stylesheet for a theme and the document's fonts."""
    layout = _Layout(theme, fonts_dir)
    pitch = layout.line_pitch
    css = [
        "".join(fonts.rules),
        theme_css(theme, "print"),
        f"@page {{ size: {theme.page_width_mm:g}mm {theme.page_height_mm:g}mm; "
        f"margin: {theme.margin_top_mm:g}mm {theme.margin_right_mm:g}mm "
        f"{theme.margin_bottom_mm:g}mm {theme.margin_left_mm:g}mm; }}\n",
        _page_number_css(theme, layout, fonts),
        f"html, body {{ margin: 0; padding: 0; }}\n"
        f"body {{ {_NO_FEATURES} }}\n"
        # Every typeset block: pre (paiban chose the lines; spaces kept), left (paiban justified them).
        f"p, li, h1, h2, h3, h4, h5, h6 {{ white-space: pre; orphans: 2; widows: 2; "
        f"line-height: {_pt(pitch)}; }}\n"
        f"body h1.title {{ font-family: {fonts.family(theme, 'title')}; "
        f"line-height: {_pt(layout.title_line_height)}; white-space: pre; bookmark-level: none; "
        "text-align: center; }}\n"
        "h1, h2, h3, h4, h5, h6 { break-after: avoid; break-inside: avoid; }\n",
        # Tables are the one block Pango still breaks (cells wrap).
        table_css(theme, "print"),
        list_css(),
        "header.front { break-after: avoid; }\n"
        # The signature and date stay together, with the text they close (never a page of their own),
        # after the theme's blank grid lines.
        f"div.closing {{ break-inside: avoid; break-before: avoid; "
        f"margin-top: {_pt(theme.before_closing_lines * pitch)}; }}\n",
    ]
    for name, selector in _ROLE_SELECTORS.items():
        r = theme.roles[name]
        align = "left" if r.align in _JUSTIFIED_ALIGNS else r.align
        rule = (
            f"{selector} {{ font-family: {fonts.family(theme, name)}; text-align: {align}; "
            f"text-indent: {_pt(layout.indent(r.indent_chars))}; "
        )
        if r.right_indent_chars:
            rule += f"margin-right: {_pt(layout.indent(r.right_indent_chars))}; "
        css.append(rule + "}\n")
    # Table cells are body text in the document's subsets too (their alignment is the table style's).
    css.append(f"body td, body th {{ font-family: {fonts.family(theme, 'body')}; }}\n")
    return "".join(css)


# --------------------------------------------------------------------------------------------- fetch


def _fetcher(files: dict[str, bytes]) -> Any:
    """A URL fetcher that serves the document's own fonts and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FontOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Refuses every URL (file, http, data …) but the in-memory fonts of the theme's stacks."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in files:
                return URLFetcherResponse(url, body=files[url], headers={"Content-Type": "font/otf"})
            raise ValueError(f"paiban fetches nothing but its theme's fonts: refused {url[:80]!r}")

    return FontOnlyFetcher(fail_on_errors=False)


# -------------------------------------------------------------------------------------------- render


def _document_text(article: Article) -> str:
    return article.meta.front_text() + article.body_text() + LIST_MARKER


# WeasyPrint lays out a whole document before it writes a byte, holding every page's boxes: measured
# peak memory is about 70 MB + 1.6 MB per A4 page (88 pages 213 MB, 262 pages 489 MB, 2,687 pages
# 4.5 GB) at about 600 characters a page. Within a 1 GB budget that is about 550 pages.
MAX_CHARACTERS = 300_000
# Past this many characters (about 50 pages, several seconds) a render reports its progress.
PROGRESS_CHARACTERS = 30_000
PROGRESS_PAGES = 100  # a layout progress line every so many pages


def too_long(article: Article) -> str:
    """Why the PDF renderer refuses `article` (empty when it does not): more text than MAX_CHARACTERS."""
    size = len(_document_text(article))
    if size <= MAX_CHARACTERS:
        return ""
    return (
        f"{size:,} characters is more than a PDF takes within 1 GB of memory ({MAX_CHARACTERS:,}, about "
        f"{MAX_CHARACTERS // 550:,} pages); split it into several documents (DOCX and EPUB take it whole)"
    )


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's progress log ("Step 5 - Creating layout - Page 100", …) into a line per stage."""

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "Step 5 - Creating layout - Page %d":
            page = record.args[0] if isinstance(record.args, tuple) and record.args else 0
            if isinstance(page, int) and page % PROGRESS_PAGES == 0:
                self.report(f"laid out {page} pages")
        elif str(record.msg).startswith("Step 6"):
            self.report("writing the PDF")


@contextlib.contextmanager
def _progress_of_weasyprint(report: Callable[[str], None] | None) -> Iterator[None]:
    logger = logging.getLogger("weasyprint.progress")
    if report is None:
        yield
        return
    handler = _LayoutProgress(report)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def render_pdf(
    article: Article,
    theme: Theme,
    fonts_dir: Path | None = None,
    pdfa: bool = False,
    tagged: bool = True,
    pdfua: bool = False,
    first_page: int = 1,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """Typeset `article` with `theme` and return the PDF bytes (reproducible for the same inputs).

    `tagged` writes WeasyPrint's structure tree (H1…H6, P, L/LI/Lbl/LBody, Table/TR/TH/TD in reading
    order, from the semantic tags of the print HTML), `/Lang`, `MarkInfo` and `DisplayDocTitle`.
    `pdfua` writes WeasyPrint's PDF/UA-1 variant (tags plus the PDF/UA identification in the XMP);
    `pdfa` the PDF/A-2b one. One variant at a time: PDF/UA wins.
    `first_page` is the number `— N —` the first page carries (a meeting pack numbers straight through);
    it must be odd, as a document always starts on a right-hand page.
    `progress` hears a line per stage of a long document (`PROGRESS_CHARACTERS`); a document past
    `MAX_CHARACTERS` is refused with `ValueError` (see `too_long`).
    """
    reason = too_long(article)
    if reason:
        raise ValueError(reason)
    text = _document_text(article)
    report = progress if progress is not None and len(text) > PROGRESS_CHARACTERS else None
    weasyprint = engine.load()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint.text.fonts import FontConfiguration

    if report:
        report(f"{len(text):,} characters: subsetting fonts and typesetting")
    fonts = _Fonts(theme, fonts_dir, text, article.meta.lang)
    layout = _Layout(theme, fonts_dir, fonts)
    document = build_html(article, theme, fonts_dir, layout)
    if report:
        report(f"typeset {len(article.blocks):,} blocks; laying out pages")
    css = print_css(theme, fonts, fonts_dir)
    if first_page != 1:
        css += f"@page :first {{ counter-reset: page {first_page} }}\n"
    fetcher = _fetcher(fonts.files)
    font_config = FontConfiguration()
    identifier = hashlib.sha256((document + css).encode("utf-8")).hexdigest()[:32].encode("ascii")
    options: dict[str, Any] = {"pdf_identifier": identifier, "pdf_tags": tagged or pdfua}
    if pdfua:
        options["pdf_variant"] = "pdf/ua-1"
    elif pdfa:
        options["pdf_variant"] = "pdf/a-2b"
    html_doc = weasyprint.HTML(string=document, url_fetcher=fetcher, base_url=None)
    stylesheet = weasyprint.CSS(string=css, url_fetcher=fetcher, font_config=font_config)
    with _progress_of_weasyprint(report):
        laid_out = html_doc.render(stylesheets=[stylesheet], font_config=font_config)
        data: bytes = laid_out.write_pdf(**options)
    if options["pdf_tags"]:
        data = tags.join_page_continuations(data, tags.top_level_elements(laid_out))
    return data


def render(article: Article, theme: Theme, options: RenderOptions) -> bytes:
    """The `pdf` entry of paiban.formats: a refusal names the Markdown, and the characters no installed
    face has (printed as empty boxes) are a warning."""
    from paiban.render.coverage import describe, uncovered

    reason = too_long(article)
    if reason:
        raise PaibanError(options.source, reason)
    data = render_pdf(
        article,
        theme,
        fonts_dir=options.fonts_dir,
        pdfa=options.pdfa,
        tagged=options.tagged,
        pdfua=options.pdfua,
        progress=options.progress,
    )
    missing = uncovered(article.meta.front_text() + article.body_text(), options.fonts_dir)
    if missing and options.warn:
        options.warn(
            f"warning: no installed font has {len(missing)} character(s), printed as empty boxes: "
            f"{describe(missing[:20])}{' …' if len(missing) > 20 else ''}"
        )
    return data
