"""The 矛盾调解 tab's 月度统计 page in the real main window, against SQLite and PostgreSQL: three cases in two
categories, one with an outcome; the page's total, category and outcome counts equal a count in the database,
another month reads empty, a case registered meanwhile is counted when the page is shown again, and the exported
workbook says the same as the database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QPushButton, QSpinBox, QTableWidget, QTabWidget
from sqlalchemy import func, select

from desktop.clock import LOCAL_TZ
from desktop.db.models import MediationCase
from desktop.domain.catalog import default_catalog
from desktop.domain.identity import id_check_char
from desktop.domain.mediation_rules import CaseInput, OutcomeInput, PartyInput
from desktop.paths import AppPaths
from desktop.services import mediation
from tests.ui.conftest import Desk, wait_for
from tests.ui.test_walkin_tab import find, open_tab, station_desk  # noqa: F401  (station_desk is a fixture)

ZHANG_ID = "44080319680312123" + id_check_char("44080319680312123")


def _case(category: str) -> CaseInput:
    return CaseInput(
        regime="people",
        source="party_application",
        category=category,
        summary="双方因琐事发生纠纷。",
        parties=(
            PartyInput("applicant", "张三", id_number=ZHANG_ID, phone="13812345678"),
            PartyInput("respondent", "李四", phone="13912345678"),
        ),
    )


def _register(desk: Desk, number: int, category: str) -> mediation.SavedCase:
    return mediation.create_case(desk.core, desk.clerk.as_actor(), desk.station.code, f"stats-{number}",
                                 _case(category))  # fmt: skip


def _statistics_page(qtbot: Any, paths: AppPaths, desk: Desk, runner: Any) -> Any:
    window = open_tab(qtbot, paths, desk, runner).window()
    tabs = find(window, QTabWidget, "main.tabs")
    tabs.setCurrentIndex(
        next(i for i in range(tabs.count()) if tabs.widget(i).objectName() == "mediation.tab")
    )
    pages = find(window, QTabWidget, "mediation.pages")
    pages.setCurrentIndex(
        next(i for i in range(pages.count()) if pages.widget(i).objectName() == "mediation.stats_page")
    )
    return pages.widget(pages.currentIndex())


def _in_month(desk: Desk, year: int, month: int, *conditions: Any) -> dict[str, int]:
    """Cases of the station registered in the local month, per category — counted here, not by the service."""
    start = datetime(year, month, 1, tzinfo=LOCAL_TZ)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LOCAL_TZ)
    with desk.core.db.read() as session:
        rows = session.execute(
            select(MediationCase.category, func.count())
            .where(MediationCase.created_at >= start, MediationCase.created_at < end, *conditions)
            .group_by(MediationCase.category)
        )
        return {category: int(count) for category, count in rows}


def _counts(table: QTableWidget) -> dict[str, int]:
    return {table.item(r, 0).text(): int(table.item(r, 1).text()) for r in range(table.rowCount())}


def _month(page: Any) -> tuple[int, int]:
    return find(page, QSpinBox, "mediation.stats_year").value(), int(
        find(page, QComboBox, "mediation.stats_month").currentData()
    )


@pytest.mark.usefixtures("chinese")
def test_the_month_counted_on_the_page_and_in_the_workbook(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register(station_desk, 1, "neighbourhood")
    _register(station_desk, 2, "marriage_family")
    third = _register(station_desk, 3, "neighbourhood").record
    mediation.record_outcome(station_desk.core, station_desk.clerk.as_actor(), third.case_id,
                             OutcomeInput(result="failed", note="双方分歧较大"), version=third.version)  # fmt: skip

    page = _statistics_page(qtbot, paths, station_desk, runner)
    year, month = _month(page)
    total_label = find(page, QLabel, "mediation.stats_total")
    categories = find(page, QTableWidget, "mediation.stats_category")
    by_category = _in_month(station_desk, year, month)
    total = sum(by_category.values())
    closed = sum(_in_month(station_desk, year, month, MediationCase.status == "closed").values())
    failed = sum(_in_month(station_desk, year, month, MediationCase.outcome == "failed").values())
    assert (total, failed) == (3, 1)
    wait_for(qtbot, lambda: f"共受理 {total} 起" in total_label.text())
    assert total_label.text() == f"{year}年{month}月 共受理 {total} 起，已结案 {closed} 起"

    shown = _counts(categories)
    catalog = [choice.name for choice in default_catalog().mediation_categories]
    assert list(shown) == [*catalog, "合计"]  # the full statistical list, in catalog order
    assert {name: count for name, count in shown.items() if count and name != "合计"} == {
        "邻里": by_category["邻里"],
        "婚姻家庭": by_category["婚姻家庭"],
    }
    assert shown["合计"] == total
    empty_row = catalog.index("合同")
    assert categories.item(empty_row, 1).foreground().color() != categories.item(1, 1).foreground().color()
    outcomes = _counts(find(page, QTableWidget, "mediation.stats_outcome"))
    assert (outcomes["调解不成"], outcomes["合计"]) == (failed, total)
    assert find(page, QTableWidget, "mediation.stats_cases").rowCount() == total

    # Another month: nothing registered then.
    month_box = find(page, QComboBox, "mediation.stats_month")
    month_box.setCurrentIndex((month - 2) % 12)
    wait_for(qtbot, lambda: "共受理 0 起" in total_label.text())
    assert _counts(categories)["合计"] == 0
    month_box.setCurrentIndex(month - 1)
    wait_for(qtbot, lambda: f"共受理 {total} 起" in total_label.text())

    # A case registered meanwhile (at another desk) is counted when the page is shown again.
    _register(station_desk, 4, "labour")
    pages = find(page.window(), QTabWidget, "mediation.pages")
    pages.setCurrentIndex(0)
    pages.setCurrentWidget(page)
    total = sum(_in_month(station_desk, year, month).values())
    wait_for(qtbot, lambda: f"共受理 {total} 起" in total_label.text())
    assert _counts(categories)["劳动争议"] == _in_month(station_desk, year, month)["劳动争议"] == 1

    # 导出 Excel: the save dialog answers with a file name, the workbook is written in the background.
    target = tmp_path / "月报" / "统计.xlsx"
    monkeypatch.setattr(QFileDialog, "open", lambda dialog: dialog.fileSelected.emit(str(target)))
    qtbot.mouseClick(find(page, QPushButton, "mediation.stats_export"), Qt.MouseButton.LeftButton)
    message = find(page, QLabel, "mediation.stats_message")
    wait_for(qtbot, lambda: str(target) in message.text())
    book = load_workbook(target)
    summary = [[cell for cell in row if cell is not None] for row in book["汇总"].iter_rows(values_only=True)]
    assert f"共{total}件，其中已结案{closed}件" in summary[1][0]
    start = summary.index(["纠纷类别", "件数"])
    end = next(i for i in range(start, len(summary)) if summary[i][0] == "合计")
    written = {name: count for name, count in summary[start + 1 : end] if count}
    assert written == _in_month(station_desk, year, month)
    assert summary[end] == ["合计", total]
    listing = list(book["案件清单"].iter_rows(min_row=2, values_only=True))
    assert len(listing) == total
    assert all((row[1].year, row[1].month) == (year, month) for row in listing)  # 登记日期
