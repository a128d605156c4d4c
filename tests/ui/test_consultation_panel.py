"""The consultation quick log driven by the keyboard against a real SQLite database: a digit and Enter log a call,
the day's counts follow, and a failed save keeps the note and logs the enquiry once when retried."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import select

from desktop.db.models import Consultation
from desktop.errors import DatabaseUnavailable
from desktop.services import consultation
from tests.ui.conftest import make_context, wait_for
from ui.tabs.consultation_panel import ConsultationPanel


@pytest.fixture
def panel(paths: Any, desk: Any, runner: Any, qtbot: Any) -> ConsultationPanel:
    made = ConsultationPanel(make_context(paths, desk, runner, desk.clerk))
    qtbot.addWidget(made)
    made.resize(620, 160)
    made.show()
    qtbot.waitExposed(made)
    counts = made.findChild(QLabel, "walkin.consult_counts")
    wait_for(qtbot, lambda: counts.text() != "")
    return made


def _logged(desk: Any) -> list[tuple[str, str, str]]:
    with desk.core.db.read() as session:
        rows = session.execute(
            select(Consultation.channel, Consultation.topic, Consultation.note).order_by(Consultation.id)
        )
        return [tuple(r) for r in rows]


def _press(qtbot: Any, key: Qt.Key) -> None:
    """A key as a person presses it: to whichever widget has the focus."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


def test_a_digit_and_enter_log_a_call_and_the_counts_follow(
    panel: ConsultationPanel, desk: Any, qtbot: Any
) -> None:
    counts = panel.findChild(QLabel, "walkin.consult_counts")
    assert counts.text() == "No enquiries logged today."
    topic = panel.findChild(QComboBox, "walkin.consult_topic")
    assert topic.currentIndex() == -1  # no topic is guessed
    assert topic.itemText(0) == "1 无犯罪记录证明"
    panel.focus_topic()
    _press(qtbot, Qt.Key.Key_1)
    _press(qtbot, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: _logged(desk) == [("phone", "no_criminal_record", "")])
    wait_for(qtbot, lambda: counts.text() == "Enquiries today 1: 无犯罪记录证明 1")
    assert panel.findChild(QLabel, "walkin.consult_done").text() == "Logged: 电话 · 无犯罪记录证明"
    assert topic.hasFocus()  # ready for the next call

    note = panel.findChild(QLineEdit, "walkin.consult_note")
    _press(qtbot, Qt.Key.Key_5)
    assert note.hasFocus()
    qtbot.keyClicks(note, "ask 3 days")  # digits in the note are text, not topics
    _press(qtbot, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: len(_logged(desk)) == 2)
    assert _logged(desk)[1] == ("phone", "id_card", "ask 3 days")
    wait_for(qtbot, lambda: note.text() == "")  # the row is committed before the window hears of it
    assert topic.currentData() == "id_card"  # the topic stays
    wait_for(qtbot, lambda: counts.text() == "Enquiries today 2: 无犯罪记录证明 1 · 身份证办理 1")

    channel = panel.findChild(QComboBox, "walkin.consult_channel")
    channel.setCurrentIndex(channel.findData("counter"))
    panel.findChild(QPushButton, "walkin.consult_save").click()
    wait_for(qtbot, lambda: len(_logged(desk)) == 3)
    assert _logged(desk)[2] == ("counter", "id_card", "")
    wait_for(qtbot, lambda: counts.text().startswith("Enquiries today 3:"))


def test_a_failed_save_keeps_the_note_and_a_retry_logs_once(
    panel: ConsultationPanel, desk: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = panel.findChild(QLineEdit, "walkin.consult_note")
    error = panel.findChild(QLabel, "walkin.consult_error")
    note.setText("回电 13800000000")  # Chinese is never typed with keyClicks
    qtbot.keyClick(note, Qt.Key.Key_Return)  # no topic chosen
    wait_for(qtbot, lambda: error.isVisible())
    assert error.text() == "请选择咨询事项。"
    assert note.text() == "回电 13800000000"
    assert _logged(desk) == []

    real = consultation.log_consultation

    def committed_then_lost(*args: Any, **kwargs: Any) -> int:
        real(*args, **kwargs)
        raise DatabaseUnavailable("与数据库的连接已断开")  # the answer to COMMIT never came back

    monkeypatch.setattr(consultation, "log_consultation", committed_then_lost)
    panel.findChild(QComboBox, "walkin.consult_topic").setCurrentIndex(2)
    qtbot.keyClick(note, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: error.isVisible() and "连接已断开" in error.text())
    assert note.text() == "回电 13800000000"
    assert panel.findChild(QLabel, "walkin.consult_done").text() == ""

    monkeypatch.setattr(consultation, "log_consultation", real)
    qtbot.keyClick(note, Qt.Key.Key_Return)  # the same entry again
    wait_for(qtbot, lambda: note.text() == "")
    assert not error.isVisible()
    assert _logged(desk) == [("phone", "telecom_fraud_check", "回电 13800000000")]  # once, not twice

    panel.focus_topic()
    _press(qtbot, Qt.Key.Key_3)
    _press(qtbot, Qt.Key.Key_Return)  # a new entry: a new request
    wait_for(qtbot, lambda: len(_logged(desk)) == 2)
    counts = panel.findChild(QLabel, "walkin.consult_counts")
    wait_for(qtbot, lambda: counts.text() == "Enquiries today 2: 电信诈骗核实 2")
    panel.refresh()
    qtbot.wait(50)
    wait_for(qtbot, lambda: counts.text() == "Enquiries today 2: 电信诈骗核实 2")


def test_a_save_does_not_take_the_focus_from_elsewhere(
    paths: Any, desk: Any, runner: Any, qtbot: Any
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    panel = ConsultationPanel(make_context(paths, desk, runner, desk.clerk))
    elsewhere = QLineEdit()  # e.g. the intake form, where the person went on typing
    layout.addWidget(panel)
    layout.addWidget(elsewhere)
    with qtbot.waitActive(window):
        window.show()
    panel.focus_topic()
    _press(qtbot, Qt.Key.Key_2)
    _press(qtbot, Qt.Key.Key_Return)
    elsewhere.setFocus()
    wait_for(qtbot, lambda: panel.findChild(QLabel, "walkin.consult_done").text() != "")
    assert _logged(desk) == [("phone", "hotel_opening", "")]
    assert elsewhere.hasFocus()
