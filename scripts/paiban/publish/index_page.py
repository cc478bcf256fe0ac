"""The download page: one static, self-contained `index.html` over everything in `dist/`.

For every document the page shows its title (as the document breaks it into lines), subtitle,
organization and date, a thumbnail of the PDF's first page, and a link to each published format of
`paiban.formats` (PDF, DOCX, EPUB, Markdown) with size, PDF page count and SHA-256, newest first. The
page needs no JavaScript, no CDN and no other file: styles are inline and thumbnails are `data:` URIs,
so it works the same from `file://`, from a shared folder and when served (`paiban serve`). Links are
relative and percent-encoded, so Chinese names, spaces and quotes work.

Everything here takes data and returns data; only `collect_entries` and `build_index` read `dist/`.
The output depends only on the input bytes (no clock, no absolute paths), so rebuilding gives the
same page.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import importlib
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

from paiban.errors import PaibanError
from paiban.formats import PUBLISHED
from paiban.markdown import meta_from_mapping, split_front_matter
from paiban.model import Meta, chinese_date
from paiban.theme import DownloadPage


@dataclass(frozen=True)
class FileInfo:
    filename: str  # the bare file name inside dist/, e.g. "张 三\"报告.pdf"
    size: int  # bytes
    sha256: str  # lowercase hex
    pages: int | None = None  # PDF only
    folder: str = ""  # the link's way there from the page: "" beside it, "../" to the Markdown a theme shares


@dataclass
class DocEntry:
    name: str  # file stem; may be Chinese, contain spaces or quotes
    meta: Meta
    files: dict[str, FileInfo] = field(default_factory=dict)  # key: a format's name ("pdf", "md", …)


# ------------------------------------------------------------------------------------------ data


def file_info(filename: str, data: bytes, pages: int | None = None) -> FileInfo:
    return FileInfo(filename=filename, size=len(data), sha256=hashlib.sha256(data).hexdigest(), pages=pages)


def pdf_page_count(pdf: bytes) -> int:
    # pdfium (C, already loaded for the thumbnails) reads the page tree without parsing the structure
    # tree's object streams, as pypdf does: the pages of 100 documents counted in 0.08 s, not 2.5 s.
    pdfium: Any = importlib.import_module("pypdfium2")
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def meta_from_markdown(name: str, markdown: bytes) -> Meta:
    """The document's metadata from its normalized Markdown (ValueError when unreadable)."""
    import yaml

    try:
        data, _body = split_front_matter(markdown.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    meta = meta_from_mapping(data)
    if not meta.title:
        meta.title = name
    return meta


def entry_from_files(name: str, files: dict[str, bytes]) -> DocEntry:
    """Build a DocEntry from the bytes of a document's outputs (keys: the formats' names)."""
    meta = meta_from_markdown(name, files["md"]) if "md" in files else Meta(title=name)
    infos: dict[str, FileInfo] = {}
    for fmt in PUBLISHED:
        if fmt.name in files:
            pages = pdf_page_count(files[fmt.name]) if fmt.name == "pdf" else None
            infos[fmt.name] = file_info(f"{name}{fmt.suffix}", files[fmt.name], pages)
    return DocEntry(name=name, meta=meta, files=infos)


def collect_entries(dist: Path, names: list[str], markdown: Path | None = None) -> list[DocEntry]:
    """Read `dist/{name}.pdf|.docx|…` for each name (missing formats are left out), and the Markdown from
    `markdown/{name}.md` (default: dist; another theme's edition shares the default's Markdown)."""
    markdown = dist if markdown is None else markdown
    way = Path(os.path.relpath(markdown, dist)).parts if markdown != dist else ()
    folder = "".join(href(part) + "/" for part in way)
    entries: list[DocEntry] = []
    for name in names:
        files: dict[str, bytes] = {}
        for fmt in PUBLISHED:
            path = (markdown if fmt.name == "md" else dist) / f"{name}{fmt.suffix}"
            if path.is_file():
                try:
                    files[fmt.name] = path.read_bytes()
                except OSError as exc:
                    raise PaibanError(path, f"cannot read ({exc.strerror})") from exc
        if not files:
            raise PaibanError(dist / name, f"no {_or(f.suffix for f in PUBLISHED)} for this document")
        meta = Meta(title=name)
        if "md" in files:
            try:
                meta = meta_from_markdown(name, files["md"])
            except ValueError as exc:
                raise PaibanError(markdown / f"{name}.md", f"unreadable front matter: {exc}") from exc
        infos: dict[str, FileInfo] = {}
        for fmt in PUBLISHED:
            if fmt.name not in files:
                continue
            pages = None
            if fmt.name == "pdf":
                try:
                    pages = pdf_page_count(files["pdf"])
                except Exception as exc:  # pdfium has its own error types for broken files
                    raise PaibanError(dist / f"{name}.pdf", f"unreadable PDF: {exc}") from exc
            info = file_info(f"{name}{fmt.suffix}", files[fmt.name], pages)
            infos[fmt.name] = dataclasses.replace(info, folder=folder) if fmt.name == "md" else info
        entries.append(DocEntry(name=name, meta=meta, files=infos))
    return entries


def _or(items: Iterable[str]) -> str:
    *rest, last = items
    return f"{', '.join(rest)} or {last}" if rest else last


def document_names(dist: Path) -> list[str]:
    """The documents in dist/: every stem that has a Markdown file, in code-point order."""
    return sorted(p.name[: -len(".md")] for p in dist.glob("*.md") if p.is_file())


# ------------------------------------------------------------------------------------ thumbnails


def thumbnail_png(pdf: bytes, width_px: int) -> bytes:
    """The first page of `pdf` as a PNG `width_px` wide; the same PDF always gives the same bytes."""
    # Imported by name: pypdfium2 ships no type information (and mypy's config is not ours to edit).
    pdfium: Any = importlib.import_module("pypdfium2")
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        scale = width_px / page.get_width()
        image = page.render(scale=scale, draw_annots=False).to_pil()
        page.close()
    finally:
        doc.close()
    if image.width != width_px:  # rounding in pdfium: make the width exact
        height = max(1, round(image.height * width_px / image.width))
        image = image.resize((width_px, height))
    rgb = image.convert("RGB")
    gray = rgb.convert("L")
    if gray.convert("RGB").tobytes() == rgb.tobytes():  # no colour on the page: a smaller PNG
        rgb = gray
    out = io.BytesIO()
    rgb.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# ------------------------------------------------------------------------------------------ HTML


def href(filename: str) -> str:
    """A relative link to a file next to index.html, percent-encoded (UTF-8) for any name."""
    return quote(filename, safe="")


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def newest_first(entries: list[DocEntry]) -> list[DocEntry]:
    """Newest date first; undated documents last; ties by name, so the order is always the same."""
    by_name = sorted(entries, key=lambda e: e.name)
    dated = sorted((e for e in by_name if e.meta.date), key=lambda e: e.meta.date, reverse=True)
    return dated + [e for e in by_name if not e.meta.date]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# The page's stylesheet; every colour, face and size the theme's `download_page:` decides is a $name.
# (The small paddings and gaps stay here: they are the layout's proportions, in rem of the reader's size.)
STYLE = Template("""
:root { color-scheme: light; --ink: $ink; --muted: $muted; --rule: $rule; --accent: $accent; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: $paper; line-height: $line_height;
  font-family: $sans; }
header.site, main, footer.site { max-width: ${width_rem}rem; margin: 0 auto; padding: 0 1rem; }
header.site { padding-top: 1.5rem; }
header.site h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
header.site p { margin: 0 0 1rem; color: var(--muted); }
article.doc { display: grid; grid-template-columns: ${thumb_w}px minmax(0, 1fr); grid-template-rows: auto auto 1fr;
  column-gap: 1rem; align-items: start; background: $card;
  border: 1px solid var(--rule); border-radius: 6px; padding: 1rem; margin: 0 0 1rem; }
.thumb { grid-column: 1; grid-row: 1 / span 3; display: block; width: ${thumb_w}px; }
.info, ul.files, details.sums { grid-column: 2; min-width: 0; }
.thumb img { display: block; width: ${thumb_w}px; height: auto; border: 1px solid var(--rule);
  box-shadow: 0 1px 3px rgba(0,0,0,.15); background: $card; }
.thumb .none { display: flex; width: ${thumb_w}px; height: ${thumb_h}px; align-items: center; justify-content: center;
  border: 1px dashed var(--rule); color: var(--muted); font-size: .85rem; }
.info h2 { font-size: ${title_rem}rem; margin: 0; line-height: 1.45;
  font-family: $serif; }
.info h2 .title-line { display: block; }
.info .subtitle { margin: .25rem 0 0; font-size: 1rem; }
.info .byline { margin: .35rem 0 .5rem; color: var(--muted); font-size: .95rem; }
.info .byline span + span::before { content: " · "; }
ul.files { list-style: none; margin: .25rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
ul.files li { margin: 0; }
ul.files a { display: block; min-width: 6.5rem; min-height: 2.75rem; padding: .3rem .7rem; line-height: 1.3;
  border: 1px solid var(--accent); border-radius: 4px; color: var(--accent); text-decoration: none; }
ul.files a:hover, ul.files a:focus { background: var(--accent); color: $card; }
ul.files .label { display: block; font-weight: 600; }
ul.files .size { display: block; font-size: .8rem; }
details.sums { margin-top: .6rem; font-size: .85rem; color: var(--muted); }
details.sums summary { cursor: pointer; }
details.sums dl { margin: .25rem 0 0; }
details.sums dt { font-weight: 600; margin-top: .25rem; }
details.sums dd { margin: 0; font-family: $mono;
  overflow-wrap: anywhere; word-break: break-all; }
footer.site { color: var(--muted); font-size: .85rem; padding-bottom: 2rem; }
footer.site code { overflow-wrap: anywhere; }
@media (max-width: 30rem) {
  article.doc { padding: .75rem; column-gap: .75rem; grid-template-columns: ${small_w}px minmax(0, 1fr); }
  .thumb { grid-row: 1; }
  ul.files, details.sums { grid-column: 1 / -1; }
  ul.files { display: grid; grid-template-columns: 1fr 1fr; margin-top: .75rem; }
  ul.files a { min-width: 0; }
  .thumb, .thumb img, .thumb .none { width: ${small_w}px; }
  .thumb .none { height: ${small_h}px; }
  .info h2 { font-size: 1.05rem; }
}
@media print { ul.files a { border: none; padding: 0; } details.sums { display: none; } }
""")


def _css_family(names: tuple[str, ...]) -> str:
    """A font stack as CSS: names that are CSS identifiers (SimSun, the generic families) bare, others quoted."""
    return ", ".join(n if re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", n) else f'"{n}"' for n in names)


def page_style(look: DownloadPage) -> str:
    """The download page's stylesheet in the theme's look."""
    (thumb_w, thumb_h), (small_w, small_h) = look.thumbnail_px, look.small_thumbnail_px
    return STYLE.substitute(
        ink=look.ink,
        muted=look.muted,
        rule=look.rule,
        accent=look.accent,
        paper=look.paper,
        card=look.card,
        sans=_css_family(look.sans),
        serif=_css_family(look.serif),
        mono=_css_family(look.mono),
        line_height=f"{look.line_height:g}",
        width_rem=f"{look.width_rem:g}",
        title_rem=f"{look.title_rem:g}",
        thumb_w=thumb_w,
        thumb_h=thumb_h,
        small_w=small_w,
        small_h=small_h,
    )


def _doc_html(entry: DocEntry, thumbnail: str | None, look: DownloadPage) -> str:
    meta = entry.meta
    title = " ".join(meta.display_title_lines) or entry.name
    lines = meta.display_title_lines or [entry.name]
    out: list[str] = [f'<article class="doc" id="{_esc(_doc_id(entry.name))}" lang="{_esc(meta.lang)}">']
    pdf = entry.files.get("pdf")
    if thumbnail:
        img = (
            f'<img src="{_esc(thumbnail)}" alt="《{_esc(title)}》第一页" width="{look.thumbnail_px[0]}" '
            f'height="{look.thumbnail_px[1]}" '
            'loading="lazy" decoding="async">'
        )
        if pdf:
            out.append(f'<a class="thumb" href="{_esc(href(pdf.filename))}" type="application/pdf">{img}</a>')
        else:
            out.append(f'<div class="thumb">{img}</div>')
    else:
        out.append('<div class="thumb"><span class="none">无预览</span></div>')
    out.append('<div class="info">')  # title block; the links and checksums follow as grid items
    out.append('<h2 class="title">' + "".join(f'<span class="title-line">{_esc(x)}</span>' for x in lines) + "</h2>")
    if meta.shown_subtitle:
        out.append(f'<p class="subtitle">{_esc(meta.shown_subtitle)}</p>')
    byline: list[str] = []
    for part in (meta.author, meta.speaker, meta.doc_number):
        if part:
            byline.append(f"<span>{_esc(part)}</span>")
    if meta.date:
        when = f'<time datetime="{_esc(meta.date)}">{_esc(chinese_date(meta.date))}</time>'
        byline.append(f"<span>{when}</span>")
    if byline:
        out.append('<p class="byline">' + "".join(byline) + "</p>")
    links: list[str] = []
    sums: list[str] = []
    for fmt in PUBLISHED:
        info = entry.files.get(fmt.name)
        if info is None:
            continue
        extra = [human_size(info.size)]
        if info.pages is not None:
            extra.append(f"{info.pages} 页")
        links.append(
            f'<li><a class="{fmt.name}" href="{_esc(info.folder + href(info.filename))}" type="{fmt.media_type}">'
            f'<span class="label">{fmt.label}</span><span class="size">{" · ".join(extra)}</span></a></li>'
        )
        sums.append(f'<dt>{_esc(info.filename)}</dt><dd class="sha256" data-format="{fmt.name}">{info.sha256}</dd>')
    out.append("</div>")
    if links:
        out.append('<ul class="files">' + "".join(links) + "</ul>")
        out.append('<details class="sums"><summary>SHA-256 校验值</summary><dl>' + "".join(sums) + "</dl></details>")
    out.append("</article>")
    return "\n".join(out)


def _doc_id(name: str) -> str:
    return "doc-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


ZH_COUNTS = "一二三四五六七八九十"


def _offered() -> str:
    """The header's sentence naming the published formats: 每份文件提供 PDF（…）、Word…和 Markdown 四种格式。"""
    *rest, last = (f.blurb for f in PUBLISHED)
    count = ZH_COUNTS[len(PUBLISHED) - 1] if len(PUBLISHED) <= len(ZH_COUNTS) else str(len(PUBLISHED))
    parts = ["每份文件提供", "、".join(rest), "和" if rest else "", last, f"{count}种格式。"]
    return _spaced([p for p in parts if p])


def _spaced(parts: list[str]) -> str:
    """Join Chinese text and Latin words, with a space where a Latin letter or digit meets Chinese."""

    def latin(char: str) -> bool:
        return char.isascii() and char.isalnum()

    out = parts[0]
    for part in parts[1:]:
        out += (" " if latin(out[-1]) or latin(part[0]) else "") + part
    return out


def index_html(entries: list[DocEntry], thumbnails: dict[str, str], look: DownloadPage, title: str = "文件下载") -> str:
    """The download page in the theme's `look`. `thumbnails` maps a document name to an image URL (a
    `data:` URI from `png_data_uri`, or a relative path); documents without one get a placeholder."""
    docs = newest_first(entries)
    body = "\n".join(_doc_html(e, thumbnails.get(e.name), look) for e in docs)
    count = f"共 {len(docs)} 份文件，按日期从新到旧排列。" if docs else "暂无文件。"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<link rel="icon" href="data:,">\n'  # no favicon request
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data: 'self'; "
        "style-src 'unsafe-inline'\">\n"
        f"<title>{_esc(title)}</title>\n<style>{page_style(look)}</style>\n</head>\n<body>\n"
        f'<header class="site"><h1>{_esc(title)}</h1><p>{count}'
        f"{_offered()}</p></header>\n"
        f"<main>\n{body}\n</main>\n"
        '<footer class="site"><p>核对下载的文件：在“SHA-256 校验值”中找到文件名，与本机计算的结果比较——'
        "Linux/macOS 运行 <code>sha256sum 文件名</code>（macOS 也可用 <code>shasum -a 256 文件名</code>），"
        "Windows 运行 <code>certutil -hashfile 文件名 SHA256</code>。两者一致即文件完整无误。</p></footer>\n"
        "</body>\n</html>\n"
    )


def build_index(
    dist: Path,
    look: DownloadPage,
    names: list[str] | None = None,
    title: str = "文件下载",
    markdown: Path | None = None,
) -> str:
    """Adapter for `paiban index DIST [--markdown DIR]`: the page over `names` (default: every document
    with a Markdown file in `markdown`, which defaults to DIST) in `look` (the theme's `download_page`)."""
    markdown = dist if markdown is None else markdown
    entries = collect_entries(dist, document_names(markdown) if names is None else names, markdown)
    thumbs: dict[str, str] = {}
    for entry in entries:
        if "pdf" in entry.files:
            pdf_path = dist / entry.files["pdf"].filename
            try:
                thumbs[entry.name] = png_data_uri(thumbnail_png(pdf_path.read_bytes(), look.thumbnail_render_px))
            except Exception as exc:  # a broken PDF: name it rather than dump a traceback
                raise PaibanError(pdf_path, f"cannot render a thumbnail: {exc}") from exc
    return index_html(entries, thumbs, look, title=title)
