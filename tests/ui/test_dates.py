"""The optional date box types like a form field: it starts from today, takes "2026-12-06" or "20261206",
gives Tab back to the form, and says 未选择 until a date is chosen."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ui.widgets.dates import OptionalDateEdit


def _form(qtbot: Any) -> tuple[QWidget, OptionalDateEdit, QLineEdit]:
    window = QWidget()
    layout = QVBoxLayout(window)
    before, box, after = QLineEdit(), OptionalDateEdit(), QLineEdit()
    for widget in (before, box, after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    return window, box, after


def test_empty_until_entered_then_today(qtbot: Any) -> None:
    window, box, _after = _form(qtbot)
    assert box.value() is None
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)  # from the field before
    qtbot.waitUntil(box.hasFocus)
    assert box.date() == QDate.currentDate()


def test_typing_a_date_with_or_without_dashes_then_tab_leaves(qtbot: Any) -> None:
    _window, box, after = _form(qtbot)
    for typed in ("2027-01-05", "20270105", "2027-1-5", "2027/01/05"):
        box.set_value(None)
        box.setFocus()
        qtbot.waitUntil(box.hasFocus)
        qtbot.wait(10)  # the year part is selected once the focus has settled
        qtbot.keyClicks(box, typed)
        assert box.hasFocus(), typed  # a typed "-" moves to the month, not out of the box
        assert box.value() == date(2027, 1, 5), typed
        qtbot.keyClick(box, Qt.Key.Key_Tab)
        qtbot.waitUntil(after.hasFocus)
