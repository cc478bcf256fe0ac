"""Booklet imposition for offices that fold and staple (saddle stitch).

Pages are padded with blank pages to a multiple of 4 (N pages), then placed two per side of a sheet twice
their width — A4 pages on A3 landscape. Sheet s (from 0) carries, printed duplex (flip on the short
edge) and stacked in order, folded in the middle:

    front: page N-2s on the left, page 2s+1 on the right      (1-based page numbers)
    back:  page 2s+2 on the left, page N-2s-1 on the right

so the folded stack reads 1, 2, …, N. The output has one PDF page per sheet side: front of sheet 0,
back of sheet 0, front of sheet 1, …. Each page is placed unscaled when it fits its half (A4 into half of
A3), otherwise scaled down to fit and centred; its rotation is honoured. Same input, same bytes.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject

Side = tuple[int | None, int | None]  # (left, right): 0-based source page, None for a blank


def booklet_length(pages: int) -> int:
    """Pages after padding: the next multiple of 4 (at least 4)."""
    return max(4, -(-pages // 4) * 4)


def booklet_order(pages: int) -> list[Side]:
    """The sides in printing order; each side is (left page, right page), None where a blank falls."""
    n = booklet_length(pages)

    def page(i: int) -> int | None:
        return i if i < pages else None

    sides: list[Side] = []
    for s in range(n // 4):
        sides.append((page(n - 1 - 2 * s), page(2 * s)))  # front
        sides.append((page(2 * s + 1), page(n - 2 - 2 * s)))  # back
    return sides


def _upright(page: PageObject) -> tuple[Transformation, float, float]:
    """The transformation that moves the page's content to the origin and turns it as the page is
    shown (its /Rotate, clockwise), with the upright width and height."""
    box = page.mediabox
    w, h = float(box.width), float(box.height)
    ctm = Transformation().translate(-float(box.left), -float(box.bottom))
    rotation = page.rotation % 360
    if rotation == 90:
        return ctm.transform(Transformation((0, -1, 1, 0, 0, w))), h, w
    if rotation == 180:
        return ctm.transform(Transformation((-1, 0, 0, -1, w, h))), w, h
    if rotation == 270:
        return ctm.transform(Transformation((0, 1, -1, 0, h, 0))), h, w
    return ctm, w, h


def impose_booklet(pdf: bytes) -> bytes:
    """Impose `pdf` as a saddle-stitched booklet: two pages side by side per sheet side (A4 → A3)."""
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    if count == 0:
        raise ValueError("the PDF has no pages")
    sources = list(reader.pages)
    # The cell is the first page's size (the page the document was designed for): A4 → A3 landscape.
    _ctm, cell_w, cell_h = _upright(sources[0])
    writer = PdfWriter()
    for side in booklet_order(count):
        sheet = writer.add_blank_page(2 * cell_w, cell_h)
        for slot, index in enumerate(side):
            if index is None:
                continue  # a padding page: left blank, unnumbered
            src = sources[index]
            upright, w, h = _upright(src)
            scale = min(1.0, cell_w / w, cell_h / h)
            x0 = slot * cell_w + (cell_w - w * scale) / 2
            y0 = (cell_h - h * scale) / 2
            ctm = upright.scale(scale, scale).translate(x0, y0)
            sheet.merge_transformed_page(src, ctm, over=True, expand=False)
    title = reader.metadata.title if reader.metadata is not None else None
    info: dict[str, str] = {"/Producer": "paiban"}
    if title:
        info["/Title"] = f"{title}（骑马订）"
    writer.add_metadata(info)
    # Print hints: both sides, turned on the short edge (the fold runs across the sheet), actual size.
    prefs = writer.create_viewer_preferences()
    prefs[NameObject("/Duplex")] = NameObject("/DuplexFlipShortEdge")
    prefs[NameObject("/PrintScaling")] = NameObject("/None")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
