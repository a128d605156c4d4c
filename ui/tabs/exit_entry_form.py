"""The 出入境受理 intake form: document and application type, endorsements, applicant (guardian under 16, proxy),
materials, and the fee itemised from the catalog's fee table as the desk chooses.

The same habits as the walk-in form (ui.tabs.walkin_form): every field checks itself, the save button stays
disabled with the reason beside it, a service's ValidationError lands under its field, and nothing typed is
cleared by an error. A saved application opens for correction while the desk still may change it (已受理 or
已退回, not reviewed, not yet in a handover batch): numbers are not typed again unless the person changes, and
a save by another desk meanwhile shows the conflict panel with both versions kept. Ticking what a returned
application lacked and saving accepts it (补正). Otherwise it is shown read only, with the reason.
"""

from __future__ import annotations

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
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import format_local, local_date, system_clock
from desktop.db.idempotency import new_request_id
from desktop.domain.catalog import default_catalog
from desktop.domain.exit_entry_rules import (
    PERMITS,
    EndorsementInput,
    ExitEntryInput,
    fee_lines,
    materials_for,
    problems,
    total_fen,
)
from desktop.domain.intake_rules import overlay
from desktop.domain.workdays import default_calendar
from desktop.errors import ValidationError
from desktop.services.exit_entry import ExitEntryRecord
from desktop.services.intake import PersonView
from ui.tabs.walkin_form import RELATIONS, WARN_STYLE, widget_field
from ui.widgets.conflict_panel import ConflictPanel
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

AREA = "exit_entry"


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d} 元"


class EndorsementRows(QWidget):
    """Several endorsements per application: each a type (L G T S D Q …) and a tier, removable."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName(f"{AREA}.endorsements")
        self._rows: list[tuple[QComboBox, QComboBox, QPushButton, QWidget]] = []
        self._document = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._box = QVBoxLayout()
        layout.addLayout(self._box)
        self.add_button = QPushButton(self.tr("Add endorsement"))
        self.add_button.setObjectName(f"{AREA}.add_endorsement")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add())
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_document(self, document_type: str) -> None:
        if document_type != self._document:
            self._document = document_type
            self.clear()

    def clear(self) -> None:
        for _type, _tier, _remove, row in self._rows:
            row.deleteLater()
        self._rows = []
        self.changed.emit()

    def add(self, code: str = "", tier: str = "") -> None:
        ee = default_catalog().exit_entry
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        n = len(self._rows)
        kind = QComboBox()
        kind.setObjectName(f"{AREA}.endorsement_type.{n}")
        for t in ee.endorsement_types_for(self._document):
            kind.addItem(f"{t.code} {t.name}", t.code)
        level = QComboBox()
        level.setObjectName(f"{AREA}.endorsement_tier.{n}")
        for f in ee.endorsement_tiers(self._document):
            level.addItem(f"{f.name.split(' ', 1)[-1]}（{yuan(f.fee_fen)}）", f.tier)
        if code:
            kind.setCurrentIndex(max(kind.findData(code), 0))
        if tier:
            level.setCurrentIndex(max(level.findData(tier), 0))
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName(f"{AREA}.remove_endorsement.{n}")
        remove.setAutoDefault(False)
        for widget in (kind, level):
            keep_height(widget)
            widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
        guard_wheel(kind, level)
        line.addWidget(kind, 2)
        line.addWidget(level, 3)
        line.addWidget(remove)
        entry = (kind, level, remove, row)
        remove.clicked.connect(lambda: self._remove(entry))
        self._rows.append(entry)
        self._box.addWidget(row)
        kind.setFocus()
        self.changed.emit()

    def _remove(self, entry: tuple[QComboBox, QComboBox, QPushButton, QWidget]) -> None:
        if entry in self._rows:
            self._rows.remove(entry)
            entry[3].deleteLater()
            self.changed.emit()

    def values(self) -> tuple[EndorsementInput, ...]:
        return tuple(
            EndorsementInput(str(k.currentData()), str(t.currentData())) for k, t, _r, _w in self._rows
        )

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        for kind, level, remove, _row in self._rows:
            kind.setEnabled(not read_only)
            level.setEnabled(not read_only)
            remove.setEnabled(not read_only)


class ExitEntryForm(QWidget):
    save_requested = Signal()
    print_requested = Signal()
    new_requested = Signal()
    cancel_requested = Signal()
    lookup_requested = Signal(str, str, str)  # role, document type, number
    edited = Signal()

    def __init__(self, today: Callable[[], date] | None = None) -> None:
        super().__init__()
        self.today = today or (lambda: local_date(system_clock()))
        self.errors = FieldErrors(AREA)
        self.request_id = new_request_id()
        self.record: ExitEntryRecord | None = None
        self.conflict: ExitEntryRecord | None = None
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
        header = card_frame(f"{AREA}.header")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 8, 12, 8)
        self.receipt_no = heading(QLabel(), 26)
        self.receipt_no.setObjectName(f"{AREA}.receipt_no")
        self.status_label = QLabel()
        self.status_label.setObjectName(f"{AREA}.status_label")
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.receipt_no)
        row.addSpacing(16)
        row.addWidget(self.status_label, 1)
        outer.addWidget(header)
        self.conflict_frame = ConflictPanel(AREA)
        self.conflict_frame.reload_requested.connect(self._reload_theirs)
        self.conflict_frame.keep_requested.connect(self._keep_mine)
        outer.addWidget(self.conflict_frame)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(10)
        column.addWidget(self._document_card())
        column.addWidget(self._endorsement_card())
        column.addWidget(self._applicant_card())
        column.addWidget(self._agent_card())
        column.addWidget(self._materials_card())
        column.addStretch(1)
        scroll.setWidget(body)
        self.scroll = scroll
        outer.addWidget(scroll, 1)
        self.save_hint = QLabel()
        self.save_hint.setObjectName(f"{AREA}.save_hint")
        self.save_hint.setWordWrap(True)
        outer.addWidget(self.save_hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton(self.tr("New (F2)"))
        self.new_button.setObjectName(f"{AREA}.new")
        self.cancel_button = QPushButton(self.tr("Discard changes (Esc)"))
        self.cancel_button.setObjectName(f"{AREA}.cancel")
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName(f"{AREA}.save")
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName(f"{AREA}.print")
        for button, signal in (
            (self.new_button, self.new_requested),
            (self.cancel_button, self.cancel_requested),
            (self.save_button, self.save_requested),
            (self.print_button, self.print_requested),
        ):
            button.setAutoDefault(False)
            keep_height(button)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        outer.addLayout(buttons)

    def _card(self, name: str, title: str) -> tuple[QFrame, QVBoxLayout]:
        return titled_card(f"{AREA}.{name}", title)

    def _document_card(self) -> QWidget:
        ee = default_catalog().exit_entry
        frame, layout = self._card("document_card", self.tr("Document and application"))
        form = form_layout()
        self.document_type = QComboBox()
        for c in ee.document_types:
            self.document_type.addItem(c.name, c.code)
        self.errors.add_row(form, self.tr("Document"), "document_type", self.document_type)
        self.application_type = QComboBox()
        for c in ee.application_types:
            self.application_type.addItem(c.name, c.code)
        self.errors.add_row(form, self.tr("Application"), "application_type", self.application_type)
        self.amend_items = QSpinBox()
        self.amend_items.setRange(0, 10)
        self.errors.add_row(form, self.tr("Amendment items"), "amend_items", self.amend_items)
        self.photo_receipt_no = QLineEdit()
        self.photo_receipt_no.setMaxLength(40)
        self.photo_receipt_no.setPlaceholderText(self.tr("From the approved photo point"))
        self.errors.add_row(form, self.tr("Photo receipt no."), "photo_receipt_no", self.photo_receipt_no)
        self.old_document_no = QLineEdit()
        self.old_document_no.setMaxLength(40)
        self.errors.add_row(form, self.tr("Old document no."), "old_document_no", self.old_document_no)
        self.household_local = QCheckBox(self.tr("Household registered here (7 working days; elsewhere 20)"))
        self.household_local.setObjectName(f"{AREA}.household_local")
        self.household_local.setChecked(True)
        form.addRow("", self.household_local)
        self.purpose = QLineEdit()
        self.purpose.setMaxLength(100)
        self.purpose.setPlaceholderText(self.tr("e.g. tourism to Hong Kong, visiting relatives"))
        self.errors.add_row(form, self.tr("Purpose"), "purpose", self.purpose)
        self.fee = QLabel()
        self.fee.setObjectName(f"{AREA}.fee_fen")
        self.fee.setWordWrap(True)
        self.fee.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.promised = QLabel()
        self.promised.setObjectName(f"{AREA}.promised_date")
        self.promised.setWordWrap(True)
        form.addRow(self.tr("Fee"), self.fee)
        form.addRow(self.tr("Due"), self.promised)
        layout.addLayout(form)
        for combo in (self.document_type, self.application_type):
            combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.amend_items.valueChanged.connect(lambda _v: self._changed())
        self.household_local.toggled.connect(lambda _on: self._changed())
        for edit in (self.photo_receipt_no, self.old_document_no, self.purpose):
            edit.textEdited.connect(lambda _t: self._changed())
        guard_wheel(self.document_type, self.application_type, self.amend_items)
        return frame

    def _endorsement_card(self) -> QWidget:
        frame, layout = self._card("endorsement_card", self.tr("Endorsements"))
        self.endorsements = EndorsementRows()
        self.endorsements.changed.connect(self._changed)
        layout.addWidget(self.endorsements)
        self.endorsements_error = QLabel()
        self.endorsements_error.setObjectName(f"{AREA}.endorsements_error")
        self.endorsements_error.setStyleSheet(ERROR_STYLE)
        self.endorsements_error.hide()
        layout.addWidget(self.endorsements_error)
        self.endorsement_card = frame
        return frame

    def _applicant_card(self) -> QWidget:
        frame, layout = self._card("applicant_card", self.tr("Applicant"))
        self.applicant = PersonBox("", errors=self.errors)
        self.applicant.today = self.today
        self.applicant.changed.connect(self._changed)
        self.applicant.number_ready.connect(
            lambda kind, number: self._number_ready("applicant", kind, number)
        )
        layout.addWidget(self.applicant)
        self.guardian_box = QWidget()
        guardian_layout = QVBoxLayout(self.guardian_box)
        guardian_layout.setContentsMargins(0, 6, 0, 0)
        guardian_layout.addWidget(QLabel(self.tr("Under 16: the guardian comes along")))
        self.guardian = PersonBox("guardian_", full=False, errors=self.errors)
        self.guardian.today = self.today
        self.guardian.changed.connect(self._changed)
        guardian_layout.addWidget(self.guardian)
        relation = form_layout()
        self.guardian_relation = QComboBox()
        self.guardian_relation.setEditable(True)
        self.guardian_relation.addItems(["父亲", "母亲", "祖父母", "外祖父母", "其他监护人"])
        self.guardian_relation.currentTextChanged.connect(lambda _t: self._changed())
        self.errors.add_row(relation, self.tr("Relation"), "guardian_relation", self.guardian_relation)
        guardian_layout.addLayout(relation)
        self.guardian_box.hide()
        layout.addWidget(self.guardian_box)
        self.guardian.number_ready.connect(lambda kind, number: self._number_ready("guardian", kind, number))
        guard_wheel(self.applicant.document_type, self.guardian.document_type)
        return frame

    def _agent_card(self) -> QWidget:
        frame, layout = self._card("agent_card", self.tr("Proxy"))
        self.has_agent = QCheckBox(self.tr("Someone else hands in the materials (代办)"))
        self.has_agent.setObjectName(f"{AREA}.has_agent")
        self.has_agent.toggled.connect(self._agent_toggled)
        layout.addWidget(self.has_agent)
        self.agent = PersonBox("agent_", full=False, errors=self.errors)
        self.agent.today = self.today
        self.agent.changed.connect(self._changed)
        guard_wheel(self.agent.document_type)
        layout.addWidget(self.agent)
        relation = form_layout()
        self.agent_relation = QComboBox()
        self.agent_relation.setEditable(True)
        self.agent_relation.addItem("")
        self.agent_relation.addItems(RELATIONS)
        self.agent_relation.currentTextChanged.connect(lambda _t: self._changed())
        self.errors.add_row(relation, self.tr("Relation"), "agent_relation", self.agent_relation)
        self.agent_relation_row = QWidget()
        self.agent_relation_row.setLayout(relation)
        layout.addWidget(self.agent_relation_row)
        self.agent.hide()
        self.agent_relation_row.hide()
        guard_wheel(self.agent_relation, self.guardian_relation)
        self.agent.number_ready.connect(lambda kind, number: self._number_ready("agent", kind, number))
        return frame

    def _materials_card(self) -> QWidget:
        frame, layout = self._card("materials_card", self.tr("Materials handed over"))
        self.materials = MaterialsTable(area=AREA)
        self.materials.changed.connect(self._changed)
        layout.addWidget(self.materials)
        self.materials_error = QLabel()
        self.materials_error.setObjectName(f"{AREA}.materials_error")
        self.materials_error.setStyleSheet(ERROR_STYLE)
        self.materials_error.hide()
        layout.addWidget(self.materials_error)
        return frame

    # -- values ------------------------------------------------------------------------------------------
    def applicant_minor(self) -> bool:
        """Under 16 by the typed number, or (on a correction that keeps the applicant) as recorded."""
        minor = self.applicant.is_minor()
        if minor is None and self.record is not None and not self.applicant.person_input().id_number:
            return self.record.applicant_minor
        return bool(minor)

    def form_input(self) -> ExitEntryInput:
        minor = self.applicant_minor()
        return ExitEntryInput(
            applicant=self.applicant.person_input(),
            document_type=str(self.document_type.currentData()),
            application_type=str(self.application_type.currentData()),
            endorsements=self.endorsements.values() if self._is_permit() else (),
            amend_items=self.amend_items.value(),
            photo_receipt_no=self.photo_receipt_no.text(),
            old_document_no=self.old_document_no.text(),
            guardian=self.guardian.person_input() if minor else None,
            guardian_relation=self.guardian_relation.currentText() if minor else "",
            purpose=self.purpose.text(),
            household_local=self.household_local.isChecked(),
            materials=self.materials.materials(),
            agent=self.agent.person_input() if self.has_agent.isChecked() else None,
            agent_relation=self.agent_relation.currentText() if self.has_agent.isChecked() else "",
        )

    def problems_now(self) -> list[tuple[str, str]]:
        editing = self.record is not None
        found = problems(
            self.form_input(), default_catalog(), today=self.today(), editing=editing,
            applicant_minor=self.applicant_minor() if editing else None,
        )  # fmt: skip
        return [(widget_field(e.field.replace("guardian.", "guardian_")), e.message) for e in found]

    def _is_permit(self) -> bool:
        return str(self.document_type.currentData()) in PERMITS

    # -- the tab's calls ------------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.record is not None and bool(self.record.edit_refusal)

    def new_record(self) -> None:
        self._loading = True
        self.record = None
        self.conflict = None
        self.conflict_frame.hide()
        self.request_id = new_request_id()
        self.document_type.setCurrentIndex(0)
        self.application_type.setCurrentIndex(0)
        self.amend_items.setValue(0)
        for edit in (self.photo_receipt_no, self.old_document_no, self.purpose):
            edit.clear()
        self.household_local.setChecked(True)
        self.endorsements.set_document(str(self.document_type.currentData()))
        self.endorsements.clear()
        self.applicant.clear()
        self.guardian.clear()
        self.has_agent.setChecked(False)
        self.agent.clear()
        self.errors.clear()
        self.materials_error.hide()
        self.endorsements_error.hide()
        self.materials.clear()  # the next applicant has handed over nothing yet
        self.guardian_box.hide()
        self._set_read_only(False)
        self._kind_changed()
        self._loading = False
        self.dirty = False
        self._refresh_state()
        self.document_type.setFocus()
        self.scroll.verticalScrollBar().setValue(0)

    def saved(self, record: ExitEntryRecord) -> None:
        """A saved application as stored, its number large; editable while the desk may still correct it."""
        self._loading = True
        self.record = record
        self.conflict = None
        self.conflict_frame.hide()
        self.errors.clear()
        self.materials_error.hide()
        self.endorsements_error.hide()
        self.document_type.setCurrentIndex(max(self.document_type.findData(record.document_type), 0))
        self._offer_application_types(record.document_type)
        self.application_type.setCurrentIndex(max(self.application_type.findData(record.application_type), 0))
        self.endorsements.set_document(record.document_type)
        self.endorsements.clear()
        for line in record.endorsements:
            self.endorsements.add(line.type, line.tier)
        self.endorsement_card.setVisible(self._is_permit())
        self.photo_receipt_no.setText(record.photo_receipt_no)
        self.old_document_no.setText(record.old_document_no)
        self.purpose.setText(record.purpose)
        self.household_local.setChecked(record.household_local)
        for box, view in (
            (self.applicant, record.applicant),
            (self.guardian, record.guardian),
            (self.agent, record.agent),
        ):
            if view is None:
                box.clear()
            else:
                box.load(document_type_code=view.document_type, masked=view.id_masked, name=view.name,
                         phone=view.phone, address=view.address, household_address=view.household_address,
                         birth_date=view.birth_date, gender=view.gender)  # fmt: skip
        self.guardian_box.setVisible(record.guardian is not None)
        self.guardian_relation.setCurrentText(record.guardian_relation)
        self.agent_relation.setCurrentText(record.agent_relation)
        self.has_agent.setChecked(record.agent is not None)
        self._agent_toggled(record.agent is not None)
        ee = default_catalog().exit_entry
        checklist = overlay(
            materials_for(ee, record.application_type, minor=record.applicant_minor), record.materials
        )
        self.materials.set_materials(checklist, keep_desk_values=False,
                                     notes={m.code: m.note for m in ee.materials if m.note})  # fmt: skip
        self._set_read_only(bool(record.edit_refusal))
        self._loading = False
        self.dirty = False
        self._refresh_state()
        self.scroll.verticalScrollBar().setValue(0)

    def lock(self, reason: str) -> None:
        """The service refused the save because the application can no longer be edited: read only from now on,
        the desk's typing left in view (Esc reads the record back)."""
        if self.record is None:
            return
        self.record = replace(self.record, edit_refusal=reason)
        self._set_read_only(True)
        self._refresh_state()

    def show_conflict(self, current: ExitEntryRecord, message: str) -> None:
        """Another desk saved this application meanwhile: say who and what, keep every edit of this form."""
        self.conflict = current
        self.conflict_frame.show_conflict(message, _differences(self.record, current))
        self._refresh_state()

    def _reload_theirs(self) -> None:
        if self.conflict is not None:
            self.saved(self.conflict)

    def _keep_mine(self) -> None:
        """Save this form's values over the newer record, now that the desk has seen what changed."""
        if self.conflict is None:
            return
        self.record = self.conflict
        self.conflict = None
        self.conflict_frame.hide()
        self._refresh_state()
        self.save_requested.emit()

    def person_found(self, role: str, name: str, phone: str, address: str, household: str) -> None:
        box = {"applicant": self.applicant, "agent": self.agent, "guardian": self.guardian}.get(role)
        if box is not None:
            box.fill_known(name=name, phone=phone, address=address, household_address=household)

    def show_problem(self, field: str, message: str) -> None:
        key = widget_field(field.replace("guardian.", "guardian_"))
        if key == "materials":
            self.materials_error.setText(sentence(message))
            self.materials_error.show()
        elif key == "endorsements":
            self.endorsements_error.setText(sentence(message))
            self.endorsements_error.show()
        elif not self.errors.show(key, message):
            self.save_hint.setStyleSheet(ERROR_STYLE)
            self.save_hint.setText(sentence(message))
        else:
            widget = self.errors.widget(key)
            if widget is not None:
                self.scroll.ensureWidgetVisible(widget)  # the field the message is about, in view

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._refresh_state()

    # -- reactions ----------------------------------------------------------------------------------------
    def _changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.materials_error.hide()
        self.endorsements_error.hide()
        self._refresh_state()
        self.edited.emit()

    def _kind_changed(self) -> None:
        document = str(self.document_type.currentData())
        self._offer_application_types(document)
        application = str(self.application_type.currentData())
        self.endorsements.set_document(document)
        self.endorsement_card.setVisible(self._is_permit())
        set_row_visible(self.amend_items, application == "amend")
        set_row_visible(self.old_document_no, application in ("renewal", "reissue", "amend", "endorsement"))
        self._refresh_materials()
        self._changed()

    def _offer_application_types(self, document: str) -> None:
        """签注 only for the permits, 加注 only for the passport: the others are greyed out in the list."""
        model = self.application_type.model()
        for row in range(self.application_type.count()):
            code = self.application_type.itemData(row)
            allowed = not (code == "endorsement" and document not in PERMITS) and not (
                code == "amend" and document != "passport"
            )
            item = model.item(row) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(allowed)
            if not allowed and self.application_type.currentIndex() == row:
                self.application_type.setCurrentIndex(0)

    def _agent_toggled(self, on: bool) -> None:
        self.agent.setVisible(on)
        self.agent_relation_row.setVisible(on)
        self._changed()

    def _number_ready(self, role: str, kind: str, number: str) -> None:
        if role == "applicant":
            self.guardian_box.setVisible(bool(self.applicant.is_minor()))
            self._refresh_materials()
        self.lookup_requested.emit(role, kind, number)

    def _refresh_materials(self) -> None:
        ee = default_catalog().exit_entry
        minor = self.applicant_minor()
        fresh = materials_for(ee, str(self.application_type.currentData()), minor=minor)
        # set_materials keeps what the desk already ticked and takes the new required flags
        self.materials.set_materials(fresh, notes={m.code: m.note for m in ee.materials if m.note})

    def _show_terms(self) -> None:
        ee = default_catalog().exit_entry
        record = self.record if self.record is not None and not self.dirty else None
        try:
            form = self.form_input()
            lines = (
                list(record.fee_lines)
                if record
                else fee_lines(
                    ee, form.document_type, form.application_type, form.endorsements, form.amend_items
                )
            )
        except ValidationError:
            lines = []
        items = "；".join(
            f"{line.name} {yuan(line.fee_fen)}" + (f" × {line.count}" if line.count > 1 else "")
            for line in lines
        )
        total = record.fee_fen if record else total_fen(lines)
        basis = lines[0].basis if lines else ""
        if lines:  # the fee table's 文号 and the date it applies from, as the catalog records them
            effective = max(line.effective for line in lines)
            basis += f"（{effective.year}年{effective.month}月{effective.day}日起执行）"
        self.fee.setText(
            f"{yuan(total)}" + (f"（{items}）" if items else "") + (f"\n依据：{basis}" if basis else "")
        )
        if (
            self.record is not None
            and self.record.status == "returned"
            and not self.materials.missing_required()
        ):
            pass  # the correction completes the file: the date is counted from the day it is saved (below)
        elif self.record is not None and self.record.status == "returned":
            self.promised.setText(self.tr("Counted from the day the missing materials are brought"))
            return
        elif record is not None and record.promised_date is not None:
            self.promised.setText(record.promised_date.strftime("%Y-%m-%d"))
            return
        if (
            self.record is not None
            and self.record.status != "returned"
            and self.record.promised_date is not None
        ):  # a correction: the date may move
            self.promised.setText(
                self.tr("%1 (recalculated when saved)").replace("%1", f"{self.record.promised_date:%Y-%m-%d}")
            )
            return
        limit = ee.time_limit(local_household=self.household_local.isChecked())
        due = default_calendar().due_date_for(limit, self.today())
        self.promised.setText(
            f"{due.date:%Y-%m-%d} — {limit.legal}" + (f"\n⚠ {due.warning}" if due.warning else "")
        )

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (self.document_type, self.application_type, self.amend_items, self.household_local,
                       self.has_agent, self.guardian_relation, self.agent_relation):  # fmt: skip
            widget.setEnabled(not read_only)
        for edit in (self.photo_receipt_no, self.old_document_no, self.purpose):
            edit.setReadOnly(read_only)
        for box in (self.applicant, self.guardian, self.agent):
            box.set_read_only(read_only)
        self.endorsements.set_read_only(read_only)
        self.materials.set_read_only(read_only)

    def _refresh_state(self) -> None:
        self._show_terms()
        record = self.record
        if record is None:
            self.receipt_no.setText(self.tr("New application"))
            self.status_label.setText(self.tr("The receipt number is given when the application is saved."))
            self.status_label.setStyleSheet(HINT_STYLE)
        else:
            self.receipt_no.setText(record.receipt_no)
            colour = "#c62828" if record.missing else "#2e7d32"
            self.status_label.setStyleSheet(f"color: {colour}; font-size: 15px; font-weight: bold;")
            text = record.status_name + (f"  尚缺：{'、'.join(record.missing)}" if record.missing else "")
            self.status_label.setText(
                text + f"\n{record.created_by_name} 于 {format_local(record.created_at)} 登记"
            )
        found = [] if self.read_only else self.problems_now()
        can_save = not self.busy and not self.read_only and not found and self.conflict is None
        self.save_button.setEnabled(can_save and (self.dirty or record is None))
        self.cancel_button.setEnabled(self.dirty and not self.busy)
        self.print_button.setEnabled(record is not None and not self.dirty and not self.busy)
        self.save_hint.setStyleSheet(HINT_STYLE)
        if self.busy:
            self.save_hint.setText(self.tr("Working…"))
        elif self.read_only and record is not None:
            self.save_hint.setText(sentence(record.edit_refusal))
        elif self.conflict is not None:
            self.save_hint.setText(self.tr("Another desk changed this record: choose above how to go on."))
        elif found and (self.dirty or record is None):
            field, message = found[0]
            if field.startswith("agent_"):
                message = self.tr("Proxy: %1").replace("%1", message)
            elif field.startswith("guardian_"):
                message = self.tr("Guardian: %1").replace("%1", message)
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
        elif record is not None and record.missing:
            self.save_hint.setStyleSheet(WARN_STYLE)
            self.save_hint.setText(
                self.tr("Returned for missing materials: tick what the applicant brought, then save.")
            )
        elif record is not None:
            self.save_hint.setStyleSheet(OK_STYLE)
            self.save_hint.setText(self.tr("Saved. Ctrl+P prints; F2 starts the next application."))
        else:
            self.save_hint.setText(self.tr("Ready to save."))


def _differences(before: ExitEntryRecord | None, after: ExitEntryRecord) -> list[str]:
    """What the other desk changed, in words (ID numbers stay masked)."""
    if before is None:
        return []

    def person(view: PersonView | None) -> str:
        if view is None:
            return "无"
        return f"{view.name} {view.id_masked} {view.phone} {view.address} {view.household_address}".strip()

    def endorsements(record: ExitEntryRecord) -> str:
        return "、".join(f"{e.type_name}{e.tier_name}" for e in record.endorsements)

    def materials(record: ExitEntryRecord) -> str:
        return "、".join(f"{m.name}{'✔' if m.received else '✘'}" for m in record.materials)

    pairs = [
        ("证件种类", before.document_name, after.document_name),
        ("申请类别", before.application_name, after.application_name),
        ("签注", endorsements(before), endorsements(after)),
        ("收费", yuan(before.fee_fen), yuan(after.fee_fen)),
        ("相片回执号", before.photo_receipt_no, after.photo_receipt_no),
        ("原证件号码", before.old_document_no, after.old_document_no),
        ("出境事由", before.purpose, after.purpose),
        ("户籍在本地", "是" if before.household_local else "否", "是" if after.household_local else "否"),
        ("申请人", person(before.applicant), person(after.applicant)),
        ("监护人", person(before.guardian), person(after.guardian)),
        ("代办人", person(before.agent), person(after.agent)),
        ("代办关系", before.agent_relation, after.agent_relation),
        ("材料", materials(before), materials(after)),
        ("状态", before.status_name, after.status_name),
    ]
    return [f"{label}：{old or '（空）'} → {new or '（空）'}" for label, old, new in pairs if old != new]
