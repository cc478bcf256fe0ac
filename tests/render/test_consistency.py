"""One theme, three media: the DOCX style XML, the EPUB's stylesheet and the PDF's measured text carry
the same values for every role (first-choice face, size, first-line indent in characters, alignment),
and the three bodies hold the same characters in the same order.

The PDF side measures the rendered PDF with pdfplumber (`pdf_role_measurements`); it is skipped when
`paiban.render.pdf.document` cannot be imported.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from paiban.markdown import load
from paiban.model import Article
from paiban.render.css import BULLET, SELECTORS
from paiban.render.docx.document import render_docx
from paiban.render.epub import render_epub
from paiban.render.pdf.document import render_pdf
from paiban.render.roles import heading_role
from paiban.theme import MM_PER_PT, Theme
from tests.project import CORPUS, SEED_MD, THEME
from tests.read_back import Epub, docx_body_text, epub_body_text
from tests.tools import LibreOffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

PARA = (
    "一年来，我们坚持党的领导、统一战线、协商民主有机结合，牢牢把握团结奋斗的时代要求，紧紧围绕中心服务大局，"
    "充分发挥专门协商机构作用，推动各项工作不断迈上新台阶，取得加强理论武装、提升履职能力等方面成果。"
)
DOC = f"""---
title: 某市政府工作报告
title-lines:
- 某市
- 政府工作报告
subtitle: ——2024年1月10日在某市第十七届人民代表大会第三次会议上
speaker: 市长 张某
doc-number: 某政发〔2024〕1号
author: 某市人民政府
date: '2024-01-10'
lang: zh-CN
---

::: salutation
各位代表：
:::

现在，我代表市人民政府，向大会报告工作，请予审议。

# 2023年工作回顾

{PARA}

## 一、经济运行稳中向好

{PARA}

### （一）工业生产较快增长

{PARA}

#### 1.规模以上工业增加值

{PARA}

::: closing
某市人民政府

2024年1月10日
:::
"""

# Role → the Word style that carries it in DOC (headings by depth: part, section, subsection, item).
DOCX_STYLE = {
    "body": "Normal",
    "doc_number": "Document Number",
    "title": "Title",
    "subtitle": "Subtitle",
    "byline": "Byline",
    "part": "heading 1",
    "section": "heading 2",
    "subsection": "heading 3",
    "item": "heading 4",
    "salutation": "Salutation",
    "closing": "Closing",
    "page_number": "footer",
}
JC = {"both": "justify", "left": "left", "center": "center", "right": "right"}


@pytest.fixture(scope="module")
def article() -> Article:
    art = load(DOC)
    assert [heading_role(b.text) for b in art.blocks if b.kind == "heading"] == [
        "part",
        "section",
        "subsection",
        "item",
    ]
    return art


# ------------------------------------------------------------------------------------ DOCX


def docx_role_values(data: bytes, theme: Theme) -> dict[str, dict[str, Any]]:
    """Per role: first-choice face, size (pt), first-line indent (characters), alignment, from styles.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    by_name = {s.find("w:name", NS).get(W + "val"): s for s in styles.findall("w:style", NS)}
    by_id = {s.get(W + "styleId"): s for s in styles.findall("w:style", NS)}

    def resolved(style: Any, path: str, attr: str, toggle: bool = False) -> str | None:
        while style is not None:
            el = style.find(path, NS)
            if el is not None and el.get(W + attr) is not None:
                return str(el.get(W + attr))
            if el is not None and toggle:  # <w:b/> without w:val means on
                return "1"
            based = style.find("w:basedOn", NS)
            style = by_id.get(based.get(W + "val")) if based is not None else None
        return None

    out: dict[str, dict[str, Any]] = {}
    for role, name in DOCX_STYLE.items():
        st = by_name[name]
        out[role] = {
            "font": resolved(st, "w:rPr/w:rFonts", "eastAsia"),
            "size_pt": int(resolved(st, "w:rPr/w:sz", "val") or 0) / 2,
            "indent_chars": int(resolved(st, "w:pPr/w:ind", "firstLineChars") or 0) / 100,
            "align": JC[resolved(st, "w:pPr/w:jc", "val") or "left"],
            "bold": (resolved(st, "w:rPr/w:b", "val", toggle=True) or "0") not in ("0", "false"),
        }
    return out


# ------------------------------------------------------------------------------------ EPUB


def css_rules(css: str) -> dict[str, dict[str, str]]:
    """selector → declarations, later rules for the same selector overriding earlier ones."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decl = rules.setdefault(selector.strip(), {})
        for item in body.split(";"):
            if ":" in item:
                key, value = item.split(":", 1)
                decl[key.strip()] = value.strip()
    return rules


def rendered_family(stack: str) -> str:
    """The family a reader on this machine sets a CSS stack in: the first one embedded (named by the
    family it is a subset of, which follows it) or installed."""
    from paiban.render.fonts import resolve_face

    names = [n.strip().strip('"') for n in stack.split(",")]
    for i, name in enumerate(names):
        if name.startswith("paiban-"):
            return next(n for n in names[i:] if not n.startswith("paiban-"))
        if resolve_face((name,)) is not None:
            return name
    return names[0]


def epub_role_values(data: bytes, theme: Theme) -> dict[str, dict[str, Any]]:
    """Per role: first-choice face, size (pt at the body size), indent (characters), alignment."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        css = z.read("EPUB/style/reading.css").decode("utf-8")
    rules = css_rules(css)
    body_pt = theme.roles["body"].size_pt
    out: dict[str, dict[str, Any]] = {}
    for role, selector in SELECTORS.items():
        decl = rules[selector]
        size_em = float(decl["font-size"].removesuffix("em"))
        indent = decl["text-indent"]
        indent_em = float(indent.removesuffix("em")) if indent != "0" else 0.0
        out[role] = {
            "font": rendered_family(decl["font-family"]),
            "size_pt": round(size_em * body_pt, 2),
            "indent_chars": round(indent_em * size_em, 2),  # em of the role's size → body characters
            "align": decl["text-align"],
            "bold": int(decl["font-weight"]) >= 600,
        }
    return out


def theme_values(theme: Theme, role: str) -> dict[str, Any]:
    """What the theme asks of a role, with the face it resolves to on this machine (`role_faces`)."""
    from paiban.render.fonts import role_faces

    r = theme.roles[role]
    face = role_faces(theme)[role]
    return {
        "font": face.family if face is not None else theme.stack(role)[0],
        "size_pt": r.size_pt,
        "indent_chars": r.indent_chars,
        "align": r.align,
        "bold": r.weight >= 600,
    }


def test_docx_styles_carry_the_theme(article: Article) -> None:
    values = docx_role_values(render_docx(article, THEME), THEME)
    for role in DOCX_STYLE:
        want = theme_values(THEME, role)
        if role == "page_number":  # odd-page footer: right-aligned, never indented
            want.update(indent_chars=0.0, align="right")
        assert values[role] == want, role


def test_epub_css_carries_the_theme(article: Article) -> None:
    values = epub_role_values(render_epub(article, THEME, embed_font=False), THEME)
    for role in SELECTORS:
        assert values[role] == theme_values(THEME, role), role


def test_docx_and_epub_agree_role_by_role(article: Article) -> None:
    d = docx_role_values(render_docx(article, THEME), THEME)
    e = epub_role_values(render_epub(article, THEME, embed_font=False), THEME)
    for role in SELECTORS:
        assert d[role] == e[role], role


def test_the_embedded_font_only_extends_the_stacks(article: Article) -> None:
    with_font = epub_role_values(render_epub(article, THEME), THEME)
    without = epub_role_values(render_epub(article, THEME, embed_font=False), THEME)
    assert with_font == without


# ------------------------------------------------------------------------------------ PDF hook


def pdf_char_lines(pdf: Path | bytes) -> list[list[dict[str, Any]]]:
    """The PDF's characters (pdfplumber) grouped into lines, page by page, each line left to right."""
    import pdfplumber

    lines: list[list[dict[str, Any]]] = []
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        for page in doc.pages:
            rows: dict[int, list[dict[str, Any]]] = {}
            for ch in page.chars:
                rows.setdefault(round(ch["bottom"]), []).append(ch)
            lines += [sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items())]
    return lines


def pdf_role_measurements(pdf: bytes, article: Article, theme: Theme) -> dict[str, dict[str, Any]]:
    """Measure the PDF per role: the font size of the role's first line, its first-line indent in body
    characters (from the type area's left edge; centred and right-aligned roles report 0), and the font
    it was set in. Roles are found by matching the start of each block's text to a line of the PDF."""

    left = theme.margin_left_mm / MM_PER_PT
    char_pt = theme.char_pitch_pt
    samples: dict[str, str] = {}
    for b in article.blocks:
        role = {
            "heading": heading_role(b.text),
            "paragraph": "body",
            "salutation": "salutation",
            "closing": "closing",
        }.get(b.kind)
        text = b.lines[0] if b.kind == "closing" else b.text
        if role and role not in samples:
            samples[role] = text
    samples["title"] = article.meta.display_title_lines[0]
    if article.meta.doc_number:
        samples["doc_number"] = article.meta.doc_number
    if article.meta.subtitle:
        samples["subtitle"] = article.meta.subtitle
    if article.meta.speaker:
        samples["byline"] = article.meta.speaker.replace(" ", "")
    out: dict[str, dict[str, Any]] = {}
    lines = pdf_char_lines(pdf)
    for role, text in samples.items():
        key = re.sub(r"\s", "", text)[:6]
        for chars in lines:
            line = "".join(c["text"] for c in chars).replace(" ", "")
            if line.startswith(key):
                first = next(c for c in chars if not c["text"].isspace())
                align = theme.roles[role].align
                indent = (first["x0"] - left) / char_pt if align in ("left", "justify") else 0.0
                out[role] = {
                    "size_pt": round(first["size"], 1),
                    "indent_chars": round(indent, 1),
                    "fontname": first["fontname"].split("+", 1)[-1],
                }
                break
    return out


def test_pdf_measures_the_theme(article: Article) -> None:
    from paiban.render.fonts import resolve_face

    measured = pdf_role_measurements(render_pdf(article, THEME), article, THEME)
    for role in ("body", "title", "subtitle", "part", "section", "subsection", "item", "salutation"):
        m = measured[role]
        r = THEME.roles[role]
        assert m["size_pt"] == r.size_pt, (role, m)
        if r.align in ("left", "justify"):
            assert abs(m["indent_chars"] - r.indent_chars) < 0.15, (role, m)
        face = resolve_face(THEME.stack(role), weight=r.weight)
        if face is not None:  # the PDF uses the stack's first installed face, as DOCX names its first choice
            assert re.sub(r"[\s-]", "", face.family).lower() in re.sub(r"[\s-]", "", m["fontname"]).lower(), (
                role,
                face.family,
                m["fontname"],
            )


def test_docx_and_pdf_have_the_same_text(article: Article) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(render_pdf(article, THEME))) as doc:
        pdf_text = "".join(page.extract_text() or "" for page in doc.pages)

    def squeeze(s: str) -> str:
        return re.sub(r"[\s—\d]", "", s)  # page numbers and line ends

    want = squeeze(article.meta.front_text() + article.body_text())
    assert squeeze(pdf_text) == want
    assert docx_body_text(render_docx(article, THEME)) == article.body_text()


# ------------------------------------------------------------------------------------ corpus

GOLDENS = sorted(CORPUS.glob("*.expected.md"))


# Every real document of the corpus rendered twice: the `workflow` lane. An inline document's text is compared
# in each format by test_docx_and_pdf_have_the_same_text and tests/render/test_epub.py.
@pytest.mark.workflow
@pytest.mark.parametrize("md", GOLDENS, ids=[p.name.split(".")[0] for p in GOLDENS])
def test_corpus_text_is_the_same_in_docx_and_epub(md: Path) -> None:

    art = load(md.read_text(encoding="utf-8"))
    assert docx_body_text(render_docx(art, THEME)) == art.body_text()
    assert epub_body_text(Epub(render_epub(art, THEME, embed_font=False))) == art.body_text()


def test_docx_page_count_is_within_one_of_the_pdf(soffice: LibreOffice, tmp_path: Path) -> None:
    import pdfplumber

    seed = SEED_MD
    art = load(seed.read_text(encoding="utf-8")) if seed.exists() else load(DOC)
    with pdfplumber.open(io.BytesIO(render_pdf(art, THEME))) as doc:
        pdf_pages = len(doc.pages)
    with pdfplumber.open(soffice(render_docx(art, THEME), tmp_path)) as doc:
        docx_pages = len(doc.pages)
    assert abs(pdf_pages - docx_pages) <= 1, (pdf_pages, docx_pages)


# ------------------------------------------------------------------------------------ same faces

EVERY_ROLE = """---
title: 某市人民政府关于开展专项工作的报告
title-lines:
- 某市人民政府
- 关于开展专项工作的报告
subtitle: ——在某市人民代表大会常务委员会会议上
speaker: 市长 王某
author: 某市人民政府
date: '2024-03-01'
lang: zh-CN
---

::: salutation
主任、各位副主任、秘书长、各位委员：
:::

受市人民政府委托，现将专项工作开展情况报告如下，请予审议。

# 工作进展情况

## 一、总体推进有力

各项任务按计划推进，重点项目如期开工。

### （一）强化组织保障

成立工作专班，建立周调度机制。

#### 1.压实责任分工

逐项明确牵头单位和完成时限。

- 完善监测预警体系
- 健全应急处置机制

| 项目 | 完成数 |
|---|---|
| 道路改造 | 12 |
| 管网更新 | 8 |

::: closing
市政府办公室

2024年3月1日
:::
"""


def role_samples(article: Article) -> dict[str, str]:
    """Per role, the text of its first occurrence (list items and table cells under their own names)."""
    from paiban.render.roles import block_role

    meta = article.meta
    samples = {"title": meta.display_title_lines[0]} if meta.display_title_lines else {}
    for role, text in (("subtitle", meta.subtitle), ("byline", meta.speaker), ("doc_number", meta.doc_number)):
        if text:
            samples[role] = text
    for b in article.blocks:
        role = {"list_item": "list", "table": "table"}.get(b.kind) or block_role(b)
        text = b.lines[0] if b.kind == "closing" else b.rows[-1][0] if b.kind == "table" else b.text
        samples.setdefault(role, text)
    return samples


def face_key(fontname: str) -> str:
    """One face however a PDF writer names it: WeasyPrint names a font after paiban's CSS family
    (`ABCDEF+Noto-Serif-CJK-SC-pb1a2b3c4d-Bold`), LibreOffice a CID font after its CFF name and font
    dict (`BAAAAA+NotoSerifCJKjp-Bold-Ideographs`; the collection's SC, TC, JP and KR faces share one
    CFF). Both become `notoserifcjk-bold`."""
    name = fontname.split("+", 1)[-1]
    name = re.sub(r"-pb[0-9a-f]{8}", "", name)
    name = re.sub(r"-(Regular|Bold)-[A-Za-z]+$", r"-\1", name)
    key = re.sub(r"[^a-z]", "", name.lower())
    key = re.sub(r"cjk(sc|tc|hk|jp|kr)", "cjk", key)
    bold = "bold" in key
    return key.replace("bold", "").replace("regular", "") + ("-bold" if bold else "")


def pdf_role_faces(pdf: Path | bytes, article: Article) -> dict[str, str]:
    """Per role, `face_key` of the font its first ideograph is set in, found by the role's sample text."""
    lines = pdf_char_lines(pdf)
    out: dict[str, str] = {}
    for role, text in role_samples(article).items():
        key = re.sub(r"\s", "", text)[:6]
        for chars in lines:
            line = "".join(c["text"] for c in chars if not c["text"].isspace()).lstrip("•")
            if line.startswith(key):
                first = next(c for c in chars if "\u4e00" <= c["text"] <= "\u9fff")
                out[role] = face_key(first["fontname"])
                break
    return out


@pytest.mark.parametrize("name", ["every-role", "seed"])
def test_docx_sets_every_role_in_the_pdfs_face(soffice: LibreOffice, name: str, tmp_path: Path) -> None:
    """The PDF and the DOCX (through LibreOffice, with every installed font hidden from it) set each
    role in the same face: the DOCX names the PDF's faces and carries them."""
    art = load(EVERY_ROLE if name == "every-role" else SEED_MD.read_text(encoding="utf-8"))
    pdf = render_pdf(art, THEME)
    converted = soffice(render_docx(art, THEME), tmp_path, no_system_fonts=True)
    pdf_faces = pdf_role_faces(pdf, art)
    docx_faces = pdf_role_faces(converted, art)
    if name == "every-role":
        assert set(pdf_faces) == {
            "title",
            "subtitle",
            "byline",
            "salutation",
            "body",
            "part",
            "section",
            "subsection",
            "item",
            "list",
            "table",
            "closing",
        }
        # List items carry the theme's bullet in both (the EPUB's is its li::marker).
        items = [b.text for b in art.blocks if b.kind == "list_item"]
        for lines in (pdf_char_lines(pdf), pdf_char_lines(converted)):
            texts = ["".join(c["text"] for c in line if not c["text"].isspace()) for line in lines]
            assert [t for t in texts if t.lstrip(BULLET) in items] == [BULLET + t for t in items]
        css = zipfile.ZipFile(io.BytesIO(render_epub(art, THEME))).read("EPUB/style/reading.css").decode()
        assert f'ul > li::marker {{ content: "{BULLET} "; }}' in css
    assert docx_faces == pdf_faces
    # The roles do not all share one face (as they did when the DOCX named absent official faces).
    assert len(set(pdf_faces.values())) >= (4 if name == "every-role" else 3)


def _official_fangsong(fonts_dir: Path, text: str) -> None:
    """A stand-in for a licensed 仿宋_GB2312 in the user's fonts folder: a free face renamed, its
    licence records removed (so nothing says it may be shipped)."""
    from fontTools.ttLib import TTFont

    from paiban.render.fonts import resolve_face, subset_face

    face = resolve_face(("LXGW WenKai", "Noto Serif CJK SC"))
    if face is None:
        pytest.skip("no free CJK face installed to build a stand-in from")
    font = TTFont(io.BytesIO(subset_face(face, map(ord, text + "— 0123456789"))))
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 3, 4, 6, 13, 14, 16, 17):
            names.removeNames(nameID=rec.nameID)
    for name_id, value in (
        (1, "FangSong_GB2312"),
        (4, "FangSong_GB2312"),
        (6, "FangSong_GB2312"),
        (3, "FangSong_GB2312 test"),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
    names.setName("仿宋_GB2312", 1, 3, 1, 0x804)
    fonts_dir.mkdir()
    font.save(str(fonts_dir / "fangsong_gb2312.ttf"))


def test_an_installed_official_face_is_named_not_embedded(tmp_path: Path) -> None:
    from paiban.render.docx.fonts import obfuscate

    art = load(EVERY_ROLE)
    fonts_dir = tmp_path / "fonts"
    _official_fangsong(fonts_dir, art.meta.front_text() + art.body_text())
    data = render_docx(art, THEME, fonts_dir=fonts_dir)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        table = etree.fromstring(z.read("word/fontTable.xml"))
        rels = etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))
        parts = {n: z.read(n) for n in z.namelist() if n.endswith(".odttf")}
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:rPr/w:rFonts", NS).get(W + "eastAsia") == "FangSong_GB2312"
    fonts = {f.get(W + "name"): f for f in table.findall("w:font", NS)}
    official = fonts["FangSong_GB2312"]
    assert official.find("w:embedRegular", NS) is None and official.find("w:embedBold", NS) is None
    assert official.find("w:altName", NS) is None  # it is the first choice itself
    # The free faces of the other roles still travel with the document, and none of them is it.
    assert parts and any(f.find("w:embedRegular", NS) is not None for f in fonts.values())
    keys = {r.get("Id"): r.get("Target") for r in rels}
    from fontTools.ttLib import TTFont

    for font in fonts.values():
        for slot in font.findall("w:embedRegular", NS) + font.findall("w:embedBold", NS):
            target = "word/" + keys[slot.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
            plain = TTFont(io.BytesIO(obfuscate(parts[target], slot.get(W + "fontKey"))))
            family = plain["name"].getDebugName(1) or ""
            assert "FangSong" not in family and family.replace(" ", "") in font.get(W + "name").replace(" ", "")
    # The PDF sets the body in it too (a PDF embeds the subset it prints with, as it always has).
    assert pdf_role_faces(render_pdf(art, THEME, fonts_dir=fonts_dir), art)["body"] == "fangsonggb"


def test_heading_roles_of_a_traditional_outline_agree_in_every_format() -> None:
    """`壹、` `貳、` `參、` are one kind of marker: the same role, so the same face, in all three formats."""
    from paiban.render.fonts import role_faces

    art = load(
        "---\ntitle: 公告\nlang: zh-TW\n---\n\n# 壹、修正要點\n\n## 一、資格\n\n內容。\n\n"
        "# 貳、施行方式\n\n內容。\n\n# 參、附則\n\n內容。\n"
    )
    heads = [b for b in art.blocks if b.kind == "heading" and b.level == 1]
    assert [heading_role(b.text) for b in heads] == ["section"] * 3
    # EPUB: the class of each h2.
    with zipfile.ZipFile(io.BytesIO(render_epub(art, THEME, embed_font=False))) as z:
        page = etree.fromstring(z.read("EPUB/title.xhtml"))
    h2 = page.findall(".//{http://www.w3.org/1999/xhtml}h2")
    assert [h.get("class") for h in h2] == ["section"] * 3
    # DOCX: one style for the three, naming the section role's face.
    import docx

    document = docx.Document(io.BytesIO(render_docx(art, THEME)))
    styles = {p.text: p.style for p in document.paragraphs if p.text in {b.text for b in heads}}
    assert len({s.name for s in styles.values()}) == 1
    rfonts = next(iter(styles.values())).element.find("w:rPr/w:rFonts", NS)
    face = role_faces(THEME)["section"]
    assert face is not None and rfonts.get(W + "eastAsia") == face.family
    # PDF: the three set in one face, the section role's.
    import pdfplumber

    with pdfplumber.open(io.BytesIO(render_pdf(art, THEME))) as doc:
        chars = [c for p in doc.pages for c in p.chars]
    names = {face_key(next(c for c in chars if c["text"] == b.text[0])["fontname"]) for b in heads}
    assert names == {face_key(face.family.replace(" ", "-") + "-pb00000000")}
