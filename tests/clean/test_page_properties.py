"""Properties of the cleaner (hypothesis): random site chrome around random Chinese body text in random
encodings never costs or adds an ideograph of the body, and normalized Markdown is a fixed point."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paiban.clean.page import clean_source
from paiban.hanzi import is_han
from paiban.markdown import dump

# Ideographs of ordinary body text (no characters that occur in chrome vocabularies' keywords would
# matter: the body lines are sentences, which chrome rules never take).
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经三之进着等部度家电力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
PUNCT = "，,。、；;：“”"
CHROME = [
    "当前位置：首页 > 政务公开 > 通知公告",
    "您所在的位置: 首页>新闻中心>工作动态",
    "发布时间：2024-01-20 09:30 来源：市政府办公室 浏览次数：123",
    "时间:2024/02/06 03:02:26 【字体:][][",
    "【字体：大 中 小】【打印本页】【关闭窗口】",
    "责任编辑：张三",
    "分享到：微信 微博 QQ空间",
    "扫一扫在手机打开当前页",
    "上一篇：关于做好某项工作的通知",
    "版权所有：某市人民政府 ICP备00000000号",
    "网站标识码：2200000012 吉公网安备22010202000124号",
    "主办单位：某市人民政府办公室 技术支持：某某科技有限公司",
    "首页 | 政务公开 | 办事服务 | 互动交流 | 走进某市",
]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=2, max_value=6))
    parts = []
    for _ in range(n):
        chunk = draw(st.text(alphabet=HAN, min_size=3, max_size=15))
        parts.append(chunk + draw(st.sampled_from("，,、；;")))
    return "".join(parts)[:-1] + "。"


@st.composite
def pages(draw: st.DrawFn) -> tuple[bytes, str, str]:
    title = draw(st.text(alphabet=HAN, min_size=6, max_size=20)) + "的通知"
    paras = draw(st.lists(sentences(), min_size=1, max_size=6))
    head = draw(st.lists(st.sampled_from(CHROME), max_size=4))
    tail = draw(st.lists(st.sampled_from(CHROME), max_size=4))
    lines = [*head, title, "", *[p for para in paras for p in (para, "")], *tail]
    sep = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = sep.join(lines) + sep
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]))
    return text.encode(encoding), title, "".join(paras)


def ideographs(text: str) -> str:
    return "".join(c for c in text if is_han(c))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_body_ideographs_are_kept_exactly(case: tuple[bytes, str, str]) -> None:
    data, title, body = case
    article, _ = clean_source(data, "page.txt")
    assert ideographs(article.body_text()) == ideographs(body)
    assert article.meta.title == title


@st.composite
def html_pages(draw: st.DrawFn) -> tuple[bytes, str, str]:
    title = draw(st.text(alphabet=HAN, min_size=6, max_size=20)) + "的通知"
    paras = draw(st.lists(sentences(), min_size=1, max_size=6))
    head = draw(st.lists(st.sampled_from(CHROME), max_size=3))
    tail = draw(st.lists(st.sampled_from(CHROME), max_size=3))
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "gbk"]))
    wrap = draw(st.sampled_from(["div", "td", "article"]))
    inner = "".join(f"<p>{p}</p>" for p in paras)
    body = f"<table><tr><td>{inner}</td></tr></table>" if wrap == "td" else f"<{wrap} class='content'>{inner}</{wrap}>"
    page = (
        f"<html><head><meta charset='{encoding}'><title>{title}_某市人民政府</title>"
        "<script>var x='统计代码';</script></head><body>"
        + "".join(f"<div class='nav'>{c}</div>" for c in head)
        + f"<h1>{title}</h1>{body}<!-- 注释 -->"
        + "<div class='footer'>"
        + "".join(f"<p>{c}</p>" for c in tail)
        + "</div></body></html>"
    )
    return page.encode(encoding), title, "".join(paras)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages())
def test_html_body_ideographs_are_kept_exactly(case: tuple[bytes, str, str]) -> None:
    data, title, body = case
    article, _ = clean_source(data, "page.html")
    assert ideographs(article.body_text()) == ideographs(body)
    assert article.meta.title == title


@st.composite
def blocks_markdown(draw: st.DrawFn) -> bytes:
    """Normalized Markdown as paiban writes it: clean a random page, dump it."""
    data, _, _ = draw(pages())
    article, _ = clean_source(data, "page.txt")
    return dump(article).encode("utf-8")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks_markdown())
def test_normalized_markdown_is_a_fixed_point(md: bytes) -> None:
    article, _ = clean_source(md, "doc.md")
    assert dump(article).encode("utf-8") == md
    again, _ = clean_source(dump(article).encode("utf-8"), "doc.md")
    assert again == article


TRICKY = st.text(
    alphabet=HAN + "，。、；：？！（）“”‘’《》——…·abcXYZ019 #*_-+<>[]`|\\&$~^@{}!\"'",
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() and any(is_han(c) for c in s))


@settings(max_examples=50, deadline=None)
@given(st.lists(TRICKY, min_size=1, max_size=5))
def test_markup_lookalikes_survive_the_round_trip(paras: list[str]) -> None:
    """Body text with Markdown/HTML look-alikes: cleaned once, the Markdown reloads to the same Article."""
    page = "某市人民政府关于做好有关工作的通知\n\n" + "\n\n".join(p.strip() for p in paras) + "\n"
    article, _ = clean_source(page.encode(), "page.txt")
    md = dump(article)
    again, _ = clean_source(md.encode(), "doc.md")
    assert again == article
