"""The shared shape of our read-only table models: a list of frozen rows, translated headers, one `cell()` per model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Subclasses set COLUMNS (row attribute names), pass the headers, and override `cell` for special columns."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._rows: list[Any] = []
        self._headers = tuple(headers)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def replace_at(self, at: int, row: Any) -> None:
        self._rows[at] = row
        self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.COLUMNS) - 1))

    def row_at(self, at: int) -> Any:
        return self._rows[at] if 0 <= at < len(self._rows) else None

    def find(self, matches: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self._rows) if matches(r)), -1)

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
        return self.cell(self._rows[index.row()], self.COLUMNS[index.column()], role)

    def cell(self, row: Any, column: str, role: int) -> object:
        """What one cell shows; the default is the row's attribute of that name, as text only."""
        return getattr(row, column) if role == Qt.ItemDataRole.DisplayRole else None
