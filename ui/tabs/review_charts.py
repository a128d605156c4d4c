"""The two charts of the 当日审核 board (QtCharts): the day's intake by kind as bars with their counts, and the last
30 days' applications as a line ending on the chosen day.

QtCharts draws with its own fonts and colours (the theme's style sheet never reaches inside a chart): both charts
take the application font and a plain white background so they read like the cards beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication

BAR_COLOUR = QColor("#1e88e5")
LINE_COLOUR = QColor("#43a047")
DAY_COLOUR = QColor("#e53935")  # the chosen day on the line
HALF_DAY_MS = 12 * 3600 * 1000
AXIS_COLOUR = QColor("#607d8b")
GRID_COLOUR = QColor("#eceff1")
HEIGHT = 200


def _font(delta: float = 0.0, *, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    if delta:
        font.setPointSizeF(max(6.0, font.pointSizeF() + delta))
    font.setBold(bold)
    return font


def _nice_top(value: int) -> int:
    """An axis end with room above the highest bar for its label: five round ticks (1, 2, 3, 4, 5, 6 or 8 × 10ⁿ
    each) above zero."""
    wanted = value * 1.2 + 1
    scale = 1
    while True:
        for tick in (1, 2, 3, 4, 5, 6, 8):
            if 5 * tick * scale >= wanted:
                return 5 * tick * scale
        scale *= 10


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(0.5, bold=True))
    chart.setTitleBrush(QColor("#37474f"))
    chart.legend().hide()
    chart.setBackgroundBrush(QColor(Qt.GlobalColor.white))
    chart.setBackgroundRoundness(6)
    chart.setMargins(QMargins(4, 2, 8, 2))
    chart.setAnimationOptions(
        QChart.AnimationOption.NoAnimation
    )  # a refresh every few seconds must not wobble
    return chart


def _axis_look(axis: QValueAxis | QBarCategoryAxis | QDateTimeAxis) -> None:
    axis.setLabelsFont(_font(-1.0))
    axis.setLabelsColor(AXIS_COLOUR)
    axis.setLinePen(QPen(AXIS_COLOUR))
    axis.setGridLineColor(GRID_COLOUR)


class KindsChart(QChartView):
    """Bars: 来访受理 / 出入境 / 矛盾调解 / 咨询, each with its count above it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFixedHeight(HEIGHT)
        self.setChart(_chart(title))
        self.counts: tuple[int, ...] = ()

    def show_counts(self, names: Sequence[str], counts: Sequence[int]) -> None:
        self.counts = tuple(counts)
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet("")
        bars.append([float(c) for c in counts])
        bars.setColor(BAR_COLOUR)
        bars.setBorderColor(BAR_COLOUR)
        bars.setLabelColor(QColor("#263238"))
        bars.setLabelFont(_font(bold=True))
        series = QBarSeries()
        series.append(bars)
        series.setBarWidth(0.55)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(names))
        _axis_look(categories)
        categories.setGridLineVisible(False)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setRange(0, _nice_top(max(counts, default=0)))
        values.setLabelFormat("%d")
        values.setTickCount(6)
        _axis_look(values)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)


def _msecs(day: date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class TrendChart(QChartView):
    """A line of the applications per day over the 30 days ending with the chosen day (that day marked red)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFixedHeight(HEIGHT)
        self.setChart(_chart(title))
        self.points: tuple[tuple[date, int], ...] = ()

    def show_days(self, points: Sequence[tuple[date, int]]) -> None:
        self.points = tuple(points)
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        line = QLineSeries()
        line.setPen(QPen(LINE_COLOUR, 2.0))
        line.setPointsVisible(True)
        line.setMarkerSize(5.0)
        for day, count in points:
            line.append(_msecs(day), float(count))
        chart.addSeries(line)
        last = QLineSeries()  # the chosen day, a bigger red point
        last.setColor(DAY_COLOUR)
        last.setPointsVisible(True)
        last.setMarkerSize(9.0)
        if points:
            last.append(_msecs(points[-1][0]), float(points[-1][1]))
        chart.addSeries(last)
        days = QDateTimeAxis()
        days.setFormat("M/d")
        days.setTickCount(6)
        if points:  # half a day of room at each end: the first and the last point are drawn whole
            first, last_day = _msecs(points[0][0]) - HALF_DAY_MS, _msecs(points[-1][0]) + HALF_DAY_MS
            days.setRange(
                QDateTime.fromMSecsSinceEpoch(int(first)), QDateTime.fromMSecsSinceEpoch(int(last_day))
            )
        _axis_look(days)
        chart.addAxis(days, Qt.AlignmentFlag.AlignBottom)
        values = QValueAxis()
        values.setRange(0, _nice_top(max((c for _d, c in points), default=0)))
        values.setLabelFormat("%d")
        values.setTickCount(6)
        _axis_look(values)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        for series in (line, last):
            series.attachAxis(days)
            series.attachAxis(values)
