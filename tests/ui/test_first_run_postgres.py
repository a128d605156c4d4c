"""The first-run wizard in 联网 mode against the test session's PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox, QWizard

from desktop.config import load_config
from desktop.services import station
from tests.conftest import new_pg_database
from tests.ui.conftest import wait_for
from tests.ui.test_first_run import ADMIN, STATION, fill
from ui.start_flow import StartFlow

pytestmark = pytest.mark.postgres


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
    fill(wizard, STATION)
    wizard.next()
    fill(wizard, ADMIN)
    wizard.next()
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
    wizard.findChild(QPushButton, "settings.test_connection").click()
    result = wizard.findChild(QLabel, "settings.db_test_result")
    wait_for(qtbot, lambda: "连接成功" in result.text())
    assert "数据库为空" in result.text()

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
