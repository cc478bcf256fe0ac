"""Discovery of documents in source/: the trust boundary and names Snakemake cannot take (issue 12)."""

from __future__ import annotations

from pathlib import Path

from paiban.workflow.sources import discover


def test_pages_are_documents_and_a_corrected_markdown_wins(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("报告.txt", "报告.md", "通知.html", "说明.yaml", ".hidden.txt", "图.png"):
        (source / name).write_text("x", encoding="utf-8")
    docs, refused = discover(source)
    assert docs == {"报告": str(source / "报告.md"), "通知": str(source / "通知.html")}
    assert refused == []


def test_a_link_outside_source_is_refused_unless_allowed(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("x", encoding="utf-8")
    (source / "secret.txt").symlink_to(outside)
    (source / "inside.txt").symlink_to(source / "real.txt")
    (source / "real.txt").write_text("x", encoding="utf-8")
    docs, refused = discover(source)
    assert sorted(docs) == ["inside", "real"]
    assert [r.page for r in refused] == [str(source / "secret.txt")]
    assert str(outside) in refused[0].format() and "allow_outside_source" in refused[0].format()
    docs, refused = discover(source, allow_outside=True)
    assert sorted(docs) == ["inside", "real", "secret"] and refused == []


def test_a_name_with_braces_is_refused_alone(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("a{doc}b.txt", "c}.txt", "good.txt"):
        (source / name).write_text("x", encoding="utf-8")
    docs, refused = discover(source)
    assert list(docs) == ["good"]
    assert sorted(Path(r.page).name for r in refused) == ["a{doc}b.txt", "c}.txt"]


def test_a_broken_link_is_named(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    docs, refused = discover(source)
    assert docs == {} and [r.format() for r in refused] == [
        f"{source / 'gone.txt'}: refused: a link to {tmp_path / 'nowhere.txt'}, which does not exist"
    ]
