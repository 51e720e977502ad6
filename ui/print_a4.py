"""A4 forms printed in-process: the PDF's pages rendered (PDFium) onto a QPrinter chosen by name.

Before, a form went to the printer through the shell (`os.startfile(pdf, "print")` on Windows,
`lp` on Linux). On a clean Windows 10/11 the default PDF app (Edge) registers no "print" verb,
so no form ever printed, and the printer named in `pdf://NAME` was ignored. Now the same path
runs on both systems: Qt's print support talks to the Windows spooler or to CUPS, the printer is
looked up by name among those the system lists (QPrinterInfo), and the clerk can ask for the
print dialog ("In…"). The shell is only a fallback when Qt has no print support at all.

Pages are rendered at the printer's resolution (capped at 300 dpi: sharp text, small jobs) and
drawn to fill the printable page keeping the aspect ratio. QPainter on a QPrinter works on a
worker thread (Qt documents QImage, QPrinter and QPicture as thread-safe paint devices): the
clerk's window does not wait for the spooler.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

MAX_DPI = 300


class A4PrintError(KioskError, OSError):
    """The form could not be sent to the A4 printer; one sentence in each language."""


@dataclass(frozen=True)
class PrintChoice:
    """What the print dialog chose (or the defaults of a `pdf://NAME` printer)."""

    printer: str = ""  # "" = the system's default printer
    copies: int = 1
    first_page: int = 0  # 1-based; 0 = from the first
    last_page: int = 0  # 0 = to the last


def printer_names() -> list[str]:
    """The printers the system lists (Windows spooler or CUPS), default first."""
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    return sorted(names, key=lambda n: (n != default, n.casefold()))


def forms_printer_name(forms_url: str) -> str | None:
    """`pdf://NAME` -> NAME, `pdf://` -> "" (the default printer); None for other URLs."""
    if not forms_url.startswith("pdf://"):
        return None
    return forms_url[len("pdf://") :].strip("/")


def find_printer(name: str) -> QPrinterInfo:
    """The printer called `name` (case-insensitive), or the default one for ""."""
    if not name:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise A4PrintError(
                "this computer has no default printer; choose one in the device settings",
                "Máy tính chưa có máy in mặc định; hãy chọn máy in A4 trong phần cài đặt thiết bị.",
            )
        return info
    for info in QPrinterInfo.availablePrinters():
        if info.printerName() == name or info.printerName().casefold() == name.casefold():
            return info
    raise A4PrintError(
        f"the printer '{name}' is not installed on this computer",
        f"Máy in «{name}» chưa được cài trên máy tính này.",
    )


def make_printer(info: QPrinterInfo, choice: PrintChoice | None = None) -> QPrinter:
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setFullPage(False)
    if choice is not None:
        printer.setCopyCount(max(1, choice.copies))
    return printer


def print_pdf(pdf: Path, printer: QPrinter, choice: PrintChoice | None = None) -> int:
    """Every page of `pdf` (or the chosen range) onto `printer`; the number of pages sent."""
    import pypdfium2 as pdfium  # a well-kept PDFium binding with wheels for Windows and Linux

    try:
        document = pdfium.PdfDocument(str(pdf))
    except (OSError, pdfium.PdfiumError) as exc:
        raise A4PrintError(f"cannot read {pdf.name}: {exc}", f"Không đọc được {pdf.name}.") from exc
    try:
        total = len(document)
        first = max(1, choice.first_page) if choice and choice.first_page else 1
        last = min(total, choice.last_page) if choice and choice.last_page else total
        if printer.docName() == "":
            printer.setDocName(pdf.stem)
        dpi = min(MAX_DPI, printer.resolution()) or MAX_DPI
        painter = QPainter()
        if not painter.begin(printer):
            raise A4PrintError(
                f"the printer '{printer.printerName()}' did not accept the job",
                f"Máy in «{printer.printerName()}» không nhận lệnh in.",
            )
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                page = document[number - 1]
                width_pt, height_pt = page.get_size()
                first_landscape = width_pt > height_pt
                if number == first:
                    printer.setPageOrientation(
                        QPageLayout.Orientation.Landscape
                        if first_landscape
                        else QPageLayout.Orientation.Portrait
                    )
                bitmap = page.render(scale=dpi / 72.0, grayscale=False)
                image = bitmap.to_pil().convert("RGB")
                data = image.tobytes("raw", "RGB")
                qimage = QImage(  # a copy that owns its pixels: `data` is freed below
                    data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
                ).copy()
                del data
                bitmap.close()
                target = fit(painter.viewport().width(), painter.viewport().height(),
                             image.width, image.height)
                draw_text_layer(painter, page, target, width_pt, height_pt)
                painter.drawImage(target, qimage)  # over the text: only the picture shows
                page.close()
        finally:
            painter.end()
        return last - first + 1
    finally:
        document.close()


def draw_text_layer(
    painter: QPainter, page: Any, target: QRectF, width_pt: float, height_pt: float
) -> None:
    """The page's text, under its picture: a PDF printer (Microsoft Print to PDF, CUPS-PDF)
    then writes a PDF whose text can be searched and copied, like a scanner's OCR layer; on
    paper the picture, drawn over it, covers it. (Not transparent text: PostScript has no
    transparency, and CUPS would turn the whole page into an image.)"""
    textpage = page.get_textpage()
    try:
        runs = [r for r in text_runs(textpage) if r[4].strip()]
    finally:
        textpage.close()
    sx, sy = target.width() / width_pt, target.height() / height_pt
    by_size: dict[int, list[tuple[float, float, str]]] = {}
    for left, bottom, _right, top, text in runs:
        size = max(1, round((top - bottom) * sy))
        by_size.setdefault(size, []).append((left, bottom, text))
    # One setPen, one setFont per size: PySide6 6.12 on Python 3.11 drops a reference to None
    # on each call of a method returning nothing (see docs/install.md), so they are kept few.
    painter.setPen(QColor(0, 0, 0))
    for size, items in sorted(by_size.items()):
        font = QFont("Noto Sans")
        font.setPixelSize(size)
        painter.setFont(font)
        for left, bottom, text in items:
            baseline = QPointF(target.x() + left * sx, target.y() + (height_pt - bottom) * sy)
            painter.drawText(baseline, text)


def text_runs(textpage: Any) -> list[tuple[float, float, float, float, str]]:
    """The page's text as runs of characters on one line: (left, bottom, right, top, text)."""
    runs: list[tuple[float, float, float, float, str]] = []
    n = textpage.count_chars()
    current: list[Any] | None = None
    for i in range(n):
        ch = textpage.get_text_range(i, 1)
        if ch in ("\r", "\n"):
            current = None
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)  # the line's box
        if current is not None and abs(bottom - current[1]) < 2 and left >= current[2] - 1:
            current[2] = max(current[2], right)
            current[3] = max(current[3], top)
            current[4] += ch
            continue
        current = [left, bottom, right, top, ch]
        runs.append(current)  # type: ignore[arg-type]
    return [(r[0], r[1], r[2], r[3], r[4]) for r in runs]  # type: ignore[index]


def fit(page_w: int, page_h: int, img_w: int, img_h: int) -> QRectF:
    """The largest rectangle of the image's aspect ratio inside the page, at its top left."""
    scale = min(page_w / img_w, page_h / img_h)
    return QRectF(0, 0, img_w * scale, img_h * scale)


def send_pdf(pdf: Path, forms_url: str, choice: PrintChoice | None = None) -> int:
    """Print `pdf` on the forms printer of `forms_url` (`pdf://NAME`); pages sent (0: none set).

    With `choice` (from the print dialog) its printer wins over the configured one.
    """
    name = choice.printer if choice is not None else forms_printer_name(forms_url)
    if name is None:
        return 0  # sim:// or nothing configured: the file is kept, the clerk can open it
    if not QPrinterInfo.availablePrinterNames() and shell_can_print():
        # Qt sees no printer at all: its print plugin may be missing from this build
        shell_print(pdf, name)
        return 1
    return print_pdf(pdf, make_printer(find_printer(name), choice), choice)


def shell_can_print() -> bool:
    return sys.platform == "win32" or bool(_which("lp"))


def _which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


def shell_print(pdf: Path, name: str) -> None:
    """The old way: the PDF app's "print" verb on Windows, `lp` elsewhere."""
    log.warning("Qt lists no printer: printing %s through the shell", pdf.name)
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            os.startfile(str(pdf), "print")  # type: ignore[attr-defined]
            return
        cmd = ["lp"] + (["-d", name] if name else []) + [str(pdf)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise A4PrintError(
            f"no printer is installed on this computer ({exc})",
            "Máy tính chưa cài máy in nào.",
        ) from exc
