"""The YAML a user writes by hand — a page's sidecar `source/{doc}.yaml`, a meeting pack's config — read into
plain values, and every problem reported in one line naming the file, the key and the reason.

PyYAML's safe loader turns `2024-02-30` into a `datetime.date` and raises a bare ValueError for an
impossible one, and takes `title: {a: 1}` as a mapping that would be printed as its Python repr. Here dates
stay the strings the user wrote (and are checked as dates), and each key's value must have the shape the
key takes.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml

from paiban.errors import PaibanError, yaml_problem

# Front-matter keys whose value is one line of text (title-lines and boilerplate take lists of lines).
TEXT_KEYS = ("title", "subtitle", "author", "speaker", "doc-number", "category", "source", "lang")
LIST_KEYS = ("title-lines", "boilerplate")


class _PlainLoader(yaml.SafeLoader):
    """The safe loader without the implicit timestamp type: dates stay strings, checked by `check_date`."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_mapping(text: str, path: str | Path, what: str) -> dict[str, Any] | None:
    """Parse `text` (the contents of `path`) as a YAML mapping; None when it is empty."""
    try:
        data = yaml.load(text, Loader=_PlainLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        raise PaibanError(path, f"invalid YAML: {yaml_problem(exc)}") from exc
    if data is None:
        return None
    if not isinstance(data, dict):
        raise PaibanError(path, f"must be a mapping of {what}")
    for key in data:
        if not isinstance(key, str):
            raise PaibanError(path, f"key {key!r}: keys must be names, not {type(key).__name__}")
    return data


def check_date(value: Any, path: str | Path, key: str) -> str:
    """A `YYYY-MM-DD` that is a real day, as a string ('' for an empty value)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):  # a caller that parsed the YAML with PyYAML's own loader
        return value.isoformat()
    text = str(value).strip()
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise PaibanError(path, f"key '{key}': {text!r} is not a date; write YYYY-MM-DD")
    try:
        datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise PaibanError(path, f"key '{key}': {text} is not a real day ({exc})") from exc
    return text


def _check_text(value: Any, path: str | Path, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        shape = "a mapping" if isinstance(value, dict) else "a list"
        raise PaibanError(path, f"key '{key}': must be one line of text, not {shape}")
    return str(value)


def _check_lines(value: Any, path: str | Path, key: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, (dict, list)):
            raise PaibanError(
                path,
                f"key '{key}': must be a line of text or a list of lines, not a nested "
                f"{'mapping' if isinstance(item, dict) else 'list'}",
            )
    return [str(item) for item in items]


def _check_url(value: Any, path: str | Path, key: str) -> str:
    text = _check_text(value, path, key).strip()
    if text and not re.match(r"https?://[^/\s:]+", text, re.I):
        raise PaibanError(path, f"key '{key}': {text!r} is not a web address; write https://host/…")
    return text


def check_overrides(data: dict[str, Any], path: str | Path) -> dict[str, Any]:
    """A sidecar's values in the shapes the cleaner takes; unknown keys pass through (the cleaner warns).
    `url` is the page's address, which says its site (`paiban.clean.sites`); it is no front matter."""
    checked: dict[str, Any] = {}
    for key, value in data.items():
        if key == "date":
            checked[key] = check_date(value, path, key)
        elif key == "url":
            checked[key] = _check_url(value, path, key)
        elif key in TEXT_KEYS:
            checked[key] = _check_text(value, path, key)
        elif key in LIST_KEYS:
            checked[key] = _check_lines(value, path, key)
        else:
            checked[key] = value
    return checked
