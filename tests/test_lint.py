"""ruff (lint and format), mypy and `snakemake --lint` stay clean: the README's test command runs them."""

import subprocess
import sys

import pytest

from tests.project import ROOT

pytestmark = pytest.mark.workflow  # three programs started: seconds each (run this file by name when iterating)


def check(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"


def test_ruff() -> None:
    check([sys.executable, "-m", "ruff", "check", "scripts", "tests"])


def test_ruff_format() -> None:
    check([sys.executable, "-m", "ruff", "format", "--check", "scripts", "tests"])


def test_mypy() -> None:
    check([sys.executable, "-m", "mypy"])


def test_snakemake_lint() -> None:
    check(["snakemake", "--lint"])
