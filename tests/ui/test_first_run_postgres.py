"""The first-run wizard in 联网 mode against the test session's PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox, QWizard

from desktop.config import load_config
from desktop.db.database import Database
from desktop.services import station
from tests.conftest import new_pg_database
from tests.ui.conftest import ADMIN_PASSWORD, wait_for
from tests.ui.test_first_run import ADMIN, STATION, fill, past_the_database_page
from ui.dialogs.first_run import PAGE_JOIN, PAGE_STATION
from ui.start_flow import StartFlow

pytestmark = pytest.mark.postgres


def choose_server(wizard: Any, target: Any) -> None:
    wizard.findChild(QRadioButton, "settings.db_mode_postgres").setChecked(True)
    fill(
        wizard,
        {
            "settings.db_host": target.host,
            "settings.db_database": target.database,
            "settings.db_user": target.username,
            "settings.db_password": "station-server-pw",
        },
    )
    wizard.findChild(QSpinBox, "settings.db_port").setValue(target.port)


@pytest.fixture
def flow(paths: Any, runner: Any) -> Iterator[StartFlow]:
    start = StartFlow(paths, None, runner)
    yield start
    start.finish(0)


def test_the_wizard_sets_up_a_station_server(
    flow: StartFlow, pg_server: Any, paths: Any, qtbot: Any, chinese: None
) -> None:
    from sqlalchemy import make_url

    target = make_url(new_pg_database(pg_server, migrated=False))
    flow.start()
    wizard = flow.dialog
    choose_server(wizard, target)
    wizard.findChild(QPushButton, "settings.test_connection").click()
    result = wizard.findChild(QLabel, "settings.db_test_result")
    wait_for(qtbot, lambda: "连接成功" in result.text())
    assert "数据库为空" in result.text()
    assert past_the_database_page(wizard, qtbot) == PAGE_STATION
    fill(wizard, STATION)
    wizard.next()
    fill(wizard, ADMIN)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for(qtbot, lambda: flow.login.isVisible())
    config = load_config(paths)
    assert config.db_url is not None
    assert config.db_url.startswith("postgresql+psycopg://")
    assert "station-server-pw" not in paths.config_file.read_text(encoding="utf-8")
    assert "station-server-pw" in (paths.config / "pgpass").read_text(encoding="utf-8")
    assert flow.core.db.description == f"联网 {target.host}"
    assert station.get_station(flow.core, "XSLX01").name == "录霞社区微派出所"
    assert flow.login.findChild(QLineEdit, "login.username").text() == "admin"


def test_a_second_desk_joins_the_station_server_without_station_or_admin_pages(
    flow: StartFlow, pg_server: Any, paths: Any, qtbot: Any, chinese: None
) -> None:
    from sqlalchemy import make_url

    from desktop.services import auth
    from desktop.services.core import Core

    url = new_pg_database(pg_server)
    first_desk = Core(db=Database(url))
    _info, admin = station.first_run_setup(
        first_desk,
        station.StationInput(code="XSLX01", name="录霞社区微派出所"),
        username="admin",
        display_name="王管理",
        password=ADMIN_PASSWORD,
    )
    first_desk.db.dispose()
    flow.start()
    wizard = flow.dialog
    choose_server(wizard, make_url(url))
    assert past_the_database_page(wizard, qtbot) == PAGE_JOIN
    assert "录霞社区微派出所" in wizard.findChild(QLabel, "settings.join_found").text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for(qtbot, lambda: flow.login.isVisible() and flow.core is not None)
    config = load_config(paths)
    assert (config.db_url or "").startswith("postgresql+psycopg://")
    assert config.station_code == "XSLX01"
    assert "station-server-pw" in (paths.config / "pgpass").read_text(encoding="utf-8")
    assert auth.count_users(flow.core) == 1  # joined, nothing created
    flow.login.findChild(QLineEdit, "login.username").setText("admin")
    flow.login.findChild(QLineEdit, "login.password").setText(ADMIN_PASSWORD)
    flow.login.findChild(QPushButton, "login.submit").click()
    wait_for(qtbot, lambda: flow.window is not None and flow.window.isVisible())
    assert flow.window.ctx.station.code == "XSLX01"
    assert flow.window.ctx.user.username == admin.username
