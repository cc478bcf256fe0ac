"""What the Snakefile needs around the stages: which pages in source/ are documents (`sources`), stale
locks of killed runs (`run_lock`), the run's summary line (`run_summary`), the fork server that
amortizes start-up across jobs (`worker`) and the standard-library launcher each job runs to reach it
(`job`), and the exit that does not wait for Snakemake's idle timers (`timers`)."""
