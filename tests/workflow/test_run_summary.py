"""The end of a run: stale publications removed, warnings and failures summarized (issue 12)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfWriter

from paiban.workflow.run_summary import finish, stale_outputs, summary
from paiban.workflow.sources import Refusal


def dist_with(tmp_path: Path, files: dict[str, str]) -> Path:
    dist = tmp_path / "dist"
    for name, text in files.items():
        (dist / name).parent.mkdir(parents=True, exist_ok=True)
        (dist / name).write_text(text, encoding="utf-8")
    return dist


def test_publications_without_markdown_or_source_are_stale(tmp_path: Path) -> None:
    dist = dist_with(
        tmp_path,
        {f"{d}.{f}": "x" for d in ("好", "坏", "旧") for f in ("md", "pdf", "docx", "epub")}
        | {"index.html": "x", "logs/坏.clean.log": "x", ".好.pdf.abc.part": "x"},
    )
    (dist / "坏.md").unlink()  # its clean failed
    stale = stale_outputs(dist, ["好", "坏"])  # 旧 left source/
    assert sorted(p.name for p in stale) == ["坏.docx", "坏.epub", "坏.pdf", "旧.docx", "旧.epub", "旧.md", "旧.pdf"]


def test_summary_counts_and_names_warnings_failures_and_refusals(tmp_path: Path) -> None:
    files = {f"好.{f}": "x" for f in ("md", "pdf", "docx", "epub")}
    files["logs/好.clean.log"] = "source: a\nwarning: no title found in the page: using the file name «好»\ninfo: x\n"
    files["logs/好.pdf.log"] = "render pdf\nwarning: no installed font has 1 character(s)\n"
    files["logs/坏.clean.log"] = "error: paiban: source/坏.yaml: key 'date': 2024-02-30 is not a real day\n"
    dist = dist_with(tmp_path, files)
    text = summary(dist, ["好", "坏"], [Refusal("source/passwd.txt", "it resolves to /etc/passwd")])
    lines = text.splitlines()
    assert lines[0] == "paiban: 1 of 2 documents built; 2 warnings; 1 failed; 1 refused"
    assert "paiban: warning: 好: no title found in the page: using the file name «好»" in lines
    assert "paiban: failed: 坏: source/坏.yaml: key 'date': 2024-02-30 is not a real day" in lines
    assert "paiban: source/passwd.txt: refused: it resolves to /etc/passwd" in lines


def test_finish_removes_stale_publications_and_rewrites_the_download_page(tmp_path: Path) -> None:
    md = "---\ntitle: {t}\ndate: '2024-01-02'\n---\n\n正文。\n"
    files = {"好.md": md.format(t="好文件"), "坏.pdf": "%PDF", "坏.docx": "x", "index.html": "坏文件 坏.pdf"}
    dist = dist_with(tmp_path, files)
    text = finish(dist, ["好", "坏"])
    assert not (dist / "坏.pdf").exists() and not (dist / "坏.docx").exists()
    page = (dist / "index.html").read_text(encoding="utf-8")
    assert "坏.pdf" not in page and "好文件" in page
    assert "paiban: removed stale" in text


def test_another_themes_edition_is_kept_in_step_with_the_shared_markdown(tmp_path: Path) -> None:
    md = "---\ntitle: {t}\ndate: '2024-01-02'\n---\n\n正文。\n"
    files = {
        "好.md": md.format(t="好文件"),
        "好.pdf": "%PDF",
        "large-print/坏.pdf": "%PDF",
        "large-print/坏.epub": "x",
        "large-print/index.html": "坏文件",
    }
    dist = dist_with(tmp_path, files)
    edition = dist / "large-print"
    pdf = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(pdf)
    (edition / "好.pdf").write_bytes(pdf.getvalue())  # the page reads its page count and thumbnail
    assert sorted(p.name for p in stale_outputs(edition, ["好", "坏"], dist)) == ["坏.epub", "坏.pdf"]
    text = finish(dist, ["好", "坏"], edition=edition)
    assert sorted(p.name for p in edition.iterdir()) == ["index.html", "好.pdf"]
    page = (edition / "index.html").read_text(encoding="utf-8")
    assert "好文件" in page and 'href="../%E5%A5%BD.md"' in page and "坏" not in page
    assert (dist / "好.pdf").exists() and not (dist / "index.html").exists()  # dist/ had nothing stale
    assert text.startswith("paiban: 0 of 2 documents built")  # neither has all its renders
