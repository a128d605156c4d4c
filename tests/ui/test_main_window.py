"""The main window: status bar facts from the database, the home page, menus by role, the tab registry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from desktop.services.core import Permission
from tests.ui.conftest import make_context, wait_for
from ui.main_window import MainWindow
from ui.tabs import TabEntry, register_tab, unregister_tab


@pytest.fixture
def window(admin_ctx: Any, qtbot: Any) -> MainWindow:
    main = MainWindow(admin_ctx)
    qtbot.addWidget(main)
    main.show()
    return main


def label(window: QWidget, name: str) -> str:
    return window.findChild(QLabel, name).text()


def test_the_status_bar_shows_station_user_and_single_desk_mode(window: MainWindow, qtbot: Any) -> None:
    assert window.windowTitle() == "微派出所前台受理系统"
    assert label(window, "main.status_station") == "录霞社区微派出所"
    assert "王管理" in label(window, "main.status_user")
    assert "站管理员" in label(window, "main.status_user")
    assert label(window, "main.status_db") == "单机"
    wait_for(qtbot, lambda: window.status.connected is True)  # the ping answered: green light
    assert label(window, "main.status_today").endswith("0")


def test_without_business_tabs_the_home_page_shows_the_station_and_today(
    window: MainWindow, qtbot: Any
) -> None:
    home = window.findChild(QWidget, "main.home")
    assert home.isVisible()
    assert not window.findChild(QTabWidget, "main.tabs").isVisible()
    assert label(window, "main.home_station") == "录霞社区微派出所"
    assert "新村派出所" in label(window, "main.home_station_details")
    assert "王管理" in label(window, "main.home_user")
    wait_for(qtbot, lambda: label(window, "main.home_today_total") == "0")
    assert window.findChild(QWidget, "main.open_users") is not None


def test_the_admin_menu_is_for_administrators_only(paths: Any, desk: Any, runner: Any, qtbot: Any) -> None:
    from desktop.services import auth

    clerk = auth.login(desk.core, "clerk", "Desk#2024pw")
    main = MainWindow(make_context(paths, desk, runner, clerk))
    qtbot.addWidget(main)
    assert main.findChild(QAction, "main.users") is None
    assert main.findChild(QWidget, "main.open_users") is None
    assert main.findChild(QAction, "main.lock") is not None
    assert "辅警" in label(main, "main.status_user")


class CounterTab(QWidget):
    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.setObjectName("walkin.tab")
        self.setWindowTitle("来访受理")
        self.saved = 0

    def save(self) -> None:
        self.saved += 1


@pytest.fixture
def intake_tab() -> Iterator[TabEntry]:
    entry = TabEntry(CounterTab, Permission.INTAKE, order=5)  # before the built-in tabs
    register_tab(entry)
    yield entry
    unregister_tab(entry)


def test_a_registered_tab_replaces_the_home_page_for_its_roles(
    intake_tab: TabEntry, paths: Any, desk: Any, runner: Any, qtbot: Any
) -> None:
    from desktop.services import auth

    clerk = auth.login(desk.core, "clerk", "Desk#2024pw")
    main = MainWindow(make_context(paths, desk, runner, clerk))
    qtbot.addWidget(main)
    main.show()
    tabs = main.findChild(QTabWidget, "main.tabs")
    assert tabs.isVisible()
    # this test's tab, then the built-in 来访受理 (10), 出入境受理 (20), 矛盾调解 (30), 回执管理 (40), 当日审核 (50)
    names = [tabs.widget(i).objectName() for i in range(tabs.count())]
    assert names[1:] == ["walkin.tab", "exit_entry.tab", "mediation.tab", "receipts.tab", "review.tab"]
    assert tabs.tabText(0) == "来访受理"
    assert not main.findChild(QWidget, "main.home").isVisible()
    main.findChild(QAction, "main.tab_save").trigger()  # Ctrl+S goes to the current tab
    assert tabs.widget(0).saved == 1


def test_a_tab_is_not_shown_to_a_role_without_its_permission(
    intake_tab: TabEntry, window: MainWindow
) -> None:
    assert window.findChild(QTabWidget, "main.tabs").count() == 0  # the administrator does no intake
    assert window.findChild(QWidget, "main.home").isVisible()


def test_a_tab_is_built_when_first_shown_under_its_own_title(
    paths: Any, desk: Any, runner: Any, qtbot: Any
) -> None:
    from desktop.services import auth
    from ui.tabs.mediation import MediationTab

    clerk = auth.login(desk.core, "clerk", "Desk#2024pw")
    main = MainWindow(make_context(paths, desk, runner, clerk))
    qtbot.addWidget(main)
    main.show()
    tabs = main.findChild(QTabWidget, "main.tabs")
    index = next(i for i in range(tabs.count()) if tabs.widget(i).objectName() == "mediation.tab")
    title = tabs.tabText(index)
    assert title == "Mediation"
    assert not isinstance(tabs.widget(index), MediationTab)  # not built at login
    tabs.setCurrentIndex(index)  # as a click on the tab does
    built = tabs.widget(index)
    assert isinstance(built, MediationTab)
    assert (tabs.currentWidget(), tabs.tabText(index), tabs.count()) == (built, title, 5)
    assert main.tab("mediation.tab") is built  # shown again: the same tab, not a second one
    assert main.can_leave()
