"""数据库连接 settings: choose 单机 or 联网 for this desk; saved in config.toml (password in the pgpass file).

The open database stays in use until the person logs in again (the main window offers that at once, through the
start flow) or restarts the program. From the start-up error dialog the start flow retries at once.

With `actor` (an administrator logged in from the main window) a saved change is also written to the audit trail
of the NEW database (desktop.services.settings.record_desk_change) before the dialog closes. From the start-up error
dialog there is nobody logged in: the desk must be able to reach its server whoever sits at it, so the change is
allowed without an account and not audited (there is no actor to name, and the old database may be the one that
cannot be reached).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from desktop.config import load_config, save_config
from desktop.paths import AppPaths
from ui.tasks import TaskRunner
from ui.widgets.db_connection_form import DbConnectionForm
from ui.widgets.form import HINT_STYLE, save_cancel_row

if TYPE_CHECKING:
    from desktop.services.core import Actor

log = logging.getLogger(__name__)


class DbConnectionDialog(QDialog):
    """`saved(config, audit_problem)`: the saved DeskConfig, and "" or why the audit note could not be written."""

    saved = Signal(object, str)

    def __init__(
        self,
        paths: AppPaths,
        runner: TaskRunner,
        *,
        url: str | None = None,
        actor: Actor | None = None,
        restart_note: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings.db_dialog")
        self.paths, self.runner, self.actor = paths, runner, actor
        self.current_url = url
        self.setWindowTitle(self.tr("Database connection"))
        self.setMinimumWidth(560)
        self.form = DbConnectionForm(paths, runner)
        self.form.load(url if url is not None else load_config(paths).db_url)
        self.form.mode_changed.connect(
            lambda _network: QTimer.singleShot(0, self.adjustSize)
        )  # grow and shrink
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        if restart_note:
            note = QLabel(
                self.tr("The new connection is used after logging in again or restarting the program.")
            )
            note.setStyleSheet(HINT_STYLE)
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons, self.save_button, self.cancel_button = save_cancel_row(
            self, save_text=self.tr("Save"), cancel_text=self.tr("Cancel")
        )
        self.save_button.clicked.connect(self._save)
        layout.addLayout(buttons)

    def _save(self) -> None:
        if not self.form.validate():
            return
        config = self.form.apply(load_config(self.paths))
        save_config(self.paths, config)
        new_url = self.form.connection_url()
        if self.actor is None or new_url == self.current_url:
            self._done(config, "")
            return
        from ui.db_probe import record_connection_change

        url, actor, detail = self.form.probe_url(), self.actor, self.form.audit_detail()
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.runner.run(
            lambda: record_connection_change(url, actor, detail),
            on_success=lambda _recorded: self._done(config, ""),
            on_failure=lambda error: self._not_recorded(config, error),
            widget=self,
        )

    def _not_recorded(self, config: object, error: BaseException) -> None:
        from desktop.errors import DomainError

        if not isinstance(error, DomainError):
            from ui.errors import report_bug

            report_bug(error)
            self._done(config, self.tr("an unexpected error occurred; see the log file"))
            return
        from ui.errors import error_text

        log.warning("connection change not audited in the new database: %s", error.message)
        self._done(config, error_text(error))

    def _done(self, config: object, audit_problem: str) -> None:
        self.save_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.saved.emit(config, audit_problem)
        self.accept()
