"""paiban.clean.sentence: the one test of whether a line reads as running text."""

from __future__ import annotations

import pytest

from paiban.clean.sentence import dense, ends_paragraph, ends_sentence, reads_as_sentence, runs_on


@pytest.mark.parametrize(
    "text",
    [
        "特此通知。",
        "现将有关事项通知如下，请各单位结合本地实际认真贯彻落实",  # a comma and more than 25 characters
        "以下是市政府主要负责同志在全市安全生产工作会议上的讲话全文：",  # a lead-in ending in a colon
        "关于进一步做好全市春季森林防火工作的通知已经市政府同意。现予印发。",  # stops: a sentence, not a title
    ],
)
def test_sentences(text: str) -> None:
    assert reads_as_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "关于印发《某某市促进民营经济发展若干政策措施（2024—2026年）》的通知",  # a title names its kind
        "首页，新闻，政务",  # a comma, but short: a menu
        "附件：",  # a short label
        "首页 机构概况 政务公开 政务服务 互动交流 专题专栏 数据开放 走进本市 办事指南 便民服务 网站地图 联系我们",
    ],
)
def test_not_sentences(text: str) -> None:
    assert not reads_as_sentence(text)


def test_min_len_excludes_short_sentences() -> None:
    assert reads_as_sentence("特此通知。")
    assert not reads_as_sentence("特此通知。", min_len=10)
    assert reads_as_sentence("  特此通知。  ", min_len=5)  # measured without the surrounding spaces


@pytest.mark.parametrize(
    ("text", "sentence", "paragraph"),
    [
        ("请认真执行。", True, True),
        ("他说：“好。”", True, True),
        ("等等……", True, True),
        ("标准为100.", False, False),  # a full stop after a figure is a decimal point or a list number
        ("执行本规定.", True, True),  # after an ideograph it is a stop typed half width
        ("具体要求如下：", False, True),  # a colon ends a line of a paragraph, not a sentence
        ("（一）", False, True),
        ("第一章 总则", False, False),
    ],
)
def test_sentence_and_paragraph_ends(text: str, sentence: bool, paragraph: bool) -> None:
    assert ends_sentence(text) is sentence
    assert ends_paragraph(text) is paragraph


def test_runs_on_is_so_much_text_that_a_chrome_word_is_just_a_word() -> None:
    button = "打印本页"
    assert not runs_on(button)
    assert runs_on(
        "请各单位认真学习，可打印本页下发至各科室，组织干部职工逐条对照检查。" + "并请及时报告。"
    )  # 。 and > 40
    assert not runs_on("打印本页 关闭窗口 加入收藏 设为首页 返回顶部 分享到微信，微博，QQ空间")
    assert runs_on("首页" * 51)  # however it reads, a line this long is text


def test_dense_weighs_lines_with_marks_however_they_end() -> None:
    assert dense("各地要加强组织领导，压实工作责任，及时报告工作进展")  # unfinished, but text
    assert not dense("某某区召开春季防火工作会议暨安全生产工作部署会")  # a headline in a related list
    assert not dense("首页，新闻")
