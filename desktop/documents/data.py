"""What the acceptance documents print, as one frozen value built by the service (rendering never reads the
database), and what every copy of them shares: dates in Asia/Shanghai, the 补打/作废/预览 marks.

Personal data arrives already masked: the full ID number never enters a document, so it cannot leak into one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.clock import LOCAL_TZ, local_date
from desktop.documents.frame import PageFrame

FORM_NAMES = {"original": "原件", "copy": "复印件"}


@dataclass(frozen=True)
class MaterialLine:
    name: str
    form: str  # original | copy
    count: int
    note: str = ""

    @property
    def form_name(self) -> str:
        return FORM_NAMES.get(self.form, self.form)


@dataclass(frozen=True)
class ReceiptData:
    """One application as its 受理回执 or 补正材料通知书 shows it, plus which copy this is."""

    number: str
    kind: str  # walkin | exit_entry
    district: str  # 湛江市公安局霞山分局
    police_station: str
    station_name: str
    station_address: str
    enquiry_phone: str
    business_name: str
    application_type: str
    applicant_name: str
    applicant_id_masked: str
    applicant_phone_masked: str
    accepted_at: datetime  # UTC; printed in Asia/Shanghai
    time_limit: str  # the legal or promised limit, as the catalog words it
    due_date: date | None  # None: done on the spot
    fee_text: str
    fee_basis: str
    staff_name: str
    staff_no: str
    qr_payload: str
    received: tuple[MaterialLine, ...] = ()
    missing: tuple[MaterialLine, ...] = ()
    fee_items: str = ""  # the parts of the fee, when there are several
    agent_name: str = ""
    agent_id_masked: str = ""
    agent_relation: str = ""
    due_warning: str = ""
    pickup_method: str = "self"  # self | post
    post_address: str = ""
    reviewer_name: str = ""
    reviewer_no: str = ""
    notes: str = ""
    copy_no: int = 1
    reprint_reason: str = ""
    voided: bool = False
    void_reason: str = ""
    preview: bool = False
    issued_on: date | None = None  # the day of the first copy (a notice's date); None: the day of acceptance
    printed_at: datetime | None = None  # UTC; the time of this copy, shown on a reprint

    @property
    def is_reprint(self) -> bool:
        return self.copy_no > 1 or bool(self.reprint_reason)

    @property
    def station_line(self) -> str:
        return " ".join(part for part in (self.police_station, self.station_name) if part)

    def printable_fields(self) -> dict[str, tuple[str, str]]:
        """Free text that reaches the paper, by data-model field, with a label for the warning."""
        materials = "".join(m.name + m.note for m in (*self.received, *self.missing))
        return {
            "name": ("申请人姓名", self.applicant_name),
            "agent_name": ("代办人姓名", self.agent_name + self.agent_relation),
            "post_address": ("邮寄地址", self.post_address),
            "notes": ("备注", self.notes),
            "staff_name": ("受理人姓名", self.staff_name + self.reviewer_name),
            "materials": ("材料名称", materials),
            "station": (
                "站点信息",
                self.district + self.station_line + self.station_address + self.enquiry_phone,
            ),
            "reprint_reason": ("补打或作废原因", self.reprint_reason + self.void_reason),
        }


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def cn_datetime(moment: datetime) -> str:
    local = moment.astimezone(LOCAL_TZ)
    return f"{cn_date(local.date())} {local:%H:%M}"


def issue_day(data: ReceiptData) -> date:
    return data.issued_on or local_date(data.accepted_at)


def page_frame(data: ReceiptData, title: str, template_version: str) -> PageFrame:
    mark, watermark = "", ""
    if data.voided:
        mark = watermark = "作废"
    elif data.is_reprint:
        mark, watermark = f"补打（第 {data.copy_no} 份）", "补打"
    if data.preview:  # on screen only: what the next copy will look like (a void still shows as 作废)
        mark = "预览" + (f" · {mark}" if mark else "（未打印）")
        watermark = watermark if data.voided else "预览"
    return PageFrame(
        district=data.district,
        station=data.station_line,
        title=title,
        enquiry_phone=data.enquiry_phone,
        template_version=template_version,
        document_name=f"{title} {data.number}",
        mark=mark,
        watermark=watermark,
        red=data.voided,
    )


def copy_lines(data: ReceiptData) -> list[str]:
    """The lines that say why this copy differs from the first one (shown at the top of the body)."""
    lines = []
    if data.voided:
        lines.append(f"本件已作废，不作为领取凭证。作废原因：{data.void_reason or '—'}")
    if data.is_reprint:
        when = f"；补打时间：{cn_datetime(data.printed_at)}" if data.printed_at else ""
        lines.append(f"补打第 {data.copy_no} 份，补打原因：{data.reprint_reason or '—'}{when}")
    return lines
