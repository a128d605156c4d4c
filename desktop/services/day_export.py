"""Export a day's or a month's intake of one station to .xlsx (officer only): one sheet per kind — 来访受理,
出入境, 矛盾调解 (cases registered in the period), 咨询 — each with a 合计 row.

Personal data leaves masked: ID numbers in the one masking pattern, and the free text of consultation notes
through the log mask (a note may hold a phone or ID number). The 合计 row counts every row of the sheet; its fee
total leaves voided records out, as the day board does. Every export is audited (`day.export`) with its counts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop.clock import LOCAL_TZ, format_local
from desktop.db.models import (
    Application,
    Consultation,
    Endorsement,
    ExitEntryDetail,
    HandoverBatch,
    MediationCase,
    MediationParty,
    Person,
    StaffUser,
)
from desktop.domain import status as st
from desktop.domain.catalog import default_catalog
from desktop.domain.identity import mask_id_number, mask_text_for_log
from desktop.domain.mediation_rules import REGIMES, RISK_LEVELS, STATUS_NAMES
from desktop.errors import ValidationError
from desktop.services import audit
from desktop.services.consultation import CHANNEL_NAMES, topic_name
from desktop.services.core import Actor, Core, Permission, authorize
from desktop.services.day_board import day_range, find_station
from desktop.services.handover import SHORT_TIERS
from desktop.services.receipt_search import business_name

MAX_DAYS = 31
SHEETS = ("来访受理", "出入境", "矛盾调解", "咨询")
FEE_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class SheetTotal:
    sheet: str
    rows: int  # records on the sheet (the 合计 row's count)
    fee_fen: int  # the 合计 row's fee (voided records left out); 0 for sheets without fees


@dataclass(frozen=True)
class ExportFile:
    filename: str  # a suggestion for the save dialog
    content: bytes
    totals: tuple[SheetTotal, ...]


@dataclass
class _Sheet:
    name: str
    headers: tuple[str, ...]
    widths: tuple[int, ...]
    rows: list[list[Any]]
    fee_column: int | None = None  # index of the fee column (values in yuan)
    fee_fen: int = 0


def export_day(core: Core, actor: Actor, station_code: str, day: date) -> ExportFile:
    return _export(core, actor, station_code, day, day, f"{day:%Y%m%d}")


def export_month(core: Core, actor: Actor, station_code: str, year: int, month: int) -> ExportFile:
    if not 1 <= month <= 12:
        raise ValidationError("month", "月份应为1–12")
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return _export(core, actor, station_code, first, last, f"{first:%Y%m}")


def _export(core: Core, actor: Actor, station_code: str, first: date, last: date, label: str) -> ExportFile:
    if last < first or (last - first).days >= MAX_DAYS:
        raise ValidationError("day", f"一次最多导出{MAX_DAYS}天")
    with core.db.read() as session:
        authorize(session, actor, Permission.REVIEW)
        station = find_station(session, station_code)
        sheets = [
            _walkin(session, station.id, first, last),
            _exit_entry(session, station.id, first, last),
            _mediation(session, station.id, first, last),
            _consultations(session, station.id, first, last),
        ]
        station_name = station.name
    content = _workbook(sheets, f"{station_code} {station_name} {label}", core.clock())
    totals = tuple(SheetTotal(s.name, len(s.rows), s.fee_fen) for s in sheets)
    with core.db.write() as session:
        authorize(session, actor, Permission.REVIEW)
        counts = "，".join(f"{t.sheet}{t.rows}条" for t in totals)
        audit.record(session, core, actor, "day.export", entity="station", entity_id=f"{station_code}-{label}",
                     detail=f"导出{first.isoformat()}至{last.isoformat()}受理登记：{counts}")  # fmt: skip
    return ExportFile(f"{station_code}-受理登记-{label}.xlsx", content, totals)


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def _masked(number: str | None) -> str:
    return mask_id_number(number) if number else ""


def _applications(session: Session, station_id: int, first: date, last: date, kind: str) -> Any:
    applicant, agent = aliased(Person), aliased(Person)
    creator, reviewer = aliased(StaffUser), aliased(StaffUser)
    return session.execute(
        select(Application, applicant.name, applicant.id_number, agent.name, agent.id_number,
               creator.display_name, reviewer.display_name)
        .join(applicant, applicant.id == Application.applicant_id)
        .outerjoin(agent, agent.id == Application.agent_id)
        .outerjoin(creator, creator.id == Application.created_by)
        .outerjoin(reviewer, reviewer.id == Application.reviewed_by)
        .where(Application.station_id == station_id, Application.kind == kind,
               Application.business_day >= first, Application.business_day <= last)
        .order_by(Application.business_day, Application.id)
    ).tuples()  # fmt: skip


def _walkin(session: Session, station_id: int, first: date, last: date) -> _Sheet:
    sheet = _Sheet(
        "来访受理",
        ("序号", "回执编号", "受理时间", "业务类型", "申请人", "证件号码", "代办人", "代办人证件号码",
         "收费（元）", "承诺办结日期", "状态", "受理人", "审核人", "退回原因"),
        (6, 22, 17, 22, 10, 21, 10, 21, 11, 13, 14, 10, 10, 30),
        [], fee_column=8,
    )  # fmt: skip
    for app, name, number, agent, agent_number, creator, reviewer in _applications(
        session, station_id, first, last, "walkin"
    ):
        sheet.rows.append([
            len(sheet.rows) + 1, app.receipt_no or "", format_local(app.created_at),
            business_name(app.kind, app.business_code), name, _masked(number), agent or "", _masked(agent_number),
            _yuan(app.fee_fen), app.promised_date, st.status_name(app.status), creator or "", reviewer or "",
            app.review_note,
        ])  # fmt: skip
        sheet.fee_fen += 0 if app.status == st.VOIDED else app.fee_fen
    return sheet


def _exit_entry(session: Session, station_id: int, first: date, last: date) -> _Sheet:
    sheet = _Sheet(
        "出入境",
        ("序号", "回执编号", "受理时间", "证件种类", "申请类别", "签注", "申请人", "证件号码", "代办人",
         "收费（元）", "承诺办结日期", "状态", "移交批次", "受理人", "审核人"),
        (6, 22, 17, 16, 10, 18, 10, 21, 10, 11, 13, 14, 22, 10, 10),
        [], fee_column=9,
    )  # fmt: skip
    catalog = default_catalog().exit_entry
    types = {c.code: c.name for c in catalog.application_types}
    rows = list(_applications(session, station_id, first, last, "exit_entry"))
    ids = [row[0].id for row in rows]
    details = {
        d.application_id: (d, batch_no)
        for d, batch_no in session.execute(
            select(ExitEntryDetail, HandoverBatch.batch_no)
            .outerjoin(HandoverBatch, HandoverBatch.id == ExitEntryDetail.batch_id)
            .where(ExitEntryDetail.application_id.in_(ids))
        ).tuples()
    }
    endorsements: dict[int, list[str]] = {}
    for e in session.execute(select(Endorsement).where(Endorsement.application_id.in_(ids))).scalars():
        endorsements.setdefault(e.application_id, []).append(f"{e.type}{SHORT_TIERS.get(e.tier, e.tier)}")
    for app, name, number, agent, _agent_number, creator, reviewer in rows:
        detail, batch_no = details.get(app.id, (None, None))
        sheet.rows.append([
            len(sheet.rows) + 1, app.receipt_no or "", format_local(app.created_at),
            business_name(app.kind, app.business_code),
            types.get(detail.application_type, detail.application_type) if detail else "",
            "、".join(endorsements.get(app.id, [])), name, _masked(number), agent or "", _yuan(app.fee_fen),
            app.promised_date, st.status_name(app.status), batch_no or "", creator or "", reviewer or "",
        ])  # fmt: skip
        sheet.fee_fen += 0 if app.status == st.VOIDED else app.fee_fen
    return sheet


def _mediation(session: Session, station_id: int, first: date, last: date) -> _Sheet:
    sheet = _Sheet(
        "矛盾调解",
        ("序号", "案件编号", "登记时间", "调解类型", "来源", "纠纷类别", "风险等级", "当事人", "状态", "登记人"),
        (6, 26, 17, 13, 14, 14, 9, 30, 14, 10),
        [],
    )  # fmt: skip
    start, end = day_range(first)[0], day_range(last)[1]
    cases = list(
        session.execute(
            select(MediationCase, StaffUser.display_name)
            .outerjoin(StaffUser, StaffUser.id == MediationCase.created_by)
            .where(MediationCase.station_id == station_id, MediationCase.created_at >= start,
                   MediationCase.created_at < end)
            .order_by(MediationCase.created_at, MediationCase.id)
        ).tuples()
    )  # fmt: skip
    parties: dict[int, list[str]] = {}
    for case_id, name in session.execute(
        select(MediationParty.case_id, Person.name)
        .join(Person, Person.id == MediationParty.person_id)
        .where(MediationParty.case_id.in_([c.id for c, _ in cases]))
        .order_by(MediationParty.id)
    ).tuples():
        parties.setdefault(case_id, []).append(name)
    for case, creator in cases:
        sheet.rows.append([
            len(sheet.rows) + 1, case.case_no, format_local(case.created_at), REGIMES.get(case.regime, case.regime),
            case.source, case.category, RISK_LEVELS.get(case.risk_level, case.risk_level),
            "、".join(parties.get(case.id, [])), STATUS_NAMES.get(case.status, case.status), creator or "",
        ])  # fmt: skip
    return sheet


def _consultations(session: Session, station_id: int, first: date, last: date) -> _Sheet:
    sheet = _Sheet("咨询", ("序号", "时间", "方式", "咨询事项", "摘要", "登记人"), (6, 17, 8, 20, 50, 10), [])
    rows = session.execute(
        select(Consultation, StaffUser.display_name)
        .outerjoin(StaffUser, StaffUser.id == Consultation.created_by)
        .where(Consultation.station_id == station_id, Consultation.business_day >= first,
               Consultation.business_day <= last)
        .order_by(Consultation.business_day, Consultation.id)
    ).tuples()  # fmt: skip
    for row, creator in rows:
        sheet.rows.append([
            len(sheet.rows) + 1, format_local(row.created_at), CHANNEL_NAMES.get(row.channel, row.channel),
            topic_name(row.topic), mask_text_for_log(row.note), creator or "",
        ])  # fmt: skip
    return sheet


def _workbook(sheets: Sequence[_Sheet], title: str, now: datetime) -> bytes:
    # Imported when someone exports (not at start-up); no stubs or py.typed in openpyxl 3.1.
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = "微站前台"
    book.properties.created = book.properties.modified = now.astimezone(LOCAL_TZ).replace(tzinfo=None)
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="E8E8E8")
    for spec in sheets:
        ws = book.create_sheet(spec.name)
        ws.append(list(spec.headers))
        for cell in ws[1]:
            cell.font, cell.fill = bold, shade
        for row in spec.rows:
            ws.append(row)
        total: list[Any] = ["合计", len(spec.rows)] + [None] * (len(spec.headers) - 2)
        if spec.fee_column is not None:
            total[spec.fee_column] = _yuan(spec.fee_fen)
            total[-1] = "作废记录不计入收费"
        ws.append(total)
        last = ws.max_row
        for cell in ws[last]:
            cell.font = bold
        ws.cell(last, 2).number_format = '0"条"'
        if spec.fee_column is not None:
            for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=spec.fee_column + 1,
                                        max_col=spec.fee_column + 1):  # fmt: skip
                cell.number_format = FEE_FORMAT
        for index, width in enumerate(spec.widths, start=1):
            ws.column_dimensions[ws.cell(1, index).column_letter].width = width
        ws.freeze_panes = "A2"
        if spec.rows:
            ws.auto_filter.ref = f"A1:{ws.cell(last - 1, len(spec.headers)).coordinate}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
