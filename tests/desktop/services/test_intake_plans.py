"""The walk-in list's queries use indexes on SQLite and PostgreSQL: read from EXPLAIN, not from a stopwatch.

The tables are nearly empty here, where a full scan is cheapest; PostgreSQL is told not to prefer it
(`enable_seqscan = off`), so a sequential scan left in its plan means no index can serve the query. SQLite plans by
rules without statistics, so its plan is the one it will use: the index is named.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from desktop.db.database import Database
from desktop.services.intake_list import IntakeFilter, list_statement

DAY = date(2026, 11, 27)
# SQLite plans by fixed rules: the index it names is the one it will use on a million rows.
CASES = {
    "day list": (IntakeFilter(day=DAY), ("ix_application_station_day",)),
    "day list by status": (
        IntakeFilter(day=DAY, status="returned"),
        ("ix_application_station_day", "ix_application_status"),
    ),
    "every day, newest first": (IntakeFilter(), ("ix_application_station",)),
    "every day, by status": (IntakeFilter(status="returned"), ("ix_application_status",)),
    "receipt number": (
        IntakeFilter(text="XSLX01-20261127-0001"),
        ("sqlite_autoindex_application", "uq_application_receipt_no"),
    ),
    "ID number": (IntakeFilter(text="440803198503121236"), ("ix_application_applicant_station",)),
    # One range of the station's applications by applicant name, however common the name.
    "name prefix": (IntakeFilter(text="陈"), ("ix_application_station_name",)),
    "name prefix by status": (IntakeFilter(text="陈", status="returned"), ("ix_application_station_name",)),
    "name prefix on a day": (
        IntakeFilter(day=DAY, text="陈"),
        ("ix_application_station_day", "ix_application_station_name"),
    ),
    "phone": (IntakeFilter(text="13812345678"), ("ix_person_phone",)),
}


def _plan(db: Database, flt: IntakeFilter) -> str:
    statement = list_statement("XSLX01", flt)
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as connection:
        if db.is_sqlite:
            rows = connection.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
            return "\n".join(str(r[-1]) for r in rows)
        connection.execute(text("SET enable_seqscan = off"))
        return "\n".join(str(r[0]) for r in connection.execute(text("EXPLAIN " + sql)).all())


@pytest.mark.parametrize("case", CASES)
def test_list_and_search_queries_use_their_index(db: Database, case: str) -> None:
    flt, indexes = CASES[case]
    plan = _plan(db, flt)
    if db.is_sqlite:
        assert any(index in plan for index in indexes), plan
        assert "SCAN application" not in plan, plan  # never a walk through every application
        assert "SCAN person" not in plan, plan
    else:  # with sequential scans discouraged, one still planned means no index could serve
        assert "Seq Scan on application" not in plan, plan
        assert "Seq Scan on person" not in plan, plan
