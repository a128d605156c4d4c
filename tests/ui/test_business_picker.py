"""The business-type picker driven from the keyboard, as the desk uses it: initials, arrows, Enter, Esc, Tab.

The picker sits in a small form between two other fields, so focus moving on and window shortcuts (Esc is the
form's 放弃修改) are checked for real. Chinese is typed one character at a time with sendKeyEvent (keyClicks with
non-ASCII text aborts pytest).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QListWidget, QWidget

from desktop.errors import ValidationError
from ui.widgets.business_picker import BusinessPicker

ID_CARDS = ["id_card_first", "id_card_renewal", "id_card_reissue", "id_card_temporary"]


class Form(QWidget):
    """A field before the picker, the picker, a field after it, and the window's own Esc shortcut."""

    def __init__(self) -> None:
        super().__init__()
        layout = QFormLayout(self)
        self.before = QLineEdit()
        self.before.setObjectName("walkin.before")
        self.picker = BusinessPicker()
        self.after = QLineEdit()
        self.after.setObjectName("walkin.after")
        self.label = QLabel("note")
        layout.addRow("Before", self.before)
        layout.addRow("Business", self.picker)
        layout.addRow("After", self.after)
        layout.addRow(self.label)
        self.escapes = 0
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        shortcut.activated.connect(self._escaped)
        self.chosen: list[str] = []
        self.picker.chosen.connect(self.chosen.append)

    def _escaped(self) -> None:
        self.escapes += 1


@pytest.fixture
def form(qtbot: Any) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    widget.resize(520, 360)
    widget.show()
    qtbot.waitExposed(widget)
    field(widget).setFocus()
    qtbot.waitUntil(field(widget).hasFocus)
    return widget


def field(form: Form) -> QLineEdit:
    edit = form.findChild(QLineEdit, "walkin.business_code")
    assert edit is not None
    return edit


def matches(form: Form) -> QListWidget:
    found = form.findChild(QListWidget, "walkin.business_list")
    assert found is not None
    return found


def codes(form: Form) -> list[str]:
    shown = matches(form)
    return [shown.item(row).data(Qt.ItemDataRole.UserRole) for row in range(shown.count())]


def type_chinese(widget: QWidget, text: str) -> None:
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def test_initials_then_enter_picks_the_only_match_and_moves_on(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "wfz")
    assert matches(form).isVisible()
    assert [matches(form).item(r).text() for r in range(matches(form).count())] == ["无犯罪记录证明 · 证明"]
    assert QApplication.focusWidget() is field(form)  # the list never takes the caret

    qtbot.keyClick(field(form), Qt.Key.Key_Return)

    assert form.picker.code() == "no_criminal_record"
    assert field(form).text() == "无犯罪记录证明"
    assert form.chosen == ["no_criminal_record"]
    assert not matches(form).isVisible()
    assert QApplication.focusWidget() is form.after


def test_arrows_move_through_the_matches_and_enter_picks_the_highlighted_one(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    assert codes(form) == ID_CARDS
    assert matches(form).currentRow() == -1

    qtbot.keyClick(field(form), Qt.Key.Key_Down)
    qtbot.keyClick(field(form), Qt.Key.Key_Down)
    qtbot.keyClick(field(form), Qt.Key.Key_Down)
    qtbot.keyClick(field(form), Qt.Key.Key_Up)
    assert matches(form).currentRow() == 1
    qtbot.keyClick(field(form), Qt.Key.Key_Return)

    assert form.picker.code() == "id_card_renewal"
    assert form.chosen == ["id_card_renewal"]
    assert QApplication.focusWidget() is form.after


def test_up_from_nothing_highlighted_wraps_to_the_last_match(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    qtbot.keyClick(field(form), Qt.Key.Key_Up)
    assert matches(form).currentRow() == len(ID_CARDS) - 1
    qtbot.keyClick(field(form), Qt.Key.Key_Down)
    assert matches(form).currentRow() == 0


def test_enter_without_a_highlight_picks_the_first_match(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    qtbot.keyClick(field(form), Qt.Key.Key_Enter)
    assert form.picker.code() == "id_card_first"
    assert form.chosen == ["id_card_first"]


def test_the_list_stays_open_while_typing_even_without_a_match(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "qqq")
    assert matches(form).isVisible()
    assert codes(form) == [None]  # the "nothing matches" line
    qtbot.keyClick(field(form), Qt.Key.Key_Return)  # nothing to pick: nothing happens
    assert form.picker.code() == ""
    assert matches(form).isVisible()
    for _ in range(3):
        qtbot.keyClick(field(form), Qt.Key.Key_Backspace)
    assert matches(form).isVisible()
    assert len(codes(form)) == 13  # an empty field lists every business
    assert form.chosen == []


def test_escape_closes_the_list_without_choosing_and_keeps_the_window_shortcut_quiet(
    form: Form, qtbot: Any
) -> None:
    qtbot.keyClicks(field(form), "sfz")
    qtbot.keyClick(field(form), Qt.Key.Key_Down)
    qtbot.keyClick(field(form), Qt.Key.Key_Escape)

    assert not matches(form).isVisible()
    assert form.picker.code() == ""
    assert field(form).text() == "sfz"
    assert form.chosen == []
    assert form.escapes == 0
    assert QApplication.focusWidget() is field(form)

    qtbot.keyClick(field(form), Qt.Key.Key_Escape)  # with the list closed, Esc is the window's again
    assert form.escapes == 1


def test_escape_keeps_an_earlier_choice(form: Form, qtbot: Any) -> None:
    form.picker.set_code("no_criminal_record")
    qtbot.keyClick(field(form), Qt.Key.Key_Down)  # ↓ on a closed list: every business, the choice highlighted
    assert len(codes(form)) == 13
    assert codes(form)[matches(form).currentRow()] == "no_criminal_record"
    qtbot.keyClick(field(form), Qt.Key.Key_Escape)

    assert form.picker.code() == "no_criminal_record"
    assert field(form).text() == "无犯罪记录证明"
    assert form.chosen == ["no_criminal_record"]


def test_set_code_shows_the_name_without_a_list_and_emits_chosen(form: Form) -> None:
    form.picker.set_code("birth_registration")

    assert field(form).text() == "出生登记（新生儿入户）"
    assert form.picker.code() == "birth_registration"
    assert not matches(form).isVisible()
    assert form.chosen == ["birth_registration"]

    with pytest.raises(ValidationError):
        form.picker.set_code("no_such_business")
    assert form.picker.code() == "birth_registration"


def test_clear_empties_the_field_and_emits_an_empty_code(form: Form) -> None:
    form.picker.set_code("hukou_move_in")
    form.picker.clear()
    assert field(form).text() == ""
    assert form.picker.code() == ""
    assert form.chosen == ["hukou_move_in", ""]
    form.picker.clear()  # nothing chosen: nothing to announce
    assert form.chosen == ["hukou_move_in", ""]


def test_typing_after_a_choice_starts_a_new_search_and_a_click_picks(form: Form, qtbot: Any) -> None:
    form.picker.set_code("no_criminal_record")
    field(form).selectAll()
    qtbot.keyClicks(field(form), "hk")

    assert form.picker.code() == ""
    assert form.chosen == ["no_criminal_record", ""]
    assert codes(form) == ["hukou_move_in", "hukou_move_out", "death_cancellation"]  # prefix matches first

    shown = matches(form)
    target = shown.visualItemRect(shown.item(1)).center()
    qtbot.mouseClick(shown.viewport(), Qt.MouseButton.LeftButton, pos=target)

    assert form.picker.code() == "hukou_move_out"
    assert field(form).text() == "户口迁出"
    assert form.chosen == ["no_criminal_record", "", "hukou_move_out"]
    assert not shown.isVisible()
    assert QApplication.focusWidget() is form.after


def test_chinese_text_finds_the_business(form: Form, qtbot: Any) -> None:
    type_chinese(field(form), "出生")
    assert codes(form) == ["birth_registration"]
    qtbot.keyClick(field(form), Qt.Key.Key_Return)
    assert form.picker.code() == "birth_registration"


def test_leaving_with_text_that_fits_one_business_picks_it(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "swzx")
    qtbot.keyClick(field(form), Qt.Key.Key_Tab)

    assert form.picker.code() == "death_cancellation"
    assert field(form).text() == "死亡注销户口"
    assert form.chosen == ["death_cancellation"]
    assert QApplication.focusWidget() is form.after
    assert not matches(form).isVisible()


def test_leaving_with_text_that_fits_several_picks_nothing(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    qtbot.keyClick(field(form), Qt.Key.Key_Tab)

    assert form.picker.code() == ""
    assert field(form).text() == "sfz"
    assert form.chosen == []
    assert not matches(form).isVisible()
    assert QApplication.focusWidget() is form.after


def test_tab_on_a_highlighted_match_picks_it(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    qtbot.keyClick(field(form), Qt.Key.Key_Down)
    qtbot.keyClick(field(form), Qt.Key.Key_Down)
    qtbot.keyClick(field(form), Qt.Key.Key_Tab)
    assert form.picker.code() == "id_card_renewal"
    assert form.chosen == ["id_card_renewal"]
    assert QApplication.focusWidget() is form.after


def test_enter_after_escape_picks_a_single_match_or_reopens_the_list(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    qtbot.keyClick(field(form), Qt.Key.Key_Escape)
    qtbot.keyClick(field(form), Qt.Key.Key_Return)
    assert matches(form).isVisible()
    assert form.picker.code() == ""

    field(form).clear()
    qtbot.keyClicks(field(form), "wfz")
    qtbot.keyClick(field(form), Qt.Key.Key_Escape)
    qtbot.keyClick(field(form), Qt.Key.Key_Return)
    assert form.picker.code() == "no_criminal_record"


def test_a_click_elsewhere_closes_the_list(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    qtbot.mouseClick(form.label, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert not matches(form).isVisible()
    assert form.picker.code() == ""


def test_the_list_opens_under_the_field(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "s")
    shown = matches(form)
    under = field(form).mapToGlobal(QPoint(0, field(form).height()))
    assert shown.geometry().topLeft() == under
    assert shown.width() >= field(form).width()
    assert shown.sizeHintForColumn(0) <= shown.viewport().width()  # every match fits its line


def test_disabled_picker_closes_its_list(form: Form, qtbot: Any) -> None:
    qtbot.keyClicks(field(form), "sfz")
    form.picker.setEnabled(False)
    assert not matches(form).isVisible()
