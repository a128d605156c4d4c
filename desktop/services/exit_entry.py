"""Exit-entry intake (出入境受理): save an application for a passport or a HK/Macau or Taiwan permit, read it back.

One transaction writes the people (applicant, proxy, guardian), the application (kind `exit_entry`, the shared
receipt number series, the itemised fee total, the promised date: 7 working days where the household is
registered, 20 elsewhere), its exit-entry detail, its endorsements with their fees, one material row per required
material and per optional one handed over, and the audit event. Complete materials make it 已受理; anything
required still missing makes it 已退回 and the 补正材料通知书 is printed instead of the receipt, as for walk-ins.
Creates are idempotent by the form's `request_id`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.clock import local_date
from desktop.db.counters import allocate_receipt_no
from desktop.db.idempotency import create_once
from desktop.db.models import (
    Application,
    ApplicationMaterial,
    Endorsement,
    ExitEntryDetail,
    Person,
    PrintedDocument,
    Station,
)
from desktop.domain import status as st
from desktop.domain.catalog import default_catalog
from desktop.domain.exit_entry_rules import (
    EndorsementInput,
    ExitEntryInput,
    FeeLine,
    fee_lines,
    materials_for,
    problems,
    total_fen,
)
from desktop.domain.intake_rules import GUARDIAN_AGE, age_on
from desktop.domain.workdays import default_calendar
from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, authorize, require_staff
from desktop.services.intake import MaterialLine, PersonView, person_view, staff_name
from desktop.services.people import resolve_person


@dataclass(frozen=True)
class EndorsementLine:
    type: str
    type_name: str
    tier: str
    tier_name: str
    fee_fen: int


@dataclass(frozen=True)
class ExitEntryRecord:
    application_id: int
    receipt_no: str
    version: int
    status: str
    status_name: str
    document_type: str
    document_name: str
    application_type: str
    application_name: str
    applicant: PersonView
    agent: PersonView | None
    agent_relation: str
    guardian: PersonView | None
    endorsements: tuple[EndorsementLine, ...]
    fee_fen: int
    fee_lines: tuple[FeeLine, ...]
    promised_date: date | None
    photo_receipt_no: str
    old_document_no: str
    purpose: str
    household_local: bool
    materials: tuple[MaterialLine, ...]
    pickup_method: str
    post_address: str
    notes: str
    created_at: datetime
    created_by_name: str
    batch_id: int | None
    issued_at: datetime | None
    picked_up_at: datetime | None
    printed_copies: int  # copies already printed of the document printing gives now (the next one is a 补打)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.materials if not m.received)

    @property
    def missing_codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.materials if not m.received)


def _raise_problems(form: ExitEntryInput, today: date) -> None:
    found = problems(form, default_catalog(), today=today)
    if found:
        raise found[0]


def create_exit_entry(
    core: Core, actor: Actor, station_code: str, request_id: str, form: ExitEntryInput
) -> ExitEntryRecord:
    """Save a new exit-entry application (idempotent by `request_id`)."""
    now = core.clock()
    today = local_date(now)
    _raise_problems(form, today)
    require_staff(actor)
    ee = default_catalog().exit_entry
    lines = fee_lines(ee, form.document_type, form.application_type, form.endorsements, form.amend_items)

    def build(session: Session) -> Application:
        authorize(session, actor, Permission.INTAKE)
        station = session.execute(select(Station).where(Station.code == station_code)).scalar_one_or_none()
        if station is None:
            raise NotFound(f"没有代码为 {station_code} 的站点")
        applicant = resolve_person(session, form.applicant, "applicant", today, now)
        agent = resolve_person(session, form.agent, "agent", today, now) if form.agent else None
        guardian = resolve_person(session, form.guardian, "guardian", today, now) if form.guardian else None
        minor = applicant.birth_date is not None and age_on(applicant.birth_date, today) < GUARDIAN_AGE
        given = {m.code: m for m in form.materials}
        rows = [
            ApplicationMaterial(
                code=m.code,
                name=m.name,
                form=given[m.code].form,
                count=given[m.code].count,
                received=given[m.code].received,
            )
            for m in materials_for(ee, form.application_type, minor=minor)
            if m.code in given and (given[m.code].received or m.required)
        ]
        complete = all(row.received for row in rows)
        limit = ee.time_limit(local_household=form.household_local)
        app = Application(
            request_id=request_id,
            receipt_no=allocate_receipt_no(session, station.code, today),
            station_id=station.id,
            kind="exit_entry",
            business_code=form.document_type,
            applicant_id=applicant.id,
            agent_id=agent.id if agent else None,
            agent_relation=form.agent_relation.strip() if agent else "",
            fee_fen=total_fen(lines),
            promised_date=default_calendar().due_date_for(limit, today).date,
            pickup_method=form.pickup_method,
            post_address=form.post_address.strip() if form.pickup_method == "post" else "",
            status=st.intake_status(complete),
            notes=form.notes.strip(),
            extra={"guardian_relation": form.guardian_relation.strip()} if guardian else {},
            business_day=today,
            created_by=actor.user_id,
            created_at=now,
            updated_at=now,
            materials=rows,
        )
        session.add(app)
        session.flush()
        session.add(
            ExitEntryDetail(
                application_id=app.id, document_type=form.document_type,
                application_type=form.application_type, photo_receipt_no=form.photo_receipt_no.strip(),
                old_document_no=form.old_document_no.strip().upper(), purpose=form.purpose.strip(),
                household_local=form.household_local, guardian_id=guardian.id if guardian else None,
            )
        )  # fmt: skip
        for endorsement in form.endorsements:
            fee = ee.endorsement_fee(form.document_type, endorsement.tier)
            session.add(Endorsement(application_id=app.id, type=endorsement.type, tier=endorsement.tier,
                                    fee_fen=fee.fee_fen))  # fmt: skip
        missing = [row.name for row in rows if not row.received]
        detail = (
            f"{_name(ee.document_types, form.document_type)}{_name(ee.application_types, form.application_type)}，"
            f"签注{len(form.endorsements)}项，收费{app.fee_fen / 100:.2f}元，{st.status_name(app.status)}"
            + (f"，缺{len(missing)}项材料" if missing else "")
        )
        audit.record(
            session,
            core,
            actor,
            "exit_entry.create",
            entity="application",
            entity_id=app.receipt_no,
            detail=detail,
        )
        return app

    created = create_once(core.db, Application, request_id, build)
    return get_exit_entry(core, actor, created.id)


def complete_materials(
    core: Core, actor: Actor, application_id: int, version: int, received: frozenset[str]
) -> ExitEntryRecord:
    """The applicant brought what was missing (补正): tick those materials; once all are in, 已受理 with the promised
    date counted from today. A stale `version` (another desk meanwhile) raises ConflictError, nothing saved."""
    now = core.clock()
    today = local_date(now)
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        app = session.get(Application, application_id)
        if app is None or app.kind != "exit_entry":
            raise NotFound("该出入境受理记录不存在")
        if app.version != version:
            raise ConflictError("该记录已被其他人修改，您的勾选没有保存，请刷新后再操作。")
        if app.status != st.RETURNED:
            raise ValidationError("status", f"该申请当前为{st.status_name(app.status)}，不需要补正")
        newly = [m for m in app.materials if not m.received and m.code in received]
        if not newly:
            raise ValidationError("materials", "请勾选申请人本次补交的材料")
        for material in newly:
            material.received = True
        detail = session.get_one(ExitEntryDetail, app.id)
        if all(m.received for m in app.materials):
            limit = default_catalog().exit_entry.time_limit(local_household=detail.household_local)
            app.status, app.promised_date = st.RECEIVED, default_calendar().due_date_for(limit, today).date
            app.extra = {**(app.extra or {}), "accepted_at": now.isoformat()}
        app.updated_at, app.updated_by = now, actor.user_id
        still = [m.name for m in app.materials if not m.received]
        audit.record(
            session, core, actor, "exit_entry.complete", entity="application", entity_id=app.receipt_no,
            detail=f"补交{len(newly)}项材料，{st.status_name(app.status)}" + (f"，仍缺{len(still)}项" if still else ""),
        )  # fmt: skip
        session.flush()
        return _record(session, app)


def _name(choices: tuple[object, ...], code: str) -> str:
    return next((str(getattr(c, "name", code)) for c in choices if getattr(c, "code", None) == code), code)


def get_exit_entry(core: Core, actor: Actor, application_id: int) -> ExitEntryRecord:
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        app = session.get(Application, application_id)
        if app is None or app.kind != "exit_entry":
            raise NotFound("该出入境受理记录不存在")
        return _record(session, app)


def _record(session: Session, app: Application) -> ExitEntryRecord:
    ee = default_catalog().exit_entry
    detail = session.get_one(ExitEntryDetail, app.id)
    endorsements = session.execute(
        select(Endorsement).where(Endorsement.application_id == app.id).order_by(Endorsement.id)
    ).scalars()
    types = {t.code: t.name for t in ee.endorsement_types_for(detail.document_type)}
    tiers = {f.tier: f.name for f in ee.endorsement_tiers(detail.document_type)}
    lines = tuple(
        EndorsementLine(e.type, types.get(e.type, e.type), e.tier, tiers.get(e.tier, e.tier), e.fee_fen)
        for e in endorsements
    )
    agent = session.get(Person, app.agent_id) if app.agent_id is not None else None
    guardian = session.get(Person, detail.guardian_id) if detail.guardian_id is not None else None
    amend_items = 0
    if detail.application_type == "amend":
        amendment = next(
            (f for f in ee.fees if f.kind == "amendment" and f.document_type == "passport"), None
        )
        amend_items = app.fee_fen // amendment.fee_fen if amendment and amendment.fee_fen else 0
    return ExitEntryRecord(
        application_id=app.id,
        receipt_no=app.receipt_no or "",
        version=app.version,
        status=app.status,
        status_name=st.status_name(app.status),
        document_type=detail.document_type,
        document_name=_name(ee.document_types, detail.document_type),
        application_type=detail.application_type,
        application_name=_name(ee.application_types, detail.application_type),
        applicant=person_view(session.get_one(Person, app.applicant_id)),
        agent=person_view(agent) if agent else None,
        agent_relation=app.agent_relation,
        guardian=person_view(guardian) if guardian else None,
        endorsements=lines,
        fee_fen=app.fee_fen,
        fee_lines=tuple(
            fee_lines(
                ee, detail.document_type, detail.application_type, [_as_input(e) for e in lines], amend_items
            )
        ),
        promised_date=app.promised_date,
        photo_receipt_no=detail.photo_receipt_no,
        old_document_no=detail.old_document_no,
        purpose=detail.purpose,
        household_local=detail.household_local,
        materials=tuple(MaterialLine(m.code, m.name, m.form, m.count, m.received) for m in app.materials),
        pickup_method=app.pickup_method,
        post_address=app.post_address,
        notes=app.notes,
        created_at=app.created_at,
        created_by_name=staff_name(session, app.created_by),
        batch_id=detail.batch_id,
        issued_at=detail.issued_at,
        picked_up_at=detail.picked_up_at,
        printed_copies=_printed(session, app),
    )


def _printed(session: Session, app: Application) -> int:
    kind = "supplement_notice" if any(not m.received for m in app.materials) else "receipt"
    query = select(func.count()).where(PrintedDocument.kind == kind, PrintedDocument.number == app.receipt_no)
    return int(session.execute(query).scalar_one())


def _as_input(line: EndorsementLine) -> EndorsementInput:
    return EndorsementInput(line.type, line.tier)
