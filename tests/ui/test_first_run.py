"""The first-run wizard on a fresh data folder: creates the station and the administrator; then login works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox, QWizard

from desktop.config import load_config
from desktop.services import auth, station
from tests.ui.conftest import ADMIN_PASSWORD, wait_for
from ui.dialogs.first_run import FirstRunWizard
from ui.start_flow import StartFlow


@pytest.fixture
def flow(paths: Any, runner: Any) -> Iterator[StartFlow]:
    start = StartFlow(paths, None, runner)
    yield start
    start.finish(0)


def fill(wizard: QWizard, values: dict[str, str]) -> None:
    for name, value in values.items():
        wizard.findChild(QLineEdit, name).setText(value)


STATION = {
    "settings.code": "XSLX01",
    "settings.name": "录霞社区微派出所",
    "settings.police_station": "新村派出所",
    "settings.address": "湛江市霞山区录霞路1号",
    "settings.phone": "0759-2222222",
}
ADMIN = {
    "settings.username": "admin",
    "settings.display_name": "王管理",
    "settings.police_no": "440803001",
    "settings.password": ADMIN_PASSWORD,
    "settings.password_repeat": ADMIN_PASSWORD,
}


def test_the_wizard_creates_station_and_admin_then_login_works(
    flow: StartFlow, paths: Any, qtbot: Any
) -> None:
    flow.start()
    wizard = flow.dialog
    assert isinstance(wizard, FirstRunWizard)
    assert wizard.isVisible()
    assert wizard.findChild(QLineEdit, "settings.region_code").text() == "440803"
    fill(wizard, STATION)
    wizard.next()
    fill(wizard, ADMIN)
    wizard.next()
    assert wizard.findChild(QRadioButton, "settings.db_mode_sqlite").isChecked()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for(qtbot, lambda: flow.login.isVisible())

    assert not wizard.isVisible()
    assert load_config(paths).station_code == "XSLX01"
    assert load_config(paths).db_url is None  # 单机: nothing but the station in config.toml
    assert paths.default_database.exists()
    created = station.get_station(flow.core, "XSLX01")
    assert (created.name, created.police_station, created.region_code) == (
        "录霞社区微派出所",
        "新村派出所",
        "440803",
    )
    assert flow.login.findChild(QLineEdit, "login.username").text() == "admin"

    flow.login.findChild(QLineEdit, "login.password").setText(ADMIN_PASSWORD)
    flow.login.findChild(QPushButton, "login.submit").click()
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
    assert flow.window.ctx.user.role == "admin"
    assert flow.window.ctx.user.police_no == "440803001"
    assert not flow.window.ctx.user.must_change_password


def test_a_bad_value_is_shown_under_its_field_and_nothing_typed_is_lost(flow: StartFlow, qtbot: Any) -> None:
    flow.start()
    wizard = flow.dialog
    fill(wizard, {**STATION, "settings.region_code": "4408"})
    wizard.next()
    assert wizard.currentId() == 0
    error = wizard.findChild(QLabel, "settings.region_code_error")
    assert error.isVisible()
    assert "6 位数字" in error.text()
    assert wizard.findChild(QLineEdit, "settings.name").text() == "录霞社区微派出所"

    wizard.findChild(QLineEdit, "settings.region_code").setText("440803")
    wizard.next()
    fill(wizard, {**ADMIN, "settings.password_repeat": "Different#2024"})
    wizard.next()
    assert wizard.currentId() == 1
    assert wizard.findChild(QLabel, "settings.password_repeat_error").isVisible()
    assert wizard.findChild(QLineEdit, "settings.username").text() == "admin"


def test_the_password_hint_follows_the_policy_live(flow: StartFlow, chinese: None) -> None:
    flow.start()
    wizard = flow.dialog
    hint = wizard.findChild(QLabel, "settings.password_hint")
    assert "至少 8 个字符" in hint.text()
    wizard.findChild(QLineEdit, "settings.password").setText("short")
    assert hint.text() == "密码至少需要 8 个字符"
    wizard.findChild(QLineEdit, "settings.password").setText(ADMIN_PASSWORD)
    assert "符合" in hint.text()


def test_network_mode_reports_a_refused_connection_in_chinese(
    flow: StartFlow, paths: Any, qtbot: Any, chinese: None
) -> None:
    flow.start()
    wizard = flow.dialog
    wizard.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    fill(wizard, {"settings.db_host": "127.0.0.1", "settings.db_password": "secret-pw"})
    wizard.findChild(QSpinBox, "settings.db_port").setValue(1)  # nothing listens there
    wizard.findChild(QPushButton, "settings.test_connection").click()
    result = wizard.findChild(QLabel, "settings.db_test_result")
    wait_for(qtbot, lambda: "服务器" in result.text())
    assert "拒绝" in result.text()
    assert not (paths.config / "pgpass").exists()  # testing never stores the password


def test_network_mode_stores_the_password_in_the_pgpass_file_not_the_config(
    flow: StartFlow, paths: Any
) -> None:
    flow.start()
    form = flow.dialog.db_form
    form.network.setChecked(True)
    form.host.setText("192.168.1.10")
    form.password.setText("secret-pw")
    config = form.apply(load_config(paths))
    assert "secret-pw" not in (config.db_url or "")
    assert f"passfile={paths.config / 'pgpass'}" in (config.db_url or "").replace("%2F", "/")
    assert "192.168.1.10:5432:microstation:microstation:secret-pw" in (paths.config / "pgpass").read_text()


def test_cancelling_the_wizard_ends_the_program(flow: StartFlow, qtbot: Any) -> None:
    flow.start()
    with qtbot.waitSignal(flow.finished) as ended:
        flow.dialog.reject()
    assert ended.args == [0]
    assert auth  # imported for the database-backed assertions above
