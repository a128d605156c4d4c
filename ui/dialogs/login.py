"""The login dialog. It shows at once; the database opens behind it while the person types.

It only collects the input and shows outcomes: the start flow (ui.start_flow) runs auth.login in the background and
calls `show_failure()` with the service's Chinese message (wrong password, locked account), shown next to the fields.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import APP_TITLE
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, form_layout, heading, line_edit, sentence


class LoginDialog(QDialog):
    """`submitted(username, password, station_code or "")` when the person presses 登录."""

    submitted = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login.dialog")
        self.setWindowTitle(APP_TITLE)
        self.setMinimumWidth(460)
        title = heading(QLabel(APP_TITLE), 22)
        title.setObjectName("login.title")
        self.subtitle = heading(QLabel(), 14, bold=False, colour="#546e7a")
        self.subtitle.setObjectName("login.station_name")

        form = form_layout()
        self.username = line_edit(max_length=32)
        self.username.setObjectName("login.username")
        self.password = line_edit(password=True, max_length=128)
        self.password.setObjectName("login.password")
        self.station = QComboBox()
        self.station.setObjectName("login.station")
        self.station_label = QLabel(self.tr("Station"))
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.station_label, self.station)
        self._show_station(False)

        self.message = QLabel()
        self.message.setObjectName("login.message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.status = QLabel()
        self.status.setObjectName("login.status")
        self.status.setStyleSheet(HINT_STYLE)

        self.submit = QPushButton(self.tr("Log in"))
        self.submit.setObjectName("login.submit")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._submit)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.setObjectName("login.quit")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        layout.addLayout(_centred(title))
        layout.addLayout(_centred(self.subtitle))
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.username.setFocus()

    def _show_station(self, visible: bool) -> None:
        self._station_choice = visible
        self.station.setVisible(visible)
        self.station_label.setVisible(visible)

    def set_stations(self, stations: list[tuple[str, str]]) -> None:
        """Offer a choice only when this desk has no station yet and the database serves several."""
        self.station.clear()
        for code, name in stations:
            self.station.addItem(f"{name}（{code}）", code)
        self._show_station(len(stations) > 1)

    def set_station_name(self, name: str) -> None:
        self.subtitle.setText(name)

    def station_code(self) -> str:
        return str(self.station.currentData() or "") if self._station_choice else ""

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_busy(self, busy: bool) -> None:
        self.submit.setEnabled(not busy)
        self.set_status(self.tr("Checking…") if busy else "")

    def show_failure(self, message: str) -> None:
        """The typed user name stays; the password is cleared so the next try starts clean."""
        self.set_busy(False)
        self.message.setText(sentence(message))
        self.password.clear()
        self.password.setFocus()

    def prefill(self, username: str) -> None:
        self.username.setText(username)
        self.password.setFocus()

    def _submit(self) -> None:
        username = self.username.text().strip()
        if not username:
            self.message.setText(self.tr("Please enter your user name."))
            self.username.setFocus()
            return
        if not self.password.text():
            self.message.setText(self.tr("Please enter your password."))
            self.password.setFocus()
            return
        self.message.clear()
        self.set_busy(True)
        self.submitted.emit(username, self.password.text(), self.station_code())


def _centred(label: QLabel) -> QHBoxLayout:
    """A one-line label in the middle of its row (stretches either side rather than Qt.AlignmentFlag: the Qt
    namespace is not built before this window is painted, see ui/start_flow.py)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label)
    row.addStretch(1)
    return row
