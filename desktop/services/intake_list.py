"""Read-only look-ups behind the 来访受理 tab: the station's walk-in list, a person by document number (with their
earlier applications), and the staff who take intake (the list's 受理人 filter).

A number of up to 4 digits with a day chosen is that day's receipt serial. The list is newest first and pages by key (`after` = the id of the last row shown), never by OFFSET: one day of
one station walks the (station, business_day, id) index. The search box takes a receipt number or its QR
payload (exact), an ID or other document number (exact, or masked as printed: first 6 and last 4), a phone
number (exact, in its canonical form) or the beginning of a name (a range on the name index: SQLite's LIKE
would not use it). Filters combine; a receipt number ignores the others.

A name prefix is one range of the station's own applications on (station, kind, applicant name): the application
row carries its applicant's name (kept with the person's, services/people.py), so a bare common surname (陈 is one
person in twelve) and a rare full name cost alike, never the district's people with that name probed one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from desktop.db.models import Application, ApplicationMaterial, Person, StaffUser, Station
from desktop.domain import status as st
from desktop.domain.documents_id import DOCUMENT_TYPES, validate_document
from desktop.domain.identity import (
    convert_15_to_18,
    is_mobile,
    mask_id_number,
    normalize_id_number,
    normalize_phone,
)
from desktop.errors import ValidationError
from desktop.services.core import Actor, Core, Permission, authorize
from desktop.services.receipt_search import Query, business_name, understand

MAX_LIMIT = 200
PERSON_QUERIES = frozenset({"id_number", "document", "masked_id", "phone"})
SERIAL_DIGITS = 4  # the serial part of a receipt number (desktop.db.counters)
EARLIER_LIMIT = 20
_NAME_END = "\uffff"
_ALL_TYPES = tuple(t.code for t in DOCUMENT_TYPES)


@dataclass(frozen=True)
class IntakeFilter:
    day: date | None = None  # a local business day; None: every day
    status: str = ""
    business_code: str = ""
    created_by: int | None = None
    text: str = ""
    kind: str = "walkin"  # walkin | exit_entry


@dataclass(frozen=True)
class IntakeRow:
    application_id: int
    receipt_no: str
    applicant_name: str
    applicant_id_masked: str
    business_code: str
    business_name: str
    status: str
    status_name: str
    missing: int  # materials still missing
    created_at: datetime
    created_by_name: str
    returned_by_review: bool  # an officer returned it: the desk must act
    version: int


@dataclass(frozen=True)
class EarlierApplication:
    application_id: int
    receipt_no: str
    kind: str
    business_name: str
    status_name: str
    created_at: datetime


@dataclass(frozen=True)
class KnownPerson:
    """A person found by document number: what the form fills in, and what they applied for before."""

    person_id: int
    document_type: str
    id_number: str  # as typed by the desk, who already holds it
    name: str
    gender: str
    birth_date: date | None
    phone: str
    address: str
    household_address: str
    earlier: tuple[EarlierApplication, ...]


@dataclass(frozen=True)
class StaffChoice:
    user_id: int
    display_name: str


def classify(text: str) -> Query:
    """What the search text is: number | id_number | masked_id | phone | name | all (see the module docstring)."""
    query = understand(text)
    if query.kind == "name":
        cleaned = normalize_id_number(text)
        phone = normalize_phone(text)
        if is_mobile(phone) or (phone.startswith("0") and "-" in phone):
            return Query("phone", phone)
        if len(cleaned) == 15 and cleaned.isdigit():  # a legacy ID number is stored converted to 18
            return Query("id_number", convert_15_to_18(cleaned))
        if any(c.isdigit() for c in cleaned) and cleaned.isalnum() and cleaned.isascii():
            return Query("document", cleaned)
    return query


def list_intake(
    core: Core,
    actor: Actor,
    station_code: str,
    flt: IntakeFilter,
    *,
    after: int | None = None,
    limit: int = 50,
) -> list[IntakeRow]:
    """One page of the station's walk-in applications matching `flt`, newest first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError("limit", f"每次最多查询 {MAX_LIMIT} 条")
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        statement = list_statement(station_code, flt, after=after, limit=limit)
        return [_row(r) for r in session.execute(statement)]


def list_statement(
    station_code: str,
    flt: IntakeFilter,
    *,
    after: int | None = None,
    limit: int = 50,
) -> Select[tuple[object, ...]]:
    """The one query behind a page of the list (public for the test that reads its plan).

    One round trip for the page (the station, the missing counts and the clerk's name inside it): on the station
    LAN every extra query costs a network round trip. The page's ids are chosen first on the application table
    alone, so names and counts are looked up for those rows only, not for every match.
    """
    query = classify(flt.text)
    serial = flt.text.strip()
    if flt.day is not None and serial.isdigit() and len(serial) <= SERIAL_DIGITS:
        # "7" or "0007" on a chosen day: that day's receipt number 7 at this station, as the desk reads it aloud.
        query = Query("number", f"{station_code}-{flt.day:%Y%m%d}-{int(serial):0{SERIAL_DIGITS}d}")
    station_id = select(Station.id).where(Station.code == station_code).scalar_subquery()
    station: ColumnElement[int] | InstrumentedAttribute[int] = Application.station_id
    if query.kind in PERSON_QUERIES:
        # "+ 0" keeps the planner off the station's id-ordered index (SQLite's documented way to disqualify an
        # index): the few applications of the people found come by applicant instead, then are sorted.
        station = Application.station_id + 0
    page = select(Application.id).where(station == station_id, Application.kind == flt.kind)
    if query.kind == "number":
        page = page.where(Application.receipt_no == query.value)
    elif query.kind == "name":
        page = _filtered(page, flt, Query("all", "")).where(
            Application.applicant_name >= query.value, Application.applicant_name < query.value + _NAME_END
        )
    else:
        page = _filtered(page, flt, query)
    if after is not None:
        page = page.where(Application.id < after)
    page = page.order_by(Application.id.desc()).limit(limit)
    return _base().where(Application.id.in_(page.scalar_subquery())).order_by(Application.id.desc())


def _filtered(statement: Select[tuple[int]], flt: IntakeFilter, query: Query) -> Select[tuple[int]]:
    if flt.day is not None:
        statement = statement.where(Application.business_day == flt.day)
    if flt.status:
        statement = statement.where(Application.status == flt.status)
    if flt.business_code:
        statement = statement.where(Application.business_code == flt.business_code)
    if flt.created_by is not None:
        statement = statement.where(Application.created_by == flt.created_by)
    # A person query finds the people first (their indexes), then their applications by applicant: written as
    # a join filter, SQLite would walk the station's applications newest first and test each applicant.
    people = select(Person.id)
    if query.kind in ("id_number", "document"):
        people = people.where(Person.document_type.in_(_ALL_TYPES), Person.id_number == query.value)
    elif query.kind == "masked_id":
        people = people.where(
            Person.document_type.in_(_ALL_TYPES),
            Person.id_number >= query.value,
            Person.id_number < query.value + _NAME_END,
            func.substr(Person.id_number, 15, 4) == query.tail,
        )
    elif query.kind == "phone":
        people = people.where(Person.phone == query.value)
    else:
        return statement
    return statement.where(Application.applicant_id.in_(people.scalar_subquery()))


def _base() -> Select[tuple[object, ...]]:
    missing = (
        select(func.count())
        .where(ApplicationMaterial.application_id == Application.id, ApplicationMaterial.received.is_(False))
        .correlate(Application)
        .scalar_subquery()
    )
    return (
        select(
            Application.id,
            Application.receipt_no,
            Application.business_code,
            Application.kind,
            Application.status,
            Application.created_at,
            Application.review_note,
            Application.version,
            Person.name,
            Person.id_number,
            StaffUser.display_name.label("created_by_name"),
            missing.label("missing"),
        )
        .join(Person, Person.id == Application.applicant_id)
        .outerjoin(StaffUser, StaffUser.id == Application.created_by)
    )


def _row(r: object) -> IntakeRow:
    row = r._mapping  # type: ignore[attr-defined]
    status = str(row["status"])
    return IntakeRow(
        application_id=int(row["id"]),
        receipt_no=str(row["receipt_no"] or ""),
        applicant_name=str(row["name"]),
        applicant_id_masked=mask_id_number(row["id_number"]) if row["id_number"] else "",
        business_code=str(row["business_code"]),
        business_name=business_name(str(row["kind"]), str(row["business_code"])),
        status=status,
        status_name=st.status_name(status),
        missing=int(row["missing"] or 0),
        created_at=row["created_at"],
        created_by_name=str(row["created_by_name"] or ""),
        returned_by_review=status == st.RETURNED and bool(row["review_note"]),
        version=int(row["version"]),
    )


def find_person(core: Core, actor: Actor, document_type: str, id_number: str) -> KnownPerson | None:
    """The recorded person with this document (None when unknown), with their latest applications."""
    number, _ = validate_document(document_type, id_number)
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        person = session.execute(
            select(Person).where(Person.document_type == document_type, Person.id_number == number)
        ).scalar_one_or_none()
        if person is None:
            return None
        earlier = session.execute(
            select(Application)
            .where(Application.applicant_id == person.id)
            .order_by(Application.id.desc())
            .limit(EARLIER_LIMIT)
        ).scalars()
        return KnownPerson(
            person_id=person.id,
            document_type=person.document_type,
            id_number=number,
            name=person.name,
            gender={"male": "男", "female": "女"}.get(person.gender or "", ""),
            birth_date=person.birth_date,
            phone=person.phone,
            address=person.address,
            household_address=person.household_address,
            earlier=tuple(
                EarlierApplication(
                    a.id,
                    a.receipt_no or "",
                    a.kind,
                    business_name(a.kind, a.business_code),
                    st.status_name(a.status),
                    a.created_at,
                )
                for a in earlier
            ),
        )


def intake_staff(core: Core, actor: Actor) -> list[StaffChoice]:
    """Everyone who may take intake (desk and officer accounts), for the list's 受理人 filter."""
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        rows = session.execute(
            select(StaffUser.id, StaffUser.display_name)
            .where(StaffUser.role.in_(("desk", "officer")))
            .order_by(StaffUser.display_name)
        )
        return [StaffChoice(int(user_id), str(name)) for user_id, name in rows]
