"""One person of the intake form (the applicant, or the proxy 代办人): document type and number, name, phone,
addresses — each field checking itself as it is typed.

The number is checked when it is complete (18 characters for the ID card types; for the other documents when the
field is left): a wrong check digit or date shows its message under the field at once, a right one shows what
it encodes (birth date, gender, age) and emits `number_ready` so the form can look the person up. An existing
record shows the number masked and read-only; 更正 lets the desk type the whole number again.

Object names: `walkin.<prefix><field>` — `walkin.id_number`, `walkin.name` … for the applicant and
`walkin.agent_id_number`, `walkin.agent_name` … for the proxy (error labels `…_error`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.clock import system_clock
from desktop.domain.documents_id import DOCUMENT_TYPES, RESIDENT_ID, document_type, validate_document
from desktop.domain.identity import normalize_id_number, validate_phone
from desktop.domain.intake_rules import LIMITS, PersonInput, age_on
from desktop.errors import ValidationError
from ui.widgets.form import HINT_STYLE, OK_STYLE, FieldErrors, form_layout, keep_height, set_row_visible

ID_LENGTH = 18
GENDERS = {"male": "男", "female": "女"}


class PersonBox(QWidget):
    number_ready = Signal(str, str)  # document type, normalised number: complete and valid
    changed = Signal()

    def __init__(self, prefix: str = "", *, full: bool = True, errors: FieldErrors | None = None) -> None:
        """`prefix`: "" for the applicant, "agent_" for the proxy; `full`: with addresses (the applicant)."""
        super().__init__()
        self.prefix = prefix
        self.errors = errors or FieldErrors("walkin")
        self._masked = ""  # the recorded number, masked, while it is not being corrected
        self._valid_number = ""
        self._filled: dict[QLineEdit, str] = {}  # field → value a look-up filled in (not typed by the desk)
        self.today = lambda: system_clock().astimezone().date()
        self._build(full)

    # -- building ------------------------------------------------------------------------------------------
    def _build(self, full: bool) -> None:
        form = form_layout()
        form.setContentsMargins(0, 0, 0, 0)
        self.form = form
        p = self.prefix
        self.document_type = QComboBox()
        for kind in DOCUMENT_TYPES:
            self.document_type.addItem(kind.name, kind.code)
        self.document_type.currentIndexChanged.connect(self._type_changed)
        self.errors.add_row(form, self.tr("Document"), f"{p}document_type", self.document_type)
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(32)
        self.id_number.setPlaceholderText(self.tr("18 characters; a lower-case x is fine"))
        self.id_number.editingFinished.connect(self._number_left)
        self.correct = QPushButton(self.tr("Correct"))
        self.correct.setObjectName(f"{self.errors.area}.{p}id_change")
        self.correct.setAutoDefault(False)
        self.correct.setToolTip(self.tr("Type the whole number again"))
        self.correct.clicked.connect(self._start_correction)
        self.correct.hide()
        number_row = QHBoxLayout()
        number_row.setContentsMargins(0, 0, 0, 0)
        number_row.addWidget(self.id_number, 1)
        number_row.addWidget(self.correct)
        self.errors.add_row(form, self.tr("Number"), f"{p}id_number", self.id_number, row=number_row)
        # After add_row: its own textEdited handler clears the field's error, this one may then show a new one.
        self.id_number.textEdited.connect(self._number_edited)
        self.id_info = QLabel()
        self.id_info.setObjectName(f"{self.errors.area}.{p}id_info")
        self.id_info.setStyleSheet(HINT_STYLE)
        form.addRow("", self.id_info)
        self.name = QLineEdit()
        self.name.setMaxLength(LIMITS["name"])
        self.errors.add_row(form, self.tr("Name"), f"{p}name", self.name)
        self.phone = QLineEdit()
        self.phone.setMaxLength(30)
        self.phone.setPlaceholderText(self.tr("Mobile, or landline such as 0759-2123456"))
        self.phone.editingFinished.connect(self._phone_left)
        self.errors.add_row(form, self.tr("Phone"), f"{p}phone", self.phone)
        self.address = QLineEdit()
        self.address.setMaxLength(LIMITS["address"])
        self.household_address = QLineEdit()
        self.household_address.setMaxLength(LIMITS["household_address"])
        if full:
            self.errors.add_row(form, self.tr("Address"), f"{p}address", self.address)
            self.errors.add_row(
                form, self.tr("Household address"), f"{p}household_address", self.household_address
            )
        for edit in (self.name, self.phone, self.address, self.household_address):
            edit.textEdited.connect(lambda _t: self.changed.emit())
        self.setLayout(form)
        for widget in (self.document_type, self.id_number, self.name, self.phone):
            keep_height(widget)

    # -- values ------------------------------------------------------------------------------------------
    def code(self) -> str:
        return str(self.document_type.currentData())

    def masked(self) -> str:
        """The recorded number, masked, while it is not being corrected ("" otherwise)."""
        return self._masked

    def person_input(self) -> PersonInput:
        """What the desk typed; a recorded person not being corrected gives an empty number (keep it)."""
        number = "" if self._masked else self.id_number.text()
        return PersonInput(
            name=self.name.text(),
            id_number=number,
            document_type=self.code(),
            phone=self.phone.text(),
            address=self.address.text(),
            household_address=self.household_address.text(),
        )

    def is_minor(self) -> bool | None:
        """Whether the typed number says under 16 (None: no valid number typed)."""
        if not self._valid_number:
            return None
        try:
            _number, info = validate_document(self.code(), self._valid_number, today=self.today())
        except ValidationError:
            return None
        return info is not None and age_on(info.birth_date, self.today()) < 16

    def clear(self) -> None:
        self._masked = ""
        self._valid_number = ""
        self._filled = {}
        self.document_type.setCurrentIndex(0)
        for edit in (self.id_number, self.name, self.phone, self.address, self.household_address):
            edit.clear()
        self.id_number.setReadOnly(False)
        self.correct.hide()
        self.id_info.clear()
        self._clear_errors()

    def load(
        self,
        *,
        document_type_code: str,
        masked: str,
        name: str,
        phone: str,
        address: str,
        household_address: str,
        birth_date: date | None,
        gender: str,
    ) -> None:
        """Show a recorded person: the number masked and read-only until 更正 is pressed."""
        self.clear()
        index = self.document_type.findData(document_type_code)
        self.document_type.blockSignals(True)
        self.document_type.setCurrentIndex(max(index, 0))
        self.document_type.blockSignals(False)
        self._masked = masked
        self.id_number.setText(masked)
        self.id_number.setReadOnly(True)
        self.document_type.setEnabled(False)
        self.correct.show()
        self.name.setText(name)
        self.phone.setText(phone)
        self.address.setText(address)
        self.household_address.setText(household_address)
        self.id_info.setText(_described(birth_date, gender, self.today()))

    def fill_known(self, *, name: str, phone: str, address: str, household_address: str) -> None:
        """A recorded person's details for a number the desk typed: fills what the desk has not typed yet (and what
        an earlier look-up filled in)."""
        for edit, value in (
            (self.name, name),
            (self.phone, phone),
            (self.address, address),
            (self.household_address, household_address),
        ):
            mine = edit.text().strip() and edit.text() != self._filled.get(edit)
            if value and not mine:
                edit.setText(value)
                self._filled[edit] = value
        self.changed.emit()

    def _forget_filled(self) -> None:
        """The number changed: details a look-up filled in belonged to the person of the old number."""
        for edit, value in self._filled.items():
            if edit.text() == value:
                edit.clear()
        self._filled = {}

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.name, self.phone, self.address, self.household_address):
            edit.setReadOnly(read_only)
        if not self._masked:
            self.id_number.setReadOnly(read_only)
            self.document_type.setEnabled(not read_only)
        self.correct.setEnabled(not read_only)

    def live_problem(self) -> tuple[str, str] | None:
        """The first problem the desk can see now (field, message), checked without the database."""
        p = self.prefix
        if not self._masked:
            try:
                validate_document(self.code(), self.id_number.text(), today=self.today())
            except ValidationError as error:
                return f"{p}id_number", error.message
        if not self.name.text().strip():
            return f"{p}name", "请填写姓名"
        if self.phone.text().strip():
            try:
                validate_phone(self.phone.text())
            except ValidationError as error:
                return f"{p}phone", error.message
        return None

    def set_visible_rows(self, visible: bool) -> None:
        for widget in (self.document_type, self.id_number, self.name, self.phone):
            set_row_visible(widget, visible)

    # -- reactions ----------------------------------------------------------------------------------------
    def _type_changed(self) -> None:
        self._valid_number = ""
        self.id_info.clear()
        self.errors.clear(f"{self.prefix}id_number")
        if self.id_number.text().strip():
            self._check_number(final=True)
        self.changed.emit()

    def _start_correction(self) -> None:
        self._masked = ""
        self.id_number.clear()
        self.id_number.setReadOnly(False)
        self.document_type.setEnabled(True)
        self.correct.hide()
        self.id_info.setText(
            self.tr("Type the whole number again; the person is looked up when it is complete.")
        )
        self.id_number.setFocus()
        self.changed.emit()

    def _number_edited(self, _text: str) -> None:
        if self._filled:
            self._forget_filled()
        self._valid_number = ""
        self._check_number(final=False)
        self.changed.emit()

    def _number_left(self) -> None:
        if not self._masked and self.id_number.text().strip():
            self._check_number(final=True)

    def _phone_left(self) -> None:
        text = self.phone.text().strip()
        if not text:
            return
        try:
            self.phone.setText(validate_phone(text))
        except ValidationError as error:
            self.errors.show(f"{self.prefix}phone", error.message, focus=False)

    def _check_number(self, *, final: bool) -> None:
        field = f"{self.prefix}id_number"
        text = normalize_id_number(self.id_number.text())
        is_id_card = document_type(self.code()).pattern is None
        if not text:
            self.id_info.clear()
            self.errors.clear(field)
            return
        if is_id_card and len(text) < ID_LENGTH and not final:
            self.errors.clear(field)
            self.id_info.setStyleSheet(HINT_STYLE)
            self.id_info.setText(self.tr("%n of 18 characters", "", len(text)))
            return
        try:
            number, info = validate_document(self.code(), text, today=self.today())
        except ValidationError as error:
            self.id_info.clear()
            if self.errors.message(field) != error.message:
                self.errors.show(field, error.message, focus=False)
            return
        self.errors.clear(field)
        self._valid_number = number
        if info is not None:
            self.id_info.setStyleSheet(OK_STYLE)
            self.id_info.setText(_described(info.birth_date, GENDERS[info.gender], self.today()))
        else:
            self.id_info.clear()
        self.number_ready.emit(self.code(), number)

    def _clear_errors(self) -> None:
        p = self.prefix
        for field in ("document_type", "id_number", "name", "phone", "address", "household_address"):
            self.errors.clear(f"{p}{field}")

    @property
    def valid_number(self) -> str:
        return self._valid_number

    @property
    def is_recorded(self) -> bool:
        return bool(self._masked)

    def default_type(self) -> None:
        self.document_type.setCurrentIndex(max(self.document_type.findData(RESIDENT_ID), 0))


def _described(birth: date | None, gender: str, today: date) -> str:
    if birth is None:
        return ""
    parts = [birth.strftime("%Y-%m-%d"), gender, f"{age_on(birth, today)}岁"]
    return " · ".join(p for p in parts if p)
