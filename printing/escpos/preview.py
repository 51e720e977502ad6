"""Draw decoded ESC/POS elements as a paper-like picture (virtual printer window, tests).

Printer-font text is approximated with Noto Sans in 12 x 24 dot cells (font A), magnified like
GS ! does; QR codes are redrawn with the qrcode library from the stored payload, so the preview
is scannable.
"""

from __future__ import annotations

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageOps

from printing.escpos import commands as cmd
from printing.escpos.commands import Align
from printing.escpos.decoder import Cut, Element, Feed, QRCode, RasterImage, TextLine
from printing.escpos.raster import load_font

MARGIN = 8
CUT_FEED = 24  # the real feed to the cutter is ~120 dots; a short gap reads better on screen

_QR_EC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def printer_text_image(line: TextLine) -> Image.Image:
    cell_w, cell_h = cmd.FONT_A_WIDTH, cmd.FONT_A_HEIGHT
    font = load_font(20, line.bold)
    img = Image.new("L", (max(1, len(line.text)) * cell_w, cell_h), 255)
    draw = ImageDraw.Draw(img)
    for k, ch in enumerate(line.text):
        draw.text((k * cell_w + cell_w // 2, 19), ch, font=font, fill=0, anchor="ms")
    if (line.width_mult, line.height_mult) != (1, 1):
        size = (img.width * line.width_mult, cell_h * line.height_mult)
        img = img.resize(size, Image.Resampling.NEAREST)
    return img


def qr_image(qr: QRCode) -> Image.Image:
    code = qrcode.QRCode(error_correction=_QR_EC[qr.ec], box_size=1, border=0)
    code.add_data(qr.payload.encode("utf-8"))
    code.make(fit=True)
    matrix = code.get_matrix()
    n = len(matrix)
    img = Image.new("L", (n, n), 255)
    img.putdata([0 if dark else 255 for row in matrix for dark in row])
    return img.resize((n * qr.module_size, n * qr.module_size), Image.Resampling.NEAREST)


def _x(align: Align, width: int, paper: int) -> int:
    if align == "center":
        return (paper - width) // 2
    return paper - width if align == "right" else 0


def render_elements(elements: list[Element], width_dots: int = 576) -> Image.Image:
    pieces: list[tuple[Image.Image, int, int]] = []
    cuts: list[tuple[int, bool]] = []
    y = MARGIN
    for el in elements:
        if isinstance(el, Feed):
            y += el.dots
        elif isinstance(el, TextLine):
            img = printer_text_image(el)
            pieces.append((img, _x(el.align, img.width, width_dots), y))
            y += max(cmd.DEFAULT_LINE_DOTS, img.height)
        elif isinstance(el, RasterImage):
            img = ImageOps.invert(el.image.convert("L"))
            pieces.append((img, _x(el.align, img.width, width_dots), y))
            y += img.height
        elif isinstance(el, QRCode):
            img = qr_image(el)
            pieces.append((img, _x(el.align, img.width, width_dots), y))
            y += img.height
        elif isinstance(el, Cut):
            y += CUT_FEED + el.feed
            cuts.append((y, el.partial))
            y += MARGIN
    paper = Image.new("L", (width_dots, y + MARGIN), 255)
    for img, x, top in pieces:
        paper.paste(img, (x, top))
    draw = ImageDraw.Draw(paper)
    for cut_y, partial in cuts:
        end = width_dots - 40 if partial else width_dots  # a partial cut leaves a tab
        for x in range(0, end, 12):
            draw.line([(x, cut_y), (min(x + 6, end), cut_y)], fill=128)
    return paper
