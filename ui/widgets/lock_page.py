"""The lock page that covers the main window: the same user's password unlocks; another user may log in instead."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.form import ERROR_STYLE, HINT_STYLE, card_frame, form_layout, heading, line_edit, sentence


class LockPage(QWidget):
    unlock_requested = Signal(str, str)  # username, password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main.lock_page")
        title = heading(QLabel(self.tr("Screen locked")), 24)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel()
        self.who.setObjectName("main.lock_who")
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who.setWordWrap(True)
        note = QLabel(self.tr("Another staff member may log in here instead (switch user)."))
        note.setStyleSheet(HINT_STYLE)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setWordWrap(True)

        form = form_layout()
        self.username = line_edit(max_length=32)
        self.username.setObjectName("main.lock_username")
        self.password = line_edit(password=True, max_length=128)
        self.password.setObjectName("main.lock_password")
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.message = QLabel()
        self.message.setObjectName("main.lock_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.unlock = QPushButton(self.tr("Unlock"))
        self.unlock.setObjectName("main.unlock")
        self.unlock.setDefault(True)
        self.unlock.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)

        card = card_frame("main.lock_card")
        card.setFixedWidth(440)
        column = QVBoxLayout(card)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(self.who)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.unlock)
        column.addWidget(note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def prepare(self, username: str, display_name: str) -> None:
        self.who.setText(
            self.tr("Locked by {name} ({username}).").format(name=display_name, username=username)
        )
        self.username.setText(username)
        self.password.clear()
        self.message.clear()
        self.unlock.setEnabled(True)
        self.password.setFocus()

    def show_failure(self, message: str) -> None:
        self.unlock.setEnabled(True)
        self.message.setText(sentence(message))
        self.password.clear()
        self.password.setFocus()

    def _submit(self) -> None:
        if not self.unlock.isEnabled():  # Enter pressed again while the check runs
            return
        if not self.username.text().strip() or not self.password.text():
            self.message.setText(self.tr("Please enter the user name and the password."))
            return
        self.message.clear()
        self.unlock.setEnabled(False)
        self.unlock_requested.emit(self.username.text().strip(), self.password.text())
