"""The 当日审核 tab's 当日概况 page: one station day in figures — cards with the totals, the intake by kind as bars
and the last 30 days as a line, then the day by business type, by desk, by status, the till close-out (fees
collected, voided records left out) and the consultations by topic.

The page only shows a `DayBoard` it is handed (the tab reads it in the background); a desk user's board covers
its own records, and the page says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.tabs.review_charts import KindsChart, TrendChart
from ui.widgets.form import HEADING_COLOUR, HINT_STYLE, card_frame, heading
from ui.widgets.model_colours import ModelColours

if TYPE_CHECKING:
    from desktop.services.day_board import Count, DayBoard

AREA = "review"
TOTAL_BACKGROUND = QColor("#e3f2fd")
VOID_COLOUR = QColor("#c62828")
HEADER_STYLE = (
    "QHeaderView::section { padding: 0px 8px; }"  # the theme's 24 px would crowd short headings out
)
ROW_PADDING = 8
TABLE_HEIGHT = 170


def yuan(fen: int) -> str:
    """Fen as yuan, exactly (no float): 1234 → 12.34, with thousands separators."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def number_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def table_look(table: QTableWidget, stretch: int = 0) -> None:
    """Read-only rows, compact, the model's colours painted (the theme would hide them)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setItemDelegate(ModelColours(table))
    table.setStyleSheet(HEADER_STYLE)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.ensurePolished()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + ROW_PADDING)


def bold_total(items: Sequence[QTableWidgetItem]) -> None:
    for item in items:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setData(Qt.ItemDataRole.BackgroundRole, TOTAL_BACKGROUND)


class FigureCard(QWidget):
    """A big number with its caption under it, on a white card."""

    def __init__(self, name: str, caption: str) -> None:
        super().__init__()
        frame = card_frame(f"{AREA}.{name}_card")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(12, 4, 12, 6)
        inner.setSpacing(0)
        self.value = heading(QLabel("—"), 22)
        self.value.setObjectName(f"{AREA}.{name}")
        self.caption = QLabel(caption)
        self.caption.setStyleSheet(HINT_STYLE)
        inner.addWidget(self.value)
        inner.addWidget(self.caption)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)

    def set_value(self, value: str, caption: str | None = None, *, colour: str = HEADING_COLOUR) -> None:
        self.value.setText(value)
        heading(self.value, 22, colour=colour)
        if caption is not None:
            self.caption.setText(caption)


class BoardPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName(f"{AREA}.board_page")
        self.board: DayBoard | None = None
        self._build()

    def _build(self) -> None:
        self.scope = QLabel()
        self.scope.setObjectName(f"{AREA}.board_scope")
        self.scope.setStyleSheet(HINT_STYLE)
        self.scope.setWordWrap(True)
        self.total_card = FigureCard("board_total", self.tr("Applications accepted"))
        self.fees_card = FigureCard("board_fees", self.tr("Fees collected (yuan)"))
        self.open_card = FigureCard("board_unreviewed", self.tr("Waiting for review"))
        self.returned_card = FigureCard("board_returned", self.tr("Returned for correction"))
        self.mediation_card = FigureCard("board_mediation", self.tr("Mediation cases registered"))
        self.consult_card = FigureCard("board_consultations", self.tr("Consultations"))
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in (self.total_card, self.fees_card, self.open_card, self.returned_card, self.mediation_card,
                     self.consult_card):  # fmt: skip
            cards.addWidget(card, 1)

        self.chart_kinds = KindsChart(self.tr("Today's intake by kind"))
        self.chart_kinds.setObjectName(f"{AREA}.chart_kinds")
        self.chart_trend = TrendChart(self.tr("Applications in the last 30 days"))
        self.chart_trend.setObjectName(f"{AREA}.chart_trend")
        charts = QHBoxLayout()
        charts.setSpacing(10)
        charts.addWidget(self.chart_kinds, 2)
        charts.addWidget(self.chart_trend, 3)

        self.by_business = self._table("by_business", [self.tr("Business"), self.tr("Count"),
                                                       self.tr("Fees (yuan)")])  # fmt: skip
        self.by_staff = self._table("by_staff", [self.tr("Desk"), self.tr("Count")])
        self.by_status = self._table("by_status", [self.tr("Status"), self.tr("Count")])
        self.fees = self._table("fees", [self.tr("Fee-bearing business"), self.tr("Count"),
                                         self.tr("Amount (yuan)")])  # fmt: skip
        self.consultations = self._table("consultations", [self.tr("Topic"), self.tr("Times")])
        self.fee_note = QLabel()
        self.fee_note.setObjectName(f"{AREA}.fee_note")
        self.fee_note.setWordWrap(True)
        self.fee_note.setStyleSheet(HINT_STYLE)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        columns = (
            (self.tr("By business type"), self.by_business, 5),
            (self.tr("By desk"), self.by_staff, 2),
            (self.tr("By status"), self.by_status, 3),
            (self.tr("Till close-out"), self.fees, 5),
            (self.tr("Consultations by topic"), self.consultations, 3),
        )
        for column, (title, table, stretch) in enumerate(columns):
            grid.addWidget(heading(QLabel(title), 14), 0, column)
            grid.addWidget(table, 1, column)
            grid.setColumnStretch(column, stretch)
        grid.addWidget(self.fee_note, 2, 3)
        grid.setRowStretch(1, 1)

        body = QWidget()
        page = QVBoxLayout(body)
        page.setContentsMargins(0, 0, 6, 0)
        page.setSpacing(10)
        page.addWidget(self.scope)
        page.addLayout(cards)
        page.addLayout(charts)
        page.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _table(self, field: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(f"{AREA}.{field}")
        table.setHorizontalHeaderLabels(headers)
        table_look(table)
        table.setMinimumHeight(TABLE_HEIGHT)
        table.setMinimumWidth(120)
        return table

    # -- showing -------------------------------------------------------------------------------------------
    def show_board(self, board: DayBoard) -> None:
        self.board = board
        statuses = {c.code: c.count for c in board.by_status}
        day = f"{board.day:%Y-%m-%d}"
        self.scope.setText(
            self.tr("{day}: only your own records (read-only).").format(day=day)
            if board.own_only
            else self.tr("{day}: the whole station, {station}.").format(day=day, station=board.station_name)
        )
        self.total_card.set_value(str(board.total))
        voided = board.fees.voided
        self.fees_card.set_value(
            yuan(board.fees.total_fen),
            self.tr("Fees collected (yuan), %n fee-bearing record(s)", "", board.fees.records),
        )
        unreviewed = statuses.get("received", 0)
        self.open_card.set_value(str(unreviewed), colour="#e65100" if unreviewed else HEADING_COLOUR)
        returned = statuses.get("returned", 0)
        self.returned_card.set_value(str(returned), colour="#c62828" if returned else HEADING_COLOUR)
        self.mediation_card.set_value(str(board.mediation_cases))
        self.consult_card.set_value(str(board.consultation_total))
        self.chart_kinds.show_counts([c.name for c in board.by_kind], [c.count for c in board.by_kind])
        self.chart_trend.show_days([(t.day, t.count) for t in board.trend])
        self._counts(self.by_business, board.by_business, board.total, money=True)
        self._counts(self.by_staff, board.by_staff, board.total)
        self._counts(self.by_status, board.by_status, board.total)
        self._counts(self.consultations, board.consultations, board.consultation_total)
        self._fees(board)
        if voided:
            self.fee_note.setText(
                self.tr(
                    "%n voided record(s) left out ({amount} yuan): listed in red.", "", len(voided)
                ).format(amount=yuan(board.fees.voided_fen))
            )
        else:
            self.fee_note.setText(self.tr("Check the total against the cash and the receipts."))

    def _counts(
        self, table: QTableWidget, counts: Sequence[Count], total: int, *, money: bool = False
    ) -> None:
        table.setRowCount(len(counts) + 1)
        for r, count in enumerate(counts):
            cells = [QTableWidgetItem(count.name), number_item(str(count.count))]
            if money:
                cells.append(number_item(yuan(count.fen)))
            for c, item in enumerate(cells):
                table.setItem(r, c, item)
        last = [QTableWidgetItem(self.tr("Total")), number_item(str(total))]
        if money:
            last.append(number_item(yuan(sum(c.fen for c in counts))))
        bold_total(last)
        for c, item in enumerate(last):
            table.setItem(len(counts), c, item)

    def _fees(self, board: DayBoard) -> None:
        fees = board.fees
        rows = len(fees.by_business) + 1 + len(fees.voided)
        table = self.fees
        table.setRowCount(rows)
        for r, count in enumerate(fees.by_business):
            for c, item in enumerate((QTableWidgetItem(count.name), number_item(str(count.count)),
                                      number_item(yuan(count.fen)))):  # fmt: skip
                table.setItem(r, c, item)
        total = [
            QTableWidgetItem(self.tr("Total")),
            number_item(str(fees.records)),
            number_item(yuan(fees.total_fen)),
        ]
        bold_total(total)
        for c, item in enumerate(total):
            table.setItem(len(fees.by_business), c, item)
        for offset, void in enumerate(fees.voided):
            r = len(fees.by_business) + 1 + offset
            name = self.tr("Voided: {number}").format(number=void.receipt_no)
            reason = self.tr("Reason: {reason}").format(reason=void.reason or "—")
            cells = (QTableWidgetItem(name), number_item("—"), number_item(yuan(void.fee_fen)))
            for c, item in enumerate(cells):
                item.setData(Qt.ItemDataRole.ForegroundRole, VOID_COLOUR)
                item.setToolTip(f"{name}\n{void.business_name} {void.applicant_name}\n{reason}")
                table.setItem(r, c, item)
