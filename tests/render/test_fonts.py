"""Font resolution and metrics (fonts.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paiban.render import fonts

NOTO_SERIF = ("Noto Serif CJK SC",)


def test_missing_stack_resolves_to_none() -> None:
    assert fonts.resolve_font(("No Such Font Family 12345",)) is None


def test_stack_skips_missing_families() -> None:
    path = fonts.resolve_font(("No Such Font Family 12345", *NOTO_SERIF))
    assert path is not None and path.exists()


def test_user_folder_comes_first(tmp_path: Path) -> None:
    kai = fonts.resolve_face(("LXGW WenKai",))
    if kai is None:
        pytest.skip("LXGW WenKai not installed")
    shutil.copy(kai.path, tmp_path / "custom.ttf")
    face = fonts.resolve_face(("霞鹜文楷", *NOTO_SERIF), tmp_path)
    assert face is not None and face.user and face.path == (tmp_path / "custom.ttf").resolve()


def test_advances_in_em() -> None:
    m = fonts.stack_metrics(NOTO_SERIF)
    assert m.advance("中") == 1.0
    assert m.advance("，") == 1.0
    assert 0.3 < m.advance("1") < 0.7
    assert m.advance("\U0010fffd") == 0.5  # unknown, narrow: a safe guess


def test_locl_makes_the_dash_full_width_in_chinese() -> None:
    # Noto CJK maps U+2014 to a proportional glyph; HarfBuzz's `locl` for zh-CN swaps in a full-width one.
    assert fonts.stack_metrics(NOTO_SERIF, lang="zh-CN").advance("—") == 1.0
    assert fonts.opentype_language("zh-Hant-TW") == "ZHT "


def test_rewritten_fonts_keep_their_timestamp() -> None:
    # fontTools stamps `head.modified` with the current time on save unless told not to: a build
    # that rewrites a font would then differ from the last one.
    import io

    from fontTools.ttLib import TTFont

    face = fonts.resolve_face(NOTO_SERIF)
    assert face is not None
    data = fonts.subset_face(face, map(ord, "中文"))
    patched = fonts.with_line_metrics(data, 0.9, 0.3)
    before = TTFont(io.BytesIO(data))["head"].modified
    after = TTFont(io.BytesIO(patched))
    assert after["head"].modified == before
    assert after["hhea"].ascent == 900 and after["hhea"].descent == -300
