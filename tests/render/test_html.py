"""The semantic XHTML (paiban.render.html): well-formed, the vocabulary css.py styles, escaped text."""

from __future__ import annotations

from lxml import etree

from paiban.markdown import load
from paiban.render.css import theme_css
from paiban.render.html import article_html
from tests.project import THEME

H = {"h": "http://www.w3.org/1999/xhtml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

DOC = """---
title: 某市政府工作报告
title-lines:
- 某市
- 政府工作报告
subtitle: ——2024年1月10日在某市第十七届人民代表大会第三次会议上
speaker: 市长 张某
lang: zh-CN
---

::: salutation
各位代表：
:::

现在，我代表市人民政府，向大会报告工作，请予审议。

# 2023年工作回顾

## 一、经济运行稳中向好

### （一）工业生产较快增长

#### 1.规模以上工业

增加值增长8.5%。

#### （2）重点项目

开工建设项目120个。

::: closing
某市人民政府

2024年1月10日
:::
"""


def parse(html: str) -> etree._Element:
    return etree.fromstring(html.encode("utf-8"))


def test_complete_xhtml5_document_with_language() -> None:
    html = article_html(load(DOC), THEME)
    assert html.startswith('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>')
    root = parse(html)
    assert root.tag == "{http://www.w3.org/1999/xhtml}html"
    assert root.get("lang") == "zh-CN" and root.get(XML_LANG) == "zh-CN"
    assert root.findtext("h:head/h:title", namespaces=H) == "某市政府工作报告"


def test_title_block_and_roles() -> None:
    root = parse(article_html(load(DOC), THEME))
    title = root.find(".//h:h1[@class='title']", H)
    assert [s.text for s in title.findall("h:span[@class='title-line']", H)] == ["某市", "政府工作报告"]
    assert root.findtext(".//h:p[@class='subtitle']", namespaces=H).startswith("——2024年")
    assert root.findtext(".//h:p[@class='byline']", namespaces=H) == "市长 张某"
    assert len(root.findall(".//h:h1", H)) == 1  # the title is the only h1
    heads = [
        (h.tag.split("}")[1], h.get("class"), h.get("id"), h.text)
        for h in root.iter(*(f"{{{H['h']}}}h{n}" for n in range(2, 7)))
    ]
    assert heads == [
        ("h2", "part", "h-1", "2023年工作回顾"),
        ("h3", "section", "h-2", "一、经济运行稳中向好"),
        ("h4", "subsection", "h-3", "（一）工业生产较快增长"),
        ("h5", "item", "h-4", "1.规模以上工业"),
        ("h5", "item", "h-5", "（2）重点项目"),
    ]
    assert root.findtext(".//h:p[@class='salutation']", namespaces=H) == "各位代表："
    closing = root.findall(".//h:div[@class='closing']/h:p", H)
    assert [p.text for p in closing] == ["某市人民政府", "2024年1月10日"]


def test_body_text_in_order() -> None:
    art = load(DOC)
    root = parse(article_html(art, THEME))
    body = root.find("h:body", H)
    body.remove(body.find("h:header", H))
    text = "".join(t for t in body.itertext() if t != "\n")
    assert text.replace("\n", "") == art.body_text()


def test_stylesheet_by_medium() -> None:
    art = load(DOC)
    screen = article_html(art, THEME, "screen")
    assert theme_css(THEME, "screen") in screen and "16pt" not in screen
    assert theme_css(THEME, "print") in article_html(art, THEME, "print")
    bare = parse(article_html(art, THEME, inline_css=False))
    assert bare.find(".//h:style", H) is None


def test_text_is_escaped_never_markup() -> None:
    art = load(
        '---\ntitle: 通知 \\<b\\>\n---\n\n\\<script\\>alert("x")\\</script\\> \\<img src=x\\> & \\<a href="file:///etc/passwd"\\>\n'
    )
    html = article_html(art, THEME)
    root = parse(html)
    assert not root.xpath("//h:script | //h:img | //h:a | //h:b", namespaces=H)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert root.findtext(".//h:body/h:p", namespaces=H) == art.body_text()


def test_control_characters_are_dropped_so_the_xml_stays_well_formed() -> None:
    art = load("---\ntitle: 通知\n---\n\n正文\x0b内容\x01完。\n")
    parse(article_html(art, THEME))  # would raise on an illegal XML character


def test_lists_and_tables() -> None:
    art = load("---\ntitle: 表\n---\n\n- 第一项\n- 第二项\n\n| 项目 | 数量 |\n|---|---|\n| 提案 | 12 |\n")
    root = parse(article_html(art, THEME))
    assert [li.text for li in root.findall(".//h:ul/h:li", H)] == ["第一项", "第二项"]
    assert [c.text for c in root.findall(".//h:table//h:th", H)] == ["项目", "数量"]
    assert [c.text for c in root.findall(".//h:table/h:tbody//h:td", H)] == ["提案", "12"]


def test_document_number_prints_above_the_title() -> None:
    from paiban.model import Meta
    from paiban.render.html import title_block_html

    block = title_block_html(Meta(title="关于做好防汛工作的通知", doc_number="某政办发〔2024〕7号"))
    assert block.index('<p class="doc-number">某政办发〔2024〕7号</p>') < block.index('<h1 class="title">')
