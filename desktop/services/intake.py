"""Walk-in intake (来访受理): save a new application or correct one, and read one back for the form.

A save is one transaction: the people (found by document type and number, or created), the application with
its receipt number, one material row per required material (received or not) and per optional material
handed over, and the audit event. Complete materials make it 已受理 (a receipt is due); anything required still
missing makes it 已退回 (the 补正材料通知书 lists exactly those rows). Bringing the missing materials later moves
it to 已受理: the promised date then counts from that day.

Creates are idempotent by the form's `request_id`; edits carry the version the form loaded, and a stale one
raises `StaleIntake` with the record as it is now and who saved it, so the form can show what changed while
keeping what the desk typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.clock import local_date
from desktop.db.counters import allocate_receipt_no
from desktop.db.idempotency import create_once
from desktop.db.models import Application, ApplicationMaterial, Person, PrintedDocument, StaffUser, Station
from desktop.domain import status as st
from desktop.domain.catalog import Business, default_catalog
from desktop.domain.documents_id import document_type_name
from desktop.domain.identity import mask_id_number
from desktop.domain.intake_rules import (
    GUARDIAN_AGE,
    IntakeInput,
    age_on,
    materials_for,
    problems,
)
from desktop.domain.workdays import default_calendar
from desktop.errors import NotFound, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, StaleRecord, authorize, require_staff
from desktop.services.day_lock import ensure_application_open, ensure_day_open
from desktop.services.people import forget_if_orphaned, keep_or_resolve, name_for_application, resolve_person

GENDER_NAMES = {"male": "男", "female": "女"}


class StaleIntake(StaleRecord["IntakeRecord"]):
    """A walk-in record saved by another desk meanwhile (`current`: as it is now)."""

    noun = "该记录"


@dataclass(frozen=True)
class PersonView:
    document_type: str
    document_type_name: str
    id_masked: str
    name: str
    gender: str  # 男 | 女 | ""
    birth_date: date | None
    phone: str
    address: str
    household_address: str


@dataclass(frozen=True)
class MaterialLine:
    code: str
    name: str
    form: str
    count: int
    received: bool


@dataclass(frozen=True)
class IntakeRecord:
    """One walk-in application as the form shows it (ID numbers masked)."""

    application_id: int
    request_id: str
    receipt_no: str
    version: int
    status: str
    status_name: str
    business_code: str
    business_name: str
    applicant: PersonView
    applicant_minor: bool
    agent: PersonView | None
    agent_relation: str
    certificate_kind: str
    purpose: str
    valid_until: date | None
    materials: tuple[MaterialLine, ...]
    fee_fen: int
    promised_date: date | None
    pickup_method: str
    post_address: str
    notes: str
    created_at: datetime
    created_by_name: str
    updated_at: datetime
    updated_by_name: str
    review_note: str
    printed_copies: int  # copies already printed of the document printing gives now (the next one is a 补打)
    edit_refusal: str  # why the desk can no longer edit it, or ""

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.materials if not m.received)

    @property
    def document_kind(self) -> str:
        """What printing it gives now: the receipt, or the supplement notice while anything is missing."""
        return "supplement_notice" if self.missing else "receipt"


@dataclass(frozen=True)
class SavedIntake:
    record: IntakeRecord
    created: bool  # False: an edit, or a retried create that had already been carried out


def _raise_problems(form: IntakeInput, today: date, *, editing: bool, minor: bool | None) -> None:
    found = problems(form, default_catalog(), today=today, editing=editing, applicant_minor=minor)
    if found:
        raise found[0]


def create_intake(
    core: Core, actor: Actor, station_code: str, request_id: str, form: IntakeInput
) -> SavedIntake:
    """Save a new walk-in application (idempotent by `request_id`)."""
    now = core.clock()
    today = local_date(now)
    _raise_problems(form, today, editing=False, minor=None)

    require_staff(actor)
    made: list[IntakeRecord] = []

    def build(session: Session) -> Application:
        authorize(session, actor, Permission.INTAKE)
        clerk = staff_name(session, actor.user_id)  # here: not while the receipt counter is held
        station = session.execute(select(Station).where(Station.code == station_code)).scalar_one_or_none()
        if station is None:
            raise NotFound(f"没有代码为 {station_code} 的站点")
        ensure_day_open(session, actor, station.id, today, core=core)
        applicant = resolve_person(session, form.applicant, "applicant", today, now)
        agent = resolve_person(session, form.agent, "agent", today, now) if form.agent is not None else None
        app = Application(
            request_id=request_id,
            receipt_no=allocate_receipt_no(session, station.code, today),
            station_id=station.id,
            kind="walkin",
            business_day=today,
            created_by=actor.user_id,
            created_at=now,
            applicant_id=applicant.id,
            applicant_name=name_for_application(session, applicant),
            extra={},
        )
        _fill(session, app, form, agent, now, minor=_is_minor(applicant, today))
        session.add(app)
        session.flush()
        audit.record(
            session, core, actor, "intake.create", entity="application", entity_id=app.receipt_no,
            detail=_summary(app),
        )  # fmt: skip
        made.append(_record(session, app, clerk=clerk))  # what the form shows, without a second session
        return app

    created = create_once(core.db, Application, request_id, build)
    if created.created and made:
        return SavedIntake(made[-1], created=True)
    return SavedIntake(get_intake(core, actor, created.id), created.created)


def update_intake(
    core: Core, actor: Actor, application_id: int, version: int, form: IntakeInput
) -> SavedIntake:
    """Correct an application the desk still may edit; a stale `version` raises StaleIntake (nothing saved)."""
    now = core.clock()
    today = local_date(now)
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        app = session.get(Application, application_id)
        if app is None or app.kind != "walkin":
            raise NotFound("该受理记录不存在或已被删除")
        if app.version != version:
            raise StaleIntake(_record(session, app))
        ensure_application_open(session, actor, app, core=core)
        if (refusal := st.edit_refusal(app.status, app.reviewed_by is not None)) is not None:
            raise ValidationError("status", refusal)
        applicant_row = session.get_one(Person, app.applicant_id)
        minor = _is_minor(applicant_row, today)
        _raise_problems(form, today, editing=True, minor=minor)
        before = _snapshot(session, app)
        printed = _printed_receipts(session, app)
        was = app.status
        with session.no_autoflush:  # the record is written once, below: one version step per save
            applicant_row = keep_or_resolve(
                session, app.applicant_id, form.applicant, "applicant", today, now
            )
            agent = _kept_or_new_agent(session, app, form, today, now)
            app.applicant_id = applicant_row.id
            minor = _is_minor(applicant_row, today)
            _fill(session, app, form, agent, now, minor=minor, printed=printed)
            # after every person is resolved (a person may be renamed as the applicant and again as the agent)
            app.applicant_name = name_for_application(session, applicant_row)
            app.updated_by = actor.user_id
        session.flush()
        changed = [
            label for key, label in _FIELD_LABELS.items() if before.get(key) != _snapshot(session, app)[key]
        ]
        detail = _summary(app) + (f"；修改：{'、'.join(changed)}" if changed else "；无改动")
        if was != app.status:
            detail += f"；状态：{st.status_name(was)} → {st.status_name(app.status)}"
        audit.record(
            session,
            core,
            actor,
            "intake.update",
            entity="application",
            entity_id=app.receipt_no,
            detail=detail,
        )
        record = _record(session, app)
    return SavedIntake(record, created=False)


def _kept_or_new_agent(
    session: Session, app: Application, form: IntakeInput, today: date, now: datetime
) -> Person | None:
    if form.agent is None:
        if app.agent_id is not None:  # the agent taken off the record: gone if nothing else names them
            forget_if_orphaned(session, [app.agent_id])
        return None
    return keep_or_resolve(session, app.agent_id, form.agent, "agent", today, now)


def get_intake(core: Core, actor: Actor, application_id: int) -> IntakeRecord:
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        app = session.get(Application, application_id)
        if app is None or app.kind != "walkin":
            raise NotFound("该受理记录不存在或已被删除")
        return _record(session, app)


def _is_minor(person: Person, today: date) -> bool:
    return person.birth_date is not None and age_on(person.birth_date, today) < GUARDIAN_AGE


def _fill(
    session: Session,
    app: Application,
    form: IntakeInput,
    agent: Person | None,
    now: datetime,
    *,
    minor: bool,
    printed: int = 0,
) -> None:
    """Copy the form onto the application and its material rows; status, fee and promised date follow."""
    business = default_catalog().walkin(form.business_code)
    applicant = session.get_one(Person, app.applicant_id)
    checklist = materials_for(
        business,
        has_agent=agent is not None,
        minor=minor,
        document_type=applicant.document_type,
        certificate_kind=form.certificate_kind if business.code == "certificate" else "",
    )
    given = {m.code: m for m in form.materials}
    rows = []
    for material in checklist:  # catalog order, whatever order the form sent
        item = given.get(material.code)
        if item is None or not (item.received or material.required):
            continue
        rows.append(ApplicationMaterial(code=material.code, name=material.name, form=item.form,
                                        count=item.count, received=item.received))  # fmt: skip
    complete = all(row.received for row in rows)
    status = st.intake_status(complete)
    if app.id is not None and app.status == st.RECEIVED and status == st.RETURNED and printed:
        raise ValidationError(
            "materials", "该记录已打印受理回执，不能再改为材料不齐；如需退回补正，请联系民警审核退回"
        )
    today = local_date(now)
    becomes_accepted = status == st.RECEIVED and app.status != st.RECEIVED
    extra = {
        k: v for k, v in (app.extra or {}).items() if k not in ("certificate_kind", "purpose", "valid_until")
    }
    if business.code == "certificate":
        extra["certificate_kind"] = form.certificate_kind
        if form.purpose.strip():
            extra["purpose"] = form.purpose.strip()
        if form.valid_until is not None:
            extra["valid_until"] = form.valid_until.isoformat()
    if becomes_accepted and app.id is not None:
        extra["accepted_at"] = now.isoformat()  # the receipt dates from the day the file became complete
    if app.id is None or becomes_accepted or app.business_code != business.code:
        app.promised_date = _promised(business, today)
    app.business_code = business.code
    app.fee_fen = business.fee_fen
    app.agent_id = agent.id if agent is not None else None
    app.agent_relation = form.agent_relation.strip() if agent is not None else ""
    app.pickup_method = form.pickup_method
    app.post_address = form.post_address.strip() if form.pickup_method == "post" else ""
    app.notes = form.notes.strip()
    app.extra = extra
    app.status = status
    app.updated_at = now
    app.materials = rows


def _promised(business: Business, today: date) -> date:
    return default_calendar().due_date_for(business.time_limit, today).date


def _printed_receipts(session: Session, app: Application) -> int:
    query = select(func.count()).where(
        PrintedDocument.kind == "receipt", PrintedDocument.number == app.receipt_no
    )
    return int(session.execute(query).scalar_one())


_FIELD_LABELS = {
    "business_code": "业务类型",
    "certificate_kind": "证明种类",
    "purpose": "用途",
    "valid_until": "有效期",
    "applicant_id": "申请人",
    "applicant": "申请人信息",
    "agent_id": "代办人",
    "agent_relation": "代办关系",
    "materials": "材料",
    "pickup_method": "领取方式",
    "post_address": "邮寄地址",
    "notes": "备注",
}


def _snapshot(session: Session, app: Application) -> dict[str, object]:
    applicant = session.get(Person, app.applicant_id)
    extra = app.extra or {}
    return {
        "business_code": app.business_code,
        "certificate_kind": extra.get("certificate_kind", ""),
        "purpose": extra.get("purpose", ""),
        "valid_until": extra.get("valid_until", ""),
        "applicant_id": app.applicant_id,
        "applicant": (applicant.name, applicant.phone, applicant.address, applicant.household_address)
        if applicant
        else None,
        "agent_id": app.agent_id,
        "agent_relation": app.agent_relation,
        "materials": tuple((m.code, m.form, m.count, m.received) for m in app.materials),
        "pickup_method": app.pickup_method,
        "post_address": app.post_address,
        "notes": app.notes,
    }


def _summary(app: Application) -> str:
    missing = [m.name for m in app.materials if not m.received]
    text = f"{default_catalog().walkin(app.business_code).name}，{st.status_name(app.status)}"
    return text + (f"，缺{len(missing)}项材料" if missing else "，材料齐全")


def person_view(person: Person) -> PersonView:
    return PersonView(
        document_type=person.document_type,
        document_type_name=document_type_name(person.document_type),
        id_masked=mask_id_number(person.id_number) if person.id_number else "",
        name=person.name,
        gender=GENDER_NAMES.get(person.gender or "", ""),
        birth_date=person.birth_date,
        phone=person.phone,
        address=person.address,
        household_address=person.household_address,
    )


def staff_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return session.execute(select(StaffUser.display_name).where(StaffUser.id == user_id)).scalar() or ""


def _record(session: Session, app: Application, *, clerk: str | None = None) -> IntakeRecord:
    """The record as the form shows it; `clerk`: it was just created by that account (nothing printed yet)."""
    new = clerk is not None
    applicant = session.get_one(Person, app.applicant_id)
    agent = session.get(Person, app.agent_id) if app.agent_id is not None else None
    extra = app.extra or {}
    valid_until = extra.get("valid_until")
    kind = "supplement_notice" if any(not m.received for m in app.materials) else "receipt"
    copies = 0
    if not new:
        copies = session.execute(
            select(func.count()).where(PrintedDocument.kind == kind, PrintedDocument.number == app.receipt_no)
        ).scalar_one()
    created_by = clerk if clerk is not None else staff_name(session, app.created_by)
    updated_by = (
        created_by if app.updated_by in (None, app.created_by) else staff_name(session, app.updated_by)
    )
    try:
        business_name = default_catalog().walkin(app.business_code).name
    except ValidationError:
        business_name = app.business_code
    return IntakeRecord(
        application_id=app.id,
        request_id=app.request_id,
        receipt_no=app.receipt_no or "",
        version=app.version,
        status=app.status,
        status_name=st.status_name(app.status),
        business_code=app.business_code,
        business_name=business_name,
        applicant=person_view(applicant),
        applicant_minor=_is_minor(applicant, local_date(app.updated_at)),
        agent=person_view(agent) if agent is not None else None,
        agent_relation=app.agent_relation,
        certificate_kind=str(extra.get("certificate_kind", "")),
        purpose=str(extra.get("purpose", "")),
        valid_until=date.fromisoformat(valid_until) if valid_until else None,
        materials=tuple(MaterialLine(m.code, m.name, m.form, m.count, m.received) for m in app.materials),
        fee_fen=app.fee_fen,
        promised_date=app.promised_date,
        pickup_method=app.pickup_method,
        post_address=app.post_address,
        notes=app.notes,
        created_at=app.created_at,
        created_by_name=created_by,
        updated_at=app.updated_at,
        updated_by_name=updated_by,
        review_note=app.review_note,
        printed_copies=int(copies),
        edit_refusal=st.edit_refusal(app.status, app.reviewed_by is not None) or "",
    )
