"""What an exit-entry application (出入境) must say before it can be saved, and what it costs (pure).

The fee comes from the catalog's fee table (resources/catalog/exit_entry.toml, with its 文号 and effective date),
itemised: the document fee for 首次/换发/补发, 护照加注 per item, and each endorsement of a permit by its tier.
A first HK/Macau permit with a single-trip G endorsement and a one-year multiple T endorsement is
60 + 15 + 80 = 155 元. Field keys follow the form's widgets (`exit_entry.<field>`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.catalog import Catalog, ExitEntryCatalog
from desktop.domain.intake_rules import (
    GUARDIAN_AGE,
    LIMITS,
    PICKUP_METHODS,
    MaterialInput,
    PersonInput,
    age_on,
    check_person,
    relation_problem,
)
from desktop.domain.text import text_problems
from desktop.errors import ValidationError

NEW_DOCUMENT = frozenset({"first", "renewal", "reissue"})  # a new document is made: a photo is needed
PERMITS = frozenset({"hk_macau", "taiwan"})
MAX_ENDORSEMENTS = 6
MAX_AMEND_ITEMS = 10
MAX_PHOTO_RECEIPT = 40  # the column's width; receipt numbers of the photo points are far shorter
OLD_DOCUMENT = re.compile(r"[A-Z]{1,2}[0-9]{7,9}|[0-9]{8,9}")  # E12345678, C12345678, HA1234567, 12345678
GUARDIAN_PAPERS = frozenset({"guardianship_proof", "guardian_id_card"})


@dataclass(frozen=True)
class EndorsementInput:
    type: str  # L, G, T, S, D, Q … (catalog endorsement types of the document)
    tier: str  # single, double, multi_1y … (catalog endorsement fees of the document)


@dataclass(frozen=True)
class FeeLine:
    name: str
    fee_fen: int
    count: int
    basis: str
    effective: date

    @property
    def total_fen(self) -> int:
        return self.fee_fen * self.count


@dataclass(frozen=True)
class ExitEntryInput:
    applicant: PersonInput
    document_type: str
    application_type: str
    endorsements: tuple[EndorsementInput, ...] = ()
    amend_items: int = 0
    photo_receipt_no: str = ""
    old_document_no: str = ""
    guardian: PersonInput | None = None
    guardian_relation: str = ""
    purpose: str = ""
    household_local: bool = True
    materials: tuple[MaterialInput, ...] = ()
    agent: PersonInput | None = None
    agent_relation: str = ""
    pickup_method: str = "self"
    post_address: str = ""
    notes: str = ""


def fee_lines(
    catalog: ExitEntryCatalog,
    document_type: str,
    application_type: str,
    endorsements: Sequence[EndorsementInput] = (),
    amend_items: int = 0,
) -> list[FeeLine]:
    """The itemised fee (raises ValidationError for a tier or item the catalog does not know)."""
    lines: list[FeeLine] = []
    document = catalog.document_fee(document_type, application_type)
    if document is not None:
        lines.append(FeeLine(document.name, document.fee_fen, 1, document.basis, document.effective))
    if application_type == "amend":
        amendments = [f for f in catalog.fees if f.kind == "amendment" and f.document_type == document_type]
        if amendments:
            fee = amendments[0]
            count = amend_items if fee.per_item else 1
            lines.append(FeeLine(fee.name, fee.fee_fen, count, fee.basis, fee.effective))
    kinds = {t.code: t.name for t in catalog.endorsement_types_for(document_type)}
    for endorsement in endorsements:  # one line each, naming the kind: "港澳签注 一次有效（个人旅游 G）"
        fee = catalog.endorsement_fee(document_type, endorsement.tier)
        kind = f"{kinds.get(endorsement.type, '')} {endorsement.type}".strip()
        lines.append(FeeLine(f"{fee.name}（{kind}）", fee.fee_fen, 1, fee.basis, fee.effective))
    return lines


def stored_fee_lines(
    catalog: ExitEntryCatalog,
    document_type: str,
    application_type: str,
    endorsements: Sequence[EndorsementInput],
    fee_fen: int,
) -> list[FeeLine]:
    """The itemised fee of a saved application: the number of 加注 items is what its stored total paid for."""
    amend_items = 0
    if application_type == "amend":
        amendment = next(
            (f for f in catalog.fees if f.kind == "amendment" and f.document_type == document_type), None
        )
        if amendment is not None and amendment.fee_fen:
            document = catalog.document_fee(document_type, application_type)
            amend_items = (fee_fen - (document.fee_fen if document else 0)) // amendment.fee_fen
    return fee_lines(catalog, document_type, application_type, endorsements, amend_items)


def total_fen(lines: list[FeeLine]) -> int:
    return sum(line.total_fen for line in lines)


def problems(
    form: ExitEntryInput,
    catalog: Catalog,
    *,
    today: date,
    editing: bool = False,
    applicant_minor: bool | None = None,
) -> list[ValidationError]:
    """Every problem of the form, one per field; empty when it may be saved.

    `editing`: an empty ID number keeps the recorded person. `applicant_minor`: whether the recorded applicant is
    under 16 (on an edit, where the number is not typed again); a typed number decides by itself.
    """
    if unsavable := text_problems(form):
        return unsavable
    ee = catalog.exit_entry
    found: list[ValidationError] = []
    documents = {c.code for c in ee.document_types}
    applications = {c.code for c in ee.application_types}
    if form.document_type not in documents:
        found.append(
            ValidationError("document_type", "请选择证件种类（普通护照、往来港澳通行证或往来台湾通行证）")
        )
    if form.application_type not in applications:
        found.append(ValidationError("application_type", "请选择申请类别"))
    try:
        checked = check_person(form.applicant, "applicant", today=today, keep_number=editing)
        if checked.info is not None:
            applicant_minor = age_on(checked.info.birth_date, today) < GUARDIAN_AGE
    except ValidationError as error:
        found.append(error)
    if found and any(e.field in ("document_type", "application_type") for e in found):
        return found
    found += _type_problems(form, ee)
    if form.application_type in NEW_DOCUMENT and not form.photo_receipt_no.strip():
        found.append(ValidationError("photo_receipt_no", "请填写相片回执号（在指定照相点拍摄后取得）"))
    elif len(form.photo_receipt_no.strip()) > MAX_PHOTO_RECEIPT:
        found.append(ValidationError("photo_receipt_no", f"相片回执号不能超过{MAX_PHOTO_RECEIPT}个字符"))
    old = "".join(form.old_document_no.split()).upper()
    if form.application_type == "renewal" and not old:
        found.append(ValidationError("old_document_no", "换发须填写原证件号码"))
    elif old and not OLD_DOCUMENT.fullmatch(old):
        found.append(
            ValidationError("old_document_no", "原证件号码格式不正确（字母和数字，如 E12345678、C12345678）")
        )
    if applicant_minor and form.guardian is None:
        found.append(
            ValidationError(
                "guardian.id_number", "申请人未满十六周岁，须由监护人陪同：请填写监护人及其身份证号码"
            )
        )
    if form.guardian is not None:
        try:
            check_person(form.guardian, "guardian", today=today, keep_number=editing)
        except ValidationError as error:
            found.append(error)
        if (relation := relation_problem(form.guardian_relation, "监护人")) is not None:
            found.append(ValidationError("guardian_relation", relation))
    if len(form.purpose.strip()) > 100:
        found.append(ValidationError("purpose", "出境事由不能超过100个字"))
    if form.agent is not None:
        try:
            check_person(form.agent, "agent", today=today, keep_number=editing)
        except ValidationError as error:
            found.append(error)
        if (relation := relation_problem(form.agent_relation, "代办人")) is not None:
            found.append(ValidationError("agent_relation", relation))
    if form.pickup_method not in PICKUP_METHODS:
        found.append(ValidationError("pickup_method", "请选择领取方式"))
    elif form.pickup_method == "post" and not form.post_address.strip():
        found.append(ValidationError("post_address", "邮寄送达须填写邮寄地址"))
    for field in ("post_address", "notes"):  # as on the walk-in form
        if len(getattr(form, field).strip()) > LIMITS[field]:
            found.append(ValidationError(field, f"不能超过{LIMITS[field]}个字"))
    found += _material_problems(form, ee, minor=bool(applicant_minor))
    return found


def materials_for(ee: ExitEntryCatalog, application_type: str, *, minor: bool) -> tuple[MaterialInput, ...]:
    """The checklist for this application type; the guardian's papers are required for an applicant under 16."""
    return tuple(
        MaterialInput(
            m.code, m.name, m.form, m.count, False, m.required or (minor and m.code in GUARDIAN_PAPERS)
        )
        for m in ee.materials_for(application_type)
    )


def _material_problems(form: ExitEntryInput, ee: ExitEntryCatalog, *, minor: bool) -> list[ValidationError]:
    expected = {m.code: m for m in materials_for(ee, form.application_type, minor=minor)}
    unknown = [m.name or m.code for m in form.materials if m.code not in expected]
    if unknown:
        return [ValidationError("materials", f"材料不属于该申请：{'、'.join(unknown)}")]
    given = {m.code for m in form.materials}
    absent = [m.name for m in expected.values() if m.required and m.code not in given]
    if absent:
        return [ValidationError("materials", f"材料清单缺少必交材料：{'、'.join(absent)}")]
    for material in form.materials:
        if not 1 <= material.count <= 99:
            return [ValidationError("materials", f"{material.name}的份数应为1至99")]
    return []


def _type_problems(form: ExitEntryInput, ee: ExitEntryCatalog) -> list[ValidationError]:
    found: list[ValidationError] = []
    is_permit = form.document_type in PERMITS
    if form.application_type == "amend" and form.document_type != "passport":
        found.append(ValidationError("application_type", "只有普通护照办理加注"))
    if form.application_type == "endorsement" and not is_permit:
        found.append(ValidationError("application_type", "普通护照不办理签注，请选择其他申请类别"))
    if found:  # the wrong kind of application: what it would need next is beside the point
        return found
    if form.application_type == "amend" and not 1 <= form.amend_items <= MAX_AMEND_ITEMS:
        found.append(ValidationError("amend_items", f"请填写加注项目数（1至{MAX_AMEND_ITEMS}项）"))
    if form.endorsements and not is_permit:
        found.append(ValidationError("endorsements", "普通护照没有签注"))
    elif form.application_type == "endorsement" and not form.endorsements:
        found.append(ValidationError("endorsements", "申请签注须至少选择一项签注"))
    elif len(form.endorsements) > MAX_ENDORSEMENTS:
        found.append(ValidationError("endorsements", f"一次最多申请{MAX_ENDORSEMENTS}项签注"))
    else:
        types = {t.code for t in ee.endorsement_types_for(form.document_type)}
        tiers = {f.tier for f in ee.endorsement_tiers(form.document_type)}
        for endorsement in form.endorsements:
            if endorsement.type not in types:
                found.append(ValidationError("endorsements", f"未知的签注种类：{endorsement.type}"))
                break
            if endorsement.tier not in tiers:
                found.append(ValidationError("endorsements", f"未知的签注档次：{endorsement.tier}"))
                break
        else:
            kinds = [e.type for e in form.endorsements]
            twice = sorted({k for k in kinds if kinds.count(k) > 1})
            if twice:  # one endorsement of a kind per document: a second row would be charged a second time
                names = {t.code: t.name for t in ee.endorsement_types_for(form.document_type)}
                listed = "、".join(f"{k} {names.get(k, '')}".strip() for k in twice)
                found.append(ValidationError("endorsements", f"签注种类重复：{listed}，每种签注只能申请一项"))
    return found
