"""EPUB 3: the Article for e-readers and phones, styled by the theme's screen CSS.

Structure
  title.xhtml      the title block (title lines, subtitle, byline) and whatever precedes the first part
                   (salutation, opening paragraph); the whole document when it has no parts
  part-NN.xhtml    one chapter per top-level part heading (an unnumbered heading such as `2023年工作回顾`
                   at the document's top level)
  nav.xhtml, toc.ncx   every heading, nested by level, after an entry for the title page
  style/reading.css    css.theme_css(theme, "screen") + the embedded fonts + screen layout (epub_css)
  fonts/…otf|ttf   a HarfBuzz subset of every role face the book uses (`fonts.role_faces`: the faces of
                   the PDF), when the face's own licence is free and its fsType allows embedding — else
                   the first free face of the role's stack. Each holds the characters its roles set
                   (title, headings, 楷 lines …); the body face holds every character, as the fallback.
                   OpenType/TrueType rather than WOFF2: the zip's deflate gets most of WOFF2's gain and
                   brotli would cost a second per book. `render_epub(..., embed_font=False)` (CLI:
                   `--no-embed-font`) leaves them out.

Reproducible: the identifier is a UUID derived from the content (uuid5 over the Markdown-equivalent
text), `dcterms:modified` and the zip entry times come from the document's date (or SOURCE_DATE_EPOCH),
and nothing refers outside the book.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub
from lxml import etree

from paiban.formats import RenderOptions
from paiban.model import Article, Block
from paiban.render.css import SELECTORS, list_css, table_css, theme_css
from paiban.render.fonts import FontFace, free_to_embed, resolve_faces, role_faces, subset_face
from paiban.render.html import (
    EPUB_NS,
    XHTML_NS,
    blocks_html,
    document_lang,
    heading_id,
    numbered_blocks,
    title_block_html,
    xhtml_document,
    xml_safe,
)
from paiban.render.reproducible import document_time, reproducible_zip
from paiban.render.roles import heading_role, role_texts
from paiban.theme import ScreenLayout, Theme

# A fixed namespace for paiban's content-derived identifiers (uuid5 of the content under it).
PAIBAN_UUID_NS = uuid.UUID("6f1d2c4e-8b0a-5e7d-9c3b-2a4f6e8d0b1c")
EMBED_FAMILY = "paiban-embedded"
CSS_PATH = "style/reading.css"
NCX_PATH = "EPUB/toc.ncx"
NAV_PATH = "EPUB/nav.xhtml"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
XML_NS = "http://www.w3.org/XML/1998/namespace"


# --------------------------------------------------------------------------------------- structure


@dataclass
class Chapter:
    file_name: str
    title: str
    items: list[tuple[int, Block]]
    is_title_page: bool = False


def split_chapters(article: Article) -> list[Chapter]:
    """Title page (+ preamble), then one chapter per top-level part heading."""
    numbered = numbered_blocks(article.blocks)
    levels = [b.level for _, b in numbered if b.kind == "heading"]
    top = min(levels) if levels else 0
    title = xml_safe(article.meta.title).strip() or "—"
    chapters = [Chapter("title.xhtml", title, [], is_title_page=True)]
    for n, block in numbered:
        if block.kind == "heading" and block.level == top and heading_role(block.text) == "part":
            chapters.append(Chapter(f"part-{len(chapters):02d}.xhtml", xml_safe(block.text) or "—", []))
        chapters[-1].items.append((n, block))
    return chapters


def content_identifier(article: Article) -> str:
    """`urn:uuid:` of a UUID derived from the content only (same text → same identifier)."""
    canonical = json.dumps(
        {
            "meta": article.meta.as_items(),
            "blocks": [[b.kind, b.text, b.level, b.lines, b.rows] for b in article.blocks],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return f"urn:uuid:{uuid.uuid5(PAIBAN_UUID_NS, canonical)}"


@dataclass
class _NavNode:
    href: str
    label: str
    uid: str
    level: int
    children: list[_NavNode]


def _toc(chapters: Sequence[Chapter]) -> list[object]:
    """ebooklib toc: the title page, then the headings nested by level."""
    roots: list[_NavNode] = []
    stack: list[_NavNode] = []
    for chapter in chapters:
        for n, block in chapter.items:
            if block.kind != "heading":
                continue
            label = xml_safe(block.text).replace("\n", " ").strip() or "—"
            node = _NavNode(f"{chapter.file_name}#{heading_id(n)}", label, f"nav-{heading_id(n)}", block.level, [])
            while stack and stack[-1].level >= block.level:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)

    def convert(node: _NavNode) -> object:
        if node.children:
            return (epub.Section(node.label, node.href), [convert(c) for c in node.children])
        return epub.Link(node.href, node.label, node.uid)

    return [epub.Link(chapters[0].file_name, chapters[0].title, "nav-title"), *(convert(r) for r in roots)]


# ------------------------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class EmbeddedFont:
    file_name: str  # inside the EPUB, relative to the package folder
    data: bytes
    family: str  # the CSS family of the subset (`paiban-…`)
    source_family: str  # the stack member it is a copy of
    weight: int
    roles: tuple[str, ...]  # the roles set in it

    @property
    def media_type(self) -> str:
        return "font/otf" if self.data[:4] == b"OTTO" else "font/ttf"


def _free_face(theme: Theme, role: str, resolved: FontFace | None, fonts_dir: Path | None) -> FontFace | None:
    """The role's face when it is free to ship, else the first free face further down its stack."""
    if resolved is not None and free_to_embed(resolved):
        return resolved
    faces = resolve_faces(theme.stack(role), fonts_dir, theme.roles[role].weight)
    return next((f for f in faces if free_to_embed(f)), None)


def embedded_fonts(theme: Theme, article: Article, fonts_dir: Path | None = None) -> list[EmbeddedFont]:
    """A subset of every free face the book's roles are set in, each holding the characters of its roles.

    Faces come from `fonts.role_faces`, the same resolution the PDF and DOCX use. The body face also
    holds every other character (navigation, and the fallback for a role whose face is not free).
    Subsets are HarfBuzz's (`fonts.subset_face`, the PDF's subsetter too), without hints.
    """
    texts = role_texts(article)
    every = _all_text(article)
    resolved = role_faces(theme, fonts_dir)
    chars: dict[FontFace, set[str]] = {}
    roles: dict[FontFace, list[str]] = {}
    for role in theme.roles:
        if role == "page_number":  # e-books have no page numbers
            continue
        face = _free_face(theme, role, resolved[role], fonts_dir)
        if face is None:
            continue
        text = every if role == "body" else texts.get(role, "")
        if not text:
            continue
        chars.setdefault(face, set()).update(text)
        roles.setdefault(face, []).append(role)
    out: list[EmbeddedFont] = []
    for face, used in chars.items():
        data = subset_face(face, sorted(ord(c) for c in used - {"\n", "\t"}), hinting=False)
        stem = "".join(ch for ch in face.family if ch.isascii() and ch.isalnum()) or "face"
        name = f"{stem}-{face.weight}"
        suffix = "otf" if data[:4] == b"OTTO" else "ttf"
        out.append(
            EmbeddedFont(
                f"fonts/{name}.{suffix}", data, f"{EMBED_FAMILY}-{name}", face.family, face.weight, tuple(roles[face])
            )
        )
    return out


# --------------------------------------------------------------------------------------------- css


def _role_family(theme: Theme, role: str, fonts: Sequence[EmbeddedFont]) -> str:
    """The role's stack with the subset of its face named right before the family it copies, so a
    reader with the official face still uses it and every other reader gets the build's face."""
    font = next((f for f in fonts if role in f.roles), None)
    body = next((f for f in fonts if "body" in f.roles), None)
    names = [f'"{n}"' for n in theme.stack(role)]
    for extra in (font, body):
        if extra is None or f'"{extra.family}"' in names:
            continue
        spot = names.index(f'"{extra.source_family}"') if f'"{extra.source_family}"' in names else len(names)
        names.insert(spot, f'"{extra.family}"')
    return ", ".join([*names, theme.generic(theme.roles[role].font)])


def _text_size(screen: ScreenLayout) -> str:
    """The body's font-size declaration; none at 100 %, which leaves the reader's size as it is."""
    return "" if screen.text_size_percent == 100 else f"  font-size: {screen.text_size_percent:g}%;\n"


def epub_css(theme: Theme, fonts: Sequence[EmbeddedFont]) -> str:
    """The reading stylesheet: the theme's screen role CSS, each embedded subset inside its roles'
    stacks, and screen layout whose numbers come from the theme (blank lines → em)."""
    parts: list[str] = []
    for font in fonts:
        fmt = "opentype" if font.media_type == "font/otf" else "truetype"
        parts.append(
            "@font-face {\n"
            f'  font-family: "{font.family}";\n'
            f'  src: url("../{font.file_name}") format("{fmt}");\n'
            f"  font-weight: {font.weight};\n  font-style: normal;\n}}\n"
        )
    parts.append(theme_css(theme, "screen"))
    if fonts:
        roles = {"body": "html", **{k: v for k, v in SELECTORS.items()}}
        for name, selector in roles.items():
            parts.append(f"{selector} {{\n  font-family: {_role_family(theme, name, fonts)};\n}}\n")
    screen = theme.screen
    line = screen.line_height  # blank lines of the theme are lines of the screen's leading
    title_em = theme.roles["title"].size_pt / theme.roles["body"].size_pt
    parts.append(
        # (This comment predates the theme's `screen:`; rewording it would change every book's bytes.)
        "/* Screen layout (structure only; sizes, faces and indents are the theme's rules above). */\n"
        f"body {{\n  margin: 0 {screen.side_margin_percent:g}%;\n{_text_size(screen)}  orphans: 2;\n  widows: 2;\n}}\n"
        f"header.title-block {{\n  margin: {screen.before_title_lines * line:g}em 0 "
        f"{theme.after_title_lines * line:g}em 0;\n}}\n"
        f"h1.title {{\n  margin-bottom: {screen.title_gap_em / title_em:.3g}em;\n}}\n"
        f"p.doc-number {{\n  margin-bottom: {theme.after_doc_number_lines * line:g}em;\n}}\n"
        "h2, h3, h4, h5, h6 {\n  page-break-after: avoid;\n  page-break-inside: avoid;\n}\n"
        f"h2.part, h3.part, h4.part, h5.part, h6.part {{\n  margin: {screen.part_gap_lines * line:g}em 0;\n}}\n"
        f"div.closing {{\n  margin-top: {theme.before_closing_lines * line:g}em;\n}}\n"
        "nav ol {\n  list-style-type: none;\n  margin: 0;\n"
        f"  padding-left: {screen.contents_indent_em:g}em;\n}}\n"
        "nav li {\n  text-indent: 0;\n  text-align: left;\n}\n"
        f"nav h2 {{\n  font-size: {screen.contents_heading_em:g}em;\n  text-align: center;\n"
        f"  margin: {screen.contents_heading_gap_em:g}em 0;\n}}\n"
        "nav a {\n  text-decoration: none;\n}\n"
    )
    parts.append(table_css(theme, "screen"))
    parts.append(list_css())
    return "\n".join(parts)


# ------------------------------------------------------------------------------------------ render


def _all_text(article: Article) -> str:
    meta = article.meta
    return "".join([meta.front_text(), meta.title, meta.author, article.body_text(), "—目录目錄"])


def _chapter_body(chapter: Chapter, article: Article) -> str:
    body = blocks_html(chapter.items)
    if chapter.is_title_page:
        title = title_block_html(article.meta)
        return "\n".join(p for p in (title, body) if p)
    return f"<section>\n{body}\n</section>"


def w3c_date(value: str) -> bool:
    """True for a real date in W3CDTF's date forms (YYYY, YYYY-MM, YYYY-MM-DD)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
    if not m:
        return False
    try:
        dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return False
    return True


def render_epub(article: Article, theme: Theme, embed_font: bool = True, fonts_dir: Path | None = None) -> bytes:
    """The Article as EPUB 3 bytes; `embed_font=False` leaves the subset font out (smaller book; readers
    then need a Chinese font of their own)."""
    meta = article.meta
    lang = document_lang(article, theme)
    when = document_time(meta)
    book = epub.EpubBook()
    book.set_identifier(content_identifier(article))
    book.set_title(xml_safe(meta.title).strip() or "—")
    book.set_language(xml_safe(lang))
    creator = xml_safe(meta.author or meta.speaker).strip()
    if creator:
        book.add_author(creator)
    if w3c_date(meta.date):
        book.add_metadata("DC", "date", meta.date)
    if xml_safe(meta.category).strip():
        book.add_metadata("DC", "subject", xml_safe(meta.category).strip())
    if xml_safe(meta.shown_subtitle).strip():
        book.add_metadata("DC", "description", xml_safe(meta.shown_subtitle).strip())
    for prop, value in (
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "Text-only publication with structured headings and a table of contents; the reading order "
            "follows the document; no images, audio, video or flashing content.",
        ),
    ):
        book.add_metadata(None, "meta", value, {"property": prop})

    fonts = embedded_fonts(theme, article, fonts_dir) if embed_font else []
    css = epub.EpubItem(
        uid="css", file_name=CSS_PATH, media_type="text/css", content=epub_css(theme, fonts).encode("utf-8")
    )
    book.add_item(css)
    for i, font in enumerate(fonts):
        book.add_item(
            epub.EpubItem(uid=f"font-{i}", file_name=font.file_name, media_type=font.media_type, content=font.data)
        )

    chapters = split_chapters(article)
    docs = []
    for i, chapter in enumerate(chapters):
        html = xhtml_document(
            chapter.title,
            lang,
            _chapter_body(chapter, article),
            css_hrefs=[f"../{CSS_PATH}" if "/" in chapter.file_name else CSS_PATH],
            epub=True,
        )
        item = epub.EpubItem(
            uid=f"doc-{i:02d}",
            file_name=chapter.file_name,
            media_type="application/xhtml+xml",
            content=html.encode("utf-8"),
        )
        book.add_item(item)
        docs.append(item)

    book.toc = _toc(chapters)
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav()
    nav.add_link(href=CSS_PATH, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.spine = [*docs, "nav"]
    nav.is_linear = False
    # Landmarks (EPUB 3, hidden in the nav document) and the legacy OPF guide: where the table of
    # contents is and where reading starts.
    traditional = lang.lower().startswith(("zh-tw", "zh-hk", "zh-mo", "zh-hant"))
    toc_label = "目錄" if traditional else "目录"
    book.guide = [
        {"href": "nav.xhtml", "title": toc_label, "type": "toc"},
        {"href": chapters[0].file_name, "title": chapters[0].title, "type": "text"},
    ]

    buf = io.BytesIO()
    epub.write_epub(
        buf,
        book,
        {
            "mtime": when.replace(tzinfo=None),
            "epub3_pages": False,
            "landmark_title": toc_label,
            "raise_exceptions": True,
        },
    )
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        fixed = {NCX_PATH: fix_ncx(z.read(NCX_PATH), lang), NAV_PATH: fix_nav(z.read(NAV_PATH))}
    return reproducible_zip(data, when, ("META-INF/container.xml", "EPUB/content.opf"), fixed)


def render(article: Article, theme: Theme, options: RenderOptions) -> bytes:
    """The `epub` entry of paiban.formats."""
    return render_epub(article, theme, embed_font=options.embed_fonts, fonts_dir=options.fonts_dir)


def fix_nav(data: bytes) -> bytes:
    """Declare the encoding inside ebooklib's nav document too (HTML parsers ignore the XML prolog), and
    hide the landmarks list, which is meant for reading systems."""
    root = etree.fromstring(data)
    head = root.find(f"{{{XHTML_NS}}}head")
    if head is not None and head.find(f"{{{XHTML_NS}}}meta") is None:
        head.insert(0, etree.Element(f"{{{XHTML_NS}}}meta", charset="utf-8"))
    for nav in root.iter(f"{{{XHTML_NS}}}nav"):
        if nav.get(f"{{{EPUB_NS}}}type") == "landmarks":
            nav.set("hidden", "hidden")  # for reading systems, not for the reader
    return bytes(
        etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True, doctype="<!DOCTYPE html>")
    )


def fix_ncx(data: bytes, lang: str) -> bytes:
    """ebooklib's NCX lacks xml:lang, says depth 0 and numbers nested sections in a way that can repeat
    an id: set the language, the real depth, and give every navPoint a unique id and a playOrder."""
    root = etree.fromstring(data)
    ns = {"n": NCX_NS}
    root.set(f"{{{XML_NS}}}lang", lang)
    points = root.findall(".//n:navPoint", ns)
    for i, point in enumerate(points, 1):
        point.set("id", f"np-{i}")
        point.set("playOrder", str(i))
    depth = max((len(list(p.iterancestors(f"{{{NCX_NS}}}navPoint"))) + 1 for p in points), default=1)
    for meta in root.findall("n:head/n:meta", ns):
        if meta.get("name") == "dtb:depth":
            meta.set("content", str(depth))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
