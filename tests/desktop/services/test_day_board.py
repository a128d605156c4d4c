"""The day board and the exceptions against a real database (SQLite and PostgreSQL): the figures equal what SQL
counts, a desk user sees only its own records, and every kind of exception is found."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop.clock import ManualClock
from desktop.db.models import Application, MediationFollowup
from desktop.domain.mediation_rules import CaseInput, PartyInput
from desktop.errors import PermissionDenied
from desktop.services import consultation, day_board, exit_entry, handover, mediation, receipts, review
from desktop.services.core import Actor, Core
from desktop.services.day_board import (
    board_from_json,
    board_to_json,
    exceptions_from_json,
    exceptions_to_json,
)
from tests.desktop.services.test_exit_entry import form as exit_form
from tests.desktop.services.test_intake import APPLICANT_ID, TODAY, ident
from tests.desktop.services.test_review import STATION, Staff, walkin
from tests.desktop.services.test_review import staff as staff  # the fixture


def _at(clock: ManualClock, days_ago: int) -> datetime:
    """Move the clock `days_ago` days back from the test's day; returns where it was."""
    was = clock.now
    clock.now = was - timedelta(days=days_ago)
    return was


def _case(core: Core, actor: Actor, request_id: str) -> int:
    saved = mediation.create_case(core, actor, STATION, request_id, CaseInput(
        regime="people", source="party_application", category="neighbourhood", summary="楼上漏水引发邻里纠纷",
        parties=(PartyInput("applicant", "黄海", ident("44080319770506231")), PartyInput("respondent", "何静")),
    ))  # fmt: skip
    return saved.record.case_id


def _sql(core: Core, column: object, *where: object) -> list[tuple[object, int]]:
    with core.db.read() as session:
        rows = session.execute(
            select(column, func.count()).where(Application.business_day == TODAY, *where).group_by(column)
        ).all()
    return sorted((value, int(n)) for value, n in rows)


def test_the_board_counts_the_day_and_a_desk_sees_its_own(
    core: Core, clock: ManualClock, staff: Staff
) -> None:
    was = _at(clock, 1)
    walkin(core, staff.desk, "yesterday")
    clock.now = was
    renewal = walkin(core, staff.desk, "b1")  # 20 元
    walkin(core, staff.desk, "b2", "no_criminal_record")  # free
    walkin(core, staff.desk, "b3", "id_card_reissue")  # 40 元
    walkin(core, staff.desk2, "b4", received={"hukou_book"})  # returned, 20 元 still taken
    exit_entry.create_exit_entry(
        core, staff.desk2, STATION, "e1", exit_form("hk_macau", "first", ("G", "single"))
    )
    receipts.void_document(core, staff.officer, renewal.receipt_no, "重复受理")
    for n, (actor, topic) in enumerate([(staff.desk, "no_criminal_record"), (staff.desk, "no_criminal_record"),
                                        (staff.desk2, "telecom_fraud_check")]):  # fmt: skip
        consultation.log_consultation(core, actor, STATION, f"c{n}", channel="phone", topic=topic)
    _case(core, staff.desk2, "m1")

    board = day_board.day_board(core, staff.officer, STATION, TODAY)
    assert not board.own_only
    assert board.total == sum(n for _, n in _sql(core, Application.kind)) == 5
    assert [(c.code, c.count) for c in board.by_kind] == [
        ("walkin", 4), ("exit_entry", 1), ("mediation", 1), ("consultation", 3),
    ]  # fmt: skip
    assert sorted((c.code, c.count) for c in board.by_status) == _sql(core, Application.status)
    assert {c.name: c.count for c in board.by_staff} == {"张三": 3, "王芳": 2}
    with core.db.read() as session:
        fen, paying = session.execute(
            select(func.sum(Application.fee_fen), func.count()).where(
                Application.business_day == TODAY, Application.status != "voided", Application.fee_fen > 0
            )
        ).one()
    assert (board.fees.total_fen, board.fees.records) == (fen, paying) == (4000 + 2000 + 7500, 3)
    assert [(v.receipt_no, v.fee_fen, v.reason) for v in board.fees.voided] == [
        (renewal.receipt_no, 2000, "重复受理")
    ]
    assert {c.name: (c.count, c.fen) for c in board.fees.by_business} == {
        "居民身份证换领": (1, 2000), "居民身份证补领/损坏换领": (1, 4000), "往来港澳通行证": (1, 7500),
    }  # fmt: skip
    assert {c.name: (c.count, c.fen) for c in board.by_business}["居民身份证换领"] == (2, 2000)
    assert [(c.code, c.count) for c in board.consultations] == [
        ("no_criminal_record", 2),
        ("telecom_fraud_check", 1),
    ]
    assert board.mediation_cases == 1
    assert len(board.trend) == 30
    assert (board.trend[0].day, board.trend[-1].day) == (TODAY - timedelta(days=29), TODAY)
    assert [t.count for t in board.trend[-2:]] == [1, 5]
    assert board_from_json(json.loads(json.dumps(board_to_json(board)))) == board

    own = day_board.day_board(core, staff.desk2, STATION, TODAY)
    assert own.own_only
    assert own.total == 2
    assert [(c.name, c.count) for c in own.by_staff] == [("王芳", 2)]
    assert [(c.code, c.count) for c in own.by_kind] == [
        ("walkin", 1), ("exit_entry", 1), ("mediation", 1), ("consultation", 1),
    ]  # fmt: skip
    assert own.fees.total_fen == 2000 + 7500
    assert own.fees.voided == ()
    assert [t.count for t in own.trend[-2:]] == [0, 2]


def test_only_intake_staff_see_a_board_and_only_officers_the_exceptions(
    core: Core,
    staff: Staff,
    admin: Actor,
) -> None:
    auditor = _auditor(core, admin)
    for actor in (auditor, staff.desk):
        with pytest.raises(PermissionDenied):
            day_board.exceptions(core, actor, STATION, TODAY)
    with pytest.raises(PermissionDenied):
        day_board.day_board(core, auditor, STATION, TODAY)
    assert day_board.exceptions(core, staff.officer, STATION, TODAY) == []


def _auditor(core: Core, admin: Actor) -> Actor:
    from desktop.services import auth
    from tests.desktop.services.helpers import PASSWORD

    user = auth.add_user(
        core, admin, username="audit", role="auditor", display_name="审计", password=PASSWORD
    )
    return Actor(username=user.username, role="auditor", user_id=user.id)


def test_every_kind_of_exception_is_found(core: Core, clock: ManualClock, staff: Staff) -> None:
    was = _at(clock, 100)
    kept = exit_entry.create_exit_entry(core, staff.desk, STATION, "k1", exit_form("passport", "first"))
    fresh = exit_entry.create_exit_entry(core, staff.desk, STATION, "k2", exit_form("hk_macau", "first"))
    batch = handover.create_batch(
        core, staff.desk, STATION, "kb", [kept.application_id, fresh.application_id]
    )
    handover.render_handover(core, staff.desk, batch.batch_no)
    handover.hand_over(core, staff.desk, batch.batch_no, "王警官", version=batch.version)
    clock.now = was - timedelta(days=90)
    handover.mark_issued(core, staff.desk, [kept.application_id])
    clock.now = was - timedelta(days=10)
    handover.mark_issued(core, staff.desk, [fresh.application_id])
    clock.now = was - timedelta(days=10)
    late = walkin(core, staff.desk, "late", "id_card_temporary")  # 3 days: overdue
    walkin(core, staff.desk, "spot", "hukou_move_out")  # done on the spot: never overdue
    clock.now = was

    printed = walkin(core, staff.desk, "p1")
    receipts.render_document(core, staff.desk, printed.receipt_no)
    receipts.render_document(core, staff.desk, printed.receipt_no, reason="打印卡纸")
    voided = walkin(core, staff.desk, "v1", "id_card_reissue")
    receipts.render_document(core, staff.desk, voided.receipt_no)
    receipts.void_document(core, staff.officer, voided.receipt_no, "业务类型选错")
    returned = walkin(core, staff.desk, "r1", received={"hukou_book"})
    review.reveal_id(core, staff.officer, printed.application_id, "核对户籍信息")
    case_id = _case(core, staff.desk, "m1")
    with core.db.write() as session:
        session.add(MediationFollowup(case_id=case_id, due_date=TODAY - timedelta(days=3)))
        session.add(MediationFollowup(case_id=case_id, due_date=TODAY))  # due today: not overdue yet

    found = day_board.exceptions(core, staff.officer, STATION, TODAY)
    kinds = [(e.kind, e.number) for e in found]
    assert kinds[:3] == [
        ("void", voided.receipt_no),
        ("reprint", printed.receipt_no),
        ("reveal", printed.receipt_no),
    ]
    assert set(kinds[3:]) == {
        ("returned", returned.receipt_no), ("overdue", late.receipt_no), ("followup", "(2026)录霞调字第001号"),
        ("keeping", kept.receipt_no),
    }  # fmt: skip
    by_kind = {e.kind: e for e in found}
    assert by_kind["void"].detail == "业务类型选错"
    assert by_kind["void"].who == "李卫国"
    assert by_kind["reprint"].detail == "打印卡纸"
    assert "核对户籍信息" in by_kind["reveal"].detail
    assert APPLICANT_ID not in " ".join(str(e) for e in found)
    assert "缺" in by_kind["returned"].detail
    assert "已逾期3天" in by_kind["followup"].detail
    assert "已待领90天" in by_kind["keeping"].detail
    assert by_kind["overdue"].application_id == late.application_id
    assert exceptions_from_json(json.loads(json.dumps(exceptions_to_json(found)))) == found
    yesterday = {
        e.kind for e in day_board.exceptions(core, staff.officer, STATION, TODAY - timedelta(days=1))
    }
    assert yesterday == {
        "overdue",
        "followup",
        "keeping",
    }  # today's voids, reprints, reveals and returns are not


def test_a_day_range_is_the_local_day() -> None:
    start, end = day_board.day_range(date(2026, 11, 27))
    assert (start.isoformat(), end.isoformat()) == ("2026-11-26T16:00:00+00:00", "2026-11-27T16:00:00+00:00")
