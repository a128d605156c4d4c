"""The parties of a mediation case (当事人): two or more rows, each a role, a person (document and number — optional
for a dispute — name, phone, address) and, when no ID number tells it, the gender.

Each row has its own FieldErrors, keyed like the service's fields with dots as underscores: the service's
`parties.1.name` is the row 1 widget `mediation.parties_1_name`. Removing a row re-numbers the rows after it
(they are built again from their values), so names and service keys always agree with the order on screen.
A recorded party shows the number masked, as in the intake forms; 更正 types it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.documents_id import RESIDENT_ID
from desktop.domain.mediation_rules import MAX_PARTIES, ROLES, PartyInput
from desktop.services.mediation import PartyView
from ui.widgets.form import FieldErrors, form_layout, guard_wheel, heading, keep_height, set_row_visible
from ui.widgets.person_box import PersonBox

AREA = "mediation"
GENDER_CHOICES = (("", "—"), ("male", "男"), ("female", "女"))
GENDER_CODES = {"男": "male", "女": "female"}


@dataclass
class _RowState:
    """What a row holds, to build it again at another position."""

    party: PartyInput
    masked: str = ""
    view: PartyView | None = None


class PartyRow(QFrame):
    changed = Signal()
    remove_requested = Signal(object)  # the row
    number_ready = Signal(object)  # the row: a complete, valid number was typed

    def __init__(self, index: int, today: Callable[[], date]) -> None:
        super().__init__()
        self.index = index
        self.person_id: int | None = None
        self.setObjectName(f"{AREA}.party_{index}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.errors = FieldErrors(AREA)
        p = f"parties_{index}_"
        self.prefix = p
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.title = heading(QLabel(self.tr("Party %1").replace("%1", str(index + 1))), 13)
        top.addWidget(self.title)
        top.addStretch(1)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName(f"{AREA}.{p}remove")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        top.addWidget(self.remove_button)
        layout.addLayout(top)
        form = form_layout()
        self.role = QComboBox()
        for code, name in ROLES.items():
            self.role.addItem(name, code)
        self.errors.add_row(form, self.tr("Role"), f"{p}role", self.role)
        layout.addLayout(form)
        self.person = PersonBox(p, full=True, errors=self.errors)
        self.person.today = today
        set_row_visible(self.person.household_address, False)
        self.person.id_number.setPlaceholderText(self.tr("Optional; checked when given"))
        layout.addWidget(self.person)
        gender_form = form_layout()
        self.gender = QComboBox()
        for code, name in GENDER_CHOICES:
            self.gender.addItem(name, code)
        self.errors.add_row(gender_form, self.tr("Gender"), f"{p}gender", self.gender)
        layout.addLayout(gender_form)
        for widget in (self.role, self.gender):
            keep_height(widget)
            widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
        guard_wheel(self.role, self.gender, self.person.document_type)
        self.person.changed.connect(self.changed.emit)
        self.person.number_ready.connect(lambda _kind, _number: self.number_ready.emit(self))

    def value(self) -> PartyInput:
        typed = self.person.person_input()
        return PartyInput(
            role=str(self.role.currentData()),
            name=typed.name,
            id_number=typed.id_number,
            document_type=typed.document_type,
            phone=typed.phone,
            address=typed.address,
            gender=str(self.gender.currentData() or ""),
            person_id=self.person_id if not typed.id_number else None,
        )

    def state(self) -> _RowState:
        return _RowState(self.value(), self.person.masked(), self._view)

    def load_view(self, view: PartyView) -> None:
        """A recorded party: the number masked until 更正."""
        self._view = view
        self.person_id = view.person_id
        self.role.setCurrentIndex(max(self.role.findData(view.role), 0))
        self.person.load(
            document_type_code=view.document_type, masked=view.id_masked, name=view.name, phone=view.phone,
            address=view.address, household_address="", birth_date=view.birth_date, gender=view.gender,
        )  # fmt: skip
        if not view.id_masked:  # nobody's number recorded: the field is free to fill in
            self.person.clear()
            self.person.name.setText(view.name)
            self.person.phone.setText(view.phone)
            self.person.address.setText(view.address)
            self.person.document_type.setCurrentIndex(max(self.person.document_type.findData(RESIDENT_ID), 0))
        self.gender.setCurrentIndex(max(self.gender.findData(GENDER_CODES.get(view.gender, "")), 0))

    def load_state(self, state: _RowState) -> None:
        """The row as it was at another position: the recorded person kept, the desk's edits on top."""
        party = state.party
        if state.view is not None and state.masked:
            self.load_view(state.view)
        else:
            self._view = state.view
            self.person_id = party.person_id
            index = self.person.document_type.findData(party.document_type)
            self.person.document_type.setCurrentIndex(max(index, 0))
            self.person.id_number.setText(party.id_number)
        self.role.setCurrentIndex(max(self.role.findData(party.role), 0))
        self.person.name.setText(party.name)
        self.person.phone.setText(party.phone)
        self.person.address.setText(party.address)
        self.gender.setCurrentIndex(max(self.gender.findData(party.gender), 0))

    def set_read_only(self, read_only: bool) -> None:
        self.role.setEnabled(not read_only)
        self.gender.setEnabled(not read_only)
        self.person.set_read_only(read_only)
        self.remove_button.setVisible(not read_only)

    _view: PartyView | None = None


class PartyRows(QWidget):
    """The list of party rows with 添加当事人; `changed` on any edit, `number_ready` when a number is complete."""

    changed = Signal()
    number_ready = Signal()

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.rows: list[PartyRow] = []
        self._read_only = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._box = QVBoxLayout()
        self._box.setSpacing(8)
        outer.addLayout(self._box)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add party"))
        self.add_button.setObjectName(f"{AREA}.add_party")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add())
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

    def add(self, state: _RowState | None = None, *, role: str = "") -> PartyRow:
        row = PartyRow(len(self.rows), self.today)
        if state is not None:
            row.load_state(state)
        elif role:
            row.role.setCurrentIndex(max(row.role.findData(role), 0))
        row.changed.connect(self.changed.emit)
        row.remove_requested.connect(self._remove)
        row.number_ready.connect(lambda _row: self.number_ready.emit())
        row.set_read_only(self._read_only)
        self.rows.append(row)
        self._box.addWidget(row)
        self._refresh()
        if state is None and not self._loading:
            row.person.document_type.setFocus()
            self.changed.emit()
        return row

    _loading = False

    def reset(self, views: tuple[PartyView, ...] | None = None) -> None:
        """Two empty rows (申请人, 被申请人) for a new case, or the recorded parties."""
        self._loading = True
        self._clear()
        if views is None:
            self.add(role="applicant")
            self.add(role="respondent")
        else:
            for view in views:
                self.add().load_view(view)
        self._loading = False
        self._refresh()

    def _clear(self) -> None:
        for row in self.rows:  # gone at once: a later row takes the same object names
            self._box.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.rows = []

    def _remove(self, row: PartyRow) -> None:
        states = [r.state() for r in self.rows if r is not row]
        self._loading = True
        self._clear()
        for state in states:
            self.add(state)
        self._loading = False
        self._refresh()
        self.changed.emit()

    def values(self) -> tuple[PartyInput, ...]:
        return tuple(row.value() for row in self.rows)

    def row(self, index: int) -> PartyRow | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def clear_errors(self) -> None:
        for row in self.rows:
            row.errors.clear()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows:
            row.set_read_only(read_only)
        self._refresh()

    def _refresh(self) -> None:
        self.add_button.setEnabled(not self._read_only and len(self.rows) < MAX_PARTIES)
        for row in self.rows:
            row.remove_button.setEnabled(len(self.rows) > 2)
