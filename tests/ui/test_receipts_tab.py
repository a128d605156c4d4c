"""The 回执管理 tab driven through its widgets (found by object name) against a real SQLite database with demo
applications; what it does is checked in printed_document, in the application's status and in the PDFs."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
)
from sqlalchemy import select, update

from desktop.clock import local_date
from desktop.db.models import Application, ApplicationMaterial, Person, PrintedDocument, Station
from desktop.documents.verify import make_payload
from desktop.services import auth, receipts
from desktop.services.demo import fill_demo_data
from desktop.services.station import get_station
from tests.ui.conftest import DESK_PASSWORD, make_context, wait_for
from ui.dialogs.reason import ReasonDialog
from ui.tabs.receipts import ReceiptsTab


@pytest.fixture
def demo(desk: Any) -> Any:
    fill_demo_data(desk.core, applications=40, seed=5)
    return desk


def _ctx(paths: Any, desk: Any, runner: Any, role: str) -> Any:
    """A desk of the station that accepted `_application`."""
    user = desk.clerk
    if role == "officer":
        user = auth.add_user(
            desk.core, desk.admin.as_actor(), username="officer", role="officer", display_name="张民警",
            password=DESK_PASSWORD,
        )  # fmt: skip
    ctx = make_context(paths, desk, runner, user)
    return ctx.with_changes(station=get_station(desk.core, _application(desk)[3]))


def _application(desk: Any) -> tuple[str, str, str, str]:
    """(receipt number, applicant name, full ID, station code) of the newest open application whose materials
    are complete (it gets a receipt) and whose applicant has a resident ID."""
    with desk.core.db.read() as session:
        missing = select(ApplicationMaterial.application_id).where(~ApplicationMaterial.received)
        row = session.execute(
            select(Application.receipt_no, Person.name, Person.id_number, Station.code)
            .join(Person, Person.id == Application.applicant_id)
            .join(Station, Station.id == Application.station_id)
            .where(
                Application.id.not_in(missing.scalar_subquery()),
                Application.status.not_in(("voided", "picked_up")),
                Person.document_type == "resident_id",
            )
            .order_by(Application.id.desc())
            .limit(1)
        ).one()
        return row.receipt_no, row.name, row.id_number, row.code


def _copies(desk: Any, number: str) -> list[tuple[int, str]]:
    with desk.core.db.read() as session:
        rows = session.execute(
            select(PrintedDocument.copy_no, PrintedDocument.reprint_reason)
            .where(PrintedDocument.number == number)
            .order_by(PrintedDocument.copy_no)
        )
        return [(r.copy_no, r.reprint_reason) for r in rows]


def _open(ctx: Any, qtbot: Any) -> ReceiptsTab:
    tab = ReceiptsTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    table = tab.findChild(QTableView, "receipts.list")
    wait_for(qtbot, lambda: table.model().rowCount() > 0)
    return tab


def _search(tab: ReceiptsTab, qtbot: Any, text: str) -> None:
    edit = tab.findChild(QLineEdit, "receipts.search")
    edit.setText(text)  # Chinese is never typed with keyClicks
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _numbers(tab: ReceiptsTab) -> list[str]:
    model = tab.findChild(QTableView, "receipts.list").model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _preview_text(tab: ReceiptsTab) -> str:
    document = tab.findChild(QPdfView, "receipts.preview").document()
    if document is None:
        return ""
    return "".join(document.getAllText(page).text() for page in range(document.pageCount()))


def _reason_dialog(qtbot: Any, name: str) -> ReasonDialog:
    found: list[ReasonDialog] = []

    def visible() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets()
            if isinstance(w, ReasonDialog) and w.isVisible() and w.objectName() == f"{name}_dialog"
        ]  # fmt: skip
        return bool(found)

    wait_for(qtbot, visible)
    return found[0]


def _confirm_reason(qtbot: Any, name: str, reason: str) -> None:
    dialog = _reason_dialog(qtbot, name)
    ok = dialog.findChild(QPushButton, f"{name}_ok")
    assert not ok.isEnabled()  # a reason is required
    dialog.findChild(QComboBox, name).setEditText(reason)
    ok.click()


@pytest.fixture
def pdf_printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Direct printing goes to PDF files (one per print job) instead of a real printer."""
    files: list[Path] = []

    def printer() -> QPrinter:
        files.append(tmp_path / f"printed{len(files) + 1}.pdf")
        made = QPrinter(QPrinter.PrinterMode.HighResolution)
        made.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        made.setOutputFileName(str(files[-1]))
        return made

    monkeypatch.setattr("ui.printing.default_printer", printer)
    return files


def test_search_by_number_name_and_masked_id_finds_the_record(
    paths: Any, demo: Any, runner: Any, qtbot: Any
) -> None:
    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    number, name, id_number, _code = _application(demo)
    edit = tab.findChild(QLineEdit, "receipts.search")
    edit.clear()
    qtbot.keyClicks(edit, number.lower())  # as a scanner or a person types it
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: _numbers(tab) == [number])
    assert edit.text() == number.lower()  # the search text stays
    model = tab.findChild(QTableView, "receipts.list").model()
    assert model.index(0, 2).data() == id_number[:6] + "*" * 8 + id_number[-4:]
    for text in (name, id_number[:6] + "********" + id_number[-4:]):
        _search(tab, qtbot, text)
        wait_for(qtbot, lambda: number in _numbers(tab) and len(_numbers(tab)) < 40)
    _search(tab, qtbot, "")
    day = tab.findChild(QDateEdit, "receipts.day")
    accepted = local_date(model.document(0).created_at)
    day.setDate(QDate(accepted.year, accepted.month, accepted.day))
    wait_for(
        qtbot,
        lambda: all(local_date(model.document(i).created_at) == accepted for i in range(model.rowCount())),
    )


def test_the_preview_shows_the_selected_document(paths: Any, demo: Any, runner: Any, qtbot: Any) -> None:
    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    number, _name, _id, _code = _application(demo)
    _search(tab, qtbot, number)
    preview = tab.findChild(QPdfView, "receipts.preview")
    wait_for(qtbot, lambda: preview.document() is not None and number in _preview_text(tab))
    assert preview.document().pageCount() >= 1
    assert "预览" in _preview_text(tab)
    layout = tab.findChild(QComboBox, "receipts.layout")
    layout.setCurrentIndex(layout.findData("roll80"))
    wait_for(
        qtbot, lambda: preview.document() is not None and preview.document().pagePointSize(0).width() < 300
    )
    assert _copies(demo, number) == []  # a preview is not a copy


def test_first_print_needs_no_reason_and_a_reprint_asks_for_one(
    paths: Any, demo: Any, runner: Any, qtbot: Any, pdf_printer: list[Path]
) -> None:
    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    number, _name, _id, _code = _application(demo)
    _search(tab, qtbot, number)
    wait_for(qtbot, lambda: tab.current() is not None and tab.current().receipt_no == number)
    tab.findChild(QCheckBox, "receipts.direct_print").setChecked(True)
    tab.findChild(QPushButton, "receipts.print").click()
    wait_for(qtbot, lambda: _copies(demo, number) == [(1, "")])
    wait_for(qtbot, lambda: "第1份" in tab.findChild(QLabel, "receipts.message").text() or
             "copy 1" in tab.findChild(QLabel, "receipts.message").text())  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf_printer[0])], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    assert "Pages:           1" in info

    model = tab.findChild(QTableView, "receipts.list").model()
    wait_for(qtbot, lambda: model.document(0).copies == 1)
    tab.print_document()  # what Ctrl+P calls
    _confirm_reason(qtbot, "receipts.reprint_reason", "原件遗失")
    wait_for(qtbot, lambda: _copies(demo, number) == [(1, ""), (2, "原件遗失")])
    wait_for(qtbot, lambda: len(pdf_printer) == 2 and pdf_printer[1].exists())
    text = subprocess.run(["pdftotext", str(pdf_printer[1]), "-"], capture_output=True, text=True).stdout
    assert "补打" in text  # a PDF "printer" gets the recorded document itself, marked as the reprint
    wait_for(qtbot, lambda: model.document(0).copies == 2)


def test_save_as_pdf_is_a_recorded_copy(
    paths: Any, demo: Any, runner: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "open", lambda dialog: dialog.fileSelected.emit(str(target)))
    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    number, _name, id_number, _code = _application(demo)
    _search(tab, qtbot, number)
    wait_for(qtbot, lambda: tab.current() is not None and tab.current().receipt_no == number)
    tab.findChild(QPushButton, "receipts.save_pdf").click()
    wait_for(qtbot, lambda: target.exists() and _copies(demo, number) == [(1, "")])
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert number in text
    assert id_number not in text


def test_the_desk_cannot_void_and_the_officer_voids_with_a_reason(
    paths: Any, demo: Any, runner: Any, qtbot: Any
) -> None:
    desk_tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    assert not desk_tab.findChild(QPushButton, "receipts.void").isVisible()
    tab = _open(_ctx(paths, demo, runner, "officer"), qtbot)
    number, _name, _id, _code = _application(demo)
    _search(tab, qtbot, number)
    wait_for(qtbot, lambda: tab.current() is not None and tab.current().receipt_no == number)
    void = tab.findChild(QPushButton, "receipts.void")
    assert void.isVisible()
    assert void.isEnabled()
    void.click()
    _confirm_reason(qtbot, "receipts.void_reason", "录入错误")
    model = tab.findChild(QTableView, "receipts.list").model()
    wait_for(qtbot, lambda: model.index(0, 4).data() == "已作废")
    with demo.core.db.read() as session:
        status = session.execute(select(Application.status).where(Application.receipt_no == number))
        assert status.scalar_one() == "voided"
    message = tab.findChild(QLabel, "receipts.message")
    wait_for(qtbot, lambda: "作废" in _preview_text(tab) or "无法" in message.text())
    assert "作废" in _preview_text(tab), message.text()
    assert not void.isEnabled()


def test_a_scanned_payload_is_verified_and_a_forged_one_is_shown_as_forged(
    paths: Any, demo: Any, runner: Any, qtbot: Any, chinese: None
) -> None:
    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    number, _name, _id, _code = _application(demo)
    with demo.core.db.read() as session:
        app = session.execute(select(Application).where(Application.receipt_no == number)).scalar_one()
        secret = session.get_one(Station, app.station_id).hmac_secret
        payload = make_payload(secret, receipts.signed_fields(session, app))
    result = tab.findChild(QLabel, "receipts.verify_result")
    edit = tab.findChild(QLineEdit, "receipts.search")
    edit.clear()
    qtbot.keyClicks(edit, payload)  # a scanner types the QR content and presses Enter
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: result.text().startswith("真实"))
    with demo.core.db.read() as session:
        status = session.execute(
            select(Application.status).where(Application.receipt_no == number)
        ).scalar_one()
    assert receipts.STATUS_NAMES[status] in result.text()
    wait_for(qtbot, lambda: _numbers(tab) == [number])

    forged = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    _search(tab, qtbot, forged)
    wait_for(qtbot, lambda: result.text().startswith("伪造"))
    assert edit.text() == forged
    _search(tab, qtbot, "XX999-20200101-0001.ABCDEFGHIJ")
    wait_for(qtbot, lambda: result.text().startswith("未知"))


def test_a_name_the_font_cannot_print_is_named_before_printing(
    paths: Any, demo: Any, runner: Any, qtbot: Any, pdf_printer: list[Path]
) -> None:
    number, _name, _id, _code = _application(demo)
    with demo.core.db.write() as session:
        applicant = session.execute(select(Application.applicant_id).where(Application.receipt_no == number))
        session.execute(update(Person).where(Person.id == applicant.scalar_one()).values(name="张𠀾"))
    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    _search(tab, qtbot, number)
    message = tab.findChild(QLabel, "receipts.message")
    wait_for(qtbot, lambda: "𠀾" in message.text())
    tab.findChild(QCheckBox, "receipts.direct_print").setChecked(True)
    tab.findChild(QPushButton, "receipts.print").click()
    wait_for(qtbot, lambda: not runner.busy)
    assert "𠀾" in message.text()
    assert _copies(demo, number) == []
    assert not any(f.exists() for f in pdf_printer)
    assert tab.findChild(QLineEdit, "receipts.search").text() == number


def test_printing_through_the_print_dialog_opens_it(paths: Any, demo: Any, runner: Any, qtbot: Any) -> None:
    """Unticked direct printing: the printer dialog opens (it crashed once on PySide6's open() overloads)."""
    from PySide6.QtPrintSupport import QPrintDialog

    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    number, _name, _id, _code = _application(demo)
    _search(tab, qtbot, number)
    wait_for(qtbot, lambda: tab.current() is not None and tab.current().receipt_no == number)
    tab.findChild(QCheckBox, "receipts.direct_print").setChecked(False)
    tab.findChild(QPushButton, "receipts.print").click()
    wait_for(
        qtbot,
        lambda: (d := tab.findChild(QPrintDialog, "receipts.print_dialog")) is not None and d.isVisible(),
    )
    tab.findChild(QPrintDialog, "receipts.print_dialog").reject()
    assert _copies(demo, number) == []  # cancelled at the printer: nothing recorded


def test_the_calendar_opens_on_this_month_while_any_day_is_chosen(
    paths: Any, demo: Any, runner: Any, qtbot: Any
) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    tab = _open(_ctx(paths, demo, runner, "desk"), qtbot)
    calendar = tab.findChild(QDateEdit, "receipts.day").calendarWidget()
    calendar.show()  # what the drop-down does when it opens
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    calendar.hide()
