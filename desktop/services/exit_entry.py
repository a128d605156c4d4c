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

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.clock import local_date
from desktop.db.counters import allocate_receipt_no
from desktop.db.idempotency import create_once
from desktop.db.models import (
    Application,
    ApplicationMaterial,
    Endorsement,
    ExitEntryDetail,
    HandoverBatch,
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
    stored_fee_lines,
    total_fen,
)
from desktop.domain.intake_rules import GUARDIAN_AGE, age_on
from desktop.domain.workdays import default_calendar
from desktop.errors import NotFound, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, StaleRecord, authorize, require_staff
from desktop.services.day_lock import ensure_application_open, ensure_day_open
from desktop.services.intake import MaterialLine, PersonView, person_view, staff_name
from desktop.services.people import forget_if_orphaned, keep_or_resolve, name_for_application, resolve_person


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
    guardian_relation: str
    applicant_minor: bool  # under 16 on the day it was saved: the guardian's papers were required
    created_at: datetime
    created_by_name: str
    updated_at: datetime
    updated_by_name: str
    edit_refusal: str  # why the desk may not edit it now ("" when it may)
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


class StaleExitEntry(StaleRecord["ExitEntryRecord"]):
    """An exit-entry application saved by another desk meanwhile (`current`: as it is now)."""

    noun = "该申请"


def _raise_problems(
    form: ExitEntryInput, today: date, *, editing: bool = False, minor: bool | None = None
) -> None:
    found = problems(form, default_catalog(), today=today, editing=editing, applicant_minor=minor)
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

    def build(session: Session) -> Application:
        authorize(session, actor, Permission.INTAKE)
        station = session.execute(select(Station).where(Station.code == station_code)).scalar_one_or_none()
        if station is None:
            raise NotFound(f"没有代码为 {station_code} 的站点")
        ensure_day_open(session, actor, station.id, today, core=core)
        applicant = resolve_person(session, form.applicant, "applicant", today, now)
        app = Application(
            request_id=request_id,
            receipt_no=allocate_receipt_no(session, station.code, today),
            station_id=station.id,
            kind="exit_entry",
            applicant_id=applicant.id,
            applicant_name=name_for_application(session, applicant),
            extra={},
            business_day=today,
            created_by=actor.user_id,
            created_at=now,
        )
        detail = ExitEntryDetail()
        _fill(session, app, detail, form, now)
        session.add(app)
        session.flush()
        detail.application_id = app.id
        session.add(detail)
        _replace_endorsements(session, app, form)
        missing = [row.name for row in app.materials if not row.received]
        audit.record(
            session, core, actor, "exit_entry.create", entity="application", entity_id=app.receipt_no,
            detail=_summary(app, form) + (f"，缺{len(missing)}项材料" if missing else ""),
        )  # fmt: skip
        return app

    created = create_once(core.db, Application, request_id, build)
    return get_exit_entry(core, actor, created.id)


def update_exit_entry(
    core: Core, actor: Actor, application_id: int, version: int, form: ExitEntryInput
) -> ExitEntryRecord:
    """Correct an application the desk still may edit (已受理 or 已退回, not reviewed, not yet in a handover batch).

    A stale `version` raises StaleExitEntry with the record as it is now; nothing is saved. The applicant's,
    guardian's and proxy's numbers are typed again only to change the person (blank keeps the recorded one).
    Ticking what was missing makes a returned application 已受理 (补正), its promised date counted from today.
    """
    now = core.clock()
    today = local_date(now)
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        app = session.get(Application, application_id)
        if app is None or app.kind != "exit_entry":
            raise NotFound("该出入境受理记录不存在")
        if app.version != version:
            raise StaleExitEntry(_record(session, app))
        ensure_application_open(session, actor, app, core=core)
        detail = session.get_one(ExitEntryDetail, app.id)
        if refusal := _edit_refusal(session, app, detail):
            raise ValidationError("status", refusal)
        recorded = session.get_one(Person, app.applicant_id)
        _raise_problems(form, today, editing=True, minor=_is_minor(recorded, today))
        before = _snapshot(session, app, detail)
        was = app.status
        printed = _printed(session, app, "receipt")
        people = (app.agent_id, detail.guardian_id)
        with session.no_autoflush:  # the record is written once, below: one version step per save
            applicant = keep_or_resolve(session, app.applicant_id, form.applicant, "applicant", today, now)
            app.applicant_id = applicant.id
            if form.guardian is None and _is_minor(applicant, today):
                raise ValidationError(
                    "guardian.id_number", "申请人未满十六周岁，须由监护人陪同：请填写监护人及其身份证号码"
                )
            _fill(session, app, detail, form, now, printed=printed)
            # after every person is resolved (a person may be renamed as the applicant and again as the guardian)
            app.applicant_name = name_for_application(session, applicant)
            app.updated_by = actor.user_id
        # a proxy or guardian taken off the record (or replaced) is gone if nothing else names them
        forget_if_orphaned(
            session, [p for p in people if p is not None and p not in (app.agent_id, detail.guardian_id)]
        )
        _replace_endorsements(session, app, form)
        session.flush()
        after = _snapshot(session, app, detail)
        changed = [label for key, label in _FIELD_LABELS.items() if before[key] != after[key]]
        text = _summary(app, form) + (f"；修改：{'、'.join(changed)}" if changed else "；无改动")
        if was != app.status:
            text += f"；状态：{st.status_name(was)} → {st.status_name(app.status)}"
        audit.record(session, core, actor, "exit_entry.update", entity="application", entity_id=app.receipt_no,
                     detail=text)  # fmt: skip
        session.flush()
        return _record(session, app)


def _is_minor(person: Person, today: date) -> bool:
    return person.birth_date is not None and age_on(person.birth_date, today) < GUARDIAN_AGE


def _fill(
    session: Session, app: Application, detail: ExitEntryDetail, form: ExitEntryInput, now: datetime,
    *, printed: int = 0,
) -> None:  # fmt: skip
    """Copy the form onto the application, its detail and its material rows; status, fee and promised date
    follow (the promised date is counted from the day the file became complete)."""
    today = local_date(now)
    ee = default_catalog().exit_entry
    applicant = session.get_one(Person, app.applicant_id)
    minor = _is_minor(applicant, today)
    agent = guardian = None
    if form.agent is not None:
        agent = keep_or_resolve(session, app.agent_id, form.agent, "agent", today, now)
    if form.guardian is not None and minor:
        guardian = keep_or_resolve(session, detail.guardian_id, form.guardian, "guardian", today, now)
    given = {m.code: m for m in form.materials}
    rows = [
        ApplicationMaterial(code=m.code, name=m.name, form=given[m.code].form, count=given[m.code].count,
                            received=given[m.code].received)
        for m in materials_for(ee, form.application_type, minor=minor)
        if m.code in given and (given[m.code].received or m.required)
    ]  # fmt: skip
    status = st.intake_status(all(row.received for row in rows))
    if app.status == st.RECEIVED and status == st.RETURNED and printed:
        raise ValidationError(
            "materials", "该申请已打印受理回执，不能再改为材料不齐；如需退回补正，请联系民警审核退回"
        )
    becomes_accepted = app.id is not None and status == st.RECEIVED and app.status != st.RECEIVED
    extra = {k: v for k, v in (app.extra or {}).items() if k != "guardian_relation"}
    if guardian is not None:
        extra["guardian_relation"] = form.guardian_relation.strip()
    if becomes_accepted:
        extra["accepted_at"] = now.isoformat()  # the receipt dates from the day the file became complete
    limit = ee.time_limit(local_household=form.household_local)
    if app.id is None or becomes_accepted or detail.household_local != form.household_local:
        start = (
            local_date(datetime.fromisoformat(extra["accepted_at"]))
            if "accepted_at" in extra
            else app.business_day
        )
        app.promised_date = default_calendar().due_date_for(limit, start).date
    lines = fee_lines(ee, form.document_type, form.application_type, form.endorsements, form.amend_items)
    app.business_code = form.document_type
    app.agent_id = agent.id if agent else None
    app.agent_relation = form.agent_relation.strip() if agent else ""
    app.fee_fen = total_fen(lines)
    app.pickup_method = form.pickup_method
    app.post_address = form.post_address.strip() if form.pickup_method == "post" else ""
    app.status = status
    app.notes = form.notes.strip()
    app.extra = extra
    app.updated_at = now
    app.materials = rows
    detail.document_type = form.document_type
    detail.application_type = form.application_type
    detail.photo_receipt_no = form.photo_receipt_no.strip()
    detail.old_document_no = "".join(form.old_document_no.split()).upper()
    detail.purpose = form.purpose.strip()
    detail.household_local = form.household_local
    detail.guardian_id = guardian.id if guardian else None


def _replace_endorsements(session: Session, app: Application, form: ExitEntryInput) -> None:
    ee = default_catalog().exit_entry
    session.execute(delete(Endorsement).where(Endorsement.application_id == app.id))
    for endorsement in form.endorsements:
        fee = ee.endorsement_fee(form.document_type, endorsement.tier)
        session.add(Endorsement(application_id=app.id, type=endorsement.type, tier=endorsement.tier,
                                fee_fen=fee.fee_fen))  # fmt: skip


def _summary(app: Application, form: ExitEntryInput) -> str:
    ee = default_catalog().exit_entry
    return (
        f"{_name(ee.document_types, form.document_type)}{_name(ee.application_types, form.application_type)}，"
        f"签注{len(form.endorsements)}项，收费{app.fee_fen / 100:.2f}元，{st.status_name(app.status)}"
    )


_FIELD_LABELS = {
    "document": "证件种类",
    "application": "申请类别",
    "endorsements": "签注",
    "photo_receipt_no": "相片回执号",
    "old_document_no": "原证件号码",
    "purpose": "出境事由",
    "household_local": "户籍所在地",
    "applicant": "申请人",
    "guardian": "监护人",
    "agent": "代办人",
    "materials": "材料",
    "pickup": "领取方式",
    "notes": "备注",
}


def _snapshot(session: Session, app: Application, detail: ExitEntryDetail) -> dict[str, object]:
    def person(person_id: int | None) -> object:
        row = session.get(Person, person_id) if person_id is not None else None
        return (row.id, row.name, row.phone, row.address, row.household_address) if row else None

    endorsements = session.execute(
        select(Endorsement.type, Endorsement.tier)
        .where(Endorsement.application_id == app.id)
        .order_by(Endorsement.id)
    ).all()
    return {
        "document": detail.document_type,
        "application": detail.application_type,
        "endorsements": [tuple(e) for e in endorsements],
        "photo_receipt_no": detail.photo_receipt_no,
        "old_document_no": detail.old_document_no,
        "purpose": detail.purpose,
        "household_local": detail.household_local,
        "applicant": person(app.applicant_id),
        "guardian": (person(detail.guardian_id), (app.extra or {}).get("guardian_relation", "")),
        "agent": (person(app.agent_id), app.agent_relation),
        "materials": [(m.code, m.form, m.count, m.received) for m in app.materials],
        "pickup": (app.pickup_method, app.post_address),
        "notes": app.notes,
    }


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
    applicant = session.get_one(Person, app.applicant_id)
    agent = session.get(Person, app.agent_id) if app.agent_id is not None else None
    guardian = session.get(Person, detail.guardian_id) if detail.guardian_id is not None else None
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
        applicant=person_view(applicant),
        agent=person_view(agent) if agent else None,
        agent_relation=app.agent_relation,
        guardian=person_view(guardian) if guardian else None,
        endorsements=lines,
        fee_fen=app.fee_fen,
        fee_lines=tuple(
            stored_fee_lines(
                ee, detail.document_type, detail.application_type, [_as_input(e) for e in lines], app.fee_fen
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
        guardian_relation=(app.extra or {}).get("guardian_relation", ""),
        applicant_minor=_is_minor(applicant, local_date(app.updated_at)),
        created_at=app.created_at,
        created_by_name=staff_name(session, app.created_by),
        updated_at=app.updated_at,
        updated_by_name=staff_name(session, app.updated_by or app.created_by),
        edit_refusal=_edit_refusal(session, app, detail),
        batch_id=detail.batch_id,
        issued_at=detail.issued_at,
        picked_up_at=detail.picked_up_at,
        printed_copies=_printed(session, app),
    )


def _edit_refusal(session: Session, app: Application, detail: ExitEntryDetail) -> str:
    if (refusal := st.edit_refusal(app.status, app.reviewed_by is not None)) is not None:
        return refusal
    if detail.batch_id is not None:
        batch = session.get(HandoverBatch, detail.batch_id)
        return f"该申请已编入移交批次 {batch.batch_no if batch else ''}，不能再修改；如需更正请联系民警"
    return ""


def _printed(session: Session, app: Application, kind: str | None = None) -> int:
    """Copies printed of `kind`, by default of the document printing gives now."""
    kind = kind or ("supplement_notice" if any(not m.received for m in app.materials) else "receipt")
    query = select(func.count()).where(PrintedDocument.kind == kind, PrintedDocument.number == app.receipt_no)
    return int(session.execute(query).scalar_one())


def _as_input(line: EndorsementLine) -> EndorsementInput:
    return EndorsementInput(line.type, line.tier)
