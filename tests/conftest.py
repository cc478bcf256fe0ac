"""Shared fixtures, and the `workflow` marker that keeps end-to-end runs out of the fast lane.

The fast lane (`python3 -m pytest -m "not workflow"`) is unit tests: functions called on small inline data, in
this process. A test is `workflow` when it starts a process — the `paiban` command, `snakemake`, LibreOffice,
epubcheck, chromium — and so costs seconds of start-up however small its input. Such a test reaches the
program through one of the fixtures below, and asking for one is what marks it (`pytest_collection_modifyitems`),
so a new end-to-end test cannot forget the marker. A module that is end to end throughout (the browser tests)
says so once with `pytestmark`. A whole real document (the seed, a corpus golden) rendered where an inline one
would show the same is `workflow` too: such a parameter carries the mark (tests/render/test_pdf.py's `in_lanes`).
`python3 -m pytest` runs both lanes.

Paths are plain imports from tests/project.py; what needs pytest's lifetimes is here.
"""

from __future__ import annotations

import pytest

from paiban.theme import Theme
from tests.project import THEME, Paiban, Snakemake
from tests.tools import EpubCheck, LibreOffice, epubcheck_argv, libreoffice_exe

# Tests that reach these fixtures (directly or through another fixture) start a process.
WORKFLOW_FIXTURES = frozenset({"snakemake", "paiban", "soffice", "epubcheck"})


@pytest.fixture(scope="session")
def snakemake() -> Snakemake:
    """The workflow runner. Asking for it is what marks a test `workflow` (see the hook below)."""
    return Snakemake()


@pytest.fixture(scope="session")
def paiban() -> Paiban:
    """The package's command line as a subprocess (`python -m paiban …`); marks the test `workflow`."""
    return Paiban()


@pytest.fixture(scope="session")
def soffice() -> LibreOffice:
    """LibreOffice's DOCX → PDF conversion; skips the test where it is not installed, marks it `workflow`."""
    exe = libreoffice_exe()
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return LibreOffice(exe)


@pytest.fixture(scope="session")
def epubcheck() -> EpubCheck:
    """epubcheck; skips the test where it is not installed (Debian package `epubcheck`), marks it `workflow`."""
    argv = epubcheck_argv()
    if argv is None:
        pytest.skip("epubcheck is not installed (Debian package `epubcheck`)")
    return EpubCheck(tuple(argv))


@pytest.fixture(scope="session")
def theme() -> Theme:
    """The default theme, styles/gbt9704.yaml, as every renderer gets it."""
    return THEME


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `fixturenames` is the closure: a module-scoped build fixture that takes `snakemake` marks its tests too.
    for item in items:
        if WORKFLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.workflow)
