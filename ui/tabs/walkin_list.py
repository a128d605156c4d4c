"""The list side of the 来访受理 tab: today's walk-in applications, a search box and filters, loaded as it scrolls.

The search box takes what the person at the counter hands over or says: a receipt number (or its QR code), an ID
number (full or masked as printed), the beginning of a name, or a phone number; Enter or a short pause after
typing runs it. The date defaults to today; 全部日期 searches every day. Clicking a row or pressing Enter on it asks
the tab to open that record (`open_requested`); the tab decides (it may hold unsaved edits).
"""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import local_date
from desktop.domain.status import STATUS_NAMES
from desktop.errors import DomainError
from desktop.services.intake_list import IntakeFilter
from ui.errors import report_bug
from ui.models.intake_list import IntakeListModel
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, keep_height
from ui.widgets.model_colours import ModelColours

if TYPE_CHECKING:
    from desktop.services.intake_list import StaffChoice
    from ui.context import DeskContext

SEARCH_PAUSE_MS = 300
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# What the fixed columns must fit (the business column takes the rest).
COLUMN_SAMPLES = {
    "applicant_name": "欧阳小明明",
    "applicant_id_masked": "440803********123X",
    "status": "已退回（待补正）",
    "created_at": "12-31 23:59",
    "created_by_name": "李辅警辅警",
}
CELL_PADDING = 28
BUSINESS_SAMPLE = "居民身份证换领"
# On a narrow pane these columns go first, in this order (the applicant's tooltip still shows the masked ID).
HIDE_WHEN_NARROW = ("applicant_id_masked", "created_by_name", "created_at")


class WalkinListPane(QWidget):
    """Signal `open_requested(application_id)`: a row was clicked, double-clicked or had Enter pressed on it."""

    open_requested = Signal(int)
    model: IntakeListModel
    table: QTableView
    _pause: QTimer

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("walkin.list_pane")
        self._today = self._business_today()
        self._pending_select: int | None = None
        self._open_single = False  # the search was sent with Enter: one hit opens
        self._last_open: tuple[int, float] = (0, 0.0)
        self._staff_token = 0
        self._filters_one_row: bool | None = None
        self._build()
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._load_failed)
        self._load_staff()
        self.run_search()

    # -- building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        from desktop.domain.catalog import load_catalog

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("walkin.search")
        self.search_edit.setPlaceholderText(self.tr("Receipt number, ID number, name or phone"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self._search_entered)
        self.search_edit.textChanged.connect(lambda _t: self._pause.start())
        keep_height(self.search_edit)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.run_search)

        self.day = QDateEdit()
        self.day.setObjectName("walkin.business_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(_qdate(self._today))
        self.day.setToolTip(self.tr("Business day"))
        # Chinese day names are one character (一 … 日): the theme's narrow columns elide the long ones to "…".
        self.day.calendarWidget().setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames
        )
        self.day.dateChanged.connect(lambda _d: self.run_search())
        keep_height(self.day)
        self.day.setMinimumWidth(max(140, self.day.fontMetrics().horizontalAdvance("2026-12-31") + 72))
        self.all_days = QCheckBox(self.tr("All dates"))
        self.all_days.setObjectName("walkin.all_days")
        self.all_days.toggled.connect(self._all_days_toggled)

        self.status = QComboBox()
        self.status.setObjectName("walkin.status")
        self.status.setToolTip(self.tr("Status"))
        self.status.addItem(self.tr("All statuses"), "")
        for code, name in STATUS_NAMES.items():
            self.status.addItem(name, code)
        self.status.currentIndexChanged.connect(lambda _i: self.run_search())

        self.business = QComboBox()
        self.business.setObjectName("walkin.business_filter")
        self.business.setToolTip(self.tr("Business"))
        self.business.addItem(self.tr("All businesses"), "")
        businesses = load_catalog().walkin_businesses()
        for business in businesses:
            self.business.addItem(business.name, business.code)
        self.business.setMaxVisibleItems(20)
        self.business.setMinimumContentsLength(6)
        self.business.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # The drop-down shows whole names; the box itself may elide.
        widest = max((self.business.fontMetrics().horizontalAdvance(b.name) for b in businesses), default=0)
        self.business.view().setMinimumWidth(widest + 60)
        self.business.currentIndexChanged.connect(lambda _i: self.run_search())

        self.created_by = QComboBox()
        self.created_by.setObjectName("walkin.created_by")
        self.created_by.setToolTip(self.tr("Accepted by"))
        self.created_by.addItem(self.tr("All staff"), None)
        self.created_by.currentIndexChanged.connect(lambda _i: self.run_search())
        for combo in (self.status, self.business, self.created_by):
            keep_height(combo)

        self.filters = QGridLayout()
        self._arrange_filters(one_row=False)

        self.model = IntakeListModel(self.ctx)
        self.table = QTableView()
        self.table.setObjectName("walkin.list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # rows never measured
        self.table.setItemDelegate(ModelColours(self.table))
        self.table.clicked.connect(self._clicked)
        self.table.doubleClicked.connect(self._clicked)
        self._size_columns()

        self.count_label = QLabel()
        self.count_label.setObjectName("walkin.list_count")
        self.count_label.setStyleSheet(HINT_STYLE)
        self.count_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        for keyed in (self.search_edit, self.table):
            keyed.installEventFilter(self)  # Enter on a row, Down from the search box, the list's width

    def _arrange_filters(self, *, one_row: bool) -> None:
        """One row when the pane is wide; else two (the pane may be half a small screen wide)."""
        if one_row == self._filters_one_row:
            return
        self._filters_one_row = one_row
        grid = self.filters
        widgets: tuple[QWidget, ...] = (self.day, self.all_days, self.status, self.business, self.created_by)
        for widget in widgets:
            grid.removeWidget(widget)
        for column in range(len(widgets)):
            grid.setColumnStretch(column, 0)
        if one_row:
            for column, placed in enumerate(widgets):
                grid.addWidget(placed, 0, column)
            for column, stretch in ((2, 1), (3, 2), (4, 1)):
                grid.setColumnStretch(column, stretch)
        else:
            grid.addWidget(self.day, 0, 0)
            grid.addWidget(self.all_days, 0, 1)
            grid.addWidget(self.status, 0, 2)
            grid.addWidget(self.business, 1, 0, 1, 2)
            grid.addWidget(self.created_by, 1, 2)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(2, 1)

    def _one_row_width(self) -> int:
        widgets = (self.day, self.all_days, self.status, self.business, self.created_by)
        spacing = max(0, self.filters.horizontalSpacing())
        return sum(w.sizeHint().width() for w in widgets) + spacing * (len(widgets) - 1) + 120

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_filters(one_row=event.size().width() >= self._one_row_width())
        super().resizeEvent(event)

    def _size_columns(self) -> None:
        """Fixed widths from the font (measuring rows would defeat lazy loading); the business column stretches."""
        header = self.table.horizontalHeader()
        header.ensurePolished()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        cells = self.table.fontMetrics()
        samples = COLUMN_SAMPLES | {
            "receipt_no": f"{self.ctx.station.code}-20261231-0000",
            "business_name": BUSINESS_SAMPLE,
        }
        self._widths = {
            name: max(cells.horizontalAdvance(samples[name]) + CELL_PADDING, self._title_width(column))
            for column, name in enumerate(IntakeListModel.COLUMNS)
        }
        for column, name in enumerate(IntakeListModel.COLUMNS):
            if name == "business_name":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(column, self._widths[name])
        header.setMinimumSectionSize(60)

    def _title_width(self, column: int) -> int:
        """The header's own hint has the theme's padding, but measures the title before the theme upper-cases it."""
        header = self.table.horizontalHeader()
        title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
        shown = QFont(header.font())
        shown.setCapitalization(QFont.Capitalization.AllUppercase)
        extra = QFontMetrics(shown).horizontalAdvance(title) - header.fontMetrics().horizontalAdvance(title)
        return header.sectionSizeHint(column) + max(0, extra) + 4

    def _fit_columns(self) -> None:
        """Hide the least needed columns while the list is too narrow for all of them (no sideways scrolling)."""
        room = self.table.viewport().width()
        need = sum(self._widths.values())
        hidden: set[str] = set()
        for name in HIDE_WHEN_NARROW:
            if need <= room:
                break
            hidden.add(name)
            need -= self._widths[name]
        for column, name in enumerate(IntakeListModel.COLUMNS):
            if self.table.isColumnHidden(column) != (name in hidden):
                self.table.setColumnHidden(column, name in hidden)
                if name not in hidden:
                    self.table.horizontalHeader().resizeSection(column, self._widths[name])

    # -- public ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """The same filters again from the top: new records of every desk appear; the selected row stays."""
        if self.day.date() == _qdate(self._today) and (today := self._business_today()) != self._today:
            self._today = today  # the desk stayed open past midnight: "today" moves on
            self.day.setDate(_qdate(today))  # runs the search
            return
        self._keep_selection()
        self.model.reload()

    def focus_search(self) -> None:
        """Ctrl+F: to the search box, its text selected so that typing or a scan replaces it."""
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def select_application(self, application_id: int) -> bool:
        """Select that row if it is loaded; while a load runs, select it when it arrives."""
        at = self.model.row_of(application_id)
        if at >= 0:
            self.table.selectRow(at)
            self.table.scrollTo(self.model.index(at, 0))
            self._pending_select = None
            return True
        if self.model.loading:
            self._pending_select = application_id
        return False

    def current_application_id(self) -> int | None:
        selected = self.table.selectionModel().selectedRows()
        row = self.model.row_at(selected[0].row()) if selected else None
        return row.application_id if row is not None else None

    def current_filter(self) -> IntakeFilter:
        status, business = self.status.currentData(), self.business.currentData()
        staff = self.created_by.currentData()
        return IntakeFilter(
            day=None if self.all_days.isChecked() else _pydate(self.day.date()),
            status=str(status or ""),
            business_code=str(business or ""),
            created_by=int(staff) if staff is not None else None,
            text=self.search_edit.text().strip(),
        )

    def _search_entered(self) -> None:
        """Enter in the search box: search, and open the record at once when exactly one is found (a scanned
        receipt or a typed receipt number ends in Enter)."""
        self._open_single = bool(self.search_edit.text().strip())
        self.run_search()

    def run_search(self) -> None:
        self._pause.stop()
        self._keep_selection()
        self.model.set_filter(self.current_filter())

    # -- loading -----------------------------------------------------------------------------------------
    def _keep_selection(self) -> None:
        if self._pending_select is None:
            self._pending_select = self.current_application_id()

    def _loaded(self, _rows: int) -> None:
        self.count_label.setStyleSheet(HINT_STYLE)
        self.count_label.setText(self._count_text())
        open_single, self._open_single = self._open_single, False
        if open_single and self.model.rowCount() == 1 and not self.model.has_more:
            row = self.model.row_at(0)
            if row is not None:
                self._pending_select = None
                self.table.selectRow(0)
                self.open_requested.emit(row.application_id)
                return
        if self._pending_select is not None:
            wanted, self._pending_select = self._pending_select, None
            self.select_application(wanted)  # gone from the list (filtered out): nothing selected

    def _count_text(self) -> str:
        rows, flt = self.model.rowCount(), self.model.filter
        if rows == 0:
            text = self.tr("No matching records.")
            if flt.day is not None and not (flt.status or flt.business_code or flt.created_by is not None):
                text += " " + self.tr("To search every day, tick “All dates”.")
            return text
        if self.model.has_more:
            return self.tr("{count} shown, scroll down for more").format(count=rows)
        if flt.day == self._today:
            return self.tr("Today: {count}").format(count=rows)
        if flt.day is not None:
            return self.tr("{day}: {count}").format(day=flt.day.isoformat(), count=rows)
        return self.tr("Records: {count}").format(count=rows)

    def _load_failed(self, message: str) -> None:
        self.count_label.setStyleSheet(ERROR_STYLE)
        self.count_label.setText(message)

    def _load_staff(self) -> None:
        from desktop.services.intake_list import intake_staff

        core, actor = self.ctx.core, self.ctx.actor
        self._staff_token += 1
        token = self._staff_token

        def fill(staff: list[StaffChoice]) -> None:
            if token == self._staff_token:
                self._fill_staff(staff)

        self.ctx.runner.run(
            lambda: intake_staff(core, actor),
            on_success=fill,
            on_failure=self._staff_failed,
            widget=self,
            quiet=True,
        )

    def _fill_staff(self, staff: list[StaffChoice]) -> None:
        chosen = self.created_by.currentData()
        self.created_by.blockSignals(True)  # the filter does not change: no search
        try:
            while self.created_by.count() > 1:
                self.created_by.removeItem(1)
            for person in staff:
                self.created_by.addItem(person.display_name, person.user_id)
            self.created_by.setCurrentIndex(max(0, self.created_by.findData(chosen)))
        finally:
            self.created_by.blockSignals(False)

    def _staff_failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self._load_failed(error.message)  # the list itself will say the same on its next load
        else:
            report_bug(error)

    # -- events ------------------------------------------------------------------------------------------
    def _all_days_toggled(self, checked: bool) -> None:
        self.day.setEnabled(not checked)
        self.run_search()

    def _clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is None:
            return
        # A double click also clicked once: one request, not two.
        last_id, at = self._last_open
        now = time.monotonic()
        if last_id == row.application_id and now - at < QApplication.doubleClickInterval() / 1000:
            return
        self._last_open = (row.application_id, now)
        self.open_requested.emit(row.application_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.table and event.key() in ENTER_KEYS:
            current = self.table.currentIndex()
            if current.isValid():
                self._last_open = (0, 0.0)  # Enter always asks, however soon after a click
                self._clicked(current)
            return True
        if watched is self.search_edit and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.table.setFocus()  # from the search box down into the list, keyboard only
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _business_today(self) -> date:
        return local_date(self.ctx.core.clock())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
