"""Exit-entry intake against a real database (SQLite and PostgreSQL): the rows a save writes, the fee, the
promised date, the receipt it prints."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.db.models import Application, AuditEvent, Endorsement, ExitEntryDetail, Person
from desktop.domain.catalog import load_catalog
from desktop.domain.exit_entry_rules import EndorsementInput, ExitEntryInput, materials_for
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import PersonInput
from desktop.errors import ValidationError
from desktop.services import exit_entry, receipts
from desktop.services.core import Actor, Core
from tests.desktop.documents import pdftools
from tests.desktop.services.helpers import make_station, make_user

ADULT = PersonInput(
    name="陈志明", id_number="44080319850312123" + id_check_char("44080319850312123"), phone="13812345678"
)
CHILD = PersonInput(
    name="陈小明", id_number="44080320150601123" + id_check_char("44080320150601123"), phone="13812345678"
)


@pytest.fixture
def desk(core: Core, admin: Actor) -> Actor:
    make_station(core, admin)
    user = make_user(core, admin)
    return Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)


def form(
    document: str = "hk_macau", kind: str = "first", *endorsements: tuple[str, str], **changes: object
) -> ExitEntryInput:
    minor = changes.get("applicant") is CHILD
    materials = tuple(
        replace(m, received=True)
        for m in materials_for(load_catalog().exit_entry, kind, minor=minor)
        if m.required
    )
    values: dict[str, object] = {
        "applicant": ADULT, "document_type": document, "application_type": kind,
        "endorsements": tuple(EndorsementInput(t, tier) for t, tier in endorsements),
        "photo_receipt_no": "ZP20261127001", "materials": materials, "purpose": "旅游",
    }  # fmt: skip
    values.update(changes)
    return ExitEntryInput(**values)  # type: ignore[arg-type]


def test_a_first_permit_with_two_endorsements_costs_155_and_is_due_in_7_working_days(
    core: Core, desk: Actor
) -> None:
    record = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "ee-1", form("hk_macau", "first", ("G", "single"), ("T", "multi_1y"))
    )
    assert record.fee_fen == 15500
    assert [line.total_fen for line in record.fee_lines] == [6000, 1500, 8000]
    assert record.status == "received"
    assert record.receipt_no == "XSLX01-20261127-0001"
    assert record.promised_date == date(2026, 12, 8)  # Friday + 7 working days
    assert [(e.type, e.tier, e.fee_fen) for e in record.endorsements] == [
        ("G", "single", 1500),
        ("T", "multi_1y", 8000),
    ]
    with core.db.read() as session:
        detail = session.execute(select(ExitEntryDetail)).scalar_one()
        assert (detail.document_type, detail.application_type, detail.photo_receipt_no) == (
            "hk_macau", "first", "ZP20261127001",
        )  # fmt: skip
        assert session.execute(select(func.count()).select_from(Endorsement)).scalar_one() == 2
        actions = session.execute(select(AuditEvent.action)).scalars().all()
        assert "exit_entry.create" in actions


def test_elsewhere_registered_household_takes_20_working_days(core: Core, desk: Actor) -> None:
    record = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "ee-2", form("passport", "first", household_local=False)
    )
    assert record.promised_date is not None
    assert (record.promised_date - date(2026, 11, 27)).days >= 26


def test_renewal_without_old_number_and_a_child_without_guardian_are_refused(core: Core, desk: Actor) -> None:
    with pytest.raises(ValidationError) as renewal:
        exit_entry.create_exit_entry(core, desk, "XSLX01", "ee-3", form("passport", "renewal"))
    assert renewal.value.field == "old_document_no"
    with pytest.raises(ValidationError) as child:
        exit_entry.create_exit_entry(core, desk, "XSLX01", "ee-4", form("passport", "first", applicant=CHILD))
    assert child.value.field == "guardian.id_number"
    guarded = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "ee-5",
        form("passport", "first", applicant=CHILD, guardian=PersonInput(name="陈志明", id_number=ADULT.id_number),
             guardian_relation="父亲"),
    )  # fmt: skip
    assert guarded.guardian is not None
    assert guarded.guardian.name == "陈志明"
    with core.db.read() as session:
        assert session.execute(select(func.count()).select_from(Application)).scalar_one() == 1


def test_the_receipt_is_the_exit_entry_variant_with_the_itemised_fee(core: Core, desk: Actor) -> None:
    pdftools.require_tools()
    record = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "ee-6", form("hk_macau", "first", ("G", "single"), ("T", "multi_1y"))
    )
    copy = receipts.render_document(core, desk, record.receipt_no)
    text = pdftools.flat_text(copy.pdf)
    assert copy.kind == "receipt"
    assert "往来港澳通行证" in text
    assert "155.00" in text
    assert "3个月" in text or "3 个月" in text  # the keeping period
    assert ADULT.id_number not in text


def test_missing_materials_brought_later_accept_the_application(core: Core, desk: Actor) -> None:
    from desktop.services import receipts

    pdftools.require_tools()
    incomplete = form("passport", "first")
    incomplete = replace(
        incomplete,
        materials=tuple(replace(m, received=m.code != "photo_receipt") for m in incomplete.materials),
    )
    record = exit_entry.create_exit_entry(core, desk, "XSLX01", "ee-7", incomplete)
    assert record.status == "returned"
    assert receipts.render_document(core, desk, record.receipt_no).kind == "supplement_notice"
    brought = replace(form("passport", "first"), applicant=replace(ADULT, id_number=""))
    done = exit_entry.update_exit_entry(core, desk, record.application_id, record.version, brought)
    assert done.status == "received"
    assert done.missing == ()
    assert receipts.render_document(core, desk, done.receipt_no).kind == "receipt"


def kept(edited: ExitEntryInput) -> ExitEntryInput:
    """The form as an edit sends it: the applicant's number is not typed again (blank keeps the recorded one)."""
    return replace(edited, applicant=replace(edited.applicant, id_number=""))


def test_an_edit_reprices_the_endorsements_and_says_what_changed(core: Core, desk: Actor) -> None:
    record = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "ee-e1", form("hk_macau", "first", ("G", "single"))
    )
    assert record.fee_fen == 7500
    edited = exit_entry.update_exit_entry(
        core, desk, record.application_id, record.version,
        kept(form("hk_macau", "first", ("G", "single"), ("T", "multi_1y"), purpose="探亲")),
    )  # fmt: skip
    assert edited.fee_fen == 15500
    assert [(e.type, e.tier) for e in edited.endorsements] == [("G", "single"), ("T", "multi_1y")]
    assert edited.purpose == "探亲"
    assert edited.applicant.name == ADULT.name
    assert edited.version == record.version + 1
    with core.db.read() as session:
        rows = session.execute(select(Endorsement).where(Endorsement.application_id == record.application_id))
        assert len(rows.all()) == 2
        detail = session.execute(
            select(AuditEvent.detail).where(AuditEvent.action == "exit_entry.update")
        ).scalar_one()
    assert "签注" in detail
    assert "出境事由" in detail
    assert ADULT.id_number not in detail


def test_a_stale_edit_is_refused_with_the_record_as_it_is_now(core: Core, desk: Actor) -> None:
    record = exit_entry.create_exit_entry(core, desk, "XSLX01", "ee-e2", form("passport", "first"))
    first = exit_entry.update_exit_entry(
        core, desk, record.application_id, record.version, kept(form("passport", "first", purpose="留学"))
    )
    with pytest.raises(exit_entry.StaleExitEntry) as stale:
        exit_entry.update_exit_entry(
            core, desk, record.application_id, record.version, kept(form("passport", "first", purpose="商务"))
        )
    assert stale.value.current.purpose == "留学"
    assert stale.value.current.version == first.version
    assert "张三" in stale.value.message
    assert exit_entry.get_exit_entry(core, desk, record.application_id).purpose == "留学"


def test_renewal_without_the_old_number_cannot_be_saved_on_an_edit_either(core: Core, desk: Actor) -> None:
    record = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "ee-e3", form("passport", "renewal", old_document_no="E12345678")
    )
    with pytest.raises(ValidationError) as refused:
        exit_entry.update_exit_entry(
            core, desk, record.application_id, record.version, kept(form("passport", "renewal"))
        )
    assert refused.value.field == "old_document_no"


def test_a_printed_receipt_cannot_turn_back_into_missing_materials(core: Core, desk: Actor) -> None:
    record = exit_entry.create_exit_entry(core, desk, "XSLX01", "ee-e4", form("passport", "first"))
    receipts.render_document(core, desk, record.receipt_no)
    printed = exit_entry.get_exit_entry(core, desk, record.application_id)
    incomplete = form("passport", "first")
    incomplete = replace(
        incomplete,
        materials=tuple(replace(m, received=m.code != "photo_receipt") for m in incomplete.materials),
    )
    with pytest.raises(ValidationError) as refused:
        exit_entry.update_exit_entry(core, desk, record.application_id, printed.version, kept(incomplete))
    assert refused.value.field == "materials"


def test_moving_the_household_elsewhere_moves_the_promised_date_to_20_working_days(
    core: Core, desk: Actor
) -> None:
    record = exit_entry.create_exit_entry(core, desk, "XSLX01", "ee-e5", form("passport", "first"))
    moved = exit_entry.update_exit_entry(
        core,
        desk,
        record.application_id,
        record.version,
        kept(form("passport", "first", household_local=False)),
    )
    assert record.promised_date is not None
    assert moved.promised_date is not None
    assert moved.promised_date > record.promised_date


def test_an_application_in_a_handover_batch_is_no_longer_editable(core: Core, desk: Actor) -> None:
    from desktop.services import handover

    record = exit_entry.create_exit_entry(core, desk, "XSLX01", "ee-e6", form("passport", "first"))
    handover.create_batch(core, desk, "XSLX01", "batch-e6", [record.application_id])
    now = exit_entry.get_exit_entry(core, desk, record.application_id)
    assert "移交批次" in now.edit_refusal
    with pytest.raises(ValidationError) as refused:
        exit_entry.update_exit_entry(
            core, desk, record.application_id, now.version, kept(form("passport", "first"))
        )
    assert "移交批次" in refused.value.message


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


def test_an_edit_that_changes_the_people_is_one_version_step_and_leaves_no_stray_person(
    core: Core, desk: Actor
) -> None:
    mother = PersonInput(name="林美华", id_number=_id("44080319880202002"), phone="13800000001")
    proxy = PersonInput(name="王小红", id_number=_id("44080319900303003"), phone="13800000002")
    first = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "ee-people",
        form(applicant=CHILD, guardian=mother, guardian_relation="母亲", agent=proxy, agent_relation="朋友"),
    )  # fmt: skip
    father = PersonInput(name="陈大明", id_number=_id("44080319860404004"), phone="13800000003")
    other_proxy = PersonInput(name="赵六", id_number=_id("44080319920505005"), phone="13800000004")
    replaced = exit_entry.update_exit_entry(
        core, desk, first.application_id, first.version,
        form(applicant=CHILD, guardian=father, guardian_relation="父亲", agent=other_proxy, agent_relation="朋友"),
    )  # fmt: skip
    assert replaced.version == first.version + 1  # another desk's form of version+1 is not silently stale
    assert replaced.guardian is not None
    assert replaced.guardian.name == "陈大明"
    assert replaced.agent is not None
    assert replaced.agent.name == "赵六"
    # the applicant's number retyped (an adult: no guardian) and the proxy taken off
    adult = exit_entry.update_exit_entry(core, desk, first.application_id, replaced.version, form())
    assert adult.version == replaced.version + 1
    assert adult.guardian is None
    assert adult.agent is None
    with (
        core.db.read() as session
    ):  # the child, the guardians and the proxies taken off are no one's any more
        numbers = set(session.execute(select(Person.id_number)).scalars())
    assert numbers == {ADULT.id_number}
