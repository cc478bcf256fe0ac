"""Which head lines are the document's title: evidence weighed, not first-match rules.

`best_title_run` scores every run of one to three adjacent head lines by the features of
`_title_features` — what the page says of its title (metadata, repetitions, heading tags) and the run's
shape (its kind at the end, 关于, site names, link and label rows, sentences, menus below it) — weighed by
`data/title_evidence.yaml`. `clean` gathers the candidates and the evidence; this module only weighs.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from paiban.clean.metadata import find_dates, is_org, speaker_of
from paiban.hanzi import HAN

SITE_NAME = re.compile(r"(网|網|网站|網站|门户|門戶|平台|官网|官網|频道|頻道|首页|首頁)$")
TITLE_END = re.compile(
    r"(报告|報告|通知|通告|公告|意见|意見|办法|辦法|决定|決定|规定|規定|方案|讲话|講話|通报|通報|批复|批覆|函|纪要|紀要|"
    r"规划|規劃|细则|細則|条例|條例|规则|規則|要点|要點|总结|總結|决议|決議|命令|公报|公報|倡议书|倡議書|说明|說明|"
    r"致辞|致辭|发言|發言|演讲|演講|章程|制度|指引|须知|須知|简章|簡章|名单|名單|公示|声明|聲明|新闻稿|新聞稿|贺信|賀信|"
    r"决议|措施|计划|計劃|安排|指南|标准|標準|批示|批覆|法|令)$"
)
_TITLE_CONT = ("（", "(", "的", "和", "及", "与", "與", "暨", "——")
_NAV_ITEM = re.compile(r"^[^\s，。；！？,;!?]{1,8}$")
_MENU_ITEM = re.compile(rf"^[{HAN}A-Za-z]{{1,8}}$")  # 首页, 医院概况, English: an item of a menu
TITLE_SEP = re.compile(r"\s*(?:_|\||｜|::|－)\s*|\s+[-–—]{1,2}\s+|(?<!\d)[-–](?!\d)")


def nav_shape(text: str) -> bool:
    """A row of at least four short items separated by spaces or bars: a menu (not `第 21/2020 號…`,
    whose items are numbers)."""
    items = [x for x in re.split(r"[\s|｜·•]+|(?<!\d)/|/(?!\d)", text) if x]
    if text.startswith(("（", "(")) or sum(1 for x in items if re.fullmatch(r"[\d/.\-]+", x)) > 1:
        return False
    return len(items) >= 4 and all(_NAV_ITEM.match(x) for x in items)


@cache
def _title_weights() -> dict[str, int]:
    text = resources.files("paiban.clean").joinpath("data/title_evidence.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict) and all(isinstance(v, int) for v in data.values())
    return data


def best_title_run(
    rest: list[int],
    keys: list[str],
    texts: list[str],
    tags: list[str],
    evidence: tuple[set[str], set[str], set[str], set[str]],
    issuer: str = "",
) -> tuple[int, int, int]:
    """Score every run of one to three adjacent head lines as the title and take the best (ties: the
    one nearer the text). `rest`: the candidates' line numbers (a run never spans a gap of more than one
    line); `keys`/`texts`/`tags`: their matching keys, text as written and HTML tags; `evidence`: the
    page's titles (metadata, browser title parts, repetitions, duplicated lines); `issuer`: the
    letterhead's organization. The evidence (`_title_features`) is weighed by `data/title_evidence.yaml`.
    Without page evidence, a run of several lines must end with its kind (…的通知).
    Returns (start, end, score) of the best run."""
    meta_titles, page_titles, rep_titles, dup_lines = evidence
    weights = _title_weights()
    best: tuple[int, int, int] = (-100, 0, 1)
    # The text starts at its contents, if it has them (目录), and the title stands above any speaker line.
    last = next((p for p, k in enumerate(keys) if re.fullmatch(r"(目录|目錄)[:：]?", k)), len(rest))
    while last > 1 and speaker_of(keys[last - 1]):
        last -= 1  # a speaker line under the title
    for a in range(len(rest)):
        for n in (1, 2, 3):
            if a + n > len(rest) or any(rest[q] - rest[q - 1] > 2 for q in range(a + 1, a + n)):
                continue
            seg = keys[a : a + n]
            joined = "".join(seg)
            if len(set(seg)) < n:
                continue
            if n > 1 and not (
                joined in meta_titles | rep_titles | dup_lines | page_titles or TITLE_END.search(seg[-1])
            ):
                continue
            features = _title_features(seg, texts[a : a + n], tags[a : a + n], keys[:a], evidence, issuer)
            features["top-of-page"] = a == 0
            features["above-the-text"] = a + n == last
            features["menu-below"] = min(4, sum(1 for k in keys[a + n :] if _MENU_ITEM.match(k)))
            score = sum(weights[f] * int(v) for f, v in features.items())
            if (score, a, n) >= (best[0], best[1], best[2] - best[1]):
                best = (score, a, a + n)
    return best[1], best[2], best[0]


def _title_features(
    seg: list[str],
    texts: list[str],
    tags: list[str],
    before: list[str],
    evidence: tuple[set[str], set[str], set[str], set[str]],
    issuer: str,
) -> dict[str, int]:
    """What speaks for and against a run of head lines (their keys `seg`, as written `texts`) being the
    title: feature → how often it holds (0 or 1, or a count of lines). `before`: the keys above the run."""
    meta_titles, page_titles, rep_titles, dup_lines = evidence
    joined = "".join(seg)
    n = len(seg)
    f: dict[str, int] = {}
    if joined in meta_titles:
        f["metadata-title"] = 1
    elif joined in rep_titles:
        f["repeated-on-page"] = 1
    elif joined in dup_lines and len(joined) >= 8:
        f["duplicate-line"] = 1  # (a menu printed twice repeats its short items too)
    elif joined in page_titles:
        f["browser-title"] = 1
    if joined not in meta_titles and (joined in rep_titles | page_titles or f.get("duplicate-line")):
        f["after-its-repetition"] = int(
            any("".join(before[b : b + m]) == joined for b in range(len(before)) for m in (1, 2, 3))
        )
    f["extra-line"] = n - 1
    f["heading-tag"] = int(all(t in ("h1", "h2") for t in tags))
    f["all-links"] = int(all(t == "link" for t in tags))
    f["names-its-kind"] = int(bool(TITLE_END.search(seg[-1])))
    f["reads-guanyu"] = int(bool(re.search(r"关于|關於", joined)) and len(joined) >= 8)  # not 关于我们
    f["site-name"] = int(
        any(SITE_NAME.search(k) or re.search(r"[|｜_]|\s[-–—]\s", t) for k, t in zip(seg, texts, strict=True))
    )
    f["two-titles"] = sum(
        1 for q in range(n - 1) if TITLE_END.search(seg[q]) and not seg[q + 1].startswith(_TITLE_CONT)
    )
    f["sentence-mark"] = sum(1 for k in seg if re.search(r"[。！？!?]", k))
    f["clause-mark"] = sum(1 for k in seg if not re.search(r"[。！？!?]", k) and re.search(r"[，,；;]", k))
    f["letterhead-opens"] = int(n > 1 and bool(issuer) and seg[0] == issuer)
    # 全国人民代表大会常务委员会 / 关于批准…的决议: an issuer named once, right above its 关于 line.
    f["issuer-opens"] = int(
        n > 1
        and not f["letterhead-opens"]
        and is_org(seg[0])
        and seg[1].startswith(("关于", "關於"))
        and seg[0] not in dup_lines | page_titles | rep_titles
        and seg[0] not in before
    )
    # An unfinished line completed by the next (中国人民政治协商会议 / …工作报告, 某某州人大常委会 / 机关…办法);
    # an organization above a `关于…` line is a letterhead or the site's name, unless it is the issuer.
    f["unfinished-line"] = int(
        n > 1
        and not any(TITLE_END.search(k) for k in seg[:-1])
        and not (is_org(seg[0]) and seg[1].startswith(("关于", "關於")))
    )
    f["bad-length"] = int(len(joined) < 4 or len(joined) > 120)
    f["subject-length"] = int(not f["bad-length"] and len(joined) >= 10)
    f["link-row"] = int(
        any(
            nav_shape(t)
            or (re.search(r"[A-Za-z]{3,}", t) and re.search(r"\s", t.strip()) and not re.search(r"关于|關於", t))
            for t in texts
        )
    )
    f["label-row"] = int(any(re.match(r"^[^：:]{1,8}[：:](?:.{0,12}|.*\d{6,}.*)$", k) for k in seg))
    dated = find_dates(seg[0])
    f["dated-line"] = int(bool(dated) and dated[0][1] == 0 and dated[0][2] < len(seg[0]))
    return f
