"""Walk-in look-ups at scale against DESIGN.md's budgets, each beside a floor measured in the same run.

    .venv/bin/python main.py --data-dir /tmp/bench1m demo --applications 1000000
    .venv/bin/python -m tests.benchmarks.lookups /tmp/bench1m            (or a database URL)

Through the service layer (a session, the rights check, the query, the frozen rows) as the 来访受理 tab calls it:
a receipt number typed in the search box, an ID number typed in the search box, the person look-up when an ID
number is complete, and the first page of one station's day. The floor is the same answer from the raw driver
(sqlite3 or psycopg) with one hand-written SQL statement on an open connection: what the database itself needs.
Medians of many runs over different sampled keys. Prints one table; exit status 1 if a budget is missed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.db.database import Database
from desktop.db.engine import is_sqlite
from desktop.db.models import Application, Person, StaffUser, Station
from desktop.services.core import Actor, Core
from desktop.services.intake_list import IntakeFilter, find_person, list_intake

RUNS = 300
BUDGETS_MS = {"receipt number": 5.0, "ID number (search box)": 5.0, "ID number (person look-up)": 5.0}
DAY_BUDGET_MS = 20.0


def _url(arg: str) -> str:
    if "://" in arg:
        return arg
    return f"sqlite:///{Path(arg) / 'microstation.sqlite3'}"


def _raw(url: str) -> tuple[Any, str]:
    """An open raw-driver connection and its parameter style."""
    if is_sqlite(url):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///")), "?"
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")), "%s"


def _median_ms(call: Callable[[int], object], runs: int = RUNS) -> float:
    for i in range(10):  # warm the caches and the statement cache first
        call(i)
    times = []
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    url = _url(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench1m")
    db = Database(url, workstation="bench")
    core = Core(db=db)
    rng = random.Random(4)
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(Application)).scalar_one()
        user = session.execute(select(StaffUser).where(StaffUser.role == "desk").limit(1)).scalar_one()
        actor = Actor(username=user.username, role="desk", user_id=user.id)
        top = session.execute(select(func.max(Application.id))).scalar_one()
        ids = [rng.randrange(1, top + 1) for _ in range(RUNS + 10)]
        samples = session.execute(
            select(Application.receipt_no, Station.code, Station.id, Person.id_number, Person.document_type)
            .join(Station, Station.id == Application.station_id)
            .join(Person, Person.id == Application.applicant_id)
            .where(Application.id.in_(ids), Person.id_number.is_not(None))
        ).all()
        # The busiest day of the first station (a full day, where today may have just begun).
        code, station_id = session.execute(
            select(Station.code, Station.id).order_by(Station.id).limit(1)
        ).one()
        day, day_count = session.execute(
            select(Application.business_day, func.count())
            .where(Application.station_id == station_id)
            .group_by(Application.business_day)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    raw, p = _raw(url)
    n = len(samples)

    def raw_one(sql: str, params: tuple[object, ...]) -> list[Any]:
        cursor = raw.cursor()
        cursor.execute(sql, params)
        return list(cursor.fetchall())

    by_number = (
        "SELECT a.id, a.receipt_no, p.name, p.id_number FROM application a JOIN person p ON p.id = a.applicant_id "
        f"WHERE a.station_id = {p} AND a.kind = 'walkin' AND a.receipt_no = {p} ORDER BY a.id DESC LIMIT 50"
    )
    by_id = (
        "SELECT a.id, a.receipt_no, p.name FROM person p JOIN application a ON a.applicant_id = p.id "
        f"WHERE p.document_type = {p} AND p.id_number = {p} AND a.station_id = {p} ORDER BY a.id DESC LIMIT 50"
    )
    person = f"SELECT id, name, phone FROM person WHERE document_type = {p} AND id_number = {p}"
    day_list = (
        "SELECT a.id, a.receipt_no, a.status, p.name, p.id_number FROM application a "
        f"JOIN person p ON p.id = a.applicant_id WHERE a.station_id = {p} AND a.kind = 'walkin' "
        f"AND a.business_day = {p} ORDER BY a.id DESC LIMIT 50"
    )
    day_param = day.isoformat() if is_sqlite(url) else day
    rows = [
        (
            "receipt number",
            lambda i: list_intake(
                core, actor, samples[i % n].code, IntakeFilter(text=samples[i % n].receipt_no)
            ),
            lambda i: raw_one(by_number, (samples[i % n].id, samples[i % n].receipt_no)),
            BUDGETS_MS["receipt number"],
        ),
        (
            "ID number (search box)",
            lambda i: list_intake(
                core, actor, samples[i % n].code, IntakeFilter(text=samples[i % n].id_number)
            ),
            lambda i: raw_one(
                by_id, (samples[i % n].document_type, samples[i % n].id_number, samples[i % n].id)
            ),
            BUDGETS_MS["ID number (search box)"],
        ),
        (
            "ID number (person look-up)",
            lambda i: find_person(core, actor, samples[i % n].document_type, samples[i % n].id_number),
            lambda i: raw_one(person, (samples[i % n].document_type, samples[i % n].id_number)),
            BUDGETS_MS["ID number (person look-up)"],
        ),
        (
            f"one day's list, first page ({day_count} that day)",
            lambda i: list_intake(core, actor, code, IntakeFilter(day=day)),
            lambda i: raw_one(day_list, (station_id, day_param)),
            DAY_BUDGET_MS,
        ),
    ]
    print(f"{total:,} applications, {url.split('://')[0]}; medians of {RUNS} runs (ms)")
    print(f"{'case':<44}{'budget':>8}{'median':>9}{'floor':>8}{'ratio':>7}  result")
    failed = False
    for name, service, floor, budget in rows:
        measured = _median_ms(service)
        base = _median_ms(floor)
        ok = measured <= budget
        failed |= not ok
        ratio = measured / base if base else float("inf")
        print(
            f"{name:<44}{budget:>8.1f}{measured:>9.2f}{base:>8.2f}{ratio:>7.1f}  {'pass' if ok else 'FAIL'}"
        )
    raw.close()
    db.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
