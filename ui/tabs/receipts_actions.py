"""The receipts tab's recorded actions: print, save as PDF, void.

Printing and saving both go through `render_document`, which numbers the copy and records it (SHA-256, layout,
user) — a saved PDF is a copy like a printed one. The first copy needs no reason; any later one (补打) does, and
is asked for before anything is rendered. Should another desk print the same document meanwhile, the service
refuses the reasonless copy and the reason is asked for then. The printer (dialog or default printer) and the
file name are chosen before the copy is recorded, so a cancelled dialog records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog

from desktop.errors import ValidationError
from ui import printing
from ui.dialogs.reason import ask_reason

if TYPE_CHECKING:
    from desktop.services.receipt_search import DocumentRow
    from desktop.services.receipts import PrintedCopy
    from ui.tabs.receipts import ReceiptsTab

Deliver = Callable[["PrintedCopy"], str]  # puts the copy on paper or disk; returns what to tell the user


class ReceiptActions(QObject):
    def __init__(self, tab: ReceiptsTab) -> None:
        super().__init__(tab)
        self.tab = tab

    # -- print -------------------------------------------------------------------------------------------
    def print_current(self) -> None:
        doc = self._selected()
        if doc is not None:
            self._with_reason(doc, lambda reason: self._choose_printer(doc, reason))

    def _choose_printer(self, doc: DocumentRow, reason: str) -> None:
        tab = self.tab
        if tab.direct_print.isChecked():
            printer = printing.default_printer()
            if printer is None:
                tab.say(self.tr("This computer has no default printer. Untick direct printing to choose one."),
                        error=True)  # fmt: skip
                return
            self._render(doc, reason, self._printer_delivery(printer))
            return
        printer = printing.new_printer()
        dialog = QPrintDialog(printer, tab)
        dialog.setObjectName("receipts.print_dialog")
        dialog.accepted.connect(lambda: self._render(doc, reason, self._printer_delivery(printer)))
        # QPrintDialog.open() in PySide6 only exists as open(receiver, member): show it window-modal instead.
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _printer_delivery(self, printer: QPrinter) -> Deliver:
        def deliver(copy: PrintedCopy) -> str:
            printing.print_pdf(copy.pdf, printer)
            return self.tr("{number}: copy {copy} sent to the printer.").format(
                number=copy.number, copy=copy.copy_no
            )

        return deliver

    # -- save --------------------------------------------------------------------------------------------
    def save_current(self) -> None:
        doc = self._selected()
        if doc is not None:
            self._with_reason(doc, lambda reason: self._choose_file(doc, reason))

    def _choose_file(self, doc: DocumentRow, reason: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self.tab, self.tr("Save as PDF"), str(Path(folder) / f"{doc.receipt_no}.pdf"))
        dialog.setObjectName("receipts.save_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda name: self.save_to(doc, reason, Path(name)))
        dialog.open()

    def save_to(self, doc: DocumentRow, reason: str, path: Path) -> None:
        def deliver(copy: PrintedCopy) -> str:
            path.write_bytes(copy.pdf)
            return self.tr("{number}: copy {copy} saved to {path}.").format(
                number=copy.number, copy=copy.copy_no, path=path
            )

        self._render(doc, reason, deliver)

    # -- shared ------------------------------------------------------------------------------------------
    def _selected(self) -> DocumentRow | None:
        doc = self.tab.current()
        if doc is None:
            self.tab.say(self.tr("Select a record in the list first."), error=True)
        return doc

    def _with_reason(self, doc: DocumentRow, go: Callable[[str], None]) -> None:
        """The first copy goes straight on; a reprint asks why."""
        if doc.copies == 0:
            go("")
        else:
            self._ask_reprint_reason(doc, go)

    def _ask_reprint_reason(self, doc: DocumentRow, go: Callable[[str], None]) -> None:
        ask_reason(
            self.tab,
            title=self.tr("Reprint"),
            prompt=self.tr(
                "{number} has been printed {copies} time(s). The new copy is marked as a reprint with its copy "
                "number. Why is it reprinted?"
            ).format(number=doc.receipt_no, copies=max(doc.copies, 1)),
            suggestions=(
                self.tr("The original was lost"),
                self.tr("Paper jam or unreadable print"),
                self.tr("The resident asked for another copy"),
            ),
            name="receipts.reprint_reason",
            ok_text=self.tr("Reprint"),
            on_reason=go,
        )

    def _render(self, doc: DocumentRow, reason: str, deliver: Deliver) -> None:
        from desktop.services import receipts

        tab = self.tab
        core, actor, layout, number = tab.ctx.core, tab.ctx.actor, tab.layout_code(), doc.receipt_no

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError) and error.field == "reprint_reason" and not reason:
                # Someone printed it in the meantime: this copy is a reprint after all.
                self._ask_reprint_reason(doc, lambda r: self._render(doc, r, deliver))
                return
            tab.fail(error)

        tab.ctx.runner.run(
            lambda: receipts.render_document(core, actor, number, layout=layout, reason=reason),
            on_success=lambda copy: self._deliver(copy, deliver),
            on_failure=failed,
            widget=tab,
        )

    def _deliver(self, copy: PrintedCopy, deliver: Deliver) -> None:
        try:
            said = deliver(copy)
        except OSError as exc:  # the printer or the disk, not the program: the copy is recorded, say so
            self.tab.say(
                self.tr("Copy {copy} of {number} is recorded but could not be output: {reason}").format(
                    copy=copy.copy_no, number=copy.number, reason=exc.strerror or str(exc)
                ),
                error=True,
            )
        else:
            if copy.voided:
                said += " " + self.tr("It is marked VOID and is not valid as a receipt.")
            self.tab.say(said, ok=not copy.voided, error=copy.voided)
        self.tab.refresh_row(copy.number)

    # -- void --------------------------------------------------------------------------------------------
    def void_current(self) -> None:
        doc = self._selected()
        if doc is None or not self.tab.void_button.isVisible():
            return
        ask_reason(
            self.tab,
            title=self.tr("Void"),
            prompt=self.tr(
                "Void {number} ({name})? The application and every printed copy become void; any further "
                "copy prints with a VOID watermark."
            ).format(number=doc.receipt_no, name=doc.applicant_name),
            suggestions=(
                self.tr("Entered by mistake"),
                self.tr("The resident withdrew the application"),
                self.tr("Accepted twice"),
            ),
            name="receipts.void_reason",
            ok_text=self.tr("Void"),
            on_reason=lambda reason: self._void(doc, reason),
        )

    def _void(self, doc: DocumentRow, reason: str) -> None:
        from desktop.services import receipts

        tab = self.tab
        core, actor, number, version = tab.ctx.core, tab.ctx.actor, doc.receipt_no, doc.version

        def done(copies: int) -> None:
            tab.say(
                self.tr("{number} is void; {copies} printed copies voided with it.").format(
                    number=number, copies=copies
                ),
                ok=True,
            )
            tab.refresh_row(number)

        tab.ctx.runner.run(
            lambda: receipts.void_document(core, actor, number, reason, version=version),
            on_success=done,
            on_failure=tab.fail,
            widget=tab,
        )
