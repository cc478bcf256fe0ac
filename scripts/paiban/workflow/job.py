"""The command each Snakefile rule runs: hand the job to the run's worker, or else run `paiban` itself.

A job of a local run is a short piece of work (a clean takes 20 ms in a warm process, an EPUB 100 ms)
started as its own process. Before this launcher, that process was the `paiban` command, which pays the
interpreter with its site-packages (~90 ms on the project's machine) and `paiban.cli`'s imports (~90 ms
more) only to pass its command line on to the worker (`paiban.workflow.worker`). This module imports
nothing but the standard library, so the Snakefile runs it as a script under `python -S`, without
site-packages at all: 20 ms. It must stay that way: the tests run it under `python -S` too.

No worker (a SLURM node, `--use-conda`, a run too small to start one, a worker that died) → the job
becomes the `paiban` command found on PATH (the conda environment's, under `--use-conda`), with the
same arguments, standard streams and exit status, as if the rule had called it directly.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ENV_VAR = "PAIBAN_WORKER"  # the socket's path, inherited by every job of the run
# Only the commands a workflow job runs; `serve` and friends always run in their own process.
DELEGATED = frozenset({"clean", "render", "index"})
# A render started while the worker is still importing waits for it rather than import the same again
# (it would take as long); a quick clean does not. The worker removes its folder if it fails to start.
WAIT_FOR = frozenset({"render"})
WAIT_SECONDS = 20.0
FDS = 3  # stdin, stdout, stderr: the job's own, handed to the worker's child


def delegate(argv: Sequence[str], environ: Mapping[str, str]) -> int | None:
    """Run `paiban ARGV` in the run's worker; its exit status, or None when there is no worker to ask."""
    path = environ.get(ENV_VAR, "")
    if not path or not argv or argv[0] not in DELEGATED:
        return None
    sock = _connect(Path(path), WAIT_SECONDS if argv[0] in WAIT_FOR else 0.0)
    if sock is None:
        return None
    with sock:
        request = {"argv": list(argv), "cwd": os.getcwd(), "env": dict(environ)}
        socket.send_fds(sock, [json.dumps(request).encode() + b"\n"], list(range(FDS)))
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    if not reply:
        print(f"paiban: {' '.join(argv[:2])}: the worker ended without an answer", file=sys.stderr)
        return 1
    return int(json.loads(reply)["status"])


def _connect(path: Path, wait: float) -> socket.socket | None:
    deadline = time.monotonic() + wait
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(path))
            return sock
        except OSError:
            sock.close()
        # Waiting makes sense only until the worker binds its socket: a socket nobody answers on is
        # a worker that died (its folder stays only if it was killed outright).
        if time.monotonic() >= deadline or path.exists() or not path.parent.is_dir():
            return None
        time.sleep(0.05)


def main(argv: Sequence[str]) -> int:
    """`paiban ARGV` for a workflow job: through the worker if there is one, else by exec'ing `paiban`."""
    status = delegate(argv, os.environ)
    if status is not None:
        return status
    # The job is this process's own from here on: nothing it starts is to find the run's worker.
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    try:
        os.execvpe("paiban", ["paiban", *argv], env)
    except OSError as exc:
        print(f"paiban: cannot run the paiban command ({exc.strerror}); install it with scripts/setup", file=sys.stderr)
        return 127
    raise AssertionError("unreachable: exec returned")


if __name__ == "__main__":
    # Snakemake kills a job with SIGTERM/SIGINT; before the hand-over there is nothing to clean up.
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
