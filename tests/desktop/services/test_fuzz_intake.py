"""Bad input at scale through the walk-in and exit-entry services on a real database (SQLite and PostgreSQL).

Every example puts a nasty value (tests/helpers/nasty.py) into every field of the form at once and creates a record
— so each field meets one nasty value per example (tests/helpers/fuzz.py EXAMPLES: 1,000 on SQLite, 100 on
PostgreSQL) — and about one example in five (fuzz.STEPS_EVERY, drawn by hypothesis) also edits the record it made
with another nasty value in every field: the edit's fields are the create's; what only an edit does (a blank
number keeps the person, a retyped one changes them, one save is one version step) is met in about 200 and 20.
Refusals: a ValidationError in Chinese on a field that holds a nasty value (tests/helpers/fuzz.py `settle`).
Accepted values read back through get_intake / get_exit_entry unchanged, or normalised as documented:
- names: surrounding blanks dropped and runs of blanks inside made one space (intake_rules.check_person);
- addresses, relation, purpose, post address, notes, photo receipt number: surrounding blanks dropped;
- ID numbers: full-width digits to ASCII, blanks removed, x → X, a 15-digit number converted; read back masked;
- phones: the canonical form (validate_phone: +86 and dashes dropped from a mobile, 0759-2123456[-801]);
- the original document number: blanks removed, upper case;
- the post address is kept only for 邮寄 (self pickup clears it);
- on an edit a blank phone or address keeps the recorded one (people.update_details).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.clock import ManualClock
from desktop.domain.catalog import default_catalog
from desktop.domain.exit_entry_rules import ExitEntryInput
from desktop.domain.exit_entry_rules import materials_for as exit_materials
from desktop.domain.exit_entry_rules import problems as exit_problems
from desktop.domain.identity import mask_id_number, validate_id_number, validate_phone
from desktop.domain.intake_rules import IntakeInput, PersonInput, materials_for
from desktop.domain.intake_rules import problems as walkin_problems
from desktop.services import exit_entry, intake
from desktop.services.core import Actor, Core
from tests.desktop.services.helpers import make_station, make_user
from tests.helpers.fuzz import (
    SKIP,
    Steps,
    backend_of,
    fuzz_settings,
    module_database,
    read_back_mismatches,
    settle,
)
from tests.helpers.nasty import choice, fresh_id, fresh_mobile, text_or, typed_id, typed_phone

STATION = "XSLX01"
# settle's `blame`: a number recorded under another name is refused on the name
NAMED_BY_NUMBER = {f"{who}.name": f"{who}.id_number" for who in ("applicant", "agent", "guardian")}
TODAY = date(2026, 11, 27)  # the clock's local day
CHILD = date(2015, 6, 1)  # the exit-entry applicant is under 16: the guardian's fields are on the form too


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Core, Actor]]:
    from datetime import UTC, datetime

    for database in module_database(str(request.param), tmp_path_factory, request):
        core = Core(
            db=database, clock=ManualClock(datetime(2026, 11, 27, 2, 30, tzinfo=UTC)), workstation="fuzz"
        )
        admin = Actor(username="cli:test", role="admin", display_name="命令行", is_command_line=True)
        make_station(core, admin, STATION)
        user = make_user(core, admin)
        yield (
            core,
            Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name),
        )


def _person_fields(prefix: str, born: date = date(1985, 3, 12)) -> dict[str, st.SearchStrategy[str]]:
    return {
        f"{prefix}.name": text_or("陈志明", "欧阳 娜娜", "阿卜杜·热合曼"),
        f"{prefix}.id_number": typed_id(born=born),
        f"{prefix}.phone": typed_phone(),
        f"{prefix}.address": text_or("霞山区录霞路8号"),
        f"{prefix}.household_address": text_or("湛江市霞山区"),
    }


def _plain_person(prefix: str, born: date = date(1985, 3, 12)) -> dict[str, str]:
    return {
        f"{prefix}.name": "陈志明",
        f"{prefix}.id_number": fresh_id(born=born),
        f"{prefix}.phone": fresh_mobile(),
        f"{prefix}.address": "霞山区录霞路8号",
        f"{prefix}.household_address": "湛江市霞山区",
    }


def _person(v: dict[str, Any], prefix: str) -> PersonInput:
    return PersonInput(
        name=v[f"{prefix}.name"],
        id_number=v[f"{prefix}.id_number"],
        document_type=v.get(f"{prefix}.document_type", "resident_id"),
        phone=v[f"{prefix}.phone"],
        address=v[f"{prefix}.address"],
        household_address=v[f"{prefix}.household_address"],
    )


def _name(value: str) -> str:
    return " ".join(value.split())


def _id(value: str) -> str:
    return mask_id_number(validate_id_number(value).number)


def _phone(value: str) -> str:
    return validate_phone(value) if value.strip() else ""


def _strip(value: str) -> str:
    return value.strip()


def _person_expect(prefix: str, *, editing: bool) -> dict[str, Any]:
    def kept(normal: Any) -> Any:  # on an edit, blank keeps what was recorded
        return (lambda v: SKIP if editing and not v.strip() else normal(v)) if editing else normal

    return {
        f"{prefix}.name": _name,
        f"{prefix}.id_number": (lambda v: SKIP if not v.strip() else _id(v)),
        f"{prefix}.phone": kept(_phone),
        f"{prefix}.address": kept(_strip),
        f"{prefix}.household_address": kept(_strip),
    }


def _person_read(prefix: str, person: Any) -> dict[str, Any]:
    return {
        f"{prefix}.name": person.name,
        f"{prefix}.id_number": person.id_masked,
        f"{prefix}.phone": person.phone,
        f"{prefix}.address": person.address,
        f"{prefix}.household_address": person.household_address,
    }


# ------------------------------------------------------------------------------------------------------ walk-in

WALKIN_FIELDS = {
    **_person_fields("applicant"),
    **_person_fields("agent"),
    "applicant.document_type": choice("resident_id"),
    "business_code": choice("certificate"),
    "certificate_kind": choice("no_criminal_record", "kinship"),
    "purpose": text_or("出国留学"),
    "agent_relation": text_or("父亲", "朋友"),
    "pickup_method": choice("self", "post"),
    "post_address": text_or("湛江市霞山区人民大道南1号"),
    "notes": text_or("", "当事人要求尽快办理"),
}
WALKIN_EDIT = {k: v for k, v in WALKIN_FIELDS.items() if k not in ("applicant.document_type",)} | {
    "applicant.id_number": st.one_of(st.just(""), typed_id()),
    "agent.id_number": st.one_of(st.just(""), typed_id()),
}


def _walkin_plain(*, editing: bool) -> dict[str, Any]:
    plain = {
        **_plain_person("applicant"),
        **_plain_person("agent"),
        "applicant.document_type": "resident_id",
        "business_code": "certificate",
        "certificate_kind": "no_criminal_record",
        "purpose": "出国留学",
        "agent_relation": "朋友",
        "pickup_method": "post",
        "post_address": "湛江市霞山区人民大道南1号",
        "notes": "",
    }
    if editing:
        plain.update({"applicant.id_number": "", "agent.id_number": ""})
        del plain["applicant.document_type"]
    return plain


def _walkin_form(v: dict[str, Any]) -> IntakeInput:
    business = default_catalog().walkin("certificate")
    materials = tuple(
        replace(m, received=True)
        for m in materials_for(business, has_agent=True, minor=False, certificate_kind="no_criminal_record")
        if m.required
    )
    return IntakeInput(
        business_code=v["business_code"],
        applicant=_person(v, "applicant"),
        agent=_person(v, "agent"),
        materials=materials,
        agent_relation=v["agent_relation"],
        certificate_kind=v["certificate_kind"],
        purpose=v["purpose"],
        pickup_method=v["pickup_method"],
        post_address=v["post_address"],
        notes=v["notes"],
    )


def _walkin_read(record: intake.IntakeRecord) -> dict[str, Any]:
    assert record.agent is not None
    return {
        **_person_read("applicant", record.applicant),
        **_person_read("agent", record.agent),
        "applicant.document_type": record.applicant.document_type,
        "business_code": record.business_code,
        "certificate_kind": record.certificate_kind,
        "purpose": record.purpose,
        "agent_relation": record.agent_relation,
        "pickup_method": record.pickup_method,
        "post_address": record.post_address,
        "notes": record.notes,
    }


def _walkin_expect(accepted: dict[str, Any], *, editing: bool) -> dict[str, Any]:
    post = accepted["pickup_method"] == "post"
    return {
        **_person_expect("applicant", editing=editing),
        **_person_expect("agent", editing=editing),
        "purpose": _strip,
        "agent_relation": _strip,
        "post_address": (lambda v: v.strip() if post else ""),
        "notes": _strip,
    }


def test_walk_in_create_and_edit_take_any_text(
    world: tuple[Core, Actor], request: pytest.FixtureRequest
) -> None:
    core, desk = world
    steps = Steps()

    @fuzz_settings(backend_of(request, "world"))
    @given(st.fixed_dictionaries(WALKIN_FIELDS), steps.pick(), st.data())
    def example(typed: dict[str, Any], pick: int, data: st.DataObject) -> None:
        request_id = f"fuzz-{fresh_mobile()}"
        saved, accepted, _ = settle(
            lambda v: intake.create_intake(core, desk, STATION, request_id, _walkin_form(v)),
            typed,
            _walkin_plain(editing=False),
            lambda v: walkin_problems(_walkin_form(v), default_catalog(), today=TODAY),
            NAMED_BY_NUMBER,
        )
        record = intake.get_intake(core, desk, saved.record.application_id)
        assert not read_back_mismatches(
            accepted, _walkin_read(record), _walkin_expect(accepted, editing=False)
        )
        if not steps.now(pick):
            return
        edit = data.draw(st.fixed_dictionaries(WALKIN_EDIT), label="edit")

        _edited, accepted, _ = settle(
            lambda v: intake.update_intake(
                core, desk, record.application_id, record.version, _walkin_form(v)
            ),
            edit | {"applicant.document_type": "resident_id"},
            _walkin_plain(editing=True) | {"applicant.document_type": "resident_id"},
            lambda v: walkin_problems(_walkin_form(v), default_catalog(), today=TODAY, editing=True),
            NAMED_BY_NUMBER,
        )
        again = intake.get_intake(core, desk, record.application_id)
        assert again.version == record.version + 1  # one save, one version step
        assert not read_back_mismatches(accepted, _walkin_read(again), _walkin_expect(accepted, editing=True))

    example()
    assert steps.stepped  # the edit ran too
    print(f"{steps.examples} examples, {steps.stepped} with the later steps")  # -rP shows it


# -------------------------------------------------------------------------------------------------- exit-entry

EXIT_FIELDS = {
    **_person_fields("applicant", CHILD),
    **_person_fields("guardian"),
    **_person_fields("agent"),
    "document_type": choice("passport", "hk_macau", "taiwan"),
    "application_type": choice("first", "reissue", "renewal"),
    "photo_receipt_no": text_or("ZP1234", "４４０８００２６１１２７０００１"),
    "old_document_no": text_or("E12345678", "e 1234 5678", "C12345678"),
    "purpose": text_or("旅游", ""),
    "guardian_relation": text_or("母亲"),
    "agent_relation": text_or("朋友"),
    "pickup_method": choice("self", "post"),
    "post_address": text_or("湛江市霞山区人民大道南1号"),
    "notes": text_or("", "加急"),
}
EXIT_EDIT = EXIT_FIELDS | {
    "applicant.id_number": st.one_of(st.just(""), typed_id(born=CHILD)),
    "guardian.id_number": st.one_of(st.just(""), typed_id()),
    "agent.id_number": st.one_of(st.just(""), typed_id()),
}


def _exit_plain(*, editing: bool) -> dict[str, Any]:
    plain = {
        **_plain_person("applicant", CHILD),
        **_plain_person("guardian"),
        **_plain_person("agent"),
        "document_type": "hk_macau",
        "application_type": "first",
        "photo_receipt_no": "ZP1234",
        "old_document_no": "C12345678",
        "purpose": "旅游",
        "guardian_relation": "母亲",
        "agent_relation": "朋友",
        "pickup_method": "post",
        "post_address": "湛江市霞山区人民大道南1号",
        "notes": "",
    }
    if editing:
        plain.update({"applicant.id_number": "", "guardian.id_number": "", "agent.id_number": ""})
    return plain


def _exit_form(v: dict[str, Any]) -> ExitEntryInput:
    kind = v["application_type"] if v["application_type"] in ("first", "reissue", "renewal") else "first"
    materials = tuple(
        replace(m, received=True)
        for m in exit_materials(default_catalog().exit_entry, kind, minor=True)
        if m.required
    )
    return ExitEntryInput(
        applicant=_person(v, "applicant"),
        document_type=v["document_type"],
        application_type=v["application_type"],
        photo_receipt_no=v["photo_receipt_no"],
        old_document_no=v["old_document_no"],
        guardian=_person(v, "guardian"),
        guardian_relation=v["guardian_relation"],
        purpose=v["purpose"],
        materials=materials,
        agent=_person(v, "agent"),
        agent_relation=v["agent_relation"],
        pickup_method=v["pickup_method"],
        post_address=v["post_address"],
        notes=v["notes"],
    )


def _exit_read(record: exit_entry.ExitEntryRecord) -> dict[str, Any]:
    assert record.agent is not None
    assert record.guardian is not None
    return {
        **_person_read("applicant", record.applicant),
        **_person_read("guardian", record.guardian),
        **_person_read("agent", record.agent),
        "document_type": record.document_type,
        "application_type": record.application_type,
        "photo_receipt_no": record.photo_receipt_no,
        "old_document_no": record.old_document_no,
        "purpose": record.purpose,
        "guardian_relation": record.guardian_relation,
        "agent_relation": record.agent_relation,
        "pickup_method": record.pickup_method,
        "post_address": record.post_address,
        "notes": record.notes,
    }


def _exit_expect(accepted: dict[str, Any], *, editing: bool) -> dict[str, Any]:
    post = accepted["pickup_method"] == "post"
    return {
        **_person_expect("applicant", editing=editing),
        **_person_expect("guardian", editing=editing),
        **_person_expect("agent", editing=editing),
        "photo_receipt_no": _strip,
        "old_document_no": (lambda v: "".join(v.split()).upper()),
        "purpose": _strip,
        "guardian_relation": _strip,
        "agent_relation": _strip,
        "post_address": (lambda v: v.strip() if post else ""),
        "notes": _strip,
    }


def test_exit_entry_create_and_edit_take_any_text(
    world: tuple[Core, Actor], request: pytest.FixtureRequest
) -> None:
    core, desk = world
    steps = Steps()

    @fuzz_settings(backend_of(request, "world"))
    @given(st.fixed_dictionaries(EXIT_FIELDS), steps.pick(), st.data())
    def example(typed: dict[str, Any], pick: int, data: st.DataObject) -> None:
        request_id = f"fuzz-ee-{fresh_mobile()}"
        saved, accepted, _ = settle(
            lambda v: exit_entry.create_exit_entry(core, desk, STATION, request_id, _exit_form(v)),
            typed,
            _exit_plain(editing=False),
            lambda v: exit_problems(_exit_form(v), default_catalog(), today=TODAY),
            NAMED_BY_NUMBER,
        )
        record = saved  # create_exit_entry answers with get_exit_entry: a fresh read of what was stored
        assert not read_back_mismatches(accepted, _exit_read(record), _exit_expect(accepted, editing=False))
        if not steps.now(pick):
            return
        edit = data.draw(st.fixed_dictionaries(EXIT_EDIT), label="edit")

        _, accepted, _ = settle(
            lambda v: exit_entry.update_exit_entry(
                core, desk, record.application_id, record.version, _exit_form(v)
            ),
            edit,
            _exit_plain(editing=True),
            lambda v: exit_problems(
                _exit_form(v), default_catalog(), today=TODAY, editing=True, applicant_minor=True
            ),
            NAMED_BY_NUMBER,
        )
        again = exit_entry.get_exit_entry(core, desk, record.application_id)
        assert again.version == record.version + 1  # one save, one version step
        assert not read_back_mismatches(accepted, _exit_read(again), _exit_expect(accepted, editing=True))

    example()
    assert steps.stepped  # the edit ran too
    print(f"{steps.examples} examples, {steps.stepped} with the later steps")  # -rP shows it
