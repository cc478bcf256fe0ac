"""What the Snakefile needs around the stages: which pages in source/ are documents (`sources`), stale
locks of killed runs (`run_lock`), the run's summary line (`run_summary`), and the fork server that
amortizes start-up across jobs (`worker`)."""
