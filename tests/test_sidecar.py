"""Hand-written YAML (a page's sidecar, a meeting pack's config): plain values, one-line errors naming the key."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from paiban.errors import PaibanError
from paiban.sidecar import check_date, check_overrides, load_mapping

PATH = "source/报告.yaml"


def refusal(call: Callable[..., object], *args: Any) -> str:
    with pytest.raises(PaibanError) as exc:
        call(*args)
    message = str(exc.value)
    assert PATH in message and "\n" not in message, message
    return message


def test_dates_stay_the_strings_the_user_wrote() -> None:
    data = load_mapping("date: 2024-02-06\ntitle: 通知\n", PATH, "front-matter keys")
    assert data == {"date": "2024-02-06", "title": "通知"}
    assert isinstance(data["date"], str)  # PyYAML's own loader would give a datetime.date


def test_an_empty_file_is_no_overrides() -> None:
    assert load_mapping("", PATH, "front-matter keys") is None
    assert load_mapping("# only a comment\n", PATH, "front-matter keys") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("title: [\n", "invalid YAML"),
        ("- a\n- b\n", "must be a mapping of front-matter keys"),
        ("1: x\n", "key 1: keys must be names, not int"),
    ],
)
def test_a_file_that_is_not_a_mapping_of_names_is_refused(text: str, reason: str) -> None:
    assert reason in refusal(load_mapping, text, PATH, "front-matter keys")


@pytest.mark.parametrize(
    ("value", "date"), [("2024-02-29", "2024-02-29"), ("", ""), (None, ""), (datetime.date(2024, 2, 6), "2024-02-06")]
)
def test_real_days_pass(value: Any, date: str) -> None:
    assert check_date(value, PATH, "date") == date


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "key 'date': 2024-02-30 is not a real day"),
        ("2023-02-29", "key 'date': 2023-02-29 is not a real day"),
        ("2024/2/3", "key 'date': '2024/2/3' is not a date; write YYYY-MM-DD"),
        (20240206, "key 'date': '20240206' is not a date"),  # a number, not the text of a date
    ],
)
def test_impossible_or_misshapen_dates_are_refused(value: Any, reason: str) -> None:
    assert reason in refusal(check_date, value, PATH, "date")


def test_overrides_take_the_shape_of_their_key() -> None:
    checked = check_overrides(
        {
            "title": 2024,
            "author": None,
            "title-lines": "一行",
            "boilerplate": ["^广告$", 7],
            "date": "2024-01-12",
            "unknown": {"kept": True},
        },
        PATH,
    )
    assert checked == {
        "title": "2024",
        "author": "",
        "title-lines": ["一行"],
        "boilerplate": ["^广告$", "7"],
        "date": "2024-01-12",
        "unknown": {"kept": True},
    }  # unknown keys are the cleaner's to warn about


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"title": {"a": 1}}, "key 'title': must be one line of text, not a mapping"),
        ({"subtitle": ["a", "b"]}, "key 'subtitle': must be one line of text, not a list"),
        (
            {"title-lines": [["a", "b"]]},
            "key 'title-lines': must be a line of text or a list of lines, not a nested list",
        ),
        ({"boilerplate": [{"a": 1}]}, "not a nested mapping"),
    ],
)
def test_values_of_the_wrong_shape_are_refused(data: dict[str, Any], reason: str) -> None:
    assert reason in refusal(check_overrides, data, PATH)


def test_a_yaml_error_is_one_line_that_says_where() -> None:
    # PyYAML's own message spans several lines with a caret drawing under the line.
    message = refusal(load_mapping, "title: 通知\nauthor: a: b\n", PATH, "front-matter keys")
    assert message == f"{PATH}: invalid YAML: mapping values are not allowed here (line 2, column 10)"
