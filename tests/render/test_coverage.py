"""Characters no installed face can print are found, so the renderers can name them instead of printing tofu."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from paiban.render.coverage import describe, uncovered

NOBODY = "\U000f0000"  # supplementary private use: no installed face has it
ALSO_NOBODY = "\U000f0001"


def font_with(path: Path, codepoints: list[int]) -> Path:
    """A minimal TrueType font whose only glyph, a square, is mapped to `codepoints`."""
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 500))
    pen.lineTo((500, 500))
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "square"])
    builder.setupCharacterMap(dict.fromkeys(codepoints, "square"))
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "square": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Coverage Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_what_the_installed_faces_have_is_covered() -> None:
    # scripts/setup installs CJK faces, extension B (HanaMin) and colour emoji.
    assert uncovered("中文，English 123。𠀀👍") == []


def test_missing_characters_are_listed_once_in_order_of_appearance() -> None:
    assert uncovered(f"甲{ALSO_NOBODY}乙{NOBODY}丙{ALSO_NOBODY}") == [ALSO_NOBODY, NOBODY]


def test_characters_that_draw_nothing_are_never_missing() -> None:
    # ZWJ and a variation selector (format/mark), no-break and ideographic spaces, a line separator, a tab
    assert uncovered("👍\u200d👍\ufe0f\u00a0\u3000\u2028\t") == []


def test_a_face_in_the_user_s_fonts_folder_covers_its_characters(tmp_path: Path) -> None:
    font_with(tmp_path / "private.ttf", [ord(NOBODY)])
    (tmp_path / "broken.otf").write_bytes(b"not a font")  # unreadable: covers nothing, breaks nothing
    (tmp_path / "notes.txt").write_text(ALSO_NOBODY, encoding="utf-8")  # not a font file at all
    assert uncovered(NOBODY + ALSO_NOBODY, tmp_path) == [ALSO_NOBODY]
    assert uncovered(NOBODY, tmp_path / "absent") == [NOBODY]


def test_describe_names_each_character_by_its_code_point() -> None:
    assert describe(["𰻞", NOBODY]) == "𰻞 (U+30EDE), \U000f0000 (U+F0000)"
    assert describe("é") == "é (U+00E9)"
