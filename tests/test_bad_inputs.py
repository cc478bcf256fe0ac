"""Bad input gets a clear answer and nothing is lost (issue 7): the corpus through `paiban clean`,
`paiban render` and `snakemake all --keep-going`, plus an interrupted run that resumes cleanly."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from paiban.markdown import load
from tests.bad_inputs import BODY, CASES, PAGE, TITLE, Case, big_page
from tests.project import Paiban, Snakemake, assert_one_line_error, source_folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_clean(paiban: Paiban, case: Case, tmp_path: Path) -> None:
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


def test_twenty_megabyte_page_is_refused_in_one_line(paiban: Paiban, tmp_path: Path) -> None:
    page = tmp_path / "huge.txt"
    page.write_bytes(big_page(20))
    proc = paiban("clean", str(page), "-o", str(tmp_path / "huge.md"))
    assert_one_line_error(proc, "huge.txt")
    assert "MB" in proc.stderr


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub", "html"])
def test_markup_lookalikes_print_literally(paiban: Paiban, fmt: str, tmp_path: Path) -> None:
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
    xml = re.sub(r"<(script|style|head)\b.*?</\1>", "", xml, flags=re.S)  # not what a reader sees
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def test_keep_going_builds_the_good_pages_and_refuses_the_bad(snakemake: Snakemake, tmp_path: Path) -> None:
    source_folder(tmp_path, {case.name: case.data for case in CASES})
    proc = snakemake(tmp_path, "--keep-going", "all")
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


def test_interrupted_run_resumes_cleanly(snakemake: Snakemake, tmp_path: Path) -> None:
    ok_cases = [c for c in CASES if c.expect == "ok"][:3]
    source_folder(tmp_path, {case.name: case.data for case in ok_cases})
    proc = subprocess.Popen(
        snakemake.argv(tmp_path, "all", cores=1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 300
    while time.time() < deadline and not list((tmp_path / "dist").glob("*.pdf")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    assert [p.name for p in (tmp_path / "dist").rglob("*.part")] == []
    again = snakemake(tmp_path, "all", cores=1)
    assert again.returncode == 0, again.stderr[-3000:]
    for case in ok_cases:
        for suffix in (".md", ".pdf", ".docx", ".epub"):
            assert (tmp_path / "dist" / (Path(case.name).stem + suffix)).stat().st_size > 0
    assert (tmp_path / "dist" / "index.html").exists()


# ------------------------------------------------------------------ issue 12: nothing lost, leaked or silent


@pytest.mark.parametrize("kind", ["fifo", "folder", "socket"])
def test_an_output_that_is_not_a_regular_file_is_refused_and_left_alone(
    paiban: Paiban, kind: str, tmp_path: Path
) -> None:
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


def test_a_page_saved_as_mojibake_is_repaired_with_a_warning(paiban: Paiban, tmp_path: Path) -> None:
    page = tmp_path / "乱码.txt"
    page.write_text(PAGE.encode("utf-8").decode("latin-1"), encoding="utf-8")
    out, log = tmp_path / "乱码.md", tmp_path / "clean.log"
    proc = paiban("clean", str(page), "-o", str(out), "--log", str(log))
    assert proc.returncode == 0, proc.stderr
    article = load(out.read_text(encoding="utf-8"))
    assert article.meta.title == TITLE and "完成重点项目40项" in article.body_text()
    assert "warning: encoding: utf-8, mojibake repaired" in log.read_text(encoding="utf-8")
    assert "mojibake repaired" in proc.stderr  # the warning reaches the console too


def test_a_page_that_cleaning_empties_is_refused_rather_than_printed_as_a_shell(paiban: Paiban, tmp_path: Path) -> None:
    # The article sits in a container the page's script reveals (hidden text is dropped: it is how
    # watermarks are inserted); only the title and a line survive.
    paras = "".join(
        f"<p>第{i}条　各地区各部门要认真贯彻落实，确保各项任务落到实处，推动工作取得新成效。</p>" for i in range(12)
    )
    page = tmp_path / "shell.html"
    page.write_text(
        f"<html><body><h1>{TITLE}</h1><div style='display:none'>{paras}</div><p>正文见附件。</p></body></html>",
        encoding="utf-8",
    )
    proc = paiban("clean", str(page), "-o", str(tmp_path / "shell.md"))
    assert_one_line_error(proc, "shell.html")
    assert "refusing to print a shell" in proc.stderr


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ("date: 2024-02-30\n", "key 'date': 2024-02-30 is not a real day"),
        ("date: 2024/2/3\n", "key 'date': '2024/2/3' is not a date"),
        ("title: {a: 1}\n", "key 'title': must be one line of text, not a mapping"),
        ("title-lines:\n  - [a, b]\n", "key 'title-lines'"),
    ],
)
def test_sidecar_errors_name_the_yaml_file_and_the_key(
    paiban: Paiban, sidecar: str, reason: str, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(CASES[6].data)
    (tmp_path / "page.yaml").write_text(sidecar, encoding="utf-8")
    proc = paiban("clean", str(page), "-o", str(tmp_path / "page.md"))
    assert_one_line_error(proc, "page.yaml")
    assert reason in proc.stderr and "internal error" not in proc.stderr


def test_a_sidecar_date_is_kept_as_written(paiban: Paiban, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(CASES[6].data)
    (tmp_path / "page.yaml").write_text("date: 2024-02-29\n", encoding="utf-8")
    assert paiban("clean", str(page), "-o", str(tmp_path / "page.md")).returncode == 0
    assert load((tmp_path / "page.md").read_text(encoding="utf-8")).meta.date == "2024-02-29"


@pytest.mark.parametrize("command", ["clean", "render", "index", "pack", "booklet"])
def test_a_failing_job_puts_its_message_in_its_log(paiban: Paiban, command: str, tmp_path: Path) -> None:
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
def test_deeply_nested_html_is_read_whole(paiban: Paiban, depth: int, tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    body = "".join(f"<p>{line}</p>" for line in BODY.split("\n\n"))
    page.write_text(
        f"<html><body><h1>{TITLE}</h1>{'<div>' * depth}{body}{'</div>' * depth}</body></html>", encoding="utf-8"
    )
    proc = paiban("clean", str(page), "-o", str(tmp_path / "deep.md"))
    assert proc.returncode == 0, proc.stderr
    assert "扎实做好各项工作" in load((tmp_path / "deep.md").read_text(encoding="utf-8")).body_text()


def test_html_deeper_than_the_documented_limit_is_refused_in_one_line(paiban: Paiban, tmp_path: Path) -> None:
    from paiban.clean.html import MAX_DEPTH

    page = tmp_path / "deeper.html"
    page.write_text(
        f"<html><body><h1>{TITLE}</h1>{'<div>' * MAX_DEPTH}<p>{BODY}</p>{'</div>' * MAX_DEPTH}</body></html>",
        encoding="utf-8",
    )
    proc = paiban("clean", str(page), "-o", str(tmp_path / "deeper.md"))
    assert_one_line_error(proc, "deeper.html")
    assert f"more than {MAX_DEPTH} elements deep" in proc.stderr


SPEECH = (
    "坚定信心 真抓实干\n——在全市经济工作会议上的讲话\n市长　张三\n（2024年1月12日）\n\n同志们：\n\n"
    "这次会议的主要任务是，总结去年经济工作，部署今年经济工作。\n\n去年以来，全市经济运行稳中有进，各项工作取得新成效。\n"
)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_a_speech_prints_subtitle_speaker_and_date_line_once(paiban: Paiban, fmt: str, tmp_path: Path) -> None:
    page = tmp_path / "讲话.txt"
    page.write_text(SPEECH, encoding="utf-8")
    assert paiban("clean", str(page), "-o", str(tmp_path / "讲话.md")).returncode == 0
    out = tmp_path / f"讲话.{fmt}"
    assert paiban("render", fmt, str(tmp_path / "讲话.md"), "-o", str(out)).returncode == 0
    text = extract_text(out).replace(" ", "")
    for line in ("坚定信心真抓实干", "——在全市经济工作会议上的讲话", "市长张三", "（2024年1月12日）"):
        assert text.count(line) == 1, (line, text[:200])
    assert text.index("市长张三") < text.index("（2024年1月12日）") < text.index("同志们")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_a_subtitle_that_repeats_the_title_is_printed_once(paiban: Paiban, fmt: str, tmp_path: Path) -> None:
    from paiban.markdown import dump

    md = tmp_path / "d.md"
    md.write_text(f"---\ntitle: {TITLE}\nsubtitle: {TITLE}\n---\n\n{BODY.splitlines()[2]}\n", encoding="utf-8")
    article = load(md.read_text(encoding="utf-8"))
    assert article.meta.subtitle == "" and "subtitle" not in dump(article)
    out = tmp_path / f"d.{fmt}"
    assert paiban("render", fmt, str(md), "-o", str(out)).returncode == 0
    assert extract_text(out).count(TITLE) == 1


def shown_glyphs(pdf: Path) -> list[tuple[str, int]]:
    """(font name, glyph id) of every glyph the PDF's pages show. WeasyPrint writes Type0 fonts whose codes
    are glyph ids (Identity-H), or, when a face lacks a character, a CMap that sends its code to glyph 0."""
    import re

    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    out: list[tuple[str, int]] = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        name, gids = "", None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                font = fonts[operands[0]].get_object()
                name = str(font["/BaseFont"])
                encoding = font["/Encoding"].get_object()
                gids = (
                    None
                    if not hasattr(encoding, "get_data")
                    else {
                        int(c, 16): int(g) for c, g in re.findall(rb"<([0-9a-fA-F]{4})>\s+(\d+)", encoding.get_data())
                    }
                )
            elif op in (b"Tj", b"TJ"):
                for s in operands[0] if op == b"TJ" else [operands[0]]:
                    data = getattr(s, "original_bytes", b"")
                    for i in range(0, len(data), 2):
                        code = int.from_bytes(data[i : i + 2], "big")
                        out.append((name, gids.get(code, code) if gids is not None else code))
    return out


def uninked(pdf: Path, triples: list[str]) -> list[str]:
    """Of each `before, char, after` triple on the first page, the chars with no ink between their
    neighbours (measured between the neighbours' boxes: a colour emoji has no text box of its own)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    page, scale = doc[0], 2
    image = page.render(scale=scale).to_pil().convert("L")
    text = page.get_textpage()
    found = text.get_text_range()
    height = page.get_height()
    missing = []
    for before, ch, after in map(tuple, triples):
        i = found.find(before)
        j = found.find(after, i + 1)
        assert 0 <= i < j, (before, after, found)
        # pdfium counts a supplementary-plane character as two UTF-16 units
        _, bottom, left, top = text.get_charbox(len(found[:i].encode("utf-16-le")) // 2)
        right = text.get_charbox(len(found[:j].encode("utf-16-le")) // 2)[0]
        box = image.crop(
            (
                int(left * scale) + 1,
                int((height - top) * scale),
                int(right * scale) - 1,
                int((height - bottom) * scale) + 1,
            )
        )
        if box.getextrema()[0] > 240:  # white (a colour emoji's yellow is light, but not white)
            missing.append(ch)
    return missing


RARE = "𠀀𪚥👍"


def test_rare_ideographs_and_emoji_print_with_real_glyphs(paiban: Paiban, tmp_path: Path) -> None:
    md = tmp_path / "生僻字.md"
    md.write_text(
        f"---\ntitle: {TITLE}\n---\n\n罕见字{RARE[0]}和{RARE[1]}，还有{RARE[2]}，正文完。\n", encoding="utf-8"
    )
    out, log = tmp_path / "生僻字.pdf", tmp_path / "pdf.log"
    proc = paiban("render", "pdf", str(md), "-o", str(out), "--log", str(log))
    assert proc.returncode == 0 and "warning" not in proc.stderr + log.read_text(encoding="utf-8"), proc.stderr
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "HanaMin" in fonts and "Emoji" in fonts, fonts  # the set-up's faces, embedded
    glyphs = shown_glyphs(out)
    assert glyphs and [g for g in glyphs if g[1] == 0] == []  # no .notdef
    assert uninked(out, [f"字{RARE[0]}和", f"和{RARE[1]}，", f"有{RARE[2]}，"]) == []


def test_a_character_no_installed_font_has_is_named_in_a_warning(paiban: Paiban, tmp_path: Path) -> None:
    nobody = "\U000f0000"  # supplementary private use: no face has it
    md = tmp_path / "无字.md"
    md.write_text(f"---\ntitle: {TITLE}\n---\n\n这里有一个{nobody}字。\n", encoding="utf-8")
    out, log = tmp_path / "无字.pdf", tmp_path / "pdf.log"
    proc = paiban("render", "pdf", str(md), "-o", str(out), "--log", str(log))
    assert proc.returncode == 0
    for text in (proc.stderr, log.read_text(encoding="utf-8")):
        assert "warning" in text and "U+F0000" in text
    assert "无字.md" in proc.stderr
    assert [g for g in shown_glyphs(out) if g[1] == 0] != []  # the check above does see a .notdef


# `snakemake` runs with the default profile below (keep-going, as a user gets it), in another folder.


def test_workflow_refuses_leaks_reports_warnings_and_leaves_nothing_stale(snakemake: Snakemake, tmp_path: Path) -> None:
    source = source_folder(tmp_path, {"good.txt": CASES[6].data, "bad.txt": CASES[6].data}) / "source"
    (source / "bad.yaml").write_text("date: 2024-02-28\n", encoding="utf-8")
    (source / "untitled.txt").write_text(BODY, encoding="utf-8")  # warns: no title found
    secret = tmp_path / "secret.txt"
    secret.write_text(PAGE.replace(TITLE, "机密文件"), encoding="utf-8")
    (source / "passwd.txt").symlink_to(secret)
    (source / "a{doc}b.txt").write_bytes(CASES[6].data)
    (tmp_path / "meeting.yaml").write_text("meeting: 全体会议\ndocuments: [good, bad]\n", encoding="utf-8")

    # Row 5: the pack's meeting file is recorded, so `booklets` later reuses the pack as bound.
    first = snakemake(tmp_path, "pack", "--config", "pack=meeting.yaml")
    dist = tmp_path / "dist"
    assert (dist / "print" / "pack.pdf").exists(), first.stderr[-3000:]
    plan = snakemake(tmp_path, "booklets", "-n")
    assert "rule pack:" not in plan.stdout + plan.stderr and "rule pack_booklet:" in plan.stdout + plan.stderr

    (source / "bad.yaml").write_text("date: 2024-02-30\n", encoding="utf-8")
    proc = snakemake(tmp_path, "all")
    err = proc.stderr
    assert proc.returncode != 0
    # Rows 2 and 10: refused one by one, naming the page; the others build.
    assert f"paiban: {Path('source') / 'passwd.txt'}: refused: it resolves to {secret}" in err
    assert "paiban: source/a{doc}b.txt: refused:" in err and "WildcardError" not in err
    assert not list(dist.glob("passwd.*")) and "机密文件" not in (dist / "index.html").read_text(encoding="utf-8")
    for doc in ("good", "untitled"):
        assert sorted(p.suffix for p in dist.glob(f"{doc}.*")) == [".docx", ".epub", ".md", ".pdf"]
    # Row 14: the failed document's old publications left dist/ and the download page.
    assert list(dist.glob("bad.*")) == [] and "bad.pdf" not in (dist / "index.html").read_text(encoding="utf-8")
    # Rows 12 and 16: the summary reaches the console, the failure names the YAML file and key.
    assert "paiban: 2 of 3 documents built; 1 warning; 1 failed; 2 refused" in err
    assert "paiban: warning: untitled: no title found in the page" in err
    assert "paiban: failed: bad: source/bad.yaml: key 'date': 2024-02-30 is not a real day" in err
    # Row 15: the job's log holds the message the job printed.
    assert "key 'date': 2024-02-30" in (dist / "logs" / "bad.clean.log").read_text(encoding="utf-8")


def test_workflow_without_a_source_folder_says_so(snakemake: Snakemake, tmp_path: Path) -> None:
    proc = snakemake(tmp_path / "typo", "all")
    assert proc.returncode != 0
    assert f"paiban: {tmp_path / 'typo' / 'source'}: no such folder" in proc.stderr
    assert not (tmp_path / "typo" / "dist").exists()


def test_a_run_killed_outright_leaves_no_lock_for_the_next(snakemake: Snakemake, tmp_path: Path) -> None:
    source_folder(tmp_path, {f"doc{i}.txt": CASES[6].data for i in range(3)})
    proc = subprocess.Popen(
        snakemake.argv(tmp_path, "all", cores=1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 300
    while time.time() < deadline and not list((tmp_path / "dist").glob("*.md")):
        time.sleep(0.05)
    assert list((tmp_path / ".snakemake" / "locks").glob("*.lock"))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert list((tmp_path / ".snakemake" / "locks").glob("*.lock"))  # what used to stop every later run
    again = snakemake(tmp_path, "all")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "cleared a stale lock left by an interrupted run" in again.stderr
    assert len(list((tmp_path / "dist").glob("*.pdf"))) == 3
