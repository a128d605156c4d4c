"""The first-run wizard on a fresh data folder: the database first; an empty one gets the station and the
administrator, one already set up is joined as it is; then login works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox, QWidget, QWizard

from desktop.config import load_config
from desktop.services import auth, station
from tests.ui.conftest import ADMIN_PASSWORD, DESK_PASSWORD, Desk, top_level, wait_for
from ui.dialogs.change_password import ChangePasswordDialog
from ui.dialogs.first_run import PAGE_ADMIN, PAGE_DATABASE, PAGE_JOIN, PAGE_STATION, FirstRunWizard
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


def past_the_database_page(wizard: Any, qtbot: Any) -> int:
    """Press Next on the database page and wait for the look into the database; returns the page reached."""
    assert wizard.currentId() == PAGE_DATABASE
    wizard.next()
    wait_for(qtbot, lambda: wizard.currentId() != PAGE_DATABASE)
    return int(wizard.currentId())


def test_the_wizard_starts_with_the_database_choice_then_creates_station_and_admin(
    flow: StartFlow, paths: Any, qtbot: Any
) -> None:
    flow.start()
    wizard = flow.dialog
    assert isinstance(wizard, FirstRunWizard)
    assert wizard.isVisible()
    assert wizard.currentId() == PAGE_DATABASE
    assert wizard.findChild(QRadioButton, "settings.db_mode_sqlite").isChecked()
    assert past_the_database_page(wizard, qtbot) == PAGE_STATION  # an empty database: set it up
    assert not paths.default_database.exists()  # looking created nothing
    assert wizard.findChild(QLineEdit, "settings.region_code").text() == "440803"
    fill(wizard, STATION)
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN
    fill(wizard, ADMIN)
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


def test_a_database_already_set_up_is_joined_without_station_or_admin_pages(
    flow: StartFlow, desk: Desk, paths: Any, qtbot: Any
) -> None:
    desk.core.db.dispose()
    flow.show_wizard()  # as when this desk's data file was made by another program start
    wizard = flow.dialog
    assert past_the_database_page(wizard, qtbot) == PAGE_JOIN
    found = wizard.findChild(QLabel, "settings.join_found").text()
    assert "录霞社区微派出所" in found
    assert "XSLX01" in found
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for(qtbot, lambda: flow.login.isVisible() and flow.core is not None)
    assert not wizard.isVisible()
    assert load_config(paths).station_code == "XSLX01"
    assert auth.count_users(flow.core) == 2  # nothing was created
    assert flow.login.findChild(QLineEdit, "login.username").text() == ""
    flow.login.findChild(QLineEdit, "login.username").setText("clerk")
    flow.login.findChild(QLineEdit, "login.password").setText(DESK_PASSWORD)
    flow.login.findChild(QPushButton, "login.submit").click()
    wait_for(qtbot, lambda: top_level(ChangePasswordDialog))  # the clerk's first login, as on any desk


def test_a_database_set_up_meanwhile_by_another_desk_is_joined_instead(
    flow: StartFlow, paths: Any, qtbot: Any
) -> None:
    from desktop.config import DeskConfig, database_url
    from desktop.db.startup import open_database
    from desktop.services.core import Core

    flow.start()
    wizard = flow.dialog
    assert past_the_database_page(wizard, qtbot) == PAGE_STATION
    fill(wizard, STATION)
    wizard.next()
    fill(wizard, ADMIN)
    other_desk = Core(db=open_database(database_url(paths, DeskConfig()), backup_dir=paths.backups).db)
    station.first_run_setup(
        other_desk,
        station.StationInput(code="XSHB02", name="海滨社区微派出所"),
        username="boss",
        display_name="赵站长",
        password=ADMIN_PASSWORD,
    )
    other_desk.db.dispose()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for(qtbot, lambda: wizard.currentId() == PAGE_JOIN)
    assert "海滨社区微派出所" in wizard.findChild(QLabel, "settings.join_found").text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for(qtbot, lambda: flow.login.isVisible() and flow.core is not None)
    assert load_config(paths).station_code == "XSHB02"
    assert auth.count_users(flow.core) == 1  # the other desk's administrator only


def test_a_bad_value_is_shown_under_its_field_and_nothing_typed_is_lost(flow: StartFlow, qtbot: Any) -> None:
    flow.start()
    wizard = flow.dialog
    past_the_database_page(wizard, qtbot)
    fill(wizard, {**STATION, "settings.region_code": "4408"})
    wizard.next()
    assert wizard.currentId() == PAGE_STATION
    error = wizard.findChild(QLabel, "settings.region_code_error")
    assert error.isVisible()
    assert "6 位数字" in error.text()
    assert error.text().endswith("。")
    assert wizard.findChild(QLineEdit, "settings.name").text() == "录霞社区微派出所"

    wizard.findChild(QLineEdit, "settings.region_code").setText("440803")
    wizard.next()
    fill(wizard, {**ADMIN, "settings.password_repeat": "Different#2024"})
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.currentId() == PAGE_ADMIN
    assert wizard.findChild(QLabel, "settings.password_repeat_error").isVisible()
    assert wizard.findChild(QLineEdit, "settings.username").text() == "admin"


def test_the_password_hint_follows_the_policy_live_and_steps_aside_for_an_error(
    flow: StartFlow, qtbot: Any, chinese: None
) -> None:
    flow.start()
    wizard = flow.dialog
    past_the_database_page(wizard, qtbot)
    fill(wizard, STATION)
    wizard.next()
    hint = wizard.findChild(QLabel, "settings.password_hint")
    assert "至少 8 个字符" in hint.text()
    password = wizard.findChild(QLineEdit, "settings.password")
    password.setText("short")
    assert hint.text() == "密码至少需要 8 个字符。"
    fill(wizard, {**ADMIN, "settings.password": "short", "settings.password_repeat": "short"})
    wizard.button(QWizard.WizardButton.FinishButton).click()
    error = wizard.findChild(QLabel, "settings.password_error")
    assert error.isVisible()
    assert error.text() == "密码至少需要 8 个字符。"
    assert not hint.isVisible()  # said once, in red under the field
    QTest.keyClick(password, Qt.Key.Key_X)  # editing the field takes the error away …
    assert not error.isVisible()
    assert hint.isVisible()  # … and the live hint is back
    fill(wizard, {"settings.password": ADMIN_PASSWORD, "settings.password_repeat": ADMIN_PASSWORD})
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


def test_an_unreachable_server_is_reported_once_and_the_wizard_waits_on_the_first_page(
    flow: StartFlow, qtbot: Any, chinese: None
) -> None:
    flow.start()
    wizard = flow.dialog
    wizard.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    fill(wizard, {"settings.db_host": "127.0.0.1", "settings.db_password": "secret-pw"})
    wizard.findChild(QSpinBox, "settings.db_port").setValue(1)
    wizard.next()
    status = wizard.findChild(QLabel, "settings.wizard_status")
    wait_for(qtbot, lambda: "拒绝" in status.text())  # in the same words as 测试连接
    assert wizard.currentId() == PAGE_DATABASE
    assert status.text().count("。") == 1
    assert all(
        not label.isVisible()
        for label in wizard.findChildren(QLabel)
        if label.objectName().endswith("_error")
    )
    wizard.findChild(QRadioButton, "settings.db_mode_sqlite").setChecked(True)
    assert past_the_database_page(wizard, qtbot) == PAGE_STATION


def test_missing_server_details_are_shown_under_the_fields_which_keep_their_height(
    themed: None, chinese: None, flow: StartFlow, qtbot: Any
) -> None:
    flow.start()
    wizard = flow.dialog
    wizard.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    fill(wizard, {"settings.db_database": "", "settings.db_user": ""})
    names = ("settings.db_host", "settings.db_port", "settings.db_database", "settings.db_user")
    fields = [wizard.findChild(QWidget, name) for name in names]
    qtbot.wait(50)
    before = [field.height() for field in fields]
    assert min(before) >= 28
    wizard.next()
    qtbot.wait(50)
    for name in ("settings.db_host_error", "settings.db_database_error", "settings.db_user_error"):
        error = wizard.findChild(QLabel, name)
        assert error.isVisible()
        assert error.text().endswith("。")
    assert wizard.currentId() == PAGE_DATABASE
    assert [field.height() for field in fields] == before
    host, error = fields[0], wizard.findChild(QLabel, "settings.db_host_error")
    assert error.mapTo(wizard, error.rect().topLeft()).y() >= host.mapTo(wizard, host.rect().bottomLeft()).y()


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
