"""Station settings and the database connection: what the administrator saves is in the database / the config."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton, QRadioButton, QSpinBox

from desktop.config import load_config
from desktop.services import settings, station
from tests.ui.conftest import wait_for
from ui.dialogs.db_connection import DbConnectionDialog
from ui.dialogs.station_settings import StationSettingsDialog
from ui.main_window import MainWindow


def test_station_settings_are_saved_and_the_window_follows(admin_ctx: Any, desk: Any, qtbot: Any) -> None:
    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_station_settings()
    dialog = window.findChild(StationSettingsDialog)
    dialog.findChild(QLineEdit, "settings.name").setText("录霞社区警务室")
    dialog.findChild(QSpinBox, "settings.idle_lock_minutes").setValue(5)
    dialog.findChild(QPushButton, "settings.save").click()
    status = window.findChild(QLabel, "main.status_station")
    wait_for(qtbot, lambda: status.text() == "录霞社区警务室")
    assert station.get_station(desk.core, "XSLX01").name == "录霞社区警务室"
    assert settings.get_settings(desk.core).idle_lock_minutes == 5
    assert window.idle.minutes == 5


def test_a_stale_station_form_is_a_conflict_and_keeps_the_edits(
    admin_ctx: Any, desk: Any, qtbot: Any, monkeypatch: Any
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    ctx = admin_ctx
    dialog = StationSettingsDialog(ctx.core, ctx.actor, ctx.runner, ctx.station, ctx.settings)
    qtbot.addWidget(dialog)
    current = station.get_station(desk.core, "XSLX01")
    station.update_station(
        desk.core,
        ctx.actor,
        "XSLX01",
        station.StationInput(code="XSLX01", name="别人改的名字"),
        version=current.version,
    )
    dialog.findChild(QLineEdit, "settings.address").setText("新地址")
    dialog.findChild(QPushButton, "settings.save").click()
    wait_for(qtbot, lambda: shown)
    assert "已被其他人修改" in shown[0]
    assert dialog.findChild(QLineEdit, "settings.address").text() == "新地址"


def test_the_network_connection_goes_to_the_config_and_the_password_to_pgpass(
    paths: Any, runner: Any, qtbot: Any
) -> None:
    dialog = DbConnectionDialog(paths, runner)
    qtbot.addWidget(dialog)
    dialog.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    dialog.findChild(QLineEdit, "settings.db_host").setText("192.168.1.10")
    dialog.findChild(QLineEdit, "settings.db_password").setText("s3cret:pw")
    dialog.findChild(QPushButton, "settings.save").click()
    config = load_config(paths)
    assert config.db_url is not None
    assert "192.168.1.10:5432/microstation" in config.db_url
    assert "s3cret" not in paths.config_file.read_text(encoding="utf-8")
    assert "s3cret\\:pw" in (paths.config / "pgpass").read_text(encoding="utf-8")


def test_an_empty_server_address_is_shown_under_the_field(paths: Any, runner: Any, qtbot: Any) -> None:
    dialog = DbConnectionDialog(paths, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    dialog.findChild(QPushButton, "settings.save").click()
    assert dialog.findChild(QLabel, "settings.db_host_error").isVisible()
    assert load_config(paths).db_url is None
