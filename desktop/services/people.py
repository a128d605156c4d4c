"""People as the services record them: found by document type and number, created when unknown, their
details (name, phone, addresses) kept up to date with what they last told the desk.

A person recorded under a mistyped number and then corrected on the record (the number typed again) is nobody's
any more: `forget_if_orphaned` deletes such a row when the correction commits, if no application, guardian line or
mediation party still refers to it, so the wrong number is not kept (SQLite overwrites it: secure_delete).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, event, exists, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, object_session

from desktop.db.models import Application, ExitEntryDetail, MediationParty, Person
from desktop.domain.intake_rules import PersonInput, check_person
from desktop.errors import ValidationError


def resolve_person(
    session: Session, form: PersonInput | None, prefix: str, today: date, now: datetime
) -> Person:
    """The person with this document, created when unknown (also when another desk creates them meanwhile)."""
    assert form is not None
    checked = check_person(form, prefix, today=today, keep_number=False)
    person = checked.person
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(Person)
        .values(
            document_type=person.document_type, id_number=person.id_number, name=person.name,
            gender=checked.info.gender if checked.info else None,
            birth_date=checked.info.birth_date if checked.info else None,
            phone=person.phone, address=person.address, household_address=person.household_address,
            created_at=now, updated_at=now, version=1,
        )
        .on_conflict_do_nothing(index_elements=[Person.document_type, Person.id_number])
    )  # fmt: skip
    row = session.execute(
        select(Person).where(
            Person.document_type == person.document_type, Person.id_number == person.id_number
        )
    ).scalar_one()
    if person.name and row.name and _same_name(row.name) != _same_name(person.name):
        # A number is one person: a different name means a mistyped number or details left from someone else,
        # never a reason to rename the person on every earlier record.
        raise ValidationError(
            f"{prefix}.name",
            f"该证件号码已登记为“{row.name}”，与填写的姓名不一致，请核对证件号码和姓名",
        )
    update_details(row, person, now)
    return row


def _same_name(name: str) -> str:
    return "".join(name.split()).replace("·", "").replace("•", "")


def update_details(row: Person, person: PersonInput, now: datetime) -> None:
    """The newest name, phone and addresses the person gave (a blank phone or address keeps the recorded one).
    A new name goes onto the person's applications too (`Application.applicant_name`, what the search box
    searches): the one place a recorded person's name changes."""
    changes = {"name": person.name} if person.name else {}
    changes.update(
        {f: getattr(person, f) for f in ("phone", "address", "household_address") if getattr(person, f)}
    )
    if any(getattr(row, key) != value for key, value in changes.items()):
        renamed = bool(person.name) and row.name != person.name
        for key, value in changes.items():
            setattr(row, key, value)
        row.updated_at = now
        if renamed:
            session = object_session(row)
            assert session is not None, "a recorded person belongs to the action's session"
            # The person's row first (PostgreSQL: waits for desks copying the old name onto a new application, see
            # name_for_application), then every application of theirs, the uncommitted ones of others included.
            session.execute(select(Person.id).where(Person.id == row.id).with_for_update())
            session.execute(
                update(Application).where(Application.applicant_id == row.id).values(applicant_name=row.name)
            )


def name_for_application(session: Session, person: Person) -> str:
    """The name to copy onto an application of `person`: as renamed in this action, or as committed now, read
    under a share lock so that a desk renaming them meanwhile waits for this save (and then renames its copy too)
    instead of missing it."""
    if inspect(person).attrs.name.history.has_changes():
        return person.name
    return str(
        session.execute(
            select(Person.name).where(Person.id == person.id).with_for_update(read=True)
        ).scalar_one()
    )


def keep_or_resolve(
    session: Session, recorded_id: int | None, form: PersonInput, prefix: str, today: date, now: datetime
) -> Person:
    """On an edit a person's number is typed again only to change the person: a blank number keeps the recorded
    one (with the details the form now shows), a typed one finds or creates that person."""
    if form.id_number.strip():
        row = resolve_person(session, form, prefix, today, now)
        if recorded_id is not None and row.id != recorded_id:
            forget_if_orphaned(session, [recorded_id])
        return row
    if recorded_id is None:
        raise ValidationError(f"{prefix}.id_number", "请填写证件号码")
    row = session.get_one(Person, recorded_id)
    update_details(row, check_person(form, prefix, today=today, keep_number=True).person, now)
    return row


_FORGET = "people_to_forget"


def forget_if_orphaned(session: Session, person_ids: Iterable[int]) -> None:
    """Delete these people when the transaction commits, each only if nothing refers to it any more."""
    pending: set[int] = session.info.setdefault(_FORGET, set())
    if not pending:
        event.listen(session, "before_commit", _forget_orphans, once=True)
    pending.update(person_ids)


def _forget_orphans(session: Session) -> None:
    ids = session.info.pop(_FORGET, set())
    if not ids:
        return
    session.flush()  # the record's new references first
    session.execute(
        delete(Person)
        .where(Person.id.in_(ids))
        .where(~exists().where(Application.applicant_id == Person.id))
        .where(~exists().where(Application.agent_id == Person.id))
        .where(~exists().where(ExitEntryDetail.guardian_id == Person.id))
        .where(~exists().where(MediationParty.person_id == Person.id)),
        execution_options={"synchronize_session": False},
    )
