"""Gap-free, duplicate-free numbers across desks: one counter row per (scope, period), bumped in the caller's
transaction with INSERT … ON CONFLICT DO UPDATE … RETURNING. A rollback of the record rolls the number back too.
Never max()+1 (races between desks), never a database sequence (sequences leave gaps on rollback)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desktop.db.models import Counter


def _upsert(session: Session) -> Any:
    """The dialect's INSERT that knows ON CONFLICT (both dialects spell it the same way)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(dialect)


def next_number(session: Session, scope: str, period: str) -> int:
    """The next number of (scope, period), starting at 1; must run inside the transaction that uses it."""
    insert = _upsert(session)
    statement = (
        insert(Counter)
        .values(scope=scope, period=period, last_no=1)
        .on_conflict_do_update(
            index_elements=[Counter.scope, Counter.period], set_={"last_no": Counter.last_no + 1}
        )
        .returning(Counter.last_no)
    )
    return int(session.execute(statement).scalar_one())


def allocate_receipt_no(session: Session, station_code: str, day: date) -> str:
    """`<station code>-<YYYYMMDD>-<NNNN>`, per station per day; walk-in and exit-entry share the series."""
    period = day.strftime("%Y%m%d")
    return f"{station_code}-{period}-{next_number(session, f'receipt:{station_code}', period):04d}"


def allocate_case_no(session: Session, station_code: str, short_name: str, year: int) -> str:
    """`(<YYYY>)<station short name>调字第<NNN>号`, per station per year."""
    number = next_number(session, f"mediation:{station_code}", str(year))
    return f"({year}){short_name}调字第{number:03d}号"


def allocate_batch_no(session: Session, station_code: str, day: date) -> str:
    """`<station code>-YJ-<YYYYMMDD>-<NN>`, per station per day."""
    period = day.strftime("%Y%m%d")
    return f"{station_code}-YJ-{period}-{next_number(session, f'handover:{station_code}', period):02d}"
