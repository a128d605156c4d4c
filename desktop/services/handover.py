"""Exit-entry applications after intake: handover batches (移交) to the district's exit-entry window, the
documents coming back (制证完成), and their pickup or EMS dispatch — nobody may lose track of a passport.

received/reviewed → (batch, 移交清单 printed) → handed over: 已上报/已移交 → issued: 已办结 (待领取) → picked up
or posted: 已领取. Every step is one transaction with its audit event; the batch number comes from the counter
(`<station>-YJ-<YYYYMMDD>-<NN>`), the handover list is a recorded printed document like a receipt. A pickup checks
the receipt number and the applicant's ID number; a proxy's own ID is recorded with it. Documents are kept three
months: one waiting more than 80 days is flagged.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.clock import local_date
from desktop.db.counters import allocate_batch_no, next_number
from desktop.db.idempotency import create_once
from desktop.db.models import (
    Application,
    Endorsement,
    ExitEntryDetail,
    HandoverBatch,
    Person,
    PrintedDocument,
    StaffUser,
    Station,
)
from desktop.documents.handover_list import TEMPLATE_VERSION, HandoverData, HandoverLine, render_handover_list
from desktop.documents.verify import normalize, parse
from desktop.domain import status as st
from desktop.domain.catalog import default_catalog
from desktop.domain.documents_id import validate_document
from desktop.domain.identity import mask_id_number
from desktop.domain.intake_rules import PersonInput
from desktop.domain.text import ensure_savable
from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, authorize, require_staff
from desktop.services.people import resolve_person
from desktop.services.receipts import PrintedCopy

KEEPING_DAYS = 90  # 3 months
SHORT_TIERS = {  # the 移交清单's narrow column
    "single": "一次", "double": "二次", "multiple": "多次", "multi_1y": "多次1年", "multi_2y": "多次2年",
    "multi_3y": "多次3年", "multi_over_3y": "多次3年以上",
}  # fmt: skip
WARN_AFTER_DAYS = 80
BATCHABLE = (st.RECEIVED, st.REVIEWED)
MAX_BATCH = 200


@dataclass(frozen=True)
class BatchInfo:
    batch_id: int
    batch_no: str
    created_at: datetime
    created_by_name: str
    handed_over_at: datetime | None
    received_by_name: str
    receipt_nos: tuple[str, ...]
    version: int
    application_ids: tuple[int, ...] = ()
    issued: bool = False  # the documents of the batch have come back
    printed: int = 0  # copies of its 移交清单


@dataclass(frozen=True)
class PickupRow:
    application_id: int
    receipt_no: str
    applicant_name: str
    phone: str  # in full: the desk calls it
    document_name: str
    issued_at: datetime
    days_kept: int
    overdue: bool  # kept more than 80 days: call again or return it before the 3 months run out
    calls: int
    version: int


def _document_name(code: str) -> str:
    return next((c.name for c in default_catalog().exit_entry.document_types if c.code == code), code)


def _application_name(code: str) -> str:
    return next((c.name for c in default_catalog().exit_entry.application_types if c.code == code), code)


def create_batch(
    core: Core, actor: Actor, station_code: str, request_id: str, application_ids: list[int]
) -> BatchInfo:
    """Put received exit-entry applications of this station into a new handover batch (idempotent)."""
    require_staff(actor)
    ids = sorted(set(application_ids))
    if not ids:
        raise ValidationError("applications", "请先勾选要移交的出入境申请")
    if len(ids) > MAX_BATCH:
        raise ValidationError("applications", f"一批最多移交 {MAX_BATCH} 件")
    now = core.clock()

    def build(session: Session) -> HandoverBatch:
        authorize(session, actor, Permission.INTAKE)
        station = session.execute(select(Station).where(Station.code == station_code)).scalar_one_or_none()
        if station is None:
            raise NotFound(f"没有代码为 {station_code} 的站点")
        rows = session.execute(
            select(Application, ExitEntryDetail)
            .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
            .where(Application.id.in_(ids))
            .order_by(Application.id)
            .with_for_update()
        ).all()
        if len(rows) != len(ids):
            raise NotFound("所选申请中有的不存在或不是出入境申请，请刷新后重选")
        for app, detail in rows:
            if app.station_id != station.id:
                raise ValidationError("applications", f"{app.receipt_no} 不是本站受理的申请")
            if detail.batch_id is not None:
                raise ConflictError(f"{app.receipt_no} 已在其他批次中移交，请刷新后重选")
            if app.status not in BATCHABLE:
                raise ValidationError(
                    "applications", f"{app.receipt_no} 当前状态为{st.status_name(app.status)}，不能移交"
                )
        batch = HandoverBatch(
            batch_no=allocate_batch_no(session, station.code, local_date(now)), request_id=request_id,
            station_id=station.id, created_by=actor.user_id, created_at=now,
        )  # fmt: skip
        session.add(batch)
        session.flush()
        for _app, detail in rows:
            detail.batch_id = batch.id
        numbers = "、".join(app.receipt_no or "" for app, _ in rows)
        audit.record(session, core, actor, "handover.create", entity="handover_batch", entity_id=batch.batch_no,
                     detail=f"{len(rows)} 件：{numbers}")  # fmt: skip
        return batch

    created = create_once(core.db, HandoverBatch, request_id, build)
    return get_batch(core, actor, created.id)


def get_batch(core: Core, actor: Actor, batch_id: int) -> BatchInfo:
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        batch = session.get(HandoverBatch, batch_id)
        if batch is None:
            raise NotFound("该移交批次不存在")
        return _batch_info(session, batch)


def _batch_info(session: Session, batch: HandoverBatch) -> BatchInfo:
    rows = session.execute(
        select(Application.id, Application.receipt_no, ExitEntryDetail.issued_at)
        .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
        .where(ExitEntryDetail.batch_id == batch.id)
        .order_by(Application.id)
    ).all()
    printed = session.execute(
        select(func.count()).where(
            PrintedDocument.kind == "handover_list", PrintedDocument.number == batch.batch_no
        )
    ).scalar_one()
    creator = session.get(StaffUser, batch.created_by)
    return BatchInfo(
        batch.id, batch.batch_no, batch.created_at, creator.display_name if creator else "", batch.handed_over_at,
        batch.received_by_name, tuple(r.receipt_no or "" for r in rows), batch.version,
        tuple(int(r.id) for r in rows), bool(rows) and all(r.issued_at is not None for r in rows), int(printed),
    )  # fmt: skip


def list_batches(core: Core, actor: Actor, station_code: str, *, limit: int = 50) -> list[BatchInfo]:
    """The station's latest handover batches, newest first."""
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        batches = session.execute(
            select(HandoverBatch)
            .join(Station, Station.id == HandoverBatch.station_id)
            .where(Station.code == station_code)
            .order_by(HandoverBatch.id.desc())
            .limit(limit)
        ).scalars()
        return [_batch_info(session, b) for b in batches]


@dataclass(frozen=True)
class BatchableRow:
    application_id: int
    receipt_no: str
    applicant_name: str
    id_masked: str
    document_name: str
    application_name: str
    materials: int


def batchable(core: Core, actor: Actor, station_code: str, *, limit: int = MAX_BATCH) -> list[BatchableRow]:
    """Accepted exit-entry applications of the station not yet in a batch, oldest first (they go first)."""
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        rows = session.execute(
            select(Application, ExitEntryDetail, Person)
            .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
            .join(Person, Person.id == Application.applicant_id)
            .join(Station, Station.id == Application.station_id)
            .where(
                Station.code == station_code,
                Application.status.in_(BATCHABLE),
                ExitEntryDetail.batch_id.is_(None),
            )
            .order_by(Application.id)
            .limit(limit)
        ).all()
        return [
            BatchableRow(
                app.id,
                app.receipt_no or "",
                person.name,
                mask_id_number(person.id_number) if person.id_number else "",
                _document_name(detail.document_type),
                _application_name(detail.application_type),
                sum(m.count for m in app.materials if m.received),
            )
            for app, detail, person in rows
        ]


def _batch(session: Session, batch_no: str, *, lock: bool) -> HandoverBatch:
    query = select(HandoverBatch).where(HandoverBatch.batch_no == batch_no.strip().upper())
    batch = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if batch is None:
        raise NotFound(f"没有批次号为 {batch_no} 的移交批次")
    return batch


def render_handover(
    core: Core, actor: Actor, batch_no: str, *, layout: str = "A4", reason: str = ""
) -> PrintedCopy:
    """Print the batch's 移交清单 (recorded like a receipt: copy number, SHA-256; a second copy needs a reason)."""
    require_staff(actor)
    reason = " ".join(reason.split())[:200]
    ensure_savable("reprint_reason", reason)
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        batch = _batch(session, batch_no, lock=True)
        copy_no = next_number(session, f"copy:h:{batch.batch_no}", "")
        if copy_no > 1 and not reason:
            raise ValidationError("reprint_reason", "该移交清单已打印过，补打须填写原因")
        data = _handover_data(session, batch, copy_no, reason)
        pdf = render_handover_list(data, layout)
        digest = hashlib.sha256(pdf).hexdigest()
        session.add(
            PrintedDocument(
                station_id=batch.station_id, number=batch.batch_no, kind="handover_list", subject_id=batch.id,
                template_version=TEMPLATE_VERSION, layout=layout, sha256=digest, printed_at=now,
                printed_by=actor.user_id, printed_by_name=actor.username, copy_no=copy_no, reprint_reason=reason,
            )
        )  # fmt: skip
        action = "handover.reprint" if copy_no > 1 else "handover.print"
        audit.record(session, core, actor, action, entity="handover_batch", entity_id=batch.batch_no,
                     detail=f"移交清单第{copy_no}份，{len(data.lines)} 件，sha256={digest}")  # fmt: skip
        return PrintedCopy(
            batch.batch_no, "handover_list", copy_no, layout, TEMPLATE_VERSION, digest, pdf, False, True
        )


def _handover_data(session: Session, batch: HandoverBatch, copy_no: int, reason: str) -> HandoverData:
    station = session.get_one(Station, batch.station_id)
    rows = session.execute(
        select(Application, ExitEntryDetail, Person)
        .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
        .join(Person, Person.id == Application.applicant_id)
        .where(ExitEntryDetail.batch_id == batch.id)
        .order_by(Application.id)
    ).all()
    lines = []
    for app, detail, person in rows:
        tiers = SHORT_TIERS
        endorsements = session.execute(
            select(Endorsement).where(Endorsement.application_id == app.id).order_by(Endorsement.id)
        ).scalars()
        lines.append(
            HandoverLine(
                receipt_no=app.receipt_no or "", name=person.name,
                id_masked=mask_id_number(person.id_number) if person.id_number else "",
                document=_document_name(detail.document_type), application=_application_name(detail.application_type),
                endorsements="、".join(f"{e.type}{tiers.get(e.tier, e.tier)}" for e in endorsements),
                materials=sum(m.count for m in app.materials if m.received),
            )
        )  # fmt: skip
    creator = session.get(StaffUser, batch.created_by)
    return HandoverData(
        batch_no=batch.batch_no, district=station.district,
        station_line=" ".join(p for p in (station.police_station, station.name) if p),
        enquiry_phone=station.phone, created_at=batch.created_at,
        created_by=creator.display_name if creator else "", lines=tuple(lines), copy_no=copy_no,
        reprint_reason=reason, handed_over_at=batch.handed_over_at, received_by=batch.received_by_name,
    )  # fmt: skip


def hand_over(core: Core, actor: Actor, batch_no: str, received_by_name: str, *, version: int) -> BatchInfo:
    """The exit-entry window signed for the batch: its applications become 已上报/已移交."""
    require_staff(actor)
    received_by_name = " ".join(received_by_name.split())
    ensure_savable("received_by_name", received_by_name)
    if not received_by_name:
        raise ValidationError("received_by_name", "请填写接收人姓名")
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        batch = _batch(session, batch_no, lock=True)
        if batch.version != version:
            raise ConflictError("该批次已被其他人修改，请刷新后再操作。")
        if batch.handed_over_at is not None:
            raise ConflictError(f"{batch.batch_no} 已于此前移交")
        printed = session.execute(
            select(PrintedDocument.id).where(PrintedDocument.kind == "handover_list",
                                             PrintedDocument.number == batch.batch_no).limit(1)
        ).first()  # fmt: skip
        if printed is None:
            raise ValidationError("print", "请先打印移交清单，随材料一并移交")
        batch.handed_over_at, batch.received_by_name = now, received_by_name[:50]
        apps = _batch_applications(session, batch)
        for app in apps:
            app.status, app.updated_at, app.updated_by = st.FORWARDED, now, actor.user_id
        audit.record(session, core, actor, "handover.hand_over", entity="handover_batch", entity_id=batch.batch_no,
                     detail=f"{len(apps)} 件已移交，接收人：{received_by_name}")  # fmt: skip
        session.flush()
        return _batch_info(session, batch)


def _batch_applications(session: Session, batch: HandoverBatch) -> list[Application]:
    return list(
        session.execute(
            select(Application)
            .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
            .where(ExitEntryDetail.batch_id == batch.id)
            .order_by(Application.id)
            .with_for_update()
        ).scalars()
    )


def mark_issued(core: Core, actor: Actor, application_ids: list[int]) -> int:
    """The documents came back from the exit-entry office: 已办结, waiting for pickup (returns how many)."""
    require_staff(actor)
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        rows = session.execute(
            select(Application, ExitEntryDetail)
            .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
            .where(Application.id.in_(sorted(set(application_ids))))
            .with_for_update()
        ).all()
        if len(rows) != len(set(application_ids)):
            raise NotFound("所选申请中有的不存在或不是出入境申请")
        for app, detail in rows:
            if app.status != st.FORWARDED:
                raise ValidationError(
                    "status", f"{app.receipt_no} 当前状态为{st.status_name(app.status)}，尚未移交"
                )
            app.status, app.updated_at, app.updated_by = st.COMPLETED, now, actor.user_id
            detail.issued_at = now
        audit.record(session, core, actor, "exit_entry.issued", entity="application",
                     entity_id=",".join(app.receipt_no or "" for app, _ in rows)[:60],
                     detail=f"{len(rows)} 件证件已制发，待领取")  # fmt: skip
        return len(rows)


def mark_issued_number(core: Core, actor: Actor, receipt_text: str) -> str:
    """One document came back on its own (not with its batch): typed or scanned receipt number."""
    number = _receipt_number(receipt_text)
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        found = session.execute(
            select(Application.id).where(Application.receipt_no == number, Application.kind == "exit_entry")
        ).scalar()
    if found is None:
        raise NotFound(f"没有编号为 {number} 的出入境申请")
    mark_issued(core, actor, [int(found)])
    return number


def pending_pickups(core: Core, actor: Actor, station_code: str, *, limit: int = 200) -> list[PickupRow]:
    """Issued documents not yet collected, longest waiting first."""
    today = local_date(core.clock())
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        rows = session.execute(
            select(Application, ExitEntryDetail, Person)
            .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
            .join(Person, Person.id == Application.applicant_id)
            .join(Station, Station.id == Application.station_id)
            .where(Station.code == station_code, Application.status == st.COMPLETED)
            .order_by(ExitEntryDetail.issued_at, Application.id)
            .limit(limit)
        ).all()
        result = []
        for app, detail, person in rows:
            issued = detail.issued_at or app.updated_at
            days = (today - local_date(issued)).days
            result.append(
                PickupRow(
                    app.id, app.receipt_no or "", person.name, person.phone, _document_name(detail.document_type),
                    issued, days, days > WARN_AFTER_DAYS, int((app.extra or {}).get("calls", 0)), app.version,
                )
            )  # fmt: skip
        return result


def log_call(core: Core, actor: Actor, application_id: int) -> int:
    """One more call made to tell the applicant the document is ready; returns the number of calls."""
    require_staff(actor)
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        app = session.get(Application, application_id, with_for_update=True)
        if app is None or app.kind != "exit_entry":
            raise NotFound("该出入境申请不存在")
        calls = int((app.extra or {}).get("calls", 0)) + 1
        app.extra = {**(app.extra or {}), "calls": calls, "last_call": now.isoformat()}
        audit.record(session, core, actor, "exit_entry.call", entity="application", entity_id=app.receipt_no,
                     detail=f"第{calls}次电话通知领取")  # fmt: skip
        return calls


def pick_up(
    core: Core,
    actor: Actor,
    receipt_text: str,
    *,
    id_number: str,
    document_type: str | None = None,
    proxy: PersonInput | None = None,
) -> str:
    """Hand the document over at the counter: the receipt (typed or scanned) and the applicant's ID number must
    match the record; a proxy's own ID is recorded as well. Returns the receipt number."""
    require_staff(actor)
    number = _receipt_number(receipt_text)
    now = core.clock()
    today = local_date(now)
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        app, detail = _issued(session, number)
        applicant = session.get_one(Person, app.applicant_id)
        kind = document_type or applicant.document_type  # the document the applicant was recorded with
        try:
            typed, _ = validate_document(kind, id_number, today=today)
        except ValidationError as error:
            raise ValidationError("id_number", error.message) from None
        if (applicant.document_type, applicant.id_number) != (kind, typed):
            raise ValidationError("id_number", "证件号码与申请人不符，不能领取")
        pickup: dict[str, object] = {"at": now.isoformat(), "by": "applicant"}
        if proxy is not None:
            person = resolve_person(session, proxy, "proxy", today, now)
            pickup = {**pickup, "by": "proxy", "proxy_id": person.id}
        detail.picked_up_at = now
        app.status, app.updated_at, app.updated_by = st.PICKED_UP, now, actor.user_id
        app.extra = {**(app.extra or {}), "pickup": pickup}
        who = "代领人" if proxy is not None else "申请人本人"
        audit.record(session, core, actor, "exit_entry.pickup", entity="application", entity_id=number,
                     detail=f"{who}凭回执和证件领取")  # fmt: skip
        return number


def dispatch_ems(
    core: Core, actor: Actor, receipt_text: str, tracking_no: str, post_address: str = ""
) -> str:
    """The document goes out by EMS to `post_address` (or the address the application gave): the tracking number
    and address are recorded, the pickup method becomes 邮寄 and the application 已领取."""
    require_staff(actor)
    number = _receipt_number(receipt_text)
    tracking = check_tracking_no(tracking_no)
    address = " ".join(post_address.split())
    ensure_savable("post_address", address)
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        app, detail = _issued(session, number)
        address = address or app.post_address
        if not address:
            raise ValidationError("post_address", "请填写邮寄地址（收件人地址）")
        if len(address) > 200:
            raise ValidationError("post_address", "邮寄地址不能超过200个字")
        detail.picked_up_at = now
        app.pickup_method, app.post_address = "post", address
        app.status, app.updated_at, app.updated_by = st.PICKED_UP, now, actor.user_id
        app.extra = {**(app.extra or {}), "ems": {"tracking_no": tracking, "at": now.isoformat()}}
        audit.record(session, core, actor, "exit_entry.ems", entity="application", entity_id=number,
                     detail=f"EMS寄出，邮件号 {tracking}")  # fmt: skip
        return number


S10 = re.compile(r"[A-Z]{2}(\d{8})(\d)[A-Z]{2}")
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def check_tracking_no(text: str) -> str:
    """An EMS number: the international form (UPU S10, "EA123456785CN") with its check digit, or a domestic
    all-digit number of 10 to 30 digits."""
    tracking = "".join(text.split()).upper()
    if match := S10.fullmatch(tracking):
        total = sum(int(d) * w for d, w in zip(match.group(1), S10_WEIGHTS, strict=True))
        check = 11 - total % 11
        expected = {10: 0, 11: 5}.get(check, check)
        if int(match.group(2)) != expected:
            raise ValidationError("tracking_no", "EMS邮件号校验位不对，请核对（可扫描邮件详情单上的条码）")
        return tracking
    if tracking.isdigit() and 10 <= len(tracking) <= 30:
        return tracking
    raise ValidationError("tracking_no", "请填写正确的EMS邮件号（如 EA123456785CN）")


def _receipt_number(text: str) -> str:
    payload = parse(text)
    number = payload[0] if payload is not None else normalize(text)
    if not number:
        raise ValidationError("receipt_no", "请输入或扫描回执编号")
    return number


def _issued(session: Session, number: str) -> tuple[Application, ExitEntryDetail]:
    row = session.execute(
        select(Application, ExitEntryDetail)
        .join(ExitEntryDetail, ExitEntryDetail.application_id == Application.id)
        .where(Application.receipt_no == number)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFound(f"没有编号为 {number} 的出入境申请")
    app, detail = row
    if app.status == st.PICKED_UP:
        raise ConflictError(f"{number} 的证件已于此前领取或寄出")
    if app.status != st.COMPLETED:
        raise ValidationError("receipt_no", f"{number} 当前状态为{st.status_name(app.status)}，证件尚未制发")
    return app, detail
