"""The heading-marker grammar the cleaner and the renderers share (how the cleaner uses it: clean/test_blocks.py)."""

from __future__ import annotations

import pytest

from paiban.markers import KINDS, RANK, outline_kind

# (heading, kind): one or more of each kind, in the spellings official pages use.
MARKED = [
    ("第一编 总则", "bian"),
    ("第二部分　主要任务", "bian"),
    ("第三章 监督管理", "zhang"),
    ("第十二章", "zhang"),
    ("第一节 一般规定", "jie"),
    ("第二節　範圍", "jie"),
    ("壹、修正要點", "upper"),
    ("貳. 施行方式", "upper"),
    ("一、总体要求", "cn"),
    ("十二、其他", "cn"),
    ("三．保障措施", "cn"),
    ("一、2023年工作回顾", "cn"),
    ("二、2024年工作总体要求和重点任务", "cn"),  # a year right after 、 is common
    ("I. 背景", "roman"),
    ("IV、附则", "roman"),
    ("（一）开展主题教育", "cn-paren"),
    ("(二) 加强监督", "cn-paren"),
    ("1. 编制目的", "num"),
    ("1.放假时间", "num"),
    ("12、附则", "num"),
    ("1、2024年主要目标", "num"),
    ("2.加强信用监管", "num"),
    ("1.1编制目的", "num-dec"),
    ("2．3 适用范围", "num-dec"),
    ("01综合", "num-bare"),
    ("12资源环境", "num-bare"),
    ("（1）申报材料", "num-paren"),
    ("(12)其他", "num-paren"),
    ("①基本情况", "circled"),
    ("⑳附件", "circled"),
]
# Text that starts like a marker and is not one.
UNMARKED = [
    "第一条 为了规范管理，制定本办法。",  # an article of a regulation: body text, not a heading
    "十.5倍",
    "3.2亿元用于建设",
    "1.5亿元用于建设",
    "3.5%的增长",
    "1.1.1 细则",  # figures and deeper decimals
    "2023年全市经济运行稳中有进",
    "12月底前完成",
    "05个项目",  # numbers glued to what they count
    "IVF技术",
    "一年来，我们坚持",
    "各位委员、同志们：",
    "",
]


@pytest.mark.parametrize(("text", "kind"), MARKED)
def test_each_marker_is_its_kind(text: str, kind: str) -> None:
    assert outline_kind(text) == kind
    assert outline_kind(f"  {text}") == kind  # leading space is not part of the marker


@pytest.mark.parametrize("text", UNMARKED)
def test_lookalikes_are_not_markers(text: str) -> None:
    assert outline_kind(text) == ""


def test_rank_follows_the_grammar_s_order_below_parts() -> None:
    assert list(RANK) == [kind for kind, _ in KINDS] + ["part"]
    assert RANK["part"] == 0 and RANK["bian"] < RANK["zhang"] < RANK["jie"] < RANK["cn"] < RANK["cn-paren"]
    assert RANK["num"] < RANK["num-paren"] < RANK["circled"]
    assert {kind for _, kind in MARKED} == {kind for kind, _ in KINDS}  # every kind has an example above
