"""decode: every encoding a scraped Chinese page comes in, reported by name; non-text refused."""

from __future__ import annotations

import pytest

from paiban.clean.decode import decode
from paiban.errors import PaibanError

SIMP = "各位委员、同志们：现在，我代表市政协常委会向大会报告工作，请予审议。一年来，全市经济运行稳中有进。"
TRAD = "各位議員：現在，我代表市政府向大會報告工作，請予審議。一年來，全市經濟穩定成長，完成重點建設四十項。"


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMP.encode("utf-8"), SIMP, "utf-8"),
        (b"\xef\xbb\xbf" + SIMP.encode("utf-8"), SIMP, "utf-8-sig"),
        (SIMP.encode("utf-16"), SIMP, "utf-16-le"),
        (SIMP.encode("utf-16-be"), SIMP, "utf-16-be"),
        (("abc " * 20 + SIMP).encode("utf-16-le"), "abc " * 20 + SIMP, "utf-16-le"),
        (SIMP.encode("gbk"), SIMP, "gb18030"),
        (SIMP.encode("gb2312"), SIMP, "gb18030"),
        ((SIMP + "𠀀").encode("gb18030"), SIMP + "𠀀", "gb18030"),
        (TRAD.encode("big5"), TRAD, "big5"),
    ],
)
def test_encodings_are_detected_and_named(data: bytes, text: str, encoding: str) -> None:
    assert decode(data, "p.txt") == (text, encoding)


def test_short_gbk_and_big5_are_not_confused() -> None:
    assert decode("通知".encode("gbk") * 3, "p.txt")[0] == "通知" * 3
    assert decode("臺灣省政府公告".encode("big5"), "p.txt")[0] == "臺灣省政府公告"


def test_declared_html_charset_is_used() -> None:
    page = '<html><head><meta charset="gb2312"></head><body>会议通知</body></html>'
    text, enc = decode(page.encode("gb2312"), "p.html")
    assert text == page and enc == "gb18030"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\t", "empty"),
        ("\u3000\u00a0\n".encode(), "whitespace"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"%PDF-1.4 ...", "PDF"),
        (b"PK\x03\x04....", "zip"),
        (b"\x00\x01\x02\x03" * 50, "NUL"),
        (b"\xef\xbb\xbf\xff\xfe\xfa", "undecodable"),
        (bytes(range(0x80, 0x100)) * 3, "undecodable"),
    ],
)
def test_non_text_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(PaibanError) as exc:
        decode(data, "bad.txt")
    assert reason.lower() in exc.value.message.lower()
    assert exc.value.path == "bad.txt"


def test_a_page_cut_inside_a_character_still_decodes() -> None:
    data = SIMP.encode("utf-8") + "审".encode()[:2]
    text, enc = decode(data, "cut.txt")
    assert text.startswith(SIMP) and text.endswith("\ufffd")
    assert enc.startswith("utf-8 (1 undecodable")
    gbk = SIMP.encode("gbk") + b"\xff" + SIMP.encode("gbk")
    text, enc = decode(gbk, "stray.txt")
    assert text.count(SIMP) == 2 and enc.startswith("gb18030 (")


def test_utf8_template_around_a_gbk_article_decodes_each_part_in_its_own_encoding() -> None:
    template_top = "当前位置：首页 > 通知公告\n".encode()
    article = "关于做好冬季安全生产工作的通知\n各单位要压实责任，确保安全形势稳定。\n".encode("gbk")
    template_bottom = "版权所有：某县人民政府\n".encode()
    text, encoding = decode(template_top + article + template_bottom, "mixed.html")
    assert (
        text
        == "当前位置：首页 > 通知公告\n关于做好冬季安全生产工作的通知\n各单位要压实责任，确保安全形势稳定。\n版权所有：某县人民政府\n"
    )
    assert encoding == "utf-8 with 2 lines in gb18030"


NOTICE = "关于做好政府信息公开工作的通知\n\n各区县人民政府：\n\n为进一步做好政府信息公开工作，现将有关事项通知如下。\n"


@pytest.mark.parametrize("misread", ["latin-1", "cp1252-c1"])
def test_utf8_saved_as_mojibake_is_repaired_and_says_so(misread: str) -> None:
    # UTF-8 read as Latin-1 (or as windows-1252 with C1 controls kept, as browsers do), saved again as UTF-8.
    raw = NOTICE.encode("utf-8")
    moji = (
        raw.decode("latin-1")
        if misread == "latin-1"
        else "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in raw)
    )
    text, encoding = decode(moji.encode("utf-8"), "page.txt")
    assert text == NOTICE
    assert "mojibake repaired" in encoding


def test_mojibake_whose_lost_bytes_were_replaced_is_repaired_and_counts_them() -> None:
    moji = NOTICE.encode("utf-8").decode("cp1252", errors="replace")  # 做 and 信息 hold bytes cp1252 lacks
    text, encoding = decode(moji.encode("utf-8"), "page.txt")
    assert text.replace("\ufffd", "") == NOTICE.replace("做", "").replace("息", "").replace("各", "")
    assert "beyond repair" in encoding


def test_mojibake_that_lost_bytes_outright_is_refused_in_one_line() -> None:
    moji = NOTICE.encode("utf-8").decode("cp1252", errors="ignore")
    with pytest.raises(PaibanError, match=r"page\.txt.*mojibake"):
        decode(moji.encode("utf-8"), "page.txt")


def test_real_latin_text_is_left_alone() -> None:
    text = "Café au lait — naïve façade, 1½ €, «déjà vu»\n" * 3
    assert decode(text.encode("utf-8"), "p.txt") == (text, "utf-8")
