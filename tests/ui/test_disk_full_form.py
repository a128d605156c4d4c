"""The 来访受理 form on a single desk whose disk has just filled up: pressing save says so in Chinese, keeps every
field as typed and editable, saves nothing; after space is freed the same form saves one record, numbered next."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton
from sqlalchemy import func, select

from desktop.db.models import Application, Person
from desktop.paths import AppPaths
from desktop.services.core import Actor
from tests.helpers.disk import DiskCap, save_until_full
from tests.ui.conftest import Desk, wait_for
from tests.ui.test_walkin_tab import APPLICANT_ID, fill_person_and_business, find, open_tab, type_chinese

TYPED_LINES = ("walkin.id_number", "walkin.name", "walkin.phone", "walkin.address")


def test_a_full_disk_keeps_the_typed_form_and_the_save_after_freeing_space_makes_one_record(
    qtbot: Any, paths: AppPaths, desk: Desk, runner: Any
) -> None:
    tab = open_tab(qtbot, paths, desk, runner)
    fill_person_and_business(qtbot, tab)
    type_chinese(find(tab, QPlainTextEdit, "walkin.notes"), "申请人下午来取，电话已通知")
    qtbot.mouseClick(find(tab, QPushButton, "walkin.materials_all"), Qt.MouseButton.LeftButton)
    save = find(tab, QPushButton, "walkin.save")
    wait_for(qtbot, save.isEnabled)
    typed = {name: find(tab, QLineEdit, name).text() for name in TYPED_LINES}
    notes = find(tab, QPlainTextEdit, "walkin.notes")

    # The disk fills up while the clerk types: the other saves of the day until the next one no longer fits.
    disk = DiskCap(desk.core.db)
    disk.fill()
    clerk = Actor(username=desk.clerk.username, role="desk", user_id=desk.clerk.id)
    fitted, refused = save_until_full(desk.core, clerk, desk.station.code, tab.form.form_input())
    assert "磁盘空间已满" in refused.message

    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    message = find(tab, QLabel, "walkin.message")
    wait_for(qtbot, lambda: "磁盘空间已满" in message.text())
    assert "请清理磁盘后重试" in message.text()
    assert "kept" in message.text() or "已保留" in message.text()  # the form says the typing is still there
    assert tab.form.record is None
    for name, text in typed.items():
        field = find(tab, QLineEdit, name)
        assert field.text() == text, name
        assert field.isEnabled(), name
        assert not field.isReadOnly(), name
    assert notes.toPlainText() == "申请人下午来取，电话已通知"
    assert notes.isEnabled()
    assert not notes.isReadOnly()
    wait_for(qtbot, save.isEnabled)  # nothing locked: the clerk can try again
    with desk.core.db.read() as session:
        assert session.execute(select(func.count()).select_from(Application)).scalar_one() == fitted
        assert session.execute(select(Person.id).where(Person.id_number == APPLICANT_ID)).first() is None

    type_chinese(notes, "。")  # still editable: the clerk adds to the note while someone clears the disk
    disk.free()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: tab.form.record is not None)
    number = find(tab, QLabel, "walkin.receipt_no").text()
    assert number.endswith(f"-{fitted + 1:04d}")  # the refused save drew no number
    with desk.core.db.read() as session:
        mine = session.execute(
            select(Application.receipt_no, Application.notes).where(
                Application.request_id == tab.form.record.request_id
            )
        ).all()
        assert [tuple(row) for row in mine] == [(number, "申请人下午来取，电话已通知。")]
        assert session.execute(select(func.count()).select_from(Application)).scalar_one() == fitted + 1
    disk.remove()
