"""Document speed against DESIGN.md's budget (one receipt PDF ≤ 15 ms warm), as ratios to a floor from the same run.

Run from the checkout: `.venv/bin/python -m tests.benchmarks.run` (not collected by pytest: no test_ prefix).
The floor is a bare one-page reportlab document with one line of text in the bundled font, written with the same
canvas settings as our documents. Warm documents are timed in this process after the fonts are registered, each
with a new receipt number (so the QR cache never answers); cold ones in fresh interpreters, with the imports done
first, so the time is what the first receipt pays for reading and registering the fonts. Data comes from
tests/desktop/documents/samples.py: no database needed. Prints one table; exit status 1 if a budget is missed.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from desktop.documents.data import ReceiptData
from desktop.documents.fonts import default_fonts
from desktop.documents.receipt import render_receipt
from desktop.documents.supplement_notice import render_supplement_notice
from tests.desktop.documents.samples import notice_data, receipt_data

ROOT = Path(__file__).resolve().parents[2]
WARM_BUDGET_MS = 15.0
WARM_RUNS = 200
COLD_RUNS = 7

COLD_SETUP = """
import time
from desktop.documents import fonts
from desktop.documents.receipt import render_receipt
from desktop.paths import resource_dir
from tests.desktop.documents.samples import receipt_data
data = receipt_data()
start = time.perf_counter()
"""
COLD_CASES = {
    "first receipt incl. font registration (cold)": "render_receipt(data)",
    "font registration, bundled font only (cold)": "fonts.load_font_set(resource_dir() / 'fonts' / fonts.PRIMARY_FILE)",
    "font registration, bundled + fallback (cold)": "fonts.default_fonts()",
}


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


def median_ms(make: Callable[[int], object], runs: int = WARM_RUNS) -> float:
    for i in range(5):  # warm up (imports, caches of reportlab)
        make(9000 + i)
    times = []
    for i in range(runs):
        start = time.perf_counter_ns()
        make(i)
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1e6


def cold_ms(statement: str) -> float:
    code = COLD_SETUP + statement + "\nprint((time.perf_counter() - start) * 1000)\n"
    times = []
    for _ in range(COLD_RUNS):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def main() -> int:
    receipt, notice = receipt_data(), notice_data()
    floor_ms = median_ms(lambda i: floor())
    rows: list[tuple[str, float | None, float]] = [
        (
            "receipt A4 (warm)",
            WARM_BUDGET_MS,
            median_ms(lambda i: render_receipt(numbered(receipt, i), "A4")),
        ),
        (
            "receipt A5 (warm)",
            WARM_BUDGET_MS,
            median_ms(lambda i: render_receipt(numbered(receipt, i), "A5")),
        ),
        (
            "receipt roll80 (warm)",
            WARM_BUDGET_MS,
            median_ms(lambda i: render_receipt(numbered(receipt, i), "roll80")),
        ),
        (
            "补正材料通知书 A4 (warm)",
            WARM_BUDGET_MS,
            median_ms(lambda i: render_supplement_notice(numbered(notice, i), "A4")),
        ),
        *((name, None, cold_ms(statement)) for name, statement in COLD_CASES.items()),
    ]
    print(f"floor: bare one-page reportlab document, one line in the bundled font: median {floor_ms:.2f} ms")
    print(f"warm: median of {WARM_RUNS} runs; cold: median of {COLD_RUNS} fresh interpreters")
    print()
    print("| document | budget | measured median | floor median | ratio | result |")
    print("|---|---:|---:|---:|---:|---|")
    failed = False
    for name, budget, measured in rows:
        ok = budget is None or measured <= budget
        failed |= not ok
        budget_text = f"≤ {budget:.0f} ms" if budget is not None else "—"
        result = ("pass" if ok else "FAIL") if budget is not None else "info"
        ratio = measured / floor_ms
        print(f"| {name} | {budget_text} | {measured:.2f} ms | {floor_ms:.2f} ms | {ratio:.1f}× | {result} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
