"""Site vocabularies (issue 14): `source/sites/NAME.yaml` applies to every page of one site — matched by
the page's folder or host, validated in one line, ranked below the sidecar and above the built-in data."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from paiban.clean.page import clean_source
from paiban.clean.sites import Site, Sites, host_of, load_sites, page_url, read_site
from paiban.errors import PaibanError
from paiban.sidecar import load_mapping
from paiban.workflow.sources import discover, site_inputs
from tests.project import Paiban, Snakemake

CHROME = "青山县数字政务专区第七频道"
NOTICE = f"""关于做好2024年春节期间安全工作的通知
{CHROME}
各县（市、区）应急管理局:
为切实做好春节期间安全防范工作,现将有关事项通知如下。
一、高度重视
各地要提高认识,压实责任。
{CHROME}
二、加强值守
严格执行24小时值班制度,确保信息畅通。
XX市应急管理局
2024年1月19日
"""


def site(text: str, path: str = "source/sites/qingshan.yaml") -> Site:
    return read_site(load_mapping(text, path, "site vocabulary keys"), path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("hosst: [a.cn]\n", "unknown key 'hosst'"),
        ("boilerplate: ['(']\n", "key 'boilerplate': bad regular expression '('"),
        ("keep: [1]\n", "key 'keep': 1 must be a line of text"),
        ("boilerplate-outside: {a: b}\n", "key 'boilerplate-outside': {'a': 'b'} must be a line of text"),
        ("hosts: ['青山 县']\n", "key 'hosts': '青山 县' is not a host name"),
        ("defaults: 青山县人民政府\n", "key 'defaults': must be a mapping"),
        ("defaults: {title: 通知}\n", "key 'defaults': unknown key 'title'"),
        ("defaults: {author: [a, b]}\n", "key 'defaults.author': must be one line of text"),
        ("[a, b]\n", "must be a mapping"),
    ],
)
def test_a_bad_site_file_is_named_with_its_key(text: str, problem: str) -> None:
    with pytest.raises(PaibanError) as exc:
        site(text)
    assert str(exc.value).startswith("source/sites/qingshan.yaml: ") and "\n" not in str(exc.value)
    assert problem in exc.value.message


def test_a_host_in_two_site_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "a.yaml").write_text("hosts: [qingshan.gov.cn]\n", encoding="utf-8")
    (tmp_path / "sites" / "b.yaml").write_text("hosts: [QingShan.gov.cn.]\n", encoding="utf-8")
    with pytest.raises(PaibanError, match=r"b\.yaml: key 'hosts': qingshan\.gov\.cn is already listed by .*a\.yaml"):
        load_sites(tmp_path)
    assert load_sites(tmp_path / "nowhere").sites == ()


@pytest.mark.parametrize(
    ("page", "url"),
    [
        (
            b'<html><head><link href="https://a.cn/1" rel="canonical"><meta property="og:url" content="https://b.cn/1">',
            "https://a.cn/1",
        ),
        (b"<html><head><meta content='https://b.cn/1' property='og:url'><base href=https://c.cn/>", "https://b.cn/1"),
        (b"<!DOCTYPE html><html><head><base href=https://c.cn/x/></head>", "https://c.cn/x/"),
        (b"<!-- saved from url=(0020)http://d.cn/a.html -->\n<html><body>", "http://d.cn/a.html"),
        (b'<html><link rel="stylesheet" href="https://cdn.cn/a.css"><p>https://e.cn/</p>', ""),
        ("原文链接：https://f.gov.cn/a.html\n正文第一段。\n".encode("gbk"), "https://f.gov.cn/a.html"),
        ("標題\n正文。\n原文網址：https://g.gov.tw/a\n".encode("big5"), "https://g.gov.tw/a"),
        ("URL: https://h.cn/1\n标题\n".encode("utf-16"), "https://h.cn/1"),
        # a URL the document itself cites, deep in its body, is not the page's address
        (("标题\n" + "正文。\n" * 12 + "https://i.cn/\n" + "正文。\n" * 12).encode(), ""),
        ("详见本局网站https://j.cn/\n".encode(), ""),
    ],
)
def test_the_page_says_its_own_address(page: bytes, url: str) -> None:
    assert page_url(page) == url


def test_hosts_are_lower_case_without_port() -> None:
    assert host_of("HTTPS://WWW.Qingshan.Gov.CN:8080/a?b") == "www.qingshan.gov.cn"
    assert host_of("ftp://qingshan.gov.cn/") == host_of("www.qingshan.gov.cn") == host_of("https://:80/") == ""


def test_a_page_belongs_to_its_folder_first_then_its_most_specific_host(tmp_path: Path) -> None:
    source = tmp_path / "source"
    broad, narrow = site("hosts: [gov.cn]\n", "s/broad.yaml"), site("hosts: [qingshan.gov.cn]\n", "s/narrow.yaml")
    folder = site("", "s/qs.yaml")
    sites = Sites(source, (broad, narrow, folder))
    page = b"URL: https://www.qingshan.gov.cn/a\n"
    assert sites.match(source / "a.txt", page).site is narrow
    assert sites.match(source / "a.txt", b"https://www.other.gov.cn/\n").site is broad
    assert sites.match(source / "a.txt", b"https://notgov.cn/\n") is None
    assert sites.match(source / "qs" / "a.txt", page).site is folder
    assert sites.match(source / "a.txt", page, url="https://x.gov.cn/").site is broad
    assert sites.match(source / "qs" / "a.md", page) is None  # a corrected copy is taken as is


def test_a_site_adds_chrome_below_the_sidecar_and_fills_what_the_page_leaves_empty() -> None:
    qs = site(
        f"boilerplate: ['^{CHROME}$']\ninline: ['〔青山发布〕']\n"
        "defaults: {author: 青山县人民政府, category: 通知公告}\n"
    )
    page = NOTICE.replace("压实责任", "压实责任〔青山发布〕")
    article, log = clean_source(page.encode(), "n.txt", None, qs)
    assert CHROME not in article.body_text() and "青山发布" not in article.body_text()
    removed = [(e.reason, e.text) for e in log if e.action == "removed" and "qingshan" in e.reason]
    assert (
        removed
        == [("inline junk (source/sites/qingshan.yaml)", "〔青山发布〕")]
        + [("site pattern (source/sites/qingshan.yaml)", CHROME)] * 2
    )
    assert "各地要提高认识，压实责任。" in article.body_text()
    # the signature names the author, so the site's default stays out; the category was nowhere
    assert article.meta.author == "XX市应急管理局" and article.meta.category == "通知公告"
    assert any(e.reason == "site default: category (source/sites/qingshan.yaml)" for e in log)
    # the sidecar wins: its front matter over the default, and its patterns come first
    article, log = clean_source(page.encode(), "n.txt", {"category": "安全生产", "boilerplate": [CHROME]}, qs)
    assert article.meta.category == "安全生产"
    assert {e.reason for e in log if e.text == CHROME} == {"site pattern (sidecar)"}
    # without the site the line is kept: the built-in vocabulary knows nothing of it
    assert CHROME in clean_source(page.encode(), "n.txt")[0].body_text()


def test_chrome_outside_the_document_only_and_lines_to_keep() -> None:
    qs = site(f"boilerplate-outside: ['^{CHROME}$']\n")
    article, log = clean_source(NOTICE.encode(), "n.txt", None, qs)
    assert [(e.line, e.reason) for e in log if e.text == CHROME] == [
        (2, "site pattern (source/sites/qingshan.yaml) (before the start of the document)")
    ]
    assert CHROME in article.body_text()  # inside the document it is text
    page = NOTICE.replace(CHROME, "关闭窗口")  # a line the built-in vocabulary takes for a widget
    assert "关闭窗口" not in clean_source(page.encode(), "n.txt")[0].body_text()
    article, log = clean_source(page.encode(), "n.txt", None, site("keep: ['^关闭窗口$']\n"))
    assert article.body_text().count("关闭窗口") == 2 and "压实责任。关闭窗口二、加强值守" in article.body_text()
    assert not any(e.text == "关闭窗口" for e in log if e.action == "removed")


def test_pages_one_folder_down_are_documents_with_unique_names(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in (
        "a.txt",
        "qs/b.txt",
        "qs/a.txt",
        "qs/c.html",
        "qs/c.txt",
        "qs/deeper/d.txt",
        "sites/s.txt",
        "sites/qs.yaml",
        "e.md",
        "qs/e.txt",
    ):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text("x", encoding="utf-8")
    docs, refused = discover(source)
    assert docs == {
        "a": str(source / "a.txt"),
        "b": str(source / "qs/b.txt"),
        "c": str(source / "qs/c.html"),
        "e": str(source / "e.md"),
    }
    reasons = {Path(r.page).relative_to(source).as_posix(): r.reason for r in refused}
    assert sorted(reasons) == ["qs/a.txt", "sites/s.txt"]
    assert (
        f"'a' is already {source / 'a.txt'}'s" in reasons["qs/a.txt"] and "site vocabularies" in reasons["sites/s.txt"]
    )


def test_a_folder_that_resolves_outside_source_is_refused_in_one_line(tmp_path: Path) -> None:
    source, elsewhere = tmp_path / "source", tmp_path / "elsewhere"
    source.mkdir()
    elsewhere.mkdir()
    for name in ("a.txt", "b.txt"):
        (elsewhere / name).write_text("x", encoding="utf-8")
    (source / "ext").symlink_to(elsewhere)
    docs, refused = discover(source)
    assert docs == {} and [r.page for r in refused] == [f"{source / 'ext'}/"]
    docs, refused = discover(source, allow_outside=True)
    assert sorted(docs) == ["a", "b"] and refused == []


def test_the_clean_rule_depends_on_the_site_file_that_applies(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "sites").mkdir(parents=True)
    (source / "sites" / "qs.yaml").write_text("hosts: [qingshan.gov.cn]\n", encoding="utf-8")
    (source / "a.txt").write_text("https://qingshan.gov.cn/a\n正文。\n", encoding="utf-8")
    (source / "b.txt").write_text("正文。\n", encoding="utf-8")
    (source / "b.yaml").write_text("url: http://www.qingshan.gov.cn/b\n", encoding="utf-8")
    (source / "c.txt").write_text("正文。\n", encoding="utf-8")
    (source / "c.yaml").write_text("url: [\n", encoding="utf-8")  # its clean job reports it
    sites = load_sites(source)
    assert (
        site_inputs(sites, str(source / "a.txt"))
        == site_inputs(sites, str(source / "b.txt"))
        == [str(source / "sites" / "qs.yaml")]
    )
    assert site_inputs(sites, str(source / "c.txt")) == site_inputs(sites, str(source / "gone.txt")) == []


def test_a_sidecar_url_must_be_a_web_address(paiban: Paiban, tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "p.yaml").write_text("url: qingshan.gov.cn\n", encoding="utf-8")
    proc = paiban("clean", str(tmp_path / "p.txt"), "-o", "-", timeout=120)
    assert proc.returncode == 1
    assert (
        proc.stderr.strip() == f"paiban: {tmp_path / 'p.yaml'}: key 'url': 'qingshan.gov.cn' is not a web address; "
        "write https://host/…"
    )


# End to end: two pages of one site share its file; the rule's input follows the file.

HTML_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="canonical" href="https://www.qingshan.gov.cn/zwgk/2.html"><title>关于做好冬季防火工作的通知</title></head>
<body><h1>关于做好冬季防火工作的通知</h1><div class="content"><p>各乡镇人民政府：</p>
<p>为切实做好今冬明春防火工作，现就有关事项通知如下。</p><p>{CHROME}</p>
<p>各单位要充分认识做好防火工作的重要性，压实责任，确保全县安全形势持续稳定。</p>
<p>青山县人民政府办公室</p><p>2024年11月18日</p></div></body></html>
"""


def planned(snakemake: Snakemake, work: Path, targets: list[str]) -> dict[str, int]:
    proc = snakemake(work, "-n", *targets)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    if "Nothing to be done" in out:
        return {}
    jobs = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)$", out.split("Job stats:", 1)[1], re.M)}
    jobs.pop("total", None)
    return jobs


def test_one_site_file_cleans_both_pages_and_editing_it_rebuilds_exactly_them(
    snakemake: Snakemake, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    source = work / "source"
    (source / "sites").mkdir(parents=True)
    (source / "other").mkdir()
    site_file = source / "sites" / "qingshan.yaml"
    site_file.write_text(f"hosts: [qingshan.gov.cn]\nboilerplate: ['^{CHROME}$']\n", encoding="utf-8")
    (source / "通知.txt").write_text(NOTICE + "原文链接：https://www.qingshan.gov.cn/zwgk/1.html\n", encoding="gbk")
    (source / "防火.html").write_text(HTML_PAGE, encoding="utf-8")
    (source / "other" / "另一站.txt").write_text(NOTICE, encoding="utf-8")
    targets = [f"dist/{doc}.md" for doc in ("通知", "防火", "另一站")]
    proc = snakemake(work, *targets)
    assert proc.returncode == 0, proc.stderr[-3000:]
    dist = work / "dist"
    for doc in ("通知", "防火"):
        assert CHROME not in (dist / f"{doc}.md").read_text(encoding="utf-8")
        log = (dist / "logs" / f"{doc}.clean.log").read_text(encoding="utf-8")
        assert "site: source/sites/qingshan.yaml (host www.qingshan.gov.cn)" in log
        assert f"site pattern (source/sites/qingshan.yaml) «{CHROME}»" in log
    assert CHROME in (dist / "另一站.md").read_text(encoding="utf-8")
    assert planned(snakemake, work, targets) == {}
    time.sleep(1.0)  # clear of coarse file-system timestamps
    os.utime(site_file)
    assert planned(snakemake, work, targets) == {"clean": 2}
    assert snakemake(work, *targets).returncode == 0
    # A new site file for the folder source/other/ now applies to its page, which alone rebuilds.
    (source / "sites" / "other.yaml").write_text(f"boilerplate: ['^{CHROME}$']\n", encoding="utf-8")
    os.utime(source / "sites" / "other.yaml", (1, 1))  # older than every output: the input set decides
    assert planned(snakemake, work, targets) == {"clean": 1}
    assert snakemake(work, *targets).returncode == 0
    assert CHROME not in (dist / "另一站.md").read_text(encoding="utf-8")
    assert "site: source/sites/other.yaml (pages in source/other/)" in (dist / "logs" / "另一站.clean.log").read_text(
        encoding="utf-8"
    )
    # A broken site file stops the run before any job, in one line naming it.
    site_file.write_text("boilerplate: ['(']\n", encoding="utf-8")
    proc = snakemake(work, *targets)
    assert proc.returncode != 0
    assert "paiban: source/sites/qingshan.yaml: key 'boilerplate': bad regular expression '('" in proc.stderr
