"""Where the document ends: what follows its text on the page is the site's, however it is worded.

Four cuts, in this order: everything after a `相关新闻` / `上一篇：` opener; trailing chrome and the short
lines among it; whatever follows a 公文's closing signature and date; and the lines after the run of
running text (a maximum-sum segment of line weights, as text-density extractors find the main block).
None of them removes the document's own tail: 附件, 抄送, 印发, a note, a credit line, its signature.
"""

from __future__ import annotations

import re

from paiban.clean import chrome as bp
from paiban.clean.blocks import PageLine, is_salutation, signed_name
from paiban.clean.evidence import Evidence, collect
from paiban.clean.ledger import Ledger
from paiban.clean.metadata import credit_org, is_date_line, is_org
from paiban.clean.sentence import ends_sentence, reads_as_sentence
from paiban.clean.title import nav_shape
from paiban.markers import ARTICLE, outline_kind

# A short line (at most this long, without a stop) next to chrome after the end is chrome too.
SHORT_TAIL_LINE = 60
# Text after a signature and date that weighs this much (in sentence characters) is more document:
# a plan forwarded under its notice.
FORWARDED_TEXT = 150
# A finished sentence this long is running text however it ends; a short item without figures costs.
SENTENCE_WEIGHT_MIN = 10
MENU_ITEM_COST = -8
# The document's date line may stand this many lines after its running text (主办单位, 联系电话 between).
DATE_LINE_REACH = 8
# A signature (date, organization, name) may stand this many lines after the running text.
SIGNATURE_REACH = 5


def own_tail(vocab: bp.Vocab, text: str) -> bool:
    """A line that belongs to the document although it follows its text: 附件, 抄送, 印发, a note, a letter's
    close, a credit line `（某县统计局）`."""
    return bp.keep_after_end(vocab, text) or bool(credit_org(text))


def cut_at_tail_opener(lines: list[PageLine], body: list[int], vocab: bp.Vocab, ledger: Ledger) -> list[int]:
    """Everything after a `相关新闻` / `上一篇：` line that follows the document's first line is the site's
    tail (related lists, footers), whatever it looks like; the document's own tail lines stay."""
    if not body:
        return body
    after = range(body[0] + 1, len(lines))
    opener = next((i for i in after if lines[i].text and bp.opens_tail(vocab, lines[i].text)), None)
    if opener is None:
        return body
    keep = []
    for i in body:
        if i < opener or own_tail(vocab, lines[i].text):
            keep.append(i)
        else:
            ledger.drop(i, f"after `{lines[opener].text.strip()[:20]}` (the site's tail)")
    return keep


def trim_tail(lines: list[PageLine], body: list[int], vocab: bp.Vocab, ev: Evidence, ledger: Ledger) -> list[int]:
    """Drop chrome after the document's end: weak vocabulary, and short shapeless lines between it and
    chrome already found (related-article lists). The first line of the body always stays."""
    end = len(body)
    while end > 1:
        i = body[end - 1]
        ln = lines[i]
        if ln.rows:
            ledger.drop(i, "table after the end of the document")
        elif own_tail(vocab, ln.text):
            break
        elif reason := _trailing_chrome(ln, vocab):
            collect(vocab, ln.text, reason, ev)
            ledger.drop(i, f"{reason} (after the end of the document)")
        elif not _may_end_document(ln.text) and _among_chrome(i, ln.text, ledger):
            ledger.drop(i, "short line among the chrome after the end of the document")
        else:
            break
        end -= 1
    return body[:end]


def _trailing_chrome(ln: PageLine, vocab: bp.Vocab) -> str:
    """Why a line after the end is chrome: weak vocabulary, a menu's shape, all link text; or ""."""
    if reason := bp.chrome_reason(vocab, ln.text, outside=True):
        return reason
    if nav_shape(ln.text):
        return "navigation bar (shape)"
    return "link list (all link text)" if ln.link else ""


def _may_end_document(t: str) -> bool:
    """A line a document can end with: a date, an organization, a signed name, a sentence, a heading."""
    return (
        is_date_line(t)
        or is_org(t)
        or reads_as_sentence(t)
        or signed_name(t)
        or ends_sentence(t)
        or bool(outline_kind(t))
        or is_salutation(t)
    )


def _among_chrome(i: int, t: str, ledger: Ledger) -> bool:
    """A short line without a stop, with removed lines after it or right around it. (Trailing chrome
    this loop dropped is after it: it needs no flag of its own.)"""
    if len(t) > SHORT_TAIL_LINE or re.search(r"[。！？!?]", t):
        return False
    after = ledger.any_removed(range(i + 1, len(ledger.lines)))
    return after or ledger.any_removed(j for j in range(max(0, i - 2), i + 3) if j != i)


def after_signature(lines: list[PageLine], body: list[int], vocab: bp.Vocab, ledger: Ledger) -> list[int]:
    """A 公文 ends with its signature and date: what follows them is a forum's replies and buttons, a
    site's leftovers — unless it is the document's own tail (附件, 抄送, a credit line) or more text of
    weight (a plan forwarded under the notice, with its headings and paragraphs)."""
    texts = [lines[i].text.strip() for i in body]
    end = next((p for p in range(len(texts) - 1, 0, -1) if is_date_line(texts[p]) and is_org(texts[p - 1])), None)
    if end is None or end + 1 >= len(texts):
        return body
    rest = range(end + 1, len(texts))
    weight = sum(len(texts[p]) for p in rest if reads_as_sentence(texts[p]) and not lines[body[p]].rows)
    if weight >= FORWARDED_TEXT or any(
        outline_kind(texts[p]) or ARTICLE.match(texts[p]) or lines[body[p]].rows for p in rest
    ):
        return body
    keep = body[: end + 1]
    for p in rest:
        if own_tail(vocab, texts[p]):
            keep.append(body[p])
        else:
            ledger.drop(body[p], "after the signature and date that end the document")
    return keep


def line_weight(line: PageLine) -> int:
    """How much a line speaks for being running text: its length when it reads as a sentence, a cost
    when it is a short item without figures (a menu entry, a link), nothing for headings, data cells and
    tables (a statistics table set one cell a line is text, however short its lines)."""
    t = line.text.strip()
    if line.rows or not t:
        return 0
    if reads_as_sentence(t, min_len=SENTENCE_WEIGHT_MIN) or ends_sentence(t):
        return len(t)  # a finished sentence is text however short: 特此通知。
    if outline_kind(t) or ARTICLE.match(t) or re.search(r"\d", t):
        return 0
    return MENU_ITEM_COST


def _running_text_end(lines: list[PageLine], body: list[int]) -> int | None:
    """Position in `body` of the last line of the heaviest run of lines, or None when no line weighs."""
    best = cur = 0
    end = len(body) - 1
    for p, i in enumerate(body):
        cur = max(cur, 0) + line_weight(lines[i])
        if cur > best:
            best, end = cur, p
    return end if best else None


def after_the_text(lines: list[PageLine], body: list[int], vocab: bp.Vocab, ledger: Ledger) -> list[int]:
    """Where the running text ends: the end of the run of lines with the highest total weight. A site's
    tail of menus and link lists after it is dropped, however it is worded; the document's own tail
    (signature and date right after the text, 附件, credit lines) stays."""
    end = _running_text_end(lines, body)
    if end is None:
        return body
    # What stands between the text and its date line (主办单位、联系电话 of a notice, the signature) is
    # the document's.
    dated = [q for q in range(end + 1, min(len(body), end + 1 + DATE_LINE_REACH)) if is_date_line(lines[body[q]].text)]
    end = dated[-1] if dated else end
    keep = body[: end + 1]
    for p in range(end + 1, len(body)):
        t = lines[body[p]].text.strip()
        signature = p - end <= SIGNATURE_REACH and (is_date_line(t) or is_org(t) or signed_name(t))
        cut_off = p == end + 1 == len(body) - 1  # the last line of an excerpt that stops mid-sentence
        if signature or cut_off or line_weight(lines[body[p]]) >= 0 or own_tail(vocab, t):
            keep.append(body[p])
        else:
            ledger.drop(body[p], "after the end of the running text (short lines without figures: menus, links)")
    return keep
