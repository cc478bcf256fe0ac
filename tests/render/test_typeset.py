"""paiban's line breaker (typeset.py) on tiny inputs with a fixed advance table: no fonts involved."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from paiban.hanzi import is_wide
from paiban.render.pdf import typeset
from paiban.render.pdf.typeset import NO_END, NO_START, PUNCT, Measure, break_paragraph, groups, split_title, units

SIZE = 16.0


def adv(ch: str, script: str = "han") -> float:
    """Full width for CJK and full-width marks, half width for everything else."""
    return SIZE if is_wide(ch) or ch in "—…" else SIZE / 2


def grid(chars: int = 10, indent: int = 0, justify: bool = True) -> Measure:
    width = chars * SIZE - 6.0  # a grid slightly narrower than n em, like GB/T 9704's 28 × 16 pt
    gap = typeset.grid_gap(width, SIZE, chars)
    return Measure(width=width, size=SIZE, min_gap=gap, indent=indent * (SIZE + gap), justify=justify)


def texts(text: str, m: Measure) -> list[str]:
    return [line.text for line in break_paragraph(text, m, adv)]


def test_grid_holds_exactly_n_characters() -> None:
    lines = texts("一二三四五六七八九十" * 3, grid(10))
    assert lines == ["一二三四五六七八九十"] * 3


def test_first_line_indent_takes_two_cells() -> None:
    lines = texts("一二三四五六七八九十" * 2, grid(10, indent=2))
    assert [len(x) for x in lines] == [8, 10, 2]


def test_closing_marks_never_start_a_line() -> None:
    # The 11th character is a stop: the character before it goes down with it (push-out).
    lines = texts("一二三四五六七八九十。一二三四", grid(10))
    assert lines[0] == "一二三四五六七八九"
    assert lines[1].startswith("十。")
    for mark in "、。，；：？！）】」』》〉〕”’·":
        for line in texts("一二三四五六七八九十" + mark + "一二三", grid(10))[1:]:
            assert line[0] not in NO_START


def test_opening_marks_never_end_a_line() -> None:
    for mark in "“‘《〈（【〔「『":
        lines = texts("一二三四五六七八九" + mark + "十一二三", grid(10))
        assert all(line[-1] not in NO_END for line in lines), lines
        assert lines[1].startswith(mark)


def test_double_marks_stay_together() -> None:
    lines = texts("一二三四五六七八九十”。一二三四", grid(10))
    assert lines[1].startswith("十”。")


def test_dashes_and_ellipses_never_split() -> None:
    for mark in ("——", "……"):
        for k in range(6, 11):
            lines = texts("一" * k + mark + "二三四五六七八九十", grid(10))
            assert not any(a.endswith(mark[0]) and b.startswith(mark[0]) for a, b in itertools.pairwise(lines))
            assert not any(line.startswith("…") for line in lines)


def test_latin_words_and_numbers_never_split() -> None:
    text = "一二三四五六七2023年八九十GDP与Wi-Fi全覆盖一二三四五六七八九十"
    lines = texts(text, grid(10))
    assert "".join(lines) == text
    for word in ("2023", "GDP", "Wi-Fi"):
        assert any(word in line for line in lines), (word, lines)


def test_no_single_character_last_line() -> None:
    # 21 characters on a 10-grid would leave 「一」 alone; it takes a partner from the line above.
    lines = texts("一二三四五六七八九十" * 2 + "一", grid(10))
    assert len(lines[-1]) >= 2
    # Nor one character plus its stop.
    lines = texts("一二三四五六七八九十" * 2 + "一。", grid(10))
    assert sum(1 for ch in lines[-1] if ch not in PUNCT) >= 2
    assert "".join(lines) == "一二三四五六七八九十" * 2 + "一。"


def test_justified_lines_have_exact_width_and_last_line_is_natural() -> None:
    m = grid(10)
    lines = break_paragraph("一二三四五六七八九“十一”二三四五六七八九十一二", m, adv)
    for line in lines[:-1]:
        assert line.width == pytest.approx(m.width, abs=1e-6)
    assert lines[-1].gap == pytest.approx(m.min_gap)
    assert lines[-1].width < m.width


def test_no_space_inside_latin_words_or_numbers() -> None:
    m = grid(10)
    lines = break_paragraph("一二三年ABCD四五六七八九十", m, adv)
    flags = typeset.gap_flags(lines[0].text)
    i = lines[0].text.index("ABCD")
    assert flags[i : i + 3] == [False, False, False]  # inside the word
    assert flags[i + 3] is True  # after it


def test_dash_keeps_a_letter_in_its_text_box() -> None:
    # HarfBuzz needs a letter in the run to pick the Han script, whose `locl` sets — full width.
    for text in ("——人手一", "版）》——人", "一二——", "2023——年"):
        dash = next(g for g in groups(text) if "——" in g.text)
        assert dash.tight and any(typeset._has_script(ch) for ch in dash.text), (text, groups(text))
    assert "".join(g.text for g in groups("版）》——人")) == "版）》——人"


def test_units_keep_kinsoku_pairs() -> None:
    assert units("“中”。") == ["“中”。"]
    assert units("年（2023）") == ["年", "（2023）"]
    assert units("好……吗") == ["好……", "吗"]


def test_line_html_escapes_and_keeps_every_character() -> None:
    m = grid(10)
    lines = break_paragraph("<b>一二&三四五六七八九十", m, adv)
    html = typeset.paragraph_html(lines)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html


def test_title_breaks_between_words_only() -> None:
    title = "中国人民政治协商会议四平市第九届委员会常务委员会工作报告"
    lines = split_title(title, 20)
    assert lines == ["中国人民政治协商会议", "四平市第九届委员会常务委员会工作报告"]
    assert not any(line.endswith("常务") for line in lines)


def test_title_breaks_balance_lines() -> None:
    title = "某某市人民政府办公室关于印发某某市推进数字政府建设实施方案的通知"
    lines = split_title(title, 20)
    assert "".join(lines) == title
    assert all(len(line) <= 20 for line in lines)
    assert lines[0].endswith(("办公室", "印发")) or lines[1].startswith("关于")


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "国务院办公厅关于印发全国一体化政务大数据体系建设指南的通知",
            ["国务院办公厅关于印发", "全国一体化政务大数据体系建设指南的通知"],
        ),
        ("中共某某市委关于深入学习贯彻党的二十大精神的决定", ["中共某某市委", "关于深入学习贯彻党的二十大精神的决定"]),
        (
            "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
            ["中华人民共和国国民经济和社会发展", "第十四个五年规划和2035年远景目标纲要"],
        ),
    ],
)
def test_title_breaks_keep_words_and_numbers_whole(title: str, lines: list[str]) -> None:
    assert split_title(title, 20) == lines


def test_title_never_breaks_inside_protected_words_or_numbers() -> None:
    kinds = typeset.title_breaks("2035年远景目标和第十四个五年规划的一体化")
    text = "2035年远景目标和第十四个五年规划的一体化"
    for p in kinds:
        assert text[p - 1 : p + 1] not in ("5年", "远景", "景目", "十四", "第十", "一体", "体化")


def test_short_title_is_one_line() -> None:
    assert split_title("工作报告", 20) == ["工作报告"]


def test_a_loose_line_takes_the_head_of_a_phone_number_not_of_a_decimal() -> None:
    m = grid(12)
    lines = texts("一二三四五（电话：0433-5551234）。", m)
    assert lines[0].endswith("0433-"), lines
    lines = texts("一二三四五六七八九十增长1234.5678万元", m)
    assert not any(line.endswith("1234.") for line in lines), lines


def test_no_gap_opens_before_an_ascii_stop_after_a_word() -> None:
    assert typeset.atoms("见GDP.") == ["见", "GDP."]


def test_a_url_is_cut_rather_than_spacing_a_line_out() -> None:
    m = grid(20)
    text = "详情请见 http://sjj.example.gov.cn/tzgg/2024/0412.html?id=88,ref=news。"
    lines = break_paragraph(text, m, adv)
    assert "".join(line.text for line in lines) == text
    for line in lines[:-1]:
        assert line.gap <= typeset.LOOSE_EM * SIZE, (line.text, line.gap)


def test_a_word_wider_than_the_line_is_cut_to_fill_lines() -> None:
    lines = texts("Supercalifragilisticexpialidocious" * 2, grid(10))
    assert "".join(lines) == "Supercalifragilisticexpialidocious" * 2
    assert len(lines) <= 9  # ≈ 68 half-width letters on 10-cell lines: cut to fill, never a letter a line


def test_hard_line_break_ends_a_line_without_indent_after_it() -> None:
    lines = break_paragraph("一二三\n四五六七八九十一二三四五", grid(10, indent=2), adv)
    assert [line.text for line in lines] == ["一二三", "四五六七八九十一二三", "四五"]
    assert lines[0].last  # set like a paragraph's end: natural spacing


# ------------------------------------------------------------------------------ punctuation compression

# Ink sides as fontTools reads them in Noto Serif CJK SC (stops and closing marks on the left half,
# opening marks on the right) and in a Taiwan-style face, whose stops sit in the middle of the em.
SC_INK = {ch: "left" for ch in "、。，；：？！）】」』》〉〕”’"} | {ch: "right" for ch in "“‘《〈（【〔「『"}
TW_INK = SC_INK | {ch: "centre" for ch in "、。，；：？！"}
SENTENCE = "他说：“好。”然后，“《规划》、《纲要》”都已印发。"


def fw(ch: str, script: str = "han") -> float:
    """As `adv`, but with the curly quotes full width, as Chinese fonts set them."""
    return SIZE if ch in "“”‘’" else adv(ch, script)


def sc(ch: str) -> str:
    return SC_INK.get(ch, "")


def tw(ch: str) -> str:
    return TW_INK.get(ch, "")


def compressing(m: Measure, ink: typeset.Ink = sc) -> Measure:
    return replace(m, ink=ink)


def test_pairs_of_adjacent_marks() -> None:
    found = {SENTENCE[i : i + 2] for i in typeset.pairs(SENTENCE, sc)}
    assert found == {"：“", "。”", "，“", "“《", "》、", "、《", "》”"}
    for pair in ("。”", "”，", "）。", "》、", "、《", "，“", "“‘", "’”", "”“"):
        assert typeset.pairs(pair, sc) == {0}, pair
    for no_pair in ("“”", "（）", "《》", "‘’", "一。", "“一", "。一", "——", "……", "·“"):
        assert typeset.pairs(no_pair, sc) == frozenset(), no_pair
    assert typeset.pairs("》、《", sc) == {0, 1}  # three marks in two ems
    assert typeset.pairs(SENTENCE, None) == frozenset()  # no font information: nothing is compressed


def test_centred_marks_are_not_compressed() -> None:
    # ：“ still pairs (the quote's left half is blank), ？” does not (neither has a blank half between).
    assert typeset.pairs("：“", tw) == {0}
    assert typeset.pairs("？”", tw) == frozenset()
    assert typeset.pairs("！？", tw) == frozenset()
    assert typeset.pairs("”？", tw) == {0}  # the closing quote's right half goes


def test_a_compressed_pair_takes_one_and_a_half_ems() -> None:
    cuts = typeset.pairs("一。”二", sc)
    assert typeset.line_natural("一。”二", fw, cuts, SIZE / 2) == pytest.approx(3.5 * SIZE)
    assert typeset.line_natural("》、《", fw, typeset.pairs("》、《", sc), SIZE / 2) == pytest.approx(2 * SIZE)
    m = compressing(grid(10))
    (line,) = break_paragraph("一。”二", m, fw)
    assert line.natural == pytest.approx(3.5 * SIZE) and line.compressed == {1}


def test_compressed_lines_hold_more_and_stay_flush() -> None:
    # Two pairs free a whole em: an 11-character line on a 10-cell grid, still exactly the measure wide.
    text = "一二“《三四》”五六七" + "八九十一二三四五六七八九十"
    m = compressing(grid(10))
    lines = break_paragraph(text, m, fw)
    assert lines[0].text == "一二“《三四》”五六七"
    assert break_paragraph(text, grid(10), fw)[0].text == "一二“《三四》”五六"  # without compression
    for line in lines[:-1]:
        assert line.width == pytest.approx(m.width, abs=1e-6)
    assert "".join(line.text for line in lines) == text


def test_a_pair_split_by_the_line_end_is_not_compressed() -> None:
    m = compressing(grid(10))
    lines = break_paragraph("一二三四五六七八九，“十一二”", m, fw)
    assert lines[0].text == "一二三四五六七八九，"
    assert lines[0].compressed == frozenset() and lines[1].compressed == frozenset()


def test_compression_is_a_negative_margin_between_boxes() -> None:
    m = compressing(grid(12))
    lines = break_paragraph("他说：“好。”然后走了一二三四五六七八九十", m, fw)
    html = typeset.line_html(lines[0])
    spans = html.split("</span>")[:-1]
    squeezed = [s for s in spans if f"margin-right:{typeset._fmt(-SIZE / 2)}" in s]
    assert [s[-1] for s in squeezed] == ["：", "。"]  # each box ends at the first mark of a pair
    # Nothing is added or removed: the spans' text is the line's.
    assert "".join(s.rsplit(">", 1)[-1] for s in spans) == lines[0].text


def test_a_dash_does_not_hide_a_pair_in_its_box() -> None:
    cuts = typeset.pairs("版）》——人", sc)
    assert cuts == {1}
    gs = groups("版）》——人", cuts)
    assert [(g.text, g.tight, g.squeeze) for g in gs] == [("版）", False, True), ("》——人", True, False)]
    # At a line's end nothing follows to lend the dash a letter: the pair gives way.
    gs = groups("版）》——", typeset.pairs("版）》——", sc))
    assert [(g.text, g.squeeze) for g in gs] == [("版）》——", False)]
    assert typeset.line_natural("版）》——", fw, typeset.pairs("版）》——", sc), SIZE / 2) == pytest.approx(5 * SIZE)
