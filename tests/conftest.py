"""Shared fixtures, and the `workflow` marker that keeps end-to-end runs out of the fast lane.

Paths and the `paiban` runner are plain imports from tests/project.py; what needs pytest's lifetimes is here.
"""

from __future__ import annotations

import pytest

from paiban.theme import Theme
from tests.project import THEME, Snakemake

# Tests that reach these fixtures (directly or through another fixture) run `snakemake` end to end.
WORKFLOW_FIXTURES = frozenset({"snakemake"})


@pytest.fixture(scope="session")
def snakemake() -> Snakemake:
    """The workflow runner. Asking for it is what marks a test `workflow` (see the hook below)."""
    return Snakemake()


@pytest.fixture(scope="session")
def theme() -> Theme:
    """The default theme, styles/gbt9704.yaml, as every renderer gets it."""
    return THEME


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `fixturenames` is the closure: a module-scoped build fixture that takes `snakemake` marks its tests too,
    # so a new end-to-end test cannot forget the marker.
    for item in items:
        if WORKFLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.workflow)
