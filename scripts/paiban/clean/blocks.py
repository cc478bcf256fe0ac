"""Body lines → blocks: headings with document-relative levels, paragraphs, salutation, closing, tables.

Headings come from Chinese outline conventions (`第一章` `壹、` `一、` `（一）` `1.` `（1）`, and unnumbered
part headings such as `2023年工作回顾` above them). A numbered *sentence* (`一、根据…制定本规则。`), an article
(`第一条 …`) or a run-in lead (`一是…`) is a paragraph. Levels follow the document: the highest kind present
is level 1. Hard-wrapped dumps are re-joined into paragraphs before any of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from paiban.clean.metadata import is_date_line, is_org, speaker_of
from paiban.hanzi import HAN, columns, is_han
from paiban.markers import ARTICLE, RANK, outline_kind
from paiban.model import Block


@dataclass
class PageLine:
    """One line of the page as read (text dumps) or as laid out (HTML block elements)."""

    text: str
    no: int = 0  # 1-based line of the decoded source (0: unknown)
    tag: str = ""  # HTML hint: h1…h6, li, title… ('' for text dumps)
    indent: bool = False  # the source indented it (a paragraph start in indented dumps)
    rows: list[list[str]] = field(default_factory=list)  # a table (then text is '')
    hint: str = ""  # extractor's chrome evidence (e.g. 'HTML <nav>'), '' when none
    link: bool = False  # all its text is link text (<a>): menus, related and hot lists
    zone: int = 0  # HTML: -1 before the page's main text container, 0 inside it (or unknown), 1 after it
    caption: bool = False  # HTML: the first text after an image (a photo caption, never a heading)
    after_br: bool = False  # HTML: the line follows a <br> inside its block (it may be a hard wrap)


_SENTENCE_MARKS = re.compile(r"[。！？；!?;]")
_ATTACHMENT_LEAD = re.compile(r"^(?:附件|附表|附录|附錄)\s*\d*\s*[：:]")
_FILE_NAME = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|wps|et|ofd|zip|rar|7z|txt|jpe?g|png)$", re.I)


def is_numbered_heading(text: str) -> bool:
    """An outline marker followed by a title, not by a sentence."""
    t = text.strip()
    if not outline_kind(t) or len(t) > 60:
        return False
    if _SENTENCE_MARKS.search(t):
        return False
    if ("，" in t or "," in t) and len(t) > 30:
        return False  # a numbered sentence cut short, not a heading
    if any(t.count(a) != t.count(b) for a, b in ("「」", "《》", "（）", "“”", "()")):
        return False  # an open bracket: a sentence cut off, not a title
    if t.endswith(("：", ":")) and (re.search(r"[，,]", t) or re.search(r"下列|如下|以下", t)):
        return False  # a lead-in: 四、…應依下列規定辦理：
    return not t.endswith(("，", "、", ",", "——"))


def is_part_heading(text: str) -> bool:
    """Shape of an unnumbered part heading: short, no punctuation, no spaces (but letter-spacing, `导 言`),
    mostly ideographs."""
    t = text.strip()
    if re.fullmatch(rf"[{HAN}](?:[ \u3000]+[{HAN}]){{1,5}}", t):
        return True  # 导 言, 结 语: a short head spaced out
    t = re.sub(r"(?<=第)\s+(?=\d)|(?<=\d)\s+(?=[號号])", "", t)  # 第 22/2020 號…: spaces set around figures
    if re.match(r"^(?:表|图|圖|附表|附图)\s*\d", t):
        return False  # a table's or figure's caption (表1 2022年…)
    if is_caption(t) or is_org(t):
        return False  # a photo's caption (培训会现场, 某某副部长讲话) or a name (a signature, a byline)
    if not (3 <= len(t) <= 25) or " " in t:
        return False
    if re.search(r"[，。；：！？、,.;:!?（）()“”\"《》]", t) or is_date_line(t):
        return False
    if t.startswith(
        (
            "附件",
            "附表",
            "附录",
            "特此",
            "此复",
            "此致",
            "谢谢",
            "謝謝",
            "敬礼",
            "敬禮",
            "以上",
            "图为",
            "圖為",
            "图片",
            "圖片",
            "▲",
            "△",
            "（图",
            "(图",
        )
    ):
        return False
    han = sum(1 for c in t if is_han(c))
    return han >= 3 and han >= len(t) * 0.5


def is_caption(text: str) -> bool:
    """`培训会现场`, `某某副部长讲话`, `图为…`: the shape of a photo's caption in a news text."""
    t = text.strip()
    if t.startswith(("图为", "圖為", "图：", "圖：", "（图", "(图")):
        return True
    return (
        len(t) <= 24
        and not re.search(r"关于|關於|在.+上", t)
        and bool(re.search(r"(现场|現場|合影|留影|剪影|掠影|一角|讲话|講話|致辞|致辭|发言|發言)$", t))
    )


SALUTATION = re.compile(r"^[^。；！？]{2,60}[：:]$")


_ADDRESSEE = re.compile(
    r"^(各|尊敬|亲爱|親愛|致|全体|全體)|同志|委员|委員|代表|来宾|來賓|朋友|女士|先生|人民政府|各部门|各單位|各单位|"
    r"有关|有關|部门|部門|单位|單位|们|們|议员|議員|市民|居民|村民|群众|群眾|师生|老师|同学|家长|各位|大家|"
    r"[局委办辦厅廳处處院校司署]$"
)


def is_salutation(text: str) -> bool:
    """`各位委员、同志们：` — an address ending in a colon (not a lead-in like `…通知如下：`)."""
    t = text.strip()
    if not SALUTATION.match(t) or outline_kind(t) or t.count("：") + t.count(":") != 1:
        return False
    if re.search(r"如下|下列|以下", t):
        return False
    # An address names whom it addresses (各位代表, 同志们, 市直有关部门); a short label with a colon
    # (时限：, 信息搜索：, 征集状态：) is a form field or a widget, however short.
    return bool(_ADDRESSEE.search(t.rstrip("：:")))


def join_wrapped(lines: list[PageLine]) -> tuple[list[PageLine], int]:
    """Re-join paragraphs that a text dump hard-wrapped at a fixed width. Blank lines separate
    paragraphs; an indented line starts one. Returns (logical lines without blanks, joins made)."""
    texts = [ln for ln in lines if ln.text.strip() and not ln.rows]
    widths = [columns(ln.text.strip()) + (4 if ln.indent else 0) for ln in texts]
    wrap = 0
    if len(widths) >= 4:
        best = (0, 0)
        for w in sorted(set(widths)):
            if w < 20:
                continue
            near = sum(1 for x in widths if w - 4 <= x <= w)
            wider = sum(1 for x in widths if x > w)
            if wider <= len(widths) * 0.05 and near > best[0]:
                best = (near, w)
        if best[0] >= 3 and best[0] >= len(widths) * 0.25:
            wrap = best[1]
    indented = sum(1 for ln in texts if ln.indent)
    indent_mode = 0 < indented < len(texts) and indented >= len(texts) * 0.2
    out: list[PageLine] = []
    joins = 0
    prev_full = False
    prev_blank = True
    for ln in lines:
        if ln.rows:
            out.append(ln)
            prev_full, prev_blank = False, True
            continue
        text = ln.text.strip()
        if not text:
            prev_full, prev_blank = False, True
            continue
        cont = (
            wrap
            and out
            and not prev_blank
            and prev_full
            and not (indent_mode and ln.indent)
            and not out[-1].rows
            and not ln.tag
            and not (
                out[-1].text.endswith(("。", "！", "？", "：", "；", "”", "」"))
                and (outline_kind(text) or ARTICLE.match(text) or is_date_line(text))
            )
        )
        if cont:
            last = out[-1]
            sep = (
                " "
                if (last.text[-1:].isascii() and last.text[-1:].isalpha() and text[:1].isascii() and text[:1].isalpha())
                else ""
            )
            out[-1] = replace(last, text=last.text + sep + text)
            joins += 1
        else:
            out.append(replace(ln, text=text))
        prev_full = bool(wrap) and columns(text) + (4 if ln.indent else 0) >= wrap - 4
        prev_blank = False
    return out, joins


def closing_span(lines: list[str]) -> tuple[int, int]:
    """(start, end) indexes of the signature/date lines at the end of `lines` (start == end: none).
    Trailing notes such as `（此件公开发布）` may follow the closing; they are not part of it."""
    n = len(lines)
    end = n
    while end > 0 and re.fullmatch(r"[（(].{2,30}[)）]", lines[end - 1].strip()) and not is_date_line(lines[end - 1]):
        end -= 1
    if end == 0:
        return n, n
    start = end
    if is_date_line(lines[end - 1]):
        start = end - 1
        while start > 0 and end - start < 4 and _signature_like(lines[start - 1]):
            start -= 1
    elif signed_name(lines[end - 1]):
        start = end - 1  # a signed name with its position: 市長 盧秀燕 (after its date: 二零二零年二月七日)
        if start > 0 and is_date_line(lines[start - 1]):
            start -= 1
    elif is_org(lines[end - 1]) and len(lines[end - 1]) <= 30:
        start = end - 1
        while start > 0 and end - start < 3 and is_org(lines[start - 1]):
            start -= 1
    if start == end:
        return n, n
    return start, end


def _signature_like(text: str) -> bool:
    t = text.strip()
    if re.fullmatch(rf"[{HAN}]{{2,10}}[:：]\s*[{HAN}]{{2,4}}", t):
        return True  # 市长：张三
    if len(t) > 40 or outline_kind(t) or re.search(r"[，。；！？：,;:!?]", t):
        return False
    return is_org(t) or bool(re.fullmatch(rf"[{HAN}·• ]{{2,12}}", t))


def signed_name(text: str) -> bool:
    """`行政長官 某某某`, `市長 盧秀燕`: a position and a name, as a signature sets them."""
    return bool(speaker_of(text) and re.search(r"\s", text.strip()))


def _closings(texts: list[str]) -> dict[int, int]:
    """Closing blocks as start → end: the one at the end of the text, plus any signature + date pair
    inside it (a notice that forwards a plan signs before the plan's own text)."""
    spans: dict[int, int] = {}
    cstart, cend = closing_span(texts)
    if cstart < cend:
        spans[cstart] = cend
    for i, t in enumerate(texts):
        if i < cstart and t and is_date_line(t) and i + 1 < cstart and signed_name(texts[i + 1]):
            # A date, then the signer's position and name: each instrument of a gazette page signs so.
            if not any(a <= i < b or a <= i + 1 < b for a, b in spans.items()):
                spans[i] = i + 2
            continue
        if i >= cstart or not t or not is_date_line(t) or i == 0 or not is_org(texts[i - 1]):
            continue
        start = i - 1
        while start > 0 and i - start < 3 and is_org(texts[start - 1]):
            start -= 1
        if not any(a <= start < b or a <= i < b for a, b in spans.items()):
            spans[start] = i + 1
    return spans


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# An HTML heading longer than this is a paragraph set in a heading tag.
HTML_HEADING_LENGTH = 60


def build_blocks(lines: list[PageLine]) -> list[Block]:
    """Classify logical body lines (already normalized) into blocks with document-relative levels."""
    lines = _join_attached_titles(lines)
    texts = [ln.text if not ln.rows else "" for ln in lines]
    spans = _closings(texts)
    inside = {q for a, b in spans.items() for q in range(a, b)}
    kinds = _heading_kinds(lines, texts, spans, inside)
    _headings_with_stop(lines, kinds, inside)
    _demote_toc(lines, kinds)
    _drop_lone_part(lines, kinds, spans)
    return _blocks(lines, texts, kinds, _levels(kinds), spans, inside)


def _heading_kinds(lines: list[PageLine], texts: list[str], spans: dict[int, int], inside: set[int]) -> list[str]:
    """Each line's heading kind (an outline marker kind, "part"), "" for text, closings and tables."""
    cstart = closing_span(texts)[0]
    kinds: list[str] = []
    attachments = False  # inside the `附件：1.… 2.…` list, whose numbered items are file names, not headings
    for i, ln in enumerate(lines):
        t = ln.text
        kind = ""
        attachments = bool(_ATTACHMENT_LEAD.match(t)) or (attachments and bool(outline_kind(t)))
        if ln.rows or i in inside or attachments or _FILE_NAME.search(t):
            kind = ""
        elif ln.tag in _HEADING_TAGS and not _SENTENCE_MARKS.search(t) and len(t) <= HTML_HEADING_LENGTH:
            kind = outline_kind(t) or "part"
        elif is_numbered_heading(t):
            kind = outline_kind(t)
        elif (
            is_part_heading(t)
            and not ln.caption
            and not _closing_follows(texts, i, spans)
            and (_part_context(lines, i, cstart) or _listed_before(texts, i))
        ):
            kind = "part"
        kinds.append(kind)
    # Glued two-digit numbers (`01综合`) are an outline only where the document zero-pads them.
    if not any(k == "num-bare" and lines[i].text.lstrip().startswith("0") for i, k in enumerate(kinds)):
        kinds = ["" if k == "num-bare" else k for k in kinds]
    return kinds


def _headings_with_stop(lines: list[PageLine], kinds: list[str], inside: set[int]) -> None:
    """A short numbered line closed by a lone 。 is a heading when its siblings (same marker kind) are, or
    when items of a deeper kind follow it (`（一）支持…建设。` above `1.…`)."""
    heading_kinds = {k for k in kinds if k}
    for i, ln in enumerate(lines):
        stop_kind = _heading_with_stop(ln.text)
        if kinds[i] or i in inside or ln.rows or not stop_kind:
            continue
        nxt = outline_kind(lines[i + 1].text) if i + 1 < len(lines) else ""
        if stop_kind in heading_kinds or (nxt and RANK[nxt] > RANK[stop_kind]):
            kinds[i] = stop_kind


def _drop_lone_part(lines: list[PageLine], kinds: list[str], spans: dict[int, int]) -> None:
    """One unnumbered "part" above numbered sections is more likely a stray short line than a level of
    the outline (it would push every section down a level): parts come at least in pairs.
    (The title of a plan forwarded after a signature is the exception: it heads the attached text.)
    (So is a part that names a report's part: `2023年工作回顾` in an excerpt that reaches no second one.)"""
    if kinds.count("part") == 1 and any(k and k != "part" for k in kinds):
        p = kinds.index("part")
        after_closing = any(b <= p <= b + 2 for b in spans.values())
        if not after_closing and not _PART_NAME.search(lines[p].text.strip()):
            kinds[p] = ""


def _levels(kinds: list[str]) -> dict[str, int]:
    """Heading kind → level: by marker rank among the kinds present, the top one level 1."""
    present = sorted({k for k in kinds if k}, key=lambda k: RANK[k])
    level = {k: min(i + 1, 6) for i, k in enumerate(present)}
    # Parts that stand only before the first and after the last top-numbered heading (导言 … 第一章 …
    # 结语) are that outline's siblings, not its parents (2023年工作回顾 一、… 2024年工作安排 一、…).
    if "part" in level and len(present) > 1:
        top = present[1]
        tops = [i for i, k in enumerate(kinds) if k == top]
        parts = [i for i, k in enumerate(kinds) if k == "part"]
        # (One part above the outline alone heads it: the title of a plan forwarded under a notice.)
        if not any(tops[0] < i < tops[-1] for i in parts) and any(i > tops[-1] for i in parts):
            level = {k: max(v - 1, 1) for k, v in level.items()}
    return level


def _blocks(
    lines: list[PageLine],
    texts: list[str],
    kinds: list[str],
    level: dict[str, int],
    spans: dict[int, int],
    inside: set[int],
) -> list[Block]:
    blocks: list[Block] = []
    first_text = next((i for i, ln in enumerate(lines) if not ln.rows), -1)
    for i, ln in enumerate(lines):
        if i in spans:
            blocks.append(Block("closing", lines=[x.strip() for x in texts[i : spans[i]]]))
        elif i in inside:
            continue
        elif ln.rows:
            blocks.append(Block("table", rows=ln.rows))
        elif i == first_text and is_salutation(ln.text):
            blocks.append(Block("salutation", ln.text))
        elif kinds[i]:
            blocks.append(Block("heading", ln.text, level=level[kinds[i]]))
        elif ln.tag == "li":
            blocks.append(Block("list_item", ln.text))
        else:
            blocks.append(Block("paragraph", ln.text))
    return blocks


_PART_NAME = re.compile(
    r"(工作回顾|工作回顧|工作安排|工作部署|工作建议|工作建議|主要工作|工作任务|工作任務|总体要求|總體要求)$"
)


def _heading_with_stop(text: str) -> str:
    """The marker kind of `（一）化石能源消费减量替代行动。` (short, numbered, one final 。), else ''."""
    t = text.strip()
    if not t.endswith("。") or len(t) > 30 or _SENTENCE_MARKS.search(t[:-1]) or re.search(r"[，,：:]", t):
        return ""
    return outline_kind(t)


_DOC_KIND = re.compile(
    r"(方案|办法|辦法|规定|規定|细则|細則|意见|意見|计划|計劃|规划|規劃|要点|要點|措施|制度|规则|規則|预案|預案)$"
)


def _join_attached_titles(lines: list[PageLine]) -> list[PageLine]:
    """The title of a plan forwarded under a notice, centred on two lines after the signature
    (`某省进一步支持民间` / `投资发展的实施方案`): one line, so that it heads the plan as one heading."""
    texts = [ln.text if not ln.rows else "" for ln in lines]
    ends = set(_closings(texts).values())
    out = list(lines)
    for b in sorted(ends, reverse=True):
        if b + 1 >= len(out) or out[b].rows or out[b + 1].rows:
            continue
        first, second = out[b].text.strip(), out[b + 1].text.strip()
        if (
            is_part_heading(first)
            and is_part_heading(second)
            and not _DOC_KIND.search(first)
            and _DOC_KIND.search(second)
            and len(first + second) <= 40
        ):
            out[b : b + 2] = [replace(out[b], text=first + second)]
    return out


def _listed_before(texts: list[str], i: int) -> bool:
    """The line stood earlier on the page (a contents entry) and now heads text: the heading itself."""
    key = re.sub(r"\s+", "", texts[i])
    return (
        i + 1 < len(texts)
        and len(texts[i + 1]) > len(texts[i])
        and any(re.sub(r"\s+", "", t) == key for t in texts[:i])
    )


def _closing_follows(texts: list[str], i: int, spans: dict[int, int]) -> bool:
    return i + 1 in spans


_TOC_LEADER = re.compile(r"(?:\.{2,}|…+|·{2,}|-{3,}|_{3,}|\s{2,}|\s)\s*\d{1,4}$")


def _demote_toc(lines: list[PageLine], kinds: list[str]) -> None:
    """Table-of-contents entries are not headings: lines ending in a dot leader and a page number, and a
    run of heading candidates whose texts come back later as the real headings."""

    def norm(t: str) -> str:
        return re.sub(r"\s+", "", _TOC_LEADER.sub("", t))

    for i, ln in enumerate(lines):
        if kinds[i] and _TOC_LEADER.search(ln.text) and re.search(r"(\.{2,}|…|·{2,}|-{3,}|_{3,})", ln.text):
            kinds[i] = ""
    # A 目录 line opens the contents: its entries run until the first entry comes back as the text's
    # own heading (or, in an excerpt that stops first, to the first paragraph).
    for t, ln in enumerate(lines):
        if not re.search(r"(目\s*录|目\s*錄)[：:]?$", ln.text.strip()) or t + 1 >= len(lines):
            continue
        first = norm(lines[t + 1].text)
        q = t + 1
        while (
            q < len(lines) and (q == t + 1 or norm(lines[q].text) != first) and (kinds[q] or len(lines[q].text) <= 30)
        ):
            kinds[q] = ""
            q += 1
    seen_later: dict[str, int] = {}
    # Length of the run of consecutive heading candidates each line belongs to. Six headings in a row
    # with no text between them are a table of contents, even in an excerpt that stops before the
    # headings come back: all of the run up to the first entry that repeats an earlier one (the text's
    # own first heading, right after its contents).
    runs = [0] * len(kinds)
    long_toc: set[int] = set()
    i = 0
    while i < len(kinds):
        j = i
        while j < len(kinds) and kinds[j]:
            j += 1
        for q in range(i, j):
            runs[q] = j - i
        if j - i >= 6:
            seen = [norm(lines[q].text) for q in range(i, j)]
            end = next((q for q in range(i + 1, j) if seen[q - i] in seen[: q - i]), j)
            long_toc.update(range(i, end))
        i = max(j, i + 1)
    for i in range(len(lines) - 1, -1, -1):
        if not kinds[i]:
            continue
        key = norm(lines[i].text)
        if (key in seen_later and runs[i] >= 3) or i in long_toc:
            kinds[i] = ""
        else:
            seen_later[key] = i


def _part_context(lines: list[PageLine], i: int, cstart: int) -> bool:
    """A part heading sits between finished sentences and is followed by more body."""
    if i + 1 >= min(len(lines), cstart):
        return False
    nxt = lines[i + 1].text
    if is_part_heading(nxt) and not outline_kind(nxt):
        return False
    if i > 0:
        prev = lines[i - 1].text.rstrip()
        signed = signed_name(prev)  # 行政長官 某某: a signature ends a text
        if not (
            prev.endswith(("。", "！", "？", "：", "”", "…", "；", ".", "!", "?", "）"))
            or lines[i - 1].rows
            or is_numbered_heading(prev)
            or is_salutation(prev)
            or is_date_line(prev)
            or signed
        ):
            return False
    return len(nxt) > len(lines[i].text) or bool(outline_kind(nxt))
