"""移交清单: the list that goes with a batch of exit-entry application materials to the district's exit-entry window.

One line per application (receipt number, name, masked ID number, document, application type, endorsements,
materials count), the totals, and signature and date lines for the one handing over and the one receiving. On
the same page frame as the receipts (header, footer with the template version, 补打 mark on later copies).
Deterministic for the same data, like every document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm

from desktop.clock import local_date
from desktop.documents import marks
from desktop.documents.blocks import Composer, Field
from desktop.documents.data import cn_date, cn_datetime
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.frame import PageFrame, compose, get_layout
from desktop.documents.marks import SignLine

TEMPLATE_VERSION = "handover-1"
TITLE = "因私出入境证件申请材料移交清单"


@dataclass(frozen=True)
class HandoverLine:
    receipt_no: str
    name: str
    id_masked: str
    document: str
    application: str
    endorsements: str  # e.g. "G一次、T多次1年", or ""
    materials: int  # pieces of material handed over


@dataclass(frozen=True)
class HandoverData:
    batch_no: str
    district: str
    station_line: str  # 新村派出所 录霞社区微派出所
    enquiry_phone: str
    created_at: datetime
    created_by: str
    lines: tuple[HandoverLine, ...]
    copy_no: int = 1
    reprint_reason: str = ""
    handed_over_at: datetime | None = None
    received_by: str = ""

    def printable_fields(self) -> dict[str, tuple[str, str]]:
        names = "".join(line.name + line.endorsements for line in self.lines)
        return {
            "names": ("申请人姓名", names),
            "station": ("站点信息", self.district + self.station_line + self.enquiry_phone),
            "staff": ("经办人", self.created_by + self.received_by + self.reprint_reason),
        }


def render_handover_list(data: HandoverData, layout: str = "A4", *, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or default_fonts()
    fonts.check(data.printable_fields())
    page = get_layout(layout)
    k = Composer(page, fonts)
    body = []
    if data.copy_no > 1:
        body += k.text(f"补打（第 {data.copy_no} 份）：{data.reprint_reason}", size=page.small_size + 0.5)
    pieces = sum(line.materials for line in data.lines)
    body += k.fields(
        [
            Field("移交批次号", data.batch_no),
            Field("制表时间", cn_datetime(data.created_at)),
            Field("移交单位", data.station_line, wide=True),
            Field("件数", f"{len(data.lines)} 件，材料 {pieces} 份"),
            Field("制表人", data.created_by),
        ],
        columns=1 if page.height is None else 2,
    )
    body.append(k.spacer(2 * mm))
    rows = [
        (str(i), line.receipt_no, line.name, line.id_masked, line.document, line.application,
         line.endorsements or "—", str(line.materials))
        for i, line in enumerate(data.lines, start=1)
    ]  # fmt: skip
    body += k.table(
        ("序号", "回执编号", "姓名", "证件号码", "证件种类", "申请类别", "签注", "材料"),
        rows,
        (0.85, 3.35, 1.1, 3.25, 1.45, 1.5, 1.6, 0.9),  # the receipt and ID numbers on one line each
        {0, 7},
    )
    body.append(k.spacer(2 * mm))
    body += k.text(f"合计：{len(data.lines)} 件，材料 {pieces} 份。接收方清点无误后签字。")
    body.append(k.spacer(4 * mm))
    handed = cn_date(local_date(data.handed_over_at)) if data.handed_over_at else ""
    body.append(
        marks.sign_pair(k, SignLine("移交人（签名）："), SignLine("接收人（签名）：", data.received_by))
    )
    body.append(marks.sign_pair(k, SignLine("移交日期：", handed), SignLine("接收日期：")))
    frame = PageFrame(
        district=data.district,
        station=data.station_line,
        title=TITLE,
        enquiry_phone=data.enquiry_phone,
        template_version=TEMPLATE_VERSION,
        document_name=f"{TITLE} {data.batch_no}",
        mark=f"补打（第 {data.copy_no} 份）" if data.copy_no > 1 else "",
        watermark="补打" if data.copy_no > 1 else "",
    )
    return compose(page, frame, fonts, body)
