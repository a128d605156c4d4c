"""What every acceptance document does first and last: check the characters, lay out the number with its codes,
and at the end put the QR under the body on the roll and compose the pages with the frame and the stub."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.documents import marks
from desktop.documents.blocks import Composer
from desktop.documents.data import ReceiptData, copy_lines, page_frame
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.frame import Block, Layout, compose, get_layout

QR_CAPTION = "扫码核验真伪"


@dataclass
class Sheet:
    page: Layout
    k: Composer
    body: list[Block] = field(default_factory=list)

    @property
    def roll(self) -> bool:
        return self.page.height is None


def open_sheet(data: ReceiptData, layout: str, fonts: FontSet | None, number_label: str) -> Sheet:
    """Raises UnsupportedCharacters (a ValidationError) before anything is drawn if a character can't be printed."""
    fonts = fonts or default_fonts()
    fonts.check(data.printable_fields())
    page = get_layout(layout)
    sheet = Sheet(page, Composer(page, fonts))
    sheet.body += marks.number_with_codes(
        sheet.k, number_label, data.number, data.qr_payload, QR_CAPTION, copy_lines(data), data.voided
    )
    return sheet


def close_sheet(
    sheet: Sheet,
    data: ReceiptData,
    title: str,
    template_version: str,
    stub: Callable[[Composer, ReceiptData], list[Block]],
) -> bytes:
    if sheet.roll:  # the roll has no room beside the number: the QR goes under the body
        sheet.body.append(marks.qr_block(sheet.k, data.qr_payload, QR_CAPTION))
    stub_blocks = stub(sheet.k, data) if sheet.page.stub else []
    frame = page_frame(data, title, template_version)
    return compose(sheet.page, frame, sheet.k.fonts, sheet.body, stub_blocks)
