"""Run service calls off the GUI thread and deliver success or failure back on the GUI thread.

Like Anki's aqt/operations: the GUI never waits on the database. A call is wrapped in a `Task` (a QObject living in
the GUI thread); a QRunnable runs it in the runner's pool and emits a queued signal, so the callbacks always run on
the GUI thread. The runner keeps every running task referenced until it has been delivered, and shows a wait cursor
while any non-quiet task runs.

A lost database connection is news for the whole window, not only for the form that asked: any task failing with
one (and each lost attempt of a save retried by `run_with_retries`) emits `connection_lost`, which the status bar
turns into a red light at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6 import QtCore  # QtCore.Qt at use, not imported: see ui/start_flow.py
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from desktop.errors import ConflictError

log = logging.getLogger(__name__)

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]
RetryCallback = Callable[[int, float], None]  # (the attempt that lost the connection, seconds until the next)


class Task(QObject):
    """One service call. `finished` fires on the GUI thread after the callbacks have run."""

    finished = Signal()
    _done = Signal(object, object)  # (result, exception) from the worker thread
    _retrying = Signal(int, float, str)  # (attempt, delay, message) from the worker thread, between attempts

    def __init__(
        self,
        fn: Callable[[], Any],
        *,
        on_success: SuccessCallback | None,
        on_failure: FailureCallback | None,
        widget: QWidget | None,
        quiet: bool,
    ) -> None:
        super().__init__()
        self.fn = fn
        self.on_success = on_success
        self.on_failure = on_failure
        self.widget = widget
        self.quiet = quiet
        # Queued: the worker emits, the GUI thread (this object's thread) runs _deliver.
        self._done.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
        self._retrying.connect(self._retry_news, QtCore.Qt.ConnectionType.QueuedConnection)
        self._runner: TaskRunner | None = None
        self.on_retry: RetryCallback | None = None

    def work(self) -> None:
        """Runs in the worker thread; never lets an exception escape into Qt."""
        try:
            result, error = self.fn(), None
        except BaseException as exc:  # handed to the GUI thread, which decides what it means
            result, error = None, exc
        self._done.emit(result, error)

    @Slot(int, float, str)
    def _retry_news(self, attempt: int, delay: float, message: str) -> None:
        if self._runner is not None:
            self._runner.connection_lost.emit(message)
        if self.on_retry is not None and (self.widget is None or shiboken6.isValid(self.widget)):
            self.on_retry(attempt, delay)

    @Slot(object, object)
    def _deliver(self, result: object, error: BaseException | None) -> None:
        runner = self._runner
        if runner is not None and error is not None and _is_connection_loss(error):
            runner.connection_lost.emit(str(getattr(error, "message", error)))
        try:
            if self.widget is not None and not shiboken6.isValid(self.widget):
                # The form that asked is gone (closed); a bug must still be reported, an answer is moot.
                if error is not None and not _is_domain_error(error):
                    from ui.errors import report_bug

                    report_bug(error)
                return
            if error is None:
                if self.on_success is not None:
                    self.on_success(result)
            elif self.on_failure is not None:
                self.on_failure(error)
            else:
                from ui.errors import show_error

                show_error(self.widget, error)
        finally:
            if runner is not None:
                runner._forget(self)
            self.finished.emit()


def _is_domain_error(error: BaseException) -> bool:
    from desktop.errors import DomainError

    return isinstance(error, DomainError)


def _is_connection_loss(error: BaseException) -> bool:
    from desktop.db.retry import is_connection_loss

    return is_connection_loss(error)


class _Job(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(False)  # Python owns it through the runner's reference

    def run(self) -> None:
        self.task.work()


class TaskRunner(QObject):
    """Owns the worker pool and the running tasks; one per application."""

    busy_changed = Signal(bool)
    connection_lost = Signal(str)  # the core's message (Chinese); on the GUI thread

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: dict[Task, _Job] = {}
        self._visible = 0

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        widget: QWidget | None = None,
        quiet: bool = False,
    ) -> Task:
        """Start `fn()` in the pool. Without `on_failure` errors go to ui.errors.show_error (parented to `widget`)."""
        task = Task(fn, on_success=on_success, on_failure=on_failure, widget=widget, quiet=quiet)
        self._start(task)
        return task

    def run_with_retries(
        self,
        fn: Callable[[], Any],
        *,
        landed: Callable[[ConflictError], Any] | None = None,
        on_retry: RetryCallback | None = None,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        widget: QWidget | None = None,
    ) -> Task:
        """A save: `fn()` in the pool, tried again with backoff while the connection is lost (desktop.db.retry).

        `fn` must be safe to repeat: a create carries the form's request id, an update its version plus `landed`
        (see desktop.services.save_outcome). `on_retry` hears of each lost attempt on the GUI thread."""
        from desktop.db.retry import call_with_retries

        def retried(attempt: int, delay: float, error: BaseException) -> None:
            task._retrying.emit(attempt, delay, str(getattr(error, "message", error)))

        task = Task(
            lambda: call_with_retries(fn, landed=landed, on_retry=retried),
            on_success=on_success,
            on_failure=on_failure,
            widget=widget,
            quiet=False,
        )
        task.on_retry = on_retry
        self._start(task)
        return task

    def _start(self, task: Task) -> None:
        task._runner = self
        job = _Job(task)
        self._running[task] = job
        if not task.quiet:
            self._visible += 1
            if self._visible == 1:
                QApplication.setOverrideCursor(QCursor(QtCore.Qt.CursorShape.BusyCursor))
                self.busy_changed.emit(True)
        self.pool.start(job)

    def _forget(self, task: Task) -> None:
        if self._running.pop(task, None) is None:
            return
        if not task.quiet:
            self._visible -= 1
            if self._visible == 0:
                QApplication.restoreOverrideCursor()
                self.busy_changed.emit(False)

    def wait_for_done(self, msecs: int = 10_000) -> bool:
        """Block until the workers are idle (at shutdown); callbacks still pending are not delivered."""
        return bool(self.pool.waitForDone(msecs))
