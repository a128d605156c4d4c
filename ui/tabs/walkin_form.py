"""The right half of the 来访受理 tab: one walk-in application as a form, from the business to the materials.

The form knows the rules that need no database (intake_rules): choosing a business fills the checklist, the fee
and the promised date; a proxy or an applicant under 16 makes their papers required; certificates offer only
the 9 kinds, and 临时身份证明 asks for a purpose and a validity period. The save button stays disabled while a
problem remains and the line beside it says which; a problem the service finds lands under its field. Nothing
the desk typed is cleared by an error, a lost connection or a conflict: only 新建 and 放弃修改 clear the form.

Saving, printing and look-ups run in the tab (ui.tabs.walkin), which calls `saved()`, `person_found()`,
`show_problem()` and `show_conflict()` with their results.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import format_local, local_date, system_clock
from desktop.db.idempotency import new_request_id
from desktop.domain.catalog import Business, default_catalog
from desktop.domain.intake_rules import LIMITS, IntakeInput, materials_for, overlay, problems
from desktop.domain.workdays import default_calendar
from desktop.services.intake import IntakeRecord, PersonView
from desktop.services.intake_list import KnownPerson
from ui.widgets.business_picker import BusinessPicker
from ui.widgets.conflict_panel import ConflictPanel
from ui.widgets.dates import OptionalDateEdit
from ui.widgets.form import (
    ERROR_STYLE,
    HINT_STYLE,
    OK_STYLE,
    FieldErrors,
    card_frame,
    form_layout,
    guard_wheel,
    heading,
    keep_height,
    sentence,
    set_row_visible,
    titled_card,
)
from ui.widgets.materials_table import MaterialsTable
from ui.widgets.person_box import PersonBox

PICKUP_NAMES = {"self": "自取", "post": "邮寄"}
RELATIONS = ("配偶", "父母", "子女", "兄弟姐妹", "其他亲属", "朋友", "单位同事", "其他")
WARN_STYLE = "color: #e65100; font-size: 12px;"
STATUS_COLOURS = {"received": "#2e7d32", "returned": "#c62828", "voided": "#757575"}


def widget_field(service_field: str) -> str:
    """A service's field key (`applicant.id_number`) as the form's (`id_number`; the proxy's `agent_id_number`)."""
    if service_field.startswith("applicant."):
        return service_field.removeprefix("applicant.")
    if service_field.startswith("agent."):
        return "agent_" + service_field.removeprefix("agent.")
    return service_field


class WalkinForm(QWidget):
    save_requested = Signal()
    print_requested = Signal()
    new_requested = Signal()
    cancel_requested = Signal()
    lookup_requested = Signal(str, str, str)  # role (applicant | agent), document type, number
    reload_requested = Signal(int)  # application id: 放弃我的修改，载入最新记录
    edited = Signal()  # the desk changed something in the form

    def __init__(self, today: Callable[[], date] | None = None) -> None:
        super().__init__()
        self.today = today or (lambda: local_date(system_clock()))
        self.errors = FieldErrors("walkin")
        self.request_id = new_request_id()
        self.record: IntakeRecord | None = None
        self.conflict: IntakeRecord | None = None
        self.dirty = False
        self.busy = False
        self._loading = False
        self._build()
        self.errors.on_change(self._refresh_state)
        self._refresh_state()

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._header())
        outer.addWidget(self._conflict_panel())
        scroll = QScrollArea()
        scroll.setObjectName("walkin.form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(10)
        column.addWidget(self._business_card())
        column.addWidget(self._applicant_card())
        column.addWidget(self._agent_card())
        column.addWidget(self._materials_card())
        column.addWidget(self._pickup_card())
        column.addStretch(1)
        scroll.setWidget(body)
        self.scroll = scroll
        outer.addWidget(scroll, 1)
        outer.addLayout(self._buttons())
        self._set_tab_order()
        guard_wheel(
            self.certificate_kind,
            self.valid_until,
            self.agent_relation,
            self.pickup_method,
            self.applicant.document_type,
            self.agent.document_type,
        )

    def _header(self) -> QWidget:
        frame = card_frame("walkin.header")
        row = QHBoxLayout(frame)
        row.setContentsMargins(12, 8, 12, 8)
        self.receipt_no = heading(QLabel(), 26)
        self.receipt_no.setObjectName("walkin.receipt_no")
        self.receipt_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("walkin.status_label")
        self.status_label.setWordWrap(True)  # a long 尚缺 list wraps instead of widening the form
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.record_info = QLabel()
        self.record_info.setObjectName("walkin.record_info")
        self.record_info.setStyleSheet(HINT_STYLE)
        self.record_info.setWordWrap(True)
        self.record_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        info = QVBoxLayout()
        info.addWidget(self.status_label)
        info.addWidget(self.record_info)
        row.addWidget(self.receipt_no)
        row.addSpacing(16)
        row.addLayout(info, 1)
        return frame

    def _conflict_panel(self) -> QWidget:
        self.conflict_frame = ConflictPanel("walkin")
        self.conflict_frame.reload_requested.connect(self._reload_theirs)
        self.conflict_frame.keep_requested.connect(self._keep_mine)
        return self.conflict_frame

    def _card(self, name: str, title: str) -> tuple[QFrame, QVBoxLayout]:
        return titled_card(name, title)

    def _business_card(self) -> QWidget:
        frame, layout = self._card("walkin.business_card", self.tr("Business"))
        form = form_layout()
        self.picker = BusinessPicker(default_catalog())
        self.picker.chosen.connect(self._business_chosen)
        self.errors.add_row(form, self.tr("Business"), "business_code", self.picker)
        self.picker.setObjectName("walkin.business_picker")  # the line edit inside is walkin.business_code
        self.certificate_kind = QComboBox()
        self.certificate_kind.addItem(self.tr("Choose one of the 9 kinds"), "")
        for kind in default_catalog().certificate_kinds:
            self.certificate_kind.addItem(kind.name, kind.code)
        self.certificate_kind.currentIndexChanged.connect(self._certificate_changed)
        self.errors.add_row(form, self.tr("Certificate"), "certificate_kind", self.certificate_kind)
        self.purpose = QLineEdit()
        self.purpose.setMaxLength(LIMITS["purpose"])
        self.purpose.setPlaceholderText(self.tr("e.g. boarding a flight, hotel stay, examination"))
        self.purpose.textEdited.connect(lambda _t: self._changed())
        self.errors.add_row(form, self.tr("Purpose"), "purpose", self.purpose)
        self.valid_until = OptionalDateEdit()
        self.valid_until.dateChanged.connect(lambda _d: self._changed())
        self.errors.add_row(form, self.tr("Valid until"), "valid_until", self.valid_until)
        self.fee = QLabel()
        self.fee.setObjectName("walkin.fee_fen")
        self.promised = QLabel()
        self.promised.setObjectName("walkin.promised_date")
        self.promised.setWordWrap(True)
        form.addRow(self.tr("Fee"), self.fee)
        form.addRow(self.tr("Due"), self.promised)
        layout.addLayout(form)
        return frame

    def _applicant_card(self) -> QWidget:
        frame, layout = self._card("walkin.applicant_card", self.tr("Applicant"))
        self.applicant = PersonBox("", errors=self.errors)
        self.applicant.number_ready.connect(
            lambda kind, number: self._number_ready("applicant", kind, number)
        )
        self.applicant.changed.connect(self._changed)
        # A Hong Kong permit instead of the mainland ID card: the checklist names the document handed over.
        self.applicant.document_type.currentIndexChanged.connect(
            lambda _i: self._loading or self._refresh_materials()
        )
        self.applicant.today = self.today
        layout.addWidget(self.applicant)
        self.earlier = QLabel()
        self.earlier.setObjectName("walkin.earlier")
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet(HINT_STYLE)
        self.earlier.hide()
        layout.addWidget(self.earlier)
        return frame

    def _agent_card(self) -> QWidget:
        frame, layout = self._card("walkin.agent_card", self.tr("Proxy"))
        self.has_agent = QCheckBox(self.tr("Someone else applies on the applicant's behalf (代办)"))
        self.has_agent.setObjectName("walkin.has_agent")
        self.has_agent.toggled.connect(self._agent_toggled)
        layout.addWidget(self.has_agent)
        self.agent_body = QWidget()
        body = QVBoxLayout(self.agent_body)
        body.setContentsMargins(0, 0, 0, 0)
        self.agent = PersonBox("agent_", full=False, errors=self.errors)
        self.agent.today = self.today
        self.agent.changed.connect(self._changed)
        self.agent.number_ready.connect(lambda kind, number: self._number_ready("agent", kind, number))
        body.addWidget(self.agent)
        relation_form = form_layout()
        relation_form.setContentsMargins(0, 0, 0, 0)
        self.agent_relation = QComboBox()
        self.agent_relation.setEditable(True)
        self.agent_relation.addItem("")
        self.agent_relation.addItems(RELATIONS)
        self.agent_relation.currentTextChanged.connect(lambda _t: self._changed())
        self.errors.add_row(relation_form, self.tr("Relation"), "agent_relation", self.agent_relation)
        body.addLayout(relation_form)
        self.agent_body.hide()
        layout.addWidget(self.agent_body)
        return frame

    def _materials_card(self) -> QWidget:
        frame, layout = self._card("walkin.materials_card", self.tr("Materials handed over"))
        self.materials = MaterialsTable()
        self.materials.changed.connect(self._changed)
        layout.addWidget(self.materials)
        self.materials_error = QLabel()
        self.materials_error.setObjectName("walkin.materials_error")
        self.materials_error.setStyleSheet(ERROR_STYLE)
        self.materials_error.setWordWrap(True)
        self.materials_error.hide()
        layout.addWidget(self.materials_error)
        return frame

    def _pickup_card(self) -> QWidget:
        frame, layout = self._card("walkin.pickup_card", self.tr("Pickup and notes"))
        form = form_layout()
        self.pickup_method = QComboBox()
        self.pickup_method.addItem(self.tr("In person at the station"), "self")
        self.pickup_method.addItem(self.tr("By post (EMS)"), "post")
        self.pickup_method.currentIndexChanged.connect(self._pickup_changed)
        self.errors.add_row(form, self.tr("Pickup"), "pickup_method", self.pickup_method)
        self.post_address = QLineEdit()
        self.post_address.setMaxLength(LIMITS["post_address"])
        self.post_address.textEdited.connect(lambda _t: self._changed())
        self.errors.add_row(form, self.tr("Post address"), "post_address", self.post_address)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.notes.textChanged.connect(self._changed)
        self.errors.add_row(form, self.tr("Notes"), "notes", self.notes)
        layout.addLayout(form)
        set_row_visible(self.post_address, False)
        return frame

    def _buttons(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        row = QHBoxLayout()
        self.save_hint = QLabel()
        self.save_hint.setObjectName("walkin.save_hint")
        self.save_hint.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New (F2)"))
        self.new_button.setObjectName("walkin.new")
        self.cancel_button = QPushButton(self.tr("Discard changes (Esc)"))
        self.cancel_button.setObjectName("walkin.cancel")
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("walkin.save")
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName("walkin.print")
        for button in (self.new_button, self.cancel_button, self.save_button, self.print_button):
            button.setAutoDefault(False)
            keep_height(button)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.save_button.clicked.connect(self.save_requested.emit)
        self.print_button.clicked.connect(self.print_requested.emit)
        row.addStretch(1)
        row.addWidget(self.new_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        rows.addWidget(self.save_hint)  # a line of its own: the reason can be long, the buttons stay put
        rows.addLayout(row)
        return rows

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.picker.line_edit(),
            self.certificate_kind,
            self.purpose,
            self.valid_until,
            self.applicant.document_type,
            self.applicant.id_number,
            self.applicant.name,
            self.applicant.phone,
            self.applicant.address,
            self.applicant.household_address,
            self.has_agent,
            self.agent.document_type,
            self.agent.id_number,
            self.agent.name,
            self.agent.phone,
            self.agent_relation,
        ]
        chain += [
            self.materials,
            self.pickup_method,
            self.post_address,
            self.notes,
            self.save_button,
            self.print_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- values ------------------------------------------------------------------------------------------
    def business(self) -> Business | None:
        code = self.picker.code()
        return default_catalog().walkin(code) if code else None

    def form_input(self) -> IntakeInput:
        return IntakeInput(
            business_code=self.picker.code(),
            applicant=self.applicant.person_input(),
            materials=self.materials.materials(),
            agent=self.agent.person_input() if self.has_agent.isChecked() else None,
            agent_relation=self.agent_relation.currentText() if self.has_agent.isChecked() else "",
            certificate_kind=str(self.certificate_kind.currentData() or ""),
            purpose=self.purpose.text(),
            valid_until=self.valid_until.value(),
            pickup_method=str(self.pickup_method.currentData()),
            post_address=self.post_address.text(),
            notes=self.notes.toPlainText(),
        )

    def problems_now(self) -> list[tuple[str, str]]:
        """Every problem the rules see in the form now, as (form field, message)."""
        editing = self.record is not None
        minor = self.applicant.is_minor()
        if minor is None and self.record is not None:
            minor = self.record.applicant_minor
        found = problems(
            self.form_input(), default_catalog(), today=self.today(), editing=editing, applicant_minor=minor
        )
        return [(widget_field(e.field), e.message) for e in found]

    @property
    def read_only(self) -> bool:
        return self.record is not None and bool(self.record.edit_refusal)

    # -- the tab's calls ------------------------------------------------------------------------------------
    def new_record(self) -> None:
        """An empty form for the next resident (a fresh request id)."""
        self._loading = True
        self.record = None
        self.conflict = None
        self.conflict_frame.hide()
        self.request_id = new_request_id()
        self.picker.clear()
        self.certificate_kind.setCurrentIndex(0)
        self.purpose.clear()
        self.valid_until.set_value(None)
        self.applicant.clear()
        self.has_agent.setChecked(False)
        self.agent.clear()
        self.agent_relation.setCurrentIndex(0)
        self.materials.clear()
        self.pickup_method.setCurrentIndex(0)
        self.post_address.clear()
        self.notes.clear()
        self.earlier.hide()
        self.errors.clear()
        self.materials_error.hide()
        self._set_read_only(False)
        self._business_chosen(self.picker.code())
        self._loading = False
        self.dirty = False
        self._refresh_state()
        self.picker.line_edit().setFocus()
        self.scroll.verticalScrollBar().setValue(0)

    def load_record(self, record: IntakeRecord) -> None:
        """Show a saved application for correction (or read only, once reviewed)."""
        self._loading = True
        self.record = record
        self.conflict = None
        self.conflict_frame.hide()
        self.errors.clear()
        self.materials_error.hide()
        self.picker.set_code(record.business_code)
        self.certificate_kind.setCurrentIndex(max(self.certificate_kind.findData(record.certificate_kind), 0))
        self.purpose.setText(record.purpose)
        self.valid_until.set_value(record.valid_until)
        _load_person(self.applicant, record.applicant)
        self.has_agent.setChecked(record.agent is not None)
        if record.agent is not None:
            _load_person(self.agent, record.agent)
        else:
            self.agent.clear()
        self.agent_relation.setCurrentText(record.agent_relation)
        self._refresh_materials()
        self.materials.set_materials(
            overlay(self.materials.materials(), record.materials), keep_desk_values=False
        )
        self.pickup_method.setCurrentIndex(max(self.pickup_method.findData(record.pickup_method), 0))
        self.post_address.setText(record.post_address)
        self.notes.setPlainText(record.notes)
        self.earlier.hide()
        self._set_read_only(bool(record.edit_refusal))
        self._loading = False
        self.dirty = False
        self._show_business_terms()
        self._refresh_state()
        self.scroll.verticalScrollBar().setValue(0)  # another record opens at its top

    def saved(self, record: IntakeRecord) -> None:
        """After a successful save: the record as stored, the number large."""
        self.load_record(record)

    def person_found(self, role: str, known: KnownPerson | None) -> None:
        box = self.applicant if role == "applicant" else self.agent
        if known is None or box.valid_number != known.id_number:
            if role == "applicant":
                self.earlier.hide()
            return
        box.fill_known(
            name=known.name,
            phone=known.phone,
            address=known.address,
            household_address=known.household_address,
        )
        if role == "applicant":
            if known.earlier:
                lines = [
                    f"{format_local(e.created_at, '%Y-%m-%d')} {e.business_name}（{e.receipt_no}，{e.status_name}）"
                    for e in known.earlier[:5]
                ]
                more = len(known.earlier) - 5
                text = self.tr("Known person. Earlier applications:") + "\n" + "\n".join(lines)
                if more > 0:
                    text += "\n" + self.tr("… and %n more", "", more)
            else:
                text = self.tr("Known person, no earlier applications.")
            self.earlier.setText(text)
            self.earlier.show()

    def show_problem(self, field: str, message: str) -> None:
        """A service's ValidationError: under its field when the form has one, else by the buttons."""
        key = widget_field(field)
        if key == "materials":
            self.materials_error.setText(sentence(message))
            self.materials_error.show()
            return
        if not self.errors.show(key, message):
            self.save_hint.setStyleSheet(ERROR_STYLE)
            self.save_hint.setText(sentence(message))

    def lock(self, reason: str) -> None:
        """The service refused the save because the record can no longer be edited: read only from now on, the
        desk's typing left in view (Esc reads the record back)."""
        if self.record is None:
            return
        self.record = replace(self.record, edit_refusal=reason)
        self._set_read_only(True)
        self._refresh_state()

    def show_conflict(self, current: IntakeRecord, message: str) -> None:
        """Someone else saved this record meanwhile: say who and what, keep every edit of this form."""
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
        self.materials_error.hide()
        self._refresh_state()
        self.edited.emit()

    def _business_chosen(self, code: str) -> None:
        business = default_catalog().walkin(code) if code else None
        is_certificate = business is not None and business.code == "certificate"
        set_row_visible(self.certificate_kind, is_certificate)
        self._certificate_changed()
        if not self._loading:
            self._refresh_materials()
        self._show_business_terms()
        self._changed()

    def _certificate_changed(self) -> None:
        code = str(self.certificate_kind.currentData() or "")
        kind = next((k for k in default_catalog().certificate_kinds if k.code == code), None)
        is_certificate = self.picker.code() == "certificate"
        set_row_visible(self.purpose, is_certificate and kind is not None and kind.needs_purpose)
        set_row_visible(self.valid_until, is_certificate and kind is not None and kind.needs_validity)
        if is_certificate and not self._loading:
            self._refresh_materials()  # a 临时身份证明 takes the 户口簿 instead of the ID card
        self._changed()

    def _agent_toggled(self, on: bool) -> None:
        self.agent_body.setVisible(on)
        if not self._loading:
            self._refresh_materials()
        self._changed()

    def _pickup_changed(self) -> None:
        set_row_visible(self.post_address, self.pickup_method.currentData() == "post")
        self._changed()

    def _number_ready(self, role: str, kind: str, number: str) -> None:
        if role == "applicant":
            self._refresh_materials()
        self.lookup_requested.emit(role, kind, number)

    def _refresh_materials(self) -> None:
        """The checklist for the business and this case (proxy, minor), keeping what was already ticked."""
        business = self.business()
        if business is None:
            self.materials.clear()
            return
        minor = self.applicant.is_minor()
        if minor is None and self.record is not None:
            minor = self.record.applicant_minor
        fresh = materials_for(
            business,
            has_agent=self.has_agent.isChecked(),
            minor=bool(minor),
            document_type=self.applicant.code(),
            certificate_kind=str(self.certificate_kind.currentData() or ""),
        )
        self.materials.set_materials(
            fresh
        )  # keeps what the desk already ticked, takes the new required flags

    def _show_business_terms(self) -> None:
        business = self.business()
        if business is None:
            self.fee.setText("—")
            self.promised.setText("—")
            return
        fee = business.fee_fen
        self.fee.setText(
            f"{fee // 100}.{fee % 100:02d} 元" + ("（不收费）" if fee == 0 else f"（{business.fee_basis}）")
        )
        if self.record is not None and self.record.status == "returned" and self.materials.missing_required():
            self.promised.setText(self.tr("Counted from the day the missing materials are brought"))
            return
        if (
            self.record is not None
            and self.record.status != "returned"
            and self.record.promised_date is not None
        ):
            due_text = self.record.promised_date.strftime("%Y-%m-%d")
            warning = ""
        else:
            due = default_calendar().due_date_for(business.time_limit, self.today())
            due_text = due.date.strftime("%Y-%m-%d")
            warning = due.warning or ""
        if business.time_limit.kind == "on_the_spot":
            text = self.tr("On the spot") + f" — {business.time_limit.legal}"
        else:
            text = f"{due_text} — {business.time_limit.legal}"
        self.promised.setText(text + (f"\n⚠ {warning}" if warning else ""))

    def _reload_theirs(self) -> None:
        if self.conflict is not None:
            self.load_record(self.conflict)

    def _keep_mine(self) -> None:
        """Save this form's values over the newer record, now that the desk has seen what changed."""
        if self.conflict is None:
            return
        self.record = self.conflict
        self.conflict = None
        self.conflict_frame.hide()
        self._refresh_state()
        self.save_requested.emit()

    def _set_read_only(self, read_only: bool) -> None:
        self.picker.setEnabled(not read_only)
        for widget in (self.certificate_kind, self.valid_until, self.has_agent, self.pickup_method):
            widget.setEnabled(not read_only)
        for edit in (self.purpose, self.post_address):
            edit.setReadOnly(read_only)
        self.notes.setReadOnly(read_only)
        self.agent_relation.setEnabled(not read_only)
        self.applicant.set_read_only(read_only)
        self.agent.set_read_only(read_only)
        self.materials.set_read_only(read_only)

    def _refresh_state(self) -> None:
        """Header, buttons and the line that says why saving or printing is not possible now."""
        record = self.record
        if record is None:
            self.receipt_no.setText(self.tr("New record"))
            self.status_label.setText("")
            self.record_info.setText(self.tr("The receipt number is given when the record is saved."))
        else:
            self.receipt_no.setText(record.receipt_no)
            colour = STATUS_COLOURS.get(record.status, "#1565c0")
            self.status_label.setStyleSheet(f"color: {colour}; font-size: 15px; font-weight: bold;")
            status = record.status_name
            if record.missing:
                status += "  " + self.tr("missing: %1").replace("%1", "、".join(record.missing))
            self.status_label.setText(status)
            info = (
                self.tr("Accepted %1 by %2")
                .replace("%1", format_local(record.created_at))
                .replace("%2", record.created_by_name)
            )
            if record.review_note:
                info += "  " + self.tr("Officer's note: %1").replace("%1", record.review_note)
            self.record_info.setText(info)
        found = [] if self.read_only else self.problems_now()
        can_save = not self.busy and not self.read_only and not found and self.conflict is None
        can_save = can_save and (self.dirty or record is None)
        self.save_button.setEnabled(can_save)
        self.cancel_button.setEnabled(self.dirty and not self.busy)
        can_print = record is not None and not self.dirty and not self.busy and record.status != "voided"
        self.print_button.setEnabled(can_print)
        if record is not None:
            receipt = record.document_kind == "receipt"
            self.print_button.setText(
                self.tr("Print receipt (Ctrl+P)") if receipt else self.tr("Print supplement notice (Ctrl+P)")
            )
        else:
            self.print_button.setText(self.tr("Print (Ctrl+P)"))
        self.save_hint.setStyleSheet(HINT_STYLE)
        if self.busy:
            self.save_hint.setText(self.tr("Working…"))
        elif self.read_only and record is not None:
            self.save_hint.setText(sentence(record.edit_refusal))
        elif self.conflict is not None:
            self.save_hint.setText(self.tr("Another desk changed this record: choose above how to go on."))
        elif found:
            field, message = found[0]
            if field.startswith("agent_"):
                message = self.tr("Proxy: %1").replace("%1", message)
            # A fresh form is not wrong, only empty: say what comes next without alarming red.
            self.save_hint.setStyleSheet(ERROR_STYLE if self.dirty else HINT_STYLE)
            self.save_hint.setText(self.tr("Cannot save yet: %1").replace("%1", sentence(message)))
        elif (missing := self.materials.missing_required()) and (self.dirty or record is None):
            self.save_hint.setStyleSheet(WARN_STYLE)
            self.save_hint.setText(
                self.tr("Can be saved, but %n required material(s) missing: it becomes 已退回 (补正) and the "
                        "supplement notice is printed.", "", len(missing))
            )  # fmt: skip
        elif record is not None and self.dirty:
            self.save_hint.setText(self.tr("Changes not saved yet; print after saving."))
        elif record is not None:
            self.save_hint.setStyleSheet(OK_STYLE)
            self.save_hint.setText(self.tr("Saved."))
        else:
            self.save_hint.setText(self.tr("Ready to save."))


def _load_person(box: PersonBox, view: PersonView) -> None:
    box.load(
        document_type_code=view.document_type,
        masked=view.id_masked,
        name=view.name,
        phone=view.phone,
        address=view.address,
        household_address=view.household_address,
        birth_date=view.birth_date,
        gender=view.gender,
    )


def _differences(before: IntakeRecord | None, after: IntakeRecord) -> list[str]:
    """What the other desk changed, in words (ID numbers stay masked)."""
    if before is None:
        return []

    def materials(record: IntakeRecord) -> str:
        return "、".join(f"{m.name}{'✔' if m.received else '✘'}" for m in record.materials)

    def person(view: PersonView | None) -> str:
        if view is None:
            return "无"
        return f"{view.name} {view.id_masked} {view.phone} {view.address} {view.household_address}".strip()

    pairs = [
        ("业务类型", before.business_name, after.business_name),
        ("证明种类", before.certificate_kind, after.certificate_kind),
        ("用途", before.purpose, after.purpose),
        ("有效期", str(before.valid_until or ""), str(after.valid_until or "")),
        ("申请人", person(before.applicant), person(after.applicant)),
        ("代办人", person(before.agent), person(after.agent)),
        ("代办关系", before.agent_relation, after.agent_relation),
        ("材料", materials(before), materials(after)),
        ("领取方式", PICKUP_NAMES.get(before.pickup_method, ""), PICKUP_NAMES.get(after.pickup_method, "")),
        ("邮寄地址", before.post_address, after.post_address),
        ("备注", before.notes, after.notes),
        ("状态", before.status_name, after.status_name),
    ]
    return [f"{label}：{old or '（空）'} → {new or '（空）'}" for label, old, new in pairs if old != new]
