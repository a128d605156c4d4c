"""A table model over found acceptance documents (DocumentRow from desktop.services.receipt_search), page by page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

if TYPE_CHECKING:
    from desktop.services.receipt_search import DocumentRow

Index = QModelIndex | QPersistentModelIndex


class DocumentsModel(QAbstractTableModel):
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
        super().__init__()
        self._rows: list[DocumentRow] = []
        self._headers = (
            self.tr("Number"),
            self.tr("Applicant"),
            self.tr("ID number"),
            self.tr("Business"),
            self.tr("Status"),
            self.tr("Accepted"),
            self.tr("Copies"),
        )

    def set_rows(self, rows: list[DocumentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: list[DocumentRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def replace_row(self, row: DocumentRow) -> None:
        """The same record, read again (after a print or a void)."""
        at = self.row_of(row.receipt_no)
        if at >= 0:
            self._rows[at] = row
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.COLUMNS) - 1))

    def document(self, row: int) -> DocumentRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def last(self) -> DocumentRow | None:
        return self._rows[-1] if self._rows else None

    def row_of(self, receipt_no: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.receipt_no == receipt_no), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        doc = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
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
