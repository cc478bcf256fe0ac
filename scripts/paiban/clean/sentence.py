"""Does a line read as running text? The cleaner's tests of "a sentence", in one place.

A scraped page's chrome is lists of names (menus, link lists, labels, stamps); a document's text is
sentences. `reads_as_sentence` says which a line looks like, `ends_sentence` whether it is finished,
`ends_paragraph` whether a paragraph may stop after it (a colon or a closing bracket may end a line
of a paragraph, not a sentence).

Two callers ask other questions on purpose, with their own thresholds: `runs_on` (the vocabulary's:
is the line so much text that a chrome word in it is just a word) and `dense` (the HTML reader's: does
the line weigh as text when looking for the page's main container, however it ends).
"""

from __future__ import annotations

import re

from paiban.clean.title import TITLE_END
from paiban.hanzi import HAN

# A title that names its kind (…若干政策措施（2024—2026年）》的通知) is this long at most.
LONG_TITLE = 150
# A lead-in ending in a colon (以下是…的發言：) longer than this introduces text; a shorter one is a label.
LEAD_IN = 25
# A line with commas or stops this long is a sentence; a long line without a single mark is a run of
# menu items or page data, not one.
COMMA_SENTENCE = 25
PHRASE_SENTENCE = 60

# A line longer than this, or with a 。 and longer than this, is running text whatever words it holds.
RUNS_ON = 100
RUNS_ON_WITH_STOP = 40
# A line of at least this many characters with this many marks weighs as text in the HTML layout.
DENSE_LENGTH = 20
DENSE_MARKS = 2

_STOPS = re.compile(r"[。！？!?；;]")
_COMMA = re.compile(r"[，,；;！？!?]")
_ANY_MARK = re.compile(r"[，、；：！？,.;:!?]")
_DENSE_MARK = re.compile(r"[，。；：！？、,;]")
_SENTENCE_END = re.compile(rf"[。！？!?；;”…]$|(?<=[{HAN}])\.$")
_PARAGRAPH_END = re.compile(rf"[。！？!?：:；;”」…）)]$|(?<=[{HAN}])\.$")


def reads_as_sentence(text: str, *, min_len: int = 0) -> bool:
    """`text` reads as a sentence (of at least `min_len` characters) rather than a title, label or list."""
    k = text.strip()
    if len(k) < min_len:
        return False
    if len(k) <= LONG_TITLE and TITLE_END.search(k) and not _STOPS.search(k):
        return False  # a long title names its kind; a sentence does not end so
    if k.endswith(("：", ":")) and len(k) > LEAD_IN:
        return True
    return (
        "。" in k
        or (len(k) > PHRASE_SENTENCE and bool(_ANY_MARK.search(k)))
        or (bool(_COMMA.search(k)) and len(k) > COMMA_SENTENCE)
    )


def ends_sentence(text: str) -> bool:
    """`text` ends with a full stop, question, exclamation, semicolon, closing quote or ellipsis (a `.`
    after an ideograph is a stop typed half width)."""
    return bool(_SENTENCE_END.search(text))


def ends_paragraph(text: str) -> bool:
    """A paragraph may end after `text`: a sentence's end, or a colon or closing bracket."""
    return bool(_PARAGRAPH_END.search(text))


def runs_on(text: str) -> bool:
    """`text` is so much running text that a chrome word in it (浏览, 打印, 首页) is a word of a sentence,
    not a button: a strong vocabulary pattern does not make it chrome."""
    return len(text) > RUNS_ON or ("。" in text and len(text) > RUNS_ON_WITH_STOP)


def dense(text: str) -> bool:
    """`text` weighs as running text in a page's layout: long enough, with marks (a link or a menu has
    none), whether or not it is finished."""
    return len(text) >= DENSE_LENGTH and len(_DENSE_MARK.findall(text)) >= DENSE_MARKS
