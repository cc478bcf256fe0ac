"""The cache of what installed fonts determine (font_cache.py), and the results that come out of it."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from paiban.model import Article, Block, Meta
from paiban.render import coverage, font_cache, fonts

NOTO_SERIF = ("Noto Serif CJK SC",)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(font_cache.ENV_VAR, str(folder))
    return folder


def test_an_entry_reads_back_whole_and_off_means_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font_cache.store("kind", "ab" * 32, b"value")
    assert font_cache.load("kind", "ab" * 32) == b"value"
    assert font_cache.load("kind", "cd" * 32) is None
    assert not list(cache.rglob("*.part"))  # no temporary file left beside the entry
    monkeypatch.setenv(font_cache.ENV_VAR, "off")
    assert font_cache.cache_dir() is None
    assert font_cache.load("kind", "ab" * 32) is None


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(font_cache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert font_cache.cache_dir() == tmp_path / "paiban"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert font_cache.cache_dir() == tmp_path / ".cache" / "paiban"


def test_a_changed_font_file_is_a_new_key(tmp_path: Path) -> None:
    font = tmp_path / "face.ttf"
    font.write_bytes(b"x" * 10)
    before = font_cache.file_key([font])
    assert font_cache.file_key([font]) == before
    font.write_bytes(b"y" * 11)
    assert font_cache.file_key([font]) != before
    os.utime(font, ns=(1, 1))
    touched = font_cache.file_key([font])
    os.utime(font, ns=(2, 2))
    assert font_cache.file_key([font]) != touched


def test_an_unwritable_cache_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(font_cache.ENV_VAR, str(blocker / "cache"))
    font_cache.store("kind", "ab" * 32, b"value")  # no exception
    assert font_cache.load("kind", "ab" * 32) is None


def test_prune_removes_the_oldest_entries_first(cache: Path) -> None:
    for i, name in enumerate(("aa" * 32, "bb" * 32, "cc" * 32)):
        font_cache.store("kind", name, b"z" * 100)
        path = cache / "kind" / name[:2] / name
        os.utime(path, (1000 + i, 1000 + i))
    font_cache.prune(cache, 250)
    assert font_cache.load("kind", "aa" * 32) is None
    assert font_cache.load("kind", "bb" * 32) == b"z" * 100
    assert font_cache.load("kind", "cc" * 32) == b"z" * 100


def test_a_cached_subset_is_the_subset(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    face = fonts.resolve_face(NOTO_SERIF)
    assert face is not None
    points = [ord(c) for c in "中华人民共和国，。"]
    first = fonts.subset_face(face, points)
    assert list((cache / "subset").rglob("*")), "the subset was not stored"
    assert fonts.subset_face(face, reversed(points)) == first  # read back, the same key for the same set
    monkeypatch.setenv(font_cache.ENV_VAR, "off")
    assert fonts.subset_face(face, points) == first
    assert fonts.subset_face(face, points[:3]) != first


def test_coverage_from_the_cache_is_fontconfigs(cache: Path) -> None:
    coverage._system_ranges.cache_clear()
    computed = coverage._system_ranges()
    coverage._system_ranges.cache_clear()
    assert list((cache / "coverage").rglob("*"))
    assert coverage._system_ranges() == computed
    coverage._system_ranges.cache_clear()


def _pypdf_join(pdf: bytes, elements: Any) -> bytes:
    """The structure-tree join as pypdf's incremental writer does it: the reference for `tags`."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    joins = [
        i for i in range(1, len(elements)) if elements[i] and elements[i - 1] and elements[i][0] is elements[i - 1][-1]
    ]
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    kids: Any = writer.root_object["/StructTreeRoot"]["/K"][0].get_object()["/K"]
    starts = [sum(len(page) for page in elements[:i]) for i in range(len(elements))]
    for i in reversed(joins):
        first, second = kids[starts[i] - 1].get_object(), kids[starts[i]].get_object()
        moved = second["/K"] if isinstance(second["/K"], ArrayObject) else ArrayObject([second["/K"]])
        for kid in moved:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                kid.get_object()[NameObject("/P")] = kids[starts[i] - 1]
        first["/K"].extend(moved)
        del kids[starts[i]]
    info = DictionaryObject(writer.metadata or {})
    writer.metadata = None
    writer.metadata = info
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_join_writes_pypdfs_incremental_update_byte_for_byte() -> None:
    from paiban.cli import default_theme
    from paiban.render.pdf import document, engine, tags
    from paiban.theme import load_theme

    weasyprint = engine.load()
    text = "各单位要按照统一部署，认真做好本地区本部门的有关工作，确保各项任务落到实处。" * 6
    article = Article(Meta(title="关于做好有关工作的通知"), [Block("paragraph", text) for _ in range(12)])
    theme = load_theme(default_theme())
    fonts_ = document._Fonts(theme, None, document._document_text(article))
    html = document.build_html(article, theme, None, document._Layout(theme, None, fonts_))
    fetcher = document._fetcher(fonts_.files)
    css = weasyprint.CSS(string=document.print_css(theme, fonts_), url_fetcher=fetcher)
    laid_out = weasyprint.HTML(string=html, url_fetcher=fetcher).render(stylesheets=[css])
    pdf = laid_out.write_pdf(pdf_tags=True)
    elements = tags.top_level_elements(laid_out)
    joined = tags.join_page_continuations(pdf, elements)
    assert len(joined) > len(pdf), "no paragraph ran onto a next page: nothing was joined"
    assert joined == _pypdf_join(pdf, elements)
