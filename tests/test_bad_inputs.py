"""Bad input gets a clear answer and nothing is lost (issue 7): the corpus through `paiban clean`,
`paiban render` and `snakemake all --keep-going`, plus an interrupted run that resumes cleanly."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bad_inputs import BODY, CASES, PAGE, TITLE, Case, big_page
from paiban.markdown import load

ROOT = Path(__file__).resolve().parents[1]


def paiban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "paiban", *args], capture_output=True, text=True, timeout=300)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], name: str) -> None:
    assert proc.returncode != 0, proc.stdout[:500]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert name in lines[0] and "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_clean(case: Case, tmp_path: Path) -> None:
    page = tmp_path / case.name
    page.write_bytes(case.data)
    out = tmp_path / "out.md"
    proc = paiban("clean", str(page), "-o", str(out), "--log", str(tmp_path / "clean.log"))
    if case.expect == "error":
        assert_one_line_error(proc, case.name)
        assert not out.exists()
        return
    assert proc.returncode == 0, proc.stderr
    article = load(out.read_text(encoding="utf-8"))
    assert article.meta.title, "every built document has a title"
    assert case.must_contain in article.body_text()


def test_twenty_megabyte_page_is_refused_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "huge.txt"
    page.write_bytes(big_page(20))
    proc = paiban("clean", str(page), "-o", str(tmp_path / "huge.md"))
    assert_one_line_error(proc, "huge.txt")
    assert "MB" in proc.stderr


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub", "html"])
def test_markup_lookalikes_print_literally(fmt: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "markdown-lookalike.txt")
    page = tmp_path / case.name
    page.write_bytes(case.data)
    assert paiban("clean", str(page), "-o", str(tmp_path / "d.md")).returncode == 0
    out = tmp_path / f"d.{fmt}"
    proc = paiban("render", fmt, str(tmp_path / "d.md"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = extract_text(out)
    for literal in ("# 这一行不是标题", "* 这一行不是列表", "<b>这不是粗体</b>", "<script>alert('x')</script>"):
        assert literal.replace(" ", "") in text.replace(" ", ""), literal


def extract_text(path: Path) -> str:
    """The visible text of an output, whatever its format."""
    import html
    import re
    import zipfile

    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    if path.suffix in (".docx", ".epub"):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith((".xml", ".xhtml", ".html")) and "nav" not in n]
            xml = "".join(z.read(n).decode("utf-8") for n in sorted(names) if "document" in n or n.endswith("html"))
    else:
        xml = path.read_text(encoding="utf-8")
        xml = re.sub(r"<(script|style)\b.*?</\1>", "", xml, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def test_keep_going_builds_the_good_pages_and_refuses_the_bad(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for case in CASES:
        (source / case.name).write_bytes(case.data)
    proc = subprocess.run(
        ["snakemake", "-s", str(ROOT / "Snakefile"), "-d", str(tmp_path), "--cores", "2", "--keep-going", "all"],
        capture_output=True, text=True, timeout=1200,
    )
    assert proc.returncode != 0  # some pages are bad, so `all` cannot complete
    dist = tmp_path / "dist"
    for case in CASES:
        stem = Path(case.name).stem
        made = sorted(p.suffix for p in dist.glob("*") if p.stem == stem and p.is_file())
        if case.expect == "ok":
            assert made == [".docx", ".epub", ".md", ".pdf"], (case.name, proc.stderr[-2000:])
        else:
            assert made == [], case.name
            log = dist / "logs" / f"{stem}.clean.log"
            assert case.name in proc.stderr or log.exists()
    assert [p.name for p in dist.rglob("*.part")] == []


def test_interrupted_run_resumes_cleanly(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    ok_cases = [c for c in CASES if c.expect == "ok"][:3]
    for case in ok_cases:
        (source / case.name).write_bytes(case.data)
    cmd = ["snakemake", "-s", str(ROOT / "Snakefile"), "-d", str(tmp_path), "--cores", "1", "all"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and not list((tmp_path / "dist").glob("*.pdf")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    assert [p.name for p in (tmp_path / "dist").rglob("*.part")] == []
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr[-3000:]
    for case in ok_cases:
        for suffix in (".md", ".pdf", ".docx", ".epub"):
            assert (tmp_path / "dist" / (Path(case.name).stem + suffix)).stat().st_size > 0
    assert (tmp_path / "dist" / "index.html").exists()


@pytest.fixture(autouse=True)
def _needs_snakemake() -> None:
    if shutil.which("snakemake") is None:
        pytest.skip("snakemake is not on PATH")


# ------------------------------------------------------------------ issue 12: nothing lost, leaked or silent


@pytest.mark.parametrize("kind", ["fifo", "folder", "socket"])
def test_an_output_that_is_not_a_regular_file_is_refused_and_left_alone(kind: str, tmp_path: Path) -> None:
    import os
    import socket
    import stat

    page = tmp_path / "page.txt"
    page.write_bytes(CASES[6].data)
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    before = target.lstat().st_mode
    for args in (["clean", str(page), "-o", str(target)], ["clean", str(page), "-o", "-", "--log", str(target)]):
        proc = paiban(*args)
        assert_one_line_error(proc, "target")
        assert "not a regular file" in proc.stderr
        assert target.lstat().st_mode == before and not stat.S_ISREG(target.lstat().st_mode)


def test_a_page_saved_as_mojibake_is_repaired_with_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "乱码.txt"
    page.write_text(PAGE.encode("utf-8").decode("latin-1"), encoding="utf-8")
    out, log = tmp_path / "乱码.md", tmp_path / "clean.log"
    proc = paiban("clean", str(page), "-o", str(out), "--log", str(log))
    assert proc.returncode == 0, proc.stderr
    article = load(out.read_text(encoding="utf-8"))
    assert article.meta.title == TITLE and "完成重点项目40项" in article.body_text()
    assert "warning: encoding: utf-8, mojibake repaired" in log.read_text(encoding="utf-8")
    assert "mojibake repaired" in proc.stderr  # the warning reaches the console too


def test_a_page_that_cleaning_empties_is_refused_rather_than_printed_as_a_shell(tmp_path: Path) -> None:
    # The article sits in a container the page's script reveals (hidden text is dropped: it is how
    # watermarks are inserted); only the title and a line survive.
    paras = "".join(f"<p>第{i}条　各地区各部门要认真贯彻落实，确保各项任务落到实处，推动工作取得新成效。</p>" for i in range(12))
    page = tmp_path / "shell.html"
    page.write_text(f"<html><body><h1>{TITLE}</h1><div style='display:none'>{paras}</div><p>正文见附件。</p></body></html>",
                    encoding="utf-8")
    proc = paiban("clean", str(page), "-o", str(tmp_path / "shell.md"))
    assert_one_line_error(proc, "shell.html")
    assert "refusing to print a shell" in proc.stderr


@pytest.mark.parametrize(("sidecar", "reason"), [
    ("date: 2024-02-30\n", "key 'date': 2024-02-30 is not a real day"),
    ("date: 2024/2/3\n", "key 'date': '2024/2/3' is not a date"),
    ("title: {a: 1}\n", "key 'title': must be one line of text, not a mapping"),
    ("title-lines:\n  - [a, b]\n", "key 'title-lines'"),
])
def test_sidecar_errors_name_the_yaml_file_and_the_key(sidecar: str, reason: str, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(CASES[6].data)
    (tmp_path / "page.yaml").write_text(sidecar, encoding="utf-8")
    proc = paiban("clean", str(page), "-o", str(tmp_path / "page.md"))
    assert_one_line_error(proc, "page.yaml")
    assert reason in proc.stderr and "internal error" not in proc.stderr


def test_a_sidecar_date_is_kept_as_written(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(CASES[6].data)
    (tmp_path / "page.yaml").write_text("date: 2024-02-29\n", encoding="utf-8")
    assert paiban("clean", str(page), "-o", str(tmp_path / "page.md")).returncode == 0
    assert load((tmp_path / "page.md").read_text(encoding="utf-8")).meta.date == "2024-02-29"


@pytest.mark.parametrize("command", ["clean", "render", "index", "pack", "booklet"])
def test_a_failing_job_puts_its_message_in_its_log(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "无此文件.txt"
    log = tmp_path / "job.log"
    args = {
        "clean": ["clean", str(missing)],
        "render": ["render", "pdf", str(missing.with_suffix(".md"))],
        "index": ["index", str(tmp_path / "nodist")],
        "pack": ["pack", str(tmp_path)],
        "booklet": ["booklet", str(missing.with_suffix(".pdf"))],
    }[command]
    proc = paiban(*args, "-o", str(tmp_path / "out"), "--log", str(log))
    assert proc.returncode != 0
    message = proc.stderr.strip()
    assert message and log.read_text(encoding="utf-8").strip() == f"error: {message}"


@pytest.mark.parametrize("depth", [300, 2000])
def test_deeply_nested_html_is_read_whole(depth: int, tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    body = "".join(f"<p>{line}</p>" for line in BODY.split("\n\n"))
    page.write_text(f"<html><body><h1>{TITLE}</h1>{'<div>' * depth}{body}{'</div>' * depth}</body></html>", encoding="utf-8")
    proc = paiban("clean", str(page), "-o", str(tmp_path / "deep.md"))
    assert proc.returncode == 0, proc.stderr
    assert "扎实做好各项工作" in load((tmp_path / "deep.md").read_text(encoding="utf-8")).body_text()


def test_html_deeper_than_the_documented_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    from paiban.extract_html import MAX_DEPTH

    page = tmp_path / "deeper.html"
    page.write_text(f"<html><body><h1>{TITLE}</h1>{'<div>' * MAX_DEPTH}<p>{BODY}</p>{'</div>' * MAX_DEPTH}</body></html>",
                    encoding="utf-8")
    proc = paiban("clean", str(page), "-o", str(tmp_path / "deeper.md"))
    assert_one_line_error(proc, "deeper.html")
    assert f"more than {MAX_DEPTH} elements deep" in proc.stderr
