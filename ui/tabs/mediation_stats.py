"""The 矛盾调解 tab's 月度统计 page: one month's cases of this station counted by category, source, regime and
outcome, the month's case list beside them, and the same exported as an .xlsx workbook for the district.

Every catalog category is listed, zeros greyed, so the officer reads the full statistical list the report asks
for. The page reads the month again whenever it is shown or another month is chosen; an answer for a month no
longer chosen is dropped. Reading and writing run in the background (desktop.services.mediation_stats).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QStandardPaths, Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import local_date
from desktop.errors import DomainError
from ui.errors import show_error
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, heading, keep_height, sentence
from ui.widgets.model_colours import ModelColours

if TYPE_CHECKING:
    from desktop.services.mediation_stats import MonthlyStatistics, StatLine
    from ui.context import DeskContext

AREA = "mediation"
ZERO = QColor("#9e9e9e")  # a category nobody brought this month: listed, but out of the way
TOTAL_BACKGROUND = QColor("#e3f2fd")
FIRST_YEAR = 2000
COUNTS_WIDTH = 540  # px: the category column and the two short ones beside it
COUNT_WIDTH = 56  # px: a count column, room for 4 digits and its heading
# qt-material pads a column heading by 24 px each side: seven columns of short Chinese headings would not fit.
HEADER_STYLE = "QHeaderView::section { padding: 0px 8px; }"
ROW_PADDING = 8  # px above and below a row's text


class StatisticsPage(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"{AREA}.stats_page")
        self._token = 0  # the latest reading asked for; older answers are dropped
        self._build()

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        today = local_date(self.ctx.core.clock())
        self.year_box = QSpinBox()
        self.year_box.setObjectName(f"{AREA}.stats_year")
        self.year_box.setRange(FIRST_YEAR, today.year + 1)
        self.year_box.setValue(today.year)
        self.year_box.setSuffix(self.tr(" year"))
        self.year_box.setKeyboardTracking(False)  # typing 2025 must not read 2, 20 and 202 on the way
        self.month_box = QComboBox()
        self.month_box.setObjectName(f"{AREA}.stats_month")
        locale = QLocale()
        for month in range(1, 13):
            self.month_box.addItem(locale.monthName(month, QLocale.FormatType.ShortFormat), month)
        self.month_box.setCurrentIndex(today.month - 1)
        self.month_box.setMinimumContentsLength(5)  # the theme's arrow sits on the text otherwise
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName(f"{AREA}.stats_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setObjectName(f"{AREA}.stats_export")
        self.export_button.clicked.connect(self.export)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("Month:")))
        for widget in (self.year_box, self.month_box, self.refresh_button):
            keep_height(widget)
            choose.addWidget(widget)
        choose.addStretch(1)
        keep_height(self.export_button)
        choose.addWidget(self.export_button)
        self.year_box.valueChanged.connect(self._month_changed)
        self.month_box.currentIndexChanged.connect(self._month_changed)

        self.total = heading(QLabel(), 17)
        self.total.setObjectName(f"{AREA}.stats_total")
        self.category = self._count_table("stats_category", self.tr("Category"))
        self.source = self._count_table("stats_source", self.tr("Source"))
        self.regime = self._count_table("stats_regime", self.tr("Mediation type"))
        self.outcome = self._count_table("stats_outcome", self.tr("Outcome"))
        # The category list is the long one (every catalog entry): a column of its own; the sources above the
        # regimes and outcomes beside it. Each table is as tall as its lines (the category one may scroll).
        counts = QWidget()
        row = QHBoxLayout(counts)
        row.setContentsMargins(0, 0, 0, 0)
        left, right, pair = QVBoxLayout(), QVBoxLayout(), QHBoxLayout()
        left.addWidget(self.category, 1)  # up to its maximum height (all its lines); the stretch below
        left.addStretch(0)
        pair.addWidget(self.regime, 1, Qt.AlignmentFlag.AlignTop)
        pair.addWidget(self.outcome, 1, Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.source)
        right.addLayout(pair)
        right.addStretch(1)
        row.addLayout(left, 1)
        row.addLayout(right, 2)

        self.cases = QTableWidget(0, 7)
        self.cases.setObjectName(f"{AREA}.stats_cases")
        self.cases.setHorizontalHeaderLabels(
            [self.tr("Case no."), self.tr("Registered"), self.tr("Category"), self.tr("Source"),
             self.tr("Mediation type"), self.tr("Status"), self.tr("Parties")]
        )  # fmt: skip
        self._table_look(self.cases)
        self.cases.setAlternatingRowColors(True)
        self.cases.horizontalHeader().setStretchLastSection(True)  # the parties: names, as many as there are
        cases = QWidget()
        column = QVBoxLayout(cases)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(QLabel(self.tr("Cases registered in the month")), 15))
        column.addWidget(self.cases, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(counts)
        splitter.addWidget(cases)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self._sized = False

        self.message = QLabel()
        self.message.setObjectName(f"{AREA}.stats_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.total)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    def _count_table(self, field: str, title: str) -> QTableWidget:
        table = QTableWidget(0, 2)
        table.setObjectName(f"{AREA}.{field}")
        table.setHorizontalHeaderLabels([title, self.tr("Cases")])
        self._table_look(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)  # the theme pads headers generously
        header.resizeSection(1, COUNT_WIDTH)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.setMinimumWidth(170)
        # The theme would hide the greyed zeros and the total's tint.
        table.setItemDelegate(ModelColours(table))
        return table

    def _table_look(self, table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setStyleSheet(HEADER_STYLE)
        # The theme's rows are roomy; compact ones let the whole category list be read without scrolling.
        table.ensurePolished()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + ROW_PADDING)

    # -- messages ------------------------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False, ok: bool = False, path: bool = False) -> None:
        """`path`: the text ends in a file name, which a full stop would seem to belong to."""
        self.message.setText(text if path else sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)

    def fail(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.say(error.message, error=True)
        else:
            show_error(self, error)

    # -- loading -------------------------------------------------------------------------------------------
    def chosen_month(self) -> tuple[int, int]:
        return self.year_box.value(), int(self.month_box.currentData())

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page: cases registered or closed meanwhile (here or at another desk) are counted."""
        super().showEvent(event)
        if not self._sized:  # the counts take what their columns need, the case list the rest
            self._sized = True
            total = sum(self.splitter.sizes())
            left = min(COUNTS_WIDTH, total // 2)
            self.splitter.setSizes([left, total - left])
        self.refresh()

    def _month_changed(self) -> None:
        self.say("")
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        from desktop.services.mediation_stats import monthly_statistics

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        year, month = self.chosen_month()
        self._token += 1
        token = self._token

        def loaded(stats: MonthlyStatistics) -> None:
            if token == self._token:
                self._show(stats)

        def failed(error: BaseException) -> None:
            if token == self._token:
                self.fail(error)

        self.ctx.runner.run(lambda: monthly_statistics(core, actor, code, year, month), on_success=loaded,
                            on_failure=failed, quiet=True, widget=self)  # fmt: skip

    def _show(self, stats: MonthlyStatistics) -> None:
        month = self.tr("{year}-{month}").format(year=stats.year, month=stats.month)
        self.total.setText(
            self.tr("{month}: %n case(s) registered, {closed} closed", "", stats.total).format(
                month=month, closed=stats.closed
            )
        )
        self.total.setToolTip(stats.title)
        for table, lines in (
            (self.category, stats.by_category),
            (self.source, stats.by_source),
            (self.regime, stats.by_regime),
            (self.outcome, stats.by_outcome),
        ):
            self._fill_counts(table, lines)
        self.cases.setRowCount(len(stats.cases))
        for r, case in enumerate(stats.cases):
            cells = (case.case_no, f"{case.day:%Y-%m-%d}", case.category, case.source, case.regime_name,
                     case.status_name, case.parties)  # fmt: skip
            for c, text in enumerate(cells):
                self.cases.setItem(r, c, QTableWidgetItem(text))

    def _fill_counts(self, table: QTableWidget, lines: Sequence[StatLine]) -> None:
        table.setRowCount(len(lines) + 1)
        for r, line in enumerate(lines):
            name, count = QTableWidgetItem(line.name), _count_item(line.count)
            if line.count == 0:
                name.setData(Qt.ItemDataRole.ForegroundRole, ZERO)
                count.setData(Qt.ItemDataRole.ForegroundRole, ZERO)
            table.setItem(r, 0, name)
            table.setItem(r, 1, count)
        total_row = (QTableWidgetItem(self.tr("Total")), _count_item(sum(line.count for line in lines)))
        for c, item in enumerate(total_row):
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setData(Qt.ItemDataRole.BackgroundRole, TOTAL_BACKGROUND)
            table.setItem(len(lines), c, item)
        height = table.horizontalHeader().sizeHint().height() + table.verticalHeader().length()
        height += 2 * table.frameWidth()
        if table is self.category:  # a small window may make it scroll
            table.setMaximumHeight(height)
        else:  # the short lists take the height they need, no more, no less
            table.setFixedHeight(height)

    # -- export --------------------------------------------------------------------------------------------
    def export(self) -> None:
        """Ask where to save the chosen month's workbook (the documents folder, named after the month)."""
        year, month = self.chosen_month()
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
        name = self.tr("Mediation statistics_{year}-{month}.xlsx").format(year=year, month=month)
        dialog = QFileDialog(self, self.tr("Export the monthly statistics"), str(folder / name))
        dialog.setObjectName(f"{AREA}.stats_export_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Excel workbooks (*.xlsx)"))
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(lambda chosen: self.export_to(year, month, Path(chosen)))
        dialog.open()

    def export_to(self, year: int, month: int, path: Path) -> None:
        from desktop.services.mediation_stats import export_month_xlsx

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        self.export_button.setEnabled(False)
        self.say(self.tr("Exporting the workbook"))

        def saved(stats: MonthlyStatistics) -> None:
            self.export_button.setEnabled(True)
            if (stats.year, stats.month) == self.chosen_month():
                self._show(stats)  # what was written is the freshest reading of the month
            self.say(self.tr("Exported to {path}").format(path=path), ok=True, path=True)

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            if isinstance(error, OSError):  # the disk, the folder or a workbook open in Excel: not a bug
                self.say(
                    self.tr("Could not save {path}: {reason}").format(
                        path=path, reason=error.strerror or error
                    ),
                    error=True,
                )
            else:
                self.fail(error)

        self.ctx.runner.run(lambda: export_month_xlsx(core, actor, code, year, month, path), on_success=saved,
                            on_failure=failed, widget=self)  # fmt: skip


def _count_item(count: int) -> QTableWidgetItem:
    item = QTableWidgetItem(str(count))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
