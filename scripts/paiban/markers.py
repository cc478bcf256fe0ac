"""The heading-marker grammar of Chinese official documents, once for the cleaner and the renderers.

`第一编` `第一章` `第一节` `壹、` `一、` `I.` `（一）` `1.` `1.1` `01` `（1）` `①`, in rank order: the cleaner
reads a heading's level from its marker (`paiban.clean.blocks`), and the renderers give each kind of
marker its face (`paiban.render.roles`), so one page's `壹、` `貳、` `參、` are set alike in every format.
"""

from __future__ import annotations

import re

from paiban.hanzi import HAN

_CN = "一二三四五六七八九十百零〇"
_UPPER = "壹贰叁肆伍陆柒捌玖拾貳參陸"
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bian", re.compile(rf"^第[{_CN}\d]+(?:编|編|部分|篇)(?:\s|$|[{HAN}])")),
    ("zhang", re.compile(rf"^第[{_CN}\d]+[章](?:\s|$|[{HAN}])")),
    ("jie", re.compile(rf"^第[{_CN}\d]+[节節](?:\s|$|[{HAN}])")),
    ("upper", re.compile(rf"^[{_UPPER}]+\s*[、.．]")),
    # A digit may follow 、 (`一、2023年工作回顾`), not a full stop (`十.5` is no marker).
    ("cn", re.compile(rf"^[{_CN}]+\s*(?:、|[.．](?!\d))")),
    ("roman", re.compile(rf"^[IVX]{{1,5}}\s*[、.．]\s*(?=[{HAN}])")),
    ("cn-paren", re.compile(rf"^[（(]\s*[{_CN}]+\s*[)）]")),
    ("num", re.compile(r"^\d{1,2}\s*(?:、|[.．](?!\d))")),
    # Decimal outlines of plans and rules (`1.1编制目的`), not figures (`3.2亿元`).
    ("num-dec", re.compile(rf"^\d{{1,2}}[.．]\d{{1,2}}(?![.．]?\d)\s*(?=[{HAN}])(?![万亿元个倍人次%％])")),
    # Two-digit section numbers glued to the heading (`01综合` … `12资源环境`), as statistics bulletins
    # number them; a kind only where the document zero-pads them (see build_blocks).
    ("num-bare", re.compile(rf"^\d{{2}}(?=[{HAN}])(?![年月日时號号万亿元个倍人次家项件条名户所座])")),
    ("num-paren", re.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    ("circled", re.compile(r"^[①-⑳]")),
)
RANK = {k: i + 1 for i, (k, _) in enumerate(KINDS)}
RANK["part"] = 0
ARTICLE = re.compile(rf"^第[{_CN}\d]+条")


def outline_kind(text: str) -> str:
    """The kind of outline marker `text` starts with (a key of KINDS), or '' (none, or an article `第一条`)."""
    t = text.strip()
    if ARTICLE.match(t):
        return ""
    for kind, pat in KINDS:
        if pat.match(t):
            return kind
    return ""
