"""What a mediation case (矛盾纠纷调解) must say before it can be saved, and the rules of its life (pure, no DB).

Two regimes are kept apart: 人民调解 (`people`, by the mediation committee) and 治安调解 (`public_security`, by the
police; `on_site` is its on-the-spot form). Before a case is registered as 治安调解 the desk asks about the kinds
of case the 2007 rules exclude (`EXCLUDED_KINDS`): one that applies blocks the regime — the dispute goes to
人民调解 or is handled as a public-order case.

A case needs two or more parties, at least one 申请人 and one 被申请人 (an officer's own initiative still names
the side that asks and the side asked, as the agreement's 甲方/乙方 do); an ID number is optional but checked
when given, and the same person cannot be listed twice.

Life of a case: open (调解中) → agreed (已达成协议) | failed (调解不成) | referred (已移交) → closed (已结案). A closed
case keeps its outcome (`agreed`, `failed`, `referred`) apart from its status.

The archive (卷宗) has 13 items (DOMAIN.md), required (✔) or as needed (○). 调解协议书 is required only for an
agreed case: a failed or referred case has no agreement, so its file is complete without one.

Follow-up (回访) of an agreement is due `FOLLOWUP_WORKDAYS` working days after the performance deadline: the
parties get the last day in full and the visit is not booked on a holiday. For 人民调解 the parties may jointly
apply for 司法确认 within 30 days of the agreement (`confirmation_deadline`).

Field keys of `problems()` are what the form's widgets are named after: `regime`, `source`, `category`,
`occurred_at`, `location`, `summary`, `dispute_points`, `risk_level`, `exclusions`, `parties`, and per party
`parties.<i>.role|name|id_number|phone|address|gender`, where <i> is the party's 0-based position in
`CaseInput.parties`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desktop.clock import local_date
from desktop.domain.catalog import Catalog, Choice, default_catalog
from desktop.domain.documents_id import RESIDENT_ID, validate_document
from desktop.domain.identity import validate_phone
from desktop.domain.text import text_problems
from desktop.domain.workdays import WorkCalendar, default_calendar
from desktop.errors import ValidationError

REGIMES = {"people": "人民调解", "public_security": "治安调解", "on_site": "现场治安调解"}
POLICE_REGIMES = frozenset({"public_security", "on_site"})
ROLES = {"applicant": "申请人", "respondent": "被申请人", "other": "其他当事人"}
RISK_LEVELS = {"low": "低", "medium": "中", "high": "高"}
STATUS_NAMES = {
    "open": "调解中",
    "agreed": "已达成协议",
    "failed": "调解不成",
    "referred": "已移交",
    "closed": "已结案",
}
OUTCOMES = {"agreed": "达成协议", "failed": "调解不成", "referred": "已移交"}
SATISFACTION = ("满意", "基本满意", "不满意")
GENDERS = ("", "male", "female")
EXCLUDED_KINDS = {  # 公安机关治安调解工作规范: cases that may not be settled by 治安调解
    "hired_violence": "雇凶伤害他人",
    "group_fight": "结伙斗殴或聚众斗殴",
    "provocation": "寻衅滋事",
    "repeat_offence": "多次违法或屡教不改",
}
HIGH_RISK_CASES = 3  # a party with this many cases in 12 months (the new one counted) is a high risk
FOLLOWUP_WORKDAYS = 3
CONFIRMATION_DAYS = 30  # 人民调解法 art. 33: joint application for 司法确认 within 30 days
MIN_PARTIES = 2
MAX_PARTIES = 20
LIMITS = {
    "name": 50,
    "address": 200,
    "location": 200,
    "summary": 2000,
    "dispute_points": 1000,
    "terms": 2000,
    "responsibility": 1000,
    "performance_method": 500,
    "referred_to": 200,
    "note": 1000,
    "mediators": 200,
    "participants": 200,
    "notes": 2000,
    "visitor": 60,
    "followup_text": 1000,
    "archive_note": 200,
}

ALWAYS = "always"
IF_AGREED = "if_agreed"
IF_MEDIATED = "if_mediated"  # a case referred elsewhere may have had no session of its own
AS_NEEDED = "as_needed"


@dataclass(frozen=True)
class ArchiveItem:
    code: str
    name: str
    required: (
        str  # always (✔) | if_agreed (✔ for an agreed case) | if_mediated (✔ unless referred) | as_needed (○)
    )


ARCHIVE_ITEMS: tuple[ArchiveItem, ...] = (
    ArchiveItem("application", "申请书或受理登记表", ALWAYS),
    ArchiveItem("rights_notice", "权利义务告知书", ALWAYS),
    ArchiveItem("identity", "当事人身份证明", ALWAYS),
    ArchiveItem("power_of_attorney", "授权委托书", AS_NEEDED),
    ArchiveItem("investigation", "调查记录", AS_NEEDED),
    ArchiveItem("evidence", "证据材料", AS_NEEDED),
    ArchiveItem("mediation_record", "调解记录", IF_MEDIATED),
    ArchiveItem("agreement", "调解协议书", IF_AGREED),
    ArchiveItem("performance_proof", "履行凭证", AS_NEEDED),
    ArchiveItem("followup_record", "回访记录", AS_NEEDED),
    ArchiveItem("judicial_confirmation", "司法确认材料", AS_NEEDED),
    ArchiveItem("case_note", "卷宗情况说明", AS_NEEDED),
    ArchiveItem("back_cover", "封底", ALWAYS),
)
ARCHIVE_NAMES = {item.code: item.name for item in ARCHIVE_ITEMS}


@dataclass(frozen=True)
class PartyInput:
    """One party as typed. On an edit `person_id` names the recorded person and a blank `id_number` keeps them
    (the form shows their number masked); `gender` is used only when no ID number tells it."""

    role: str
    name: str
    id_number: str = ""
    document_type: str = RESIDENT_ID
    phone: str = ""
    address: str = ""
    gender: str = ""  # male | female | ""
    person_id: int | None = None


@dataclass(frozen=True)
class CaseInput:
    """The register (登记) of a case. `source` and `category` are catalog codes (the case stores their names).
    For 治安调解 `exclusions` holds the excluded kinds that apply (must be empty) and `exclusions_checked` says
    the desk asked about each of them."""

    regime: str
    source: str
    category: str
    summary: str
    parties: tuple[PartyInput, ...]
    occurred_at: datetime | None = None  # aware
    location: str = ""
    dispute_points: str = ""
    risk_level: str = "low"
    exclusions: frozenset[str] = field(default_factory=frozenset)
    exclusions_checked: bool = False


@dataclass(frozen=True)
class SessionInput:
    held_at: datetime  # aware
    mediators: str  # names, 、-separated
    participants: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OutcomeInput:
    """agreed: the agreement (terms, responsibility, how/where and by when performed); failed: why (`note`);
    referred: to whom (`referred_to`). `agreed_on` defaults to today."""

    result: str  # agreed | failed | referred
    agreed_on: date | None = None
    terms: str = ""
    responsibility: str = ""
    performance_method: str = ""
    performance_deadline: date | None = None
    mediators: str = ""  # who signs the agreement; blank: the mediators of the last session
    referred_to: str = ""
    note: str = ""


@dataclass(frozen=True)
class FollowupInput:
    """A follow-up visit (回访): when, by whom, why, how the agreement is performed, what was found, how satisfied
    the parties are, and signs of escalation ("" = none; any text raises the case's risk to high)."""

    result: str
    satisfaction: str
    visited_at: datetime | None = None  # aware; None = now
    visitor: str = ""  # blank: the member of staff recording it
    reason: str = "协议履行情况回访"
    performance: str = ""
    escalation: str = ""


@dataclass(frozen=True)
class ArchiveInput:
    code: str
    present: bool
    note: str = ""


def choice_name(choices: Iterable[Choice], code: str) -> str | None:
    return next((c.name for c in choices if c.code == code), None)


def choice_code(choices: Iterable[Choice], name: str) -> str:
    """The catalog code of a stored name ("" when the catalog no longer has it)."""
    return next((c.code for c in choices if c.name == name), "")


def clean(text: str) -> str:
    """Trim and collapse runs of blanks inside one line; line breaks of longer texts are kept."""
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()


def problems(form: CaseInput, *, today: date | None = None, catalog: Catalog | None = None) -> dict[str, str]:
    """Every problem of the register, one message per field; empty when it may be saved."""
    catalog = catalog or default_catalog()
    if unsavable := text_problems(form):
        return {e.field: e.message for e in unsavable}
    found: dict[str, str] = {}
    if form.regime not in REGIMES:
        found["regime"] = "请选择调解类型（人民调解、治安调解或现场治安调解）"
    if not form.source:
        found["source"] = "请选择案件来源"
    elif choice_name(catalog.mediation_sources, form.source) is None:
        found["source"] = f"未知的案件来源：{form.source}"
    if not form.category:
        found["category"] = "请选择纠纷类别"
    elif choice_name(catalog.mediation_categories, form.category) is None:
        found["category"] = f"未知的纠纷类别：{form.category}"
    if not clean(form.summary):
        found["summary"] = "请填写纠纷主要事实"
    for key in ("summary", "dispute_points", "location"):
        if len(clean(getattr(form, key))) > LIMITS[key]:
            found[key] = f"不能超过{LIMITS[key]}个字"
    if form.risk_level not in RISK_LEVELS:
        found["risk_level"] = "请选择风险等级"
    if form.occurred_at is not None and today is not None and local_date(form.occurred_at) > today:
        found["occurred_at"] = "发生时间不能晚于今天"
    if form.regime in POLICE_REGIMES:
        exclusion = _exclusion_problem(form)
        if exclusion:
            found["exclusions"] = exclusion
    found.update(_party_problems(form.parties, today))
    return found


def _exclusion_problem(form: CaseInput) -> str | None:
    unknown = sorted(form.exclusions - EXCLUDED_KINDS.keys())
    if unknown:
        return f"未知的排除情形：{'、'.join(unknown)}"
    if form.exclusions:
        names = "、".join(name for code, name in EXCLUDED_KINDS.items() if code in form.exclusions)
        return f"涉及{names}的，不适用{REGIMES[form.regime]}，应依法作为治安案件查处（请报告民警）"
    if not form.exclusions_checked:
        return "治安调解须逐项询问并确认不属于雇凶伤害、结伙斗殴、寻衅滋事、多次违法等不适用情形"
    return None


def _party_problems(parties: tuple[PartyInput, ...], today: date | None) -> dict[str, str]:
    found: dict[str, str] = {}
    if len(parties) < MIN_PARTIES:
        found["parties"] = "至少须有两方当事人"
    elif len(parties) > MAX_PARTIES:
        found["parties"] = f"当事人最多{MAX_PARTIES}人"
    roles = {p.role for p in parties}
    # a party without a valid role is said at its own role field; the whole-list rule only once every role is chosen
    all_chosen = roles <= ROLES.keys()
    if "parties" not in found and all_chosen and not {"applicant", "respondent"} <= roles:
        found["parties"] = "须至少有一名申请人和一名被申请人"
    seen: dict[tuple[str, ...], int] = {}
    for i, party in enumerate(parties):
        prefix = f"parties.{i}"
        if party.role not in ROLES:
            found[f"{prefix}.role"] = "请选择当事人身份（申请人、被申请人或其他当事人）"
        name = " ".join(party.name.split())
        if not name:
            found[f"{prefix}.name"] = "请填写当事人姓名"
        elif len(name) > LIMITS["name"]:
            found[f"{prefix}.name"] = f"姓名不能超过{LIMITS['name']}个字"
        number = ""
        if party.id_number.strip():
            try:
                number, _ = validate_document(party.document_type, party.id_number, today=today)
            except ValidationError as error:
                found[f"{prefix}.id_number"] = error.message
        phone = ""
        if party.phone.strip():
            try:
                phone = validate_phone(party.phone)
            except ValidationError as error:
                found[f"{prefix}.phone"] = error.message
        if len(party.address.strip()) > LIMITS["address"]:
            found[f"{prefix}.address"] = f"地址不能超过{LIMITS['address']}个字"
        if party.gender not in GENDERS:
            found[f"{prefix}.gender"] = "请选择性别"
        keys: list[tuple[str, ...]] = []
        if number:
            keys.append(("id", party.document_type, number))
        elif party.person_id is not None:
            keys.append(("person", str(party.person_id)))
        if name and phone and not number:
            keys.append(("name_phone", name, phone))
        for key in keys:
            if key in seen:
                field_name = "id_number" if key[0] == "id" else "name"
                found.setdefault(
                    f"{prefix}.{field_name}", f"与第{seen[key] + 1}位当事人是同一人，不能重复列入"
                )
            else:
                seen[key] = i
    return found


def party_key(party: PartyInput) -> tuple[str, str] | None:
    """The normalised (document type, number) of a party, or None without a valid number."""
    if not party.id_number.strip():
        return None
    try:
        number, _ = validate_document(party.document_type, party.id_number)
    except ValidationError:
        return None
    return party.document_type, number


def session_problems(form: SessionInput, *, now: datetime | None = None) -> dict[str, str]:
    if unsavable := text_problems(form):
        return {e.field: e.message for e in unsavable}
    found: dict[str, str] = {}
    if form.held_at.tzinfo is None:
        raise ValueError("naive datetime given as a session time")
    if now is not None and form.held_at > now + timedelta(minutes=5):
        found["held_at"] = "调解时间不能晚于现在"
    if not clean(form.mediators):
        found["mediators"] = "请填写调解员（调解民警）姓名"
    for key in ("mediators", "participants", "notes"):
        if len(clean(getattr(form, key))) > LIMITS[key]:
            found[key] = f"不能超过{LIMITS[key]}个字"
    return found


def outcome_problems(
    outcome: OutcomeInput, *, today: date | None = None, opened_on: date | None = None
) -> dict[str, str]:
    """agreed: terms and a performance deadline not before the agreement day; referred: to whom."""
    if unsavable := text_problems(outcome):
        return {e.field: e.message for e in unsavable}
    found: dict[str, str] = {}
    if outcome.result not in OUTCOMES:
        return {"result": "请选择调解结果（达成协议、调解不成或移交）"}
    if outcome.result == "agreed":
        agreed_on = outcome.agreed_on or today
        if not clean(outcome.terms):
            found["terms"] = "达成协议须填写协议内容"
        if outcome.performance_deadline is None:
            found["performance_deadline"] = "请填写履行期限"
        elif agreed_on is not None and outcome.performance_deadline < agreed_on:
            found["performance_deadline"] = "履行期限不能早于协议达成之日"
        if agreed_on is not None and today is not None and agreed_on > today:
            found["agreed_on"] = "协议日期不能晚于今天"
        elif agreed_on is not None and opened_on is not None and agreed_on < opened_on:
            found["agreed_on"] = "协议日期不能早于案件登记之日"
    if outcome.result == "referred" and not clean(outcome.referred_to):
        found["referred_to"] = "请填写移交的单位或部门"
    if outcome.result == "failed" and not clean(outcome.note):
        found["note"] = "请填写调解不成的原因及告知当事人的救济途径"
    for key in ("terms", "responsibility", "performance_method", "referred_to", "note", "mediators"):
        if len(clean(getattr(outcome, key))) > LIMITS[key]:
            found.setdefault(key, f"不能超过{LIMITS[key]}个字")
    return found


def followup_problems(form: FollowupInput, *, now: datetime | None = None) -> dict[str, str]:
    if unsavable := text_problems(form):
        return {e.field: e.message for e in unsavable}
    found: dict[str, str] = {}
    if not clean(form.result):
        found["result"] = "请填写回访情况"
    if form.satisfaction not in SATISFACTION:
        found["satisfaction"] = "请选择当事人满意度（满意、基本满意或不满意）"
    if form.visited_at is not None and now is not None and form.visited_at > now + timedelta(minutes=5):
        found["visited_at"] = "回访时间不能晚于现在"
    if len(clean(form.visitor)) > LIMITS["visitor"]:
        found["visitor"] = f"不能超过{LIMITS['visitor']}个字"
    for key in ("result", "reason", "performance", "escalation"):
        if len(clean(getattr(form, key))) > LIMITS["followup_text"]:
            found[key] = f"不能超过{LIMITS['followup_text']}个字"
    return found


def followup_due(deadline: date, calendar: WorkCalendar | None = None) -> date:
    """The follow-up of an agreement: FOLLOWUP_WORKDAYS working days after its performance deadline."""
    return (calendar or default_calendar()).add_workdays(deadline, FOLLOWUP_WORKDAYS).date


def confirmation_deadline(agreed_on: date) -> date:
    """The last day the parties of a 人民调解 agreement may jointly apply for 司法确认."""
    return agreed_on + timedelta(days=CONFIRMATION_DAYS)


def twelve_months_before(day: date) -> date:
    """The first day of the 12-month window that ends on `day` (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:
        return date(day.year - 1, 2, 28) + timedelta(days=1)


def outcome_of(status: str, outcome: str) -> str:
    """The result of a case: a closed case keeps the outcome it was closed with; "" while still open."""
    return outcome if status == "closed" else (status if status in OUTCOMES else "")


def status_text(status: str, outcome: str) -> str:
    """The status name; a closed case adds its outcome: 已结案（达成协议）."""
    name = STATUS_NAMES.get(status, status)
    if status == "closed" and outcome in OUTCOMES:
        return f"{name}（{OUTCOMES[outcome]}）"
    return name


def required_archive(status: str, outcome: str = "") -> frozenset[str]:
    """Codes of the archive items a case of this status needs; for a closed case pass its `outcome` (a closed
    case is agreed or not by the outcome it was closed with). 调解协议书 only when agreed."""
    result = outcome_of(status, outcome)
    return frozenset(
        item.code
        for item in ARCHIVE_ITEMS
        if item.required == ALWAYS
        or (item.required == IF_AGREED and result == "agreed")
        or (item.required == IF_MEDIATED and result != "referred")
    )


def missing_archive(status: str, present: Iterable[str], outcome: str = "") -> tuple[ArchiveItem, ...]:
    """The required items not in `present`, in checklist order."""
    needed = required_archive(status, outcome)
    have = set(present)
    return tuple(item for item in ARCHIVE_ITEMS if item.code in needed and item.code not in have)
