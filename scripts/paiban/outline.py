"""Which theme role a heading takes, from its outline marker.

GB/T 9704 ties faces to numbering, not to depth: `一、` is 黑体, `（一）` 楷体, `1.`/`（1）` 仿宋. Unnumbered
part headings (`2023年工作回顾`) sit above `一、` and take the 黑体 part role. Deriving the role from the
marker keeps the renderers right whether or not a document has parts.
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇两"
_CN_UPPER = "壹贰叁肆伍陆柒捌玖拾佰"
SECTION = re.compile(rf"^(?:[{_CN_NUM}]+[、．.]|[{_CN_UPPER}]+[、．.]|第[{_CN_NUM}\d]+[章部编篇节]|[IVX]+[、.．])")
SUBSECTION = re.compile(rf"^[（(][{_CN_NUM}]+[)）]")
ITEM = re.compile(r"^(?:\d+[.．、]|[（(]\d+[)）]|[①-⑳])")


def heading_role(text: str) -> str:
    """Return the theme role for a heading: part, section, subsection or item."""
    t = text.strip()
    if SECTION.match(t):
        return "section"
    if SUBSECTION.match(t):
        return "subsection"
    if ITEM.match(t):
        return "item"
    return "part"
