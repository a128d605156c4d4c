"""The 来访受理 tab driven the way a desk clerk drives it — keyboard, widgets found by object name, Chinese typed
through an input method — against a real database (SQLite and PostgreSQL); what it did is checked in the rows,
the audit log and the text of the printed PDF."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from desktop.config import DeskConfig, database_url
from desktop.db.models import Application, AuditEvent, Person, PrintedDocument
from desktop.domain.identity import id_check_char
from desktop.paths import AppPaths
from desktop.services import auth
from tests.conftest import new_pg_database
from tests.ui.conftest import (
    ADMIN_PASSWORD,
    DESK_PASSWORD,
    STATION_NAME,
    Desk,
    make_context,
    top_level,
    wait_for,
)

APPLICANT_17 = "44080319850312123"
APPLICANT_ID = APPLICANT_17 + id_check_char(APPLICANT_17)
WRONG_CHECK = APPLICANT_17 + ("0" if id_check_char(APPLICANT_17) != "0" else "1")


@pytest.fixture
def station_desk(backend: str, paths: AppPaths, request: pytest.FixtureRequest) -> Iterator[Desk]:
    """A station with its admin and a desk clerk, on SQLite or on a fresh PostgreSQL database."""
    from desktop.db.startup import open_database
    from desktop.services.core import Core
    from desktop.services.station import StationInput, first_run_setup

    if backend == "sqlite":
        url = database_url(paths, DeskConfig())
    else:
        url = new_pg_database(request.getfixturevalue("pg_server"))
    core = Core(db=open_database(url, backup_dir=paths.backups).db)
    station, admin = first_run_setup(
        core,
        StationInput(code="XSLX01", name=STATION_NAME, police_station="新村派出所", phone="0759-2222222"),
        username="admin",
        display_name="王管理",
        password=ADMIN_PASSWORD,
    )
    clerk = auth.add_user(
        core, admin.as_actor(), username="clerk", role="desk", display_name="李辅警", password=DESK_PASSWORD
    )
    yield Desk(core, station, admin, clerk, url)
    core.db.dispose()


def type_chinese(widget: QWidget, text: str) -> None:
    """What a pinyin input method does: commit the composed text to the focused field."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def find(root: QWidget, kind: type[Any], name: str) -> Any:
    """The widget a person sees by that name (a rebuilt list may still hold its old, hidden rows until Qt deletes
    them)."""
    widgets = root.findChildren(kind, name)
    assert widgets, f"no {kind.__name__} named {name}"
    visible = [w for w in widgets if w.isVisible()]
    return (visible or widgets)[0]


def open_tab(qtbot: Any, paths: AppPaths, desk: Desk, runner: Any, user: Any = None) -> Any:
    """The real main window of a logged-in clerk; returns its 来访受理 tab (the first tab)."""
    from ui.main_window import MainWindow

    main = MainWindow(make_context(paths, desk, runner, user or desk.clerk))
    qtbot.addWidget(main)
    main.resize(1400, 900)
    with qtbot.waitActive(main):
        main.show()
    tabs = find(main, QTabWidget, "main.tabs")
    assert tabs.tabText(0) == "来访受理" or tabs.widget(0).objectName() == "walkin.tab"
    return tabs.widget(0)


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the clerk presses it: to whatever has the focus (the main window routes F2, Ctrl+S …)."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def fill_person_and_business(qtbot: Any, tab: Any, *, business_keys: str = "jmsfzhl") -> None:
    press(qtbot, Qt.Key.Key_F2)
    picker = find(tab, QLineEdit, "walkin.business_code")
    picker.setFocus()
    qtbot.keyClicks(picker, business_keys)
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: tab.form.picker.code() != "")
    id_number = find(tab, QLineEdit, "walkin.id_number")
    id_number.setFocus()
    qtbot.keyClicks(id_number, APPLICANT_ID.lower())
    type_chinese(find(tab, QLineEdit, "walkin.name"), "陈志明")
    phone = find(tab, QLineEdit, "walkin.phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "13812345678")
    type_chinese(find(tab, QLineEdit, "walkin.address"), "湛江市霞山区录霞路8号")


def print_to_pdf(qtbot: Any, tab: Any, target: Path, area: str = "walkin") -> None:
    """Ctrl+P, then the print dialog's 'print to file' as a person would choose it."""
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, lambda: top_level(QPrintDialog, f"{area}.print_dialog") is not None)
    dialog = top_level(QPrintDialog, f"{area}.print_dialog")
    assert isinstance(dialog, QPrintDialog)
    # Qt's own print dialog (no CUPS here): choose "Print to File (PDF)" and type the file name.
    printers = dialog.findChild(QComboBox, "printers")
    pdf_entry = next(i for i in range(printers.count()) if "PDF" in printers.itemText(i))
    printers.setCurrentIndex(pdf_entry)
    find(dialog, QLineEdit, "filename").setText(str(target))
    dialog.accept()
    wait_for(qtbot, lambda: target.exists() and target.stat().st_size > 0)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return "".join(out.stdout.split())


def test_walkin_from_business_to_printed_receipt(
    qtbot: Any, paths: AppPaths, station_desk: Desk, runner: Any, tmp_path: Path, backend: str
) -> None:
    tab = open_tab(qtbot, paths, station_desk, runner)
    press(qtbot, Qt.Key.Key_F2)
    picker = find(tab, QLineEdit, "walkin.business_code")
    assert picker.hasFocus()
    qtbot.keyClicks(picker, "jmsfzhl")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: tab.form.picker.code() == "id_card_renewal")
    assert "20.00" in find(tab, QLabel, "walkin.fee_fen").text()
    assert re.search(r"\d{4}-\d{2}-\d{2}", find(tab, QLabel, "walkin.promised_date").text())

    id_number = find(tab, QLineEdit, "walkin.id_number")
    id_number.setFocus()
    qtbot.keyClicks(id_number, WRONG_CHECK)
    error = find(tab, QLabel, "walkin.id_number_error")
    assert error.isVisible()
    assert "校验位" in error.text()
    save = find(tab, QPushButton, "walkin.save")
    assert not save.isEnabled()
    assert find(tab, QLabel, "walkin.save_hint").text()
    id_number.clear()
    qtbot.keyClicks(id_number, APPLICANT_ID.lower())
    assert not error.isVisible()
    assert "1985-03-12" in find(tab, QLabel, "walkin.id_info").text()
    type_chinese(find(tab, QLineEdit, "walkin.name"), "陈志明")
    assert find(tab, QLineEdit, "walkin.name").text() == "陈志明"
    phone = find(tab, QLineEdit, "walkin.phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "13812345678")
    for code in ("hukou_book", "old_id_card", "photo_receipt"):
        box = find(tab, QCheckBox, f"walkin.materials.received.{code}")
        box.setChecked(True)
    wait_for(qtbot, save.isEnabled)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    number_label = find(tab, QLabel, "walkin.receipt_no")
    wait_for(qtbot, lambda: re.fullmatch(r"XSLX01-\d{8}-0001", number_label.text()))
    number = number_label.text()
    assert "已受理" in find(tab, QLabel, "walkin.status_label").text()

    target = tmp_path / "receipt.pdf"
    print_to_pdf(qtbot, tab, target)
    text = pdf_text(target)
    assert number in text
    assert "陈志明" in text
    assert "居民身份证换领" in text
    assert APPLICANT_ID not in text
    assert ("440803********" + APPLICANT_ID[-4:]) in text

    with station_desk.core.db.read() as session:
        app = session.execute(select(Application)).scalar_one()
        person = session.get_one(Person, app.applicant_id)
        assert (app.receipt_no, app.status, app.business_code) == (number, "received", "id_card_renewal")
        assert app.created_by == station_desk.clerk.id
        assert app.fee_fen == 2000
        assert (person.id_number, person.name, person.phone) == (APPLICANT_ID, "陈志明", "13812345678")
        assert [(m.code, m.received) for m in app.materials] == [
            ("hukou_book", True),
            ("old_id_card", True),
            ("photo_receipt", True),
        ]
        printed = session.execute(select(PrintedDocument)).scalar_one()
        assert (printed.number, printed.kind, printed.copy_no) == (number, "receipt", 1)
        assert printed.sha256 == __import__("hashlib").sha256(target.read_bytes()).hexdigest()
        actions = session.execute(select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.username)).all()
        assert ("intake.create", number, "clerk") in [tuple(a) for a in actions]
        assert ("receipt.print", number, "clerk") in [tuple(a) for a in actions]
    # The list on the left shows the new record.
    wait_for(qtbot, lambda: tab.list_pane.current_application_id() is not None or _listed(tab, number))


def _listed(tab: Any, number: str) -> bool:
    model = tab.list_pane.findChild(QWidget, "walkin.list").model()
    return any(model.row_at(i).receipt_no == number for i in range(model.rowCount()))


def test_missing_materials_print_the_supplement_notice_listing_exactly_them(
    qtbot: Any, paths: AppPaths, station_desk: Desk, runner: Any, tmp_path: Path, backend: str
) -> None:
    tab = open_tab(qtbot, paths, station_desk, runner)
    fill_person_and_business(qtbot, tab)
    find(tab, QCheckBox, "walkin.materials.received.hukou_book").setChecked(True)
    save = find(tab, QPushButton, "walkin.save")
    wait_for(qtbot, save.isEnabled)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: "已退回" in find(tab, QLabel, "walkin.status_label").text())
    assert (
        "补正" in find(tab, QPushButton, "walkin.print").text()
        or "notice" in find(tab, QPushButton, "walkin.print").text()
    )
    target = tmp_path / "notice.pdf"
    print_to_pdf(qtbot, tab, target)
    text = pdf_text(target)
    listed, received = text.split("已收取的材料")
    assert "原居民身份证" in listed
    assert "相片（现场采集或数码照相回执）" in listed
    assert "居民户口簿" not in listed
    assert "居民户口簿" in received
    with station_desk.core.db.read() as session:
        assert session.execute(select(PrintedDocument.kind)).scalar_one() == "supplement_notice"
        assert session.execute(select(Application.status)).scalar_one() == "returned"


def test_two_desks_editing_one_record_the_second_gets_the_conflict_with_edits_intact(
    qtbot: Any, paths: AppPaths, station_desk: Desk, runner: Any, backend: str
) -> None:
    other = auth.add_user(
        station_desk.core, station_desk.admin.as_actor(), username="clerk2", role="desk", display_name="周辅警",
        password=DESK_PASSWORD,
    )  # fmt: skip
    first = open_tab(qtbot, paths, station_desk, runner)
    fill_person_and_business(qtbot, first)
    qtbot.mouseClick(find(first, QPushButton, "walkin.materials_all"), Qt.MouseButton.LeftButton)
    save = find(first, QPushButton, "walkin.save")
    wait_for(qtbot, save.isEnabled)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: first.form.record is not None and not first.form.busy)
    application_id = first.form.record.application_id

    second = open_tab(qtbot, paths, station_desk, runner, other)
    second.open_record(application_id)
    wait_for(qtbot, lambda: second.form.record is not None)
    # Desk 1 changes the notes and saves; desk 2, still on the old version, changes them too.
    type_chinese(find(first, QPlainTextEdit, "walkin.notes"), "申请人下午来取")
    wait_for(qtbot, find(first, QPushButton, "walkin.save").isEnabled)
    qtbot.mouseClick(find(first, QPushButton, "walkin.save"), Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: not first.form.dirty and not first.form.busy)
    notes = find(second, QPlainTextEdit, "walkin.notes")
    type_chinese(notes, "电话已通知")
    second_phone = find(second, QLineEdit, "walkin.phone")
    second_phone.setText("13912345678")
    second_phone.textEdited.emit("13912345678")
    qtbot.mouseClick(find(second, QPushButton, "walkin.save"), Qt.MouseButton.LeftButton)
    conflict = find(second, QWidget, "walkin.conflict")
    wait_for(qtbot, conflict.isVisible)
    said = find(second, QLabel, "walkin.conflict_text").text()
    assert "李辅警" in said
    assert "备注" in said
    assert "申请人下午来取" in said
    assert notes.toPlainText() == "电话已通知"
    assert second_phone.text() == "13912345678"
    with station_desk.core.db.read() as session:
        assert session.execute(select(Application.notes)).scalar_one() == "申请人下午来取"
    # Having seen it, desk 2 saves over it on purpose.
    qtbot.mouseClick(find(second, QPushButton, "walkin.conflict_keep"), Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: not second.form.dirty and not second.form.busy)
    with station_desk.core.db.read() as session:
        assert session.execute(select(Application.notes)).scalar_one() == "电话已通知"


def test_a_lost_connection_keeps_the_form_and_the_retry_makes_one_record(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,
    runner: Any,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.errors import DatabaseUnavailable
    from desktop.services import intake

    real = intake.create_intake
    attempts: list[str] = []

    def cut_after_commit(core: Any, actor: Any, station: str, request_id: str, form: Any) -> Any:
        """The first save reaches the database, then the answer is lost (the worst case for duplicates)."""
        attempts.append(request_id)
        saved = real(core, actor, station, request_id, form)
        if len(attempts) == 1:
            raise DatabaseUnavailable("无法连接数据库或数据库无响应，请检查网络或服务器后重试。")
        return saved

    monkeypatch.setattr(intake, "create_intake", cut_after_commit)
    tab = open_tab(qtbot, paths, station_desk, runner)
    fill_person_and_business(qtbot, tab)
    qtbot.mouseClick(find(tab, QPushButton, "walkin.materials_all"), Qt.MouseButton.LeftButton)
    save = find(tab, QPushButton, "walkin.save")
    wait_for(qtbot, save.isEnabled)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    message = find(tab, QLabel, "walkin.message")
    wait_for(qtbot, lambda: "无法连接数据库" in message.text())
    assert "已保留" in message.text() or "kept" in message.text()
    assert tab.form.record is None
    assert find(tab, QLineEdit, "walkin.name").text() == "陈志明"
    assert find(tab, QLineEdit, "walkin.phone").text() == "13812345678"
    wait_for(qtbot, save.isEnabled)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # the retry
    wait_for(qtbot, lambda: tab.form.record is not None)
    assert attempts[0] == attempts[1]  # the same request both times
    with station_desk.core.db.read() as session:
        assert len(session.execute(select(Application.id)).all()) == 1
    assert find(tab, QLabel, "walkin.receipt_no").text().endswith("-0001")


def test_tab_moves_through_the_form_in_reading_order(
    qtbot: Any, paths: AppPaths, desk: Desk, runner: Any
) -> None:
    open_tab(qtbot, paths, desk, runner)  # the focus chain does not depend on the database: SQLite only
    press(qtbot, Qt.Key.Key_F2)
    order = [
        "walkin.business_code",
        "walkin.document_type",
        "walkin.id_number",
        "walkin.name",
        "walkin.phone",
        "walkin.address",
        "walkin.household_address",
        "walkin.has_agent",
    ]
    assert QApplication.focusWidget().objectName() == order[0]
    seen = [order[0]]
    for _ in order[1:]:
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    # Hidden rows (certificate kind, purpose, validity) are skipped while the business needs none of them.
    assert seen == order


def test_a_scanned_or_typed_receipt_number_with_enter_opens_the_record(
    qtbot: Any, paths: AppPaths, desk: Desk, runner: Any
) -> None:
    from desktop.services import intake
    from tests.desktop.services.test_intake import form

    saved = intake.create_intake(desk.core, desk.clerk.as_actor(), "XSLX01", "scan-1", form()).record
    intake.create_intake(desk.core, desk.clerk.as_actor(), "XSLX01", "scan-2", form("no_criminal_record"))
    tab = open_tab(qtbot, paths, desk, runner)
    search = find(tab, QLineEdit, "walkin.search")
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    qtbot.keyClicks(search, saved.receipt_no.lower())
    qtbot.keyClick(search, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: tab.form.record is not None and tab.form.record.receipt_no == saved.receipt_no)
    assert find(tab, QLabel, "walkin.receipt_no").text() == saved.receipt_no
