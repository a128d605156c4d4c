"""The walk-in tab on a PostgreSQL server that goes away while a form is open: the test has its OWN server (so it
can stop it without touching the session's) and stops it with `pg_ctl -m fast stop`, as a restart of the station's
server PC does.

- Restarted within the save's backoff: the save goes through on a later attempt — exactly one row, one number.
- Down past the retries: the clerk is told it did not go through, the form keeps everything, the light is red;
  the server back → the light turns green by itself → save again → exactly one row (the same request id).
- Any call of the window that loses the connection (here the list's search) turns the light red at once, not at
  the next 10-second poll; it turns green again when the server answers.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QStatusBar
from sqlalchemy import func, select

import desktop.db.retry as retry
from desktop.db.database import Database
from desktop.db.models import Application, Counter
from desktop.db.schema import upgrade
from desktop.paths import AppPaths
from desktop.services import auth
from tests.conftest import REQUIRE_PG
from tests.helpers.pg import PgServer, _as_postgres_user, start_server
from tests.ui.conftest import ADMIN_PASSWORD, DESK_PASSWORD, STATION_NAME, Desk, wait_for
from tests.ui.test_walkin_tab import APPLICANT_ID, fill_person_and_business, find, open_tab, press

pytestmark = pytest.mark.postgres
TEMPLATE = "faults_template"


class OwnServer:
    """A server only these tests use: stopped and started again in the middle of a test."""

    def __init__(self, server: PgServer) -> None:
        assert server.data_dir is not None
        assert server.pg_ctl is not None
        self.server, self.data, self.pg_ctl = server, server.data_dir, server.pg_ctl
        self.root = self.data.parent
        self.databases = 0

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        options = f"-p {self.server.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-o", options, "-l", str(self.root / "log"), "-w", "start")

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres_user([self.pg_ctl, "-D", str(self.data), *args]), check=True,
                       capture_output=True)  # fmt: skip

    def new_database(self) -> str:
        self.databases += 1
        name = f"faults_{self.databases}"
        self.server.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.server.url(name)


@pytest.fixture(scope="module")
def own_server() -> Iterator[OwnServer]:
    server = start_server()
    if server is None or server.data_dir is None:
        message = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found"
            if server is None
            else "MICROSTATION_TEST_PG_URL names an external server, which this test must not stop"
        )
        if REQUIRE_PG:
            pytest.fail(message + " — CI requires a server this test can restart")
        pytest.skip(message)
    server.execute(f"CREATE DATABASE {TEMPLATE}")
    template = Database(server.url(TEMPLATE))
    upgrade(template)
    template.dispose()
    yield OwnServer(server)
    server.stop()


@pytest.fixture
def pg_desk(own_server: OwnServer) -> Iterator[Desk]:
    from desktop.services.core import Core
    from desktop.services.station import StationInput, first_run_setup

    url = own_server.new_database()
    core = Core(db=Database(url))
    station, admin = first_run_setup(
        core,
        StationInput(code="XSLX01", name=STATION_NAME, police_station="新村派出所", phone="0759-2222222"),
        username="admin",
        display_name="王管理",
        password=ADMIN_PASSWORD,
    )
    clerk = auth.add_user(
        core, admin.as_actor(), username="clerk", role="desk", display_name="李辅警", password=DESK_PASSWORD
    )
    yield Desk(core, station, admin, clerk, url)
    core.db.dispose()


@pytest.fixture
def server_back(own_server: OwnServer) -> Iterator[OwnServer]:
    """The server running again after the test, whatever happened in it."""
    yield own_server
    status = subprocess.run(_as_postgres_user([own_server.pg_ctl, "-D", str(own_server.data), "status"]),
                            capture_output=True)  # fmt: skip
    if status.returncode != 0:
        own_server.start()


def ready_form(qtbot: Any, tab: Any) -> QPushButton:
    fill_person_and_business(qtbot, tab)
    for code in ("hukou_book", "old_id_card", "photo_receipt"):
        find(tab, QCheckBox, f"walkin.materials.received.{code}").setChecked(True)
    save = find(tab, QPushButton, "walkin.save")
    wait_for(qtbot, save.isEnabled)
    return save


def rows(desk: Desk) -> tuple[list[str], int]:
    with desk.core.db.read() as session:
        numbers = list(session.execute(select(Application.receipt_no)).scalars())
        last = session.execute(select(func.coalesce(func.max(Counter.last_no), 0))).scalar_one()
    return numbers, int(last)


def light_is(status: QStatusBar, colour: str) -> bool:
    return colour in find(status, QLabel, "main.status_light").styleSheet()


RED, GREEN = "#c62828", "#2e7d32"


def test_server_restarted_while_saving_the_save_goes_through_once(
    qtbot: Any, paths: AppPaths, pg_desk: Desk, runner: Any, server_back: OwnServer
) -> None:
    tab = open_tab(qtbot, paths, pg_desk, runner)
    status = tab.window().findChild(QStatusBar, "main.status")
    wait_for(qtbot, lambda: light_is(status, GREEN))
    save = ready_form(qtbot, tab)

    server_back.stop()
    # Any call that loses the connection turns the light red at once: the list's search, long before a poll.
    search = find(tab, QLineEdit, "walkin.search")
    search.setFocus()
    qtbot.keyClicks(search, "138")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: light_is(status, RED), timeout=5_000)
    assert "lost" in status.currentMessage() or "中断" in status.currentMessage()

    save.setFocus()
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    message = find(tab, QLabel, "walkin.message")
    # The window keeps working while the save waits for the server: it says it is trying again.
    wait_for(qtbot, lambda: "attempt 2" in message.text() or "第 2 次" in message.text(), timeout=5_000)
    assert tab.form.busy
    server_back.start()  # within the backoff (0.5 + 1 + 2 + 4 s)

    number = find(tab, QLabel, "walkin.receipt_no")
    wait_for(qtbot, lambda: number.text().startswith("XSLX01-"), timeout=20_000)
    assert rows(pg_desk) == ([number.text()], 1)
    assert number.text().endswith("-0001")
    wait_for(qtbot, lambda: light_is(status, GREEN), timeout=5_000)


def test_server_down_past_the_retries_keeps_the_form_and_the_same_request_saves_once(
    qtbot: Any,
    paths: AppPaths,
    pg_desk: Desk,
    runner: Any,
    server_back: OwnServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(retry, "DELAYS", (0.2, 0.2))  # the giving up, not the waiting, is under test here
    tab = open_tab(qtbot, paths, pg_desk, runner)
    status = tab.window().findChild(QStatusBar, "main.status")
    save = ready_form(qtbot, tab)
    request_id = tab.form.request_id

    server_back.stop()
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    message = find(tab, QLabel, "walkin.message")
    wait_for(qtbot, lambda: "Not saved" in message.text() or "没有保存" in message.text(), timeout=20_000)
    assert light_is(status, RED)
    assert find(tab, QLineEdit, "walkin.name").text() == "陈志明"
    assert find(tab, QLineEdit, "walkin.id_number").text().upper() == APPLICANT_ID
    assert find(tab, QLineEdit, "walkin.phone").text() == "13812345678"
    assert find(tab, QCheckBox, "walkin.materials.received.old_id_card").isChecked()
    assert tab.form.record is None
    assert tab.form.request_id == request_id

    server_back.start()
    wait_for(qtbot, lambda: light_is(status, GREEN), timeout=8_000)  # the 2-second poll while red
    assert "restored" in status.currentMessage() or "恢复" in status.currentMessage()
    wait_for(qtbot, save.isEnabled)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    number = find(tab, QLabel, "walkin.receipt_no")
    wait_for(qtbot, lambda: number.text().startswith("XSLX01-"))
    assert rows(pg_desk) == ([number.text()], 1)
