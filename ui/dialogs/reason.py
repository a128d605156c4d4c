"""Ask for a required reason (a reprint, a void): an editable list of the usual reasons; OK only once one is given.

Opened window-modal with `open()` (no nested event loop); the answer comes back through a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from ui.widgets.form import HINT_STYLE, keep_height, save_cancel_row

MAX_LENGTH = 200  # what printed_document keeps


class ReasonDialog(QDialog):
    chosen = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        prompt: str,
        suggestions: Sequence[str],
        name: str,
        ok_text: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(f"{name}_dialog")
        self.setMinimumWidth(420)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setObjectName(name)
        self.reason.setEditable(True)
        self.reason.addItems(list(suggestions))
        self.reason.setCurrentIndex(-1)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = self.reason.lineEdit()
        edit.setMaxLength(MAX_LENGTH)
        edit.setPlaceholderText(self.tr("Choose or type a reason"))
        keep_height(self.reason)
        hint = QLabel(self.tr("The reason is kept with the record and in the audit trail."))
        hint.setStyleSheet(HINT_STYLE)
        row, self.ok, _cancel = save_cancel_row(
            self, save_text=ok_text, cancel_text=self.tr("Cancel"), save_name=f"{name}_ok",
            cancel_name=f"{name}_cancel",
        )  # fmt: skip
        self.ok.clicked.connect(self._accept)
        self.reason.editTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(hint)
        layout.addLayout(row)
        self._update()

    def text(self) -> str:
        return " ".join(self.reason.currentText().split())

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.text()))

    def _accept(self) -> None:
        if self.text():
            self.accept()
            self.chosen.emit(self.text())


def ask_reason(
    parent: QWidget | None,
    *,
    title: str,
    prompt: str,
    suggestions: Sequence[str],
    name: str,
    ok_text: str,
    on_reason: Callable[[str], None],
) -> ReasonDialog:
    """Open the dialog; `on_reason(text)` runs once the person confirms with a reason (not on cancel)."""
    from PySide6.QtCore import Qt

    dialog = ReasonDialog(
        parent, title=title, prompt=prompt, suggestions=suggestions, name=name, ok_text=ok_text
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.chosen.connect(on_reason)
    dialog.open()
    dialog.reason.setFocus()
    return dialog
