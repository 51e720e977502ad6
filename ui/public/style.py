"""Look of the public screens: large type, high contrast, touch targets of at least 15 mm.

Sizes scale with the window (the shorter side against 768 px), so the same layout reads well
at 1366x768, 1920x1080 and on a portrait screen. Colours pass WCAG AAA contrast (7:1) for text.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QWidget

from kiosk.paths import font_path
from ui.widgets.props import get_prop

FONT_FAMILY = "Noto Sans"
INK = "#000000"
PAPER = "#ffffff"
BRAND = "#0b3d91"  # dark blue: white on it is 10:1
BRAND_DARK = "#072a66"
SOFT = "#e8eef9"
DANGER = "#9b0000"
OK = "#0a5c2b"
BOARD_BG = "#000000"
BOARD_FG = "#ffd400"  # yellow on black: the classic LED board, 14:1

_fonts_loaded = False


def load_fonts() -> str:
    """Register the bundled Noto Sans (Vietnamese) once; returns the family name."""
    global _fonts_loaded
    if not _fonts_loaded:
        for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
            path = font_path(name)
            if path.exists():
                QFontDatabase.addApplicationFont(str(path))
        _fonts_loaded = True
    return FONT_FAMILY


def px_per_mm(widget: QWidget) -> float:
    """Physical pixels per millimetre of the widget's screen (sane bounds: bad EDIDs exist)."""
    screen = widget.screen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    dpi = min(max(dpi, 60.0), 320.0)
    return dpi / 25.4


def touch_px(widget: QWidget, scale: float = 1.0) -> int:
    """The smallest side of a touch target: 15 mm, and never under 64 px at this scale."""
    return max(round(15 * px_per_mm(widget)), round(64 * scale))


def scale_for(width: int, height: int) -> float:
    return max(0.8, min(2.0, min(width, height) / 768))


def kiosk_qss(scale: float, touch: int) -> str:
    def s(v: float) -> int:
        return max(1, round(v * scale))

    return f"""
* {{ font-family: "{FONT_FAMILY}"; }}
QWidget#kioskRoot {{ background: {PAPER}; color: {INK}; font-size: {s(24)}px; }}
QLabel {{ color: {INK}; font-size: {s(24)}px; }}
QLabel[role="banner"] {{ background: {BRAND}; color: {PAPER}; font-size: {s(30)}px;
    font-weight: bold; padding: {s(14)}px {s(24)}px; }}
QLabel[role="title"] {{ font-size: {s(40)}px; font-weight: bold; color: {BRAND_DARK}; }}
QLabel[role="subtitle"] {{ font-size: {s(28)}px; font-weight: bold; }}
QLabel[role="hint"] {{ font-size: {s(22)}px; color: #222222; }}
QLabel[role="big"] {{ font-size: {s(150)}px; font-weight: bold; color: {BRAND_DARK}; }}
QLabel[role="error"] {{ font-size: {s(26)}px; font-weight: bold; color: {DANGER}; }}
QLabel[role="status"] {{ font-size: {s(34)}px; font-weight: bold; color: {BRAND_DARK}; }}
QLabel[role="late"] {{ font-size: {s(26)}px; font-weight: bold; color: {PAPER};
    background: {DANGER}; padding: {s(4)}px {s(12)}px; border-radius: {s(6)}px; }}
QLabel[role="intime"] {{ font-size: {s(26)}px; font-weight: bold; color: {PAPER};
    background: {OK}; padding: {s(4)}px {s(12)}px; border-radius: {s(6)}px; }}
QLabel[role="entry"] {{ font-size: {s(40)}px; font-family: "DejaVu Sans Mono", monospace;
    background: {SOFT}; border: {s(3)}px solid {BRAND}; border-radius: {s(8)}px;
    padding: {s(10)}px {s(16)}px; }}
QPushButton {{ min-height: {touch}px; min-width: {touch}px; font-size: {s(26)}px;
    font-weight: bold; color: {PAPER}; background: {BRAND}; border: none;
    border-radius: {s(10)}px; padding: {s(8)}px {s(18)}px; }}
QPushButton:hover {{ background: {BRAND}; }}
QPushButton:pressed {{ background: {BRAND_DARK}; }}
QPushButton:disabled {{ background: #9aa3ad; color: #1a1a1a; }}
QPushButton[kind="service"] {{ font-size: {s(34)}px; text-align: left; padding: {s(18)}px
    {s(28)}px; }}
QPushButton[kind="service"] QLabel {{ color: {PAPER}; background: transparent; }}
QPushButton[kind="service"] QLabel:disabled {{ color: #1a1a1a; }}
QLabel[role="svcname"] {{ font-size: {s(34)}px; font-weight: bold; }}
QLabel[role="svcline"] {{ font-size: {s(26)}px; }}
QPushButton[kind="secondary"] {{ background: {PAPER}; color: {BRAND_DARK};
    border: {s(3)}px solid {BRAND}; }}
QPushButton[kind="secondary"]:hover {{ background: {PAPER}; }}
QPushButton[kind="secondary"]:pressed {{ background: {SOFT}; }}
QPushButton[kind="key"] {{ min-width: {touch - 2 * s(2)}px; min-height: {touch - 2 * s(2)}px;
    font-size: {s(30)}px; background: {SOFT}; color: {INK};
    border: {s(2)}px solid #5a6b85; border-radius: {s(8)}px; padding: 0; }}
QPushButton[kind="key"]:hover {{ background: {SOFT}; }}
QPushButton[kind="key"]:pressed {{ background: {BRAND}; color: {PAPER}; }}
QPushButton[kind="key"]:checked {{ background: {BRAND}; color: {PAPER}; }}
QPushButton[kind="key"]:disabled {{ background: #f4f4f4; color: #b0b0b0; border-color: #d0d0d0; }}
QPushButton:checked {{ background: {BRAND_DARK}; border: none; }}
QPushButton[kind="danger"], QPushButton[kind="danger"]:hover {{ background: {DANGER};
    color: {PAPER}; }}
QFrame#card {{ background: {PAPER}; border: {s(4)}px solid {BRAND}; border-radius: {s(16)}px; }}
QFrame#panel {{ background: {SOFT}; border-radius: {s(12)}px; }}
QWidget#overlay {{ background: rgba(0, 0, 0, 170); }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: {PAPER}; border: none; }}
QScrollBar:vertical {{ width: {s(36)}px; background: {SOFT}; }}
QScrollBar::handle:vertical {{ background: {BRAND}; min-height: {s(60)}px;
    border-radius: {s(8)}px; }}
QListWidget {{ font-size: {s(24)}px; border: {s(2)}px solid #5a6b85; }}
QListWidget::item {{ min-height: {touch}px; padding: {s(6)}px {s(12)}px;
    border-bottom: 1px solid #c8d0dc; }}
QListWidget::item:selected {{ background: {BRAND}; color: {PAPER}; }}
"""


def board_qss(scale: float) -> str:
    def s(v: float) -> int:
        return max(1, round(v * scale))

    return f"""
* {{ font-family: "{FONT_FAMILY}"; }}
QWidget#kioskRoot {{ background: {BOARD_BG}; }}
QLabel {{ color: #ffffff; font-size: {s(28)}px; }}
QLabel[role="banner"] {{ background: {BRAND}; color: #ffffff; font-size: {s(32)}px;
    font-weight: bold; padding: {s(10)}px {s(20)}px; }}
QLabel[role="head"] {{ color: #bfc8d6; font-size: {s(26)}px; font-weight: bold; }}
QLabel[role="counter"] {{ color: #ffffff; font-size: {s(44)}px; font-weight: bold; }}
QLabel[role="serving"] {{ color: {BOARD_FG}; font-size: {s(64)}px; font-weight: bold; }}
QLabel[role="flash"] {{ color: #000000; background: {BOARD_FG}; font-size: {s(64)}px;
    font-weight: bold; border-radius: {s(8)}px; }}
QLabel[role="history"] {{ color: #ffffff; font-size: {s(34)}px; }}
QLabel[role="callout"] {{ color: {BOARD_FG}; font-size: {s(44)}px; font-weight: bold; }}
QLabel[role="audio"] {{ color: #ffb4a8; font-size: {s(20)}px; padding: {s(4)}px {s(24)}px; }}
QFrame#row {{ border-bottom: {s(2)}px solid #333a46; }}
QFrame#panel {{ background: #0d1522; border-radius: {s(12)}px; }}
QWidget#overlay {{ background: rgba(0, 0, 0, 170); }}
QFrame#card {{ background: {PAPER}; border: {s(4)}px solid {BRAND}; border-radius: {s(16)}px; }}
QFrame#card QLabel {{ color: {INK}; }}
QFrame#card QLabel[role="entry"] {{ font-size: {s(40)}px;
    font-family: "DejaVu Sans Mono", monospace; background: {SOFT};
    border: {s(3)}px solid {BRAND}; border-radius: {s(8)}px;
    padding: {s(10)}px {s(16)}px; }}
QPushButton {{ min-height: {s(64)}px; min-width: {s(64)}px; font-size: {s(26)}px;
    font-weight: bold; color: {PAPER}; background: {BRAND}; border: none;
    border-radius: {s(10)}px; padding: {s(8)}px {s(18)}px; }}
QPushButton[kind="key"] {{ font-size: {s(30)}px; background: {SOFT}; color: {INK};
    border: {s(2)}px solid #5a6b85; border-radius: {s(8)}px; padding: 0; }}
QPushButton[kind="service"] QLabel {{ color: {PAPER}; background: transparent; }}
QPushButton[kind="service"] QLabel:disabled {{ color: #1a1a1a; }}
QLabel[role="svcname"] {{ font-size: {s(34)}px; font-weight: bold; }}
QLabel[role="svcline"] {{ font-size: {s(26)}px; }}
QPushButton[kind="secondary"] {{ background: {PAPER}; color: {BRAND_DARK};
    border: {s(3)}px solid {BRAND}; }}
"""


def set_role(widget: QWidget, role: str, prop: str = "role") -> None:
    """Set a style role and re-polish so the stylesheet applies the new look (only on a change:
    re-polishing against a large style sheet costs milliseconds)."""
    if get_prop(widget, prop) == role:
        return
    widget.setProperty(prop, role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
