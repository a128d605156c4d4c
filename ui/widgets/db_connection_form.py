"""The database connection form shared by the first-run wizard and the 数据库连接 settings dialog.

单机: the SQLite file in the data folder (the default). 联网: PostgreSQL on the station server; the password goes
into libpq's password file (desktop.db.pgpass), never into config.toml.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.config import DeskConfig, database_url
from desktop.paths import AppPaths
from ui.db_probe import ProbeResult, probe, with_password
from ui.tasks import TaskRunner
from ui.widgets.form import (
    ERROR_STYLE,
    HINT_STYLE,
    OK_STYLE,
    FieldErrors,
    form_layout,
    keep_height,
    line_edit,
)

DEFAULT_PORT = 5432
DEFAULT_NAME = "microstation"


def uses_custom_data_dir(paths: AppPaths) -> bool:
    """True when the program was started with --data-dir: then nothing may go to the user's standard folders."""
    return paths.custom


class DbConnectionForm(QWidget):
    """Mode radios, the PostgreSQL fields and 测试连接; `apply()` stores the password and returns the new config."""

    mode_changed = Signal(bool)  # True = 联网

    def __init__(self, paths: AppPaths, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.runner = runner
        self.errors = FieldErrors("settings")
        self.sqlite = QRadioButton(self.tr("Single desk — data file on this computer"))
        self.sqlite.setObjectName("settings.db_mode_sqlite")
        self.network = QRadioButton(self.tr("Station network — PostgreSQL on the station server"))
        self.network.setObjectName("settings.db_mode_postgres")
        group = QButtonGroup(self)
        group.addButton(self.sqlite)
        group.addButton(self.network)
        self.sqlite.setChecked(True)
        self.sqlite_note = QLabel(
            self.tr("Data file: {path}").format(path=paths.default_database)
            + "\n"
            + self.tr("For one desk only. Several desks must share a PostgreSQL server instead.")
        )
        self.sqlite_note.setWordWrap(True)
        self.sqlite_note.setStyleSheet(HINT_STYLE)
        self.sqlite_note.setContentsMargins(30, 0, 0, 6)
        self.network_note = QLabel(
            self.tr("Every desk of the station uses the same server, database and user name.")
        )
        self.network_note.setWordWrap(True)
        self.network_note.setStyleSheet(HINT_STYLE)
        self.network_note.setContentsMargins(30, 0, 0, 0)

        # Shown only for 联网: the page stays short for the usual single desk, and fits a 768-pixel screen with
        # every error showing.
        self.server = QGroupBox(self.tr("PostgreSQL server"))
        self.server.setObjectName("settings.db_server")
        form = form_layout()
        self.host = line_edit(max_length=255)
        self.port = QSpinBox()
        self.port.setObjectName("settings.db_port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setFixedWidth(110)
        keep_height(self.port)
        address = QHBoxLayout()
        address.setSpacing(12)
        address.addWidget(self.host, 1)
        address.addWidget(QLabel(self.tr("Port")))
        address.addWidget(self.port)
        self.errors.add_row(form, self.tr("Server address"), "db_host", self.host, row=address)
        self.database = self.errors.add_row(
            form, self.tr("Database"), "db_database", line_edit(max_length=63)
        )
        self.user = self.errors.add_row(form, self.tr("User name"), "db_user", line_edit(max_length=63))
        self.password = self.errors.add_row(
            form, self.tr("Password"), "db_password", line_edit(password=True, max_length=200)
        )
        self.database.setText(DEFAULT_NAME)
        self.user.setText(DEFAULT_NAME)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("settings.test_connection")
        self.test_button.setAutoDefault(False)  # Enter in the dialog saves, even after testing
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel()
        self.result.setObjectName("settings.db_test_result")
        self.result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.setSpacing(12)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result, 1)
        form.addRow(test_row)
        self.server.setLayout(form)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sqlite)
        layout.addWidget(self.sqlite_note)
        layout.addWidget(self.network)
        layout.addWidget(self.network_note)
        layout.addWidget(self.server)
        layout.addStretch(1)
        self.network.toggled.connect(self._mode_toggled)
        self._mode_toggled(False)

    def _mode_toggled(self, network: bool) -> None:
        self.server.setVisible(network)
        self.network_note.setVisible(network)
        self.sqlite_note.setVisible(not network)
        if not network:
            self.errors.clear()
        self.mode_changed.emit(network)

    def is_network(self) -> bool:
        return self.network.isChecked()

    def load(self, url: str | None) -> None:
        """Show the connection `url` (None or a SQLite URL = 单机); the password field stays empty."""
        if not url or url.startswith("sqlite"):
            self.sqlite.setChecked(True)
            return
        from desktop.db.pgpass import target_from_url

        target = target_from_url(url)
        self.network.setChecked(True)
        self.host.setText(target.host)
        self.port.setValue(target.port)
        self.database.setText(target.database)
        self.user.setText(target.user)
        self.password.setPlaceholderText(self.tr("Leave empty to keep the saved password"))

    def validate(self) -> bool:
        self.errors.clear()
        if not self.is_network():
            return True
        required = (
            ("db_host", self.host, self.tr("Please enter the server address, e.g. 192.168.1.10")),
            ("db_database", self.database, self.tr("Please enter the database name")),
            ("db_user", self.user, self.tr("Please enter the database user name")),
        )
        ok = True
        for field, edit, message in reversed(required):  # reversed: focus ends on the first bad field
            if not edit.text().strip():
                self.errors.show(field, message)
                ok = False
        return ok

    def _passfile_url(self) -> str:
        from desktop.db.pgpass import PgTarget

        target = PgTarget(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )
        return target.url(passfile=self.passfile() if uses_custom_data_dir(self.paths) else None)

    def passfile(self) -> Path:
        from desktop.db.pgpass import standard_passfile

        return self.paths.config / "pgpass" if uses_custom_data_dir(self.paths) else standard_passfile()

    def connection_url(self) -> str:
        """The URL to open and to save: no password inside (libpq reads it from the password file)."""
        if not self.is_network():
            return database_url(self.paths, DeskConfig())
        return self._passfile_url()

    def apply(self, config: DeskConfig) -> DeskConfig:
        """Store the typed password (联网) and return `config` pointing at this connection; the caller saves it."""
        if not self.is_network():
            return config.with_changes(db_url=None)
        if self.password.text():
            from desktop.db.pgpass import store_password, target_from_url

            store_password(self.passfile(), target_from_url(self._passfile_url()), self.password.text())
        return config.with_changes(db_url=self._passfile_url())

    def probe_url(self) -> str:
        """The URL to connect with now, before anything is saved: the typed password inside (never logged)."""
        if not self.is_network():
            return self.connection_url()
        return with_password(self._passfile_url(), self.password.text())

    def audit_detail(self) -> str:
        """The audit trail's note of this connection (data, so Chinese whatever the UI language): no password."""
        if not self.is_network():
            return "数据库连接改为 单机"
        where = f"{self.host.text().strip()}:{self.port.value()}/{self.database.text().strip()}"
        return f"数据库连接改为 联网 {where}（用户 {self.user.text().strip()}）"

    def test_connection(self) -> None:
        if not self.is_network() or not self.validate():
            return
        url = self.probe_url()
        self.test_button.setEnabled(False)
        self._show_result(self.tr("Connecting…"), HINT_STYLE)
        self.runner.run(
            lambda: probe(url), on_success=self._probed, on_failure=self._probe_failed, widget=self
        )

    def _test_done(self) -> None:
        self.test_button.setEnabled(True)
        self.test_button.setFocus()  # disabling it sent the focus to the 单机 radio, where Space would switch mode

    def _probe_failed(self, error: BaseException) -> None:
        self._test_done()
        from desktop.errors import DomainError

        if isinstance(error, DomainError):
            from ui.errors import error_text

            self._show_result(error_text(error), ERROR_STYLE)
            return
        from ui.errors import report_bug

        report_bug(error)

    def _probed(self, result: ProbeResult) -> None:
        self._test_done()
        if result.ok:
            self._show_result(
                self.tr("Connected. {state}").format(state=self.schema_text(result.detail)), OK_STYLE
            )
            return
        self._show_result(self.failure_text(result), ERROR_STYLE)

    def schema_text(self, state: str) -> str:
        """The database's schema state (desktop.db.schema.SchemaState value) in the desk's words."""
        return {
            "empty": self.tr(
                "The database is empty: finishing the wizard creates the station and the administrator."
            ),
            "current": self.tr("The database is ready."),
            "behind": self.tr(
                "The database is older than this program: an administrator must upgrade it first."
            ),
            "ahead": self.tr("The database is newer than this program: please upgrade this program."),
        }.get(state, state)

    def failure_text(self, result: ProbeResult) -> str:
        """Why a connection attempt failed, in words the person can act on (also used by the wizard's Next)."""
        messages = {
            "auth": self.tr("The server refused the user name or password."),
            "no_database": self.tr("The server has no database with this name."),
            "refused": self.tr(
                "The server refused the connection: check the address and port, and that PostgreSQL is running "
                "and accepts connections from this computer."
            ),
            "timeout": self.tr("No answer from the server in time: check the network cable and the address."),
            "unknown_host": self.tr("The server address cannot be found."),
        }
        return messages.get(result.kind) or self.tr("Cannot connect: {detail}").format(detail=result.detail)

    def _show_result(self, text: str, style: str) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(style)
