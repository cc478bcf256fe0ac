"""The command line: one-line errors naming the file, non-zero exit, nothing half-written."""

from pathlib import Path

import pytest

from tests.project import THEME_PATH, Paiban, assert_one_line_error


def test_missing_source(paiban: Paiban, tmp_path: Path) -> None:
    proc = paiban("clean", str(tmp_path / "无此文件.txt"), "-o", str(tmp_path / "out.md"))
    assert_one_line_error(proc, "无此文件.txt")
    assert not (tmp_path / "out.md").exists()


def test_unsupported_suffix(paiban: Paiban, tmp_path: Path) -> None:
    page = tmp_path / "page.doc"
    page.write_bytes(b"x")
    assert_one_line_error(paiban("clean", str(page), "-o", str(tmp_path / "o.md")), "page.doc")


def test_malformed_front_matter_on_render(paiban: Paiban, tmp_path: Path) -> None:
    md = tmp_path / "坏 文件.md"
    md.write_text("---\ntitle: [\n---\n正文\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    proc = paiban("render", "docx", str(md), "-o", str(out))
    assert_one_line_error(proc, "坏 文件.md")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [md]  # no temporary file left behind


def test_bad_sidecar_yaml(paiban: Paiban, tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("标题\n\n正文。\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text("title: [\n", encoding="utf-8")
    assert_one_line_error(paiban("clean", str(page), "-o", str(tmp_path / "p.md")), "p.yaml")


def test_render_html_of_a_tiny_document(paiban: Paiban, tmp_path: Path) -> None:
    md = tmp_path / "d.md"
    md.write_text("---\ntitle: 关于开展检查的通知\n---\n\n各单位：\n\n现将有关事项通知如下。\n", encoding="utf-8")
    out = tmp_path / "d.html"
    proc = paiban("render", "html", str(md), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "关于开展检查的通知" in html and "现将有关事项通知如下。" in html


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_render_to_unwritable_place_is_one_line(paiban: Paiban, tmp_path: Path, fmt: str) -> None:
    md = tmp_path / "d.md"
    md.write_text("---\ntitle: 通知\n---\n\n正文。\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    proc = paiban("render", fmt, str(md), "-o", str(blocker / f"x.{fmt}"))
    assert_one_line_error(proc, "x." + fmt)


def test_a_document_too_long_for_a_pdf_is_refused_in_one_line(paiban: Paiban, tmp_path: Path) -> None:
    from paiban.render.pdf.document import MAX_CHARACTERS

    para = "各单位要按照统一部署，认真做好本地区本部门的有关工作，确保各项任务落到实处。"
    body = "\n\n".join([para] * (MAX_CHARACTERS // len(para) + 2))
    (tmp_path / "长.md").write_text(f"---\ntitle: 关于做好有关工作的通知\n---\n\n{body}\n", encoding="utf-8")
    proc = paiban("render", "pdf", "长.md", "-o", "长.pdf", cwd=tmp_path)
    assert_one_line_error(proc, "长.md")
    assert "more than a PDF takes within 1 GB of memory" in proc.stderr
    assert not (tmp_path / "长.pdf").exists()


def test_theme_by_name_or_path_from_any_folder(tmp_path: Path, paiban: Paiban) -> None:
    md = tmp_path / "通知.md"
    md.write_text("---\ntitle: 通知\n---\n\n正文。\n", encoding="utf-8")
    theme = THEME_PATH.read_text(encoding="utf-8")
    # A theme of one's own, and a styles/gbt9704.yaml in the working folder that a name does not reach:
    # a name always means the shipped theme, so a document renders the same from any folder.
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "gbt9704.yaml").write_text(theme.replace("name: gbt9704", "name: here"), encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(theme.replace("name: gbt9704", "name: mine"), encoding="utf-8")
    for value, name in (("gbt9704", "gbt9704"), ("mine.yaml", "mine"), ("styles/gbt9704.yaml", "here")):
        proc = paiban("render", "html", md.name, "-o", "out.html", "--theme", value, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        css = (tmp_path / "out.html").read_text(encoding="utf-8")
        assert f"Compiled from the paiban theme '{name}'" in css, value
    proc = paiban("render", "html", md.name, "-o", "none.html", "--theme", "nosuch", cwd=tmp_path)
    assert_one_line_error(proc, "nosuch: no such theme")
    assert not (tmp_path / "none.html").exists()
