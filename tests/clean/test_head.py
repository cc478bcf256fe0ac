"""paiban.clean.head: the lines before the text → title lines, subtitle, speaker, date, doc-number."""

from __future__ import annotations

from paiban.clean import chrome as bp
from paiban.clean.blocks import PageLine
from paiban.clean.evidence import Evidence
from paiban.clean.head import read_head
from paiban.clean.ledger import Ledger
from paiban.model import Meta

TITLE = "关于做好春季森林防火工作的通知"


def _read(*texts: str, ev: Evidence | None = None) -> tuple[list[str], list[int], Meta, Ledger]:
    lines = [PageLine(t, n) for n, t in enumerate(texts, start=1)]
    ledger = Ledger(lines, [])
    meta = Meta()
    title_lines, keep = read_head(lines, list(range(len(lines))), bp.load_vocab(), ev or Evidence(), meta, ledger)
    return title_lines, keep, meta, ledger


def test_the_title_under_the_sites_leftovers_and_the_fields_by_shape() -> None:
    ev = Evidence(page={"page-title": f"{TITLE}_某某市人民政府网"})
    title_lines, keep, meta, ledger = _read(
        f"{TITLE}_某某市人民政府网", "首页 新闻 政务 服务 互动", TITLE, "某政发〔2024〕3号", "2024年3月1日", ev=ev
    )
    assert title_lines == [TITLE] and keep == []
    assert (meta.doc_number, meta.date) == ("某政发〔2024〕3号", "2024-03-01")
    assert [(r.line_no, r.reason) for r in ledger.removals] == [
        (2, "navigation bar (shape: a row of short items, before the start of the document)"),
        (1, "page title repeated"),
    ]
    assert [e.text for e in ledger.log if e.reason == "title line → front matter"] == [TITLE]


def test_subtitle_and_speaker_under_the_title() -> None:
    title_lines, _keep, meta, _ledger = _read("在全市森林防火工作会议上的讲话", "——2024年3月1日", "王建国")
    assert title_lines == ["在全市森林防火工作会议上的讲话"]
    assert meta.speaker == "王建国"


def test_a_date_above_the_title_is_the_pages_stamp() -> None:
    title_lines, _keep, meta, ledger = _read("中国某某网", "2024年3月5日", TITLE)
    assert title_lines == [TITLE] and meta.date == ""
    assert [(r.text, r.reason.split(" (")[0]) for r in ledger.removals] == [
        ("中国某某网", "before the title"),
        ("2024年3月5日", "date before the title"),
    ]


def test_a_date_under_the_title_is_the_documents() -> None:
    _title, _keep, meta, _ledger = _read("中国某某网", TITLE, "2024年3月5日")
    assert (meta.date, meta.subtitle) == ("2024-03-05", "2024年3月5日")  # written out: it prints


def test_a_repost_note_is_evidence_not_the_title() -> None:
    ev = Evidence()
    title_lines, _keep, _meta, ledger = _read(f"原标题：{TITLE}", TITLE, ev=ev)
    assert title_lines == [TITLE]
    assert ev.page["original-title"] == TITLE
    assert ledger.removals[0].reason == "original headline of a repost (原标题)"


def test_a_letterhead_names_the_author() -> None:
    _title, _keep, meta, _ledger = _read("某某市人民政府文件", "某政发〔2024〕3号", TITLE)
    assert meta.author == "某某市人民政府"
