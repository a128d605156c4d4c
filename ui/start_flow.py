"""The start flow: config → database (opened behind the login dialog) → wizard or login → password change → window.

Heavy modules (SQLAlchemy, Alembic, argon2, the services) are imported by the background task that opens the
database, while the login dialog is already on screen. `finished(exit_code)` ends the application.

Up to that first paint nothing reads the `Qt` namespace: PySide6 builds it on first access, with every one of its
117 enums (~25 ms, an eighth of the whole start). The modules on this path (ui.app, ui.theme, ui.errors, ui.tasks,
ui.widgets.form, ui.dialogs.login) import `QtCore` and write `QtCore.Qt.…` where they use it, so it is built later,
while the person types (tests/ui/test_start_path.py keeps it so).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from desktop.config import DeskConfig, database_url, load_config, save_config
from desktop.errors import DatabaseCorrupt, DomainError
from desktop.paths import AppPaths
from ui.dialogs.login import LoginDialog
from ui.errors import error_text, report_bug
from ui.start_tasks import LoggedIn, Opened, back_up_daily, log_in, open_and_inspect, restore_from_backup
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

FIRST_PAINT_FALLBACK_MS = 250
SHUTDOWN_WAIT_MS = 10_000

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo
    from desktop.services.core import Core
    from ui.main_window import MainWindow


class StartFlow(QObject):
    finished = Signal(int)

    def __init__(self, paths: AppPaths, url_override: str | None, runner: TaskRunner) -> None:
        super().__init__()
        self.paths, self.url_override, self.runner = paths, url_override, runner
        self.config = DeskConfig()
        self.url = ""
        self.core: Core | None = None
        self.station_code: str | None = None
        self.login = LoginDialog()
        self.login.submitted.connect(self._submit)
        self.login.rejected.connect(lambda: self.finish(0))
        self.window: MainWindow | None = None
        self.dialog: Any = None  # the wizard / error / password dialog of the moment, kept referenced
        self._pending: tuple[str, str, str] | None = None
        self._error_message = ""
        self._corrupt = False  # the SQLite file failed its check: the error dialog offers the backups
        self._notice = ""  # said on the login dialog once the database is open (after a restore)
        self._backed_up_today = False
        self._done = False

    def start(self) -> None:
        self.config = load_config(self.paths)
        self.url = database_url(self.paths, self.config, self.url_override)
        if not self.url_override and not self.config.db_url and not self.paths.default_database.exists():
            self.show_wizard()  # a fresh install: nothing to open yet
            return
        self.login.show()
        self._open_after_first_paint()

    def _open_after_first_paint(self) -> None:
        """The imports behind opening hold the GIL for a while: let the login dialog reach the screen first."""
        self._open_scheduled = False
        self.login.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._open_once)  # in case no paint event ever comes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.login and event.type() == QEvent.Type.Paint:
            self.login.removeEventFilter(self)
            QTimer.singleShot(0, self._open_once)
        return False

    def _open_once(self) -> None:
        if not self._open_scheduled and not self._done:
            self._open_scheduled = True
            self.open_database()

    # -- database ---------------------------------------------------------------------------------------------
    def open_database(self) -> None:
        self.login.set_status(self.tr("Opening the database…"))
        url, paths = self.url, self.paths
        self.runner.run(
            lambda: open_and_inspect(url, paths),
            on_success=self._opened,
            on_failure=self._open_failed,
            quiet=True,
        )

    def _opened(self, opened: Opened) -> None:
        if self._done:  # the person quit while it was opening
            opened.core.db.dispose()
            return
        if opened.user_count == 0:
            opened.core.db.dispose()
            self.login.hide()
            self.show_wizard()
            return
        self.core = opened.core
        codes = [s.code for s in opened.stations]
        if self.config.station_code in codes:
            self.station_code = self.config.station_code
        elif len(codes) == 1:
            self.station_code = codes[0]
            self._save_config(station_code=codes[0])
        else:  # several stations (choose at login) or none yet (an administrator creates it after login)
            self.station_code = None
            self.login.set_stations([(s.code, s.name) for s in opened.stations])
        names = {s.code: s.name for s in opened.stations}
        self.login.set_station_name(names.get(self.station_code or "", ""))
        self.login.set_status(self._notice)
        self._notice = ""
        self._start_daily_backup()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._submit(*pending)

    def _start_daily_backup(self) -> None:
        """Single desk: the first start of a day writes the automatic backup in the background, while the person
        logs in (a reader of the WAL file never blocks the login's writes)."""
        from desktop.db.engine import is_sqlite

        if self._backed_up_today or not is_sqlite(self.url) or self.config.auto_backups <= 0:
            return
        self._backed_up_today = True
        url, paths, keep = self.url, self.paths, self.config.auto_backups
        self.runner.run(
            lambda: back_up_daily(url, paths, keep), on_failure=self._daily_backup_failed, quiet=True
        )

    @staticmethod
    def _daily_backup_failed(error: BaseException) -> None:
        # The desk works on without it; the next start tries again. A full disk is said where it matters: at a save.
        log.error("automatic backup failed", exc_info=(type(error), error, error.__traceback__))

    def _open_failed(self, error: BaseException) -> None:
        self._corrupt = isinstance(error, DatabaseCorrupt)
        if isinstance(error, DomainError):
            self._error_message = error_text(error)
        else:
            report_bug(error)
            self._error_message = self.tr(
                "An unexpected error occurred; it has been written to the log file."
            )
        self._show_startup_error()

    def _show_startup_error(self) -> None:
        from ui.dialogs.startup_error import StartupErrorDialog

        if self._done:
            return
        self.login.hide()
        backups, command = None, ""
        if self._corrupt:
            from desktop.db.backup import list_backups

            backups = list_backups(self.paths.backups)
            newest = str(backups[0].path) if backups else self.tr("<backup file>")
            command = f'microstation --data-dir "{self.paths.data}" db restore "{newest}"'
        self.dialog = StartupErrorDialog(self._error_message, backups=backups, command=command)
        self.dialog.chosen.connect(self._error_choice)
        self.dialog.restore_requested.connect(self._restore)
        self.dialog.open()

    def _restore(self, backup: str, username: str, password: str) -> None:
        url, paths = self.url, self.paths
        self.runner.run(
            lambda: restore_from_backup(url, paths, Path(backup), username, password),
            on_success=self._restored,
            on_failure=self._restore_failed,
        )

    def _restored(self, result: Any) -> None:
        if self._done:
            return
        self._corrupt = False
        kept = Path(result.kept_aside).name if result.kept_aside else ""
        self._notice = (
            self.tr("Restored from %1. The damaged file is kept as %2.")
            .replace("%1", result.source.name)
            .replace("%2", kept)
        )
        self.dialog.close_restored()
        self.login.show()
        self.open_database()

    def _restore_failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            message = error_text(error)
        else:
            report_bug(error)
            message = self.tr("An unexpected error occurred; it has been written to the log file.")
        if self.dialog is not None and hasattr(self.dialog, "restore_failed"):
            self.dialog.restore_failed(message)

    def _error_choice(self, choice: str) -> None:
        from ui.dialogs.startup_error import CHANGE_CONNECTION, RETRY

        if choice == RETRY:
            self.login.show()
            self.open_database()
        elif choice == CHANGE_CONNECTION:
            from ui.dialogs.db_connection import DbConnectionDialog

            # Nobody is logged in here and anyone may fix the desk's connection (it must reach its server): the
            # change is not audited (no actor; see ui.dialogs.db_connection).
            self.dialog = DbConnectionDialog(self.paths, self.runner, url=self.url, restart_note=False)
            self.dialog.saved.connect(self._connection_changed)
            self.dialog.rejected.connect(self._show_startup_error)
            self.dialog.open()
        else:
            self.finish(1)

    def _connection_changed(self, config: DeskConfig, _audit_problem: str = "") -> None:
        self.config, self.url_override = config, None  # the person chose: --db no longer applies
        self.url = database_url(self.paths, config)
        self.login.show()
        self.open_database()

    def _reconnect(self) -> None:
        """The administrator saved a new connection and chose to log in again now: the window goes (it has
        already asked its tabs), the old database is closed, the login opens on the new one."""
        if self.window is not None:
            self.window.close_quietly()
            self.window.deleteLater()
            self.window = None
        if self.core is not None:
            self.core.db.dispose()
            self.core = None
        self.station_code = None
        self.login.set_stations([])
        self.login.set_station_name("")
        self.login.password.clear()
        self.login.message.clear()
        self._connection_changed(load_config(self.paths))

    def _save_config(self, **changes: object) -> None:
        self.config = self.config.with_changes(**changes)
        save_config(self.paths, self.config)

    # -- first run --------------------------------------------------------------------------------------------
    def show_wizard(self) -> None:
        from ui.dialogs.first_run import FirstRunWizard

        self.dialog = FirstRunWizard(self.paths, self.config, self.runner, fixed_url=self.url_override)
        self.dialog.completed.connect(self._set_up)
        self.dialog.joined.connect(self._joined)
        self.dialog.rejected.connect(lambda: self.finish(0))
        self.dialog.open()

    def _joined(self, config: DeskConfig) -> None:
        """The wizard joined a database that is already set up: open it as at any start, behind the login."""
        self.config = config
        self.url = database_url(self.paths, config, self.url_override)
        self.login.show()
        self.open_database()

    def _set_up(self, result: Any) -> None:
        self.core, self.config, self.station_code = result.core, result.config, result.station.code
        self.url = database_url(self.paths, self.config, self.url_override)
        self.login.set_status("")
        self.login.set_station_name(result.station.name)
        self.login.prefill(result.admin.username)
        self.login.show()

    # -- login ------------------------------------------------------------------------------------------------
    def _submit(self, username: str, password: str, station_code: str) -> None:
        if self.core is None:  # still opening: log in as soon as the database is there
            self._pending = (username, password, station_code)
            self.login.set_status(self.tr("Opening the database…"))
            return
        core, code = self.core, station_code or self.station_code
        self.runner.run(
            lambda: log_in(core, username, password, code),
            on_success=self._logged_in,
            on_failure=self._login_failed,
        )

    def _login_failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            # Wrong password, locked account, database gone: the service's message, next to the fields.
            self.login.show_failure(error.message)
        else:
            self.login.set_busy(False)
            report_bug(error)

    def _logged_in(self, result: LoggedIn) -> None:
        self.login.set_busy(False)
        if self._done:
            return
        if result.station is not None and result.station.code != self.config.station_code:
            self._save_config(station_code=result.station.code)
            self.station_code = result.station.code
        if result.station is None:
            self._create_station(result)
        elif result.user.must_change_password:
            self._force_password_change(result)
        else:
            self.show_main_window(result)

    def _create_station(self, result: LoggedIn) -> None:
        from desktop.services.core import Permission

        if not result.user.as_actor().can(Permission.MANAGE_STATION):
            self.login.show_failure(
                self.tr("This database has no station yet: an administrator must log in to create it.")
            )
            return
        from ui.dialogs.station_settings import StationSettingsDialog

        assert self.core is not None
        self.login.hide()
        self.dialog = StationSettingsDialog(
            self.core, result.user.as_actor(), self.runner, None, result.settings
        )
        self.dialog.saved.connect(
            lambda station, settings: self._logged_in(LoggedIn(result.user, station, settings))
        )
        self.dialog.rejected.connect(self.back_to_login)
        self.dialog.open()

    def _force_password_change(self, result: LoggedIn) -> None:
        from ui.dialogs.change_password import ChangePasswordDialog

        assert self.core is not None
        self.login.hide()
        self.dialog = ChangePasswordDialog(
            self.core, result.user, self.runner, forced=True, settings=result.settings
        )
        self.dialog.changed.connect(
            lambda user: self.show_main_window(LoggedIn(user, result.station, result.settings))
        )
        self.dialog.rejected.connect(self.back_to_login)
        self.dialog.open()

    def back_to_login(self) -> None:
        if self.window is not None:
            self.window.close_quietly()
            self.window.deleteLater()
            self.window = None
        self.login.password.clear()
        self.login.message.clear()
        self.login.show()

    # -- main window ------------------------------------------------------------------------------------------
    def show_main_window(self, result: LoggedIn) -> None:
        from ui.context import DeskContext
        from ui.main_window import MainWindow

        assert self.core is not None
        assert result.station is not None
        if self.window is not None:
            self.window.close_quietly()
            self.window.deleteLater()
        ctx = DeskContext(
            self.paths, self.config, self.core, result.station, result.user, result.settings, self.runner
        )
        self.login.hide()
        self.window = MainWindow(ctx)
        self.window.logout_requested.connect(self.back_to_login)
        self.window.reconnect_requested.connect(self._reconnect)
        self.window.user_switched.connect(self._switch_user)
        self.window.quit_requested.connect(lambda: self.finish(0))
        self.window.show()

    def _switch_user(self, user: UserInfo) -> None:
        """Another user unlocked the screen: the same station, that user's window (after a forced change)."""
        from desktop.services import settings

        if self.window is None:
            return
        core, station = self.window.ctx.core, self.window.ctx.station
        self.runner.run(
            lambda: LoggedIn(user, station, settings.get_settings(core)), on_success=self._logged_in
        )

    def finish(self, code: int) -> None:
        if self._done:
            return
        self._done = True
        for widget in (self.window, self.dialog, self.login):
            if widget is not None:
                if widget is self.window:
                    widget.close_quietly()
                else:
                    widget.close()
                widget.hide()  # also when the window asked to quit from its own closeEvent (close is still running)
        # Gone from the screen first: a background call may still need seconds (a ping waiting out the PostgreSQL
        # connect timeout); a save in flight must still finish before the database is closed.
        QGuiApplication.sync()
        self.runner.wait_for_done(SHUTDOWN_WAIT_MS)
        if self.core is not None:
            self.core.db.dispose()
        self.finished.emit(code)
