"""The officer's day board (当日审核): one station's day in figures, and the exceptions to look at first.

The board counts the day's applications (business day = the local day of intake) by kind, business type, desk
(staff member) and status; the fees as a till close-out (voided records excluded and listed apart); the
consultations by topic; the mediation cases registered that day; and the last 30 days' daily intake for a line
chart. An officer sees the whole station; a desk user sees the same board over its own records only (read-only).

Fees: every record of the day that is not voided counts with its recorded fee (`fee_fen`), whatever its status:
the fee is taken at the counter when the record is made. A voided record is left out and listed apart with its
reason, so the cash in the till equals `fees.total_fen`.

Exceptions (officer only): reprints and voids of the day's printed documents, every reveal of a full ID number
(audit actions ending in `.reveal_id` whose entity is a receipt number of the station), records returned for
补正 still open, applications past their promised date and not finished (walk-in business done on the spot is
finished once accepted), overdue mediation follow-ups, and issued exit-entry documents waiting more than 80 days.

The board and the exceptions are plain frozen values; `board_to_json`/`board_from_json` and the exception
equivalents turn them into the JSON frozen into `day_signoff.summary` at sign-off and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from desktop.clock import LOCAL_TZ, local_date
from desktop.db.models import (
    Application,
    AuditEvent,
    Consultation,
    ExitEntryDetail,
    MediationCase,
    MediationFollowup,
    Person,
    PrintedDocument,
    StaffUser,
    Station,
)
from desktop.domain import status as st
from desktop.domain.catalog import default_catalog
from desktop.errors import NotFound, PermissionDenied
from desktop.services.consultation import topic_name
from desktop.services.core import Actor, Core, Permission, authorize
from desktop.services.handover import WARN_AFTER_DAYS
from desktop.services.receipt_search import business_name

TREND_DAYS = 30
EXCEPTION_LIMIT = 200  # per kind: a list longer than that is a backlog, not a day's exceptions
REVEAL_SUFFIX = ".reveal_id"
KIND_NAMES = {"walkin": "来访受理", "exit_entry": "出入境", "mediation": "矛盾调解", "consultation": "咨询"}
DOCUMENT_NAMES = {
    "receipt": "受理回执", "supplement_notice": "补正材料通知书", "handover_list": "移交清单",
    "mediation_agreement": "调解协议书", "daily_report": "工作日报",
}  # fmt: skip
EXCEPTION_NAMES = {
    "void": "作废", "reprint": "补打", "reveal": "查看完整证件号码", "returned": "待补正",
    "overdue": "超期未办结", "followup": "回访逾期", "keeping": "证件待领将超保管期",
}  # fmt: skip
UNFINISHED = (st.RECEIVED, st.REVIEWED, st.FORWARDED)


@dataclass(frozen=True)
class Count:
    code: str
    name: str
    count: int
    fen: int = 0  # fees of these records, voided ones excluded (business rows and fee rows)


@dataclass(frozen=True)
class VoidedRecord:
    application_id: int
    receipt_no: str
    business_name: str
    applicant_name: str
    fee_fen: int
    reason: str


@dataclass(frozen=True)
class Fees:
    total_fen: int  # what the till should hold for the day's records
    records: int  # fee-bearing records (fee > 0, not voided)
    by_business: tuple[Count, ...]  # count = fee-bearing records of that business, fen = their fees
    voided: tuple[VoidedRecord, ...]  # left out of the total
    voided_fen: int


@dataclass(frozen=True)
class DailyTotal:
    day: date
    count: int


@dataclass(frozen=True)
class DayBoard:
    station_code: str
    station_name: str
    day: date
    own_only: bool  # a desk user's view: its own records, consultations and cases only
    total: int  # the day's applications, every status (voided included)
    by_kind: tuple[Count, ...]  # 来访受理 / 出入境 / 矛盾调解 / 咨询: the bar chart
    by_business: tuple[Count, ...]  # most first
    by_staff: tuple[Count, ...]  # code = staff user id
    by_status: tuple[Count, ...]  # in the order of the status machine
    fees: Fees
    consultations: tuple[Count, ...]  # by topic, in the catalog's order
    consultation_total: int
    mediation_cases: int  # registered that day
    trend: tuple[DailyTotal, ...]  # applications per day, the 30 days ending with `day` (zeros included)


@dataclass(frozen=True)
class ExceptionItem:
    kind: str  # void | reprint | reveal | returned | overdue | followup | keeping
    kind_name: str
    number: str  # receipt, document or case number
    subject: str  # what it is about (business, document, applicant name)
    detail: str  # the reason, or how late
    who: str = ""  # who did it (voids, reprints, reveals)
    at: datetime | None = None  # when it happened (UTC), or None
    application_id: int | None = None  # the record to open, when there is one


def day_range(day: date) -> tuple[datetime, datetime]:
    """The UTC moments where the local day starts and the next one starts (Asia/Shanghai has no DST)."""
    start = datetime.combine(day, time(), LOCAL_TZ).astimezone(UTC)
    return start, start + timedelta(days=1)


def find_station(session: Session, station_code: str) -> Station:
    station = session.execute(select(Station).where(Station.code == station_code)).scalar_one_or_none()
    if station is None:
        raise NotFound(f"没有代码为 {station_code} 的站点")
    return station


def sees_whole_station(session: Session, actor: Actor) -> bool:
    """May `actor` see the board at all (intake staff), and the whole station (officer) or only its own?"""
    authorize(session, actor, Permission.INTAKE)
    try:
        authorize(session, actor, Permission.REVIEW)
    except PermissionDenied:
        return False
    return True


def day_board(core: Core, actor: Actor, station_code: str, day: date) -> DayBoard:
    """The board of `day`: the whole station for an officer, the actor's own records for a desk user."""
    with core.db.read() as session:
        whole = sees_whole_station(session, actor)
        station = find_station(session, station_code)
        return build_board(session, station, day, None if whole else actor.user_id)


def exceptions(core: Core, actor: Actor, station_code: str, day: date) -> list[ExceptionItem]:
    """What the officer should look at first on `day` (officer only)."""
    with core.db.read() as session:
        authorize(session, actor, Permission.REVIEW)
        return build_exceptions(session, find_station(session, station_code), day)


def build_board(session: Session, station: Station, day: date, own: int | None) -> DayBoard:
    """The board inside the caller's transaction; `own` = a staff user id restricts it to that user's records."""
    voided = Application.status == st.VOIDED
    where = [Application.station_id == station.id, Application.business_day == day]
    if own is not None:
        where.append(Application.created_by == own)
    grouped = session.execute(
        select(
            Application.kind, Application.business_code, Application.status, Application.created_by,
            func.count(), func.sum(case((voided, 0), else_=Application.fee_fen)),
            func.sum(case((voided, 0), (Application.fee_fen > 0, 1), else_=0)),
        )
        .where(*where)
        .group_by(Application.kind, Application.business_code, Application.status, Application.created_by)
    ).all()  # fmt: skip
    kinds: dict[str, int] = {}
    businesses: dict[tuple[str, str], list[int]] = {}  # count, fen, fee-bearing
    statuses: dict[str, int] = {}
    staff: dict[int, int] = {}
    for kind, code, status, created_by, count, fen, paying in grouped:
        kinds[kind] = kinds.get(kind, 0) + count
        totals = businesses.setdefault((kind, code), [0, 0, 0])
        totals[0], totals[1], totals[2] = (
            totals[0] + count,
            totals[1] + int(fen or 0),
            totals[2] + int(paying or 0),
        )
        statuses[status] = statuses.get(status, 0) + count
        staff[created_by] = staff.get(created_by, 0) + count
    query = select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(staff))
    names = {int(i): str(name) for i, name in session.execute(query).tuples()}
    by_business = sorted(
        (Count(code, business_name(kind, code), n, fen) for (kind, code), (n, fen, _) in businesses.items()),
        key=lambda c: (-c.count, c.name),
    )
    fee_rows = sorted(
        (Count(code, business_name(kind, code), paying, fen)
         for (kind, code), (_, fen, paying) in businesses.items() if paying),
        key=lambda c: (-c.fen, c.name),
    )  # fmt: skip
    void_list = _voided(session, station.id, day, own)
    consultations, consultation_total = _consultations(session, station.id, day, own)
    cases = _mediation_cases(session, station.id, day, own)
    return DayBoard(
        station_code=station.code,
        station_name=station.name,
        day=day,
        own_only=own is not None,
        total=sum(kinds.values()),
        by_kind=(
            Count("walkin", KIND_NAMES["walkin"], kinds.get("walkin", 0)),
            Count("exit_entry", KIND_NAMES["exit_entry"], kinds.get("exit_entry", 0)),
            Count("mediation", KIND_NAMES["mediation"], cases),
            Count("consultation", KIND_NAMES["consultation"], consultation_total),
        ),
        by_business=tuple(by_business),
        by_staff=tuple(
            sorted(
                (Count(str(uid), names.get(uid, f"#{uid}"), n) for uid, n in staff.items()),
                key=lambda c: (-c.count, c.name),
            )
        ),
        by_status=tuple(Count(s, st.status_name(s), statuses[s]) for s in st.STATUS_NAMES if s in statuses),
        fees=Fees(
            total_fen=sum(c.fen for c in fee_rows),
            records=sum(c.count for c in fee_rows),
            by_business=tuple(fee_rows),
            voided=tuple(void_list),
            voided_fen=sum(v.fee_fen for v in void_list),
        ),
        consultations=tuple(consultations),
        consultation_total=consultation_total,
        mediation_cases=cases,
        trend=_trend(session, station.id, day, own),
    )


def _voided(session: Session, station_id: int, day: date, own: int | None) -> list[VoidedRecord]:
    query = (
        select(Application, Person.name)
        .join(Person, Person.id == Application.applicant_id)
        .where(Application.station_id == station_id, Application.business_day == day,
               Application.status == st.VOIDED)
        .order_by(Application.id)
    )  # fmt: skip
    if own is not None:
        query = query.where(Application.created_by == own)
    return [
        VoidedRecord(
            app.id,
            app.receipt_no or "",
            business_name(app.kind, app.business_code),
            str(name),
            app.fee_fen,
            str((app.extra or {}).get("void", {}).get("reason", "")),
        )
        for app, name in session.execute(query).tuples()
    ]


def _consultations(session: Session, station_id: int, day: date, own: int | None) -> tuple[list[Count], int]:
    query = (
        select(Consultation.topic, func.count())
        .where(Consultation.station_id == station_id, Consultation.business_day == day)
        .group_by(Consultation.topic)
    )
    if own is not None:
        query = query.where(Consultation.created_by == own)
    counts = {str(topic): int(n) for topic, n in session.execute(query).tuples()}
    order = [t.code for t in default_catalog().consultation_topics]
    codes = [c for c in order if c in counts] + sorted(set(counts) - set(order))
    return [Count(c, topic_name(c), counts[c]) for c in codes], sum(counts.values())


def _mediation_cases(session: Session, station_id: int, day: date, own: int | None) -> int:
    start, end = day_range(day)
    query = select(func.count()).where(
        MediationCase.station_id == station_id,
        MediationCase.created_at >= start,
        MediationCase.created_at < end,
    )
    if own is not None:
        query = query.where(MediationCase.created_by == own)
    return int(session.execute(query).scalar_one())


def _trend(session: Session, station_id: int, day: date, own: int | None) -> tuple[DailyTotal, ...]:
    first = day - timedelta(days=TREND_DAYS - 1)
    query = (
        select(Application.business_day, func.count())
        .where(Application.station_id == station_id, Application.business_day >= first,
               Application.business_day <= day)
        .group_by(Application.business_day)
    )  # fmt: skip
    if own is not None:
        query = query.where(Application.created_by == own)
    counts = {d: int(n) for d, n in session.execute(query).tuples()}
    days = (first + timedelta(days=i) for i in range(TREND_DAYS))
    return tuple(DailyTotal(d, counts.get(d, 0)) for d in days)


def build_exceptions(session: Session, station: Station, day: date) -> list[ExceptionItem]:
    """The exception list inside the caller's transaction, in the order the officer reads it."""
    start, end = day_range(day)
    return [
        *_voids(session, station, start, end),
        *_reprints(session, station, start, end),
        *_reveals(session, station, start, end),
        *_returned(session, station, day),
        *_overdue(session, station, day),
        *_followups(session, station, day),
        *_keeping(session, station, day),
    ]


def _voids(session: Session, station: Station, start: datetime, end: datetime) -> list[ExceptionItem]:
    """Voided applications (with or without printed copies) and voided copies, once per number."""
    who = StaffUser.display_name
    copies = session.execute(
        select(PrintedDocument.kind, PrintedDocument.number, PrintedDocument.voided_at,
               PrintedDocument.void_reason, who, PrintedDocument.subject_id)
        .outerjoin(StaffUser, StaffUser.id == PrintedDocument.voided_by)
        .where(PrintedDocument.station_id == station.id, PrintedDocument.voided_at >= start,
               PrintedDocument.voided_at < end)
        .order_by(PrintedDocument.voided_at, PrintedDocument.id)
        .limit(EXCEPTION_LIMIT)
    ).tuples()  # fmt: skip
    items: dict[str, ExceptionItem] = {}
    for kind, number, at, reason, name, subject_id in copies:
        if number not in items:
            application = subject_id if kind in ("receipt", "supplement_notice") else None
            items[number] = ExceptionItem("void", EXCEPTION_NAMES["void"], number, DOCUMENT_NAMES.get(kind, kind),
                                          reason, name or "", at, application)  # fmt: skip
    apps = session.execute(
        select(Application, Person.name)
        .join(Person, Person.id == Application.applicant_id)
        .where(Application.station_id == station.id, Application.status == st.VOIDED,
               Application.updated_at >= start, Application.updated_at < end)
        .order_by(Application.id)
        .limit(EXCEPTION_LIMIT)
    ).all()  # fmt: skip
    for app, applicant in apps:
        void = (app.extra or {}).get("void", {})
        subject = f"{business_name(app.kind, app.business_code)} {applicant}"
        number = app.receipt_no or ""
        items[number] = ExceptionItem(
            "void", EXCEPTION_NAMES["void"], number, subject, str(void.get("reason", "")),
            _staff_name(session, str(void.get("by", ""))), app.updated_at, app.id,
        )  # fmt: skip
    return sorted(items.values(), key=lambda i: (i.at or start, i.number))


def _reprints(session: Session, station: Station, start: datetime, end: datetime) -> list[ExceptionItem]:
    rows = session.execute(
        select(PrintedDocument, StaffUser.display_name)
        .outerjoin(StaffUser, StaffUser.id == PrintedDocument.printed_by)
        .where(PrintedDocument.station_id == station.id, PrintedDocument.copy_no > 1,
               PrintedDocument.printed_at >= start, PrintedDocument.printed_at < end)
        .order_by(PrintedDocument.printed_at, PrintedDocument.id)
        .limit(EXCEPTION_LIMIT)
    ).tuples()  # fmt: skip
    return [
        ExceptionItem(
            "reprint",
            EXCEPTION_NAMES["reprint"],
            doc.number,
            f"{DOCUMENT_NAMES.get(doc.kind, doc.kind)}第{doc.copy_no}份",
            doc.reprint_reason,
            name or doc.printed_by_name,
            doc.printed_at,
            doc.subject_id if doc.kind in ("receipt", "supplement_notice") else None,
        )
        for doc, name in rows
    ]


def _reveals(session: Session, station: Station, start: datetime, end: datetime) -> list[ExceptionItem]:
    rows = session.execute(
        select(AuditEvent)
        .where(AuditEvent.at >= start, AuditEvent.at < end, AuditEvent.action.endswith(REVEAL_SUFFIX),
               AuditEvent.entity_id.startswith(f"{station.code}-", autoescape=True))
        .order_by(AuditEvent.id)
        .limit(EXCEPTION_LIMIT)
    ).scalars().all()  # fmt: skip
    items = []
    for event in rows:
        found = session.execute(
            select(Application, Person.name)
            .join(Person, Person.id == Application.applicant_id)
            .where(Application.receipt_no == event.entity_id)
        ).first()
        app, applicant = (found[0], str(found[1])) if found is not None else (None, "")
        subject = f"{business_name(app.kind, app.business_code)} {applicant}" if app is not None else ""
        items.append(ExceptionItem("reveal", EXCEPTION_NAMES["reveal"], event.entity_id, subject, event.detail,
                                   _staff_name(session, event.username), event.at,
                                   app.id if app is not None else None))  # fmt: skip
    return items


def _staff_name(session: Session, username: str) -> str:
    found = session.execute(select(StaffUser.display_name).where(StaffUser.username == username)).scalar()
    return str(found) if found else username


def _application_rows(session: Session, query: Any) -> list[tuple[Application, str]]:
    query = query.options(selectinload(Application.materials)).order_by(Application.id).limit(EXCEPTION_LIMIT)
    return list(session.execute(query).tuples())


def _returned(session: Session, station: Station, day: date) -> list[ExceptionItem]:
    """Every record still waiting for 补正 on or before `day`, oldest first."""
    rows = _application_rows(
        session,
        select(Application, Person.name)
        .join(Person, Person.id == Application.applicant_id)
        .where(Application.station_id == station.id, Application.status == st.RETURNED,
               Application.business_day <= day),
    )  # fmt: skip
    items = []
    for app, applicant in rows:
        missing = [m.name for m in app.materials if not m.received]
        reason = app.review_note or (f"缺{'、'.join(missing)}" if missing else "")
        waited = (day - app.business_day).days
        detail = reason + (f"（已{waited}天）" if waited else "")
        items.append(ExceptionItem("returned", EXCEPTION_NAMES["returned"], app.receipt_no or "",
                                   f"{business_name(app.kind, app.business_code)} {applicant}", detail,
                                   at=app.created_at, application_id=app.id))  # fmt: skip
    return items


def _overdue(session: Session, station: Station, day: date) -> list[ExceptionItem]:
    spot = [b.code for b in default_catalog().businesses if b.time_limit.kind == "on_the_spot"]
    rows = _application_rows(
        session,
        select(Application, Person.name)
        .join(Person, Person.id == Application.applicant_id)
        .where(Application.station_id == station.id, Application.status.in_(UNFINISHED),
               Application.promised_date < day,
               ~((Application.kind == "walkin") & Application.business_code.in_(spot))),
    )  # fmt: skip
    return [
        ExceptionItem(
            "overdue",
            EXCEPTION_NAMES["overdue"],
            app.receipt_no or "",
            f"{business_name(app.kind, app.business_code)} {applicant}",
            f"承诺{app.promised_date:%m月%d日}办结，已超{(day - app.promised_date).days}天，当前{st.status_name(app.status)}"
            if app.promised_date
            else "",
            at=app.created_at,
            application_id=app.id,
        )
        for app, applicant in rows
    ]


def _followups(session: Session, station: Station, day: date) -> list[ExceptionItem]:
    rows = session.execute(
        select(MediationFollowup.due_date, MediationCase.case_no, MediationCase.category)
        .join(MediationCase, MediationCase.id == MediationFollowup.case_id)
        .where(MediationCase.station_id == station.id, MediationFollowup.due_date < day,
               MediationFollowup.done_at.is_(None))
        .order_by(MediationFollowup.due_date, MediationFollowup.id)
        .limit(EXCEPTION_LIMIT)
    ).tuples()  # fmt: skip
    categories = {c.code: c.name for c in default_catalog().mediation_categories}
    return [
        ExceptionItem(
            "followup",
            EXCEPTION_NAMES["followup"],
            case_no,
            f"{categories.get(category, category)}纠纷回访",
            f"应于{due:%m月%d日}回访，已逾期{(day - due).days}天",
        )
        for due, case_no, category in rows
    ]


def _keeping(session: Session, station: Station, day: date) -> list[ExceptionItem]:
    """Issued documents not picked up, waiting more than 80 days by `day` (as handover.pending_pickups counts)."""
    rows = session.execute(
        select(Application, ExitEntryDetail, Person.name)
        .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
        .join(Person, Person.id == Application.applicant_id)
        .where(Application.station_id == station.id, Application.status == st.COMPLETED,
               ExitEntryDetail.picked_up_at.is_(None))
        .order_by(ExitEntryDetail.issued_at, Application.id)
    ).tuples()  # fmt: skip
    items = []
    for app, detail, applicant in rows:
        issued = detail.issued_at or app.updated_at
        days = (day - local_date(issued)).days
        if days > WARN_AFTER_DAYS:
            items.append(ExceptionItem("keeping", EXCEPTION_NAMES["keeping"], app.receipt_no or "",
                                       f"{business_name(app.kind, app.business_code)} {applicant}",
                                       f"{local_date(issued):%m月%d日}制发，已待领{days}天", at=issued,
                                       application_id=app.id))  # fmt: skip
        if len(items) >= EXCEPTION_LIMIT:
            break
    return items


# -- JSON for day_signoff.summary -------------------------------------------------------------------------


def _count_json(c: Count) -> list[Any]:
    return [c.code, c.name, c.count, c.fen]


def _count(raw: list[Any]) -> Count:
    return Count(str(raw[0]), str(raw[1]), int(raw[2]), int(raw[3]))


def _counts_json(items: tuple[Count, ...]) -> list[list[Any]]:
    return [_count_json(c) for c in items]


def _counts(raw: list[list[Any]]) -> tuple[Count, ...]:
    return tuple(_count(c) for c in raw)


def board_to_json(board: DayBoard) -> dict[str, Any]:
    counts = _counts_json
    return {
        "station_code": board.station_code, "station_name": board.station_name, "day": board.day.isoformat(),
        "own_only": board.own_only, "total": board.total, "by_kind": counts(board.by_kind),
        "by_business": counts(board.by_business), "by_staff": counts(board.by_staff),
        "by_status": counts(board.by_status),
        "fees": {
            "total_fen": board.fees.total_fen, "records": board.fees.records,
            "by_business": counts(board.fees.by_business), "voided_fen": board.fees.voided_fen,
            "voided": [[v.application_id, v.receipt_no, v.business_name, v.applicant_name, v.fee_fen, v.reason]
                       for v in board.fees.voided],
        },
        "consultations": counts(board.consultations), "consultation_total": board.consultation_total,
        "mediation_cases": board.mediation_cases,
        "trend": [[t.day.isoformat(), t.count] for t in board.trend],
    }  # fmt: skip


def board_from_json(raw: dict[str, Any]) -> DayBoard:
    counts, fees = _counts, raw["fees"]
    return DayBoard(
        station_code=raw["station_code"], station_name=raw["station_name"],
        day=date.fromisoformat(raw["day"]), own_only=bool(raw["own_only"]), total=int(raw["total"]),
        by_kind=counts(raw["by_kind"]), by_business=counts(raw["by_business"]), by_staff=counts(raw["by_staff"]),
        by_status=counts(raw["by_status"]),
        fees=Fees(
            int(fees["total_fen"]), int(fees["records"]), counts(fees["by_business"]),
            tuple(VoidedRecord(int(v[0]), str(v[1]), str(v[2]), str(v[3]), int(v[4]), str(v[5]))
                  for v in fees["voided"]),
            int(fees["voided_fen"]),
        ),
        consultations=counts(raw["consultations"]), consultation_total=int(raw["consultation_total"]),
        mediation_cases=int(raw["mediation_cases"]),
        trend=tuple(DailyTotal(date.fromisoformat(d), int(n)) for d, n in raw["trend"]),
    )  # fmt: skip


def exceptions_to_json(items: list[ExceptionItem]) -> list[list[Any]]:
    return [
        [i.kind, i.kind_name, i.number, i.subject, i.detail, i.who, i.at.isoformat() if i.at else None,
         i.application_id]
        for i in items
    ]  # fmt: skip


def exceptions_from_json(raw: list[list[Any]]) -> list[ExceptionItem]:
    return [
        ExceptionItem(
            str(k),
            str(kn),
            str(n),
            str(s),
            str(d),
            str(w),
            datetime.fromisoformat(at) if at else None,
            None if a is None else int(a),
        )
        for k, kn, n, s, d, w, at, a in raw
    ]
