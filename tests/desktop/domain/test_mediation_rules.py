"""The register's checks by field, the 治安调解 exclusions, outcome checks, the follow-up and 司法确认 dates, the 卷宗
checklist by outcome, and the 12-month window (pure rules, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.domain.identity import id_check_char
from desktop.domain.mediation_rules import (
    ARCHIVE_ITEMS,
    EXCLUDED_KINDS,
    CaseInput,
    OutcomeInput,
    PartyInput,
    confirmation_deadline,
    followup_due,
    missing_archive,
    outcome_problems,
    problems,
    required_archive,
    twelve_months_before,
)

TODAY = date(2026, 11, 27)
ZHANG_ID = "44080319680312123" + id_check_char("44080319680312123")
LI_ID = "44080319750601002" + id_check_char("44080319750601002")


def case(**changes: object) -> CaseInput:
    base = CaseInput(
        regime="people",
        source="party_application",
        category="neighbourhood",
        summary="楼上渗水，双方多次争执。",
        parties=(
            PartyInput(role="applicant", name="张三", id_number=ZHANG_ID, phone="13812345678"),
            PartyInput(role="respondent", name="李四", id_number=LI_ID),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_complete_register_has_no_problems() -> None:
    assert problems(case(), today=TODAY) == {}


def test_parties_two_at_least_with_an_applicant_and_a_respondent() -> None:
    one = case(parties=(PartyInput(role="applicant", name="张三"),))
    assert "两方" in problems(one, today=TODAY)["parties"]
    both_applicants = case(parties=(PartyInput("applicant", "张三"), PartyInput("applicant", "李四")))
    assert "被申请人" in problems(both_applicants, today=TODAY)["parties"]
    three = case(parties=(*case().parties, PartyInput("other", "王五")))
    assert problems(three, today=TODAY) == {}


def test_a_party_without_a_role_is_said_at_its_role_not_as_a_missing_respondent() -> None:
    unchosen = case(parties=(PartyInput("applicant", "张三"), PartyInput("", "李四")))
    found = problems(unchosen, today=TODAY)
    assert set(found) == {"parties.1.role"}  # choosing the role is the fix; the list-wide rule waits for it
    assert "当事人身份" in found["parties.1.role"]


def test_each_party_field_is_checked_when_given() -> None:
    found = problems(
        case(
            parties=(
                PartyInput("applicant", "", phone="12345"),
                PartyInput("respondent", "李四", id_number=LI_ID[:-1] + ("0" if LI_ID[-1] != "0" else "1")),
                PartyInput("witness", "王五"),
            )
        ),
        today=TODAY,
    )
    assert set(found) == {"parties.0.name", "parties.0.phone", "parties.1.id_number", "parties.2.role"}
    assert (
        problems(
            case(parties=(PartyInput("applicant", "张三"), PartyInput("respondent", "李四"))), today=TODAY
        )
        == {}
    )


def test_the_same_person_cannot_be_listed_twice() -> None:
    by_id = case(parties=(*case().parties, PartyInput("other", "张叁", id_number=ZHANG_ID.lower())))
    assert "第1位" in problems(by_id, today=TODAY)["parties.2.id_number"]
    by_name_and_phone = case(
        parties=(
            PartyInput("applicant", "王五", phone="13700001111"),
            PartyInput("respondent", "王五", phone="137 0000 1111"),
        )
    )
    assert "同一人" in problems(by_name_and_phone, today=TODAY)["parties.1.name"]
    namesakes = case(parties=(PartyInput("applicant", "王五"), PartyInput("respondent", "王五")))
    assert problems(namesakes, today=TODAY) == {}


def test_catalog_codes_are_required_and_checked() -> None:
    found = problems(case(category="邻里", source="", summary=" "), today=TODAY)
    assert set(found) == {"category", "source", "summary"}


@pytest.mark.parametrize("regime", ["public_security", "on_site"])
def test_police_mediation_asks_the_exclusions_and_an_excluded_kind_blocks_it(regime: str) -> None:
    assert "逐项询问" in problems(case(regime=regime), today=TODAY)["exclusions"]
    assert problems(case(regime=regime, exclusions_checked=True), today=TODAY) == {}
    for kind, name in EXCLUDED_KINDS.items():
        message = problems(
            case(regime=regime, exclusions=frozenset({kind}), exclusions_checked=True), today=TODAY
        )["exclusions"]
        assert name in message
        assert "治安案件" in message
    assert "exclusions" not in problems(case(exclusions=frozenset({"provocation"})), today=TODAY)


def test_an_agreement_needs_terms_and_a_deadline_not_before_its_day() -> None:
    agreed = OutcomeInput("agreed", agreed_on=TODAY, terms="李四赔偿张三500元", performance_deadline=TODAY)
    assert outcome_problems(agreed, today=TODAY) == {}
    assert set(outcome_problems(replace(agreed, terms=" "), today=TODAY)) == {"terms"}
    early = replace(agreed, performance_deadline=date(2026, 11, 26))
    assert "不能早于" in outcome_problems(early, today=TODAY)["performance_deadline"]
    assert "performance_deadline" in outcome_problems(replace(agreed, performance_deadline=None), today=TODAY)
    future = replace(agreed, agreed_on=date(2026, 11, 28), performance_deadline=date(2026, 12, 1))
    assert "agreed_on" in outcome_problems(future, today=TODAY)
    before_case = outcome_problems(agreed, today=TODAY, opened_on=date(2026, 11, 28))
    assert "agreed_on" in before_case


def test_a_referral_names_where_to_and_a_failure_says_why() -> None:
    assert "referred_to" in outcome_problems(OutcomeInput("referred"), today=TODAY)
    assert outcome_problems(OutcomeInput("referred", referred_to="驻所人民调解室"), today=TODAY) == {}
    assert "note" in outcome_problems(OutcomeInput("failed"), today=TODAY)
    assert (
        outcome_problems(OutcomeInput("failed", note="双方分歧较大，已告知可向法院起诉"), today=TODAY) == {}
    )
    assert "result" in outcome_problems(OutcomeInput("closed"), today=TODAY)


def test_follow_up_is_three_working_days_after_the_deadline() -> None:
    assert followup_due(date(2026, 11, 27)) == date(2026, 12, 2)  # Friday → Mon, Tue, Wed
    assert followup_due(date(2026, 9, 30)) == date(
        2026, 10, 10
    )  # National Day off; Saturday 10 Oct is worked


def test_judicial_confirmation_window_is_30_days() -> None:
    assert confirmation_deadline(date(2026, 11, 27)) == date(2026, 12, 27)
    assert confirmation_deadline(date(2026, 2, 1)) == date(2026, 3, 3)


def test_the_agreement_is_required_in_the_file_only_when_agreed() -> None:
    always = {"application", "rights_notice", "identity", "mediation_record", "back_cover"}
    assert required_archive("agreed") == always | {"agreement"}
    assert required_archive("closed", "agreed") == always | {"agreement"}
    assert required_archive("failed") == always
    assert required_archive("referred") == always - {"mediation_record"}  # referred before any session
    assert required_archive("closed", "failed") == always
    assert len(ARCHIVE_ITEMS) == 13
    missing = missing_archive("agreed", ["application", "identity", "mediation_record"])
    assert [item.name for item in missing] == ["权利义务告知书", "调解协议书", "封底"]
    assert missing_archive("failed", always) == ()


def test_the_12_month_window() -> None:
    assert twelve_months_before(date(2026, 11, 27)) == date(2025, 11, 28)
    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 3, 1)
