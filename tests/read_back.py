"""The renderers' outputs read back as a reader gets them: an EPUB's package and text, a DOCX's body text,
a PDF's lines as printed (ours, or LibreOffice's of a DOCX).

Shared by the renderers' own tests (tests/render/test_epub.py, test_docx.py) and those that compare formats
(tests/render/test_consistency.py, tests/test_large_print.py) or check a workflow's outputs
(tests/workflow/test_snakefile.py).
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import docx
from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
H = {"h": XHTML}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Epub:
    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def read(self, href: str) -> bytes:
        return self.zip.read(self.base + href)

    def manifest(self) -> dict[str, tuple[str, str]]:
        return {
            i.get("id"): (i.get("href"), i.get("media-type")) for i in self.opf.findall("opf:manifest/opf:item", OPF)
        }

    def spine_docs(self) -> list[str]:
        man = self.manifest()
        return [
            man[r.get("idref")][0] for r in self.opf.findall("opf:spine/opf:itemref", OPF) if r.get("linear") != "no"
        ]

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.findall("opf:metadata/opf:meta", OPF) if m.get("property") == prop]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.findall(f"opf:metadata/dc:{name}", OPF)]

    def doc(self, href: str) -> Any:
        return etree.fromstring(self.read(href))


BLOCKS = {f"{{{XHTML}}}{t}" for t in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "th", "td")}


def block_text(el: Any) -> str:
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == f"{{{XHTML}}}br" else block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def epub_body_text(ep: Epub) -> str:
    """Characters of the body in reading order: the blocks of every spine document, minus the title block."""
    out: list[str] = []
    for href in ep.spine_docs():
        root = ep.doc(href)
        for el in root.find("h:body", H).iter(*BLOCKS):
            if not any(a.tag == f"{{{XHTML}}}header" for a in el.iterancestors()):
                out.append(block_text(el))
    return "".join(out)


def docx_body_text(data: bytes) -> str:
    """The body's characters in document order (paragraphs and table cells), without the front matter."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for el in d.element.body.iterchildren():
        if el.tag == W + "p":
            p = Paragraph(el, d)
            if p.style.name not in ("Document Number", "Title", "Subtitle", "Byline"):
                out.append(p.text)
        elif el.tag == W + "tbl":
            out += [p.text for row in Table(el, d).rows for c in row.cells for p in c.paragraphs]
    return "".join(out)


def pdf_lines(pdf: bytes | Path) -> list[dict[str, Any]]:
    """Every printed line of a PDF, in page order: page (from 1), the page's width and height, the line's
    top, bottom (its baseline row), x0, x1, size (the largest), sizes (of its visible characters) and text
    (without surrounding blanks). Characters whose bottoms round to the same point are one line."""
    import pdfplumber

    out: list[dict[str, Any]] = []
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            rows: dict[int, list[Any]] = defaultdict(list)
            for ch in page.chars:
                rows[round(ch["bottom"])].append(ch)
            for bottom in sorted(rows):
                chars = sorted(rows[bottom], key=lambda c: c["x0"])
                out.append(
                    {
                        "page": number,
                        "width": page.width,
                        "height": page.height,
                        "top": min(c["top"] for c in chars),
                        "bottom": float(bottom),
                        "x0": chars[0]["x0"],
                        "x1": chars[-1]["x1"],
                        "size": round(max(c["size"] for c in chars), 1),
                        "sizes": {round(c["size"], 1) for c in chars if c["text"].strip()},
                        "text": "".join(c["text"] for c in chars).strip(),
                    }
                )
    return out
