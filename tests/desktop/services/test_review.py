"""当日审核 against a real database (SQLite and PostgreSQL): review, return, reveal, sign-off, the day lock, the 日报
as printed, and that only an officer may do any of it."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desktop.db.models import Application, AuditEvent, DaySignoff, PrintedDocument, Station
from desktop.domain.intake_rules import PersonInput
from desktop.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from desktop.services import auth, day_lock, intake, intake_list, review, review_notify
from desktop.services.core import Actor, Core
from desktop.services.day_lock import DayLocked
from desktop.services.intake_list import IntakeFilter
from tests.desktop.documents import pdftools
from tests.desktop.services.helpers import PASSWORD, audit_actions, make_station
from tests.desktop.services.test_intake import AGENT_ID, APPLICANT_ID, TODAY, form, ident

STATION = "XSLX01"
OTHER_ID = ident("44080319920715004")


@dataclass(frozen=True)
class Staff:
    desk: Actor
    desk2: Actor
    officer: Actor


def _actor(core: Core, admin: Actor, username: str, role: str, name: str, police_no: str = "") -> Actor:
    user = auth.add_user(core, admin, username=username, role=role, display_name=name, password=PASSWORD,
                         police_no=police_no)  # fmt: skip
    return Actor(username=user.username, role=role, user_id=user.id, display_name=user.display_name)


@pytest.fixture
def staff(core: Core, admin: Actor) -> Staff:
    make_station(core, admin, STATION)
    return Staff(
        _actor(core, admin, "zhang", "desk", "张三"),
        _actor(core, admin, "wang", "desk", "王芳"),
        _actor(core, admin, "li", "officer", "李卫国", "441203"),
    )


def walkin(
    core: Core, actor: Actor, request_id: str, business: str = "id_card_renewal", **changes: object
) -> intake.IntakeRecord:
    """A walk-in record saved through the real intake service."""
    return intake.create_intake(core, actor, STATION, request_id, form(business, **changes)).record  # type: ignore[arg-type]


def station_id(core: Core) -> int:
    with core.db.read() as session:
        return int(session.execute(select(Station.id).where(Station.code == STATION)).scalar_one())


def day_count(core: Core, *where: object) -> int:
    with core.db.read() as session:
        query = select(func.count()).select_from(Application).where(Application.business_day == TODAY, *where)
        return int(session.execute(query).scalar_one())


def test_review_return_sign_off_lock_and_the_daily_report(core: Core, staff: Staff) -> None:
    pdftools.require_tools()
    reviewed = walkin(core, staff.desk, "r1")
    incomplete = walkin(core, staff.desk, "r2", received={"hukou_book"})
    wrong = walkin(core, staff.desk2, "r3", applicant=PersonInput(name="林美华", id_number=OTHER_ID,
                                                                    phone="13912345678"))  # fmt: skip
    assert incomplete.status == "returned"

    queue = review.review_queue(core, staff.officer, STATION, TODAY)
    assert [r.receipt_no for r in queue] == [reviewed.receipt_no, incomplete.receipt_no, wrong.receipt_no]
    assert all(APPLICANT_ID not in str(r) for r in queue)
    done = review.mark_reviewed(core, staff.officer, reviewed.application_id, version=reviewed.version)
    assert (done.status, done.reviewed_by_name) == ("reviewed", "李卫国")
    back = review.return_for_correction(core, staff.officer, wrong.application_id, "相片不合格，请重新采集",
                                        version=wrong.version)  # fmt: skip
    assert back.status == "returned"
    assert back.review_note == "相片不合格，请重新采集"
    assert back.returned_by_review
    listed = intake_list.list_intake(core, staff.desk2, STATION, IntakeFilter(day=TODAY))
    assert [(r.receipt_no, r.returned_by_review) for r in listed] == [(wrong.receipt_no, True),
                                                                        (incomplete.receipt_no, False),
                                                                        (reviewed.receipt_no, False)]  # fmt: skip

    info = review.sign_off(core, staff.officer, STATION, TODAY, PASSWORD, "材料退回一件，已告知")
    assert info.board is not None
    assert info.board.total == 3
    assert review.day_signed(core, staff.desk, STATION, TODAY) == info.__class__(
        STATION, TODAY, info.officer_name, info.officer_no, info.signed_at, info.comment, None, ()
    )
    assert review.day_signed(core, staff.officer, STATION, TODAY + timedelta(days=-1)) is None

    with pytest.raises(DayLocked) as locked, core.db.write() as session:
        day_lock.ensure_day_open(session, staff.desk, station_id(core), TODAY, core=core)
    assert "已锁定" in locked.value.message
    assert isinstance(locked.value, ConflictError)
    with core.db.write() as session:
        day_lock.ensure_day_open(session, staff.officer, station_id(core), TODAY, core=core,
                               entity="application", entity_id=reviewed.receipt_no)  # fmt: skip
    with core.db.read() as session:
        locked_edit = session.execute(
            select(AuditEvent.username, AuditEvent.entity_id).where(AuditEvent.action == "day.locked_edit")
        ).all()
    assert [tuple(e) for e in locked_edit] == [("li", reviewed.receipt_no)]
    with core.db.write() as session:  # another day is open to everyone
        day_lock.ensure_day_open(session, staff.desk, station_id(core), TODAY + timedelta(days=1), core=core)
    # The services themselves refuse the desk: a new record of the day, and an edit of one.
    with pytest.raises(DayLocked):
        walkin(core, staff.desk, "r4")
    assert day_count(core) == 3
    now = intake.get_intake(core, staff.desk, reviewed.application_id)
    with pytest.raises(DayLocked):
        intake.update_intake(core, staff.desk, reviewed.application_id, now.version, form("id_card_renewal"))

    copy = review.print_daily_report(core, staff.officer, STATION, TODAY)
    assert copy.number == "XSLX01-RB-20261127"
    text = pdftools.flat_text(copy.pdf)
    total = day_count(core)
    statuses = {
        status: day_count(core, Application.status == status)
        for status in ("reviewed", "returned", "received")
    }
    with core.db.read() as session:
        fen = int(
            session.execute(
                select(func.coalesce(func.sum(Application.fee_fen), 0)).where(
                    Application.business_day == TODAY, Application.status != "voided"
                )
            ).scalar_one()
        )
    assert (total, statuses, fen) == (3, {"reviewed": 1, "returned": 2, "received": 0}, 6000)
    assert f"当日受理业务{total}件" in text
    assert f"已审核{statuses['reviewed']}" in text
    assert f"已退回（待补正）{statuses['returned']}" in text
    assert "已受理" not in text
    assert f"收费合计{fen // 100}.{fen % 100:02d}元" in text
    assert "张三2" in text  # by desk
    assert "王芳1" in text
    assert "李卫国（警号441203）" in text
    assert "相片不合格，请重新采集" in text  # the return, among the exceptions
    assert "材料退回一件，已告知" in text
    assert "签结民警" in text
    assert APPLICANT_ID not in text
    assert OTHER_ID not in text
    with pytest.raises(ValidationError) as no_reason:
        review.print_daily_report(core, staff.officer, STATION, TODAY)
    assert no_reason.value.field == "reprint_reason"
    again = review.print_daily_report(core, staff.officer, STATION, TODAY, reason="原件盖章时污损")
    assert again.copy_no == 2
    assert "补打" in pdftools.flat_text(again.pdf)
    with core.db.read() as session:
        printed = session.execute(
            select(
                PrintedDocument.kind, PrintedDocument.number, PrintedDocument.copy_no, PrintedDocument.sha256
            ).order_by(PrintedDocument.id)
        ).all()
    assert [tuple(p) for p in printed] == [
        ("daily_report", copy.number, 1, copy.sha256),
        ("daily_report", copy.number, 2, again.sha256),
    ]
    actions = [a for a, _ in audit_actions(core)]
    for action in (
        "review.review",
        "review.return",
        "day.signoff",
        "daily_report.print",
        "daily_report.reprint",
    ):
        assert action in actions


def test_the_report_keeps_the_figures_frozen_at_sign_off(core: Core, staff: Staff) -> None:
    pdftools.require_tools()
    first = walkin(core, staff.desk, "f1")
    review.mark_reviewed(core, staff.officer, first.application_id, version=first.version)
    review.sign_off(core, staff.officer, STATION, TODAY, PASSWORD)
    walkin(core, staff.officer, "late")  # an officer may still add to a signed day
    assert day_count(core) == 2
    text = pdftools.flat_text(review.print_daily_report(core, staff.officer, STATION, TODAY).pdf)
    assert "当日受理业务1件" in text
    preview = review.preview_daily_report(core, staff.officer, STATION, TODAY)
    assert not preview.recorded
    assert "预览" in pdftools.flat_text(preview.pdf)


def test_a_desk_user_can_not_review_return_reveal_sign_off_or_print(core: Core, staff: Staff) -> None:
    record = walkin(core, staff.desk, "d1")
    refused = [
        lambda: review.review_queue(core, staff.desk, STATION, TODAY),
        lambda: review.mark_reviewed(core, staff.desk, record.application_id, version=record.version),
        lambda: review.return_for_correction(
            core, staff.desk, record.application_id, "不合格", version=record.version
        ),
        lambda: review.reveal_id(core, staff.desk, record.application_id, "核对身份"),
        lambda: review.sign_off(core, staff.desk, STATION, TODAY, PASSWORD),
        lambda: review.print_daily_report(core, staff.desk, STATION, TODAY),
        lambda: review.preview_daily_report(core, staff.desk, STATION, TODAY),
    ]
    for call in refused:
        with pytest.raises(PermissionDenied):
            call()
    with core.db.read() as session:
        app = session.get_one(Application, record.application_id)
        assert (app.status, app.reviewed_by, app.review_note) == ("received", None, "")
        assert session.execute(select(func.count()).select_from(DaySignoff)).scalar_one() == 0
    assert not [a for a, _ in audit_actions(core) if a.startswith(("review.", "day."))]


def test_wrong_password_is_refused_and_audited_and_a_day_is_signed_once(core: Core, staff: Staff) -> None:
    with pytest.raises(ValidationError) as wrong:
        review.sign_off(core, staff.officer, STATION, TODAY, "Not-the-password1")
    assert wrong.value.field == "password"
    assert ("day.signoff", False) in audit_actions(core)
    assert review.day_signed(core, staff.officer, STATION, TODAY) is None
    signed = review.sign_off(core, staff.officer, STATION, TODAY, PASSWORD)
    assert (signed.officer_name, signed.officer_no) == ("李卫国", "441203")
    assert ("day.signoff", True) in audit_actions(core)
    with pytest.raises(ConflictError):
        review.sign_off(core, staff.officer, STATION, TODAY, PASSWORD)
    with pytest.raises(ValidationError) as future:
        review.sign_off(core, staff.officer, STATION, TODAY + timedelta(days=1), PASSWORD)
    assert future.value.field == "day"
    with core.db.read() as session:
        assert session.execute(select(func.count()).select_from(DaySignoff)).scalar_one() == 1


def test_records_left_unreviewed_block_the_sign_off(core: Core, staff: Staff) -> None:
    record = walkin(core, staff.desk, "u1")
    with pytest.raises(ValidationError) as pending:
        review.sign_off(core, staff.officer, STATION, TODAY, PASSWORD)
    assert "1 件" in pending.value.message
    review.mark_reviewed(core, staff.officer, record.application_id, version=record.version)
    assert review.sign_off(core, staff.officer, STATION, TODAY, PASSWORD).board is not None


def test_reveal_returns_the_full_number_and_audits_the_reason_without_it(core: Core, staff: Staff) -> None:
    agent = PersonInput(name="陈小红", id_number=AGENT_ID, phone="13912345678")
    record = walkin(core, staff.desk, "v1", "no_criminal_record", agent=agent, agent_relation="女儿")
    alone = walkin(core, staff.desk, "v2")
    with pytest.raises(ValidationError):
        review.reveal_id(core, staff.officer, record.application_id, "   ")
    assert review.reveal_id(core, staff.officer, record.application_id, "核对户籍信息") == APPLICANT_ID
    assert (
        review.reveal_id(core, staff.officer, record.application_id, "核对代办人", whom="agent") == AGENT_ID
    )
    with pytest.raises(NotFound):
        review.reveal_id(core, staff.officer, alone.application_id, "核对代办人", whom="agent")
    with core.db.read() as session:
        events = session.execute(
            select(AuditEvent.username, AuditEvent.entity_id, AuditEvent.detail)
            .where(AuditEvent.action == "review.reveal_id")
            .order_by(AuditEvent.id)
        ).all()
        details = " ".join(session.execute(select(AuditEvent.detail)).scalars())
    assert [(e.username, e.entity_id) for e in events] == [("li", record.receipt_no)] * 2
    assert "核对户籍信息" in events[0].detail
    assert "440803********" + APPLICANT_ID[-4:] in events[0].detail
    assert APPLICANT_ID not in details
    assert AGENT_ID not in details


def test_a_returned_record_goes_back_to_the_desk_and_stale_or_wrong_states_are_refused(
    core: Core, staff: Staff
) -> None:
    record = walkin(core, staff.desk, "s1")
    with pytest.raises(ConflictError):
        review.mark_reviewed(core, staff.officer, record.application_id, version=record.version + 5)
    done = review.mark_reviewed(core, staff.officer, record.application_id, version=record.version)
    with pytest.raises(ValidationError):
        review.mark_reviewed(core, staff.officer, record.application_id, version=done.version)
    with pytest.raises(ValidationError) as blank:
        review.return_for_correction(core, staff.officer, record.application_id, " ", version=done.version)
    assert blank.value.field == "review_note"
    back = review.return_for_correction(core, staff.officer, record.application_id, "业务类型选错，应为补领",
                                        version=done.version)  # fmt: skip
    assert (back.status, back.reviewed_by_name, back.reviewed_at) == ("returned", "", None)
    with pytest.raises(ValidationError):  # returned: fixed by the desk first
        review.mark_reviewed(core, staff.officer, record.application_id, version=back.version)
    fixed = intake.update_intake(
        core, staff.desk, record.application_id, back.version, form("id_card_reissue")
    )
    assert fixed.record.status == "received"
    assert fixed.record.business_code == "id_card_reissue"
    again = review.mark_reviewed(core, staff.officer, record.application_id, version=fixed.record.version)
    assert (again.status, again.review_note) == ("reviewed", "")
    with core.db.read() as session:
        extra = session.get_one(Application, record.application_id).extra
    assert [r["reason"] for r in extra["review_returns"]] == ["业务类型选错，应为补领"]


def test_a_record_waiting_for_correction_stays_open_after_sign_off(core: Core, staff: Staff) -> None:
    incomplete = walkin(core, staff.desk, "w1", received={"hukou_book"})
    review.sign_off(core, staff.officer, STATION, TODAY, PASSWORD)
    with core.db.write() as session:
        app = session.get_one(Application, incomplete.application_id)
        day_lock.ensure_application_open(session, staff.desk, app, core=core)  # 补正 comes later by design
        app.status = "received"  # as if the 补正 had been saved in this transaction
        with pytest.raises(DayLocked):
            day_lock.ensure_application_open(session, staff.desk, app, core=core)


def test_change_token_moves_with_every_write(core: Core, staff: Staff) -> None:
    before = review.change_token(core, STATION)
    assert before == review.change_token(core, STATION)
    walkin(core, staff.desk, "t1")
    after = review.change_token(core, STATION)
    assert after > before


def test_the_command_line_has_no_staff_account_to_sign_with(core: Core, staff: Staff, admin: Actor) -> None:
    with pytest.raises(PermissionDenied):
        review.sign_off(core, admin, STATION, TODAY, PASSWORD)


def test_a_change_is_notified_to_listeners_when_it_commits(core: Core, staff: Staff, backend: str) -> None:
    stop, listening = threading.Event(), threading.Event()
    received: queue.Queue[str] = queue.Queue()

    def run() -> None:
        for code in review_notify.listen(core.db, stop.is_set, on_listening=listening.set, wake_seconds=0.1):
            received.put(code)

    if backend == "sqlite":  # one desk: nothing to listen to, the tab polls change_token
        assert list(review_notify.listen(core.db, stop.is_set)) == []
        return
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    assert listening.wait(30)
    with pytest.raises(ValidationError), core.db.write() as session:
        review_notify.notify(session, "ROLLED-BACK")
        raise ValidationError("x", "rolled back: never delivered")
    with core.db.write() as session:
        review_notify.notify(session, STATION)
    assert received.get(timeout=30) == STATION
    stop.set()
    worker.join(30)
    assert not worker.is_alive()
    assert received.empty()
