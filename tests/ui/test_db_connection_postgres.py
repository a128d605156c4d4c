"""A desk moved to the station server from the 数据库连接 dialog: the change is noted in the NEW database's audit
trail (never the password), and the person is told when it takes effect."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QRadioButton, QSpinBox

from desktop.config import load_config
from desktop.db.database import Database
from desktop.services import station
from desktop.services.core import Core
from tests.conftest import new_pg_database
from tests.ui.conftest import ADMIN_PASSWORD, wait_for
from ui.dialogs.db_connection import DbConnectionDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.postgres


def choose(dialog: DbConnectionDialog, url: str) -> None:
    from sqlalchemy import make_url

    target = make_url(url)
    dialog.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    dialog.findChild(QLineEdit, "settings.db_host").setText(target.host or "")
    dialog.findChild(QSpinBox, "settings.db_port").setValue(target.port or 5432)
    dialog.findChild(QLineEdit, "settings.db_database").setText(target.database or "")
    dialog.findChild(QLineEdit, "settings.db_user").setText(target.username or "")
    dialog.findChild(QLineEdit, "settings.db_password").setText("server-pw-123")


def saved_message(window: MainWindow, qtbot: Any) -> str:
    wait_for(qtbot, lambda: window.findChild(QMessageBox, "main.connection_saved"))
    return window.findChild(QMessageBox, "main.connection_saved").text()


def test_the_new_connection_is_recorded_in_the_new_databases_audit_trail(
    admin_ctx: Any, pg_server: Any, paths: Any, qtbot: Any, chinese: None
) -> None:
    from sqlalchemy import text

    url = new_pg_database(pg_server)
    server = Core(db=Database(url))
    station.first_run_setup(
        server,
        station.StationInput(code="XSLX01", name="录霞社区微派出所"),
        username="admin",
        display_name="王管理",
        password=ADMIN_PASSWORD,
    )
    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_db_connection()
    dialog = window.findChild(DbConnectionDialog)
    choose(dialog, url)
    dialog.findChild(QPushButton, "settings.save").click()
    message = saved_message(window, qtbot)
    assert "重新登录" in message
    assert "审计" not in message  # recorded: nothing to excuse
    with server.db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT username, detail FROM audit_event WHERE action = 'desk.settings'")
        ).all()
    server.db.dispose()
    assert len(rows) == 1
    assert rows[0].username == "admin"
    assert "联网" in rows[0].detail
    assert "server-pw-123" not in rows[0].detail
    assert (load_config(paths).db_url or "").startswith("postgresql+psycopg://")


def test_an_empty_server_database_is_saved_without_an_audit_note(
    admin_ctx: Any, pg_server: Any, paths: Any, qtbot: Any, chinese: None
) -> None:
    url = new_pg_database(pg_server, migrated=False)
    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_db_connection()
    dialog = window.findChild(DbConnectionDialog)
    choose(dialog, url)
    dialog.findChild(QPushButton, "settings.save").click()
    message = saved_message(window, qtbot)
    assert "审计" not in message  # nothing to note it in yet: its set-up is recorded there at the next start
    assert load_config(paths).db_url is not None
