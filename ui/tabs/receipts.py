"""The 回执管理 tab: find an acceptance document, preview it, print or save it (recorded), void it, verify a QR code.

One search field takes a receipt number, a scanned QR payload (the scanner types it and presses Enter), an ID
number (full or masked as printed) or the beginning of a name; a date narrows the list. Selecting a row renders
its preview in the background (nothing recorded) and shows it in a QPdfView. Printing and saving go through
`render_document`, so every copy is numbered and recorded; a reprint asks for the reason first. Voiding is for
officers only. A scanned payload is also verified: 真实 / 伪造 / 未知 with the record's current status.
The print, save and void flows live in `ui.tabs.receipts_actions`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, QObject, QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import DomainError, ValidationError
from desktop.services.core import Permission
from ui.errors import show_error
from ui.models.receipts import DocumentsModel
from ui.printing import LoadedPdf
from ui.tabs import TabEntry
from ui.tabs.receipts_actions import ReceiptActions
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, card_frame, keep_height, sentence
from ui.widgets.model_colours import ModelColours

if TYPE_CHECKING:
    from desktop.services.receipt_search import DocumentRow
    from desktop.services.receipts import PrintedCopy, Verification
    from ui.context import DeskContext

PAGE = 50
NO_DAY = QDate(2000, 1, 1)  # the date box's "every day" value (shown as its special text)
LAYOUTS = (("A4", "A4"), ("A5", "A5"), ("roll80", "80 mm"))
VERIFY_STYLES = {
    "genuine": "color: #2e7d32; font-size: 14px; font-weight: bold;",
    "forged": "color: #c62828; font-size: 14px; font-weight: bold;",
    "unknown": "color: #e65100; font-size: 14px;",
}


class _OpenOnThisMonth(QObject):
    """While the date box says 全部日期 (a date in 2000), its calendar would open on January 2000: show this month."""

    def __init__(self, day: QDateEdit) -> None:
        super().__init__(day)
        self._day = day

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shown = event.type() in (QEvent.Type.Show, QEvent.Type.ShowToParent)
        if shown and self._day.date() == NO_DAY and isinstance(watched, QCalendarWidget):
            today = QDate.currentDate()
            watched.setCurrentPage(today.year(), today.month())
        return False


class ReceiptsTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("receipts.tab")
        self.setWindowTitle(self.tr("Receipts"))
        self.settings = QSettings(str(ctx.paths.config / "desk.ini"), QSettings.Format.IniFormat)
        self._search_token = 0
        self._preview_token = 0
        self._verify_token = 0
        self._last_query: tuple[str, date | None] = ("", None)
        self._pdf: LoadedPdf | None = None
        self._shown_before = False
        self._build()
        self.actions_ = ReceiptActions(self)
        self._update_buttons()
        self.run_search()

    # -- building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("receipts.search")
        self.search_edit.setPlaceholderText(
            self.tr("Receipt number, scanned QR code, ID number or name — Enter searches")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self.run_search)
        keep_height(self.search_edit)
        self.day = QDateEdit()
        self.day.setObjectName("receipts.day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMinimumDate(NO_DAY)
        self.day.setSpecialValueText(self.tr("Any day"))
        self.day.setDate(NO_DAY)
        self.day.setMinimumWidth(140)
        self._this_month = _OpenOnThisMonth(self.day)  # kept: the filter's Python side must outlive __init__
        self.day.calendarWidget().installEventFilter(self._this_month)
        # Chinese day names are one character (一 … 日): the theme's narrow columns elide the long ones to "…".
        self.day.calendarWidget().setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames
        )
        self.day.dateChanged.connect(lambda _d: self.run_search())
        keep_height(self.day)
        today = QPushButton(self.tr("Today"))
        today.setObjectName("receipts.today")
        today.setAutoDefault(False)
        today.clicked.connect(lambda: self.day.setDate(QDate.currentDate()))
        any_day = QPushButton(self.tr("Any day"))
        any_day.setObjectName("receipts.any_day")
        any_day.setAutoDefault(False)
        any_day.clicked.connect(lambda: self.day.setDate(NO_DAY))
        find = QPushButton(self.tr("Search"))
        find.setObjectName("receipts.find")
        find.clicked.connect(self.run_search)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(QLabel(self.tr("Date")))
        top.addWidget(self.day)
        top.addWidget(today)
        top.addWidget(any_day)
        top.addWidget(find)

        self.model = DocumentsModel()
        self.table = QTableView()
        self.table.setObjectName("receipts.list")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ModelColours(self.table))  # the theme would hide the model's colours
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.more = QPushButton(self.tr("Load more"))
        self.more.setObjectName("receipts.more")
        self.more.clicked.connect(self.load_more)
        self.count_label = QLabel()
        self.count_label.setObjectName("receipts.count")
        self.count_label.setStyleSheet(HINT_STYLE)
        under_list = QHBoxLayout()
        under_list.addWidget(self.count_label, 1)
        under_list.addWidget(self.more)

        self.verify_card = card_frame("receipts.verify_card")
        self.verify_result = QLabel()
        self.verify_result.setObjectName("receipts.verify_result")
        self.verify_result.setWordWrap(True)
        self.verify_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        verify_title = QLabel(self.tr("Verification"))
        verify_title.setStyleSheet("font-weight: bold;")
        card = QVBoxLayout(self.verify_card)
        card.addWidget(verify_title)
        card.addWidget(self.verify_result)
        self.show_verification(None)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(under_list)
        left_layout.addWidget(self.verify_card)

        self.layout_choice = QComboBox()
        self.layout_choice.setObjectName("receipts.layout")
        for code, text in LAYOUTS:
            self.layout_choice.addItem(text, code)
        self.layout_choice.currentIndexChanged.connect(lambda _i: self.load_preview())
        self.layout_choice.setMinimumWidth(120)  # the theme's padding otherwise clips "80 mm" in the list
        self.layout_choice.view().setMinimumWidth(140)
        keep_height(self.layout_choice)
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName("receipts.print")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setObjectName("receipts.save_pdf")
        self.save_button.clicked.connect(self.save_pdf)
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.setObjectName("receipts.void")
        self.void_button.clicked.connect(self.void_document)
        self.void_button.setVisible(self.ctx.actor.can(Permission.REVIEW))
        self.direct_print = QCheckBox(self.tr("Print straight to the default printer"))
        self.direct_print.setObjectName("receipts.direct_print")
        self.direct_print.setChecked(self.settings.value("receipts/direct_print", False, type=bool))
        self.direct_print.toggled.connect(lambda on: self.settings.setValue("receipts/direct_print", on))
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("Layout")))
        tools.addWidget(self.layout_choice)
        tools.addWidget(self.direct_print)
        tools.addStretch(1)
        tools.addWidget(self.void_button)
        tools.addWidget(self.save_button)
        tools.addWidget(self.print_button)

        self.preview = QPdfView()
        self.preview.setObjectName("receipts.preview")
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setStyleSheet("background: #90a4ae;")
        self.message = QLabel()
        self.message.setObjectName("receipts.message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("receipts.splitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        # The list's columns readable; an A4 page still fits the preview's width.
        splitter.setSizes([640, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    # -- commands of the main window -----------------------------------------------------------------------
    def search(self) -> None:
        """Ctrl+F: to the search field, its text selected so that the next scan or typing replaces it."""
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def print_document(self) -> None:
        self.actions_.print_current()

    def save_pdf(self) -> None:
        self.actions_.save_current()

    def void_document(self) -> None:
        self.actions_.void_current()

    def cancel(self) -> None:
        self.search_edit.clear()
        self.search_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the tab: records saved in 来访受理 (or at another desk) meanwhile are listed too."""
        super().showEvent(event)
        if self._shown_before:
            self.run_search()
        self._shown_before = True

    # -- state -------------------------------------------------------------------------------------------
    def current(self) -> DocumentRow | None:
        return self.model.document(self.table.currentIndex().row())

    def layout_code(self) -> str:
        return str(self.layout_choice.currentData())

    def selected_day(self) -> date | None:
        chosen = self.day.date()
        return None if chosen == NO_DAY else date(chosen.year(), chosen.month(), chosen.day())

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        """A line above the preview: what just happened, or why it did not."""
        self.message.setText(sentence(text))
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)
        self.message.setVisible(bool(text))

    def fail(self, error: BaseException) -> None:
        """A domain error goes to the message line (the search text and the selection stay); a bug crashes."""
        if isinstance(error, DomainError):
            self.say(error.message, error=True)
        else:
            show_error(self, error)

    def _update_buttons(self) -> None:
        doc = self.current()
        for button in (self.print_button, self.save_button):
            button.setEnabled(doc is not None)
        self.void_button.setEnabled(doc is not None and not doc.voided and doc.status != "picked_up")

    # -- searching ---------------------------------------------------------------------------------------
    def run_search(self) -> None:
        from desktop.documents.verify import normalize

        text = self.search_edit.text()
        day = self.selected_day()
        self._last_query = (text, day)
        self._search_token += 1
        token = self._search_token
        self.more.setEnabled(False)
        self._search(text, day, None, lambda rows: self._found(token, rows))
        if "." in normalize(text):
            self.verify(text)
        else:
            self.show_verification(None)
        self.search_edit.selectAll()  # the next scan replaces the text; until then it stays

    def load_more(self) -> None:
        last = self.model.last()
        if last is None:
            return
        text, day = self._last_query
        token = self._search_token
        self._search(text, day, last.cursor, lambda rows: self._more_found(token, rows))

    def _search(self, text: str, day: date | None, after: Any, done: Any) -> None:
        from desktop.services.receipt_search import find_documents

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        self.ctx.runner.run(
            lambda: find_documents(core, actor, code, text=text, day=day, limit=PAGE, after=after),
            on_success=done,
            on_failure=self.fail,
            widget=self,
        )

    def _found(self, token: int, rows: list[DocumentRow]) -> None:
        if token != self._search_token:
            return  # an older search answered late
        self.model.set_rows(rows)
        self._after_rows(len(rows))
        if rows:
            self.table.selectRow(0)
            self.say("")
        else:
            self.say(self.tr("Nothing found. Check the number, ID number or name, or choose another day."))
            self.show_pdf(None)

    def _more_found(self, token: int, rows: list[DocumentRow]) -> None:
        if token == self._search_token:
            self.model.append_rows(rows)
            self._after_rows(len(rows))

    def _after_rows(self, received: int) -> None:
        self.more.setEnabled(received == PAGE)
        self.count_label.setText(self.tr("{count} shown").format(count=self.model.rowCount()))
        self._update_buttons()

    def refresh_row(self, number: str) -> None:
        """Read one record again after a print or a void: its copies and status change in the list."""
        from desktop.services.receipt_search import find_documents

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code

        def update(rows: list[DocumentRow]) -> None:
            for row in rows:
                self.model.replace_row(row)
            self._update_buttons()
            if (doc := self.current()) is not None and doc.receipt_no == number:
                self.load_preview()

        self.ctx.runner.run(
            lambda: find_documents(core, actor, code, text=number), on_success=update, on_failure=self.fail,
            widget=self,
        )  # fmt: skip

    # -- verification ------------------------------------------------------------------------------------
    def verify(self, text: str) -> None:
        from desktop.services import receipts

        self._verify_token += 1
        token = self._verify_token
        core = self.ctx.core
        self.ctx.runner.run(
            lambda: receipts.verify(core, text),
            on_success=lambda result: token == self._verify_token and self.show_verification(result),
            on_failure=self.fail,
            widget=self,
        )

    def show_verification(self, result: Verification | None) -> None:
        if result is None:
            self.verify_result.setText(self.tr("Scan the QR code of a receipt to check that it is genuine."))
            self.verify_result.setStyleSheet(HINT_STYLE)
            self.verify_result.setProperty("outcome", "")
            return
        verdict = {
            "genuine": self.tr("Genuine"),
            "forged": self.tr("FORGED"),
            "unknown": self.tr("Unknown"),
        }[result.outcome]
        text = f"{verdict} · {result.number}" if result.number else verdict
        # The core's reason names the record's current status.
        self.verify_result.setText(f"{text}\n{sentence(result.reason)}")
        self.verify_result.setStyleSheet(VERIFY_STYLES[result.outcome])
        self.verify_result.setProperty("outcome", result.outcome)

    # -- preview -----------------------------------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        self.load_preview()

    def load_preview(self) -> None:
        from desktop.services import receipts

        doc = self.current()
        self._preview_token += 1
        token = self._preview_token
        if doc is None:
            self.show_pdf(None)
            return
        core, actor, number, layout = self.ctx.core, self.ctx.actor, doc.receipt_no, self.layout_code()
        self.ctx.runner.run(
            lambda: receipts.preview_document(core, actor, number, layout=layout),
            on_success=lambda copy: token == self._preview_token and self.show_pdf(copy),
            on_failure=lambda error: self._preview_failed(token, error),
            widget=self,
            quiet=True,
        )

    def _preview_failed(self, token: int, error: BaseException) -> None:
        if token != self._preview_token:
            return
        self.show_pdf(None)
        # UnsupportedCharacters names the characters; a missing material says which one
        if isinstance(error, ValidationError):
            self.say(self.tr("Cannot show this document: {reason}").format(reason=error.message), error=True)
        else:
            self.fail(error)

    def show_pdf(self, copy: PrintedCopy | None) -> None:
        """Show the rendered PDF (parsed here, on the GUI thread); None clears the preview."""
        old = self._pdf
        self._pdf = LoadedPdf(copy.pdf) if copy is not None else None
        self.preview.setDocument(self._pdf.document if self._pdf is not None else None)  # type: ignore[arg-type]
        if old is not None:
            old.close()

    def preview_page_count(self) -> int:
        return self._pdf.document.pageCount() if self._pdf is not None else 0


TAB = TabEntry(
    ReceiptsTab,
    Permission.INTAKE,
    order=40,
    name="receipts.tab",
    title=lambda: QCoreApplication.translate("ReceiptsTab", "Receipts"),
)
