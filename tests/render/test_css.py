"""The theme compiled to CSS: print sizes in pt on the grid's pitch, screen sizes in em, indents in body characters."""

from __future__ import annotations

import dataclasses
import re

from paiban.render.css import SELECTORS, font_family, role_declarations, theme_css
from paiban.theme import MM_PER_PT
from tests.project import THEME


def test_print_sets_sizes_in_points_and_every_line_on_the_grid_pitch() -> None:
    body, title = role_declarations(THEME, "body", "print"), role_declarations(THEME, "title", "print")
    assert (body["font-size"], title["font-size"]) == ("16pt", "22pt")
    assert body["line-height"] == f"{THEME.line_pitch_pt:.3f}pt"
    # 22 lines of the pitch fill the type area (GB/T 9704: 22 lines of 28 characters).
    type_area_pt = (THEME.page_height_mm - THEME.margin_top_mm - THEME.margin_bottom_mm) / MM_PER_PT
    assert abs(float(body["line-height"].removesuffix("pt")) * 22 - type_area_pt) < 0.05
    assert title["line-height"] == f"{1.5 * 22:.3f}pt"  # the title's own leading: 1.5 of its size


def test_screen_sets_sizes_in_em_of_the_body_so_a_reader_s_setting_scales_all() -> None:
    assert role_declarations(THEME, "body", "screen")["font-size"] == "1em"
    assert role_declarations(THEME, "title", "screen")["font-size"] == "1.375em"  # 22 / 16
    assert role_declarations(THEME, "body", "screen")["line-height"] == "1.8"


def test_indents_count_characters_of_the_body_size_whatever_the_role_s_size() -> None:
    big = dataclasses.replace(THEME.roles["section"], size_pt=20, indent_chars=2, right_indent_chars=1)
    theme = dataclasses.replace(THEME, roles={**THEME.roles, "section": big})
    decl = role_declarations(theme, "section", "print")
    assert decl["text-indent"] == "1.6em" and decl["margin-right"] == "0.8em"  # 2 × 16 pt and 1 × 16 pt at 20 pt
    assert role_declarations(THEME, "salutation", "print")["text-indent"] == "0"  # flush left
    assert role_declarations(THEME, "closing", "print")["margin-right"] == "4em"  # four characters in from the right


def test_font_family_is_the_theme_stack_then_a_generic_family() -> None:
    assert font_family(THEME, "heiti") == ", ".join(f'"{n}"' for n in THEME.fonts["heiti"]) + ", sans-serif"
    assert font_family(THEME, "kaiti").endswith('"HanaMinB", serif')


def test_the_stylesheet_has_one_rule_per_role_body_first() -> None:
    css = theme_css(THEME, "print")
    selectors = re.findall(r"(?m)^([^\s{}][^{}\n]*) \{$", css)
    roles = [s for s in selectors if s in SELECTORS.values()]
    assert roles == list(SELECTORS.values()) and roles[0] == SELECTORS["body"]
    assert "edit the theme, not this CSS" in css
