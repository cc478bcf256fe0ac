"""The large-print theme measured on what it renders: the PDF's, the DOCX's (through LibreOffice) and
the EPUB's (its own stylesheet laid out by WeasyPrint) type sizes, line pitches and page numbers,
each against the same document in gbt9704. The LibreOffice test (the `soffice` fixture) is in the
`workflow` lane."""

from __future__ import annotations

import dataclasses
import io
import itertools
import statistics
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from paiban import markdown
from paiban.model import Article
from paiban.render.docx.document import render_docx
from paiban.render.epub import render_epub
from paiban.render.pdf.document import render_pdf
from paiban.theme import MM_PER_PT, Theme, load_theme
from tests.project import ROOT, SEED_MD, THEME
from tests.read_back import pdf_lines
from tests.tools import LibreOffice

GBT = THEME
LARGE = load_theme(ROOT / "styles" / "large-print.yaml")
THEMES = {"gbt9704": GBT, "large-print": LARGE}


@cache
def article() -> Article:
    """The seed's title, salutation and first parts: two to three pages in either theme."""
    seed = markdown.load(SEED_MD.read_text(encoding="utf-8"))
    return dataclasses.replace(seed, blocks=seed.blocks[:6])


def _body_texts() -> list[str]:
    return [b.text for b in article().blocks if b.kind == "paragraph"]


def body_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines that are a piece of a body paragraph (10 characters or more; not a title line, which the
    first paragraph happens to quote)."""
    texts = ["".join(t.split()) for t in _body_texts()]
    title = {"".join(t.split()) for t in article().meta.display_title_lines}
    return [
        ln
        for ln in lines
        if len(ln["text"]) >= 10
        and "".join(ln["text"].split()) not in title
        and any("".join(ln["text"].split()) in t for t in texts)
    ]


def line_pitch(lines: list[dict[str, Any]]) -> float:
    """The median distance between successive body lines of one page."""
    gaps = [b["bottom"] - a["bottom"] for a, b in itertools.pairwise(lines) if a["page"] == b["page"]]
    return float(statistics.median(gaps))


def page_numbers(lines: list[dict[str, Any]], theme: Theme) -> dict[int, dict[str, Any]]:
    """Each page's last line, when it lies below the type area (the page number)."""
    bottom = (theme.page_height_mm - theme.margin_bottom_mm) / MM_PER_PT
    last: dict[int, dict[str, Any]] = {}
    for ln in lines:
        if ln["bottom"] > bottom + 1:
            last[ln["page"]] = ln
    return last


@cache
def rendered_lines(name: str) -> list[dict[str, Any]]:
    return pdf_lines(render_pdf(article(), THEMES[name]))


def test_large_print_pdf_sets_the_body_at_its_size_on_a_wider_pitch() -> None:
    large, base = body_lines(rendered_lines("large-print")), body_lines(rendered_lines("gbt9704"))
    assert len(large) > 20 and len(base) > 20
    assert set().union(*(ln["sizes"] for ln in large)) == {LARGE.roles["body"].size_pt}
    assert min(min(ln["sizes"]) for ln in large) >= 16
    assert line_pitch(large) == pytest.approx(LARGE.line_pitch_pt, abs=0.5)
    assert line_pitch(large) > line_pitch(base) + 3
    # Most lines hold the grid's characters: 25 in large print, 28 in gbt9704 (a line with digits or a
    # compressed pair of marks holds one more).
    assert statistics.mode(len(ln["text"]) for ln in large) == LARGE.chars_per_line
    assert statistics.mode(len(ln["text"]) for ln in base) == GBT.chars_per_line
    # Its margins: the text starts where the theme's left margin ends.
    assert min(ln["x0"] for ln in large) == pytest.approx(LARGE.margin_left_mm / MM_PER_PT, abs=0.5)


def test_large_print_pdf_numbers_its_pages_in_its_own_format() -> None:
    numbers = page_numbers(rendered_lines("large-print"), LARGE)
    assert len(numbers) >= 2
    for page, line in numbers.items():
        assert line["text"] == f"第{page}页"
        assert line["sizes"] == {LARGE.roles["page_number"].size_pt}
    assert [ln["text"] for ln in page_numbers(rendered_lines("gbt9704"), GBT).values()][:2] == ["— 1 —", "— 2 —"]


def test_large_print_docx_in_libreoffice_sets_the_body_size_pitch_and_page_number(
    soffice: LibreOffice, tmp_path: Path
) -> None:
    lines = pdf_lines(soffice(render_docx(article(), LARGE), tmp_path).read_bytes())
    body = body_lines(lines)
    assert len(body) > 20
    assert set().union(*(ln["sizes"] for ln in body)) == {LARGE.roles["body"].size_pt}
    assert line_pitch(body) == pytest.approx(LARGE.line_pitch_pt, abs=0.5)
    assert statistics.mode(len(ln["text"]) for ln in body) == LARGE.chars_per_line
    numbers = page_numbers(lines, LARGE)
    assert numbers and all(line["text"] == f"第{page}页" for page, line in numbers.items())


def epub_body_lines(theme: Theme, tmp: Path) -> list[dict[str, Any]]:
    """The EPUB's first text chapter laid out by WeasyPrint with the book's own stylesheet and fonts."""
    import weasyprint

    with zipfile.ZipFile(io.BytesIO(render_epub(article(), theme))) as book:
        book.extractall(tmp)
    chapter = next(p for p in sorted(tmp.glob("EPUB/part-*.xhtml")))
    pdf = weasyprint.HTML(filename=str(chapter)).write_pdf(
        stylesheets=[weasyprint.CSS(string="@page { size: 150mm 2000mm; margin: 10mm }")]
    )
    return body_lines(pdf_lines(pdf))


def test_large_print_epub_stylesheet_is_applied(tmp_path: Path) -> None:
    large = epub_body_lines(LARGE, tmp_path / "large")
    base = epub_body_lines(GBT, tmp_path / "base")
    assert len(large) > 5 and len(base) > 5
    (large_size,), (base_size,) = (
        set().union(*(ln["sizes"] for ln in large)),
        set().union(*(ln["sizes"] for ln in base)),
    )
    # WeasyPrint's default text size is 12 pt: the reader's own size, which gbt9704 keeps.
    assert base_size == pytest.approx(12)
    assert large_size == pytest.approx(base_size * LARGE.screen.text_size_percent / 100)
    assert line_pitch(large) / large_size == pytest.approx(LARGE.screen.line_height, abs=0.05)
    assert line_pitch(base) / base_size == pytest.approx(GBT.screen.line_height, abs=0.05)
