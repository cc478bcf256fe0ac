"""Roles of blocks (render/roles.py): headings by the cleaner's marker grammar, other blocks by kind."""

from __future__ import annotations

from paiban.markdown import load
from paiban.markers import KINDS
from paiban.model import Block
from paiban.render.roles import KIND_ROLE, block_role, heading_role, role_texts


def test_every_marker_kind_of_the_cleaner_has_a_role() -> None:
    # One grammar: a kind the cleaner learns must be given a face here, or it would silently be 'part'.
    assert {kind for kind, _ in KINDS} == set(KIND_ROLE)


def test_traditional_upper_numerals_are_one_role() -> None:
    # 貳 and 參 were missing from the renderers' own copy of the grammar (they became part headings).
    assert {heading_role(t) for t in ("壹、總則", "貳、施行方式", "參、附則", "贰、任务", "叁、要求")} == {"section"}


def test_roles_follow_gbt9704_numbering() -> None:
    assert [
        heading_role(t) for t in ("2023年工作回顾", "一、总体要求", "（一）加强值守", "1.压实责任", "（1）细则")
    ] == ["part", "section", "subsection", "item", "item"]


def test_block_roles_and_the_text_each_role_sets() -> None:
    art = load(
        "---\ntitle: 通知\nsubtitle: 副题\n---\n\n::: salutation\n各单位：\n:::\n\n# 一、要求\n\n正文。\n\n"
        "- 条目\n\n| 甲 | 乙 |\n|---|---|\n| 丙 | 丁 |\n\n::: closing\n某局\n\n2024年1月1日\n:::\n"
    )
    assert [block_role(b) for b in art.blocks] == ["salutation", "section", "body", "body", "body", "closing"]
    assert role_texts(art) == {
        "title": "通知",
        "subtitle": "副题",
        "salutation": "各单位：",
        "section": "一、要求",
        "body": "正文。条目甲乙丙丁",
        "closing": "某局2024年1月1日",
    }
    assert block_role(Block("table")) == "body"
