"""The 出入境受理 tab driven through its widgets in the real main window, against SQLite and PostgreSQL: a HK/Macau
permit with two endorsements, the fee the form shows while choosing, the saved rows and the printed receipt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from desktop.db.models import Application, Endorsement, ExitEntryDetail
from desktop.paths import AppPaths
from tests.ui.conftest import Desk, top_level, wait_for
from tests.ui.test_walkin_tab import (  # noqa: F401  (station_desk is a fixture)
    APPLICANT_ID,
    find,
    open_tab,
    pdf_text,
    press,
    print_to_pdf,
    station_desk,
    type_chinese,
)


def _exit_entry_tab(qtbot: Any, paths: AppPaths, desk: Desk, runner: Any, user: Any = None) -> Any:
    walkin = open_tab(qtbot, paths, desk, runner, user)
    tabs = walkin.window().findChild(QTabWidget, "main.tabs")
    index = next(i for i in range(tabs.count()) if tabs.widget(i).objectName() == "exit_entry.tab")
    tabs.setCurrentIndex(index)
    return tabs.widget(index)


def test_a_permit_with_two_endorsements_is_saved_priced_and_printed(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    tmp_path: Path,
    backend: str,
) -> None:
    tab = _exit_entry_tab(qtbot, paths, station_desk, runner)
    press(qtbot, Qt.Key.Key_F2)
    document = find(tab, QComboBox, "exit_entry.document_type")
    document.setCurrentIndex(document.findData("hk_macau"))
    kind = find(tab, QComboBox, "exit_entry.application_type")
    kind.setCurrentIndex(kind.findData("first"))
    add = find(tab, QPushButton, "exit_entry.add_endorsement")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    find(tab, QComboBox, "exit_entry.endorsement_type.0").setCurrentIndex(
        find(tab, QComboBox, "exit_entry.endorsement_type.0").findData("G")
    )
    find(tab, QComboBox, "exit_entry.endorsement_tier.0").setCurrentIndex(
        find(tab, QComboBox, "exit_entry.endorsement_tier.0").findData("single")
    )
    find(tab, QComboBox, "exit_entry.endorsement_type.1").setCurrentIndex(
        find(tab, QComboBox, "exit_entry.endorsement_type.1").findData("T")
    )
    find(tab, QComboBox, "exit_entry.endorsement_tier.1").setCurrentIndex(
        find(tab, QComboBox, "exit_entry.endorsement_tier.1").findData("multi_1y")
    )
    assert find(tab, QLabel, "exit_entry.fee_fen").text().startswith("155.00 元")
    number = find(tab, QLineEdit, "exit_entry.id_number")
    number.setFocus()
    qtbot.keyClicks(number, APPLICANT_ID)
    type_chinese(find(tab, QLineEdit, "exit_entry.name"), "陈志明")
    phone = find(tab, QLineEdit, "exit_entry.phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "13812345678")
    photo = find(tab, QLineEdit, "exit_entry.photo_receipt_no")
    photo.setFocus()
    qtbot.keyClicks(photo, "ZP20261129001")
    save = find(tab, QPushButton, "exit_entry.save")
    assert "3" in find(tab, QLabel, "exit_entry.save_hint").text()  # three required materials not ticked yet
    qtbot.mouseClick(find(tab, QPushButton, "exit_entry.materials_all"), Qt.MouseButton.LeftButton)
    wait_for(qtbot, save.isEnabled)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    label = find(tab, QLabel, "exit_entry.receipt_no")
    wait_for(qtbot, lambda: label.text().startswith("XSLX01-"))
    with station_desk.core.db.read() as session:
        app = session.execute(select(Application)).scalar_one()
        detail = session.get_one(ExitEntryDetail, app.id)
        tiers = session.execute(select(Endorsement.type, Endorsement.tier).order_by(Endorsement.id)).all()
    assert (app.kind, app.fee_fen, app.status, app.receipt_no) == (
        "exit_entry",
        15500,
        "received",
        label.text(),
    )
    assert (detail.document_type, detail.application_type, detail.photo_receipt_no) == (
        "hk_macau",
        "first",
        "ZP20261129001",
    )
    assert [tuple(t) for t in tiers] == [("G", "single"), ("T", "multi_1y")]
    target = tmp_path / "receipt.pdf"
    print_to_pdf(qtbot, tab, target, area="exit_entry")
    text = pdf_text(target)
    assert label.text() in text
    assert "往来港澳通行证" in text
    assert "155.00" in text
    assert APPLICANT_ID not in text
    tab.new_record()  # what F2 calls: the next applicant starts with nothing handed over
    assert tab.form.record is None
    assert not any(m.received for m in tab.form.materials.materials())


def test_two_applications_are_batched_handed_over_issued_collected_and_posted(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    tmp_path: Path,
    backend: str,
) -> None:
    from desktop.db.models import AuditEvent
    from desktop.services import exit_entry
    from tests.desktop.services.test_exit_entry import ADULT, form
    from tests.desktop.services.test_handover import OTHER

    clerk = station_desk.clerk.as_actor()
    first = exit_entry.create_exit_entry(
        station_desk.core, clerk, "XSLX01", "g1", form("hk_macau", "first", ("G", "single"))
    )
    second = exit_entry.create_exit_entry(
        station_desk.core, clerk, "XSLX01", "g2", form("passport", "first", applicant=OTHER)
    )
    tab = _exit_entry_tab(qtbot, paths, station_desk, runner)
    pages = find(tab, QTabWidget, "exit_entry.pages")
    pages.setCurrentWidget(tab.handover)
    waiting = find(tab, QTableWidget, "exit_entry.batchable")
    wait_for(qtbot, lambda: waiting.rowCount() == 2)
    qtbot.mouseClick(find(tab, QPushButton, "exit_entry.create_batch"), Qt.MouseButton.LeftButton)
    batches = find(tab, QTableWidget, "exit_entry.batches")
    wait_for(qtbot, lambda: batches.rowCount() == 1 and waiting.rowCount() == 0)
    batch_no = batches.item(0, 0).text()
    assert batch_no.startswith("XSLX01-YJ-")

    target = tmp_path / "handover.pdf"
    qtbot.mouseClick(find(tab, QPushButton, "exit_entry.print_handover"), Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: top_level(QPrintDialog, "exit_entry.print_dialog") is not None)
    dialog = top_level(QPrintDialog, "exit_entry.print_dialog")
    printers = dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(next(i for i in range(printers.count()) if "PDF" in printers.itemText(i)))
    find(dialog, QLineEdit, "filename").setText(str(target))
    dialog.accept()
    wait_for(qtbot, lambda: target.exists() and target.stat().st_size > 0)
    text = pdf_text(target)
    assert batch_no in text
    assert first.receipt_no in text
    assert second.receipt_no in text
    assert ADULT.id_number not in text
    assert OTHER.id_number not in text
    assert "440803********" + ADULT.id_number[-4:] in text

    find(tab, QLineEdit, "exit_entry.received_by_name").setText("出入境窗口 王警官")
    wait_for(qtbot, lambda: find(tab, QPushButton, "exit_entry.hand_over").isEnabled())
    qtbot.mouseClick(find(tab, QPushButton, "exit_entry.hand_over"), Qt.MouseButton.LeftButton)
    issued = find(tab, QPushButton, "exit_entry.mark_issued")
    wait_for(qtbot, issued.isEnabled)
    qtbot.mouseClick(issued, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: batches.item(0, 4) is not None and batches.item(0, 4).text() == "✔")

    pages.setCurrentWidget(tab.pickup)
    pending = find(tab, QTableWidget, "exit_entry.pending")
    wait_for(qtbot, lambda: pending.rowCount() == 2)
    pending.selectRow(0)
    assert find(tab, QLineEdit, "exit_entry.pickup_receipt_no").text() == first.receipt_no
    find(tab, QLineEdit, "exit_entry.pickup_id_number").setText(ADULT.id_number)
    qtbot.mouseClick(find(tab, QPushButton, "exit_entry.pick_up"), Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: pending.rowCount() == 1)
    find(tab, QLineEdit, "exit_entry.pickup_receipt_no").setText(second.receipt_no)
    find(tab, QLineEdit, "exit_entry.tracking_no").setText("EA123456785CN")
    find(tab, QLineEdit, "exit_entry.ems_address").setText("湛江市霞山区录霞路18号 陈志明")
    qtbot.mouseClick(find(tab, QPushButton, "exit_entry.dispatch_ems"), Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: pending.rowCount() == 0)

    with station_desk.core.db.read() as session:
        statuses = session.execute(select(Application.status).order_by(Application.id)).scalars().all()
        actions = set(session.execute(select(AuditEvent.action)).scalars())
    assert statuses == ["picked_up", "picked_up"]
    assert {"handover.create", "handover.print", "handover.hand_over", "exit_entry.issued", "exit_entry.pickup",
            "exit_entry.ems"} <= actions  # fmt: skip


def test_a_document_waiting_81_days_is_highlighted_on_the_pickup_page(
    qtbot: Any, paths: AppPaths, desk: Desk, runner: Any
) -> None:
    from datetime import UTC, datetime

    from desktop.clock import ManualClock
    from desktop.services import exit_entry, handover
    from desktop.services.core import Core
    from tests.desktop.services.test_exit_entry import form
    from tests.ui.conftest import make_context
    from ui.tabs.exit_entry_pickup import OVERDUE, PickupPage

    clock = ManualClock(datetime(2026, 9, 1, 2, 0, tzinfo=UTC))
    core = Core(db=desk.core.db, clock=clock)
    clerk = desk.clerk.as_actor()
    record = exit_entry.create_exit_entry(core, clerk, "XSLX01", "old", form("passport", "first"))
    fresh = exit_entry.create_exit_entry(core, clerk, "XSLX01", "new", form("hk_macau", "first"))
    batch = handover.create_batch(core, clerk, "XSLX01", "b", [record.application_id])
    handover.render_handover(core, clerk, batch.batch_no)
    handover.hand_over(core, clerk, batch.batch_no, "王警官", version=batch.version)
    handover.mark_issued(core, clerk, [record.application_id])
    clock.advance(days=81)
    later = handover.create_batch(core, clerk, "XSLX01", "b2", [fresh.application_id])
    handover.render_handover(core, clerk, later.batch_no)
    handover.hand_over(core, clerk, later.batch_no, "王警官", version=later.version)
    handover.mark_issued(core, clerk, [fresh.application_id])

    page = PickupPage(make_context(paths, desk, runner, desk.clerk).with_changes(core=core))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    table = find(page, QTableWidget, "exit_entry.pending")
    wait_for(qtbot, lambda: table.rowCount() == 2)
    assert table.item(0, 0).text() == record.receipt_no  # longest waiting first
    assert table.item(0, 4).text() == "81"
    assert table.item(0, 0).background().color() == OVERDUE
    assert table.item(1, 0).background().color() != OVERDUE


def test_a_returned_application_is_completed_when_the_missing_material_comes(
    qtbot: Any, paths: AppPaths, desk: Desk, runner: Any
) -> None:
    from dataclasses import replace

    from desktop.services import exit_entry
    from tests.desktop.services.test_exit_entry import form
    from ui.widgets.materials_table import MaterialsTable

    base = form("passport", "first")
    incomplete = replace(
        base, materials=tuple(replace(m, received=m.code != "photo_receipt") for m in base.materials)
    )
    record = exit_entry.create_exit_entry(desk.core, desk.clerk.as_actor(), "XSLX01", "r1", incomplete)
    tab = _exit_entry_tab(qtbot, paths, desk, runner)
    wait_for(qtbot, lambda: tab.model.rowCount() == 1)
    table = find(tab, QTableView, "exit_entry.list")
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(0, 0)).center()
    )
    wait_for(qtbot, lambda: tab.form.record is not None)
    assert find(tab, QLabel, "exit_entry.receipt_no").text() == record.receipt_no
    assert "已退回" in find(tab, QLabel, "exit_entry.status_label").text()
    assert find(tab, QLineEdit, "exit_entry.photo_receipt_no").text() == "ZP20261127001"
    assert isinstance(tab.form.materials, MaterialsTable)
    save = find(tab, QPushButton, "exit_entry.save")
    assert not save.isEnabled()
    tick = find(tab, QCheckBox, "exit_entry.materials.received.photo_receipt")
    tick.setFocus()
    qtbot.keyClick(tick, Qt.Key.Key_Space)  # as the desk ticks it
    wait_for(qtbot, save.isEnabled)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: tab.form.record is not None and tab.form.record.status == "received")
    assert "已受理" in find(tab, QLabel, "exit_entry.status_label").text()


def _open_first_row(qtbot: Any, tab: Any) -> None:
    wait_for(qtbot, lambda: tab.model.rowCount() >= 1)
    table = find(tab, QTableView, "exit_entry.list")
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(0, 0)).center()
    )
    wait_for(qtbot, lambda: tab.form.record is not None)


def test_two_desks_correcting_one_application_the_second_sees_the_conflict_with_edits_kept(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    backend: str,
) -> None:
    from desktop.services import auth, exit_entry
    from tests.desktop.services.test_exit_entry import form
    from tests.ui.conftest import DESK_PASSWORD

    other = auth.add_user(
        station_desk.core, station_desk.admin.as_actor(), username="clerk2", role="desk", display_name="周辅警",
        password=DESK_PASSWORD,
    )  # fmt: skip
    record = exit_entry.create_exit_entry(
        station_desk.core,
        station_desk.clerk.as_actor(),
        "XSLX01",
        "c1",
        form("hk_macau", "first", ("G", "single")),
    )
    first = _exit_entry_tab(qtbot, paths, station_desk, runner)
    _open_first_row(qtbot, first)
    second = _exit_entry_tab(qtbot, paths, station_desk, runner, other)
    _open_first_row(qtbot, second)
    # Desk 1 corrects the purpose and saves.
    purpose = find(first, QLineEdit, "exit_entry.purpose")
    assert not purpose.isReadOnly()
    type_chinese(purpose, "探亲")
    save = find(first, QPushButton, "exit_entry.save")
    wait_for(qtbot, save.isEnabled)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: not first.form.dirty and not first.form.busy)
    assert first.form.record.version == record.version + 1
    # Desk 2, still on the old version, adds a T endorsement: the fee follows at once, the save meets the conflict.
    qtbot.mouseClick(find(second, QPushButton, "exit_entry.add_endorsement"), Qt.MouseButton.LeftButton)
    kind = find(second, QComboBox, "exit_entry.endorsement_type.1")
    kind.setCurrentIndex(kind.findData("T"))
    tier = find(second, QComboBox, "exit_entry.endorsement_tier.1")
    tier.setCurrentIndex(tier.findData("multi_1y"))
    fee = find(second, QLabel, "exit_entry.fee_fen")
    wait_for(qtbot, lambda: "155.00" in fee.text())  # 60 + 15 (G single) + 80 (T one-year multiple)
    second_save = find(second, QPushButton, "exit_entry.save")
    wait_for(qtbot, second_save.isEnabled)
    qtbot.mouseClick(second_save, Qt.MouseButton.LeftButton)
    conflict = find(second, QWidget, "exit_entry.conflict")
    wait_for(qtbot, conflict.isVisible)
    said = find(second, QLabel, "exit_entry.conflict_text").text()
    assert "出境事由" in said
    assert "探亲" in said
    assert len(second.form.endorsements.values()) == 2  # desk 2's edit is still in the form
    with station_desk.core.db.read() as session:
        assert len(session.execute(select(Endorsement)).all()) == 1
    # Having seen it, desk 2 saves over it on purpose.
    qtbot.mouseClick(find(second, QPushButton, "exit_entry.conflict_keep"), Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: not second.form.dirty and not second.form.busy)
    with station_desk.core.db.read() as session:
        assert len(session.execute(select(Endorsement)).all()) == 2
        assert session.execute(select(ExitEntryDetail.purpose)).scalar_one() == "旅游"


def test_an_open_application_batched_meanwhile_shows_locked_when_the_page_comes_back(
    qtbot: Any, paths: AppPaths, desk: Desk, runner: Any
) -> None:
    from desktop.services import exit_entry, handover
    from tests.desktop.services.test_exit_entry import form

    record = exit_entry.create_exit_entry(
        desk.core, desk.clerk.as_actor(), "XSLX01", "b1", form("passport", "first")
    )
    tab = _exit_entry_tab(qtbot, paths, desk, runner)
    _open_first_row(qtbot, tab)
    purpose = find(tab, QLineEdit, "exit_entry.purpose")
    assert not purpose.isReadOnly()
    handover.create_batch(desk.core, desk.clerk.as_actor(), "XSLX01", "batch-b1", [record.application_id])
    pages = find(tab, QTabWidget, "exit_entry.pages")
    pages.setCurrentIndex(1)
    pages.setCurrentIndex(0)
    wait_for(qtbot, purpose.isReadOnly)
    assert "移交批次" in find(tab, QLabel, "exit_entry.save_hint").text()
    assert not find(tab, QPushButton, "exit_entry.save").isEnabled()
