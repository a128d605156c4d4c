"""调解协议书: the agreement the parties sign at the end of a mediation, one complete copy per holder.

What DOMAIN.md lists as its statutory contents: the parties (one ruled block each: role, name, gender, birth,
masked ID, address, masked phone), the main facts, the disputed points, each side's responsibility, the agreed
terms (the user's own lines and numbering kept), how, where and by when they are performed, the clause on when it
takes effect (人民调解: signatures and the committee seal, 司法确认 within 30 days; 治安调解: performed or else the
public-order case is dealt with under the 治安管理处罚法), how many copies there are, then a signature line and a
fingerprint box for each party, the mediators' lines, the seal box with the organisation and the date.

Every copy starts on a new page with its label ("第1份/共3份  申请人张三执") at the top right and may flow over
pages; the footer counts the pages of the whole file. The 80 mm roll prints the copies one after another with a
cut line between them, and the seal as a line. A section with no text is left out, heading and all; the terms,
two parties and one copy label are required.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm

from desktop.documents import marks
from desktop.documents.blocks import Composer, Field
from desktop.documents.data import cn_date
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.frame import (
    Block,
    PageFrame,
    body_height,
    compose,
    get_layout,
    paginate,
)
from desktop.errors import ValidationError

TEMPLATE_VERSION = "mediation-1"
TITLES = {"people": "人民调解协议书", "public_security": "治安调解协议书", "on_site": "现场治安调解协议书"}
_NUMBERED = re.compile(r"\s*(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[、.．])\s*")
_NAMES_SPLIT = re.compile(r"[、，,；;\n]+")
_GREY = 0.45


@dataclass(frozen=True)
class AgreementParty:
    role: str  # 申请人 / 被申请人 / 其他当事人
    name: str
    gender: str  # 男 / 女 / ""
    birth: str  # "1968年3月" or ""
    id_masked: str  # masked ID number or ""
    address: str
    phone_masked: str


@dataclass(frozen=True)
class AgreementData:
    regime: str  # people | public_security | on_site
    case_no: str  # (2026)录霞调字第007号
    district: str
    station_line: str  # 新村派出所 录霞社区微派出所
    enquiry_phone: str
    organisation: str  # 人民调解: the committee; 治安调解: the police station
    parties: tuple[AgreementParty, ...]
    facts: str  # 纠纷主要事实
    dispute_points: str  # 争议事项
    responsibility: str  # 各方责任
    terms: str  # 协议内容, as typed (lines and numbering kept)
    performance_method: str  # 履行方式、地点
    performance_deadline: date | None
    mediators: str
    agreed_on: date
    copy_labels: tuple[str, ...]  # one complete agreement per label, e.g. 申请人张三执
    copy_no: int = 1
    reprint_reason: str = ""

    def printable_fields(self) -> dict[str, tuple[str, str]]:
        """Free text that reaches the paper, by field, with a label for the warning."""
        people = self.parties
        return {
            "party_names": ("当事人姓名", "".join(p.name for p in people)),
            "party_addresses": ("当事人住址", "".join(p.address for p in people)),
            "party_details": (
                "当事人信息",
                "".join(p.role + p.gender + p.birth + p.id_masked + p.phone_masked for p in people),
            ),
            "facts": ("纠纷主要事实", self.facts),
            "dispute_points": ("争议事项", self.dispute_points),
            "responsibility": ("各方责任", self.responsibility),
            "terms": ("协议内容", self.terms),
            "performance_method": ("履行方式、地点", self.performance_method),
            "mediators": ("调解人员", self.mediators),
            "organisation": ("调解组织", self.organisation + self.case_no),
            "station": ("站点信息", self.district + self.station_line + self.enquiry_phone),
            "copy_labels": ("份数说明", "".join(self.copy_labels)),
            "reprint_reason": ("补打原因", self.reprint_reason),
        }


def render_agreement(data: AgreementData, layout: str = "A4", *, fonts: FontSet | None = None) -> bytes:
    """The PDF; raises UnsupportedCharacters (a ValidationError) before drawing if a character can't be printed."""
    _require(data)
    fonts = fonts or default_fonts()
    fonts.check(data.printable_fields())
    page = get_layout(layout)
    k = Composer(page, fonts)
    title = TITLES[data.regime]
    frame = PageFrame(
        district=data.district,
        station=data.station_line,
        title=title,
        enquiry_phone=data.enquiry_phone,
        template_version=TEMPLATE_VERSION,
        document_name=f"{title} {data.case_no}",
        mark=f"补打（第 {data.copy_no} 次打印）" if data.copy_no > 1 else "",
        watermark="补打" if data.copy_no > 1 else "",
    )
    total = len(data.copy_labels)
    labels = [f"第{n}份/共{total}份  {label}" for n, label in enumerate(data.copy_labels, start=1)]
    continued = [_copy_head(k, data.case_no, f"{label}（续）") for label in labels]
    available = body_height(page, frame, fonts)
    # the clause and the signatures stay together when they fit on a page that starts with a continued label
    content = _content(k, data, available - max(sum(b.height for b in c) for c in continued))
    reprint = f"补打（第 {data.copy_no} 次打印）" + (
        f"：{data.reprint_reason}" if data.reprint_reason else ""
    )
    body: list[Block] = []
    for label, label_continued in zip(labels, continued, strict=True):
        blocks = [*_copy_head(k, data.case_no, label), *content]
        if data.copy_no > 1:
            blocks[:0] = k.text(reprint, size=page.small_size + 0.5)
        if page.height is None:  # the roll: the copies one under the other
            body += [*([k.spacer(2 * mm), marks.cut_line(k, "沿此线剪开")] if body else []), *blocks]
        else:
            body += _own_pages(blocks, label_continued, available)
    return compose(page, frame, fonts, body)


def _require(data: AgreementData) -> None:
    if data.regime not in TITLES:
        raise ValidationError("regime", f"未知的调解类型：{data.regime}")
    if len(data.parties) < 2:
        raise ValidationError("parties", "调解协议书至少需要两方当事人")
    if not data.terms.strip():
        raise ValidationError("agreement_terms", "协议内容不能为空")
    if not data.copy_labels:
        raise ValidationError("copy_labels", "至少打印一份调解协议书")


def _own_pages(blocks: Sequence[Block], continued: Sequence[Block], available: float) -> list[Block]:
    """One copy on pages of its own: pages after its first start with `continued` (the label again), and every
    page is filled up with an empty block, so that compose() breaks the pages exactly here."""
    pages = paginate(blocks, available)
    if len(pages) > 1:
        pages = paginate(blocks, available - sum(b.height for b in continued))
    out: list[Block] = []
    for n, page in enumerate(pages):
        page = [*continued, *page] if n else page
        rest = available - sum(b.height for b in page) - 0.01
        out += [*page, Block(max(rest, 0.0), lambda c, x, top: None)]
    return out


def _copy_head(k: Composer, case_no: str, label: str) -> list[Block]:
    """The case number at the left and the copy's label at the top right (stacked when too narrow)."""
    size = k.size
    number = f"编号：{case_no}"
    if k.fonts.width(number + label, size) + 8 * mm > k.width:
        return [*k.text(label, bold=True, align="right"), *k.text(number), k.spacer(1 * mm)]

    def draw(c: Any, x: float, top: float) -> None:
        k.fonts.draw(c, x, top - size * 1.2, number, size)
        k.fonts.draw(c, x + k.width, top - size * 1.2, label, size, align="right", bold=True)

    return [Block(size * 1.9, draw)]


def _content(k: Composer, data: AgreementData, room: float) -> list[Block]:
    """One copy's body after its label, the same for every copy; `room`: the most a page is sure to hold."""
    blocks = [k.heading("当事人")]
    blocks += [*(_party(k, party, ruled=n > 0) for n, party in enumerate(data.parties)), k.spacer(1 * mm)]
    for heading, text in (
        ("纠纷主要事实", data.facts),
        ("争议事项", data.dispute_points),
        ("各方责任", data.responsibility),
    ):
        if text.strip():
            blocks += [k.heading(heading), *_paragraphs(k, text)]
    blocks += [k.heading("经调解，各方当事人自愿达成如下协议"), *_paragraphs(k, data.terms)]
    performance = []
    if data.performance_method.strip():
        performance.append(Field("履行方式、地点", data.performance_method.strip(), wide=True))
    if data.performance_deadline is not None:
        performance.append(Field("履行期限", f"{cn_date(data.performance_deadline)}前履行完毕", wide=True))
    if performance:
        blocks += [k.heading("履行方式、地点和期限"), *k.fields(performance, columns=1)]
    tail = [k.spacer(2 * mm), *(b for s in _effect_clause(data) for b in k.text(s)), k.spacer(2 * mm)]
    tail += _signatures(k, data)
    if sum(b.height for b in tail) <= room:  # the clause and the signatures on one page
        return [*blocks, _joined(tail)]
    return [*blocks, *(Block(b.height, b.draw, keep_with_next=True) for b in tail[:-1]), tail[-1]]


def _joined(blocks: Sequence[Block]) -> Block:
    def draw(c: Any, x: float, top: float) -> None:
        for block in blocks:
            block.draw(c, x, top)
            top -= block.height

    return Block(sum(b.height for b in blocks), draw)


def _paragraphs(k: Composer, text: str) -> list[Block]:
    """The user's lines as typed; a line starting with a number (1. 2、（一）) hangs under its number."""
    blocks: list[Block] = []
    for line in text.strip().split("\n"):
        line = line.rstrip()
        if not line.strip():
            blocks.append(k.spacer(k.size * 0.6))
            continue
        number = _NUMBERED.match(line)
        indent = k.fonts.width(number.group(0), k.size) if number else 0.0
        blocks += k.text(line, indent=indent)
    return blocks


def _effect_clause(data: AgreementData) -> list[str]:
    copies, parties = len(data.copy_labels), len(data.parties)
    if data.regime == "people":
        keeper = "调解委员会留存一份"
        sentences = [
            "本协议具有法律约束力，当事人应当按照约定履行。",
            "本协议经各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。",
            "当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。",
        ]
    else:
        keeper = "公安机关留存一份"
        sentences = [
            "经公安机关调解，当事人自愿达成上述协议，公安机关对违反治安管理行为人不予处罚。"
            "本协议经各方当事人签名（按指印）、调解民警签名并加盖公安机关印章之日起生效，当事人应当自觉履行。",
            "当事人达成协议后不履行的，公安机关将依照《中华人民共和国治安管理处罚法》的规定对违反治安管理"
            "行为人给予处罚；当事人可以就民事争议依法向人民法院提起民事诉讼。",
        ]
    kept = f"当事人各执一份，{keeper}" if copies == parties + 1 else "由当事人和调解单位分别收执"
    return [*sentences, f"本协议一式{copies}份，{kept}。"]


# --- the parties: a ruled grid per party --------------------------------------------------------------------


def _party(k: Composer, party: AgreementParty, *, ruled: bool) -> Block:
    """One block (a party's rows never part), `ruled` heavier above than between its rows: 申请人 | name | 性别 |
    … on three rows; on the roll one label/value pair per row."""
    rows = _party_rows(k, party)
    if ruled:
        rows[0] = Block(rows[0].height, _ruled_above(k, rows[0]))
    return _joined(rows)


def _ruled_above(k: Composer, row: Block) -> Any:
    def draw(c: Any, x: float, top: float) -> None:
        row.draw(c, x, top)
        c.setLineWidth(1.1)
        c.line(x, top, x + k.width, top)

    return draw


def _party_rows(k: Composer, party: AgreementParty) -> list[Block]:
    value = {
        "name": party.name,
        "gender": party.gender or "—",
        "birth": party.birth or "—",
        "id": party.id_masked or "—",
        "phone": party.phone_masked or "—",
        "address": party.address or "—",
    }
    if k.layout.height is None:
        label_w = k.fonts.width("身份证号码", k.size) + 3 * mm
        pairs = [
            (party.role, value["name"]),
            ("性别", f"{value['gender']}　出生年月 {value['birth']}"),
            ("身份证号码", value["id"]),
            ("联系电话", value["phone"]),
            ("住址", value["address"]),
        ]
        return [_grid_row(k, [(lab, label_w, True), (val, k.width - label_w, False)]) for lab, val in pairs]
    # six columns: label, value, label, value, label, value; the label columns fit 身份证号码 / 其他当事人
    w = [k.width * f / 8.35 for f in (1.35, 2.0, 0.85, 0.95, 1.2, 2.0)]
    return [
        _grid_row(
            k,
            [
                (party.role, w[0], True),
                (value["name"], w[1], False),
                ("性别", w[2], True),
                (value["gender"], w[3], False),
                ("出生年月", w[4], True),
                (value["birth"], w[5], False),
            ],
        ),
        _grid_row(
            k,
            [
                ("身份证号码", w[0], True),
                (value["id"], w[1] + w[2] + w[3], False),
                ("联系电话", w[4], True),
                (value["phone"], w[5], False),
            ],
        ),
        _grid_row(k, [("住址", w[0], True), (value["address"], sum(w[1:]), False)]),
    ]


def _grid_row(k: Composer, cells: Sequence[tuple[str, float, bool]]) -> Block:
    """One ruled row of (text, width, is_label) cells; labels are shaded and centred, values wrap."""
    size, pad = k.size, 1.5 * mm
    leading = size * 1.3
    wrapped = [k.wrap(text, width - 2 * pad, size) for text, width, _ in cells]
    height = max(len(lines) for lines in wrapped) * leading + size * 0.55

    def draw(c: Any, x: float, top: float) -> None:
        c.setLineWidth(0.5)
        left = x
        for (_, width, is_label), lines in zip(cells, wrapped, strict=True):
            if is_label:
                c.setFillGray(0.93)
                c.rect(left, top - height, width, height, stroke=0, fill=1)
                c.setFillGray(0)
            c.rect(left, top - height, width, height, stroke=1, fill=0)
            first = top - (height - len(lines) * leading) / 2 - size * 1.02
            for n, line in enumerate(lines):
                if is_label:
                    k.fonts.draw(c, left + width / 2, first - n * leading, line, size, align="centre")
                else:
                    k.fonts.draw(c, left + pad, first - n * leading, line, size)
            left += width

    return Block(height, draw)


# --- signatures, fingerprints, seal and date ----------------------------------------------------------------


def _signatures(k: Composer, data: AgreementData) -> list[Block]:
    """A line and a fingerprint box per party, the mediators' lines, and beside the last of them the seal box
    with the organisation and the date (on the roll: under them, the seal as a line)."""
    people = data.regime == "people"
    rows = [_SignRow("当事人（签名/按指印）：", f"{p.role} {p.name}", fingerprint=True) for p in data.parties]
    mediator_label = "人民调解员（签名）：" if people else "调解民警（签名）："
    names = [n.strip() for n in _NAMES_SPLIT.split(data.mediators) if n.strip()] or [""]
    rows += [_SignRow(mediator_label, name, fingerprint=False) for name in names]
    date_text = cn_date(data.agreed_on)
    if k.layout.height is None:
        lines = [_sign_row(k, row, k.width, rows) for row in rows]
        seal_line = f"{data.organisation or ('人民调解委员会' if people else '公安机关')}（印章）"
        return [*lines, k.spacer(1 * mm), *k.text(seal_line), *k.text(f"日期：{date_text}")]
    org_w = k.fonts.width(data.organisation, k.size) + 2 * mm
    seal_w = min(max(k.layout.seal_size + 16 * mm, org_w), k.width * 0.4)
    seal = _seal(
        k,
        "人民调解委员会\n（印章）" if people else "公安机关\n（印章）",
        data.organisation,
        date_text,
        seal_w,
    )
    lines = [_sign_row(k, row, k.width - seal_w - 4 * mm, rows) for row in rows]
    beside = 1  # the last rows, as many as the seal is tall, share a block with it
    while beside < len(lines) and sum(b.height for b in lines[-beside:]) < seal.height:
        beside += 1
    last = lines[-beside:]
    last_h = sum(b.height for b in last)

    def draw(c: Any, x: float, top: float) -> None:
        y = top
        for block in last:
            block.draw(c, x, y)
            y -= block.height
        seal.draw(c, x + k.width - seal_w, top - max(0.0, (last_h - seal.height) / 2))

    return [*lines[:-beside], Block(max(last_h, seal.height) + 1 * mm, draw)]


@dataclass(frozen=True)
class _SignRow:
    label: str
    under: str  # printed small under the line: whose line it is
    fingerprint: bool


def _sign_row(k: Composer, row: _SignRow, width: float, rows: Sequence[_SignRow]) -> Block:
    """Label, a line to sign on starting where every row's line starts, the fingerprint box at the end."""
    size, small = k.size, k.layout.small_size
    box = {"A4": 13 * mm, "A5": 11 * mm}.get(k.layout.name, 9 * mm)
    start = max(k.fonts.width(r.label, size) for r in rows) + 1 * mm
    line_end = width - (box + 3 * mm if any(r.fingerprint for r in rows) else 0)
    baseline = box * 0.55 if row.fingerprint else size * 2.1
    height = max(box + 2 * mm, baseline + small * 2.2) if row.fingerprint else baseline + small * 2.4

    def draw(c: Any, x: float, top: float) -> None:
        k.fonts.draw(c, x, top - baseline, row.label, size)
        c.setLineWidth(0.5)
        c.line(x + start, top - baseline - 2, x + line_end, top - baseline - 2)
        c.setFillGray(_GREY)
        if row.under:
            k.fonts.draw(c, x + start + 1 * mm, top - baseline - 2 - small * 1.3, row.under, small)
        if row.fingerprint:
            c.saveState()
            c.setLineWidth(0.5)
            c.setDash(2, 2)
            c.setStrokeGray(0.55)
            c.rect(x + width - box, top - box - 1 * mm, box, box, stroke=1, fill=0)
            c.restoreState()
            k.fonts.draw(
                c, x + width - box / 2, top - box / 2 - 1 * mm - small * 0.35, "指印", small, align="centre"
            )
        c.setFillGray(0)

    return Block(height, draw)


def _seal(k: Composer, label: str, organisation: str, date_text: str, width: float) -> Block:
    """The dashed seal box, the organisation under it and the date: the paper's official foot."""
    seal, size, small = k.layout.seal_size, k.size, k.layout.small_size + 0.5
    leading = size * 1.35
    org_lines = k.wrap(organisation, width, size) if organisation else []
    height = seal + (len(org_lines) + 1) * leading + 2 * mm

    def draw(c: Any, x: float, top: float) -> None:
        left = x + (width - seal) / 2
        c.saveState()
        c.setLineWidth(0.6)
        c.setDash(3, 2)
        c.setStrokeGray(0.45)
        c.rect(left, top - seal, seal, seal, stroke=1, fill=0)
        c.restoreState()
        c.setFillGray(0.55)
        label_lines = label.split("\n")
        first = top - seal / 2 + (len(label_lines) - 1) * small * 0.65 - small * 0.35
        for n, text in enumerate(label_lines):
            k.fonts.draw(c, left + seal / 2, first - n * small * 1.3, text, small, align="centre")
        c.setFillGray(0)
        y = top - seal - 1.5 * mm
        for text in [*org_lines, date_text]:
            y -= leading
            k.fonts.draw(c, x + width / 2, y + size * 0.3, text, size, align="centre")

    return Block(height, draw)
