"""The 矛盾调解 tab: the station's mediation cases on the left (newest first; search by case number, party name,
phone or ID number; by status; only those with an overdue follow-up — the count stands above the list), the case on
the right: its register and parties, then sessions, outcome and agreement, follow-ups and the case file.

Keyboard as in the intake tabs: F2 new case, Ctrl+S save the register, Ctrl+P print the agreement, Ctrl+F search,
Esc discard the register's changes. Every write runs in the background with the case's version; a stale version
shows who changed the case, and what the desk typed stays.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import local_date
from desktop.db.retry import is_connection_loss
from desktop.domain.mediation_rules import STATUS_NAMES
from desktop.errors import DomainError, ValidationError
from desktop.services.core import Permission
from ui.errors import hold_while_retrying, not_saved_offline, show_error
from ui.tabs import TabEntry
from ui.tabs.document_printing import DocumentPrinter, PrintOptions
from ui.tabs.mediation_form import RISK_COLOURS, STATUS_COLOURS, CaseForm
from ui.tabs.mediation_parties import AREA
from ui.tabs.mediation_progress import OVERDUE, CaseProgress
from ui.widgets.form import (
    ERROR_STYLE,
    HINT_STYLE,
    OK_STYLE,
    confirm_discard,
    heading,
    keep_height,
    kept_note,
    sentence,
)
from ui.widgets.model_colours import ModelColours

if TYPE_CHECKING:
    from desktop.services.mediation import CaseRecord, CaseRow, EarlyWarning, SavedCase
    from ui.context import DeskContext

LIST_LIMIT = 200


class MediationTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"{AREA}.tab")
        self.setWindowTitle(self.tr("Mediation"))
        self.settings = QSettings(str(ctx.paths.config / "desk.ini"), QSettings.Format.IniFormat)
        self._open_token = 0
        self._list_token = 0
        self._warning_token = 0
        self.rows: list[CaseRow] = []
        self._build()
        self.printer = DocumentPrinter(
            self, ctx, AREA, options=self.print_options, say=self.say, fail=self.fail
        )
        self.run_search()

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget()
        left.setMinimumWidth(380)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName(f"{AREA}.search")
        self.search_edit.setPlaceholderText(self.tr("Case number, party name, phone or ID number"))
        self.search_edit.setClearButtonEnabled(True)
        keep_height(self.search_edit)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(300)
        self._pause.timeout.connect(self.run_search)
        self.search_edit.textEdited.connect(lambda _t: self._pause.start())
        self.search_edit.returnPressed.connect(self.run_search)
        filters = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.setObjectName(f"{AREA}.status_filter")
        self.status_filter.addItem(self.tr("All statuses"), "")
        for code, name in STATUS_NAMES.items():
            self.status_filter.addItem(name, code)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.run_search())
        self.overdue_only = QCheckBox(self.tr("Overdue follow-ups only"))
        self.overdue_only.setObjectName(f"{AREA}.overdue_only")
        self.overdue_only.toggled.connect(lambda _on: self.run_search())
        filters.addWidget(self.status_filter)
        filters.addWidget(self.overdue_only)
        filters.addStretch(1)
        self.overdue_count = QLabel()
        self.overdue_count.setObjectName(f"{AREA}.overdue_count")
        self.overdue_count.hide()
        self.table = QTableWidget(0, 6)
        self.table.setObjectName(f"{AREA}.list")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Case no."), self.tr("Registered"), self.tr("Parties"), self.tr("Category"),
             self.tr("Status"), self.tr("Next visit")]
        )  # fmt: skip
        self.table.setItemDelegate(ModelColours(self.table))  # the theme would hide the status colours
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellClicked.connect(lambda row, _column: self._clicked(row))
        self.count_label = QLabel()
        self.count_label.setObjectName(f"{AREA}.list_count")
        self.count_label.setStyleSheet(HINT_STYLE)
        left_layout.addWidget(self.search_edit)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.overdue_count)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        today = self._today
        self.form = CaseForm(today)
        self.form.save_requested.connect(self.save)
        self.form.new_requested.connect(self.new_record)
        self.form.cancel_requested.connect(self.cancel)
        self.form.parties_changed.connect(self._look_for_earlier_cases)
        self.form.edited.connect(self._edited)
        self._warning_pause = QTimer(
            self
        )  # name + phone typed: look for earlier cases once the typing pauses
        self._warning_pause.setSingleShot(True)
        self._warning_pause.setInterval(700)
        self._warning_pause.timeout.connect(self._look_for_earlier_cases)
        self.form.parties.changed.connect(self._warning_pause.start)
        self.progress = CaseProgress(today)
        self.progress.session_requested.connect(self._add_session)
        self.progress.outcome_requested.connect(self._record_outcome)
        self.progress.print_requested.connect(self.print_document)
        self.progress.reschedule_requested.connect(self._reschedule)
        self.progress.followup_requested.connect(self._record_followup)
        self.progress.archive_requested.connect(self._save_archive)
        self.progress.close_requested.connect(self._close_case)

        header = QFrame()
        header.setObjectName(f"{AREA}.header")
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(12, 8, 12, 8)
        self.case_no = heading(QLabel(), 22)
        self.case_no.setObjectName(f"{AREA}.case_no")
        self.status_label = QLabel()
        self.status_label.setObjectName(f"{AREA}.status_label")
        self.status_label.setWordWrap(True)
        header_row.addWidget(self.case_no)
        header_row.addSpacing(16)
        header_row.addWidget(self.status_label, 1)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(12)
        column.addWidget(self.form)
        column.addWidget(self.progress)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        right = QWidget()
        right.setMinimumWidth(600)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(header)
        right_layout.addWidget(self.scroll, 1)
        right_layout.addWidget(
            self.form.button_bar
        )  # save and new stay in view, however far the form scrolls
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
        self.pages.addTab(splitter, self.tr("Cases"))
        self._add_statistics_page()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.pages)
        self._show_header()

    def _add_statistics_page(self) -> None:
        """The monthly statistics page (月度统计): the figures a 司法所 asks for, exportable to .xlsx."""
        from ui.tabs.mediation_stats import StatisticsPage

        self.statistics = StatisticsPage(self.ctx)
        self.pages.addTab(self.statistics, self.tr("Monthly statistics"))

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
            widget = self.form.widget_for(error.field)
            if widget is not None:
                self.scroll.ensureWidgetVisible(widget)
            self.say(error.message + (" " + kept_note() if saving else ""), error=True)
        elif isinstance(error, DomainError):
            self.say(error.message + (" " + kept_note() if saving else ""), error=True)
        else:
            show_error(self, error)

    def _edited(self) -> None:
        if self._message_is_error:
            self.say("")
        self._show_header()

    def _show_header(self) -> None:
        record = self.form.record
        if record is None:
            self.case_no.setText(self.tr("New case"))
            self.status_label.setStyleSheet(HINT_STYLE)
            self.status_label.setText(self.tr("The case number is given when the register is saved."))
            return
        self.case_no.setText(record.case_no)
        colour = STATUS_COLOURS.get(record.status, "#1565c0")
        risk = RISK_COLOURS.get(record.risk_level, "#616161")
        text = f"{record.status_name}  ·  {record.regime_name}  ·  " + self.tr("risk %1").replace(
            "%1", record.risk_name
        )
        if record.overdue_followups:
            overdue = self.tr("%n follow-up(s) overdue", "", record.overdue_followups)
            text += f"  ·  {overdue}"
            colour = OVERDUE
        self.status_label.setStyleSheet(f"color: {colour}; font-size: 15px; font-weight: bold;")
        self.status_label.setText(text)
        self.status_label.setToolTip(risk)

    # -- the main window's commands ----------------------------------------------------------------------------
    def new_record(self) -> None:
        self.pages.setCurrentIndex(0)
        self._unless_unsaved(self._new_now)

    def _new_now(self) -> None:
        self.form.new_record()
        self.progress.load(None)
        self._select_current()
        self._show_header()
        self.say("")
        self.scroll.verticalScrollBar().setValue(0)

    def search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def cancel(self) -> None:
        if not self.form.dirty:
            return

        def discard() -> None:
            record = self.form.record
            if record is None:
                self._new_now()
            else:
                self._open(record.case_id)

        confirm_discard(self, AREA, self.tr("Discard the changes in the register?"), discard)

    def can_leave(self) -> bool:
        if self.form.dirty:
            self.say(
                self.tr("The register has unsaved changes: save them, or press Esc to discard them first."),
                error=True,
            )
            return False
        return True

    def _unless_unsaved(self, go: Callable[[], None]) -> None:
        if self.form.dirty:
            confirm_discard(self, AREA, self.tr("The register has unsaved changes. Discard them?"), go)
        else:
            go()

    # -- the register --------------------------------------------------------------------------------------
    def save(self) -> None:
        from desktop.services import mediation

        form = self.form
        if form.busy:
            return
        if not form.save_button.isEnabled():
            if found := form.problems_now():
                form.show_problem(*found[0])
                widget = form.widget_for(found[0][0])
                if widget is not None:
                    self.scroll.ensureWidgetVisible(widget)
                    widget.setFocus()
            self.say(form.save_hint.text(), error=True)
            return
        data = form.form_input()
        core, actor, station = self.ctx.core, self.ctx.actor, self.ctx.station.code
        record = form.record
        landed = None
        if record is None:
            request_id = form.request_id

            def call() -> SavedCase:
                return mediation.create_case(core, actor, station, request_id, data)
        else:
            from desktop.services.save_outcome import case_matches, landed_when, own_next_version

            case_id, version, since = record.case_id, record.version, core.clock()

            def call() -> SavedCase:
                return mediation.update_case(core, actor, case_id, data, version=version)

            landed = landed_when(  # an edit that went through before its answer was lost (desktop.db.retry)
                mediation.StaleCase,
                lambda current: (
                    own_next_version(current, version=version, actor=actor, since=since)
                    and case_matches(current, data)
                ),
                lambda current: mediation.SavedCase(current, created=False),
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

    def _saved(self, saved: SavedCase) -> None:
        self.form.setEnabled(True)
        self.form.set_busy(False)
        record = saved.record
        self._show(record, keep_inputs=not saved.created)
        text = (
            self.tr("Registered as %1. Record the sessions and the outcome below.")
            if saved.created
            else self.tr("Saved %1.")
        )
        self.say(text.replace("%1", record.case_no), ok=True)
        if record.warning.high_risk:
            self.say(
                text.replace("%1", record.case_no)
                + " "
                + self.tr("High risk: a party has 3 or more cases in 12 months."),
                error=True,
            )
        if saved.created:
            self.search_edit.clear()
        self.run_search()

    def _save_failed(self, error: BaseException) -> None:
        from desktop.services.mediation import StaleCase

        self.form.setEnabled(True)
        self.form.set_busy(False)
        if isinstance(error, StaleCase):
            self.form.show_conflict(error.current, error.message)
            self.say(error.message, error=True)
            return
        if is_connection_loss(error):
            self.say(not_saved_offline(), error=True)
            return
        self.fail(error, saving=True)

    def _look_for_earlier_cases(self) -> None:
        """A party's number (or name and phone) is complete: earlier cases of the same people, shown at once."""
        from desktop.services.mediation import earlier_cases

        parties = [p for p in self.form.parties.values() if p.name.strip() or p.id_number.strip()]
        if not parties:
            return
        core, actor = self.ctx.core, self.ctx.actor
        record = self.form.record
        exclude = record.case_id if record is not None else None
        self._warning_token += 1
        token = self._warning_token

        def found(warning: EarlyWarning) -> None:
            if token == self._warning_token:
                self.form.show_warning(warning)

        self.ctx.runner.run(
            lambda: earlier_cases(core, actor, list(self.form.parties.values()), exclude_case_id=exclude),
            on_success=found,
            on_failure=lambda e: None if isinstance(e, DomainError) else show_error(self, e),
            widget=self,
        )

    # -- the case's life -----------------------------------------------------------------------------------
    def _act(self, card: str, call: Callable[[Any, Any, int, int], CaseRecord], after: Callable[[CaseRecord], None],
             done: str, matches: Callable[[CaseRecord], bool] | None = None) -> None:  # fmt: skip
        """Run one of the case's actions with its version; on success `after` and `done`, on a stale version the
        case is read again (the card keeps what was typed) and the desk is told who changed it.

        Retried while the connection is lost. A step that went through before its answer was lost shows on the
        retry as the case one version on, changed by this user since the press (and holding the step, when
        `matches` can tell): that is this step done, not someone else's change (desktop.services.save_outcome)."""
        from desktop.services.mediation import StaleCase
        from desktop.services.save_outcome import landed_when, own_next_version

        record = self.form.record
        if record is None or self.progress.busy:
            return
        if self.form.dirty:
            self.say(self.tr("Save or discard the register's changes first."), error=True)
            return
        core, actor, case_id, version = self.ctx.core, self.ctx.actor, record.case_id, record.version
        since = core.clock()
        self.progress.set_busy(True)
        landed = landed_when(
            StaleCase,
            lambda current: (
                own_next_version(current, version=version, actor=actor, since=since)
                and (matches is None or matches(current))
            ),
            lambda current: current,
        )

        def succeeded(updated: CaseRecord) -> None:
            self.progress.setEnabled(True)
            self.progress.set_busy(False)
            self.form.load_record(updated)
            after(updated)
            self._show_header()
            self.say(done.replace("%1", updated.case_no), ok=True)
            self.progress.say("")
            self.run_search()

        def failed(error: BaseException) -> None:
            self.progress.setEnabled(True)
            self.progress.set_busy(False)
            if is_connection_loss(error):
                self.progress.say(not_saved_offline(), error=True)
                return
            if isinstance(error, StaleCase):
                self.form.load_record(error.current)
                self.progress.load(error.current, keep_inputs=True)
                self._show_header()
                message = (
                    error.message.replace("您的修改", "这一步")
                    + " "
                    + self.tr("Check the case, then press again.")
                )
                self.progress.say(message, error=True)
                self.say(message, error=True)
                return
            if isinstance(error, ValidationError) and self.progress.show_problem(
                card, error.field, error.message
            ):
                self.progress.say(error.message + " " + kept_note(), error=True)
                return
            if isinstance(error, DomainError):
                self.progress.say(error.message + " " + kept_note(), error=True)
                self.say(error.message, error=True)
                return
            show_error(self, error)

        self.ctx.runner.run_with_retries(
            lambda: call(core, actor, case_id, version),
            landed=landed,
            on_retry=hold_while_retrying(self.progress, self.progress.say),
            on_success=succeeded,
            on_failure=failed,
            widget=self,
        )

    def _add_session(self, form: Any) -> None:
        from desktop.services.mediation import add_session

        self._act("session", lambda core, actor, case_id, version: add_session(core, actor, case_id, form,
                                                                                version=version),
                  self.progress.after_session, self.tr("Session recorded in %1."),
                  matches=lambda current: any(s.held_at == form.held_at for s in current.sessions))  # fmt: skip

    def _record_outcome(self, outcome: Any) -> None:
        from desktop.services.mediation import record_outcome

        self._act("outcome", lambda core, actor, case_id, version: record_outcome(core, actor, case_id, outcome,
                                                                                   version=version),
                  self.progress.after_outcome, self.tr("Outcome of %1 saved."),
                  matches=lambda current: current.outcome == outcome.result)  # fmt: skip

    def _reschedule(self, due: date) -> None:
        from desktop.services.mediation import reschedule_followup

        self._act("followup", lambda core, actor, case_id, version: reschedule_followup(core, actor, case_id, due,
                                                                                         version=version),
                  lambda r: self.progress.load(r, keep_inputs=True), self.tr("Follow-up of %1 scheduled."))  # fmt: skip

    def _record_followup(self, form: Any) -> None:
        from desktop.services.mediation import record_followup

        self._act("followup", lambda core, actor, case_id, version: record_followup(core, actor, case_id, form,
                                                                                     version=version),
                  self.progress.after_followup, self.tr("Follow-up visit of %1 recorded."))  # fmt: skip

    def _save_archive(self, items: Any) -> None:
        from desktop.services.mediation import set_archive_items

        self._act("archive", lambda core, actor, case_id, version: set_archive_items(core, actor, case_id, items,
                                                                                      version=version),
                  lambda r: self.progress.load(r, keep_inputs=True), self.tr("Checklist of %1 saved."),
                  matches=lambda current: {(i.code, i.present) for i in items}
                  <= {(line.code, line.present) for line in current.archive})  # fmt: skip

    def _close_case(self) -> None:
        record = self.form.record
        if record is None:
            return
        box = QMessageBox(self)
        box.setObjectName(f"{AREA}.close_confirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Close case"))
        box.setText(
            self.tr("Close %1? A closed case can no longer be changed.").replace("%1", record.case_no)
        )
        close = box.addButton(self.tr("Close case"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Not yet"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.buttonClicked.connect(lambda button: self._close_now() if button is close else None)
        box.open()

    def _close_now(self) -> None:
        from desktop.services.mediation import close_case

        self._act("archive", lambda core, actor, case_id, version: close_case(core, actor, case_id,
                                                                               version=version),
                  lambda r: self.progress.load(r, keep_inputs=True), self.tr("%1 closed."),
                  matches=lambda current: current.status == "closed")  # fmt: skip

    def print_document(self) -> None:
        """Ctrl+P: the 调解协议书 of an agreed case (one copy per party and one for the file, in one PDF)."""
        from desktop.services.mediation import render_agreement

        record = self.form.record
        if record is None or not record.can_print:
            self.say(self.tr("Only an agreed case with its terms saved prints an agreement."), error=True)
            return
        core, actor, case_id = self.ctx.core, self.ctx.actor, record.case_id
        self.printer.print(
            record.case_no,
            record.printed_copies,
            after=lambda: self._open(case_id),
            again=lambda: self._open(case_id, then=self.print_document),
            document=self.tr("Mediation agreement"),
            render=lambda _number, layout, reason: render_agreement(core, actor, case_id, layout=layout,
                                                                    reason=reason),
        )  # fmt: skip

    # -- the list ------------------------------------------------------------------------------------------
    def run_search(self) -> None:
        from desktop.services.mediation import list_cases, overdue_followups

        self._pause.stop()
        core, actor, station = self.ctx.core, self.ctx.actor, self.ctx.station.code
        text, status = self.search_edit.text().strip(), str(self.status_filter.currentData() or "") or None
        overdue = self.overdue_only.isChecked()
        self._list_token += 1
        token = self._list_token

        def load() -> tuple[list[CaseRow], int]:
            rows = list_cases(core, actor, station, status=status, text=text, overdue_only=overdue,
                              limit=LIST_LIMIT)  # fmt: skip
            return rows, overdue_followups(core, actor, station)

        def loaded(result: tuple[list[CaseRow], int]) -> None:
            if token == self._list_token:
                self._fill(*result)

        self.ctx.runner.run(
            load, on_success=loaded, on_failure=lambda e: self.count_label.setText(str(e)), widget=self
        )

    def _fill(self, rows: list[CaseRow], overdue: int) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.case_no, f"{row.created_on:%Y-%m-%d}", row.parties, row.category, row.status_name,
                     f"{row.next_followup:%Y-%m-%d}" if row.next_followup else "")  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                colour = None  # a QColor in the model: ModelColours paints it (a QBrush would be ignored)
                if row.overdue and c == 5:
                    colour = OVERDUE
                elif c == 4:
                    colour = STATUS_COLOURS.get(row.status, "#212121")
                elif row.risk_level == "high" and c == 2:
                    colour = RISK_COLOURS["high"]
                    item.setToolTip(self.tr("High risk"))
                if colour is not None:
                    item.setData(Qt.ItemDataRole.ForegroundRole, QColor(colour))
                self.table.setItem(r, c, item)
        self.count_label.setText(
            self.tr("%n case(s) shown", "", len(rows)) if rows else self.tr("No matching cases.")
        )
        self.overdue_count.setText(self.tr("%n follow-up visit(s) overdue", "", overdue) if overdue else "")
        self.overdue_count.setVisible(bool(overdue))
        self.overdue_count.setStyleSheet(ERROR_STYLE if overdue else HINT_STYLE)
        self._select_current()

    def _select_current(self) -> None:
        """The list marks the case the form shows, and no other (a filter may have hidden it)."""
        record = self.form.record
        at = (
            -1
            if record is None
            else next((i for i, r in enumerate(self.rows) if r.case_id == record.case_id), -1)
        )
        if at >= 0:
            self.table.selectRow(at)
        else:
            self.table.clearSelection()

    def _clicked(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        case_id = self.rows[index].case_id
        record = self.form.record
        if record is not None and record.case_id == case_id and not self.form.dirty:
            return
        self._select_current()  # until the chosen case has opened (or the desk keeps editing this one)
        self._unless_unsaved(lambda: self._open(case_id))

    def open_case(self, case_id: int) -> None:
        self._unless_unsaved(lambda: self._open(case_id))

    def _open(self, case_id: int, then: Callable[[], None] | None = None) -> None:
        from desktop.services.mediation import get_case

        core, actor = self.ctx.core, self.ctx.actor
        self._open_token += 1
        token = self._open_token

        def opened(record: CaseRecord) -> None:
            if token == self._open_token:
                self._show(record)
                self.say("")
                if then is not None:
                    then()

        self.ctx.runner.run(
            lambda: get_case(core, actor, case_id), on_success=opened, on_failure=self.fail, widget=self
        )

    def _show(self, record: CaseRecord, *, keep_inputs: bool = False) -> None:
        self.form.load_record(record)
        self.progress.load(record, keep_inputs=keep_inputs)
        self._show_header()
        self._select_current()


TAB = TabEntry(
    MediationTab,
    Permission.INTAKE,
    order=30,
    name="mediation.tab",
    title=lambda: QCoreApplication.translate("MediationTab", "Mediation"),
)
