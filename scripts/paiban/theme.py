"""Load and validate a typography theme (`styles/*.yaml`), and find the shipped ones by name.

The theme is data; this module only checks it and offers derived numbers (type area, character pitch,
line pitch) so that no renderer computes them differently. Every size, face and spacing a renderer
sets comes from here: the page and its grid, the roles, the page-number format, tables, the EPUB's
screen layout, the meeting pack's cover and contents, and the download page's look.

A theme may start from another (`extends: gbt9704`, a theme file beside it) and state only what
differs: mappings merge key by key, anything else (a number, a font stack) replaces the parent's.
The merged theme is validated as a whole; every key is required except a role's optional ones, and an
unknown key is an error too (a misspelt key would otherwise change nothing, silently).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from paiban.errors import PaibanError, yaml_problem
from paiban.files import read_bytes

MM_PER_PT = 25.4 / 72
DEFAULT_THEME = "gbt9704"
ROLES = (
    "body",
    "doc_number",
    "title",
    "subtitle",
    "byline",
    "part",
    "section",
    "subsection",
    "item",
    "salutation",
    "closing",
    "page_number",
)
ALIGNS = ("left", "center", "right", "justify")
GENERIC_FAMILIES = ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui")
PAGE_PLACEHOLDER = "{page}"  # where the page number goes in `roles.page_number.format`
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


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
    format: str = ""  # page_number only: the text of a page's number, `{page}` standing for it


@dataclass(frozen=True)
class TableStyle:
    """The one table style every format compiles (CSS for PDF/EPUB, a Word table style)."""

    rule_pt: float  # cell rules
    padding_chars: float  # left and right cell padding, in body characters
    align: str  # cell text: left | center | right


@dataclass(frozen=True)
class ScreenLayout:
    """The EPUB's (and `render html`'s) layout around the roles; blank lines are lines of `line_height`."""

    text_size_percent: float  # the body's size, percent of the reader's own setting
    line_height: float  # leading of roles without their own line_height, a multiple of the size
    side_margin_percent: float  # left and right margin of the text, percent of the screen
    before_title_lines: float  # blank lines above the title block
    title_gap_em: float  # under the title's lines, in body em
    part_gap_lines: float  # blank lines above and below a part heading
    contents_indent_em: float  # each level of the contents (nav) indented by this
    contents_heading_em: float  # size of the contents' heading, in body em
    contents_heading_gap_em: float  # above and below the contents' heading


@dataclass(frozen=True)
class PackStyle:
    """The meeting pack's cover and contents pages (set in the title, byline and body roles)."""

    cover_title_lines: float  # grid lines above the meeting's name
    cover_date_lines: float  # grid lines between the meeting's name and the date
    contents_heading_gap_lines: float  # grid lines under the contents' heading
    contents_heading_tracking_em: float  # letter-spacing of the heading (目 录)
    contents_hang_chars: float  # an entry's continuation lines hang back this far
    contents_number_chars: int  # room kept on an entry's last line for the leader and page
    contents_leader: str  # dotted | solid | space


@dataclass(frozen=True)
class DownloadPage:
    """The look of the download page (`index.html`): colours, faces, widths and thumbnail sizes."""

    ink: str  # text
    muted: str  # secondary text
    rule: str  # borders
    accent: str  # links and buttons
    paper: str  # the page's background
    card: str  # a document's card, and text on the accent
    sans: tuple[str, ...]  # the page's text (the last name: a CSS generic family)
    serif: tuple[str, ...]  # document titles
    mono: tuple[str, ...]  # checksums
    line_height: float
    width_rem: float  # widest column
    title_rem: float  # a document's title; 1rem is the reader's own text size
    thumbnail_px: tuple[int, int]  # shown width, height of a first-page thumbnail
    small_thumbnail_px: tuple[int, int]  # the same on a phone-width screen
    thumbnail_render_px: int  # the PNG's width: twice the shown one, sharp on dense screens


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
    after_doc_number_lines: int
    table: TableStyle
    header_mm: float  # DOCX: the (empty) header's distance from the page's top edge
    generic_families: dict[str, str]  # font key → the CSS generic family that closes its stack
    screen: ScreenLayout
    pack: PackStyle
    download_page: DownloadPage
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

    def generic(self, font_key: str) -> str:
        """The CSS generic family that closes a stack in the PDF's and EPUB's CSS."""
        return self.generic_families[font_key]

    @property
    def page_number_affixes(self) -> tuple[str, str]:
        """The page-number format's text before and after the number (`— ` and ` —` for `— {page} —`)."""
        before, _, after = self.roles["page_number"].format.partition(PAGE_PLACEHOLDER)
        return before, after

    def page_number_text(self, page: int) -> str:
        before, after = self.page_number_affixes
        return f"{before}{page}{after}"

    @property
    def page_number_chars(self) -> str:
        """Every character a page number can print: what a font subset for the role must cover."""
        before, after = self.page_number_affixes
        return before + after + "0123456789"


# ---------------------------------------------------------------------------------------- validation


T = TypeVar("T")


class _Keys:
    """One mapping of the theme, read key by key: each problem is a ValueError naming the key's path,
    and `done` refuses the keys nothing read (a misspelt key would otherwise be ignored)."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"{where} must be a mapping, got {data!r}")
        self.data: dict[Any, Any] = data
        self.where = where
        self.read: set[Any] = set()

    def _key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, check: Callable[[Any], T | None], what: str, default: T | None = None) -> T:
        self.read.add(key)
        if key not in self.data:
            if default is None:
                raise ValueError(f"{self._key(key)} is missing ({what})")
            return default
        value = check(self.data[key])
        if value is None:
            raise ValueError(f"{self._key(key)} must be {what}, got {self.data[key]!r}")
        return value

    def section(self, key: str) -> _Keys:
        self.read.add(key)
        if key not in self.data:
            raise ValueError(f"{self._key(key)} is missing (a mapping)")
        return _Keys(self.data[key], self._key(key))

    def number(self, key: str, default: float | None = None, positive: bool = False) -> float:
        what = "a positive number" if positive else "a non-negative number"
        return self.get(key, lambda v: _number(v, positive), what, default)

    def count(self, key: str, default: int | None = None, positive: bool = False) -> int:
        what = "a positive whole number" if positive else "a whole number, 0 or more"
        return self.get(key, lambda v: _count(v, positive), what, default)

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        return self.get(key, lambda v: v if v in options else None, " or ".join(options), default)

    def text(self, key: str, default: str | None = None) -> str:
        return self.get(key, lambda v: v if isinstance(v, str) else None, "text", default)

    def names(self, key: str) -> tuple[str, ...]:
        return self.get(key, _names, "a non-empty list of family names")

    def color(self, key: str) -> str:
        return self.get(
            key, lambda v: v if isinstance(v, str) and _COLOR.fullmatch(v) else None, "a colour written #rgb or #rrggbb"
        )

    def size_px(self, key: str) -> tuple[int, int]:
        def pair(v: Any) -> tuple[int, int] | None:
            ok = isinstance(v, list) and len(v) == 2 and all(_count(x, True) is not None for x in v)
            return (int(v[0]), int(v[1])) if ok else None

        return self.get(key, pair, "[width, height] in whole pixels")

    def done(self) -> None:
        unknown = sorted(str(k) for k in self.data if k not in self.read)
        if unknown:
            raise ValueError(f"{self._key(unknown[0])} is not a theme key (misspelt?)")


def _number(value: Any, positive: bool) -> float | None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return None
    if value < 0 or (positive and value == 0):
        return None
    return float(value)


def _count(value: Any, positive: bool) -> int | None:
    if not isinstance(value, int) or isinstance(value, bool) or value < (1 if positive else 0):
        return None
    return value


def _names(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and s.strip() for s in value):
        return None
    return tuple(value)


def _margin_percent(value: Any) -> float | None:
    number = _number(value, False)
    return number if number is not None and number < 50 else None


def _page_number_format(value: Any) -> str | None:
    if not isinstance(value, str) or value.count(PAGE_PLACEHOLDER) != 1 or "\n" in value:
        return None
    return value


_ROLE_DEFAULTS = Role(font="", size_pt=0)


def _role(keys: _Keys, fonts: dict[str, tuple[str, ...]], page_number: bool) -> Role:
    """One role; the page number's keys (format, offset, inset) are required of it and of no other."""
    font = keys.get("font", lambda v: v if isinstance(v, str) and v in fonts else None, "a key of fonts")
    d = _ROLE_DEFAULTS
    role = Role(
        font=font,
        size_pt=keys.number("size_pt", positive=True),
        weight=keys.get(
            "weight",
            lambda v: v if _count(v, True) is not None and v <= 1000 else None,
            "a weight from 1 to 1000 (400 regular, 700 bold)",
            d.weight,
        ),
        align=keys.choice("align", ALIGNS, d.align),
        indent_chars=keys.number("indent_chars", d.indent_chars),
        right_indent_chars=keys.number("right_indent_chars", d.right_indent_chars),
        line_height=keys.number("line_height", d.line_height),
        offset_mm=keys.number("offset_mm") if page_number else d.offset_mm,
        inset_chars=keys.number("inset_chars") if page_number else d.inset_chars,
        format=(
            keys.get("format", _page_number_format, f"one line holding {PAGE_PLACEHOLDER} once")
            if page_number
            else d.format
        ),
    )
    keys.done()
    return role


def _screen(keys: _Keys) -> ScreenLayout:
    screen = ScreenLayout(
        text_size_percent=keys.number("text_size_percent", positive=True),
        line_height=keys.number("line_height", positive=True),
        side_margin_percent=keys.get("side_margin_percent", _margin_percent, "a percentage below 50"),
        before_title_lines=keys.number("before_title_lines"),
        title_gap_em=keys.number("title_gap_em"),
        part_gap_lines=keys.number("part_gap_lines"),
        contents_indent_em=keys.number("contents_indent_em"),
        contents_heading_em=keys.number("contents_heading_em", positive=True),
        contents_heading_gap_em=keys.number("contents_heading_gap_em"),
    )
    keys.done()
    return screen


def _pack(keys: _Keys) -> PackStyle:
    pack = PackStyle(
        cover_title_lines=keys.number("cover_title_lines"),
        cover_date_lines=keys.number("cover_date_lines"),
        contents_heading_gap_lines=keys.number("contents_heading_gap_lines"),
        contents_heading_tracking_em=keys.number("contents_heading_tracking_em"),
        contents_hang_chars=keys.number("contents_hang_chars"),
        contents_number_chars=keys.count("contents_number_chars", positive=True),
        contents_leader=keys.choice("contents_leader", ("dotted", "solid", "space")),
    )
    keys.done()
    return pack


def _download_page(keys: _Keys) -> DownloadPage:
    colors = keys.section("colors")
    faces = keys.section("fonts")
    look = DownloadPage(
        ink=colors.color("ink"),
        muted=colors.color("muted"),
        rule=colors.color("rule"),
        accent=colors.color("accent"),
        paper=colors.color("paper"),
        card=colors.color("card"),
        sans=faces.names("sans"),
        serif=faces.names("serif"),
        mono=faces.names("mono"),
        line_height=keys.number("line_height", positive=True),
        width_rem=keys.number("width_rem", positive=True),
        title_rem=keys.number("title_rem", positive=True),
        thumbnail_px=keys.size_px("thumbnail_px"),
        small_thumbnail_px=keys.size_px("small_thumbnail_px"),
        thumbnail_render_px=keys.count("thumbnail_render_px", positive=True),
    )
    colors.done()
    faces.done()
    keys.done()
    return look


def parse_theme(data: Any, path: str = "") -> Theme:
    """Validate parsed YAML (already merged with what it extends) and build a Theme; raises ValueError
    naming the bad key's path (`roles.body.size_pt`)."""
    top = _Keys(data, "")
    page = top.section("page")
    grid = top.section("grid")
    fonts_raw = top.section("fonts")
    fonts = {str(key): fonts_raw.names(str(key)) for key in list(fonts_raw.data)}
    if not fonts:
        raise ValueError("fonts must name at least one stack")
    generic_raw = top.section("generic_families")
    generic = {key: generic_raw.choice(key, GENERIC_FAMILIES) for key in fonts}
    generic_raw.done()
    roles_raw = top.section("roles")
    roles = {name: _role(roles_raw.section(name), fonts, name == "page_number") for name in ROLES}
    roles_raw.done()
    table_raw = top.section("table")
    table = TableStyle(
        rule_pt=table_raw.number("rule_pt"),
        padding_chars=table_raw.number("padding_chars"),
        align=table_raw.choice("align", ("left", "center", "right")),
    )
    table_raw.done()
    spacing = top.section("spacing")
    theme = Theme(
        name=top.text("name", Path(path).stem if path else "theme"),
        lang=top.text("lang"),
        page_width_mm=page.number("width_mm", positive=True),
        page_height_mm=page.number("height_mm", positive=True),
        margin_top_mm=page.number("margin_top_mm"),
        margin_bottom_mm=page.number("margin_bottom_mm"),
        margin_left_mm=page.number("margin_left_mm"),
        margin_right_mm=page.number("margin_right_mm"),
        header_mm=page.number("header_mm"),
        chars_per_line=grid.count("chars_per_line", positive=True),
        lines_per_page=grid.count("lines_per_page", positive=True),
        fonts=fonts,
        roles=roles,
        after_title_lines=spacing.count("after_title_lines"),
        before_closing_lines=spacing.count("before_closing_lines"),
        after_doc_number_lines=spacing.count("after_doc_number_lines"),
        table=table,
        path=path,
        generic_families=generic,
        screen=_screen(top.section("screen")),
        pack=_pack(top.section("pack")),
        download_page=_download_page(top.section("download_page")),
    )
    for keys in (page, grid, spacing):
        keys.done()
    top.text("description", "")
    top.done()
    if theme.text_width_mm <= 0 or theme.text_height_mm <= 0:
        raise ValueError("page: the margins leave no type area")
    return theme


# ------------------------------------------------------------------------------------------- files


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(read_bytes(path).decode("utf-8"))
    except PaibanError as exc:
        raise PaibanError(path, f"cannot read theme ({exc.message})") from exc
    except UnicodeDecodeError as exc:
        raise PaibanError(path, f"invalid theme: not UTF-8 text (byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        raise PaibanError(path, f"invalid theme YAML: {yaml_problem(exc)}") from exc
    if not isinstance(data, dict):
        raise PaibanError(path, "invalid theme: the theme must be a mapping")
    return data


def parent_path(path: Path, extends: str) -> Path:
    """The file `extends:` names: a theme name (`gbt9704`) is the YAML file of that name beside `path`."""
    name = extends if extends.endswith((".yaml", ".yml")) else f"{extends}.yaml"
    return path.parent / name


def theme_files(path: Path) -> list[Path]:
    """The theme file and every file it extends, itself first: what a render with it depends on (the
    Snakefile's input, so that editing gbt9704.yaml rebuilds the editions of the themes extending it)."""
    chain = [path]
    while isinstance(extends := _read_mapping(chain[-1]).get("extends"), str) and extends.strip():
        parent = parent_path(chain[-1], extends.strip())
        if parent.resolve() in {p.resolve() for p in chain}:
            break  # load_theme names the loop
        chain.append(parent)
    return chain


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` on top of `base`: mappings merge key by key, every other value replaces."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        out[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


def _resolved(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The theme at `path` merged onto the chain of themes it extends."""
    data = _read_mapping(path)
    extends = data.pop("extends", None)
    if extends is None:
        return data
    if not isinstance(extends, str) or not extends.strip():
        raise PaibanError(path, f"invalid theme: extends must name a theme, got {extends!r}")
    parent = parent_path(path, extends.strip())
    if parent.resolve() in seen or parent.resolve() == path.resolve():
        raise PaibanError(path, f"invalid theme: extends: {extends} comes back to this theme")
    base = _resolved(parent, (*seen, path.resolve()))
    # What a theme is called and says of itself is its own, never its parent's.
    for own in ("name", "description"):
        base.pop(own, None)
    return _merge(base, data)


def load_theme(path: str | Path) -> Theme:
    """Read a theme file (and what it extends); any problem becomes a PaibanError naming the file."""
    p = Path(path)
    data = _resolved(p)
    try:
        return parse_theme(data, str(p))
    except ValueError as exc:
        raise PaibanError(p, f"invalid theme: {exc}") from exc


def themes_dir() -> Path:
    """The shipped themes' folder: an installed package's `paiban/themes/` (the wheel carries styles/*.yaml
    there, see pyproject.toml), or, run from a source checkout (an editable install, PYTHONPATH=scripts),
    the checkout's `styles/` itself — the same files, and the place to edit or add a theme."""
    here = Path(__file__).resolve().parent
    installed = here / "themes"
    return installed if installed.is_dir() else here.parents[1] / "styles"


def theme_file(value: str, folder: Path | None = None) -> Path:
    """The theme file `value` names: a path when it has a folder in it or a .yaml/.yml suffix, else the name
    of a theme in `folder` (default: `themes_dir()`) — so a name means the same theme from any folder."""
    if "/" in value or os.sep in value or value.endswith((".yaml", ".yml")):
        return Path(value)
    folder = themes_dir() if folder is None else folder
    path = folder / f"{value}.yaml"
    if not path.is_file():
        names = ", ".join(sorted(p.stem for p in folder.glob("*.yaml"))) or "none"
        raise PaibanError(
            value,
            f"no such theme (themes in {folder}: {names}; a theme file of your own is "
            f"given as a path, e.g. ./{value}.yaml)",
        )
    return path
