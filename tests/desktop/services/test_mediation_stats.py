"""Monthly mediation statistics against a real database (SQLite and PostgreSQL): cases counted by the local month
they were registered in, every catalog category listed, and the .xlsx whose totals match the database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.clock import ManualClock
from desktop.db.models import MediationCase, Station
from desktop.domain.catalog import load_catalog
from desktop.domain.identity import id_check_char
from desktop.domain.mediation_rules import CaseInput, OutcomeInput, PartyInput
from desktop.errors import PermissionDenied
from desktop.services import mediation, mediation_stats
from desktop.services.core import Actor, Core
from tests.desktop.services.helpers import make_station, make_user

ZHANG_ID = "44080319680312123" + id_check_char("44080319680312123")
# Local (Asia/Shanghai) November 2026 in UTC: 31 Oct 16:00 to 30 Nov 16:00.
NOVEMBER = (datetime(2026, 10, 31, 16, 0, tzinfo=UTC), datetime(2026, 11, 30, 16, 0, tzinfo=UTC))


@pytest.fixture
def desk(core: Core, admin: Actor) -> Actor:
    make_station(core, admin)
    user = make_user(core, admin)
    return Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)


def _case(category: str, source: str, regime: str = "people") -> CaseInput:
    return CaseInput(
        regime=regime,
        source=source,
        category=category,
        summary="双方因琐事发生纠纷。",
        parties=(
            PartyInput("applicant", "张三", id_number=ZHANG_ID, phone="13812345678"),
            PartyInput("respondent", "李四", phone="13912345678"),
        ),
        exclusions_checked=regime != "people",
    )


def _fill_month(core: Core, clock: ManualClock, desk: Actor) -> None:
    """Seven cases around November 2026: two at the month's local edges, one on each side outside it."""
    plan = [
        (
            datetime(2026, 10, 31, 15, 30, tzinfo=UTC),
            "neighbourhood",
            "party_application",
            "people",
            None,
        ),  # Oct
        (
            datetime(2026, 10, 31, 16, 30, tzinfo=UTC),
            "neighbourhood",
            "police_110",
            "people",
            "agreed",
        ),  # 1 Nov
        (
            datetime(2026, 11, 10, 3, 0, tzinfo=UTC),
            "marriage_family",
            "party_application",
            "people",
            "failed",
        ),
        (datetime(2026, 11, 12, 3, 0, tzinfo=UTC), "damages", "police_110", "public_security", "referred"),
        (datetime(2026, 11, 20, 3, 0, tzinfo=UTC), "neighbourhood", "grid_report", "on_site", None),
        (
            datetime(2026, 11, 30, 15, 30, tzinfo=UTC),
            "consumer",
            "proactive",
            "people",
            "agreed",
        ),  # 30 Nov 23:30
        (datetime(2026, 11, 30, 16, 30, tzinfo=UTC), "consumer", "proactive", "people", None),  # 1 Dec
    ]
    for n, (moment, category, source, regime, outcome) in enumerate(plan):
        clock.now = moment
        record = mediation.create_case(core, desk, "XSLX01", f"s-{n}", _case(category, source, regime)).record
        if outcome == "agreed":
            mediation.record_outcome(
                core,
                desk,
                record.case_id,
                OutcomeInput("agreed", terms="李四赔偿张三200元", performance_deadline=date(2026, 12, 1)),
                version=record.version,
            )
        elif outcome == "failed":
            mediation.record_outcome(
                core,
                desk,
                record.case_id,
                OutcomeInput("failed", note="双方分歧较大"),
                version=record.version,
            )
        elif outcome == "referred":
            mediation.record_outcome(
                core,
                desk,
                record.case_id,
                OutcomeInput("referred", referred_to="驻所人民调解室"),
                version=record.version,
            )
    clock.now = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def _database_count(core: Core, *conditions: object) -> int:
    with core.db.read() as session:
        query = (
            select(func.count())
            .select_from(MediationCase)
            .join(Station, Station.id == MediationCase.station_id)
            .where(
                Station.code == "XSLX01",
                MediationCase.created_at >= NOVEMBER[0],
                MediationCase.created_at < NOVEMBER[1],
                *conditions,
            )
        )
        return int(session.execute(query).scalar_one())


def test_the_month_is_counted_by_local_day_with_every_category(
    core: Core, clock: ManualClock, desk: Actor
) -> None:
    _fill_month(core, clock, desk)
    stats = mediation_stats.monthly_statistics(core, desk, "XSLX01", 2026, 11)
    assert stats.total == 5 == _database_count(core)
    categories = {line.name: line.count for line in stats.by_category}
    assert [line.name for line in stats.by_category] == [c.name for c in load_catalog().mediation_categories]
    assert (categories["邻里"], categories["婚姻家庭"], categories["损害赔偿"], categories["消费"]) == (
        2,
        1,
        1,
        1,
    )
    assert categories["医疗"] == 0
    sources = {line.name: line.count for line in stats.by_source}
    assert (sources["110转来"], sources["当事人申请"], sources["主动调解"]) == (2, 1, 1)
    assert [(line.code, line.count) for line in stats.by_regime] == [
        ("people", 3),
        ("public_security", 1),
        ("on_site", 1),
    ]
    assert {line.code: line.count for line in stats.by_outcome} == {
        "agreed": 2,
        "failed": 1,
        "referred": 1,
        "open": 1,
    }
    days = [c.day for c in stats.cases]
    assert (days[0], days[-1]) == (date(2026, 11, 1), date(2026, 11, 30))
    december = mediation_stats.monthly_statistics(core, desk, "XSLX01", 2026, 12)
    assert december.total == 1


def test_the_workbook_totals_match_the_database(
    core: Core, clock: ManualClock, desk: Actor, tmp_path: Path
) -> None:
    _fill_month(core, clock, desk)
    target = tmp_path / "reports" / "2026-11.xlsx"
    mediation_stats.export_month_xlsx(core, desk, "XSLX01", 2026, 11, target)
    book = load_workbook(target)
    assert book.sheetnames == ["汇总", "案件清单"]
    summary = book["汇总"]
    rows = [tuple(row) for row in summary.iter_rows(values_only=True)]
    tables: dict[str, dict[str, int]] = {}
    current: dict[str, int] = {}
    for name, count, *_ in (r for r in rows if len(r) >= 2):
        if count == "件数":
            current = tables.setdefault(str(name), {})
        elif isinstance(count, int):
            current[str(name)] = count
    assert set(tables) == {"纠纷类别", "案件来源", "调解类型", "调解结果"}
    total = _database_count(core)
    for heading, table in tables.items():
        assert table["合计"] == total, heading
        assert sum(v for k, v in table.items() if k != "合计") == total, heading
    assert tables["纠纷类别"]["邻里"] == _database_count(core, MediationCase.category == "邻里")
    assert tables["调解类型"]["治安调解"] == _database_count(core, MediationCase.regime == "public_security")
    agreed = _database_count(core, MediationCase.outcome == "agreed")
    assert tables["调解结果"]["达成协议"] == agreed == 2
    assert (
        len(tables["纠纷类别"]) == len(load_catalog().mediation_categories) + 1
    )  # zeros included, plus 合计
    assert summary.column_dimensions["A"].width > 10

    listing = book["案件清单"]
    lines = list(listing.iter_rows(values_only=True))
    assert lines[0] == ("案号", "登记日期", "纠纷类别", "案件来源", "调解类型", "当事人", "状态/结果")
    assert len(lines) - 1 == total
    assert lines[1][5] == "张三、李四"
    everything = " ".join(str(v) for row in lines for v in row)
    assert ZHANG_ID not in everything
    assert "13812345678" not in everything


def test_statistics_need_the_intake_role(core: Core, admin: Actor, desk: Actor) -> None:
    auditor = make_user(core, admin, username="audit", role="auditor")
    with pytest.raises(PermissionDenied):
        mediation_stats.monthly_statistics(
            core, Actor(username="audit", role="auditor", user_id=auditor.id), "XSLX01", 2026, 11
        )
    assert mediation_stats.monthly_statistics(core, desk, "XSLX01", 2026, 11).total == 0
