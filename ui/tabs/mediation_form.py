"""The register of a mediation case (登记): regime, source, category, when and where, what happened and what is
disputed, the risk, and the parties — with the early warning of earlier cases of the same people.

The habits of the intake forms: every field checks itself, the save button stays disabled with the reason
beside it, a service's ValidationError lands under its field, nothing typed is lost on an error or a conflict
(another desk's save shows the conflict panel with both versions kept). For 治安调解 the desk asks about each
excluded kind of case; one that applies blocks the regime.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import LOCAL_TZ, format_local, local_date, system_clock
from desktop.db.idempotency import new_request_id
from desktop.domain.catalog import default_catalog
from desktop.domain.mediation_rules import (
    EXCLUDED_KINDS,
    LIMITS,
    POLICE_REGIMES,
    REGIMES,
    RISK_LEVELS,
    CaseInput,
    problems,
)
from desktop.services.mediation import CaseRecord, EarlierCase, EarlyWarning
from ui.tabs.mediation_parties import AREA, PartyRows
from ui.tabs.walkin_form import WARN_STYLE
from ui.widgets.conflict_panel import ConflictPanel
from ui.widgets.form import (
    ERROR_STYLE,
    HINT_STYLE,
    OK_STYLE,
    FieldErrors,
    form_layout,
    guard_wheel,
    keep_height,
    sentence,
    titled_card,
)

STATUS_COLOURS = {"open": "#1565c0", "agreed": "#2e7d32", "failed": "#c62828", "referred": "#6a1b9a",
                  "closed": "#424242"}  # fmt: skip
RISK_COLOURS = {"low": "#2e7d32", "medium": "#ef6c00", "high": "#c62828"}


def widget_field(service_field: str) -> str:
    """`parties.1.name` → `parties_1_name`; the case's own fields keep their names."""
    return service_field.replace(".", "_")


class CaseForm(QWidget):
    save_requested = Signal()
    new_requested = Signal()
    cancel_requested = Signal()
    parties_changed = Signal()  # a party's number or name/phone is complete: look for earlier cases
    edited = Signal()

    def __init__(self, today: Callable[[], date] | None = None) -> None:
        super().__init__()
        self.today = today or (lambda: local_date(system_clock()))
        self.errors = FieldErrors(AREA)
        self.request_id = new_request_id()
        self.record: CaseRecord | None = None
        self.conflict: CaseRecord | None = None
        self.dirty = False
        self.busy = False
        self._loading = False
        self._build()
        self.errors.on_change(self._refresh_state)
        self.new_record()

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        self.conflict_frame = ConflictPanel(AREA)
        self.conflict_frame.reload_requested.connect(self._reload_theirs)
        self.conflict_frame.keep_requested.connect(self._keep_mine)
        outer.addWidget(self.conflict_frame)
        self.warning = QLabel()
        self.warning.setObjectName(f"{AREA}.warning")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet(
            "QLabel { background: #fdecea; border: 1px solid #ef9a9a; border-radius: 6px; padding: 6px; "
            "color: #b71c1c; }"
        )
        self.warning.hide()
        outer.addWidget(self.warning)
        outer.addWidget(self._register_card())
        outer.addWidget(self._parties_card())
        self.save_hint = QLabel()
        self.save_hint.setObjectName(f"{AREA}.save_hint")
        self.save_hint.setWordWrap(True)
        # The hint and the buttons stand in a bar of their own: the tab keeps it in view under the long form.
        self.button_bar = QWidget()
        bar = QVBoxLayout(self.button_bar)
        bar.setContentsMargins(0, 4, 0, 0)
        bar.addWidget(self.save_hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton(self.tr("New case (F2)"))
        self.new_button.setObjectName(f"{AREA}.new")
        self.cancel_button = QPushButton(self.tr("Discard changes (Esc)"))
        self.cancel_button.setObjectName(f"{AREA}.cancel")
        self.save_button = QPushButton(self.tr("Save register (Ctrl+S)"))
        self.save_button.setObjectName(f"{AREA}.save")
        for button, signal in (
            (self.new_button, self.new_requested),
            (self.cancel_button, self.cancel_requested),
            (self.save_button, self.save_requested),
        ):
            button.setAutoDefault(False)
            keep_height(button)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        bar.addLayout(buttons)

    def _card(self, name: str, title: str) -> tuple[QFrame, QVBoxLayout]:
        return titled_card(f"{AREA}.{name}", title)

    def _register_card(self) -> QWidget:
        catalog = default_catalog()
        frame, layout = self._card("register_card", self.tr("Register"))
        form = form_layout()
        self.regime = QComboBox()
        for code, name in REGIMES.items():
            self.regime.addItem(name, code)
        self.errors.add_row(form, self.tr("Regime"), "regime", self.regime)
        self.source = QComboBox()
        self.source.addItem(self.tr("Choose…"), "")
        for choice in catalog.mediation_sources:
            self.source.addItem(choice.name, choice.code)
        self.errors.add_row(form, self.tr("Source"), "source", self.source)
        self.category = QComboBox()
        self.category.addItem(self.tr("Choose…"), "")
        for choice in catalog.mediation_categories:
            self.category.addItem(choice.name, choice.code)
        self.errors.add_row(form, self.tr("Category"), "category", self.category)
        self.occurred_at = QDateTimeEdit()
        self.occurred_at.setCalendarPopup(True)
        self.occurred_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.errors.add_row(form, self.tr("When"), "occurred_at", self.occurred_at)
        self.location = QLineEdit()
        self.location.setMaxLength(LIMITS["location"])
        self.location.setPlaceholderText(self.tr("e.g. Building 3, Huajing Garden, Luxia Road"))
        self.errors.add_row(form, self.tr("Where"), "location", self.location)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("What happened, between whom, what was done so far"))
        self.summary.setFixedHeight(90)
        self.errors.add_row(form, self.tr("Facts"), "summary", self.summary)
        self.dispute_points = QPlainTextEdit()
        self.dispute_points.setPlaceholderText(self.tr("What the parties disagree about"))
        self.dispute_points.setFixedHeight(60)
        self.errors.add_row(form, self.tr("Disputed points"), "dispute_points", self.dispute_points)
        self.risk_level = QComboBox()
        for code, name in RISK_LEVELS.items():
            self.risk_level.addItem(name, code)
        self.errors.add_row(form, self.tr("Risk"), "risk_level", self.risk_level)
        layout.addLayout(form)
        self.exclusions_box = QFrame()
        self.exclusions_box.setObjectName(f"{AREA}.exclusions_box")
        box = QVBoxLayout(self.exclusions_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(
            QLabel(self.tr("治安调解: ask about each kind the rules exclude. Does the case involve…"))
        )
        self.exclusion_checks: dict[str, QCheckBox] = {}
        for code, name in EXCLUDED_KINDS.items():
            check = QCheckBox(name)
            check.setObjectName(f"{AREA}.exclusions.{code}")
            check.toggled.connect(self._exclusion_ticked)
            self.exclusion_checks[code] = check
            box.addWidget(check)
        self.exclusions_checked = QCheckBox(self.tr("Asked about each of them; none applies"))
        self.exclusions_checked.setObjectName(f"{AREA}.exclusions_checked")
        self.exclusions_checked.toggled.connect(self._none_applies_ticked)
        box.addWidget(self.exclusions_checked)
        self.exclusions_error = QLabel()
        self.exclusions_error.setObjectName(f"{AREA}.exclusions_error")
        self.exclusions_error.setStyleSheet(ERROR_STYLE)
        self.exclusions_error.setWordWrap(True)
        self.exclusions_error.hide()
        box.addWidget(self.exclusions_error)
        layout.addWidget(self.exclusions_box)
        for combo in (self.regime, self.source, self.category, self.risk_level):
            keep_height(combo)
            combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.regime.currentIndexChanged.connect(lambda _i: self._regime_changed())
        self.occurred_at.dateTimeChanged.connect(lambda _d: self._changed())
        self.location.textEdited.connect(lambda _t: self._changed())
        for text in (self.summary, self.dispute_points):
            text.textChanged.connect(self._changed)
        guard_wheel(self.regime, self.source, self.category, self.risk_level, self.occurred_at)
        return frame

    def _parties_card(self) -> QWidget:
        frame, layout = self._card("parties_card", self.tr("Parties"))
        self.parties = PartyRows(self.today)
        self.parties.changed.connect(self._changed)
        self.parties.number_ready.connect(self.parties_changed.emit)
        layout.addWidget(self.parties)
        self.parties_error = QLabel()
        self.parties_error.setObjectName(f"{AREA}.parties_error")
        self.parties_error.setStyleSheet(ERROR_STYLE)
        self.parties_error.setWordWrap(True)
        self.parties_error.hide()
        layout.addWidget(self.parties_error)
        return frame

    # -- values ------------------------------------------------------------------------------------------
    def form_input(self) -> CaseInput:
        police = str(self.regime.currentData()) in POLICE_REGIMES
        moment = self.occurred_at.dateTime().toPython()
        assert isinstance(moment, datetime)
        return CaseInput(
            regime=str(self.regime.currentData()),
            source=str(self.source.currentData() or ""),
            category=str(self.category.currentData() or ""),
            summary=self.summary.toPlainText(),
            parties=self.parties.values(),
            occurred_at=moment.replace(tzinfo=LOCAL_TZ),
            location=self.location.text(),
            dispute_points=self.dispute_points.toPlainText(),
            risk_level=str(self.risk_level.currentData()),
            exclusions=frozenset(c for c, box in self.exclusion_checks.items() if box.isChecked()) if police
            else frozenset(),
            exclusions_checked=police and self.exclusions_checked.isChecked(),
        )  # fmt: skip

    def problems_now(self) -> list[tuple[str, str]]:
        found = problems(self.form_input(), today=self.today())
        return [(widget_field(field), message) for field, message in found.items()]

    @property
    def read_only(self) -> bool:
        return self.record is not None and bool(self.record.edit_refusal)

    # -- the tab's calls ------------------------------------------------------------------------------------
    def new_record(self) -> None:
        self._loading = True
        self.record = None
        self.conflict = None
        self.conflict_frame.hide()
        self.request_id = new_request_id()
        self.regime.setCurrentIndex(0)
        self.source.setCurrentIndex(0)
        self.category.setCurrentIndex(0)
        self.occurred_at.setDateTime(
            QDateTime(datetime.now(LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0))
        )
        self.location.clear()
        self.summary.clear()
        self.dispute_points.clear()
        self.risk_level.setCurrentIndex(0)
        for check in (*self.exclusion_checks.values(), self.exclusions_checked):
            check.setChecked(False)
        self.parties.reset()
        self._clear_errors()
        self.show_warning(None)
        self._set_read_only(False)
        self._regime_changed()
        self._loading = False
        self.dirty = False
        self._refresh_state()
        self.regime.setFocus()

    def load_record(self, record: CaseRecord) -> None:
        """The case as stored; editable until it is closed."""
        self._loading = True
        self.record = record
        self.conflict = None
        self.conflict_frame.hide()
        self._clear_errors()
        self.regime.setCurrentIndex(max(self.regime.findData(record.regime), 0))
        self.source.setCurrentIndex(max(self.source.findData(record.source_code), 0))
        self.category.setCurrentIndex(max(self.category.findData(record.category_code), 0))
        if record.occurred_at is not None:
            local = record.occurred_at.astimezone(LOCAL_TZ).replace(tzinfo=None)
            self.occurred_at.setDateTime(QDateTime(local))
        self.location.setText(record.location)
        self.summary.setPlainText(record.summary)
        self.dispute_points.setPlainText(record.dispute_points)
        self.risk_level.setCurrentIndex(max(self.risk_level.findData(record.risk_level), 0))
        for check in self.exclusion_checks.values():
            check.setChecked(False)
        self.exclusions_checked.setChecked(record.exclusions_checked)
        self.parties.reset(record.parties)
        self.show_warning(record.warning)
        self._set_read_only(bool(record.edit_refusal))
        self._regime_changed()
        self._loading = False
        self.dirty = False
        self._refresh_state()

    def show_warning(self, warning: EarlyWarning | None) -> None:
        lines = list(warning.messages()) if warning is not None else []
        if warning is not None and warning.matches:
            cases: dict[int, list[EarlierCase]] = {}
            for match in warning.matches:  # newest first; one line per case, naming every party found in it
                cases.setdefault(match.case_id, []).append(match)
            for found in list(cases.values())[:8]:
                m = found[0]
                who = "、".join(f"{f.party_name}（{f.matched_by}）" for f in found)
                lines.append(
                    f"· {m.case_no}　{m.day:%Y-%m-%d}　{m.category}　{m.regime_name}　{m.status_text} — {who}"
                )
            if len(cases) > 8:
                lines.append(self.tr("… and %n more", "", len(cases) - 8))
        self.warning.setText(
            self.tr("Earlier cases of these parties:") + "\n" + "\n".join(lines) if lines else ""
        )
        self.warning.setVisible(bool(lines))

    def widget_for(self, field: str) -> QWidget | None:
        """The input a service's field key names (to bring it into view)."""
        key = widget_field(field)
        if key == "exclusions":
            return self.exclusions_box
        if key == "parties":
            return self.parties.add_button
        if key.startswith("parties_"):
            row = self.parties.row(int(key.split("_")[1]))
            return row.errors.widget(key) if row is not None else None
        return self.errors.widget(key)

    def show_problem(self, field: str, message: str) -> None:
        key = widget_field(field)
        if key == "exclusions":
            self.exclusions_error.setText(sentence(message))
            self.exclusions_error.show()
            return
        if key == "parties":
            self.parties_error.setText(sentence(message))
            self.parties_error.show()
            return
        if key.startswith("parties_"):
            row = self.parties.row(int(key.split("_")[1]))
            if row is not None and row.errors.show(key, message):
                return
        if not self.errors.show(key, message):
            self.save_hint.setStyleSheet(ERROR_STYLE)
            self.save_hint.setText(sentence(message))

    def show_conflict(self, current: CaseRecord, message: str) -> None:
        self.conflict = current
        self.conflict_frame.show_conflict(message, _differences(self.record, current))
        self._refresh_state()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._refresh_state()

    # -- reactions ----------------------------------------------------------------------------------------
    def _changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.exclusions_error.hide()
        self.parties_error.hide()
        self._refresh_state()
        self.edited.emit()

    def _exclusion_ticked(self, on: bool) -> None:
        if on:  # one applies: "none applies" can no longer be true
            self.exclusions_checked.setChecked(False)
        self._changed()

    def _none_applies_ticked(self, on: bool) -> None:
        if on:
            for check in self.exclusion_checks.values():
                check.setChecked(False)
        self._changed()

    def _regime_changed(self) -> None:
        self.exclusions_box.setVisible(str(self.regime.currentData()) in POLICE_REGIMES)

    def _clear_errors(self) -> None:
        self.errors.clear()
        self.parties.clear_errors()
        self.exclusions_error.hide()
        self.parties_error.hide()

    def _reload_theirs(self) -> None:
        if self.conflict is not None:
            self.load_record(self.conflict)

    def _keep_mine(self) -> None:
        if self.conflict is None:
            return
        self.record = self.conflict
        self.conflict = None
        self.conflict_frame.hide()
        self._refresh_state()
        self.save_requested.emit()

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (self.regime, self.source, self.category, self.risk_level, self.occurred_at,
                       *self.exclusion_checks.values(), self.exclusions_checked):  # fmt: skip
            widget.setEnabled(not read_only)
        self.location.setReadOnly(read_only)
        self.summary.setReadOnly(read_only)
        self.dispute_points.setReadOnly(read_only)
        self.parties.set_read_only(read_only)

    def _refresh_state(self) -> None:
        record = self.record
        found = [] if self.read_only else self.problems_now()
        can_save = not self.busy and not self.read_only and not found and self.conflict is None
        self.save_button.setEnabled(can_save and (self.dirty or record is None))
        self.save_button.setText(
            self.tr("Save register (Ctrl+S)") if record is None else self.tr("Save changes (Ctrl+S)")
        )
        self.cancel_button.setEnabled(self.dirty and not self.busy)
        self.save_hint.setStyleSheet(HINT_STYLE)
        if self.busy:
            self.save_hint.setText(self.tr("Working…"))
        elif self.read_only and record is not None:
            self.save_hint.setText(sentence(record.edit_refusal))
        elif self.conflict is not None:
            self.save_hint.setText(self.tr("Another desk changed this case: choose above how to go on."))
        elif found and (self.dirty or record is None):
            field, message = found[0]
            if field.startswith("parties_"):
                message = (
                    self.tr("Party %1: %2")
                    .replace("%1", str(int(field.split("_")[1]) + 1))
                    .replace("%2", message)
                )
            self.save_hint.setStyleSheet(ERROR_STYLE if self.dirty else HINT_STYLE)
            self.save_hint.setText(self.tr("Cannot save yet: %1").replace("%1", sentence(message)))
        elif record is not None and self.dirty:
            self.save_hint.setStyleSheet(WARN_STYLE)
            self.save_hint.setText(self.tr("Changes not saved yet."))
        elif record is not None:
            self.save_hint.setStyleSheet(OK_STYLE)
            self.save_hint.setText(
                self.tr("Registered %1 by %2.")
                .replace("%1", format_local(record.created_at))
                .replace("%2", record.created_by_name)
            )
        else:
            self.save_hint.setText(self.tr("Ready to save."))


def _differences(before: CaseRecord | None, after: CaseRecord) -> list[str]:
    """What the other desk changed, in words (ID numbers stay masked)."""
    if before is None:
        return []

    def parties(record: CaseRecord) -> str:
        return "；".join(
            f"{p.role_name} {p.name} {p.id_masked} {p.phone_masked}".strip() for p in record.parties
        )

    pairs = [
        ("调解类别", before.regime_name, after.regime_name),
        ("案件来源", before.source, after.source),
        ("纠纷类型", before.category, after.category),
        ("地点", before.location, after.location),
        ("纠纷事实", before.summary, after.summary),
        ("争议事项", before.dispute_points, after.dispute_points),
        ("风险等级", before.risk_name, after.risk_name),
        ("当事人", parties(before), parties(after)),
        ("状态", before.status_name, after.status_name),
    ]
    return [f"{label}：{old or '（空）'} → {new or '（空）'}" for label, old, new in pairs if old != new]
