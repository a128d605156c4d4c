"""Small read-only facts for the status bar and the home page: connection health and today's intake count."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text

from desktop.clock import local_date
from desktop.db.models import Application, Station
from desktop.services.core import Core


@dataclass(frozen=True)
class TodayCounts:
    total: int
    received: int
    returned: int


def ping(core: Core) -> bool:
    """True when the database answers a trivial query (drives the status-bar connection light)."""
    try:
        with core.db.read() as session:
            session.execute(text("SELECT 1"))
    except (
        Exception
    ):  # any failure means "not connected" for the light; the real error shows on the next save
        return False
    return True


def today_counts(core: Core, station_code: str) -> TodayCounts:
    today = local_date(core.clock())
    with core.db.read() as session:
        rows = session.execute(
            select(Application.status, func.count())
            .join(Station, Station.id == Application.station_id)
            .where(Station.code == station_code, Application.business_day == today)
            .group_by(Application.status)
        ).all()
    by_status = {status: int(count) for status, count in rows}
    return TodayCounts(
        total=sum(by_status.values()),
        received=by_status.get("received", 0),
        returned=by_status.get("returned", 0),
    )
