"""The output formats: one entry each, read by everything that names a format.

`paiban render NAME` (cli), the Snakefile (one render rule per published format, named for it), the
download page (order, label, link type), the server (content types, what it serves), the run summary
(what a built document has, which logs hold its errors) and the workflow test all read `FORMATS`, so a
new format is a renderer module and one entry here.

A renderer is named "module:function" and imported when a format is rendered: importing WeasyPrint alone
costs ~0.3 s, and `paiban clean`, the download page and the Snakefile must not pay for renderers they do
not run. Every renderer has one signature, `Renderer`; the options it does not use it ignores.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from paiban.model import Article
    from paiban.theme import Theme


@dataclass(frozen=True)
class RenderOptions:
    """What the command line hands every renderer."""

    source: Path  # the Markdown, for a refusal that names it
    fonts_dir: Path | None = None  # licensed fonts to prefer (styles/fonts/)
    embed_fonts: bool = True  # DOCX, EPUB: carry subsets of the free faces
    pdfa: bool = False
    pdfua: bool = False
    tagged: bool = True
    progress: Callable[[str], None] | None = None  # a long render's stage lines, as they happen
    warn: Callable[[str], None] | None = None  # a problem with the output that is not a failure


class Renderer(Protocol):
    def __call__(self, article: Article, theme: Theme, options: RenderOptions, /) -> bytes: ...


@dataclass(frozen=True)
class Format:
    name: str  # `paiban render NAME`; the Snakefile's rule and `dist/logs/{doc}.NAME.log`
    suffix: str  # of the file, with the dot
    media_type: str  # the Content-Type `paiban serve` sends and the download page's link type
    label: str  # the download page's button
    blurb: str  # how the download page's header names it
    renderer: str = ""  # "module:function", a Renderer; empty for the Markdown, which `paiban clean` writes
    published: bool = True  # built by `snakemake all`, listed on the download page, served

    def render(self) -> Renderer:
        """The renderer, imported now."""
        if not self.renderer:
            raise ValueError(f"{self.name} is written by `paiban clean`, not rendered")
        module, _, function = self.renderer.partition(":")
        return cast("Renderer", getattr(importlib.import_module(module), function))


# In the order the download page lists them.
FORMATS: tuple[Format, ...] = (
    Format("pdf", ".pdf", "application/pdf", "PDF", "PDF（A4，可双面打印）", "paiban.render.pdf.document:render"),
    Format(
        "docx",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
        "Word",
        "paiban.render.docx.document:render",
    ),
    Format("epub", ".epub", "application/epub+zip", "EPUB", "EPUB（手机阅读）", "paiban.render.epub:render"),
    Format("md", ".md", "text/markdown", "Markdown", "Markdown"),
    # The semantic HTML with the screen stylesheet: for looking at the markup, not a publication.
    Format("html", ".html", "text/html", "HTML", "HTML", "paiban.render.html:render", published=False),
)
PUBLISHED: tuple[Format, ...] = tuple(f for f in FORMATS if f.published)
RENDERED: tuple[Format, ...] = tuple(f for f in PUBLISHED if f.renderer)  # the Snakefile's render rules
RENDERABLE: tuple[str, ...] = tuple(f.name for f in FORMATS if f.renderer)  # `paiban render NAME`


def by_name(name: str) -> Format:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)
