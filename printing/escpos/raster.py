"""Vietnamese text to 1-bit raster lines with the bundled Noto Sans font.

Why raster: printer code pages cannot be trusted for Vietnamese (TCVN3/VISCII support is rare and
inconsistent), so every non-ASCII line is drawn here and sent as a `GS v 0` image.

Each wrapped line is drawn in its own line box (ascent + descent of the font, so stacked marks like
"Ễ" fit), thresholded to 1 bit and cropped to its ink on all four sides. The blank rows above and
below the ink are returned as feed amounts: the builder sends them as `ESC J` (3 bytes) instead of
blank raster rows (72 bytes each on 80 mm paper), and the baseline spacing is kept exactly.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont

from kiosk.paths import font_path

# Grey level (0..255 ink coverage) from which an anti-aliased pixel becomes a printed dot.
# Slightly below half: thermal dots are small, and thin Vietnamese marks must not vanish.
INK_THRESHOLD = 110

# Most ESC/POS printers accept a GS v 0 image of any height, but cheap clones have small
# receive buffers and some firmwares mis-handle yH > 0; 255 rows per band (yH = 0) is the
# common safe choice (python-escpos and most drivers band images similarly).
MAX_BAND_ROWS = 255


@lru_cache(maxsize=32)
def load_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled Noto Sans at `size` pixels (= printer dots).

    The BASIC layout engine is used on purpose: text is NFC-normalised first and Noto Sans has
    precomposed glyphs for every Vietnamese letter, so the output is the same with or without
    libraqm (frozen Windows builds usually lack it).
    """
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(font_path(name)), size, layout_engine=ImageFont.Layout.BASIC)


@dataclass(frozen=True)
class _Glyph:
    mask: Image.Image | None  # grey coverage, None for blanks
    x0: int  # mask offset from the pen position on the baseline
    y0: int
    advance: float


@lru_cache(maxsize=8192)
def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> _Glyph:
    """One character drawn once and kept.

    FreeType with this hinted font costs ~0.3 ms per glyph on every call, so drawing whole
    lines made a cold ticket cost ~90 ms; composing cached glyphs costs ~1 ms per line. The
    BASIC layout places glyphs at rounded sums of advances without kerning, as _layout does.
    """
    x0, y0, x1, y1 = (int(v) for v in font.getbbox(ch, anchor="ls"))
    advance = float(font.getlength(ch))
    if x1 <= x0 or y1 <= y0:
        return _Glyph(None, 0, 0, advance)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).text((-x0, -y0), ch, font=font, fill=255, anchor="ls")
    return _Glyph(mask, x0, y0, advance)


Placed = list[tuple[Image.Image, int, int]]


def _layout(text: str, font: ImageFont.FreeTypeFont) -> Placed:
    """(mask, x, y) of each visible glyph, relative to the start of the baseline."""
    placed: Placed = []
    pen = 0.0
    for ch in text:
        glyph = _glyph(font, ch)
        if glyph.mask is not None:
            placed.append((glyph.mask, math.floor(pen + 0.5) + glyph.x0, glyph.y0))
        pen += glyph.advance
    return placed


def _box(placed: Placed) -> tuple[int, int, int, int] | None:
    if not placed:
        return None
    return (
        min(x for _, x, _ in placed),
        min(y for _, _, y in placed),
        max(x + m.width for m, x, _ in placed),
        max(y + m.height for m, _, y in placed),
    )


def _ink_width(text: str, font: ImageFont.FreeTypeFont) -> int:
    box = _box(_layout(text, font))
    return box[2] - box[0] if box else 0


def _clusters(word: str) -> list[str]:
    """Split a word into base letters with their combining marks (never separate a tone mark)."""
    out: list[str] = []
    for ch in word:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _break_word(word: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Break an over-long word (a long code or URL) into pieces that fit; nothing is dropped."""
    pieces: list[str] = []
    current = ""
    for cluster in _clusters(word):
        if current and _ink_width(current + cluster, font) > max_width:
            pieces.append(current)
            current = cluster
        else:
            current += cluster
    pieces.append(current)
    return pieces


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap measured on the glyphs' real extent; explicit newlines are kept."""
    text = unicodedata.normalize("NFC", text)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if _ink_width(candidate, font) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if _ink_width(word, font) <= max_width:
                current = word
            else:
                *full, current = _break_word(word, font, max_width)
                lines.extend(full)
        lines.append(current)
    return lines


@dataclass(frozen=True)
class RasterLine:
    """One printed line: `image` is mode "1" with ink = 1 (= a printed dot), cropped to the ink.

    `above` / `below` are the blank rows of the line box above and below the ink.
    """

    text: str
    image: Image.Image | None  # None for a blank line
    above: int
    below: int

    @property
    def box_height(self) -> int:
        return self.above + self.below + (self.image.height if self.image else 0)


_THRESHOLD_LUT = [0] * INK_THRESHOLD + [255] * (256 - INK_THRESHOLD)


def render_line(text: str, font: ImageFont.FreeTypeFont) -> RasterLine:
    ascent, descent = font.getmetrics()
    placed = _layout(unicodedata.normalize("NFC", text), font)
    box = _box(placed)
    if box is None:
        return RasterLine(text, None, ascent + descent, 0)
    x0, y0, x1, y1 = box
    grey = Image.new("L", (x1 - x0, y1 - y0), 0)
    for mask, x, y in placed:
        area = (x - x0, y - y0, x - x0 + mask.width, y - y0 + mask.height)
        # "screen" is the coverage blend FreeType text drawing applies where glyphs overlap
        grey.paste(ImageChops.screen(grey.crop(area), mask), area)
    bits = grey.point(_THRESHOLD_LUT, mode="1")
    bbox = bits.getbbox()
    if bbox is None:
        return RasterLine(text, None, ascent + descent, 0)
    bits = bits.crop(bbox)
    top = ascent + y0 + bbox[1]  # ink top relative to the line box top
    bottom = top + bits.height
    return RasterLine(text, bits, max(0, top), max(0, ascent + descent - bottom))


def render_lines(
    text: str, width_dots: int, size: int = 24, bold: bool = False
) -> list[RasterLine]:
    """Wrap `text` to `width_dots` and render each line."""
    return list(_render_lines(text, width_dots, size, bold))


@lru_cache(maxsize=512)
def _render_lines(text: str, width_dots: int, size: int, bold: bool) -> tuple[RasterLine, ...]:
    # Cached: a dispenser prints the same office and service names all day; the images are
    # never modified after rendering (bands are cropped copies).
    font = load_font(size, bold)
    return tuple(render_line(line, font) for line in wrap_text(text, font, width_dots))


def split_bands(image: Image.Image, max_rows: int = MAX_BAND_ROWS) -> list[Image.Image]:
    """Cut a tall image into bands of at most `max_rows` rows."""
    return [
        image.crop((0, top, image.width, min(image.height, top + max_rows)))
        for top in range(0, image.height, max_rows)
    ]


def pack_bits(image: Image.Image) -> tuple[int, bytes]:
    """(bytes per row, data) for GS v 0; `image` is mode "1" with ink = 1.

    PIL packs mode "1" MSB-first with each row padded to a whole byte: exactly GS v 0's layout.
    """
    if image.mode != "1":
        raise ValueError("raster images must be mode '1' (ink = 1)")
    return (image.width + 7) // 8, image.tobytes()


def ink_image_from_paper(paper: Image.Image) -> Image.Image:
    """A normal picture (white paper, black ink) to an ink = 1 bitmap (used by the bench)."""
    return paper.convert("L").point([255] * 128 + [0] * 128, mode="1")
