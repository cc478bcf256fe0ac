"""Chinese character classes, each decided once: the cleaner, the Markdown reader and the renderers ask here.

Two questions look alike and are not the same, so they stay apart:

    is_han     is this written as a Chinese character (an ideograph or 〇: it gives a mark Chinese context)?
               `is_ideograph` without 〇 is what a count of the page's Chinese characters counts
    is_wide    does it take a full em in a line (ideographs, kana, full-width marks and forms)? — East Asian
               width W/F, what a typesetter measures; `。` and `Ａ` are wide without being han

`fold_alnum` is the one full-width → half-width folding the cleaner applies (letters and digits only:
full-width punctuation is the house style, GB/T 15834).
"""

from __future__ import annotations

import unicodedata

# The unified ideographs of the BMP as a regex class body (`[{HAN}]`): what the cleaner's patterns mean
# by "a Chinese character" next to a mark or a number. Extension A and the supplementary planes are left
# out on purpose: a page's structure (doc numbers, 第…章, signatures) is written in common characters.
HAN = "\u4e00-\u9fff"
# Chinese running text as a regex class body: the ideographs, CJK symbols and punctuation (U+3000–303F)
# and the full-width forms (U+FF00–FFEF): what ends a URL or an ASCII token written inside Chinese text.
CJK_TEXT = "\u3000-\u303f" + HAN + "\uff00-\uffef"

# Blocks of ideographs a document's words are written in: URO, extension A, the compatibility ideographs
# (a GBK/Big5 round trip leaves some), and the supplementary planes' extensions B to H.
_HAN_BLOCKS = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
_IDEOGRAPHIC_ZERO = "〇"  # U+3007, a number in dates (二〇二四年), in CJK Symbols and Punctuation

# Full-width ASCII letters and digits and their half-width forms sit 0xFEE0 apart.
_FULL_TO_HALF = {
    o: o - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for o in range(r[0], r[1] + 1)
}


def is_ideograph(ch: str) -> bool:
    """`ch` (one character, or "") is in a block of CJK unified or compatibility ideographs: what a count
    of a page's Chinese characters counts (`clean.fidelity`)."""
    if not ch:
        return False
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _HAN_BLOCKS)


def is_han(ch: str) -> bool:
    """`ch` is written as a Chinese character: an ideograph, or 〇, which Chinese text writes among them
    (二〇二四年) although Unicode files it with the symbols; what gives a mark Chinese context."""
    return is_ideograph(ch) or ch == _IDEOGRAPHIC_ZERO


def is_wide(ch: str) -> bool:
    """`ch` (one character, or "") takes a full em: East Asian width Wide or Fullwidth."""
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def break_space(before: str, after: str) -> str:
    """What a source line break inside running text becomes between `before` and `after` (characters,
    or ""): nothing next to a wide character, since Chinese sets no space between words; a space
    between Latin words."""
    return "" if is_wide(before) or is_wide(after) else " "


def columns(text: str) -> int:
    """Width of `text` in half-width columns: 2 a wide character, 1 any other."""
    return sum(2 if is_wide(ch) else 1 for ch in text)


def fold_alnum(text: str) -> str:
    """Full-width ASCII letters and digits (Ａ１) → half width (A1); everything else as it is."""
    return text.translate(_FULL_TO_HALF)
