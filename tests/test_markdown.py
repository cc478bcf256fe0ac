import pytest

from paiban.markdown import dump, escape, load, split_front_matter
from paiban.model import Article, Block, Meta


def sample() -> Article:
    meta = Meta(
        title="中国人民政治协商会议某市委员会常务委员会工作报告",
        title_lines=["中国人民政治协商会议", "某市委员会常务委员会工作报告"],
        author="中国人民政治协商会议某市委员会",
        date="2024-02-06",
        category="工作报告",
    )
    blocks = [
        Block("salutation", "各位委员、同志们："),
        Block("heading", "2023年工作回顾", level=1),
        Block("heading", "一、学思想践忠诚", level=2),
        Block("paragraph", "一年来，我们取得成果近40项，GDP增长5.2%。"),
        Block("closing", lines=["某市委员会", "2024年2月6日"]),
    ]
    return Article(meta, blocks)


def test_round_trip_is_exact() -> None:
    article = sample()
    assert load(dump(article)) == article


def test_front_matter_keys_in_fixed_order_and_date_stays_a_string() -> None:
    text = dump(sample())
    keys = [line.split(":")[0] for line in text.split("---")[1].splitlines() if line and not line.startswith("-")]
    assert keys == ["title", "title-lines", "author", "date", "category", "lang"]
    data, _ = split_front_matter(text)
    assert data["date"] == "2024-02-06"


@pytest.mark.parametrize(
    "text",
    [
        "# 不是标题",
        "* 不是列表",
        "- 不是列表",
        "1. 不是有序列表",
        "> 不是引用",
        "<b>不加粗</b><script>alert(1)</script>",
        "a_b_c 和 *星号* 与 `反引号` 以及 [链接](http://x) ![图](y.png)",
        "::: 不是div",
        "| 不 | 是 | 表 |",
        "$x$ 与 ~删除~ 和 ^上标^ 以及 @引用 &amp; \\反斜杠",
        "http://example.gov.cn/a_b?c=1&d=2",
    ],
)
def test_markup_lookalikes_print_literally(text: str) -> None:
    article = Article(Meta(title="标题"), [Block("paragraph", text)])
    assert load(dump(article)).blocks == [Block("paragraph", text)]


def test_escape_leaves_chinese_and_full_width_marks_alone() -> None:
    s = "各位委员：现在，我代表常委会报告工作（请审议）。"
    assert escape(s) == s


def test_unknown_front_matter_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown front-matter key"):
        load("---\ntitle: x\ncolour: red\n---\n\n正文\n")


def test_soft_breaks_join_without_space_between_chinese() -> None:
    article = load("---\ntitle: x\n---\n\n第一行\n第二行 and\nLatin\n")
    assert article.blocks == [Block("paragraph", "第一行第二行 and Latin")]
