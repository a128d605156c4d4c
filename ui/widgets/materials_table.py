"""The materials checklist of the walk-in form: one row per material the business asks for.

Each row shows the material's name and whether it is required (必交) or only needed in some cases (按需, the
catalog's note says when, as the name's tooltip), and lets the desk record what was handed over: 原件/复印件, how
many, and received or not. 全部收齐 ticks every required row; the line under the table says 材料齐全 or lists the
required materials still missing, as the 补正材料通知书 will.

`set_materials` is called again when the case changes (a proxy is named, the applicant turns out to be under 16):
rows already shown keep what the desk set and only take the new required flag. The table is as tall as its rows
(the form scrolls, not the table) and the name column takes the spare width and wraps long names.

Object names: `walkin.materials` (the table), `walkin.materials.need.<code>` (必交/按需),
`walkin.materials.form.<code>`, `walkin.materials.count.<code>`, `walkin.materials.received.<code>`,
`walkin.materials_all`, `walkin.materials_summary`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.catalog import Catalog, default_catalog
from desktop.domain.intake_rules import MAX_COUNT, MaterialInput
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, keep_height

NAME, NEED, FORM, COUNT, RECEIVED = range(5)
NAME_MIN_WIDTH = 160  # about eight characters: shorter than this the names would wrap on every character
BOX_SLACK = 8  # px beyond a box's own size hint: its text never touches the arrow
ROW_PADDING = 8  # px of a row's height beyond its tallest box
NEED_INDENT = 6  # px either side of 必交/按需, as the names sit in their cells
REQUIRED_MISSING = "#c62828"
REQUIRED_DONE = "#2e7d32"
OPTIONAL = "#616161"


@dataclass
class _Row:
    code: str
    name: str
    required: bool
    form: QComboBox
    count: QSpinBox
    received: QCheckBox
    name_item: QTableWidgetItem
    need: QLabel

    def value(self) -> MaterialInput:
        form = str(self.form.currentData())
        return MaterialInput(
            self.code, self.name, form, self.count.value(), self.received.isChecked(), self.required
        )


def _show_values(row: _Row, item: MaterialInput) -> None:
    """The boxes of `row` set to `item`'s values, without `changed` (the desk did not edit them)."""
    for box in (row.form, row.count, row.received):
        box.blockSignals(True)
    row.form.setCurrentIndex(max(row.form.findData(item.form), 0))
    row.count.setValue(item.count)
    row.received.setChecked(item.received)
    for box in (row.form, row.count, row.received):
        box.blockSignals(False)


class _NoWheel(QObject):
    """A combo or spin box would swallow the wheel meant for scrolling the form (and change a value unseen)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:  # never: the program may have put the focus there
            event.ignore()  # goes on to the parents: the form scrolls
            return True
        return super().eventFilter(watched, event)


class _FullCell(QStyledItemDelegate):
    """The boxes take their cell's width: the default geometry is the item's text rectangle, which the theme's
    item padding leaves too narrow for a combo box's text."""

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        cell = QRect(option.rect)
        height = min(cell.height(), max(editor.sizeHint().height(), editor.minimumHeight()))
        cell.setTop(cell.top() + (cell.height() - height) // 2)  # a row made tall by a long name: centred
        cell.setHeight(height)
        editor.setGeometry(cell)


class MaterialsTable(QWidget):
    """`changed()` is emitted on each edit by the desk (not by `set_materials` or `clear`)."""

    changed = Signal()

    def __init__(
        self, catalog: Catalog | None = None, parent: QWidget | None = None, *, area: str = "walkin"
    ) -> None:
        super().__init__(parent)
        self._area = area  # object names: <area>.materials …
        self._catalog = catalog
        self._rows: list[_Row] = []
        self._notes: dict[str, str] = {}
        self._read_only = False
        self._wheel = _NoWheel(self)
        self._table = self._build_table()
        self._all = QPushButton(self.tr("All received"))
        self._all.setObjectName(f"{self._area}.materials_all")
        self._all.setToolTip(self.tr("Tick every required material as received"))
        self._all.setAutoDefault(False)
        self._all.clicked.connect(self._tick_required)
        keep_height(self._all)
        self._summary = QLabel()
        self._summary.setObjectName(f"{self._area}.materials_summary")
        self._summary.setWordWrap(True)
        under = QHBoxLayout()
        under.addWidget(self._summary, 1)
        under.addWidget(self._all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._table)
        layout.addLayout(under)
        # One stop in the form's tab order (QWidget.setTabOrder skips a NoFocus widget) whose focus goes to its
        # first box; as a compound widget it moves with all of its boxes when the form orders its fields.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setFocusProxy(self._all)
        self._refresh()

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, 5, self)
        table.setObjectName(f"{self._area}.materials")
        table.setHorizontalHeaderLabels(
            [self.tr("Material"), self.tr("Need"), self.tr("Form"), self.tr("Count"), self.tr("Received")]
        )
        table.verticalHeader().hide()
        table.setItemDelegate(_FullCell(table))
        # English headers in capitals (the theme's text-transform) are wider than the header measures them.
        table.setStyleSheet("QHeaderView::section { text-transform: none; }")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Tab goes through the row's boxes, not from cell to cell; the table itself is no stop.
        table.setTabKeyNavigation(False)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # A new width of the name column re-wraps the names: the rows, and so the table, change height.
        header.sectionResized.connect(lambda index, _old, _new: self._fit_rows() if index == NAME else None)
        return table

    # -- public API ----------------------------------------------------------------------------------------
    def set_materials(
        self,
        items: Sequence[MaterialInput],
        *,
        keep_desk_values: bool = True,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        """Show `items` in this order. A code already shown keeps the desk's form, count and received and takes
        the new name and required flag (a proxy named makes the proxy's papers required, nothing ticked is lost);
        a new code starts as given.

        `keep_desk_values=False` shows the given values everywhere (a stored record being loaded).
        `notes` (code → the catalog's note, shown as the name's tooltip): found in the catalog when omitted.
        """
        shown = {row.code: row.value() for row in self._rows} if keep_desk_values else {}
        merged = [
            replace(
                item,
                form=shown[item.code].form,
                count=shown[item.code].count,
                received=shown[item.code].received,
            )
            if item.code in shown
            else item
            for item in items
        ]
        self._notes = dict(notes) if notes is not None else self._catalog_notes(items)
        if [row.code for row in self._rows] == [item.code for item in merged]:
            for row, item in zip(self._rows, merged, strict=True):  # same rows: the focus stays where it is
                row.name, row.required = item.name, item.required
                if not keep_desk_values:
                    _show_values(row, item)
        else:
            self._rebuild(merged)
        self._refresh()

    def materials(self) -> tuple[MaterialInput, ...]:
        """Every row with the desk's values, in the catalog's order."""
        return tuple(row.value() for row in self._rows)

    def missing_required(self) -> list[str]:
        """Names of the required materials not (yet) ticked as received."""
        return [row.name for row in self._rows if row.required and not row.received.isChecked()]

    def clear(self) -> None:
        self._rebuild([])
        self._notes = {}
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        """A record that can no longer be changed: the values stay readable, the boxes do not take edits."""
        self._read_only = read_only
        for row in self._rows:
            for box in (row.form, row.count, row.received):
                box.setEnabled(not read_only)
        self._all.setVisible(not read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def table(self) -> QTableWidget:
        return self._table

    # -- rows ----------------------------------------------------------------------------------------------
    def _rebuild(self, items: Sequence[MaterialInput]) -> None:
        focused = self._focused_box()
        table = self._table
        for row in self._rows:  # the view deletes them later; hidden now, Tab skips them meanwhile
            for box in (row.form, row.count, row.received):
                box.hide()
        table.setRowCount(0)
        self._rows = []
        table.setRowCount(len(items))
        for index, item in enumerate(items):
            self._rows.append(self._add_row(index, item))
        self._chain_tab_order()
        if focused is not None:
            self._refocus(*focused)

    def _add_row(self, index: int, item: MaterialInput) -> _Row:
        table = self._table
        viewport = table.viewport()
        name = QTableWidgetItem()
        name.setFlags(Qt.ItemFlag.ItemIsEnabled)
        name.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(index, NAME, name)
        # A label, not an item: the theme's item colour would override the marker's red and green.
        need = QLabel(viewport)
        need.setObjectName(f"{self._area}.materials.need.{item.code}")
        need.setContentsMargins(NEED_INDENT, 0, NEED_INDENT, 0)
        form = QComboBox(viewport)
        form.setObjectName(f"{self._area}.materials.form.{item.code}")
        form.addItem(self.tr("Original"), "original")
        form.addItem(self.tr("Copy"), "copy")
        form.setCurrentIndex(max(form.findData(item.form), 0))
        form.setAccessibleName(self.tr("%1: form").replace("%1", item.name))
        count = QSpinBox(viewport)
        count.setObjectName(f"{self._area}.materials.count.{item.code}")
        count.setRange(1, MAX_COUNT)
        count.setValue(item.count)
        count.setAccessibleName(self.tr("%1: count").replace("%1", item.name))
        cell = QWidget(viewport)  # centres the box in its column
        received = QCheckBox(cell)
        received.setObjectName(f"{self._area}.materials.received.{item.code}")
        received.setChecked(item.received)
        received.setAccessibleName(self.tr("%1: received").replace("%1", item.name))
        centred = QHBoxLayout(cell)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(received, 0, Qt.AlignmentFlag.AlignCenter)
        for box in (form, count):
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no focus, and no change, by the wheel
            box.installEventFilter(self._wheel)
            keep_height(box)
            box.setMinimumWidth(box.sizeHint().width() + BOX_SLACK)
        for editor in (form, count, received):
            editor.setEnabled(not self._read_only)
        table.setCellWidget(index, NEED, need)
        table.setCellWidget(index, FORM, form)
        table.setCellWidget(index, COUNT, count)
        table.setCellWidget(index, RECEIVED, cell)
        form.currentIndexChanged.connect(self._edited)
        count.valueChanged.connect(self._edited)
        received.toggled.connect(self._edited)
        return _Row(item.code, item.name, item.required, form, count, received, name, need)

    def _chain_tab_order(self) -> None:
        """Tab runs row by row (form, count, received) and then to 全部收齐, wherever the form puts this widget
        in its own order: new boxes come last in the window's focus chain, so they are moved in behind 全部收齐
        (which sits where the form put this widget) and 全部收齐 then moves behind them. The focus proxy is set
        first: setting it moves this widget in front of its first child in the chain."""
        boxes: list[QWidget] = []
        for row in self._rows:
            boxes += [row.form, row.count, row.received]
        self.setFocusProxy(boxes[0] if boxes else self._all)
        for first, second in itertools.pairwise([self._all, *boxes, self._all]):
            QWidget.setTabOrder(first, second)

    def _focused_box(self) -> tuple[str, int] | None:
        for row in self._rows:
            for column, box in ((FORM, row.form), (COUNT, row.count), (RECEIVED, row.received)):
                if box.hasFocus():
                    return row.code, column
        return None

    def _refocus(self, code: str, column: int) -> None:
        """A rebuilt row gets the focus back when it had it (a proxy named while the desk was in the table)."""
        for row in self._rows:
            if row.code == code:
                box = {FORM: row.form, COUNT: row.count}.get(column, row.received)
                box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _catalog_notes(self, items: Sequence[MaterialInput]) -> dict[str, str]:
        """The notes of the business whose checklist this is; failing that, the notes the catalog agrees on."""
        if not items:
            return {}
        catalog = self._catalog if self._catalog is not None else default_catalog()
        wanted = [(item.code, item.name) for item in items]
        for business in catalog.walkin_businesses():
            if [(m.code, m.name) for m in business.materials] == wanted:
                return {m.code: m.note for m in business.materials}
        found: dict[str, set[str]] = {}
        for business in catalog.walkin_businesses():
            for material in business.materials:
                if (material.code, material.name) in wanted:
                    found.setdefault(material.code, set()).add(material.note)
        return {code: notes.pop() for code, notes in found.items() if len(notes) == 1}

    # -- edits and display ---------------------------------------------------------------------------------
    def _edited(self) -> None:
        self._refresh()
        self.changed.emit()

    def _tick_required(self) -> None:
        todo = [row for row in self._rows if row.required and not row.received.isChecked()]
        for row in todo:
            row.received.blockSignals(True)
            row.received.setChecked(True)
            row.received.blockSignals(False)
        if todo:
            self._edited()  # one `changed` for the whole click

    def _refresh(self) -> None:
        """Names, markers and the summary line from the current values."""
        for row in self._rows:
            note = self._notes.get(row.code, "")
            row.name_item.setText(row.name)
            row.name_item.setToolTip(f"{row.name}\n{note}" if note else row.name)
            row.need.setText(self.tr("Required") if row.required else self.tr("As needed"))
            row.need.setToolTip(note)
            colour = OPTIONAL
            if row.required:
                colour = REQUIRED_DONE if row.received.isChecked() else REQUIRED_MISSING
            weight = "bold" if row.required else "normal"
            row.need.setStyleSheet(f"color: {colour}; font-weight: {weight};")
        self._summarise()
        self._fit_rows()

    def _summarise(self) -> None:
        missing = self.missing_required()
        if not self._rows:
            text, style = self.tr("Choose a business to see its materials."), HINT_STYLE
        elif missing:
            text = self.tr("Required materials missing (%n): %1", "", len(missing)).replace(
                "%1", "、".join(missing)
            )
            style = ERROR_STYLE
        else:
            text, style = self.tr("Materials complete"), OK_STYLE
        self._summary.setText(text)
        self._summary.setStyleSheet(style)
        self._all.setEnabled(bool(missing))

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped names and boxes; the table as tall as its rows (no inner scrolling)."""
        table = self._table
        table.resizeRowsToContents()
        for index, row in enumerate(self._rows):  # a little air above and below the boxes
            boxes = max(row.form.sizeHint().height(), row.count.sizeHint().height()) + ROW_PADDING
            table.setRowHeight(index, max(table.rowHeight(index), boxes))
        header = table.horizontalHeader()
        height = header.sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(height)
        minimum = NAME_MIN_WIDTH + sum(header.sectionSize(c) for c in (NEED, FORM, COUNT, RECEIVED))
        table.setMinimumWidth(minimum + 2 * table.frameWidth())
