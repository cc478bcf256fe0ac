"""The Article contract: what every renderer prints above the body, and the one dispatch over block kinds."""

from __future__ import annotations

from typing import get_args

import pytest

from paiban.model import Article, Block, BlockKind, LogEntry, Meta, chinese_date, dispatch


@pytest.mark.parametrize(
    ("iso", "written"),
    [
        ("2024-02-06", "2024年2月6日"),  # GB/T 9704: Arabic numerals, no leading zeros
        ("2023-11-30", "2023年11月30日"),
        ("2024-02", "2024-02"),  # not a full date: left as written
        ("", ""),
    ],
)
def test_chinese_date(iso: str, written: str) -> None:
    assert chinese_date(iso) == written


def test_title_lines_are_the_document_s_own_else_the_whole_title() -> None:
    assert Meta(title="甲乙", title_lines=["甲", "乙"]).display_title_lines == ["甲", "乙"]
    assert Meta(title="关于开展检查的通知").display_title_lines == ["关于开展检查的通知"]
    assert Meta().display_title_lines == []


@pytest.mark.parametrize("subtitle", ["关于开展检查的通知", "——关于开展检查的通知", "（关于开展 检查的通知）"])
def test_a_subtitle_that_repeats_the_title_is_not_shown(subtitle: str) -> None:
    meta = Meta(title="关于开展检查的通知", subtitle=subtitle)
    assert meta.shown_subtitle == ""
    assert ("subtitle", subtitle) not in meta.as_items()


def test_a_speech_gets_its_date_line_unless_the_title_block_already_shows_the_date() -> None:
    speech = Meta(title="坚定信心 真抓实干", speaker="市长　张三", date="2024-01-12")
    assert speech.date_line == "（2024年1月12日）"
    assert speech.under_title() == [("byline", "市长　张三"), ("byline", "（2024年1月12日）")]
    dated = Meta(title="坚定信心", subtitle="——2024年1月12日在全市经济工作会议上", speaker="张三", date="2024-01-12")
    assert dated.date_line == ""
    assert Meta(title="通知", date="2024-01-12").date_line == ""  # no speaker: the date is not a byline


def test_front_text_is_what_is_printed_before_the_body_in_order() -> None:
    meta = Meta(
        title="甲乙",
        title_lines=["甲", "乙"],
        subtitle="副题",
        speaker="张三",
        date="2024-01-12",
        doc_number="某政发〔2024〕1号",
        author="某市人民政府",
    )
    assert meta.front_text() == "某政发〔2024〕1号甲乙副题张三（2024年1月12日）"  # the author is not printed there


def test_front_matter_items_follow_the_key_order_and_skip_empty_values() -> None:
    meta = Meta(title="标题", title_lines=["标题"], date="2024-01-12", author="某局", lang="zh-TW")
    # One title line is the title itself: not written twice.
    assert meta.as_items() == [("title", "标题"), ("author", "某局"), ("date", "2024-01-12"), ("lang", "zh-TW")]


def test_body_text_reads_every_kind_of_block_in_order() -> None:
    article = Article(
        Meta(title="t"),
        [
            Block("salutation", "各单位："),
            Block("heading", "一、总体要求", level=1),
            Block("paragraph", "正文。"),
            Block("list_item", "第一项"),
            Block("table", rows=[["甲", "乙"], ["1", "2"]]),
            Block("closing", lines=["某市人民政府", "2024年1月12日"]),
        ],
    )
    assert article.body_text() == "各单位：一、总体要求正文。第一项甲乙12某市人民政府2024年1月12日"


class KindName:
    """A writer that answers with the method it was handed to."""

    def heading(self, block: Block) -> str:
        return "heading"

    def paragraph(self, block: Block) -> str:
        return "paragraph"

    def salutation(self, block: Block) -> str:
        return "salutation"

    def closing(self, block: Block) -> str:
        return "closing"

    def list_item(self, block: Block) -> str:
        return "list_item"

    def table(self, block: Block) -> str:
        return "table"


@pytest.mark.parametrize("kind", get_args(BlockKind))
def test_dispatch_hands_each_kind_to_its_own_method(kind: BlockKind) -> None:
    assert dispatch(Block(kind), KindName()) == kind


def test_log_entries_say_where_and_what() -> None:
    assert LogEntry("removed", "site chrome", "版权所有", 12).format() == "removed: line 12: site chrome «版权所有»"
    assert LogEntry("warning", "encoding: gbk").format() == "warning: encoding: gbk"
