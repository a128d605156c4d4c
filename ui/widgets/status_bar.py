"""The main window's status bar: station, user and role, database mode with a connection light, today's count.

Every ~10 s a quiet background task pings the database and reads today's counts. Any database call of the window
that loses the connection (a save, a list, a look-up — the task runner's `connection_lost`) turns the light red at
once and says so; while red it pings every 2 s, and the first answer turns it green with a short "restored".
A ping on a dead network takes up to the connect timeout (5 s) in a worker thread: the window never waits on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from ui.context import DeskContext

if TYPE_CHECKING:
    from desktop.services.overview import TodayCounts

REFRESH_MS = 10_000
LOST_REFRESH_MS = 2_000  # while red: the clerk is waiting to save again
RESTORED_MESSAGE_MS = 8_000
LIGHT_COLOURS = {None: "#9e9e9e", True: "#2e7d32", False: "#c62828"}


def _fetch(ctx: DeskContext) -> tuple[bool, TodayCounts | None]:
    """Worker side: one ping, then the counts only if the database answered."""
    from desktop.services import overview

    if not overview.ping(ctx.core):
        return False, None
    return True, overview.today_counts(ctx.core, ctx.station.code)


class DeskStatusBar(QStatusBar):
    counts_changed = Signal(object)  # TodayCounts, for the home page

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main.status")
        self.ctx = ctx
        self.connected: bool | None = None
        self._in_flight = False
        self.station = self._label("main.status_station")
        self.user = self._label("main.status_user")
        self.light = QLabel()
        self.light.setObjectName("main.status_light")
        self.light.setFixedSize(12, 12)
        self.db = self._label("main.status_db")
        db_box = QWidget()
        db_box.setObjectName("main.status_db_box")
        db_box.setStyleSheet("background: transparent;")
        row = QHBoxLayout(db_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.light)
        row.addWidget(self.db)
        self.today = self._label("main.status_today")
        for widget in (self.station, self.user, db_box, self.today):
            self.addPermanentWidget(widget)
        self.update_context(ctx)
        self._set_light(None)
        self.today.setText(self.tr("Today: …"))
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        ctx.runner.connection_lost.connect(self.connection_lost)

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setContentsMargins(10, 0, 10, 0)
        return label

    def update_context(self, ctx: DeskContext) -> None:
        self.ctx = ctx
        self.station.setText(ctx.station.name)
        self.user.setText(
            self.tr("{name} ({role})").format(name=ctx.user.display_name, role=ctx.user.role_name)
        )
        self.db.setText(ctx.core.db.description)  # 单机 / 联网 host, from the core (already Chinese)

    def refresh(self) -> None:
        if self._in_flight:  # a ping on a dead network takes seconds; never pile them up
            return
        self._in_flight = True
        ctx = self.ctx
        self.ctx.runner.run(
            lambda: _fetch(ctx), on_success=self._fetched, on_failure=self._failed, widget=self, quiet=True
        )

    def _fetched(self, result: tuple[bool, TodayCounts | None]) -> None:
        self._in_flight = False
        ok, counts = result
        self._set_light(ok)
        if counts is not None:
            self.today.setText(self.tr("Today: {n}").format(n=counts.total))
            self.counts_changed.emit(counts)

    def _failed(self, error: BaseException) -> None:
        self._in_flight = False
        self._set_light(False)
        from desktop.errors import DomainError

        if not isinstance(error, DomainError):  # a bug in the query, not the network: report it
            from ui.errors import report_bug

            report_bug(error)

    def connection_lost(self, message: str = "") -> None:
        """A database call just lost the connection: red now, not at the next poll."""
        self._set_light(False, detail=message)

    def _set_light(self, ok: bool | None, *, detail: str = "") -> None:
        was = self.connected
        self.connected = ok
        colour = LIGHT_COLOURS[ok]
        self.light.setStyleSheet(f"background-color: {colour}; border-radius: 6px;")
        tips = {
            None: self.tr("Checking the database connection…"),
            True: self.tr("Database connected"),
            False: self.tr("Database not reachable"),
        }
        tip = f"{tips[ok]}\n{detail}" if detail else tips[ok]
        self.light.setToolTip(tip)
        self.db.setToolTip(tip)
        if ok is False and was is not False:
            self.timer.setInterval(LOST_REFRESH_MS)
            self.showMessage(self.tr("Database connection lost. Checking again every 2 seconds…"))
        elif ok is True and was is False:
            self.timer.setInterval(REFRESH_MS)
            self.showMessage(self.tr("Database connection restored."), RESTORED_MESSAGE_MS)

    def stop(self) -> None:
        self.timer.stop()
