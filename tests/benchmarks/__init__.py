"""Speed benchmarks, run by hand: `.venv/bin/python -m tests.benchmarks.run` (see README, Performance)."""
