"""社区微派出所工作日报: the signed-off day on paper, on the same page frame as the receipts and the handover list.

The day's intake by kind and business type (with fees), by desk and by status; the till close-out (fees collected,
fee-bearing records, voided records listed apart); consultations by topic; the exceptions the officer looked at;
the officer's comment; and the sign line with the time of the sign-off. The figures come frozen from the
sign-off (the service builds this value; rendering never reads the database). A later copy is marked 补打, a
preview 预览. A4 or A5 (the roll is too narrow for the tables). Deterministic for the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm

from desktop.documents import marks
from desktop.documents.blocks import Composer, Field
from desktop.documents.data import cn_date, cn_datetime
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.frame import (
    Block,
    Layout,
    PageFrame,
    body_height,
    compose,
    get_layout,
    paginate,
)
from desktop.documents.marks import SignLine
from desktop.errors import ValidationError

TEMPLATE_VERSION = "daily-1"
TITLE = "社区微派出所工作日报"
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Row:
    """One line of a figures table: a label, a count, and the fees of those records in fen."""

    label: str
    count: int
    fen: int = 0


@dataclass(frozen=True)
class VoidLine:
    number: str
    business: str
    applicant: str
    fee_fen: int
    reason: str


@dataclass(frozen=True)
class ExceptionLine:
    kind_name: str
    number: str
    subject: str
    detail: str
    who: str = ""


@dataclass(frozen=True)
class DailyReportData:
    number: str  # <station code>-RB-<YYYYMMDD>
    district: str
    station_line: str  # 新村派出所 录霞社区微派出所
    enquiry_phone: str
    day: date
    total: int  # applications of the day, every status
    by_kind: tuple[Row, ...]  # 来访受理 / 出入境 / 矛盾调解 / 咨询
    by_business: tuple[Row, ...]
    by_staff: tuple[Row, ...]
    by_status: tuple[Row, ...]
    fee_total_fen: int
    fee_records: int
    fees_by_business: tuple[Row, ...]
    voided: tuple[VoidLine, ...]
    consultations: tuple[Row, ...]
    exceptions: tuple[ExceptionLine, ...]
    officer_name: str
    officer_no: str
    signed_at: datetime | None  # None: not signed off yet (a preview)
    comment: str = ""
    copy_no: int = 1
    reprint_reason: str = ""
    preview: bool = False
    printed_at: datetime | None = None

    def printable_fields(self) -> dict[str, tuple[str, str]]:
        labels = "".join(
            r.label for r in (*self.by_kind, *self.by_business, *self.by_status, *self.consultations)
        )
        voided = "".join(v.number + v.business + v.applicant + v.reason for v in self.voided)
        found = "".join(e.kind_name + e.number + e.subject + e.detail + e.who for e in self.exceptions)
        return {
            "station": ("站点信息", self.district + self.station_line + self.enquiry_phone),
            "labels": ("业务类型", labels),
            "staff": (
                "工作人员姓名",
                "".join(r.label for r in self.by_staff) + self.officer_name + self.officer_no,
            ),
            "voided": ("作废记录", voided),
            "exceptions": ("异常事项", found),
            "comment": ("审核意见", self.comment),
            "reprint_reason": ("补打原因", self.reprint_reason),
        }


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals and thousands separators, exactly (no float)."""
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def render_daily_report(data: DailyReportData, layout: str = "A4", *, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or default_fonts()
    fonts.check(data.printable_fields())
    page = get_layout(layout)
    if page.height is None:
        raise ValidationError("layout", "工作日报请用A4或A5纸打印（热敏卷纸放不下统计表）")
    k = _Tables(page, fonts)
    body: list[Block] = []
    if data.copy_no > 1:
        body += k.text(f"补打（第 {data.copy_no} 份）：{data.reprint_reason}", size=page.small_size + 0.5)
    signed = cn_datetime(data.signed_at) if data.signed_at else "未签结"
    body += k.fields(
        [
            Field("日报编号", data.number),
            Field("工作日期", f"{cn_date(data.day)} 星期{WEEKDAYS[data.day.weekday()]}"),
            Field("签结民警", _officer(data) or "—"),
            Field("签结时间", signed),
        ],
        columns=2,
    )
    body += _intake(k, data)
    body += _people_and_status(k, data)
    body += _fees(k, data)
    body += _consultations(k, data)
    body += _exceptions(k, data)
    body.append(k.heading("六、审核意见"))
    body += k.text(data.comment or "无")
    body.append(k.spacer(5 * mm))
    body.append(
        marks.sign_pair(k, SignLine("签结民警：", _officer(data) or "（未签结）"), SignLine("签名："))
    )
    printed = cn_datetime(data.printed_at) if data.printed_at else ""
    body.append(marks.sign_pair(k, SignLine("签结时间：", signed), SignLine("打印时间：", printed)))
    frame = _frame(data)
    return compose(page, frame, fonts, k.repeat_headers(body, body_height(page, frame, fonts)))


class _Tables(Composer):
    """A Composer whose tables repeat their header row at the top of every page they continue on."""

    def __init__(self, layout: Layout, fonts: FontSet) -> None:
        super().__init__(layout, fonts)
        self.continues: dict[int, Block] = {}  # id of a table row → its table's header row

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        fractions: Sequence[float],
        centred: set[int],
    ) -> list[Block]:
        blocks = super().table(headers, rows, fractions, centred)
        self.continues.update((id(row), blocks[0]) for row in blocks[1:])
        return blocks

    def repeat_headers(self, body: list[Block], available: float) -> list[Block]:
        """Plan the pages as `compose` will; where a page starts with a table row, put the header before it."""
        body = list(body)
        while True:
            starts = [page[0] for page in paginate(body, available)[1:] if page]
            row = next((b for b in starts if id(b) in self.continues), None)
            if row is None:
                return body
            body.insert(next(i for i, b in enumerate(body) if b is row), self.continues.pop(id(row)))


def _officer(data: DailyReportData) -> str:
    if not data.officer_name:
        return ""
    return data.officer_name + (f"（警号 {data.officer_no}）" if data.officer_no else "")


def _frame(data: DailyReportData) -> PageFrame:
    mark, watermark = "", ""
    if data.copy_no > 1:
        mark, watermark = f"补打（第 {data.copy_no} 份）", "补打"
    if data.preview:
        mark, watermark = "预览" + ("" if data.signed_at else "（未签结）"), "预览"
    return PageFrame(
        district=data.district,
        station=data.station_line,
        title=TITLE,
        enquiry_phone=data.enquiry_phone,
        template_version=TEMPLATE_VERSION,
        document_name=f"{TITLE} {data.number}",
        mark=mark,
        watermark=watermark,
    )


def _intake(k: Composer, data: DailyReportData) -> list[Block]:
    kinds = {r.label: r.count for r in data.by_kind}
    walkin, exit_entry = kinds.get("来访受理", 0), kinds.get("出入境", 0)
    summary = (
        f"当日受理业务 {data.total} 件（来访受理 {walkin} 件，出入境 {exit_entry} 件）；"
        f"登记矛盾调解 {kinds.get('矛盾调解', 0)} 件；接待咨询 {kinds.get('咨询', 0)} 次。"
    )
    blocks = [k.heading("一、受理概况"), *k.text(summary)]
    if data.by_business:
        rows = [(r.label, str(r.count), yuan(r.fen)) for r in data.by_business]
        rows.append(("合计", str(data.total), yuan(sum(r.fen for r in data.by_business))))
        blocks.append(k.spacer(1.5 * mm))
        blocks += k.table(("业务类型", "件数", "收费（元，作废不计）"), rows, (5, 1.3, 2.2), {1, 2})
    return blocks


def _people_and_status(k: Composer, data: DailyReportData) -> list[Block]:
    if not data.total:
        return []
    half = Composer(k.layout, k.fonts)
    gap = 6 * mm
    half.width = (k.width - gap) / 2
    staff = half.table(("受理人", "件数"), [(r.label, str(r.count)) for r in data.by_staff], (3, 1.2), {1})
    status = half.table(
        ("办理状态", "件数"), [(r.label, str(r.count)) for r in data.by_status], (3, 1.2), {1}
    )
    return [k.heading("二、受理人与办理状态"), _side_by_side(staff, status, half.width + gap)]


def _side_by_side(left: list[Block], right: list[Block], step: float) -> Block:
    """Two small tables next to each other, as one block (they are a few rows each: never taller than a page)."""
    height = max(sum(b.height for b in left), sum(b.height for b in right))

    def draw(c: Any, x: float, top: float) -> None:
        for dx, blocks in ((0.0, left), (step, right)):
            y = top
            for block in blocks:
                block.draw(c, x + dx, y)
                y -= block.height

    return Block(height, draw)


def _fees(k: Composer, data: DailyReportData) -> list[Block]:
    voided_fen = sum(v.fee_fen for v in data.voided)
    line = f"收费合计 {yuan(data.fee_total_fen)} 元，收费业务 {data.fee_records} 件"
    line += f"；作废 {len(data.voided)} 件不计入（涉及 {yuan(voided_fen)} 元）。" if data.voided else "。"
    blocks = [k.heading("三、收费核对"), *k.text(line + "请与当日现金、票据核对。")]
    if data.fees_by_business:
        rows = [(r.label, str(r.count), yuan(r.fen)) for r in data.fees_by_business]
        rows.append(("合计", str(data.fee_records), yuan(data.fee_total_fen)))
        blocks.append(k.spacer(1.5 * mm))
        blocks += k.table(("收费业务", "收费件数", "金额（元）"), rows, (5, 1.3, 2.2), {1, 2})
    if data.voided:
        blocks.append(k.spacer(1.5 * mm))
        blocks += k.text("作废记录（不计入收费）：")
        voids = [(v.number, v.business, v.applicant, yuan(v.fee_fen), v.reason or "—") for v in data.voided]
        blocks += k.table(
            ("回执编号", "业务类型", "申请人", "金额（元）", "作废原因"),
            voids,
            (3.3, 2.4, 1.4, 1.5, 3.4),
            {3},
        )
    return blocks


def _consultations(k: Composer, data: DailyReportData) -> list[Block]:
    total = sum(r.count for r in data.consultations)
    blocks = [k.heading("四、咨询登记")]
    if not total:
        return [*blocks, *k.text("当日无咨询登记。")]
    text = "、".join(f"{r.label} {r.count} 次" for r in data.consultations)
    return [*blocks, *k.text(f"共 {total} 次：{text}。")]


def _exceptions(k: Composer, data: DailyReportData) -> list[Block]:
    blocks = [k.heading(f"五、异常事项（{len(data.exceptions)} 项）")]
    if not data.exceptions:
        return [*blocks, *k.text("无。")]
    rows = [(e.kind_name, e.number, e.subject, e.detail or "—", e.who or "—") for e in data.exceptions]
    return blocks + k.table(("类别", "编号", "事项", "说明", "经办"), rows, (1.7, 3.6, 2.6, 4.0, 1.4), set())
