"""The 来访受理 list driven through its widgets (found by object name) against a real SQLite database: it loads a
page at a time, every filter and every kind of search narrows it, and its count line says what is shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QTableView
from sqlalchemy import update

from desktop.clock import format_local, local_date
from desktop.db.models import Application
from desktop.domain.catalog import load_catalog
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import IntakeInput, PersonInput, materials_for
from desktop.services import auth, intake
from desktop.services.intake_list import IntakeFilter, IntakeRow
from tests.ui.conftest import DESK_PASSWORD, make_context, wait_for
from ui.models.intake_list import PAGE, IntakeListModel
from ui.tabs.walkin_list import WalkinListPane

MANY = 120  # more than two pages


def ident(first17: str) -> str:
    return first17 + id_check_char(first17)


def form(
    business: str = "id_card_renewal",
    *,
    name: str = "陈志明",
    id_number: str = "",
    phone: str = "13812345678",
    complete: bool = True,
) -> IntakeInput:
    spec = load_catalog().walkin(business)
    materials = tuple(
        replace(m, received=complete or i > 0)
        for i, m in enumerate(m for m in materials_for(spec, has_agent=False, minor=False) if m.required)
    )
    person = PersonInput(
        name=name, id_number=id_number or ident("44080319850312123"), phone=phone, address="霞山区录霞路8号"
    )
    return IntakeInput(business_code=business, applicant=person, materials=materials)


class Intake:
    """Creates applications through the service, as a desk would."""

    def __init__(self, desk: Any) -> None:
        self.desk = desk
        self.count = 0

    def __call__(self, actor: Any = None, **changes: Any) -> Any:
        self.count += 1
        who = actor or self.desk.clerk.as_actor()
        code = self.desk.station.code
        return intake.create_intake(self.desk.core, who, code, f"req-{self.count}", form(**changes)).record


@pytest.fixture
def add(desk: Any) -> Intake:
    return Intake(desk)


@pytest.fixture
def ctx(paths: Any, desk: Any, runner: Any) -> Any:
    return make_context(paths, desk, runner, desk.clerk)


def _pane(ctx: Any, qtbot: Any, *, rows: int | None = None) -> WalkinListPane:
    pane = WalkinListPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(900, 600)
    pane.show()
    table = pane.findChild(QTableView, "walkin.list")
    wait_for(qtbot, lambda: not table.model().loading and (rows is None or table.model().rowCount() == rows))
    return pane


def _numbers(pane: WalkinListPane) -> list[str]:
    model = pane.findChild(QTableView, "walkin.list").model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _search(pane: WalkinListPane, qtbot: Any, text: str) -> None:
    edit = pane.findChild(QLineEdit, "walkin.search")
    edit.setText(text)  # Chinese is never typed with keyClicks
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _count(pane: WalkinListPane) -> str:
    return pane.findChild(QLabel, "walkin.list_count").text()


def _choose(pane: WalkinListPane, name: str, data: object) -> None:
    combo = pane.findChild(QComboBox, name)
    at = combo.findData(data)
    assert at >= 0, (name, data)
    combo.setCurrentIndex(at)


def test_the_model_holds_one_page_until_it_is_asked_for_more(
    ctx: Any, desk: Any, add: Intake, qtbot: Any, qtmodeltester: Any
) -> None:
    numbers = [add().receipt_no for _ in range(MANY)]
    model = IntakeListModel(ctx)
    assert not model.canFetchMore(QModelIndex())  # nothing asked yet
    with qtbot.waitSignal(model.loaded) as first:
        model.set_filter(IntakeFilter(day=local_date(desk.core.clock())))
    assert first.args == [PAGE]
    assert [model.row_at(i).receipt_no for i in range(model.rowCount())] == numbers[::-1][
        :PAGE
    ]  # newest first
    assert model.canFetchMore(QModelIndex())

    model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex())  # one page at a time
    model.fetchMore(QModelIndex())  # ignored while the page is on its way
    wait_for(qtbot, lambda: model.rowCount() == 2 * PAGE and not model.loading)
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.loaded) as last:
        model.fetchMore(QModelIndex())
    assert last.args == [MANY]
    assert not model.canFetchMore(QModelIndex())  # the last page was not full
    assert [model.row_at(i).receipt_no for i in range(MANY)] == numbers[::-1]
    assert model.row_of(model.row_at(7).application_id) == 7
    assert model.row_at(MANY) is None
    qtmodeltester.check(model, force_py=True)


def test_an_older_filter_answering_late_is_dropped(ctx: Any, desk: Any, add: Intake, qtbot: Any) -> None:
    add(name="王小红", id_number=ident("44080319900101002"), phone="13900000000")
    for _ in range(3):
        add()
    model = IntakeListModel(ctx)
    model.set_filter(IntakeFilter(text="陈"))
    model.set_filter(IntakeFilter(text="王小红"))  # typed on before the first answer came
    wait_for(qtbot, lambda: not model.loading)
    qtbot.wait(100)  # room for a late answer, which must not replace the rows
    assert [model.row_at(i).applicant_name for i in range(model.rowCount())] == ["王小红"]


def test_the_pane_loads_more_as_the_list_scrolls(ctx: Any, add: Intake, qtbot: Any) -> None:
    for _ in range(MANY):
        add()
    pane = _pane(ctx, qtbot, rows=PAGE)
    assert _count(pane) == f"{PAGE} shown, scroll down for more"
    table = pane.findChild(QTableView, "walkin.list")
    table.scrollToBottom()
    wait_for(qtbot, lambda: table.model().rowCount() == 2 * PAGE)
    qtbot.wait(50)
    table.scrollToBottom()
    wait_for(qtbot, lambda: table.model().rowCount() == MANY)
    wait_for(qtbot, lambda: _count(pane) == f"Today: {MANY}")


def test_each_kind_of_search_narrows_the_list(ctx: Any, add: Intake, qtbot: Any) -> None:
    wang_id = ident("44080319900101002")
    wang = add(name="王小红", id_number=wang_id, phone="13900000000")
    zhao = add(name="赵大海", id_number=ident("44080319700505003"), phone="13700000000")
    for _ in range(4):
        add()
    pane = _pane(ctx, qtbot, rows=6)
    assert _count(pane) == "Today: 6"
    searches = {
        wang.receipt_no.lower(): [wang.receipt_no],  # as a scanner or a person types it
        wang_id: [wang.receipt_no],
        wang_id[:6] + "********" + wang_id[-4:]: [wang.receipt_no],  # masked as printed
        "王": [wang.receipt_no],  # the beginning of a name
        "赵大": [zhao.receipt_no],
        "137 0000 0000": [zhao.receipt_no],  # a phone number, however it is spaced
        "": None,
    }
    for text, expected in searches.items():
        _search(pane, qtbot, text)
        if expected is None:
            wait_for(qtbot, lambda: len(_numbers(pane)) == 6)
        else:
            wait_for(qtbot, lambda expected=expected: _numbers(pane) == expected)
            assert _count(pane) == "Today: 1"
    _search(pane, qtbot, "李")
    wait_for(qtbot, lambda: _numbers(pane) == [])
    assert _count(pane) == "No matching records. To search every day, tick “All dates”."


def test_typing_searches_after_a_pause(ctx: Any, add: Intake, qtbot: Any) -> None:
    wang = add(name="王小红", id_number=ident("44080319900101002"), phone="13900000000")
    add()
    pane = _pane(ctx, qtbot, rows=2)
    qtbot.keyClicks(pane.findChild(QLineEdit, "walkin.search"), "139000")
    qtbot.wait(100)
    assert len(_numbers(pane)) == 2  # not on every keystroke
    qtbot.keyClicks(pane.findChild(QLineEdit, "walkin.search"), "00000")
    wait_for(qtbot, lambda: _numbers(pane) == [wang.receipt_no])


def test_the_filters_narrow_the_list(
    paths: Any, ctx: Any, desk: Any, add: Intake, runner: Any, qtbot: Any
) -> None:
    other = auth.add_user(
        desk.core, desk.admin.as_actor(), username="zhou", role="desk", display_name="周辅警",
        password=DESK_PASSWORD,
    )  # fmt: skip
    certificate = add(business="no_criminal_record")
    returned = add(complete=False)
    by_other = add(actor=other.as_actor())
    yesterday = add()
    with desk.core.db.write() as session:
        moved = datetime.now(UTC) - timedelta(days=1)
        session.execute(
            update(Application)
            .where(Application.id == yesterday.application_id)
            .values(business_day=local_date(moved), created_at=moved)
        )
    pane = _pane(ctx, qtbot, rows=3)
    assert yesterday.receipt_no not in _numbers(pane)
    assert returned.status == "returned"

    _choose(pane, "walkin.business_filter", "no_criminal_record")
    wait_for(qtbot, lambda: _numbers(pane) == [certificate.receipt_no])
    _choose(pane, "walkin.business_filter", "")
    _choose(pane, "walkin.status", "returned")
    wait_for(qtbot, lambda: _numbers(pane) == [returned.receipt_no])
    model = pane.findChild(QTableView, "walkin.list").model()
    assert model.index(0, 4).data() == "已退回（待补正）"
    assert model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) == QColor("#b71c1c")
    _choose(pane, "walkin.status", "")

    staff = pane.findChild(QComboBox, "walkin.created_by")
    wait_for(qtbot, lambda: staff.findData(other.id) >= 0)  # the staff arrive in the background
    _choose(pane, "walkin.created_by", other.id)
    wait_for(qtbot, lambda: _numbers(pane) == [by_other.receipt_no])
    assert model.index(0, 6).data() == "周辅警"
    _choose(pane, "walkin.created_by", None)

    day = pane.findChild(QDateEdit, "walkin.business_day")
    before = local_date(moved)
    day.setDate(QDate(before.year, before.month, before.day))
    wait_for(qtbot, lambda: _numbers(pane) == [yesterday.receipt_no])
    assert _count(pane) == f"{before.isoformat()}: 1"
    # Not today: the time column also names the day.
    assert model.index(0, 5).data() in (format_local(moved, "%m-%d %H:%M"), format_local(moved, "%Y-%m-%d"))
    pane.findChild(QCheckBox, "walkin.all_days").setChecked(True)
    assert not day.isEnabled()
    wait_for(qtbot, lambda: len(_numbers(pane)) == 4)
    assert _count(pane) == "Records: 4"


def test_a_date_without_records_suggests_every_day(ctx: Any, add: Intake, qtbot: Any) -> None:
    wang = add(name="王小红", id_number=ident("44080319900101002"), phone="13900000000")
    pane = _pane(ctx, qtbot, rows=1)
    day = pane.findChild(QDateEdit, "walkin.business_day")
    day.setDate(day.date().addDays(-3))
    wait_for(qtbot, lambda: _numbers(pane) == [])
    assert "All dates" in _count(pane)
    pane.findChild(QCheckBox, "walkin.all_days").setChecked(True)
    wait_for(qtbot, lambda: _numbers(pane) == [wang.receipt_no])
    assert _count(pane) == "Records: 1"


def test_click_and_enter_ask_to_open_the_row(ctx: Any, add: Intake, qtbot: Any) -> None:
    first, second = add(), add()
    pane = _pane(ctx, qtbot, rows=2)
    table = pane.findChild(QTableView, "walkin.list")
    rect = table.visualRect(table.model().index(1, 1))
    with qtbot.waitSignal(pane.open_requested) as clicked:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [first.application_id]
    assert pane.current_application_id() == first.application_id
    opened: list[int] = []
    pane.open_requested.connect(opened.append)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) <= 1  # a double click is one request

    pane.focus_search()
    assert pane.findChild(QLineEdit, "walkin.search").hasFocus()
    qtbot.keyClick(pane.findChild(QLineEdit, "walkin.search"), Qt.Key.Key_Down)  # into the list
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up)
    opened.clear()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [second.application_id]


def test_the_selection_survives_a_reload_and_a_new_record_can_be_selected(
    ctx: Any, add: Intake, qtbot: Any
) -> None:
    first = add()
    add()
    pane = _pane(ctx, qtbot, rows=2)
    assert pane.current_application_id() is None
    assert pane.select_application(first.application_id)
    newest = add()
    pane.reload()
    assert not pane.select_application(newest.application_id)  # not loaded yet: selected when it arrives
    wait_for(qtbot, lambda: len(_numbers(pane)) == 3)
    assert pane.current_application_id() == newest.application_id
    pane.reload()
    wait_for(qtbot, lambda: not pane.model.loading)
    assert pane.current_application_id() == newest.application_id


def test_rows_returned_by_review_stand_out(ctx: Any, qtmodeltester: Any) -> None:
    now = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)
    row = IntakeRow(
        application_id=3, receipt_no="XSLX01-20261127-0003", applicant_name="陈志明",
        applicant_id_masked="440803********1234", business_code="id_card_renewal", business_name="居民身份证换领",
        status="returned", status_name="已退回（待补正）", missing=2, created_at=now, created_by_name="李辅警",
        returned_by_review=True, version=2,
    )  # fmt: skip
    model = IntakeListModel(ctx)
    model.set_rows([row, replace(row, application_id=2, status="voided", returned_by_review=False)])
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == QColor("#ffecb3")
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) == QColor("#9e9e9e")
    assert model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == "2 material(s) still missing"
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == "2026-11-27 10:30"


def test_a_narrow_list_drops_the_id_column_first(ctx: Any, add: Intake, qtbot: Any) -> None:
    add()
    pane = _pane(ctx, qtbot, rows=1)
    table = pane.findChild(QTableView, "walkin.list")
    columns = IntakeListModel.COLUMNS
    pane.resize(1200, 600)
    wait_for(qtbot, lambda: not any(table.isColumnHidden(c) for c in range(len(columns))))
    pane.resize(520, 600)  # half of a small screen
    wait_for(qtbot, lambda: table.isColumnHidden(columns.index("applicant_id_masked")))
    for kept in ("receipt_no", "applicant_name", "business_name", "status"):
        assert not table.isColumnHidden(columns.index(kept))
    assert table.model().index(0, 1).data(Qt.ItemDataRole.ToolTipRole).startswith("440803")  # still at hand
    pane.resize(1200, 600)
    wait_for(qtbot, lambda: not table.isColumnHidden(columns.index("applicant_id_masked")))
