"""paiban.hanzi: the character classes every stage shares, on single characters chosen at block edges."""

from __future__ import annotations

import re

import pytest

from paiban.hanzi import CJK_TEXT, HAN, break_space, columns, fold_alnum, is_han, is_ideograph, is_wide


@pytest.mark.parametrize(
    "ch", ["一", "龥", "\u9fff", "㐀", "\u4dbf", "豈", "\U00020000", "\U0002a6df", "\U00031350", "\U000323af", "〇"]
)
def test_ideographs_of_every_block_are_han(ch: str) -> None:
    assert is_han(ch)


@pytest.mark.parametrize("ch", ["", "a", "1", "。", "，", "Ａ", "あ", "\u4dc0", "\u3006", "\U000323b0", " "])
def test_marks_kana_hexagrams_and_latin_are_not_han(ch: str) -> None:
    assert not is_han(ch)


def test_zero_is_han_but_not_an_ideograph() -> None:
    # 二〇二四年: 〇 is written among ideographs (Chinese context) but is no ideograph (not counted as one).
    assert is_han("〇") and not is_ideograph("〇")
    assert all(is_ideograph(c) for c in "一㐀豈\U00020000")


def test_wide_is_about_width_not_script() -> None:
    # Full-width marks and forms take an em without being ideographs; Latin and ASCII marks take half.
    assert all(is_wide(c) for c in "中。，Ａ１あ")
    assert not any(is_wide(c) for c in ("", "a", "1", ",", " ", "·"))


def test_columns_counts_half_width_columns() -> None:
    assert columns("") == 0
    assert columns("第1条") == 5
    assert columns("ＡＢ ab") == 7


def test_fold_alnum_folds_letters_and_digits_only() -> None:
    assert fold_alnum("２０２４年Ｑ１ｑ") == "2024年Q1q"
    # Full-width punctuation is the house style: it stays, and so does the ideographic space.
    assert fold_alnum("（一）：！\u3000") == "（一）：！\u3000"
    assert fold_alnum("\uff0f\uff3b\uff40\uff5b") == "\uff0f\uff3b\uff40\uff5b"  # neighbours of the ranges


def test_han_class_matches_the_unified_block() -> None:
    pattern = re.compile(f"[{HAN}]+")
    assert pattern.fullmatch("中华人民共和国")
    assert not pattern.search("㐀〇。A")


def test_a_line_break_is_a_space_only_between_latin_words() -> None:
    assert break_space("文", "字") == ""
    assert break_space("，", "a") == "" and break_space("a", "。") == ""
    assert break_space("a", "b") == " "
    assert break_space("", "") == " "  # no neighbour: nothing wide to close up to


def test_cjk_text_class_ends_an_ascii_run_in_chinese() -> None:
    url = re.compile(f"https?://[^\\s{CJK_TEXT}]+")
    assert url.findall("见https://a.example/x?y=1。详见（http://b.example/）") == [
        "https://a.example/x?y=1",
        "http://b.example/",
    ]
