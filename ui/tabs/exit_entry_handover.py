"""The 出入境受理 tab's 移交 page: tick the accepted applications, make a batch, print its 移交清单, record the
handover to the exit-entry window, and — when the documents come back — mark the batch issued.

Top: applications waiting to be handed over (ticked ones go into the next batch). Bottom: the latest batches
with what has happened to each; the buttons act on the selected batch. Every action is a service call in the
background; a refusal (printed first, already handed over, another desk meanwhile) is said under the buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from desktop.clock import format_local
from desktop.db.idempotency import new_request_id
from desktop.errors import DomainError
from ui.errors import show_error
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, heading, keep_height, sentence

if TYPE_CHECKING:
    from desktop.services.handover import BatchableRow, BatchInfo
    from ui.context import DeskContext
    from ui.tabs.document_printing import DocumentPrinter

AREA = "exit_entry"


class HandoverPage(QWidget):
    def __init__(self, ctx: DeskContext, printer: DocumentPrinter) -> None:
        super().__init__()
        self.ctx, self.printer = ctx, printer
        self.setObjectName(f"{AREA}.handover_page")
        self._request_id = new_request_id()
        self._batches: list[BatchInfo] = []
        self._waiting: list[BatchableRow] = []
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(heading(QLabel(self.tr("Waiting to be handed over")), 15))
        self.waiting = QTableWidget(0, 6)
        self.waiting.setObjectName(f"{AREA}.batchable")
        self.waiting.setHorizontalHeaderLabels(
            [self.tr("Receipt number"), self.tr("Applicant"), self.tr("ID number"), self.tr("Document"),
             self.tr("Application"), self.tr("Materials")]
        )  # fmt: skip
        self._table_look(self.waiting)
        layout.addWidget(self.waiting, 1)
        row = QHBoxLayout()
        self.create_button = QPushButton(self.tr("Make a batch of the ticked applications"))
        self.create_button.setObjectName(f"{AREA}.create_batch")
        self.create_button.clicked.connect(self.create_batch)
        row.addWidget(self.create_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(heading(QLabel(self.tr("Handover batches")), 15))
        self.batches = QTableWidget(0, 5)
        self.batches.setObjectName(f"{AREA}.batches")
        self.batches.setHorizontalHeaderLabels(
            [self.tr("Batch number"), self.tr("Applications"), self.tr("Made"), self.tr("Handed over"),
             self.tr("Documents back")]
        )  # fmt: skip
        self._table_look(self.batches)
        self.batches.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.batches, 1)
        actions = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Print the handover list"))
        self.print_button.setObjectName(f"{AREA}.print_handover")
        self.print_button.clicked.connect(self.print_list)
        self.received_by = QLineEdit()
        self.received_by.setObjectName(f"{AREA}.received_by_name")
        self.received_by.setPlaceholderText(self.tr("Received by (name at the exit-entry window)"))
        self.received_by.setMaxLength(50)
        self.hand_over_button = QPushButton(self.tr("Handed over"))
        self.hand_over_button.setObjectName(f"{AREA}.hand_over")
        self.hand_over_button.clicked.connect(self.hand_over)
        self.issued_button = QPushButton(self.tr("Documents came back"))
        self.issued_button.setObjectName(f"{AREA}.mark_issued")
        self.issued_button.clicked.connect(self.mark_issued)
        for widget in (self.print_button, self.received_by, self.hand_over_button, self.issued_button):
            keep_height(widget)
            actions.addWidget(widget, 1 if widget is self.received_by else 0)
        layout.addLayout(actions)
        single = QHBoxLayout()
        self.single_receipt = QLineEdit()
        self.single_receipt.setObjectName(f"{AREA}.issued_receipt_no")
        self.single_receipt.setPlaceholderText(
            self.tr("One document back on its own: type or scan its receipt")
        )
        self.single_receipt.returnPressed.connect(self.mark_one_issued)
        self.single_button = QPushButton(self.tr("This document came back"))
        self.single_button.setObjectName(f"{AREA}.mark_one_issued")
        self.single_button.clicked.connect(self.mark_one_issued)
        for widget in (self.single_receipt, self.single_button):
            keep_height(widget)
        single.addWidget(self.single_receipt, 1)
        single.addWidget(self.single_button)
        layout.addLayout(single)
        self.message = QLabel()
        self.message.setObjectName(f"{AREA}.handover_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._update_buttons()

    def _table_look(self, table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the numbers keep their full width

    # -- messages ------------------------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)

    def fail(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.say(error.message, error=True)
        else:
            show_error(self, error)

    # -- loading -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from desktop.services.handover import batchable, list_batches

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        self.ctx.runner.run(lambda: (batchable(core, actor, code), list_batches(core, actor, code)),
                            on_success=self._show, on_failure=self.fail, quiet=True, widget=self)  # fmt: skip

    def _show(self, found: tuple[list[BatchableRow], list[BatchInfo]]) -> None:
        self._waiting, batches = found
        selected = self.current_batch()
        self.waiting.setRowCount(len(self._waiting))
        for r, row in enumerate(self._waiting):
            cells = (row.receipt_no, row.applicant_name, row.id_masked, row.document_name, row.application_name,
                     str(row.materials))  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked)  # by default everything waiting goes
                self.waiting.setItem(r, c, item)
        self._batches = batches
        self.batches.setRowCount(len(batches))
        for r, batch in enumerate(batches):
            handed = (
                f"{format_local(batch.handed_over_at)} {batch.received_by_name}"
                if batch.handed_over_at
                else "—"
            )
            cells = (batch.batch_no, str(len(batch.receipt_nos)), format_local(batch.created_at), handed,
                     "✔" if batch.issued else "—")  # fmt: skip
            for c, text in enumerate(cells):
                self.batches.setItem(r, c, QTableWidgetItem(text))
        if selected is not None:
            for r, batch in enumerate(batches):
                if batch.batch_no == selected.batch_no:
                    self.batches.selectRow(r)
        elif batches:
            self.batches.selectRow(0)
        self._update_buttons()

    def current_batch(self) -> BatchInfo | None:
        rows = self.batches.selectionModel().selectedRows() if self.batches.selectionModel() else []
        return self._batches[rows[0].row()] if rows and rows[0].row() < len(self._batches) else None

    def _update_buttons(self) -> None:
        batch = self.current_batch()
        self.create_button.setEnabled(bool(self._waiting))
        self.print_button.setEnabled(batch is not None)
        handed = batch is not None and batch.handed_over_at is not None
        self.hand_over_button.setEnabled(batch is not None and not handed)
        self.received_by.setEnabled(batch is not None and not handed)
        self.issued_button.setEnabled(handed and batch is not None and not batch.issued)

    # -- actions -------------------------------------------------------------------------------------------
    def create_batch(self) -> None:
        from desktop.services.handover import create_batch

        ids = [
            row.application_id
            for r, row in enumerate(self._waiting)
            if (item := self.waiting.item(r, 0)) is not None and item.checkState() == Qt.CheckState.Checked
        ]
        core, actor, code, request_id = self.ctx.core, self.ctx.actor, self.ctx.station.code, self._request_id

        def made(batch: BatchInfo) -> None:
            self._request_id = new_request_id()
            self.say(
                self.tr("Batch %1 made: print its handover list.").replace("%1", batch.batch_no), ok=True
            )
            self.refresh()

        self.ctx.runner.run(lambda: create_batch(core, actor, code, request_id, ids), on_success=made,
                            on_failure=self.fail, widget=self)  # fmt: skip

    def print_list(self) -> None:
        from desktop.services.handover import render_handover

        batch = self.current_batch()
        if batch is None:
            return
        core, actor = self.ctx.core, self.ctx.actor
        self.printer.print(
            batch.batch_no,
            batch.printed,
            after=self.refresh,
            again=self.refresh,
            document=self.tr("Handover list"),
            render=lambda number, layout, reason: render_handover(
                core, actor, number, layout=layout, reason=reason
            ),
        )

    def hand_over(self) -> None:
        from desktop.services.handover import hand_over

        batch = self.current_batch()
        if batch is None:
            return
        name = self.received_by.text()
        core, actor = self.ctx.core, self.ctx.actor

        def done(info: BatchInfo) -> None:
            self.received_by.clear()
            self.say(self.tr("%1 handed over.").replace("%1", info.batch_no), ok=True)
            self.refresh()

        self.ctx.runner.run(lambda: hand_over(core, actor, batch.batch_no, name, version=batch.version),
                            on_success=done, on_failure=self.fail, widget=self)  # fmt: skip

    def mark_issued(self) -> None:
        from desktop.services.handover import mark_issued

        batch = self.current_batch()
        if batch is None:
            return
        core, actor, ids = self.ctx.core, self.ctx.actor, list(batch.application_ids)

        def done(count: int) -> None:
            self.say(self.tr("%n document(s) back: they are on the pickup list.", "", count), ok=True)
            self.refresh()

        self.ctx.runner.run(
            lambda: mark_issued(core, actor, ids), on_success=done, on_failure=self.fail, widget=self
        )

    def mark_one_issued(self) -> None:
        from desktop.services.handover import mark_issued_number

        text = self.single_receipt.text()
        core, actor = self.ctx.core, self.ctx.actor

        def done(number: str) -> None:
            self.single_receipt.clear()
            self.say(self.tr("%1 is back: it is on the pickup list.").replace("%1", number), ok=True)
            self.refresh()

        self.ctx.runner.run(
            lambda: mark_issued_number(core, actor, text), on_success=done, on_failure=self.fail, widget=self
        )
