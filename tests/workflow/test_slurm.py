"""The same workflow on a real SLURM cluster: `snakemake --profile profiles/slurm all` gives the local bytes.

A one-node cluster (munged, slurmctld, slurmd on localhost; `.ci/slurm/up.sh`) is stood up for this
module and torn down after it (`.ci/slurm/down.sh`, by the PIDs up.sh recorded, with the slurm.conf it
installed). It needs root and
Debian's `slurm-wlm` and `munge` (which `scripts/setup --test` installs), and the executor plugin.
There is no accounting daemon: the plugin reads job states with `squeue` (slurm.conf keeps finished
jobs there for MinJobAge=300 s) and submits without an account. The lines CI must show (sinfo with the
node idle, the SLURM run's last lines, the comparison) are printed to the terminal, not captured.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.project import CORPUS, ROOT, SEED_PAGE, Snakemake, source_folder

SLURM = ROOT / ".ci" / "slurm"
# The seed and two more documents of other kinds, so that a group job holds more than one document.
PAGES = {
    SEED_PAGE.name: SEED_PAGE.read_bytes(),
    "通知 县政府.html": (CORPUS / "ministry-notice.utf-8.html").read_bytes(),
    "speech.txt": (CORPUS / "speech.utf-8.txt").read_bytes(),
}
# What this cluster lacks compared with a site's: a partition name and accounting (see module docstring).
CI_FLAGS = ["--slurm-status-command", "squeue", "--slurm-no-account", "--slurm-init-seconds-before-status-checks", "1"]

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0
    or shutil.which("slurmctld", path="/usr/sbin:/usr/bin") is None
    or importlib.util.find_spec("snakemake_executor_plugin_slurm") is None,
    reason="needs root, slurm-wlm + munge (scripts/setup --test) and snakemake-executor-plugin-slurm",
)


def job_env() -> dict[str, str]:
    # The interpreter's own bin first, so that SLURM jobs run this Python and not a version manager's shim.
    return dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")


def output_hashes(dist: Path) -> dict[str, str]:
    return {
        str(p.relative_to(dist)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(dist.rglob("*"))
        if p.is_file() and p.relative_to(dist).parts[0] != "logs"
    }


@pytest.fixture(scope="module")
def cluster(snakemake: Snakemake) -> Iterator[str]:
    """A one-node SLURM cluster, up for this module (taking `snakemake` marks its tests `workflow`)."""
    pids = "/tmp/paiban-test-slurm-pids"
    env = dict(job_env(), PIDS=pids)
    up = subprocess.run([str(SLURM / "up.sh")], env=env, capture_output=True, text=True, timeout=120)
    assert up.returncode == 0, up.stderr
    try:
        yield subprocess.run(["sinfo"], capture_output=True, text=True, check=True).stdout
    finally:
        subprocess.run([str(SLURM / "down.sh")], env=env, capture_output=True, timeout=60)
        # Left behind, it would make every later `snakemake` wait ~10 s for a controller (see up.sh).
        assert not Path("/etc/slurm/slurm.conf").exists()


def test_slurm_run_matches_local_run(
    snakemake: Snakemake, cluster: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = source_folder(tmp_path / "local", PAGES)
    remote = source_folder(tmp_path / "slurm", PAGES)
    proc = snakemake(local, "all", env=job_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = snakemake(
        remote, "--profile", str(ROOT / "profiles" / "slurm"), *CI_FLAGS, "all", cores=None, env=job_env(), timeout=900
    )
    log = proc.stdout + proc.stderr
    submitted = [line for line in log.splitlines() if "submitted with SLURM jobid" in line]
    done = [line for line in log.splitlines() if "steps (100%) done" in line]
    ours, theirs = output_hashes(local / "dist"), output_hashes(remote / "dist")
    with capsys.disabled():
        print("\nslurm: sinfo\n" + cluster.rstrip())
        print("slurm: " + "\nslurm: ".join(submitted))
        print("slurm: " + "\nslurm: ".join(done + log.rstrip().splitlines()[-3:]))
        same = sum(ours[k] == theirs.get(k) for k in ours)
        print(f"slurm: {same} of {len(ours)} outputs byte-identical to the local run")
    assert proc.returncode == 0, log[-3000:]
    assert " idle " in cluster
    # One SLURM job for the three documents' 12 jobs (profiles/slurm groups them), one for the index.
    assert len(submitted) == 2, submitted
    assert len(ours) == 3 * 4 + 1
    assert theirs == ours
