"""The semantic XHTML of an Article: the vocabulary `css.py` styles, shared by `render html` and the EPUB.

Vocabulary (see css.SELECTORS):
  h1.title > span.title-line*   the title, one span per title line as the document breaks it
  p.subtitle, p.byline          under the title (bylines: the speaker and a speech's date line)
  h2–h6.part|section|subsection|item
                                outline headings; the tag is h(level+1) so the title is the only h1 and
                                the tag follows the document's outline depth, while the class (from
                                outline.heading_role, i.e. the marker 一、/（一）/1.) decides the face
  p                             body paragraph
  p.salutation                  `各位委员、同志们：`
  div.closing > p*              signature and date lines
  ul > li, table                rare in official text

Every heading gets a stable id `h-N` (N counts headings from 1), so the EPUB's navigation can point at it.
Text is escaped; nothing from the source is ever passed through as markup, and characters XML 1.0
forbids are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Literal

from paiban.formats import RenderOptions
from paiban.model import Article, Block, Meta, dispatch
from paiban.render.css import theme_css
from paiban.render.roles import heading_role
from paiban.theme import Theme

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"

# Characters that XML 1.0 does not allow (C0 controls except tab/LF/CR, surrogates, U+FFFE/U+FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (C0 controls, lone surrogates, U+FFFE/F)."""
    return _XML_ILLEGAL.sub("", value)


def text(value: str) -> str:
    """Escape `value` for XHTML element content or attributes."""
    return escape(xml_safe(value), quote=True)


def _inline(value: str) -> str:
    # A hard line break inside a block (pandoc LineBreak) becomes <br/>; everything else is literal text.
    return "<br/>".join(text(part) for part in value.split("\n"))


def heading_id(n: int) -> str:
    return f"h-{n}"


def heading_tag(level: int) -> str:
    return f"h{max(2, min(level + 1, 6))}"


def document_lang(article: Article, theme: Theme) -> str:
    return article.meta.lang or theme.lang or "zh-CN"


def title_block_html(meta: Meta) -> str:
    """The title block: the document number, h1.title with its lines, then subtitle and byline."""
    out: list[str] = []
    if meta.doc_number:
        out.append(f'<p class="doc-number">{text(meta.doc_number)}</p>')
    lines = meta.display_title_lines
    if lines:
        spans = "".join(f'<span class="title-line">{text(line)}</span>' for line in lines)
        out.append(f'<h1 class="title">{spans}</h1>')
    for role, line in meta.under_title():
        out.append(f'<p class="{role}">{text(line)}</p>')
    if not out:
        return ""
    return '<header class="title-block">\n' + "\n".join(out) + "\n</header>"


def numbered_blocks(blocks: Sequence[Block]) -> list[tuple[int, Block]]:
    """Pair each block with its heading number (1-based for headings, 0 for other blocks)."""
    out: list[tuple[int, Block]] = []
    n = 0
    for block in blocks:
        if block.kind == "heading":
            n += 1
            out.append((n, block))
        else:
            out.append((0, block))
    return out


class _SemanticBlocks:
    """Each kind of block as semantic XHTML (`model.dispatch`); headings take their number's id."""

    def __init__(self) -> None:
        self.number = 0

    def heading(self, block: Block) -> str:
        tag = heading_tag(block.level)
        role = heading_role(block.text)
        return f'<{tag} class="{role}" id="{heading_id(self.number)}">{_inline(block.text)}</{tag}>'

    def paragraph(self, block: Block) -> str:
        return f"<p>{_inline(block.text)}</p>"

    def salutation(self, block: Block) -> str:
        return f'<p class="salutation">{_inline(block.text)}</p>'

    def closing(self, block: Block) -> str:
        lines = "".join(f"<p>{_inline(line)}</p>" for line in block.lines)
        return f'<div class="closing">{lines}</div>'

    def list_item(self, block: Block) -> str:
        return f"<li>{_inline(block.text)}</li>"

    def table(self, block: Block) -> str:
        return table_html(block.rows)


def group_list_items(items: Iterable[tuple[Block, str]]) -> list[str]:
    """Blocks' markup in order, each run of consecutive list items inside one <ul>."""
    out: list[str] = []
    in_list = False
    for block, markup in items:
        if (block.kind == "list_item") != in_list:
            out.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        if markup:
            out.append(markup)
    if in_list:
        out.append("</ul>")
    return out


def blocks_html(items: Iterable[tuple[int, Block]]) -> str:
    """Body blocks as XHTML, one element per line; consecutive list items share one <ul>."""
    writer = _SemanticBlocks()

    def markup(n: int, block: Block) -> str:
        writer.number = n
        return dispatch(block, writer)

    return "\n".join(group_list_items((block, markup(n, block)) for n, block in items))


def table_html(rows: list[list[str]]) -> str:
    """A table whose first row is its header row (`th`), as every writer reads a Markdown table."""
    if not rows:
        return ""
    head = "".join(f"<th>{_inline(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
    tbody = f"<tbody>{body}</tbody>" if body else ""
    return f"<table><thead><tr>{head}</tr></thead>{tbody}</table>"


def xhtml_document(
    title: str,
    lang: str,
    body: str,
    *,
    css_text: str | None = None,
    css_hrefs: Sequence[str] = (),
    epub: bool = False,
    body_class: str = "",
) -> str:
    """Wrap `body` (already XHTML) in a complete XHTML5 document with lang and xml:lang set."""
    ns = f' xmlns:epub="{EPUB_NS}"' if epub else ""
    head = ['<meta charset="utf-8"/>', f"<title>{text(title)}</title>"]
    head += [f'<link rel="stylesheet" type="text/css" href="{text(h)}"/>' for h in css_hrefs]
    if css_text is not None:
        head.append(f"<style>\n{css_text}</style>")
    cls = f' class="{text(body_class)}"' if body_class else ""
    lang_attr = text(lang)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!DOCTYPE html>\n"
        f'<html xmlns="{XHTML_NS}"{ns} lang="{lang_attr}" xml:lang="{lang_attr}">\n'
        "<head>\n" + "\n".join(head) + "\n</head>\n"
        f"<body{cls}>\n{body}\n</body>\n</html>\n"
    )


def article_html(
    article: Article,
    theme: Theme,
    medium: Literal["print", "screen"] = "screen",
    *,
    inline_css: bool = True,
) -> str:
    """The whole Article as one XHTML5 document; the theme's role CSS for `medium` is inlined unless
    `inline_css` is False (a caller that brings its own stylesheet, e.g. WeasyPrint with @page rules)."""
    parts = [title_block_html(article.meta), blocks_html(numbered_blocks(article.blocks))]
    body = "\n".join(p for p in parts if p)
    return xhtml_document(
        article.meta.title.strip() or "—",  # a document title is required; never leave it empty
        document_lang(article, theme),
        body,
        css_text=theme_css(theme, medium) if inline_css else None,
    )


def render(article: Article, theme: Theme, options: RenderOptions) -> bytes:
    """The `html` entry of paiban.formats: the semantic HTML with the screen stylesheet."""
    return article_html(article, theme, "screen").encode("utf-8")
