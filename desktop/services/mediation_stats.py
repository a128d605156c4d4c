"""Monthly mediation statistics (矛盾纠纷调解月报): the station's cases of one month counted by category, source,
regime and outcome, and the same exported as an .xlsx workbook for the district.

A case belongs to the month (Asia/Shanghai) in which it was registered (`created_at`). Categories and sources
are listed in catalog order with zeros included; a stored name the catalog no longer has is listed after them.
The outcome of a closed case is the one it was closed with (达成协议 when it had an agreement), so the outcome
table adds up to the total; how many of them are closed is given apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Font  # type: ignore[import-untyped,unused-ignore]
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import LOCAL_TZ, local_date
from desktop.db.models import MediationCase, MediationParty, Person, Station
from desktop.domain.catalog import Choice, default_catalog
from desktop.domain.mediation_rules import OUTCOMES, REGIMES, outcome_of, status_text
from desktop.errors import NotFound, ValidationError
from desktop.services.core import Actor, Core, Permission, authorize

OUTCOME_LINES = (*OUTCOMES.items(), ("open", "调解中"))  # an open case has no outcome yet
TOTAL = "合计"


@dataclass(frozen=True)
class StatLine:
    code: str  # catalog or regime/outcome code; "" for a stored name the catalog no longer lists
    name: str
    count: int


@dataclass(frozen=True)
class CaseLine:
    case_no: str
    day: date
    category: str
    source: str
    regime_name: str
    parties: str  # names only, 、-separated (never ID numbers)
    status_name: str  # 已结案（达成协议）…


@dataclass(frozen=True)
class MonthlyStatistics:
    station_code: str
    station_name: str
    year: int
    month: int
    total: int
    closed: int  # of the total, cases already closed
    by_category: tuple[StatLine, ...]
    by_source: tuple[StatLine, ...]
    by_regime: tuple[StatLine, ...]
    by_outcome: tuple[StatLine, ...]  # agreed, failed, referred, open
    cases: tuple[CaseLine, ...]  # the month's cases in order of registration

    @property
    def title(self) -> str:
        return f"{self.station_name}{self.year}年{self.month}月矛盾纠纷调解统计"


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The UTC moments at which local (Asia/Shanghai) month `year-month` starts and the next one starts."""
    if not 1 <= month <= 12:
        raise ValidationError("month", "月份应为1至12")
    first, following = date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)
    return _utc(first), _utc(following)


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL_TZ).astimezone(UTC)


def monthly_statistics(
    core: Core, actor: Actor, station_code: str, year: int, month: int
) -> MonthlyStatistics:
    start, end = month_bounds(year, month)
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        station = session.execute(select(Station).where(Station.code == station_code)).scalar_one_or_none()
        if station is None:
            raise NotFound(f"没有代码为 {station_code} 的站点")
        cases = list(
            session.execute(
                select(MediationCase)
                .where(
                    MediationCase.station_id == station.id,
                    MediationCase.created_at >= start,
                    MediationCase.created_at < end,
                )
                .order_by(MediationCase.created_at, MediationCase.id)
            ).scalars()
        )
        names = _party_names(session, [c.id for c in cases])
        catalog = default_catalog()
        outcomes = Counter(outcome_of(c.status, c.outcome) or "open" for c in cases)
        return MonthlyStatistics(
            station_code=station.code,
            station_name=station.name,
            year=year,
            month=month,
            total=len(cases),
            closed=sum(1 for c in cases if c.status == "closed"),
            by_category=_lines(catalog.mediation_categories, Counter(c.category for c in cases)),
            by_source=_lines(catalog.mediation_sources, Counter(c.source for c in cases)),
            by_regime=tuple(
                StatLine(code, name, sum(1 for c in cases if c.regime == code))
                for code, name in REGIMES.items()
            ),
            by_outcome=tuple(StatLine(code, name, outcomes[code]) for code, name in OUTCOME_LINES),
            cases=tuple(
                CaseLine(
                    case_no=c.case_no,
                    day=local_date(c.created_at),
                    category=c.category,
                    source=c.source,
                    regime_name=REGIMES.get(c.regime, c.regime),
                    parties="、".join(names.get(c.id, ())),
                    status_name=status_text(c.status, c.outcome),
                )
                for c in cases
            ),
        )


def export_month_xlsx(
    core: Core, actor: Actor, station_code: str, year: int, month: int, path: Path
) -> MonthlyStatistics:
    """Write the month's statistics to `path` (sheets 汇总 and 案件清单); returns what was written."""
    stats = monthly_statistics(core, actor, station_code, year, month)
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append([stats.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(
        [f"统计口径：{year}年{month}月登记的案件（北京时间），共{stats.total}件，其中已结案{stats.closed}件"]
    )
    for heading, lines in (
        ("纠纷类别", stats.by_category),
        ("案件来源", stats.by_source),
        ("调解类型", stats.by_regime),
        ("调解结果", stats.by_outcome),
    ):
        summary.append([])
        summary.append([heading, "件数"])
        _bold(summary[summary.max_row])
        for line in lines:
            summary.append([line.name, line.count])
        summary.append([TOTAL, sum(line.count for line in lines)])
        _bold(summary[summary.max_row])
    _widths(summary, (24, 10))

    listing = book.create_sheet("案件清单")
    listing.append(["案号", "登记日期", "纠纷类别", "案件来源", "调解类型", "当事人", "状态/结果"])
    _bold(listing[1])
    for case in stats.cases:
        listing.append(
            [
                case.case_no,
                case.day,
                case.category,
                case.source,
                case.regime_name,
                case.parties,
                case.status_name,
            ]
        )
        listing.cell(row=listing.max_row, column=2).number_format = "yyyy-mm-dd"
    listing.freeze_panes = "A2"
    _widths(listing, (26, 12, 14, 16, 14, 30, 20))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return stats


def _lines(choices: Sequence[Choice], counts: Counter[str]) -> tuple[StatLine, ...]:
    """Catalog entries in order with zeros, then any stored name the catalog no longer lists."""
    known = {c.name for c in choices}
    lines = [StatLine(c.code, c.name, counts[c.name]) for c in choices]
    lines += [StatLine("", name, count) for name, count in sorted(counts.items()) if name not in known]
    return tuple(lines)


def _party_names(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for start in range(0, len(case_ids), 500):
        rows = session.execute(
            select(MediationParty.case_id, Person.name)
            .join(Person, Person.id == MediationParty.person_id)
            .where(MediationParty.case_id.in_(case_ids[start : start + 500]))
            .order_by(MediationParty.id)
        )
        for case_id, name in rows:
            names.setdefault(case_id, []).append(name)
    return names


def _bold(cells: Iterable[Any]) -> None:
    for cell in cells:
        cell.font = Font(bold=True)


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
