"""Print a PDF (the bytes a service rendered) through QPrinter, page by page, on the PDF's own paper size.

QtPdf renders a page with a transparent background, which some printer drivers print as black or grey: each page
is painted onto white first. QPrinter in high resolution reports 1200 dpi; a page image that large is slow and
huge for nothing, so pages are rendered at most at 300 dpi and QPainter scales them onto the page. The paper size
follows the PDF page (A4, A5, or the 80 mm roll as a custom size), with no margins: the document has its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

MAX_DPI = 300


class PdfLoadError(RuntimeError):
    """The bytes are not a PDF QtPdf can read (a bug: the services only hand over their own PDFs)."""


class LoadedPdf:
    """A QPdfDocument over PDF bytes; keeps the buffer alive as long as the document."""

    def __init__(self, pdf: bytes) -> None:
        self.buffer = QBuffer()
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            raise PdfLoadError(f"QtPdf could not load the document: {self.document.error()}")

    def close(self) -> None:
        self.document.close()
        self.buffer.close()


def page_size(document: QPdfDocument, page: int) -> QPageSize:
    """The page's paper: A4 and A5 are recognised as such, anything else (the 80 mm roll) is a custom size."""
    points = document.pagePointSize(page)
    return QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)


def render_page(document: QPdfDocument, page: int, dpi: int) -> QImage:
    """One page at `dpi`, on white (QtPdf leaves the background transparent)."""
    points = document.pagePointSize(page)
    size = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def _set_paper(printer: QPrinter, size: QPageSize) -> None:
    points = size.size(QPageSize.Unit.Point)
    orientation = (
        QPageLayout.Orientation.Landscape
        if points.width() > points.height()
        else QPageLayout.Orientation.Portrait
    )
    if orientation == QPageLayout.Orientation.Landscape:  # QPageSize is always portrait-sized
        size = QPageSize(QSizeF(points.height(), points.width()), QPageSize.Unit.Point)
    layout = QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    printer.setFullPage(True)
    printer.setPageLayout(layout)


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of `pdf` on `printer`; returns the number of pages printed.

    "Print to file (PDF)" chosen in the print dialog gets the document itself — vector text with its fonts
    embedded, the bytes whose SHA-256 is recorded — instead of a PDF of page images.
    """
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        loaded = LoadedPdf(pdf)
        try:
            Path(printer.outputFileName()).write_bytes(pdf)
            return loaded.document.pageCount()
        finally:
            loaded.close()
    return paint_pdf(pdf, printer)


def paint_pdf(pdf: bytes, printer: QPrinter) -> int:
    """What a paper printer gets: each page rendered on white and painted on the PDF's own paper size."""
    loaded = LoadedPdf(pdf)
    try:
        document = loaded.document
        dpi = min(printer.resolution(), MAX_DPI)
        _set_paper(printer, page_size(document, 0))
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("打印机无法开始打印，请检查打印机是否连接、是否缺纸")
        try:
            for page in range(document.pageCount()):
                if page:
                    _set_paper(printer, page_size(document, page))
                    printer.newPage()
                image = render_page(document, page, dpi)
                target = QRectF(painter.viewport())
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(target, image)
        finally:
            painter.end()
        return document.pageCount()
    finally:
        loaded.close()


def default_printer() -> QPrinter | None:
    """The system's default printer in high resolution, or None when the system has no printer."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def new_printer() -> QPrinter:
    """A high-resolution printer for the print dialog to configure."""
    return QPrinter(QPrinter.PrinterMode.HighResolution)
