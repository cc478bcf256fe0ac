"""Same input, same bytes (issue 7): two builds in two working directories, at different times."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest

from paiban.model import Meta
from paiban.render.reproducible import document_time
from tests.project import SEED_PAGE, Paiban


def build(paiban: Paiban, workdir: Path) -> dict[str, str]:
    workdir.mkdir()
    page = workdir / SEED_PAGE.name
    shutil.copy(SEED_PAGE, page)
    md = workdir / "doc.md"
    digests: dict[str, str] = {}
    steps = [["clean", str(page), "-o", str(md)]] + [
        ["render", fmt, str(md), "-o", str(workdir / f"doc.{fmt}")] for fmt in ("pdf", "docx", "epub", "html")
    ]
    for step in steps:
        proc = paiban(*step, cwd=workdir)
        assert proc.returncode == 0, proc.stderr
    for fmt in ("md", "pdf", "docx", "epub", "html"):
        digests[fmt] = hashlib.sha256((workdir / f"doc.{fmt}").read_bytes()).hexdigest()
    return digests


def test_two_builds_are_byte_identical(paiban: Paiban, tmp_path: Path) -> None:
    first = build(paiban, tmp_path / "one")
    time.sleep(2.1)  # a clock that leaked into zip entries or PDF dates would now differ
    second = build(paiban, tmp_path / "two")
    assert first == second


def test_document_date_outranks_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert document_time(Meta(date="2024-02-06")).isoformat() == "2024-02-06T00:00:00+00:00"
    assert document_time(Meta()).isoformat() == "2023-11-14T22:13:20+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert document_time(Meta()).year == 1980  # never the clock
