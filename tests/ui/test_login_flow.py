"""The start flow against a real database: login outcomes next to the fields, lockout, forced password change,
and a database from a newer program refused without being touched."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from desktop.config import load_config
from desktop.services import auth
from tests.ui.conftest import ADMIN_PASSWORD, DESK_PASSWORD, Desk, top_level, wait_for
from ui.dialogs.change_password import ChangePasswordDialog
from ui.dialogs.startup_error import StartupErrorDialog
from ui.main_window import MainWindow
from ui.start_flow import StartFlow


@pytest.fixture
def flow(paths: Any, runner: Any, qtbot: Any) -> Iterator[StartFlow]:
    start = StartFlow(paths, None, runner)
    yield start
    start.finish(0)


def started(flow: StartFlow, qtbot: Any) -> Any:
    flow.start()
    login = flow.login
    assert login.isVisible()
    wait_for(qtbot, lambda: flow.core is not None)  # the database opens behind the visible dialog
    return login


def log_in(login: Any, username: str, password: str) -> None:
    login.findChild(QLineEdit, "login.username").setText(username)
    login.findChild(QLineEdit, "login.password").setText(password)
    login.findChild(QPushButton, "login.submit").click()


def test_the_login_dialog_shows_before_the_database_is_open(flow: StartFlow, desk: Desk, qtbot: Any) -> None:
    flow.start()
    assert flow.login.isVisible()
    assert flow.core is None or flow.core.db is not None
    wait_for(qtbot, lambda: flow.core is not None)


def test_wrong_password_shows_the_message_next_to_the_fields_and_keeps_the_username(
    flow: StartFlow, desk: Desk, qtbot: Any
) -> None:
    login = started(flow, qtbot)
    log_in(login, "admin", "not-the-password")
    message = login.findChild(QLabel, "login.message")
    wait_for(qtbot, lambda: message.text())
    assert message.text() == "用户名或密码错误。"
    assert login.findChild(QLineEdit, "login.username").text() == "admin"
    assert login.findChild(QLineEdit, "login.password").text() == ""
    assert login.isVisible()
    assert flow.window is None


def test_five_failures_lock_the_account(flow: StartFlow, desk: Desk, qtbot: Any) -> None:
    login = started(flow, qtbot)
    message = login.findChild(QLabel, "login.message")
    submit = login.findChild(QPushButton, "login.submit")
    for attempt in range(5):
        log_in(login, "clerk", f"wrong-{attempt}")
        wait_for(qtbot, lambda: submit.isEnabled() and message.text())
        if attempt < 4:
            assert message.text() == "用户名或密码错误。"
            message.clear()
    assert message.text() == "密码错误次数过多，账户已锁定 15 分钟。"
    message.clear()
    log_in(login, "clerk", DESK_PASSWORD)  # even the right password is refused while locked
    wait_for(qtbot, lambda: message.text())
    assert message.text().startswith("账户已锁定")
    users = {u.username: u for u in auth.list_users(desk.core, desk.admin.as_actor())}
    assert users["clerk"].locked_until is not None


def test_a_reset_password_must_be_changed_before_the_main_window(
    flow: StartFlow, desk: Desk, qtbot: Any
) -> None:
    login = started(flow, qtbot)
    log_in(login, "clerk", DESK_PASSWORD)
    wait_for(qtbot, lambda: top_level(ChangePasswordDialog))
    dialog = top_level(ChangePasswordDialog)
    assert not login.isVisible()
    assert flow.window is None
    dialog.findChild(QLineEdit, "settings.old_password").setText(DESK_PASSWORD)
    dialog.findChild(QLineEdit, "settings.new_password").setText("Changed#2024")
    dialog.findChild(QLineEdit, "settings.password_repeat").setText("Changed#2024")
    dialog.findChild(QPushButton, "settings.save").click()
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
    assert isinstance(flow.window, MainWindow)
    assert flow.window.windowTitle() == "微派出所前台受理系统"
    user = auth.login(desk.core, "clerk", "Changed#2024")
    assert not user.must_change_password


def test_leaving_the_forced_change_goes_back_to_login(flow: StartFlow, desk: Desk, qtbot: Any) -> None:
    login = started(flow, qtbot)
    log_in(login, "clerk", DESK_PASSWORD)
    wait_for(qtbot, lambda: top_level(ChangePasswordDialog))
    top_level(ChangePasswordDialog).findChild(QPushButton, "settings.cancel").click()
    assert login.isVisible()
    assert flow.window is None


def test_the_only_station_is_remembered_in_the_config(
    flow: StartFlow, desk: Desk, paths: Any, qtbot: Any
) -> None:
    login = started(flow, qtbot)
    assert load_config(paths).station_code == "XSLX01"
    log_in(login, "admin", ADMIN_PASSWORD)
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
    assert flow.window.ctx.station.name == "录霞社区微派出所"


def test_a_database_of_a_newer_program_is_refused_untouched(
    flow: StartFlow, desk: Desk, paths: Any, qtbot: Any
) -> None:
    from sqlalchemy import text

    with desk.core.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    desk.core.db.dispose()
    before = paths.default_database.read_bytes()
    flow.start()
    wait_for(qtbot, lambda: top_level(StartupErrorDialog))
    dialog = top_level(StartupErrorDialog)
    assert "请升级本机程序" in dialog.findChild(QLabel, "login.startup_message").text()
    assert not flow.login.isVisible()
    assert paths.default_database.read_bytes() == before
    with qtbot.waitSignal(flow.finished) as quit_signal:
        dialog.findChild(QPushButton, "login.quit_app").click()
    assert quit_signal.args == [1]


def test_an_unreachable_server_offers_to_change_the_connection(
    paths: Any, runner: Any, desk: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QRadioButton

    from ui.dialogs.db_connection import DbConnectionDialog

    flow = StartFlow(paths, "postgresql+psycopg://microstation@127.0.0.1:1/microstation", runner)
    try:
        flow.start()
        wait_for(qtbot, lambda: top_level(StartupErrorDialog))
        error = top_level(StartupErrorDialog)
        assert "无法连接数据库" in error.findChild(QLabel, "login.startup_message").text()
        error.findChild(QPushButton, "login.change_connection").click()
        dialog = top_level(DbConnectionDialog)
        dialog.findChild(QRadioButton, "settings.db_mode_sqlite").setChecked(True)
        dialog.findChild(QPushButton, "settings.save").click()
        wait_for(qtbot, lambda: flow.core is not None)
        assert flow.login.isVisible()
        assert flow.core.db.description == "单机"
    finally:
        flow.finish(0)


def test_with_several_stations_the_desk_chooses_at_login(
    flow: StartFlow, desk: Desk, paths: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QComboBox

    from desktop.services import station

    station.init_station(
        desk.core, desk.admin.as_actor(), station.StationInput(code="XSHB02", name="海滨社区微派出所")
    )
    login = started(flow, qtbot)
    combo = login.findChild(QComboBox, "login.station")
    assert combo.isVisible()
    assert combo.count() == 2
    combo.setCurrentIndex(combo.findData("XSHB02"))
    log_in(login, "admin", ADMIN_PASSWORD)
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
    assert flow.window.ctx.station.code == "XSHB02"
    assert load_config(paths).station_code == "XSHB02"


def test_an_administrator_creates_the_missing_station_after_login(
    flow: StartFlow, paths: Any, qtbot: Any
) -> None:
    from desktop.config import DeskConfig, database_url
    from desktop.db.startup import open_database
    from desktop.services.core import Core, command_line_actor

    core = Core(db=open_database(database_url(paths, DeskConfig()), backup_dir=paths.backups).db)
    auth.add_user(
        core,
        command_line_actor(),
        username="admin",
        role="admin",
        display_name="王管理",
        password=ADMIN_PASSWORD,
    )
    core.db.dispose()
    login = started(flow, qtbot)
    log_in(login, "admin", ADMIN_PASSWORD)
    from ui.dialogs.station_settings import StationSettingsDialog

    wait_for(qtbot, lambda: top_level(StationSettingsDialog))
    dialog = top_level(StationSettingsDialog)
    dialog.findChild(QLineEdit, "settings.code").setText("XSLX01")
    dialog.findChild(QLineEdit, "settings.name").setText("录霞社区微派出所")
    dialog.findChild(QPushButton, "settings.save").click()
    wait_for(qtbot, lambda: top_level(ChangePasswordDialog))  # the CLI's temporary password must be changed
    assert load_config(paths).station_code == "XSLX01"


def test_quitting_leaves_the_screen_before_waiting_for_background_work(
    flow: StartFlow, desk: Desk, qtbot: Any, monkeypatch: Any
) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    login = started(flow, qtbot)
    log_in(login, "admin", ADMIN_PASSWORD)
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
    flow.runner.run(lambda: time.sleep(0.5), quiet=True)  # e.g. a ping waiting for a server
    seen_while_waiting: list[list[str]] = []
    wait = flow.runner.wait_for_done

    def watching(msecs: int = 10_000) -> bool:
        seen_while_waiting.append([w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()])
        return wait(msecs)

    monkeypatch.setattr(flow.runner, "wait_for_done", watching)
    flow.window.findChild(QAction, "main.quit").trigger()
    assert seen_while_waiting == [[]]  # nothing on screen while the program waits


def test_the_password_hint_never_contradicts_the_error(
    flow: StartFlow, desk: Desk, qtbot: Any, chinese: None
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    login = started(flow, qtbot)
    log_in(login, "clerk", DESK_PASSWORD)
    wait_for(qtbot, lambda: top_level(ChangePasswordDialog))
    dialog = top_level(ChangePasswordDialog)
    hint = dialog.findChild(QLabel, "settings.password_hint")
    dialog.findChild(QLineEdit, "settings.old_password").setText(DESK_PASSWORD)
    new = dialog.findChild(QLineEdit, "settings.new_password")
    new.setText(DESK_PASSWORD)
    dialog.findChild(QLineEdit, "settings.password_repeat").setText(DESK_PASSWORD)
    assert hint.text() == "新密码不能与原密码相同。"  # the hint knows the rule too
    dialog.findChild(QPushButton, "settings.save").click()
    error = dialog.findChild(QLabel, "settings.new_password_error")
    wait_for(qtbot, lambda: error.isVisible())
    assert error.text() == "新密码不能与原密码相同。"
    assert not hint.isVisible()
    QTest.keyClick(new, Qt.Key.Key_A)
    assert not error.isVisible()
    assert hint.isVisible()
    assert "✔" not in hint.text()  # the repeat no longer matches: no green tick


def test_logging_in_again_after_a_connection_change_reopens_the_database(
    flow: StartFlow, desk: Desk, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.dialogs.db_connection import DbConnectionDialog

    login = started(flow, qtbot)
    log_in(login, "admin", ADMIN_PASSWORD)
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
    window, old_core = flow.window, flow.core
    window.open_db_connection()
    window.findChild(DbConnectionDialog).findChild(QPushButton, "settings.save").click()
    wait_for(qtbot, lambda: window.findChild(QMessageBox, "main.connection_saved"))
    window.findChild(QMessageBox, "main.connection_saved").findChild(QPushButton, "main.relogin_now").click()
    wait_for(qtbot, lambda: flow.core is not None and flow.core is not old_core)
    assert flow.window is None
    assert login.isVisible()
    assert login.findChild(QLineEdit, "login.password").text() == ""
    log_in(login, "admin", ADMIN_PASSWORD)
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
