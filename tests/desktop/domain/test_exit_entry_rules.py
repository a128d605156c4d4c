"""Exit-entry fees straight from DOMAIN.md's table, and the rules that stop an incomplete application."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.catalog import load_catalog
from desktop.domain.exit_entry_rules import (
    EndorsementInput,
    ExitEntryInput,
    fee_lines,
    materials_for,
    problems,
    total_fen,
)
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import PersonInput

TODAY = date(2026, 11, 27)
ADULT = PersonInput(
    name="陈志明", id_number="44080319850312123" + id_check_char("44080319850312123"), phone="13812345678"
)
CHILD = PersonInput(
    name="陈小明", id_number="44080320150601123" + id_check_char("44080320150601123"), phone="13812345678"
)


def application(
    document: str, kind: str, *endorsements: tuple[str, str], **changes: object
) -> ExitEntryInput:
    values: dict[str, object] = {
        "applicant": ADULT,
        "document_type": document,
        "application_type": kind,
        "endorsements": tuple(EndorsementInput(t, tier) for t, tier in endorsements),
        "photo_receipt_no": "ZP12345678",
    }
    values.update(changes)
    minor = values["applicant"] is CHILD
    values.setdefault(
        "materials",
        tuple(m for m in materials_for(load_catalog().exit_entry, kind, minor=minor) if m.required),
    )
    return ExitEntryInput(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("form", "yuan"),
    [
        (application("hk_macau", "first", ("G", "single"), ("T", "multi_1y")), 155),  # 60 + 15 + 80
        (application("passport", "reissue"), 120),
        (application("passport", "first"), 120),
        (application("passport", "amend", amend_items=2), 40),  # 20 per item
        (application("hk_macau", "endorsement", ("L", "double")), 30),
        (application("hk_macau", "endorsement", ("S", "multi_over_3y")), 240),
        (application("taiwan", "first", ("G", "single")), 75),  # 60 + 15
        (application("taiwan", "endorsement", ("Q", "multiple")), 80),
    ],
)
def test_fees_follow_the_domain_table(form: ExitEntryInput, yuan: int) -> None:
    lines = fee_lines(
        load_catalog().exit_entry,
        form.document_type,
        form.application_type,
        form.endorsements,
        form.amend_items,
    )
    assert total_fen(lines) == yuan * 100
    assert all("发改价格〔2019〕914号" in line.basis for line in lines)
    assert all(line.effective == date(2019, 7, 1) for line in lines)


def fields(form: ExitEntryInput) -> list[str]:
    return [e.field for e in problems(form, load_catalog(), today=TODAY)]


def test_a_complete_application_has_no_problems() -> None:
    assert fields(application("hk_macau", "first", ("G", "single"))) == []


def test_renewal_needs_the_old_document_number() -> None:
    assert fields(application("passport", "renewal")) == ["old_document_no"]
    assert fields(application("passport", "renewal", old_document_no="E12345678")) == []
    assert fields(application("passport", "renewal", old_document_no="abc")) == ["old_document_no"]


def test_an_applicant_under_16_needs_a_guardian_with_an_id_number() -> None:
    assert fields(application("passport", "first", applicant=CHILD)) == ["guardian.id_number"]
    guardian = PersonInput(name="陈志明", id_number=ADULT.id_number)
    assert fields(application("passport", "first", applicant=CHILD, guardian=guardian)) == [
        "guardian_relation"
    ]
    assert (
        fields(application("passport", "first", applicant=CHILD, guardian=guardian, guardian_relation="父亲"))
        == []
    )
    bad = PersonInput(name="陈志明", id_number=ADULT.id_number[:-1] + "0")
    assert "guardian.id_number" in fields(application("passport", "first", applicant=CHILD, guardian=bad))


def test_endorsements_belong_to_permits_and_an_endorsement_application_needs_one() -> None:
    assert fields(application("passport", "first", ("G", "single"))) == ["endorsements"]
    assert fields(application("hk_macau", "endorsement", photo_receipt_no="")) == ["endorsements"]
    assert fields(application("hk_macau", "first", ("Y", "single"))) == ["endorsements"]  # Y is a Taiwan type
    assert fields(application("passport", "endorsement")) == ["application_type"]
    assert fields(application("hk_macau", "amend", amend_items=1)) == ["application_type"]
    assert fields(application("passport", "amend")) == ["amend_items"]


def test_a_new_document_needs_the_photo_receipt() -> None:
    assert fields(application("passport", "first", photo_receipt_no="")) == ["photo_receipt_no"]


def test_the_checklist_follows_the_application_and_the_age() -> None:
    ee = load_catalog().exit_entry
    reissue = {m.code for m in materials_for(ee, "reissue", minor=False) if m.required}
    assert "loss_statement" in reissue  # the written statement for 补发
    assert "loss_statement" not in {m.code for m in materials_for(ee, "first", minor=False)}
    child = {m.code for m in materials_for(ee, "first", minor=True) if m.required}
    assert {"guardianship_proof", "guardian_id_card"} <= child
    missing = application("passport", "reissue", materials=())
    assert "materials" in fields(missing)


def test_the_same_endorsement_kind_twice_is_refused_not_charged_twice() -> None:
    twice = application("hk_macau", "first", ("G", "single"), ("T", "multi_1y"), ("G", "multi_1y"))
    found = problems(twice, load_catalog(), today=TODAY)
    assert [e.field for e in found] == ["endorsements"]
    assert "G" in found[0].message
    assert "重复" in found[0].message
    assert fields(application("hk_macau", "first", ("G", "single"), ("T", "multi_1y"))) == []
