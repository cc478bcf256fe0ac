"""`paiban serve`: publications only, unless asked for everything (issue 12, row 18)."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from paiban.publish.serve import make_server
from tests.project import serving


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    for name in (
        "index.html",
        "报告.pdf",
        "报告.docx",
        "报告.epub",
        "报告.md",
        "print/pack.pdf",
        "large-print/index.html",
        "large-print/报告.pdf",
        "large-print/logs/报告.pdf.log",
        "logs/报告.clean.log",
        "logs/index.log",
        ".报告.pdf.abc.part",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


@contextmanager
def running(dist: Path, everything: bool) -> Iterator[str]:
    with serving(make_server(dist, "127.0.0.1", 0, everything)) as port:
        yield f"http://127.0.0.1:{port}"


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code


PUBLISHED = [
    "/",
    "/index.html",
    "/%E6%8A%A5%E5%91%8A.pdf",
    "/%E6%8A%A5%E5%91%8A.docx",
    "/%E6%8A%A5%E5%91%8A.epub",
    "/%E6%8A%A5%E5%91%8A.md",
    "/print/pack.pdf",
    "/large-print/",
    "/large-print/%E6%8A%A5%E5%91%8A.pdf",
]
PRIVATE = [
    "/logs/%E6%8A%A5%E5%91%8A.clean.log",
    "/logs/index.log",
    "/logs/../logs/index.log",
    "/logs/",
    "/.%E6%8A%A5%E5%91%8A.pdf.abc.part",
    "/notes.txt",
    "/large-print/logs/",
    "/print/",
]


def test_only_publications_are_served(dist: Path) -> None:
    with running(dist, everything=False) as base:
        assert {p: status(base + p) for p in PUBLISHED} == dict.fromkeys(PUBLISHED, 200)
        assert {p: status(base + p) for p in PRIVATE} == dict.fromkeys(PRIVATE, 404)


def test_everything_is_served_when_asked(dist: Path) -> None:
    with running(dist, everything=True) as base:
        assert status(base + "/logs/index.log") == 200
