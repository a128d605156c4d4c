"""A registered case's life, below its register: the sessions (调解记录), the outcome (达成协议 and its printed
协议书, 调解不成, 移交), the follow-up visits (回访) with the 司法确认 window, and the archive checklist (卷宗)
with 结案.

Each card sends its request to the tab (which runs the service with the case's version); its inputs stay as
typed until the service accepts them, so a refused or conflicting save loses nothing. Service field keys are
shown under the card's own widgets: the outcome's `result` is `mediation.outcome`, the follow-up's
`mediation.followup_result`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import LOCAL_TZ, format_local, local_date, system_clock
from desktop.domain.mediation_rules import (
    ARCHIVE_ITEMS,
    OUTCOMES,
    SATISFACTION,
    ArchiveInput,
    FollowupInput,
    OutcomeInput,
    SessionInput,
    followup_problems,
    outcome_problems,
    session_problems,
)
from desktop.domain.workdays import default_calendar
from desktop.services.mediation import CaseRecord
from ui.tabs.mediation_parties import AREA
from ui.tabs.walkin_form import WARN_STYLE
from ui.widgets.form import (
    ERROR_STYLE,
    HINT_STYLE,
    OK_STYLE,
    FieldErrors,
    form_layout,
    guard_wheel,
    keep_height,
    sentence,
    set_row_visible,
    titled_card,
)
from ui.widgets.model_colours import ModelColours

OUTCOME_FIELDS = {"result": "outcome", "terms": "agreement_terms", "mediators": "agreement_mediators",
                  "note": "outcome_note"}  # fmt: skip
FOLLOWUP_FIELDS = {"result": "followup_result"}
OVERDUE = "#c62828"


def _aware(edit: QDateTimeEdit) -> datetime:
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return moment.replace(tzinfo=LOCAL_TZ)


def _day(edit: QDateEdit) -> date:
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(f"{AREA}.{name}")
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    table.setItemDelegate(ModelColours(table))  # the theme would hide an overdue visit's red
    table.setMinimumHeight(90)
    table.setMaximumHeight(170)
    return table


class CaseProgress(QWidget):
    session_requested = Signal(object)  # SessionInput
    outcome_requested = Signal(object)  # OutcomeInput
    print_requested = Signal()
    reschedule_requested = Signal(object)  # date
    followup_requested = Signal(object)  # FollowupInput
    archive_requested = Signal(object)  # list[ArchiveInput]
    close_requested = Signal()

    def __init__(self, today: Callable[[], date] | None = None) -> None:
        super().__init__()
        self.today = today or (lambda: local_date(system_clock()))
        self.record: CaseRecord | None = None
        self.busy = False
        self.session_errors = FieldErrors(AREA)
        self.outcome_errors = FieldErrors(AREA)
        self.followup_errors = FieldErrors(AREA)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._sessions_card())
        layout.addWidget(self._outcome_card())
        layout.addWidget(self._followups_card())
        layout.addWidget(self._archive_card())
        self.message = QLabel()
        self.message.setObjectName(f"{AREA}.progress_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        for errors in (self.session_errors, self.outcome_errors, self.followup_errors):
            errors.on_change(self._refresh)

    # -- building ------------------------------------------------------------------------------------------
    def _card(self, name: str, title: str) -> tuple[QFrame, QVBoxLayout]:
        return titled_card(f"{AREA}.{name}", title)

    def _button(self, name: str, text: str, signal: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"{AREA}.{name}")
        button.setAutoDefault(False)
        keep_height(button)
        button.clicked.connect(signal)
        return button

    def _sessions_card(self) -> QWidget:
        frame, layout = self._card("sessions_card", self.tr("Mediation sessions"))
        self.sessions = _table("sessions", [self.tr("When"), self.tr("Mediators"), self.tr("Present"),
                                            self.tr("Record")])  # fmt: skip
        layout.addWidget(self.sessions)
        form = form_layout()
        e = self.session_errors
        self.held_at = QDateTimeEdit()
        self.held_at.setCalendarPopup(True)
        self.held_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        e.add_row(form, self.tr("When"), "held_at", self.held_at)
        self.mediators = QLineEdit()
        self.mediators.setPlaceholderText(self.tr("Names, separated by 、 (officer, people's mediator …)"))
        e.add_row(form, self.tr("Mediators"), "mediators", self.mediators)
        self.participants = QLineEdit()
        self.participants.setPlaceholderText(self.tr("Parties and others present"))
        e.add_row(form, self.tr("Present"), "participants", self.participants)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.notes.setPlaceholderText(self.tr("What each side said, what was proposed"))
        e.add_row(form, self.tr("Record"), "notes", self.notes)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_session = self._button("add_session", self.tr("Add session"), self._session_clicked)
        row.addWidget(self.add_session)
        layout.addLayout(row)
        guard_wheel(self.held_at)
        for edit in (self.mediators, self.participants):
            edit.textEdited.connect(lambda _t: self._refresh())
        self.notes.textChanged.connect(self._refresh)
        return frame

    def _outcome_card(self) -> QWidget:
        frame, layout = self._card("outcome_card", self.tr("Outcome"))
        form = form_layout()
        e = self.outcome_errors
        self.outcome = QComboBox()
        self.outcome.addItem(self.tr("Choose…"), "")
        for code, name in OUTCOMES.items():
            self.outcome.addItem(name, code)
        e.add_row(form, self.tr("Result"), "outcome", self.outcome)
        self.agreed_on = QDateEdit()
        self.agreed_on.setCalendarPopup(True)
        self.agreed_on.setDisplayFormat("yyyy-MM-dd")
        e.add_row(form, self.tr("Agreed on"), "agreed_on", self.agreed_on)
        self.agreement_terms = QPlainTextEdit()
        self.agreement_terms.setFixedHeight(90)
        self.agreement_terms.setPlaceholderText(self.tr("1. … pays … by …\n2. …"))
        e.add_row(form, self.tr("Terms"), "agreement_terms", self.agreement_terms)
        self.responsibility = QPlainTextEdit()
        self.responsibility.setFixedHeight(55)
        e.add_row(form, self.tr("Responsibility"), "responsibility", self.responsibility)
        self.performance_method = QLineEdit()
        self.performance_method.setPlaceholderText(self.tr("How and where it is performed"))
        e.add_row(form, self.tr("Performed how"), "performance_method", self.performance_method)
        self.performance_deadline = QDateEdit()
        self.performance_deadline.setCalendarPopup(True)
        self.performance_deadline.setDisplayFormat("yyyy-MM-dd")
        e.add_row(form, self.tr("Performed by"), "performance_deadline", self.performance_deadline)
        self.agreement_mediators = QLineEdit()
        self.agreement_mediators.setPlaceholderText(self.tr("Blank: the mediators of the last session"))
        e.add_row(form, self.tr("Signing mediators"), "agreement_mediators", self.agreement_mediators)
        self.referred_to = QLineEdit()
        self.referred_to.setPlaceholderText(self.tr("e.g. the station's people's mediation room, the court"))
        e.add_row(form, self.tr("Referred to"), "referred_to", self.referred_to)
        self.outcome_note = QPlainTextEdit()
        self.outcome_note.setFixedHeight(55)
        e.add_row(form, self.tr("Note"), "outcome_note", self.outcome_note)
        layout.addLayout(form)
        self.confirmation = QLabel()
        self.confirmation.setObjectName(f"{AREA}.confirmation_deadline")
        self.confirmation.setWordWrap(True)
        layout.addWidget(self.confirmation)
        row = QHBoxLayout()
        row.addStretch(1)
        self.record_outcome = self._button("record_outcome", self.tr("Save outcome"), self._outcome_clicked)
        self.print_button = self._button(
            "print", self.tr("Print agreement (Ctrl+P)"), self.print_requested.emit
        )
        row.addWidget(self.record_outcome)
        row.addWidget(self.print_button)
        layout.addLayout(row)
        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_kind_changed())
        guard_wheel(self.outcome, self.agreed_on, self.performance_deadline)
        for text, key in ((self.agreement_terms, "agreement_terms"), (self.responsibility, "responsibility"),
                          (self.outcome_note, "outcome_note")):  # fmt: skip
            text.textChanged.connect(lambda key=key: self.outcome_errors.clear(key))
            text.textChanged.connect(self._refresh)
        for edit in (self.performance_method, self.agreement_mediators, self.referred_to):
            edit.textEdited.connect(lambda _t: self._refresh())
        for dates in (self.agreed_on, self.performance_deadline):
            dates.dateChanged.connect(lambda _d: self._refresh())
        return frame

    def _followups_card(self) -> QWidget:
        frame, layout = self._card("followups_card", self.tr("Follow-up visits"))
        self.followups = _table("followups", [self.tr("Due"), self.tr("State"), self.tr("Visited"),
                                              self.tr("Visitor"), self.tr("Satisfaction"), self.tr("Found")])  # fmt: skip
        layout.addWidget(self.followups)
        self.followup_summary = QLabel()
        self.followup_summary.setObjectName(f"{AREA}.followup_summary")
        self.followup_summary.setWordWrap(True)
        layout.addWidget(self.followup_summary)
        due_row = QHBoxLayout()
        due_row.addWidget(QLabel(self.tr("Visit on")))
        self.due_date = QDateEdit()
        self.due_date.setObjectName(f"{AREA}.due_date")
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        due_row.addWidget(self.due_date)
        self.reschedule = self._button("reschedule", self.tr("Move / add visit"), self._reschedule_clicked)
        due_row.addWidget(self.reschedule)
        due_row.addStretch(1)
        layout.addLayout(due_row)
        form = form_layout()
        e = self.followup_errors
        self.visited_at = QDateTimeEdit()
        self.visited_at.setCalendarPopup(True)
        self.visited_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        e.add_row(form, self.tr("Visited"), "visited_at", self.visited_at)
        self.visitor = QLineEdit()
        self.visitor.setPlaceholderText(self.tr("Blank: you"))
        e.add_row(form, self.tr("Visitor"), "visitor", self.visitor)
        self.performance = QLineEdit()
        self.performance.setPlaceholderText(self.tr("Performed in full / in part / not yet"))
        e.add_row(form, self.tr("Performance"), "performance", self.performance)
        self.followup_result = QPlainTextEdit()
        self.followup_result.setFixedHeight(55)
        e.add_row(form, self.tr("Found"), "followup_result", self.followup_result)
        self.satisfaction = QComboBox()
        self.satisfaction.addItem(self.tr("Choose…"), "")
        for name in SATISFACTION:
            self.satisfaction.addItem(name, name)
        e.add_row(form, self.tr("Satisfaction"), "satisfaction", self.satisfaction)
        self.escalation = QLineEdit()
        self.escalation.setPlaceholderText(
            self.tr("Signs of escalation; blank: none (any text raises the risk)")
        )
        e.add_row(form, self.tr("Escalation"), "escalation", self.escalation)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.record_followup = self._button(
            "record_followup", self.tr("Record visit"), self._followup_clicked
        )
        row.addWidget(self.record_followup)
        layout.addLayout(row)
        guard_wheel(self.due_date, self.visited_at, self.satisfaction)
        self.followup_result.textChanged.connect(lambda: self.followup_errors.clear("followup_result"))
        self.followup_result.textChanged.connect(self._refresh)
        self.notes.textChanged.connect(lambda: self.session_errors.clear("notes"))
        self.satisfaction.currentIndexChanged.connect(lambda _i: self._refresh())
        return frame

    def _archive_card(self) -> QWidget:
        frame, layout = self._card("archive_card", self.tr("Case file (卷宗)"))
        grid = QGridLayout()
        self.archive_checks: dict[str, QCheckBox] = {}
        for i, item in enumerate(ARCHIVE_ITEMS):
            check = QCheckBox(item.name)
            check.setObjectName(f"{AREA}.archive.{item.code}")
            check.toggled.connect(lambda _on: self._refresh())
            self.archive_checks[item.code] = check
            grid.addWidget(check, i // 2, i % 2)
        layout.addLayout(grid)
        self.archive_state = QLabel()
        self.archive_state.setObjectName(f"{AREA}.archive_state")
        self.archive_state.setWordWrap(True)
        layout.addWidget(self.archive_state)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_archive = self._button("save_archive", self.tr("Save checklist"), self._archive_clicked)
        self.close_button = self._button("close", self.tr("Close case"), self.close_requested.emit)
        row.addWidget(self.save_archive)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        return frame

    # -- values ------------------------------------------------------------------------------------------
    def session_input(self) -> SessionInput:
        return SessionInput(held_at=_aware(self.held_at), mediators=self.mediators.text(),
                            participants=self.participants.text(), notes=self.notes.toPlainText())  # fmt: skip

    def outcome_input(self) -> OutcomeInput:
        return OutcomeInput(
            result=str(self.outcome.currentData() or ""),
            agreed_on=_day(self.agreed_on),
            terms=self.agreement_terms.toPlainText(),
            responsibility=self.responsibility.toPlainText(),
            performance_method=self.performance_method.text(),
            performance_deadline=_day(self.performance_deadline),
            mediators=self.agreement_mediators.text(),
            referred_to=self.referred_to.text(),
            note=self.outcome_note.toPlainText(),
        )

    def followup_input(self) -> FollowupInput:
        return FollowupInput(
            result=self.followup_result.toPlainText(), satisfaction=str(self.satisfaction.currentData() or ""),
            visited_at=_aware(self.visited_at), visitor=self.visitor.text(), performance=self.performance.text(),
            escalation=self.escalation.text(),
        )  # fmt: skip

    def archive_input(self) -> list[ArchiveInput]:
        return [ArchiveInput(code, check.isChecked()) for code, check in self.archive_checks.items()]

    # -- the tab's calls ------------------------------------------------------------------------------------
    def clear_inputs(self) -> None:
        """A new case (or another one opened): empty session, outcome and follow-up inputs."""
        now = QDateTime(datetime.now(LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0))  # station time
        self.held_at.setDateTime(now)
        self.visited_at.setDateTime(now)
        for edit in (self.mediators, self.participants, self.performance_method, self.agreement_mediators,
                     self.referred_to, self.visitor, self.performance, self.escalation):  # fmt: skip
            edit.clear()
        for text in (self.notes, self.agreement_terms, self.responsibility, self.outcome_note,
                     self.followup_result):  # fmt: skip
            text.clear()
        self.outcome.setCurrentIndex(0)
        self.satisfaction.setCurrentIndex(0)
        today = QDate(self.today())
        self.agreed_on.setDate(today)
        self.performance_deadline.setDate(today.addDays(15))
        self.due_date.setDate(
            QDate(default_calendar().add_workdays(self.today(), 5).date)
        )  # a week on, a working day
        for errors in (self.session_errors, self.outcome_errors, self.followup_errors):
            errors.clear()

    def load(self, record: CaseRecord | None, *, keep_inputs: bool = False) -> None:
        """Show the case's sessions, outcome, follow-ups and file; `keep_inputs` leaves what the desk is typing
        (after a save of another card, or a refresh)."""
        opened_other = record is None or self.record is None or record.case_id != self.record.case_id
        self.record = record
        if record is None:
            self.clear_inputs()
            self._refresh()
            return
        if opened_other and not keep_inputs:
            self.clear_inputs()
            self._load_outcome(record)
        self._fill_sessions(record)
        self._fill_followups(record)
        for line in record.archive:
            check = self.archive_checks.get(line.code)
            if check is not None:
                check.blockSignals(True)
                check.setChecked(line.present)
                check.setText(line.name + ("（必备）" if line.required else ""))
                check.blockSignals(False)
        self._refresh()

    def after_session(self, record: CaseRecord) -> None:
        self.participants.clear()  # the mediators usually come again; who was present and what was said do not
        self.notes.clear()
        self.session_errors.clear()
        self.load(record, keep_inputs=True)

    def after_outcome(self, record: CaseRecord) -> None:
        self.outcome_errors.clear()
        self._load_outcome(record)
        self.load(record, keep_inputs=True)

    def after_followup(self, record: CaseRecord) -> None:
        for edit in (self.visitor, self.performance, self.escalation):
            edit.clear()
        self.followup_result.clear()
        self.satisfaction.setCurrentIndex(0)
        self.followup_errors.clear()
        self.load(record, keep_inputs=True)

    def show_problem(self, card: str, field: str, message: str) -> bool:
        """A service's ValidationError under its field of `card` (session | outcome | followup)."""
        if card == "session":
            return self.session_errors.show(field, message)
        if card == "outcome":
            return self.outcome_errors.show(OUTCOME_FIELDS.get(field, field), message)
        if card == "followup":
            return self.followup_errors.show(FOLLOWUP_FIELDS.get(field, field), message)
        return False

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._refresh()

    # -- filling -------------------------------------------------------------------------------------------
    def _load_outcome(self, record: CaseRecord) -> None:
        self.outcome.setCurrentIndex(max(self.outcome.findData(record.outcome), 0))
        if record.agreed_on is not None:
            self.agreed_on.setDate(QDate(record.agreed_on))
        if record.performance_deadline is not None:
            self.performance_deadline.setDate(QDate(record.performance_deadline))
        self.agreement_terms.setPlainText(record.agreement_terms)
        self.responsibility.setPlainText(record.responsibility)
        self.performance_method.setText(record.performance_method)
        self.agreement_mediators.setText(record.mediators if record.outcome == "agreed" else "")
        self.referred_to.setText(record.referred_to)
        self.outcome_note.setPlainText(record.outcome_note)
        if record.sessions and not self.mediators.text():
            self.mediators.setText(record.sessions[-1].mediators)  # the same people usually come again
        if record.next_followup is not None:
            self.due_date.setDate(QDate(record.next_followup))

    def _fill_sessions(self, record: CaseRecord) -> None:
        self.sessions.setRowCount(len(record.sessions))
        for row, s in enumerate(record.sessions):
            for column, text in enumerate((format_local(s.held_at), s.mediators, s.participants, s.notes)):
                self.sessions.setItem(row, column, QTableWidgetItem(text))
        self.sessions.resizeRowsToContents()

    def _fill_followups(self, record: CaseRecord) -> None:
        self.followups.setRowCount(len(record.followups))
        for row, f in enumerate(record.followups):
            state = self.tr("Done") if f.done else self.tr("Overdue") if f.overdue else self.tr("To do")
            cells = (f"{f.due_date:%Y-%m-%d}", state, format_local(f.done_at) if f.done_at else "",
                     f.visitor or f.done_by_name, f.satisfaction,
                     "；".join(t for t in (f.performance, f.result, f.escalation and f"风险：{f.escalation}") if t))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if f.overdue:
                    item.setData(Qt.ItemDataRole.ForegroundRole, QColor(OVERDUE))
                self.followups.setItem(row, column, item)
        self.followups.resizeRowsToContents()
        parts = []
        if record.overdue_followups:
            parts.append(self.tr("%n follow-up(s) overdue", "", record.overdue_followups))
        elif record.next_followup is not None:
            parts.append(self.tr("Next visit due %1").replace("%1", f"{record.next_followup:%Y-%m-%d}"))
        self.followup_summary.setText("；".join(parts))
        self.followup_summary.setStyleSheet(ERROR_STYLE if record.overdue_followups else HINT_STYLE)
        if record.confirmation_deadline is not None:
            days = record.confirmation_days_left
            text = self.tr("司法确认: the parties may apply together until %1").replace(
                "%1", f"{record.confirmation_deadline:%Y-%m-%d}"
            )
            if days is not None:
                text += (
                    self.tr(" (%n day(s) left)", "", days)
                    if days >= 0
                    else self.tr(" (the window has passed)")
                )
            self.confirmation.setText(text)
            self.confirmation.setStyleSheet(WARN_STYLE if days is not None and 0 <= days <= 7 else HINT_STYLE)
        else:
            self.confirmation.setText("")

    # -- reactions ----------------------------------------------------------------------------------------
    def _outcome_kind_changed(self) -> None:
        kind = str(self.outcome.currentData() or "")
        agreed = kind == "agreed"
        for widget in (self.agreed_on, self.agreement_terms, self.responsibility, self.performance_method,
                       self.performance_deadline, self.agreement_mediators):  # fmt: skip
            set_row_visible(widget, agreed)
        set_row_visible(self.referred_to, kind == "referred")
        set_row_visible(self.outcome_note, kind in ("failed", "referred"))
        self._refresh()

    def _session_clicked(self) -> None:
        found = session_problems(self.session_input(), now=datetime.now(LOCAL_TZ))
        if found:
            field, message = next(iter(found.items()))
            self.session_errors.show(field, message)
            return
        self.session_requested.emit(self.session_input())

    def _outcome_clicked(self) -> None:
        record = self.record
        opened = local_date(record.created_at) if record is not None else None
        found = outcome_problems(self.outcome_input(), today=self.today(), opened_on=opened)
        if found:
            field, message = next(iter(found.items()))
            self.outcome_errors.show(OUTCOME_FIELDS.get(field, field), message)
            return
        self.outcome_requested.emit(self.outcome_input())

    def _reschedule_clicked(self) -> None:
        self.reschedule_requested.emit(_day(self.due_date))

    def _followup_clicked(self) -> None:
        found = followup_problems(self.followup_input(), now=datetime.now(LOCAL_TZ))
        if found:
            field, message = next(iter(found.items()))
            self.followup_errors.show(FOLLOWUP_FIELDS.get(field, field), message)
            return
        self.followup_requested.emit(self.followup_input())

    def _archive_clicked(self) -> None:
        self.archive_requested.emit(self.archive_input())

    def _refresh(self) -> None:
        record = self.record
        live = record is not None and not record.edit_refusal and not self.busy
        self.setEnabled(record is not None)
        for button in (self.add_session, self.record_outcome, self.reschedule, self.save_archive):
            button.setEnabled(live)
        has_outcome = record is not None and bool(record.outcome)
        self.record_followup.setEnabled(
            live and has_outcome and record is not None and record.next_followup is not None
        )
        self.print_button.setEnabled(record is not None and record.can_print and not self.busy)
        self.close_button.setEnabled(live and record is not None and record.can_close)
        for check in self.archive_checks.values():
            check.setEnabled(live)
        if record is None:
            self.archive_state.setText("")
            return
        stored = {line.code: line.present for line in record.archive}
        unsaved = any(stored.get(code) != check.isChecked() for code, check in self.archive_checks.items())
        if record.status == "closed":
            self.archive_state.setStyleSheet(OK_STYLE)
            self.archive_state.setText(self.tr("Closed %1.").replace("%1", format_local(record.closed_at))
                                       if record.closed_at else self.tr("Closed."))  # fmt: skip
        elif unsaved:
            self.archive_state.setStyleSheet(WARN_STYLE)
            self.archive_state.setText(self.tr("Checklist changed: save it before closing."))
        elif record.missing_archive:
            self.archive_state.setStyleSheet(HINT_STYLE)
            self.archive_state.setText(
                self.tr("Still missing for closing: %1").replace("%1", "、".join(record.missing_archive))
            )
        elif not record.outcome:
            self.archive_state.setStyleSheet(HINT_STYLE)
            self.archive_state.setText(self.tr("Record the outcome before closing."))
        elif record.next_followup is not None:
            self.archive_state.setStyleSheet(HINT_STYLE)
            self.archive_state.setText(self.tr("A follow-up visit is still to do."))
        else:
            self.archive_state.setStyleSheet(OK_STYLE)
            self.archive_state.setText(self.tr("The file is complete: the case can be closed."))
        if unsaved:
            self.close_button.setEnabled(False)
