"""A table model over the staff accounts (UserInfo rows from desktop.services.auth.list_users)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo

Index = QModelIndex | QPersistentModelIndex


class UsersModel(QAbstractTableModel):
    COLUMNS = ("username", "display_name", "police_no", "role", "state")

    def __init__(self) -> None:
        super().__init__()
        self._users: list[UserInfo] = []
        self._now: datetime | None = None
        self._headers = (
            self.tr("User name"),
            self.tr("Name"),
            self.tr("Police number"),
            self.tr("Role"),
            self.tr("State"),
        )

    def set_users(self, users: list[UserInfo], now: datetime) -> None:
        self.beginResetModel()
        self._users, self._now = list(users), now
        self.endResetModel()

    def user(self, row: int) -> UserInfo | None:
        return self._users[row] if 0 <= row < len(self._users) else None

    def row_of(self, username: str) -> int:
        return next((i for i, u in enumerate(self._users) if u.username == username), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        user = self._users[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "role":
            return user.role_name
        if column == "state":
            return self._state(user)
        return getattr(user, column)

    def is_locked(self, user: UserInfo) -> bool:
        """Locked out now (as of the last load): the only case where 解锁 does something."""
        return user.locked_until is not None and self._now is not None and user.locked_until > self._now

    def _state(self, user: UserInfo) -> str:
        from desktop.clock import format_local

        if not user.is_active:
            return self.tr("Disabled")
        if self.is_locked(user):
            return self.tr("Locked until {time}").format(time=format_local(user.locked_until, "%H:%M"))
        if user.must_change_password:
            return self.tr("Must change password")
        return self.tr("Active")
