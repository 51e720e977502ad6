"""Registration of the bundled Noto fonts with reportlab (once per process).

The 14 built-in PDF fonts have no Vietnamese glyphs, so every text on a form uses these
TrueType fonts, which reportlab subsets and embeds in the PDF.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.paths import font_path

SERIF = "NotoSerif"
SERIF_BOLD = "NotoSerif-Bold"
SERIF_ITALIC = "NotoSerif-Italic"
SANS = "NotoSans"
SANS_BOLD = "NotoSans-Bold"

_FILES: dict[str, str] = {
    SERIF: "NotoSerif-Regular.ttf",
    SERIF_BOLD: "NotoSerif-Bold.ttf",
    SERIF_ITALIC: "NotoSerif-Italic.ttf",
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the bundled fonts and their bold/italic mappings; cheap after the first call."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = font_path(filename)
            if not path.is_file():
                raise FileNotFoundError(f"bundled font missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # <b>/<i> in paragraphs: (family, bold, italic) -> face. No bold-italic / sans-italic
        # faces are bundled, so those fall back to the nearest face we have.
        for bold, italic, face in (
            (0, 0, SERIF),
            (1, 0, SERIF_BOLD),
            (0, 1, SERIF_ITALIC),
            (1, 1, SERIF_BOLD),
        ):
            addMapping(SERIF, bold, italic, face)
        for bold, italic, face in (
            (0, 0, SANS),
            (1, 0, SANS_BOLD),
            (0, 1, SANS),
            (1, 1, SANS_BOLD),
        ):
            addMapping(SANS, bold, italic, face)
        _registered = True
