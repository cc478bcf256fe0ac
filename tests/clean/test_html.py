"""clean/html: the lines a browser shows, the page's main text container, captions, hidden text."""

from __future__ import annotations

from paiban.clean.html import extract

PARA = "为进一步加强统计法治建设，防范和惩治统计造假、弄虚作假，根据有关规定，决定开展执法检查。"


def page(body: str) -> str:
    return f"<html><head><title>通知</title></head><body>{body}</body></html>"


def test_an_early_end_tag_does_not_hide_the_article() -> None:
    # A server-side include that closes the document before the article: browsers read on.
    html = "<html><body><div>网站页头</div></body></html>\n<div class='article'><p>" + PARA + "</p></div>"
    lines, _, _ = extract(html)
    assert [ln.text for ln in lines] == ["网站页头", PARA]


def test_lines_after_the_main_text_container_are_marked() -> None:
    body = (
        "<div class='top'><a href='/'>首页</a></div><h1>关于开展执法检查的通知</h1>"
        f"<div class='content'><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>二、工作要求</p></div>"
        "<div class='x'><p>相关文章</p><p>某某市召开统计工作会议</p></div><div><p>版权所有：某某市统计局</p></div>"
    )
    lines, _, _ = extract(page(body))
    zones = {ln.text: ln.zone for ln in lines}
    assert zones["首页"] == -1 and zones["关于开展执法检查的通知"] == -1
    assert zones[PARA] == 0 and zones["二、工作要求"] == 0
    assert zones["相关文章"] == 1 and zones["版权所有：某某市统计局"] == 1


def test_text_spread_over_the_body_gets_no_zones() -> None:
    lines, _, _ = extract(page(f"<p>{PARA}</p><p>{PARA}</p><p>相关文章</p>"))
    assert {ln.zone for ln in lines} == {0}


def test_the_first_text_after_an_image_is_a_caption() -> None:
    body = f"<div><p>{PARA}</p><p><img src='a.jpg'></p><p>培训会现场</p><p>{PARA}</p></div>"
    lines, _, _ = extract(page(body))
    assert [(ln.text, ln.caption) for ln in lines] == [(PARA, False), ("培训会现场", True), (PARA, False)]


def test_forum_jammer_text_is_hidden() -> None:
    lines, _, log = extract(page("<p>全乡广大居民<font class='jammer'>x9Kq2</font>朋友们：</p>"))
    assert lines[0].text == "全乡广大居民朋友们："
    assert any(e.text == "x9Kq2" for e in log)
