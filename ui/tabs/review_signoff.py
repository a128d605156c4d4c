"""The sign-off dialog of the 当日审核 tab: what is being signed (the day's figures in one paragraph), the officer's
password again, an optional comment for the 日报. The tab runs the sign-off; a wrong password or a refusal is
shown here and the dialog stays open with the comment kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ui.tabs.review_board import yuan
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, form_layout, keep_height, save_cancel_row, sentence

if TYPE_CHECKING:
    from desktop.services.day_board import DayBoard

AREA = "review"
COMMENT_LIMIT = 500  # what desktop.services.review keeps


class SignoffDialog(QDialog):
    submitted = Signal(str, str)  # password, comment

    def __init__(self, parent: QWidget | None, board: DayBoard, exceptions: int) -> None:
        super().__init__(parent)
        self.setObjectName(f"{AREA}.signoff_dialog")
        self.setWindowTitle(self.tr("Sign off the day"))
        self.setMinimumWidth(480)
        summary = QLabel(
            self.tr(
                "Signing off {day}: {total} application(s), fees {fees} yuan, {voided} voided, {exceptions} "
                "exception(s). The figures are frozen into the daily report and the day is locked: desks can no "
                "longer change its records."
            ).format(
                day=f"{board.day:%Y-%m-%d}",
                total=board.total,
                fees=yuan(board.fees.total_fen),
                voided=len(board.fees.voided),
                exceptions=exceptions,
            )
        )
        summary.setObjectName(f"{AREA}.signoff_summary")
        summary.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName(f"{AREA}.signoff_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Your login password"))
        self.password.textEdited.connect(lambda _t: self.show_error(""))
        keep_height(self.password)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName(f"{AREA}.signoff_comment")
        self.comment.setPlaceholderText(self.tr("Optional: printed on the daily report"))
        self.comment.setFixedHeight(90)
        self.error = QLabel()
        self.error.setObjectName(f"{AREA}.signoff_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form = form_layout()
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Comment"), self.comment)
        hint = QLabel(self.tr("After signing off, print the daily report."))
        hint.setStyleSheet(HINT_STYLE)
        row, self.ok, self.cancel = save_cancel_row(
            self, save_text=self.tr("Sign off"), cancel_text=self.tr("Cancel"), save_name=f"{AREA}.signoff_ok",
            cancel_name=f"{AREA}.signoff_cancel",
        )  # fmt: skip
        self.ok.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addLayout(row)
        self.password.setFocus()

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        if not self.password.text():
            self.show_error(self.tr("Type your password to sign off."))
            self.password.setFocus()
            return
        comment = self.comment.toPlainText().strip()
        if len(comment) > COMMENT_LIMIT:
            self.show_error(
                self.tr("The comment is too long (at most {n} characters).").format(n=COMMENT_LIMIT)
            )
            return
        self.set_busy(True)
        self.submitted.emit(self.password.text(), comment)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.ok, self.password, self.comment):
            widget.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.error.setText(sentence(text))
        self.error.setVisible(bool(text))

    def refused(self, text: str, *, password: bool) -> None:
        """The sign-off failed: say why; a wrong password is cleared for the next try."""
        self.set_busy(False)
        self.show_error(text)
        if password:
            self.password.clear()
            self.password.setFocus()
