"""The .xlsx export against a real database (SQLite and PostgreSQL): one sheet per kind, 合计 rows equal to what
SQL counts, and no full ID number in any cell."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import func, select

from desktop.clock import ManualClock
from desktop.db.models import Application, Consultation, MediationCase
from desktop.domain.intake_rules import PersonInput
from desktop.domain.mediation_rules import CaseInput, PartyInput
from desktop.errors import PermissionDenied
from desktop.services import consultation, day_export, exit_entry, mediation, receipts
from desktop.services.core import Core
from tests.desktop.services.helpers import audit_actions
from tests.desktop.services.test_exit_entry import form as exit_form
from tests.desktop.services.test_intake import AGENT_ID, APPLICANT_ID, TODAY, ident
from tests.desktop.services.test_review import OTHER_ID, STATION, Staff, walkin
from tests.desktop.services.test_review import staff as staff  # the fixture

PARTY_ID = ident("44080319770506231")
FULL_NUMBERS = (APPLICANT_ID, AGENT_ID, OTHER_ID, PARTY_ID)
ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")


def _fill(core: Core, clock: ManualClock, staff: Staff) -> None:
    was = clock.now
    clock.now = was - timedelta(days=24)  # 11-03: same month
    walkin(core, staff.desk, "early")
    clock.now = was - timedelta(days=27)  # 10-31: the month before
    walkin(core, staff.desk, "october")
    clock.now = was
    agent = PersonInput(name="陈小红", id_number=AGENT_ID, phone="13912345678")
    walkin(core, staff.desk, "a1", "no_criminal_record", agent=agent, agent_relation="女儿")
    voided = walkin(core, staff.desk, "a2", "id_card_reissue")
    receipts.void_document(core, staff.officer, voided.receipt_no, "重复受理")
    walkin(core, staff.desk2, "a3", received={"hukou_book"})
    other = PersonInput(name="林美华", id_number=OTHER_ID, phone="13912345678")
    exit_entry.create_exit_entry(core, staff.desk2, STATION, "e1", exit_form("hk_macau", "first", ("G", "single"),
                                                                              applicant=other))  # fmt: skip
    consultation.log_consultation(core, staff.desk, STATION, "c1", channel="phone", topic="no_criminal_record",
                                  note=f"来电人身份证{OTHER_ID}，电话13812345678")  # fmt: skip
    consultation.log_consultation(
        core, staff.desk2, STATION, "c2", channel="counter", topic="telecom_fraud_check"
    )
    mediation.create_case(core, staff.desk, STATION, "m1", CaseInput(
        regime="people", source="party_application", category="neighbourhood", summary="楼上漏水",
        parties=(PartyInput("applicant", "黄海", PARTY_ID), PartyInput("respondent", "何静")),
    ))  # fmt: skip


def _cells(content: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(content))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _sql(core: Core, query: Any) -> int:
    with core.db.read() as session:
        return int(session.execute(query).scalar_one() or 0)


def test_a_day_exports_four_sheets_with_totals_and_masked_numbers_only(
    core: Core,
    clock: ManualClock,
    staff: Staff,
) -> None:
    _fill(core, clock, staff)
    exported = day_export.export_day(core, staff.officer, STATION, TODAY)
    assert exported.filename == "XSLX01-受理登记-20261127.xlsx"
    sheets = _cells(exported.content)
    assert list(sheets) == ["来访受理", "出入境", "矛盾调解", "咨询"]

    def apps(kind: str) -> Any:
        return select(func.count()).where(Application.business_day == TODAY, Application.kind == kind)

    def fees(kind: str) -> Any:
        return select(func.sum(Application.fee_fen)).where(
            Application.business_day == TODAY, Application.kind == kind, Application.status != "voided"
        )

    expected = {
        "来访受理": (_sql(core, apps("walkin")), _sql(core, fees("walkin"))),
        "出入境": (_sql(core, apps("exit_entry")), _sql(core, fees("exit_entry"))),
        "矛盾调解": (_sql(core, select(func.count()).select_from(MediationCase)), 0),
        "咨询": (_sql(core, select(func.count()).where(Consultation.business_day == TODAY)), 0),
    }
    assert expected == {"来访受理": (3, 2000), "出入境": (1, 7500), "矛盾调解": (1, 0), "咨询": (2, 0)}
    for name, (count, fen) in expected.items():
        rows = sheets[name]
        total = rows[-1]
        assert total[:2] == ["合计", count]
        assert len(rows) == count + 2  # headers, records, 合计
        fee_cells = [v for v in total[2:] if isinstance(v, int | float)]
        assert [round(v * 100) for v in fee_cells] == ([fen] if name in ("来访受理", "出入境") else [])
    assert [(t.sheet, t.rows, t.fee_fen) for t in exported.totals] == [
        (name, count, fen) for name, (count, fen) in expected.items()
    ]

    text = [str(v) for rows in sheets.values() for row in rows for v in row if v is not None]
    assert not [v for v in text if ID_PATTERN.search(v)]
    assert not [v for v in text for number in FULL_NUMBERS if number in v]
    walkin_text = " ".join(str(v) for row in sheets["来访受理"] for v in row)
    assert "440803********" + APPLICANT_ID[-4:] in walkin_text
    assert "440803********" + AGENT_ID[-4:] in walkin_text
    assert "黄海、何静" in [row[7] for row in sheets["矛盾调解"]]
    assert ("day.export", True) in audit_actions(core)


def test_a_month_takes_every_day_of_the_month_and_only_officers_export(
    core: Core,
    clock: ManualClock,
    staff: Staff,
) -> None:
    _fill(core, clock, staff)
    exported = day_export.export_month(core, staff.officer, STATION, 2026, 11)
    november = _sql(
        core,
        select(func.count()).where(
            Application.kind == "walkin",
            Application.business_day >= date(2026, 11, 1),
            Application.business_day <= date(2026, 11, 30),
        ),
    )
    assert november == 4
    assert _cells(exported.content)["来访受理"][-1][:2] == ["合计", november]
    assert exported.filename == "XSLX01-受理登记-202611.xlsx"
    for actor in (staff.desk, staff.desk2):
        with pytest.raises(PermissionDenied):
            day_export.export_day(core, actor, STATION, TODAY)
        with pytest.raises(PermissionDenied):
            day_export.export_month(core, actor, STATION, 2026, 11)
