"""Load and validate a typography theme (`styles/*.yaml`).

The theme is data; this module only checks it and offers derived numbers (type area, character pitch,
line pitch) so that no renderer computes them differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from paiban.errors import PaibanError, yaml_problem

MM_PER_PT = 25.4 / 72
ROLES = (
    "body", "doc_number", "title", "subtitle", "byline", "part", "section", "subsection", "item",
    "salutation", "closing", "page_number",
)


@dataclass(frozen=True)
class Role:
    font: str  # key into Theme.fonts
    size_pt: float
    weight: int = 400
    align: str = "left"  # left | center | right | justify
    indent_chars: float = 0.0
    right_indent_chars: float = 0.0
    line_height: float = 0.0  # 0: the grid's line pitch; otherwise a multiple of size_pt
    offset_mm: float = 0.0  # page_number only: gap between type area and the number's top
    inset_chars: float = 0.0  # page_number only: distance from the type area's edge


@dataclass(frozen=True)
class TableStyle:
    """The one table style every format compiles (CSS for PDF/EPUB, a Word table style)."""

    rule_pt: float = 0.5  # cell rules
    padding_chars: float = 0.25  # left and right cell padding, in body characters
    align: str = "center"  # cell text: left | center | right


@dataclass(frozen=True)
class Theme:
    name: str
    lang: str
    page_width_mm: float
    page_height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    chars_per_line: int
    lines_per_page: int
    fonts: dict[str, tuple[str, ...]]
    roles: dict[str, Role]
    after_title_lines: int
    before_closing_lines: int
    after_doc_number_lines: int = 1
    table: TableStyle = TableStyle()
    path: str = ""

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def text_width_pt(self) -> float:
        return self.text_width_mm / MM_PER_PT

    @property
    def text_height_pt(self) -> float:
        return self.text_height_mm / MM_PER_PT

    @property
    def char_pitch_pt(self) -> float:
        """Advance of one full-width character so that `chars_per_line` fill the type area."""
        return self.text_width_pt / self.chars_per_line

    @property
    def line_pitch_pt(self) -> float:
        """Baseline-to-baseline distance so that `lines_per_page` fill the type area."""
        return self.text_height_pt / self.lines_per_page

    def tracking_pt(self, role: str = "body") -> float:
        """Letter-spacing that turns the role's em into the grid's character pitch (negative: tighter)."""
        return self.char_pitch_pt - self.roles[role].size_pt

    def stack(self, role: str) -> tuple[str, ...]:
        return self.fonts[self.roles[role].font]


def _num(data: dict[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{where}.{key} must be a non-negative number, got {value!r}")
    return float(value)


def parse_theme(data: Any, path: str = "") -> Theme:
    """Validate parsed YAML and build a Theme; raises ValueError naming the bad key."""
    if not isinstance(data, dict):
        raise ValueError("the theme must be a mapping")
    page = data.get("page") or {}
    grid = data.get("grid") or {}
    fonts_raw = data.get("fonts") or {}
    roles_raw = data.get("roles") or {}
    spacing = data.get("spacing") or {}
    fonts: dict[str, tuple[str, ...]] = {}
    for key, stack in fonts_raw.items():
        if not isinstance(stack, list) or not stack or not all(isinstance(s, str) for s in stack):
            raise ValueError(f"fonts.{key} must be a non-empty list of family names")
        fonts[str(key)] = tuple(stack)
    roles: dict[str, Role] = {}
    for name in ROLES:
        raw = roles_raw.get(name)
        if not isinstance(raw, dict):
            raise ValueError(f"roles.{name} is missing")
        if raw.get("font") not in fonts:
            raise ValueError(f"roles.{name}.font names no stack in fonts: {raw.get('font')!r}")
        align = raw.get("align", "left")
        if align not in ("left", "center", "right", "justify"):
            raise ValueError(f"roles.{name}.align must be left, center, right or justify")
        roles[name] = Role(
            font=str(raw["font"]),
            size_pt=_num(raw, "size_pt", f"roles.{name}"),
            weight=int(raw.get("weight", 400)),
            align=str(align),
            indent_chars=float(raw.get("indent_chars", 0)),
            right_indent_chars=float(raw.get("right_indent_chars", 0)),
            line_height=float(raw.get("line_height", 0)),
            offset_mm=float(raw.get("offset_mm", 0)),
            inset_chars=float(raw.get("inset_chars", 0)),
        )
    table_raw = data.get("table") or {}
    if not isinstance(table_raw, dict):
        raise ValueError("table must be a mapping")
    if table_raw.get("align", "center") not in ("left", "center", "right"):
        raise ValueError("table.align must be left, center or right")
    table = TableStyle(
        rule_pt=_num(table_raw, "rule_pt", "table") if "rule_pt" in table_raw else TableStyle.rule_pt,
        padding_chars=(_num(table_raw, "padding_chars", "table") if "padding_chars" in table_raw
                       else TableStyle.padding_chars),
        align=str(table_raw.get("align", "center")),
    )
    chars = grid.get("chars_per_line")
    lines = grid.get("lines_per_page")
    if not isinstance(chars, int) or chars < 1 or not isinstance(lines, int) or lines < 1:
        raise ValueError("grid.chars_per_line and grid.lines_per_page must be positive integers")
    return Theme(
        name=str(data.get("name", Path(path).stem if path else "theme")),
        lang=str(data.get("lang", "zh-CN")),
        page_width_mm=_num(page, "width_mm", "page"),
        page_height_mm=_num(page, "height_mm", "page"),
        margin_top_mm=_num(page, "margin_top_mm", "page"),
        margin_bottom_mm=_num(page, "margin_bottom_mm", "page"),
        margin_left_mm=_num(page, "margin_left_mm", "page"),
        margin_right_mm=_num(page, "margin_right_mm", "page"),
        chars_per_line=chars,
        lines_per_page=lines,
        fonts=fonts,
        roles=roles,
        after_title_lines=int(spacing.get("after_title_lines", 1)),
        before_closing_lines=int(spacing.get("before_closing_lines", 1)),
        after_doc_number_lines=int(spacing.get("after_doc_number_lines", 1)),
        table=table,
        path=path,
    )


def load_theme(path: str | Path) -> Theme:
    """Read a theme file; any problem becomes a PaibanError naming the file."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        return parse_theme(data, str(p))
    except OSError as exc:
        raise PaibanError(p, f"cannot read theme ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise PaibanError(p, f"invalid theme YAML: {yaml_problem(exc)}") from exc
    except ValueError as exc:
        raise PaibanError(p, f"invalid theme: {exc}") from exc
