"""Which characters of a document no installed face can print.

Pango falls back through every face fontconfig knows, so a character prints when *any* installed face
(or a face in the user's fonts folder) has it; one that none has comes out as the `.notdef` box ("tofu")
without a word from WeasyPrint. The renderers report those characters by name instead.
"""

from __future__ import annotations

import array
import bisect
import functools
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from paiban.render import font_cache
from paiban.render.fonts import FONT_SUFFIXES

# Characters that draw no glyph of their own: controls, format characters (ZWJ, variation selectors are
# Mn), separators. A missing one prints nothing, not a box.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _merge(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's charset format: `20-7e a0 a2-ff …` (hexadecimal code points and ranges)."""
    out: list[tuple[int, int]] = []
    for token in text.split():
        lo, _, hi = token.partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return out


def _fc_list(fmt: str) -> str:
    try:
        return subprocess.run(
            ["fc-list", "--format", fmt], capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _pack(ranges: Sequence[tuple[int, int]]) -> bytes:
    return array.array("I", [v for r in ranges for v in r]).tobytes()


def _unpack(data: bytes) -> tuple[tuple[int, int], ...]:
    values = array.array("I")
    values.frombytes(data)
    return tuple(zip(values[0::2], values[1::2], strict=True))


@functools.lru_cache(maxsize=1)
def _system_ranges() -> tuple[tuple[int, int], ...]:
    """What fontconfig's faces cover, merged. Parsing every face's charset takes a fifth of a second, so
    the result is cached (`font_cache`) under the list of fontconfig's files (a 10 ms `fc-list`)."""
    files = _fc_list("%{file}\t%{index}\n")
    if not files:
        return ()
    entry = font_cache.key(
        files, font_cache.file_key(line.split("\t")[0] for line in files.splitlines()), font_cache.code_key(__name__)
    )
    cached = font_cache.load("coverage", entry)
    if cached is not None and len(cached) % (2 * array.array("I").itemsize) == 0:
        return _unpack(cached)
    ranges = _merge(r for line in _fc_list("%{charset}\n").splitlines() for r in _parse_charset(line))
    font_cache.store("coverage", entry, _pack(ranges))
    return ranges


@functools.lru_cache(maxsize=8)
def _folder_ranges(fonts_dir: Path) -> tuple[tuple[int, int], ...]:
    points: set[int] = set()
    for path in sorted(fonts_dir.glob("*")) if fonts_dir.is_dir() else []:
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        try:
            faces = TTCollection(path).fonts if path.suffix.lower() in (".ttc", ".otc") else [TTFont(path, lazy=True)]
            for face in faces:
                points.update((face.getBestCmap() or {}).keys())
        except Exception:  # an unreadable file is fonts.py's to report; it covers nothing here
            continue
    return _merge((p, p) for p in points)


def uncovered(text: str, fonts_dir: Path | None = None) -> list[str]:
    """The distinct visible characters of `text`, in order of appearance, that no installed face has."""
    ranges = _merge(_system_ranges() + (_folder_ranges(fonts_dir) if fonts_dir else ()))
    starts = [lo for lo, _ in ranges]
    missing: dict[str, None] = {}
    for ch in text:
        if ch in missing or unicodedata.category(ch) in _INVISIBLE or "\ufe00" <= ch <= "\ufe0f":
            continue
        i = bisect.bisect_right(starts, ord(ch)) - 1
        if i < 0 or ord(ch) > ranges[i][1]:
            missing[ch] = None
    return list(missing)


def describe(chars: Iterable[str]) -> str:
    """`𰻞 (U+30EDE), 󰀀 (U+F0000)` — the characters and their code points, for a warning."""
    return ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)
