"""Form helpers: a field with its red error label underneath, keyed by the data-model attribute name.

Services raise ValidationError(field, message); the form shows the message under that field and keeps every value the
person typed. Labels are named `<area>.<field>_error` so tests find them like any other widget.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

ERROR_STYLE = "color: #c62828; font-size: 12px;"
HINT_STYLE = "color: #616161; font-size: 12px;"
OK_STYLE = "color: #2e7d32; font-size: 12px;"
HEADING_COLOUR = "#1565c0"


CARD_STYLE = 'QFrame[card="true"] { background: #ffffff; border: 1px solid #cfd8dc; border-radius: 8px; }'


def card_frame(name: str) -> QFrame:
    """A white panel with a thin border; the selector matches only frames marked as cards, not their labels."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setProperty("card", True)
    frame.setStyleSheet(CARD_STYLE)
    return frame


def heading(label: QLabel, px: int, *, bold: bool = True, colour: str = HEADING_COLOUR) -> QLabel:
    """Sizes through a style sheet: qt-material's sheet sets every widget's font-size, which beats setFont()."""
    weight = "bold" if bold else "normal"
    label.setStyleSheet(f"font-size: {px}px; font-weight: {weight}; color: {colour};")
    return label


class FieldErrors:
    """The error labels of one form; `show()` answers False for a field this form does not have."""

    def __init__(self, area: str) -> None:
        self.area = area
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def wrap(self, field: str, widget: QWidget) -> QWidget:
        """The widget with an (initially hidden) error label under it, for a QFormLayout row."""
        widget.setObjectName(f"{self.area}.{field}")
        label = QLabel()
        label.setObjectName(f"{self.area}.{field}_error")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(label)
        self._labels[field] = label
        self._widgets[field] = widget
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text, f=field: self.clear(f))
        return box

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> QWidget:
        form.addRow(label, self.wrap(field, widget))
        return widget

    def has(self, field: str) -> bool:
        return field in self._labels

    def show(self, field: str, message: str) -> bool:
        label = self._labels.get(field)
        if label is None:
            return False
        label.setText(message)
        label.setVisible(True)
        self._widgets[field].setFocus()
        return True

    def message(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and label.isVisible() else ""

    def clear(self, field: str | None = None) -> None:
        names = [field] if field is not None else list(self._labels)
        for name in names:
            if name in self._labels:
                self._labels[name].clear()
                self._labels[name].setVisible(False)


def line_edit(*, password: bool = False, max_length: int | None = None, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    if max_length is not None:
        edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def form_layout() -> QFormLayout:
    form = QFormLayout()
    # Chinese labels are short; let fields take the width and keep labels on the left even on narrow dialogs.
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setVerticalSpacing(8)
    form.setHorizontalSpacing(12)
    return form
