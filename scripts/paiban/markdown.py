"""The normalized Markdown: paiban's single source of truth.

`dump` writes an Article as Markdown that pandoc reads back exactly: YAML front matter in META_KEYS order
(pandoc's own writer would sort the keys), ATX headings, one paragraph per line, fenced divs for the
blocks a renderer must place specially (`::: salutation`, `::: closing`). Source text that looks like
Markdown or HTML is backslash-escaped so it prints literally.

`load` splits off the front matter (parsed with PyYAML, so values stay exact strings) and lets pandoc
(pypandoc) parse the body into its JSON AST with every extension that could reinterpret scraped text
switched off; the AST is folded back into the Article model.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pypandoc
import yaml

from paiban.errors import yaml_problem
from paiban.hanzi import break_space
from paiban.model import META_KEYS, Article, Block, Meta, dispatch

# Pandoc's Markdown minus everything that could turn literal source text into markup.
PANDOC_READER = (
    "markdown"
    + "".join(
        f"-{ext}"
        for ext in (
            "smart",
            "raw_html",
            "raw_tex",
            "raw_attribute",
            "tex_math_dollars",
            "citations",
            "implicit_figures",
            "auto_identifiers",
            "fancy_lists",
            "example_lists",
            "subscript",
            "superscript",
            "strikeout",
            "yaml_metadata_block",
            "pandoc_title_block",
            "definition_lists",
            "line_blocks",
            "task_lists",
            "inline_notes",
            "footnotes",
            "native_spans",
            "bracketed_spans",
            "link_attributes",
            "header_attributes",
            "implicit_header_references",
            "startnum",
            "intraword_underscores",
            "all_symbols_escapable",
        )
    )
    + "+all_symbols_escapable"
)

# Characters that are markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#$~^|@&{}!\"])")
# Markup only at the start of a line (lists, quotes, divs, tables, setext underlines).
_LINE_START = re.compile(r"^([-+>:%=]|\d+[.)]|\(\d+\))")


def escape(text: str) -> str:
    """Make `text` print literally as one Markdown paragraph (no line breaks inside)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    m = _LINE_START.match(text)
    if m:
        token = m.group(1)
        text = token[:-1] + "\\" + token[-1] + text[len(token) :]
    return text


def _dump_front_matter(meta: Meta) -> str:
    items = dict(meta.as_items())
    body = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return f"---\n{body}---\n"


class _MarkdownBlocks:
    """Each kind of block as normalized Markdown (`model.dispatch`)."""

    def heading(self, block: Block) -> str:
        return "#" * max(1, min(block.level, 6)) + " " + escape(block.text)

    def paragraph(self, block: Block) -> str:
        return escape(block.text)

    def salutation(self, block: Block) -> str:
        return "::: salutation\n" + escape(block.text) + "\n:::"

    def closing(self, block: Block) -> str:
        return "::: closing\n" + "\n\n".join(escape(x) for x in block.lines) + "\n:::"

    def list_item(self, block: Block) -> str:
        return "- " + escape(block.text)

    def table(self, block: Block) -> str:
        return _dump_table(block.rows)


def dump(article: Article) -> str:
    """Serialize an Article as normalized Markdown (NFC, LF line ends, trailing newline)."""
    writer = _MarkdownBlocks()
    chunks: list[str] = [_dump_front_matter(article.meta)]
    chunks += [dispatch(block, writer) for block in article.blocks]
    text = "\n\n".join(chunks).replace("\n\n\n", "\n\n")
    return unicodedata.normalize("NFC", text).rstrip("\n") + "\n"


def _dump_table(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(escape(c) for c in padded[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(escape(c) for c in r) + " |" for r in padded[1:]]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- load

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter mapping, body). Raises ValueError on malformed YAML."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter: {yaml_problem(exc)}") from exc
    if not isinstance(data, dict):
        raise ValueError("front matter is not a mapping")
    return data, text[m.end() :]


def meta_from_mapping(data: dict[str, Any]) -> Meta:
    def s(key: str) -> str:
        v = data.get(key)
        return "" if v is None else str(v).strip()

    lines = data.get("title-lines") or []
    if isinstance(lines, str):
        lines = [lines]
    title_lines = [str(x).strip() for x in lines if str(x).strip()]
    title = s("title") or "".join(title_lines)
    unknown = set(data) - set(META_KEYS)
    if unknown:
        raise ValueError(f"unknown front-matter key(s): {', '.join(sorted(unknown))}")
    meta = Meta(
        title=title,
        title_lines=title_lines,
        subtitle=s("subtitle"),
        author=s("author"),
        speaker=s("speaker"),
        date=s("date"),
        doc_number=s("doc-number"),
        category=s("category"),
        source=s("source"),
        lang=s("lang") or "zh-CN",
    )
    meta.subtitle = meta.shown_subtitle  # a hand-edited subtitle that repeats the title is not printed twice
    return meta


def _inlines(nodes: list[dict[str, Any]]) -> str:
    out: list[str] = []
    for node in nodes:
        t = node.get("t")
        c: Any = node.get("c")
        if t == "Str":
            out.append(c)
        elif t == "Space":
            out.append(" ")
        elif t == "SoftBreak":
            out.append("\x00")  # resolved below: nothing between CJK, a space otherwise
        elif t == "LineBreak":
            out.append("\n")
        elif t in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.append(_inlines(c))
        elif t in ("Span", "Link", "Image"):
            out.append(_inlines(c[1]))
        elif t == "Quoted":
            q = ("“", "”") if c[0]["t"] == "DoubleQuote" else ("‘", "’")
            out.append(q[0] + _inlines(c[1]) + q[1])
        elif t == "Code":
            out.append(c[1])
        elif t == "Cite":
            out.append(_inlines(c[1]))
        # RawInline, Note, Math: the reader extensions keep them from occurring.
    text = "".join(out)
    while "\x00" in text:
        i = text.index("\x00")
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        text = text[:i] + break_space(before, after) + text[i + 1 :]
    return text


def _table_rows(c: list[Any]) -> list[list[str]]:
    # pandoc >= 2.10 Table: [attr, caption, colspecs, head, bodies, foot]
    rows: list[list[str]] = []

    def cells(row: list[Any]) -> list[str]:
        return [_plain_blocks(cell[4]) for cell in row[1]]

    head, bodies = c[3], c[4]
    rows += [cells(r) for r in head[1]]
    for body in bodies:
        rows += [cells(r) for r in body[2] + body[3]]
    return rows


def _plain_blocks(blocks: list[dict[str, Any]]) -> str:
    return "".join(_inlines(b["c"]) for b in blocks if b.get("t") in ("Para", "Plain"))


def _blocks(nodes: list[dict[str, Any]], out: list[Block]) -> None:
    for node in nodes:
        t = node.get("t")
        c: Any = node.get("c")
        if t == "Header":
            out.append(Block("heading", _inlines(c[2]).strip(), level=int(c[0])))
        elif t in ("Para", "Plain"):
            text = _inlines(c).strip()
            if text:
                out.append(Block("paragraph", text))
        elif t == "Div":
            classes = c[0][1]
            inner: list[Block] = []
            _blocks(c[1], inner)
            texts = [b.text for b in inner if b.text]
            if "salutation" in classes and texts:
                out.append(Block("salutation", "".join(texts)))
            elif "closing" in classes and texts:
                out.append(Block("closing", lines=texts))
            else:
                out.extend(inner)
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            for item in items:
                inner = []
                _blocks(item, inner)
                out.extend(Block("list_item", b.text) for b in inner)
        elif t == "BlockQuote":
            _blocks(c, out)
        elif t == "CodeBlock":
            out.extend(Block("paragraph", line) for line in c[1].splitlines() if line.strip())
        elif t == "Table":
            out.append(Block("table", rows=_table_rows(c)))


def load(text: str) -> Article:
    """Parse normalized Markdown into an Article. Raises ValueError for malformed front matter."""
    data, body = split_front_matter(text)
    meta = meta_from_mapping(data)
    # The formats are fixed and valid: verifying them would run pandoc twice more per job (its format lists).
    ast = json.loads(pypandoc.convert_text(body, "json", format=PANDOC_READER, verify_format=False))
    blocks: list[Block] = []
    _blocks(ast["blocks"], blocks)
    return Article(meta, blocks)
