"""Benchmark the cleaner on a folder of real pages with gold annotations (a benchmark, not a test).

    PYTHONPATH=scripts python3 scripts/bench_clean.py ../shared/cleaning-devset
        [--goals devset|unseen] [--json] [--keep DIR] [--runs N] [--items N]
        [--cmd 'paiban clean {src} -o {out}']

Every `NAME.gold.json` in CASES_DIR is paired with its page `NAME.txt`/`.html`/`.htm`. Each page is
cleaned in this process (`clean_source` + `markdown.dump`, what `paiban clean` writes, without a sidecar:
a case is the page alone), or with `--cmd` by any command that writes Markdown to {out}. One untimed
warm-up clean comes first in-process, so one-off loading is not charged to the first page; the time of
a page is the median wall time of `--runs` cleans (with `--cmd`, of the whole command).

The measures are the dev set's own (its README, "Gold schema", and its score_clean.py), so the totals
equal that scorer's summary:
  boilerplate   gold boilerplate lines still contained in an output line (position-only ones: more
                copies than the page has legitimate ones); recall over all lines and page by page
  body          gold body/heading lines whose words (ideographs, letters, digits, NFKC) occur in the
                output body's words, after deleting the gold inline noise; body_first/body_last likewise
  title         words equal to the gold title or an alternative (a page without a title is not scored)
  date          the gold date or an alternative, and never a distractor
  organization  words contain or are contained in the gold organization or an alternative
  headings      recall of the required (not optional, not run-in) gold headings, output headings that
                match no gold heading nor the title (false), and headings at the most common level offset
  half-width    , : ; ? ! ( ) left between CJK characters in the output body
The exit status is 0 whatever the figures: the goals column says which are met.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paiban.clean.page import clean_source
from paiban.errors import PaibanError
from paiban.markdown import dump

PAGE_SUFFIXES = (".txt", ".html", ".htm")
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD_CHAR = re.compile(f"[{CJK}A-Za-z0-9]")
HALF_WIDTH_IN_CJK = re.compile(f"(?<=[{CJK}])[,:;?!()](?=[{CJK}“”‘’《》])")
ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)

# The issue's goals: on the dev set, and on pages the cleaner has never seen (issue 10, "Must show").
# None = no goal for that measure.
GOALS: dict[str, dict[str, float | None]] = {
    "devset": {
        "bp": 0.98,
        "bp_page": 0.97,
        "body": 0.997,
        "ends": 1.0,
        "title": 0.95,
        "date": 0.90,
        "org": 0.85,
        "head_recall": 0.95,
        "head_false": 3,
        "halfwidth": 0,
        "slowest_ms": 1000,
    },
    "unseen": {
        "bp": 0.95,
        "bp_page": 0.95,
        "body": 0.99,
        "ends": None,
        "title": 0.90,
        "date": 0.85,
        "org": 0.80,
        "head_recall": 0.90,
        "head_false": 3,
        "halfwidth": None,
        "slowest_ms": None,
    },
}


class BenchError(Exception):
    """A case folder or gold file the benchmark cannot read: reported in one line."""


# ------------------------------------------------------------------------------ text comparisons


def words(text: str) -> str:
    """The characters that carry words (ideographs, Latin letters, digits), width-folded: what body,
    title, organization and heading comparisons look at, so punctuation and spacing never matter."""
    return "".join(WORD_CHAR.findall(unicodedata.normalize("NFKC", text)))


def loose(text: str) -> str:
    """A line without whitespace and with every quote mark the same: how boilerplate lines are found."""
    text = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"[“”‘’\"']", '"', text)


def without_noise(text: str, gold: dict[str, Any]) -> str:
    """`text` with the gold's inline noise (exact substrings, then regexes) deleted."""
    for noise in gold.get("inline_noise", []):
        text = text.replace(noise, "")
    for pattern in gold.get("inline_noise_regex", []):
        text = re.sub(pattern, "", text)
    return text


def same_heading(gold_words: str, out_words: str) -> bool:
    """Equal, or one inside the other when both have 4+ characters (a heading's number or a trailing
    run-in sentence may be split off differently)."""
    if gold_words == out_words:
        return True
    return (
        bool(gold_words)
        and (gold_words in out_words or out_words in gold_words)
        and min(len(gold_words), len(out_words)) >= 4
    )


def flat(value: Any) -> str:
    """A front-matter value as one string (a list, e.g. of title lines, joined)."""
    if isinstance(value, list):
        return "".join(map(str, value))
    return str(value)


# ------------------------------------------------------------------------------ the cleaned output


@dataclass
class Output:
    """A cleaned Markdown file as the scorer sees it."""

    meta: dict[str, Any]
    lines: list[str]  # stripped, non-empty body lines as written (headings keep their #)
    text: list[str]  # the same lines with the Markdown markup taken off

    @property
    def headings(self) -> list[tuple[int, str]]:
        found = (ATX_HEADING.match(line) for line in self.lines)
        return [(len(m.group(1)), m.group(2)) for m in found if m]


def unmark(line: str) -> str:
    """The text of one Markdown line: heading marks, quote marks, escapes, emphasis, attributes off."""
    m = ATX_HEADING.match(line)
    if m:
        line = m.group(2)
    line = re.sub(r"^(>\s*)+", "", line)
    line = line.replace("\\", "").replace("**", "").replace("__", "")
    return re.sub(r"\{[^}]*\}$", "", line)


def read_output(markdown: str) -> Output:
    """Split the YAML front matter from the body; front matter that is not a YAML mapping counts as
    none (its fields then score wrong), as in the dev set's scorer."""
    meta: dict[str, Any] = {}
    body = markdown
    m = FRONT_MATTER.match(markdown)
    if m:
        body = markdown[m.end() :]
        try:
            data = yaml.safe_load(m.group(1) or "")
        except yaml.YAMLError:
            data = None
        meta = data if isinstance(data, dict) else {}
    lines = [s for s in (line.strip() for line in body.splitlines()) if s]
    return Output(meta=meta, lines=lines, text=[unmark(line) for line in lines])


# ------------------------------------------------------------------------------ one case


@dataclass
class CaseScore:
    case: str
    error: str = ""
    ms: float = 0.0
    bp_total: int = 0
    bp_kept: list[str] = field(default_factory=list)
    body_total: int = 0
    body_found: int = 0
    body_missing: list[str] = field(default_factory=list)
    body_first: bool | None = None  # None: the gold names none
    body_last: bool | None = None
    title_ok: bool | None = None  # None: the page has no title, so none is scored
    title_out: str = ""
    title_want: str | None = None
    date_ok: bool | None = None  # None: no gold date and no distractor chosen
    date_out: str | None = None
    date_want: str | None = None
    date_distractor: bool = False  # the date chosen is one the gold lists as a likely wrong answer
    org_ok: bool | None = None
    org_out: str = ""
    org_want: str | None = None
    head_total: int = 0
    head_hit: int = 0
    head_missed: list[str] = field(default_factory=list)
    head_false: list[str] = field(default_factory=list)
    head_level_ok: int = 0
    head_level_off: list[str] = field(default_factory=list)
    halfwidth: list[str] = field(default_factory=list)  # each left-over mark with its neighbours

    @property
    def ran(self) -> bool:
        return not self.error


def score_boilerplate(gold: dict[str, Any], out: Output, score: CaseScore) -> None:
    body = [loose(line) for line in out.text]
    listed = [b for b in gold.get("boilerplate", []) if words(b)]
    score.bp_kept = [b for b in listed if any(loose(b) in line for line in body)]
    # A position-only line also occurs legitimately (a table cell 国务院 vs the signature 国务院):
    # kept when the output has more copies than the page's non-boilerplate lines account for.
    position_only = gold.get("boilerplate_position_only", [])
    labels = gold.get("line_labels", [])
    for b in position_only:
        legit = sum(1 for line, label in labels if label != "boilerplate" and loose(line) == loose(b))
        if sum(1 for line in body if line == loose(b)) > legit:
            score.bp_kept.append(b)
    score.bp_total = len(listed) + len(position_only)


def score_body(gold: dict[str, Any], out: Output, score: CaseScore) -> None:
    # On the whole body's words, so that lines re-flowed or joined by the cleaner still count.
    body = words("".join(out.text))
    lines = [without_noise(line, gold) for line, label in gold.get("line_labels", []) if label in ("body", "heading")]
    lines = [line for line in lines if words(line)]
    score.body_total = len(lines)
    score.body_missing = [line for line in lines if words(line) not in body]
    score.body_found = score.body_total - len(score.body_missing)
    for key in ("body_first", "body_last"):
        if gold.get(key):
            setattr(score, key, words(without_noise(gold[key], gold)) in body)


def score_title(gold: dict[str, Any], out: Output, score: CaseScore) -> None:
    score.title_out = without_noise(flat(out.meta.get("title") or ""), gold)
    score.title_want = gold.get("title")
    if score.title_want is not None:
        wanted = [score.title_want, *gold.get("title_alternatives", [])]
        score.title_ok = words(score.title_out) in {words(t) for t in wanted}


def score_date(gold: dict[str, Any], out: Output, score: CaseScore) -> None:
    got = out.meta.get("date")
    score.date_out = None if got is None else str(got)
    score.date_want = gold.get("date")
    if score.date_want is not None:
        score.date_ok = score.date_out in [score.date_want, *gold.get("date_alternatives", [])]
    if score.date_out in gold.get("date_distractors", []):
        score.date_ok, score.date_distractor = False, True


def score_organization(gold: dict[str, Any], out: Output, score: CaseScore) -> None:
    score.org_out = flat(out.meta.get("organization") or out.meta.get("author") or "")
    score.org_want = gold.get("organization")
    if score.org_want is not None:
        got = words(score.org_out)
        wanted = [words(o) for o in [score.org_want, *gold.get("organization_alternatives", [])]]
        score.org_ok = bool(got) and any(w in got or got in w for w in wanted)


def score_headings(gold: dict[str, Any], out: Output, score: CaseScore) -> None:
    title = words(score.title_out)
    found = [(level, words(without_noise(text, gold)), text) for level, text in out.headings]
    found = [(level, w, text) for level, w, text in found if w and w != title]
    heads = gold.get("headings", [])

    def gold_words(h: dict[str, Any]) -> str:
        return words(without_noise(h.get("text_clean") or h["text"], gold))

    # Optional and run-in headings are not required, but an output heading matching one is no error.
    required = [h for h in heads if not h.get("optional") and not h.get("run_in")]
    known = {gold_words(h) for h in heads}
    titles = {words(t) for t in [*gold.get("title_lines", []), score.title_want or ""] if t}
    matched: list[tuple[dict[str, Any], int]] = []
    for h in required:
        levels = [level for level, w, _ in found if same_heading(gold_words(h), w)]
        if levels:
            matched.append((h, levels[0] - h["level"]))
        else:
            score.head_missed.append(f"L{h['level']} {h['text']}")
    score.head_total, score.head_hit = len(required), len(matched)
    score.head_false = [
        unmark(text) for _, w, text in found if not any(same_heading(k, w) for k in known) and w not in titles
    ]
    # Levels are relative: a cleaner may start at ## for the top level; what counts is agreeing with
    # the offset most headings have.
    if matched:
        offset, score.head_level_ok = Counter(o for _, o in matched).most_common(1)[0]
        score.head_level_off = [f"L{h['level'] + o} for L{h['level']} {h['text']}" for h, o in matched if o != offset]


def score_halfwidth(out: Output, score: CaseScore) -> None:
    for line in out.text:
        score.halfwidth += [line[max(0, m.start() - 3) : m.end() + 3] for m in HALF_WIDTH_IN_CJK.finditer(line)]


def score_case(case: str, gold: dict[str, Any], markdown: str) -> CaseScore:
    """Every measure of one cleaned page against its gold annotation."""
    out = read_output(markdown)
    score = CaseScore(case=case)
    score_boilerplate(gold, out, score)
    score_body(gold, out, score)
    score_title(gold, out, score)
    score_date(gold, out, score)
    score_organization(gold, out, score)
    score_headings(gold, out, score)
    score_halfwidth(out, score)
    return score


# ------------------------------------------------------------------------------ totals


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def tally(scores: Iterable[bool | None]) -> tuple[int, int]:
    """(right, scored): cases where the measure does not apply (None) are left out."""
    judged = [s for s in scores if s is not None]
    return sum(judged), len(judged)


def summarize(rows: list[CaseScore]) -> dict[str, Any]:
    """The totals, under the dev-set scorer's summary keys, plus body ends and timing."""
    ran = [r for r in rows if r.ran]
    with_bp = [r for r in ran if r.bp_total]
    kept = sum(len(r.bp_kept) for r in ran)
    head_hit = sum(r.head_hit for r in ran)
    title, date, org = (tally(getattr(r, key) for r in ran) for key in ("title_ok", "date_ok", "org_ok"))
    ends = tally([v for r in ran for v in (r.body_first, r.body_last)])
    slowest = max(ran, key=lambda r: r.ms, default=None)
    return {
        "cases": len(rows),
        "ran": len(ran),
        "boilerplate_recall": ratio(sum(r.bp_total for r in ran) - kept, sum(r.bp_total for r in ran)),
        # page by page too, so that one page of huge menus does not hide the small pages
        "boilerplate_recall_per_page": round(sum(1 - len(r.bp_kept) / r.bp_total for r in with_bp) / len(with_bp), 4)
        if with_bp
        else None,
        "body_retention": ratio(sum(r.body_found for r in ran), sum(r.body_total for r in ran)),
        "title_acc": f"{title[0]}/{title[1]}",
        "date_acc": f"{date[0]}/{date[1]}",
        "org_acc": f"{org[0]}/{org[1]}",
        "heading_recall": ratio(head_hit, sum(r.head_total for r in ran)),
        "heading_false_pos": sum(len(r.head_false) for r in ran),
        "heading_level_ok": f"{sum(r.head_level_ok for r in ran)}/{head_hit}",
        "halfwidth_left": sum(len(r.halfwidth) for r in ran),
        "body_ends_present": f"{ends[0]}/{ends[1]}",
        "median_ms": round(statistics.median(r.ms for r in ran), 1) if ran else None,
        "slowest_ms": round(slowest.ms, 1) if slowest else None,
        "slowest_case": slowest.case if slowest else None,
    }


# ------------------------------------------------------------------------------ report


def mark(ok: bool | None) -> str:
    return "–" if ok is None else "✓" if ok else "✗"


def fraction(text: str) -> float | None:
    right, total = (int(x) for x in text.split("/"))
    return right / total if total else None


def at_least(value: float | None, goal: float | None) -> bool | None:
    return None if goal is None or value is None else value >= goal


def at_most(value: float | None, goal: float | None) -> bool | None:
    return None if goal is None or value is None else value <= goal


def goal_text(goal: float | None, sign: str, percent: bool = False) -> str:
    if goal is None:
        return "–"
    return f"{sign} {goal * 100:.0f} %" if percent else f"{sign} {goal:g}"


def both(*met: bool | None) -> bool | None:
    judged = [m for m in met if m is not None]
    return all(judged) if judged else None


def totals_table(summary: dict[str, Any], goals: dict[str, float | None], timing: str) -> list[str]:
    """The totals in the issue's shape: measure | value | goal, and whether it is met."""
    s, g = summary, goals

    def pct(key: str) -> str:
        share = fraction(s[key])
        return str(s[key]) + ("" if share is None else f" ({share * 100:.0f} %)")

    def num(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    def share_right(label: str, key: str, goal: float | None) -> tuple[str, str, str, bool | None]:
        return (label, pct(key), goal_text(goal, "≥", True), at_least(fraction(s[key]), goal))

    rows: list[tuple[str, str, str, bool | None]] = [
        (
            "boilerplate lines removed (all lines / by page)",
            f"{num(s['boilerplate_recall'])} / {num(s['boilerplate_recall_per_page'])}",
            f"{goal_text(g['bp'], '≥')} / {goal_text(g['bp_page'], '≥')}",
            both(at_least(s["boilerplate_recall"], g["bp"]), at_least(s["boilerplate_recall_per_page"], g["bp_page"])),
        ),
        (
            "document lines kept",
            num(s["body_retention"]),
            goal_text(g["body"], "≥"),
            at_least(s["body_retention"], g["body"]),
        ),
        (
            "first and last body line present",
            s["body_ends_present"],
            "all" if g["ends"] else "–",
            at_least(fraction(s["body_ends_present"]), g["ends"]),
        ),
        share_right("title right", "title_acc", g["title"]),
        share_right("date right (never a distractor)", "date_acc", g["date"]),
        share_right("organization right", "org_acc", g["org"]),
        (
            "heading recall / false headings",
            f"{num(s['heading_recall'])} / {s['heading_false_pos']}",
            f"{goal_text(g['head_recall'], '≥')} / {goal_text(g['head_false'], '≤')}",
            both(at_least(s["heading_recall"], g["head_recall"]), at_most(s["heading_false_pos"], g["head_false"])),
        ),
        ("heading levels agreeing", s["heading_level_ok"], "–", None),
        (
            "half-width punctuation between CJK",
            str(s["halfwidth_left"]),
            goal_text(g["halfwidth"], "="),
            at_most(s["halfwidth_left"], g["halfwidth"]),
        ),
        (
            "clean time per page, median / slowest",
            f"{s['median_ms']} / {s['slowest_ms']} ms" if s["slowest_case"] else "–",
            goal_text(g["slowest_ms"], "≤") + (" ms" if g["slowest_ms"] is not None else ""),
            at_most(s["slowest_ms"], g["slowest_ms"]),
        ),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    lines = [f"{'measure':<{width}}  {'value':<{value_width}}  goal", "-" * (width + value_width + 20)]
    judged = summary["ran"] > 0  # with nothing run, no goal is met or missed
    lines += [
        f"{m:<{width}}  {v:<{value_width}}  {goal:<16} {mark(met) if judged and met is not None else ''}".rstrip()
        for m, v, goal, met in rows
    ]
    if s["slowest_case"]:
        lines.append(f"(slowest page: {s['slowest_case']}; times are {timing})")
    return lines


COLUMNS = (
    f"{'case':<34} {'bp kept':>8} {'body':>9} {'ends':>4}  ttl date org {'heads':>7} {'false':>5} {'half':>4} {'ms':>7}"
)


def case_row(r: CaseScore) -> str:
    if not r.ran:
        return f"{r.case[:34]:<34} ERROR {r.error}"
    ends = "".join(mark(v) for v in (r.body_first, r.body_last))
    kept, body, heads = (
        f"{a}/{b}" for a, b in ((len(r.bp_kept), r.bp_total), (r.body_found, r.body_total), (r.head_hit, r.head_total))
    )
    return (
        f"{r.case[:34]:<34} {kept:>8} {body:>9} {ends:>4}  {mark(r.title_ok):^3} {mark(r.date_ok):^4}"
        f" {mark(r.org_ok):^3} {heads:>7} {len(r.head_false):>5} {len(r.halfwidth):>4} {r.ms:>7.1f}"
    )


def case_details(r: CaseScore, items: int) -> list[str]:
    """What to look at in one case: each wrong field, and up to `items` lines of each kind of miss."""
    out: list[str] = []

    def listing(what: str, entries: list[str]) -> None:
        for entry in entries[:items]:
            out.append(f"    {what}: {entry[:80]}")
        if len(entries) > items:
            out.append(f"    {what}: … {len(entries) - items} more")

    if not r.ran:
        return out
    listing("kept boilerplate", r.bp_kept)
    listing("lost body", r.body_missing)
    for key in ("body_first", "body_last"):
        if getattr(r, key) is False:
            out.append(f"    {key.replace('_', ' ')} missing")
    if r.title_ok is False:
        out.append(f"    title: {r.title_out[:60] or '(none)'}  ≠  {r.title_want}")
    if r.title_want is None and r.title_out:
        out.append(f"    title: {r.title_out[:60]}  (not scored: the page has no title)")
    if r.date_ok is False:
        out.append(
            f"    date: {r.date_out or '(none)'}  ≠  {r.date_want or '(none: the page states no date)'}"
            + ("  (a distractor)" if r.date_distractor else "")
        )
    if r.org_ok is False:
        out.append(f"    organization: {r.org_out[:60] or '(none)'}  ≠  {r.org_want}")
    listing("missed heading", r.head_missed)
    listing("false heading", r.head_false)
    listing("heading level", r.head_level_off)
    listing("half-width", r.halfwidth)
    return out


def report(
    rows: list[CaseScore], summary: dict[str, Any], goals: dict[str, float | None], timing: str, items: int
) -> str:
    lines = [COLUMNS, "-" * len(COLUMNS)]
    for r in rows:
        lines.append(case_row(r))
        lines += case_details(r, items)
    lines += ["", f"totals over {summary['ran']} of {summary['cases']} cases", *totals_table(summary, goals, timing)]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ running the cleaner


def find_cases(folder: Path) -> list[tuple[str, Path, Path]]:
    """(name, page, gold) for every gold file that has a page next to it."""
    if not folder.is_dir():
        raise BenchError(f"{folder}: not a folder")
    cases = []
    for gold in sorted(folder.glob("*.gold.json")):
        name = gold.name[: -len(".gold.json")]
        pages = [folder / (name + suffix) for suffix in PAGE_SUFFIXES if (folder / (name + suffix)).is_file()]
        if pages:
            cases.append((name, pages[0], gold))
    if not cases:
        raise BenchError(f"{folder}: no NAME.gold.json with a NAME.txt/.html page next to it")
    return cases


def read_gold(path: Path) -> dict[str, Any]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BenchError(f"{path}: cannot read the gold annotation ({exc})") from None
    if not isinstance(gold, dict):
        raise BenchError(f"{path}: the gold annotation is not a JSON object")
    return gold


Cleaner = Callable[[Path], str]  # a page → its Markdown; raises CleanFailed


class CleanFailed(Exception):
    """The cleaner refused or crashed on one page: that case is reported as an error."""


def in_process(page: Path) -> str:
    try:
        article, _ = clean_source(page.read_bytes(), page.name)
        return dump(article)
    except PaibanError as exc:
        raise CleanFailed(exc.message) from None
    except Exception as exc:  # a crash is a finding about the cleaner; the other pages still count
        raise CleanFailed(f"{type(exc).__name__}: {exc}") from None


def by_command(template: str, out_dir: Path, timeout: float) -> Cleaner:
    def run(page: Path) -> str:
        out = out_dir / (page.stem + ".md")
        out.unlink(missing_ok=True)
        cmd = template.format(src=shlex.quote(str(page)), out=shlex.quote(str(out)))
        try:
            proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CleanFailed(f"timed out after {timeout:g} s") from None
        if proc.returncode != 0 or not out.exists():
            said = (proc.stderr or proc.stdout).strip().splitlines()
            raise CleanFailed(said[-1] if said else f"exit status {proc.returncode}, no {out.name}")
        return out.read_text(encoding="utf-8")

    return run


def timed(clean: Cleaner, page: Path, runs: int) -> tuple[str, float]:
    """The Markdown and the median wall time in milliseconds."""
    times, markdown = [], ""
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        markdown = clean(page)
        times.append((time.perf_counter() - t0) * 1000)
    return markdown, statistics.median(times)


def bench(
    folder: Path, clean: Cleaner, runs: int = 1, keep: Path | None = None, warm_up: bool = True
) -> tuple[list[CaseScore], float | None]:
    """Clean and score every case; also the untimed warm-up's milliseconds (None without one)."""
    cases = find_cases(folder)
    golds = [read_gold(gold) for _, _, gold in cases]
    cold = None
    if warm_up:  # vocabularies and regexes load once per process: not the first page's cost
        t0 = time.perf_counter()
        with contextlib.suppress(CleanFailed):  # that page fails again below, and is reported there
            clean(cases[0][1])
        cold = (time.perf_counter() - t0) * 1000
    rows = []
    for (name, page, _), gold in zip(cases, golds, strict=True):
        try:
            markdown, ms = timed(clean, page, runs)
        except CleanFailed as exc:
            rows.append(CaseScore(case=name, error=str(exc)))
            continue
        if keep:
            (keep / (name + ".md")).write_text(markdown, encoding="utf-8")
        row = score_case(name, gold, markdown)
        row.ms = round(ms, 1)
        rows.append(row)
    return rows, cold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="Measures and goals: see the module docstring and issue 10."
    )
    ap.add_argument("cases", type=Path, metavar="CASES_DIR", help="folder of NAME.txt|.html + NAME.gold.json")
    ap.add_argument("--cmd", help="clean with this command instead of in-process, e.g. 'paiban clean {src} -o {out}'")
    ap.add_argument(
        "--goals",
        choices=sorted(GOALS),
        default="devset",
        help="which goals to compare with: the dev set's or those for pages never seen (default devset)",
    )
    ap.add_argument("--json", action="store_true", help="print the summary and every case as JSON")
    ap.add_argument("--keep", type=Path, help="write each cleaned Markdown file into this folder")
    ap.add_argument("--runs", type=int, default=1, help="clean each page this many times; the median time counts")
    ap.add_argument("--items", type=int, default=3, help="list up to this many lines of each kind of miss per case")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per page for --cmd")
    args = ap.parse_args(argv)

    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="bench_clean_") as tmp:
            clean = by_command(args.cmd, args.keep or Path(tmp), args.timeout) if args.cmd else in_process
            rows, cold = bench(args.cases, clean, args.runs, None if args.cmd else args.keep, warm_up=not args.cmd)
    except (BenchError, OSError) as exc:
        print(f"bench_clean: {exc}", file=sys.stderr)
        return 2
    summary = summarize(rows)
    summary["warm_up_ms"] = None if cold is None else round(cold, 1)
    if args.json:
        print(json.dumps({"summary": summary, "cases": [asdict(r) for r in rows]}, ensure_ascii=False, indent=1))
    else:
        timing = "the command's wall time" if args.cmd else f"wall time in-process, after a {cold:.0f} ms warm-up"
        sys.stdout.write(report(rows, summary, GOALS[args.goals], timing, args.items))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
