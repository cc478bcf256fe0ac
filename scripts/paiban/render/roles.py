"""Which theme role a block's text takes: headings from their outline marker, other blocks by kind.

GB/T 9704 ties faces to numbering, not to depth: `一、` is 黑体, `（一）` 楷体, `1.`/`（1）` 仿宋. Unnumbered
part headings (`2023年工作回顾`) sit above `一、` and take the 黑体 part role. Deriving the role from the
marker keeps the renderers right whether or not a document has parts.

The marker grammar itself is the cleaner's (`paiban.markers`): the renderers
read a heading exactly as the cleaner classified it, so `壹、`, `貳、` and `參、` of one page take one role
in every format. This module only maps each kind of marker to a face.
"""

from __future__ import annotations

from paiban.markers import outline_kind
from paiban.model import Article, Block, dispatch

# Marker kind (markers.KINDS) → theme role. Kinds at or above `一、` are set like `一、` (黑体).
KIND_ROLE: dict[str, str] = {
    "bian": "section",
    "zhang": "section",
    "jie": "section",
    "upper": "section",
    "cn": "section",
    "roman": "section",
    "cn-paren": "subsection",
    "num": "item",
    "num-dec": "item",  # 1.1编制目的 under 1.总则
    "num-bare": "section",  # 01综合: a statistics bulletin's top-level sections
    "num-paren": "item",
    "circled": "item",
}


def heading_role(text: str) -> str:
    """Return the theme role for a heading: part, section, subsection or item."""
    return KIND_ROLE.get(outline_kind(text), "part")


class _BlockRole:
    """The theme role each kind of block is set in (list items and table cells are body text)."""

    def heading(self, block: Block) -> str:
        return heading_role(block.text)

    def paragraph(self, block: Block) -> str:
        return "body"

    def salutation(self, block: Block) -> str:
        return "salutation"

    def closing(self, block: Block) -> str:
        return "closing"

    def list_item(self, block: Block) -> str:
        return "body"

    def table(self, block: Block) -> str:
        return "body"


def block_role(block: Block) -> str:
    """The theme role `block` is set in."""
    return dispatch(block, _BlockRole())


def role_texts(article: Article) -> dict[str, str]:
    """Every character each role sets, front matter included: what a font subset per role must cover."""
    meta = article.meta
    out: dict[str, list[str]] = {
        "doc_number": [meta.doc_number],
        "title": meta.display_title_lines,
        "subtitle": [meta.subtitle],
        "byline": [meta.speaker],
    }
    for block in article.blocks:
        parts = block.lines if block.kind == "closing" else [c for r in block.rows for c in r] or [block.text]
        out.setdefault(block_role(block), []).extend(parts)
    return {role: "".join(parts) for role, parts in out.items() if "".join(parts)}
