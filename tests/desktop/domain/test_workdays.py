"""Working days and due dates, including the year chinese_calendar does not know yet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.catalog import TimeLimit
from desktop.domain.workdays import (
    DueDate,
    HolidayDataError,
    WorkCalendar,
    load_work_calendar,
    read_year_file,
)

SHIPPED_HOLIDAYS = Path(__file__).resolve().parents[3] / "resources" / "holidays"
CALENDAR = WorkCalendar()


def write_year(folder: Path, year: int, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{year}.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_national_day_2025() -> None:
    for day in range(1, 9):
        assert not CALENDAR.is_workday(date(2025, 10, day))
    # Make-up working days: Sunday 28 September and Saturday 11 October.
    assert date(2025, 9, 28).weekday() == 6
    assert CALENDAR.is_workday(date(2025, 9, 28))
    assert date(2025, 10, 11).weekday() == 5
    assert CALENDAR.is_workday(date(2025, 10, 11))
    assert not CALENDAR.is_workday(date(2025, 10, 12))
    assert CALENDAR.add_workdays(date(2025, 9, 30), 1) == DueDate(date(2025, 10, 9))
    assert CALENDAR.add_workdays(date(2025, 9, 26), 1) == DueDate(date(2025, 9, 28))
    assert CALENDAR.add_workdays(date(2025, 9, 30), 3) == DueDate(date(2025, 10, 11))


@settings(database=None)
@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_covered_years_follow_chinese_calendar(day: date) -> None:
    assert CALENDAR.is_workday(day) == chinese_calendar.is_workday(day)


def test_day_of_acceptance_does_not_count() -> None:
    monday = date(2025, 6, 9)
    assert CALENDAR.add_workdays(monday, 0) == DueDate(monday)
    assert CALENDAR.add_workdays(monday, 1).date == date(2025, 6, 10)
    assert CALENDAR.add_workdays(date(2025, 6, 13), 1).date == date(2025, 6, 16)  # Friday → Monday
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_workdays(monday, -1)


def test_due_date_crossing_into_an_unknown_year_carries_a_warning() -> None:
    due = CALENDAR.add_workdays(date(2026, 12, 20), 10)
    # Weekends only: 21-25 and 28-31 December are 9 working days, so the 10th lands on 1 January 2027 —
    # certainly a holiday, which is exactly why the desk must be warned.
    assert due.date == date(2027, 1, 1)
    assert due.warning == "2027年节假日安排尚未录入，截止日期仅按周末推算，请核对"
    assert CALENDAR.add_workdays(date(2026, 12, 1), 10).warning is None


def test_an_override_file_for_2027_removes_the_warning(tmp_path: Path) -> None:
    shipped, admin = tmp_path / "shipped", tmp_path / "admin"
    shipped.mkdir()
    write_year(
        admin,
        2027,
        'source = "测试用：假定元旦放假一天"\nholidays = [2027-01-01]\nworkdays = []\n',
    )
    calendar = load_work_calendar(shipped, extra_dirs=[admin, tmp_path / "missing"])
    assert calendar.add_workdays(date(2026, 12, 20), 10) == DueDate(date(2027, 1, 4))
    assert calendar.is_covered(2027)
    assert not calendar.is_covered(2028)


def test_overrides_correct_a_covered_year_and_later_folders_win(tmp_path: Path) -> None:
    write_year(tmp_path / "a", 2025, 'source = "a"\nholidays = [2025-10-13]\nworkdays = []\n')
    write_year(tmp_path / "b", 2025, 'source = "b"\nholidays = []\nworkdays = ["2025-10-12"]\n')
    only_a = load_work_calendar(tmp_path / "a")
    assert not only_a.is_workday(date(2025, 10, 13))
    assert not only_a.is_workday(date(2025, 10, 1))  # everything not listed still comes from chinese_calendar
    both = load_work_calendar(tmp_path / "a", extra_dirs=[tmp_path / "b"])
    assert both.is_workday(date(2025, 10, 13))
    assert both.is_workday(date(2025, 10, 12))


def test_shipped_holiday_folder_loads() -> None:
    calendar = load_work_calendar(SHIPPED_HOLIDAYS)
    assert calendar.is_covered(2026)
    assert load_work_calendar().is_covered(2025)


@pytest.mark.parametrize(
    ("name", "body", "fragment"),
    [
        ("2027.toml", 'source = "x"\nholidays = [2028-01-01]\nworkdays = []\n', "2028-01-01"),
        ("2027.toml", 'source = "x"\nholidays = [2027-01-01]\nworkdays = [2027-01-01]\n', "既是假日"),
        ("2027.toml", "holidays = []\nworkdays = []\n", "source"),
        ("2027.toml", 'source = "x"\nholidays = []\nworkdays = []\nextra = 1\n', "extra"),
        ("2027.toml", 'source = "x"\nholidays = ["2027-02-30"]\nworkdays = []\n', "2027-02-30"),
        ("2027.toml", 'year = 2026\nsource = "x"\nholidays = []\nworkdays = []\n', "文件名"),
        ("next.toml", 'source = "x"\nholidays = []\nworkdays = []\n', "四位年份"),
        ("2027.toml", "source = ", "无法读取"),
    ],
)
def test_broken_override_files_are_refused(tmp_path: Path, name: str, body: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(HolidayDataError) as caught:
        load_work_calendar(tmp_path)
    assert name in str(caught.value)
    assert fragment in str(caught.value)
    with pytest.raises(HolidayDataError):
        read_year_file(path)


def test_due_date_for_each_kind_of_time_limit() -> None:
    accepted = date(2025, 9, 1)
    assert CALENDAR.due_date_for(TimeLimit("on_the_spot", 0, "当场"), accepted) == DueDate(accepted)
    assert CALENDAR.due_date_for(TimeLimit("working_days", 3, "3个工作日"), accepted).date == date(2025, 9, 4)
    # 30 calendar days end on 1 October, a holiday: the period ends on the next working day.
    assert CALENDAR.due_date_for(TimeLimit("calendar_days", 30, "30日"), accepted).date == date(2025, 10, 9)
    assert CALENDAR.due_date_for(TimeLimit("calendar_days", 15, "15日"), accepted).date == date(2025, 9, 16)


def test_calendar_days_warn_only_when_the_last_day_is_in_an_unknown_year() -> None:
    assert CALENDAR.due_date_for(TimeLimit("calendar_days", 60, "60日"), date(2026, 9, 1)).warning is None
    late = CALENDAR.due_date_for(TimeLimit("calendar_days", 60, "60日"), date(2026, 12, 1))
    assert late.date == date(2027, 2, 1)  # day 60 is Saturday 30 January 2027
    assert late.warning is not None
    assert "2027年" in late.warning
