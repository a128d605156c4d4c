"""The 当日审核 tab's 审核 page: the exceptions to look at first (highlighted, on top), the day's records, and the
record panel with the officer's actions.

The officer sees the whole station (desktop.services.review.review_queue); a desk user sees its own records of
the day (the intake lists, read-only). Clicking a record opens it in the panel; clicking an exception opens its
record. Every action is a service call in the background with the record's version; a stale version says so and
the day is read again. `changed` tells the tab that the day's figures moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import format_local
from desktop.errors import ConflictError, DomainError, NotFound, ValidationError
from ui.dialogs.reason import ask_reason
from ui.errors import show_error
from ui.tabs.review_board import number_item, table_look, yuan
from ui.tabs.review_detail import DetailPanel, Opened
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, heading, keep_height

if TYPE_CHECKING:
    from desktop.services.day_board import ExceptionItem
    from desktop.services.exit_entry import ExitEntryRecord
    from desktop.services.intake import IntakeRecord
    from desktop.services.intake_list import IntakeRow
    from desktop.services.review import ReviewRow
    from ui.context import DeskContext

AREA = "review"
STATUS_COLOURS = {
    "received": QColor("#e65100"),
    "reviewed": QColor("#2e7d32"),
    "returned": QColor("#c62828"),
    "voided": QColor("#757575"),
}
RETURNED_BACKGROUND = QColor("#ffebee")  # returned by the officer: the desk must act
EXCEPTION_BACKGROUND = QColor("#fff8e1")
EXCEPTION_COLOURS = {
    "void": QColor("#c62828"),
    "reprint": QColor("#ef6c00"),
    "reveal": QColor("#6a1b9a"),
    "returned": QColor("#c62828"),
    "overdue": QColor("#d84315"),
    "followup": QColor("#8d6e63"),
    "keeping": QColor("#1565c0"),
}
EXCEPTIONS_HEIGHT = 150


@dataclass(frozen=True)
class QueueLine:
    """One record of the day as the list shows it (the officer's review row or a desk user's own list row)."""

    application_id: int
    receipt_no: str
    kind: str  # walkin | exit_entry
    business_name: str
    applicant_name: str
    applicant_id_masked: str
    fee_fen: int | None  # None: not in a desk user's list
    status: str
    status_name: str
    missing: int
    created_at: datetime
    created_by_name: str
    reviewed_by_name: str
    review_note: str
    returned_by_review: bool
    version: int

    @classmethod
    def of_review(cls, row: ReviewRow) -> QueueLine:
        return cls(row.application_id, row.receipt_no, row.kind, row.business_name, row.applicant_name,
                   row.applicant_id_masked, row.fee_fen, row.status, row.status_name, row.missing, row.created_at,
                   row.created_by_name, row.reviewed_by_name, row.review_note, row.returned_by_review,
                   row.version)  # fmt: skip

    @classmethod
    def of_intake(cls, row: IntakeRow, kind: str) -> QueueLine:
        return cls(row.application_id, row.receipt_no, kind, row.business_name, row.applicant_name,
                   row.applicant_id_masked, None, row.status, row.status_name, row.missing, row.created_at,
                   row.created_by_name, "", "", row.returned_by_review, row.version)  # fmt: skip


class ReviewPage(QWidget):
    changed = Signal()  # a record was reviewed or returned: the day's figures changed

    def __init__(self, ctx: DeskContext, officer: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.officer = officer
        self.setObjectName(f"{AREA}.review_page")
        self.lines: list[QueueLine] = []
        self.shown: list[QueueLine] = []
        self.items: list[ExceptionItem] = []
        self._open_token = 0
        self._opening: int | None = None  # the record being read for the panel (the person chose it)
        self._build()

    def _build(self) -> None:
        self.exceptions_title = heading(QLabel(), 15)
        self.exceptions_title.setObjectName(f"{AREA}.exceptions_title")
        self.exceptions = QTableWidget(0, 6)
        self.exceptions.setObjectName(f"{AREA}.exceptions")
        self.exceptions.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Number"), self.tr("About"), self.tr("Details"), self.tr("By"),
             self.tr("Time")]
        )  # fmt: skip
        table_look(self.exceptions, stretch=3)
        self.exceptions.setMaximumHeight(EXCEPTIONS_HEIGHT)
        self.exceptions.setMinimumHeight(EXCEPTIONS_HEIGHT // 2)
        self.exceptions.setWordWrap(False)
        self.exceptions.cellClicked.connect(lambda row, _c: self._exception_clicked(row))
        self.exceptions_title.setVisible(self.officer)
        self.exceptions.setVisible(self.officer)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName(f"{AREA}.search")
        self.search_edit.setPlaceholderText(self.tr("Filter by receipt number, name or business"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self._fill_queue())
        self.status_filter = QComboBox()
        self.status_filter.setObjectName(f"{AREA}.status_filter")
        for text, code in ((self.tr("All records"), ""), (self.tr("Waiting for review"), "received"),
                           (self.tr("Returned"), "returned"), (self.tr("Reviewed"), "reviewed")):  # fmt: skip
            self.status_filter.addItem(text, code)
        self.status_filter.setMinimumContentsLength(7)  # the theme's arrow sits on the text otherwise
        self.status_filter.currentIndexChanged.connect(lambda _i: self._fill_queue())
        for widget in (self.search_edit, self.status_filter):
            keep_height(widget)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.status_filter)
        self.queue = QTableWidget(0, 7)
        self.queue.setObjectName(f"{AREA}.queue")
        self.queue.setHorizontalHeaderLabels(
            [self.tr("Receipt number"), self.tr("Time"), self.tr("Business"), self.tr("Applicant"),
             self.tr("Status"), self.tr("Fee"), self.tr("Desk")]
        )  # fmt: skip
        table_look(self.queue, stretch=2)
        self.queue.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.queue.itemSelectionChanged.connect(self._selection_changed)
        if not self.officer:  # a desk user's own list: no fee in it, and every record is its own
            self.queue.setColumnHidden(5, True)
            self.queue.setColumnHidden(6, True)
        self.queue_count = QLabel()
        self.queue_count.setObjectName(f"{AREA}.queue_count")
        self.queue_count.setStyleSheet(HINT_STYLE)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(filters)
        left_column.addWidget(self.queue, 1)
        left_column.addWidget(self.queue_count)

        self.detail = DetailPanel(self.officer)
        self.detail.review_requested.connect(self.mark_reviewed)
        self.detail.return_requested.connect(self.return_record)
        self.detail.reveal_requested.connect(self.reveal)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.exceptions_title)
        layout.addWidget(self.exceptions)
        layout.addWidget(self.splitter, 1)

    # -- showing the day -----------------------------------------------------------------------------------
    def show_day(self, lines: list[QueueLine], items: list[ExceptionItem]) -> None:
        """A fresh reading of the day: the lists follow; the open record is read again if it changed."""
        self.lines, self.items = lines, items
        self._fill_exceptions()
        self._fill_queue()
        opened = self.detail.opened
        if opened is None or self._opening is not None:  # another record is on its way: it is read fresh
            return
        current = next((line for line in lines if line.application_id == opened.record.application_id), None)
        if current is not None and current.version != opened.record.version:
            self.open_record(current.application_id, current.kind, keep_reason=True)

    def _fill_exceptions(self) -> None:
        items = self.items
        self.exceptions_title.setText(
            self.tr("Look at these first: %n exception(s)", "", len(items)) if items
            else self.tr("No exceptions today")
        )  # fmt: skip
        heading(self.exceptions_title, 15, colour="#c62828" if items else "#2e7d32")
        self.exceptions.setRowCount(len(items))
        for r, item in enumerate(items):
            when = format_local(item.at, "%m-%d %H:%M") if item.at is not None else ""
            cells = (item.kind_name, item.number, item.subject, item.detail, item.who, when)
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.BackgroundRole, EXCEPTION_BACKGROUND)
                if c == 0:
                    cell.setData(
                        Qt.ItemDataRole.ForegroundRole, EXCEPTION_COLOURS.get(item.kind, QColor("#c62828"))
                    )
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                if c == 3:
                    cell.setToolTip(text)
                self.exceptions.setItem(r, c, cell)
        self.exceptions.setMaximumHeight(
            EXCEPTIONS_HEIGHT if items else self.exceptions.horizontalHeader().sizeHint().height() + 8
        )

    def _matches(self, line: QueueLine) -> bool:
        status = str(self.status_filter.currentData() or "")
        if status and line.status != status:
            return False
        text = self.search_edit.text().strip().lower()
        return not text or any(text in value.lower() for value in (line.receipt_no, line.applicant_name,
                                                                    line.business_name))  # fmt: skip

    def _fill_queue(self) -> None:
        selected = self._opening
        if selected is None and self.detail.opened is not None:
            selected = self.detail.opened.record.application_id
        self.shown = [line for line in self.lines if self._matches(line)]
        self.queue.blockSignals(True)
        self.queue.setRowCount(len(self.shown))
        for r, line in enumerate(self.shown):
            fee = yuan(line.fee_fen) if line.fee_fen is not None else ""
            status = line.status_name + (
                self.tr(" ({n} missing)").format(n=line.missing) if line.missing else ""
            )
            cells = (QTableWidgetItem(line.receipt_no), QTableWidgetItem(format_local(line.created_at, "%H:%M")),
                     QTableWidgetItem(line.business_name), QTableWidgetItem(line.applicant_name),
                     QTableWidgetItem(status), number_item(fee), QTableWidgetItem(line.created_by_name))  # fmt: skip
            tip = "\n".join(
                t for t in (line.applicant_id_masked,
                            self.tr("Returned: {reason}").format(reason=line.review_note) if line.review_note else "",
                            self.tr("Reviewed by {name}").format(name=line.reviewed_by_name)
                            if line.reviewed_by_name else "") if t
            )  # fmt: skip
            for c, cell in enumerate(cells):
                if line.returned_by_review:
                    cell.setData(Qt.ItemDataRole.BackgroundRole, RETURNED_BACKGROUND)
                if c == 4 and line.status in STATUS_COLOURS:
                    cell.setData(Qt.ItemDataRole.ForegroundRole, STATUS_COLOURS[line.status])
                if tip:
                    cell.setToolTip(tip)
                self.queue.setItem(r, c, cell)
        at = next((r for r, line in enumerate(self.shown) if line.application_id == selected), -1)
        if at >= 0:
            self.queue.selectRow(at)
        else:
            self.queue.clearSelection()
        self.queue.blockSignals(False)
        waiting = sum(1 for line in self.lines if line.status == "received")
        if not self.lines:
            self.queue_count.setText(self.tr("No records on this day."))
        else:
            self.queue_count.setText(
                self.tr("%n record(s) on this day", "", len(self.lines))
                + self.tr(", {waiting} waiting for review").format(waiting=waiting)
                + (self.tr(", {shown} shown").format(shown=len(self.shown)) if len(self.shown) != len(self.lines)
                   else "")
            )  # fmt: skip

    def _selection_changed(self) -> None:
        rows = self.queue.selectionModel().selectedRows()
        if not rows:
            return
        line = self.shown[rows[0].row()]
        opened = self.detail.opened
        showing = (
            self._opening if self._opening is not None else opened.record.application_id if opened else None
        )
        if showing == line.application_id:
            return
        self.open_record(line.application_id, line.kind)

    def _exception_clicked(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        application_id = self.items[row].application_id
        if application_id is None:
            return
        line = next((line for line in self.lines if line.application_id == application_id), None)
        self.open_record(application_id, line.kind if line is not None else None)

    def select(self, application_id: int) -> bool:
        """Select (and open) the record in the list; False when the list does not show it."""
        at = next((r for r, line in enumerate(self.shown) if line.application_id == application_id), -1)
        if at >= 0:
            self.queue.selectRow(at)
        return at >= 0

    # -- opening a record ----------------------------------------------------------------------------------
    def open_record(self, application_id: int, kind: str | None, *, keep_reason: bool = False) -> None:
        from desktop.services import exit_entry, intake
        from desktop.services.receipt_search import find_documents

        core, actor, station = self.ctx.core, self.ctx.actor, self.ctx.station.code
        self._open_token += 1
        token = self._open_token
        self._opening = application_id

        def load() -> Opened:
            record: IntakeRecord | ExitEntryRecord
            found = kind
            if kind == "exit_entry":
                record = exit_entry.get_exit_entry(core, actor, application_id)
            else:
                try:
                    record = intake.get_intake(core, actor, application_id)
                    found = "walkin"
                except NotFound:
                    if kind == "walkin":
                        raise
                    record = exit_entry.get_exit_entry(core, actor, application_id)
                    found = "exit_entry"
            number = record.receipt_no
            documents = find_documents(core, actor, station, text=number, limit=1) if number else []
            return Opened(record, str(found), documents[0] if documents else None)

        def opened(result: Opened) -> None:
            if token == self._open_token:
                self._opening = None
                self.detail.show_record(result, keep_reason=keep_reason)
                self.select(result.record.application_id)

        def failed(error: BaseException) -> None:
            if token == self._open_token:
                self._opening = None
                self._failed(error)

        self.ctx.runner.run(load, on_success=opened, on_failure=failed, quiet=True, widget=self)

    # -- the officer's actions -----------------------------------------------------------------------------
    def _act(self, call: object, done: str) -> None:
        opened = self.detail.opened
        if opened is None:
            return
        self.detail.set_busy(True)
        self.detail.say(self.tr("Saving…"))

        def succeeded(row: ReviewRow) -> None:
            self.detail.set_busy(False)
            opened = self.detail.opened
            if (
                self._opening is None
                and opened is not None
                and opened.record.application_id == row.application_id
            ):
                self.detail.say(done.replace("%1", row.receipt_no), ok=True)
                self.open_record(row.application_id, row.kind)  # unless the officer has moved on meanwhile
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self.detail.set_busy(False)
            if isinstance(error, ValidationError) and error.field == "review_note":
                self.detail.say(error.message, error=True)
                self.detail.return_reason.setFocus()
                return
            if isinstance(error, ConflictError):
                self.detail.say(error.message, error=True)
                self.changed.emit()  # read the day again: what changed shows
                return
            self._failed(error)

        self.ctx.runner.run(call, on_success=succeeded, on_failure=failed, widget=self)  # type: ignore[arg-type]

    def mark_reviewed(self) -> None:
        from desktop.services.review import mark_reviewed

        opened = self.detail.opened
        if opened is None or not self.officer:
            return
        core, actor = self.ctx.core, self.ctx.actor
        application_id, version = opened.record.application_id, opened.record.version
        self._act(
            lambda: mark_reviewed(core, actor, application_id, version=version), self.tr("%1 reviewed.")
        )

    def return_record(self, reason: str) -> None:
        from desktop.services.review import return_for_correction

        opened = self.detail.opened
        if opened is None or not self.officer:
            return
        core, actor = self.ctx.core, self.ctx.actor
        application_id, version = opened.record.application_id, opened.record.version
        self._act(
            lambda: return_for_correction(core, actor, application_id, reason, version=version),
            self.tr("%1 returned to the desk for correction; the desk sees it highlighted."),
        )

    def reveal(self, whom: str) -> None:
        opened = self.detail.opened
        if opened is None or not self.officer:
            return
        person = opened.record.applicant if whom == "applicant" else opened.record.agent
        name = person.name if person is not None else ""
        ask_reason(
            self,
            title=self.tr("Show the full ID number"),
            prompt=self.tr(
                "Why do you need the full ID number of {name}? The reason and your name are recorded in the "
                "audit trail."
            ).format(name=name),
            suggestions=(
                self.tr("Checking the applicant's identity against the ID card"),
                self.tr("Verifying with the household register system"),
                self.tr("Request of the public security organ"),
            ),
            name=f"{AREA}.reveal_reason",
            ok_text=self.tr("Show"),
            on_reason=lambda reason: self._reveal(opened.record.application_id, whom, reason),
        )

    def _reveal(self, application_id: int, whom: str, reason: str) -> None:
        from desktop.services.review import reveal_id

        core, actor = self.ctx.core, self.ctx.actor

        def shown(number: str) -> None:
            opened = self.detail.opened
            if opened is not None and opened.record.application_id == application_id:
                self.detail.show_revealed(whom, number)
                self.detail.say(self.tr("The full number is shown above; this look is recorded."), ok=True)
            self.changed.emit()  # the look is an exception of the day

        self.ctx.runner.run(lambda: reveal_id(core, actor, application_id, reason, whom=whom), on_success=shown,
                            on_failure=self._failed, widget=self)  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.detail.say(error.message, error=True)
            self.detail.message.setStyleSheet(ERROR_STYLE)
        else:
            show_error(self, error)
