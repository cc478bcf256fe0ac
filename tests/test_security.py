"""Nothing reaches outside (issue 7): a hostile page's references are neither fetched nor carried into
any output, and the EPUB and DOCX hold no external references at all."""

from __future__ import annotations

import http.server
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tests.project import Paiban, serving


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def loopback() -> Iterator[int]:
    Recorder.requests = []
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)) as port:
        yield port


def hostile_page(port: int) -> str:
    base = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于加强网络安全管理的通知</title>
<link rel="stylesheet" href="{base}/link.css"><style>@import url({base}/import.css);
body {{ background: url({base}/bg.png) }}</style><script src="{base}/x.js"></script></head><body>
<h1>关于加强网络安全管理的通知</h1>
<p>各单位：</p>
<p>为加强网络安全管理，现将有关要求通知如下。<img src="file:///etc/passwd"><img src="{base}/img.png"></p>
<p>一、落实责任</p>
<p>各单位主要负责同志是第一责任人。<img src="secret.png" alt=""><iframe src="{base}/frame"></iframe></p>
<object data="{base}/object"></object><embed src="{base}/embed"><video src="{base}/v.mp4"></video>
<p style="background:url({base}/inline.png)">二、加强检查</p>
<p>请于月底前报送自查情况。<a href="{base}/link">附件</a></p>
<p>某市网络安全和信息化委员会办公室</p><p>2024年3月1日</p>
</body></html>"""


def test_hostile_page_fetches_nothing_and_leaks_nothing(paiban: Paiban, tmp_path: Path, loopback: int) -> None:
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nSECRET-IMAGE-BYTES")
    page = tmp_path / "hostile.html"
    page.write_text(hostile_page(loopback), encoding="utf-8")
    md = tmp_path / "hostile.md"
    proc = paiban("clean", str(page), "-o", str(md))
    assert proc.returncode == 0, proc.stderr
    text = md.read_text(encoding="utf-8")
    assert "为加强网络安全管理" in text
    for fmt in ("pdf", "docx", "epub", "html"):
        out = tmp_path / f"hostile.{fmt}"
        proc = paiban("render", fmt, str(md), "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        data = out.read_bytes()
        assert b"SECRET-IMAGE-BYTES" not in data and b"root:x:0:0" not in data
        for blob in zip_members(out) if fmt in ("docx", "epub") else [data]:
            assert b"127.0.0.1" not in blob, fmt
            assert b"file://" not in blob, fmt
            assert b"secret.png" not in blob, fmt
    assert Recorder.requests == []


def zip_members(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as z:
        return [z.read(name) for name in z.namelist()]


EXTERNAL = re.compile(
    rb"""(?:\b(?:src|href|xlink:href)\s*=\s*["'](?:https?:|file:|ftp:|//)|TargetMode="External"|url\(\s*["']?(?:https?:|file:|ftp:|//))"""
)


@pytest.mark.parametrize("fmt", ["docx", "epub"])
def test_containers_hold_no_external_references(paiban: Paiban, fmt: str, tmp_path: Path) -> None:
    md = tmp_path / "d.md"
    md.write_text(
        "---\ntitle: 通知\nsource: http://www.example.gov.cn/a.html\n---\n\n"
        "详见http://www.example.gov.cn/b.html页面。\n",
        encoding="utf-8",
    )
    out = tmp_path / f"d.{fmt}"
    proc = paiban("render", fmt, str(md), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    for blob in zip_members(out):
        assert not EXTERNAL.search(blob), EXTERNAL.search(blob)
