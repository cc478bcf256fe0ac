from pathlib import Path

import pytest
import yaml

from paiban.errors import PaibanError
from paiban.theme import load_theme, parse_theme
from tests.project import ROOT, THEME_PATH


def test_gbt9704_geometry() -> None:
    t = load_theme(THEME_PATH)
    assert (t.page_width_mm, t.page_height_mm) == (210, 297)
    assert t.text_width_mm == pytest.approx(156)
    assert t.text_height_mm == pytest.approx(225)
    # 28 characters fill 156 mm; 22 lines fill 225 mm (TYPOGRAPHY.md, derived).
    assert t.char_pitch_pt == pytest.approx(15.79, abs=0.01)
    assert t.line_pitch_pt == pytest.approx(28.99, abs=0.01)
    assert t.roles["body"].size_pt == 16
    assert t.roles["title"].size_pt == 22
    assert t.roles["page_number"].size_pt == 14


def test_every_role_names_a_font_stack() -> None:
    t = load_theme(THEME_PATH)
    for name, role in t.roles.items():
        assert t.stack(name), name
        assert role.font in t.fonts


def test_bad_theme_names_the_key() -> None:
    data = yaml.safe_load(THEME_PATH.read_text(encoding="utf-8"))
    data["roles"]["body"]["font"] = "nosuch"
    with pytest.raises(ValueError, match=r"roles\.body\.font"):
        parse_theme(data)


def test_unreadable_theme_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("page: [", encoding="utf-8")
    with pytest.raises(PaibanError) as err:
        load_theme(bad)
    assert str(err.value).startswith(str(bad))
    assert "\n" not in str(err.value)


def test_every_stack_ends_with_faces_for_rare_ideographs_that_setup_installs() -> None:
    # Noto CJK and the Kai faces stop at the common ideographs; 𠀀 𪚥 (Extension B) need Hanazono.
    theme = load_theme(THEME_PATH)
    for name, stack in theme.fonts.items():
        assert list(stack[-2:]) == ["HanaMinA", "HanaMinB"], name
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert "fonts-hanazono" in setup and "fonts-noto-color-emoji" in setup
