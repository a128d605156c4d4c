"""受理回执: what the resident takes home, and on A4 the stub (存根) the station files.

It shows what DOMAIN.md lists: the number (with QR code, and Code 128 on A4/A5), business and application type,
the applicant (name, masked ID, masked phone) and the proxy if any, the materials received (原件/复印件 × count),
fee and basis, acceptance time, the time limit and the due date, how to pick up, the staff member and the
reviewing officer, the seal box, the applicant's signature line and the notes; the enquiry phone is in the
footer. A change of wording or layout is a new TEMPLATE_VERSION (stored with every printed copy).
"""

from __future__ import annotations

from desktop.clock import local_date
from desktop.documents import marks
from desktop.documents.blocks import Composer, Field
from desktop.documents.data import (
    MaterialLine,
    ReceiptData,
    cn_date,
    cn_datetime,
)
from desktop.documents.fonts import FontSet
from desktop.documents.frame import Block
from desktop.documents.marks import SignLine
from desktop.documents.sheet import close_sheet, open_sheet

TEMPLATE_VERSION = "receipt-2"  # 2: 有效身份证件 (not only the mainland card); the proxy signs too
TITLE = "受理回执"


def render_receipt(data: ReceiptData, layout: str = "A4", *, fonts: FontSet | None = None) -> bytes:
    """The PDF; raises UnsupportedCharacters (a ValidationError) before drawing if a character can't be printed."""
    sheet = open_sheet(data, layout, fonts, "回执编号：")
    page, k, roll, body = sheet.page, sheet.k, sheet.roll, sheet.body
    body += k.fields(facts(data), columns=1 if roll else 2)
    body.append(k.heading(f"已收材料（共 {len(data.received)} 项）"))
    body += materials_table(k, data.received, roll)
    body.append(k.heading("注意事项"))
    for i, note in enumerate(notes(data), start=1):
        size = page.body_size - 0.5
        body += k.text(f"{i}. {note}", size=size, indent=k.fonts.width(f"{i}. ", size))
    body += marks.signatures(
        k,
        [
            SignLine("受理人：", staff(data.staff_name, data.staff_no)),
            SignLine("审核民警：", staff(data.reviewer_name, data.reviewer_no)),
            SignLine("申请人（签名）："),
            *([SignLine("代办人（签名）：")] if data.agent_name else []),
        ],
        "受理单位\n（盖章）",
        cn_date(local_date(data.accepted_at)),
    )
    return close_sheet(sheet, data, TITLE, TEMPLATE_VERSION, _stub)


def materials_table(k: Composer, materials: tuple[MaterialLine, ...], roll: bool) -> list[Block]:
    """序号 | 材料名称 | 形式 | 份数 (the roll leaves out the serial number: it is too narrow)."""
    if roll:
        rows = [(m.name, m.form_name, str(m.count)) for m in materials]
        return k.table(("材料名称", "形式", "份数"), rows, (5.4, 2.0, 1.3), {1, 2})
    numbered = [(str(i), m.name, m.form_name, str(m.count)) for i, m in enumerate(materials, start=1)]
    return k.table(("序号", "材料名称", "形式", "份数"), numbered, (0.9, 6.5, 1.6, 1.1), {0, 2, 3})


def staff(name: str, number: str) -> str:
    return f"{name}（{number}）" if name and number else name


def due_text(data: ReceiptData) -> str:
    return "当场办结" if data.due_date is None else cn_date(data.due_date)


def party_fields(data: ReceiptData, time_label: str) -> list[Field]:
    """Business, applicant and proxy: the first rows of both acceptance documents."""
    items = [
        Field("业务事项", data.business_name),
        Field("申请类型", data.application_type),
        Field("申请人", data.applicant_name),
        Field("证件号码", data.applicant_id_masked),
        Field("联系电话", data.applicant_phone_masked),
        Field(time_label, cn_datetime(data.accepted_at)),
    ]
    if data.agent_name:
        relation = f"（{data.agent_relation}）" if data.agent_relation else ""
        items += [Field("代办人", data.agent_name + relation), Field("代办人证件", data.agent_id_masked)]
    return items


def facts(data: ReceiptData) -> list[Field]:
    items = party_fields(data, "受理时间")
    items += [
        Field("收费金额", data.fee_text),
        Field("承诺办结", due_text(data)),
        *([Field("收费明细", data.fee_items, wide=True)] if data.fee_items else []),
        Field("收费依据", data.fee_basis, wide=True),
        Field("办理时限", data.time_limit, wide=True),
        Field("领取方式", pickup(data), wide=True),
    ]
    if data.notes:
        items.append(Field("备注", data.notes, wide=True))
    return items


def pickup(data: ReceiptData) -> str:
    if data.pickup_method == "post":
        return f"EMS 邮寄：办结后寄往 {data.post_address}"
    place = data.station_name + (f"（{data.station_address}）" if data.station_address else "")
    if data.due_date is None:
        return f"当场办结、当场领取；当场未能办结的，凭本回执到{place}领取"
    return f"自取：{cn_date(data.due_date)}起凭本回执和申请人有效身份证件到{place}领取"


def notes(data: ReceiptData) -> list[str]:
    items = [
        "请妥善保管本回执，领取时须出示本回执和申请人有效身份证件原件。",
        "委托他人代领的，代领人须同时携带申请人和代领人双方的有效身份证件。",
        "回执遗失的，须由申请人本人携带有效身份证件到场，书面说明遗失情况后领取。",
    ]
    if data.kind == "exit_entry":
        items.append("出入境证件制发后保留 3 个月，逾期未领取的按有关规定处理。")
    if data.due_warning:
        items.append(data.due_warning + "；如遇节假日调整，办结日期顺延。")
    return items


def _stub(k: Composer, data: ReceiptData) -> list[Block]:
    applicant = f"{data.applicant_name}（{data.applicant_id_masked}）"
    business = data.business_name + (f"（{data.application_type}）" if data.application_type != "—" else "")
    blocks = [marks.cut_line(k, "沿此线剪开 · 以下为存根，由受理单位留存")]
    blocks += k.text(f"{TITLE}存根", bold=True, align="centre")
    blocks += k.fields(
        [
            Field("回执编号", data.number),
            Field("受理时间", cn_datetime(data.accepted_at)),
            Field("申请人", applicant),
            Field("业务事项", business),
            Field("收费金额", data.fee_text),
            Field("承诺办结", due_text(data)),
        ],
        columns=2,
    )
    staff_line = SignLine("受理人：", staff(data.staff_name, data.staff_no))
    blocks.append(marks.sign_pair(k, staff_line, SignLine("申请人签收（签名）：", blank_mm=40)))
    return blocks
