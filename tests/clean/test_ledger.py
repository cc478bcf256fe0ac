"""paiban.clean.ledger: every removal recorded with its line, text and reason, and logged in order."""

from __future__ import annotations

from paiban.clean.blocks import PageLine
from paiban.clean.ledger import PAGE_NUMBER, Ledger, Removal
from paiban.model import LogEntry


def _ledger() -> Ledger:
    lines = [
        PageLine("标题", 1),
        PageLine("", 2),
        PageLine("", 3, rows=[["索引号", "001"], ["文号", "某发〔2024〕1号"]]),
        PageLine("- 2 -", 4),
        PageLine("正文。", 5),
    ]
    return Ledger(lines, [LogEntry("info", "decoded as utf-8")])


def test_a_removal_records_the_line_and_logs_it_after_what_came_before() -> None:
    ledger = _ledger()
    ledger.drop(0, "site name")
    ledger.drop(2, "metadata table")
    assert ledger.removals == [
        Removal(0, 1, "标题", "site name"),
        Removal(2, 3, "索引号 001 | 文号 某发〔2024〕1号", "metadata table"),
    ]
    assert [e.format() for e in ledger.log] == [
        "info: decoded as utf-8",
        "removed: line 1: site name «标题»",
        "removed: line 3: metadata table «索引号 001 | 文号 某发〔2024〕1号»",
    ]


def test_removed_and_kept_answer_from_the_removals() -> None:
    ledger = _ledger()
    assert ledger.kept() == [0, 2, 3, 4]  # the empty line 2 holds nothing to keep
    ledger.drop(3, PAGE_NUMBER)
    assert ledger.removed(3) and not ledger.removed(4)
    assert ledger.any_removed(range(2, 4)) and not ledger.any_removed([0, 4, 99])
    assert ledger.kept() == [0, 2, 4]


def test_a_page_number_is_told_by_its_last_reason() -> None:
    ledger = _ledger()
    ledger.drop(3, PAGE_NUMBER)
    assert ledger.page_number(3) and not ledger.page_number(4)
    ledger.drop(3, "running header/footer (repeated on every page)")
    assert not ledger.page_number(3)
    assert len(ledger.removals) == 2  # both decisions stay on record


def test_a_note_says_where_a_line_went() -> None:
    ledger = _ledger()
    ledger.note(0, "title line")
    assert ledger.log[-1] == LogEntry("info", "title line → front matter", "标题", 1)
    assert not ledger.removals
