"""The meeting pack: page order and counts, odd-page starts, blank pages, TOC numbers, bookmarks."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from paiban.errors import PaibanError
from paiban.markdown import load
from paiban.model import Meta
from paiban.publish.pack import (
    load_pack_config,
    meeting_pack,
    pack_from_dist,
    parse_pack_config,
    plan,
    toc_lines,
)
from paiban.render.pdf.document import render_pdf
from paiban.theme import Theme

MEETING = "政协第九届四平市委员会\n第三次会议"


def doc_pdf(tag: str, pages: int) -> bytes:
    """A document whose page i carries the token `{tag}P{i}`; its title is the h1, sections h2/h3."""
    body = [f"<h1>{tag}标题</h1><p>{tag}P1</p>"]
    for i in range(2, pages + 1):
        body.append(f"<h2 style='break-before: page'>一、{tag}第{i}节</h2><h3>（一）{tag}小节{i}</h3><p>{tag}P{i}</p>")
    page = (
        "<html lang='zh-CN'><style>@page{size:A4;margin:30mm} body{font-family:'Noto Serif CJK SC'}"
        "</style><body>" + "".join(body) + "</body></html>"
    )
    return bytes(HTML(string=page).write_pdf())


DOCS = [("甲", 1), ("乙", 2), ("丙", 3), ("丁", 4)]


@pytest.fixture(scope="module")
def docs() -> list[tuple[Meta, bytes]]:
    out = []
    for tag, pages in DOCS:
        meta = Meta(title=f"{tag}标题", date="2024-01-0" + str(pages), author="某市政协")
        out.append((meta, doc_pdf(tag, pages)))
    return out


@pytest.fixture(scope="module")
def pack(docs: list[tuple[Meta, bytes]], theme: Theme) -> bytes:
    return meeting_pack(docs, MEETING, "2024-01-10", theme)


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


TOC_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


def toc_entries(texts: list[str]) -> list[tuple[str, int]]:
    entries = []
    for text in texts:
        for line in text.splitlines():
            m = TOC_LINE.match(line.strip())
            if m:
                entries.append((m["title"], int(m["page"])))
    return entries


def outline_tree(reader: PdfReader) -> list[tuple[str, int, list[Any]]]:
    def walk(items: list[Any]) -> list[tuple[str, int, list[Any]]]:
        out: list[tuple[str, int, list[Any]]] = []
        for item in items:
            if isinstance(item, list):
                out[-1][2].extend(walk(item))
            else:
                number = reader.get_destination_page_number(item)
                assert number is not None, item.title
                out.append((item.title, number + 1, []))
        return out

    return walk(reader.outline)


# ----------------------------------------------------------------------------------------- layout


def test_plan_starts_every_part_on_an_odd_page() -> None:
    layout = plan(cover_pages=1, toc_pages=1, page_counts=[1, 2, 3, 4])
    assert layout.toc_start == 3
    assert layout.starts == (5, 7, 9, 13)
    assert layout.total == 16
    layout = plan(cover_pages=1, toc_pages=3, page_counts=[5])
    assert layout.toc_start == 3 and layout.starts == (7,) and layout.total == 12
    assert all(s % 2 == 1 for s in plan(2, 2, [7, 1, 2, 9, 4]).starts)


def test_page_order_counts_and_blank_versos(pack: bytes) -> None:
    texts = page_texts(pack)
    assert len(texts) == 16 == len(PdfReader(io.BytesIO(pack)).pages)
    expected: dict[int, str] = {5: "甲P1", 7: "乙P1", 8: "乙P2", 9: "丙P1", 10: "丙P2", 11: "丙P3"}
    expected.update({13: "丁P1", 14: "丁P2", 15: "丁P3", 16: "丁P4"})
    for page, token in expected.items():
        assert token in texts[page - 1], (page, texts[page - 1])
    # Every document page appears exactly once, in order.
    tokens = [t for text in texts for t in re.findall(r"[甲乙丙丁]P\d", text)]
    assert tokens == ["甲P1", "乙P1", "乙P2", "丙P1", "丙P2", "丙P3", "丁P1", "丁P2", "丁P3", "丁P4"]
    # Blank pages: nothing on them (no text, no drawing, no page number), A4.
    reader = PdfReader(io.BytesIO(pack))
    for number in (2, 4, 6, 12):
        assert texts[number - 1] == ""
        contents = reader.pages[number - 1].get_contents()
        assert contents is None or not contents.get_data()
    for sheet in reader.pages:
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (595, 842)


def test_cover_has_meeting_and_date_in_theme_fonts(pack: bytes, theme: Theme) -> None:
    with pdfplumber.open(io.BytesIO(pack)) as doc:
        cover = doc.pages[0]
        text = cover.extract_text()
        chars = cover.chars
    assert "政协第九届四平市委员会" in text and "第三次会议" in text and "2024年1月10日" in text
    title_chars = [c for c in chars if c["text"] in "政协第九届四平市委员会第三次会议"]
    assert {round(c["size"]) for c in title_chars} == {round(theme.roles["title"].size_pt)}

    # The font is one of the theme's title stack (PDF names drop spaces and use hyphens).
    def squash(name: str) -> str:
        return re.sub(r"[\s_-]", "", name).lower()

    stack = [squash(f) for f in theme.stack("title")]
    assert all(any(f in squash(c["fontname"]) for f in stack) for c in title_chars)
    date_chars = [c for c in chars if c["text"] in "年月日"]
    byline = [squash(f) for f in theme.stack("byline")]
    assert date_chars and all(any(f in squash(c["fontname"]) for f in byline) for c in date_chars)


def test_toc_numbers_match_where_documents_start(pack: bytes) -> None:
    texts = page_texts(pack)
    assert texts[2].replace(" ", "").startswith("目录")
    entries = toc_entries(texts[2:3])
    assert [title for title, _ in entries] == ["甲标题", "乙标题", "丙标题", "丁标题"]
    for title, page in entries:
        assert page % 2 == 1
        tag = title[0]
        assert f"{tag}P1" in texts[page - 1] and f"{tag}标题" in texts[page - 1]
        assert f"{tag}P1" not in "".join(texts[: page - 1])


def test_toc_entries_link_to_their_documents(pack: bytes) -> None:
    reader = PdfReader(io.BytesIO(pack))
    targets = []
    for annot in reader.pages[2].get("/Annots") or []:
        a = annot.get_object()
        dest = a.get("/Dest")
        if dest is not None:
            number = reader.get_page_number(dest[0].get_object())
            assert number is not None, dest
            targets.append(number + 1)
    assert sorted(targets) == [5, 7, 9, 13]


def test_bookmarks_nest_per_document(pack: bytes) -> None:
    tree = outline_tree(PdfReader(io.BytesIO(pack)))
    assert [(t, p) for t, p, _ in tree] == [("目录", 3), ("甲标题", 5), ("乙标题", 7), ("丙标题", 9), ("丁标题", 13)]
    by_title = {t: kids for t, _, kids in tree}
    assert by_title["甲标题"] == []  # a one-page document with only its title: the title is folded in
    assert by_title["乙标题"] == [("一、乙第2节", 8, [("（一）乙小节2", 8, [])])]
    assert [(t, p) for t, p, _ in by_title["丁标题"]] == [("一、丁第2节", 14), ("一、丁第3节", 15), ("一、丁第4节", 16)]
    assert all(len(kids) == 1 for _, _, kids in by_title["丁标题"])


def test_long_contents_spans_pages_and_numbers_still_match(theme: Theme) -> None:
    one = doc_pdf("页", 1)
    three = doc_pdf("页", 3)
    docs = [(Meta(title=f"第{i:02d}号文件关于某项工作的通知"), three if i % 3 == 0 else one) for i in range(1, 41)]
    pack = meeting_pack(docs, "大会", "2024-03-01", theme)
    texts = page_texts(pack)
    toc_pages = [i for i, t in enumerate(texts) if "第01号文件" in t or (i > 1 and "......" in t)]
    assert len(toc_pages) >= 2 and toc_pages[0] == 2  # the contents runs over pages
    entries = toc_entries(texts[2 : 2 + len(toc_pages)])
    assert len(entries) == 40
    starts = [p for _, p in entries]
    assert starts == sorted(starts) and all(p % 2 == 1 for p in starts)
    first_doc = starts[0]
    assert first_doc == 3 + len(toc_pages) + len(toc_pages) % 2
    for (title, page), (meta, pdf) in zip(entries, docs, strict=True):
        assert title == meta.title
        assert "页标题" in texts[page - 1]
        n = len(PdfReader(io.BytesIO(pdf)).pages)
        assert texts[page - 2] == "" or page == first_doc  # the page before a start is a blank verso
        assert all("页P" in texts[page - 1 + k] for k in range(n))
    assert len(texts) == starts[-1] + 1  # last document has one page, padded by a blank


def test_pack_is_reproducible(docs: list[tuple[Meta, bytes]], theme: Theme, pack: bytes) -> None:
    assert meeting_pack(docs, MEETING, "2024-01-10", theme) == pack


def test_pack_metadata_and_viewer_hints(pack: bytes) -> None:
    reader = PdfReader(io.BytesIO(pack))
    assert reader.metadata is not None and reader.metadata.title == "政协第九届四平市委员会 第三次会议"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipLongEdge" and prefs["/PrintScaling"] == "/None"


def test_empty_pack_is_an_error(theme: Theme) -> None:
    with pytest.raises(ValueError):
        meeting_pack([], "会", "", theme)


# ------------------------------------------------------------------------------- config, adapter


def test_pack_config() -> None:
    cfg = parse_pack_config({"meeting": " 全体会议 ", "date": "2024-01-10", "documents": ["甲", "乙 丙"]})
    assert (cfg.meeting, cfg.date, cfg.documents) == ("全体会议", "2024-01-10", ("甲", "乙 丙"))
    assert parse_pack_config({"meeting": "会"}).documents is None
    import datetime

    assert parse_pack_config({"meeting": "会", "date": datetime.date(2024, 1, 2)}).date == "2024-01-02"
    for bad in (
        {},
        {"meeting": ""},
        {"meeting": "会", "date": "2024/1/2"},
        {"meeting": "会", "extra": 1},
        {"meeting": "会", "documents": "甲"},
        ["meeting"],
    ):
        with pytest.raises(PaibanError, match="pack config"):
            parse_pack_config(bad)


def test_pack_from_dist_and_config_file(tmp_path: Path, theme: Theme) -> None:
    for tag, date in (("甲", "2024-01-02"), ("乙", "2024-01-05")):
        # Names sort by code point (乙 U+4E59 before 甲 U+7532); a number prefix sets the order.
        name = {"甲": "1 甲 文件", "乙": "2 乙 文件"}[tag]
        (tmp_path / f"{name}.md").write_text(
            f"---\ntitle: {tag}标题\ndate: '{date}'\n---\n\n正文。\n", encoding="utf-8"
        )
        md = (tmp_path / f"{name}.md").read_text(encoding="utf-8")
        (tmp_path / f"{name}.pdf").write_bytes(render_pdf(load(md), theme))
    cfg_path = tmp_path / "pack.yaml"
    cfg_path.write_text("meeting: 常委会议\ndocuments:\n  - 2 乙 文件\n  - 1 甲 文件\n", encoding="utf-8")
    cfg = load_pack_config(cfg_path)
    pack = pack_from_dist(tmp_path, theme, cfg.meeting, cfg.date, list(cfg.documents or []))
    texts = page_texts(pack)
    assert "2024年1月5日" in texts[0]  # no date given: the newest document's
    assert [t for t, _ in toc_entries(texts[2:3])] == ["乙标题", "甲标题"]
    default = page_texts(pack_from_dist(tmp_path, theme, "会"))
    assert [t for t, _ in toc_entries(default[2:3])] == ["甲标题", "乙标题"]  # name order
    with pytest.raises(PaibanError, match="丙"):
        pack_from_dist(tmp_path, theme, "会", names=["丙"])
    (tmp_path / "bad.yaml").write_text("meeting: [\n", encoding="utf-8")
    with pytest.raises(PaibanError, match=r"bad\.yaml"):
        load_pack_config(tmp_path / "bad.yaml")


def test_cover_and_contents_use_the_theme_fonts_folder(
    tmp_path: Path, theme: Theme, docs: list[tuple[Meta, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Licensed fonts dropped into styles/fonts/ are loaded by file (and nothing else is fetched)."""
    import dataclasses
    import shutil

    from paiban.publish import pack as pack_module

    source = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
    if not source.exists():
        pytest.skip("DejaVu Serif Bold is not installed")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(source, fonts / "licensed-title.ttf")
    custom = dataclasses.replace(theme, fonts={**theme.fonts, "xiaobiaosong": ("DejaVu Serif", "Noto Serif CJK SC")})
    fetched: list[str] = []
    original = pack_module._FontOnlyFetch.fetch

    def spy(self: Any, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pack_module._FontOnlyFetch, "fetch", spy)
    pdf = meeting_pack(docs[:1], "Session 3 大会", "2024-01-10", custom, fonts_dir=fonts)
    assert fetched and all(u.endswith("licensed-title.ttf") for u in fetched)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        latin = [c for c in doc.pages[0].chars if c["text"] in "Session"]
    assert latin and all("DejaVuSerif" in c["fontname"].replace("-", "") for c in latin)
    # A hostile URL in the meeting name is text, never a fetch.
    fetched.clear()
    meeting_pack(docs[:1], '<img src="file:///etc/passwd">', "", custom, fonts_dir=fonts)
    assert all(u.endswith("licensed-title.ttf") for u in fetched)


def test_contents_titles_break_between_words_never_leaving_one_character(theme: Theme) -> None:
    capacity = theme.chars_per_line - 4
    seed = Meta(title_lines=["中国人民政治协商会议", "四平市第九届委员会常务委员会工作报告"])
    assert toc_lines(seed, capacity) == ["中国人民政治协商会议", "四平市第九届委员会常务委员会工作报告"]
    long_title = "国务院办公厅关于印发推动大规模设备更新和消费品以旧换新行动方案的通知"
    lines = toc_lines(Meta(title=long_title), capacity)
    assert "".join(lines) == long_title and len(lines) == 2
    assert all(2 <= len(line) <= capacity for line in lines)
    assert toc_lines(Meta(title="关于开展检查的通知"), capacity) == ["关于开展检查的通知"]


def test_contents_entry_last_line_is_never_a_lone_character(theme: Theme) -> None:
    title = "中国人民政治协商会议四平市第九届委员会常务委员会工作报告"  # 28 characters: one line too many
    pdf = meeting_pack([(Meta(title=title), doc_pdf("甲", 1))], "会议", "2024-02-06", theme)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        toc_text = doc.pages[2].extract_text()
    lines = [re.sub(r"[.·…\s\d]", "", x) for x in toc_text.splitlines()]
    assert all(len(x) != 1 for x in lines), toc_text


def test_pack_numbers_run_straight_through_and_match_the_contents(tmp_path: Path, theme: Theme) -> None:
    # Issue 12: three documents used to print `— 1 —` each while the contents cited pages 5, 7, 9.
    # Fifteen two-line paragraphs: two pages each, so every document has a page after its first to number.
    body = "".join(
        f"第{i}段　各地区各部门要认真贯彻落实，确保各项任务落到实处，推动工作取得新成效。\n\n" for i in range(15)
    )
    for name, title in (("a", "甲文件"), ("b", "乙文件"), ("c", "丙文件")):
        md = f"---\ntitle: {title}\ndate: '2024-01-02'\n---\n\n{body}"
        (tmp_path / f"{name}.md").write_text(md, encoding="utf-8")
        (tmp_path / f"{name}.pdf").write_bytes(render_pdf(load(md), theme))
    texts = page_texts(pack_from_dist(tmp_path, theme, "会议"))
    printed = {i + 1: int(m[1]) for i, t in enumerate(texts) if (m := re.search(r"—\s*(\d+)\s*—\s*$", t.strip()))}
    assert printed and all(number == page for page, number in printed.items()), printed
    starts = {title: page for title, page in toc_entries(texts[2:3])}
    assert list(starts) == ["甲文件", "乙文件", "丙文件"]
    for title, page in starts.items():
        assert title in texts[page - 1] and printed[page] == page
    assert len(printed) == sum(1 for t in texts if "各地区各部门" in t) >= 6  # every document page is numbered
