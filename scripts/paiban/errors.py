"""The one exception type the CLI turns into a one-line message."""

from __future__ import annotations

from pathlib import Path


class PaibanError(Exception):
    """A problem with one input or output, reported as `FILE: problem` without a traceback."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message
