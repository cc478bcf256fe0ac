"""End to end: `snakemake` into a temporary working directory, as a user would run it.

One build is shared by the tests of this module (it is the slow part); each test then asks Snakemake
what it would do next, or inspects the outputs.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from paiban.formats import PUBLISHED, RENDERED
from tests.project import ROOT, SEED_PAGE, Snakemake, source_folder
from tests.tools import EpubCheck

HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于做好冬季安全生产工作的通知_某县人民政府</title>
<script>var tracker = "不应出现";</script><style>.x{color:red}</style></head><body>
<div class="nav">首页 | 政务公开 | 政策文件</div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<h1>关于做好冬季安全生产工作的通知</h1>
<div class="info">发布时间：2024-11-20 09:30 来源：县应急管理局 浏览次数：128</div>
<div class="content">
<p>各乡镇人民政府，县直各单位：</p>
<p>为切实做好今冬明春安全生产工作，现就有关事项通知如下。</p>
<p>一、提高思想认识</p>
<p>各单位要充分认识做好冬季安全生产工作的重要性，压实责任，确保全县安全形势持续稳定。</p>
<p>二、强化隐患排查</p>
<p>要围绕重点行业领域，全面开展隐患排查整治，做到横向到边、纵向到底。</p>
<p style="text-align:right">某县人民政府办公室</p>
<p style="text-align:right">2024年11月18日</p>
</div>
<div class="footer">版权所有：某县人民政府 主办单位：某县人民政府办公室 ICP备12345678号</div>
<!-- 注释不应出现 -->
</body></html>
"""
DOC_NAMES = [SEED_PAGE.stem, "县政府 冬季安全通知"]
SUFFIXES = [f.suffix for f in PUBLISHED]  # every format `snakemake all` publishes: .pdf, .docx, .epub, .md
RENDERS = {f.name: 1 for f in RENDERED}  # one job of each render rule per document
EVERY_RENDER = {"all": 1, **{name: 2 for name in RENDERS}, "index": 1}  # both documents' renders


def planned_jobs(snakemake: Snakemake, workdir: Path, *args: str) -> dict[str, int]:
    """Rule name → job count of what `snakemake all` would run now (from its dry-run job table)."""
    proc = snakemake(workdir, "-n", "all", *args)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    if "Nothing to be done" in out:
        return {}
    table = out.split("Job stats:", 1)[1]
    jobs = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"^(\w+)\s+(\d+)$", table, re.M))
    jobs.pop("total", None)
    return jobs


def age(path: Path) -> None:
    """Touch a file so that it is newer than every output written so far (and older than any to come)."""
    time.sleep(1.0)  # clear of coarse file-system timestamps
    os.utime(path)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, snakemake: Snakemake) -> Snakemake:
    """The workflow run from a copy of what its Snakefile reads (styles, profile, cleaner data, software
    environment), so that style edits stay private to this module."""
    proj = tmp_path_factory.mktemp("proj")
    shutil.copy(ROOT / "Snakefile", proj / "Snakefile")
    shutil.copytree(ROOT / "styles", proj / "styles")
    shutil.copytree(ROOT / "profiles", proj / "profiles")
    shutil.copytree(ROOT / "scripts" / "paiban" / "clean" / "data", proj / "scripts" / "paiban" / "clean" / "data")
    shutil.copy(ROOT / "scripts" / "environment.yaml", proj / "scripts" / "environment.yaml")
    return dataclasses.replace(snakemake, snakefile=proj / "Snakefile")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, project: Snakemake) -> Path:
    """`snakemake -s PROJECT/Snakefile -d WORK all` with the pages placed in WORK/source/."""
    work = source_folder(
        tmp_path_factory.mktemp("work"),
        {
            SEED_PAGE.name: SEED_PAGE.read_bytes(),
            f"{DOC_NAMES[1]}.html": HTML_PAGE.encode("utf-8"),
        },
    )
    proc = project(work, "all")
    assert proc.returncode == 0, proc.stderr[-4000:]
    return work


def test_every_output_exists(built: Path) -> None:
    dist = built / "dist"
    for name in DOC_NAMES:
        for suffix in SUFFIXES:
            path = dist / f"{name}{suffix}"
            assert path.is_file() and path.stat().st_size > 0, path
        assert (dist / "logs" / f"{name}.clean.log").is_file()
    assert (dist / "index.html").is_file()
    leftovers = [p.name for p in dist.rglob("*") if p.name.endswith(".part")]
    assert leftovers == []


def test_pdf_has_the_text(built: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        [pdftotext, str(built / "dist" / f"{SEED_PAGE.stem}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert "四平市第九届委员会常务委员会工作报告" in flat
    assert "各位委员、同志们：" in flat
    assert "吉ICP备" not in flat and "责任编辑" not in flat


def test_docx_opens_and_has_the_text(built: Path) -> None:
    import docx

    document = docx.Document(str(built / "dist" / f"{DOC_NAMES[1]}.docx"))
    text = "".join(p.text for p in document.paragraphs)
    assert "为切实做好今冬明春安全生产工作" in text
    assert "不应出现" not in text and "浏览次数" not in text


def test_epub_is_valid(epubcheck: EpubCheck, built: Path, tmp_path: Path) -> None:
    for name in DOC_NAMES:
        path = built / "dist" / f"{name}.epub"
        assert zipfile.is_zipfile(path)
        epubcheck.assert_clean(path.read_bytes(), tmp_path)


def test_index_links_every_document(built: Path) -> None:
    from urllib.parse import quote

    page = (built / "dist" / "index.html").read_text(encoding="utf-8")
    for name in DOC_NAMES:
        for suffix in SUFFIXES:
            assert f'href="{quote(name)}{suffix}"' in page


def test_second_run_does_nothing(built: Path, project: Snakemake) -> None:
    assert planned_jobs(project, built) == {}


def test_touching_or_editing_one_source_rebuilds_only_that_document(built: Path, project: Snakemake) -> None:
    page = built / "source" / f"{DOC_NAMES[1]}.html"
    one_document = {"all": 1, "clean": 1, **RENDERS, "index": 1}
    age(page)
    assert planned_jobs(project, built) == one_document
    page.write_text(HTML_PAGE.replace("确保全县安全形势持续稳定", "确保全县安全形势稳定向好"), encoding="utf-8")
    assert planned_jobs(project, built) == one_document
    proc = project(built, "all")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "稳定向好" in (built / "dist" / f"{DOC_NAMES[1]}.md").read_text(encoding="utf-8")
    assert planned_jobs(project, built) == {}


def test_another_theme_builds_its_own_edition_beside_the_default(built: Path, project: Snakemake) -> None:
    from urllib.parse import quote

    dist, edition = built / "dist", built / "dist" / "reading"
    # A throwaway theme: the default under another name (the project copy is private to this module).
    styles = project.snakefile.parent / "styles"
    shutil.copy(styles / "gbt9704.yaml", styles / "reading.yaml")
    default_edition = {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}
    theme = ("--config", "theme=reading")
    # The Markdown is shared: only the renders and the edition's page are to be built.
    assert planned_jobs(project, built, *theme) == EVERY_RENDER
    proc = project(built, "all", *theme)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "paiban: 2 of 2 documents built" in proc.stderr
    for name in DOC_NAMES:
        for fmt in RENDERED:
            assert (edition / f"{name}{fmt.suffix}").stat().st_size > 0
            assert (edition / "logs" / f"{name}.{fmt.name}.log").is_file()
        assert not (edition / f"{name}.md").exists()
    # The same theme under another name: the same bytes, in their own folder; dist/ is untouched.
    assert (edition / f"{SEED_PAGE.stem}.pdf").read_bytes() == default_edition[f"{SEED_PAGE.stem}.pdf"]
    assert {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()} == default_edition
    page = (edition / "index.html").read_text(encoding="utf-8")
    for name in DOC_NAMES:
        assert f'href="{quote(name)}.pdf"' in page and f'href="../{quote(name)}.md"' in page
    assert planned_jobs(project, built, *theme) == {}
    # Touch one source: its Markdown and this edition's renders of it, nothing else.
    age(built / "source" / f"{DOC_NAMES[1]}.html")
    assert planned_jobs(project, built, *theme) == {"all": 1, "clean": 1, **RENDERS, "index": 1}
    assert project(built, "all", *theme).returncode == 0
    assert planned_jobs(project, built, *theme) == {}
    # The default edition sees its Markdown rebuilt and renders that document again (here: marked done).
    assert planned_jobs(project, built) == {"all": 1, **RENDERS, "index": 1}
    assert project(built, "all", "--touch").returncode == 0
    assert planned_jobs(project, built) == {}


def test_style_edits_rebuild_only_the_renders_that_use_them(project: Snakemake, built: Path) -> None:
    # The workflow copy is private to this module, so editing its styles touches nobody else.
    styles = project.snakefile.parent / "styles"
    assert planned_jobs(project, built) == {}
    age(styles / "gbt9704.yaml")
    assert planned_jobs(project, built) == EVERY_RENDER
    assert project(built, "all", "--touch").returncode == 0
    assert planned_jobs(project, built) == {}
    # A licensed font dropped into styles/fonts/ changes every render: the DOCX names the face the PDF
    # uses (and stops embedding the free one it stands in for).
    (styles / "fonts" / "Licensed.ttf").write_bytes(b"not really a font")
    assert planned_jobs(project, built) == EVERY_RENDER
