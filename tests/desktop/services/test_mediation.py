"""Mediation cases against a real database (SQLite and PostgreSQL): register → session → outcome → follow-up →
卷宗 → close, repeat parties and the risk they raise, the 治安调解 exclusions, stale versions, idempotent creates,
roles, the list and overdue follow-ups, and the printed 调解协议书."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop.clock import ManualClock
from desktop.db.models import AuditEvent, MediationCase, MediationFollowup, Person, PrintedDocument
from desktop.domain.identity import id_check_char
from desktop.domain.mediation_rules import (
    ARCHIVE_ITEMS,
    ArchiveInput,
    CaseInput,
    FollowupInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
)
from desktop.errors import PermissionDenied, ValidationError
from desktop.services import auth, mediation
from desktop.services.core import Actor, Core
from tests.desktop.documents import pdftools
from tests.desktop.services.helpers import PASSWORD, make_station, make_user

TODAY = date(2026, 11, 27)  # the `core` fixture's clock, local date (a Friday)
ZHANG_ID = "44080319680312123" + id_check_char("44080319680312123")
LI_ID = "44080319750601002" + id_check_char("44080319750601002")
WANG_ID = "44080319800101003" + id_check_char("44080319800101003")
ZHANG = PartyInput(
    role="applicant", name="张三", id_number=ZHANG_ID, phone="13812345678", address="录霞路8号"
)
LI = PartyInput(role="respondent", name="李四", id_number=LI_ID, phone="13912345678", address="录霞路10号")
REQUIRED = ("application", "rights_notice", "identity", "mediation_record", "back_cover")


@pytest.fixture
def desk(core: Core, admin: Actor) -> Actor:
    make_station(core, admin)
    user = make_user(core, admin)
    return Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)


def register(**changes: object) -> CaseInput:
    base = CaseInput(
        regime="people",
        source="party_application",
        category="neighbourhood",
        summary="张三与楼上邻居李四因卫生间渗水多次争执，张三要求李四维修并赔偿。",
        dispute_points="渗水原因及赔偿金额",
        location="霞山区录霞路8号",
        occurred_at=datetime(2026, 11, 26, 12, 0, tzinfo=UTC),
        parties=(ZHANG, LI),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def agreement(deadline: date = date(2026, 12, 11)) -> OutcomeInput:
    return OutcomeInput(
        result="agreed",
        agreed_on=TODAY,
        terms="一、李四于2026年12月11日前修复卫生间防水；\n二、李四赔偿张三损失人民币800元。",
        responsibility="李四对渗水负主要责任。",
        performance_method="在录霞社区微派出所调解室当面支付",
        performance_deadline=deadline,
    )


def session_input() -> SessionInput:
    return SessionInput(
        held_at=datetime(2026, 11, 27, 2, 0, tzinfo=UTC),
        mediators="陈调解、刘民警",
        participants="张三、李四",
    )


def _actions(core: Core) -> list[str]:
    with core.db.read() as session:
        rows = session.execute(
            select(AuditEvent.action).where(AuditEvent.action.like("mediation.%")).order_by(AuditEvent.id)
        )
        return list(rows.scalars())


def _case_count(core: Core) -> int:
    with core.db.read() as session:
        return int(session.execute(select(func.count()).select_from(MediationCase)).scalar_one())


def test_a_neighbour_dispute_from_register_to_closing(core: Core, clock: ManualClock, desk: Actor) -> None:
    saved = mediation.create_case(core, desk, "XSLX01", "m-1", register())
    record = saved.record
    assert saved.created
    assert record.case_no == "(2026)录霞调字第001号"
    assert (record.status, record.status_name, record.outcome) == ("open", "调解中", "")
    assert (record.category, record.category_code, record.source) == ("邻里", "neighbourhood", "当事人申请")
    assert [p.name for p in record.parties] == ["张三", "李四"]
    assert record.parties[0].id_masked == "440803********" + ZHANG_ID[-4:]
    assert record.parties[0].phone_masked == "138****5678"
    assert record.parties[0].gender == "男"
    assert [line.code for line in record.archive] == [item.code for item in ARCHIVE_ITEMS]
    assert not any(line.present for line in record.archive)

    record = mediation.add_session(core, desk, record.case_id, session_input(), version=record.version)
    assert [s.mediators for s in record.sessions] == ["陈调解、刘民警"]
    assert record.sessions[0].recorded_by_name == "张三"

    record = mediation.record_outcome(core, desk, record.case_id, agreement(), version=record.version)
    assert (record.status, record.status_name, record.outcome) == ("agreed", "已达成协议", "agreed")
    assert record.agreed_on == TODAY
    assert record.confirmation_deadline == date(2026, 12, 27)  # 人民调解: 30 days for 司法确认
    assert record.confirmation_days_left == 30
    # 3 working days after Friday 11 December: Monday, Tuesday, Wednesday 16 December.
    assert [f.due_date for f in record.followups] == [date(2026, 12, 16)]
    assert record.next_followup == date(2026, 12, 16)
    assert record.mediators == "陈调解、刘民警"  # from the session
    assert "调解协议书" in record.missing_archive

    with pytest.raises(ValidationError) as unfiled:
        mediation.close_case(core, desk, record.case_id, version=record.version)
    assert unfiled.value.field == "archive"
    assert "调解协议书" in unfiled.value.message
    assert "封底" in unfiled.value.message

    clock.advance(days=20)
    record = mediation.record_followup(
        core,
        desk,
        record.case_id,
        FollowupInput(result="已修复并支付800元", satisfaction="满意", performance="已履行完毕"),
        version=record.version,
    )
    assert record.followups[0].done
    assert (record.followups[0].satisfaction, record.followups[0].visitor) == ("满意", "张三")
    assert record.next_followup is None
    assert record.risk_level == "low"

    ticks = [ArchiveInput(code, True) for code in (*REQUIRED, "agreement", "followup_record")]
    record = mediation.set_archive_items(core, desk, record.case_id, ticks, version=record.version)
    assert record.missing_archive == ()
    assert record.can_close

    closed = mediation.close_case(core, desk, record.case_id, version=record.version)
    assert (closed.status, closed.status_name, closed.outcome) == ("closed", "已结案（达成协议）", "agreed")
    assert closed.closed_at == clock.now
    assert closed.edit_refusal
    with pytest.raises(ValidationError) as after:
        mediation.add_session(core, desk, closed.case_id, session_input(), version=closed.version)
    assert after.value.field == "status"
    assert _actions(core) == [
        "mediation.create",
        "mediation.session",
        "mediation.outcome",
        "mediation.followup",
        "mediation.archive",
        "mediation.close",
    ]
    with core.db.read() as session:
        details = " ".join(session.execute(select(AuditEvent.detail)).scalars())
    assert ZHANG_ID not in details
    assert LI_ID not in details


def test_each_change_bumps_the_version_and_a_stale_one_is_refused_with_the_current_case(
    core: Core, admin: Actor, desk: Actor
) -> None:
    other_user = auth.add_user(
        core, admin, username="li", role="desk", display_name="李警辅", password=PASSWORD
    )
    other = Actor(username="li", role="desk", user_id=other_user.id, display_name="李警辅")
    record = mediation.create_case(core, desk, "XSLX01", "m-2", register()).record
    changed = mediation.update_case(
        core, other, record.case_id, register(summary="渗水已持续三个月。"), version=record.version
    ).record
    assert changed.version == record.version + 1
    with pytest.raises(mediation.StaleCase) as stale:
        mediation.update_case(
            core, desk, record.case_id, register(summary="我的修改"), version=record.version
        )
    assert stale.value.current.summary == "渗水已持续三个月。"
    assert stale.value.current.updated_by_name == "李警辅"
    assert "李警辅" in stale.value.message
    with pytest.raises(mediation.StaleCase):
        mediation.add_session(core, desk, record.case_id, session_input(), version=record.version)
    with pytest.raises(mediation.StaleCase):
        mediation.set_archive_items(
            core, desk, record.case_id, [ArchiveInput("application", True)], version=record.version
        )
    ticked = mediation.set_archive_items(
        core, desk, record.case_id, [ArchiveInput("application", True)], version=changed.version
    )
    assert ticked.version == changed.version + 1  # a child row changed: the case's version moves too
    assert mediation.get_case(core, desk, record.case_id).summary == "渗水已持续三个月。"


def test_a_retried_create_returns_the_first_case(core: Core, desk: Actor) -> None:
    first = mediation.create_case(core, desk, "XSLX01", "same", register())
    again = mediation.create_case(core, desk, "XSLX01", "same", register())
    assert not again.created
    assert again.record.case_no == first.record.case_no
    assert _case_count(core) == 1
    second = mediation.create_case(core, desk, "XSLX01", "other", register())
    assert second.record.case_no == "(2026)录霞调字第002号"


def test_police_mediation_with_an_excluded_kind_is_refused(core: Core, desk: Actor) -> None:
    with pytest.raises(ValidationError) as excluded:
        mediation.create_case(
            core,
            desk,
            "XSLX01",
            "m-3",
            register(
                regime="public_security", exclusions=frozenset({"group_fight"}), exclusions_checked=True
            ),
        )
    assert excluded.value.field == "exclusions"
    assert "治安案件" in excluded.value.message
    with pytest.raises(ValidationError) as unasked:
        mediation.create_case(core, desk, "XSLX01", "m-4", register(regime="on_site"))
    assert unasked.value.field == "exclusions"
    assert _case_count(core) == 0
    record = mediation.create_case(
        core, desk, "XSLX01", "m-5", register(regime="public_security", exclusions_checked=True)
    ).record
    assert (record.regime_name, record.exclusions_checked) == ("治安调解", True)


def test_a_failed_case_closes_without_an_agreement_but_not_without_a_required_item(
    core: Core, desk: Actor
) -> None:
    record = mediation.create_case(core, desk, "XSLX01", "m-6", register()).record
    with pytest.raises(ValidationError) as open_case:
        mediation.close_case(core, desk, record.case_id, version=record.version)
    assert open_case.value.field == "status"
    record = mediation.record_outcome(
        core, desk, record.case_id, OutcomeInput("failed", note="双方分歧较大"), version=record.version
    )
    assert record.followups == ()
    assert record.confirmation_deadline is None
    agreement_line = next(line for line in record.archive if line.code == "agreement")
    assert not agreement_line.required
    record = mediation.set_archive_items(
        core,
        desk,
        record.case_id,
        [ArchiveInput(code, True) for code in REQUIRED[:-1]],
        version=record.version,
    )
    with pytest.raises(ValidationError) as missing:
        mediation.close_case(core, desk, record.case_id, version=record.version)
    assert missing.value.field == "archive"
    assert "封底" in missing.value.message
    assert "调解协议书" not in missing.value.message
    record = mediation.set_archive_items(
        core, desk, record.case_id, [ArchiveInput("back_cover", True)], version=record.version
    )
    closed = mediation.close_case(core, desk, record.case_id, version=record.version)
    assert (closed.status_name, closed.outcome) == ("已结案（调解不成）", "failed")
    with pytest.raises(ValidationError):
        mediation.render_agreement(core, desk, closed.case_id)


def test_earlier_cases_are_found_by_id_number(core: Core, desk: Actor) -> None:
    first = mediation.create_case(core, desk, "XSLX01", "m-7", register()).record
    mediation.record_outcome(core, desk, first.case_id, agreement(), version=first.version)
    # The same man, typed with a lower-case check character, a changed name and no phone.
    warning = mediation.earlier_cases(
        core,
        desk,
        [PartyInput("applicant", "张叁", id_number=ZHANG_ID.lower()), PartyInput("respondent", "赵六")],
    )
    assert [(m.case_no, m.party_index, m.matched_by) for m in warning.matches] == [
        (first.case_no, 0, "身份证号")
    ]
    assert warning.matches[0].status_text == "已达成协议"
    assert warning.matches[0].category == "邻里"
    assert [p.cases_12m for p in warning.parties] == [2, 1]
    assert not warning.high_risk
    none = mediation.earlier_cases(core, desk, [PartyInput("applicant", "张三", id_number=WANG_ID)])
    assert none.matches == ()


def test_earlier_cases_are_found_by_name_and_phone(core: Core, desk: Actor) -> None:
    no_ids = register(
        parties=(
            PartyInput("applicant", "王五", phone="13700001111"),
            PartyInput("respondent", "钱七", phone="13700002222"),
        )
    )
    first = mediation.create_case(core, desk, "XSLX01", "m-8", no_ids).record
    again = mediation.earlier_cases(core, desk, [PartyInput("respondent", "王五", phone="137-0000-1111")])
    assert [(m.case_no, m.matched_by) for m in again.matches] == [(first.case_no, "姓名+电话")]
    other_phone = mediation.earlier_cases(core, desk, [PartyInput("respondent", "王五", phone="13700003333")])
    assert other_phone.matches == ()
    other_name = mediation.earlier_cases(core, desk, [PartyInput("respondent", "王武", phone="13700001111")])
    assert other_name.matches == ()
    # Registered again without a number: the same person row, and the first case shows on the second.
    second = mediation.create_case(core, desk, "XSLX01", "m-9", no_ids).record
    assert second.parties[0].person_id == first.parties[0].person_id
    assert [m.case_no for m in second.warning.matches if m.party_index == 0] == [first.case_no]


def test_a_third_case_within_12_months_is_high_risk(core: Core, clock: ManualClock, desk: Actor) -> None:
    start = clock.now
    for n, days_ago in enumerate((300, 100)):
        clock.now = start - timedelta(days=days_ago)
        mediation.create_case(core, desk, "XSLX01", f"r-{n}", register(occurred_at=None))
    clock.now = start
    warning = mediation.earlier_cases(core, desk, [ZHANG, PartyInput("respondent", "赵六")])
    assert [p.cases_12m for p in warning.parties] == [3, 1]
    assert warning.high_risk
    assert warning.messages()[0].startswith("张三")
    third = mediation.create_case(core, desk, "XSLX01", "r-3", register(risk_level="low")).record
    assert third.risk_level == "high"
    assert third.warning.parties[0].high_risk
    assert len(third.warning.matches) == 4  # two earlier cases, each matched for 张三 and for 李四
    with core.db.read() as session:
        detail = (
            session.execute(
                select(AuditEvent.detail)
                .where(AuditEvent.action == "mediation.create")
                .order_by(AuditEvent.id.desc())
            )
            .scalars()
            .first()
        )
    assert detail is not None
    assert "风险等级自动调为高" in detail


def test_a_case_13_months_old_does_not_count(core: Core, clock: ManualClock, desk: Actor) -> None:
    start = clock.now
    for n, days_ago in enumerate((396, 100)):  # 13 months and about 3 months ago
        clock.now = start - timedelta(days=days_ago)
        mediation.create_case(core, desk, "XSLX01", f"o-{n}", register(occurred_at=None))
    clock.now = start
    third = mediation.create_case(core, desk, "XSLX01", "o-3", register()).record
    assert third.risk_level == "low"
    assert [p.cases_12m for p in third.warning.parties] == [2, 2]
    assert len({m.case_id for m in third.warning.matches}) == 2  # still shown, just not counted


def test_overdue_follow_ups_are_counted_and_listed(core: Core, clock: ManualClock, desk: Actor) -> None:
    record = mediation.create_case(core, desk, "XSLX01", "m-10", register()).record
    mediation.create_case(
        core,
        desk,
        "XSLX01",
        "m-11",
        register(parties=(PartyInput("applicant", "孙八"), PartyInput("respondent", "周九"))),
    )
    record = mediation.record_outcome(core, desk, record.case_id, agreement(), version=record.version)
    assert mediation.overdue_followups(core, desk, "XSLX01") == 0
    clock.now = datetime(2026, 12, 17, 2, 0, tzinfo=UTC)  # the day after the follow-up was due
    assert mediation.overdue_followups(core, desk, "XSLX01") == 1
    rows = mediation.list_cases(core, desk, "XSLX01")
    assert [r.case_no for r in rows] == ["(2026)录霞调字第002号", record.case_no]
    assert rows[1].parties == "张三 vs 李四"
    assert (rows[1].next_followup, rows[1].overdue, rows[0].overdue) == (date(2026, 12, 16), True, False)
    assert [r.case_no for r in mediation.list_cases(core, desk, "XSLX01", overdue_only=True)] == [
        record.case_no
    ]
    assert [r.case_no for r in mediation.list_cases(core, desk, "XSLX01", text="周九")] == [
        "(2026)录霞调字第002号"
    ]
    assert [r.case_no for r in mediation.list_cases(core, desk, "XSLX01", status="agreed")] == [
        record.case_no
    ]
    page = mediation.list_cases(core, desk, "XSLX01", limit=1)
    assert [r.case_no for r in mediation.list_cases(core, desk, "XSLX01", before_id=page[-1].case_id)] == [
        record.case_no
    ]
    moved = mediation.reschedule_followup(
        core, desk, record.case_id, date(2026, 12, 18), version=record.version
    )
    assert moved.next_followup == date(2026, 12, 18)
    assert mediation.overdue_followups(core, desk, "XSLX01") == 0
    with core.db.read() as session:
        assert session.execute(select(func.count()).select_from(MediationFollowup)).scalar_one() == 1


def test_the_desk_may_register_but_admin_and_auditor_may_not(core: Core, admin: Actor, desk: Actor) -> None:
    assert mediation.create_case(core, desk, "XSLX01", "ok", register()).created
    with pytest.raises(PermissionDenied):
        mediation.create_case(core, admin, "XSLX01", "cli", register())
    for username, role in (("boss", "admin"), ("audit", "auditor")):
        user = make_user(core, admin, username=username, role=role)
        actor = Actor(username=username, role=role, user_id=user.id)
        with pytest.raises(PermissionDenied):
            mediation.create_case(core, actor, "XSLX01", f"no-{username}", register())
        with pytest.raises(PermissionDenied):
            mediation.list_cases(core, actor, "XSLX01")
    assert _case_count(core) == 1


def test_the_agreement_prints_with_masked_ids_and_a_reprint_needs_a_reason(core: Core, desk: Actor) -> None:
    pdftools.require_tools()
    record = mediation.create_case(core, desk, "XSLX01", "m-12", register()).record
    with pytest.raises(ValidationError) as unagreed:
        mediation.render_agreement(core, desk, record.case_id)
    assert unagreed.value.field == "status"
    record = mediation.add_session(core, desk, record.case_id, session_input(), version=record.version)
    record = mediation.record_outcome(core, desk, record.case_id, agreement(), version=record.version)
    copy = mediation.render_agreement(core, desk, record.case_id)
    assert (copy.number, copy.kind, copy.copy_no) == (record.case_no, "mediation_agreement", 1)
    text = pdftools.flat_text(copy.pdf)
    assert (
        pdftools.has(text, "人民调解协议书", record.case_no, "张三", "李四", "申请人张三执", "调解委员会存档")
        == []
    )
    assert "440803********" + ZHANG_ID[-4:] in text
    assert ZHANG_ID not in text
    assert LI_ID not in text
    with pytest.raises(ValidationError) as no_reason:
        mediation.render_agreement(core, desk, record.case_id)
    assert no_reason.value.field == "reprint_reason"
    again = mediation.render_agreement(core, desk, record.case_id, reason="当事人遗失")
    assert again.copy_no == 2
    with core.db.read() as session:
        rows = session.execute(
            select(PrintedDocument.copy_no, PrintedDocument.reprint_reason).where(
                PrintedDocument.kind == "mediation_agreement"
            )
        ).all()
        assert [tuple(r) for r in rows] == [(1, ""), (2, "当事人遗失")]
    assert mediation.get_case(core, desk, record.case_id).printed_copies == 2
    assert _actions(core)[-2:] == ["mediation.print", "mediation.reprint"]


def test_police_agreements_have_three_copies_and_one_more_per_further_party() -> None:
    two = mediation.copy_labels("public_security", [("applicant", "张三"), ("respondent", "李四")])
    assert two == ("申请人张三执", "被申请人李四执", "公安机关存档")
    three = mediation.copy_labels(
        "people", [("applicant", "张三"), ("respondent", "李四"), ("other", "王五")]
    )
    assert three == ("申请人张三执", "被申请人李四执", "其他当事人王五执", "调解委员会存档")


def test_the_same_person_twice_is_refused_after_lookup(core: Core, desk: Actor) -> None:
    first = mediation.create_case(core, desk, "XSLX01", "m-13", register()).record
    same = replace(LI, person_id=first.parties[0].person_id, id_number="", name="张三")
    with pytest.raises(ValidationError) as twice:
        mediation.create_case(core, desk, "XSLX01", "m-14", register(parties=(ZHANG, same)))
    assert twice.value.field == "parties.1.name"
    with core.db.read() as session:
        assert session.execute(select(func.count()).select_from(Person)).scalar_one() == 2


def test_cases_are_found_by_a_party_s_phone_and_id_number(core: Core, desk: Actor) -> None:
    record = mediation.create_case(core, desk, "XSLX01", "m-search", register()).record
    for text in ("13912345678", LI_ID, LI_ID[:6] + "********" + LI_ID[-4:], "5678", "李四"):
        assert [r.case_no for r in mediation.list_cases(core, desk, "XSLX01", text=text)] == [
            record.case_no
        ], text
    assert mediation.list_cases(core, desk, "XSLX01", text="13000000000") == []


def test_the_regime_of_a_case_with_an_outcome_can_not_change(core: Core, desk: Actor) -> None:
    record = mediation.create_case(core, desk, "XSLX01", "m-regime", register()).record
    record = mediation.record_outcome(core, desk, record.case_id, agreement(), version=record.version)
    police = register(regime="public_security", exclusions_checked=True)
    with pytest.raises(ValidationError) as refused:
        mediation.update_case(core, desk, record.case_id, police, version=record.version)
    assert refused.value.field == "regime"
    assert mediation.get_case(core, desk, record.case_id).regime == "people"


def test_an_edit_that_changes_the_parties_is_one_version_step_and_leaves_no_stray_person(
    core: Core, desk: Actor
) -> None:
    wang = PartyInput(role="other", name="王五", id_number=WANG_ID, phone="13700000003")
    nameless = PartyInput(role="other", name="赵六", phone="13700000004")  # recorded without a number
    first = mediation.create_case(
        core, desk, "XSLX01", "people", register(parties=(ZHANG, LI, wang, nameless))
    ).record
    kept = tuple(
        replace(p, id_number="", person_id=v.person_id)
        for p, v in zip((ZHANG, LI), first.parties[:2], strict=True)
    )
    edited = mediation.update_case(
        core, desk, first.case_id, register(parties=kept), version=first.version
    ).record
    assert edited.version == first.version + 1  # one save, one version step
    assert [p.name for p in edited.parties] == ["张三", "李四"]
    with core.db.read() as session:  # 王五 and 赵六, taken off the case, are no one's any more
        names = set(session.execute(select(Person.name)).scalars())
    assert names == {"张三", "李四"}
