"""Fixtures for the GUI tests: a real temporary SQLite database with a station and accounts, a task runner, a context.

Chinese text is never typed with qtbot.keyClicks (it aborts pytest): fields get it with setText().
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.config import DeskConfig, database_url
from desktop.paths import AppPaths

ADMIN_PASSWORD = "Admin#2024pw"
DESK_PASSWORD = "Desk#2024pw"
STATION_NAME = "录霞社区微派出所"


@pytest.fixture
def paths(tmp_path: Any) -> AppPaths:
    return AppPaths.resolve(tmp_path).ensure()


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[Any]:
    from ui.tasks import TaskRunner

    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait_for_done()


@dataclass
class Desk:
    """A set-up database: the station, its administrator and one desk clerk who must change the password."""

    core: Any
    station: Any
    admin: Any
    clerk: Any
    url: str


@pytest.fixture
def desk(paths: AppPaths) -> Iterator[Desk]:
    from desktop.db.startup import open_database
    from desktop.services import auth
    from desktop.services.core import Core
    from desktop.services.station import StationInput, first_run_setup

    url = database_url(paths, DeskConfig())
    core = Core(db=open_database(url, backup_dir=paths.backups).db)
    station, admin = first_run_setup(
        core,
        StationInput(
            code="XSLX01",
            name=STATION_NAME,
            police_station="新村派出所",
            address="湛江市霞山区录霞路1号",
            phone="0759-2222222",
        ),
        username="admin",
        display_name="王管理",
        password=ADMIN_PASSWORD,
    )
    clerk = auth.add_user(
        core, admin.as_actor(), username="clerk", role="desk", display_name="李辅警", password=DESK_PASSWORD
    )
    yield Desk(core, station, admin, clerk, url)
    core.db.dispose()


def make_context(paths: AppPaths, desk: Desk, runner: Any, user: Any) -> Any:
    from desktop.services.settings import get_settings
    from ui.context import DeskContext

    config = DeskConfig(station_code=desk.station.code)
    return DeskContext(paths, config, desk.core, desk.station, user, get_settings(desk.core), runner)


@pytest.fixture
def admin_ctx(paths: AppPaths, desk: Desk, runner: Any) -> Any:
    return make_context(paths, desk, runner, desk.admin)


def top_level(kind: type[QWidget], name: str | None = None) -> QWidget | None:
    """The visible top-level window of `kind` (and object name), as a person would see it."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible() and (name is None or widget.objectName() == name):
            return widget
    return None


def wait_for(qtbot: Any, condition: Callable[[], Any], timeout: int = 15_000) -> None:
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The zh_CN translators the app installs, for tests that check the Chinese a person reads."""
    from PySide6.QtCore import QLocale

    from ui.app import install_translators

    locale = QLocale()
    installed = install_translators(qapp)
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(locale)


@pytest.fixture
def themed(qapp: QApplication, paths: AppPaths) -> Iterator[None]:
    """The app's real look (qt-material, bundled font), for layout tests; the session's look comes back after."""
    from PySide6.QtGui import QGuiApplication

    from ui.theme import apply_look

    saved = (qapp.styleSheet(), qapp.font(), QGuiApplication.palette(), qapp.style().name())
    apply_look(qapp, paths.cache)
    yield
    sheet, font, palette, style = saved
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    QGuiApplication.setPalette(palette)
    qapp.setStyle(style)
