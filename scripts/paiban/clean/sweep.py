"""The first sweep over a page's lines: what is chrome wherever it stands, before the document is found.

Strong vocabulary (menus, share buttons, counters), metadata tables and their flattened rows, link and
address lines, lines the HTML reader saw in a <nav>/<footer>, everything after the page's main text
container, and running headers that come back on every page of a PDF dump. Whatever these lines say
about the document (dates, issuer, address) is kept as `Evidence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paiban.clean import chrome as bp
from paiban.clean.blocks import PageLine, signed_name
from paiban.clean.evidence import URL, Evidence, add_table_fields, collect
from paiban.clean.ledger import Ledger
from paiban.clean.metadata import is_date_line, is_org
from paiban.clean.sentence import reads_as_sentence
from paiban.clean.tail import own_tail
from paiban.clean.title import TITLE_END
from paiban.hanzi import is_han

_URL_LINE = re.compile(r"^(?:(?:URL|url|Url|网址|網址|链接|鏈接|地址|來源網址|来源网址)\s*[:：]\s*)?https?://\S+$")
_LINK_LABEL = re.compile(r"^(原文链接|本文链接|原文地址|文章链接|本页链接|本頁連結|原文網址|原始連結|网址|網址)[:：]")
_ATTACHMENT_LABEL = re.compile(r"(附件|附表)[:：]")

# A line of a signature set in its own box this soon after the text's container is still the document's.
SIGNATURE_LINES_AFTER_CONTAINER = 3
# A short line repeated this often is a page's running header or footer.
RUNNING_HEAD_REPEATS = 3
RUNNING_HEAD_LENGTH = (4, 40)
# A running head longer than this (or naming a kind of document) may first be the title itself.
TITLE_LIKE_HEAD = 8


@dataclass
class _Sweep:
    """What the sweep carries from one line to the next."""

    pending_label: str = ""  # a bare `成文日期：` whose value is the next line
    prev_meta: bool = False  # the previous text line was a metadata row
    after_main: int = 0  # text lines seen after the page's main text container
    running_on: bool = True  # still in sentences right after the container (its text's continuation)


def sweep(lines: list[PageLine], vocab: bp.Vocab, ev: Evidence, ledger: Ledger) -> None:
    """Drop chrome that is chrome anywhere; collect the metadata it carries."""
    st = _Sweep()
    for i, ln in enumerate(lines):
        if _past_the_container(ln, vocab, st):
            why = (bp.chrome_reason(vocab, ln.text, outside=True) if ln.text else None) or (
                "table" if ln.rows else "site chrome"
            )
            collect(vocab, ln.text, why, ev)
            ledger.drop(i, f"{why} (after the page's main text container)")
        elif ln.rows:
            _table(i, ln, vocab, ev, ledger)
        elif not ln.text:
            st.pending_label = ""
        elif st.pending_label:
            ev.table.setdefault(st.pending_label, ln.text)
            st.pending_label = ""
            ledger.drop(i, "metadata table (value)")
        elif _flattened_table(ln.text, vocab, ev):
            ledger.drop(i, "metadata table (flattened with |)")
            st.prev_meta = True
        elif reason := _vocabulary_reason(lines, i, vocab, st) or _shape_reason(ln, ev):
            # Chrome found by its container still carries metadata (a footer's 主办单位, a crumb trail).
            collect(vocab, ln.text, bp.chrome_reason(vocab, ln.text, outside=True) or reason, ev)
            ledger.drop(i, reason)


def _past_the_container(ln: PageLine, vocab: bp.Vocab, st: _Sweep) -> bool:
    """HTML: the line follows the page's main text container and is not the text running on past it,
    its own tail (附件, 抄送) or a signature boxed apart."""
    if ln.zone == 1 and ln.text:
        st.after_main += 1
        st.running_on = st.running_on and reads_as_sentence(ln.text)
    signature = st.after_main <= SIGNATURE_LINES_AFTER_CONTAINER and (is_date_line(ln.text) or is_org(ln.text))
    return ln.zone == 1 and not own_tail(vocab, ln.text) and not signature and not st.running_on


def _table(i: int, ln: PageLine, vocab: bp.Vocab, ev: Evidence, ledger: Ledger) -> None:
    """A table is a metadata table when two of its cells are labels; a table in a <nav> is chrome."""
    pairs = table_pairs(vocab, ln.rows)
    if len(pairs) >= 2:
        add_table_fields(ev, pairs)
        ledger.drop(i, "metadata table")
    elif ln.hint:
        ledger.drop(i, f"site chrome ({ln.hint})")


def _flattened_table(text: str, vocab: bp.Vocab, ev: Evidence) -> bool:
    """A metadata table flattened into a text dump: `文件名称 | 某某 | 索引号 | …`; its fields are kept."""
    if text.count("|") < 2:
        return False
    cells = [c.strip() for c in text.split("|")]
    pairs = table_pairs(vocab, [[c for c in cells if c]])
    if not (pairs and bp.key(cells[0]).rstrip(":：") in vocab.labels):
        return False
    add_table_fields(ev, pairs)
    return True


def _vocabulary_reason(lines: list[PageLine], i: int, vocab: bp.Vocab, st: _Sweep) -> str | None:
    """Why line `i` is chrome by the vocabularies: strong chrome, a metadata label or row, an empty
    template label; None when they do not say."""
    t = lines[i].text
    reason = bp.chrome_reason(vocab, t, outside=False)
    if reason is None and not _has_word(t):
        reason = "no text (decoration or separator line)"
    bare = bp.is_bare_label(vocab, t) if reason is None else None
    if bare:
        st.pending_label = bare  # `成文日期：` alone: its value is the next line
        reason = "metadata table"
    elif reason is None and _empty_attachment(lines, i, vocab):
        reason = "empty attachment label (site template)"
    if reason is None and bp.is_metadata_row(vocab, t, in_table=st.prev_meta or _next_is_metadata(lines, i, vocab)):
        reason = "metadata table"
    st.prev_meta = reason == "metadata table"
    return reason


def _has_word(text: str) -> bool:
    """Some letter, digit or ideograph: a line of only marks and symbols (★★★, ————, ·) is decoration."""
    return any(is_han(c) or (c.isascii() and c.isalnum()) for c in text)


def _empty_attachment(lines: list[PageLine], i: int, vocab: bp.Vocab) -> bool:
    """A template's `附件：` with nothing attached: the site's furniture follows it straight away."""
    if not _ATTACHMENT_LABEL.fullmatch(bp.key(lines[i].text)):
        return False
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text), "")
    return not nxt or bool(bp.chrome_reason(vocab, nxt, outside=True))


def _shape_reason(ln: PageLine, ev: Evidence) -> str | None:
    """Why a line is chrome by its shape: a link label, a bare address, a hinted line that is no sentence."""
    t = ln.text
    if _LINK_LABEL.match(bp.key(t)):
        return "link line"
    if _URL_LINE.match(t):
        url = URL.search(t)
        # A document's address has a path; a bare domain in a footer is the site's.
        if url and not ev.source and re.match(r"https?://[^/]+/.+", url.group(0)):
            ev.source = url.group(0)
        return "page address"
    if ln.hint and ln.tag != "h1" and not reads_as_sentence(t):
        return f"site chrome ({ln.hint})"
    return None


def _next_is_metadata(lines: list[PageLine], i: int, vocab: bp.Vocab) -> bool:
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text and not ln.rows), "")
    return bool(nxt) and bp.is_metadata_row(vocab, nxt)


def table_pairs(vocab: bp.Vocab, rows: list[list[str]]) -> list[tuple[str, str, str]]:
    """(field, label, value) of every label in `rows`: a label cell and the cell after it, or a cell
    `label：value`."""
    pairs: list[tuple[str, str, str]] = []
    for row in rows:
        cells = list(row)
        j = 0
        while j < len(cells):
            c = bp.key(cells[j]).rstrip(":：")
            if c in vocab.labels:
                value = cells[j + 1] if j + 1 < len(cells) else ""
                if bp.key(value).rstrip(":：") in vocab.labels:
                    value = ""  # `公开责任部门 | 公开形式：| 主动公开`: an empty cell, then the next label
                pairs.append((vocab.labels[c], c, value.strip()))
                j += 2 if value else 1
                continue
            pairs += bp.metadata_pairs(vocab, cells[j])
            j += 1
    return pairs


def drop_running_heads(lines: list[PageLine], vocab: bp.Vocab, ledger: Ledger) -> None:
    """A short line that comes back three times or more between the text's lines is a page's running
    header or footer (PDF dumps), not text."""
    shortest, longest = RUNNING_HEAD_LENGTH
    counts: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        k = bp.key(ln.text)
        if (
            not ledger.removed(i)
            and shortest <= len(k) <= longest
            and not k.endswith((":", "："))
            and not reads_as_sentence(ln.text)
        ):
            counts.setdefault(k, []).append(i)
    for k, idx in counts.items():
        if len(idx) < RUNNING_HEAD_REPEATS:
            continue
        # The first copy of a long running head may be the title itself; a short repeated line that
        # does not name a document (葡文版本, 回复, 使用道具 举报) is furniture everywhere.
        if signed_name(lines[idx[0]].text.strip()) or is_org(k) or is_date_line(k):
            continue  # a signature repeats on a page of several instruments: it is their text
        first = 1 if len(k) > TITLE_LIKE_HEAD or TITLE_END.search(k) else 0
        for i in idx[first:]:
            ledger.drop(i, "running header/footer (repeated on every page)")
