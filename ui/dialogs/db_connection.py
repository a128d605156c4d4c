"""数据库连接 settings: choose 单机 or 联网 for this desk; saved in config.toml (password in the pgpass file).

A change takes effect at the next start (the open database stays in use until then); from the start-up error dialog
the start flow retries at once with the new connection.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.config import load_config, save_config
from desktop.paths import AppPaths
from ui.tasks import TaskRunner
from ui.widgets.db_connection_form import DbConnectionForm
from ui.widgets.form import HINT_STYLE


class DbConnectionDialog(QDialog):
    saved = Signal(object)  # the saved DeskConfig

    def __init__(
        self,
        paths: AppPaths,
        runner: TaskRunner,
        *,
        url: str | None = None,
        restart_note: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings.db_dialog")
        self.paths = paths
        self.setWindowTitle(self.tr("Database connection"))
        self.setMinimumWidth(560)
        self.form = DbConnectionForm(paths, runner)
        self.form.load(url if url is not None else load_config(paths).db_url)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        if restart_note:
            note = QLabel(self.tr("A new connection is used from the next start of the program."))
            note.setStyleSheet(HINT_STYLE)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("settings.save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setObjectName("settings.cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def _save(self) -> None:
        if not self.form.validate():
            return
        config = self.form.apply(load_config(self.paths))
        save_config(self.paths, config)
        self.saved.emit(config)
        self.accept()
