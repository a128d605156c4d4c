"""The idle lock: after the station's idle minutes (an injected clock) the contents hide behind the lock page;
the same user's password restores them, another user's login switches user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from desktop.services import settings
from tests.ui.conftest import ADMIN_PASSWORD, DESK_PASSWORD, make_context, wait_for
from ui.main_window import MainWindow
from ui.tabs import TabEntry, register_tab, unregister_tab
from ui.widgets.idle_lock import IdleLock


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(paths: Any, desk: Any, runner: Any, clock: FakeClock, qtbot: Any) -> MainWindow:
    settings.update_settings(desk.core, desk.admin.as_actor(), idle_lock_minutes=3)
    ctx = make_context(paths, desk, runner, desk.admin)
    main = MainWindow(ctx, idle_lock=IdleLock(ctx.settings.idle_lock_minutes, now=clock))
    qtbot.addWidget(main)
    main.show()
    return main


def lock_page(window: MainWindow) -> QWidget:
    return window.findChild(QWidget, "main.lock_page")


def test_idle_minutes_lock_the_screen_and_the_right_password_unlocks(
    window: MainWindow, clock: FakeClock, qtbot: Any
) -> None:
    home = window.findChild(QWidget, "main.home")
    clock.now += 2 * 60 + 59
    window.idle.check()
    assert home.isVisible()
    clock.now += 1
    window.idle.check()
    assert lock_page(window).isVisible()
    assert not home.isVisible()
    assert not window.findChild(QWidget, "main.tabs").isVisible()
    assert not window.menuBar().isEnabled()
    assert window.findChild(QLineEdit, "main.lock_username").text() == "admin"

    window.findChild(QLineEdit, "main.lock_password").setText("wrong-password")
    window.findChild(QPushButton, "main.unlock").click()
    message = window.findChild(QLabel, "main.lock_message")
    wait_for(qtbot, lambda: message.text())
    assert message.text() == "用户名或密码错误。"
    assert lock_page(window).isVisible()

    window.findChild(QLineEdit, "main.lock_password").setText(ADMIN_PASSWORD)
    window.findChild(QPushButton, "main.unlock").click()
    wait_for(qtbot, lambda: home.isVisible())
    assert not lock_page(window).isVisible()
    assert window.menuBar().isEnabled()


def test_input_keeps_the_screen_unlocked(window: MainWindow, clock: FakeClock) -> None:
    clock.now += 170
    event = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window.findChild(QWidget, "main.home"), event)
    clock.now += 170
    window.idle.check()
    assert not lock_page(window).isVisible()


def test_ctrl_l_locks_and_open_dialogs_are_hidden(window: MainWindow, qtbot: Any) -> None:
    window.open_about()
    about = window.findChild(QWidget, "main.about_dialog")
    assert about.isVisible()
    window.findChild(QAction, "main.lock").trigger()
    assert lock_page(window).isVisible()
    assert not about.isVisible()


def test_another_user_may_log_in_on_the_lock_page(window: MainWindow, qtbot: Any) -> None:
    window.lock()
    window.findChild(QLineEdit, "main.lock_username").setText("clerk")
    window.findChild(QLineEdit, "main.lock_password").setText(DESK_PASSWORD)
    with qtbot.waitSignal(window.user_switched, timeout=15_000) as switched:
        window.findChild(QPushButton, "main.unlock").click()
    assert switched.args[0].username == "clerk"
    assert lock_page(window).isVisible()  # the old user's window stays covered until the flow replaces it


class DraftTab(QWidget):
    """A tab holding typed text that has not been saved."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.setObjectName("walkin.tab")
        self.setWindowTitle("来访受理")

    def can_leave(self) -> bool:
        return False


@pytest.fixture
def draft_tab() -> Iterator[TabEntry]:
    entry = TabEntry(DraftTab, None, order=10)
    register_tab(entry)
    yield entry
    unregister_tab(entry)


def test_a_user_switch_never_discards_unsaved_input(
    draft_tab: TabEntry, window: MainWindow, qtbot: Any, chinese: None
) -> None:
    switched: list[Any] = []
    window.user_switched.connect(switched.append)
    window.lock()
    window.findChild(QLineEdit, "main.lock_username").setText("clerk")
    window.findChild(QLineEdit, "main.lock_password").setText(DESK_PASSWORD)
    window.findChild(QPushButton, "main.unlock").click()
    message = window.findChild(QLabel, "main.lock_message")
    wait_for(qtbot, lambda: message.text())
    assert "王管理" in message.text()
    assert "未保存" in message.text()
    assert switched == []
    assert lock_page(window).isVisible()  # still locked, still the administrator's window
    assert window.ctx.user.username == "admin"
    assert window.findChild(QLineEdit, "main.lock_username").text() == "admin"


def test_the_same_user_unlocking_brings_the_account_up_to_date(
    window: MainWindow, desk: Any, qtbot: Any
) -> None:
    from desktop.services import auth

    admin = auth.login(desk.core, "admin", ADMIN_PASSWORD)
    auth.update_user(desk.core, admin.as_actor(), "admin", version=admin.version, display_name="王新名")
    window.lock()
    window.findChild(QLineEdit, "main.lock_password").setText(ADMIN_PASSWORD)
    window.findChild(QPushButton, "main.unlock").click()
    wait_for(qtbot, lambda: not lock_page(window).isVisible())
    assert window.ctx.user.display_name == "王新名"
    assert "王新名" in window.findChild(QLabel, "main.status_user").text()
