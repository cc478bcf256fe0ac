"""paiban.clean.tail: the site's tail after the document goes; the document's own tail stays."""

from __future__ import annotations

from paiban.clean import chrome as bp
from paiban.clean.blocks import PageLine
from paiban.clean.evidence import Evidence
from paiban.clean.ledger import Ledger
from paiban.clean.tail import after_signature, after_the_text, cut_at_tail_opener, line_weight, own_tail, trim_tail

TEXT = [
    "现将有关事项通知如下，请各单位认真贯彻执行，确保各项工作落到实处。",
    "各地要加强组织领导，压实工作责任，及时报告工作进展。",
]
SIGNATURE = ["某某市人民政府", "2024年3月1日"]


def _page(*tail: str) -> tuple[list[PageLine], list[int], Ledger]:
    lines = [PageLine(t, n) for n, t in enumerate([*TEXT, *SIGNATURE, *tail], start=1)]
    return lines, list(range(len(lines))), Ledger(lines, [])


def _texts(lines: list[PageLine], body: list[int]) -> list[str]:
    return [lines[i].text for i in body]


def test_everything_after_a_tail_opener_goes_but_the_documents_own_tail() -> None:
    lines, body, ledger = _page("相关新闻", "某某区召开春季防火工作会议", "附件：实施方案", "打印本页")
    kept = cut_at_tail_opener(lines, body, bp.load_vocab(), ledger)
    assert _texts(lines, kept) == [*TEXT, *SIGNATURE, "附件：实施方案"]
    assert [r.line_no for r in ledger.removals] == [5, 6, 8]
    assert ledger.removals[0].reason == "after `相关新闻` (the site's tail)"


def test_trailing_chrome_and_the_short_lines_among_it_go_up_to_the_date() -> None:
    lines, body, ledger = _page("政务服务", "主办单位：某某市人民政府办公室", "网站地图")
    ev = Evidence()
    kept = trim_tail(lines, body, bp.load_vocab(), ev, ledger)
    assert _texts(lines, kept) == [*TEXT, *SIGNATURE]
    assert [r.reason for r in ledger.removals] == [
        "navigation (after the end of the document)",
        "footer (after the end of the document)",
        "short line among the chrome after the end of the document",
    ]
    assert ev.copyright_owner == "某某市人民政府办公室"  # the footer's evidence is kept


def test_trimming_stops_at_the_documents_own_tail() -> None:
    lines, body, ledger = _page("附件：实施方案", "网站地图")
    kept = trim_tail(lines, body, bp.load_vocab(), Evidence(), ledger)
    assert _texts(lines, kept)[-1] == "附件：实施方案"


def test_after_a_signature_and_date_only_the_own_tail_stays() -> None:
    lines, body, ledger = _page("回复", "支持楼主", "抄送：市委办公室")
    kept = after_signature(lines, body, bp.load_vocab(), ledger)
    assert _texts(lines, kept) == [*TEXT, *SIGNATURE, "抄送：市委办公室"]


def test_text_of_weight_after_a_signature_is_a_forwarded_document() -> None:
    plan = "为切实做好春季森林防火工作，保护人民群众生命财产安全，结合本市实际，制定本方案。" * 2
    lines, body, ledger = _page("某某市春季森林防火工作方案", plan, plan)
    assert after_signature(lines, body, bp.load_vocab(), ledger) == body
    assert not ledger.removals


def test_line_weight_rewards_sentences_and_charges_menu_items() -> None:
    assert line_weight(PageLine(TEXT[0])) == len(TEXT[0])
    assert line_weight(PageLine("特此通知。")) == 5  # finished, however short
    assert line_weight(PageLine("政务公开")) < 0
    assert line_weight(PageLine("一、总体要求")) == line_weight(PageLine("2024年3月1日")) == 0
    assert line_weight(PageLine("", rows=[["项目"]])) == 0


def test_after_the_running_text_menus_go_and_the_signature_stays() -> None:
    lines, body, ledger = _page("政务公开", "政务服务", "互动交流", "附件：实施方案")
    kept = after_the_text(lines, body, bp.load_vocab(), ledger)
    assert _texts(lines, kept) == [*TEXT, *SIGNATURE, "附件：实施方案"]
    assert {r.text for r in ledger.removals} == {"政务公开", "政务服务", "互动交流"}


def test_own_tail() -> None:
    vocab = bp.load_vocab()
    assert own_tail(vocab, "抄送：市委办公室") and own_tail(vocab, "附件：实施方案")
    assert not own_tail(vocab, "网站地图")
