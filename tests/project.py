"""The project as the tests see it: where its committed files are, and its two commands run as a user runs them.

Both are reached only through the `paiban` and `snakemake` fixtures of tests/conftest.py, which mark the test
`workflow`: the fast lane (`python3 -m pytest -m "not workflow"`) leaves out every end-to-end run. A fast test
calls the function the command would (`paiban.cli.main`, `clean_source`, `render_pdf`, …) on inline data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from socketserver import TCPServer

from paiban.theme import load_theme

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
THEME_PATH = ROOT / "styles" / "gbt9704.yaml"
THEME = load_theme(THEME_PATH)  # the default theme; a frozen dataclass, so one copy serves every test
# The seed: a real scraped page (committed in source/) and its golden Markdown. Both are committed, so a test
# reading them fails, never skips, when one goes missing.
SEED_PAGE = ROOT / "source" / "四平市政协常委会工作报告2024.txt"
SEED_MD = CORPUS / "seed.expected.md"


@dataclass(frozen=True)
class Paiban:
    """`python -m paiban ARGS…`: a fresh interpreter running `paiban.cli.main()` exactly as the installed `paiban`
    command does (2–3 s each, mostly imports).

    Take it from the `paiban` fixture, not by constructing it: the fixture is what marks a test `workflow`."""

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "paiban", *args]

    def snippet_argv(self, code: str, *args: str) -> list[str]:
        """`python -c CODE ARGS…`: a few lines of the package in their own process (one that holds a lock, or
        starts a worker and exits)."""
        return [sys.executable, "-c", code, *args]

    def __call__(
        self, *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.argv(*args), capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], name: str) -> None:
    """Refused as the brief says: non-zero exit, one line on stderr naming `name`, no traceback."""
    assert proc.returncode != 0, proc.stdout[:500]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert name in lines[0] and "Traceback" not in proc.stderr


def source_folder(workdir: Path, pages: Mapping[str, bytes]) -> Path:
    """A Snakemake working directory whose source/ holds `pages` (file name → bytes); returns `workdir`."""
    (workdir / "source").mkdir(parents=True)
    for name, data in pages.items():
        (workdir / "source" / name).write_bytes(data)
    return workdir


@dataclass(frozen=True)
class Snakemake:
    """`snakemake -s SNAKEFILE -d WORKDIR --cores N …`, the workflow run in another folder as the README shows.

    Take it from the `snakemake` fixture, not by constructing it: the fixture is what marks a test `workflow`."""

    snakefile: Path = ROOT / "Snakefile"

    def argv(self, workdir: Path, *args: str, cores: int | None = 2) -> list[str]:
        """`cores=None` leaves the job count to a profile (a cluster executor's)."""
        local = ["--cores", str(cores)] if cores is not None else []
        return ["snakemake", "-s", str(self.snakefile), "-d", str(workdir), *local, *args]

    def __call__(
        self,
        workdir: Path,
        *args: str,
        cores: int | None = 2,
        env: Mapping[str, str] | None = None,
        timeout: float = 1200,
    ) -> subprocess.CompletedProcess[str]:
        # The jobs' `paiban` imports this checkout's package, whichever one is installed.
        env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")} if env is None else env
        return subprocess.run(
            self.argv(workdir, *args, cores=cores), capture_output=True, text=True, env=env, timeout=timeout
        )


@contextmanager
def serving(server: TCPServer) -> Iterator[int]:
    """Run a socketserver on a daemon thread for the `with` block; yields its port."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
