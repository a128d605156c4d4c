"""The record panel of the 当日审核 tab's 审核 page: one application with all its fields (ID numbers masked), its
materials (missing ones in red), its printed documents, and the officer's actions — 审核通过, 退回补正 with a
reason, 查看完整证件号 (a reason asked for, audited; the number stays on this screen for this login only).

The panel shows what it is handed and emits what the officer asks for; the page runs the service calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import format_local
from ui.tabs.review_board import number_item, table_look, yuan
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, heading, keep_height, sentence
from ui.widgets.model_colours import ModelColours

if TYPE_CHECKING:
    from desktop.services.exit_entry import ExitEntryRecord
    from desktop.services.intake import IntakeRecord, PersonView
    from desktop.services.receipt_search import DocumentRow

AREA = "review"
MISSING_COLOUR = QColor("#c62828")
RECEIVED_COLOUR = QColor("#2e7d32")
REVEALED_STYLE = "color: #bf360c; font-weight: bold;"
WIDE_VALUE = 14  # characters: a longer value takes a line of its own
STATUS_STYLES = {
    "received": "color: #e65100; font-weight: bold;",
    "reviewed": "color: #2e7d32; font-weight: bold;",
    "returned": "color: #c62828; font-weight: bold;",
    "voided": "color: #757575; font-weight: bold;",
}


@dataclass(frozen=True)
class Opened:
    """What the panel shows: the record, its printed documents (None: nothing printed yet), and who may act."""

    record: IntakeRecord | ExitEntryRecord
    kind: str  # walkin | exit_entry
    documents: DocumentRow | None


class DetailPanel(QWidget):
    review_requested = Signal()
    return_requested = Signal(str)  # the reason
    reveal_requested = Signal(str)  # whom: applicant | agent

    def __init__(self, officer: bool) -> None:
        super().__init__()
        self.setObjectName(f"{AREA}.detail")
        self.officer = officer
        self.opened: Opened | None = None
        self.revealed: dict[str, str] = {}  # whom → the full number, for the record shown
        self._busy = False
        self._build()
        self.show_record(None)

    def _build(self) -> None:
        self.number = heading(QLabel(), 18)
        self.number.setObjectName(f"{AREA}.detail_number")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName(f"{AREA}.detail_status")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.number)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        # Two facts a line (label, value, label, value); a long one takes the whole line.
        self.fields = QGridLayout()
        self.fields.setVerticalSpacing(4)
        self.fields.setHorizontalSpacing(10)
        self.fields.setColumnStretch(1, 1)
        self.fields.setColumnStretch(3, 1)
        self._cell = (0, 0)  # where the next fact goes: grid row, pair 0 or 1
        self.materials = QTableWidget(0, 4)
        self.materials.setObjectName(f"{AREA}.materials")
        self.materials.setHorizontalHeaderLabels(
            [self.tr("Material"), self.tr("Form"), self.tr("Copies"), self.tr("Received")]
        )
        table_look(self.materials)
        self.materials.setItemDelegate(ModelColours(self.materials))
        self.printed = QLabel()
        self.printed.setObjectName(f"{AREA}.printed")
        self.printed.setWordWrap(True)
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 8, 0)
        column.addLayout(top)
        column.addLayout(self.fields)
        self.materials_title = heading(QLabel(self.tr("Materials")), 14)
        column.addWidget(self.materials_title)
        column.addWidget(self.materials)
        self.printed_title = heading(QLabel(self.tr("Printed documents")), 14)
        column.addWidget(self.printed_title)
        column.addWidget(self.printed)
        column.addStretch(1)
        self.empty = QLabel(self.tr("Choose a record in the list to see it here."))
        self.empty.setStyleSheet(HINT_STYLE)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.insertWidget(0, self.empty)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)

        self.review_button = QPushButton(self.tr("Reviewed"))
        self.review_button.setObjectName(f"{AREA}.mark_reviewed")
        self.review_button.setToolTip(self.tr("The record is correct and complete: mark it reviewed."))
        self.review_button.clicked.connect(self._review)
        self.return_reason = QLineEdit()
        self.return_reason.setObjectName(f"{AREA}.return_reason")
        self.return_reason.setPlaceholderText(self.tr("What the desk must correct"))
        self.return_reason.setMaxLength(200)
        self.return_reason.textEdited.connect(lambda _t: self.say(""))
        self.return_reason.returnPressed.connect(self._return)
        self.return_button = QPushButton(self.tr("Return for correction"))
        self.return_button.setObjectName(f"{AREA}.return")
        self.return_button.clicked.connect(self._return)
        self.reveal_whom = QComboBox()
        self.reveal_whom.setObjectName(f"{AREA}.reveal_whom")
        self.reveal_whom.addItem(self.tr("Applicant"), "applicant")
        self.reveal_whom.addItem(self.tr("Proxy"), "agent")
        self.reveal_button = QPushButton(self.tr("Show full ID number…"))
        self.reveal_button.setObjectName(f"{AREA}.reveal")
        self.reveal_button.setToolTip(
            self.tr("A reason is required; every look is recorded in the audit trail.")
        )
        self.reveal_button.clicked.connect(
            lambda: self.reveal_requested.emit(str(self.reveal_whom.currentData()))
        )
        for widget in (self.review_button, self.return_reason, self.return_button, self.reveal_whom,
                       self.reveal_button):  # fmt: skip
            keep_height(widget)
        first = QHBoxLayout()
        first.addWidget(self.review_button)
        first.addStretch(1)
        first.addWidget(self.reveal_whom)
        first.addWidget(self.reveal_button)
        second = QHBoxLayout()
        second.addWidget(self.return_reason, 1)
        second.addWidget(self.return_button)
        self.message = QLabel()
        self.message.setObjectName(f"{AREA}.detail_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.message)
        if not self.officer:  # read-only: the actions stay disabled, and out of sight
            for widget in (self.review_button, self.return_reason, self.return_button, self.reveal_whom,
                           self.reveal_button):  # fmt: skip
                widget.hide()
            self.say(self.tr("Read-only. The community officer reviews the records; a returned one is corrected "
                             "on its intake tab."))  # fmt: skip

    # -- messages ------------------------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)

    # -- actions -------------------------------------------------------------------------------------------
    def _review(self) -> None:
        if self.review_button.isEnabled():
            self.review_requested.emit()

    def _return(self) -> None:
        if not self.return_button.isEnabled():
            return
        reason = " ".join(self.return_reason.text().split())
        if not reason:
            self.say(
                self.tr("Type what the desk must correct, then press Return for correction."), error=True
            )
            self.return_reason.setFocus()
            return
        self.return_requested.emit(reason)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        opened = self.opened
        status = opened.record.status if opened is not None else ""
        batched = (
            opened is not None and opened.kind == "exit_entry" and getattr(opened.record, "batch_id", None)
        )
        acting = self.officer and opened is not None and not self._busy
        self.review_button.setEnabled(acting and status == "received")
        returnable = acting and status in ("received", "reviewed") and not batched
        self.return_reason.setEnabled(returnable)
        self.return_button.setEnabled(returnable)
        has_agent = (
            opened is not None and opened.record.agent is not None and bool(opened.record.agent.id_masked)
        )
        self.reveal_whom.setVisible(has_agent and self.officer)
        if not has_agent:
            self.reveal_whom.setCurrentIndex(0)
        has_id = opened is not None and bool(opened.record.applicant.id_masked)
        self.reveal_button.setEnabled(acting and (has_id or has_agent))

    # -- showing -------------------------------------------------------------------------------------------
    def show_record(self, opened: Opened | None, *, keep_reason: bool = False) -> None:
        same = (
            opened is not None
            and self.opened is not None
            and opened.record.application_id == self.opened.record.application_id
        )
        if not same:
            self.revealed = {}
            if self.officer:
                self.say("")
        if not (same and keep_reason):
            self.return_reason.clear()
        self.opened = opened
        while (item := self.fields.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self._cell = (0, 0)
        has = opened is not None
        for widget in (self.number, self.status, self.materials_title, self.materials, self.printed_title,
                       self.printed):  # fmt: skip
            widget.setVisible(has)
        self.empty.setVisible(not has)
        self._update_buttons()
        if opened is None:
            self.number.clear()
            self.materials.setRowCount(0)
            return
        record = opened.record
        self.number.setText(record.receipt_no)
        self.status.setText(record.status_name)
        self.status.setStyleSheet(STATUS_STYLES.get(record.status, "font-weight: bold;"))
        for label, value, name in self._field_rows(opened):
            self._add_field(label, value, name)
        self._show_materials(record)
        self._show_printed(opened)

    def show_revealed(self, whom: str, number: str) -> None:
        self.revealed[whom] = number
        if self.opened is not None:
            self.show_record(self.opened, keep_reason=True)

    def _add_field(self, label: str, value: str, name: str = "") -> None:
        text = QLabel(value or "—")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            text.setObjectName(f"{AREA}.{name}")
        if name.endswith("_id") and name.removesuffix("_id") in self.revealed:
            text.setStyleSheet(REVEALED_STYLE)
            text.setToolTip(
                self.tr("Shown on this screen only, for this login; the look is in the audit trail.")
            )
        caption = QLabel(label)
        caption.setStyleSheet(HINT_STYLE)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row, pair = self._cell
        if len(value) > WIDE_VALUE:
            if pair:
                row, pair = row + 1, 0
            self.fields.addWidget(caption, row, 0)
            self.fields.addWidget(text, row, 1, 1, 3)
            self._cell = (row + 1, 0)
            return
        self.fields.addWidget(caption, row, 2 * pair)
        self.fields.addWidget(text, row, 2 * pair + 1)
        self._cell = (row, 1) if pair == 0 else (row + 1, 0)

    def _person_rows(self, person: PersonView, whom: str, title: str) -> list[tuple[str, str, str]]:
        number = self.revealed.get(whom) or person.id_masked
        document = f"{person.document_type_name} {number}".strip() if number else ""
        facts = "，".join(
            p for p in (person.gender, f"{person.birth_date:%Y-%m-%d}" if person.birth_date else "") if p
        )
        return [
            (title, person.name + (f"（{facts}）" if facts else ""), f"{whom}_name"),
            (self.tr("ID document"), document, f"{whom}_id"),
            (self.tr("Phone"), person.phone, ""),
            (self.tr("Address"), person.address or person.household_address, ""),
        ]

    def _field_rows(self, opened: Opened) -> list[tuple[str, str, str]]:
        record = opened.record
        rows: list[tuple[str, str, str]] = []
        if opened.kind == "exit_entry":
            ee: ExitEntryRecord = record  # type: ignore[assignment]
            rows.append((self.tr("Business"), f"{ee.document_name}（{ee.application_name}）", "business"))
            if ee.endorsements:
                rows.append((self.tr("Endorsements"), "；".join(
                    f"{e.type_name} {e.tier_name} {yuan(e.fee_fen)}" for e in ee.endorsements), ""))  # fmt: skip
        else:
            walkin: IntakeRecord = record  # type: ignore[assignment]
            rows.append((self.tr("Business"), walkin.business_name, "business"))
        rows += self._person_rows(record.applicant, "applicant", self.tr("Applicant"))
        if record.agent is not None:
            rows += self._person_rows(record.agent, "agent", self.tr("Proxy"))
            rows.append((self.tr("Relation"), record.agent_relation, ""))
        if opened.kind == "exit_entry":
            ee = record  # type: ignore[assignment]
            if ee.guardian is not None:
                rows.append((self.tr("Guardian"), f"{ee.guardian.name} {ee.guardian_relation}".strip(), ""))
            rows.append((self.tr("Photo receipt no."), ee.photo_receipt_no, ""))
            if ee.old_document_no:
                rows.append((self.tr("Old document no."), ee.old_document_no, ""))
            rows.append((self.tr("Purpose"), ee.purpose, ""))
        else:
            walkin = record  # type: ignore[assignment]
            if walkin.certificate_kind:
                rows.append((self.tr("Certificate"), _certificate_name(walkin.certificate_kind), ""))
            if walkin.purpose:
                rows.append((self.tr("Purpose"), walkin.purpose, ""))
        rows.append((self.tr("Fee"), self.tr("{amount} yuan").format(amount=yuan(record.fee_fen)), "fee"))
        rows.append(
            (self.tr("Promised by"), f"{record.promised_date:%Y-%m-%d}" if record.promised_date else "", "")
        )
        pickup = self.tr("In person")
        if record.pickup_method == "post":
            pickup = self.tr("By post: {address}").format(address=record.post_address)
        rows.append((self.tr("Pickup"), pickup, ""))
        if record.notes:
            rows.append((self.tr("Notes"), record.notes, ""))
        rows.append((self.tr("Accepted"), f"{format_local(record.created_at)} {record.created_by_name}", ""))
        if record.updated_at != record.created_at:
            rows.append(
                (self.tr("Last changed"), f"{format_local(record.updated_at)} {record.updated_by_name}", "")
            )
        note = getattr(record, "review_note", "")
        if note:
            rows.append((self.tr("Returned because"), note, "review_note"))
        return rows

    def _show_materials(self, record: IntakeRecord | ExitEntryRecord) -> None:
        forms = {"original": self.tr("Original"), "copy": self.tr("Copy")}
        self.materials.setRowCount(len(record.materials))
        for r, material in enumerate(record.materials):
            got = self.tr("Received") if material.received else self.tr("Missing")
            cells = (QTableWidgetItem(material.name), QTableWidgetItem(forms.get(material.form, material.form)),
                     number_item(str(material.count)), QTableWidgetItem(got))  # fmt: skip
            for c, item in enumerate(cells):
                if not material.received:
                    item.setData(Qt.ItemDataRole.ForegroundRole, MISSING_COLOUR)
                elif c == 3:
                    item.setData(Qt.ItemDataRole.ForegroundRole, RECEIVED_COLOUR)
                self.materials.setItem(r, c, item)
        rows = (
            self.materials.verticalHeader().length() + self.materials.horizontalHeader().sizeHint().height()
        )
        self.materials.setFixedHeight(rows + 2 * self.materials.frameWidth() + 2)

    def _show_printed(self, opened: Opened) -> None:
        record, documents = opened.record, opened.documents
        document = self.tr("supplement notice") if record.missing else self.tr("acceptance receipt")
        copies = documents.copies if documents is not None else record.printed_copies
        if copies:
            text = self.tr("%n copy(ies) printed", "", copies) + f"（{document}）"
        else:
            text = self.tr("Nothing printed yet ({document}).").format(document=document)
        if documents is not None and documents.voided:
            text += " " + self.tr("Voided.")
        self.printed.setText(sentence(text))
        self.printed.setStyleSheet(ERROR_STYLE if documents is not None and documents.voided else "")


def _certificate_name(code: str) -> str:
    from desktop.domain.catalog import default_catalog
    from desktop.errors import ValidationError

    try:
        return default_catalog().certificate_kind(code).name
    except ValidationError:
        return code
