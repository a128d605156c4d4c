"""Walk-in intake against a real database (SQLite and PostgreSQL): what a save writes, what a stale edit does,
how the list and the person look-up find records, and that the printed document follows the materials."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, text

from desktop.db.database import Database
from desktop.db.models import Application, ApplicationMaterial, AuditEvent, Person
from desktop.domain.catalog import load_catalog
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import IntakeInput, PersonInput, materials_for
from desktop.errors import PermissionDenied, ValidationError
from desktop.services import auth, intake, intake_list, receipts
from desktop.services.core import Actor, Core
from desktop.services.intake_list import IntakeFilter
from desktop.services.people import update_details
from tests.desktop.documents import pdftools
from tests.desktop.services.helpers import PASSWORD, make_station, make_user

TODAY = date(2026, 11, 27)  # the `core` fixture's clock, local date


def ident(first17: str) -> str:
    return first17 + id_check_char(first17)


APPLICANT_ID = ident("44080319850312123")
AGENT_ID = ident("44080319900101002")


@pytest.fixture
def desk(core: Core, admin: Actor) -> Actor:
    make_station(core, admin)
    user = make_user(core, admin)
    return Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)


def form(
    business: str = "id_card_renewal", *, received: bool | set[str] = True, **changes: object
) -> IntakeInput:
    spec = load_catalog().walkin(business)
    has_agent = changes.get("agent") is not None
    materials = tuple(
        replace(m, received=received if isinstance(received, bool) else m.code in received)
        for m in materials_for(
            spec, has_agent=has_agent, minor=False, certificate_kind=str(changes.get("certificate_kind", ""))
        )
        if m.required
    )
    base = IntakeInput(
        business_code=business,
        applicant=PersonInput(
            name="陈志明", id_number=APPLICANT_ID, phone="13812345678", address="霞山区录霞路8号"
        ),
        materials=materials,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_complete_intake_is_received_with_a_receipt_number_rows_and_an_audit_event(
    core: Core, desk: Actor
) -> None:
    saved = intake.create_intake(core, desk, "XSLX01", "req-1", form())
    record = saved.record
    assert saved.created
    assert record.receipt_no == "XSLX01-20261127-0001"
    assert record.status == "received"
    assert record.status_name == "已受理"
    assert record.fee_fen == 2000
    assert record.promised_date is not None
    assert record.promised_date > TODAY
    assert record.applicant.id_masked == "440803********" + APPLICANT_ID[-4:]
    assert record.applicant.gender == "男"
    assert record.applicant.birth_date == date(1985, 3, 12)
    assert record.document_kind == "receipt"
    assert record.missing == ()
    assert record == intake.get_intake(core, desk, record.application_id)  # built in the save = read later
    with core.db.read() as session:
        app = session.execute(select(Application)).scalar_one()
        assert app.created_by == desk.user_id
        assert app.business_day == TODAY
        assert [m.received for m in app.materials] == [True, True, True]
        events = session.execute(select(AuditEvent.action, AuditEvent.entity_id)).all()
        assert ("intake.create", record.receipt_no) in [tuple(e) for e in events]
        assert APPLICANT_ID not in " ".join(
            str(e) for e in session.execute(select(AuditEvent.detail)).scalars()
        )


def test_missing_material_returns_the_intake_and_the_notice_lists_exactly_the_missing(
    core: Core, desk: Actor
) -> None:
    pdftools.require_tools()
    saved = intake.create_intake(core, desk, "XSLX01", "req-2", form(received={"hukou_book"}))
    record = saved.record
    assert record.status == "returned"
    assert record.missing == ("原居民身份证", "相片（现场采集或数码照相回执）")
    copy = receipts.render_document(core, desk, record.receipt_no)
    assert copy.kind == "supplement_notice"
    text = pdftools.flat_text(copy.pdf)
    assert "原居民身份证" in text
    assert "相片（现场采集或数码照相回执）" in text
    listed, received = text.split("已收取的材料")
    assert "居民户口簿" not in listed
    assert "居民户口簿" in received
    assert "需补正原居民身份证、相片（现场采集或数码照相回执）" in text  # the stub: exactly the two


def test_fixing_the_missing_materials_accepts_it_and_a_receipt_prints(core: Core, desk: Actor) -> None:
    pdftools.require_tools()
    first = intake.create_intake(core, desk, "XSLX01", "req-3", form(received={"hukou_book"})).record
    fixed = intake.update_intake(core, desk, first.application_id, first.version, form()).record
    assert fixed.status == "received"
    assert fixed.receipt_no == first.receipt_no
    assert fixed.version == first.version + 1
    copy = receipts.render_document(core, desk, fixed.receipt_no)
    assert copy.kind == "receipt"
    assert fixed.receipt_no in pdftools.flat_text(copy.pdf)


def test_a_retried_create_returns_the_first_record(core: Core, desk: Actor) -> None:
    first = intake.create_intake(core, desk, "XSLX01", "same-request", form())
    again = intake.create_intake(core, desk, "XSLX01", "same-request", form())
    assert not again.created
    assert again.record.receipt_no == first.record.receipt_no
    with core.db.read() as session:
        assert session.execute(select(func.count()).select_from(Application)).scalar_one() == 1


def test_a_stale_edit_is_refused_with_who_changed_it_and_nothing_is_overwritten(
    core: Core, admin: Actor, desk: Actor
) -> None:
    other_user = auth.add_user(
        core, admin, username="li", role="desk", display_name="李四", password=PASSWORD
    )
    other = Actor(username="li", role="desk", user_id=other_user.id, display_name="李四")
    record = intake.create_intake(core, desk, "XSLX01", "req-4", form()).record
    intake.update_intake(core, other, record.application_id, record.version, form(notes="申请人下午再来"))
    with pytest.raises(intake.StaleIntake) as stale:
        intake.update_intake(core, desk, record.application_id, record.version, form(notes="我的备注"))
    assert "李四" in stale.value.message
    assert "仍保留在表单中" in stale.value.message
    assert stale.value.current.notes == "申请人下午再来"
    assert stale.value.current.updated_by_name == "李四"
    assert intake.get_intake(core, desk, record.application_id).notes == "申请人下午再来"


def test_the_same_person_is_found_again_with_their_earlier_applications(core: Core, desk: Actor) -> None:
    intake.create_intake(core, desk, "XSLX01", "req-5", form())
    intake.create_intake(core, desk, "XSLX01", "req-6", form("no_criminal_record"))
    with core.db.read() as session:
        assert session.execute(select(func.count()).select_from(Person)).scalar_one() == 1
    known = intake_list.find_person(core, desk, "resident_id", APPLICANT_ID.lower())
    assert known is not None
    assert known.name == "陈志明"
    assert known.phone == "13812345678"
    assert [e.business_name for e in known.earlier] == ["无犯罪记录证明", "居民身份证换领"]
    assert intake_list.find_person(core, desk, "resident_id", AGENT_ID) is None


def test_a_proxy_needs_relation_and_their_papers(core: Core, desk: Actor) -> None:
    agent = PersonInput(name="陈小红", id_number=AGENT_ID, phone="13912345678")
    with pytest.raises(ValidationError) as no_relation:
        intake.create_intake(core, desk, "XSLX01", "req-7", form("no_criminal_record", agent=agent))
    assert no_relation.value.field == "agent_relation"
    record = intake.create_intake(
        core, desk, "XSLX01", "req-8", form("no_criminal_record", agent=agent, agent_relation="女儿")
    ).record
    assert record.agent is not None
    assert record.agent.name == "陈小红"
    assert record.agent_relation == "女儿"
    assert {m.code for m in record.materials} >= {"power_of_attorney", "agent_id_card"}


def test_certificates_only_from_the_closed_list_and_temporary_identity_needs_purpose_and_validity(
    core: Core, desk: Actor
) -> None:
    with pytest.raises(ValidationError) as none:
        intake.create_intake(core, desk, "XSLX01", "c1", form("certificate"))
    assert none.value.field == "certificate_kind"
    with pytest.raises(ValidationError) as bad:
        intake.create_intake(
            core, desk, "XSLX01", "c2", form("certificate", certificate_kind="residence_proof")
        )
    assert bad.value.field == "certificate_kind"
    with pytest.raises(ValidationError) as purpose:
        intake.create_intake(
            core, desk, "XSLX01", "c3", form("certificate", certificate_kind="temporary_identity")
        )
    assert purpose.value.field == "purpose"
    record = intake.create_intake(
        core, desk, "XSLX01", "c4",
        form("certificate", certificate_kind="temporary_identity", purpose="乘机", valid_until=date(2026, 12, 10)),
    ).record  # fmt: skip
    assert [m.code for m in record.materials] == ["hukou_book"]  # no ID card at hand: the 户口簿 instead
    assert (record.certificate_kind, record.purpose, record.valid_until) == (
        "temporary_identity",
        "乘机",
        date(2026, 12, 10),
    )


def test_people_without_a_mainland_id_are_recorded_with_their_document(core: Core, desk: Actor) -> None:
    visitor = PersonInput(
        name="黄家明", id_number="h12345678", document_type="hk_macau_permit", phone="13712345678"
    )
    record = intake.create_intake(core, desk, "XSLX01", "hk", form("certificate", applicant=visitor,
                                  certificate_kind="kinship")).record  # fmt: skip
    assert record.applicant.document_type_name == "港澳居民来往内地通行证"
    assert record.applicant.id_masked == "H1*****78"
    assert [m.name for m in record.materials if m.code == "id_card"] == ["港澳居民来往内地通行证"]
    pdftools.require_tools()
    text = pdftools.flat_text(receipts.render_document(core, desk, record.receipt_no).pdf)
    assert "港澳居民来往内地通行证H1*****78" in text  # the pickup desk knows which document to ask for
    rows = intake_list.list_intake(core, desk, "XSLX01", IntakeFilter(text="H12345678"))
    assert [r.receipt_no for r in rows] == [record.receipt_no]


def test_list_filters_and_search_kinds(core: Core, desk: Actor) -> None:
    complete = intake.create_intake(core, desk, "XSLX01", "l1", form()).record
    other = PersonInput(name="林美华", id_number=AGENT_ID, phone="0759-2123456")
    returned = intake.create_intake(core, desk, "XSLX01", "l2", form(applicant=other, received=False)).record

    def numbers(**flt: object) -> list[str]:
        return [r.receipt_no for r in intake_list.list_intake(core, desk, "XSLX01", IntakeFilter(**flt))]  # type: ignore[arg-type]

    assert numbers(day=TODAY) == [returned.receipt_no, complete.receipt_no]
    assert numbers(day=date(2026, 11, 26)) == []
    assert numbers(status="returned") == [returned.receipt_no]
    assert numbers(text=complete.receipt_no, day=date(2020, 1, 1)) == [complete.receipt_no]
    assert numbers(text="2", day=TODAY) == [returned.receipt_no]  # the day's serial, as read aloud
    assert numbers(text="0001", day=TODAY) == [complete.receipt_no]
    assert numbers(text=APPLICANT_ID) == [complete.receipt_no]
    assert numbers(text="440803********" + AGENT_ID[-4:]) == [returned.receipt_no]
    assert numbers(text="林") == [returned.receipt_no]
    assert numbers(text="0759 2123456") == [returned.receipt_no]
    assert numbers(text="138-1234-5678") == [complete.receipt_no]
    assert numbers(created_by=desk.user_id) == [returned.receipt_no, complete.receipt_no]
    page = intake_list.list_intake(core, desk, "XSLX01", IntakeFilter(), limit=1)
    rest = intake_list.list_intake(core, desk, "XSLX01", IntakeFilter(), after=page[-1].application_id)
    assert [r.receipt_no for r in page + rest] == [returned.receipt_no, complete.receipt_no]
    assert page[0].missing == 3


def test_a_name_search_follows_the_applicants_name_through_edits_and_corrections(
    core: Core, desk: Actor
) -> None:
    lin = PersonInput(name="林美华", id_number=AGENT_ID, phone="0759-2123456")
    first = intake.create_intake(core, desk, "XSLX01", "w1", form()).record
    second = intake.create_intake(core, desk, "XSLX01", "w2", form(applicant=lin)).record
    third = intake.create_intake(core, desk, "XSLX01", "w3", form()).record

    def numbers(text: str, **flt: object) -> list[str]:
        query = IntakeFilter(text=text, **flt)  # type: ignore[arg-type]
        rows = intake_list.list_intake(core, desk, "XSLX01", query, limit=1)
        more = (
            intake_list.list_intake(core, desk, "XSLX01", query, after=rows[-1].application_id)
            if rows
            else []
        )
        return [r.receipt_no for r in rows + more]

    assert (
        numbers("陈") == numbers("陈志明") == numbers("陈", day=TODAY) == [third.receipt_no, first.receipt_no]
    )
    assert numbers("陈", status=third.status) == [third.receipt_no, first.receipt_no]
    assert numbers("林") == [second.receipt_no]
    # another applicant typed on the first record: it is found under the new applicant's name only
    intake.update_intake(core, desk, first.application_id, first.version, form(applicant=lin))
    assert numbers("陈") == [third.receipt_no]
    assert numbers("林") == [second.receipt_no, first.receipt_no]
    # the applicant's name corrected (number left blank: the same person): every application of theirs follows
    now = intake.get_intake(core, desk, third.application_id)
    fixed = replace(form().applicant, name="陈志民", id_number="")
    intake.update_intake(core, desk, third.application_id, now.version, form(applicant=fixed))
    assert numbers("陈志民") == [third.receipt_no]
    assert numbers("陈志明") == []
    renamed = intake.update_intake(
        core,
        desk,
        second.application_id,
        second.version,
        form(applicant=replace(lin, name="林美花", id_number="")),
    ).record
    assert numbers("林美花") == [second.receipt_no, first.receipt_no]  # the first record's applicant too
    assert renamed.version == second.version + 1
    with core.db.read() as session:  # the copy on every row equals the person's name
        pairs = session.execute(
            select(Application.applicant_name, Person.name).join(
                Person, Person.id == Application.applicant_id
            )
        ).all()
    assert pairs
    assert all(copy == name for copy, name in pairs)


def _until_another_session_waits_for_a_lock(db: Database, timeout: float = 10.0) -> None:
    """PostgreSQL: until some session of this database waits for a row lock (or `timeout`). SQLite shows no such
    thing: a second writer waits at BEGIN IMMEDIATE, so a moment's pause lets it get there."""
    if db.is_sqlite:
        time.sleep(0.5)
        return
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    end = time.monotonic() + timeout
    with db.engine.connect() as watcher:
        while time.monotonic() < end and not watcher.execute(query).scalar():
            time.sleep(0.02)


def test_a_rename_at_one_desk_and_a_new_application_at_another_leave_no_stale_name(
    core: Core, desk: Actor, db: Database
) -> None:
    """Desk A corrects a person's name; desk B, meanwhile, saves a new application for them with the name it read
    before. B's copy must not keep the old name (PostgreSQL: B waits for A at the copy and takes the new name;
    SQLite: B's write waits for A's and then sees the new name, which its form contradicts)."""
    first = intake.create_intake(core, desk, "XSLX01", "r1", form()).record
    renamed, outcome = threading.Event(), {}

    def desk_a() -> None:
        with core.db.write() as session:
            row = session.get_one(Person, session.get_one(Application, first.application_id).applicant_id)
            with session.no_autoflush:  # as an edit renames: the person's row itself is written at the commit
                update_details(row, replace(form().applicant, name="陈志民"), core.clock())
            renamed.set()
            _until_another_session_waits_for_a_lock(db)  # B has read the person and reached its copy

    def desk_b() -> None:
        renamed.wait(10)
        try:
            outcome["saved"] = intake.create_intake(core, desk, "XSLX01", "r2", form()).record
        except ValidationError as refused:
            outcome["refused"] = refused

    threads = [threading.Thread(target=desk_a), threading.Thread(target=desk_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with core.db.read() as session:
        pairs = session.execute(
            select(Application.applicant_name, Person.name).join(
                Person, Person.id == Application.applicant_id
            )
        ).all()
    assert {name for _copy, name in pairs} == {"陈志民"}
    assert all(copy == name for copy, name in pairs), pairs
    if not db.is_sqlite:  # B read the person before A committed: its save went through, with the new name
        assert "saved" in outcome, outcome


def test_a_printed_receipt_cannot_be_turned_into_a_return_and_reviewed_records_are_locked(
    core: Core, admin: Actor, desk: Actor
) -> None:
    pdftools.require_tools()
    record = intake.create_intake(core, desk, "XSLX01", "p1", form()).record
    receipts.render_document(core, desk, record.receipt_no)
    with pytest.raises(ValidationError) as refused:
        intake.update_intake(core, desk, record.application_id, record.version, form(received=False))
    assert refused.value.field == "materials"
    with core.db.write() as session:
        app = session.get_one(Application, record.application_id)
        app.status, app.reviewed_by = "reviewed", desk.user_id
    current = intake.get_intake(core, desk, record.application_id)
    assert current.edit_refusal
    with pytest.raises(ValidationError) as locked:
        intake.update_intake(core, desk, record.application_id, current.version, form(notes="x"))
    assert locked.value.field == "status"


def test_command_line_and_admin_cannot_take_intake(core: Core, admin: Actor, desk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        intake.create_intake(core, admin, "XSLX01", "a1", form())
    administrator = make_user(core, admin, username="boss", role="admin")
    boss = Actor(username="boss", role="admin", user_id=administrator.id)
    with pytest.raises(PermissionDenied):
        intake.create_intake(core, boss, "XSLX01", "a2", form())


def test_materials_rows_follow_the_catalog_and_optional_ones_only_when_handed_over(
    core: Core, desk: Actor
) -> None:
    spec = load_catalog().walkin("birth_registration")
    handed = tuple(
        replace(m, received=m.required or m.code == "ethnicity_confirmation")
        for m in materials_for(spec, has_agent=False, minor=False)
    )
    record = intake.create_intake(
        core, desk, "XSLX01", "m1", form("birth_registration", materials=handed)
    ).record
    codes = [m.code for m in record.materials]
    assert "ethnicity_confirmation" in codes
    assert "out_of_wedlock_statement" not in codes
    with core.db.read() as session:
        count = session.execute(select(func.count()).select_from(ApplicationMaterial)).scalar_one()
    assert count == len(codes)
    missing_required = tuple(m for m in handed if m.code != "hukou_book")
    with pytest.raises(ValidationError) as absent:
        intake.create_intake(
            core, desk, "XSLX01", "m2", form("birth_registration", materials=missing_required)
        )
    assert absent.value.field == "materials"
    assert "居民户口簿" in absent.value.message


def test_consultation_log_counts_the_day_by_topic(core: Core, desk: Actor) -> None:
    from desktop.services import consultation

    for n, topic in enumerate(["no_criminal_record", "id_card", "no_criminal_record"]):
        consultation.log_consultation(
            core, desk, "XSLX01", f"q{n}", channel="phone", topic=topic, note="问材料"
        )
    consultation.log_consultation(core, desk, "XSLX01", "q0", channel="phone", topic="id_card")  # a retry
    counts = consultation.day_counts(core, desk, "XSLX01", TODAY)
    assert [(c.topic_name, c.count) for c in counts] == [("无犯罪记录证明", 2), ("身份证办理", 1)]
    assert len(consultation.recent(core, desk, "XSLX01", TODAY)) == 3
    with pytest.raises(ValidationError) as bad:
        consultation.log_consultation(core, desk, "XSLX01", "q9", channel="phone", topic="weather")
    assert bad.value.field == "topic"


def test_an_edit_keeps_the_recorded_people_when_their_numbers_are_not_typed_again(
    core: Core, desk: Actor
) -> None:
    agent = PersonInput(name="陈小红", id_number=AGENT_ID, phone="13912345678")
    first = intake.create_intake(
        core,
        desk,
        "XSLX01",
        "e1",
        form("no_criminal_record", agent=agent, agent_relation="女儿", received=False),
    ).record
    kept_applicant = PersonInput(name="陈志明", phone="13812345678")
    kept_agent = PersonInput(name="陈小红", phone="13700000000")
    edited = intake.update_intake(
        core, desk, first.application_id, first.version,
        form("no_criminal_record", applicant=kept_applicant, agent=kept_agent, agent_relation="女儿"),
    ).record  # fmt: skip
    assert edited.status == "received"
    assert edited.agent is not None
    assert first.agent is not None
    assert edited.agent.id_masked == first.agent.id_masked
    assert edited.agent.phone == "13700000000"
    with pytest.raises(ValidationError) as missing:
        bare = intake.create_intake(core, desk, "XSLX01", "e2", form("no_criminal_record")).record
        intake.update_intake(
            core, desk, bare.application_id, bare.version,
            form("no_criminal_record", agent=kept_agent, agent_relation="女儿"),
        )  # fmt: skip
    assert missing.value.field == "agent.id_number"


def test_a_known_number_with_another_name_is_refused_and_the_person_is_not_renamed(
    core: Core, desk: Actor
) -> None:
    first = intake.create_intake(core, desk, "XSLX01", "same-1", form()).record
    other = replace(form(), applicant=replace(form().applicant, name="陈志强"))
    with pytest.raises(ValidationError) as refused:
        intake.create_intake(core, desk, "XSLX01", "same-2", other)
    assert refused.value.field == "applicant.name"
    assert first.applicant.name in refused.value.message
    assert intake.get_intake(core, desk, first.application_id).applicant.name == first.applicant.name


def test_an_edit_that_changes_the_people_is_one_version_step_and_leaves_no_stray_person(
    core: Core, desk: Actor
) -> None:
    agent = PersonInput(name="陈小红", id_number=AGENT_ID, phone="13912345678")
    first = intake.create_intake(
        core, desk, "XSLX01", "v1", form("no_criminal_record", agent=agent, agent_relation="女儿")
    ).record
    other = PersonInput(name="林美华", id_number=ident("44080319920202002"), phone="13800000001")
    retyped = intake.update_intake(
        core, desk, first.application_id, first.version,
        form("no_criminal_record", applicant=other, agent=agent, agent_relation="女儿"),
    ).record  # fmt: skip
    assert retyped.version == first.version + 1  # another desk's form of version+1 is not silently stale
    without_agent = intake.update_intake(
        core, desk, first.application_id, retyped.version, form("no_criminal_record", applicant=other)
    ).record
    assert without_agent.version == retyped.version + 1
    assert without_agent.agent is None
    with core.db.read() as session:  # the mistyped applicant and the agent taken off are no one's any more
        numbers = set(session.execute(select(Person.id_number)).scalars())
    assert numbers == {other.id_number}
