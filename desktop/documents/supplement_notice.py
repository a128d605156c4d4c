"""补正材料通知书: printed instead of the receipt when materials are missing (行政许可法 art. 32, by analogy).

It tells the applicant ONCE and COMPLETELY (一次性告知) everything still missing, with the legal sentence, what
was already received, where to bring the rest, the seal box and the date; on A4 with a stub for the file.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from desktop.clock import local_date
from desktop.documents import marks
from desktop.documents.blocks import Composer, Field
from desktop.documents.data import (
    ReceiptData,
    cn_date,
    issue_day,
)
from desktop.documents.fonts import FontSet
from desktop.documents.frame import Block
from desktop.documents.marks import SignLine
from desktop.documents.receipt import party_fields, staff
from desktop.documents.sheet import close_sheet, open_sheet
from desktop.errors import ValidationError

TEMPLATE_VERSION = "supplement-2"  # 2: the proxy signs for the notice too
TITLE = "补正材料通知书"
LEGAL_SENTENCE = (
    "你于{accepted}申请办理的上述事项，经审查，申请材料不齐全。根据《中华人民共和国行政许可法》"
    "第三十二条的规定，现一次性告知你需要补正的全部材料如下："
)


def render_supplement_notice(data: ReceiptData, layout: str = "A4", *, fonts: FontSet | None = None) -> bytes:
    """The PDF; `data.missing` must list every missing material (the receipt is printed otherwise)."""
    if not data.missing:
        raise ValidationError("materials", "材料已齐全，应打印受理回执而不是补正材料通知书")
    sheet = open_sheet(data, layout, fonts, "通知书编号：")
    page, k, roll, body = sheet.page, sheet.k, sheet.roll, sheet.body
    body += k.fields(party_fields(data, "申请时间"), columns=1 if roll else 2)
    body.append(k.spacer(1.5 * mm))
    body += k.text(LEGAL_SENTENCE.format(accepted=cn_date(local_date(data.accepted_at))))
    body.append(k.heading(f"需补正的材料（共 {len(data.missing)} 项）"))
    if roll:
        rows = [
            (m.name + (f"（{m.note}）" if m.note else ""), m.form_name, str(m.count)) for m in data.missing
        ]
        body += k.table(("材料名称", "形式", "份数"), rows, (5.4, 2.0, 1.3), {1, 2})
    else:
        numbered = [
            (str(i), m.name, m.form_name, str(m.count), m.note) for i, m in enumerate(data.missing, 1)
        ]
        body += k.table(
            ("序号", "材料名称", "形式", "份数", "说明"), numbered, (0.9, 5.0, 1.5, 1.0, 2.6), {0, 2, 3}
        )
    body.append(k.spacer(1.5 * mm))
    if data.received:
        received = "、".join(f"{m.name}（{m.form_name}×{m.count}）" for m in data.received)
        body += k.text(f"已收取的材料：{received}。", size=page.small_size + 0.5)
    place = data.station_name + (f"（{data.station_address}）" if data.station_address else "")
    body.append(k.spacer(1 * mm))
    body += k.text(
        f"请一次补齐上述全部材料后，携带本通知书到{place}办理。自收到全部补正材料之日起受理，"
        "办理时限自受理之日起计算。"
    )
    body += marks.signatures(
        k,
        [
            SignLine("经办人：", staff(data.staff_name, data.staff_no)),
            SignLine("申请人签收（签名）："),
            *([SignLine("代办人签收（签名）：")] if data.agent_name else []),
            SignLine("签收日期："),
        ],
        "受理单位\n（盖章）",
        cn_date(issue_day(data)),
    )
    return close_sheet(sheet, data, TITLE, TEMPLATE_VERSION, _stub)


def _stub(k: Composer, data: ReceiptData) -> list[Block]:
    blocks = [marks.cut_line(k, "沿此线剪开 · 以下为存根，由受理单位留存")]
    blocks += k.text(f"{TITLE}存根", bold=True, align="centre")
    blocks += k.fields(
        [
            Field("通知书编号", data.number),
            Field("告知日期", cn_date(issue_day(data))),
            Field("申请人", f"{data.applicant_name}（{data.applicant_id_masked}）"),
            Field("经办人", staff(data.staff_name, data.staff_no)),
            Field("业务事项", data.business_name, wide=True),
            Field("需补正", "、".join(m.name for m in data.missing), wide=True),
        ],
        columns=2,
    )
    blocks.append(marks.sign_lines(k, [SignLine("申请人签收（签名）：", blank_mm=45)]))
    return blocks
