"""Read-only look-ups for the receipts tab: find acceptance documents by number, QR payload, ID number, name or day.

One search field takes whatever the desk has: a receipt number (exact), a scanned QR payload (its number), an
18-digit ID number (exact), a masked ID number as printed on the receipt (`440803********1234`: first 6 and last
4), or the beginning of the applicant's name. Names are matched with a range (`name >= p AND name < p + U+FFFF`),
which uses the name index; SQLite's LIKE does not. Lists come newest first and page by key, never by OFFSET.

A receipt number or payload finds the record whichever station accepted it (any desk may open a receipt a
resident brings); names, ID numbers and days list the given station's records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.db.models import Application, Person, PrintedDocument, Station
from desktop.documents.verify import normalize, parse
from desktop.domain.catalog import default_catalog
from desktop.domain.identity import mask_id_number
from desktop.domain.status import STATUS_NAMES
from desktop.errors import ValidationError
from desktop.services.core import Actor, Core, Permission, authorize

MAX_LIMIT = 200
DOCUMENT_KINDS = ("receipt", "supplement_notice")
_RECEIPT_NO = re.compile(r"[A-Z0-9]{1,32}-\d{8}-\d{3,6}")
_ID_NUMBER = re.compile(r"\d{17}[\dX]")
_MASKED_ID = re.compile(r"(?P<head>\d{6})\*{8}(?P<tail>\d{3}[\dX])")
_NAME_END = "\uffff"

Cursor = tuple[datetime, int]  # (created_at, application id) of the last row shown


@dataclass(frozen=True)
class DocumentRow:
    """One application with a printable document, as the receipts list shows it (the ID number masked)."""

    application_id: int
    receipt_no: str
    applicant_name: str
    applicant_id_masked: str
    business_name: str
    status: str
    status_name: str  # Chinese
    created_at: datetime
    copies: int  # printed copies of its receipt or supplement notice
    voided: bool
    version: int

    @property
    def cursor(self) -> Cursor:
        """Pass as `after` to get the rows after this one."""
        return (self.created_at, self.application_id)


@dataclass(frozen=True)
class Query:
    """What the search text was understood as."""

    kind: str  # all | number | id_number | masked_id | name
    value: str = ""
    tail: str = ""


def understand(text: str) -> Query:
    """Classify the search text; a QR payload becomes its number."""
    cleaned = normalize(text)
    if not cleaned:
        return Query("all")
    if (payload := parse(cleaned)) is not None:
        return Query("number", payload[0])
    if _RECEIPT_NO.fullmatch(cleaned):
        return Query("number", cleaned)
    if _ID_NUMBER.fullmatch(cleaned):
        return Query("id_number", cleaned)
    if masked := _MASKED_ID.fullmatch(cleaned):
        return Query("masked_id", masked["head"], masked["tail"])
    name = " ".join(text.split())  # a name keeps its case and inner spaces (foreign names)
    return Query("name", name[:50])


def business_name(kind: str, code: str) -> str:
    catalog = default_catalog()
    if kind == "exit_entry":
        return next((c.name for c in catalog.exit_entry.document_types if c.code == code), code)
    return next((b.name for b in catalog.businesses if b.code == code), code)


def find_documents(
    core: Core,
    actor: Actor,
    station_code: str | None,
    *,
    text: str = "",
    day: date | None = None,
    limit: int = 50,
    after: Cursor | None = None,
) -> list[DocumentRow]:
    """Applications matching `text` (and, unless it is a number, accepted on `day`, a local date), newest first.

    `station_code`: the desk's station (None: every station). `after`: the `cursor` of the last row already shown.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError("limit", f"每次最多查询 {MAX_LIMIT} 条")
    query = understand(text)
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        statement = _base()
        if query.kind == "number":
            statement = statement.where(Application.receipt_no == query.value)
        else:
            filtered = _filtered(session, statement, query, station_code)
            if filtered is None:
                return []
            statement = filtered
        if day is not None and query.kind != "number":  # a number names one record, whatever day is chosen
            statement = statement.where(Application.business_day == day)
        if after is not None:
            created, last_id = after
            statement = statement.where(
                or_(
                    Application.created_at < created,
                    and_(Application.created_at == created, Application.id < last_id),
                )
            )
        statement = statement.order_by(Application.created_at.desc(), Application.id.desc()).limit(limit)
        return [_row(r) for r in session.execute(statement)]


def _filtered(
    session: Session, statement: Select[tuple[object, ...]], query: Query, station_code: str | None
) -> Select[tuple[object, ...]] | None:
    if station_code is not None:
        station_id = session.execute(select(Station.id).where(Station.code == station_code)).scalar()
        if station_id is None:
            return None
        statement = statement.where(Application.station_id == station_id)
    if query.kind == "id_number":
        return statement.where(Person.document_type == "resident_id", Person.id_number == query.value)
    if query.kind == "masked_id":
        return statement.where(
            Person.document_type == "resident_id",
            Person.id_number >= query.value,
            Person.id_number < query.value + _NAME_END,
            func.substr(Person.id_number, 15, 4) == query.tail,
        )
    if query.kind == "name":
        return statement.where(Person.name >= query.value, Person.name < query.value + _NAME_END)
    return statement


def _base() -> Select[tuple[object, ...]]:
    copies = (
        select(func.count())
        .where(PrintedDocument.kind.in_(DOCUMENT_KINDS), PrintedDocument.number == Application.receipt_no)
        .correlate(Application)
        .scalar_subquery()
    )
    voided_copies = (
        select(func.count())
        .where(
            PrintedDocument.kind.in_(DOCUMENT_KINDS),
            PrintedDocument.number == Application.receipt_no,
            PrintedDocument.voided_at.is_not(None),
        )
        .correlate(Application)
        .scalar_subquery()
    )
    return (
        select(
            Application.id,
            Application.receipt_no,
            Application.kind,
            Application.business_code,
            Application.status,
            Application.created_at,
            Application.version,
            Person.name,
            Person.id_number,
            copies.label("copies"),
            voided_copies.label("voided_copies"),
        )
        .join(Person, Person.id == Application.applicant_id)
        .where(Application.receipt_no.is_not(None))
    )


def _row(r: object) -> DocumentRow:
    row = r._mapping  # type: ignore[attr-defined]
    status = str(row["status"])
    return DocumentRow(
        application_id=int(row["id"]),
        receipt_no=str(row["receipt_no"]),
        applicant_name=str(row["name"]),
        applicant_id_masked=mask_id_number(row["id_number"]) if row["id_number"] else "",
        business_name=business_name(str(row["kind"]), str(row["business_code"])),
        status=status,
        status_name=STATUS_NAMES.get(status, status),
        created_at=row["created_at"],
        copies=int(row["copies"] or 0),
        voided=status == "voided" or bool(row["voided_copies"]),
        version=int(row["version"]),
    )
