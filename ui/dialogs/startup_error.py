"""When the database cannot be opened at start: the core's message and what the person can do about it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import APP_TITLE

RETRY, CHANGE_CONNECTION, QUIT = "retry", "change_connection", "quit"


class StartupErrorDialog(QDialog):
    """`chosen` carries RETRY, CHANGE_CONNECTION or QUIT (closing the window counts as QUIT)."""

    chosen = Signal(str)

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login.startup_error")
        self.setWindowTitle(APP_TITLE)
        self.setMinimumWidth(520)
        heading = QLabel(self.tr("The database cannot be opened."))
        heading.setStyleSheet("font-weight: bold;")
        self.message = QLabel(message)  # the core's Chinese message, e.g. 请升级本机程序
        self.message.setObjectName("login.startup_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, name, choice in (
            (self.tr("Quit"), "login.quit_app", QUIT),
            (self.tr("Change database connection…"), "login.change_connection", CHANGE_CONNECTION),
            (self.tr("Retry"), "login.retry", RETRY),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            if choice == RETRY:
                button.setDefault(True)
                retry = button
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._choice = QUIT
        self._answered = False
        retry.setFocus()

    def _choose(self, choice: str) -> None:
        self._choice = choice
        self.accept()

    def done(self, result: int) -> None:
        super().done(result)
        if not self._answered:  # once: the flow may close this dialog again while acting on the choice
            self._answered = True
            self.chosen.emit(self._choice)
