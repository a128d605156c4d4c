"""Building blocks for the page frame: wrapped text, headings, label/value rows and ruled tables (the marks of
an official paper, signatures, seal box, codes, are in `marks`).

Chinese wraps between any two characters, Latin words and numbers stay whole, and a line never starts with
closing punctuation. Every helper returns `Block`s whose heights are known before drawing, so pages can be
planned first; multi-line content comes as one block per line or table row, so nothing is taller than a page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm

from desktop.documents.fonts import Align, FontSet
from desktop.documents.frame import Block, Layout

_UNIT = re.compile(r"[A-Za-z0-9@#%&*+\-=/.,:;_()\[\]<>]+| |.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』”’·%,.;:?!)]")
_GREY = 0.35


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    wide: bool = False  # takes the whole row


class Composer:
    """Makes blocks for one layout's content width and type sizes."""

    def __init__(self, layout: Layout, fonts: FontSet) -> None:
        self.layout, self.fonts = layout, fonts
        self.width = layout.content_width
        self.size = layout.body_size
        self.leading = layout.body_size * 1.42

    def wrap(self, text: str, width: float, size: float | None = None) -> list[str]:
        size = size or self.size
        lines: list[str] = []
        for paragraph in text.split("\n"):
            units: list[str] = []
            for unit in _UNIT.findall(paragraph):  # a Latin run longer than a line is cut by characters
                long = len(unit) > 1 and self.fonts.width(unit, size) > width
                units.extend(unit if long else [unit])
            line: list[str] = []
            used = 0.0
            for unit in units:
                w = self.fonts.width(unit, size)
                if line and used + w > width:
                    carry = [line.pop()] if unit[0] in _NO_LINE_START and len(line) > 1 else []
                    lines.append("".join(line).rstrip())
                    line, used = carry, sum(self.fonts.width(u, size) for u in carry)
                    if unit == " ":
                        continue
                line.append(unit)
                used += w
            lines.append("".join(line).rstrip())
        return lines

    def text(
        self,
        text: str,
        *,
        size: float | None = None,
        indent: float = 0,
        bold: bool = False,
        align: Align = "left",
    ) -> list[Block]:
        """A paragraph, one block per line; `indent` shifts every line after the first (hanging numbers)."""
        size = size or self.size
        leading = size * 1.5
        lines = self.wrap(text, self.width - indent, size)
        blocks = []
        for i, line in enumerate(lines):
            shift = indent if i else 0.0
            x_of = {"left": shift, "centre": self.width / 2, "right": self.width}[align]
            blocks.append(Block(leading, self._line(line, size, x_of, align, bold)))
        return blocks

    def _line(self, line: str, size: float, dx: float, align: Align, bold: bool) -> Any:
        def draw(c: Any, x: float, top: float) -> None:
            self.fonts.draw(c, x + dx, top - size * 1.12, line, size, align=align, bold=bold)

        return draw

    def heading(self, text: str) -> Block:
        """A section heading with a thin rule under it; kept on the page of what follows."""
        size = self.size * 1.05

        def draw(c: Any, x: float, top: float) -> None:
            self.fonts.draw(c, x, top - size * 1.35, text, size, bold=True)
            c.setLineWidth(0.4)
            c.line(x, top - size * 1.75, x + self.width, top - size * 1.75)

        return Block(size * 2.25, draw, keep_with_next=True)

    def spacer(self, height: float) -> Block:
        return Block(height, lambda c, x, top: None)

    def fields(self, items: Sequence[Field], columns: int) -> list[Block]:
        """Label/value pairs in `columns` columns (a wide one takes a row); values wrap inside their cell."""
        label_w = max(self.fonts.width(f.label, self.size) for f in items) + self.size * 0.8
        gap = 4 * mm
        column_w = (self.width - gap * (columns - 1)) / columns
        rows: list[list[Field]] = []
        for item in items:
            if item.wide or not rows or len(rows[-1]) >= columns or rows[-1][0].wide:
                rows.append([item])
            else:
                rows[-1].append(item)
        return [self._field_row(row, label_w, column_w + gap) for row in rows]

    def _field_row(self, row: list[Field], label_w: float, step: float) -> Block:
        value_w = (self.width if row[0].wide else step - 4 * mm) - label_w
        cells = [(f.label, self.wrap(f.value or "—", value_w)) for f in row]
        height = max(len(lines) for _, lines in cells) * self.leading + self.size * 0.25

        def draw(c: Any, x: float, top: float) -> None:
            for i, (label, lines) in enumerate(cells):
                left = x + i * step
                c.setFillGray(_GREY)
                self.fonts.draw(c, left, top - self.size * 1.12, label, self.size)
                c.setFillGray(0)
                for n, line in enumerate(lines):
                    self.fonts.draw(
                        c, left + label_w, top - self.size * 1.12 - n * self.leading, line, self.size
                    )

        return Block(height, draw)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        fractions: Sequence[float],
        centred: set[int],
    ) -> list[Block]:
        """A ruled table; the header row is shaded and kept with the first row; one block per row."""
        widths = [self.width * f / sum(fractions) for f in fractions]
        header = self._table_row(headers, widths, centred, shaded=True)
        body = [self._table_row(row, widths, centred, shaded=False) for row in rows]
        return [Block(header.height, header.draw, keep_with_next=True), *body]

    def _table_row(
        self, cells: Sequence[str], widths: list[float], centred: set[int], *, shaded: bool
    ) -> Block:
        size, pad = self.size, 1.5 * mm
        leading = size * 1.3
        wrapped = [self.wrap(cell, w - 2 * pad, size) for cell, w in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in wrapped) * leading + size * 0.45

        def draw(c: Any, x: float, top: float) -> None:
            c.setLineWidth(0.5)
            if shaded:
                c.setFillGray(0.9)
                c.rect(x, top - height, sum(widths), height, stroke=0, fill=1)
                c.setFillGray(0)
            c.rect(x, top - height, sum(widths), height, stroke=1, fill=0)
            left = x
            for i, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
                if i:
                    c.line(left, top, left, top - height)
                for n, line in enumerate(lines):
                    baseline = top - size * 0.2 - size - n * leading
                    if i in centred:
                        self.fonts.draw(c, left + w / 2, baseline, line, size, align="centre", bold=shaded)
                    else:
                        self.fonts.draw(c, left + pad, baseline, line, size, bold=shaded)
                left += w

        return Block(height, draw)
