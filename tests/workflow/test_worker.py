"""The run's fork server and the jobs' launcher: a job handed to the worker behaves as the same job run on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paiban.workflow import job, worker
from tests.project import Paiban, assert_one_line_error

NOTICE = (
    "关于开展安全检查的通知\n\n各单位：\n\n为做好安全生产工作，现将有关事项通知如下。\n\n某县人民政府\n2024年3月1日\n"
)


def launch(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A job as the Snakefile runs it: the launcher as a script under `python -S` (no site-packages)."""
    argv = [sys.executable, "-S", job.__file__, *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def served(paiban: Paiban) -> Iterator[dict[str, str]]:
    # The worker is the package in another process: asking for `paiban` marks every test that uses it `workflow`.
    env = dict(os.environ)
    proc = worker.start(env)
    path = Path(env[job.ENV_VAR])
    for _ in range(600):
        if path.exists():
            break
        time.sleep(0.05)
    assert path.exists(), "the worker never listened"
    yield env
    proc.terminate()
    proc.wait(timeout=20)
    assert not path.parent.exists()


def test_no_worker_means_run_here(tmp_path: Path) -> None:
    assert job.delegate(["clean", "x.txt", "-o", "x.md"], {}) is None
    unreachable = {job.ENV_VAR: str(tmp_path / "no-socket")}
    assert job.delegate(["clean", "x.txt", "-o", "x.md"], unreachable) is None
    assert job.delegate(["serve", "dist"], {job.ENV_VAR: str(tmp_path / "s")}) is None


def test_a_job_in_the_worker_gives_the_bytes_of_a_job_on_its_own(
    paiban: Paiban, served: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    alone = {k: v for k, v in served.items() if k != job.ENV_VAR}
    for label, env in (("alone", alone), ("worker", served)):
        assert launch("clean", "notice.txt", "-o", f"{label}.md", env=env, cwd=tmp_path).returncode == 0
        for fmt in ("pdf", "docx"):
            proc = launch("render", fmt, f"{label}.md", "-o", f"{label}.{fmt}", env=env, cwd=tmp_path)
            assert proc.returncode == 0, proc.stderr
    for ext in ("md", "pdf", "docx"):
        assert (tmp_path / f"worker.{ext}").read_bytes() == (tmp_path / f"alone.{ext}").read_bytes(), ext
    # and the bytes of the `paiban` command itself
    assert paiban("render", "pdf", "alone.md", "-o", "command.pdf", env=alone, cwd=tmp_path).returncode == 0
    assert (tmp_path / "command.pdf").read_bytes() == (tmp_path / "worker.pdf").read_bytes()


def test_without_a_worker_the_launcher_becomes_paiban(paiban: Paiban, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != job.ENV_VAR}
    proc = launch("clean", "missing.txt", "-o", "x.md", env=env, cwd=tmp_path)
    assert_one_line_error(proc, "missing.txt")
    assert proc.returncode == 1  # the command's own status, through exec
    # A worker that is gone: the job runs on its own, and `paiban` does not look for the worker again.
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    gone = {**env, job.ENV_VAR: str(tmp_path / "gone" / "socket")}
    assert launch("clean", "notice.txt", "-o", "x.md", env=gone, cwd=tmp_path).returncode == 0
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("---\n")


def test_the_launcher_says_when_there_is_no_paiban_to_run(tmp_path: Path) -> None:
    proc = launch("clean", "x.txt", "-o", "x.md", env={"PATH": str(tmp_path)}, cwd=tmp_path)
    assert proc.returncode == 127
    assert_one_line_error(proc, "paiban")


def test_a_failing_job_reports_through_the_worker(served: dict[str, str], tmp_path: Path) -> None:
    proc = launch("render", "pdf", "missing.md", "-o", "out.pdf", env=served, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "paiban: missing.md: no such file"
    assert not (tmp_path / "out.pdf").exists()


def test_a_job_whose_command_is_killed_stops_in_the_worker(served: dict[str, str], tmp_path: Path) -> None:
    """Snakemake kills a job's `paiban` on an interrupt: its work in the worker must not go on."""
    body = "\n\n".join(["各单位要按照统一部署，认真做好本地区本部门的有关工作，确保各项任务落到实处。"] * 1500)
    (tmp_path / "long.md").write_text(f"---\ntitle: 关于做好有关工作的通知\n---\n\n{body}\n", encoding="utf-8")
    before = children_of_worker(served)
    client = subprocess.Popen(
        [sys.executable, "-S", job.__file__, "render", "pdf", "long.md", "-o", "long.pdf"],
        env=served,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):  # until the worker has forked the job's child
        if children_of_worker(served) - before:
            break
        time.sleep(0.05)
    forked = children_of_worker(served) - before
    assert forked, "the job never reached the worker"
    client.kill()
    client.wait()
    for _ in range(100):
        if not any(running(pid) for pid in forked):
            break
        time.sleep(0.1)
    assert not any(running(pid) for pid in forked)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.md"]  # no PDF, no temp file left


def children_of_worker(env: dict[str, str]) -> set[int]:
    """PIDs of the processes the worker serving `env` has forked (jobs), from /proc."""
    socket_path = env[job.ENV_VAR]
    server = {int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and socket_path in cmdline(p)}
    kids = set()
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid in server and running(int(p.name)):
                kids.add(int(p.name))
    return kids


def cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_the_worker_leaves_with_its_run(paiban: Paiban, tmp_path: Path) -> None:
    code = (
        "import os, sys; from paiban.workflow import worker; env = {}; p = worker.start(env); "
        "print(p.pid, env[worker.ENV_VAR], flush=True)"
    )
    out = subprocess.run(paiban.snippet_argv(code), capture_output=True, text=True, check=True).stdout.split()
    pid, path = int(out[0]), Path(out[1])
    for _ in range(300):  # it notices within a second that the process which started it is gone
        if not path.parent.exists() and not running(pid):
            break
        time.sleep(0.1)
    assert not path.parent.exists()
    assert not running(pid)


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may linger where PID 1 does not reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_render_waits_for_a_starting_worker_but_not_for_a_dead_one(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    env = {job.ENV_VAR: str(folder / "socket")}
    started = time.monotonic()
    assert job.delegate(["clean", "x.txt", "-o", "x.md"], env) is None
    assert time.monotonic() - started < 1.0  # a clean never waits
    (folder / "socket").write_bytes(b"")  # what a killed worker leaves: a socket file nobody answers on
    started = time.monotonic()
    assert job.delegate(["render", "pdf", "x.md", "-o", "x.pdf"], env) is None
    assert time.monotonic() - started < 1.0
