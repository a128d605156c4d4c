"""Bad input at scale through the mediation and consultation services on a real database (SQLite and PostgreSQL).

A mediation example registers a case (the case and two parties) with a nasty value in every field (1,000 examples
on SQLite, 100 on PostgreSQL); every example then takes it through its whole life (the steps' fields are met
only there; MICROSTATION_FUZZ_STEPS_EVERY=5 thins them for a quick run) with a nasty value in every field of every
step: correct the register → a session → the outcome → the follow-up → the 卷宗 notes → close. Refusals: a
ValidationError in Chinese on a field that holds a nasty value (tests/helpers/fuzz.py `settle`); the case must
still close at the end (nothing nasty leaves it stuck). Accepted values read back through get_case (a fresh read session) unchanged, or normalised as
documented:
- the case's texts, the session's, the outcome's, the follow-up's and the archive notes: `mediation_rules.clean`
  (surrounding blanks dropped, runs of blanks inside a line made one space, line breaks kept — a Unicode line
  separator becomes a line break);
- a party's name: runs of blanks made one space; phone canonical (validate_phone); address: surrounding blanks
  dropped; ID number: read back masked, of the normalised number; a party without a number keeps its gender only
  when the person is new, so the gender is not compared;
- source and category: stored by name, read back as their catalog code;
- risk level: as chosen unless a party's earlier cases raise it to high (the early warning);
- the outcome's mediators: blank → the last session's; its texts are kept only for the result they belong to;
- the follow-up's visitor: blank → the member of staff recording it.

The consultation quick log: channel, topic and note; the note's blanks collapsed to single spaces.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.clock import ManualClock
from desktop.domain.identity import mask_id_number, validate_id_number, validate_phone
from desktop.domain.mediation_rules import (
    ArchiveInput,
    CaseInput,
    FollowupInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
    clean,
    followup_problems,
    outcome_problems,
    problems,
    required_archive,
    session_problems,
)
from desktop.errors import ValidationError
from desktop.services import consultation, mediation
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
NAMED_BY_NUMBER = {f"parties.{i}.name": f"parties.{i}.id_number" for i in range(2)}  # settle's `blame`
NOW = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)
TODAY = date(2026, 11, 27)  # the clock's local day
_requests = itertools.count(1)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Core, Actor]]:
    for database in module_database(str(request.param), tmp_path_factory, request):
        core = Core(db=database, clock=ManualClock(NOW), workstation="fuzz")
        admin = Actor(username="cli:test", role="admin", display_name="命令行", is_command_line=True)
        make_station(core, admin, STATION)
        user = make_user(core, admin)
        yield (
            core,
            Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name),
        )


# ------------------------------------------------------------------------------------------------- the register


def _party_fields(i: int, role: str) -> dict[str, st.SearchStrategy[str]]:
    return {
        f"parties.{i}.role": choice(role),
        f"parties.{i}.name": text_or("张三", "欧阳 娜娜") if i == 0 else text_or("李四", "阿卜杜·热合曼"),
        f"parties.{i}.id_number": st.one_of(st.just(""), typed_id()),
        f"parties.{i}.phone": typed_phone(),
        f"parties.{i}.address": text_or("", "霞山区录霞路8号"),
        f"parties.{i}.gender": choice("", "male", "female"),
    }


CASE_FIELDS = {
    "regime": choice("people", "public_security", "on_site"),
    "source": choice("party_application", "police_110", "grid_report"),
    "category": choice("neighbourhood", "marriage_family", "contract"),
    "summary": text_or("张三与楼上邻居李四因卫生间渗水多次争执。"),
    "location": text_or("", "霞山区录霞路8号"),
    "dispute_points": text_or("", "渗水原因及赔偿金额"),
    "risk_level": choice("low", "medium", "high"),
    **_party_fields(0, "applicant"),
    **_party_fields(1, "respondent"),
}


def _case_plain() -> dict[str, Any]:
    """Plain values: each party a fresh number and phone (a number is one person; name and phone find one)."""
    plain: dict[str, Any] = {
        "regime": "people", "source": "party_application", "category": "neighbourhood",
        "summary": "张三与楼上邻居李四因卫生间渗水多次争执。", "location": "", "dispute_points": "",
        "risk_level": "low",
    }  # fmt: skip
    for i, (role, name) in enumerate((("applicant", "张三"), ("respondent", "李四"))):
        plain |= {
            f"parties.{i}.role": role, f"parties.{i}.name": name, f"parties.{i}.id_number": fresh_id(),
            f"parties.{i}.phone": fresh_mobile(), f"parties.{i}.address": "", f"parties.{i}.gender": "",
        }  # fmt: skip
    return plain


def _case_form(v: dict[str, Any], person_ids: tuple[int | None, ...] = (None, None)) -> CaseInput:
    parties = tuple(
        PartyInput(
            role=v[f"parties.{i}.role"], name=v[f"parties.{i}.name"], id_number=v[f"parties.{i}.id_number"],
            phone=v[f"parties.{i}.phone"], address=v[f"parties.{i}.address"], gender=v[f"parties.{i}.gender"],
            person_id=person_ids[i],
        )
        for i in range(2)
    )  # fmt: skip
    return CaseInput(
        regime=v["regime"], source=v["source"], category=v["category"], summary=v["summary"],
        location=v["location"], dispute_points=v["dispute_points"], risk_level=v["risk_level"],
        parties=parties, occurred_at=NOW - timedelta(days=1), exclusions_checked=True,
    )  # fmt: skip


def _case_rules(
    v: dict[str, Any], person_ids: tuple[int | None, ...] = (None, None)
) -> list[ValidationError]:
    return _rules(problems(_case_form(v, person_ids), today=TODAY))


def _case_read(record: mediation.CaseRecord) -> dict[str, Any]:
    read: dict[str, Any] = {
        "regime": record.regime, "source": record.source_code, "category": record.category_code,
        "summary": record.summary, "location": record.location, "dispute_points": record.dispute_points,
        "risk_level": record.risk_level,
    }  # fmt: skip
    for i, party in enumerate(record.parties):
        read |= {
            f"parties.{i}.role": party.role, f"parties.{i}.name": party.name,
            f"parties.{i}.id_number": party.id_masked, f"parties.{i}.phone": party.phone,
            f"parties.{i}.address": party.address,
        }  # fmt: skip
    return read


def _case_expect(record: mediation.CaseRecord, *, editing: bool) -> dict[str, Any]:
    def number(v: str) -> Any:
        if not v.strip():  # optional; on an edit a blank number keeps the recorded person
            return SKIP if editing else ""
        return mask_id_number(validate_id_number(v).number)

    def kept(normal: Any) -> Any:  # a blank phone or address keeps what the person's record holds
        return lambda v: normal(v) if v.strip() else SKIP

    expect: dict[str, Any] = {
        "summary": clean, "location": clean, "dispute_points": clean,
        "risk_level": (lambda v: SKIP if record.warning.high_risk else v),
    }  # fmt: skip
    for i in range(2):
        expect |= {
            f"parties.{i}.name": lambda v: " ".join(v.split()), f"parties.{i}.id_number": number,
            f"parties.{i}.phone": kept(validate_phone), f"parties.{i}.address": kept(str.strip),
            f"parties.{i}.gender": lambda v: SKIP,
        }  # fmt: skip
    return expect


def _rules(found: dict[str, str]) -> list[ValidationError]:
    """The mediation rules' {field: message} as the refusals `settle` judges."""
    return [ValidationError(field, message) for field, message in found.items()]


# ---------------------------------------------------------------------------------------------- the case's life

SESSION_FIELDS = {
    "mediators": text_or("陈调解、刘民警"),
    "participants": text_or("", "张三、李四"),
    "notes": text_or("", "双方同意由物业先行查明渗水原因。"),
}
SESSION_PLAIN = {"mediators": "陈调解、刘民警", "participants": "张三、李四", "notes": ""}

OUTCOME_FIELDS = {
    "result": choice("agreed", "failed", "referred"),
    "terms": text_or("一、李四修复卫生间防水；\n二、李四赔偿张三损失人民币800元。"),
    "responsibility": text_or("", "李四负主要责任。"),
    "performance_method": text_or("", "当面支付"),
    "mediators": text_or("", "陈调解"),
    "referred_to": text_or("霞山区人民法院"),
    "note": text_or("双方分歧过大，已告知可向人民法院起诉。"),
}
OUTCOME_PLAIN = {
    "result": "agreed", "terms": "一、李四修复卫生间防水。", "responsibility": "", "performance_method": "",
    "mediators": "", "referred_to": "霞山区人民法院", "note": "双方分歧过大，已告知可向人民法院起诉。",
}  # fmt: skip

FOLLOWUP_FIELDS = {
    "result": text_or("已履行完毕"),
    "satisfaction": choice("满意", "基本满意", "不满意"),
    "visitor": text_or("", "刘民警"),
    "reason": text_or("协议履行情况回访"),
    "performance": text_or("", "已赔偿"),
    "escalation": text_or(""),
}
FOLLOWUP_PLAIN = {"result": "已履行完毕", "satisfaction": "满意", "visitor": "", "reason": "协议履行情况回访",
                  "performance": "", "escalation": ""}  # fmt: skip


def _outcome(v: dict[str, Any]) -> OutcomeInput:
    return OutcomeInput(performance_deadline=TODAY + timedelta(days=14), **v)


def _outcome_read(record: mediation.CaseRecord) -> dict[str, Any]:
    return {
        "result": record.outcome, "terms": record.agreement_terms, "responsibility": record.responsibility,
        "performance_method": record.performance_method, "mediators": record.mediators,
        "referred_to": record.referred_to, "note": record.outcome_note,
    }  # fmt: skip


def _outcome_expect(result: str, last_mediators: str) -> dict[str, Any]:
    agreed, referred = result == "agreed", result == "referred"
    return {
        "terms": lambda v: clean(v) if agreed else "",
        "responsibility": lambda v: clean(v) if agreed else "",
        "performance_method": lambda v: clean(v) if agreed else "",
        "mediators": lambda v: (clean(v) or last_mediators) if agreed else "",
        "referred_to": lambda v: clean(v) if referred else "",
        "note": clean,
    }


def test_a_mediation_case_takes_any_text_through_its_life(
    world: tuple[Core, Actor], request: pytest.FixtureRequest
) -> None:
    core, desk = world
    # Every example lives the whole case: a session's, an outcome's and a follow-up's fields are met only there.
    steps = Steps(every=int(os.environ.get("MICROSTATION_FUZZ_STEPS_EVERY", "1")))

    @fuzz_settings(backend_of(request, "world"))
    @given(st.fixed_dictionaries(CASE_FIELDS), steps.pick(), st.data())
    def example(typed: dict[str, Any], pick: int, data: st.DataObject) -> None:
        request_id = f"fuzz-case-{next(_requests)}"
        saved, accepted, _ = settle(
            lambda v: mediation.create_case(core, desk, STATION, request_id, _case_form(v)),
            typed,
            _case_plain(),
            _case_rules,
            NAMED_BY_NUMBER,
        )
        case = saved.record  # create_case answers with get_case: a fresh read of what was stored
        assert not read_back_mismatches(accepted, _case_read(case), _case_expect(case, editing=False))
        if not steps.now(pick):
            return
        edit = data.draw(st.fixed_dictionaries(CASE_FIELDS), label="edit")
        meeting = data.draw(st.fixed_dictionaries(SESSION_FIELDS), label="session")
        result = data.draw(st.fixed_dictionaries(OUTCOME_FIELDS), label="outcome")
        visit = data.draw(st.fixed_dictionaries(FOLLOWUP_FIELDS), label="follow-up")
        note = data.draw(text_or("", "原件一份"), label="archive note")

        # Each step below answers with the case read in its own transaction; what they stored is read back
        # once, at the end, from the closed case (a fresh read: get_case).
        people = tuple(p.person_id for p in case.parties)
        edit_plain = _case_plain() | {"parties.0.id_number": "", "parties.1.id_number": ""}
        record, registered, _ = settle(
            lambda v: mediation.update_case(core, desk, case.case_id, _case_form(v, people), version=case.version),
            edit,
            edit_plain,
            lambda v: _case_rules(v, people),
            NAMED_BY_NUMBER,
        )  # fmt: skip
        record = record.record
        assert record.version == case.version + 1  # one save, one version step

        held = NOW - timedelta(hours=1)
        record, met, _ = settle(
            lambda v: mediation.add_session(core, desk, case.case_id, SessionInput(held, **v), version=record.version),
            meeting,
            SESSION_PLAIN,
            lambda v: _rules(session_problems(SessionInput(held, **v), now=NOW)),
        )  # fmt: skip
        record, decided, _ = settle(
            lambda v: mediation.record_outcome(core, desk, case.case_id, _outcome(v), version=record.version),
            result,
            OUTCOME_PLAIN,
            lambda v: _rules(outcome_problems(_outcome(v), today=TODAY, opened_on=TODAY)),
        )  # fmt: skip
        record, visited, _ = settle(
            lambda v: mediation.record_followup(core, desk, case.case_id, FollowupInput(**v), version=record.version),
            visit,
            FOLLOWUP_PLAIN,
            lambda v: _rules(followup_problems(FollowupInput(**v), now=NOW)),
        )  # fmt: skip
        needed = required_archive(record.status, record.outcome)
        record, noted, _ = settle(
            lambda v: mediation.set_archive_items(
                core, desk, case.case_id, [ArchiveInput(code, True, v["archive"]) for code in sorted(needed)],
                version=record.version,
            ),
            {"archive": note},
            {"archive": "原件一份"},
        )  # fmt: skip
        assert mediation.close_case(core, desk, case.case_id, version=record.version).status == "closed"

        closed = mediation.get_case(core, desk, case.case_id)
        expect = _case_expect(closed, editing=True)
        if clean(visited["escalation"]):  # signs of escalation raise the risk to high
            expect["risk_level"] = lambda v: SKIP
        assert not read_back_mismatches(registered, _case_read(closed), expect)
        last = closed.sessions[-1]
        read = {"mediators": last.mediators, "participants": last.participants, "notes": last.notes}
        assert not read_back_mismatches(met, read, dict.fromkeys(SESSION_FIELDS, clean))
        expect = _outcome_expect(decided["result"], clean(met["mediators"]))
        assert not read_back_mismatches(decided, _outcome_read(closed), expect)
        done = next(f for f in closed.followups if f.done)
        expect = dict.fromkeys(FOLLOWUP_FIELDS, clean) | {
            "satisfaction": (lambda v: v), "visitor": (lambda v: clean(v) or desk.display_name),
        }  # fmt: skip
        assert not read_back_mismatches(visited, {f: getattr(done, f) for f in FOLLOWUP_FIELDS}, expect)
        assert {line.note for line in closed.archive if line.code in needed} == {clean(noted["archive"])}

    example()
    assert steps.stepped  # the case's life ran too
    print(f"{steps.examples} examples, {steps.stepped} with the later steps")  # -rP shows it


# ------------------------------------------------------------------------------------------------- consultation

CONSULTATION_FIELDS = {
    "channel": choice("phone", "counter"),
    "topic": choice("no_criminal_record", "hotel_opening", "id_card"),
    "note": text_or("", "问无犯罪记录证明需要带什么材料"),
}
CONSULTATION_PLAIN = {"channel": "phone", "topic": "id_card", "note": ""}


def test_the_consultation_log_takes_any_text(
    world: tuple[Core, Actor], request: pytest.FixtureRequest
) -> None:
    core, desk = world

    @fuzz_settings(backend_of(request, "world"))
    @given(st.fixed_dictionaries(CONSULTATION_FIELDS))
    def example(typed: dict[str, Any]) -> None:
        request_id = f"fuzz-ask-{next(_requests)}"
        row_id, accepted, _ = settle(
            lambda v: consultation.log_consultation(core, desk, STATION, request_id, **v),
            typed,
            CONSULTATION_PLAIN,
        )
        row = next(r for r in consultation.recent(core, desk, STATION, TODAY, limit=1) if r.id == row_id)
        read = {"channel": row.channel, "topic": row.topic, "note": row.note}
        assert not read_back_mismatches(accepted, read, {"note": lambda v: " ".join(v.split())})

    example()
