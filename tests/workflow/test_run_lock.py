"""Stale Snakemake locks after kill -9 are cleared, live ones never (issue 12)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from paiban.workflow.run_lock import clear_stale_locks
from tests.project import Paiban

HOLD = """
import sys, time
from pathlib import Path
from paiban.workflow.run_lock import clear_stale_locks
clear_stale_locks(Path(sys.argv[1]))
print("holding", flush=True)
time.sleep(60)
"""


def snakemake_locks(workdir: Path) -> list[Path]:
    locks = workdir / ".snakemake" / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    paths = [locks / "0.input.lock", locks / "0.output.lock"]
    for p in paths:
        p.write_text("/w/dist/a.md\n", encoding="utf-8")
    return paths


def test_locks_no_live_run_holds_are_cleared(tmp_path: Path) -> None:
    paths = snakemake_locks(tmp_path)
    assert clear_stale_locks(tmp_path) == paths
    assert not any(p.exists() for p in paths)


def test_locks_of_a_live_run_are_left_alone(paiban: Paiban, tmp_path: Path) -> None:
    holder = subprocess.Popen(paiban.snippet_argv(HOLD, str(tmp_path)), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        paths = snakemake_locks(tmp_path)
        assert clear_stale_locks(tmp_path) == []
        assert all(p.exists() for p in paths)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert clear_stale_locks(tmp_path) == paths  # killed outright: the kernel dropped its lock
