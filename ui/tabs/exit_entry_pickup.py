"""The 出入境受理 tab's 待领取 page: documents back from the exit-entry office, waiting for their owners.

The list shows who to call (phone in full: the desk rings it) and how long each document has waited; past 80
days (the keeping period is 3 months) the row is highlighted. A call is counted with one button. Handing a
document over takes the receipt number (typed, or scanned — the scanner types the QR payload and Enter) and the
applicant's ID number, checked against the record; a proxy's own ID is recorded too. A posted one takes the EMS
tracking number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import DomainError, ValidationError
from ui.errors import show_error
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, heading, keep_height, sentence

if TYPE_CHECKING:
    from desktop.services.handover import PickupRow
    from ui.context import DeskContext

AREA = "exit_entry"
OVERDUE = QColor("#ffcdd2")


class PickupPage(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"{AREA}.pickup_page")
        self._rows: list[PickupRow] = []
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(heading(QLabel(self.tr("Documents waiting to be collected")), 15))
        self.table = QTableWidget(0, 6)
        self.table.setObjectName(f"{AREA}.pending")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Receipt number"), self.tr("Applicant"), self.tr("Phone"), self.tr("Document"),
             self.tr("Days waiting"), self.tr("Calls")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.cellClicked.connect(lambda _r, _c: self._selected())  # also the row already highlighted
        layout.addWidget(self.table, 1)
        self.call_button = QPushButton(self.tr("Called (+1)"))
        self.call_button.setObjectName(f"{AREA}.log_call")
        self.call_button.clicked.connect(self.log_call)
        calls = QHBoxLayout()
        calls.addWidget(self.call_button)
        calls.addStretch(1)
        layout.addLayout(calls)
        form = QFormLayout()
        self.receipt = QLineEdit()
        self.receipt.setObjectName(f"{AREA}.pickup_receipt_no")
        self.receipt.setPlaceholderText(self.tr("Type or scan the receipt"))
        self.id_number = QLineEdit()
        self.id_number.setObjectName(f"{AREA}.pickup_id_number")
        self.id_number.setPlaceholderText(self.tr("The applicant's ID number, from the card shown"))
        self.by_proxy = QCheckBox(self.tr("Collected by a proxy"))
        self.by_proxy.setObjectName(f"{AREA}.pickup_by_proxy")
        self.proxy_name = QLineEdit()
        self.proxy_name.setObjectName(f"{AREA}.pickup_proxy_name")
        self.proxy_id = QLineEdit()
        self.proxy_id.setObjectName(f"{AREA}.pickup_proxy_id_number")
        self.by_proxy.toggled.connect(
            lambda on: (self.proxy_name.setEnabled(on), self.proxy_id.setEnabled(on))
        )
        self.proxy_name.setEnabled(False)
        self.proxy_id.setEnabled(False)
        self.pick_up_button = QPushButton(self.tr("Hand over the document"))
        self.pick_up_button.setObjectName(f"{AREA}.pick_up")
        self.pick_up_button.clicked.connect(self.pick_up)
        self.tracking = QLineEdit()
        self.tracking.setObjectName(f"{AREA}.tracking_no")
        self.tracking.setPlaceholderText(self.tr("EMS tracking number, e.g. EA123456789CN"))
        self.ems_address = QLineEdit()
        self.ems_address.setObjectName(f"{AREA}.ems_address")
        self.ems_address.setMaxLength(200)
        self.ems_address.setPlaceholderText(
            self.tr("Address and addressee (blank: the address the application gave)")
        )
        self.ems_button = QPushButton(self.tr("Sent by EMS"))
        self.ems_button.setObjectName(f"{AREA}.dispatch_ems")
        self.ems_button.clicked.connect(self.dispatch_ems)
        for label, widget in (
            (self.tr("Receipt number"), self.receipt),
            (self.tr("ID number"), self.id_number),
            ("", self.by_proxy),
            (self.tr("Proxy's name"), self.proxy_name),
            (self.tr("Proxy's ID number"), self.proxy_id),
            ("", self.pick_up_button),
            (self.tr("EMS"), self.tracking),
            (self.tr("Post to"), self.ems_address),
            ("", self.ems_button),
        ):
            keep_height(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        # Typing again answers the last refusal: the red line goes; Enter hands over (or posts) as the button does.
        for edit in (
            self.receipt,
            self.id_number,
            self.proxy_name,
            self.proxy_id,
            self.tracking,
            self.ems_address,
        ):
            edit.textEdited.connect(lambda _t: self._clear_error())
        for edit in (self.receipt, self.id_number, self.proxy_name, self.proxy_id):
            edit.returnPressed.connect(self.pick_up)
        self.tracking.returnPressed.connect(self.dispatch_ems)
        self.ems_address.returnPressed.connect(self.dispatch_ems)
        self.message = QLabel()
        self.message.setObjectName(f"{AREA}.pickup_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)
        self._error_shown = error

    _error_shown = False

    def _clear_error(self) -> None:
        if self._error_shown:
            self.say("")

    def fail(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.say(error.message, error=True)
            if isinstance(error, ValidationError) and error.field == "id_number":
                self.id_number.setFocus()
        else:
            show_error(self, error)

    def refresh(self) -> None:
        from desktop.services.handover import pending_pickups

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        self.ctx.runner.run(lambda: pending_pickups(core, actor, code), on_success=self._show, on_failure=self.fail,
                            quiet=True, widget=self)  # fmt: skip

    def _show(self, rows: list[PickupRow]) -> None:
        self._rows = rows
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.receipt_no, row.applicant_name, row.phone, row.document_name, str(row.days_kept),
                     str(row.calls))  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.overdue:
                    item.setBackground(OVERDUE)
                    item.setToolTip(self.tr("Waiting more than 80 days: the keeping period is 3 months."))
                self.table.setItem(r, c, item)

    def _current(self) -> PickupRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows and rows[0].row() < len(self._rows) else None

    def _selected(self) -> None:
        row = self._current()
        if row is not None:
            self.receipt.setText(row.receipt_no)

    def log_call(self) -> None:
        from desktop.services.handover import log_call

        row = self._current()
        if row is None:
            self.say(self.tr("Select a document in the list first."), error=True)
            return
        core, actor = self.ctx.core, self.ctx.actor
        self.ctx.runner.run(lambda: log_call(core, actor, row.application_id),
                            on_success=lambda _n: self.refresh(), on_failure=self.fail, widget=self)  # fmt: skip

    def pick_up(self) -> None:
        from desktop.domain.intake_rules import PersonInput
        from desktop.services.handover import pick_up

        receipt, number = self.receipt.text(), self.id_number.text()
        proxy = (
            PersonInput(name=self.proxy_name.text(), id_number=self.proxy_id.text())
            if self.by_proxy.isChecked()
            else None
        )
        core, actor = self.ctx.core, self.ctx.actor

        def done(receipt_no: str) -> None:
            self.say(self.tr("%1 collected.").replace("%1", receipt_no), ok=True)
            for edit in (self.receipt, self.id_number, self.proxy_name, self.proxy_id):
                edit.clear()
            self.by_proxy.setChecked(False)
            self.refresh()

        self.ctx.runner.run(
            lambda: pick_up(core, actor, receipt, id_number=number, proxy=proxy),
            on_success=done,
            on_failure=self.fail,
            widget=self,
        )

    def dispatch_ems(self) -> None:
        from desktop.services.handover import dispatch_ems

        receipt, tracking, address = self.receipt.text(), self.tracking.text(), self.ems_address.text()
        core, actor = self.ctx.core, self.ctx.actor

        def done(receipt_no: str) -> None:
            self.say(self.tr("%1 sent by EMS.").replace("%1", receipt_no), ok=True)
            self.receipt.clear()
            self.tracking.clear()
            self.ems_address.clear()
            self.refresh()

        self.ctx.runner.run(lambda: dispatch_ems(core, actor, receipt, tracking, address), on_success=done,
                            on_failure=self.fail, widget=self)  # fmt: skip
