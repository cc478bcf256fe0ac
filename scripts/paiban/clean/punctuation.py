"""Characters and punctuation of Chinese official text (GB/T 15834, see TYPOGRAPHY.md).

`normalize_chars` fixes the character level (NFC, NBSP/U+3000/zero-width, full-width letters and digits);
`fix_punctuation` turns half-width punctuation in Chinese context into full width, straight quotes into
“” ‘’, ellipses and dashes into ……/——, collapses doubled marks; URLs, e-mail addresses, numbers, times
and Latin text keep their ASCII punctuation, and no space is ever inserted. `warnings` reports suspected
defects of the source (unbalanced pairs, a missing 。 before a run-in `二是`) without changing a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from paiban.hanzi import CJK_TEXT, HAN, fold_alnum, is_han

_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), None
)
# Other C0/C1 controls are not text (tab and line separators become spaces).
_ZERO_WIDTH.update({c: None for c in list(range(0, 9)) + list(range(14, 32)) + list(range(0x7F, 0xA0))})
_SPACES = re.compile(r"[ \t\n\r\f\v\u0085\u00a0\u3000\u2002\u2003\u2009\u202f\u205f\u1680\u2000-\u200a\u2028\u2029]+")
FULL_PUNCT = "，。、；：？！（）“”‘’《》〈〉【】〔〕「」『』…—·"
_CLOSE_QUOTE = "”’"


def is_cjk_context(ch: str) -> bool:
    """Ideographs and full-width punctuation: neighbours that make a mark 'Chinese'."""
    return bool(ch) and (is_han(ch) or ch in FULL_PUNCT or 0x3000 <= ord(ch) <= 0x303F)


def count_invisible(text: str) -> int:
    """Zero-width, bidi and control characters that `normalize_chars` drops."""
    return sum(1 for ch in text if ord(ch) in _ZERO_WIDTH)


def normalize_chars(text: str) -> str:
    """NFC; zero-width characters dropped; any run of spaces (NBSP, U+3000…) → one space; full-width
    ASCII letters and digits → half width; trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", fold_alnum(text)).strip()


_PROTECT = re.compile(
    rf"(?:https?|ftp)://[^\s{CJK_TEXT}“”‘’]+"
    rf"|www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+[^\s{CJK_TEXT}“”‘’]*"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)
_SIMPLE = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def _protected(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _PROTECT.finditer(text):
        end = m.end()
        # Trailing sentence punctuation belongs to the sentence, not to the URL.
        while end > m.start() and text[end - 1] in ".,;:!?)":
            end -= 1
        for i in range(m.start(), end):
            mask[i] = True
    return mask


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def fix_punctuation(text: str) -> tuple[str, Counter[str]]:
    """Full-width punctuation in Chinese context. Returns the text and a count of each change."""
    changes: Counter[str] = Counter()
    if not any(is_han(c) for c in text):
        return text, changes
    mask = _protected(text)
    chars = list(text)
    _brackets(text, chars, mask, changes)
    _simple_marks(text, chars, mask, changes)
    _quotes(chars, mask, changes)
    return _runs("".join(chars), changes), +changes


def _brackets(text: str, chars: list[str], mask: list[bool], changes: Counter[str]) -> None:
    """ASCII parentheses → full width: pairs first, so that both halves change together (a pair around
    Chinese, or beside it), then lone ones in Chinese context."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, ch in enumerate(chars):
        if mask[i]:
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs[stack.pop()] = i
    for i, j in pairs.items():
        inner = text[i + 1 : j]
        if (
            any(is_han(c) for c in inner)
            or is_cjk_context(_neighbour(text, i, -1))
            or is_cjk_context(_neighbour(text, j, 1))
        ):
            chars[i], chars[j] = "（", "）"
            changes["( ) → （ ）"] += 1
    for i, ch in enumerate(chars):
        if mask[i] or ch not in "()":
            continue
        left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if is_cjk_context(left) or is_cjk_context(right):
            chars[i] = "（" if ch == "(" else "）"
            changes[f"{ch} → {chars[i]}"] += 1


def _simple_marks(text: str, chars: list[str], mask: list[bool], changes: Counter[str]) -> None:
    """, . ; : ! ? → full width next to Chinese, except in figures (1,000, 10:30) and lost-character ??."""
    for i, ch in enumerate(chars):
        if mask[i] or ch not in _SIMPLE:
            continue
        left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
        # `增长5.2%,CPI上涨…`: a unit closing a figure ends a Chinese clause (no thousands separator follows %).
        after_unit = left in "%‰℃" and ch in ",;" and not right.isdigit()
        if not (is_cjk_context(left) or is_cjk_context(right) or after_unit):
            continue
        if ch in ",:" and left.isdigit() and right.isdigit():
            continue  # 1,000 and 10:30 stay ASCII
        if ch == "?" and "?" in text[max(0, i - 1) : i] + text[i + 1 : i + 2]:
            continue  # ?? is where characters were lost in a conversion: keep it visible (and warn)
        chars[i] = _SIMPLE[ch]
        changes[f"{ch} → {chars[i]}"] += 1


def _quotes(chars: list[str], mask: list[bool], changes: Counter[str]) -> None:
    """Straight quotes in a Chinese paragraph alternate open/close, following curly ones."""
    double_open = False
    single_open = False
    for i, ch in enumerate(chars):
        if mask[i]:
            continue
        if ch in "“”":
            double_open = ch == "“"
        elif ch in "‘’":
            single_open = ch == "‘"
        elif ch in '"＂':
            chars[i] = "”" if double_open else "“"
            double_open = not double_open
            changes['" → “”'] += 1
        elif ch in "'＇" and _single_quote(chars, i, single_open):
            chars[i] = "’" if single_open else "‘"
            single_open = not single_open
            changes["' → ‘’"] += 1


def _single_quote(chars: list[str], i: int, single_open: bool) -> bool:
    """The straight single quote at `i` is a quotation mark (not an apostrophe: don't, it's)."""
    left = chars[i - 1] if i else ""
    right = chars[i + 1] if i + 1 < len(chars) else ""
    if left.isascii() and left.isalnum() and right.isascii() and right.isalpha():
        return False
    return single_open or is_cjk_context(left) or is_cjk_context(right)


def _runs(out: str, changes: Counter[str]) -> str:
    """Runs of marks: book-title brackets, ellipses, dashes, doubled marks, a half-width stop after an
    ideograph, a document number's year brackets, spaces beside full-width marks."""
    book = rf"(?:<<|＜＜|〈〈)([^<>\n]{{0,40}}?[{HAN}][^<>\n]{{0,40}}?)(?:>>|＞＞|〉〉)"
    out, k = _sub_outside(book, r"《\1》", out)
    changes["<<…>> → 《…》"] += k
    out, k = _sub_outside(r"(?<![.\d])\.{3,6}(?![.\d])|。{3,}|．{3,}|[·・]{3,}|(?<!…)…(?!…)", "……", out)
    changes["ellipsis → ……"] += k
    out, k = _sub_outside(r"(?<!-)-{2,3}(?!-)|－{2}|─{2}|――", "——", out, cjk_only=True)
    changes["dash → ——"] += k
    out, k = _sub_outside(r"([，、；：。])\1+", r"\1", out)
    changes["doubled mark collapsed"] += k
    out, k = _sub_outside(rf"(?<=[{HAN}])\.(?=[{HAN}“”‘’」』）》]|$)", "。", out, skip_markers=True)
    changes[". → 。"] += k
    # Document numbers write their year in 〔〕 (GB/T 9704): 国发[2018]43号, 国发（2018）43号 → 国发〔2018〕43号.
    doc_year = rf"(?<=[{HAN}])[\[［【（(]\s*((?:19|20)\d{{2}})\s*[\]］】）)]\s*(?=\d{{1,4}}\s*号)"
    out, k = re.subn(doc_year, r"〔\1〕", out)
    changes["document-number brackets → 〔〕"] += k
    # Spaces next to full-width punctuation are scraping residue (full-width marks carry their own space).
    out, k = re.subn(rf" +(?=[{FULL_PUNCT}])|(?<=[{FULL_PUNCT}]) +", "", out)
    changes["space beside full-width punctuation removed"] += k
    return out


def _sub_outside(
    pattern: str, repl: str, text: str, cjk_only: bool = False, skip_markers: bool = False
) -> tuple[str, int]:
    mask = _protected(text)
    count = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal count
        if any(mask[m.start() : m.end()]):
            return m.group(0)
        if cjk_only:
            left = _neighbour(text, m.start(), -1)
            right = _neighbour(text, m.end() - 1, 1)
            if not (is_cjk_context(left) or is_cjk_context(right)) or (left.isdigit() and right.isdigit()):
                return m.group(0)
        if skip_markers and re.fullmatch(r"[一二三四五六七八九十百零〇]+", text[: m.start()]):
            return m.group(0)
        count += 1
        return m.expand(repl)

    return re.sub(pattern, sub, text), count


_PAIRS = (("（", "）"), ("“", "”"), ("‘", "’"), ("《", "》"), ("【", "】"), ("〔", "〕"), ("「", "」"))
_NUMS = "一二三四五六七八九十"
_RUN_IN = re.compile(rf"(?<=[^\s。；！？：，、（“‘…—])([{_NUMS}]|十[一二三四五六七八九])是(?![的否])")


_JUNK = re.compile(rf"(?<=[{HAN}])[A-Za-z0-9]{{8,}}(?=[{HAN}])")
_LOST = re.compile(rf"\ufffd|(?<=[{HAN}])[?？]{{2,}}|[?？]{{2,}}(?=[{HAN}])|[\ue000-\uf8ff]")


def warnings(text: str) -> list[str]:
    """Suspected source defects in one paragraph (never fixed: the wording is the source's)."""
    out: list[str] = []
    for m in _JUNK.finditer(text):
        if re.search(r"[A-Za-z]", m.group(0)) and re.search(r"\d", m.group(0)):
            out.append(f"suspected inline junk (letters and digits inside Chinese text): {m.group(0)}")
    for m in _LOST.finditer(text):
        ctx = text[max(0, m.start() - 6) : m.end() + 6]
        out.append(f"lost characters (replacement marks or private-use code points): …{ctx}…")
    for a, b in _PAIRS:
        na, nb = text.count(a), text.count(b)
        if na != nb:
            out.append(f"unbalanced {a}{b} ({na} {a}, {nb} {b})")
    leads = [m.group(1) for m in re.finditer(rf"([{_NUMS}])是", text)]
    if len(set(leads)) >= 2:
        for m in _RUN_IN.finditer(text):
            num = m.group(1)
            idx = _NUMS.index(num[-1]) if len(num) == 1 else 9
            prev_ok = (idx == 0 and _NUMS[1] in leads) or (idx > 0 and _NUMS[idx - 1] in leads)
            if prev_ok:
                ctx = text[max(0, m.start() - 6) : m.end() + 4]
                out.append(f"missing 。 before run-in lead 「{num}是」: …{ctx}…")
    return out
