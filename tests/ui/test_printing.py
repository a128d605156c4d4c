"""Printing a PDF through QPrinter offscreen: printed to a PDF file, checked with pdfinfo (pages, paper size)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from ui.printing import MAX_DPI, LoadedPdf, paint_pdf, print_pdf, render_page


def _pdf(size: tuple[float, float], pages: int) -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=size, invariant=True)
    for page in range(pages):
        drawing.drawString(20, 20, f"page {page + 1}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def _print_to_file(pdf: bytes, path: Path) -> tuple[int, str]:
    """The paper path (page images on the PDF's paper), caught in a PDF file to look at its pages."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printed = paint_pdf(pdf, printer)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return printed, info


@pytest.mark.parametrize(
    ("size", "pages", "paper"),
    [
        (A4, 2, r"595(\.\d+)? x 842(\.\d+)? pts \(A4\)"),
        (A5, 1, r"420(\.\d+)? x 595(\.\d+)? pts \(A5\)"),
        ((80 * mm, 200 * mm), 1, r"227(\.\d+)? x 567(\.\d+)? pts"),
    ],
)
def test_each_page_is_printed_on_the_pdfs_paper(
    qapp: QApplication, tmp_path: Path, size: tuple[float, float], pages: int, paper: str
) -> None:
    printed, info = _print_to_file(_pdf(size, pages), tmp_path / "out.pdf")
    assert printed == pages
    assert re.search(rf"Pages:\s+{pages}\n", info)
    assert re.search(rf"Page size:\s+{paper}", info)


@pytest.mark.parametrize(("layout", "paper"), [("A4", "(A4)"), ("A5", "(A5)"), ("roll80", "227")])
def test_a_real_receipt_prints_on_its_layouts_paper(
    qapp: QApplication, tmp_path: Path, layout: str, paper: str
) -> None:
    from desktop.documents import receipt
    from tests.desktop.documents.samples import receipt_data

    pdf = receipt.render_receipt(receipt_data(), layout)
    expected = int(re.search(r"Pages:\s+(\d+)", _info(pdf, tmp_path / "source.pdf"))[1])  # type: ignore[index]
    printed, info = _print_to_file(pdf, tmp_path / "printed.pdf")
    assert printed == expected
    assert re.search(rf"Pages:\s+{expected}\n", info)
    assert re.search(r"Page size:.*", info)[0].find(paper) > 0  # type: ignore[index]


def _info(pdf: bytes, path: Path) -> str:
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_pages_are_rendered_on_white_at_most_300_dpi(qapp: QApplication) -> None:
    loaded = LoadedPdf(_pdf(A5, 1))
    try:
        image = render_page(loaded.document, 0, MAX_DPI)
    finally:
        loaded.close()
    assert image.width() == round(A5[0] * MAX_DPI / 72)
    assert image.pixelColor(5, 5) == QColor("white")  # QtPdf alone leaves it transparent
    assert not image.hasAlphaChannel()


def test_print_to_file_in_the_dialog_gives_the_document_itself(qapp: QApplication, tmp_path: Path) -> None:
    """Choosing "print to file (PDF)" yields the recorded bytes (text, embedded fonts), not page images."""
    from desktop.documents import receipt
    from tests.desktop.documents.samples import receipt_data

    pdf = receipt.render_receipt(receipt_data(), "A4")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "chosen.pdf"))
    assert print_pdf(pdf, printer) >= 1
    assert (tmp_path / "chosen.pdf").read_bytes() == pdf
