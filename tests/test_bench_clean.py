"""scripts/bench_clean.py: each measure on a written page and its gold annotation, and the runner."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.project import ROOT


def _load_bench() -> ModuleType:
    # A script, not part of the package: load it from its path.
    spec = importlib.util.spec_from_file_location("bench_clean", ROOT / "scripts" / "bench_clean.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_clean"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bench = _load_bench()

# A fictional county notice as a scraper would save it: chrome, a doubled title, body, a footer.
PAGE_LINES = [
    "首页 > 通知公告",
    "青松县人民政府办公室关于做好春季植树工作的通知",
    "发布时间:2024-03-02 09:15 浏览次数:88",
    "青松县人民政府办公室关于做好春季植树工作的通知",
    "各乡镇人民政府,县直各单位:",
    "一、总体要求",
    "坚持因地制宜,适地适树,全面完成今年植树任务。",
    "(一)落实地块。",
    "各乡镇要在三月十日前落实造林地块。",
    "青松县人民政府办公室",
    "2024年3月1日",
    "打印本页 关闭窗口",
]

GOLD: dict[str, Any] = {
    "title": "青松县人民政府办公室关于做好春季植树工作的通知",
    "title_alternatives": ["关于做好春季植树工作的通知"],
    "title_lines": ["青松县人民政府办公室关于做好春季植树工作的通知"],
    "date": "2024-03-01",
    "date_alternatives": ["2024-03-02"],
    "date_distractors": ["2024-03-10"],
    "organization": "青松县人民政府办公室",
    "organization_alternatives": ["青松县人民政府"],
    "boilerplate": ["首页 > 通知公告", "发布时间:2024-03-02 09:15 浏览次数:88", "打印本页 关闭窗口"],
    "boilerplate_position_only": [],
    "body_first": "各乡镇人民政府,县直各单位:",
    "body_last": "2024年3月1日",
    "headings": [{"level": 1, "text": "一、总体要求"}, {"level": 2, "text": "(一)落实地块。"}],
    "inline_noise": [],
    "inline_noise_regex": [],
    "line_labels": [
        ["首页 > 通知公告", "boilerplate"],
        ["青松县人民政府办公室关于做好春季植树工作的通知", "title"],
        ["发布时间:2024-03-02 09:15 浏览次数:88", "boilerplate"],
        ["青松县人民政府办公室关于做好春季植树工作的通知", "title"],
        ["各乡镇人民政府,县直各单位:", "body"],
        ["一、总体要求", "heading"],
        ["坚持因地制宜,适地适树,全面完成今年植树任务。", "body"],
        ["(一)落实地块。", "heading"],
        ["各乡镇要在三月十日前落实造林地块。", "body"],
        ["青松县人民政府办公室", "body"],
        ["2024年3月1日", "body"],
        ["打印本页 关闭窗口", "boilerplate"],
    ],
}

FRONT = """---
title: 青松县人民政府办公室关于做好春季植树工作的通知
author: 青松县人民政府办公室
date: '2024-03-01'
---
"""

BODY = """
各乡镇人民政府，县直各单位：

# 一、总体要求

坚持因地制宜，适地适树，全面完成今年植树任务。

## （一）落实地块。

各乡镇要在三月十日前落实造林地块。

::: closing
青松县人民政府办公室

2024年3月1日
:::
"""


def score(body: str = BODY, front: str = FRONT, gold: dict[str, Any] | None = None) -> Any:
    """The scores of `front` + `body` as the cleaner's output, against GOLD changed by `gold`."""
    return bench.score_case("notice", {**GOLD, **(gold or {})}, front + body)


def test_a_clean_output_scores_full_marks() -> None:
    s = score()
    assert (s.bp_total, s.bp_kept) == (3, [])
    assert (s.body_found, s.body_total, s.body_missing) == (7, 7, [])
    assert (s.body_first, s.body_last) == (True, True)
    assert (s.title_ok, s.date_ok, s.org_ok) == (True, True, True)
    assert (s.head_hit, s.head_total, s.head_false, s.head_level_ok) == (2, 2, [], 2)
    assert s.halfwidth == []


def test_a_kept_boilerplate_line_lowers_recall() -> None:
    s = score(BODY + "\n打印本页　关闭窗口\n")  # kept with a different space: still the same line
    assert s.bp_kept == ["打印本页 关闭窗口"]
    summary = bench.summarize([s, score()])
    assert summary["boilerplate_recall"] == round(1 - 1 / 6, 4)
    assert summary["boilerplate_recall_per_page"] == round((2 / 3 + 1) / 2, 4)


def test_a_position_only_line_counts_only_its_extra_copy() -> None:
    gold = {
        "boilerplate_position_only": ["青松县人民政府办公室"],
        "line_labels": [*GOLD["line_labels"], ["青松县人民政府办公室", "boilerplate"]],
    }
    assert score(gold=gold).bp_kept == []  # the signature is the one legitimate copy
    assert score("青松县人民政府办公室\n" + BODY, gold=gold).bp_kept == ["青松县人民政府办公室"]


def test_a_lost_line_lowers_retention_and_a_lost_last_line_is_named() -> None:
    s = score(BODY.replace("各乡镇要在三月十日前落实造林地块。", "").replace("2024年3月1日", ""))
    assert (s.body_found, s.body_total) == (5, 7)
    assert s.body_missing == ["各乡镇要在三月十日前落实造林地块。", "2024年3月1日"]
    assert (s.body_first, s.body_last) == (True, False)


def test_reflowed_lines_and_inline_noise_still_count_as_kept() -> None:
    joined = "各乡镇人民政府，县直各单位：坚持因地制宜，适地适树，全面完成今年植树任务。"
    s = score(
        joined,
        gold={
            "line_labels": [
                ["各乡镇人民政府,县直各單(dān)位:", "body"],
                ["坚持因地制宜,适地适树,全面完成今年植树任务。", "body"],
            ],
            "inline_noise_regex": [r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)"],
        },
    )
    assert (s.body_found, s.body_total) == (1, 2)  # 單 ≠ 单: noise removed, but the character differs
    s = score(
        joined.replace("单", "單"),
        gold={
            "line_labels": [["各乡镇人民政府,县直各單(dān)位:", "body"]],
            "inline_noise_regex": [r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)"],
        },
    )
    assert (s.body_found, s.body_total) == (1, 1)


@pytest.mark.parametrize(
    ("title", "ok"),
    [
        ("关于做好春季植树工作的通知", True),  # an alternative
        ("青松县人民政府办公室 关于做好春季植树工作的通知。", True),  # spacing and punctuation do not count
        ("首页 > 通知公告", False),
        ("青松县人民政府办公室", False),
    ],
)
def test_title(title: str, ok: bool) -> None:
    assert score(front=FRONT.replace(GOLD["title"], title)).title_ok is ok


def test_a_page_without_a_title_is_not_scored_and_a_missing_title_is_wrong() -> None:
    assert score(gold={"title": None}).title_ok is None
    s = score(front=FRONT.replace(f"title: {GOLD['title']}\n", ""))
    assert (s.title_ok, s.title_out) == (False, "")


@pytest.mark.parametrize(
    ("date", "want", "ok"),
    [
        ("2024-03-02", "2024-03-01", True),  # the publication date is an accepted alternative
        ("2024-03-10", "2024-03-01", False),  # a distractor
        ("2024-03-10", None, False),  # a distractor is wrong even on a page that states no date
        ("2024-03-05", None, None),  # another date on such a page is not scored
        ("2023-12-31", "2024-03-01", False),
    ],
)
def test_date(date: str, want: str | None, ok: bool | None) -> None:
    s = score(front=FRONT.replace("2024-03-01", date), gold={"date": want})
    assert s.date_ok is ok
    assert s.date_distractor is (date == "2024-03-10")


@pytest.mark.parametrize(
    ("author", "ok"),
    [("青松县人民政府", True), ("青松县人民政府办公室秘书科", True), ("青松县林业局", False), ("", False)],
)
def test_organization_by_containment(author: str, ok: bool) -> None:
    assert score(front=FRONT.replace("author: 青松县人民政府办公室", f"author: '{author}'")).org_ok is ok


def test_headings_recall_false_headings_and_levels() -> None:
    shifted = BODY.replace("## （一）", "### （一）").replace("# 一、", "## 一、")
    s = score(shifted)
    assert (s.head_hit, s.head_level_ok, s.head_level_off) == (2, 2, [])  # levels are relative

    s = score(BODY.replace("## （一）", "# （一）"))
    assert s.head_level_ok == 1
    assert s.head_level_off == ["L1 for L2 (一)落实地块。"]

    s = score(BODY.replace("# 一、总体要求", "一、总体要求").replace("各乡镇要在", "# 各乡镇要在"))
    assert (s.head_hit, s.head_total) == (1, 2)
    assert s.head_missed == ["L1 一、总体要求"]
    assert s.head_false == ["各乡镇要在三月十日前落实造林地块。"]

    # A part of a heading matches only when it has four characters or more.
    s = score(BODY.replace("# 一、总体要求", "# 一、\n\n总体要求"))
    assert (s.head_missed, s.head_false) == (["L1 一、总体要求"], ["一、"])
    assert score(BODY.replace("# 一、总体要求", "# 一、总体要求和目标")).head_missed == []


def test_a_title_line_set_as_a_heading_is_no_false_heading() -> None:
    short = FRONT.replace(f"title: {GOLD['title']}", "title: 关于做好春季植树工作的通知")
    s = score("# 青松县人民政府办公室关于做好春季植树工作的通知\n" + BODY, front=short)
    assert (s.title_ok, s.head_false) == (True, [])
    assert score("# 青松县人民政府办公室植树\n" + BODY, front=short).head_false == ["青松县人民政府办公室植树"]


def test_half_width_punctuation_between_cjk_is_counted() -> None:
    s = score(BODY.replace("因地制宜，适地适树", "因地制宜,适地适树(试行)") + "\n共计3,500亩,其中\n")
    # 宜,适  树(试  亩,其 — not 3,500 between digits, nor 行)， before full-width punctuation
    assert s.halfwidth == ["地制宜,适地适", "地适树(试行)", "00亩,其中"]
    assert bench.summarize([s])["halfwidth_left"] == 3


def write_case(folder: Path, gold: str = json.dumps(GOLD, ensure_ascii=False)) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "notice.txt").write_text("\n".join(PAGE_LINES) + "\n", encoding="utf-8")
    (folder / "notice.gold.json").write_text(gold, encoding="utf-8")


def test_a_pass_through_command_keeps_every_boilerplate_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_case(tmp_path / "cases")
    assert bench.main([str(tmp_path / "cases"), "--cmd", "cp {src} {out}", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["summary"]["boilerplate_recall"] == 0.0
    assert result["summary"]["title_acc"] == "0/1"  # no front matter: no title
    [case] = result["cases"]
    assert case["case"] == "notice" and case["error"] == ""
    assert case["ms"] > 0


def test_in_process_run_prints_a_row_and_the_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_case(tmp_path / "cases")
    assert bench.main([str(tmp_path / "cases"), "--keep", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].startswith("notice ")
    assert "totals over 1 of 1 cases" in out
    for measure in (
        "boilerplate lines removed",
        "title right",
        "heading recall / false headings",
        "clean time per page",
    ):
        assert measure in out
    assert (tmp_path / "out" / "notice.md").read_text(encoding="utf-8").startswith("---\n")


def test_a_failing_command_is_one_case_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_case(tmp_path / "cases")
    assert bench.main([str(tmp_path / "cases"), "--cmd", "echo broken >&2; exit 3"]) == 0
    row = capsys.readouterr().out.splitlines()[2]
    assert row.startswith("notice ") and row.endswith("ERROR broken")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "not a folder"),
        (lambda d: d.mkdir(), "no NAME.gold.json"),
        (lambda d: write_case(d, gold="{"), "notice.gold.json: cannot read the gold annotation"),
    ],
)
def test_bad_case_folders_get_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: Any, message: str
) -> None:
    setup(tmp_path / "cases")
    assert bench.main([str(tmp_path / "cases")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
