#!/bin/bash
# Stand a one-node SLURM cluster up on localhost, as root (Debian: apt-get install slurm-wlm munge):
# munged, slurmctld and slurmd, each in the foreground of a background job, their PIDs in $PIDS for
# down.sh; logs in /var/log/slurm and /var/log/munge. Waits until `sinfo` shows the node idle.
# /etc/slurm/slurm.conf is ours while the cluster is up (an existing one is refused): down.sh removes
# it again, because with a slurm.conf naming a controller that is not running, every SLURM client call
# waits ~10 s for it — and snakemake-executor-plugin-slurm calls `scontrol show config` when any
# `snakemake` command starts.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# Ours (left by an interrupted run) starts with our first line; anything else is the machine's own.
if [ -e /etc/slurm/slurm.conf ] && ! head -n 1 /etc/slurm/slurm.conf | cmp -s - <(head -n 1 "$HERE/slurm.conf"); then
  echo "up.sh: /etc/slurm/slurm.conf exists: this machine has a SLURM set-up of its own; not touching it" >&2
  exit 1
fi
PIDS=${PIDS:-/tmp/slurm-pids}; : > "$PIDS"
mem_mb=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
{
  cat "$HERE/slurm.conf"
  echo "NodeName=localhost CPUs=$(nproc) RealMemory=$mem_mb State=UNKNOWN"
  echo "PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP"
} > /etc/slurm/slurm.conf
chmod 644 /etc/slurm/slurm.conf
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
[ -s /etc/munge/munge.key ] || setpriv --reuid=munge --regid=munge --init-groups mungekey --create
setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground >/var/log/munge/munged.out 2>&1 &
echo "munged $!" >> "$PIDS"
for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
/usr/sbin/slurmctld -D -i >/var/log/slurm/slurmctld.out 2>&1 & echo "slurmctld $!" >> "$PIDS"
/usr/sbin/slurmd -D -N localhost >/var/log/slurm/slurmd.out 2>&1 & echo "slurmd $!" >> "$PIDS"
for _ in $(seq 300); do sinfo -h -o %t 2>/dev/null | grep -qx idle && break; sleep 0.2; done
if ! sinfo -h -o %t | grep -qx idle; then  # the node never came up: say why, and leave nothing running
  tail -n 5 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
  "$HERE/down.sh" >&2
  exit 1
fi
