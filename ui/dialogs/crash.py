"""The crash dialog: an unexpected error was logged; tell the person where the log is and offer the details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_TITLE


class CrashDialog(QDialog):
    """Shown by ui.errors.CrashHook after the traceback is in the log file."""

    def __init__(self, log_file: Path, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main.crash")
        self.setWindowTitle(self.tr("{title} — unexpected error").format(title=APP_TITLE))
        self.setMinimumWidth(560)
        message = QLabel(
            self.tr(
                "The program ran into an unexpected error. What you were doing may not have been saved.\n"
                "The details have been written to the log file:\n{path}\n"
                "Please give this file to the station administrator."
            ).format(path=log_file)
        )
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details = QPlainTextEdit(_masked(details))
        self.details.setObjectName("main.crash_details")
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(220)

        buttons = QDialogButtonBox()
        toggle = QPushButton(self.tr("Show details"))
        toggle.setObjectName("main.crash_show_details")
        toggle.setCheckable(True)
        toggle.toggled.connect(self.details.setVisible)
        copy = QPushButton(self.tr("Copy details"))
        copy.setObjectName("main.crash_copy")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.details.toPlainText()))
        close = QPushButton(self.tr("Close"))
        close.setObjectName("main.crash_close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        for button, role in (
            (toggle, QDialogButtonBox.ButtonRole.ActionRole),
            (copy, QDialogButtonBox.ButtonRole.ActionRole),
            (close, QDialogButtonBox.ButtonRole.AcceptRole),
        ):
            buttons.addButton(button, role)

        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details)
        layout.addWidget(buttons)


def _masked(text: str) -> str:
    """The details may be copied into a chat or e-mail: mask ID and phone numbers as the log does."""
    try:
        from desktop.domain.identity import mask_text_for_log
    except ImportError:  # the crash may be in that very module; showing something beats showing nothing
        return text
    return mask_text_for_log(text)
