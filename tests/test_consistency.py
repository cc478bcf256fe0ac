"""One theme, three media: the DOCX style XML, the EPUB's stylesheet and the PDF's measured text carry
the same values for every role (first-choice face, size, first-line indent in characters, alignment),
and the three bodies hold the same characters in the same order.

The PDF side measures the rendered PDF with pdfplumber (`pdf_role_measurements`); it is skipped when
`paiban.pdf` cannot be imported.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from paiban.css import SELECTORS
from paiban.epub import render_epub
from paiban.markdown import load
from paiban.model import Article
from paiban.outline import heading_role
from paiban.theme import MM_PER_PT, Theme, load_theme
from paiban.word import render_docx

ROOT = Path(__file__).resolve().parents[1]
THEME = load_theme(ROOT / "styles" / "gbt9704.yaml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

PARA = ("一年来，我们坚持党的领导、统一战线、协商民主有机结合，牢牢把握团结奋斗的时代要求，紧紧围绕中心服务大局，"
        "充分发挥专门协商机构作用，推动各项工作不断迈上新台阶，取得加强理论武装、提升履职能力等方面成果。")
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
    "body": "Normal", "doc_number": "Document Number", "title": "Title", "subtitle": "Subtitle", "byline": "Byline",
    "part": "heading 1", "section": "heading 2", "subsection": "heading 3", "item": "heading 4",
    "salutation": "Salutation", "closing": "Closing", "page_number": "footer",
}
JC = {"both": "justify", "left": "left", "center": "center", "right": "right"}


@pytest.fixture(scope="module")
def article() -> Article:
    art = load(DOC)
    assert [heading_role(b.text) for b in art.blocks if b.kind == "heading"] == [
        "part", "section", "subsection", "item"]
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
                return el.get(W + attr)
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
    from paiban.fonts import resolve_face

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
    from paiban.fonts import role_faces

    r = theme.roles[role]
    face = role_faces(theme)[role]
    return {"font": face.family if face is not None else theme.stack(role)[0], "size_pt": r.size_pt, "indent_chars": r.indent_chars,
            "align": r.align, "bold": r.weight >= 600}


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


def pdf_role_measurements(pdf: bytes, article: Article, theme: Theme) -> dict[str, dict[str, Any]]:
    """Measure the PDF per role: the font size of the role's first line, its first-line indent in body
    characters (from the type area's left edge; centred and right-aligned roles report 0), and the font
    it was set in. Roles are found by matching the start of each block's text to a line of the PDF."""
    import pdfplumber

    left = theme.margin_left_mm / MM_PER_PT
    char_pt = theme.char_pitch_pt
    samples: dict[str, str] = {}
    for b in article.blocks:
        role = {"heading": heading_role(b.text), "paragraph": "body", "salutation": "salutation",
                "closing": "closing"}.get(b.kind)
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
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        lines: list[list[dict[str, Any]]] = []
        for page in doc.pages:
            rows: dict[int, list[dict[str, Any]]] = {}
            for ch in page.chars:
                rows.setdefault(round(ch["bottom"]), []).append(ch)
            lines += [sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items())]
    for role, text in samples.items():
        key = re.sub(r"\s", "", text)[:6]
        for chars in lines:
            line = "".join(c["text"] for c in chars).replace(" ", "")
            if line.startswith(key):
                first = next(c for c in chars if not c["text"].isspace())
                align = theme.roles[role].align
                indent = (first["x0"] - left) / char_pt if align in ("left", "justify") else 0.0
                out[role] = {"size_pt": round(first["size"], 1), "indent_chars": round(indent, 1),
                             "fontname": first["fontname"].split("+", 1)[-1]}
                break
    return out


def test_pdf_measures_the_theme(article: Article) -> None:
    try:
        from paiban.pdf import render_pdf
    except ImportError:
        pytest.skip("paiban.pdf is not available")
    from paiban.fonts import resolve_face

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
                role, face.family, m["fontname"])


def test_docx_and_pdf_have_the_same_text(article: Article) -> None:
    try:
        from paiban.pdf import render_pdf
    except ImportError:
        pytest.skip("paiban.pdf is not available")
    import pdfplumber

    from test_word import docx_body_text

    with pdfplumber.open(io.BytesIO(render_pdf(article, THEME))) as doc:
        pdf_text = "".join(page.extract_text() or "" for page in doc.pages)
    squeeze = lambda s: re.sub(r"[\s—\d]", "", s)  # noqa: E731  (page numbers and line ends)
    want = squeeze(article.meta.front_text() + article.body_text())
    assert squeeze(pdf_text) == want
    assert docx_body_text(render_docx(article, THEME)) == article.body_text()


# ------------------------------------------------------------------------------------ corpus

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.expected.md"))


@pytest.mark.parametrize("md", CORPUS, ids=[p.name.split(".")[0] for p in CORPUS])
def test_corpus_text_is_the_same_in_docx_and_epub(md: Path) -> None:
    from test_epub import Epub, body_text
    from test_word import docx_body_text

    art = load(md.read_text(encoding="utf-8"))
    assert docx_body_text(render_docx(art, THEME)) == art.body_text()
    assert body_text(Epub(render_epub(art, THEME, embed_font=False))) == art.body_text()


def test_docx_page_count_is_within_one_of_the_pdf(tmp_path: Path) -> None:
    try:
        from paiban.pdf import render_pdf
    except ImportError:
        pytest.skip("paiban.pdf is not available")
    import pdfplumber

    from test_word import soffice_pdf

    seed = ROOT / "tests" / "corpus" / "seed.expected.md"
    art = load(seed.read_text(encoding="utf-8")) if seed.exists() else load(DOC)
    with pdfplumber.open(io.BytesIO(render_pdf(art, THEME))) as doc:
        pdf_pages = len(doc.pages)
    with pdfplumber.open(soffice_pdf(render_docx(art, THEME), tmp_path)) as doc:
        docx_pages = len(doc.pages)
    assert abs(pdf_pages - docx_pages) <= 1, (pdf_pages, docx_pages)
