"""The page frame every document shares, its three paper layouts, and the assembly of blocks into pages.

Each page: the header (湛江市公安局霞山分局, the station, the document title, a 补打/作废 mark), the body, and the
footer (enquiry phone, page x of n, template version). A4 (default) may carry a stub (存根) under a dashed cut
line at the foot of its last page; A5 has none; the 80 mm roll has one page whose height follows the content.
A document is a list of `Block`s (a height and a drawing function) laid out top to bottom; a block never
straddles two pages. The canvas starts on the CJK font (reportlab otherwise opens every page with a
non-embedded Helvetica) and runs in invariant mode: the same blocks give the same bytes.

Streams are left uncompressed: zlib over the embedded font subset alone costs about 3 ms, a fifth of the
15 ms budget for a receipt, to save some 30 KB on a file that goes to a printer or a viewer.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.fonts import FontSet
from desktop.errors import ValidationError

Draw = Callable[[Any, float, float], None]  # (canvas, left x, top y): draws downwards from top y


@dataclass(frozen=True)
class Block:
    height: float
    draw: Draw
    keep_with_next: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    width: float
    height: float | None  # None: roll paper, as long as the content
    margin_x: float
    margin_top: float
    margin_bottom: float
    head_size: float  # district and station lines
    title_size: float
    body_size: float
    small_size: float
    qr_size: float
    seal_size: float
    barcode: bool  # Code 128 of the number (1-D desk scanners); not on the narrow roll
    stub: bool
    watermark_size: float

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_x


def _layout(
    name: str, width_mm: float, height_mm: float | None, *sizes: float, barcode: bool, stub: bool
) -> Layout:
    """Sizes: margins x/top/bottom (mm); head, title, body, small type (pt); QR, seal (mm); watermark (pt)."""
    mx, mt, mb, head, title, body, small, qr, seal, watermark = sizes
    height = None if height_mm is None else height_mm * mm
    return Layout(
        name, width_mm * mm, height, mx * mm, mt * mm, mb * mm, head, title, body, small,
        qr * mm, seal * mm, barcode, stub, watermark,
    )  # fmt: skip


LAYOUTS = {
    "A4": _layout("A4", 210, 297, 18, 10, 9, 10.5, 19, 10, 7.5, 24, 26, 120, barcode=True, stub=True),
    "A5": _layout("A5", 148, 210, 10, 7, 6, 9, 14, 8.5, 6.5, 20, 21, 84, barcode=True, stub=False),
    "roll80": _layout("roll80", 80, None, 4, 5, 8, 8, 13, 8, 6.5, 32, 26, 44, barcode=False, stub=False),
}


def get_layout(name: str) -> Layout:
    try:
        return LAYOUTS[name]
    except KeyError:
        raise ValidationError("layout", f"未知的版式：{name}（可选 A4、A5、roll80）") from None


@dataclass(frozen=True)
class PageFrame:
    """What every page of one document shows around the body."""

    district: str  # 湛江市公安局霞山分局
    station: str  # 新村派出所 录霞社区微派出所
    title: str
    enquiry_phone: str
    template_version: str
    document_name: str  # PDF metadata title (no personal data)
    mark: str = ""  # 补打（第 2 份） / 作废, printed beside the title
    watermark: str = ""  # 补打 / 作废 / 预览, printed large and pale behind the body
    red: bool = False  # mark and watermark in red (作废)


RED = (0.8, 0.1, 0.1)
_render_lock = threading.Lock()  # reportlab's font subsetting state is not meant for concurrent documents


def _org_lines(layout: Layout, frame: PageFrame, fonts: FontSet) -> list[str]:
    """湛江市公安局霞山分局 and the station on one line when it fits, else on two."""
    one = f"{frame.district} {frame.station}".strip()
    if fonts.width(one, layout.head_size) <= layout.content_width:
        return [one]
    return [frame.district, frame.station]


def _header_height(layout: Layout, frame: PageFrame, fonts: FontSet) -> float:
    lines = len(_org_lines(layout, frame, fonts))
    height = lines * layout.head_size * 1.3 + layout.title_size * 1.5 + 3 * float(mm)
    if frame.mark and layout.height is None:  # the roll is too narrow for the mark beside the title
        height += layout.body_size * 1.4
    return height


def _footer_height(layout: Layout) -> float:
    return layout.small_size * (3.4 if layout.height is None else 2.2)


def _draw_header(c: Any, layout: Layout, frame: PageFrame, fonts: FontSet, top: float) -> None:
    centre = layout.width / 2
    y = top + layout.head_size * 0.3
    for line in _org_lines(layout, frame, fonts):
        y -= layout.head_size * 1.3
        fonts.draw(c, centre, y, line, layout.head_size, align="centre")
    y -= layout.title_size * 1.4
    fonts.draw(c, centre, y, frame.title, layout.title_size, align="centre", bold=True)
    if frame.mark:
        c.saveState()
        colour = RED if frame.red else (0, 0, 0)
        c.setFillColorRGB(*colour)
        c.setStrokeColorRGB(*colour)
        if layout.height is None:
            fonts.draw(
                c, centre, y - layout.body_size * 1.6, frame.mark, layout.body_size, align="centre", bold=True
            )
        else:
            fonts.draw(
                c, layout.width - layout.margin_x, y, frame.mark, layout.body_size, align="right", bold=True
            )
        c.restoreState()
    rule = top - _header_height(layout, frame, fonts) + 1.5 * mm
    c.setLineWidth(0.8)
    c.line(layout.margin_x, rule, layout.width - layout.margin_x, rule)


def _draw_footer(c: Any, layout: Layout, frame: PageFrame, fonts: FontSet, page: int, pages: int) -> None:
    size, left, right = layout.small_size, layout.margin_x, layout.width - layout.margin_x
    base = layout.margin_bottom
    phone = f"咨询电话：{frame.enquiry_phone}" if frame.enquiry_phone else ""
    c.setLineWidth(0.4)
    c.line(left, base + size * 1.9, right, base + size * 1.9)
    if layout.height is None:  # roll: two centred lines, no page numbers
        fonts.draw(c, layout.width / 2, base + size * 0.7, phone, size, align="centre")
        fonts.draw(
            c,
            layout.width / 2,
            base - size * 0.6,
            f"模板 {frame.template_version}",
            size * 0.8,
            align="centre",
        )
        return
    fonts.draw(c, left, base + size * 0.5, phone, size)
    fonts.draw(c, layout.width / 2, base + size * 0.5, f"第 {page} 页 共 {pages} 页", size, align="centre")
    fonts.draw(c, right, base + size * 0.5, f"模板 {frame.template_version}", size, align="right")


def _draw_watermark(c: Any, layout: Layout, frame: PageFrame, fonts: FontSet, height: float) -> None:
    if not frame.watermark:
        return
    c.saveState()
    c.setFillColorRGB(*((1.0, 0.82, 0.82) if frame.red else (0.88, 0.88, 0.88)))
    c.translate(layout.width / 2, height / 2)
    c.rotate(35 if layout.height is not None else 60)
    size = layout.watermark_size
    fonts.draw(c, 0, -size * 0.35, frame.watermark, size, align="centre")
    c.restoreState()


def paginate(blocks: Sequence[Block], available: float) -> list[list[Block]]:
    """Blocks to pages, greedily; a block marked keep_with_next moves to a new page with its follower."""
    pages: list[list[Block]] = [[]]
    used = 0.0
    for i, block in enumerate(blocks):
        need = block.height
        if block.keep_with_next and i + 1 < len(blocks):
            need += blocks[i + 1].height
        if pages[-1] and used + need > available:
            pages.append([])
            used = 0.0
        pages[-1].append(block)
        used += block.height
    return pages


def body_height(layout: Layout, frame: PageFrame, fonts: FontSet) -> float:
    """The height a page gives its body between header and footer (unbounded on the roll)."""
    if layout.height is None:
        return float("inf")
    header, footer = _header_height(layout, frame, fonts), _footer_height(layout)
    return layout.height - layout.margin_top - header - footer - layout.margin_bottom - 2 * float(mm)


def compose(
    layout: Layout, frame: PageFrame, fonts: FontSet, body: Sequence[Block], stub: Sequence[Block] = ()
) -> bytes:
    """The PDF: header and footer on every page, the body flowing over pages, the stub at the foot of the last."""
    header, footer = _header_height(layout, frame, fonts), _footer_height(layout)
    stub_height = sum(b.height for b in stub)
    if layout.height is None:
        page_height = layout.margin_top + header + sum(b.height for b in body) + footer + layout.margin_bottom
        pages = [list(body)]
    else:
        page_height = layout.height
        available = body_height(layout, frame, fonts)
        pages = paginate(body, available)
        if stub and sum(b.height for b in pages[-1]) + stub_height > available:
            pages.append([])
    buffer = io.BytesIO()
    with _render_lock:
        c = Canvas(
            buffer,
            pagesize=(layout.width, page_height),
            invariant=1,
            pageCompression=0,
            initialFontName=fonts.primary,
            initialFontSize=layout.body_size,
        )
        c.setTitle(frame.document_name)
        c.setAuthor(frame.district)
        c.setCreator("微站前台")
        c.setSubject(frame.title)
        for number, blocks in enumerate(pages, start=1):
            _draw_watermark(c, layout, frame, fonts, page_height)
            top = page_height - layout.margin_top
            _draw_header(c, layout, frame, fonts, top)
            y = top - header
            for block in blocks:
                block.draw(c, layout.margin_x, y)
                y -= block.height
            if number == len(pages) and stub:
                y = layout.margin_bottom + footer + 2 * mm + stub_height
                for block in stub:
                    block.draw(c, layout.margin_x, y)
                    y -= block.height
            _draw_footer(c, layout, frame, fonts, number, len(pages))
            c.showPage()
        c.save()
    return buffer.getvalue()
