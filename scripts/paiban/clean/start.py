"""Where the document's text starts: the first body-like line that more body follows.

What comes before it is the head (title, subtitle, date, doc-number, and the site's leftovers), read by
`head`; a body-like line alone above the title (a slogan, a lead-in of the site's) does not start it.
"""

from __future__ import annotations

import re

from paiban.clean.blocks import PageLine, is_caption, is_part_heading, is_salutation
from paiban.clean.metadata import is_date_line, is_org, subtitle_of
from paiban.clean.sentence import reads_as_sentence
from paiban.markers import ARTICLE, outline_kind

# A salutation (各区人民政府：) is this long at most; a longer line ending so is a lead-in sentence.
SALUTATION_LENGTH = 40


def bodyish(line: PageLine) -> bool:
    """The line reads as the document's text: a salutation, an article or outline heading, a sentence."""
    t = line.text.strip()
    if line.rows or not t:
        return False
    if is_salutation(t) and len(t) <= SALUTATION_LENGTH:
        return True
    if ARTICLE.match(t) or (outline_kind(t) and not is_date_line(t)):
        return True
    return reads_as_sentence(t) and not subtitle_of(t)


def find_start(lines: list[PageLine], kept: list[int]) -> int:
    """Position in `kept` of the document's first line."""
    body = [p for p, i in enumerate(kept) if bodyish(lines[i])]
    start = next((p for p in body if _text_follows(lines, kept, p)), None)
    if start is not None:
        return start
    if body:
        return body[0]
    # No sentence anywhere: the first line is the title, the rest is the document.
    return 1 if len(kept) > 1 else 0


def _text_follows(lines: list[PageLine], kept: list[int], p: int) -> bool:
    """The document starts where text runs on: a body-like line followed by more body (a sentence, an
    outline heading, a part heading with text under it), not a lone slogan above the title."""
    if is_salutation(lines[kept[p]].text) or p + 1 >= len(kept):
        return True
    nxt = lines[kept[p + 1]]
    if nxt.rows or bodyish(nxt) or outline_kind(nxt.text):
        return True
    after = lines[kept[p + 2]] if p + 2 < len(kept) else None
    if (nxt.caption or is_caption(nxt.text)) and after is not None and bodyish(after):
        return True  # a photo and its caption between two paragraphs
    if after is not None and _part_heading_over_text(lines[kept[p]].text, nxt.text):
        return bodyish(after) or bool(outline_kind(after.text))
    return bool(is_date_line(nxt.text) or is_org(nxt.text))


def _part_heading_over_text(text: str, nxt: str) -> bool:
    """`…如下：` over an unnumbered part heading (`总体要求`, not a `关于…` title): the text goes on under it."""
    return is_part_heading(nxt) and text.endswith(("。", "：", ":")) and not re.search(r"关于|關於", nxt)
