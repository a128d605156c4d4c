"""Form helpers: a field with its red error label in the row below, keyed by the data-model attribute name.

Services raise ValidationError(field, message); the form shows the message under that field and keeps every value the
person typed. Labels are named `<area>.<field>_error` so tests find them like any other widget. The error label has
a form row of its own (hidden while empty): it adds height to the form instead of taking it from the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6 import QtCore  # QtCore.Qt at use, not imported: see ui/start_flow.py
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #c62828; font-size: 12px;"
HINT_STYLE = "color: #616161; font-size: 12px;"
OK_STYLE = "color: #2e7d32; font-size: 12px;"
HEADING_COLOUR = "#1565c0"
# qt-material draws inputs as a tinted box with an underline; a read-only one gets no underline and grey text.
READ_ONLY_STYLE = "color: #616161; background-color: #eceff1; border-width: 0px;"

INPUT_TEXT_INDENT = 16  # qt-material's padding-left of inputs at density 0 (ui.theme)

CARD_STYLE = 'QFrame[card="true"] { background: #ffffff; border: 1px solid #cfd8dc; border-radius: 8px; }'

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_LITERAL_ENDINGS = frozenset("-_/\\@#*+=~|")


def sentence(text: str) -> str:
    """One message, one ending: Chinese text ends with exactly one 。 (or its own ！/？), English with a full stop.

    The core's messages come with and without the full stop; the UI shows them all alike. Whether typing was
    kept is for the form that failed to save to say (see `kept_note`).
    """
    text = text.strip()
    if not text:
        return text
    if _CJK.search(text):
        text = text.rstrip("。.，,；; ")
        if (
            text.endswith(("！", "？", "!", "?", "…")) or text[-1] in _LITERAL_ENDINGS
        ):  # 正在保存… stays as it is
            return text  # "…字母、数字或 _ . -": a full stop there would read as one more allowed character
        return text + "。"
    return text if text.endswith((".", "!", "?")) else text + "."


def kept_note() -> str:
    """Appended to a failed save's message: the person's typing is still in the form."""
    return QCoreApplication.translate("form", "What you typed has been kept.")


def card_frame(name: str) -> QFrame:
    """A white panel with a thin border; the selector matches only frames marked as cards, not their labels."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setProperty("card", True)
    frame.setStyleSheet(CARD_STYLE)
    return frame


def titled_card(name: str, title: str) -> tuple[QFrame, QVBoxLayout]:
    """A form's card (`name` is its object name) with its title, and the layout its rows go into."""
    frame = card_frame(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 10)
    layout.addWidget(heading(QLabel(title), 15))
    return frame, layout


def heading(label: QLabel, px: int, *, bold: bool = True, colour: str = HEADING_COLOUR) -> QLabel:
    """Sizes through a style sheet: qt-material's sheet sets every widget's font-size, which beats setFont()."""
    weight = "bold" if bold else "normal"
    label.setStyleSheet(f"font-size: {px}px; font-weight: {weight}; color: {colour};")
    return label


def keep_height(widget: QWidget) -> None:
    """An input never gets shorter than the theme draws it, however crowded its form becomes; a number box's text
    starts where a line edit's does. A text box (QPlainTextEdit …) keeps the height the form gave it: its size hint
    is a whole page."""
    if isinstance(widget, QAbstractScrollArea):
        return
    widget.ensurePolished()
    widget.setMinimumHeight(max(widget.minimumHeight(), widget.sizeHint().height()))
    if isinstance(widget, QAbstractSpinBox):
        align_number_text(widget)


def align_number_text(spin: QAbstractSpinBox) -> None:
    """qt-material indents a line edit's text by its padding, but its rules never reach the line edit inside a
    spin box (the text sits at the very edge): indent that one by hand, only while the theme is on."""
    app = QApplication.instance()
    inner = spin.findChild(QLineEdit)
    if inner is not None and isinstance(app, QApplication) and app.styleSheet():
        inner.setTextMargins(INPUT_TEXT_INDENT, 0, 0, 0)


def set_row_visible(widget: QWidget, visible: bool) -> None:
    """Show or hide the form row holding `widget` (the whole row, spacing included); any other widget alone."""
    parent = widget.parentWidget()
    if parent is None:  # not placed yet: showing it now would open it as a window of its own
        if not visible:
            widget.hide()
        return
    for form in parent.findChildren(QFormLayout):
        row, _role = form.getWidgetPosition(widget)
        if row >= 0:
            form.setRowVisible(row, visible)
            return
    widget.setVisible(visible)


class FieldErrors:
    """The error labels of one form; `show()` answers False for a field this form does not have."""

    def __init__(self, area: str) -> None:
        self.area = area
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._listeners: list[Callable[[], None]] = []

    def add_row(
        self,
        form: QFormLayout,
        label: str,
        field: str,
        widget: QWidget,
        *,
        row: QWidget | QLayout | None = None,
    ) -> QWidget:
        """The field's row, and under it the (hidden) row of its error label.

        `row`: what the form row shows when it holds more than the field (e.g. the server address and its port).
        """
        widget.setObjectName(f"{self.area}.{field}")
        keep_height(widget)
        error = QLabel()
        error.setObjectName(f"{self.area}.{field}_error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        form.addRow(label, row if row is not None else widget)
        form.addRow("", error)
        form.setRowVisible(form.rowCount() - 1, False)
        self._labels[field] = error
        self._widgets[field] = widget
        self._forms[field] = form
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text, f=field: self.clear(f))
        return widget

    def on_change(self, listener: Callable[[], None]) -> None:
        """Called after any error appears or goes (a live hint hides while an error speaks for its field)."""
        self._listeners.append(listener)

    def has(self, field: str) -> bool:
        return field in self._labels

    def widget(self, field: str) -> QWidget | None:
        return self._widgets.get(field)

    def show(self, field: str, message: str, *, focus: bool = True) -> bool:
        """Show `message` under the field; `focus=False` for checks while the person moves on (a check that takes
        the focus back when a field is left would fight the next field's check over it)."""
        label = self._labels.get(field)
        if label is None:
            return False
        label.setText(sentence(message))
        self._set_visible(field, True)
        if focus:
            self._widgets[field].setFocus()
        self._changed()
        return True

    def message(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def showing_for(self, widget: QWidget) -> bool:
        return any(w is widget and self.message(f) for f, w in self._widgets.items())

    def clear(self, field: str | None = None) -> None:
        names = [field] if field is not None else list(self._labels)
        for name in names:
            if name in self._labels and self._labels[name].text():
                self._labels[name].clear()
                self._set_visible(name, False)
        self._changed()

    def _set_visible(self, field: str, visible: bool) -> None:
        form, label = self._forms[field], self._labels[field]
        row, _role = form.getWidgetPosition(label)
        form.setRowVisible(row, visible)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()


class _NoWheel(QObject):
    """A choice box under the mouse would take the wheel meant for scrolling the form, and change silently —
    also when the program had put the focus there. The wheel scrolls the form; the box opens with a click or
    changes with the keyboard."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            event.ignore()  # goes on to the parents: the form scrolls
            return True
        return super().eventFilter(watched, event)


def guard_wheel(*widgets: QWidget) -> None:
    """The wheel never changes these boxes (see _NoWheel)."""
    for widget in widgets:
        guard = _NoWheel(widget)
        # not WheelFocus: the wheel must not take the focus
        widget.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(guard)


def line_edit(*, password: bool = False, max_length: int | None = None, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    if max_length is not None:
        edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def set_read_only(edit: QLineEdit) -> None:
    """A value that is shown, not edited: no underline, grey, still selectable for copying."""
    edit.setReadOnly(True)
    edit.setStyleSheet(READ_ONLY_STYLE)
    edit.setToolTip(QCoreApplication.translate("form", "This value cannot be changed."))


def form_layout() -> QFormLayout:
    form = QFormLayout()
    # Chinese labels are short; let fields take the width and keep labels on the left even on narrow dialogs.
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setVerticalSpacing(8)
    form.setHorizontalSpacing(12)
    return form


def save_cancel_row(
    dialog: QDialog,
    *,
    save_text: str,
    cancel_text: str,
    save_name: str = "settings.save",
    cancel_name: str = "settings.cancel",
) -> tuple[QLayout, QPushButton, QPushButton]:
    """The dialogs' button row: Cancel, then the default Save on the right; Enter saves, Esc cancels.

    The buttons are created as the dialog's children, so `setDefault` registers Save as the dialog's main default:
    after another button (测试连接) had the focus, Enter still means Save.
    """
    save = QPushButton(save_text, dialog)
    save.setObjectName(save_name)
    cancel = QPushButton(cancel_text, dialog)
    cancel.setObjectName(cancel_name)
    cancel.setAutoDefault(False)
    cancel.clicked.connect(dialog.reject)
    save.setDefault(True)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(save)
    return row, save, cancel


def confirm_discard(parent: QWidget, area: str, text: str, go: Callable[[], None]) -> None:
    """Ask before unsaved typing is dropped (`<area>.confirm`); "keep editing" is the default, `go` runs on discard."""
    box = QMessageBox(parent)
    box.setObjectName(f"{area}.confirm")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("form", "Unsaved changes"))
    box.setText(text)
    discard = box.addButton(
        QCoreApplication.translate("form", "Discard"), QMessageBox.ButtonRole.DestructiveRole
    )
    keep = box.addButton(
        QCoreApplication.translate("form", "Keep editing"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(keep)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.buttonClicked.connect(lambda button: go() if button is discard else None)
    box.open()
