"""Every performance budget of DESIGN.md in one table: budget, measured median, floor from the same run, ratio, result.

    .venv/bin/python main.py --data-dir /tmp/bench1m demo --applications 1000000
    .venv/bin/python main.py --db postgresql+psycopg://USER@HOST/bench1m demo --applications 1000000   (optional)
    .venv/bin/python -m tests.benchmarks.run --data /tmp/bench1m [--pg postgresql+psycopg://USER@HOST/bench1m]

Not part of the test run (no test_ prefix). Figures from a shared or small machine are noisy: each is a median,
beside a floor measured in the same run on the same machine (what the same answer costs at the least: a bare
window, a bare PDF page, the same SQL on the raw driver, a bare lazy model, the bare counter transaction), so the
ratio says what our code adds. The sections (each also runs alone: `python -m tests.benchmarks.<section> …`):
- documents: one receipt PDF (A4, A5, roll) and the 补正材料通知书 vs a bare reportlab page;
- startup: start to login window vs a bare PySide6 window; login to main window ready vs the argon2 check alone;
- lookups: the walk-in search box and lists through the service layer vs the same statement on the raw driver;
- list: the walk-in list pane's first paint and process memory vs a bare lazy model;
- saves: 4 desk processes on SQLite and 8 on PostgreSQL saving 500 intakes each (a database of their own).
The startup section adds the account `bench_desk` to the databases if missing. Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from tests.benchmarks import documents, lookups, saves, startup, walkin_list
from tests.benchmarks.common import Result, machine, sqlite_url, table

SECTIONS = ("documents", "startup", "lookups", "list", "saves")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", default="/tmp/bench1m", help="data folder of `demo` on SQLite (or its URL)")
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL database filled by `demo` the same way")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), metavar="SECTION",
                        help=f"run only these sections: {', '.join(SECTIONS)}")  # fmt: skip
    args = parser.parse_args(argv)
    url = sqlite_url(args.data)
    databases = [(url, "SQLite")] + ([(args.pg, "PostgreSQL")] if args.pg else [])
    steps: list[tuple[str, Callable[[], list[Result]]]] = []
    if "documents" in args.only:
        steps.append(("documents", documents.measure))
    if "startup" in args.only:
        steps.append(("start", lambda: startup.measure_start(url)))
        steps += [
            (f"login {label}", lambda u=u, label=label: startup.measure_login(u, label))
            for u, label in databases
        ]
    if "lookups" in args.only:
        steps += [
            (f"lookups {label}", lambda u=u, label=label: lookups.measure(u, label)) for u, label in databases
        ]
    if "list" in args.only:
        steps += [
            (f"list {label}", lambda u=u, label=label: walkin_list.measure(u, label))
            for u, label in databases
        ]
    if "saves" in args.only:
        steps.append(("saves SQLite", saves.measure_sqlite))
        if args.pg:
            steps.append(("saves PostgreSQL", lambda: saves.measure_postgres(args.pg)))
    print(f"machine: {machine()}")
    if {"startup", "lookups", "list"} & set(args.only):
        for u, label in databases:
            print(f"data ({label}): {lookups.describe(u)}")
    results: list[Result] = []
    started = time.perf_counter()
    for name, step in steps:
        began = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        results += step()
        print(f"  {name}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    print(f"machine after the run: {machine()}; {time.perf_counter() - started:.0f} s in all")
    print()
    print(table(results))
    return 1 if any(r.ok is False for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
