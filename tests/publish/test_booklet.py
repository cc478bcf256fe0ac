"""Booklet imposition: padding to a multiple of 4, saddle-stitch order, A3 landscape sides."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from paiban.publish.booklet import booklet_length, booklet_order, impose_booklet

A4 = (595.28, 841.89)
A3_LANDSCAPE = (1190.55, 841.89)


def numbered_pdf(pages: int, size: str = "A4") -> bytes:
    body = "".join(f"<p style='break-after: page; font-size: 40pt'>P{i}</p>" for i in range(1, pages + 1))
    return bytes(HTML(string=f"<style>@page {{ size: {size}; margin: 20mm }}</style>{body}").write_pdf())


@pytest.fixture(scope="module")
def nine() -> bytes:
    return numbered_pdf(9)


def first_pages(pdf: bytes, n: int) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for page in reader.pages[:n]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sides(pdf: bytes) -> list[tuple[int | None, int | None]]:
    """(left, right) page tokens read off each output page, by where the text sits."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            halves: list[int | None] = [None, None]
            for word in page.extract_words():
                m = re.fullmatch(r"P(\d+)", word["text"])
                if m:
                    half = 0 if word["x1"] <= page.width / 2 else 1
                    assert word["x0"] >= (page.width / 2 if half else 0)  # never across the fold
                    assert halves[half] is None, "two pages in one half"
                    halves[half] = int(m.group(1))
            out.append((halves[0], halves[1]))
    return out


def fold(sides_: list[tuple[int | None, int | None]]) -> list[int | None]:
    """Read a printed, stacked and folded booklet page by page (the independent check of the order)."""
    sheets = [(sides_[i], sides_[i + 1]) for i in range(0, len(sides_), 2)]  # (front, back)
    first_half: list[int | None] = []
    for front, back in sheets:  # outside in: front right, then back left
        first_half += [front[1], back[0]]
    second_half: list[int | None] = []
    for front, back in reversed(sheets):  # inside out: back right, then front left
        second_half += [back[1], front[0]]
    return first_half + second_half


@pytest.mark.parametrize("n", range(1, 10))
def test_booklet_order_for_1_to_9_pages(n: int, nine: bytes) -> None:
    booklet = impose_booklet(first_pages(nine, n))
    reader = PdfReader(io.BytesIO(booklet))
    total = booklet_length(n)
    assert total % 4 == 0 and total - 4 < max(n, 1) <= total
    assert len(reader.pages) == total // 2  # one output page per sheet side
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (w, h) == pytest.approx(A3_LANDSCAPE, abs=0.5)  # A3 landscape
    found = sides(booklet)
    assert found == [(None if a is None else a + 1, None if b is None else b + 1) for a, b in booklet_order(n)]
    # Folded, the stack reads 1…n, then the blank padding pages.
    assert fold(found) == [*range(1, n + 1)] + [None] * (total - n)


def test_known_orders() -> None:
    assert booklet_order(4) == [(3, 0), (1, 2)]
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert booklet_order(5) == [(None, 0), (1, None), (None, 2), (3, 4)]
    assert booklet_length(1) == 4 and booklet_length(8) == 8 and booklet_length(9) == 12


def test_pages_are_placed_unscaled_in_their_halves(nine: bytes) -> None:
    booklet = impose_booklet(first_pages(nine, 4))
    with pdfplumber.open(io.BytesIO(first_pages(nine, 4))) as src, pdfplumber.open(io.BytesIO(booklet)) as out:
        p1 = src.pages[0].extract_words()[0]
        (right,) = [w for w in out.pages[0].extract_words() if w["text"] == "P1"]
        (left,) = [w for w in out.pages[0].extract_words() if w["text"] == "P4"]
    # P1 sits on the right half, shifted by one A4 width; P4 on the left half, where it was.
    assert right["x0"] == pytest.approx(p1["x0"] + A4[0], abs=0.5)
    assert right["top"] == pytest.approx(p1["top"], abs=0.5)
    assert left["x0"] == pytest.approx(p1["x0"], abs=0.5)
    assert right["bottom"] - right["top"] == pytest.approx(p1["bottom"] - p1["top"], abs=0.5)


def test_other_page_sizes_and_rotation() -> None:
    # A5 pages (148 × 210 mm) go two to a 296 × 210 mm side (A4 landscape, less 1 mm).
    booklet = impose_booklet(numbered_pdf(2, "A5"))
    page = PdfReader(io.BytesIO(booklet)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((839.06, 595.28), abs=0.5)
    # A rotated page is turned upright and scaled into its half, not cut off.
    reader = PdfReader(io.BytesIO(numbered_pdf(2)))
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    writer.add_page(reader.pages[1]).rotate(90)
    out = io.BytesIO()
    writer.write(out)
    booklet = impose_booklet(out.getvalue())
    with pdfplumber.open(io.BytesIO(booklet)) as doc:
        back = doc.pages[1]
        chars = [c for c in back.chars if c["text"] in "P2"]
        assert len(chars) == 2
        for c in chars:  # page 2 is the back's left half
            assert c["x0"] >= 0 and c["x1"] <= back.width / 2 + 0.5
            assert c["top"] >= 0 and c["bottom"] <= back.height


def _ink_centroid(pdf: bytes, index: int, box: tuple[float, float, float, float] = (0, 0, 1, 1)) -> tuple[float, float]:
    """Where the ink sits on a rendered page (as the viewer shows it), as fractions of `box`."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    image = doc[index].render(scale=0.5).to_pil().convert("L")
    w, h = image.size
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    crop = image.crop((x0, y0, x1, y1))
    px = crop.load()
    xs = ys = total = 0.0
    for y in range(crop.height):
        for x in range(crop.width):
            ink = 255 - px[x, y]
            xs, ys, total = xs + x * ink, ys + y * ink, total + ink
    doc.close()
    return xs / total / crop.width, ys / total / crop.height


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_are_placed_as_a_viewer_shows_them(rotation: int) -> None:
    source = HTML(
        string="<style>@page{size:A4;margin:20mm}</style><p style='font-size:60pt'>P1 上</p>"
        "<p style='break-before:page;font-size:60pt'>P2 上</p>"
    ).write_pdf()
    reader = PdfReader(io.BytesIO(source))
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    writer.add_page(reader.pages[1]).rotate(rotation)
    out = io.BytesIO()
    writer.write(out)
    booklet = impose_booklet(out.getvalue())
    want = _ink_centroid(out.getvalue(), 1)
    # Page 2 is the left half of the back; a landscape page is scaled to the half's width and centred.
    if rotation == 180:
        box = (0.0, 0.0, 0.5, 1.0)
    else:
        placed = A4[0] * A4[0] / A4[1] / A4[1]  # height fraction of the scaled landscape page
        box = (0.0, (1 - placed) / 2, 0.5, (1 + placed) / 2)
    got = _ink_centroid(booklet, 1, box)
    assert got == pytest.approx(want, abs=0.03)


def test_booklet_is_reproducible_prints_duplex_and_rejects_empty(nine: bytes) -> None:
    booklet = impose_booklet(nine)
    assert booklet == impose_booklet(nine)
    prefs = PdfReader(io.BytesIO(booklet)).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge" and prefs["/PrintScaling"] == "/None"
    writer = PdfWriter()
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValueError):
        impose_booklet(out.getvalue())
