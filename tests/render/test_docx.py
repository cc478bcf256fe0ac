"""DOCX (paiban.render.docx.document): styles compiled from the theme, GB/T 9704 page and grid, footers, metadata,
fidelity, reproducibility, and — through LibreOffice — the page a reader actually gets.

The LibreOffice tests convert with `soffice --headless` (about 2 s each): the `soffice` fixture puts them in the
`workflow` lane.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from paiban.markdown import load
from paiban.model import Article
from paiban.render.docx.document import Grid, build_document, render_docx
from paiban.render.fonts import role_faces
from paiban.render.reproducible import document_time
from paiban.theme import MM_PER_PT, Theme
from tests.project import SEED_MD, THEME
from tests.read_back import W, docx_body_text, pdf_lines
from tests.tools import LibreOffice

FACES = role_faces(THEME)


def named(role: str) -> str:
    """The family the DOCX names for a role: the face the PDF resolves (the first choice if none is)."""
    face = FACES[role]
    return face.family if face is not None else THEME.stack(role)[0]


NS = {"w": W[1:-1]}

LONG = (
    "人民政协从诞生起就具有鲜明的政治属性，是党的全局工作的重要组成部分。一年来，我们按照市委关于“切实找准政治协商"
    "‘定盘星’”的要求，毫不动摇坚持党对政协工作的全面领导，把加强思想政治引领、广泛凝聚共识作为履职中心环节，不断"
    "巩固社会各界同心向党的良好局面。取得加强理论武装、提升履职能力、改进工作方式等方面成果近40项。"
)
REPORT = f"""---
title: 中国人民政治协商会议某市第九届委员会常务委员会工作报告
title-lines:
- 中国人民政治协商会议
- 某市第九届委员会常务委员会工作报告
subtitle: ——2024年1月8日在政协某市第九届委员会第三次会议上
author: 政协某市委员会
date: '2024-01-08'
category: 工作报告
lang: zh-CN
---

::: salutation
各位委员、同志们：
:::

现在，我代表中国人民政治协商会议某市第九届委员会常务委员会，向大会报告工作，请予审议。

# 2023年工作回顾

2023年，在中共某市委坚强领导下，市政协及其常委会高举中国特色社会主义伟大旗帜，始终坚持党的领导、统一战线、协商民主有机结合，牢牢把握团结奋斗的时代要求，紧紧围绕中心服务大局，充分发挥专门协商机构作用，推动政协工作不断迈上新台阶。

## 一、学思想践忠诚，高站位政治引领

{LONG}{LONG}

### （一）开展主题教育凝心铸魂

{LONG}{LONG}{LONG}

## 二、聚焦中心大局，高质量建言资政

{LONG}{LONG}

# 2024年工作安排

## 一、坚持党的全面领导

### （一）强化思想政治引领

#### 1.深化理论学习

{LONG}{LONG}{LONG}

各位委员、同志们！让我们更加紧密地团结在以习近平同志为核心的党中央周围，为全面建设社会主义现代化国家新征程贡献力量！

::: closing
政协某市委员会

2024年1月8日
:::
"""


@pytest.fixture(scope="module")
def article() -> Article:
    return load(REPORT)


@pytest.fixture(scope="module")
def docx_bytes(article: Article) -> bytes:
    return render_docx(article, THEME)


def part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def style(styles: Any, name: str) -> Any:
    found = styles.xpath(f'w:style[w:name/@w:val="{name}"]', namespaces=NS)
    assert found, f"no style named {name!r}"
    return found[0]


def val(el: Any, path: str, attr: str = "val") -> str | None:
    hit = el.find(path, NS)
    return None if hit is None else hit.get(W + attr)


# --------------------------------------------------------------------------------- styles


def test_body_style_carries_the_theme(docx_bytes: bytes) -> None:
    styles = part(docx_bytes, "word/styles.xml")
    normal = style(styles, "Normal")
    body = THEME.roles["body"]
    assert normal.get(W + "default") == "1"
    assert val(normal, "w:rPr/w:rFonts", "eastAsia") == named("body")
    assert val(normal, "w:rPr/w:rFonts", "ascii") == named("body")
    assert val(normal, "w:rPr/w:rFonts", "hAnsi") == named("body")
    assert val(normal, "w:rPr/w:sz") == str(round(body.size_pt * 2))
    assert val(normal, "w:pPr/w:ind", "firstLineChars") == "200"
    assert val(normal, "w:pPr/w:jc") == "both"
    assert val(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert val(normal, "w:pPr/w:spacing", "line") == str(Grid(THEME).line_pitch)
    assert val(normal, "w:pPr/w:spacing", "after") == "0"
    # The grid's character pitch through the glyphs' scale: 28 characters fit the type area, 29 do not.
    scale = val(normal, "w:rPr/w:w")
    assert scale is not None
    advance = body.size_pt * int(scale) / 100
    assert 28 * advance <= THEME.text_width_pt < 29 * advance
    assert val(normal, "w:pPr/w:snapToGrid") == "0"
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(W + "eastAsia") == "zh-CN"


def test_title_styles(docx_bytes: bytes) -> None:
    styles = part(docx_bytes, "word/styles.xml")
    title = style(styles, "Title")
    role = THEME.roles["title"]
    assert val(title, "w:rPr/w:rFonts", "eastAsia") == named("title")
    assert val(title, "w:rPr/w:sz") == str(round(role.size_pt * 2))
    assert title.find("w:rPr/w:b", NS) is not None and val(title, "w:rPr/w:b") is None  # bold on
    assert val(title, "w:pPr/w:jc") == "center"
    assert val(title, "w:pPr/w:spacing", "line") == str(round(role.line_height * role.size_pt * 20))
    subtitle = style(styles, "Subtitle")
    assert val(subtitle, "w:rPr/w:rFonts", "eastAsia") == named("subtitle")
    assert val(subtitle, "w:pPr/w:jc") == "center"


def test_headings_have_outline_levels_by_depth_and_faces_by_marker(docx_bytes: bytes) -> None:
    styles = part(docx_bytes, "word/styles.xml")
    expected = {1: "part", 2: "section", 3: "subsection", 4: "item"}
    for level, role in expected.items():
        st = style(styles, f"heading {level}")
        assert val(st, "w:pPr/w:outlineLvl") == str(level - 1)
        assert val(st, "w:rPr/w:rFonts", "eastAsia") == named(role), role
        assert st.find("w:pPr/w:keepNext", NS) is not None
        want_indent = str(round(THEME.roles[role].indent_chars * 100))
        assert val(st, "w:pPr/w:ind", "firstLineChars") == want_indent
    assert named("part") == named("section")  # 黑体 for both, 楷体 below
    assert val(style(styles, "heading 1"), "w:pPr/w:jc") == "center"


def test_mixed_roles_at_one_level_get_a_variant_with_the_same_outline_level() -> None:
    art = load("---\ntitle: 通知\n---\n\n# 一、总体要求\n\n正文。\n\n# 附则\n\n正文。\n\n# 二、主要任务\n\n正文。\n")
    data = render_docx(art, THEME)
    styles = part(data, "word/styles.xml")
    base = style(styles, "heading 1")
    assert val(base, "w:rPr/w:rFonts", "eastAsia") == named("section")
    variant = style(styles, "Heading 1 Part")
    assert val(variant, "w:basedOn") == "Heading1"
    assert val(variant, "w:pPr/w:outlineLvl") == "0"
    assert val(variant, "w:pPr/w:jc") == "center"
    d = docx.Document(io.BytesIO(data))
    assert [p.style.name for p in d.paragraphs if p.text.startswith(("一", "附", "二"))] == [
        "Heading 1",
        "Heading 1 Part",
        "Heading 1",
    ]


def test_salutation_left_closing_right(docx_bytes: bytes) -> None:
    styles = part(docx_bytes, "word/styles.xml")
    sal = style(styles, "Salutation")
    assert val(sal, "w:pPr/w:jc") == "left" and val(sal, "w:pPr/w:ind", "firstLineChars") == "0"
    closing = style(styles, "Closing")
    assert val(closing, "w:pPr/w:jc") == "right"
    assert val(closing, "w:pPr/w:ind", "rightChars") == str(round(THEME.roles["closing"].right_indent_chars * 100))
    assert closing.find("w:pPr/w:contextualSpacing", NS) is not None
    d = docx.Document(io.BytesIO(docx_bytes))
    names = [p.style.name for p in d.paragraphs]
    assert names[:4] == ["Title", "Subtitle", "Salutation", "Normal"]
    assert names[-2:] == ["Closing", "Closing"]


def test_no_direct_formatting(docx_bytes: bytes) -> None:
    doc = part(docx_bytes, "word/document.xml")
    assert doc.findall(".//w:r/w:rPr", NS) == []
    for ppr in doc.findall(".//w:p/w:pPr", NS):
        assert {child.tag for child in ppr} <= {W + "pStyle"}


# --------------------------------------------------------------------------------- page


def test_page_margins_and_grid(docx_bytes: bytes) -> None:
    doc = part(docx_bytes, "word/document.xml")
    sect = doc.find("w:body/w:sectPr", NS)

    def twips(mm: float) -> int:
        return round(mm / MM_PER_PT * 20)

    assert val(sect, "w:pgSz", "w") == str(twips(210)) and val(sect, "w:pgSz", "h") == str(twips(297))
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert val(sect, "w:pgMar", side) == str(twips(mm)), side
    grid = sect.find("w:docGrid", NS)
    assert grid.get(W + "type") == "linesAndChars"
    pitch, space = int(grid.get(W + "linePitch")), int(grid.get(W + "charSpace"))
    text_h = twips(297) - twips(37) - twips(35)
    text_w_pt = (twips(210) - twips(28) - twips(26)) / 20
    assert 22 * pitch <= text_h < 23 * pitch
    char_pt = THEME.roles["body"].size_pt + space / 4096  # Word: Normal's size + charSpace
    assert 28 * char_pt <= text_w_pt < 29 * char_pt
    assert (pitch, space) == (579, -842)  # the values GB/T 9704 Word templates use


def test_word_compresses_punctuation(docx_bytes: bytes) -> None:
    """Word's own 标点挤压 (adjacent full-width marks share space), as the PDF does; exactly one setting."""
    settings = part(docx_bytes, "word/settings.xml")
    controls = settings.findall("w:characterSpacingControl", NS)
    assert [c.get(W + "val") for c in controls] == ["compressPunctuation"]
    # CT_Settings is a sequence: the setting comes before <w:compat>.
    children = [c.tag for c in settings]
    if W + "compat" in children:
        assert children.index(W + "characterSpacingControl") < children.index(W + "compat")


def test_page_number_footers(docx_bytes: bytes) -> None:
    settings = part(docx_bytes, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    doc = part(docx_bytes, "word/document.xml")
    refs = {r.get(W + "type") for r in doc.findall(".//w:sectPr/w:footerReference", NS)}
    assert refs == {"default", "even"}
    styles = part(docx_bytes, "word/styles.xml")
    footer = style(styles, "footer")
    assert val(footer, "w:pPr/w:jc") == "right"
    assert val(footer, "w:rPr/w:sz") == str(round(THEME.roles["page_number"].size_pt * 2))
    assert val(footer, "w:rPr/w:rFonts", "eastAsia") == named("page_number")
    assert val(style(styles, "Footer Even"), "w:pPr/w:jc") == "left"
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        footers = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/footer")]
    assert len(footers) == 2
    for f in footers:
        text = "".join(t.text or "" for t in f.iter(W + "t", W + "instrText"))
        assert text == "—  PAGE 1 —"
        assert [c.get(W + "fldCharType") for c in f.iter(W + "fldChar")] == ["begin", "separate", "end"]
        assert f.findall(".//w:rPr", NS) == []


def test_core_properties(docx_bytes: bytes, article: Article) -> None:
    cp = docx.Document(io.BytesIO(docx_bytes)).core_properties
    assert cp.title == article.meta.title
    assert cp.author == "政协某市委员会"
    assert cp.language == "zh-CN"
    assert cp.subject
    assert cp.created == cp.modified == dt.datetime(2024, 1, 8, tzinfo=dt.UTC)


def test_dates_fall_back_to_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    art = load("---\ntitle: 通知\n---\n\n正文。\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    when = document_time(art.meta)
    assert when == dt.datetime.fromtimestamp(1700000000, dt.UTC)
    data = render_docx(art, THEME)
    assert docx.Document(io.BytesIO(data)).core_properties.created == when
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {when.timetuple()[:6]}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert document_time(art.meta).year == 1980  # never "now"


# --------------------------------------------------------------------------------- content


def test_text_equals_markdown_body(docx_bytes: bytes, article: Article) -> None:
    assert docx_body_text(docx_bytes) == article.body_text()
    d = docx.Document(io.BytesIO(docx_bytes))
    assert d.paragraphs[0].text.split("\n") == article.meta.title_lines


def test_hostile_text_stays_text() -> None:
    art = load('---\ntitle: 通知\n---\n\n\\<w:p\\>\\<script\\>alert(1)\\</script\\> & "引号"\n')
    data = render_docx(art, THEME)
    assert docx_body_text(data) == art.body_text()
    assert b"<script>" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_tables_and_lists_survive() -> None:
    art = load("---\ntitle: 表\n---\n\n| 项目 | 数量 |\n|---|---|\n| 提案 | 12 |\n\n- 第一项\n- 第二项\n")
    data = render_docx(art, THEME)
    assert docx_body_text(data) == art.body_text()
    d = docx.Document(io.BytesIO(data))
    assert [c.text for c in d.tables[0].rows[1].cells] == ["提案", "12"]
    assert [p.text for p in d.paragraphs if p.style.name == "List Bullet"] == ["第一项", "第二项"]
    numbering = part(data, "word/numbering.xml")
    assert numbering.xpath("//w:lvl/w:numFmt/@w:val", namespaces=NS) == ["bullet"]
    bullet = style(part(data, "word/styles.xml"), "List Bullet")
    assert val(bullet, "w:pPr/w:numPr/w:numId") == "1"


def test_no_external_references(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        for name in z.namelist():
            blob = z.read(name)
            assert b'TargetMode="External"' not in blob, name
            if name.endswith(".rels"):
                for rel in etree.fromstring(blob):
                    assert "://" not in rel.get("Target"), (name, rel.get("Target"))


def test_reproducible_and_clean_package(article: Article, docx_bytes: bytes) -> None:
    assert render_docx(article, THEME) == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(2024, 1, 8, 0, 0, 0)}
        assert not any(n.startswith(("customXml/", "docProps/thumbnail")) or "stylesWithEffects" in n for n in names)
        assert b"python-docx" not in z.read("docProps/core.xml")


def test_python_docx_reopens_it(docx_bytes: bytes) -> None:
    d = docx.Document(io.BytesIO(docx_bytes))
    section = d.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert build_document(load(REPORT), THEME).paragraphs[0].style.name == "Title"


# --------------------------------------------------------------------------------- LibreOffice


def _wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def check_libreoffice_page(lines: list[dict[str, Any]], theme: Theme) -> dict[str, Any]:
    """Measure the converted pages against the theme; returns the numbers for the report."""
    pt = 1 / MM_PER_PT
    left = theme.margin_left_mm * pt
    right = (theme.page_width_mm - theme.margin_right_mm) * pt
    area_bottom = (theme.page_height_mm - theme.margin_bottom_mm) * pt
    pitch = Grid(theme).line_pitch / 20
    cell = Grid(theme).char_pitch / 20
    body_size = theme.roles["body"].size_pt
    pages = max(ln["page"] for ln in lines)
    assert all(abs(ln["width"] - 595.3) < 1 and abs(ln["height"] - 841.9) < 1 for ln in lines), "not A4"

    text_lines = [ln for ln in lines if ln["top"] < area_bottom]
    numbers = [ln for ln in lines if ln["top"] >= area_bottom]
    # Page numbers: `— N —`, odd pages right and even pages left, one character in from the type area.
    assert [ln["text"].replace(" ", "") for ln in numbers] == [f"—{n}—" for n in range(1, pages + 1)]
    inset = theme.roles["page_number"].inset_chars * theme.roles["page_number"].size_pt
    for ln in numbers:
        if ln["page"] % 2:
            assert abs(ln["x1"] - (right - inset)) < 2.5, ln
        else:
            assert abs(ln["x0"] - (left + inset)) < 2.5, ln
        gap_mm = (ln["top"] - area_bottom) / pt
        assert 0 < gap_mm < theme.roles["page_number"].offset_mm + 2, ln

    # 22 lines on a full page, all on the grid's pitch.
    per_page: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ln in text_lines:
        per_page[ln["page"]].append(ln)
    full = [p for p in range(2, pages) if p in per_page]
    counts = {p: len(per_page[p]) for p in full}
    assert full and max(counts.values()) == theme.lines_per_page, counts
    for p in full:
        bottoms = [ln["bottom"] for ln in per_page[p]]
        steps = [b - a for a, b in itertools.pairwise(bottoms)]
        assert all(abs(s / pitch - round(s / pitch)) < 0.05 for s in steps), (p, steps)
        assert (bottoms[-1] - bottoms[0]) / pitch < theme.lines_per_page

    # Full lines of pure Chinese body text hold the grid's 28 characters (27 when kinsoku pulled one
    # down), flush on both sides; first lines are indented two characters.
    body = [ln for ln in text_lines if abs(ln["size"] - body_size) < 0.2]
    full_lines = [ln for ln in body if ln["x0"] - left < 1 and abs(ln["x1"] - right) < 3 and _wide(ln["text"])]
    assert full_lines
    lengths = [len(ln["text"]) for ln in full_lines]
    assert set(lengths) <= {theme.chars_per_line, theme.chars_per_line - 1}, lengths
    assert lengths.count(theme.chars_per_line) > len(lengths) / 2, lengths
    indents = sorted({round(ln["x0"] - left, 1) for ln in body if 5 < ln["x0"] - left < 60 and ln["x1"] > right - 3})
    assert indents and all(abs(i - 2 * cell) < 1.0 for i in indents), indents
    return {
        "pages": pages,
        "lines_per_full_page": counts,
        "full_line_lengths": sorted(set(lengths)),
        "indent_pt": indents,
    }


def test_libreoffice_renders_the_gbt9704_page(soffice: LibreOffice, docx_bytes: bytes, tmp_path: Path) -> None:
    lines = pdf_lines(soffice(docx_bytes, tmp_path))
    numbers = check_libreoffice_page(lines, THEME)
    assert numbers["pages"] >= 3


def test_libreoffice_renders_the_seed(soffice: LibreOffice, tmp_path: Path) -> None:
    art = load(SEED_MD.read_text(encoding="utf-8"))
    data = render_docx(art, THEME)
    assert docx_body_text(data) == art.body_text()
    numbers = check_libreoffice_page(pdf_lines(soffice(data, tmp_path)), THEME)
    assert numbers["pages"] >= 5


def test_document_number_is_its_own_centred_style_above_the_title() -> None:
    art = load(
        "---\ntitle: 关于做好防汛工作的通知\ndoc-number: 某政办发〔2024〕7号\n---\n\n各单位：\n\n现将有关事项通知如下。\n"
    )
    d = docx.Document(io.BytesIO(render_docx(art, THEME)))
    first, second = d.paragraphs[0], d.paragraphs[1]
    assert (first.style.name, first.text) == ("Document Number", "某政办发〔2024〕7号")
    assert second.style.name == "Title"
    assert first.style.paragraph_format.alignment == 1  # centred


def test_tables_are_as_wide_as_their_cells_and_centred() -> None:
    # One table style: like the PDF's and EPUB's automatic layout, not python-docx's full-width grid.
    art = load("---\ntitle: 表\n---\n\n| 项目 | 完成数 |\n|---|---|\n| 道路改造 | 12 |\n")
    doc = part(render_docx(art, THEME), "word/document.xml")
    cols = [int(w) for w in doc.xpath("//w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    grid = Grid(THEME)
    pitch = grid.char_pitch
    assert len(cols) == 2 and 4 * pitch < cols[0] < 6 * pitch and 3 * pitch < cols[1] < 5 * pitch, cols
    assert doc.xpath("//w:tblPr/w:jc/@w:val", namespaces=NS) == ["center"]
