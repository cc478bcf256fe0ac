from pathlib import Path

import pytest
import yaml

from paiban.errors import PaibanError
from paiban.theme import DEFAULT_THEME, load_theme, parse_theme, theme_file, theme_files, themes_dir
from tests.project import ROOT, THEME_PATH, Paiban


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


# ------------------------------------------------------------------------- validation, inheritance

LARGE = THEME_PATH.with_name("large-print.yaml")


def _theme_dir(tmp_path: Path, **files: str) -> Path:
    """A styles folder with gbt9704.yaml and the given themes (name → YAML text)."""
    (tmp_path / "gbt9704.yaml").write_text(THEME_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _one_line_error(path: Path) -> str:
    with pytest.raises(PaibanError) as err:
        load_theme(path)
    message = str(err.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("child", "key"),
    [
        ("roles: {body: {size_pt: big}}", "roles.body.size_pt"),
        ("roles: {body: {size_pt: 0}}", "roles.body.size_pt"),
        ("roles: {body: {size_pt: .inf}}", "roles.body.size_pt"),
        ("roles: {body: {font: [fangsong]}}", "roles.body.font"),
        ("roles: {page_number: {format: 'page N'}}", "roles.page_number.format"),
        ("screen: {line_hieght: 2}", "screen.line_hieght"),
        ("pack: {contents_leader: dashes}", "pack.contents_leader"),
        ("download_page: {colors: {accent: red}}", "download_page.colors.accent"),
        ("download_page: {thumbnail_px: [120]}", "download_page.thumbnail_px"),
        ("grid: {chars_per_line: 27.5}", "grid.chars_per_line"),
        ("generic_families: {heiti: sans}", "generic_families.heiti"),
        ("table: {align: justify}", "table.align"),
    ],
)
def test_a_bad_value_in_an_extending_theme_is_one_line_naming_file_and_key(
    tmp_path: Path, child: str, key: str
) -> None:
    styles = _theme_dir(tmp_path, child=f"extends: gbt9704\n{child}\n")
    message = _one_line_error(styles / "child.yaml")
    assert message.startswith(f"{styles / 'child.yaml'}: invalid theme: {key} ")


@pytest.mark.parametrize(
    "path",
    [
        ("pack", "cover_date_lines"),
        ("screen", "line_height"),
        ("roles", "page_number", "format"),
        ("page", "header_mm"),
        ("download_page", "fonts", "mono"),
        ("generic_families", "kaiti"),
        ("table",),
    ],
)
def test_a_theme_missing_a_key_is_one_line_naming_it(tmp_path: Path, path: tuple[str, ...]) -> None:
    data = yaml.safe_load(THEME_PATH.read_text(encoding="utf-8"))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    bad = tmp_path / "t.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert _one_line_error(bad).startswith(f"{bad}: invalid theme: {'.'.join(path)} is missing")


def test_extends_a_missing_or_circular_theme_is_one_line(tmp_path: Path) -> None:
    styles = _theme_dir(tmp_path, a="extends: b\n", b="extends: a\n", lost="extends: nosuch\n")
    assert "comes back to this theme" in _one_line_error(styles / "a.yaml")
    assert _one_line_error(styles / "lost.yaml").startswith(f"{styles / 'nosuch.yaml'}: cannot read theme")


def test_an_extending_theme_takes_the_parents_values_but_its_own_name(tmp_path: Path) -> None:
    styles = _theme_dir(tmp_path, child="extends: gbt9704\nroles: {title: {size_pt: 26}}\n")
    child, parent = load_theme(styles / "child.yaml"), load_theme(THEME_PATH)
    assert child.name == "child"
    assert child.roles["title"].size_pt == 26
    assert child.roles["title"].font == parent.roles["title"].font  # merged key by key, not replaced
    assert child.fonts == parent.fonts and child.pack == parent.pack


def _leaves(data: object, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], object]:
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in _leaves(value, (*path, str(key))).items()}
    return {path: data}


def test_large_print_states_only_what_differs_from_gbt9704() -> None:
    own = _leaves(yaml.safe_load(LARGE.read_text(encoding="utf-8")))
    base = _leaves(yaml.safe_load(THEME_PATH.read_text(encoding="utf-8")))
    assert own.pop(("extends",)) == "gbt9704"
    same = [".".join(k) for k, v in own.items() if k in base and base[k] == v]
    assert not same
    assert all(k in base for k in own), [k for k in own if k not in base]


def test_large_print_is_a_large_print_a4_edition() -> None:
    lp, base = load_theme(LARGE), load_theme(THEME_PATH)
    assert (lp.page_width_mm, lp.page_height_mm) == (210, 297)
    assert lp.roles["body"].size_pt >= 16
    assert lp.line_pitch_pt > base.line_pitch_pt
    assert lp.line_pitch_pt / lp.roles["body"].size_pt > base.line_pitch_pt / base.roles["body"].size_pt
    # The grid holds the body size: a character pitch no narrower than the type.
    assert lp.char_pitch_pt >= lp.roles["body"].size_pt
    assert lp.page_number_text(3) == "第3页"
    assert base.page_number_text(3) == "— 3 —"


def test_the_cli_refuses_a_bad_theme_in_one_line_and_writes_nothing(paiban: Paiban, tmp_path: Path) -> None:
    styles = _theme_dir(tmp_path, child="extends: gbt9704\npack: {cover_title_lines: -1}\n")
    (tmp_path / "doc.md").write_text("---\ntitle: 通知\n---\n\n正文。\n", encoding="utf-8")
    out = tmp_path / "doc.pdf"
    proc = paiban(
        "render", "pdf", str(tmp_path / "doc.md"), "-o", str(out), "--theme", str(styles / "child.yaml"), timeout=120
    )
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == [
        f"paiban: {styles / 'child.yaml'}: invalid theme: pack.cover_title_lines must be a non-negative number, got -1"
    ]
    assert not out.exists()


def test_a_name_is_a_shipped_theme_and_a_path_is_a_file(tmp_path: Path) -> None:
    assert themes_dir() == THEME_PATH.parent  # run from the checkout: styles/ is where the shipped themes are
    assert theme_file(DEFAULT_THEME) == THEME_PATH
    assert theme_file("mine.yaml") == Path("mine.yaml")  # a .yaml suffix or a folder makes it a path
    assert theme_file("styles/gbt9704") == Path("styles/gbt9704")
    (tmp_path / "reading.yaml").write_text("x", encoding="utf-8")
    assert theme_file("reading", tmp_path) == tmp_path / "reading.yaml"


def test_an_unknown_theme_name_lists_the_themes() -> None:
    with pytest.raises(PaibanError) as err:
        theme_file("nosuch")
    message = str(err.value)
    assert message.startswith("nosuch: no such theme") and DEFAULT_THEME in message and "\n" not in message


def test_theme_files_are_the_theme_and_what_it_extends(tmp_path: Path) -> None:
    styles = THEME_PATH.parent
    assert theme_files(styles / "large-print.yaml") == [styles / "large-print.yaml", THEME_PATH]
    assert theme_files(THEME_PATH) == [THEME_PATH]
    (tmp_path / "a.yaml").write_text("extends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a\n", encoding="utf-8")  # a loop, which load_theme refuses
    assert theme_files(tmp_path / "a.yaml") == [tmp_path / "a.yaml", tmp_path / "b.yaml"]
