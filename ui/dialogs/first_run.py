"""The first-run wizard: where the data lives first, then — only for an empty database — the station and its first
administrator.

Page 1 chooses 单机 (default) or 联网 (with 测试连接). Next looks into that database in the background
(ui.db_probe.inspect_database: users and stations). A database that already has users is joined as it is: the
last page says what was found, Finish saves this desk's config (the connection, and the station when there is
exactly one; with several the login dialog asks) and the login dialog opens. An empty database gets the station page
and the first-administrator page; Finish opens (creating) it and runs desktop.services.station.first_run_setup.
A ValidationError from the service takes the person back to the page of that field, with the message under it;
nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop.config import DeskConfig, save_config
from desktop.errors import ConflictError, DomainError, ValidationError
from desktop.paths import AppPaths
from ui.db_probe import Inspection, inspect_database
from ui.dialogs.first_run_pages import (
    PAGE_ADMIN,
    PAGE_DATABASE,
    PAGE_JOIN,
    PAGE_STATION,
    AdminPage,
    DatabasePage,
    JoinPage,
    StationPage,
)
from ui.errors import show_error
from ui.tasks import TaskRunner
from ui.widgets.db_connection_form import DbConnectionForm

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo
    from desktop.services.core import Core
    from desktop.services.station import StationInfo, StationInput

ADMIN_FIELDS = {"username", "display_name", "police_no", "password", "password_repeat"}


@dataclass(frozen=True)
class SetupResult:
    core: Core
    station: StationInfo
    admin: UserInfo
    config: DeskConfig


def run_setup(
    url: str,
    backup_dir: Path,
    station: StationInput,
    *,
    username: str,
    display_name: str,
    password: str,
    police_no: str,
) -> tuple[Core, StationInfo, UserInfo]:
    """Worker side of Finish: open/upgrade the database, then the station and its administrator."""
    from desktop.db.startup import open_database
    from desktop.services.core import Core
    from desktop.services.station import first_run_setup

    opened = open_database(url, backup_dir=backup_dir)
    core = Core(db=opened.db)
    try:
        info, admin = first_run_setup(
            core,
            station,
            username=username,
            display_name=display_name,
            password=password,
            police_no=police_no,
        )
    except BaseException:
        opened.db.dispose()
        raise
    return core, info, admin


class FirstRunWizard(QWizard):
    """`fixed_url` (from --db, known to be empty) skips the database page.

    `completed(SetupResult)` after a new set-up, `joined(DeskConfig)` after joining a set-up database; both fire
    before the wizard closes.
    """

    completed = Signal(object)
    joined = Signal(object)

    def __init__(
        self,
        paths: AppPaths,
        config: DeskConfig,
        runner: TaskRunner,
        *,
        fixed_url: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings.wizard")
        self.paths, self.config, self.runner, self.fixed_url = paths, config, runner, fixed_url
        self.setWindowTitle(self.tr("First-run set-up"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(680, 600)
        self.db_form = DbConnectionForm(paths, runner)
        self.db_form.load(config.db_url)
        self.database_page = DatabasePage(self.db_form, runner, paths.backups)
        self.station_page = StationPage()
        self.admin_page = AdminPage()
        self.join_page = JoinPage(self.database_page)
        if fixed_url is None:
            self.setPage(PAGE_DATABASE, self.database_page)
        self.setPage(PAGE_STATION, self.station_page)
        self.setPage(PAGE_ADMIN, self.admin_page)
        self.setPage(PAGE_JOIN, self.join_page)
        self.setStartId(PAGE_STATION if fixed_url else PAGE_DATABASE)
        for which, name in (
            (QWizard.WizardButton.BackButton, "settings.wizard_back"),
            (QWizard.WizardButton.NextButton, "settings.wizard_next"),
            (QWizard.WizardButton.FinishButton, "settings.wizard_finish"),
            (QWizard.WizardButton.CancelButton, "settings.wizard_cancel"),
        ):
            self.button(which).setObjectName(name)
        self._busy = False
        self._finished = False

    def accept(self) -> None:
        if self._finished:
            super().accept()
            return
        if self._busy or not self.validateCurrentPage():
            return
        if self.currentId() == PAGE_JOIN:
            self._join()
            return
        self._set_up()

    def _desk_config(self) -> DeskConfig:
        """This desk's config for the chosen connection (storing a typed 联网 password in the password file)."""
        return self.config if self.fixed_url else self.db_form.apply(self.config)

    def _join(self) -> None:
        found = self.database_page.inspection
        assert found is not None
        codes = [s.code for s in found.stations]
        config = self._desk_config()
        if len(codes) == 1:
            config = config.with_changes(station_code=codes[0])
        elif config.station_code not in codes:
            config = config.with_changes(station_code=None)  # the login dialog offers the stations
        save_config(self.paths, config)
        self._finished = True
        self.joined.emit(config)
        self.accept()

    def _set_up(self) -> None:
        # Everything the worker needs is read here, on the GUI thread: widgets are not for other threads.
        new_config = self._desk_config()
        url = self.fixed_url or self.db_form.connection_url()
        backup_dir = self.paths.backups
        station = self.station_page.form.to_input()
        admin = self.admin_page
        username, display_name = admin.username.text(), admin.display_name.text()
        password, police_no = admin.password.text(), admin.police_no.text()
        self._set_busy(True)
        self.runner.run(
            lambda: run_setup(
                url,
                backup_dir,
                station,
                username=username,
                display_name=display_name,
                password=password,
                police_no=police_no,
            ),
            on_success=lambda result: self._done(result, new_config),
            on_failure=self._failed,
            widget=self,
        )

    def reject(self) -> None:
        if not self._busy:  # a set-up in flight cannot be abandoned halfway
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)
        self.admin_page.status.setText(self.tr("Creating the database…") if busy else "")

    def _done(self, result: tuple[Core, StationInfo, UserInfo], config: DeskConfig) -> None:
        core, station, admin = result
        config = config.with_changes(station_code=station.code)
        save_config(self.paths, config)
        self._set_busy(False)
        self._finished = True
        self.completed.emit(SetupResult(core, station, admin, config))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationError):
            target = PAGE_ADMIN if error.field in ADMIN_FIELDS else PAGE_STATION
            page_errors = self.admin_page.errors if target == PAGE_ADMIN else self.station_page.form.errors
            if page_errors.has(error.field):
                self._back_to(target)
                page_errors.show(error.field, error.message)
                return
        if isinstance(error, ConflictError) and self.fixed_url is None:
            self._look_again(error)
            return
        show_error(self, error, saving=True)  # other domain errors as a message; a bug to the crash dialog

    def _back_to(self, page_id: int) -> None:
        while self.currentId() != page_id:
            before = self.currentId()
            self.back()
            if self.currentId() == before:  # not in the history
                return

    def _look_again(self, error: ConflictError) -> None:
        """Another desk may have set this database up meanwhile: if so, this desk joins it instead."""
        url, backup_dir = self.db_form.probe_url(), self.paths.backups

        def found(inspection: Inspection) -> None:
            self._set_busy(False)
            if not inspection.set_up:
                show_error(self, error)
                return
            self.database_page.forget()
            self._back_to(PAGE_DATABASE)
            self.database_page._inspected(url, inspection)  # moves on to the join page

        def failed(again: BaseException) -> None:
            self._set_busy(False)
            show_error(self, error if isinstance(again, DomainError) else again)

        self._set_busy(True)
        self.runner.run(
            lambda: inspect_database(url, backup_dir), on_success=found, on_failure=failed, widget=self
        )
