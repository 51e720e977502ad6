"""ESC/POS command bytes: only the small subset this app emits (and the decoder understands).

References: the Epson ESC/POS command reference (TM-T20/T88 series); the same subset works on the
common 58/80 mm clones (Xprinter, Rongta, HPRT...).
"""

from __future__ import annotations

from typing import Final, Literal

ESC: Final = 0x1B
GS: Final = 0x1D
DLE: Final = 0x10
EOT: Final = 0x04
LF: Final = 0x0A

Align = Literal["left", "center", "right"]
ALIGN_CODES: Final[dict[str, int]] = {"left": 0, "center": 1, "right": 2}

# Printer font A is 12 x 24 dots on 203 dpi printers (58 mm and 80 mm models alike).
FONT_A_WIDTH: Final = 12
FONT_A_HEIGHT: Final = 24
# The default line spacing (ESC 2) is about 1/6 inch: 30 dots at 180 dpi, 34 at 203 dpi.
DEFAULT_LINE_DOTS: Final = 30

# GS ( k error correction levels for QR (fn 169): L, M, Q, H.
QR_EC_LEVELS: Final[dict[str, int]] = {"L": 48, "M": 49, "Q": 50, "H": 51}

INIT: Final = bytes([ESC, 0x40])  # ESC @: reset modes, clear the buffer


def align(where: Align) -> bytes:
    """ESC a n: justification of the next line (printer text, raster images and QR codes)."""
    return bytes([ESC, 0x61, ALIGN_CODES[where]])


def char_size(width: int = 1, height: int = 1) -> bytes:
    """GS ! n: printer font magnification, 1..8 in each direction."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character magnification must be 1..8")
    return bytes([GS, 0x21, ((width - 1) << 4) | (height - 1)])


def bold(on: bool) -> bytes:
    """ESC E n: emphasized printer font."""
    return bytes([ESC, 0x45, 1 if on else 0])


def feed_dots(dots: int) -> bytes:
    """ESC J n (repeated): print the buffer and feed `dots` motion units (1 dot at 203 dpi).

    Used instead of sending blank raster rows: 3 bytes instead of 72 per blank row at 80 mm.
    """
    out = bytearray()
    while dots > 0:
        step = min(dots, 255)
        out += bytes([ESC, 0x4A, step])
        dots -= step
    return bytes(out)


def feed_lines(lines: int) -> bytes:
    """ESC d n: print the buffer and feed n lines."""
    if not 0 <= lines <= 255:
        raise ValueError("feed_lines takes 0..255")
    return bytes([ESC, 0x64, lines])


def raster_band(width_bytes: int, rows: int, data: bytes) -> bytes:
    """GS v 0 m xL xH yL yH d1...dk: one raster bit image, 1 bit = 1 printed dot, MSB left."""
    if len(data) != width_bytes * rows:
        raise ValueError("raster data length does not match width x rows")
    header = bytes(
        [GS, 0x76, 0x30, 0, width_bytes & 0xFF, width_bytes >> 8, rows & 0xFF, rows >> 8]
    )
    return header + data


def _qr_fn(fn: int, params: bytes) -> bytes:
    """GS ( k pL pH cn fn params, with cn = 49 (QR Code)."""
    size = len(params) + 2
    return bytes([GS, 0x28, 0x6B, size & 0xFF, size >> 8, 0x31, fn]) + params


def qr_code(payload: str, module_size: int = 6, ec: str = "M") -> bytes:
    """Native QR: select model 2, module size, error correction, store the data, print it."""
    if not 1 <= module_size <= 16:
        raise ValueError("QR module size must be 1..16")
    data = payload.encode("utf-8")
    if not 0 < len(data) <= 7089:
        raise ValueError("QR payload must be 1..7089 bytes")
    return (
        _qr_fn(0x41, bytes([0x32, 0x00]))  # fn 165: model 2
        + _qr_fn(0x43, bytes([module_size]))  # fn 167: module size in dots
        + _qr_fn(0x45, bytes([QR_EC_LEVELS[ec]]))  # fn 169: error correction level
        + _qr_fn(0x50, b"\x30" + data)  # fn 180: store the data in the symbol area
        + _qr_fn(0x51, b"\x30")  # fn 181: print the stored symbol
    )


def cut(partial: bool = True, feed: int = 0) -> bytes:
    """GS V 65/66 n: feed to the cutter position (+n units) and cut.

    Function B is used rather than GS V 0/1 because the cutter sits ~15 mm above the head:
    cutting in place would cut through the last printed lines.
    """
    return bytes([GS, 0x56, 66 if partial else 65, feed])


def status_request(n: int) -> bytes:
    """DLE EOT n: real-time status (1 printer, 2 offline cause, 3 error cause, 4 paper roll)."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n must be 1..4")
    return bytes([DLE, EOT, n])


def printer_text(text: str) -> bytes:
    """Printable ASCII for the printer's own font.

    Only 0x20..0x7E is identical in every code page; Vietnamese never goes this way.
    """
    if not is_printer_safe(text):
        raise ValueError(f"not printable in the printer font: {text!r}")
    return text.encode("ascii")


def is_printer_safe(text: str) -> bool:
    return all(0x20 <= ord(c) <= 0x7E for c in text)
