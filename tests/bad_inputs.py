"""The corpus of bad and awkward inputs (issue 7), built in code so every byte is reviewable.

Each case is (file name, bytes, expectation): "ok" means the page must build into a correct document;
"error" means paiban must refuse it with one line naming the file. Large or binary cases are generated
rather than committed.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

BODY = (
    "各位代表：\n\n"
    "现在，我代表市人民政府，向大会报告工作，请予审议。\n\n"
    "一、过去一年的工作\n\n"
    "一年来，全市经济运行稳中有进，地区生产总值增长5.2%，完成重点项目40项。\n\n"
    "二、今年的主要任务\n\n"
    "今年是关键之年，我们要坚持稳中求进，扎实做好各项工作。\n"
)
TITLE = "某市人民政府工作报告"
BIG5_PAGE = (
    "當前位置：首頁 > 政府資訊公開 > 施政報告\n某市政府施政報告\n發布日期：2024-01-20\n\n某市政府施政報告\n\n"
    "各位議員：\n\n現在，我代表市政府，向大會報告工作，請予審議。\n\n"
    "一、過去一年的工作\n\n一年來，全市經濟穩定成長，完成重點建設四十項。\n\n"
    "版權所有：某市政府\n"
)
PAGE = f"当前位置：首页 > 政务公开 > 工作报告\n{TITLE}\n发布时间：2024-01-20 来源：市政府办公室\n\n{TITLE}\n\n{BODY}\n版权所有：某市人民政府 ICP备00000000号\n"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expect: str  # "ok" | "error"
    must_contain: str = ""  # for "ok": text the Markdown body must hold


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


CASES: list[Case] = [
    Case("empty.txt", b"", "error"),
    Case("whitespace.txt", " \n\t\r\n\u3000\n".encode(), "error"),
    Case("image-named.txt", tiny_png(), "error"),
    Case("document-named.txt", TINY_PDF, "error"),
    Case("nul-bytes.txt", b"\x00\x01\x02\x03" * 64, "error"),
    Case(
        "only-chrome.txt",
        "当前位置：首页 > 新闻\n发布时间：2024-01-01\n【字体：大 中 小】【打印本页】【关闭窗口】\n"
        "版权所有：某市人民政府 ICP备00000000号\n".encode(),
        "error",
    ),
    Case("gbk-crlf.txt", crlf(PAGE).encode("gbk"), "ok", "地区生产总值增长5.2%"),
    Case("big5-crlf.txt", crlf(BIG5_PAGE).encode("big5"), "ok", "向大會報告工作"),
    Case("utf16.txt", PAGE.encode("utf-16"), "ok", "完成重点项目40项"),
    Case("utf8-bom-crlf.txt", b"\xef\xbb\xbf" + crlf(PAGE).encode("utf-8"), "ok", "扎实做好各项工作"),
    Case("no-title.txt", BODY.encode("utf-8"), "ok", "扎实做好各项工作"),
    Case(
        "markdown-lookalike.txt",
        (
            f"{TITLE}\n\n" + "# 这一行不是标题\n\n* 这一行不是列表\n\n<b>这不是粗体</b>\n\n"
            "<script>alert('x')</script>这段文字要原样保留。\n"
        ).encode(),
        "ok",
        "<b>这不是粗体</b>",
    ),
    Case("with space.txt", PAGE.encode(), "ok", "扎实做好各项工作"),
    Case("quote\"d 'name'.txt", PAGE.encode(), "ok", "扎实做好各项工作"),
    Case("-leading-dash.txt", PAGE.encode(), "ok", "扎实做好各项工作"),
    Case("中文文件名.txt", PAGE.encode(), "ok", "扎实做好各项工作"),
]


def big_page(megabytes: int = 20) -> bytes:
    """A page of about `megabytes` MB: real structure, many paragraphs."""
    para = "各地区各部门要认真贯彻落实，确保各项任务落到实处，推动经济社会高质量发展取得新成效。\n\n"
    count = megabytes * 1024 * 1024 // len(para.encode())
    return (f"{TITLE}\n\n" + para * count).encode()
