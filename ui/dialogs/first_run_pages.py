"""The pages of the first-run wizard (ui.dialogs.first_run): the database choice, the station, the first
administrator, and the page that joins a database already set up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from desktop.errors import DomainError, ValidationError
from ui.db_probe import Inspection, inspect_database
from ui.errors import error_text, report_bug
from ui.tasks import TaskRunner
from ui.widgets.db_connection_form import DbConnectionForm
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, FieldErrors, form_layout, heading, line_edit, sentence
from ui.widgets.password_hint import PasswordHint
from ui.widgets.station_form import StationForm

PAGE_DATABASE, PAGE_STATION, PAGE_ADMIN, PAGE_JOIN = 0, 1, 2, 3


def _status_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class DatabasePage(QWizardPage):
    """Next looks into the chosen database first (in the background); the wizard moves on when the answer is in."""

    def __init__(self, form: DbConnectionForm, runner: TaskRunner, backup_dir: Path) -> None:
        super().__init__()
        self.setTitle(self.tr("Where the data is kept"))
        self.setSubTitle(
            self.tr(
                "One desk alone: keep the default. Several desks share the station server's database; a desk "
                "joining a database that is already set up skips the station and administrator pages."
            )
        )
        self.form, self.runner, self.backup_dir = form, runner, backup_dir
        self.inspection: Inspection | None = None
        self._inspected_url = ""
        self._busy = False
        self.status = _status_label("settings.wizard_status")
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.status)

    def isComplete(self) -> bool:
        return not self._busy

    def nextId(self) -> int:
        if self.inspection is not None and self.inspection.set_up:
            return PAGE_JOIN
        return PAGE_STATION

    def validatePage(self) -> bool:
        url = self.form.probe_url()
        if self.inspection is not None and url == self._inspected_url:
            return True
        if self._busy or not self.form.validate():
            return False
        self._set_busy(True)
        self.status.setStyleSheet(HINT_STYLE)
        self.status.setText(self.tr("Looking into the database…"))
        backup_dir = self.backup_dir
        self.runner.run(
            lambda: inspect_database(url, backup_dir),
            on_success=lambda found: self._inspected(url, found),
            on_failure=self._failed,
            widget=self,
        )
        return False

    def forget(self) -> None:
        """Look again at the next Next (the database changed under us, e.g. another desk set it up meanwhile)."""
        self.inspection, self._inspected_url = None, ""

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.form.setEnabled(not busy)
        self.completeChanged.emit()

    def _inspected(self, url: str, found: Inspection) -> None:
        self._set_busy(False)
        self.status.clear()
        if found.failed is not None:  # e.g. the wrong password: said as 测试连接 says it
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(sentence(self.form.failure_text(found.failed)))
            return
        self.inspection, self._inspected_url = found, url
        wizard = self.wizard()
        if wizard is not None and wizard.isVisible() and wizard.currentPage() is self:
            wizard.next()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.forget()
        if isinstance(error, DomainError):  # unreachable server, wrong password, a newer program's database …
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error_text(error))
            return
        self.status.clear()
        report_bug(error)


class StationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Station"))
        self.setSubTitle(
            self.tr("The micro police station this desk serves; it is printed on every receipt.")
        )
        self.form = StationForm()
        QVBoxLayout(self).addWidget(self.form)

    def nextId(self) -> int:
        return PAGE_ADMIN

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
        self.hint = PasswordHint(self.password, self.repeat, errors=self.errors)
        form.addRow("", self.hint)
        self.status = _status_label("settings.wizard_setup_status")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.status)

    def nextId(self) -> int:
        return -1

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


class JoinPage(QWizardPage):
    """The database already serves a station: say what was found; Finish only saves this desk's config."""

    def __init__(self, database: DatabasePage) -> None:
        super().__init__()
        self.database = database
        self.setTitle(self.tr("Join the existing database"))
        self.setSubTitle(
            self.tr(
                "This database is already set up: this desk uses it as it is. Nothing is created or changed."
            )
        )
        self.found = heading(QLabel(), 15, bold=True, colour="#263238")
        self.found.setObjectName("settings.join_found")
        self.found.setWordWrap(True)
        self.next_step = QLabel()
        self.next_step.setObjectName("settings.join_next_step")
        self.next_step.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.found)
        layout.addWidget(self.next_step)
        layout.addStretch(1)

    def nextId(self) -> int:
        return -1

    def initializePage(self) -> None:
        found = self.database.inspection
        if found is None:
            return
        names = "、".join(f"{s.name}（{s.code}）" for s in found.stations)
        lines = [self.tr("Station: {names}").format(names=names)] if names else []
        lines.append(self.tr("{n} staff accounts.").format(n=found.user_count))
        self.found.setText("\n".join(lines))
        if len(found.stations) == 1:
            text = self.tr(
                "After Finish, log in with your own account. No account yet? The station administrator adds it "
                "under Administration → Users."
            )
        elif found.stations:
            text = self.tr(
                "After Finish, choose the station this desk serves in the login window and log in with your own "
                "account."
            )
        else:
            text = self.tr(
                "The database has no station yet: after Finish, an administrator logs in and creates it."
            )
        self.next_step.setText(text)
