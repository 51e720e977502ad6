"""Dossier codes on the forms: Code128 of the dossier code and a QR code of its payload."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus import Flowable, Table, TableStyle

from .common import FONT_CMD, Styles, fill, frame_width, nfc, para
from .layout import Common, PageGeometry

__all__ = ["QrFlowable", "barcode", "codes_block", "qr_code"]


@lru_cache(maxsize=256)
def _qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """QR module matrix (level M) of a payload; cached, as choosing the mask is the slow part."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


class QrFlowable(Flowable):
    """QR code drawn straight on the canvas as one filled path, with a 4-module quiet zone.

    (A graphics Drawing would pull Helvetica into the PDF.)
    """

    def __init__(self, payload: str, side: float, border: int = 4) -> None:
        super().__init__()
        self.payload = nfc(payload)
        self.side = side
        self.border = border

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.side, self.side

    def draw(self) -> None:
        modules = _qr_modules(self.payload)
        box = self.side / (len(modules) + 2 * self.border)
        path = self.canv.beginPath()
        for r, row in enumerate(modules):
            y = self.side - (r + self.border + 1) * box
            c = 0
            for dark, run in groupby(row):
                n = len(list(run))
                if dark:
                    # a hair taller than the module, so no seam shows between rows
                    path.rect((c + self.border) * box, y, n * box, box * 1.05)
                c += n
        # non-zero winding: the slightly overlapping module rects must not cancel out
        self.canv.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)


def qr_code(payload: str, side: float) -> QrFlowable:
    return QrFlowable(payload, side)


def barcode(code: str, geom: PageGeometry) -> Code128:
    return Code128(
        nfc(code),
        barWidth=geom.bar_width,
        barHeight=geom.bar_height,
        humanReadable=0,  # its caption would use a non-embedded base font
        quiet=1,
    )


def codes_block(
    geom: PageGeometry, st: Styles, code: str, qr_payload: str, extra: Sequence[Flowable] = ()
) -> Table:
    """'Mã hồ sơ: …' and its Code128 on the left, the QR code on the right."""
    width = frame_width(geom)
    left: list[Flowable] = [
        para(fill(Common.CODE, bold=("code",), code=code), st.body),
        barcode(code, geom),
        *extra,
    ]
    table = Table(
        [[left, qr_code(qr_payload, geom.qr)]], colWidths=[width - geom.qr - 2, geom.qr + 2]
    )
    table.setStyle(
        TableStyle(
            [
                FONT_CMD,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
