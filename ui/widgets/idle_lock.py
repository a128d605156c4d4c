"""The idle lock: an application-wide event filter notices keyboard and mouse input; after the station's
`idle_lock_minutes` without any, `idle` fires and the main window hides its contents behind the lock page.

The desk faces the public, so an unattended screen must not keep showing residents' data. The clock (`now`, a
monotonic seconds function) and the check timer are injectable: a test advances a fake clock and calls `check()`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)
DEFAULT_CHECK_MS = 5_000


class IdleLock(QObject):
    """Watches input while armed; `idle` fires once per armed period (re-arm with `start()`)."""

    idle = Signal()

    def __init__(
        self,
        minutes: int,
        *,
        now: Callable[[], float] = time.monotonic,
        check_interval_ms: int = DEFAULT_CHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._minutes = minutes
        self._last = now()
        self._armed = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def minutes(self) -> int:
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        self._minutes = minutes

    def start(self) -> None:
        """Arm (again), counting from now: after an unlock the full idle period starts over."""
        self._last = self._now()
        self._armed = True
        self.timer.start()

    def stop(self) -> None:
        self._armed = False
        self.timer.stop()

    def touch(self) -> None:
        self._last = self._now()

    def idle_seconds(self) -> float:
        return self._now() - self._last

    def check(self) -> None:
        if self._armed and self.idle_seconds() >= self._minutes * 60:
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._last = self._now()
        return False  # only watching; every event continues to its widget

    def dispose(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
