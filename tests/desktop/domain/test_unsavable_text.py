"""Bad input at scale through the forms' rules (pure): control characters, NUL, 10 kB strings, SQL
metacharacters and mixed scripts in every text field — never an exception, every refusal in Chinese, and an
unsavable character always refused on the field that holds it."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.catalog import default_catalog
from desktop.domain.exit_entry_rules import ExitEntryInput, materials_for
from desktop.domain.exit_entry_rules import problems as exit_entry_problems
from desktop.domain.intake_rules import IntakeInput, PersonInput
from desktop.domain.intake_rules import problems as intake_problems
from desktop.domain.mediation_rules import CaseInput, PartyInput
from desktop.domain.mediation_rules import problems as mediation_problems
from desktop.domain.text import UNSAVABLE, text_problems
from tests.desktop.services.test_intake import APPLICANT_ID, form

TODAY = date(2026, 11, 27)
CJK = re.compile(r"[\u4e00-\u9fff]")
NASTY = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.text(alphabet="'\";--/*%_\\\x00\x07\x1b\x7f\u202e\ufeff陈A1 \n\t", max_size=60),
    st.builds(lambda c, n: c * n, st.sampled_from("长a'\x00"), st.integers(min_value=2000, max_value=10_000)),
    st.sampled_from(["'; DROP TABLE person; --", "陈\x00志明", "ＡＢＣ全角", "مرحبا", "Ελληνικά", "😀" * 3]),
)
PERSON_FIELDS = ("name", "phone", "address", "household_address")
WALK_IN = form()  # built once (the catalog is read from its files by the test helper); the rules are pure


def _chinese(messages: list[str]) -> None:
    for message in messages:
        assert CJK.search(message), message


def _person_with(person: PersonInput, field: str, value: str) -> PersonInput:
    return replace(person, **{field: value})


INTAKE_TEXT = [f.name for f in fields(IntakeInput) if f.type in ("str", str)]


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from([*INTAKE_TEXT, *(f"applicant.{f}" for f in PERSON_FIELDS)]), NASTY)
def test_walk_in_rules_answer_any_text_in_chinese(field: str, value: str) -> None:
    base = WALK_IN
    if field.startswith("applicant."):
        changed = replace(base, applicant=_person_with(base.applicant, field.split(".", 1)[1], value))
    else:
        changed = replace(base, **{field: value})
    found = intake_problems(changed, default_catalog(), today=TODAY)
    _chinese([e.message for e in found])
    if UNSAVABLE.search(value):
        assert field in [e.field for e in found]


def _exit_entry(**changes: Any) -> ExitEntryInput:
    materials = tuple(
        replace(m, received=True)
        for m in materials_for(default_catalog().exit_entry, "first", minor=False)
        if m.required
    )
    base = ExitEntryInput(
        applicant=PersonInput(name="陈志明", id_number=APPLICANT_ID, phone="13812345678"),
        document_type="passport", application_type="first", photo_receipt_no="ZP1234", materials=materials,
    )  # fmt: skip
    return replace(base, **changes)


EXIT_TEXT = [f.name for f in fields(ExitEntryInput) if f.type in ("str", str) and f.name != "document_type"]


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from([*EXIT_TEXT, *(f"applicant.{f}" for f in PERSON_FIELDS)]), NASTY)
def test_exit_entry_rules_answer_any_text_in_chinese(field: str, value: str) -> None:
    base = _exit_entry()
    if field.startswith("applicant."):
        changed = replace(base, applicant=_person_with(base.applicant, field.split(".", 1)[1], value))
    else:
        changed = replace(base, **{field: value})
    found = exit_entry_problems(changed, default_catalog(), today=TODAY)
    _chinese([e.message for e in found])
    if UNSAVABLE.search(value):
        assert field in [e.field for e in found]


def _case(**changes: Any) -> CaseInput:
    parties = (PartyInput("applicant", "张三", phone="13812345678"), PartyInput("respondent", "李四"))
    return replace(CaseInput("people", "party_application", "neighbourhood", "邻里纠纷", parties), **changes)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(["summary", "location", "dispute_points", "parties.0.name", "parties.1.address",
                        "parties.0.phone", "regime", "source", "category"]), NASTY)  # fmt: skip
def test_mediation_rules_answer_any_text_in_chinese(field: str, value: str) -> None:
    base = _case()
    if field.startswith("parties."):
        _, index, name = field.split(".")
        parties = list(base.parties)
        parties[int(index)] = replace(parties[int(index)], **{name: value})
        changed = replace(base, parties=tuple(parties))
    else:
        changed = replace(base, **{field: value})
    found = mediation_problems(changed, today=TODAY)
    _chinese(list(found.values()))
    if UNSAVABLE.search(value):
        assert field in found


def test_an_unsavable_character_is_named_by_its_field_however_deep() -> None:
    case = _case(
        parties=(PartyInput("applicant", "张\x00三"), PartyInput("respondent", "李四", address="a\x1bb"))
    )
    assert [e.field for e in text_problems(case)] == ["parties.0.name", "parties.1.address"]
    assert text_problems(_case(summary="第一行\n第二行\t缩进")) == []
