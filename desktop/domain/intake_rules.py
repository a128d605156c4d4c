"""What a walk-in intake form must say before it can be saved, checked all at once (pure; the form and the
service run the same checks, so the desk sees every problem by its field and the service trusts nothing).

Field keys are the data-model attributes the form's widgets are named after: `business_code`,
`certificate_kind`, `purpose`, `valid_until`, `applicant.id_number`, `applicant.name`, `applicant.phone`,
`agent.id_number`, `agent.name`, `agent_relation`, `materials`, `post_address`, `notes`.

Which materials count as required follows the case: the proxy's papers (授权委托书, 代办人身份证) once a proxy is
named, the guardian's ID for an applicant under 16.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from desktop.domain.catalog import Business, Catalog, Material
from desktop.domain.documents_id import RESIDENT_ID, document_type_name, validate_document
from desktop.domain.identity import IdNumberInfo, validate_phone
from desktop.domain.text import text_problems
from desktop.errors import ValidationError

ID_CARD_MATERIAL = "id_card"
WITHOUT_ID_CARD_KINDS = frozenset({"temporary_identity"})
WITHOUT_ID_CARD = {"id_card": False, "hukou_book": True}  # material code → required
PROXY_MATERIALS = frozenset({"power_of_attorney", "agent_id_card"})
GUARDIAN_MATERIALS = frozenset({"guardian_id_card"})
GUARDIAN_AGE = 16
MAX_COUNT = 99
MAX_VALIDITY_DAYS = 90  # a 临时身份证明 is for one trip, stay or exam
LIMITS = {
    "name": 50,
    "address": 200,
    "household_address": 200,
    "purpose": 100,
    "notes": 500,
    "post_address": 200,
    "relation": 20,  # 父亲, 母亲, 朋友, 单位同事…: the column holds 30
}
PICKUP_METHODS = ("self", "post")


@dataclass(frozen=True)
class PersonInput:
    """A person as typed; `id_number` empty on an edit means "the person already recorded"."""

    name: str = ""
    id_number: str = ""
    document_type: str = RESIDENT_ID
    phone: str = ""
    address: str = ""
    household_address: str = ""


@dataclass(frozen=True)
class MaterialInput:
    code: str
    name: str
    form: str  # original | copy
    count: int
    received: bool
    required: bool = True


@dataclass(frozen=True)
class IntakeInput:
    business_code: str
    applicant: PersonInput
    materials: tuple[MaterialInput, ...] = ()
    agent: PersonInput | None = None
    agent_relation: str = ""
    certificate_kind: str = ""
    purpose: str = ""
    valid_until: date | None = None
    pickup_method: str = "self"
    post_address: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CheckedPerson:
    """A person after the checks: the number normalised (15 → 18 digits) and what it encodes."""

    person: PersonInput
    info: IdNumberInfo | None


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def materials_for(
    business: Business,
    *,
    has_agent: bool,
    minor: bool,
    document_type: str = RESIDENT_ID,
    certificate_kind: str = "",
) -> tuple[MaterialInput, ...]:
    """The checklist a business starts with, nothing ticked yet; required as this case needs.

    An applicant without a mainland ID card hands over the document they were recorded with: the checklist's
    居民身份证 (code `id_card`) is named after that document instead. A 临时身份证明 is for someone without their
    card at hand: the 户口簿 takes the card's place.
    """
    swap = WITHOUT_ID_CARD if certificate_kind in WITHOUT_ID_CARD_KINDS else {}
    return tuple(
        _as_input(m, has_agent=has_agent, minor=minor, document_type=document_type, swap=swap)
        for m in business.materials
    )


def _as_input(
    material: Material, *, has_agent: bool, minor: bool, document_type: str, swap: dict[str, bool]
) -> MaterialInput:
    required = swap.get(material.code, material.required) or (
        (has_agent and material.code in PROXY_MATERIALS) or (minor and material.code in GUARDIAN_MATERIALS)
    )
    name = material.name
    if material.code == ID_CARD_MATERIAL and document_type != RESIDENT_ID:
        name = document_type_name(document_type)
    return MaterialInput(material.code, name, material.form, material.count, False, required)


class StoredMaterial(Protocol):
    code: str
    name: str
    form: str
    count: int
    received: bool


def overlay(
    checklist: Iterable[MaterialInput], stored: Iterable[StoredMaterial]
) -> tuple[MaterialInput, ...]:
    """A saved record's material rows laid over the checklist: what was recorded for each (name, form, count,
    received), the checklist's required flag; an optional material never handed over stays unticked."""
    rows = {m.code: m for m in stored}
    return tuple(
        replace(
            m,
            name=rows[m.code].name,
            form=rows[m.code].form,
            count=rows[m.code].count,
            received=rows[m.code].received,
        )
        if m.code in rows
        else m
        for m in checklist
    )


def check_person(person: PersonInput, prefix: str, *, today: date, keep_number: bool) -> CheckedPerson:
    """Raise the first problem of one person (ValidationError with field `<prefix>.<attribute>`)."""
    if unsavable := text_problems(person, f"{prefix}."):
        raise unsavable[0]
    info = None
    number = person.id_number
    if not (keep_number and not number.strip()):
        try:
            number, info = validate_document(person.document_type, number, today=today)
        except ValidationError as error:
            raise ValidationError(f"{prefix}.{error.field}", error.message) from None
    name = " ".join(person.name.split())
    if not name:
        raise ValidationError(f"{prefix}.name", "请填写姓名")
    if len(name) > LIMITS["name"]:
        raise ValidationError(f"{prefix}.name", f"姓名不能超过{LIMITS['name']}个字")
    phone = person.phone.strip()
    if phone:
        try:
            phone = validate_phone(phone)
        except ValidationError as error:
            raise ValidationError(f"{prefix}.phone", error.message) from None
    for field in ("address", "household_address"):
        if len(getattr(person, field).strip()) > LIMITS[field]:
            raise ValidationError(f"{prefix}.{field}", f"地址不能超过{LIMITS[field]}个字")
    cleaned = replace(
        person,
        name=name,
        id_number=number,
        phone=phone,
        address=person.address.strip(),
        household_address=person.household_address.strip(),
    )
    return CheckedPerson(cleaned, info)


def problems(
    form: IntakeInput,
    catalog: Catalog,
    *,
    today: date,
    editing: bool = False,
    applicant_minor: bool | None = None,
) -> list[ValidationError]:
    """Every problem of the form, one per field; empty when it may be saved.

    `editing`: an empty ID number (applicant or proxy) keeps the recorded person. `applicant_minor`: whether the recorded
    applicant is under 16 (needed on an edit, where the number is not typed again).
    """
    if unsavable := text_problems(form):
        return unsavable
    found: list[ValidationError] = []
    business = _business(form, catalog, found)
    applicant = _person(form.applicant, "applicant", today, editing, found)
    agent = _person(form.agent, "agent", today, editing, found) if form.agent is not None else None
    if form.agent is not None and (relation := relation_problem(form.agent_relation, "代办人")) is not None:
        found.append(ValidationError("agent_relation", relation))
    phones = [p.person.phone for p in (applicant, agent) if p is not None]
    if not any(phones) and not _has(found, "applicant.phone") and not _has(found, "agent.phone"):
        found.append(ValidationError("applicant.phone", "请填写联系电话（申请人或代办人至少一个）"))
    if (
        applicant
        and agent
        and applicant.person.id_number
        and applicant.person.id_number == agent.person.id_number
    ):
        found.append(ValidationError("agent.id_number", "代办人不能是申请人本人"))
    if business is not None:
        minor = applicant_minor
        if applicant is not None and applicant.info is not None:
            minor = age_on(applicant.info.birth_date, today) < GUARDIAN_AGE
        found.extend(_material_problems(form, business, has_agent=form.agent is not None, minor=bool(minor)))
    late = validity_problem(form.valid_until, today) if form.business_code == "certificate" else None
    if late is not None and not _has(found, "valid_until"):
        found.append(late)
    if form.pickup_method not in PICKUP_METHODS:
        found.append(ValidationError("pickup_method", "请选择领取方式"))
    elif form.pickup_method == "post" and not form.post_address.strip():
        found.append(ValidationError("post_address", "邮寄送达须填写邮寄地址"))
    for field in ("post_address", "notes"):
        if len(getattr(form, field).strip()) > LIMITS[field]:
            found.append(ValidationError(field, f"不能超过{LIMITS[field]}个字"))
    return found


def relation_problem(relation: str, who: str) -> str | None:
    """What is wrong with the relation of a proxy or guardian to the applicant (None when it may be saved)."""
    if not relation.strip():
        return f"请填写{who}与申请人的关系" + ("（如父亲、母亲）" if who == "监护人" else "")
    if len(relation.strip()) > LIMITS["relation"]:
        return f"{who}与申请人的关系不能超过{LIMITS['relation']}个字"
    return None


def _has(found: list[ValidationError], field: str) -> bool:
    return any(error.field == field for error in found)


def _person(
    person: PersonInput | None, prefix: str, today: date, keep: bool, found: list[ValidationError]
) -> CheckedPerson | None:
    if person is None:
        return None
    try:
        return check_person(person, prefix, today=today, keep_number=keep)
    except ValidationError as error:
        found.append(error)
        return None


def _business(form: IntakeInput, catalog: Catalog, found: list[ValidationError]) -> Business | None:
    if not form.business_code:
        found.append(ValidationError("business_code", "请选择业务类型"))
        return None
    try:
        business = catalog.walkin(form.business_code)
    except ValidationError as error:
        found.append(error)
        return None
    if business.code == "certificate":
        found.extend(_certificate_problems(form, catalog))
    return business


def _certificate_problems(form: IntakeInput, catalog: Catalog) -> list[ValidationError]:
    if not form.certificate_kind:
        return [ValidationError("certificate_kind", "请选择证明种类（派出所只能开具清单内的9种证明）")]
    try:
        kind = catalog.certificate_kind(form.certificate_kind)
    except ValidationError as error:
        return [error]
    found = []
    if kind.needs_purpose and not form.purpose.strip():
        found.append(ValidationError("purpose", f"{kind.name}须填写用途（如乘机、住宿、考试）"))
    if len(form.purpose.strip()) > LIMITS["purpose"]:
        found.append(ValidationError("purpose", f"用途不能超过{LIMITS['purpose']}个字"))
    if kind.needs_validity and form.valid_until is None:
        found.append(ValidationError("valid_until", f"{kind.name}须填写有效期"))
    return found


def validity_problem(valid_until: date | None, today: date) -> ValidationError | None:
    """A 临时身份证明's end date must lie ahead, within MAX_VALIDITY_DAYS."""
    if valid_until is None:
        return None
    if valid_until < today:
        return ValidationError("valid_until", "有效期不能早于今天")
    if (valid_until - today).days > MAX_VALIDITY_DAYS:
        return ValidationError("valid_until", f"有效期最长{MAX_VALIDITY_DAYS}天")
    return None


def _material_problems(
    form: IntakeInput, business: Business, *, has_agent: bool, minor: bool
) -> list[ValidationError]:
    catalog_codes = {m.code: m for m in business.materials}
    given = {m.code: m for m in form.materials}
    unknown = [m.name or m.code for m in form.materials if m.code not in catalog_codes]
    if unknown:
        return [ValidationError("materials", f"材料不属于该业务：{'、'.join(unknown)}")]
    for material in form.materials:
        if not 1 <= material.count <= MAX_COUNT:
            return [ValidationError("materials", f"{material.name}的份数应为1至{MAX_COUNT}")]
        if material.form not in ("original", "copy"):
            return [ValidationError("materials", f"{material.name}应选择原件或复印件")]
    expected = materials_for(
        business, has_agent=has_agent, minor=minor, certificate_kind=form.certificate_kind
    )
    absent = [m.name for m in expected if m.required and m.code not in given]
    if absent:
        return [ValidationError("materials", f"材料清单缺少必交材料：{'、'.join(absent)}")]
    return []
