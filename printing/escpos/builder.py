"""A small ESC/POS job builder: layout calls in, bytes out.

Byte economy matters (a serial printer at 115200 baud moves ~11.5 KB/s and the dispenser must print
within a second), so:
- Vietnamese text is raster, cropped to the ink, blank rows sent as `ESC J` feeds;
- ASCII lines (ticket numbers, dates, codes) use the printer's own font (`GS !` magnified);
- QR codes use the printer's native `GS ( k` symbol instead of an image;
- the justification (`ESC a`) is sent only when it changes.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
import qrcode.constants
from PIL import Image

from printing.escpos import commands as cmd
from printing.escpos import raster
from printing.escpos.commands import Align

PAPER_58MM = 384
PAPER_80MM = 576


class JobBuilder:
    def __init__(self, width_dots: int = PAPER_80MM, *, max_band_rows: int = 255) -> None:
        if width_dots % 8 or not 64 <= width_dots <= 2040:
            raise ValueError("paper width must be a multiple of 8 dots between 64 and 2040")
        self.width_dots = width_dots
        self.max_band_rows = max_band_rows
        self._out = bytearray(cmd.INIT)
        self._pending_feed = 0
        self._align: Align = "left"  # ESC @ resets justification to left

    # -- low level -------------------------------------------------------------------------
    def _set_align(self, where: Align) -> None:
        if where != self._align:
            self._out += cmd.align(where)
            self._align = where

    def _flush_feed(self) -> None:
        self._out += cmd.feed_dots(self._pending_feed)
        self._pending_feed = 0

    def feed(self, dots: int) -> None:
        """Blank paper; merged with neighbouring feeds into as few `ESC J` as possible."""
        self._pending_feed += max(0, dots)

    def image(self, image: Image.Image, align: Align = "left") -> None:
        """A mode "1" ink image (ink = 1), sent as GS v 0 bands."""
        if image.width > self.width_dots:
            raise ValueError(f"image is {image.width} dots wide; the paper has {self.width_dots}")
        self._flush_feed()
        self._set_align(align)
        for band in raster.split_bands(image, self.max_band_rows):
            width_bytes, data = raster.pack_bits(band)
            self._out += cmd.raster_band(width_bytes, band.height, data)

    # -- content ---------------------------------------------------------------------------
    def text(self, text: str, *, size: int = 24, bold: bool = False, align: Align = "left") -> int:
        """Vietnamese (any Unicode) text, word-wrapped to the paper. Returns the line count."""
        lines = raster.render_lines(text, self.width_dots, size, bold)
        for line in lines:
            self.feed(line.above)
            if line.image is not None:
                self.image(line.image, align)
            self.feed(line.below)
        return len(lines)

    def printer_line(
        self, text: str, *, mult: int = 1, bold: bool = False, align: Align = "left"
    ) -> None:
        """One line of ASCII in the printer's font (cheap: one byte per character)."""
        if len(text) * cmd.FONT_A_WIDTH * mult > self.width_dots:
            raise ValueError(f"{text!r} does not fit on one line at size {mult}")
        self._flush_feed()
        self._set_align(align)
        if mult != 1:
            self._out += cmd.char_size(mult, mult)
        if bold:
            self._out += cmd.bold(True)
        self._out += cmd.printer_text(text) + bytes([cmd.LF])
        if bold:
            self._out += cmd.bold(False)
        if mult != 1:
            self._out += cmd.char_size(1, 1)

    def big(self, text: str, *, max_mult: int = 4, align: Align = "center") -> None:
        """A big line (the ticket number): printer font magnified as much as fits.

        Falls back to bold raster text when the text is not plain ASCII or is too long.
        """
        mult = min(max_mult, self.width_dots // (cmd.FONT_A_WIDTH * max(1, len(text))))
        if text and cmd.is_printer_safe(text) and mult >= 1:
            self.printer_line(text, mult=mult, bold=True, align=align)
        else:
            self.text(text, size=cmd.FONT_A_HEIGHT * max_mult // 2, bold=True, align=align)

    def line_or_text(self, text: str, *, size: int = 24, align: Align = "left") -> None:
        """Printer font when the text is ASCII and fits, raster otherwise."""
        fits = len(text) * cmd.FONT_A_WIDTH <= self.width_dots
        if text and cmd.is_printer_safe(text) and fits:
            self.printer_line(text, align=align)
        else:
            self.text(text, size=size, align=align)

    def rule(self) -> None:
        """A dashed separator in the printer font (1 byte per 12 dots)."""
        self.printer_line("-" * (self.width_dots // cmd.FONT_A_WIDTH))

    def qr(self, payload: str, *, module_size: int | None = None, align: Align = "center") -> None:
        """A native QR code (model 2, error correction M), about 45% of the paper wide."""
        if module_size is None:
            modules = qr_modules(payload)
            module_size = max(3, min(8, int(self.width_dots * 0.45) // modules))
        self._flush_feed()
        self._set_align(align)
        # LF after printing: several clones only release the symbol at the end of a line.
        self._out += cmd.qr_code(payload, module_size, "M") + bytes([cmd.LF])

    def cut(self, *, partial: bool = True) -> None:
        self._flush_feed()
        self._out += cmd.cut(partial)

    def build(self) -> bytes:
        return bytes(self._out)


@lru_cache(maxsize=256)
def qr_modules(payload: str) -> int:
    """Modules per side of the smallest QR (EC level M, byte mode) holding `payload`."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload.encode("utf-8"))
    version = code.best_fit()  # the version only: make() would also try all 8 masks (slow)
    return int(version) * 4 + 17
