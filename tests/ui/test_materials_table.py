"""The materials checklist: what the desk ticks survives a change of the case, 全部收齐, the summary line, the
values handed to the service, the object names, the tab order and the layout (nothing clipped)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.catalog import load_catalog
from desktop.domain.intake_rules import MaterialInput, materials_for
from ui.widgets.form import ERROR_STYLE, OK_STYLE
from ui.widgets.materials_table import MaterialsTable

CATALOG = load_catalog()
BIRTH = CATALOG.walkin("birth_registration")
NO_RECORD = CATALOG.walkin("no_criminal_record")


class Form(QWidget):
    """The table between two fields, ordered the way the walk-in form orders its fields."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.after = QLineEdit(self)  # created first: the form's setTabOrder has to put it in its place
        self.after.setObjectName("walkin.after")
        self.table = MaterialsTable(CATALOG, self)
        self.before = QLineEdit(self)
        self.before.setObjectName("walkin.before")
        layout.addWidget(self.before)
        layout.addWidget(self.table)
        layout.addWidget(self.after)
        QWidget.setTabOrder(self.before, self.table)
        QWidget.setTabOrder(self.table, self.after)
        self.edits = 0
        self.table.changed.connect(self._changed)

    def _changed(self) -> None:
        self.edits += 1


@pytest.fixture
def form(qtbot: Any) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    widget.resize(640, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def box(form: Form, kind: type[Any], name: str) -> Any:
    found = form.findChild(kind, name)
    assert found is not None, name
    return found


def received(form: Form, code: str) -> QCheckBox:
    return box(form, QCheckBox, f"walkin.materials.received.{code}")  # type: ignore[no-any-return]


def summary(form: Form) -> QLabel:
    return box(form, QLabel, "walkin.materials_summary")  # type: ignore[no-any-return]


def focused() -> QWidget:
    """The widget with the keyboard focus; a spin box rather than the line edit inside it."""
    widget = QApplication.focusWidget()
    assert widget is not None
    parent = widget.parentWidget()
    if widget.objectName() == "qt_spinbox_lineedit" and parent is not None:
        return parent
    return widget


def settle() -> None:
    """Let the event loop run as it would between two key presses (the view deletes old rows later)."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def test_every_row_has_its_named_boxes(form: Form) -> None:
    form.table.set_materials(materials_for(BIRTH, has_agent=False, minor=False))

    table = box(form, QTableWidget, "walkin.materials")
    assert table.rowCount() == len(BIRTH.materials)
    for material in BIRTH.materials:
        assert box(form, QComboBox, f"walkin.materials.form.{material.code}").currentData() == material.form
        assert box(form, QSpinBox, f"walkin.materials.count.{material.code}").value() == material.count
        assert not received(form, material.code).isChecked()
    assert box(form, QPushButton, "walkin.materials_all").isEnabled()
    names = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert names == [m.name for m in BIRTH.materials]
    needs = [box(form, QLabel, f"walkin.materials.need.{m.code}").text() for m in BIRTH.materials]
    assert needs == ["Required"] * 4 + ["As needed"] * 2
    assert table.item(4, 0).toolTip() == "非婚生育说明\n非婚生育时提交"  # the catalog's note


def test_materials_returns_the_desk_values_in_catalog_order(form: Form, qtbot: Any) -> None:
    form.table.set_materials(materials_for(BIRTH, has_agent=False, minor=False))
    box(form, QComboBox, "walkin.materials.form.hukou_book").setCurrentIndex(1)
    box(form, QSpinBox, "walkin.materials.count.parents_id_card").setValue(3)
    received(form, "birth_medical_certificate").click()

    values = {m.code: m for m in form.table.materials()}
    assert [m.code for m in form.table.materials()] == [m.code for m in BIRTH.materials]
    assert values["hukou_book"] == MaterialInput("hukou_book", "落户方居民户口簿", "copy", 1, False, True)
    assert values["parents_id_card"].count == 3
    assert values["birth_medical_certificate"].received
    assert values["out_of_wedlock_statement"] == MaterialInput(
        "out_of_wedlock_statement", "非婚生育说明", "original", 1, False, False
    )
    assert form.edits == 3


def test_a_proxy_makes_papers_required_and_keeps_what_was_ticked(form: Form) -> None:
    form.table.set_materials(materials_for(NO_RECORD, has_agent=False, minor=False))
    received(form, "id_card").click()
    box(form, QComboBox, "walkin.materials.form.power_of_attorney").setCurrentIndex(1)
    received(form, "power_of_attorney").click()
    edits = form.edits

    form.table.set_materials(materials_for(NO_RECORD, has_agent=True, minor=False))

    values = {m.code: m for m in form.table.materials()}
    assert values["id_card"].received
    assert values["power_of_attorney"] == MaterialInput(
        "power_of_attorney", "授权委托书", "copy", 1, True, True
    )
    assert values["agent_id_card"].required
    assert not values["agent_id_card"].received
    assert form.table.missing_required() == ["代办人居民身份证"]
    assert form.edits == edits  # set_materials is no edit of the desk's


def test_a_new_list_keeps_values_for_codes_already_shown(form: Form) -> None:
    form.table.set_materials(materials_for(NO_RECORD, has_agent=False, minor=False))
    received(form, "hukou_book").click()
    box(form, QSpinBox, "walkin.materials.count.hukou_book").setValue(2)

    form.table.set_materials(materials_for(BIRTH, has_agent=False, minor=False))

    values = {m.code: m for m in form.table.materials()}
    assert values["hukou_book"].received
    assert values["hukou_book"].count == 2
    assert values["hukou_book"].name == "落户方居民户口簿"  # the new list's name
    assert [m.code for m in form.table.materials()] == [m.code for m in BIRTH.materials]


def test_a_stored_record_can_overwrite_the_desk_values(form: Form) -> None:
    checklist = materials_for(BIRTH, has_agent=False, minor=False)
    form.table.set_materials(checklist)
    received(form, "hukou_book").click()
    stored = tuple(replace(m, received=m.code != "hukou_book", form="copy") for m in checklist)

    form.table.set_materials(stored, keep_desk_values=False)

    assert form.table.materials() == stored


def test_all_received_ticks_every_required_row_only(form: Form, qtbot: Any) -> None:
    form.table.set_materials(materials_for(BIRTH, has_agent=False, minor=False))
    qtbot.mouseClick(box(form, QPushButton, "walkin.materials_all"), Qt.MouseButton.LeftButton)

    ticked = {m.code: m.received for m in form.table.materials()}
    assert ticked == {m.code: m.required for m in BIRTH.materials}
    assert form.table.missing_required() == []
    assert form.edits == 1
    assert not box(form, QPushButton, "walkin.materials_all").isEnabled()  # nothing left to tick


def test_summary_names_what_is_missing_then_says_complete(form: Form) -> None:
    form.table.set_materials(materials_for(NO_RECORD, has_agent=True, minor=False))
    received(form, "id_card").click()
    received(form, "power_of_attorney").click()

    assert form.table.missing_required() == ["代办人居民身份证"]
    received(form, "power_of_attorney").click()
    assert form.table.missing_required() == ["授权委托书", "代办人居民身份证"]
    assert summary(form).text() == "Required materials missing (2): 授权委托书、代办人居民身份证"
    assert summary(form).styleSheet() == ERROR_STYLE

    received(form, "power_of_attorney").click()
    received(form, "agent_id_card").click()
    assert summary(form).text() == "Materials complete"
    assert summary(form).styleSheet() == OK_STYLE


def test_clear_empties_the_table(form: Form) -> None:
    form.table.set_materials(materials_for(BIRTH, has_agent=False, minor=False))
    form.table.clear()
    assert form.table.materials() == ()
    assert form.table.missing_required() == []
    assert box(form, QTableWidget, "walkin.materials").rowCount() == 0


def test_tab_runs_row_by_row_and_space_ticks(form: Form, qtbot: Any) -> None:
    form.table.set_materials(materials_for(NO_RECORD, has_agent=False, minor=False))
    settle()
    form.before.setFocus()
    qtbot.waitUntil(form.before.hasFocus)

    order = []
    for _ in range(3 * len(NO_RECORD.materials) + 2):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused().objectName())

    expected = []
    for material in NO_RECORD.materials:
        expected += [f"walkin.materials.{kind}.{material.code}" for kind in ("form", "count", "received")]
    assert order == [*expected, "walkin.materials_all", "walkin.after"]

    received(form, "id_card").setFocus()
    qtbot.keyClick(received(form, "id_card"), Qt.Key.Key_Space)
    assert {m.code: m.received for m in form.table.materials()}["id_card"]


def test_tab_order_holds_after_the_business_changes(form: Form, qtbot: Any) -> None:
    form.table.set_materials(materials_for(NO_RECORD, has_agent=False, minor=False))
    settle()
    form.table.set_materials(materials_for(BIRTH, has_agent=False, minor=False))
    settle()
    form.after.setFocus()
    qtbot.waitUntil(form.after.hasFocus)

    qtbot.keyClick(form.after, Qt.Key.Key_Backtab)
    assert focused().objectName() == "walkin.materials_all"
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab)
    assert focused() is received(form, "ethnicity_confirmation")
    form.before.setFocus()
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    assert focused().objectName() == "walkin.materials.form.birth_medical_certificate"


def test_read_only_keeps_values_and_refuses_edits(form: Form) -> None:
    form.table.set_materials(materials_for(BIRTH, has_agent=False, minor=False))
    received(form, "hukou_book").click()
    form.table.set_read_only(True)

    assert not received(form, "hukou_book").isEnabled()
    assert not box(form, QComboBox, "walkin.materials.form.hukou_book").isEnabled()
    assert not box(form, QSpinBox, "walkin.materials.count.hukou_book").isEnabled()
    assert not box(form, QPushButton, "walkin.materials_all").isVisible()
    assert received(form, "hukou_book").isChecked()

    form.table.set_read_only(False)
    assert received(form, "hukou_book").isEnabled()
    assert box(form, QPushButton, "walkin.materials_all").isVisible()


@pytest.fixture(params=["plain", "themed"])
def any_look(request: pytest.FixtureRequest, qtbot: Any) -> Form:
    """The form in Qt's own style and in the app's theme (qt-material pads items and boxes)."""
    if request.param == "themed":
        request.getfixturevalue("themed")
    return request.getfixturevalue("form")  # type: ignore[no-any-return]


@pytest.mark.parametrize("business", ["birth_registration", "death_cancellation", "hukou_move_in"])
def test_names_and_boxes_are_not_clipped(any_look: Form, business: str) -> None:
    """The longest names wrap in full at a narrow width, the table shows every row without scrolling and each
    box and header gets at least the width it asks for."""
    form = any_look
    form.resize(520, 560)
    form.table.set_materials(materials_for(CATALOG.walkin(business), has_agent=True, minor=True))
    settle()
    table = box(form, QTableWidget, "walkin.materials")
    header_and_rows = table.horizontalHeader().height() + sum(
        table.rowHeight(r) for r in range(table.rowCount())
    )
    assert table.viewport().height() >= header_and_rows - table.horizontalHeader().height()
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        width = table.columnWidth(0) - 12  # the theme's item padding, both sides
        needed = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, item.text()).height()
        assert table.rowHeight(row) >= needed
        for column in (2, 3):
            cell = table.cellWidget(row, column)
            assert cell.width() >= cell.sizeHint().width()
            assert cell.height() >= cell.sizeHint().height()
            assert table.visualRect(table.model().index(row, column)).contains(cell.geometry())
    header = table.horizontalHeader()
    for column in range(1, 5):
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
