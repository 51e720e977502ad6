"""The bundled fonts (Vietnamese glyphs on every PC, whatever it has installed) and app.qss."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.paths import font_path, resource

log = logging.getLogger(__name__)
FAMILY = "Noto Sans"
_done: dict[str, bool] = {}


def ensure_theme() -> None:
    """Register Noto Sans, make it the application font, apply app.qss (once per process)."""
    app = QApplication.instance()
    if _done.get("theme") or not isinstance(app, QApplication):
        return
    _done["theme"] = True
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        if QFontDatabase.addApplicationFont(str(font_path(name))) < 0:
            log.warning("cannot load font %s", name)
    font = QFont(FAMILY)
    font.setPointSizeF(10.5)
    app.setFont(font)
    qss = resource("styles", "app.qss")
    if qss.exists() and not app.styleSheet():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
