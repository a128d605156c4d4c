"""The first-run wizard: the station, its first administrator and where the data lives, in one finish.

Finish opens (creating or upgrading) the database in the background, runs desktop.services.station.first_run_setup
and saves this desk's config. A ValidationError from the service takes the person back to the page of that field,
with the message under it; nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop.config import DeskConfig, save_config
from desktop.errors import ValidationError
from desktop.paths import AppPaths
from ui.errors import show_error
from ui.tasks import TaskRunner
from ui.widgets.db_connection_form import DbConnectionForm
from ui.widgets.form import HINT_STYLE, FieldErrors, form_layout, line_edit
from ui.widgets.password_hint import PasswordHint
from ui.widgets.station_form import StationForm

if TYPE_CHECKING:
    from desktop.services.auth import UserInfo
    from desktop.services.core import Core
    from desktop.services.station import StationInfo, StationInput

PAGE_STATION, PAGE_ADMIN, PAGE_DATABASE = 0, 1, 2
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


class StationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Station"))
        self.setSubTitle(
            self.tr("The micro police station this desk serves; it is printed on every receipt.")
        )
        self.form = StationForm()
        QVBoxLayout(self).addWidget(self.form)

    def validatePage(self) -> bool:
        return self.form.validate()


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("First administrator"))
        self.setSubTitle(self.tr("The administrator adds the other staff accounts after the set-up."))
        self.errors = FieldErrors("settings")
        form = form_layout()
        add = self.errors.add_row
        self.username = add(
            form, self.tr("User name"), "username", line_edit(max_length=32, placeholder="admin")
        )
        self.display_name = add(form, self.tr("Name"), "display_name", line_edit(max_length=50))
        self.police_no = add(form, self.tr("Police number"), "police_no", line_edit(max_length=20))
        self.password = add(form, self.tr("Password"), "password", line_edit(password=True, max_length=128))
        self.repeat = add(
            form, self.tr("Password again"), "password_repeat", line_edit(password=True, max_length=128)
        )
        self.hint = PasswordHint(self.password, self.repeat)
        form.addRow("", self.hint)
        QVBoxLayout(self).addLayout(form)

    def validatePage(self) -> bool:
        from desktop.services.auth import USERNAME_RE, check_password_policy
        from desktop.services.settings import StationSettings

        self.errors.clear()
        problems: list[tuple[str, str]] = []
        if not USERNAME_RE.match(self.username.text().strip()):
            problems.append(("username", self.tr("2–32 letters, digits or _ . -")))
        if not self.display_name.text().strip():
            problems.append(("display_name", self.tr("Please enter the administrator's name")))
        try:
            check_password_policy(self.password.text(), StationSettings())
        except ValidationError as exc:
            problems.append(("password", exc.message))
        if self.repeat.text() != self.password.text():
            problems.append(("password_repeat", self.tr("The two passwords are not the same.")))
        for field, message in reversed(problems):  # focus ends on the first problem
            self.errors.show(field, message)
        return not problems


class DatabasePage(QWizardPage):
    def __init__(self, form: DbConnectionForm) -> None:
        super().__init__()
        self.setTitle(self.tr("Where the data is kept"))
        self.setSubTitle(
            self.tr("One desk alone: keep the default. Several desks: use the station's server.")
        )
        self.form = form
        self.status = QLabel()
        self.status.setObjectName("settings.wizard_status")
        self.status.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.status)

    def validatePage(self) -> bool:
        return self.form.validate()


class FirstRunWizard(QWizard):
    """`fixed_url` (from --db) skips the database page; `completed` carries the SetupResult before it closes."""

    completed = Signal(object)

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
        self.setMinimumSize(640, 560)
        self.station_page = StationPage()
        self.admin_page = AdminPage()
        self.db_form = DbConnectionForm(paths, runner)
        self.db_form.load(config.db_url)
        self.setPage(PAGE_STATION, self.station_page)
        self.setPage(PAGE_ADMIN, self.admin_page)
        if fixed_url is None:
            self.setPage(PAGE_DATABASE, DatabasePage(self.db_form))
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
        new_config = self.config if self.fixed_url else self.db_form.apply(self.config)
        url = self.fixed_url or self.db_form.connection_url()
        admin = self.admin_page
        station = self.station_page.form.to_input()
        self._set_busy(True)
        self.runner.run(
            lambda: run_setup(
                url,
                self.paths.backups,
                station,
                username=admin.username.text(),
                display_name=admin.display_name.text(),
                password=admin.password.text(),
                police_no=admin.police_no.text(),
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
        page = self.page(PAGE_DATABASE)
        if isinstance(page, DatabasePage):
            page.status.setText(self.tr("Creating the database…") if busy else "")

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
                while self.currentId() > target:
                    self.back()
                page_errors.show(error.field, error.message)
                return
        show_error(self, error)  # other domain errors as a message; a bug goes to the crash dialog
