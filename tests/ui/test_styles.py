"""The app's style sheet (resources/styles/app.qss) keeps every text readable."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.paths import resource

from .screenfit import SHOTS, settle


@pytest.fixture
def styled(qapp: QApplication) -> Any:
    before = qapp.styleSheet()
    qapp.setStyleSheet(resource("styles", "app.qss").read_text(encoding="utf-8"))
    yield qapp
    qapp.setStyleSheet(before)


def dark_pixels(image: Any, x0: int, y0: int, x1: int, y1: int) -> int:
    """Pixels dark enough to be text on a light row (luminance under 110 of 255)."""
    n = 0
    for y in range(max(0, y0), min(image.height(), y1)):
        for x in range(max(0, x0), min(image.width(), x1)):
            if QColor(image.pixel(x, y)).lightness() < 110:
                n += 1
    return n


def test_the_highlighted_item_of_a_drop_down_is_readable(styled: Any, qtbot: QtBot) -> None:
    """Issue 17.6: the highlighted row of every drop-down was blank (white text on white)."""
    holder = QWidget()
    qtbot.addWidget(holder)
    combo = QComboBox()
    combo.addItems(["Tiếng Việt", "English", "Đã có kết quả"])
    QVBoxLayout(holder).addWidget(combo)
    holder.resize(320, 80)
    holder.show()
    combo.showPopup()
    settle()
    view = combo.view()
    for row in range(combo.count()):
        index = combo.model().index(row, 0)
        view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        settle()
        popup = view.window()
        image = popup.grab().toImage()
        SHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SHOTS / f"combo-highlight-{row}.png"))
        r = view.visualRect(index)
        top_left = view.viewport().mapTo(popup, r.topLeft())
        ink = dark_pixels(
            image, top_left.x(), top_left.y(), top_left.x() + r.width(), top_left.y() + r.height()
        )
        assert ink > 20, f"row {row} ({combo.itemText(row)!r}) shows no text when highlighted"
    palette = view.palette()
    highlight = palette.color(palette.ColorRole.Highlight)
    text = palette.color(palette.ColorRole.HighlightedText)
    assert abs(highlight.lightness() - text.lightness()) > 100  # contrast of the selected row
    combo.hidePopup()
