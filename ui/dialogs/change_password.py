"""Change one's own password; `forced` after an administrator's reset or at first login cannot be skipped.

In forced mode there is no cancel: the only ways out are a valid new password or logging out (back to login).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from ui.errors import show_error
from ui.tasks import TaskRunner
from ui.widgets.form import FieldErrors, form_layout, line_edit, save_cancel_row
from ui.widgets.password_hint import PasswordHint

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo
    from desktop.services.core import Core
    from desktop.services.settings import StationSettings


class ChangePasswordDialog(QDialog):
    changed = Signal(object)  # the updated UserInfo

    def __init__(
        self,
        core: Core,
        user: UserInfo,
        runner: TaskRunner,
        *,
        forced: bool = False,
        settings: StationSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings.change_password")
        self.core, self.user, self.runner, self.forced = core, user, runner, forced
        self.setWindowTitle(self.tr("Change password"))
        self.setMinimumWidth(460)
        self.errors = FieldErrors("settings")
        form = form_layout()
        add = self.errors.add_row
        self.old = add(
            form, self.tr("Current password"), "old_password", line_edit(password=True, max_length=128)
        )
        self.new = add(
            form, self.tr("New password"), "new_password", line_edit(password=True, max_length=128)
        )
        self.repeat = add(
            form, self.tr("New password again"), "password_repeat", line_edit(password=True, max_length=128)
        )
        self.hint = PasswordHint(self.new, self.repeat, settings=settings, errors=self.errors, old=self.old)
        form.addRow("", self.hint)

        layout = QVBoxLayout(self)
        if forced:
            notice = QLabel(
                self.tr("{name}, you must set a new password before you continue.").format(
                    name=user.display_name
                )
            )
            notice.setObjectName("settings.change_password_notice")
            notice.setWordWrap(True)
            layout.addWidget(notice)
        layout.addLayout(form)
        buttons, self.save, self.cancel = save_cancel_row(
            self,
            save_text=self.tr("Change password"),
            cancel_text=self.tr("Log out") if forced else self.tr("Cancel"),
        )
        self.save.clicked.connect(self._save)
        layout.addLayout(buttons)

    def _save(self) -> None:
        self.errors.clear()
        if self.repeat.text() != self.new.text():
            self.errors.show("password_repeat", self.tr("The two passwords are not the same."))
            return
        from desktop.services import auth

        core, old, new, actor = self.core, self.old.text(), self.new.text(), self.user.as_actor()
        self.save.setEnabled(False)
        self.runner.run(
            lambda: auth.change_password(core, actor, old, new),
            on_success=self._changed,
            on_failure=self._failed,
            widget=self,
        )

    def _changed(self, user: UserInfo) -> None:
        self.save.setEnabled(True)
        self.user = user
        self.changed.emit(user)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save.setEnabled(True)
        if isinstance(error, ValidationError) and self.errors.show(error.field, error.message):
            return
        show_error(self, error, saving=True)
