"""The 当日审核 tab driven the way the community officer drives it — widgets found by object name, the reason typed
through an input method, the password typed into the sign-off dialog — against a real database (SQLite and
PostgreSQL); what it did is checked in the rows, the audit log and the text of the printed 日报. A desk user sees
the tab read-only, and a save at another desk shows on an open board without anyone pressing anything."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from sqlalchemy import func, select

from desktop.clock import local_date
from desktop.db.models import Application, AuditEvent, DaySignoff, PrintedDocument
from desktop.domain.intake_rules import PersonInput
from desktop.paths import AppPaths
from desktop.services import auth, intake
from tests.desktop.services.test_intake import APPLICANT_ID, form, ident
from tests.ui.conftest import DESK_PASSWORD, Desk, top_level, wait_for
from tests.ui.test_walkin_tab import (  # noqa: F401  (station_desk is a fixture)
    find,
    open_tab,
    pdf_text,
    station_desk,
    type_chinese,
)

OFFICER_PASSWORD = "Officer#2024pw"
SECOND_ID = ident("44080319920715004")
THIRD_ID = ident("44080319780203005")


def officer_of(desk: Desk) -> Any:
    return auth.add_user(desk.core, desk.admin.as_actor(), username="officer", role="officer",
                         display_name="黄卫国", password=OFFICER_PASSWORD, police_no="441203")  # fmt: skip


def save_walkin(desk: Desk, user: Any, request_id: str, **changes: object) -> Any:
    """A walk-in record saved through the intake service, as another desk saves it."""
    saved = intake.create_intake(desk.core, user.as_actor(), desk.station.code, request_id, form(**changes))  # type: ignore[arg-type]
    return saved.record


def review_tab(qtbot: Any, paths: AppPaths, desk: Desk, runner: Any, user: Any) -> Any:
    """The real main window of `user`, switched to its 当日审核 tab."""
    first = open_tab(qtbot, paths, desk, runner, user)
    tabs = find(first.window(), QTabWidget, "main.tabs")
    tab = first.window().tab("review.tab")  # built on first show
    assert tabs.tabText(tabs.currentIndex()) in ("当日审核", "Day review")
    return tab


def click(qtbot: Any, tab: QWidget, name: str) -> None:
    button = find(tab, QPushButton, name)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def queue_row(tab: QWidget, receipt_no: str) -> int:
    queue = find(tab, QTableWidget, "review.queue")
    rows = [r for r in range(queue.rowCount()) if queue.item(r, 0).text() == receipt_no]
    assert rows, receipt_no
    return rows[0]


def open_in_panel(qtbot: Any, tab: QWidget, receipt_no: str) -> None:
    queue = find(tab, QTableWidget, "review.queue")
    queue.selectRow(queue_row(tab, receipt_no))
    wait_for(qtbot, lambda: find(tab, QLabel, "review.detail_number").text() == receipt_no)


def status_of(desk: Desk, application_id: int) -> tuple[str, str]:
    with desk.core.db.read() as session:
        app = session.get_one(Application, application_id)
        return app.status, app.review_note


def print_dialog_to_pdf(qtbot: Any, target: Path) -> None:
    """The print dialog the tab opened: "Print to File (PDF)" chosen and the file name typed, as a person does."""
    wait_for(qtbot, lambda: top_level(QPrintDialog, "review.print_dialog") is not None)
    dialog = top_level(QPrintDialog, "review.print_dialog")
    assert isinstance(dialog, QPrintDialog)
    printers = dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(next(i for i in range(printers.count()) if "PDF" in printers.itemText(i)))
    find(dialog, QLineEdit, "filename").setText(str(target))
    dialog.accept()
    wait_for(qtbot, lambda: target.exists() and target.stat().st_size > 0)


def day_figures(desk: Desk, day: date) -> tuple[int, dict[str, int], int]:
    """What the database holds for the day: records, records per status, fees of the records not voided."""
    with desk.core.db.read() as session:
        where = (Application.business_day == day,)
        total = session.execute(select(func.count()).select_from(Application).where(*where)).scalar_one()
        statuses = dict(
            session.execute(
                select(Application.status, func.count()).where(*where).group_by(Application.status)
            )
            .tuples()
            .all()
        )
        fees = session.execute(
            select(func.coalesce(func.sum(Application.fee_fen), 0)).where(
                *where, Application.status != "voided"
            )
        ).scalar_one()
    return int(total), {str(k): int(v) for k, v in statuses.items()}, int(fees)


def yuan(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def test_the_officer_reviews_returns_signs_off_and_prints_the_daily_report(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    tmp_path: Path,
    backend: str,
) -> None:
    desk, clerk = station_desk, station_desk.clerk
    officer = officer_of(desk)
    complete = save_walkin(desk, clerk, "r1")
    incomplete = save_walkin(desk, clerk, "r2", received={"hukou_book"})
    wrong = save_walkin(desk, clerk, "r3", applicant=PersonInput(name="林美华", id_number=SECOND_ID,
                                                                  phone="13912345678"))  # fmt: skip
    assert (complete.status, incomplete.status, wrong.status) == ("received", "returned", "received")
    day = local_date(desk.core.clock())

    tab = review_tab(qtbot, paths, desk, runner, officer)
    queue = find(tab, QTableWidget, "review.queue")
    wait_for(qtbot, lambda: queue.rowCount() == 3)
    assert find(tab, QLabel, "review.board_total").text() == "3"
    assert tab.board_page.chart_kinds.counts == (3, 0, 0, 0)  # 来访受理, 出入境, 矛盾调解, 咨询
    assert tab.board_page.chart_trend.points[-1] == (day, 3)
    assert len(tab.board_page.chart_trend.points) == 30
    assert not find(tab, QPushButton, "review.sign_off").isEnabled()  # two records still waiting
    assert not find(tab, QPushButton, "review.print").isEnabled()
    assert APPLICANT_ID not in " ".join(queue.item(r, c).toolTip() for r in range(3) for c in range(7))

    # 审核通过
    open_in_panel(qtbot, tab, complete.receipt_no)
    assert find(tab, QLabel, "review.applicant_id").text().endswith("440803********" + APPLICANT_ID[-4:])
    assert not find(tab, QPushButton, "review.reveal").isHidden()
    click(qtbot, tab, "review.mark_reviewed")
    wait_for(qtbot, lambda: status_of(desk, complete.application_id)[0] == "reviewed")

    # 退回补正: no reason, no return; with the reason typed, returned and highlighted in the list
    open_in_panel(qtbot, tab, wrong.receipt_no)
    click(qtbot, tab, "review.return")
    assert find(tab, QLabel, "review.detail_message").text()  # what to do instead
    assert status_of(desk, wrong.application_id)[0] == "received"
    type_chinese(find(tab, QLineEdit, "review.return_reason"), "相片不合格，请重新采集")
    click(qtbot, tab, "review.return")
    wait_for(qtbot, lambda: status_of(desk, wrong.application_id) == ("returned", "相片不合格，请重新采集"))
    wait_for(qtbot, lambda: "已退回" in queue.item(queue_row(tab, wrong.receipt_no), 4).text())
    returned_cell = queue.item(queue_row(tab, wrong.receipt_no), 0)
    assert returned_cell.data(Qt.ItemDataRole.BackgroundRole) is not None  # highlighted
    exceptions = find(tab, QTableWidget, "review.exceptions")
    wait_for(qtbot, lambda: exceptions.rowCount() == 2)  # both records waiting for 补正
    assert {exceptions.item(r, 1).text() for r in range(2)} == {incomplete.receipt_no, wrong.receipt_no}

    # 签结: a wrong password is refused (and audited); the right one signs, and the print dialog opens
    sign = find(tab, QPushButton, "review.sign_off")
    wait_for(qtbot, sign.isEnabled)
    click(qtbot, tab, "review.sign_off")
    wait_for(qtbot, lambda: top_level(QDialog, "review.signoff_dialog") is not None)
    dialog = top_level(QDialog, "review.signoff_dialog")
    assert dialog is not None
    password = find(dialog, QLineEdit, "review.signoff_password")
    assert password.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(password, "not-my-password")
    type_chinese(find(dialog, QWidget, "review.signoff_comment"), "退回一件，已告知受理人")
    click(qtbot, dialog, "review.signoff_ok")
    error = find(dialog, QLabel, "review.signoff_error")
    wait_for(qtbot, error.isVisible)
    assert "密码" in error.text()
    assert password.text() == ""
    with desk.core.db.read() as session:
        assert session.execute(select(func.count()).select_from(DaySignoff)).scalar_one() == 0
    qtbot.keyClicks(password, OFFICER_PASSWORD)
    qtbot.keyClick(password, Qt.Key.Key_Return)
    target = tmp_path / "daily.pdf"
    print_dialog_to_pdf(qtbot, target)
    assert top_level(QDialog, "review.signoff_dialog") is None  # closed once signed
    status = find(tab, QLabel, "review.signoff_status")
    wait_for(qtbot, lambda: "黄卫国" in status.text())
    assert find(tab, QPushButton, "review.print").isEnabled()
    assert not find(tab, QPushButton, "review.sign_off").isEnabled()

    # The 日报 says what the database holds.
    total, statuses, fees = day_figures(desk, day)
    assert (total, statuses) == (3, {"reviewed": 1, "returned": 2})
    text = pdf_text(target)
    assert f"当日受理业务{total}件（来访受理{total}件，出入境0件）" in text
    assert f"已审核{statuses['reviewed']}" in text
    assert f"已退回（待补正）{statuses['returned']}" in text
    assert f"收费合计{yuan(fees)}元" in text
    assert "李辅警3" in text  # the desk's count
    assert "黄卫国（警号441203）" in text
    assert "退回一件，已告知受理人" in text
    assert f"五、异常事项（{exceptions.rowCount()}项）" in text
    assert APPLICANT_ID not in text
    with desk.core.db.read() as session:
        signoff = session.execute(select(DaySignoff)).scalar_one()
        assert (signoff.day, signoff.comment) == (day, "退回一件，已告知受理人")
        printed = session.execute(
            select(PrintedDocument).where(PrintedDocument.kind == "daily_report")
        ).scalars()
        assert [(p.number, p.copy_no) for p in printed] == [(f"XSLX01-RB-{day:%Y%m%d}", 1)]
        audited = session.execute(
            select(AuditEvent.action, AuditEvent.ok).where(AuditEvent.username == "officer")
        )
        actions = [tuple(a) for a in audited]
    assert ("review.review", True) in actions
    assert ("review.return", True) in actions
    assert ("day.signoff", False) in actions  # the wrong password
    assert ("day.signoff", True) in actions
    assert ("daily_report.print", True) in actions

    # The day is locked: the service itself refuses the desk a new record or an edit of one of that day.
    from desktop.services.day_lock import DayLocked

    with pytest.raises(DayLocked):
        save_walkin(desk, clerk, "after-signoff")
    stored = intake.get_intake(desk.core, clerk.as_actor(), complete.application_id)
    with pytest.raises(DayLocked):
        intake.update_intake(desk.core, clerk.as_actor(), complete.application_id, stored.version, form())
    assert day_figures(desk, day)[0] == 3


def test_the_officer_sees_a_full_id_number_only_with_a_reason_and_exports_masked(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = station_desk
    officer = officer_of(desk)
    record = save_walkin(desk, desk.clerk, "r1")
    tab = review_tab(qtbot, paths, desk, runner, officer)
    wait_for(qtbot, lambda: find(tab, QTableWidget, "review.queue").rowCount() == 1)
    open_in_panel(qtbot, tab, record.receipt_no)
    shown = find(tab, QLabel, "review.applicant_id")
    assert APPLICANT_ID not in shown.text()
    click(qtbot, tab, "review.reveal")
    wait_for(qtbot, lambda: top_level(QDialog, "review.reveal_reason_dialog") is not None)
    dialog = top_level(QDialog, "review.reveal_reason_dialog")
    assert dialog is not None
    ok = find(dialog, QPushButton, "review.reveal_reason_ok")
    assert not ok.isEnabled()  # no reason, no number
    type_chinese(find(dialog, QComboBox, "review.reveal_reason").lineEdit(), "核对户籍信息")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: APPLICANT_ID in find(tab, QLabel, "review.applicant_id").text())
    exceptions = find(tab, QTableWidget, "review.exceptions")
    wait_for(qtbot, lambda: exceptions.rowCount() == 1)
    assert exceptions.item(0, 0).text() == "查看完整证件号码"
    assert APPLICANT_ID not in exceptions.item(0, 3).text()
    with desk.core.db.read() as session:
        details = session.execute(
            select(AuditEvent.detail).where(
                AuditEvent.action == "review.reveal_id", AuditEvent.username == "officer"
            )
        ).scalars()
        detail = " ".join(details)
    assert "核对户籍信息" in detail
    assert APPLICANT_ID not in detail

    # 导出当日: the save dialog answers with a file name; the workbook is written in the background, masked.
    target = tmp_path / "导出" / "当日.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "open", lambda dialog: dialog.fileSelected.emit(str(target)))
    click(qtbot, tab, "review.export_day")
    message = find(tab, QLabel, "review.message")
    wait_for(qtbot, lambda: str(target) in message.text())
    rows = [
        [c for c in row if c is not None]
        for row in load_workbook(target)["来访受理"].iter_rows(values_only=True)
    ]
    cells = " ".join(str(c) for row in rows for c in row)
    assert record.receipt_no in cells
    assert "440803********" + APPLICANT_ID[-4:] in cells
    assert APPLICANT_ID not in cells


def test_a_desk_user_sees_its_own_day_read_only(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    backend: str,
) -> None:
    desk = station_desk
    other = auth.add_user(desk.core, desk.admin.as_actor(), username="clerk2", role="desk", display_name="陈晓燕",
                          password=DESK_PASSWORD)  # fmt: skip
    mine = save_walkin(desk, desk.clerk, "r1")
    save_walkin(
        desk, other, "r2", applicant=PersonInput(name="林美华", id_number=SECOND_ID, phone="13912345678")
    )
    save_walkin(
        desk, other, "r3", applicant=PersonInput(name="吴晓玲", id_number=THIRD_ID, phone="13912345679")
    )
    tab = review_tab(qtbot, paths, desk, runner, desk.clerk)
    queue = find(tab, QTableWidget, "review.queue")
    wait_for(qtbot, lambda: queue.rowCount() == 1)
    assert queue.item(0, 0).text() == mine.receipt_no
    assert find(tab, QLabel, "review.board_total").text() == "1"
    assert not find(tab, QTableWidget, "review.exceptions").isVisible()
    open_in_panel(qtbot, tab, mine.receipt_no)
    officer_only = ("review.mark_reviewed", "review.return", "review.reveal", "review.sign_off", "review.print",
                    "review.export_day", "review.export_month")  # fmt: skip
    for name in officer_only:
        assert not find(tab, QPushButton, name).isEnabled(), name
    assert not find(tab, QLineEdit, "review.return_reason").isEnabled()
    tab.print_document()  # Ctrl+P says why not, and opens nothing
    assert top_level(QPrintDialog) is None
    assert find(tab, QLabel, "review.message").text()


def test_a_save_at_another_desk_shows_on_the_open_board(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    backend: str,
) -> None:
    desk = station_desk
    officer = officer_of(desk)
    tab = review_tab(qtbot, paths, desk, runner, officer)
    total = find(tab, QLabel, "review.board_total")
    queue = find(tab, QTableWidget, "review.queue")
    wait_for(qtbot, lambda: total.text() == "0")
    saved = save_walkin(desk, desk.clerk, "elsewhere")  # another desk: nothing in this window is touched
    wait_for(qtbot, lambda: total.text() == "1", timeout=5_000)
    wait_for(
        qtbot, lambda: queue.rowCount() == 1 and queue.item(0, 0).text() == saved.receipt_no, timeout=5_000
    )
    assert find(tab, QLabel, "review.board_unreviewed").text() == "1"


ANOTHER_DESK = """
import sys
from pathlib import Path
from desktop.db.startup import open_database
from desktop.services import intake
from desktop.services.core import Actor, Core
from tests.desktop.services.test_intake import form

url, user_id = sys.argv[1], int(sys.argv[2])
core = Core(db=open_database(url, backup_dir=Path(sys.argv[3])).db)
actor = Actor(username="clerk", role="desk", user_id=user_id, display_name="李辅警")
print(intake.create_intake(core, actor, "XSLX01", "another-process", form()).record.receipt_no)
"""


def test_a_save_by_another_desk_process_shows_on_the_open_board(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    backend: str,
) -> None:
    """Two processes on one database: the other desk's program saves, this board follows by itself."""
    import subprocess
    import sys

    desk = station_desk
    tab = review_tab(qtbot, paths, desk, runner, officer_of(desk))
    total = find(tab, QLabel, "review.board_total")
    wait_for(qtbot, lambda: total.text() == "0")
    other = subprocess.run(
        [sys.executable, "-c", ANOTHER_DESK, desk.url, str(desk.clerk.id), str(paths.data / "other-backups")],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    receipt_no = other.stdout.strip().splitlines()[-1]
    wait_for(qtbot, lambda: total.text() == "1", timeout=5_000)  # the poll runs every 1.5 s
    queue = find(tab, QTableWidget, "review.queue")
    wait_for(qtbot, lambda: queue.rowCount() == 1 and queue.item(0, 0).text() == receipt_no, timeout=5_000)
