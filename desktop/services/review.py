"""当日审核: the officer reviews the day's records, returns what is wrong, reveals a full ID number when needed,
signs the day off, and prints the 日报. Every step is officer-only, enforced here (Permission.REVIEW/REVEAL_ID).

- Review: 已受理 → 已审核 (reviewed_by/at set, an earlier return note cleared).
- Return: 已受理/已审核 → 已退回 with the reason in `review_note` (the desk's list highlights it). The review
  marks are cleared so the desk may correct the record (status.edit_refusal); each return is kept in
  `extra["review_returns"]`. An exit-entry record already in a handover batch cannot be returned.
- Reveal: the full number of the applicant's or proxy's document, with a reason; audited as `review.reveal_id`,
  whose detail holds the reason and the masked number only.
- Sign-off: the officer's password again (auth's own argon2 check), no record of the day left 已受理 (review or
  return them first), then the board and the exceptions are frozen into `day_signoff.summary` and the day is
  locked. A wrong password is refused and audited (`day.signoff`, ok=False) in a committed transaction.
- The lock: `ensure_day_open` is called by every service that changes a record of a day (intake, exit-entry,
  receipts). On a signed-off day a desk user gets `DayLocked` (a ConflictError: the state of the day, not the
  form, is in the way, and the form keeps what was typed); an officer passes, and `day.locked_edit` is audited.
  On PostgreSQL both take an advisory lock on (station, day) — shared for edits, exclusive for the sign-off — so
  an edit committing while the officer signs is either in the frozen figures or refused.
- 日报: printed from the frozen summary (never from live figures), numbered `<station>-RB-<YYYYMMDD>`, recorded
  as a printed_document with a copy counter like the handover list; a later copy needs a reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.clock import local_date
from desktop.db.counters import next_number
from desktop.db.models import (
    Application,
    AuditEvent,
    DaySignoff,
    ExitEntryDetail,
    Person,
    PrintedDocument,
    StaffUser,
    Station,
)
from desktop.documents import daily_report
from desktop.documents.frame import get_layout
from desktop.domain import status as st
from desktop.domain.identity import mask_id_number
from desktop.domain.text import ensure_savable
from desktop.errors import ConflictError, DomainError, NotFound, ValidationError
from desktop.services import audit
from desktop.services.auth import verify_password
from desktop.services.core import Actor, Core, Permission, authorize, require_staff
from desktop.services.day_board import (
    Count,
    DayBoard,
    ExceptionItem,
    board_from_json,
    board_to_json,
    build_board,
    build_exceptions,
    exceptions_from_json,
    exceptions_to_json,
    find_station,
    sees_whole_station,
)
from desktop.services.day_lock import (
    day_lock,
    ensure_application_open,
)
from desktop.services.receipt_search import business_name
from desktop.services.receipts import PrintedCopy

REVEAL_ACTION = "review.reveal_id"
REVIEWABLE = (st.RECEIVED,)
RETURNABLE = (st.RECEIVED, st.REVIEWED)
REASON_LIMIT = 200
COMMENT_LIMIT = 500
WHOM_NAMES = {"applicant": "申请人", "agent": "代办人"}
SUMMARY_SCHEMA = 1


@dataclass(frozen=True)
class ReviewRow:
    application_id: int
    receipt_no: str
    kind: str  # walkin | exit_entry
    business_name: str
    applicant_name: str
    applicant_id_masked: str
    agent_name: str  # "" without a proxy
    agent_id_masked: str
    fee_fen: int
    status: str
    status_name: str
    missing: int  # materials still missing
    created_at: datetime
    created_by_name: str
    reviewed_by_name: str
    reviewed_at: datetime | None
    review_note: str  # the officer's reason when returned
    returned_by_review: bool  # returned by an officer, not just incomplete at intake: highlighted
    version: int


@dataclass(frozen=True)
class SignoffInfo:
    station_code: str
    day: date
    officer_name: str
    officer_no: str
    signed_at: datetime
    comment: str
    board: DayBoard | None  # the frozen figures; None for a desk user (its own board is day_board's)
    exceptions: tuple[ExceptionItem, ...]  # frozen with the figures; () for a desk user


# -- the review queue ------------------------------------------------------------------------------------------


def review_queue(core: Core, actor: Actor, station_code: str, day: date) -> list[ReviewRow]:
    """The day's records with their state, oldest first (officer only)."""
    with core.db.read() as session:
        authorize(session, actor, Permission.REVIEW)
        station = find_station(session, station_code)
        apps = list(
            session.execute(
                select(Application)
                .options(selectinload(Application.materials))
                .where(Application.station_id == station.id, Application.business_day == day)
                .order_by(Application.id)
            ).scalars()
        )
        return _rows(session, apps)


def _rows(session: Session, apps: list[Application]) -> list[ReviewRow]:
    """The rows of `apps`, their people and staff names read in one query each (not one per row)."""
    people = {a.applicant_id for a in apps} | {a.agent_id for a in apps if a.agent_id is not None}
    list(session.execute(select(Person).where(Person.id.in_(people))).scalars())  # into the identity map
    staff = {a.created_by for a in apps} | {a.reviewed_by for a in apps if a.reviewed_by is not None}
    query = select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(staff))
    names = {int(i): str(name) for i, name in session.execute(query).tuples()}
    return [_row(session, app, names) for app in apps]


def _row(session: Session, app: Application, names: dict[int, str]) -> ReviewRow:
    applicant = session.get_one(Person, app.applicant_id)
    agent = session.get(Person, app.agent_id) if app.agent_id is not None else None
    return ReviewRow(
        application_id=app.id,
        receipt_no=app.receipt_no or "",
        kind=app.kind,
        business_name=business_name(app.kind, app.business_code),
        applicant_name=applicant.name,
        applicant_id_masked=_masked(applicant),
        agent_name=agent.name if agent else "",
        agent_id_masked=_masked(agent),
        fee_fen=app.fee_fen,
        status=app.status,
        status_name=st.status_name(app.status),
        missing=sum(1 for m in app.materials if not m.received),
        created_at=app.created_at,
        created_by_name=names.get(app.created_by, ""),
        reviewed_by_name=names.get(app.reviewed_by, "") if app.reviewed_by is not None else "",
        reviewed_at=app.reviewed_at,
        review_note=app.review_note,
        returned_by_review=app.status == st.RETURNED and bool(app.review_note),
        version=app.version,
    )


def _masked(person: Person | None) -> str:
    return mask_id_number(person.id_number) if person is not None and person.id_number else ""


def _locked_application(session: Session, application_id: int, version: int) -> Application:
    app = session.get(Application, application_id, with_for_update=True)
    if app is None:
        raise NotFound("该受理记录不存在或已被删除")
    if app.version != version:
        raise ConflictError("该记录已被其他人修改，请刷新后再审核。")
    return app


def mark_reviewed(core: Core, actor: Actor, application_id: int, *, version: int) -> ReviewRow:
    """已受理 → 已审核 (officer only); a stale `version` raises ConflictError, nothing saved."""
    require_staff(actor)
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.REVIEW)
        app = _locked_application(session, application_id, version)
        if app.status not in REVIEWABLE:
            raise ValidationError("status", f"该记录当前为{st.status_name(app.status)}，不能审核")
        ensure_application_open(session, actor, app, core=core)
        app.status, app.reviewed_by, app.reviewed_at, app.review_note = st.REVIEWED, actor.user_id, now, ""
        app.updated_at, app.updated_by = now, actor.user_id
        audit.record(session, core, actor, "review.review", entity="application", entity_id=app.receipt_no,
                     detail=f"{business_name(app.kind, app.business_code)}，审核通过")  # fmt: skip
        session.flush()
        return _rows(session, [app])[0]


def return_for_correction(
    core: Core, actor: Actor, application_id: int, reason: str, *, version: int
) -> ReviewRow:
    """Return a record to the desk for 补正 with the reason (officer only): 已退回, `review_note` = reason."""
    require_staff(actor)
    reason = " ".join(reason.split())
    ensure_savable("review_note", reason)
    if not reason:
        raise ValidationError("review_note", "退回须填写原因，告知受理人需补正的内容")
    if len(reason) > REASON_LIMIT:
        raise ValidationError("review_note", f"退回原因不能超过{REASON_LIMIT}个字")
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.REVIEW)
        app = _locked_application(session, application_id, version)
        if app.status not in RETURNABLE:
            raise ValidationError("status", f"该记录当前为{st.status_name(app.status)}，不能退回")
        if app.kind == "exit_entry":
            detail = session.get(ExitEntryDetail, app.id)
            if detail is not None and detail.batch_id is not None:
                raise ValidationError("status", "该申请已编入移交批次，不能退回；请先从批次中移出")
        ensure_application_open(session, actor, app, core=core)
        returns = [*(app.extra or {}).get("review_returns", []), {"reason": reason, "by": actor.username,
                                                                  "at": now.isoformat()}]  # fmt: skip
        app.extra = {**(app.extra or {}), "review_returns": returns}
        app.status, app.review_note, app.reviewed_by, app.reviewed_at = st.RETURNED, reason, None, None
        app.updated_at, app.updated_by = now, actor.user_id
        audit.record(session, core, actor, "review.return", entity="application", entity_id=app.receipt_no,
                     detail=f"退回补正，原因：{reason}")  # fmt: skip
        session.flush()
        return _rows(session, [app])[0]


def reveal_id(core: Core, actor: Actor, application_id: int, reason: str, *, whom: str = "applicant") -> str:
    """The full document number of the record's applicant or proxy (`whom`), for an officer with a reason.
    Audited as `review.reveal_id` with the reason; the number itself goes only to the caller."""
    require_staff(actor)
    if whom not in WHOM_NAMES:
        raise ValidationError("whom", "只能查看申请人或代办人的证件号码")
    reason = " ".join(reason.split())
    ensure_savable("reason", reason)
    if not reason:
        raise ValidationError("reason", "查看完整证件号码须填写事由")
    if len(reason) > REASON_LIMIT:
        raise ValidationError("reason", f"事由不能超过{REASON_LIMIT}个字")
    with core.db.write() as session:
        authorize(session, actor, Permission.REVEAL_ID)
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("该受理记录不存在或已被删除")
        person_id = app.applicant_id if whom == "applicant" else app.agent_id
        person = session.get(Person, person_id) if person_id is not None else None
        if person is None or not person.id_number:
            raise NotFound(f"该记录没有{WHOM_NAMES[whom]}的证件号码")
        number = person.id_number
        audit.record(session, core, actor, REVEAL_ACTION, entity="application", entity_id=app.receipt_no,
                     detail=f"查看{WHOM_NAMES[whom]}{person.name}的完整证件号码（{mask_id_number(number)}），"
                            f"事由：{reason}")  # fmt: skip
    return number


# -- sign-off --------------------------------------------------------------------------------------------------


def sign_off(
    core: Core, actor: Actor, station_code: str, day: date, password: str, comment: str = ""
) -> SignoffInfo:
    """Sign the day off: password again, nothing left 已受理, figures frozen, day locked (officer only)."""
    require_staff(actor)
    comment = comment.strip()
    ensure_savable("comment", comment)
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError("comment", f"审核意见不能超过{COMMENT_LIMIT}个字")
    with core.db.write() as session:
        # A wrong password must stay audited although the call fails: decide inside, raise after the commit.
        outcome = _sign(session, core, actor, station_code, day, password, comment)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def _sign(
    session: Session, core: Core, actor: Actor, station_code: str, day: date, password: str, comment: str
) -> SignoffInfo | DomainError:
    authorize(session, actor, Permission.REVIEW)
    station = find_station(session, station_code)
    now = core.clock()
    if day > local_date(now):
        raise ValidationError("day", "不能签结尚未到来的日期")
    day_lock(session, station.id, day, exclusive=True)
    if _signoff(session, station.id, day) is not None:
        raise ConflictError(f"{day:%Y年%m月%d日}的工作已签结，不能重复签结")
    officer = session.get_one(StaffUser, actor.user_id)
    if not verify_password(officer.password_hash, password):
        audit.record(session, core, actor, "day.signoff", entity="day_signoff",
                     entity_id=f"{station.code}-{day:%Y%m%d}", ok=False, detail="密码错误，未签结")  # fmt: skip
        return ValidationError("password", "密码不正确，未签结。")
    unreviewed = session.execute(
        select(func.count()).where(
            Application.station_id == station.id,
            Application.business_day == day,
            Application.status == st.RECEIVED,
        )
    ).scalar_one()
    if unreviewed:
        raise ValidationError("status", f"当日还有 {unreviewed} 件记录未审核，请审核或退回后再签结")
    board = build_board(session, station, day, None)
    found = build_exceptions(session, station, day)
    signoff = DaySignoff(
        station_id=station.id, day=day, officer_id=officer.id, signed_at=now, comment=comment,
        summary={"schema": SUMMARY_SCHEMA, "board": board_to_json(board), "exceptions": exceptions_to_json(found)},
    )  # fmt: skip
    session.add(signoff)
    session.flush()
    audit.record(session, core, actor, "day.signoff", entity="day_signoff", entity_id=f"{station.code}-{day:%Y%m%d}",
                 detail=f"签结{day.isoformat()}：受理{board.total}件，收费{board.fees.total_fen}分，"
                        f"异常{len(found)}项")  # fmt: skip
    return _info(session, station, signoff, full=True)


def _signoff(session: Session, station_id: int, day: date) -> DaySignoff | None:
    query = select(DaySignoff).where(DaySignoff.station_id == station_id, DaySignoff.day == day)
    return session.execute(query).scalar_one_or_none()


def _info(session: Session, station: Station, signoff: DaySignoff, *, full: bool) -> SignoffInfo:
    officer = session.get_one(StaffUser, signoff.officer_id)
    summary = signoff.summary or {}
    return SignoffInfo(
        station_code=station.code,
        day=signoff.day,
        officer_name=officer.display_name,
        officer_no=officer.police_no,
        signed_at=signoff.signed_at,
        comment=signoff.comment,
        board=board_from_json(summary["board"]) if full else None,
        exceptions=tuple(exceptions_from_json(summary.get("exceptions", []))) if full else (),
    )


def day_signed(core: Core, actor: Actor, station_code: str, day: date) -> SignoffInfo | None:
    """Whether (and by whom) the station's day is signed off; the frozen figures for an officer only."""
    with core.db.read() as session:
        whole = sees_whole_station(session, actor)
        station = find_station(session, station_code)
        signoff = _signoff(session, station.id, day)
        return None if signoff is None else _info(session, station, signoff, full=whole)


def change_token(core: Core, station_code: str) -> int:
    """A cheap value that changes with every write (each one appends an audit event): poll it and refresh the
    board when it moves. Station-wide on purpose: any desk's save may change what the officer sees."""
    del station_code  # the audit chain is shared by every station of the database
    with core.db.read() as session:
        return int(session.execute(select(func.max(AuditEvent.id))).scalar() or 0)


# -- the 日报 ---------------------------------------------------------------------------------------------------


def report_number(station_code: str, day: date) -> str:
    return f"{station_code}-RB-{day:%Y%m%d}"


def print_daily_report(
    core: Core, actor: Actor, station_code: str, day: date, *, layout: str = "A4", reason: str = ""
) -> PrintedCopy:
    """Print the signed-off day's 日报 from its frozen summary; recorded like a receipt (copy number, SHA-256,
    audit); a later copy needs a reason and is marked 补打."""
    require_staff(actor)
    get_layout(layout)
    reason = " ".join(reason.split())[:REASON_LIMIT]
    ensure_savable("reprint_reason", reason)
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.REVIEW)
        station = find_station(session, station_code)
        signoff = _signoff(session, station.id, day)
        if signoff is None:
            raise ValidationError("day", "该日尚未签结，请先签结再打印日报（签结前可预览）")
        number = report_number(station.code, day)
        copy_no = next_number(session, f"copy:rb:{number}", "")
        if copy_no > 1 and not reason:
            raise ValidationError("reprint_reason", "该日报已打印过，补打须填写原因")
        info = _info(session, station, signoff, full=True)
        data = report_data(station, info, number, copy_no=copy_no, reason=reason, printed_at=now)
        pdf = daily_report.render_daily_report(data, layout)
        digest = hashlib.sha256(pdf).hexdigest()
        session.add(
            PrintedDocument(
                station_id=station.id, number=number, kind="daily_report", subject_id=signoff.id,
                template_version=daily_report.TEMPLATE_VERSION, layout=layout, sha256=digest, printed_at=now,
                printed_by=actor.user_id, printed_by_name=actor.username, copy_no=copy_no, reprint_reason=reason,
            )
        )  # fmt: skip
        action = "daily_report.reprint" if copy_no > 1 else "daily_report.print"
        audit.record(session, core, actor, action, entity="daily_report", entity_id=number,
                     detail=f"工作日报第{copy_no}份，版式 {layout}，sha256={digest}"
                            + (f"，原因：{reason}" if reason else ""))  # fmt: skip
        return PrintedCopy(number, "daily_report", copy_no, layout, daily_report.TEMPLATE_VERSION, digest, pdf,
                           False, True)  # fmt: skip


def preview_daily_report(
    core: Core, actor: Actor, station_code: str, day: date, *, layout: str = "A4"
) -> PrintedCopy:
    """The 日报 as it would print now, marked 预览; before sign-off from the live figures. Nothing is recorded."""
    get_layout(layout)
    now = core.clock()
    with core.db.read() as session:
        authorize(session, actor, Permission.REVIEW)
        station = find_station(session, station_code)
        signoff = _signoff(session, station.id, day)
        if signoff is not None:
            info = _info(session, station, signoff, full=True)
        else:
            info = SignoffInfo(station.code, day, "", "", now, "", build_board(session, station, day, None),
                               tuple(build_exceptions(session, station, day)))  # fmt: skip
        number = report_number(station.code, day)
        data = report_data(station, info, number, copy_no=1, reason="", printed_at=now, preview=True,
                           signed=signoff is not None)  # fmt: skip
    pdf = daily_report.render_daily_report(data, layout)
    digest = hashlib.sha256(pdf).hexdigest()
    return PrintedCopy(
        number, "daily_report", 1, layout, daily_report.TEMPLATE_VERSION, digest, pdf, False, False
    )


def _figures(counts: tuple[Count, ...]) -> tuple[daily_report.Row, ...]:
    return tuple(daily_report.Row(c.name, c.count, c.fen) for c in counts)


def report_data(
    station: Station,
    info: SignoffInfo,
    number: str,
    *,
    copy_no: int,
    reason: str,
    printed_at: datetime,
    preview: bool = False,
    signed: bool = True,
) -> daily_report.DailyReportData:
    """What the 日报 prints, from a sign-off's frozen figures (or the live ones for a preview)."""
    board = info.board
    assert board is not None  # an officer's SignoffInfo always carries the figures
    return daily_report.DailyReportData(
        number=number,
        district=station.district,
        station_line=" ".join(p for p in (station.police_station, station.name) if p),
        enquiry_phone=station.phone,
        day=info.day,
        total=board.total,
        by_kind=_figures(board.by_kind),
        by_business=_figures(board.by_business),
        by_staff=_figures(board.by_staff),
        by_status=_figures(board.by_status),
        fee_total_fen=board.fees.total_fen,
        fee_records=board.fees.records,
        fees_by_business=_figures(board.fees.by_business),
        voided=tuple(
            daily_report.VoidLine(v.receipt_no, v.business_name, v.applicant_name, v.fee_fen, v.reason)
            for v in board.fees.voided
        ),
        consultations=_figures(board.consultations),
        exceptions=tuple(
            daily_report.ExceptionLine(e.kind_name, e.number, e.subject, e.detail, e.who)
            for e in info.exceptions
        ),
        officer_name=info.officer_name,
        officer_no=info.officer_no,
        signed_at=info.signed_at if signed else None,
        comment=info.comment,
        copy_no=copy_no,
        reprint_reason=reason,
        preview=preview,
        printed_at=printed_at,
    )
