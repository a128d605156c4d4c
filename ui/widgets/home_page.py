"""The home page shown while no business tab is registered for the role: the station, who is logged in, today's
date and counts, and the administrator's shortcuts. A real page, not a placeholder tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.core import Permission
from ui.context import DeskContext
from ui.widgets.form import HINT_STYLE, card_frame, heading

if TYPE_CHECKING:
    from desktop.services.overview import TodayCounts

MAX_WIDTH = 960
GREY = "#546e7a"


class HomePage(QWidget):
    open_users = Signal()
    open_station_settings = Signal()
    open_db_connection = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main.home")
        header = card_frame("main.home_header")
        self.station_name = heading(QLabel(), 26)
        self.station_name.setObjectName("main.home_station")
        self.station_details = heading(QLabel(), 14, bold=False, colour=GREY)
        self.station_details.setObjectName("main.home_station_details")
        self.station_details.setWordWrap(True)
        self.date = heading(QLabel(), 18, bold=False, colour="#263238")
        self.date.setObjectName("main.home_date")
        self.user = heading(QLabel(), 14, bold=False, colour="#263238")
        self.user.setObjectName("main.home_user")
        top = QVBoxLayout(header)
        top.setContentsMargins(24, 20, 24, 20)
        top.setSpacing(6)
        top.addWidget(self.station_name)
        top.addWidget(self.station_details)
        top.addSpacing(10)
        top.addWidget(self.date)
        top.addWidget(self.user)

        counts = QHBoxLayout()
        counts.setSpacing(16)
        self.total = self._tile(counts, self.tr("Accepted today"), "main.home_today_total")
        self.received = self._tile(counts, self.tr("Awaiting review"), "main.home_today_received")
        self.returned = self._tile(counts, self.tr("Returned for correction"), "main.home_today_returned")

        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(header)
        column.addLayout(counts)
        if ctx.actor.can(Permission.MANAGE_USERS) or ctx.actor.can(Permission.MANAGE_STATION):
            column.addWidget(heading(QLabel(self.tr("Administration")), 16, colour="#263238"))
            shortcuts = QHBoxLayout()
            shortcuts.setSpacing(12)
            for text, name, signal in (
                (self.tr("User management"), "main.open_users", self.open_users),
                (self.tr("Station settings"), "main.open_station_settings", self.open_station_settings),
                (self.tr("Database connection"), "main.open_db_connection", self.open_db_connection),
            ):
                button = QPushButton(text)
                button.setObjectName(name)
                button.setAutoDefault(False)
                button.clicked.connect(signal.emit)
                shortcuts.addWidget(button)
            shortcuts.addStretch(1)
            column.addLayout(shortcuts)
        hint = QLabel(self.tr("Ctrl+L locks the screen when you leave the desk."))
        hint.setStyleSheet(HINT_STYLE)
        column.addWidget(hint)
        column.addStretch(1)
        body = QWidget()
        body.setMaximumWidth(MAX_WIDTH)
        body.setLayout(column)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 24)
        outer.addWidget(body, 1)
        outer.addStretch(0)
        self.update_context(ctx)

    def _tile(self, row: QHBoxLayout, caption: str, name: str) -> QLabel:
        tile = card_frame(name + "_tile")
        column = QVBoxLayout(tile)
        column.setContentsMargins(20, 14, 20, 14)
        column.setSpacing(2)
        number = heading(QLabel("–"), 34)
        number.setObjectName(name)
        column.addWidget(number)
        label = QLabel(caption)
        label.setStyleSheet(f"font-size: 14px; color: {GREY};")
        column.addWidget(label)
        row.addWidget(tile, 1)
        return number

    def update_context(self, ctx: DeskContext) -> None:
        from desktop.clock import local_date

        station = ctx.station
        self.station_name.setText(station.name)
        lines = [" · ".join(p for p in (station.police_station, station.district) if p)]
        contact = []
        if station.address:
            contact.append(self.tr("Address: {address}").format(address=station.address))
        if station.phone:
            contact.append(self.tr("Enquiry phone: {phone}").format(phone=station.phone))
        lines.append("　".join(contact))
        lines.append(
            self.tr("Station code {code}, region code {region}").format(
                code=station.code, region=station.region_code
            )
        )
        self.station_details.setText("\n".join(line for line in lines if line))
        today = local_date(ctx.core.clock())  # Asia/Shanghai, whatever the PC's time zone says
        qdate = QDate(today.year, today.month, today.day)
        self.date.setText(QLocale().toString(qdate, self.tr("dddd, MMMM d, yyyy")))
        user = ctx.user
        police_no = self.tr(", no. {no}").format(no=user.police_no) if user.police_no else ""
        self.user.setText(
            self.tr("Logged in: {name} ({role}{police_no})").format(
                name=user.display_name, role=user.role_name, police_no=police_no
            )
        )

    def set_counts(self, counts: TodayCounts) -> None:
        self.total.setText(str(counts.total))
        self.received.setText(str(counts.received))
        self.returned.setText(str(counts.returned))
