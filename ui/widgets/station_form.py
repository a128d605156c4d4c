"""The station's details as a form: the wizard's first page and the 站点设置 dialog share it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ui.widgets.form import FieldErrors, form_layout, line_edit, set_read_only

if TYPE_CHECKING:
    from desktop.services.station import StationInfo, StationInput

DEFAULT_REGION_CODE = "440803"  # 霞山区, as desktop.services.station (not imported here: it loads SQLAlchemy)


class StationForm(QWidget):
    """`full` adds the short name and the 分局 (the wizard leaves them to their defaults)."""

    def __init__(self, *, full: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors("settings")
        form = form_layout()
        add = self.errors.add_row
        self.code = add(form, self.tr("Station code"), "code", line_edit(max_length=16, placeholder="XSLX01"))
        self.name = add(form, self.tr("Station name"), "name", line_edit(max_length=100))
        self.name.setPlaceholderText(self.tr("e.g. Luxia Community Micro Police Station"))
        self.short_name: QLineEdit | None = None
        self.district: QLineEdit | None = None
        if full:
            self.short_name = add(form, self.tr("Short name"), "short_name", line_edit(max_length=20))
            self.short_name.setPlaceholderText(self.tr("Used in mediation case numbers; empty = derived"))
        self.police_station = add(
            form, self.tr("Police station"), "police_station", line_edit(max_length=100)
        )
        self.police_station.setPlaceholderText(self.tr("e.g. Xincun Police Station"))
        if full:
            self.district = add(form, self.tr("Sub-bureau"), "district", line_edit(max_length=100))
        self.address = add(form, self.tr("Address"), "address", line_edit(max_length=200))
        self.phone = add(form, self.tr("Enquiry phone"), "phone", line_edit(max_length=40))
        self.phone.setPlaceholderText("0759-2xxxxxx")
        self.region_code = add(form, self.tr("Region code"), "region_code", line_edit(max_length=6))
        self.region_code.setText(DEFAULT_REGION_CODE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)

    def load(self, info: StationInfo) -> None:
        self.code.setText(info.code)
        set_read_only(self.code)  # the code is in every receipt number: fixed once created
        self.name.setText(info.name)
        if self.short_name is not None:
            self.short_name.setText(info.short_name)
        if self.district is not None:
            self.district.setText(info.district)
        self.police_station.setText(info.police_station)
        self.address.setText(info.address)
        self.phone.setText(info.phone)
        self.region_code.setText(info.region_code)

    def to_input(self) -> StationInput:
        from desktop.services.station import DEFAULT_DISTRICT, StationInput

        return StationInput(
            code=self.code.text(),
            name=self.name.text(),
            short_name=self.short_name.text() if self.short_name is not None else "",
            police_station=self.police_station.text(),
            district=self.district.text() if self.district is not None else DEFAULT_DISTRICT,
            address=self.address.text(),
            phone=self.phone.text(),
            region_code=self.region_code.text(),
        )

    def validate(self) -> bool:
        """The core's own rules (StationInput.problems is pure): every message lands under its field at once."""
        self.errors.clear()
        problems = self.to_input().problems()
        for problem in problems:
            self.errors.show(problem.field, problem.message)
        return not problems
