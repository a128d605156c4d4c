"""Station settings (admin): the station's details (with its version) and the station-wide settings, on two tabs
(站点信息 / 安全设置) so the dialog fits a 1366×768 screen. One save writes both in one transaction
(desktop.services.station.save_station_and_settings): both or neither.

Without a station (accounts were made on the command line, the station not yet) the same dialog creates it; the
station-wide settings keep their defaults then and are edited here afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.services import settings as settings_service
from desktop.services import station as station_service
from ui.errors import show_error
from ui.tasks import TaskRunner
from ui.widgets.form import HINT_STYLE, FieldErrors, form_layout, save_cancel_row
from ui.widgets.station_form import StationForm

if TYPE_CHECKING:
    from desktop.services.core import Actor, Core
    from desktop.services.settings import StationSettings
    from desktop.services.station import StationInfo

TAB_STATION, TAB_RULES = 0, 1


class StationSettingsDialog(QDialog):
    saved = Signal(object, object)  # StationInfo, StationSettings

    def __init__(
        self,
        core: Core,
        actor: Actor,
        runner: TaskRunner,
        station: StationInfo | None,
        settings: StationSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings.station_dialog")
        self.core, self.actor, self.runner, self.station = core, actor, runner, station
        self.settings = settings
        self.setWindowTitle(self.tr("Station settings") if station else self.tr("Create the station"))
        self.setMinimumWidth(560)
        self.station_form = StationForm(full=True)
        if station is not None:
            self.station_form.load(station)
        details = QWidget()
        QVBoxLayout(details).addWidget(self.station_form)

        self.errors = FieldErrors("settings")
        labels = {
            "password_min_length": self.tr("Minimum password length"),
            "lockout_threshold": self.tr("Failed logins before lockout"),
            "lockout_minutes": self.tr("Lockout (minutes)"),
            "idle_lock_minutes": self.tr("Lock the screen after idle (minutes)"),
        }
        rules = form_layout()
        self.spins: dict[str, QSpinBox] = {}
        for name, label in labels.items():
            low, high, _ = settings_service.LIMITS[name]
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setValue(getattr(settings, name))
            spin.setMaximumWidth(160)  # a number, not a sentence
            self.spins[name] = self.errors.add_row(rules, label, name, spin)  # type: ignore[assignment]
        note = QLabel(self.tr("These rules apply to every desk of this station."))
        note.setStyleSheet(HINT_STYLE)
        note.setWordWrap(True)
        policy = QWidget()
        column = QVBoxLayout(policy)
        column.addWidget(note)
        column.addLayout(rules)
        column.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings.station_tabs")
        self.tabs.addTab(details, self.tr("Station details"))
        if station is not None:
            self.tabs.addTab(policy, self.tr("Security"))
        else:
            policy.setParent(self)  # kept for the spins' values, not shown while creating the station
            policy.hide()

        buttons, self.save_button, _cancel = save_cancel_row(
            self, save_text=self.tr("Save"), cancel_text=self.tr("Cancel")
        )
        self.save_button.clicked.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(buttons)

    def _save(self) -> None:
        self.errors.clear()
        if not self.station_form.validate():
            self.tabs.setCurrentIndex(TAB_STATION)
            return
        core, actor, data, current = self.core, self.actor, self.station_form.to_input(), self.station
        values = {name: spin.value() for name, spin in self.spins.items()}
        self.save_button.setEnabled(False)
        if current is None:
            self.runner.run(
                lambda: station_service.init_station(core, actor, data),
                on_success=lambda info: self._saved((info, self.settings)),
                on_failure=self._failed,
                widget=self,
            )
            return
        code, version = current.code, current.version
        self.runner.run(
            lambda: station_service.save_station_and_settings(
                core, actor, code, data, version=version, settings=values
            ),
            on_success=self._saved,
            on_failure=self._failed,
            widget=self,
        )

    def _saved(self, result: tuple[StationInfo, StationSettings]) -> None:
        self.save_button.setEnabled(True)
        self.station, self.settings = result
        self.saved.emit(*result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            if self.station_form.errors.has(error.field):
                self.tabs.setCurrentIndex(TAB_STATION)
                self.station_form.errors.show(error.field, error.message)
                return
            if self.errors.has(error.field) and self.station is not None:
                self.tabs.setCurrentIndex(TAB_RULES)
                self.errors.show(error.field, error.message)
                return
        show_error(self, error, saving=True)  # a conflict keeps the edits in the form
