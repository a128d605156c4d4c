"""Chinese working days and due dates: weekends off, statutory holidays off, make-up weekend days (调休) on.

The holiday schedule changes every year (the State Council publishes it each autumn). Years 2004–2026 come from
the `chinese_calendar` package; any year can be added or corrected by a `<year>.toml` file in
`resources/holidays/` or in the administrator's data folder (format in resources/holidays/README.md). For a
year known to neither, only weekends are skipped and every due date that touches it carries a warning.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar

from desktop.domain.catalog import TimeLimit


class HolidayDataError(ValueError):
    """A holiday override file is unusable; the message names the file."""


@dataclass(frozen=True)
class DueDate:
    date: date
    warning: str | None = None  # Chinese, shown next to the date when the holiday schedule is not on file


@dataclass(frozen=True)
class YearSchedule:
    """An override for one year: these days are off, those (make-up) days are worked, the rest as usual."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str


@functools.cache
def _library_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Answers "is this a working day" and computes due dates; later overrides of a year replace earlier ones."""

    def __init__(self, overrides: Iterable[YearSchedule] = ()) -> None:
        self._overrides = {schedule.year: schedule for schedule in overrides}

    def is_covered(self, year: int) -> bool:
        """Whether the holidays of `year` are known (override file or chinese_calendar), not just its weekends."""
        return year in self._overrides or _library_covers(year)

    def is_workday(self, day: date) -> bool:
        schedule = self._overrides.get(day.year)
        if schedule is not None:
            if day in schedule.holidays:
                return False
            if day in schedule.workdays:
                return True
        if _library_covers(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> DueDate:
        """The n-th working day after `start`; the day of acceptance itself does not count."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        day, counted = start, 0
        seen_years: set[int] = set()
        while counted < n:
            day += timedelta(days=1)
            seen_years.add(day.year)
            if self.is_workday(day):
                counted += 1
        return DueDate(day, self._warning(seen_years))

    def next_workday(self, day: date) -> DueDate:
        """`day` itself if it is a working day, else the first working day after it."""
        seen_years = {day.year}
        while not self.is_workday(day):
            day += timedelta(days=1)
            seen_years.add(day.year)
        return DueDate(day, self._warning(seen_years))

    def due_date_for(self, time_limit: TimeLimit, accepted_on: date) -> DueDate:
        """The promised date for a catalog time limit, counted from the day of acceptance.

        A period in calendar days that ends on a day off ends on the next working day instead (the usual rule
        for legal periods, and nobody should be told to come back on a holiday).
        """
        if time_limit.kind == "on_the_spot":
            return DueDate(accepted_on)
        if time_limit.kind == "working_days":
            return self.add_workdays(accepted_on, time_limit.days)
        # Only the last day depends on the holiday schedule, so only its year can make the date uncertain.
        return self.next_workday(accepted_on + timedelta(days=time_limit.days))

    def _warning(self, years: Iterable[int]) -> str | None:
        missing = sorted(year for year in set(years) if not self.is_covered(year))
        if not missing:
            return None
        return "、".join(str(year) for year in missing) + "年节假日安排尚未录入，截止日期仅按周末推算，请核对"


def read_year_file(path: Path) -> YearSchedule:
    """Read and check one `<year>.toml` override file."""
    if not re.fullmatch(r"\d{4}", path.stem):
        raise HolidayDataError(f"{path}: 文件名应为四位年份，如 2027.toml")
    year = int(path.stem)
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise HolidayDataError(f"{path}: 无法读取：{exc}") from exc
    if unknown := set(data) - {"year", "source", "holidays", "workdays"}:
        raise HolidayDataError(f"{path}: 未知字段 {sorted(unknown)}")
    if missing := {"source", "holidays", "workdays"} - set(data):
        raise HolidayDataError(f"{path}: 缺少字段 {sorted(missing)}")
    if data.get("year", year) != year:
        raise HolidayDataError(f"{path}: year = {data['year']} 与文件名不符")
    if not isinstance(data["source"], str) or not data["source"].strip():
        raise HolidayDataError(f"{path}: source 应写明依据（如国务院办公厅通知的文号）")
    holidays = _dates(path, year, "holidays", data["holidays"])
    workdays = _dates(path, year, "workdays", data["workdays"])
    if both := holidays & workdays:
        raise HolidayDataError(f"{path}: 同一天不能既是假日又是调休工作日：{sorted(both)}")
    return YearSchedule(year, holidays, workdays, data["source"])


def _dates(path: Path, year: int, key: str, values: object) -> frozenset[date]:
    if not isinstance(values, list):
        raise HolidayDataError(f"{path}: {key} 应为日期列表")
    days: set[date] = set()
    for value in values:
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            day = None
        if isinstance(day, datetime) or not isinstance(day, date) or day.year != year:
            raise HolidayDataError(f"{path}: {key} 中的 {value} 不是 {year} 年的有效日期")
        days.add(day)
    return frozenset(days)


@functools.cache
def default_calendar() -> WorkCalendar:
    """The working-day calendar as shipped, read once per process (shared, like `default_catalog`)."""
    return load_work_calendar()


def load_work_calendar(directory: Path | None = None, extra_dirs: Iterable[Path] = ()) -> WorkCalendar:
    """The calendar with the shipped overrides (`resources/holidays`) and then the administrator's folders.

    A year found in a later folder replaces the same year from an earlier one; missing folders are skipped.
    """
    if directory is None:
        from desktop.paths import resource_dir  # lazily: the domain rules need no path set-up of their own

        directory = resource_dir() / "holidays"
    schedules: list[YearSchedule] = []
    for folder in (directory, *extra_dirs):
        if folder.is_dir():
            schedules.extend(read_year_file(path) for path in sorted(folder.glob("*.toml")))
    return WorkCalendar(schedules)
