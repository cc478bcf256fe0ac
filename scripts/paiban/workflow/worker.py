"""A fork server for the workflow's jobs: the imports and font look-ups are paid once per run, not per job.

A `paiban render pdf` process spends about half a second importing WeasyPrint, fontTools and pandoc's
wrapper and resolving the theme's faces before it typesets a line; a run of a hundred documents pays
that four hundred times. `snakemake all` (the Snakefile's `onstart`) starts one worker per run on the
local machine: it preloads those modules, then listens on a Unix socket. Each job is still its own
process with its own command line, log and exit status (so Snakemake's per-document targets, logs and
incremental rebuilds are unchanged), but that process is the standard-library launcher
`paiban.workflow.job`, which hands its command line, working directory, environment and standard
streams (as file descriptors) to the worker; the worker forks a child to run exactly `cli.main(argv)`
there. Forking gives each job a fresh copy of the warmed-up process: jobs share nothing, memory is
returned when a job ends, and the output bytes are those of a standalone run.

No worker reachable (SLURM jobs on other nodes, `--use-conda`, a plain shell) → the launcher runs the
`paiban` command instead. The worker exits when the process that started it does (checked every
second) or after `IDLE_SECONDS` without a job, and removes its socket.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from paiban.workflow.job import ENV_VAR, FDS

IDLE_SECONDS = 600.0
PRELOAD = (
    "paiban.clean.page",
    "paiban.markdown",
    "paiban.render.pdf.document",
    "paiban.render.docx.document",
    "paiban.render.epub",
    "paiban.publish.index_page",
)
# Cleaned and rendered once before listening, with the default theme and fonts, so that the children
# inherit what the first job of each kind would otherwise pay: the cleaner's vocabularies and compiled
# patterns (a clean's first call takes 0.11 s, later ones 0.02 s), what the caches of
# `paiban.render.fonts` hold (installed faces, their metrics and punctuation ink), and pandoc's first call.
WARM_UP_PAGE = (
    "关于开展预热检查的通知\n\n各单位：\n\n一、预热\n\n现将有关事项通知如下。\n\n某县人民政府\n2024年3月1日\n"
)
WARM_UP = "---\ntitle: 预热\n---\n\n# 一、预热\n\n“预热”，（一）——排版。\n"


# ------------------------------------------------------------------------------------------- server


def _read_request(conn: socket.socket) -> tuple[dict[str, object], list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, FDS)
    while not data.endswith(b"\n"):
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    return json.loads(data), fds


def _run_job(conn: socket.socket) -> int:
    """In the forked child: become the job (its directory, environment, streams), run it, answer."""
    request, fds = _read_request(conn)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(str(request["cwd"]))
    env = request["env"]
    assert isinstance(env, dict)
    os.environ.clear()
    os.environ.update(env)
    argv = request["argv"]
    assert isinstance(argv, list)
    # A job whose `paiban` process is gone (Snakemake killed it on an interrupt) must stop too.
    threading.Thread(target=_exit_when_client_leaves, args=(conn,), daemon=True).start()
    from paiban.cli import main

    try:
        status = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        status = exc.code if isinstance(exc.code, int) else 2
    sys.stdout.flush()
    sys.stderr.flush()
    with contextlib.suppress(OSError):  # the client may be gone
        conn.sendall(json.dumps({"status": status}).encode())
    return status


def _exit_when_client_leaves(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.recv(1)  # the client sends nothing more: this returns when it closes its end
    # As an interrupt does to a job on its own: `cli.main` stops, and atomic writes remove their temp files.
    os.kill(os.getpid(), signal.SIGINT)


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _warm_up() -> None:
    from paiban.clean.page import clean_source
    from paiban.cli import default_styles_dir, default_theme
    from paiban.markdown import load
    from paiban.render.docx.document import render_docx
    from paiban.render.pdf.document import render_pdf
    from paiban.theme import load_theme

    try:
        clean_source(WARM_UP_PAGE.encode(), "warm-up.txt", None, None)
        article, theme = load(WARM_UP), load_theme(default_theme())
        render_pdf(article, theme, fonts_dir=default_styles_dir() / "fonts")
        render_docx(article, theme)
    except Exception:  # a warm-up is only an optimization; the jobs report real problems themselves
        return


def serve(path: Path, parent: int, idle_seconds: float = IDLE_SECONDS) -> None:
    """Preload, then fork a child per job on the socket at `path` until `parent` exits or none come."""
    from paiban.render.pdf import engine

    for name in PRELOAD:
        importlib.import_module(name)
    engine.load()
    _warm_up()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.listen(64)
    sock.settimeout(1.0)
    last = time.monotonic()
    try:
        while os.getppid() == parent and time.monotonic() - last < idle_seconds:
            _reap()
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            last = time.monotonic()
            pid = os.fork()
            if pid == 0:  # the job
                sock.close()
                signal.signal(signal.SIGINT, signal.default_int_handler)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                status = 1
                try:
                    conn.settimeout(None)
                    status = _run_job(conn)
                finally:
                    os._exit(status)
            conn.close()
    finally:
        sock.close()
        with contextlib.suppress(OSError):
            path.unlink()
        _reap()


def start(environ: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a worker for this process's run and point `environ` (the jobs' environment) at its socket.

    Jobs that start before the worker listens (its imports take about a second) run on their own.
    """
    path = Path(tempfile.mkdtemp(prefix="paiban-worker-")) / "socket"
    environ[ENV_VAR] = str(path)
    return subprocess.Popen(
        [sys.executable, "-m", "paiban.workflow.worker", str(path), str(os.getpid())],
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # an interrupt reaches the jobs, not the server
    )


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    socket_path, parent_pid = Path(sys.argv[1]), int(sys.argv[2])
    signal.signal(signal.SIGTERM, _stop)  # so that the socket's folder is removed
    try:
        serve(socket_path, parent_pid)
    finally:
        shutil.rmtree(socket_path.parent, ignore_errors=True)
