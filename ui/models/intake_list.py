"""The 来访受理 list: the station's walk-in applications (IntakeRow), loaded a page at a time as the view scrolls.

Like Anki's browser table, the model never holds more than the pages the person has scrolled to: the first page
comes with `set_filter`, and the view asks for the next one (`canFetchMore` / `fetchMore`) when it reaches the
bottom. Pages are keyed by the last row's application id (the service never uses OFFSET). Every load runs in the
task runner; an answer for an older filter (the person typed on) is dropped by its token.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.clock import format_local, local_date
from desktop.errors import DomainError
from desktop.services.intake_list import IntakeFilter, IntakeRow
from ui.errors import report_bug
from ui.models.rows import RowsModel
from ui.widgets.form import sentence

if TYPE_CHECKING:
    from ui.context import DeskContext

PAGE = 50
RETURNED_BY_REVIEW_BACKGROUND = QColor("#ffecb3")  # amber: an officer sent it back, the desk must act
RETURNED_FOREGROUND = QColor("#b71c1c")
VOIDED_FOREGROUND = QColor("#9e9e9e")

Index = QModelIndex | QPersistentModelIndex


class IntakeListModel(RowsModel):
    """Signals: `loaded(rows_now)` after each page arrives, `failed(message)` when a load fails (Chinese)."""

    COLUMNS = (
        "receipt_no",
        "applicant_name",
        "applicant_id_masked",
        "business_name",
        "status",
        "created_at",
        "created_by_name",
    )

    loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(
            (
                self.tr("Receipt number"),
                self.tr("Applicant"),
                self.tr("ID number"),
                self.tr("Business"),
                self.tr("Status"),
                self.tr("Time"),
                self.tr("Accepted by"),
            )
        )
        self._ctx = ctx
        self._filter = IntakeFilter()
        self._token = 0
        self._loading = False
        self._has_more = False  # nothing asked yet: nothing to fetch
        self._today = local_date(ctx.core.clock())

    # -- what the pane asks ------------------------------------------------------------------------------
    @property
    def filter(self) -> IntakeFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_more(self) -> bool:
        """The last page came back full: there may be more rows below."""
        return self._has_more

    def set_filter(self, flt: IntakeFilter) -> None:
        """Load the first page for `flt`; the rows shown stay until it arrives (no flicker while typing)."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """The same filter again, from the top (after a save, or to see other desks' new records)."""
        self._token += 1
        token = self._token
        self._loading = True
        self._has_more = False
        self._load(None, lambda rows: self._first_page(token, rows), token)

    def row_at(self, at: int) -> IntakeRow | None:
        row: IntakeRow | None = super().row_at(at)
        return row

    def row_of(self, application_id: int) -> int:
        return self.find(lambda r: r.application_id == application_id)

    def replace_row(self, row: IntakeRow) -> None:
        """The same record, read again (after an edit); a record not loaded is left alone."""
        at = self.row_of(row.application_id)
        if at >= 0:
            self.replace_at(at, row)

    # -- lazy loading ------------------------------------------------------------------------------------
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        last = self.row_at(self.rowCount() - 1)
        if last is None:
            return
        token = self._token
        self._loading = True
        self._load(last.application_id, lambda rows: self._next_page(token, rows), token)

    def _load(self, after: int | None, done: Any, token: int) -> None:
        from desktop.services.intake_list import list_intake

        core, actor, code, flt = self._ctx.core, self._ctx.actor, self._ctx.station.code, self._filter
        self._ctx.runner.run(
            lambda: list_intake(core, actor, code, flt, after=after, limit=PAGE),
            on_success=done,
            on_failure=lambda error: self._failed(token, error),
            quiet=True,  # a page while scrolling or typing: no busy cursor flashing
        )

    def _first_page(self, token: int, rows: list[IntakeRow]) -> None:
        if token != self._token:
            return  # an older filter answered late
        self._today = local_date(self._ctx.core.clock())
        self._loading = False
        self._has_more = len(rows) == PAGE
        self.set_rows(rows)
        self.loaded.emit(self.rowCount())

    def _next_page(self, token: int, rows: list[IntakeRow]) -> None:
        if token != self._token:
            return
        self._loading = False
        self._has_more = len(rows) == PAGE
        self.append_rows(rows)
        self.loaded.emit(self.rowCount())

    def _failed(self, token: int, error: BaseException) -> None:
        if token != self._token:
            return
        self._loading = False
        if isinstance(error, DomainError):
            self.failed.emit(sentence(error.message))
        else:
            report_bug(error)

    # -- cells -------------------------------------------------------------------------------------------
    def cell(self, row: Any, column: str, role: int) -> object:
        record: IntakeRow = row
        if role == Qt.ItemDataRole.BackgroundRole and record.returned_by_review:
            return RETURNED_BY_REVIEW_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.status == "voided":
                return VOIDED_FOREGROUND
            if record.status == "returned" and column == "status":
                return RETURNED_FOREGROUND
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "status":
            return record.status_name
        if column == "created_at":
            return self._time(record)
        return getattr(record, column)

    def _time(self, record: IntakeRow) -> str:
        """HH:mm for today's records; an older one also says its day (the list may span every day)."""
        day: date = local_date(record.created_at)
        if day == self._today:
            return format_local(record.created_at, "%H:%M")
        if day.year == self._today.year:
            return format_local(record.created_at, "%m-%d %H:%M")
        return format_local(record.created_at, "%Y-%m-%d")

    def _tooltip(self, record: IntakeRow, column: str) -> str | None:
        if column == "created_at":
            return format_local(record.created_at)
        if column == "status" and record.missing:
            return self.tr("%n material(s) still missing", "", record.missing)
        if column == "business_name":
            return record.business_name
        if column == "applicant_name":  # the ID column is the first to go on a narrow list
            return record.applicant_id_masked or None
        return None
