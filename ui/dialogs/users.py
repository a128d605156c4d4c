"""User management (admin): the accounts in a table; add, edit, unlock, reset password — all through auth.

Every action ends with a line under the table saying what was done (a reset or an unlock changes nothing visible in
the table otherwise). 解锁 is offered only for an account that is locked now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import auth
from ui.context import DeskContext
from ui.dialogs.user_form import ResetPasswordDialog, UserFormDialog
from ui.models.users import UsersModel
from ui.widgets.form import OK_STYLE

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo


class UsersDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settings.users_dialog")
        self.setWindowTitle(self.tr("User management"))
        self.resize(820, 480)
        self.model = UsersModel()
        self.table = QTableView()
        self.table.setObjectName("settings.users")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, self.tr("Add…"), "settings.user_add", self.add_user)
        self.edit_button = self._button(buttons, self.tr("Edit…"), "settings.user_edit", self.edit_user)
        self.unlock_button = self._button(
            buttons, self.tr("Unlock"), "settings.user_unlock", self.unlock_user
        )
        self.reset_button = self._button(
            buttons, self.tr("Reset password…"), "settings.user_reset_password", self.reset_password
        )
        self._button(buttons, self.tr("Refresh"), "settings.user_refresh", self.reload)
        buttons.addStretch(1)
        self._button(buttons, self.tr("Close"), "settings.close", self.accept)
        self.status = QLabel()
        self.status.setObjectName("settings.users_status")
        self.status.setStyleSheet(OK_STYLE)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._update_buttons()
        self.reload()

    def _button(self, row: QHBoxLayout, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.user(rows[0].row()) if rows else None

    def select(self, username: str) -> None:
        row = self.model.row_of(username)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.edit_button, self.reset_button):
            button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and self.model.is_locked(user))

    def reload(self, keep: str | None = None) -> None:
        ctx = self.ctx
        keep = keep or (user.username if (user := self.selected()) else None)
        self.ctx.runner.run(
            lambda: (auth.list_users(ctx.core, ctx.actor), ctx.core.clock()),
            on_success=lambda result: self._loaded(*result, keep=keep),
            widget=self,
        )

    def _loaded(self, users: list[UserInfo], now: object, *, keep: str | None) -> None:
        self.model.set_users(users, now)  # type: ignore[arg-type]
        if keep:
            self.select(keep)
        self._update_buttons()

    def _after_change(self, user: UserInfo, done: str) -> None:
        self.status.setText(done.format(name=user.display_name, username=user.username))
        self.reload(keep=user.username)

    def _open(self, form: UserFormDialog | ResetPasswordDialog, done: str) -> None:
        """`done`: the confirmation for the status line, with {name} and {username}."""
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        form.saved.connect(lambda user: self._after_change(user, done))
        self.status.clear()
        form.open()

    def add_user(self) -> None:
        self._open(
            UserFormDialog(self.ctx, parent=self),
            self.tr("Account {name} ({username}) added; the password must be changed at the first login."),
        )

    def edit_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        self._open(UserFormDialog(self.ctx, user, parent=self), self.tr("Account {name} ({username}) saved."))

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        self._open(
            ResetPasswordDialog(self.ctx, user, parent=self),
            self.tr(
                "Password of {name} ({username}) reset; it must be changed at the next login. "
                "A lockout is lifted as well."
            ),
        )

    def unlock_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        ctx, username = self.ctx, user.username
        done = self.tr("Account {name} ({username}) unlocked; it can log in again.")
        self.status.clear()
        self.unlock_button.setEnabled(False)  # pressed twice before the answer: one unlock
        self.ctx.runner.run(
            lambda: auth.unlock_user(ctx.core, ctx.actor, username),
            on_success=lambda unlocked: self._after_change(unlocked, done),
            on_failure=self._unlock_failed,
            widget=self,
        )

    def _unlock_failed(self, error: BaseException) -> None:
        from ui.errors import show_error

        self._update_buttons()
        show_error(self, error)
