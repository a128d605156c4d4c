"""A date box that may be left empty (未选择) and behaves like the other fields of a form.

QDateEdit has no empty state, so "not chosen" is its minimum date shown as special text. Left as it is, that box
opens its calendar in January 2000, types into the year 2000, and keeps Tab for moving between year, month and
day — where every other field of the form hands the focus on. This one starts from today as soon as it gets the
focus, shows the calendar on today, and gives Tab back to the form.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QDateTimeEdit, QWidget

NOT_CHOSEN = QDate(2000, 1, 1)
SEPARATORS = "-/.－／。"


class OptionalDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NOT_CHOSEN)
        self.setSpecialValueText(QCoreApplication.translate("dates", "Not chosen"))
        self.setDate(NOT_CHOSEN)
        self._tab_key = False
        self._digits = 0  # digits typed into the current part of the date
        # Chinese day names are one character (一 … 日): the theme's narrow columns elide the long ones to "…".
        self.calendarWidget().setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames
        )

    def value(self) -> date | None:
        chosen = self.date()
        return None if chosen == NOT_CHOSEN else date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value) if value is not None else NOT_CHOSEN)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.date() == NOT_CHOSEN and not self.isReadOnly():
            self.setDate(QDate.currentDate())  # typing or the calendar start from today, not from 2000
        super().focusInEvent(event)
        # However the box was entered (click, Tab, Shift+Tab), typing starts with the year: "20261206" works.
        self._digits = 0
        QTimer.singleShot(0, self, lambda: self.setSelectedSection(QDateTimeEdit.Section.YearSection))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A typed "-", "/" or "." ends the part being typed; right after a part filled up (and the box moved on
        by itself) it is the separator already implied, and is dropped: "2026-12-06", "20261206" and "2026-1-6"
        all give the date typed."""
        text = event.text()
        if text and text in SEPARATORS:
            if self._digits:
                self.setCurrentSectionIndex(min(self.currentSectionIndex() + 1, self.sectionCount() - 1))
                self.setSelectedSection(self.currentSection())
                self._digits = 0
            return
        before = self.currentSectionIndex()
        self._tab_key = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        try:
            super().keyPressEvent(event)
        finally:
            self._tab_key = False
        if text.isdigit():
            self._digits = self._digits + 1 if self.currentSectionIndex() == before else 0

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the box (QDateEdit would move between its year, month and day instead); a typed separator
        ("-") still moves on to the next part of the date."""
        if self._tab_key:
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)
