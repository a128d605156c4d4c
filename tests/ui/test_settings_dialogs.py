"""Station settings and the database connection: what the administrator saves is in the database / the config."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
)

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
    admin_ctx: Any, desk: Any, qtbot: Any, monkeypatch: Any, chinese: None
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
    dialog.findChild(QSpinBox, "settings.idle_lock_minutes").setValue(7)
    dialog.findChild(QPushButton, "settings.save").click()
    wait_for(qtbot, lambda: shown)
    assert "已被其他人修改" in shown[0]
    assert shown[0].endswith("您填写的内容已保留。")
    assert shown[0].count("已保留") == 1
    assert dialog.findChild(QLineEdit, "settings.address").text() == "新地址"
    assert settings.get_settings(desk.core).idle_lock_minutes == 10  # one transaction: neither part was saved


def test_the_station_dialog_fits_a_small_screen_and_shows_an_error_on_its_tab(
    themed: None, admin_ctx: Any, desk: Any, qtbot: Any
) -> None:
    ctx = admin_ctx
    dialog = StationSettingsDialog(ctx.core, ctx.actor, ctx.runner, ctx.station, ctx.settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)
    assert dialog.height() <= 600  # 1366×768 less a title bar and a taskbar
    tabs = dialog.findChild(QTabWidget, "settings.station_tabs")
    tabs.setCurrentIndex(1)
    dialog.findChild(QLineEdit, "settings.region_code").setText("4408")
    dialog.findChild(QPushButton, "settings.save").click()
    error = dialog.findChild(QLabel, "settings.region_code_error")
    assert tabs.currentIndex() == 0
    assert error.isVisible()
    qtbot.wait(50)
    assert dialog.height() <= 600


def test_the_network_connection_goes_to_the_config_and_the_password_to_pgpass(
    paths: Any, runner: Any, qtbot: Any
) -> None:
    dialog = DbConnectionDialog(paths, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    dialog.findChild(QLineEdit, "settings.db_host").setText("192.168.1.10")
    dialog.findChild(QLineEdit, "settings.db_password").setText("s3cret:pw")
    dialog.findChild(QSpinBox, "settings.db_port").setValue(1)
    dialog.findChild(QPushButton, "settings.test_connection").click()
    result = dialog.findChild(QLabel, "settings.db_test_result")
    wait_for(
        qtbot, lambda: result.text() and dialog.findChild(QPushButton, "settings.test_connection").isEnabled()
    )
    save = dialog.findChild(QPushButton, "settings.save")
    assert save.isDefault()  # after 测试连接, Enter still saves …
    assert not dialog.findChild(QPushButton, "settings.cancel").isDefault()
    dialog.findChild(QSpinBox, "settings.db_port").setValue(5432)
    password = dialog.findChild(QLineEdit, "settings.db_password")
    password.setFocus()
    QTest.keyClick(password, Qt.Key.Key_Return)  # … and it does
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


def test_a_saved_connection_says_it_applies_after_logging_in_again_and_offers_it(
    admin_ctx: Any, paths: Any, qtbot: Any, chinese: None
) -> None:
    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_db_connection()
    dialog = window.findChild(DbConnectionDialog)
    dialog.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    dialog.findChild(QLineEdit, "settings.db_host").setText("127.0.0.1")
    dialog.findChild(QSpinBox, "settings.db_port").setValue(
        1
    )  # nobody there: the audit note cannot be written
    dialog.findChild(QPushButton, "settings.save").click()
    wait_for(qtbot, lambda: window.findChild(QMessageBox, "main.connection_saved"))
    box = window.findChild(QMessageBox, "main.connection_saved")
    assert "重新登录或重新启动程序" in box.text()
    assert "无法连接数据库" in box.text()  # why the change is not in the new database's audit trail
    assert "127.0.0.1:1/microstation" in (load_config(paths).db_url or "")
    with qtbot.waitSignal(window.reconnect_requested):
        box.findChild(QPushButton, "main.relogin_now").click()
