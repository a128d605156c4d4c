"""What makes a paper official and checkable, as blocks: signature lines and the seal box (盖章处), the cut
line above a stub, and the number with its Code 128 barcode and QR code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm

from desktop.documents.blocks import Composer
from desktop.documents.frame import RED, Block
from desktop.documents.qr import code128_width, draw_code128, draw_qr


@dataclass(frozen=True)
class SignLine:
    label: str
    value: str = ""  # empty: a blank line to write on
    blank_mm: float = 32


def _sign_lines(k: Composer, lines: Sequence[SignLine], width: float) -> tuple[float, Any]:
    step = k.size * 2.15

    def draw(c: Any, x: float, top: float) -> None:
        for i, line in enumerate(lines):
            baseline = top - k.size * 1.9 - i * step
            k.fonts.draw(c, x, baseline, line.label, k.size)
            start = x + k.fonts.width(line.label, k.size) + 1 * mm
            if line.value:
                k.fonts.draw(c, start, baseline, line.value, k.size)
            else:
                c.setLineWidth(0.5)
                c.line(start, baseline - 1.5, min(start + line.blank_mm * mm, x + width), baseline - 1.5)

    return len(lines) * step + k.size * 0.5, draw


def sign_lines(k: Composer, lines: Sequence[SignLine]) -> Block:
    height, draw = _sign_lines(k, lines, k.width)
    return Block(height, draw)


def sign_pair(k: Composer, left: SignLine, right: SignLine) -> Block:
    """Two signature lines side by side (the stub's last row)."""
    half = k.width / 2
    height, draw_left = _sign_lines(k, [left], half)
    _, draw_right = _sign_lines(k, [right], half)

    def draw(c: Any, x: float, top: float) -> None:
        draw_left(c, x, top)
        draw_right(c, x + half, top)

    return Block(height, draw)


def signatures(k: Composer, lines: Sequence[SignLine], seal_label: str, date_text: str) -> list[Block]:
    """Signature lines with the seal box (盖章处) and the date: side by side, or stacked on the roll."""
    seal = k.layout.seal_size
    caption = k.size * 1.6
    stacked = k.layout.height is None

    def draw_seal(c: Any, left: float, top: float) -> None:
        c.saveState()
        c.setLineWidth(0.6)
        c.setDash(3, 2)
        c.setStrokeGray(0.45)
        c.rect(left, top - seal, seal, seal, stroke=1, fill=0)
        c.restoreState()
        c.setFillGray(0.55)
        label_lines = seal_label.split("\n")
        first = top - seal / 2 + (len(label_lines) - 1) * k.size * 0.65 - k.size * 0.35
        for n, label in enumerate(label_lines):
            k.fonts.draw(c, left + seal / 2, first - n * k.size * 1.3, label, k.size, align="centre")
        c.setFillGray(0)
        k.fonts.draw(
            c,
            left + seal / 2,
            top - seal - caption + k.size * 0.2,
            date_text,
            k.size,
            align="centre",
        )

    if stacked:
        height, draw_lines = _sign_lines(k, lines, k.width)
        return [
            Block(height, draw_lines),
            Block(seal + caption + 2 * mm, lambda c, x, top: draw_seal(c, x + (k.width - seal) / 2, top)),
        ]
    text_w = k.width - seal - 6 * mm
    height, draw_lines = _sign_lines(k, lines, text_w)

    def draw(c: Any, x: float, top: float) -> None:
        draw_lines(c, x, top)
        draw_seal(c, x + k.width - seal, top - k.size * 0.5)

    return [Block(max(height, seal + caption + k.size * 0.5) + 2 * mm, draw)]


def cut_line(k: Composer, label: str) -> Block:
    """A dashed line across the page with a label in its middle (剪开 here: the stub goes to the file)."""
    size = k.layout.small_size
    height = size * 2.4

    def draw(c: Any, x: float, top: float) -> None:
        mid = top - height / 2
        text_w = k.fonts.width(label, size) + 4 * mm
        c.saveState()
        c.setLineWidth(0.5)
        c.setDash(4, 3)
        c.line(x, mid, x + (k.width - text_w) / 2, mid)
        c.line(x + (k.width + text_w) / 2, mid, x + k.width, mid)
        c.restoreState()
        k.fonts.draw(c, x + k.width / 2, mid - size * 0.35, label, size, align="centre")

    return Block(height, draw)


def number_with_codes(
    k: Composer,
    label: str,
    number: str,
    payload: str,
    caption: str,
    notes: Sequence[str] = (),
    red: bool = False,
) -> list[Block]:
    """The number in large type, its Code 128 under it, `notes` (why this copy differs) under that, and the
    QR code at the right; on the roll the number and notes only (the QR code comes last, `qr_block`)."""
    layout, size = k.layout, k.size * 1.25
    if layout.height is None:
        blocks = [b for note in notes for b in k.text(note, bold=True)]
        return blocks + k.text(f"{label}{number}", size=size, bold=True)
    qr, note_size = layout.qr_size, layout.small_size + 0.5
    text_w = k.width - qr - 6 * mm
    bar_h = 9 * mm if layout.name == "A4" else 7.5 * mm
    bar_w = 0.75 if code128_width(number, 0.75) < text_w else 0.6
    lines = [line for note in notes for line in k.wrap(note, text_w, note_size)]
    notes_top = size * 2.4 + bar_h + note_size * 0.6
    height = max(qr + layout.small_size * 1.6, notes_top + (len(lines) + 0.4) * note_size * 1.45) + 1 * mm

    def draw(c: Any, x: float, top: float) -> None:
        k.fonts.draw(c, x, top - size * 1.6, f"{label}{number}", size, bold=True)
        draw_code128(c, x, top - size * 2.4 - bar_h, number, bar_width=bar_w, height=bar_h)
        c.saveState()
        if red:
            c.setFillColorRGB(*RED)
            c.setStrokeColorRGB(*RED)
        for n, line in enumerate(lines):
            baseline = top - notes_top - note_size * (1.1 + 1.45 * n)
            k.fonts.draw(c, x, baseline, line, note_size, bold=True)
        c.restoreState()
        draw_qr(c, x + k.width - qr, top - qr, qr, payload)
        small = layout.small_size
        k.fonts.draw(c, x + k.width - qr / 2, top - qr - small * 0.9, caption, small, align="centre")

    return [Block(height, draw)]


def qr_block(k: Composer, payload: str, caption: str) -> Block:
    """The QR code centred with its caption (the roll's last block)."""
    qr, small = k.layout.qr_size, k.layout.small_size

    def draw(c: Any, x: float, top: float) -> None:
        draw_qr(c, x + (k.width - qr) / 2, top - qr, qr, payload)
        k.fonts.draw(c, x + k.width / 2, top - qr - small * 0.9, caption, small, align="centre")

    return Block(qr + small * 2, draw)
