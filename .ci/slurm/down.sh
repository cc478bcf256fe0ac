#!/bin/bash
# Stop what up.sh started, by the PIDs it recorded (slurmd, slurmctld, then munged), and remove the
# slurm.conf it installed (see up.sh for why).
PIDS=${PIDS:-/tmp/slurm-pids}
[ -f "$PIDS" ] || exit 0
rm -f /etc/slurm/slurm.conf
tac "$PIDS" | while read -r name pid; do
  kill "$pid" 2>/dev/null && echo "stopped $name ($pid)"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done
rm -f "$PIDS"
