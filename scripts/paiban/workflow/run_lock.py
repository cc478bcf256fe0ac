"""After `kill -9`, the next run just works: stale Snakemake locks are cleared, safely.

Snakemake marks a working directory as in use with files in `.snakemake/locks/` and removes them when it
ends; a run killed outright leaves them, and every later run stops with `LockException` until someone
runs `snakemake --unlock`. The lock files do not say which process wrote them, so paiban keeps its own
proof of life: each run holds an exclusive `flock` on `.snakemake/paiban-run.lock` for as long as its
process lives (the kernel drops it when the process dies, however it dies). A run that gets that lock
knows no other paiban run is alive in this folder, so any Snakemake lock files there are stale and can go;
a run that cannot get it leaves them alone, and Snakemake refuses it as before.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

# Held for the life of the process: closing the file would drop the lock.
_held: list[IO[bytes]] = []


def clear_stale_locks(workdir: Path) -> list[Path]:
    """Take this folder's run lock; when no other run holds it, remove Snakemake's leftover lock files."""
    state = workdir / ".snakemake"
    try:
        state.mkdir(exist_ok=True)
        handle = open(state / "paiban-run.lock", "ab")  # noqa: SIM115 — kept open on purpose
    except OSError:
        return []  # a read-only folder: Snakemake will say so itself
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return []  # another run is alive here: its locks are real
    _held.append(handle)
    stale = sorted((state / "locks").glob("*.lock"))
    for path in stale:
        try:
            os.unlink(path)
        except FileNotFoundError:
            continue
    return stale
