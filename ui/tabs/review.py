"""The 当日审核 tab (issue 7): the officer's day — the board (当日概况), the review (审核: exceptions first, the
day's records, one record with the officer's actions), the sign-off with the password, the 日报 and the exports.

A desk user sees the same tab read-only: the board and the list of its own records of the day, every officer
action disabled (the services refuse them anyway).

Live: while the tab is on screen it asks every POLL_MS for the database's change token (the newest audit event,
one cheap query, in the background); when another desk saved anything, the day is read again. That works alike
on SQLite and PostgreSQL and keeps the window responsive (nothing waits on the GUI thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import format_local, local_date
from desktop.errors import DomainError, ValidationError
from desktop.services.core import Permission
from ui.errors import show_error
from ui.tabs import TabEntry
from ui.tabs.document_printing import DocumentPrinter, PrintOptions
from ui.tabs.review_board import BoardPage
from ui.tabs.review_queue import QueueLine, ReviewPage
from ui.tabs.review_signoff import SignoffDialog
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, keep_height, sentence

if TYPE_CHECKING:
    from desktop.services.day_board import DayBoard, ExceptionItem
    from desktop.services.day_export import ExportFile
    from desktop.services.review import SignoffInfo
    from ui.context import DeskContext

AREA = "review"
POLL_MS = 1500  # a save at another desk shows within 2 s
OWN_LIMIT = 200  # a desk user's own records of one day (the intake list's page limit)
SIGNED_STYLE = "color: #2e7d32; font-weight: bold;"
OPEN_STYLE = "color: #e65100; font-weight: bold;"


@dataclass(frozen=True)
class DaySnapshot:
    """One reading of a station day: read in the background, shown at once."""

    token: int  # the change token read before the figures
    day: date
    board: DayBoard
    lines: list[QueueLine]
    exceptions: list[ExceptionItem]
    signed: SignoffInfo | None

    @property
    def unreviewed(self) -> int:
        return sum(c.count for c in self.board.by_status if c.code == "received")


class ReviewTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"{AREA}.tab")
        self.setWindowTitle(self.tr("Day review"))
        self.officer = ctx.actor.can(Permission.REVIEW)
        self.settings = QSettings(str(ctx.paths.config / "desk.ini"), QSettings.Format.IniFormat)
        self.snapshot: DaySnapshot | None = None
        self._load_token = 0
        self._loading = False
        self._polling = False
        self._seen_token = -1
        # 日报 copies this tab knows of (a copy printed elsewhere makes the next one a 补打)
        self._report_copies = 0
        self._build()
        self.printer = DocumentPrinter(
            self, ctx, AREA, options=self.print_options, say=self.say, fail=self.fail
        )
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.poll_timer.start()

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.today()
        self.day = QDateEdit()
        self.day.setObjectName(f"{AREA}.day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.calendarWidget().setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames
        )
        self.day.setMinimumWidth(max(140, self.day.fontMetrics().horizontalAdvance("2026-12-31") + 72))
        self.day.dateChanged.connect(self._day_changed)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName(f"{AREA}.refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.signoff_status = QLabel()
        self.signoff_status.setObjectName(f"{AREA}.signoff_status")
        self.signoff_status.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("Sign off the day…"))
        self.sign_button.setObjectName(f"{AREA}.sign_off")
        self.sign_button.clicked.connect(self.sign_off)
        self.print_button = QPushButton(self.tr("Print the daily report"))
        self.print_button.setObjectName(f"{AREA}.print")
        self.print_button.clicked.connect(self.print_document)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day:")))
        for widget in (self.day, self.refresh_button):
            keep_height(widget)
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.signoff_status, 1)
        for widget in (self.sign_button, self.print_button):
            keep_height(widget)
            top.addWidget(widget)

        self.board_page = BoardPage()
        self.review_page = ReviewPage(self.ctx, self.officer)
        self.review_page.changed.connect(self.refresh)
        self.pages = QTabWidget()
        self.pages.setObjectName(f"{AREA}.pages")
        self.pages.addTab(self.board_page, self.tr("Day board"))
        self.pages.addTab(self.review_page, self.tr("Review") if self.officer else self.tr("My records"))

        self.message = QLabel()
        self.message.setObjectName(f"{AREA}.message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_day_button = QPushButton(self.tr("Export the day…"))
        self.export_day_button.setObjectName(f"{AREA}.export_day")
        self.export_day_button.clicked.connect(lambda: self.export(month=False))
        self.export_month_button = QPushButton(self.tr("Export the month…"))
        self.export_month_button.setObjectName(f"{AREA}.export_month")
        self.export_month_button.clicked.connect(lambda: self.export(month=True))
        self.print_options = PrintOptions(self.settings, AREA)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        for widget in (self.export_day_button, self.export_month_button):
            keep_height(widget)
            widget.setToolTip(self.tr("An Excel workbook of the intake, ID numbers masked."))
            bottom.addWidget(widget)
        bottom.addWidget(self.print_options)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        if not self.officer:  # read-only: the officer's commands stay disabled, and out of sight
            hidden: tuple[QWidget, ...] = (self.sign_button, self.print_button, self.export_day_button,
                                           self.export_month_button, self.print_options)  # fmt: skip
            for command in hidden:
                command.hide()
        self._update_buttons()

    # -- messages ------------------------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False, ok: bool = False, path: bool = False) -> None:
        self.message.setText(text if path else sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)

    def fail(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.say(error.message, error=True)
        else:
            show_error(self, error)

    # -- the day -------------------------------------------------------------------------------------------
    def today(self) -> date:
        return local_date(self.ctx.core.clock())

    def chosen_day(self) -> date:
        return date.fromisoformat(self.day.date().toString("yyyy-MM-dd"))

    def _day_changed(self) -> None:
        self.say("")
        self._report_copies = 0
        self.review_page.detail.show_record(None)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the tab: what the desks did meanwhile shows at once."""
        super().showEvent(event)
        today = self.today()
        # The program may run past midnight.
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.refresh()

    def refresh(self) -> None:
        """Read the chosen day again in the background; an answer for an older request is dropped."""
        from desktop.services import day_board, intake_list, review

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        day, officer, user_id = self.chosen_day(), self.officer, self.ctx.user.id
        self._load_token += 1
        token = self._load_token
        self._loading = True

        def load() -> DaySnapshot:
            changed = review.change_token(core, code)
            board = day_board.day_board(core, actor, code, day)
            if officer:
                lines = [QueueLine.of_review(r) for r in review.review_queue(core, actor, code, day)]
                found = day_board.exceptions(core, actor, code, day)
            else:
                lines = []
                for kind in ("walkin", "exit_entry"):
                    flt = intake_list.IntakeFilter(day=day, created_by=user_id, kind=kind)
                    rows = intake_list.list_intake(core, actor, code, flt, limit=OWN_LIMIT)
                    lines += [QueueLine.of_intake(r, kind) for r in rows]
                lines.sort(key=lambda line: (line.created_at, line.application_id))
                found = []
            return DaySnapshot(changed, day, board, lines, found, review.day_signed(core, actor, code, day))

        def loaded(snapshot: DaySnapshot) -> None:
            if token != self._load_token:
                return
            self._loading = False
            self._seen_token = max(self._seen_token, snapshot.token)
            self.show_snapshot(snapshot)

        def failed(error: BaseException) -> None:
            if token != self._load_token:
                return
            self._loading = False
            if not isinstance(error, DomainError):
                self.poll_timer.stop()  # a bug is reported once, not again with every save at a desk
            self.fail(error)

        self.ctx.runner.run(load, on_success=loaded, on_failure=failed, quiet=True, widget=self)

    def poll(self) -> None:
        """Has anything been written since the last reading? Then read the day again (only while on screen)."""
        from desktop.services.review import change_token

        if not self.isVisible() or self._polling or self._loading:
            return
        self._polling = True
        core, code = self.ctx.core, self.ctx.station.code

        def answered(token: int) -> None:
            self._polling = False
            if token != self._seen_token and not self._loading:
                self.refresh()

        def failed(error: BaseException) -> None:
            self._polling = False
            if not isinstance(error, DomainError):  # the database away is one: the status bar's light says so
                self.poll_timer.stop()
                show_error(self, error)

        self.ctx.runner.run(
            lambda: change_token(core, code), on_success=answered, on_failure=failed, quiet=True, widget=self
        )

    def show_snapshot(self, snapshot: DaySnapshot) -> None:
        self.snapshot = snapshot
        self.board_page.show_board(snapshot.board)
        self.review_page.show_day(snapshot.lines, snapshot.exceptions)
        signed = snapshot.signed
        if signed is not None:
            self.signoff_status.setText(
                self.tr("Signed off by {officer} at {time}; the day's records are locked.").format(
                    officer=signed.officer_name, time=format_local(signed.signed_at, "%m-%d %H:%M")
                )
            )
            self.signoff_status.setStyleSheet(SIGNED_STYLE)
        else:
            text = self.tr("Not signed off.")
            if snapshot.unreviewed and self.officer:
                text += ("" if text.endswith("。") else " ") + self.tr(
                    "%n record(s) still waiting for review: review or return them before signing off.", "",
                    snapshot.unreviewed,
                )  # fmt: skip
            self.signoff_status.setText(text)
            self.signoff_status.setStyleSheet(OPEN_STYLE)
        self._update_buttons()

    def _update_buttons(self) -> None:
        snapshot = self.snapshot
        signed = snapshot is not None and snapshot.signed is not None
        ready = self.officer and snapshot is not None and snapshot.day == self.chosen_day()
        self.sign_button.setEnabled(
            bool(ready and not signed and snapshot is not None and not snapshot.unreviewed)
        )
        self.print_button.setEnabled(bool(ready and signed))
        self.export_day_button.setEnabled(self.officer)
        self.export_month_button.setEnabled(self.officer)

    # -- sign-off ------------------------------------------------------------------------------------------
    def sign_off(self) -> None:
        snapshot = self.snapshot
        if snapshot is None or not self.sign_button.isEnabled():
            return
        dialog = SignoffDialog(self, snapshot.board, len(snapshot.exceptions))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.submitted.connect(
            lambda password, comment: self._sign(dialog, snapshot.day, password, comment)
        )
        dialog.open()
        dialog.password.setFocus()

    def _sign(self, dialog: SignoffDialog, day: date, password: str, comment: str) -> None:
        from desktop.services.review import sign_off

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code

        def signed(info: SignoffInfo) -> None:
            dialog.accept()
            self.say(
                self.tr("{day} signed off; the figures are frozen and the day is locked. Print the daily report "
                        "now.").format(day=f"{info.day:%Y-%m-%d}"),
                ok=True,
            )  # fmt: skip
            self.refresh()
            self._report_copies = 0
            self._print_report(day)

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                dialog.refused(error.message, password=error.field == "password")
            elif isinstance(error, DomainError):
                dialog.refused(error.message, password=False)
                self.refresh()
            else:
                dialog.set_busy(False)
                show_error(self, error)

        self.ctx.runner.run(lambda: sign_off(core, actor, code, day, password, comment), on_success=signed,
                            on_failure=failed, widget=self)  # fmt: skip

    # -- the 日报 ------------------------------------------------------------------------------------------
    def print_document(self) -> None:
        """Ctrl+P: the 日报 of the chosen day, once it is signed off."""
        if not self.officer:
            self.say(self.tr("Only the community officer prints the daily report."), error=True)
            return
        snapshot = self.snapshot
        if snapshot is None or snapshot.signed is None or snapshot.day != self.chosen_day():
            self.say(
                self.tr("Sign the day off first; the daily report prints the frozen figures."), error=True
            )
            return
        self._print_report(snapshot.day)

    def _print_report(self, day: date) -> None:
        from desktop.services.review import print_daily_report, report_number

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code

        def printed() -> None:
            self._report_copies += 1

        def again() -> None:  # printed elsewhere meanwhile: this copy is a reprint, its reason is asked for
            self._report_copies = max(self._report_copies, 1)
            self._print_report(day)

        self.printer.print(
            report_number(code, day),
            self._report_copies,
            after=printed,
            again=again,
            document=self.tr("Daily report"),
            render=lambda _number, layout, reason: print_daily_report(core, actor, code, day, layout=layout,
                                                                       reason=reason),
        )  # fmt: skip

    # -- export --------------------------------------------------------------------------------------------
    def export(self, *, month: bool) -> None:
        """Ask where to save the day's (or the month's) intake workbook, then write it in the background."""
        if not self.officer:
            return
        day, code = self.chosen_day(), self.ctx.station.code
        label = f"{day:%Y%m}" if month else f"{day:%Y%m%d}"
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
        name = self.tr("{code}-intake register-{label}.xlsx").format(code=code, label=label)
        title = self.tr("Export the month's intake") if month else self.tr("Export the day's intake")
        dialog = QFileDialog(self, title, str(folder / name))
        dialog.setObjectName(f"{AREA}.export_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Excel workbooks (*.xlsx)"))
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(lambda chosen: self.export_to(Path(chosen), day, month=month))
        dialog.open()

    def export_to(self, path: Path, day: date, *, month: bool) -> None:
        from desktop.services.day_export import export_day, export_month

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        buttons = (self.export_day_button, self.export_month_button)
        for button in buttons:
            button.setEnabled(False)
        self.say(self.tr("Exporting the workbook"))

        def write() -> ExportFile:
            made = (
                export_month(core, actor, code, day.year, day.month)
                if month
                else export_day(core, actor, code, day)
            )
            path.write_bytes(made.content)
            return made

        def saved(made: ExportFile) -> None:
            for button in buttons:
                button.setEnabled(True)
            rows = sum(t.rows for t in made.totals)
            self.say(self.tr("%n row(s) exported to {path}", "", rows).format(path=path), ok=True, path=True)

        def failed(error: BaseException) -> None:
            for button in buttons:
                button.setEnabled(True)
            if isinstance(error, OSError):  # the disk, the folder or a workbook open in Excel: not a bug
                self.say(self.tr("Could not save {path}: {reason}").format(path=path, reason=error.strerror or error),
                         error=True)  # fmt: skip
            else:
                self.fail(error)

        self.ctx.runner.run(write, on_success=saved, on_failure=failed, widget=self)

    # -- the main window's commands ------------------------------------------------------------------------
    def search(self) -> None:
        """Ctrl+F: the filter of the day's records."""
        self.pages.setCurrentWidget(self.review_page)
        self.review_page.search_edit.setFocus()
        self.review_page.search_edit.selectAll()


TAB = TabEntry(
    ReviewTab,
    Permission.INTAKE,
    order=50,
    name="review.tab",
    title=lambda: QCoreApplication.translate("ReviewTab", "Day review"),
)
