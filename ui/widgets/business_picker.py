"""The business-type field of the walk-in form: type Chinese, pinyin initials or the code, pick from a list.

Typing `wfz` lists 无犯罪记录证明, `sfz` the 居民身份证 businesses (prefix matches first, as `Catalog.search` orders
them). The list floats under the field like a completer's, but the keyboard never leaves the field: ↓/↑ move
through the matches, Enter (or a click) picks the highlighted one — the first when none is — and Esc closes the
list. The list is a tool-tip window that cannot take focus, so it never steals the caret, and it stays open while
the desk types, even when nothing matches (it says so). Leaving the field with a text that fits exactly one
business picks it; any other text leaves no choice (`code()` is "").

Object names: the field `walkin.business_code`, the list `walkin.business_list`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QHideEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from desktop.domain.catalog import Business, Catalog, default_catalog

MAX_ROWS = 8  # the list scrolls beyond this; the catalog has about a dozen businesses
CODE_ROLE = Qt.ItemDataRole.UserRole
LIST_STYLE = "QListWidget { border: 1px solid #90a4ae; background: #ffffff; }"
# Focus leaving for a context menu or another application is not the desk moving on to the next field.
_NO_AUTO_PICK = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
# Events of the field's ancestors (a window moved, a scroll area scrolled) after which the list follows the field.
_MOVES = (QEvent.Type.Move, QEvent.Type.Resize)


def item_text(business: Business) -> str:
    return f"{business.name} · {business.category}"


class BusinessPicker(QWidget):
    """`chosen(code)` is emitted whenever the choice changes ("" when it is cleared or the desk types anew)."""

    chosen = Signal(str)

    def __init__(self, catalog: Catalog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog if catalog is not None else default_catalog()
        self._code = ""
        self._watched: list[QObject] = []
        self._edit = QLineEdit(self)
        self._edit.setObjectName("walkin.business_code")
        self._edit.setPlaceholderText(self.tr("Name or pinyin initials, e.g. wfz"))
        self._edit.setToolTip(
            self.tr(
                "Type Chinese, pinyin initials or the code; ↓/↑ choose, Enter picks, Esc closes the list."
            )
        )
        self._edit.setClearButtonEnabled(True)
        self._edit.textEdited.connect(self._edited)
        self._edit.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        self.setFocusProxy(self._edit)
        self._list = self._build_list()

    def _build_list(self) -> QListWidget:
        matches = QListWidget(self)
        matches.setObjectName("walkin.business_list")
        # A tool-tip window: floats over the form (also over a scroll area's edge), is never activated and takes
        # no focus, so the caret stays in the field while the list is open.
        matches.setWindowFlags(
            Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        matches.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        matches.setFrameShape(QFrame.Shape.Box)
        matches.setStyleSheet(LIST_STYLE)
        matches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        matches.setUniformItemSizes(True)
        matches.setMouseTracking(True)
        # The list's window is never active: without this its highlight would be the pale inactive colour.
        palette = matches.palette()
        for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
            palette.setColor(
                QPalette.ColorGroup.Inactive, role, palette.color(QPalette.ColorGroup.Active, role)
            )
        matches.setPalette(palette)
        matches.clicked.connect(self._clicked)
        matches.currentRowChanged.connect(lambda _row: self._mark_default())
        matches.hide()
        return matches

    # -- public API ----------------------------------------------------------------------------------------
    def code(self) -> str:
        """The chosen business's code; "" while nothing is picked (also while a new search is being typed)."""
        return self._code

    def business(self) -> Business | None:
        return self._catalog.walkin(self._code) if self._code else None

    def set_code(self, code: str) -> None:
        """Show this business as chosen (no list) and emit `chosen`, even when it was chosen already.

        "" clears the field. An unknown code raises ValidationError (from the catalog).
        """
        if not code:
            self.clear()
            return
        business = self._catalog.walkin(code)
        self._close()
        self._edit.setText(business.name)
        self._code = business.code
        self.chosen.emit(business.code)

    def clear(self) -> None:
        self._close()
        self._edit.clear()
        self._set_code("")

    def line_edit(self) -> QLineEdit:
        return self._edit

    def list_widget(self) -> QListWidget:
        return self._list

    def is_list_open(self) -> bool:
        return self._list.isVisible()

    # -- choosing ------------------------------------------------------------------------------------------
    def _set_code(self, code: str) -> None:
        if code != self._code:
            self._code = code
            self.chosen.emit(code)

    def _pick(self, business: Business, *, move_on: bool) -> None:
        self._close()
        self._edit.setText(business.name)
        self._set_code(business.code)
        if move_on:  # after `chosen`: the form may have just shown the field that comes next
            self.focusNextChild()

    def _pick_row(self, row: int, *, move_on: bool = True) -> bool:
        item = self._list.item(row)
        code = item.data(CODE_ROLE) if item is not None else None
        if not code:
            return False  # the "nothing matches" line
        self._pick(self._catalog.walkin(str(code)), move_on=move_on)
        return True

    def _clicked(self, index: QModelIndex) -> None:
        self._pick_row(index.row())

    def _edited(self, text: str) -> None:
        self._set_code("")  # typing after a choice starts a new search
        if self._edit.hasFocus():
            self._open(self._catalog.search(text))
        else:  # e.g. the clear button clicked while the caret was elsewhere
            self._close()

    def _enter(self) -> bool:
        """Enter in the field; True when it was used here (it must not reach a default button)."""
        if self._list.isVisible():
            self._pick_row(max(self._list.currentRow(), 0))
            return True
        text = self._edit.text()
        if self._code or not text.strip():
            return False
        matches = self._catalog.search(text)
        if len(matches) == 1:
            self._pick(matches[0], move_on=True)
        else:
            self._open(matches)
        return True

    def _open_from_keyboard(self) -> None:
        """↓ on a closed list: the matches of the text being typed, or every business with the choice marked."""
        if self._code or not self._edit.text().strip():
            self._open(list(self._catalog.walkin_businesses()), highlight=self._code)
        else:
            self._open(self._catalog.search(self._edit.text()))

    def _step(self, delta: int) -> None:
        count = self._list.count()
        if count == 0 or not self._list.item(0).data(CODE_ROLE):
            return
        row = self._list.currentRow()
        if row < 0:
            row = 0 if delta > 0 else count - 1
        elif abs(delta) == 1:
            row = (row + delta) % count  # ↓ on the last match comes back to the first
        else:
            row = min(max(row + delta, 0), count - 1)
        self._list.setCurrentRow(row)

    # -- the floating list ---------------------------------------------------------------------------------
    def _open(self, matches: list[Business], *, highlight: str = "") -> None:
        self._list.clear()
        for business in matches:
            item = QListWidgetItem(item_text(business))
            item.setData(CODE_ROLE, business.code)
            item.setToolTip(f"{business.name}（{business.initials}）")
            self._list.addItem(item)
        if not matches:
            empty = QListWidgetItem(self.tr("No business matches; try the pinyin initials, e.g. wfz"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self._list.addItem(empty)
        self._list.setCurrentRow(-1)
        for row, business in enumerate(matches):
            if business.code == highlight:
                self._list.setCurrentRow(row)
        self._mark_default()
        self._place()
        if not self._list.isVisible():
            self._list.show()
            self._watch(True)

    def _mark_default(self) -> None:
        """While nothing is highlighted, Enter picks the first match: it is shown in bold."""
        current = self._list.currentRow()
        for row in range(self._list.count()):
            item = self._list.item(row)
            font = QFont(item.font())
            font.setBold(row == 0 and current < 0 and bool(item.data(CODE_ROLE)))
            item.setFont(font)

    def _place(self) -> None:
        """Under the field, as wide as the field or the longest line, above it when the screen ends below."""
        edit, matches = self._edit, self._list
        frame = 2 * matches.frameWidth()
        rows = min(matches.count(), MAX_ROWS)
        height = sum(matches.sizeHintForRow(r) for r in range(rows)) + frame
        width = matches.sizeHintForColumn(0) + frame + 8
        if matches.count() > MAX_ROWS:
            width += matches.verticalScrollBar().sizeHint().width()
        width = max(width, edit.width())
        below = edit.mapToGlobal(QPoint(0, edit.height()))
        area = edit.screen().availableGeometry() if edit.screen() is not None else QRect()
        top = below.y()
        if area.isValid():
            above = edit.mapToGlobal(QPoint(0, 0)).y() - height
            if top + height > area.bottom() and above >= area.top():
                top = above
            left = min(below.x(), area.right() - width)
            below.setX(max(left, area.left()))
        matches.setGeometry(below.x(), top, width, height)

    def _close(self) -> None:
        if self._list.isVisible():
            self._list.hide()
        self._watch(False)

    def _watch(self, on: bool) -> None:
        """While the list is open: follow the field when a window or scroll area moves it, and close on a click
        anywhere else (the list is no popup, so Qt would not close it)."""
        for target in self._watched:
            target.removeEventFilter(self)
        self._watched = []
        if not on:
            return
        app = QApplication.instance()
        widget = self.parentWidget()
        watched: list[QObject] = [app] if app is not None else []
        while widget is not None:
            watched.append(widget)
            widget = widget.parentWidget()
        for target in watched:
            target.installEventFilter(self)
        self._watched = watched

    # -- events --------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._edit:
            if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
                # The window's own Esc and Enter shortcuts must not fire while these keys serve the list.
                if self._wants_key(event):
                    event.accept()
                    return True
            elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(event)
            elif kind == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
                self._left(event.reason())
        elif kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            if not self._is_mine(watched):
                self._close()
        # The application-wide filter sees every widget's moves (the list's own included): only the field's
        # ancestors matter, anything else would re-place the list in an endless loop.
        elif kind in _MOVES and self._list.isVisible() and watched in self._watched[1:]:
            self._place()
        return super().eventFilter(watched, event)

    def _is_mine(self, widget: QWidget) -> bool:
        return (
            widget in (self._list, self._edit)
            or self._list.isAncestorOf(widget)
            or self._edit.isAncestorOf(widget)
        )

    def _wants_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if self._list.isVisible():
            return key in (
                Qt.Key.Key_Escape,
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
            )
        return (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self._code
            and bool(self._edit.text().strip())
        )

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        is_open = self._list.isVisible()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            return self._enter()
        if key == Qt.Key.Key_Escape and is_open:
            self._close()
            return True
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and plain:
            if is_open:
                self._step(1 if key == Qt.Key.Key_Down else -1)
            else:
                self._open_from_keyboard()
            return True
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and is_open:
            self._step(MAX_ROWS - 1 if key == Qt.Key.Key_PageDown else 1 - MAX_ROWS)
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and is_open and self._list.currentRow() >= 0:
            self._pick_row(self._list.currentRow(), move_on=False)  # a highlighted match counts; Tab moves on
        return False

    def _left(self, reason: Qt.FocusReason) -> None:
        self._close()
        text = self._edit.text()
        if self._code or not text.strip() or reason in _NO_AUTO_PICK:
            return
        matches = self._catalog.search(text)
        if len(matches) == 1:
            self._pick(matches[0], move_on=False)

    def hideEvent(self, event: QHideEvent) -> None:
        self._close()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.EnabledChange and not self.isEnabled():
            self._close()
        super().changeEvent(event)
