"""Same input, same bytes: the one date every output carries, and zips without the clock in them.

Every renderer stamps its output (PDF creation date, DOCX core properties, EPUB `dcterms:modified`, zip
entry times) with `document_time`: the document's own date first — it is what the publication is *of* —
then `SOURCE_DATE_EPOCH` for undated documents (the reproducible-builds convention), then a fixed epoch.
Never the current time, so a rebuild changes nothing and a checksum on the download page means something.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

from paiban.model import Meta

FIXED_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the zip format's earliest time


def document_time(meta: Meta) -> dt.datetime:
    """The document's date at 00:00 UTC; else SOURCE_DATE_EPOCH; else 1980-01-01 (never 'now')."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.date or ""):
        try:
            d = dt.date.fromisoformat(meta.date)
            if d.year >= 1980:
                return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)
        except ValueError:
            pass
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(FIXED_EPOCH, dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC))
    return FIXED_EPOCH


def reproducible_zip(
    data: bytes, when: dt.datetime, order: tuple[str, ...] = (), replace: dict[str, bytes] | None = None
) -> bytes:
    """Rewrite a zip with every entry stamped `when`, in a fixed order (`order` first, then sorted);
    `mimetype` (EPUB) stays first and stored."""
    replace = replace or {}
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        names = zin.namelist()
        contents = {n: replace.get(n, zin.read(n)) for n in names}
    first = [n for n in ("mimetype", *order) if n in contents]
    ordered = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                zout.writestr(info, contents[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                zout.writestr(info, contents[name], compresslevel=9)
    return out.getvalue()
