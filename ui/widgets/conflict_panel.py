"""The orange panel a form shows when another desk saved the same record meanwhile: who, when, what they
changed (in words, ID numbers masked), and the two ways on — load theirs, or save mine over theirs. The form
keeps every edit until the desk chooses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.form import sentence


class ConflictPanel(QFrame):
    reload_requested = Signal()  # discard my changes and load theirs
    keep_requested = Signal()  # save my changes over theirs

    def __init__(self, area: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{area}.conflict")
        self.setStyleSheet(
            f"QFrame#{area}\\.conflict {{ background: #fff3e0; border: 1px solid #ffb74d; border-radius: 6px; }}"
        )
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setObjectName(f"{area}.conflict_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        self.reload_button = QPushButton(self.tr("Discard my changes and load theirs"))
        self.reload_button.setObjectName(f"{area}.conflict_reload")
        self.keep_button = QPushButton(self.tr("Save my changes over theirs"))
        self.keep_button.setObjectName(f"{area}.conflict_keep")
        buttons.addStretch(1)
        for button, signal in (
            (self.reload_button, self.reload_requested),
            (self.keep_button, self.keep_requested),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.hide()

    def show_conflict(self, message: str, changes: list[str]) -> None:
        text = sentence(message)
        if changes:
            text += "\n" + self.tr("Changed by them:") + "\n" + "\n".join(f"· {c}" for c in changes)
        self.text.setText(text)
        self.show()
