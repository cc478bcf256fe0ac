"""paiban.clean.sweep: chrome wherever it stands goes in the first sweep, and what it says is kept."""

from __future__ import annotations

from paiban.clean import chrome as bp
from paiban.clean.blocks import PageLine
from paiban.clean.evidence import Evidence
from paiban.clean.ledger import PAGE_NUMBER, Ledger
from paiban.clean.sweep import drop_running_heads, sweep

TEXT = "现将有关事项通知如下，请各单位认真贯彻执行，确保各项工作落到实处。"


def _lines(*texts: str) -> list[PageLine]:
    return [PageLine(t, n) for n, t in enumerate(texts, start=1)]


def test_chrome_goes_and_its_metadata_stays() -> None:
    lines = _lines(
        "当前位置：首页 > 政务公开 > 通知公告",
        "索引号：001/2024-00012",
        "发文机关：某某市人民政府",
        "成文日期：",
        "2024年03月01日",
        "关于做好春季森林防火工作的通知",
        "原文链接：https://www.example.gov.cn/zwgk/2024/0305/1.html",
        "https://www.example.gov.cn",
        "— 1 —",
        TEXT,
    )
    ledger = Ledger(lines, [])
    ev = Evidence()
    sweep(lines, bp.load_vocab(), ev, ledger)
    assert [(r.line_no, r.reason) for r in ledger.removals] == [
        (1, "breadcrumb"),
        (2, "metadata table"),
        (3, "metadata table"),
        (4, "metadata table"),
        (5, "metadata table (value)"),
        (7, "link line"),
        (8, "page address"),
        (9, PAGE_NUMBER),
    ]
    assert ev.breadcrumb == "当前位置：首页 > 政务公开 > 通知公告"
    assert ev.table == {"index": "001/2024-00012", "author": "某某市人民政府", "date": "2024年03月01日"}
    assert ev.source == "https://www.example.gov.cn/zwgk/2024/0305/1.html"  # the bare domain is the site's


def test_a_metadata_table_is_read_cell_by_cell() -> None:
    lines = [PageLine("", 1, rows=[["索引号", "001/2024-00012", "发文字号", "某政发〔2024〕3号"]]), PageLine(TEXT, 2)]
    ledger = Ledger(lines, [])
    ev = Evidence()
    sweep(lines, bp.load_vocab(), ev, ledger)
    assert [r.reason for r in ledger.removals] == ["metadata table"]
    assert ev.table == {"index": "001/2024-00012", "doc-number": "某政发〔2024〕3号"}


def test_after_the_main_container_only_the_texts_continuation_and_signature_stay() -> None:
    lines = [
        PageLine(TEXT, 1),
        PageLine(TEXT, 2, zone=1),
        PageLine("某某市人民政府", 3, zone=1),
        PageLine("热门推荐", 4, zone=1),
        PageLine("某某区召开春季防火工作会议", 5, zone=1),
    ]
    ledger = Ledger(lines, [])
    sweep(lines, bp.load_vocab(), Evidence(), ledger)
    assert [r.line_no for r in ledger.removals] == [4, 5]
    assert ledger.removals[0].reason.endswith("(after the page's main text container)")


def test_running_heads_go_but_a_long_ones_first_copy_may_be_the_title() -> None:
    head, footer = "某某市二〇二三年国民经济统计资料", "内部资料 注意保存"  # the head names no kind
    lines = _lines(head, TEXT, footer, TEXT, footer, TEXT, footer, head, head)
    ledger = Ledger(lines, [])
    drop_running_heads(lines, bp.load_vocab(), ledger)
    assert sorted(r.line_no for r in ledger.removals) == [3, 5, 7, 8, 9]


def test_a_line_repeated_twice_or_a_repeated_signature_stays() -> None:
    lines = _lines("内部资料", TEXT, "内部资料", "某某市人民政府", "某某市人民政府", "某某市人民政府")
    ledger = Ledger(lines, [])
    drop_running_heads(lines, bp.load_vocab(), ledger)
    assert not ledger.removals


def test_a_line_of_only_marks_is_decoration_but_a_figure_or_a_rare_ideograph_is_text() -> None:
    lines = _lines("★ ★ ★ ★", "——————", "〇", "\U00020000", "2024", TEXT)
    ledger = Ledger(lines, [])
    sweep(lines, bp.load_vocab(), Evidence(), ledger)
    assert [(r.line_no, r.reason) for r in ledger.removals] == [
        (1, "no text (decoration or separator line)"),
        (2, "no text (decoration or separator line)"),
    ]
