"""Time for the services: always timezone-aware UTC; tests inject a fixed or moving clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The calendar day in Asia/Shanghai of a UTC moment (business days are local days)."""
    return moment.astimezone(LOCAL_TZ).date()


def format_local(moment: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(LOCAL_TZ).strftime(fmt)


class ManualClock:
    """A clock that stands still until moved; used by tests and by nothing in a product path."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)
