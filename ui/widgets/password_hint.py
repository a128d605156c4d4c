"""A live hint under a new-password field: the policy while empty, the core's own verdict while typing.

The hint never contradicts the form: while a red error is shown under one of its fields it stays out of sight (the
error speaks), and it comes back as soon as the person edits that field again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit

from ui.widgets.form import HINT_STYLE, OK_STYLE, FieldErrors, sentence, set_row_visible

if TYPE_CHECKING:
    from desktop.services.settings import StationSettings

WARN_STYLE = "color: #e65100; font-size: 12px;"


class PasswordHint(QLabel):
    """Checks with desktop.services.auth.check_password_policy so the hint and the service never disagree.

    `old` (the current password, when changing one's own) adds the service's other rule: the new one must differ.
    """

    def __init__(
        self,
        password: QLineEdit,
        repeat: QLineEdit | None = None,
        *,
        settings: StationSettings | None = None,
        errors: FieldErrors | None = None,
        old: QLineEdit | None = None,
        object_name: str = "settings.password_hint",
    ) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self._password = password
        self._repeat = repeat
        self._old = old
        self._settings = settings
        self._errors = errors
        for edit in (password, repeat, old):
            if edit is not None:
                edit.textChanged.connect(self.refresh)
        if errors is not None:
            errors.on_change(self.refresh)
        self.refresh()

    def set_settings(self, settings: StationSettings) -> None:
        self._settings = settings
        self.refresh()

    def refresh(self) -> None:
        errors = self._errors
        speaking = errors is not None and any(
            errors.showing_for(edit) for edit in (self._password, self._repeat) if edit is not None
        )
        set_row_visible(self, not speaking)
        if not speaking:
            self._set(*self._verdict())

    def _verdict(self) -> tuple[str, str]:
        from desktop.errors import ValidationError
        from desktop.services.auth import check_password_policy
        from desktop.services.settings import StationSettings

        settings = self._settings or StationSettings()
        password = self._password.text()
        if not password:
            text = self.tr(
                "At least {n} characters, with at least three of: upper-case letters, lower-case letters, "
                "digits, symbols."
            ).format(n=settings.password_min_length)
            return text, HINT_STYLE
        try:
            check_password_policy(password, settings)
        except ValidationError as exc:
            return sentence(exc.message), WARN_STYLE  # the core's Chinese message
        if self._old is not None and self._old.text() and self._old.text() == password:
            return self.tr("The new password must differ from the current one."), WARN_STYLE
        if self._repeat is not None and self._repeat.text() and self._repeat.text() != password:
            return self.tr("The two passwords are not the same."), WARN_STYLE
        return self.tr("✔ The password meets the policy."), OK_STYLE

    def _set(self, text: str, style: str) -> None:
        self.setText(text)
        self.setStyleSheet(style)
