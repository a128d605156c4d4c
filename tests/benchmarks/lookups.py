"""Walk-in look-ups at 1,000,000 applications against DESIGN.md's budgets, each beside a floor from the same run.

    .venv/bin/python main.py --data-dir /tmp/bench1m demo --applications 1000000
    .venv/bin/python -m tests.benchmarks.lookups /tmp/bench1m            (or a database URL)

Through the service layer as the 来访受理 tab calls it (a session, the rights check, the query, the frozen rows):
a receipt number, an ID number, the beginning of a name and the commonest surname alone typed in the search box,
the person look-up when an ID number is complete, the first page of one station's day, a page deep in the
station's whole list (keyset: the rows after an id far down), and full names searched on a connection that has
just searched a bare surname (PostgreSQL reuses a prepared statement's plan). The floor is the SAME statement on
the raw driver (sqlite3 or psycopg) on an open connection with its parameters bound: what the database itself
needs for the answer; for the person look-up its two statements written by hand. Keys are sampled from the
data; medians of many runs.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.engine import Engine

from desktop.db.database import Database
from desktop.db.engine import is_sqlite
from desktop.db.models import Application, Person, StaffUser, Station
from desktop.services.core import Actor, Core
from desktop.services.intake_list import (
    IntakeFilter,
    find_person,
    list_intake,
    list_statement,
)
from tests.benchmarks.common import Result, median_ms, sqlite_url, table

RUNS = 300
SAMPLES = 400
KEY_BUDGET_MS = 5.0  # receipt number, ID number
LIST_BUDGET_MS = 20.0  # name prefix, one day's list (and a keyset page: a list page like the day's)


def _raw(url: str, *, prepare: bool = True) -> Any:
    if is_sqlite(url):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(dsn, autocommit=True, prepare_threshold=5 if prepare else None)


def _bound(engine: Engine, statement: Select[Any]) -> tuple[str, Any]:
    """The statement as SQLAlchemy sends it: its SQL text and the parameters in the driver's own style."""
    compiled = statement.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if engine.dialect.name == "sqlite":  # dates travel as ISO text there (SQLAlchemy's Date type)
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    if compiled.positiontup is not None:
        return compiled.string, tuple(params[name] for name in compiled.positiontup)
    return compiled.string, params


class _Setup:
    """Keys sampled from the database: applications (with their station and applicant), a busy day."""

    def __init__(self, db: Database) -> None:
        rng = random.Random(4)
        with db.read() as session:
            self.total = int(session.execute(select(func.count()).select_from(Application)).scalar_one())
            user = session.execute(select(StaffUser).where(StaffUser.role == "desk").limit(1)).scalar_one()
            self.actor = Actor(username=user.username, role="desk", user_id=user.id)
            top = int(session.execute(select(func.max(Application.id))).scalar_one())
            ids = [rng.randrange(1, top + 1) for _ in range(SAMPLES)]
            self.samples = session.execute(
                select(Application.receipt_no, Station.code, Station.id, Person.id_number, Person.document_type,
                       Person.name)
                .join(Station, Station.id == Application.station_id)
                .join(Person, Person.id == Application.applicant_id)
                .where(Application.id.in_(ids), Application.kind == "walkin", Person.id_number.is_not(None))
            ).all()  # fmt: skip
            self.code, self.station_id = session.execute(
                select(Station.code, Station.id).order_by(Station.id).limit(1)
            ).one()
            # Its busiest day (a whole day: today may have just begun).
            self.day, self.day_count = session.execute(
                select(Application.business_day, func.count())
                .where(Application.station_id == self.station_id, Application.kind == "walkin")
                .group_by(Application.business_day)
                .order_by(func.count().desc())
                .limit(1)
            ).one()
            station_ids = (
                session.execute(
                    select(Application.id).where(
                        Application.station_id == self.station_id, Application.kind == "walkin"
                    )
                )
                .scalars()
                .all()
            )
            # Bare surnames of middling frequency (6,000-10,000 people): the hardest for the two ways the list
            # answered before the applicant's name was on the application (the people first, or a walk).
            counts = session.execute(text("SELECT substr(name, 1, 1), count(*) FROM person GROUP BY 1")).all()
            self.under = max((c for c in counts if c[1] < 8_000), key=lambda c: c[1])
            self.over = min((c for c in counts if c[1] >= 8_000), key=lambda c: c[1])
        surnames = Counter(s.name[0] for s in self.samples)
        self.surname, count = surnames.most_common(1)[0]
        self.surname_share = count / len(self.samples)
        self.station_rows = len(station_ids)
        ordered = sorted(station_ids, reverse=True)
        # Pages from half-way down the station's list to its very end: the rows after these ids.
        self.deep_after = [ordered[rng.randrange(len(ordered) // 2, len(ordered))] for _ in range(SAMPLES)]


def measure(url: str, label: str = "", runs: int = RUNS) -> list[Result]:
    db = Database(url, workstation="bench")
    core = Core(db=db)
    setup = _Setup(db)
    raw = _raw(url)
    samples, n = setup.samples, len(setup.samples)
    suffix = f" ({label})" if label else ""

    def fetch(sql_params: tuple[str, Any]) -> list[Any]:
        cursor = raw.cursor()
        cursor.execute(*sql_params)
        return list(cursor.fetchall())

    def same_statement(
        make: Callable[[int], tuple[str, IntakeFilter, int | None]],
    ) -> Callable[[int], object]:
        bound = []
        for i in range(n):
            code, flt, after = make(i)
            bound.append(_bound(db.engine, list_statement(code, flt, after=after)))
        return lambda i: fetch(bound[i % n])

    def service(make: Callable[[int], tuple[str, IntakeFilter, int | None]]) -> Callable[[int], object]:
        def call(i: int) -> object:
            code, flt, after = make(i)
            return list_intake(core, setup.actor, code, flt, after=after)

        return call

    p = "?" if is_sqlite(url) else "%s"
    person_sql = f"SELECT id, name, phone FROM person WHERE document_type = {p} AND id_number = {p}"
    earlier_sql = f"SELECT * FROM application WHERE applicant_id = {p} ORDER BY id DESC LIMIT 20"

    def person_floor(i: int) -> object:
        s = samples[i % n]
        found = fetch((person_sql, (s.document_type, s.id_number)))
        return fetch((earlier_sql, (found[0][0],)))

    cases: list[tuple[str, Callable[[int], tuple[str, IntakeFilter, int | None]], float]] = [
        ("receipt number (search box)", lambda i: (samples[i % n].code, IntakeFilter(text=samples[i % n].receipt_no), None), KEY_BUDGET_MS),
        ("ID number (search box)", lambda i: (samples[i % n].code, IntakeFilter(text=samples[i % n].id_number), None), KEY_BUDGET_MS),
        ("name prefix, 2 characters (search box)", lambda i: (samples[i % n].code, IntakeFilter(text=samples[i % n].name[:2]), None), LIST_BUDGET_MS),
        (f"name prefix, the commonest surname alone ({setup.surname}, {setup.surname_share:.0%} of applicants)", lambda i: (samples[i % n].code, IntakeFilter(text=setup.surname), None), LIST_BUDGET_MS),
        (f"name prefix, a middling surname alone ({setup.under[0]}, {setup.under[1]:,} people)", lambda i: (samples[i % n].code, IntakeFilter(text=setup.under[0]), None), LIST_BUDGET_MS),
        (f"name prefix, a middling surname alone ({setup.over[0]}, {setup.over[1]:,} people)", lambda i: (samples[i % n].code, IntakeFilter(text=setup.over[0]), None), LIST_BUDGET_MS),
        (f"one day's list, first page ({setup.day_count} that day)", lambda i: (setup.code, IntakeFilter(day=setup.day), None), LIST_BUDGET_MS),
        (f"keyset page deep in {setup.station_rows:,} rows (all days)", lambda i: (setup.code, IntakeFilter(), setup.deep_after[i % len(setup.deep_after)]), LIST_BUDGET_MS),
    ]  # fmt: skip
    results = []
    for name, make, budget in cases:
        measured = median_ms(service(make), runs)
        floor = median_ms(same_statement(make), runs)
        results.append(Result(name + suffix, budget, measured, floor))
        if name.startswith("ID number"):
            measured = median_ms(
                lambda i: find_person(
                    core, setup.actor, samples[i % n].document_type, samples[i % n].id_number
                ),
                runs,
            )
            results.append(
                Result("ID number (person look-up as typed)" + suffix, KEY_BUDGET_MS, measured,
                       median_ms(person_floor, runs))
            )  # fmt: skip
    raw.close()
    db.dispose()
    results.append(_after_surnames(url, setup, runs, suffix))
    return results


def _after_surnames(url: str, setup: _Setup, runs: int, suffix: str) -> Result:
    """Full names searched on a connection whose first name searches were a bare surname. PostgreSQL plans a
    prepared statement (psycopg prepares from the 5th run) once for every value after a few runs: the plan that
    suits a common surname is then used for rare names too. The floor: the same statements on a fresh raw
    connection that never prepares (a plan for each value)."""
    samples, n = setup.samples, len(setup.samples)
    db = Database(url, workstation="bench")
    core = Core(db=db)
    for i in range(20):
        list_intake(core, setup.actor, samples[i % n].code, IntakeFilter(text=setup.surname))
    measured = median_ms(
        lambda i: list_intake(core, setup.actor, samples[i % n].code, IntakeFilter(text=samples[i % n].name)),
        runs,
    )
    bound = [_bound(db.engine, list_statement(s.code, IntakeFilter(text=s.name))) for s in samples]
    db.dispose()
    raw = _raw(url, prepare=False)

    def fetch(i: int) -> object:
        cursor = raw.cursor()
        cursor.execute(*bound[i % n])
        return cursor.fetchall()

    floor = median_ms(fetch, runs)
    raw.close()
    name = "full name, after 20 searches for the bare surname on the same connection"
    return Result(name + suffix, LIST_BUDGET_MS, measured, floor)


def describe(url: str) -> str:
    db = Database(url, workstation="bench")
    try:
        with db.read() as session:
            total = session.execute(select(func.count()).select_from(Application)).scalar_one()
            stations = session.execute(select(func.count()).select_from(Station)).scalar_one()
            first, last = session.execute(
                select(func.min(Application.business_day), func.max(Application.business_day))
            ).one()
        return f"{total:,} applications at {stations} stations, {first} to {last}"
    finally:
        db.dispose()


def main() -> int:
    url = sqlite_url(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench1m")
    print(describe(url), f"({url.split('://')[0]}); medians of {RUNS} runs")
    results = measure(url)
    print(table(results))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
