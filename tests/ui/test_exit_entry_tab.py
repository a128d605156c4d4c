"""The 出入境受理 tab driven through its widgets in the real main window, against SQLite and PostgreSQL: a HK/Macau
permit with two endorsements, the fee the form shows while choosing, the saved rows and the printed receipt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTabWidget
from sqlalchemy import select

from desktop.db.models import Application, Endorsement, ExitEntryDetail
from desktop.paths import AppPaths
from tests.ui.conftest import Desk, wait_for
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


def _exit_entry_tab(qtbot: Any, paths: AppPaths, desk: Desk, runner: Any) -> Any:
    walkin = open_tab(qtbot, paths, desk, runner)
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
