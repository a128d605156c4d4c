"""One receipt PDF against DESIGN.md's budget (≤ 15 ms warm), beside a bare reportlab page from the same run.

    .venv/bin/python -m tests.benchmarks.documents

The floor is a bare one-page reportlab document with one line of text in the bundled font, written with the same
canvas settings as our documents. Warm documents are timed in this process after the fonts are registered, each
with a new receipt number (so the QR cache never answers); the cold row in fresh interpreters, with the imports
done first, so the time is what the first receipt pays for reading and registering the fonts. Data comes from
tests/desktop/documents/samples.py: no database needed.
"""

from __future__ import annotations

import io
import statistics
import time
from dataclasses import replace

from reportlab.pdfgen.canvas import Canvas

from desktop.documents.data import ReceiptData
from desktop.documents.fonts import default_fonts
from desktop.documents.receipt import render_receipt
from desktop.documents.supplement_notice import render_supplement_notice
from tests.benchmarks.common import Result, median_ms, run_child, table
from tests.desktop.documents.samples import notice_data, receipt_data

WARM_BUDGET_MS = 15.0
WARM_RUNS = 200
COLD_RUNS = 5
COLD = """
import time
from desktop.documents.receipt import render_receipt
from tests.desktop.documents.samples import receipt_data
data = receipt_data()
start = time.perf_counter()
render_receipt(data)
print((time.perf_counter() - start) * 1000)
"""


def floor() -> bytes:
    """A bare one-page document: one line of text in the bundled font, same canvas settings as ours."""
    fonts = default_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(595.27, 841.89), invariant=1, pageCompression=0)
    c.setFont(fonts.primary, 12)
    c.drawString(72, 770, "受理回执 XSLX01-20261127-0007")
    c.showPage()
    c.save()
    return buffer.getvalue()


def numbered(base: ReceiptData, i: int) -> ReceiptData:
    number = f"XSLX01-20261127-{i:04d}"
    return replace(base, number=number, qr_payload=f"{number}.ABCDEFGHIJ")


def measure(cold: bool = True) -> list[Result]:
    receipt, notice = receipt_data(), notice_data()
    floor_ms = median_ms(lambda i: floor(), WARM_RUNS, warmup=5)
    rows = [
        Result(
            f"receipt PDF {layout} (warm)",
            WARM_BUDGET_MS,
            median_ms(lambda i, layout=layout: render_receipt(numbered(receipt, i), layout), WARM_RUNS, 5),
            floor_ms,
        )
        for layout in ("A4", "A5", "roll80")
    ]
    rows.append(
        Result(
            "补正材料通知书 A4 (warm)",
            WARM_BUDGET_MS,
            median_ms(lambda i: render_supplement_notice(numbered(notice, i), "A4"), WARM_RUNS, 5),
            floor_ms,
        )
    )
    if cold:
        times = [float(run_child(COLD).strip()) for _ in range(COLD_RUNS)]
        rows.append(
            Result("first receipt incl. font registration (cold)", None, statistics.median(times), floor_ms)
        )
    return rows


def main() -> int:
    start = time.perf_counter()
    results = measure()
    print(
        f"warm: median of {WARM_RUNS}; cold: median of {COLD_RUNS} fresh interpreters ({time.perf_counter() - start:.0f} s)"
    )
    print(table(results))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
