"""The one registry of output formats (paiban.formats) and the readers that take their formats from it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from paiban.formats import FORMATS, PUBLISHED, RENDERED, Format, RenderOptions, by_name
from paiban.markdown import load
from tests.project import ROOT, THEME, Paiban

RENDERERS = (
    "weasyprint",
    "docx",
    "ebooklib",
    "paiban.render.pdf.document",
    "paiban.render.docx.document",
    "paiban.render.epub",
)


def test_names_and_suffixes_are_unique() -> None:
    assert len({f.name for f in FORMATS}) == len(FORMATS)
    assert len({f.suffix for f in FORMATS}) == len(FORMATS)
    assert all(f.suffix.startswith(".") and f.media_type.count("/") == 1 for f in FORMATS)
    # The Markdown is written by the cleaner; every other published format has a renderer.
    assert [f.name for f in PUBLISHED if not f.renderer] == ["md"]


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.renderer], ids=lambda f: f.name)
def test_every_renderer_renders_a_document(fmt: Format, tmp_path: Path) -> None:
    article = load("---\ntitle: 关于开展检查的通知\n---\n\n各单位：\n\n现将有关事项通知如下。\n")
    warnings: list[str] = []
    data = fmt.render()(article, THEME, RenderOptions(source=tmp_path / "x.md", warn=warnings.append))
    assert len(data) > 200
    assert warnings == []  # every character of the text is in the faces set-up installs


def test_markdown_has_no_renderer() -> None:
    with pytest.raises(ValueError, match="paiban clean"):
        by_name("md").render()


def test_the_readers_take_every_published_format_from_the_registry() -> None:
    from paiban.publish.serve import CONTENT_TYPES, PUBLICATION_SUFFIXES
    from paiban.workflow.run_summary import PUBLISHED_SUFFIXES

    assert set(PUBLICATION_SUFFIXES) == PUBLISHED_SUFFIXES == {f.suffix for f in PUBLISHED}
    for fmt in FORMATS:
        assert CONTENT_TYPES[fmt.suffix].split(";")[0] == fmt.media_type
    assert CONTENT_TYPES[".md"] == "text/markdown; charset=utf-8"


def test_the_slurm_profile_sets_resources_on_rules_that_exist() -> None:
    # The render rules are named for the formats: renaming one must not silently drop its resources.
    import yaml

    profile = yaml.safe_load((ROOT / "profiles" / "slurm" / "config.yaml").read_text(encoding="utf-8"))
    snakefile = (ROOT / "Snakefile").read_text(encoding="utf-8")
    rules = {f.name for f in RENDERED} | set(re.findall(r"^rule (\w+):", snakefile, re.M))
    assert {"pdf", "clean"} <= set(profile["set-resources"]) <= rules


def test_no_renderer_is_imported_until_a_format_is_rendered(tmp_path: Path, paiban: Paiban) -> None:
    # `paiban clean`, the download page, the server, the run summary and the Snakefile's own imports
    # must not pay for WeasyPrint, python-docx or ebooklib (~0.3 s and more).
    page = tmp_path / "通知.txt"
    page.write_text("关于开展检查的通知\n\n各单位：\n\n现将有关事项通知如下。\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from paiban.cli import main\n"
        "import paiban.publish.index_page, paiban.publish.serve, paiban.workflow.run_summary, paiban.formats\n"
        f"status = main(['clean', {str(page)!r}, '-o', {str(tmp_path / 'x.md')!r}])\n"
        f"print(status, sorted(m for m in sys.modules if m in {RENDERERS!r}))\n"
    )
    proc = subprocess.run(
        paiban.snippet_argv(code),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "scripts")),
    )
    assert proc.stdout.strip() == "0 []", proc.stderr
