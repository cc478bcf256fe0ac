"""paiban.clean.start: the document starts at the first body-like line that more body follows."""

from __future__ import annotations

from paiban.clean.blocks import PageLine
from paiban.clean.start import bodyish, find_start

SLOGAN = "不忘初心，牢记使命，为实现中华民族伟大复兴而不懈奋斗"  # reads as a sentence, stands alone
TITLE = "关于做好春季森林防火工作的通知"
TEXT = "现将有关事项通知如下，请各单位认真贯彻执行。"


def _lines(*texts: str) -> list[PageLine]:
    return [PageLine(t, n) for n, t in enumerate(texts, start=1)]


def _start(*texts: str) -> int:
    lines = _lines(*texts)
    return find_start(lines, list(range(len(lines))))


def test_a_salutation_starts_the_text() -> None:
    assert _start("某某市人民政府", TITLE, "各区县人民政府：", TEXT) == 2


def test_a_lone_sentence_above_the_title_does_not() -> None:
    # The slogan reads as text, but a title follows it, not more text: the document starts below.
    assert bodyish(PageLine(SLOGAN)) and not bodyish(PageLine(TITLE))
    assert _start(SLOGAN, TITLE, TEXT, "一、总体要求") == 2


def test_a_sentence_alone_at_the_end_still_starts_the_text() -> None:
    assert _start(SLOGAN, TITLE, TEXT) == 2  # the last line: nothing follows, it is the text


def test_without_any_sentence_the_first_line_is_the_title() -> None:
    assert _start("年度统计数据", "1234", "5678") == 1
    assert _start("年度统计数据") == 0


def test_tables_and_blank_lines_are_not_body() -> None:
    assert not bodyish(PageLine("", rows=[["项目", "数量"]]))
    assert not bodyish(PageLine("   "))
    assert bodyish(PageLine("第一条 为了规范管理，制定本办法。"))
