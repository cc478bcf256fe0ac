"""The download page: structure, encoded links, order, checksums, page counts, thumbnails."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import cast
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from PIL import Image
from pypdf import PdfWriter

from paiban.errors import PaibanError
from paiban.model import Meta
from paiban.publish.index_page import (
    DocEntry,
    FileInfo,
    build_index,
    collect_entries,
    document_names,
    file_info,
    href,
    index_html,
    newest_first,
    png_data_uri,
    thumbnail_png,
)
from tests.project import THEME

QUOTED = '张 三"报告'  # a Chinese name with a space and a double quote
LOOK = THEME.download_page


def blank_pdf(pages: int) -> bytes:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(595.28, 841.89)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def text_pdf(text: str) -> bytes:
    from weasyprint import HTML

    page = (
        "<html lang='zh-CN'><style>@page{size:A4;margin:20mm} body{font-family:'Noto Serif CJK SC';"
        "font-size:40pt}</style><body>" + f"<h1>{text}</h1><p>{'正文内容' * 40}</p></body></html>"
    )
    return bytes(HTML(string=page).write_pdf())


def markdown(title_lines: list[str], date: str, subtitle: str = "", author: str = "某市政协") -> bytes:
    lines = ["---", f"title: {''.join(title_lines)}"]
    if len(title_lines) > 1:
        lines.append("title-lines:")
        lines += [f"- {x}" for x in title_lines]
    if subtitle:
        lines.append(f"subtitle: {subtitle}")
    lines.append(f"author: {author}")
    if date:
        lines.append(f"date: '{date}'")
    lines += ["---", "", "正文。", ""]
    return "\n".join(lines).encode("utf-8")


def entry(name: str, date: str, title: str | None = None, **files: FileInfo) -> DocEntry:
    return DocEntry(name=name, meta=Meta(title=title or name, date=date, author="某市政协"), files=dict(files))


def parse(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


# ---------------------------------------------------------------------------------------------- pure


def test_page_structure_lang_no_script_no_external_urls() -> None:
    e = DocEntry(
        name="工作报告",
        meta=Meta(
            title="中国人民政治协商会议四平市第九届委员会常务委员会工作报告",
            title_lines=["中国人民政治协商会议", "四平市第九届委员会常务委员会工作报告"],
            subtitle="——2024年1月在政协第九届四平市委员会第三次会议上",
            author="四平市政协",
            date="2024-02-06",
        ),
        files={
            "pdf": FileInfo("工作报告.pdf", 123456, "a" * 64, pages=12),
            "docx": FileInfo("工作报告.docx", 2048, "b" * 64),
            "epub": FileInfo("工作报告.epub", 4096, "c" * 64),
            "md": FileInfo("工作报告.md", 512, "d" * 64),
        },
    )
    page = index_html([e], {"工作报告": png_data_uri(b"\x89PNG fake")}, LOOK)
    root = parse(page)
    assert root.get("lang") == "zh-CN"
    assert root.xpath("//meta[@charset='utf-8']") and root.xpath("//meta[@name='viewport']")
    assert not root.xpath("//script") and "<script" not in page.lower()
    assert all(link.get("href").startswith("data:") for link in root.xpath("//link"))  # only the icon
    assert "@import" not in page
    for el in root.xpath("//*[@href or @src]"):
        url = el.get("href") or el.get("src")
        assert url.startswith("data:") or (not urlsplit(url).scheme and not url.startswith("//")), url
    (art,) = root.xpath("//article[@class='doc']")
    assert [s.text for s in art.xpath(".//h2/span[@class='title-line']")] == e.meta.title_lines
    assert art.xpath("string(.//p[@class='subtitle'])") == e.meta.subtitle
    byline = art.xpath("string(.//p[@class='byline'])")
    assert "四平市政协" in byline and "2024年2月6日" in byline
    assert art.xpath(".//time/@datetime") == ["2024-02-06"]
    links = {a.get("class"): a for a in art.xpath(".//ul[@class='files']//a")}
    assert list(links) == ["pdf", "docx", "epub", "md"]
    assert links["pdf"].get("href") == "%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A.pdf"
    assert "12 页" in links["pdf"].text_content() and "120.6 KB" in links["pdf"].text_content()
    assert "页" not in links["docx"].text_content() and "2.0 KB" in links["docx"].text_content()
    sums = {dd.get("data-format"): dd.text for dd in art.xpath(".//dd[@class='sha256']")}
    assert sums == {"pdf": "a" * 64, "docx": "b" * 64, "epub": "c" * 64, "md": "d" * 64}
    (img,) = art.xpath(".//img")
    assert img.get("src").startswith("data:image/png;base64,") and img.get("alt")


def test_links_are_percent_encoded_for_chinese_space_and_quote_names() -> None:
    files = {s: FileInfo(f"{QUOTED}.{s}", 10, "0" * 64) for s in ("pdf", "docx", "epub", "md")}
    page = index_html([DocEntry(QUOTED, Meta(title="报告"), files)], {}, LOOK)
    root = parse(page)
    hrefs = root.xpath("//ul[@class='files']//a/@href")
    assert hrefs == [
        "%E5%BC%A0%20%E4%B8%89%22%E6%8A%A5%E5%91%8A.pdf",
        "%E5%BC%A0%20%E4%B8%89%22%E6%8A%A5%E5%91%8A.docx",
        "%E5%BC%A0%20%E4%B8%89%22%E6%8A%A5%E5%91%8A.epub",
        "%E5%BC%A0%20%E4%B8%89%22%E6%8A%A5%E5%91%8A.md",
    ]
    assert [unquote(h) for h in hrefs] == [f"{QUOTED}.{s}" for s in ("pdf", "docx", "epub", "md")]
    # The raw attribute never holds a bare quote or space that could end or split it.
    assert 'href="%E5%BC%A0%20%E4%B8%89%22%E6%8A%A5%E5%91%8A.pdf"' in page
    # Other awkward names: '#', '?', '%', '&', a leading '-' and '/' stay inside the one file name.
    for name in ("a#b?c", "100%", "x&y", "-lead", "a/b"):
        assert unquote(href(name)) == name and "/" not in href(name) and "#" not in href(name)


def test_text_from_documents_is_escaped_never_markup() -> None:
    e = entry("x", "2024-01-01", title="<script>alert(1)</script><img src=http://evil/>")
    e.meta.subtitle = '"><b>粗</b>'
    root = parse(index_html([e], {}, LOOK))
    assert not root.xpath("//script") and not root.xpath("//b") and not root.xpath("//img")
    assert "<script>alert(1)</script>" in root.xpath("string(//h2)")


def test_newest_first_undated_last_ties_by_name() -> None:
    entries = [
        entry("乙", "2023-05-01"),
        entry("无日期", ""),
        entry("甲", "2024-02-06"),
        entry("丙", "2023-05-01"),
        entry("旧", "2019-12-31"),
    ]
    assert [e.name for e in newest_first(entries)] == ["甲", "丙", "乙", "旧", "无日期"]
    root = parse(index_html(entries, {}, LOOK))
    assert [a.xpath("string(.//h2)") for a in root.xpath("//article")] == ["甲", "丙", "乙", "旧", "无日期"]
    assert "共 5 份文件" in root.xpath("string(//header)")


def test_missing_thumbnail_and_formats_get_placeholders() -> None:
    e = entry("只有文本", "2024-01-01", md=FileInfo("只有文本.md", 3, "e" * 64))
    root = parse(index_html([e], {}, LOOK))
    assert root.xpath("string(//span[@class='none'])") == "无预览"
    assert root.xpath("//ul[@class='files']//a/@class") == ["md"]


def test_page_is_deterministic() -> None:
    entries = [entry("甲", "2024-02-06"), entry("乙", "2023-01-01")]
    assert index_html(entries, {}, LOOK) == index_html(list(reversed(entries)), {}, LOOK)


# ------------------------------------------------------------------------------------------- files


def test_collect_entries_sha256_sizes_pages_meta(tmp_path: Path) -> None:
    payload = {
        "md": markdown(["关于开展", "专项检查的通知"], "2024-03-01", subtitle="（试行）"),
        "pdf": blank_pdf(3),
        "docx": b"PK\x03\x04 not really a docx",
        "epub": b"PK\x03\x04 not really an epub",
    }
    for suffix, data in payload.items():
        (tmp_path / f"{QUOTED}.{suffix}").write_bytes(data)
    (tmp_path / "其他.md").write_bytes(markdown(["其他"], ""))
    assert document_names(tmp_path) == sorted([QUOTED, "其他"])
    (e,) = collect_entries(tmp_path, [QUOTED])
    assert e.name == QUOTED
    assert e.meta.title_lines == ["关于开展", "专项检查的通知"] and e.meta.date == "2024-03-01"
    assert e.meta.subtitle == "（试行）" and e.meta.author == "某市政协"
    for suffix, data in payload.items():
        info = e.files[suffix]
        assert info.filename == f"{QUOTED}.{suffix}"
        assert info.size == len(data)
        assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert e.files["pdf"].pages == 3 and e.files["docx"].pages is None
    assert file_info("a", b"abc").sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_collect_entries_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "坏.md").write_text("---\ntitle: [unclosed\n---\n正文\n", encoding="utf-8")
    with pytest.raises(PaibanError, match=r"坏\.md"):
        collect_entries(tmp_path, ["坏"])
    (tmp_path / "坏PDF.md").write_bytes(markdown(["坏PDF"], "2024-01-01"))
    (tmp_path / "坏PDF.pdf").write_bytes(b"%PDF-1.7 truncated")
    with pytest.raises(PaibanError, match=r"坏PDF\.pdf"):
        collect_entries(tmp_path, ["坏PDF"])
    with pytest.raises(PaibanError, match="不存在"):
        collect_entries(tmp_path, ["不存在"])


def test_thumbnail_is_deterministic_sized_and_shows_the_page() -> None:
    pdf = text_pdf("第一页标题")
    png = thumbnail_png(pdf, 240)
    assert png == thumbnail_png(pdf, 240)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    img = Image.open(io.BytesIO(png))
    assert img.size == (240, 340)  # A4 at 240 px wide
    lo, hi = cast(tuple[int, int], img.convert("L").getextrema())  # one band: (min, max)
    assert lo < 100 and hi > 240  # ink on paper, not a blank page
    assert Image.open(io.BytesIO(thumbnail_png(pdf, width_px=120))).size[0] == 120


def test_build_index_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "新.md").write_bytes(markdown(["新的报告"], "2025-01-02"))
    (tmp_path / "新.pdf").write_bytes(text_pdf("新的报告"))
    (tmp_path / "旧.md").write_bytes(markdown(["旧的报告"], "2020-01-02"))
    page = build_index(tmp_path, LOOK)
    root = parse(page)
    assert [a.xpath("string(.//h2)") for a in root.xpath("//article")] == ["新的报告", "旧的报告"]
    (img,) = root.xpath("//img")
    assert img.get("src").startswith("data:image/png;base64,")
    assert root.xpath("//article[1]//img/ancestor::a/@href") == ["%E6%96%B0.pdf"]
    assert build_index(tmp_path, LOOK) == page


def test_the_header_names_every_published_format_with_spaces_only_around_latin_words() -> None:
    from paiban.publish.index_page import _offered, _spaced

    assert _offered() == "每份文件提供 PDF（A4，可双面打印）、Word、EPUB（手机阅读）和 Markdown 四种格式。"
    assert (
        _spaced(["每份文件提供", "PDF、Markdown", "和", "纯文本", "三种格式。"])
        == "每份文件提供 PDF、Markdown 和纯文本三种格式。"
    )
