"""Acceptance documents as controlled paper: print, reprint, void and verify 受理回执 and 补正材料通知书.

An application whose materials are all received gets a receipt; one with a material still missing gets the
补正材料通知书 instead (one complete list, 一次性告知), never a receipt. Each copy is numbered from a gap-free
counter (`copy:<r|s>:<number>`) in the same transaction that stores the copy: copy 1 is the original; every
later copy is a reprint that needs a reason and is marked 补打 with its number. Once an application or one of
its documents is voided (officer only), every further copy prints with 作废 (mark, watermark, reason): no valid
copy can be made after a void.

Every printed copy writes a `printed_document` row (SHA-256, template version, layout, copy number, printing
user) and an audit event in one transaction; a command-line export is recorded the same way, with no staff
account in `printed_by` and the OS user in `printed_by_name`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import local_date
from desktop.db.counters import next_number
from desktop.db.models import (
    Application,
    Counter,
    Endorsement,
    ExitEntryDetail,
    Person,
    PrintedDocument,
    StaffUser,
    Station,
)
from desktop.documents import receipt, supplement_notice
from desktop.documents.data import MaterialLine, ReceiptData
from desktop.documents.frame import get_layout
from desktop.documents.terms import Terms, exit_entry_terms, walkin_terms
from desktop.documents.verify import Outcome, SignedFields, make_payload, normalize, parse, parse_and_verify
from desktop.domain.catalog import default_catalog
from desktop.domain.documents_id import document_type_name
from desktop.domain.exit_entry_rules import EndorsementInput, stored_fee_lines
from desktop.domain.identity import mask_id_number, mask_phone
from desktop.domain.status import STATUS_NAMES
from desktop.domain.text import ensure_savable
from desktop.domain.workdays import default_calendar
from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, authorize
from desktop.services.day_lock import ensure_application_open

RECEIPT, NOTICE = "receipt", "supplement_notice"
KIND_NAMES = {RECEIPT: "受理回执", NOTICE: "补正材料通知书"}
_RENDER = {RECEIPT: receipt.render_receipt, NOTICE: supplement_notice.render_supplement_notice}
TEMPLATE_VERSIONS = {RECEIPT: receipt.TEMPLATE_VERSION, NOTICE: supplement_notice.TEMPLATE_VERSION}
EXPORT_REASON = "命令行导出"


@dataclass(frozen=True)
class PrintedCopy:
    number: str
    kind: str  # receipt | supplement_notice
    copy_no: int
    layout: str
    template_version: str
    sha256: str
    pdf: bytes
    voided: bool  # printed with 作废: not valid as a receipt
    recorded: bool  # a printed_document row was written (not for previews)


@dataclass(frozen=True)
class Verification:
    outcome: Outcome  # genuine | forged | unknown
    number: str
    reason: str  # Chinese, for the desk
    status: str = ""  # the record's current status (when the record was found)
    status_name: str = ""
    voided: bool = False

    @property
    def genuine(self) -> bool:
        return self.outcome == "genuine"


def _application(session: Session, number: str, *, lock: bool) -> Application:
    query = select(Application).where(Application.receipt_no == number.strip().upper())
    found = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if found is None:
        raise NotFound(f"没有编号为 {number} 的受理记录")
    return found


def kind_for(app: Application) -> str:
    """The notice while any material is missing, else the receipt."""
    return NOTICE if any(not m.received for m in app.materials) else RECEIPT


def _check_kind(app: Application, kind: str) -> None:
    if kind == RECEIPT and (missing := [m.name for m in app.materials if not m.received]):
        raise ValidationError(
            "materials",
            f"材料不齐全（缺{len(missing)}项：{'、'.join(missing)}），应打印补正材料通知书一次性告知，不能出具受理回执",
        )
    if kind == NOTICE and kind_for(app) == RECEIPT:
        raise ValidationError("materials", "材料已齐全，应打印受理回执，不需要补正材料通知书")


def _copies(session: Session, kind: str, number: str) -> list[PrintedDocument]:
    query = select(PrintedDocument).where(PrintedDocument.kind == kind, PrintedDocument.number == number)
    return list(session.execute(query.order_by(PrintedDocument.copy_no)).scalars())


def _scope(kind: str, number: str) -> str:
    return f"copy:{'r' if kind == RECEIPT else 's'}:{number}"


def _next_copy(session: Session, kind: str, number: str, *, take: bool) -> int:
    if take:
        return next_number(session, _scope(kind, number), "")
    query = select(Counter.last_no).where(Counter.scope == _scope(kind, number), Counter.period == "")
    return int(session.execute(query).scalar() or 0) + 1


def _issue(
    core: Core, actor: Actor, number: str, kind: str | None, layout: str, reason: str, *, preview: bool
) -> PrintedCopy:
    get_layout(layout)  # an unknown layout fails before anything is written
    reason = " ".join(reason.split())[:200]
    ensure_savable("reprint_reason", reason)
    export = actor.is_command_line and not preview
    if export and not reason:
        reason = EXPORT_REASON
    now = core.clock()
    with core.db.read() if preview else core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        app = _application(session, number, lock=not preview)
        kind = kind or kind_for(app)
        _check_kind(app, kind)
        copy_no = _next_copy(session, kind, app.receipt_no or number, take=not preview)
        if copy_no > 1 and not reason and not preview:
            raise ValidationError(
                "reprint_reason", f"该{KIND_NAMES[kind]}已打印过，补打须填写原因（如：原件遗失、打印卡纸）"
            )
        earlier = _copies(session, kind, app.receipt_no or "")
        data = _receipt_data(
            session,
            app,
            copy_no=copy_no,
            reason=reason,
            void_reason=next((c.void_reason for c in earlier if c.voided_at is not None), ""),
            preview=preview,
            issued_on=earlier[0].printed_at if earlier else now,
            printed_at=now,
        )
        pdf = _RENDER[kind](data, layout)
        digest = hashlib.sha256(pdf).hexdigest()
        version = TEMPLATE_VERSIONS[kind]
        copy = PrintedCopy(data.number, kind, copy_no, layout, version, digest, pdf, data.voided, not preview)
        if preview:
            return copy
        session.add(
            PrintedDocument(
                station_id=app.station_id, number=data.number, kind=kind, subject_id=app.id,
                template_version=version, layout=layout, sha256=digest, printed_at=now,
                printed_by=actor.user_id, printed_by_name=actor.username, copy_no=copy_no, reprint_reason=reason,
            )
        )  # fmt: skip
        action = "export" if export else "reprint" if data.is_reprint else "print"
        detail = f"{KIND_NAMES[kind]}第{copy_no}份，版式 {layout}，模板 {version}，sha256={digest}"
        detail += (f"，原因：{reason}" if reason else "") + ("，作废件" if data.voided else "")
        audit.record(
            session, core, actor, f"{kind}.{action}", entity=kind, entity_id=data.number, detail=detail
        )
        return copy


def masked_id(session: Session, person_id: int | None) -> str:
    person = session.get(Person, person_id) if person_id is not None else None
    return mask_id_number(person.id_number) if person is not None and person.id_number else ""


def _terms(session: Session, app: Application) -> Terms:
    if app.kind != "exit_entry":
        return walkin_terms(default_catalog(), app.business_code, app.fee_fen, app.extra or {})
    detail = session.get(ExitEntryDetail, app.id)
    rows = session.execute(
        select(Endorsement).where(Endorsement.application_id == app.id).order_by(Endorsement.id)
    )
    document = detail.document_type if detail else app.business_code
    application = detail.application_type if detail else ""
    endorsements = [EndorsementInput(e.type, e.tier) for e in rows.scalars()]
    ee = default_catalog().exit_entry
    return exit_entry_terms(
        default_catalog(), document, application,
        household_local=detail.household_local if detail else True, fee_fen=app.fee_fen,
        lines=stored_fee_lines(ee, document, application, endorsements, app.fee_fen),
    )  # fmt: skip


def _receipt_data(
    session: Session,
    app: Application,
    *,
    copy_no: int,
    reason: str,
    void_reason: str,
    preview: bool,
    issued_on: datetime,
    printed_at: datetime,
) -> ReceiptData:
    """Everything the document prints, read in the caller's transaction; personal data leaves here masked."""
    station = session.get_one(Station, app.station_id)
    applicant = session.get_one(Person, app.applicant_id)
    agent = session.get(Person, app.agent_id) if app.agent_id is not None else None
    creator = session.get(StaffUser, app.created_by)
    reviewer = session.get(StaffUser, app.reviewed_by) if app.reviewed_by is not None else None
    terms = _terms(session, app)
    lines = [
        (m, MaterialLine(m.name, m.form, m.count, terms.material_notes.get(m.code, "")))
        for m in app.materials
    ]
    due = None if terms.on_the_spot else app.promised_date
    calendar = default_calendar()
    warning = ""
    if due is not None and not calendar.is_covered(due.year):
        warning = f"{due.year}年节假日安排尚未录入，办结日期仅按周末推算"
    voided = app.status == "voided" or bool(void_reason)
    if app.status == "voided":
        void_reason = str(app.extra.get("void", {}).get("reason", "")) or void_reason
    return ReceiptData(
        number=app.receipt_no or "",
        kind=app.kind,
        district=station.district,
        police_station=station.police_station,
        station_name=station.name,
        station_address=station.address,
        enquiry_phone=station.phone,
        business_name=terms.business_name,
        application_type=terms.application_type,
        applicant_name=applicant.name,
        applicant_id_masked=_with_document(applicant, masked_id(session, applicant.id)),
        applicant_phone_masked=mask_phone(applicant.phone) if applicant.phone else "",
        accepted_at=_accepted_at(app),
        time_limit=terms.time_limit,
        due_date=due,
        fee_text=terms.fee_text,
        fee_basis=terms.fee_basis,
        fee_items=terms.fee_items,
        staff_name=creator.display_name if creator else "",
        staff_no=creator.police_no if creator else "",
        qr_payload=make_payload(station.hmac_secret, signed_fields(session, app)),
        received=tuple(line for m, line in lines if m.received),
        missing=tuple(line for m, line in lines if not m.received),
        agent_name=agent.name if agent else "",
        agent_id_masked=masked_id(session, agent.id) if agent else "",
        agent_relation=app.agent_relation,
        due_warning=warning,
        pickup_method=app.pickup_method,
        post_address=app.post_address,
        reviewer_name=reviewer.display_name if reviewer else "",  # a void keeps the earlier review
        reviewer_no=reviewer.police_no if reviewer else "",
        notes=" ".join(app.notes.split()),
        copy_no=copy_no,
        reprint_reason=reason,
        voided=voided,
        void_reason=void_reason,
        preview=preview,
        issued_on=local_date(issued_on),
        printed_at=printed_at,
    )


def _with_document(person: Person, masked: str) -> str:
    """A number other than the mainland ID card is printed with the document's name (港澳居民来往内地通行证 H1*****78):
    the desk at pickup must know which document to ask for."""
    if person.document_type == "resident_id" or not masked:
        return masked
    return f"{document_type_name(person.document_type)} {masked}"


def _accepted_at(app: Application) -> datetime:
    """When the file became complete: a record returned for 补正 is accepted on the day the materials came."""
    completed = (app.extra or {}).get("accepted_at")
    return datetime.fromisoformat(completed) if completed else app.created_at


def render_document(
    core: Core, actor: Actor, number: str, *, layout: str = "A4", reason: str = ""
) -> PrintedCopy:
    """Print the application's document: the receipt, or the supplement notice while materials are missing."""
    return _issue(core, actor, number, None, layout, reason, preview=False)


def render_receipt(
    core: Core, actor: Actor, receipt_no: str, *, layout: str = "A4", reason: str = ""
) -> PrintedCopy:
    return _issue(core, actor, receipt_no, RECEIPT, layout, reason, preview=False)


def render_supplement_notice(
    core: Core, actor: Actor, receipt_no: str, *, layout: str = "A4", reason: str = ""
) -> PrintedCopy:
    return _issue(core, actor, receipt_no, NOTICE, layout, reason, preview=False)


def preview_document(core: Core, actor: Actor, number: str, *, layout: str = "A4") -> PrintedCopy:
    """What the next copy will look like, marked 预览; nothing is recorded and no copy number is used up."""
    return _issue(core, actor, number, None, layout, "", preview=True)


def signed_fields(session: Session, app: Application) -> SignedFields:
    station_code = session.execute(select(Station.code).where(Station.id == app.station_id)).scalar_one()
    return SignedFields(
        number=app.receipt_no or "",
        station_code=station_code,
        applicant_masked_id=masked_id(session, app.applicant_id),
        business_code=app.business_code,
        accepted_on=local_date(app.created_at),
    )


def verify(core: Core, text: str) -> Verification:
    """Check a scanned or typed QR payload against the record; any desk may verify (nothing is changed)."""
    with core.db.read() as session:
        found: dict[str, Application] = {}

        def lookup(number: str) -> tuple[str, SignedFields] | None:
            app = session.execute(
                select(Application).where(Application.receipt_no == number)
            ).scalar_one_or_none()
            if app is None:
                return None
            found["app"] = app
            secret = session.execute(
                select(Station.hmac_secret).where(Station.id == app.station_id)
            ).scalar_one()
            return secret, signed_fields(session, app)

        typed = normalize(text)
        if parse(text) is None and lookup(typed) is not None:  # a bare number: the record exists, but no MAC
            status = found["app"].status
            reason = (
                f"只有编号、没有校验码，无法核验真伪（请扫描回执上的二维码）；"
                f"系统中有此编号，当前状态：{STATUS_NAMES.get(status, status)}"
            )
            return Verification("unknown", typed, reason, status, STATUS_NAMES.get(status, ""))
        checked = parse_and_verify(text, lookup)
        app = found.get("app")
        if checked.outcome != "genuine" or app is None:
            return Verification(checked.outcome, checked.number, checked.reason)
        voided_copy = session.execute(
            select(PrintedDocument.void_reason).where(
                PrintedDocument.number == checked.number, PrintedDocument.voided_at.is_not(None)
            )
        ).first()
        voided = app.status == "voided" or voided_copy is not None
        reason = f"{checked.reason}；当前状态：{STATUS_NAMES.get(app.status, app.status)}"
        if voided:
            reason += "。该回执已作废，不能作为领取凭证"
        return Verification(
            "genuine", checked.number, reason, app.status, STATUS_NAMES.get(app.status, ""), voided
        )


def void_document(core: Core, actor: Actor, number: str, reason: str, *, version: int | None = None) -> int:
    """Void the application and every printed copy of its documents (officer only); returns the copies voided."""
    reason = " ".join(reason.split())[:200]
    ensure_savable("void_reason", reason)
    if not reason:
        raise ValidationError("void_reason", "作废须填写原因")
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.REVIEW)
        app = _application(session, number, lock=True)
        if version is not None and app.version != version:
            raise ConflictError("该记录已被其他人修改，请刷新后再操作。")
        ensure_application_open(session, actor, app, core=core)
        if app.status == "voided":
            raise ConflictError(f"{app.receipt_no} 已作废")
        if app.status == "picked_up":
            raise ValidationError("status", "已领取的业务不能作废")
        copies = [c for kind in (RECEIPT, NOTICE) for c in _copies(session, kind, app.receipt_no or "")]
        live = [c for c in copies if c.voided_at is None]
        for copy in live:
            copy.voided_at, copy.voided_by, copy.void_reason = now, actor.user_id, reason
        # The officer's review (reviewed_by/at, review_note) stays as it was: the void is a fact of its own.
        void = {"reason": reason, "by": actor.username, "at": now.isoformat()}
        app.status, app.extra, app.updated_at = "voided", {**app.extra, "void": void}, now
        detail = f"作废原因：{reason}；已打印的 {len(live)} 份同时作废"
        audit.record(
            session, core, actor, "receipt.void", entity="application", entity_id=number, detail=detail
        )
        return len(live)
