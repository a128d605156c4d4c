"""A date box that may be left empty (未选择) and behaves like the other fields of a form.

QDateEdit has no empty state, so "not chosen" is its minimum date shown as special text. Left as it is, that box
opens its calendar in January 2000, types into the year 2000, and keeps Tab for moving between year, month and
day — where every other field of the form hands the focus on. This one starts from today as soon as it gets the
focus, shows the calendar on today, and gives Tab back to the form.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QWidget

NOT_CHOSEN = QDate(2000, 1, 1)


class OptionalDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NOT_CHOSEN)
        self.setSpecialValueText(QCoreApplication.translate("dates", "Not chosen"))
        self.setDate(NOT_CHOSEN)
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

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the box (QDateEdit would move between its year, month and day instead)."""
        return QWidget.focusNextPrevChild(self, next)
