"""The 出入境受理 tab: passports and HK/Macau and Taiwan permits — the station's exit-entry applications on the
left (newest first, search by receipt number, ID number, name or phone), the intake form on the right.

Keyboard as in 来访受理: F2 new, Ctrl+S save, Ctrl+P print (the exit-entry 受理回执, or the 补正材料通知书 while a
material is missing), Ctrl+F search. Saves run in the background with the form's request id; the form keeps
everything on any failure.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import local_date
from desktop.db.retry import is_connection_loss
from desktop.errors import DomainError, ValidationError
from desktop.services.core import Permission
from desktop.services.intake_list import IntakeFilter
from ui.errors import hold_while_retrying, no_longer_editable, not_saved_offline, show_error
from ui.models.intake_list import IntakeListModel
from ui.tabs import TabEntry
from ui.tabs.document_printing import DocumentPrinter, PrintOptions
from ui.tabs.exit_entry_form import AREA, ExitEntryForm
from ui.tabs.exit_entry_handover import HandoverPage
from ui.tabs.exit_entry_pickup import PickupPage
from ui.widgets.form import (
    ERROR_STYLE,
    HINT_STYLE,
    OK_STYLE,
    confirm_discard,
    keep_height,
    kept_note,
    sentence,
)
from ui.widgets.model_colours import ModelColours

if TYPE_CHECKING:
    from desktop.services.exit_entry import ExitEntryRecord
    from desktop.services.intake_list import KnownPerson
    from ui.context import DeskContext


class ExitEntryTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"{AREA}.tab")
        self.setWindowTitle(self.tr("Exit-entry"))
        self.settings = QSettings(str(ctx.paths.config / "desk.ini"), QSettings.Format.IniFormat)
        self._open_token = 0
        self._lookup_tokens = {"applicant": 0, "agent": 0, "guardian": 0}
        self._build()
        self.printer = DocumentPrinter(
            self, ctx, AREA,
            options=self.print_options,
            say=self.say,
            fail=self.fail,
        )  # fmt: skip
        self.handover = HandoverPage(ctx, self.printer)
        self.pickup = PickupPage(ctx)
        self.pages.addTab(self.handover, self.tr("Handover"))
        self.pages.addTab(self.pickup, self.tr("Pickup"))
        self.pages.currentChanged.connect(self._page_changed)
        self.run_search()

    def _page_changed(self, index: int) -> None:
        """Each page reads again when shown: another desk (or the other pages) may have moved things on."""
        page = self.pages.widget(index)
        if page is self.handover:
            self.handover.refresh()
        elif page is self.pickup:
            self.pickup.refresh()
        else:
            self.run_search()
            record = self.form.record
            if (
                record is not None and not self.form.dirty
            ):  # batched or issued meanwhile: show it as it is now
                self._open(record.application_id)

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget()
        left.setMinimumWidth(360)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName(f"{AREA}.search")
        self.search_edit.setPlaceholderText(self.tr("Receipt number, ID number, name or phone"))
        self.search_edit.setClearButtonEnabled(True)
        keep_height(self.search_edit)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(300)
        self._pause.timeout.connect(self.run_search)
        self.search_edit.textEdited.connect(lambda _t: self._pause.start())
        self.search_edit.returnPressed.connect(self.run_search)
        self.model = IntakeListModel(self.ctx)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda message: self.count_label.setText(message))
        self.table = QTableView()
        self.table.setObjectName(f"{AREA}.list")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ModelColours(self.table))  # the theme would hide the model's colours
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._clicked)
        self.count_label = QLabel()
        self.count_label.setObjectName(f"{AREA}.list_count")
        self.count_label.setStyleSheet(HINT_STYLE)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        self.form = ExitEntryForm(lambda: self._today())
        self.form.save_requested.connect(self.save)
        self.form.print_requested.connect(self.print_document)
        self.form.new_requested.connect(self.new_record)
        self.form.cancel_requested.connect(self.cancel)
        self.form.lookup_requested.connect(self._look_up)
        self.form.edited.connect(lambda: self.say("") if self._message_is_error else None)
        right = QWidget()
        right.setMinimumWidth(560)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.form, 1)
        self.print_options = PrintOptions(self.settings, AREA)
        right_layout.addWidget(self.print_options)
        self.message = QLabel()
        self.message.setObjectName(f"{AREA}.message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 4)
        self._message_is_error = False
        right_layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self.pages = QTabWidget()
        self.pages.setObjectName(f"{AREA}.pages")
        self.pages.addTab(splitter, self.tr("Intake"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.pages)

    def _today(self) -> date:
        return local_date(self.ctx.core.clock())

    # -- messages ------------------------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)
        self._message_is_error = error

    def fail(self, error: BaseException, *, saving: bool = False) -> None:
        if isinstance(error, ValidationError):
            self.form.show_problem(error.field, error.message)
            self.say(error.message + (" " + kept_note() if saving else ""), error=True)
        elif isinstance(error, DomainError):
            self.say(error.message + (" " + kept_note() if saving else ""), error=True)
        else:
            show_error(self, error)

    # -- the main window's commands ----------------------------------------------------------------------------
    def new_record(self) -> None:
        self.pages.setCurrentIndex(0)
        self._unless_unsaved(self._new_now)

    def _new_now(self) -> None:
        self.form.new_record()
        self.table.clearSelection()
        self.say("")

    def search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def cancel(self) -> None:
        """Esc: discard this form's unsaved changes (asks first); a saved application is read back as stored."""
        if not self.form.dirty:
            return

        def discard() -> None:
            record = self.form.record
            if record is None:
                self._new_now()
            else:
                self._open(record.application_id)

        confirm_discard(self, AREA, self.tr("Discard the changes in the form?"), discard)

    def can_leave(self) -> bool:
        if self.form.dirty:
            self.say(
                self.tr("The form has unsaved changes: save them, or press Esc to discard them first."),
                error=True,
            )
            return False
        return True

    def _unless_unsaved(self, go: Callable[[], None]) -> None:
        if self.form.dirty:
            confirm_discard(self, AREA, self.tr("The form has unsaved changes. Discard them?"), go)
        else:
            go()

    def save(self) -> None:
        """Ctrl+S: save the new application or the correction, or say why not."""
        from desktop.services.exit_entry import create_exit_entry, update_exit_entry

        form = self.form
        if form.busy:
            return
        if not form.save_button.isEnabled():
            if found := form.problems_now():
                form.show_problem(*found[0])
            self.say(form.save_hint.text(), error=True)
            return
        data = form.form_input()
        core, actor, station = self.ctx.core, self.ctx.actor, self.ctx.station.code
        record = form.record
        landed = None
        if record is None:
            request_id = form.request_id

            def call() -> ExitEntryRecord:
                return create_exit_entry(core, actor, station, request_id, data)
        else:
            from desktop.services.exit_entry import StaleExitEntry
            from desktop.services.save_outcome import exit_entry_matches, landed_when, own_next_version

            application_id, version, since = record.application_id, record.version, core.clock()

            def call() -> ExitEntryRecord:
                return update_exit_entry(core, actor, application_id, version, data)

            landed = landed_when(  # an edit that went through before its answer was lost (desktop.db.retry)
                StaleExitEntry,
                lambda current: (
                    own_next_version(current, version=version, actor=actor, since=since)
                    and exit_entry_matches(current, data)
                ),
                lambda current: current,
            )

        form.set_busy(True)
        self.say(self.tr("Saving…"))
        self.ctx.runner.run_with_retries(
            call,
            landed=landed,
            on_retry=hold_while_retrying(self.form, self.say),
            on_success=self._saved,
            on_failure=self._save_failed,
            widget=self,
        )

    def _saved(self, record: ExitEntryRecord) -> None:
        self.form.setEnabled(True)
        self.form.set_busy(False)
        self.form.saved(record)
        self.say(self.tr("Saved as %1. Press Ctrl+P to print.").replace("%1", record.receipt_no), ok=True)
        self.search_edit.clear()
        self.run_search()
        status = getattr(self.window(), "status", None)
        if status is not None and hasattr(status, "refresh"):
            status.refresh()  # 今日受理 in the status bar follows at once
        self.form.print_button.setFocus()

    def _save_failed(self, error: BaseException) -> None:
        from desktop.services.exit_entry import StaleExitEntry

        self.form.setEnabled(True)
        self.form.set_busy(False)
        if isinstance(error, StaleExitEntry):
            self.form.show_conflict(error.current, error.message)
            self.say(error.message, error=True)
            return
        if is_connection_loss(error):
            self.say(not_saved_offline(), error=True)
            return
        self.fail(error, saving=True)
        if (reason := no_longer_editable(error)) is not None and self.form.record is not None:
            # The form says why and stops offering to save; what was typed stays until Esc reads the record back.
            self.form.lock(reason)

    def print_document(self) -> None:
        record = self.form.record
        if record is None:
            self.say(self.tr("Save the application first, then print."), error=True)
            return
        application_id = record.application_id
        self.printer.print(
            record.receipt_no,
            record.printed_copies,
            after=lambda: self._open(application_id),  # the copy count changes what the next print asks
            again=lambda: self._open(application_id, then=self.print_document),
            document=self.tr("Supplement notice") if record.missing else self.tr("Exit-entry receipt"),
        )

    # -- the list ------------------------------------------------------------------------------------------
    def run_search(self) -> None:
        self._pause.stop()
        self.model.set_filter(IntakeFilter(text=self.search_edit.text().strip(), kind="exit_entry"))

    def _loaded(self, rows: int) -> None:
        self.count_label.setText(
            self.tr("%n application(s) shown", "", rows) if rows else self.tr("No matching records.")
        )
        record = self.form.record
        if record is not None:
            at = self.model.row_of(record.application_id)
            if at >= 0:
                self.table.selectRow(at)

    def _clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is None:
            return
        record = self.form.record
        if record is not None and record.application_id == row.application_id and not self.form.dirty:
            return
        self._unless_unsaved(lambda: self._open(row.application_id))

    def _open(self, application_id: int, then: Callable[[], None] | None = None) -> None:
        from desktop.services.exit_entry import get_exit_entry

        core, actor = self.ctx.core, self.ctx.actor
        self._open_token += 1
        token = self._open_token

        def opened(record: ExitEntryRecord) -> None:
            if token == self._open_token:
                self.form.saved(record)
                self.say("")
                if then is not None:
                    then()

        self.ctx.runner.run(lambda: get_exit_entry(core, actor, application_id), on_success=opened,
                            on_failure=self.fail, widget=self)  # fmt: skip

    def _look_up(self, role: str, kind: str, number: str) -> None:
        from desktop.services.intake_list import find_person

        core, actor = self.ctx.core, self.ctx.actor
        self._lookup_tokens[role] = self._lookup_tokens.get(role, 0) + 1
        token = self._lookup_tokens[role]

        def found(known: KnownPerson | None) -> None:
            if known is not None and token == self._lookup_tokens[role]:
                self.form.person_found(role, known.name, known.phone, known.address, known.household_address)

        self.ctx.runner.run(lambda: find_person(core, actor, kind, number), on_success=found,
                            on_failure=lambda e: None if isinstance(e, DomainError) else show_error(self, e), widget=self)  # fmt: skip


TAB = TabEntry(
    ExitEntryTab,
    Permission.INTAKE,
    order=20,
    name="exit_entry.tab",
    title=lambda: QCoreApplication.translate("ExitEntryTab", "Exit-entry"),
)
