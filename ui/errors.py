"""How a failed service call reaches the person: domain errors as clear messages, anything else as a bug.

ValidationError belongs next to its field (the form decides; this module only has a fallback). ConflictError,
NotFound, PermissionDenied and DatabaseUnavailable become a Chinese message box. Every other exception is a bug: it
goes through sys.excepthook, which logs it with the traceback and shows the crash dialog (and, under pytest-qt,
fails the test) — never swallowed.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6 import QtCore  # QtCore.Qt at use, not imported: see ui/start_flow.py
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.errors import (
    ConflictError,
    DatabaseUnavailable,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ui.widgets.form import kept_note, sentence

log = logging.getLogger(__name__)


def _title(error: DomainError) -> str:
    # Spelled out in full each time: pyside6-lupdate only recognises QCoreApplication.translate("ctx", "text").
    if isinstance(error, ValidationError):
        return QCoreApplication.translate("errors", "Please check the input")
    if isinstance(error, ConflictError):
        # Not only "someone else changed it": also "already exists" or "this database already has users".
        return QCoreApplication.translate("errors", "Cannot complete")
    if isinstance(error, NotFound):
        return QCoreApplication.translate("errors", "Not found")
    if isinstance(error, PermissionDenied):
        return QCoreApplication.translate("errors", "Not allowed")
    if isinstance(error, DatabaseUnavailable):
        return QCoreApplication.translate("errors", "Database unavailable")
    return QCoreApplication.translate("errors", "Cannot continue")


def no_longer_editable(error: BaseException) -> str | None:
    """Why a refused save can never succeed, when that is the refusal: the record was reviewed, batched or voided
    meanwhile (the services' `status` refusal) or its day was signed off (DayLocked). None for anything else."""
    from desktop.services.day_lock import DayLocked

    if isinstance(error, DayLocked) or (isinstance(error, ValidationError) and error.field == "status"):
        return error.message
    return None


def not_saved_offline() -> str:
    """After a save's retries ran out on a lost connection: not saved, typing kept, when to try again."""
    return QCoreApplication.translate(
        "errors",
        "Not saved: the database could not be reached, even after several tries. Everything you typed is still "
        "in the form. Save again when the connection light in the status bar turns green.",
    )


def retrying_text(attempt: int, delay: float) -> str:
    """While a save waits for a lost connection (ui.tasks.TaskRunner.run_with_retries' on_retry)."""
    return (
        QCoreApplication.translate(
            "errors", "No connection to the database; trying again in %1 s (attempt %2)…"
        )
        .replace("%1", f"{delay:g}")
        .replace("%2", str(attempt + 1))
    )


def hold_while_retrying(form: QWidget, say: Callable[..., None]) -> Callable[[int, float], None]:
    """The `on_retry` of a record tab's save: until the outcome is known the form holds what is being saved (typing
    now would be overwritten by the stored record when the save lands), and the tab says when it tries again. A
    save that goes straight through never greys the form; the tab enables it again when the save ends."""

    def retrying(attempt: int, delay: float) -> None:
        form.setEnabled(False)
        say(retrying_text(attempt, delay), error=True)

    return retrying


def show_message(parent: QWidget | None, title: str, text: str, *, warning: bool = True) -> QMessageBox:
    """A window-modal message that does not block the caller (open(), not exec()): tests and timers keep running."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setObjectName("main.message")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("errors", "OK"))
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box


def error_text(error: DomainError, *, saving: bool = False) -> str:
    """The core's message with one ending; after a failed save, also that the form still holds the typing."""
    text = sentence(error.message)
    if saving and not isinstance(error, ValidationError | PermissionDenied):
        text = f"{text}{kept_note()}"
    return text


def show_error(parent: QWidget | None, error: BaseException, *, saving: bool = False) -> None:
    """The default failure handler of ui.tasks: a message for the user's situation, the crash path for a bug.

    `saving`: the call saved a form that stays open with everything typed (a conflict, a lost connection)."""
    if isinstance(error, DomainError):
        log.info("%s shown to the user: %s", type(error).__name__, error.message)
        show_message(parent, _title(error), error_text(error, saving=saving))
    else:
        report_bug(error)


def report_bug(error: BaseException) -> None:
    """Hand an unexpected exception to sys.excepthook (ours logs and shows the crash dialog)."""
    sys.excepthook(type(error), error, error.__traceback__)


class CrashHook:
    """sys.excepthook for the running app: log with traceback, then show the crash dialog naming the log file."""

    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self._showing = False

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        app = QApplication.instance()
        on_gui_thread = app is not None and QThread.currentThread() is app.thread()
        if not on_gui_thread or self._showing:  # a crash inside the crash dialog must not recurse
            sys.__excepthook__(exc_type, exc, tb)
            return
        from ui.dialogs.crash import CrashDialog

        self._showing = True
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            CrashDialog(self.log_file, details).exec()
        finally:
            self._showing = False


def install_crash_hook(log_file: Path) -> CrashHook:
    hook = CrashHook(log_file)
    sys.excepthook = hook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log.critical(
            "unhandled exception in thread %s",
            getattr(args.thread, "name", "?"),
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),  # type: ignore[arg-type]
        )

    threading.excepthook = thread_hook
    return hook
