"""EPUB 3 (paiban.render.epub): epubcheck-clean, structured, theme-styled, self-contained and reproducible."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from paiban.markdown import load
from paiban.model import Article
from paiban.render.css import theme_css
from paiban.render.epub import content_identifier, render_epub, split_chapters
from paiban.render.fonts import FREE_LICENSES, free_to_embed, role_faces
from paiban.render.roles import role_texts
from tests.project import SEED_MD, THEME
from tests.read_back import XML_LANG, Epub, H, epub_body_text
from tests.tools import EpubCheck

REPORT = """---
title: 政协某市委员会常务委员会工作报告
title-lines:
- 政协某市委员会
- 常务委员会工作报告
subtitle: ——2024年1月8日在政协某市第九届委员会第三次会议上
author: 政协某市委员会
date: '2024-01-08'
lang: zh-CN
---

::: salutation
各位委员、同志们：
:::

现在，我代表政协某市委员会常务委员会，向大会报告工作，请予审议。

# 2023年工作回顾

一年来，我们坚持党的领导、统一战线、协商民主有机结合，推动政协工作不断迈上新台阶。

## 一、学思想践忠诚，高站位政治引领

按照市委关于“切实找准政治协商‘定盘星’”的要求，取得成果近40项。

### （一）开展主题教育凝心铸魂

扎实推动主题教育入脑入心、走深走实。

## 二、聚焦中心大局，高质量建言资政

围绕全市经济社会发展重大问题开展协商议政。

# 2024年工作安排

## 一、坚持党的全面领导

#### 1.深化理论学习

持续用党的创新理论武装头脑、指导实践、推动工作。

::: closing
政协某市委员会

2024年1月8日
:::
"""


@pytest.fixture(scope="module")
def article() -> Article:
    return load(REPORT)


@pytest.fixture(scope="module")
def book(article: Article) -> bytes:
    return render_epub(article, THEME)


# ------------------------------------------------------------------------------------ validity


def test_epubcheck_reports_nothing(epubcheck: EpubCheck, book: bytes, tmp_path: Path) -> None:
    epubcheck.assert_clean(book, tmp_path)


def flat_book() -> bytes:
    """A short notice rendered without its font; it has no parts to make chapters of."""
    flat = load(
        "---\ntitle: 关于做好2024年春节期间工作的通知\nauthor: 某市人民政府办公室\n---\n\n"
        "# 一、总体要求\n\n各地要高度重视。\n\n## （一）加强值守\n\n严格执行24小时值班制度。\n"
    )
    return render_epub(flat, THEME, embed_font=False)


def test_epubcheck_without_font_and_without_parts(epubcheck: EpubCheck, tmp_path: Path) -> None:
    epubcheck.assert_clean(flat_book(), tmp_path)


def test_a_book_without_font_and_without_parts_is_its_title_page() -> None:
    ep = Epub(flat_book())
    assert ep.spine_docs() == ["title.xhtml"]
    assert not any(mt.startswith("font/") for _, mt in ep.manifest().values())
    assert b"@font-face" not in ep.read("style/reading.css")


def test_seed_book(epubcheck: EpubCheck, tmp_path: Path) -> None:
    art = load(SEED_MD.read_text(encoding="utf-8"))
    data = render_epub(art, THEME)
    epubcheck.assert_clean(data, tmp_path)
    assert epub_body_text(Epub(data)) == art.body_text()


# ------------------------------------------------------------------------------------ structure


def test_one_chapter_per_part_after_the_title_page(book: bytes) -> None:
    ep = Epub(book)
    assert ep.spine_docs() == ["title.xhtml", "part-01.xhtml", "part-02.xhtml"]
    title = ep.doc("title.xhtml")
    lines = title.xpath("//h:h1[@class='title']/h:span[@class='title-line']/text()", namespaces=H)
    assert lines == ["政协某市委员会", "常务委员会工作报告"]
    assert title.xpath("//h:p[@class='salutation']/text()", namespaces=H) == ["各位委员、同志们："]
    first = ep.doc("part-01.xhtml").xpath("//h:body//*[@id][1]", namespaces=H)[0]
    assert first.get("class") == "part" and first.text == "2023年工作回顾"
    last = ep.doc("part-02.xhtml")
    assert last.xpath("//h:div[@class='closing']/h:p/text()", namespaces=H) == ["政协某市委员会", "2024年1月8日"]


def test_nav_and_ncx_list_every_heading_nested(book: bytes, article: Article) -> None:
    ep = Epub(book)
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    nav_href = next(h for h, _ in ep.manifest().values() if h.startswith("nav"))
    nav = ep.doc(nav_href)
    labels = nav.xpath("//h:nav[@*[local-name()='type']='toc']//h:a/text()", namespaces=H)
    assert labels == [article.meta.title, *headings]
    nested = nav.xpath("//h:a[text()='（一）开展主题教育凝心铸魂']/ancestor::h:li", namespaces=H)
    assert len(nested) == 3  # part > section > subsection
    for href in nav.xpath("//h:a/@href", namespaces=H):
        doc, _, frag = href.partition("#")
        if frag:
            assert ep.doc(doc).xpath(f"//*[@id='{frag}']"), href
    landmarks = nav.xpath("//h:nav[@*[local-name()='type']='landmarks']", namespaces=H)
    assert len(landmarks) == 1 and landmarks[0].get("hidden") == "hidden"
    assert landmarks[0].xpath(".//h:a/@*[local-name()='type']", namespaces=H) == ["toc", "bodymatter"]
    ncx = etree.fromstring(ep.read("toc.ncx"))
    texts = ncx.xpath("//*[local-name()='navPoint']/*[local-name()='navLabel']/*[local-name()='text']/text()")
    assert texts == [article.meta.title, *headings]
    ids = ncx.xpath("//*[local-name()='navPoint']/@id")
    assert len(ids) == len(set(ids))


def test_every_document_declares_its_language(book: bytes) -> None:
    ep = Epub(book)
    for href, media in ep.manifest().values():
        if media in ("application/xhtml+xml", "application/x-dtbncx+xml"):
            root = ep.doc(href)
            assert root.get(XML_LANG) == "zh-CN", href
            if media == "application/xhtml+xml":
                assert root.get("lang") == "zh-CN", href


# ------------------------------------------------------------------------------------ metadata


def test_metadata(book: bytes, article: Article) -> None:
    ep = Epub(book)
    assert ep.dc("title") == [article.meta.title]
    assert ep.dc("creator") == ["政协某市委员会"]
    assert ep.dc("language") == ["zh-CN"]
    assert ep.dc("date") == ["2024-01-08"]
    assert ep.meta("dcterms:modified") == ["2024-01-08T00:00:00Z"]
    assert ep.dc("identifier") == [content_identifier(article)]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ep.dc("identifier")[0])
    assert ep.meta("schema:accessMode") == ["textual"]
    assert {"structuralNavigation", "tableOfContents"} <= set(ep.meta("schema:accessibilityFeature"))
    assert ep.meta("schema:accessibilityHazard") == ["none"]
    assert len(ep.meta("schema:accessibilitySummary")) == 1


def test_identifier_follows_the_content_only(article: Article) -> None:
    same = load(REPORT)
    assert content_identifier(same) == content_identifier(article)
    changed = load(REPORT.replace("请予审议", "请予审阅"))
    assert content_identifier(changed) != content_identifier(article)


# ------------------------------------------------------------------------------------ content


def test_text_equals_markdown_body(book: bytes, article: Article) -> None:
    assert epub_body_text(Epub(book)) == article.body_text()


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    art = load('---\ntitle: 通知 \\<b\\>\n---\n\n\\<script\\>alert(1)\\</script\\> \\<img src="x"\\> & 完\n')
    data = render_epub(art, THEME, embed_font=False)
    ep = Epub(data)
    doc = ep.doc("title.xhtml")
    assert not doc.xpath("//h:script | //h:img | //h:b", namespaces=H)
    assert epub_body_text(ep) == art.body_text()


def test_no_external_references(book: bytes) -> None:
    ep = Epub(book)
    names = set(ep.zip.namelist())
    for name in names:
        blob = ep.zip.read(name)
        if name.endswith(("woff2", "otf", "ttf")):
            continue
        text = blob.decode("utf-8")
        for target in re.findall(r'(?:href|src)="([^"]*)"', text) + re.findall(r'url\("?([^")]*)', text):
            assert "://" not in target and not target.startswith("//"), (name, target)
            if "url(" in text and target in re.findall(r'url\("?([^")]*)', text):
                resolved = os.path.normpath(os.path.join(os.path.dirname(name), target))
                assert resolved in names, (name, target)


def test_reproducible(article: Article, book: bytes) -> None:
    assert render_epub(article, THEME) == book
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        infos = z.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"
        assert {i.date_time for i in infos} == {(2024, 1, 8, 0, 0, 0)}


def test_split_chapters_without_parts_is_one_document() -> None:
    art = load("---\ntitle: 通知\n---\n\n# 一、要求\n\n正文。\n\n# 二、任务\n\n正文。\n")
    assert [c.file_name for c in split_chapters(art)] == ["title.xhtml"]


# ------------------------------------------------------------------------------------ style and font


def test_reading_stylesheet_is_the_theme(book: bytes) -> None:
    css = Epub(book).read("style/reading.css").decode("utf-8")
    assert theme_css(THEME, "screen") in css
    body_rule = css[css.index("p, li, td, th {") :]
    body_rule = body_rule[: body_rule.index("}")]
    assert "text-indent: 2em;" in body_rule and "text-align: justify;" in body_rule
    assert "line-height: 1.8;" in body_rule
    assert "margin: 0;" in css  # no gaps between paragraphs
    assert '"FangSong_GB2312"' in css and "serif" in css and "sans-serif" in css


def _face_of(css: str, selector: str) -> str:
    """The first `paiban-…` family named in the last rule for `selector`."""
    rules = re.findall(rf"(?m)^{re.escape(selector)} {{\n  font-family: ([^;]+);", css)
    return next(str(n).strip('" ') for n in rules[-1].split(",") if "paiban-" in n)


def test_every_role_face_is_embedded_as_a_free_subset(book: bytes, article: Article) -> None:
    from paiban.render.css import SELECTORS

    ep = Epub(book)
    fonts = {h: mt for h, mt in ep.manifest().values() if mt.startswith("font/")}
    css = ep.read("style/reading.css").decode("utf-8")
    faces = {m[0]: m[1] for m in re.findall(r'font-family: "([^"]+)";\n  src: url\("\.\./([^"]+)"\)', css)}
    assert set(faces.values()) == set(fonts)
    resolved = role_faces(THEME)
    texts = role_texts(article)
    embedded_roles = 0
    for role, text in texts.items():
        face = resolved[role]
        if face is None or not free_to_embed(face):
            continue
        family = _face_of(css, SELECTORS.get(role, "html"))
        font = TTFont(io.BytesIO(ep.read(faces[family])))
        # The subset is a copy of the face the PDF uses for the role …
        names = {r.toUnicode() for r in font["name"].names if r.nameID in (1, 16)}
        assert face.family in names or any(face.family in n for n in names), (role, face.family, names)
        # … holding the role's characters and little else.
        cmap = font.getBestCmap()
        used = set(text) - {"\n"}
        assert all(ord(ch) in cmap for ch in used), (role, [ch for ch in used if ord(ch) not in cmap])
        if face != resolved["body"]:  # the body face holds every character (the fallback)
            assert len(cmap) < len(used) + 40, (role, len(cmap), len(used))
        licence = " ".join(r.toUnicode() for r in font["name"].names if r.nameID in (13, 14))
        assert FREE_LICENSES.search(licence), (role, licence)  # the licence travels with the subset
        embedded_roles += 1
    assert embedded_roles >= 8  # title, subtitle, byline, part, section, subsection, item, body …


def test_seed_book_is_small_and_clean(epubcheck: EpubCheck, tmp_path: Path) -> None:
    data = render_epub(load(SEED_MD.read_text(encoding="utf-8")), THEME)
    assert len(data) <= 600_000, len(data)
    epubcheck.assert_clean(data, tmp_path)


def hostile_book() -> bytes:
    """Control characters in every field, an impossible date, an empty heading."""
    from paiban.model import Block, Meta

    hostile = Article(
        Meta(title="通知\x01", author="办公室\x02", date="2024-13-45"),
        [Block("heading", "附\x0b件", level=3), Block("paragraph", "正文\x00。"), Block("heading", "", level=1)],
    )
    return render_epub(hostile, THEME, embed_font=False)


def test_degenerate_articles_still_make_books() -> None:
    from paiban.model import Meta

    empty = render_epub(Article(Meta(), []), THEME, embed_font=False)
    assert Epub(empty).spine_docs() == ["title.xhtml"]
    ep = Epub(hostile_book())
    assert ep.dc("title") == ["通知"] and ep.dc("date") == []  # an impossible date is left out
    assert epub_body_text(ep) == "附件正文。"


def test_a_degenerate_article_makes_a_valid_book(epubcheck: EpubCheck, tmp_path: Path) -> None:
    epubcheck.assert_clean(hostile_book(), tmp_path)
