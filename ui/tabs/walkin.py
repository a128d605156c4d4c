"""The 来访受理 tab: today's intake on the left (with the consultation quick log under it), the form on the right.

Keyboard first: F2 new record, Ctrl+S save, Ctrl+P print, Ctrl+F search, Esc discard changes. A save runs in the
background and is retried with backoff while the connection is lost (desktop.db.retry): a create with the form's
request id, an edit with its version (an edit that went through before its answer was lost is recognised, see
desktop.services.save_outcome), so no retry makes a second record or number; the form keeps everything on any
failure, and saving again later reuses the same request id. After a save the number shows large and the print
button takes the focus: Ctrl+P (or Enter) prints the receipt, or the 补正材料通知书 while materials are missing. Printing goes through
`render_document`, so every copy is numbered and recorded; a second copy asks for the reason first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.db.retry import is_connection_loss
from desktop.errors import DomainError, ValidationError
from desktop.services.core import Permission
from ui.errors import hold_while_retrying, no_longer_editable, not_saved_offline, show_error
from ui.tabs import TabEntry
from ui.tabs.consultation_panel import ConsultationPanel
from ui.tabs.document_printing import DocumentPrinter, PrintOptions
from ui.tabs.walkin_form import WalkinForm
from ui.tabs.walkin_list import WalkinListPane
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, confirm_discard, kept_note, sentence

if TYPE_CHECKING:
    from desktop.services.intake import IntakeRecord, SavedIntake
    from desktop.services.intake_list import KnownPerson
    from desktop.services.receipts import PrintedCopy
    from ui.context import DeskContext

LIST_WIDTH = 600
Deliver = Callable[["PrintedCopy"], str]


class WalkinTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("walkin.tab")
        self.setWindowTitle(self.tr("Walk-in"))
        self.settings = QSettings(str(ctx.paths.config / "desk.ini"), QSettings.Format.IniFormat)
        self._lookup_tokens = {"applicant": 0, "agent": 0}
        self._open_token = 0
        self._message_is_error = False
        self._build()
        self.printer = DocumentPrinter(
            self, ctx, "walkin",
            options=self.print_options,
            say=self.say,
            fail=self.fail,
        )  # fmt: skip
        self.form.new_record()

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.list_pane = WalkinListPane(self.ctx)
        self.list_pane.open_requested.connect(self.open_record)
        self.consultation = ConsultationPanel(self.ctx)
        left = QWidget()
        left.setMinimumWidth(380)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_pane, 1)
        left_layout.addWidget(self.consultation)
        self.form = WalkinForm()
        self.form.save_requested.connect(self._save_now)
        self.form.print_requested.connect(self.print_document)
        self.form.new_requested.connect(self.new_record)
        self.form.cancel_requested.connect(self.cancel)
        self.form.lookup_requested.connect(self._look_up)
        right = QWidget()
        right.setMinimumWidth(560)  # the form's labels and fields, uncut, down to a 1024-pixel screen
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.form, 1)
        self.print_options = PrintOptions(self.settings, "walkin")
        right_layout.addWidget(self.print_options)
        self.message = QLabel()
        self.message.setObjectName("walkin.message")
        self.message.setWordWrap(True)
        # Always there, one line high even when empty: a message appearing must not move the buttons.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 4)
        right_layout.addWidget(self.message)
        self.form.edited.connect(self._edited)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("walkin.splitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        state = self.settings.value("walkin/splitter")
        self._sized = state is not None and splitter.restoreState(state)
        self.splitter = splitter
        splitter.splitterMoved.connect(
            lambda *_: self.settings.setValue("walkin/splitter", splitter.saveState())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # first time on this desk: the list gets the width its columns need
            self._sized = True
            total = sum(self.splitter.sizes())
            left = min(LIST_WIDTH, total // 2)
            self.splitter.setSizes([left, total - left])

    # -- messages ------------------------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)
        self._message_is_error = error

    def _edited(self) -> None:
        """A failure message is about the form as it was: once the desk changes it, the form's own line speaks."""
        if self._message_is_error:
            self.say("")

    def fail(self, error: BaseException, *, saving: bool = False) -> None:
        if isinstance(error, ValidationError):
            self.form.show_problem(error.field, error.message)
            self.say(error.message + (" " + kept_note() if saving else ""), error=True)
        elif isinstance(error, DomainError):
            self.say(error.message + (" " + kept_note() if saving else ""), error=True)
        else:
            show_error(self, error)

    def search(self) -> None:
        """Ctrl+F (routed here by the main window)."""
        self.list_pane.focus_search()

    def can_leave(self) -> bool:
        """Logging out or closing the window must not drop a form with unsaved typing."""
        if not self.form.dirty:
            return True
        self.say(
            self.tr("The form has unsaved changes: save them, or press Esc to discard them first."),
            error=True,
        )
        return False

    # -- records -------------------------------------------------------------------------------------------
    def new_record(self) -> None:
        self._unless_unsaved(self._new_now)

    def _new_now(self) -> None:
        self.form.new_record()
        self.list_pane.table.clearSelection()  # the list no longer points at the record that was open
        self.say("")

    def cancel(self) -> None:
        """Esc: discard this form's unsaved changes (asks first); a saved record is read back as stored."""
        if not self.form.dirty:
            return

        def discard() -> None:
            record = self.form.record
            if record is None:
                self._new_now()
            else:
                self._open_now(record.application_id)

        self._confirm(self.tr("Discard the changes in the form?"), discard)

    def open_record(self, application_id: int) -> None:
        record = self.form.record
        if record is not None and record.application_id == application_id and not self.form.dirty:
            return
        self._unless_unsaved(lambda: self._open_now(application_id))

    def _open_now(self, application_id: int, then: Callable[[], None] | None = None) -> None:
        from desktop.services.intake import get_intake

        core, actor = self.ctx.core, self.ctx.actor
        self._open_token += 1
        token = self._open_token

        def opened(record: IntakeRecord) -> None:
            if token == self._open_token:
                self.form.load_record(record)
                self.list_pane.select_application(record.application_id)
                self.say("")
                if then is not None:
                    then()

        self.ctx.runner.run(
            lambda: get_intake(core, actor, application_id),
            on_success=opened,
            on_failure=self.fail,
            widget=self,
        )

    def _unless_unsaved(self, go: Callable[[], None]) -> None:
        if self.form.dirty:
            self._confirm(self.tr("The form has unsaved changes. Discard them?"), go)
        else:
            go()

    def _confirm(self, text: str, go: Callable[[], None]) -> None:
        confirm_discard(self, "walkin", text, go)

    # -- saving --------------------------------------------------------------------------------------------
    def save(self) -> None:
        """Ctrl+S (routed here by the main window): save, or say why not."""
        if self.form.save_button.isEnabled():
            self._save_now()
        elif not self.form.busy:
            self.say(self.form.save_hint.text(), error=True)

    def _save_now(self) -> None:
        from desktop.services import intake

        form = self.form
        if form.busy:
            return
        if problems := form.problems_now():
            field, message = problems[0]
            form.show_problem(field, message)
            return
        data = form.form_input()
        core, actor, station = self.ctx.core, self.ctx.actor, self.ctx.station.code
        record = form.record
        landed = None
        if record is None:
            request_id = form.request_id

            def call() -> SavedIntake:
                return intake.create_intake(core, actor, station, request_id, data)
        else:
            from desktop.services.save_outcome import intake_matches, landed_when, own_next_version

            application_id, version, since = record.application_id, record.version, core.clock()

            def call() -> SavedIntake:
                return intake.update_intake(core, actor, application_id, version, data)

            landed = landed_when(
                intake.StaleIntake,
                lambda current: (
                    own_next_version(current, version=version, actor=actor, since=since)
                    and intake_matches(current, data)
                ),
                lambda current: intake.SavedIntake(current, created=False),
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

    def _saved(self, saved: SavedIntake) -> None:
        self.form.setEnabled(True)
        self.form.set_busy(False)
        record = saved.record
        self.form.saved(record)
        if record.document_kind == "receipt":
            text = self.tr("Saved as %1 (accepted). Press Ctrl+P to print the receipt.")
        else:
            text = self.tr("Saved as %1 (returned for missing materials). Press Ctrl+P to print the notice.")
        self.say(text.replace("%1", record.receipt_no), ok=True)
        if saved.created:  # the new record must show in the list: a search left in the box would hide it
            self.list_pane.search_edit.clear()
        self.list_pane.reload()
        status = getattr(self.window(), "status", None)
        if status is not None and hasattr(status, "refresh"):
            status.refresh()  # 今日受理 in the status bar follows at once, not at its next poll
        self.list_pane.select_application(record.application_id)  # once the reload brings it
        self.form.print_button.setFocus()

    def _save_failed(self, error: BaseException) -> None:
        from desktop.services.intake import StaleIntake

        self.form.setEnabled(True)
        self.form.set_busy(False)
        if isinstance(error, StaleIntake):
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

    # -- person look-up ------------------------------------------------------------------------------------
    def _look_up(self, role: str, kind: str, number: str) -> None:
        from desktop.services.intake_list import find_person

        core, actor = self.ctx.core, self.ctx.actor
        self._lookup_tokens[role] += 1
        token = self._lookup_tokens[role]

        def found(known: KnownPerson | None) -> None:
            if token == self._lookup_tokens[role]:
                self.form.person_found(role, known)

        def failed(error: BaseException) -> None:  # a look-up is a convenience: say why, never block typing
            if isinstance(error, DomainError):
                self.say(self.tr("Could not look the person up: %1").replace("%1", error.message), error=True)
            else:
                show_error(self, error)

        self.ctx.runner.run(
            lambda: find_person(core, actor, kind, number), on_success=found, on_failure=failed, widget=self
        )

    # -- printing ------------------------------------------------------------------------------------------
    def print_document(self) -> None:
        """Ctrl+P (routed here by the main window) and the print button."""
        if not self.form.print_button.isEnabled():
            if self.form.record is None or self.form.dirty:
                self.say(self.tr("Save the record first, then print."), error=True)
            return
        self._print_now()

    def _print_now(self) -> None:
        record = self.form.record
        if record is None or self.form.dirty:
            return
        application_id = record.application_id

        def after() -> None:
            self._open_now(application_id)  # the copy count changes what the next print asks
            self.list_pane.reload()

        self.printer.print(
            record.receipt_no,
            record.printed_copies,
            after=after,
            again=lambda: self._open_now(application_id, then=self._print_now),
            document=self.tr("Acceptance receipt")
            if record.document_kind == "receipt"
            else self.tr("Supplement notice"),
        )


TAB = TabEntry(
    WalkinTab,
    Permission.INTAKE,
    order=10,
    name="walkin.tab",
    title=lambda: QCoreApplication.translate("WalkinTab", "Walk-in"),
)
