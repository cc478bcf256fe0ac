"""The PDF measured on its own pages (issue 4): characters and their positions through pdfplumber.

Every check reads the rendered PDF, not paiban's intentions: text fidelity, flush right edges, kinsoku,
孤字, headings at a page bottom, widows/orphans, 22 lines a page, 28 characters a line, line pitch,
first-line indent, page geometry, page numbers, metadata, bookmarks, reproducibility and the URL fetcher.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pytest

from paiban import markdown
from paiban.model import Article, Block, Meta
from paiban.render.css import LIST_MARKER
from paiban.render.pdf.document import build_html, render_pdf
from paiban.render.pdf.typeset import MARKS, NO_END, NO_START, PUNCT, units
from paiban.render.roles import block_role, heading_role
from paiban.theme import MM_PER_PT, Theme
from tests.project import CORPUS, SEED_MD, THEME, THEME_PATH

# A small document shaped like the seed: title lines, parts, 一、 sections, （一） subsections, a
# salutation, long paragraphs with “” and ‘’ quotes, numbers (40项, 2023年), Latin words, —— and ……,
# a closing block.
_P = [
    "2023年，在中共某某市委坚强领导下，市政协及其常委会高举中国特色社会主义伟大旗帜，始终坚持党的领导、"
    "统一战线、协商民主有机结合，牢牢把握团结奋斗的时代要求，紧紧围绕中心服务大局，充分发挥专门协商机构作用，"
    "推动政协工作不断迈上新台阶。",
    "人民政协从诞生起就具有鲜明的政治属性，是党的全局工作的重要组成部分。一年来，我们按照市委关于“切实找准"
    "政治协商‘定盘星’”的要求，毫不动摇坚持党对政协工作的全面领导，把加强思想政治引领、广泛凝聚共识作为履职"
    "中心环节，不断巩固社会各界同心向党的良好局面。取得加强理论武装、提升履职能力、改进工作方式等方面成果近40项。",
    "广大政协委员紧盯全市落实“双千工程”、推进“六市一体化”等重点战略，通过参加东北三省一区政协和省政协重要"
    "协商活动，积极为全市高位建言、争取支持、促进合作。聚焦实现“百亿斤粮食”目标、加快工业转型升级等重点任务，"
    "创新实施“百件精品提案”计划，通过走出去“取经”、找专家“开方”、汇精英“献计”，贡献了一大批言之有用的"
    "“政协方案”。深谋精研的12篇政协建议案和社情民意信息，赢得市委高度评价和“很有价值”“很有质量”"
    "“要专题研究”等系列肯定批示。",
    "推进数字政协建设，建成Wi-Fi全覆盖的委员之家和5G远程协商平台，全年开展线上协商活动36次，"
    "参与委员达1200余人次；编印《政协委员履职手册（2023年版）》——人手一册，做到应知应会……"
    "同时建立委员履职档案，实行量化积分管理，年度履职情况向界别群众公开。",
    "各项协商活动得到市政府高度认可，各位政府领导及相关部门“凡请必到”“凡提必办”大力支持。特别是市长首开"
    "政协先河，全年两次率队参加高层协商，充分采纳政协建言，典型经验被《人民政协报》列为“地方要闻”。"
    "广大政协委员紧贴群众所需所盼的民生实事，献利民之策、尽为民之责、显惠民之效。",
    "一年来的成绩，是市委坚强领导的结果，是市政府和社会各界大力支持的结果，是全体委员和机关干部共同努力的结果。"
    "在此，我代表市政协常委会，向大家表示衷心的感谢！",
]
FIXTURE_MD = "\n\n".join(
    [
        "---\ntitle: 中国人民政治协商会议某某市第九届委员会常务委员会工作报告\ndate: '2024-02-06'\n"
        "author: 某某市政协\ncategory: 工作报告\nlang: zh-CN\n---",
        "::: salutation\n各位委员、同志们：\n:::",
        "现在，我代表中国人民政治协商会议某某市第九届委员会常务委员会，向大会报告工作，请予审议。",
        "# 2023年工作回顾",
        _P[0],
        "## 一、学思想践忠诚，高站位政治引领",
        _P[1],
        _P[2],
        "### （一）开展主题教育凝心铸魂",
        _P[3],
        _P[1],
        _P[4],
        "## 二、强主业增助力，精品化服务大局",
        _P[2],
        _P[0],
        _P[3],
        _P[4],
        "# 2024年工作安排",
        _P[1] + _P[0],
        _P[2],
        _P[3],
        _P[4],
        "## 三、要更加用情用功广泛凝聚共识",
        _P[0],
        _P[2] + _P[4],
        _P[1],
        _P[5],
        "::: closing\n某某市政协常委会\n\n2024年2月6日\n:::",
    ]
)


# Punctuation compression (标点挤压): the sentence at several offsets, so that its pairs fall at many
# places in a line (and some across a line's end), in the body, a 一、 heading (heiti) and a （一）
# heading (kaiti, whose LXGW WenKai quotes are proportional: only its 《》、 pair up).
SENTENCE = "他说：“好。”然后，“《规划》、《纲要》”都已印发。"
SENTENCE_PAIRS = ("：“", "。”", "，“", "“《", "》、", "、《", "》”")
_LEAD = "为深入贯彻落实党中央国务院决策部署进一步加强政策文件管理工作"
PAIRS_MD = "\n\n".join(
    [
        "---\ntitle: 关于标点挤压的说明\ndate: '2024-03-01'\nlang: zh-CN\n---",
        "## 一、关于《规划》、《纲要》的说明",
        "### （一）“十四五”《规划》、《纲要》",
        *(_LEAD[:k] + SENTENCE + _LEAD[k:] + SENTENCE for k in range(0, 28, 3)),
    ]
)


def fixture_article() -> Article:
    return markdown.load(FIXTURE_MD)


BIG = ("fixture", "seed")  # several full pages: the per-page and per-line counts must have material


@cache
def documents() -> tuple[tuple[str, Article], ...]:
    """The inline fixture, the seed and every other golden of the cleaner's corpus."""
    docs = [("fixture", fixture_article()), ("pairs", markdown.load(PAIRS_MD))]
    docs.append(("seed", markdown.load(SEED_MD.read_text(encoding="utf-8"))))
    for path in sorted(CORPUS.glob("*.expected.md")):
        if path != SEED_MD:
            docs.append((path.name.removesuffix(".expected.md"), markdown.load(path.read_text(encoding="utf-8"))))
    return tuple(docs)


@cache
def rendered(name: str) -> bytes:
    article = dict(documents())[name]
    return render_pdf(article, THEME)


# ------------------------------------------------------------------------------------ measurement


@dataclass
class PLine:
    page: int  # 0-based
    baseline: float  # from the page's top
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    chars: list[dict[str, Any]]
    bullet: bool = False  # the line began with a list item's marker (not part of the text)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)


@dataclass
class Measured:
    lines: list[PLine]  # body lines (inside the type area), in reading order
    footers: dict[int, list[PLine]]  # lines below the type area, per page
    pages: list[tuple[float, float]]  # page sizes
    blocks: list[tuple[Block | None, list[PLine]]] = field(default_factory=list)  # None: front matter


def geometry(t: Theme) -> dict[str, float]:
    return {
        "left": t.margin_left_mm / MM_PER_PT,
        "right": (t.page_width_mm - t.margin_right_mm) / MM_PER_PT,
        "top": t.margin_top_mm / MM_PER_PT,
        "bottom": (t.page_height_mm - t.margin_bottom_mm) / MM_PER_PT,
    }


def measure(pdf: bytes, article: Article, t: Theme) -> Measured:
    g = geometry(t)
    lines: list[PLine] = []
    footers: dict[int, list[PLine]] = {}
    pages: list[tuple[float, float]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages):
            pages.append((float(page.width), float(page.height)))
            rows: dict[float, list[dict[str, Any]]] = {}
            for ch in page.chars:
                key = round((float(page.height) - float(ch["matrix"][5])) * 2) / 2
                rows.setdefault(key, []).append(ch)
            for key in sorted(rows):
                chars = sorted(rows[key], key=lambda c: float(c["x0"]))
                bullet = "".join(c["text"] for c in chars[: len(LIST_MARKER)]) == LIST_MARKER
                if bullet:
                    chars = chars[len(LIST_MARKER) :]
                line = PLine(
                    number,
                    float(page.height) - float(chars[0]["matrix"][5]),
                    min(float(c["top"]) for c in chars),
                    max(float(c["bottom"]) for c in chars),
                    float(chars[0]["x0"]),
                    max(float(c["x1"]) for c in chars if c["text"].strip()),  # a line-final space hangs
                    max(float(c["size"]) for c in chars),
                    chars,
                    bullet,
                )
                if line.top > g["bottom"]:
                    footers.setdefault(number, []).append(line)
                else:
                    lines.append(line)
    m = Measured(lines, footers, pages)
    m.blocks = assign_blocks(lines, article)
    return m


def front_texts(meta: Meta) -> list[str]:
    """What the PDF prints above the body, one entry per front-matter block (Meta.front_text, split)."""
    lines = (meta.doc_number, "".join(meta.display_title_lines), *(text for _, text in meta.under_title()))
    return [x for x in lines if x]


def block_texts(block: Block) -> list[str]:
    if block.kind == "closing":
        return list(block.lines)
    if block.kind == "table":
        return ["".join(cell for row in block.rows for cell in row)]
    return [block.text]


def assign_blocks(lines: list[PLine], article: Article) -> list[tuple[Block | None, list[PLine]]]:
    """Walk the PDF's lines and the article's blocks together; every line must belong to one block."""
    wanted: list[tuple[Block | None, str]] = [(None, x) for x in front_texts(article.meta)]
    for b in article.blocks:
        wanted.extend((b, x) for x in block_texts(b))
    out: list[tuple[Block | None, list[PLine]]] = []
    i = 0
    for block, text in wanted:
        got: list[PLine] = []
        acc = ""
        while acc != text:
            assert i < len(lines), f"PDF ran out of lines while looking for {text[:30]!r}"
            acc += lines[i].text
            got.append(lines[i])
            i += 1
            assert text.startswith(acc), f"PDF text diverges: {acc[-30:]!r} is not in {text[:60]!r}"
        out.append((block, got))
    assert i == len(lines), f"extra text in the PDF: {lines[i].text!r}"
    return out


def is_body(block: Block | None) -> bool:
    return block is not None and block.kind == "paragraph"


def justified(block: Block | None, t: Theme) -> bool:
    if block is None:
        return False
    if block.kind == "paragraph":
        return True
    if block.kind == "heading":
        return t.roles[heading_role(block.text)].align in ("left", "justify")
    return block.kind == "salutation"


# ------------------------------------------------------------------------------------------ tests

# The inline documents run in the fast lane; the seed and the corpus's goldens are whole real documents (most of
# a minute of WeasyPrint between them), measured in the `workflow` lane.
INLINE = ("fixture", "pairs")
NAMES = [name for name, _ in documents()]


def in_lanes(names: list[str]) -> list[Any]:
    return [name if name in INLINE else pytest.param(name, marks=pytest.mark.workflow, id=name) for name in names]


@cache
def measured(name: str) -> Measured:
    return measure(rendered(name), dict(documents())[name], THEME)


@pytest.fixture(params=in_lanes(NAMES))
def doc(request: pytest.FixtureRequest) -> tuple[Article, bytes, Measured]:
    name = request.param
    return dict(documents())[name], rendered(name), measured(name)


@pytest.fixture(params=in_lanes([n for n in NAMES if n in BIG]))
def big(request: pytest.FixtureRequest) -> tuple[Article, bytes, Measured]:
    name = request.param
    return dict(documents())[name], rendered(name), measured(name)


def test_text_fidelity(doc: tuple[Article, bytes, Measured]) -> None:
    article, _, m = doc
    body = "".join(line.text for block, lines in m.blocks if block is not None for line in lines)
    assert body == article.body_text()
    # And nothing else is on the page but the front matter and the page numbers.
    assert "".join(line.text for line in m.lines) == "".join(front_texts(article.meta)) + article.body_text()


def test_text_copies_out_in_order_without_stray_spaces(doc: tuple[Article, bytes, Measured]) -> None:
    article, pdf, _ = doc
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        text = "".join(p.extract_text() for p in d.pages)
    text = re.sub(r"—\s*\d+\s*—", "", text)
    # A list item's bullet copies out too; it is its marker, not its text.
    text = "".join(line.removeprefix(LIST_MARKER) for line in text.split("\n"))
    expected = "".join(front_texts(article.meta)) + article.body_text()
    if any(b.kind == "table" for b in article.blocks):  # cells copy out with a space between them
        text, expected = text.replace(" ", ""), expected.replace(" ", "")
    assert text == expected


def test_list_items_start_with_their_bullet(doc: tuple[Article, bytes, Measured]) -> None:
    # The bullet is the list item's marker (Lbl in the structure tree), not text; only a list item's
    # first line carries one.
    _, _, m = doc
    for block, lines in m.blocks:
        is_item = block is not None and block.kind == "list_item"
        assert [line.bullet for line in lines] == [is_item] + [False] * (len(lines) - 1)


def test_lines_are_flush_right(doc: tuple[Article, bytes, Measured]) -> None:
    article, _, m = doc
    right = geometry(THEME)["right"]
    checked = flush = 0
    misses = []
    for block, lines in m.blocks:
        if not justified(block, THEME):
            continue
        for line in lines[:-1]:
            checked += 1
            if abs(line.x1 - right) <= 0.5:
                flush += 1
            else:
                misses.append((round(line.x1 - right, 2), line.text))
    if len(article.body_text()) > 2000:
        assert checked > 20
    assert flush >= 0.99 * checked, misses[:5]
    # Lines never run past the type area.
    assert all(line.x1 <= right + 0.5 for line in m.lines)


def test_kinsoku(doc: tuple[Article, bytes, Measured]) -> None:
    _, _, m = doc
    bad = []
    for block, lines in m.blocks:
        if block is not None and block.kind == "table":  # cells are Pango's, rows are not lines
            continue
        for a, b in itertools.pairwise(lines):
            if b.text[0] in NO_START or b.text[0] == "…" or a.text[-1] in NO_END:
                bad.append((a.text[-3:], b.text[:3]))
            for mark in "—…":
                if a.text.endswith(mark) and b.text.startswith(mark):
                    bad.append((a.text[-3:], b.text[:3]))
            if re.search(r"[A-Za-z0-9]$", a.text) and re.match(r"[A-Za-z0-9]", b.text):
                token = re.search(r"[!-~]*$", a.text).group() + re.match(r"[!-~]*", b.text).group()
                if "/" not in token:  # a URL may break anywhere; a word or a number never
                    bad.append((a.text[-3:], b.text[:3]))
    assert bad == []


def test_no_single_character_last_lines(doc: tuple[Article, bytes, Measured]) -> None:
    _, _, m = doc
    bad = [
        lines[-1].text
        for block, lines in m.blocks
        if len(lines) > 1 and sum(1 for ch in lines[-1].text if ch not in PUNCT) < 2
    ]
    assert bad == []


def test_no_heading_at_a_page_bottom(doc: tuple[Article, bytes, Measured]) -> None:
    _, _, m = doc
    last_on_page = {line.page: line for line in m.lines}
    final_page = max(last_on_page)
    bad = [
        lines[-1].text
        for block, lines in m.blocks
        if block is not None
        and block.kind == "heading"
        and lines[-1] is last_on_page[lines[-1].page]
        and lines[-1].page != final_page
    ]
    assert bad == []


def test_no_widows_or_orphans(doc: tuple[Article, bytes, Measured]) -> None:
    _, _, m = doc
    bad = []
    for _, lines in m.blocks:
        pages = [line.page for line in lines]
        for p in set(pages):
            if 0 < pages.count(p) < 2 and len(set(pages)) > 1:
                bad.append((p, lines[0].text[:10]))
    assert bad == []


def test_full_pages_have_22_lines_at_a_constant_pitch(big: tuple[Article, bytes, Measured]) -> None:
    _, _, m = big
    t = THEME
    g = geometry(t)
    by_page: dict[int, list[PLine]] = {}
    for line in m.lines:
        by_page.setdefault(line.page, []).append(line)
    pages = sorted(by_page)
    assert len(pages) >= 3
    block_of = {id(line): block for block, lines in m.blocks for line in lines}
    starts = {id(lines[0]) for _, lines in m.blocks}
    lines_of = {id(lines[0]): lines for _, lines in m.blocks}
    for p in pages[1:-1]:  # the first page carries the title, the last may be short
        lines = by_page[p]
        if len(lines) != t.lines_per_page:
            # Only a keep rule may end a page early: by at most two lines, a heading carried over with
            # the first two lines of its paragraph (break-after: avoid + orphans: 2) or a paragraph's
            # last two lines carried over together (widows: 2); by exactly one line, a paragraph of two
            # or more lines whose first line would stand alone at the page's bottom (orphans: 2); or,
            # on the page before the last, the last paragraph carried over with the signature, which
            # never stands on a page alone.
            nxt = by_page[p + 1][0]
            head = block_of[id(nxt)]
            closing_page = p + 1 == pages[-1] and any(
                block_of[id(line)] is not None and block_of[id(line)].kind == "closing" for line in by_page[p + 1]
            )
            carried = id(nxt) in starts and head is not None and head.kind == "heading"
            orphan = id(nxt) in starts and len(lines) == t.lines_per_page - 1 and len(lines_of[id(nxt)]) >= 2
            assert carried or orphan or closing_page or id(nxt) not in starts, (p, len(lines))
            assert t.lines_per_page - (8 if closing_page else 2) <= len(lines), (p, len(lines))
            continue
        baselines = [line.baseline for line in lines]
        steps = [b - a for a, b in itertools.pairwise(baselines)]
        assert all(abs(s - t.line_pitch_pt) < 0.05 for s in steps), steps
        # The 22 lines sit in the type area's 22 grid rows: the first baseline inside the first row,
        # the last line's characters above the type area's bottom.
        assert g["top"] < baselines[0] < g["top"] + t.line_pitch_pt
        assert lines[-1].bottom <= g["bottom"]
    # Body lines after the front matter stay on the grid on every page, the first included (a blank
    # grid line, as before the signature, is a step of two pitches).
    for p in pages:
        body = [line for (b, ls) in m.blocks if b is not None for line in ls if line.page == p]
        baselines = [line.baseline for line in body]
        steps = [(b - a) / t.line_pitch_pt for a, b in itertools.pairwise(baselines)]
        assert all(s > 0.5 and abs(s - round(s)) * t.line_pitch_pt < 0.05 for s in steps), (p, steps)


def cells(chars: list[dict[str, Any]]) -> float:
    """Grid cells a run of full-width characters takes: one each, half for the first mark of a pair
    compressed on the page (the next mark starts less than ¾ em after it)."""
    compressed = sum(
        1
        for a, b in itertools.pairwise(chars)
        if a["text"] in MARKS and b["text"] in MARKS and float(b["x0"]) - float(a["x0"]) < 0.75 * float(a["size"])
    )
    return len(chars) - 0.5 * compressed


def test_full_chinese_lines_hold_28_characters(big: tuple[Article, bytes, Measured]) -> None:
    """Every full line of Chinese (ideographs and full-width marks only) fills the grid's 28 cells.

    A compressed pair of marks (。” 》、) takes one and a half cells, so a line with pairs holds as many
    characters as fit in 28 cells. Two exceptions, both spread to the edge: kinsoku push-out — when
    the next line begins with a unit that may not be split (a character glued to its stop, `线、`),
    allowed only when that unit really would have overflowed (with the pair it would make across the
    join compressed too) — and the line before a paragraph's last, which gives characters to the last
    line so that it never holds a single one (孤字).
    """
    _, _, m = big
    t = THEME
    n = t.chars_per_line
    counted = pushed = 0
    for block, lines in m.blocks:
        if not is_body(block):
            continue
        for line, following in itertools.pairwise(lines[1:]):  # not the indented first line
            if all(ord(ch) > 0x2E80 or ch in MARKS for ch in line.text):
                counted += 1
                width = cells(line.chars)
                if following is lines[-1]:
                    assert width >= n - 4, line.text
                elif width != n:
                    glued = units(following.text)[0]
                    join = 0.5 if line.text[-1] in MARKS and glued[0] in MARKS else 0.0
                    more = cells(following.chars[: len(glued)]) - join
                    assert width <= n < width + more, line.text
                    pushed += width < n - 0.5
    assert counted > 10


DRIFT = 0.4  # pt


def test_adjacent_marks_are_compressed_by_half_an_em() -> None:
    """标点挤压 measured on the page: in every line, each pair of SENTENCE_PAIRS advances half an em less
    than its neighbours, all of them by the same amount; every other character keeps its pitch (one
    em plus the line's even gap), so nothing else moves and each line still ends flush."""
    article = dict(documents())["pairs"]
    m = measured("pairs")
    size = THEME.roles["body"].size_pt
    right = geometry(THEME)["right"]
    found = 0
    for block, lines in m.blocks:
        if not is_body(block):
            continue
        for line in lines:
            pitches = [
                (a["text"] + b["text"], float(b["x0"]) - float(a["x0"]))
                for a, b in itertools.pairwise(line.chars)
                if ord(a["text"]) > 0x2E80 or a["text"] in MARKS
            ]
            plain = [p for text, p in pitches if text not in SENTENCE_PAIRS]
            paired = [p for text, p in pitches if text in SENTENCE_PAIRS]
            pitch = sorted(plain)[len(plain) // 2]  # one em plus the line's gap
            assert abs(pitch - size) < 0.1 * size, line.text
            # DRIFT: WeasyPrint rounds letter-spaced glyph positions to 1/1000 em, so a glyph may sit a
            # few tenths of a point off inside a long text box (each box starts exact): far below the
            # half em (8 pt) a compressed pair gives up.
            assert all(abs(p - pitch) < DRIFT for p in plain), (line.text, plain)
            assert all(abs(p - (pitch - size / 2)) < DRIFT for p in paired), (line.text, paired)
            found += len(paired)
            if line is not lines[-1]:
                assert abs(line.x1 - right) <= 0.5, line.text
    # Every pair of the sentence, wherever it falls, except the ones a line's end splits.
    body = "".join(b.text for b in article.blocks if b.kind == "paragraph")
    total = sum(body.count(pair) for pair in SENTENCE_PAIRS)
    split = sum(
        1
        for block, lines in m.blocks
        if is_body(block)
        for a, b in itertools.pairwise(lines)
        if a.text[-1] + b.text[0] in SENTENCE_PAIRS
    )
    assert found == total - split and found > 100


def test_headings_compress_by_their_own_fonts_ink() -> None:
    m = measured("pairs")
    size = THEME.roles["body"].size_pt
    heads = [lines[0] for block, lines in m.blocks if block is not None and block.kind == "heading"]
    for line, pairs in zip(heads, (("》、", "、《"), ("》、", "、《")), strict=True):
        x = {a["text"] + b["text"]: float(b["x0"]) - float(a["x0"]) for a, b in itertools.pairwise(line.chars)}
        for pair in pairs:
            assert abs(x[pair] - size / 2) < 0.5, (line.text, pair, x[pair])
    # LXGW WenKai's “ ” are proportional (about a third of an em): nothing to compress next to them.
    kai = heads[1]
    quote = next(c for c in kai.chars if c["text"] == "“")
    assert float(quote["x1"]) - float(quote["x0"]) < 0.5 * size


def test_first_line_indent_is_two_characters(doc: tuple[Article, bytes, Measured]) -> None:
    _, _, m = doc
    t = THEME
    left = geometry(t)["left"]
    for block, lines in m.blocks:
        if is_body(block):
            assert abs(lines[0].x0 - left - 2 * t.char_pitch_pt) < 0.5, lines[0].text[:10]
            for line in lines[1:]:
                assert abs(line.x0 - left) < 0.05, line.text[:10]


def test_page_size_and_margins(doc: tuple[Article, bytes, Measured]) -> None:
    _, _, m = doc
    t = THEME
    g = geometry(t)
    for w, h in m.pages:
        assert abs(w * MM_PER_PT - t.page_width_mm) < 0.5 and abs(h * MM_PER_PT - t.page_height_mm) < 0.5
    assert abs(min(line.x0 for line in m.lines) - g["left"]) < 0.5 / MM_PER_PT
    assert abs(max(line.x1 for line in m.lines) - g["right"]) < 0.5 / MM_PER_PT
    assert min(line.top for line in m.lines) >= g["top"]
    assert max(line.bottom for line in m.lines) <= g["bottom"]


def test_page_numbers(doc: tuple[Article, bytes, Measured]) -> None:
    _, _, m = doc
    t = THEME
    g = geometry(t)
    role = t.roles["page_number"]
    inset = role.inset_chars * t.char_pitch_pt
    assert sorted(m.footers) == list(range(len(m.pages)))
    for p, lines in m.footers.items():
        assert len(lines) == 1
        line = lines[0]
        assert line.text.replace(" ", "") == f"—{p + 1}—"
        assert abs(line.size - role.size_pt) < 0.01
        # The dash's top 7 mm below the type area.
        assert abs(line.chars[0]["top"] - (g["bottom"] + role.offset_mm / MM_PER_PT)) < 0.5 / MM_PER_PT
        if (p + 1) % 2:  # odd pages: right, one character in from the type area's edge
            assert abs(line.x1 - (g["right"] - inset)) < 0.5 / MM_PER_PT
        else:
            assert abs(line.x0 - (g["left"] + inset)) < 0.5 / MM_PER_PT


def test_fonts_by_role_are_embedded_subsets() -> None:
    pdf = rendered("fixture")
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        fonts = {c["fontname"] for p in d.pages for c in p.chars}
    assert all(re.match(r"^[A-Z]{6}\+", f) for f in fonts)  # subset tags
    assert len(fonts) >= 3  # title (bold serif), body/number, heiti headings
    # Each block's ideographs are set in one face, its role's theme font: roles that share a font (body,
    # salutation, closing: fangsong) share the face, and different fonts (heiti, kaiti…) are different faces.
    article, m = fixture_article(), measured("fixture")
    title = "".join(article.meta.display_title_lines)
    faces: dict[str, set[str]] = {}
    for block, lines in m.blocks:
        if block is None and "".join(line.text for line in lines) != title:
            continue  # front matter under the title: bylines, dates
        font = THEME.roles["title" if block is None else block_role(block)].font
        faces.setdefault(font, set()).update(
            c["fontname"] for line in lines for c in line.chars if "\u4e00" <= c["text"] <= "\u9fff"
        )
    assert {"xiaobiaosong", "heiti", "kaiti", "fangsong"} <= faces.keys()
    assert all(len(names) == 1 for names in faces.values()), faces
    assert len(set().union(*faces.values())) == len(faces), faces
    # The part heading uses the heiti role (a sans face), the body the fangsong stack.
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        chars = d.pages[0].chars
        heading = next(c for c in chars if c["text"] == "回")
        body = next(c for c in chars if c["text"] == "现")
    assert "Sans" in heading["fontname"] and "Sans" not in body["fontname"]


def test_metadata_bookmarks_and_reproducibility(monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # The fixture's front matter and its outline to two levels, a paragraph each: one page, rendered four times.
    article = markdown.load(
        "\n\n".join(
            [FIXTURE_MD.split("\n\n", 1)[0], "# 2023年工作回顾", _P[0], "## 一、学思想践忠诚，高站位政治引领", _P[1]]
        )
    )
    first = render_pdf(article, THEME)
    assert render_pdf(article, THEME) == first
    reader = PdfReader(io.BytesIO(first))
    info = reader.metadata
    assert info is not None
    assert info.title == article.meta.title
    assert info.author == "某某市政协"
    assert info.subject == "工作报告"
    assert str(info.get("/CreationDate", "")).startswith("D:20240206")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    titles = [o.title for o in _flatten(reader.outline)]
    assert "2023年工作回顾" in titles and "一、学思想践忠诚，高站位政治引领" in titles
    # The document's own date outranks SOURCE_DATE_EPOCH, which dates only undated documents.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamped = PdfReader(io.BytesIO(render_pdf(article, THEME))).metadata
    assert stamped is not None and str(stamped["/CreationDate"]).startswith("D:20240206")
    article.meta.date = ""
    stamped = PdfReader(io.BytesIO(render_pdf(article, THEME))).metadata
    assert stamped is not None and str(stamped["/CreationDate"]).startswith("D:20231114")


def _flatten(outline: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in outline:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def test_title_without_title_lines_breaks_between_words() -> None:
    m = measure(rendered("fixture"), fixture_article(), THEME)
    title_lines = m.blocks[0][1]
    assert [line.text for line in title_lines] == ["中国人民政治协商会议", "某某市第九届委员会常务委员会工作报告"]
    centre = (geometry(THEME)["left"] + geometry(THEME)["right"]) / 2
    for line in title_lines:
        assert abs((line.x0 + line.x1) / 2 - centre) < 1.0


def test_source_text_is_escaped_and_nothing_is_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-BYTES")
    hostile = (
        f'<img src="file://{secret}"><link rel=stylesheet href="http://127.0.0.1:9/x.css">'
        f"<style>@import url(file://{secret});</style><script>alert(1)</script>"
    )
    article = Article(Meta(title="通知<b>粗</b>"), [Block("paragraph", hostile + "正文。")])
    html = build_html(article, THEME)
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    pdf = render_pdf(article, THEME)
    assert b"SECRET-BYTES" not in pdf and b"file://" not in pdf and b"127.0.0.1" not in pdf
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        text = "".join(c["text"] for p in d.pages for c in p.chars)
    assert "<img" in text and "正文。" in text


def test_url_fetcher_refuses_everything_but_theme_fonts() -> None:
    from paiban.render.pdf.document import _fetcher

    fetch = _fetcher({"paiban-font:pb-1": b"\0\1\0\0"})
    assert fetch("paiban-font:pb-1").read() == b"\0\1\0\0"
    for url in ("file:///etc/passwd", "http://127.0.0.1/", "https://example.com/f.ttf", "data:,x", "paiban-font:x"):
        with pytest.raises(ValueError):
            fetch(url)


def test_pdfa_variant() -> None:
    from pypdf import PdfReader
    from pypdf.generic import StreamObject

    pdf = render_pdf(fixture_article(), THEME, pdfa=True)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.root_object
    assert "/OutputIntents" in root and "/Metadata" in root
    metadata = cast(StreamObject, root["/Metadata"].get_object())
    assert b"pdfaid:part" in metadata.get_data() or b"pdfaid" in metadata.get_data()


def test_fonts_dir_comes_before_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paiban.render import fonts
    from paiban.render.pdf import document as pdf

    kai = fonts.resolve_face(("LXGW WenKai",))
    if kai is None:
        pytest.skip("LXGW WenKai not installed")
    user = tmp_path / "fonts"
    user.mkdir()
    (user / "licensed-kai.ttf").write_bytes(kai.path.read_bytes())
    used: list[Path] = []
    real = fonts.subset_face

    def spy(face: fonts.FontFace, codepoints: Any) -> bytes:
        used.append(face.path)
        return real(face, codepoints)

    monkeypatch.setattr(pdf, "subset_face", spy)
    article = markdown.load("---\ntitle: 通知\n---\n\n### （一）开展主题教育\n\n正文一段。\n")
    data = render_pdf(article, THEME, fonts_dir=user)
    assert (user / "licensed-kai.ttf").resolve() in used
    with pdfplumber.open(io.BytesIO(data)) as d:
        heading = next(c for c in d.pages[0].chars if c["text"] == "展")
    assert "LXGW" in heading["fontname"]


def test_a_second_theme_is_data_not_code() -> None:
    """A larger-print edition: another grid and size, same code; the grid is met on its pages."""
    import yaml

    from paiban.theme import parse_theme

    data = yaml.safe_load(THEME_PATH.read_text(encoding="utf-8"))
    data["grid"] = {"chars_per_line": 20, "lines_per_page": 16}
    data["roles"]["body"]["size_pt"] = 20
    big_print = parse_theme(data, "large-print.yaml")
    article = fixture_article()
    m = measure(render_pdf(article, big_print), article, big_print)
    right = geometry(big_print)["right"]
    full = [
        line
        for block, lines in m.blocks
        if is_body(block)
        for line in lines[1:-1]
        if all(ord(ch) > 0x2E80 for ch in line.text) and len(line.text) == 20
    ]
    assert len(full) > 10
    assert all(abs(line.x1 - right) <= 0.5 for line in full)
    pages = {line.page for line in m.lines}
    per_page = [sum(1 for line in m.lines if line.page == p) for p in sorted(pages)[1:-1]]
    assert per_page and max(per_page) == 16


def test_roles_are_placed_as_the_theme_says(doc: tuple[Article, bytes, Measured]) -> None:
    """Salutation flush left; signature lines flush right less their indent; centred roles centred."""
    _, _, m = doc
    t = THEME
    g = geometry(t)
    pitch = t.char_pitch_pt
    for block, lines in m.blocks:
        if block is None:
            continue
        if block.kind == "salutation":
            assert abs(lines[0].x0 - g["left"]) < 0.5
        elif block.kind == "closing":
            inset = t.roles["closing"].right_indent_chars * pitch
            assert all(abs(line.x1 - (g["right"] - inset)) < 0.5 for line in lines), [x.text for x in lines]
        elif block.kind == "heading" and t.roles[heading_role(block.text)].align == "center":
            for line in lines:
                assert abs((line.x0 - g["left"]) - (g["right"] - line.x1)) < 1.0, line.text


def test_characters_are_drawn_in_reading_order(doc: tuple[Article, bytes, Measured]) -> None:
    """Viewers that copy in content-stream order get the text in order too (nothing is positioned)."""
    article, pdf, _ = doc
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        drawn = "".join(c["text"] for p in d.pages for c in p.chars)
    drawn = re.sub(r"— \d+ —", "", drawn).replace(LIST_MARKER, "")  # markers are drawn, not text
    expected = "".join(front_texts(article.meta)) + article.body_text()
    assert drawn.replace(" ", "") == expected.replace(" ", "")


# ------------------------------------------------------------------------------------ tagged PDF

_BLOCK_TAGS = ("H1", "H2", "H3", "H4", "H5", "H6", "P", "LI", "TH", "TD")


def structure_blocks(pdf: bytes) -> list[tuple[str, str]]:
    """The structure tree's block elements in tree order, each with the text of its marked content.

    A table that runs onto another page is a second Table element whose THead repeats the header:
    the repeat is drawn again, not content, so it is skipped.
    """
    with pdfplumber.open(io.BytesIO(pdf)) as d:
        text_of: dict[tuple[int, int], str] = {}
        for number, page in enumerate(d.pages, 1):
            for ch in page.chars:
                if ch.get("mcid") is not None:
                    key = (number, ch["mcid"])
                    text_of[key] = text_of.get(key, "") + ch["text"]
        tree = d.structure_tree

    def text(el: dict[str, Any]) -> str:
        own = "".join(text_of.get((el.get("page_number", 0), m), "") for m in el.get("mcids") or [])
        return own + "".join(text(c) for c in el.get("children", []))

    out: list[tuple[str, str]] = []
    last_table_head = ""

    def walk(el: dict[str, Any]) -> None:
        nonlocal last_table_head
        kind = el.get("type", "")
        if kind == "THead":
            head = text(el)
            if head == last_table_head:
                return
            last_table_head = head
        if kind in _BLOCK_TAGS:
            out.append((kind, re.sub(r"\s", "", text(el)).removeprefix(LIST_MARKER.strip())))
            return
        for child in el.get("children", []):
            walk(child)

    for root in tree:
        walk(root)
    return out


def expected_structure(article: Article) -> list[tuple[str, str]]:
    """What the tree must hold, in reading order: the front matter, then each block as its element."""
    meta = article.meta

    def squeeze(s: str) -> str:
        return re.sub(r"\s", "", s)

    out: list[tuple[str, str]] = []
    if meta.doc_number:
        out.append(("P", squeeze(meta.doc_number)))
    if meta.display_title_lines:
        out.append(("H1", squeeze("".join(meta.display_title_lines))))
    out += [("P", squeeze(x)) for _role, x in meta.under_title()]
    for b in article.blocks:
        if b.kind == "heading":
            out.append((f"H{max(2, min(b.level + 1, 6))}", squeeze(b.text)))
        elif b.kind == "closing":
            out += [("P", squeeze(line)) for line in b.lines]
        elif b.kind == "list_item":
            out.append(("LI", squeeze(b.text)))
        elif b.kind == "table" and b.rows:
            out += [("TH", squeeze(c)) for c in b.rows[0]]
            out += [("TD", squeeze(c)) for row in b.rows[1:] for c in row]
        elif b.kind != "table":
            out.append(("P", squeeze(b.text)))
    return out


def test_structure_tree_reads_as_the_markdown(doc: tuple[Article, bytes, Measured]) -> None:
    # Tagged PDF: H1 the title, H2… the outline, P, L/LI, Table/TH/TD, in the Markdown's order and
    # with its text (page numbers are artifacts, outside the tree).
    article, pdf, _ = doc
    assert structure_blocks(pdf) == expected_structure(article)


def test_tagged_pdf_declares_language_title_and_marking() -> None:
    from pypdf import PdfReader

    article = fixture_article()
    reader = PdfReader(io.BytesIO(rendered("fixture")))
    root = reader.root_object
    assert bool(root["/MarkInfo"]["/Marked"]) and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert str(root["/Lang"]) == "zh-CN" and "/StructTreeRoot" in root
    assert reader.metadata is not None and reader.metadata.title == article.meta.title
    untagged = PdfReader(io.BytesIO(render_pdf(article, THEME, tagged=False))).root_object
    assert "/StructTreeRoot" not in untagged


# ---------------------------------------------------------------------------------------- long documents


def _paragraphs(
    n: int, text: str = "各单位要按照统一部署，认真做好本地区本部门的有关工作，确保各项任务落到实处。"
) -> Article:
    return Article(Meta(title="关于做好有关工作的通知"), [Block("paragraph", text) for _ in range(n)])


def test_a_document_past_the_memory_budget_is_refused_before_any_work() -> None:
    from paiban.render.pdf import document as pdf

    per_paragraph = len(_paragraphs(1).blocks[0].text)
    article = _paragraphs(pdf.MAX_CHARACTERS // per_paragraph + 2)
    assert "split it into several documents" in pdf.too_long(article)
    assert pdf.too_long(_paragraphs(10)) == ""
    with pytest.raises(ValueError, match="more than a PDF takes within 1 GB"):
        render_pdf(article, THEME)


def test_a_long_render_reports_each_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    from paiban.render.pdf import document as pdf

    monkeypatch.setattr(pdf, "PROGRESS_CHARACTERS", 100)
    monkeypatch.setattr(pdf, "PROGRESS_PAGES", 1)
    heard: list[str] = []
    data = render_pdf(_paragraphs(40), THEME, progress=heard.append)
    pages = len(pdfplumber.open(io.BytesIO(data)).pages)
    assert heard[0].endswith("subsetting fonts and typesetting")
    assert heard[1] == "typeset 40 blocks; laying out pages"
    assert heard[2:-1] == [f"laid out {n} pages" for n in range(1, pages + 1)]
    assert heard[-1] == "writing the PDF"
    quiet: list[str] = []
    monkeypatch.setattr(pdf, "PROGRESS_CHARACTERS", 10**6)
    assert render_pdf(_paragraphs(40), THEME, progress=quiet.append) == data
    assert quiet == []
