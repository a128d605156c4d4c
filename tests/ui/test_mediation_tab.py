"""The 矛盾调解 tab driven through its widgets in the real main window, against SQLite and PostgreSQL: a 邻里 case
with two parties → a session → the agreement → its printed PDF → the follow-up → the case file → closed."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
)
from sqlalchemy import select

from desktop.clock import local_date
from desktop.db.models import AuditEvent, MediationCase, MediationFollowup, MediationSession, PrintedDocument
from desktop.documents.data import cn_date
from desktop.domain.identity import id_check_char
from desktop.domain.mediation_rules import required_archive
from desktop.paths import AppPaths
from tests.ui.conftest import Desk, top_level, wait_for
from tests.ui.test_walkin_tab import (  # noqa: F401  (station_desk is a fixture)
    find,
    open_tab,
    pdf_text,
    press,
    print_to_pdf,
    station_desk,
    type_chinese,
)

PARTY_A_ID = "44080319680312123" + id_check_char("44080319680312123")


def _mediation_tab(qtbot: Any, paths: AppPaths, desk: Desk, runner: Any) -> Any:
    walkin = open_tab(qtbot, paths, desk, runner)
    tabs = walkin.window().findChild(QTabWidget, "main.tabs")
    index = next(i for i in range(tabs.count()) if tabs.widget(i).objectName() == "mediation.tab")
    tabs.setCurrentIndex(index)
    return tabs.widget(index)


def _choose(tab: Any, name: str, code: str) -> None:
    combo = find(tab, QComboBox, name)
    combo.setCurrentIndex(combo.findData(code))


def _click(qtbot: Any, tab: Any, name: str) -> None:
    button = find(tab, QPushButton, name)
    wait_for(qtbot, button.isEnabled)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_neighbour_dispute_from_register_to_closed_case(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
    tmp_path: Path,
    backend: str,
) -> None:
    tab = _mediation_tab(qtbot, paths, station_desk, runner)
    press(qtbot, Qt.Key.Key_F2)
    _choose(tab, "mediation.regime", "people")
    _choose(tab, "mediation.source", "party_application")
    _choose(tab, "mediation.category", "neighbourhood")
    type_chinese(find(tab, QLineEdit, "mediation.location"), "录霞路18号华景花园3栋")
    type_chinese(
        find(tab, QPlainTextEdit, "mediation.summary"),
        "张三家天花板受楼上李四家卫生间渗水影响，双方多次争吵。",
    )
    type_chinese(find(tab, QPlainTextEdit, "mediation.dispute_points"), "渗水原因及维修费用的承担。")
    save = find(tab, QPushButton, "mediation.save")
    assert not save.isEnabled()  # no party named yet
    assert "当事人" in find(tab, QLabel, "mediation.save_hint").text()
    number = find(tab, QLineEdit, "mediation.parties_0_id_number")
    number.setFocus()
    qtbot.keyClicks(number, PARTY_A_ID)
    type_chinese(find(tab, QLineEdit, "mediation.parties_0_name"), "张三")
    qtbot.keyClicks(find(tab, QLineEdit, "mediation.parties_0_phone"), "13812345678")
    type_chinese(find(tab, QLineEdit, "mediation.parties_1_name"), "李四")
    qtbot.keyClicks(find(tab, QLineEdit, "mediation.parties_1_phone"), "13912345678")
    qtbot.wait(200)
    assert save.isEnabled(), tab.form.problems_now()
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, lambda: tab.form.record is not None and not tab.form.busy)
    record = tab.form.record
    year = local_date(station_desk.core.clock()).year
    assert re.fullmatch(rf"\({year}\).+调字第001号", record.case_no)
    assert find(tab, QLabel, "mediation.case_no").text() == record.case_no
    wait_for(qtbot, lambda: find(tab, QTableWidget, "mediation.list").rowCount() == 1)
    # The number is masked once saved.
    assert find(tab, QLineEdit, "mediation.parties_0_id_number").text() != PARTY_A_ID

    # A session.
    type_chinese(find(tab, QLineEdit, "mediation.mediators"), "王五、赵六")
    type_chinese(find(tab, QLineEdit, "mediation.participants"), "张三、李四")
    type_chinese(find(tab, QPlainTextEdit, "mediation.notes"), "双方同意由李四维修卫生间防水层。")
    _click(qtbot, tab, "mediation.add_session")
    sessions = find(tab, QTableWidget, "mediation.sessions")
    wait_for(qtbot, lambda: sessions.rowCount() == 1)

    # The agreement.
    _choose(tab, "mediation.outcome", "agreed")
    type_chinese(
        find(tab, QPlainTextEdit, "mediation.agreement_terms"),
        "1. 李四于期限前请有资质的施工队重做卫生间防水层；\n2. 李四一次性支付张三天花板维修费人民币2000元。",
    )
    type_chinese(find(tab, QLineEdit, "mediation.performance_method"), "现金当面支付，在社区调解室交付")
    today = local_date(station_desk.core.clock())
    deadline = today + timedelta(days=10)
    find(tab, QDateEdit, "mediation.performance_deadline").setDate(QDate(deadline))
    _click(qtbot, tab, "mediation.record_outcome")
    wait_for(qtbot, lambda: tab.form.record.outcome == "agreed" and not tab.progress.busy)
    followups = find(tab, QTableWidget, "mediation.followups")
    assert followups.rowCount() == 1
    assert str(deadline.year) in find(tab, QLabel, "mediation.confirmation_deadline").text()

    # The printed agreement: both parties, the terms, the deadline; the ID masked.
    target = tmp_path / "agreement.pdf"
    print_to_pdf(qtbot, tab, target, area="mediation")
    text = pdf_text(target)
    assert "人民调解协议书" in text
    assert "张三" in text
    assert "李四" in text
    assert "2000元" in text
    assert f"{cn_date(deadline)}前履行完毕" in text
    assert PARTY_A_ID not in text
    assert PARTY_A_ID[:6] in text  # the masked number keeps its region

    # The follow-up visit.
    type_chinese(
        find(tab, QPlainTextEdit, "mediation.followup_result"), "防水已重做，维修费已支付，双方无异议。"
    )
    _choose(tab, "mediation.satisfaction", "满意")
    _click(qtbot, tab, "mediation.record_followup")
    wait_for(qtbot, lambda: tab.form.record.next_followup is None and not tab.progress.busy)

    # Closing is refused while a required item of the file is missing, then allowed.
    close = find(tab, QPushButton, "mediation.close")
    assert not close.isEnabled()
    assert "封底" in find(tab, QLabel, "mediation.archive_state").text()
    for code in required_archive("agreed"):
        check = find(tab, QCheckBox, f"mediation.archive.{code}")
        if not check.isChecked():
            check.setChecked(True)
    _click(qtbot, tab, "mediation.save_archive")
    wait_for(qtbot, lambda: not tab.form.record.missing_archive and not tab.progress.busy)
    _click(qtbot, tab, "mediation.close")
    wait_for(qtbot, lambda: top_level(QMessageBox, "mediation.close_confirm") is not None)
    confirm = top_level(QMessageBox, "mediation.close_confirm")
    assert tab.form.record.case_no in confirm.text()
    close_button = next(
        b for b in confirm.buttons() if confirm.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    qtbot.mouseClick(close_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: tab.form.record.status == "closed")
    assert "已结案" in find(tab, QLabel, "mediation.status_label").text()
    assert not find(tab, QPushButton, "mediation.save").isEnabled()

    with station_desk.core.db.read() as session:
        case = session.execute(select(MediationCase)).scalar_one()
        assert case.status == "closed"
        assert case.performance_deadline == deadline
        assert len(session.execute(select(MediationSession)).all()) == 1
        followup = session.execute(select(MediationFollowup)).scalar_one()
        assert followup.done_at is not None
        assert followup.satisfaction == "满意"
        printed = session.execute(
            select(PrintedDocument).where(PrintedDocument.kind == "mediation_agreement")
        )
        assert printed.scalar_one().number == case.case_no
        actions = list(
            session.execute(select(AuditEvent.action).where(AuditEvent.entity == "mediation_case")).scalars()
        )
        details = " ".join(session.execute(select(AuditEvent.detail)).scalars())
    assert PARTY_A_ID not in details
    for expected in ("mediation.create", "mediation.session", "mediation.outcome", "mediation.followup",
                     "mediation.close"):  # fmt: skip
        assert any(a.startswith(expected) for a in actions), (expected, actions)


def test_earlier_cases_show_while_a_party_s_name_and_phone_are_typed(
    qtbot: Any,
    paths: AppPaths,
    station_desk: Desk,  # noqa: F811 - the fixture imported above
    runner: Any,
) -> None:
    from desktop.domain.mediation_rules import CaseInput, PartyInput
    from desktop.services import mediation

    parties = (PartyInput("applicant", "王建华", phone="13800138000"), PartyInput("respondent", "赵秀兰"))
    earlier = mediation.create_case(
        station_desk.core, station_desk.clerk.as_actor(), "XSLX01", "w1",
        CaseInput("people", "police_110", "marriage_family", "老夫妻争吵", parties),
    ).record  # fmt: skip
    tab = _mediation_tab(qtbot, paths, station_desk, runner)
    press(qtbot, Qt.Key.Key_F2)
    warning = find(tab, QLabel, "mediation.warning")
    assert not warning.isVisible()
    type_chinese(find(tab, QLineEdit, "mediation.parties_0_name"), "王建华")
    phone = find(tab, QLineEdit, "mediation.parties_0_phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "13800138000")
    wait_for(qtbot, warning.isVisible)
    assert earlier.case_no in warning.text()
    assert "姓名+电话" in warning.text()
