"""The main window: business tabs (or the home page while none is registered), menus, status bar, idle lock.

The central widget is a stack of the working area and the lock page; locking shows the lock page, hides the working
area (tabs included) and any open dialog, and disables the menus — the desk faces the public.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QStackedWidget, QTabWidget, QWidget

from desktop import APP_TITLE
from desktop.errors import PermissionDenied
from desktop.services.core import Permission
from ui.context import DeskContext
from ui.errors import show_error
from ui.tabs import TabEntry, tabs_for
from ui.widgets.home_page import HomePage
from ui.widgets.idle_lock import IdleLock
from ui.widgets.lock_page import LockPage
from ui.widgets.status_bar import DeskStatusBar

if TYPE_CHECKING:
    from desktop.config import DeskConfig
    from desktop.services.auth import UserInfo

log = logging.getLogger(__name__)

# Shortcut → the method a tab may implement (see ui.tabs).
TAB_COMMANDS = (
    ("F2", "new_record"),
    ("Ctrl+S", "save"),
    ("Ctrl+P", "print_document"),
    ("Ctrl+F", "search"),
    ("Esc", "cancel"),
)


def _register_fonts() -> None:
    from desktop.documents.fonts import default_fonts  # reportlab: imported off the GUI thread

    default_fonts()


class MainWindow(QMainWindow):
    logout_requested = Signal()
    reconnect_requested = Signal()  # a new database connection was saved: log in again on it now
    quit_requested = Signal()
    user_switched = Signal(object)  # UserInfo of another user who logged in on the lock page

    def __init__(self, ctx: DeskContext, *, idle_lock: IdleLock | None = None) -> None:
        super().__init__()
        self.setObjectName("main.window")
        self.ctx = ctx
        self.setWindowTitle(APP_TITLE)
        self.resize(1200, 760)
        screen = self.screen()
        if screen is not None:  # never taller or wider than the screen (the status bar would be cut off)
            room = screen.availableGeometry()
            self.resize(min(1200, room.width()), min(760, room.height() - 40))
        # The frame first, the tabs into it: a widget tree moved under a new parent is polished again (qt-material's
        # style sheet), so tabs built before the window existed were polished three times over.
        self.stack = QStackedWidget()
        self.stack.setObjectName("main.stack")
        self.setCentralWidget(self.stack)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main.tabs")
        self.home = HomePage(ctx)
        self.home.open_users.connect(self.open_users)
        self.home.open_station_settings.connect(self.open_station_settings)
        self.home.open_db_connection.connect(self.open_db_connection)
        self.lock_page = LockPage()
        self.lock_page.unlock_requested.connect(self._try_unlock)
        for page in (self.tabs, self.home, self.lock_page):  # all in the tree; only the current one shows
            self.stack.addWidget(page)
        self._pending: dict[QWidget, TabEntry] = {}
        for entry in tabs_for(ctx.actor):
            if entry.deferred and self.tabs.count():  # the first tab shows at once: built now
                stand_in = QWidget()
                stand_in.setObjectName(entry.name)  # a page of that name until the tab is first shown
                self._pending[stand_in] = entry
                assert entry.title is not None
                self.tabs.addTab(stand_in, entry.title())
            else:
                widget = entry.factory(ctx)
                self.tabs.addTab(widget, widget.windowTitle())
        self.tabs.currentChanged.connect(self._build_pending)
        self.work: QWidget = self.tabs if self.tabs.count() else self.home
        self.stack.setCurrentWidget(self.work)
        self.status = DeskStatusBar(ctx)
        self.status.counts_changed.connect(self.home.set_counts)
        self.setStatusBar(self.status)
        self._hidden_dialogs: list[QWidget] = []
        self._closing_quietly = False
        self._build_menus()
        self.idle = idle_lock or IdleLock(ctx.settings.idle_lock_minutes, parent=self)
        self.idle.setParent(self)
        self.idle.set_minutes(ctx.settings.idle_lock_minutes)
        self.idle.idle.connect(self.lock)
        self.idle.start()
        self.status.refresh()
        # Read and register the printing fonts now (once per process, ~0.15 s) so the first receipt doesn't wait.
        ctx.runner.run(
            _register_fonts, quiet=True, on_failure=lambda e: log.warning("fonts not registered: %s", e)
        )

    def _action(self, text: str, name: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden or disabled
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setObjectName("main.menu")
        system = bar.addMenu(self.tr("System"))
        system.addAction(
            self._action(self.tr("Change password…"), "main.change_password", self.change_password)
        )
        self.lock_action = self._action(self.tr("Lock screen"), "main.lock", self.lock, "Ctrl+L")
        system.addAction(self.lock_action)
        system.addAction(self._action(self.tr("Log out"), "main.logout", self.logout))
        system.addSeparator()
        system.addAction(self._action(self.tr("Quit"), "main.quit", self.close, "Ctrl+Q"))
        actor = self.ctx.actor
        if actor.can(Permission.MANAGE_USERS) or actor.can(Permission.MANAGE_STATION):
            admin = bar.addMenu(self.tr("Administration"))
            admin.addAction(self._action(self.tr("Users…"), "main.users", self.open_users))
            admin.addAction(
                self._action(
                    self.tr("Station settings…"), "main.station_settings", self.open_station_settings
                )
            )
            admin.addAction(
                self._action(self.tr("Database connection…"), "main.db_connection", self.open_db_connection)
            )
        help_menu = bar.addMenu(self.tr("Help"))
        help_menu.addAction(self._action(self.tr("About…"), "main.about", self.open_about))
        for shortcut, method in TAB_COMMANDS:
            self._action(
                shortcut, f"main.tab_{method}", lambda _=False, m=method: self._tab_command(m), shortcut
            )

    def _build_pending(self, index: int) -> None:
        """A tab shown for the first time is built now, in the stand-in's place."""
        page = self.tabs.widget(index)
        entry = self._pending.pop(page, None) if page is not None else None
        if page is None or entry is None:
            return
        widget = entry.factory(self.ctx)
        was_blocked = self.tabs.blockSignals(True)  # the swap is not a change of tab
        try:
            self.tabs.insertTab(index, widget, widget.windowTitle())
            self.tabs.removeTab(index + 1)
            self.tabs.setCurrentIndex(index)
        finally:
            self.tabs.blockSignals(was_blocked)
        page.deleteLater()

    def tab(self, name: str) -> QWidget | None:
        """The tab of that objectName, shown (and so built); None when the role has no such tab."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and page.objectName() == name:
                self.tabs.setCurrentIndex(index)
                self._build_pending(index)  # already current: no change signal
                return self.tabs.widget(index)
        return None

    def _tab_command(self, method: str) -> None:
        if self.is_locked():
            return
        handler = getattr(self.tabs.currentWidget(), method, None)
        if callable(handler):
            handler()

    # -- locking ---------------------------------------------------------------------------------------------
    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_page

    def lock(self) -> None:
        if self.is_locked():
            return
        self.idle.stop()
        self._hidden_dialogs = [d for d in self.findChildren(QDialog) if d.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        self.lock_page.prepare(self.ctx.user.username, self.ctx.user.display_name)
        self.stack.setCurrentWidget(self.lock_page)
        self.menuBar().setEnabled(False)
        self.lock_page.password.setFocus()

    def _unlock(self) -> None:
        self.stack.setCurrentWidget(self.work)
        self.menuBar().setEnabled(True)
        for dialog in self._hidden_dialogs:
            dialog.show()
        self._hidden_dialogs = []
        self.idle.start()

    def _try_unlock(self, username: str, password: str) -> None:
        from desktop.services import auth

        core = self.ctx.core
        self.ctx.runner.run(
            lambda: auth.login(core, username, password),
            on_success=self._unlocked_by,
            on_failure=self._unlock_failed,
            widget=self,
        )

    def _unlocked_by(self, user: UserInfo) -> None:
        """The lock page's login succeeded: the same user carries on; anyone else gets a window of their own."""
        previous = self.ctx.user
        same = user.username == previous.username
        if same and user.role == previous.role and not user.must_change_password:
            self.set_context(self.ctx.with_changes(user=user))  # a new name or police number shows at once
            self._unlock()
            return
        if not self.can_leave():  # typed text is never lost to a user switch
            if same:
                # The same person, whose role changed meanwhile: keep the work; the new role's window comes with
                # the next login (the services check the current role on every call anyway).
                self.set_context(self.ctx.with_changes(user=user))
                self._unlock()
                return
            self.lock_page.prepare(previous.username, previous.display_name)
            self.lock_page.show_failure(
                self.tr(
                    "{name} has unsaved input on this desk. {name} must unlock and save or discard it before "
                    "another user can log in."
                ).format(name=previous.display_name)
            )
            return
        for dialog in self._hidden_dialogs:  # the previous user's dialogs are not the new user's business
            dialog.close()
        self._hidden_dialogs = []
        self.user_switched.emit(user)

    def _unlock_failed(self, error: BaseException) -> None:
        if isinstance(error, PermissionDenied):
            self.lock_page.show_failure(error.message)
            return
        self.lock_page.show_failure("")
        show_error(self, error)

    # -- dialogs ---------------------------------------------------------------------------------------------
    def change_password(self) -> None:
        from ui.dialogs.change_password import ChangePasswordDialog

        dialog = ChangePasswordDialog(
            self.ctx.core, self.ctx.user, self.ctx.runner, settings=self.ctx.settings, parent=self
        )
        dialog.changed.connect(lambda user: self.set_context(self.ctx.with_changes(user=user)))
        self._open(dialog)

    def open_users(self) -> None:
        from ui.dialogs.users import UsersDialog

        self._open(UsersDialog(self.ctx, parent=self))

    def open_station_settings(self) -> None:
        from ui.dialogs.station_settings import StationSettingsDialog

        ctx = self.ctx
        dialog = StationSettingsDialog(
            ctx.core, ctx.actor, ctx.runner, ctx.station, ctx.settings, parent=self
        )
        dialog.saved.connect(
            lambda station, settings: self.set_context(
                self.ctx.with_changes(station=station, settings=settings)
            )
        )
        self._open(dialog)

    def open_db_connection(self) -> None:
        from ui.dialogs.db_connection import DbConnectionDialog

        ctx = self.ctx
        dialog = DbConnectionDialog(ctx.paths, ctx.runner, url=ctx.core.db.url, actor=ctx.actor, parent=self)
        dialog.saved.connect(self._connection_saved)
        self._open(dialog)

    def _connection_saved(self, config: DeskConfig, audit_problem: str) -> None:
        """Say plainly that the open database stays in use, and offer to log in again on the new one now."""
        self.set_context(self.ctx.with_changes(config=config))
        text = self.tr(
            "The database connection has been saved. This desk keeps working with the current database until "
            "you log in again or restart the program."
        )
        if audit_problem:
            text += "\n\n" + self.tr(
                "The change could not be noted in the new database's audit trail: {reason}"
            ).format(reason=audit_problem)
        box = QMessageBox(self)
        box.setObjectName("main.connection_saved")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Database connection saved"))
        box.setText(text)
        now = box.addButton(self.tr("Log in again now"), QMessageBox.ButtonRole.AcceptRole)
        now.setObjectName("main.relogin_now")
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole).setObjectName("main.relogin_later")
        box.setDefaultButton(now)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        now.clicked.connect(self.reconnect)
        box.open()

    def reconnect(self) -> None:
        if self.can_leave():
            self.reconnect_requested.emit()

    def open_about(self) -> None:
        from ui.dialogs.about import AboutDialog

        self._open(AboutDialog(self.ctx.paths, self.ctx.core.db.description, parent=self))

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()  # window-modal without a nested event loop: timers (idle lock, status) keep running

    def set_context(self, ctx: DeskContext) -> None:
        """The user, the station or the station settings changed: every part that shows them follows."""
        self.ctx = ctx
        self.status.update_context(ctx)
        self.home.update_context(ctx)
        self.idle.set_minutes(ctx.settings.idle_lock_minutes)

    def can_leave(self) -> bool:
        for index in range(self.tabs.count()):
            check = getattr(self.tabs.widget(index), "can_leave", None)
            if callable(check) and not check():
                self.tabs.setCurrentIndex(index)
                return False
        return True

    def logout(self) -> None:
        if self.can_leave():
            self.logout_requested.emit()

    def close_quietly(self) -> None:
        """Close for a logout or a user switch: the application goes on."""
        self._closing_quietly = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_quietly and not self.can_leave():
            event.ignore()
            return
        self.status.stop()
        self.idle.dispose()
        super().closeEvent(event)
        if not self._closing_quietly:
            self.quit_requested.emit()
