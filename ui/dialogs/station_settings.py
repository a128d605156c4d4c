"""Station settings (admin): the station's details (with its version) and the station-wide settings.

Without a station (accounts were made on the command line, the station not yet) the same dialog creates it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.services import settings as settings_service
from desktop.services import station as station_service
from ui.errors import show_error
from ui.tasks import TaskRunner
from ui.widgets.form import FieldErrors, form_layout
from ui.widgets.station_form import StationForm

if TYPE_CHECKING:
    from desktop.services.core import Actor, Core
    from desktop.services.settings import StationSettings
    from desktop.services.station import StationInfo


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
        self.setWindowTitle(self.tr("Station settings") if station else self.tr("Create the station"))
        self.setMinimumWidth(560)
        self.station_form = StationForm(full=True)
        if station is not None:
            self.station_form.load(station)
        details = QGroupBox(self.tr("Station"))
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
        policy = QGroupBox(self.tr("Rules for every desk of this station"))
        policy.setLayout(rules)

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
        layout = QVBoxLayout(self)
        layout.addWidget(details)
        layout.addWidget(policy)
        layout.addLayout(buttons)

    def _save(self) -> None:
        self.errors.clear()
        if not self.station_form.validate():
            return
        core, actor, data, current = self.core, self.actor, self.station_form.to_input(), self.station
        self.save_button.setEnabled(False)

        def call() -> StationInfo:
            if current is None:
                return station_service.init_station(core, actor, data)
            return station_service.update_station(core, actor, current.code, data, version=current.version)

        self.runner.run(call, on_success=self._station_saved, on_failure=self._failed, widget=self)

    def _station_saved(self, station: StationInfo) -> None:
        self.station = station  # a later retry must carry the new version
        self.station_form.load(station)
        core, actor = self.core, self.actor
        values = {name: spin.value() for name, spin in self.spins.items()}
        self.runner.run(
            lambda: settings_service.update_settings(core, actor, **values),
            on_success=self._settings_saved,
            on_failure=self._failed,
            widget=self,
        )

    def _settings_saved(self, settings: StationSettings) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(self.station, settings)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError) and (
            self.errors.show(error.field, error.message)
            or self.station_form.errors.show(error.field, error.message)
        ):
            return
        show_error(self, error)  # a conflict keeps the edits in the form
