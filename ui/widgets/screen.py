"""Window sizes that fit the screen they open on, whatever its size and scaling.

A window asks for the size it would like; it gets at most the screen's available area (the
taskbar excluded), in logical pixels: 1920×1080 at 150 % scaling is 1280×720 to a layout.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available(widget: QWidget) -> QSize:
    """The free area of the widget's screen (the primary screen before it is shown)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1280, 720)
    return screen.availableGeometry().size()


def fit_size(widget: QWidget, width: int, height: int) -> QSize:
    free = available(widget)
    return QSize(min(width, free.width()), min(height, free.height()))


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize to width×height, or to the screen's free area where that is smaller."""
    widget.resize(fit_size(widget, width, height))
