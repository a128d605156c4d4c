"""A table model over the staff accounts (UserInfo rows from desktop.services.auth.list_users)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from ui.models.rows import RowsModel

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo


class UsersModel(RowsModel):
    COLUMNS = ("username", "display_name", "police_no", "role", "state")

    def __init__(self) -> None:
        super().__init__(
            (
                self.tr("User name"),
                self.tr("Name"),
                self.tr("Police number"),
                self.tr("Role"),
                self.tr("State"),
            )
        )
        self._now: datetime | None = None

    def set_users(self, users: list[UserInfo], now: datetime) -> None:
        self._now = now
        self.set_rows(users)

    def user(self, row: int) -> UserInfo | None:
        return self.row_at(row)

    def row_of(self, username: str) -> int:
        return self.find(lambda u: u.username == username)

    def cell(self, row: Any, column: str, role: int) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "role":
            return row.role_name
        if column == "state":
            return self._state(row)
        return getattr(row, column)

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
