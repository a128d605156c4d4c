"""Add or edit one staff account, and set a temporary password; used by the users dialog.

Edits carry the account's `version`: if another administrator saved first, the service raises ConflictError and the
form stays open with everything typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.services import auth
from desktop.services.core import ROLE_NAMES
from ui.context import DeskContext
from ui.errors import show_error
from ui.widgets.form import FieldErrors, form_layout, line_edit, save_cancel_row, set_read_only
from ui.widgets.password_hint import PasswordHint

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo


class _FormDialog(QDialog):
    """Shared shape: a form with error labels, Save and Cancel, the service call in the background."""

    saved = Signal(object)

    def __init__(self, ctx: DeskContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors("settings")
        self.form = form_layout()
        buttons, self.save_button, _cancel = save_cancel_row(
            self,
            save_text=self.tr("Save"),
            cancel_text=self.tr("Cancel"),
            save_name="settings.user_save",
            cancel_name="settings.user_cancel",
        )
        self.save_button.clicked.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def _password_rows(self) -> None:
        self.password = self.errors.add_row(
            self.form, self.tr("Password"), "password", line_edit(password=True, max_length=128)
        )
        self.repeat = self.errors.add_row(
            self.form, self.tr("Password again"), "password_repeat", line_edit(password=True, max_length=128)
        )
        self.form.addRow(
            "", PasswordHint(self.password, self.repeat, settings=self.ctx.settings, errors=self.errors)
        )

    def _passwords_match(self) -> bool:
        self.errors.clear()
        if self.repeat.text() != self.password.text():
            self.errors.show("password_repeat", self.tr("The two passwords are not the same."))
            return False
        return True

    def _save(self) -> None:
        raise NotImplementedError

    def _run(self, call: object) -> None:
        self.errors.clear()
        self.save_button.setEnabled(False)
        self.ctx.runner.run(call, on_success=self._saved, on_failure=self._failed, widget=self)  # type: ignore[arg-type]

    def _saved(self, user: UserInfo) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(user)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError) and self.errors.show(self._field_of(error), error.message):
            return
        show_error(self, error, saving=True)  # a conflict keeps this form open with the edits

    def _field_of(self, error: ValidationError) -> str:
        """The field the message belongs under (the service names one field for two rules at times)."""
        return error.field


class UserFormDialog(_FormDialog):
    """`user` None: a new account (with its first password); else edit that account."""

    def __init__(self, ctx: DeskContext, user: UserInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.user = user
        self.setObjectName("settings.user_form")
        self.setWindowTitle(self.tr("New account") if user is None else self.tr("Edit account"))
        add = self.errors.add_row
        self.username = add(self.form, self.tr("User name"), "username", line_edit(max_length=32))
        self.display_name = add(self.form, self.tr("Name"), "display_name", line_edit(max_length=50))
        self.police_no = add(self.form, self.tr("Police number"), "police_no", line_edit(max_length=20))
        self.role = QComboBox()
        for key, name in ROLE_NAMES.items():
            self.role.addItem(name, key)
        add(self.form, self.tr("Role"), "role", self.role)
        self.active = QCheckBox(self.tr("Account in use"))
        self.active.setChecked(True)
        if user is None:
            self._password_rows()
        else:
            self.username.setText(user.username)
            set_read_only(self.username)  # the login name is the account's identity
            self.display_name.setText(user.display_name)
            self.police_no.setText(user.police_no)
            self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
            self.active.setChecked(user.is_active)
            add(self.form, self.tr("State"), "is_active", self.active)

    def _field_of(self, error: ValidationError) -> str:
        # auth.update_user says "role" for both "cannot change your own role" and "cannot deactivate yourself":
        # put the message under the field the administrator actually changed.
        if (
            error.field == "role"
            and self.user is not None
            and self.active.isChecked() != self.user.is_active
            and self.role.currentData() == self.user.role
        ):
            return "is_active"
        return error.field

    def _save(self) -> None:
        ctx, actor = self.ctx, self.ctx.actor
        values = {
            "display_name": self.display_name.text(),
            "police_no": self.police_no.text(),
            "role": str(self.role.currentData()),
        }
        if self.user is None:
            if not self._passwords_match():
                return
            username, password = self.username.text(), self.password.text()
            self._run(lambda: auth.add_user(ctx.core, actor, username=username, password=password, **values))
        else:
            user, active = self.user, self.active.isChecked()
            self._run(
                lambda: auth.update_user(
                    ctx.core, actor, user.username, version=user.version, is_active=active, **values
                )
            )


class ResetPasswordDialog(_FormDialog):
    """A temporary password the user must change at the next login; also lifts a lockout."""

    def __init__(self, ctx: DeskContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.user = user
        self.setObjectName("settings.reset_password")
        self.setWindowTitle(self.tr("Reset password of {name}").format(name=user.display_name))
        self._password_rows()

    def _save(self) -> None:
        if not self._passwords_match():
            return
        ctx, username, password = self.ctx, self.user.username, self.password.text()
        self._run(lambda: auth.reset_password(ctx.core, ctx.actor, username, password))
