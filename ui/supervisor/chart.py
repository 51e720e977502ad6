"""A small bar chart drawn with QPainter (Qt Charts is not in PySide6-Essentials).

One bar per category; each bar stacks its series (or, with `stacked=False`, shows one series).
The chart draws exactly the numbers it is given: the bars' heights are proportional to their
values against the tallest bar, so a test can measure them in a grab of the widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# A palette readable by the colour-blind (Okabe–Ito), in the order series usually come.
PALETTE = {
    "blue": QColor("#0072B2"),
    "green": QColor("#009E73"),
    "orange": QColor("#E69F00"),
    "red": QColor("#D55E00"),
    "sky": QColor("#56B4E9"),
    "grey": QColor("#999999"),
    "purple": QColor("#CC79A7"),
}


@dataclass(frozen=True)
class Series:
    name: str
    color: QColor
    values: tuple[float, ...]


class BarChart(QWidget):
    """Vertical bars with category labels underneath and a legend on top."""

    MARGIN = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.title = ""
        self.empty_text = ""
        self.bar_rects: list[QRectF] = []  # where the last paint put each bar (for tests)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(520, 240)

    def set_data(
        self, categories: list[str], series: list[Series], *, title: str = "", empty: str = ""
    ) -> None:
        for s in series:
            if len(s.values) != len(categories):
                raise ValueError(
                    f"series {s.name!r} has {len(s.values)} values for {len(categories)} categories"
                )
        self.categories, self.series, self.title, self.empty_text = (
            list(categories),
            list(series),
            title,
            empty,
        )
        self.update()

    def totals(self) -> list[float]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(self.rect(), QColor("#ffffff"))
        fm = QFontMetrics(self.font())
        line = fm.height()
        m = self.MARGIN
        top = float(m)
        if self.title:
            p.setPen(QColor("#1d2b3a"))
            p.drawText(
                QRectF(m, top, self.width() - 2 * m, line), Qt.AlignmentFlag.AlignLeft, self.title
            )
            top += line + 2
        top = self._legend(p, fm, top)
        totals = self.totals()
        peak = max(totals, default=0.0)
        self.bar_rects = []
        if not self.categories or peak <= 0:
            p.setPen(QColor("#5a6878"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        label_h = line + 4
        axis_w = fm.horizontalAdvance(f"{peak:g}") + 6
        left, bottom = float(m + axis_w), float(self.height() - m - label_h)
        plot_h = max(10.0, bottom - top - line)
        slot = (self.width() - left - m) / len(self.categories)
        bar_w = max(4.0, slot * 0.6)
        p.setPen(QPen(QColor("#9aa8b6"), 1))
        p.drawLine(int(left), int(bottom), int(self.width() - m), int(bottom))
        p.setPen(QColor("#5a6878"))
        p.drawText(QRectF(m, top, axis_w - 4, line), Qt.AlignmentFlag.AlignRight, f"{peak:g}")
        p.drawText(QRectF(m, bottom - line, axis_w - 4, line), Qt.AlignmentFlag.AlignRight, "0")
        for i, name in enumerate(self.categories):
            x = left + slot * i + (slot - bar_w) / 2
            y = float(bottom)
            for s in self.series:
                h = plot_h * s.values[i] / peak
                if h > 0:
                    p.fillRect(QRectF(x, y - h, bar_w, h), s.color)
                y -= h
            self.bar_rects.append(QRectF(x, y, bar_w, bottom - y))
            p.setPen(QColor("#1d2b3a"))
            if totals[i] > 0:
                p.drawText(
                    QRectF(x - slot, y - line, bar_w + 2 * slot, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{totals[i]:g}",
                )
            text = fm.elidedText(name, Qt.TextElideMode.ElideRight, int(slot - 2))
            p.drawText(
                QRectF(left + slot * i, bottom + 2, slot, line), Qt.AlignmentFlag.AlignHCenter, text
            )
        p.end()

    def _legend(self, p: QPainter, fm: QFontMetrics, top: float) -> float:
        if len(self.series) < 2:
            return top
        x = float(self.MARGIN)
        box = fm.height() * 0.7
        for s in self.series:
            width = box + 4 + fm.horizontalAdvance(s.name) + 14
            if x + width > self.width() - self.MARGIN and x > self.MARGIN:
                x, top = float(self.MARGIN), top + fm.height() + 2
            p.fillRect(QRectF(x, top + (fm.height() - box) / 2, box, box), s.color)
            p.setPen(QColor("#1d2b3a"))
            p.drawText(
                QRectF(x + box + 4, top, width, fm.height()), Qt.AlignmentFlag.AlignLeft, s.name
            )
            x += width
        return top + fm.height() + 4
