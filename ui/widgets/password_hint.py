"""A live hint under a new-password field: the policy while empty, the core's own verdict while typing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit

from ui.widgets.form import HINT_STYLE, OK_STYLE

if TYPE_CHECKING:
    from desktop.services.settings import StationSettings

WARN_STYLE = "color: #e65100; font-size: 12px;"


class PasswordHint(QLabel):
    """Checks with desktop.services.auth.check_password_policy so the hint and the service never disagree."""

    def __init__(
        self,
        password: QLineEdit,
        repeat: QLineEdit | None = None,
        *,
        settings: StationSettings | None = None,
        object_name: str = "settings.password_hint",
    ) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self._password = password
        self._repeat = repeat
        self._settings = settings
        password.textChanged.connect(self.refresh)
        if repeat is not None:
            repeat.textChanged.connect(self.refresh)
        self.refresh()

    def set_settings(self, settings: StationSettings) -> None:
        self._settings = settings
        self.refresh()

    def refresh(self) -> None:
        from desktop.errors import ValidationError
        from desktop.services.auth import check_password_policy
        from desktop.services.settings import StationSettings

        settings = self._settings or StationSettings()
        password = self._password.text()
        if not password:
            self._set(
                self.tr(
                    "At least {n} characters, with at least three of: upper-case letters, lower-case letters, "
                    "digits, symbols."
                ).format(n=settings.password_min_length),
                HINT_STYLE,
            )
            return
        try:
            check_password_policy(password, settings)
        except ValidationError as exc:
            self._set(exc.message, WARN_STYLE)  # the core's Chinese message, shown as it is
            return
        if self._repeat is not None and self._repeat.text() and self._repeat.text() != password:
            self._set(self.tr("The two passwords are not the same."), WARN_STYLE)
        else:
            self._set(self.tr("✔ The password meets the policy."), OK_STYLE)

    def _set(self, text: str, style: str) -> None:
        self.setText(text)
        self.setStyleSheet(style)
