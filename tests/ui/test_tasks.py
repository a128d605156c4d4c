"""The task runner: work off the GUI thread, results and failures back on it, bugs never swallowed."""

from __future__ import annotations

import sys
import threading
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.errors import ConflictError
from tests.ui.conftest import wait_for


def test_the_call_runs_off_the_gui_thread_and_the_answer_arrives_on_it(runner: Any, qtbot: Any) -> None:
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["gui"] = QThread.currentThread() is QApplication.instance().thread()

    runner.run(work, on_success=done)
    assert runner.busy
    wait_for(qtbot, lambda: "value" in seen)
    assert seen == {"worker": False, "value": 42, "gui": True}
    assert not runner.busy


def test_a_domain_error_without_handler_becomes_a_message(runner: Any, qtbot: Any, monkeypatch: Any) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append((box.windowTitle(), box.text())))

    def work() -> None:
        raise ConflictError("该记录已被其他人修改")

    runner.run(work)
    wait_for(qtbot, lambda: shown)
    assert shown[0] == ("Cannot complete", "该记录已被其他人修改。")  # a neutral title; one full stop


def test_a_bug_goes_to_the_excepthook(runner: Any, qtbot: Any, monkeypatch: Any) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: reported.append(exc))

    def work() -> None:
        raise ZeroDivisionError("bug")

    runner.run(work, on_failure=None)
    wait_for(qtbot, lambda: reported)
    assert isinstance(reported[0], ZeroDivisionError)
    assert reported[0].__traceback__ is not None


def test_the_answer_for_a_closed_form_is_dropped(runner: Any, qtbot: Any) -> None:
    import shiboken6

    widget = QWidget()
    release = threading.Event()
    called: list[object] = []
    task = runner.run(lambda: release.wait(5), on_success=called.append, widget=widget)
    shiboken6.delete(widget)  # the form closed while the call was running
    with qtbot.waitSignal(task.finished, timeout=5000):
        release.set()
    assert called == []
