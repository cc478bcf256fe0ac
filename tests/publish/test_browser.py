"""The download page in a real browser: Debian's headless chromium against a local `paiban serve`.

A temporary dist/ holds a few tiny generated documents (PDF from WeasyPrint, Markdown, placeholder
DOCX/EPUB zips), including names with Chinese, spaces, quotes and `#`. The checks:
- chromium loads the page from the server; every link in the DOM it builds answers 200 with the right
  content type;
- in a probe page (same origin, an iframe holding index.html at phone and desktop widths) every
  thumbnail has decoded, nothing overflows the phone's width, and the text is a readable size;
- a screenshot (served and from file://) is not blank and each thumbnail's region is not uniform.

The README's picture, tests/screenshots/download-page.png, is taken the same way from a real build
(`snakemake all`, then `chromium --headless … --window-size=1024,1100 --screenshot=… dist/index.html`),
not from these fixtures, so its sizes and thumbnails are those of real outputs.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
from PIL import Image, ImageStat
from weasyprint import HTML

from paiban.publish.index_page import build_index
from paiban.publish.serve import make_server
from tests.project import THEME, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# A browser for every test but one (which shares the served fixture): the whole module is end to end.
pytestmark = [
    pytest.mark.workflow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium; scripts/setup does)"
    ),
]

DOCS: list[dict[str, Any]] = [
    {
        "name": "四平市政协常委会工作报告2024",
        "title_lines": ["中国人民政治协商会议", "四平市第九届委员会常务委员会工作报告"],
        "subtitle": "——2024年1月9日在政协第九届四平市委员会第三次会议上",
        "author": "四平市政协",
        "date": "2024-02-06",
        "pages": 3,
    },
    {
        "name": '张 三"报告',
        "title_lines": ["关于2023年度提案办理情况的报告"],
        "subtitle": "",
        "author": "四平市政协提案委员会",
        "date": "2024-01-20",
        "pages": 2,
    },
    {
        "name": "Report #1 (草稿)",
        "title_lines": ["关于开展“政协委员进社区”", "活动的通知"],
        "subtitle": "",
        "author": "四平市政协办公室",
        "date": "2023-11-03",
        "pages": 1,
    },
]

EXPECTED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".epub": "application/epub+zip",
    ".md": "text/markdown",
}


def doc_pdf(doc: dict[str, Any]) -> bytes:
    """A page that looks like an official document: red header rule, 小标宋-like title, 仿宋 body."""
    title = "".join(f"<div>{line}</div>" for line in doc["title_lines"])
    para = "<p>" + "现在，我代表常务委员会向大会报告工作，请予审议。一年来，我们坚持团结和民主两大主题。" * 4 + "</p>"
    pages = "".join(
        f"<section style='break-before: {'page' if i else 'auto'}'>"
        + (f"<h1>{title}</h1><p class='sub'>{doc['subtitle']}</p>" if i == 0 else "")
        + f"<h2>{'一二三'[i]}、第{i + 1}部分</h2>{para * 3}</section>"
        for i in range(doc["pages"])
    )
    css = (
        "@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: '— ' counter(page) ' —'; } }"
        "body { font-family: 'Noto Serif CJK SC'; font-size: 16pt; line-height: 28.95pt; }"
        "h1 { font-size: 22pt; text-align: center; line-height: 1.5; margin: 0 0 29pt;"
        " border-top: 3pt solid #c00; padding-top: 12pt; }"
        "h2 { font-family: 'Noto Sans CJK SC'; font-size: 16pt; margin: 0; font-weight: 400; }"
        "p { margin: 0; text-indent: 2em; } p.sub { text-align: center; text-indent: 0; }"
    )
    return bytes(HTML(string=f"<html lang='zh-CN'><style>{css}</style><body>{pages}</body></html>").write_pdf())


def doc_markdown(doc: dict[str, Any]) -> str:
    lines = ["---", f"title: {''.join(doc['title_lines'])}"]
    if len(doc["title_lines"]) > 1:
        lines += ["title-lines:"] + [f"- {line}" for line in doc["title_lines"]]
    if doc["subtitle"]:
        lines.append(f"subtitle: {doc['subtitle']}")
    lines += [f"author: {doc['author']}", f"date: '{doc['date']}'", "---", "", "正文。", ""]
    return "\n".join(lines)


def fake_zip(mimetype: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo("mimetype", date_time=(2024, 1, 1, 0, 0, 0))
        z.writestr(info, mimetype)
    return out.getvalue()


PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0} iframe{border:0;display:block}
</style></head><body>
<iframe id="phone" src="index.html" width="360" height="6000"></iframe>
<iframe id="desk" src="index.html" width="1024" height="6000"></iframe>
<pre id="result">pending</pre>
<script>
function measure(frame) {
  const d = frame.contentDocument;
  const imgs = Array.from(d.querySelectorAll('img')).map(i => {
    const r = i.getBoundingClientRect();
    return {complete: i.complete, natural: i.naturalWidth, x: r.x, y: r.y, w: r.width, h: r.height};
  });
  const title = d.querySelector('h2');
  return {
    lang: d.documentElement.lang,
    scrollWidth: d.documentElement.scrollWidth, clientWidth: d.documentElement.clientWidth,
    articles: d.querySelectorAll('article').length,
    titleFontPx: parseFloat(getComputedStyle(title).fontSize),
    bodyFontPx: parseFloat(getComputedStyle(d.body).fontSize),
    linkHeights: Array.from(d.querySelectorAll('ul.files a')).map(a => a.getBoundingClientRect().height),
    imgs: imgs,
  };
}
window.addEventListener('load', () => {
  const out = {};
  for (const f of document.querySelectorAll('iframe')) out[f.id] = measure(f);
  document.getElementById('result').textContent = JSON.stringify(out);
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("dist")
    for doc in DOCS:
        name = doc["name"]
        (d / f"{name}.md").write_text(doc_markdown(doc), encoding="utf-8")
        (d / f"{name}.pdf").write_bytes(doc_pdf(doc))
        (d / f"{name}.docx").write_bytes(fake_zip("application/vnd.openxmlformats"))
        (d / f"{name}.epub").write_bytes(fake_zip("application/epub+zip"))
    (d / "index.html").write_text(build_index(d, THEME.download_page), encoding="utf-8")
    (d / "probe.html").write_text(PROBE, encoding="utf-8")  # test harness only, not linked
    return d


@pytest.fixture(scope="module")
def base_url(dist: Path) -> Iterator[str]:
    # Everything, as `paiban serve --all`: the probe page is the harness's, not a publication.
    with serving(make_server(dist, "127.0.0.1", 0, everything=True)) as port:
        yield f"http://127.0.0.1:{port}/"


def chromium(tmp_path: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def dump_dom(tmp_path: Path, url: str, width: int = 1024) -> lxml.html.HtmlElement:
    proc = chromium(tmp_path, f"--window-size={width},2000", "--virtual-time-budget=5000", "--dump-dom", url)
    return lxml.html.document_fromstring(proc.stdout)


def screenshot(tmp_path: Path, url: str, width: int, height: int) -> Image.Image:
    out = tmp_path / f"shot-{width}x{height}.png"
    chromium(tmp_path, f"--window-size={width},{height}", "--virtual-time-budget=5000", f"--screenshot={out}", url)
    return Image.open(out).convert("RGB")


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as resp:  # the loopback test server
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


# ------------------------------------------------------------------------------------------- tests


def test_served_page_loads_and_every_link_answers(tmp_path: Path, dist: Path, base_url: str) -> None:
    status, ctype, body = get(base_url)
    assert status == 200 and ctype.startswith("text/html") and "charset=utf-8" in ctype
    root = dump_dom(tmp_path, base_url)
    assert root.get("lang") == "zh-CN"
    articles = root.xpath("//article")
    assert len(articles) == len(DOCS)
    # Newest first, as chromium built the DOM.
    titles = ["".join(a.xpath(".//h2//text()")) for a in articles]
    assert titles == ["".join(d["title_lines"]) for d in sorted(DOCS, key=lambda d: d["date"], reverse=True)]
    hrefs = sorted(set(root.xpath("//a/@href")))
    assert len(hrefs) == 4 * len(DOCS)
    for href in hrefs:
        url = urljoin(base_url, href)
        assert urlsplit(url).netloc == urlsplit(base_url).netloc  # nothing points off the server
        status, ctype, body = get(url)
        name = unquote(urlsplit(url).path.lstrip("/"))
        suffix = Path(name).suffix
        assert status == 200, url
        assert ctype.split(";")[0].strip() == EXPECTED_TYPES[suffix], (url, ctype)
        assert body == (dist / name).read_bytes()  # the encoded link names exactly that file
    assert {unquote(h) for h in hrefs} == {f"{d['name']}{s}" for d in DOCS for s in EXPECTED_TYPES}


def test_server_refuses_listings_and_escapes(dist: Path, base_url: str) -> None:
    import http.client

    (dist / "logs").mkdir(exist_ok=True)
    (dist / "logs" / "x.log").write_text("log", encoding="utf-8")
    host, port = urlsplit(base_url).hostname, urlsplit(base_url).port
    for path in ("/logs/", "/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/nonexistent.pdf"):
        conn = http.client.HTTPConnection(host or "127.0.0.1", port, timeout=10)
        conn.request("GET", path)  # sent as written: no client-side normalisation
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        assert resp.status == 404, (path, resp.status)
        assert b"root:" not in body and b"x.log" not in body
    # Served only when asked (--all; tests/publish/test_serve.py checks the default answers 404).
    status, ctype, _ = get(base_url + "logs/x.log")
    assert status == 200 and ctype == "text/plain; charset=utf-8"


def test_layout_on_phone_and_desktop(tmp_path: Path, base_url: str) -> None:
    root = dump_dom(tmp_path, base_url + "probe.html")
    result = json.loads(root.xpath("string(//pre[@id='result'])"))
    for frame in ("phone", "desk"):
        m = result[frame]
        assert m["lang"] == "zh-CN" and m["articles"] == len(DOCS)
        assert len(m["imgs"]) == len(DOCS)
        for img in m["imgs"]:
            assert img["complete"] and img["natural"] == 240  # the thumbnail decoded
            assert img["w"] >= 80 and img["h"] > img["w"]  # shown at a visible size, portrait
        assert m["scrollWidth"] <= m["clientWidth"], f"{frame}: the page scrolls sideways"
        assert m["bodyFontPx"] >= 16 and m["titleFontPx"] >= 16
        assert min(m["linkHeights"]) >= 36  # links are comfortable tap targets
    assert result["phone"]["imgs"][0]["w"] < result["desk"]["imgs"][0]["w"]  # smaller on a phone


def _thumb_rects(tmp_path: Path, base_url: str) -> list[dict[str, float]]:
    root = dump_dom(tmp_path, base_url + "probe.html")
    rects: list[dict[str, float]] = json.loads(root.xpath("string(//pre[@id='result'])"))["desk"]["imgs"]
    return rects


@pytest.mark.parametrize("how", ["http", "file"])
def test_screenshot_renders_with_thumbnails(tmp_path: Path, dist: Path, base_url: str, how: str) -> None:
    url = base_url if how == "http" else (dist / "index.html").as_uri()
    shot = screenshot(tmp_path, url, 1024, 1100)
    gray = shot.convert("L")
    assert ImageStat.Stat(gray).stddev[0] > 20, "the page looks blank"
    for rect in _thumb_rects(tmp_path, base_url):  # the same layout at the same width
        box = (int(rect["x"]) + 2, int(rect["y"]) + 2, int(rect["x"] + rect["w"]) - 2, int(rect["y"] + rect["h"]) - 2)
        if box[3] > shot.height:
            continue  # below the fold
        region = gray.crop(box)
        lo, hi = cast(tuple[int, int], region.getextrema())  # one band: (min, max)
        assert hi > 230 and lo < 120, f"thumbnail at {box} is uniform ({lo}..{hi})"  # paper and ink
        rgb = shot.crop(box).tobytes()
        reddish = sum(1 for i in range(0, len(rgb), 3) if rgb[i] - rgb[i + 1] > 60 and rgb[i] - rgb[i + 2] > 60)
        assert reddish >= 20, "the thumbnail's red header rule is not visible"  # the page's colour shows
