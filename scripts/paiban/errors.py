"""The one exception type the CLI turns into a one-line message."""

from __future__ import annotations

from pathlib import Path


class PaibanError(Exception):
    """A problem with one input or output, reported as `FILE: problem` without a traceback."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


def yaml_problem(exc: Exception) -> str:
    """A YAML error in one line: PyYAML's own message spans several lines with a caret drawing."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(problem)
