"""The tagged PDF's structure tree, mended where WeasyPrint's page-by-page tagging splits a block.

WeasyPrint tags each page on its own, so a paragraph running onto the next page becomes two `P`s (a
screen reader announces two paragraphs). `join_page_continuations` moves the second part's content
into the first, as an incremental update appended to WeasyPrint's file: the file stays as it is
(compressed object streams and all), followed by the rewritten structure elements, a new information
dictionary and a cross-reference stream.

The update is the one `pypdf.PdfWriter(incremental=True)` writes, byte for byte, without its cost:
that writer parses and hashes every object of the file to find the changed ones (0.4 s for nine pages),
where the join reads only the structure elements it moves and writes those whose content changed.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from typing import Any


def top_level_elements(document: Any) -> list[list[Any]]:
    """Per page, the HTML element behind each top-level structure element WeasyPrint writes.

    Mirrors `weasyprint.pdf.tags._build_box_tree`'s top level: page, html and body boxes are looked
    through, margin boxes (the page numbers) stay outside the tree, every other box is one element.
    """
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    def walk(box: Any) -> list[Any]:
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        tag = None if box.element is None else box.element_tag
        if tag in ("html", "body") or isinstance(box, boxes.PageBox):
            if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
                return [e for child in box.children for e in walk(child)]
        elif isinstance(box, boxes.MarginBox):
            return []
        return [box.element]

    return [walk(page._page_box) for page in document.pages]


class _Objects:
    """The indirect objects the join reads, each with its hash as read (to tell which ones it changed).

    pypdf's reader parses every object of an object stream to read one of them (WeasyPrint puts a
    document's thousands of objects in one stream); this reads just the one, from the stream's index,
    and leaves it in the reader's cache, where pypdf's own look-ups find it.
    """

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.read: dict[int, tuple[Any, int]] = {}
        self._streams: dict[int, tuple[bytes, dict[int, int]]] = {}

    def get(self, ref: Any) -> Any:
        if ref.idnum not in self.read:
            obj = self._parse(ref)
            self.read[ref.idnum] = (obj, obj.hash_bin())
        return self.read[ref.idnum][0]

    def _parse(self, ref: Any) -> Any:
        from pypdf.generic import read_object

        cached = self.reader.cache_get_indirect_object(0, ref.idnum)
        located = self.reader.xref_objStm.get(ref.idnum)
        if cached is not None or located is None:
            return ref.get_object()
        number = located[0]
        if number not in self._streams:
            stream = self.reader.get_object(number)
            data, first = stream.get_data(), int(stream["/First"])
            header = data[:first].split()
            pairs = zip(header[::2], header[1::2], strict=False)
            self._streams[number] = (data, {int(n): first + int(o) for n, o in pairs})
        data, offsets = self._streams[number]
        if ref.idnum not in offsets:  # not where the cross-reference says: pypdf's own way
            return ref.get_object()
        buffer = io.BytesIO(data)
        buffer.seek(offsets[ref.idnum])
        obj = read_object(buffer, self.reader)
        self.reader.cache_indirect_object(0, ref.idnum, obj)
        return obj

    def changed(self) -> list[tuple[int, Any]]:
        return sorted((idnum, obj) for idnum, (obj, before) in self.read.items() if obj.hash_bin() != before)


def join_page_continuations(pdf: bytes, elements: Sequence[Sequence[Any]]) -> bytes:
    """Make a block that a page break splits one structure element again.

    `elements` are `top_level_elements` of the laid-out document: where a page's first top-level
    element comes from the same HTML element as the previous page's last, its content moves into that
    element. Left as it is when the tree does not have the expected shape.
    """
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    joins = [
        i for i in range(1, len(elements)) if elements[i] and elements[i - 1] and elements[i][0] is elements[i - 1][-1]
    ]
    if not joins:
        return pdf
    reader = PdfReader(io.BytesIO(pdf))
    objects = _Objects(reader)
    root = reader.trailer.raw_get("/Root")
    tree = objects.get(root).raw_get("/StructTreeRoot") if isinstance(root, IndirectObject) else None
    tree = objects.get(tree) if isinstance(tree, IndirectObject) else tree
    top = tree.raw_get("/K") if isinstance(tree, DictionaryObject) else None
    if not isinstance(top, ArrayObject) or not top or not isinstance(top[0], IndirectObject):
        return pdf
    kids = objects.get(top[0]).raw_get("/K")
    if not isinstance(kids, ArrayObject) or len(kids) != sum(len(page) for page in elements):
        return pdf
    if not all(isinstance(kid, IndirectObject) for kid in kids):
        return pdf
    starts = [sum(len(page) for page in elements[:i]) for i in range(len(elements))]
    for i in reversed(joins):
        first_ref = kids[starts[i] - 1]
        first, second = objects.get(first_ref), objects.get(kids[starts[i]])
        content, moved = first.raw_get("/K"), second.raw_get("/K")
        if not isinstance(content, ArrayObject):
            return pdf
        moved = moved if isinstance(moved, ArrayObject) else ArrayObject([moved])
        for kid in moved:
            element = objects.get(kid) if isinstance(kid, IndirectObject) else kid
            if isinstance(element, DictionaryObject):
                element[NameObject("/P")] = first_ref
        content.extend(moved)
        del kids[starts[i]]
    info = reader.trailer.raw_get("/Info")
    if isinstance(info, IndirectObject):
        objects.get(info)  # read here, for `reader.metadata`
    return pdf + _increment(reader, objects.changed(), len(pdf))


def _increment(reader: Any, changed: list[tuple[int, Any]], offset: int) -> bytes:
    """The incremental update `PdfWriter(incremental=True)` writes for `changed` objects (see there).

    Its information dictionary is a new object: viewers read only the last trailer, which names it
    only when it is new. Its entries are those of the file's own one, as text strings.
    """
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        NumberObject,
        PdfObject,
        StreamObject,
        TextStringObject,
        create_string_object,
    )

    info = DictionaryObject()
    for name, value in (reader.metadata or {}).items():
        value = value.get_object() if isinstance(value, PdfObject) else value
        info[NameObject(name)] = create_string_object(str(value))
    last = max(
        [i for entry in reader.xref.values() for i in entry if i] + [i for i in reader.xref_objStm if i], default=0
    )
    written = [*changed, (last + 1, info)]
    out = io.BytesIO()
    positions: list[int] = []
    for idnum, obj in written:
        positions.append(offset + out.tell())
        out.write(f"{idnum} 0 obj\n".encode())
        obj.write_to_stream(out)
        out.write(b"\nendobj\n")
    index: list[int] = []
    for idnum, _ in written:  # runs of consecutive object numbers: (first, count) pairs
        if index and index[-2] + index[-1] == idnum:
            index[-1] += 1
        else:
            index += [idnum, 1]
    xref_location = offset + out.tell()
    xref_id = last + 2
    out.write(f"{xref_id} 0 obj".encode())
    fields: dict[Any, Any] = {
        NameObject("/Type"): NameObject("/XRef"),
        NameObject("/Size"): NumberObject(xref_id + 1),
        NameObject("/Root"): reader.trailer.raw_get("/Root"),
        NameObject("/Filter"): NameObject("/FlateDecode"),
        NameObject("/Index"): ArrayObject([NumberObject(n) for n in index]),
        NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(4), NumberObject(1)]),
        "__streamdata__": b"",
        NameObject("/Info"): IndirectObject(last + 1, 0, reader),
        NameObject("/Prev"): NumberObject(reader._startxref),
    }
    if reader._ID:  # as PdfWriter keeps it: the identifiers' bytes as byte strings
        fields[NameObject("/ID")] = ArrayObject(
            ByteStringObject(i.original_bytes) if isinstance(i, TextStringObject) else i for i in reader._ID
        )
    xref = StreamObject.initialize_from_dictionary(fields)
    xref.set_data(b"".join(struct.pack(">BIB", 1, position, 0) for position in positions))
    xref.write_to_stream(out)
    out.write(f"\nendobj\nstartxref\n{xref_location}\n%%EOF\n".encode())
    return out.getvalue()
