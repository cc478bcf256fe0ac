"""The document model shared by every stage.

`clean` produces an :class:`Article`; `markdown.dump` writes it as the normalized Markdown (the single
source of truth); `markdown.load` reads that Markdown back (through pandoc) into the same model, which is
what every renderer consumes. Renderers never see the scraped page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar, assert_never

BlockKind = Literal["heading", "paragraph", "salutation", "closing", "list_item", "table"]

# Front-matter keys in the order paiban writes them (pandoc's writer would sort them).
META_KEYS: tuple[str, ...] = (
    "title",
    "title-lines",
    "subtitle",
    "author",
    "speaker",
    "date",
    "doc-number",
    "category",
    "source",
    "lang",
)


@dataclass
class Meta:
    title: str = ""
    title_lines: list[str] = field(default_factory=list)
    subtitle: str = ""
    author: str = ""
    speaker: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD) or empty
    doc_number: str = ""
    category: str = ""
    source: str = ""
    lang: str = "zh-CN"

    def as_items(self) -> list[tuple[str, str | list[str]]]:
        """Non-empty fields as (front-matter key, value) in META_KEYS order."""
        values: dict[str, str | list[str]] = {
            "title": self.title,
            "title-lines": self.title_lines if len(self.title_lines) > 1 else [],
            "subtitle": self.shown_subtitle,
            "author": self.author,
            "speaker": self.speaker,
            "date": self.date,
            "doc-number": self.doc_number,
            "category": self.category,
            "source": self.source,
            "lang": self.lang,
        }
        return [(k, values[k]) for k in META_KEYS if values[k]]

    def front_text(self) -> str:
        """Every character the renderers print before the body, in order: document number, title,
        subtitle, speaker, date line (what a fidelity check expects ahead of `Article.body_text`)."""
        return "".join([self.doc_number, *self.display_title_lines, *(t for _, t in self.under_title())])

    @property
    def shown_subtitle(self) -> str:
        """The subtitle, unless it only repeats the title (a page that set its headline twice)."""
        if self.subtitle and _bare(self.subtitle) == _bare(self.title or "".join(self.title_lines)):
            return ""
        return self.subtitle

    @property
    def date_line(self) -> str:
        """A speech's date line under the speaker, `（2024年1月12日）`, unless the title or subtitle shows it."""
        if not (self.speaker and self.date):
            return ""
        shown = re.sub(r"\s+", "", "".join(self.display_title_lines) + self.shown_subtitle)
        written = chinese_date(self.date)
        if written in shown or self.date in shown:
            return ""
        return f"（{written}）"

    def under_title(self) -> list[tuple[str, str]]:
        """The lines every renderer sets under the title, as (theme role, text): the subtitle, the speaker
        and a speech's date line (both bylines)."""
        lines = [("subtitle", self.shown_subtitle), ("byline", self.speaker), ("byline", self.date_line)]
        return [(role, text) for role, text in lines if text]

    @property
    def display_title_lines(self) -> list[str]:
        """The title as it should be set: the document's own lines, else the whole title."""
        if self.title_lines:
            return list(self.title_lines)
        return [self.title] if self.title else []


def _bare(text: str) -> str:
    """A front-matter line without spaces and the dashes or brackets that set it off."""
    return re.sub(r"[\s\u3000—\-–（）()]+", "", text)


def chinese_date(iso: str) -> str:
    """`2024-02-06` → `2024年2月6日` (GB/T 9704 writes dates in Arabic numerals, no leading zeros)."""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
    return iso


@dataclass
class Block:
    """One block of the body.

    kind:
      heading     an outline heading; `level` 1 is the top level used in this document
      paragraph   body text, first-line indented
      salutation  `各位委员、同志们：` — set flush left
      closing     signature / date lines at the end — set flush right; `lines` holds them
      list_item   an item of an unnumbered list (rare in official text)
      table       `rows` holds the cells
    """

    kind: BlockKind
    text: str = ""
    level: int = 0
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


T_co = TypeVar("T_co", covariant=True)


class BlockWriter(Protocol[T_co]):
    """What a writer does with each kind of block; `dispatch` is the one exhaustive switch over kinds.

    Every writer (Markdown, semantic HTML/EPUB, print HTML, DOCX, the role of a block's text) implements
    all six, so a new block kind is a type error in each of them until it is handled.
    """

    def heading(self, block: Block) -> T_co: ...
    def paragraph(self, block: Block) -> T_co: ...
    def salutation(self, block: Block) -> T_co: ...
    def closing(self, block: Block) -> T_co: ...
    def list_item(self, block: Block) -> T_co: ...
    def table(self, block: Block) -> T_co: ...


def dispatch(block: Block, writer: BlockWriter[T_co]) -> T_co:
    """Hand `block` to the writer's method for its kind (mypy checks that every kind is covered)."""
    kind = block.kind
    match kind:
        case "heading":
            return writer.heading(block)
        case "paragraph":
            return writer.paragraph(block)
        case "salutation":
            return writer.salutation(block)
        case "closing":
            return writer.closing(block)
        case "list_item":
            return writer.list_item(block)
        case "table":
            return writer.table(block)
        case _:
            assert_never(kind)


@dataclass
class Article:
    meta: Meta
    blocks: list[Block]

    def body_text(self) -> str:
        """Every character of the body in reading order, without separators (used by fidelity tests)."""
        parts: list[str] = []
        for b in self.blocks:
            if b.kind == "closing":
                parts.extend(b.lines)
            elif b.kind == "table":
                parts.extend(cell for row in b.rows for cell in row)
            else:
                parts.append(b.text)
        return "".join(parts)


@dataclass(frozen=True)
class LogEntry:
    """One decision of the cleaner: what was removed (or warned about) and why."""

    action: Literal["removed", "warning", "info", "changed"]
    reason: str
    text: str = ""
    line: int = 0  # 1-based line in the decoded source, 0 when not line-bound

    def format(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        shown = f" «{self.text}»" if self.text else ""
        return f"{self.action}: {where}{self.reason}{shown}"
