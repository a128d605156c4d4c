"""Mediation cases (矛盾纠纷调解): register a case, record its sessions, its outcome, the follow-ups (回访) and the
卷宗 checklist, close it, print the 调解协议书, and warn about parties seen before.

The case is the aggregate: every change to it or to its parties, sessions, follow-ups or archive rows is one
transaction that carries the `version` the form loaded, bumps it, and raises `StaleCase` (with the case as it is
now and who saved it) when another desk got there first. A closed case is no longer edited.

A create is idempotent by the form's `request_id`; its case number ("(YYYY)<short name>调字第NNN号", per station and
year) comes from the counter in the same transaction; each party is found by ID number (optional for a party),
or — without one — by name and phone among people recorded without a number, else recorded anew; the 13 archive
rows start absent.

An agreed outcome schedules the follow-up `FOLLOWUP_WORKDAYS` working days after the performance deadline and, for
人民调解, keeps the 30-day window for 司法确认. A failed or referred case has no agreement: its 卷宗 is complete
without a 调解协议书 (mediation_rules.required_archive). A case is closed only with every required archive item
present, an outcome recorded, and no follow-up still to do.

Early warning: the parties of a case are looked up in other cases by ID number, or by name and phone; three or
more cases of one party within 12 months (this one counted) flag a high risk, and a new case with such a party is
registered as high risk. Follow-up signs of escalation raise the risk to high as well.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.sql.elements import ColumnElement

from desktop.clock import LOCAL_TZ, format_local, local_date
from desktop.db.counters import allocate_case_no, next_number
from desktop.db.idempotency import create_once
from desktop.db.models import (
    LAYOUTS,
    MediationArchiveItem,
    MediationCase,
    MediationFollowup,
    MediationParty,
    MediationSession,
    Person,
    PrintedDocument,
    Station,
)
from desktop.documents.mediation_agreement import (
    TEMPLATE_VERSION,
    AgreementData,
    AgreementParty,
)
from desktop.documents.mediation_agreement import (
    render_agreement as render_agreement_pdf,
)
from desktop.domain.catalog import default_catalog
from desktop.domain.documents_id import RESIDENT_ID, document_type_name
from desktop.domain.identity import mask_id_number, mask_phone, validate_phone
from desktop.domain.intake_rules import PersonInput, check_person
from desktop.domain.mediation_rules import (
    ARCHIVE_ITEMS,
    ARCHIVE_NAMES,
    HIGH_RISK_CASES,
    LIMITS,
    OUTCOMES,
    REGIMES,
    RISK_LEVELS,
    ROLES,
    ArchiveInput,
    CaseInput,
    FollowupInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
    choice_code,
    choice_name,
    clean,
    confirmation_deadline,
    followup_due,
    followup_problems,
    missing_archive,
    outcome_of,
    outcome_problems,
    party_key,
    problems,
    required_archive,
    session_problems,
    status_text,
    twelve_months_before,
)
from desktop.domain.text import ensure_savable
from desktop.errors import NotFound, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, StaleRecord, authorize, require_staff
from desktop.services.day_lock import ensure_day_open
from desktop.services.intake import GENDER_NAMES
from desktop.services.intake import staff_name as intake_staff_name
from desktop.services.intake_list import classify
from desktop.services.people import forget_if_orphaned, resolve_person, update_details
from desktop.services.receipts import PrintedCopy

EARLIER_LIMIT = 50  # earlier cases shown per look-up
CLOSED_MESSAGE = "该案件已结案，不能再修改"


class StaleCase(StaleRecord["CaseRecord"]):
    """A case changed by another desk meanwhile (`current`: as it is now)."""

    noun = "该案件"


@dataclass(frozen=True)
class PartyView:
    party_id: int
    person_id: int
    role: str  # applicant | respondent | other
    role_name: str
    name: str
    document_type: str
    document_type_name: str
    id_masked: str  # "" without an ID number
    gender: str  # 男 | 女 | ""
    birth_date: date | None
    phone: str  # in full: the desk calls the parties
    phone_masked: str
    address: str


@dataclass(frozen=True)
class SessionView:
    session_id: int
    held_at: datetime
    mediators: str
    participants: str
    notes: str
    recorded_by_name: str


@dataclass(frozen=True)
class FollowupView:
    followup_id: int
    due_date: date
    done_at: datetime | None
    done_by_name: str
    visitor: str
    reason: str
    performance: str
    result: str
    satisfaction: str
    escalation: str
    overdue: bool  # not done and its day has passed

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class ArchiveLine:
    code: str
    name: str
    required: bool  # for this case as it stands (调解协议书 only when agreed)
    present: bool
    note: str


@dataclass(frozen=True)
class EarlierCase:
    """Another case in which a party of the form appears."""

    case_id: int
    case_no: str
    day: date  # registered (local day)
    category: str
    regime_name: str
    status: str
    status_text: str  # 已达成协议, 已结案（调解不成）…
    party_index: int  # position of the matching party in the form
    party_name: str
    matched_by: str  # 身份证号 | 证件号码 | 姓名+电话 | 同一当事人


@dataclass(frozen=True)
class PartyRisk:
    party_index: int
    name: str
    cases_12m: int  # cases of this party registered in the last 12 months, the one at hand counted
    high_risk: bool  # cases_12m >= HIGH_RISK_CASES


@dataclass(frozen=True)
class EarlyWarning:
    matches: tuple[EarlierCase, ...]  # newest first
    parties: tuple[PartyRisk, ...]  # one per party of the form

    @property
    def high_risk(self) -> bool:
        return any(p.high_risk for p in self.parties)

    def messages(self) -> tuple[str, ...]:
        """One line per party with earlier cases, for the form's warning box."""
        lines = []
        for party in self.parties:
            earlier = [m for m in self.matches if m.party_index == party.party_index]
            if not earlier:
                continue
            who = party.name or f"当事人{party.party_index + 1}"
            line = f"{who}：另有{len({m.case_id for m in earlier})}起调解案件，近12个月共{party.cases_12m}起"
            lines.append(line + ("，属高风险，请重点关注" if party.high_risk else ""))
        return tuple(lines)


@dataclass(frozen=True)
class CaseRecord:
    """One case as the form shows it (ID numbers masked)."""

    case_id: int
    request_id: str
    case_no: str
    version: int
    station_code: str
    regime: str
    regime_name: str
    source_code: str  # "" when the catalog no longer lists the stored name
    source: str  # name
    category_code: str
    category: str  # name
    occurred_at: datetime | None
    location: str
    summary: str
    dispute_points: str
    risk_level: str
    risk_name: str
    exclusions_checked: bool
    status: str
    status_name: str  # 已结案（达成协议）for a closed case
    outcome: str  # agreed | failed | referred | "" (open)
    outcome_name: str
    parties: tuple[PartyView, ...]
    sessions: tuple[SessionView, ...]
    agreement_terms: str
    responsibility: str
    performance_method: str
    performance_deadline: date | None
    agreed_on: date | None
    mediators: str
    referred_to: str
    outcome_note: str
    confirmation_deadline: date | None  # 人民调解: last day to apply for 司法确认
    confirmation_days_left: int | None  # negative once passed
    followups: tuple[FollowupView, ...]
    next_followup: date | None
    overdue_followups: int
    archive: tuple[ArchiveLine, ...]
    missing_archive: tuple[str, ...]  # names of required items not yet in the file
    warning: EarlyWarning
    created_at: datetime
    created_by_name: str
    updated_at: datetime
    updated_by_name: str
    closed_at: datetime | None
    printed_copies: int  # copies of the agreement printed (the next one is a 补打)
    edit_refusal: str  # why it can no longer be edited, or ""

    @property
    def can_close(self) -> bool:
        return self.status in OUTCOMES and not self.missing_archive and self.next_followup is None

    @property
    def can_print(self) -> bool:
        return outcome_of(self.status, self.outcome) == "agreed" and bool(self.agreement_terms)


@dataclass(frozen=True)
class SavedCase:
    record: CaseRecord
    created: bool  # False: an edit, or a retried create that had already been carried out


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    case_id: int
    case_no: str
    created_on: date
    category: str
    regime: str
    regime_name: str
    parties: str  # "张三 vs 李四" (applicants vs respondents)
    status: str
    status_name: str
    risk_level: str
    risk_name: str
    next_followup: date | None
    overdue: bool
    version: int


# ---------------------------------------------------------------------------------------------------- register


def create_case(core: Core, actor: Actor, station_code: str, request_id: str, form: CaseInput) -> SavedCase:
    """Register a new case (idempotent by `request_id`); a party with 3+ cases in 12 months makes it high risk."""
    now = core.clock()
    today = local_date(now)
    _raise_first(problems(form, today=today))
    require_staff(actor)

    def build(session: Session) -> MediationCase:
        authorize(session, actor, Permission.INTAKE)
        station = session.execute(select(Station).where(Station.code == station_code)).scalar_one_or_none()
        if station is None:
            raise NotFound(f"没有代码为 {station_code} 的站点")
        ensure_day_open(session, actor, station.id, today, core=core)
        people = _resolve_parties(session, form.parties, today, now)
        case = MediationCase(
            request_id=request_id,
            case_no=allocate_case_no(session, station.code, station.short_name, today.year),
            station_id=station.id,
            status="open",
            outcome="",
            created_by=actor.user_id,
            created_at=now,
        )
        _fill(case, form, actor, now)
        warning = _warning(session, _stored_inputs(form.parties, people), exclude_case_id=None, today=today)
        raised = warning.high_risk and case.risk_level != "high"
        if raised:
            case.risk_level = "high"
        session.add(case)
        session.flush()
        _write_parties(session, case, form.parties, people)
        session.add_all(
            MediationArchiveItem(case_id=case.id, code=item.code, present=False) for item in ARCHIVE_ITEMS
        )
        detail = f"{REGIMES[case.regime]}，{case.category}，当事人{len(people)}人"
        if raised:
            detail += "；当事人近12个月多次调解，风险等级自动调为高"
        audit.record(session, core, actor, "mediation.create", entity="mediation_case", entity_id=case.case_no,
                     detail=detail)  # fmt: skip
        return case

    created = create_once(core.db, MediationCase, request_id, build)
    return SavedCase(get_case(core, actor, created.id), created.created)


def update_case(core: Core, actor: Actor, case_id: int, form: CaseInput, *, version: int) -> SavedCase:
    """Correct the register of a case not yet closed (parties included); a stale `version` raises StaleCase."""
    require_staff(actor)
    now = core.clock()
    today = local_date(now)
    with _change(core, actor, case_id, version, today) as (session, case):
        _raise_first(problems(form, today=today))
        if case.outcome and form.regime != case.regime:
            # The agreement was made (and may be printed) under its regime: 人民调解 and 治安调解 are two regimes
            # with their own documents and deadlines, kept apart in data.
            raise ValidationError(
                "regime",
                f"该案件已登记调解结果（{OUTCOMES.get(case.outcome, case.outcome)}），不能再更改调解类别",
            )
        before = _snapshot(session, case)
        people = _resolve_parties(session, form.parties, today, now)
        _fill(case, form, actor, now)
        if case.agreed_on is not None and outcome_of(case.status, case.outcome) == "agreed":
            case.confirmation_deadline = (
                confirmation_deadline(case.agreed_on) if case.regime == "people" else None
            )
        named = {party[1] for party in before["parties"]}  # type: ignore[attr-defined]
        session.execute(delete(MediationParty).where(MediationParty.case_id == case.id))
        _write_parties(session, case, form.parties, people)
        # a party taken off the case (or another person typed in their place) is gone if nothing else names them
        forget_if_orphaned(session, named - {person.id for person in people})
        _touch(case, actor, now)
        session.flush()
        after = _snapshot(session, case)
        changed = [label for key, label in _FIELD_LABELS.items() if before[key] != after[key]]
        audit.record(session, core, actor, "mediation.update", entity="mediation_case", entity_id=case.case_no,
                     detail=f"修改：{'、'.join(changed)}" if changed else "无改动")  # fmt: skip
        return SavedCase(_record(session, case, today), created=False)


def get_case(core: Core, actor: Actor, case_id: int) -> CaseRecord:
    today = local_date(core.clock())
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        case = session.get(MediationCase, case_id)
        if case is None:
            raise NotFound("该调解案件不存在或已被删除")
        return _record(session, case, today)


# ---------------------------------------------------------------------------------------------- the case's life


def add_session(core: Core, actor: Actor, case_id: int, form: SessionInput, *, version: int) -> CaseRecord:
    """Record one mediation session (调解记录): when, by whom, who took part, what was said."""
    require_staff(actor)
    now = core.clock()
    today = local_date(now)
    _raise_first(session_problems(form, now=now))
    with _change(core, actor, case_id, version, today) as (session, case):
        session.add(
            MediationSession(
                case_id=case.id, held_at=form.held_at, mediators=clean(form.mediators),
                participants=clean(form.participants), notes=clean(form.notes), recorded_by=actor.user_id,
            )
        )  # fmt: skip
        _touch(case, actor, now)
        audit.record(session, core, actor, "mediation.session", entity="mediation_case", entity_id=case.case_no,
                     detail=f"调解时间 {format_local(form.held_at)}")  # fmt: skip
        session.flush()
        return _record(session, case, today)


def record_outcome(
    core: Core, actor: Actor, case_id: int, outcome: OutcomeInput, *, version: int
) -> CaseRecord:
    """达成协议 (the follow-up is scheduled, and for 人民调解 the 司法确认 window kept), 调解不成 or 移交; may be
    corrected until the case is closed."""
    require_staff(actor)
    now = core.clock()
    today = local_date(now)
    with _change(core, actor, case_id, version, today) as (session, case):
        _raise_first(outcome_problems(outcome, today=today, opened_on=local_date(case.created_at)))
        result = outcome.result
        case.status = case.outcome = result
        case.outcome_note = clean(outcome.note)
        pending = _pending(session, case.id)
        detail = OUTCOMES[result]
        if result == "agreed":
            assert outcome.performance_deadline is not None  # outcome_problems
            agreed_on = outcome.agreed_on or today
            case.agreement_terms = clean(outcome.terms)
            case.responsibility = clean(outcome.responsibility)
            case.performance_method = clean(outcome.performance_method)
            case.performance_deadline = outcome.performance_deadline
            case.agreed_on = agreed_on
            case.mediators = (
                clean(outcome.mediators) or _last_mediators(session, case.id) or actor.display_name
            )
            case.confirmation_deadline = confirmation_deadline(agreed_on) if case.regime == "people" else None
            case.referred_to = ""
            due = followup_due(outcome.performance_deadline)
            if pending:
                pending[0].due_date = due
            else:
                session.add(MediationFollowup(case_id=case.id, due_date=due, reason="协议履行情况回访"))
            detail += f"，履行期限 {outcome.performance_deadline.isoformat()}，回访 {due.isoformat()}"
        else:
            case.agreement_terms = case.responsibility = case.performance_method = case.mediators = ""
            case.performance_deadline = case.agreed_on = case.confirmation_deadline = None
            case.referred_to = clean(outcome.referred_to) if result == "referred" else ""
            for followup in pending:  # planned for an agreement there no longer is
                session.delete(followup)
            if result == "referred":
                detail += f"，移交：{case.referred_to}"
        _touch(case, actor, now)
        audit.record(session, core, actor, "mediation.outcome", entity="mediation_case", entity_id=case.case_no,
                     detail=detail)  # fmt: skip
        session.flush()
        return _record(session, case, today)


def reschedule_followup(
    core: Core, actor: Actor, case_id: int, due_date: date, *, version: int, followup_id: int | None = None
) -> CaseRecord:
    """Move a follow-up still to do (the earliest one without `followup_id`) to another day; a case with none
    to do gets a new one on that day (e.g. another visit after the agreement was found unperformed)."""
    require_staff(actor)
    now = core.clock()
    today = local_date(now)
    if due_date < today:
        raise ValidationError("due_date", "回访日期不能早于今天")
    with _change(core, actor, case_id, version, today) as (session, case):
        if case.status == "open":
            raise ValidationError("status", "调解尚无结果，暂不安排回访")
        followup = _pending_one(session, case.id, followup_id)
        if followup is None:
            session.add(MediationFollowup(case_id=case.id, due_date=due_date, reason="回访"))
            detail = f"安排回访 {due_date.isoformat()}"
        else:
            detail = f"回访日期 {followup.due_date.isoformat()} → {due_date.isoformat()}"
            followup.due_date = due_date
        _touch(case, actor, now)
        audit.record(session, core, actor, "mediation.followup_schedule", entity="mediation_case",
                     entity_id=case.case_no, detail=detail)  # fmt: skip
        session.flush()
        return _record(session, case, today)


def record_followup(
    core: Core,
    actor: Actor,
    case_id: int,
    form: FollowupInput,
    *,
    version: int,
    followup_id: int | None = None,
) -> CaseRecord:
    """Record a follow-up visit: the one given, else the earliest still to do, else an unplanned visit."""
    require_staff(actor)
    now = core.clock()
    today = local_date(now)
    _raise_first(followup_problems(form, now=now))
    visited_at = form.visited_at or now
    with _change(core, actor, case_id, version, today) as (session, case):
        if case.status == "open":
            raise ValidationError("status", "调解尚无结果，不能登记回访")
        followup = _pending_one(session, case.id, followup_id)
        if followup is None:
            followup = MediationFollowup(case_id=case.id, due_date=local_date(visited_at))
            session.add(followup)
        followup.done_at = visited_at
        followup.done_by = actor.user_id
        followup.visitor = clean(form.visitor)[: LIMITS["visitor"]] or actor.display_name[: LIMITS["visitor"]]
        followup.reason = clean(form.reason)
        followup.performance = clean(form.performance)
        followup.result = clean(form.result)
        followup.satisfaction = form.satisfaction
        followup.escalation = clean(form.escalation)
        detail = f"回访完成，{form.satisfaction}"
        if followup.escalation:
            detail += "，有激化迹象"
            if case.risk_level != "high":
                case.risk_level = "high"
                detail += "，风险等级调为高"
        _touch(case, actor, now)
        audit.record(session, core, actor, "mediation.followup", entity="mediation_case", entity_id=case.case_no,
                     detail=detail)  # fmt: skip
        session.flush()
        return _record(session, case, today)


def set_archive_items(
    core: Core, actor: Actor, case_id: int, items: Sequence[ArchiveInput], *, version: int
) -> CaseRecord:
    """Tick (or untick) items of the 卷宗 checklist; items not named keep their state."""
    require_staff(actor)
    for item in items:
        ensure_savable("archive", item.note)
    unknown = [item.code for item in items if item.code not in ARCHIVE_NAMES]
    if unknown:
        raise ValidationError("archive", f"未知的卷宗材料：{'、'.join(unknown)}")
    long = [ARCHIVE_NAMES[i.code] for i in items if len(clean(i.note)) > LIMITS["archive_note"]]
    if long:
        raise ValidationError("archive", f"{'、'.join(long)}的备注不能超过{LIMITS['archive_note']}个字")
    now = core.clock()
    today = local_date(now)
    with _change(core, actor, case_id, version, today) as (session, case):
        rows = _archive_rows(session, case.id)
        for item in items:
            row = rows.get(item.code)
            if row is None:  # a case registered before the checklist existed
                row = MediationArchiveItem(case_id=case.id, code=item.code)
                session.add(row)
                rows[item.code] = row
            row.present = item.present
            row.note = clean(item.note)
        _touch(case, actor, now)
        present = sum(1 for row in rows.values() if row.present)
        audit.record(session, core, actor, "mediation.archive", entity="mediation_case", entity_id=case.case_no,
                     detail=f"卷宗材料 {present}/{len(ARCHIVE_ITEMS)} 项已归档")  # fmt: skip
        session.flush()
        return _record(session, case, today)


def close_case(core: Core, actor: Actor, case_id: int, *, version: int) -> CaseRecord:
    """结案: only with an outcome, every required archive item present and no follow-up still to do."""
    require_staff(actor)
    now = core.clock()
    today = local_date(now)
    with _change(core, actor, case_id, version, today) as (session, case):
        if case.status == "open":
            raise ValidationError("status", "调解尚无结果，不能结案：请先登记调解结果")
        present = [code for code, row in _archive_rows(session, case.id).items() if row.present]
        missing = missing_archive(case.status, present, case.outcome)
        if missing:
            names = "、".join(item.name for item in missing)
            raise ValidationError("archive", f"卷宗缺少必备材料：{names}，不能结案")
        pending = _pending(session, case.id)
        if pending:
            raise ValidationError(
                "followups",
                f"尚有回访未完成（应于{_cn_day(pending[0].due_date)}回访），请先登记回访结果再结案",
            )
        case.status = "closed"
        case.closed_at = now
        _touch(case, actor, now)
        audit.record(session, core, actor, "mediation.close", entity="mediation_case", entity_id=case.case_no,
                     detail=f"结案（{OUTCOMES[case.outcome]}）")  # fmt: skip
        session.flush()
        return _record(session, case, today)


# ------------------------------------------------------------------------------------------------ list, warning


def list_cases(
    core: Core,
    actor: Actor,
    station_code: str,
    *,
    status: str | None = None,
    text: str = "",
    overdue_only: bool = False,
    limit: int = 200,
    before_id: int | None = None,
) -> list[CaseRow]:
    """The station's cases newest first (keyset: pass the last row's id as `before_id` for the next page).
    `text` finds a case number, a category, or a party by name, phone or ID number (full or masked as printed);
    `overdue_only` keeps cases with a follow-up due."""
    today = local_date(core.clock())
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        query = (
            select(MediationCase)
            .join(Station, Station.id == MediationCase.station_id)
            .where(Station.code == station_code)
        )
        if status:
            query = query.where(MediationCase.status == status)
        words = " ".join(text.split())
        if words:
            like = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            found = classify(words)  # the walk-in search's reading: phone, ID number, other document, name
            if found.kind == "phone":
                match = Person.phone == found.value
            elif found.kind == "id_number":
                match = Person.id_number == found.value
            elif found.kind == "document":  # another document's number, or a piece of a phone number
                match = or_(Person.id_number == found.value, Person.phone.like(like, escape="\\"))
            elif found.kind == "masked_id":
                match = and_(
                    Person.id_number.startswith(found.value),
                    func.substr(Person.id_number, 15, 4) == found.tail,
                )
            else:
                match = or_(Person.name.like(like, escape="\\"), Person.phone.like(like, escape="\\"))
            named = (
                select(MediationParty.case_id)
                .join(Person, Person.id == MediationParty.person_id)
                .where(match)
            )
            query = query.where(
                or_(
                    MediationCase.case_no.like(like, escape="\\"),
                    MediationCase.category.like(like, escape="\\"),
                    MediationCase.id.in_(named),
                )
            )
        if overdue_only:
            query = query.where(exists().where(*_overdue_clauses(today)))
        if before_id is not None:
            query = query.where(MediationCase.id < before_id)
        cases = list(session.execute(query.order_by(MediationCase.id.desc()).limit(limit)).scalars())
        ids = [c.id for c in cases]
        names: dict[int, dict[str, list[str]]] = {i: {"applicant": [], "respondent": []} for i in ids}
        next_due: dict[int, date] = {}
        if ids:
            for case_ref, role, name in session.execute(
                select(MediationParty.case_id, MediationParty.role, Person.name)
                .join(Person, Person.id == MediationParty.person_id)
                .where(MediationParty.case_id.in_(ids))
                .order_by(MediationParty.id)
            ):
                names[case_ref].setdefault(role, []).append(name)
            for case_ref, due in session.execute(
                select(MediationFollowup.case_id, func.min(MediationFollowup.due_date))
                .where(MediationFollowup.case_id.in_(ids), MediationFollowup.done_at.is_(None))
                .group_by(MediationFollowup.case_id)
            ):
                next_due[case_ref] = due
        return [
            CaseRow(
                case_id=c.id, case_no=c.case_no, created_on=local_date(c.created_at), category=c.category,
                regime=c.regime, regime_name=REGIMES.get(c.regime, c.regime),
                parties=" vs ".join("、".join(names[c.id][r]) for r in ("applicant", "respondent")),
                status=c.status, status_name=status_text(c.status, c.outcome), risk_level=c.risk_level,
                risk_name=RISK_LEVELS.get(c.risk_level, c.risk_level), next_followup=next_due.get(c.id),
                overdue=c.id in next_due and next_due[c.id] < today, version=c.version,
            )
            for c in cases
        ]  # fmt: skip


def overdue_followups(core: Core, actor: Actor, station_code: str) -> int:
    """Follow-ups of the station's cases whose day has passed without a visit recorded."""
    today = local_date(core.clock())
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        query = (
            select(func.count())
            .select_from(MediationFollowup)
            .join(MediationCase, MediationCase.id == MediationFollowup.case_id)
            .join(Station, Station.id == MediationCase.station_id)
            .where(
                Station.code == station_code,
                MediationFollowup.done_at.is_(None),
                MediationFollowup.due_date < today,
            )
        )
        return int(session.execute(query).scalar_one())


def earlier_cases(
    core: Core,
    actor: Actor,
    parties: Sequence[PartyInput],
    *,
    exclude_case_id: int | None = None,
    today: date | None = None,
) -> EarlyWarning:
    """Cases in which the form's parties appear (by ID number, or by name and phone), and per party how many cases
    in the last 12 months (the one being registered counted) with the high-risk flag. Parties still half typed
    (an invalid number or phone) are matched by what is valid."""
    day = today or local_date(core.clock())
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        return _warning(session, parties, exclude_case_id=exclude_case_id, today=day)


# ---------------------------------------------------------------------------------------------------- printing


def render_agreement(
    core: Core, actor: Actor, case_id: int, *, layout: str = "A4", reason: str = ""
) -> PrintedCopy:
    """Print the 调解协议书 of an agreed case (recorded: copy number, SHA-256; a second copy needs a reason)."""
    require_staff(actor)
    if layout not in LAYOUTS:
        raise ValidationError("layout", f"未知的纸张版式：{layout}")
    reason = " ".join(reason.split())[:200]
    ensure_savable("reprint_reason", reason)
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        case = session.get(MediationCase, case_id, with_for_update=True)
        if case is None:
            raise NotFound("该调解案件不存在或已被删除")
        if outcome_of(case.status, case.outcome) != "agreed" or not case.agreement_terms:
            raise ValidationError("status", "只有达成协议的案件才能打印调解协议书")
        copy_no = next_number(session, f"copy:m:{case.case_no}", "")
        if copy_no > 1 and not reason:
            raise ValidationError("reprint_reason", "该调解协议书已打印过，补打须填写原因")
        data = _agreement_data(session, case, copy_no, reason, local_date(now))
        pdf = render_agreement_pdf(data, layout)
        digest = hashlib.sha256(pdf).hexdigest()
        session.add(
            PrintedDocument(
                station_id=case.station_id, number=case.case_no, kind="mediation_agreement", subject_id=case.id,
                template_version=TEMPLATE_VERSION, layout=layout, sha256=digest, printed_at=now,
                printed_by=actor.user_id, printed_by_name=actor.username, copy_no=copy_no, reprint_reason=reason,
            )
        )  # fmt: skip
        action = "mediation.reprint" if copy_no > 1 else "mediation.print"
        audit.record(session, core, actor, action, entity="mediation_case", entity_id=case.case_no,
                     detail=f"调解协议书第{copy_no}份（{len(data.copy_labels)}联），sha256={digest}")  # fmt: skip
        return PrintedCopy(
            case.case_no, "mediation_agreement", copy_no, layout, TEMPLATE_VERSION, digest, pdf, False, True
        )


def copy_labels(regime: str, parties: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """One agreement per party ("申请人张三执") and one for the file: 人民调解 one per party + the committee's;
    治安调解 3 copies for two parties (one each + the police's file), one more per further party."""
    file_copy = "调解委员会存档" if regime == "people" else "公安机关存档"
    return (*(f"{ROLES.get(role, role)}{name}执" for role, name in parties), file_copy)


def _agreement_data(
    session: Session, case: MediationCase, copy_no: int, reason: str, today: date
) -> AgreementData:
    station = session.get_one(Station, case.station_id)
    rows = _party_rows(session, case.id)
    parties = tuple(
        AgreementParty(
            role=ROLES.get(party.role, party.role),
            name=person.name,
            gender=GENDER_NAMES.get(person.gender or "", ""),
            birth=f"{person.birth_date.year}年{person.birth_date.month}月" if person.birth_date else "",
            id_masked=mask_id_number(person.id_number) if person.id_number else "",
            address=person.address,
            phone_masked=mask_phone(person.phone) if person.phone else "",
        )
        for party, person in rows
    )
    organisation = (
        f"{station.name}人民调解委员会" if case.regime == "people" else station.police_station or station.name
    )
    return AgreementData(
        regime=case.regime,
        case_no=case.case_no,
        district=station.district,
        station_line=" ".join(p for p in (station.police_station, station.name) if p),
        enquiry_phone=station.phone,
        organisation=organisation,
        parties=parties,
        facts=case.summary,
        dispute_points=case.dispute_points,
        responsibility=case.responsibility,
        terms=case.agreement_terms,
        performance_method=case.performance_method,
        performance_deadline=case.performance_deadline,
        mediators=case.mediators or _last_mediators(session, case.id),
        agreed_on=case.agreed_on or local_date(case.updated_at),
        copy_labels=copy_labels(case.regime, [(party.role, person.name) for party, person in rows]),
        copy_no=copy_no,
        reprint_reason=reason,
    )


# ----------------------------------------------------------------------------------------------------- helpers


def _raise_first(found: dict[str, str]) -> None:
    if found:
        key, message = next(iter(found.items()))
        raise ValidationError(key, message)


def _cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _utc_start(day: date) -> datetime:
    """The first moment of a local (Asia/Shanghai) day, in UTC."""
    return datetime.combine(day, time(), LOCAL_TZ).astimezone(UTC)


@contextmanager
def _change(
    core: Core, actor: Actor, case_id: int, version: int, today: date
) -> Iterator[tuple[Session, MediationCase]]:
    """One change of the aggregate: the case locked and checked (exists, not stale, not closed). Autoflush is off
    so that the case row is written once, at the end (by the audit event's flush): one change, one version."""
    with core.db.write() as session:
        authorize(session, actor, Permission.INTAKE)
        case = _editable(session, case_id, version, today)
        with session.no_autoflush:
            yield session, case


def _editable(session: Session, case_id: int, version: int, today: date) -> MediationCase:
    case = session.get(MediationCase, case_id, with_for_update=True)
    if case is None:
        raise NotFound("该调解案件不存在或已被删除")
    if case.version != version:
        raise StaleCase(_record(session, case, today))
    if case.status == "closed":
        raise ValidationError("status", CLOSED_MESSAGE)
    return case


def _touch(case: MediationCase, actor: Actor, now: datetime) -> None:
    """Every change of the aggregate writes the case row, so its version moves even when only a child changed."""
    case.updated_at = now
    case.updated_by = actor.user_id
    flag_modified(case, "updated_at")


def _fill(case: MediationCase, form: CaseInput, actor: Actor, now: datetime) -> None:
    catalog = default_catalog()
    case.regime = form.regime
    case.source = choice_name(catalog.mediation_sources, form.source) or form.source
    case.category = choice_name(catalog.mediation_categories, form.category) or form.category
    case.occurred_at = form.occurred_at
    case.location = clean(form.location)
    case.summary = clean(form.summary)
    case.dispute_points = clean(form.dispute_points)
    case.risk_level = form.risk_level
    case.exclusions_checked = form.regime != "people" and form.exclusions_checked
    case.updated_at = now
    case.updated_by = actor.user_id


def _resolve_parties(
    session: Session, parties: Sequence[PartyInput], today: date, now: datetime
) -> list[Person]:
    people: list[Person] = []
    for i, party in enumerate(parties):
        person = _resolve_party(session, party, f"parties.{i}", today, now)
        for j, earlier in enumerate(people):
            if earlier.id == person.id:
                raise ValidationError(f"parties.{i}.name", f"与第{j + 1}位当事人是同一人，不能重复列入")
        people.append(person)
    return people


def _resolve_party(session: Session, party: PartyInput, prefix: str, today: date, now: datetime) -> Person:
    """By ID number when given; else the recorded person of an edit; else by name and phone among people
    recorded without a number; else a new person."""
    form = PersonInput(
        name=party.name, id_number=party.id_number, document_type=party.document_type, phone=party.phone,
        address=party.address,
    )  # fmt: skip
    if party.id_number.strip():
        row = resolve_person(session, form, prefix, today, now)
    else:
        checked = check_person(form, prefix, today=today, keep_number=True).person
        found: Person | None = None
        if party.person_id is not None:
            found = session.get(Person, party.person_id)
            if found is None:
                raise NotFound("所选当事人已不存在，请重新填写")
        elif checked.phone:
            found = session.execute(
                select(Person)
                .where(Person.id_number.is_(None), Person.name == checked.name, Person.phone == checked.phone)
                .order_by(Person.id)
                .limit(1)
            ).scalar()
        if found is None:
            found = Person(
                document_type=party.document_type or RESIDENT_ID, id_number=None, name=checked.name,
                phone=checked.phone, address=checked.address, created_at=now, updated_at=now,
            )  # fmt: skip
            session.add(found)
            session.flush()
        else:
            update_details(found, checked, now)
        row = found
    if row.gender is None and party.gender in ("male", "female"):
        row.gender = party.gender  # only when no ID number tells it
    return row


def _write_parties(
    session: Session, case: MediationCase, parties: Sequence[PartyInput], people: Sequence[Person]
) -> None:
    session.add_all(
        MediationParty(case_id=case.id, person_id=person.id, role=party.role)
        for party, person in zip(parties, people, strict=True)
    )


def _stored_inputs(parties: Sequence[PartyInput], people: Sequence[Person]) -> list[PartyInput]:
    """The parties as recorded (normalised number, canonical phone) for the look-up of earlier cases."""
    return [
        replace(party, name=person.name, id_number=person.id_number or "", document_type=person.document_type,
                phone=person.phone, person_id=person.id)
        for party, person in zip(parties, people, strict=True)
    ]  # fmt: skip


def _party_rows(session: Session, case_id: int) -> list[tuple[MediationParty, Person]]:
    rows = session.execute(
        select(MediationParty, Person)
        .join(Person, Person.id == MediationParty.person_id)
        .where(MediationParty.case_id == case_id)
        .order_by(MediationParty.id)
    ).all()
    return [(party, person) for party, person in rows]


def _pending(session: Session, case_id: int) -> list[MediationFollowup]:
    return list(
        session.execute(
            select(MediationFollowup)
            .where(MediationFollowup.case_id == case_id, MediationFollowup.done_at.is_(None))
            .order_by(MediationFollowup.due_date, MediationFollowup.id)
        ).scalars()
    )


def _pending_one(session: Session, case_id: int, followup_id: int | None) -> MediationFollowup | None:
    pending = _pending(session, case_id)
    if followup_id is None:
        return pending[0] if pending else None
    found = next((f for f in pending if f.id == followup_id), None)
    if found is None:
        raise NotFound("该回访不存在或已完成，请刷新后再操作")
    return found


def _last_mediators(session: Session, case_id: int) -> str:
    found = session.execute(
        select(MediationSession.mediators)
        .where(MediationSession.case_id == case_id)
        .order_by(MediationSession.held_at.desc(), MediationSession.id.desc())
        .limit(1)
    ).scalar()
    return found or ""


def _archive_rows(session: Session, case_id: int) -> dict[str, MediationArchiveItem]:
    rows = session.execute(
        select(MediationArchiveItem).where(MediationArchiveItem.case_id == case_id)
    ).scalars()
    return {row.code: row for row in rows}


def _overdue_clauses(today: date) -> tuple[ColumnElement[bool], ...]:
    return (
        MediationFollowup.case_id == MediationCase.id,
        MediationFollowup.done_at.is_(None),
        MediationFollowup.due_date < today,
    )


def _warning(
    session: Session, parties: Sequence[PartyInput], *, exclude_case_id: int | None, today: date
) -> EarlyWarning:
    since = _utc_start(twelve_months_before(today))
    matches: list[EarlierCase] = []
    risks: list[PartyRisk] = []
    for i, party in enumerate(parties):
        name = " ".join(party.name.split())
        people = _matching_people(session, party, name)
        recent: set[int] = set()
        if people:
            query = (
                select(MediationCase, MediationParty.person_id)
                .join(MediationParty, MediationParty.case_id == MediationCase.id)
                .where(MediationParty.person_id.in_(people))
                .order_by(MediationCase.created_at.desc(), MediationCase.id.desc())
            )
            if exclude_case_id is not None:
                query = query.where(MediationCase.id != exclude_case_id)
            seen: dict[int, int] = {}  # case id → index in matches (an ID match wins over name+phone)
            for case, person_id in session.execute(query.limit(EARLIER_LIMIT * 2)).tuples():
                how = people[person_id]
                if case.created_at >= since:
                    recent.add(case.id)
                if case.id in seen:
                    if how != "姓名+电话" and matches[seen[case.id]].matched_by == "姓名+电话":
                        matches[seen[case.id]] = replace(matches[seen[case.id]], matched_by=how)
                    continue
                if len(seen) >= EARLIER_LIMIT:
                    continue
                seen[case.id] = len(matches)
                matches.append(
                    EarlierCase(
                        case_id=case.id, case_no=case.case_no, day=local_date(case.created_at),
                        category=case.category, regime_name=REGIMES.get(case.regime, case.regime),
                        status=case.status, status_text=status_text(case.status, case.outcome),
                        party_index=i, party_name=name, matched_by=how,
                    )
                )  # fmt: skip
        count = len(recent) + 1
        risks.append(PartyRisk(i, name, count, count >= HIGH_RISK_CASES))
    matches.sort(key=lambda m: (m.day, m.case_id), reverse=True)
    return EarlyWarning(tuple(matches), tuple(risks))


def _matching_people(session: Session, party: PartyInput, name: str) -> dict[int, str]:
    """Person ids that are this party, with how they were matched."""
    found: dict[int, str] = {}
    key = party_key(party)
    if key is not None:
        label = "身份证号" if key[0] == RESIDENT_ID else "证件号码"
        for person_id in session.execute(
            select(Person.id).where(Person.document_type == key[0], Person.id_number == key[1])
        ).scalars():
            found[person_id] = label
    phone = ""
    if party.phone.strip():
        try:
            phone = validate_phone(party.phone)
        except ValidationError:
            phone = ""
    if name and phone:
        for person_id in session.execute(
            select(Person.id).where(Person.name == name, Person.phone == phone)
        ).scalars():
            found.setdefault(person_id, "姓名+电话")
    if key is None and party.person_id is not None:  # an edit's recorded party without a number or phone
        found.setdefault(party.person_id, "同一当事人")
    return found


_FIELD_LABELS = {
    "regime": "调解类型",
    "source": "案件来源",
    "category": "纠纷类别",
    "occurred_at": "发生时间",
    "location": "发生地点",
    "summary": "纠纷主要事实",
    "dispute_points": "争议事项",
    "risk_level": "风险等级",
    "parties": "当事人",
}


def _snapshot(session: Session, case: MediationCase) -> dict[str, object]:
    rows = _party_rows(session, case.id)
    return {
        "regime": case.regime,
        "source": case.source,
        "category": case.category,
        "occurred_at": case.occurred_at,
        "location": case.location,
        "summary": case.summary,
        "dispute_points": case.dispute_points,
        "risk_level": case.risk_level,
        "parties": tuple(
            (party.role, person.id, person.name, person.phone, person.address) for party, person in rows
        ),
    }


def _record(session: Session, case: MediationCase, today: date) -> CaseRecord:
    catalog = default_catalog()
    names: dict[int | None, str] = {}

    def staff_name(user_id: int | None) -> str:  # a case's sessions and visits are mostly by the same few
        if user_id not in names:
            names[user_id] = intake_staff_name(session, user_id)
        return names[user_id]

    station = session.get_one(Station, case.station_id)
    rows = _party_rows(session, case.id)
    parties = tuple(
        PartyView(
            party_id=party.id, person_id=person.id, role=party.role, role_name=ROLES.get(party.role, party.role),
            name=person.name, document_type=person.document_type,
            document_type_name=document_type_name(person.document_type),
            id_masked=mask_id_number(person.id_number) if person.id_number else "",
            gender=GENDER_NAMES.get(person.gender or "", ""), birth_date=person.birth_date, phone=person.phone,
            phone_masked=mask_phone(person.phone) if person.phone else "", address=person.address,
        )
        for party, person in rows
    )  # fmt: skip
    sessions = tuple(
        SessionView(s.id, s.held_at, s.mediators, s.participants, s.notes, staff_name(s.recorded_by))
        for s in session.execute(
            select(MediationSession)
            .where(MediationSession.case_id == case.id)
            .order_by(MediationSession.held_at, MediationSession.id)
        ).scalars()
    )
    followups = tuple(
        FollowupView(
            f.id, f.due_date, f.done_at, staff_name(f.done_by), f.visitor, f.reason, f.performance,
            f.result, f.satisfaction, f.escalation, f.done_at is None and f.due_date < today,
        )
        for f in session.execute(
            select(MediationFollowup)
            .where(MediationFollowup.case_id == case.id)
            .order_by(MediationFollowup.due_date, MediationFollowup.id)
        ).scalars()
    )  # fmt: skip
    stored = _archive_rows(session, case.id)
    required = required_archive(case.status, case.outcome)
    archive = tuple(
        ArchiveLine(
            item.code, item.name, item.code in required, item.code in stored and stored[item.code].present,
            stored[item.code].note if item.code in stored else "",
        )
        for item in ARCHIVE_ITEMS
    )  # fmt: skip
    missing = missing_archive(case.status, [a.code for a in archive if a.present], case.outcome)
    copies = session.execute(
        select(func.count()).where(
            PrintedDocument.kind == "mediation_agreement", PrintedDocument.number == case.case_no
        )
    ).scalar_one()
    inputs = [
        PartyInput(role=party.role, name=person.name, id_number=person.id_number or "",
                   document_type=person.document_type, phone=person.phone, person_id=person.id)
        for party, person in rows
    ]  # fmt: skip
    pending = [f.due_date for f in followups if f.done_at is None]
    result = outcome_of(case.status, case.outcome)
    deadline = case.confirmation_deadline
    return CaseRecord(
        case_id=case.id,
        request_id=case.request_id,
        case_no=case.case_no,
        version=case.version,
        station_code=station.code,
        regime=case.regime,
        regime_name=REGIMES.get(case.regime, case.regime),
        source_code=choice_code(catalog.mediation_sources, case.source),
        source=case.source,
        category_code=choice_code(catalog.mediation_categories, case.category),
        category=case.category,
        occurred_at=case.occurred_at,
        location=case.location,
        summary=case.summary,
        dispute_points=case.dispute_points,
        risk_level=case.risk_level,
        risk_name=RISK_LEVELS.get(case.risk_level, case.risk_level),
        exclusions_checked=case.exclusions_checked,
        status=case.status,
        status_name=status_text(case.status, case.outcome),
        outcome=result,
        outcome_name=OUTCOMES.get(result, ""),
        parties=parties,
        sessions=sessions,
        agreement_terms=case.agreement_terms,
        responsibility=case.responsibility,
        performance_method=case.performance_method,
        performance_deadline=case.performance_deadline,
        agreed_on=case.agreed_on,
        mediators=case.mediators,
        referred_to=case.referred_to,
        outcome_note=case.outcome_note,
        confirmation_deadline=deadline,
        confirmation_days_left=(deadline - today).days if deadline is not None else None,
        followups=followups,
        next_followup=min(pending) if pending else None,
        overdue_followups=sum(1 for f in followups if f.overdue),
        archive=archive,
        missing_archive=tuple(item.name for item in missing),
        warning=_warning(session, inputs, exclude_case_id=case.id, today=today),
        created_at=case.created_at,
        created_by_name=staff_name(case.created_by),
        updated_at=case.updated_at,
        updated_by_name=staff_name(case.updated_by or case.created_by),
        closed_at=case.closed_at,
        printed_copies=int(copies),
        edit_refusal=CLOSED_MESSAGE if case.status == "closed" else "",
    )
