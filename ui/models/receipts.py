"""A table model over found acceptance documents (DocumentRow from desktop.services.receipt_search), page by page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.models.rows import RowsModel

if TYPE_CHECKING:
    from desktop.services.receipt_search import DocumentRow


class DocumentsModel(RowsModel):
    COLUMNS = (
        "receipt_no",
        "applicant_name",
        "applicant_id_masked",
        "business_name",
        "status",
        "created_at",
        "copies",
    )

    def __init__(self) -> None:
        super().__init__(
            (
                self.tr("Number"),
                self.tr("Applicant"),
                self.tr("ID number"),
                self.tr("Business"),
                self.tr("Status"),
                self.tr("Accepted"),
                self.tr("Copies"),
            )
        )

    def replace_row(self, row: DocumentRow) -> None:
        """The same record, read again (after a print or a void)."""
        at = self.row_of(row.receipt_no)
        if at >= 0:
            self.replace_at(at, row)

    def document(self, row: int) -> DocumentRow | None:
        return self.row_at(row)

    def last(self) -> DocumentRow | None:
        return self.row_at(self.rowCount() - 1)

    def row_of(self, receipt_no: str) -> int:
        return self.find(lambda r: r.receipt_no == receipt_no)

    def cell(self, row: Any, column: str, role: int) -> object:
        doc = row
        if role == Qt.ItemDataRole.ForegroundRole and doc.voided:
            return QColor("#c62828")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "copies":
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "status":
            return doc.status_name
        if column == "created_at":
            from desktop.clock import format_local

            return format_local(doc.created_at)
        return getattr(doc, column)
