"""Machine-readable marks: the QR code of the verification payload and the Code 128 barcode of the number.

Both are drawn straight onto the canvas as ONE filled path (reportlab's widgets draw one rectangle per module
and, through a Drawing, set a non-embedded Helvetica); no text is drawn here, so no font is referenced.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128Auto

QUIET_MODULES = 4  # the white border a QR code needs on every side, included in the drawn size


_FINDER_LIKE = "10111010000"  # the 1:1:3:1:1 pattern the mask penalty avoids (as reportlab scores it)
_RUN = re.compile("0{5,}|1{5,}")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _line_points(lines: list[str], *, finder: bool) -> int:
    """Penalty rules 1 (runs of five or more) and 3 (finder-like patterns) along the given lines."""
    points = 0
    for line in lines:
        points += sum(len(run) - 2 for run in _RUN.findall(line))
        if not finder:
            continue
        start, last = 0, len(line) - len(_FINDER_LIKE)  # reportlab looks at starts before `last` only
        while (found := line.find(_FINDER_LIKE, start)) != -1 and found < last:
            points += 40
            start = found + len(_FINDER_LIKE)
    return points


def lost_points(modules: Sequence[Sequence[bool]]) -> int:
    """The mask penalty exactly as reportlab's QRUtil.getLostPoint computes it, on strings and integers
    instead of lists (about ten times faster): the mask chosen, hence the code drawn, is the same."""
    size = len(modules)
    grid = b"".join(bytes(row) for row in modules).translate(_DIGITS).decode("ascii")
    rows = [grid[i : i + size] for i in range(0, size * size, size)]
    columns = [grid[j::size] for j in range(size)]
    # reportlab compares column tuples with a list pattern, so its rule 3 never counts in columns: nor do we
    points = _line_points(rows, finder=True) + _line_points(columns, finder=False)
    full = (1 << (size - 1)) - 1
    bits = [int(row, 2) for row in rows]
    for upper, lower in itertools.pairwise(bits):  # rule 2: 2×2 blocks of one colour
        same = ~(upper ^ lower) & ~(upper ^ (upper >> 1)) & ~(lower ^ (lower >> 1)) & full
        points += 3 * same.bit_count()
    dark = grid.count("1")
    return points + 10 * (abs(100 * dark // (size * size) - 50) // 5)


class _QRCode(qrencoder.QRCode):  # type: ignore[misc]
    def getBestMaskPattern(self) -> int:
        best: tuple[int, int] | None = None
        for pattern in range(8):
            self.makeImpl(True, pattern)
            points = lost_points(self.modules)
            if best is None or points < best[0]:
                best = (points, pattern)
        assert best is not None
        return best[1]


@functools.lru_cache(maxsize=64)  # the preview and the print of one receipt are the same code
def qr_modules(payload: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR code's dark modules, row by row (error correction M: survives a fold or a smudge)."""
    code = _QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(payload)
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def _fill(canvas: Any, matrix: tuple[float, float, float, float], rects: list[tuple[int, int, int]]) -> None:
    """Fill (x, y, width) unit-height rectangles, given in whole units, as ONE path: the scale and origin go
    into the transformation matrix, so the path itself is short integers (cheap to write, exact to render)."""
    scale_x, scale_y, origin_x, origin_y = matrix
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.transform(scale_x, 0, 0, scale_y, origin_x, origin_y)
    canvas.addLiteral(" ".join(f"{x} {y} {w} 1 re" for x, y, w in rects) + " f")
    canvas.restoreState()


def draw_qr(canvas: Any, x: float, y: float, size: float, payload: str) -> None:
    """A `size` × `size` square (quiet zone included) with its lower-left corner at (x, y)."""
    rows = qr_modules(payload)
    module = size / (len(rows) + 2 * QUIET_MODULES)
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):  # one rectangle per run of dark modules in a row
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            runs.append((start, r, c - start))
    # Module units, rows counted downwards from the top-left corner of the code.
    _fill(canvas, (module, -module, x + QUIET_MODULES * module, y + size - QUIET_MODULES * module), runs)


def code128_width(value: str, bar_width: float) -> float:
    return float(Code128Auto(value, barWidth=bar_width, quiet=0, humanReadable=0).width)


def draw_code128(canvas: Any, x: float, y: float, value: str, *, bar_width: float, height: float) -> float:
    """Code 128 bars (no human-readable line) with the lower-left corner at (x, y); returns the width."""
    barcode = Code128Auto(value, barWidth=bar_width, barHeight=height, quiet=0, humanReadable=0)
    width = float(barcode.width)  # computes the encoding
    bars: list[tuple[int, int, int]] = []
    left = 0
    for symbol in barcode.decomposed:  # upper case: a bar n modules wide; lower case: a space
        units = ord(symbol.lower()) - ord("a") + 1
        if symbol.isupper():
            bars.append((left, 0, units))
        left += units
    _fill(canvas, (bar_width, height, x, y), bars)
    return width
