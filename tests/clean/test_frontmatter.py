"""paiban.clean.frontmatter: each field picked by its named rank of evidence."""

from __future__ import annotations

import pytest

from paiban.clean import chrome as bp
from paiban.clean.evidence import Evidence
from paiban.clean.frontmatter import AUTHOR_RANK, DATE_RANK, SITE_STAMPS, fill, pick_speaker
from paiban.model import Block, LogEntry, Meta

TEXT = Block("paragraph", "现将有关事项通知如下，请各单位认真贯彻执行，确保各项工作落到实处。")
CLOSING = Block("closing", lines=["某某市人民政府", "2024年3月1日"])


def _fill(meta: Meta, title_lines: list[str], blocks: list[Block], ev: Evidence) -> list[str]:
    log: list[LogEntry] = []
    fill(meta, title_lines, blocks, ev, bp.load_vocab(), log)
    return [e.format() for e in log]


def test_the_documents_signature_outranks_the_sites_stamp_and_owner() -> None:
    meta = Meta()
    log = _fill(
        meta,
        ["关于做好春季森林防火工作的通知"],
        [TEXT, CLOSING],
        Evidence(publish_date="2024-03-05", copyright_owner="某某市人民政府办公室"),
    )
    assert (meta.title, meta.date, meta.author) == ("关于做好春季森林防火工作的通知", "2024-03-01", "某某市人民政府")
    assert log == [
        "info: date from the signature date «2024-03-01»",
        "info: author from the signature «某某市人民政府»",
    ]


def test_a_reposts_stamp_does_not_date_the_document() -> None:
    meta = Meta(doc_number="国办发〔2016〕63号")
    log = _fill(meta, ["关于做好春季森林防火工作的意见"], [TEXT], Evidence(publish_date="2017-05-11"))
    assert meta.date == ""
    assert "info: page date 2017-05-11 ignored: a repost of a document numbered 2016" in log
    meta = Meta(doc_number="国办发〔2016〕63号")
    _fill(meta, ["关于做好春季森林防火工作的意见"], [TEXT], Evidence(publish_date="2016-12-11"))
    assert meta.date == "2016-12-11"  # posted the year it was numbered: the stamp may date it


def test_the_title_from_the_pages_metadata_when_no_line_is_one() -> None:
    meta = Meta()
    log = _fill(meta, [], [TEXT], Evidence(page={"page-title": "首页_关于做好春季森林防火工作的通知_某某网"}))
    assert meta.title == "关于做好春季森林防火工作的通知"
    assert log[0] == "info: title from the page metadata (not in the text) «关于做好春季森林防火工作的通知»"


def test_two_title_lines_are_kept_one_is_not() -> None:
    meta = Meta()
    _fill(meta, ["某某市人民政府办公室", "关于做好春季森林防火工作的通知"], [TEXT], Evidence())
    assert meta.title_lines == ["某某市人民政府办公室", "关于做好春季森林防火工作的通知"]
    assert meta.title == "".join(meta.title_lines)


@pytest.mark.parametrize(
    ("title", "speaker"),
    [
        ("王建国同志在全市经济工作会议上的讲话", "王建国"),
        ("在全市经济工作会议上的讲话（王建国）", "王建国"),
        ("在全市经济工作会议上的讲话（全文）", ""),  # the text's kind, not a name
    ],
)
def test_a_speaker_named_in_the_title(title: str, speaker: str) -> None:
    meta = Meta(title=title)
    pick_speaker(meta, [])
    assert meta.speaker == speaker


def test_the_ranks_name_each_kind_of_evidence_once() -> None:
    assert len(set(DATE_RANK)) == len(DATE_RANK) and len(set(AUTHOR_RANK)) == len(AUTHOR_RANK)
    assert set(DATE_RANK[-len(SITE_STAMPS) :]) == SITE_STAMPS  # the site's stamps rank last
