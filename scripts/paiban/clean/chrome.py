"""Site chrome: which lines of a scraped page are not the document, and why.

The vocabularies live in `data/boilerplate.yaml` (data, not code). This module compiles them and answers
questions about single lines: is it chrome (strong: anywhere; weak: only outside the document), is it a
metadata-table row and what does it say, what is a breadcrumb's last item, who owns the site's copyright,
which inline fragments of a paragraph are junk. Position and shape decisions are made by `clean`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import yaml

from paiban.clean.sentence import runs_on
from paiban.hanzi import CJK_TEXT, HAN, fold_alnum

if TYPE_CHECKING:
    from paiban.clean.sites import Site

_WS = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]+")


def key(line: str) -> str:
    """The form vocabularies match against: no whitespace, full-width letters and digits half width."""
    return unicodedata.normalize("NFC", fold_alnum(_WS.sub("", line)))


SIDECAR = "site pattern (sidecar)"


@dataclass(frozen=True)
class Layered:
    """One pattern a sidecar or site file adds: `reason` is why a matching line is dropped, or None for
    a line to keep; `outside`: it only drops lines before the document starts or after it ends;
    `fragments`: it also cuts what it matches out of a kept line (a sidecar's `boilerplate:`)."""

    reason: str | None
    pattern: re.Pattern[str]
    outside: bool = False
    fragments: bool = False


@dataclass
class Vocab:
    strong: list[tuple[str, re.Pattern[str]]]
    weak: list[tuple[str, re.Pattern[str]]]
    labels: dict[str, str]  # label → field
    inline: list[tuple[str, re.Pattern[str]]]
    keep_after_end: list[re.Pattern[str]]
    not_category: set[str]
    tail_openers: list[re.Pattern[str]] = field(default_factory=list)
    # The sidecar's and the site file's patterns, in the order they decide (see `layered`).
    extra: list[Layered] = field(default_factory=list)
    label_re: re.Pattern[str] = field(default_factory=lambda: re.compile("(?!)"))


@cache
def _raw() -> dict[str, Any]:
    text = resources.files("paiban.clean").joinpath("data/boilerplate.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _compile_groups(groups: dict[str, list[str]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(reason, re.compile(p)) for reason, pats in groups.items() for p in pats]


def load_vocab(extra: list[str] | None = None, site: Site | None = None) -> Vocab:
    """Compile the vocabularies; `extra` are site-specific regexes from a sidecar (`boilerplate:` key),
    `site` the page's site file (`paiban.clean.sites`). The first layer that matches a line decides."""
    data = _raw()
    labels = {lab: fld for fld, labs in data["metadata_labels"].items() for lab in labs}
    alternatives = "|".join(sorted((re.escape(x) for x in labels), key=len, reverse=True))
    return Vocab(
        strong=_compile_groups(data["strong"]),
        weak=_compile_groups(data["weak"]),
        labels=labels,
        inline=_compile_groups(data["inline"]) + ([(site.path, p) for p in site.inline] if site else []),
        keep_after_end=[re.compile(p) for p in data["keep_after_end"]],
        not_category=set(data["breadcrumb_not_category"]),
        tail_openers=[re.compile(p) for p in data["tail_openers"]],
        extra=[Layered(SIDECAR, re.compile(p), fragments=True) for p in (extra or [])] + layered(site),
        label_re=re.compile(rf"(?:^|(?<=\s))({alternatives})\s*[:：]"),
    )


def layered(site: Site | None) -> list[Layered]:
    """A site file's patterns as layers: its chrome first (anywhere, then outside the document only),
    then its lines to keep, which only overrule the built-in vocabulary."""
    if site is None:
        return []
    return (
        [Layered(f"site pattern ({site.path})", p) for p in site.boilerplate]
        + [Layered(f"site pattern ({site.path})", p, outside=True) for p in site.outside]
        + [Layered(None, p) for p in site.keep]
    )


def chrome_reason(v: Vocab, line: str, outside: bool) -> str | None:
    """Why `line` is site chrome, or None. `outside`: the line is before the start / after the end."""
    k = key(line)
    if not k:
        return None
    for layer in v.extra:
        if (outside or not layer.outside) and (layer.pattern.search(line) or layer.pattern.search(k)):
            return layer.reason
    sentence = runs_on(k)
    for reason, pat in v.strong:
        if (not sentence or reason == "page-data") and pat.search(k):
            return reason
    if outside:
        for reason, pat in v.weak:
            if pat.search(k):
                return reason
    return None


def opens_tail(v: Vocab, line: str) -> bool:
    """`相关新闻`, `上一篇：…`: the site's tail begins here."""
    k = key(line)
    return len(k) <= 80 and any(p.search(k) for p in v.tail_openers)


def keep_after_end(v: Vocab, line: str) -> bool:
    k = key(line)
    return any(p.search(k) for p in v.keep_after_end) or any(
        layer.reason is None and (layer.pattern.search(line) or layer.pattern.search(k)) for layer in v.extra
    )


_BULLET = re.compile(r"^[•·▪◆◇■□●○►▶▸※*＊\-–]+\s*")


def metadata_pairs(v: Vocab, line: str) -> list[tuple[str, str, str]]:
    """(field, label, value) for every metadata label in `line` (`索引号：… 主题分类：…`, `• 索引号:`)."""
    text = _BULLET.sub("", _WS.sub(" ", line).strip())
    # Labels are often spaced out (`标　　题：`): squeeze spaces between single ideographs before a colon.
    text = re.sub(rf"(?<=[{HAN}]) (?=[{HAN}]{{1,3}}\s*[:：])", "", text)
    text = re.sub(rf"^([{HAN}]) (?=[{HAN}])", r"\1", text)
    hits = list(v.label_re.finditer(text))
    out: list[tuple[str, str, str]] = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        label = m.group(1)
        out.append((v.labels[label], label, text[m.end() : end].strip()))
    return out


def is_metadata_row(v: Vocab, line: str, in_table: bool = False) -> bool:
    """A line made of metadata-table labels (at least one, starting the line) and their values.

    `in_table`: the line stands next to other metadata rows, so any label counts — even one that can
    open document text elsewhere (`有效性：有效` under `文号：…`, but not `附件：` after a paragraph)."""
    pairs = metadata_pairs(v, line)
    if not pairs:
        return False
    text = _BULLET.sub("", _WS.sub(" ", line).strip())
    first = v.label_re.search(re.sub(rf"(?<=[{HAN}]) (?=[{HAN}]{{1,3}}\s*[:：])", "", text))
    starts = first is not None and first.start() == 0
    if not starts:
        return False
    if len(pairs) >= 2:
        return True
    if len(key(line)) > 80:
        return False
    # One label alone is a metadata row only for labels that never open document text.
    return in_table or pairs[0][0] in (
        "index",
        "category",
        "author",
        "date",
        "publish-date",
        "doc-number",
        "title",
        "responsible",
        "publisher",
    )


def is_bare_label(v: Vocab, line: str) -> str | None:
    """`索引号：` (or `• 索引号:`) alone on its line (its value on the next line): return the field."""
    k = _BULLET.sub("", key(line))
    if k.rstrip(":：") in ("附件", "附表", "附录", "附錄"):
        return None  # `附件：` opens the document's own list of attachments
    if not k.endswith((":", "：")):
        # Without its colon only a long label is unambiguous (索引号, 发文机关 — not 标题, 附件).
        return v.labels.get(k) if len(k) >= 3 else None
    return v.labels.get(k.rstrip(":："))


# Separators of a trail; a bare hyphen only between ideographs (首页-政务公开-年度报告), where no word has one.
_CRUMB_SPLIT = re.compile(rf"\s*(?:>>|>|＞|»|›|→|/|\\|-{{1,2}}>)\s*|\s+[-–—]\s+|(?<=[{HAN}])[-－](?=[{HAN}])")
_CRUMB_LABEL = re.compile(r"^.*?(?:位置|位址|頁面|页面)\s*[:：]\s*")


def breadcrumb_category(v: Vocab, line: str, title: str = "") -> str:
    """The last meaningful item of a breadcrumb line (not 正文/详情, not the title)."""
    body = _CRUMB_LABEL.sub("", line.strip())
    items = [x.strip(" \t\u00a0\u3000") for x in _CRUMB_SPLIT.split(body)]
    items = [x for x in items if x and x not in v.not_category]
    tkey = key(title)
    labelled = bool(_CRUMB_LABEL.match(line.strip()))
    while items and (
        (tkey and (key(items[-1]) == tkey or (len(key(items[-1])) > 6 and key(items[-1]) in tkey)))
        or breadcrumb_title(items[-1])
        or re.search(r"[，,。！？!?]", items[-1])
        or len(key(items[-1])) > 20
    ):
        items.pop()  # the page's own title (or a thread's headline) at the end of the trail is no category
    if len(items) < 2 and not labelled:
        return ""
    last = items[-1] if items else ""
    if re.search(r"(首页|首頁)$", last) or len(last) > 20:
        return ""
    return last


def breadcrumb_title(item: str) -> bool:
    """A breadcrumb item that is a document title (关于…的通知), not a section name."""
    k = key(item)
    return len(k) > 12 and bool(re.search(r"关于|關於|(通知|意见|办法|报告|方案|公告|决定|规定|讲话)$", k))


def breadcrumb_last(line: str) -> str:
    """The last item of a breadcrumb trail as written."""
    items = [x.strip(" \t\u00a0\u3000") for x in _CRUMB_SPLIT.split(_CRUMB_LABEL.sub("", line.strip()))]
    items = [x for x in items if x]
    return items[-1] if items else ""


_OWNER = re.compile(
    r"(?:版权所有|版權所有|主办单位|主辦單位|主办|主辦|Copyright|©)\s*[:：]?\s*(?:©|\(c\)|Copyright)?\s*"
    rf"(?:\d{{4}}(?:\s*[-–—]\s*\d{{4}})?)?\s*[:：]?\s*([{HAN}（）()]{{4,40}})",
    re.I,
)


_OWNER_BEFORE = re.compile(rf"([{HAN}（）()]{{4,30}})\s*(?:版权所有|版權所有)")


def copyright_owner(line: str) -> str:
    """The organization named in a `版权所有：…` / `主办单位：…` / `XX 版權所有` footer line; not a
    website's name (…网, …網站)."""
    text = _WS.sub(" ", line)
    m = _OWNER.search(text)
    if not m or len(m.group(1)) < 4:
        m = _OWNER_BEFORE.search(text)
    if not m:
        return ""
    owner = m.group(1)
    owner = re.split(r"(?:版权|版權|承办|承辦|主办|主辦|技术|技術|备案|備案|地址|电话|電話|网站|網站|ICP)", owner)[0]
    owner = owner.strip("（(）)")
    if len(owner) < 4 or re.search(r"(网|網|网站|網站|门户|門戶|资讯|資訊|在线|線上)$", owner):
        return ""
    return owner


_GLUED_ASCII = re.compile(
    rf"(?<=[{CJK_TEXT}])[A-Za-z0-9]{{5,24}}(?=[{CJK_TEXT}]|$)"
    r"|^[A-Za-z0-9]{5,24}$"
)


def is_random_token(token: str) -> bool:
    """`aB3dQ9x`: letters and digits that change case or class at least four times — the random strings a
    forum's anti-copy filter inserts. Words, codes and names (GDP, GB18030, iPhone15, 2024) change less."""
    classes = ["d" if c.isdigit() else "u" if c.isupper() else "l" for c in token]
    changes = sum(1 for a, b in pairwise(classes) if a != b)
    return len(token) >= 5 and token.isascii() and token.isalnum() and changes >= 4


def strip_inline(v: Vocab, text: str, sidecar: bool = True) -> tuple[str, list[tuple[str, str]]]:
    """Remove inline junk (pinyin glosses, watermarks); return the text and (reason, fragment) pairs.
    `sidecar`: also the sidecar's patterns (off while whole lines are still being judged, because a
    sidecar pattern that matches a line makes the whole line chrome)."""
    removed: list[tuple[str, str]] = []
    for reason, pat in v.inline:

        def drop(m: re.Match[str], reason: str = reason) -> str:
            removed.append((reason, m.group(0)))
            return ""

        text = pat.sub(drop, text)

    def noise(m: re.Match[str]) -> str:
        if is_random_token(m.group(0)):
            removed.append(("anti-copy noise", m.group(0)))
            return ""
        return m.group(0)

    text = _GLUED_ASCII.sub(noise, text)
    for layer in v.extra if sidecar else []:
        if not layer.fragments:
            continue

        # Sidecar patterns also remove inline fragments when they match inside a longer line.
        def drop_extra(m: re.Match[str], whole: str = text) -> str:
            if m.group(0) and m.group(0) != whole:
                removed.append((SIDECAR, m.group(0)))
                return ""
            return m.group(0)

        text = layer.pattern.sub(drop_extra, text)
    return text, removed
