"""Printing an application's document from a tab (受理回执 or 补正材料通知书), the same way in every intake tab.

The first copy goes straight to the print dialog (or the default printer when the desk prints directly); any
later one asks for the reason first (补打). The copy is numbered and recorded by `render_document` in the
service, so a cancelled dialog records nothing; should another desk print it meanwhile, the reason is asked
for then. "Print to file (PDF)" gets the document itself (ui.printing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.errors import ValidationError
from ui import printing
from ui.dialogs.reason import ask_reason

if TYPE_CHECKING:
    from desktop.services.receipts import PrintedCopy
    from ui.context import DeskContext

LAYOUTS = (("A4", "A4"), ("A5", "A5"), ("roll80", "80 mm"))
Deliver = Callable[["PrintedCopy"], str]
Render = Callable[[str, str, str], "PrintedCopy"]  # (number, layout, reason) → the recorded copy


class PrintOptions(QWidget):
    """The paper (A4 / A5 / 80 mm roll) and "print straight to the default printer", remembered per desk and
    shared by every tab that prints (回执管理 keeps the same direct-print setting)."""

    def __init__(self, settings: QSettings, area: str) -> None:
        super().__init__()
        self._settings = settings
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("Paper")))
        self.layout_choice = QComboBox()
        self.layout_choice.setObjectName(f"{area}.layout")
        for code, text in LAYOUTS:
            self.layout_choice.addItem(text, code)
        self.layout_choice.setCurrentIndex(
            max(self.layout_choice.findData(settings.value("print/layout", "A4")), 0)
        )
        self.layout_choice.currentIndexChanged.connect(
            lambda _i: settings.setValue("print/layout", self.layout_choice.currentData())
        )
        self.layout_choice.setMinimumWidth(120)
        row.addWidget(self.layout_choice)
        self.direct_print = QCheckBox(self.tr("Print straight to the default printer"))
        self.direct_print.setObjectName(f"{area}.direct_print")
        self.direct_print.setChecked(settings.value("receipts/direct_print", False, type=bool))
        self.direct_print.toggled.connect(lambda on: settings.setValue("receipts/direct_print", on))
        row.addWidget(self.direct_print)

    def layout_code(self) -> str:
        return str(self.layout_choice.currentData())

    def direct(self) -> bool:
        return self.direct_print.isChecked()


class DocumentPrinter(QObject):
    def __init__(
        self,
        owner: QWidget,
        ctx: DeskContext,
        area: str,
        *,
        options: PrintOptions,
        say: Callable[..., None],
        fail: Callable[[BaseException], None],
    ) -> None:
        super().__init__(owner)
        self.owner, self.ctx, self.area = owner, ctx, area
        self._layout, self._direct, self._say, self._fail = options.layout_code, options.direct, say, fail
        self._render_copy: Render = self._application_document

    def print(
        self,
        number: str,
        copies_before: int,
        *,
        after: Callable[[], None],
        again: Callable[[], None],
        render: Render | None = None,
        document: str = "",
    ) -> None:
        """Print `number`'s document; `after` runs once a copy is out, `again` re-reads the record and prints
        again (when another desk printed it meanwhile, so that this copy becomes a reprint). `render(number,
        layout, reason)` makes and records the copy: an application's receipt or notice unless told otherwise."""
        self._render_copy = render or self._application_document
        self._document = document  # what is printed, by name: the dialog's title and the PDF's file name
        if copies_before == 0:
            self._choose_output(number, "", after, again)
            return
        ask_reason(
            self.owner,
            title=self.tr("Reprint"),
            prompt=self.tr(
                "%1 has been printed before. The new copy is marked as a reprint with its copy number. Why is it "
                "reprinted?"
            ).replace("%1", number),
            suggestions=(
                self.tr("The original was lost"),
                self.tr("Paper jam or unreadable print"),
                # only an application's document turns from a notice into a receipt
                *(
                    (self.tr("The materials were completed: the receipt replaces the notice"),)
                    if render is None
                    else ()
                ),
            ),
            name=f"{self.area}.reprint_reason",
            ok_text=self.tr("Reprint"),
            on_reason=lambda reason: self._choose_output(number, reason, after, again),
        )

    _document = ""

    def _choose_output(
        self, number: str, reason: str, after: Callable[[], None], again: Callable[[], None]
    ) -> None:
        if self._direct():
            printer = printing.default_printer()
            if printer is None:
                self._say(self.tr("This computer has no default printer. Untick direct printing to choose one."),
                          error=True)  # fmt: skip
                return
            self._render(number, reason, self._to_printer(printer), after, again)
            return
        printer = printing.new_printer()
        name = f"{self._document}_{number}" if self._document else number
        printer.setDocName(name)  # the print queue's name, and the file name offered for a PDF
        dialog = QPrintDialog(printer, self.owner)
        dialog.setObjectName(f"{self.area}.print_dialog")
        if self._document:
            dialog.setWindowTitle(self.tr("Print %1").replace("%1", f"{self._document} {number}"))
        dialog.accepted.connect(lambda: self._render(number, reason, self._to_printer(printer), after, again))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _to_printer(self, printer: QPrinter) -> Deliver:
        def deliver(copy: PrintedCopy) -> str:
            printing.print_pdf(copy.pdf, printer)
            return (
                self.tr("%1: copy %2 sent to the printer.")
                .replace("%1", copy.number)
                .replace("%2", str(copy.copy_no))
            )

        return deliver

    def _application_document(self, number: str, layout: str, reason: str) -> PrintedCopy:
        from desktop.services import receipts

        return receipts.render_document(self.ctx.core, self.ctx.actor, number, layout=layout, reason=reason)

    def _render(
        self, number: str, reason: str, deliver: Deliver, after: Callable[[], None], again: Callable[[], None]
    ) -> None:
        layout, render = self._layout(), self._render_copy

        def done(copy: PrintedCopy) -> None:
            try:
                said = deliver(copy)
            except OSError as exc:  # the printer or the disk: the copy is recorded, say so
                self._say(
                    self.tr("Copy %1 of %2 is recorded but could not be output: %3")
                    .replace("%1", str(copy.copy_no))
                    .replace("%2", copy.number)
                    .replace("%3", exc.strerror or str(exc)),
                    error=True,
                )
            else:
                self._say(said, ok=not copy.voided, error=copy.voided)
            after()

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError) and error.field == "reprint_reason" and not reason:
                again()  # printed at another desk meanwhile: this copy is a reprint after all
                return
            self._fail(error)

        self.ctx.runner.run(lambda: render(number, layout, reason), on_success=done, on_failure=failed)
