"""The project as the tests see it: where its committed files are, and its two commands run as a user runs them.

`paiban` (the package's command line) may be called from any test. `snakemake` is reached only through the
`snakemake` fixture of tests/conftest.py, which marks the test `workflow`: the fast lane
(`python3 -m pytest -m "not workflow"`) leaves out every end-to-end run.
"""

from __future__ import annotations

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

# `python -m paiban` runs `paiban.cli.main()` exactly as the installed `paiban` command does.
PAIBAN = [sys.executable, "-m", "paiban"]


def paiban(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PAIBAN, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)


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

    def __call__(self, workdir: Path, *args: str, cores: int | None = 2,
                 env: Mapping[str, str] | None = None, timeout: float = 1200) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.argv(workdir, *args, cores=cores),
                              capture_output=True, text=True, env=env, timeout=timeout)


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
