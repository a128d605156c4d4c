"""When the database cannot be opened at start: the core's message and what the person can do about it.

For a damaged SQLite file the dialog also offers the restore path: the backups found in the data folder (newest
first), an administrator's name and password (checked against the accounts in the chosen backup), and the command
line that does the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_TITLE

if TYPE_CHECKING:
    from desktop.db.backup import BackupFile

RETRY, CHANGE_CONNECTION, QUIT = "retry", "change_connection", "quit"


class StartupErrorDialog(QDialog):
    """`chosen` carries RETRY, CHANGE_CONNECTION or QUIT (closing the window counts as QUIT);
    `restore_requested(backup path, username, password)` asks the flow to restore (the dialog stays open)."""

    chosen = Signal(str)
    restore_requested = Signal(str, str, str)

    def __init__(
        self,
        message: str,
        parent: QWidget | None = None,
        *,
        backups: Sequence[BackupFile] | None = None,
        command: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("login.startup_error")
        self.setWindowTitle(APP_TITLE)
        self.setMinimumWidth(560)
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
        if backups is not None:
            layout.addWidget(self._restore_box(backups, command))
        layout.addLayout(buttons)
        self._choice = QUIT
        self._answered = False
        retry.setFocus()
        # Wrapped labels make the height depend on the width; a dialog only takes its minimum height by itself,
        # which squeezed the backup list under the form below it.
        width = max(self.sizeHint().width(), 560)
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.setMinimumSize(width, height)
        self.resize(width, height)

    def _restore_box(self, backups: Sequence[BackupFile], command: str) -> QGroupBox:
        box = QGroupBox(self.tr("Restore from a backup"))
        self.backups = QListWidget()
        self.backups.setObjectName("login.backups")
        for backup in backups:
            item = QListWidgetItem(backup.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.backups.addItem(item)
        if backups:
            self.backups.setCurrentRow(0)
        # Up to five rows in view without a scroll bar across (the file name is the row's tooltip).
        rows = max(1, min(len(backups), 5))
        self.backups.ensurePolished()  # the theme's row padding counts in the row height
        row_height = max(self.backups.sizeHintForRow(0), self.fontMetrics().height() + 16)
        self.backups.setMinimumHeight(rows * row_height + 2 * self.backups.frameWidth() + 4)
        self.backups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.username = QLineEdit()
        self.username.setObjectName("login.restore_username")
        self.password = QLineEdit()
        self.password.setObjectName("login.restore_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.restore_message = QLabel()
        self.restore_message.setObjectName("login.restore_message")
        self.restore_message.setWordWrap(True)
        self.restore_message.setStyleSheet("color: #b00020;")
        self.restore = QPushButton(self.tr("Restore from backup"))
        self.restore.setObjectName("login.restore")
        self.restore.setAutoDefault(False)
        self.restore.setEnabled(bool(backups))
        self.restore.clicked.connect(self._request_restore)
        if backups:
            hint = self.tr(
                "Choose a backup (newest first). It is checked before it replaces anything; the damaged file "
                "is kept beside it. An administrator of the station confirms with the password valid in that "
                "backup. Everything saved after the backup was taken is not in it."
            )
        else:
            hint = self.tr("No backup was found in the data folder's backups folder.")
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        cli = QLabel(self.tr("On the command line: %1").replace("%1", command))
        cli.setObjectName("login.restore_command")
        cli.setWordWrap(True)
        cli.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Administrator"), self.username)
        form.addRow(self.tr("Password"), self.password)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore)
        inner = QVBoxLayout(box)
        inner.addWidget(hint_label)
        inner.addWidget(self.backups)
        inner.addLayout(form)
        inner.addWidget(self.restore_message)
        inner.addLayout(row)
        inner.addWidget(cli)
        return box

    def _request_restore(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            self.restore_message.setText(self.tr("Choose a backup first."))
            return
        if not self.username.text().strip() or not self.password.text():
            self.restore_message.setText(self.tr("Enter an administrator's user name and password."))
            return
        self.restore_message.setText(self.tr("Checking and restoring the backup…"))
        self.set_busy(True)
        self.restore_requested.emit(
            str(item.data(Qt.ItemDataRole.UserRole)), self.username.text().strip(), self.password.text()
        )

    def set_busy(self, busy: bool) -> None:
        for widget in (self.restore, self.backups, self.username, self.password):
            widget.setEnabled(not busy)

    def restore_failed(self, message: str) -> None:
        """The backup was refused or the restore failed: nothing was replaced; the reason under the fields."""
        self.set_busy(False)
        self.password.clear()
        self.restore_message.setText(message)

    def close_restored(self) -> None:
        """Restored: the flow goes on to open the database; closing now is not a choice to quit."""
        self._answered = True
        self.accept()

    def _choose(self, choice: str) -> None:
        self._choice = choice
        self.accept()

    def done(self, result: int) -> None:
        super().done(result)
        if not self._answered:  # once: the flow may close this dialog again while acting on the choice
            self._answered = True
            self.chosen.emit(self._choice)
