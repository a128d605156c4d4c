"""An item delegate that paints the model's colours: qt-material's `QTableView::item { color }` rule outranks the
model's ForegroundRole and BackgroundRole, so a style-drawn cell would show neither (a voided receipt would not be
red, a returned record not highlighted)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex


class ModelColours(QStyledItemDelegate):
    """Paints the model's background and text colours: qt-material's `QTableView::item { color }` rule outranks
    the model's ForegroundRole and BackgroundRole, so a style-drawn cell would show neither."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(background, QColor | QBrush):
            painter.fillRect(option.rect, background)
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        if not isinstance(colour, QColor):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        text, opt.text = opt.text, ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        painter.setPen(colour)
        painter.setFont(opt.font)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        text_rect = text_rect.adjusted(margin, 0, -margin, 0)
        elided = opt.fontMetrics.elidedText(text, opt.textElideMode, text_rect.width())
        painter.drawText(text_rect, int(opt.displayAlignment.value), elided)
        painter.restore()
